// Package analyze turns raw parse trees into typed, name-resolved queries:
// the second stage of the path of a query (PostgreSQL's parser/analyze.c
// and parse_*.c, "parse analysis").
//
// It resolves names through the Catalog interface, types every expression
// (constants, parameters, columns, operators, function calls), and
// implements PostgreSQL's rules for choosing among overloaded functions and
// operators, for implicit casts and for the "unknown" type of string
// literals (PostgreSQL docs, chapter 10 "Type Conversion"). Parameter types
// that the client did not declare are inferred from their use, as
// PostgreSQL does for the extended protocol.
//
// The output is a *Query whose expressions are Expr trees; the planner
// consumes it. Errors are *pgerror.Error values carrying PostgreSQL's
// SQLSTATE and the character position of the offending token.
//
// An Analyzer serves one statement and is not safe for concurrent use.
package analyze
