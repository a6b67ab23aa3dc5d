-- ORDER BY with ASC/DESC and NULLS FIRST/LAST, LIMIT, OFFSET, FETCH FIRST,
-- DISTINCT and DISTINCT ON.

create table t (id int primary key, grp text, val int, name text, score float8);
insert into t values
  (1, 'a', 5, 'delta', 1.5), (2, 'b', null, 'alpha', 2.5), (3, 'a', 3, 'charlie', null),
  (4, 'c', 5, 'bravo', 0.5), (5, 'b', 1, 'echo', 2.5), (6, null, 9, 'foxtrot', -1),
  (7, 'c', null, 'golf', 3), (8, 'a', 7, 'hotel', 1.5), (9, 'b', 3, 'india', null), (10, 'c', 2, 'juliet', 0);

select id, val from t order by val, id;
select id, val from t order by val desc, id;
select id, val from t order by val asc nulls first, id;
select id, val from t order by val desc nulls last, id;
select id, val from t order by val nulls first, id desc;
select id, grp from t order by grp desc nulls first, id;
select id, score from t order by score desc nulls last, id;
select id, score from t order by score, id desc;
select id from t order by grp, val desc, id;
select id, name from t order by name desc;
select id, name from t order by length(name), name;
select id, val from t order by val * -1 nulls last, id;
select id, val from t order by 2 desc nulls last, 1;
select id as k, val from t order by k desc;
select id, val from t order by coalesce(val, 0) desc, id;
select id from t order by case when grp = 'b' then 0 else 1 end, id;
select name from t order by id % 3, id;
select grp, count(*) from t group by grp order by count(*) desc, grp nulls last;
select id, val from t order by val using <, id;
select id, val from t order by val using >, id;

-- LIMIT, OFFSET, FETCH FIRST.
select id from t order by id limit 3;
select id from t order by id limit 3 offset 2;
select id from t order by id offset 8;
select id from t order by id offset 20;
select id from t order by id limit 0;
select id from t order by id limit null;
select id from t order by id limit all;
select id from t order by id desc fetch first 2 rows only;
select id from t order by id fetch first row only;
select id from t order by id offset 3 rows fetch next 2 rows only;
select id from t order by id offset 1 row fetch first 1 row only;
select id, val from t order by val nulls last fetch first 2 rows with ties;
select id, val from t order by val desc nulls last fetch first 1 rows with ties;
select id, val from t order by val desc nulls last fetch first 2 rows with ties;
select * from (select id, grp from t order by grp nulls last offset 3 rows fetch next 2 rows with ties) s order by id;
select * from (select id, score from t order by score nulls first fetch first 1 row with ties) s order by id;
select grp, count(*) from t group by grp order by count(*) desc fetch first 1 row with ties;
select id, val from t order by val fetch first 0 rows with ties;
select id from t fetch first 2 rows with ties;
select id, val from (select id, val from t order by val desc nulls last fetch first 3 rows with ties) s order by id;
select id from t order by id limit 2 + 1;
select id from t order by id limit -1;
select id from t order by id offset -1;
select count(*) from (select id from t limit 4) s;
select id from t order by val, id limit 1 offset 0;

-- DISTINCT.
select distinct grp from t order by grp nulls first;
select distinct grp, val > 3 as big from t order by 1, 2;
select distinct val from t order by val desc nulls first;
select count(*) from (select distinct val from t) d;
select distinct score from t order by score;
select distinct on (grp) grp, id, val from t order by grp, val desc nulls last, id;
select distinct on (grp) grp, name from t order by grp nulls first, name;
select distinct on (grp) id, grp from t order by grp, id desc;
select distinct on (val > 3) val, id from t order by val > 3, id;
select distinct on (grp, val is null) grp, val is null as nv, id from t order by grp, val is null, id;
select distinct on (grp) grp, id from t order by id;
select distinct 1 from t;
select distinct * from (values (1, 'a'), (1, 'a'), (2, 'b')) v(x, y) order by x;
select distinct name from t order by val;

-- ORDER BY over set operations and subqueries.
select id from t where grp = 'a' union select id from t where val > 4 order by id;
select name from (select name from t order by name limit 3) s order by name desc;
select * from (select id, val from t order by val desc nulls last limit 4) s order by id;
select id, val from t order by (select max(val) from t) - val nulls first, id;
select grp, max(val) from t group by grp order by max(val) desc nulls last, grp;
select id from t order by nosuch;
select id from t order by 5;
select distinct id from t order by name;
