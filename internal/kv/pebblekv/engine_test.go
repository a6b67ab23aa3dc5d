package pebblekv

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/tuskdb/tusk/internal/kv"
)

func TestComparer(t *testing.T) {
	var prefixes, suffixes [][]byte
	for _, k := range []string{"", "\x00", "a", "a\x00", "a\x09", "a\x00\x09", "ab", "\xff"} {
		prefixes = append(prefixes, appendDataPrefix(nil, []byte(k)))
	}
	prefixes = append(prefixes, metaKey("ceil"), clogKey(7))
	for _, v := range []uint64{0, 1, 9, 255, 1 << 40} {
		suffixes = append(suffixes, appendVersionKey(nil, nil, v)[2:])
	}
	if err := pebble.CheckComparer(comparer, prefixes, suffixes); err != nil {
		t.Fatal(err)
	}
	k := appendVersionKey(nil, []byte("a\x00\x09"), 42)
	user, ver, ok := decodeVersionKey(k)
	if !ok || string(user) != "a\x00\x09" || ver != 42 {
		t.Fatalf("decode: %q %d %v", user, ver, ok)
	}
}

func openMem(t *testing.T, o Options) *DB {
	t.Helper()
	if o.GCInterval == 0 {
		o.GCInterval = -1
	}
	db, err := OpenInMemory(&o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func update(t *testing.T, db kv.DB, fn func(tx kv.Txn)) {
	t.Helper()
	tx, err := db.Begin(context.Background(), kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fn(tx)
	if err := tx.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func mustPut(t *testing.T, tx kv.Txn, k, v string) {
	t.Helper()
	if err := tx.Put(context.Background(), []byte(k), []byte(v)); err != nil {
		t.Fatal(err)
	}
}

func mustGet(t *testing.T, tx kv.Txn, k string) string {
	t.Helper()
	v, ok, err := tx.Get(context.Background(), []byte(k))
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		return "<nil>"
	}
	return string(v)
}

// versions counts the data versions in the LSM.
func versions(t *testing.T, db *DB) int {
	t.Helper()
	it, err := db.pdb.NewIter(&pebble.IterOptions{LowerBound: []byte{nsData}, UpperBound: []byte{nsData + 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	n := 0
	for ok := it.First(); ok; ok = it.Next() {
		n++
	}
	return n
}

func clogEntries(t *testing.T, db *DB) int {
	t.Helper()
	it, err := db.pdb.NewIter(&pebble.IterOptions{LowerBound: []byte{nsClog}, UpperBound: []byte{nsClog + 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	n := 0
	for ok := it.First(); ok; ok = it.Next() {
		n++
	}
	return n
}

func TestGCRemovesGarbage(t *testing.T) {
	ctx := context.Background()
	db := openMem(t, Options{GCRoundKeys: 7})
	for i := range 10 {
		update(t, db, func(tx kv.Txn) {
			mustPut(t, tx, "k", strconv.Itoa(i))
			mustPut(t, tx, "gone", "x")
			if _, err := tx.Lock(ctx, []byte("locked"), kv.LockOptions{Mode: kv.LockAccessExclusive}); err != nil {
				t.Fatal(err)
			}
			mustPut(t, tx, fmt.Sprintf("n%02d", i), "x")
		})
	}
	update(t, db, func(tx kv.Txn) {
		if err := tx.Delete(ctx, []byte("gone")); err != nil {
			t.Fatal(err)
		}
	})
	// An aborted transaction and a rolled-back savepoint.
	tx, _ := db.Begin(ctx, kv.TxnOptions{})
	mustPut(t, tx, "k", "aborted")
	_ = tx.Rollback(ctx)
	update(t, db, func(tx kv.Txn) {
		sp, _ := tx.Savepoint(ctx)
		mustPut(t, tx, "k", "rolled back")
		_ = tx.RollbackTo(ctx, sp)
	})
	before := versions(t, db)
	if err := db.Vacuum(ctx); err != nil {
		t.Fatal(err)
	}
	after := versions(t, db)
	if after != 11 { // k and n00..n09
		t.Fatalf("versions: %d before vacuum, %d after, want 11", before, after)
	}
	checkOneVersionPerKey(t, db)
	update(t, db, func(tx kv.Txn) {
		if got := mustGet(t, tx, "k"); got != "9" {
			t.Fatalf("k = %q", got)
		}
		if got := mustGet(t, tx, "gone"); got != "<nil>" {
			t.Fatalf("gone = %q", got)
		}
	})
	if s := db.Stats(); s.GCDeleted != uint64(before-after) || s.GCPasses == 0 {
		t.Fatalf("stats %+v, deleted %d", s, before-after)
	}
}

// TestGCKeepsSnapshots: a long-running reader keeps the versions it needs;
// they go once it ends.
func TestGCKeepsSnapshots(t *testing.T) {
	ctx := context.Background()
	db := openMem(t, Options{})
	update(t, db, func(tx kv.Txn) {
		mustPut(t, tx, "k", "v0")
		mustPut(t, tx, "d", "v0")
		for i := range 100 {
			mustPut(t, tx, fmt.Sprintf("r%03d", i), "v0")
		}
	})
	reader, _ := db.Begin(ctx, kv.TxnOptions{Isolation: kv.RepeatableRead})
	mustGet(t, reader, "k")
	for i := 1; i <= 5; i++ {
		update(t, db, func(tx kv.Txn) {
			mustPut(t, tx, "k", fmt.Sprintf("v%d", i))
			_ = tx.Delete(ctx, []byte("d"))
			for j := range 100 {
				mustPut(t, tx, fmt.Sprintf("r%03d", j), fmt.Sprintf("v%d", i))
			}
		})
		middle, _ := db.Begin(ctx, kv.TxnOptions{})
		if err := db.Vacuum(ctx); err != nil {
			t.Fatal(err)
		}
		if got := mustGet(t, middle, "k"); got != fmt.Sprintf("v%d", i) {
			t.Fatalf("middle reader: %q", got)
		}
		_ = middle.Rollback(ctx)
	}
	if got := mustGet(t, reader, "k"); got != "v0" {
		t.Fatalf("old reader sees %q", got)
	}
	if got := mustGet(t, reader, "d"); got != "v0" {
		t.Fatalf("old reader sees deleted key as %q", got)
	}
	it, _ := reader.Scan(ctx, []byte("r"), []byte("s"), true)
	n := 0
	for it.Next() {
		if string(it.Value()) != "v0" {
			t.Fatalf("old reader scans %s=%s", it.Key(), it.Value())
		}
		n++
	}
	it.Close()
	if n != 100 {
		t.Fatalf("old reader scanned %d", n)
	}
	// Two versions per key are left: v0 for the reader, and the newest
	// (for d, the deletion); v1..v4, which no snapshot sees, are gone.
	if v := versions(t, db); v != 2*102 {
		t.Fatalf("%d versions while the reader runs", v)
	}
	_ = reader.Rollback(ctx)
	if err := db.Vacuum(ctx); err != nil {
		t.Fatal(err)
	}
	checkOneVersionPerKey(t, db)
	if v := versions(t, db); v != 101 {
		t.Fatalf("%d versions after the reader ended", v)
	}
}

// TestFreeze: once vacuumed, the commit log is truncated and the frozen
// horizon moves up, in memory and across a restart.
func TestFreeze(t *testing.T) {
	ctx := context.Background()
	fs := vfs.NewMem()
	db, err := Open("db", &Options{FS: fs, GCInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		update(t, db, func(tx kv.Txn) { mustPut(t, tx, fmt.Sprintf("k%02d", i%10), strconv.Itoa(i)) })
	}
	running, _ := db.Begin(ctx, kv.TxnOptions{})
	mustPut(t, running, "running", "x")
	if n := clogEntries(t, db); n != 50 {
		t.Fatalf("%d commit log entries", n)
	}
	if err := db.Vacuum(ctx); err != nil {
		t.Fatal(err)
	}
	if n := clogEntries(t, db); n != 0 {
		t.Fatalf("%d commit log entries after vacuum", n)
	}
	frozen := db.Stats().Frozen
	if frozen < 50 {
		t.Fatalf("frozen horizon %d", frozen)
	}
	// The running transaction is not frozen: its write stays invisible to
	// others, and commits normally.
	other, _ := db.Begin(ctx, kv.TxnOptions{})
	if got := mustGet(t, other, "running"); got != "<nil>" {
		t.Fatalf("running write visible: %q", got)
	}
	_ = other.Rollback(ctx)
	if err := running.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open("db", &Options{FS: fs, GCInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := db.Stats().Frozen; got != frozen {
		t.Fatalf("frozen horizon %d after restart, was %d", got, frozen)
	}
	update(t, db, func(tx kv.Txn) {
		for i := range 10 {
			if got := mustGet(t, tx, fmt.Sprintf("k%02d", i)); got != strconv.Itoa(40+i) {
				t.Fatalf("k%02d = %q", i, got)
			}
		}
		if got := mustGet(t, tx, "running"); got != "x" {
			t.Fatalf("running = %q", got)
		}
	})
}

// TestRestartNumbers: after a restart, transaction IDs are not reused, so
// versions left by aborted transactions stay invisible.
func TestRestartNumbers(t *testing.T) {
	ctx := context.Background()
	fs := vfs.NewMem()
	for round := range 3 {
		db, err := Open("db", &Options{FS: fs, GCInterval: -1})
		if err != nil {
			t.Fatal(err)
		}
		// A transaction that never commits: its versions are in the LSM.
		tx, _ := db.Begin(ctx, kv.TxnOptions{})
		mustPut(t, tx, fmt.Sprintf("aborted%d", round), "x")
		for i := range 20 {
			update(t, db, func(tx kv.Txn) { mustPut(t, tx, fmt.Sprintf("c%d-%d", round, i), "y") })
		}
		check, _ := db.Begin(ctx, kv.TxnOptions{})
		for r := 0; r <= round; r++ {
			if got := mustGet(t, check, fmt.Sprintf("aborted%d", r)); got != "<nil>" {
				t.Fatalf("round %d: aborted write of round %d visible", round, r)
			}
			if got := mustGet(t, check, fmt.Sprintf("c%d-19", r)); got != "y" {
				t.Fatalf("round %d: commit of round %d lost", round, r)
			}
		}
		_ = check.Rollback(ctx)
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSimulatedCrash uses a file system that keeps only synced data (and a
// random part of the rest) at a simulated crash: synchronous commits
// survive, asynchronous ones survive whole or not at all, open transactions
// leave nothing.
func TestSimulatedCrash(t *testing.T) {
	ctx := context.Background()
	for seed := range 8 {
		fs := vfs.NewCrashableMem()
		db, err := Open("db", &Options{FS: fs, GCInterval: -1, AsyncSyncInterval: 1 << 40})
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(uint64(seed), 9))
		written := map[int]kv.SyncMode{}
		for i := range 60 {
			mode := kv.SyncOn
			if rng.IntN(2) == 0 {
				mode = kv.SyncOff
			}
			tx, _ := db.Begin(ctx, kv.TxnOptions{Sync: mode})
			for j := range 20 {
				mustPut(t, tx, fmt.Sprintf("t%03d/%02d", i, j), "v")
			}
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			written[i] = mode
		}
		open, _ := db.Begin(ctx, kv.TxnOptions{})
		for j := range 100 {
			mustPut(t, open, fmt.Sprintf("open/%03d", j), "v")
		}
		crashed := fs.CrashClone(vfs.CrashCloneCfg{UnsyncedDataPercent: rng.IntN(101), RNG: rand.New(rand.NewPCG(uint64(seed), 3))})
		_ = open.Rollback(ctx)
		_ = db.Close()

		db, err = Open("db", &Options{FS: crashed, GCInterval: -1})
		if err != nil {
			t.Fatalf("seed %d: open after crash: %v", seed, err)
		}
		tx, _ := db.Begin(ctx, kv.TxnOptions{})
		lastSync := -1
		for i, m := range written {
			if m == kv.SyncOn && i > lastSync {
				lastSync = i
			}
		}
		for i := range 60 {
			n := 0
			it, _ := tx.Scan(ctx, []byte(fmt.Sprintf("t%03d/", i)), []byte(fmt.Sprintf("t%03d0", i)), false)
			for it.Next() {
				n++
			}
			it.Close()
			// Everything up to the last synchronous commit is durable; later
			// asynchronous commits are whole or absent.
			if (i <= lastSync && n != 20) || (n != 0 && n != 20) {
				t.Fatalf("seed %d: transaction %d (%v, last sync %d) has %d of 20 rows", seed, i, written[i], lastSync, n)
			}
		}
		it, _ := tx.Scan(ctx, []byte("open/"), []byte("open0"), false)
		if it.Next() {
			t.Fatalf("seed %d: uncommitted write survived", seed)
		}
		it.Close()
		_ = tx.Rollback(ctx)
		if err := db.Vacuum(ctx); err != nil {
			t.Fatal(err)
		}
		checkOneVersionPerKey(t, db)
		_ = db.Close()
	}
}

// TestUpdate: the autonomous single-key update used for sequences.
func TestUpdate(t *testing.T) {
	ctx := context.Background()
	db := openMem(t, Options{})
	key := []byte("seq")
	next := func() uint64 {
		var v uint64
		err := db.Update(ctx, func(tx kv.Txn) error {
			r, err := tx.Lock(ctx, key, kv.LockOptions{Mode: kv.LockExclusive})
			if err != nil {
				return err
			}
			if r.Found {
				v = binary.BigEndian.Uint64(r.Value)
			}
			v++
			return tx.Put(ctx, key, binary.BigEndian.AppendUint64(nil, v))
		})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// A transaction that rolls back does not undo the sequence.
	tx, _ := db.Begin(ctx, kv.TxnOptions{})
	for i := 1; i <= 10; i++ {
		if got := next(); got != uint64(i) {
			t.Fatalf("nextval = %d, want %d", got, i)
		}
	}
	_ = tx.Rollback(ctx)
	if got := next(); got != 11 {
		t.Fatalf("nextval = %d after rollback", got)
	}
}

// TestGCRacesCommit: a version committed after a collection round listed
// the snapshots in use is still kept (it is the newest).
func TestGCRacesCommit(t *testing.T) {
	db := openMem(t, Options{})
	update(t, db, func(tx kv.Txn) { mustPut(t, tx, "k", "0") })
	n := 0
	db.testingGCAfterSnapshots = func() {
		n++
		update(t, db, func(tx kv.Txn) { mustPut(t, tx, "k", strconv.Itoa(n)) })
	}
	for range 3 {
		if _, err := db.gcRound(100); err != nil {
			t.Fatal(err)
		}
	}
	db.testingGCAfterSnapshots = nil
	update(t, db, func(tx kv.Txn) {
		if got := mustGet(t, tx, "k"); got != "3" {
			t.Fatalf("k = %q after collecting during commits", got)
		}
	})
}

// TestFreezeWaitsForOpenIterators: a pass deletes an aborted transaction's
// version, but an iterator opened before the deletion still holds it. The
// pass must not freeze the aborted ID (which would make that version read
// as committed and visible) until the iterator closes.
func TestFreezeWaitsForOpenIterators(t *testing.T) {
	ctx := context.Background()
	db := openMem(t, Options{})
	update(t, db, func(tx kv.Txn) { mustPut(t, tx, "a", "committed") })
	w, _ := db.Begin(ctx, kv.TxnOptions{})
	mustPut(t, w, "b", "aborted")
	mustPut(t, w, "c", "aborted")
	if err := w.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	abortedID := db.ids.n.Load()

	r, _ := db.Begin(ctx, kv.TxnOptions{Isolation: kv.RepeatableRead})
	defer r.Rollback(ctx)
	it, err := r.Scan(ctx, nil, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := db.gcRound(1000); err != nil {
			t.Fatal(err)
		}
	}
	if f := db.Stats().Frozen; f > abortedID {
		t.Fatalf("froze up to %d past aborted ID %d while an older iterator is open", f, abortedID)
	}
	var got []string
	for it.Next() {
		got = append(got, string(it.Key())+"="+string(it.Value()))
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != "a=committed" {
		t.Fatalf("scan = %v", got)
	}
	if _, err := db.gcRound(1000); err != nil {
		t.Fatal(err)
	}
	if f := db.Stats().Frozen; f <= abortedID {
		t.Fatalf("frozen horizon %d still at or below %d after the iterator closed", f, abortedID)
	}
	if got := mustGet(t, r, "b"); got != "<nil>" {
		t.Fatalf("b = %q after freezing", got)
	}
}

// TestGCKeepsVersionsForLaterSnapshots: two commits on a key land after a
// round has listed the snapshots in use, and a snapshot is taken between
// them. That snapshot is not in the round's list, yet it needs the first of
// the two versions.
func TestGCKeepsVersionsForLaterSnapshots(t *testing.T) {
	ctx := context.Background()
	db := openMem(t, Options{})
	update(t, db, func(tx kv.Txn) { mustPut(t, tx, "k", "0") })
	var between kv.Txn
	db.testingGCAfterSnapshots = func() {
		db.testingGCAfterSnapshots = nil
		update(t, db, func(tx kv.Txn) { mustPut(t, tx, "k", "1") })
		between, _ = db.Begin(ctx, kv.TxnOptions{Isolation: kv.RepeatableRead})
		update(t, db, func(tx kv.Txn) { mustPut(t, tx, "k", "2") })
	}
	if _, err := db.gcRound(1000); err != nil {
		t.Fatal(err)
	}
	defer between.Rollback(ctx)
	if got := mustGet(t, between, "k"); got != "1" {
		t.Fatalf("snapshot taken between the commits reads k = %q, want 1", got)
	}
}
