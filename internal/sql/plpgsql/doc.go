// Package plpgsql interprets PL/pgSQL: the bodies of functions,
// procedures and trigger functions written in it, and DO blocks.
//
// It sits beside the executor on the path of a query: a call of a
// PL/pgSQL routine reaches the backend from the executor (through the
// function's builtins.Func implementation), and the backend runs the body
// here, with itself as the Host that analyzes, plans and executes every
// embedded SQL statement in the session's transaction. The package
// imports no stage above the parser: it hands the Host parse trees with
// parameters in place of variables, and receives rows.
//
// Parsing is PostgreSQL's own (pl_gram.y through libpg_query's
// ParsePlPgSqlToJSON); Compile turns that tree into typed statements and
// Execute walks them. README.md describes the execution model and what is
// not supported. It mirrors PostgreSQL's src/pl/plpgsql (pl_comp.c,
// pl_exec.c) and the manual's chapter 43, "PL/pgSQL — SQL Procedural
// Language".
package plpgsql
