package kv

import (
	"errors"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// Sentinel errors. Engines return *pgerror.Error values that wrap them (use
// the constructors below), so a caller can write
// errors.Is(err, kv.ErrDeadlock) and the backend still reports PostgreSQL's
// SQLSTATE and message.
var (
	// ErrSerializationFailure: SQLSTATE 40001.
	ErrSerializationFailure = errors.New("serialization failure")
	// ErrDeadlock: SQLSTATE 40P01.
	ErrDeadlock = errors.New("deadlock detected")
	// ErrLockTimeout: SQLSTATE 55P03, the lock timeout expired.
	ErrLockTimeout = errors.New("lock timeout")
	// ErrLockNotAvailable: SQLSTATE 55P03, a NOWAIT lock was held.
	ErrLockNotAvailable = errors.New("lock not available")
	// ErrReadOnly: SQLSTATE 25006, a write in a read-only transaction.
	ErrReadOnly = errors.New("read-only transaction")
	// ErrTxnDone: the transaction has already committed or rolled back.
	// This is a programming error of the caller, reported as XX000.
	ErrTxnDone = errors.New("kv: transaction already finished")
	// ErrInvalidSavepoint: the savepoint does not belong to the
	// transaction's current savepoint stack (a programming error).
	ErrInvalidSavepoint = errors.New("kv: invalid savepoint")
)

// PostgreSQL's messages for serialization failures.
const (
	// MsgConcurrentUpdate is heapam's message when a row changed after the
	// snapshot of a REPEATABLE READ or SERIALIZABLE transaction.
	MsgConcurrentUpdate = "could not serialize access due to concurrent update"
	// MsgConcurrentDelete is the same when the row was deleted.
	MsgConcurrentDelete = "could not serialize access due to concurrent delete"
	// MsgReadWriteDependencies is predicate.c's message for a serializable
	// transaction that cannot be placed in a serial order.
	MsgReadWriteDependencies = "could not serialize access due to read/write dependencies among transactions"
)

// SerializationFailure returns a 40001 error with the given message.
func SerializationFailure(msg string) *pgerror.Error {
	return pgerror.Wrap(ErrSerializationFailure, pgerror.SerializationFailure, "%s", msg).
		WithHint("The transaction might succeed if retried.")
}

// ReadWriteConflict returns PostgreSQL's 40001 error for a serializable
// transaction whose reads were overwritten by a transaction that committed
// first, with the detail predicate.c gives at commit.
func ReadWriteConflict() *pgerror.Error {
	return SerializationFailure(MsgReadWriteDependencies).
		WithDetail("Reason code: Canceled on identification as a pivot, during commit attempt.")
}

// Deadlock returns a 40P01 error; detail describes the cycle, one line per
// waiting transaction, as PostgreSQL's DeadLockReport does.
func Deadlock(detail string) *pgerror.Error {
	e := pgerror.Wrap(ErrDeadlock, pgerror.DeadlockDetected, "deadlock detected").
		WithHint("See server log for query details.")
	e.Detail = detail
	return e
}

// LockTimeout returns PostgreSQL's 55P03 error for an expired lock_timeout.
func LockTimeout() *pgerror.Error {
	return pgerror.Wrap(ErrLockTimeout, pgerror.LockNotAvailable, "canceling statement due to lock timeout")
}

// LockNotAvailable returns PostgreSQL's 55P03 error for a NOWAIT lock that
// is held; object is as in LockOptions.Object.
func LockNotAvailable(object string) *pgerror.Error {
	if object == "" {
		object = "row"
	}
	return pgerror.Wrap(ErrLockNotAvailable, pgerror.LockNotAvailable, "could not obtain lock on %s", object)
}

// ReadOnly returns PostgreSQL's 25006 error; what names the refused
// command, as in "cannot execute INSERT in a read-only transaction".
func ReadOnly(what string) *pgerror.Error {
	return pgerror.Wrap(ErrReadOnly, pgerror.ReadOnlySQLTransaction, "cannot execute %s in a read-only transaction", what)
}
