package backend

import (
	"context"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire/auth"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/commands"
	"github.com/tuskdb/tusk/internal/sql/exec"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/planner"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

// commandSession is the backend as DDL commands see it. multi is set
// when the statement is one of several in a simple Query message, which
// run in one implicit transaction block.
type commandSession struct {
	b     *Backend
	multi bool
}

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

func (c commandSession) TempSchema(create bool) (*catalog.Desc, error) {
	if create {
		return c.b.ensureTempSchema()
	}
	return c.b.tempSchema(), nil
}

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

// Exec runs a SELECT, INSERT, UPDATE or DELETE on behalf of a command
// (CREATE TABLE AS filling the new table, ALTER TABLE rewriting or
// validating rows) in the session's transaction. n is the statement's
// tree; when nil, sql is parsed. It returns the rows a SELECT or
// RETURNING produced and the number of rows processed.
func (c commandSession) Exec(sql string, n *pg_query.Node) ([]types.Row, int64, error) {
	b := c.b
	if n == nil {
		st, err := parser.ParseOne(sql)
		if err != nil {
			return nil, 0, err
		}
		n = st.AST
	}
	b.tableCache = nil
	an := analyze.New(sql, sessionCatalog{b}, nil, b.TypeCtx())
	var q *analyze.Query
	var err error
	switch v := n.Node.(type) {
	case *pg_query.Node_SelectStmt:
		q, err = an.AnalyzeSelect(v.SelectStmt)
	case *pg_query.Node_InsertStmt:
		q, err = an.AnalyzeInsert(v.InsertStmt)
	case *pg_query.Node_UpdateStmt:
		q, err = an.AnalyzeUpdate(v.UpdateStmt)
	case *pg_query.Node_DeleteStmt:
		q, err = an.AnalyzeDelete(v.DeleteStmt)
	default:
		return nil, 0, unsupportedStatement(n)
	}
	if err != nil {
		return nil, 0, err
	}
	pl, err := planner.Plan(q, b)
	if err != nil {
		return nil, 0, err
	}
	prog, err := exec.Compile(pl)
	if err != nil {
		return nil, 0, err
	}
	st := &exec.State{Env: b, Txn: execTxn{b}}
	cur, err := prog.Start(st)
	if err != nil {
		return nil, 0, err
	}
	defer cur.Close()
	var rows []types.Row
	for {
		row, err := cur.Next()
		if err != nil {
			return nil, 0, err
		}
		if row == nil {
			break
		}
		rows = append(rows, append(types.Row(nil), row...))
	}
	if q.Modify != nil {
		return rows, st.RowsAffected, nil
	}
	return rows, int64(len(rows)), nil
}

// InTransactionBlock reports whether the session is inside BEGIN ...
// COMMIT (PostgreSQL's IsTransactionBlock).
// OtherSessions implements commands.SessionDirectory.
func (c commandSession) OtherSessions(db string) int {
	if c.b.srv.Sessions == nil {
		return 0
	}
	return c.b.srv.Sessions.OtherSessions(db, c.b.PID())
}

// TerminateSessions implements commands.SessionDirectory.
func (c commandSession) TerminateSessions(db string) {
	if c.b.srv.Sessions != nil {
		c.b.srv.Sessions.TerminateSessions(db, c.b.PID())
	}
}

func (c commandSession) InTransactionBlock() bool {
	return c.b.tx.status == txBlock || c.b.tx.status == txFailed || c.multi
}

// SessionUser is the role the session authenticated as.
func (c commandSession) SessionUser() string { return c.b.opts.User }

// EncryptPassword turns a password into what the catalog stores, as
// password_encryption says.
func (c commandSession) EncryptPassword(password, user string) (string, error) {
	method, _ := c.b.sess.Show("password_encryption")
	return auth.Encrypt(password, user, method)
}

// ddl runs a DDL statement and returns its command tag.
func (b *Backend) ddl(sql string, n *pg_query.Node) (string, error) {
	if b.tx.kv == nil {
		return "", pgerror.New(pgerror.FeatureNotSupported, "this server has no storage")
	}
	s := commandSession{b: b}
	switch n.Node.(type) {
	case *pg_query.Node_CreatedbStmt, *pg_query.Node_DropdbStmt:
		// PreventInTransactionBlock: several statements of one Query
		// message form an implicit block.
		if stmts, err := parser.Parse(sql); err == nil && len(stmts) > 1 {
			s.multi = true
		}
	}
	b.tableCache = nil
	defer func() { b.tableCache = nil }()
	if tag, ok, err := b.routineDDL(sql, n); ok {
		return tag, err
	}
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
	case *pg_query.Node_ViewStmt:
		return commands.CreateView(s, sql, v.ViewStmt)
	case *pg_query.Node_CreateTableAsStmt:
		return commands.CreateTableAs(s, sql, v.CreateTableAsStmt)
	case *pg_query.Node_SelectStmt:
		return commands.SelectInto(s, sql, v.SelectStmt)
	case *pg_query.Node_AlterTableStmt:
		return commands.AlterTable(s, sql, v.AlterTableStmt)
	case *pg_query.Node_RenameStmt:
		return commands.Rename(s, v.RenameStmt)
	case *pg_query.Node_CommentStmt:
		return commands.Comment(s, v.CommentStmt)
	case *pg_query.Node_CreateRoleStmt:
		return commands.CreateRole(s, v.CreateRoleStmt)
	case *pg_query.Node_AlterRoleStmt:
		return commands.AlterRole(s, v.AlterRoleStmt)
	case *pg_query.Node_DropRoleStmt:
		return commands.DropRole(s, v.DropRoleStmt)
	case *pg_query.Node_GrantRoleStmt:
		return commands.GrantRole(s, v.GrantRoleStmt)
	case *pg_query.Node_CreatedbStmt:
		return commands.CreateDatabase(s, v.CreatedbStmt)
	case *pg_query.Node_DropdbStmt:
		return commands.DropDatabase(s, v.DropdbStmt)
	case *pg_query.Node_AlterDatabaseStmt:
		return commands.AlterDatabase(s, v.AlterDatabaseStmt)
	case *pg_query.Node_AlterOwnerStmt:
		return commands.AlterOwner(s, v.AlterOwnerStmt)
	case *pg_query.Node_ReassignOwnedStmt:
		return commands.ReassignOwned(s, v.ReassignOwnedStmt)
	case *pg_query.Node_DropOwnedStmt:
		return commands.DropOwned(s, v.DropOwnedStmt)
	case *pg_query.Node_CreateEnumStmt:
		return commands.CreateEnum(s, v.CreateEnumStmt)
	case *pg_query.Node_AlterEnumStmt:
		return commands.AlterEnum(s, v.AlterEnumStmt)
	case *pg_query.Node_CreateDomainStmt:
		return commands.CreateDomain(s, sql, v.CreateDomainStmt)
	case *pg_query.Node_CompositeTypeStmt:
		return commands.CreateComposite(s, sql, v.CompositeTypeStmt)
	case *pg_query.Node_CreateRangeStmt:
		return commands.CreateRange(s, sql, v.CreateRangeStmt)
	}
	return "", unsupportedStatement(n)
}

