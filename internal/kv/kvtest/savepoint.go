package kvtest

import (
	"context"
	"errors"
	"testing"

	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/pgerror"
)

func savepoint(t testing.TB, tx kv.Txn) kv.Savepoint {
	t.Helper()
	sp, err := tx.Savepoint(context.Background())
	if err != nil {
		t.Fatalf("savepoint: %v", err)
	}
	return sp
}

func rollbackTo(t testing.TB, tx kv.Txn, sp kv.Savepoint) {
	t.Helper()
	if err := tx.RollbackTo(context.Background(), sp); err != nil {
		t.Fatalf("rollback to savepoint: %v", err)
	}
}

func testSavepoints(t *testing.T, db kv.DB) {
	ctx := context.Background()
	seed(t, db, "base", "0")
	tx := begin(t, db, rc())
	put(t, tx, "a", "1")
	sp1 := savepoint(t, tx)
	put(t, tx, "b", "1")
	put(t, tx, "base", "changed")
	sp2 := savepoint(t, tx)
	put(t, tx, "c", "1")
	del(t, tx, "a")
	rollbackTo(t, tx, sp2)
	if got := scanAll(t, tx, nil, nil, false); got != "a=1 b=1 base=changed" {
		t.Fatalf("after rollback to sp2: %q", got)
	}
	// sp2 survives its rollback.
	put(t, tx, "d", "1")
	rollbackTo(t, tx, sp2)
	wantGet(t, tx, "d", "<nil>")
	put(t, tx, "d", "2")
	rollbackTo(t, tx, sp1)
	if got := scanAll(t, tx, nil, nil, false); got != "a=1 base=0" {
		t.Fatalf("after rollback to sp1: %q", got)
	}
	// sp2 went with the rollback to sp1.
	if err := tx.RollbackTo(ctx, sp2); !errors.Is(err, kv.ErrInvalidSavepoint) {
		t.Fatalf("rollback to a discarded savepoint: %v", err)
	}
	// Nested savepoints released into their parent keep their writes and
	// roll back with it.
	put(t, tx, "e", "1")
	sp3 := savepoint(t, tx)
	put(t, tx, "f", "1")
	sp4 := savepoint(t, tx)
	put(t, tx, "g", "1")
	if err := tx.Release(ctx, sp3); err != nil {
		t.Fatal(err)
	}
	if err := tx.Release(ctx, sp4); !errors.Is(err, kv.ErrInvalidSavepoint) {
		t.Fatalf("release of a released savepoint: %v", err)
	}
	if got := scanAll(t, tx, nil, nil, false); got != "a=1 base=0 e=1 f=1 g=1" {
		t.Fatalf("after release: %q", got)
	}
	rollbackTo(t, tx, sp1)
	if got := scanAll(t, tx, nil, nil, false); got != "a=1 base=0" {
		t.Fatalf("after rolling back released savepoints: %q", got)
	}
	sp5 := savepoint(t, tx)
	put(t, tx, "h", "1")
	if err := tx.Release(ctx, sp5); err != nil {
		t.Fatal(err)
	}
	if err := tx.Release(ctx, sp1); err != nil {
		t.Fatal(err)
	}
	commit(t, tx)
	tx = begin(t, db, rc())
	defer rollback(t, tx)
	if got := scanAll(t, tx, nil, nil, false); got != "a=1 base=0 h=1" {
		t.Fatalf("committed: %q", got)
	}
}

