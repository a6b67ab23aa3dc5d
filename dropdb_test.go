package tusk_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// TestDropDatabaseWithSessions compares DROP DATABASE against a database
// other sessions use: 55006 with the count, then WITH (FORCE) ending them.
func TestDropDatabaseWithSessions(t *testing.T) {
	run := func(dsnFor func(db string) string) string {
		ctx := context.Background()
		admin, err := pgx.Connect(ctx, dsnFor("postgres"))
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close(ctx)
		var out strings.Builder
		admin.Exec(ctx, "drop database if exists busy")
		fmt.Fprintln(&out, describeResult(admin, "create database busy"))
		var users []*pgx.Conn
		for range 2 {
			c, err := pgx.Connect(ctx, dsnFor("busy"))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close(ctx)
			users = append(users, c)
		}
		fmt.Fprintln(&out, describeResult(admin, "drop database busy"))
		users[1].Close(ctx)
		fmt.Fprintln(&out, describeResult(admin, "drop database busy"))
		fmt.Fprintln(&out, describeResult(admin, "drop database busy with (force)"))
		_, err = users[0].Exec(ctx, "select 1")
		fmt.Fprintln(&out, "terminated session:", pgCode(err) != "" || err != nil)
		fmt.Fprintln(&out, describeResult(admin, "select count(*) from pg_database where datname = 'busy'"))
		return out.String()
	}
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	got := run(srv.DSN)
	want := run(pg.DSN)
	if got != want {
		t.Errorf("tusk:\n%s\npostgresql:\n%s", got, want)
	}
}
