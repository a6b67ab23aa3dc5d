package tusk_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// signalScenario cancels a sleeping session's statement, then terminates
// the session, from another session, and returns what each side saw,
// including the warnings pg_cancel_backend gives for an unknown process.
func signalScenario(t *testing.T, dsn string) string {
	t.Helper()
	ctx := context.Background()
	var warnings []string
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) {
		warnings = append(warnings, n.Severity+" "+n.Code+" "+strings.ReplaceAll(n.Message, "99999", "<pid>"))
	}
	admin, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	victim := connect(t, dsn)
	var pid int32
	if err := victim.QueryRow(ctx, "select pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	var out []string
	sleep := func() chan string {
		done := make(chan string, 1)
		go func() { done <- describeResult(victim, "select pg_sleep(30)") }()
		time.Sleep(300 * time.Millisecond)
		return done
	}
	done := sleep()
	out = append(out, "cancel: "+describeResult(admin, "select pg_cancel_backend($1)", pid))
	select {
	case r := <-done:
		out = append(out, "victim: "+r)
	case <-time.After(10 * time.Second):
		t.Fatal("the cancelled statement did not end")
	}
	out = append(out, "victim after cancel: "+describeResult(victim, "select 1"))
	done = sleep()
	out = append(out, "terminate: "+describeResult(admin, "select pg_terminate_backend($1, 5000)", pid))
	select {
	case r := <-done:
		out = append(out, "victim: "+r)
	case <-time.After(10 * time.Second):
		t.Fatal("the terminated session did not end")
	}
	out = append(out, "gone: "+describeResult(admin, "select count(*) from pg_stat_activity where pid = $1", pid))
	out = append(out, "unknown: "+describeResult(admin, "select pg_cancel_backend(99999), pg_terminate_backend(99999)"))
	out = append(out, "negative: "+describeResult(admin, "select pg_terminate_backend(99999, -1)"))
	out = append(out, warnings...)
	return strings.Join(out, "\n")
}

// TestSignalBackendMatchesPostgres: pg_cancel_backend and
// pg_terminate_backend do to another session what they do in PostgreSQL.
func TestSignalBackendMatchesPostgres(t *testing.T) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	got := signalScenario(t, srv.DSN("postgres"))
	want := signalScenario(t, pg.DSN("postgres"))
	if got != want {
		t.Fatalf("tusk:\n%s\n\nPostgreSQL:\n%s", got, want)
	}
	if !strings.Contains(got, "57P01") || !strings.Contains(got, "57014") {
		t.Fatalf("the victim saw neither a cancel nor a termination:\n%s", got)
	}
}
