package backend

import (
	"context"

	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

// deferredUnique holds the put-off checks of the session's DEFERRABLE
// unique constraints (storage.DeferredUnique): a DEFERRABLE INITIALLY
// IMMEDIATE constraint is checked when the statement ends, an INITIALLY
// DEFERRED one when the transaction commits, as in PostgreSQL.
type deferredUnique struct {
	b *Backend
	// kv is the transaction the checks belong to: checks left by one
	// that ended are dropped when the next one records its own.
	kv               *storage.TxnKV
	atStmt, atCommit []uniqueCheck
	// ctx is the session's base context for statements, which carries
	// this (made once, so that statements allocate nothing for it).
	ctx context.Context
}

type uniqueCheck struct {
	t   *storage.Table
	idx *storage.Index
	row types.Row
}

// Defer implements storage.DeferredUnique.
func (d *deferredUnique) Defer(t *storage.Table, idx *storage.Index, row types.Row) bool {
	kv := d.b.tx.kv
	if kv == nil {
		return false
	}
	if d.kv != kv {
		d.kv, d.atStmt, d.atCommit = kv, nil, nil
	}
	c := uniqueCheck{t: t, idx: idx, row: append(types.Row(nil), row...)}
	if idx.InitDeferred {
		d.atCommit = append(d.atCommit, c)
	} else {
		d.atStmt = append(d.atStmt, c)
	}
	return true
}

// statementContext returns the base context of the session's statements.
func (b *Backend) statementContext() context.Context {
	if b.deferred.ctx == nil {
		b.deferred.b = b
		b.deferred.ctx = storage.WithDeferredUnique(context.Background(), &b.deferred)
	}
	return b.deferred.ctx
}

// checkDeferred runs the put-off unique checks due at the end of a
// statement, or, with commit, all of them.
func (b *Backend) checkDeferred(commit bool) error {
	d := &b.deferred
	if d.kv == nil || d.kv != b.tx.kv {
		d.kv, d.atStmt, d.atCommit = nil, nil, nil
		return nil
	}
	checks := d.atStmt
	d.atStmt = nil
	if commit {
		checks = append(checks, d.atCommit...)
		d.atCommit = nil
	}
	ctx := context.Background()
	for _, c := range checks {
		if err := c.t.CheckDeferredUnique(ctx, d.kv, c.idx, c.row); err != nil {
			return err
		}
	}
	return nil
}
