package analyze

import (
	"math"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// exprKind says where an expression appears, which decides what it may
// contain (PostgreSQL's ParseExprKind).
type exprKind uint8

const (
	kindSelectTarget exprKind = iota
	kindWhere
	kindHaving
	kindGroupBy
	kindOrderBy
	kindLimit
	kindOffset
	kindValues
	kindJoinOn
	kindInsertTarget
	kindUpdateSource
	kindReturning
	kindDefault
	kindCheck
	kindFromFunction
	kindWindowDef
	kindOther
)

func (k exprKind) String() string {
	switch k {
	case kindWhere:
		return "WHERE"
	case kindHaving:
		return "HAVING"
	case kindGroupBy:
		return "GROUP BY"
	case kindOrderBy:
		return "ORDER BY"
	case kindLimit:
		return "LIMIT"
	case kindOffset:
		return "OFFSET"
	case kindValues:
		return "VALUES"
	case kindJoinOn:
		return "JOIN conditions"
	case kindReturning:
		return "RETURNING"
	case kindDefault:
		return "DEFAULT expressions"
	case kindCheck:
		return "check constraints"
	case kindWindowDef:
		return "window definitions"
	case kindFromFunction:
		return "functions in FROM"
	}
	return "this context"
}

// exprCtx carries the state of transforming one expression tree.
type exprCtx struct {
	scope *scope
	kind  exprKind
	// aggs collects the aggregate calls found, when aggregates are allowed
	// here; nil otherwise.
	aggs *aggCollector
	// caseTest is the type of the CASE operand while transforming a simple
	// CASE's WHEN values.
	caseTest *types.T
	// windows collects window functions where they are allowed (the select
	// list and ORDER BY); inWindowArg is set inside their arguments.
	windows     *windowCollector
	inWindowArg bool
}

// maxAllocSize is PostgreSQL's MaxAllocSize, the largest palloc.
const maxAllocSize = 0x3fffffff

// transformExpr turns a raw expression into a typed Expr
// (parser/parse_expr.c transformExprRecurse).
func (a *Analyzer) transformExpr(n *pg_query.Node, ec *exprCtx) (Expr, error) {
	if n == nil {
		return nil, nil
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_AConst:
		return a.constFromAConst(v.AConst)
	case *pg_query.Node_ParamRef:
		idx := int(v.ParamRef.Number)
		if idx < 1 {
			return nil, a.errorAt(v.ParamRef.Location, pgerror.UndefinedParameter, "there is no parameter $%d", idx)
		}
		// PostgreSQL's bound (variable_paramref_hook): INT_MAX /
		// sizeof(Oid).
		if idx > math.MaxInt32/4 {
			return nil, a.errorAt(v.ParamRef.Location, pgerror.UndefinedParameter, "there is no parameter $%d", idx)
		}
		if idx > maxAllocSize/4 {
			// The array of parameter types PostgreSQL grows to it would
			// be too large to allocate.
			return nil, pgerror.New(pgerror.InternalError, "invalid memory alloc request size %d", idx*4)
		}
		a.params.grow(idx)
		return &Param{Index: idx, params: a.params}, nil
	case *pg_query.Node_TypeCast:
		return a.transformTypeCast(v.TypeCast, ec)
	case *pg_query.Node_AExpr:
		return a.transformAExpr(v.AExpr, ec)
	case *pg_query.Node_BoolExpr:
		return a.transformBoolExpr(v.BoolExpr, ec)
	case *pg_query.Node_NullTest:
		arg, err := a.transformExpr(v.NullTest.Arg, ec)
		if err != nil {
			return nil, err
		}
		_, isRow := arg.(*RowExpr)
		return &NullTest{Arg: arg, Not: v.NullTest.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL, RowArg: isRow}, nil
	case *pg_query.Node_BooleanTest:
		return a.transformBooleanTest(v.BooleanTest, ec)
	case *pg_query.Node_CaseExpr:
		return a.transformCase(v.CaseExpr, ec)
	case *pg_query.Node_CoalesceExpr:
		return a.transformCoalesce(v.CoalesceExpr, ec)
	case *pg_query.Node_MinMaxExpr:
		return a.transformMinMax(v.MinMaxExpr, ec)
	case *pg_query.Node_SqlvalueFunction:
		return a.transformSQLValue(v.SqlvalueFunction)
	case *pg_query.Node_FuncCall:
		return a.transformFuncCall(v.FuncCall, ec)
	case *pg_query.Node_AArrayExpr:
		return a.transformArrayExpr(v.AArrayExpr, ec, nil)
	case *pg_query.Node_RowExpr:
		args, err := a.transformRowArgs(v.RowExpr.Args, ec)
		if err != nil {
			return nil, err
		}
		return &RowExpr{Args: args}, nil
	case *pg_query.Node_CollateClause:
		return a.transformCollate(v.CollateClause, ec)
	case *pg_query.Node_ColumnRef:
		return a.transformColumnRef(v.ColumnRef, ec)
	case *pg_query.Node_AIndirection:
		return a.transformIndirection(v.AIndirection, ec)
	case *pg_query.Node_SubLink:
		return a.transformSubLink(v.SubLink, ec)
	case *pg_query.Node_GroupingFunc:
		return nil, a.errorAt(v.GroupingFunc.Location, pgerror.FeatureNotSupported, "GROUPING is not supported")
	case *pg_query.Node_SetToDefault:
		return nil, a.errorAt(v.SetToDefault.Location, pgerror.SyntaxError, "DEFAULT is not allowed in this context")
	}
	return nil, a.errorAt(nodeLocation(n), pgerror.FeatureNotSupported, "expression type %s is not supported", nodeName(n))
}

func (a *Analyzer) transformList(ns []*pg_query.Node, ec *exprCtx) ([]Expr, error) {
	out := make([]Expr, 0, len(ns))
	for _, n := range ns {
		e, err := a.transformExpr(n, ec)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// nodeName returns a raw node's type name for messages.
func nodeName(n *pg_query.Node) string {
	s := strings.TrimPrefix(strings.TrimPrefix(typeName(n.Node), "*pg_query.Node_"), "Node_")
	return s
}

func typeName(v any) string {
	return strings.TrimPrefix(strings.TrimPrefix(sprintType(v), "*pg_query."), "Node_")
}

// nodeLocation returns the location of a raw node, or -1.
func nodeLocation(n *pg_query.Node) int32 {
	if n == nil {
		return -1
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_AConst:
		return v.AConst.Location
	case *pg_query.Node_ParamRef:
		return v.ParamRef.Location
	case *pg_query.Node_TypeCast:
		if v.TypeCast.Location >= 0 {
			if l := nodeLocation(v.TypeCast.Arg); l >= 0 && l < v.TypeCast.Location {
				return l
			}
			return v.TypeCast.Location
		}
		return nodeLocation(v.TypeCast.Arg)
	case *pg_query.Node_AExpr:
		if v.AExpr.Lexpr != nil {
			if l := nodeLocation(v.AExpr.Lexpr); l >= 0 && l < v.AExpr.Location {
				return l
			}
		}
		return v.AExpr.Location
	case *pg_query.Node_BoolExpr:
		return v.BoolExpr.Location
	case *pg_query.Node_FuncCall:
		return v.FuncCall.Location
	case *pg_query.Node_ColumnRef:
		return v.ColumnRef.Location
	case *pg_query.Node_CaseExpr:
		return v.CaseExpr.Location
	case *pg_query.Node_CoalesceExpr:
		return v.CoalesceExpr.Location
	case *pg_query.Node_MinMaxExpr:
		return v.MinMaxExpr.Location
	case *pg_query.Node_SqlvalueFunction:
		return v.SqlvalueFunction.Location
	case *pg_query.Node_NullTest:
		return v.NullTest.Location
	case *pg_query.Node_BooleanTest:
		return v.BooleanTest.Location
	case *pg_query.Node_AArrayExpr:
		return v.AArrayExpr.Location
	case *pg_query.Node_RowExpr:
		return v.RowExpr.Location
	case *pg_query.Node_SubLink:
		return v.SubLink.Location
	case *pg_query.Node_CollateClause:
		return nodeLocation(v.CollateClause.Arg)
	case *pg_query.Node_ResTarget:
		return v.ResTarget.Location
	case *pg_query.Node_AIndirection:
		return nodeLocation(v.AIndirection.Arg)
	case *pg_query.Node_RangeVar:
		return v.RangeVar.Location
	}
	return -1
}

func (a *Analyzer) transformTypeCast(tc *pg_query.TypeCast, ec *exprCtx) (Expr, error) {
	target, err := a.ResolveTypeName(tc.TypeName)
	if err != nil {
		return nil, err
	}
	var arg Expr
	if ae := tc.Arg.GetAArrayExpr(); ae != nil && target.IsArray() {
		// ARRAY[...]::type[] types the elements directly, so that
		// ARRAY[]::int[] works.
		arg, err = a.transformArrayExpr(ae, ec, target)
	} else {
		arg, err = a.transformExpr(tc.Arg, ec)
	}
	if err != nil {
		return nil, err
	}
	loc := tc.Location
	if loc < 0 {
		loc = nodeLocation(tc.Arg)
	}
	out, ok, err := a.coerce(arg, target, types.CastExplicit, loc)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, a.errorAt(loc, pgerror.CannotCoerce, "cannot cast type %s to %s", arg.Type().SQLNameNoTypmod(), target.SQLName())
	}
	if c, isConst := out.(*Const); isConst && c.Loc < 0 {
		c.Loc = loc
	}
	return out, nil
}

func (a *Analyzer) transformBoolExpr(b *pg_query.BoolExpr, ec *exprCtx) (Expr, error) {
	op := And
	name := "AND"
	switch b.Boolop {
	case pg_query.BoolExprType_OR_EXPR:
		op, name = Or, "OR"
	case pg_query.BoolExprType_NOT_EXPR:
		op, name = Not, "NOT"
	}
	out := &BoolOp{Op: op}
	for _, argNode := range b.Args {
		arg, err := a.transformExpr(argNode, ec)
		if err != nil {
			return nil, err
		}
		arg, err = a.coerceToBool(arg, name, nodeLocation(argNode))
		if err != nil {
			return nil, err
		}
		out.Args = append(out.Args, arg)
	}
	return out, nil
}

func (a *Analyzer) transformBooleanTest(b *pg_query.BooleanTest, ec *exprCtx) (Expr, error) {
	arg, err := a.transformExpr(b.Arg, ec)
	if err != nil {
		return nil, err
	}
	var kind BoolTestKind
	var name string
	switch b.Booltesttype {
	case pg_query.BoolTestType_IS_TRUE:
		kind, name = IsTrue, "IS TRUE"
	case pg_query.BoolTestType_IS_NOT_TRUE:
		kind, name = IsNotTrue, "IS NOT TRUE"
	case pg_query.BoolTestType_IS_FALSE:
		kind, name = IsFalse, "IS FALSE"
	case pg_query.BoolTestType_IS_NOT_FALSE:
		kind, name = IsNotFalse, "IS NOT FALSE"
	case pg_query.BoolTestType_IS_UNKNOWN:
		kind, name = IsUnknown, "IS UNKNOWN"
	default:
		kind, name = IsNotUnknown, "IS NOT UNKNOWN"
	}
	arg, err = a.coerceToBool(arg, name, nodeLocation(b.Arg))
	if err != nil {
		return nil, err
	}
	return &BoolTest{Arg: arg, Kind: kind}, nil
}

func (a *Analyzer) transformCoalesce(c *pg_query.CoalesceExpr, ec *exprCtx) (Expr, error) {
	args, err := a.transformList(c.Args, ec)
	if err != nil {
		return nil, err
	}
	locs := make([]int32, len(c.Args))
	for i, n := range c.Args {
		locs[i] = nodeLocation(n)
	}
	args, t, err := a.coerceToCommon(args, "COALESCE", locs)
	if err != nil {
		return nil, err
	}
	return &Coalesce{Args: args, T: t}, nil
}

func (a *Analyzer) transformMinMax(m *pg_query.MinMaxExpr, ec *exprCtx) (Expr, error) {
	args, err := a.transformList(m.Args, ec)
	if err != nil {
		return nil, err
	}
	name := "LEAST"
	greatest := m.Op == pg_query.MinMaxOp_IS_GREATEST
	if greatest {
		name = "GREATEST"
	}
	locs := make([]int32, len(m.Args))
	for i, n := range m.Args {
		locs[i] = nodeLocation(n)
	}
	args, t, err := a.coerceToCommon(args, name, locs)
	if err != nil {
		return nil, err
	}
	// The type must have an ordering.
	if _, _, err := a.resolveOperator("<", t, t, m.Location); err != nil {
		return nil, a.errorAt(m.Location, pgerror.UndefinedFunction, "could not identify a comparison function for type %s", t.SQLNameNoTypmod())
	}
	return &MinMax{Greatest: greatest, Args: args, T: t}, nil
}

func (a *Analyzer) transformSQLValue(s *pg_query.SQLValueFunction) (Expr, error) {
	switch s.Op {
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER:
		return &SQLValue{Kind: SVCurrentUser, T: types.Name}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:
		return &SQLValue{Kind: SVCurrentRole, T: types.Name}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_USER:
		return &SQLValue{Kind: SVUser, T: types.Name}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:
		return &SQLValue{Kind: SVSessionUser, T: types.Name}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
		return &SQLValue{Kind: SVCurrentCatalog, T: types.Name}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
		return &SQLValue{Kind: SVCurrentSchema, T: types.Name}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
		return &SQLValue{Kind: SVCurrentDate, T: types.Date, Typmod: -1}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:
		return &SQLValue{Kind: SVCurrentTime, T: types.TimeTZ.WithTypmod(s.Typmod), Typmod: s.Typmod}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
		return &SQLValue{Kind: SVCurrentTimestamp, T: types.TimestampTZ.WithTypmod(s.Typmod), Typmod: s.Typmod}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME_N:
		return &SQLValue{Kind: SVLocalTime, T: types.Time.WithTypmod(s.Typmod), Typmod: s.Typmod}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
		return &SQLValue{Kind: SVLocalTimestamp, T: types.Timestamp.WithTypmod(s.Typmod), Typmod: s.Typmod}, nil
	}
	return nil, a.errorAt(s.Location, pgerror.FeatureNotSupported, "SQL value function is not supported")
}

func (a *Analyzer) transformCollate(c *pg_query.CollateClause, ec *exprCtx) (Expr, error) {
	arg, err := a.transformExpr(c.Arg, ec)
	if err != nil {
		return nil, err
	}
	_, name := qualifiedName(c.Collname)
	switch strings.ToLower(name) {
	case "c", "posix", "default", "ucs_basic":
	default:
		if name != "en_US" && name != "en_US.utf8" && name != "en-US-x-icu" && name != "und-x-icu" {
			return nil, a.errorAt(c.Location, pgerror.UndefinedObject, `collation "%s" for encoding "UTF8" does not exist`, name)
		}
	}
	if arg.Type().Category != types.CatString && arg.Type().Oid != types.OidUnknown {
		return nil, a.errorAt(c.Location, pgerror.DatatypeMismatch, "collations are not supported by type %s", arg.Type().SQLNameNoTypmod())
	}
	return arg, nil
}

func (a *Analyzer) transformArrayExpr(ae *pg_query.A_ArrayExpr, ec *exprCtx, target *types.T) (Expr, error) {
	var elems []Expr
	var locs []int32
	multi := false
	for _, n := range ae.Elements {
		var e Expr
		var err error
		if sub := n.GetAArrayExpr(); sub != nil {
			multi = true
			var subTarget *types.T
			if target != nil {
				subTarget = target
			}
			e, err = a.transformArrayExpr(sub, ec, subTarget)
		} else {
			e, err = a.transformExpr(n, ec)
		}
		if err != nil {
			return nil, err
		}
		elems = append(elems, e)
		locs = append(locs, nodeLocation(n))
	}
	if multi {
		for i, e := range elems {
			if !e.Type().IsArray() && e.Type().Oid != types.OidUnknown {
				return nil, a.errorAt(locs[i], pgerror.SyntaxError, "multidimensional arrays must have array expressions with matching dimensions")
			}
		}
	}
	var elemT *types.T
	if target != nil {
		elemT = target.Elem
		if target.Typmod != -1 {
			elemT = elemT.WithTypmod(target.Typmod)
		}
		if multi {
			elemT = target
		}
		for i, e := range elems {
			c, err := a.mustCoerce(e, elemT, types.CastExplicit, locs[i])
			if err != nil {
				return nil, err
			}
			elems[i] = c
		}
	} else {
		if len(elems) == 0 {
			return nil, a.errorAt(ae.Location, pgerror.IndeterminateDatatype, "cannot determine type of empty array").
				WithHint("Explicitly cast to the desired type, for example ARRAY[]::integer[].")
		}
		var err error
		elems, elemT, err = a.coerceToCommon(elems, "ARRAY", locs)
		if err != nil {
			return nil, err
		}
	}
	arrT := elemT
	if !multi {
		arrT = types.ArrayOf(elemT.Base())
		if arrT == nil {
			return nil, a.errorAt(ae.Location, pgerror.UndefinedObject, "could not find array type for data type %s", elemT.SQLName())
		}
		if elemT.Typmod != -1 {
			arrT = arrT.WithTypmod(elemT.Typmod)
		}
	}
	return &ArrayExpr{Elems: elems, T: arrT, Multi: multi}, nil
}

// transformAExpr handles operators and the constructs written with them.
func (a *Analyzer) transformAExpr(e *pg_query.A_Expr, ec *exprCtx) (Expr, error) {
	opName := ""
	if len(e.Name) > 0 {
		opName = nameOf(e.Name[len(e.Name)-1])
	}
	switch e.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP:
		if e.Lexpr == nil {
			r, err := a.transformExpr(e.Rexpr, ec)
			if err != nil {
				return nil, err
			}
			return a.makePrefixOp(opName, r, e.Location)
		}
		l, err := a.transformExpr(e.Lexpr, ec)
		if err != nil {
			return nil, err
		}
		r, err := a.transformExpr(e.Rexpr, ec)
		if err != nil {
			return nil, err
		}
		return a.makeOp(opName, l, r, e.Location)
	case pg_query.A_Expr_Kind_AEXPR_LIKE, pg_query.A_Expr_Kind_AEXPR_ILIKE:
		l, err := a.transformExpr(e.Lexpr, ec)
		if err != nil {
			return nil, err
		}
		r, err := a.transformExpr(e.Rexpr, ec)
		if err != nil {
			return nil, err
		}
		return a.makeOp(opName, l, r, e.Location)
	case pg_query.A_Expr_Kind_AEXPR_SIMILAR:
		l, err := a.transformExpr(e.Lexpr, ec)
		if err != nil {
			return nil, err
		}
		r, err := a.transformExpr(e.Rexpr, ec)
		if err != nil {
			return nil, err
		}
		return a.makeOp(opName, l, r, e.Location)
	case pg_query.A_Expr_Kind_AEXPR_OP_ANY, pg_query.A_Expr_Kind_AEXPR_OP_ALL:
		l, err := a.transformExpr(e.Lexpr, ec)
		if err != nil {
			return nil, err
		}
		r, err := a.transformExpr(e.Rexpr, ec)
		if err != nil {
			return nil, err
		}
		return a.makeScalarArrayOp(opName, l, r, e.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ANY, e.Location)
	case pg_query.A_Expr_Kind_AEXPR_DISTINCT, pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		l, err := a.transformExpr(e.Lexpr, ec)
		if err != nil {
			return nil, err
		}
		r, err := a.transformExpr(e.Rexpr, ec)
		if err != nil {
			return nil, err
		}
		if lr, ok := l.(*RowExpr); ok {
			if rr, ok := r.(*RowExpr); ok {
				return a.rowDistinct(lr, rr, e.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT, e.Location)
			}
		}
		eq, err := a.makeOp("=", l, r, e.Location)
		if err != nil {
			return nil, err
		}
		f, ok := eq.(*Func)
		if !ok || f.Type().Oid != types.OidBool {
			return nil, a.errorAt(e.Location, pgerror.DatatypeMismatch, "IS DISTINCT FROM requires = operator to yield boolean")
		}
		return &Distinct{Eq: f, Not: e.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT}, nil
	case pg_query.A_Expr_Kind_AEXPR_NULLIF:
		l, err := a.transformExpr(e.Lexpr, ec)
		if err != nil {
			return nil, err
		}
		r, err := a.transformExpr(e.Rexpr, ec)
		if err != nil {
			return nil, err
		}
		eq, err := a.makeOp("=", l, r, e.Location)
		if err != nil {
			return nil, err
		}
		f, ok := eq.(*Func)
		if !ok || f.Type().Oid != types.OidBool {
			return nil, a.errorAt(e.Location, pgerror.DatatypeMismatch, "NULLIF requires = operator to yield boolean")
		}
		return &NullIf{Eq: f, T: f.Args[0].Type(), Args: [2]Expr{f.Args[0], f.Args[1]}}, nil
	case pg_query.A_Expr_Kind_AEXPR_IN:
		return a.transformIn(e, opName, ec)
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN,
		pg_query.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		return a.transformBetween(e, ec)
	}
	return nil, a.errorAt(e.Location, pgerror.FeatureNotSupported, "operator kind %s is not supported", e.Kind.String())
}

func (a *Analyzer) rowDistinct(l, r *RowExpr, not bool, loc int32) (Expr, error) {
	if len(l.Args) != len(r.Args) {
		return nil, a.errorAt(loc, pgerror.SyntaxError, "unequal number of entries in row expressions")
	}
	var parts []Expr
	for i := range l.Args {
		eq, err := a.makeOp("=", l.Args[i], r.Args[i], loc)
		if err != nil {
			return nil, err
		}
		parts = append(parts, &Distinct{Eq: eq.(*Func), Not: false})
	}
	var out Expr = &BoolOp{Op: Or, Args: parts}
	if len(parts) == 1 {
		out = parts[0]
	}
	if not {
		out = &BoolOp{Op: Not, Args: []Expr{out}}
	}
	return out, nil
}

func (a *Analyzer) transformBetween(e *pg_query.A_Expr, ec *exprCtx) (Expr, error) {
	x, err := a.transformExpr(e.Lexpr, ec)
	if err != nil {
		return nil, err
	}
	bounds := e.Rexpr.GetList().GetItems()
	lo, err := a.transformExpr(bounds[0], ec)
	if err != nil {
		return nil, err
	}
	hi, err := a.transformExpr(bounds[1], ec)
	if err != nil {
		return nil, err
	}
	mk := func(op string, l, r Expr) (Expr, error) { return a.makeOp(op, l, r, e.Location) }
	and := func(x, y Expr) Expr { return &BoolOp{Op: And, Args: []Expr{x, y}} }
	or := func(x, y Expr) Expr { return &BoolOp{Op: Or, Args: []Expr{x, y}} }
	build := func(not bool, l, h Expr) (Expr, error) {
		if !not {
			ge, err := mk(">=", x, l)
			if err != nil {
				return nil, err
			}
			le, err := mk("<=", x, h)
			if err != nil {
				return nil, err
			}
			return and(ge, le), nil
		}
		lt, err := mk("<", x, l)
		if err != nil {
			return nil, err
		}
		gt, err := mk(">", x, h)
		if err != nil {
			return nil, err
		}
		return or(lt, gt), nil
	}
	switch e.Kind {
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN:
		return build(false, lo, hi)
	case pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN:
		return build(true, lo, hi)
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN_SYM:
		p, err := build(false, lo, hi)
		if err != nil {
			return nil, err
		}
		q, err := build(false, hi, lo)
		if err != nil {
			return nil, err
		}
		return or(p, q), nil
	default:
		p, err := build(true, lo, hi)
		if err != nil {
			return nil, err
		}
		q, err := build(true, hi, lo)
		if err != nil {
			return nil, err
		}
		return and(p, q), nil
	}
}

// transformIn handles x IN (list) and x NOT IN (list) as PostgreSQL's
// transformAExprIn does: the list becomes an array for = ANY / <> ALL when
// its values share a type, and an OR (AND) of comparisons otherwise.
func (a *Analyzer) transformIn(e *pg_query.A_Expr, opName string, ec *exprCtx) (Expr, error) {
	if sub := e.Rexpr.GetSubLink(); sub != nil {
		return a.transformExpr(e.Rexpr, ec)
	}
	l, err := a.transformExpr(e.Lexpr, ec)
	if err != nil {
		return nil, err
	}
	items := e.Rexpr.GetList().GetItems()
	rs := make([]Expr, 0, len(items))
	var locs []int32
	for _, n := range items {
		r, err := a.transformExpr(n, ec)
		if err != nil {
			return nil, err
		}
		rs = append(rs, r)
		locs = append(locs, nodeLocation(n))
	}
	useOr := opName == "<>"
	_, isRow := l.(*RowExpr)
	if !isRow {
		// Non-Var items that all resolve to one type with the left side
		// make an array.
		ts := []*types.T{l.Type()}
		for _, r := range rs {
			ts = append(ts, r.Type())
		}
		common, err := commonType(ts, "IN")
		if err == nil && common.Oid != types.OidRecord && types.ArrayOf(common.Base()) != nil {
			coerced, ok := a.tryCoerceAll(rs, common, locs)
			if ok {
				arr := &ArrayExpr{Elems: coerced, T: types.ArrayOf(common.Base())}
				return a.makeScalarArrayOp(opName, l, arr, !useOr, e.Location)
			}
		}
	}
	var out Expr
	for _, r := range rs {
		cmp, err := a.makeOp(opName, l, r, e.Location)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = cmp
		} else if useOr {
			out = &BoolOp{Op: And, Args: []Expr{out, cmp}}
		} else {
			out = &BoolOp{Op: Or, Args: []Expr{out, cmp}}
		}
	}
	return out, nil
}

