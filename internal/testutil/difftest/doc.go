// Package difftest runs a corpus of .sql files differentially: each file
// runs statement by statement against a target (tusk) and against
// PostgreSQL 15, each in a fresh database, and every statement's outcome
// must be the same on both. PostgreSQL is asked live every time, so the
// corpus needs no expected output; the .out files beside the .sql files
// are PostgreSQL's answers written by -rewrite for humans to review.
//
// # What is compared
//
// For every statement: the rows, the column names and type OIDs of the
// RowDescription, and the command tag; for a failing statement the
// SQLSTATE and, unless switched off, the error message. Values are
// compared as text, as the server sent them. Rows are compared in order
// when the statement's top-level query has ORDER BY (or the statement is
// EXPLAIN), decided with PostgreSQL's own grammar (pg_query), and as
// multisets otherwise: an ORDER BY inside a subquery orders nothing. A
// statement that times out (Options.StatementTimeout) or loses its
// connection is a mismatch; the next statement reconnects.
//
// Statements run with the extended protocol (Parse, Bind, Describe,
// Execute, Sync; text results, no parameters) unless a directive selects
// the simple protocol.
//
// # Files
//
// A .sql file is split into statements with PostgreSQL's grammar. A file
// that holds a statement meant to fail to parse is split at the ';'
// tokens of PostgreSQL's lexer instead, and neighbouring pieces are joined
// where only together they parse (a CREATE FUNCTION ... BEGIN ATOMIC body).
// Comments of the form "-- @directive" set how the statements after them
// run:
//
//	-- @session NAME        run on the named connection NAME (opened on first
//	                        use; the file starts on "main"); for transaction
//	                        and locking tests
//	-- @protocol simple     use the simple query protocol from here on
//	-- @protocol extended   back to the extended protocol (the default)
//	-- @messages off        compare SQLSTATEs only, not error messages
//	-- @messages on         compare messages again (the default)
//	-- @ordered             the next statement's rows are compared in order
//	-- @unordered           the next statement's rows are compared as a multiset
//
// Sessions run one statement at a time, so a statement that blocks on
// another session's lock times out; concurrent steps are not supported
// yet.
//
// # Reading the results
//
// Run makes each file a subtest and reports each mismatch as an error
// naming file:line (and session), the reason (for example `column 1 (f)
// has type int8(20), oracle int4(23)` or `rows differ (compared as a
// multiset)`), the statement, and both servers' results in the golden
// format:
//
//	columns: id int4(23) | name text(25)
//	1 | ada
//	2 | NULL
//	SELECT 2
//
// NULL is bare; a value that could be misread (empty, the word NULL,
// separators, surrounding blanks) is quoted in Go syntax. Errors print as
// "ERROR <SQLSTATE>: <message>", timeouts and broken connections as
// "FAILED: ...".
//
// # Hooking up a server
//
// A Target creates fresh databases and hands back a DSN: DSNTarget uses
// CREATE DATABASE over a connection to an existing database (pgtest's
// s.DSN("postgres")); FreshTarget starts a whole new server per file and
// stops it afterwards (an in-memory tusk, which has no CREATE DATABASE
// yet); TargetFunc adapts any function.
// The package registers the test flag -rewrite; a test binary that defines
// its own -rewrite has that one honoured instead.
package difftest
