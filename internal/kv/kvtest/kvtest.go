package kvtest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// Opener returns a fresh, empty engine for one test. Run closes it when the
// test ends.
type Opener func(t *testing.T) kv.DB

// Run runs the conformance suite against the engines open returns.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, db kv.DB)
	}{
		{"Basic", testBasic},
		{"ReadYourWrites", testReadYourWrites},
		{"SnapshotReads", testSnapshotReads},
		{"Refresh", testRefresh},
		{"Rollback", testRollback},
		{"TxnDone", testTxnDone},
		{"ReadOnly", testReadOnly},
		{"IterationOrder", testIterationOrder},
		{"IterationVersions", testIterationVersions},
		{"IteratorIgnoresLaterWrites", testIteratorIgnoresLaterWrites},
		{"LongScan", testLongScan},
		{"ScanCancel", testScanCancel},
		{"DeleteRange", testDeleteRange},
		{"LargeValues", testLargeValues},
		{"WriteConflictReadCommitted", testWriteConflictReadCommitted},
		{"WriteConflictRepeatableRead", testWriteConflictRepeatableRead},
		{"LockingRead", testLockingRead},
		{"LockingReadWaits", testLockingReadWaits},
		{"LockModeMatrix", testLockModeMatrix},
		{"WritesTakeLocks", testWritesTakeLocks},
		{"LockUpgrade", testLockUpgrade},
		{"LockQueueFairness", testLockQueueFairness},
		{"LockTimeout", testLockTimeout},
		{"NoWait", testNoWait},
		{"SkipLocked", testSkipLocked},
		{"CancelWait", testCancelWait},
		{"Deadlock2", testDeadlock2},
		{"Deadlock3", testDeadlock3},
		{"DeadlockSharedLocks", testDeadlockSharedLocks},
		{"Savepoints", testSavepoints},
		{"SavepointLocks", testSavepointLocks},
		{"SavepointAfterError", testSavepointAfterError},
		{"SerializableWriteSkew", testSerializableWriteSkew},
		{"SerializableReadOnly", testSerializableReadOnly},
		{"SerializablePhantom", testSerializablePhantom},
		{"SerializableNoFalseConflict", testSerializableNoFalseConflict},
		{"LostUpdate", testLostUpdate},
		{"Bank", testBank},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := open(t)
			t.Cleanup(func() {
				if err := db.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			})
			tc.fn(t, db)
		})
	}
}

// shortWait bounds how long a test watches for something that must not
// happen (a blocked lock request completing).
const shortWait = 30 * time.Millisecond

// longWait bounds how long a test waits for something that must happen.
const longWait = 10 * time.Second

func begin(t testing.TB, db kv.DB, opts kv.TxnOptions) kv.Txn {
	t.Helper()
	tx, err := db.Begin(context.Background(), opts)
	if err != nil {
		t.Fatalf("begin: %v", err)
	}
	return tx
}

func rc() kv.TxnOptions { return kv.TxnOptions{} }
func rr() kv.TxnOptions { return kv.TxnOptions{Isolation: kv.RepeatableRead} }
func ser() kv.TxnOptions {
	return kv.TxnOptions{Isolation: kv.Serializable}
}

func put(t testing.TB, tx kv.Txn, k, v string) {
	t.Helper()
	if err := tx.Put(context.Background(), []byte(k), []byte(v)); err != nil {
		t.Fatalf("put %q: %v", k, err)
	}
}

func del(t testing.TB, tx kv.Txn, k string) {
	t.Helper()
	if err := tx.Delete(context.Background(), []byte(k)); err != nil {
		t.Fatalf("delete %q: %v", k, err)
	}
}

// get returns the value of k, or "<nil>" when it is absent.
func get(t testing.TB, tx kv.Txn, k string) string {
	t.Helper()
	v, ok, err := tx.Get(context.Background(), []byte(k))
	if err != nil {
		t.Fatalf("get %q: %v", k, err)
	}
	if !ok {
		return "<nil>"
	}
	return string(v)
}

func wantGet(t testing.TB, tx kv.Txn, k, want string) {
	t.Helper()
	if got := get(t, tx, k); got != want {
		t.Fatalf("get %q = %q, want %q", k, got, want)
	}
}

func commit(t testing.TB, tx kv.Txn) {
	t.Helper()
	if err := tx.Commit(context.Background()); err != nil {
		t.Fatalf("commit: %v", err)
	}
}

func rollback(t testing.TB, tx kv.Txn) {
	t.Helper()
	if err := tx.Rollback(context.Background()); err != nil {
		t.Fatalf("rollback: %v", err)
	}
}

// seed commits the given key/value pairs.
func seed(t testing.TB, db kv.DB, kvs ...string) {
	t.Helper()
	tx := begin(t, db, rc())
	for i := 0; i+1 < len(kvs); i += 2 {
		put(t, tx, kvs[i], kvs[i+1])
	}
	commit(t, tx)
}

func lock(tx kv.Txn, k string, mode kv.LockMode, wait kv.WaitPolicy) (kv.LockResult, error) {
	return tx.Lock(context.Background(), []byte(k), kv.LockOptions{Mode: mode, Wait: wait, Object: `row in relation "t"`})
}

func mustLock(t testing.TB, tx kv.Txn, k string, mode kv.LockMode) kv.LockResult {
	t.Helper()
	r, err := lock(tx, k, mode, kv.Wait)
	if err != nil {
		t.Fatalf("lock %q in %v: %v", k, mode, err)
	}
	return r
}

// wantErr checks that err wraps sentinel and carries code.
func wantErr(t testing.TB, err, sentinel error, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v (%s)", sentinel, code)
	}
	if !errors.Is(err, sentinel) {
		t.Fatalf("got %v, want errors.Is %v", err, sentinel)
	}
	if got := pgerror.Code(err); got != code {
		t.Fatalf("got SQLSTATE %s (%v), want %s", got, err, code)
	}
}

// async runs fn in a goroutine and returns a channel with its error.
func async(fn func() error) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- fn() }()
	return ch
}

// blocked checks that ch yields nothing for a short while.
func blocked(t testing.TB, ch <-chan error, what string) {
	t.Helper()
	select {
	case err := <-ch:
		t.Fatalf("%s: completed (err=%v), want it blocked", what, err)
	case <-time.After(shortWait):
	}
}

// await returns the result from ch, failing if it takes too long.
func await(t testing.TB, ch <-chan error, what string) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(longWait):
		t.Fatalf("%s: still blocked after %v", what, longWait)
		return nil
	}
}

func key(i int) string { return fmt.Sprintf("k%06d", i) }
