package kvtest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/pgerror"
)

func testWriteConflictReadCommitted(t *testing.T, db kv.DB) {
	seed(t, db, "k", "0")
	t1 := begin(t, db, rc())
	t2 := begin(t, db, rc())
	put(t, t1, "k", "1")
	ch := async(func() error { return t2.Put(context.Background(), []byte("k"), []byte("2")) })
	blocked(t, ch, "second writer")
	commit(t, t1)
	if err := await(t, ch, "second writer"); err != nil {
		t.Fatalf("read committed overwrite: %v", err)
	}
	commit(t, t2)
	tx := begin(t, db, rc())
	defer rollback(t, tx)
	wantGet(t, tx, "k", "2")
}

func testWriteConflictRepeatableRead(t *testing.T, db kv.DB) {
	ctx := context.Background()
	for _, iso := range []kv.TxnOptions{rr(), ser()} {
		seed(t, db, "k", "0", "d", "0")
		// Committed before the write: first committer wins.
		t1 := begin(t, db, iso)
		t2 := begin(t, db, iso)
		put(t, t1, "k", "1")
		del(t, t1, "d")
		commit(t, t1)
		wantErr(t, t2.Put(ctx, []byte("k"), []byte("2")), kv.ErrSerializationFailure, pgerror.SerializationFailure)
		err := t2.Put(ctx, []byte("d"), []byte("2"))
		wantErr(t, err, kv.ErrSerializationFailure, pgerror.SerializationFailure)
		if !strings.Contains(err.Error(), kv.MsgConcurrentDelete) {
			t.Fatalf("write over a concurrent delete: %v", err)
		}
		rollback(t, t2)

		// Committed while the write waits.
		t1 = begin(t, db, iso)
		t2 = begin(t, db, iso)
		put(t, t1, "k", "3")
		ch := async(func() error { return t2.Put(ctx, []byte("k"), []byte("4")) })
		blocked(t, ch, "second writer")
		commit(t, t1)
		err = await(t, ch, "second writer")
		wantErr(t, err, kv.ErrSerializationFailure, pgerror.SerializationFailure)
		if !strings.Contains(err.Error(), kv.MsgConcurrentUpdate) {
			t.Fatalf("message: %v", err)
		}
		rollback(t, t2)

		// Aborted while the write waits: the write succeeds.
		t1 = begin(t, db, iso)
		t2 = begin(t, db, iso)
		put(t, t1, "k", "5")
		ch = async(func() error { return t2.Put(ctx, []byte("k"), []byte("6")) })
		blocked(t, ch, "second writer")
		rollback(t, t1)
		if err := await(t, ch, "second writer"); err != nil {
			t.Fatalf("after the holder aborted: %v", err)
		}
		commit(t, t2)
		tx := begin(t, db, rc())
		wantGet(t, tx, "k", "6")
		rollback(t, tx)
	}
}

func testLockingRead(t *testing.T, db kv.DB) {
	seed(t, db, "k", "1")
	tx := begin(t, db, rr())
	wantGet(t, tx, "k", "1")
	w := begin(t, db, rc())
	put(t, w, "k", "2")
	commit(t, w)

	r := mustLock(t, tx, "k", kv.LockAccessExclusive)
	if !r.Found || string(r.Value) != "2" || !r.Newer {
		t.Fatalf("locking read after concurrent update: %+v", r)
	}
	// The snapshot read is unchanged.
	wantGet(t, tx, "k", "1")
	r = mustLock(t, tx, "missing", kv.LockAccessExclusive)
	if r.Found || r.Newer {
		t.Fatalf("missing key: %+v", r)
	}
	rollback(t, tx)

	tx = begin(t, db, rc())
	r = mustLock(t, tx, "k", kv.LockRowShare)
	if !r.Found || string(r.Value) != "2" || r.Newer {
		t.Fatalf("unchanged key: %+v", r)
	}
	put(t, tx, "k", "own")
	r = mustLock(t, tx, "k", kv.LockAccessExclusive)
	if !r.Found || string(r.Value) != "own" || r.Newer {
		t.Fatalf("own write: %+v", r)
	}
	del(t, tx, "k")
	r = mustLock(t, tx, "k", kv.LockExclusive)
	if r.Found {
		t.Fatalf("own delete: %+v", r)
	}
	rollback(t, tx)

	// A concurrent delete.
	tx = begin(t, db, rc())
	w = begin(t, db, rc())
	del(t, w, "k")
	commit(t, w)
	r = mustLock(t, tx, "k", kv.LockExclusive)
	if r.Found || !r.Newer {
		t.Fatalf("concurrently deleted: %+v", r)
	}
	rollback(t, tx)
}

