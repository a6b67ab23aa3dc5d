-- Transaction blocks and savepoints.

create table acct (id int primary key, balance int not null check (balance >= 0));
insert into acct values (1, 100), (2, 50);

begin;
update acct set balance = balance - 30 where id = 1;
update acct set balance = balance + 30 where id = 2;
commit;
select * from acct order by id;

begin;
delete from acct;
select count(*) from acct;
rollback;
select count(*) from acct;

-- An error aborts the block: 25P02 until ROLLBACK; COMMIT then rolls back.
begin;
update acct set balance = balance + 1 where id = 1;
update acct set balance = -1 where id = 2;
select * from acct;
commit;
select * from acct order by id;

-- Savepoints.
begin;
insert into acct values (3, 10);
savepoint s1;
insert into acct values (4, 20);
rollback to savepoint s1;
insert into acct values (5, 30);
savepoint s2;
insert into acct values (5, 99);
rollback to s2;
release savepoint s2;
commit;
select * from acct order by id;

begin;
savepoint a;
savepoint b;
insert into acct values (6, 1);
release a;
rollback to b;
rollback;
select count(*) from acct where id = 6;

-- Statements outside a block, and misuse.
commit;
rollback;
savepoint nope;
begin;
begin;
rollback to nosuch;
rollback;

begin isolation level repeatable read;
select count(*) from acct;
commit;
start transaction read only;
select count(*) from acct;
rollback;
