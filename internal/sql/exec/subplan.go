package exec

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// subResult is an uncorrelated subquery's cached result.
type subResult struct {
	val  types.Datum   // EXISTS, scalar and ARRAY results
	rows []types.Datum // the first column of every row, for ANY and ALL
}

func compileOuterRef(r *plan.OuterRef) evalFn {
	depth, idx := r.Depth, r.Index
	return func(s *State, _ types.Row) (types.Datum, error) {
		if depth > len(s.outer) {
			return types.Null, pgerror.New(pgerror.InternalError, "outer row reference out of range")
		}
		return s.outer[len(s.outer)-depth][idx], nil
	}
}

// compileSubPlan compiles a subquery in an expression. It runs with the
// evaluating row pushed as the outer row; an uncorrelated one runs once
// per execution.
func compileSubPlan(sp *plan.SubPlan) (evalFn, error) {
	c := &compiler{ctes: map[*plan.CTE]build{}}
	prog, err := c.node(sp.Plan)
	if err != nil {
		return nil, err
	}
	var test evalFn
	if sp.Test != nil {
		if test, err = compileExpr(sp.Test); err != nil {
			return nil, err
		}
	}
	kind, correlated, t := sp.Kind, sp.Correlated, sp.T
	// run executes the subquery, calling each for every row until it
	// returns false.
	run := func(s *State, row types.Row, each func(types.Row) (bool, error)) error {
		s.outer = append(s.outer, row)
		defer func() { s.outer = s.outer[:len(s.outer)-1] }()
		op, err := prog(s)
		if err != nil {
			return err
		}
		defer op.Close()
		for {
			r, err := op.Next(s)
			if err != nil {
				return err
			}
			if r == nil {
				return nil
			}
			more, err := each(r)
			if err != nil || !more {
				return err
			}
		}
	}
	switch kind {
	case analyze.SubExists, analyze.SubExpr, analyze.SubArray:
		compute := func(s *State, row types.Row) (types.Datum, error) {
			switch kind {
			case analyze.SubExists:
				found := false
				err := run(s, row, func(types.Row) (bool, error) { found = true; return false, nil })
				return types.NewBool(found), err
			case analyze.SubExpr:
				var v types.Datum
				n := 0
				err := run(s, row, func(r types.Row) (bool, error) {
					n++
					if n > 1 {
						return false, pgerror.New(pgerror.CardinalityViolation, "more than one row returned by a subquery used as an expression")
					}
					v = r[0]
					return true, nil
				})
				return v, err
			default:
				var elems []types.Datum
				err := run(s, row, func(r types.Row) (bool, error) { elems = append(elems, r[0]); return true, nil })
				if err != nil {
					return types.Null, err
				}
				return buildArray(t, elems)
			}
		}
		if correlated {
			return compute, nil
		}
		return func(s *State, row types.Row) (types.Datum, error) {
			if r, ok := s.subCache[sp]; ok {
				return r.val, nil
			}
			v, err := compute(s, row)
			if err != nil {
				return types.Null, err
			}
			if s.subCache == nil {
				s.subCache = map[*plan.SubPlan]subResult{}
			}
			s.subCache[sp] = subResult{val: v}
			return v, nil
		}, nil
	}
	any := kind == analyze.SubAny
	// check evaluates the test against one subquery value; it returns
	// (decided, result) where decided ends the scan.
	check := func(s *State, row types.Row, v types.Datum, sawNull *bool) (bool, bool, error) {
		saved := s.caseVal
		s.caseVal = v
		r, err := test(s, row)
		s.caseVal = saved
		if err != nil {
			return true, false, err
		}
		switch {
		case r.IsNull():
			*sawNull = true
		case r.Bool() && any:
			return true, true, nil
		case !r.Bool() && !any:
			return true, false, nil
		}
		return false, false, nil
	}
	finish := func(decided, result, sawNull bool) types.Datum {
		if decided {
			return types.NewBool(result)
		}
		if sawNull {
			return types.Null
		}
		return types.NewBool(!any)
	}
	if correlated {
		return func(s *State, row types.Row) (types.Datum, error) {
			sawNull, decided, result := false, false, false
			var cerr error
			err := run(s, row, func(r types.Row) (bool, error) {
				decided, result, cerr = check(s, row, r[0], &sawNull)
				return !decided, cerr
			})
			if err != nil {
				return types.Null, err
			}
			return finish(decided, result, sawNull), nil
		}, nil
	}
	return func(s *State, row types.Row) (types.Datum, error) {
		res, ok := s.subCache[sp]
		if !ok {
			var vals []types.Datum
			err := run(s, row, func(r types.Row) (bool, error) { vals = append(vals, r[0]); return true, nil })
			if err != nil {
				return types.Null, err
			}
			res = subResult{rows: vals}
			if s.subCache == nil {
				s.subCache = map[*plan.SubPlan]subResult{}
			}
			s.subCache[sp] = res
		}
		sawNull := false
		for _, v := range res.rows {
			decided, result, err := check(s, row, v, &sawNull)
			if err != nil {
				return types.Null, err
			}
			if decided {
				return types.NewBool(result), nil
			}
		}
		return finish(false, false, sawNull), nil
	}, nil
}

// buildArray makes ARRAY(subquery)'s result: a one-dimensional array, or
// a multidimensional one when the elements are arrays.
func buildArray(t *types.T, elems []types.Datum) (types.Datum, error) {
	if t.Elem != nil && len(elems) > 0 && elems[0].Kind() == types.KArray {
		out := &types.Array{Elem: t.Elem}
		var sub []types.ArrayDim
		for _, e := range elems {
			if e.IsNull() {
				return types.Null, pgerror.New(pgerror.NullValueNotAllowed, "cannot accumulate null arrays")
			}
			a := e.Array()
			if sub == nil {
				sub = a.Dims
			} else if !sameDims(sub, a.Dims) {
				return types.Null, pgerror.New(pgerror.ArraySubscriptError, "cannot accumulate arrays of different dimensionality")
			}
			out.Elems = append(out.Elems, a.Elems...)
		}
		out.Dims = append([]types.ArrayDim{{Len: int32(len(elems)), Lower: 1}}, sub...)
		return types.NewArray(out), nil
	}
	return types.NewArray(types.NewArray1(t.Elem, elems)), nil
}
