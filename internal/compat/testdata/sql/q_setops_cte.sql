-- WITH and WITH RECURSIVE, UNION / INTERSECT / EXCEPT with and without ALL,
-- and VALUES as a table.

create table l (x int, s text);
create table r (x int, s text);
insert into l values (1, 'a'), (2, 'b'), (2, 'b'), (3, 'c'), (null, 'n');
insert into r values (2, 'b'), (3, 'z'), (4, 'd'), (null, 'n'), (null, 'n');

select x from l union select x from r order by x nulls first;
select x from l union all select x from r order by x nulls first;
select x, s from l union select x, s from r order by 1, 2;
select x, s from l union all select x, s from r order by 1, 2;
select x from l intersect select x from r order by x;
select x from l intersect all select x from r order by x;
select x, s from l intersect select x, s from r order by 1;
select x, s from l intersect all select x, s from r order by 1;
select x from l except select x from r order by x;
select x from l except all select x from r order by x;
select x, s from l except select x, s from r order by 1;
select x, s from r except all select x, s from l order by 1, 2;
select x from l union select x from r intersect select x from l order by 1;
select x from l except select x from r union select 10 order by 1;
(select x from l order by x limit 2) union all (select x from r order by x desc limit 1) order by 1;
select count(*) from (select x from l union select x from r) u;
select 1 union select 2 union select 1 order by 1;
select 1 union all select 1 union all select 1;
select 1 as a union select 2 order by a desc;
select 1::int union select 2.5 order by 1;
select pg_typeof(u) from (select 1 union select 2::int8) as s(u) limit 1;
select 'a' union select 'b' order by 1;
select null union select 1 order by 1;
select 1, 2 union select 3;
select 1 union select 'x';
select '1' union select 2 union select null order by 1;
select 'a' union select 'b' union select 1;
select 1, null union select null, 'a' order by 1 nulls last;
select x, pg_typeof(x) from (select 'a' as x union all select null) s order by x nulls first;
select * from (values (1, null)) v union select 2, 3;
select null except select null;
select 1.5 union select 2 union select '3' order by 1;
select x from l union select s from r;
select x from l union select x from r order by s;
select * from (select 1 as k, 'one' as v union all select 2, 'two') u order by k;
select x from l union all select x from r limit 3;
select x, count(*) from (select x from l union all select x from r) u group by x order by x nulls last;

-- VALUES as a table.
values (1, 'one'), (2, 'two'), (3, 'three');
values (1), (2) order by 1 desc;
values (1, null), (null, 'x');
select * from (values (1, 'one'), (2, 'two')) v order by column1;
select * from (values (1, 'one'), (2, 'two')) as v(n, w) where n = 2;
select column1 + column2 from (values (1, 2), (3, 4)) v order by 1;
select pg_typeof(column1) from (values (1), (2.5)) v limit 1;
select pg_typeof(column1) from (values ('a'), ('b')) v limit 1;
values (1, 2), (3);
values (1), ('x');
select * from (values (1), (2)) v(a) join (values (2), (3)) w(a) using (a);
values (1) union all values (2) order by 1;
select v.* from (values (true, 1.5, 'x'::text, date '2024-01-01')) v;
values (1) limit 1;

-- WITH.
with t as (select 1 as a) select a from t;
with t(a, b) as (values (1, 2), (3, 4)) select b, a from t order by a;
with a as (select 1 as v), b as (select v + 1 as v from a) select * from a, b;
with t as (select x from l where x is not null) select sum(x) from t;
with t as (select x from l) select count(*) from t t1, t t2;
with t as materialized (select x from l) select count(*) from t;
with t as not materialized (select x from l) select count(*) from t where x > 1;
with t as (select 1) select * from t, t;
with t as (select 1 a) select * from t t1 join t t2 using (a);
with cnt as (select s, count(*) as n from l group by s) select s from cnt where n > 1;
select * from (with t as (select 5 as z) select z from t) s;
select (with t as (select 7) select * from t);
with t as (select 1 as a), t as (select 2 as a) select * from t;
with t as (select * from nosuch) select 1;

-- WITH RECURSIVE.
with recursive t(n) as (select 1 union all select n + 1 from t where n < 10) select sum(n), count(*) from t;
with recursive t(n) as (values (1) union all select n * 2 from t where n < 100) select n from t order by n;
with recursive fib(a, b) as (select 0::int8, 1::int8 union all select b, a + b from fib where b < 1000) select a from fib order by a;
with recursive t(n) as (select 1 union select n from t) select * from t;
with recursive t(n) as (select 1 union select (n + 1) % 5 from t) select n from t order by n;
create table tree (id int primary key, parent int, label text);
insert into tree values (1, null, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 2, 'a2'), (6, 4, 'a1x'), (7, 3, 'b1');
with recursive sub(id, label, depth) as (
  select id, label, 0 from tree where parent is null
  union all
  select t.id, t.label, s.depth + 1 from tree t join sub s on t.parent = s.id
) select id, label, depth from sub order by id;
with recursive path(id, p) as (
  select id, label from tree where id = 1
  union all
  select t.id, path.p || '/' || t.label from tree t join path on t.parent = path.id
) select p from path order by p;
with recursive up(id, parent) as (
  select id, parent from tree where id = 6
  union all
  select t.id, t.parent from tree t join up on t.id = up.parent
) select id from up order by id;
with recursive cnt(id, n) as (
  select id, 1 from tree where parent is null
  union all
  select t.id, n + 1 from tree t, cnt where t.parent = cnt.id
) select max(n) from cnt;
with recursive t(n, s) as (select 1, 'x'::text union all select n + 1, s || 'x' from t where n < 5) select n, s from t order by n;
with recursive t(n) as (select 1 union all select n + 1 from t where n < 3), u as (select n * 10 as m from t) select m from u order by m;
with recursive t(d) as (select date '2024-01-30' union all select (d + 1)::date from t where d < '2024-02-02') select d from t order by d;
with recursive t(n) as (select 1 union all select n + 1 from t) select n from t limit 5;
