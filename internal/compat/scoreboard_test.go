package compat

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tuskdb/tusk/internal/sqllogictest"
	"github.com/tuskdb/tusk/internal/testutil/difftest"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

var scoreboard = flag.Bool("scoreboard", false, "run every suite and rewrite the scoreboard in COMPATIBILITY.md")

// compatDoc is the scoreboard's document; the table sits between the
// markers and everything else in it is written by hand.
const (
	compatDoc   = "../../COMPATIBILITY.md"
	markerBegin = "<!-- scoreboard:begin (generated; do not edit) -->"
	markerEnd   = "<!-- scoreboard:end -->"
)

// score is one row of the scoreboard.
type score struct {
	suite                   string
	unit                    string // what is counted
	passed, failed, notAppl int
	other                   string // records that did not count, and why
	took                    time.Duration
}

func (s score) rate() string {
	if s.passed+s.failed == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f%%", 100*float64(s.passed)/float64(s.passed+s.failed))
}

// TestScoreboard runs every suite of the package against tusk, counting
// instead of judging, and rewrites the scoreboard table of
// COMPATIBILITY.md. It runs only with -scoreboard:
//
//	go test ./internal/compat -run Scoreboard -scoreboard -timeout 30m
func TestScoreboard(t *testing.T) {
	if !*scoreboard {
		t.Skip("rewrites COMPATIBILITY.md only with -scoreboard")
	}
	pg := pgtest.Shared(t)
	ctx := context.Background()
	var rows []score

	// sqllogictest, the CI selection.
	slt := score{suite: "sqllogictest (CI selection, sample 20)", unit: "records"}
	var skipped, unsampled, notRun int
	for _, r := range sltRuns {
		rep, err := sqllogictest.Run(ctx, sqllogictest.FreshServer(startTuskDSN),
			sqllogictest.DSNServer(pg.DSN("postgres")), sltOptions(r.files, r.timeout))
		if err != nil {
			t.Fatal(err)
		}
		c := rep.Total
		slt.passed += c.Passed
		slt.failed += c.Failed
		slt.notAppl += c.NotApplicable
		skipped += c.Skipped
		unsampled += c.Unsampled
		notRun += c.NotRun
		slt.took += rep.Duration
	}
	slt.other = fmt.Sprintf("%d skipped (skipif/onlyif), %d unsampled, %d not run", skipped, unsampled, notRun)
	rows = append(rows, slt)

	// difftest, the .sql corpus.
	start := time.Now()
	files, err := filepath.Glob("testdata/sql/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no .sql files in testdata/sql (%v)", err)
	}
	dt := score{suite: fmt.Sprintf("difftest (testdata/sql, %d files)", len(files)), unit: "statements"}
	for _, f := range files {
		res, err := difftest.RunFile(ctx, difftest.FreshTarget(startTuskDSN), difftest.DSNTarget(pg.DSN("postgres")), f, difftest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		dt.failed += len(res.Mismatches)
		dt.passed += res.Statements - len(res.Mismatches)
	}
	dt.took = time.Since(start)
	rows = append(rows, dt)

	// protoscript.
	start = time.Now()
	scripts, err := filepath.Glob(filepath.Join(protoDir, "*.pgs"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no protocol scripts (%v)", err)
	}
	ps := score{suite: "protoscript (protocol scripts)", unit: "scripts"}
	for _, f := range scripts {
		if runScript(f) != nil {
			ps.failed++
		} else {
			ps.passed++
		}
	}
	ps.took = time.Since(start)
	rows = append(rows, ps)

	// Client encodings.
	start = time.Now()
	srv, stop, err := startTusk(ctx)
	if err != nil {
		t.Fatal(err)
	}
	enc := score{suite: "client encodings (LATIN1, WIN1252, ...)", unit: "cases"}
	for _, c := range encodingCases {
		if encodingRun(t, pg.DSN("postgres"), c.encoding, c.sql) == encodingRun(t, srv.DSN("postgres"), c.encoding, c.sql) {
			enc.passed++
		} else {
			enc.failed++
		}
	}
	stop()
	enc.took = time.Since(start)
	rows = append(rows, enc)

	if err := writeScoreboard(compatDoc, rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		t.Logf("%s: passed %d, failed %d, n/a %d (%s)", r.suite, r.passed, r.failed, r.notAppl, r.rate())
	}
}

// writeScoreboard replaces the table between the markers of path.
func writeScoreboard(path string, rows []score) error {
	doc, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	i := bytes.Index(doc, []byte(markerBegin))
	j := bytes.Index(doc, []byte(markerEnd))
	if i < 0 || j < i {
		return fmt.Errorf("%s: no %q ... %q section", path, markerBegin, markerEnd)
	}
	var b strings.Builder
	b.WriteString(markerBegin + "\n")
	fmt.Fprintf(&b, "Measured %s at commit %s with PostgreSQL 15 as the oracle.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), commitID())
	b.WriteString("| suite | unit | passed | failed | not applicable | pass rate | not counted | time |\n")
	b.WriteString("|---|---|--:|--:|--:|--:|---|--:|\n")
	for _, r := range rows {
		other := r.other
		if other == "" {
			other = "—"
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %s | %s | %.0fs |\n",
			r.suite, r.unit, r.passed, r.failed, r.notAppl, r.rate(), other, r.took.Seconds())
	}
	out := append([]byte(nil), doc[:i]...)
	out = append(out, b.String()...)
	out = append(out, doc[j:]...)
	return os.WriteFile(path, out, 0o644)
}

// commitID names the commit the scoreboard was measured at, marked when
// the working tree has changes.
func commitID() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	id := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no", "--", "../..").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		id += " (with uncommitted changes)"
	}
	return id
}
