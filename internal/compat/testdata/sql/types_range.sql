-- Range and multirange types: literals and their canonical forms, quoting,
-- constructors, accessors, operators, ordering, columns, indexes and
-- arrays of ranges, multiranges, CREATE TYPE ... AS RANGE, and the errors
-- PostgreSQL gives for bad bounds and malformed literals.

select '[1,5)'::int4range, '(1,5]'::int4range, '[1,5]'::int8range, '(1,5)'::int8range;
select 'empty'::int4range, ' EMPTY '::int4range, '(,)'::int4range, '[,5]'::int4range, '(3,)'::int4range;
select '[3,3)'::int4range, '[3,3]'::int4range, '(3,4)'::int4range, '(3,3]'::numrange;
select '[1.5,2.50)'::numrange, '(,)'::numrange, '[-1e3, 1e3]'::numrange;
select '["2020-01-01","2020-02-01"]'::daterange, '(2020-01-01,2020-01-02)'::daterange, '[2020-01-01,infinity)'::daterange;
select '[2020-01-01 10:00, 2020-01-02)'::tsrange, '("2020-01-01 10:00:00+02",)'::tstzrange;
select '[ 1 , 5 )'::int4range, '["1","5")'::int4range, '[1,"5"]'::int4range;
select int4range(1, 5), int4range(1, 5, '[]'), int4range(1, 5, '()'), int4range(1, 5, '(]');
select int8range(null, 5), numrange(1.0, null), int4range(null, null), daterange('2020-01-01', '2020-01-05', '[]');
select tsrange('2020-01-01', '2020-01-02'), tstzrange(null, '2020-01-02 00:00+00');
select int4range(5, 1);
select int4range(1, 5, 'xx');
select int4range(1, 5, null);
select int4range(2147483647, 2147483647, '[]');
select '[5,1)'::int4range;
select '[1,5'::int4range;
select '1,5)'::int4range;
select '[1,5,6)'::int4range;
select '[1,5) x'::int4range;
select 'empty x'::int4range;
select '[a,5)'::int4range;
select '(1)'::int4range;

-- Accessors.
select lower(int4range(1, 5)), upper(int4range(1, 5)), lower('empty'::int4range), upper('(,3)'::int4range);
select isempty('empty'::int4range), isempty(int4range(1, 2)), lower_inc('[1,2)'::int4range), upper_inc('[1,2]'::numrange);
select lower_inf('(,2)'::int4range), upper_inf('[1,)'::int4range), lower_inf('empty'::int4range), upper_inc('empty'::int4range);
select pg_typeof(lower(numrange(1, 2))), pg_typeof(upper(daterange('2020-01-01', '2020-02-01')));

-- Operators.
select int4range(1, 5) @> 3, int4range(1, 5) @> 5, 3 <@ int4range(1, 5), numrange(1, 2, '[]') @> 2.0;
select int4range(1, 5) @> int4range(2, 3), int4range(2, 3) <@ int4range(1, 5), int4range(1, 5) @> 'empty'::int4range;
select int4range(1, 5) && int4range(4, 8), int4range(1, 5) && int4range(5, 8), 'empty'::int4range && int4range(1, 2);
select int4range(1, 5) -|- int4range(5, 8), numrange(1, 2) -|- numrange(2, 3, '()'), numrange(1, 2, '[]') -|- numrange(2, 3, '()');
select int4range(1, 3) << int4range(5, 8), int4range(5, 8) >> int4range(1, 3), int4range(1, 5) &< int4range(2, 8), int4range(3, 5) &> int4range(2, 8);
select int4range(1, 5) + int4range(5, 8), int4range(1, 5) + int4range(3, 8), int4range(1, 5) * int4range(3, 8), int4range(1, 5) * int4range(6, 8);
select int4range(1, 5) - int4range(3, 8), int4range(1, 5) - int4range(0, 3), int4range(1, 5) - int4range(0, 8), int4range(1, 5) - int4range(7, 8);
select int4range(1, 5) + int4range(7, 8);
select int4range(1, 8) - int4range(3, 5);
select range_merge(int4range(1, 2), int4range(5, 8)), range_merge('empty'::int4range, int4range(1, 2));
select int4range(1, 5) = int4range(1, 5), int4range(1, 5) = '[1,4]', int4range(1, 5) <> int4range(1, 6);
select int4range(1, 5) < int4range(1, 6), int4range(1, 5) < int4range(2, 3), 'empty'::int4range < int4range(1, 2), int4range(null, 1) < int4range(0, 1);
select int4range(1, 5) @> '3';
select int4range(1, 5) @> '[2,3)';
select int4range(1, 5) @> 3::bigint;

