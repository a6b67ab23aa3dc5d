package backend

import (
	"context"
	"fmt"
	"strings"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire"
	"github.com/tuskdb/tusk/internal/storage"
	"github.com/tuskdb/tusk/internal/txn"
)

// txStatus is the transaction-block state (a simplification of
// PostgreSQL's TBLOCK_* states in access/transam/xact.c).
type txStatus uint8

const (
	// txIdle: no transaction.
	txIdle txStatus = iota
	// txImplicit: a transaction that ends with the current statement (or,
	// for a query string of several statements, with the string; for the
	// extended protocol, at Sync).
	txImplicit
	// txBlock: inside BEGIN ... COMMIT.
	txBlock
	// txFailed: inside a block after an error; only ROLLBACK (or COMMIT,
	// which rolls back) and ROLLBACK TO are accepted.
	txFailed
)

// txState is the session's transaction.
type txState struct {
	// routineDepth counts the routine calls in progress (routine.go).
	routineDepth int
	// routinePlans caches the plans of routines' statements for the
	// transaction (routine.go).
	routinePlans map[planKey]*routinePlan
	status       txStatus
	start        time.Time
	isolation    string // "read committed", "repeatable read", "serializable"
	readOnly     bool
	deferrable   bool
	// snapshotTaken is set once a query ran, after which the isolation
	// level cannot change.
	snapshotTaken bool
	savepoints    []string
	// marks hold the storage and catalog state of each savepoint.
	marks []savepointMark
	// sessMarks hold, per savepoint, how far the session's cursors and
	// LISTEN/NOTIFY queue had got (subxact.go).
	sessMarks []sessionMark

	// kv is the key-value transaction and cat the catalog view, for the
	// life of the transaction.
	kv  *storage.TxnKV
	cat *catalog.Txn
	// analyzed is set when ANALYZE stored statistics in the transaction.
	analyzed bool
	// loFDs are the open large-object descriptors, indexed by descriptor
	// (largeobj.go).
	loFDs []*loDesc
}

// savepointMark is a savepoint's place in the key-value transaction (its
// name there; "" when the transaction had not started) and the catalog.
type savepointMark struct {
	kv  string
	cat catalog.Mark
}

func (t *txState) wireStatus() pgwire.TxStatus {
	switch t.status {
	case txBlock:
		return pgwire.TxBlock
	case txFailed:
		return pgwire.TxFailed
	}
	return pgwire.TxIdle
}

func (b *Backend) txnStartTime() time.Time {
	if b.tx.status == txIdle {
		return time.Now()
	}
	return b.tx.start
}

// beginImplicit starts a transaction for a statement when none is open.
func (b *Backend) beginImplicit() {
	if b.tx.status != txIdle {
		return
	}
	b.tx = txState{status: txImplicit, start: time.Now()}
	if b.srv.Catalog != nil {
		b.tx.cat = b.srv.Catalog.Begin()
		b.tableCache = nil
	}
	b.tx.isolation, _ = b.sess.Get("default_transaction_isolation")
	b.tx.readOnly = b.sess.Bool("default_transaction_read_only")
	b.tx.deferrable = b.sess.Bool("default_transaction_deferrable")
	b.sess.BeginTx()
}

// startKV starts the key-value transaction with the transaction's
// characteristics, when the first statement that reads or writes data
// needs it (so BEGIN ISOLATION LEVEL and SET TRANSACTION come first).
func (b *Backend) startKV(ctx context.Context) error {
	if b.tx.kv != nil || b.srv.Engine == nil {
		return nil
	}
	opts := txn.Options{
		Isolation:  txn.ReadCommitted,
		ReadOnly:   b.tx.readOnly,
		Deferrable: b.tx.deferrable,
		Owner:      b.opts.PID,
	}
	switch b.tx.isolation {
	case "repeatable read":
		opts.Isolation = txn.RepeatableRead
	case "serializable":
		opts.Isolation = txn.Serializable
	}
	opts.LockTimeout = b.sess.LockTimeout()
	opts.DeadlockTimeout = b.sess.Duration("deadlock_timeout")
	if v, _ := b.sess.Get("synchronous_commit"); v == "off" {
		opts.Sync = kv.SyncOff
	}
	t, err := b.srv.Engine.Begin(ctx, opts)
	if err != nil {
		return err
	}
	b.tx.kv = &storage.TxnKV{T: t}
	return nil
}

