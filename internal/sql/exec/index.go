package exec

import (
	"bytes"
	"sort"

	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

// indexScan compiles an index scan for equality on a prefix of an
// index's columns: a point lookup, or a prefix scan in index order.
func (c *compiler) indexScan(n *plan.IndexScan) (build, error) {
	eq := make([]evalFn, len(n.Eq))
	for i, e := range n.Eq {
		f, err := compileExpr(e)
		if err != nil {
			return nil, err
		}
		eq[i] = f
	}
	var lower, upper evalFn
	var err error
	if n.Lower != nil {
		if lower, err = compileExpr(n.Lower); err != nil {
			return nil, err
		}
	}
	if n.Upper != nil {
		if upper, err = compileExpr(n.Upper); err != nil {
			return nil, err
		}
	}
	lowerIncl, upperIncl := n.LowerIncl, n.UpperIncl
	var in evalFn
	if n.In != nil {
		if in, err = compileExpr(n.In); err != nil {
			return nil, err
		}
	}
	t, idx, slots, withKey := n.Table, n.Index, n.Slots, n.WithKey
	width := len(n.Cols)
	// A point read decodes only the columns it returns: need has the
	// types of those and nil for the others (storage.DecodeRow skips them).
	need := make([]*types.T, len(t.Cols))
	for _, sl := range slots {
		need[sl] = t.Cols[sl]
	}
	return func(s *State) (operator, error) {
		kv, err := s.kv()
		if err != nil {
			return nil, err
		}
		var valBuf [4]types.Datum
		vals := valBuf[:0]
		if len(eq) > len(valBuf) {
			vals = make([]types.Datum, 0, len(eq))
		}
		vals = vals[:len(eq)]
		for i, f := range eq {
			v, err := f(s, nil)
			if err != nil {
				return nil, err
			}
			if v.IsNull() {
				// column = NULL is never true.
				return &valuesOp{}, nil
			}
			vals[i] = v
		}
		if in != nil {
			arr, err := in(s, nil)
			if err != nil {
				return nil, err
			}
			return inScan(s, kv, t, idx, vals, arr, slots, withKey, width)
		}
		if lower != nil || upper != nil {
			return rangeScan(s, kv, t, idx, vals, lower, upper, lowerIncl, upperIncl, slots, withKey, width)
		}
		if idx.Oid == t.Primary.Oid && !t.RowID && len(vals) == len(idx.Cols) {
			// The whole primary key: one read, no iterator.
			return newPointOp(t, idx, vals, need, slots, withKey, width), nil
		}
		it, err := t.ScanIndexPrefix(s.Env.Context(), kv, idx, vals)
		if err != nil {
			return nil, err
		}
		return &scanOp{it: it, slots: slots, withKey: withKey, out: make(types.Row, width)}, nil
	}, nil
}

// rangeScan scans the rows whose index columns equal vals and whose next
// column lies between the bounds. NULLs sort after every value in
// ascending keys, so the scan stops before them.
func rangeScan(s *State, kv storage.KV, t *storage.Table, idx *storage.Index, vals []types.Datum,
	lower, upper evalFn, lowerIncl, upperIncl bool, slots []int, withKey bool, width int) (operator, error) {
	prefix := t.IndexKey(idx, vals)
	colType := t.Cols[idx.Cols[len(vals)]]
	start := prefix
	end := storage.AppendKey(append([]byte(nil), prefix...), colType, types.Null, false)
	if lower != nil {
		v, err := lower(s, nil)
		if err != nil {
			return nil, err
		}
		if v.IsNull() {
			return &valuesOp{}, nil
		}
		start = storage.AppendKey(append([]byte(nil), prefix...), colType, v, false)
		if !lowerIncl {
			start = storage.PrefixEnd(start)
		}
	}
	if upper != nil {
		v, err := upper(s, nil)
		if err != nil {
			return nil, err
		}
		if v.IsNull() {
			return &valuesOp{}, nil
		}
		end = storage.AppendKey(append([]byte(nil), prefix...), colType, v, false)
		if upperIncl {
			end = storage.PrefixEnd(end)
		}
	}
	if bytes.Compare(start, end) >= 0 {
		return &valuesOp{}, nil
	}
	it, err := t.ScanIndexRange(s.Env.Context(), kv, idx, start, end)
	if err != nil {
		return nil, err
	}
	return &scanOp{it: it, slots: slots, withKey: withKey, out: make(types.Row, width)}, nil
}

// inScan looks up each distinct non-NULL element of arr as the value of
// the index column after vals, in key order.
func inScan(s *State, kv storage.KV, t *storage.Table, idx *storage.Index, vals []types.Datum, arr types.Datum,
	slots []int, withKey bool, width int) (operator, error) {
	if arr.IsNull() {
		return &valuesOp{}, nil
	}
	colType := t.Cols[idx.Cols[len(vals)]]
	seen := map[string]bool{}
	var prefixes [][]byte
	for _, e := range arr.Array().Elems {
		if e.IsNull() {
			continue
		}
		k := storage.AppendKey(t.IndexKey(idx, vals), colType, e, len(vals) < len(idx.Desc) && idx.Desc[len(vals)])
		if !seen[string(k)] {
			seen[string(k)] = true
			prefixes = append(prefixes, k)
		}
	}
	sort.Slice(prefixes, func(i, j int) bool { return bytes.Compare(prefixes[i], prefixes[j]) < 0 })
	return &multiScanOp{kv: kv, t: t, idx: idx, prefixes: prefixes, slots: slots, withKey: withKey, out: make(types.Row, width)}, nil
}

// multiScanOp scans several key prefixes of an index one after another.
type multiScanOp struct {
	kv       storage.KV
	t        *storage.Table
	idx      *storage.Index
	prefixes [][]byte
	cur      *scanOp
	slots    []int
	withKey  bool
	out      types.Row
}

func (o *multiScanOp) Next(s *State) (types.Row, error) {
	for {
		if o.cur == nil {
			if len(o.prefixes) == 0 {
				return nil, nil
			}
			p := o.prefixes[0]
			o.prefixes = o.prefixes[1:]
			it, err := o.t.ScanIndexRange(s.Env.Context(), o.kv, o.idx, p, storage.PrefixEnd(p))
			if err != nil {
				return nil, err
			}
			o.cur = &scanOp{it: it, slots: o.slots, withKey: o.withKey, out: o.out}
		}
		r, err := o.cur.Next(s)
		if err != nil || r != nil {
			return r, err
		}
		o.cur.Close()
		o.cur = nil
	}
}

func (o *multiScanOp) Close() {
	if o.cur != nil {
		o.cur.Close()
	}
}

// pointOp reads the row with a given primary key, if there is one.
type pointOp struct {
	key     []byte
	t       *storage.Table
	need    []*types.T // the types of the columns to decode, nil for the others
	slots   []int
	withKey bool
	done    bool
	out     types.Row
	full    types.Row // the stored row
}

// pointOpSmall is a pointOp with room for its rows, made in one
// allocation.
type pointOpSmall struct {
	pointOp
	buf    [8]types.Datum
	keyBuf [32]byte
}

// newPointOp returns a pointOp reading the row whose primary key is vals
// in idx; its key, output row (width wide) and stored row share one
// allocation when they are small.
func newPointOp(t *storage.Table, idx *storage.Index, vals []types.Datum, need []*types.T, slots []int, withKey bool, width int) *pointOp {
	var o *pointOp
	var rows types.Row
	var key []byte
	if n := width + len(t.Cols); n <= 8 {
		s := &pointOpSmall{}
		o, rows, key = &s.pointOp, s.buf[:n], s.keyBuf[:0]
	} else {
		o, rows = &pointOp{}, make(types.Row, n)
	}
	key = t.AppendIndexKey(key, idx, vals)
	*o = pointOp{key: key, t: t, need: need, slots: slots, withKey: withKey, out: rows[:width:width], full: rows[width:]}
	return o
}

func (o *pointOp) Next(s *State) (types.Row, error) {
	if o.done {
		return nil, nil
	}
	o.done = true
	kv, err := s.kv()
	if err != nil {
		return nil, err
	}
	full := o.full
	found, err := o.t.GetColumns(s.Env.Context(), kv, o.key, o.need, full)
	if err != nil || !found {
		return nil, err
	}
	for i, sl := range o.slots {
		o.out[i] = full[sl]
	}
	if o.withKey {
		o.out[len(o.slots)] = types.NewBytes(string(o.key))
	}
	return o.out, nil
}

func (o *pointOp) Close() {}

// lockRows compiles SELECT ... FOR UPDATE's row locking.
func (c *compiler) lockRows(n *plan.LockRows) (build, error) {
	in, err := c.node(n.Input)
	if err != nil {
		return nil, err
	}
	var recheck evalFn
	if n.Recheck != nil {
		if recheck, err = compileExpr(n.Recheck); err != nil {
			return nil, err
		}
	}
	wait := Wait
	switch {
	case n.NoWait:
		wait = NoWait
	case n.Skip:
		wait = SkipLocked
	}
	return func(s *State) (operator, error) {
		child, err := in(s)
		if err != nil {
			return nil, err
		}
		return &lockRowsOp{n: n, in: child, recheck: recheck, wait: wait, full: make(types.Row, len(n.Table.Cols))}, nil
	}, nil
}

type lockRowsOp struct {
	n       *plan.LockRows
	in      operator
	recheck evalFn
	wait    WaitPolicy
	full    types.Row
	row     types.Row
}

func (o *lockRowsOp) Close() { o.in.Close() }

func (o *lockRowsOp) Next(s *State) (types.Row, error) {
	lk, ok := s.Txn.(RowLocker)
	for {
		r, err := o.in.Next(s)
		if err != nil || r == nil || !ok {
			return r, err
		}
		n := o.n
		res, err := lk.LockRow(s.Env.Context(), []byte(r[n.KeyIndex].Str()), n.Name, analyze.LockStrength(n.Strength), o.wait)
		if err != nil {
			return nil, err
		}
		if res.Skipped || (res.Updated && !res.Found) {
			continue
		}
		if !res.Updated {
			return r, nil
		}
		// A newer version: re-check it as EvalPlanQual does.
		if err := storage.DecodeRow(res.Value, n.Table.Cols, o.full); err != nil {
			return nil, err
		}
		o.row = append(o.row[:0], r...)
		for i, sl := range n.Slots {
			o.row[n.Offset+i] = o.full[sl]
		}
		if o.recheck != nil {
			v, err := o.recheck(s, o.row)
			if err != nil {
				return nil, err
			}
			if v.IsNull() || !v.Bool() {
				continue
			}
		}
		return o.row, nil
	}
}
