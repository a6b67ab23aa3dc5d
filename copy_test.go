package tusk_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/protoscript"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// COPY differential tests: each script runs step by step against tusk and
// PostgreSQL 15, each in a fresh database, through pgconn's CopyFrom and
// CopyTo (the simple protocol, as psql and pgx use it), and the
// transcripts must match byte for byte: COPY TO's output, command tags,
// the rows a COPY FROM left behind, and for errors the SQLSTATE, message,
// DETAIL, HINT, position and CONTEXT.

// copyStep is one step of a COPY script: a statement, with the data a
// COPY FROM STDIN reads. fail, when set, makes the client abort the COPY
// with CopyFail after sending the data.
type copyStep struct {
	sql  string
	data string
	fail string
}

// copyScripts are the scripts, by name.
var copyScripts = map[string][]copyStep{
	"text_from": {
		{sql: "create table t (id serial primary key, a int default 7, b text, c varchar(5) not null default 'dflt')"},
		{sql: "copy t (b) from stdin", data: "hello\nwor\\tld\n\\N\nback\\\\slash\\101\\x42\\x4g\\z\\\n\\\\N\n\\b\\f\\n\\r\\v\\1\\08\n"},
		{sql: "copy t (a, b) from stdin", data: "1\t\n-2\t\\.x\n+3\t  spaced  \n"},
		{sql: "copy t (b, a) from stdin (delimiter '|', null 'NIL')", data: "x|NIL\nNIL|5\n\\|esc|6\n"},
		{sql: "copy t from stdin", data: "100\t1\tall\tfive\n"},
		{sql: "select * from t order by id"},
		{sql: "copy t (a, b) from stdin", data: "1\tx\r\n2\ty\r\n"},
		{sql: "copy t (a, b) from stdin", data: "3\tx\r4\ty\r"},
		{sql: "copy t (a, b) from stdin", data: "5\tx\n6\ty\r\n"},
		{sql: "copy t (a, b) from stdin", data: "5\tx\r\n6\ty\n"},
		{sql: "copy t (a, b) from stdin", data: "7\tlast line without newline"},
		{sql: "copy t (a, b) from stdin", data: "8\tbefore marker\n\\.\n9\tignored\n"},
		{sql: "copy t (a, b) from stdin", data: "10\tmid\\.\n11\tignored\n"},
		{sql: "copy t (a, b) from stdin", data: "12\tx\n\\.junk\n"},
		{sql: "copy t (a, b) from stdin", data: "13\tx\r\n\\.\n"},
		{sql: "copy t (b) from stdin", data: "with\\\nnewline\nend\\"},
		{sql: "select a, b from t where a >= 1 or b like 'with%' or b like 'end%' order by id"},
	},
	"csv_from": {
		{sql: "create table t (a int, b text, c text)"},
		{sql: "copy t from stdin with (format csv)", data: "1,x,\"a\nb\"\n2,\"\",\n3,\"q\"\"uote\",\"x,y\"\n4,\\.,\"\\.\"\n"},
		{sql: "copy t from stdin csv header delimiter ';' null 'NULL'", data: "a;b;c\n5;NULL;\"NULL\"\n6;;x\n"},
		{sql: "copy t from stdin (format csv, quote '''', escape '\\')", data: "7,'it\\'s','back\\\\slash\\x'\n"},
		{sql: "copy t from stdin (format csv, force_not_null (b), force_null (c))", data: "8,,\"\"\n9,\"\",\n"},
		{sql: "copy t from stdin (format csv)", data: "10,a\"b\"c,\"x\"y\"\"\n"},
		{sql: "copy t from stdin (format csv)", data: "11,a,b\r\n12,c,\"d\r\ne\"\r\n"},
		{sql: "copy t from stdin (format csv)", data: "13,a,b\n\\.\n14,ignored,x\n"},
		{sql: "copy t from stdin (format csv)", data: "15,a,b\n\\.x,y,z\n"},
		{sql: "select * from t order by a"},
		{sql: "copy t from stdin (format csv)", data: "16,\"unterminated\n\\.\n"},
		{sql: "copy t from stdin (format csv)", data: "17,a,b\n18,\"x\"\"y\",\n19,a,b,\n"},
		{sql: "copy t from stdin (format csv)", data: "20,\"a\nb\nc\",d\n21,x\n"},
		{sql: "copy t from stdin (format csv)", data: "22,a,b\n23,a,b\r\n"},
		{sql: "copy t from stdin (format csv)", data: "24,a,b\n25,\"d\r\ne\"\r\n"},
		{sql: "copy t from stdin (format csv)", data: "26,\"open\n"},
		{sql: "select count(*) from t"},
	},
	"header": {
		{sql: "create table t (a int, b text)"},
		{sql: "copy t from stdin (format csv, header match)", data: "a,b\n1,x\n"},
		{sql: "copy t (b, a) from stdin (header match)", data: "b\ta\ny\t2\n"},
		{sql: "copy t from stdin (header true)", data: "whatever\n3\tz\n"},
		{sql: "copy t from stdin (header)", data: "only a header\n"},
		{sql: "copy t from stdin (format csv, header match)", data: "a\n1,x\n"},
		{sql: "copy t from stdin (format csv, header match)", data: "a,c\n1,x\n"},
		{sql: "copy t from stdin (format csv, header match)", data: ",b\n1,x\n"},
		{sql: "copy t from stdin (header false)", data: "4\tw\n"},
		{sql: "copy t from stdin (header 0)", data: "5\tv\n"},
		{sql: "copy t from stdin (header 2)", data: "6\tu\n"},
		{sql: "copy t to stdout (header match)"},
		{sql: "select * from t order by a"},
	},
	"errors_from": {
		{sql: "create table p (k int primary key)"},
		{sql: "insert into p values (1), (2)"},
		{sql: "create table t (a int primary key, b text not null, c varchar(3) check (c <> 'bad'), d int references p)"},
		{sql: "copy t from stdin", data: "1\tx\tabc\t1\n2\ty\t\\N\t\\N\n3\tz\tabcd\t1\n"},
		{sql: "copy t from stdin", data: "1\tx\tabc\t1\n2\t\\N\ta\t1\n"},
		{sql: "copy t from stdin", data: "1\tx\tabc\t1\n2\ty\tbad\t1\n"},
		{sql: "copy t from stdin", data: "1\tx\tabc\t1\n1\ty\ta\t1\n"},
		{sql: "copy t from stdin", data: "1\tx\tabc\t1\n2\ty\ta\t3\n"},
		{sql: "copy t from stdin", data: "1\tx\tabc\t3\n2\tx\n"},
		{sql: "copy t from stdin", data: "1\tx\n"},
		{sql: "copy t from stdin", data: "abc\n"},
		{sql: "copy t from stdin", data: "1\tx\ty\t1\tz\n"},
		{sql: "copy t from stdin", data: "\n"},
		{sql: "copy t from stdin", data: "99999999999\tx\ty\t1\n"},
		{sql: "copy t from stdin", data: "1\t" + strings.Repeat("long value ", 20) + "\tabcdef\t1\n"},
		{sql: "copy t from stdin", data: "1\tx\tab\\0c\t1\n"},
		{sql: "copy t from stdin", data: "1\tx\ta\xffb\t1\n"},
		{sql: "copy t from stdin", data: "1\tx\ta\\xffb\t1\n"},
		{sql: "copy t from stdin", data: "1\tx\ta\t1\n2\ty\tb\t2\n", fail: "client gave up"},
		{sql: "select count(*) from t"},
		{sql: "copy t from stdin", data: "1\tx\tabc\t1\n2\ty\t\\N\t2\n"},
		{sql: "begin"},
		{sql: "copy t from stdin", data: "3\tz\tq\t1\nx\ty\tz\t1\n"},
		{sql: "select 1"},
		{sql: "rollback"},
		{sql: "begin"},
		{sql: "insert into t values (50, 'kept', 'k', 1)"},
		{sql: "savepoint s"},
		{sql: "@bulk t 2500"},
		{sql: "rollback to s"},
		{sql: "select count(*), max(a) from t"},
		{sql: "commit"},
		{sql: "begin"},
		{sql: "copy t from stdin", data: "4\tz\tq\t1\n"},
		{sql: "copy t from stdin", data: "5\tz\tq\t1\n"},
		{sql: "commit"},
		{sql: "select * from t order by a"},
		// Foreign keys are checked at the end, as PostgreSQL's AFTER
		// triggers do: a row may reference a later one.
		{sql: "create table tree (id int primary key, parent int references tree)"},
		{sql: "copy tree from stdin", data: "1\t2\n2\t3\n3\t\\N\n"},
		{sql: "copy tree from stdin", data: "4\t9\n5\tx\n"},
		{sql: "copy tree from stdin", data: "4\t9\n5\t1\n"},
		{sql: "select * from tree order by id"},
	},
	"options": {
		{sql: "create table t (a int, b text)"},
		{sql: "create view v as select * from t"},
		{sql: "create sequence s"},
		{sql: "copy t from stdin (format xyz)"},
		{sql: "copy t from stdin (delimiter 'ab')"},
		{sql: "copy t from stdin (delimiter 'x')"},
		{sql: "copy t from stdin (delimiter E'\\n')"},
		{sql: "copy t from stdin (null E'a\\rb')"},
		{sql: "copy t from stdin (quote 'x')"},
		{sql: "copy t from stdin (escape 'x')"},
		{sql: "copy t from stdin (format csv, quote 'ab')"},
		{sql: "copy t from stdin (format csv, escape '')"},
		{sql: "copy t from stdin (format csv, quote ',')"},
		{sql: "copy t from stdin (format csv, force_quote (a))"},
		{sql: "copy t from stdin (force_not_null (a))"},
		{sql: "copy t from stdin (force_null (a))"},
		{sql: "copy t to stdout (format csv, force_not_null (a))"},
		{sql: "copy t to stdout (format csv, force_null (a))"},
		{sql: "copy t to stdout (force_quote *)"},
		{sql: "copy t to stdout (format csv, force_quote a)"},
		{sql: "copy t from stdin (format csv, force_not_null (zz))"},
		{sql: "copy t (a) from stdin (format csv, force_not_null (b))"},
		{sql: "copy t to stdout (format csv, force_quote (b, b))"},
		{sql: "copy t from stdin (format csv, delimiter ',', delimiter ';')"},
		{sql: "copy t from stdin (format csv, format text)"},
		{sql: "copy t from stdin (bogus 1)"},
		{sql: "copy t from stdin (on_error ignore)"},
		{sql: "copy t from stdin (format csv, null 'a,b')"},
		{sql: "copy t from stdin (format csv, null 'a\"b')"},
		{sql: "copy t from stdin (delimiter '|', null 'a|b')"},
		{sql: "copy t from stdin (freeze maybe)"},
		{sql: "copy t from stdin (header match, format csv, header true)"},
		{sql: "copy t to stdout (header match)"},
		{sql: "copy t to stdout (encoding 'nonesuch')"},
		{sql: "copy t to stdout (format)"},
		{sql: "copy t to stdout (delimiter)"},
		{sql: "copy t to stdout (format binary, delimiter ',')"},
		{sql: "copy t to stdout (format binary, null 'x')"},
		{sql: "copy t to stdout (format binary, header)"},
		{sql: "copy t from stdin with delimiter as ',' null as 'n'", data: "1,n\n"},
		{sql: "copy t from stdin with binary", data: "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff"},
		{sql: "copy t to stdout (format 'csv')"},
		{sql: "copy t to stdout (format 'CSV')"},
		{sql: "copy t to stdout with (FORMAT CSV, HEADER TRUE, DELIMITER ';')"},
		{sql: "copy t to stdout with csv header quote as '''' force quote b"},
		{sql: "copy t to stdout with csv escape as '\\' quote '\\'"},
		{sql: "copy t (a) to stdout with oids"},
		{sql: "copy t to stdout (header on, header off)"},
		{sql: "COPY T TO STDOUT"},
		{sql: "copy \"t\" (\"a\") to stdout"},
		{sql: "copy nosuch from stdin"},
		{sql: "copy nosuch to stdout"},
		{sql: "copy public.nosuch to stdout"},
		{sql: "copy t (zz) from stdin"},
		{sql: "copy t (a, a) from stdin"},
		{sql: "copy t (zz) to stdout"},
		{sql: "copy v from stdin", data: "1\tx\n"},
		{sql: "copy v to stdout"},
		{sql: "copy s from stdin", data: "1\tx\n"},
		{sql: "copy s to stdout"},
		{sql: "copy (insert into t values (1)) to stdout"},
		{sql: "copy (select 1 as x, 2 as y) to stdout (format csv, force_quote (zz))"},
		// pgbench -i loads with FREEZE after TRUNCATE in the same
		// transaction. (Without the TRUNCATE PostgreSQL refuses FREEZE;
		// tusk accepts it.)
		{sql: "begin"},
		{sql: "truncate t"},
		{sql: "copy t from stdin with (freeze on)", data: "1\tfrozen\n"},
		{sql: "commit"},
		{sql: "select * from t"},
	},
	"to": {
		{sql: "create table t (a int, b text, c numeric, d float8, e bool, g bytea, i int[], j text)"},
		{sql: `insert into t values (1, E'tab\there', 1.50, 0.1, true, '\x00ff', '{1,2}', 'plain'),
			(2, E'nl\nbs\\cr\r', null, 1e100, false, null, '{}', E'ctl\x01\x7f\b\f' || chr(11)),
			(3, '', -0, 'NaN', null, '', null, 'é ü 漢'),
			(4, 'a,b"c', 3, -1.5, true, null, '{NULL,3}', E'''quoted'''),
			(5, '\.', 4, 2, true, null, null, 'NULL')`},
		{sql: "copy t to stdout"},
		{sql: "copy t to stdout with csv header"},
		{sql: "copy t (b, a) to stdout (format csv, force_quote (a), null 'NULL', header true)"},
		{sql: "copy t to stdout (format csv, force_quote *, quote '''', escape '\\', delimiter ';')"},
		{sql: "copy t (b) to stdout csv"},
		{sql: "copy t (j) to stdout (format csv, null 'NULL')"},
		{sql: "copy t (b) to stdout (delimiter '|', null '<nil>', header)"},
		{sql: "copy t (a, b) to stdout (delimiter E'\\x01')"},
		{sql: "copy t to stdout (delimiter ',', null '')"},
		{sql: "copy (select a, b from t where a < 3 order by a) to stdout with (format csv, header)"},
		{sql: "copy (select 1 as x, 2 as x) to stdout (format csv, header, force_quote (x))"},
		{sql: "copy (select 'a\tb' as \"col\tname\", 1 as \"x,y\") to stdout (header)"},
		{sql: "copy (select 'a\tb' as \"col\tname\", 1 as \"x,y\") to stdout (header, format csv)"},
		{sql: "copy (select * from t where false) to stdout (header)"},
		{sql: "copy (insert into t (a) values (9) returning a, b) to stdout"},
		{sql: "copy (update t set b = 'upd' where a = 9 returning *) to stdout (format csv)"},
		{sql: "copy (delete from t where a = 9 returning a) to stdout"},
		{sql: "copy (select 1/0) to stdout"},
		{sql: "copy (select a from t order by a) to stdout; select 42"},
	},
	"roundtrip": {
		{sql: "create table src (a int, b text, c numeric, d float8)"},
		{sql: "insert into src select g, 'row ' || g || E'\t\\\n,\"', g * 1.5, g / 7.0 from generate_series(1, 500) g"},
		{sql: "insert into src values (null, null, null, null)"},
		{sql: "create table dst (a int, b text, c numeric, d float8)"},
		{sql: "create table dst2 (a int, b text, c numeric, d float8)"},
		{sql: "@roundtrip src dst text"},
		{sql: "@roundtrip src dst2 csv"},
		{sql: "create table dst3 (a int, b text, c numeric, d float8)"},
		{sql: "@roundtrip src dst3 binary"},
		{sql: "select count(*) from (select * from src except select * from dst3) x"},
		{sql: "copy (select * from src order by a limit 3) to stdout (format binary)"},
		{sql: "copy (select * from src where false) to stdout (format binary)"},
		{sql: "select count(*), count(distinct b), sum(c), sum(d) from dst"},
		{sql: "select count(*) from (select * from src except select * from dst) x"},
		{sql: "select count(*) from (select * from src except select * from dst2) x"},
	},
	"binary_from": {
		{sql: "create table t (a int, b text, c int8, d bool)"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
			"\x00\x04\x00\x00\x00\x04\x00\x00\x00\x07\x00\x00\x00\x02hi\xff\xff\xff\xff\x00\x00\x00\x01\x01" +
			"\x00\x04\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x09\x00\x00\x00\x01\x00" +
			"\xff\xff"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff"},
		{sql: "select * from t order by a"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPZ\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x01\x00\x00\x00\x00\x00\x00"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x02\x00\x00\x00\x00\x00\x00"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x03abc\xff\xff"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x00"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x04\x00\x00\x00\x03\x00\x00\x00"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x04\x00\x00\x00\x05\x00\x00\x00\x01\x00"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x04\xff\xff\xff\xfe"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x04\xff\xff\xff\xff\x00\x00"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xffmore"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
			"\x00\x04\x00\x00\x00\x04\x00\x00\x00\x08\x00\x00\x00\x02\xc3\x28\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"},
		{sql: "copy t from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
			"\x00\x04\x00\x00\x00\x04\x00\x00\x00\x08\xff\xff\xff\xff\x00\x00\x00\x01\x01\xff\xff\xff\xff\xff\xff"},
		{sql: "copy t (a) from stdin (format binary)", data: "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x04\x00\x00\x00\x09\xff\xff"},
		{sql: "select * from t order by a"},
		{sql: "copy t to stdout (format binary)"},
	},
	"where": {
		{sql: "create table t (a int, b text default 'dflt', c int not null)"},
		{sql: "copy t from stdin where a > 1", data: "1\tx\t1\n2\ty\t2\n3\tz\t3\n"},
		{sql: "copy t (a, c) from stdin where b = 'dflt' and a % 2 = 0", data: "10\t1\n11\t1\n12\t1\n"},
		{sql: "copy t from stdin where t.a < 100 and c is not null", data: "20\tq\t\\N\n200\tr\t1\n21\ts\t2\n"},
		{sql: "copy t from stdin where a > 1", data: "1\tx\tbad\n"},
		{sql: "copy t from stdin where zz > 1"},
		{sql: "copy t from stdin where a"},
		{sql: "copy t from stdin where a > (select 1)"},
		{sql: "copy t from stdin (format csv) where a is null", data: ",x,1\n5,y,2\n"},
		{sql: "select * from t order by a nulls first"},
	},
	"server_files": {
		{sql: "create table t (a int, b text)"},
		{sql: "insert into t values (1, 'one'), (2, E'two\ttab'), (3, null)"},
		{sql: "copy t to '@DIR@/t.txt'"},
		{sql: "copy (select * from t where a > 1) to '@DIR@/t.csv' (format csv, header)"},
		{sql: "create table u (a int, b text)"},
		{sql: "copy u from '@DIR@/t.txt'"},
		{sql: "copy u from '@DIR@/t.csv' (format csv, header match)"},
		{sql: "select * from u order by a, b"},
		{sql: "copy u from '/nonexistent/file'"},
		{sql: "copy u to '/nonexistent/file'"},
		{sql: "copy u to 'relative.txt'"},
		{sql: "copy u from '/'"},
		{sql: "copy u to '/'"},
		{sql: "create role copy_plain login"},
		{sql: "@user copy_plain"},
		{sql: "copy u from '/nonexistent/file'"},
		{sql: "copy u to '/nonexistent/file'"},
		{sql: "copy nosuch from program 'true'"},
	},
	"defaults": {
		{sql: "create table t (id serial, a int generated by default as identity, b int generated always as identity, c text default 'x' || 'y', d int generated always as (id * 10) stored)"},
		{sql: "copy t (c) from stdin", data: "one\ntwo\n"},
		{sql: "copy t (id, a, b, c) from stdin", data: "100\t200\t300\tthree\n"},
		{sql: "copy t (d) from stdin", data: "1\n"},
		{sql: "copy t from stdin", data: "5\t6\t7\tfour\n"},
		{sql: "copy t to stdout"},
		{sql: "copy t (id, d) to stdout"},
		{sql: "create table z ()"},
		{sql: "copy z from stdin", data: "\n\n"},
		{sql: "copy z from stdin", data: "x\n"},
		{sql: "copy z to stdout"},
		{sql: "select count(*) from z"},
	},
}

func TestCopyMatchesPostgres(t *testing.T) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	for name, script := range copyScripts {
		t.Run(name, func(t *testing.T) {
			db := "copy_" + name
			tuskOut := runCopyScript(t, srv.DSN("postgres"), db, script)
			pgOut := runCopyScript(t, pg.DSN("postgres"), db, script)

			if tuskOut != pgOut {
				t.Errorf("transcripts differ\n%s", copyDiff(tuskOut, pgOut))
			}
		})
	}
}

