// check.js drives node-postgres (npm pg, with pg-cursor) through the
// features applications lean on and prints a transcript that must read the
// same against tusk and against PostgreSQL 15: values with the JavaScript
// types pg maps them to, field names and type OIDs, row counts, commands
// and the SQLSTATEs of deliberate errors; nothing that differs between two
// servers by nature (process IDs, clock readings, version strings).
//
// Usage: node check.js CONNECTION-URL
'use strict';

const { Client, Pool } = require('pg');
const Cursor = require('pg-cursor');

function show(v) {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Buffer.isBuffer(v)) return 'Buffer(' + v.toString('hex') + ')';
  if (v instanceof Date) return 'Date(' + v.toISOString() + ')';
  if (Array.isArray(v)) return '[' + v.map(show).join(', ') + ']';
  if (typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return (v.constructor && v.constructor.name !== 'Object' ? v.constructor.name : '') +
      '{' + keys.map((k) => k + ': ' + show(v[k])).join(', ') + '}';
  }
  return typeof v + '(' + JSON.stringify(v) + ')';
}

function printResult(r) {
  const results = Array.isArray(r) ? r : [r];
  for (const res of results) {
    if (res.fields && res.fields.length > 0) {
      console.log('fields ' + res.fields.map((f) => f.name + ':' + f.dataTypeID + ':' + f.format).join(' '));
    }
    for (const row of res.rows) {
      if (Array.isArray(row)) {
        console.log('  ' + row.map(show).join(' '));
      } else {
        console.log('  ' + res.fields.map((f) => show(row[f.name])).join(' '));
      }
    }
    console.log(res.command + ' ' + res.rowCount);
  }
}

async function run(client, q, params) {
  try {
    printResult(await client.query(q, params));
  } catch (e) {
    if (!e.code) throw e;
    console.log('error ' + e.code);
    console.error('error ' + e.code + ': ' + e.message);
  }
}

