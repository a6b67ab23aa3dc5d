package parser

import (
	"errors"
	"strings"
	"sync"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	pgq "github.com/pganalyze/pg_query_go/v6/parser"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// Node is a raw parse tree node.
type Node = pg_query.Node

// Statement is one statement of a query string.
type Statement struct {
	// AST is the raw parse tree. Locations in it are byte offsets into the
	// whole query string, not into SQL.
	AST *pg_query.Node
	// SQL is the statement's own text, trimmed.
	SQL string
	// Offset is the byte offset of the statement within the query string.
	Offset int
}

// Parse parses a query string holding zero or more statements separated by
// semicolons. An empty or all-comment string yields no statements.
func Parse(sql string) ([]Statement, error) {
	tree, err := pg_query.Parse(sql)
	if err != nil {
		return nil, convertError(err, sql)
	}
	fixEscapeStrings(sql, tree)
	stmts := make([]Statement, 0, len(tree.Stmts))
	for _, raw := range tree.Stmts {
		if raw.Stmt == nil {
			continue
		}
		start := int(raw.StmtLocation)
		end := len(sql)
		if raw.StmtLen > 0 {
			end = start + int(raw.StmtLen)
		}
		if start > len(sql) {
			start = len(sql)
		}
		if end > len(sql) {
			end = len(sql)
		}
		text := strings.TrimSpace(sql[start:end])
		stmts = append(stmts, Statement{AST: raw.Stmt, SQL: text, Offset: start})
	}
	return stmts, nil
}

// ParseOne parses a string that must hold exactly one statement.
func ParseOne(sql string) (Statement, error) {
	stmts, err := Parse(sql)
	if err != nil {
		return Statement{}, err
	}
	if len(stmts) != 1 {
		return Statement{}, pgerror.New(pgerror.SyntaxError, "expected exactly one statement, found %d", len(stmts))
	}
	return stmts[0], nil
}

// nonSyntaxErrors maps grammar errors that PostgreSQL raises with a code
// other than 42601, by message prefix.
var nonSyntaxErrors = []struct {
	prefix, code string
}{
	{"unterminated", pgerror.SyntaxError},
	{"invalid Unicode escape", pgerror.SyntaxError},
	{"wrong number of parameters on left side of OVERLAPS", pgerror.SyntaxError},
	{"improper use of \"*\"", pgerror.SyntaxError},
	{"WITH TIES cannot be specified without ORDER BY clause", pgerror.SyntaxError},
	{"unsafe use of string constant with Unicode escapes", pgerror.FeatureNotSupported},
	{"unrecognized row security option", pgerror.FeatureNotSupported},
	{"type modifier cannot have parameter name", pgerror.SyntaxError},
	{"invalid reference to FROM-clause entry", pgerror.UndefinedTable},
	{"CREATE TABLE AS", pgerror.FeatureNotSupported},
	{"VARIADIC parameter must be the last", pgerror.InvalidFunctionDefinition},
	{"value too long", pgerror.StringDataRightTruncation},
	{"invalid hexadecimal", pgerror.InvalidParameterValue},
	{"invalid binary", pgerror.InvalidTextRepresentation},
	{"unrecognized", pgerror.SyntaxError},
	{"trailing junk after numeric literal", pgerror.SyntaxError},
	{"NOT NULL constraints cannot be marked", pgerror.SyntaxError},
	{"collations are not supported", pgerror.FeatureNotSupported},
	{"frame start cannot be UNBOUNDED FOLLOWING", pgerror.WindowingError},
	{"frame end cannot be UNBOUNDED PRECEDING", pgerror.WindowingError},
	{"frame starting from following row cannot end with current row", pgerror.WindowingError},
	{"frame starting from current row cannot have preceding rows", pgerror.WindowingError},
	{"frame starting from following row cannot have preceding rows", pgerror.WindowingError},
	{"window functions are not allowed", pgerror.WindowingError},
	{"DEFERRABLE constraint", pgerror.FeatureNotSupported},
	{"multiple", pgerror.SyntaxError},
	{"conflicting", pgerror.SyntaxError},
	{"redundant", pgerror.SyntaxError},
}

func convertError(err error, sql string) error {
	var pe *pgq.Error
	if !errors.As(err, &pe) {
		return pgerror.Wrap(err, pgerror.InternalError, "parser: %v", err)
	}
	code := pgerror.SyntaxError
	for _, e := range nonSyntaxErrors {
		if strings.HasPrefix(pe.Message, e.prefix) {
			code = e.code
			break
		}
	}
	out := pgerror.New(code, "%s", pe.Message)
	if pe.Cursorpos > 0 {
		out.Position = int32(pe.Cursorpos)
	}
	return out
}

// CharPosition converts a byte offset into sql (as parse tree locations
// are) into the 1-based character position PostgreSQL reports; a negative
// offset (no location) gives 0.
func CharPosition(sql string, byteOffset int32) int32 {
	if byteOffset < 0 {
		return 0
	}
	if int(byteOffset) > len(sql) {
		byteOffset = int32(len(sql))
	}
	return int32(utf8.RuneCountInString(sql[:byteOffset])) + 1
}

// Fingerprint returns a hash identifying statements that differ only in
// their constants, for plan caching.
func Fingerprint(sql string) (uint64, error) {
	return pg_query.FingerprintToUInt64(sql)
}

var (
	treeVersionOnce sync.Once
	treeVersion     int32
)

// Deparse renders raw statements as SQL text. The trees may be built or
// modified by hand; they are stamped with the parser's tree version.
func Deparse(stmts ...*pg_query.Node) (string, error) {
	treeVersionOnce.Do(func() {
		if r, err := pg_query.Parse("SELECT 1"); err == nil {
			treeVersion = r.Version
		}
	})
	res := &pg_query.ParseResult{Version: treeVersion}
	for _, s := range stmts {
		res.Stmts = append(res.Stmts, &pg_query.RawStmt{Stmt: s})
	}
	return pg_query.Deparse(res)
}
