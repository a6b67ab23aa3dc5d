package planner

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/plan"
)

// Plan builds the plan for an analyzed query. env is used to evaluate
// constant subexpressions at plan time.
func Plan(q *analyze.Query, env builtins.Env) (plan.Node, error) {
	if q.Command != analyze.CmdSelect {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "only SELECT can be planned")
	}
	if err := foldQuery(q, &folder{env: env}); err != nil {
		return nil, err
	}
	var node plan.Node = &plan.Result{}
	if q.Where != nil {
		node = &plan.Filter{Input: node, Cond: q.Where}
	}
	// Aggregation: the Agg node's output is [group keys, aggregate values];
	// later expressions read them through plan.InputRef.
	exprs := make([]analyze.Expr, 0, len(q.Targets))
	for _, t := range q.Targets {
		exprs = append(exprs, t.Expr)
	}
	sortExprs := make([]analyze.Expr, len(q.Sort))
	for i, k := range q.Sort {
		sortExprs[i] = k.Expr
	}
	if q.HasAggs {
		agg := &plan.Agg{Input: node, Aggs: q.Aggs}
		for _, a := range q.Aggs {
			agg.Cols = append(agg.Cols, plan.Column{Name: a.Fn.Name, T: a.Type()})
		}
		node = agg
		for i, e := range exprs {
			exprs[i] = replaceAggs(e)
		}
		for i, e := range sortExprs {
			sortExprs[i] = replaceAggs(e)
		}
		if q.Having != nil {
			node = &plan.Filter{Input: node, Cond: replaceAggs(q.Having)}
		}
	}
	// Project the output columns, then the sort keys that are not among
	// them.
	proj := &plan.Project{Input: node}
	for i, e := range exprs {
		t := q.Targets[i]
		proj.Exprs = append(proj.Exprs, e)
		proj.Cols = append(proj.Cols, plan.Column{Name: t.Name, T: e.Type(), Table: t.Table, Attnum: t.Column})
	}
	nOut := len(proj.Exprs)
	var keys []plan.SortKey
	for i, e := range sortExprs {
		idx := -1
		for j, pe := range proj.Exprs {
			if analyze.ExprString(pe) == analyze.ExprString(e) {
				idx = j
				break
			}
		}
		if idx < 0 {
			idx = len(proj.Exprs)
			proj.Exprs = append(proj.Exprs, e)
			proj.Cols = append(proj.Cols, plan.Column{Name: "?sort?", T: e.Type()})
		}
		keys = append(keys, plan.SortKey{Index: idx, T: e.Type(), Desc: q.Sort[i].Desc, NullsFirst: q.Sort[i].NullsFirst})
	}
	node = proj
	if len(keys) > 0 {
		node = &plan.Sort{Input: node, Keys: keys}
	}
	if q.Limit != nil || q.Offset != nil {
		node = &plan.Limit{Input: node, Count: q.Limit, Offset: q.Offset}
	}
	if len(proj.Exprs) > nOut {
		// Drop the sort-only columns.
		final := &plan.Project{Input: node}
		for i := 0; i < nOut; i++ {
			final.Exprs = append(final.Exprs, &plan.InputRef{Index: i, T: proj.Cols[i].T})
			final.Cols = append(final.Cols, proj.Cols[i])
		}
		node = final
	}
	return node, nil
}

// foldQuery folds the constant subexpressions of every clause, in the
// order PostgreSQL's preprocess_expression visits them.
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

// replaceAggs replaces Aggref nodes by references to the Agg node's output.
func replaceAggs(e analyze.Expr) analyze.Expr {
	return analyze.Rewrite(e, func(x analyze.Expr) analyze.Expr {
		if a, ok := x.(*analyze.Aggref); ok && a.LevelsUp == 0 {
			return &plan.InputRef{Index: a.Index, T: a.Type()}
		}
		return nil
	})
}
