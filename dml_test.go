package tusk_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// TestInsertShapesMatchPostgres compares INSERT's target-list rules with
// PostgreSQL: fewer values than columns without a column list, VALUES
// rows of different lengths, too many values, and DEFAULT.
func TestInsertShapesMatchPostgres(t *testing.T) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	script := []string{
		"drop table if exists ins3",
		"create table ins3 (a int, b int default 7, c text default 'x')",
		"insert into ins3 values (1)",
		"insert into ins3 values (2, 3)",
		"insert into ins3 values (4, 5), (6)",
		"insert into ins3 select 9",
		"insert into ins3 select 10, 11 union all select 12, 13",
		"insert into ins3 (a, b) values (1)",
		"insert into ins3 values (1, 2, 'z', 'w')",
		"insert into ins3 values (default, default)",
		"insert into ins3 default values",
		"select * from ins3 order by a nulls first, b",
	}
	run := func(dsn string) []string {
		c, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(context.Background())
		var out []string
		for _, sql := range script {
			out = append(out, describeResult(c, sql))
		}
		return out
	}
	got, want := run(srv.DSN("postgres")), run(pg.DSN("postgres"))
	for i := range script {
		if got[i] != want[i] {
			t.Errorf("%s\ntusk:       %s\npostgresql: %s", script[i], got[i], want[i])
		}
	}
}
