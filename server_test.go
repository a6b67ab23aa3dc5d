package tusk_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tuskdb/tusk"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// both runs f against tusk and against PostgreSQL 15, each with a fresh
// connection, and returns what each produced.
func both(t *testing.T, f func(c *pgx.Conn) string) (tuskOut, pgOut string) {
	t.Helper()
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	return f(connect(t, srv.DSN("postgres"))), f(connect(t, pg.DSN("postgres")))
}

// describeResult renders rows or an error of a query for comparison.
func describeResult(c *pgx.Conn, sql string, args ...any) string {
	ctx := context.Background()
	rows, err := c.Query(ctx, sql, args...)
	if err != nil {
		return errString(err)
	}
	defer rows.Close()
	var b strings.Builder
	for _, fd := range rows.FieldDescriptions() {
		fmt.Fprintf(&b, "%s:%d ", fd.Name, fd.DataTypeOID)
	}
	b.WriteString("|")
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return b.String() + errString(err)
		}
		fmt.Fprintf(&b, " %v", vals)
	}
	if err := rows.Err(); err != nil {
		b.WriteString(" " + errString(err))
	}
	fmt.Fprintf(&b, " %s", rows.CommandTag())
	return b.String()
}

func errString(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return fmt.Sprintf("ERROR %s %s (position %d)", pe.Code, pe.Message, pe.Position)
	}
	return "error: " + err.Error()
}

// TestQueriesMatchPostgres runs the first slice of SQL through both the
// extended protocol (pgx's default, with binary formats) and the simple
// protocol and compares rows, column types and errors with PostgreSQL.
func TestQueriesMatchPostgres(t *testing.T) {
	queries := []struct {
		sql  string
		args []any
	}{
		{"select 1", nil},
		{"select $1::int + 1", []any{41}},
		{"select 'a' || $1", []any{"b"}},
		{"select $1::int8 * 2, $2::float8 / 4, $3::numeric + 0.5, $4::bool, $5::int2", []any{int64(21), 1.0, "2.25", true, int16(7)}},
		{"select 1 + 1 as two, 2.5 * 2, 10 / 3, 10 % 3, -5 / 2, 7.0 / 2, 1e3, 123456789012", nil},
		{"select 2147483647 + 1", nil},
		{"select 1 / 0", nil},
		{"select 1.0 / 0", nil},
		{"select 'abc'::int", nil},
		{"select 99999::int2", nil},
		{"select null, null::int, null = 1, null is null, true and null, false and null, true or null", nil},
		{"select 'a' < 'b', 2 > 1.5, 1 = 1.0, 3 <> 3, 'x' || 1, 1 || 'x'", nil},
		{"select case when 1 > 2 then 'no' when 2 > 1 then 'yes' end, coalesce(null, 2, 3), nullif(1, 1), greatest(1, 5, 3), least(2.5, 1)", nil},
		{"select 1 in (1, 2), 3 not in (1, 2), null in (1), 1 between 0 and 2, 5 is distinct from null", nil},
		{"select array[1, 2, 3], array['a', null], '{1,2}'::int[], array[[1,2],[3,4]]", nil},
		{"select 1::numeric(5,2), 1.005::numeric(5,2), 'abc'::varchar(2), 'a'::char(3)", nil},
		{"select 12345.678::float4, 0.1::float8, 1e300 * 1e300", nil},
		{"select current_user, current_setting('DateStyle'), current_setting('no_such', true)", nil},
		{"select pg_typeof(1), pg_typeof(1.5), pg_typeof('a'::text)", nil},
		{"select x", nil},
		{"select 1 +", nil},
		{"select foo(1)", nil},
		{"select 1 + 'a'", nil},
		{"select count(*), sum(2), max(3)", nil},
		{"select 3 order by 1", nil},
		{"select 1 limit 0", nil},
		{"select 1 where false", nil},
	}
	modes := []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol}
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	tc, pc := connect(t, srv.DSN("postgres")), connect(t, pg.DSN("postgres"))
	for _, q := range queries {
		for _, mode := range modes {
			args := append([]any{mode}, q.args...)
			got := describeResult(tc, q.sql, args...)
			want := describeResult(pc, q.sql, args...)
			if got != want {
				t.Errorf("%s (mode %v):\n tusk:       %s\n PostgreSQL: %s", q.sql, mode, got, want)
			}
		}
	}
}

