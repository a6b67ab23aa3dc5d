package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

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
