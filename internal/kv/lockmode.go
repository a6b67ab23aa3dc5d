package kv

// LockMode is one of PostgreSQL's eight heavyweight lock modes
// (storage/lockdefs.h; PostgreSQL docs, section 13.3.1), with their conflict
// table. The same modes serve table locks and row locks: PostgreSQL itself
// waits for a row lock by taking a heavyweight lock on the tuple in the mode
// that heapam.c's tupleLockExtraInfo assigns to each row lock strength:
//
//	FOR KEY SHARE      LockAccessShare
//	FOR SHARE          LockRowShare
//	FOR NO KEY UPDATE  LockExclusive
//	FOR UPDATE         LockAccessExclusive
//
// Under that mapping the eight-mode conflict table reproduces the row-lock
// conflict table of section 13.3.2. Package txn applies the mapping; the
// engine only sees modes.
type LockMode uint8

// The lock modes, weakest first. LockNone is the absence of a lock.
const (
	LockNone LockMode = iota
	LockAccessShare
	LockRowShare
	LockRowExclusive
	LockShareUpdateExclusive
	LockShare
	LockShareRowExclusive
	LockExclusive
	LockAccessExclusive
)

// NumLockModes is one more than the strongest mode.
const NumLockModes = 9

// conflicts[m] is the set of modes (as bits 1<<mode) that conflict with m:
// PostgreSQL's LockConflicts table in storage/lmgr/lock.c.
var conflicts = [NumLockModes]uint16{
	LockNone:        0,
	LockAccessShare: 1 << LockAccessExclusive,
	LockRowShare:    1<<LockExclusive | 1<<LockAccessExclusive,
	LockRowExclusive: 1<<LockShare | 1<<LockShareRowExclusive |
		1<<LockExclusive | 1<<LockAccessExclusive,
	LockShareUpdateExclusive: 1<<LockShareUpdateExclusive | 1<<LockShare |
		1<<LockShareRowExclusive | 1<<LockExclusive | 1<<LockAccessExclusive,
	LockShare: 1<<LockRowExclusive | 1<<LockShareUpdateExclusive |
		1<<LockShareRowExclusive | 1<<LockExclusive | 1<<LockAccessExclusive,
	LockShareRowExclusive: 1<<LockRowExclusive | 1<<LockShareUpdateExclusive |
		1<<LockShare | 1<<LockShareRowExclusive | 1<<LockExclusive | 1<<LockAccessExclusive,
	LockExclusive: 1<<LockRowShare | 1<<LockRowExclusive | 1<<LockShareUpdateExclusive |
		1<<LockShare | 1<<LockShareRowExclusive | 1<<LockExclusive | 1<<LockAccessExclusive,
	LockAccessExclusive: 1<<LockAccessShare | 1<<LockRowShare | 1<<LockRowExclusive |
		1<<LockShareUpdateExclusive | 1<<LockShare | 1<<LockShareRowExclusive |
		1<<LockExclusive | 1<<LockAccessExclusive,
}

// Conflicts reports whether a lock in mode m held by one transaction
// prevents another from holding o. The relation is symmetric; LockNone
// conflicts with nothing.
func (m LockMode) Conflicts(o LockMode) bool {
	if m >= NumLockModes || o >= NumLockModes {
		return true
	}
	return conflicts[m]&(1<<o) != 0
}

// ConflictsWithAny reports whether m conflicts with any mode in the set
// held (bits 1<<mode).
func (m LockMode) ConflictsWithAny(held uint16) bool {
	if m >= NumLockModes {
		return held != 0
	}
	return conflicts[m]&held != 0
}

// Valid reports whether m is one of the eight lock modes.
func (m LockMode) Valid() bool { return m > LockNone && m < NumLockModes }

// String returns PostgreSQL's name for the mode, as pg_locks shows it.
func (m LockMode) String() string {
	switch m {
	case LockNone:
		return "NoLock"
	case LockAccessShare:
		return "AccessShareLock"
	case LockRowShare:
		return "RowShareLock"
	case LockRowExclusive:
		return "RowExclusiveLock"
	case LockShareUpdateExclusive:
		return "ShareUpdateExclusiveLock"
	case LockShare:
		return "ShareLock"
	case LockShareRowExclusive:
		return "ShareRowExclusiveLock"
	case LockExclusive:
		return "ExclusiveLock"
	case LockAccessExclusive:
		return "AccessExclusiveLock"
	}
	return "InvalidLock"
}
