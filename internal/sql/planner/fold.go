package planner

import (
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/exec"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// folder evaluates constant subexpressions at plan time, as PostgreSQL's
// eval_const_expressions does: calls of immutable functions whose
// arguments are all constants become constants, CASE arms with constant
// conditions are pruned, and COALESCE drops NULL constants. Errors raised
// while folding (1/0) are the query's errors, reported before any row, as
// in PostgreSQL.
type folder struct {
	env builtins.Env
}

func (f *folder) fold(e analyze.Expr) (analyze.Expr, error) {
	if e == nil {
		return nil, nil
	}
	switch x := e.(type) {
	case *analyze.Const, *analyze.Param, *analyze.Var, *analyze.CaseTest:
		return e, nil
	case *analyze.Case:
		return f.foldCase(x)
	case *analyze.Coalesce:
		return f.foldCoalesce(x)
	case *analyze.BoolOp:
		if x.Op != analyze.Not {
			return f.foldAndOr(x)
		}
	case *analyze.Aggref:
		c := *x
		args, _, err := f.foldList(x.Args)
		if err != nil {
			return nil, err
		}
		c.Args = args
		if c.Filter, err = f.fold(x.Filter); err != nil {
			return nil, err
		}
		return &c, nil
	}
	// Fold the children first.
	var err error
	out := analyze.Rewrite(e, func(sub analyze.Expr) analyze.Expr {
		if sub == e || err != nil {
			return nil
		}
		r, ferr := f.fold(sub)
		if ferr != nil {
			err = ferr
			return sub
		}
		return r
	})
	if err != nil {
		return nil, err
	}
	// A strict function with a NULL constant argument is never called: the
	// call is NULL whatever its other arguments, constant or not, and
	// whatever its volatility (PostgreSQL's evaluate_function). So
	// x / x * NULL is NULL even where x is 0.
	if fn, ok := out.(*analyze.Func); ok && fn.Fn.Strict && !fn.Fn.RetSet {
		for _, a := range fn.Args {
			if k, ok := a.(*analyze.Const); ok && k.Value.IsNull() {
				return &analyze.Const{T: fn.Type(), Value: types.Null, Loc: -1}, nil
			}
		}
	}
	if !f.foldable(out) {
		return out, nil
	}
	return f.eval(out)
}

// foldAndOr simplifies AND and OR as PostgreSQL's simplify_and_arguments
// and simplify_or_arguments do: the arguments are folded left to right,
// and a constant that decides the result (FALSE for AND, TRUE for OR)
// ends the folding, so the arguments after it are neither folded nor
// evaluated ("1 = 1 or 1 / 0 = 1" is true). Constants that do not decide
// are dropped, a NULL among them is kept once.
func (f *folder) foldAndOr(b *analyze.BoolOp) (analyze.Expr, error) {
	decides := b.Op == analyze.Or
	var args []analyze.Expr
	haveNull := false
	for _, a := range b.Args {
		r, err := f.fold(a)
		if err != nil {
			return nil, err
		}
		if k, ok := r.(*analyze.Const); ok {
			switch {
			case k.Value.IsNull():
				haveNull = true
			case k.Value.Bool() == decides:
				return &analyze.Const{T: types.Bool, Value: types.NewBool(decides), Loc: -1}, nil
			}
			continue
		}
		args = append(args, r)
	}
	if haveNull {
		args = append(args, &analyze.Const{T: types.Bool, Value: types.Null, Loc: -1})
	}
	switch len(args) {
	case 0:
		return &analyze.Const{T: types.Bool, Value: types.NewBool(!decides), Loc: -1}, nil
	case 1:
		return args[0], nil
	}
	return &analyze.BoolOp{Op: b.Op, Args: args}, nil
}

func (f *folder) foldList(es []analyze.Expr) ([]analyze.Expr, bool, error) {
	out := make([]analyze.Expr, len(es))
	allConst := true
	for i, e := range es {
		r, err := f.fold(e)
		if err != nil {
			return nil, false, err
		}
		out[i] = r
		if _, ok := r.(*analyze.Const); !ok {
			allConst = false
		}
	}
	return out, allConst, nil
}

// foldable reports whether e is an immutable operation over constants.
func (f *folder) foldable(e analyze.Expr) bool {
	allConst := func(es []analyze.Expr) bool {
		for _, a := range es {
			if _, ok := a.(*analyze.Const); !ok {
				return false
			}
		}
		return true
	}
	switch x := e.(type) {
	case *analyze.Func:
		return x.Fn.Volatility == builtins.Immutable && x.Fn.Impl != nil && allConst(x.Args)
	case *analyze.Cast:
		_, ok := x.Arg.(*analyze.Const)
		return ok && immutableCast(x.Arg.Type(), x.T)
	case *analyze.BoolOp:
		return allConst(x.Args)
	case *analyze.NullTest:
		_, ok := x.Arg.(*analyze.Const)
		return ok
	case *analyze.BoolTest:
		_, ok := x.Arg.(*analyze.Const)
		return ok
	case *analyze.Distinct:
		return x.Eq.Fn.Volatility == builtins.Immutable && allConst(x.Eq.Args)
	case *analyze.NullIf:
		return x.Eq.Fn.Volatility == builtins.Immutable && allConst(x.Args[:])
	case *analyze.MinMax:
		return allConst(x.Args)
	case *analyze.ArrayExpr:
		return allConst(x.Elems)
	case *analyze.ScalarArrayOp:
		_, l := x.Left.(*analyze.Const)
		_, r := x.Array.(*analyze.Const)
		return l && r && x.Op.Fn.Volatility == builtins.Immutable
	}
	return false
}

// immutableCast reports whether a cast's result depends only on its input:
// casts involving the date/time types depend on TimeZone and DateStyle.
func immutableCast(src, dst *types.T) bool {
	dt := func(t *types.T) bool {
		switch t.Family {
		case types.FamDate, types.FamTime, types.FamTimeTZ, types.FamTimestamp, types.FamTimestampTZ, types.FamInterval:
			return true
		}
		return t.Oid == types.OidRegclass || t.Oid == types.OidRegproc || t.Oid == types.OidRegprocedure ||
			t.Oid == types.OidRegnamespace || t.Oid == types.OidRegrole || t.Oid == types.OidRegoper ||
			t.Oid == types.OidRegoperator || t.Oid == types.OidRegtype
	}
	return !dt(src) && !dt(dst)
}

func (f *folder) eval(e analyze.Expr) (analyze.Expr, error) {
	prog, err := exec.CompileExpr(e)
	if err != nil {
		return e, nil // not evaluable now; leave it to run time
	}
	v, err := prog(&exec.State{Env: f.env})
	if err != nil {
		return nil, err
	}
	return &analyze.Const{T: e.Type(), Value: v, Loc: -1}, nil
}

func (f *folder) foldCase(c *analyze.Case) (analyze.Expr, error) {
	out := &analyze.Case{T: c.T}
	var err error
	if out.Arg, err = f.fold(c.Arg); err != nil {
		return nil, err
	}
	var def analyze.Expr
	constTrue := false
	for _, w := range c.Whens {
		cond, err := f.fold(w.Cond)
		if err != nil {
			return nil, err
		}
		if k, ok := cond.(*analyze.Const); ok && c.Arg == nil {
			if k.Value.IsNull() || !k.Value.Bool() {
				continue
			}
			constTrue = true
		}
		res, err := f.fold(w.Result)
		if err != nil {
			return nil, err
		}
		if !constTrue {
			out.Whens = append(out.Whens, analyze.CaseWhen{Cond: cond, Result: res})
			continue
		}
		def = res
		break
	}
	if !constTrue {
		if def, err = f.fold(c.Else); err != nil {
			return nil, err
		}
	}
	if len(out.Whens) == 0 {
		return def, nil
	}
	out.Else = def
	return out, nil
}

func (f *folder) foldCoalesce(c *analyze.Coalesce) (analyze.Expr, error) {
	var args []analyze.Expr
	for _, a := range c.Args {
		r, err := f.fold(a)
		if err != nil {
			return nil, err
		}
		if k, ok := r.(*analyze.Const); ok {
			if k.Value.IsNull() {
				continue
			}
			if len(args) == 0 {
				return k, nil
			}
			args = append(args, k)
			break
		}
		args = append(args, r)
	}
	switch len(args) {
	case 0:
		return &analyze.Const{T: c.T, Value: types.Null, Loc: -1}, nil
	case 1:
		return args[0], nil
	}
	return &analyze.Coalesce{Args: args, T: c.T}, nil
}

// foldQuery folds the constant subexpressions of a query's clauses, in
// the order PostgreSQL's preprocess_expression visits them.
func foldQuery(q *analyze.Query, f *folder) error {
	var err error
	for _, t := range q.Targets {
		if t.Expr, err = f.fold(t.Expr); err != nil {
			return err
		}
	}
	if q.Where, err = f.fold(q.Where); err != nil {
		return err
	}
	for i := range q.GroupBy {
		if q.GroupBy[i], err = f.fold(q.GroupBy[i]); err != nil {
			return err
		}
	}
	if q.Having, err = f.fold(q.Having); err != nil {
		return err
	}
	for _, a := range q.Aggs {
		for i, arg := range a.Args {
			if a.Args[i], err = f.fold(arg); err != nil {
				return err
			}
		}
	}
	for i := range q.Sort {
		if q.Sort[i].Expr, err = f.fold(q.Sort[i].Expr); err != nil {
			return err
		}
	}
	if q.Limit, err = f.fold(q.Limit); err != nil {
		return err
	}
	if q.Offset, err = f.fold(q.Offset); err != nil {
		return err
	}
	return nil
}
