package kv

import (
	"context"
	"time"
)

// DB is a transactional, ordered key-value store. Keys and values are
// arbitrary byte strings (a key may be empty); keys order bytewise.
//
// A DB is safe for concurrent use by any number of goroutines. Close must be
// called once, after every transaction has finished.
type DB interface {
	// Begin starts a transaction whose snapshot is taken now. The caller
	// must end it with Commit or Rollback.
	Begin(ctx context.Context, opts TxnOptions) (Txn, error)
	// Close releases the engine's resources. Transactions still open are
	// rolled back.
	Close() error
}

// Reader is the reading half of a transaction.
type Reader interface {
	// Get returns the value of key at the transaction's snapshot, with its
	// own writes applied. found is false when the key does not exist. The
	// returned value belongs to the caller.
	Get(ctx context.Context, key []byte) (value []byte, found bool, err error)
	// Scan returns an iterator over the keys in [start, end) at the
	// transaction's snapshot with its own writes applied, in ascending order,
	// or descending when reverse is set. A nil start means the first key; a
	// nil end means past the last key. The iterator sees the writes the
	// transaction made before Scan was called and none made while it is
	// open (so a statement does not see its own effects, as PostgreSQL's
	// command IDs arrange). Scans stream: memory does not grow with the
	// number of keys. The caller must Close the iterator, and must do so
	// before Commit, Rollback or RollbackTo.
	Scan(ctx context.Context, start, end []byte, reverse bool) (Iterator, error)
}

// Writer is the writing half of a transaction. Every write first takes the
// key's lock (Put: LockExclusive, Delete: LockAccessExclusive), waiting like
// Lock with the transaction's timeouts; at RepeatableRead and Serializable it
// then fails with ErrSerializationFailure if the key's newest committed
// version is newer than the snapshot. Writes in a read-only transaction fail
// with ErrReadOnly. The engine copies key and value; the caller may reuse
// them when the call returns.
type Writer interface {
	Put(ctx context.Context, key, value []byte) error
	// Delete removes key; deleting a missing key is not an error.
	Delete(ctx context.Context, key []byte) error
	// DeleteRange deletes every key in [start, end) (nil bounds as in Scan)
	// that the transaction sees: those visible at its snapshot and those it
	// wrote. Keys that concurrent transactions insert into the range are not
	// affected; callers that need the whole range hold a lock that keeps
	// writers out (as TRUNCATE holds ACCESS EXCLUSIVE on its table).
	DeleteRange(ctx context.Context, start, end []byte) error
}

// Txn is a transaction. It is not safe for concurrent use: one goroutine
// (one session) drives it. After Commit or Rollback every method returns
// ErrTxnDone, except Rollback, which is then a no-op.
//
// A failed call (a lock timeout, a deadlock, a serialization failure, a
// cancelled context) leaves the transaction open and its earlier effects in
// place: the caller decides whether to roll back to a savepoint or roll back
// the whole transaction, as PostgreSQL's transaction blocks do. A failed
// Commit has rolled the transaction back.
type Txn interface {
	Reader
	Writer

	// Lock acquires a lock in opts.Mode on key (which need not exist),
	// waiting according to opts.Wait, and returns the key's newest version:
	// the transaction's own latest write if it wrote the key, otherwise the
	// newest committed version regardless of the snapshot. Newer reports
	// whether that committed version is newer than the snapshot. Locks are
	// held until the transaction ends or a savepoint taken before them is
	// rolled back to; a lock held in a weaker mode is upgraded. A lock in
	// LockExclusive or LockAccessExclusive mode is a write for the purposes
	// of read-only transactions (PostgreSQL refuses SELECT FOR UPDATE in
	// them) and fails with ErrReadOnly there.
	Lock(ctx context.Context, key []byte, opts LockOptions) (LockResult, error)

	// Refresh takes a new snapshot at the current end of the commit order,
	// keeping the transaction's writes and locks: a READ COMMITTED statement
	// start. It is allowed at every isolation level (package txn decides
	// when to call it).
	Refresh(ctx context.Context) error

	// Savepoint marks the current state. RollbackTo undoes every write made
	// and releases every lock taken after sp (a lock held before sp in a
	// weaker mode reverts to that mode), discards the savepoints taken after
	// sp, and keeps sp itself, so it can be rolled back to again. Release
	// forgets sp and every savepoint taken after it, keeping their effects.
	// A Savepoint belongs to its transaction and is invalid after it ends,
	// after it is released, or after a rollback to an earlier savepoint.
	Savepoint(ctx context.Context) (Savepoint, error)
	RollbackTo(ctx context.Context, sp Savepoint) error
	Release(ctx context.Context, sp Savepoint) error

	// SetLockTimeout changes the lock timeout for the rest of the
	// transaction (PostgreSQL's SET lock_timeout inside a transaction); 0
	// waits forever.
	SetLockTimeout(d time.Duration)

	// Commit makes the transaction's writes durable (unless its options ask
	// for asynchronous commit) and visible to snapshots taken after it
	// returns, then releases its locks. A serializable transaction whose
	// reads were invalidated fails with ErrSerializationFailure and is rolled
	// back. Once the commit has been submitted the context is not consulted.
	Commit(ctx context.Context) error
	// Rollback discards the transaction's writes and releases its locks.
	Rollback(ctx context.Context) error
}

