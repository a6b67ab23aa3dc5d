package tusk_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// TestPgbenchClient runs PostgreSQL 15's pgbench against tusk the ways
// its users do: initialization with the default steps (which COPY with
// FREEZE and VACUUM) and with -I dtGvp (server-side generation),
// --foreign-keys, each built-in script under each query mode, and -C (a
// new connection per transaction). After the runs, the balances agree with
// the history, as TPC-B requires.
func TestPgbenchClient(t *testing.T) {
	bin, err := pgtest.Bin("pgbench")
	if err != nil {
		t.Fatal(err)
	}
	srv := tusktest.Start(t, nil)
	dsn := srv.DSN("postgres")
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(bin, append(args, dsn)...).CombinedOutput()
		if err != nil {
			t.Fatalf("pgbench %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	expectDone := func(out string, n string, args []string) {
		t.Helper()
		if !strings.Contains(out, "number of transactions actually processed: "+n+"/"+n) {
			t.Errorf("pgbench %v:\n%s", args, out)
		}
	}
	c := connect(t, dsn)
	ctx := context.Background()
	count := func(sql string) int64 {
		t.Helper()
		var n int64
		if err := c.QueryRow(ctx, sql).Scan(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}

	out := run("-i", "-s", "1", "-I", "dtGvp")
	if n := count("select count(*) from pgbench_accounts"); n != 100000 {
		t.Fatalf("-I dtGvp: %d accounts\n%s", n, out)
	}
	run("-i", "-s", "1", "-q", "--foreign-keys")
	if n := count("select count(*) from pg_constraint where contype = 'f' and conrelid::regclass::text like 'pgbench_%'"); n != 5 {
		t.Errorf("--foreign-keys made %d foreign keys, want 5", n)
	}
	for _, script := range []string{"tpcb-like", "simple-update", "select-only"} {
		for _, mode := range []string{"simple", "extended", "prepared"} {
			args := []string{"-b", script, "-M", mode, "-c", "2", "-t", "15", "-n"}
			expectDone(run(args...), "30", args)
		}
	}
	args := []string{"-C", "-c", "2", "-t", "10", "-n"}
	expectDone(run(args...), "20", args)

	// tpcb-like and simple-update ran 30 transactions each under three
	// modes, -C 20 more: every one wrote a history row.
	if n := count("select count(*) from pgbench_history"); n != 2*3*30+20 {
		t.Errorf("%d history rows, want %d", n, 2*3*30+20)
	}
	// The script inserts CURRENT_TIMESTAMP into a timestamp column.
	if n := count("select count(*) from pgbench_history where mtime > now() - interval '1 hour' and mtime <= now()"); n != 2*3*30+20 {
		t.Errorf("%d history rows timestamped in the last hour", n)
	}
	if a, h := count("select sum(abalance) from pgbench_accounts"), count("select sum(delta) from pgbench_history"); a != h {
		t.Errorf("sum(abalance) = %d but sum(delta) = %d", a, h)
	}
}
