-- Composite types: CREATE TYPE ... AS (...), row constructors and text input
-- cast to them, field selection, columns and arrays of them, comparison,
-- DROP TYPE [CASCADE].

create type pair as (a int, b text);
create type pair as (x int);
create type dup as (a int, a text);
create type bad as (a nosuchtype);
select row(1, 'x')::pair;
select (row(1, 'x')::pair).b;
select '(2,"y z")'::pair;
select ('(2,"y z")'::pair).a + 1;
select '(3,)'::pair, ('(3,)'::pair).b is null;
select '(x,y)'::pair;
select '3,4'::pair;
select '(1,2,3)'::pair;
select '(1)'::pair;
create table tp (id int, p pair, ps pair[]);
insert into tp values (1, row(1, 'one'), array[row(1, 'a')::pair, row(2, 'b')::pair]);
insert into tp values (2, '(2,two)', '{}');
insert into tp values (3, null, null);
insert into tp values (4, row(4, 'four', 'extra'), null);
select * from tp order by id;
select id, (p).a, (p).b from tp order by id;
select id from tp where p = row(1, 'one')::pair;
select id from tp where (p).a = 2;
update tp set p = row((p).a * 10, (p).b || '!') where id = 2;
select p from tp where id = 2;
select typname, typtype, typcategory from pg_type where typname in ('pair', '_pair') order by 1;
select pg_typeof(p) from tp limit 1;
drop type pair;
drop type pair cascade;
select * from tp order by id;
drop table tp;
create type inner_t as (v int);
create type outer_t as (i inner_t, n text);
select row(row(5)::inner_t, 'n')::outer_t;
select ((row(row(5)::inner_t, 'n')::outer_t).i).v;
drop type outer_t;
drop type inner_t;

create type kv as (k text, v int);
create temp table tk (x kv);
insert into tk values (row('b', 2)), (row('a', 9)), (row('a', 1)), (null);
select x from tk order by x;
select (x).k, sum((x).v) from tk group by (x).k order by 1;
select x from tk where x > row('a', 5)::kv order by x;
select '("a ""q"" \\b",3)'::kv, ('("a ""q"" \\b",3)'::kv).k;
select ' ( c , 4 ) '::kv;
drop table tk;
drop type kv;

-- The catalog entries drivers read to load a composite type.
create type pair2 as (x int, y varchar(5), z numeric(6,2));
select c.relkind, c.relnatts, t.typname, t.typtype from pg_class c join pg_type t on t.oid = c.reltype where c.relname = 'pair2';
select attname, atttypid::regtype, atttypmod, attnum, attisdropped from pg_attribute
 where attrelid = (select typrelid from pg_type where typname = 'pair2') order by attnum;
drop type pair2;
select count(*) from pg_class where relname = 'pair2';
