package pebblekv

import (
	"testing"
	"time"

	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/kv/kvtest"
)

// TestConformanceOnDisk runs the suite on disk with background garbage
// collection at its default schedule, as the server runs.
func TestConformanceOnDisk(t *testing.T) {
	kvtest.Run(t, func(t *testing.T) kv.DB {
		db, err := Open(t.TempDir(), nil)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

// TestConformanceOnDiskAggressiveGC runs the suite on disk with collection
// passes 10 ms apart, so passes, their freezes and their deletion batches
// race the bank's transfers and audits (before the freeze waited for older
// iterators, the bank audit failed in most runs of this configuration).
func TestConformanceOnDiskAggressiveGC(t *testing.T) {
	kvtest.Run(t, func(t *testing.T) kv.DB {
		db, err := Open(t.TempDir(), &Options{GCInterval: 10 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

func TestConformanceInMemory(t *testing.T) {
	kvtest.Run(t, func(t *testing.T) kv.DB {
		db, err := OpenInMemory(nil)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

// TestConformanceAggressiveGC runs the suite with garbage collection
// running all the time in small rounds, so collection races every kind of
// transaction.
func TestConformanceAggressiveGC(t *testing.T) {
	kvtest.Run(t, func(t *testing.T) kv.DB {
		db, err := OpenInMemory(&Options{GCInterval: time.Millisecond, GCRoundKeys: 50})
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}
