package compat

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// A driverSuite is a Go database driver's own test suite, run from a
// copy of its module against one in-memory tusk.
type driverSuite struct {
	module   string   // module path, at the version tusk's go.mod requires
	packages []string // packages of the module to test, relative to its root
	// setup starts the server the suite runs against, configured as the
	// suite's project documents for its own test database, given the
	// module copy's directory, and returns the environment variables that
	// point the suite at it (driversetup_test.go).
	setup func(t *testing.T, dir string) []string
	// baseline lists the suite's expected failures.
	baseline string
	// timeout bounds each package's run.
	timeout time.Duration
}

var pgxSuite = driverSuite{
	module:   "github.com/jackc/pgx/v5",
	packages: []string{".", "./pgconn", "./pgtype", "./pgxpool", "./stdlib"},
	setup:    pgxSetup,
	baseline: "testdata/pgx.baseline",
	timeout:  90 * time.Second,
}

var libpqSuite = driverSuite{
	module:   "github.com/lib/pq",
	packages: []string{"."},
	setup:    libpqSetup,
	baseline: "testdata/libpq.baseline",
	timeout:  90 * time.Second,
}

// TestLibPQ runs lib/pq's own test suite against tusk, set up as lib/pq
// documents its test database (libpqSetup), and compares the failing tests with
// testdata/libpq.baseline. It runs only with TUSK_DRIVER_SUITES=1, as its
// own step of .ci/run. TUSK_DRIVER_UPDATE=1 rewrites the baseline.
func TestLibPQ(t *testing.T) {
	if os.Getenv("TUSK_DRIVER_SUITES") == "" {
		t.Skip("lib/pq's suite runs with TUSK_DRIVER_SUITES=1 (.ci/run sets it)")
	}
	if testing.Short() {
		t.Skip("lib/pq's suite takes minutes; it runs without -short")
	}
	runDriverSuite(t, libpqSuite)
}

// TestPGX runs pgx's own test suite against tusk (PGX_TEST_DATABASE),
// after pgx's testsetup/postgresql_setup.sql (pgxSetup), and compares the
// failing tests with testdata/pgx.baseline. It takes minutes, so it runs
// only with TUSK_DRIVER_SUITES=1, as its own step of .ci/run. The
// PGX_TEST_* connection strings are those of pgx's CI, less the client
// certificate one, so those tests skip themselves.
// TUSK_DRIVER_UPDATE=1 rewrites the baseline.
func TestPGX(t *testing.T) {
	if os.Getenv("TUSK_DRIVER_SUITES") == "" {
		t.Skip("pgx's suite runs with TUSK_DRIVER_SUITES=1 (.ci/run sets it)")
	}
	if testing.Short() {
		t.Skip("pgx's suite takes minutes; it runs without -short")
	}
	runDriverSuite(t, pgxSuite)
}

// driverResult is the outcome of one top-level test of a suite.
type driverResult struct {
	pkg, test string
	verdict   string // pass, fail, skip or panic
	reason    string // the first line of output that looks like an error
}

func (r driverResult) id() string { return r.pkg + " " + r.test }

// runDriverSuite runs s against a fresh tusk and checks it against its
// baseline. Each package's test binary is built once and run over all its
// tests; a test that panics or hangs ends the binary, so the tests it left
// unfinished run again one by one, each in its own process, which
// attributes the panic or hang to its test. Tests the baseline lists as
// panicking or hanging are left out (-test.skip) to save the time.
func runDriverSuite(t *testing.T, s driverSuite) {
	dir := moduleCopy(t, s.module)
	env := s.setup(t, dir)
	base, err := readDriverBaseline(s.baseline)
	if err != nil && !(os.IsNotExist(err) && updating()) {
		t.Fatal(err)
	}

	var results []driverResult
	for _, pkg := range s.packages {
		skip := map[string]bool{}
		for _, r := range base {
			if r.pkg == pkg && (r.verdict == "panic" || r.verdict == "hang") {
				skip[r.test] = true
				results = append(results, r)
			}
		}
		results = append(results, runPackage(t, dir, pkg, env, skip, s.timeout)...)
	}

	counts := map[string]int{}
	for _, r := range results {
		counts[r.verdict]++
	}
	t.Logf("%s: %d passed, %d failed, %d panicked and %d hung (left out), %d skipped by the suite",
		s.module, counts["pass"], counts["fail"], counts["panic"], counts["hang"], counts["skip"])

	if updating() {
		for i, r := range results {
			if b, ok := base[r.id()]; ok && b.verdict == "flaky" {
				results[i] = b
			}
		}
		if err := writeDriverBaseline(s.baseline, s.module, results); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s", s.baseline)
		return
	}
	for _, r := range results {
		want, listed := base[r.id()]
		switch {
		case r.verdict != "pass" && r.verdict != "skip" && !listed:
			t.Errorf("%s: new %s: %s", r.id(), r.verdict, r.reason)
		case r.verdict == "pass" && listed && want.verdict != "flaky":
			t.Errorf("%s: passes now; remove it from %s (or rerun with TUSK_DRIVER_UPDATE=1)", r.id(), s.baseline)
		}
	}
}

