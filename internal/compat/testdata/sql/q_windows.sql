-- Window functions: ranking, offsets, first/last value, ntile, and
-- aggregates over windows with PARTITION BY, ORDER BY, ROWS and RANGE frames.

create table w (id int primary key, g text, v int, d date);
insert into w values
  (1, 'x', 10, '2024-01-01'), (2, 'x', 20, '2024-01-02'), (3, 'x', 20, '2024-01-04'),
  (4, 'y', 5, '2024-01-01'), (5, 'y', null, '2024-01-03'), (6, 'y', 15, '2024-01-07'),
  (7, 'z', 30, '2024-01-02'), (8, 'x', 40, '2024-01-09');

select id, row_number() over (order by id) from w order by id;
select id, g, row_number() over (partition by g order by v desc nulls last, id) from w order by id;
select id, v, rank() over (order by v), dense_rank() over (order by v) from w order by id;
select id, v, rank() over (partition by g order by v), dense_rank() over (partition by g order by v) from w order by id;
select id, v, percent_rank() over (order by v), cume_dist() over (order by v) from w order by id;
select id, ntile(2) over (order by id), ntile(3) over (order by id), ntile(10) over (order by id) from w order by id;
select id, g, ntile(2) over (partition by g order by id) from w order by id;
select id, v, lag(v) over (order by id), lead(v) over (order by id) from w order by id;
select id, lag(v, 2) over (order by id), lead(v, 2) over (order by id) from w order by id;
select id, lag(v, 1, -1) over (order by id), lead(v, 1, -1) over (order by id) from w order by id;
select id, g, lag(id) over (partition by g order by id), lead(id) over (partition by g order by id) from w order by id;
select id, lag(v, 0) over (order by id) from w order by id;
select id, first_value(v) over (order by id), last_value(v) over (order by id) from w order by id;
select id, g, first_value(id) over (partition by g order by v desc nulls last), last_value(id) over (partition by g order by id rows between unbounded preceding and unbounded following) from w order by id;
select id, nth_value(v, 2) over (order by id rows between unbounded preceding and unbounded following) from w order by id;
select id, nth_value(v, 3) over (order by id) from w order by id;

-- Aggregates over windows.
select id, sum(v) over () from w order by id;
select id, g, sum(v) over (partition by g) from w order by id;
select id, sum(v) over (order by id) from w order by id;
select id, v, sum(v) over (order by v) from w order by id;
select id, count(*) over (order by v), count(v) over (order by v) from w order by id;
select id, avg(v) over (partition by g), min(v) over (partition by g), max(v) over (partition by g) from w order by id;
select id, g, string_agg(id::text, ',') over (partition by g order by id) from w order by id;
select id, array_agg(id) over (order by id rows between 1 preceding and 1 following) from w order by id;
select id, bool_and(v > 10) over (order by id) from w order by id;
select id, count(*) filter (where v > 15) over (order by id) from w order by id;

-- ROWS frames.
select id, sum(v) over (order by id rows between unbounded preceding and current row) from w order by id;
select id, sum(v) over (order by id rows between 1 preceding and 1 following) from w order by id;
select id, sum(v) over (order by id rows between current row and unbounded following) from w order by id;
select id, sum(v) over (order by id rows 2 preceding) from w order by id;
select id, sum(v) over (order by id rows between 2 following and 3 following) from w order by id;
select id, avg(v) over (order by id rows between 1 preceding and current row) from w order by id;
select id, max(v) over (partition by g order by id rows between unbounded preceding and 1 preceding) from w order by id;
select id, count(*) over (order by id rows between 3 preceding and 1 preceding) from w order by id;
select id, first_value(id) over (order by id rows between 2 preceding and current row) from w order by id;
select id, last_value(id) over (order by id rows between current row and 2 following) from w order by id;

-- RANGE frames.
select id, v, sum(v) over (order by v range between unbounded preceding and current row) from w order by id;
select id, v, sum(v) over (order by v range between current row and unbounded following) from w order by id;
select id, v, sum(v) over (order by v range unbounded preceding) from w order by id;
select id, v, count(*) over (order by v range between 5 preceding and 5 following) from w order by id;
select id, v, sum(v) over (order by v range between 10 preceding and current row) from w order by id;
select id, d, count(*) over (order by d range between interval '1 day' preceding and current row) from w order by id;
select id, v, last_value(id) over (order by v range between current row and current row) from w order by id;
select id, sum(v) over (order by v desc range between unbounded preceding and current row) from w order by id;

-- Named windows, several windows, windows over groups.
select id, sum(v) over w1, count(*) over w1 from w window w1 as (partition by g order by id) order by id;
select id, rank() over w1, sum(v) over (w1 rows between unbounded preceding and current row) from w window w1 as (order by v) order by id;
select g, sum(v), rank() over (order by sum(v) desc nulls last) from w group by g order by g;
select g, count(*), sum(count(*)) over () from w group by g order by g;
select g, avg(v)::numeric(10,2), row_number() over (order by g desc) from w group by g order by g;
select * from (select id, g, row_number() over (partition by g order by v desc nulls last) rn from w) s where rn = 1 order by g;
select id, v - lag(v) over (order by id) as delta from w order by id;
select id, 100 * v / sum(v) over (partition by g) as pct from w order by id;
select distinct g, count(*) over (partition by g) from w order by g;
select id from w order by row_number() over (order by v desc nulls last, id);
select id, row_number() over () > 0 from w order by id;

-- Errors.
select id from w where row_number() over (order by id) > 1;
select id, ntile(0) over (order by id) from w;
select id, lag(v, -1) over (order by id) from w order by id;
select id, sum(v) over (order by id rows between -1 preceding and current row) from w;
select id, sum(v) over nosuch from w;
select id, sum(v) over (order by g range between 1 preceding and current row) from w;
select g, sum(row_number() over (order by id)) from w group by g;