func (a *Analyzer) tryCoerceAll(es []Expr, t *types.T, locs []int32) ([]Expr, bool) {
	out := make([]Expr, len(es))
	for i, e := range es {
		c, ok, err := a.coerce(e, t, types.CastImplicit, locs[i])
		if err != nil || !ok {
			return nil, false
		}
		out[i] = c
	}
	return out, true
}

// resolveOperator finds the operator name for operand types (l nil for a
// prefix operator), following oper_select_candidate.
func (a *Analyzer) resolveOperator(name string, l, r *types.T, loc int32) (*builtins.Operator, *candidate, error) {
	kind := byte('b')
	if l == nil {
		kind = 'l'
	}
	var cands []*candidate
	for _, op := range builtins.OperatorsByName(name) {
		if op.Kind != kind {
			continue
		}
		if kind == 'b' {
			cands = append(cands, &candidate{op: op, args: []*types.T{op.Left, op.Right}, nvarg: -1})
		} else {
			cands = append(cands, &candidate{op: op, args: []*types.T{op.Right}, nvarg: -1})
		}
	}
	in := []*types.T{r}
	if kind == 'b' {
		in = []*types.T{l, r}
	}
	notFound := func() error {
		desc := name + " " + r.SQLNameNoTypmod()
		if kind == 'b' {
			desc = l.SQLNameNoTypmod() + " " + desc
		}
		return a.errorAt(loc, pgerror.UndefinedFunction, "operator does not exist: %s", desc).
			WithHint("No operator matches the given name and argument types. You might need to add explicit type casts.")
	}
	if len(cands) == 0 {
		return nil, nil, notFound()
	}
	// binary_oper_exact: an unknown operand is assumed to have the other's
	// type.
	if kind == 'b' && (l.Oid == types.OidUnknown) != (r.Oid == types.OidUnknown) {
		known := l
		if l.Oid == types.OidUnknown {
			known = r
		}
		for _, c := range cands {
			if c.args[0].Oid == known.Oid && c.args[1].Oid == known.Oid {
				return c.op, c, nil
			}
		}
	}
	best, ambiguous := chooseCandidate(in, cands)
	if best == nil {
		if ambiguous {
			desc := name + " " + r.SQLNameNoTypmod()
			if kind == 'b' {
				desc = l.SQLNameNoTypmod() + " " + desc
			}
			return nil, nil, a.errorAt(loc, pgerror.AmbiguousFunction, "operator is not unique: %s", desc).
				WithHint("Could not choose a best candidate operator. You might need to add explicit type casts.")
		}
		return nil, nil, notFound()
	}
	return best.op, best, nil
}

