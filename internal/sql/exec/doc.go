// Package exec runs plans: the fourth stage of the path of a query
// (PostgreSQL's executor/).
//
// Compile turns a plan into a Program: every expression becomes a Go
// closure and every node a recipe for an operator. A Program holds no
// per-execution state, so a prepared statement compiles once and runs many
// times. Start instantiates the operators for one execution and returns a
// Cursor that yields rows on demand (the Volcano model), which lets the
// backend suspend a portal after a row limit and resume it later.
//
// Everything the executor needs from the session comes through State: the
// builtins.Env (settings, user, cancellation context) and the parameter
// values. The executor never sees protocol messages; the backend pulls rows
// from the Cursor and encodes them.
//
// An execution whose State is instrumented (State.Instrument) measures
// every operator, for EXPLAIN ANALYZE (instrument.go): loops, rows and
// time per plan node, kept in the State.
//
// Cancellation: operators that loop over many rows check the statement's
// context, so a cancel request, statement_timeout or a vanished client
// stops a query promptly.
package exec
