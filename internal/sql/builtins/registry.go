package builtins

import (
	"context"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/tuskdb/tusk/internal/sql/types"
)

//go:generate go run ./gen

type pgProc struct {
	oid       types.Oid
	name      string
	kind      byte
	args      []types.Oid
	ret       types.Oid
	retset    bool
	variadic  types.Oid
	strict    bool
	volatile  byte
	ndefaults int
	defaults  string
	argNames  []string
	allArgs   []types.Oid
	argModes  string
	src       string
	lang      types.Oid
	cost      float64
	rows      float64
	desc      string
}

type pgOperator struct {
	oid                       types.Oid
	name                      string
	kind                      byte
	left, right, result, code types.Oid
	com, negate               types.Oid
	canMerge, canHash         bool
	rest, join                types.Oid
	desc                      string
}

type pgAggregate struct {
	fn                    types.Oid
	kind                  byte
	numDirect             int
	trans, final, combine types.Oid
	transType             types.Oid
	initVal               string
	sortOp                types.Oid
}

// Volatility is pg_proc.provolatile.
type Volatility byte

// The volatilities.
const (
	Immutable Volatility = 'i'
	Stable    Volatility = 's'
	Volatile  Volatility = 'v'
)

// Env is what function implementations may ask of the session that runs
// them. The executor implements it.
type Env interface {
	// Context is cancelled when the statement is (cancel request,
	// statement_timeout, client gone).
	Context() context.Context
	// TypeCtx holds the settings value I/O depends on.
	TypeCtx() *types.Ctx
	// Setting returns a setting as SHOW prints it.
	Setting(name string) (string, error)
	// SetSetting changes a setting as SET or SET LOCAL does and returns the
	// new value as SHOW prints it.
	SetSetting(name, value string, local bool) (string, error)
	BackendPID() int32
	CurrentUser() string
	SessionUser() string
	Database() string
	// TxnStart is the transaction's start time (now()); StmtStart the
	// statement's.
	TxnStart() time.Time
	StmtStart() time.Time
	Rand() *rand.Rand
}

// Sig is the resolved signature of one call: the actual argument types
// after coercion, and the result type. Polymorphic functions use it.
type Sig struct {
	Args []*types.T
	Ret  *types.T
}

// Impl computes a function's result. For a strict function it is never
// called with a NULL argument. args must not be retained.
type Impl func(env Env, sig *Sig, args []types.Datum) (types.Datum, error)

// Func is one pg_proc entry.
type Func struct {
	Oid        types.Oid
	Name       string
	Kind       byte // 'f' function, 'a' aggregate, 'w' window, 'p' procedure
	Args       []*types.T
	ArgNames   []string
	Ret        *types.T
	RetSet     bool
	Variadic   *types.T // element type of a VARIADIC parameter, or nil
	Strict     bool
	Volatility Volatility
	NDefaults  int
	Defaults   string // SQL text of the default expressions, comma-separated
	Src        string // prosrc: the C symbol, or the SQL body
	Lang       types.Oid
	Cost, Rows float64
	Desc       string
	AllArgs    []types.Oid
	ArgModes   string

	// Impl is the implementation, nil when tusk does not implement it.
	Impl Impl
	// Agg describes an aggregate's implementation, for Kind 'a'.
	Agg *AggDef
	// Window describes a window function's implementation, for Kind 'w'.
	Window *WindowDef
	// SRF implements a set-returning function (RetSet).
	SRF SRFImpl
}

// SRFImpl starts a set-returning function. args must not be retained
// beyond the call; the iterator owns what it needs.
type SRFImpl func(env Env, sig *Sig, args []types.Datum) (SetIter, error)

// SetIter yields a set-returning function's rows: one value per output
// column (one for a scalar result type). ok is false at the end.
type SetIter interface {
	Next() (row types.Row, ok bool, err error)
}

// Implemented reports whether tusk can execute the function.
func (f *Func) Implemented() bool {
	if f.RetSet {
		return f.SRF != nil
	}
	switch f.Kind {
	case 'a':
		return f.Agg != nil
	case 'w':
		return f.Window != nil || f.Agg != nil
	}
	return f.Impl != nil
}

// Signature returns "name(type, type)" as PostgreSQL's regprocedure prints.
func (f *Func) Signature() string {
	var b strings.Builder
	b.WriteString(f.Name)
	b.WriteByte('(')
	for i, a := range f.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.SQLName())
	}
	b.WriteByte(')')
	return b.String()
}

// Operator is one pg_operator entry.
type Operator struct {
	Oid                 types.Oid
	Name                string
	Kind                byte     // 'b' binary, 'l' prefix
	Left, Right, Result *types.T // Left is nil for a prefix operator
	Func                *Func
	Commutator, Negator types.Oid
	CanMerge, CanHash   bool
	Desc                string
}

