package commands

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/storage"
)

// Databases: CREATE DATABASE and DROP DATABASE (PostgreSQL's
// commands/dbcommands.c). A database is a catalog descriptor with its
// own public schema; pg_catalog and information_schema are shared by all
// databases. Neither command may run inside a transaction block, so the
// implicit transaction around the statement commits it at once, as
// PostgreSQL's non-transactional commands do.

// SessionDirectory is an optional interface of a Session that knows the
// server's other sessions, for DROP DATABASE and ALTER DATABASE RENAME
// (PostgreSQL's CountOtherDBBackends and TerminateOtherDBBackends); the
// backend implements it over the postmaster's registry.
type SessionDirectory interface {
	// OtherSessions counts the other sessions connected to a database.
	OtherSessions(db string) int
	// TerminateSessions ends the other sessions connected to a database
	// (DROP DATABASE ... WITH (FORCE)).
	TerminateSessions(db string)
}

// CreateDatabase executes CREATE DATABASE.
func CreateDatabase(s Session, st *pg_query.CreatedbStmt) (string, error) {
	if s.InTransactionBlock() {
		return "", pgerror.New(pgerror.ActiveSQLTransaction, "CREATE DATABASE cannot run inside a transaction block")
	}
	cat := s.Catalog()
	owner := s.UserOid()
	if cur := cat.Get(owner); cur != nil && cur.Role != nil && !cur.Role.Superuser && !cur.Role.CreateDB {
		return "", pgerror.New(pgerror.InsufficientPrivilege, "permission denied to create database")
	}
	info := catalog.Database{AllowConn: true, Encoding: "UTF8", ConnLimit: -1}
	seen := map[string]bool{}
	for _, o := range st.Options {
		de := o.GetDefElem()
		if seen[de.Defname] {
			return "", pgerror.New(pgerror.SyntaxError, "conflicting or redundant options").WithPosition(de.Location + 1)
		}
		seen[de.Defname] = true
		switch de.Defname {
		case "owner":
			name := defString(de)
			r := cat.LookupRole(name)
			if r == nil {
				return "", pgerror.New(pgerror.UndefinedObject, `role "%s" does not exist`, name)
			}
			owner = r.Oid
		case "template":
			name := defString(de)
			if cat.LookupDatabase(name) == nil {
				return "", pgerror.New(pgerror.InvalidCatalogName, `template database "%s" does not exist`, name)
			}
		case "allow_connections", "connection_limit", "is_template":
			if err := applyDatabaseOption(&info, de); err != nil {
				return "", err
			}
		case "encoding", "locale", "lc_collate", "lc_ctype", "icu_locale", "locale_provider", "collation_version",
			"tablespace", "oid", "strategy":
		default:
			return "", pgerror.New(pgerror.SyntaxError, `option "%s" not recognized`, de.Defname).WithPosition(de.Location + 1)
		}
	}
	if cat.LookupDatabase(st.Dbname) != nil {
		return "", pgerror.New(pgerror.DuplicateDatabase, `database "%s" already exists`, st.Dbname)
	}
	ctx := s.Context()
	oid, err := cat.Store().NewOid(ctx)
	if err != nil {
		return "", err
	}
	schemaOid, err := cat.Store().NewOid(ctx)
	if err != nil {
		return "", err
	}
	db := &catalog.Desc{Oid: oid, Kind: catalog.KindDatabase, Name: st.Dbname, Owner: owner,
		DB: &info}
	public := &catalog.Desc{Oid: schemaOid, Kind: catalog.KindSchema, Name: "public", Database: oid, Owner: catalog.OidBootstrapSuper}
	if err := cat.Put(ctx, s.KV(), db); err != nil {
		return "", err
	}
	if err := cat.Put(ctx, s.KV(), public); err != nil {
		return "", err
	}
	return "CREATE DATABASE", nil
}

// defString returns a DefElem's argument as a string (a name or a
// string constant).
func defString(de *pg_query.DefElem) string {
	if s := de.Arg.GetString_(); s != nil {
		return s.Sval
	}
	if c := de.Arg.GetAConst(); c != nil {
		return c.GetSval().GetSval()
	}
	return ""
}

