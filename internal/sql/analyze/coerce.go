package analyze

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// exprLoc returns the source location of e, or -1.
func exprLoc(e Expr) int32 {
	switch e := e.(type) {
	case *Const:
		return e.Loc
	case *Func:
		return e.Loc
	case *Cast:
		return e.Loc
	}
	return -1
}

// coerce converts e to type target in context ctx (parse_coerce.c
// coerce_to_target_type). Unknown literals are converted now, parameters of
// undetermined type take the target type, and anything else gets a
// run-time Cast. ok is false when no such conversion exists in ctx.
func (a *Analyzer) coerce(e Expr, target *types.T, ctx types.CastContext, loc int32) (Expr, bool, error) {
	src := e.Type()
	if target.Oid == types.OidAny || target.IsPolymorphic() && target.Oid != types.OidAnyArray {
		return e, true, nil
	}
	if target.Domain != nil && src.Oid != target.Oid {
		return a.coerceToDomain(e, target, ctx, loc)
	}
	if src.Oid == target.Oid {
		if target.Typmod == -1 || src.Typmod == target.Typmod {
			return e, true, nil
		}
		// Length coercion only.
		return a.applyTypmod(e, target, ctx, loc)
	}
	if p, isParam := e.(*Param); isParam && a.params.Type(p.Index).Oid == types.OidUnknown {
		if p.Index <= len(a.params.fixed) && a.params.fixed[p.Index-1] {
			// declared unknown: leave as is
		} else {
			a.params.set(p.Index, target.Base(), false)
			if target.Typmod != -1 {
				return a.applyTypmod(e, target, ctx, loc)
			}
			return e, true, nil
		}
	}
	if c, isConst := e.(*Const); isConst && src.Oid == types.OidUnknown {
		if target.IsPolymorphic() {
			return e, true, nil
		}
		if c.Value.IsNull() {
			return &Const{T: target, Value: types.Null, Loc: c.Loc}, true, nil
		}
		base := target.Base()
		v, err := types.Parse(base, c.Value.Str(), a.typeCtx)
		if err != nil {
			return nil, true, a.withPos(err, c.Loc)
		}
		if target.Typmod != -1 {
			v, err = types.ApplyTypmod(v, target, ctx == types.CastExplicit, a.typeCtx)
			if err != nil {
				return nil, true, a.withPos(err, c.Loc)
			}
		}
		return &Const{T: target, Value: v, Loc: c.Loc}, true, nil
	}
	if src.Oid == types.OidUnknown {
		// A non-constant unknown (a parameter declared unknown): convert
		// through text at run time.
		return &Cast{Arg: e, T: target, Explicit: ctx == types.CastExplicit, Loc: loc}, true, nil
	}
	ci, found := types.FindCast(src, target)
	if !found || !ci.Context.Allows(ctx) {
		return nil, false, nil
	}
	return &Cast{Arg: e, T: target, Explicit: ctx == types.CastExplicit, Loc: loc}, true, nil
}

// coerceToDomain converts e to a domain: to the domain's base type, then
// through a Cast that checks the domain's constraints at run time
// (coerce_to_domain).
func (a *Analyzer) coerceToDomain(e Expr, target *types.T, ctx types.CastContext, loc int32) (Expr, bool, error) {
	base := target.Domain.Base
	inner, ok, err := a.coerce(e, base, ctx, loc)
	if err != nil || !ok {
		return nil, ok, err
	}
	var checks []DomainCheck
	for _, ch := range target.Domain.Checks {
		st, err := parser.ParseOne("SELECT " + ch.Expr)
		if err != nil {
			return nil, true, err
		}
		sub := &Analyzer{sql: "SELECT " + ch.Expr, cat: a.cat, params: NewParams([]*types.T{base}), typeCtx: a.typeCtx}
		cond, err := sub.transformExpr(st.AST.GetSelectStmt().TargetList[0].GetResTarget().Val, &exprCtx{kind: kindCheck})
		if err != nil {
			return nil, true, err
		}
		if cond, err = sub.coerceToBool(cond, "CHECK", -1); err != nil {
			return nil, true, err
		}
		checks = append(checks, DomainCheck{Name: ch.Name, Cond: cond})
	}
	return &Cast{Arg: inner, T: target, Explicit: ctx == types.CastExplicit, Loc: loc, DomainChecks: checks}, true, nil
}

func (a *Analyzer) applyTypmod(e Expr, target *types.T, ctx types.CastContext, loc int32) (Expr, bool, error) {
	if c, ok := e.(*Const); ok {
		v, err := types.ApplyTypmod(c.Value, target, ctx == types.CastExplicit, a.typeCtx)
		if err != nil {
			return nil, true, a.withPos(err, c.Loc)
		}
		return &Const{T: target, Value: v, Loc: c.Loc}, true, nil
	}
	return &Cast{Arg: e, T: target, Explicit: ctx == types.CastExplicit, Loc: loc}, true, nil
}

// mustCoerce is coerce with PostgreSQL's "cannot cast" error when there is
// no conversion.
func (a *Analyzer) mustCoerce(e Expr, target *types.T, ctx types.CastContext, loc int32) (Expr, error) {
	out, ok, err := a.coerce(e, target, ctx, loc)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, a.errorAt(loc, pgerror.CannotCoerce, "cannot cast type %s to %s", e.Type().SQLNameNoTypmod(), target.SQLName())
	}
	return out, nil
}

// coerceToBool is coerce_to_boolean: WHERE, HAVING, AND/OR/NOT arguments.
func (a *Analyzer) coerceToBool(e Expr, construct string, loc int32) (Expr, error) {
	if e.Type().Oid == types.OidBool {
		return e, nil
	}
	out, ok, err := a.coerce(e, types.Bool, types.CastAssignment, loc)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, a.errorAt(loc, pgerror.DatatypeMismatch, "argument of %s must be type boolean, not type %s", construct, e.Type().SQLNameNoTypmod())
	}
	return out, nil
}

// coerceToCommon converts each expression to a common type (for CASE,
// COALESCE, ARRAY, VALUES, UNION ...), resolving it with select_common_type.
func (a *Analyzer) coerceToCommon(es []Expr, context string, locs []int32) ([]Expr, *types.T, error) {
	ts := make([]*types.T, len(es))
	for i, e := range es {
		ts[i] = e.Type()
	}
	common, err := commonType(ts, context)
	if err != nil {
		loc := int32(-1)
		if len(locs) > 0 {
			// PostgreSQL points at the first expression of the mismatched type.
			for i, t := range ts {
				if t.Oid != types.OidUnknown && t.Category != ts[firstKnown(ts)].Category {
					loc = locs[i]
					break
				}
			}
		}
		return nil, nil, a.withPos(err, loc)
	}
	out := make([]Expr, len(es))
	for i, e := range es {
		loc := int32(-1)
		if i < len(locs) {
			loc = locs[i]
		}
		c, ok, err := a.coerce(e, common, types.CastImplicit, loc)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return nil, nil, a.errorAt(loc, pgerror.CannotCoerce, "%s could not convert type %s to %s", context, e.Type().SQLNameNoTypmod(), common.SQLNameNoTypmod())
		}
		out[i] = c
	}
	return out, common, nil
}

func firstKnown(ts []*types.T) int {
	for i, t := range ts {
		if t.Oid != types.OidUnknown {
			return i
		}
	}
	return 0
}
