package orm

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// nodeProgram runs one program of testdata/node against PostgreSQL and
// tusk and returns both transcripts, failing the test when node or the
// packages npm ci installs are missing.
func nodeProgram(t *testing.T, program string) (want, got string) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node not found (apt-get install nodejs npm): %v", err)
	}
	dir := testdata(t, "node")
	for _, pkg := range []string{"sequelize", "knex", "pg", "typeorm", "reflect-metadata"} {
		requireFile(t, filepath.Join(dir, "node_modules", pkg, "package.json"), "cd "+dir+" && npm ci")
	}
	pgDSN, tuskDSN := servers(t)
	want = run(t, dir, pgDSN, node, program)
	got = run(t, dir, tuskDSN, node, program)
	compare(t, want, got)
	return want, got
}

func TestSequelize(t *testing.T) {
	want, got := nodeProgram(t, "sequelize.js")
	facts(t, "PostgreSQL", want, "sync: ok", "migration: ok")
	facts(t, "tusk", got,
		"sync: ok", "sync again: ok", "create with associations: ok", "sync alter: ok", "migration: ok",
		`tables after migration: ["SequelizeMeta","authors","book_tags","books","profiles","reviews","tags"]`,
		"  books fk books_AuthorId_fkey: AuthorId -> authors.id",
		`  books index books_author_pages: primary=false unique=false fields=[["AuthorId",null],["page_count","DESC"]]`,
		`  tags.color: {"allowNull":true,"comment":null,"defaultValue":"grey","primaryKey":false,"special":[],"type":"CHARACTER VARYING(20)"}`,
		"check violated: error 23514",
		"tables at the end: []")
}

func TestKnex(t *testing.T) {
	want, got := nodeProgram(t, "knex.js")
	facts(t, "PostgreSQL", want, "createTable authors: ok", "migrate.latest: ok")
	facts(t, "tusk", got,
		"createTable authors: ok", "createTable books: ok", "createTable again: error 42P07",
		"hasTable authors: true", "hasTable nosuch: false", "hasColumn authors.email: true", "hasColumn authors.nosuch: false",
		"migrate.latest: ok", `  knex_migrations: [{"name":"20260101000000_reviews.js","batch":1},{"name":"20260102000000_alter.js","batch":1}]`,
		"  authors.score: type=integer maxLength=null nullable=false default=0",
		"  books.price: type=numeric maxLength=null nullable=true default=null",
		"migrate.down: ok",
		"  items.created_at: type=timestamp with time zone maxLength=null nullable=false default=CURRENT_TIMESTAMP",
		`  comments: [{"t":"the items","c":"the name"}]`,
		"alter a column a view reads: error 0A000", "alterTable items: ok",
		"  items.name: type=character varying maxLength=100 nullable=false default='x'::character varying",
		"hasTable authors: false")
}

func TestTypeORM(t *testing.T) {
	want, got := nodeProgram(t, "typeorm.js")
	facts(t, "PostgreSQL", want, "synchronize: ok", "runMigrations: ok", "synchronize v2: ok")
	facts(t, "tusk", got,
		// After a synchronize, TypeORM's own reflection finds nothing to do.
		"synchronize: ok\npending after synchronize:\n  authors.id:",
		"  books fks: author_id->authors(id) CASCADE",
		"  book_tags fks: book_id->books(id) CASCADE tag_id->tags(id) CASCADE",
		"  authors.rating: numeric length= precision=4 scale=2 nullable=false default='0'",
		"runMigrations: ok", "undoLastMigration: ok",
		"pending after the entities changed:\n   ALTER TABLE \"authors\" ADD \"nickname\" character varying(40)\n"+
			"   ALTER TABLE \"authors\" ALTER COLUMN \"rating\" SET DEFAULT '1'\n"+
			"   CREATE UNIQUE INDEX \"ix_authors_nickname\" ON \"authors\" (\"nickname\") \n",
		"synchronize v2: ok\npending after synchronize v2:\n  authors.id:",
		"tables left: []")
}
