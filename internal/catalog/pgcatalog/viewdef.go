package pgcatalog

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// This file prints a view's query as pg_get_viewdef(view, true) does
// (ruleutils.c get_query_def with pretty indentation): one target per
// line, FROM, JOIN, WHERE, GROUP BY, HAVING and ORDER BY on lines of
// their own, and every column qualified by its relation. It handles the
// plain SELECTs views usually hold; for anything else the stored text is
// printed.

// viewRel is one relation of a view's FROM clause.
type viewRel struct {
	ref  string // how columns are qualified: the alias, or the name
	name string // as printed in FROM
	desc *catalog.Desc
}

type viewPrinter struct {
	s    *Source
	rels []viewRel
	p    *exprPrinter
	ok   bool
}

// prettyViewDef prints the query of view d; ok is false when its shape is
// beyond this printer.
func (s *Source) prettyViewDef(d *catalog.Desc, pretty bool) (string, bool) {
	sel := viewSelect(d)
	if sel == nil || sel.Op != pg_query.SetOperation_SETOP_NONE || len(sel.FromClause) == 0 || sel.WithClause != nil ||
		len(sel.DistinctClause) > 0 || len(sel.WindowClause) > 0 || sel.LimitOffset != nil || sel.LockingClause != nil {
		return "", false
	}
	v := &viewPrinter{s: s, ok: true}
	v.p = &exprPrinter{pretty: pretty, ok: true, qualify: v.qualify}
	var from strings.Builder
	for i, f := range sel.FromClause {
		if i > 0 {
			from.WriteString(",\n    ")
		}
		v.fromItem(&from, f)
	}
	if !v.ok {
		return "", false
	}
	var b strings.Builder
	b.WriteString(" SELECT ")
	col := 0
	for i, t := range sel.TargetList {
		rt := t.GetResTarget()
		if rt == nil {
			return "", false
		}
		if cr := rt.Val.GetColumnRef(); cr != nil && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			// A star was expanded when the view was made: print the
			// columns it stood for.
			for _, r := range v.rels {
				if len(cr.Fields) == 2 && cr.Fields[0].GetString_().GetSval() != r.ref {
					continue
				}
				for _, c := range r.desc.Table.LiveColumns() {
					if col > 0 {
						b.WriteString(",\n    ")
					}
					b.WriteString(quote(r.ref) + "." + quote(c.Name))
					if col < len(d.View.Columns) && d.View.Columns[col].Name != c.Name {
						b.WriteString(" AS " + quote(d.View.Columns[col].Name))
					}
					col++
				}
			}
			continue
		}
		if i > 0 {
			b.WriteString(",\n    ")
		}
		v.p.expr(&b, rt.Val, 0)
		name := ""
		if col < len(d.View.Columns) {
			name = d.View.Columns[col].Name
		}
		if cr := rt.Val.GetColumnRef(); cr == nil || colName(cr) != name {
			b.WriteString(" AS " + quote(name))
		}
		col++
	}
	b.WriteString("\n   FROM " + from.String())
	if sel.WhereClause != nil {
		b.WriteString("\n  WHERE ")
		v.p.expr(&b, sel.WhereClause, 0)
	}
	if len(sel.GroupClause) > 0 {
		b.WriteString("\n  GROUP BY ")
		for i, g := range sel.GroupClause {
			if i > 0 {
				b.WriteString(", ")
			}
			v.p.expr(&b, g, 0)
		}
	}
	if sel.HavingClause != nil {
		b.WriteString("\n HAVING ")
		v.p.expr(&b, sel.HavingClause, 0)
	}
	if len(sel.SortClause) > 0 {
		b.WriteString("\n  ORDER BY ")
		for i, o := range sel.SortClause {
			sb := o.GetSortBy()
			if i > 0 {
				b.WriteString(", ")
			}
			v.p.expr(&b, sb.Node, 0)
			if sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC {
				b.WriteString(" DESC")
			}
		}
	}
	if sel.LimitCount != nil {
		b.WriteString("\n LIMIT ")
		v.p.expr(&b, sel.LimitCount, 0)
	}
	if !v.ok || !v.p.ok {
		return "", false
	}
	b.WriteString(";")
	return b.String(), true
}

