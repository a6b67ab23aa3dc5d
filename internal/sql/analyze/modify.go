package analyze

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// This file analyzes INSERT, UPDATE and DELETE (parser/analyze.c
// transformInsertStmt, transformUpdateStmt, transformDeleteStmt).

// SetItem assigns a new value to a column of the target table (UPDATE,
// ON CONFLICT DO UPDATE).
type SetItem struct {
	Col  int // index among the table's live columns
	Expr Expr
}

// OnConflict is INSERT's ON CONFLICT clause.
type OnConflict struct {
	// Arbiter is the unique index whose conflicts the clause handles; nil
	// means any unique index (DO NOTHING without a target).
	Arbiter *TableIndex
	Update  bool
	Set     []SetItem
	Where   Expr
	// Excluded is the range table index of the EXCLUDED pseudo-relation.
	Excluded int
}

// Modify holds the parts of an INSERT, UPDATE or DELETE.
type Modify struct {
	// Table is the target; ResultRel its range table index.
	Table     *Table
	ResultRel int
	// Set lists UPDATE's assignments.
	Set []SetItem
	// Returning lists RETURNING's outputs, over the target's columns.
	Returning []*Target
	// Checks are the table's CHECK constraints, over its live columns
	// (range table entry ResultRel).
	Checks []CheckExpr
	// Defaults holds, per live column, its default expression (nil for
	// none); used by INSERT and by ON CONFLICT.
	Defaults []Expr
	// Generated holds, per live column, a stored generated column's
	// expression over the new row's live columns (range table entry
	// ResultRel), nil for other columns; nil when the table has none.
	Generated  []Expr
	OnConflict *OnConflict
	// Overriding is OVERRIDING SYSTEM VALUE / USER VALUE.
	Overriding byte
}

// CheckExpr is an analyzed CHECK constraint.
type CheckExpr struct {
	Name string
	Expr Expr
}

func (a *Analyzer) targetTable(rv *pg_query.RangeVar, forWhat string) (*Table, error) {
	if a.cat == nil {
		return nil, a.errorAt(rv.Location, pgerror.UndefinedTable, `relation "%s" does not exist`, qualName(rv))
	}
	t, err := a.lookupTable(rv)
	if err != nil {
		return nil, a.withPos(err, rv.Location)
	}
	if t == nil {
		return nil, a.errorAt(rv.Location, pgerror.UndefinedTable, `relation "%s" does not exist`, qualName(rv))
	}
	switch t.Kind {
	case 'v':
		return nil, a.errorAt(-1, pgerror.ObjectNotInPrerequisiteState, `cannot %s view "%s"`, forWhat, t.Name).
			WithDetail("Views that do not select from a single table or view are not automatically updatable.").
			WithHint("To enable %s the view, provide an INSTEAD OF %s trigger or an unconditional ON %s DO INSTEAD rule.",
				gerund(forWhat), strings.ToUpper(strings.TrimSuffix(forWhat, " into")), strings.ToUpper(strings.TrimSuffix(forWhat, " into")))
	case 'S':
		return nil, a.errorAt(-1, pgerror.WrongObjectType, `cannot change sequence "%s"`, t.Name)
	}
	return t, nil
}

func gerund(verb string) string {
	switch verb {
	case "insert into":
		return "inserting into"
	case "update":
		return "updating"
	case "delete from":
		return "deleting from"
	}
	return verb
}

