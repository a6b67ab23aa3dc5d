package tusk_test

import (
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// psqlCatalogSchema has one of each kind of object psql's \d commands
// describe: primary, unique, foreign key and check constraints, defaults,
// a serial column, indexes, a view, a sequence, a second schema and
// comments.
const psqlCatalogSchema = `
CREATE TABLE authors (
  id serial PRIMARY KEY,
  name text NOT NULL,
  email varchar(100) UNIQUE,
  born date
);
CREATE TABLE books (
  id integer PRIMARY KEY,
  author_id integer NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
  title text NOT NULL DEFAULT 'untitled',
  price numeric(10,2) CHECK (price >= 0),
  tags text[],
  created timestamp with time zone DEFAULT now()
);
CREATE INDEX books_title_idx ON books (title);
CREATE UNIQUE INDEX books_author_title ON books (author_id, title);
CREATE TABLE shelves (
  code char(4) PRIMARY KEY,
  capacity bigint DEFAULT 100 CHECK (capacity > 0 AND capacity < 10000),
  label varchar(20) CHECK (label <> 'none'),
  kind text CHECK (kind IN ('wood', 'metal')),
  book integer REFERENCES books ON UPDATE CASCADE ON DELETE SET NULL
);
CREATE INDEX shelves_desc ON shelves (capacity DESC, label);
CREATE VIEW cheap_books AS SELECT id, title FROM books WHERE price < 10;
CREATE VIEW book_authors AS SELECT b.title, a.name AS author, b.price * 2 AS double
  FROM books b JOIN authors a ON a.id = b.author_id WHERE b.price > 5 ORDER BY b.title;
CREATE VIEW all_authors AS SELECT * FROM authors;
CREATE VIEW author_counts AS SELECT author_id, count(*) FROM books GROUP BY author_id HAVING count(*) > 1;
CREATE VIEW books_left AS SELECT b.*, a.name FROM books b LEFT JOIN authors a ON a.id = b.author_id;
CREATE SEQUENCE counter START 100;
CREATE SCHEMA extra;
CREATE TABLE extra.notes (n bigint, body text);
COMMENT ON TABLE books IS 'all the books';
COMMENT ON COLUMN books.title IS 'the title';
COMMENT ON SCHEMA extra IS 'extra things';
`

// psqlCatalogCommands are compared between tusk and PostgreSQL. Those
// with sizes run unaligned, so that normalizing the sizes (tusk has no
// relation files) does not disturb the alignment.
var psqlCatalogCommands = []struct {
	cmd       string
	unaligned bool
	// differs names what tusk still lacks; such commands are run (they
	// must not fail) but not compared.
	differs string
}{
	{cmd: `\dt`},
	{cmd: `\d books`},
	{cmd: `\d authors`},
	{cmd: `\d shelves`},
	{cmd: `\d+ books`},
	{cmd: `\d+ authors`},
	{cmd: `\d extra.notes`},
	{cmd: `\d books_pkey`},
	{cmd: `\d shelves_desc`},
	{cmd: `\d counter`},
	{cmd: `\d authors_id_seq`},
	{cmd: `\d cheap_books`},
	{cmd: `\d`},
	{cmd: `\di`},
	{cmd: `\dv`},
	{cmd: `\ds`},
	{cmd: `\dn`},
	{cmd: `\dn+`},
	{cmd: `\l`},
	{cmd: `\du`},
	{cmd: `\dp`},
	{cmd: `\df`},
	{cmd: `\dx`},
	{cmd: `\db`},
	{cmd: `\dT`},
	{cmd: `\dv+`},
	{cmd: `\dt+`, unaligned: true},
	{cmd: `\di+`, unaligned: true},
	{cmd: `\ds+`, unaligned: true},
	{cmd: `\dt extra.*`},
	{cmd: `\l+`, unaligned: true},
	{cmd: `\du+`},
	{cmd: `\df lower`},
	{cmd: `\df+ lower`},
	{cmd: `\dO`},
	{cmd: `\dA`},
	{cmd: `\dtS`},
	{cmd: `select table_schema, table_name, table_type, is_insertable_into from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`},
	{cmd: `select table_name, column_name, ordinal_position, column_default, is_nullable, data_type, character_maximum_length, character_octet_length, numeric_precision, numeric_precision_radix, numeric_scale, datetime_precision, udt_name, is_identity, is_generated, is_updatable from information_schema.columns where table_schema = 'public' order by 1, 3`},
	{cmd: `select * from information_schema.schemata order by schema_name`},
	{cmd: `select constraint_name, table_name, constraint_type, is_deferrable, nulls_distinct from information_schema.table_constraints where constraint_schema = 'public' and constraint_name not like '%not_null' order by 1`},
	{cmd: `select constraint_name, table_name, column_name, ordinal_position, position_in_unique_constraint from information_schema.key_column_usage where constraint_schema = 'public' order by 1, 4`},
	{cmd: `select constraint_name, check_clause from information_schema.check_constraints where constraint_schema = 'public' and constraint_name not like '%not_null' order by 1`},
	{cmd: `select constraint_name, unique_constraint_name, match_option, update_rule, delete_rule from information_schema.referential_constraints order by 1`},
	{cmd: `select c.relname, c.relkind, c.relnatts, c.relhasindex, c.relpersistence, c.reltuples, c.relchecks, c.relhastriggers from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' order by 1`},
	{cmd: `select conname, contype, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true), conkey, confkey, confupdtype, confdeltype from pg_constraint where connamespace = 'public'::regnamespace order by 1`},
	{cmd: `select indexrelid::regclass, indrelid::regclass, indnatts, indisunique, indisprimary, indkey, indoption, pg_get_indexdef(indexrelid) from pg_index where indrelid in (select oid from pg_class where relnamespace = 'public'::regnamespace) order by 1`},
	{cmd: `select attrelid::regclass, attname, atttypid::regtype, attnum, atttypmod, attnotnull, atthasdef, attidentity, attgenerated, attisdropped from pg_attribute where attrelid in ('books'::regclass, 'authors'::regclass) and attnum > 0 order by 1, 4`},
	{cmd: `select adrelid::regclass, adnum, pg_get_expr(adbin, adrelid), pg_get_expr(adbin, adrelid, true) from pg_attrdef order by 1, 2`},
	{cmd: `select schemaname, tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 3`},
	{cmd: `select format_type(atttypid, atttypmod), pg_get_serial_sequence('authors', 'id'), obj_description('books'::regclass, 'pg_class'), col_description('books'::regclass, 3) from pg_attribute where attrelid = 'shelves'::regclass and attnum > 0 order by attnum`},
	{cmd: `select pg_size_pretty(0::bigint), pg_size_pretty(10239::bigint), pg_size_pretty(10240::bigint), pg_size_pretty(123456789::bigint), pg_size_pretty(99999999999::bigint), pg_size_pretty(1000000000000000::numeric)`},
	{cmd: `\d+ cheap_books`},
	{cmd: `\d+ book_authors`},
	{cmd: `\d+ all_authors`},
	{cmd: `\d+ author_counts`},
	{cmd: `\d+ books_left`},
	{cmd: `select viewname, definition from pg_views where schemaname = 'public' order by 1`},
	{cmd: `select table_name, view_definition, check_option, is_updatable from information_schema.views where table_schema = 'public' order by 1`},
	{cmd: `\dS pg_class`, differs: "system catalogs have no indexes"},
	{cmd: `\d information_schema.tables`, differs: "information_schema's domains (sql_identifier, ...) show as their base types"},
}

var psqlSize = regexp.MustCompile(`\|[0-9]+ (bytes|kB|MB)\|`)

func TestPsqlDescribeMatchesPostgres(t *testing.T) {
	psql, err := pgtest.Bin("psql")
	if err != nil {
		t.Fatal(err)
	}
	// A server of its own: \l, \du and \dn list cluster-wide objects.
	pg := pgtest.Start(t)
	srv := tusktest.Start(t, nil)

	run := func(dsn string, args ...string) string {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		base := []string{"-X", "-h", u.Hostname(), "-p", u.Port(), "-U", u.User.Username(), "-d", "postgres"}
		out, _ := exec.Command(psql, append(base, args...)...).CombinedOutput()
		return string(out)
	}
	for _, dsn := range []string{pg.DSN("postgres"), srv.DSN("postgres")} {
		if out := run(dsn, "-q", "-v", "ON_ERROR_STOP=1", "-c", psqlCatalogSchema); out != "" {
			t.Fatalf("creating the schema: %s", out)
		}
	}
	for _, c := range psqlCatalogCommands {
		args := []string{"-c", c.cmd}
		if c.unaligned {
			args = append([]string{"-A"}, args...)
		}
		want := run(pg.DSN("postgres"), args...)
		got := run(srv.DSN("postgres"), args...)
		if c.unaligned {
			want = psqlSize.ReplaceAllString(want, "|SIZE|")
			got = psqlSize.ReplaceAllString(got, "|SIZE|")
		}
		if strings.Contains(got, "ERROR") {
			t.Errorf("%s fails on tusk:\n%s", c.cmd, got)
			continue
		}
		if c.differs != "" {
			if got == want {
				t.Errorf("%s now matches PostgreSQL; drop its note %q", c.cmd, c.differs)
			}
			continue
		}
		if got != want {
			t.Errorf("%s differs\n--- tusk\n%s--- PostgreSQL\n%s", c.cmd, got, want)
		}
	}
}
