package commands

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/types"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// CreateView executes CREATE [OR REPLACE] VIEW (PostgreSQL's DefineView
// in commands/view.c). The view's query is analyzed now, for its columns
// and to report errors, and stored as SQL text deparsed from the parse
// tree; it is analyzed again where the view is used. The relations the
// query names are recorded as the view's dependencies, so DROP of one of
// them needs CASCADE.
func CreateView(s Session, sql string, st *pg_query.ViewStmt) (string, error) {
	ctx := s.Context()
	cat := s.Catalog()
	rv := st.View
	schema, err := schemaFor(s, rv)
	if err != nil {
		return "", err
	}
	sel := st.Query.GetSelectStmt()
	if sel == nil {
		return "", pgerror.New(pgerror.FeatureNotSupported, "views must be defined by a SELECT")
	}
	q, err := s.Analyzer(sql).AnalyzeSelect(sel)
	if err != nil {
		return "", err
	}
	targets := q.Columns()
	if len(st.Aliases) > len(targets) {
		return "", pgerror.New(pgerror.SyntaxError, "CREATE VIEW specifies more column names than columns")
	}
	var cols []catalog.Column
	seen := map[string]bool{}
	for i, t := range targets {
		name := t.Name
		if i < len(st.Aliases) {
			name = nameOf(st.Aliases[i])
		}
		if seen[name] {
			return "", pgerror.New(pgerror.DuplicateColumn, `column "%s" specified more than once`, name)
		}
		seen[name] = true
		typ := t.Expr.Type()
		if typ.Oid == types.OidUnknown {
			typ = types.Text
		}
		if typ.Kind == 'p' {
			return "", pgerror.New(pgerror.InvalidTableDefinition, `column "%s" has pseudo-type %s`, name, typ.SQLName())
		}
		cols = append(cols, catalog.Column{Name: name, Attnum: int16(i + 1), TypeOid: typ.Oid, Typmod: typ.Typmod})
	}
	deps, err := queryDeps(s, st.Query)
	if err != nil {
		return "", err
	}
	if !cat.IsTemp(schema) {
		// A view of a temporary relation is temporary itself
		// (isQueryUsingTempRelation in DefineView).
		for _, o := range deps {
			if cat.IsTemp(cat.Get(o)) {
				if rv.Schemaname != "" {
					return "", pgerror.New(pgerror.InvalidTableDefinition, "cannot create temporary relation in non-temporary schema")
				}
				s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `view "%s" will be a temporary view`, rv.Relname))
				if schema, err = s.TempSchema(true); err != nil {
					return "", err
				}
				break
			}
		}
	}
	text, err := viewQueryText(st.Query, targets)
	if err != nil {
		return "", err
	}
	checkOption := ""
	switch st.WithCheckOption {
	case pg_query.ViewCheckOption_LOCAL_CHECK_OPTION:
		checkOption = "local"
	case pg_query.ViewCheckOption_CASCADED_CHECK_OPTION:
		checkOption = "cascaded"
	}
	view := &catalog.View{Query: text, Columns: cols, Deps: deps, ColumnDeps: columnDeps(s, st.Query, deps), CheckOption: checkOption}
	if old := cat.LookupIn(schema.Oid, rv.Relname); old != nil {
		if !st.Replace || old.Kind != catalog.KindView {
			if st.Replace {
				return "", pgerror.New(pgerror.WrongObjectType, `"%s" is not a view`, rv.Relname)
			}
			return "", pgerror.New(pgerror.DuplicateTable, `relation "%s" already exists`, rv.Relname)
		}
		if err := checkViewColumns(old.View.Columns, cols); err != nil {
			return "", err
		}
		for _, d := range deps {
			if d == old.Oid {
				return "", pgerror.New(pgerror.InvalidObjectDefinition, `infinite recursion detected in rules for relation "%s"`, old.Name)
			}
		}
		nd := *old
		view.Comment = old.View.Comment
		for i := range view.Columns {
			if i < len(old.View.Columns) {
				view.Columns[i].Comment = old.View.Columns[i].Comment
			}
		}
		nd.View = view
		return "CREATE VIEW", cat.Put(ctx, s.KV(), &nd)
	}
	oid, err := cat.Store().NewOid(ctx)
	if err != nil {
		return "", err
	}
	d := &catalog.Desc{Oid: oid, Kind: catalog.KindView, Name: rv.Relname, Database: s.Database(), Schema: schema.Oid,
		Owner: s.UserOid(), View: view}
	return "CREATE VIEW", cat.Put(ctx, s.KV(), d)
}

// checkViewColumns applies CREATE OR REPLACE VIEW's rule: the new query
// must produce the old columns, with the same names and types, in the
// same order; it may add columns at the end (checkViewTupleDesc).
func checkViewColumns(old, cols []catalog.Column) error {
	if len(cols) < len(old) {
		return pgerror.New(pgerror.InvalidTableDefinition, "cannot drop columns from view")
	}
	for i, o := range old {
		n := cols[i]
		if o.Name != n.Name {
			return pgerror.New(pgerror.InvalidTableDefinition, `cannot change name of view column "%s" to "%s"`, o.Name, n.Name).
				WithHint("Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.")
		}
		if o.TypeOid != n.TypeOid || o.Typmod != n.Typmod {
			return pgerror.New(pgerror.InvalidTableDefinition, `cannot change data type of view column "%s" from %s to %s`,
				o.Name, o.Type().SQLName(), n.Type().SQLName())
		}
	}
	return nil
}

