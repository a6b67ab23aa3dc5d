// Package parser turns SQL text into raw parse trees: the first stage of
// the path of a query (PostgreSQL's parser/gram.y and parser/scan.l).
//
// It uses PostgreSQL's own grammar through libpg_query
// (github.com/pganalyze/pg_query_go), so tusk accepts exactly the syntax
// PostgreSQL accepts and rejects the rest with PostgreSQL's messages. The
// raw trees are libpg_query's protobuf nodes; the analyzer is the only
// consumer and turns them into typed queries.
//
// Syntax errors become *pgerror.Error values with SQLSTATE 42601 (or the
// code PostgreSQL's grammar uses for the few errors that are not syntax
// errors) and a 1-based character position, as PostgreSQL reports them.
//
// Parsing costs tens of microseconds per statement, so callers cache what
// they derive from a parse (prepared statements keep their plans).
package parser