func updating() bool { return os.Getenv("TUSK_DRIVER_UPDATE") != "" }

// moduleCopy copies a required module's source from the module cache into
// a temporary directory, writable, so that its tests can build there.
func moduleCopy(t *testing.T, module string) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", module, err)
	}
	src := strings.TrimSpace(string(out))
	if src == "" {
		t.Fatalf("module %s is not in the module cache; run go mod download %s", module, module)
	}
	dst := t.TempDir()
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// testEvent is a line of test2json output.
type testEvent struct {
	Action string
	Test   string
	Output string
}

// errorLine picks a test's failure reason out of its output.
var errorLine = regexp.MustCompile(`(?i)(error|expected|unexpected|panic|timeout|not equal|should|fail)`)

// pqError matches a server error as lib/pq prints it.
var pqError = regexp.MustCompile(`pq: .*\([0-9A-Z]{5}\)`)

// perTestTimeout bounds a test run on its own, after its package's run
// ended under it.
const perTestTimeout = 20 * time.Second

// runPackage builds one package's test binary and returns its top-level
// tests' outcomes.
func runPackage(t *testing.T, dir, pkg string, env []string, skip map[string]bool, timeout time.Duration) []driverResult {
	bin := filepath.Join(t.TempDir(), "pkg.test")
	build := exec.Command("go", "test", "-c", "-o", bin, pkg)
	build.Dir = dir
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go test -c %s: %v\n%s", pkg, err, out)
	}
	pkgDir := filepath.Join(dir, pkg)
	// The suite's TestMain may talk to the server even when only listing
	// (lib/pq's does, after the run), so list with the environment set and
	// judge by the output.
	lister := exec.Command(bin, "-test.list", ".")
	lister.Dir = pkgDir
	lister.Env = append(os.Environ(), env...)
	list, err := lister.Output()
	if len(list) == 0 {
		t.Fatalf("%s -test.list: %v", pkg, err)
	}
	var tests []string
	for _, name := range strings.Fields(string(list)) {
		if strings.HasPrefix(name, "Test") && !skip[name] {
			tests = append(tests, name)
		}
	}

	run := func(timeout time.Duration, filter ...string) map[string]driverResult {
		args := append([]string{"tool", "test2json", "-p", pkg, bin, "-test.v=test2json", "-test.count=1",
			"-test.timeout=" + timeout.String()}, filter...)
		cmd := exec.Command("go", args...)
		cmd.Dir = pkgDir
		cmd.Env = append(os.Environ(), env...)
		out, _ := cmd.Output()
		return parseTestEvents(pkg, out)
	}
	var filter []string
	if len(skip) > 0 {
		names := make([]string, 0, len(skip))
		for n := range skip {
			names = append(names, regexp.QuoteMeta(n))
		}
		sort.Strings(names)
		filter = []string{"-test.skip", "^(" + strings.Join(names, "|") + ")$"}
	}
	batch := run(timeout, filter...)
	var results []driverResult
	for _, name := range tests {
		r, ok := batch[name]
		if !ok || r.verdict == "panic" || r.verdict == "hang" || r.verdict == "" {
			// The binary ended under this test or before it: run it alone.
			r, ok = run(perTestTimeout, "-test.run", "^"+regexp.QuoteMeta(name)+"$")[name]
			if !ok {
				r = driverResult{pkg: pkg, test: name, verdict: "fail", reason: "did not run"}
			}
		}
		results = append(results, r)
	}
	return results
}

