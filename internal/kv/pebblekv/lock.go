package pebblekv

import (
	"context"
	"fmt"
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tuskdb/tusk/internal/kv"
)

// The lock table (README.md, "Locks"). Locks in LockExclusive and
// LockAccessExclusive live in the LSM as the newest versions of the key
// (data versions and lock records written by a running transaction), so a
// transaction may lock millions of rows in bounded memory, as PostgreSQL
// keeps row locks in tuple headers. The weaker modes, which several
// transactions may hold at once, live here in memory, with the queue of
// waiters. An entry also serves as the key's latch: deciding that a lock is
// free and writing the version that takes it happen under entry.mu.
type lockTable struct {
	seed   maphash.Seed
	shards [256]lockShard
}

type lockShard struct {
	mu sync.Mutex
	m  map[string]*lockEntry
	// strong counts the running transactions that asked for LockExclusive
	// or LockAccessExclusive on a hot key of the shard (kv.LockOptions.Hot).
	// Those modes live in the LSM; while the count is zero no transaction
	// can hold one there, so a weak lock on a hot key of the shard need
	// not read the key (see acquire). A transaction counts itself before
	// it takes the latch of the key and uncounts at its end.
	strong atomic.Int32
}

type lockEntry struct {
	key   string
	shard *lockShard
	refs  int // guarded by shard.mu: acquirers in flight plus one per holder
	// sticky keeps the entry in the table when refs drops to zero: the
	// key is hot (kv.LockOptions.Hot), and the next statement will lock it
	// again.
	sticky bool

	mu      sync.Mutex
	holders map[*txn]*holding
	waiters []*waiter
	changed chan struct{} // closed when holders or waiters change
}

// holding is one transaction's in-memory locks on an entry, by savepoint
// level, so that rolling back to a savepoint releases exactly the locks
// taken after it.
type holding struct {
	levels   []levelMask // ascending level
	eff      uint16      // union of the masks
	levelBuf [1]levelMask
}

type levelMask struct {
	level int
	mask  uint16
}

type waiter struct {
	t    *txn
	mode kv.LockMode
}

func newLockTable() *lockTable {
	lt := &lockTable{seed: maphash.MakeSeed()}
	for i := range lt.shards {
		lt.shards[i].m = make(map[string]*lockEntry)
	}
	return lt
}

// shard returns the shard of key.
func (lt *lockTable) shard(key []byte) *lockShard {
	return &lt.shards[maphash.Bytes(lt.seed, key)%uint64(len(lt.shards))]
}

// ref returns the entry for key, creating it, and pins it until unref. A
// hot key's entry stays when unpinned.
func (lt *lockTable) ref(key []byte, hot bool) *lockEntry {
	s := lt.shard(key)
	s.mu.Lock()
	e := s.m[string(key)]
	if e == nil {
		e = &lockEntry{key: string(key), shard: s, holders: make(map[*txn]*holding), sticky: hot}
		s.m[e.key] = e
	}
	e.refs++
	s.mu.Unlock()
	return e
}

func (lt *lockTable) addRef(e *lockEntry) {
	e.shard.mu.Lock()
	e.refs++
	e.shard.mu.Unlock()
}

func (lt *lockTable) unref(e *lockEntry) {
	s := e.shard
	s.mu.Lock()
	e.refs--
	if e.refs == 0 && !e.sticky {
		delete(s.m, e.key)
	}
	s.mu.Unlock()
}

// signal wakes every waiter of e. Called with e.mu held.
func (e *lockEntry) signal() {
	if e.changed != nil {
		close(e.changed)
		e.changed = nil
	}
}

func (e *lockEntry) changedCh() <-chan struct{} {
	if e.changed == nil {
		e.changed = make(chan struct{})
	}
	return e.changed
}

func (e *lockEntry) removeWaiter(w *waiter) {
	for i, x := range e.waiters {
		if x == w {
			e.waiters = append(e.waiters[:i], e.waiters[i+1:]...)
			break
		}
	}
	e.signal()
}

func bit(m kv.LockMode) uint16 {
	if m == kv.LockNone {
		return 0
	}
	return 1 << m
}

