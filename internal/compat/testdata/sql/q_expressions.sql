-- Conditional expressions and predicates: CASE, COALESCE, NULLIF,
-- GREATEST, LEAST, IS [NOT] DISTINCT FROM, BETWEEN, LIKE, ILIKE,
-- SIMILAR TO and POSIX regular expressions.

create table e (id int primary key, a int, b int, s text);
insert into e values (1, 1, 2, 'Apple'), (2, null, 2, 'banana'), (3, 3, null, 'Cherry pie'), (4, null, null, null), (5, 5, 5, 'a_b%c'), (6, -2, 7, '');

select id, case when a > 2 then 'big' when a > 0 then 'small' else 'other' end from e order by id;
select id, case a when 1 then 'one' when 3 then 'three' end from e order by id;
select id, case when a is null then 'null' end from e order by id;
select case 1 when 1 then 'x' else 'y' end, case null::int when null then 'n' else 'not' end;
select case when true then 1 else 2.5 end, pg_typeof(case when true then 1 else 2.5 end);
select case when false then 1 end;
select case when 1 = 1 then 'a' else 1 end;
select id, case when b = 0 then 0 else a / b end from e order by id;
select id, coalesce(a, b, -1) from e order by id;
select coalesce(null, null, 'x'), coalesce(null::int, 2), coalesce(1, 1 / 0);
select coalesce(null, null);
select pg_typeof(coalesce(1, 2.5)), coalesce(1::int2, 70000);
select coalesce(1, 'x');
select id, nullif(a, b), nullif(s, '') from e order by id;
select nullif(1, 1), nullif(1, 2), nullif(null::int, 1), nullif('a', 'a');
select greatest(1, 5, 3), least(1, 5, 3), greatest('b', 'a', 'c'), least(2.5, 1, 3);
select id, greatest(a, b), least(a, b) from e order by id;
select id, greatest(a, b), least(a, b) from e order by least(a, b) desc nulls last, id;
select id, least(a, b), greatest(a, b) from e order by greatest(a, b) nulls first, id;
select a is true, a is false, count(*) from (values (true), (false), (null), (true)) v(a) group by a is true, a is false order by 1, 2;
select a is distinct from 1 as d, a is not distinct from 1 as nd from e order by a is not distinct from 1, id;
select greatest(null::int, null), least(1, null), greatest(date '2024-01-01', '2023-05-05');
select pg_typeof(greatest(1, 2.0)), pg_typeof(least(1::int8, 2));
select greatest(1, 'x');
select id, a is distinct from b, a is not distinct from b from e order by id;
select null is distinct from null, null is not distinct from null, 1 is distinct from null, 1 is not distinct from 1;
select id from e where a is not distinct from null order by id;
select id, a between 0 and 3, a not between 0 and 3 from e order by id;
select id from e where a between b and 10 order by id;
select 5 between 10 and 1, 5 between symmetric 10 and 1, 5 not between symmetric 1 and 10;
select 'b' between 'a' and 'c', date '2024-02-01' between '2024-01-01' and '2024-12-31';
select id, a is null, a is not null, (a, b) is null, (a, b) is not null from e order by id;
select true is true, null::bool is unknown, false is not false, null::bool is not true;
select not true, true and null, false and null, true or null, false or null, not null::bool;

-- LIKE, ILIKE, escapes.
select id, s like 'A%' from e order by id;
select id from e where s like '%an%' order by id;
select id from e where s like '_pple' order by id;
select id from e where s not like '%e%' order by id;
select id from e where s ilike 'a%' order by id;
select id from e where s not ilike '%E%' order by id;
select id from e where s ~~ 'b%' or s ~~* 'c%' order by id;
select id from e where s !~~ '%a%' order by id;
select id from e where s like 'a\_b\%c' order by id;
select id from e where s like 'a#_b#%c' escape '#' order by id;
select 'abc' like 'abc', 'abc' like 'a%', 'abc' like '_b_', 'abc' like 'ABC', 'abc' ilike 'ABC';
select 'a%' like 'a\%', 'ab' like 'a\%', '' like '%', '' like '_';
select 'foo' like null, null like 'foo';
select 'x' like 'x' escape '';
select 'x' like 'x' escape 'ab';

-- SIMILAR TO.
select 'abc' similar to 'abc', 'abc' similar to 'a', 'abc' similar to '%(b|d)%', 'abc' similar to '(b|c)%';
select 'aaa' similar to 'a*', 'aaa' similar to 'a+', 'ab' similar to 'a?b', 'abab' similar to '(ab){2}';
select id from e where s similar to '[A-C]%' order by id;
select id from e where s not similar to '%[aeiou]%' order by id;
select 'a_b' similar to 'a\_b', 'axb' similar to 'a\_b', 'a.b' similar to 'a.b', 'axb' similar to 'a.b';
select 'abc' similar to 'ABC';

-- POSIX regular expressions.
select id, s ~ '^[A-Z]' from e order by id;
select id from e where s ~* 'APP' order by id;
select id from e where s !~ 'a' order by id;
select id from e where s !~* 'a' order by id;
select 'abc123' ~ '\d+', 'abc' ~ '\d', 'foo bar' ~ '\s', 'x' ~ '^.$';
select 'hello' ~ 'l{2}', 'helo' ~ 'l{2}', 'Hello' ~* '^h', 'Hello' !~ '^h';
select 'abc' ~ '(b|z)', 'abc' ~ '[[:digit:]]', 'a1' ~ '[[:alpha:]][[:digit:]]';
select 'x' ~ '(';
select 'x' ~ ')';
select 'x' ~ '[';
select 'x' ~ '*';
select 'x' ~ 'a**';
select 'x' ~ '[z-a]';
select 'x' ~ 'a{2,1}';
select 'x' ~* '+';
select regexp_replace('x', '(', 'y');
select regexp_replace('foo bar baz', 'ba.', 'X'), regexp_replace('foo bar baz', 'ba.', 'X', 'g');
select regexp_replace('Hello World', '(\w+) (\w+)', '\2 \1');
select regexp_match('abc123def', '\d+'), regexp_match('abc', '\d'), regexp_match('k=v', '(\w)=(\w)');
select regexp_matches('a1b2c3', '\d', 'g');
select regexp_split_to_table('a,b,,c', ',');
select regexp_split_to_array('one two  three', '\s+');
select substring('hello world' from 'w.*'), substring('abc' from '(b)c');

-- Operators on nulls and precedence.
select 1 + 2 * 3, (1 + 2) * 3, 2 ^ 3 ^ 2, -2 ^ 2, 7 % 3, -7 % 3, 7 / 2, -7 / 2;
select 1 < 2 and 2 < 3, 1 = 1 or 1 / 0 = 1;
select id, a + b, a - b, a * b from e order by id;
select 'a' || 'b' || null, 'a' || 1, 1 || 'a', null || 'x';
select id, s || '!' from e order by id;