func testLockingReadWaits(t *testing.T, db kv.DB) {
	seed(t, db, "k", "1")
	for _, outcome := range []string{"commit", "rollback"} {
		holder := begin(t, db, rc())
		mustLock(t, holder, "k", kv.LockExclusive)
		put(t, holder, "k", "2")
		waiter := begin(t, db, rc())
		var res kv.LockResult
		ch := async(func() (err error) {
			res, err = lock(waiter, "k", kv.LockExclusive, kv.Wait)
			return err
		})
		blocked(t, ch, "locking read")
		if outcome == "commit" {
			commit(t, holder)
		} else {
			rollback(t, holder)
		}
		if err := await(t, ch, "locking read"); err != nil {
			t.Fatal(err)
		}
		want, newer := "2", true
		if outcome == "rollback" {
			want, newer = "1", false
		}
		if !res.Found || string(res.Value) != want || res.Newer != newer {
			t.Fatalf("after holder %s: %+v", outcome, res)
		}
		rollback(t, waiter)
		seed(t, db, "k", "1")
	}
}

var allModes = []kv.LockMode{
	kv.LockAccessShare, kv.LockRowShare, kv.LockRowExclusive, kv.LockShareUpdateExclusive,
	kv.LockShare, kv.LockShareRowExclusive, kv.LockExclusive, kv.LockAccessExclusive,
}

// pgConflicts is PostgreSQL's table of conflicting lock modes (docs,
// Table 13.2), written out independently of package kv's.
var pgConflicts = map[kv.LockMode]string{
	kv.LockAccessShare:          "-------X",
	kv.LockRowShare:             "------XX",
	kv.LockRowExclusive:         "----XXXX",
	kv.LockShareUpdateExclusive: "---XXXXX",
	kv.LockShare:                "--XX-XXX",
	kv.LockShareRowExclusive:    "--XXXXXX",
	kv.LockExclusive:            "-XXXXXXX",
	kv.LockAccessExclusive:      "XXXXXXXX",
}

func testLockModeMatrix(t *testing.T, db kv.DB) {
	seed(t, db, "k", "v")
	for _, held := range allModes {
		for j, req := range allModes {
			want := pgConflicts[held][j] == 'X'
			if req.Conflicts(held) != want {
				t.Fatalf("kv.LockMode.Conflicts(%v, %v) = %v", req, held, !want)
			}
			for _, k := range []string{"k", "absent"} {
				h := begin(t, db, rc())
				mustLock(t, h, k, held)
				o := begin(t, db, rc())
				_, err := lock(o, k, req, kv.NoWait)
				if want {
					wantErr(t, err, kv.ErrLockNotAvailable, pgerror.LockNotAvailable)
				} else if err != nil {
					t.Fatalf("%v held, %v requested on %q: %v", held, req, k, err)
				}
				r, err := lock(o, k, req, kv.SkipLocked)
				if err != nil || r.Skipped != want {
					t.Fatalf("skip locked, %v held, %v requested: %+v %v", held, req, r, err)
				}
				rollback(t, o)
				rollback(t, h)
			}
		}
	}
}

