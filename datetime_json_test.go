package tusk_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// describeText renders a query's columns (name and type OID) and rows as
// the server's text output, or its error, for comparison: unlike pgx's
// decoded values it shows DateStyle, IntervalStyle and zone rendering.
func describeText(c *pgx.Conn, sql string) string {
	rows, err := c.Query(context.Background(), sql, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return errDetail(err)
	}
	defer rows.Close()
	var b strings.Builder
	for _, fd := range rows.FieldDescriptions() {
		fmt.Fprintf(&b, "%s:%d ", fd.Name, fd.DataTypeOID)
	}
	b.WriteString("|")
	for rows.Next() {
		b.WriteString(" (")
		for i, v := range rows.RawValues() {
			if i > 0 {
				b.WriteString(", ")
			}
			if v == nil {
				b.WriteString("NULL")
			} else {
				b.Write(v)
			}
		}
		b.WriteString(")")
	}
	if err := rows.Err(); err != nil {
		b.WriteString(" " + errDetail(err))
	}
	fmt.Fprintf(&b, " %s", rows.CommandTag())
	return b.String()
}

// errDetail renders an error with its detail, hint and context lines.
func errDetail(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return fmt.Sprintf("%s [detail %q hint %q where %q]", errString(err), pe.Detail, pe.Hint, pe.Where)
	}
	return errString(err)
}

