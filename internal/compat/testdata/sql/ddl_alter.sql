-- Schema changes a project makes every week: ALTER TABLE, indexes,
-- views, temporary tables, TRUNCATE and comments.

create table t (id int primary key, name varchar(20), flag boolean default false, amount bigint);
insert into t (id, name) values (1, 'x');
insert into t values (2, 'y', true, 5);
select * from t order by id;

alter table t add column extra int default 7;
select id, extra from t order by id;
alter table t add column note text;
alter table t alter column note set default 'n/a';
insert into t (id, name) values (3, 'z');
select id, note from t order by id;
alter table t drop column extra;
alter table t rename column name to title;
alter table t rename to t2;
select id, title from t2 order by id;
select * from t;
alter table t2 add constraint amount_positive check (amount > 0);
insert into t2 (id, title, amount) values (4, 'w', -1);
alter table t2 alter column title set not null;
insert into t2 (id) values (5);
alter table t2 drop column nosuch;
alter table nosuch add column x int;

create index on t2 (title);
create unique index t2_amount on t2 (amount);
insert into t2 (id, title, amount) values (6, 'v', 5);
create index t2_amount on t2 (id);
drop index t2_amount;
insert into t2 (id, title, amount) values (6, 'v', 5);

create view tv as select id, title from t2 where id < 4;
select * from tv order by id;
create or replace view tv as select id from t2;
select * from tv order by id;
create view tv as select 1;
drop view tv;
select * from tv;

create temp table tmp (x int);
insert into tmp values (1), (2);
select sum(x) from tmp;

comment on table t2 is 'a table';
truncate t2;
select count(*) from t2;

create table typ (a smallint, b real, c double precision, d char(3), e bytea, f uuid, g text[], h numeric(5,1), i varchar);
insert into typ values (1, 1.5, 2.5, 'ab', '\xdead', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{a,b}', 12.34, 'v');
select * from typ;
insert into typ (a) values (70000);
insert into typ (h) values (123456);
insert into typ (f) values ('not-a-uuid');