// DropDatabase executes DROP DATABASE [IF EXISTS] [WITH (FORCE)].
func DropDatabase(s Session, st *pg_query.DropdbStmt) (string, error) {
	if s.InTransactionBlock() {
		return "", pgerror.New(pgerror.ActiveSQLTransaction, "DROP DATABASE cannot run inside a transaction block")
	}
	force := false
	for _, o := range st.Options {
		if o.GetDefElem().GetDefname() == "force" {
			force = true
		}
	}
	cat := s.Catalog()
	d := cat.LookupDatabase(st.Dbname)
	if d == nil {
		if st.MissingOk {
			s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `database "%s" does not exist, skipping`, st.Dbname))
			return "DROP DATABASE", nil
		}
		return "", pgerror.New(pgerror.InvalidCatalogName, `database "%s" does not exist`, st.Dbname)
	}
	if cur := cat.Get(s.UserOid()); cur != nil && cur.Role != nil && !cur.Role.Superuser && cur.Oid != d.Owner {
		return "", pgerror.New(pgerror.InsufficientPrivilege, "must be owner of database %s", d.Name)
	}
	if d.DB.IsTemplate {
		return "", pgerror.New(pgerror.WrongObjectType, "cannot drop a template database")
	}
	if d.Oid == s.Database() {
		return "", pgerror.New(pgerror.ObjectInUse, "cannot drop the currently open database")
	}
	if dir, ok := s.(SessionDirectory); ok {
		if force {
			dir.TerminateSessions(d.Name)
		}
		if n := dir.OtherSessions(d.Name); n > 0 {
			e := pgerror.New(pgerror.ObjectInUse, `database "%s" is being accessed by other users`, d.Name)
			if n == 1 {
				return "", e.WithDetail("There is 1 other session using the database.")
			}
			return "", e.WithDetail("There are %d other sessions using the database.", n)
		}
	}
	ctx := s.Context()
	for _, o := range cat.All() {
		if o.Database != d.Oid {
			continue
		}
		if o.Kind == catalog.KindTable {
			if err := storage.Truncate(ctx, s.KV(), o.Oid); err != nil {
				return "", err
			}
		}
		if err := cat.Drop(ctx, s.KV(), o.Oid); err != nil {
			return "", err
		}
	}
	if err := cat.Drop(ctx, s.KV(), d.Oid); err != nil {
		return "", err
	}
	return "DROP DATABASE", nil
}

// renameDatabase executes ALTER DATABASE ... RENAME TO.
func renameDatabase(s Session, st *pg_query.RenameStmt) (string, error) {
	cat := s.Catalog()
	d := cat.LookupDatabase(st.Subname)
	if d == nil {
		return "", pgerror.New(pgerror.InvalidCatalogName, `database "%s" does not exist`, st.Subname)
	}
	if cat.LookupDatabase(st.Newname) != nil {
		return "", pgerror.New(pgerror.DuplicateDatabase, `database "%s" already exists`, st.Newname)
	}
	if d.Oid == s.Database() {
		return "", pgerror.New(pgerror.FeatureNotSupported, "current database cannot be renamed")
	}
	if dir, ok := s.(SessionDirectory); ok {
		if n := dir.OtherSessions(d.Name); n > 0 {
			e := pgerror.New(pgerror.ObjectInUse, `database "%s" is being accessed by other users`, d.Name)
			if n == 1 {
				return "", e.WithDetail("There is 1 other session using the database.")
			}
			return "", e.WithDetail("There are %d other sessions using the database.", n)
		}
	}
	nd := *d
	nd.Name = st.Newname
	return "ALTER DATABASE", cat.Put(s.Context(), s.KV(), &nd)
}

// applyDatabaseOption applies ALLOW_CONNECTIONS, CONNECTION LIMIT or
// IS_TEMPLATE.
func applyDatabaseOption(db *catalog.Database, de *pg_query.DefElem) error {
	switch de.Defname {
	case "connection_limit":
		n, ok := defInteger(de)
		if !ok || n < -1 {
			return pgerror.New(pgerror.InvalidParameterValue, "invalid connection limit: %d", n)
		}
		db.ConnLimit = n
	case "allow_connections", "is_template":
		v, ok := defBool(de)
		if !ok {
			return pgerror.New(pgerror.SyntaxError, "%s requires a Boolean value", de.Defname)
		}
		if de.Defname == "allow_connections" {
			db.AllowConn = v
		} else {
			db.IsTemplate = v
		}
	}
	return nil
}

