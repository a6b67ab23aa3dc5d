package pebblekv

import "sync/atomic"

// readerEpochs lets garbage collection wait for the Pebble iterators that
// were open when it committed a deletion batch (README.md, "Garbage
// collection"). A Pebble iterator reads the state of the moment it was
// opened, but the status table it consults is read live; once a pass
// freezes the IDs below its candidate, an aborted transaction's version that
// the pass deleted, still present in an older iterator, would read as a
// frozen, visible one. So the freeze waits until every iterator opened
// before the deletions has closed.
//
// This is the two-counter scheme of sleepable read-copy-update: readers
// count themselves in the counter of the current epoch's parity; the waiter
// flips the epoch and waits for the old parity to drain, twice, which
// covers readers of both parities that registered before the first flip.
// The waiter never blocks: it advances one step per call and reports when
// the grace period is over.
type readerEpochs struct {
	epoch  atomic.Uint64
	active [2]atomic.Int64

	// Waiter state, used only by garbage collection under gcState.mu.
	phase int    // 0: idle; 1, 2: waiting for the parity drained in that phase
	wait  uint64 // the parity being drained
}

// enter registers a reader before it opens an iterator and returns the
// token to pass to exit.
func (r *readerEpochs) enter() uint64 {
	e := r.epoch.Load() & 1
	r.active[e].Add(1)
	return e
}

// exit ends a reader registered by enter.
func (r *readerEpochs) exit(e uint64) { r.active[e].Add(-1) }

// startGrace begins a grace period: it completes once every reader that
// entered before this call has exited.
func (r *readerEpochs) startGrace() {
	r.wait = r.epoch.Add(1)&1 ^ 1
	r.phase = 1
}

// graceOver advances the grace period as far as it can without blocking
// and reports whether it is over.
func (r *readerEpochs) graceOver() bool {
	for r.phase != 0 {
		if r.active[r.wait].Load() != 0 {
			return false
		}
		if r.phase == 2 {
			r.phase = 0
			break
		}
		r.wait = r.epoch.Add(1)&1 ^ 1
		r.phase = 2
	}
	return true
}
