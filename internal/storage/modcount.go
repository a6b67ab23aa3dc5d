package storage

import (
	"sync"
	"sync/atomic"

	"github.com/tuskdb/tusk/internal/sql/types"
)

// tableCounts are a table's running counts of row changes, for planner
// estimates and to decide when its statistics are stale (PostgreSQL's
// pgstat counters n_mod_since_analyze and n_live_tup). They count every
// change a statement made, committed or not, and live in memory only.
type tableCounts struct {
	mods atomic.Int64 // rows inserted, updated or deleted
	live atomic.Int64 // rows inserted minus rows deleted
}

var counts sync.Map // types.Oid -> *tableCounts

// totalMods counts every table's changes, so a caller can tell cheaply
// whether anything changed since it last looked.
var totalMods atomic.Int64

// TotalMods returns the number of row changes made to all tables.
func TotalMods() int64 { return totalMods.Load() }

func countsOf(table types.Oid) *tableCounts {
	if c, ok := counts.Load(table); ok {
		return c.(*tableCounts)
	}
	c, _ := counts.LoadOrStore(table, &tableCounts{})
	return c.(*tableCounts)
}

func countChange(table types.Oid, live int64) {
	c := countsOf(table)
	c.mods.Add(1)
	totalMods.Add(1)
	if live != 0 {
		c.live.Add(live)
	}
}

// ModCount returns the number of row changes made to a table since the
// server started.
func ModCount(table types.Oid) int64 { return countsOf(table).mods.Load() }

// LiveRows returns the rows inserted into a table minus those deleted
// since the server started (an estimate: it counts changes that rolled
// back too), and false when nothing was counted.
func LiveRows(table types.Oid) (int64, bool) {
	c, ok := counts.Load(table)
	if !ok {
		return 0, false
	}
	return c.(*tableCounts).live.Load(), true
}

// SetLiveRows resets a table's live row count to what a full read of it
// found (ANALYZE, TRUNCATE).
func SetLiveRows(table types.Oid, n int64) { countsOf(table).live.Store(n) }

// CountedTables calls fn for every table with counted changes.
func CountedTables(fn func(table types.Oid, mods int64)) {
	counts.Range(func(k, v any) bool {
		fn(k.(types.Oid), v.(*tableCounts).mods.Load())
		return true
	})
}