// analyzeTableExpr parses and analyzes a stored expression (a default or
// a CHECK) over the target table's columns.
func (a *Analyzer) analyzeTableExpr(sql string, sc *scope, kind exprKind) (Expr, error) {
	st, err := parser.ParseOne("SELECT " + sql)
	if err != nil {
		return nil, err
	}
	sub := &Analyzer{sql: "SELECT " + sql, cat: a.cat, params: NewParams(nil), typeCtx: a.typeCtx}
	e, err := sub.transformExpr(st.AST.GetSelectStmt().TargetList[0].GetResTarget().Val, &exprCtx{scope: sc, kind: kind})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// prepareModify builds the Modify of a statement on table t, bound to
// range table entry rel of q, with its defaults and checks.
func (a *Analyzer) prepareModify(q *Query, t *Table, rel int) (*Modify, error) {
	m := &Modify{Table: t, ResultRel: rel}
	tableScope := &scope{q: q, visible: []int{rel}}
	for _, c := range t.LiveColumns() {
		if c.Default == "" || c.Generated != 0 {
			m.Defaults = append(m.Defaults, nil)
			continue
		}
		d, err := a.analyzeTableExpr(c.Default, nil, kindDefault)
		if err != nil {
			return nil, err
		}
		d, err = a.mustCoerce(d, c.T, types.CastAssignment, -1)
		if err != nil {
			return nil, err
		}
		m.Defaults = append(m.Defaults, d)
	}
	for i, c := range t.LiveColumns() {
		if c.Generated == 0 {
			continue
		}
		g, err := a.analyzeTableExpr(c.Default, tableScope, kindCheck)
		if err != nil {
			return nil, err
		}
		if g, err = a.mustCoerce(g, c.T, types.CastAssignment, -1); err != nil {
			return nil, err
		}
		if m.Generated == nil {
			m.Generated = make([]Expr, len(t.LiveColumns()))
		}
		m.Generated[i] = g
	}
	for _, ch := range t.Checks {
		e, err := a.analyzeTableExpr(ch.Expr, tableScope, kindCheck)
		if err != nil {
			return nil, err
		}
		if e, err = a.coerceToBool(e, "CHECK", -1); err != nil {
			return nil, err
		}
		m.Checks = append(m.Checks, CheckExpr{Name: ch.Name, Expr: e})
	}
	return m, nil
}

// assign coerces a value to a target column as an assignment does, with
// PostgreSQL's error when it cannot.
func (a *Analyzer) assign(e Expr, col Column, loc int32) (Expr, error) {
	out, ok, err := a.coerce(e, col.T, types.CastAssignment, loc)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, a.errorAt(loc, pgerror.DatatypeMismatch, `column "%s" is of type %s but expression is of type %s`,
			col.Name, col.T.SQLNameNoTypmod(), e.Type().SQLNameNoTypmod()).WithHint("You will need to rewrite or cast the expression.")
	}
	return out, nil
}

