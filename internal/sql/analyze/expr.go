package analyze

import (
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Expr is a typed, name-resolved expression (PostgreSQL's Expr nodes in
// nodes/primnodes.h). Every Expr knows its result type.
type Expr interface {
	Type() *types.T
}

// Const is a constant value.
type Const struct {
	T     *types.T
	Value types.Datum
	// Loc is the byte offset of the constant in the query string, or -1.
	Loc int32
}

// Param is a reference to a statement parameter $Index (1-based). Its type
// lives in the statement's parameter list and may still be unknown while
// the statement is analyzed.
type Param struct {
	Index  int
	params *Params
}

// Var references column Col (0-based) of the input row at nesting depth
// LevelsUp (0: the current query; n: an enclosing query, for correlated
// subqueries). Rel identifies which range table entry the row comes from.
type Var struct {
	Rel      int // index into the query's range table
	Col      int
	T        *types.T
	LevelsUp int
	Name     string
	// Loc is the byte offset of the reference in the query string, or -1.
	Loc int32
}

// Func is a call of a built-in function, including operators (PostgreSQL's
// FuncExpr and OpExpr). Args are already coerced to the function's
// parameter types.
type Func struct {
	Fn   *builtins.Func
	Op   *builtins.Operator // the operator, when the call came from one
	Args []Expr
	Sig  builtins.Sig
	Loc  int32
	// Name is the name the call was written with, for column naming.
	Name string
}

// Cast converts Arg to type T at run time (PostgreSQL's coercion nodes:
// RelabelType, CoerceViaIO, FuncExpr with COERCE_EXPLICIT_CAST,
// ArrayCoerceExpr and length coercions).
type Cast struct {
	Arg      Expr
	T        *types.T
	Explicit bool
	Loc      int32
	// DomainChecks are the CHECK constraints of T when T is a domain
	// (PostgreSQL's CoerceToDomain): conditions over Param $1, the value.
	DomainChecks []DomainCheck
}

// DomainCheck is one CHECK constraint of a domain, analyzed.
type DomainCheck struct {
	Name string
	Cond Expr
}

// BoolOpKind is AND, OR or NOT.
type BoolOpKind uint8

// The Boolean operators.
const (
	And BoolOpKind = iota
	Or
	Not
)

// BoolOp is AND, OR or NOT over Boolean arguments.
type BoolOp struct {
	Op   BoolOpKind
	Args []Expr
}

// NullTest is IS NULL or IS NOT NULL.
type NullTest struct {
	Arg Expr
	Not bool
	// RowArg is true when Arg is a row: IS NULL then tests every field.
	RowArg bool
}

// BoolTestKind is the kind of a BooleanTest.
type BoolTestKind uint8

// The Boolean tests.
const (
	IsTrue BoolTestKind = iota
	IsNotTrue
	IsFalse
	IsNotFalse
	IsUnknown
	IsNotUnknown
)

// BoolTest is IS [NOT] TRUE/FALSE/UNKNOWN.
type BoolTest struct {
	Arg  Expr
	Kind BoolTestKind
}

// CaseWhen is one WHEN arm of a CASE.
type CaseWhen struct {
	Cond   Expr
	Result Expr
}

// Case is a CASE expression. For the simple form (CASE x WHEN v ...), each
// Cond compares a CaseTestExpr placeholder with the value; Arg holds x.
type Case struct {
	Arg   Expr
	Whens []CaseWhen
	Else  Expr
	T     *types.T
}

// CaseTest stands for the CASE operand inside the WHEN conditions.
type CaseTest struct{ T *types.T }

// Coalesce is COALESCE(args...).
type Coalesce struct {
	Args []Expr
	T    *types.T
}

// MinMax is GREATEST or LEAST.
type MinMax struct {
	Greatest bool
	Args     []Expr
	T        *types.T
	// Cmp is the comparison function of the common type.
	Cmp *builtins.Func
}

// NullIf is NULLIF(a, b): NULL when a = b, else a.
type NullIf struct {
	Eq   *Func // the = operator call over the two arguments
	T    *types.T
	Args [2]Expr
}

// Distinct is a IS [NOT] DISTINCT FROM b.
type Distinct struct {
	Eq  *Func
	Not bool
}

// ScalarArrayOp is "left op ANY (array)" or "left op ALL (array)", which
// also implements IN (value list) after the list becomes an array.
type ScalarArrayOp struct {
	Op    *Func // the operator call; its Args are [left, element placeholder]
	Left  Expr
	Array Expr
	Any   bool
}

// ArrayExpr is ARRAY[...] or an array built from an IN list.
type ArrayExpr struct {
	Elems []Expr
	T     *types.T
	// Multi is true when the elements are themselves arrays (ARRAY[[..],[..]]).
	Multi bool
}

// RowExpr is ROW(...) or (a, b, ...).
type RowExpr struct {
	Args []Expr
}

// SQLValueKind identifies a SQL-standard niladic function.
type SQLValueKind uint8

// The SQL value functions.
const (
	SVCurrentUser SQLValueKind = iota
	SVSessionUser
	SVCurrentRole
	SVUser
	SVCurrentCatalog
	SVCurrentSchema
	SVCurrentDate
	SVCurrentTime
	SVCurrentTimestamp
	SVLocalTime
	SVLocalTimestamp
)

// SQLValue is current_user, current_date and their kin.
type SQLValue struct {
	Kind   SQLValueKind
	T      *types.T
	Typmod int32
}

// Subscript is array[index] or array[lower:upper].
type Subscript struct {
	Arr   Expr
	Index []Expr
	Upper []Expr // non-nil entries make it a slice
	Slice bool
	T     *types.T
}

// FieldSelect is (record).field: one column of a record whose shape the
// analyzer knows (PostgreSQL's FieldSelect).
type FieldSelect struct {
	Arg   Expr
	Field int // index into Arg.Type().Fields
	T     *types.T
}

// Type implementations.

func (e *Const) Type() *types.T         { return e.T }
func (e *Param) Type() *types.T         { return e.params.Type(e.Index) }
func (e *Var) Type() *types.T           { return e.T }
func (e *Func) Type() *types.T          { return e.Sig.Ret }
func (e *Cast) Type() *types.T          { return e.T }
func (e *BoolOp) Type() *types.T        { return types.Bool }
func (e *NullTest) Type() *types.T      { return types.Bool }
func (e *BoolTest) Type() *types.T      { return types.Bool }
func (e *Case) Type() *types.T          { return e.T }
func (e *CaseTest) Type() *types.T      { return e.T }
func (e *Coalesce) Type() *types.T      { return e.T }
func (e *MinMax) Type() *types.T        { return e.T }
func (e *NullIf) Type() *types.T        { return e.T }
func (e *Distinct) Type() *types.T      { return types.Bool }
func (e *ScalarArrayOp) Type() *types.T { return types.Bool }
func (e *ArrayExpr) Type() *types.T     { return e.T }
func (e *RowExpr) Type() *types.T       { return types.Record }
func (e *SQLValue) Type() *types.T      { return e.T }
func (e *Subscript) Type() *types.T     { return e.T }
func (e *FieldSelect) Type() *types.T   { return e.T }

// Params holds the types of a statement's parameters. Types given by the
// client (Parse message, PREPARE) are fixed; the others are inferred from
// their use, as PostgreSQL's variable parameter hooks do.
type Params struct {
	types []*types.T // nil entries are not yet determined
	fixed []bool
}

// NewParams returns a parameter list with the given declared types; a nil
// or unknown entry is to be inferred.
func NewParams(declared []*types.T) *Params {
	p := &Params{}
	for i, t := range declared {
		if t != nil && t.Oid != types.OidUnknown && t.Oid != 0 {
			p.set(i+1, t, true)
		} else {
			p.grow(i + 1)
		}
	}
	return p
}

func (p *Params) grow(n int) {
	for len(p.types) < n {
		p.types = append(p.types, nil)
		p.fixed = append(p.fixed, false)
	}
}

func (p *Params) set(i int, t *types.T, fixed bool) {
	p.grow(i)
	p.types[i-1] = t
	p.fixed[i-1] = fixed
}

// Type returns the type of parameter i (1-based); unknown while not yet
// determined.
func (p *Params) Type(i int) *types.T {
	if i <= len(p.types) && p.types[i-1] != nil {
		return p.types[i-1]
	}
	return types.Unknown
}

// Len returns the number of parameters (the highest $n referenced or
// declared).
func (p *Params) Len() int { return len(p.types) }

// Types returns the parameter types; undetermined ones are nil.
func (p *Params) Types() []*types.T { return p.types }

// RowCompare is ROW(a, b) < ROW(c, d) and the other ordering operators:
// the pairs are compared left to right and the first unequal pair
// decides (make_row_comparison_op).
type RowCompare struct {
	Op   string
	Cmps []Expr // the per-column comparisons with Op
	L, R []Expr
	// Eqs are the per-column = comparisons, to find the deciding pair.
	Eqs []Expr
	a   *Analyzer
	loc int32
}

func (e *RowCompare) Type() *types.T { return types.Bool }

// Aggref is a call of an aggregate function.
type Aggref struct {
	Fn       *builtins.Func
	Args     []Expr
	Sig      builtins.Sig
	Star     bool // count(*)
	Distinct bool
	Filter   Expr
	Order    []SortKey // ORDER BY inside the call
	// Index is the aggregate's position in its query's aggregate list; the
	// executor's aggregation node produces the values in that order.
	Index int
	// LevelsUp is the query level the aggregate belongs to.
	LevelsUp int
	Loc      int32
}

func (e *Aggref) Type() *types.T { return e.Sig.Ret }

// SortKey is one ORDER BY item.
type SortKey struct {
	Expr       Expr
	Desc       bool
	NullsFirst bool
	// Cmp is the comparison to sort with: the type's default ordering, or
	// the operator of ORDER BY ... USING.
	Using string
}