// commitTransaction commits the open transaction.
func (b *Backend) commitTransaction() error {
	ctx := context.Background()
	if err := b.checkDeferred(true); err != nil {
		b.abortTransaction()
		return err
	}
	if err := b.onCommitActions(); err != nil {
		b.abortTransaction()
		return err
	}
	if err := b.holdCursors(); err != nil {
		b.abortTransaction()
		return err
	}
	if b.tx.kv != nil {
		ver, err := b.tx.cat.PrepareCommit(ctx, b.tx.kv)
		if err != nil {
			b.abortTransaction()
			return err
		}
		if err := b.tx.kv.T.Commit(ctx); err != nil {
			b.tx.cat.Abort()
			b.tableCache = nil
			b.abortTransaction()
			return err
		}
		b.tx.cat.Published(ver)
		if ver != 0 {
			b.tableCache = nil
		}
		if b.tx.analyzed {
			b.srv.Catalog.StatsChanged()
		}
	}
	b.sess.CommitTx()
	b.deliverNotifies()
	b.endTransaction()
	b.autoAnalyze()
	return nil
}

// abortTransaction rolls back the open transaction, if any.
func (b *Backend) abortTransaction() {
	if b.tx.status == txIdle {
		return
	}
	if b.tx.kv != nil {
		b.tx.kv.T.Rollback(context.Background())
	}
	if b.tx.cat != nil {
		b.tx.cat.Abort()
		b.tableCache = nil
	}
	b.sess.AbortTx()
	b.endTransaction()
}

// startStatementSnapshot gives a READ COMMITTED statement a fresh view of
// the data and the catalog.
func (b *Backend) startStatementSnapshot() error {
	if b.srv.Engine == nil {
		return nil
	}
	ctx := context.Background()
	if err := b.startKV(ctx); err != nil {
		return err
	}
	if err := b.tx.kv.T.StartStatement(ctx); err != nil {
		return err
	}
	b.snapFresh = true
	if b.tx.isolation == "read committed" || !b.tx.snapshotTaken {
		b.tx.cat.Refresh()
		b.tableCache = nil
	}
	return nil
}

func (b *Backend) endTransaction() {
	b.endNotifies()
	for name, p := range b.portals {
		if p.sqlCursor != nil && p.sqlCursor.held {
			continue
		}
		p.close()
		delete(b.portals, name)
	}
	if b.tx.analyzed && b.tx.cat != nil {
		b.tx.cat.DropPendingStats()
	}
	b.tx = txState{}
	b.snapFresh = false
}

// abortAfterError puts the transaction into the state PostgreSQL's
// AbortCurrentTransaction leaves it in after an error: an implicit
// transaction is rolled back; an explicit block becomes failed, with the
// settings changed since the innermost savepoint (or the block's start)
// undone.
func (b *Backend) abortAfterError() {
	switch b.tx.status {
	case txImplicit:
		b.abortTransaction()
	case txBlock:
		if len(b.tx.savepoints) > 0 {
			b.sess.RollbackToSavepoint()
		} else {
			b.sess.AbortTx()
			b.sess.BeginTx()
		}
		b.tx.status = txFailed
		b.releaseFailed()
	}
}

// releaseFailed undoes a failed block's work back to its innermost
// savepoint, or all of it, at once, as PostgreSQL's (sub)transaction abort
// does: the locks it took are released while the client has yet to send
// ROLLBACK, so it does not keep others waiting.
func (b *Backend) releaseFailed() {
	ctx := context.Background()
	if n := len(b.tx.marks); n > 0 {
		m := b.tx.marks[n-1]
		if m.kv != "" {
			if err := b.tx.kv.T.RollbackToSavepoint(ctx, m.kv); err == nil {
				return
			}
		} else if b.tx.kv == nil {
			return
		}
	}
	if b.tx.kv != nil {
		b.tx.kv.T.Rollback(ctx)
		b.tx.kv = nil
	}
	if len(b.tx.marks) == 0 && b.tx.cat != nil {
		b.tx.cat.Abort()
		b.tableCache = nil
	}
}

