-- regprocedure input and output, and the server's start time.
SELECT 'abs(int)'::regprocedure, 'pg_catalog.abs(integer)'::regprocedure::oid;
SELECT 'numeric(numeric(10,2), int)'::regprocedure, 'now()'::regprocedure, 'length(text)'::regprocedure;
SELECT 'substr(text, integer, integer)'::regprocedure::oid = 'substr(text,int4,int4)'::regprocedure::oid;
SELECT 1397::regprocedure, 1397::regprocedure::text, 1397::regproc;
SELECT 'nosuch(int)'::regprocedure;
SELECT 'abs'::regprocedure;
SELECT 'abs(int'::regprocedure;
SELECT 'abs(nosuchtype)'::regprocedure;
SELECT 'abs(text)'::regprocedure;
SELECT pg_postmaster_start_time() <= now(), pg_conf_load_time() <= now();
SELECT pg_postmaster_start_time() > now() - interval '1 day';

-- What pg_dump asks of a server.
SELECT pg_is_in_recovery();
SELECT acldefault('r', 10), acldefault('n', 10), acldefault('T', 10), acldefault('c', 10), acldefault('d', 10);
SELECT typname[0], typname[1], typname[100] FROM pg_type WHERE oid = 1007;
SELECT typname FROM pg_type WHERE typname[0] = '_' AND typelem = 23;
SELECT 'abc'::name[2], 'abc'::name[3], 'abc'::name[-1], ('abc'::name)[63], ('abc'::name)[64];
SELECT * FROM pg_options_to_table(ARRAY['a=1', 'b=x=y', 'c']);
CREATE SEQUENCE dump_seq START 7;
SELECT last_value, is_called FROM dump_seq;
SELECT nextval('dump_seq');
SELECT last_value, is_called FROM dump_seq;
SELECT is_called, last_value FROM public.dump_seq;
