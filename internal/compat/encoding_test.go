package compat

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

// TestClientEncoding compares tusk with PostgreSQL for sessions in a
// single-byte client encoding: text goes in and comes out converted, and
// a character the encoding lacks is an error (22P05).
func TestClientEncoding(t *testing.T) {
	pg := pgtest.Shared(t)
	srv, stop, err := startTusk(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	for _, c := range encodingCases {
		want := encodingRun(t, pg.DSN("postgres"), c.encoding, c.sql)
		got := encodingRun(t, srv.DSN("postgres"), c.encoding, c.sql)
		if got != want {
			t.Errorf("client_encoding=%s: %q\n\ttusk:       %q\n\tPostgreSQL: %q", c.encoding, c.sql, got, want)
		}
	}
}

// encodingCases are the client encodings and statements TestClientEncoding
// compares.
var encodingCases = []struct {
	encoding string
	sql      string
}{
	{"LATIN1", "select 'caf\xe9' as \"n\xe9\", length('caf\xe9'), octet_length('caf\xe9')"},
	{"LATIN1", "select chr(233), chr(8364)"},
	{"LATIN1", "select 'caf\xe9'::int"},
	{"latin1", "show client_encoding"},
	{"WIN1252", "select chr(8364), '\x80'"},
	{"WIN1252", "select '\x81'"},
	{"ISO_8859_1", "select '\xfc' = chr(252)"},
	{"SQL_ASCII", "show client_encoding"},
}

// encodingRun runs sql in a session with the given client encoding, over
// the simple and the extended protocol, and renders what came back.
func encodingRun(t *testing.T, dsn, encoding, sql string) string {
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["client_encoding"] = encoding
	ctx := context.Background()
	c, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		return "connect: " + err.Error()
	}
	defer c.Close(ctx)
	var b strings.Builder
	fmt.Fprintf(&b, "client_encoding=%s\n", c.ParameterStatus("client_encoding"))
	render := func(r *pgconn.Result) {
		if r.Err != nil {
			var pe *pgconn.PgError
			if errorsAs(r.Err, &pe) {
				fmt.Fprintf(&b, "ERROR %s: %s\n", pe.Code, pe.Message)
			} else {
				fmt.Fprintf(&b, "ERROR %v\n", r.Err)
			}
			return
		}
		for _, f := range r.FieldDescriptions {
			fmt.Fprintf(&b, "%q ", f.Name)
		}
		for _, row := range r.Rows {
			for _, v := range row {
				fmt.Fprintf(&b, "|%q", v)
			}
		}
		b.WriteString("\n")
	}
	rs, err := c.Exec(ctx, sql).ReadAll()
	if err != nil {
		render(&pgconn.Result{Err: err})
	}
	for _, r := range rs {
		render(r)
	}
	render(c.ExecParams(ctx, sql, nil, nil, nil, nil).Read())
	return b.String()
}