// isDDL reports whether a statement is run by ddl.
func isDDL(n *pg_query.Node) bool {
	if isRoutineDDL(n) {
		return true
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_CreateStmt, *pg_query.Node_DropStmt, *pg_query.Node_IndexStmt, *pg_query.Node_CreateSchemaStmt,
		*pg_query.Node_CreateSeqStmt, *pg_query.Node_AlterSeqStmt, *pg_query.Node_TruncateStmt,
		*pg_query.Node_ViewStmt, *pg_query.Node_CreateTableAsStmt, *pg_query.Node_AlterTableStmt, *pg_query.Node_RenameStmt,
		*pg_query.Node_CommentStmt, *pg_query.Node_CreateRoleStmt, *pg_query.Node_AlterRoleStmt, *pg_query.Node_DropRoleStmt,
		*pg_query.Node_GrantRoleStmt, *pg_query.Node_CreatedbStmt, *pg_query.Node_DropdbStmt,
		*pg_query.Node_AlterDatabaseStmt, *pg_query.Node_AlterOwnerStmt, *pg_query.Node_ReassignOwnedStmt,
		*pg_query.Node_DropOwnedStmt, *pg_query.Node_CreateEnumStmt, *pg_query.Node_AlterEnumStmt,
		*pg_query.Node_CreateDomainStmt, *pg_query.Node_CompositeTypeStmt, *pg_query.Node_CreateRangeStmt:
		return true
	case *pg_query.Node_SelectStmt:
		// SELECT ... INTO creates a table.
		return commands.SelectIntoClause(v.SelectStmt) != nil
	}
	return false
}
