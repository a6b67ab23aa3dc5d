// Package plan defines the physical plan: the tree of operators the
// executor runs (PostgreSQL's nodes/plannodes.h), and EXPLAIN's rendering
// of it.
//
// Plan nodes are immutable once built, so a plan can be cached in a
// prepared statement and executed many times, concurrently too. Their
// expressions are analyze.Expr trees in which column references have been
// replaced by InputRef (a position in the child's output row), as
// PostgreSQL's setrefs.c does.
package plan
