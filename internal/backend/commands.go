package backend

import (
	"context"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/commands"
	"github.com/tuskdb/tusk/internal/sql/planner"
	"github.com/tuskdb/tusk/internal/storage"
)

// commandSession is the backend as DDL commands see it.
type commandSession struct{ b *Backend }

var _ commands.Session = commandSession{}

func (c commandSession) Context() context.Context { return c.b.Context() }
func (c commandSession) Catalog() *catalog.Txn    { return c.b.tx.cat }
func (c commandSession) KV() commands.KV          { return c.b.tx.kv }
func (c commandSession) Database() catalog.Oid    { return c.b.dbOid }

func (c commandSession) UserOid() catalog.Oid {
	if d := c.b.tx.cat.LookupRole(c.b.opts.User); d != nil {
		return d.Oid
	}
	return catalog.OidBootstrapSuper
}

func (c commandSession) CreationSchema() (*catalog.Desc, error) { return c.b.creationSchema() }

func (c commandSession) ResolveSchema(name string) (*catalog.Desc, error) {
	return c.b.resolveSchema(name)
}

func (c commandSession) LookupRelation(schema, name string) (*catalog.Desc, error) {
	return c.b.lookupRelation(schema, name)
}

func (c commandSession) Analyzer(sql string) *analyze.Analyzer {
	return analyze.New(sql, sessionCatalog{c.b}, nil, c.b.TypeCtx())
}

func (c commandSession) Notice(e *pgerror.Error) { c.b.conn.SendNotice(e) }

func (c commandSession) StorageTable(d *catalog.Desc) (*storage.Table, error) {
	t, err := c.b.analyzeTable(d)
	if err != nil {
		return nil, err
	}
	return planner.StorageTable(t), nil
}

// ddl runs a DDL statement and returns its command tag.
func (b *Backend) ddl(sql string, n *pg_query.Node) (string, error) {
	if b.tx.kv == nil {
		return "", pgerror.New(pgerror.FeatureNotSupported, "this server has no storage")
	}
	s := commandSession{b}
	b.tableCache = nil
	defer func() { b.tableCache = nil }()
	switch v := n.Node.(type) {
	case *pg_query.Node_CreateStmt:
		return commands.CreateTable(s, sql, v.CreateStmt)
	case *pg_query.Node_DropStmt:
		return commands.Drop(s, v.DropStmt)
	case *pg_query.Node_IndexStmt:
		return commands.CreateIndex(s, v.IndexStmt)
	case *pg_query.Node_CreateSchemaStmt:
		return commands.CreateSchema(s, v.CreateSchemaStmt)
	case *pg_query.Node_CreateSeqStmt:
		return commands.CreateSequence(s, v.CreateSeqStmt)
	case *pg_query.Node_AlterSeqStmt:
		return commands.AlterSequence(s, v.AlterSeqStmt)
	case *pg_query.Node_TruncateStmt:
		return commands.Truncate(s, v.TruncateStmt)
	}
	return "", unsupportedStatement(n)
}

// isDDL reports whether a statement is run by ddl.
func isDDL(n *pg_query.Node) bool {
	switch n.Node.(type) {
	case *pg_query.Node_CreateStmt, *pg_query.Node_DropStmt, *pg_query.Node_IndexStmt, *pg_query.Node_CreateSchemaStmt,
		*pg_query.Node_CreateSeqStmt, *pg_query.Node_AlterSeqStmt, *pg_query.Node_TruncateStmt:
		return true
	}
	return false
}
