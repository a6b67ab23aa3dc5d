package exec

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// compiler compiles one plan; shared nodes (CTEs) compile once.
type compiler struct {
	ctes map[*plan.CTE]build
}

// node compiles a plan node; its operators are measured in an execution
// whose State is instrumented (instrument.go).
func (c *compiler) node(n plan.Node) (build, error) {
	b, err := c.compile(n)
	if err != nil {
		return nil, err
	}
	return instrumentable(n, b), nil
}

func (c *compiler) compile(n plan.Node) (build, error) {
	switch n := n.(type) {
	case *plan.ValuesScan:
		rows := make([][]evalFn, len(n.Rows))
		for i, r := range n.Rows {
			fs, err := compileList(r)
			if err != nil {
				return nil, err
			}
			rows[i] = fs
		}
		width := len(n.Cols)
		return func(*State) (operator, error) { return &valuesOp{rows: rows, out: make(types.Row, width)}, nil }, nil
	case *plan.FunctionScan:
		return c.functionScan(n)
	case *plan.NestLoop:
		return c.nestLoop(n)
	case *plan.HashJoin:
		return c.hashJoin(n)
	case *plan.MergeJoin:
		return c.mergeJoin(n)
	case *plan.Append:
		var ins []build
		for _, in := range n.Inputs {
			b, err := c.node(in)
			if err != nil {
				return nil, err
			}
			ins = append(ins, b)
		}
		return func(*State) (operator, error) { return &appendOp{inputs: ins}, nil }, nil
	case *plan.SetOp:
		return c.setOp(n)
	case *plan.Distinct:
		in, err := c.node(n.Input)
		if err != nil {
			return nil, err
		}
		cols := n.Input.Columns()
		on := n.On
		return func(s *State) (operator, error) {
			child, err := in(s)
			if err != nil {
				return nil, err
			}
			return &distinctOp{in: child, on: on, cols: cols, seen: map[string]struct{}{}}, nil
		}, nil
	case *plan.CTEScan:
		return c.cteScan(n)
	case *plan.RecursiveUnion:
		return c.recursiveUnion(n)
	case *plan.ProjectSet:
		return c.projectSet(n)
	case *plan.WindowAgg:
		return c.windowAgg(n)
	case *plan.SeqScan:
		return c.seqScan(n)
	case *plan.VirtualScan:
		return c.virtualScan(n)
	case *plan.IndexScan:
		return c.indexScan(n)
	case *plan.LockRows:
		return c.lockRows(n)
	case *plan.ModifyTable:
		return c.modifyTable(n)
	case *plan.WorkTableScan:
		wt := n.Work
		return func(s *State) (operator, error) {
			return &rowsOp{rows: s.work[wt]}, nil
		}, nil
	}
	return compileNode(c, n)
}

// valuesOp produces VALUES rows.
type valuesOp struct {
	rows [][]evalFn
	pos  int
	out  types.Row
}

func (o *valuesOp) Next(s *State) (types.Row, error) {
	if o.pos >= len(o.rows) {
		return nil, nil
	}
	for i, f := range o.rows[o.pos] {
		v, err := f(s, nil)
		if err != nil {
			return nil, err
		}
		o.out[i] = v
	}
	o.pos++
	return o.out, nil
}
func (o *valuesOp) Close() {}

// rowsOp produces materialized rows.
type rowsOp struct {
	rows []types.Row
	pos  int
}

func (o *rowsOp) Next(*State) (types.Row, error) {
	if o.pos >= len(o.rows) {
		return nil, nil
	}
	o.pos++
	return o.rows[o.pos-1], nil
}
func (o *rowsOp) Close() {}

