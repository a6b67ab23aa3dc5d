-- Date and time functions: date_trunc, extract, date_part, age,
-- to_timestamp, make_date, interval arithmetic, and the deterministic
-- parts of current_date and now().

set timezone = 'UTC';
select date_trunc('year', timestamp '2024-05-17 13:45:12.5'), date_trunc('quarter', timestamp '2024-05-17 13:45:12.5'), date_trunc('month', timestamp '2024-05-17 13:45:12.5');
select date_trunc('week', timestamp '2024-05-17 13:45:12.5'), date_trunc('day', timestamp '2024-05-17 13:45:12.5'), date_trunc('hour', timestamp '2024-05-17 13:45:12.5');
select date_trunc('minute', timestamp '2024-05-17 13:45:12.5'), date_trunc('second', timestamp '2024-05-17 13:45:12.5'), date_trunc('milliseconds', timestamp '2024-05-17 13:45:12.5678');
select date_trunc('decade', timestamp '2024-05-17'), date_trunc('century', timestamp '2024-05-17'), date_trunc('millennium', timestamp '2024-05-17');
select date_trunc('month', date '2024-05-17'), pg_typeof(date_trunc('month', date '2024-05-17'));
select date_trunc('day', timestamptz '2024-05-17 13:45:12+00'), date_trunc('hour', interval '3 days 04:05:06');
select date_trunc('fortnight', timestamp '2024-05-17');
select extract(year from timestamp '2024-05-17 13:45:12.5'), extract(month from date '2024-05-17'), extract(day from date '2024-05-17');
select extract(hour from timestamp '2024-05-17 13:45:12.5'), extract(minute from time '13:45:12'), extract(second from timestamp '2024-05-17 13:45:12.5');
select extract(dow from date '2024-05-19'), extract(isodow from date '2024-05-19'), extract(doy from date '2024-12-31'), extract(week from date '2024-01-01'), extract(quarter from date '2024-05-17');
select extract(epoch from timestamp '2024-01-01 00:00:00'), extract(epoch from interval '1 day 1 hour'), extract(epoch from date '1970-01-02');
select extract(century from date '2024-01-01'), extract(decade from date '2024-01-01'), extract(millennium from date '2001-01-01'), extract(isoyear from date '2024-12-30');
select extract(milliseconds from time '10:00:01.5'), extract(microseconds from time '10:00:01.5'), extract(julian from date '2024-01-01');
select extract(days from interval '40 days 3 hours'), extract(hours from interval '40 days 3 hours'), extract(month from interval '14 months'), extract(year from interval '14 months');
select extract(timezone from timestamptz '2024-01-01 00:00:00+00'), pg_typeof(extract(year from date '2024-01-01'));
select extract(foo from date '2024-01-01');
select extract(hour from date '2024-01-01');
select date_part('year', timestamp '2024-05-17 13:45:12'), date_part('dow', date '2024-05-17'), date_part('epoch', timestamp '2000-01-01'), pg_typeof(date_part('day', date '2024-01-01'));
select date_part('minute', interval '2 hours 30 minutes'), date_part('second', time '01:02:03.25');
select age(timestamp '2024-05-17', timestamp '2020-02-29'), age(timestamp '2024-03-01', timestamp '2024-02-28 12:00'), age(date '2024-01-01', date '2024-12-31');
select age(timestamp '2024-01-31', timestamp '2023-12-31'), age(timestamp '2024-03-31', timestamp '2024-02-29'), age(timestamp '2000-01-01', timestamp '2000-01-01');
select to_timestamp(0), to_timestamp(1700000000), to_timestamp(1.5), pg_typeof(to_timestamp(0));
select to_timestamp('2024-05-17 13:45:12', 'YYYY-MM-DD HH24:MI:SS'), to_timestamp('17/05/2024', 'DD/MM/YYYY'), to_timestamp('2024 May 17', 'YYYY Mon DD');
select to_timestamp('05:45 PM', 'HH:MI AM')::time, to_timestamp('20240517', 'YYYYMMDD');
select to_timestamp('2024-13-01', 'YYYY-MM-DD');
select to_date('2024-05-17', 'YYYY-MM-DD'), to_date('17.05.24', 'DD.MM.YY'), to_date('2024-366', 'YYYY-DDD');
select make_date(2024, 2, 29), make_date(-44, 3, 15), make_time(13, 45, 12.5), make_timestamp(2024, 5, 17, 13, 45, 12.5), make_interval(0, 0, 1, 10, 2);
select make_date(2023, 2, 29);
select make_date(2024, 13, 1);
select make_date(0, 1, 1);

