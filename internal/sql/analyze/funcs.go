package analyze

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/types"
)

func sprintType(v any) string { return fmt.Sprintf("%T", v) }

// transformFuncCall resolves a function call (parser/parse_func.c
// ParseFuncOrColumn).
func (a *Analyzer) transformFuncCall(fc *pg_query.FuncCall, ec *exprCtx) (Expr, error) {
	schema, name := qualifiedName(fc.Funcname)
	userFuncs := append(a.rangeConstructors(schema, name), a.userFuncs(schema, name)...)
	if schema != "" && schema != "pg_catalog" && len(builtins.SchemaFuncsByName(schema, name)) == 0 && len(userFuncs) == 0 {
		return nil, a.errorAt(fc.Location, pgerror.UndefinedFunction, "function %s.%s does not exist", schema, name)
	}
	var args []Expr
	var locs []int32
	argCtx := ec
	if fc.Over != nil {
		c := *ec
		c.inWindowArg = true
		argCtx = &c
	}
	for _, n := range fc.Args {
		if n.GetNamedArgExpr() != nil {
			return a.transformNamedCall(fc, argCtx, schema, name, userFuncs)
		}
		e, err := a.transformExpr(n, argCtx)
		if err != nil {
			return nil, err
		}
		// A parameter of type void is dropped from the call, as
		// PostgreSQL's ParseFuncOrColumn does for the JDBC driver, which
		// binds the OUT placeholder of {? = call f(?)} as void.
		if p, ok := e.(*Param); ok && p.Type().Oid == types.OidVoid && !fc.AggWithinGroup {
			continue
		}
		args = append(args, e)
		locs = append(locs, nodeLocation(n))
	}
	in := make([]*types.T, len(args))
	for i, e := range args {
		in[i] = e.Type()
	}
	if fc.AggStar {
		// count(*) is count() with no arguments.
		in = nil
	}
	var cands []*candidate
	if fc.FuncVariadic {
		for _, c := range withUserCandidates(funcCandidatesIn(schema, name, len(in), false), candidatesOf(userFuncs, len(in), false)) {
			if c.nvarg == -1 && c.fn.Variadic != nil {
				cands = append(cands, c)
			}
		}
	} else {
		cands = withUserCandidates(funcCandidatesIn(schema, name, len(in), false), candidatesOf(userFuncs, len(in), false))
	}
	desc := func() string {
		return name + "(" + argTypesString(in) + ")"
	}
	if fc.AggStar {
		desc = func() string { return name + "(*)" }
	}
	best, ambiguous := chooseCandidate(in, cands)
	if best == nil {
		if ambiguous {
			return nil, a.errorAt(fc.Location, pgerror.AmbiguousFunction, "function %s is not unique", desc()).
				WithHint("Could not choose a best candidate function. You might need to add explicit type casts.")
		}
		if fc.AggStar && len(builtins.FuncsByName(name)) > 0 {
			return nil, a.errorAt(fc.Location, pgerror.WrongObjectType, "%s(*) specified, but %s is not an aggregate function", name, name)
		}
		return nil, a.errorAt(fc.Location, pgerror.UndefinedFunction, "function %s does not exist", desc()).
			WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
	}
	fn := best.fn
	isAgg := fn.Kind == 'a'
	if !isAgg && fc.Over == nil {
		if fc.AggStar {
			return nil, a.errorAt(fc.Location, pgerror.WrongObjectType, "%s(*) specified, but %s is not an aggregate function", name, name)
		}
		if fc.AggDistinct {
			return nil, a.errorAt(fc.Location, pgerror.WrongObjectType, "DISTINCT specified, but %s is not an aggregate function", name)
		}
		if len(fc.AggOrder) > 0 {
			return nil, a.errorAt(fc.Location, pgerror.WrongObjectType, "ORDER BY specified, but %s is not an aggregate function", name)
		}
		if fc.AggFilter != nil {
			return nil, a.errorAt(fc.Location, pgerror.WrongObjectType, "FILTER specified, but %s is not an aggregate function", name)
		}
		if fn.Kind == 'w' {
			return nil, a.errorAt(fc.Location, pgerror.WrongObjectType, "window function %s requires an OVER clause", name)
		}
	}
	if fc.Over != nil {
		return a.transformWindowFunc(fc, best, args, locs, ec)
	}
	if isAgg {
		return a.makeAggref(fc, best, args, locs, ec)
	}
	if fn.RetSet && ec.kind != kindFromFunction && ec.kind != kindSelectTarget && ec.kind != kindOrderBy && ec.kind != kindGroupBy {
		return nil, a.errorAt(fc.Location, pgerror.FeatureNotSupported, "set-returning functions are not allowed in %s", ec.kind)
	}
	return a.finishCall(fn, nil, best, args, locs, fc.Location, name)
}

