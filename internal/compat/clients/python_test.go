package clients

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// debianPython is the interpreter Debian's python3-psycopg2 installs for
// (another python3 on PATH may not see it).
const debianPython = "/usr/bin/python3"

// TestPsycopg2 runs testdata/python/check.py with psycopg2: parameters of
// many types, executemany and execute_values, named (server-side)
// cursors, COPY in and out through copy_expert, transactions, SQLSTATEs
// and notices.
func TestPsycopg2(t *testing.T) {
	if out, err := exec.Command(debianPython, "-c", "import psycopg2").CombinedOutput(); err != nil {
		t.Fatalf("psycopg2 is missing for %s (%v: %s); apt-get install -y python3-psycopg2", debianPython, err, out)
	}
	script, err := filepath.Abs("testdata/python/check.py")
	if err != nil {
		t.Fatal(err)
	}
	out := compare(t, "clients_python", func(ctx context.Context, s server) *exec.Cmd {
		dsn := fmt.Sprintf("host=%s port=%d dbname=%s user=postgres sslmode=disable", s.host, s.port, s.db)
		cmd := exec.CommandContext(ctx, debianPython, script, dsn)
		cmd.Env = append(os.Environ(), "TZ=UTC", "PYTHONIOENCODING=utf-8", "PYTHONDONTWRITEBYTECODE=1", "PGTZ=UTC")
		return cmd
	})
	mustContain(t, out,
		"== done",
		"error 22012",
		"error 23505",
		"copy in 3",
	)
}
