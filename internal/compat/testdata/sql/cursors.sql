-- SQL cursors: DECLARE, FETCH in every direction, MOVE, CLOSE, WITH HOLD.

create table c (id int primary key, v text);
insert into c select g, 'v' || g from generate_series(1, 10) g;

-- Outside a transaction block only WITH HOLD cursors may be declared.
declare nope cursor for select * from c;

begin;
declare c1 scroll cursor for select id, v from c order by id;
fetch c1;
fetch next from c1;
fetch 3 from c1;
fetch prior from c1;
fetch backward 2 from c1;
fetch first from c1;
fetch last from c1;
fetch next from c1;
fetch prior from c1;
fetch absolute 4 from c1;
fetch absolute -2 from c1;
fetch relative 2 from c1;
fetch relative -3 from c1;
fetch relative 0 from c1;
fetch forward 0 from c1;
fetch all from c1;
fetch backward all from c1;
move forward 3 in c1;
fetch c1;
move last in c1;
move backward all in c1;
fetch forward 2 in c1;
move absolute 0 in c1;
fetch next in c1;
close c1;
commit;

begin;
declare d cursor for select 1;
declare d cursor for select 2;
rollback;
begin;
fetch d;
rollback;
close d;

-- Cursors over joins, aggregates and parameters of the simple protocol.
-- @protocol simple
begin;
declare j cursor for select c.id, x.n from c join (select id % 3 as k, count(*) as n from c group by 1) x on x.k = c.id order by c.id;
fetch 2 from j;
fetch all from j;
fetch j;
commit;
-- Without SCROLL, a plan that cannot run backward makes a forward-only
-- cursor.
begin;
declare k cursor for select count(*) from c;
fetch 1 from k;
move backward 1 in k;
rollback;
begin;
declare k scroll cursor for select count(*) from c;
move forward all in k;
fetch backward 1 from k;
commit;
-- @protocol extended

begin;
declare c2 no scroll cursor for select id from c order by id;
fetch 2 from c2;
fetch prior from c2;
rollback;

begin;
declare c3 cursor for select id from c where id > 8 order by id;
declare c4 cursor for select v from c where id < 3 order by id;
fetch all in c3;
fetch all in c4;
close all;
fetch c3;
commit;

-- WITH HOLD cursors outlive their transaction.
begin;
declare h cursor with hold for select id from c where id <= 4 order by id;
fetch h;
commit;
fetch h;
fetch all h;
close h;
declare h2 cursor with hold for select count(*) from c;
fetch h2;
close h2;

-- Cursors end with their transaction.
begin;
declare t1 cursor for select 1;
commit;
fetch t1;

-- pg_cursors lists the session's cursors.
begin;
declare pc1 scroll cursor with hold for select 1;
declare pc2 no scroll cursor for select id from c;
select name, statement, is_holdable, is_binary, is_scrollable, creation_time <= now() from pg_cursors order by name;
commit;
select name, is_holdable from pg_cursors;
close pc1;
select count(*) from pg_cursors;

-- ROLLBACK TO SAVEPOINT closes the cursors declared after the savepoint;
-- an older cursor keeps its position.
begin;
declare s1 scroll cursor for select id from c order by id;
fetch s1;
savepoint sp;
declare s2 cursor for select 1;
fetch s1;
rollback to savepoint sp;
fetch s2;
rollback to savepoint sp;
fetch s1;
savepoint sp2;
declare s3 cursor for select 2;
release savepoint sp2;
fetch s3;
commit;

-- A cursor reads its query as FETCH needs it, in later statements, with
-- the snapshot of its DECLARE: rows other sessions change afterwards do
-- not show.
create table big (id int primary key, a int);
insert into big select g, g from generate_series(1, 20000) g;
begin;
declare bc cursor for select id, a from big;
fetch 1 from bc;
-- @session other
insert into big values (30000, 0);
delete from big where id = 19999;
update big set a = -1 where id = 19998;
-- @session main
move 19996 in bc;
fetch all from bc;
commit;
-- A WITH HOLD cursor declared outside a block reads its rows at the
-- implicit commit.
declare hb cursor with hold for select id from big;
move 19990 in hb;
fetch all from hb;
close hb;

-- A BINARY cursor sends its rows in binary to the simple protocol.
-- @protocol simple
begin;
declare bin binary cursor for select 1::int4 as i, 'ab'::text as t, 258::int8 as b, null::int4 as n;
select name, is_binary from pg_cursors where name = 'bin';
fetch bin;
move absolute 0 in bin;
fetch 1 from bin;
close bin;
commit;
-- @protocol extended
