package compat

import (
	"testing"
	"time"

	"github.com/tuskdb/tusk/internal/sqllogictest"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

// sltBaseline lists the sqllogictest records tusk is expected to fail.
const sltBaseline = "testdata/slt.baseline"

// sltSample is how many query records per file the CI run samples.
const sltSample = 20

// sltRuns split sqllogictest.CIFiles in two: select5.test, whose queries
// join up to 64 tables and can run long, gets a shorter record timeout.
// Both runs share one baseline; each checks and updates only the records
// it runs.
var sltRuns = []struct {
	name    string
	files   []string
	timeout time.Duration
}{
	{"main", withoutSelect5(sqllogictest.CIFiles), 10 * time.Second},
	{"select5", []string{"select5.test"}, 5 * time.Second},
}

// withoutSelect5 replaces the select*.test glob of a file selection with
// select1 to select4.
func withoutSelect5(files []string) []string {
	var out []string
	for _, f := range files {
		if f == "select*.test" {
			out = append(out, "select1.test", "select2.test", "select3.test", "select4.test")
			continue
		}
		out = append(out, f)
	}
	return out
}

// sltOptions are the options of one CI run.
func sltOptions(files []string, timeout time.Duration) sqllogictest.Options {
	return sqllogictest.Options{
		Root:          sqllogictest.DefaultCorpus(),
		Files:         files,
		Sample:        sltSample,
		RecordTimeout: timeout,
		CancelGrace:   2 * time.Second,
		Parallel:      2,
	}
}

// TestSQLLogicTest runs the CI selection of the sqllogictest corpus
// against tusk, a fresh in-memory server per file, with PostgreSQL as the
// oracle, and compares the failures with testdata/slt.baseline. With
// TUSK_SLT_UPDATE=1 it rewrites the baseline instead.
func TestSQLLogicTest(t *testing.T) {
	if testing.Short() {
		t.Skip("the sqllogictest run takes minutes; it runs without -short")
	}
	pg := pgtest.Shared(t)
	target := sqllogictest.FreshServer(startTuskDSN)
	oracle := sqllogictest.DSNServer(pg.DSN("postgres"))
	for _, r := range sltRuns {
		t.Run(r.name, func(t *testing.T) {
			sqllogictest.Check(t, target, oracle, sltOptions(r.files, r.timeout), sltBaseline)
		})
	}
}