-- Operator resolution against the subtype, casts.
select numrange(1,5) @> 3;
select numrange(1,5) @> 3.5;
select int8range(1,5) @> 3;
select 3 <@ int8range(1,5);
select daterange('2020-01-01','2020-02-01') @> '2020-01-15'::timestamp;
select tsrange('2020-01-01','2020-02-01') @> '2020-01-15'::date;
select lower(null::int4range), int4range(1,2) = null;
select '[1,2)'::int4range::text, ('[1,2)'::text)::int4range;
select int4range(1,2)::int8range;
select array[int4range(1,2)]::text;
select int4range(1, 3) < '[1,3]';
select lower('[1,2)');
select unnest(array[int4range(1,2), int4range(3,4)]);
select isempty(int4range(1,1)), lower_inc(int4range(1,1));

-- Ordering, distinct and grouping.
select x from (values (int4range(3, 5)), ('empty'), (int4range(1, 5)), (int4range(null, 2)), (int4range(1, 3)), (int4range(1, null)), (null)) v(x) order by x;
select x from (values (numrange(1, 2, '[]')), (numrange(1, 2, '(]')), (numrange(1, 2, '[)')), (numrange(1, 2, '()'))) v(x) order by x desc;
select distinct x from (values (int4range(1, 5)), ('[1,4]'), (int4range(2, 3)), ('empty'), ('[3,3)')) v(x) order by x;
select x, count(*) from (values (int4range(1, 5)), ('[1,4]'), ('empty'), ('(0,0)')) v(x) group by x order by x;

-- Ranges inside arrays and rows, joins and hash grouping on ranges.
select array[int4range(1,2)] < array[int4range(2,3)], array[int4range(1,2)] = array['[1,1]'::int4range];
select row(int4range(1,2), 1) = row('[1,1]'::int4range, 1), row(int4range(1,2)) < row(int4range(1,3));
select a from (values (array[int4range(3,4)]), (array[int4range(1,2)]), (array['empty'::int4range])) v(a) order by a;
select distinct a from (values (array[int4range(1,2)]), (array['[1,1]'::int4range])) v(a);
select t1.r from (values (int4range(1,2)), (int4range(3,4))) t1(r) join (values ('[1,1]'::int4range), ('[5,6)')) t2(r) on t1.r = t2.r;
select r, count(*) from (values (numrange(1.0, 2.0)), (numrange(1.00, 2))) v(r) group by r;

-- Columns, indexes, arrays.
create table tr (id int primary key, r int4range, d daterange, n numrange);
insert into tr values (1, '[1,5)', '[2020-01-01,2020-02-01)', '[1.5,2.5)'), (2, '[2,3]', null, '(,0]'), (3, 'empty', 'empty', 'empty'), (4, null, '(,)', null), (5, '(,10)', '[2021-01-01,)', '[0,1)');
select * from tr order by r, id;
select id from tr where r @> 2 order by id;
select id from tr where r && '[4,7)' order by id;
select id from tr where d @> '2020-01-15'::date order by id;
select id, lower(r), upper(r), isempty(r) from tr order by id;
create index tr_r on tr (r);
select id from tr where r = '[2,4)';
select id from tr where r > '[1,5)' order by r;
update tr set r = r * '[0,4)' where id in (1, 5);
select id, r from tr order by id;
insert into tr values (6, '[1,2', null, null);
insert into tr values (6, int4range(3, 1), null, null);
select array[int4range(1, 2), int4range(3, 4)], '{"[1,2)","(3,4]",empty}'::int4range[];
select (array[int4range(1, 2), int4range(3, 4)])[2];
select array_agg(r order by id) from tr where r is not null;
select r::text, '[1,2)'::text::int4range from tr where id = 1;
create table tru (r int4range unique);
insert into tru values ('[1,3)'), ('[4,5]');
insert into tru values ('[1,2]');