// TestTransactionStatus checks the transaction status reported in
// ReadyForQuery and the failed-block error, against PostgreSQL.
func TestTransactionStatus(t *testing.T) {
	script := []string{
		"begin", "select 1", "select 1/0", "select 1", "commit",
		"begin", "savepoint a", "select 1/0", "rollback to savepoint a", "select 2", "release a", "commit",
		"rollback", "commit", "begin", "begin", "end",
		"select 1; select 1/0; select 2",
		"begin; select 1; commit",
		"start transaction isolation level serializable", "show transaction_isolation", "abort",
		"savepoint x", "set local application_name = 'x'", "show application_name",
		"begin", "set application_name = 'inblock'", "rollback", "show application_name",
		"begin", "set application_name = 'kept'", "commit", "show application_name",
		"", ";", "select 1;;",
	}
	run := func(c *pgx.Conn) string {
		var b strings.Builder
		pc := c.PgConn()
		for _, s := range script {
			results, err := pc.Exec(context.Background(), s).ReadAll()
			fmt.Fprintf(&b, "%q:", s)
			for _, r := range results {
				fmt.Fprintf(&b, " [%s %d rows", r.CommandTag, len(r.Rows))
				if r.Err != nil {
					fmt.Fprintf(&b, " %s", errString(r.Err))
				}
				b.WriteString("]")
			}
			if err != nil {
				fmt.Fprintf(&b, " %s", errString(err))
			}
			fmt.Fprintf(&b, " status=%c\n", pc.TxStatus())
		}
		return b.String()
	}
	got, want := both(t, run)
	if got != want {
		t.Errorf("transaction behaviour differs\n--- tusk\n%s--- PostgreSQL\n%s", got, want)
	}
}