// covers reports whether holding the modes in held already excludes every
// mode that conflicts with m, so that m can be granted without checks.
func covers(held uint16, m kv.LockMode) bool {
	if held&bit(m) != 0 {
		return true
	}
	var excluded uint16
	for o := kv.LockAccessShare; o < kv.NumLockModes; o++ {
		if held&bit(o) != 0 {
			for x := kv.LockAccessShare; x < kv.NumLockModes; x++ {
				if o.Conflicts(x) {
					excluded |= bit(x)
				}
			}
		}
	}
	var need uint16
	for x := kv.LockAccessShare; x < kv.NumLockModes; x++ {
		if m.Conflicts(x) {
			need |= bit(x)
		}
	}
	return need&^excluded == 0
}

// grantMem records mode for t at level. Called with e.mu held.
func (lt *lockTable) grantMem(e *lockEntry, t *txn, mode kv.LockMode, level int) {
	h := e.holders[t]
	if h == nil {
		if t.nhold < len(t.holdBuf) {
			h = &t.holdBuf[t.nhold]
			t.nhold++
		} else {
			h = &holding{}
		}
		h.levels = h.levelBuf[:0]
		e.holders[t] = h
		t.held.add(e, h)
		lt.addRef(e)
	}
	if n := len(h.levels); n > 0 && h.levels[n-1].level == level {
		h.levels[n-1].mask |= bit(mode)
	} else {
		h.levels = append(h.levels, levelMask{level: level, mask: bit(mode)})
	}
	h.eff |= bit(mode)
}

// rollbackHoldings drops t's in-memory locks taken at level >= from.
func (lt *lockTable) rollbackHoldings(t *txn, from int) {
	t.held.each(func(e *lockEntry, h *holding) {
		e.mu.Lock()
		n := len(h.levels)
		for n > 0 && h.levels[n-1].level >= from {
			n--
		}
		if n == len(h.levels) {
			e.mu.Unlock()
			return
		}
		h.levels = h.levels[:n]
		h.eff = 0
		for _, l := range h.levels {
			h.eff |= l.mask
		}
		gone := h.eff == 0
		if gone {
			delete(e.holders, t)
			t.held.remove(e)
		}
		e.signal()
		e.mu.Unlock()
		if gone {
			lt.unref(e)
		}
	})
}

// releaseHoldings moves t's in-memory locks at level >= from to level
// from-1 (RELEASE SAVEPOINT).
func (lt *lockTable) releaseHoldings(t *txn, from int) {
	t.held.each(func(e *lockEntry, h *holding) {
		e.mu.Lock()
		var merged uint16
		n := len(h.levels)
		for n > 0 && h.levels[n-1].level >= from {
			merged |= h.levels[n-1].mask
			n--
		}
		if n < len(h.levels) {
			h.levels = h.levels[:n]
			if n > 0 && h.levels[n-1].level == from-1 {
				h.levels[n-1].mask |= merged
			} else {
				h.levels = append(h.levels, levelMask{level: from - 1, mask: merged})
			}
		}
		e.mu.Unlock()
	})
}

// dropMem removes the modes in mask from t's in-memory locks on e (their
// lock is now held by a version in the LSM) and wakes e's waiters so they
// look again. It reports whether t no longer holds anything on e, in which
// case the caller must unref e after unlocking it. Called with e.mu held.
func (lt *lockTable) dropMem(e *lockEntry, t *txn, mask uint16) bool {
	h := e.holders[t]
	if h == nil {
		return false
	}
	h.eff = 0
	n := 0
	for _, l := range h.levels {
		l.mask &^= mask
		if l.mask != 0 {
			h.levels[n] = l
			n++
			h.eff |= l.mask
		}
	}
	h.levels = h.levels[:n]
	e.signal()
	if h.eff != 0 {
		return false
	}
	delete(e.holders, t)
	t.held.remove(e)
	return true
}

// releaseAll drops every in-memory lock of t.
func (lt *lockTable) releaseAll(t *txn) {
	t.held.each(func(e *lockEntry, _ *holding) {
		e.mu.Lock()
		delete(e.holders, t)
		e.signal()
		e.mu.Unlock()
		lt.unref(e)
	})
	t.held.clear()
}

// waitTimers are a lock wait's lock_timeout and deadlock_timeout timers.
// (A deferred closure over the two variables would move them to the heap
// on every acquire, waiting or not.)
type waitTimers struct{ lock, dead *time.Timer }