var (
	loadOnce    sync.Once
	funcsByName map[string][]*Func
	funcsByOid  map[types.Oid]*Func
	opsByName   map[string][]*Operator
	opsByOid    map[types.Oid]*Operator
	allFuncs    []*Func
	allOps      []*Operator
)

func typeOf(o types.Oid) *types.T {
	t := types.ByOid(o)
	if t == nil {
		return types.Unknown
	}
	return t
}

func load() {
	funcsByName = make(map[string][]*Func, 2048)
	funcsByOid = make(map[types.Oid]*Func, len(pgProcs))
	for i := range pgProcs {
		p := &pgProcs[i]
		f := &Func{
			Oid: p.oid, Name: p.name, Kind: p.kind, Ret: typeOf(p.ret), RetSet: p.retset,
			Strict: p.strict, Volatility: Volatility(p.volatile), NDefaults: p.ndefaults,
			Defaults: p.defaults, Src: p.src, Lang: p.lang, Cost: p.cost, Rows: p.rows, Desc: p.desc,
			ArgNames: p.argNames, AllArgs: p.allArgs, ArgModes: p.argModes,
		}
		for _, a := range p.args {
			f.Args = append(f.Args, typeOf(a))
		}
		if p.variadic != 0 {
			f.Variadic = typeOf(p.variadic)
		}
		if p.retset {
			f.SRF = srfImpls[p.src]
			if f.SRF == nil {
				f.SRF = srfImpls[p.name]
			}
		}
		if impl, ok := implsByOid[p.oid]; ok {
			f.Impl = impl
		} else if p.lang == 12 { // internal
			f.Impl = implsBySrc[p.src]
		} else if impl, ok := implsBySQLName[p.name]; ok {
			// A function PostgreSQL writes in SQL, implemented natively.
			f.Impl = impl
		}
		funcsByName[f.Name] = append(funcsByName[f.Name], f)
		funcsByOid[f.Oid] = f
		allFuncs = append(allFuncs, f)
	}
	for _, a := range pgAggregates {
		if f := funcsByOid[a.fn]; f != nil {
			f.Agg = aggImpls[f.Name]
		}
	}
	for _, f := range allFuncs {
		if f.Kind == 'w' {
			f.Window = windowImpls[f.Name]
		}
	}
	opsByName = make(map[string][]*Operator, 256)
	opsByOid = make(map[types.Oid]*Operator, len(pgOperators))
	for i := range pgOperators {
		o := &pgOperators[i]
		op := &Operator{
			Oid: o.oid, Name: o.name, Kind: o.kind, Result: typeOf(o.result), Func: funcsByOid[o.code],
			Commutator: o.com, Negator: o.negate, CanMerge: o.canMerge, CanHash: o.canHash, Desc: o.desc,
		}
		if o.left != 0 {
			op.Left = typeOf(o.left)
		}
		op.Right = typeOf(o.right)
		opsByName[op.Name] = append(opsByName[op.Name], op)
		opsByOid[op.Oid] = op
		allOps = append(allOps, op)
	}
	attachOperators()
}

// FuncsByName returns the built-in functions with the given name.
func FuncsByName(name string) []*Func {
	loadOnce.Do(load)
	return funcsByName[name]
}

// FuncByOid returns the built-in function with the given OID, or nil.
func FuncByOid(oid types.Oid) *Func {
	loadOnce.Do(load)
	return funcsByOid[oid]
}

// OperatorsByName returns the built-in operators with the given name.
func OperatorsByName(name string) []*Operator {
	loadOnce.Do(load)
	return opsByName[name]
}

// OperatorByOid returns the built-in operator with the given OID, or nil.
func OperatorByOid(oid types.Oid) *Operator {
	loadOnce.Do(load)
	return opsByOid[oid]
}

// AllFuncs returns every built-in function, in OID order.
func AllFuncs() []*Func {
	loadOnce.Do(load)
	return allFuncs
}

// AllOperators returns every built-in operator, in OID order.
func AllOperators() []*Operator {
	loadOnce.Do(load)
	return allOps
}

// implsBySrc holds implementations keyed by prosrc (the C function name in
// PostgreSQL), which several pg_proc entries may share; implsByOid
// overrides them for single entries. Both are filled by init functions in
// this package.
var (
	implsBySrc     = map[string]Impl{}
	implsByOid     = map[types.Oid]Impl{}
	implsBySQLName = map[string]Impl{}
)

// registerSQL implements a function that PostgreSQL defines in SQL (every
// overload of that name written in SQL gets it).
func registerSQL(name string, impl Impl) { implsBySQLName[name] = impl }

func register(src string, impl Impl) {
	if _, dup := implsBySrc[src]; dup {
		panic("builtins: duplicate implementation of " + src)
	}
	implsBySrc[src] = impl
}
