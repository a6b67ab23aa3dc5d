package backend

import (
	"sync"

	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/catalog/pgcatalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/exec"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// The system catalogs (pg_catalog, information_schema) as the session
// sees them: name lookup for the analyzer, rows for plan.VirtualScan, and
// the catalog inquiry functions of the builtins. See package pgcatalog.

var (
	_ exec.VirtualEnv      = (*Backend)(nil)
	_ builtins.CatalogEnv  = (*Backend)(nil)
	_ builtins.CatalogInfo = (*pgcatalog.Source)(nil)
)

// virtualTables caches the analyzer's description of each system
// relation; they never change, so all sessions share them.
var virtualTables sync.Map // types.Oid -> *analyze.Table

func virtualTable(r *pgcatalog.Relation) *analyze.Table {
	if t, ok := virtualTables.Load(r.Oid); ok {
		return t.(*analyze.Table)
	}
	t := &analyze.Table{Oid: r.Oid, Schema: r.Schema, Name: r.Name, Kind: 'r'}
	for i, c := range r.Columns {
		t.Columns = append(t.Columns, analyze.Column{Name: c.Name, T: c.Type(), NotNull: c.NotNull, Attnum: int16(i + 1)})
	}
	v, _ := virtualTables.LoadOrStore(r.Oid, t)
	return v.(*analyze.Table)
}

// lookupVirtual resolves a relation name to a system relation, following
// search_path: pg_catalog is searched first unless search_path names it
// later. ok is false when the name is not a system relation's, or when a
// user relation of the same name comes first.
func (b *Backend) lookupVirtual(schema, name string) (*analyze.Table, bool) {
	if schema != "" {
		if r := pgcatalog.Lookup(schema, name); r != nil {
			return virtualTable(r), true
		}
		return nil, false
	}
	if b.tx.cat == nil {
		return nil, false
	}
	for _, so := range b.searchPath() {
		switch so {
		case catalog.OidPgCatalog:
			if r := pgcatalog.Lookup("pg_catalog", name); r != nil {
				return virtualTable(r), true
			}
		case catalog.OidInformationSchema:
			if r := pgcatalog.Lookup("information_schema", name); r != nil {
				return virtualTable(r), true
			}
		}
		if b.tx.cat.LookupIn(so, name) != nil {
			return nil, false
		}
	}
	return nil, false
}

// catalogSource returns the session's current view of the catalog for
// pgcatalog.
func (b *Backend) catalogSource() (*pgcatalog.Source, error) {
	if b.tx.cat == nil {
		return nil, pgerror.New(pgerror.InternalError, "no catalog transaction")
	}
	return &pgcatalog.Source{
		Cat:        b.tx.cat,
		DB:         b.dbOid,
		SearchPath: b.searchPath(),
		Setting: func(name string) (string, bool) {
			v, err := b.showValue(name)
			return v, err == nil
		},
		Activity:     b.activities(),
		Cursors:      b.cursorList(),
		Prepared:     b.preparedList(),
		OwnTemp:      b.MyTempSchema(),
		LargeObjects: b.largeObjects,
	}, nil
}

// VirtualRows implements exec.VirtualEnv.
func (b *Backend) VirtualRows(rel types.Oid) ([]types.Row, error) {
	r := pgcatalog.ByOid(rel)
	if r == nil {
		return nil, pgerror.New(pgerror.UndefinedTable, "could not open relation with OID %d", rel)
	}
	src, err := b.catalogSource()
	if err != nil {
		return nil, err
	}
	return r.Rows(src)
}

// CatalogInfo implements builtins.CatalogEnv.
func (b *Backend) CatalogInfo() (builtins.CatalogInfo, error) {
	return b.catalogSource()
}

// virtualRegName prints a system relation's OID as regclass does:
// qualified unless the search path finds it by its bare name.
func (b *Backend) virtualRegName(o types.Oid) (string, bool) {
	r := pgcatalog.ByOid(o)
	if r == nil {
		return "", false
	}
	if t, ok := b.lookupVirtual("", r.Name); ok && t.Oid == o {
		return quoteIdentifier(r.Name), true
	}
	return quoteIdentifier(r.Schema) + "." + quoteIdentifier(r.Name), true
}

// activity describes this session for pg_stat_activity. The postmaster's
// registry of the other sessions is not reachable from a backend yet, so
// a session sees only itself.
func (b *Backend) activity() pgcatalog.Activity {
	app, _ := b.showValue("application_name")
	return pgcatalog.Activity{PID: b.BackendPID(), DB: b.dbOid, User: b.opts.User, Application: app,
		XactStart: b.TxnStart(), QueryStart: b.StmtStart(), State: "active", Query: b.Query(), TLS: b.opts.TLS}
}

// activities lists the server's sessions for pg_stat_activity: this one in
// full, the others with what can be read from another goroutine (their
// identity, state and current query).
func (b *Backend) activities() []pgcatalog.Activity {
	self := b.activity()
	if b.srv.Sessions == nil {
		return []pgcatalog.Activity{self}
	}
	var out []pgcatalog.Activity
	for _, o := range b.srv.Sessions.Backends() {
		if o == b {
			out = append(out, self)
			continue
		}
		out = append(out, pgcatalog.Activity{PID: o.BackendPID(), DB: o.dbOid, User: o.opts.User,
			Application: o.opts.AppName(), State: o.State(), Query: o.Query(), TLS: o.opts.TLS})
	}
	return out
}
