// Package catalog stores and caches the database's schema objects:
// databases, schemas, tables with their columns and constraints, indexes,
// sequences, views and roles (PostgreSQL's catalog/ and utils/cache/).
//
// Descriptors are JSON documents stored in the key-value store, one per
// object, keyed by OID. A Store keeps the latest committed set of them as
// an immutable Snapshot, indexed by OID and by name. A transaction reads
// through a Txn: the snapshot plus its own uncommitted changes, which it
// writes to its key-value transaction as it makes them. At commit the
// catalog version key is bumped inside the same key-value transaction, so
// concurrent DDL conflicts and serializes in the store, and afterwards the
// transaction's changes are published as a new snapshot: other sessions
// see a change only after it commits, and a rolled-back CREATE TABLE
// leaves nothing behind.
//
// Temporary relations live in per-session schemas named pg_temp_N (see
// temp.go): ordinary descriptors, created and dropped transactionally,
// whose rows are ordinary table keys under their OIDs. The session drops
// its schema when it ends, and the server drops every temporary schema
// it finds when it starts, so neither a disconnect nor a crash leaves a
// temporary relation or its rows behind.
//
// User-defined types (CREATE TYPE ... AS ENUM, CREATE TYPE ... AS (...),
// CREATE DOMAIN; types.go) share the namespace of relations, as in PostgreSQL, where each relation
// has a row type of its name. Each is registered with the type system by OID when
// the catalog loads or writes it (types.RegisterUserType), and again
// after a rollback undid a change to it. The registry is server-wide:
// another session can see a label added by a transaction that has not
// committed yet, which PostgreSQL's "unsafe use of new value" check
// would refuse.
//
// OIDs and sequence values are allocated outside transactions (sequences
// are not transactional, as in PostgreSQL), reserved durably in blocks.
//
// The pg_catalog and information_schema relations are views over this
// package's descriptors (see the virtual tables in the backend).
package catalog
