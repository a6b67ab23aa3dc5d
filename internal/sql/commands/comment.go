package commands

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// Comment executes COMMENT ON TABLE, VIEW, INDEX, SEQUENCE, COLUMN,
// SCHEMA, ROLE and DATABASE (PostgreSQL's CommentObject in
// commands/comment.c). The text is kept on the object's descriptor; an
// empty text or NULL removes the comment.
func Comment(s Session, st *pg_query.CommentStmt) (string, error) {
	cat := s.Catalog()
	text := st.Comment
	put := func(d *catalog.Desc) (string, error) {
		return "COMMENT", cat.Put(s.Context(), s.KV(), d)
	}
	switch st.Objtype {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_INDEX,
		pg_query.ObjectType_OBJECT_SEQUENCE:
		schema, name := qualified(st.Object.GetList().GetItems())
		d, err := commentRelation(s, schema, name, st.Objtype)
		if err != nil {
			return "", err
		}
		if err := checkOwner(s, d, ""); err != nil {
			return "", err
		}
		nd := withComment(d, text)
		return put(nd)
	case pg_query.ObjectType_OBJECT_COLUMN:
		items := st.Object.GetList().GetItems()
		if len(items) < 2 {
			return "", pgerror.New(pgerror.SyntaxError, "column name must be qualified")
		}
		schema, name := qualified(items[:len(items)-1])
		col := nameOf(items[len(items)-1])
		d, err := s.LookupRelation(schema, name)
		if err != nil {
			return "", err
		}
		if d == nil {
			return "", pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, name)
		}
		if err := checkOwner(s, d, "relation"); err != nil {
			return "", err
		}
		nd := *d
		var cols []catalog.Column
		switch d.Kind {
		case catalog.KindTable:
			nt := *d.Table
			nt.Columns = append([]catalog.Column(nil), d.Table.Columns...)
			nd.Table = &nt
			cols = nt.Columns
		case catalog.KindView:
			nv := *d.View
			nv.Columns = append([]catalog.Column(nil), d.View.Columns...)
			nd.View = &nv
			cols = nv.Columns
		default:
			return "", pgerror.New(pgerror.WrongObjectType, `cannot set comment on relation "%s"`, d.Name).
				WithDetail("This operation is not supported for %ss.", relKindName(d))
		}
		for i := range cols {
			if cols[i].Name == col && !cols[i].Dropped {
				cols[i].Comment = text
				return put(&nd)
			}
		}
		return "", pgerror.New(pgerror.UndefinedColumn, `column "%s" of relation "%s" does not exist`, col, d.Name)
	case pg_query.ObjectType_OBJECT_SCHEMA:
		name := nameOf(st.Object)
		d := cat.LookupSchema(s.Database(), name)
		if d == nil {
			return "", pgerror.New(pgerror.InvalidSchemaName, `schema "%s" does not exist`, name)
		}
		nd := *d
		nd.Comment = text
		return put(&nd)
	case pg_query.ObjectType_OBJECT_ROLE:
		name := nameOf(st.Object)
		d := cat.LookupRole(name)
		if d == nil {
			return "", pgerror.New(pgerror.UndefinedObject, `role "%s" does not exist`, name)
		}
		return put(withComment(d, text))
	case pg_query.ObjectType_OBJECT_DATABASE:
		name := nameOf(st.Object)
		d := cat.LookupDatabase(name)
		if d == nil {
			// PostgreSQL only warns: pg_dump emits COMMENT ON DATABASE for
			// a database restored under another name.
			s.Notice(pgerror.Warning(pgerror.InvalidCatalogName, `database "%s" does not exist`, name))
			return "COMMENT", nil
		}
		return put(withComment(d, text))
	}
	return "", pgerror.New(pgerror.FeatureNotSupported, "COMMENT ON %s is not supported yet", objectTypeName(st.Objtype))
}

// commentRelation finds the relation a COMMENT ON names and checks its
// kind.
func commentRelation(s Session, schema, name string, ot pg_query.ObjectType) (*catalog.Desc, error) {
	d, err := s.LookupRelation(schema, name)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, name)
	}
	want, article := catalog.KindTable, "a table"
	switch ot {
	case pg_query.ObjectType_OBJECT_VIEW:
		want, article = catalog.KindView, "a view"
	case pg_query.ObjectType_OBJECT_INDEX:
		want, article = catalog.KindIndex, "an index"
	case pg_query.ObjectType_OBJECT_SEQUENCE:
		want, article = catalog.KindSequence, "a sequence"
	}
	if d.Kind != want {
		return nil, pgerror.New(pgerror.WrongObjectType, `"%s" is not %s`, name, article)
	}
	return d, nil
}

// withComment returns a copy of d with its comment set.
func withComment(d *catalog.Desc, text string) *catalog.Desc {
	nd := *d
	switch {
	case d.Table != nil:
		nt := *d.Table
		nt.Comment = text
		nd.Table = &nt
	case d.View != nil:
		nv := *d.View
		nv.Comment = text
		nd.View = &nv
	case d.Index != nil:
		ni := *d.Index
		ni.Comment = text
		nd.Index = &ni
	case d.Sequence != nil:
		nq := *d.Sequence
		nq.Comment = text
		nd.Sequence = &nq
	case d.Role != nil:
		nr := *d.Role
		nr.Comment = text
		nd.Role = &nr
	case d.DB != nil:
		nb := *d.DB
		nb.Comment = text
		nd.DB = &nb
	default:
		nd.Comment = text
	}
	return &nd
}

// objectTypeName names an object type for messages ("MATERIALIZED VIEW").
func objectTypeName(ot pg_query.ObjectType) string {
	n := ot.String()
	if len(n) > 7 && n[:7] == "OBJECT_" {
		n = n[7:]
	}
	out := []byte(n)
	for i, c := range out {
		if c == '_' {
			out[i] = ' '
		}
	}
	return string(out)
}
