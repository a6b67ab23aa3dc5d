-- A void result converts to the string types through its output function
-- (an I/O conversion cast), as pgx's tests of a statement killed during
-- pg_sleep cast it: pg_sleep(0)::varchar.
select pg_sleep(0)::varchar as v;
select pg_sleep(0)::text as t, pg_sleep(0)::varchar(3) as vc, pg_sleep(0)::bpchar as c, pg_sleep(0)::name as n;
select 1::int4, pg_sleep(0)::varchar;
select length(pg_sleep(0)::text);
select pg_sleep(0)::text is null;
-- Not to other types; || takes it as anynonarray, an insert by assignment.
select pg_sleep(0) || 'x';
select pg_sleep(0)::int;
select pg_sleep(0)::json;
create table vt (s text);
insert into vt values (pg_sleep(0));
select s, s = '' from vt;