// viewQueryText renders a view's query for the catalog. PostgreSQL
// expands a * in the select list when the view is created, so columns
// added to a table later do not appear in the view. A query whose select
// list has one * gets it replaced by the columns it stood for; one with
// more (or with * in a UNION's branches) is wrapped in a SELECT of the
// columns it had.
func viewQueryText(n *pg_query.Node, targets []*analyze.Target) (string, error) {
	sel := n.GetSelectStmt()
	if !topLevelStar(sel) {
		return deparseStmt(n)
	}
	if sel.Op == pg_query.SetOperation_SETOP_NONE {
		star, plain := -1, 0
		for i, t := range sel.TargetList {
			if isStar(t) {
				if star >= 0 {
					star = -2
					break
				}
				star = i
			} else {
				plain++
			}
		}
		if star >= 0 && len(targets) >= plain {
			cr := sel.TargetList[star].GetResTarget().Val.GetColumnRef()
			qual := cr.Fields[:len(cr.Fields)-1]
			expanded := targets[star : star+len(targets)-plain]
			var list []*pg_query.Node
			list = append(list, sel.TargetList[:star]...)
			for _, t := range expanded {
				fields := append(append([]*pg_query.Node(nil), qual...), &pg_query.Node{Node: &pg_query.Node_String_{String_: &pg_query.String{Sval: t.Name}}})
				list = append(list, &pg_query.Node{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{
					Val: &pg_query.Node{Node: &pg_query.Node_ColumnRef{ColumnRef: &pg_query.ColumnRef{Fields: fields}}}}}})
			}
			list = append(list, sel.TargetList[star+1:]...)
			sel.TargetList = list
			return deparseStmt(n)
		}
	}
	text, err := deparseStmt(n)
	if err != nil {
		return "", err
	}
	names := make([]string, len(targets))
	for i, t := range targets {
		names[i] = quoteIdent(t.Name)
	}
	return "SELECT " + strings.Join(names, ", ") + " FROM (" + text + ") AS " + quoteIdent("*SELECT*"), nil
}

func isStar(t *pg_query.Node) bool {
	cr := t.GetResTarget().GetVal().GetColumnRef()
	return cr != nil && len(cr.Fields) > 0 && cr.Fields[len(cr.Fields)-1].GetAStar() != nil
}

func topLevelStar(sel *pg_query.SelectStmt) bool {
	if sel == nil {
		return false
	}
	if sel.Op != pg_query.SetOperation_SETOP_NONE {
		return topLevelStar(sel.Larg) || topLevelStar(sel.Rarg)
	}
	for _, t := range sel.TargetList {
		if cr := t.GetResTarget().GetVal().GetColumnRef(); cr != nil {
			if len(cr.Fields) > 0 && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
				return true
			}
		}
	}
	return false
}

// queryDeps returns the relations a query names, directly: the tables,
// views and sequences of its FROM clauses and subqueries (a view's own
// dependencies stay with that view). Names of WITH queries are skipped.
// It qualifies the names it resolves with their schema in the tree, so
// the stored query reads the same relations whatever the search_path of
// the session that uses the view (PostgreSQL stores OIDs).
func queryDeps(s Session, n *pg_query.Node) ([]catalog.Oid, error) {
	ctes := map[string]bool{}
	var rvs []*pg_query.RangeVar
	walkMessages(n.ProtoReflect(), func(m protoreflect.Message) {
		switch v := m.Interface().(type) {
		case *pg_query.CommonTableExpr:
			ctes[v.Ctename] = true
		case *pg_query.RangeVar:
			rvs = append(rvs, v)
		}
	})
	var out []catalog.Oid
	seen := map[catalog.Oid]bool{}
	for _, rv := range rvs {
		if rv.Schemaname == "" && ctes[rv.Relname] {
			continue
		}
		d, err := s.LookupRelation(rv.Schemaname, rv.Relname)
		if err != nil || d == nil {
			continue
		}
		if sd := s.Catalog().Get(d.Schema); sd != nil && rv.Schemaname == "" {
			rv.Schemaname = sd.Name
		}
		if !seen[d.Oid] {
			seen[d.Oid] = true
			out = append(out, d.Oid)
		}
	}
	return out, nil
}

// walkMessages calls fn for m and every message under it.
func walkMessages(m protoreflect.Message, fn func(protoreflect.Message)) {
	if !m.IsValid() {
		return
	}
	fn(m)
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Kind() == protoreflect.MessageKind:
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				walkMessages(l.Get(i).Message(), fn)
			}
		case fd.IsMap():
		case fd.Kind() == protoreflect.MessageKind:
			walkMessages(v.Message(), fn)
		}
		return true
	})
}

