package exec

import (
	"time"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// evalFn computes an expression over the current input row.
type evalFn func(s *State, row types.Row) (types.Datum, error)

// compileExpr turns an expression into a closure. Compiled closures hold no
// per-execution state and may be shared by concurrent executions.
func compileExpr(e analyze.Expr) (evalFn, error) {
	switch e := e.(type) {
	case *analyze.Const:
		v := e.Value
		return func(*State, types.Row) (types.Datum, error) { return v, nil }, nil
	case *plan.InputRef:
		i := e.Index
		return func(_ *State, row types.Row) (types.Datum, error) { return row[i], nil }, nil
	case *analyze.Param:
		i := e.Index - 1
		return func(s *State, _ types.Row) (types.Datum, error) {
			if i >= len(s.Params) {
				return types.Null, pgerror.New(pgerror.UndefinedParameter, "there is no parameter $%d", i+1)
			}
			return s.Params[i], nil
		}, nil
	case *analyze.Func:
		return compileFunc(e)
	case *analyze.Cast:
		return compileCast(e)
	case *analyze.BoolOp:
		return compileBoolOp(e)
	case *analyze.Subscript:
		return compileSubscript(e)
	case *analyze.FieldSelect:
		return compileFieldSelect(e)
	case *analyze.NullTest:
		arg, err := compileExpr(e.Arg)
		if err != nil {
			return nil, err
		}
		not, rowArg := e.Not, e.RowArg
		return func(s *State, row types.Row) (types.Datum, error) {
			v, err := arg(s, row)
			if err != nil {
				return types.Null, err
			}
			isNull := v.IsNull()
			if rowArg && !isNull {
				// ROW(...) IS NULL: every field null; IS NOT NULL: none null.
				r := v.Record()
				allNull, noneNull := true, true
				for _, f := range r.Values {
					if f.IsNull() {
						noneNull = false
					} else {
						allNull = false
					}
				}
				if not {
					return types.NewBool(noneNull), nil
				}
				return types.NewBool(allNull), nil
			}
			return types.NewBool(isNull != not), nil
		}, nil
	case *analyze.BoolTest:
		arg, err := compileExpr(e.Arg)
		if err != nil {
			return nil, err
		}
		kind := e.Kind
		return func(s *State, row types.Row) (types.Datum, error) {
			v, err := arg(s, row)
			if err != nil {
				return types.Null, err
			}
			var r bool
			switch kind {
			case analyze.IsTrue:
				r = !v.IsNull() && v.Bool()
			case analyze.IsNotTrue:
				r = v.IsNull() || !v.Bool()
			case analyze.IsFalse:
				r = !v.IsNull() && !v.Bool()
			case analyze.IsNotFalse:
				r = v.IsNull() || v.Bool()
			case analyze.IsUnknown:
				r = v.IsNull()
			default:
				r = !v.IsNull()
			}
			return types.NewBool(r), nil
		}, nil
	case *analyze.Case:
		return compileCase(e)
	case *analyze.CaseTest:
		return func(s *State, _ types.Row) (types.Datum, error) { return s.caseVal, nil }, nil
	case *analyze.Coalesce:
		args, err := compileList(e.Args)
		if err != nil {
			return nil, err
		}
		return func(s *State, row types.Row) (types.Datum, error) {
			for _, a := range args {
				v, err := a(s, row)
				if err != nil || !v.IsNull() {
					return v, err
				}
			}
			return types.Null, nil
		}, nil
	case *analyze.MinMax:
		args, err := compileList(e.Args)
		if err != nil {
			return nil, err
		}
		t, greatest := e.T, e.Greatest
		return func(s *State, row types.Row) (types.Datum, error) {
			var best types.Datum
			for _, a := range args {
				v, err := a(s, row)
				if err != nil {
					return types.Null, err
				}
				if v.IsNull() {
					continue
				}
				if best.IsNull() {
					best = v
					continue
				}
				c := types.Compare(t, v, best)
				if (greatest && c > 0) || (!greatest && c < 0) {
					best = v
				}
			}
			return best, nil
		}, nil
	case *analyze.NullIf:
		eq, err := compileFunc(e.Eq)
		if err != nil {
			return nil, err
		}
		first, err := compileExpr(e.Args[0])
		if err != nil {
			return nil, err
		}
		return func(s *State, row types.Row) (types.Datum, error) {
			v, err := first(s, row)
			if err != nil || v.IsNull() {
				return v, err
			}
			r, err := eq(s, row)
			if err != nil {
				return types.Null, err
			}
			if !r.IsNull() && r.Bool() {
				return types.Null, nil
			}
			return v, nil
		}, nil
	case *analyze.Distinct:
		return compileDistinct(e)
	case *analyze.ScalarArrayOp:
		return compileScalarArrayOp(e)
	case *analyze.ArrayExpr:
		return compileArray(e)
	case *analyze.RowExpr:
		args, err := compileList(e.Args)
		if err != nil {
			return nil, err
		}
		ts := make([]*types.T, len(e.Args))
		for i, a := range e.Args {
			ts[i] = a.Type()
		}
		return func(s *State, row types.Row) (types.Datum, error) {
			vals := make([]types.Datum, len(args))
			for i, a := range args {
				v, err := a(s, row)
				if err != nil {
					return types.Null, err
				}
				vals[i] = v
			}
			return types.NewRecord(&types.RecordVal{Types: ts, Values: vals}), nil
		}, nil
	case *analyze.RowCompare:
		return compileRowCompare(e)
	case *analyze.SQLValue:
		return compileSQLValue(e)
	case *plan.OuterRef:
		return compileOuterRef(e), nil
	case *plan.SubPlan:
		return compileSubPlan(e)
	}
	return nil, pgerror.New(pgerror.FeatureNotSupported, "expression %T is not supported by the executor", e)
}

func compileList(es []analyze.Expr) ([]evalFn, error) {
	out := make([]evalFn, len(es))
	for i, e := range es {
		f, err := compileExpr(e)
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

func compileFunc(e *analyze.Func) (evalFn, error) {
	args, err := compileList(e.Args)
	if err != nil {
		return nil, err
	}
	impl := e.Fn.Impl
	if impl == nil {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "function %s is not supported yet", e.Fn.Signature())
	}
	sig := e.Sig
	strict := e.Fn.Strict
	return func(s *State, row types.Row) (types.Datum, error) {
		base := len(s.stack)
		for _, a := range args {
			v, err := a(s, row)
			if err != nil {
				s.stack = s.stack[:base]
				return types.Null, err
			}
			if strict && v.IsNull() {
				s.stack = s.stack[:base]
				return types.Null, nil
			}
			s.stack = append(s.stack, v)
		}
		r, err := impl(s.Env, &sig, s.stack[base:])
		s.stack = s.stack[:base]
		return r, err
	}, nil
}

func compileCast(e *analyze.Cast) (evalFn, error) {
	arg, err := compileExpr(e.Arg)
	if err != nil {
		return nil, err
	}
	src, dst, explicit := e.Arg.Type(), e.T, e.Explicit
	if src.Oid == types.OidUnknown {
		src = types.Text
	}
	if dst.Domain != nil {
		return compileDomainCast(e, arg, src)
	}
	return func(s *State, row types.Row) (types.Datum, error) {
		v, err := arg(s, row)
		if err != nil || v.IsNull() {
			return v, err
		}
		return types.Cast(v, src, dst, explicit, s.Env.TypeCtx())
	}, nil
}

// compileDomainCast converts a value to a domain and checks the domain's
// constraints (ExecEvalConstraintNotNull, ExecEvalConstraintCheck): a
// NULL fails NOT NULL, and a CHECK fails when its condition is false
// (not when it is NULL). A condition sees the value as $1.
func compileDomainCast(e *analyze.Cast, arg evalFn, src *types.T) (evalFn, error) {
	dst, explicit := e.T, e.Explicit
	checks := make([]evalFn, len(e.DomainChecks))
	for i, ch := range e.DomainChecks {
		f, err := compileExpr(ch.Cond)
		if err != nil {
			return nil, err
		}
		checks[i] = f
	}
	return func(s *State, row types.Row) (types.Datum, error) {
		v, err := arg(s, row)
		if err != nil {
			return v, err
		}
		if v.IsNull() {
			if dst.Domain.NotNull {
				return types.Null, pgerror.New(pgerror.NotNullViolation, "domain %s does not allow null values", dst.Name)
			}
		} else if v, err = types.Cast(v, src, dst, explicit, s.Env.TypeCtx()); err != nil {
			return types.Null, err
		}
		for i, f := range checks {
			cs := &State{Env: s.Env, Txn: s.Txn, Params: []types.Datum{v}}
			ok, err := f(cs, nil)
			if err != nil {
				return types.Null, err
			}
			if !ok.IsNull() && !ok.Bool() {
				return types.Null, pgerror.New(pgerror.CheckViolation, `value for domain %s violates check constraint "%s"`, dst.Name, e.DomainChecks[i].Name)
			}
		}
		return v, nil
	}, nil
}

func compileBoolOp(e *analyze.BoolOp) (evalFn, error) {
	args, err := compileList(e.Args)
	if err != nil {
		return nil, err
	}
	switch e.Op {
	case analyze.Not:
		a := args[0]
		return func(s *State, row types.Row) (types.Datum, error) {
			v, err := a(s, row)
			if err != nil || v.IsNull() {
				return v, err
			}
			return types.NewBool(!v.Bool()), nil
		}, nil
	case analyze.And:
		return func(s *State, row types.Row) (types.Datum, error) {
			sawNull := false
			for _, a := range args {
				v, err := a(s, row)
				if err != nil {
					return types.Null, err
				}
				if v.IsNull() {
					sawNull = true
				} else if !v.Bool() {
					return types.DFalse, nil
				}
			}
			if sawNull {
				return types.Null, nil
			}
			return types.DTrue, nil
		}, nil
	default:
		return func(s *State, row types.Row) (types.Datum, error) {
			sawNull := false
			for _, a := range args {
				v, err := a(s, row)
				if err != nil {
					return types.Null, err
				}
				if v.IsNull() {
					sawNull = true
				} else if v.Bool() {
					return types.DTrue, nil
				}
			}
			if sawNull {
				return types.Null, nil
			}
			return types.DFalse, nil
		}, nil
	}
}

func compileCase(e *analyze.Case) (evalFn, error) {
	var arg evalFn
	var err error
	if e.Arg != nil {
		if arg, err = compileExpr(e.Arg); err != nil {
			return nil, err
		}
	}
	conds := make([]evalFn, len(e.Whens))
	results := make([]evalFn, len(e.Whens))
	for i, w := range e.Whens {
		if conds[i], err = compileExpr(w.Cond); err != nil {
			return nil, err
		}
		if results[i], err = compileExpr(w.Result); err != nil {
			return nil, err
		}
	}
	els, err := compileExpr(e.Else)
	if err != nil {
		return nil, err
	}
	return func(s *State, row types.Row) (types.Datum, error) {
		if arg != nil {
			v, err := arg(s, row)
			if err != nil {
				return types.Null, err
			}
			saved := s.caseVal
			s.caseVal = v
			defer func() { s.caseVal = saved }()
		}
		for i, c := range conds {
			v, err := c(s, row)
			if err != nil {
				return types.Null, err
			}
			if !v.IsNull() && v.Bool() {
				return results[i](s, row)
			}
		}
		return els(s, row)
	}, nil
}

func compileDistinct(e *analyze.Distinct) (evalFn, error) {
	l, err := compileExpr(e.Eq.Args[0])
	if err != nil {
		return nil, err
	}
	r, err := compileExpr(e.Eq.Args[1])
	if err != nil {
		return nil, err
	}
	impl, sig, not := e.Eq.Fn.Impl, e.Eq.Sig, e.Not
	return func(s *State, row types.Row) (types.Datum, error) {
		x, err := l(s, row)
		if err != nil {
			return types.Null, err
		}
		y, err := r(s, row)
		if err != nil {
			return types.Null, err
		}
		var distinct bool
		switch {
		case x.IsNull() && y.IsNull():
			distinct = false
		case x.IsNull() || y.IsNull():
			distinct = true
		default:
			eq, err := impl(s.Env, &sig, []types.Datum{x, y})
			if err != nil {
				return types.Null, err
			}
			distinct = !eq.Bool()
		}
		return types.NewBool(distinct != not), nil
	}, nil
}

func compileScalarArrayOp(e *analyze.ScalarArrayOp) (evalFn, error) {
	left, err := compileExpr(e.Left)
	if err != nil {
		return nil, err
	}
	arr, err := compileExpr(e.Array)
	if err != nil {
		return nil, err
	}
	impl, sig, strict, any := e.Op.Fn.Impl, e.Op.Sig, e.Op.Fn.Strict, e.Any
	if impl == nil {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "function %s is not supported yet", e.Op.Fn.Signature())
	}
	return func(s *State, row types.Row) (types.Datum, error) {
		x, err := left(s, row)
		if err != nil {
			return types.Null, err
		}
		av, err := arr(s, row)
		if err != nil || av.IsNull() {
			return types.Null, err
		}
		elems := av.Array().Elems
		if len(elems) == 0 {
			return types.NewBool(!any), nil
		}
		if x.IsNull() && strict {
			return types.Null, nil
		}
		sawNull := false
		args := []types.Datum{x, types.Null}
		for _, el := range elems {
			if el.IsNull() && strict {
				sawNull = true
				continue
			}
			args[1] = el
			r, err := impl(s.Env, &sig, args)
			if err != nil {
				return types.Null, err
			}
			switch {
			case r.IsNull():
				sawNull = true
			case r.Bool() && any:
				return types.DTrue, nil
			case !r.Bool() && !any:
				return types.DFalse, nil
			}
		}
		if sawNull {
			return types.Null, nil
		}
		return types.NewBool(!any), nil
	}, nil
}

func compileArray(e *analyze.ArrayExpr) (evalFn, error) {
	elems, err := compileList(e.Elems)
	if err != nil {
		return nil, err
	}
	t, multi := e.T, e.Multi
	return func(s *State, row types.Row) (types.Datum, error) {
		vals := make([]types.Datum, len(elems))
		for i, el := range elems {
			v, err := el(s, row)
			if err != nil {
				return types.Null, err
			}
			vals[i] = v
		}
		if !multi {
			return types.NewArray(types.NewArray1(t.Elem, vals)), nil
		}
		// Sub-arrays must have matching dimensions; NULL sub-arrays and
		// empty ones are skipped as PostgreSQL does.
		out := &types.Array{Elem: t.Elem}
		var subDims []types.ArrayDim
		n := int32(0)
		for _, v := range vals {
			if v.IsNull() {
				continue
			}
			a := v.Array()
			if len(a.Dims) == 0 {
				continue
			}
			if subDims == nil {
				subDims = a.Dims
			} else if !sameDims(subDims, a.Dims) {
				return types.Null, pgerror.New(pgerror.ArraySubscriptError, "multidimensional arrays must have array expressions with matching dimensions")
			}
			out.Elems = append(out.Elems, a.Elems...)
			n++
		}
		if n > 0 {
			out.Dims = append([]types.ArrayDim{{Len: n, Lower: 1}}, subDims...)
		}
		return types.NewArray(out), nil
	}, nil
}

func sameDims(a, b []types.ArrayDim) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func compileRowCompare(e *analyze.RowCompare) (evalFn, error) {
	ls, err := compileList(e.L)
	if err != nil {
		return nil, err
	}
	rs, err := compileList(e.R)
	if err != nil {
		return nil, err
	}
	// The argument types of each column's comparison. A comparison of two
	// constants may have been folded away; then the columns' own types
	// (already coerced to a common type by analysis) stand in.
	lts := make([]*types.T, len(e.L))
	rts := make([]*types.T, len(e.R))
	for i := range e.L {
		lts[i], rts[i] = e.L[i].Type(), e.R[i].Type()
		if f, ok := e.Cmps[i].(*analyze.Func); ok && len(f.Sig.Args) == 2 {
			lts[i], rts[i] = f.Sig.Args[0], f.Sig.Args[1]
		}
	}
	op := e.Op
	return func(s *State, row types.Row) (types.Datum, error) {
		for i := range ls {
			x, err := ls[i](s, row)
			if err != nil {
				return types.Null, err
			}
			y, err := rs[i](s, row)
			if err != nil {
				return types.Null, err
			}
			if x.IsNull() || y.IsNull() {
				return types.Null, nil
			}
			c := builtins.CompareValues(lts[i], x, rts[i], y)
			if c == 0 {
				continue
			}
			switch op {
			case "<", "<=":
				return types.NewBool(c < 0), nil
			default:
				return types.NewBool(c > 0), nil
			}
		}
		return types.NewBool(op == "<=" || op == ">="), nil
	}, nil
}

func compileSQLValue(e *analyze.SQLValue) (evalFn, error) {
	switch e.Kind {
	case analyze.SVCurrentUser, analyze.SVCurrentRole, analyze.SVUser:
		return func(s *State, _ types.Row) (types.Datum, error) { return types.NewString(s.Env.CurrentUser()), nil }, nil
	case analyze.SVSessionUser:
		return func(s *State, _ types.Row) (types.Datum, error) { return types.NewString(s.Env.SessionUser()), nil }, nil
	case analyze.SVCurrentCatalog:
		return func(s *State, _ types.Row) (types.Datum, error) { return types.NewString(s.Env.Database()), nil }, nil
	case analyze.SVCurrentSchema:
		return func(s *State, _ types.Row) (types.Datum, error) {
			return types.NewString("public"), nil
		}, nil
	case analyze.SVCurrentTimestamp, analyze.SVCurrentDate, analyze.SVCurrentTime, analyze.SVLocalTime, analyze.SVLocalTimestamp:
		t := e.T
		return func(s *State, _ types.Row) (types.Datum, error) { return builtins.CurrentDateTime(s.Env, t) }, nil
	}
	return nil, pgerror.New(pgerror.FeatureNotSupported, "this SQL value function is not supported yet")
}

// pgEpochMicros is 2000-01-01 00:00:00 UTC, PostgreSQL's timestamp
// origin, in Unix microseconds.
const pgEpochMicros = 946684800000000

func toPGMicros(t time.Time) int64 {
	return t.UnixMicro() - pgEpochMicros
}
