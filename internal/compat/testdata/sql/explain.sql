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
