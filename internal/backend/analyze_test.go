package backend_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// TestAutoAnalyze checks that a table changed by more rows than
// autovacuum_analyze_threshold gets statistics without an ANALYZE (from a
// background worker, within a few naptimes), that the planner uses them,
// and that autovacuum = off leaves tables alone.
func TestAutoAnalyze(t *testing.T) {
	ctx := context.Background()
	query := func(c *pgx.Conn, sql string) []string {
		t.Helper()
		rows, err := c.Query(ctx, sql)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return out
	}
	exec := func(c *pgx.Conn, sql string) {
		t.Helper()
		if _, err := c.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	for _, autovacuum := range []string{"on", "off"} {
		t.Run("autovacuum="+autovacuum, func(t *testing.T) {
			srv := tusktest.Start(t, map[string]string{"autovacuum": autovacuum, "autovacuum_naptime": "1"})
			c, err := pgx.Connect(ctx, srv.DSN("postgres"))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close(ctx)
			exec(c, "create table small (id int primary key, k int)")
			exec(c, "create table large (id int primary key, small_id int)")
			exec(c, "insert into small select g, g % 7 from generate_series(1, 40) g")
			exec(c, "insert into large select g, g % 40 + 1 from generate_series(1, 5000) g")
			want := []string{"large -1", "small -1"}
			if autovacuum == "on" {
				// 40 changed rows are below the threshold of 50.
				want = []string{"large 5000", "small -1"}
			}
			// The worker runs in the background, a round at most once a
			// second here: wait for it (or, with autovacuum off, give it
			// the time it would have taken).
			wait := 15 * time.Second
			if autovacuum == "off" {
				wait = 3 * time.Second
			}
			var got []string
			for deadline := time.Now().Add(wait); ; {
				got = query(c, "select relname || ' ' || reltuples::text from pg_class where relname in ('small', 'large') order by 1")
				done := autovacuum == "on" && strings.Join(got, ",") == strings.Join(want, ",")
				if done || time.Now().After(deadline) {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("reltuples %v, want %v", got, want)
			}
			if autovacuum == "off" {
				return
			}
			if got := query(c, "select n_distinct::text from pg_stats where tablename = 'large' and attname = 'small_id'"); len(got) != 1 || got[0] != "40" {
				t.Errorf("large.small_id n_distinct %v, want 40", got)
			}
			// One row of large probes small's key rather than hashing it.
			plan := strings.Join(query(c, "explain (costs off) select * from large, small where small.id = large.small_id and large.id = 7"), "\n")
			if !strings.Contains(plan, "Index Cond: (id = large.small_id)") {
				t.Errorf("plan does not probe small by key:\n%s", plan)
			}
		})
	}
}
