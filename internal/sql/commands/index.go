package commands

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/storage"
)

// CreateIndex executes CREATE INDEX: it records the index and writes its
// entries for the rows already in the table.
func CreateIndex(s Session, st *pg_query.IndexStmt) (string, error) {
	ctx := s.Context()
	cat := s.Catalog()
	rv := st.Relation
	t, err := s.LookupRelation(rv.Schemaname, rv.Relname)
	if err != nil {
		return "", err
	}
	if t == nil {
		return "", pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, rv.Relname)
	}
	if t.Kind != catalog.KindTable {
		return "", pgerror.New(pgerror.WrongObjectType, `cannot create index on relation "%s"`, t.Name).
			WithDetail(`This operation is not supported for %ss.`, relKindName(t))
	}
	if st.AccessMethod != "" && st.AccessMethod != "btree" {
		if st.AccessMethod == "hash" || st.AccessMethod == "gin" || st.AccessMethod == "gist" || st.AccessMethod == "brin" || st.AccessMethod == "spgist" {
			return "", pgerror.New(pgerror.FeatureNotSupported, "access method \"%s\" is not supported", st.AccessMethod)
		}
		return "", pgerror.New(pgerror.UndefinedObject, `access method "%s" does not exist`, st.AccessMethod)
	}
	if st.WhereClause != nil {
		return "", pgerror.New(pgerror.FeatureNotSupported, "partial indexes are not supported yet")
	}
	ix := &catalog.Index{Table: t.Oid, Unique: st.Unique, NullsNotDistinct: st.NullsNotDistinct, Method: "btree"}
	var colNames []string
	for _, p := range st.IndexParams {
		el := p.GetIndexElem()
		if el.Expr != nil {
			return "", pgerror.New(pgerror.FeatureNotSupported, "indexes on expressions are not supported yet")
		}
		var col *catalog.Column
		for i := range t.Table.Columns {
			if t.Table.Columns[i].Name == el.Name && !t.Table.Columns[i].Dropped {
				col = &t.Table.Columns[i]
			}
		}
		if col == nil {
			return "", pgerror.New(pgerror.UndefinedColumn, `column "%s" does not exist`, el.Name)
		}
		if !storage.Keyable(col.Type()) {
			return "", storage.ErrNotKeyable(col.Type())
		}
		ix.Columns = append(ix.Columns, col.Attnum)
		desc := el.Ordering == pg_query.SortByDir_SORTBY_DESC
		ix.Desc = append(ix.Desc, desc)
		nf := desc
		switch el.NullsOrdering {
		case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
			nf = true
		case pg_query.SortByNulls_SORTBY_NULLS_LAST:
			nf = false
		}
		if nf != desc {
			return "", pgerror.New(pgerror.FeatureNotSupported, "NULLS FIRST/LAST other than the default for the sort direction is not supported yet")
		}
		ix.NullsFirst = append(ix.NullsFirst, nf)
		colNames = append(colNames, el.Name)
	}
	for _, inc := range st.IndexIncludingParams {
		el := inc.GetIndexElem()
		for _, c := range t.Table.Columns {
			if c.Name == el.Name && !c.Dropped {
				ix.Include = append(ix.Include, c.Attnum)
			}
		}
	}
	name := st.Idxname
	if name == "" {
		// PostgreSQL's ChooseIndexName: a unique index made by CREATE
		// UNIQUE INDEX is an "idx" like any other; "key" and "pkey" name
		// the indexes of constraints.
		label := "idx"
		switch {
		case st.Primary:
			label = "pkey"
		case st.Isconstraint:
			label = "key"
		}
		name = chooseName(t.Name, strings.Join(colNames, "_"), label, relationTaken(s, t.Schema))
	} else if existing := cat.LookupIn(t.Schema, name); existing != nil {
		if st.IfNotExists {
			s.Notice(pgerror.Notice(pgerror.DuplicateTable, `relation "%s" already exists, skipping`, name))
			return "CREATE INDEX", nil
		}
		return "", pgerror.New(pgerror.DuplicateTable, `relation "%s" already exists`, name)
	}
	oid, err := cat.Store().NewOid(ctx)
	if err != nil {
		return "", err
	}
	d := &catalog.Desc{Oid: oid, Kind: catalog.KindIndex, Name: name, Database: s.Database(), Schema: t.Schema, Owner: s.UserOid(), Index: ix}
	nd := *t
	nt := *t.Table
	nt.Indexes = append(append([]catalog.Oid(nil), t.Table.Indexes...), oid)
	nd.Table = &nt
	// Write the entries of the existing rows.
	st2, err := s.StorageTable(&nd)
	if err != nil {
		return "", err
	}
	si := &storage.Index{Oid: oid, Name: name, Desc: ix.Desc, Unique: ix.Unique, NullsNotDistinct: ix.NullsNotDistinct}
	for _, a := range ix.Columns {
		si.Cols = append(si.Cols, int(a-1))
	}
	if err := st2.AddIndexEntries(ctx, s.KV(), si); err != nil {
		if pe := pgerror.Flatten(err); pe.Code == pgerror.UniqueViolation {
			return "", pgerror.New(pgerror.UniqueViolation, `could not create unique index "%s"`, name).
				WithDetail("%s", strings.Replace(pe.Detail, "already exists", "is duplicated", 1))
		}
		return "", err
	}
	if err := cat.Put(ctx, s.KV(), d); err != nil {
		return "", err
	}
	if err := cat.Put(ctx, s.KV(), &nd); err != nil {
		return "", err
	}
	return "CREATE INDEX", nil
}

// CreateSchema executes CREATE SCHEMA.
func CreateSchema(s Session, st *pg_query.CreateSchemaStmt) (string, error) {
	name := st.Schemaname
	if name == "" && st.Authrole != nil {
		name = st.Authrole.Rolename
	}
	if strings.HasPrefix(name, "pg_") {
		return "", pgerror.New(pgerror.ReservedName, `unacceptable schema name "%s"`, name).
			WithDetail(`The prefix "pg_" is reserved for system schemas.`)
	}
	cat := s.Catalog()
	if cat.LookupSchema(s.Database(), name) != nil {
		if st.IfNotExists {
			s.Notice(pgerror.Notice(pgerror.DuplicateSchema, `schema "%s" already exists, skipping`, name))
			return "CREATE SCHEMA", nil
		}
		return "", pgerror.New(pgerror.DuplicateSchema, `schema "%s" already exists`, name)
	}
	if len(st.SchemaElts) > 0 {
		return "", pgerror.New(pgerror.FeatureNotSupported, "CREATE SCHEMA with elements is not supported yet")
	}
	owner := s.UserOid()
	if st.Authrole != nil {
		r, err := roleSpec(s, st.Authrole)
		if err != nil {
			return "", err
		}
		owner = r.Oid
	}
	oid, err := cat.Store().NewOid(s.Context())
	if err != nil {
		return "", err
	}
	d := &catalog.Desc{Oid: oid, Kind: catalog.KindSchema, Name: name, Database: s.Database(), Owner: owner}
	if err := cat.Put(s.Context(), s.KV(), d); err != nil {
		return "", err
	}
	return "CREATE SCHEMA", nil
}
