"""Drive psycopg2 through the features applications lean on and print a
transcript that must read the same against tusk and against PostgreSQL 15.

The transcript holds values with the Python types psycopg2 maps them to,
column names and type OIDs of cursor.description, row counts, notices and
the SQLSTATEs of deliberate errors; nothing that differs between two
servers by nature (process IDs, clock readings, version strings).

Usage: /usr/bin/python3 check.py DSN
"""

import datetime
import decimal
import io
import select
import sys
import uuid

import psycopg2
import psycopg2.extras


def out(*args, **kw):
    print(*args, **kw)


def show(v):
    """A value with its Python type, deterministic across servers."""
    if v is None:
        return "None"
    if isinstance(v, memoryview):
        v = bytes(v)
    if isinstance(v, (list, tuple)):
        return type(v).__name__ + "[" + ", ".join(show(x) for x in v) + "]"
    if isinstance(v, dict):
        return "dict{" + ", ".join("%r: %s" % (k, show(v[k])) for k in sorted(v)) + "}"
    return "%s(%r)" % (type(v).__name__, v)


def describe(cur):
    return " ".join("%s:%d" % (d.name, d.type_code) for d in cur.description)


def run(cur, sql, args=None):
    """Run one statement and print its result, or the SQLSTATE of its error."""
    try:
        cur.execute(sql, args)
    except psycopg2.Error as e:
        out("error", e.pgcode)
        print("error", e.pgcode, e.pgerror, file=sys.stderr)
        cur.connection.rollback()
        return
    if cur.description is None:
        out("ok", cur.statusmessage, cur.rowcount)
        return
    out("columns", describe(cur))
    for row in cur.fetchall():
        out(" ", " ".join(show(v) for v in row))
    out("(%d rows)" % cur.rowcount)


def named_cursors(conn):
    """Server-side cursors: DECLARE, then FETCH FORWARD itersize at a time."""
    with conn.cursor(name="walk") as named:
        named.itersize = 3
        named.execute("select g, g * 2 from generate_series(1, 10) g order by g")
        seen = [r for r in named]
        out("rows", len(seen), "first", show(seen[0]), "last", show(seen[-1]))
    with conn.cursor(name="walk2") as named:
        named.execute("select id, what from events order by id")
        out("fetchmany", show(named.fetchmany(2)))
        out("fetchone", show(named.fetchone()))
        out("fetchall", len(named.fetchall()))
    conn.commit()


def more_cursors(conn):
    """A scrollable named cursor and one WITH HOLD across a commit."""
    c = conn.cursor("scroller", scrollable=True)
    c.execute("select g from generate_series(1, 10) g order by g")
    first = c.fetchmany(3)
    c.scroll(-2)
    back = c.fetchone()
    c.scroll(7, mode="absolute")
    at = c.fetchone()
    out("scroll", show(first), show(back), show(at))
    c.close()
    conn.commit()
    c = conn.cursor("holder", withhold=True)
    c.execute("select id, name from people where id <= 3 order by id")
    conn.commit()
    out("withhold", show(c.fetchall()))
    c.close()
    conn.commit()


