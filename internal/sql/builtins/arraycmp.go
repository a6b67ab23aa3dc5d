package builtins

import "github.com/tuskdb/tusk/internal/sql/types"

// Array comparison (utils/adt/arrayfuncs.c array_eq, array_cmp): element
// by element with the element type's ordering, then by dimensions.

func init() {
	cmp := func(pred func(int) bool) Impl {
		return func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
			return types.NewBool(pred(types.Compare(sig.Args[0], a[0], a[1]))), nil
		}
	}
	register("array_eq", cmp(func(c int) bool { return c == 0 }))
	register("array_ne", cmp(func(c int) bool { return c != 0 }))
	register("array_lt", cmp(func(c int) bool { return c < 0 }))
	register("array_gt", cmp(func(c int) bool { return c > 0 }))
	register("array_le", cmp(func(c int) bool { return c <= 0 }))
	register("array_ge", cmp(func(c int) bool { return c >= 0 }))
	register("btarraycmp", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(types.Compare(sig.Args[0], a[0], a[1]))), nil
	})
}

// Array bounds (array_upper, array_lower, array_length): NULL for a
// dimension the array does not have.
func init() {
	dim := func(f func(d types.ArrayDim) int64) Impl {
		return func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
			arr := a[0].Array()
			n := a[1].Int()
			if n < 1 || n > int64(len(arr.Dims)) {
				return types.Null, nil
			}
			return types.NewInt(f(arr.Dims[n-1])), nil
		}
	}
	register("array_upper", dim(func(d types.ArrayDim) int64 { return int64(d.Lower) + int64(d.Len) - 1 }))
	register("array_lower", dim(func(d types.ArrayDim) int64 { return int64(d.Lower) }))
	register("array_length", dim(func(d types.ArrayDim) int64 { return int64(d.Len) }))
}
