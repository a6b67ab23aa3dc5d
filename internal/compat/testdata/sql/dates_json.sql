-- Dates, times, intervals and JSON as applications store and query them.

set timezone = 'UTC';
create table events (
  id int primary key,
  day date not null,
  at timestamptz,
  local timestamp,
  took interval,
  payload jsonb,
  raw json
);
insert into events values
  (1, '2024-01-15', '2024-01-15 09:30:00+00', '2024-01-15 09:30:00', '1 hour 30 minutes', '{"kind": "login", "user": {"id": 7, "tags": ["a", "b"]}}', '{"x": 1}'),
  (2, '2024-02-29', '2024-02-29 23:59:59.5+00', '2024-02-29 23:59:59.5', '2 days', '{"kind": "logout", "user": {"id": 8}}', '[1, 2]'),
  (3, '2023-12-31', null, null, null, null, null);
select * from events order by id;

select day + 1, day - 1, day - date '2024-01-01', day + interval '1 month' from events order by id;
select extract(year from day), extract(month from day), extract(dow from day), date_trunc('month', at) from events order by id;
select at + took, at - interval '1 day', age(timestamp '2024-03-01', local) from events where at is not null order by id;
select id from events where day between '2024-01-01' and '2024-12-31' order by id;
select id from events where at >= timestamptz '2024-02-01 00:00:00+00' order by id;
select to_char(day, 'YYYY-MM-DD Dy'), to_char(at, 'HH24:MI:SS') from events order by id;
select date_part('epoch', timestamptz '2024-01-01 00:00:00+00'), make_date(2024, 2, 29);
select '2024-02-30'::date;
select 'yesterday'::date < 'tomorrow'::date;
select interval '90 minutes', interval '1 year 2 months' * 2, justify_hours(interval '30 hours');

select payload -> 'user' -> 'id', payload ->> 'kind', payload #>> '{user,tags,0}' from events order by id;
select id from events where payload @> '{"kind": "login"}' order by id;
select id from events where payload ? 'kind' order by id;
select jsonb_build_object('id', id, 'day', day) from events order by id;
select jsonb_array_length(payload -> 'user' -> 'tags') from events where id = 1;
select raw -> 'x', raw -> 1 from events order by id;
select jsonb_agg(id order by id), json_agg(day order by day) from events;
select '{"b": 2, "a": 1}'::jsonb, '{"b": 2, "a": 1}'::json;
select '{"a": 1'::jsonb;
update events set payload = payload || '{"seen": true}' where id = 1 returning payload;
select key, value from jsonb_each((select payload from events where id = 2)) order by key;
