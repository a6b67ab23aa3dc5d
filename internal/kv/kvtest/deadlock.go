package kvtest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// deadlockOpts uses a short deadlock_timeout so the tests run fast; the
// outcome does not depend on it.
func deadlockOpts(owner int32) kv.TxnOptions {
	return kv.TxnOptions{DeadlockTimeout: 20 * time.Millisecond, Owner: owner}
}

// runCycle makes n transactions each hold key i and then ask for key
// (i+1)%n, and checks that exactly one of them fails with 40P01 while the
// others go on once the victim rolls back.
func runCycle(t *testing.T, db kv.DB, n int, hold, want kv.LockMode) {
	ctx := context.Background()
	txs := make([]kv.Txn, n)
	for i := range txs {
		txs[i] = begin(t, db, deadlockOpts(int32(100+i)))
		if _, err := txs[i].Lock(ctx, []byte(key(i)), kv.LockOptions{Mode: hold}); err != nil {
			t.Fatal(err)
		}
	}
	type result struct {
		i   int
		err error
	}
	results := make(chan result, n)
	for i := range txs {
		go func() {
			_, err := txs[i].Lock(ctx, []byte(key((i+1)%n)), kv.LockOptions{Mode: want, Object: fmt.Sprintf("row %d", (i+1)%n)})
			if err != nil {
				// The victim's session rolls back, releasing its locks.
				_ = txs[i].Rollback(ctx)
			}
			results <- result{i, err}
		}()
	}
	victims := 0
	for range n {
		var r result
		select {
		case r = <-results:
		case <-time.After(longWait):
			t.Fatalf("deadlock among %d transactions not resolved", n)
		}
		if r.err != nil {
			victims++
			wantErr(t, r.err, kv.ErrDeadlock, pgerror.DeadlockDetected)
			msg := pgerror.Flatten(r.err)
			if msg.Message != "deadlock detected" || strings.Count(msg.Detail, "\n") != n-1 ||
				!strings.Contains(msg.Detail, "Process 10") {
				t.Fatalf("deadlock error: %q detail %q", msg.Message, msg.Detail)
			}
		} else {
			commit(t, txs[r.i])
		}
	}
	if victims != 1 {
		t.Fatalf("%d victims, want 1", victims)
	}
}

func testDeadlock2(t *testing.T, db kv.DB) {
	runCycle(t, db, 2, kv.LockAccessExclusive, kv.LockAccessExclusive)
}

func testDeadlock3(t *testing.T, db kv.DB) {
	runCycle(t, db, 3, kv.LockExclusive, kv.LockExclusive)
}

// testDeadlockSharedLocks: two transactions share a lock and both try to
// upgrade it; one must lose. Also a deadlock through writes.
func testDeadlockSharedLocks(t *testing.T, db kv.DB) {
	runCycle(t, db, 2, kv.LockRowShare, kv.LockAccessExclusive)

	ctx := context.Background()
	a := begin(t, db, deadlockOpts(1))
	b := begin(t, db, deadlockOpts(2))
	mustLock(t, a, "s", kv.LockShare)
	mustLock(t, b, "s", kv.LockShare)
	ca := async(func() error { _, err := lock(a, "s", kv.LockExclusive, kv.Wait); return err })
	cb := async(func() error { _, err := lock(b, "s", kv.LockExclusive, kv.Wait); return err })
	var errA, errB error
	select {
	case errA = <-ca:
		_ = a.Rollback(ctx)
		errB = await(t, cb, "survivor")
	case errB = <-cb:
		_ = b.Rollback(ctx)
		errA = await(t, ca, "survivor")
	case <-time.After(longWait):
		t.Fatal("upgrade deadlock not resolved")
	}
	if (errA == nil) == (errB == nil) {
		t.Fatalf("want exactly one victim: %v / %v", errA, errB)
	}
	if errA != nil && !errors.Is(errA, kv.ErrDeadlock) || errB != nil && !errors.Is(errB, kv.ErrDeadlock) {
		t.Fatalf("errors: %v / %v", errA, errB)
	}
	_ = a.Rollback(ctx)
	_ = b.Rollback(ctx)
}
