package exec

import (
	"sort"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

type winFunc struct {
	call   *analyze.WindowFunc
	args   []evalFn
	filter evalFn
}

func (c *compiler) windowAgg(n *plan.WindowAgg) (build, error) {
	in, err := c.node(n.Input)
	if err != nil {
		return nil, err
	}
	parts, err := compileList(n.PartitionBy)
	if err != nil {
		return nil, err
	}
	var orders []evalFn
	var orderTypes []*types.T
	for _, k := range n.OrderBy {
		f, err := compileExpr(k.Expr)
		if err != nil {
			return nil, err
		}
		orders = append(orders, f)
		orderTypes = append(orderTypes, k.Expr.Type())
	}
	var startOff, endOff evalFn
	if n.StartOffset != nil {
		if startOff, err = compileExpr(n.StartOffset); err != nil {
			return nil, err
		}
	}
	if n.EndOffset != nil {
		if endOff, err = compileExpr(n.EndOffset); err != nil {
			return nil, err
		}
	}
	var funcs []winFunc
	for _, wf := range n.Funcs {
		args, err := compileList(wf.Fn.Args)
		if err != nil {
			return nil, err
		}
		w := winFunc{call: wf, args: args}
		if wf.Filter != nil {
			if w.filter, err = compileExpr(wf.Filter); err != nil {
				return nil, err
			}
		}
		funcs = append(funcs, w)
	}
	width := len(n.Input.Columns())
	partTypes := make([]*types.T, len(n.PartitionBy))
	for i, e := range n.PartitionBy {
		partTypes[i] = e.Type()
	}
	spec := n
	return func(s *State) (operator, error) {
		child, err := in(s)
		if err != nil {
			return nil, err
		}
		return &windowOp{in: child, spec: spec, parts: parts, partTypes: partTypes, orders: orders, orderTypes: orderTypes,
			startOff: startOff, endOff: endOff, funcs: funcs, width: width}, nil
	}, nil
}

// windowOp materializes its input, sorts it by partition and order keys,
// and computes the window functions partition by partition.
type windowOp struct {
	in         operator
	spec       *plan.WindowAgg
	parts      []evalFn
	partTypes  []*types.T
	orders     []evalFn
	orderTypes []*types.T
	startOff   evalFn
	endOff     evalFn
	funcs      []winFunc
	width      int

	out  []types.Row
	pos  int
	done bool
}

// wrow is one input row with its partition and order key values.
type wrow struct {
	row  types.Row
	part types.Row
	ord  types.Row
}

func (o *windowOp) Next(s *State) (types.Row, error) {
	if !o.done {
		o.done = true
		if err := o.compute(s); err != nil {
			return nil, err
		}
	}
	if o.pos >= len(o.out) {
		return nil, nil
	}
	o.pos++
	return o.out[o.pos-1], nil
}

func (o *windowOp) Close() { o.in.Close() }

func (o *windowOp) compute(s *State) error {
	var rows []wrow
	for {
		r, err := o.in.Next(s)
		if err != nil {
			return err
		}
		if r == nil {
			break
		}
		w := wrow{row: append(make(types.Row, 0, o.width+len(o.funcs)), r...)}
		for _, p := range o.parts {
			v, err := p(s, w.row)
			if err != nil {
				return err
			}
			w.part = append(w.part, v)
		}
		for _, f := range o.orders {
			v, err := f(s, w.row)
			if err != nil {
				return err
			}
			w.ord = append(w.ord, v)
		}
		rows = append(rows, w)
		if err := s.checkCancel(); err != nil {
			return err
		}
	}
	ordKeys := make([]plan.SortKey, len(o.orders))
	for i, k := range o.spec.OrderBy {
		ordKeys[i] = plan.SortKey{Index: i, T: o.orderTypes[i], Desc: k.Desc, NullsFirst: k.NullsFirst}
	}
	partKeys := make([]plan.SortKey, len(o.parts))
	for i := range o.parts {
		partKeys[i] = plan.SortKey{Index: i, T: o.partTypes[i]}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if c := compareRows(partKeys, rows[i].part, rows[j].part); c != 0 {
			return c < 0
		}
		return compareRows(ordKeys, rows[i].ord, rows[j].ord) < 0
	})
	for start := 0; start < len(rows); {
		end := start + 1
		for end < len(rows) && compareRows(partKeys, rows[start].part, rows[end].part) == 0 {
			end++
		}
		if err := o.partition(s, rows[start:end], ordKeys); err != nil {
			return err
		}
		start = end
	}
	o.out = make([]types.Row, len(rows))
	for i := range rows {
		o.out[i] = rows[i].row
	}
	return nil
}