// copyConnect connects to database db of the server at dsn.
func copyConnect(t *testing.T, dsn, db string) *pgconn.PgConn {
	t.Helper()
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	if db != "" {
		cfg.Database = db
	}
	c, err := pgconn.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("connect %s: %v", db, err)
	}
	return c
}

// copyFreshDB creates an empty database db on the server at dsn, dropped
// when the test ends.
func copyFreshDB(t *testing.T, dsn, db string) {
	t.Helper()
	ctx := context.Background()
	admin := copyConnect(t, dsn, "")
	admin.Exec(ctx, "drop database if exists "+db).ReadAll()
	if _, err := admin.Exec(ctx, "create database "+db).ReadAll(); err != nil {
		t.Fatalf("create database %s: %v", db, err)
	}
	t.Cleanup(func() {
		admin.Exec(ctx, "drop database if exists "+db+" with (force)").ReadAll()
		admin.Close(ctx)
	})
}

// failingReader yields data, then fails with msg, which makes pgconn
// send CopyFail.
type failingReader struct {
	r   io.Reader
	msg string
}

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, errors.New(f.msg)
	}
	return n, err
}

// runCopyScript runs a script in a fresh database db and returns the
// transcript.
func runCopyScript(t *testing.T, dsn, db string, script []copyStep) string {
	t.Helper()
	ctx := context.Background()
	copyFreshDB(t, dsn, db)
	c := copyConnect(t, dsn, db)
	defer c.Close(ctx)
	// Files the servers write go to a directory of their own that any
	// user may write (PostgreSQL runs as an unprivileged user).
	dir, err := os.MkdirTemp("", "tusk-copy-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, st := range script {
		fmt.Fprintf(&b, "> %s\n", st.sql)
		st.sql = strings.ReplaceAll(st.sql, "@DIR@", dir)
		lower := strings.ToLower(st.sql)
		switch {
		case strings.HasPrefix(st.sql, "@user "):
			// Reconnect as another user.
			cfg, err := pgconn.ParseConfig(dsn)
			if err != nil {
				t.Fatal(err)
			}
			cfg.Database, cfg.User = db, strings.TrimPrefix(st.sql, "@user ")
			c.Close(ctx)
			if c, err = pgconn.ConnectConfig(ctx, cfg); err != nil {
				t.Fatal(err)
			}
		case strings.HasPrefix(st.sql, "@bulk "):
			// A COPY of n good rows (more than one batch) and a bad one.
			f := strings.Fields(st.sql)
			n, _ := strconv.Atoi(f[2])
			var data strings.Builder
			for i := 1000; i < 1000+n; i++ {
				fmt.Fprintf(&data, "%d\tb%d\tc\t1\n", i, i)
			}
			data.WriteString("bad\tb\tc\t1\n")
			tag, err := c.CopyFrom(ctx, strings.NewReader(data.String()), "copy "+f[1]+" from stdin")
			copyResult(&b, tag, err)
		case strings.HasPrefix(st.sql, "@roundtrip "):
			f := strings.Fields(st.sql)
			var out strings.Builder
			if _, err := c.CopyTo(ctx, &out, fmt.Sprintf("copy %s to stdout (format %s)", f[1], f[3])); err != nil {
				b.WriteString(copyErr(err) + "\n")
				continue
			}
			tag, err := c.CopyFrom(ctx, strings.NewReader(out.String()), fmt.Sprintf("copy %s from stdin (format %s)", f[2], f[3]))
			copyResult(&b, tag, err)
		case strings.Contains(lower, "from stdin"):
			var r io.Reader = strings.NewReader(st.data)
			if st.fail != "" {
				r = &failingReader{r: r, msg: st.fail}
			}
			tag, err := c.CopyFrom(ctx, r, st.sql)
			copyResult(&b, tag, err)
		case strings.HasPrefix(lower, "copy") && strings.Contains(lower, "to stdout"):
			var out strings.Builder
			tag, err := c.CopyTo(ctx, &out, st.sql)
			for _, line := range strings.SplitAfter(out.String(), "\n") {
				if line != "" {
					fmt.Fprintf(&b, "| %q\n", line)
				}
			}
			copyResult(&b, tag, err)
		default:
			results, err := c.Exec(ctx, st.sql).ReadAll()
			for _, r := range results {
				for _, row := range r.Rows {
					vals := make([]string, len(row))
					for i, v := range row {
						if v == nil {
							vals[i] = "NULL"
						} else {
							vals[i] = strconv.Quote(string(v))
						}
					}
					fmt.Fprintf(&b, "%s\n", strings.Join(vals, " | "))
				}
				if r.Err == nil {
					fmt.Fprintf(&b, "%s\n", r.CommandTag)
				}
			}
			if err != nil {
				b.WriteString(copyErr(err) + "\n")
			}
		}
	}
	return b.String()
}

