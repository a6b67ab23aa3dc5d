package kvtest

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/pgerror"
)

func testBasic(t *testing.T, db kv.DB) {
	tx := begin(t, db, rc())
	wantGet(t, tx, "a", "<nil>")
	put(t, tx, "a", "1")
	put(t, tx, "", "empty key")
	put(t, tx, "b", "")
	commit(t, tx)

	tx = begin(t, db, rc())
	wantGet(t, tx, "a", "1")
	wantGet(t, tx, "", "empty key")
	v, ok, err := tx.Get(context.Background(), []byte("b"))
	if err != nil || !ok || len(v) != 0 {
		t.Fatalf("empty value: %q %v %v", v, ok, err)
	}
	put(t, tx, "a", "2")
	del(t, tx, "b")
	del(t, tx, "never existed")
	commit(t, tx)

	tx = begin(t, db, rc())
	defer rollback(t, tx)
	wantGet(t, tx, "a", "2")
	wantGet(t, tx, "b", "<nil>")
	wantGet(t, tx, "never existed", "<nil>")
	// The returned value belongs to the caller.
	v, _, _ = tx.Get(context.Background(), []byte("a"))
	v[0] = 'x'
	wantGet(t, tx, "a", "2")
	// The engine copies what it is given.
	k, val := []byte("c"), []byte("3")
	if err := tx.Put(context.Background(), k, val); err != nil {
		t.Fatal(err)
	}
	k[0], val[0] = 'z', '9'
	wantGet(t, tx, "c", "3")
	wantGet(t, tx, "z", "<nil>")
}

func testReadYourWrites(t *testing.T, db kv.DB) {
	seed(t, db, "a", "old", "b", "old")
	for _, opts := range []kv.TxnOptions{rc(), rr(), ser()} {
		tx := begin(t, db, opts)
		put(t, tx, "a", "new")
		wantGet(t, tx, "a", "new")
		put(t, tx, "a", "newer")
		wantGet(t, tx, "a", "newer")
		del(t, tx, "b")
		wantGet(t, tx, "b", "<nil>")
		put(t, tx, "b", "back")
		wantGet(t, tx, "b", "back")
		put(t, tx, "c", "fresh")
		if got := scanAll(t, tx, nil, nil, false); got != "a=newer b=back c=fresh" {
			t.Fatalf("%v: scan = %q", opts.Isolation, got)
		}
		rollback(t, tx)
	}
	tx := begin(t, db, rc())
	defer rollback(t, tx)
	if got := scanAll(t, tx, nil, nil, false); got != "a=old b=old" {
		t.Fatalf("after rollbacks: %q", got)
	}
}

func testSnapshotReads(t *testing.T, db kv.DB) {
	seed(t, db, "a", "1", "b", "1")
	for _, opts := range []kv.TxnOptions{rc(), rr(), ser()} {
		reader := begin(t, db, opts)
		wantGet(t, reader, "a", "1")

		w := begin(t, db, rc())
		put(t, w, "a", "2")
		del(t, w, "b")
		put(t, w, "c", "2")
		// Uncommitted writes are invisible, and the reader does not wait.
		wantGet(t, reader, "a", "1")
		commit(t, w)

		// Committed after the snapshot: still invisible.
		wantGet(t, reader, "a", "1")
		wantGet(t, reader, "b", "1")
		wantGet(t, reader, "c", "<nil>")
		if got := scanAll(t, reader, nil, nil, false); got != "a=1 b=1" {
			t.Fatalf("%v: scan = %q", opts.Isolation, got)
		}
		if got := scanAll(t, reader, nil, nil, true); got != "b=1 a=1" {
			t.Fatalf("%v: reverse scan = %q", opts.Isolation, got)
		}
		rollback(t, reader)

		fresh := begin(t, db, opts)
		wantGet(t, fresh, "a", "2")
		wantGet(t, fresh, "b", "<nil>")
		wantGet(t, fresh, "c", "2")
		rollback(t, fresh)
		seed(t, db, "a", "1", "b", "1")
		tx := begin(t, db, rc())
		del(t, tx, "c")
		commit(t, tx)
	}
}

func testRefresh(t *testing.T, db kv.DB) {
	seed(t, db, "a", "1", "b", "1")
	tx := begin(t, db, rc())
	put(t, tx, "mine", "x")
	mustLock(t, tx, "locked", kv.LockAccessExclusive)

	w := begin(t, db, rc())
	put(t, w, "a", "2")
	commit(t, w)

	wantGet(t, tx, "a", "1")
	if err := tx.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	wantGet(t, tx, "a", "2")
	wantGet(t, tx, "mine", "x")
	// The lock survived the refresh.
	other := begin(t, db, rc())
	_, err := lock(other, "locked", kv.LockAccessShare, kv.NoWait)
	wantErr(t, err, kv.ErrLockNotAvailable, pgerror.LockNotAvailable)
	rollback(t, other)
	commit(t, tx)
}

