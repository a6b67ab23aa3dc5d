package analyze

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// RTEKind is the kind of a range table entry.
type RTEKind uint8

// The range table entry kinds.
const (
	RTERelation RTEKind = iota
	RTESubquery
	RTEValues
	RTEFunction
	RTEJoin
	RTECTE
)

// RTE is a range table entry: one relation-like item of a query's FROM
// clause (PostgreSQL's RangeTblEntry).
type RTE struct {
	Kind RTEKind
	// Alias is the name the entry is referred to by ("" for an unaliased
	// join, which cannot be referenced).
	Alias    string
	ColNames []string
	ColTypes []*types.T
	// Lateral entries may reference earlier FROM items.
	Lateral bool

	// Table is set for relations.
	Table *Table
	// Subquery is set for subqueries and for views.
	Subquery *Query
	// Values holds a VALUES list's rows, coerced to ColTypes.
	Values [][]Expr
	// Funcs are a function RTE's calls (ROWS FROM can have several);
	// Ordinality adds a bigint ordinality column.
	Funcs      []*Func
	Ordinality bool
	// CTE is set for references to a WITH query.
	CTE *CTE

	// Join fields: the type, the joined entries, the join condition (with
	// USING/NATURAL columns merged), and for each output column of the
	// join the expression it stands for.
	JoinType   JoinType
	JoinVars   []Expr
	usingNames []string

	// relHidden marks entries whose name cannot be used to qualify
	// columns (the members of an aliased join, an unaliased join);
	// colsHidden marks entries whose columns are not found by unqualified
	// names (the members of any join, whose columns the join's own entry
	// provides), as PostgreSQL's namespace items do.
	relHidden, colsHidden bool
}

// JoinType is the type of a join.
type JoinType uint8

// The join types.
const (
	JoinInner JoinType = iota
	JoinLeft
	JoinRight
	JoinFull
	JoinCross
)

// JoinNode is an element of a query's join tree: a *RangeRef or a *JoinExpr.
type JoinNode interface{ joinNode() }

// RangeRef refers to range table entry RTE.
type RangeRef struct{ RTE int }

// JoinExpr joins two join-tree nodes.
type JoinExpr struct {
	Type        JoinType
	Left, Right JoinNode
	// On is the join condition (for USING and NATURAL, the equality of the
	// merged columns); nil for a cross join.
	On Expr
	// RTE is the join's own range table entry.
	RTE int
}

func (*RangeRef) joinNode() {}
func (*JoinExpr) joinNode() {}

// Table is what the analyzer knows about a table or view.
type Table struct {
	Oid     types.Oid
	Schema  string
	Name    string
	Columns []Column
	// IsView is set for views; View is the view's query.
	IsView bool
	View   *pg_query.Node
}

// Column is a table column.
type Column struct {
	Name    string
	T       *types.T
	NotNull bool
	Attnum  int16
	Dropped bool
}

// CTE is a WITH query.
type CTE struct {
	Name      string
	ColNames  []string
	Query     *Query
	Recursive bool
	// RecursiveTerm is set for WITH RECURSIVE queries of the form
	// "non-recursive UNION [ALL] recursive".
	Materialized bool
	// refs counts references, for planning.
	refs int
	// inProgress marks a CTE whose own body is being analyzed (for a
	// recursive self-reference).
	inProgress bool
	colTypes   []*types.T
}

// ColTypes returns the CTE's output column types.
func (c *CTE) ColTypes() []*types.T { return c.colTypes }

// scope is the set of names visible to the expressions of one query level;
// parent is the enclosing query's, for correlated references.
type scope struct {
	parent *scope
	q      *Query
	// rtes are the indexes (into q.RangeTable) of the entries visible by
	// name at this level; namespace order is FROM order.
	visible []int
	// lateralOK marks the entries visible to LATERAL references while a
	// FROM item is analyzed; nil means all of visible.
	ctes []*CTE
	// correlated records that an expression referenced an outer level.
	correlated *bool
}

