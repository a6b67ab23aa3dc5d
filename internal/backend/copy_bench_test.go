package backend_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// copyBenchRows is the size of one COPY in BenchmarkCopyFrom.
const copyBenchRows = 100_000

// copyBenchData returns copyBenchRows rows shaped like pgbench_accounts
// in COPY's text format.
func copyBenchData() string {
	var b strings.Builder
	filler := strings.Repeat(" ", 84)
	for i := 1; i <= copyBenchRows; i++ {
		fmt.Fprintf(&b, "%d\t%d\t0\t%s\n", i, (i-1)/100000+1, filler)
	}
	return b.String()
}

// BenchmarkCopyFrom loads 100k pgbench_accounts rows with COPY FROM STDIN
// over a real connection (what pgbench -i does), into a table with a
// primary key, each load into a new table, against an in-memory tusk and
// against PostgreSQL 15 for comparison. It reports rows per second.
func BenchmarkCopyFrom(b *testing.B) {
	data := copyBenchData()
	run := func(b *testing.B, dsn string) {
		ctx := context.Background()
		c, err := pgconn.Connect(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close(ctx)
		exec := func(sql string) {
			if _, err := c.Exec(ctx, sql).ReadAll(); err != nil {
				b.Fatalf("%s: %v", sql, err)
			}
		}
		b.SetBytes(int64(len(data)))
		b.ResetTimer()
		for i := range b.N {
			b.StopTimer()
			table := fmt.Sprintf("bench_accounts_%d", i)
			exec("drop table if exists " + table)
			exec("create table " + table + " (aid int primary key, bid int, abalance int, filler char(84))")
			b.StartTimer()
			tag, err := c.CopyFrom(ctx, strings.NewReader(data), "copy "+table+" from stdin")
			if err != nil {
				b.Fatal(err)
			}
			if tag.RowsAffected() != copyBenchRows {
				b.Fatalf("tag %s", tag)
			}
		}
		b.ReportMetric(float64(copyBenchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	}
	b.Run("tusk", func(b *testing.B) {
		srv := tusktest.Start(b, nil)
		run(b, srv.DSN("postgres"))
	})
	b.Run("postgres", func(b *testing.B) {
		pg := pgtest.Start(b)
		run(b, pg.DSN("postgres"))
	})
}