// TestCancelRequest cancels pg_sleep(30) with a CancelRequest and expects
// 57014 promptly; a wrong key does nothing.
func TestCancelRequest(t *testing.T) {
	srv := tusktest.Start(t, nil)
	c := connect(t, srv.DSN("postgres"))
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(200 * time.Millisecond)
		cancel() // pgx sends a CancelRequest
	}()
	start := time.Now()
	_, err := c.Exec(ctx, "select pg_sleep(30)")
	if err == nil {
		t.Fatal("pg_sleep(30) was not cancelled")
	}
	if time.Since(start) > 10*time.Second {
		t.Fatalf("cancel took %v", time.Since(start))
	}
	// pgx closes the connection on context cancellation; the server
	// reports 57014 to it. Check the message with a raw connection.
	pc, err := pgconn.Connect(context.Background(), srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := pc.Exec(context.Background(), "select pg_sleep(30)").ReadAll()
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	// A wrong secret key does nothing.
	k := pc.SecretKey()
	sendCancel(t, srv.Addr(), pc.PID(), (uint32(k[0])<<24|uint32(k[1])<<16|uint32(k[2])<<8|uint32(k[3]))^0xffffffff)
	select {
	case err := <-done:
		t.Fatalf("a cancel request with a wrong key stopped the query: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	if err := pc.CancelRequest(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if pgCode(err) != "57014" || !strings.Contains(err.Error(), "canceling statement due to user request") {
			t.Fatalf("got %v, want 57014 canceling statement due to user request", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("cancel request did not stop the query")
	}
	// The session goes on.
	var one int
	if err := pc.Exec(context.Background(), "select 1").Close(); err != nil {
		t.Fatal(err)
	}
	_ = one
}

func sendCancel(t *testing.T, addr string, pid uint32, key uint32) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	buf := []byte{0, 0, 0, 16, 0x04, 0xd2, 0x16, 0x2e,
		byte(pid >> 24), byte(pid >> 16), byte(pid >> 8), byte(pid),
		byte(key >> 24), byte(key >> 16), byte(key >> 8), byte(key)}
	if _, err := c.Write(buf); err != nil {
		t.Fatal(err)
	}
}

func TestStatementTimeout(t *testing.T) {
	srv := tusktest.Start(t, nil)
	c := connect(t, srv.DSN("postgres"))
	ctx := context.Background()
	if _, err := c.Exec(ctx, "set statement_timeout = '100ms'"); err != nil {
		t.Fatal(err)
	}
	_, err := c.Exec(ctx, "select pg_sleep(5)")
	if pgCode(err) != "57014" || !strings.Contains(err.Error(), "canceling statement due to statement timeout") {
		t.Fatalf("got %v, want 57014 statement timeout", err)
	}
	if _, err := c.Exec(ctx, "select 1"); err != nil {
		t.Fatalf("session unusable after timeout: %v", err)
	}
}

// TestHalfOpenStartup opens sockets that send nothing, or half a startup
// packet, or garbage; they are dropped after authentication_timeout and
// nobody else notices.
func TestHalfOpenStartup(t *testing.T) {
	srv := tusktest.Start(t, map[string]string{"authentication_timeout": "1s", "max_connections": "5"})
	var silent []net.Conn
	for i := 0; i < 3; i++ {
		c, err := net.Dial("tcp", srv.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		silent = append(silent, c)
	}
	// Half a startup packet: the length promises more than is sent.
	if _, err := silent[1].Write([]byte{0, 0, 0, 40, 0, 3, 0, 0, 'u', 's'}); err != nil {
		t.Fatal(err)
	}
	// Garbage instead of a startup packet.
	garbage, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer garbage.Close()
	garbage.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
	garbage.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := garbage.Read(make([]byte, 100)); err == nil {
		// PostgreSQL closes without a message for an invalid length.
		t.Log("server answered garbage")
	}
	// Meanwhile a real client works.
	c := connect(t, srv.DSN("postgres"))
	if _, err := c.Exec(context.Background(), "select 1"); err != nil {
		t.Fatal(err)
	}
	// The silent sockets are closed by the server within the timeout.
	for i, s := range silent {
		s.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err := s.Read(make([]byte, 1))
		if err == nil {
			continue
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatalf("silent connection %d was not dropped after authentication_timeout", i)
		}
	}
}

// TestPanicIsolation: a panic inside one backend reaches its client as
// XX000, its transaction is rolled back, and others go on.
func TestPanicIsolation(t *testing.T) {
	srv := tusktest.Start(t, nil, withPanicHook("select 'boom'"))
	other := connect(t, srv.DSN("postgres"))
	c := connect(t, srv.DSN("postgres"))
	ctx := context.Background()
	if _, err := c.Exec(ctx, "begin"); err != nil {
		t.Fatal(err)
	}
	_, err := c.Exec(ctx, "select 'boom'", pgx.QueryExecModeSimpleProtocol)
	if pgCode(err) != "XX000" {
		t.Fatalf("got %v, want XX000", err)
	}
	if s := c.PgConn().TxStatus(); s != 'I' {
		t.Fatalf("transaction status after panic = %c, want I (rolled back)", s)
	}
	var n int
	if err := c.QueryRow(ctx, "select 2").Scan(&n); err != nil || n != 2 {
		t.Fatalf("session after panic: %v %d", err, n)
	}
	if err := other.QueryRow(ctx, "select 3").Scan(&n); err != nil || n != 3 {
		t.Fatalf("other session: %v %d", err, n)
	}
}

// TestPsqlSelectOne compares psql's output of "select 1" with
// PostgreSQL's.
func TestPsqlSelectOne(t *testing.T) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	psql, err := pgtest.Bin("psql")
	if err != nil {
		t.Fatal(err)
	}
	run := func(host, port string) string {
		cmd := exec.Command(psql, "-X", "-h", host, "-p", port, "-U", "postgres", "-c", "select 1", "postgres")
		cmd.Env = append(os.Environ(), "PGSSLMODE=disable")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("psql: %v\n%s", err, out)
		}
		return string(out)
	}
	host, port, _ := net.SplitHostPort(srv.Addr())
	got := run(host, port)
	want := run(pg.Host, fmt.Sprint(pg.Port))
	if got != want {
		t.Fatalf("psql output differs:\n--- tusk\n%s--- PostgreSQL\n%s", got, want)
	}
}