// dtQueries are compared between tusk and PostgreSQL under the same
// settings. They avoid printing the current time, which differs.
var dtQueries = []string{
	// Input and output of every type, with infinities and BC.
	`select '2020-02-29'::date, 'infinity'::date, '-infinity'::date, '0044-03-15 BC'::date, 'epoch'::date`,
	`select '13:14:15.123456'::time, '24:00'::time, '13:14:15.5+05:30'::timetz, '1:2:3 pm'::time`,
	`select '2020-01-01 10:00'::timestamp, '2020-01-01 10:00'::timestamptz, '2020-07-01 10:00+02'::timestamptz`,
	`select 'infinity'::timestamp, '-infinity'::timestamptz, 'epoch'::timestamp, 'epoch'::timestamptz`,
	`select '1 year 2 mons 3 days 04:05:06.7'::interval, '-1 day +2 hours'::interval, 'P1Y2M3DT4H5M6S'::interval, '1.5 weeks'::interval`,
	`select '2020-13-01'::date`,
	`select '2020-02-30'::date`,
	`select 'nonsense'::timestamp`,
	`select '25:00'::time`,
	`select '1 fortnight'::interval`,
	`select '2020-01-01 10:00 America/Chicago'::timestamptz, '2020-07-01 10:00 Europe/London'::timestamptz`,
	`select '10000-01-01'::date, '294276-12-31 23:59:59'::timestamp`,
	`select '294277-01-01'::timestamp`,
	`select timestamp '2020-01-01 12:34:56.789012'::timestamp(2), '12:34:56.789'::time(1), interval '1.23456 seconds'::interval(2)`,
	`select '1 day 2 hours 3 minutes'::interval day to hour, '14 months'::interval year, '100 seconds'::interval minute to second`,
	`select cast('2020-01-01 10:00' as timestamp(0) with time zone)`,
	`select timestamptz '1850-06-01 12:00', timestamptz '1850-06-01 12:00+00', to_json(timestamptz '1850-06-01 12:00'), extract(timezone from timestamptz '1850-06-01 12:00')`,
	`select timestamp '0044-03-15 12:00 BC', to_jsonb(timestamp '0044-03-15 12:00 BC'), to_json(date '0044-03-15 BC'), timestamptz '0044-03-15 12:00+00 BC'`,
	`select '2020-01-01T10:00:00Z'::timestamptz, '20200101 101112'::timestamp, 'Jan 5, 2020 3pm'::timestamp, 'tomorrow 10:00'::timestamp - 'today'::timestamp`,
	`select 'allballs'::time, '2020-01-01 24:00:00'::timestamp, 'J2451545'::date, '2020.123'::date`,
	`select interval '178956970 years 7 months'`,
	`select interval '2147483647 days' + interval '1 day'`,
	`select interval '1 year' * 1e10`,
	`select '4714-11-24 BC'::date, '4714-11-23 BC'::date`,
	`select timestamp '2020-01-01 10:00:00.1234567', time '10:00:00.9999995', timestamp '2020-12-31 23:59:59.9999999'`,
	// Casts between the date/time types.
	`select '2020-03-08 02:30'::timestamp::timestamptz, '2020-11-01 01:30'::timestamp::timestamptz`,
	`select '2020-03-08 12:00+00'::timestamptz::timestamp, '2020-03-08 12:00+00'::timestamptz::date, '2020-03-08 12:00+00'::timestamptz::time`,
	`select '2020-03-08 12:00+00'::timestamptz::timetz, '2020-03-08'::date::timestamp, '2020-03-08'::date::timestamptz`,
	`select '12:00'::time::interval, '25 hours'::interval::time, '12:00+03'::timetz::time, '12:00'::time::timetz`,
	`select 'infinity'::date::timestamp, '-infinity'::timestamp::date, 'infinity'::timestamptz::timestamp`,
	`select '2020-01-01'::date::text, now()::date = current_date, now()::text = now()::timestamptz::text`,
	`select date(timestamp '2020-05-05 10:00'), timestamp(date '2020-05-05'), "time"(timestamp '2020-05-05 10:11:12')`,
	// Comparison, including across types.
	`select date '2020-01-01' < date '2020-01-02', time '10:00' >= time '09:59', interval '1 day' = interval '24 hours', interval '1 mon' > interval '29 days'`,
	`select date '2020-01-01' = timestamp '2020-01-01', date '2020-01-01' < timestamp '2020-01-01 00:00:01', timestamp '2020-01-02' > date '2020-01-01'`,
	`select date '2020-01-01' = timestamptz '2020-01-01 00:00', timestamp '2020-01-01 00:00' = timestamptz '2020-01-01 00:00', timestamptz '2020-01-01 05:00+00' > timestamp '2020-01-01 00:00'`,
	`select timetz '10:00+02' = timetz '08:00+00', timetz '10:00+02' < timetz '09:00+00', 'infinity'::date > '2020-01-01'::date`,
	`select greatest(date '2020-01-01', date '2021-01-01'), least(timestamp '2020-01-01', timestamp '2019-01-01'), greatest(interval '1 hour', interval '59 minutes')`,
	`select date 'infinity' > timestamp '294276-01-01', date '5874897-12-31' > timestamp 'infinity'`,
	// Arithmetic.
	`select date '2020-02-28' + 1, date '2020-03-01' - 1, 7 + date '2020-01-01', date '2020-03-01' - date '2020-02-01'`,
	`select date '2020-01-31' + interval '1 month', date '2020-01-01' - interval '1 hour', interval '2 days' + date '2020-01-01'`,
	`select date '2020-01-01' + time '10:30', time '10:30' + date '2020-01-01', date '2020-01-01' + timetz '10:30+02'`,
	`select timestamp '2020-01-31 10:00' + interval '1 month', timestamp '2020-03-01' - interval '1 day 1 second', interval '1 hour' + timestamp '2020-01-01'`,
	`select timestamp '2020-03-01 10:00' - timestamp '2020-01-01 09:00', timestamptz '2020-03-01 10:00+00' - timestamptz '2020-01-01 09:00+05'`,
	`select time '23:00' + interval '2 hours', time '01:00' - interval '2 hours', time '12:00' - time '10:30', timetz '23:00+01' + interval '2 hours'`,
	`select interval '1 day' + interval '2 hours', interval '1 day' - interval '2 hours', - interval '1 mon 2 days 3 seconds'`,
	`select interval '1 day' * 2.5, 3 * interval '1 hour 10 minutes', interval '1 mon' / 3, interval '10 days' / 4, interval '1 day' * 0.001`,
	`select interval '1 day' / 0`,
	`select date '5874897-12-31' + 1`,
	`select timestamp '294276-12-31' + interval '1 day'`,
	`select timestamp 'infinity' + interval '1 day', timestamp 'infinity' - timestamp 'infinity'`,
	// extract and date_part.
	`select extract(year from timestamp '2020-05-17 13:14:15.5'), extract(month from date '2020-05-17'), extract(epoch from timestamp '2020-05-17 13:14:15.5')`,
	`select extract(dow from date '2020-05-17'), extract(isodow from date '2020-05-17'), extract(doy from date '2020-12-31'), extract(week from date '2021-01-01'), extract(isoyear from date '2021-01-01')`,
	`select extract(century from date '2000-01-01'), extract(millennium from date '2001-01-01'), extract(decade from date '1999-12-31'), extract(quarter from date '2020-08-01')`,
	`select extract(second from time '10:11:12.345678'), extract(milliseconds from time '10:11:12.345'), extract(microseconds from interval '1.5 seconds'), extract(hour from interval '27 hours')`,
	`select extract(epoch from interval '1 year'), extract(day from interval '40 days'), extract(month from interval '14 months'), extract(year from interval '-14 months')`,
	`select extract(timezone from timestamptz '2020-01-01 00:00'), extract(timezone_hour from timetz '10:00+05:30'), extract(timezone_minute from timetz '10:00+05:30')`,
	`select extract(epoch from timestamptz '2020-07-01 00:00'), extract(hour from timestamptz '2020-07-01 00:00+00'), extract(julian from date '2020-01-01')`,
	`select extract(year from date 'infinity'), extract(epoch from timestamp '-infinity'), extract(hour from date '2020-01-01')`,
	`select extract(foo from timestamp '2020-01-01')`,
	`select date_part('year', timestamp '2020-05-17'), date_part('dow', date '2020-05-17'), date_part('epoch', interval '1 day'), date_part('minute', time '10:11'), date_part('hour', timestamptz '2020-05-17 10:00+00')`,
	`select pg_typeof(extract(year from date '2020-01-01')), pg_typeof(date_part('year', date '2020-01-01'))`,
	// date_trunc, date_bin.
	`select date_trunc('month', timestamp '2020-05-17 13:14:15'), date_trunc('week', timestamp '2020-05-17 13:14:15'), date_trunc('quarter', date '2020-05-17')`,
	`select date_trunc('day', timestamptz '2020-03-08 12:00+00'), date_trunc('hour', timestamptz '2020-11-01 06:30+00'), date_trunc('day', timestamptz '2020-11-01 12:00+00', 'Asia/Tokyo')`,
	`select date_trunc('hour', interval '1 day 10:45:30'), date_trunc('year', interval '14 months 3 days'), date_trunc('millennium', timestamp '2020-01-01')`,
	`select date_trunc('microsecond', timestamp '2020-01-01 10:00:00.123456'), date_trunc('decade', timestamp '2029-12-31'), date_trunc('century', timestamp '2001-01-01')`,
	`select date_trunc('fortnight', timestamp '2020-01-01')`,
	`select date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01'), date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01 00:02:30')`,
	`select date_bin('1 day', timestamptz '2020-02-11 15:44:17+00', timestamptz '2001-01-01'), date_bin('1 hour', timestamp '2020-02-11 15:44:17', timestamp '2030-01-01')`,
	`select date_bin('1 month', timestamp '2020-02-11', timestamp '2001-01-01')`,
	`select date_bin('0 seconds', timestamp '2020-02-11', timestamp '2001-01-01')`,
	// age, justify, make_*, isfinite.
	`select age(timestamp '2020-05-17', timestamp '1980-02-29'), age(timestamp '2020-01-01', timestamp '2020-03-15 10:00'), age(timestamptz '2020-03-09 00:00', timestamptz '2020-03-07 12:00')`,
	`select age(timestamp '2000-01-01') > interval '20 years', age(current_date::timestamp) < interval '1 day'`,
	`select justify_hours(interval '50 hours 10 minutes'), justify_days(interval '65 days'), justify_interval(interval '1 mon -1 hour'), justify_interval(interval '-1 mon 35 days')`,
	`select make_date(2020, 2, 29), make_date(-44, 3, 15), make_time(10, 11, 12.5), make_timestamp(2020, 1, 2, 3, 4, 5.678)`,
	`select make_timestamptz(2020, 7, 1, 10, 0, 0), make_timestamptz(2020, 7, 1, 10, 0, 0, 'Asia/Kolkata'), make_interval(1, 2, 3, 4, 5, 6, 7.5)`,
	`select make_date(2021, 2, 29)`,
	`select make_time(25, 0, 0)`,
	`select isfinite(date '2020-01-01'), isfinite(timestamp 'infinity'), isfinite(timestamptz '-infinity'), isfinite(interval '1 day')`,
	// to_timestamp, to_date, to_char, to_number.
	`select to_timestamp(0), to_timestamp(1589720055.5), to_timestamp('2020-05-17 13:14:15', 'YYYY-MM-DD HH24:MI:SS')`,
	`select to_date('17 May 2020', 'DD Mon YYYY'), to_date('2020-137', 'YYYY-DDD'), to_timestamp('05/17/2020 1:14 PM', 'MM/DD/YYYY HH:MI AM')`,
	`select to_timestamp('2020-05-17 13:14:15 +03', 'YYYY-MM-DD HH24:MI:SS TZH')`,
	`select to_date('2020-13-01', 'YYYY-MM-DD')`,
	`select to_char(timestamp '2020-05-17 13:14:15.123456', 'YYYY-MM-DD HH24:MI:SS.US'), to_char(date '2020-05-17', 'Day, DD Month YYYY'), to_char(date '2020-05-17', 'FMDay FMDD FMMonth')`,
	`select to_char(timestamptz '2020-05-17 13:14:15+00', 'YYYY-MM-DD HH12:MI AM TZ OF'), to_char(timestamp '2020-05-17 13:14:15', 'IYYY-IW-ID Q WW J'), to_char(timestamp '2020-05-17', '')`,
	`select to_char(interval '1 day 10:11:12', 'DD HH24:MI:SS'), to_char(interval '400 hours', 'HH24'), to_char(timestamp 'infinity', 'YYYY')`,
	`select to_char(1234567.891, '9,999,999.99'), to_char(-12.5, 'S999.9'), to_char(42, '000099'), to_char(1234, 'FM9999th'), to_char(7, 'RN')`,
	`select to_char(12345678901::int8, '99,999,999,999'), to_char(3.14159::float8, '9.999'), to_char(2.5::float4, '99.9'), to_char(0.000123, '9.99EEEE'), to_char(123, '99')`,
	`select to_number('12,454.8-', '99G999D9S'), to_number('$1,234.56', 'L9,999.99'), to_number('1234', '')`,
	// The current time, evaluated once per transaction.
	`select now() = current_timestamp, now() = transaction_timestamp(), current_date = now()::date, localtimestamp = now()::timestamp, current_time = now()::timetz`,
	`select clock_timestamp() >= now(), statement_timestamp() >= now(), localtime = now()::time, pg_typeof(current_time(2)), pg_typeof(localtimestamp(0))`,
	`select extract(microseconds from current_timestamp(0)) :: int % 1000000 = 0, extract(microseconds from localtime(1))::int % 100000 = 0`,
	`select now() - interval '1 day' < now(), now() > '2020-01-01', current_date > date '2020-01-01'`,
	`select 'now'::timestamptz = now(), 'today'::date = current_date, 'tomorrow'::date - 'yesterday'::date`,
	// AT TIME ZONE.
	`select timestamp '2020-01-01 12:00' at time zone 'UTC', timestamptz '2020-01-01 12:00+00' at time zone 'Asia/Tokyo', timestamp '2020-07-01 12:00' at time zone 'America/Los_Angeles'`,
	`select timestamptz '2020-01-01 12:00+00' at time zone interval '+05:30', timestamp '2020-01-01 12:00' at time zone 'EST', timezone('UTC', timestamp '2020-01-01')`,
	`select timetz '12:00+00' at time zone 'Asia/Tokyo', time '12:00' at time zone '+03' is not null`,
	`select timestamp '2020-01-01' at time zone 'Mars/Olympus'`,
	`select timestamp '2020-07-01 12:00' at time zone 'PST', timestamp '2020-07-01 12:00' at time zone '+05', timestamp '2020-07-01 12:00' at time zone 'UTC+3', timetz '12:00+00' at time zone 'Europe/Berlin'`,
	`select timestamptz '2020-07-01 12:00+00' at time zone 'EST5EDT', timestamptz '2020-07-01 12:00+00' at time zone 'posix/Europe/Berlin', timestamptz '2020-07-01 12:00+00' at time zone 'Etc/GMT+2'`,
	`select date '2020-01-01' union all select timestamp '2020-01-02 10:00' order by 1`,
	`select x from (values (date '2020-01-01'), (timestamptz '2020-01-02 10:00')) v(x) order by x`,
	`select a.d, b.t from (values (date '2020-01-01'), (date '2020-01-02')) a(d) join (values (timestamp '2020-01-02'), (timestamp '2020-01-02 10:00')) b(t) on a.d = b.t`,
	`select a.d, b.t from (values (date '2020-01-01'), (date '2020-01-02')) a(d) join (values (timestamptz '2020-01-02 00:00'), (timestamptz '2020-01-02 10:00')) b(t) on a.d = b.t`,
	`select a.t from (values (timestamp '2020-01-02 05:00')) a(t) join (values (timestamptz '2020-01-02 00:00-05')) b(t) on a.t = b.t`,
	`select a.i from (values (interval '1 day')) a(i) join (values (interval '24 hours')) b(i) on a.i = b.i`,
	`select a.t from (values (timetz '10:00+02')) a(t) join (values (timetz '08:00+00')) b(t) on a.t = b.t`,
	`select coalesce(null::date, now()) is not null, greatest(date '2020-01-01', timestamp '2019-12-31 23:00')`,
	// generate_series over timestamps.
	`select * from generate_series(timestamp '2020-01-30', timestamp '2020-05-01', interval '1 month')`,
	`select * from generate_series(timestamptz '2020-03-07 12:00', timestamptz '2020-03-10 12:00', interval '1 day')`,
	`select * from generate_series(timestamptz '2020-11-01 00:00', timestamptz '2020-11-01 03:00', interval '1 hour')`,
	`select count(*) from generate_series(timestamp '2020-01-01', timestamp '2019-01-01', interval '-1 week')`,
	`select * from generate_series(date '2020-01-30', date '2020-04-01', interval '1 month')`,
	`select t, sum(x) over (order by t range between interval '1 day' preceding and current row) from (values (timestamp '2020-01-01', 1), (timestamp '2020-01-02', 2), (timestamp '2020-01-04', 4)) v(t, x) order by t`,
	`select d, count(*) over (order by d range between interval '2 days' preceding and interval '1 day' following) from (values (date '2020-01-01'), (date '2020-01-02'), (date '2020-01-05')) v(d) order by d`,
	`select t, count(*) over (order by t desc range between interval '1 hour' preceding and current row) from (values (timestamptz '2020-03-08 01:30'), (timestamptz '2020-03-08 03:10'), (timestamptz '2020-03-08 04:00')) v(t) order by t`,
	`select t, count(*) over (order by t range between interval '1 hour' preceding and interval '1 hour' following) from (values (time '10:00'), (time '10:30'), (time '12:00')) v(t) order by t`,
	`select i, count(*) over (order by i range between interval '1 day' preceding and current row) from (values (interval '1 day'), (interval '36 hours'), (interval '3 days')) v(i) order by i`,
	`select json_object('{a,1,b,null}'), jsonb_object('{a,1,b,null}'), json_object('{{a,1},{b,2}}'), jsonb_object('{a,b}', '{1,2}'), json_object('{}')`,
	`select json_object('{a,1,b}')`,
	`select jsonb_object('{{a,1,2}}')`,
	`select json_object('{a,b}', '{1}')`,
	`select jsonb_object('{null,1}')`,
	`select * from generate_series(timestamp '2020-01-01', timestamp '2020-01-02', interval '0 days')`,
	// Aggregates.
	`select sum(x), avg(x), min(x), max(x) from (values (interval '1 day'), (interval '2 hours'), (null)) v(x)`,
	`select min(d), max(d), count(distinct d) from (values (date '2020-01-01'), (date '2019-01-01'), (date '2020-01-01')) v(d)`,
	`select max(t), min(t) from (values (timestamptz '2020-01-01 10:00+00'), (timestamptz '2020-01-01 09:00-05')) v(t)`,
	`select d, count(*) from (values (date '2020-01-01'), (date '2019-01-01'), (date '2020-01-01')) v(d) group by d order by d`,
	`select t from (values (time '10:00'), (time '09:00'), (time '23:59')) v(t) order by t desc`,
	`select i from (values (interval '1 mon'), (interval '29 days'), (interval '30 days 1 second')) v(i) order by i`,

	// json and jsonb input and output.
	`select '{"b": 1, "a": [1, 2.50, "x", null, true]}'::jsonb, '{"b": 1, "a": 2, "a": 3}'::json, '  [1,2] '::json`,
	`select '1e3'::jsonb, '-0.0'::jsonb, '"\u00e9\n"'::jsonb, '{}'::jsonb, '[]'::jsonb, 'null'::jsonb`,
	`select '{"a":1'::jsonb`,
	`select '{"a" 1}'::json`,
	`select '[1,2,]'::jsonb`,
	`select '"\u0000"'::jsonb`,
	`select 'tru'::json`,
	`select '{"a":[1,{"b":"\u263a \ud83d\ude00"}],"c":1e400,"d":-0,"e":1.0e-5,"f":0.00001000}'::jsonb`,
	`select ' { "a" :  [ 1 , 2 ] } '::json -> 'a', '{"a": "\u0041"}'::json ->> 'a', '{"a": "\u0041"}'::json -> 'a', '[[[[[[1]]]]]]'::jsonb #> '{0,0,0,0,0,0}'`,
	`select jsonb_pretty('1'), jsonb_pretty('[]'), jsonb_pretty('{"a":{}}'), jsonb_pretty('[[1,[2]],{"x":null}]')`,
	`select '"\ud83d"'::jsonb`,
	`select '{"a":1, "b":}'::jsonb`,
	`select '[1,2'::json`,
	`select '{"a":1}x'::jsonb`,
	`select E'{"a":\n "x\ty"}'::json`,
	`select '{"a": 01}'::jsonb`,
	// Casts.
	`select '{"a":1}'::json::jsonb, '{"b":2,  "a":1}'::jsonb::json, '{"a":1}'::jsonb::text, '[1]'::text::jsonb`,
	`select '12.5'::jsonb::numeric, '12'::jsonb::int, '12'::jsonb::int8, '1.5'::jsonb::float8, 'true'::jsonb::bool, '2.5'::jsonb::int2`,
	`select '"x"'::jsonb::numeric`,
	`select '[1]'::jsonb::int`,
	`select '{"a":1}'::jsonb::bool`,
	`select 'null'::jsonb::int`,
	`select '1'::jsonb::bool`,
	`select '1e10'::jsonb::int4`,
	// Operators.
	`select '{"a":{"b":[1,2,3]}}'::jsonb -> 'a', '{"a":{"b":[1,2,3]}}'::jsonb -> 'a' -> 'b' -> 1, '{"a":{"b":[1,2,3]}}'::jsonb -> 'a' -> 'b' ->> -1`,
	`select '{"a":"x"}'::jsonb ->> 'a', '{"a":null}'::jsonb ->> 'a', '{"a":null}'::jsonb -> 'a', '{"a":1}'::jsonb -> 'z', '[1,2]'::jsonb -> 5`,
	`select '{"a":{"b":[1,2,3]}}'::jsonb #> '{a,b,2}', '{"a":{"b":[1,2,3]}}'::jsonb #>> '{a,b}', '{"a":1}'::jsonb #> '{}'`,
	`select '{"a":{"b":[1,2,3]}}'::json -> 'a', '{"a":{"b":[1,2,3]}}'::json #>> '{a,b,0}', '[1,"x"]'::json ->> 1, '{"a":1, "a":2}'::json -> 'a'`,
	`select '{"a":1,"b":2}'::jsonb @> '{"a":1}', '{"a":1}'::jsonb <@ '{"a":1,"b":2}', '[1,2,[3]]'::jsonb @> '[[3]]', '[1,2]'::jsonb @> '1', '"a"'::jsonb @> '"a"'`,
	`select '{"a":1,"b":2}'::jsonb ? 'a', '["a","b"]'::jsonb ? 'b', '{"a":1}'::jsonb ?| array['x','a'], '{"a":1}'::jsonb ?& array['a','b'], '"a"'::jsonb ? 'a'`,
	`select '{"a":1}'::jsonb || '{"b":2}', '[1]'::jsonb || '[2,3]', '1'::jsonb || '[2]', '{"a":1}'::jsonb || '[2]'`,
	`select '{"a":1,"b":2}'::jsonb - 'a', '["a","b"]'::jsonb - 'a', '[1,2,3]'::jsonb - 1, '[1,2,3]'::jsonb - -1, '{"a":1,"b":2,"c":3}'::jsonb - array['a','c']`,
	`select '{"a":{"b":1,"c":2}}'::jsonb #- '{a,b}', '[1,[2,3]]'::jsonb #- '{1,0}'`,
	`select '{"a":1}'::jsonb #> '{a,null}', '{"a":1}'::json #> '{null}', '{"a":1,"b":2}'::jsonb - '{a,null}'::text[], '{"a":1}'::jsonb ?| '{null}'`,
	`select jsonb_set('{"a":1}', '{null}', '2')`,
	`select jsonb_insert('[1]', '{null}', '2')`,
	`select '{"a":1}'::jsonb #- '{null}'`,
	`select '{"a":[1,2]}'::jsonb #> '{a,x}', '{"a":[1,2]}'::json #>> '{a,-1}', '[1,2]'::jsonb -> -3, '[1,2]'::json -> -1`,
	`select '{"a":1}'::jsonb - 1`,
	`select '1'::jsonb - 'a'`,
	`select '{"a":1}'::jsonb = '{"a":1.0}', '[1,2]'::jsonb < '[1,3]', '{"a":1}'::jsonb > '[1,2,3]', 'null'::jsonb < 'true'::jsonb, '"b"'::jsonb > '"ab"'::jsonb`,
	// Functions.
	`select jsonb_build_object('a', 1, 'b', 'x', 'c', null, 'd', true, 'e', 2.50, 'f', array[1,2]), jsonb_build_object()`,
	`select json_build_object('a', 1, 'b', 'x', 'c', null, 'd', array['p','q']), json_build_object(), json_build_array(1, 'a', null, 2.5)`,
	`select jsonb_build_array(1, 'a', null, '{"x":1}'::jsonb), jsonb_build_array(), json_build_array()`,
	`select jsonb_build_object('a')`,
	`select jsonb_build_object(null, 1)`,
	`select jsonb_build_object(1, date '2020-01-01', 2, timestamp '2020-01-01 10:00', 3, timestamptz '2020-01-01 10:00+00', 4, interval '1 day')`,
	`select to_jsonb(1), to_jsonb('x'::text), to_jsonb(2.50), to_jsonb(true), to_jsonb(array[[1,2],[3,4]]), to_jsonb('NaN'::float8), to_jsonb(1.5::float4)`,
	`select to_json(1), to_json('x'::text), to_json(array['a','b']), to_json(timestamptz '2020-07-01 10:00+00'), to_json(date '2020-07-01'), to_json('{"a":1}'::jsonb)`,
	`select to_jsonb(timestamp '2020-07-01 10:00:00.5'), to_jsonb(timestamptz '2020-07-01 10:00+00'), to_jsonb(time '10:00'), to_jsonb(interval '1 day')`,
	`select array_to_json(array[1,2,3], true), array_to_json(array[[1,2],[3,4]], true), array_to_json('{}'::int[], true), row_to_json(row(1, 'a'), true), row_to_json(row(2), false)`,
	`select date_cmp('2020-01-01', '2020-01-02'), timestamp_cmp('2020-01-02', '2020-01-01'), interval_cmp('1 day', '24 hours'), jsonb_cmp('[1]', '{}'), timetz_cmp('10:00+02', '08:00+00'), time_cmp('10:00', '09:00')`,
	`select to_json(12::oid), to_jsonb(12::oid), to_json(1::int2), to_jsonb('x'::"char"), to_json('\x0102'::bytea), to_jsonb(array[true, null]), to_json('abc'::name)`,
	`select row_to_json(row(1, 'a', null)), to_json(row(1, 'x')), to_jsonb(row(1, 'x')), array_to_json(array[1,2,3])`,
	`select jsonb_set('{"a":{"b":1}}', '{a,b}', '2'), jsonb_set('{"a":1}', '{c}', '3'), jsonb_set('{"a":1}', '{c}', '3', false), jsonb_set('[1,2,3]', '{-1}', '9')`,
	`select jsonb_insert('{"a":[1,2]}', '{a,1}', '9'), jsonb_insert('{"a":[1,2]}', '{a,1}', '9', true), jsonb_insert('{"a":[1,2]}', '{a,-1}', '9', true)`,
	`select jsonb_insert('{"a":1}', '{a}', '2')`,
	`select jsonb_set('{"a":1}', '{a,b}', '2')`,
	`select jsonb_set_lax('{"a":1,"b":2}', '{a}', null), jsonb_set_lax('{"a":1,"b":2}', '{a}', null, true, 'delete_key'), jsonb_set_lax('{"a":1}', '{a}', null, true, 'return_target'), jsonb_set_lax('{"a":1}', '{a}', '5')`,
	`select jsonb_set_lax('{"a":1}', '{a}', null, true, 'raise_exception')`,
	`select jsonb_set_lax('{"a":1}', '{a}', null, true, 'nope')`,
	`select jsonb_set_lax('{"a":1}', '{a}', null, true, null)`,
	`select jsonb_typeof('{}'), jsonb_typeof('[]'), jsonb_typeof('1'), jsonb_typeof('"s"'), jsonb_typeof('null'), jsonb_typeof('false'), json_typeof('1.5'), json_typeof(' {"a":1}')`,
	`select jsonb_array_length('[1,2,[3]]'), json_array_length('[]'), jsonb_strip_nulls('{"a":null,"b":{"c":null,"d":1},"e":[null]}'), json_strip_nulls('{"a":null,"b":1}')`,
	`select jsonb_array_length('{"a":1}')`,
	`select jsonb_pretty('{"a":[1,{"b":2}],"c":{}}')`,
	`select * from jsonb_each('{"b":1,"a":"x","c":null}')`,
	`select * from jsonb_each_text('{"b":1,"a":"x","c":null,"d":[1]}')`,
	`select key, value from json_each('{"b":1,"a":"x","b":2}')`,
	`select * from json_each_text('{"a":"x","b":null}')`,
	`select * from jsonb_array_elements('[1,"a",null,{"x":1}]')`,
	`select * from jsonb_array_elements_text('[1,"a",null,{"x":1}]')`,
	`select * from json_array_elements('[1, "a" ,null]')`,
	`select * from json_array_elements_text('[1,"a",null]')`,
	`select * from jsonb_object_keys('{"b":1,"a":2,"aa":3}')`,
	`select * from json_object_keys('{"b":1,"a":2,"b":3}')`,
	`select * from jsonb_array_elements('{"a":1}')`,
	`select jsonb_array_elements('[1,[2]]'), jsonb_array_elements_text('["a","b"]')`,
	`select jsonb_object_keys('{"a":1,"b":2}') as k order by k desc`,
	`select jsonb_each('{"a":1}'), json_each_text('{"b":"x"}')`,
	`select k, v from jsonb_each_text('{"a":1,"b":[2]}') as x(k, v) where v <> '1'`,
	`select count(*) from generate_series(now(), now() + interval '3 days', '1 day')`,
	`select value::int * 2 from jsonb_array_elements('[1,2,3]') where value::int > 1`,
	`select * from jsonb_each('[1]')`,
	`select jsonb_extract_path('{"a":{"b":1}}', 'a', 'b'), jsonb_extract_path_text('{"a":{"b":"x"}}', 'a', 'b'), json_extract_path_text('{"a":[5]}', 'a', '0')`,
	// Aggregates.
	`select jsonb_agg(x), json_agg(x), jsonb_agg(x order by x desc) from (values (1), (3), (null), (2)) v(x)`,
	`select jsonb_object_agg(k, v), json_object_agg(k, v) from (values ('a', 1), ('b', null), ('a', 3)) t(k, v)`,
	`select jsonb_agg(x) from (values (1)) v(x) where false`,
	`select json_agg(row(x, x * 2)) from (values (1), (2)) v(x)`,
	`select jsonb_object_agg(k, v) from (values (null::text, 1)) t(k, v)`,
	`select '{}'::json = '{}'::json`,
	// Ordering, grouping and DISTINCT over jsonb.
	`select j from (values ('{"a":1}'::jsonb), ('[1,2]'), ('1'), ('"x"'), ('null'), ('true'), ('{}'), ('[]')) v(j) order by j`,
	`select j, count(*) from (values ('{"a":1,"b":2}'::jsonb), ('{"b":2,"a":1}'), ('[1]')) v(j) group by j order by j`,
	`select distinct j from (values ('{"a":1}'::jsonb), ('{"a":1}'), ('[1]')) v(j) order by j`,
	`select max(j::text) from (values ('{"a":1}'::jsonb), ('[1]')) v(j)`,
	`select j, count(*) from (values ('1'::jsonb), ('1.0'), ('{"a":[1.50]}'), ('{"a":[1.5]}'), ('[]')) v(j) group by j order by j`,
	`select count(distinct j) from (values ('1'::jsonb), ('1.0'), ('{"a":[1.50]}'), ('{"a":[1.5]}')) v(j)`,
	`select a.j from (values ('1'::jsonb), ('{"x":2}')) a(j) join (values ('1.00'::jsonb), ('{"x":2.0}')) b(j) on a.j = b.j order by 1`,
	`select '{"a":1}'::jsonb in ('{"a":1.0}'::jsonb), '[1,2]'::jsonb <> '[1,2]'`,
	// Overlaps, timeofday and friends.
	`select (date '2020-01-01', date '2020-02-01') overlaps (date '2020-01-15', date '2020-03-01'), (timestamp '2020-01-01', interval '1 day') overlaps (timestamp '2020-01-02', interval '1 day')`,
	`select (time '10:00', time '11:00') overlaps (time '10:30', null::time), (timestamptz '2020-01-01', timestamptz '2020-01-02') overlaps (timestamptz '2020-01-03', timestamptz '2020-01-04')`,
	`select length(timeofday()) > 20`,
	`select pg_typeof(now()), pg_typeof(current_date - 1), pg_typeof(current_date - current_date), pg_typeof(now() - now()), pg_typeof(date '2020-01-01' + interval '1 day')`,
	`select '2020-01-01'::date + '1 day'`,
	`select date '2020-01-01' - '2019-01-01', now() - '1 day' < now(), timestamp '2020-01-01' - '2019-12-31', time '10:00' - '09:00', interval '1 day' - '1 hour'`,
	`select date '2020-01-01' + 1.5`,
	`select '2020-01-01' + interval '1 day'`,
	`select timestamp '2020-01-01' + '1 hour', timestamptz '2020-01-01 00:00+00' - '1 hour', interval '1 hour' * '2'`,
	`select d::timestamp from (values (date '2020-01-01')) v(d) where d > '2019-12-31' and d < now()`,
	`select coalesce(null::timestamp, '2020-01-01'), case when true then date '2020-01-01' else timestamp '2020-01-02' end as c`,
	`select array[date '2020-01-01', date '2020-01-02'], array[interval '1 day'], '{2020-01-01,infinity}'::date[], array[timestamptz '2020-01-01 00:00+00']`,
	`select array_agg(x order by x) from (values (time '10:00'), (time '09:00')) v(x)`,
	`select array['{"a":1}'::jsonb, '[2]'], '{"{\"a\": 1}"}'::jsonb[], array_agg(j) from (values ('1'::jsonb)) v(j)`,
	`select jsonb_agg(d), json_agg(t), jsonb_build_object('i', interval '1 day 2 hours') from (values (date '2020-01-01', timestamp '2020-01-01 10:00')) v(d, t)`,
	`select to_jsonb(array[date '2020-01-01']), to_json(array[timestamp '2020-01-01']), to_jsonb(row(date '2020-01-01', 1))`,
	`select to_char(now(), 'YYYY') = extract(year from now())::text, to_char(current_date, 'DD') = lpad(extract(day from current_date)::text, 2, '0')`,
}