// transactionStmt executes BEGIN, COMMIT, ROLLBACK and the savepoint
// commands, returning the command tag. implicitBlock is set while running
// a query string of several statements.
func (b *Backend) transactionStmt(s *pg_query.TransactionStmt) (string, error) {
	switch s.Kind {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
		tag := "BEGIN"
		if s.Kind == pg_query.TransactionStmtKind_TRANS_STMT_START {
			tag = "START TRANSACTION"
		}
		switch b.tx.status {
		case txBlock, txFailed:
			b.conn.SendNotice(pgerror.Warning(pgerror.ActiveSQLTransaction, "there is already a transaction in progress"))
		default:
			b.beginImplicit()
			b.tx.status = txBlock
		}
		if err := b.applyTxOptions(s.Options, false); err != nil {
			return "", err
		}
		return tag, nil
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT:
		if s.Chain && b.tx.status == txImplicit {
			return "", pgerror.New(pgerror.NoActiveSQLTransaction, "COMMIT AND CHAIN can only be used in transaction blocks")
		}
		return b.endBlock(true, s.Chain)
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		if s.Chain && b.tx.status == txImplicit {
			return "", pgerror.New(pgerror.NoActiveSQLTransaction, "ROLLBACK AND CHAIN can only be used in transaction blocks")
		}
		return b.endBlock(false, s.Chain)
	case pg_query.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		if b.tx.status != txBlock {
			return "", pgerror.New(pgerror.NoActiveSQLTransaction, "SAVEPOINT can only be used in transaction blocks")
		}
		b.tx.savepoints = append(b.tx.savepoints, s.SavepointName)
		b.sess.Savepoint()
		b.markSavepoint()
		if b.tx.cat != nil {
			m := savepointMark{cat: b.tx.cat.Savepoint()}
			if b.tx.kv != nil {
				b.spSeq++
				m.kv = fmt.Sprintf("sp%d", b.spSeq)
				if err := b.tx.kv.T.Savepoint(context.Background(), m.kv); err != nil {
					return "", err
				}
			}
			b.tx.marks = append(b.tx.marks, m)
		}
		return "SAVEPOINT", nil
	case pg_query.TransactionStmtKind_TRANS_STMT_RELEASE:
		if b.tx.status != txBlock {
			return "", pgerror.New(pgerror.NoActiveSQLTransaction, "RELEASE SAVEPOINT can only be used in transaction blocks")
		}
		i := b.findSavepoint(s.SavepointName)
		if i < 0 {
			return "", pgerror.New(pgerror.InvalidSavepointSpecification, `savepoint "%s" does not exist`, s.SavepointName)
		}
		b.releaseSavepoint(i)
		for len(b.tx.savepoints) > i {
			b.tx.savepoints = b.tx.savepoints[:len(b.tx.savepoints)-1]
			b.sess.ReleaseSavepoint()
			if len(b.tx.marks) > 0 {
				m := b.tx.marks[len(b.tx.marks)-1]
				b.tx.marks = b.tx.marks[:len(b.tx.marks)-1]
				if m.kv != "" {
					if err := b.tx.kv.T.ReleaseSavepoint(context.Background(), m.kv); err != nil {
						return "", err
					}
				}
			}
		}
		return "RELEASE", nil
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		if b.tx.status != txBlock && b.tx.status != txFailed {
			return "", pgerror.New(pgerror.NoActiveSQLTransaction, "ROLLBACK TO SAVEPOINT can only be used in transaction blocks")
		}
		i := b.findSavepoint(s.SavepointName)
		if i < 0 {
			return "", pgerror.New(pgerror.InvalidSavepointSpecification, `savepoint "%s" does not exist`, s.SavepointName)
		}
		b.rollbackToSavepoint(i)
		for len(b.tx.savepoints) > i+1 {
			b.tx.savepoints = b.tx.savepoints[:len(b.tx.savepoints)-1]
			b.sess.AbortSavepoint()
			if len(b.tx.marks) > 0 {
				b.tx.marks = b.tx.marks[:len(b.tx.marks)-1]
			}
		}
		b.sess.RollbackToSavepoint()
		if len(b.tx.marks) > i {
			m := b.tx.marks[i]
			switch {
			case m.kv != "" && b.tx.kv != nil:
				if err := b.tx.kv.T.RollbackToSavepoint(context.Background(), m.kv); err != nil {
					return "", err
				}
			case b.tx.kv != nil:
				// The key-value transaction started after the savepoint:
				// nothing before it was written.
				b.tx.kv.T.Rollback(context.Background())
				b.tx.kv = nil
				if err := b.startKV(context.Background()); err != nil {
					return "", err
				}
			}
			b.tx.cat.RollbackTo(m.cat)
			b.tableCache = nil
		}
		b.tx.status = txBlock
		return "ROLLBACK", nil
	case pg_query.TransactionStmtKind_TRANS_STMT_PREPARE, pg_query.TransactionStmtKind_TRANS_STMT_COMMIT_PREPARED,
		pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_PREPARED:
		return "", pgerror.New(pgerror.FeatureNotSupported, "prepared transactions are not supported")
	}
	return "", pgerror.New(pgerror.FeatureNotSupported, "transaction statement is not supported")
}

