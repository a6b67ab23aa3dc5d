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
	for _, pkg := range []string{"sequelize", "knex", "pg"} {
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
		"migrate.down: ok", "hasTable authors: false")
}
