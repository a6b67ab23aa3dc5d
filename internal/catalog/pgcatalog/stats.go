package pgcatalog

import (
	"context"

	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/sql/stats"
	"github.com/tuskdb/tusk/internal/sql/types"
)

func init() {
	registerGen("pg_catalog.pg_stats", genStats)
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
