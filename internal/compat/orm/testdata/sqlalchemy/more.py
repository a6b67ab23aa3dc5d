"""More of SQLAlchemy's PostgreSQL dialect and Alembic's autogenerate
against one server (internal/compat/orm): PostgreSQL types, identity and
computed columns, comments, views, sequences, other schemas, upserts, and
alembic's compare_metadata between the models and the reflected schema.

Runs under Debian's /usr/bin/python3 like orm.py; the server is ORM_DSN.
"""

import datetime
import decimal
import os
import uuid

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

dsn = os.environ["ORM_DSN"]
engine = sa.create_engine("postgresql+psycopg2://" + dsn.split("://", 1)[1], future=True)


def out(*args):
    print(*args)


def step(name, fn):
    try:
        with engine.begin() as conn:
            res = fn(conn)
        out(f"{name}: ok")
        return res
    except sa.exc.DBAPIError as e:
        code = getattr(e.orig, "pgcode", None)
        msg = str(e.orig).strip().splitlines()[0]
        out(f"{name}: error {code}: {msg}")
    return None


metadata = sa.MetaData()
events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(start=10, increment=5), primary_key=True),
    sa.Column("uid", pg.UUID(as_uuid=True), nullable=False, unique=True),
    sa.Column("kind", sa.String(20), nullable=False, server_default="note", comment="what happened"),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("day", sa.Date),
    sa.Column("took", sa.Interval),
    sa.Column("payload", pg.JSONB, server_default=sa.text("'{}'::jsonb")),
    sa.Column("tags", pg.ARRAY(sa.Text)),
    sa.Column("amount", sa.Numeric(12, 3)),
    sa.Column("amount2", sa.Numeric(12, 3), sa.Computed("amount * 2")),
    sa.Column("raw", sa.LargeBinary),
    sa.Column("ratio", sa.REAL),
    sa.Column("code", sa.CHAR(3)),
    sa.Column("t", sa.Time),
    comment="things that happened",
)
sa.Index("ix_events_kind_at", events.c.kind, events.c.at.desc())
# Indexes on expressions and partial indexes are left out: tusk refuses
# them (0A000), see COMPATIBILITY.md.
counters = sa.Table(
    "counters", metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("n", sa.Integer, nullable=False, server_default="0"),
    schema="stats",
)
seq = sa.Sequence("ticket_seq", start=100, increment=10, metadata=metadata)

step("create schema", lambda c: c.execute(sa.schema.CreateSchema("stats")))
step("create_all", lambda c: metadata.create_all(c))
step("view", lambda c: c.execute(sa.text(
    "create view alerts as select id, kind, at from events where kind = 'alert'")))

rows = [
    {"uid": uuid.UUID(int=1), "kind": "alert", "at": datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
     "day": datetime.date(2026, 1, 2), "took": datetime.timedelta(minutes=90), "payload": {"level": 3, "who": ["a", "b"]},
     "tags": ["x", "y"], "amount": decimal.Decimal("1.250"), "raw": b"\x00\x01\xff", "ratio": 0.5, "code": "ab",
     "t": datetime.time(12, 30)},
    {"uid": uuid.UUID(int=2), "kind": "note", "at": datetime.datetime(2026, 1, 3, tzinfo=datetime.timezone.utc),
     "day": None, "took": None, "payload": None, "tags": [], "amount": None, "raw": None, "ratio": None, "code": None,
     "t": None},
]
step("insert", lambda c: c.execute(events.insert(), rows))
step("read", lambda c: [out("  ", tuple(r)) for r in c.execute(
    sa.select(events).order_by(events.c.id))])
step("jsonb and arrays", lambda c: [out("  ", tuple(r)) for r in c.execute(
    sa.select(events.c.id, events.c.payload["level"].astext, events.c.payload.has_key("who"),
              events.c.tags.any("y"), sa.func.array_length(events.c.tags, 1))
    .order_by(events.c.id))])
step("next ticket", lambda c: out("  ", c.execute(sa.select(seq.next_value())).scalar_one(),
                                  c.execute(sa.select(seq.next_value())).scalar_one()))