func (c *compiler) functionScan(n *plan.FunctionScan) (build, error) {
	args, err := compileList(n.Func.Args)
	if err != nil {
		return nil, err
	}
	fn := n.Func.Fn
	sig := n.Func.Sig
	ord := n.Ordinality
	width := len(n.Cols)
	if fn.RetSet {
		if fn.SRF == nil {
			return nil, pgerror.New(pgerror.FeatureNotSupported, "function %s is not supported yet", fn.Signature())
		}
		return func(s *State) (operator, error) {
			vals := make([]types.Datum, len(args))
			for i, a := range args {
				v, err := a(s, nil)
				if err != nil {
					return nil, err
				}
				if v.IsNull() && fn.Strict {
					return &rowsOp{}, nil
				}
				vals[i] = v
			}
			it, err := fn.SRF(s.Env, &sig, vals)
			if err != nil {
				return nil, err
			}
			return &srfOp{it: it, ord: ord, out: make(types.Row, width)}, nil
		}, nil
	}
	// A scalar function in FROM: one row.
	call, err := compileExpr(n.Func)
	if err != nil {
		return nil, err
	}
	return func(s *State) (operator, error) {
		v, err := call(s, nil)
		if err != nil {
			return nil, err
		}
		row := types.Row{v}
		if nf := len(sig.Ret.Fields); nf > 1 {
			// A function with OUT parameters: its record's fields are
			// the columns.
			row = make(types.Row, nf)
			for i := range row {
				row[i] = types.Null
				if !v.IsNull() && i < len(v.Record().Values) {
					row[i] = v.Record().Values[i]
				}
			}
		}
		if ord {
			row = append(row, types.NewInt(1))
		}
		return &rowsOp{rows: []types.Row{row}}, nil
	}, nil
}

type srfOp struct {
	it  builtins.SetIter
	ord bool
	n   int64
	out types.Row
}

func (o *srfOp) Next(s *State) (types.Row, error) {
	if err := s.checkCancel(); err != nil {
		return nil, err
	}
	r, ok, err := o.it.Next()
	if err != nil || !ok {
		return nil, err
	}
	copy(o.out, r)
	if o.ord {
		o.n++
		o.out[len(o.out)-1] = types.NewInt(o.n)
	}
	return o.out, nil
}
func (o *srfOp) Close() {}

// nestLoop joins by scanning the right side for every left row.
func (c *compiler) nestLoop(n *plan.NestLoop) (build, error) {
	left, err := c.node(n.Left)
	if err != nil {
		return nil, err
	}
	right, err := c.node(n.Right)
	if err != nil {
		return nil, err
	}
	var cond evalFn
	if n.Cond != nil {
		if cond, err = compileExpr(n.Cond); err != nil {
			return nil, err
		}
	}
	lw, rw := len(n.Left.Columns()), len(n.Right.Columns())
	jt, lateral := n.Type, n.Lateral
	return func(s *State) (operator, error) {
		l, err := left(s)
		if err != nil {
			return nil, err
		}
		o := &nestLoopOp{left: l, rightBuild: right, lateral: lateral,
			joinRows: joinRows{cond: cond, jt: jt, lw: lw, rw: rw, out: make(types.Row, lw+rw)}}
		if !lateral {
			// Materialize the right side once.
			r, err := right(s)
			if err != nil {
				return nil, err
			}
			for {
				row, err := r.Next(s)
				if err != nil {
					r.Close()
					return nil, err
				}
				if row == nil {
					break
				}
				o.right = append(o.right, append(types.Row(nil), row...))
			}
			r.Close()
			o.trackRight()
		}
		return o, nil
	}, nil
}

type nestLoopOp struct {
	joinRows
	left       operator
	rightBuild build
	lateral    bool
	leftDone   bool
}

func (o *nestLoopOp) Next(s *State) (types.Row, error) {
	for {
		if o.leftDone {
			return o.nextUnmatchedRight(), nil
		}
		if !o.haveLeft {
			row, err := o.left.Next(s)
			if err != nil {
				return nil, err
			}
			if row == nil {
				o.leftDone = true
				continue
			}
			o.setLeft(row, nil, true)
			if o.lateral {
				if err := o.scanLateral(s); err != nil {
					return nil, err
				}
			}
		}
		row, err := o.nextForLeft(s)
		if err != nil || row != nil {
			return row, err
		}
		if err := s.checkCancel(); err != nil {
			return nil, err
		}
	}
}

