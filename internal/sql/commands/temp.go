package commands

import (
	"context"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/storage"
)

// Temporary relations (PostgreSQL's namespace.c and the ON COMMIT actions
// of tablecmds.c). A temporary relation lives in the session's temporary
// schema, which the session creates on first use (Session.TempSchema);
// see the catalog package for how long the schema lives.

// schemaFor returns the schema a new relation named by rv goes to: the
// session's temporary schema for CREATE TEMP and for a name qualified by
// pg_temp (RangeVarGetCreationNamespace and
// RangeVarAdjustRelationPersistence), the named schema, or the creation
// schema of the search path.
func schemaFor(s Session, rv *pg_query.RangeVar) (*catalog.Desc, error) {
	name := rv.Schemaname
	temp := rv.Relpersistence == "t"
	if name == "pg_temp" || (temp && name == "") {
		return s.TempSchema(true)
	}
	if name == "" {
		return s.CreationSchema()
	}
	if name == "pg_catalog" || name == "information_schema" {
		return nil, pgerror.New(pgerror.InsufficientPrivilege, `permission denied to create "%s"`, name).
			WithDetail("System catalog modifications are currently disallowed.")
	}
	d, err := s.ResolveSchema(name)
	if err != nil {
		return nil, err
	}
	if catalog.IsTempSchemaName(d.Name) {
		if my, err := s.TempSchema(false); err != nil || my == nil || my.Oid != d.Oid {
			return nil, pgerror.New(pgerror.InvalidTableDefinition, "cannot create relations in temporary schemas of other sessions")
		}
	} else if temp {
		return nil, pgerror.New(pgerror.InvalidTableDefinition, "cannot create temporary relation in non-temporary schema").
			WithPosition(rv.Location + 1)
	}
	return d, nil
}

// onCommitAction maps CREATE TABLE's ON COMMIT clause to the catalog's
// Table.OnCommit; temp says whether the table is temporary.
func onCommitAction(a pg_query.OnCommitAction, temp bool) (string, error) {
	var v string
	switch a {
	case pg_query.OnCommitAction_ONCOMMIT_DELETE_ROWS:
		v = "delete"
	case pg_query.OnCommitAction_ONCOMMIT_DROP:
		v = "drop"
	case pg_query.OnCommitAction_ONCOMMIT_PRESERVE_ROWS:
	default:
		return "", nil
	}
	if !temp {
		return "", pgerror.New(pgerror.InvalidTableDefinition, "ON COMMIT can only be used on temporary tables")
	}
	return v, nil
}

// checkFKPersistence refuses a foreign key between a temporary and a
// permanent table (ATAddForeignKeyConstraint).
func checkFKPersistence(s Session, table *catalog.Desc, ref *catalog.Desc) error {
	cat := s.Catalog()
	tt, rt := cat.IsTemp(table), cat.IsTemp(ref)
	switch {
	case tt && !rt:
		return pgerror.New(pgerror.InvalidTableDefinition, "constraints on temporary tables may reference only temporary tables")
	case !tt && rt:
		return pgerror.New(pgerror.InvalidTableDefinition, "constraints on permanent tables may reference only permanent tables")
	}
	return nil
}

// PreCommit runs the ON COMMIT actions of the session's temporary tables
// before its transaction commits (PreCommit_on_commit_actions): the rows
// of ON COMMIT DELETE ROWS tables are deleted, and ON COMMIT DROP tables
// (which the committing transaction created) are dropped with what
// depends on them, quietly. schema is the session's temporary schema.
func PreCommit(s Session, schema *catalog.Desc) error {
	cat := s.Catalog()
	ctx := s.Context()
	var drops []*catalog.Desc
	for _, d := range cat.InSchema(schema.Oid) {
		if d.Kind != catalog.KindTable {
			continue
		}
		switch d.Table.OnCommit {
		case "delete":
			if err := storage.Truncate(ctx, s.KV(), d.Oid); err != nil {
				return err
			}
		case "drop":
			drops = append(drops, d)
		}
	}
	for _, d := range drops {
		if cat.Get(d.Oid) == nil {
			continue
		}
		seen := map[catalog.Oid]bool{d.Oid: true}
		_, deps := allDependents(s, dependents(s, d), "", seen)
		if err := dropDependents(s, deps); err != nil {
			return err
		}
		if cur := cat.Get(d.Oid); cur != nil {
			if err := removeObject(s, cur); err != nil {
				return err
			}
		}
	}
	return nil
}

// RemoveTempSchema drops everything in a temporary schema, the rows of
// its tables and the counters of its sequences included, and the schema
// itself unless keepSchema is set (RemoveTempRelations). It checks no
// dependencies and sends no notices: nothing outside a temporary schema
// may depend on what is inside it. It serves the end of a session and
// the start of the server, which drops what a crash left behind.
func RemoveTempSchema(ctx context.Context, cat *catalog.Txn, kv KV, schema *catalog.Desc, keepSchema bool) error {
	for _, d := range cat.InSchema(schema.Oid) {
		switch d.Kind {
		case catalog.KindTable:
			if err := storage.Truncate(ctx, kv, d.Oid); err != nil {
				return err
			}
		case catalog.KindIndex:
			if err := storage.DropIndexEntries(ctx, kv, d.Index.Table, d.Oid); err != nil {
				return err
			}
		}
		if d.Kind == catalog.KindTable || d.Kind == catalog.KindSequence {
			if err := cat.PurgeCounters(ctx, kv, d.Oid); err != nil {
				return err
			}
		}
		if err := cat.Drop(ctx, kv, d.Oid); err != nil {
			return err
		}
	}
	if keepSchema {
		return nil
	}
	return cat.Drop(ctx, kv, schema.Oid)
}
