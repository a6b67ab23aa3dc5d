package tusk_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// TestListenNotify checks LISTEN/NOTIFY as clients see it: a
// notification reaches every listening session, the sender included, at
// commit, with the sender's process ID and the payload; duplicates within
// a transaction arrive once; a NOTIFY rolled back (to a savepoint too)
// and an uncommitted LISTEN deliver nothing; UNLISTEN stops delivery; a session idle in a
// transaction block gets its notifications when the block ends.
func TestListenNotify(t *testing.T) {
	srv := tusktest.Start(t, nil)
	ctx := context.Background()
	connect := func() *pgx.Conn {
		c, err := pgx.Connect(ctx, srv.DSN("postgres"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close(context.Background()) })
		return c
	}
	exec := func(c *pgx.Conn, sqls ...string) {
		t.Helper()
		for _, s := range sqls {
			if _, err := c.Exec(ctx, s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
	}
	// wait returns the next notification, or nil if none arrives soon.
	wait := func(c *pgx.Conn, d time.Duration) *pgconn.Notification {
		t.Helper()
		wctx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		n, err := c.WaitForNotification(wctx)
		if err != nil {
			if wctx.Err() != nil {
				return nil
			}
			t.Fatalf("WaitForNotification: %v", err)
		}
		return n
	}
	expect := func(c *pgx.Conn, pid uint32, channel, payload string) {
		t.Helper()
		n := wait(c, 5*time.Second)
		if n == nil {
			t.Fatalf("no notification on %s (want payload %q)", channel, payload)
		}
		if n.PID != pid || n.Channel != channel || n.Payload != payload {
			t.Fatalf("notification %+v, want pid %d channel %s payload %q", *n, pid, channel, payload)
		}
	}
	// none checks that no notification arrives within a short wait
	// (notifications are asynchronous, so absence can only be checked
	// over some time).
	none := func(c *pgx.Conn) {
		t.Helper()
		if n := wait(c, 200*time.Millisecond); n != nil {
			t.Fatalf("unexpected notification %+v", *n)
		}
	}

	a, b := connect(), connect()
	apid, bpid := a.PgConn().PID(), b.PgConn().PID()
	exec(a, "listen chat")
	exec(b, "listen chat")

	// An idle listener is woken; the sender hears itself too.
	exec(b, "notify chat, 'hello'")
	expect(a, bpid, "chat", "hello")
	expect(b, bpid, "chat", "hello")

	// Duplicates within a transaction are delivered once, in order;
	// pg_notify is NOTIFY; a rolled-back notification is dropped.
	exec(b, "begin", "notify chat, 'x'", "notify chat, 'x'", "select pg_notify('chat', 'y')", "notify other", "commit")
	expect(a, bpid, "chat", "x")
	expect(a, bpid, "chat", "y")
	exec(b, "begin", "notify chat, 'lost'", "rollback")
	exec(b, "notify chat, 'after'")
	expect(a, bpid, "chat", "after")
	// A notification of a rolled-back savepoint is dropped too.
	exec(b, "begin", "notify chat, 'kept'", "savepoint s", "notify chat, 'undone'", "rollback to savepoint s", "commit")
	expect(a, bpid, "chat", "kept")
	exec(b, "notify chat, 'next'")
	expect(a, bpid, "chat", "next")

	// A session in a transaction block receives when the block ends.
	exec(a, "begin")
	exec(b, "notify chat, 'later'")
	none(a)
	exec(a, "commit")
	expect(a, bpid, "chat", "later")

	// LISTEN takes effect at commit; UNLISTEN stops delivery.
	c := connect()
	exec(c, "begin", "listen chat", "rollback")
	exec(a, "notify chat, 'c?'")
	expect(a, apid, "chat", "c?")
	none(c)
	exec(a, "unlisten chat")
	exec(b, "notify chat, 'gone'")
	none(a)
	exec(a, "listen chat", "unlisten *")
	exec(b, "notify chat, 'gone too'")
	none(a)

	// Errors as PostgreSQL reports them.
	for sql, code := range map[string]string{
		`notify ""`:                                "42601",
		"select pg_notify('', 'x')":                "22023",
		"select pg_notify(null, 'x')":              "22023",
		"select pg_notify('c', repeat('x', 8000))": "22023",
	} {
		_, err := b.Exec(ctx, sql)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != code {
			t.Errorf("%s: got %v, want SQLSTATE %s", sql, err, code)
		}
	}
}

// TestNotifyWhileBusy sends many notifications to a session that keeps
// running statements: waking the session must never break its reads (a
// wake-up that lands just after a message arrived), and every
// notification must arrive.
func TestNotifyWhileBusy(t *testing.T) {
	srv := tusktest.Start(t, nil)
	ctx := context.Background()
	a, err := pgx.Connect(ctx, srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(ctx)
	b, err := pgx.Connect(ctx, srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close(ctx)
	if _, err := a.Exec(ctx, "listen busy"); err != nil {
		t.Fatal(err)
	}
	const n = 300
	done := make(chan error, 1)
	go func() {
		for i := 0; i < n; i++ {
			if _, err := b.Exec(ctx, "select pg_notify('busy', $1)", fmt.Sprint(i)); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for i := 0; i < n; i++ {
		var v int
		if err := a.QueryRow(ctx, "select $1::int", i).Scan(&v); err != nil || v != i {
			t.Fatalf("query %d while notified: %d, %v", i, v, err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		note, err := a.WaitForNotification(wctx)
		cancel()
		if err != nil {
			t.Fatalf("notification %d: %v", i, err)
		}
		if note.Payload != fmt.Sprint(i) {
			t.Fatalf("notification %d has payload %q", i, note.Payload)
		}
	}
}
