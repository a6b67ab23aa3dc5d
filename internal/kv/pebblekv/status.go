package pebblekv

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"
)

// Transaction status (README.md, "Visibility"). Every transaction and
// subtransaction that writes gets an ID; the status table maps each ID at or
// above the frozen horizon to one word:
//
//	0                  aborted (also: unknown, e.g. in progress at a crash)
//	stInProgress       running
//	C | committingBit  commit sequence C assigned, commit not yet durable
//	C                  committed at sequence C
//
// IDs below the frozen horizon have been vacuumed: every version they wrote
// that remains is committed and visible to every snapshot.
const (
	stAborted     uint64 = 0
	stInProgress  uint64 = 1
	committingBit uint64 = 1 << 63

	// frozenSeq is the commit sequence reported for frozen IDs; commit
	// sequences start above it.
	frozenSeq uint64 = 2
	firstSeq  uint64 = 16
)

const statusChunkBits = 12

type statusChunk [1 << statusChunkBits]atomic.Uint64

// statusView is an immutable view of the table's geometry; chunks are
// shared between views and written atomically.
type statusView struct {
	frozen uint64 // IDs below are frozen
	base   uint64 // ID of chunks[0][0], a multiple of the chunk size
	chunks []*statusChunk
}

// statusTable is safe for concurrent use. Lookups are lock-free.
type statusTable struct {
	mu   sync.Mutex // serializes changes of geometry
	view atomic.Pointer[statusView]
}

func newStatusTable(frozen uint64) *statusTable {
	s := &statusTable{}
	s.view.Store(&statusView{frozen: frozen, base: frozen &^ (1<<statusChunkBits - 1)})
	return s
}

// get returns the status word of id.
func (s *statusTable) get(id uint64) uint64 {
	v := s.view.Load()
	if id < v.frozen {
		return frozenSeq
	}
	i := (id - v.base) >> statusChunkBits
	if i >= uint64(len(v.chunks)) || v.chunks[i] == nil {
		return stAborted
	}
	return v.chunks[i][(id-v.base)&(1<<statusChunkBits-1)].Load()
}

