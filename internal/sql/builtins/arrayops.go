package builtins

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Array concatenation (utils/adt/array_userfuncs.c): array_cat,
// array_append and array_prepend, the functions of ||. They are not
// strict: a NULL array acts as an empty one. Only one-dimensional arrays
// are supported yet.

func oneDim(a *types.Array) error {
	if len(a.Dims) > 1 {
		return pgerror.New(pgerror.FeatureNotSupported, "concatenating multidimensional arrays is not supported yet")
	}
	return nil
}

func concatArrays(elem *types.T, lower int32, parts ...[]types.Datum) types.Datum {
	var elems []types.Datum
	for _, p := range parts {
		elems = append(elems, p...)
	}
	a := types.NewArray1(elem, elems)
	if len(a.Dims) == 1 {
		a.Dims[0].Lower = lower
	}
	return types.NewArray(a)
}

func lowerOf(a *types.Array) int32 {
	if len(a.Dims) == 0 {
		return 1
	}
	return a.Dims[0].Lower
}

func init() {
	register("array_cat", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		if a[0].IsNull() {
			return a[1], nil
		}
		if a[1].IsNull() {
			return a[0], nil
		}
		x, y := a[0].Array(), a[1].Array()
		if err := oneDim(x); err != nil {
			return types.Null, err
		}
		if err := oneDim(y); err != nil {
			return types.Null, err
		}
		if len(x.Elems) == 0 {
			return a[1], nil
		}
		return concatArrays(sig.Ret.Elem, lowerOf(x), x.Elems, y.Elems), nil
	})
	register("array_append", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		if a[0].IsNull() {
			return concatArrays(sig.Ret.Elem, 1, []types.Datum{a[1]}), nil
		}
		x := a[0].Array()
		if err := oneDim(x); err != nil {
			return types.Null, err
		}
		return concatArrays(sig.Ret.Elem, lowerOf(x), x.Elems, []types.Datum{a[1]}), nil
	})
	register("array_prepend", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		if a[1].IsNull() {
			return concatArrays(sig.Ret.Elem, 1, []types.Datum{a[0]}), nil
		}
		x := a[1].Array()
		if err := oneDim(x); err != nil {
			return types.Null, err
		}
		return concatArrays(sig.Ret.Elem, lowerOf(x), []types.Datum{a[0]}, x.Elems), nil
	})
}
