package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// AnalyzeSelect analyzes a SELECT statement (parser/analyze.c
// transformSelectStmt).
func (a *Analyzer) AnalyzeSelect(s *pg_query.SelectStmt) (*Query, error) {
	q, err := a.transformSelect(s, nil)
	if err != nil {
		return nil, err
	}
	q.Params = a.params
	return q, nil
}

func (a *Analyzer) transformSelect(s *pg_query.SelectStmt, parent *scope) (*Query, error) {
	if len(s.ValuesLists) > 0 {
		return nil, a.errorAt(-1, pgerror.FeatureNotSupported, "VALUES is not supported yet")
	}
	if s.Op != pg_query.SetOperation_SETOP_NONE {
		return nil, a.errorAt(-1, pgerror.FeatureNotSupported, "UNION, INTERSECT and EXCEPT are not supported yet")
	}
	if s.WithClause != nil {
		return nil, a.errorAt(s.WithClause.Location, pgerror.FeatureNotSupported, "WITH is not supported yet")
	}
	if s.IntoClause != nil {
		return nil, a.errorAt(-1, pgerror.FeatureNotSupported, "SELECT INTO is not supported yet")
	}
	if len(s.LockingClause) > 0 && len(s.FromClause) == 0 {
		return nil, a.errorAt(-1, pgerror.FeatureNotSupported, "SELECT FOR UPDATE/SHARE cannot be applied to VALUES")
	}
	if len(s.FromClause) > 0 {
		return nil, a.errorAt(nodeLocation(s.FromClause[0]), pgerror.FeatureNotSupported, "FROM is not supported yet")
	}
	q := &Query{Command: CmdSelect}
	sc := &scope{parent: parent}
	aggs := &aggCollector{}
	for _, tn := range s.TargetList {
		rt := tn.GetResTarget()
		e, err := a.transformExpr(rt.Val, &exprCtx{scope: sc, kind: kindSelectTarget, aggs: aggs})
		if err != nil {
			return nil, err
		}
		name := rt.Name
		if name == "" {
			name = figureColname(rt.Val)
		}
		q.Targets = append(q.Targets, &Target{Expr: e, Name: name})
	}
	if s.WhereClause != nil {
		w, err := a.transformExpr(s.WhereClause, &exprCtx{scope: sc, kind: kindWhere})
		if err != nil {
			return nil, err
		}
		w, err = a.coerceToBool(w, "WHERE", nodeLocation(s.WhereClause))
		if err != nil {
			return nil, err
		}
		q.Where = w
	}
	if len(s.GroupClause) > 0 {
		return nil, a.errorAt(nodeLocation(s.GroupClause[0]), pgerror.FeatureNotSupported, "GROUP BY is not supported yet")
	}
	if s.HavingClause != nil {
		h, err := a.transformExpr(s.HavingClause, &exprCtx{scope: sc, kind: kindHaving, aggs: aggs})
		if err != nil {
			return nil, err
		}
		h, err = a.coerceToBool(h, "HAVING", nodeLocation(s.HavingClause))
		if err != nil {
			return nil, err
		}
		q.Having = h
	}
	for _, sb := range s.SortClause {
		key, err := a.transformSortBy(q, sb.GetSortBy(), sc, aggs)
		if err != nil {
			return nil, err
		}
		q.Sort = append(q.Sort, key)
	}
	q.Aggs = aggs.aggs
	q.HasAggs = len(q.Aggs) > 0 || q.Having != nil
	// Unknown-typed output columns resolve to text (PostgreSQL 10+).
	for _, t := range q.Targets {
		if t.Expr.Type().Oid == types.OidUnknown {
			c, err := a.mustCoerce(t.Expr, types.Text, types.CastImplicit, -1)
			if err != nil {
				return nil, err
			}
			t.Expr = c
		}
	}
	if s.LimitCount != nil {
		e, err := a.transformLimit(s.LimitCount, sc, kindLimit)
		if err != nil {
			return nil, err
		}
		q.Limit = e
	}
	if s.LimitOffset != nil {
		e, err := a.transformLimit(s.LimitOffset, sc, kindOffset)
		if err != nil {
			return nil, err
		}
		q.Offset = e
	}
	if len(s.DistinctClause) > 0 {
		q.Distinct = true
	}
	return q, nil
}