// testSavepointLocks: locks taken after a savepoint are released when it
// is rolled back to; locks held before it stay, in their earlier mode, as
// PostgreSQL does for subtransactions.
func testSavepointLocks(t *testing.T, db kv.DB) {
	seed(t, db, "r1", "v", "r2", "v", "r3", "v")
	tx := begin(t, db, rc())
	mustLock(t, tx, "r2", kv.LockRowShare) // FOR SHARE before the savepoint
	sp := savepoint(t, tx)
	mustLock(t, tx, "r1", kv.LockAccessExclusive) // FOR UPDATE
	put(t, tx, "r2", "upgraded")                  // upgrades to an exclusive lock
	put(t, tx, "r3", "w")
	mustLock(t, tx, "table", kv.LockShare)

	probe := func(k string, mode kv.LockMode) error {
		o := begin(t, db, rc())
		defer rollback(t, o)
		_, err := lock(o, k, mode, kv.NoWait)
		return err
	}
	for _, k := range []string{"r1", "r2", "r3"} {
		wantErr(t, probe(k, kv.LockRowShare), kv.ErrLockNotAvailable, pgerror.LockNotAvailable)
	}
	wantErr(t, probe("table", kv.LockRowExclusive), kv.ErrLockNotAvailable, pgerror.LockNotAvailable)

	rollbackTo(t, tx, sp)
	if err := probe("r1", kv.LockAccessExclusive); err != nil {
		t.Fatalf("lock taken after the savepoint survived: %v", err)
	}
	if err := probe("r3", kv.LockAccessExclusive); err != nil {
		t.Fatalf("write lock taken after the savepoint survived: %v", err)
	}
	if err := probe("table", kv.LockAccessExclusive); err != nil {
		t.Fatalf("shared lock taken after the savepoint survived: %v", err)
	}
	// r2 is still held FOR SHARE: another FOR SHARE is fine, an update is
	// not.
	if err := probe("r2", kv.LockRowShare); err != nil {
		t.Fatalf("FOR SHARE against the surviving FOR SHARE: %v", err)
	}
	wantErr(t, probe("r2", kv.LockExclusive), kv.ErrLockNotAvailable, pgerror.LockNotAvailable)
	wantGet(t, tx, "r2", "v")

	// A waiter blocked on a lock taken after a savepoint wakes when the
	// savepoint is rolled back to.
	sp = savepoint(t, tx)
	mustLock(t, tx, "r1", kv.LockAccessExclusive)
	w := begin(t, db, rc())
	ch := async(func() error { _, err := lock(w, "r1", kv.LockAccessExclusive, kv.Wait); return err })
	blocked(t, ch, "waiter")
	rollbackTo(t, tx, sp)
	if err := await(t, ch, "waiter"); err != nil {
		t.Fatal(err)
	}
	commit(t, w)
	// Released savepoints keep their locks until the end.
	sp = savepoint(t, tx)
	mustLock(t, tx, "r3", kv.LockAccessExclusive)
	if err := tx.Release(context.Background(), sp); err != nil {
		t.Fatal(err)
	}
	wantErr(t, probe("r3", kv.LockAccessShare), kv.ErrLockNotAvailable, pgerror.LockNotAvailable)
	commit(t, tx)
	if err := probe("r3", kv.LockAccessExclusive); err != nil {
		t.Fatalf("after commit: %v", err)
	}
}

// testSavepointAfterError: a failed lock or write inside a savepoint does
// not disturb the transaction; rolling back to the savepoint recovers.
func testSavepointAfterError(t *testing.T, db kv.DB) {
	ctx := context.Background()
	seed(t, db, "k", "v")
	h := begin(t, db, rc())
	put(t, h, "k", "held")
	defer rollback(t, h)

	tx := begin(t, db, kv.TxnOptions{LockTimeout: 10_000_000}) // 10ms
	put(t, tx, "before", "1")
	sp := savepoint(t, tx)
	put(t, tx, "inside", "1")
	if _, err := lock(tx, "k", kv.LockAccessExclusive, kv.NoWait); !errors.Is(err, kv.ErrLockNotAvailable) {
		t.Fatalf("want lock not available, got %v", err)
	}
	if err := tx.Put(ctx, []byte("k"), []byte("x")); !errors.Is(err, kv.ErrLockTimeout) {
		t.Fatalf("want lock timeout, got %v", err)
	}
	rollbackTo(t, tx, sp)
	put(t, tx, "after", "1")
	commit(t, tx)
	tx = begin(t, db, rc())
	defer rollback(t, tx)
	if got := scanAll(t, tx, []byte("a"), []byte("c"), false); got != "after=1 before=1" {
		t.Fatalf("committed: %q", got)
	}
}