func testWritesTakeLocks(t *testing.T, db kv.DB) {
	seed(t, db, "k", "v")
	// Put holds LockExclusive (FOR NO KEY UPDATE): FOR KEY SHARE still
	// goes through, FOR SHARE does not.
	w := begin(t, db, rc())
	put(t, w, "k", "w")
	o := begin(t, db, rc())
	if _, err := lock(o, "k", kv.LockAccessShare, kv.NoWait); err != nil {
		t.Fatalf("key share against an update: %v", err)
	}
	_, err := lock(o, "k", kv.LockRowShare, kv.NoWait)
	wantErr(t, err, kv.ErrLockNotAvailable, pgerror.LockNotAvailable)
	rollback(t, o)
	rollback(t, w)
	// Delete holds LockAccessExclusive (FOR UPDATE).
	w = begin(t, db, rc())
	del(t, w, "k")
	o = begin(t, db, rc())
	_, err = lock(o, "k", kv.LockAccessShare, kv.NoWait)
	wantErr(t, err, kv.ErrLockNotAvailable, pgerror.LockNotAvailable)
	rollback(t, o)
	rollback(t, w)
	// A shared lock blocks writers until released.
	s := begin(t, db, rc())
	mustLock(t, s, "k", kv.LockRowShare)
	w = begin(t, db, rc())
	ch := async(func() error { return w.Put(context.Background(), []byte("k"), []byte("w")) })
	blocked(t, ch, "put against FOR SHARE")
	commit(t, s)
	if err := await(t, ch, "put"); err != nil {
		t.Fatal(err)
	}
	commit(t, w)
	// A key share lock does not block an update but blocks a delete.
	s = begin(t, db, rc())
	mustLock(t, s, "k", kv.LockAccessShare)
	w = begin(t, db, rc())
	put(t, w, "k", "again")
	ch = async(func() error { return w.Delete(context.Background(), []byte("k")) })
	blocked(t, ch, "delete against FOR KEY SHARE")
	rollback(t, s)
	if err := await(t, ch, "delete"); err != nil {
		t.Fatal(err)
	}
	commit(t, w)
}

func testLockUpgrade(t *testing.T, db kv.DB) {
	a := begin(t, db, rc())
	b := begin(t, db, rc())
	mustLock(t, a, "k", kv.LockRowShare)
	mustLock(t, b, "k", kv.LockRowShare)
	// a upgrades; it must wait for b's share lock.
	ch := async(func() error { _, err := lock(a, "k", kv.LockAccessExclusive, kv.Wait); return err })
	blocked(t, ch, "upgrade")
	rollback(t, b)
	if err := await(t, ch, "upgrade"); err != nil {
		t.Fatal(err)
	}
	c := begin(t, db, rc())
	_, err := lock(c, "k", kv.LockAccessShare, kv.NoWait)
	wantErr(t, err, kv.ErrLockNotAvailable, pgerror.LockNotAvailable)
	rollback(t, c)
	// Re-requesting a held or weaker mode does not wait.
	mustLock(t, a, "k", kv.LockRowShare)
	mustLock(t, a, "k", kv.LockExclusive)
	commit(t, a)
}

func testLockQueueFairness(t *testing.T, db kv.DB) {
	// A holds SHARE; B waits for EXCLUSIVE; C asks for SHARE, which A's
	// lock allows but B's queued request does not: C queues behind B.
	a := begin(t, db, rc())
	mustLock(t, a, "k", kv.LockRowShare)
	b := begin(t, db, rc())
	chB := async(func() error { _, err := lock(b, "k", kv.LockAccessExclusive, kv.Wait); return err })
	blocked(t, chB, "exclusive request")
	c := begin(t, db, rc())
	chC := async(func() error { _, err := lock(c, "k", kv.LockRowShare, kv.Wait); return err })
	blocked(t, chC, "share request behind a queued exclusive one")
	rollback(t, a)
	if err := await(t, chB, "exclusive request"); err != nil {
		t.Fatal(err)
	}
	blocked(t, chC, "share request while exclusive is held")
	commit(t, b)
	if err := await(t, chC, "share request"); err != nil {
		t.Fatal(err)
	}
	commit(t, c)
}

