-- Everyday queries: joins, aggregates, window functions, CTEs, set
-- operations and subqueries over a small schema.

create table dept (id int primary key, name text not null, budget numeric(10,2));
create table emp (
  id int primary key,
  name text not null,
  dept_id int references dept (id),
  manager_id int references emp (id),
  salary numeric(10,2),
  hired int
);

insert into dept values (1, 'engineering', 500000), (2, 'sales', 200000), (3, 'support', null), (4, 'legal', 50000);
insert into emp values
  (1, 'alice', 1, null, 180000, 2015),
  (2, 'bob', 1, 1, 120000, 2018),
  (3, 'carol', 1, 1, 125000, 2019),
  (4, 'dave', 2, null, 90000, 2016),
  (5, 'erin', 2, 4, 70000, 2020),
  (6, 'frank', 3, null, 60000, 2021),
  (7, 'grace', null, null, 95000, 2017),
  (8, 'heidi', 2, 4, 70000, 2022);

-- Joins.
select e.name, d.name as dept from emp e join dept d on d.id = e.dept_id order by e.id;
select e.name, d.name as dept from emp e left join dept d on d.id = e.dept_id order by e.id;
select e.name, d.name as dept from emp e right join dept d on d.id = e.dept_id order by d.id, e.id;
select e.name, d.name as dept from emp e full join dept d on d.id = e.dept_id order by d.id nulls first, e.id;
select e.name, m.name as manager from emp e left join emp m on m.id = e.manager_id order by e.id;
select d.name, e.name from dept d cross join emp e where e.id < 3 order by 1, 2;
select name from emp join (select id as dept_id from dept where budget > 100000) big using (dept_id) order by name;
select count(*) from emp e, dept d where e.dept_id = d.id and d.budget is not null;

-- Aggregates.
select count(*), count(dept_id), count(distinct dept_id), sum(salary), min(salary), max(salary) from emp;
select dept_id, count(*), sum(salary), round(avg(salary), 2) as avg from emp group by dept_id order by dept_id nulls last;
select d.name, count(e.id) as n from dept d left join emp e on e.dept_id = d.id group by d.name having count(e.id) > 0 order by n desc, d.name;
select dept_id, string_agg(name, ',' order by name) from emp group by dept_id order by dept_id;
select bool_and(salary > 50000), bool_or(salary > 150000) from emp;
select hired / 5 * 5 as period, count(*) from emp group by 1 order by 1;
select sum(salary) filter (where hired >= 2019) as recent, sum(salary) filter (where hired < 2019) as older from emp;
select count(*) from emp where dept_id = 99;
select sum(salary), avg(salary), max(name) from emp where dept_id = 99;

-- Window functions.
select name, dept_id, salary, row_number() over (partition by dept_id order by salary desc, id) from emp order by dept_id, salary desc, id;
select name, salary, rank() over (order by salary desc), dense_rank() over (order by salary desc) from emp order by salary desc, name;
select name, dept_id, sum(salary) over (partition by dept_id) as dept_total from emp order by id;
select name, hired, sum(salary) over (order by hired rows between unbounded preceding and current row) as running from emp order by hired;
select name, hired, lag(name) over (order by hired), lead(name, 1, '-') over (order by hired) from emp order by hired;
select name, first_value(name) over w, last_value(name) over w from emp window w as (partition by dept_id order by id rows between unbounded preceding and unbounded following) order by id;
select name, ntile(3) over (order by id) from emp order by id;
select dept_id, count(*) over () as total, count(*) over (partition by dept_id) as in_dept from emp order by id;

-- Common table expressions.
with big as (select * from emp where salary >= 100000) select name from big order by name;
with d as (select dept_id, avg(salary) as a from emp group by dept_id)
select e.name from emp e join d on d.dept_id = e.dept_id where e.salary > d.a order by e.name;
with recursive chain(id, name, depth) as (
  select id, name, 0 from emp where manager_id is null and dept_id = 1
  union all
  select e.id, e.name, c.depth + 1 from emp e join chain c on e.manager_id = c.id
)
select name, depth from chain order by depth, name;
with recursive n(i) as (select 1 union all select i + 1 from n where i < 10) select sum(i), count(*) from n;

-- Set operations.
select dept_id from emp union select id from dept order by 1;
select dept_id from emp union all select id from dept order by 1 nulls first;
select id from dept intersect select dept_id from emp order by 1;
select id from dept except select dept_id from emp order by 1;
select name from emp where id < 3 union select name from dept where id < 3 order by name;

-- Subqueries.
select name from emp where salary > (select avg(salary) from emp) order by name;
select name from dept d where exists (select 1 from emp e where e.dept_id = d.id) order by name;
select name from dept d where not exists (select 1 from emp e where e.dept_id = d.id) order by name;
select name from emp where dept_id in (select id from dept where budget >= 200000) order by name;
select name from emp where dept_id not in (select id from dept where budget < 100000) order by name;
select e.name, (select d.name from dept d where d.id = e.dept_id) as dept from emp e order by e.id;
select name, salary from emp e where salary = (select max(salary) from emp x where x.dept_id = e.dept_id) order by name;
select d.name, t.top from dept d, lateral (select max(salary) as top from emp e where e.dept_id = d.id) t order by d.id;
select name from emp where salary > all (select salary from emp where dept_id = 2) order by name;
select name from emp where salary = any (select salary from emp where dept_id = 2) order by name;
select * from (select name, salary * 2 as double from emp) s where double > 200000 order by name;

-- Ordering, limits, expressions.
select name, salary from emp order by salary desc, name limit 3;
select name from emp order by id limit 2 offset 3;
select name from emp order by id fetch first 2 rows only;
select distinct dept_id from emp order by dept_id nulls first;
select name, case when salary >= 100000 then 'high' when salary >= 70000 then 'mid' else 'low' end as band from emp order by id;
select coalesce(dept_id, 0), nullif(hired, 2015), greatest(hired, 2018), least(hired, 2018) from emp order by id;
select upper(name), length(name), substr(name, 2, 3), name || '@example.com', position('a' in name) from emp order by id;
select name from emp where name like '%a%' and name not like 'a%' order by name;
select name from emp where name ilike 'H%' or name similar to 'b_b';
select name, salary::int, salary::text, cast(hired as text) from emp where id = 1;
select id between 2 and 4, id in (1, 3, 5), dept_id is null, dept_id is distinct from 1 from emp order by id;
select 10 / 3, 10 % 3, 10.0 / 4, -7 / 2, 2 ^ 3, abs(-5), round(2.567, 2), trunc(2.567, 1), ceil(1.2), floor(-1.2);
select replace('hello world', 'o', '0'), split_part('a,b,c', ',', 2), trim('  x  '), lpad('7', 3, '0'), reverse('abc');
select count(*) from generate_series(1, 100) g where g % 7 = 0;
select * from (values (1, 'one'), (2, 'two'), (3, null)) v(n, word) order by n;

-- Errors.
select nosuch from emp;
select * from nosuch;
select name from emp where salary > 'abc';
select 1 / 0;
select (select id from emp);
