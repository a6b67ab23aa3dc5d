package storage

import (
	"context"

	"github.com/tuskdb/tusk/internal/txn"
)

// TxnKV is a SQL transaction (internal/txn) seen as the KV that tables,
// indexes and the catalog are stored through.
type TxnKV struct{ T *txn.Txn }

// Get implements KV.
func (k TxnKV) Get(ctx context.Context, key []byte) ([]byte, bool, error) {
	return k.T.Get(ctx, key)
}

// Put implements KV.
func (k TxnKV) Put(ctx context.Context, key, value []byte) error { return k.T.Put(ctx, key, value) }

// Delete implements KV.
func (k TxnKV) Delete(ctx context.Context, key []byte) error { return k.T.Delete(ctx, key) }

// DeleteRange removes every key in [start, end) in one write.
func (k TxnKV) DeleteRange(ctx context.Context, start, end []byte) error {
	return k.T.DeleteRange(ctx, start, end)
}

// Iterate implements KV.
func (k TxnKV) Iterate(ctx context.Context, start, end []byte, reverse bool) (Iterator, error) {
	return k.T.Scan(ctx, start, end, reverse)
}

// Scan calls fn for each key in [start, end), in order (the catalog's
// view of a transaction).
func (k TxnKV) Scan(ctx context.Context, start, end []byte, fn func(key, value []byte) error) error {
	it, err := k.T.Scan(ctx, start, end, false)
	if err != nil {
		return err
	}
	for it.Next() {
		if err := fn(it.Key(), it.Value()); err != nil {
			it.Close()
			return err
		}
	}
	if err := it.Err(); err != nil {
		it.Close()
		return err
	}
	return it.Close()
}
