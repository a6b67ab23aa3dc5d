package clients

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tuskdb/tusk/internal/testutil/clientdeps"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

func TestMain(m *testing.M) { clientdeps.Main(m) }

// A server is where one run of a client program connects.
type server struct {
	name string // "postgres" or "tusk"
	host string
	port int
	db   string
}

// clientRun starts the client program against one server.
type clientRun func(ctx context.Context, s server) *exec.Cmd

// compare creates the database db on a shared PostgreSQL 15 and on a fresh
// in-memory tusk, runs the client program against each and fails unless
// both succeed with the same transcript. It returns the transcript.
func compare(t *testing.T, db string, run clientRun) string {
	t.Helper()
	pg := pgtest.Shared(t)
	ts := tusktest.Start(t, nil)
	targets := []struct {
		name string
		dsn  func(db string) string
		host string
		port int
	}{
		{"postgres", pg.DSN, pg.Host, pg.Port},
		{"tusk", ts.DSN, "127.0.0.1", ts.Port()},
	}
	var out, errs [2]string
	for i, tg := range targets {
		createDatabase(t, tg.dsn("postgres"), db)
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		cmd := run(ctx, server{name: tg.name, host: tg.host, port: tg.port, db: db})
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		cancel()
		out[i], errs[i] = stdout.String(), stderr.String()
		if err != nil {
			t.Errorf("%s against %s: %v\nstderr:\n%s\ntranscript:\n%s", cmd.Args[0], tg.name, err, stderr.String(), tail(out[i], 40))
		}
	}
	if out[0] != out[1] {
		t.Errorf("transcripts differ (- postgres, + tusk):\n%s", diff(out[0], out[1]))
	}
	if dir := os.Getenv("TUSK_CLIENTS_OUT"); dir != "" {
		os.WriteFile(filepath.Join(dir, db+".postgres.out"), []byte(out[0]), 0o644)
		os.WriteFile(filepath.Join(dir, db+".tusk.out"), []byte(out[1]), 0o644)
		os.WriteFile(filepath.Join(dir, db+".postgres.err"), []byte(errs[0]), 0o644)
		os.WriteFile(filepath.Join(dir, db+".tusk.err"), []byte(errs[1]), 0o644)
	}
	return out[1]
}

// createDatabase creates db, dropping an earlier one of the same name.
func createDatabase(t *testing.T, dsn, db string) {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	for _, q := range []string{"drop database if exists " + db, "create database " + db} {
		if _, err := c.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// mustContain fails the test for each line missing from the transcript.
func mustContain(t *testing.T, transcript string, lines ...string) {
	t.Helper()
	have := map[string]bool{}
	for _, l := range strings.Split(transcript, "\n") {
		have[l] = true
	}
	for _, l := range lines {
		if !have[l] {
			t.Errorf("transcript lacks the line %q", l)
		}
	}
}

// lookPath finds a program the test needs, failing the test with how to
// install it when it is missing.
func lookPath(t *testing.T, path, install string) string {
	t.Helper()
	p, err := exec.LookPath(path)
	if err != nil {
		t.Fatalf("%s is missing (%v); %s", path, err, install)
	}
	return p
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// diff returns a line diff of a and b (longest common subsequence), with
// two lines of context around each change.
func diff(a, b string) string {
	x := strings.Split(a, "\n")
	y := strings.Split(b, "\n")
	n, m := len(x), len(y)
	// lcs[i][j] is the length of the longest common subsequence of x[i:]
	// and y[j:].
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte
		text string
	}
	var ops []line
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			ops = append(ops, line{' ', x[i]})
			i++
			j++
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			ops = append(ops, line{'+', y[j]})
			j++
		default:
			ops = append(ops, line{'-', x[i]})
			i++
		}
	}
	const context = 2
	var sb strings.Builder
	last := -1
	for k, o := range ops {
		if o.op == ' ' {
			continue
		}
		from := max(k-context, last+1)
		if last >= 0 && from > last+1 {
			sb.WriteString("...\n")
		}
		for c := from; c < k; c++ {
			fmt.Fprintf(&sb, "  %s\n", ops[c].text)
		}
		fmt.Fprintf(&sb, "%c %s\n", o.op, o.text)
		last = k
		for c := k + 1; c < len(ops) && c <= k+context && ops[c].op == ' '; c++ {
			fmt.Fprintf(&sb, "  %s\n", ops[c].text)
			last = c
		}
	}
	return sb.String()
}
