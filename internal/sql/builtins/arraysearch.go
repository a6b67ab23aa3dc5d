package builtins

import (
	"strconv"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Array containment, search and editing (utils/adt/arrayfuncs.c
// array_contain_compare, array_userfuncs.c array_position_common,
// array_remove and array_replace): @>, <@ and && compare elements with
// the element type's equality, and a NULL element never matches; the
// search and editing functions compare as IS NOT DISTINCT FROM, so they
// find and replace NULLs too. The editing functions support only
// one-dimensional arrays, as PostgreSQL's array_remove does.

// containsAll reports whether every element of b equals some element of
// a (PostgreSQL's array_contain_compare with matchall); with any set, it
// reports whether some element of b does.
func containsAll(elem *types.T, a, b *types.Array, any bool) bool {
	for _, y := range b.Elems {
		if y.IsNull() {
			if any {
				continue
			}
			return false
		}
		found := false
		for _, x := range a.Elems {
			if !x.IsNull() && types.Compare(elem, x, y) == 0 {
				found = true
				break
			}
		}
		if any && found {
			return true
		}
		if !any && !found {
			return false
		}
	}
	return !any
}

// notDistinct is IS NOT DISTINCT FROM on two elements.
func notDistinct(elem *types.T, x, y types.Datum) bool {
	if x.IsNull() || y.IsNull() {
		return x.IsNull() && y.IsNull()
	}
	return types.Compare(elem, x, y) == 0
}

func init() {
	register("arraycontains", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewBool(containsAll(sig.Args[0].Elem, a[0].Array(), a[1].Array(), false)), nil
	})
	register("arraycontained", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewBool(containsAll(sig.Args[0].Elem, a[1].Array(), a[0].Array(), false)), nil
	})
	register("arrayoverlap", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewBool(containsAll(sig.Args[0].Elem, a[0].Array(), a[1].Array(), true)), nil
	})
	register("array_cardinality", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		arr := a[0].Array()
		if len(arr.Dims) == 0 {
			return types.NewInt(0), nil
		}
		n := int64(1)
		for _, d := range arr.Dims {
			n *= int64(d.Len)
		}
		return types.NewInt(n), nil
	})
	register("array_ndims", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		arr := a[0].Array()
		if len(arr.Dims) == 0 {
			return types.Null, nil
		}
		return types.NewInt(int64(len(arr.Dims))), nil
	})
	register("array_dims", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		arr := a[0].Array()
		if len(arr.Dims) == 0 {
			return types.Null, nil
		}
		s := ""
		for _, d := range arr.Dims {
			s += "[" + strconv.Itoa(int(d.Lower)) + ":" + strconv.Itoa(int(d.Lower+d.Len-1)) + "]"
		}
		return types.NewString(s), nil
	})
	position := func(sig *Sig, a []types.Datum, start int64, all bool) (types.Datum, error) {
		if a[0].IsNull() {
			return types.Null, nil
		}
		arr := a[0].Array()
		if len(arr.Dims) > 1 {
			return types.Null, pgerror.New(pgerror.FeatureNotSupported, "searching for elements in multidimensional arrays is not supported")
		}
		lower := int64(lowerOf(arr))
		var found []types.Datum
		for i, x := range arr.Elems {
			pos := lower + int64(i)
			if pos < start || !notDistinct(sig.Args[0].Elem, x, a[1]) {
				continue
			}
			if !all {
				return types.NewInt(pos), nil
			}
			found = append(found, types.NewInt(pos))
		}
		if !all {
			return types.Null, nil
		}
		return types.NewArray(types.NewArray1(types.Int4, found)), nil
	}
	register("array_position", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return position(sig, a, -1<<62, false)
	})
	register("array_position_start", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		if a[2].IsNull() {
			return types.Null, pgerror.New(pgerror.NullValueNotAllowed, "initial position must not be null")
		}
		return position(sig, a, a[2].Int(), false)
	})
	register("array_positions", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return position(sig, a, -1<<62, true)
	})
	edit := func(sig *Sig, a []types.Datum, repl func(x types.Datum) (types.Datum, bool)) (types.Datum, error) {
		if a[0].IsNull() {
			return types.Null, nil
		}
		arr := a[0].Array()
		if len(arr.Dims) > 1 {
			return types.Null, pgerror.New(pgerror.FeatureNotSupported, "removing elements from multidimensional arrays is not supported")
		}
		out := make([]types.Datum, 0, len(arr.Elems))
		for _, x := range arr.Elems {
			if y, keep := repl(x); keep {
				out = append(out, y)
			}
		}
		if len(out) == 0 {
			return types.NewArray(types.NewArray1(sig.Ret.Elem, nil)), nil
		}
		return concatArrays(sig.Ret.Elem, lowerOf(arr), out), nil
	}
	register("array_remove", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return edit(sig, a, func(x types.Datum) (types.Datum, bool) {
			return x, !notDistinct(sig.Args[0].Elem, x, a[1])
		})
	})
	register("array_replace", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return edit(sig, a, func(x types.Datum) (types.Datum, bool) {
			if notDistinct(sig.Args[0].Elem, x, a[1]) {
				return a[2], true
			}
			return x, true
		})
	})
	register("array_fill", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		if a[1].IsNull() {
			return types.Null, pgerror.New(pgerror.NullValueNotAllowed, "dimension array or low bound array cannot be null")
		}
		dims := a[1].Array()
		if len(dims.Dims) > 1 || len(dims.Elems) > 1 {
			return types.Null, pgerror.New(pgerror.FeatureNotSupported, "multidimensional arrays are not supported yet")
		}
		if len(dims.Elems) == 0 {
			return types.NewArray(types.NewArray1(sig.Ret.Elem, nil)), nil
		}
		if dims.Elems[0].IsNull() {
			return types.Null, pgerror.New(pgerror.NullValueNotAllowed, "dimension values cannot be null")
		}
		n := dims.Elems[0].Int()
		if n < 0 {
			return types.Null, pgerror.New(pgerror.ArraySubscriptError, "array size exceeds the maximum allowed")
		}
		out := make([]types.Datum, n)
		for i := range out {
			out[i] = a[0]
		}
		return types.NewArray(types.NewArray1(sig.Ret.Elem, out)), nil
	})
}
