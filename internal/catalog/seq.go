package catalog

import (
	"context"
	"encoding/binary"
	"sync"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// Sequences are not transactional: nextval's effects survive a rollback,
// as in PostgreSQL. Values are handed out from memory and made durable in
// blocks (PostgreSQL logs 32 values ahead), so after a crash a sequence
// may skip numbers but never repeats one.

const seqLogVals = 32

type seqState struct {
	mu sync.Mutex
	// last is the last value returned (or the start value, not yet used,
	// when called is false).
	last   int64
	called bool
	// durable is how far values are reserved in the store.
	durable       int64
	durableCalled bool
	loaded        bool
}

func seqKey(o Oid) []byte {
	return binary.BigEndian.AppendUint32(append([]byte(nil), prefixSeqVal...), uint32(o))
}

func (s *Store) seq(o Oid) *seqState {
	s.seqMu.Lock()
	defer s.seqMu.Unlock()
	st := s.seqs[o]
	if st == nil {
		st = &seqState{}
		s.seqs[o] = st
	}
	return st
}

func (s *Store) forgetSeq(o Oid) {
	s.seqMu.Lock()
	delete(s.seqs, o)
	s.seqMu.Unlock()
}

func (s *Store) loadSeq(ctx context.Context, o Oid, d *Seq, st *seqState) error {
	if st.loaded {
		return nil
	}
	var v []byte
	var found bool
	err := s.db.View(ctx, func(kv KV) error {
		var err error
		v, found, err = kv.Get(ctx, seqKey(o))
		return err
	})
	if err != nil {
		return err
	}
	if found && len(v) == 9 {
		st.last = int64(binary.BigEndian.Uint64(v))
		st.called = v[8] == 1
	} else {
		st.last, st.called = d.Start, false
	}
	st.durable, st.durableCalled = st.last, st.called
	st.loaded = true
	return nil
}

func (s *Store) persistSeq(ctx context.Context, o Oid, value int64, called bool) error {
	b := binary.BigEndian.AppendUint64(nil, uint64(value))
	if called {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	return s.db.Update(ctx, func(kv KV) error { return kv.Put(ctx, seqKey(o), b) })
}

// NextVal advances a sequence (nextval).
func (s *Store) NextVal(ctx context.Context, d *Desc) (int64, error) {
	st := s.seq(d.Oid)
	st.mu.Lock()
	defer st.mu.Unlock()
	sq := d.Sequence
	if err := s.loadSeq(ctx, d.Oid, sq, st); err != nil {
		return 0, err
	}
	next := st.last
	if st.called {
		next = st.last + sq.Increment
		overflow := (sq.Increment > 0 && next < st.last) || (sq.Increment < 0 && next > st.last)
		if overflow || next > sq.Max || next < sq.Min {
			if !sq.Cycle {
				if sq.Increment > 0 {
					return 0, pgerror.New(pgerror.SequenceGeneratorLimit, `nextval: reached maximum value of sequence "%s" (%d)`, d.Name, sq.Max)
				}
				return 0, pgerror.New(pgerror.SequenceGeneratorLimit, `nextval: reached minimum value of sequence "%s" (%d)`, d.Name, sq.Min)
			}
			if sq.Increment > 0 {
				next = sq.Min
			} else {
				next = sq.Max
			}
		}
	}
	// Reserve a block ahead durably.
	ahead := (sq.Increment > 0 && (next > st.durable || !st.durableCalled)) || (sq.Increment < 0 && (next < st.durable || !st.durableCalled))
	if ahead {
		reserve := next + sq.Increment*(seqLogVals-1)
		if (sq.Increment > 0 && (reserve > sq.Max || reserve < next)) || (sq.Increment < 0 && (reserve < sq.Min || reserve > next)) {
			reserve = next
		}
		if err := s.persistSeq(ctx, d.Oid, reserve, true); err != nil {
			return 0, err
		}
		st.durable, st.durableCalled = reserve, true
	}
	st.last, st.called = next, true
	return next, nil
}

// SetVal sets a sequence's value (setval); called says whether the next
// nextval advances first.
func (s *Store) SetVal(ctx context.Context, d *Desc, value int64, called bool) error {
	sq := d.Sequence
	if value < sq.Min || value > sq.Max {
		return pgerror.New(pgerror.NumericValueOutOfRange, `setval: value %d is out of bounds for sequence "%s" (%d..%d)`, value, d.Name, sq.Min, sq.Max)
	}
	st := s.seq(d.Oid)
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := s.persistSeq(ctx, d.Oid, value, called); err != nil {
		return err
	}
	st.last, st.called, st.loaded = value, called, true
	st.durable, st.durableCalled = value, called
	return nil
}

// SeqState returns a sequence's last value and whether it was used, as
// the sequence relation shows them (SELECT * FROM seq).
func (s *Store) SeqState(ctx context.Context, d *Desc) (int64, bool, error) {
	st := s.seq(d.Oid)
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := s.loadSeq(ctx, d.Oid, d.Sequence, st); err != nil {
		return 0, false, err
	}
	return st.last, st.called, nil
}

// ResetSeq restarts a sequence (ALTER SEQUENCE RESTART, TRUNCATE ...
// RESTART IDENTITY).
func (s *Store) ResetSeq(ctx context.Context, d *Desc, start int64) error {
	return s.SetVal(ctx, d, start, false)
}

// rowIDSeq is the counter of hidden row ids of a table without a key,
// kept like a sequence under an OID-derived key.
var rowIDSeq = &Seq{Start: 1, Increment: 1, Min: 1, Max: 1<<63 - 1}

// NextRowID allocates a hidden row id for a table.
func (s *Store) NextRowID(ctx context.Context, table Oid) (int64, error) {
	// Row-id counters live in the sequence space with the high bit set,
	// so they never collide with a sequence's OID.
	return s.NextVal(ctx, &Desc{Oid: table | 1<<31, Name: "rowid", Sequence: rowIDSeq})
}