func (a *Analyzer) transformLimit(n *pg_query.Node, sc *scope, kind exprKind) (Expr, error) {
	e, err := a.transformExpr(n, &exprCtx{scope: sc, kind: kind})
	if err != nil {
		return nil, err
	}
	if c, ok := e.(*Const); ok && c.Value.IsNull() && c.T.Oid == types.OidUnknown {
		// LIMIT NULL / LIMIT ALL
		return nil, nil
	}
	return a.mustCoerce(e, types.Int8, types.CastImplicit, nodeLocation(n))
}

// transformSortBy resolves an ORDER BY item: an output column name or
// number, or an expression (parser/parse_clause.c findTargetlistEntrySQL92).
func (a *Analyzer) transformSortBy(q *Query, s *pg_query.SortBy, sc *scope, aggs *aggCollector) (SortKey, error) {
	key := SortKey{Desc: s.SortbyDir == pg_query.SortByDir_SORTBY_DESC, NullsFirst: nullsFirst(s)}
	if s.SortbyDir == pg_query.SortByDir_SORTBY_USING {
		return key, a.errorAt(s.Location, pgerror.FeatureNotSupported, "ORDER BY USING is not supported yet")
	}
	// ORDER BY n
	if c := s.Node.GetAConst(); c != nil {
		if iv := c.GetIval(); iv != nil {
			n := int(iv.Ival)
			cols := q.Columns()
			if n < 1 || n > len(cols) {
				return key, a.errorAt(c.Location, pgerror.InvalidColumnReference, "ORDER BY position %d is not in select list", n)
			}
			key.Expr = cols[n-1].Expr
			return key, nil
		}
	}
	// ORDER BY output-column-name
	if cr := s.Node.GetColumnRef(); cr != nil && len(cr.Fields) == 1 {
		if name := nameOf(cr.Fields[0]); name != "" {
			var match *Target
			for _, t := range q.Targets {
				if !t.Junk && t.Name == name {
					if match != nil && !exprEqual(match.Expr, t.Expr) {
						return key, a.errorAt(cr.Location, pgerror.AmbiguousColumn, `ORDER BY "%s" is ambiguous`, name)
					}
					match = t
				}
			}
			if match != nil {
				key.Expr = match.Expr
				return key, nil
			}
		}
	}
	e, err := a.transformExpr(s.Node, &exprCtx{scope: sc, kind: kindOrderBy, aggs: aggs})
	if err != nil {
		return key, err
	}
	if e.Type().Oid == types.OidUnknown {
		e, err = a.mustCoerce(e, types.Text, types.CastImplicit, nodeLocation(s.Node))
		if err != nil {
			return key, err
		}
	}
	key.Expr = e
	return key, nil
}

// AnalyzeConstExpr analyzes an expression that references no columns (an
// EXECUTE parameter, a DEFAULT) and coerces it to target as an assignment
// would.
func (a *Analyzer) AnalyzeConstExpr(n *pg_query.Node, target *types.T) (Expr, error) {
	e, err := a.transformExpr(n, &exprCtx{kind: kindOther})
	if err != nil {
		return nil, err
	}
	out, ok, err := a.coerce(e, target, types.CastAssignment, nodeLocation(n))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, a.errorAt(nodeLocation(n), pgerror.DatatypeMismatch, "parameter $1 of type %s cannot be coerced to the expected type %s",
			e.Type().SQLNameNoTypmod(), target.SQLName()).WithHint("You will need to rewrite or cast the expression.")
	}
	return out, nil
}
