package analyze

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// transformIndirection handles array subscripts, arr[i] and arr[i][j]
// (transformIndirection and transformContainerSubscripts in PostgreSQL),
// and field selection from a record whose columns are known, (f(x)).n
// (ParseFuncOrColumn's column projection). Slices are not supported yet.
func (a *Analyzer) transformIndirection(ind *pg_query.A_Indirection, ec *exprCtx) (Expr, error) {
	e, err := a.transformExpr(ind.Arg, ec)
	if err != nil {
		return nil, err
	}
	loc := nodeLocation(ind.Arg)
	var sub, geoSub *Subscript
	for _, n := range ind.Indirection {
		if s := n.GetString_(); s != nil {
			if sub != nil {
				e, sub = sub, nil
			}
			if e, err = a.selectField(e, s.Sval, loc); err != nil {
				return nil, err
			}
			continue
		}
		ai := n.GetAIndices()
		if ai == nil {
			return nil, a.errorAt(loc, pgerror.FeatureNotSupported, "this subscript is not supported yet")
		}
		if ai.IsSlice {
			if sub != nil || len(ind.Indirection) != 1 {
				return nil, a.errorAt(loc, pgerror.FeatureNotSupported, "slices of multidimensional arrays are not supported yet")
			}
			return a.transformSlice(e, ai, loc, ec)
		}
		if sub == nil && e.Type().Oid == types.OidName {
			// A name is a fixed array of 64 bytes: name[i] is its byte
			// at i (from 0) as a "char" (pg_dump's typname[0] = '_').
			idx, err := a.subscriptIndex(ai.Uidx, ec)
			if err != nil {
				return nil, err
			}
			e = &Subscript{Arr: e, Index: []Expr{idx}, T: types.ByOid(types.OidChar)}
			continue
		}
		if elem := types.GeoSubscriptElem(e.Type()); sub == nil && elem != nil {
			// point, lseg, box and line are fixed one-dimensional arrays
			// of their coordinates or points, subscripted from 0 (point[0]
			// is x); lseg[i][j] is two subscripts of that one array.
			idx, err := a.subscriptIndex(ai.Uidx, ec)
			if err != nil {
				return nil, err
			}
			if geoSub != nil && e == Expr(geoSub) {
				geoSub.Index = append(geoSub.Index, idx)
				continue
			}
			geoSub = &Subscript{Arr: e, Index: []Expr{idx}, T: elem}
			e = geoSub
			continue
		}
		if sub == nil {
			sub = &Subscript{Arr: e, T: e.Type()}
		}
		t := sub.T
		if !t.IsArray() || t.Elem == nil {
			return nil, a.errorAt(loc, pgerror.DatatypeMismatch, "cannot subscript type %s because it does not support subscripting", t.SQLNameNoTypmod())
		}
		idx, err := a.subscriptIndex(ai.Uidx, ec)
		if err != nil {
			return nil, err
		}
		sub.Index = append(sub.Index, idx)
		// Further subscripts index the same array: arr[i][j] is one
		// subscript of a two-dimensional array, of the array's type.
		sub.T = t
	}
	if sub != nil {
		sub.T = sub.T.Elem
		return sub, nil
	}
	return e, nil
}

// transformSlice analyzes arr[lower:upper], either bound omitted: an array
// of the same type (transformArraySubscripts with isSlice).
func (a *Analyzer) transformSlice(e Expr, ai *pg_query.A_Indices, loc int32, ec *exprCtx) (Expr, error) {
	t := e.Type()
	if !t.IsArray() || t.Elem == nil {
		return nil, a.errorAt(loc, pgerror.DatatypeMismatch, "cannot subscript type %s because it does not support subscripting", t.SQLNameNoTypmod())
	}
	bound := func(n *pg_query.Node) (Expr, error) {
		if n == nil {
			return nil, nil
		}
		return a.subscriptIndex(n, ec)
	}
	lo, err := bound(ai.Lidx)
	if err != nil {
		return nil, err
	}
	hi, err := bound(ai.Uidx)
	if err != nil {
		return nil, err
	}
	return &Subscript{Arr: e, Index: []Expr{lo}, Upper: []Expr{hi}, Slice: true, T: t}, nil
}