func (b *Backend) findSavepoint(name string) int {
	for i := len(b.tx.savepoints) - 1; i >= 0; i-- {
		if b.tx.savepoints[i] == name {
			return i
		}
	}
	return -1
}

// endBlock is COMMIT (commit=true) or ROLLBACK.
func (b *Backend) endBlock(commit, chain bool) (string, error) {
	tag := "ROLLBACK"
	if commit {
		tag = "COMMIT"
	}
	saved := b.tx
	switch b.tx.status {
	case txIdle:
		b.conn.SendNotice(pgerror.Warning(pgerror.NoActiveSQLTransaction, "there is no transaction in progress"))
		return tag, nil
	case txImplicit:
		// COMMIT or ROLLBACK inside a multi-statement string: end the
		// implicit block, with a warning, as PostgreSQL does.
		b.conn.SendNotice(pgerror.Warning(pgerror.NoActiveSQLTransaction, "there is no transaction in progress"))
		if commit {
			if err := b.commitTransaction(); err != nil {
				return "", err
			}
		} else {
			b.abortTransaction()
		}
		return tag, nil
	case txFailed:
		b.abortTransaction()
		tag = "ROLLBACK"
	default:
		if commit {
			if err := b.commitTransaction(); err != nil {
				return "", err
			}
		} else {
			b.abortTransaction()
		}
	}
	if chain {
		b.beginImplicit()
		b.tx.status = txBlock
		b.tx.isolation, b.tx.readOnly, b.tx.deferrable = saved.isolation, saved.readOnly, saved.deferrable
	}
	return tag, nil
}

// applyTxOptions applies BEGIN's or SET TRANSACTION's options.
func (b *Backend) applyTxOptions(opts []*pg_query.Node, setTransaction bool) error {
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		c := d.Arg.GetAConst()
		switch d.Defname {
		case "transaction_isolation":
			if b.tx.snapshotTaken && setTransaction {
				return pgerror.New(pgerror.ActiveSQLTransaction, "SET TRANSACTION ISOLATION LEVEL must be called before any query")
			}
			b.tx.isolation = strings.ToLower(c.GetSval().GetSval())
		case "transaction_read_only":
			b.tx.readOnly = c.GetIval().GetIval() != 0
		case "transaction_deferrable":
			b.tx.deferrable = c.GetIval().GetIval() != 0
		}
	}
	return nil
}