// makeOp builds a binary operator call.
func (a *Analyzer) makeOp(name string, l, r Expr, loc int32) (Expr, error) {
	if lr, ok := l.(*RowExpr); ok {
		if rr, ok := r.(*RowExpr); ok {
			return a.rowCompare(name, lr, rr, loc)
		}
	}
	op, cand, err := a.resolveOperator(name, l.Type(), r.Type(), loc)
	if err != nil {
		return nil, err
	}
	return a.finishCall(op.Func, op, cand, []Expr{l, r}, []int32{exprLocOr(l, loc), exprLocOr(r, loc)}, loc, name)
}

func exprLocOr(e Expr, loc int32) int32 {
	if l := exprLoc(e); l >= 0 {
		return l
	}
	return loc
}

func (a *Analyzer) makePrefixOp(name string, r Expr, loc int32) (Expr, error) {
	op, cand, err := a.resolveOperator(name, nil, r.Type(), loc)
	if err != nil {
		return nil, err
	}
	return a.finishCall(op.Func, op, cand, []Expr{r}, []int32{exprLocOr(r, loc)}, loc, name)
}

// rowCompare handles ROW(a, b) op ROW(c, d) (make_row_comparison_op).
func (a *Analyzer) rowCompare(name string, l, r *RowExpr, loc int32) (Expr, error) {
	if len(l.Args) != len(r.Args) {
		return nil, a.errorAt(loc, pgerror.SyntaxError, "unequal number of entries in row expressions")
	}
	var cmps []Expr
	for i := range l.Args {
		c, err := a.makeOp(name, l.Args[i], r.Args[i], loc)
		if err != nil {
			return nil, err
		}
		cmps = append(cmps, c)
	}
	switch name {
	case "=":
		if len(cmps) == 1 {
			return cmps[0], nil
		}
		return &BoolOp{Op: And, Args: cmps}, nil
	case "<>":
		if len(cmps) == 1 {
			return cmps[0], nil
		}
		return &BoolOp{Op: Or, Args: cmps}, nil
	case "<", "<=", ">", ">=":
		return &RowCompare{Op: name, Cmps: cmps, L: l.Args, R: r.Args, a: a, loc: loc}, nil
	}
	return nil, a.errorAt(loc, pgerror.FeatureNotSupported, "could not determine interpretation of row comparison operator %s", name)
}