func (s *scope) lookupCTE(name string) (*CTE, int) {
	for lvl, sc := 0, s; sc != nil; lvl, sc = lvl+1, sc.parent {
		for i := len(sc.ctes) - 1; i >= 0; i-- {
			if sc.ctes[i].Name == name {
				return sc.ctes[i], lvl
			}
		}
	}
	return nil, 0
}

// addRTE appends an entry and makes it visible.
func (s *scope) addRTE(r *RTE) int {
	s.q.RangeTable = append(s.q.RangeTable, r)
	idx := len(s.q.RangeTable) - 1
	return idx
}

// transformFrom analyzes the FROM clause into the query's range table and
// join tree (parser/parse_clause.c transformFromClause).
func (a *Analyzer) transformFrom(items []*pg_query.Node, sc *scope) error {
	for _, n := range items {
		node, vis, err := a.transformFromItem(n, sc)
		if err != nil {
			return err
		}
		if err := a.checkDuplicateAliases(sc, vis, n); err != nil {
			return err
		}
		sc.q.From = append(sc.q.From, node)
		sc.visible = append(sc.visible, vis...)
	}
	return nil
}

func (a *Analyzer) checkDuplicateAliases(sc *scope, added []int, n *pg_query.Node) error {
	for _, i := range added {
		ri := sc.q.RangeTable[i]
		if ri.Alias == "" || ri.relHidden {
			continue
		}
		for _, j := range sc.visible {
			rj := sc.q.RangeTable[j]
			if rj.Alias == ri.Alias && !rj.relHidden && i != j {
				return a.errorAt(nodeLocation(n), pgerror.DuplicateAlias, `table name "%s" specified more than once`, ri.Alias)
			}
		}
	}
	return nil
}

// transformFromItem analyzes one FROM item. It returns the join-tree node
// and the RTEs the item makes visible.
func (a *Analyzer) transformFromItem(n *pg_query.Node, sc *scope) (JoinNode, []int, error) {
	switch v := n.Node.(type) {
	case *pg_query.Node_RangeVar:
		return a.transformRangeVar(v.RangeVar, sc)
	case *pg_query.Node_RangeSubselect:
		return a.transformRangeSubselect(v.RangeSubselect, sc)
	case *pg_query.Node_RangeFunction:
		return a.transformRangeFunction(v.RangeFunction, sc)
	case *pg_query.Node_JoinExpr:
		return a.transformJoin(v.JoinExpr, sc)
	}
	return nil, nil, a.errorAt(nodeLocation(n), pgerror.FeatureNotSupported, "FROM item %s is not supported", nodeName(n))
}

func aliasColnames(al *pg_query.Alias) []string {
	if al == nil {
		return nil
	}
	var out []string
	for _, c := range al.Colnames {
		out = append(out, nameOf(c))
	}
	return out
}

// applyColAliases renames the first columns, as an alias column list does.
func (a *Analyzer) applyColAliases(rte *RTE, al *pg_query.Alias, loc int32) error {
	names := aliasColnames(al)
	if len(names) > len(rte.ColNames) {
		return a.errorAt(loc, pgerror.InvalidColumnReference, `table "%s" has %d columns available but %d columns specified`, rte.Alias, len(rte.ColNames), len(names))
	}
	copy(rte.ColNames, names)
	return nil
}

