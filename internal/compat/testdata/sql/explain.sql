-- EXPLAIN (COSTS OFF) on queries where tusk and PostgreSQL choose the
-- same plan shape: the node names, indentation and the deparsed
-- conditions must match PostgreSQL's output line for line.

create table t (id int primary key, a int, b text);
create table u (id int primary key, t_id int, c text);
insert into t select g, g % 10, 'x' || g from generate_series(1, 100) g;
insert into u select g, g % 50, 'y' || g from generate_series(1, 200) g;

explain (costs off) select * from t;
explain (costs off) select a from t where a > 5;
explain (costs off) select * from t where a = 3 and b = 'x3';
explain (costs off) select * from t where id = 7;
explain (costs off) select * from t order by a limit 5;
explain (costs off) select * from t order by a desc, b;
explain (costs off) select count(*) from t;
explain (costs off) select a, count(*) from t group by a;
explain (costs off) select a, sum(id) from t where b <> 'x' group by a;
explain (costs off) select 1;
explain (costs off) select * from t where b is null;
explain (costs off) select * from t where a in (1, 2, 3);
explain (costs off) select * from generate_series(1, 10);
explain (costs off) select * from (values (1, 'a'), (2, 'b')) v(x, y);
explain (costs off) insert into t values (1000, 1, 'z');
explain (costs off) delete from t where a = 1;
explain (costs off) update t set b = 'w' where a = 2;
explain (costs off) select lower(b) from t where a < 3 or a > 8;
explain (costs off) select * from t limit 10 offset 5;
-- Subplans, set operations, recursive CTEs, DML targets, JSON.
explain (costs off) select * from t where not (a = 1);
explain (costs off) select (select count(*) from u), a from t;
explain (costs off) select * from u where t_id not in (select id from t);
explain (costs off) select * from u where t_id in (select a from t where a > 0) or id = 1;
explain (costs off) select upper(b), a + 1 as x from t order by x;
explain (costs off) select a, count(*) from t group by a order by 2 desc;
explain (costs off) select *, (select count(*) from u where u.t_id = t.id) from t;
explain (costs off) select * from t cross join lateral (select * from u where u.t_id = t.id limit 1) s;
explain (costs off) select a from t intersect select t_id from u;
explain (costs off) select a from t except all select t_id from u;
explain (costs off) with recursive r(n) as (select 1 union all select n + 1 from r where n < 5) select * from r;
explain (costs off) insert into t select id + 1000, a, b from t;
explain (costs off) update t set a = a + 1 where id = 5;
explain (costs off) delete from t where a = 3;
explain (costs off) select * from t where true;
explain (costs off) select a, b from t where a <> 2 order by b desc nulls last, a nulls first;
explain (costs off) select count(*) filter (where a > 1), max(b) from t;
explain (costs off) select * from t where b like 'x%' and a >= 2;
explain (costs off) select a % 3, sum(id) from t group by a % 3;
explain (costs off) select * from t where a = 1 union all select * from t where a = 2;
explain (costs off, format json) select count(*) from t where a = 1;
explain (costs off, format json) select * from u join t on u.t_id = t.id order by u.id;
-- VERBOSE: schema-qualified relations and Output lines.
explain (costs off, verbose) select a, b from t where a > 5;
explain (costs off, verbose) select * from t where id = 3;
explain (costs off, verbose) select a, count(*) from t group by a order by a;
explain (costs off, verbose) select 1, 'x';
explain (costs off, verbose) select a + 1 from t t1 order by 1 limit 2;
-- FORMAT YAML.
explain (costs off, format yaml) select * from t where a = 1;
explain (costs off, format yaml) select a, count(*) from t group by a order by a;
explain (costs off, format yaml) select * from u join t on u.t_id = t.id;
explain (format yaml, costs off, verbose) select b from t where id = 3;
explain (format yaml, analyze, costs off, timing off, summary off) select * from t;
-- FORMAT XML.
explain (costs off, format xml) select * from t where a < 1;
explain (costs off, format xml) select a, count(*) from t group by a order by a;
explain (costs off, format xml) select * from u join t on u.t_id = t.id;
explain (format xml, costs off, verbose) select b from t where id = 3;
explain (format xml, analyze, costs off, timing off, summary off) select * from t;
explain (format xml, costs off) select 1;
explain select * from nosuch;
explain (nosuch) select 1;
explain (timing) select 1;
-- EXPLAIN does not run the statement.
explain (costs off) delete from t;
select count(*) from t;
explain (costs off) select * from u join t on u.t_id = t.id;
explain (costs off) select t.b, u.c from u, t where u.t_id = t.id and t.a = 1;
explain (costs off) select * from u left join t on u.t_id = t.id;
explain (costs off) select * from t, u where t.a < u.t_id;
explain (costs off) select distinct a from t;
explain (costs off) select a from t union select t_id from u;
explain (costs off) select a from t union all select t_id from u;
explain (costs off) with w as materialized (select * from t where a = 1) select * from w;
explain (costs off) select id, row_number() over (partition by a order by id) from t;
explain (costs off) select * from t for update;
explain (costs off) select coalesce(b, 'none'), case when a > 5 then 'hi' else 'lo' end from t;
prepare q(int) as select * from t where a = $1;
explain (costs off) execute q(4);
