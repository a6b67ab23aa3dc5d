// Package kv is the transactional key-value seam: the only interface through
// which tusk stores data. Everything above it (catalog, storage, the
// executor through package txn) speaks these types, and every storage engine
// implements them: pebblekv, the embedded engine, and later an engine on
// TiKV's transactional client. No engine type appears here.
//
// The package holds interfaces, option and mode types, and typed errors;
// nothing executes here. The conformance suite every engine must pass lives
// in kv/kvtest. README.md maps each method onto TiKV's client.
//
// # Model
//
// A DB hands out transactions (Txn). A transaction reads at a snapshot, a
// point in the engine's commit order: it sees every transaction that
// committed before the snapshot was taken, none that committed after, and
// its own writes (read-your-writes). Readers never wait for writers and
// writers never wait for readers. Refresh moves the snapshot to now (READ
// COMMITTED's per-statement snapshot) without losing the transaction's writes
// or locks.
//
// Writers lock. Put and Delete take an exclusive lock on the key, held to
// the end of the transaction (or to the rollback of the savepoint that took
// it). Lock takes a lock of any of PostgreSQL's eight lock modes on any key,
// stored or not, and returns the key's newest committed version, which may
// be newer than the snapshot: that is the "locking read" that UPDATE,
// DELETE, SELECT FOR UPDATE and INSERT's unique check are built on. Lock
// waits honour a lock timeout, detect deadlocks, can refuse to wait
// (NOWAIT) or skip (SKIP LOCKED), and give up when the context is cancelled.
//
// # Isolation
//
// The engine implements snapshot isolation for every level and, at
// Serializable, also validates the transaction's reads at commit so that
// the committed transactions are equivalent to running one at a time in
// commit order (see README.md). At RepeatableRead and Serializable a write
// to a key whose newest committed version is newer than the snapshot fails
// with a serialization failure (first committer wins); at ReadCommitted it
// overwrites. The PostgreSQL semantics built from these (statement
// snapshots, EvalPlanQual re-checks, row lock strengths, table locks) live in
// package txn.
//
// # Errors
//
// Errors a client can see are *pgerror.Error values carrying their
// SQLSTATE, and wrap one of the sentinel errors below so callers can test
// them with errors.Is: ErrSerializationFailure (40001), ErrDeadlock (40P01),
// ErrLockTimeout and ErrLockNotAvailable (both 55P03), ErrReadOnly (25006).
// A cancelled context surfaces as the context's error.
//
// The seam mirrors no single PostgreSQL file: it is the contract that
// PostgreSQL's access/heap visibility rules (utils/time/snapmgr.c,
// access/heap/heapam_visibility.c) and lock manager (storage/lmgr) jointly
// provide to the executor.
package kv