func (w *waitTimers) stop() {
	if w.lock != nil {
		w.lock.Stop()
	}
	if w.dead != nil {
		w.dead.Stop()
	}
}

// heldSet is a transaction's in-memory lock holdings by entry. The first
// few live in an array: a statement's transaction usually holds the locks
// of a table or two in memory and nothing else.
type heldSet struct {
	few  [4]heldPair
	nfew int
	more map[*lockEntry]*holding
}

type heldPair struct {
	e *lockEntry
	h *holding
}

func (s *heldSet) add(e *lockEntry, h *holding) {
	if s.nfew < len(s.few) {
		s.few[s.nfew] = heldPair{e, h}
		s.nfew++
		return
	}
	if s.more == nil {
		s.more = make(map[*lockEntry]*holding)
	}
	s.more[e] = h
}

func (s *heldSet) remove(e *lockEntry) {
	for i := range s.nfew {
		if s.few[i].e == e {
			s.nfew--
			s.few[i] = s.few[s.nfew]
			s.few[s.nfew] = heldPair{}
			return
		}
	}
	delete(s.more, e)
}

// each calls fn for every holding. fn may remove the holding it is given
// (and no other).
func (s *heldSet) each(fn func(e *lockEntry, h *holding)) {
	// Backwards: removing entry i moves the last one, already visited,
	// into its place.
	for i := s.nfew - 1; i >= 0; i-- {
		fn(s.few[i].e, s.few[i].h)
	}
	for e, h := range s.more {
		fn(e, h)
	}
}

func (s *heldSet) clear() {
	s.few = [4]heldPair{}
	s.nfew = 0
	clear(s.more)
}

// acquire takes mode on key for t, waiting as policy says, and then runs
// apply (if not nil) while still holding the key's latch, so that the
// version apply writes takes the lock atomically with the check. It returns
// the key's state as read at the moment of the grant. skipped reports a
// SkipLocked miss.
func (t *txn) acquire(ctx context.Context, key []byte, mode kv.LockMode, policy kv.WaitPolicy,
	object kv.LockOptions, apply func(*keyState, *lockEntry) error) (ks keyState, skipped bool, err error) {
	db := t.db
	lt := db.locks
	e := lt.ref(key, object.Hot)
	defer lt.unref(e)
	// A weak lock on a hot key reads the key only when a transaction may
	// hold a strong mode on it in the LSM (lockShard.strong).
	weakHot := object.Hot && mode < kv.LockExclusive

	var (
		w        *waiter
		timers   waitTimers
		lockC    <-chan time.Time
		deadC    <-chan time.Time
		hookDone bool
	)
	defer timers.stop()

	e.mu.Lock()
	for {
		if weakHot && e.shard.strong.Load() == 0 {
			ks = keyState{}
		} else if ks, err = t.readKey(key); err != nil {
			break
		}
		h := e.holders[t]
		var own uint16
		if h != nil {
			own = h.eff
		}
		own |= bit(ks.ownMode)
		covered := covers(own, mode)
		var blockers []*txn
		var heldByOther *txn
		if !covered {
			for o, oh := range e.holders {
				if o != t && mode.ConflictsWithAny(oh.eff) {
					blockers = append(blockers, o)
				}
			}
			if ks.holderID != 0 && mode.Conflicts(ks.holderMode) {
				heldByOther = db.owners.get(ks.holderID)
				if heldByOther == nil {
					// It ended between reading its status and now.
					continue
				}
				blockers = append(blockers, heldByOther)
			}
			// Fairness: a transaction that holds nothing on the key queues
			// behind earlier conflicting waiters (PostgreSQL's ProcSleep).
			if own == 0 {
				for _, x := range e.waiters {
					if x == w {
						break
					}
					if x.t != t && mode.Conflicts(x.mode) {
						blockers = append(blockers, x.t)
					}
				}
			}
		}
		if len(blockers) == 0 {
			if w != nil {
				e.removeWaiter(w)
				w = nil
			}
			if !covered && mode < kv.LockExclusive {
				lt.grantMem(e, t, mode, len(t.levels)-1)
			}
			if apply != nil {
				// A copy, so that only a call of apply moves the state
				// to the heap, not every acquire.
				st := ks
				err = apply(&st, e)
				ks = st
			}
			break
		}
		switch policy {
		case kv.NoWait:
			err = kv.LockNotAvailable(object.Describe())
		case kv.SkipLocked:
			skipped = true
		}
		if err != nil || skipped {
			break
		}
		if w == nil {
			w = &waiter{t: t, mode: mode}
			e.waiters = append(e.waiters, w)
			if t.deadlock == nil {
				t.deadlock = make(chan string, 1)
			}
			// Discard a stale victim notice from an earlier wait.
			select {
			case <-t.deadlock:
			default:
			}
			if t.lockTimeout > 0 {
				timers.lock = time.NewTimer(t.lockTimeout)
				lockC = timers.lock.C
			}
			timers.dead = time.NewTimer(t.deadlockTimeout)
			deadC = timers.dead.C
		}
		db.setWait(t, blockers, mode, object)
		ch := e.changedCh()
		var holderCh <-chan struct{}
		if heldByOther != nil {
			holderCh = heldByOther.changedCh()
			// Re-check after taking the channel: a holder publishes its end
			// in the status table before closing the channel.
			if !stillHeld(db.status.get(ks.holderID)) {
				continue
			}
		}
		e.mu.Unlock()
		if !hookDone && db.opts.TestingLockWait != nil {
			hookDone = true
			db.opts.TestingLockWait(key)
		}
		var werr error
		select {
		case <-ch:
		case <-holderCh:
		case <-ctx.Done():
			werr = ctx.Err()
		case <-lockC:
			werr = kv.LockTimeout()
		case <-deadC:
			if victim, detail := db.detectDeadlock(t); victim == t {
				werr = kv.Deadlock(detail)
			} else {
				if victim != nil {
					select {
					case victim.deadlock <- detail:
					default:
					}
				}
				timers.dead.Reset(t.deadlockTimeout)
			}
		case detail := <-t.deadlock:
			werr = kv.Deadlock(detail)
		}
		e.mu.Lock()
		if werr != nil {
			err = werr
			break
		}
	}
	if w != nil {
		e.removeWaiter(w)
	}
	e.mu.Unlock()
	if w != nil || timers.dead != nil {
		db.clearWait(t)
	}
	return ks, skipped, err
}

