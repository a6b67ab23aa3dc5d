package clientdeps

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

// Main installs the dependencies (.ci/deps, found above the working
// directory), runs the tests, stops the shared PostgreSQL and exits.
func Main(m *testing.M) {
	script, err := findDeps()
	if err == nil {
		cmd := exec.Command(script)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		err = cmd.Run()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "installing the test dependencies (.ci/deps): %v\n", err)
		os.Exit(1)
	}
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

// findDeps returns .ci/deps of the repository the test runs in.
func findDeps() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, ".ci", "deps")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf(".ci/deps not found above the test's directory")
		}
		dir = parent
	}
}
