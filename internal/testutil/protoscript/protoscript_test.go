package protoscript

import (
	"os"
	"testing"

	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

// TestPostgres runs every script in testdata against PostgreSQL 15: the
// scripts are PostgreSQL's own behaviour.
func TestPostgres(t *testing.T) {
	pg := pgtest.Shared(t)
	RunDir(t, pg.Addr(), "testdata", Options{Socket: SocketPath(pg.SocketDir, pg.Port)})
}
