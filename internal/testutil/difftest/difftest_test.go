package difftest

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

// TestPostgresAgainstItself runs the sample corpus with PostgreSQL as both
// target and oracle: everything matches.
func TestPostgresAgainstItself(t *testing.T) {
	pg := DSNTarget(pgtest.Shared(t).DSN("postgres"))
	Run(t, pg, pg, "testdata")
}

// TestFreshTarget: a server started per file is stopped after the file.
func TestFreshTarget(t *testing.T) {
	pg := pgtest.Shared(t)
	direct := DSNTarget(pg.DSN("postgres"))
	var started, stopped int
	target := FreshTarget(func(ctx context.Context) (string, func(), error) {
		started++
		dsn, err := direct.NewDatabase(ctx, databaseName("fresh", "x"))
		return dsn, func() { stopped++ }, err
	})
	Run(t, target, direct, "testdata", Options{Pattern: "basics.sql"})
	if started != 1 || stopped != 1 {
		t.Errorf("started %d, stopped %d servers for 1 file", started, stopped)
	}
}

// prepared returns a Target that creates databases on pg and runs setup
// in each.
func prepared(pg *pgtest.Server, setup string) Target {
	base := DSNTarget(pg.DSN("postgres"))
	return TargetFunc(func(ctx context.Context, name string) (string, error) {
		dsn, err := base.NewDatabase(ctx, name)
		if err != nil {
			return "", err
		}
		c, err := pgconn.Connect(ctx, dsn)
		if err != nil {
			return "", err
		}
		defer c.Close(ctx)
		_, err = c.Exec(ctx, setup).ReadAll()
		return dsn, err
	})
}

const oracleSetup = `
create table same (x int); insert into same values (1), (2), (3);
create view ord as select x, x as k from same;
create table diff (x int); insert into diff values (1), (2), (3);
create table extra (x int); insert into extra values (1), (2), (3);
create function f() returns int language sql as 'select 1';
create view named as select 1 as a;
create function only_oracle() returns int language sql as 'select 1';
create function boom() returns int language plpgsql as $$ begin raise exception 'boom' using errcode = '22012'; end $$;
create function boom2() returns int language plpgsql as $$ begin raise exception 'oracle text' using errcode = '22012'; end $$;
create function slow() returns int language sql as 'select 1';
`

const targetSetup = `
create table same (x int); insert into same values (3), (2), (1);
create view ord as select x, -x as k from same;
create table diff (x int); insert into diff values (1), (2), (4);
create table extra (x int); insert into extra values (1), (2), (3), (4);
create function f() returns bigint language sql as 'select 1';
create view named as select 1 as b;
create function only_target() returns int language sql as 'select 1';
create function boom() returns int language plpgsql as $$ begin raise exception 'boom' using errcode = '22003'; end $$;
create function boom2() returns int language plpgsql as $$ begin raise exception 'target text' using errcode = '22012'; end $$;
create function slow() returns int language sql as 'select 1 from pg_sleep(30)';
`

