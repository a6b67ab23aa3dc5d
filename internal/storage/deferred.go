package storage

import (
	"context"

	"github.com/tuskdb/tusk/internal/sql/types"
)

// DeferredUnique puts off the checks of DEFERRABLE unique constraints: a
// row whose check is put off is written to the index beside the rows it
// may duplicate, and CheckDeferredUnique checks it later (at the end of
// the statement, or of the transaction for INITIALLY DEFERRED), as
// PostgreSQL's unique_key_recheck does.
type DeferredUnique interface {
	// Defer reports whether the check of row against idx is put off,
	// having recorded it if so.
	Defer(t *Table, idx *Index, row types.Row) bool
}

type deferredUniqueKey struct{}

// WithDeferredUnique returns a context whose Insert and Update calls let
// d put off the checks of deferrable unique constraints. Without one
// every check is immediate.
func WithDeferredUnique(ctx context.Context, d DeferredUnique) context.Context {
	return context.WithValue(ctx, deferredUniqueKey{}, d)
}

// deferUnique reports whether ctx's DeferredUnique puts off idx's check of
// row.
func deferUnique(ctx context.Context, t *Table, idx *Index, row types.Row) bool {
	if !idx.Deferrable {
		return false
	}
	d, _ := ctx.Value(deferredUniqueKey{}).(DeferredUnique)
	return d != nil && d.Defer(t, idx, row)
}

// CheckDeferredUnique checks a put-off unique constraint: it fails when
// more than one row now has row's values in idx.
func (t *Table) CheckDeferredUnique(ctx context.Context, kv KV, idx *Index, row types.Row) error {
	if hasNull(idx, row) && !idx.NullsNotDistinct {
		return nil
	}
	prefix := t.secondaryPrefix(idx, row)
	it, err := kv.Iterate(ctx, prefix, PrefixEnd(prefix), false)
	if err != nil {
		return err
	}
	defer it.Close()
	n := 0
	for it.Next() {
		if n++; n > 1 {
			return t.UniqueViolation(idx, row)
		}
	}
	return it.Err()
}
