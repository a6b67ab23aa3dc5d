"""SQLAlchemy and Alembic against one server (internal/compat/orm).

Runs under Debian's /usr/bin/python3 with python3-sqlalchemy (1.4),
python3-psycopg2 and python3-alembic. The server is ORM_DSN, a libpq URL.
Prints a transcript with nothing that varies between runs: the Go test
runs this against PostgreSQL and tusk and compares the two.
"""

import datetime
import os
import sys

import sqlalchemy as sa
from sqlalchemy import orm
from alembic.migration import MigrationContext
from alembic.operations import Operations

dsn = os.environ["ORM_DSN"]
url = "postgresql+psycopg2://" + dsn.split("://", 1)[1]
engine = sa.create_engine(url, future=True)


def out(*args):
    print(*args)


def step(name, fn):
    """Runs fn in a transaction of its own and prints ok or the error."""
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
authors = sa.Table(
    "authors", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("email", sa.String(120), unique=True),
    sa.Column("born", sa.Date),
    sa.Column("rating", sa.Numeric(4, 2), server_default="0"),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.CheckConstraint("rating >= 0", name="rating_nonneg"),
)
books = sa.Table(
    "books", metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("author_id", sa.Integer, sa.ForeignKey("authors.id", ondelete="CASCADE"), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("pages", sa.SmallInteger),
    sa.Column("price", sa.Float),
    sa.Column("published", sa.DateTime),
    sa.Column("isbn", sa.String(13)),
    sa.UniqueConstraint("author_id", "title", name="uq_books_author_title"),
    sa.Index("ix_books_title", "title"),
    sa.Index("ix_books_isbn", "isbn", unique=True),
)
tags = sa.Table(
    "tags", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("label", sa.String(30), nullable=False, unique=True),
)
book_tags = sa.Table(
    "book_tags", metadata,
    sa.Column("book_id", sa.BigInteger, sa.ForeignKey("books.id"), primary_key=True),
    sa.Column("tag_id", sa.Integer, sa.ForeignKey("tags.id"), primary_key=True),
)


def reflect(title):
    """Prints what inspect() sees of every table."""
    out(f"-- reflection: {title}")
    insp = sa.inspect(engine)
    names = insp.get_table_names()
    out("tables:", sorted(names))
    out("has table books:", insp.has_table("books"), "has table nosuch:", insp.has_table("nosuch"))
    for t in sorted(names):
        for c in insp.get_columns(t):
            out(f"  {t}.{c['name']}: {c['type']!r} nullable={c['nullable']} default={c['default']!r} autoincrement={c.get('autoincrement')!r}")
        pk = insp.get_pk_constraint(t)
        out(f"  {t} pk: {pk['name']} {pk['constrained_columns']}")
        for fk in sorted(insp.get_foreign_keys(t), key=lambda f: f["name"] or ""):
            out(f"  {t} fk: {fk['name']} {fk['constrained_columns']} -> {fk['referred_schema']}.{fk['referred_table']} {fk['referred_columns']} options={fk['options']}")
        for ix in sorted(insp.get_indexes(t), key=lambda i: i["name"]):
            extra = {k: v for k, v in ix.items() if k not in ("name", "column_names", "unique")}
            out(f"  {t} index: {ix['name']} {ix['column_names']} unique={ix['unique']} {extra}")
        for uc in sorted(insp.get_unique_constraints(t), key=lambda u: u["name"]):
            out(f"  {t} unique: {uc['name']} {uc['column_names']}")
        for cc in sorted(insp.get_check_constraints(t), key=lambda c: c["name"]):
            out(f"  {t} check: {cc['name']} {cc['sqltext']}")


step("create_all", lambda c: metadata.create_all(c))
step("create_all again", lambda c: metadata.create_all(c))
reflect("after create_all")

# Core CRUD.
step("insert authors", lambda c: c.execute(authors.insert(), [
    {"name": "ada", "email": "ada@example.com", "born": datetime.date(1815, 12, 10), "rating": 9.5},
    {"name": "bob", "email": "bob@example.com", "born": None, "rating": 7},
    {"name": "cy", "email": None, "born": datetime.date(2001, 2, 3), "rating": 0},
]))
step("insert returning", lambda c: out("  returned id:", c.execute(
    authors.insert().values(name="dee", email="dee@example.com").returning(authors.c.id)).scalar_one()))
step("insert books", lambda c: c.execute(books.insert(), [
    {"author_id": 1, "title": "notes", "pages": 52, "price": 12.5, "isbn": "9780000000001"},
    {"author_id": 1, "title": "tables", "pages": 300, "price": 40.25, "isbn": "9780000000002"},
    {"author_id": 2, "title": "hello", "pages": 10, "price": None, "isbn": "9780000000003"},
]))
step("duplicate isbn", lambda c: c.execute(books.insert(), {"author_id": 2, "title": "x", "isbn": "9780000000003"}))
step("negative rating", lambda c: c.execute(authors.update().where(authors.c.name == "cy").values(rating=-1)))
step("missing author", lambda c: c.execute(books.insert(), {"author_id": 99, "title": "orphan"}))
step("update", lambda c: out("  rows:", c.execute(books.update().where(books.c.pages < 100).values(price=books.c.price + 1)).rowcount))


def select_core(c):
    q = (sa.select(authors.c.name, sa.func.count(books.c.id).label("n"), sa.func.sum(books.c.pages).label("pages"))
         .select_from(authors.outerjoin(books)).group_by(authors.c.name).order_by(authors.c.name))
    for row in c.execute(q):
        out("  ", tuple(row))
    for row in c.execute(sa.select(authors).order_by(authors.c.id)):
        out("  ", tuple(row))
    for row in c.execute(sa.select(books.c.title, books.c.price).where(books.c.title.like("%e%")).order_by(books.c.title)):
        out("  ", tuple(row))


step("select", select_core)


# ORM sessions over the same tables.
Base = orm.declarative_base()


class Author(Base):
    __table__ = authors
    books = orm.relationship("Book", back_populates="author", order_by="Book.id")


class Tag(Base):
    __table__ = tags


class Book(Base):
    __table__ = books
    author = orm.relationship("Author", back_populates="books")
    tags = orm.relationship("Tag", secondary=book_tags, order_by="Tag.label")


def session_work():
    with orm.Session(engine, future=True) as s:
        fiction, math = Tag(label="fiction"), Tag(label="math")
        eve = Author(name="eve", email="eve@example.com")
        eve.books = [Book(title="proofs", pages=120, tags=[math]), Book(title="stories", tags=[fiction, math])]
        s.add(eve)
        s.commit()
        out("  eve id:", eve.id, "book ids:", [b.id for b in eve.books])
        ada = s.execute(sa.select(Author).where(Author.name == "ada")).scalar_one()
        out("  ada books:", [(b.title, b.pages) for b in ada.books])
        ada.books[0].tags.append(s.execute(sa.select(Tag).where(Tag.label == "math")).scalar_one())
        ada.rating = 9.75
        s.commit()
        q = (sa.select(Author.name, Book.title).join(Book.author).join(Book.tags)
             .where(Tag.label == "math").order_by(Author.name, Book.title))
        for row in s.execute(q):
            out("  math:", tuple(row))
        loaded = s.execute(sa.select(Author).options(orm.selectinload(Author.books).selectinload(Book.tags))
                           .order_by(Author.id)).scalars().all()
        for a in loaded:
            out("  author:", a.name, a.rating, [(b.title, [t.label for t in b.tags]) for b in a.books])
        s.commit()
        # A rolled-back transaction leaves nothing behind; a savepoint undoes
        # only its own part.
        s.add(Author(name="ghost"))
        s.flush()
        s.rollback()
        s.add(Author(name="kept"))
        nested = s.begin_nested()
        s.add(Author(name="undone"))
        s.flush()
        nested.rollback()
        s.commit()
        out("  names:", s.execute(sa.select(Author.name).order_by(Author.id)).scalars().all())
        s.delete(s.execute(sa.select(Author).where(Author.name == "kept")).scalar_one())
        s.commit()
        out("  count:", s.execute(sa.select(sa.func.count()).select_from(Author)).scalar_one())


try:
    session_work()
    out("session: ok")
except sa.exc.DBAPIError as e:
    out(f"session: error {getattr(e.orig, 'pgcode', None)}: {str(e.orig).strip().splitlines()[0]}")


# Alembic's operations, as a migration script would call them.
def migrate(c):
    op = Operations(MigrationContext.configure(c))
    op.add_column("authors", sa.Column("nickname", sa.String(40)))
    op.add_column("authors", sa.Column("score", sa.Integer, nullable=False, server_default="0"))
    op.alter_column("authors", "name", type_=sa.String(200), existing_type=sa.String(80), existing_nullable=False)
    op.alter_column("authors", "born", server_default="2000-01-01", existing_type=sa.Date)
    op.execute("update authors set born = default where born is null")
    op.alter_column("authors", "born", nullable=False, server_default=None, existing_type=sa.Date)
    op.alter_column("books", "pages", new_column_name="page_count", existing_type=sa.SmallInteger)
    op.alter_column("books", "price", type_=sa.Numeric(10, 2), existing_type=sa.Float,
                    postgresql_using="price::numeric(10,2)")
    op.create_index("ix_authors_nickname", "authors", ["nickname"])
    op.create_index("ix_books_author_pages", "books", ["author_id", sa.text("page_count DESC")])
    op.drop_index("ix_books_title", table_name="books")
    op.create_unique_constraint("uq_authors_nickname", "authors", ["nickname"])
    op.create_check_constraint("score_small", "authors", "score < 1000")
    op.drop_constraint("rating_nonneg", "authors", type_="check")
    op.create_table("reviews",
                    sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("book_id", sa.BigInteger, nullable=False),
                    sa.Column("stars", sa.SmallInteger, nullable=False),
                    sa.Column("body", sa.Text))
    op.create_foreign_key("fk_reviews_book", "reviews", "books", ["book_id"], ["id"], ondelete="CASCADE")
    op.rename_table("tags", "labels")
    op.drop_column("authors", "email")
    op.bulk_insert(sa.table("reviews", sa.column("book_id", sa.BigInteger), sa.column("stars", sa.SmallInteger)),
                   [{"book_id": 1, "stars": 5}, {"book_id": 2, "stars": 3}])


step("alembic operations", migrate)
step("born not null", lambda c: c.execute(sa.text("insert into authors (name) values ('nobody')")))
reflect("after alembic operations")
step("read back", lambda c: [out("  ", tuple(r)) for r in c.execute(sa.text(
    "select a.name, a.born, a.score, b.title, b.page_count, b.price, r.stars "
    "from authors a join books b on b.author_id = a.id left join reviews r on r.book_id = b.id "
    "order by a.name, b.title"))])
step("drop_all", lambda c: sa.MetaData().drop_all(c))
step("drop tables", lambda c: [c.execute(sa.text(f"drop table {t} cascade"))
                               for t in ("reviews", "book_tags", "books", "labels", "authors")])
out("tables left:", sa.inspect(engine).get_table_names())
