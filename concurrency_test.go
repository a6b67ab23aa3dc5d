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

// step is one step of an isolation script: session runs sql; a step that
// is expected to block runs in the background and its result is collected
// by a later step with await set to the same session.
type step struct {
	session int
	sql     string
	blocks  bool
	await   bool
}

// runIsolation runs an isolation script against dsn and returns each
// step's outcome, in script order (a blocking step's outcome is recorded
// where it is awaited).
func runIsolation(t *testing.T, dsn string, setup []string, steps []step) []string {
	t.Helper()
	ctx := context.Background()
	conns := map[int]*pgx.Conn{}
	conn := func(i int) *pgx.Conn {
		if c, ok := conns[i]; ok {
			return c
		}
		c := connect(t, dsn)
		conns[i] = c
		return c
	}
	for _, sql := range setup {
		if _, err := conn(0).Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	pending := map[int]chan string{}
	var out []string
	for _, s := range steps {
		c := conn(s.session)
		switch {
		case s.await:
			select {
			case r := <-pending[s.session]:
				out = append(out, fmt.Sprintf("s%d: %s", s.session, r))
			case <-time.After(10 * time.Second):
				t.Fatalf("session %d did not finish", s.session)
			}
		case s.blocks:
			ch := make(chan string, 1)
			pending[s.session] = ch
			go func() { ch <- describeResult(c, s.sql) }()
			select {
			case r := <-ch:
				out = append(out, fmt.Sprintf("s%d did not block: %s", s.session, r))
				ch <- r
			case <-time.After(300 * time.Millisecond):
				out = append(out, fmt.Sprintf("s%d blocks", s.session))
			}
		default:
			out = append(out, fmt.Sprintf("s%d: %s", s.session, describeResult(c, s.sql)))
		}
	}
	return out
}

// TestIsolationScriptsMatchPostgres runs PostgreSQL isolation-tester
// style scripts (row locks, NOWAIT, SKIP LOCKED, deadlocks, serializable
// write skew, lock_timeout) against tusk and PostgreSQL.
func TestIsolationScriptsMatchPostgres(t *testing.T) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	setup := []string{
		"drop table if exists iso, doctors",
		"create table iso (id int primary key, v int not null)",
		"insert into iso values (1, 10), (2, 20), (3, 30)",
		"create table doctors (name text primary key, on_call bool not null)",
		"insert into doctors values ('alice', true), ('bob', true)",
	}
	scripts := map[string][]step{
		"for update waits and sees the new row": {
			{1, "begin", false, false}, {1, "update iso set v = v + 1 where id = 1", false, false},
			{2, "begin", false, false}, {2, "select * from iso where id = 1 for update", true, false},
			{1, "commit", false, false}, {2, "", false, true}, {2, "commit", false, false},
		},
		"for update rechecks the where clause": {
			{1, "begin", false, false}, {1, "update iso set v = 0 where id = 2", false, false},
			{2, "select id from iso where v >= 20 order by id for update", true, false},
			{1, "commit", false, false}, {2, "", false, true},
		},
		"nowait": {
			{1, "begin", false, false}, {1, "select * from iso where id = 3 for update", false, false},
			{2, "select * from iso where id = 3 for update nowait", false, false},
			{2, "select * from iso where id = 2 for share nowait", false, false},
			{1, "rollback", false, false},
		},
		"skip locked": {
			{1, "begin", false, false}, {1, "select * from iso where id = 1 for update", false, false},
			{2, "select id from iso order by id limit 1 for update skip locked", false, false},
			{2, "select id from iso order by id for update skip locked", false, false},
			{1, "commit", false, false},
		},
		"share locks do not conflict": {
			{1, "begin", false, false}, {1, "select * from iso where id = 1 for share", false, false},
			{2, "begin", false, false}, {2, "select * from iso where id = 1 for key share", false, false},
			{2, "select * from iso where id = 1 for share", false, false},
			{2, "update iso set v = 5 where id = 1", true, false},
			{1, "commit", false, false}, {2, "", false, true}, {2, "commit", false, false},
		},
		"deadlock": {
			{1, "begin", false, false}, {1, "update iso set v = 1 where id = 1", false, false},
			{2, "begin", false, false}, {2, "update iso set v = 2 where id = 2", false, false},
			{1, "update iso set v = 1 where id = 2", true, false},
			{2, "update iso set v = 2 where id = 1", false, false},
			{1, "", false, true},
			{1, "commit", false, false}, {2, "rollback", false, false},
			{0, "select * from iso order by id", false, false},
		},
		"lock timeout": {
			{1, "begin", false, false}, {1, "update iso set v = 7 where id = 3", false, false},
			{2, "set lock_timeout = '100ms'", false, false},
			{2, "update iso set v = 8 where id = 3", false, false},
			{2, "reset lock_timeout", false, false},
			{1, "rollback", false, false},
		},
		"rollback to savepoint releases locks": {
			{1, "begin", false, false}, {1, "update iso set v = 11 where id = 1", false, false},
			{1, "savepoint a", false, false}, {1, "update iso set v = 12 where id = 2", false, false},
			{1, "rollback to a", false, false},
			{2, "update iso set v = 22 where id = 2 returning *", false, false},
			{1, "commit", false, false},
			{0, "select * from iso order by id", false, false},
		},
		"an error releases locks and keeps the savepoint's writes": {
			{1, "begin", false, false}, {1, "update iso set v = 99 where id = 1", false, false},
			{1, "savepoint a", false, false}, {1, "update iso set v = 98 where id = 2", false, false},
			{1, "select 1 / 0", false, false},
			{2, "update iso set v = 23 where id = 2 returning *", false, false},
			{1, "rollback to a", false, false}, {1, "commit", false, false},
			{0, "select * from iso order by id", false, false},
		},
		"an error in a block releases its locks": {
			{1, "begin", false, false}, {1, "update iso set v = 99 where id = 3", false, false},
			{1, "select 1 / 0", false, false},
			{2, "update iso set v = 33 where id = 3 returning *", false, false},
			{1, "commit", false, false},
			{0, "select * from iso order by id", false, false},
		},
		"lock table exclusive blocks writers, not readers": {
			{1, "begin", false, false}, {1, "lock table iso in exclusive mode", false, false},
			{2, "select count(*) from iso", false, false},
			{2, "insert into iso values (4, 40)", true, false},
			{1, "commit", false, false}, {2, "", false, true},
		},
		"lock table access exclusive blocks readers": {
			{1, "begin", false, false}, {1, "lock table iso", false, false},
			{2, "select count(*) from iso", true, false},
			{3, "lock table iso in share mode nowait", false, false},
			{1, "rollback", false, false}, {2, "", false, true},
		},
		"lock table waits for writers": {
			{1, "begin", false, false}, {1, "update iso set v = 5 where id = 1", false, false},
			{2, "begin", false, false}, {2, "lock table iso in share mode", true, false},
			{1, "commit", false, false}, {2, "", false, true}, {2, "commit", false, false},
			{0, "lock table iso", false, false}, {0, "lock table nosuch", false, false},
		},
		"alter table waits for readers": {
			{1, "begin", false, false}, {1, "select count(*) from iso", false, false},
			{2, "alter table iso add column extra int default 7", true, false},
			{1, "commit", false, false}, {2, "", false, true},
			{0, "select * from iso order by id", false, false},
		},
		"truncate blocks readers until rollback": {
			{1, "begin", false, false}, {1, "truncate iso", false, false},
			{2, "select count(*) from iso", true, false},
			{1, "rollback", false, false}, {2, "", false, true},
		},
		"create index waits for writers": {
			{1, "begin", false, false}, {1, "insert into iso values (9, 90)", false, false},
			{2, "create index iso_v on iso (v)", true, false},
			{3, "select count(*) from iso", false, false},
			{1, "commit", false, false}, {2, "", false, true},
			{0, "select id from iso where v = 90", false, false},
		},
		"serializable write skew": {
			{1, "begin isolation level serializable", false, false},
			{2, "begin isolation level serializable", false, false},
			{1, "select count(*) from doctors where on_call", false, false},
			{2, "select count(*) from doctors where on_call", false, false},
			{1, "update doctors set on_call = false where name = 'alice'", false, false},
			{2, "update doctors set on_call = false where name = 'bob'", false, false},
			{1, "commit", false, false},
			{2, "commit", false, false},
			{0, "select count(*) from doctors where on_call", false, false},
		},
	}
	for name, steps := range scripts {
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			got := runIsolation(t, srv.DSN("postgres"), setup, steps)
			want := runIsolation(t, pg.DSN("postgres"), setup, steps)
			for i := range want {
				if i >= len(got) || got[i] != want[i] {
					g := ""
					if i < len(got) {
						g = got[i]
					}
					t.Errorf("step %d\ntusk:       %s\npostgresql: %s", i, g, want[i])
				}
			}
		})
	}
}