func testRollback(t *testing.T, db kv.DB) {
	seed(t, db, "a", "1")
	tx := begin(t, db, rc())
	put(t, tx, "a", "2")
	put(t, tx, "b", "2")
	del(t, tx, "a")
	rollback(t, tx)
	tx = begin(t, db, rc())
	defer rollback(t, tx)
	wantGet(t, tx, "a", "1")
	wantGet(t, tx, "b", "<nil>")
}

func testTxnDone(t *testing.T, db kv.DB) {
	ctx := context.Background()
	for _, end := range []string{"commit", "rollback"} {
		tx := begin(t, db, rc())
		put(t, tx, "a", "1")
		if end == "commit" {
			commit(t, tx)
		} else {
			rollback(t, tx)
		}
		if _, _, err := tx.Get(ctx, []byte("a")); !errors.Is(err, kv.ErrTxnDone) {
			t.Fatalf("%s: get after end: %v", end, err)
		}
		if err := tx.Put(ctx, []byte("a"), nil); !errors.Is(err, kv.ErrTxnDone) {
			t.Fatalf("%s: put after end: %v", end, err)
		}
		if err := tx.Commit(ctx); !errors.Is(err, kv.ErrTxnDone) {
			t.Fatalf("%s: commit after end: %v", end, err)
		}
		if err := tx.Rollback(ctx); err != nil {
			t.Fatalf("%s: rollback after end: %v", end, err)
		}
	}
}

func testReadOnly(t *testing.T, db kv.DB) {
	seed(t, db, "a", "1")
	ctx := context.Background()
	tx := begin(t, db, kv.TxnOptions{ReadOnly: true})
	wantGet(t, tx, "a", "1")
	wantErr(t, tx.Put(ctx, []byte("a"), []byte("2")), kv.ErrReadOnly, pgerror.ReadOnlySQLTransaction)
	wantErr(t, tx.Delete(ctx, []byte("a")), kv.ErrReadOnly, pgerror.ReadOnlySQLTransaction)
	wantErr(t, tx.DeleteRange(ctx, nil, nil), kv.ErrReadOnly, pgerror.ReadOnlySQLTransaction)
	_, err := lock(tx, "a", kv.LockExclusive, kv.Wait)
	wantErr(t, err, kv.ErrReadOnly, pgerror.ReadOnlySQLTransaction)
	// Shared locks are allowed (SELECT FOR SHARE, table locks of readers).
	mustLock(t, tx, "a", kv.LockRowShare)
	mustLock(t, tx, "a", kv.LockAccessShare)
	commit(t, tx)
	tx = begin(t, db, rc())
	defer rollback(t, tx)
	wantGet(t, tx, "a", "1")
}

func testDeleteRange(t *testing.T, db kv.DB) {
	ctx := context.Background()
	seed(t, db, "a", "1", "b", "1", "b1", "1", "b2", "1", "c", "1")
	tx := begin(t, db, rc())
	put(t, tx, "b3", "own")
	if err := tx.DeleteRange(ctx, []byte("b"), []byte("c")); err != nil {
		t.Fatal(err)
	}
	if got := scanAll(t, tx, nil, nil, false); got != "a=1 c=1" {
		t.Fatalf("after DeleteRange: %q", got)
	}
	put(t, tx, "b1", "again")
	commit(t, tx)
	tx = begin(t, db, rc())
	if got := scanAll(t, tx, nil, nil, false); got != "a=1 b1=again c=1" {
		t.Fatalf("committed: %q", got)
	}
	if err := tx.DeleteRange(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	commit(t, tx)
	tx = begin(t, db, rc())
	defer rollback(t, tx)
	if got := scanAll(t, tx, nil, nil, false); got != "" {
		t.Fatalf("after deleting everything: %q", got)
	}
}

func testLargeValues(t *testing.T, db kv.DB) {
	sizes := []int{1 << 20, 4 << 20, 16 << 20}
	vals := make([][]byte, len(sizes))
	tx := begin(t, db, rc())
	for i, n := range sizes {
		v := make([]byte, n)
		for j := range v {
			v[j] = byte(j*7 + i)
		}
		vals[i] = v
		if err := tx.Put(context.Background(), []byte(key(i)), v); err != nil {
			t.Fatal(err)
		}
	}
	commit(t, tx)
	tx = begin(t, db, rc())
	defer rollback(t, tx)
	for i := range sizes {
		got, ok, err := tx.Get(context.Background(), []byte(key(i)))
		if err != nil || !ok || !bytes.Equal(got, vals[i]) {
			t.Fatalf("value %d: len %d ok %v err %v", i, len(got), ok, err)
		}
	}
	for _, reverse := range []bool{false, true} {
		it, err := tx.Scan(context.Background(), nil, nil, reverse)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for it.Next() {
			i := n
			if reverse {
				i = len(sizes) - 1 - n
			}
			if string(it.Key()) != key(i) || !bytes.Equal(it.Value(), vals[i]) {
				t.Fatalf("scan (reverse=%v) item %d: key %q len %d", reverse, n, it.Key(), len(it.Value()))
			}
			n++
		}
		if err := it.Close(); err != nil || n != len(sizes) {
			t.Fatalf("scan: %d items, %v", n, err)
		}
	}
}
