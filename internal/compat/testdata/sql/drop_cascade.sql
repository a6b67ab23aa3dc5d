-- DROP with dependents: RESTRICT errors (2BP01), CASCADE drops them.

create table parent (id int primary key);
create table child (id int primary key, parent_id int references parent (id));
insert into parent values (1);
insert into child values (10, 1);

drop table parent;
drop table parent cascade;
insert into child values (11, 99);
select * from child order by id;

create view v as select id from child;
drop table child;
drop table child cascade;
select * from v;

create schema app;
create table app.t (x int);
create sequence app.s;
insert into app.t values (1);
select * from app.t;
drop schema app;
drop schema app cascade;
create table app.t2 (x int);

drop table if exists nosuch;
drop table nosuch;
drop table if exists nosuch cascade;

create table a (id int primary key);
create table b (a_id int references a (id));
create table c (a_id int references a (id));
drop table a;
select count(*) from c;
drop table c;
