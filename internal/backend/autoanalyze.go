package backend

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
	"github.com/tuskdb/tusk/internal/txn"
)

// PostgreSQL's autovacuum_analyze_threshold and
// autovacuum_analyze_scale_factor: a table's statistics are refreshed
// once more rows than threshold + scale*reltuples changed since its last
// ANALYZE.
const (
	autoAnalyzeThreshold = 50
	autoAnalyzeScale     = 0.1
)

// analyzeMark is where a table's change count stood at its last ANALYZE,
// and the rows ANALYZE found.
type analyzeMark struct {
	mods int64
	rows float64
}

type markKey struct {
	store *catalog.Store
	table types.Oid
}

// analyzeMarks remembers each table's last ANALYZE, server-wide.
type analyzeMarks struct {
	mu sync.Mutex
	m  map[markKey]analyzeMark
}

var modsSinceAnalyze = &analyzeMarks{m: map[markKey]analyzeMark{}}

// analyzeSeen is the total change count when tables were last checked;
// autoAnalyzeMu lets one session at a time do the checking.
var (
	analyzeSeen   atomic.Int64
	autoAnalyzeMu sync.Mutex
)

// skip puts off a table's next automatic ANALYZE until it changes more.
func (a *analyzeMarks) skip(store *catalog.Store, table types.Oid) {
	a.mu.Lock()
	mk := a.m[markKey{store, table}]
	mk.mods = storage.ModCount(table)
	a.m[markKey{store, table}] = mk
	a.mu.Unlock()
}

func (a *analyzeMarks) reset(store *catalog.Store, table types.Oid, rows float64) {
	a.mu.Lock()
	a.m[markKey{store, table}] = analyzeMark{mods: storage.ModCount(table), rows: rows}
	a.mu.Unlock()
	storage.SetLiveRows(table, int64(rows))
}

// due returns the tables whose statistics are stale.
func (a *analyzeMarks) due(ctx context.Context, store *catalog.Store) []types.Oid {
	var out []types.Oid
	type seen struct {
		table types.Oid
		mods  int64
	}
	var all []seen
	storage.CountedTables(func(t types.Oid, mods int64) { all = append(all, seen{t, mods}) })
	for _, s := range all {
		k := markKey{store, s.table}
		a.mu.Lock()
		mk, ok := a.m[k]
		a.mu.Unlock()
		if !ok {
			// First sight since the server started: statistics stored by
			// an earlier run count from zero changes.
			if st, err := store.Stats(ctx, s.table); err == nil && st != nil {
				mk.rows = st.Rows
			}
			a.mu.Lock()
			a.m[k] = mk
			a.mu.Unlock()
		}
		if float64(s.mods-mk.mods) > autoAnalyzeThreshold+autoAnalyzeScale*mk.rows {
			out = append(out, s.table)
		}
	}
	return out
}

// autoAnalyze refreshes, after a commit, the statistics of tables changed
// enough since their last ANALYZE, each in a transaction of its own (the
// work PostgreSQL's autovacuum launcher hands its workers). Failures are
// not the session's business: the table is tried again after more
// changes.
func (b *Backend) autoAnalyze() {
	if b.srv.Engine == nil || b.srv.Catalog == nil {
		return
	}
	total := storage.TotalMods()
	if total == analyzeSeen.Load() || !autoAnalyzeMu.TryLock() {
		return
	}
	defer autoAnalyzeMu.Unlock()
	analyzeSeen.Store(total)
	if v, _ := b.sess.Get("autovacuum"); v == "off" {
		return
	}
	ctx := context.Background()
	due := modsSinceAnalyze.due(ctx, b.srv.Catalog)
	if len(due) == 0 {
		return
	}
	saved, savedCache := b.tx, b.tableCache
	defer func() { b.tx, b.tableCache = saved, savedCache }()
	for _, oid := range due {
		b.tableCache = nil
		cat := b.srv.Catalog.Begin()
		d := cat.Get(oid)
		if d == nil || d.Kind != catalog.KindTable || d.Table == nil || cat.IsTemp(d) {
			// Dropped, another server's, or another session's temporary
			// table: forget its changes.
			modsSinceAnalyze.skip(b.srv.Catalog, oid)
			continue
		}
		t, err := b.srv.Engine.Begin(ctx, txn.Options{Isolation: txn.ReadCommitted, Owner: b.opts.PID})
		if err != nil {
			return
		}
		b.tx = txState{status: txImplicit, isolation: "read committed", kv: &storage.TxnKV{T: t}, cat: cat}
		if err := b.analyzeTables(ctx, []analyzeTarget{{d: d}}); err != nil {
			_ = t.Rollback(ctx)
			cat.DropPendingStats()
			modsSinceAnalyze.skip(b.srv.Catalog, oid)
			continue
		}
		cat.DropPendingStats()
		if err := t.Commit(ctx); err != nil {
			continue
		}
		b.srv.Catalog.StatsChanged()
	}
}