func (a *Analyzer) transformRangeVar(rv *pg_query.RangeVar, sc *scope) (JoinNode, []int, error) {
	// A reference to a WITH query?
	if rv.Schemaname == "" {
		if cte, lvl := sc.lookupCTE(rv.Relname); cte != nil {
			if cte.inProgress && !cte.Recursive {
				return nil, nil, a.errorAt(rv.Location, pgerror.InvalidRecursion, `recursive reference to query "%s" must not appear within its non-recursive term`, cte.Name)
			}
			_ = lvl
			cte.refs++
			alias := rv.Relname
			if rv.Alias != nil {
				alias = rv.Alias.Aliasname
			}
			rte := &RTE{Kind: RTECTE, Alias: alias, CTE: cte, ColNames: append([]string(nil), cte.ColNames...), ColTypes: cte.colTypes}
			if err := a.applyColAliases(rte, rv.Alias, rv.Location); err != nil {
				return nil, nil, err
			}
			idx := sc.addRTE(rte)
			return &RangeRef{RTE: idx}, []int{idx}, nil
		}
	}
	if a.cat == nil {
		return nil, nil, a.errorAt(rv.Location, pgerror.UndefinedTable, `relation "%s" does not exist`, qualName(rv))
	}
	t, err := a.cat.LookupTable(rv.Schemaname, rv.Relname)
	if err != nil {
		return nil, nil, a.withPos(err, rv.Location)
	}
	if t == nil {
		return nil, nil, a.errorAt(rv.Location, pgerror.UndefinedTable, `relation "%s" does not exist`, qualName(rv))
	}
	alias := t.Name
	if rv.Alias != nil {
		alias = rv.Alias.Aliasname
	}
	rte := &RTE{Kind: RTERelation, Alias: alias, Table: t}
	for _, c := range t.Columns {
		if c.Dropped {
			continue
		}
		rte.ColNames = append(rte.ColNames, c.Name)
		rte.ColTypes = append(rte.ColTypes, c.T)
	}
	if err := a.applyColAliases(rte, rv.Alias, rv.Location); err != nil {
		return nil, nil, err
	}
	if t.IsView {
		sub := New(a.sql, a.cat, a.params, a.typeCtx)
		sub.viewDepth = a.viewDepth + 1
		if sub.viewDepth > 100 {
			return nil, nil, a.errorAt(rv.Location, pgerror.InvalidObjectDefinition, "infinite recursion detected in rules for relation \"%s\"", t.Name)
		}
		vq, err := sub.transformSelect(t.View.GetSelectStmt(), nil)
		if err != nil {
			return nil, nil, err
		}
		rte.Kind = RTESubquery
		rte.Subquery = vq
	}
	idx := sc.addRTE(rte)
	return &RangeRef{RTE: idx}, []int{idx}, nil
}

func qualName(rv *pg_query.RangeVar) string {
	if rv.Schemaname != "" {
		return rv.Schemaname + "." + rv.Relname
	}
	return rv.Relname
}

func (a *Analyzer) transformRangeSubselect(rs *pg_query.RangeSubselect, sc *scope) (JoinNode, []int, error) {
	sel := rs.Subquery.GetSelectStmt()
	if sel == nil {
		return nil, nil, a.errorAt(-1, pgerror.FeatureNotSupported, "this kind of subquery in FROM is not supported")
	}
	if rs.Alias == nil {
		loc := a.openParenBefore(minLocation(rs.Subquery.ProtoReflect()))
		return nil, nil, a.errorAt(loc, pgerror.SyntaxError, "subquery in FROM must have an alias").
			WithHint(`For example, FROM (SELECT ...) [AS] foo.`)
	}
	// A LATERAL subquery sees the FROM items to its left; any subquery
	// sees the enclosing queries.
	parent := sc.parent
	var lateralScope *scope
	if rs.Lateral {
		lateralScope = &scope{parent: sc.parent, q: sc.q, visible: sc.visible, ctes: sc.ctes, correlated: sc.correlated}
		parent = lateralScope
	} else {
		// Not a query level of its own: it only carries the WITH names.
		parent = &scope{parent: sc.parent, ctes: sc.ctes, correlated: sc.correlated}
	}
	q, err := a.transformSelect(sel, parent)
	if err != nil {
		return nil, nil, err
	}
	rte := &RTE{Kind: RTESubquery, Alias: rs.Alias.Aliasname, Subquery: q, Lateral: rs.Lateral}
	for _, t := range q.Columns() {
		rte.ColNames = append(rte.ColNames, t.Name)
		rte.ColTypes = append(rte.ColTypes, t.Expr.Type())
	}
	if err := a.applyColAliases(rte, rs.Alias, -1); err != nil {
		return nil, nil, err
	}
	idx := sc.addRTE(rte)
	return &RangeRef{RTE: idx}, []int{idx}, nil
}