// fromItem prints a FROM item and records its relations.
func (v *viewPrinter) fromItem(b *strings.Builder, n *pg_query.Node) {
	switch {
	case n.GetRangeVar() != nil:
		rv := n.GetRangeVar()
		d := v.s.lookupRel(rv.Schemaname, rv.Relname)
		if d == nil || d.Table == nil {
			v.ok = false
			return
		}
		r := viewRel{ref: d.Name, name: v.s.relationName(d), desc: d}
		if rv.Alias != nil && rv.Alias.Aliasname != "" {
			r.ref = rv.Alias.Aliasname
			r.name += " " + quote(r.ref)
		}
		v.rels = append(v.rels, r)
		b.WriteString(r.name)
	case n.GetJoinExpr() != nil:
		j := n.GetJoinExpr()
		if j.Alias != nil || len(j.UsingClause) > 0 || j.IsNatural {
			v.ok = false
			return
		}
		if !v.p.pretty {
			b.WriteString("(")
		}
		v.fromItem(b, j.Larg)
		kind := map[pg_query.JoinType]string{pg_query.JoinType_JOIN_INNER: "JOIN", pg_query.JoinType_JOIN_LEFT: "LEFT JOIN",
			pg_query.JoinType_JOIN_RIGHT: "RIGHT JOIN", pg_query.JoinType_JOIN_FULL: "FULL JOIN"}[j.Jointype]
		if kind == "" {
			v.ok = false
			return
		}
		if j.Quals == nil {
			kind = "CROSS JOIN"
		}
		b.WriteString("\n     " + kind + " ")
		v.fromItem(b, j.Rarg)
		if j.Quals != nil {
			b.WriteString(" ON ")
			if !v.p.pretty {
				b.WriteString("(")
			}
			v.p.expr(b, j.Quals, 0)
			if !v.p.pretty {
				b.WriteString(")")
			}
		}
		if !v.p.pretty {
			b.WriteString(")")
		}
	default:
		v.ok = false
	}
}

// qualify resolves a column reference against the FROM relations.
func (v *viewPrinter) qualify(c *pg_query.ColumnRef) (string, *types.T, bool) {
	name := colName(c)
	qual := ""
	if len(c.Fields) >= 2 {
		qual = c.Fields[len(c.Fields)-2].GetString_().GetSval()
	}
	for _, r := range v.rels {
		if qual != "" && qual != r.ref {
			continue
		}
		if col := columnByName(r.desc, name); col != nil {
			return quote(r.ref) + "." + quote(name), col.Type(), true
		}
	}
	return "", nil, false
}

func columnByName(d *catalog.Desc, name string) *catalog.Column {
	for i := range d.Table.Columns {
		if c := &d.Table.Columns[i]; c.Name == name && !c.Dropped {
			return c
		}
	}
	return nil
}

// lookupRel finds a relation by possibly qualified name on the search
// path.
func (s *Source) lookupRel(schema, name string) *catalog.Desc {
	if schema != "" {
		if n := s.Cat.LookupSchema(s.DB, schema); n != nil {
			return s.Cat.LookupIn(n.Oid, name)
		}
		return nil
	}
	for _, so := range s.SearchPath {
		if d := s.Cat.LookupIn(so, name); d != nil {
			return d
		}
	}
	return nil
}

// viewSelect parses a view's query; nil when it is not a SELECT.
func viewSelect(d *catalog.Desc) *pg_query.SelectStmt {
	st, err := parser.ParseOne(d.View.Query)
	if err != nil {
		return nil
	}
	sel := st.AST.GetSelectStmt()
	// A view made with * is stored as its columns over the original
	// query: the original is what it means.
	if sel != nil && len(sel.FromClause) == 1 && sel.WhereClause == nil {
		if sub := sel.FromClause[0].GetRangeSubselect(); sub != nil && sub.Alias != nil && sub.Alias.Aliasname == "*SELECT*" {
			if inner := sub.Subquery.GetSelectStmt(); inner != nil {
				sel = inner
			}
		}
	}
	return sel
}

// aggregates are the aggregate functions a view's targets are checked
// for when deciding whether it is updatable.
var aggregates = map[string]bool{"count": true, "sum": true, "avg": true, "min": true, "max": true, "array_agg": true,
	"string_agg": true, "bool_and": true, "bool_or": true, "every": true, "json_agg": true, "jsonb_agg": true}

// viewUpdatable reports whether a view is automatically updatable
// (rewriteHandler.c view_query_is_auto_updatable): one base table in
// FROM, and no aggregates, grouping, DISTINCT, LIMIT, window functions
// or set operations.
func viewUpdatable(d *catalog.Desc) bool {
	sel := viewSelect(d)
	if sel == nil || sel.Op != pg_query.SetOperation_SETOP_NONE || len(sel.FromClause) != 1 || sel.FromClause[0].GetRangeVar() == nil ||
		len(sel.GroupClause) > 0 || sel.HavingClause != nil || len(sel.DistinctClause) > 0 || sel.LimitCount != nil ||
		sel.LimitOffset != nil || len(sel.WindowClause) > 0 || sel.WithClause != nil {
		return false
	}
	for _, t := range sel.TargetList {
		if fc := t.GetResTarget().GetVal().GetFuncCall(); fc != nil {
			if fc.Over != nil || aggregates[fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval()] {
				return false
			}
		}
	}
	return true
}

// viewColumnUpdatable reports whether column i of an updatable view is a
// plain column of its table.
func viewColumnUpdatable(d *catalog.Desc, i int) bool {
	if !viewUpdatable(d) {
		return false
	}
	sel := viewSelect(d)
	n := 0
	for _, t := range sel.TargetList {
		v := t.GetResTarget().GetVal()
		cr := v.GetColumnRef()
		if cr != nil && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			// A star stands for the table's columns, all updatable.
			return true
		}
		if n == i {
			return cr != nil
		}
		n++
	}
	return false
}
