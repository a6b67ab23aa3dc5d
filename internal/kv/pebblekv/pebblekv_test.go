package pebblekv

import (
	"testing"

	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/kv/kvtest"
)

func TestConformanceOnDisk(t *testing.T) {
	kvtest.Run(t, func(t *testing.T) kv.DB {
		db, err := Open(t.TempDir(), nil)
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
