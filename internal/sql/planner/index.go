package planner

import (
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

// eqKeyTypes are the types whose equality operator agrees with the
// storage key encoding: equal values have equal keys and only they do.
// (Types with equal values of different spellings, such as numeric 1.0
// and 1.00 or float -0 and 0, and bpchar's padding, are left out.)
var eqKeyTypes = map[types.Oid]bool{
	types.OidInt2: true, types.OidInt4: true, types.OidInt8: true, types.OidText: true,
	types.OidVarchar: true, types.OidBool: true, types.OidOid: true, types.OidDate: true,
	types.OidTimestamp: true, types.OidTimestampTZ: true, types.OidUUID: true, types.OidName: true,
}

// indexEquality matches a WHERE conjunct "column = value" on range table
// entry rel, where value reads nothing of this query level; it returns
// the column's position among the entry's columns.
func indexEquality(c analyze.Expr, rel int) (int, analyze.Expr, bool) {
	f, ok := c.(*analyze.Func)
	if !ok || f.Op == nil || f.Op.Name != "=" || len(f.Args) != 2 {
		return 0, nil, false
	}
	for i := range 2 {
		v, ok := f.Args[i].(*analyze.Var)
		if !ok || v.LevelsUp != 0 || v.Rel != rel {
			continue
		}
		other := f.Args[1-i]
		if !eqKeyTypes[v.T.Oid] || other.Type().Oid != v.T.Oid {
			continue
		}
		if r, ok := refs(other); !ok || len(r) > 0 {
			continue
		}
		return v.Col, other, true
	}
	return 0, nil, false
}

// useIndex turns a sequential scan of a table into an index scan when the
// conjuncts that filter it fix a prefix of an index's columns by
// equality: the unique index fully fixed, else the index with the longest
// fixed prefix. The conjuncts still filter the scan's rows.
func (p *planner) useIndex(scan *plan.SeqScan, rel int, conds []analyze.Expr, lay *layout) (plan.Node, error) {
	eq := map[int]analyze.Expr{} // storage slot -> value
	for _, c := range conds {
		col, val, ok := indexEquality(c, rel)
		if !ok || col >= len(scan.Slots) {
			continue
		}
		if _, dup := eq[scan.Slots[col]]; !dup {
			eq[scan.Slots[col]] = val
		}
	}
	if len(eq) == 0 {
		return scan, nil
	}
	t := scan.Table
	var best *storage.Index
	bestLen, bestFull := 0, false
	consider := func(idx *storage.Index) {
		if idx == nil {
			return
		}
		n := 0
		for _, c := range idx.Cols {
			if _, ok := eq[c]; !ok {
				break
			}
			n++
		}
		full := n == len(idx.Cols) && (idx.Unique || idx.Primary || idx == t.Primary)
		if n == 0 {
			return
		}
		if (full && !bestFull) || (full == bestFull && n > bestLen) {
			best, bestLen, bestFull = idx, n, full
		}
	}
	if !t.RowID {
		consider(t.Primary)
	}
	for _, idx := range t.Indexes {
		consider(idx)
	}
	if best == nil {
		return scan, nil
	}
	is := &plan.IndexScan{Table: t, Index: best, Slots: scan.Slots, WithKey: scan.WithKey, Cols: scan.Cols}
	for _, c := range best.Cols[:bestLen] {
		r, err := p.rewrite(eq[c], lay)
		if err != nil {
			return nil, err
		}
		is.Eq = append(is.Eq, r)
	}
	return is, nil
}
