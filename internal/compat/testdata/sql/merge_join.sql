-- Joins whose inputs both come ordered on the join keys (tables read in
-- primary key order), which the planner may run as a merge join
-- (planner/README.md): inner, left, right and full joins on one or two
-- keys, keys that repeat on both sides, NULL keys, and conditions beyond
-- the keys. Results must not depend on the join method chosen.

create table small (id int primary key, s text);
create table big (id int primary key, b text, grp int);
create table pair1 (k1 int, k2 int, v text, primary key (k1, k2));
create table pair2 (k1 int, k2 int, w text, primary key (k1, k2));
create table dup1 (id int primary key, k int, x text);
create table dup2 (id int primary key, k int, y text);
create index dup1_k on dup1 (k);
create index dup2_k on dup2 (k);
insert into small select g * 3, 's' || g from generate_series(1, 12) g;
insert into big select g, 'b' || g, g % 5 from generate_series(1, 120) g;
insert into pair1 select g % 4, g, 'v' || g from generate_series(1, 30) g;
insert into pair2 select g % 3, g, 'w' || g from generate_series(1, 30) g;
insert into dup1 select g, case when g % 6 = 0 then null else g % 4 end, 'x' || g from generate_series(1, 9) g;
insert into dup2 select g, case when g % 9 = 0 then null else g % 6 end, 'y' || g from generate_series(1, 150) g;
analyze small;
analyze big;
analyze pair1;
analyze pair2;
analyze dup1;
analyze dup2;

-- One key, both sides unique.
select s, b from small join big on small.id = big.id order by small.id;
select small.id, s, b from small left join big on small.id = big.id;
select small.id, big.id, s, b from small left join big on small.id = big.id and big.grp <> 3;
select big.id, s from small right join big on small.id = big.id where big.id < 20;
select small.id, big.id from small full join big on small.id = big.id where coalesce(small.id, big.id) % 7 = 0;
select count(*), count(small.id), count(big.id) from small full join big on small.id = big.id;
select small.id, b from small left join big on big.id = small.id where s like 's1%';
-- Extra conditions between the sides, and on one side.
select small.id, b from small left join big on small.id = big.id and big.grp + length(s) > 4;
select small.id, b from small join big on small.id = big.id and big.grp = 0;
select small.id, big.id from small full join big on small.id = big.id and big.id > 20 where big.id < 30 or big.id is null;
-- Two keys.
select v, w from pair1 join pair2 on pair1.k1 = pair2.k1 and pair1.k2 = pair2.k2;
select pair1.k1, pair1.k2, v, w from pair1 left join pair2 on pair1.k2 = pair2.k2 and pair1.k1 = pair2.k1;
select pair2.k1, pair2.k2, v, w from pair1 full join pair2 on pair1.k1 = pair2.k1 and pair1.k2 = pair2.k2;
select count(*) from pair1 right join pair2 on pair1.k1 = pair2.k1 and pair1.k2 = pair2.k2 and v < w;
-- Keys that repeat on both sides, and NULL keys that match nothing.
select x, y from dup1 join dup2 on dup1.k = dup2.k;
select x, y from dup1 left join dup2 on dup1.k = dup2.k;
select x, y from dup1 right join dup2 on dup1.k = dup2.k;
select x, y from dup1 full join dup2 on dup1.k = dup2.k;
select x, y from dup1 full join dup2 on dup1.k = dup2.k and dup1.id < dup2.id;
select dup1.k, count(*) from dup1 join dup2 on dup1.k = dup2.k group by dup1.k order by 1;
select x, y from dup1 join dup2 on dup1.id = dup2.id and dup1.k = dup2.k;
-- Both sides read in index order.
select x, y from dup1 left join dup2 on dup1.k = dup2.k and dup2.k >= 1 where dup1.k >= 1;
select x, y from dup1 left join dup2 on dup1.k = dup2.k and dup2.k between 2 and 4 and dup2.id % 7 <> 0 where dup1.k >= 1;
select dup1.k, count(dup2.id), min(y) from dup1 full join dup2 on dup1.k = dup2.k and dup2.k >= 2 where dup1.k >= 0 group by dup1.k order by 1;
select count(*), count(dup1.id), count(dup2.id) from (select * from dup1 where k >= 1) dup1 full join (select * from dup2 where k >= 3) dup2 on dup1.k = dup2.k;
select x, y from dup1 full join dup2 on dup1.id = dup2.id and dup1.k is not distinct from dup2.k;
-- Empty inputs.
select s, b from small join big on small.id = big.id where big.id > 1000;
select s, b from small left join big on small.id = big.id and big.id > 1000;
select s, b from small right join big on small.id = big.id where big.id > 1000;

-- Plans: where PostgreSQL hashes, so does tusk. (A merge join's plan
-- reads tables in primary key order by sequential scans where PostgreSQL
-- would use index scans, so its text cannot match; explain_test.go and
-- merge_join_test.go check it.)
explain (costs off) select v, w from pair1 left join pair2 on pair1.k1 = pair2.k1 and pair1.k2 = pair2.k2;
explain (costs off) select x, y from dup2 full join dup1 on dup2.k = dup1.k;
