-- System information functions and the known-bug regressions: sessions'
select current_database() is not null, current_schema(), current_schema, current_user, session_user, user, current_role;
-- identity, pg_typeof over literals, constant folding, escapes.

select version() like 'PostgreSQL 15%';
select current_setting('server_version_num')::int / 100, current_setting('DateStyle'), current_setting('nosuch', true);
select current_setting('nosuch');
select set_config('application_name', 'corpus', false), current_setting('application_name');
select pg_typeof(1), pg_typeof(1.5), pg_typeof('a'), pg_typeof('a'::text), pg_typeof(null), pg_typeof(true), pg_typeof(1e10), pg_typeof(3000000000);
select current_schemas(false), current_schemas(true);
select pg_typeof(array[1]), pg_typeof('{}'::text[]), pg_typeof(row(1, 2)), pg_typeof(now()), pg_typeof(interval '1 day'), pg_typeof('x'::varchar(3));
select pg_typeof(pg_typeof(1)), pg_typeof(1)::text, pg_typeof('a'::varchar(2)), pg_typeof('a'::char(2)), pg_typeof(array['a'::char(1)]), pg_typeof(1::int2 + 1::int2), pg_typeof(uuid 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
select pg_typeof(x) from (values (1::int8)) v(x);
select format_type('int4'::regtype, null), format_type('numeric'::regtype, 655366), format_type('varchar'::regtype, 14);
select has_table_privilege('pg_class', 'select'), pg_backend_pid() > 0;
select coalesce(nullif(current_user, ''), 'x') = current_user;

-- Constant folding and regressions.
select 1 / 0 * null::int;
select null::int * (1 / 0);
select 0 * (null::int / 0);
select e'\q', e'\\q';
select e'a\tb', e'a\nb', e'\\', e'\'', e'\x41', e'\101', e'\u00e9', e'\v', e'\f', e'\b', e'\r';
select length(e'\v'), ascii(e'\v'), ascii(e'\f'), ascii(e'\b'), e'\\v', e'x\vy' || e'\v', 'plain\v';
select * from nosuch.t;
insert into nosuch.t values (1);
update nosuch.t set x = 1;
delete from nosuch.t;
select 'it''s', $$dollar 'quoted'$$, $tag$a$b$tag$, U&'\0041', 'a' 'b';
select 'a'
  'b';
select * from pg_catalog.nosuch;
select nosuch.t.x from t;
select * from public.nosuch;
select nosuchfunc(1);
select length(1, 2, 3);
select 1 +;
selec 1;
