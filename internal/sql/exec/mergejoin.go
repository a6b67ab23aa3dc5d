package exec

import (
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

func (c *compiler) mergeJoin(n *plan.MergeJoin) (build, error) {
	j, err := c.equiJoin(n.Left, n.Right, n.LeftKeys, n.RightKeys, n.Cond)
	if err != nil {
		return nil, err
	}
	left, right, lk, rk, cond := j.left, j.right, j.lk, j.rk, j.cond
	kt := n.KeyTypes
	lw, rw := len(n.Left.Columns()), len(n.Right.Columns())
	jt := n.Type
	return func(s *State) (operator, error) {
		l, err := left(s)
		if err != nil {
			return nil, err
		}
		r, err := right(s)
		if err != nil {
			l.Close()
			return nil, err
		}
		return &mergeJoinOp{left: l, rightIn: r, lk: lk, rk: rk, kt: kt,
			keepRight: jt == analyze.JoinRight || jt == analyze.JoinFull,
			joinRows:  joinRows{cond: cond, jt: jt, lw: lw, rw: rw, out: make(types.Row, lw+rw)}}, nil
	}, nil
}

// mergeJoinOp joins two inputs ordered ascending on their join keys. The
// right rows sharing one key (a run) are kept in joinRows.right while the
// left rows with that key are paired with them; a left row with a greater
// key discards the run (returning its unmatched rows for RIGHT and FULL
// joins) and advances the right input. Rows with a NULL key match nothing
// wherever the input orders them.
type mergeJoinOp struct {
	joinRows
	left, rightIn operator
	lk, rk        []evalFn
	kt            []*types.T
	keepRight     bool

	// The right input's next row, read ahead, and its key.
	rrow  types.Row
	rkey  []types.Datum
	rnull bool
	rhave bool
	rdone bool

	// The current run's key; the run is joinRows.right.
	runKey  []types.Datum
	haveRun bool
	// flushing is set while the discarded run's unmatched rows are
	// returned.
	flushing bool

	// The left row read but not yet paired.
	pend     types.Row
	pkey     []types.Datum
	pnull    bool
	havePend bool
	leftDone bool
}

// evalKey evaluates keys over row into buf; null reports a NULL key.
func evalKey(s *State, keys []evalFn, row types.Row, buf []types.Datum) ([]types.Datum, bool, error) {
	buf = buf[:0]
	for _, k := range keys {
		v, err := k(s, row)
		if err != nil {
			return buf, false, err
		}
		if v.IsNull() {
			return buf, true, nil
		}
		buf = append(buf, v)
	}
	return buf, false, nil
}

func (o *mergeJoinOp) compareKeys(a, b []types.Datum) int {
	for i := range a {
		if c := types.Compare(o.kt[i], a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

// peekRight reads the right input's next row unless one is waiting.
func (o *mergeJoinOp) peekRight(s *State) error {
	if o.rhave || o.rdone {
		return nil
	}
	row, err := o.rightIn.Next(s)
	if err != nil {
		return err
	}
	if row == nil {
		o.rdone = true
		return nil
	}
	o.rrow = append(o.rrow[:0], row...)
	o.rkey, o.rnull, err = evalKey(s, o.rk, o.rrow, o.rkey)
	o.rhave = err == nil
	return err
}

// unmatchedRight returns the waiting right row NULL-extended and consumes
// it.
func (o *mergeJoinOp) unmatchedRight() types.Row {
	for k := 0; k < o.lw; k++ {
		o.out[k] = types.Null
	}
	copy(o.out[o.lw:], o.rrow)
	o.rhave = false
	return o.out
}

// loadRun reads the right rows whose key equals the waiting right row's
// into a new run.
func (o *mergeJoinOp) loadRun(s *State) error {
	o.right = nil
	o.runKey = append(o.runKey[:0], o.rkey...)
	for o.rhave && !o.rnull && o.compareKeys(o.rkey, o.runKey) == 0 {
		o.right = append(o.right, append(types.Row(nil), o.rrow...))
		o.rhave = false
		if err := o.peekRight(s); err != nil {
			return err
		}
		if err := s.checkCancel(); err != nil {
			return err
		}
	}
	o.trackRight()
	o.tailPos = 0
	o.haveRun = true
	return nil
}

// pairPending makes the waiting left row current, paired with the run
// when match is set and with nothing otherwise.
func (o *mergeJoinOp) pairPending(match bool) {
	o.havePend = false
	o.setLeft(o.pend, nil, match)
}

func (o *mergeJoinOp) Next(s *State) (types.Row, error) {
	for {
		if o.flushing {
			if row := o.nextUnmatchedRight(); row != nil {
				return row, nil
			}
			o.flushing, o.right, o.rightMatched = false, nil, nil
		}
		if o.haveLeft {
			row, err := o.nextForLeft(s)
			if err != nil || row != nil {
				return row, err
			}
			if err := s.checkCancel(); err != nil {
				return nil, err
			}
			continue
		}
		if !o.havePend {
			if o.leftDone {
				if !o.keepRight {
					return nil, nil
				}
				if err := o.peekRight(s); err != nil {
					return nil, err
				}
				if !o.rhave {
					return nil, nil
				}
				return o.unmatchedRight(), nil
			}
			row, err := o.left.Next(s)
			if err != nil {
				return nil, err
			}
			if row == nil {
				o.leftDone = true
				if o.haveRun {
					o.haveRun, o.flushing = false, true
				}
				continue
			}
			o.pend = append(o.pend[:0], row...)
			if o.pkey, o.pnull, err = evalKey(s, o.lk, o.pend, o.pkey); err != nil {
				return nil, err
			}
			o.havePend = true
		}
		if o.pnull {
			o.pairPending(false)
			continue
		}
		if o.haveRun {
			switch c := o.compareKeys(o.pkey, o.runKey); {
			case c == 0:
				o.pairPending(true)
			case c < 0:
				o.pairPending(false)
			default:
				o.haveRun, o.flushing = false, true
			}
			continue
		}
		if err := o.peekRight(s); err != nil {
			return nil, err
		}
		if !o.rhave {
			o.pairPending(false)
			continue
		}
		c := 0
		if !o.rnull {
			c = o.compareKeys(o.rkey, o.pkey)
		}
		switch {
		case o.rnull || c < 0:
			if o.keepRight {
				return o.unmatchedRight(), nil
			}
			o.rhave = false
			if err := s.checkCancel(); err != nil {
				return nil, err
			}
		case c > 0:
			o.pairPending(false)
		default:
			if err := o.loadRun(s); err != nil {
				return nil, err
			}
		}
	}
}

func (o *mergeJoinOp) Close() {
	o.left.Close()
	o.rightIn.Close()
	o.right = nil
}
