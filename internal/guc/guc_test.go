package guc

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

// TestSetShowMatchesPostgres sets values through a session and through
// PostgreSQL 15 and compares what SHOW prints, or the error raised.
func TestSetShowMatchesPostgres(t *testing.T) {
	srv := pgtest.Shared(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	cases := []struct{ name, value string }{
		{"statement_timeout", "0"}, {"statement_timeout", "5000"}, {"statement_timeout", "5s"},
		{"statement_timeout", "90s"}, {"statement_timeout", "1min"}, {"statement_timeout", "1h"},
		{"statement_timeout", "100 ms"}, {"statement_timeout", "-5"}, {"statement_timeout", "abc"},
		{"statement_timeout", "5 parsecs"}, {"statement_timeout", "1.5s"}, {"statement_timeout", "2d"},
		{"lock_timeout", "1500"}, {"work_mem", "4096"}, {"work_mem", "64MB"}, {"work_mem", "1GB"},
		{"work_mem", "1000kB"}, {"work_mem", "10"}, {"work_mem", "3 furlongs"}, {"temp_buffers", "800"},
		{"extra_float_digits", "3"}, {"extra_float_digits", "4"}, {"extra_float_digits", "-15"}, {"extra_float_digits", "x"},
		{"enable_seqscan", "off"}, {"enable_seqscan", "of"}, {"enable_seqscan", "t"}, {"enable_seqscan", "YES"},
		{"enable_seqscan", "1"}, {"enable_seqscan", "maybe"}, {"enable_seqscan", "o"},
		{"client_min_messages", "warning"}, {"client_min_messages", "WARNING"}, {"client_min_messages", "bogus"},
		{"DateStyle", "iso, dmy"}, {"DateStyle", "SQL"}, {"DateStyle", "German"}, {"DateStyle", "postgres, ymd"},
		{"DateStyle", "ISO, SQL"}, {"DateStyle", "european"}, {"DateStyle", "nonsense"},
		{"IntervalStyle", "sql_standard"}, {"IntervalStyle", "ISO_8601"}, {"IntervalStyle", "x"},
		{"TimeZone", "UTC"}, {"TimeZone", "America/New_York"}, {"TimeZone", "Not/AZone"},
		{"application_name", "my app"}, {"search_path", "public"}, {"bytea_output", "escape"},
		{"synchronous_commit", "off"}, {"synchronous_commit", "local"}, {"default_transaction_isolation", "serializable"},
		{"max_connections", "5"}, {"server_version", "1"}, {"authentication_timeout", "10"}, {"port", "1"},
		{"no_such_setting", "1"}, {"myapp.user", "alice"}, {"random_page_cost", "1.5"}, {"random_page_cost", "-1"},
		{"vacuum_cost_delay", "2ms"}, {"cpu_tuple_cost", "0.02"}, {"password_encryption", "md5"},
		{"standard_conforming_strings", "off"}, {"client_encoding", "utf-8"}, {"client_encoding", "bogus"},
	}
	for _, c := range cases {
		s := NewSession(NewConfig())
		_, gotErr := s.Set(c.name, c.value, SetOptions{Superuser: true})
		var got string
		if gotErr == nil {
			got, gotErr = s.Show(c.name)
		}
		var want string
		if _, err := conn.Exec(ctx, "reset all"); err != nil {
			t.Fatal(err)
		}
		_, wantErr := conn.Exec(ctx, "select set_config($1, $2, false)", c.name, c.value)
		if wantErr == nil {
			wantErr = conn.QueryRow(ctx, "select current_setting($1)", c.name).Scan(&want)
		}
		if (gotErr == nil) != (wantErr == nil) {
			t.Errorf("SET %s = %q: tusk error %v, PostgreSQL error %v", c.name, c.value, gotErr, wantErr)
			continue
		}
		if wantErr != nil {
			var pe *pgconn.PgError
			if !errors.As(wantErr, &pe) {
				t.Fatal(wantErr)
			}
			ge := pgerror.Flatten(gotErr)
			if ge.Code != pe.Code || ge.Message != pe.Message || ge.Hint != pe.Hint || ge.Detail != pe.Detail {
				t.Errorf("SET %s = %q:\n tusk       %s %q detail %q hint %q\n PostgreSQL %s %q detail %q hint %q",
					c.name, c.value, ge.Code, ge.Message, ge.Detail, ge.Hint, pe.Code, pe.Message, pe.Detail, pe.Hint)
			}
			// Reset the failed transaction state.
			continue
		}
		if got != want {
			t.Errorf("SET %s = %q: SHOW gives %q, PostgreSQL %q", c.name, c.value, got, want)
		}
	}
}

func TestTransactionalSet(t *testing.T) {
	s := NewSession(NewConfig())
	s.Reported()
	get := func(n string) string { v, _ := s.Show(n); return v }
	s.BeginTx()
	s.Set("application_name", "a", SetOptions{})
	s.CommitTx()
	if get("application_name") != "a" {
		t.Fatal("committed SET lost")
	}
	s.BeginTx()
	s.Set("application_name", "b", SetOptions{})
	s.AbortTx()
	if got := get("application_name"); got != "a" {
		t.Fatalf("aborted SET kept: %q", got)
	}
	s.BeginTx()
	s.Set("application_name", "c", SetOptions{Local: true})
	if got := get("application_name"); got != "c" {
		t.Fatalf("SET LOCAL not in effect: %q", got)
	}
	s.CommitTx()
	if got := get("application_name"); got != "a" {
		t.Fatalf("SET LOCAL outlived its transaction: %q", got)
	}
	s.BeginTx()
	s.Set("application_name", "d", SetOptions{})
	s.Savepoint()
	s.Set("application_name", "e", SetOptions{})
	s.RollbackToSavepoint()
	if got := get("application_name"); got != "d" {
		t.Fatalf("ROLLBACK TO kept the change: %q", got)
	}
	s.Set("application_name", "f", SetOptions{})
	s.ReleaseSavepoint()
	s.AbortTx()
	if got := get("application_name"); got != "a" {
		t.Fatalf("abort after release kept the change: %q", got)
	}
	if ch := s.Changes(); len(ch) != 1 || ch[0] != (Change{"application_name", "a"}) {
		t.Fatalf("changes = %v", ch)
	}
	if ch := s.Changes(); len(ch) != 0 {
		t.Fatalf("changes reported twice: %v", ch)
	}
}
