package exec

import (
	"bytes"
	"context"
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

// Foreign keys (PostgreSQL's utils/adt/ri_triggers.c), checked row by row
// as rows are written.

func keyVals(row types.Row, cols []int) []types.Datum {
	out := make([]types.Datum, len(cols))
	for i, c := range cols {
		out[i] = row[c]
	}
	return out
}

func keyText(t *storage.Table, cols []int, vals []types.Datum) (string, string) {
	names := make([]string, len(cols))
	vs := make([]string, len(cols))
	for i, c := range cols {
		names[i] = t.ColNames[c]
		if vals[i].IsNull() {
			vs[i] = "null"
		} else {
			vs[i] = types.FormatString(t.Cols[c], vals[i], types.DefaultCtx)
		}
	}
	return strings.Join(names, ", "), strings.Join(vs, ", ")
}

func sameKey(t *storage.Table, cols []int, a, b types.Row) bool {
	for _, c := range cols {
		x, y := a[c], b[c]
		if x.IsNull() != y.IsNull() {
			return false
		}
		if !x.IsNull() && !bytes.Equal(storage.AppendKey(nil, t.Cols[c], x, false), storage.AppendKey(nil, t.Cols[c], y, false)) {
			return false
		}
	}
	return true
}

// checkForeignKeys verifies that a new row's foreign keys reference
// existing rows. old is the row before an update (nil for an insert).
func (o *modifyOp) checkForeignKeys(s *State, ctx context.Context, kv storage.KV, row, old types.Row) error {
	for _, fk := range o.m.n.ForeignKeys {
		vals := keyVals(row, fk.Cols)
		nulls := 0
		for _, v := range vals {
			if v.IsNull() {
				nulls++
			}
		}
		if nulls == len(vals) {
			continue
		}
		if nulls > 0 {
			if fk.Match == 'f' {
				e := pgerror.New(pgerror.ForeignKeyViolation, `insert or update on table "%s" violates foreign key constraint "%s"`, fk.TableName, fk.Name).
					WithDetail("MATCH FULL does not allow mixing of null and nonnull key values.")
				e.SchemaName, e.TableName, e.ConstraintName = fk.TableSchema, fk.TableName, fk.Name
				return e
			}
			continue
		}
		if old != nil && sameKey(fk.Table, fk.Cols, row, old) {
			continue
		}
		ref := make(types.Row, len(fk.RefTable.Cols))
		for i, c := range fk.RefCols {
			ref[c] = vals[i]
		}
		_, found, err := fk.RefTable.LookupUnique(ctx, kv, fk.RefIndex, ref, make(types.Row, len(fk.RefTable.Cols)))
		if err != nil {
			return err
		}
		if !found {
			names, vs := keyText(fk.Table, fk.Cols, vals)
			e := pgerror.New(pgerror.ForeignKeyViolation, `insert or update on table "%s" violates foreign key constraint "%s"`, fk.TableName, fk.Name).
				WithDetail(`Key (%s)=(%s) is not present in table "%s".`, names, vs, fk.RefTableName)
			e.SchemaName, e.TableName, e.ConstraintName = fk.TableSchema, fk.TableName, fk.Name
			return e
		}
	}
	return nil
}

// referencing finds the rows of fk's table that reference key values.
func referencing(ctx context.Context, kv storage.KV, fk *plan.FKCheck, vals []types.Datum) ([][]byte, []types.Row, error) {
	t := fk.Table
	var it *storage.RowIterator
	var err error
	if fk.Index != nil {
		it, err = t.ScanIndexPrefix(ctx, kv, fk.Index, vals)
	} else {
		it, err = t.ScanAll(ctx, kv)
	}
	if err != nil {
		return nil, nil, err
	}
	defer it.Close()
	probe := make(types.Row, len(t.Cols))
	for i, c := range fk.Cols {
		probe[c] = vals[i]
	}
	var keys [][]byte
	var rows []types.Row
	for it.Next() {
		r := it.Row()
		if fk.Index == nil && !sameKey(t, fk.Cols, r, probe) {
			continue
		}
		keys = append(keys, append([]byte(nil), it.PK()...))
		rows = append(rows, append(types.Row(nil), r...))
	}
	return keys, rows, it.Err()
}

// checkReferenced applies the foreign keys that reference a row being
// updated (newRow non-nil) or deleted: NO ACTION and RESTRICT fail while
// referencing rows exist, CASCADE follows the change, SET NULL clears
// the referencing columns.
func (o *modifyOp) checkReferenced(s *State, ctx context.Context, kv storage.KV, old, newRow types.Row) error {
	for _, fk := range o.m.n.Referenced {
		if newRow != nil && sameKey(fk.RefTable, fk.RefCols, old, newRow) {
			continue
		}
		vals := keyVals(old, fk.RefCols)
		hasNull := false
		for _, v := range vals {
			if v.IsNull() {
				hasNull = true
			}
		}
		if hasNull {
			continue
		}
		keys, rows, err := referencing(ctx, kv, fk, vals)
		if err != nil {
			return err
		}
		if len(keys) == 0 {
			continue
		}
		action := fk.OnDelete
		if newRow != nil {
			action = fk.OnUpdate
		}
		switch action {
		case 'c':
			for i, k := range keys {
				if newRow == nil {
					if err := fk.Table.Delete(ctx, kv, k, rows[i]); err != nil {
						return err
					}
					continue
				}
				nr := append(types.Row(nil), rows[i]...)
				for j, c := range fk.Cols {
					nr[c] = newRow[fk.RefCols[j]]
				}
				if _, err := fk.Table.Update(ctx, kv, k, rows[i], nr); err != nil {
					return err
				}
			}
		case 'n':
			for i, k := range keys {
				nr := append(types.Row(nil), rows[i]...)
				for _, c := range fk.Cols {
					nr[c] = types.Null
				}
				if _, err := fk.Table.Update(ctx, kv, k, rows[i], nr); err != nil {
					return err
				}
			}
		case 'd':
			return pgerror.New(pgerror.FeatureNotSupported, "ON DELETE SET DEFAULT is not supported yet")
		default:
			names, vs := keyText(fk.RefTable, fk.RefCols, vals)
			e := pgerror.New(pgerror.ForeignKeyViolation, `update or delete on table "%s" violates foreign key constraint "%s" on table "%s"`, fk.RefTableName, fk.Name, fk.TableName).
				WithDetail(`Key (%s)=(%s) is still referenced from table "%s".`, names, vs, fk.TableName)
			e.SchemaName, e.TableName, e.ConstraintName = fk.TableSchema, fk.TableName, fk.Name
			return e
		}
	}
	return nil
}