// partition computes every function for the rows of one partition.
func (o *windowOp) partition(s *State, rows []wrow, ordKeys []plan.SortKey) error {
	n := len(rows)
	// Peer groups: runs of rows equal under ORDER BY.
	peerStart := make([]int, n)
	peerEnd := make([]int, n)
	peerNum := make([]int, n)
	for i, g := 0, 0; i < n; {
		j := i + 1
		for j < n && compareRows(ordKeys, rows[i].ord, rows[j].ord) == 0 {
			j++
		}
		g++
		for k := i; k < j; k++ {
			peerStart[k], peerEnd[k], peerNum[k] = i, j, g
		}
		i = j
	}
	wf := &winFrame{s: s, o: o, rows: rows, peerStart: peerStart, peerEnd: peerEnd, peerNum: peerNum}
	if n > 0 {
		if err := wf.checkOffsets(); err != nil {
			return err
		}
	}
	for fi := range o.funcs {
		f := &o.funcs[fi]
		wf.f = f
		wf.cache = map[int]types.Row{}
		fn := f.call.Fn.Fn
		for pos := 0; pos < n; pos++ {
			wf.pos = pos
			var v types.Datum
			var err error
			if fn.Window != nil {
				v, err = fn.Window.Eval(s.Env, &f.call.Fn.Sig, wf, nil)
			} else {
				v, err = o.aggregate(s, wf, f)
			}
			if err != nil {
				return err
			}
			rows[pos].row = append(rows[pos].row, v)
		}
	}
	return nil
}

// aggregate computes an aggregate over the current row's frame.
func (o *windowOp) aggregate(s *State, wf *winFrame, f *winFunc) (types.Datum, error) {
	start, end := wf.FrameBounds()
	def := f.call.Fn.Fn.Agg
	st := def.New(&f.call.Fn.Sig)
	args := make([]types.Datum, len(f.args))
	for p := start; p < end; p++ {
		if wf.excluded(p) {
			continue
		}
		row := wf.rows[p].row[:o.width]
		if f.filter != nil {
			v, err := f.filter(s, row)
			if err != nil {
				return types.Null, err
			}
			if v.IsNull() || !v.Bool() {
				continue
			}
		}
		skip := false
		for i, a := range f.args {
			v, err := a(s, row)
			if err != nil {
				return types.Null, err
			}
			if v.IsNull() && def.SkipNulls {
				skip = true
				break
			}
			args[i] = v
		}
		if skip {
			continue
		}
		if err := st.Add(s.Env, args); err != nil {
			return types.Null, err
		}
	}
	return st.Result(s.Env)
}

// winFrame is the executor's builtins.WindowFrame.
type winFrame struct {
	s         *State
	o         *windowOp
	f         *winFunc
	rows      []wrow
	pos       int
	peerStart []int
	peerEnd   []int
	peerNum   []int
	cache     map[int]types.Row
}

var _ builtins.WindowFrame = (*winFrame)(nil)

func (w *winFrame) Pos() int { return w.pos }
func (w *winFrame) Len() int { return len(w.rows) }

func (w *winFrame) Arg(i, pos int) (types.Datum, error) {
	if i >= len(w.f.args) {
		return types.Null, nil
	}
	return w.f.args[i](w.s, w.rows[pos].row[:w.o.width])
}

func (w *winFrame) PeerGroup() (int, int, int) {
	return w.peerStart[w.pos], w.peerEnd[w.pos], w.peerNum[w.pos]
}

func (w *winFrame) offset(f evalFn) (types.Datum, error) {
	v, err := f(w.s, w.rows[w.pos].row[:w.o.width])
	if err != nil {
		return types.Null, err
	}
	if v.IsNull() {
		return types.Null, pgerror.New(pgerror.NullValueNotAllowed, "frame starting offset must not be null")
	}
	return v, nil
}

// checkOffsets rejects a NULL frame offset, and a negative ROWS or GROUPS
// one, before any frame is computed (nodeWindowAgg.c
// calculate_frame_offsets).
func (w *winFrame) checkOffsets() error {
	opt := w.o.spec.Frame
	check := func(f evalFn, which string) error {
		v, err := f(w.s, w.rows[w.pos].row[:w.o.width])
		if err != nil {
			return err
		}
		if v.IsNull() {
			return pgerror.New(pgerror.NullValueNotAllowed, "frame %s offset must not be null", which)
		}
		if opt&(analyze.FrameRows|analyze.FrameGroups) != 0 && v.Int() < 0 {
			return pgerror.New(pgerror.InvalidPrecedingOrFollowing, "frame %s offset must not be negative", which)
		}
		return nil
	}
	if opt&(analyze.FrameStartOffsetPreceding|analyze.FrameStartOffsetFollowing) != 0 && w.o.startOff != nil {
		if err := check(w.o.startOff, "starting"); err != nil {
			return err
		}
	}
	if opt&(analyze.FrameEndOffsetPreceding|analyze.FrameEndOffsetFollowing) != 0 && w.o.endOff != nil {
		if err := check(w.o.endOff, "ending"); err != nil {
			return err
		}
	}
	return nil
}

