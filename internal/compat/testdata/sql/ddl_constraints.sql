-- CREATE TABLE with constraints, and the errors that enforce them:
-- not-null (23502), unique (23505), foreign key (23503), check (23514).

create table customers (
  id int primary key,
  email text not null unique,
  name text not null,
  age int check (age >= 0 and age < 150),
  country text default 'NZ'
);

create table orders (
  id serial primary key,
  customer_id int not null references customers (id),
  total numeric(10,2) not null check (total > 0),
  status text not null default 'new',
  constraint status_valid check (status in ('new', 'paid', 'shipped'))
);

create table order_lines (
  order_id int references orders (id) on delete cascade,
  line int,
  sku text not null,
  qty int not null default 1,
  primary key (order_id, line)
);

insert into customers (id, email, name, age) values (1, 'ada@example.com', 'Ada', 36);
insert into customers values (2, 'bob@example.com', 'Bob', null, 'AU');
select * from customers order by id;

-- 23502 not_null_violation.
insert into customers (id, email) values (3, 'x@example.com');
insert into customers values (3, null, 'Nobody', 1, 'NZ');
update customers set name = null where id = 1;

-- 23505 unique_violation, on the primary key and a unique column.
insert into customers values (1, 'other@example.com', 'Dup', 1, 'NZ');
insert into customers values (3, 'ada@example.com', 'Dup', 1, 'NZ');
update customers set email = 'bob@example.com' where id = 1;

-- 23514 check_violation.
insert into customers values (4, 'old@example.com', 'Old', 200, 'NZ');
insert into customers values (4, 'neg@example.com', 'Neg', -1, 'NZ');
update customers set age = 999 where id = 2;

-- 23503 foreign_key_violation, on insert and on delete of the referenced row.
insert into orders (customer_id, total) values (1, 10.50);
insert into orders (customer_id, total) values (99, 1);
insert into orders (customer_id, total, status) values (2, 5, 'lost');
insert into orders (customer_id, total) values (2, 0);
delete from customers where id = 1;
update customers set id = 10 where id = 1;
select * from orders order by id;

-- ON DELETE CASCADE.
insert into order_lines values (1, 1, 'A-1', 2), (1, 2, 'B-7', default);
insert into order_lines values (1, 1, 'dup', 1);
select * from order_lines order by line;
delete from orders where id = 1;
select count(*) from order_lines;

-- Composite and table-level constraints.
create table pairs (a int, b int, c int, unique (a, b), constraint pairs_distinct check (a <> b));
insert into pairs values (1, 2, 0), (2, 1, 0), (1, null, 0), (1, null, 0);
insert into pairs values (1, 2, 9);
insert into pairs values (3, 3, 0);
select * from pairs order by a, b nulls last;

-- Defaults and identity columns.
create table notes (id int generated always as identity, body text default 'empty', n int default 42);
insert into notes default values;
insert into notes (body) values ('hi');
insert into notes (id, body) values (7, 'explicit');
select * from notes order by id;

-- Creating twice, and referencing what does not exist.
create table customers (id int);
create table if not exists customers (id int);
create table bad (x int references nosuch (id));
create table bad2 (x nosuchtype);
