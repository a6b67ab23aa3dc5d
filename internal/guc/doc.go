// Package guc holds tusk's run-time settings ("grand unified configuration",
// after PostgreSQL's utils/misc/guc.c): their definitions, parsing and
// display rules, and the per-session values with PostgreSQL's transactional
// semantics.
//
// The definitions are PostgreSQL 15's own (defs_gen.go is generated from
// pg_settings by ./gen), so every setting a client may SET or SHOW exists
// with PostgreSQL's type, context, unit, range and enum values; tusk then
// overrides the few defaults that describe tusk itself (server_version,
// encodings) and marks the settings PostgreSQL reports to clients in
// ParameterStatus messages.
//
// A Session is one backend's view of the settings. SET changes the session
// value and SET LOCAL the transaction-local value; both are undone when the
// transaction (or a subtransaction) that made them aborts, and SET LOCAL
// values end with their transaction, as in PostgreSQL (PostgreSQL docs, SET).
// A Session is not safe for concurrent use: it belongs to its backend.
//
// Settings of context postmaster and sighup come from the server
// configuration (postgresql.conf, -c flags), held in a Config that the
// postmaster replaces on reload; a Session reads its defaults from the
// Config it was created with.
//
// This package mirrors PostgreSQL's utils/misc/guc.c and the check hooks in
// commands/variable.c. It imports nothing above it on the path of a query.
package guc

//go:generate go run ./gen
