-- Prepared statements, session settings and a few everyday functions.

create table g (id int, v int);
insert into g values (1, 1), (1, 2), (2, 3);

prepare p(int) as select v from g where id = $1 order by v;
execute p(1);
execute p(2);
deallocate p;
execute p(1);

set search_path = public;
show search_path;
set statement_timeout = '5s';
show statement_timeout;
reset statement_timeout;
show statement_timeout;
set nosuch = 1;

select distinct on (id) id, v from g order by id, v desc;
select id, array_agg(v order by v) from g group by id order by id;
select * from g where (id, v) in ((1, 1), (2, 3)) order by v;
select id from g group by id having sum(v) > 2;
select count(*) filter (where v > 1) from g;
select * from g for update;

select array[1, 2, 3], 1 = any(array[1, 2]);
select md5('a'), format('%s-%s', 1, 'a'), concat('a', null, 'b'), concat_ws(',', 'a', 'b');
select string_to_array('a,b', ','), unnest(array[1, 2]);
select regexp_replace('abc', 'b', 'x'), 'abc' ~ 'b', 'abc' !~ 'z';
select pg_typeof(1), pg_typeof('a'::text), pg_typeof(1.5);
select null::int is null, 'a' < 'b', 'a' || 1, 1 || 'a';
select x from generate_series(1, 3) x order by x desc;
select case when true then 1 else 'a' end;
select 2147483647 + 1;
select 9223372036854775807::bigint + 1;
select 'abc'::varchar(2);
select '12'::int + 1, 'x'::int;
