package pebblekv

import (
	"context"
	"errors"
	"testing"

	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// Hot keys (table locks) skip reading the key for weak modes while no
// transaction asks for a strong one; the conflicts must stay exactly those
// of any other key.
func TestHotLockConflicts(t *testing.T) {
	ctx := context.Background()
	db := openMem(t, Options{})
	key := []byte("\x00Ltable")
	begin := func() kv.Txn {
		t.Helper()
		tx, err := db.Begin(ctx, kv.TxnOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	lock := func(tx kv.Txn, mode kv.LockMode) error {
		_, err := tx.Lock(ctx, key, kv.LockOptions{Mode: mode, Wait: kv.NoWait, Object: "relation", Relation: "t", Hot: true})
		return err
	}
	mustLock := func(tx kv.Txn, mode kv.LockMode) {
		t.Helper()
		if err := lock(tx, mode); err != nil {
			t.Fatalf("%v: %v", mode, err)
		}
	}
	mustConflict := func(tx kv.Txn, mode kv.LockMode) {
		t.Helper()
		err := lock(tx, mode)
		if !errors.Is(err, kv.ErrLockNotAvailable) {
			t.Fatalf("%v: got %v, want lock not available", mode, err)
		}
		var pe *pgerror.Error
		if want := `could not obtain lock on relation "t"`; !errors.As(err, &pe) || pe.Message != want {
			t.Fatalf("error %v, want message %q", err, want)
		}
	}
	strong := func() int32 { return db.locks.shard(key).strong.Load() }

	// Weak holders block a strong request; weak modes share.
	r1, r2 := begin(), begin()
	mustLock(r1, kv.LockAccessShare)
	mustLock(r2, kv.LockRowExclusive)
	w := begin()
	mustConflict(w, kv.LockAccessExclusive)
	mustConflict(w, kv.LockShare) // conflicts with ROW EXCLUSIVE, lives in memory
	if err := r1.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := r2.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if n := strong(); n != 0 {
		t.Fatalf("strong count %d after the strong requester ended", n)
	}

	// A strong holder (in the LSM) blocks the weak modes, which then read
	// the key; after it ends they no longer do.
	s := begin()
	mustLock(s, kv.LockAccessExclusive)
	if n := strong(); n != 1 {
		t.Fatalf("strong count %d while held", n)
	}
	r := begin()
	mustConflict(r, kv.LockAccessShare)
	// The holder itself may take any weaker mode.
	mustLock(s, kv.LockAccessShare)
	if err := s.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	mustLock(r, kv.LockAccessShare)
	if err := r.Commit(ctx); err != nil {
		t.Fatal(err)
	}

	// A weak lock rolled back to a savepoint is gone; one taken before the
	// savepoint stays.
	a := begin()
	sp, err := a.Savepoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mustLock(a, kv.LockRowExclusive)
	if err := a.RollbackTo(ctx, sp); err != nil {
		t.Fatal(err)
	}
	b := begin()
	mustLock(b, kv.LockAccessExclusive)
	if err := b.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	mustLock(a, kv.LockAccessShare)
	if _, err := a.Savepoint(ctx); err != nil {
		t.Fatal(err)
	}
	c := begin()
	mustConflict(c, kv.LockAccessExclusive)
	if err := a.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	mustLock(c, kv.LockAccessExclusive)
	if err := c.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if n := strong(); n != 0 {
		t.Fatalf("strong count %d at the end", n)
	}
}

// A waiting weak request on a hot key is granted when the strong holder
// commits.
func TestHotLockWaitsForStrongHolder(t *testing.T) {
	ctx := context.Background()
	waiting := make(chan struct{})
	db := openMem(t, Options{TestingLockWait: func([]byte) { close(waiting) }})
	key := []byte("\x00Ltable")
	s, _ := db.Begin(ctx, kv.TxnOptions{})
	if _, err := s.Lock(ctx, key, kv.LockOptions{Mode: kv.LockAccessExclusive, Hot: true}); err != nil {
		t.Fatal(err)
	}
	r, _ := db.Begin(ctx, kv.TxnOptions{})
	done := make(chan error, 1)
	go func() {
		_, err := r.Lock(ctx, key, kv.LockOptions{Mode: kv.LockAccessShare, Hot: true})
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("weak lock granted while ACCESS EXCLUSIVE is held (err %v)", err)
	case <-waiting:
	}
	if err := s.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	r.Rollback(ctx)
}