// TestMaxConnections fills the server and expects PostgreSQL's FATAL
// 53300 for the next client.
func TestMaxConnections(t *testing.T) {
	srv := tusktest.Start(t, map[string]string{"max_connections": "4", "superuser_reserved_connections": "1"})
	var conns []*pgx.Conn
	for i := 0; i < 4; i++ {
		conns = append(conns, connect(t, srv.DSN("postgres")))
	}
	_, err := pgx.Connect(context.Background(), srv.DSN("postgres"))
	if pgCode(err) != "53300" || !strings.Contains(err.Error(), "sorry, too many clients already") {
		t.Fatalf("got %v, want FATAL 53300 sorry, too many clients already", err)
	}
	conns[0].Close(context.Background())
	// The slot is free again once the session ends.
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := pgx.Connect(context.Background(), srv.DSN("postgres"))
		if err == nil {
			c.Close(context.Background())
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("slot not freed: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestShutdownModes checks smart, fast and immediate shutdown.
func TestShutdownModes(t *testing.T) {
	ctx := context.Background()
	t.Run("smart", func(t *testing.T) {
		srv := tusktest.Start(t, nil)
		c := connect(t, srv.DSN("postgres"))
		done := make(chan error, 1)
		go func() { done <- srv.Shutdown(ctx, 1) }()
		// New connections are refused...
		deadline := time.Now().Add(5 * time.Second)
		for {
			_, err := pgx.Connect(ctx, srv.DSN("postgres"))
			if err != nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("new connections still accepted during smart shutdown")
			}
			time.Sleep(10 * time.Millisecond)
		}
		// ...while the existing session works, and the server waits for it.
		if _, err := c.Exec(ctx, "select 1"); err != nil {
			t.Fatal(err)
		}
		select {
		case <-done:
			t.Fatal("smart shutdown did not wait for the session")
		case <-time.After(200 * time.Millisecond):
		}
		c.Close(ctx)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("smart shutdown did not finish after the last session ended")
		}
	})
	t.Run("fast", func(t *testing.T) {
		srv := tusktest.Start(t, nil)
		c, err := pgconn.Connect(ctx, srv.DSN("postgres"))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		if err := c.Exec(ctx, "begin").Close(); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		wg.Add(1)
		var qerr error
		go func() {
			defer wg.Done()
			_, qerr = c.Exec(ctx, "select pg_sleep(30)").ReadAll()
		}()
		time.Sleep(200 * time.Millisecond)
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx, 2); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		if pgCode(qerr) != "57P01" {
			t.Fatalf("got %v, want FATAL 57P01", qerr)
		}
	})
	t.Run("immediate", func(t *testing.T) {
		srv := tusktest.Start(t, nil)
		c, err := pgconn.Connect(ctx, srv.DSN("postgres"))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx, 3); err != nil {
			t.Fatal(err)
		}
		if err := c.Exec(ctx, "select 1").Close(); err == nil {
			t.Fatal("session survived immediate shutdown")
		}
	})
}

func withPanicHook(sql string) func(*tusk.Options) { return tusk.WithPanicHook(sql) }

// TestClientGoneStopsQuery closes the connection of a client whose query
// runs, and checks that the server stops the query and ends the session
// instead of running it to the end.
func TestClientGoneStopsQuery(t *testing.T) {
	srv := tusktest.Start(t, nil)
	ctx := context.Background()
	watcher := connect(t, srv.DSN("postgres"))
	conn, err := pgconn.Connect(ctx, srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	pid := conn.PID()
	conn.Frontend().SendQuery(&pgproto3.Query{String: "select pg_sleep(60)"})
	if err := conn.Frontend().Flush(); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		if err := watcher.QueryRow(ctx, "select count(*) from pg_stat_activity where pid = $1", int32(pid)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	deadline := time.Now().Add(5 * time.Second)
	for count() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if count() != 1 {
		t.Fatal("the sleeping session is not in pg_stat_activity")
	}
	conn.Conn().Close()
	deadline = time.Now().Add(10 * time.Second)
	for count() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the session of a client that went away still runs its query after 10 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