func testLockTimeout(t *testing.T, db kv.DB) {
	h := begin(t, db, rc())
	mustLock(t, h, "k", kv.LockAccessExclusive)
	defer rollback(t, h)

	w := begin(t, db, kv.TxnOptions{LockTimeout: 20 * time.Millisecond})
	start := time.Now()
	_, err := lock(w, "k", kv.LockAccessShare, kv.Wait)
	wantErr(t, err, kv.ErrLockTimeout, pgerror.LockNotAvailable)
	if d := time.Since(start); d < 20*time.Millisecond {
		t.Fatalf("timed out after %v, before the lock timeout", d)
	}
	if !strings.Contains(err.Error(), "canceling statement due to lock timeout") {
		t.Fatalf("message: %v", err)
	}
	// Writes honour it too, and the transaction stays usable.
	wantErr(t, w.Put(context.Background(), []byte("k"), nil), kv.ErrLockTimeout, pgerror.LockNotAvailable)
	put(t, w, "other", "x")
	// SET lock_timeout inside the transaction.
	w.SetLockTimeout(5 * time.Millisecond)
	_, err = lock(w, "k", kv.LockRowShare, kv.Wait)
	wantErr(t, err, kv.ErrLockTimeout, pgerror.LockNotAvailable)
	commit(t, w)
}

func testNoWait(t *testing.T, db kv.DB) {
	h := begin(t, db, rc())
	put(t, h, "k", "v")
	defer rollback(t, h)
	w := begin(t, db, rc())
	defer rollback(t, w)
	_, err := w.Lock(context.Background(), []byte("k"), kv.LockOptions{
		Mode: kv.LockExclusive, Wait: kv.NoWait, Object: `row in relation "accounts"`})
	wantErr(t, err, kv.ErrLockNotAvailable, pgerror.LockNotAvailable)
	if !strings.Contains(err.Error(), `could not obtain lock on row in relation "accounts"`) {
		t.Fatalf("message: %v", err)
	}
	_, err = w.Lock(context.Background(), []byte("k"), kv.LockOptions{
		Mode: kv.LockAccessExclusive, Wait: kv.NoWait, Object: `relation "accounts"`})
	if !strings.Contains(err.Error(), `could not obtain lock on relation "accounts"`) {
		t.Fatalf("message: %v", err)
	}
}

func testSkipLocked(t *testing.T, db kv.DB) {
	seed(t, db, key(0), "0", key(1), "1", key(2), "2", key(3), "3")
	h := begin(t, db, rc())
	mustLock(t, h, key(1), kv.LockAccessExclusive)
	put(t, h, key(2), "held")
	defer rollback(t, h)
	// A queue consumer: lock the first rows that are free.
	w := begin(t, db, rc())
	defer rollback(t, w)
	var got []string
	for _, k := range scanKeys(t, w, nil, nil, false) {
		r, err := lock(w, string(k), kv.LockAccessExclusive, kv.SkipLocked)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Skipped {
			got = append(got, string(k)+"="+string(r.Value))
		}
	}
	if strings.Join(got, " ") != key(0)+"=0 "+key(3)+"=3" {
		t.Fatalf("skip locked took %v", got)
	}
}

func testCancelWait(t *testing.T, db kv.DB) {
	h := begin(t, db, rc())
	mustLock(t, h, "k", kv.LockAccessExclusive)
	defer rollback(t, h)
	w := begin(t, db, rc())
	defer rollback(t, w)
	ctx, cancel := context.WithCancel(context.Background())
	ch := async(func() error {
		_, err := w.Lock(ctx, []byte("k"), kv.LockOptions{Mode: kv.LockRowShare})
		return err
	})
	blocked(t, ch, "lock")
	cancel()
	if err := await(t, ch, "cancelled lock"); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
	if err := w.Put(ctx, []byte("k"), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("put with cancelled context: %v", err)
	}
}
