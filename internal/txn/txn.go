package txn

import (
	"context"
	"encoding/binary"
	"errors"
	"time"

	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// Isolation is a transaction isolation level (PostgreSQL docs, section
// 13.2). READ UNCOMMITTED is READ COMMITTED, as in PostgreSQL.
type Isolation = kv.Isolation

// The isolation levels.
const (
	ReadCommitted  = kv.ReadCommitted
	RepeatableRead = kv.RepeatableRead
	Serializable   = kv.Serializable
)

// Options are a transaction's characteristics (BEGIN ISOLATION LEVEL ...
// READ ONLY DEFERRABLE) and the session settings that govern its waits.
type Options struct {
	Isolation Isolation
	ReadOnly  bool
	// Deferrable matters only for SERIALIZABLE READ ONLY transactions, which
	// in PostgreSQL may wait for a snapshot that cannot cause a
	// serialization failure. Every read-only snapshot is such a snapshot
	// here (README.md), so it never waits.
	Deferrable bool
	// LockTimeout is lock_timeout (0: wait forever); DeadlockTimeout is
	// deadlock_timeout (0: one second).
	LockTimeout     time.Duration
	DeadlockTimeout time.Duration
	// Sync is synchronous_commit.
	Sync     kv.SyncMode
	Priority kv.Priority
	// Owner is the backend's process ID, for deadlock reports.
	Owner int32
}

// Manager starts transactions on a kv.DB. It is safe for concurrent use.
type Manager struct {
	db kv.DB
}

// NewManager returns a Manager over db.
func NewManager(db kv.DB) *Manager { return &Manager{db: db} }

// DB returns the engine.
func (m *Manager) DB() kv.DB { return m.db }

// Begin starts a transaction (BEGIN, or the implicit transaction of a
// single statement). Its snapshot is taken by its first StartStatement.
// The caller must end it with Commit or Rollback.
func (m *Manager) Begin(ctx context.Context, opts Options) (*Txn, error) {
	// The engine transaction is read-write even for READ ONLY transactions:
	// PostgreSQL lets them LOCK TABLE in any mode, and exclusive locks are
	// writes to the engine. Read-only is enforced here instead.
	k, err := m.db.Begin(ctx, kv.TxnOptions{
		Isolation:       opts.Isolation,
		Priority:        opts.Priority,
		LockTimeout:     opts.LockTimeout,
		DeadlockTimeout: opts.DeadlockTimeout,
		Sync:            opts.Sync,
		Owner:           opts.Owner,
	})
	if err != nil {
		return nil, err
	}
	t := &Txn{kv: k, opts: opts}
	t.tables = t.tableBuf[:0]
	t.lockKey = t.lockKeyBuf[:0]
	return t, nil
}

// Autonomous runs fn in a short transaction of its own that commits without
// waiting for the log sync, whatever happens to the caller's transaction:
// what non-transactional objects such as sequences need (nextval is never
// rolled back). The update becomes durable with the next synced commit, as
// PostgreSQL's sequence WAL records do.
func (m *Manager) Autonomous(ctx context.Context, fn func(kv.Txn) error) error {
	k, err := m.db.Begin(ctx, kv.TxnOptions{Sync: kv.SyncOff})
	if err != nil {
		return err
	}
	if err := fn(k); err != nil {
		_ = k.Rollback(ctx)
		return err
	}
	return k.Commit(ctx)
}

// Txn is a transaction. It is not safe for concurrent use.
type Txn struct {
	kv   kv.Txn
	opts Options
	// snapshotTaken is set once the first statement of a REPEATABLE READ
	// or SERIALIZABLE transaction has taken the transaction's snapshot.
	snapshotTaken bool
	savepoints    []savepoint
	// tables caches the table locks held, by savepoint level, so that a
	// statement re-taking a lock it holds does not reach the lock manager.
	// It is a list, not a map: a transaction uses few tables, and the
	// first ones fit in tableBuf without an allocation.
	tables   []tableLock
	tableBuf [2]tableLock
	// lockKey holds the key of the table lock being taken (TableLockKey),
	// in lockKeyBuf.
	lockKey    []byte
	lockKeyBuf [8]byte
	done       bool
}

type savepoint struct {
	name string
	sp   kv.Savepoint
}

// tableLock is the lock modes a transaction took on one table at one
// savepoint level. The list holds at most one entry per (rel, level), and
// no entry is above the current level.
type tableLock struct {
	rel   uint32
	level int
	modes uint16
}

// Isolation returns the transaction's isolation level.
func (t *Txn) Isolation() Isolation { return t.opts.Isolation }

// ReadOnly reports whether the transaction is READ ONLY.
func (t *Txn) ReadOnly() bool { return t.opts.ReadOnly }

// Options returns the transaction's options.
func (t *Txn) Options() Options { return t.opts }

// StartStatement prepares the transaction for the next statement that
// reads or writes data (PostgreSQL's GetTransactionSnapshot): at READ
// COMMITTED every statement gets a new snapshot; at REPEATABLE READ and
// SERIALIZABLE the first one takes the snapshot the whole transaction uses.
// Utility statements that touch no data (SET, SAVEPOINT, ...) do not call
// it, so they do not fix the snapshot.
func (t *Txn) StartStatement(ctx context.Context) error {
	if t.done {
		return kv.ErrTxnDone
	}
	if t.opts.Isolation == ReadCommitted || !t.snapshotTaken {
		if err := t.kv.Refresh(ctx); err != nil {
			return err
		}
		t.snapshotTaken = true
	}
	return nil
}

// SetLockTimeout applies SET lock_timeout inside the transaction.
func (t *Txn) SetLockTimeout(d time.Duration) {
	t.opts.LockTimeout = d
	t.kv.SetLockTimeout(d)
}

// CheckWritable fails with PostgreSQL's 25006 error if the transaction is
// READ ONLY; command names the statement ("INSERT", "CREATE TABLE"). The
// executor calls it before running a command that writes, as PostgreSQL's
// PreventCommandIfReadOnly does.
func (t *Txn) CheckWritable(command string) error {
	if t.opts.ReadOnly {
		return kv.ReadOnly(command)
	}
	return nil
}

// Get reads key at the statement's snapshot (with the transaction's own
// writes). The value belongs to the caller.
func (t *Txn) Get(ctx context.Context, key []byte) ([]byte, bool, error) {
	return t.kv.Get(ctx, key)
}

// Scan iterates [start, end) at the statement's snapshot; see kv.Reader.
// The caller must Close the iterator before the statement ends.
func (t *Txn) Scan(ctx context.Context, start, end []byte, reverse bool) (kv.Iterator, error) {
	return t.kv.Scan(ctx, start, end, reverse)
}

// Put writes key. UPDATE and DELETE lock the row with LockRow first (and
// re-check it); Put itself waits for conflicting locks and, at REPEATABLE
// READ and SERIALIZABLE, fails with 40001 if the key changed after the
// snapshot.
func (t *Txn) Put(ctx context.Context, key, value []byte) error {
	if err := t.CheckWritable("a write"); err != nil {
		return err
	}
	return t.kv.Put(ctx, key, value)
}

// Delete removes key (see Put).
func (t *Txn) Delete(ctx context.Context, key []byte) error {
	if err := t.CheckWritable("a write"); err != nil {
		return err
	}
	return t.kv.Delete(ctx, key)
}

// DeleteRange removes every key the transaction sees in [start, end) (see
// kv.Writer; TRUNCATE and DROP hold ACCESS EXCLUSIVE on the table first).
func (t *Txn) DeleteRange(ctx context.Context, start, end []byte) error {
	if err := t.CheckWritable("a write"); err != nil {
		return err
	}
	return t.kv.DeleteRange(ctx, start, end)
}

// Commit commits the transaction and releases its locks. A SERIALIZABLE
// transaction may fail here with 40001; it is then rolled back.
func (t *Txn) Commit(ctx context.Context) error {
	if t.done {
		return kv.ErrTxnDone
	}
	t.done = true
	return t.kv.Commit(ctx)
}

// Rollback aborts the transaction and releases its locks. Rolling back a
// finished transaction does nothing.
func (t *Txn) Rollback(ctx context.Context) error {
	if t.done {
		return nil
	}
	t.done = true
	return t.kv.Rollback(ctx)
}

// Done reports whether the transaction has ended.
func (t *Txn) Done() bool { return t.done }

// ErrNoSavepoint is wrapped by the 3B001 error for an unknown savepoint.
var ErrNoSavepoint = errors.New("no such savepoint")

// Savepoint defines a savepoint named name (SAVEPOINT name). Names may
// repeat; ROLLBACK TO and RELEASE use the newest.
func (t *Txn) Savepoint(ctx context.Context, name string) error {
	if t.done {
		return kv.ErrTxnDone
	}
	sp, err := t.kv.Savepoint(ctx)
	if err != nil {
		return err
	}
	t.savepoints = append(t.savepoints, savepoint{name: name, sp: sp})
	return nil
}

func (t *Txn) findSavepoint(name string) (int, error) {
	for i := len(t.savepoints) - 1; i >= 0; i-- {
		if t.savepoints[i].name == name {
			return i, nil
		}
	}
	return 0, pgerror.Wrap(ErrNoSavepoint, pgerror.InvalidSavepointSpecification, "savepoint \"%s\" does not exist", name)
}

// RollbackToSavepoint undoes everything done since the newest savepoint
// named name (ROLLBACK TO SAVEPOINT name): writes, and the row and table
// locks taken since, as PostgreSQL releases a rolled-back subtransaction's
// locks; locks held before it stay, in their earlier strength. Savepoints
// defined after it are destroyed; it stays. It works after an error, which
// is how a session leaves the aborted state of a transaction block.
func (t *Txn) RollbackToSavepoint(ctx context.Context, name string) error {
	if t.done {
		return kv.ErrTxnDone
	}
	i, err := t.findSavepoint(name)
	if err != nil {
		return err
	}
	if err := t.kv.RollbackTo(ctx, t.savepoints[i].sp); err != nil {
		return err
	}
	t.savepoints = t.savepoints[:i+1]
	t.dropTableLevels(i + 1)
	return nil
}

// ReleaseSavepoint destroys the newest savepoint named name and every
// savepoint defined after it, keeping their effects (RELEASE SAVEPOINT).
func (t *Txn) ReleaseSavepoint(ctx context.Context, name string) error {
	if t.done {
		return kv.ErrTxnDone
	}
	i, err := t.findSavepoint(name)
	if err != nil {
		return err
	}
	if err := t.kv.Release(ctx, t.savepoints[i].sp); err != nil {
		return err
	}
	t.savepoints = t.savepoints[:i]
	t.mergeTableLevels(i + 1)
	return nil
}

// level is the current savepoint level: 0 outside any savepoint.
func (t *Txn) level() int { return len(t.savepoints) }

// LockKeyPrefix starts the keys that represent lockable objects in the
// engine's lock manager (never stored data): the storage layer must not
// store keys with this prefix.
var LockKeyPrefix = []byte{0x00, 'L'}

// TableLockKey returns the lock key of relation rel.
func TableLockKey(rel uint32) []byte {
	return binary.BigEndian.AppendUint32(append([]byte(nil), LockKeyPrefix...), rel)
}