// FrameBounds computes the current row's frame [start, end) for ROWS,
// RANGE and GROUPS frames.
func (w *winFrame) FrameBounds() (int, int) {
	opt := w.o.spec.Frame
	n := len(w.rows)
	pos := w.pos
	start, end := 0, n
	switch {
	case opt&analyze.FrameStartUnboundedPreceding != 0:
		start = 0
	case opt&analyze.FrameStartCurrentRow != 0:
		if opt&analyze.FrameRows != 0 {
			start = pos
		} else {
			start = w.peerStart[pos]
		}
	case opt&(analyze.FrameStartOffsetPreceding|analyze.FrameStartOffsetFollowing) != 0:
		start = w.offsetBound(w.o.startOff, opt&analyze.FrameStartOffsetPreceding != 0, true)
	}
	switch {
	case opt&analyze.FrameEndUnboundedFollowing != 0:
		end = n
	case opt&analyze.FrameEndCurrentRow != 0:
		if opt&analyze.FrameRows != 0 {
			end = pos + 1
		} else {
			end = w.peerEnd[pos]
		}
	case opt&(analyze.FrameEndOffsetPreceding|analyze.FrameEndOffsetFollowing) != 0:
		end = w.offsetBound(w.o.endOff, opt&analyze.FrameEndOffsetPreceding != 0, false)
	}
	if start < 0 {
		start = 0
	}
	if end > n {
		end = n
	}
	if end < start {
		end = start
	}
	return start, end
}

// offsetBound resolves "offset PRECEDING/FOLLOWING" to a row position: for
// a start bound the first row in the frame, for an end bound one past the
// last.
func (w *winFrame) offsetBound(f evalFn, preceding, isStart bool) int {
	opt := w.o.spec.Frame
	v, err := w.offset(f)
	if err != nil {
		return w.pos
	}
	n := len(w.rows)
	switch {
	case opt&analyze.FrameRows != 0:
		k := int(v.Int())
		if preceding {
			k = -k
		}
		if isStart {
			return w.pos + k
		}
		return w.pos + k + 1
	case opt&analyze.FrameGroups != 0:
		k := int(v.Int())
		if preceding {
			k = -k
		}
		g := w.peerNum[w.pos] + k
		if isStart {
			for i := 0; i < n; i++ {
				if w.peerNum[i] >= g {
					return i
				}
			}
			return n
		}
		for i := n - 1; i >= 0; i-- {
			if w.peerNum[i] <= g {
				return i + 1
			}
		}
		return 0
	}
	// RANGE: compare the single order key with current ± offset.
	key := w.rows[w.pos].ord[0]
	if key.IsNull() {
		// NULLs form their own peer group.
		if isStart {
			return w.peerStart[w.pos]
		}
		return w.peerEnd[w.pos]
	}
	ok := w.o.spec.OrderBy[0]
	desc := ok.Desc
	t := ok.Expr.Type()
	// The bound value: current + offset toward the frame direction.
	sub := preceding != desc
	cmpBound, isDateTime, berr := builtins.DateTimeRangeFrame(w.s.Env, t, key, v, sub)
	if !isDateTime {
		var bound types.Datum
		bound, berr = addOffset(t, key, v, sub)
		cmpBound = func(x types.Datum) int { return compareNum(t, x, bound) }
	}
	if berr != nil {
		return w.pos
	}
	inFrame := func(i int) bool {
		x := w.rows[i].ord[0]
		if x.IsNull() {
			return false
		}
		c := cmpBound(x)
		if desc {
			c = -c
		}
		if isStart {
			return c >= 0
		}
		return c <= 0
	}
	if isStart {
		for i := 0; i < n; i++ {
			if inFrame(i) {
				return i
			}
		}
		return n
	}
	for i := n - 1; i >= 0; i-- {
		if inFrame(i) {
			return i + 1
		}
	}
	return 0
}

func compareNum(t *types.T, a, b types.Datum) int {
	return builtins.CompareValues(t, a, types.Numeric, b)
}

// addOffset returns key ± offset as a numeric (for RANGE frames over
// numbers).
func addOffset(t *types.T, key, off types.Datum, sub bool) (types.Datum, error) {
	toNum := func(tt *types.T, d types.Datum) *apd.Decimal {
		switch d.Kind() {
		case types.KNumeric:
			return d.Numeric()
		case types.KInt:
			return apd.New(d.Int(), 0)
		case types.KFloat:
			n, _ := types.FloatToNumeric(d.Float(), 64)
			return n
		}
		return apd.New(0, 0)
	}
	a, b := toNum(t, key), toNum(t, off)
	var r *apd.Decimal
	var err error
	if sub {
		r, err = builtins.NumericSub(a, b)
	} else {
		r, err = builtins.NumericAdd(a, b)
	}
	if err != nil {
		return types.Null, err
	}
	return types.NewNumeric(r), nil
}

// excluded applies the frame's EXCLUDE clause to row p.
func (w *winFrame) excluded(p int) bool {
	opt := w.o.spec.Frame
	switch {
	case opt&analyze.FrameExcludeCurrentRow != 0:
		return p == w.pos
	case opt&analyze.FrameExcludeGroup != 0:
		return p >= w.peerStart[w.pos] && p < w.peerEnd[w.pos]
	case opt&analyze.FrameExcludeTies != 0:
		return p != w.pos && p >= w.peerStart[w.pos] && p < w.peerEnd[w.pos]
	}
	return false
}
