package pebblekv

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tuskdb/tusk/internal/kv"
)

// Benchmarks run on disk, in a temporary directory (set TMPDIR to choose
// the disk). Run them with
//
//	go test ./internal/kv/pebblekv -run '^$' -bench . -benchtime 3s
//
// and compare commits/s with the disk's fsync rate from PostgreSQL's
// pg_test_fsync run on the same disk.

const benchKeys = 100_000

func benchKey(buf []byte, i int) []byte {
	buf = append(buf[:0], "bench/"...)
	return binary.BigEndian.AppendUint64(buf, uint64(i))
}

func benchDB(b *testing.B, preload int) *DB {
	b.Helper()
	db, err := Open(b.TempDir(), &Options{GCInterval: -1})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	ctx := context.Background()
	val := make([]byte, 100)
	var k []byte
	for i := 0; i < preload; i += 10000 {
		tx, _ := db.Begin(ctx, kv.TxnOptions{Sync: kv.SyncOff})
		for j := i; j < min(i+10000, preload); j++ {
			k = benchKey(k, j)
			if err := tx.Put(ctx, k, val); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(ctx); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// BenchmarkPointRead: Get of a random existing key in an open transaction.
func BenchmarkPointRead(b *testing.B) {
	db := benchDB(b, benchKeys)
	ctx := context.Background()
	tx, _ := db.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	defer tx.Rollback(ctx)
	var k []byte
	b.ResetTimer()
	for i := range b.N {
		k = benchKey(k, (i*7919)%benchKeys)
		if _, ok, err := tx.Get(ctx, k); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkPointReadTxn: a whole read-only transaction reading one key
// (pgbench -S's shape).
func BenchmarkPointReadTxn(b *testing.B) {
	db := benchDB(b, benchKeys)
	ctx := context.Background()
	var k []byte
	b.ResetTimer()
	for i := range b.N {
		tx, _ := db.Begin(ctx, kv.TxnOptions{})
		k = benchKey(k, (i*7919)%benchKeys)
		if _, ok, err := tx.Get(ctx, k); err != nil || !ok {
			b.Fatal(ok, err)
		}
		if err := tx.Commit(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPointWrite: Put of a random existing key inside one long
// transaction (the write path without the commit).
func BenchmarkPointWrite(b *testing.B) {
	db := benchDB(b, benchKeys)
	ctx := context.Background()
	tx, _ := db.Begin(ctx, kv.TxnOptions{})
	defer tx.Rollback(ctx)
	val := make([]byte, 100)
	var k []byte
	b.ResetTimer()
	for i := range b.N {
		k = benchKey(k, (i*7919)%benchKeys)
		if err := tx.Put(ctx, k, val); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLockedUpdate: the executor's UPDATE of one row: a locking read
// then a write of the same key, in one long transaction.
func BenchmarkLockedUpdate(b *testing.B) {
	db := benchDB(b, benchKeys)
	ctx := context.Background()
	tx, _ := db.Begin(ctx, kv.TxnOptions{})
	defer tx.Rollback(ctx)
	var k []byte
	b.ResetTimer()
	for i := range b.N {
		k = benchKey(k, (i*7919)%benchKeys)
		r, err := tx.Lock(ctx, k, kv.LockOptions{Mode: kv.LockExclusive})
		if err != nil || !r.Found {
			b.Fatal(err)
		}
		if err := tx.Put(ctx, k, r.Value); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScan: forward scans of 1000 keys; reports keys/s.
func BenchmarkScan(b *testing.B) {
	db := benchDB(b, benchKeys)
	ctx := context.Background()
	tx, _ := db.Begin(ctx, kv.TxnOptions{ReadOnly: true})
	defer tx.Rollback(ctx)
	var start, end []byte
	b.ResetTimer()
	n := 0
	for i := range b.N {
		s := (i * 7919) % (benchKeys - 1000)
		start, end = benchKey(start, s), benchKey(end, s+1000)
		it, err := tx.Scan(ctx, start, end, false)
		if err != nil {
			b.Fatal(err)
		}
		for it.Next() {
			n++
		}
		if err := it.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "keys/s")
}

// BenchmarkCommit: transactions that write one key and commit, by c
// concurrent committers, with and without waiting for the log sync;
// reports commits/s.
func BenchmarkCommit(b *testing.B) {
	for _, sync := range []bool{true, false} {
		for _, c := range []int{1, 8, 32} {
			name := fmt.Sprintf("sync=%v/committers=%d", sync, c)
			b.Run(name, func(b *testing.B) { benchCommit(b, sync, c) })
		}
	}
}

// warmLog writes and flushes enough to make Pebble reuse an old log file,
// the steady state of a running server: a fresh database's first log file
// is preallocated but never written, and syncing the first write to each of
// its blocks also commits file system metadata (PostgreSQL zero-fills new
// WAL segments to avoid the same cost).
func warmLog(b *testing.B, db *DB) {
	b.Helper()
	val := make([]byte, 1<<20)
	for round := range 3 {
		for i := range int(db.opts.MemTableSize>>20) + 1 {
			if err := db.pdb.Set([]byte(fmt.Sprintf("Mwarm%d-%d", round, i)), val, nil); err != nil {
				b.Fatal(err)
			}
		}
		if err := db.pdb.Flush(); err != nil {
			b.Fatal(err)
		}
	}
}

func benchCommit(b *testing.B, syncCommit bool, committers int) {
	db := benchDB(b, 0)
	warmLog(b, db)
	ctx := context.Background()
	mode := kv.SyncOff
	if syncCommit {
		mode = kv.SyncOn
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, committers)
	b.ResetTimer()
	start := time.Now()
	for w := range committers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			val := make([]byte, 100)
			var k []byte
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					return
				}
				tx, err := db.Begin(ctx, kv.TxnOptions{Sync: mode})
				if err != nil {
					errs <- err
					return
				}
				k = benchKey(k, w*1_000_000_000+int(i))
				if err := tx.Put(ctx, k, val); err != nil {
					errs <- err
					return
				}
				if err := tx.Commit(ctx); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "commits/s")
}

// BenchmarkSequence: the autonomous update sequences use (nextval).
func BenchmarkSequence(b *testing.B) {
	db := benchDB(b, 0)
	ctx := context.Background()
	key := []byte("seq")
	b.ResetTimer()
	for range b.N {
		err := db.Update(ctx, func(tx kv.Txn) error {
			r, err := tx.Lock(ctx, key, kv.LockOptions{Mode: kv.LockExclusive})
			if err != nil {
				return err
			}
			var v uint64
			if r.Found {
				v = binary.BigEndian.Uint64(r.Value)
			}
			return tx.Put(ctx, key, binary.BigEndian.AppendUint64(nil, v+1))
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