// makeScalarArrayOp builds "l op ANY/ALL (r)".
func (a *Analyzer) makeScalarArrayOp(name string, l, r Expr, any bool, loc int32) (Expr, error) {
	rt := r.Type()
	var elemT *types.T
	switch {
	case rt.Oid == types.OidUnknown:
		elemT = types.Unknown
	case rt.IsArray():
		elemT = rt.Elem
	default:
		return nil, a.errorAt(loc, pgerror.WrongObjectType, "op ANY/ALL (array) requires array on right side")
	}
	op, cand, err := a.resolveOperator(name, l.Type(), elemT, loc)
	if err != nil {
		return nil, err
	}
	if op.Result.Oid != types.OidBool {
		return nil, a.errorAt(loc, pgerror.WrongObjectType, "op ANY/ALL (array) requires operator to yield boolean")
	}
	// Coerce the array to an array of the operator's right type.
	poly, _ := resolvePolymorphic([]*types.T{l.Type(), elemT}, cand.args, nil)
	rightT := poly.actualType(cand.args[1])
	arrT := types.ArrayOf(rightT.Base())
	if arrT == nil {
		return nil, a.errorAt(loc, pgerror.UndefinedObject, "could not find array type for data type %s", rightT.SQLName())
	}
	r, err = a.mustCoerce(r, arrT, types.CastImplicit, loc)
	if err != nil {
		return nil, err
	}
	placeholder := &CaseTest{T: rightT}
	call, err := a.finishCall(op.Func, op, cand, []Expr{l, placeholder}, []int32{loc, loc}, loc, name)
	if err != nil {
		return nil, err
	}
	f := call.(*Func)
	return &ScalarArrayOp{Op: f, Left: f.Args[0], Array: r, Any: any}, nil
}