// scanLateral re-runs the right side with the current left row visible as
// the outer row.
func (o *nestLoopOp) scanLateral(s *State) error {
	o.right = o.right[:0]
	s.outer = append(s.outer, o.leftRow)
	defer func() { s.outer = s.outer[:len(s.outer)-1] }()
	r, err := o.rightBuild(s)
	if err != nil {
		return err
	}
	defer r.Close()
	for {
		row, err := r.Next(s)
		if err != nil {
			return err
		}
		if row == nil {
			return nil
		}
		o.right = append(o.right, append(types.Row(nil), row...))
	}
}

func (o *nestLoopOp) Close() { o.left.Close() }

// hashJoin builds a hash table of the right side and probes it with the
// left rows.
type appendOp struct {
	inputs []build
	cur    operator
	i      int
}

func (o *appendOp) Next(s *State) (types.Row, error) {
	for {
		if o.cur == nil {
			if o.i >= len(o.inputs) {
				return nil, nil
			}
			op, err := o.inputs[o.i](s)
			if err != nil {
				return nil, err
			}
			o.cur = op
			o.i++
		}
		row, err := o.cur.Next(s)
		if err != nil {
			return nil, err
		}
		if row != nil {
			return row, nil
		}
		o.cur.Close()
		o.cur = nil
	}
}

func (o *appendOp) Close() {
	if o.cur != nil {
		o.cur.Close()
	}
}

// rowKey is the hash key of a whole row (or the given columns).
func rowKey(buf []byte, cols []plan.Column, row types.Row, on []int) []byte {
	if on == nil {
		for i, v := range row {
			buf = types.AppendHashKey(buf, cols[i].T, v)
		}
		return buf
	}
	for _, i := range on {
		buf = types.AppendHashKey(buf, cols[i].T, row[i])
	}
	return buf
}

type distinctOp struct {
	in   operator
	on   []int
	cols []plan.Column
	seen map[string]struct{}
	key  []byte
}

func (o *distinctOp) Next(s *State) (types.Row, error) {
	for {
		row, err := o.in.Next(s)
		if err != nil || row == nil {
			return nil, err
		}
		o.key = rowKey(o.key[:0], o.cols, row, o.on)
		if _, dup := o.seen[string(o.key)]; dup {
			if err := s.checkCancel(); err != nil {
				return nil, err
			}
			continue
		}
		o.seen[string(o.key)] = struct{}{}
		return row, nil
	}
}
func (o *distinctOp) Close() { o.in.Close() }

// setOp computes UNION, INTERSECT and EXCEPT by counting rows of each side
// per distinct row (PostgreSQL's hashed SetOp).
func (c *compiler) setOp(n *plan.SetOp) (build, error) {
	left, err := c.node(n.Left)
	if err != nil {
		return nil, err
	}
	right, err := c.node(n.Right)
	if err != nil {
		return nil, err
	}
	cols := n.Cols
	op, all := n.Op, n.All
	return func(s *State) (operator, error) {
		type entry struct {
			row         types.Row
			left, right int
		}
		index := map[string]*entry{}
		var order []*entry
		var key []byte
		feed := func(b build, isLeft bool) error {
			in, err := b(s)
			if err != nil {
				return err
			}
			defer in.Close()
			for {
				row, err := in.Next(s)
				if err != nil {
					return err
				}
				if row == nil {
					return nil
				}
				key = rowKey(key[:0], cols, row, nil)
				e := index[string(key)]
				if e == nil {
					e = &entry{row: append(types.Row(nil), row...)}
					index[string(key)] = e
					order = append(order, e)
				}
				if isLeft {
					e.left++
				} else {
					e.right++
				}
				if err := s.checkCancel(); err != nil {
					return err
				}
			}
		}
		if err := feed(left, true); err != nil {
			return nil, err
		}
		if err := feed(right, false); err != nil {
			return nil, err
		}
		var out []types.Row
		for _, e := range order {
			n := 0
			switch op {
			case analyze.Union:
				n = 1
				if all {
					n = e.left + e.right
				}
			case analyze.Intersect:
				if e.left > 0 && e.right > 0 {
					n = 1
					if all {
						n = min(e.left, e.right)
					}
				}
			case analyze.Except:
				if all {
					n = max(e.left-e.right, 0)
				} else if e.left > 0 && e.right == 0 {
					n = 1
				}
			}
			for i := 0; i < n; i++ {
				out = append(out, e.row)
			}
		}
		return &rowsOp{rows: out}, nil
	}, nil
}

