// Package pgtest starts throwaway PostgreSQL 15 servers for tests: PostgreSQL
// is tusk's oracle, and differential tests run the same input against both.
//
// Each server is initialised with initdb into a fresh temporary directory,
// listens on a free loopback port and on a Unix socket in that directory,
// trusts every local connection, and is stopped (immediate mode) and removed
// when the test or the process ends.
//
// PostgreSQL refuses to run as root. When the test process is root, the
// server runs as the unprivileged user "postgres" (or "nobody"), with the
// data directory owned by that user.
//
// A test that needs PostgreSQL fails when PostgreSQL is missing; it never
// skips. The binaries are found through $PG_BINDIR, then `pg_config
// --bindir`, then /usr/lib/postgresql/15/bin.
package pgtest
