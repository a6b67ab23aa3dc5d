package pebblekv

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/tuskdb/tusk/internal/kv"
)

// The crash test: a child process (this test binary, re-executed) commits
// numbered transactions against an on-disk engine and reports each
// acknowledged number on stdout; the parent kills it with SIGKILL at random
// moments, restarts it, and checks that every acknowledged transaction is
// there, that no unacknowledged one is there in part, that the bank's total
// is unchanged, and that no locks or uncommitted versions survive.
const (
	crashEnvDir   = "TUSK_PEBBLEKV_CRASH_DIR"
	crashEnvBase  = "TUSK_PEBBLEKV_CRASH_BASE"
	crashAccounts = 8
	crashInitial  = 1000
	crashBulkRows = 500
)

func crashAcct(i int) []byte { return []byte(fmt.Sprintf("acct/%d", i)) }
func crashDone(n int) []byte { return []byte(fmt.Sprintf("done/%09d", n)) }

// crashBulk reports whether transaction n is a bulk one (it also writes
// crashBulkRows rows, several Pebble writes each, to test atomicity).
func crashBulk(n int) bool { return n%7 == 3 }

func crashBulkKey(n, i int) []byte { return []byte(fmt.Sprintf("bulk/%09d/%04d", n, i)) }

func TestCrashRecovery(t *testing.T) {
	if dir := os.Getenv(crashEnvDir); dir != "" {
		crashChild(dir)
		return
	}
	dir := t.TempDir()
	acked := map[int]bool{}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	const cycles = 24
	for cycle := range cycles {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashRecovery$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnvDir+"="+dir, crashEnvBase+"="+strconv.Itoa((cycle+1)*1_000_000))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killAfter := 1 + rng.IntN(80)
		sc := bufio.NewScanner(out)
		got := 0
		for sc.Scan() {
			line := sc.Text()
			n, err := strconv.Atoi(line)
			if err != nil {
				continue // "ready" or test framework output
			}
			acked[n] = true
			got++
			if got == killAfter {
				_ = cmd.Process.Signal(syscall.SIGKILL)
			}
		}
		_, _ = io.Copy(io.Discard, out)
		err = cmd.Wait()
		if got < killAfter {
			t.Fatalf("cycle %d: child ended after %d acknowledgements: %v", cycle, got, err)
		}
		// Let the next child recover from the crash state itself now and
		// then; verify the others (and the last) in this process.
		if cycle%3 != 1 || cycle == cycles-1 {
			crashVerify(t, dir, acked)
		}
	}
	if len(acked) < cycles {
		t.Fatalf("only %d acknowledged transactions", len(acked))
	}
	t.Logf("%d crash cycles, %d acknowledged transactions", cycles, len(acked))
}

// crashChild runs until killed.
func crashChild(dir string) {
	base, _ := strconv.Atoi(os.Getenv(crashEnvBase))
	db, err := Open(dir, &Options{GCInterval: 20 * time.Millisecond, GCRoundKeys: 200})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(2)
	}
	ctx := context.Background()
	// Create the accounts once.
	err = db.Update(ctx, func(tx kv.Txn) error {
		if _, ok, err := tx.Get(ctx, crashAcct(0)); err != nil || ok {
			return err
		}
		for i := range crashAccounts {
			if err := tx.Put(ctx, crashAcct(i), []byte(strconv.Itoa(crashInitial))); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		// Update does not wait for the sync; make the accounts durable.
		err = db.pdb.LogData(nil, pebble.Sync)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "child init:", err)
		os.Exit(2)
	}
	var (
		mu   sync.Mutex
		next atomic.Int64
	)
	next.Store(int64(base))
	fmt.Println("ready")
	for w := range 4 {
		go func() {
			rng := rand.New(rand.NewPCG(uint64(base), uint64(w)))
			for {
				n := int(next.Add(1))
				for {
					err := crashTxn(ctx, db, rng, n)
					if err == nil {
						break
					}
					if !errors.Is(err, kv.ErrDeadlock) && !errors.Is(err, kv.ErrSerializationFailure) {
						fmt.Fprintln(os.Stderr, "child txn:", err)
						os.Exit(2)
					}
				}
				mu.Lock()
				os.Stdout.WriteString(strconv.Itoa(n) + "\n")
				mu.Unlock()
			}
		}()
	}
	select {}
}

