package clients

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestNodePostgres runs testdata/node/check.js with node-postgres (npm pg
// and pg-cursor, installed from the committed package-lock.json by npm ci
// in testdata/node): simple queries (several statements in one), the
// extended protocol with parameters, named prepared statements, row mode,
// types, transactions, SQLSTATEs and a cursor read in batches (portal
// suspension).
func TestNodePostgres(t *testing.T) {
	node := lookPath(t, "node", "install Node.js")
	dir, err := filepath.Abs("testdata/node")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"pg", "pg-cursor"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", m, "package.json")); err != nil {
			t.Fatalf("node module %s is missing (%v); run npm ci in %s", m, err, dir)
		}
	}
	out := compare(t, "clients_node", func(ctx context.Context, s server) *exec.Cmd {
		url := fmt.Sprintf("postgres://postgres@%s:%d/%s?sslmode=disable", s.host, s.port, s.db)
		cmd := exec.CommandContext(ctx, node, "check.js", url)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TZ=UTC")
		return cmd
	})
	mustContain(t, out,
		"== done",
		"error 22012",
		"error 23505",
		"read 1:1 2:4 3:9",
	)
}