// AnalyzeInsert analyzes an INSERT statement.
func (a *Analyzer) AnalyzeInsert(s *pg_query.InsertStmt) (*Query, error) {
	q := &Query{Command: CmdInsert, Params: a.params}
	sc := &scope{q: q}
	if s.WithClause != nil {
		if err := a.transformWith(s.WithClause, sc); err != nil {
			return nil, err
		}
	}
	t, err := a.targetTable(s.Relation, "insert into")
	if err != nil {
		return nil, err
	}
	alias := t.Name
	if s.Relation.Alias != nil {
		alias = s.Relation.Alias.Aliasname
	}
	rte := &RTE{Kind: RTERelation, Alias: alias, Table: t}
	live := t.LiveColumns()
	for _, c := range live {
		rte.ColNames = append(rte.ColNames, c.Name)
		rte.ColTypes = append(rte.ColTypes, c.T)
	}
	rel := sc.addRTE(rte)
	m, err := a.prepareModify(q, t, rel)
	if err != nil {
		return nil, err
	}
	q.Modify = m
	switch s.Override {
	case pg_query.OverridingKind_OVERRIDING_SYSTEM_VALUE:
		m.Overriding = 's'
	case pg_query.OverridingKind_OVERRIDING_USER_VALUE:
		m.Overriding = 'u'
	}
	// The target columns, in the order given (or all, in order).
	var cols []int
	var colLocs []int32
	if len(s.Cols) == 0 {
		for i := range live {
			cols = append(cols, i)
			colLocs = append(colLocs, -1)
		}
	} else {
		seen := map[int]bool{}
		for _, cn := range s.Cols {
			rt := cn.GetResTarget()
			if len(rt.Indirection) > 0 {
				return nil, a.errorAt(rt.Location, pgerror.FeatureNotSupported, "assignment to a subfield or array element is not supported yet")
			}
			idx := -1
			for i, c := range live {
				if c.Name == rt.Name {
					idx = i
				}
			}
			if idx < 0 {
				return nil, a.errorAt(rt.Location, pgerror.UndefinedColumn, `column "%s" of relation "%s" does not exist`, rt.Name, t.Name)
			}
			if seen[idx] {
				return nil, a.errorAt(rt.Location, pgerror.DuplicateColumn, `column "%s" specified more than once`, rt.Name)
			}
			seen[idx] = true
			cols = append(cols, idx)
			colLocs = append(colLocs, rt.Location)
		}
	}
	// Values per live column: expressions over the source, or defaults.
	exprs := make([]Expr, len(live))
	explicit := make([]bool, len(live))
	sel := s.SelectStmt.GetSelectStmt()
	switch {
	case sel == nil:
		// DEFAULT VALUES
		q.From = nil
	case len(sel.ValuesLists) > 0 && sel.Op == pg_query.SetOperation_SETOP_NONE && len(sel.SortClause) == 0 && sel.LimitCount == nil && sel.WithClause == nil:
		// Without a column list, fewer values fill the leading columns
		// (transformInsertStmt truncates the implicit target list).
		if n := len(sel.ValuesLists[0].GetList().GetItems()); len(s.Cols) == 0 && n < len(cols) {
			cols, colLocs = cols[:n], colLocs[:n]
		}
		if err := a.insertValues(q, sc, sel, live, cols, colLocs, m); err != nil {
			return nil, err
		}
		vrel := len(q.RangeTable) - 1
		for k, ci := range cols {
			exprs[ci] = &Var{Rel: vrel, Col: k, T: live[ci].T, Name: live[ci].Name, Loc: -1}
			explicit[ci] = true
		}
	default:
		sub, err := a.transformSelect(sel, &scope{ctes: sc.ctes})
		if err != nil {
			return nil, err
		}
		subCols := sub.Columns()
		if len(s.Cols) == 0 && len(subCols) < len(cols) {
			cols, colLocs = cols[:len(subCols)], colLocs[:len(subCols)]
		}
		if len(subCols) > len(cols) {
			return nil, a.errorAt(-1, pgerror.SyntaxError, "INSERT has more expressions than target columns")
		}
		if len(subCols) < len(cols) {
			return nil, a.errorAt(colLocs[len(subCols)], pgerror.SyntaxError, "INSERT has more target columns than expressions")
		}
		srte := &RTE{Kind: RTESubquery, Alias: "*SELECT*", Subquery: sub}
		for _, tg := range subCols {
			srte.ColNames = append(srte.ColNames, tg.Name)
			srte.ColTypes = append(srte.ColTypes, tg.Expr.Type())
		}
		srel := sc.addRTE(srte)
		q.From = []JoinNode{&RangeRef{RTE: srel}}
		for k, ci := range cols {
			v := &Var{Rel: srel, Col: k, T: srte.ColTypes[k], Name: srte.ColNames[k], Loc: -1}
			e, err := a.assign(v, live[ci], -1)
			if err != nil {
				return nil, err
			}
			exprs[ci] = e
			explicit[ci] = true
		}
	}
	for i, c := range live {
		if explicit[i] {
			if c.Identity == 'a' && m.Overriding != 's' {
				return nil, pgerror.New(pgerror.GeneratedAlways, `cannot insert a non-DEFAULT value into column "%s"`, c.Name).
					WithDetail(`Column "%s" is an identity column defined as GENERATED ALWAYS.`, c.Name).
					WithHint("Use OVERRIDING SYSTEM VALUE to override.")
			}
			if c.Generated != 0 {
				return nil, a.errorAt(colLocs[indexOf(cols, i)], pgerror.GeneratedAlways, `cannot insert a non-DEFAULT value into column "%s"`, c.Name).
					WithDetail(`Column "%s" is a generated column.`, c.Name)
			}
			continue
		}
		if m.Defaults[i] != nil {
			exprs[i] = m.Defaults[i]
		} else {
			exprs[i] = &Const{T: c.T, Value: types.Null, Loc: -1}
		}
	}
	for i, c := range live {
		q.Targets = append(q.Targets, &Target{Expr: exprs[i], Name: c.Name})
	}
	if s.OnConflictClause != nil {
		if err := a.onConflict(q, sc, s.OnConflictClause, m, live); err != nil {
			return nil, err
		}
	}
	if err := a.returning(q, sc, s.ReturningList, m); err != nil {
		return nil, err
	}
	return q, nil
}

