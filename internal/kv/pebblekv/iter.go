package pebblekv

import (
	"bytes"
	"context"

	"github.com/cockroachdb/pebble/v2"
	"github.com/tuskdb/tusk/internal/kv"
)

// iterator implements kv.Iterator over a Pebble iterator opened when Scan
// is called. Pebble iterators read a consistent state of the LSM, which is
// why an iterator does not see writes made while it is open.
type iterator struct {
	t       *txn
	ctx     context.Context
	it      *pebble.Iterator
	reader  uint64 // readerEpochs token, while it is open
	reverse bool
	snap    uint64
	start   []byte
	end     []byte

	started bool
	valid   bool // reverse: the Pebble iterator is positioned on a version
	done    bool
	closed  bool
	n       int
	err     error

	key, val []byte
	// Reverse iteration copies the chosen version, since finding the newest
	// visible version moves past it.
	keyBuf, valBuf []byte
	// Serializable transactions track how far the scan got.
	track   bool
	lastKey []byte
}

func (t *txn) Scan(ctx context.Context, start, end []byte, reverse bool) (kv.Iterator, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	if err := t.flushPendingWrite(); err != nil {
		return nil, err
	}
	i := &iterator{
		t:       t,
		ctx:     ctx,
		reverse: reverse,
		snap:    t.snap,
		start:   cloneOrNil(start),
		end:     cloneOrNil(end),
		track:   t.opts.Isolation == kv.Serializable,
	}
	if start != nil && end != nil && bytes.Compare(start, end) >= 0 {
		i.done = true
		t.openIters++
		return i, nil
	}
	i.reader = t.db.readers.enter()
	it, err := t.db.pdb.NewIterWithContext(ctx, &pebble.IterOptions{
		LowerBound: dataLowerBound(start),
		UpperBound: dataUpperBound(end),
	})
	if err != nil {
		t.db.readers.exit(i.reader)
		return nil, err
	}
	i.it = it
	t.openIters++
	return i, nil
}

func cloneOrNil(b []byte) []byte {
	if b == nil {
		return nil
	}
	return bytes.Clone(b)
}

func (i *iterator) Key() []byte   { return i.key }
func (i *iterator) Value() []byte { return i.val }
func (i *iterator) Err() error    { return i.err }

func (i *iterator) Next() bool {
	if i.done || i.err != nil {
		return false
	}
	var ok bool
	if i.reverse {
		ok = i.prev()
	} else {
		ok = i.next()
	}
	if !ok {
		i.done = true
		i.key, i.val = nil, nil
		if i.err == nil {
			i.err = i.it.Error()
		}
		return false
	}
	if i.track {
		i.lastKey = append(i.lastKey[:0], i.key...)
	}
	return true
}

func (i *iterator) tick() bool {
	i.n++
	if i.n&255 == 0 {
		if err := i.ctx.Err(); err != nil {
			i.err = err
			return false
		}
	}
	return true
}

// next finds the next key whose newest visible version is a value.
// Versions of a key are adjacent, newest first.
func (i *iterator) next() bool {
	var ok bool
	if !i.started {
		i.started = true
		ok = i.it.First()
	} else {
		ok = i.it.NextPrefix()
	}
	for ok {
		if !i.tick() {
			return false
		}
		user, _, good := decodeVersionKey(i.it.Key())
		v, err := i.it.ValueAndErr()
		if err != nil {
			i.err = err
			return false
		}
		kind, id, payload, good2 := decodeRecord(v)
		if !good || !good2 {
			i.err = errCorrupt(i.it.Key())
			return false
		}
		if isLock(kind) || !i.t.sees(id, i.snap) {
			ok = i.it.Next()
			continue
		}
		if kind == kindTombstone {
			ok = i.it.NextPrefix()
			continue
		}
		i.key, i.val = user, payload
		return true
	}
	return false
}

// prev finds the previous key whose newest visible version is a value.
// Moving backwards visits a key's versions oldest first, so the last
// visible one seen before the key changes is the newest.
func (i *iterator) prev() bool {
	if !i.started {
		i.started = true
		i.valid = i.it.Last()
	}
	for i.valid {
		user, _, good := decodeVersionKey(i.it.Key())
		if !good {
			i.err = errCorrupt(i.it.Key())
			return false
		}
		i.keyBuf = append(i.keyBuf[:0], user...)
		found, val := false, false
		for i.valid {
			if !i.tick() {
				return false
			}
			user, _, good := decodeVersionKey(i.it.Key())
			if !good {
				i.err = errCorrupt(i.it.Key())
				return false
			}
			if !bytes.Equal(user, i.keyBuf) {
				break
			}
			v, err := i.it.ValueAndErr()
			if err != nil {
				i.err = err
				return false
			}
			kind, id, payload, good := decodeRecord(v)
			if !good {
				i.err = errCorrupt(i.it.Key())
				return false
			}
			if kind <= kindTombstone && i.t.sees(id, i.snap) {
				found, val = true, isValue(kind)
				if val {
					i.valBuf = append(i.valBuf[:0], payload...)
				}
			}
			i.valid = i.it.Prev()
		}
		if found && val {
			i.key, i.val = i.keyBuf, i.valBuf
			return true
		}
	}
	return false
}

// Close releases the iterator and, in a serializable transaction, records
// the range it covered.
func (i *iterator) Close() error {
	if i.closed {
		return i.err
	}
	i.closed = true
	i.t.openIters--
	if i.track && i.started {
		switch {
		case i.done && i.err == nil:
			i.t.recordRead(i.start, i.end)
		case i.lastKey != nil && !i.reverse:
			i.t.recordRead(i.start, append(i.lastKey, 0))
		case i.lastKey != nil:
			i.t.recordRead(i.lastKey, i.end)
		}
	}
	if i.it != nil {
		if err := i.it.Close(); err != nil && i.err == nil {
			i.err = err
		}
		i.t.db.readers.exit(i.reader)
	}
	return i.err
}