func (a *Analyzer) transformRangeFunction(rf *pg_query.RangeFunction, sc *scope) (JoinNode, []int, error) {
	// Functions in FROM are implicitly lateral.
	lat := &scope{parent: sc.parent, q: sc.q, visible: sc.visible, ctes: sc.ctes, correlated: sc.correlated}
	rte := &RTE{Kind: RTEFunction, Ordinality: rf.Ordinality, Lateral: true}
	if rf.IsRowsfrom {
		return nil, nil, a.errorAt(-1, pgerror.FeatureNotSupported, "ROWS FROM is not supported yet")
	}
	for _, item := range rf.Functions {
		pair := item.GetList().GetItems()
		fc := pair[0].GetFuncCall()
		if fc == nil {
			return nil, nil, a.errorAt(nodeLocation(pair[0]), pgerror.FeatureNotSupported, "only function calls are supported in FROM")
		}
		e, err := a.transformFuncCall(fc, &exprCtx{scope: lat, kind: kindFromFunction})
		if err != nil {
			return nil, nil, err
		}
		f, ok := e.(*Func)
		if !ok {
			return nil, nil, a.errorAt(fc.Location, pgerror.FeatureNotSupported, "this function is not supported in FROM")
		}
		rte.Funcs = append(rte.Funcs, f)
		_, fname := qualifiedName(fc.Funcname)
		rte.Alias = fname
		cols, ctypes := funcColumns(f, fname)
		rte.ColNames = append(rte.ColNames, cols...)
		rte.ColTypes = append(rte.ColTypes, ctypes...)
	}
	if rf.Ordinality {
		rte.ColNames = append(rte.ColNames, "ordinality")
		rte.ColTypes = append(rte.ColTypes, types.Int8)
	}
	if rf.Alias != nil {
		rte.Alias = rf.Alias.Aliasname
		// A single scalar function's column takes the alias name when no
		// column aliases are given.
		if len(rf.Alias.Colnames) == 0 && len(rte.Funcs) == 1 && len(rte.ColNames) == 1+boolInt(rf.Ordinality) && rte.Funcs[0].Sig.Ret.Family != types.FamRecord {
			rte.ColNames[0] = rf.Alias.Aliasname
		}
	}
	if err := a.applyColAliases(rte, rf.Alias, -1); err != nil {
		return nil, nil, err
	}
	idx := sc.addRTE(rte)
	return &RangeRef{RTE: idx}, []int{idx}, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// funcColumns returns the output columns of a function in FROM: one column
// named after the function for scalar results, or the OUT parameters.
func funcColumns(f *Func, name string) ([]string, []*types.T) {
	if len(f.Fn.ArgModes) > 0 {
		var names []string
		var ts []*types.T
		for i, m := range f.Fn.ArgModes {
			if m == 'o' || m == 't' || m == 'b' {
				n := ""
				if i < len(f.Fn.ArgNames) {
					n = f.Fn.ArgNames[i]
				}
				names = append(names, n)
				ts = append(ts, types.ByOid(f.Fn.AllArgs[i]))
			}
		}
		if len(names) > 0 {
			return names, ts
		}
	}
	return []string{name}, []*types.T{f.Sig.Ret}
}

func (a *Analyzer) transformJoin(j *pg_query.JoinExpr, sc *scope) (JoinNode, []int, error) {
	left, lvis, err := a.transformFromItem(j.Larg, sc)
	if err != nil {
		return nil, nil, err
	}
	// The right side may see the left side's names (for LATERAL).
	saved := sc.visible
	sc.visible = append(append([]int(nil), saved...), lvis...)
	right, rvis, err := a.transformFromItem(j.Rarg, sc)
	sc.visible = saved
	if err != nil {
		return nil, nil, err
	}
	if err := a.checkDuplicateAliasesPair(sc, lvis, rvis, j); err != nil {
		return nil, nil, err
	}
	jt := JoinInner
	switch j.Jointype {
	case pg_query.JoinType_JOIN_LEFT:
		jt = JoinLeft
	case pg_query.JoinType_JOIN_RIGHT:
		jt = JoinRight
	case pg_query.JoinType_JOIN_FULL:
		jt = JoinFull
	}
	if j.Quals == nil && len(j.UsingClause) == 0 && !j.IsNatural && jt == JoinInner {
		jt = JoinCross
	}
	node := &JoinExpr{Type: jt, Left: left, Right: right}
	both := append(append([]int(nil), lvis...), rvis...)
	inner := &scope{parent: sc.parent, q: sc.q, visible: both, ctes: sc.ctes, correlated: sc.correlated}

	// The join's own RTE lists its output columns.
	jrte := &RTE{Kind: RTEJoin, JoinType: jt}
	lnames, ltypes, lexprs := nodeColumns(sc.q, left)
	rnames, rtypes, rexprs := nodeColumns(sc.q, right)
	var usingNames []string
	if j.IsNatural {
		for _, n := range lnames {
			for _, m := range rnames {
				if n == m && !containsStr(usingNames, n) {
					usingNames = append(usingNames, n)
				}
			}
		}
	}
	for _, u := range j.UsingClause {
		usingNames = append(usingNames, nameOf(u))
	}
	var conds []Expr
	lused := make([]bool, len(lnames))
	rused := make([]bool, len(rnames))
	seen := map[string]bool{}
	for _, name := range usingNames {
		if seen[name] {
			return nil, nil, a.errorAt(-1, pgerror.DuplicateColumn, `column name "%s" appears more than once in USING clause`, name)
		}
		seen[name] = true
		li, err := a.findUsingColumn(lnames, name, "left")
		if err != nil {
			return nil, nil, err
		}
		ri, err := a.findUsingColumn(rnames, name, "right")
		if err != nil {
			return nil, nil, err
		}
		lused[li], rused[ri] = true, true
		lv, rv := lexprs[li], rexprs[ri]
		eq, err := a.makeOp("=", lv, rv, -1)
		if err != nil {
			return nil, nil, err
		}
		conds = append(conds, eq)
		// The merged column: the left value for inner and left joins, the
		// right for right joins, COALESCE for full joins, coerced to a
		// common type.
		res, t, err := a.coerceToCommon([]Expr{lv, rv}, "JOIN/USING", nil)
		if err != nil {
			return nil, nil, err
		}
		var mergedExpr Expr
		switch jt {
		case JoinRight:
			mergedExpr = res[1]
		case JoinFull:
			mergedExpr = &Coalesce{Args: res, T: t}
		default:
			mergedExpr = res[0]
		}
		jrte.ColNames = append(jrte.ColNames, name)
		jrte.ColTypes = append(jrte.ColTypes, t)
		jrte.JoinVars = append(jrte.JoinVars, mergedExpr)
	}
	jrte.usingNames = usingNames
	for i := range lnames {
		if !lused[i] {
			jrte.ColNames = append(jrte.ColNames, lnames[i])
			jrte.ColTypes = append(jrte.ColTypes, ltypes[i])
			jrte.JoinVars = append(jrte.JoinVars, lexprs[i])
		}
	}
	for i := range rnames {
		if !rused[i] {
			jrte.ColNames = append(jrte.ColNames, rnames[i])
			jrte.ColTypes = append(jrte.ColTypes, rtypes[i])
			jrte.JoinVars = append(jrte.JoinVars, rexprs[i])
		}
	}
	if j.Quals != nil {
		q, err := a.transformExpr(j.Quals, &exprCtx{scope: inner, kind: kindJoinOn})
		if err != nil {
			return nil, nil, err
		}
		q, err = a.coerceToBool(q, "JOIN/ON", nodeLocation(j.Quals))
		if err != nil {
			return nil, nil, err
		}
		conds = append(conds, q)
	}
	switch len(conds) {
	case 0:
	case 1:
		node.On = conds[0]
	default:
		node.On = &BoolOp{Op: And, Args: conds}
	}
	if j.Alias != nil {
		jrte.Alias = j.Alias.Aliasname
		if err := a.applyColAliases(jrte, j.Alias, -1); err != nil {
			return nil, nil, err
		}
	}
	idx := sc.addRTE(jrte)
	node.RTE = idx
	vis := append(both, idx)
	// The join's entry provides the columns for unqualified references;
	// its members stay reachable by name unless the join has an alias.
	for _, i := range both {
		sc.q.RangeTable[i].colsHidden = true
		if j.Alias != nil {
			sc.q.RangeTable[i].relHidden = true
		}
	}
	jrte.relHidden = j.Alias == nil
	return node, vis, nil
}

func (a *Analyzer) checkDuplicateAliasesPair(sc *scope, l, r []int, j *pg_query.JoinExpr) error {
	for _, i := range r {
		ri := sc.q.RangeTable[i]
		if ri.Alias == "" || ri.relHidden {
			continue
		}
		for _, k := range l {
			rk := sc.q.RangeTable[k]
			if rk.Alias == ri.Alias && !rk.relHidden {
				return a.errorAt(nodeLocation(j.Rarg), pgerror.DuplicateAlias, `table name "%s" specified more than once`, ri.Alias)
			}
		}
	}
	return nil
}

func containsStr(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// findUsingColumn finds a USING column on one side of a join.
func (a *Analyzer) findUsingColumn(names []string, name, side string) (int, error) {
	found := -1
	for i, n := range names {
		if n == name {
			if found >= 0 {
				return 0, a.errorAt(-1, pgerror.AmbiguousColumn, `common column name "%s" appears more than once in %s table`, name, side)
			}
			found = i
		}
	}
	if found < 0 {
		return 0, a.errorAt(-1, pgerror.UndefinedColumn, `column "%s" specified in USING clause does not exist in %s table`, name, side)
	}
	return found, nil
}

// nodeColumns returns the output columns of a join-tree node: an entry's
// columns, or a join's (merged columns first).
func nodeColumns(q *Query, n JoinNode) ([]string, []*types.T, []Expr) {
	var idx int
	switch n := n.(type) {
	case *RangeRef:
		idx = n.RTE
	case *JoinExpr:
		idx = n.RTE
	}
	r := q.RangeTable[idx]
	if r.Kind == RTEJoin {
		return r.ColNames, r.ColTypes, r.JoinVars
	}
	exprs := make([]Expr, len(r.ColNames))
	for i, cn := range r.ColNames {
		exprs[i] = &Var{Rel: idx, Col: i, T: r.ColTypes[i], Name: cn}
	}
	return r.ColNames, r.ColTypes, exprs
}

// resolveColumn finds an unqualified or qualified column reference in the
// scope chain (parser/parse_relation.c colNameToVar, scanNSItemForColumn).
func (a *Analyzer) resolveColumn(sc *scope, qualifier, name string, loc int32) (Expr, error) {
	levels := 0
	var passed []*scope
	for s := sc; s != nil; s = s.parent {
		if s.q == nil {
			continue
		}
		if s != sc {
			levels++
		}
		e, found, err := a.resolveInLevel(s, qualifier, name, loc)
		if err != nil {
			return nil, err
		}
		if found {
			if levels > 0 {
				e = raiseLevels(e, levels)
				// Every query level between here and there depends on the
				// outer row.
				for _, p := range passed {
					if p.correlated != nil {
						*p.correlated = true
					}
				}
			}
			return e, nil
		}
		passed = append(passed, s)
	}
	if qualifier != "" {
		if a.qualifierExists(sc, qualifier) {
			return nil, a.errorAt(loc, pgerror.UndefinedColumn, `column %s.%s does not exist`, qualifier, name)
		}
		return nil, a.errorAt(loc, pgerror.UndefinedTable, `missing FROM-clause entry for table "%s"`, qualifier)
	}
	err := a.errorAt(loc, pgerror.UndefinedColumn, `column "%s" does not exist`, name)
	if hint := a.columnHint(sc, name); hint != "" {
		err = err.WithHint("%s", hint)
	}
	return nil, err
}

// columnHint suggests a qualified column the user may have meant, as
// PostgreSQL does when the column exists in an entry that is not visible
// here.
func (a *Analyzer) columnHint(sc *scope, name string) string {
	for s := sc; s != nil; s = s.parent {
		if s.q == nil {
			continue
		}
		for i, r := range s.q.RangeTable {
			if r.Kind == RTEJoin || r.Alias == "" || containsInt(s.visible, i) {
				continue
			}
			for _, cn := range r.ColNames {
				if cn == name {
					return `There is a column named "` + name + `" in table "` + r.Alias + `", but it cannot be referenced from this part of the query.`
				}
			}
		}
	}
	return ""
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (a *Analyzer) qualifierExists(sc *scope, qualifier string) bool {
	for s := sc; s != nil; s = s.parent {
		if s.q == nil {
			continue
		}
		for _, i := range s.visible {
			if r := s.q.RangeTable[i]; r.Alias == qualifier && !r.relHidden {
				return true
			}
		}
	}
	return false
}

func (a *Analyzer) resolveInLevel(s *scope, qualifier, name string, loc int32) (Expr, bool, error) {
	q := s.q
	if qualifier != "" {
		var match = -1
		for _, i := range s.visible {
			r := q.RangeTable[i]
			if r.relHidden || r.Alias != qualifier {
				continue
			}
			if match >= 0 {
				return nil, false, a.errorAt(loc, pgerror.AmbiguousAlias, `table reference "%s" is ambiguous`, qualifier)
			}
			match = i
		}
		if match < 0 {
			return nil, false, nil
		}
		r := q.RangeTable[match]
		for ci, cn := range r.ColNames {
			if cn == name {
				if r.Kind == RTEJoin {
					return r.JoinVars[ci], true, nil
				}
				return &Var{Rel: match, Col: ci, T: r.ColTypes[ci], Name: cn}, true, nil
			}
		}
		// A whole-row reference (t.t) is not supported; report the column.
		return nil, false, a.errorAt(loc, pgerror.UndefinedColumn, `column %s.%s does not exist`, qualifier, name)
	}
	var found Expr
	for _, i := range s.visible {
		r := q.RangeTable[i]
		if r.colsHidden {
			continue
		}
		for ci, cn := range r.ColNames {
			if cn != name {
				continue
			}
			if found != nil {
				return nil, false, a.errorAt(loc, pgerror.AmbiguousColumn, `column reference "%s" is ambiguous`, name)
			}
			if r.Kind == RTEJoin {
				found = r.JoinVars[ci]
			} else {
				found = &Var{Rel: i, Col: ci, T: r.ColTypes[ci], Name: cn}
			}
		}
	}
	return found, found != nil, nil
}

// raiseLevels marks every Var in e as coming from levels up.
func raiseLevels(e Expr, levels int) Expr {
	return Rewrite(e, func(x Expr) Expr {
		if v, ok := x.(*Var); ok {
			c := *v
			c.LevelsUp += levels
			return &c
		}
		return nil
	})
}

// expandStar expands * or t.* into the visible columns.
func (a *Analyzer) expandStar(sc *scope, qualifier string, loc int32) ([]*Target, error) {
	var out []*Target
	q := sc.q
	if qualifier == "" {
		if len(sc.visible) == 0 {
			return nil, a.errorAt(loc, pgerror.SyntaxError, "SELECT * with no tables specified is not valid")
		}
		// Top-level FROM items in order; a join expands to its columns.
		for _, fn := range q.From {
			out = append(out, a.expandNode(q, fn)...)
		}
		return out, nil
	}
	for _, i := range sc.visible {
		r := q.RangeTable[i]
		if r.relHidden || r.Alias != qualifier {
			continue
		}
		return a.expandRTE(q, i), nil
	}
	return nil, a.errorAt(loc, pgerror.UndefinedTable, `missing FROM-clause entry for table "%s"`, qualifier)
}

func (a *Analyzer) expandNode(q *Query, n JoinNode) []*Target {
	switch n := n.(type) {
	case *RangeRef:
		return a.expandRTE(q, n.RTE)
	case *JoinExpr:
		return a.expandRTE(q, n.RTE)
	}
	return nil
}

func (a *Analyzer) expandRTE(q *Query, i int) []*Target {
	r := q.RangeTable[i]
	var out []*Target
	for ci, cn := range r.ColNames {
		var e Expr
		if r.Kind == RTEJoin {
			e = r.JoinVars[ci]
		} else {
			e = &Var{Rel: i, Col: ci, T: r.ColTypes[ci], Name: cn}
		}
		t := &Target{Expr: e, Name: cn}
		a.markSource(q, t)
		out = append(out, t)
	}
	return out
}

// markSource records the table and column a target comes from directly,
// for RowDescription.
func (a *Analyzer) markSource(q *Query, t *Target) {
	v, ok := t.Expr.(*Var)
	if !ok || v.LevelsUp != 0 || v.Rel >= len(q.RangeTable) {
		return
	}
	r := q.RangeTable[v.Rel]
	if r.Kind == RTERelation && r.Table != nil {
		t.Table = r.Table.Oid
		n := 0
		for _, c := range r.Table.Columns {
			if c.Dropped {
				continue
			}
			if n == v.Col {
				t.Column = c.Attnum
				break
			}
			n++
		}
	}
}

func (a *Analyzer) transformColumnRef(cr *pg_query.ColumnRef, ec *exprCtx) (Expr, error) {
	var parts []string
	for i, f := range cr.Fields {
		if f.GetAStar() != nil {
			if i != len(cr.Fields)-1 {
				return nil, a.errorAt(cr.Location, pgerror.SyntaxError, "improper use of \"*\"")
			}
			return nil, a.errorAt(cr.Location, pgerror.FeatureNotSupported, "row expansion via \"*\" is not supported here")
		}
		parts = append(parts, nameOf(f))
	}
	switch len(parts) {
	case 1:
		if ec.scope == nil {
			return nil, a.errorAt(cr.Location, pgerror.UndefinedColumn, `column "%s" does not exist`, parts[0])
		}
		return withLoc(a.resolveColumn(ec.scope, "", parts[0], cr.Location))(cr.Location)
	case 2:
		if ec.scope == nil {
			return nil, a.errorAt(cr.Location, pgerror.UndefinedTable, `missing FROM-clause entry for table "%s"`, parts[0])
		}
		return withLoc(a.resolveColumn(ec.scope, parts[0], parts[1], cr.Location))(cr.Location)
	case 3:
		if ec.scope == nil {
			return nil, a.errorAt(cr.Location, pgerror.UndefinedTable, `missing FROM-clause entry for table "%s"`, parts[1])
		}
		return withLoc(a.resolveColumn(ec.scope, parts[1], parts[2], cr.Location))(cr.Location)
	}
	return nil, a.errorAt(cr.Location, pgerror.SyntaxError, "improper qualified name (too many dotted names): %s", strings.Join(parts, "."))
}

// withLoc records the reference's location on a resolved column.
func withLoc(e Expr, err error) func(loc int32) (Expr, error) {
	return func(loc int32) (Expr, error) {
		if err != nil {
			return nil, err
		}
		if v, ok := e.(*Var); ok {
			c := *v
			c.Loc = loc
			return &c, nil
		}
		return e, nil
	}
}