// cteState is a CTE's shared, incrementally filled result: references
// read the rows produced so far and pull more from the producer on
// demand, so a LIMIT over an unbounded recursive CTE ends.
type cteState struct {
	producer operator
	rows     []types.Row
	done     bool
	err      error
}

func (c *cteState) fill(s *State, upto int) error {
	for !c.done && len(c.rows) <= upto {
		saved := s.outer
		s.outer = nil
		row, err := c.producer.Next(s)
		s.outer = saved
		if err != nil {
			c.err = err
			c.done = true
			c.producer.Close()
			return err
		}
		if row == nil {
			c.done = true
			c.producer.Close()
			return nil
		}
		c.rows = append(c.rows, append(types.Row(nil), row...))
	}
	return c.err
}

// cteScan reads a CTE's rows, running the CTE on first use.
func (c *compiler) cteScan(n *plan.CTEScan) (build, error) {
	cte := n.CTE
	b, ok := c.ctes[cte]
	if ok && b == nil {
		return nil, pgerror.New(pgerror.InvalidRecursion, "recursive reference to query \"%s\" is not supported here", cte.Name)
	}
	if !ok {
		c.ctes[cte] = nil // in progress
		var err error
		b, err = c.node(cte.Plan)
		if err != nil {
			delete(c.ctes, cte)
			return nil, err
		}
		c.ctes[cte] = b
	}
	return func(s *State) (operator, error) {
		st, ok := s.cteState[cte]
		if !ok {
			saved := s.outer
			s.outer = nil
			op, err := b(s)
			s.outer = saved
			if err != nil {
				return nil, err
			}
			st = &cteState{producer: op}
			if s.cteState == nil {
				s.cteState = map[*plan.CTE]*cteState{}
			}
			s.cteState[cte] = st
		}
		return &cteScanOp{st: st}, nil
	}, nil
}

type cteScanOp struct {
	st  *cteState
	pos int
}

func (o *cteScanOp) Next(s *State) (types.Row, error) {
	if err := o.st.fill(s, o.pos); err != nil {
		return nil, err
	}
	if o.pos >= len(o.st.rows) {
		return nil, nil
	}
	o.pos++
	return o.st.rows[o.pos-1], nil
}
func (o *cteScanOp) Close() {}

// recursiveUnion evaluates WITH RECURSIVE iteratively, streaming: the
// non-recursive term's rows, then the recursive term's over the previous
// iteration's rows (the work table), until an iteration adds nothing.
func (c *compiler) recursiveUnion(n *plan.RecursiveUnion) (build, error) {
	nonRec, err := c.node(n.NonRecursive)
	if err != nil {
		return nil, err
	}
	rec, err := c.node(n.Recursive)
	if err != nil {
		return nil, err
	}
	wt, all, cols := n.Work, n.All, n.Cols
	return func(s *State) (operator, error) {
		cur, err := nonRec(s)
		if err != nil {
			return nil, err
		}
		o := &recursiveOp{cur: cur, rec: rec, wt: wt, all: all, cols: cols}
		if !all {
			o.seen = map[string]struct{}{}
		}
		return o, nil
	}, nil
}

type recursiveOp struct {
	cur   operator
	rec   build
	wt    *plan.WorkTable
	all   bool
	cols  []plan.Column
	seen  map[string]struct{}
	batch []types.Row
	key   []byte
}

