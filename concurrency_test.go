package tusk_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// waitBlocked waits until the statement running in done has been waiting
// for a while (it is blocked on a lock), failing if it finished instead.
func waitBlocked(t *testing.T, done <-chan string) {
	t.Helper()
	select {
	case r := <-done:
		t.Fatalf("the statement did not wait for the lock: %s", r)
	case <-time.After(300 * time.Millisecond):
	}
}

// concurrentScenario runs two sessions against dsn: the first changes rows
// in an open transaction, the second runs a statement on the same rows
// that must wait, then the first commits or rolls back. It returns what
// the second statement returned and the table afterwards.
func concurrentScenario(t *testing.T, dsn, table string, setup []string, first []string, end string, second string, isolation string) string {
	t.Helper()
	ctx := context.Background()
	a, b := connect(t, dsn), connect(t, dsn)
	for _, sql := range append([]string{"drop table if exists " + table}, setup...) {
		if _, err := a.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	if _, err := a.Exec(ctx, "begin"); err != nil {
		t.Fatal(err)
	}
	for _, sql := range first {
		if _, err := a.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	if isolation != "" {
		if _, err := b.Exec(ctx, "begin isolation level "+isolation); err != nil {
			t.Fatal(err)
		}
		// Take the snapshot before the first session commits.
		if _, err := b.Exec(ctx, "select count(*) from "+table); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan string, 1)
	go func() { done <- describeResult(b, second) }()
	waitBlocked(t, done)
	if _, err := a.Exec(ctx, end); err != nil {
		t.Fatal(err)
	}
	var out string
	select {
	case out = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the waiting statement did not finish after the other transaction ended")
	}
	if isolation != "" {
		b.Exec(ctx, "rollback")
	}
	return out + " | " + describeResult(a, "select * from "+table+" order by 1")
}

// TestConcurrentUpdatesMatchPostgres checks READ COMMITTED's EvalPlanQual
// and REPEATABLE READ's serialization failures against PostgreSQL.
func TestConcurrentUpdatesMatchPostgres(t *testing.T) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	setup := []string{
		"create table acc (id int primary key, bal int not null)",
		"insert into acc values (1, 100), (2, 200), (3, 300)",
	}
	cases := []struct {
		name, end, second, isolation string
		first                        []string
	}{
		{"increments add up", "commit", "update acc set bal = bal + 10 where id = 1 returning bal", "",
			[]string{"update acc set bal = bal + 1 where id = 1"}},
		{"where clause rechecked", "commit", "update acc set bal = 0 where bal = 100 returning id", "",
			[]string{"update acc set bal = bal + 1 where id = 1"}},
		{"rollback keeps the old row", "rollback", "update acc set bal = bal * 2 where bal >= 100 returning id, bal", "",
			[]string{"update acc set bal = bal + 1 where id = 1"}},
		{"deleted row skipped", "commit", "update acc set bal = bal + 1 returning id, bal", "",
			[]string{"delete from acc where id = 2"}},
		{"delete sees the new row", "commit", "delete from acc where bal > 150 returning id, bal", "",
			[]string{"update acc set bal = 1000 where id = 1", "update acc set bal = 1 where id = 3"}},
		{"repeatable read fails", "commit", "update acc set bal = bal + 10 where id = 1", "repeatable read",
			[]string{"update acc set bal = bal + 1 where id = 1"}},
		{"repeatable read after rollback", "rollback", "update acc set bal = bal + 10 where id = 1 returning bal", "repeatable read",
			[]string{"update acc set bal = bal + 1 where id = 1"}},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			got := concurrentScenario(t, srv.DSN("postgres"), "acc", setup, c.first, c.end, c.second, c.isolation)
			want := concurrentScenario(t, pg.DSN("postgres"), "acc", setup, c.first, c.end, c.second, c.isolation)
			if got != want {
				t.Errorf("tusk:       %s\npostgresql: %s", got, want)
			}
		})
	}
}

// TestConcurrentIncrements runs many sessions incrementing the same rows
// (pgbench's shape); no increment may be lost.
func TestConcurrentIncrements(t *testing.T) {
	srv := tusktest.Start(t, nil)
	ctx := context.Background()
	c := connect(t, srv.DSN("postgres"))
	if _, err := c.Exec(ctx, "create table counters (id int primary key, n int not null)"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(ctx, "insert into counters select g, 0 from generate_series(1, 3) g"); err != nil {
		t.Fatal(err)
	}
	const sessions, each = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, sessions)
	for i := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := pgx.Connect(ctx, srv.DSN("postgres"))
			if err != nil {
				errs <- err
				return
			}
			defer conn.Close(ctx)
			for j := range each {
				if _, err := conn.Exec(ctx, "update counters set n = n + 1 where id = $1", 1+(i+j)%3); err != nil {
					errs <- fmt.Errorf("session %d: %w", i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var total int
	if err := c.QueryRow(ctx, "select sum(n) from counters").Scan(&total); err != nil {
		t.Fatal(err)
	}
	if total != sessions*each {
		t.Errorf("sum of counters %d, want %d", total, sessions*each)
	}
}
