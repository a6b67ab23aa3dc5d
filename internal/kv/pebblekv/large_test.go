package pebblekv

import (
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tuskdb/tusk/internal/kv"
)

// largeRows is the size of TestLargeTransaction. The default keeps the
// normal suite quick; the full-size run (pgbench -i -s 100's 10 million
// rows) is
//
//	go test ./internal/kv/pebblekv -run TestLargeTransaction -large-rows=10000000 -v
//
// and prints peak RSS and Go heap.
var largeRows = flag.Int("large-rows", 1_000_000, "rows written by TestLargeTransaction in one transaction")

// TestLargeTransaction writes many ~100-byte rows in one transaction, the
// shape of pgbench -i loading pgbench_accounts by COPY, with a unique check
// (a locking read) per row as INSERT does, and checks that the Go heap stays
// bounded: the engine does not keep the transaction's writes in memory.
func TestLargeTransaction(t *testing.T) {
	n := *largeRows
	if testing.Short() {
		n = 100_000
	}
	db, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()

	var peakHeap atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peakHeap.Load() {
				peakHeap.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()

	start := time.Now()
	tx, err := db.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	key := make([]byte, 0, 16)
	row := make([]byte, 100)
	for i := range row {
		row[i] = ' '
	}
	for i := range n {
		key = append(key[:0], "acct/"...)
		key = binary.BigEndian.AppendUint64(key, uint64(i))
		r, err := tx.Lock(ctx, key, kv.LockOptions{Mode: kv.LockAccessExclusive})
		if err != nil {
			t.Fatal(err)
		}
		if r.Found {
			t.Fatalf("row %d exists", i)
		}
		copy(row, fmt.Sprintf("%10d|%10d|%10d|", i, i/100000, 0))
		if err := tx.Put(ctx, key, row); err != nil {
			t.Fatal(err)
		}
	}
	loaded := time.Since(start)
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	committed := time.Since(start)
	close(stop)
	<-sampled

	// Everything is there.
	tx, err = db.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	it, err := tx.Scan(ctx, []byte("acct/"), []byte("acct0"), false)
	if err != nil {
		t.Fatal(err)
	}
	count := 0
	for it.Next() {
		count++
	}
	if err := it.Close(); err != nil || count != n {
		t.Fatalf("scanned %d of %d rows: %v", count, n, err)
	}
	scanned := time.Since(start) - committed
	_ = tx.Rollback(ctx)

	heap := peakHeap.Load()
	t.Logf("%d rows: load %v (%.0f rows/s), commit %v, scan %v; peak Go heap in use %d MiB, peak RSS %s",
		n, loaded, float64(n)/loaded.Seconds(), committed-loaded, scanned, heap>>20, peakRSS())
	// The rows alone are n*~110 bytes; the heap must not grow with them.
	if limit := uint64(400 << 20); heap > limit {
		t.Fatalf("peak Go heap %d MiB exceeds %d MiB", heap>>20, limit>>20)
	}
}

// peakRSS returns the process's peak resident set size (VmHWM).
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	var hwm string
	for _, line := range splitLines(string(b)) {
		if len(line) > 6 && line[:6] == "VmHWM:" {
			hwm = line[6:]
		}
	}
	return hwm
}

func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\n' {
			i++
		}
		out = append(out, s[:i])
		if i < len(s) {
			i++
		}
		s = s[i:]
	}
	return out
}
