package exec

import (
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// indexScan compiles an index scan for equality on a prefix of an
// index's columns: a point lookup, or a prefix scan in index order.
func (c *compiler) indexScan(n *plan.IndexScan) (build, error) {
	eq := make([]evalFn, len(n.Eq))
	for i, e := range n.Eq {
		f, err := compileExpr(e)
		if err != nil {
			return nil, err
		}
		eq[i] = f
	}
	t, idx, slots, withKey := n.Table, n.Index, n.Slots, n.WithKey
	width := len(n.Cols)
	return func(s *State) (operator, error) {
		kv, err := s.kv()
		if err != nil {
			return nil, err
		}
		vals := make([]types.Datum, len(eq))
		for i, f := range eq {
			v, err := f(s, nil)
			if err != nil {
				return nil, err
			}
			if v.IsNull() {
				// column = NULL is never true.
				return &valuesOp{}, nil
			}
			vals[i] = v
		}
		it, err := t.ScanIndexPrefix(s.Env.Context(), kv, idx, vals)
		if err != nil {
			return nil, err
		}
		return &scanOp{it: it, slots: slots, withKey: withKey, out: make(types.Row, width)}, nil
	}, nil
}
