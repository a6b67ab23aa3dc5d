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
	// RangeTable lists the relations, subqueries, functions and joins the
	// query reads; From is the join tree over them.
	RangeTable []*RTE
	From       []JoinNode
	// CTEs are the WITH queries defined at this level.
	CTEs []*CTE
	// SetOp is set for UNION, INTERSECT and EXCEPT: the query then reads
	// the set operation's result through its single range table entry.
	SetOp *SetOp
	// Correlated is set when the query references columns of an enclosing
	// query.
	Correlated bool
	// Locking is FOR UPDATE/SHARE.
	Locking []LockClause
	// Modify holds the target and the clauses of INSERT, UPDATE and
	// DELETE.
	Modify *Modify
	// Windows are the window specifications of the window functions in
	// WindowFuncs.
	Windows     []*WindowSpec
	WindowFuncs []*WindowFunc
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
	// WithTies is FETCH FIRST ... WITH TIES: the rows that sort equal to
	// the last row within the limit are returned too.
	WithTies bool
	// Distinct is SELECT DISTINCT; DistinctOn lists the ON expressions.
	Distinct   bool
	DistinctOn []Expr
	// Params are the statement's parameter types.
	Params *Params
}

// SetOp is a set operation over two inputs, each a *Query or a *SetOp.
type SetOp struct {
	Op          SetOpKind
	All         bool
	Left, Right any
	ColTypes    []*types.T
	ColNames    []string
}

// SetOpKind is UNION, INTERSECT or EXCEPT.
type SetOpKind uint8

// The set operations.
const (
	Union SetOpKind = iota
	Intersect
	Except
)

// LockClause is one FOR UPDATE/SHARE clause.
type LockClause struct {
	Strength   LockStrength
	Rels       []int // range table indexes; empty means all relations
	NoWait     bool
	SkipLocked bool
}

// LockStrength is a row lock strength.
type LockStrength uint8

// The row lock strengths.
const (
	ForKeyShare LockStrength = iota
	ForShare
	ForNoKeyUpdate
	ForUpdate
)

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
