package catalog

import (
	"context"

	"github.com/tuskdb/tusk/internal/kv"
)

// OnKV returns the DB that runs the catalog's autonomous transactions
// (OID allocation, sequence reservations) on a kv engine. They commit
// without waiting for the log sync; the next synced commit makes them
// durable, and a value is never handed out before it is reserved.
func OnKV(db kv.DB) DB { return kvDB{db} }

type kvDB struct{ db kv.DB }

// kvTxn is a kv transaction seen as the catalog's KV.
type kvTxn struct{ kv.Txn }

func (t kvTxn) Scan(ctx context.Context, start, end []byte, fn func(key, value []byte) error) error {
	it, err := t.Txn.Scan(ctx, start, end, false)
	if err != nil {
		return err
	}
	defer it.Close()
	for it.Next() {
		if err := fn(it.Key(), it.Value()); err != nil {
			return err
		}
	}
	return it.Err()
}

func (d kvDB) Update(ctx context.Context, fn func(KV) error) error {
	t, err := d.db.Begin(ctx, kv.TxnOptions{Sync: kv.SyncOff})
	if err != nil {
		return err
	}
	if err := fn(kvTxn{t}); err != nil {
		_ = t.Rollback(ctx)
		return err
	}
	return t.Commit(ctx)
}

func (d kvDB) View(ctx context.Context, fn func(KV) error) error {
	t, err := d.db.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		return err
	}
	defer t.Rollback(ctx)
	return fn(kvTxn{t})
}
