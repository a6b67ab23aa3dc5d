// Package kvtest is the conformance suite that every kv engine must pass.
// An engine's test calls Run with a function that opens a fresh, empty
// engine:
//
//	func TestConformance(t *testing.T) {
//		kvtest.Run(t, func(t *testing.T) kv.DB { ... })
//	}
//
// The suite covers the contract of package kv: snapshot reads and
// read-your-writes, statement snapshots (Refresh), write-write conflicts at
// each isolation level, the locking read, the eight lock modes' conflict
// table, lock waits with lock timeouts, NOWAIT, SKIP LOCKED, cancellation,
// deadlock detection among two and three transactions, savepoints (writes
// and locks), iteration order at range boundaries in both directions, large
// values, serializable validation (write skew fails, read-only transactions
// do not), and concurrent randomized bank transfers checked against a model
// and against each key's history.
//
// Tests do not sleep to wait for something to happen; they sequence
// transactions through channels. Where a test must show that something does
// NOT happen (a lock request stays blocked), it waits a short, bounded time.
package kvtest
