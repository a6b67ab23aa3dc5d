package backend

import (
	"context"
	"github.com/tuskdb/tusk/internal/guc"
	"sync"
	"sync/atomic"
	"time"

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

// analyzeSeen is the total change count when tables were last checked.
// autoAnalyzeMu is held by the worker running a round (at most one runs
// at a time), and guards lastAutoAnalyze, when the last round started.
var (
	analyzeSeen     atomic.Int64
	autoAnalyzeMu   sync.Mutex
	lastAutoAnalyze time.Time
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

// autoAnalyze, called after a commit, starts a round of automatic
// ANALYZE in the background when tables changed since the last check: a
// worker of its own refreshes the statistics of the tables changed
// enough, each in a transaction of its own (the work PostgreSQL's
// autovacuum launcher hands its workers). The committing session does
// not wait. At most one round runs at a time, and rounds start at most
// once per autovacuum_naptime, as PostgreSQL's launcher wakes once per
// naptime: without that bound a growing table would be read again after
// every tenth of growth.
func (b *Backend) autoAnalyze() {
	if b.srv.Engine == nil || b.srv.Catalog == nil {
		return
	}
	total := storage.TotalMods()
	if total == analyzeSeen.Load() {
		return
	}
	if v, _ := b.sess.Get("autovacuum"); v == "off" {
		return
	}
	nap := b.sess.Duration("autovacuum_naptime")
	if !autoAnalyzeMu.TryLock() {
		return
	}
	if !lastAutoAnalyze.IsZero() && time.Since(lastAutoAnalyze) < nap {
		autoAnalyzeMu.Unlock()
		return
	}
	lastAutoAnalyze = time.Now()
	analyzeSeen.Store(total)
	w := New(b.srv, nil, Options{User: b.opts.User, Superuser: true, Database: b.opts.Database})
	w.sess = guc.NewSession(b.srv.Config())
	w.dbOid = b.dbOid
	go func() {
		defer autoAnalyzeMu.Unlock()
		w.analyzeDue()
	}()
}

// analyzeDue analyzes the tables whose statistics are stale. Failures are
// nobody's business: the table is tried again after more changes.
func (b *Backend) analyzeDue() {
	ctx := context.Background()
	due := modsSinceAnalyze.due(ctx, b.srv.Catalog)
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