// dtTableScripts are run in order on one connection per server; each
// statement's result is compared.
var dtTableScripts = []string{
	`create table events (id int primary key, ts timestamp, tz timestamptz, d date, t time, iv interval, doc jsonb, j json)`,
	`insert into events values
		(1, '2020-03-08 01:30', '2020-03-08 01:30', '2020-03-08', '01:30', '1 hour', '{"kind":"dst","n":1}', '{"x": 1}'),
		(2, '2020-03-08 03:30', '2020-03-08 03:30', '2020-03-08', '03:30', '2 days', '{"kind":"dst","n":2,"tags":["a","b"]}', '[1, 2]'),
		(3, '2020-11-01 01:30', '2020-11-01 01:30-04', '2020-11-01', '23:59:59.999999', '-1 mon', '{"kind":"fall","n":3}', 'null'),
		(4, '2020-11-01 01:30', '2020-11-01 01:30-05', '2020-11-01', '00:00', '0', '{"kind":"fall","n":4,"nested":{"deep":true}}', '"s"'),
		(5, 'infinity', '-infinity', 'infinity', '24:00', '1 year', '[1,2,3]', '{}'),
		(6, null, null, null, null, null, null, null)`,
	`insert into events (id, ts, tz) values (7, current_timestamp, current_timestamp)`,
	`insert into events (id, ts, tz, d) values (8, now(), localtimestamp, now())`,
	`select id, ts > now() - interval '1 day', tz > now() - interval '1 day', d = current_date from events where id in (7, 8) order by id`,
	`select id from events where ts > now() - interval '1 day' order by id`,
	`delete from events where id in (7, 8)`,
	`select * from events order by id`,
	`select id, ts, tz from events order by tz nulls first, id`,
	`select id from events order by ts desc, id`,
	`select id, d, t, iv from events order by iv, id`,
	`select id, tz + iv, ts + iv, d + iv, t + iv from events order by id`,
	`select id, extract(epoch from tz), to_char(tz, 'YYYY-MM-DD HH24:MI TZ'), date_trunc('day', tz) from events order by id`,
	`select id, tz at time zone 'UTC', ts at time zone 'Europe/Paris' from events order by id`,
	`select date_trunc('day', tz) as day, count(*), min(ts), max(iv), sum(iv), avg(iv) from events group by 1 order by 1 nulls first`,
	`select extract(year from d) as y, jsonb_agg(distinct doc ->> 'kind') from events group by y order by y`,
	`select id from events where tz >= date_trunc('day', now()) - interval '10 years' order by id`,
	`select to_char(d, 'YYYY-MM'), count(*) from events where d is not null group by 1 order by 1`,
	`select id, doc -> 'kind', doc ->> 'n', doc #> '{tags,0}', doc ? 'tags', doc @> '{"kind":"dst"}' from events order by id`,
	`select id from events where doc @> '{"kind":"fall"}' order by id`,
	`select doc ->> 'kind' as k, count(*), sum((doc ->> 'n')::int), jsonb_agg(id order by id) from events group by doc ->> 'kind' order by k nulls last`,
	`select id, doc from events order by doc, id`,
	`select id, j, j -> 'x', json_typeof(j) from events order by id`,
	`update events set doc = jsonb_set(doc, '{n}', to_jsonb(id * 10)) where doc ? 'n'`,
	`update events set tz = tz + interval '1 day', iv = iv * 2 where id <= 2`,
	`select id, doc, tz, iv from events order by id`,
	`select count(*) from events where d between '2020-01-01' and '2020-12-31'`,
	`select e.id, k.key, k.value from events e, jsonb_each(e.doc) k where jsonb_typeof(e.doc) = 'object' order by e.id, k.key`,
	`select e.id, x from events e, jsonb_array_elements_text(e.doc -> 'tags') x order by 1, 2`,
	`create table nt (t timestamptz, s timestamptz)`,
	`begin`,
	`insert into nt values (now(), statement_timestamp())`,
	`select 1 from (select pg_sleep(0.02)) s`,
	`select now() = t, current_timestamp = t, statement_timestamp() > s, clock_timestamp() > t, localtimestamp = t::timestamp from nt`,
	`commit`,
	`select now() > t, statement_timestamp() > s from nt`,
	`select now() <= statement_timestamp(), now() <= clock_timestamp()`,
	`begin`,
	`select 1 from (select pg_sleep(0.02)) s`,
	`select now() < statement_timestamp() - interval '10 milliseconds'`,
	`commit`,
	`select to_jsonb('NaN'::numeric), to_json('-Infinity'::numeric), to_jsonb(time '10:00'), to_json(timetz '10:00+02'), to_jsonb('infinity'::timestamp), to_json('-infinity'::date)`,
	`create table defaults (id int, created timestamptz default now(), day date default current_date, at time default localtime, meta jsonb default '{}')`,
	`insert into defaults (id) values (1)`,
	`select id, created = now(), day = current_date, at = localtime, meta from defaults`,
	`select id from events where ts = '2020-11-01 01:30' order by id`,
	`select id from events where tz = '2020-11-01 01:30-05'`,
	`create index events_tz on events (tz)`,
	`select id from events where tz < '2020-06-01' order by id`,
	`create index events_iv on events (iv)`,
	`create index events_d_t on events (d, t)`,
	`create index events_ts on events (ts desc)`,
	`select id, iv from events where iv >= interval '24 hours' order by iv`,
	`select id, iv from events where iv = interval '48 hours'`,
	`select id from events where d = '2020-03-08' and t > '02:00' order by id`,
	`select id, ts from events where ts between '2020-03-01' and 'infinity' order by ts desc`,
	`create table uniq (d date unique, iv interval unique)`,
	`insert into uniq values ('2020-01-01', '1 day'), ('2020-01-02', '2 days')`,
	`insert into uniq values ('2020-01-03', '24 hours')`,
	`insert into uniq values ('2020-01-01 00:00'::timestamp, '3 days')`,
	`create table typed (a timestamp(0), b interval(2), c time(3), d timestamptz(1), e numeric, f interval hour to minute, g interval day to second(1), h interval year)`,
	`insert into typed values ('2020-01-01 10:00:00.6', '1.2345 seconds', '10:00:00.12345', '2020-01-01 10:00:00.16+00', 1, '1 day 2 hours 3 minutes 4 seconds', '1 year 3 days 00:00:01.26', '1 year 11 months')`,
	`update typed set f = f + interval '59 seconds', h = h + interval '1 month'`,
	`select * from typed`,
	`select a::date, b * 2, c + interval '0.0004 seconds' from typed`,
	`insert into typed (a) values ('not a time')`,
	`insert into typed (a) values (current_date)`,
	`insert into typed (d) values (current_date)`,
	`select a, d from typed where e is null order by a nulls last`,
}

