-- GROUP BY (expressions and ordinals), HAVING, and every listed aggregate
-- with DISTINCT, ORDER BY inside the call and FILTER.

create table sales (id int primary key, region text, rep text, product text, qty int, price numeric(8,2), ok bool, sold date);
insert into sales values
  (1, 'north', 'amy', 'apple', 10, 1.50, true, '2024-01-05'),
  (2, 'north', 'amy', 'pear', 5, 2.00, true, '2024-01-06'),
  (3, 'north', 'bob', 'apple', 7, 1.50, false, '2024-02-01'),
  (4, 'south', 'cat', 'plum', 3, 3.25, true, '2024-02-03'),
  (5, 'south', 'cat', 'apple', 12, 1.40, null, '2024-02-04'),
  (6, 'south', 'dan', 'pear', null, 2.10, true, '2024-03-10'),
  (7, 'east', 'eve', 'plum', 8, 3.00, false, '2024-03-11'),
  (8, null, 'fay', 'apple', 1, 1.55, true, '2024-03-12'),
  (9, 'east', 'eve', 'apple', 10, 1.50, true, '2024-03-15'),
  (10, 'north', 'bob', 'pear', 5, 2.00, null, '2024-04-01');

-- count in all its forms.
select count(*), count(qty), count(region), count(distinct region), count(distinct product) from sales;
select count(*) filter (where ok), count(*) filter (where not ok), count(*) filter (where ok is null) from sales;
select count(distinct (region, product)) from sales;
select count(1), count(null::int) from sales;

-- sum, avg, min, max over int, numeric, text, date.
select sum(qty), sum(price), sum(qty * price) from sales;
select avg(qty), avg(price), avg(qty::float8) from sales;
select min(qty), max(qty), min(price), max(price), min(product), max(product), min(sold), max(sold) from sales;
select sum(distinct qty), avg(distinct qty), count(distinct qty) from sales;
select pg_typeof(sum(qty)), pg_typeof(sum(qty::int8)), pg_typeof(sum(price)), pg_typeof(avg(qty)), pg_typeof(sum(qty::float4)) from sales;
select pg_typeof(count(*)), pg_typeof(min(qty)), pg_typeof(max(sold)) from sales;
select sum(qty) filter (where region = 'north'), avg(price) filter (where product = 'apple') from sales;
select min(qty) filter (where qty > 5), max(qty) filter (where qty < 10) from sales;
select sum(x) from (values (1::smallint), (2::smallint)) v(x);
select pg_typeof(sum(x)), pg_typeof(avg(x)) from (values (1::smallint)) v(x);
select sum(x), avg(x) from (values (1.5::float8), (2.5::float8)) v(x);
select avg(x) from (values (1), (2), (2)) v(x);
select sum(x) from (values (9223372036854775807::int8), (1::int8)) v(x);

-- bool_and, bool_or, every.
select bool_and(ok), bool_or(ok), every(ok) from sales;
select region, bool_and(ok), bool_or(ok) from sales group by region order by region nulls first;
select bool_and(qty > 0), bool_or(qty > 11) from sales;
select bool_and(b), bool_or(b) from (values (null::bool)) v(b);

-- string_agg and array_agg with DISTINCT and ORDER BY.
select string_agg(product, ',') from (select product from sales order by id) s;
select string_agg(product, ',' order by product, id) from sales;
select string_agg(distinct product, ',' order by product) from sales;
select string_agg(rep, '; ' order by id desc) filter (where region = 'north') from sales;
select region, string_agg(rep || ':' || qty, ' ' order by id) from sales group by region order by region;
select array_agg(id order by id) from sales;
select array_agg(distinct product order by product) from sales;
select array_agg(qty order by id) from sales;
select array_agg(qty order by qty nulls first, id) from sales;
select region, array_agg(id order by id desc) from sales group by region order by region nulls last;
select array_agg(product order by id) filter (where qty >= 10) from sales;
select array_agg(distinct region) from sales;
select string_agg(x, '') from (values ('a'), (null), ('b')) v(x);
select string_agg(x, '-' order by x desc) from (values ('a'), ('c'), ('b')) v(x);
select array_agg(x) from (values (1)) v(x) where false;
select string_agg(x::text, ',') from generate_series(1, 5) x;
select array_agg(x order by x desc) from generate_series(1, 5) x;

-- GROUP BY on columns, expressions and ordinals.
select region, count(*) from sales group by region order by region nulls first;
select region, product, sum(qty) from sales group by region, product order by region nulls last, product;
select product, sum(qty) from sales group by 1 order by 1;
select region, product, count(*) from sales group by 1, 2 order by 1, 2;
select extract(month from sold) as m, count(*) from sales group by 1 order by 1;
select date_trunc('month', sold)::date as m, sum(qty) from sales group by date_trunc('month', sold) order by m;
select qty > 5 as big, count(*) from sales group by qty > 5 order by 1 nulls first;
select upper(product) as p, count(*) from sales group by upper(product) order by p;
select coalesce(region, '?') as r, count(*) from sales group by coalesce(region, '?') order by r;
select length(rep), count(*) from sales group by length(rep) order by 1;
select region, count(*) from sales group by region, region order by 1;
select case when price < 2 then 'cheap' else 'dear' end as band, count(*), sum(qty) from sales group by 1 order by 1;
select rep, sum(qty) from sales group by rep order by sum(qty) desc nulls last, rep;
select product, max(price) - min(price) as spread from sales group by product order by product;

select region, sum(qty), sum(qty) filter (where ok) from sales group by region order by sum(qty) filter (where ok) nulls first, region;
select region, string_agg(rep, ',' order by rep), string_agg(rep, ',' order by rep desc) from sales group by region order by string_agg(rep, ',' order by rep desc), region;

-- HAVING.
select region, count(*) from sales group by region having count(*) > 2 order by region;
select product, sum(qty) from sales group by product having sum(qty) > 10 order by product;
select rep from sales group by rep having bool_and(ok) order by rep;
select rep, avg(price) from sales group by rep having avg(price) > 1.6 and count(*) >= 2 order by rep;
select region from sales group by region having max(qty) >= 10 order by 1;
select count(*) from sales having count(*) > 100;
select count(*) from sales having count(*) > 1;
select 1 as one having false;
select product from sales group by product having count(distinct region) > 1 order by 1;
select region, sum(qty) filter (where ok) as okq from sales group by region having sum(qty) filter (where ok) > 5 order by 1;

-- Aggregates without GROUP BY on empty input, and errors.
select count(*), sum(qty), avg(qty), min(qty), max(qty), bool_and(ok), string_agg(rep, ','), array_agg(id) from sales where false;
select region, count(*) from sales where false group by region;
select rep, count(*) from sales;
select sum(count(*)) from sales;
select count(*) from sales where count(*) > 1;
select region, qty from sales group by region;
select sum(rep) from sales;
select avg(product) from sales;
select count(distinct *) from sales;

-- Aggregates in subqueries and expressions.
select (select max(qty) from sales) - (select min(qty) from sales) as range;
select rep, qty from sales where qty = (select max(qty) from sales);
select round(sum(qty * price) / sum(qty), 4) as wavg from sales;
select region, round(100.0 * sum(qty) / (select sum(qty) from sales), 1) as pct from sales group by region order by region nulls last;
select count(*) from (select distinct region from sales) d;
select max(n) from (select count(*) as n from sales group by rep) t;