func crashTxn(ctx context.Context, db kv.DB, rng *rand.Rand, n int) error {
	tx, err := db.Begin(ctx, kv.TxnOptions{DeadlockTimeout: 5 * time.Millisecond, Sync: kv.SyncOn})
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	from := rng.IntN(crashAccounts)
	to := (from + 1 + rng.IntN(crashAccounts-1)) % crashAccounts
	amount := 1 + rng.IntN(100)
	for _, a := range []struct{ i, d int }{{from, -amount}, {to, amount}} {
		r, err := tx.Lock(ctx, crashAcct(a.i), kv.LockOptions{Mode: kv.LockExclusive})
		if err != nil {
			return err
		}
		bal, err := strconv.Atoi(string(r.Value))
		if err != nil {
			return fmt.Errorf("account %d = %q", a.i, r.Value)
		}
		if err := tx.Put(ctx, crashAcct(a.i), []byte(strconv.Itoa(bal+a.d))); err != nil {
			return err
		}
	}
	if crashBulk(n) {
		sp, err := tx.Savepoint(ctx)
		if err != nil {
			return err
		}
		// Some writes rolled back to a savepoint, then the real ones.
		for i := range 10 {
			if err := tx.Put(ctx, crashBulkKey(n, i), []byte("rolled back")); err != nil {
				return err
			}
		}
		if err := tx.RollbackTo(ctx, sp); err != nil {
			return err
		}
		for i := range crashBulkRows {
			if err := tx.Put(ctx, crashBulkKey(n, i), []byte("row")); err != nil {
				return err
			}
		}
	}
	if err := tx.Put(ctx, crashDone(n), []byte(fmt.Sprintf("%d:%d:%d", from, to, amount))); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func crashVerify(t *testing.T, dir string, acked map[int]bool) {
	t.Helper()
	db, err := Open(dir, &Options{GCInterval: -1})
	if err != nil {
		t.Fatalf("reopen after crash: %v", err)
	}
	defer db.Close()
	ctx := context.Background()
	tx, err := db.Begin(ctx, kv.TxnOptions{Isolation: kv.RepeatableRead})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)

	bal := make([]int, crashAccounts)
	for i := range bal {
		bal[i] = crashInitial
	}
	done := map[int]bool{}
	it, err := tx.Scan(ctx, []byte("done/"), []byte("done0"), false)
	if err != nil {
		t.Fatal(err)
	}
	for it.Next() {
		n, _ := strconv.Atoi(strings.TrimPrefix(string(it.Key()), "done/"))
		var from, to, amount int
		if _, err := fmt.Sscanf(string(it.Value()), "%d:%d:%d", &from, &to, &amount); err != nil {
			t.Fatal(err)
		}
		bal[from] -= amount
		bal[to] += amount
		done[n] = true
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	for n := range acked {
		if !done[n] {
			t.Fatalf("acknowledged transaction %d lost", n)
		}
	}
	total := 0
	for i := range crashAccounts {
		v, ok, err := tx.Get(ctx, crashAcct(i))
		if err != nil || !ok {
			t.Fatalf("account %d: %v %v", i, ok, err)
		}
		b, _ := strconv.Atoi(string(v))
		if b != bal[i] {
			t.Fatalf("account %d = %d, but committed transfers give %d (half-applied transaction)", i, b, bal[i])
		}
		total += b
	}
	if total != crashAccounts*crashInitial {
		t.Fatalf("total %d", total)
	}
	// Bulk transactions are all there or not at all.
	rows := map[int]int{}
	it, err = tx.Scan(ctx, []byte("bulk/"), []byte("bulk0"), false)
	if err != nil {
		t.Fatal(err)
	}
	for it.Next() {
		n, _ := strconv.Atoi(string(it.Key()[5:14]))
		if string(it.Value()) != "row" {
			t.Fatalf("%s = %q: a write rolled back to a savepoint survived", it.Key(), it.Value())
		}
		rows[n]++
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	for n, c := range rows {
		if !done[n] || c != crashBulkRows {
			t.Fatalf("bulk transaction %d: %d rows, committed %v", n, c, done[n])
		}
	}
	for n := range done {
		if crashBulk(n) && rows[n] != crashBulkRows {
			t.Fatalf("committed bulk transaction %d has %d rows", n, rows[n])
		}
	}
	// No lock survived: every account can be locked exclusively at once.
	for i := range crashAccounts {
		if _, err := tx.Lock(ctx, crashAcct(i), kv.LockOptions{Mode: kv.LockAccessExclusive, Wait: kv.NoWait}); err != nil {
			t.Fatalf("account %d still locked after restart: %v", i, err)
		}
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	// No uncommitted version survives a vacuum.
	if err := db.Vacuum(ctx); err != nil {
		t.Fatal(err)
	}
	checkOneVersionPerKey(t, db)
}

// checkOneVersionPerKey checks that, with no transaction running and a
// vacuum just done, every key holds exactly one version: a committed value.
func checkOneVersionPerKey(t *testing.T, db *DB) {
	t.Helper()
	it, err := db.pdb.NewIter(&pebble.IterOptions{LowerBound: []byte{nsData}, UpperBound: []byte{nsData + 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	var prev []byte
	for ok := it.First(); ok; ok = it.Next() {
		user, _, good := decodeVersionKey(it.Key())
		kind, id, _, good2 := decodeRecord(it.Value())
		if !good || !good2 {
			t.Fatalf("corrupt %v", keyFormatter(it.Key()))
		}
		if prev != nil && string(prev) == string(user) {
			t.Fatalf("key %q has more than one version after vacuum", user)
		}
		prev = append(prev[:0], user...)
		st := db.status.get(id)
		if _, committed := commitSeqOf(st); !committed || !isValue(kind) {
			t.Fatalf("key %q: version of kind %d by %d (status %d) survived vacuum", user, kind, id, st)
		}
	}
}