func indexOf(xs []int, x int) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return 0
}

// insertValues transforms INSERT's VALUES rows with every value coerced
// directly to its target column (DEFAULT becomes the column default).
func (a *Analyzer) insertValues(q *Query, sc *scope, sel *pg_query.SelectStmt, live []Column, cols []int, colLocs []int32, m *Modify) error {
	rte := &RTE{Kind: RTEValues, Alias: "*VALUES*"}
	for _, ci := range cols {
		rte.ColNames = append(rte.ColNames, live[ci].Name)
		rte.ColTypes = append(rte.ColTypes, live[ci].T)
	}
	first := len(sel.ValuesLists[0].GetList().GetItems())
	for _, l := range sel.ValuesLists[1:] {
		if items := l.GetList().GetItems(); len(items) != first {
			loc := int32(-1)
			if len(items) > 0 {
				loc = nodeLocation(items[0])
			}
			return a.errorAt(loc, pgerror.SyntaxError, "VALUES lists must all be the same length")
		}
	}
	for _, l := range sel.ValuesLists {
		items := l.GetList().GetItems()
		if len(items) > len(cols) {
			return a.errorAt(nodeLocation(items[len(cols)]), pgerror.SyntaxError, "INSERT has more expressions than target columns")
		}
		if len(items) < len(cols) {
			return a.errorAt(colLocs[len(items)], pgerror.SyntaxError, "INSERT has more target columns than expressions")
		}
		row := make([]Expr, len(items))
		for k, it := range items {
			ci := cols[k]
			if it.GetSetToDefault() != nil {
				if m.Defaults[ci] != nil {
					row[k] = m.Defaults[ci]
				} else {
					row[k] = &Const{T: live[ci].T, Value: types.Null, Loc: -1}
				}
				continue
			}
			e, err := a.transformExpr(it, &exprCtx{scope: &scope{parent: sc.parent, ctes: sc.ctes}, kind: kindValues})
			if err != nil {
				return err
			}
			e, err = a.assign(e, live[ci], nodeLocation(it))
			if err != nil {
				return err
			}
			row[k] = e
		}
		rte.Values = append(rte.Values, row)
	}
	idx := sc.addRTE(rte)
	q.From = []JoinNode{&RangeRef{RTE: idx}}
	return nil
}