// finishCall coerces the arguments of a resolved function or operator call
// and builds the Func node.
func (a *Analyzer) finishCall(fn *builtins.Func, op *builtins.Operator, cand *candidate, args []Expr, locs []int32, loc int32, name string) (Expr, error) {
	if fn == nil {
		return nil, a.errorAt(loc, pgerror.UndefinedFunction, "operator %s has no implementation function", name)
	}
	in := make([]*types.T, len(args))
	for i, e := range args {
		in[i] = e.Type()
	}
	declared := cand.args
	poly, err := resolvePolymorphic(in, declared, fn.Ret)
	if err != nil {
		return nil, a.withPos(err, loc)
	}
	out := &Func{Fn: fn, Op: op, Loc: loc, Name: name}
	sigArgs := make([]*types.T, 0, len(args))
	for i, e := range args {
		want := poly.actualType(declared[i])
		if want.Oid == types.OidAny {
			// VARIADIC "any" and "any" parameters take arguments as they
			// are; unknown literals become text. pg_typeof still sees
			// the literal's type, unknown, as in PostgreSQL, where the
			// literal reaches an "any" parameter uncoerced.
			sigT := e.Type()
			if p, ok := e.(*Param); ok && e.Type().Oid == types.OidUnknown {
				// Nothing determines the type of a parameter passed to
				// "any" (check_variable_parameters).
				return nil, a.errorAt(locs[i], pgerror.IndeterminateDatatype, "could not determine data type of parameter $%d", p.Index)
			}
			if e.Type().Oid == types.OidUnknown {
				c, _, err := a.coerce(e, types.Text, types.CastImplicit, locs[i])
				if err != nil {
					return nil, err
				}
				e = c
				if fn.Name != "pg_typeof" {
					sigT = e.Type()
				}
			}
			out.Args = append(out.Args, e)
			sigArgs = append(sigArgs, sigT)
			continue
		}
		c, ok, err := a.coerce(e, want, types.CastImplicit, locs[i])
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, a.errorAt(locs[i], pgerror.DatatypeMismatch, "argument of %s must be type %s, not type %s", name, want.SQLName(), e.Type().SQLName())
		}
		out.Args = append(out.Args, c)
		sigArgs = append(sigArgs, want)
	}
	if cand.nvarg > 0 {
		// Fold the variadic arguments into an array.
		n := len(out.Args) - cand.nvarg
		elemT := sigArgs[n]
		arrT := types.ArrayOf(elemT.Base())
		arr := &ArrayExpr{Elems: append([]Expr{}, out.Args[n:]...), T: arrT}
		out.Args = append(out.Args[:n], arr)
		sigArgs = append(sigArgs[:n], arrT)
	}
	if cand.ndef > 0 {
		defs, err := a.defaultArgs(fn, cand.ndef)
		if err != nil {
			return nil, err
		}
		for i, d := range defs {
			want := poly.actualType(fn.Args[len(fn.Args)-cand.ndef+i])
			c, err := a.mustCoerce(d, want, types.CastImplicit, loc)
			if err != nil {
				return nil, err
			}
			out.Args = append(out.Args, c)
			sigArgs = append(sigArgs, want)
		}
	}
	out.Sig = builtins.Sig{Args: sigArgs, Ret: poly.actualType(fn.Ret)}
	if fn.Ret.Oid == types.OidRecord {
		// A function with OUT parameters returns a record of them; its
		// columns, with polymorphic ones resolved, let (f(...)).x select one.
		var fields []types.Field
		for i, m := range fn.ArgModes {
			if (m == 'o' || m == 'b' || m == 't') && i < len(fn.AllArgs) {
				n := ""
				if i < len(fn.ArgNames) {
					n = fn.ArgNames[i]
				}
				fields = append(fields, types.Field{Name: n, T: poly.actualType(types.ByOid(fn.AllArgs[i]))})
			}
		}
		if len(fields) > 1 {
			out.Sig.Ret = types.RecordOf(fields)
		}
	}
	if !fn.Implemented() {
		what := "function " + fn.Signature()
		if op != nil {
			what = "operator " + name + " for " + argTypesString(sigArgs)
		}
		return nil, a.errorAt(loc, pgerror.FeatureNotSupported, "%s is not supported yet", what)
	}
	return out, nil
}

