package plan

import (
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
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
	// EstRows is the planner's estimate of the rows the node returns (0:
	// not estimated; EXPLAIN then assumes PostgreSQL's defaults).
	EstRows float64
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
	// WithTies also returns the rows after the Count-th that are equal to
	// it under Keys, the input's sort order (FETCH FIRST ... WITH TIES).
	WithTies bool
	Keys     []SortKey
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

// OuterRef reads column Index of an enclosing row: Depth 1 is the row of
// the operator that evaluates this plan as a subquery (or the left row of
// a lateral join), Depth 2 the one above it, and so on.
type OuterRef struct {
	Depth int
	Index int
	T     *types.T
}

// Type implements analyze.Expr.
func (r *OuterRef) Type() *types.T { return r.T }

// SubPlan is a subquery evaluated inside an expression (EXISTS, IN, ANY,
// ALL, a scalar subquery, ARRAY(subquery)).
type SubPlan struct {
	Kind analyze.SubLinkKind
	Plan Node
	// Left and Test are set for ANY and ALL; Test's second argument is a
	// CaseTest standing for the subquery's column.
	Left analyze.Expr
	Test *analyze.Func
	T    *types.T
	// Correlated subqueries are re-run for every outer row; others run
	// once per execution and are cached.
	Correlated bool
}

// Type implements analyze.Expr.
func (p *SubPlan) Type() *types.T { return p.T }

// ValuesScan produces the rows of a VALUES list.
type ValuesScan struct {
	Rows [][]analyze.Expr
	Cols []Column
}

// FunctionScan produces the rows of a set-returning function (or a scalar
// function, one row) in FROM, with an ordinality column if asked.
type FunctionScan struct {
	Func       *analyze.Func
	Ordinality bool
	Cols       []Column
}

// JoinType is the type of a join.
type JoinType = analyze.JoinType

// NestLoop joins every left row with every right row satisfying Cond,
// which reads the concatenated row (left columns, then right). When
// Lateral is set the right side is re-planned for each left row, reading
// the left row as OuterRef depth 1.
type NestLoop struct {
	// EstRows is the planner's estimate of the rows the node returns (0:
	// not estimated; EXPLAIN then assumes PostgreSQL's defaults).
	EstRows     float64
	Left, Right Node
	Type        JoinType
	Cond        analyze.Expr
	Lateral     bool
	Cols        []Column
}

// HashJoin joins on equality of LeftKeys and RightKeys, with an optional
// residual condition over the concatenated row.
type HashJoin struct {
	// EstRows is the planner's estimate of the rows the node returns (0:
	// not estimated; EXPLAIN then assumes PostgreSQL's defaults).
	EstRows             float64
	Left, Right         Node
	Type                JoinType
	LeftKeys, RightKeys []analyze.Expr
	// KeyTypes are the types both sides' keys are compared as.
	KeyTypes []*types.T
	Cond     analyze.Expr
	Cols     []Column
}

// MergeJoin joins two inputs that both come ordered ascending on their
// join keys (LeftKeys and RightKeys, compared as KeyTypes), reading each
// once: the right side's run of rows with equal keys is kept while the
// left rows with that key pass. NULL keys never match. Cond is an optional
// residual condition over the concatenated row.
type MergeJoin struct {
	// EstRows is the planner's estimate of the rows the node returns (0:
	// not estimated; EXPLAIN then assumes PostgreSQL's defaults).
	EstRows             float64
	Left, Right         Node
	Type                JoinType
	LeftKeys, RightKeys []analyze.Expr
	KeyTypes            []*types.T
	Cond                analyze.Expr
	Cols                []Column
}

// Append concatenates its inputs (UNION ALL).
type Append struct {
	Inputs []Node
	Cols   []Column
}

// SetOp computes UNION, INTERSECT or EXCEPT (with or without ALL) by
// hashing whole rows.
type SetOp struct {
	Op          analyze.SetOpKind
	All         bool
	Left, Right Node
	Cols        []Column
}

// Distinct removes duplicate rows (by all columns), keeping the first.
type Distinct struct {
	Input Node
	// On lists the columns that decide duplicates (DISTINCT ON); all
	// columns when empty.
	On []int
}

// CTE is a WITH query shared by its references: it runs once per
// execution and its rows are kept for every CTEScan.
type CTE struct {
	Name string
	Plan Node
	Cols []Column
	// Recursive CTEs run their recursive term against a work table.
	Recursive bool
}

// CTEScan reads a CTE's rows.
type CTEScan struct {
	CTE  *CTE
	Cols []Column
}

// RecursiveUnion evaluates WITH RECURSIVE: the non-recursive term, then
// the recursive term repeatedly over the previous iteration's rows (the
// work table) until it produces none. Without All, duplicate rows are
// discarded.
type RecursiveUnion struct {
	NonRecursive, Recursive Node
	All                     bool
	Work                    *WorkTable
	Cols                    []Column
}

// WorkTable is a recursive union's work table.
type WorkTable struct{ Cols []Column }

// WorkTableScan reads the current work table.
type WorkTableScan struct {
	Work *WorkTable
	Cols []Column
}

func (n *ValuesScan) Columns() []Column     { return n.Cols }
func (n *FunctionScan) Columns() []Column   { return n.Cols }
func (n *NestLoop) Columns() []Column       { return n.Cols }
func (n *HashJoin) Columns() []Column       { return n.Cols }
func (n *MergeJoin) Columns() []Column      { return n.Cols }
func (n *Append) Columns() []Column         { return n.Cols }
func (n *SetOp) Columns() []Column          { return n.Cols }
func (n *Distinct) Columns() []Column       { return n.Input.Columns() }
func (n *CTEScan) Columns() []Column        { return n.Cols }
func (n *RecursiveUnion) Columns() []Column { return n.Cols }
func (n *WorkTableScan) Columns() []Column  { return n.Cols }

func (*ValuesScan) Children() []Node       { return nil }
func (*FunctionScan) Children() []Node     { return nil }
func (n *NestLoop) Children() []Node       { return []Node{n.Left, n.Right} }
func (n *HashJoin) Children() []Node       { return []Node{n.Left, n.Right} }
func (n *MergeJoin) Children() []Node      { return []Node{n.Left, n.Right} }
func (n *Append) Children() []Node         { return n.Inputs }
func (n *SetOp) Children() []Node          { return []Node{n.Left, n.Right} }
func (n *Distinct) Children() []Node       { return []Node{n.Input} }
func (*CTEScan) Children() []Node          { return nil }
func (n *RecursiveUnion) Children() []Node { return []Node{n.NonRecursive, n.Recursive} }
func (*WorkTableScan) Children() []Node    { return nil }

// ProjectSet evaluates set-returning functions of the select list: for
// each input row it emits as many rows as the longest function returns,
// each holding the input row followed by the functions' values (NULL once
// a shorter one is exhausted), as PostgreSQL 10's ProjectSet does.
type ProjectSet struct {
	Input Node
	SRFs  []*analyze.Func
	Cols  []Column
}

func (n *ProjectSet) Columns() []Column { return n.Cols }
func (n *ProjectSet) Children() []Node  { return []Node{n.Input} }

// WindowAgg computes the window functions of one window: it sorts its
// input by the partition and order keys and appends each function's value
// to every row.
type WindowAgg struct {
	Input       Node
	PartitionBy []analyze.Expr
	OrderBy     []analyze.SortKey
	Frame       int32
	StartOffset analyze.Expr
	EndOffset   analyze.Expr
	Funcs       []*analyze.WindowFunc
	Cols        []Column
}

func (n *WindowAgg) Columns() []Column { return n.Cols }
func (n *WindowAgg) Children() []Node  { return []Node{n.Input} }

// SeqScan reads every row of a table in primary key order. Its output is
// the table's live columns; with WithKey, one more bytea column holds each
// row's storage key (for UPDATE and DELETE).
type SeqScan struct {
	// EstRows is the planner's estimate of the rows the node returns (0:
	// not estimated; EXPLAIN then assumes PostgreSQL's defaults).
	EstRows float64
	Table   *storage.Table
	// Sequence is set when the relation is a sequence: the scan returns
	// its one row (last_value, log_cnt, is_called).
	Sequence types.Oid
	// Slots are the storage slots of the live columns, in output order.
	Slots   []int
	WithKey bool
	Cols    []Column
	// Alias is the name the query gave the table, and Schema the
	// table's schema, for EXPLAIN.
	Alias, Schema string
}

// IndexScan reads the rows of a table whose index keys fall in a range
// (a point lookup when Start and End bound one value), in index order.
type IndexScan struct {
	// EstRows is the planner's estimate of the rows the node returns (0:
	// not estimated; EXPLAIN then assumes PostgreSQL's defaults).
	EstRows float64
	Table   *storage.Table
	Index   *storage.Index
	Slots   []int
	WithKey bool
	// Eq are the equality values of a prefix of the index columns; Lower
	// and Upper bound the next column (nil: unbounded).
	Eq           []analyze.Expr
	Lower, Upper analyze.Expr
	LowerIncl    bool
	UpperIncl    bool
	// In, when set, is an array of values for the column after Eq
	// (column IN (...) or = ANY (array)): one lookup per distinct value.
	In      analyze.Expr
	Reverse bool
	Cols    []Column
	// Alias is the name the query gave the table, and Schema the
	// table's schema, for EXPLAIN.
	Alias, Schema string
}

// LockRows locks each input row of one table (SELECT ... FOR UPDATE and
// the other strengths) before passing it on. KeyIndex is the input column
// holding the row's storage key; Slots/Offset place the table's live
// columns in the input row. A row that a concurrent transaction changed
// since the statement's snapshot is replaced by its newest version and
// re-checked with Recheck (nil: always true); deleted and, with SKIP
// LOCKED, locked rows are skipped.
type LockRows struct {
	Input    Node
	Table    *storage.Table
	Name     string
	Slots    []int
	Offset   int
	KeyIndex int
	Strength uint8 // analyze.LockStrength
	NoWait   bool
	Skip     bool
	Recheck  analyze.Expr
}

// ModifyOp is the operation of a ModifyTable node.
type ModifyOp uint8

// The modify operations.
const (
	OpInsert ModifyOp = iota
	OpUpdate
	OpDelete
)

// ModifyTable applies INSERT, UPDATE or DELETE to a table. Its input
// rows are: for INSERT the new row's live columns; for UPDATE the old
// row's live columns, the storage key, then the new values of the SET
// columns; for DELETE the old row's live columns and the storage key.
type ModifyTable struct {
	Op    ModifyOp
	Input Node
	Table *storage.Table
	// Slots maps live columns to storage slots.
	Slots []int
	// ColNames and NotNull describe the live columns for constraint
	// errors.
	ColNames []string
	ColTypes []*types.T
	NotNull  []bool
	// SetCols are the live columns UPDATE assigns, in input order.
	SetCols []int
	// Checks are CHECK constraints over the new row's live columns.
	Checks []NamedExpr
	// Generated holds, per live column, a stored generated column's
	// expression over the new row's live columns (nil for other
	// columns); nil when the table has none.
	Generated  []analyze.Expr
	Returning  []analyze.Expr
	ReturnCols []Column
	OnConflict *OnConflictPlan
	// ForeignKeys lists the constraints to enforce.
	ForeignKeys []*FKCheck
	// Referenced lists constraints of other tables referencing this one.
	Referenced []*FKCheck
	// RowIDs marks a table keyed by a hidden row id.
	RowIDs bool
	// Identity lists live columns that are GENERATED ALWAYS, for messages.
	TableName string
	// Recheck and RecheckSet re-evaluate UPDATE and DELETE on the newest
	// version of a row that a concurrent transaction changed after the
	// statement's snapshot (PostgreSQL's EvalPlanQual, READ COMMITTED):
	// the WHERE clause (nil: always true) and the SET expressions, over
	// the row's live columns. EPQ says whether they exist (a statement
	// over the target table alone); without them the row as read is used.
	EPQ        bool
	Recheck    analyze.Expr
	RecheckSet []analyze.Expr
}

// NamedExpr is a named boolean expression (a CHECK constraint).
type NamedExpr struct {
	Name string
	Expr analyze.Expr
}

// OnConflictPlan is the executable ON CONFLICT clause.
type OnConflictPlan struct {
	// Arbiter is the unique index conflicts are looked up in; nil means
	// any (DO NOTHING).
	Arbiter *storage.Index
	Update  bool
	// Set assigns live columns from expressions over the existing row
	// (columns 0..n-1) and the proposed row (n..2n-1).
	SetCols  []int
	SetExprs []analyze.Expr
	Where    analyze.Expr
}

// FKCheck is a foreign key constraint as the executor enforces it.
type FKCheck struct {
	Name string
	// Referencing side and referenced side, with the columns as storage
	// slots.
	Table    *storage.Table
	Cols     []int
	RefTable *storage.Table
	RefCols  []int
	// RefIndex is the unique index on the referenced columns; Index is an
	// index on the referencing columns, if any.
	RefIndex                  *storage.Index
	Index                     *storage.Index
	OnDelete, OnUpdate, Match byte
	// ColNames and RefColNames are for messages; TableSchema is the
	// referencing table's schema, for the schema field of errors.
	ColNames, RefColNames   []string
	TableName, RefTableName string
	TableSchema             string
}

func (n *SeqScan) Columns() []Column     { return n.Cols }
func (n *IndexScan) Columns() []Column   { return n.Cols }
func (n *LockRows) Columns() []Column    { return n.Input.Columns() }
func (n *LockRows) Children() []Node     { return []Node{n.Input} }
func (n *ModifyTable) Columns() []Column { return n.ReturnCols }
func (*SeqScan) Children() []Node        { return nil }
func (*IndexScan) Children() []Node      { return nil }
func (n *ModifyTable) Children() []Node  { return []Node{n.Input} }