-- Interval and date arithmetic.
select date '2024-01-31' + 1, date '2024-03-01' - 1, date '2024-03-01' - date '2024-02-01', pg_typeof(date '2024-03-01' - date '2024-02-01');
select date '2024-01-31' + interval '1 month', date '2024-02-29' + interval '1 year', date '2024-01-01' - interval '1 day';
select timestamp '2024-01-31 10:00' + interval '1 month', timestamp '2024-01-01 00:00' - interval '1 hour', timestamp '2024-03-10 12:00' - timestamp '2024-03-09 06:30';
select timestamp '2024-01-01' + interval '1 day 1 hour 1 minute 1.5 seconds', timestamp '2024-01-01' + interval '-1 mons', timestamp '2024-12-31' + interval '1 year 1 month';
select interval '1 day' + interval '3 hours', interval '1 day' - interval '25 hours', interval '2 hours' * 3, interval '1 hour' / 4, interval '1 month' * 1.5;
select interval '1 year 2 months 3 days 04:05:06.7', -interval '1 day', interval '90 minutes', interval '36 hours', interval '0';
select justify_days(interval '35 days'), justify_hours(interval '27 hours'), justify_interval(interval '1 month -1 hour');
select interval '1 day' = interval '24 hours', interval '1 month' = interval '30 days', interval '1 day' < interval '25 hours';
select time '10:00' + interval '3 hours', time '23:00' + interval '2 hours', time '10:00' - time '08:30', date '2024-01-01' + time '12:30';
select timestamp '2024-01-01 12:00' < timestamp '2024-01-02', date '2024-01-01' = timestamp '2024-01-01 00:00', date '2024-01-01' < timestamp '2024-01-01 00:00:01';
select '2024-01-01'::date + 'x';
select date '2024-01-01' + date '2024-01-02';
select interval '1 day' / 0;
select timestamp '294276-12-31' + interval '1 year';
select date 'infinity', date '-infinity' < date '1900-01-01', timestamp 'infinity' > now(), 'epoch'::timestamp, 'allballs'::time;
select timestamp '2024-05-17 13:45:12.123456', timestamp '2024-05-17 13:45:12.1234567', time '13:45:12.999999', timestamp(0) '2024-05-17 13:45:12.5';
select '2024-05-17 13:45:12.5+02'::timestamptz, '2024-05-17 13:45:12 America/New_York'::timestamptz, '2024-05-17T13:45:12Z'::timestamptz;
select timestamptz '2024-05-17 13:45:12+02' at time zone 'UTC', timestamp '2024-05-17 13:45:12' at time zone 'Europe/Paris', timezone('Asia/Tokyo', timestamptz '2024-01-01 00:00+00');
select '13:45:12+02'::timetz, '13:45'::time, '1:45 pm'::time, 'May 17, 2024'::date, '17.05.2024'::date, '2024/05/17'::date, '20240517'::date;
select date '0001-01-01' - 1, date '4713-01-01 BC', timestamp '2024-05-17 BC';
select current_date = now()::date, current_timestamp = now(), now() - now(), pg_typeof(now()), pg_typeof(current_date), pg_typeof(localtimestamp), pg_typeof(current_time);
select now() > timestamptz '2020-01-01', statement_timestamp() >= transaction_timestamp(), clock_timestamp() >= now();
select isfinite(date '2024-01-01'), isfinite(timestamp 'infinity'), isfinite(interval '1 day');
select (timestamp '2024-05-17', timestamp '2024-05-20') overlaps (timestamp '2024-05-19', timestamp '2024-05-25');

-- DateStyle and IntervalStyle.
set datestyle = 'ISO, DMY';
select date '2024-05-17', '05/06/2024'::date;
set datestyle = 'SQL, MDY';
select date '2024-05-17', timestamp '2024-05-17 13:45:12', '05/06/2024'::date;
set datestyle = 'German';
select date '2024-05-17', timestamp '2024-05-17 13:45:12';
set datestyle = 'Postgres, MDY';
select date '2024-05-17', timestamp '2024-05-17 13:45:12', timestamptz '2024-05-17 13:45:12+00';
reset datestyle;
set intervalstyle = 'postgres_verbose';
select interval '1 year 2 months 3 days 04:05:06', interval '-1 day';
set intervalstyle = 'sql_standard';
select interval '1 year 2 months', interval '3 days 04:05:06', interval '1 year 3 days';
set intervalstyle = 'iso_8601';
select interval '1 year 2 months 3 days 04:05:06.5', interval '0';
reset intervalstyle;
set timezone = 'America/New_York';
select timestamptz '2024-07-01 12:00:00+00', timestamptz '2024-01-01 12:00:00+00', '2024-03-10 02:30'::timestamptz;
select extract(hour from timestamptz '2024-07-01 12:00:00+00'), date_trunc('day', timestamptz '2024-07-01 02:00:00+00');
select timestamptz '2024-03-09 12:00' + interval '1 day', timestamptz '2024-03-09 12:00' + interval '24 hours';
set timezone = '+05:30';
select timestamptz '2024-07-01 12:00:00+00';
reset timezone;