// defaultArgs returns the last n default argument expressions of fn.
func (a *Analyzer) defaultArgs(fn *builtins.Func, n int) ([]Expr, error) {
	stmt, err := parser.ParseOne("SELECT " + fn.Defaults)
	if err != nil {
		return nil, err
	}
	sel := stmt.AST.GetSelectStmt()
	sub := New("SELECT "+fn.Defaults, a.cat, nil, a.typeCtx)
	var all []Expr
	for _, t := range sel.TargetList {
		e, err := sub.transformExpr(t.GetResTarget().Val, &exprCtx{kind: kindDefault})
		if err != nil {
			return nil, err
		}
		all = append(all, e)
	}
	if n > len(all) {
		return nil, pgerror.New(pgerror.InternalError, "not enough default arguments")
	}
	return all[len(all)-n:], nil
}

func (a *Analyzer) transformCase(c *pg_query.CaseExpr, ec *exprCtx) (Expr, error) {
	out := &Case{}
	var arg Expr
	if c.Arg != nil {
		var err error
		arg, err = a.transformExpr(c.Arg, ec)
		if err != nil {
			return nil, err
		}
		if arg.Type().Oid == types.OidUnknown {
			arg, err = a.mustCoerce(arg, types.Text, types.CastImplicit, nodeLocation(c.Arg))
			if err != nil {
				return nil, err
			}
		}
		out.Arg = arg
	}
	var results []Expr
	var locs []int32
	for _, wn := range c.Args {
		w := wn.GetCaseWhen()
		var cond Expr
		var err error
		if arg != nil {
			val, err := a.transformExpr(w.Expr, ec)
			if err != nil {
				return nil, err
			}
			cond, err = a.makeOp("=", &CaseTest{T: arg.Type()}, val, w.Location)
			if err != nil {
				return nil, err
			}
		} else {
			cond, err = a.transformExpr(w.Expr, ec)
			if err != nil {
				return nil, err
			}
		}
		cond, err = a.coerceToBool(cond, "CASE/WHEN", nodeLocation(w.Expr))
		if err != nil {
			return nil, err
		}
		res, err := a.transformExpr(w.Result, ec)
		if err != nil {
			return nil, err
		}
		out.Whens = append(out.Whens, CaseWhen{Cond: cond})
		results = append(results, res)
		locs = append(locs, nodeLocation(w.Result))
	}
	if c.Defresult != nil {
		d, err := a.transformExpr(c.Defresult, ec)
		if err != nil {
			return nil, err
		}
		results = append(results, d)
		locs = append(locs, nodeLocation(c.Defresult))
	} else {
		results = append(results, &Const{T: types.Unknown, Value: types.Null, Loc: -1})
		locs = append(locs, -1)
	}
	results, t, err := a.coerceToCommon(results, "CASE", locs)
	if err != nil {
		return nil, err
	}
	for i := range out.Whens {
		out.Whens[i].Result = results[i]
	}
	out.Else = results[len(results)-1]
	out.T = t
	return out, nil
}

// transformRowArgs transforms ROW(...)'s arguments, where t.* (or *)
// stands for the columns of t, as in transformExpressionList.
func (a *Analyzer) transformRowArgs(list []*pg_query.Node, ec *exprCtx) ([]Expr, error) {
	var out []Expr
	for _, n := range list {
		cr := n.GetColumnRef()
		if cr == nil || len(cr.Fields) == 0 || cr.Fields[len(cr.Fields)-1].GetAStar() == nil {
			e, err := a.transformExpr(n, ec)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
			continue
		}
		qual := ""
		if len(cr.Fields) >= 2 {
			qual = nameOf(cr.Fields[len(cr.Fields)-2])
		}
		if ec.scope == nil {
			if qual == "" {
				return nil, a.errorAt(cr.Location, pgerror.SyntaxError, "SELECT * with no tables specified is not valid")
			}
			return nil, a.errorAt(cr.Location, pgerror.UndefinedTable, `missing FROM-clause entry for table "%s"`, qual)
		}
		ts, err := a.expandStar(ec.scope, qual, cr.Location)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			out = append(out, t.Expr)
		}
	}
	return out, nil
}
