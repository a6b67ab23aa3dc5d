-- Subqueries: scalar, IN, NOT IN with NULLs, EXISTS, ANY/ALL, correlated,
-- and in FROM.

create table p (id int primary key, name text, cat int, price int);
create table c (id int primary key, pid int, qty int);
create table nums (n int);
insert into p values (1, 'bolt', 1, 10), (2, 'nut', 1, 5), (3, 'gear', 2, 50), (4, 'belt', 2, 30), (5, 'lamp', 3, 80), (6, 'wire', null, 2);
insert into c values (100, 1, 4), (101, 1, 6), (102, 3, 1), (103, 5, 2), (104, 9, 1), (105, null, 3);
insert into nums values (1), (2), (null);

-- Scalar subqueries.
select (select max(price) from p);
select name, price, (select max(price) from p) - price as gap from p order by id;
select name, (select sum(qty) from c where c.pid = p.id) as sold from p order by id;
select name, (select count(*) from c where c.pid = p.id) as n from p order by id;
select (select name from p where id = 99);
select (select name from p);
select (select id, name from p where id = 1);
select name from p where price > (select avg(price) from p) order by name;
select name from p where price = (select min(price) from p where cat = p.cat) order by name;
select id, (select p2.name from p p2 where p2.price > p.price order by p2.price limit 1) as next_dearer from p order by id;
select (select 1) + (select 2);
select (values (42));
select (select * from (values (1, 'a')) v limit 1), (select count(*) from p), (select p.name from p where id = 1), (select 1 union select 2 order by 1 limit 1);
select coalesce((select qty from c where id = 999), -1);

-- IN and NOT IN, including NULL semantics.
select name from p where id in (select pid from c) order by name;
select name from p where id not in (select pid from c where pid is not null) order by name;
select name from p where id not in (select pid from c) order by name;
select name from p where id in (1, 3, null) order by name;
select name from p where id not in (1, 3, null) order by name;
select 1 in (select n from nums), 3 in (select n from nums), 3 not in (select n from nums), null::int in (select n from nums);
select 1 not in (select n from nums where n is not null), 3 not in (select n from nums where n is not null);
select 3 not in (select n from nums where false), null::int not in (select n from nums where false);
select name from p where cat in (select cat from p where price > 40) order by name;
select id, id in (select pid from c) as has_c from p order by id;
select id, id not in (select pid from c) as none from p order by id;
select name from p where id in (select pid from c where qty > 3) and cat not in (select 3) order by name;
select name from p where id = any (select pid from c) order by 1;
select n, n in (1, 2) as a, n not in (1, 2) as b from nums order by n nulls last;

-- EXISTS and NOT EXISTS.
select name from p where exists (select 1 from c where c.pid = p.id) order by name;
select name from p where not exists (select 1 from c where c.pid = p.id) order by name;
select exists (select 1 from p where price > 100), exists (select 1 from p);
select name from p where exists (select from c where c.pid = p.id and c.qty > 3) order by name;
select count(*) from c where not exists (select 1 from p where p.id = c.pid);
select name from p where exists (select * from c) and id < 3 order by name;
select name from p where exists (select null) order by id limit 2;

-- ANY, SOME and ALL.
select name from p where price > any (select price from p where cat = 2) order by name;
select name from p where price > all (select price from p where cat = 2) order by name;
select name from p where price < some (select price from p where cat = 1) order by name;
select name from p where price >= all (select price from p) order by name;
select name from p where price <> all (select price from p where cat = 1) order by name;
select 5 > all (select n from nums), 5 > any (select n from nums), 0 > all (select n from nums);
select 5 = all (select n from nums where false), 5 = any (select n from nums where false);
select 2 = any (array[1, 2, 3]), 2 = all (array[2, 2]), 4 < all (array[5, 6, null]), 7 < all (array[5, 6, null]);
select name from p where id = any (array[1, 4, 5]) order by name;
select name from p where name like any (array['b%', 'g%']) order by name;
select name from p where name not like all (array['b%', 'g%']) order by name;
select null::int = any (array[1, 2]), 1 = any (null::int[]), 1 = any ('{}'::int[]);

-- Correlated subqueries in every clause.
select name, price from p p1 where price > (select avg(price) from p p2 where p2.cat = p1.cat) order by name;
select cat, (select string_agg(name, ',' order by name) from p p2 where p2.cat = p1.cat) from p p1 group by cat order by cat nulls last;
select name from p order by (select count(*) from c where c.pid = p.id) desc, name;
select name, (select max(qty) from c where c.pid = p.id) as mx, (select min(qty) from c where c.pid = p.id) as mn from p order by mn nulls last, id;
select name, (select count(*) from c where c.pid = p.id) a, (select coalesce(sum(qty), 0) from c where c.pid = p.id) b from p order by b, id;
select name, (select sum(qty) from c where c.pid = p.id) a, (select count(*) from c where c.pid = p.id) b from p order by b desc, a desc nulls last, id;
select name, (select count(*) from c where c.pid = p.id) a, (select max(qty) from c where c.pid = p.id) b from p order by 3 nulls first, 1;
select name, (select 1) a, (select 2) b from p order by b, a, name limit 2;
select cat, (select count(*) from c where c.pid = p.cat) a, (select sum(qty) from c where c.pid = p.cat) b from p group by cat order by b nulls last, cat nulls last;
select id from p where (select count(*) from c where c.pid = p.id) >= 1 order by id;
select id, (select (select p.price * 2)) from p order by id;
select id from c where qty > (select price / 10 from p where p.id = c.pid) order by id;
select p.cat, count(*) from p where p.price > (select min(price) from p p2 where p2.cat = p.cat) group by p.cat order by 1;
select name from p where exists (select 1 from c where c.pid = p.id having sum(qty) > 5) order by 1;

-- Subqueries in FROM.
select * from (select cat, count(*) as n from p group by cat) s order by cat nulls first;
select s.cat, s.total from (select cat, sum(price) as total from p group by cat) s where s.total > 20 order by 1;
select avg(n) from (select count(*) as n from c group by pid) s;
select x.name, y.qty from (select * from p where cat = 1) x join (select * from c) y on y.pid = x.id order by y.id;
select * from (select * from (select id, name from p) a where id < 4) b order by id;
select count(*) from (select 1 from p, c) s;
select * from (values (1, 'x'), (2, 'y')) as v(a, b) where a > 1;
select * from (select 1) s;
select * from (select 1) as s(a);
select t.a from (select 1 as a, 2 as b) t;
select * from (select name, price from p order by price desc limit 2) s order by name;
select s.* from (select id * 2 as dbl from p) s where dbl > 6 order by 1;
select * from (select 1 a) s1, (select 2 b) s2;
select * from (select id from p) s where id not in (select pid from c where pid is not null) order by id;
