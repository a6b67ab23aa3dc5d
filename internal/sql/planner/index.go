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

// rangeKeyTypes are the types whose ordering agrees with the storage key
// encoding (integers, dates and times; strings compare bytewise).
var rangeKeyTypes = map[types.Oid]bool{
	types.OidInt2: true, types.OidInt4: true, types.OidInt8: true, types.OidText: true,
	types.OidVarchar: true, types.OidDate: true, types.OidTimestamp: true, types.OidTimestampTZ: true,
	types.OidOid: true,
}

// indexBound matches a WHERE conjunct "column < value" (or <=, >, >=,
// with the column on either side) on range table entry rel; lower says
// whether value bounds the column from below.
func indexBound(c analyze.Expr, rel int) (col int, val analyze.Expr, lower, incl, ok bool) {
	f, isFunc := c.(*analyze.Func)
	if !isFunc || f.Op == nil || len(f.Args) != 2 {
		return
	}
	op := f.Op.Name
	switch op {
	case "<", "<=", ">", ">=":
	default:
		return
	}
	for i := range 2 {
		v, isVar := f.Args[i].(*analyze.Var)
		if !isVar || v.LevelsUp != 0 || v.Rel != rel {
			continue
		}
		other := f.Args[1-i]
		if !rangeKeyTypes[v.T.Oid] || other.Type().Oid != v.T.Oid {
			continue
		}
		if r, okRefs := refs(other); !okRefs || len(r) > 0 {
			continue
		}
		// column OP value, or value OP column (flipped).
		lower = op == ">" || op == ">="
		if i == 1 {
			lower = !lower
		}
		return v.Col, other, lower, op == "<=" || op == ">=", true
	}
	return
}

// indexIn matches "column IN (values)" or "column = ANY (array)" on range
// table entry rel, where the array reads nothing of this query level.
func indexIn(c analyze.Expr, rel int) (int, analyze.Expr, bool) {
	sa, ok := c.(*analyze.ScalarArrayOp)
	if !ok || !sa.Any || sa.Op == nil || sa.Op.Op == nil || sa.Op.Op.Name != "=" {
		return 0, nil, false
	}
	v, ok := sa.Left.(*analyze.Var)
	if !ok || v.LevelsUp != 0 || v.Rel != rel || !eqKeyTypes[v.T.Oid] {
		return 0, nil, false
	}
	at := sa.Array.Type()
	if !at.IsArray() || at.Elem == nil || at.Elem.Oid != v.T.Oid {
		return 0, nil, false
	}
	if r, ok := refs(sa.Array); !ok || len(r) > 0 {
		return 0, nil, false
	}
	return v.Col, sa.Array, true
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

// indexEqualityOuter matches "column = value" on range table entry rel
// where value reads only entries of outer (the outer side of an index
// nested loop, whose row is fixed while the index is probed).
func indexEqualityOuter[V any](c analyze.Expr, rel int, outer map[int]V) (int, analyze.Expr, bool) {
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
		r, ok := refs(other)
		if !ok || len(r) == 0 {
			continue
		}
		inOuter := true
		for k := range r {
			if _, has := outer[k]; !has || k == rel {
				inOuter = false
			}
		}
		if inOuter {
			return v.Col, other, true
		}
	}
	return 0, nil, false
}

// bound is a range bound on one column.
type bound struct {
	val  analyze.Expr
	incl bool
}

