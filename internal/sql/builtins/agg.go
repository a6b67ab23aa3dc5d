package builtins

import "github.com/tuskdb/tusk/internal/sql/types"

// AggDef implements an aggregate function.
type AggDef struct {
	// SkipNulls says the transition is strict: rows with a NULL argument
	// are not passed to Add (count(x), sum, min, ...).
	SkipNulls bool
	// New returns the state for one group. sig holds the argument types of
	// the call and its result type.
	New func(sig *Sig) AggState
}

// AggState accumulates one group's rows.
type AggState interface {
	// Add accumulates one row's arguments. args must not be retained.
	Add(env Env, args []types.Datum) error
	// Result returns the aggregate's value for the rows added so far. It may
	// be called more than once (window aggregates).
	Result(env Env) (types.Datum, error)
}

// WindowDef implements a window function that is not an aggregate
// (row_number, rank, lag, ...). The executor drives it over a partition.
type WindowDef struct {
	// Eval computes the function for the current row of a partition.
	Eval func(env Env, sig *Sig, w WindowFrame, args []types.Datum) (types.Datum, error)
}

// WindowFrame is the executor's view of a partition during window
// evaluation.
type WindowFrame interface {
	// Pos is the current row's 0-based position in the partition.
	Pos() int
	// Len is the number of rows in the partition.
	Len() int
	// Arg evaluates argument i of the call at partition row pos.
	Arg(i, pos int) (types.Datum, error)
	// PeerGroup returns the bounds [start, end) of the current row's peers
	// (rows equal under the window's ORDER BY) and the 1-based number of
	// its peer group.
	PeerGroup() (start, end, number int)
	// FrameBounds returns the current row's frame as [start, end).
	FrameBounds() (start, end int)
}

// aggImpls and windowImpls are filled by init functions, keyed by name.
var (
	aggImpls    = map[string]*AggDef{}
	windowImpls = map[string]*WindowDef{}
)