func TestDateTimeJSONMatchPostgres(t *testing.T) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	db := fmt.Sprintf("dtjson_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	if err := pg.CreateDatabase(db); err != nil {
		t.Fatal(err)
	}
	tc, pc := connect(t, srv.DSN("postgres")), connect(t, pg.DSN(db))
	ctx := context.Background()
	n := 0
	compare := func(sql string, binary bool) {
		n++
		got, want := describeText(tc, sql), describeText(pc, sql)
		if got != want {
			t.Errorf("%s:\n tusk:       %s\n PostgreSQL: %s", sql, got, want)
		}
		if !binary {
			return
		}
		// The extended protocol with binary results checks binary I/O.
		got, want = describeResult(tc, sql), describeResult(pc, sql)
		if got != want {
			t.Errorf("%s (binary):\n tusk:       %s\n PostgreSQL: %s", sql, got, want)
		}
	}
	for _, zone := range []string{"America/New_York", "UTC", "Asia/Kolkata"} {
		for _, c := range []*pgx.Conn{tc, pc} {
			if _, err := c.Exec(ctx, "set timezone = '"+zone+"'"); err != nil {
				t.Fatal(err)
			}
		}
		for _, q := range dtQueries {
			compare(q, zone == "America/New_York")
		}
	}
	for _, c := range []*pgx.Conn{tc, pc} {
		if _, err := c.Exec(ctx, "set timezone = 'America/New_York'"); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range dtTableScripts {
		compare(q, false)
	}
	// Other output styles.
	styles := []string{
		"set datestyle = 'SQL, DMY'", "set datestyle = 'Postgres, MDY'", "set datestyle = 'German'",
		"set intervalstyle = 'sql_standard'", "set intervalstyle = 'iso_8601'", "set intervalstyle = 'postgres_verbose'",
		"set timezone = 'Australia/Lord_Howe'", "set timezone = '-3.5'",
		"set timezone = 'america/new_york'", "set time zone 'EST5EDT'", "set time zone 'UTC+3'", "set timezone = 'Nowhere/Land'",
		"set time zone local", "set timezone = 'UTC'",
	}
	styleQueries := []string{
		`select date '2020-05-17', timestamp '2020-05-17 13:14:15.5', timestamptz '2020-05-17 13:14:15+00', interval '1 year 2 mons -3 days 04:05:06.5'`,
		`select '17/05/2020'::date, '05/06/2020'::date, timestamptz '2020-10-04 02:30'`,
		`select interval '-1 2:03:04', interval '1-2', interval '1 2', interval 'P0001-02-03T04:05:06'`,
		`select interval '-1 day 2 hours', interval '1 mon -1 second', current_setting('DateStyle'), current_setting('IntervalStyle'), current_setting('TimeZone')`,
		`select to_json(timestamptz '2020-05-17 13:14:15+00'), to_char(timestamptz '2020-05-17 13:14:15+00', 'TZ TZH:TZM')`,
	}
	for _, s := range styles {
		compare(s, false)
		for _, q := range styleQueries {
			compare(q, false)
		}
	}
	// Parameters in both formats: pgx sends time.Time in binary, strings
	// in text.
	params := []struct {
		sql  string
		args []any
	}{
		{"select $1::timestamptz, $2::timestamp, $3::date", []any{time.Date(2020, 3, 8, 7, 30, 0, 0, time.UTC), time.Date(2020, 3, 8, 2, 30, 0, 0, time.UTC), time.Date(2020, 2, 29, 0, 0, 0, 0, time.UTC)}},
		{"select $1::timestamptz + $2::interval, $3::date - 1", []any{"2020-03-08 01:30", "1 hour", "2020-03-01"}},
		{"select $1::jsonb -> 'a', $2::json ->> 'b', $1::jsonb @> $3", []any{`{"a":[1,2]}`, `{"b":"x"}`, `{"a":[2]}`}},
		{"select $1::interval * 2, $2::time + interval '1 hour', $3::timetz", []any{"1 day 02:03:04.5", "23:30", "10:00+05:30"}},
		{"select id from events where tz > $1 order by id", []any{time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)}},
		{"select id from events where doc ->> 'kind' = $1 order by id", []any{"fall"}},
		{"select $1::interval, $2::time, $3::date + 1", []any{pgtype.Interval{Microseconds: 3723000001, Days: -2, Months: 14, Valid: true}, pgtype.Time{Microseconds: 3600000000, Valid: true}, pgtype.Date{InfinityModifier: pgtype.Infinity, Valid: true}}},
		{"select $1::timestamp", []any{time.Date(300000, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"select $1::date", []any{pgtype.Date{Time: time.Date(-5000000, 1, 1, 0, 0, 0, 0, time.UTC), Valid: true}}},
		{"select $1::time", []any{pgtype.Time{Microseconds: 86400000001, Valid: true}}},
		{"select $1::timestamptz, $2::timestamp", []any{pgtype.Timestamptz{InfinityModifier: pgtype.NegativeInfinity, Valid: true}, pgtype.Timestamp{Time: time.Date(2020, 1, 1, 1, 2, 3, 456789000, time.UTC), Valid: true}}},
	}
	for _, p := range params {
		for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeExec} {
			n++
			args := append([]any{mode}, p.args...)
			got, want := describeResult(tc, p.sql, args...), describeResult(pc, p.sql, args...)
			if got != want {
				t.Errorf("%s (mode %v):\n tusk:       %s\n PostgreSQL: %s", p.sql, mode, got, want)
			}
		}
	}
	t.Logf("%d statements compared", n)
}