// aggCollector gathers the aggregate calls of one query level.
type aggCollector struct {
	aggs []*Aggref
}

func (a *Analyzer) makeAggref(fc *pg_query.FuncCall, cand *candidate, args []Expr, locs []int32, ec *exprCtx) (Expr, error) {
	_, name := qualifiedName(fc.Funcname)
	if ec.aggs == nil {
		return nil, a.errorAt(fc.Location, pgerror.GroupingError, "aggregate functions are not allowed in %s", ec.kind)
	}
	var f *Func
	if !fc.AggStar {
		call, err := a.finishCall(cand.fn, nil, cand, args, locs, fc.Location, name)
		if err != nil {
			return nil, err
		}
		f = call.(*Func)
	} else {
		if !cand.fn.Implemented() {
			return nil, a.errorAt(fc.Location, pgerror.FeatureNotSupported, "function %s is not supported yet", cand.fn.Signature())
		}
		f = &Func{Fn: cand.fn, Sig: builtins.Sig{Ret: cand.fn.Ret}}
	}
	// Arguments of an aggregate may not contain aggregates of the same
	// level or window functions (parse_agg.c check_agg_arguments).
	var nested Expr
	for _, arg := range f.Args {
		Walk(arg, func(e Expr) bool {
			switch x := e.(type) {
			case *Aggref:
				if x.LevelsUp == 0 && nested == nil {
					nested = x
				}
			case *WindowFunc:
				if nested == nil {
					nested = x
				}
			}
			return nested == nil
		})
	}
	switch x := nested.(type) {
	case *Aggref:
		return nil, a.errorAt(x.Loc, pgerror.GroupingError, "aggregate function calls cannot be nested")
	case *WindowFunc:
		return nil, a.errorAt(x.Loc, pgerror.GroupingError, "aggregate function calls cannot contain window function calls")
	}
	inner := &exprCtx{scope: ec.scope, kind: ec.kind}
	ref := &Aggref{Fn: cand.fn, Args: f.Args, Sig: f.Sig, Star: fc.AggStar, Distinct: fc.AggDistinct, Loc: fc.Location}
	if fc.AggFilter != nil {
		filt, err := a.transformExpr(fc.AggFilter, &exprCtx{scope: ec.scope, kind: kindWhere})
		if err != nil {
			return nil, err
		}
		filt, err = a.coerceToBool(filt, "FILTER", nodeLocation(fc.AggFilter))
		if err != nil {
			return nil, err
		}
		ref.Filter = filt
	}
	for _, sb := range fc.AggOrder {
		s := sb.GetSortBy()
		e, err := a.transformExpr(s.Node, inner)
		if err != nil {
			return nil, err
		}
		if err := a.checkSortGroup(e.Type(), true, nodeLocation(s.Node)); err != nil {
			return nil, err
		}
		ref.Order = append(ref.Order, SortKey{Expr: e, Desc: s.SortbyDir == pg_query.SortByDir_SORTBY_DESC,
			NullsFirst: nullsFirst(s)})
	}
	if ref.Distinct {
		for i, arg := range ref.Args {
			if i < len(fc.Args) {
				if err := a.checkSortGroup(arg.Type(), false, nodeLocation(fc.Args[i])); err != nil {
					return nil, err
				}
			}
		}
	}
	if ref.Distinct && len(ref.Order) > 0 {
		// Every ORDER BY expression must appear in the argument list.
		for _, k := range ref.Order {
			found := false
			for _, arg := range ref.Args {
				if exprEqual(arg, k.Expr) {
					found = true
				}
			}
			if !found {
				return nil, a.errorAt(fc.Location, pgerror.InvalidColumnReference, "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list")
			}
		}
	}
	ref.Index = len(ec.aggs.aggs)
	ec.aggs.aggs = append(ec.aggs.aggs, ref)
	return ref, nil
}

func nullsFirst(s *pg_query.SortBy) bool {
	switch s.SortbyNulls {
	case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
		return true
	case pg_query.SortByNulls_SORTBY_NULLS_LAST:
		return false
	}
	return s.SortbyDir == pg_query.SortByDir_SORTBY_DESC
}

// exprEqual reports whether two analyzed expressions are the same
// expression (PostgreSQL's equal() on expression trees), for matching
// GROUP BY and ORDER BY items.
func exprEqual(x, y Expr) bool {
	return ExprString(x) == ExprString(y) && x.Type().Oid == y.Type().Oid
}