// selectField returns (e).name for a record of known columns.
func (a *Analyzer) selectField(e Expr, name string, loc int32) (Expr, error) {
	t := e.Type()
	for i, f := range t.Fields {
		if f.Name == name {
			return &FieldSelect{Arg: e, Field: i, T: f.T}, nil
		}
	}
	if t.Family == types.FamRecord && t.Fields == nil {
		return nil, a.errorAt(loc, pgerror.FeatureNotSupported, "could not identify column \"%s\" in record data type", name)
	}
	if t.Family == types.FamRecord {
		return nil, a.errorAt(loc, pgerror.UndefinedColumn, "could not identify column \"%s\" in record data type", name)
	}
	return nil, a.errorAt(loc, pgerror.WrongObjectType, "column notation .%s applied to type %s, which is not a composite type", name, t.SQLNameNoTypmod())
}

// figureColname picks an output column's name as PostgreSQL's
// FigureColname does.
func figureColname(n *pg_query.Node) string {
	if name, strength := figureColnameInternal(n); strength > 0 {
		return name
	}
	return "?column?"
}

func figureColnameInternal(n *pg_query.Node) (string, int) {
	if n == nil {
		return "", 0
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		for i := len(v.ColumnRef.Fields) - 1; i >= 0; i-- {
			f := v.ColumnRef.Fields[i]
			if s := f.GetString_(); s != nil {
				return s.Sval, 2
			}
		}
	case *pg_query.Node_AIndirection:
		for i := len(v.AIndirection.Indirection) - 1; i >= 0; i-- {
			if s := v.AIndirection.Indirection[i].GetString_(); s != nil {
				return s.Sval, 2
			}
		}
		return figureColnameInternal(v.AIndirection.Arg)
	case *pg_query.Node_FuncCall:
		_, name := qualifiedName(v.FuncCall.Funcname)
		return name, 2
	case *pg_query.Node_AExpr:
		if v.AExpr.Kind == pg_query.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif", 2
		}
	case *pg_query.Node_TypeCast:
		if name, s := figureColnameInternal(v.TypeCast.Arg); s > 1 {
			return name, s
		}
		tn := v.TypeCast.TypeName
		if len(tn.Names) > 0 {
			return nameOf(tn.Names[len(tn.Names)-1]), 1
		}
	case *pg_query.Node_CollateClause:
		return figureColnameInternal(v.CollateClause.Arg)
	case *pg_query.Node_SubLink:
		switch v.SubLink.SubLinkType {
		case pg_query.SubLinkType_EXISTS_SUBLINK:
			return "exists", 2
		case pg_query.SubLinkType_ARRAY_SUBLINK:
			return "array", 2
		case pg_query.SubLinkType_EXPR_SUBLINK:
			if sel := v.SubLink.Subselect.GetSelectStmt(); sel != nil && len(sel.TargetList) > 0 {
				rt := sel.TargetList[0].GetResTarget()
				if rt.Name != "" {
					return rt.Name, 2
				}
				return figureColnameInternal(rt.Val)
			}
		}
	case *pg_query.Node_CaseExpr:
		if name, s := figureColnameInternal(v.CaseExpr.Defresult); s > 0 {
			return name, s
		}
		return "case", 1
	case *pg_query.Node_AArrayExpr:
		return "array", 2
	case *pg_query.Node_RowExpr:
		return "row", 2
	case *pg_query.Node_CoalesceExpr:
		return "coalesce", 2
	case *pg_query.Node_MinMaxExpr:
		if v.MinMaxExpr.Op == pg_query.MinMaxOp_IS_GREATEST {
			return "greatest", 2
		}
		return "least", 2
	case *pg_query.Node_SqlvalueFunction:
		name := strings.ToLower(strings.TrimPrefix(v.SqlvalueFunction.Op.String(), "SVFOP_"))
		switch name {
		case "current_time_n":
			name = "current_time"
		case "current_timestamp_n":
			name = "current_timestamp"
		case "localtime_n":
			name = "localtime"
		case "localtimestamp_n":
			name = "localtimestamp"
		}
		return name, 2
	case *pg_query.Node_GroupingFunc:
		return "grouping", 2
	}
	return "", 0
}

// subscriptIndex analyzes one subscript, which must be an integer.
func (a *Analyzer) subscriptIndex(n *pg_query.Node, ec *exprCtx) (Expr, error) {
	x, err := a.transformExpr(n, ec)
	if err != nil {
		return nil, err
	}
	x, ok, err := a.coerce(x, types.Int4, types.CastAssignment, nodeLocation(n))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, a.errorAt(nodeLocation(n), pgerror.DatatypeMismatch, "array subscript must have type integer")
	}
	return x, nil
}
