package compat

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tuskdb/tusk/internal/testutil/protoscript"
)

// protoDir holds the protocol scripts, PostgreSQL 15's own behaviour.
const protoDir = "../testutil/protoscript/testdata"

// protoXFail lists the scripts tusk is known to fail.
var protoXFail = filepath.Join(protoDir, "tusk.xfail")

// readXFail reads an expected-failures list: one "<name>:<line>  <reason>"
// per line, '#' comments and blank lines ignored. The map is keyed by name
// and holds "<line>  <reason>".
func readXFail(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, reason, _ := strings.Cut(line, " ")
		name, at, _ := strings.Cut(id, ":")
		out[name] = at + "  " + strings.TrimSpace(reason)
	}
	return out, sc.Err()
}

// TestProtoscript runs every protocol script against tusk, a fresh
// in-memory server per script. A script listed in tusk.xfail must fail at
// the listed line (so that an earlier step that regresses is caught), and
// every other script must pass.
func TestProtoscript(t *testing.T) {
	xfail, err := readXFail(protoXFail)
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(protoDir, "*.pgs"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no protocol scripts in %s (%v)", protoDir, err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".pgs")
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			err := runScript(f)
			entry, expected := xfail[name]
			at, reason, _ := strings.Cut(entry, "  ")
			var se *protoscript.Error
			switch {
			case err == nil && !expected:
			case err != nil && !expected:
				t.Error(err)
			case err == nil && expected:
				t.Errorf("passes now; remove it from %s (listed as: %s)", protoXFail, reason)
			case !errors.As(err, &se) || !strings.HasSuffix(se.Where, ".pgs:"+at):
				t.Errorf("fails elsewhere than at line %s listed in %s (%s):\n%v", at, protoXFail, reason, err)
			default:
				t.Logf("expected failure (%s): %v", reason, err)
			}
		})
	}
	var stale []string
	for name := range xfail {
		if !seen[name] {
			stale = append(stale, name)
		}
	}
	sort.Strings(stale)
	for _, name := range stale {
		t.Errorf("%s lists %s, which is no script", protoXFail, name)
	}
}

// runScript runs one script against a fresh tusk.
func runScript(file string) error {
	s, err := protoscript.ParseFile(file)
	if err != nil {
		return err
	}
	srv, stop, err := startTusk(context.Background())
	if err != nil {
		return err
	}
	defer stop()
	var sock string
	if p := srv.SocketPaths(); len(p) > 0 {
		sock = p[0]
	}
	return s.Exec(context.Background(), srv.Addr(), protoscript.Options{Socket: sock})
}
