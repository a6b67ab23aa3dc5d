package sqllogictest

import (
	"context"
	"os"
	"testing"

	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

// TestPostgresAgainstItself runs corpus files with PostgreSQL as both the
// target and the oracle: every record that PostgreSQL can run must pass.
func TestPostgresAgainstItself(t *testing.T) {
	pg := pgtest.Shared(t)
	srv := DSNServer(pg.DSN("postgres"))
	opts := Options{
		Root: DefaultCorpus(),
		Files: []string{
			"select1.test",                         // every query agrees with SQLite
			"evidence/in1.test",                    // onlyif/skipif, labels, n/a records
			"evidence/slt_lang_createtrigger.test", // statement error, SQLite-only syntax
			"evidence/slt_lang_update.test",
			"random/groupby/slt_good_0.test",  // CRLF line ends, skipif postgresql
			"index/between/1/slt_good_0.test", // hash-threshold, large file
		},
		Sample: 150,
		Seed:   1,
	}
	rep := Check(t, srv, srv, opts, "")
	if rep.Total.Passed < 600 {
		t.Errorf("only %d records passed", rep.Total.Passed)
	}
	byFile := map[string]FileResult{}
	for _, f := range rep.Files {
		byFile[f.File] = f
	}
	s1 := byFile["select1.test"].Counts
	if s1.Failed != 0 || s1.NotApplicable != 0 || s1.SQLiteDisagree != 0 || s1.SQLiteAgree != s1.Passed {
		t.Errorf("select1.test: %v; PostgreSQL should agree with SQLite on every record", s1)
	}
	if s1.Unsampled == 0 || s1.Passed < 150 {
		t.Errorf("select1.test: %v; want 150 sampled queries and every statement", s1)
	}
	if c := byFile["evidence/in1.test"].Counts; c.NotApplicable == 0 || c.Skipped == 0 {
		t.Errorf("evidence/in1.test: %v; want n/a and skipped records", c)
	}
	if c := byFile["random/groupby/slt_good_0.test"].Counts; c.Skipped == 0 {
		t.Errorf("random/groupby/slt_good_0.test: %v; want records skipped for postgresql", c)
	}

	// The same sample again gives the same counts.
	rep2, err := Run(context.Background(), srv, srv, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep2.Total != rep.Total {
		t.Errorf("sampling is not deterministic: %v, then %v", rep.Total, rep2.Total)
	}
}

// TestFreshServer: a server started per file is stopped after the file.
func TestFreshServer(t *testing.T) {
	pg := pgtest.Shared(t)
	direct := DSNServer(pg.DSN("postgres"))
	var started, stopped int
	target := FreshServer(func(ctx context.Context) (string, func(), error) {
		started++
		dsn, err := direct.NewDatabase(ctx, databaseName("fresh", "x"))
		return dsn, func() { stopped++ }, err
	})
	rep := Check(t, target, direct, Options{Root: DefaultCorpus(), Files: []string{"evidence/in2.test", "evidence/slt_lang_droptable.test"}}, "")
	if started != 2 || stopped != 2 || rep.Total.Passed == 0 {
		t.Errorf("started %d, stopped %d servers for 2 files; %v", started, stopped, rep.Total)
	}
}