-- Multiranges.
select int4multirange(int4range(1, 5), int4range(7, 9)), int4multirange(), int4multirange(int4range(1, 2));
select '{[1,3), [2,5), empty}'::int4multirange, '{}'::int4multirange, ' { [1,2) , (3,4] } '::int4multirange, '{[1,2),[2,3)}'::int4multirange;
select '{[1.5,2), (3,)}'::nummultirange, '{["2020-01-01","2020-01-03"]}'::datemultirange, '{(,)}'::int8multirange;
select '{[1,2)'::int4multirange;
select '[1,2)'::int4multirange;
select '{[1,2) [3,4)}'::int4multirange;
select '{[1,2)} x'::int4multirange;
select '{x}'::int4multirange;
select int4multirange(int4range(1, 2), null);
select int4range(1, 5)::int4multirange, 'empty'::int4range::int4multirange;
select lower('{[1,3),[5,7)}'::int4multirange), upper('{[1,3),[5,7)}'::int4multirange), isempty('{}'::int4multirange), lower('{}'::int4multirange);
select lower_inc('{[1,3)}'::int4multirange), upper_inf('{[1,3),[5,)}'::int4multirange), lower_inf('{}'::int4multirange);
select range_merge('{[1,3),[5,7)}'::int4multirange), range_merge('{}'::int4multirange);
select '{[1,3),[5,7)}'::int4multirange @> 2, '{[1,3),[5,7)}'::int4multirange @> 4, '{[1,3),[5,7)}'::int4multirange @> int4range(5, 6), int4range(0, 10) @> '{[1,3),[5,7)}'::int4multirange;
select '{[1,3),[5,7)}'::int4multirange && int4range(3, 5), '{[1,3),[5,7)}'::int4multirange && '{[6,9)}'::int4multirange, '{[1,3)}'::int4multirange -|- '{[3,4)}'::int4multirange;
select '{[1,3),[5,7)}'::int4multirange + '{[3,5)}'::int4multirange, '{[1,3),[5,7)}'::int4multirange * '{[2,6)}'::int4multirange, '{[1,10)}'::int4multirange - '{[2,3),[5,6)}'::int4multirange;
select '{[1,3),[5,7)}'::int4multirange = '{[5,7),[1,3)}'::int4multirange, '{[1,3)}'::int4multirange < '{[1,3),[5,7)}'::int4multirange, '{}'::int4multirange < '{[1,2)}'::int4multirange;
select '{[1,3),[5,7)}'::int4multirange << '{[8,9)}'::int4multirange, int4range(1, 2) << '{[3,4)}'::int4multirange, '{[5,7)}'::int4multirange >> int4range(1, 2);
select unnest('{[1,3),[5,7)}'::int4multirange);
select x from (values ('{[1,3),[5,7)}'::int4multirange), ('{}'), ('{[1,3)}'), ('{[0,1)}'), ('{[1,3),[4,5)}')) v(x) order by x;
create table tm (id int, m int4multirange);
insert into tm values (1, '{[1,3),[5,7)}'), (2, '{}'), (3, null);
select * from tm order by id;
select id from tm where m @> 6;

-- Aggregates.
select range_agg(r) from (values (int4range(1,3)), (int4range(2,5)), (null), (int4range(7,9))) v(r);
select range_agg(r) from (values (int4range(1,3))) v(r) where false;
select range_agg(r) from (values (null::int4range)) v(r);
select range_agg(m) from (values ('{[1,3),[5,6)}'::int4multirange), ('{[2,4)}')) v(m);
select range_intersect_agg(r) from (values (int4range(1,10)), (int4range(2,5)), (null), (int4range(3,9))) v(r);
select range_intersect_agg(r) from (values (int4range(1,2)), (int4range(3,4))) v(r);
select range_intersect_agg(m) from (values ('{[1,3),[5,9)}'::int4multirange), ('{[2,6)}')) v(m);
select k, range_agg(r order by r) from (values (1, int4range(1,2)), (1, int4range(2,3)), (2, 'empty')) v(k, r) group by k order by k;

