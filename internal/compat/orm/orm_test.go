package orm

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tuskdb/tusk/internal/testutil/clientdeps"
	"github.com/tuskdb/tusk/internal/testutil/difftest"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

func TestMain(m *testing.M) { clientdeps.Main(m) }

// servers returns connection URLs for a fresh database on the shared
// PostgreSQL (named after the test) and for a fresh in-memory tusk.
func servers(t *testing.T) (pgDSN, tuskDSN string) {
	t.Helper()
	pg := pgtest.Shared(t)
	name := "orm_" + strings.ToLower(strings.NewReplacer("/", "_", "-", "_").Replace(t.Name()))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	target := difftest.DSNTarget(pg.DSN("postgres"))
	pgDSN, err := target.NewDatabase(ctx, name)
	if err != nil {
		t.Fatalf("PostgreSQL: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		target.(difftest.DatabaseDropper).DropDatabase(ctx, name)
	})
	srv := tusktest.Start(t, nil)
	return pgDSN, srv.DSN("postgres")
}

// compare fails the test when tusk's transcript differs from
// PostgreSQL's, showing the first differing line and both transcripts.
func compare(t *testing.T, pg, tusk string) {
	t.Helper()
	if pg == tusk {
		if testing.Verbose() {
			t.Logf("transcript (the same on both):\n%s", tusk)
		}
		return
	}
	pl, tl := strings.Split(pg, "\n"), strings.Split(tusk, "\n")
	i := 0
	for i < len(pl) && i < len(tl) && pl[i] == tl[i] {
		i++
	}
	line := func(ls []string) string {
		if i < len(ls) {
			return ls[i]
		}
		return "(end of transcript)"
	}
	t.Errorf("transcripts differ at line %d:\n  PostgreSQL: %s\n  tusk:       %s\n--- PostgreSQL\n%s\n--- tusk\n%s",
		i+1, line(pl), line(tl), pg, tusk)
}

// run runs an external program with ORM_DSN set to dsn in dir and returns
// its standard output. A failure to start or a non-zero exit fails the
// test with the program's standard error.
func run(t *testing.T, dir, dsn string, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ORM_DSN="+dsn)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s against %s: %v\n--- stdout\n%s\n--- stderr\n%s", name, strings.Join(args, " "), dsn, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// requireFile fails the test when path does not exist, naming what
// installs it.
func requireFile(t *testing.T, path, install string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%v (%s; .ci/run does it)", err, install)
	}
}

// facts checks that every line in want occurs in the transcript.
func facts(t *testing.T, who, transcript string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(transcript, w) {
			t.Errorf("%s: transcript lacks %q", who, w)
		}
	}
}

func testdata(t *testing.T, sub string) string {
	d, err := filepath.Abs(filepath.Join("testdata", sub))
	if err != nil {
		t.Fatal(err)
	}
	return d
}
