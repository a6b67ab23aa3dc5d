package sqllogictest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Check runs opts' files against target and oracle inside a test and fails
// t on every failure that the baseline file does not list and on every
// listed record that now passes. An empty baseline path means no failure is
// expected. With TUSK_SLT_UPDATE=1 in the environment, Check rewrites the
// baseline instead (see Baseline.Update) and fails nothing. It logs the
// per-file summary and returns the report.
//
// Hooking tusk in is this one call. tusk has no CREATE DATABASE yet, so
// each file gets a fresh in-memory server:
//
//	pg := pgtest.Shared(t)
//	target := sqllogictest.FreshServer(func(ctx context.Context) (string, func(), error) {
//		srv, err := tusk.Start(tusk.Options{InMemory: true, Settings: map[string]string{
//			"port": "0", "listen_addresses": "127.0.0.1", "unix_socket_directories": t.TempDir()}})
//		if err != nil {
//			return "", nil, err
//		}
//		return srv.DSN("postgres"), func() { srv.Close() }, nil
//	})
//	sqllogictest.Check(t, target, sqllogictest.DSNServer(pg.DSN("postgres")),
//		sqllogictest.Options{Root: sqllogictest.DefaultCorpus(), Sample: 20},
//		"testdata/tusk.baseline")
func Check(t testing.TB, target, oracle Server, opts Options, baseline string) *Report {
	t.Helper()
	rep, err := Run(context.Background(), target, oracle, opts)
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	rep.WriteSummary(&sb)
	t.Log("\n" + sb.String())

	b := Baseline{}
	if baseline != "" {
		b, err = ReadBaseline(baseline)
		if err != nil && !(errors.Is(err, fs.ErrNotExist) && os.Getenv("TUSK_SLT_UPDATE") != "") {
			t.Fatal(err)
		}
		if b == nil {
			b = Baseline{}
		}
	}
	if os.Getenv("TUSK_SLT_UPDATE") != "" {
		if baseline == "" {
			t.Fatal("TUSK_SLT_UPDATE is set but no baseline file was given")
		}
		if err := b.Update(rep).Write(baseline); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s", baseline)
		return rep
	}
	d := b.Compare(rep)
	for _, f := range d.New {
		t.Errorf("%s: %s\n\tsql: %s\n\ttarget: %s\n\toracle: %s", f.ID, f.Reason, f.SQL, f.Target, f.Oracle)
	}
	for _, id := range d.Fixed {
		t.Errorf("%s: passes now; remove it from %s (or rerun with TUSK_SLT_UPDATE=1)", id, baseline)
	}
	return rep
}

// DefaultCorpus returns the sqllogictest corpus directory: $TUSK_SLT_CORPUS,
// or shared/sqllogictest beside the module's root directory (found by
// walking up from the working directory to go.mod).
func DefaultCorpus() string {
	if d := os.Getenv("TUSK_SLT_CORPUS"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return "sqllogictest"
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared", "sqllogictest")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "sqllogictest"
		}
		dir = parent
	}
}

// String renders a failure for a log.
func (f Failure) String() string {
	return fmt.Sprintf("%s  %s", f.ID, f.Reason)
}