async function main() {
  const client = new Client({ connectionString: process.argv[2] });
  const notices = [];
  client.on('notice', (n) => notices.push(n.severity + ' ' + n.code + ' ' + n.message));
  await client.connect();

  console.log('== connect');
  await run(client, 'select 1 as one, $1::text as two', ['two']);
  await run(client, 'show client_encoding');
  await run(client, 'show DateStyle');
  await run(client, 'show integer_datetimes');

  console.log('== simple queries');
  await run(client, 'create table things (id serial primary key, name text not null unique, price numeric(8,2), ' +
    'qty int, big bigint, ratio float8, small real, active boolean, made date, at timestamp, atz timestamptz, ' +
    'tags text[], nums int[], meta jsonb, raw json, blob bytea, uid uuid, dur interval, t time)');
  await run(client, "insert into things (name, price, qty, big, ratio, small, active, made, at, atz, tags, nums, meta, raw, blob, uid, dur, t) values " +
    "('a', 9.99, 3, 9007199254740993, 0.5, 1.25, true, '2024-02-29', '2024-01-01 10:20:30.123456', '2024-01-01 10:20:30+02', " +
    "'{x,\"y z\",null}', '{1,2,3}', '{\"k\": [1, {\"n\": null}]}', '[1, 2]', '\\x00ff', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '1 day 02:03:04', '13:14:15'), " +
    "('b', null, null, null, null, null, false, null, null, null, '{}', null, null, null, null, null, null, null)");
  await run(client, 'select * from things order by id');
  await run(client, 'select 1 as a; select 2 as b, 3 as c');
  await run(client, "update things set qty = coalesce(qty, 0) + 1");
  await run(client, "delete from things where name = 'nobody'");

  console.log('== parameterized (extended protocol)');
  await run(client, 'insert into things (name, price, qty, active, made, atz, tags, meta, blob) ' +
    'values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id, name, price, made, atz, tags, meta, blob',
  ['c', '12.50', 7, true, '2023-12-31', new Date(Date.UTC(2020, 5, 15, 8, 30, 0, 250)), ['p', 'q'], { a: [1, 2] }, Buffer.from([1, 2, 255])]);
  await run(client, 'select $1::int + $2::int as sum, $3::text || $4::text as cat, $5::bool as b, $6::numeric as n, $7::int is null as isnull',
    [40, 2, 'a', 'b', false, '1e-3', null]);
  await run(client, 'select name from things where id = any($1::int[]) order by name', [[1, 3, 99]]);
  await run(client, 'select name from things where name like $1 order by 1', ['%']);
  await run(client, { text: 'select id, name from things order by id', rowMode: 'array' });
  await run(client, { text: 'select $1::date as d, $2::timestamptz as tz, $3::float8 as f', values: ['2000-01-01', '2000-01-01T00:00:00Z', 1.5] });

  console.log('== prepared (named) queries');
  for (let i = 1; i <= 3; i++) {
    await run(client, { name: 'by-id', text: 'select id, name, qty from things where id = $1', values: [i] });
  }
  await run(client, { name: 'ins', text: 'insert into things (name, qty) values ($1, $2) returning id', values: ['d', 1] });
  await run(client, { name: 'ins', text: 'insert into things (name, qty) values ($1, $2) returning id', values: ['e', 2] });

  console.log('== types');
  await run(client, "select 1::int2 as i2, 2::int4 as i4, 3::int8 as i8, 4.5::float4 as f4, 6.25::float8 as f8, " +
    "7.125::numeric as n, 'NaN'::numeric as nan, 'Infinity'::float8 as inf, true as bool, 'x'::char(3) as ch, 'y'::varchar(5) as vc, 'n'::name as nm");
  await run(client, "select '2024-03-10'::date as d, '2024-03-10 01:02:03.5'::timestamp as ts, '2024-03-10 01:02:03.5+05:30'::timestamptz as tz, " +
    "'1 year 2 mons 3 days 04:05:06'::interval as iv, '23:59:59.999'::time as t, '-infinity'::timestamp as neginf");
  await run(client, "select array[1, null, 3] as ia, array['a', 'b,c', '\"'] as ta, array[[1, 2], [3, 4]] as ma, '{}'::int[] as empty, array[true, false] as ba, array[1.5]::numeric[] as na");
  await run(client, "select '{\"b\": 1, \"a\": [true, null]}'::jsonb as jb, '{\"b\": 1, \"a\": 2}'::json as j, '\\xdeadbeef'::bytea as by, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid as u, 12345678901234::int8 as big");
  await run(client, "select null::int as n1, null::text as n2, ''::text as empty, 'ü ✓'::text as utf8");

  console.log('== transactions');
  await run(client, 'begin');
  await run(client, "insert into things (name) values ('rolled back')");
  await run(client, 'rollback');
  await run(client, "select count(*) from things where name = 'rolled back'");
  await run(client, 'begin');
  await run(client, "insert into things (name) values ('kept')");
  await run(client, 'savepoint s');
  await run(client, "insert into things (name) values ('dropped')");
  await run(client, 'rollback to savepoint s');
  await run(client, 'commit');
  await run(client, "select name from things where name in ('kept', 'dropped')");
  await run(client, 'begin');
  await run(client, 'select 1/0');
  await run(client, 'select 1');
  await run(client, 'rollback');
  await run(client, 'begin isolation level serializable read only');
  await run(client, 'show transaction_isolation');
  await run(client, "insert into things (name) values ('ro')");
  await run(client, 'rollback');

  console.log('== errors');
  await run(client, 'select 1/0');
  await run(client, "insert into things (name) values ('a')");
  await run(client, 'insert into things (name) values (null)');
  await run(client, 'select * from missing_table');
  await run(client, 'select missing_column from things');
  await run(client, 'selec 1');
  await run(client, 'select $1::int', ['not a number']);
  await run(client, 'select $1::int, $2::int', [1]);
  try {
    await client.query("select 'a'::int");
  } catch (e) {
    console.log('error fields ' + [e.severity, e.code, e.position].join(' '));
  }
  await run(client, "select 'still alive' as ok");

  console.log('== cursor');
  await run(client, 'begin');
  const cursor = client.query(new Cursor('select g, g * g as sq from generate_series(1, 7) g where g > $1', [0]));
  for (;;) {
    const rows = await cursor.read(3);
    if (rows.length === 0) break;
    console.log('read ' + rows.map((r) => r.g + ':' + r.sq).join(' '));
  }
  await cursor.close();
  await run(client, 'commit');

  console.log('== cursor outside a transaction');
  const cur2 = client.query(new Cursor('select g from generate_series(1, 10) g'));
  const first = await cur2.read(4);
  const rest = await cur2.read(100);
  await cur2.close();
  console.log('read ' + first.length + ' then ' + rest.length);

  console.log('== listen and notify');
  const got = [];
  client.on('notification', (m) => got.push(m.channel + ':' + m.payload));
  await run(client, 'listen chan');
  const other = new Client({ connectionString: process.argv[2] });
  await other.connect();
  await run(other, "notify chan, 'first'");
  await run(other, "select pg_notify('chan', 'second') is null as sent");
  await run(other, 'begin');
  await run(other, "notify chan, 'at commit'");
  await run(other, 'commit');
  await other.end();
  await run(client, 'select 1 as flush');
  for (let i = 0; i < 500 && got.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
  console.log('notifications ' + got.join(' '));
  await run(client, 'unlisten chan');

  console.log('== statement_timeout');
  await run(client, 'set statement_timeout = 100');
  await run(client, 'select pg_sleep(2)');
  await run(client, 'reset statement_timeout');
  await run(client, "select 'alive' as state");

  console.log('== pool');
  const pool = new Pool({ connectionString: process.argv[2], max: 3 });
  const doubled = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => pool.query('select $1::int * 2 as d', [i])));
  console.log('doubled ' + doubled.map((r) => r.rows[0].d).join(' '));
  await pool.end();

  console.log('== many parameters');
  const vals = Array.from({ length: 300 }, (_, i) => i);
  await run(client, 'select ' + vals.map((_, i) => '$' + (i + 1) + '::int').join(' + ') + ' as total', vals);

  console.log('== notices');
  await run(client, 'drop table if exists no_such_table');
  await run(client, 'create table if not exists things (x int)');
  for (const n of notices) console.log('notice ' + n);

  await client.end();
  console.log('== done');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
