package tusk_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// TestExplainMergeJoin checks when the planner runs a join as a merge
// join and what EXPLAIN shows of it: an outer join whose inner side, read
// in primary key (or index) order like the outer side, is much larger
// than the outer side merges instead of hashing the large side; the
// merge condition, the join filter and, under ANALYZE, the actual rows.
// PostgreSQL reads such inputs by index scans, so its plan text differs
// and the differential corpus (merge_join.sql) compares only results.
func TestExplainMergeJoin(t *testing.T) {
	srv := tusktest.Start(t, nil)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, s := range []string{
		"create table small (id int primary key, s text)",
		"create table big (id int primary key, b text, grp int)",
		"create table d1 (id int primary key, k int)",
		"create table d2 (id int primary key, k int)",
		"create index d2_k on d2 (k)",
		"create index d1_k on d1 (k)",
		"insert into small select g * 3, 's' || g from generate_series(1, 12) g",
		"insert into big select g, 'b' || g, g % 5 from generate_series(1, 120) g",
		"insert into d1 select g, g % 4 from generate_series(1, 8) g",
		"insert into d2 select g, case when g % 9 = 0 then null else g % 6 end from generate_series(1, 200) g",
		"analyze small",
		"analyze big",
		"analyze d1",
		"analyze d2",
	} {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	check := func(sql string, want ...string) {
		t.Helper()
		got := explainLines(t, conn, sql)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", sql, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	check("explain (costs off) select s, b from small left join big on small.id = big.id and big.grp + length(s) > 3",
		"Merge Left Join",
		"  Merge Cond: (small.id = big.id)",
		"  Join Filter: ((big.grp + length(small.s)) > 3)",
		"  ->  Seq Scan on small",
		"  ->  Seq Scan on big",
	)
	check("explain (analyze, costs off, timing off, summary off) select s, b from small full join big on small.id = big.id",
		"Merge Full Join (actual rows=120 loops=1)",
		"  Merge Cond: (small.id = big.id)",
		"  ->  Seq Scan on small (actual rows=12 loops=1)",
		"  ->  Seq Scan on big (actual rows=120 loops=1)",
	)
	// Keys that repeat on both sides, read in index order.
	check("explain (analyze, costs off, timing off, summary off) select * from d1 left join d2 on d1.k = d2.k and d2.k >= 0 where d1.k >= 0",
		"Merge Left Join (actual rows=224 loops=1)",
		"  Merge Cond: (d1.k = d2.k)",
		"  ->  Index Scan using d1_k on d1 (actual rows=8 loops=1)",
		"        Index Cond: (k >= 0)",
		// The right side is read up to the first key past the left's
		// last: 112 rows with keys 0 to 3 and one with key 4.
		"  ->  Index Scan using d2_k on d2 (actual rows=113 loops=1)",
		"        Index Cond: (k >= 0)",
	)
	// Each of the 8 left rows matches the 28 right rows of its key.
	var n, m int
	if err := conn.QueryRow(ctx, "select count(*), count(d2.id) from d1 left join d2 on d1.k = d2.k and d2.k >= 0 where d1.k >= 0").Scan(&n, &m); err != nil {
		t.Fatal(err)
	}
	if n != 224 || m != n {
		t.Errorf("duplicate keys: %d rows, %d matched", n, m)
	}
}
