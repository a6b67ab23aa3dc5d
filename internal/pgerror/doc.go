// Package pgerror defines the error that tusk reports to clients: a
// PostgreSQL-style error carrying a severity, a SQLSTATE and the optional
// fields of an ErrorResponse (detail, hint, position, context and the names
// of the schema objects involved).
//
// It is a leaf package: every layer of the path of a query (parser, analyzer,
// planner, executor, storage, the KV engines) may create these errors, and
// the backend turns them into ErrorResponse and NoticeResponse messages.
//
// Two kinds of failure exist in tusk. A query error is a *Error returned up
// the stack; the backend reports it and the session goes on (or, inside a
// transaction block, enters the aborted state). An infrastructure failure
// (the connection broke) unwinds as an ordinary Go error and ends the
// session. Flatten converts any error into the *Error reported to a client;
// errors that carry no SQLSTATE become XX000 internal errors.
//
// The SQLSTATE constants come from github.com/jackc/pgerrcode, which is
// generated from PostgreSQL's utils/errcodes.txt, so none are typed by hand.
// This mirrors PostgreSQL's utils/elog.c and utils/errcodes.txt.
package pgerror