func copyResult(b *strings.Builder, tag pgconn.CommandTag, err error) {
	if err != nil {
		b.WriteString(copyErr(err) + "\n")
		return
	}
	fmt.Fprintf(b, "%s\n", tag)
}

// copyErr renders an error with every field a client sees, but the
// source location.
func copyErr(err error) string {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return "error: " + err.Error()
	}
	s := fmt.Sprintf("%s %s: %q", pe.Severity, pe.Code, pe.Message)
	if pe.Detail != "" {
		s += fmt.Sprintf("\nDETAIL: %q", pe.Detail)
	}
	if pe.Hint != "" {
		s += fmt.Sprintf("\nHINT: %q", pe.Hint)
	}
	if pe.Position != 0 {
		s += fmt.Sprintf("\nPOSITION: %d", pe.Position)
	}
	if pe.Where != "" {
		s += fmt.Sprintf("\nCONTEXT: %q", pe.Where)
	}
	if pe.TableName != "" || pe.ColumnName != "" || pe.ConstraintName != "" {
		s += fmt.Sprintf("\nTABLE: %s COLUMN: %s CONSTRAINT: %s", pe.TableName, pe.ColumnName, pe.ConstraintName)
	}
	return s
}

// copyDiff shows two transcripts from their first difference.
func copyDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	start := max(i-4, 0)
	part := func(l []string) string { return strings.Join(l[start:min(i+10, len(l))], "\n") }
	return fmt.Sprintf("--- tusk (from line %d)\n%s\n--- PostgreSQL\n%s", start+1, part(g), part(w))
}

