package exec

import (
	"sort"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// State is one execution's state. It is not safe for concurrent use.
type State struct {
	Env    builtins.Env
	Params []types.Datum
	// Txn gives access to tables; nil for statements that read none.
	Txn Txn
	// RowsAffected counts the rows INSERT, UPDATE and DELETE changed.
	RowsAffected int64
	// conflictSeen tracks rows ON CONFLICT DO UPDATE changed.
	conflictSeen map[string]bool

	// stack is scratch space for function arguments (see compileFunc);
	// stackBuf is its first backing array, enough for most expressions.
	stack    []types.Datum
	stackBuf [8]types.Datum
	// caseVal is the operand of the innermost simple CASE being evaluated.
	caseVal types.Datum
	// ticks counts rows processed, to check for cancellation periodically.
	ticks int
	// outer is the stack of enclosing rows read by plan.OuterRef: the
	// rows of the operators evaluating subqueries, and the left rows of
	// lateral joins.
	outer []types.Row
	// cteState holds each CTE's shared result; work holds the work tables
	// of recursive unions; subCache holds uncorrelated subqueries'
	// results.
	cteState map[*plan.CTE]*cteState
	work     map[*plan.WorkTable][]types.Row
	subCache map[*plan.SubPlan]subResult
	// virtual holds the rows of the system catalog relations the
	// statement has read, computed once per statement (a correlated
	// subquery over pg_class would otherwise compute them per outer row).
	virtual map[types.Oid][]types.Row
	// stats holds an instrumented execution's measurements per node.
	stats map[plan.Node]*plan.NodeStats
}

// checkCancel returns the statement's cancellation error every few hundred
// calls.
func (s *State) checkCancel() error {
	s.ticks++
	if s.ticks&255 != 0 {
		return nil
	}
	return s.Env.Context().Err()
}

// Program is a compiled plan. It is immutable and safe for concurrent use.
type Program struct {
	root build
	cols []plan.Column
}

// Columns describes the rows the program produces.
func (p *Program) Columns() []plan.Column { return p.cols }

// operator produces rows on demand. Next returns a nil row at the end. The
// returned row is valid until the next call to Next.
type operator interface {
	Next(s *State) (types.Row, error)
	Close()
}

// build instantiates an operator for one execution.
type build func(s *State) (operator, error)

// Compile compiles a plan.
func Compile(n plan.Node) (*Program, error) {
	c := &compiler{ctes: map[*plan.CTE]build{}}
	b, err := c.node(n)
	if err != nil {
		return nil, err
	}
	return &Program{root: b, cols: n.Columns()}, nil
}

// Cursor is one execution of a program.
type Cursor struct {
	op    operator
	state *State
	done  bool
}

// Start begins an execution with the given state. The caller must Close
// the cursor.
func (p *Program) Start(s *State) (*Cursor, error) {
	c := &Cursor{}
	if err := p.StartIn(c, s); err != nil {
		return nil, err
	}
	return c, nil
}

// StartIn is Start with a cursor the caller provides (and may embed in
// its own structures).
func (p *Program) StartIn(c *Cursor, s *State) error {
	if s.stack == nil {
		s.stack = s.stackBuf[:0]
	}
	op, err := p.root(s)
	if err != nil {
		return err
	}
	*c = Cursor{op: op, state: s}
	return nil
}

// Next returns the next row, or nil at the end. The row is valid until the
// next call.
func (c *Cursor) Next() (types.Row, error) {
	if c.done {
		return nil, nil
	}
	row, err := c.op.Next(c.state)
	if err != nil || row == nil {
		c.done = true
	}
	return row, err
}

// Close releases the execution's resources.
func (c *Cursor) Close() {
	if c.op != nil {
		c.op.Close()
		c.op = nil
	}
}

func compileNode(c *compiler, n plan.Node) (build, error) {
	switch n := n.(type) {
	case *plan.Result:
		return func(*State) (operator, error) { return &resultOp{}, nil }, nil
	case *plan.Filter:
		in, err := c.node(n.Input)
		if err != nil {
			return nil, err
		}
		cond, err := compileExpr(n.Cond)
		if err != nil {
			return nil, err
		}
		return func(s *State) (operator, error) {
			child, err := in(s)
			if err != nil {
				return nil, err
			}
			return &filterOp{in: child, cond: cond}, nil
		}, nil
	case *plan.Project:
		in, err := c.node(n.Input)
		if err != nil {
			return nil, err
		}
		exprs, err := compileList(n.Exprs)
		if err != nil {
			return nil, err
		}
		return func(s *State) (operator, error) {
			child, err := in(s)
			if err != nil {
				return nil, err
			}
			return newProjectOp(child, exprs), nil
		}, nil
	case *plan.Agg:
		return compileAgg(c, n)
	case *plan.Sort:
		in, err := c.node(n.Input)
		if err != nil {
			return nil, err
		}
		keys := n.Keys
		cols := columnTypes(n.Input.Columns())
		return func(s *State) (operator, error) {
			child, err := in(s)
			if err != nil {
				return nil, err
			}
			return &sortOp{in: child, keys: keys, cols: cols}, nil
		}, nil
	case *plan.Limit:
		return compileLimit(c, n)
	}
	return nil, pgerror.New(pgerror.FeatureNotSupported, "plan node %T is not supported", n)
}

type resultOp struct{ done bool }

func (o *resultOp) Next(*State) (types.Row, error) {
	if o.done {
		return nil, nil
	}
	o.done = true
	return types.Row{}, nil
}
func (o *resultOp) Close() {}

type filterOp struct {
	in   operator
	cond evalFn
}

func (o *filterOp) Next(s *State) (types.Row, error) {
	for {
		row, err := o.in.Next(s)
		if err != nil || row == nil {
			return nil, err
		}
		v, err := o.cond(s, row)
		if err != nil {
			return nil, err
		}
		if !v.IsNull() && v.Bool() {
			return row, nil
		}
		if err := s.checkCancel(); err != nil {
			return nil, err
		}
	}
}
func (o *filterOp) Close() { o.in.Close() }

type projectOp struct {
	in    operator
	exprs []evalFn
	out   types.Row
}

// projectOpSmall is a projectOp with room for a short output row, made
// in one allocation.
type projectOpSmall struct {
	projectOp
	buf [4]types.Datum
}

func newProjectOp(in operator, exprs []evalFn) *projectOp {
	if len(exprs) <= 4 {
		o := &projectOpSmall{projectOp: projectOp{in: in, exprs: exprs}}
		o.out = o.buf[:len(exprs)]
		return &o.projectOp
	}
	return &projectOp{in: in, exprs: exprs, out: make(types.Row, len(exprs))}
}

func (o *projectOp) Next(s *State) (types.Row, error) {
	row, err := o.in.Next(s)
	if err != nil || row == nil {
		return nil, err
	}
	for i, e := range o.exprs {
		v, err := e(s, row)
		if err != nil {
			return nil, err
		}
		o.out[i] = v
	}
	return o.out, nil
}
func (o *projectOp) Close() { o.in.Close() }

type sortOp struct {
	in   operator
	keys []plan.SortKey
	cols []*types.T // the input's column types, for spill files
	rows []types.Row
	pos  int
	done bool
	// An external sort: sorted runs on disk, merged.
	runs  []*spillFile
	merge *runMerger
}

func (o *sortOp) Next(s *State) (types.Row, error) {
	if !o.done {
		if err := o.load(s); err != nil {
			return nil, err
		}
		o.done = true
	}
	if o.merge != nil {
		return o.merge.next()
	}
	if o.pos >= len(o.rows) {
		return nil, nil
	}
	o.pos++
	return o.rows[o.pos-1], nil
}

// load reads the input. Beyond work_mem it writes the rows read so far as
// a sorted run to a temporary file; at the end it merges the runs.
func (o *sortOp) load(s *State) error {
	limit := memLimit(s, false)
	var mem int64
	for {
		row, err := o.in.Next(s)
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		row = append(types.Row(nil), row...)
		o.rows = append(o.rows, row)
		if err := s.checkCancel(); err != nil {
			return err
		}
		if limit == 0 {
			continue
		}
		mem += int64(types.RowMemSize(row)) + 8
		if mem > limit && (len(o.runs) > 0 || spillable(o.cols, row)) {
			if err := o.spillRun(s); err != nil {
				return err
			}
			mem = 0
		}
	}
	if len(o.runs) == 0 {
		o.sortRows()
		return nil
	}
	if len(o.rows) > 0 {
		if err := o.spillRun(s); err != nil {
			return err
		}
	}
	m, err := newRunMerger(o.keys, o.runs)
	if err != nil {
		return err
	}
	o.merge = m
	return nil
}

func (o *sortOp) sortRows() {
	sort.SliceStable(o.rows, func(i, j int) bool { return compareRows(o.keys, o.rows[i], o.rows[j]) < 0 })
}

// spillRun sorts the rows in memory and writes them as a run.
func (o *sortOp) spillRun(s *State) error {
	o.sortRows()
	f, err := newSpillFile(tempDir(s), o.cols)
	if err != nil {
		return err
	}
	o.runs = append(o.runs, f)
	for _, r := range o.rows {
		if err := f.write(r); err != nil {
			return err
		}
	}
	clear(o.rows)
	o.rows = o.rows[:0]
	if len(o.runs) >= maxSortRuns {
		return o.mergeRuns(s)
	}
	return nil
}

// maxSortRuns bounds the files a sort keeps open: that many runs are
// merged into one before more are written.
const maxSortRuns = 64

func (o *sortOp) mergeRuns(s *State) error {
	m, err := newRunMerger(o.keys, o.runs)
	if err != nil {
		return err
	}
	f, err := newSpillFile(tempDir(s), o.cols)
	if err != nil {
		return err
	}
	for {
		row, err := m.next()
		if err != nil {
			f.close()
			return err
		}
		if row == nil {
			break
		}
		if err := f.write(row); err != nil {
			f.close()
			return err
		}
		if err := s.checkCancel(); err != nil {
			f.close()
			return err
		}
	}
	for _, r := range o.runs {
		r.close()
	}
	o.runs = append(o.runs[:0], f)
	return nil
}

func (o *sortOp) Close() {
	o.in.Close()
	o.rows = nil
	for _, f := range o.runs {
		f.close()
	}
	o.runs, o.merge = nil, nil
}

// compareRows orders two rows by sort keys with PostgreSQL's NULL
// placement (NULLS LAST ascending, NULLS FIRST descending by default).
func compareRows(keys []plan.SortKey, a, b types.Row) int {
	for _, k := range keys {
		x, y := a[k.Index], b[k.Index]
		var c int
		switch {
		case x.IsNull() && y.IsNull():
			c = 0
		case x.IsNull():
			if k.NullsFirst {
				return -1
			}
			return 1
		case y.IsNull():
			if k.NullsFirst {
				return 1
			}
			return -1
		default:
			c = types.Compare(k.T, x, y)
			if k.Desc {
				c = -c
			}
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

func compileLimit(c *compiler, n *plan.Limit) (build, error) {
	in, err := c.node(n.Input)
	if err != nil {
		return nil, err
	}
	var count, offset evalFn
	if n.Count != nil {
		if count, err = compileExpr(n.Count); err != nil {
			return nil, err
		}
	}
	if n.Offset != nil {
		if offset, err = compileExpr(n.Offset); err != nil {
			return nil, err
		}
	}
	return func(s *State) (operator, error) {
		o := &limitOp{count: -1}
		if n.WithTies {
			o.ties = n.Keys
		}
		if offset != nil {
			v, err := offset(s, nil)
			if err != nil {
				return nil, err
			}
			if !v.IsNull() {
				if v.Int() < 0 {
					return nil, pgerror.New(pgerror.InvalidRowCountInResultOffset, "OFFSET must not be negative")
				}
				o.skip = v.Int()
			}
		}
		if count != nil {
			v, err := count(s, nil)
			if err != nil {
				return nil, err
			}
			if !v.IsNull() {
				if v.Int() < 0 {
					return nil, pgerror.New(pgerror.InvalidRowCountInLimit, "LIMIT must not be negative")
				}
				o.count = v.Int()
			}
		}
		child, err := in(s)
		if err != nil {
			return nil, err
		}
		o.in = child
		return o, nil
	}, nil
}

type limitOp struct {
	in          operator
	skip, count int64
	// ties holds the sort keys of WITH TIES; last is the last row counted
	// toward the limit, which the following peers are compared with.
	ties []plan.SortKey
	last types.Row
}

func (o *limitOp) Next(s *State) (types.Row, error) {
	for o.skip > 0 {
		row, err := o.in.Next(s)
		if err != nil || row == nil {
			return nil, err
		}
		o.skip--
	}
	if o.count == 0 {
		if o.ties == nil || o.last == nil {
			return nil, nil
		}
		row, err := o.in.Next(s)
		if err != nil || row == nil || compareRows(o.ties, o.last, row) != 0 {
			o.last = nil
			return nil, err
		}
		return row, nil
	}
	row, err := o.in.Next(s)
	if err != nil || row == nil {
		return nil, err
	}
	if o.count > 0 {
		o.count--
		if o.count == 0 && o.ties != nil {
			o.last = append(types.Row(nil), row...)
		}
	}
	return row, nil
}
func (o *limitOp) Close() { o.in.Close() }

// CompileExpr compiles a standalone expression that reads no input row.
func CompileExpr(e analyze.Expr) (func(s *State) (types.Datum, error), error) {
	f, err := compileExpr(e)
	if err != nil {
		return nil, err
	}
	return func(s *State) (types.Datum, error) { return f(s, nil) }, nil
}
