package analyze

import (
	"strconv"

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

// transformSelect analyzes any SELECT: a plain one, VALUES, or a set
// operation, with its WITH, ORDER BY and LIMIT. parent is the enclosing
// query's scope, for subqueries.
func (a *Analyzer) transformSelect(s *pg_query.SelectStmt, parent *scope) (*Query, error) {
	keepUnknown := a.setOpLeaf
	a.setOpLeaf = false
	q := &Query{Command: CmdSelect}
	correlated := false
	sc := &scope{parent: parent, q: q, correlated: &correlated}
	if parent != nil {
		sc.ctes = nil
	}
	if s.WithClause != nil {
		if err := a.transformWith(s.WithClause, sc); err != nil {
			return nil, err
		}
	}
	var err error
	switch {
	case s.Op != pg_query.SetOperation_SETOP_NONE:
		err = a.transformSetOp(s, q, sc)
	case len(s.ValuesLists) > 0:
		err = a.transformValues(s, q, sc)
	default:
		err = a.transformPlainSelect(s, q, sc, keepUnknown)
	}
	if err != nil {
		return nil, err
	}
	if s.Op != pg_query.SetOperation_SETOP_NONE || len(s.ValuesLists) > 0 {
		// ORDER BY, LIMIT and locking of a set operation or VALUES apply to
		// its result.
		for _, sb := range s.SortClause {
			key, err := a.transformSortBy(q, sb.GetSortBy(), sc, nil, true)
			if err != nil {
				return nil, err
			}
			q.Sort = append(q.Sort, key)
		}
	}
	if err := a.transformLimits(s, q, sc); err != nil {
		return nil, err
	}
	q.Correlated = correlated
	return q, nil
}

func (a *Analyzer) transformLimits(s *pg_query.SelectStmt, q *Query, sc *scope) error {
	q.WithTies = s.LimitOption == pg_query.LimitOption_LIMIT_OPTION_WITH_TIES
	if s.LimitCount != nil {
		e, err := a.transformLimit(s.LimitCount, sc, kindLimit)
		if err != nil {
			return err
		}
		q.Limit = e
	}
	if s.LimitOffset != nil {
		e, err := a.transformLimit(s.LimitOffset, sc, kindOffset)
		if err != nil {
			return err
		}
		q.Offset = e
	}
	return nil
}

func (a *Analyzer) transformPlainSelect(s *pg_query.SelectStmt, q *Query, sc *scope, keepUnknown bool) error {
	if s.IntoClause != nil {
		return a.errorAt(-1, pgerror.FeatureNotSupported, "SELECT INTO is not supported yet")
	}
	if err := a.transformFrom(s.FromClause, sc); err != nil {
		return err
	}
	aggs := &aggCollector{}
	wins := &windowCollector{}
	for _, w := range s.WindowClause {
		d := w.GetWindowDef()
		for _, prev := range wins.defs {
			if prev.Name == d.Name {
				return a.errorAt(d.Location, pgerror.WindowingError, `window "%s" is already defined`, d.Name)
			}
		}
		wins.defs = append(wins.defs, d)
	}
	for _, tn := range s.TargetList {
		rt := tn.GetResTarget()
		if cr := rt.Val.GetColumnRef(); cr != nil && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			qual := ""
			if len(cr.Fields) >= 2 {
				qual = nameOf(cr.Fields[len(cr.Fields)-2])
			}
			ts, err := a.expandStar(sc, qual, cr.Location)
			if err != nil {
				return err
			}
			q.Targets = append(q.Targets, ts...)
			continue
		}
		e, err := a.transformExpr(rt.Val, &exprCtx{scope: sc, kind: kindSelectTarget, aggs: aggs, windows: wins})
		if err != nil {
			return err
		}
		name := rt.Name
		if name == "" {
			name = figureColname(rt.Val)
			// A scalar subquery is named after its analyzed query's
			// column, as FigureColnameInternal does once transformSubLink
			// has run: (values (42)) is column1.
			if sl, ok := e.(*SubLink); ok && sl.Kind == SubExpr && len(sl.Query.Targets) > 0 && rt.Val.GetSubLink() != nil {
				name = sl.Query.Targets[0].Name
			}
		}
		t := &Target{Expr: e, Name: name}
		a.markSource(q, t)
		q.Targets = append(q.Targets, t)
	}
	if s.WhereClause != nil {
		w, err := a.transformExpr(s.WhereClause, &exprCtx{scope: sc, kind: kindWhere})
		if err != nil {
			return err
		}
		w, err = a.coerceToBool(w, "WHERE", nodeLocation(s.WhereClause))
		if err != nil {
			return err
		}
		q.Where = w
	}
	for _, g := range s.GroupClause {
		e, err := a.transformGroupBy(q, g, sc)
		if err != nil {
			return err
		}
		if e != nil {
			if err := a.checkSortGroup(e.Type(), false, nodeLocation(g)); err != nil {
				return err
			}
			q.GroupBy = append(q.GroupBy, e)
		}
	}
	if s.HavingClause != nil {
		h, err := a.transformExpr(s.HavingClause, &exprCtx{scope: sc, kind: kindHaving, aggs: aggs})
		if err != nil {
			return err
		}
		h, err = a.coerceToBool(h, "HAVING", nodeLocation(s.HavingClause))
		if err != nil {
			return err
		}
		q.Having = h
	}
	for _, sb := range s.SortClause {
		key, err := a.transformSortBy(q, sb.GetSortBy(), sc, aggs, false, wins)
		if err != nil {
			return err
		}
		if sb.GetSortBy().SortbyDir != pg_query.SortByDir_SORTBY_USING {
			if err := a.checkSortGroup(key.Expr.Type(), true, nodeLocation(sb.GetSortBy().Node)); err != nil {
				return err
			}
		}
		q.Sort = append(q.Sort, key)
	}
	q.Aggs = aggs.aggs
	q.Windows = wins.specs
	q.WindowFuncs = wins.funcs
	q.HasAggs = len(q.Aggs) > 0 || len(q.GroupBy) > 0 || q.Having != nil
	// Unknown-typed output columns resolve to text (PostgreSQL 10+),
	// except in a set operation's leaf.
	for _, t := range q.Targets {
		if t.Expr.Type().Oid == types.OidUnknown && !keepUnknown {
			c, err := a.mustCoerce(t.Expr, types.Text, types.CastImplicit, -1)
			if err != nil {
				return err
			}
			t.Expr = c
		}
	}
	if len(s.DistinctClause) > 0 {
		q.Distinct = true
		// Plain DISTINCT is a list holding one empty node; DISTINCT ON
		// lists its expressions.
		for _, n := range s.DistinctClause {
			if n == nil || n.Node == nil {
				continue
			}
			if _, isList := n.Node.(*pg_query.Node_List); isList && len(n.GetList().Items) == 0 {
				continue
			}
			e, err := a.transformDistinctOn(q, n, sc, aggs)
			if err != nil {
				return err
			}
			q.DistinctOn = append(q.DistinctOn, e)
		}
		if cols := q.Columns(); len(q.DistinctOn) == 0 {
			locs := targetLocations(s.TargetList, len(cols))
			for i, t := range cols {
				if err := a.checkSortGroup(t.Expr.Type(), false, locs[i]); err != nil {
					return err
				}
			}
		}
		if len(q.DistinctOn) > 0 {
			// DISTINCT ON expressions must match the leftmost ORDER BY items.
			for i, k := range q.Sort {
				if i >= len(q.DistinctOn) {
					break
				}
				found := false
				for _, d := range q.DistinctOn {
					if exprEqual(d, k.Expr) {
						found = true
					}
				}
				if !found {
					return a.errorAt(-1, pgerror.InvalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions")
				}
			}
		} else {
			// For SELECT DISTINCT, ORDER BY expressions must appear in the
			// select list.
			for _, k := range q.Sort {
				found := false
				for _, t := range q.Targets {
					if !t.Junk && exprEqual(t.Expr, k.Expr) {
						found = true
					}
				}
				if !found {
					return a.errorAt(-1, pgerror.InvalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list")
				}
			}
		}
	}
	if q.HasAggs {
		if err := a.checkGrouping(q); err != nil {
			return err
		}
	}
	for _, lc := range s.LockingClause {
		l := lc.GetLockingClause()
		if len(q.RangeTable) == 0 {
			return a.errorAt(-1, pgerror.FeatureNotSupported, "FOR UPDATE is not allowed without a FROM clause")
		}
		clause := LockClause{NoWait: l.WaitPolicy == pg_query.LockWaitPolicy_LockWaitError, SkipLocked: l.WaitPolicy == pg_query.LockWaitPolicy_LockWaitSkip}
		switch l.Strength {
		case pg_query.LockClauseStrength_LCS_FORKEYSHARE:
			clause.Strength = ForKeyShare
		case pg_query.LockClauseStrength_LCS_FORSHARE:
			clause.Strength = ForShare
		case pg_query.LockClauseStrength_LCS_FORNOKEYUPDATE:
			clause.Strength = ForNoKeyUpdate
		default:
			clause.Strength = ForUpdate
		}
		if q.HasAggs {
			return a.errorAt(-1, pgerror.FeatureNotSupported, "FOR %s is not allowed with aggregate functions", clause.Strength)
		}
		if q.Distinct {
			return a.errorAt(-1, pgerror.FeatureNotSupported, "FOR %s is not allowed with DISTINCT clause", clause.Strength)
		}
		q.Locking = append(q.Locking, clause)
	}
	return nil
}

// String returns the strength as FOR's clause spells it ("NO KEY UPDATE").
func (s LockStrength) String() string {
	return [...]string{"KEY SHARE", "SHARE", "NO KEY UPDATE", "UPDATE"}[s]
}

func (a *Analyzer) transformDistinctOn(q *Query, n *pg_query.Node, sc *scope, aggs *aggCollector) (Expr, error) {
	key, err := a.transformSortBy(q, &pg_query.SortBy{Node: n, Location: nodeLocation(n)}, sc, aggs, false)
	if err != nil {
		return nil, err
	}
	return key.Expr, nil
}

// transformGroupBy resolves a GROUP BY item: an output column number, an
// input column or output column name, or an expression
// (findTargetlistEntrySQL92 with GROUP BY's preference for input columns).
func (a *Analyzer) transformGroupBy(q *Query, n *pg_query.Node, sc *scope) (Expr, error) {
	if _, ok := n.Node.(*pg_query.Node_GroupingSet); ok {
		return nil, a.errorAt(nodeLocation(n), pgerror.FeatureNotSupported, "GROUPING SETS, ROLLUP and CUBE are not supported yet")
	}
	if c := n.GetAConst(); c != nil {
		if iv := c.GetIval(); iv != nil {
			cols := q.Columns()
			k := int(iv.Ival)
			if k < 1 || k > len(cols) {
				return nil, a.errorAt(c.Location, pgerror.InvalidColumnReference, "GROUP BY position %d is not in select list", k)
			}
			if cols[k-1].Expr != nil && containsAggs(cols[k-1].Expr) {
				return nil, a.errorAt(c.Location, pgerror.GroupingError, "aggregate functions are not allowed in GROUP BY")
			}
			return cols[k-1].Expr, nil
		}
	}
	if cr := n.GetColumnRef(); cr != nil && len(cr.Fields) == 1 {
		name := nameOf(cr.Fields[0])
		// An input column wins over an output column of the same name.
		if _, err := a.resolveColumn(&scope{q: q, visible: sc.visible}, "", name, cr.Location); err != nil {
			for _, t := range q.Targets {
				if !t.Junk && t.Name == name {
					return t.Expr, nil
				}
			}
		}
	}
	e, err := a.transformExpr(n, &exprCtx{scope: sc, kind: kindGroupBy})
	if err != nil {
		return nil, err
	}
	if e.Type().Oid == types.OidUnknown {
		e, err = a.mustCoerce(e, types.Text, types.CastImplicit, nodeLocation(n))
		if err != nil {
			return nil, err
		}
	}
	return e, nil
}

func containsAggs(e Expr) bool {
	found := false
	Walk(e, func(x Expr) bool {
		if ag, ok := x.(*Aggref); ok && ag.LevelsUp == 0 {
			found = true
			return false
		}
		return true
	})
	return found
}

// checkGrouping verifies that the select list, HAVING and ORDER BY use
// ungrouped columns only inside aggregates (parser/parse_agg.c
// check_ungrouped_columns).
func (a *Analyzer) checkGrouping(q *Query) error {
	check := func(e Expr, what string) error {
		var bad *Var
		var walk func(x Expr) bool
		walk = func(x Expr) bool {
			for _, g := range q.GroupBy {
				if exprEqual(g, x) {
					return true
				}
			}
			switch v := x.(type) {
			case *Aggref:
				return true
			case *Var:
				if v.LevelsUp == 0 {
					bad = v
					return false
				}
				return true
			case *SubLink:
				// Outer references from the subquery must be grouped too.
				return a.checkSubLinkGrouping(q, v, &bad)
			}
			for _, c := range children(x) {
				if !walk(c) {
					return false
				}
			}
			return true
		}
		walk(e)
		if bad != nil {
			r := q.RangeTable[bad.Rel]
			name := bad.Name
			if r.Alias != "" {
				name = r.Alias + "." + bad.Name
			}
			return a.errorAt(bad.Loc, pgerror.GroupingError, `column "%s" must appear in the GROUP BY clause or be used in an aggregate function`, name)
		}
		return nil
	}
	for _, t := range q.Targets {
		if err := check(t.Expr, "target"); err != nil {
			return err
		}
	}
	if q.Having != nil {
		if err := check(q.Having, "HAVING"); err != nil {
			return err
		}
	}
	for _, k := range q.Sort {
		if err := check(k.Expr, "ORDER BY"); err != nil {
			return err
		}
	}
	return nil
}

func (a *Analyzer) checkSubLinkGrouping(q *Query, s *SubLink, bad **Var) bool {
	return true
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
// For set operations and VALUES only output columns may be named
// (resultOnly).
func (a *Analyzer) transformSortBy(q *Query, s *pg_query.SortBy, sc *scope, aggs *aggCollector, resultOnly bool, wins ...*windowCollector) (SortKey, error) {
	key := SortKey{Desc: s.SortbyDir == pg_query.SortByDir_SORTBY_DESC, NullsFirst: nullsFirst(s)}
	if s.SortbyDir == pg_query.SortByDir_SORTBY_USING {
		op := nameOf(s.UseOp[len(s.UseOp)-1])
		switch op {
		case "<":
		case ">":
			key.Desc = true
			if s.SortbyNulls == pg_query.SortByNulls_SORTBY_NULLS_DEFAULT {
				key.NullsFirst = true
			}
		default:
			return key, a.errorAt(s.Location, pgerror.FeatureNotSupported, "ORDER BY USING %s is not supported", op)
		}
	}
	cols := q.Columns()
	if c := s.Node.GetAConst(); c != nil {
		if iv := c.GetIval(); iv != nil {
			n := int(iv.Ival)
			if n < 1 || n > len(cols) {
				return key, a.errorAt(c.Location, pgerror.InvalidColumnReference, "ORDER BY position %d is not in select list", n)
			}
			key.Expr = cols[n-1].Expr
			return key, nil
		}
	}
	if cr := s.Node.GetColumnRef(); cr != nil && len(cr.Fields) == 1 {
		if name := nameOf(cr.Fields[0]); name != "" {
			var match *Target
			for _, t := range cols {
				if t.Name == name {
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
	if resultOnly {
		if cr := s.Node.GetColumnRef(); cr != nil {
			return key, a.errorAt(cr.Location, pgerror.UndefinedColumn, `column "%s" does not exist`, nameOf(cr.Fields[len(cr.Fields)-1]))
		}
		return key, a.errorAt(nodeLocation(s.Node), pgerror.FeatureNotSupported, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause").
			WithDetail("Only result column names can be used, not expressions or functions.").
			WithHint("Add the expression/function to every SELECT, or move the UNION into a FROM clause.")
	}
	ec := &exprCtx{scope: sc, kind: kindOrderBy, aggs: aggs}
	if len(wins) > 0 {
		ec.windows = wins[0]
	}
	e, err := a.transformExpr(s.Node, ec)
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

// transformValues analyzes a VALUES list as a query over a values entry.
func (a *Analyzer) transformValues(s *pg_query.SelectStmt, q *Query, sc *scope) error {
	var rows [][]Expr
	var locs [][]int32
	width := -1
	for _, l := range s.ValuesLists {
		items := l.GetList().GetItems()
		if width >= 0 && len(items) != width {
			return a.errorAt(nodeLocation(items[0]), pgerror.SyntaxError, "VALUES lists must all be the same length")
		}
		width = len(items)
		var row []Expr
		var rl []int32
		for _, it := range items {
			if it.GetSetToDefault() != nil {
				return a.errorAt(nodeLocation(it), pgerror.FeatureNotSupported, "DEFAULT is not allowed in this context")
			}
			e, err := a.transformExpr(it, &exprCtx{scope: sc, kind: kindValues})
			if err != nil {
				return err
			}
			row = append(row, e)
			rl = append(rl, nodeLocation(it))
		}
		rows = append(rows, row)
		locs = append(locs, rl)
	}
	rte := &RTE{Kind: RTEValues, Alias: "*VALUES*"}
	for c := 0; c < width; c++ {
		col := make([]Expr, len(rows))
		cl := make([]int32, len(rows))
		for r := range rows {
			col[r] = rows[r][c]
			cl[r] = locs[r][c]
		}
		col, t, err := a.coerceToCommon(col, "VALUES", cl)
		if err != nil {
			return err
		}
		for r := range rows {
			rows[r][c] = col[r]
		}
		rte.ColNames = append(rte.ColNames, "column"+strconv.Itoa(c+1))
		rte.ColTypes = append(rte.ColTypes, t)
	}
	rte.Values = rows
	idx := sc.addRTE(rte)
	q.From = []JoinNode{&RangeRef{RTE: idx}}
	sc.visible = []int{idx}
	for c := 0; c < width; c++ {
		q.Targets = append(q.Targets, &Target{Expr: &Var{Rel: idx, Col: c, T: rte.ColTypes[c], Name: rte.ColNames[c]}, Name: rte.ColNames[c]})
	}
	return nil
}

// transformSetOp analyzes UNION, INTERSECT and EXCEPT.
func (a *Analyzer) transformSetOp(s *pg_query.SelectStmt, q *Query, sc *scope) error {
	op, err := a.transformSetOpTree(s, sc, true)
	if err != nil {
		return err
	}
	rte := &RTE{Kind: RTESubquery, Alias: "*SELECT*", ColNames: op.ColNames, ColTypes: op.ColTypes}
	rte.Subquery = &Query{Command: CmdSelect, SetOp: op}
	for i := range op.ColNames {
		rte.Subquery.Targets = append(rte.Subquery.Targets, &Target{Expr: &Var{Rel: -1, Col: i, T: op.ColTypes[i]}, Name: op.ColNames[i]})
	}
	idx := sc.addRTE(rte)
	q.From = []JoinNode{&RangeRef{RTE: idx}}
	sc.visible = []int{idx}
	for i, n := range op.ColNames {
		q.Targets = append(q.Targets, &Target{Expr: &Var{Rel: idx, Col: i, T: op.ColTypes[i], Name: n}, Name: n})
	}
	return nil
}

func (a *Analyzer) transformSetOpTree(s *pg_query.SelectStmt, sc *scope, top bool) (*SetOp, error) {
	leaf := func(n *pg_query.SelectStmt) (any, []*types.T, []string, []int32, error) {
		if n.Op != pg_query.SetOperation_SETOP_NONE && len(n.SortClause) == 0 && n.LimitCount == nil && n.LimitOffset == nil && n.WithClause == nil {
			op, err := a.transformSetOpTree(n, sc, false)
			if err != nil {
				return nil, nil, nil, nil, err
			}
			return op, op.ColTypes, op.ColNames, nil, nil
		}
		a.setOpLeaf = true
		sub, err := a.transformSelect(n, &scope{parent: sc.parent, ctes: sc.ctes, correlated: sc.correlated})
		a.setOpLeaf = false
		if err != nil {
			return nil, nil, nil, nil, err
		}
		var ts []*types.T
		var ns []string
		var locs []int32
		for _, t := range sub.Columns() {
			ts = append(ts, t.Expr.Type())
			ns = append(ns, t.Name)
			locs = append(locs, -1)
		}
		return sub, ts, ns, locs, nil
	}
	l, lt, ln, _, err := leaf(s.Larg)
	if err != nil {
		return nil, err
	}
	r, rt, _, _, err := leaf(s.Rarg)
	if err != nil {
		return nil, err
	}
	kind := Union
	name := "UNION"
	switch s.Op {
	case pg_query.SetOperation_SETOP_INTERSECT:
		kind, name = Intersect, "INTERSECT"
	case pg_query.SetOperation_SETOP_EXCEPT:
		kind, name = Except, "EXCEPT"
	}
	if len(lt) != len(rt) {
		return nil, a.errorAt(-1, pgerror.SyntaxError, "each %s query must have the same number of columns", name)
	}
	op := &SetOp{Op: kind, All: s.All, Left: l, Right: r, ColNames: ln}
	for i := range lt {
		common, err := commonType([]*types.T{lt[i], rt[i]}, name)
		if err != nil {
			return nil, err
		}
		if common.Oid == types.OidUnknown {
			common = types.Text
		}
		if !s.All {
			loc := int32(-1)
			if tl := s.Larg.TargetList; s.Larg.Op == pg_query.SetOperation_SETOP_NONE && len(tl) == len(lt) {
				loc = nodeLocation(tl[i].GetResTarget().GetVal())
			}
			if err := a.checkSortGroup(common, false, loc); err != nil {
				return nil, err
			}
		}
		op.ColTypes = append(op.ColTypes, common)
	}
	// Coerce each input's columns to the common types.
	if err := a.coerceSetOpInput(l, op.ColTypes, name); err != nil {
		return nil, err
	}
	if err := a.coerceSetOpInput(r, op.ColTypes, name); err != nil {
		return nil, err
	}
	return op, nil
}

func (a *Analyzer) coerceSetOpInput(in any, ts []*types.T, name string) error {
	switch in := in.(type) {
	case *Query:
		for i, t := range in.Columns() {
			c, ok, err := a.coerce(t.Expr, ts[i], types.CastImplicit, -1)
			if err != nil {
				return err
			}
			if !ok {
				return a.errorAt(-1, pgerror.DatatypeMismatch, "%s types %s and %s cannot be matched", name, t.Expr.Type().SQLNameNoTypmod(), ts[i].SQLNameNoTypmod())
			}
			t.Expr = c
		}
	case *SetOp:
		for i := range in.ColTypes {
			if in.ColTypes[i].Oid != ts[i].Oid {
				// The nested operation produces its own types; a cast on
				// top converts them.
				in.ColTypes[i] = ts[i]
				if err := a.coerceSetOpInput(in.Left, ts, name); err != nil {
					return err
				}
				return a.coerceSetOpInput(in.Right, ts, name)
			}
		}
	}
	return nil
}

// transformWith analyzes a WITH clause's queries into the scope.
func (a *Analyzer) transformWith(w *pg_query.WithClause, sc *scope) error {
	for _, n := range w.Ctes {
		c := n.GetCommonTableExpr()
		for _, prev := range sc.ctes {
			if prev.Name == c.Ctename {
				return a.errorAt(c.Location, pgerror.DuplicateAlias, `WITH query name "%s" specified more than once`, c.Ctename)
			}
		}
		sel := c.Ctequery.GetSelectStmt()
		if sel == nil {
			return a.errorAt(c.Location, pgerror.FeatureNotSupported, "data-modifying statements in WITH are not supported yet")
		}
		cte := &CTE{Name: c.Ctename, Recursive: w.Recursive, Materialized: c.Ctematerialized == pg_query.CTEMaterialize_CTEMaterializeAlways}
		var aliases []string
		for _, cn := range c.Aliascolnames {
			aliases = append(aliases, nameOf(cn))
		}
		parent := &scope{parent: sc.parent, ctes: sc.ctes, correlated: sc.correlated}
		var q *Query
		var err error
		if w.Recursive && sel.Op == pg_query.SetOperation_SETOP_UNION && a.selfReferences(sel.Rarg, c.Ctename) {
			q, err = a.transformRecursiveCTE(cte, sel, aliases, parent)
		} else {
			if w.Recursive && a.selfReferences(c.Ctequery.GetSelectStmt(), c.Ctename) {
				return a.errorAt(c.Location, pgerror.InvalidRecursion, `recursive query "%s" does not have the form non-recursive-term UNION [ALL] recursive-term`, c.Ctename)
			}
			cte.inProgress = true
			q, err = a.transformSelect(sel, parent)
			cte.inProgress = false
			cte.Recursive = false
		}
		if err != nil {
			return err
		}
		cte.Query = q
		cols := q.Columns()
		if len(aliases) > len(cols) {
			return a.errorAt(c.Location, pgerror.InvalidColumnReference, `WITH query "%s" has %d columns available but %d columns specified`, c.Ctename, len(cols), len(aliases))
		}
		cte.ColNames = nil
		cte.colTypes = nil
		for i, t := range cols {
			name := t.Name
			if i < len(aliases) {
				name = aliases[i]
			}
			cte.ColNames = append(cte.ColNames, name)
			cte.colTypes = append(cte.colTypes, t.Expr.Type())
		}
		sc.ctes = append(sc.ctes, cte)
		sc.q.CTEs = append(sc.q.CTEs, cte)
	}
	return nil
}

// selfReferences reports whether a SELECT's FROM clauses mention name.
func (a *Analyzer) selfReferences(s *pg_query.SelectStmt, name string) bool {
	if s == nil {
		return false
	}
	found := false
	var visit func(n *pg_query.Node)
	visit = func(n *pg_query.Node) {
		if n == nil || found {
			return
		}
		switch v := n.Node.(type) {
		case *pg_query.Node_RangeVar:
			if v.RangeVar.Schemaname == "" && v.RangeVar.Relname == name {
				found = true
			}
		case *pg_query.Node_JoinExpr:
			visit(v.JoinExpr.Larg)
			visit(v.JoinExpr.Rarg)
		case *pg_query.Node_RangeSubselect:
			visit(v.RangeSubselect.Subquery)
		case *pg_query.Node_SelectStmt:
			found = found || a.selfReferences(v.SelectStmt, name)
		}
	}
	for _, f := range s.FromClause {
		visit(f)
	}
	if s.Larg != nil {
		found = found || a.selfReferences(s.Larg, name)
	}
	if s.Rarg != nil {
		found = found || a.selfReferences(s.Rarg, name)
	}
	return found
}

// transformRecursiveCTE analyzes "non-recursive UNION [ALL] recursive":
// the non-recursive term fixes the column types, then the recursive term
// is analyzed with the CTE visible (parse_cte.c).
func (a *Analyzer) transformRecursiveCTE(cte *CTE, sel *pg_query.SelectStmt, aliases []string, parent *scope) (*Query, error) {
	if a.selfReferences(sel.Larg, cte.Name) {
		return nil, a.errorAt(-1, pgerror.InvalidRecursion, `recursive reference to query "%s" must not appear within its non-recursive term`, cte.Name)
	}
	nonRec, err := a.transformSelect(sel.Larg, parent)
	if err != nil {
		return nil, err
	}
	cols := nonRec.Columns()
	for i, t := range cols {
		name := t.Name
		if i < len(aliases) {
			name = aliases[i]
		}
		cte.ColNames = append(cte.ColNames, name)
		cte.colTypes = append(cte.colTypes, t.Expr.Type())
	}
	recScope := &scope{parent: parent.parent, ctes: append(append([]*CTE(nil), parent.ctes...), cte), correlated: parent.correlated}
	rec, err := a.transformSelect(sel.Rarg, recScope)
	if err != nil {
		return nil, err
	}
	rcols := rec.Columns()
	if len(rcols) != len(cols) {
		return nil, a.errorAt(-1, pgerror.SyntaxError, "each UNION query must have the same number of columns")
	}
	for i, t := range rcols {
		want := cte.colTypes[i]
		if t.Expr.Type().Oid != want.Oid {
			c, ok, err := a.coerce(t.Expr, want, types.CastImplicit, -1)
			if err != nil {
				return nil, err
			}
			if !ok || t.Expr.Type().Category != want.Category {
				return nil, a.errorAt(-1, pgerror.DatatypeMismatch, `recursive query "%s" column %d has type %s in non-recursive term but type %s overall`,
					cte.Name, i+1, want.SQLName(), t.Expr.Type().SQLName()).WithHint("Cast the output of the non-recursive term to the correct type.")
			}
			t.Expr = c
		}
	}
	op := &SetOp{Op: Union, All: sel.All, Left: nonRec, Right: rec, ColTypes: cte.colTypes, ColNames: cte.ColNames}
	q := &Query{Command: CmdSelect}
	rte := &RTE{Kind: RTESubquery, Alias: "*SELECT*", ColNames: cte.ColNames, ColTypes: cte.colTypes, Subquery: &Query{Command: CmdSelect, SetOp: op}}
	q.RangeTable = []*RTE{rte}
	q.From = []JoinNode{&RangeRef{RTE: 0}}
	for i, n := range cte.ColNames {
		q.Targets = append(q.Targets, &Target{Expr: &Var{Rel: 0, Col: i, T: cte.colTypes[i], Name: n}, Name: n})
	}
	cte.Recursive = true
	if err := a.transformLimits(sel, q, recScope); err != nil {
		return nil, err
	}
	return q, nil
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