def main():
    conn = psycopg2.connect(sys.argv[1])
    cur = conn.cursor()

    out("== connect")
    out("server_version_num", conn.server_version // 10000)
    out("encoding", conn.encoding)
    out("status", conn.status, "autocommit", conn.autocommit)
    run(cur, "select 1 as one, 'two' as two")
    run(cur, "show standard_conforming_strings")
    conn.commit()

    out("== schema")
    run(cur, "create table people (id serial primary key, name text not null unique, born date, "
             "height numeric(4,2), tags text[], data json, doc jsonb, flag boolean default false, "
             "score float8, uid uuid, seen timestamptz, wake time, pic bytea, big bigint, small smallint)")
    run(cur, "create table events (id bigserial primary key, person int references people(id), "
             "at timestamp, what text)")
    conn.commit()

    out("== parameters")
    rows = [
        ("ann", datetime.date(1990, 5, 17), decimal.Decimal("1.72"), ["a", "b"],
         psycopg2.extras.Json({"k": [1, 2]}), psycopg2.extras.Json({"z": None, "a": 1.5}),
         True, 0.1 + 0.2, uuid.UUID(int=7), datetime.datetime(2024, 1, 2, 3, 4, 5, 600000, tzinfo=datetime.timezone.utc),
         datetime.time(6, 30), psycopg2.Binary(b"\x00\xff'\\"), 2 ** 40, -3),
        ("bob 'quoted'", None, None, [], None, None, False, float("inf"), None, None, None, None, None, None),
        ("cé \u00e7a", datetime.date(2000, 2, 29), decimal.Decimal("-0.50"), ["x, y", None, 'q"'],
         psycopg2.extras.Json([1, "two"]), psycopg2.extras.Json([]), None, -1e-10, uuid.UUID(int=2 ** 128 - 1),
         datetime.datetime(1999, 12, 31, 23, 59, 59, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
         datetime.time(23, 59, 59, 999999), psycopg2.Binary(b""), -(2 ** 62), 32767),
    ]
    psycopg2.extras.register_uuid()
    for r in rows:
        run(cur, "insert into people (name, born, height, tags, data, doc, flag, score, uid, seen, wake, pic, big, small) "
                 "values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) returning id", r)
    conn.commit()
    run(cur, "select * from people order by id")
    run(cur, "select %s::int + %s as sum, %s || 'x' as cat, %s as nothing, %s as yes, %s as pct",
        (40, 2, "a%b", None, True, decimal.Decimal("12.5")))
    run(cur, "select %(a)s as a, %(b)s as b, %(a)s = %(a)s as same", {"a": 5, "b": "five"})
    run(cur, "select name from people where name = any(%s) order by 1", (["ann", "nobody", "cé \u00e7a"],))
    run(cur, "select name from people where id in %s order by 1", ((1, 2),))
    run(cur, "select %s::date + 1 as d, %s::interval * 2 as i, %s::timestamp as ts",
        (datetime.date(2024, 2, 28), datetime.timedelta(days=1, seconds=3661), datetime.datetime(2020, 1, 1, 12, 0)))
    run(cur, "select 1.5::numeric as n, 'NaN'::numeric as nan, 1e100::float8 as f, 12345678901234567890::numeric as big")
    run(cur, "select array[1, 2, null] as ints, array[[1.5, 2.5], [3.5, 4.5]]::numeric[] as nums, '{}'::text[] as empty")
    run(cur, "select '{\"a\": {\"b\": [1, 2.5, true, null]}}'::json as j, '{\"b\": 1, \"a\": 2}'::jsonb as jb")
    run(cur, "select interval '1 year 2 mons 3 days 04:05:06.7' as iv, time with time zone '10:00+02' as ttz")
    conn.commit()

    out("== executemany")
    cur.executemany("insert into events (person, at, what) values (%s, %s, %s)",
                    [(1, datetime.datetime(2024, 1, d), "day %d" % d) for d in range(1, 6)])
    out("rowcount", cur.rowcount)
    psycopg2.extras.execute_values(cur, "insert into events (person, at, what) values %s",
                                   [(2, None, "v1"), (3, datetime.datetime(2030, 6, 1), "v2")])
    out("rowcount", cur.rowcount)
    psycopg2.extras.execute_batch(cur, "update events set what = what || '!' where id = %s", [(1,), (2,), (99,)])
    conn.commit()
    run(cur, "select id, person, at, what from events order by id")

    out("== named cursor")
    try:
        named_cursors(conn)
    except psycopg2.Error as e:
        out("error", e.pgcode)
        print("error", e.pgcode, e.pgerror, file=sys.stderr)
        conn.rollback()

    out("== copy")
    buf = io.StringIO("1\tcopied one\t2024-03-01 10:00:00\n2\t\\N\t\\N\n3\ttab\\there\t2024-03-02 00:00:00\n")
    cur.copy_expert("copy events (person, what, at) from stdin", buf)
    out("copy in", cur.rowcount)
    buf = io.StringIO("id,what\n100,\"with, comma\"\n101,\"quote \"\" inside\"\n")
    cur.copy_expert("copy events (id, what) from stdin with (format csv, header true)", buf)
    out("copy in csv", cur.rowcount)
    conn.commit()
    dump = io.StringIO()
    cur.copy_expert("copy (select id, person, what, at from events where id >= 8 order by id) to stdout", dump)
    out("copy out text")
    out(dump.getvalue(), end="")
    dump = io.StringIO()
    cur.copy_expert("copy (select id, what from events where id >= 100 order by id) to stdout with csv header", dump)
    out("copy out csv")
    out(dump.getvalue(), end="")
    try:
        cur.copy_expert("copy events (person) from stdin", io.StringIO("not a number\n"))
    except psycopg2.Error as e:
        out("copy error", e.pgcode)
        conn.rollback()

    out("== transactions")
    run(cur, "insert into people (name) values ('rolled back')")
    conn.rollback()
    run(cur, "select count(*) from people where name = 'rolled back'")
    run(cur, "insert into people (name) values ('kept')")
    run(cur, "savepoint s1")
    run(cur, "insert into people (name) values ('dropped')")
    run(cur, "rollback to savepoint s1")
    conn.commit()
    run(cur, "select name from people where name in ('kept', 'dropped')")
    conn.commit()
    conn.autocommit = True
    run(cur, "insert into people (name) values ('auto')")
    run(cur, "select count(*) from people")
    conn.autocommit = False
    with conn:
        with conn.cursor() as c2:
            c2.execute("update people set flag = true where name = 'auto'")
            out("with-block rowcount", c2.rowcount)
    conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
    run(cur, "show transaction_isolation")
    run(cur, "show transaction_read_only")
    run(cur, "insert into people (name) values ('readonly')")
    conn.rollback()
    conn.set_session(isolation_level="DEFAULT", readonly="DEFAULT")
    out("status", conn.status)

    out("== errors")
    run(cur, "select 1/0")
    run(cur, "insert into people (name) values ('ann')")
    run(cur, "insert into events (person) values (12345)")
    run(cur, "select * from nowhere")
    run(cur, "select nosuchcolumn from people")
    run(cur, "selectt 1")
    run(cur, "select %s::int", ("x",))
    run(cur, "insert into people (name) values (null)")
    try:
        cur.execute("select 1/0")
    except psycopg2.errors.DivisionByZero as e:
        out("class", type(e).__name__, "diag", e.diag.sqlstate, e.diag.severity)
    out("status after error", conn.get_transaction_status())
    conn.rollback()
    run(cur, "create table checked (id int primary key, n int not null check (n > 0), p int references people(id))")
    conn.commit()
    for sql in ("insert into checked values (1, null, null)", "insert into checked values (1, -1, null)",
                "insert into checked values (1, 1, 999)", "insert into checked values (1, 1, 1)",
                "insert into checked values (1, 2, null)", "delete from people where id = 1"):
        try:
            cur.execute(sql)
            out("ok", cur.statusmessage)
            conn.commit()
        except psycopg2.Error as e:
            d = e.diag
            out("diag", d.sqlstate, d.schema_name, d.table_name, d.column_name, d.constraint_name, d.datatype_name)
            conn.rollback()
    conn.rollback()
    run(cur, "select 'recovered'")
    conn.commit()

    out("== notices")
    conn.notices.clear()
    run(cur, "drop table if exists no_such_table")
    run(cur, "create table if not exists people (x int)")
    for n in conn.notices:
        out("notice", n.strip())
    conn.commit()

    out("== client encoding")
    conn.set_client_encoding("LATIN1")
    out("encoding", conn.encoding)
    run(cur, "select 'caf\u00e9' as word, length('caf\u00e9'), octet_length('caf\u00e9'), 'caf\u00e9' = 'caf' || chr(233) as same")
    run(cur, "show client_encoding")
    run(cur, "select chr(8364)")
    conn.set_client_encoding("UTF8")
    run(cur, "select chr(8364) as euro")
    conn.commit()

    out("== more cursors")
    try:
        more_cursors(conn)
    except psycopg2.Error as e:
        out("error", e.pgcode)
        print("error", e.pgcode, e.pgerror, file=sys.stderr)
        conn.rollback()

    out("== copy_from and copy_to")
    cur.execute("create table pairs (k int primary key, v text)")
    cur.copy_from(io.StringIO("1\tone\n2\t\\N\n3\tthree\n"), "pairs", columns=("k", "v"))
    out("copy_from", cur.rowcount)
    dump = io.StringIO()
    cur.copy_to(dump, "pairs", sep="|", null="-")
    out("copy_to", repr(dump.getvalue()))
    conn.commit()

    out("== mogrify, callproc, parameter status")
    out(cur.mogrify("select %s, %s, %s, %s", (1, "it's", [1, None], None)).decode())
    cur.callproc("upper", ("abc",))
    out("callproc", show(cur.fetchall()))
    for k in ("client_encoding", "DateStyle", "integer_datetimes", "IntervalStyle", "standard_conforming_strings", "TimeZone", "is_superuser"):
        out("parameter", k, conn.get_parameter_status(k))
    conn.commit()

    out("== listen and notify")
    conn.autocommit = True
    run(cur, "listen chan")
    other = psycopg2.connect(sys.argv[1])
    other.autocommit = True
    ocur = other.cursor()
    ocur.execute("notify chan, 'first'")
    ocur.execute("select pg_notify('chan', 'second')")
    other.close()
    for _ in range(100):
        conn.poll()
        if len(conn.notifies) >= 2:
            break
        select.select([conn], [], [], 0.1)
    out("notifies", [(n.channel, n.payload) for n in conn.notifies])
    run(cur, "unlisten chan")
    conn.autocommit = False

    out("== statement_timeout")
    run(cur, "set statement_timeout = 100")
    run(cur, "select pg_sleep(2)")
    run(cur, "reset statement_timeout")
    run(cur, "select 'alive'")
    conn.commit()

    out("== dict and named tuple cursors")
    dc = conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor)
    dc.execute("select id, name, height from people where id <= 2 order by id")
    for r in dc.fetchall():
        out(" ", show(dict(r)))
    nc = conn.cursor(cursor_factory=psycopg2.extras.NamedTupleCursor)
    nc.execute("select id, name from people where id = 1")
    r = nc.fetchone()
    out(" ", r.id, r.name)
    conn.commit()

    conn.close()

    out("== connection parameters")
    for extra in ("options='-c search_path=pg_catalog,public -c statement_timeout=1234'", "application_name=check",
                  "target_session_attrs=read-write", "client_encoding=WIN1252"):
        c = psycopg2.connect(sys.argv[1] + " " + extra)
        k = c.cursor()
        k.execute("select current_setting('search_path'), current_setting('statement_timeout'), "
                  "current_setting('application_name'), current_setting('client_encoding')")
        out(extra, show(k.fetchone()), c.encoding)
        c.close()
    out("== done")


if __name__ == "__main__":
    main()
