package catalog

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"sync"
	"sync/atomic"

	"github.com/tuskdb/tusk/internal/sql/stats"
)

// Planner statistics (pg_statistic and pg_class.reltuples) live beside
// the descriptors, one key per table, written by ANALYZE in its own
// transaction: they commit or roll back with it. They are not part of
// the versioned descriptors, so gathering them invalidates no plans and
// bumps no catalog version.
var prefixStats = []byte("\x01cat/stats/")

func statsKey(o Oid) []byte {
	return binary.BigEndian.AppendUint32(append([]byte(nil), prefixStats...), uint32(o))
}

// PutStats stores a table's statistics in a transaction.
func PutStats(ctx context.Context, kv KV, o Oid, st *stats.Table) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return kv.Put(ctx, statsKey(o), b)
}

// GetStats reads a table's statistics in a transaction; nil when the
// table was never analyzed.
func GetStats(ctx context.Context, kv KV, o Oid) (*stats.Table, error) {
	b, found, err := kv.Get(ctx, statsKey(o))
	if err != nil || !found {
		return nil, err
	}
	st := &stats.Table{}
	if err := json.Unmarshal(b, st); err != nil {
		return nil, err
	}
	return st, nil
}

// statsCache holds a store's committed statistics as last read.
type statsCache struct {
	gen atomic.Uint64
	mu  sync.Mutex
	m   map[Oid]*stats.Table
}

var statsCaches sync.Map // *Store -> *statsCache

func (s *Store) statsCache() *statsCache {
	if c, ok := statsCaches.Load(s); ok {
		return c.(*statsCache)
	}
	c, _ := statsCaches.LoadOrStore(s, &statsCache{m: map[Oid]*stats.Table{}})
	return c.(*statsCache)
}

// Stats returns a table's committed statistics (nil when it was never
// analyzed), from a cache that StatsChanged empties.
func (s *Store) Stats(ctx context.Context, o Oid) (*stats.Table, error) {
	c := s.statsCache()
	gen := c.gen.Load()
	c.mu.Lock()
	st, ok := c.m[o]
	c.mu.Unlock()
	if ok {
		return st, nil
	}
	err := s.db.View(ctx, func(kv KV) error {
		var err error
		st, err = GetStats(ctx, kv, o)
		return err
	})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.gen.Load() == gen {
		c.m[o] = st
	}
	c.mu.Unlock()
	return st, nil
}

// StatsChanged tells the store that a transaction that stored statistics
// committed.
func (s *Store) StatsChanged() {
	c := s.statsCache()
	c.mu.Lock()
	c.gen.Add(1)
	c.m = map[Oid]*stats.Table{}
	c.mu.Unlock()
}

// pendingStats holds, per open transaction, the statistics it stored and
// has not committed: the transaction itself plans with them.
var pendingStats sync.Map // *Txn -> map[Oid]*stats.Table

// SetPendingStats records statistics a transaction stored.
func (t *Txn) SetPendingStats(o Oid, st *stats.Table) {
	m, _ := pendingStats.LoadOrStore(t, &sync.Map{})
	m.(*sync.Map).Store(o, st)
}

// DropPendingStats forgets a transaction's statistics when it ends.
func (t *Txn) DropPendingStats() { pendingStats.Delete(t) }

// Stats returns a table's statistics as the transaction sees them: those
// it stored itself, else the committed ones.
func (t *Txn) Stats(ctx context.Context, o Oid) (*stats.Table, error) {
	if m, ok := pendingStats.Load(t); ok {
		if st, ok := m.(*sync.Map).Load(o); ok {
			return st.(*stats.Table), nil
		}
	}
	if t.store == nil {
		return nil, nil
	}
	return t.store.Stats(ctx, o)
}
