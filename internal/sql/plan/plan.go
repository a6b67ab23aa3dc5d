package plan

import (
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Node is a plan node.
type Node interface {
	// Columns describes the rows the node produces.
	Columns() []Column
	// Children returns the input nodes.
	Children() []Node
}

// Column describes one output column.
type Column struct {
	Name string
	T    *types.T
	// Table and Attnum identify a base-table column, for RowDescription.
	Table  types.Oid
	Attnum int16
}

// InputRef is an expression that reads column Index of the current input
// row. Planner-made; it implements analyze.Expr.
type InputRef struct {
	Index int
	T     *types.T
}

// Type implements analyze.Expr.
func (r *InputRef) Type() *types.T { return r.T }

// Result produces exactly one empty row, for queries without FROM.
type Result struct{}

// Filter passes the input rows for which Cond is true.
type Filter struct {
	Input Node
	Cond  analyze.Expr
}

// Project computes Exprs over each input row.
type Project struct {
	Input Node
	Exprs []analyze.Expr
	Cols  []Column
}

// Agg groups its input by GroupBy and computes Aggs per group. Its output
// rows are the group keys followed by the aggregate values. Without
// grouping keys it produces exactly one row, even for empty input.
type Agg struct {
	Input   Node
	GroupBy []analyze.Expr
	Aggs    []*analyze.Aggref
	Cols    []Column
}

// Sort orders its input by Keys.
type Sort struct {
	Input Node
	Keys  []SortKey
}

// SortKey is one sort column of the input row.
type SortKey struct {
	Index      int
	T          *types.T
	Desc       bool
	NullsFirst bool
}

// Limit skips Offset rows and returns at most Count rows (nil: no limit).
type Limit struct {
	Input         Node
	Count, Offset analyze.Expr
}

func (*Result) Columns() []Column    { return nil }
func (n *Filter) Columns() []Column  { return n.Input.Columns() }
func (n *Project) Columns() []Column { return n.Cols }
func (n *Agg) Columns() []Column     { return n.Cols }
func (n *Sort) Columns() []Column    { return n.Input.Columns() }
func (n *Limit) Columns() []Column   { return n.Input.Columns() }

func (*Result) Children() []Node    { return nil }
func (n *Filter) Children() []Node  { return []Node{n.Input} }
func (n *Project) Children() []Node { return []Node{n.Input} }
func (n *Agg) Children() []Node     { return []Node{n.Input} }
func (n *Sort) Children() []Node    { return []Node{n.Input} }
func (n *Limit) Children() []Node   { return []Node{n.Input} }
