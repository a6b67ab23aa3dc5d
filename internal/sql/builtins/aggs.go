package builtins

import (
	"math"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// The aggregates. Each accumulates as PostgreSQL's transition functions
// do, so results (including their types and numeric scales) match.

func init() {
	aggImpls["count"] = &AggDef{SkipNulls: true, New: func(*Sig) AggState { return &countAgg{} }}
	aggImpls["sum"] = &AggDef{SkipNulls: true, New: newSum}
	aggImpls["avg"] = &AggDef{SkipNulls: true, New: newAvg}
	aggImpls["min"] = &AggDef{SkipNulls: true, New: func(s *Sig) AggState { return &minMaxAgg{t: s.Args[0], max: false} }}
	aggImpls["max"] = &AggDef{SkipNulls: true, New: func(s *Sig) AggState { return &minMaxAgg{t: s.Args[0], max: true} }}
	aggImpls["bool_and"] = &AggDef{SkipNulls: true, New: func(*Sig) AggState { return &boolAgg{and: true} }}
	aggImpls["every"] = aggImpls["bool_and"]
	aggImpls["bool_or"] = &AggDef{SkipNulls: true, New: func(*Sig) AggState { return &boolAgg{and: false} }}
	aggImpls["string_agg"] = &AggDef{New: func(s *Sig) AggState { return &stringAgg{bytes: s.Args[0].Oid == types.OidBytea} }}
	aggImpls["array_agg"] = &AggDef{New: func(s *Sig) AggState { return &arrayAgg{sig: s} }}
}

type countAgg struct{ n int64 }

func (a *countAgg) Add(Env, []types.Datum) error { a.n++; return nil }
func (a *countAgg) Result(Env) (types.Datum, error) {
	return types.NewInt(a.n), nil
}

// sum: int2 and int4 sum into int8; int8 and numeric into numeric; floats
// in their own width.
func newSum(sig *Sig) AggState {
	t := sig.Args[0]
	switch {
	case t.Oid == types.OidInt2 || t.Oid == types.OidInt4:
		return &intSum{}
	case t.Family == types.FamInt || t.Family == types.FamNumeric:
		return &numSum{t: t}
	case t.Family == types.FamFloat:
		return &floatSum{width: t.Width}
	case t.Family == types.FamInterval:
		return &intervalSum{}
	}
	return &unsupportedAgg{name: "sum", t: t}
}

type intSum struct {
	sum  int64
	seen bool
}

func (a *intSum) Add(_ Env, args []types.Datum) error {
	v := args[0].Int()
	s := a.sum + v
	if (s > a.sum) != (v > 0) && v != 0 {
		return pgerror.New(pgerror.NumericValueOutOfRange, "bigint out of range")
	}
	a.sum, a.seen = s, true
	return nil
}

func (a *intSum) Result(Env) (types.Datum, error) {
	if !a.seen {
		return types.Null, nil
	}
	return types.NewInt(a.sum), nil
}

type numSum struct {
	t    *types.T
	sum  *apd.Decimal
	seen bool
}

func (a *numSum) Add(_ Env, args []types.Datum) error {
	x, err := toNumeric(a.t, args[0])
	if err != nil {
		return err
	}
	if !a.seen {
		a.sum, a.seen = x, true
		return nil
	}
	a.sum, err = NumericAdd(a.sum, x)
	return err
}

func (a *numSum) Result(Env) (types.Datum, error) {
	if !a.seen {
		return types.Null, nil
	}
	return types.NewNumeric(a.sum), nil
}

type floatSum struct {
	width int
	sum   float64
	seen  bool
}

func (a *floatSum) Add(_ Env, args []types.Datum) error {
	x := args[0].Float()
	var r float64
	if a.width == 32 {
		r = float64(float32(a.sum) + float32(x))
	} else {
		r = a.sum + x
	}
	if math.IsInf(r, 0) && !math.IsInf(a.sum, 0) && !math.IsInf(x, 0) {
		return floatOverflow()
	}
	a.sum, a.seen = r, true
	return nil
}

func (a *floatSum) Result(Env) (types.Datum, error) {
	if !a.seen {
		return types.Null, nil
	}
	return types.NewFloat(a.sum), nil
}

type intervalSum struct {
	sum  types.IntervalVal
	seen bool
}

func (a *intervalSum) Add(_ Env, args []types.Datum) error {
	iv := args[0].Interval()
	a.sum.Micros += iv.Micros
	a.sum.Days += iv.Days
	a.sum.Months += iv.Months
	a.seen = true
	return nil
}

func (a *intervalSum) Result(Env) (types.Datum, error) {
	if !a.seen {
		return types.Null, nil
	}
	return types.NewInterval(a.sum), nil
}

// avg: integers and numerics average into numeric, floats into float8.
func newAvg(sig *Sig) AggState {
	t := sig.Args[0]
	switch t.Family {
	case types.FamInt, types.FamNumeric:
		return &numAvg{t: t}
	case types.FamFloat:
		return &floatAvg{}
	}
	return &unsupportedAgg{name: "avg", t: t}
}

type numAvg struct {
	t   *types.T
	sum *apd.Decimal
	n   int64
}

func (a *numAvg) Add(_ Env, args []types.Datum) error {
	x, err := toNumeric(a.t, args[0])
	if err != nil {
		return err
	}
	if a.n == 0 {
		a.sum = x
	} else if a.sum, err = NumericAdd(a.sum, x); err != nil {
		return err
	}
	a.n++
	return nil
}

func (a *numAvg) Result(Env) (types.Datum, error) {
	if a.n == 0 {
		return types.Null, nil
	}
	r, err := NumericDiv(a.sum, numFromInt(a.n))
	if err != nil {
		return types.Null, err
	}
	return types.NewNumeric(r), nil
}

type floatAvg struct {
	sum float64
	n   int64
}

func (a *floatAvg) Add(_ Env, args []types.Datum) error {
	r := a.sum + args[0].Float()
	if math.IsInf(r, 0) && !math.IsInf(a.sum, 0) && !math.IsInf(args[0].Float(), 0) {
		return floatOverflow()
	}
	a.sum = r
	a.n++
	return nil
}

func (a *floatAvg) Result(Env) (types.Datum, error) {
	if a.n == 0 {
		return types.Null, nil
	}
	return types.NewFloat(a.sum / float64(a.n)), nil
}

type minMaxAgg struct {
	t    *types.T
	max  bool
	best types.Datum
}

func (a *minMaxAgg) Add(_ Env, args []types.Datum) error {
	v := args[0]
	if a.best.IsNull() {
		a.best = v
		return nil
	}
	c := types.Compare(a.t, v, a.best)
	if (a.max && c > 0) || (!a.max && c < 0) {
		a.best = v
	}
	return nil
}

func (a *minMaxAgg) Result(Env) (types.Datum, error) { return a.best, nil }

type boolAgg struct {
	and  bool
	val  bool
	seen bool
}

func (a *boolAgg) Add(_ Env, args []types.Datum) error {
	v := args[0].Bool()
	if !a.seen {
		a.val, a.seen = v, true
		return nil
	}
	if a.and {
		a.val = a.val && v
	} else {
		a.val = a.val || v
	}
	return nil
}

func (a *boolAgg) Result(Env) (types.Datum, error) {
	if !a.seen {
		return types.Null, nil
	}
	return types.NewBool(a.val), nil
}

type stringAgg struct {
	bytes bool
	b     strings.Builder
	seen  bool
}

func (a *stringAgg) Add(_ Env, args []types.Datum) error {
	if args[0].IsNull() {
		return nil
	}
	if a.seen && !args[1].IsNull() {
		a.b.WriteString(args[1].Str())
	}
	a.b.WriteString(args[0].Str())
	a.seen = true
	return nil
}

func (a *stringAgg) Result(Env) (types.Datum, error) {
	if !a.seen {
		return types.Null, nil
	}
	if a.bytes {
		return types.NewBytes(a.b.String()), nil
	}
	return types.NewString(a.b.String()), nil
}

type arrayAgg struct {
	sig   *Sig
	elems []types.Datum
	// For arrays of arrays: the dimensions of the inputs.
	dims []types.ArrayDim
}

func (a *arrayAgg) Add(_ Env, args []types.Datum) error {
	v := args[0]
	if a.sig.Args[0].IsArray() {
		if v.IsNull() {
			return pgerror.New(pgerror.NullValueNotAllowed, "cannot accumulate null arrays")
		}
		arr := v.Array()
		if len(arr.Dims) == 0 {
			return pgerror.New(pgerror.ArraySubscriptError, "cannot accumulate empty arrays")
		}
		if a.dims == nil {
			a.dims = arr.Dims
		} else if len(a.dims) != len(arr.Dims) || !sameDimLens(a.dims, arr.Dims) {
			return pgerror.New(pgerror.ArraySubscriptError, "cannot accumulate arrays of different dimensionality")
		}
		a.elems = append(a.elems, arr.Elems...)
		return nil
	}
	a.elems = append(a.elems, v)
	return nil
}

func sameDimLens(a, b []types.ArrayDim) bool {
	for i := range a {
		if a[i].Len != b[i].Len {
			return false
		}
	}
	return true
}

func (a *arrayAgg) Result(Env) (types.Datum, error) {
	if a.elems == nil {
		return types.Null, nil
	}
	ret := a.sig.Ret
	if a.dims != nil {
		n := int32(len(a.elems)) / countElems(a.dims)
		dims := append([]types.ArrayDim{{Len: n, Lower: 1}}, a.dims...)
		return types.NewArray(&types.Array{Elem: ret.Elem, Dims: dims, Elems: append([]types.Datum(nil), a.elems...)}), nil
	}
	return types.NewArray(types.NewArray1(ret.Elem, append([]types.Datum(nil), a.elems...))), nil
}

func countElems(dims []types.ArrayDim) int32 {
	n := int32(1)
	for _, d := range dims {
		n *= d.Len
	}
	return n
}

type unsupportedAgg struct {
	name string
	t    *types.T
}

func (a *unsupportedAgg) Add(Env, []types.Datum) error {
	return pgerror.New(pgerror.FeatureNotSupported, "%s(%s) is not supported yet", a.name, a.t.SQLName())
}
func (a *unsupportedAgg) Result(Env) (types.Datum, error) { return types.Null, nil }
