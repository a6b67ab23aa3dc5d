package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// SubLinkKind is the kind of a subquery expression.
type SubLinkKind uint8

// The subquery expression kinds.
const (
	SubExists SubLinkKind = iota
	SubAny                // x op ANY (subquery), x IN (subquery)
	SubAll                // x op ALL (subquery)
	SubExpr               // (subquery) as a scalar
	SubArray              // ARRAY(subquery)
)

// SubLink is a subquery used in an expression (PostgreSQL's SubLink).
type SubLink struct {
	Kind  SubLinkKind
	Query *Query
	// Left and Test are set for ANY and ALL: Test is the operator call
	// whose second argument is a CaseTest standing for the subquery's
	// column.
	Left Expr
	Test *Func
	T    *types.T
}

// Type implements Expr.
func (s *SubLink) Type() *types.T { return s.T }

func (a *Analyzer) transformSubLink(sl *pg_query.SubLink, ec *exprCtx) (Expr, error) {
	sel := sl.Subselect.GetSelectStmt()
	if sel == nil {
		return nil, a.errorAt(sl.Location, pgerror.FeatureNotSupported, "this kind of subquery is not supported")
	}
	parent := ec.scope
	if parent == nil {
		parent = &scope{}
	}
	q, err := a.transformSelect(sel, parent)
	if err != nil {
		return nil, err
	}
	cols := q.Columns()
	out := &SubLink{Query: q}
	switch sl.SubLinkType {
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		out.Kind, out.T = SubExists, types.Bool
		return out, nil
	case pg_query.SubLinkType_EXPR_SUBLINK, pg_query.SubLinkType_ARRAY_SUBLINK:
		if len(cols) != 1 {
			return nil, a.errorAt(sl.Location, pgerror.SyntaxError, "subquery must return only one column")
		}
		t := cols[0].Expr.Type()
		if sl.SubLinkType == pg_query.SubLinkType_EXPR_SUBLINK {
			out.Kind, out.T = SubExpr, t
			return out, nil
		}
		arr := types.ArrayOf(t.Base())
		if t.IsArray() {
			arr = t
		}
		if arr == nil {
			return nil, a.errorAt(sl.Location, pgerror.UndefinedObject, "could not find array type for data type %s", t.SQLName())
		}
		out.Kind, out.T = SubArray, arr
		return out, nil
	case pg_query.SubLinkType_ANY_SUBLINK, pg_query.SubLinkType_ALL_SUBLINK:
		left, err := a.transformExpr(sl.Testexpr, ec)
		if err != nil {
			return nil, err
		}
		if _, isRow := left.(*RowExpr); isRow {
			return nil, a.errorAt(sl.Location, pgerror.FeatureNotSupported, "row comparisons with subqueries are not supported yet")
		}
		if len(cols) > 1 {
			return nil, a.errorAt(sl.Location, pgerror.SyntaxError, "subquery has too many columns")
		}
		if len(cols) == 0 {
			return nil, a.errorAt(sl.Location, pgerror.SyntaxError, "subquery has too few columns")
		}
		opName := "="
		if len(sl.OperName) > 0 {
			opName = nameOf(sl.OperName[len(sl.OperName)-1])
		}
		colT := cols[0].Expr.Type()
		op, cand, err := a.resolveOperator(opName, left.Type(), colT, sl.Location)
		if err != nil {
			return nil, err
		}
		if op.Result.Oid != types.OidBool {
			return nil, a.errorAt(sl.Location, pgerror.DatatypeMismatch, "operator %s must return type boolean, not type %s", opName, op.Result.SQLName())
		}
		// The subquery's column is coerced to the operator's right type.
		poly, _ := resolvePolymorphic([]*types.T{left.Type(), colT}, cand.args, nil)
		rightT := poly.actualType(cand.args[1])
		if colT.Oid != rightT.Oid {
			c, err := a.mustCoerce(cols[0].Expr, rightT, types.CastImplicit, sl.Location)
			if err != nil {
				return nil, err
			}
			cols[0].Expr = c
		}
		call, err := a.finishCall(op.Func, op, cand, []Expr{left, &CaseTest{T: rightT}}, []int32{sl.Location, sl.Location}, sl.Location, opName)
		if err != nil {
			return nil, err
		}
		f := call.(*Func)
		out.Test = f
		out.Left = f.Args[0]
		out.T = types.Bool
		out.Kind = SubAny
		if sl.SubLinkType == pg_query.SubLinkType_ALL_SUBLINK {
			out.Kind = SubAll
		}
		return out, nil
	}
	return nil, a.errorAt(sl.Location, pgerror.FeatureNotSupported, "subquery kind %s is not supported", sl.SubLinkType)
}
