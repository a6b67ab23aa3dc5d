package planner

import (
	"github.com/tuskdb/tusk/internal/sql/plan"
)

// scanOrder returns the output columns a plan's rows come ordered by
// (ascending, major first) straight from its scan, with the columns an
// index scan fixes by equality left out (they hold one value): the
// primary key's leading ascending columns for a sequential scan, which
// reads in primary key order, or the index columns after the equality
// prefix for an index scan. A filter keeps its input's order.
func scanOrder(n plan.Node) []int {
	if f, ok := n.(*plan.Filter); ok {
		n = f.Input
	}
	var slots, order []int
	switch s := n.(type) {
	case *plan.SeqScan:
		if s.Sequence != 0 || s.Table.RowID || s.Table.Primary == nil {
			return nil
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
			return nil
		}
		for i, c := range s.Index.Cols {
			if i < len(s.Eq) {
				continue
			}
			if i < len(s.Index.Desc) && s.Index.Desc[i] {
				break
			}
			order = append(order, c)
		}
		slots = s.Slots
	default:
		return nil
	}
	var out []int
	for _, slot := range order {
		col := -1
		for i, sl := range slots {
			if sl == slot {
				col = i
				break
			}
		}
		if col < 0 {
			break
		}
		out = append(out, col)
	}
	return out
}

// estRows returns the planner's row estimate of a scan (or a filter over
// one); false when it made none.
func estRows(n plan.Node) (float64, bool) {
	var r float64
	switch s := n.(type) {
	case *plan.SeqScan:
		r = s.EstRows
	case *plan.IndexScan:
		r = s.EstRows
	case *plan.Filter:
		r = s.EstRows
		if r == 0 {
			return estRows(s.Input)
		}
	}
	return r, r > 0
}

// mergeJoin turns a hash join into a merge join when both inputs already
// come ordered on the join keys (no sort is ever added for one) and the
// merge join's cost is below the hash join's and the nested loop's. The
// keys are reordered to follow the inputs' order.
func mergeJoin(hj *plan.HashJoin) (*plan.MergeJoin, bool) {
	lo, ro := scanOrder(hj.Left), scanOrder(hj.Right)
	n := len(hj.LeftKeys)
	if len(lo) < n || len(ro) < n {
		return nil, false
	}
	mj := &plan.MergeJoin{Left: hj.Left, Right: hj.Right, Type: hj.Type, Cond: hj.Cond, Cols: hj.Cols}
	used := make([]bool, n)
	for i := 0; i < n; i++ {
		found := false
		for k := range hj.LeftKeys {
			l, lok := hj.LeftKeys[k].(*plan.InputRef)
			r, rok := hj.RightKeys[k].(*plan.InputRef)
			if used[k] || !lok || !rok || l.Index != lo[i] || r.Index != ro[i] {
				continue
			}
			// Both sides must be stored, and compared, as the same type
			// for the two orders to agree with the comparison.
			if l.T == nil || r.T == nil || l.T.Oid != r.T.Oid || hj.KeyTypes[k] == nil ||
				hj.KeyTypes[k].Oid != l.T.Oid || !rangeKeyTypes[l.T.Oid] {
				return nil, false
			}
			used[k], found = true, true
			mj.LeftKeys = append(mj.LeftKeys, l)
			mj.RightKeys = append(mj.RightKeys, r)
			mj.KeyTypes = append(mj.KeyTypes, hj.KeyTypes[k])
			break
		}
		if !found {
			return nil, false
		}
	}
	outer, ok1 := estRows(hj.Left)
	inner, ok2 := estRows(hj.Right)
	if !ok1 || !ok2 {
		return nil, false
	}
	c := mergeJoinCost(outer, inner, 0)
	if c >= hashJoinCost(outer, inner, 0) || c >= nestLoopCost(outer, inner, 0) {
		return nil, false
	}
	return mj, true
}