// defInteger returns a DefElem's integer argument.
func defInteger(de *pg_query.DefElem) (int, bool) {
	if i := de.Arg.GetInteger(); i != nil {
		return int(i.Ival), true
	}
	if c := de.Arg.GetAConst(); c != nil && c.GetIval() != nil {
		return int(c.GetIval().Ival), true
	}
	return 0, false
}

// defBool returns a DefElem's Boolean argument (true/false, on/off, 1/0,
// as PostgreSQL's defGetBoolean reads it).
func defBool(de *pg_query.DefElem) (bool, bool) {
	if de.Arg == nil {
		return true, true
	}
	if b := de.Arg.GetBoolean(); b != nil {
		return b.Boolval, true
	}
	if n, ok := defInteger(de); ok {
		return n != 0, n == 0 || n == 1
	}
	switch strings.ToLower(defString(de)) {
	case "true", "on":
		return true, true
	case "false", "off":
		return false, true
	}
	return false, false
}

// AlterDatabase executes ALTER DATABASE ... [WITH] ALLOW_CONNECTIONS,
// CONNECTION LIMIT, IS_TEMPLATE.
func AlterDatabase(s Session, st *pg_query.AlterDatabaseStmt) (string, error) {
	// The options are checked before the database is looked up, as in
	// PostgreSQL.
	var scratch catalog.Database
	for _, o := range st.Options {
		if err := applyDatabaseOption(&scratch, o.GetDefElem()); err != nil {
			return "", err
		}
	}
	cat := s.Catalog()
	d := cat.LookupDatabase(st.Dbname)
	if d == nil {
		return "", pgerror.New(pgerror.InvalidCatalogName, `database "%s" does not exist`, st.Dbname)
	}
	nd := *d
	info := *d.DB
	nd.DB = &info
	for _, o := range st.Options {
		de := o.GetDefElem()
		switch de.Defname {
		case "allow_connections", "connection_limit", "is_template":
			if err := applyDatabaseOption(&info, de); err != nil {
				return "", err
			}
		default:
			return "", pgerror.New(pgerror.SyntaxError, `option "%s" not recognized`, de.Defname).WithPosition(de.Location + 1)
		}
	}
	if !info.AllowConn && d.Oid == s.Database() {
		return "", pgerror.New(pgerror.InvalidParameterValue, "cannot disallow connections for current database")
	}
	return "ALTER DATABASE", cat.Put(s.Context(), s.KV(), &nd)
}

// AlterOwner executes ALTER DATABASE and ALTER SCHEMA ... OWNER TO.
func AlterOwner(s Session, st *pg_query.AlterOwnerStmt) (string, error) {
	cat := s.Catalog()
	var d *catalog.Desc
	var tag string
	name := nameOf(st.Object)
	switch st.ObjectType {
	case pg_query.ObjectType_OBJECT_DATABASE:
		tag = "ALTER DATABASE"
		if d = cat.LookupDatabase(name); d == nil {
			return "", pgerror.New(pgerror.InvalidCatalogName, `database "%s" does not exist`, name)
		}
	case pg_query.ObjectType_OBJECT_SCHEMA:
		tag = "ALTER SCHEMA"
		if d = cat.LookupSchema(s.Database(), name); d == nil {
			return "", pgerror.New(pgerror.InvalidSchemaName, `schema "%s" does not exist`, name)
		}
	default:
		return "", pgerror.New(pgerror.FeatureNotSupported, "ALTER %s ... OWNER TO is not supported yet", objectTypeName(st.ObjectType))
	}
	r, err := roleSpec(s, st.Newowner)
	if err != nil {
		return "", err
	}
	nd := *d
	nd.Owner = r.Oid
	return tag, cat.Put(s.Context(), s.KV(), &nd)
}
