package exec

import (
	"time"

	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// This file measures operators for EXPLAIN ANALYZE (PostgreSQL's
// executor/instrument.c). Every node of a program, those of subqueries
// in expressions included, can be measured: in an execution whose State
// is instrumented, each operator counts its starts (loops) and its rows
// and times itself, its inputs' time included, as PostgreSQL reports it.
// Other executions pay one nil check per operator started.

// Instrument makes the execution measure every node; call it before
// Start. NodeStats returns the measurements.
func (s *State) Instrument() {
	if s.stats == nil {
		s.stats = map[plan.Node]*plan.NodeStats{}
	}
}

// NodeStats returns a node's measurements in an instrumented execution
// (nil if the node never started).
func (s *State) NodeStats(n plan.Node) *plan.NodeStats { return s.stats[n] }

// instrumentable wraps the build of node n so that an instrumented
// execution measures its operators.
func instrumentable(n plan.Node, inner build) build {
	return func(s *State) (operator, error) {
		if s.stats == nil {
			return inner(s)
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
	}
}

// instrOp measures one start of an operator.
type instrOp struct {
	in     operator
	st     *plan.NodeStats
	before time.Duration // time spent starting
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
