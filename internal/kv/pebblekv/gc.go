package pebblekv

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/v2"
)

// Garbage collection (README.md, "Garbage collection"): the engine's
// autovacuum. A pass walks the data key space in rounds of bounded work.
// For each key it deletes the versions of aborted transactions, lock
// records of finished ones, and every committed version that no snapshot in
// use (nor any future one) sees; a deletion with nothing older left goes
// too. When a
// pass completes, every version left by a transaction below the pass's
// freeze candidate is committed and visible to all snapshots, so the frozen
// horizon moves up to the candidate and the commit log below it is
// truncated, in memory and on disk.
type gcState struct {
	mu     sync.Mutex
	frozen uint64 // persisted frozen horizon
	active bool   // a pass is under way
	cand   uint64 // the pass's freeze candidate
	cursor []byte // Pebble key where the next round starts
	// freezing is a completed pass's candidate, waiting for the iterators
	// opened before its deletions to close (readers.go) before the status
	// table freezes it; 0 when none waits.
	freezing uint64

	passes  atomic.Uint64
	deleted atomic.Uint64
}

// Stats are counters for tests and monitoring.
type Stats struct {
	// GCPasses is the number of completed garbage collection passes.
	GCPasses uint64
	// GCDeleted is the number of versions garbage collection removed.
	GCDeleted uint64
	// Frozen is the frozen horizon: IDs below it are vacuumed.
	Frozen uint64
	// Visible is the newest published commit sequence.
	Visible uint64
}

// Stats returns the engine's counters.
func (db *DB) Stats() Stats {
	db.gc.mu.Lock()
	f := db.gc.frozen
	db.gc.mu.Unlock()
	return Stats{
		GCPasses:  db.gc.passes.Load(),
		GCDeleted: db.gc.deleted.Load(),
		Frozen:    f,
		Visible:   db.cq.visible.Load(),
	}
}

func (db *DB) gcLoop() {
	defer db.wg.Done()
	if db.opts.GCInterval < 0 {
		<-db.closing
		return
	}
	timer := time.NewTimer(db.opts.GCInterval)
	defer timer.Stop()
	for {
		select {
		case <-db.closing:
			return
		case <-timer.C:
		}
		done, err := db.gcRound(db.opts.GCRoundKeys)
		if err != nil {
			logger{db.opts.Logf}.Errorf("pebblekv: garbage collection: %v", err)
		}
		if done || err != nil {
			timer.Reset(db.opts.GCInterval)
		} else {
			timer.Reset(10 * time.Millisecond)
		}
	}
}

// Vacuum runs a complete garbage collection pass that starts after the
// call, in rounds, and returns when it is done (PostgreSQL's VACUUM of the
// whole database).
func (db *DB) Vacuum(ctx context.Context) error {
	db.gc.mu.Lock()
	fresh := !db.gc.active
	db.gc.mu.Unlock()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := db.check(); err != nil {
			return err
		}
		done, err := db.gcRound(db.opts.GCRoundKeys)
		if err != nil {
			return err
		}
		if done {
			if fresh {
				return nil
			}
			fresh = true
		} else if db.gcFreezePending() {
			// Waiting for readers to close their iterators.
			time.Sleep(time.Millisecond)
		}
	}
}

func (db *DB) gcFreezePending() bool {
	db.gc.mu.Lock()
	defer db.gc.mu.Unlock()
	return db.gc.freezing != 0
}

// freezeCandidate returns the smallest ID whose versions a pass starting
// now may not freeze: a running or committing transaction, or one that
// committed after the horizon (some snapshot does not see it). IDs
// allocated later are larger.
func (db *DB) freezeCandidate(frozen uint64) uint64 {
	db.idMu.Lock()
	next := db.ids.n.Load() + 1
	db.idMu.Unlock()
	h := db.snaps.horizon(&db.cq.visible)
	cand := next
	db.status.scan(frozen, next, func(id, st uint64) bool {
		c, committed := commitSeqOf(st)
		if !committed || st&committingBit != 0 || c > h {
			cand = id
			return false
		}
		return true
	})
	return cand
}

