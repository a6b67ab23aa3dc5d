package pgformat_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

var verbose = flag.Bool("difflog", false, "log every differential mismatch, not only the first ones")

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

// oracle runs expressions through PostgreSQL 15, one round trip per batch,
// catching each expression's error separately.
type oracle struct {
	t    testing.TB
	conn *pgx.Conn
}

// result is what a user sees for one expression: its text, or its error.
type result struct {
	ok     bool
	null   bool
	val    string
	code   string
	msg    string
	detail string
	hint   string
	where  string
}

func (r result) String() string {
	if r.ok {
		if r.null {
			return "NULL"
		}
		return fmt.Sprintf("%q", r.val)
	}
	s := fmt.Sprintf("ERROR %s: %s", r.code, r.msg)
	if r.detail != "" {
		s += " DETAIL: " + r.detail
	}
	if r.hint != "" {
		s += " HINT: " + r.hint
	}
	if r.where != "" {
		s += " CONTEXT: " + r.where
	}
	return s
}

var ctxb = context.Background()

func newOracle(t testing.TB) *oracle {
	t.Helper()
	srv := pgtest.Shared(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	_, err = conn.Exec(ctx, `
CREATE OR REPLACE FUNCTION pg_temp.ev(e text) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE r text; st text; msg text; det text; hin text; ctx text;
BEGIN
  EXECUTE 'SELECT (' || e || ')::text' INTO r;
  RETURN ARRAY['ok', r];
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hin = PG_EXCEPTION_HINT, ctx = PG_EXCEPTION_CONTEXT;
  IF ctx NOT LIKE 'JSON data%' THEN ctx := ''; ELSE ctx := split_part(ctx, E'\n', 1); END IF;
  RETURN ARRAY['err', st, msg, det, hin, ctx];
END $$`)
	if err != nil {
		t.Fatal(err)
	}
	return &oracle{t: t, conn: conn}
}

func (o *oracle) exec(sql string) {
	o.t.Helper()
	if _, err := o.conn.Exec(context.Background(), sql); err != nil {
		o.t.Fatalf("%s: %v", sql, err)
	}
}

// eval evaluates SQL expressions (each cast to text) in one transaction.
func (o *oracle) eval(exprs []string) []result {
	o.t.Helper()
	ctx := context.Background()
	rows, err := o.conn.Query(ctx, `SELECT pg_temp.ev(e) FROM unnest($1::text[]) WITH ORDINALITY AS u(e, n) ORDER BY n`, exprs)
	if err != nil {
		o.t.Fatal(err)
	}
	defer rows.Close()
	out := make([]result, 0, len(exprs))
	for rows.Next() {
		var arr []*string
		if err := rows.Scan(&arr); err != nil {
			o.t.Fatal(err)
		}
		get := func(i int) string {
			if i < len(arr) && arr[i] != nil {
				return *arr[i]
			}
			return ""
		}
		if get(0) == "ok" {
			out = append(out, result{ok: true, null: len(arr) < 2 || arr[1] == nil, val: get(1)})
		} else {
			out = append(out, result{code: get(1), msg: get(2), detail: get(3), hint: get(4), where: get(5)})
		}
	}
	if err := rows.Err(); err != nil {
		o.t.Fatal(err)
	}
	return out
}

// goResult converts a Go computation into a result.
func goResult(val string, err error) result {
	if err != nil {
		pe := pgerror.Flatten(err)
		return result{code: pe.Code, msg: pe.Message, detail: pe.Detail, hint: pe.Hint, where: pe.Where}
	}
	return result{ok: true, val: val}
}

func lit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// tally counts differential cases and reports mismatches.
type tally struct {
	t        *testing.T
	name     string
	total    int
	mismatch int
}

func (ty *tally) check(input string, want, got result) {
	ty.total++
	if want == got {
		return
	}
	ty.mismatch++
	if ty.mismatch <= 25 || *verbose {
		ty.t.Errorf("%s %s:\n  postgres: %v\n  tusk:     %v", ty.name, input, want, got)
	}
}

func (ty *tally) report() {
	ty.t.Logf("%s: %d differential cases, %d match", ty.name, ty.total, ty.total-ty.mismatch)
	recordTally(ty.name, ty.total, ty.total-ty.mismatch)
}

var tallies = map[string][2]int{}

func recordTally(name string, total, match int) {
	v := tallies[name]
	tallies[name] = [2]int{v[0] + total, v[1] + match}
}

// evalNow evaluates expressions in one transaction and also returns that
// transaction's now(), for the Go side's Session.Now.
func (o *oracle) evalNow(exprs []string) ([]result, time.Time) {
	o.t.Helper()
	ctx := context.Background()
	o.exec("BEGIN")
	var now time.Time
	if err := o.conn.QueryRow(ctx, "SELECT now()").Scan(&now); err != nil {
		o.t.Fatal(err)
	}
	res := o.eval(exprs)
	o.exec("COMMIT")
	return res, now
}