// setWait records t's edges in the wait-for graph.
func (db *DB) setWait(t *txn, blockers []*txn, mode kv.LockMode, object kv.LockOptions) {
	db.graphMu.Lock()
	t.waitsFor = append(t.waitsFor[:0], blockers...)
	t.waitMode = mode
	t.waitObject = object
	db.graphMu.Unlock()
}

func (db *DB) clearWait(t *txn) {
	db.graphMu.Lock()
	t.waitsFor = t.waitsFor[:0]
	db.graphMu.Unlock()
}

// detectDeadlock looks for a cycle of waits through t (PostgreSQL's
// DeadLockCheck, without its queue rearrangement). It returns nil when there
// is none; otherwise the victim, the cycle member with the lowest priority
// (t itself among equals), and a description of the cycle.
func (db *DB) detectDeadlock(t *txn) (*txn, string) {
	db.graphMu.Lock()
	defer db.graphMu.Unlock()
	visited := map[*txn]bool{t: true}
	var path []*txn
	var dfs func(u *txn) bool
	dfs = func(u *txn) bool {
		path = append(path, u)
		for _, v := range u.waitsFor {
			if v == t {
				return true
			}
			if visited[v] {
				continue
			}
			visited[v] = true
			if dfs(v) {
				return true
			}
		}
		path = path[:len(path)-1]
		return false
	}
	if !dfs(t) {
		return nil, ""
	}
	victim := t
	for _, u := range path {
		if u.opts.Priority < victim.opts.Priority {
			victim = u
		}
	}
	// The victim's wait ends: take its edges out now, so that another
	// member of the cycle checking at the same moment finds no cycle and
	// does not become a second victim.
	defer func() { victim.waitsFor = victim.waitsFor[:0] }()
	var b strings.Builder
	for i, u := range path {
		next := path[(i+1)%len(path)]
		obj := u.waitObject.Describe()
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "Process %d waits for %s on %s; blocked by process %d.",
			u.opts.Owner, u.waitMode, obj, next.opts.Owner)
	}
	return victim, b.String()
}
