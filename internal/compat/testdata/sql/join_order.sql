-- Joins of many tables whatever the order the query lists them in: the
-- planner orders joins by cost (joinorder.go), so a FROM list whose
-- neighbours share no condition builds no cartesian product. Results
-- must not depend on the order chosen. ANALYZE's statistics show in
-- pg_stats and pg_class.

create table t1 (a1 int primary key, b1 int, x1 text);
create table t2 (a2 int primary key, b2 int, x2 text);
create table t3 (a3 int primary key, b3 int, x3 text);
create table t4 (a4 int primary key, b4 int, x4 text);
create table t5 (a5 int primary key, b5 int, x5 text);
create table t6 (a6 int primary key, b6 int, x6 text);
create table t7 (a7 int primary key, b7 int, x7 text);
create table t8 (a8 int primary key, b8 int, x8 text);
insert into t1 select g, (g * 7) % 40 + 1, 't1-' || g from generate_series(1, 40) g;
insert into t2 select g, (g * 11) % 40 + 1, 't2-' || g from generate_series(1, 40) g;
insert into t3 select g, (g * 13) % 40 + 1, 't3-' || g from generate_series(1, 40) g;
insert into t4 select g, (g * 17) % 40 + 1, 't4-' || g from generate_series(1, 40) g;
insert into t5 select g, (g * 19) % 40 + 1, 't5-' || g from generate_series(1, 40) g;
insert into t6 select g, (g * 23) % 40 + 1, 't6-' || g from generate_series(1, 40) g;
insert into t7 select g, (g * 29) % 40 + 1, 't7-' || g from generate_series(1, 40) g;
insert into t8 select g, (g * 31) % 40 + 1, 't8-' || g from generate_series(1, 40) g;

-- Neighbours in the FROM list share no condition.
select x1, x4, x6, x3 from t1, t4, t6, t3 where a3 = b1 and b6 = a4 and a1 = b4 and a6 < 10;
select count(*) from t1, t5, t2, t6, t3 where a1 = b2 and a2 = b3 and a5 = b6 and a6 = b1;
select x8, x1, x5 from t8, t1, t2, t5, t7, t3 where a8 = b1 and a1 = b7 and a7 = b2 and a2 = b5 and a5 = b3 and a3 = 7;
select count(*), sum(a1), max(x8) from t1, t2, t3, t4, t5, t6, t7, t8
  where b1 = a8 and b8 = a7 and b7 = a6 and b6 = a5 and b5 = a4 and b4 = a3 and b3 = a2 and b2 < 30;
select x2, x7 from t7, t4, t2, t6, t1, t8, t3, t5
  where a2 = b7 and a4 = b2 and a6 = b4 and a1 = b6 and a8 = b1 and a3 = b8 and a5 = b3 and a7 in (1, 2, 3, 4, 5);
-- Conditions that read three tables, and OR between tables.
select count(*) from t1, t2, t3 where a1 = b2 and a2 = b3 and a1 + a3 > 30;
select count(*) from t1, t2, t3 where a1 = b2 and (a2 = b3 or a3 = 1);
-- Explicit inner joins mix with the FROM list; outer joins stay put.
select x1, x2, x3 from t1 join t2 on a1 = b2, t3 where a2 = b3 and a1 < 8;
select x1, x2, x3 from t3, t1 left join t2 on a1 = b2 and a2 < 20 where a3 = b1 and a3 < 12;
select x1, x2, x3, x4 from t4 join (t1 left join t2 on a1 = b2) on a4 = b1 join t3 on a3 = b4 where a4 between 5 and 15;
select count(*) from t1 full join t2 on a1 = b2, t3 where coalesce(a1, a2) = a3;
-- A table joined with itself, and cartesian products where nothing
-- joins.
select count(*) from t1 p, t1 q, t1 r where p.b1 = q.a1 and q.b1 = r.a1 and r.b1 = p.a1;
select count(*) from t1, t2, t3 where a1 < 3 and a2 < 4 and a3 < 5;
select count(*) from t1, t2 where a1 < 3 and b2 = 5;
-- Subqueries, VALUES and functions as join items.
select count(*) from t1, (select b2, count(*) c from t2 group by b2) s, t3 where a1 = s.b2 and a3 = b1;
select count(*) from t1, generate_series(1, 40) g, (values (1), (2), (3)) v(n) where a1 = g and b1 % 3 = n - 1;
select x1, x2 from t1, t2 where a1 = b2 and a2 in (select a3 from t3 where b3 < 10);

-- Statistics.
analyze t1;
analyze t2 (b2);
analyze;
vacuum analyze t3;
select relname, reltuples from pg_class where relname in ('t1', 't2', 't3') order by relname;
select tablename, attname, null_frac, n_distinct from pg_stats where tablename = 't1' order by attname;
create table skew (k int, v text, n int);
insert into skew select case when g <= 60 then 1 when g <= 80 then 2 else g end, 'v' || (g % 4), case when g % 5 = 0 then null else g end
  from generate_series(1, 100) g;
analyze skew;
select attname, null_frac, avg_width, n_distinct, most_common_vals::text, most_common_freqs
  from pg_stats where tablename = 'skew' order by attname;
select staattnum, stanullfrac, stawidth, stadistinct, stakind1, staop1, stacoll1, stanumbers1, stavalues1::text,
    stakind2, staop2, stavalues2::text, stakind3, stanumbers3, stakind4
  from pg_statistic where starelid = 'skew'::regclass order by staattnum;
begin;
create table rolled (x int);
insert into rolled values (1), (2);
analyze rolled;
select count(*) from pg_stats where tablename = 'rolled';
rollback;
analyze nosuch;
analyze skew (nosuch);

-- Plans of analyzed tables where the order and methods chosen match
-- PostgreSQL's: the small filtered side is hashed, a lookup of one row
-- probes the other table's primary key per row (an index nested loop).
create table s (id int primary key, a int, b text, c int);
insert into s select g, g % 10, 'x' || (g % 3), case when g % 4 = 0 then null else g end from generate_series(1, 1000) g;
create table big (id int primary key, s_id int, v text);
insert into big select g, g % 1000 + 1, 'v' from generate_series(1, 20000) g;
analyze s;
analyze big;
select relname, reltuples from pg_class where relname in ('s', 'big') order by relname;
select attname, null_frac, n_distinct, most_common_vals::text from pg_stats where tablename = 's' order by attname;
explain (costs off) select * from s, big where s.id = big.s_id and s.a = 3;
explain (costs off) select * from big, s where s.id = big.s_id and big.id = 5;
explain (costs off) select count(*) from s s1, big, s s2 where s1.id = big.s_id and s2.id = s1.c and s2.a = 1;
select count(*), sum(big.id) from s, big where s.id = big.s_id and s.a = 3;
select * from big, s where s.id = big.s_id and big.id = 5;
select * from s, big where s.id = big.s_id and big.id < 5;
select count(*) from s s1, big, s s2 where s1.id = big.s_id and s2.id = s1.c and s2.a = 1;