// TestCopyPsql runs psql's \copy, which sends COPY ... FROM STDIN and
// COPY ... TO STDOUT and moves the data to and from client-side files,
// against tusk and PostgreSQL, and compares psql's output and the files
// it wrote.
func TestCopyPsql(t *testing.T) {
	psql, err := pgtest.Bin("psql")
	if err != nil {
		t.Fatal(err)
	}
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	var data strings.Builder
	data.WriteString("id,name,score\n")
	for i := 1; i <= 2000; i++ {
		fmt.Fprintf(&data, "%d,\"name, %d\",%d.%d\n", i, i, i%97, i%10)
	}
	if err := os.WriteFile(in, []byte(data.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("1\tok\t1\n2\tok\t2\nthree\tbad\t3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(dsn, db, tag string) string {
		copyFreshDB(t, dsn, db)
		cfg, err := pgconn.ParseConfig(dsn)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, tag+".out")
		script := strings.Join([]string{
			"create table s (id int primary key, name text, score numeric);",
			`\copy s from '` + in + `' with (format csv, header)`,
			"select count(*), sum(score), max(name) from s;",
			`\copy s from '` + bad + `'`,
			"select count(*) from s;",
			`\copy (select * from s where id % 100 = 0 order by id) to '` + out + `' with csv header`,
			`\copy s (name, id) to stdout with (format csv, force_quote *)`,
			"",
		}, "\n")
		cmd := exec.Command(psql, "-X", "-q", "-h", cfg.Host, "-p", strconv.Itoa(int(cfg.Port)), "-U", cfg.User, "-d", db, "-v", "ON_ERROR_STOP=0")
		cmd.Stdin = strings.NewReader(script)
		res, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("psql: %v\n%s", err, res)
		}
		written, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(res) + "--- file\n" + string(written)
	}
	got := run(srv.DSN("postgres"), "copy_psql", "tusk")
	want := run(pg.DSN("postgres"), "copy_psql", "pg")
	if got != want {
		t.Errorf("psql transcripts differ\n%s", copyDiff(got, want))
	}
}

