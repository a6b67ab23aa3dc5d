package txn

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/tuskdb/tusk/internal/kv"
)

// RowLockStrength is a row lock strength (PostgreSQL docs, section 13.3.2).
type RowLockStrength uint8

// The row lock strengths, weakest first. UPDATE takes ForNoKeyUpdate
// unless it changes a key column (then ForUpdate); DELETE takes ForUpdate;
// INSERT's unique check takes ForUpdate on the key it is about to insert;
// a foreign key check takes ForKeyShare on the referenced row.
const (
	ForKeyShare RowLockStrength = iota + 1
	ForShare
	ForNoKeyUpdate
	ForUpdate
)

// Mode returns the lock mode that represents the strength in the lock
// manager: PostgreSQL's own mapping (heapam.c, tupleLockExtraInfo), under
// which the eight-mode conflict table gives exactly the row-lock conflict
// table.
func (s RowLockStrength) Mode() kv.LockMode {
	switch s {
	case ForKeyShare:
		return kv.LockAccessShare
	case ForShare:
		return kv.LockRowShare
	case ForNoKeyUpdate:
		return kv.LockExclusive
	case ForUpdate:
		return kv.LockAccessExclusive
	}
	return kv.LockNone
}

// String returns the SQL clause, as PostgreSQL's messages spell it.
func (s RowLockStrength) String() string {
	switch s {
	case ForKeyShare:
		return "FOR KEY SHARE"
	case ForShare:
		return "FOR SHARE"
	case ForNoKeyUpdate:
		return "FOR NO KEY UPDATE"
	case ForUpdate:
		return "FOR UPDATE"
	}
	return fmt.Sprintf("RowLockStrength(%d)", uint8(s))
}

// RowLock is the outcome of LockRow.
type RowLock struct {
	// Value and Found are the row's newest version: the transaction's own
	// latest write, or the newest committed version. Found is false when
	// the row has been deleted; the executor then skips it. Value belongs to
	// the caller.
	Value []byte
	Found bool
	// Updated reports, at READ COMMITTED, that the newest version is not the
	// one the statement's snapshot saw: a transaction that committed after
	// the snapshot changed or deleted the row. The executor re-evaluates its
	// WHERE clause on Value (PostgreSQL's EvalPlanQual) and skips the row if
	// it no longer qualifies. At the other levels such a row is an error, so
	// Updated is never set.
	Updated bool
	// Skipped reports that the row was locked by another transaction and
	// the wait policy was SKIP LOCKED: the executor skips the row.
	Skipped bool
}

// LockRow locks the row stored at key with strength, waiting for
// conflicting holders according to wait (NOWAIT: 55P03 "could not obtain
// lock on row in relation ..."; SKIP LOCKED: RowLock.Skipped). relation
// names the table in messages.
//
// This is the executor's side of PostgreSQL's EvalPlanQual protocol: the
// executor reads the row at the statement snapshot, evaluates WHERE, and
// locks the row. If a concurrent transaction held the row and committed a
// change, READ COMMITTED gets the newest version back (Updated) to
// re-check, and REPEATABLE READ and SERIALIZABLE fail with 40001 "could not
// serialize access due to concurrent update" (or "... delete"); if it
// aborted, the version the snapshot saw stands.
func (t *Txn) LockRow(ctx context.Context, key []byte, strength RowLockStrength, wait kv.WaitPolicy, relation string) (RowLock, error) {
	if t.done {
		return RowLock{}, kv.ErrTxnDone
	}
	if t.opts.ReadOnly {
		return RowLock{}, kv.ReadOnly("SELECT " + strength.String())
	}
	mode := strength.Mode()
	if mode == kv.LockNone {
		return RowLock{}, fmt.Errorf("txn: invalid row lock strength %d", strength)
	}
	r, err := t.kv.Lock(ctx, key, kv.LockOptions{
		Mode:     mode,
		Wait:     wait,
		Object:   "row in relation",
		Relation: relation,
	})
	if err != nil || r.Skipped {
		return RowLock{Skipped: r.Skipped}, err
	}
	if r.Newer && t.opts.Isolation != ReadCommitted {
		if !r.Found {
			return RowLock{}, kv.SerializationFailure(kv.MsgConcurrentDelete)
		}
		return RowLock{}, kv.SerializationFailure(kv.MsgConcurrentUpdate)
	}
	return RowLock{Value: r.Value, Found: r.Found, Updated: r.Newer}, nil
}

// LockTable takes a table lock on relation rel in mode, held to the end of
// the transaction (or to a rollback to a savepoint taken before it), as
// every statement does on the tables it uses (ACCESS SHARE for a read, ROW
// EXCLUSIVE for a write, ACCESS EXCLUSIVE for most DDL) and LOCK TABLE does
// explicitly. It waits for conflicting holders according to wait (NOWAIT:
// 55P03 "could not obtain lock on relation ..."), honours lock_timeout, and
// detects deadlocks through table and row locks alike. relation names the
// table in messages. PostgreSQL allows LOCK TABLE in read-only
// transactions, and so does this.
func (t *Txn) LockTable(ctx context.Context, rel uint32, mode kv.LockMode, wait kv.WaitPolicy, relation string) error {
	if t.done {
		return kv.ErrTxnDone
	}
	if !mode.Valid() {
		return fmt.Errorf("txn: invalid lock mode %d", mode)
	}
	if t.tableModes(rel)&(1<<mode) != 0 {
		return nil
	}
	t.lockKey = binary.BigEndian.AppendUint32(append(t.lockKey[:0], LockKeyPrefix...), rel)
	r, err := t.kv.Lock(ctx, t.lockKey, kv.LockOptions{
		Mode:     mode,
		Wait:     wait,
		Object:   "relation",
		Relation: relation,
		Hot:      true,
	})
	if err != nil {
		return err
	}
	if r.Skipped {
		return kv.LockNotAvailable(kv.LockOptions{Object: "relation", Relation: relation}.Describe())
	}
	t.addTableMode(rel, mode)
	return nil
}

// HoldsTableLock reports whether the transaction holds rel in mode.
func (t *Txn) HoldsTableLock(rel uint32, mode kv.LockMode) bool {
	return t.tableModes(rel)&(1<<mode) != 0
}

func (t *Txn) tableModes(rel uint32) uint16 {
	var m uint16
	for _, l := range t.tables {
		if l.rel == rel {
			m |= l.modes
		}
	}
	return m
}

func (t *Txn) addTableMode(rel uint32, mode kv.LockMode) {
	lv := t.level()
	for i := range t.tables {
		if l := &t.tables[i]; l.rel == rel && l.level == lv {
			l.modes |= 1 << mode
			return
		}
	}
	t.tables = append(t.tables, tableLock{rel: rel, level: lv, modes: 1 << mode})
}

// dropTableLevels forgets the table locks taken at level >= from (they
// were released by a rollback to a savepoint).
func (t *Txn) dropTableLevels(from int) {
	kept := t.tables[:0]
	for _, l := range t.tables {
		if l.level < from {
			kept = append(kept, l)
		}
	}
	t.tables = kept
}

// mergeTableLevels moves the table locks at level >= from to level from-1
// (a released savepoint).
func (t *Txn) mergeTableLevels(from int) {
	kept := t.tables[:0]
next:
	for _, l := range t.tables {
		if l.level >= from {
			l.level = from - 1
		}
		for i := range kept {
			if kept[i].rel == l.rel && kept[i].level == l.level {
				kept[i].modes |= l.modes
				continue next
			}
		}
		kept = append(kept, l)
	}
	t.tables = kept
}
