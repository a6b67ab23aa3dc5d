package exec

import (
	"time"

	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// This file measures operators for EXPLAIN ANALYZE (PostgreSQL's
// executor/instrument.c): an instrumented program wraps every operator so
// that each plan node counts its starts (loops), its rows and the time
// spent in it, including its inputs' time, as PostgreSQL reports it.

// CompileInstrumented compiles a plan whose executions record per-node
// measurements in State.Stats.
func CompileInstrumented(n plan.Node) (*Program, error) {
	c := &compiler{ctes: map[*plan.CTE]build{}, instrument: true}
	b, err := c.node(n)
	if err != nil {
		return nil, err
	}
	return &Program{root: b, cols: n.Columns()}, nil
}

// NodeStats returns a node's measurements in an instrumented execution
// (nil if the node never started).
func (s *State) NodeStats(n plan.Node) *plan.NodeStats { return s.stats[n] }

func (c *compiler) instrumented(n plan.Node) (build, error) {
	inner, err := c.compile(n)
	if err != nil {
		return nil, err
	}
	return func(s *State) (operator, error) {
		if s.stats == nil {
			s.stats = map[plan.Node]*plan.NodeStats{}
		}
		st := s.stats[n]
		if st == nil {
			st = &plan.NodeStats{}
			s.stats[n] = st
		}
		st.Loops++
		t0 := time.Now()
		op, err := inner(s)
		d := time.Since(t0)
		st.Total += d
		if err != nil {
			return nil, err
		}
		return &instrOp{in: op, st: st, before: d}, nil
	}, nil
}

// instrOp measures one start of an operator.
type instrOp struct {
	in     operator
	st     *plan.NodeStats
	before time.Duration // time spent starting, and before the first row
	first  bool
}

func (o *instrOp) Next(s *State) (types.Row, error) {
	t0 := time.Now()
	row, err := o.in.Next(s)
	d := time.Since(t0)
	o.st.Total += d
	if !o.first {
		o.first = true
		o.st.Startup += o.before + d
	}
	if row != nil {
		o.st.Rows++
	}
	return row, err
}

func (o *instrOp) Close() { o.in.Close() }
