-- Named sessions on the same database: transaction isolation and
-- per-session settings.

create table acct (id int primary key, balance int not null);
insert into acct values (1, 100), (2, 50);

-- @session a
begin;
update acct set balance = balance - 30 where id = 1;
select balance from acct where id = 1;

-- @session b
-- b does not see a's uncommitted update.
select id, balance from acct order by id;
set datestyle = 'SQL, DMY';
select date '2024-03-01' as d;

-- @session a
update acct set balance = balance + 30 where id = 2;
commit;

-- @session b
select id, balance from acct order by id;
show datestyle;

-- @session main
-- main kept its own settings.
show datestyle;
select date '2024-03-01' as d;

-- A failed transaction block ignores commands until it ends.
begin;
select 1 / 0;
select 1;
rollback;

-- Savepoints.
begin;
insert into acct values (3, 0);
savepoint s;
insert into acct values (3, 1);
rollback to savepoint s;
insert into acct values (4, 0);
commit;
select id, balance from acct order by id;