// copyProtoScript drives COPY through the extended protocol and the
// simple protocol at message level: the copy sub-protocol's messages,
// Flush and Sync ignored during COPY IN, errors and CopyFail mid-copy, and
// the messages a client sends after a failed COPY.
const copyProtoScript = `
F Startup version=3.0 user=postgres database=copy_proto
B AuthenticationOk
B* ParameterStatus
B BackendKeyData pid=* key=*
B ReadyForQuery I

F Query "create table xc (a int, b text)"
B CommandComplete "CREATE TABLE"
B ReadyForQuery I

# COPY FROM STDIN with the extended protocol, as libpq sends it: the Sync
# that follows Execute arrives during COPY and is ignored; another Sync
# follows CopyDone.
F Parse name="" query="copy xc from stdin (format csv)"
F Bind portal="" stmt=""
F Describe portal=""
F Execute portal="" max=0
F Sync
B ParseComplete
B BindComplete
B NoData
B CopyInResponse 0 [0, 0]
F CopyData "1,x\n2,"
F Flush
F CopyData "y\n3,z"
F CopyDone
F Sync
B CommandComplete "COPY 3"
B ReadyForQuery I

# A malformed row: the error comes at once; the rest of the data and
# CopyDone are ignored until Sync.
F Parse name="" query="copy xc from stdin"
F Bind portal="" stmt=""
F Execute portal="" max=0
F Sync
B ParseComplete
B BindComplete
B CopyInResponse 0 [0, 0]
F CopyData "4\tw\nfive\tv\n"
B ErrorResponse severity=ERROR code=22P02 message="invalid input syntax for type integer: \"five\"" where="COPY xc, line 2, column a: \"five\""
F CopyData "6\tu\n"
F CopyDone
F Sync
B ReadyForQuery I

# CopyFail with the simple protocol.
F Query "copy xc from stdin"
B CopyInResponse 0 [0, 0]
F CopyData "7\tt\n"
F CopyFail "changed my mind"
B ErrorResponse severity=ERROR code=57014 message="COPY from stdin failed: changed my mind" where="COPY xc, line 2"
B ReadyForQuery I

# COPY TO STDOUT with the extended protocol.
F Parse name="" query="copy (select * from xc order by a) to stdout (format csv, header)"
F Bind portal="" stmt=""
F Describe portal=""
F Execute portal="" max=1
F Sync
B ParseComplete
B BindComplete
B NoData
B CopyOutResponse 0 [0, 0]
B CopyData "a,b\n"
B CopyData "1,x\n"
B CopyData "2,y\n"
B CopyData "3,z\n"
B CopyDone
B CommandComplete "COPY 3"
B ReadyForQuery I

# A prepared COPY runs each time it is executed.
F Parse name="cp" query="copy xc (b) to stdout"
F Bind portal="" stmt="cp"
F Execute portal="" max=0
F Bind portal="" stmt="cp"
F Execute portal="" max=0
F Sync
B ParseComplete
B BindComplete
B CopyOutResponse 0 [0]
B CopyData "x\n"
B CopyData "y\n"
B CopyData "z\n"
B CopyDone
B CommandComplete "COPY 3"
B BindComplete
B CopyOutResponse 0 [0]
B CopyData "x\n"
B CopyData "y\n"
B CopyData "z\n"
B CopyDone
B CommandComplete "COPY 3"
B ReadyForQuery I

# Several statements in one Query: COPY among them.
F Query "copy xc from stdin; select count(*) from xc"
B CopyInResponse 0 [0, 0]
F CopyData "8\ts\n"
F CopyDone
B CommandComplete "COPY 1"
B RowDescription [{name=count type=20}]
B DataRow ["4"]
B CommandComplete "SELECT 1"
B ReadyForQuery I

# A message other than the copy messages during COPY IN is a protocol
# violation that ends the session: the server read only the message's
# type, so it lost track of where messages start.
F Query "copy xc from stdin"
B CopyInResponse 0 [0, 0]
F Query "select 1"
B ErrorResponse severity=ERROR code=08P01 message="unexpected message type 0x51 during COPY from stdin" where="COPY xc, line 1"
B ErrorResponse severity=FATAL code=08P01 message="terminating connection because protocol synchronization was lost"
expect-close
`

