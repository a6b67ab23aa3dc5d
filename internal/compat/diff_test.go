package compat

import (
	"testing"

	"github.com/tuskdb/tusk/internal/testutil/difftest"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

// TestDiff runs the .sql corpus in testdata/sql against tusk, a fresh
// in-memory server per file, and against PostgreSQL, and fails on every
// statement whose outcome differs. The corpus holds only what tusk is
// expected to get right, so there is no baseline: a difference is a
// regression. -rewrite writes PostgreSQL's results to the .out files.
func TestDiff(t *testing.T) {
	pg := pgtest.Shared(t)
	difftest.Run(t, difftest.FreshTarget(startTuskDSN), difftest.DSNTarget(pg.DSN("postgres")), "testdata/sql")
}
