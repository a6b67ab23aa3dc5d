-- Joins of every kind over a small shop schema: inner, outer, cross,
-- NATURAL, USING, LATERAL, self joins and joins on expressions.

create table customers (id int primary key, name text not null, city text);
create table orders (id int primary key, customer_id int, amount numeric(8,2), placed date);
create table items (order_id int, line int, sku text, qty int, primary key (order_id, line));
create table cities (city text primary key, country text);

insert into customers values (1, 'ann', 'paris'), (2, 'ben', 'berlin'), (3, 'cho', null), (4, 'dev', 'rome'), (5, 'eva', 'paris');
insert into orders values
  (10, 1, 25.50, '2024-01-03'), (11, 1, 100.00, '2024-02-11'), (12, 2, 7.25, '2024-02-12'),
  (13, 4, 300.00, '2024-03-01'), (14, null, 12.00, '2024-03-05'), (15, 9, 1.00, '2024-03-09');
insert into items values (10, 1, 'pen', 3), (10, 2, 'ink', 1), (11, 1, 'desk', 1), (12, 1, 'pen', 10), (13, 1, 'lamp', 2), (13, 2, 'pen', 1), (16, 1, 'ghost', 1);
insert into cities values ('paris', 'fr'), ('berlin', 'de'), ('madrid', 'es');

-- Inner joins.
select c.name, o.id, o.amount from customers c join orders o on o.customer_id = c.id order by o.id;
select c.name, o.id from customers c inner join orders o on o.customer_id = c.id and o.amount > 20 order by o.id;
select c.name, count(*) from customers c join orders o on o.customer_id = c.id group by c.name order by c.name;
select o.id, i.sku, i.qty from orders o join items i on i.order_id = o.id where i.qty > 1 order by o.id, i.line;
select c.name, i.sku from customers c join orders o on o.customer_id = c.id join items i on i.order_id = o.id order by c.name, i.sku;
select c.name, o.id from customers c, orders o where o.customer_id = c.id and c.city = 'paris' order by o.id;
select a.name, b.name from customers a join customers b on a.city = b.city and a.id < b.id order by 1, 2;
select c.name from customers c join orders o on o.customer_id = c.id join cities ci on ci.city = c.city where ci.country = 'fr' group by c.name order by 1;

-- Outer joins.
select c.name, o.id from customers c left join orders o on o.customer_id = c.id order by c.id, o.id;
select c.name, o.id from customers c left outer join orders o on o.customer_id = c.id where o.id is null order by c.id;
select c.name, o.id from customers c right join orders o on o.customer_id = c.id order by o.id;
select c.name, o.id from customers c right outer join orders o on o.customer_id = c.id where c.id is null order by o.id;
select c.name, o.id from customers c full join orders o on o.customer_id = c.id order by c.id nulls last, o.id nulls last;
select c.name, o.id from customers c full outer join orders o on o.customer_id = c.id where c.id is null or o.id is null order by c.id nulls first, o.id;
select o.id, i.sku from orders o full join items i on i.order_id = o.id order by o.id nulls last, i.sku;
select c.name, ci.country from customers c left join cities ci on ci.city = c.city order by c.id;
select ci.city, c.name from customers c right join cities ci on ci.city = c.city order by ci.city, c.name;
select c.name, o.id, i.sku from customers c left join orders o on o.customer_id = c.id left join items i on i.order_id = o.id order by c.id, o.id, i.line;
select c.name, coalesce(sum(o.amount), 0) as total from customers c left join orders o on o.customer_id = c.id group by c.id, c.name order by c.id;
select c.name, count(o.id) from customers c left join orders o on o.customer_id = c.id and o.amount > 50 group by c.name order by c.name;
select c.name, o.id from customers c left join orders o on o.customer_id = c.id and c.city = 'paris' order by c.id, o.id;
select count(*) from customers c full join cities ci on ci.city = c.city;

