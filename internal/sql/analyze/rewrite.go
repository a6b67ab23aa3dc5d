package analyze

// Rewrite returns e with every sub-expression x for which fn returns a
// non-nil replacement replaced (the replacement is not visited again).
// Nodes whose children change are copied; e itself is not modified.
func Rewrite(e Expr, fn func(Expr) Expr) Expr {
	if e == nil {
		return nil
	}
	if r := fn(e); r != nil {
		return r
	}
	rw := func(x Expr) Expr { return Rewrite(x, fn) }
	list := func(xs []Expr) []Expr {
		if xs == nil {
			return nil
		}
		out := make([]Expr, len(xs))
		for i, x := range xs {
			out[i] = rw(x)
		}
		return out
	}
	switch e := e.(type) {
	case *Func:
		c := *e
		c.Args = list(e.Args)
		return &c
	case *Cast:
		c := *e
		c.Arg = rw(e.Arg)
		return &c
	case *BoolOp:
		return &BoolOp{Op: e.Op, Args: list(e.Args)}
	case *NullTest:
		c := *e
		c.Arg = rw(e.Arg)
		return &c
	case *BoolTest:
		return &BoolTest{Arg: rw(e.Arg), Kind: e.Kind}
	case *Case:
		c := &Case{Arg: rw(e.Arg), Else: rw(e.Else), T: e.T}
		for _, w := range e.Whens {
			c.Whens = append(c.Whens, CaseWhen{Cond: rw(w.Cond), Result: rw(w.Result)})
		}
		return c
	case *Coalesce:
		return &Coalesce{Args: list(e.Args), T: e.T}
	case *MinMax:
		c := *e
		c.Args = list(e.Args)
		return &c
	case *NullIf:
		c := *e
		c.Args = [2]Expr{rw(e.Args[0]), rw(e.Args[1])}
		eq := *e.Eq
		eq.Args = []Expr{c.Args[0], c.Args[1]}
		c.Eq = &eq
		return &c
	case *Distinct:
		eq := *e.Eq
		eq.Args = list(e.Eq.Args)
		return &Distinct{Eq: &eq, Not: e.Not}
	case *ScalarArrayOp:
		c := *e
		c.Left = rw(e.Left)
		c.Array = rw(e.Array)
		op := *e.Op
		op.Args = []Expr{c.Left, e.Op.Args[1]}
		c.Op = &op
		return &c
	case *ArrayExpr:
		c := *e
		c.Elems = list(e.Elems)
		return &c
	case *RowExpr:
		return &RowExpr{Args: list(e.Args)}
	case *RowCompare:
		c := *e
		c.Cmps = list(e.Cmps)
		c.L = list(e.L)
		c.R = list(e.R)
		c.Eqs = list(e.Eqs)
		return &c
	case *Subscript:
		c := *e
		c.Arr = rw(e.Arr)
		c.Index = list(e.Index)
		c.Upper = list(e.Upper)
		return &c
	case *FieldSelect:
		c := *e
		c.Arg = rw(e.Arg)
		return &c
	case *Aggref:
		c := *e
		c.Args = list(e.Args)
		c.Filter = rw(e.Filter)
		return &c
	case *WindowFunc:
		c := *e
		f := *e.Fn
		f.Args = list(e.Fn.Args)
		c.Fn = &f
		c.Filter = rw(e.Filter)
		return &c
	case *SubLink:
		if e.Test == nil {
			return e
		}
		c := *e
		c.Left = rw(e.Left)
		t := *e.Test
		t.Args = []Expr{c.Left, e.Test.Args[1]}
		c.Test = &t
		return &c
	}
	return e
}
