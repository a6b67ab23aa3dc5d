// Package commands executes DDL and the other utility statements that
// change the catalog: CREATE, ALTER and DROP of tables, indexes, schemas,
// sequences and views; CREATE TABLE AS and SELECT INTO; TRUNCATE; COMMENT;
// roles and role membership; databases (PostgreSQL's commands/:
// tablecmds.c, indexcmds.c, sequence.c, view.c, createas.c, comment.c,
// user.c, dbcommands.c).
//
// A command changes catalog descriptors through the session's catalog
// transaction and the key-value transaction underneath, so DDL is
// transactional: it becomes visible to other sessions when the
// transaction commits, and a rollback undoes it. CREATE and DROP
// DATABASE refuse to run in a transaction block, so they commit at once.
//
// Expressions stored in the catalog (defaults, CHECK constraints, view
// queries) are kept as SQL text, deparsed from the parse tree, and
// analyzed again where they are used. Where PostgreSQL refers to another
// object by OID inside such text (a view's relations, a default's
// sequence), renames rewrite the text. Commands that must read or fill
// rows (CREATE TABLE AS, ALTER TABLE ... ADD COLUMN ... DEFAULT, ALTER
// COLUMN TYPE, constraint validation) run SQL through Session.Exec.
package commands

import (
	"context"
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

// KV is the key-value transaction commands write through.
type KV interface {
	storage.KV
	Scan(ctx context.Context, start, end []byte, fn func(key, value []byte) error) error
}

// Session is what commands need from the session running them.
type Session interface {
	Context() context.Context
	Catalog() *catalog.Txn
	KV() KV
	// Database is the connected database's OID.
	Database() catalog.Oid
	// UserOid is the current role's OID; Superuser says whether it is one.
	UserOid() catalog.Oid
	// CreationSchema is where unqualified new objects go.
	CreationSchema() (*catalog.Desc, error)
	// TempSchema returns the session's temporary schema, creating it in
	// the transaction when create is set and it does not exist yet; nil
	// when it does not exist and create is not set.
	TempSchema(create bool) (*catalog.Desc, error)
	// ResolveSchema finds a schema by name.
	ResolveSchema(name string) (*catalog.Desc, error)
	// LookupRelation finds a relation by possibly qualified name.
	LookupRelation(schema, name string) (*catalog.Desc, error)
	// Analyzer returns an analyzer for expressions of the statement text.
	Analyzer(sql string) *analyze.Analyzer
	// Notice sends a notice to the client.
	Notice(e *pgerror.Error)
	// Table describes a catalog table for the storage layer.
	StorageTable(d *catalog.Desc) (*storage.Table, error)
	// Exec runs a SELECT, INSERT, UPDATE or DELETE in the session's
	// transaction (filling or checking tables): n is its parse tree, or
	// nil to parse sql. It returns the rows produced and the number of
	// rows processed.
	Exec(sql string, n *pg_query.Node) ([]types.Row, int64, error)
	// InTransactionBlock reports whether a BEGIN block is open.
	InTransactionBlock() bool
	// SessionUser is the role the session authenticated as.
	SessionUser() string
	// EncryptPassword turns a password given to CREATE or ALTER ROLE into
	// the stored form password_encryption asks for.
	EncryptPassword(password, user string) (string, error)
}

// deparseExpr renders a raw expression as SQL text.
func deparseExpr(n *pg_query.Node) (string, error) {
	s, err := parser.Deparse(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{
		TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: n}}}},
	}}})
	if err != nil {
		return "", pgerror.Wrap(err, pgerror.InternalError, "could not deparse expression: %v", err)
	}
	return strings.TrimPrefix(s, "SELECT "), nil
}

// deparseStmt renders a raw statement as SQL text.
func deparseStmt(n *pg_query.Node) (string, error) {
	s, err := parser.Deparse(n)
	if err != nil {
		return "", pgerror.Wrap(err, pgerror.InternalError, "could not deparse statement: %v", err)
	}
	return s, nil
}

func nameOf(n *pg_query.Node) string {
	if s := n.GetString_(); s != nil {
		return s.Sval
	}
	return ""
}

func qualified(names []*pg_query.Node) (string, string) {
	switch len(names) {
	case 0:
		return "", ""
	case 1:
		return "", nameOf(names[0])
	}
	return nameOf(names[len(names)-2]), nameOf(names[len(names)-1])
}

// makeObjectName builds a name like table_column_suffix, truncated to
// fit in 63 bytes as PostgreSQL's makeObjectName does (the longer of the
// two names is shortened first).
func makeObjectName(name1, name2, label string) string {
	overhead := 0
	if name2 != "" {
		overhead++
	}
	if label != "" {
		overhead += len(label) + 1
	}
	avail := 63 - overhead
	l1, l2 := len(name1), len(name2)
	for l1+l2 > avail {
		if l1 > l2 {
			l1--
		} else {
			l2--
		}
	}
	n := clip(name1, l1)
	if name2 != "" {
		n += "_" + clip(name2, l2)
	}
	if label != "" {
		n += "_" + label
	}
	return n
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n]
}

// chooseName picks makeObjectName(name1, name2, label), adding a number
// until taken reports it free (ChooseRelationName).
func chooseName(name1, name2, label string, taken func(string) bool) string {
	base := makeObjectName(name1, name2, label)
	if !taken(base) {
		return base
	}
	for i := 1; ; i++ {
		cand := makeObjectName(name1, name2, fmt.Sprintf("%s%d", label, i))
		if !taken(cand) {
			return cand
		}
	}
}

// relationTaken reports whether a schema has a relation (or index,
// sequence, type) named name, in the session's transaction.
func relationTaken(s Session, schema catalog.Oid) func(string) bool {
	return func(name string) bool { return s.Catalog().LookupIn(schema, name) != nil }
}

// relKindName names a relation kind for messages.
func relKindName(d *catalog.Desc) string {
	switch d.Kind {
	case catalog.KindView:
		return "view"
	case catalog.KindSequence:
		return "sequence"
	case catalog.KindIndex:
		return "index"
	case catalog.KindSchema:
		return "schema"
	}
	return "table"
}

func typeOf(c *catalog.Column) *types.T { return c.Type() }
