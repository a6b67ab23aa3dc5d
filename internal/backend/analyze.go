package backend

import (
	"context"
	"hash/fnv"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/planner"
	"github.com/tuskdb/tusk/internal/sql/stats"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// analyzeTarget is a table ANALYZE gathers statistics for, and the
// columns (by attnum; nil for all).
type analyzeTarget struct {
	d    *catalog.Desc
	cols map[int16]bool
}

// wantsAnalyze reports whether a VACUUM or ANALYZE statement gathers
// statistics.
func wantsAnalyze(s *pg_query.VacuumStmt) bool {
	if !s.IsVacuumcmd {
		return true
	}
	for _, o := range s.Options {
		if de := o.GetDefElem(); de != nil && de.Defname == "analyze" {
			if a := de.GetArg(); a != nil {
				switch v := a.GetString_().GetSval(); v {
				case "false", "off", "0", "no":
					return false
				}
				if b := a.GetBoolean(); b != nil && !b.Boolval {
					return false
				}
				if i := a.GetInteger(); i != nil && i.Ival == 0 {
					return false
				}
			}
			return true
		}
	}
	return false
}

// analyzeTargets resolves an ANALYZE statement's tables and column lists;
// without tables, every table of the database the session may read.
func (b *Backend) analyzeTargets(s *pg_query.VacuumStmt) ([]analyzeTarget, error) {
	var out []analyzeTarget
	if len(s.Rels) == 0 {
		temp := b.tempSchema()
		for _, sc := range b.tx.cat.Schemas(b.dbOid) {
			if catalog.IsTempSchemaName(sc.Name) && (temp == nil || temp.Oid != sc.Oid) {
				continue
			}
			for _, d := range b.tx.cat.InSchema(sc.Oid) {
				if d.Kind == catalog.KindTable && d.Table != nil {
					out = append(out, analyzeTarget{d: d})
				}
			}
		}
		return out, nil
	}
	for _, r := range s.Rels {
		vr := r.GetVacuumRelation()
		rv := vr.GetRelation()
		if rv == nil {
			continue
		}
		d, err := b.lookupRelation(rv.Schemaname, rv.Relname)
		if err != nil {
			return nil, err
		}
		if d == nil || d.Kind != catalog.KindTable || d.Table == nil {
			// Views, sequences and the like have no statistics (the
			// statement's check already reported a missing relation).
			continue
		}
		tgt := analyzeTarget{d: d}
		for _, c := range vr.VaCols {
			name := c.GetString_().GetSval()
			found := false
			for _, col := range d.Table.Columns {
				if !col.Dropped && col.Name == name {
					if tgt.cols == nil {
						tgt.cols = map[int16]bool{}
					}
					tgt.cols[col.Attnum] = true
					found = true
				}
			}
			if !found {
				return nil, pgerror.New(pgerror.UndefinedColumn, `column "%s" of relation "%s" does not exist`, name, d.Name)
			}
		}
		out = append(out, tgt)
	}
	return out, nil
}

// analyzeTables gathers and stores the statistics of the targets in the
// session's transaction.
func (b *Backend) analyzeTables(ctx context.Context, targets []analyzeTarget) error {
	if len(targets) == 0 || b.srv.Engine == nil {
		return nil
	}
	if err := b.startKV(ctx); err != nil {
		return err
	}
	for _, tgt := range targets {
		st, err := b.gatherStats(ctx, tgt)
		if err != nil {
			return err
		}
		if tgt.cols != nil {
			// A column list refreshes those columns and keeps the others'.
			if old, err := catalog.GetStats(ctx, b.tx.kv, tgt.d.Oid); err == nil && old != nil {
				for att, c := range old.Cols {
					if _, ok := st.Cols[att]; !ok {
						st.Cols[att] = c
					}
				}
			}
		}
		if err := catalog.PutStats(ctx, b.tx.kv, tgt.d.Oid, st); err != nil {
			return err
		}
		b.tx.analyzed = true
		b.tx.cat.SetPendingStats(tgt.d.Oid, st)
		modsSinceAnalyze.reset(b.srv.Catalog, tgt.d.Oid, st.Rows)
	}
	return nil
}

// gatherStats reads a table, sampling its rows, and computes its
// statistics.
func (b *Backend) gatherStats(ctx context.Context, tgt analyzeTarget) (*stats.Table, error) {
	t, err := b.analyzeTable(tgt.d)
	if err != nil {
		return nil, err
	}
	st := planner.StorageTable(t)
	h := fnv.New64a()
	h.Write([]byte(tgt.d.Name))
	s := stats.NewSampler(stats.SampleSize, h.Sum64())
	it, err := st.ScanAll(ctx, b.tx.kv)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	for it.Next() {
		row := it.Row()
		s.Add(row, rowSize(it.PK(), row))
		if s.Seen%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	attnums := make([]int16, len(t.Columns))
	cols := make([]*types.T, len(t.Columns))
	for i, c := range t.Columns {
		attnums[i] = c.Attnum
		if !c.Dropped {
			cols[i] = c.T
		}
	}
	var want func(int16) bool
	if tgt.cols != nil {
		want = func(a int16) bool { return tgt.cols[a] }
	}
	return stats.Build(s, attnums, cols, want), nil
}

// rowSize approximates a row's stored size: its key, a header, and its
// values.
func rowSize(pk []byte, row types.Row) int {
	n := len(pk) + 24
	for _, d := range row {
		switch d.Kind() {
		case types.KNull:
		case types.KString, types.KBytes:
			n += len(d.Str()) + 1
		default:
			n += 8
		}
	}
	return n
}