func (o *recursiveOp) Next(s *State) (types.Row, error) {
	for {
		if o.cur == nil {
			return nil, nil
		}
		row, err := o.cur.Next(s)
		if err != nil {
			return nil, err
		}
		if row == nil {
			o.cur.Close()
			o.cur = nil
			if len(o.batch) == 0 {
				return nil, nil
			}
			if s.work == nil {
				s.work = map[*plan.WorkTable][]types.Row{}
			}
			s.work[o.wt] = o.batch
			o.batch = nil
			if o.cur, err = o.rec(s); err != nil {
				return nil, err
			}
			continue
		}
		if err := s.checkCancel(); err != nil {
			return nil, err
		}
		if !o.all {
			o.key = rowKey(o.key[:0], o.cols, row, nil)
			if _, dup := o.seen[string(o.key)]; dup {
				continue
			}
			o.seen[string(o.key)] = struct{}{}
		}
		r := append(types.Row(nil), row...)
		o.batch = append(o.batch, r)
		return r, nil
	}
}

func (o *recursiveOp) Close() {
	if o.cur != nil {
		o.cur.Close()
	}
}

func (c *compiler) projectSet(n *plan.ProjectSet) (build, error) {
	in, err := c.node(n.Input)
	if err != nil {
		return nil, err
	}
	type srf struct {
		fn   *analyze.Func
		args []evalFn
	}
	var srfs []srf
	for _, f := range n.SRFs {
		if f.Fn.SRF == nil {
			return nil, pgerror.New(pgerror.FeatureNotSupported, "function %s is not supported yet", f.Fn.Signature())
		}
		args, err := compileList(f.Args)
		if err != nil {
			return nil, err
		}
		srfs = append(srfs, srf{fn: f, args: args})
	}
	width := len(n.Input.Columns())
	return func(s *State) (operator, error) {
		child, err := in(s)
		if err != nil {
			return nil, err
		}
		o := &projectSetOp{in: child, width: width, out: make(types.Row, width+len(srfs)), srfs: n.SRFs}
		o.start = func(row types.Row) error {
			o.iters = o.iters[:0]
			for _, f := range srfs {
				vals := make([]types.Datum, len(f.args))
				null := false
				for i, a := range f.args {
					v, err := a(s, row)
					if err != nil {
						return err
					}
					if v.IsNull() && f.fn.Fn.Strict {
						null = true
					}
					vals[i] = v
				}
				if null {
					o.iters = append(o.iters, nil)
					continue
				}
				it, err := f.fn.Fn.SRF(s.Env, &f.fn.Sig, vals)
				if err != nil {
					return err
				}
				o.iters = append(o.iters, it)
			}
			return nil
		}
		return o, nil
	}, nil
}

type projectSetOp struct {
	in    operator
	width int
	out   types.Row
	start func(row types.Row) error
	iters []builtins.SetIter
	srfs  []*analyze.Func
	row   types.Row
	have  bool
}

func (o *projectSetOp) Next(s *State) (types.Row, error) {
	for {
		if !o.have {
			row, err := o.in.Next(s)
			if err != nil || row == nil {
				return nil, err
			}
			o.row = append(o.row[:0], row...)
			o.have = true
			if err := o.start(o.row); err != nil {
				return nil, err
			}
		}
		copy(o.out, o.row)
		any := false
		for i, it := range o.iters {
			o.out[o.width+i] = types.Null
			if it == nil {
				continue
			}
			r, ok, err := it.Next()
			if err != nil {
				return nil, err
			}
			if !ok {
				o.iters[i] = nil
				continue
			}
			any = true
			o.out[o.width+i] = builtins.SetResultValue(o.srfs[i].Fn, &o.srfs[i].Sig, r)
		}
		if any {
			return o.out, nil
		}
		o.have = false
		if err := s.checkCancel(); err != nil {
			return nil, err
		}
	}
}

func (o *projectSetOp) Close() { o.in.Close() }
