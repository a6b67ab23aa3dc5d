package orm

import (
	"testing"
)

// python is Debian's interpreter, which python3-sqlalchemy,
// python3-psycopg2 and python3-alembic install into (a python3 earlier on
// PATH may be another one).
const python = "/usr/bin/python3"

func TestSQLAlchemy(t *testing.T) {
	requireFile(t, python, "apt-get install python3")
	for _, mod := range []string{"sqlalchemy", "psycopg2", "alembic"} {
		requireFile(t, "/usr/lib/python3/dist-packages/"+mod, "apt-get install python3-"+mod)
	}
	pgDSN, tuskDSN := servers(t)
	dir := testdata(t, "sqlalchemy")
	want := run(t, dir, pgDSN, python, "orm.py")
	got := run(t, dir, tuskDSN, python, "orm.py")
	compare(t, want, got)
	facts(t, "PostgreSQL", want, "create_all: ok", "alembic operations: ok", "session: ok")
	facts(t, "tusk", got,
		"create_all: ok", "create_all again: ok", "session: ok", "alembic operations: ok",
		"  books fk: books_author_id_fkey ['author_id'] -> None.authors ['id'] options={'ondelete': 'CASCADE'}",
		"  authors.nickname: VARCHAR(length=40) nullable=True",
		"  reviews fk: fk_reviews_book ['book_id'] -> None.books ['id'] options={'ondelete': 'CASCADE'}",
		"born not null: error 23502",
		"tables left: []")
}

func TestSQLAlchemyMore(t *testing.T) {
	requireFile(t, python, "apt-get install python3")
	for _, mod := range []string{"sqlalchemy", "psycopg2", "alembic"} {
		requireFile(t, "/usr/lib/python3/dist-packages/"+mod, "apt-get install python3-"+mod)
	}
	pgDSN, tuskDSN := servers(t)
	dir := testdata(t, "sqlalchemy")
	want := run(t, dir, pgDSN, python, "more.py")
	got := run(t, dir, tuskDSN, python, "more.py")
	compare(t, want, got)
	facts(t, "PostgreSQL", want, "create_all: ok", "autogenerate changed: ok")
	facts(t, "tusk", got,
		"create_all: ok", "upsert 2: ok", "   [('hits', 2)]",
		// amount2 is GENERATED ALWAYS AS (amount * 2) STORED.
		"   [(15, Decimal('4.000'))]",
		"reflected: alerts ['id', 'kind', 'at']",
		"  diff: modify_type events.kind: VARCHAR(length=20) -> String(length=40)",
		"autogenerate unchanged: ok", "autogenerate changed: ok", "tables left: []")
}
