package tusk_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// explainLines runs an EXPLAIN and returns its lines.
func explainLines(t *testing.T, conn *pgx.Conn, sql string) []string {
	t.Helper()
	rows, err := conn.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return lines
}

// TestExplainAnalyze checks what EXPLAIN ANALYZE measures: each node's
// actual rows and loops, the rows a filter removed, the summary lines,
// and that ANALYZE runs a data-modifying statement for real while plain
// EXPLAIN does not run it. Plans with costs and timings cannot be
// compared with PostgreSQL's line by line, so shapes and counts are
// asserted here; the differential corpus (explain.sql) covers the plain
// shapes.
func TestExplainAnalyze(t *testing.T) {
	srv := tusktest.Start(t, nil)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, s := range []string{
		"create table t (id int primary key, a int)",
		"insert into t select g, g % 10 from generate_series(1, 100) g",
	} {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}

	got := explainLines(t, conn, "explain (analyze, costs off, timing off, summary off) select * from t where a = 3")
	want := []string{
		"Seq Scan on t (actual rows=10 loops=1)",
		"  Filter: (a = 3)",
		"  Rows Removed by Filter: 90",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("filtered scan:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	got = explainLines(t, conn, "explain (analyze, costs off, timing off, summary off) select a, count(*) from t group by a order by a limit 3")
	want = []string{
		"Limit (actual rows=3 loops=1)",
		"  ->  Sort (actual rows=3 loops=1)",
		"        Sort Key: a",
		"        ->  HashAggregate (actual rows=10 loops=1)",
		"              Group Key: a",
		"              ->  Seq Scan on t (actual rows=100 loops=1)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("aggregate:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// A correlated subquery is measured per evaluation (loops).
	got = explainLines(t, conn, "explain (analyze, costs off, timing off, summary off) select id, (select count(*) from t t2 where t2.a = t.a) from t where id <= 3")
	want = []string{
		"Index Scan using t_pkey on t (actual rows=3 loops=1)",
		"  Index Cond: (id <= 3)",
		"  SubPlan 1",
		"    ->  Aggregate (actual rows=1 loops=3)",
		"          ->  Seq Scan on t t2 (actual rows=10 loops=3)",
		"                Filter: (a = t.a)",
		"                Rows Removed by Filter: 90",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("subplan:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// With costs and timing: the header format and the summary.
	got = explainLines(t, conn, "explain analyze select * from t where id = 5")
	head := regexp.MustCompile(`^Index Scan using t_pkey on t  \(cost=\d+\.\d\d\.\.\d+\.\d\d rows=\d+ width=8\) \(actual time=\d+\.\d{3}\.\.\d+\.\d{3} rows=1 loops=1\)$`)
	if len(got) != 4 || !head.MatchString(got[0]) || got[1] != "  Index Cond: (id = 5)" ||
		!strings.HasPrefix(got[2], "Planning Time: ") || !strings.HasPrefix(got[3], "Execution Time: ") {
		t.Errorf("explain analyze:\n%s", strings.Join(got, "\n"))
	}

	// EXPLAIN of a DELETE does not delete; EXPLAIN ANALYZE does, and
	// reports the scan's rows.
	explainLines(t, conn, "explain delete from t where a = 1")
	var n int
	if err := conn.QueryRow(ctx, "select count(*) from t").Scan(&n); err != nil || n != 100 {
		t.Fatalf("after EXPLAIN DELETE: count %d, %v; want 100", n, err)
	}
	got = explainLines(t, conn, "explain (analyze, costs off, timing off, summary off) delete from t where a = 1")
	want = []string{
		"Delete on t (actual rows=0 loops=1)",
		"  ->  Seq Scan on t (actual rows=10 loops=1)",
		"        Filter: (a = 1)",
		"        Rows Removed by Filter: 90",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("delete:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if err := conn.QueryRow(ctx, "select count(*) from t").Scan(&n); err != nil || n != 90 {
		t.Fatalf("after EXPLAIN ANALYZE DELETE: count %d, %v; want 90", n, err)
	}

	// FORMAT JSON: one json value with the plan tree.
	var doc []map[string]any
	var raw string
	if err := conn.QueryRow(ctx, "explain (analyze, format json) select * from t where a = 2").Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatalf("FORMAT JSON output is not JSON: %v\n%s", err, raw)
	}
	p, _ := doc[0]["Plan"].(map[string]any)
	if p["Node Type"] != "Seq Scan" || p["Relation Name"] != "t" || p["Filter"] != "(a = 2)" || p["Actual Rows"] != float64(10) {
		t.Errorf("FORMAT JSON plan: %s", raw)
	}
	if _, ok := doc[0]["Execution Time"]; !ok {
		t.Errorf("FORMAT JSON: no Execution Time: %s", raw)
	}
}
