package kvtest

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// sumRange adds up the integer values in [start, end).
func sumRange(t testing.TB, tx kv.Txn, start, end string) int {
	t.Helper()
	it, err := tx.Scan(context.Background(), []byte(start), []byte(end), false)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for it.Next() {
		n, err := strconv.Atoi(string(it.Value()))
		if err != nil {
			t.Fatal(err)
		}
		sum += n
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	return sum
}

// testSerializableWriteSkew is PostgreSQL's example from the docs, section
// 13.2.3: each transaction sums one class and inserts into the other.
func testSerializableWriteSkew(t *testing.T, db kv.DB) {
	seed(t, db, "class1/a", "10", "class1/b", "20", "class2/a", "100", "class2/b", "200")
	t1 := begin(t, db, ser())
	t2 := begin(t, db, ser())
	s1 := sumRange(t, t1, "class1/", "class10")
	s2 := sumRange(t, t2, "class2/", "class20")
	put(t, t1, "class2/c", strconv.Itoa(s1))
	put(t, t2, "class1/c", strconv.Itoa(s2))
	commit(t, t1)
	err := t2.Commit(context.Background())
	wantErr(t, err, kv.ErrSerializationFailure, pgerror.SerializationFailure)
	if !strings.Contains(err.Error(), kv.MsgReadWriteDependencies) {
		t.Fatalf("message: %v", err)
	}
	tx := begin(t, db, rc())
	defer rollback(t, tx)
	if got := scanAll(t, tx, nil, nil, false); got != "class1/a=10 class1/b=20 class2/a=100 class2/b=200 class2/c=30" {
		t.Fatalf("after: %q", got)
	}
}

// testSerializableReadOnly: a read-only serializable transaction is never
// failed, even when everything it read changes before it ends.
func testSerializableReadOnly(t *testing.T, db kv.DB) {
	seed(t, db, "a", "1", "b", "1")
	r := begin(t, db, kv.TxnOptions{Isolation: kv.Serializable, ReadOnly: true})
	wantGet(t, r, "a", "1")
	_ = sumRange(t, r, "a", "c")
	w := begin(t, db, ser())
	put(t, w, "a", "2")
	put(t, w, "b", "2")
	commit(t, w)
	wantGet(t, r, "b", "1")
	commit(t, r)
	// Nor is one that was not declared read-only but wrote nothing.
	r = begin(t, db, ser())
	wantGet(t, r, "a", "2")
	w = begin(t, db, ser())
	put(t, w, "a", "3")
	commit(t, w)
	commit(t, r)
}

// testSerializablePhantom: a key inserted into a range a transaction
// scanned is a conflict, as is one deleted from it.
func testSerializablePhantom(t *testing.T, db kv.DB) {
	seed(t, db, "p/1", "1", "q", "0")
	for _, change := range []string{"insert", "delete", "point"} {
		t1 := begin(t, db, ser())
		if change == "point" {
			wantGet(t, t1, "p/1", "1")
		} else {
			_ = sumRange(t, t1, "p/", "p0")
		}
		put(t, t1, "q", change)
		t2 := begin(t, db, ser())
		switch change {
		case "insert":
			put(t, t2, "p/2", "2")
		case "delete", "point":
			del(t, t2, "p/1")
		}
		commit(t, t2)
		wantErr(t, t1.Commit(context.Background()), kv.ErrSerializationFailure, pgerror.SerializationFailure)
		seed(t, db, "p/1", "1")
		tx := begin(t, db, rc())
		del(t, tx, "p/2")
		commit(t, tx)
	}
}

// testSerializableNoFalseConflict: writes outside what a transaction read,
// or committed before its snapshot, do not fail it.
func testSerializableNoFalseConflict(t *testing.T, db kv.DB) {
	seed(t, db, "x/1", "1", "y/1", "1")
	w := begin(t, db, ser())
	put(t, w, "x/2", "2")
	commit(t, w)
	t1 := begin(t, db, ser())
	_ = sumRange(t, t1, "x/", "x0")
	wantGet(t, t1, "y/1", "1")
	t2 := begin(t, db, ser())
	put(t, t2, "z", "1")
	put(t, t2, "y/2", "1")
	commit(t, t2)
	put(t, t1, "x/3", "3")
	commit(t, t1)
}

// testLostUpdate: read-modify-write through locking reads at READ
// COMMITTED loses no increments.
func testLostUpdate(t *testing.T, db kv.DB) {
	seed(t, db, "counter", "0")
	const workers, each = 8, 25
	errs := make(chan error, workers)
	for range workers {
		go func() {
			ctx := context.Background()
			for range each {
				tx, err := db.Begin(ctx, rc())
				if err != nil {
					errs <- err
					return
				}
				r, err := tx.Lock(ctx, []byte("counter"), kv.LockOptions{Mode: kv.LockExclusive})
				if err != nil {
					errs <- err
					return
				}
				n, _ := strconv.Atoi(string(r.Value))
				if err := tx.Put(ctx, []byte("counter"), []byte(strconv.Itoa(n+1))); err != nil {
					errs <- err
					return
				}
				if err := tx.Commit(ctx); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := await(t, errs, "worker"); err != nil {
			t.Fatal(err)
		}
	}
	tx := begin(t, db, rc())
	defer rollback(t, tx)
	wantGet(t, tx, "counter", strconv.Itoa(workers*each))
}
