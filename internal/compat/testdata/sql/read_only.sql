-- Writes in READ ONLY transactions fail before any row is computed, with
-- the command's name in the message; a refused INSERT draws no sequence
-- value.

create table ro (id serial primary key, v text default 'd');
insert into ro (v) values ('before');

start transaction read only;
insert into ro (v) values ('refused');
rollback;

begin;
set transaction read only;
update ro set v = 'x';
rollback;

begin read only;
delete from ro;
rollback;

begin read only;
insert into ro (v) select v from ro;
rollback;

begin read only;
select id, v from ro order by id;
commit;

insert into ro (v) values ('after');
select id, v from ro order by id;
