package tusk_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// The hot path, end to end through an in-memory server: a point SELECT
// by primary key, a one-row UPDATE and a 100-row INSERT, each sent as SQL
// text (parse, analyze, plan and execute every time) and as a prepared
// statement (bind and execute only). Allocations include the client's.
func BenchmarkHotPath(b *testing.B) {
	srv := tusktest.Start(b, nil)
	ctx := context.Background()
	c, err := pgx.Connect(ctx, srv.DSN("postgres"))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close(ctx)
	for _, sql := range []string{
		"create table bench_acc (id int primary key, bal int not null, filler text)",
		"insert into bench_acc select g, 0, repeat('x', 80) from generate_series(1, 10000) g",
		"create table bench_ins (id int, v text)",
		// Statistics now, so that no automatic ANALYZE of the loaded table
		// runs in the background while allocations are counted.
		"analyze bench_acc",
	} {
		if _, err := c.Exec(ctx, sql); err != nil {
			b.Fatal(err)
		}
	}
	var values strings.Builder
	for i := range 100 {
		if i > 0 {
			values.WriteString(", ")
		}
		fmt.Fprintf(&values, "(%d, 'row %d')", i, i)
	}
	insert100 := "insert into bench_ins values " + values.String()
	for _, mode := range []struct {
		name string
		mode pgx.QueryExecMode
	}{{"text", pgx.QueryExecModeSimpleProtocol}, {"prepared", pgx.QueryExecModeCacheStatement}} {
		b.Run("PointSelect/"+mode.name, func(b *testing.B) {
			b.ReportAllocs()
			var bal int
			for i := 0; b.Loop(); i++ {
				if err := c.QueryRow(ctx, "select bal from bench_acc where id = $1", mode.mode, 1+i%10000).Scan(&bal); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("Update/"+mode.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := c.Exec(ctx, "update bench_acc set bal = bal + 1 where id = $1", mode.mode, 1+i%10000); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("Insert100/"+mode.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Exec(ctx, insert100, mode.mode); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
