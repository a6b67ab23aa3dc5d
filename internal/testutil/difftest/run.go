package difftest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// rewrite is the -rewrite test flag. It is registered unless the test
// binary already has a flag of that name, which is then honoured instead.
var rewrite = func() func() bool {
	if f := flag.Lookup("rewrite"); f != nil {
		return func() bool { return f.Value.String() == "true" }
	}
	b := flag.Bool("rewrite", false, "difftest: write each .sql file's PostgreSQL results to the .out file beside it")
	return func() bool { return *b }
}()

// Options configure a run. The zero value is usable.
type Options struct {
	// Rewrite writes each file's oracle results to <name>.out beside it;
	// the -rewrite test flag sets it too.
	Rewrite bool
	// StatementTimeout bounds one statement on one server (default 30s);
	// the statement is cancelled and reported as a mismatch.
	StatementTimeout time.Duration
	// Pattern selects the files in the directory (default "*.sql").
	Pattern string
}

func (o *Options) defaults() {
	if o.StatementTimeout <= 0 {
		o.StatementTimeout = 30 * time.Second
	}
	if o.Pattern == "" {
		o.Pattern = "*.sql"
	}
}

// Mismatch is a statement on which the target and the oracle differ.
type Mismatch struct {
	File    string
	Line    int
	Session string
	SQL     string
	Reason  string
	// Target and Oracle are both servers' results, rendered as in the
	// golden files (rows capped).
	Target, Oracle string
}

func (m Mismatch) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d", m.File, m.Line)
	if m.Session != "main" {
		fmt.Fprintf(&b, " (session %s)", m.Session)
	}
	fmt.Fprintf(&b, ": %s\n", m.Reason)
	fmt.Fprintf(&b, "    %s;\n", strings.ReplaceAll(m.SQL, "\n", "\n    "))
	fmt.Fprintf(&b, "  target:\n%s", indent(m.Target, "    "))
	fmt.Fprintf(&b, "  oracle (PostgreSQL):\n%s", indent(m.Oracle, "    "))
	return b.String()
}

func indent(s, pre string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString(pre + l)
		}
	}
	return b.String()
}

// FileResult is the outcome of one file.
type FileResult struct {
	File       string
	Statements int
	Mismatches []Mismatch
	// Golden is the oracle's results in the .out format.
	Golden string
}

// Run runs every file of dir matching opts.Pattern (*.sql) against target
// and oracle, each file as a subtest, and fails the subtest on every
// statement where the two differ. With -rewrite (or Options.Rewrite) it
// writes each file's oracle results to the .out file beside it.
//
// Hooking tusk in (a fresh in-memory server per file, since tusk has no
// CREATE DATABASE yet):
//
//	target := difftest.FreshTarget(func(ctx context.Context) (string, func(), error) {
//		srv, err := tusk.Start(tusk.Options{InMemory: true, Settings: map[string]string{
//			"port": "0", "listen_addresses": "127.0.0.1", "unix_socket_directories": t.TempDir()}})
//		if err != nil {
//			return "", nil, err
//		}
//		return srv.DSN("postgres"), func() { srv.Close() }, nil
//	})
//	difftest.Run(t, target, difftest.DSNTarget(pgtest.Shared(t).DSN("postgres")), "testdata")
func Run(t *testing.T, target, oracle Target, dir string, opts ...Options) {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	o.defaults()
	o.Rewrite = o.Rewrite || rewrite()
	files, err := filepath.Glob(filepath.Join(dir, o.Pattern))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("difftest: no %s files in %s", o.Pattern, dir)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".sql"), func(t *testing.T) {
			res, err := RunFile(context.Background(), target, oracle, f, o)
			if err != nil {
				t.Fatal(err)
			}
			if o.Rewrite {
				out := strings.TrimSuffix(f, ".sql") + ".out"
				if err := os.WriteFile(out, []byte(res.Golden), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, m := range res.Mismatches {
				t.Error("\n" + m.String())
			}
		})
	}
}

// RunFile runs one file against target and oracle, each in a fresh
// database, and returns the mismatches. The error is for a file that could
// not run: unreadable, bad directives, no database on a server.
func RunFile(ctx context.Context, target, oracle Target, path string, o Options) (*FileResult, error) {
	o.defaults()
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	stmts, err := SplitFile(path, string(src))
	if err != nil {
		return nil, err
	}
	base := strings.TrimSuffix(filepath.Base(path), ".sql")

	type db struct {
		dsn      string
		sessions map[string]*session
	}
	var dbs [2]*db
	for i, srv := range []Target{target, oracle} {
		role := [2]string{"target", "oracle"}[i]
		name := databaseName("dt_"+role[:1], base)
		dsn, err := srv.NewDatabase(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: create database: %w", path, role, err)
		}
		d := &db{dsn: dsn, sessions: map[string]*session{}}
		dbs[i] = d
		defer func() {
			for _, s := range d.sessions {
				s.close()
			}
			if dd, ok := srv.(DatabaseDropper); ok {
				dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				dd.DropDatabase(dctx, name)
				cancel()
			}
		}()
	}
	sess := func(d *db, name string) *session {
		s := d.sessions[name]
		if s == nil {
			s = &session{dsn: d.dsn}
			d.sessions[name] = s
		}
		return s
	}

	res := &FileResult{File: path, Statements: len(stmts)}
	var golden strings.Builder
	fmt.Fprintf(&golden, "-- %s: PostgreSQL's results, written by difftest -rewrite for review; the\n-- comparison itself always runs live against PostgreSQL.\n", filepath.Base(path))
	for _, st := range stmts {
		tr := sess(dbs[0], st.Session).run(ctx, st, o.StatementTimeout)
		or := sess(dbs[1], st.Session).run(ctx, st, o.StatementTimeout)

		fmt.Fprintf(&golden, "\n-- line %d", st.Line)
		if st.Session != "main" {
			fmt.Fprintf(&golden, ", session %s", st.Session)
		}
		if st.Simple {
			golden.WriteString(", simple protocol")
		}
		if st.Ordered {
			golden.WriteString(", ordered")
		}
		if !st.Messages {
			golden.WriteString(", messages not compared")
		}
		fmt.Fprintf(&golden, "\n%s;\n%s", st.SQL, render(or, 0))

		if why := compare(st, tr, or); why != "" {
			res.Mismatches = append(res.Mismatches, Mismatch{
				File: path, Line: st.Line, Session: st.Session, SQL: st.SQL, Reason: why,
				Target: render(tr, 50), Oracle: render(or, 50),
			})
		}
	}
	res.Golden = golden.String()
	return res, nil
}
