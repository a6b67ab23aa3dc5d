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