// onConflict analyzes ON CONFLICT.
func (a *Analyzer) onConflict(q *Query, sc *scope, oc *pg_query.OnConflictClause, m *Modify, live []Column) error {
	out := &OnConflict{}
	t := m.Table
	if oc.Infer != nil {
		if oc.Infer.Conname != "" {
			for _, idx := range append([]*TableIndex{t.Primary}, t.Indexes...) {
				if idx != nil && idx.Constraint == oc.Infer.Conname {
					out.Arbiter = idx
				}
			}
			if out.Arbiter == nil {
				return a.errorAt(oc.Location, pgerror.UndefinedObject, `constraint "%s" for table "%s" does not exist`, oc.Infer.Conname, t.Name)
			}
		} else {
			var want []int16
			for _, el := range oc.Infer.IndexElems {
				ie := el.GetIndexElem()
				found := false
				for _, c := range live {
					if c.Name == ie.Name {
						want = append(want, c.Attnum)
						found = true
					}
				}
				if !found {
					return a.errorAt(oc.Infer.Location, pgerror.UndefinedColumn, `column "%s" does not exist`, ie.Name)
				}
			}
			for _, idx := range append([]*TableIndex{t.Primary}, t.Indexes...) {
				if idx == nil || !idx.Unique || len(idx.Columns) != len(want) {
					continue
				}
				match := true
				for _, c := range want {
					has := false
					for _, ic := range idx.Columns {
						if ic == c {
							has = true
						}
					}
					match = match && has
				}
				if match {
					out.Arbiter = idx
					break
				}
			}
			if out.Arbiter == nil {
				return a.errorAt(-1, pgerror.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification")
			}
		}
	}
	if oc.Action == pg_query.OnConflictAction_ONCONFLICT_UPDATE {
		if out.Arbiter == nil {
			return a.errorAt(oc.Location, pgerror.SyntaxError, "ON CONFLICT DO UPDATE requires inference specification or constraint name").
				WithHint("For example, ON CONFLICT (column_name).")
		}
		out.Update = true
		// EXCLUDED: the row proposed for insertion.
		ex := &RTE{Kind: RTERelation, Alias: "excluded", Table: t}
		for _, c := range live {
			ex.ColNames = append(ex.ColNames, c.Name)
			ex.ColTypes = append(ex.ColTypes, c.T)
		}
		exIdx := sc.addRTE(ex)
		out.Excluded = exIdx
		upd := &scope{q: q, visible: []int{m.ResultRel, exIdx}, parent: sc.parent, ctes: sc.ctes}
		set, err := a.setList(oc.TargetList, upd, m.Table, live)
		if err != nil {
			return err
		}
		out.Set = set
		if oc.WhereClause != nil {
			w, err := a.transformExpr(oc.WhereClause, &exprCtx{scope: upd, kind: kindWhere})
			if err != nil {
				return err
			}
			if w, err = a.coerceToBool(w, "WHERE", nodeLocation(oc.WhereClause)); err != nil {
				return err
			}
			out.Where = w
		}
	}
	m.OnConflict = out
	return nil
}

// setList analyzes UPDATE's SET list.
func (a *Analyzer) setList(list []*pg_query.Node, sc *scope, t *Table, live []Column) ([]SetItem, error) {
	var out []SetItem
	seen := map[int]bool{}
	multi := map[*pg_query.Node]Expr{}
	for _, n := range list {
		rt := n.GetResTarget()
		if len(rt.Indirection) > 0 {
			return nil, a.errorAt(rt.Location, pgerror.FeatureNotSupported, "assignment to a subfield or array element is not supported yet")
		}
		idx := -1
		for i, c := range live {
			if c.Name == rt.Name {
				idx = i
			}
		}
		if idx < 0 {
			return nil, a.errorAt(rt.Location, pgerror.UndefinedColumn, `column "%s" of relation "%s" does not exist`, rt.Name, t.Name)
		}
		if seen[idx] {
			return nil, a.errorAt(rt.Location, pgerror.DuplicateColumn, `multiple assignments to same column "%s"`, rt.Name)
		}
		seen[idx] = true
		c := live[idx]
		var e Expr
		var err error
		switch v := rt.Val.Node.(type) {
		case *pg_query.Node_SetToDefault:
			// A generated column's value is computed from the new row
			// afterwards (Modify.Generated).
			if c.Default != "" && c.Generated == 0 {
				e, err = a.analyzeTableExpr(c.Default, nil, kindDefault)
			} else {
				e = &Const{T: c.T, Value: types.Null, Loc: -1}
			}
		case *pg_query.Node_MultiAssignRef:
			src := v.MultiAssignRef.Source
			row, ok := multi[src]
			if !ok {
				if sl := src.GetSubLink(); sl != nil && (sl.SubLinkType == pg_query.SubLinkType_EXPR_SUBLINK || sl.SubLinkType == pg_query.SubLinkType_MULTIEXPR_SUBLINK) {
					row, err = a.multiAssignSubquery(sl, sc)
				} else {
					row, err = a.transformExpr(src, &exprCtx{scope: sc, kind: kindUpdateSource})
				}
				if err != nil {
					return nil, err
				}
				multi[src] = row
			}
			r, isRow := row.(*RowExpr)
			if !isRow {
				return nil, a.errorAt(rt.Location, pgerror.FeatureNotSupported, "source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression")
			}
			if int(v.MultiAssignRef.Ncolumns) != len(r.Args) {
				return nil, a.errorAt(rt.Location, pgerror.SyntaxError, "number of columns does not match number of values")
			}
			e = r.Args[v.MultiAssignRef.Colno-1]
		default:
			e, err = a.transformExpr(rt.Val, &exprCtx{scope: sc, kind: kindUpdateSource})
		}
		if err != nil {
			return nil, err
		}
		if c.Identity == 'a' || c.Generated != 0 {
			if _, isDefault := rt.Val.Node.(*pg_query.Node_SetToDefault); !isDefault {
				detail := `Column "%s" is an identity column defined as GENERATED ALWAYS.`
				if c.Generated != 0 {
					detail = `Column "%s" is a generated column.`
				}
				return nil, pgerror.New(pgerror.GeneratedAlways, `column "%s" can only be updated to DEFAULT`, c.Name).
					WithDetail(detail, c.Name)
			}
		}
		e, err = a.assign(e, c, nodeLocation(rt.Val))
		if err != nil {
			return nil, err
		}
		out = append(out, SetItem{Col: idx, Expr: e})
	}
	return out, nil
}

// multiAssignSubquery analyzes the source of SET (a, b) = (SELECT x, y
// ...) into a row of scalar subqueries, one per column, each over the
// same analyzed query reduced to that column. PostgreSQL evaluates a
// MULTIEXPR sublink once per row; here each column evaluates the
// subquery, which gives the same values for a query without volatile
// functions, and the same errors (more than one row is 21000).
func (a *Analyzer) multiAssignSubquery(sl *pg_query.SubLink, sc *scope) (Expr, error) {
	sel := sl.Subselect.GetSelectStmt()
	if sel == nil {
		return nil, a.errorAt(sl.Location, pgerror.FeatureNotSupported, "this kind of subquery is not supported")
	}
	q, err := a.transformSelect(sel, sc)
	if err != nil {
		return nil, err
	}
	row := &RowExpr{}
	for _, col := range q.Columns() {
		one := *q
		one.Targets = nil
		for _, t := range q.Targets {
			if t.Junk || t == col {
				one.Targets = append(one.Targets, t)
			}
		}
		row.Args = append(row.Args, &SubLink{Kind: SubExpr, Query: &one, T: col.Expr.Type()})
	}
	return row, nil
}

// returning analyzes a RETURNING list over the target table.
func (a *Analyzer) returning(q *Query, sc *scope, list []*pg_query.Node, m *Modify) error {
	if len(list) == 0 {
		return nil
	}
	rsc := &scope{q: q, visible: []int{m.ResultRel}, parent: sc.parent, ctes: sc.ctes}
	for _, n := range list {
		rt := n.GetResTarget()
		if cr := rt.Val.GetColumnRef(); cr != nil && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			qual := ""
			if len(cr.Fields) >= 2 {
				qual = nameOf(cr.Fields[len(cr.Fields)-2])
			}
			var ts []*Target
			if qual == "" {
				ts = a.expandRTE(q, m.ResultRel)
			} else {
				var err error
				if ts, err = a.expandStar(rsc, qual, cr.Location); err != nil {
					return err
				}
			}
			for _, tg := range ts {
				a.markSource(q, tg)
			}
			m.Returning = append(m.Returning, ts...)
			continue
		}
		e, err := a.transformExpr(rt.Val, &exprCtx{scope: rsc, kind: kindReturning})
		if err != nil {
			return err
		}
		if e.Type().Oid == types.OidUnknown {
			if e, err = a.mustCoerce(e, types.Text, types.CastImplicit, -1); err != nil {
				return err
			}
		}
		name := rt.Name
		if name == "" {
			name = figureColname(rt.Val)
		}
		tg := &Target{Expr: e, Name: name}
		a.markSource(q, tg)
		m.Returning = append(m.Returning, tg)
	}
	return nil
}

