package pgcatalog

import (
	"context"
	"strconv"

	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/stats"
	"github.com/tuskdb/tusk/internal/sql/types"
)

func init() {
	registerGen("pg_catalog.pg_stats", genStats)
	registerGen("pg_catalog.pg_statistic", genStatistic)
}

// The statistics slot kinds of pg_statistic (catalog/pg_statistic.h).
const (
	statMCV         = 1
	statHistogram   = 2
	statCorrelation = 3
)

// operatorOid returns the OID of the binary operator name on two values
// of type t, or 0.
func operatorOid(name string, t *types.T) types.Oid {
	for _, op := range builtins.OperatorsByName(name) {
		if op.Left != nil && op.Right != nil && op.Left.Oid == t.Oid && op.Right.Oid == t.Oid {
			return op.Oid
		}
	}
	return 0
}

// genStatistic lists the statistics in pg_statistic's layout: a slot of
// common values, one of histogram bounds and one of the correlation, as
// PostgreSQL's ANALYZE fills them for a column with a btree ordering.
func genStatistic(s *Source, rs *rowSet) {
	for _, d := range s.relations() {
		st := s.tableStats(d)
		if st == nil {
			continue
		}
		for _, c := range d.Table.Columns {
			cs := st.Cols[c.Attnum]
			if c.Dropped || cs == nil {
				continue
			}
			t := c.Type()
			row := rs.add().oid("starelid", d.Oid).i("staattnum", int64(c.Attnum)).b("stainherit", false).
				f("stanullfrac", float64(float32(cs.NullFrac))).i("stawidth", int64(cs.Width)).
				f("stadistinct", float64(float32(cs.NDistinct)))
			slot := 1
			put := func(kind int64, op string, numbers []float64, values []string) {
				n := strconv.Itoa(slot)
				row.i("stakind"+n, kind).oid("staop"+n, operatorOid(op, t)).oid("stacoll"+n, typCollation(t))
				if numbers != nil {
					row.set("stanumbers"+n, float4Array(numbers))
				}
				if values != nil {
					row.set("stavalues"+n, textArray(values))
				}
				slot++
			}
			if len(cs.MCVText) > 0 {
				put(statMCV, "=", cs.MCF, cs.MCVText)
			}
			if len(cs.HistText) > 0 {
				put(statHistogram, "<", nil, cs.HistText)
			}
			if len(cs.Hist) > 0 || len(cs.MCV) > 0 {
				put(statCorrelation, "<", []float64{cs.Correlation}, nil)
			}
			for ; slot <= 5; slot++ {
				n := strconv.Itoa(slot)
				row.i("stakind"+n, 0).oid("staop"+n, 0).oid("stacoll"+n, 0)
			}
		}
	}
}

// tableStats returns a table's committed planner statistics, or nil.
func (s *Source) tableStats(d *catalog.Desc) *stats.Table {
	if s.Cat == nil || d.Kind != catalog.KindTable {
		return nil
	}
	st, err := s.Cat.Stats(context.Background(), d.Oid)
	if err != nil {
		return nil
	}
	return st
}

// textArray is a one-dimensional text array of vals.
func textArray(vals []string) types.Datum {
	a := &types.Array{Elem: types.Text, Dims: []types.ArrayDim{{Len: int32(len(vals)), Lower: 1}}}
	for _, v := range vals {
		a.Elems = append(a.Elems, types.NewString(v))
	}
	return types.NewArray(a)
}

// float4Array is a one-dimensional real array of vals.
func float4Array(vals []float64) types.Datum {
	a := &types.Array{Elem: types.Float4, Dims: []types.ArrayDim{{Len: int32(len(vals)), Lower: 1}}}
	for _, v := range vals {
		a.Elems = append(a.Elems, types.NewFloat(float64(float32(v))))
	}
	return types.NewArray(a)
}

// genStats lists the statistics ANALYZE stored, one row per analyzed
// column (the pg_stats view over pg_statistic).
func genStats(s *Source, rs *rowSet) {
	for _, d := range s.relations() {
		st := s.tableStats(d)
		if st == nil {
			continue
		}
		schema := ""
		if sd := s.Cat.Get(d.Schema); sd != nil {
			schema = sd.Name
		}
		for _, c := range d.Table.Columns {
			cs := st.Cols[c.Attnum]
			if c.Dropped || cs == nil {
				continue
			}
			row := rs.add().str("schemaname", schema).str("tablename", d.Name).str("attname", c.Name).b("inherited", false).
				f("null_frac", float64(float32(cs.NullFrac))).i("avg_width", int64(cs.Width)).
				f("n_distinct", float64(float32(cs.NDistinct)))
			if len(cs.MCVText) > 0 {
				row.set("most_common_vals", textArray(cs.MCVText)).set("most_common_freqs", float4Array(cs.MCF))
			}
			if len(cs.HistText) > 0 {
				row.set("histogram_bounds", textArray(cs.HistText))
			}
			if len(cs.Hist) > 0 || len(cs.MCV) > 0 {
				row.f("correlation", float64(float32(cs.Correlation)))
			}
		}
	}
}