// gcRound examines up to budget versions (whole keys at a time) and
// reports whether it completed a pass.
func (db *DB) gcRound(budget int) (bool, error) {
	g := &db.gc
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.freezing != 0 {
		return g.finishFreeze(db), nil
	}
	if !g.active {
		g.cand = db.freezeCandidate(g.frozen)
		g.cursor = []byte{nsData}
		g.active = true
	}
	snaps := db.snaps.list(&db.cq.visible)
	// Snapshots taken from now on are not in snaps; each is at or after
	// the visible sequence read by list, its last element.
	later := snaps[len(snaps)-1]
	if db.testingGCAfterSnapshots != nil {
		db.testingGCAfterSnapshots()
	}
	it, err := db.pdb.NewIter(&pebble.IterOptions{LowerBound: g.cursor, UpperBound: []byte{nsData + 1}})
	if err != nil {
		return false, err
	}
	b := db.pdb.NewBatch()
	defer b.Close()
	var deleted uint64
	n := 0
	ok := it.First()
	var cur, lastKept []byte
	for ok && n < budget {
		user, _, good := decodeVersionKey(it.Key())
		if !good {
			it.Close()
			return false, errCorrupt(it.Key())
		}
		cur = append(cur[:0], user...)
		// Walk the key's versions newest first. A committed version is
		// needed when some snapshot sees it: one at or after its commit and
		// before the commit of the next newer version.
		upper := uint64(math.MaxUint64)
		lastKeptTomb := false
		lastKept = lastKept[:0]
		for ok {
			k := it.Key()
			u, _, good := decodeVersionKey(k)
			if !good {
				it.Close()
				return false, errCorrupt(k)
			}
			if !bytes.Equal(u, cur) {
				break
			}
			v, err := it.ValueAndErr()
			if err != nil {
				it.Close()
				return false, err
			}
			kind, id, _, good := decodeRecord(v)
			if !good {
				it.Close()
				return false, errCorrupt(k)
			}
			st := db.status.get(id)
			keep := false
			switch {
			case st == stAborted:
			case stillHeld(st):
				keep = true
			case isLock(kind):
			default:
				// The newest committed version is always needed: snapshots
				// taken from now on see it (it may have committed after
				// snaps was read). An older one is needed when a snapshot
				// in snaps, or one taken after snaps was read, falls
				// between its commit and the next newer version's.
				c, _ := commitSeqOf(st)
				i, _ := slices.BinarySearch(snaps, c)
				keep = upper == math.MaxUint64 || i < len(snaps) && snaps[i] < upper || upper > later
				upper = c
			}
			if keep {
				lastKept = append(lastKept[:0], k...)
				lastKeptTomb = kind == kindTombstone && !stillHeld(st)
			} else {
				_ = b.Delete(k, nil)
				deleted++
			}
			n++
			ok = it.Next()
		}
		// A committed deletion with nothing older kept reads the same as no
		// version at all.
		if lastKeptTomb {
			_ = b.Delete(lastKept, nil)
			deleted++
		}
	}
	if err := it.Error(); err != nil {
		it.Close()
		return false, err
	}
	it.Close()
	passDone := !ok
	if !passDone {
		// Resume after cur: the prefix of cur followed by 0x00.
		g.cursor = append(appendDataPrefix(nil, cur), 0)
	}
	if passDone && g.cand > g.frozen {
		var v [8]byte
		binary.BigEndian.PutUint64(v[:], g.cand)
		_ = b.Set(metaKey("frozen"), v[:], nil)
		_ = b.DeleteRange(clogKey(g.frozen), clogKey(g.cand), nil)
	}
	if !b.Empty() {
		// Not synced: the log keeps the deletions before the frozen
		// horizon that depends on them.
		if err := b.Commit(pebble.NoSync); err != nil {
			return false, err
		}
	}
	g.deleted.Add(deleted)
	if !passDone {
		return false, nil
	}
	g.active = false
	if g.cand <= g.frozen {
		g.passes.Add(1)
		return true, nil
	}
	// An iterator opened before the deletions may still hold versions of
	// aborted transactions below the candidate, which would read as
	// visible once frozen: freeze after those iterators close.
	g.freezing = g.cand
	db.readers.startGrace()
	return g.finishFreeze(db), nil
}

// finishFreeze applies the pending freeze if its grace period is over and
// reports whether it did, which completes the pass.
func (g *gcState) finishFreeze(db *DB) bool {
	if !db.readers.graceOver() {
		return false
	}
	db.status.freeze(g.freezing)
	g.frozen = g.freezing
	g.freezing = 0
	g.passes.Add(1)
	return true
}