// AnalyzeUpdate analyzes an UPDATE statement. The query selects, for each
// row to change, the row's current values, its key, and its new values.
func (a *Analyzer) AnalyzeUpdate(s *pg_query.UpdateStmt) (*Query, error) {
	q := &Query{Command: CmdUpdate, Params: a.params}
	sc := &scope{q: q}
	if s.WithClause != nil {
		if err := a.transformWith(s.WithClause, sc); err != nil {
			return nil, err
		}
	}
	t, err := a.targetTable(s.Relation, "update")
	if err != nil {
		return nil, err
	}
	rel, err := a.addTargetRTE(q, sc, s.Relation, t)
	if err != nil {
		return nil, err
	}
	m, err := a.prepareModify(q, t, rel)
	if err != nil {
		return nil, err
	}
	q.Modify = m
	if err := a.transformFrom(s.FromClause, sc); err != nil {
		return nil, err
	}
	live := t.LiveColumns()
	set, err := a.setList(s.TargetList, sc, t, live)
	if err != nil {
		return nil, err
	}
	m.Set = set
	if s.WhereClause != nil {
		w, err := a.transformExpr(s.WhereClause, &exprCtx{scope: sc, kind: kindWhere})
		if err != nil {
			return nil, err
		}
		if w, err = a.coerceToBool(w, "WHERE", nodeLocation(s.WhereClause)); err != nil {
			return nil, err
		}
		q.Where = w
	}
	if err := a.returning(q, sc, s.ReturningList, m); err != nil {
		return nil, err
	}
	return q, nil
}