up = pg.insert(counters).values(name="hits", n=1)
up = up.on_conflict_do_update(index_elements=["name"], set_={"n": counters.c.n + up.excluded.n})
step("upsert 1", lambda c: c.execute(up))
step("upsert 2", lambda c: c.execute(up))
step("upsert nothing", lambda c: c.execute(pg.insert(counters).values(name="hits", n=9).on_conflict_do_nothing()))
step("counters", lambda c: out("  ", c.execute(sa.select(counters)).all()))
step("returning", lambda c: out("  ", c.execute(
    events.update().where(events.c.kind == "note").values(amount=2).returning(events.c.id, events.c.amount2)).all()))

insp = sa.inspect(engine)
out("schemas:", [s for s in insp.get_schema_names() if s in ("public", "stats", "information_schema")])
out("tables:", insp.get_table_names(), insp.get_table_names(schema="stats"))
out("views:", insp.get_view_names())
out("view definition:", " ".join(insp.get_view_definition("alerts").split()))
out("sequences:", insp.get_sequence_names())
out("has_sequence:", insp.has_sequence("ticket_seq"), insp.has_sequence("nosuch"))
out("table comment:", insp.get_table_comment("events"))
for c in insp.get_columns("events"):
    out(f"  events.{c['name']}: {c['type']!r} nullable={c['nullable']} default={c['default']!r} "
        f"comment={c.get('comment')!r} identity={c.get('identity')!r} computed={c.get('computed')!r}")
for ix in sorted(insp.get_indexes("events"), key=lambda i: i["name"]):
    out(f"  index {ix['name']}: {ix['column_names']} unique={ix['unique']} {ix.get('expressions')} "
        f"{ix.get('column_sorting')} {ix.get('dialect_options')}")
for c in insp.get_columns("counters", schema="stats"):
    out(f"  stats.counters.{c['name']}: {c['type']!r} default={c['default']!r}")
out("stats pk:", insp.get_pk_constraint("counters", schema="stats"))

# Reflect everything into a fresh MetaData, as tools that start from an
# existing database do.
reflected = sa.MetaData()
reflected.reflect(engine, views=True)
for t in sorted(reflected.tables):
    out("reflected:", t, [c.name for c in reflected.tables[t].columns])

# Alembic's autogenerate: what differs between the models and the database.
# First nothing, then the changes a developer made to the models.
def compare(c, md):
    ctx = MigrationContext.configure(c, opts={"compare_type": True, "compare_server_default": True,
                                              "include_schemas": False})
    diffs = compare_metadata(ctx, md)
    lines = []
    for d in diffs:
        if isinstance(d, tuple):
            lines.append(f"{d[0]} {getattr(d[-1], 'name', None)}")
        else:  # a list of column modifications
            lines.extend(f"{x[0]} {x[2]}.{x[3]}: {x[-2]!r} -> {x[-1]!r}" for x in d)
    for line in sorted(lines):
        out("  diff:", line)
    return diffs


step("autogenerate unchanged", lambda c: compare(c, metadata))
changed = sa.MetaData()
sa.Table(
    "events", changed,
    sa.Column("id", sa.BigInteger, sa.Identity(start=10, increment=5), primary_key=True),
    sa.Column("uid", pg.UUID(as_uuid=True), nullable=False, unique=True),
    sa.Column("kind", sa.String(40), nullable=False, server_default="note", comment="what happened"),
    sa.Column("at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("payload", pg.JSONB, server_default=sa.text("'{}'::jsonb")),
    sa.Column("tags", pg.ARRAY(sa.Text)),
    sa.Column("amount", sa.Numeric(12, 3)),
    sa.Column("amount2", sa.Numeric(12, 3), sa.Computed("amount * 2")),
    sa.Column("raw", sa.LargeBinary),
    sa.Column("ratio", sa.REAL),
    sa.Column("code", sa.CHAR(3)),
    sa.Column("t", sa.Time),
    sa.Column("extra", sa.Integer),
    comment="things that happened",
)
sa.Table("notes", changed, sa.Column("id", sa.Integer, primary_key=True))
step("autogenerate changed", lambda c: compare(c, changed))
step("drop", lambda c: [c.execute(sa.text(s)) for s in (
    "drop view alerts", "drop table events", "drop sequence ticket_seq", "drop schema stats cascade")])
out("tables left:", sa.inspect(engine).get_table_names())
