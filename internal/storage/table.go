package storage

import (
	"bytes"
	"context"
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// KV is a key-value transaction as the storage layer uses it. The storage
// package owns this interface; the engine's transactions satisfy it
// through a thin adapter.
type KV interface {
	Get(ctx context.Context, key []byte) (value []byte, found bool, err error)
	Put(ctx context.Context, key, value []byte) error
	Delete(ctx context.Context, key []byte) error
	// Iterate returns the keys in [start, end), in reverse order when
	// reverse is set. The caller must Close the iterator.
	Iterate(ctx context.Context, start, end []byte, reverse bool) (Iterator, error)
}

// Iterator walks a key range. Key and Value are valid until Next is called
// again.
type Iterator interface {
	Next() bool
	Key() []byte
	Value() []byte
	Err() error
	Close() error
}

// Table describes a table for storage: its column slots (one per attnum,
// nil for dropped columns), its primary index and its secondary indexes.
type Table struct {
	Oid  types.Oid
	Name string
	// Schema names the table's schema, for the schema field of errors.
	Schema   string
	Cols     []*types.T
	ColNames []string
	Primary  *Index
	Indexes  []*Index
	// RowID tables are keyed by a hidden row id instead of a primary key.
	RowID bool
}

// Index describes an index for storage.
type Index struct {
	Oid     types.Oid
	Name    string
	Cols    []int // column slots (attnum-1)
	Desc    []bool
	Unique  bool
	Primary bool
	// NullsNotDistinct makes NULLs collide in a unique index.
	NullsNotDistinct bool
	// Deferrable and InitDeferred: a DEFERRABLE unique constraint, whose
	// check a DeferredUnique in the context may put off (deferred.go).
	Deferrable, InitDeferred bool
}

// PrimaryKey encodes a row's primary key (or, for RowID tables, the given
// row id) as a key of the primary index.
func (t *Table) PrimaryKey(buf []byte, row types.Row, rowID int64) []byte {
	buf = append(buf, indexPrefix(t.Oid, t.Primary.Oid)...)
	if t.RowID {
		return AppendKey(buf, types.Int8, types.NewInt(rowID), false)
	}
	return t.appendIndexCols(buf, t.Primary, row)
}

func (t *Table) appendIndexCols(buf []byte, idx *Index, row types.Row) []byte {
	for i, c := range idx.Cols {
		desc := i < len(idx.Desc) && idx.Desc[i]
		buf = AppendKey(buf, t.Cols[c], row[c], desc)
	}
	return buf
}

// secondaryKey is an index entry's key: the indexed values, then the
// primary key (so entries are distinct), whose bytes are also the value.
func (t *Table) secondaryKey(idx *Index, row types.Row, pk []byte) []byte {
	k := indexPrefix(t.Oid, idx.Oid)
	k = t.appendIndexCols(k, idx, row)
	return append(k, pk...)
}

func (t *Table) secondaryPrefix(idx *Index, row types.Row) []byte {
	k := indexPrefix(t.Oid, idx.Oid)
	return t.appendIndexCols(k, idx, row)
}

func hasNull(idx *Index, row types.Row) bool {
	for _, c := range idx.Cols {
		if row[c].IsNull() {
			return true
		}
	}
	return false
}

// UniqueViolation builds PostgreSQL's 23505 error for idx and row.
func (t *Table) UniqueViolation(idx *Index, row types.Row) error {
	names := make([]string, len(idx.Cols))
	vals := make([]string, len(idx.Cols))
	for i, c := range idx.Cols {
		names[i] = t.ColNames[c]
		if row[c].IsNull() {
			vals[i] = "null"
		} else {
			vals[i] = types.FormatString(t.Cols[c], row[c], types.DefaultCtx)
		}
	}
	e := pgerror.New(pgerror.UniqueViolation, `duplicate key value violates unique constraint "%s"`, idx.Name).
		WithDetail("Key (%s)=(%s) already exists.", strings.Join(names, ", "), strings.Join(vals, ", "))
	e.SchemaName, e.TableName = t.Schema, t.Name
	e.ConstraintName = idx.Name
	return e
}

// Insert writes a new row and its index entries, enforcing unique
// indexes. rowID keys a RowID table. It returns the row's primary key.
func (t *Table) Insert(ctx context.Context, kv KV, row types.Row, rowID int64) ([]byte, error) {
	pk := t.PrimaryKey(nil, row, rowID)
	if !t.RowID {
		if _, found, err := kv.Get(ctx, pk); err != nil {
			return nil, err
		} else if found {
			return nil, t.UniqueViolation(t.Primary, row)
		}
	}
	for _, idx := range t.Indexes {
		if idx.Unique && !deferUnique(ctx, t, idx, row) {
			if err := t.checkUnique(ctx, kv, idx, row, nil); err != nil {
				return nil, err
			}
		}
	}
	val, err := EncodeRow(nil, t.Cols, row)
	if err != nil {
		return nil, err
	}
	if err := kv.Put(ctx, pk, val); err != nil {
		return nil, err
	}
	suffix := pk[len(indexPrefix(t.Oid, t.Primary.Oid)):]
	for _, idx := range t.Indexes {
		if err := kv.Put(ctx, t.secondaryKey(idx, row, suffix), suffix); err != nil {
			return nil, err
		}
	}
	countChange(t.Oid, 1)
	return pk, nil
}

// checkUnique fails when another row (not the one keyed by self) has the
// same values in a unique index.
func (t *Table) checkUnique(ctx context.Context, kv KV, idx *Index, row types.Row, self []byte) error {
	if hasNull(idx, row) && !idx.NullsNotDistinct {
		return nil
	}
	prefix := t.secondaryPrefix(idx, row)
	it, err := kv.Iterate(ctx, prefix, PrefixEnd(prefix), false)
	if err != nil {
		return err
	}
	defer it.Close()
	for it.Next() {
		if self != nil && bytes.Equal(it.Value(), self) {
			continue
		}
		return t.UniqueViolation(idx, row)
	}
	return it.Err()
}

// Delete removes a row (keyed by pk) and its index entries.
func (t *Table) Delete(ctx context.Context, kv KV, pk []byte, row types.Row) error {
	if err := kv.Delete(ctx, pk); err != nil {
		return err
	}
	suffix := pk[len(indexPrefix(t.Oid, t.Primary.Oid)):]
	for _, idx := range t.Indexes {
		if err := kv.Delete(ctx, t.secondaryKey(idx, row, suffix)); err != nil {
			return err
		}
	}
	countChange(t.Oid, -1)
	return nil
}

// Update replaces the row keyed by oldPK. A changed primary key moves the
// row. It returns the new primary key.
func (t *Table) Update(ctx context.Context, kv KV, oldPK []byte, oldRow, newRow types.Row) ([]byte, error) {
	var newPK []byte
	if t.RowID {
		newPK = oldPK
	} else {
		newPK = t.PrimaryKey(nil, newRow, 0)
	}
	moved := !bytes.Equal(oldPK, newPK)
	if moved {
		if _, found, err := kv.Get(ctx, newPK); err != nil {
			return nil, err
		} else if found {
			return nil, t.UniqueViolation(t.Primary, newRow)
		}
	}
	oldSuffix := oldPK[len(indexPrefix(t.Oid, t.Primary.Oid)):]
	newSuffix := newPK[len(indexPrefix(t.Oid, t.Primary.Oid)):]
	for _, idx := range t.Indexes {
		if idx.Unique && !sameIndexValues(t, idx, oldRow, newRow) && !deferUnique(ctx, t, idx, newRow) {
			if err := t.checkUnique(ctx, kv, idx, newRow, oldSuffix); err != nil {
				return nil, err
			}
		}
	}
	val, err := EncodeRow(nil, t.Cols, newRow)
	if err != nil {
		return nil, err
	}
	if moved {
		if err := kv.Delete(ctx, oldPK); err != nil {
			return nil, err
		}
	}
	if err := kv.Put(ctx, newPK, val); err != nil {
		return nil, err
	}
	for _, idx := range t.Indexes {
		if !moved && sameIndexValues(t, idx, oldRow, newRow) {
			continue
		}
		if err := kv.Delete(ctx, t.secondaryKey(idx, oldRow, oldSuffix)); err != nil {
			return nil, err
		}
		if err := kv.Put(ctx, t.secondaryKey(idx, newRow, newSuffix), newSuffix); err != nil {
			return nil, err
		}
	}
	countChange(t.Oid, 0)
	return newPK, nil
}

func sameIndexValues(t *Table, idx *Index, a, b types.Row) bool {
	for _, c := range idx.Cols {
		x, y := a[c], b[c]
		if x.IsNull() != y.IsNull() {
			return false
		}
		if !x.IsNull() && !bytes.Equal(AppendKey(nil, t.Cols[c], x, false), AppendKey(nil, t.Cols[c], y, false)) {
			return false
		}
	}
	return true
}

// Get fetches the row with primary key pk into out.
func (t *Table) Get(ctx context.Context, kv KV, pk []byte, out types.Row) (bool, error) {
	v, found, err := kv.Get(ctx, pk)
	if err != nil || !found {
		return false, err
	}
	return true, DecodeRow(v, t.Cols, out)
}

// GetColumns is Get decoding only the columns whose entry in cols is not
// nil (cols has the table's column types, or nil where not wanted); the
// others read as NULL.
func (t *Table) GetColumns(ctx context.Context, kv KV, pk []byte, cols []*types.T, out types.Row) (bool, error) {
	v, found, err := kv.Get(ctx, pk)
	if err != nil || !found {
		return false, err
	}
	return true, DecodeRow(v, cols, out)
}

// AddIndexEntries writes a new index's entries for every existing row,
// checking uniqueness (CREATE INDEX on a populated table).
func (t *Table) AddIndexEntries(ctx context.Context, kv KV, idx *Index) error {
	rows, err := t.ScanAll(ctx, kv)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		row := rows.Row()
		if idx.Unique {
			if err := t.checkUnique(ctx, kv, idx, row, nil); err != nil {
				return err
			}
		}
		suffix := rows.PK()[len(indexPrefix(t.Oid, t.Primary.Oid)):]
		if err := kv.Put(ctx, t.secondaryKey(idx, row, suffix), append([]byte(nil), suffix...)); err != nil {
			return err
		}
	}
	return rows.Err()
}