// parseTestEvents reads test2json output into the top-level tests'
// outcomes. A test that started but never finished panicked or, when the
// binary's timeout fired, hung.
func parseTestEvents(pkg string, out []byte) map[string]driverResult {
	outputs := map[string]*strings.Builder{}
	verdicts := map[string]string{}
	var pkgOutput strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var e testEvent
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			continue
		}
		if e.Test == "" {
			if e.Action == "output" {
				pkgOutput.WriteString(e.Output)
			}
			continue
		}
		top, _, _ := strings.Cut(e.Test, "/")
		if outputs[top] == nil {
			outputs[top] = &strings.Builder{}
		}
		switch e.Action {
		case "output":
			outputs[top].WriteString(e.Output)
		case "pass", "fail", "skip":
			if e.Test == top {
				verdicts[top] = e.Action
			}
		}
	}
	res := map[string]driverResult{}
	for test, o := range outputs {
		text := o.String()
		r := driverResult{pkg: pkg, test: test, verdict: verdicts[test]}
		all := text + pkgOutput.String()
		switch {
		case strings.Contains(all, "panic: test timed out"):
			if r.verdict == "" || r.verdict == "fail" {
				r.verdict, r.reason = "hang", "did not finish within the timeout"
			}
		case strings.Contains(text, "panic: "):
			r.verdict, r.reason = "panic", firstMatch(text[strings.Index(text, "panic: "):])
		case r.verdict == "fail":
			r.reason = firstMatch(text)
		}
		res[test] = r
	}
	return res
}

// firstMatch returns a short reason from a failing test's output: a
// server error (a line with a SQLSTATE), else testify's "Error:" line and
// the line after it, else the first line that reads like an error.
func firstMatch(text string) string {
	lines := strings.Split(text, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	pick := ""
	for _, l := range lines {
		if strings.Contains(l, "SQLSTATE") || pqError.MatchString(l) {
			pick = l
			break
		}
	}
	for i, l := range lines {
		if pick != "" {
			break
		}
		if strings.HasPrefix(l, "Error:") {
			pick = strings.TrimSpace(strings.TrimPrefix(l, "Error:"))
			if i+1 < len(lines) && lines[i+1] != "" && !strings.Contains(lines[i+1], ":\t") {
				pick += " " + lines[i+1]
			}
		}
	}
	for _, l := range lines {
		if pick != "" {
			break
		}
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "Error Trace:") {
			continue
		}
		if errorLine.MatchString(l) {
			pick = l
		}
	}
	if pick == "" {
		return "failed"
	}
	pick = strings.Join(strings.Fields(pick), " ")
	if len(pick) > 200 {
		pick = pick[:200] + "..."
	}
	return pick
}

// readDriverBaseline reads "<package> <test>  <verdict>: <reason>" lines.
func readDriverBaseline(path string) (map[string]driverResult, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]driverResult{}
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Fields(l)
		if len(f) < 3 {
			return nil, fmt.Errorf("%s: bad line %q", path, l)
		}
		r := driverResult{pkg: f[0], test: f[1], verdict: strings.TrimSuffix(f[2], ":")}
		_, r.reason, _ = strings.Cut(l, f[2])
		r.reason = strings.TrimSpace(r.reason)
		out[r.id()] = r
	}
	return out, nil
}

// writeDriverBaseline writes the failing and panicking tests of a run.
func writeDriverBaseline(path, module string, results []driverResult) error {
	var lines []string
	for _, r := range results {
		if r.verdict != "pass" && r.verdict != "skip" {
			lines = append(lines, fmt.Sprintf("%s %s  %s: %s", r.pkg, r.test, r.verdict, r.reason))
		}
	}
	sort.Strings(lines)
	var b strings.Builder
	fmt.Fprintf(&b, "# Expected failures of %s's test suite against tusk:\n", module)
	b.WriteString("# \"<package> <test>  <verdict>: <reason>\", rewritten with TUSK_DRIVER_UPDATE=1.\n")
	b.WriteString("# fail: the test fails; panic, hang: the test panics or does not finish and\n")
	b.WriteString("# so ends its package's binary; it is left out (-test.skip); flaky: either\n")
	b.WriteString("# outcome is accepted.\n")
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
