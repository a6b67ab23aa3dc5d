-- Temporary tables: each session's own, in its temporary schema, searched
-- first; ON COMMIT actions; transactional creation; two sessions with a
-- temporary table of the same name. (The number in pg_temp_N differs
-- between servers, so no statement prints it.)

create table t (a int);
insert into t values (1);
select pg_my_temp_schema() = 0;

-- A temporary table shadows the permanent one of the same name.
create temp table t (a int);
select * from t;
insert into t values (2), (3);
select * from t order by a;
select * from public.t;
select * from pg_temp.t order by a;
select relpersistence, count(*) from pg_class where relname = 't' group by 1 order by 1;
select pg_my_temp_schema() <> 0, pg_is_other_temp_schema(pg_my_temp_schema());
-- The temporary schema is searched first, and listed by current_schemas
-- among the implicit schemas.
select array_length(current_schemas(true), 1), (current_schemas(true))[1] like 'pg_temp_%',
 current_schemas(false), current_schema();
set search_path = pg_temp, public;
select (current_schemas(true))[1], (current_schemas(true))[2] like 'pg_temp_%',
 (current_schemas(false))[1] like 'pg_temp_%', current_schema() like 'pg_temp_%';
select * from t order by a;
reset search_path;
select n.nspname like 'pg_temp_%' from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relname = 't' and c.relpersistence = 't';
select pg_table_is_visible(c.oid), c.relpersistence from pg_class c where c.relname = 't' order by 2;
select 't'::regclass::oid = (select oid from pg_class where relname = 't' and relpersistence = 't');
create temp table t (b int);
create temp table if not exists t (b int);
drop table t;
select * from t;
drop table pg_temp.t;

-- Qualified by pg_temp, CREATE TABLE makes a temporary table.
create table pg_temp.q (a int);
select relpersistence from pg_class where relname = 'q';
select * from pg_temp.nosuch;

-- Indexes, constraints and serial columns.
create temporary table items (id serial primary key, code text unique not null, qty int check (qty > 0));
insert into items (code, qty) values ('a', 1), ('b', 2);
insert into items (code, qty) values ('a', 5);
insert into items (code, qty) values ('c', 0);
insert into items (code, qty) values (null, 1);
select * from items order by id;
select * from items where code = 'b';
update items set qty = qty + 10 where id = 1;
delete from items where code = 'b';
select * from items order by id;
select relname, relkind, relpersistence from pg_class where relname like 'items%' order by 1;
select pg_get_serial_sequence('items', 'id') like '%items_id_seq';
select column_default from information_schema.columns where table_name = 'items' and column_name = 'id';
create index on items (qty);
select indexname from pg_indexes where tablename = 'items' order by 1;
create temp table lines (item int references items (id), n int);
insert into lines values (1, 1);
insert into lines values (99, 1);
create table perm_lines (item int references items (id));
create table perm (id int primary key);
create temp table temp_ref (p int references perm (id));
truncate items cascade;
select count(*) from items;
select count(*) from lines;

-- Temporary sequences and views; a view of a temporary table is temporary.
create temp sequence ts;
select nextval('ts'), nextval('ts');
create temp view tv as select 1 as one;
select * from tv;
select relname, relpersistence from pg_class where relname in ('ts', 'tv') order by 1;
create view items_view as select id, code from items;
select * from items_view;
create temp table public.nope (a int);
create temp view public.nope as select 1;
create table perm2 (a int) on commit delete rows;

-- CREATE TEMP TABLE AS and SELECT INTO TEMP.
create temp table ctas as select g as n from generate_series(1, 3) g;
select * from ctas order by n;
select n * 2 as m into temp table sel_into from ctas;
select * from sel_into order by m;

-- ON COMMIT DELETE ROWS and ON COMMIT DROP.
create temp table del_rows (a int) on commit delete rows;
insert into del_rows values (1);
select count(*) from del_rows;
begin;
insert into del_rows values (1), (2);
select count(*) from del_rows;
commit;
select count(*) from del_rows;
begin;
create temp table dropped (a int primary key) on commit drop;
insert into dropped values (1);
select * from dropped;
commit;
select * from dropped;
create temp table ctas_del on commit delete rows as select 1 as x;
select count(*) from ctas_del;
create temp table preserved (a int) on commit preserve rows;
insert into preserved values (1);
select count(*) from preserved;

-- Creation is transactional.
begin;
create temp table rolled_back (a int);
insert into rolled_back values (1);
rollback;
select * from rolled_back;
begin;
create temp table kept (a int);
savepoint s;
create temp table undone (a int);
rollback to savepoint s;
insert into kept values (1);
commit;
select * from kept;
select * from undone;

-- Another session has a temporary schema of its own: it sees the
-- permanent table, and can make a temporary table of the same name.
-- @session other
select * from t order by a;
select * from kept;
create temp table kept (b text);
insert into kept values ('other');
select * from kept;
select count(*) from pg_class where relname = 'kept' and relpersistence = 't';
select pg_my_temp_schema() <> 0;
-- @session main
select * from kept;
drop table kept;
-- @session other
select * from kept;

-- DISCARD TEMP drops the session's temporary tables, transactionally;
-- DISCARD ALL does too.
-- @session main
create temp table d1 (a int);
insert into d1 values (1);
begin;
discard temp;
select * from d1;
rollback;
select * from d1;
discard temp;
select * from d1;
select * from t order by a;
create temp table d1 (a int);
discard all;
select * from d1;
