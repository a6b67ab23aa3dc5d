package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

// TestMain doubles as the server that TestTargetExec starts per file: with
// TUSK_SLT_TEST_PROXY set, the test binary is a TCP proxy from
// TUSK_SLT_TEST_PORT to that PostgreSQL address.
func TestMain(m *testing.M) {
	if upstream := os.Getenv("TUSK_SLT_TEST_PROXY"); upstream != "" {
		proxy(upstream)
		return
	}
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

func proxy(upstream string) {
	if f := os.Getenv("TUSK_SLT_TEST_PIDFILE"); f != "" {
		pf, err := os.OpenFile(f, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			fmt.Fprintln(pf, os.Getpid())
			pf.Close()
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:"+os.Getenv("TUSK_SLT_TEST_PORT"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for {
		c, err := l.Accept()
		if err != nil {
			os.Exit(1)
		}
		go func() {
			defer c.Close()
			u, err := net.Dial("tcp", upstream)
			if err != nil {
				return
			}
			defer u.Close()
			go io.Copy(u, c)
			io.Copy(c, u)
		}()
	}
}

// TestCommand builds tusk-slt and runs it with a throwaway PostgreSQL
// against itself: the exit status, the summary, the JSON report and the
// baseline update.
func TestCommand(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "tusk-slt")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	report := filepath.Join(dir, "report.json")
	baseline := filepath.Join(dir, "slt.baseline")
	out, err := exec.Command(bin, "-pg", "-root", "testdata", "-json", report, "-baseline", baseline, "-update", "tiny.test").CombinedOutput()
	if err != nil {
		t.Fatalf("tusk-slt: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "TOTAL  passed 3, failed 0, n/a 1") {
		t.Errorf("summary:\n%s", out)
	}
	var rep struct {
		Total struct {
			Passed        int `json:"passed"`
			NotApplicable int `json:"not_applicable"`
		} `json:"total"`
		Files []struct {
			File string `json:"file"`
		} `json:"files"`
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Total.Passed != 3 || rep.Total.NotApplicable != 1 || len(rep.Files) != 1 || rep.Files[0].File != "tiny.test" {
		t.Errorf("report: %s", b)
	}
	bl, err := os.ReadFile(baseline)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(bl), "\n") != 1 || !strings.HasPrefix(string(bl), "#") {
		t.Errorf("baseline of a clean run holds more than its header:\n%s", bl)
	}

	// A baseline listing a record that passes fails the run.
	os.WriteFile(baseline, []byte("tiny.test:7  result differs\n"), 0o644)
	out, err = exec.Command(bin, "-pg", "-q", "-root", "testdata", "-baseline", baseline, "tiny.test").CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Errorf("exit status %v with a stale baseline entry, want 1\n%s", err, out)
	}
	if !strings.Contains(string(out), "NOW PASSES   tiny.test:7") {
		t.Errorf("output does not name the stale entry:\n%s", out)
	}

	// Usage errors exit with 2.
	if err := exec.Command(bin, "-root", "testdata").Run(); err == nil {
		t.Error("no -target and no -pg: exit status 0")
	} else if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Errorf("no -target and no -pg: %v, want exit status 2", err)
	}
}

// TestTargetExec runs tusk-slt with -target-exec: a fresh server process
// per file (here the test binary as a proxy to PostgreSQL), stopped after
// the file.
func TestTargetExec(t *testing.T) {
	pg := pgtest.Shared(t)
	ctx := context.Background()
	c, err := pgconn.Connect(ctx, pg.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	// The proxy cannot create databases; the target DSN names this one.
	if _, err := c.Exec(ctx, "create database exec_target").ReadAll(); err != nil {
		t.Fatal(err)
	}
	c.Close(ctx)

	dir := t.TempDir()
	bin := filepath.Join(dir, "tusk-slt")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pidfile := filepath.Join(dir, "pids")
	command := fmt.Sprintf("TUSK_SLT_TEST_PROXY=%s TUSK_SLT_TEST_PORT={port} TUSK_SLT_TEST_PIDFILE=%s exec %s", pg.Addr(), pidfile, self)
	out, err := exec.Command(bin, "-oracle", pg.DSN("postgres"), "-target-exec", command,
		"-target", "postgres://postgres@127.0.0.1:{port}/exec_target?sslmode=disable", "-root", "testdata", "tiny.test").CombinedOutput()
	if err != nil {
		t.Fatalf("tusk-slt: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "TOTAL  passed 3, failed 0, n/a 1") {
		t.Errorf("summary:\n%s", out)
	}
	pids, err := os.ReadFile(pidfile)
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(string(pids))
	if len(fields) != 1 {
		t.Fatalf("started %d servers, want 1", len(fields))
	}
	pid, _ := strconv.Atoi(fields[0])
	if err := syscall.Kill(pid, 0); err != syscall.ESRCH {
		t.Errorf("the per-file server (pid %d) still runs: %v", pid, err)
	}

	// A command that exits at once is reported, not waited for.
	out, _ = exec.Command(bin, "-oracle", pg.DSN("postgres"), "-target-exec", "echo broken; exit 3",
		"-root", "testdata", "tiny.test").CombinedOutput()
	if !strings.Contains(string(out), "exited before accepting connections: broken") {
		t.Errorf("output:\n%s", out)
	}
}
