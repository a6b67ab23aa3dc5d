package pebblekv

import (
	"bytes"
	"context"
	"encoding/binary"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/tuskdb/tusk/internal/kv"
)

var _ kv.Txn = (*txn)(nil)

// txn implements kv.Txn. Its fields are owned by the session's goroutine,
// except mu/changed (read by lock waiters) and the wait-for fields (guarded
// by db.graphMu).
type txn struct {
	db              *DB
	opts            kv.TxnOptions
	lockTimeout     time.Duration
	deadlockTimeout time.Duration
	sync            bool

	snap      uint64 // the current snapshot (a commit sequence)
	done      bool
	openIters int

	// levels is the savepoint stack; levels[0] is the transaction itself.
	levels   []level
	levelBuf [1]level // levels' first backing array
	// holdBuf holds the transaction's first in-memory lock holdings
	// (lockTable.grantMem), nhold of them used.
	holdBuf [2]holding
	nhold   int
	// strongShards are the lock shards whose strong count the transaction
	// raised (lockShard.strong), to lower at its end.
	strongShards []*lockShard
	nextSP       kv.Savepoint
	// ownIDs lists every ID the transaction allocated, ascending.
	ownIDs []uint64

	held heldSet

	reads []span // serializable transactions: what was read, to validate

	// pending is the transaction's latest exclusive lock (from Lock, Put or
	// Delete) with, for Put and Delete, the write itself: held in the lock
	// table, not yet written to the LSM. It is written (as the write's
	// version, or a lock record) when the transaction locks or writes
	// another key, reads, or takes a savepoint; at commit it joins the
	// commit record's batch. So INSERT's unique check and UPDATE's row lock
	// followed by the write cost one LSM write, and a transaction's last
	// write costs none of its own. Memory stays bounded: one key.
	pending *pendingLock

	mu      sync.Mutex
	changed chan struct{} // closed whenever the transaction releases locks

	// Wait-for graph, guarded by db.graphMu.
	waitsFor   []*txn
	waitMode   kv.LockMode
	waitObject kv.LockOptions // describes the awaited object
	// deadlock receives from a detector that chose this transaction as
	// victim. It is made by the transaction's first wait, before the wait
	// is published in the wait-for graph (setWait), where detectors find
	// it.
	deadlock chan string

	buf    []byte
	bufArr [64]byte // buf's first backing array
}

// level is one savepoint level: the ID its writes carry (allocated at the
// first write) and every ID that belongs to it, including those of released
// inner savepoints.
type level struct {
	sp  kv.Savepoint
	id  uint64
	ids []uint64
}

// span is a key range read at snapshot snap: [start, end), nil end meaning
// unbounded.
type span struct {
	start, end []byte
	snap       uint64
}

