-- DEFERRABLE unique constraints: INITIALLY DEFERRED ones are checked when
-- the transaction commits, DEFERRABLE INITIALLY IMMEDIATE ones at the end
-- of each statement; plain ones row by row.
create table d1 (id int, tag text, unique (id) initially deferred);
begin;
insert into d1 values (1);
insert into d1 values (1);
select count(*) from d1;
commit;
select count(*) from d1;

-- A duplicate resolved before the commit is no violation.
begin;
insert into d1 values (2, 'x');
insert into d1 values (2, 'y');
update d1 set id = 3 where tag = 'x';
delete from d1 where id = 3;
commit;
select * from d1;

-- Outside a transaction block the statement's own commit checks it.
insert into d1 values (2);
insert into d1 values (4), (4);
insert into d1 values (5), (6);
select * from d1 order by id;

-- Swapping values, which a row-by-row check refuses.
create table d2 (id text primary key, n int not null, unique (n) deferrable initially deferred);
insert into d2 values ('a', 1), ('b', 2), ('c', 3);
update d2 set n = n + 1 where id = 'b';
update d2 set n = n + 1;
select * from d2 order by id;
begin;
update d2 set n = 10 where id = 'a';
update d2 set n = 2 where id = 'c';
update d2 set n = 4 where id = 'a';
commit;
select * from d2 order by id;

-- DEFERRABLE INITIALLY IMMEDIATE: checked at the end of each statement.
create table d3 (n int unique deferrable);
insert into d3 values (1), (2), (3);
update d3 set n = n + 1;
select * from d3 order by n;
update d3 set n = 2 where n = 4;
begin;
insert into d3 values (5);
insert into d3 values (5);
rollback;

-- Column constraint attributes.
create table d4 (a int unique deferrable initially deferred, b int unique initially deferred, c int unique not deferrable);
begin;
insert into d4 values (1, 1, 1);
insert into d4 values (2, 1, 2);
insert into d4 values (3, 3, 1);
rollback;
begin;
insert into d4 values (1, 1, 1);
insert into d4 values (1, 2, 2);
commit;
select count(*) from d4;

-- NULLs never conflict.
insert into d1 values (null), (null);
select count(*) from d1 where id is null;

-- The catalog shows the attributes.
select conname, condeferrable, condeferred from pg_constraint
where conrelid in ('d1'::regclass, 'd2'::regclass, 'd3'::regclass, 'd4'::regclass) and contype = 'u'
order by conname;