func TestCopyProtocol(t *testing.T) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "copy.pgs")
	if err := os.WriteFile(file, []byte(copyProtoScript), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("postgres", func(t *testing.T) {
		copyFreshDB(t, pg.DSN("postgres"), "copy_proto")
		protoscript.Run(t, pg.Addr(), file)
	})
	t.Run("tusk", func(t *testing.T) {
		copyFreshDB(t, srv.DSN("postgres"), "copy_proto")
		protoscript.Run(t, srv.Addr(), file)
	})
}

// TestCopyPgxCopyFrom loads rows with pgx's CopyFrom, which sends COPY
// ... FROM STDIN in binary format, into tusk and PostgreSQL, and compares
// the tables and a load that fails.
func TestCopyPgxCopyFrom(t *testing.T) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	run := func(dsn string) string {
		copyFreshDB(t, dsn, "copy_pgx")
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Database = "copy_pgx"
		ctx := context.Background()
		c, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "create table t (id int primary key, big int8, name text, ok bool, f float8, n numeric, b bytea, s int2, v varchar(10))"); err != nil {
			t.Fatal(err)
		}
		var rows [][]any
		for i := 1; i <= 1000; i++ {
			var name any = fmt.Sprintf("name %d\t\"é\"", i)
			if i%7 == 0 {
				name = nil
			}
			rows = append(rows, []any{i, int64(i) << 33, name, i%2 == 0, float64(i) / 3, fmt.Sprintf("%d.%02d", i, i%100), []byte{byte(i), 0, 0xff}, int16(-i), fmt.Sprintf("v%d", i)})
		}
		var b strings.Builder
		n, err := c.CopyFrom(ctx, pgx.Identifier{"t"}, []string{"id", "big", "name", "ok", "f", "n", "b", "s", "v"}, pgx.CopyFromRows(rows))
		fmt.Fprintf(&b, "copied %d, %v\n", n, err)
		_, err = c.CopyFrom(ctx, pgx.Identifier{"t"}, []string{"id", "v"}, pgx.CopyFromRows([][]any{{5000, "ok"}, {1, "dup"}}))
		fmt.Fprintf(&b, "%s\n", copyErr(err))
		_, err = c.CopyFrom(ctx, pgx.Identifier{"t"}, []string{"id", "v"}, pgx.CopyFromRows([][]any{{5001, "far too long for it"}}))
		fmt.Fprintf(&b, "%s\n", copyErr(err))
		res, err := c.PgConn().Exec(ctx, "select * from t order by id").ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range res[0].Rows {
			for i, v := range row {
				if i > 0 {
					b.WriteString("|")
				}
				if v == nil {
					b.WriteString("NULL")
				} else {
					b.Write(v)
				}
			}
			b.WriteString("\n")
		}
		return b.String()
	}
	got, want := run(srv.DSN("postgres")), run(pg.DSN("postgres"))
	if got != want {
		t.Errorf("pgx CopyFrom differs\n%s", copyDiff(got, want))
	}
}