// useIndex turns a sequential scan of a table into an index scan when the
// conjuncts that filter it fix a prefix of an index's columns by equality
// and perhaps bound the next column: the unique index fully fixed, else
// the index with the longest fixed prefix (a bounded next column breaks
// ties). It also returns the equality conjuncts the index lookup applies
// exactly (eqKeyTypes), which need no recheck; the other conjuncts must
// still filter the scan's rows.
func (p *planner) useIndex(scan *plan.SeqScan, rel int, conds []analyze.Expr, lay *layout) (plan.Node, []analyze.Expr, error) {
	eq := map[int]analyze.Expr{}    // storage slot -> value
	eqSrc := map[int]analyze.Expr{} // storage slot -> the conjunct giving eq's value
	lowers, uppers := map[int]bound{}, map[int]bound{}
	ins := map[int]analyze.Expr{}
	for _, c := range conds {
		if col, arr, ok := indexIn(c, rel); ok && col < len(scan.Slots) {
			if _, dup := ins[scan.Slots[col]]; !dup {
				ins[scan.Slots[col]] = arr
			}
			continue
		}
		col, val, ok := indexEquality(c, rel)
		if !ok && p.probeOuter != nil {
			col, val, ok = indexEqualityOuter(c, rel, p.probeOuter.off)
		}
		if ok && col < len(scan.Slots) {
			if _, dup := eq[scan.Slots[col]]; !dup {
				eq[scan.Slots[col]] = val
				eqSrc[scan.Slots[col]] = c
			}
			continue
		}
		if col, val, lower, incl, ok := indexBound(c, rel); ok && col < len(scan.Slots) {
			m := uppers
			if lower {
				m = lowers
			}
			if _, dup := m[scan.Slots[col]]; !dup {
				m[scan.Slots[col]] = bound{val, incl}
			}
		}
	}
	if len(eq) == 0 && len(lowers) == 0 && len(uppers) == 0 && len(ins) == 0 {
		return scan, nil, nil
	}
	t := scan.Table
	var best *storage.Index
	bestLen, bestFull, bestRange := 0, false, false
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
		hasRange := false
		if !full && n < len(idx.Cols) && !(n < len(idx.Desc) && idx.Desc[n]) {
			_, lo := lowers[idx.Cols[n]]
			_, hi := uppers[idx.Cols[n]]
			_, in := ins[idx.Cols[n]]
			hasRange = lo || hi || in
		}
		if n == 0 && !hasRange {
			return
		}
		better := false
		switch {
		case full != bestFull:
			better = full
		case n != bestLen:
			better = n > bestLen
		default:
			better = hasRange && !bestRange
		}
		if best == nil || better {
			best, bestLen, bestFull, bestRange = idx, n, full, hasRange
		}
	}
	if !t.RowID {
		consider(t.Primary)
	}
	for _, idx := range t.Indexes {
		consider(idx)
	}
	if best == nil {
		return scan, nil, nil
	}
	is := &plan.IndexScan{Table: t, Index: best, Slots: scan.Slots, WithKey: scan.WithKey, Cols: scan.Cols, Alias: scan.Alias, Schema: scan.Schema}
	var used []analyze.Expr
	for _, c := range best.Cols[:bestLen] {
		r, err := p.rewrite(eq[c], lay)
		if err != nil {
			return nil, nil, err
		}
		is.Eq = append(is.Eq, r)
		used = append(used, eqSrc[c])
	}
	if bestRange {
		next := best.Cols[bestLen]
		if arr, ok := ins[next]; ok {
			r, err := p.rewrite(arr, lay)
			if err != nil {
				return nil, nil, err
			}
			is.In = r
			return is, used, nil
		}
		if b, ok := lowers[next]; ok {
			r, err := p.rewrite(b.val, lay)
			if err != nil {
				return nil, nil, err
			}
			is.Lower, is.LowerIncl = r, b.incl
		}
		if b, ok := uppers[next]; ok {
			r, err := p.rewrite(b.val, lay)
			if err != nil {
				return nil, nil, err
			}
			is.Upper, is.UpperIncl = r, b.incl
		}
	}
	return is, used, nil
}

// orderedByScan reports whether a single-table query's rows already come
// out of its scan in ORDER BY's order, so no sort is needed: ascending
// keys on the primary key's columns for a sequential scan (which reads in
// primary key order), or on the index columns after the equality prefix
// for an index scan.
func (p *planner) orderedByScan(q *analyze.Query, node plan.Node) bool {
	if len(q.Sort) == 0 || q.HasAggs || q.Distinct || len(q.DistinctOn) > 0 || len(q.Windows) > 0 {
		return false
	}
	rel, ok := onlyRelation(q)
	if !ok {
		return false
	}
	if f, isFilter := node.(*plan.Filter); isFilter {
		node = f.Input
	}
	var order []int // storage slots, in scan order
	var slots []int
	fixed := map[int]bool{}
	switch s := node.(type) {
	case *plan.SeqScan:
		if s.Table.RowID || s.Table.Primary == nil {
			return false
		}
		for i, c := range s.Table.Primary.Cols {
			if i < len(s.Table.Primary.Desc) && s.Table.Primary.Desc[i] {
				break
			}
			order = append(order, c)
		}
		slots = s.Slots
	case *plan.IndexScan:
		if s.In != nil {
			return false
		}
		idx := s.Index
		for i, c := range idx.Cols {
			if i < len(s.Eq) {
				fixed[c] = true
				continue
			}
			if i < len(idx.Desc) && idx.Desc[i] {
				break
			}
			order = append(order, c)
		}
		slots = s.Slots
	default:
		return false
	}
	pos := 0
	for _, k := range q.Sort {
		v, isVar := k.Expr.(*analyze.Var)
		if !isVar || v.LevelsUp != 0 || v.Rel != rel || k.Desc || k.NullsFirst || k.Using != "" ||
			v.Col >= len(slots) || !rangeKeyTypes[v.T.Oid] {
			return false
		}
		slot := slots[v.Col]
		if fixed[slot] {
			continue
		}
		if pos >= len(order) || order[pos] != slot {
			return false
		}
		pos++
	}
	return true
}