// TestDateTimeJSONCopy loads date/time and jsonb values with binary COPY
// and reads them back in both formats, against PostgreSQL.
func TestDateTimeJSONCopy(t *testing.T) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	db := fmt.Sprintf("dtcopy_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	if err := pg.CreateDatabase(db); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rows := [][]any{
		{1, time.Date(2020, 3, 8, 7, 30, 0, 0, time.UTC), time.Date(2020, 3, 8, 2, 30, 0, 0, time.UTC), time.Date(2020, 3, 8, 0, 0, 0, 0, time.UTC), map[string]any{"a": 1.5, "b": []any{"x", nil}}},
		{2, time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), []any{1, 2, 3}},
		{3, nil, nil, nil, nil},
	}
	var outs [2][]string
	for i, dsn := range []string{srv.DSN("postgres"), pg.DSN(db)} {
		c := connect(t, dsn)
		if _, err := c.Exec(ctx, "set timezone = 'America/New_York'"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Exec(ctx, "create table c (id int, tz timestamptz, ts timestamp, d date, doc jsonb)"); err != nil {
			t.Fatal(err)
		}
		n, err := c.CopyFrom(ctx, pgx.Identifier{"c"}, []string{"id", "tz", "ts", "d", "doc"}, pgx.CopyFromRows(rows))
		if err != nil || n != int64(len(rows)) {
			t.Fatalf("copy: %d rows, %v", n, err)
		}
		text := "4\t2020-11-01 01:30\t2020-11-01 01:30\t2020-11-01\t{\"k\": [1.50]}\n"
		if _, err := c.PgConn().CopyFrom(ctx, strings.NewReader(text), "copy c from stdin"); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"select * from c order by id", "select id, tz + interval '1 day', d - 1, doc -> 'a' from c order by id"} {
			outs[i] = append(outs[i], describeText(c, q), describeResult(c, q))
		}
		var buf strings.Builder
		if _, err := c.PgConn().CopyTo(ctx, &buf, "copy (select * from c order by id) to stdout"); err != nil {
			t.Fatal(err)
		}
		outs[i] = append(outs[i], buf.String())
	}
	for i := range outs[0] {
		if outs[0][i] != outs[1][i] {
			t.Errorf("result %d:\n tusk:       %s\n PostgreSQL: %s", i, outs[0][i], outs[1][i])
		}
	}
}