-- Range types of one's own.
create type floatrange as range (subtype = float8, subtype_diff = float8mi);
select '[1.5,2)'::floatrange, floatrange(1, 2, '[]'), floatrange(1, 2) @> 1.5::float8, '(1,1]'::floatrange;
select floatmultirange(floatrange(1, 2), floatrange(2, 3)), '{[1,2), [3,4)}'::floatmultirange, floatmultirange();
select typname, typtype, typcategory from pg_type where typname in ('floatrange', '_floatrange', 'floatmultirange', '_floatmultirange') order by 1;
select rngtypid::regtype, rngsubtype::regtype, rngmultitypid::regtype, rngsubdiff from pg_range where rngtypid = 'floatrange'::regtype;
select rngtypid::regtype, rngsubtype::regtype, rngmultitypid::regtype, rngcanonical, rngsubdiff from pg_range where rngtypid < 10000 order by 1;
create type textrange2 as range (subtype = text, multirange_type_name = textmultirange2);
select textrange2('a', 'b'), textmultirange2(textrange2('a', 'b'), textrange2('c', 'd')), '["a b",c)'::textrange2, textrange2('', 'x,y');
select '[a"b,c\d]'::textrange2, '["a""b","\\z"]'::textrange2;
create type norange as range (subtype = int4, bogus = 1);
create type norange as range (subtype_diff = int4mi);
create type floatrange as range (subtype = float8);
create table tf (r floatrange);
insert into tf values ('[1,2)'), ('(0,1]'), ('empty');
select * from tf order by r;

-- DROP TYPE takes the multirange type along; the multirange alone cannot
-- be dropped.
create type fr as range (subtype = float8);
create table tfr (r fr, m fr_multirange);
drop type fr_multirange;
drop type fr;
drop table tfr;
drop type fr;
select typname from pg_type where typname like '%fr_multi%' order by 1;
create type fr2 as range (subtype = float8);
create table tfr2 (a int, m fr2_multirange);
drop type fr2 cascade;
select * from tfr2;
create type pg_temp.tr3 as range (subtype = int8, multirange_type_name = pg_temp.tm3);
select pg_temp.tr3(1, 5), pg_temp.tm3(pg_temp.tr3(1, 5)), '[1,2]'::pg_temp.tr3;
create type ctr as range (subtype = text, collation = "C");
create type dtr as range (subtype = text);
create type itr as range (subtype = int4, collation = "C");
create type xtr as range (subtype = text, collation = "nosuch");
select rngtypid::regtype, rngcollation from pg_range where rngtypid in ('ctr'::regtype, 'dtr'::regtype) order by 1;
select ctr('a', 'b');
create table tc (r int4range, m nummultirange, a daterange[]);
copy tc to stdout;
select * from tc order by r;
prepare p(int4range) as select $1 * int4range(2, 10);
execute p('[1,5)');
prepare q as select $1::int4multirange @> $2::int4;
execute q('{[1,3)}', 2);

-- More multirange operators, the subtype_diff functions, tstzrange output in the session's time zone.
select int4range_subdiff(5, 2), int8range_subdiff(2, 10), numrange_subdiff(5.5, 2.25), daterange_subdiff('2020-03-01', '2020-02-01');
select tsrange_subdiff('2020-01-02', '2020-01-01 12:00'), tstzrange_subdiff('2020-01-02 00:00+00', '2020-01-01 00:00:00.5+00'), float8mi(3, 1.5);
select multirange(int4range(1,2)), multirange('empty'::numrange);
select range_cmp(int4range(1,2), int4range(1,3)), multirange_cmp('{[1,2)}'::int4multirange, '{}');
select int4range(1,5) &< '{[3,8)}'::int4multirange, '{[1,5)}'::int4multirange &> int4range(0,2), '{[1,5)}'::int4multirange <@ int4range(0,6), '{}'::int4multirange <@ int4range(0,1);
select '{[1,5),[7,9)}'::int4multirange -|- int4range(5,7), int4range(9,10) -|- '{[1,5),[7,9)}'::int4multirange;
select int4range(1,5) @> '{}'::int4multirange, 'empty'::int4range @> '{}'::int4multirange, 'empty'::int4range <@ '{[1,2)}'::int4multirange;
select '{[1,5),[7,9)}'::int4multirange - int4range(2,8)::int4multirange;
select tstzrange('2020-01-01 00:00+00', '2020-01-02 00:00+00') @> '2020-01-01 12:00+00'::timestamptz;
set timezone = 'America/New_York';
select tstzrange('2020-01-01 00:00+00', '2020-01-02 00:00+00');
select '[1.0,2.00]'::numrange = '[1,2]'::numrange;

-- A multirange name that is taken.
create type intmultirange as enum ('a');
create type intrange as range (subtype = int4);
create type intrange2 as range (subtype = int4, multirange_type_name = intmultirange);
create type vr as range (subtype = varchar(10));
select vr('a', 'b');
