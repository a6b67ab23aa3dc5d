package analyze

import (
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Command is the kind of statement a Query represents.
type Command uint8

// The commands.
const (
	CmdSelect Command = iota
	CmdInsert
	CmdUpdate
	CmdDelete
)

// Query is an analyzed SELECT, INSERT, UPDATE or DELETE: the typed, name
// resolved form that the planner consumes (PostgreSQL's Query node).
type Query struct {
	Command Command
	// Targets are the output columns (SELECT list, or RETURNING), including
	// junk columns kept only for sorting or grouping.
	Targets []*Target
	// Where is the qualification, nil when there is none.
	Where Expr
	// Aggs are the aggregate calls of this query level, in Index order.
	Aggs []*Aggref
	// GroupBy are the grouping expressions; HasAggs is set when the query
	// aggregates (even without GROUP BY).
	GroupBy []Expr
	HasAggs bool
	Having  Expr
	// Sort is ORDER BY, by expression.
	Sort []SortKey
	// Limit and Offset are nil when absent.
	Limit, Offset Expr
	// Distinct is SELECT DISTINCT; DistinctOn lists the ON expressions.
	Distinct   bool
	DistinctOn []Expr
	// Params are the statement's parameter types.
	Params *Params
}

// Target is one output column.
type Target struct {
	Expr Expr
	Name string
	// Junk columns are computed for ORDER BY or GROUP BY but not returned.
	Junk bool
	// Table and Column identify the table column the value comes from
	// directly, for RowDescription (0 when computed).
	Table  types.Oid
	Column int16
}

// Columns returns the non-junk targets.
func (q *Query) Columns() []*Target {
	out := make([]*Target, 0, len(q.Targets))
	for _, t := range q.Targets {
		if !t.Junk {
			out = append(out, t)
		}
	}
	return out
}
