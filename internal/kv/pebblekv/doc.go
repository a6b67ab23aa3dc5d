// Package pebblekv is tusk's embedded storage engine: an implementation of
// kv.DB on the Pebble LSM (github.com/cockroachdb/pebble/v2), with
// multi-version concurrency control, locking, durability and crash recovery,
// on disk (Open) or in memory (OpenInMemory).
//
// It sits at the bottom of the path of a query: package txn drives its
// transactions for the executor; nothing above kv sees Pebble.
//
// The design is PostgreSQL's, moved onto an LSM (README.md has the details
// and the deviations):
//
//   - Every write is a new version of its key, stamped with the writer's
//     transaction ID and written to the LSM at once, so a transaction of any
//     size commits without holding its writes in memory.
//   - A commit is one record in a commit log (PostgreSQL's clog) that maps
//     the transaction ID to a commit sequence number; a snapshot is a commit
//     sequence number, and a version is visible to a snapshot when its
//     writer committed at or before it. Readers never wait.
//   - A writer's newest versions double as its exclusive locks, as
//     PostgreSQL's tuple headers do; shared and table-level lock modes and
//     the wait queues live in an in-memory lock table with deadlock
//     detection.
//   - Commit records are written with pebble.Sync, so concurrent commits
//     share the log's fsyncs (group commit).
//   - A background collector removes versions no snapshot needs (vacuum).
//
// A DB is safe for concurrent use; a transaction belongs to one goroutine.
// The locking rules: lockEntry.mu (a key's latch) may be held while taking
// a lock-table shard mutex, db.graphMu, db.idMu, db.ceilMu, the commit
// queue's mutex or a transaction's mu; none of those is held while taking
// an entry's mu.
package pebblekv