// Iterator walks a key range. It is not safe for concurrent use.
//
//	for it.Next() { use(it.Key(), it.Value()) }
//	if err := it.Err(); err != nil { ... }
//	it.Close()
//
// Key and Value return slices owned by the iterator, valid until the next
// call to Next or Close; copy them to keep them. The caller must call Close.
type Iterator interface {
	// Next advances to the next key and reports whether there is one. It
	// returns false at the end of the range or on error (see Err).
	Next() bool
	Key() []byte
	Value() []byte
	// Err returns the error that stopped iteration, if any; a cancelled
	// context is noticed within a bounded number of keys.
	Err() error
	// Close releases the iterator and returns Err.
	Close() error
}

// Savepoint identifies a savepoint of one transaction. Its value is
// meaningful only to the engine that issued it.
type Savepoint uint64

// Isolation is a transaction isolation level. The zero value is
// ReadCommitted, PostgreSQL's default.
type Isolation uint8

// The isolation levels (PostgreSQL docs, section 13.2).
const (
	ReadCommitted Isolation = iota
	RepeatableRead
	Serializable
)

func (i Isolation) String() string {
	switch i {
	case ReadCommitted:
		return "read committed"
	case RepeatableRead:
		return "repeatable read"
	case Serializable:
		return "serializable"
	}
	return "unknown"
}

// Priority is a transaction's priority. Engines use it to choose deadlock
// victims (the lowest priority in a cycle loses; among equals, the
// transaction that found the cycle) and may use it to schedule work.
type Priority int8

// The priorities.
const (
	PriorityNormal Priority = 0
	PriorityLow    Priority = -1
	PriorityHigh   Priority = 1
)

// SyncMode says whether Commit waits for the write-ahead log to reach
// stable storage (PostgreSQL's synchronous_commit, on or off).
type SyncMode uint8

// The sync modes.
const (
	// SyncDefault uses the engine's configured default.
	SyncDefault SyncMode = iota
	// SyncOn: Commit returns once the transaction survives a crash.
	SyncOn
	// SyncOff: Commit returns before the log is synced; a crash may lose
	// the transaction (never part of it), as with synchronous_commit=off.
	// The engine syncs such commits in the background shortly after.
	SyncOff
)

// DefaultDeadlockTimeout is PostgreSQL's default deadlock_timeout.
const DefaultDeadlockTimeout = time.Second

// TxnOptions configure a transaction. The zero value is a read-write READ
// COMMITTED transaction that waits for locks forever and checks for
// deadlocks after DefaultDeadlockTimeout.
type TxnOptions struct {
	Isolation Isolation
	// ReadOnly makes every write fail with ErrReadOnly.
	ReadOnly bool
	Priority Priority
	// LockTimeout bounds each lock wait (PostgreSQL's lock_timeout); 0
	// waits forever.
	LockTimeout time.Duration
	// DeadlockTimeout is how long a lock wait lasts before the engine
	// checks for a deadlock (PostgreSQL's deadlock_timeout); 0 means
	// DefaultDeadlockTimeout.
	DeadlockTimeout time.Duration
	Sync            SyncMode
	// Owner identifies the session in error details (PostgreSQL's backend
	// process ID in "Process 123 waits for ..."); 0 if unknown.
	Owner int32
}

// WaitPolicy says what Lock does when the lock is held in a conflicting
// mode.
type WaitPolicy uint8

// The wait policies (PostgreSQL's SELECT ... FOR UPDATE [NOWAIT | SKIP
// LOCKED], LOCK TABLE ... NOWAIT).
const (
	// Wait blocks until the lock is granted, the lock timeout expires
	// (ErrLockTimeout), a deadlock is found (ErrDeadlock) or the context is
	// done.
	Wait WaitPolicy = iota
	// NoWait fails at once with ErrLockNotAvailable.
	NoWait
	// SkipLocked returns at once with LockResult.Skipped set and no lock
	// taken.
	SkipLocked
)

// LockOptions configure one Lock call.
type LockOptions struct {
	Mode LockMode
	Wait WaitPolicy
	// Object describes the locked object in error messages, for example
	// `row in relation "t"` or `relation "t"`, which makes the NOWAIT error
	// read as PostgreSQL's `could not obtain lock on row in relation "t"`.
	// Empty means "row".
	Object string
	// Relation, when set, names the relation the object belongs to; the
	// description is then Object followed by the quoted name (`relation
	// "t"`, `row in relation "t"`). It is kept apart so that the text is
	// built only when a message needs it, not on every lock.
	Relation string
	// Hot marks a key that many transactions lock, nearly always in the
	// weak modes that do not conflict with each other: a table's lock,
	// which every statement takes. The engine may keep its bookkeeping for
	// the key between uses, and skip work for a weak mode while no
	// transaction holds or requests a strong one. Every Lock call on a
	// given key must set Hot alike.
	Hot bool
}

// Describe returns the locked object's description for messages.
func (o LockOptions) Describe() string {
	obj := o.Object
	if o.Relation != "" {
		obj += ` "` + o.Relation + `"`
	}
	if obj == "" {
		obj = "row"
	}
	return obj
}

// LockResult is what a locking read returns.
type LockResult struct {
	// Value and Found give the key's newest version (see Txn.Lock). Value
	// belongs to the caller.
	Value []byte
	Found bool
	// Newer reports that the newest committed version was committed after
	// the transaction's snapshot. It is false when the value is the
	// transaction's own write.
	Newer bool
	// Skipped reports that the lock was held in a conflicting mode and the
	// wait policy was SkipLocked; no lock was taken and Value is unset.
	Skipped bool
}
