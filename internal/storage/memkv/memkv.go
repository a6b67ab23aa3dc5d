// Package memkv is a small in-memory transactional key-value store for
// testing the layers above the storage seam (catalog, storage, the SQL
// engine) without a storage engine: each transaction reads a lazily
// copied snapshot of the committed tree taken when it starts (or when it
// refreshes its snapshot), buffers its writes, and applies them at commit
// under one lock. It has no locks between transactions and no
// durability: concurrent writers to one key are last-writer-wins.
package memkv

import (
	"bytes"
	"context"
	"errors"
	"sync"

	"github.com/google/btree"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/storage"
)

type item struct {
	key   []byte
	value []byte
	del   bool // a tombstone in a transaction's write set
}

func less(a, b item) bool { return bytes.Compare(a.key, b.key) < 0 }

// DB is the store. Safe for concurrent use.
type DB struct {
	mu   sync.Mutex
	tree *btree.BTreeG[item]
}

// New returns an empty store.
func New() *DB {
	return &DB{tree: btree.NewG(32, less)}
}

func (db *DB) snapshot() *btree.BTreeG[item] {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.tree.Clone()
}

// Txn is a transaction. Not safe for concurrent use.
type Txn struct {
	db     *DB
	snap   *btree.BTreeG[item]
	writes *btree.BTreeG[item]
	done   bool
}

// Begin starts a transaction.
func (db *DB) Begin() *Txn {
	return &Txn{db: db, snap: db.snapshot(), writes: btree.NewG(16, less)}
}

// Refresh takes a new snapshot of the committed data, keeping the
// transaction's own writes (a READ COMMITTED statement start).
func (t *Txn) Refresh() { t.snap = t.db.snapshot() }

var errDone = errors.New("memkv: transaction already finished")

// Get reads a key.
func (t *Txn) Get(_ context.Context, key []byte) ([]byte, bool, error) {
	if t.done {
		return nil, false, errDone
	}
	if w, ok := t.writes.Get(item{key: key}); ok {
		if w.del {
			return nil, false, nil
		}
		return w.value, true, nil
	}
	if v, ok := t.snap.Get(item{key: key}); ok {
		return v.value, true, nil
	}
	return nil, false, nil
}

// Put writes a key.
func (t *Txn) Put(_ context.Context, key, value []byte) error {
	if t.done {
		return errDone
	}
	t.writes.ReplaceOrInsert(item{key: append([]byte(nil), key...), value: append([]byte(nil), value...)})
	return nil
}

// Delete removes a key.
func (t *Txn) Delete(_ context.Context, key []byte) error {
	if t.done {
		return errDone
	}
	t.writes.ReplaceOrInsert(item{key: append([]byte(nil), key...), del: true})
	return nil
}

// Commit applies the writes.
func (t *Txn) Commit(context.Context) error {
	if t.done {
		return errDone
	}
	t.done = true
	t.db.mu.Lock()
	defer t.db.mu.Unlock()
	t.writes.Ascend(func(w item) bool {
		if w.del {
			t.db.tree.Delete(w)
		} else {
			t.db.tree.ReplaceOrInsert(w)
		}
		return true
	})
	return nil
}

// Rollback discards the writes.
func (t *Txn) Rollback(context.Context) error {
	t.done = true
	return nil
}

// Mark returns a copy of the write set, for savepoints.
func (t *Txn) Mark() any { return t.writes.Clone() }

// RollbackTo restores a write set saved by Mark.
func (t *Txn) RollbackTo(m any) { t.writes = m.(*btree.BTreeG[item]).Clone() }

// Iterator merges the snapshot with the transaction's writes over a range.
type Iterator struct {
	items []item
	pos   int
}

// Iterate returns the live keys in [start, end), in reverse if asked. The
// range is materialized; this store is for tests.
func (t *Txn) Iterate(ctx context.Context, start, end []byte, reverse bool) (storage.Iterator, error) {
	return t.iterate(ctx, start, end, reverse)
}

// Scan calls fn for each live key in [start, end).
func (t *Txn) Scan(ctx context.Context, start, end []byte, fn func(k, v []byte) error) error {
	it, err := t.iterate(ctx, start, end, false)
	if err != nil {
		return err
	}
	for it.Next() {
		if err := fn(it.Key(), it.Value()); err != nil {
			return err
		}
	}
	return nil
}

// Update runs fn in a transaction that commits when fn succeeds.
func (db *DB) Update(ctx context.Context, fn func(catalog.KV) error) error {
	t := db.Begin()
	if err := fn(t); err != nil {
		t.Rollback(ctx)
		return err
	}
	return t.Commit(ctx)
}

// View runs fn in a read-only transaction.
func (db *DB) View(ctx context.Context, fn func(catalog.KV) error) error {
	t := db.Begin()
	defer t.Rollback(ctx)
	return fn(t)
}

func (t *Txn) iterate(_ context.Context, start, end []byte, reverse bool) (*Iterator, error) {
	if t.done {
		return nil, errDone
	}
	var base, over []item
	collect := func(tr *btree.BTreeG[item], out *[]item) {
		visit := func(i item) bool {
			*out = append(*out, i)
			return true
		}
		if end == nil {
			tr.AscendGreaterOrEqual(item{key: start}, visit)
		} else {
			tr.AscendRange(item{key: start}, item{key: end}, visit)
		}
	}
	collect(t.snap, &base)
	collect(t.writes, &over)
	merged := make([]item, 0, len(base)+len(over))
	i, j := 0, 0
	for i < len(base) || j < len(over) {
		switch {
		case j >= len(over) || (i < len(base) && bytes.Compare(base[i].key, over[j].key) < 0):
			merged = append(merged, base[i])
			i++
		case i >= len(base) || bytes.Compare(over[j].key, base[i].key) < 0:
			if !over[j].del {
				merged = append(merged, over[j])
			}
			j++
		default:
			if !over[j].del {
				merged = append(merged, over[j])
			}
			i++
			j++
		}
	}
	if reverse {
		for a, b := 0, len(merged)-1; a < b; a, b = a+1, b-1 {
			merged[a], merged[b] = merged[b], merged[a]
		}
	}
	return &Iterator{items: merged, pos: -1}, nil
}

// Next advances.
func (it *Iterator) Next() bool {
	it.pos++
	return it.pos < len(it.items)
}

// Key returns the current key.
func (it *Iterator) Key() []byte { return it.items[it.pos].key }

// Value returns the current value.
func (it *Iterator) Value() []byte { return it.items[it.pos].value }

// Err returns nil.
func (it *Iterator) Err() error { return nil }

// Close releases nothing.
func (it *Iterator) Close() error { return nil }