// TestMismatches proves that differences are detected and reported with
// the file, line, statement and both results.
func TestMismatches(t *testing.T) {
	pg := pgtest.Shared(t)
	res, err := RunFile(context.Background(), prepared(pg, targetSetup), prepared(pg, oracleSetup),
		"testdata/mismatch/mismatch.sql", Options{StatementTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{
		8:  "rows differ (compared in order (ORDER BY)): first difference at row 1",
		11: "rows differ (compared as a multiset)",
		14: `command tag "UPDATE 4", oracle "UPDATE 3"`,
		17: "column 1 (f) has type int8(20), oracle int4(23)",
		20: `column 1 named "b", oracle "a"`,
		23: "target failed, oracle succeeded",
		26: "target succeeded, oracle failed",
		29: "SQLSTATE 22003, oracle 22012",
		32: "error messages differ",
		39: "target failed, oracle succeeded",
	}
	got := map[int]Mismatch{}
	for _, m := range res.Mismatches {
		got[m.Line] = m
	}
	for line, reason := range want {
		m, ok := got[line]
		if !ok {
			t.Errorf("line %d: no mismatch reported, want %q", line, reason)
			continue
		}
		if !strings.HasPrefix(m.Reason, reason) {
			t.Errorf("line %d: reason %q, want %q", line, m.Reason, reason)
		}
	}
	for line, m := range got {
		if _, ok := want[line]; !ok {
			t.Errorf("unexpected mismatch:\n%s", m)
		}
	}
	// The report shows the file, line, statement and both results.
	report := got[11].String()
	for _, w := range []string{"testdata/mismatch/mismatch.sql:11: rows differ", "    select x from diff;", "  target:\n    columns: x int4(23)\n", "    4\n", "  oracle (PostgreSQL):\n", "    3\n", "    SELECT 3\n"} {
		if !strings.Contains(report, w) {
			t.Errorf("report lacks %q:\n%s", w, report)
		}
	}
	if r := got[39].Target; !strings.Contains(r, "FAILED: timeout") {
		t.Errorf("the timed-out statement renders as %q", r)
	}
	if !strings.Contains(res.Golden, "-- line 42\nselect 1 as one;\ncolumns: one int4(23)\n1\nSELECT 1\n") {
		t.Errorf("golden output lacks the last statement:\n%s", res.Golden)
	}
}

func TestSplitFile(t *testing.T) {
	src, err := os.ReadFile("testdata/protocol.sql")
	if err != nil {
		t.Fatal(err)
	}
	stmts, err := SplitFile("protocol.sql", string(src))
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		line            int
		prefix          string
		simple, ordered bool
		messages        bool
	}
	wants := []want{
		{4, "select 'simple'", true, false, true},
		{8, "select 1 +", true, false, true},
		{9, "select 2", true, false, true},
		{12, "select 'extended'", false, false, true},
		{15, "create function add_one(i int) returns int language sql\nbegin atomic\n  select i + 1;\nend", false, false, true},
		{20, "select add_one(41)", false, false, true},
		{23, "create function greet", false, false, true},
		{29, "select greet('world')", false, false, true},
		{33, "select 'abc'::int", false, false, false},
		{36, "select 'abc'::int", false, false, true},
		{39, "select g from generate_series(1, 3) g", false, true, true},
		{42, "select g from generate_series(1, 3) g order by g desc", false, false, true},
		{44, "values (1, 'one')", false, false, true},
		{47, "create temp table tmp", false, false, true},
		{48, "set search_path", false, false, true},
		{49, "reset search_path", false, false, true},
		{50, "drop function add_one", false, false, true},
		{51, "drop function greet", false, false, true},
	}
	if len(stmts) != len(wants) {
		for _, s := range stmts {
			t.Logf("%d: %q", s.Line, s.SQL)
		}
		t.Fatalf("%d statements, want %d", len(stmts), len(wants))
	}
	for i, w := range wants {
		s := stmts[i]
		if s.Line != w.line || !strings.HasPrefix(s.SQL, w.prefix) || s.Simple != w.simple || s.Ordered != w.ordered || s.Messages != w.messages {
			t.Errorf("statement %d: %+v, want %+v", i, s, w)
		}
	}
	if s := stmts[4].SQL; s != wants[4].prefix {
		t.Errorf("BEGIN ATOMIC body split: %q", s)
	}
}

func TestSplitSessionsAndOrder(t *testing.T) {
	src := "select 1;\n-- @session a\nselect x from t order by x;\n-- @session b\nexplain select 1;\n" +
		"select * from (select x from t order by x) s;\n(select 1) union (select 2) order by 1;\n-- @session main\nselect 2"
	stmts, err := SplitFile("x.sql", src)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, s := range stmts {
		got = append(got, s.Session+":"+map[bool]string{true: "ordered", false: "multiset"}[s.Ordered])
	}
	want := "main:multiset a:ordered b:ordered b:multiset b:ordered main:multiset"
	if strings.Join(got, " ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, " "), want)
	}
	for _, bad := range []string{"-- @session\nselect 1", "-- @protocol binary\nselect 1", "-- @frobnicate\nselect 1", "-- @messages maybe"} {
		if _, err := SplitFile("x.sql", bad); err == nil {
			t.Errorf("directive %q accepted", bad)
		}
	}
}
