-- String functions: length, lower, upper, substr, position, trim, replace,
select id, lower(w), upper(w), initcap(w) from words order by id;
select id, length(w), char_length(w), character_length(w), octet_length(w), bit_length(w) from words order by id;
-- split_part, concat, concat_ws, format, left, right, lpad, rpad, repeat,
-- reverse, md5, to_char and to_number, and their edge cases.

create table words (id int primary key, w text);
insert into words values (1, 'Hello'), (2, 'wOrLd'), (3, ''), (4, null), (5, '  padded  '), (6, 'naïve café');

select length('abc'::char(5)), length('abc  '::varchar), octet_length('é');
select substr('hello world', 7), substr('hello world', 1, 5), substr('hello', 0, 3), substr('hello', -2, 5), substr('hello', 10);
select substring('hello world' from 7 for 3), substring('hello' from 2), substring('hello' for 2);
select substr('hello', 2, -1);
select id, substr(w, 2, 3) from words order by id;
select position('lo' in 'hello'), position('z' in 'hello'), position('' in 'abc'), strpos('banana', 'an');
select id, position('l' in w) from words order by id;
select trim('  x  '), ltrim('  x  '), rtrim('  x  '), trim(both 'x' from 'xxaxx'), trim(leading 'x' from 'xxaxx'), trim(trailing 'x' from 'xxaxx');
select btrim('--a--', '-'), ltrim('abcba', 'ab'), rtrim('abcba', 'ab'), trim('xy' from 'xyaxy');
select '[' || trim(w) || ']' from words where id = 5;
select replace('banana', 'an', 'AN'), replace('aaa', 'a', ''), replace('abc', '', 'x'), replace('abc', 'z', 'y');
select id, replace(w, 'l', 'L') from words order by id;
select split_part('a,b,c', ',', 2), split_part('a,b,c', ',', 4), split_part('a,b,c', ',', -1), split_part('abc', '', 1), split_part('a--b', '--', 2);
select split_part('a,b', ',', 0);
select concat('a', 1, null, true, 2.5), concat(null), concat_ws('-', 'a', null, 'b', 3), concat_ws(null, 'a', 'b'), concat_ws(',', null);
select id, concat(w, '!'), concat_ws('|', id, w) from words order by id;
select format('%s and %s', 'x', 'y'), format('%s', null), format('[%5s][%-5s]', 'ab', 'cd'), format('%I.%I', 'my table', 'col');
select format('%L, %L, %L', 'it''s', null, 42), format('%1$s %1$s %2$s', 'a', 'b'), format('100%%');
select format('%s');
select format('%x', 1);
select left('hello', 2), left('hello', -2), left('hi', 10), right('hello', 2), right('hello', -2), right('hi', 10);
select lpad('7', 3, '0'), lpad('hello', 3), lpad('x', 5), lpad('ab', 7, 'xy'), lpad('ab', 0), lpad('ab', -1);
select rpad('7', 3, '0'), rpad('hello', 3), '[' || rpad('x', 4) || ']', rpad('ab', 7, 'xy'), rpad('ab', 3, '');
select repeat('ab', 3), repeat('x', 0), repeat('x', -1), repeat('', 5);
select reverse('hello'), reverse(''), reverse('naïve');
select md5('hello'), md5(''), md5('The quick brown fox');
select id, md5(w) from words order by id;
select ascii('A'), chr(65), chr(233), ascii(''), starts_with('hello', 'he'), starts_with('hello', 'lo');
select chr(0);
select translate('hello', 'el', 'ip'), translate('abc', 'abc', 'x'), overlay('hello' placing 'XX' from 2 for 3), overlay('abc' placing 'Z' from 2);
select quote_ident('a b'), quote_ident('abc'), quote_literal('it''s'), quote_literal(42), quote_nullable(null), quote_nullable('x');
select to_hex(255), to_hex(-1), to_hex(4294967296::int8);
select string_to_array('a,b,,c', ','), string_to_array('a b', null), string_to_array('a,b,x', ',', 'x'), array_to_string(array['a', null, 'c'], '-'), array_to_string(array['a', null, 'c'], '-', '*');
select encode('hello'::bytea, 'hex'), encode('hello'::bytea, 'base64'), decode('68656c6c6f', 'hex');
select 'abc' < 'abd', 'abc' = 'abc ', 'abc'::char(5) = 'abc', 'B' > 'a' collate "C";
select lower(null), upper(null), length(null), substr(null, 1), replace(null, 'a', 'b'), left(null, 1);
select 'a' || repeat('b', 3) || 'c', length(repeat('xy', 50));

-- to_char.
select to_char(1234.5, '9999.99'), to_char(1234.5, '0000000.00'), to_char(-12.3, '999.9'), to_char(0.5, '0.99'), to_char(12, '9999');
select to_char(1234567.891, '9,999,999.99'), to_char(1234567.891, 'FM9,999,999.99'), to_char(42, 'FM999'), to_char(3.14159, 'FM990.00');
select to_char(-5, 'S999'), to_char(5, 'S999'), to_char(-5, '999MI'), to_char(-5, '999PR'), to_char(5, '999PL');
select to_char(123, '99'), to_char(1.5, '9'), to_char(12.345, '99D999'), to_char(1e6, '9.99EEEE');
select to_char(42::int8, '00000'), to_char(7::int2, '009'), to_char(2.5::float8, '9.9'), to_char(1234::numeric, 'L9999');
select to_char(date '2024-03-05', 'YYYY-MM-DD'), to_char(date '2024-03-05', 'DD/MM/YY'), to_char(date '2024-03-05', 'Month DD, YYYY'), to_char(date '2024-03-05', 'FMMonth FMDD');
select to_char(timestamp '2024-03-05 14:07:09.123', 'HH24:MI:SS.MS'), to_char(timestamp '2024-03-05 14:07:09', 'HH12:MI AM'), to_char(timestamp '2024-03-05 02:07:09', 'hh12 pm');
select to_char(timestamp '2024-03-05 14:07:09', 'Day Dy day DY'), to_char(date '2024-03-05', 'D DDD IW WW Q'), to_char(date '2024-12-30', 'IYYY-IW'), to_char(date '2024-03-05', 'Mon mon MON');
select to_char(date '2024-03-05', 'YYYY "year" MM'), to_char(date '2024-03-05', 'J'), to_char(timestamp '2024-03-05 00:00:00', 'SSSS'), to_char(date '2024-03-05', 'CC');
select to_char(interval '1 day 02:03:04', 'DD HH24:MI:SS'), to_char(interval '25 hours', 'HH24');
select to_char(timestamptz '2024-03-05 14:07:09+00', 'YYYY-MM-DD HH24:MI:SS TZ');

-- to_number.
select to_number('1,234.50', '9,999.99'), to_number('-42', 'S99'), to_number('12.345', '99.999'), to_number('  42', '9999');
select to_number('$1,234', 'L9,999'), to_number('0012', '0000'), to_number('123', '99'), to_number('1.5', 'FM9.9');
select to_number('abc', '999');
select pg_typeof(to_number('1', '9'));
select concat();