// stallingReader yields data, then blocks until released.
type stallingReader struct {
	data    string
	release chan struct{}
}

func (s *stallingReader) Read(p []byte) (int, error) {
	if s.data == "" {
		<-s.release
		return 0, io.EOF
	}
	n := copy(p, s.data)
	s.data = s.data[n:]
	return n, nil
}

// TestCopyStatementTimeout checks that statement_timeout ends a COPY FROM
// STDIN whose client stopped sending data, and that the session goes on.
func TestCopyStatementTimeout(t *testing.T) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	run := func(dsn string) string {
		copyFreshDB(t, dsn, "copy_timeout")
		c := copyConnect(t, dsn, "copy_timeout")
		defer c.Close(context.Background())
		ctx := context.Background()
		if _, err := c.Exec(ctx, "create table t (a int); set statement_timeout = '300ms'").ReadAll(); err != nil {
			t.Fatal(err)
		}
		r := &stallingReader{data: "1\n2\n", release: make(chan struct{})}
		time.AfterFunc(3*time.Second, func() { close(r.release) })
		_, err := c.CopyFrom(ctx, r, "copy t from stdin")
		var pe *pgconn.PgError
		out := "no error"
		if errors.As(err, &pe) {
			out = pe.Code + " " + pe.Message
		}
		res, err := c.Exec(ctx, "select count(*) from t").ReadAll()
		if err != nil {
			return out + "\n" + err.Error()
		}
		return out + "\n" + string(res[0].Rows[0][0])
	}
	got, want := run(srv.DSN("postgres")), run(pg.DSN("postgres"))
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if !strings.HasPrefix(got, "57014 canceling statement due to statement timeout") {
		t.Errorf("got %q, want a statement timeout", got)
	}
}