// set stores the status word of id, which must not be frozen.
func (s *statusTable) set(id, st uint64) {
	v := s.view.Load()
	if id >= v.base {
		i := (id - v.base) >> statusChunkBits
		if i < uint64(len(v.chunks)) && v.chunks[i] != nil {
			v.chunks[i][(id-v.base)&(1<<statusChunkBits-1)].Store(st)
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v = s.view.Load()
	if id < v.frozen {
		return
	}
	i := (id - v.base) >> statusChunkBits
	nv := *v
	if i >= uint64(len(v.chunks)) {
		nv.chunks = make([]*statusChunk, i+1, 2*(i+1))
		copy(nv.chunks, v.chunks)
	} else {
		nv.chunks = append([]*statusChunk(nil), v.chunks...)
	}
	if nv.chunks[i] == nil {
		nv.chunks[i] = new(statusChunk)
	}
	nv.chunks[i][(id-nv.base)&(1<<statusChunkBits-1)].Store(st)
	s.view.Store(&nv)
}

// freeze moves the frozen horizon up to f and drops whole chunks below it.
func (s *statusTable) freeze(f uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.view.Load()
	if f <= v.frozen {
		return
	}
	nv := statusView{frozen: f, base: v.base}
	drop := (f - v.base) >> statusChunkBits
	if drop > uint64(len(v.chunks)) {
		drop = uint64(len(v.chunks))
	}
	nv.chunks = append([]*statusChunk(nil), v.chunks[drop:]...)
	nv.base = v.base + drop<<statusChunkBits
	s.view.Store(&nv)
}

// scan calls fn for every non-aborted ID in [from, to) and stops when fn
// returns false.
func (s *statusTable) scan(from, to uint64, fn func(id, st uint64) bool) {
	v := s.view.Load()
	if from < v.frozen {
		from = v.frozen
	}
	for id := from; id < to; {
		i := (id - v.base) >> statusChunkBits
		if i >= uint64(len(v.chunks)) {
			return
		}
		c := v.chunks[i]
		if c == nil {
			id = v.base + (i+1)<<statusChunkBits
			continue
		}
		if st := c[(id-v.base)&(1<<statusChunkBits-1)].Load(); st != stAborted {
			if !fn(id, st) {
				return
			}
		}
		id++
	}
}

// isCommitted reports whether st is a (possibly not yet durable) commit,
// and at which sequence.
func commitSeqOf(st uint64) (uint64, bool) {
	if st == stAborted || st == stInProgress {
		return 0, false
	}
	return st &^ committingBit, true
}

// stillHeld reports whether a writer with status st still holds its locks:
// it runs, or its commit is not yet durable and published.
func stillHeld(st uint64) bool {
	return st == stInProgress || st&committingBit != 0
}

// owners maps the IDs of running transactions to their transactions, so a
// lock waiter can find whom it waits for. Safe for concurrent use.
type owners struct {
	shards [64]struct {
		mu sync.Mutex
		m  map[uint64]*txn
	}
}

func (o *owners) put(id uint64, t *txn) {
	s := &o.shards[id%64]
	s.mu.Lock()
	if s.m == nil {
		s.m = make(map[uint64]*txn)
	}
	s.m[id] = t
	s.mu.Unlock()
}

func (o *owners) get(id uint64) *txn {
	s := &o.shards[id%64]
	s.mu.Lock()
	t := s.m[id]
	s.mu.Unlock()
	return t
}

func (o *owners) remove(id uint64) {
	s := &o.shards[id%64]
	s.mu.Lock()
	delete(s.m, id)
	s.mu.Unlock()
}

// snapshots registers the snapshots in use, so garbage collection keeps
// what they need. Safe for concurrent use.
type snapshots struct {
	mu     sync.Mutex
	counts map[uint64]int
}

// acquire registers a snapshot at the current visible sequence and returns
// it. Reading visible under the same mutex that horizon takes means the
// collector never computes a horizon above a snapshot being taken.
func (s *snapshots) acquire(visible *atomic.Uint64) uint64 {
	s.mu.Lock()
	v := visible.Load()
	s.counts[v]++
	s.mu.Unlock()
	return v
}

func (s *snapshots) release(v uint64) {
	s.mu.Lock()
	if s.counts[v] <= 1 {
		delete(s.counts, v)
	} else {
		s.counts[v]--
	}
	s.mu.Unlock()
}

// horizon returns the oldest snapshot in use, or the visible sequence if
// none: versions older than the newest one at or below it are garbage.
func (s *snapshots) horizon(visible *atomic.Uint64) uint64 {
	s.mu.Lock()
	h := visible.Load()
	for v := range s.counts {
		h = min(h, v)
	}
	s.mu.Unlock()
	return h
}

// list returns the snapshots in use and the visible sequence (the snapshot
// of every transaction yet to start), ascending and distinct.
func (s *snapshots) list(visible *atomic.Uint64) []uint64 {
	s.mu.Lock()
	out := make([]uint64, 0, len(s.counts)+1)
	out = append(out, visible.Load())
	for v := range s.counts {
		out = append(out, v)
	}
	s.mu.Unlock()
	slices.Sort(out)
	return slices.Compact(out)
}

// commitQueue orders commits. A committer takes a commit sequence, makes
// its commit record durable, and is published (becomes visible to new
// snapshots) only when every commit with a smaller sequence is published
// too, so a snapshot is always a prefix of the commit order.
type commitQueue struct {
	mu      sync.Mutex
	pending []*commitSlot // ascending sequence
	visible atomic.Uint64 // the newest published sequence; snapshots take it
}

type commitSlot struct {
	seq       uint64
	done      bool
	published chan struct{}
}

// enqueue assigns the next commit sequence from seq and runs assign (which
// records it in the status table) before any later sequence can be
// assigned.
func (q *commitQueue) enqueue(seq *counter, assign func(uint64)) *commitSlot {
	q.mu.Lock()
	s := &commitSlot{seq: seq.next(), published: make(chan struct{})}
	assign(s.seq)
	q.pending = append(q.pending, s)
	q.mu.Unlock()
	return s
}

// finish marks s done (durable, or abandoned) and publishes every done
// slot at the head of the queue.
func (q *commitQueue) finish(s *commitSlot) {
	q.mu.Lock()
	s.done = true
	n := 0
	for n < len(q.pending) && q.pending[n].done {
		p := q.pending[n]
		q.visible.Store(p.seq)
		close(p.published)
		n++
	}
	if n > 0 {
		copy(q.pending, q.pending[n:])
		for i := len(q.pending) - n; i < len(q.pending); i++ {
			q.pending[i] = nil
		}
		q.pending = q.pending[:len(q.pending)-n]
	}
	q.mu.Unlock()
}

// counter hands out increasing numbers that are never reused, across
// restarts too: before handing out a number at or above its ceiling it
// persists a higher ceiling, through the same log as everything written
// with the numbers, so a recovered log that holds a number also holds a
// ceiling above it.
type counter struct {
	n    atomic.Uint64
	ceil atomic.Uint64
	// target is the ceiling being persisted (guarded by mu, shared by the
	// engine's counters because one record holds all their ceilings).
	target  uint64
	mu      *sync.Mutex
	persist func() error // writes every counter's target; called with mu held
	step    uint64
}

func (c *counter) next() uint64 {
	v := c.n.Add(1)
	if v >= c.ceil.Load() {
		c.bump(v)
	}
	return v
}

// bump raises the ceiling above v. The new ceiling is persisted before it
// is published, so no goroutine uses a number the log does not cover.
func (c *counter) bump(v uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for v >= c.ceil.Load() {
		c.target = c.ceil.Load() + c.step
		if c.target > math.MaxUint64/4 {
			panic("pebblekv: counter exhausted")
		}
		if err := c.persist(); err != nil {
			panic("pebblekv: cannot persist counter ceiling: " + err.Error())
		}
		c.ceil.Store(c.target)
	}
}