// DropIndexEntries removes all entries of an index.
func DropIndexEntries(ctx context.Context, kv KV, table, index types.Oid) error {
	p := indexPrefix(table, index)
	return deleteSpan(ctx, kv, p, PrefixEnd(p))
}

// Truncate removes every row and index entry of a table.
func Truncate(ctx context.Context, kv KV, table types.Oid) error {
	s, e := tableSpan(table)
	SetLiveRows(table, 0)
	return deleteSpan(ctx, kv, s, e)
}

func deleteSpan(ctx context.Context, kv KV, start, end []byte) error {
	if r, ok := kv.(interface {
		DeleteRange(ctx context.Context, start, end []byte) error
	}); ok {
		return r.DeleteRange(ctx, start, end)
	}
	it, err := kv.Iterate(ctx, start, end, false)
	if err != nil {
		return err
	}
	var keys [][]byte
	for it.Next() {
		keys = append(keys, append([]byte(nil), it.Key()...))
		if len(keys) >= 1024 {
			it.Close()
			for _, k := range keys {
				if err := kv.Delete(ctx, k); err != nil {
					return err
				}
			}
			start = append(keys[len(keys)-1], 0)
			keys = keys[:0]
			if it, err = kv.Iterate(ctx, start, end, false); err != nil {
				return err
			}
		}
	}
	if err := it.Err(); err != nil {
		it.Close()
		return err
	}
	it.Close()
	for _, k := range keys {
		if err := kv.Delete(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

// RowIterator streams rows of a table.
type RowIterator struct {
	t   *Table
	it  Iterator
	kv  KV
	ctx context.Context
	row types.Row
	pk  []byte
	err error
	// viaIndex is set for index scans: values are primary key suffixes.
	viaIndex bool
	pkPrefix []byte
}

// ScanAll iterates over every row in primary key order.
func (t *Table) ScanAll(ctx context.Context, kv KV) (*RowIterator, error) {
	p := indexPrefix(t.Oid, t.Primary.Oid)
	return t.ScanPrimary(ctx, kv, p, PrefixEnd(p), false)
}

// ScanPrimary iterates over rows whose primary keys are in [start, end).
func (t *Table) ScanPrimary(ctx context.Context, kv KV, start, end []byte, reverse bool) (*RowIterator, error) {
	it, err := kv.Iterate(ctx, start, end, reverse)
	if err != nil {
		return nil, err
	}
	return &RowIterator{t: t, it: it, kv: kv, ctx: ctx, row: make(types.Row, len(t.Cols))}, nil
}

// ScanIndex iterates over rows through a secondary index, for index keys
// in [start, end).
func (t *Table) ScanIndex(ctx context.Context, kv KV, idx *Index, start, end []byte, reverse bool) (*RowIterator, error) {
	it, err := kv.Iterate(ctx, start, end, reverse)
	if err != nil {
		return nil, err
	}
	return &RowIterator{t: t, it: it, kv: kv, ctx: ctx, row: make(types.Row, len(t.Cols)), viaIndex: true,
		pkPrefix: indexPrefix(t.Oid, t.Primary.Oid)}, nil
}

// IndexPrefix returns the key prefix of an index of t.
func (t *Table) IndexPrefix(idx *Index) []byte { return indexPrefix(t.Oid, idx.Oid) }

// Next advances to the next row.
func (r *RowIterator) Next() bool {
	if r.err != nil {
		return false
	}
	for r.it.Next() {
		if r.viaIndex {
			r.pk = append(append(r.pk[:0], r.pkPrefix...), r.it.Value()...)
			found, err := r.t.Get(r.ctx, r.kv, r.pk, r.row)
			if err != nil {
				r.err = err
				return false
			}
			if !found {
				continue // a stale entry: the row is gone
			}
			return true
		}
		r.pk = append(r.pk[:0], r.it.Key()...)
		if err := DecodeRow(r.it.Value(), r.t.Cols, r.row); err != nil {
			r.err = err
			return false
		}
		return true
	}
	return false
}

// Row returns the current row; valid until Next.
func (r *RowIterator) Row() types.Row { return r.row }

// PK returns the current row's primary key; valid until Next.
func (r *RowIterator) PK() []byte { return r.pk }

// Err returns the iteration error.
func (r *RowIterator) Err() error {
	if r.err != nil {
		return r.err
	}
	return r.it.Err()
}

// Close releases the iterator.
func (r *RowIterator) Close() error { return r.it.Close() }

// LookupUnique finds the row whose values in a unique index equal row's.
// It returns the row's primary key and contents.
func (t *Table) LookupUnique(ctx context.Context, kv KV, idx *Index, row types.Row, out types.Row) ([]byte, bool, error) {
	if hasNull(idx, row) && !idx.NullsNotDistinct {
		return nil, false, nil
	}
	if idx.Primary || idx.Oid == t.Primary.Oid {
		pk := t.PrimaryKey(nil, row, 0)
		found, err := t.Get(ctx, kv, pk, out)
		return pk, found, err
	}
	prefix := t.secondaryPrefix(idx, row)
	it, err := kv.Iterate(ctx, prefix, PrefixEnd(prefix), false)
	if err != nil {
		return nil, false, err
	}
	defer it.Close()
	for it.Next() {
		pk := append(indexPrefix(t.Oid, t.Primary.Oid), it.Value()...)
		found, err := t.Get(ctx, kv, pk, out)
		if err != nil {
			return nil, false, err
		}
		if found {
			return pk, true, nil
		}
	}
	return nil, false, it.Err()
}

// IndexKey encodes values of an index's leading columns as a key prefix
// of that index (vals[i] is the value of idx.Cols[i]).
func (t *Table) IndexKey(idx *Index, vals []types.Datum) []byte {
	return t.AppendIndexKey(make([]byte, 0, 32), idx, vals)
}

// AppendIndexKey appends the key of vals in idx to dst.
func (t *Table) AppendIndexKey(dst []byte, idx *Index, vals []types.Datum) []byte {
	k := appendIndexPrefix(dst, t.Oid, idx.Oid)
	for i, v := range vals {
		desc := i < len(idx.Desc) && idx.Desc[i]
		k = AppendKey(k, t.Cols[idx.Cols[i]], v, desc)
	}
	return k
}

// ScanIndexPrefix iterates over the rows whose leading index columns
// equal vals, through idx (the primary index or a secondary one).
func (t *Table) ScanIndexPrefix(ctx context.Context, kv KV, idx *Index, vals []types.Datum) (*RowIterator, error) {
	p := t.IndexKey(idx, vals)
	return t.ScanIndexRange(ctx, kv, idx, p, PrefixEnd(p))
}

// ScanIndexRange iterates over the rows whose keys in idx (the primary
// index or a secondary one) are in [start, end), in index order.
func (t *Table) ScanIndexRange(ctx context.Context, kv KV, idx *Index, start, end []byte) (*RowIterator, error) {
	if idx.Oid == t.Primary.Oid {
		return t.ScanPrimary(ctx, kv, start, end, false)
	}
	return t.ScanIndex(ctx, kv, idx, start, end, false)
}
