-- Tables, rows, types, NULLs, command tags and errors.

create table t (id int primary key, name text, score numeric(6,2), born date, tags text[]);

insert into t values
  (1, 'ada', 91.5, '1815-12-10', '{math,engines}'),
  (2, 'grace', 88.25, '1906-12-09', '{cobol}'),
  (3, 'edsger', null, '1930-05-11', '{}'),
  (4, '', 70, null, null);

-- No ORDER BY: rows are compared as a multiset.
select id, name, score from t;

-- ORDER BY at the top: rows are compared in order.
select name, born from t order by born nulls first, id;

select count(*), sum(score), avg(score), max(born) from t;

-- Expressions, casts and the types they produce.
select 1 + 1 as two, 1.5 * 2 as three, 'a' || 'b' as ab, 7 / 2 as div, 7 % 2 as mod,
       2 ^ 10 as pow, 1::bigint as big, 'x'::varchar(3) as v, true and null as unknown;

select name, array_length(tags, 1) as ntags, tags[1] as first_tag from t order by id;

update t set score = score + 1 where score is not null;

delete from t where id = 4 returning id, name;

-- Errors: SQLSTATE and message text are compared.
insert into t values (1, 'dup', 0, null, null);

select * from no_such_table;

select 1 / 0;

select name from t where id = 'one';

-- A statement the parser rejects is still sent and compared.
selec 1;

select id from t where id in (select id from t where score > 90);

with recursive n(i) as (select 1 union all select i + 1 from n where i < 5)
select sum(i) from n;

create view v as select id, upper(name) as name from t;

select * from v order by id desc;

-- A subquery's ORDER BY does not order the outer query.
select * from (select id from t order by id) s;

drop view v;

drop table t;
