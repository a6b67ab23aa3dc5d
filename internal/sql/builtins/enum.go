package builtins

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// The enum support functions (PostgreSQL's utils/adt/enum.c): comparison
// by the labels' sort positions, min and max, and the label lists.

func enumType(sig *Sig) (*types.T, error) {
	for _, t := range sig.Args {
		if t.Enum != nil {
			return t, nil
		}
	}
	return nil, pgerror.New(pgerror.InvalidParameterValue, "could not determine actual enum type")
}

func enumLabels(t *types.T, from, to int) types.Datum {
	var elems []types.Datum
	for i := from; i <= to && i < len(t.Enum.Labels); i++ {
		elems = append(elems, types.NewString(t.Enum.Labels[i]))
	}
	return types.NewArray(types.NewArray1(t, elems))
}

func enumIndex(t *types.T, d types.Datum) int {
	for i, l := range t.Enum.Labels {
		if l == d.Str() {
			return i
		}
	}
	return -1
}

func init() {
	cmp := func(pred func(int) bool) Impl {
		return func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
			return types.NewBool(pred(types.Compare(sig.Args[0], a[0], a[1]))), nil
		}
	}
	register("enum_eq", cmp(func(c int) bool { return c == 0 }))
	register("enum_ne", cmp(func(c int) bool { return c != 0 }))
	register("enum_lt", cmp(func(c int) bool { return c < 0 }))
	register("enum_le", cmp(func(c int) bool { return c <= 0 }))
	register("enum_gt", cmp(func(c int) bool { return c > 0 }))
	register("enum_ge", cmp(func(c int) bool { return c >= 0 }))
	register("enum_cmp", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(types.Compare(sig.Args[0], a[0], a[1]))), nil
	})
	register("enum_smaller", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		if types.Compare(sig.Args[0], a[0], a[1]) <= 0 {
			return a[0], nil
		}
		return a[1], nil
	})
	register("enum_larger", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		if types.Compare(sig.Args[0], a[0], a[1]) >= 0 {
			return a[0], nil
		}
		return a[1], nil
	})
	register("enum_first", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		t, err := enumType(sig)
		if err != nil || len(t.Enum.Labels) == 0 {
			return types.Null, err
		}
		return types.NewString(t.Enum.Labels[0]), nil
	})
	register("enum_last", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		t, err := enumType(sig)
		if err != nil || len(t.Enum.Labels) == 0 {
			return types.Null, err
		}
		return types.NewString(t.Enum.Labels[len(t.Enum.Labels)-1]), nil
	})
	register("enum_range_all", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		t, err := enumType(sig)
		if err != nil {
			return types.Null, err
		}
		return enumLabels(t, 0, len(t.Enum.Labels)-1), nil
	})
	register("enum_range_bounds", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		t, err := enumType(sig)
		if err != nil {
			return types.Null, err
		}
		from, to := 0, len(t.Enum.Labels)-1
		if !a[0].IsNull() {
			from = enumIndex(t, a[0])
		}
		if !a[1].IsNull() {
			to = enumIndex(t, a[1])
		}
		return enumLabels(t, from, to), nil
	})
}