// viewUsesColumn reports whether a view reads a column of a table.
// Views record the columns they read when created; for a view without
// that record, column references are matched by name (a conservative
// answer: it can only ask for CASCADE where PostgreSQL would not).
func viewUsesColumn(v *catalog.View, table catalog.Oid, attnum int16, column string) bool {
	if v.ColumnDeps != nil {
		for _, cd := range v.ColumnDeps {
			if cd.Table == table && cd.Attnum == attnum {
				return true
			}
		}
		return false
	}
	st, err := parser.ParseOne(v.Query)
	if err != nil || st.AST == nil {
		return true
	}
	found := false
	walkMessages(st.AST.ProtoReflect(), func(m protoreflect.Message) {
		cr, ok := m.Interface().(*pg_query.ColumnRef)
		if !ok || found || len(cr.Fields) == 0 {
			return
		}
		last := cr.Fields[len(cr.Fields)-1]
		if last.GetAStar() != nil || nameOf(last) == column {
			found = true
		}
	})
	return found
}

// columnDeps finds the columns of the tables in deps that a query reads:
// the columns it names, and every column of a table when it selects *.
// Names are matched without regard to which relation they qualify.
func columnDeps(s Session, n *pg_query.Node, deps []catalog.Oid) []catalog.ColumnDep {
	names := map[string]bool{}
	star := false
	walkMessages(n.ProtoReflect(), func(m protoreflect.Message) {
		cr, ok := m.Interface().(*pg_query.ColumnRef)
		if !ok || len(cr.Fields) == 0 {
			return
		}
		last := cr.Fields[len(cr.Fields)-1]
		if last.GetAStar() != nil {
			star = true
		} else {
			names[nameOf(last)] = true
		}
	})
	out := []catalog.ColumnDep{}
	for _, o := range deps {
		d := s.Catalog().Get(o)
		if d == nil || d.Table == nil {
			continue
		}
		for _, c := range d.Table.Columns {
			if !c.Dropped && (star || names[c.Name]) {
				out = append(out, catalog.ColumnDep{Table: o, Attnum: c.Attnum})
			}
		}
	}
	return out
}

// renameInQuery rewrites a view's query after a rename: references to
// the table oldTable (in schema, or unqualified) become newTable, keeping
// the old name as the alias so qualified column references still
// resolve; and, when oldCol is set, column references named oldCol
// become newCol, keeping the output column's old name. Columns are
// matched by name alone.
func renameInQuery(query, schema, oldTable, newTable, oldCol, newCol string) (string, error) {
	st, err := parser.ParseOne(query)
	if err != nil {
		return "", err
	}
	walkMessages(st.AST.ProtoReflect(), func(m protoreflect.Message) {
		switch v := m.Interface().(type) {
		case *pg_query.RangeVar:
			if oldTable != newTable && v.Relname == oldTable && (v.Schemaname == "" || v.Schemaname == schema) {
				v.Relname = newTable
				if v.Alias == nil {
					v.Alias = &pg_query.Alias{Aliasname: oldTable}
				}
			}
		case *pg_query.ResTarget:
			if oldCol != "" && v.Name == "" {
				if cr := v.Val.GetColumnRef(); cr != nil && len(cr.Fields) > 0 && nameOf(cr.Fields[len(cr.Fields)-1]) == oldCol {
					v.Name = oldCol
				}
			}
		case *pg_query.ColumnRef:
			renameColumnRef(v, oldCol, newCol)
		}
	})
	return deparseStmt(st.AST)
}

func renameColumnRef(cr *pg_query.ColumnRef, oldCol, newCol string) {
	if oldCol == "" || len(cr.Fields) == 0 {
		return
	}
	if s := cr.Fields[len(cr.Fields)-1].GetString_(); s != nil && s.Sval == oldCol {
		s.Sval = newCol
	}
}

// renameColumnInExpr renames column references in a stored expression.
func renameColumnInExpr(text, oldCol, newCol string) (string, error) {
	n, err := parseExprSQL(text)
	if err != nil {
		return "", err
	}
	walkMessages(n.ProtoReflect(), func(m protoreflect.Message) {
		if cr, ok := m.Interface().(*pg_query.ColumnRef); ok {
			renameColumnRef(cr, oldCol, newCol)
		}
	})
	return deparseExpr(n)
}

// renameSchemaInQuery rewrites a view's query after ALTER SCHEMA ...
// RENAME: relation names qualified with the old schema name get the new
// one.
func renameSchemaInQuery(query, oldName, newName string) (string, bool, error) {
	st, err := parser.ParseOne(query)
	if err != nil {
		return "", false, err
	}
	changed := false
	walkMessages(st.AST.ProtoReflect(), func(m protoreflect.Message) {
		if rv, ok := m.Interface().(*pg_query.RangeVar); ok && rv.Schemaname == oldName {
			rv.Schemaname = newName
			changed = true
		}
	})
	if !changed {
		return query, false, nil
	}
	text, err := deparseStmt(st.AST)
	return text, true, err
}
