package commands

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
	"google.golang.org/protobuf/proto"
)

// CreateTableAs executes CREATE TABLE ... AS and SELECT ... INTO
// (PostgreSQL's ExecCreateTableAs in commands/createas.c): the new
// table's columns are the query's output columns, named by the column
// list when one is given, and the query's rows fill it. The tag is
// "SELECT n", or "CREATE TABLE AS" for WITH NO DATA and for IF NOT
// EXISTS on an existing table.
func CreateTableAs(s Session, sql string, st *pg_query.CreateTableAsStmt) (string, error) {
	if st.Objtype == pg_query.ObjectType_OBJECT_MATVIEW {
		return "", pgerror.New(pgerror.FeatureNotSupported, "materialized views are not supported yet")
	}
	sel := st.Query.GetSelectStmt()
	if sel == nil {
		return "", pgerror.New(pgerror.FeatureNotSupported, "CREATE TABLE AS EXECUTE is not supported yet")
	}
	return createTableAs(s, sql, st.Into, st.Query, st.IfNotExists)
}

// SelectIntoClause returns the INTO clause of a SELECT ... INTO, nil for
// other SELECTs. In a set operation the INTO belongs to the leftmost
// SELECT, as PostgreSQL's grammar allows it only there.
func SelectIntoClause(sel *pg_query.SelectStmt) *pg_query.IntoClause {
	for sel != nil {
		if sel.IntoClause != nil {
			return sel.IntoClause
		}
		if sel.Op == pg_query.SetOperation_SETOP_NONE {
			return nil
		}
		sel = sel.Larg
	}
	return nil
}

// SelectInto executes SELECT ... INTO new_table.
func SelectInto(s Session, sql string, sel *pg_query.SelectStmt) (string, error) {
	q := proto.Clone(sel).(*pg_query.SelectStmt)
	into := SelectIntoClause(q)
	for l := q; l != nil; l = l.Larg {
		l.IntoClause = nil
	}
	return createTableAs(s, sql, into, &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: q}}, false)
}

func createTableAs(s Session, sql string, into *pg_query.IntoClause, query *pg_query.Node, ifNotExists bool) (string, error) {
	rv := into.Rel
	schema, err := schemaFor(s, rv)
	if err != nil {
		return "", err
	}
	if s.Catalog().LookupIn(schema.Oid, rv.Relname) != nil {
		if ifNotExists {
			s.Notice(pgerror.Notice(pgerror.DuplicateTable, `relation "%s" already exists, skipping`, rv.Relname))
			return "CREATE TABLE AS", nil
		}
		return "", pgerror.New(pgerror.DuplicateTable, `relation "%s" already exists`, rv.Relname)
	}
	q, err := s.Analyzer(sql).AnalyzeSelect(query.GetSelectStmt())
	if err != nil {
		return "", err
	}
	targets := q.Columns()
	if len(into.ColNames) > len(targets) {
		return "", pgerror.New(pgerror.SyntaxError, "too many column names were specified")
	}
	names := make([]string, len(targets))
	ts := make([]*types.T, len(targets))
	for i, t := range targets {
		names[i] = t.Name
		if i < len(into.ColNames) {
			names[i] = nameOf(into.ColNames[i])
		}
		ts[i] = t.Expr.Type()
	}
	target := &pg_query.RangeVar{Schemaname: schema.Name, Relname: rv.Relname, Inh: true, Relpersistence: "p"}
	d, _, err := CreateTableWithColumns(s, target, names, ts, false)
	if err != nil {
		return "", err
	}
	onCommit, err := onCommitAction(into.OnCommit, d.Table.Temp)
	if err != nil {
		return "", err
	}
	if onCommit != "" {
		nd := *d
		nt := *d.Table
		nt.OnCommit = onCommit
		nd.Table = &nt
		if err := s.Catalog().Put(s.Context(), s.KV(), &nd); err != nil {
			return "", err
		}
		d = &nd
	}
	if into.SkipData {
		return "CREATE TABLE AS", nil
	}
	n, err := fillTable(s, sql, d, query)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("SELECT %d", n), nil
}

// fillTable inserts a query's rows into a new table.
func fillTable(s Session, sql string, d *catalog.Desc, query *pg_query.Node) (int64, error) {
	schema := s.Catalog().Get(d.Schema)
	ins := &pg_query.InsertStmt{
		Relation:   &pg_query.RangeVar{Schemaname: schema.Name, Relname: d.Name, Inh: true, Relpersistence: "p"},
		SelectStmt: query,
		Override:   pg_query.OverridingKind_OVERRIDING_NOT_SET,
	}
	_, n, err := s.Exec(sql, &pg_query.Node{Node: &pg_query.Node_InsertStmt{InsertStmt: ins}})
	return n, err
}