// Begin implements kv.DB.
func (db *DB) Begin(ctx context.Context, opts kv.TxnOptions) (kv.Txn, error) {
	if err := db.check(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	t := &txn{
		db:              db,
		opts:            opts,
		lockTimeout:     opts.LockTimeout,
		deadlockTimeout: opts.DeadlockTimeout,
	}
	t.levels = t.levelBuf[:1]
	t.buf = t.bufArr[:0]
	if t.deadlockTimeout <= 0 {
		t.deadlockTimeout = kv.DefaultDeadlockTimeout
	}
	switch opts.Sync {
	case kv.SyncOn:
		t.sync = true
	case kv.SyncOff:
		t.sync = false
	default:
		t.sync = !db.opts.NoSync
	}
	t.snap = db.snaps.acquire(&db.cq.visible)
	return t, nil
}

func (t *txn) check() error {
	if t.done {
		return kv.ErrTxnDone
	}
	return t.db.check()
}

func (t *txn) checkWrite() error {
	if err := t.check(); err != nil {
		return err
	}
	if t.opts.ReadOnly {
		return kv.ReadOnly("a write")
	}
	return nil
}

func (t *txn) SetLockTimeout(d time.Duration) { t.lockTimeout = d }

// changedCh returns the channel closed at t's next release of locks.
func (t *txn) changedCh() <-chan struct{} {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.changed == nil {
		t.changed = make(chan struct{})
	}
	return t.changed
}

// notify wakes everyone waiting for t to release something.
func (t *txn) notify() {
	t.mu.Lock()
	if t.changed != nil {
		close(t.changed)
		t.changed = nil
	}
	t.mu.Unlock()
}

// isOwn reports whether id is one of t's IDs.
func (t *txn) isOwn(id uint64) bool {
	_, ok := slices.BinarySearch(t.ownIDs, id)
	return ok
}

// sees reports whether a version written by id is visible to t at
// snapshot snap: t's own (not rolled back) writes and commits up to snap.
func (t *txn) sees(id, snap uint64) bool {
	st := t.db.status.get(id)
	if st == stInProgress {
		return t.isOwn(id)
	}
	c, ok := commitSeqOf(st)
	return ok && c <= snap
}

// writeID returns the ID that t's writes carry at the current savepoint
// level, allocating it at the first write.
func (t *txn) writeID() uint64 {
	l := &t.levels[len(t.levels)-1]
	if l.id == 0 {
		l.id = t.db.newID(t)
		l.ids = append(l.ids, l.id)
		t.ownIDs = append(t.ownIDs, l.id)
	}
	return l.id
}

func (t *txn) liveIDs() []uint64 {
	var ids []uint64
	for _, l := range t.levels {
		ids = append(ids, l.ids...)
	}
	return ids
}

func (t *txn) Get(ctx context.Context, key []byte) ([]byte, bool, error) {
	if err := t.check(); err != nil {
		return nil, false, err
	}
	if err := t.flushPendingWrite(); err != nil {
		return nil, false, err
	}
	r := t.db.readers.enter()
	defer t.db.readers.exit(r)
	it, err := t.db.pdb.NewIterWithContext(ctx, &pebble.IterOptions{})
	if err != nil {
		return nil, false, err
	}
	defer it.Close()
	if t.opts.Isolation == kv.Serializable {
		t.recordRead(key, append(append([]byte(nil), key...), 0))
	}
	t.buf = appendDataPrefix(t.buf[:0], key)
	for ok := it.SeekPrefixGE(t.buf); ok; ok = it.Next() {
		v, err := it.ValueAndErr()
		if err != nil {
			return nil, false, err
		}
		kind, id, payload, good := decodeRecord(v)
		if !good {
			return nil, false, errCorrupt(it.Key())
		}
		if isLock(kind) || !t.sees(id, t.snap) {
			continue
		}
		if kind == kindTombstone {
			return nil, false, nil
		}
		return bytes.Clone(payload), true, nil
	}
	return nil, false, it.Error()
}

// pendingLock is a transaction's latest exclusive lock, and possibly its
// latest write of the locked key, not yet in the LSM (see txn.pending).
type pendingLock struct {
	e    *lockEntry
	key  []byte
	mode kv.LockMode
	ks   keyState // the key as read when the lock was granted
	// kind is 0 for a lock alone, else the kind of the buffered write.
	kind  byte
	value []byte
}

// record returns the version the pending lock or write becomes.
func (p *pendingLock) record() (byte, []byte) {
	ax := p.mode == kv.LockAccessExclusive
	switch {
	case p.kind == 0 && ax:
		return kindLockAX, nil
	case p.kind == 0:
		return kindLockExcl, nil
	case p.kind == kindValue && ax:
		return kindValueAX, p.value
	}
	return p.kind, p.value
}

const exclusiveBits = 1<<kv.LockExclusive | 1<<kv.LockAccessExclusive

// flushPending writes the pending lock or write as a version, which holds
// the lock from then on.
func (t *txn) flushPending() error {
	p := t.pending
	if p == nil {
		return nil
	}
	t.pending = nil
	kind, value := p.record()
	lt := t.db.locks
	p.e.mu.Lock()
	err := t.writeVersion(p.key, kind, value)
	gone := false
	if err == nil {
		gone = lt.dropMem(p.e, t, exclusiveBits)
	}
	p.e.mu.Unlock()
	if gone {
		lt.unref(p.e)
	}
	return err
}

// flushPendingWrite makes a buffered write visible to the transaction's
// reads.
func (t *txn) flushPendingWrite() error {
	if t.pending != nil && t.pending.kind != 0 {
		return t.flushPending()
	}
	return nil
}

// serializationCheck fails a write at REPEATABLE READ or SERIALIZABLE
// whose key has a committed version newer than the snapshot.
func (t *txn) serializationCheck(ks *keyState) error {
	if t.opts.Isolation == kv.ReadCommitted || !ks.newer(t.snap) {
		return nil
	}
	if ks.tomb {
		return kv.SerializationFailure(kv.MsgConcurrentDelete)
	}
	return kv.SerializationFailure(kv.MsgConcurrentUpdate)
}

// keyState is what the lock path learns from a key's versions.
type keyState struct {
	// ownMode is the strongest lock t holds through its own versions.
	ownMode kv.LockMode
	// holderID/holderMode: another transaction's running (or committing)
	// versions and the strongest lock they hold.
	holderID   uint64
	holderMode kv.LockMode
	// The newest version: t's own latest write (own) or the newest
	// committed one, at commit sequence seq.
	own   bool
	found bool
	tomb  bool
	val   []byte
	seq   uint64
}

func modeOfKind(k byte) kv.LockMode {
	switch k {
	case kindValue, kindLockExcl:
		return kv.LockExclusive
	case kindValueAX, kindTombstone, kindLockAX:
		return kv.LockAccessExclusive
	}
	return kv.LockNone
}

// readKey reads the versions of key newer than its newest committed one.
// Running versions are always the newest: a writer holds the key's lock
// from its write to its end, so versions of different writers are ordered
// by their commits.
func (t *txn) readKey(key []byte) (keyState, error) {
	var ks keyState
	// Locks are often taken on keys about to be inserted, which exist
	// nowhere: let the bloom filters of the last level answer too.
	r := t.db.readers.enter()
	defer t.db.readers.exit(r)
	it, err := t.db.pdb.NewIter(&pebble.IterOptions{UseL6Filters: true})
	if err != nil {
		return ks, err
	}
	defer it.Close()
	t.buf = appendDataPrefix(t.buf[:0], key)
	haveData := false
	for ok := it.SeekPrefixGE(t.buf); ok; ok = it.Next() {
		v, err := it.ValueAndErr()
		if err != nil {
			return ks, err
		}
		kind, id, payload, good := decodeRecord(v)
		if !good {
			return ks, errCorrupt(it.Key())
		}
		st := t.db.status.get(id)
		switch {
		case st == stAborted:
			continue
		case stillHeld(st):
			if st == stInProgress && t.isOwn(id) {
				ks.ownMode = max(ks.ownMode, modeOfKind(kind))
				if !haveData && kind <= kindTombstone {
					haveData = true
					ks.own = true
					ks.found = isValue(kind)
					ks.tomb = kind == kindTombstone
					if ks.found {
						ks.val = bytes.Clone(payload)
					}
				}
				continue
			}
			if ks.holderID == 0 {
				ks.holderID = id
			}
			ks.holderMode = max(ks.holderMode, modeOfKind(kind))
			continue
		}
		if isLock(kind) {
			continue
		}
		if !haveData {
			ks.seq, _ = commitSeqOf(st)
			ks.found = isValue(kind)
			ks.tomb = kind == kindTombstone
			if ks.found {
				ks.val = bytes.Clone(payload)
			}
		}
		break
	}
	return ks, it.Error()
}

// newer reports whether the key's newest committed version is newer than
// t's snapshot (and t has not written the key itself).
func (ks *keyState) newer(snap uint64) bool {
	return !ks.own && ks.seq > snap
}

// writeVersion writes a version of key at t's current level.
func (t *txn) writeVersion(key []byte, kind byte, payload []byte) error {
	id := t.writeID()
	ver := t.db.seq.next()
	k := appendVersionKey(make([]byte, 0, len(key)+11), key, ver)
	v := appendRecord(make([]byte, 0, recordHeaderLen+len(payload)), kind, id, payload)
	return t.db.pdb.Set(k, v, pebble.NoSync)
}

func (t *txn) write(ctx context.Context, key []byte, kind byte, value []byte) error {
	if err := t.checkWrite(); err != nil {
		return err
	}
	mode := kv.LockExclusive
	if kind == kindTombstone {
		mode = kv.LockAccessExclusive
	}
	if p := t.pending; p != nil {
		if p.mode >= mode && bytes.Equal(p.key, key) {
			// The pending lock covers the write: no other transaction can
			// have written the key since it was read.
			if err := t.serializationCheck(&p.ks); err != nil {
				return err
			}
			p.kind, p.value = kind, append(p.value[:0], value...)
			return nil
		}
		if err := t.flushPending(); err != nil {
			return err
		}
	}
	_, _, err := t.acquire(ctx, key, mode, kv.Wait, kv.LockOptions{}, func(ks *keyState, e *lockEntry) error {
		if err := t.serializationCheck(ks); err != nil {
			return err
		}
		// Buffer the write under a lock-table lock until the transaction
		// moves on; if it commits first, the write joins the commit record.
		t.db.locks.grantMem(e, t, mode, len(t.levels)-1)
		t.pending = &pendingLock{e: e, key: bytes.Clone(key), mode: mode, ks: *ks, kind: kind, value: bytes.Clone(value)}
		return nil
	})
	return err
}

func (t *txn) Put(ctx context.Context, key, value []byte) error {
	return t.write(ctx, key, kindValue, value)
}

func (t *txn) Delete(ctx context.Context, key []byte) error {
	return t.write(ctx, key, kindTombstone, nil)
}

func (t *txn) DeleteRange(ctx context.Context, start, end []byte) error {
	if err := t.checkWrite(); err != nil {
		return err
	}
	it, err := t.Scan(ctx, start, end, false)
	if err != nil {
		return err
	}
	defer it.Close()
	var k []byte
	for it.Next() {
		k = append(k[:0], it.Key()...)
		if err := t.Delete(ctx, k); err != nil {
			return err
		}
	}
	return it.Err()
}

func (t *txn) Lock(ctx context.Context, key []byte, opts kv.LockOptions) (kv.LockResult, error) {
	if err := t.check(); err != nil {
		return kv.LockResult{}, err
	}
	if !opts.Mode.Valid() {
		return kv.LockResult{}, errBadMode(opts.Mode)
	}
	if opts.Mode >= kv.LockExclusive && t.opts.ReadOnly {
		return kv.LockResult{}, kv.ReadOnly("SELECT FOR UPDATE")
	}
	if p := t.pending; p != nil && (p.kind != 0 || !bytes.Equal(p.key, key)) {
		if err := t.flushPending(); err != nil {
			return kv.LockResult{}, err
		}
	}
	if opts.Hot && opts.Mode >= kv.LockExclusive {
		s := t.db.locks.shard(key)
		s.strong.Add(1)
		t.strongShards = append(t.strongShards, s)
	}
	var apply func(*keyState, *lockEntry) error
	if opts.Mode >= kv.LockExclusive {
		apply = func(ks *keyState, e *lockEntry) error {
			return t.pendLock(ks, e, key, opts.Mode)
		}
	}
	ks, skipped, err := t.acquire(ctx, key, opts.Mode, opts.Wait, opts, apply)
	if err != nil || skipped {
		return kv.LockResult{Skipped: skipped}, err
	}
	return kv.LockResult{Value: ks.val, Found: ks.found, Newer: ks.newer(t.snap)}, nil
}

// pendLock holds an exclusive lock in the lock table until the key is
// written or the transaction moves on (see pendingLock); acquire calls it
// under the key's latch.
func (t *txn) pendLock(ks *keyState, e *lockEntry, key []byte, mode kv.LockMode) error {
	if ks.ownMode >= mode {
		return nil
	}
	t.db.locks.grantMem(e, t, mode, len(t.levels)-1)
	if t.pending != nil {
		t.pending.mode = max(t.pending.mode, mode)
	} else {
		t.pending = &pendingLock{e: e, key: bytes.Clone(key), mode: mode, ks: *ks}
	}
	return nil
}

func (t *txn) Refresh(ctx context.Context) error {
	if err := t.check(); err != nil {
		return err
	}
	old := t.snap
	t.snap = t.db.snaps.acquire(&t.db.cq.visible)
	t.db.snaps.release(old)
	return nil
}

func (t *txn) Savepoint(ctx context.Context) (kv.Savepoint, error) {
	if err := t.check(); err != nil {
		return 0, err
	}
	// A pending lock never spans a savepoint, so rolling back to one
	// releases it with the lock table entries of the levels it drops.
	if err := t.flushPending(); err != nil {
		return 0, err
	}
	t.nextSP++
	t.levels = append(t.levels, level{sp: t.nextSP})
	return t.nextSP, nil
}

func (t *txn) findLevel(sp kv.Savepoint) int {
	for i := len(t.levels) - 1; i > 0; i-- {
		if t.levels[i].sp == sp {
			return i
		}
	}
	return -1
}

func (t *txn) RollbackTo(ctx context.Context, sp kv.Savepoint) error {
	if err := t.check(); err != nil {
		return err
	}
	l := t.findLevel(sp)
	if l < 0 {
		return kv.ErrInvalidSavepoint
	}
	// Abort the subtransactions: their versions become invisible, and the
	// locks those versions hold are released with them.
	for _, lv := range t.levels[l:] {
		for _, id := range lv.ids {
			t.db.status.set(id, stAborted)
			t.db.owners.remove(id)
		}
	}
	t.db.locks.rollbackHoldings(t, l)
	t.pending = nil
	t.levels = t.levels[:l+1]
	t.levels[l] = level{sp: sp}
	t.notify()
	return nil
}

func (t *txn) Release(ctx context.Context, sp kv.Savepoint) error {
	if err := t.check(); err != nil {
		return err
	}
	l := t.findLevel(sp)
	if l < 0 {
		return kv.ErrInvalidSavepoint
	}
	parent := &t.levels[l-1]
	for _, lv := range t.levels[l:] {
		parent.ids = append(parent.ids, lv.ids...)
	}
	t.db.locks.releaseHoldings(t, l)
	t.levels = t.levels[:l]
	return nil
}

func (t *txn) Commit(ctx context.Context) error {
	if err := t.check(); err != nil {
		return err
	}
	db := t.db
	// A buffered last write goes into the commit record's batch.
	var lastKey, lastRecord []byte
	if p := t.pending; p != nil && p.kind != 0 {
		kind, value := p.record()
		id := t.writeID()
		lastKey = appendVersionKey(make([]byte, 0, len(p.key)+11), p.key, db.seq.next())
		lastRecord = appendRecord(make([]byte, 0, recordHeaderLen+len(value)), kind, id, value)
	}
	live := t.liveIDs()
	if len(live) == 0 {
		// Nothing to make durable: a read-only transaction, or one whose
		// writes were all rolled back to savepoints. A read-only
		// serializable transaction never fails (README.md, "Serializable").
		t.finish()
		return nil
	}
	slot := db.cq.enqueue(&db.seq, func(c uint64) {
		for _, id := range live {
			db.status.set(id, c|committingBit)
		}
	})
	if t.opts.Isolation == kv.Serializable && len(t.reads) > 0 {
		conflict, err := t.validate(slot.seq)
		if conflict || err != nil {
			for _, id := range live {
				db.status.set(id, stAborted)
			}
			db.cq.finish(slot)
			t.finish()
			if err != nil {
				return err
			}
			return kv.ReadWriteConflict()
		}
	}
	b := db.pdb.NewBatch()
	defer b.Close()
	if lastKey != nil {
		_ = b.Set(lastKey, lastRecord, nil)
	}
	var seq [8]byte
	binary.BigEndian.PutUint64(seq[:], slot.seq)
	for _, id := range live {
		_ = b.Set(clogKey(id), seq[:], nil)
	}
	opts := pebble.NoSync
	if t.sync {
		opts = pebble.Sync
	} else {
		db.asyncPending.Store(true)
	}
	if err := b.Commit(opts); err != nil {
		// Whether the record reached the log is unknown: stop the engine,
		// as PostgreSQL PANICs on a failed WAL write.
		db.fail(err)
		for _, id := range live {
			db.status.set(id, stAborted)
		}
		db.cq.finish(slot)
		t.finish()
		return err
	}
	db.cq.finish(slot)
	<-slot.published
	for _, id := range live {
		db.status.set(id, slot.seq)
	}
	t.finish()
	return nil
}

func (t *txn) Rollback(ctx context.Context) error {
	if t.done {
		return nil
	}
	for _, id := range t.liveIDs() {
		t.db.status.set(id, stAborted)
	}
	t.finish()
	return nil
}

// finish ends t after its outcome is in the status table: it releases the
// locks and the snapshot and wakes waiters.
func (t *txn) finish() {
	t.done = true
	for _, id := range t.ownIDs {
		t.db.owners.remove(id)
	}
	t.pending = nil
	t.db.locks.releaseAll(t)
	for _, s := range t.strongShards {
		s.strong.Add(-1)
	}
	t.strongShards = nil
	t.db.snaps.release(t.snap)
	t.reads = nil
	t.notify()
}

// recordRead notes that a serializable transaction read [start, end) at
// its current snapshot.
func (t *txn) recordRead(start, end []byte) {
	t.reads = append(t.reads, span{start: bytes.Clone(start), end: bytes.Clone(end), snap: t.snap})
	if len(t.reads) > maxReadSpans {
		t.reads = coalesceSpans(t.reads, maxReadSpans/2)
	}
}

// maxReadSpans bounds the read set of a serializable transaction; beyond it
// neighbouring spans merge into covering ones, which can only add false
// conflicts.
const maxReadSpans = 1 << 14

// coalesceSpans sorts spans, merges overlapping ones, and then merges
// neighbours until at most limit remain. A merged span keeps the oldest
// snapshot of its parts.
func coalesceSpans(s []span, limit int) []span {
	sort.Slice(s, func(i, j int) bool { return bytes.Compare(s[i].start, s[j].start) < 0 })
	out := s[:0]
	for _, x := range s {
		if n := len(out); n > 0 && (out[n-1].end == nil || bytes.Compare(x.start, out[n-1].end) <= 0) {
			p := &out[n-1]
			if p.end != nil && (x.end == nil || bytes.Compare(x.end, p.end) > 0) {
				p.end = x.end
			}
			p.snap = min(p.snap, x.snap)
			continue
		}
		out = append(out, x)
	}
	for len(out) > limit {
		merged := out[:0]
		for i := 0; i < len(out); i += 2 {
			x := out[i]
			if i+1 < len(out) {
				y := out[i+1]
				x.end = y.end
				x.snap = min(x.snap, y.snap)
			}
			merged = append(merged, x)
		}
		out = merged
	}
	return out
}

// validate reports whether a transaction that committed after a span's
// snapshot and before commit sequence c wrote into the span (README.md,
// "Serializable"). Every such writer wrote its versions before taking its
// commit sequence, so they are in the LSM now.
func (t *txn) validate(c uint64) (bool, error) {
	t.reads = coalesceSpans(t.reads, maxReadSpans)
	r := t.db.readers.enter()
	defer t.db.readers.exit(r)
	it, err := t.db.pdb.NewIter(&pebble.IterOptions{})
	if err != nil {
		return false, err
	}
	defer it.Close()
	for _, s := range t.reads {
		it.SetBounds(dataLowerBound(s.start), dataUpperBound(s.end))
		for ok := it.First(); ok; {
			v, err := it.ValueAndErr()
			if err != nil {
				return false, err
			}
			kind, id, _, good := decodeRecord(v)
			if !good {
				return false, errCorrupt(it.Key())
			}
			if kind <= kindTombstone {
				if cs, committed := commitSeqOf(t.db.status.get(id)); committed {
					if cs > s.snap && cs < c {
						return true, nil
					}
					if cs <= s.snap {
						ok = it.NextPrefix()
						continue
					}
				}
			}
			ok = it.Next()
		}
		if err := it.Error(); err != nil {
			return false, err
		}
	}
	return false, nil
}