-- Cross joins.
select c.name, ci.city from customers c cross join cities ci where c.id <= 2 order by 1, 2;
select count(*) from customers cross join cities;
select x, y from (values (1), (2)) a(x) cross join (values ('a'), ('b')) b(y) order by x, y;
select count(*) from customers, orders, cities;

-- NATURAL and USING.
create table a1 (k int, v text);
create table a2 (k int, w text);
insert into a1 values (1, 'one'), (2, 'two'), (3, 'three');
insert into a2 values (2, 'deux'), (3, 'trois'), (4, 'quatre');
select * from a1 natural join a2 order by k;
select * from a1 natural left join a2 order by k;
select * from a1 natural right join a2 order by k;
select * from a1 natural full join a2 order by k;
select * from a1 join a2 using (k) order by k;
select k, v, w from a1 left join a2 using (k) order by k;
select * from a1 full join a2 using (k) order by k;
select a1.k, a2.k from a1 full join a2 using (k) order by 1 nulls last, 2;
select c.name, ci.country from customers c join cities ci using (city) order by c.name;
select city, count(*) from customers join cities using (city) group by city order by city;
select * from a1 join a2 using (k) where k > 2;

-- LATERAL.
select c.name, last.id, last.amount from customers c,
  lateral (select o.id, o.amount from orders o where o.customer_id = c.id order by o.placed desc limit 1) last
  order by c.name;
select c.name, last.id from customers c left join lateral
  (select o.id from orders o where o.customer_id = c.id order by o.id desc limit 1) last on true
  order by c.id;
select c.id, s.n from customers c cross join lateral generate_series(1, c.id) as s(n) where c.id <= 3 order by 1, 2;
select o.id, t.total from orders o, lateral (select sum(qty) as total from items i where i.order_id = o.id) t order by o.id;
select x, y, x * y as p from generate_series(1, 3) x, lateral (select x + 10 as y) l order by x;
select c.name, u.tag from customers c, lateral unnest(array[c.name, c.city]) as u(tag) where c.id < 3 order by c.name, u.tag;
select c.name, top.sku from customers c join lateral (
  select i.sku from orders o join items i on i.order_id = o.id where o.customer_id = c.id order by i.qty desc, i.sku limit 1
) top on true order by c.name;

-- Joins on expressions and mixed forms.
select o.id, c.name from orders o join customers c on c.id = o.customer_id % 4 order by o.id;
select o1.id, o2.id from orders o1 join orders o2 on o2.amount > o1.amount * 10 order by 1, 2;
select c.name, o.id from customers c join orders o on o.customer_id = c.id or o.customer_id is null order by o.id, c.name;
select * from (select 1 as a) x join (select 1 as a) y on x.a = y.a;
select * from customers c join orders o on false;
select count(*) from customers c left join orders o on false;
select c.* from customers c join orders o on o.customer_id = c.id where o.id = 13;
select o.*, c.name from orders o join customers c on c.id = o.customer_id order by o.id;
select t1.n, t2.n from generate_series(1, 4) t1(n) join generate_series(3, 6) t2(n) on t1.n = t2.n order by 1;
select t1.n, t2.n from generate_series(1, 4) t1(n) left join generate_series(3, 6) t2(n) on t1.n = t2.n order by 1;
select * from customers c join orders o on o.customer_id = c.id join items i on i.order_id = o.id where i.sku = 'pen' order by o.id, i.line;
select c.name from customers c where exists (select from orders o join items i on i.order_id = o.id where o.customer_id = c.id and i.sku = 'pen') order by 1;
select name, city from customers c join cities using (city) join (select 'paris'::text as city) p using (city) order by name;
select * from a1 join a2 on a1.k = a2.k join a1 a3 on a3.k = a2.k order by a1.k;
select nosuch from customers join orders on true;
select id from customers join orders on orders.customer_id = customers.id;
select * from a1 natural join a1 x order by k;
