package pgcatalog

import (
	"crypto/tls"
	"sort"
	"time"

	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/guc"
)

// Source is what the rows and descriptions are computed from: one
// transaction's view of the catalog and the session's settings. It is
// built per statement by the session and is not safe for concurrent use.
type Source struct {
	Cat *catalog.Txn
	// DB is the session's database.
	DB catalog.Oid
	// SearchPath lists the schemas unqualified names are looked up in, in
	// order, pg_catalog included wherever it is searched.
	SearchPath []catalog.Oid
	// Setting returns a setting's current value as SHOW prints it.
	Setting func(name string) (string, bool)
	// Activity lists the server's sessions for pg_stat_activity (the
	// session itself when it cannot see the others).
	Activity []Activity
	// Cursors are the session's open cursors, for pg_cursors.
	Cursors []Cursor
	// Prepared are the session's named prepared statements, for
	// pg_prepared_statements.
	Prepared []PreparedStatement
	// OwnTemp is the session's temporary schema (0 when it has none):
	// information_schema leaves out the other sessions' temporary
	// schemas, as its views' pg_is_other_temp_schema tests do.
	OwnTemp catalog.Oid
	// LargeObjects lists the database's large objects and their owners,
	// for pg_largeobject_metadata (nil: none).
	LargeObjects func() (oids, owners []catalog.Oid)

	rels []*catalog.Desc
}

// schemas returns the database's schemas (and the shared system ones).
func (s *Source) schemas() []*catalog.Desc { return s.Cat.Schemas(s.DB) }

// relations returns the tables, views, sequences and indexes of the
// session's database, by OID (hidden row-id indexes left out).
func (s *Source) relations() []*catalog.Desc {
	if s.rels != nil {
		return s.rels
	}
	inDB := map[catalog.Oid]bool{}
	for _, n := range s.schemas() {
		inDB[n.Oid] = true
	}
	for _, d := range s.Cat.All() {
		if !inDB[d.Schema] {
			continue
		}
		switch d.Kind {
		case catalog.KindTable, catalog.KindView, catalog.KindSequence:
			s.rels = append(s.rels, d)
		case catalog.KindIndex:
			if !d.Index.RowID {
				s.rels = append(s.rels, d)
			}
		}
	}
	sort.Slice(s.rels, func(i, j int) bool { return s.rels[i].Oid < s.rels[j].Oid })
	return s.rels
}

// tables returns the session database's tables.
func (s *Source) tables() []*catalog.Desc {
	var out []*catalog.Desc
	for _, d := range s.relations() {
		if d.Kind == catalog.KindTable {
			out = append(out, d)
		}
	}
	return out
}

// schemaName returns the name of a schema by OID.
func (s *Source) schemaName(o catalog.Oid) string {
	switch o {
	case catalog.OidPgCatalog:
		return "pg_catalog"
	case catalog.OidInformationSchema:
		return "information_schema"
	}
	if d := s.Cat.Get(o); d != nil {
		return d.Name
	}
	return ""
}

// roleName returns a role's name, "" when there is none.
func (s *Source) roleName(o catalog.Oid) string {
	if d := s.Cat.Get(o); d != nil && d.Kind == catalog.KindRole {
		return d.Name
	}
	for _, r := range predefinedRoles {
		if r.oid == o {
			return r.name
		}
	}
	return ""
}

func owner(d *catalog.Desc) catalog.Oid {
	if d.Owner == 0 {
		return catalog.OidBootstrapSuper
	}
	return d.Owner
}

// roles returns every role, by OID.
func (s *Source) roles() []*catalog.Desc {
	var out []*catalog.Desc
	for _, d := range s.Cat.All() {
		if d.Kind == catalog.KindRole {
			out = append(out, d)
		}
	}
	return out
}

func (s *Source) setting(name string) string {
	if s.Setting != nil {
		if v, ok := s.Setting(name); ok {
			return v
		}
	}
	if d, ok := guc.Lookup(name); ok {
		return d.Boot
	}
	return ""
}

// Activity describes one session, as pg_stat_activity shows it.
type Activity struct {
	PID         int32
	DB          catalog.Oid
	User        string
	Application string
	// XactStart and QueryStart are zero when there is no transaction or
	// statement.
	XactStart, QueryStart time.Time
	State                 string
	Query                 string
	// TLS is the session's TLS state, nil without TLS (pg_stat_ssl).
	TLS *tls.ConnectionState
}

// otherTemp reports whether a schema is another session's temporary
// schema (pg_is_other_temp_schema).
func (s *Source) otherTemp(schema catalog.Oid) bool {
	if schema == s.OwnTemp {
		return false
	}
	return catalog.IsTempSchemaName(s.schemaName(schema))
}