// addTargetRTE adds the target table of UPDATE or DELETE as the first
// FROM item.
func (a *Analyzer) addTargetRTE(q *Query, sc *scope, rv *pg_query.RangeVar, t *Table) (int, error) {
	alias := t.Name
	if rv.Alias != nil {
		alias = rv.Alias.Aliasname
	}
	rte := &RTE{Kind: RTERelation, Alias: alias, Table: t}
	for _, c := range t.LiveColumns() {
		rte.ColNames = append(rte.ColNames, c.Name)
		rte.ColTypes = append(rte.ColTypes, c.T)
	}
	rel := sc.addRTE(rte)
	q.From = append(q.From, &RangeRef{RTE: rel})
	sc.visible = append(sc.visible, rel)
	return rel, nil
}

// AnalyzeDelete analyzes a DELETE statement.
func (a *Analyzer) AnalyzeDelete(s *pg_query.DeleteStmt) (*Query, error) {
	q := &Query{Command: CmdDelete, Params: a.params}
	sc := &scope{q: q}
	if s.WithClause != nil {
		if err := a.transformWith(s.WithClause, sc); err != nil {
			return nil, err
		}
	}
	t, err := a.targetTable(s.Relation, "delete from")
	if err != nil {
		return nil, err
	}
	rel, err := a.addTargetRTE(q, sc, s.Relation, t)
	if err != nil {
		return nil, err
	}
	m, err := a.prepareModify(q, t, rel)
	if err != nil {
		return nil, err
	}
	q.Modify = m
	if err := a.transformFrom(s.UsingClause, sc); err != nil {
		return nil, err
	}
	if s.WhereClause != nil {
		w, err := a.transformExpr(s.WhereClause, &exprCtx{scope: sc, kind: kindWhere})
		if err != nil {
			return nil, err
		}
		if w, err = a.coerceToBool(w, "WHERE", nodeLocation(s.WhereClause)); err != nil {
			return nil, err
		}
		q.Where = w
	}
	if err := a.returning(q, sc, s.ReturningList, m); err != nil {
		return nil, err
	}
	return q, nil
}

// ValidateTableExpr analyzes an expression over a table's columns (a
// CHECK constraint being defined) and reports errors in it.
func ValidateTableExpr(a *Analyzer, t *Table, sql string) error {
	q := &Query{}
	rte := &RTE{Kind: RTERelation, Alias: t.Name, Table: t}
	for _, c := range t.LiveColumns() {
		rte.ColNames = append(rte.ColNames, c.Name)
		rte.ColTypes = append(rte.ColTypes, c.T)
	}
	sc := &scope{q: q}
	rel := sc.addRTE(rte)
	sc.visible = []int{rel}
	e, err := a.analyzeTableExpr(sql, sc, kindCheck)
	if err != nil {
		return err
	}
	if _, err := a.coerceToBool(e, "CHECK", -1); err != nil {
		return err
	}
	bad := false
	Walk(e, func(x Expr) bool {
		switch x.(type) {
		case *SubLink:
			bad = true
		}
		return !bad
	})
	if bad {
		return pgerror.New(pgerror.FeatureNotSupported, "cannot use subquery in check constraint")
	}
	return nil
}
