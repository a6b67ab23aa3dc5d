package builtins

import (
	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// The range and multirange functions and operators (PostgreSQL's
// utils/adt/rangetypes.c and multirangetypes.c): constructors, bound
// accessors, comparison, containment, the set operations, and the
// multirange versions of each. The range algebra itself lives in the
// types package; these wrap it for pg_proc's entries. The actual range or
// multirange type comes from the call's resolved signature.

// rangeTypeOf returns the range type a call works on: the first range or
// multirange among its argument and result types.
func rangeTypeOf(sig *Sig) (*types.T, error) {
	for _, t := range append(append([]*types.T(nil), sig.Args...), sig.Ret) {
		t = types.BaseType(t)
		if t != nil && t.Range != nil {
			return types.RangeTypeOf(t), nil
		}
		if t != nil && t.Family == types.FamArray && t.Elem != nil && t.Elem.Range != nil {
			return types.RangeTypeOf(t.Elem), nil
		}
	}
	return nil, pgerror.New(pgerror.InternalError, "could not determine the range type")
}

// RangeConstructor builds a range of type t from two bounds (NULL for
// infinite) and PostgreSQL's bound flags text ("[)" when absent), as
// range_constructor2 and range_constructor3 do.
func RangeConstructor(t *types.T, args []types.Datum) (types.Datum, error) {
	flags := "[)"
	if len(args) > 2 {
		if args[2].IsNull() {
			return types.Null, pgerror.New(pgerror.DataException, "range constructor flags argument must not be null")
		}
		flags = args[2].Str()
	}
	if len(flags) != 2 || (flags[0] != '[' && flags[0] != '(') || (flags[1] != ']' && flags[1] != ')') {
		return types.Null, pgerror.New(pgerror.SyntaxError, "invalid range bound flags").
			WithHint(`Valid values are "[]", "[)", "(]", and "()".`)
	}
	lower := types.RangeBound{Val: args[0], Inf: args[0].IsNull(), Inc: flags[0] == '[', Lower: true}
	upper := types.RangeBound{Val: args[1], Inf: args[1].IsNull(), Inc: flags[1] == ']'}
	return types.MakeRange(t, lower, upper)
}

// MultirangeConstructor builds a multirange of range type t from ranges
// (multirange_constructor0/1/2); NULL members are an error.
func MultirangeConstructor(t *types.T, ranges []types.Datum) (types.Datum, error) {
	rs := make([]types.RangeVal, 0, len(ranges))
	for _, r := range ranges {
		if r.IsNull() {
			return types.Null, pgerror.New(pgerror.NullValueNotAllowed, "multirange values cannot contain null members")
		}
		rs = append(rs, *r.Range())
	}
	return types.NewMultirange(types.CanonicalMultirange(t, rs)), nil
}

// asMultirange views a range as a multirange of its (non-empty) self.
func asMultirange(t *types.T, r *types.RangeVal) *types.MultirangeVal {
	return types.CanonicalMultirange(t, []types.RangeVal{*r})
}

func init() {
	withRange := func(f func(t *types.T, a []types.Datum) (types.Datum, error)) Impl {
		return func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
			t, err := rangeTypeOf(sig)
			if err != nil {
				return types.Null, err
			}
			return f(t, a)
		}
	}
	constructor := withRange(RangeConstructor)
	register("range_constructor2", constructor)
	register("range_constructor3", constructor)
	register("multirange_constructor0", withRange(func(t *types.T, _ []types.Datum) (types.Datum, error) {
		return MultirangeConstructor(t, nil)
	}))
	register("multirange_constructor1", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		return MultirangeConstructor(t, a[:1])
	}))
	register("multirange_constructor2", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		return MultirangeConstructor(t, a[0].Array().Elems)
	}))

	// Bound accessors.
	bound := func(upper bool) func(t *types.T, a []types.Datum) (types.Datum, error) {
		return func(t *types.T, a []types.Datum) (types.Datum, error) {
			r := a[0].Range()
			if r.IsEmpty() {
				return types.Null, nil
			}
			if upper {
				return r.Upper, nil
			}
			return r.Lower, nil
		}
	}
	register("range_lower", withRange(bound(false)))
	register("range_upper", withRange(bound(true)))
	flag := func(test func(r *types.RangeVal) bool) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			return types.NewBool(test(a[0].Range())), nil
		}
	}
	register("range_empty", flag(func(r *types.RangeVal) bool { return r.IsEmpty() }))
	register("range_lower_inc", flag(func(r *types.RangeVal) bool { return r.Flags&types.RangeLBInc != 0 }))
	register("range_upper_inc", flag(func(r *types.RangeVal) bool { return r.Flags&types.RangeUBInc != 0 }))
	register("range_lower_inf", flag(func(r *types.RangeVal) bool { return r.Flags&types.RangeLBInf != 0 }))
	register("range_upper_inf", flag(func(r *types.RangeVal) bool { return r.Flags&types.RangeUBInf != 0 }))

	// The multirange accessors look at its first and last ranges.
	mflag := func(test func(m *types.MultirangeVal) bool) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			return types.NewBool(test(a[0].Multirange())), nil
		}
	}
	first := func(m *types.MultirangeVal) *types.RangeVal { return &m.Ranges[0] }
	last := func(m *types.MultirangeVal) *types.RangeVal { return &m.Ranges[len(m.Ranges)-1] }
	register("multirange_lower", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		m := a[0].Multirange()
		if len(m.Ranges) == 0 {
			return types.Null, nil
		}
		return first(m).Lower, nil
	})
	register("multirange_upper", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		m := a[0].Multirange()
		if len(m.Ranges) == 0 {
			return types.Null, nil
		}
		return last(m).Upper, nil
	})
	register("multirange_empty", mflag(func(m *types.MultirangeVal) bool { return len(m.Ranges) == 0 }))
	register("multirange_lower_inc", mflag(func(m *types.MultirangeVal) bool {
		return len(m.Ranges) > 0 && first(m).Flags&types.RangeLBInc != 0
	}))
	register("multirange_upper_inc", mflag(func(m *types.MultirangeVal) bool {
		return len(m.Ranges) > 0 && last(m).Flags&types.RangeUBInc != 0
	}))
	register("multirange_lower_inf", mflag(func(m *types.MultirangeVal) bool {
		return len(m.Ranges) > 0 && first(m).Flags&types.RangeLBInf != 0
	}))
	register("multirange_upper_inf", mflag(func(m *types.MultirangeVal) bool {
		return len(m.Ranges) > 0 && last(m).Flags&types.RangeUBInf != 0
	}))

	// Comparison.
	cmp := func(pred func(int) bool) Impl {
		return withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
			return types.NewBool(pred(types.CompareRange(t, a[0].Range(), a[1].Range()))), nil
		})
	}
	mcmp := func(pred func(int) bool) Impl {
		return withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
			return types.NewBool(pred(types.CompareMultirange(t, a[0].Multirange(), a[1].Multirange()))), nil
		})
	}
	for _, p := range []struct {
		name string
		pred func(int) bool
	}{
		{"eq", func(c int) bool { return c == 0 }}, {"ne", func(c int) bool { return c != 0 }},
		{"lt", func(c int) bool { return c < 0 }}, {"le", func(c int) bool { return c <= 0 }},
		{"gt", func(c int) bool { return c > 0 }}, {"ge", func(c int) bool { return c >= 0 }},
	} {
		register("range_"+p.name, cmp(p.pred))
		register("multirange_"+p.name, mcmp(p.pred))
	}
	register("range_cmp", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(types.CompareRange(t, a[0].Range(), a[1].Range()))), nil
	}))
	register("multirange_cmp", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(types.CompareMultirange(t, a[0].Multirange(), a[1].Multirange()))), nil
	}))

	// Predicates between two ranges, and their multirange forms. A
	// multirange argument takes part through the ranges it is made of.
	type pred func(t *types.T, a, b *types.RangeVal) bool
	rr := func(p pred) Impl {
		return withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
			return types.NewBool(p(t, a[0].Range(), a[1].Range())), nil
		})
	}
	register("range_overlaps", rr(types.RangeOverlaps))
	register("range_contains", rr(types.RangeContains))
	register("range_contained_by", rr(func(t *types.T, a, b *types.RangeVal) bool { return types.RangeContains(t, b, a) }))
	register("range_adjacent", rr(types.RangeAdjacent))
	register("range_before", rr(types.RangeBefore))
	register("range_after", rr(func(t *types.T, a, b *types.RangeVal) bool { return types.RangeBefore(t, b, a) }))
	register("range_overleft", rr(types.RangeOverleft))
	register("range_overright", rr(types.RangeOverright))
	register("range_contains_elem", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		return types.NewBool(types.RangeContainsElem(t, a[0].Range(), a[1])), nil
	}))
	register("elem_contained_by_range", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		return types.NewBool(types.RangeContainsElem(t, a[1].Range(), a[0])), nil
	}))

	// Multirange predicates: m op r and r op m through the multirange's
	// span or its ranges, as multirangetypes.c defines each.
	toM := func(t *types.T, d types.Datum) *types.MultirangeVal {
		if d.Kind() == types.KRange {
			return asMultirange(t, d.Range())
		}
		return d.Multirange()
	}
	mm := func(p func(t *types.T, a, b *types.MultirangeVal) bool) Impl {
		return withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
			return types.NewBool(p(t, toM(t, a[0]), toM(t, a[1]))), nil
		})
	}
	overlaps := func(t *types.T, a, b *types.MultirangeVal) bool {
		for i := range a.Ranges {
			for j := range b.Ranges {
				if types.RangeOverlaps(t, &a.Ranges[i], &b.Ranges[j]) {
					return true
				}
			}
		}
		return false
	}
	// contains: every range of b lies within one range of a (a's ranges
	// are maximal, so that is the same as containing b's points).
	contains := func(t *types.T, a, b *types.MultirangeVal) bool {
		for j := range b.Ranges {
			ok := false
			for i := range a.Ranges {
				if types.RangeContains(t, &a.Ranges[i], &b.Ranges[j]) {
					ok = true
					break
				}
			}
			if !ok {
				return false
			}
		}
		return true
	}
	first2 := func(m *types.MultirangeVal) *types.RangeVal { return &m.Ranges[0] }
	last2 := func(m *types.MultirangeVal) *types.RangeVal { return &m.Ranges[len(m.Ranges)-1] }
	// adjacent: the last range of one touches the first of the other
	// (multirange_adjacent_multirange).
	adjacent := func(t *types.T, a, b *types.MultirangeVal) bool {
		if len(a.Ranges) == 0 || len(b.Ranges) == 0 {
			return false
		}
		return types.BoundsAdjacent(t, last2(a).UpperBound(), first2(b).LowerBound()) ||
			types.BoundsAdjacent(t, last2(b).UpperBound(), first2(a).LowerBound())
	}
	before := func(t *types.T, a, b *types.MultirangeVal) bool {
		if len(a.Ranges) == 0 || len(b.Ranges) == 0 {
			return false
		}
		return types.RangeBefore(t, last2(a), first2(b))
	}
	overleft := func(t *types.T, a, b *types.MultirangeVal) bool {
		if len(a.Ranges) == 0 || len(b.Ranges) == 0 {
			return false
		}
		return types.RangeOverleft(t, last2(a), last2(b))
	}
	overright := func(t *types.T, a, b *types.MultirangeVal) bool {
		if len(a.Ranges) == 0 || len(b.Ranges) == 0 {
			return false
		}
		return types.RangeOverright(t, first2(a), first2(b))
	}
	flip := func(p func(t *types.T, a, b *types.MultirangeVal) bool) func(t *types.T, a, b *types.MultirangeVal) bool {
		return func(t *types.T, a, b *types.MultirangeVal) bool { return p(t, b, a) }
	}
	for _, n := range []struct{ l, r string }{{"range", "multirange"}, {"multirange", "range"}, {"multirange", "multirange"}} {
		name := func(op string) string { return n.l + "_" + op + "_" + n.r }
		register(name("overlaps"), mm(overlaps))
		register(name("adjacent"), mm(adjacent))
		register(name("before"), mm(before))
		register(name("after"), mm(flip(before)))
		register(name("overleft"), mm(overleft))
		register(name("overright"), mm(overright))
	}
	register("multirange_contains_range", mm(contains))
	register("multirange_contains_multirange", mm(contains))
	register("range_contains_multirange", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		// An empty multirange is contained in anything; otherwise its
		// span must lie within the range.
		m := a[1].Multirange()
		if len(m.Ranges) == 0 {
			return types.DTrue, nil
		}
		span, err := types.MultirangeSpan(t, m)
		if err != nil {
			return types.Null, err
		}
		return types.NewBool(types.RangeContains(t, a[0].Range(), span.Range())), nil
	}))
	register("multirange_contained_by_range", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		m := a[0].Multirange()
		if len(m.Ranges) == 0 {
			return types.DTrue, nil
		}
		span, err := types.MultirangeSpan(t, m)
		if err != nil {
			return types.Null, err
		}
		return types.NewBool(types.RangeContains(t, a[1].Range(), span.Range())), nil
	}))
	register("range_contained_by_multirange", mm(flip(contains)))
	register("multirange_contained_by_multirange", mm(flip(contains)))
	elemIn := func(t *types.T, m *types.MultirangeVal, v types.Datum) bool {
		for i := range m.Ranges {
			if types.RangeContainsElem(t, &m.Ranges[i], v) {
				return true
			}
		}
		return false
	}
	register("multirange_contains_elem", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		return types.NewBool(elemIn(t, a[0].Multirange(), a[1])), nil
	}))
	register("elem_contained_by_multirange", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		return types.NewBool(elemIn(t, a[1].Multirange(), a[0])), nil
	}))

	// Set operations.
	register("range_union", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		return types.RangeUnion(t, a[0].Range(), a[1].Range(), true)
	}))
	register("range_merge", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		return types.RangeUnion(t, a[0].Range(), a[1].Range(), false)
	}))
	register("range_intersect", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		return types.RangeIntersect(t, a[0].Range(), a[1].Range())
	}))
	register("range_minus", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		return types.RangeMinus(t, a[0].Range(), a[1].Range())
	}))
	register("range_merge_from_multirange", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		return types.MultirangeSpan(t, a[0].Multirange())
	}))
	register("multirange_union", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		x, y := a[0].Multirange(), a[1].Multirange()
		return types.NewMultirange(types.CanonicalMultirange(t, append(append([]types.RangeVal(nil), x.Ranges...), y.Ranges...))), nil
	}))
	register("multirange_intersect", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		m, err := types.MultirangeIntersect(t, a[0].Multirange(), a[1].Multirange())
		if err != nil {
			return types.Null, err
		}
		return types.NewMultirange(m), nil
	}))
	register("multirange_minus", withRange(func(t *types.T, a []types.Datum) (types.Datum, error) {
		m, err := types.MultirangeMinus(t, a[0].Multirange(), a[1].Multirange())
		if err != nil {
			return types.Null, err
		}
		return types.NewMultirange(m), nil
	}))

	srfImpls["multirange_unnest"] = func(_ Env, _ *Sig, a []types.Datum) (SetIter, error) {
		m := a[0].Multirange()
		i := 0
		return funcIter(func() (types.Row, bool, error) {
			if i >= len(m.Ranges) {
				return nil, false, nil
			}
			r := m.Ranges[i]
			i++
			return types.Row{types.NewRange(&r)}, true, nil
		}), nil
	}
}

// range_agg and range_intersect_agg: the union of the rows' ranges (or
// multiranges) as a multirange, and their intersection. NULLs are
// skipped; no rows give NULL.
func init() {
	aggImpls["range_agg"] = &AggDef{SkipNulls: true, New: func(s *Sig) AggState { return &rangeAgg{sig: s} }}
	aggImpls["range_intersect_agg"] = &AggDef{SkipNulls: true, New: func(s *Sig) AggState { return &rangeAgg{sig: s, intersect: true} }}
}

type rangeAgg struct {
	sig       *Sig
	intersect bool
	ranges    []types.RangeVal // range_agg's inputs so far
	acc       types.Datum      // range_intersect_agg's result so far
}

func (a *rangeAgg) Add(_ Env, args []types.Datum) error {
	t, err := rangeTypeOf(a.sig)
	if err != nil {
		return err
	}
	d := args[0]
	if !a.intersect {
		if d.Kind() == types.KRange {
			a.ranges = append(a.ranges, *d.Range())
		} else {
			a.ranges = append(a.ranges, d.Multirange().Ranges...)
		}
		return nil
	}
	if a.acc.IsNull() {
		a.acc = d
		return nil
	}
	if d.Kind() == types.KRange {
		a.acc, err = types.RangeIntersect(t, a.acc.Range(), d.Range())
		return err
	}
	m, err := types.MultirangeIntersect(t, a.acc.Multirange(), d.Multirange())
	if err != nil {
		return err
	}
	a.acc = types.NewMultirange(m)
	return nil
}

func (a *rangeAgg) Result(Env) (types.Datum, error) {
	if a.intersect {
		return a.acc, nil
	}
	if a.ranges == nil {
		return types.Null, nil
	}
	t, err := rangeTypeOf(a.sig)
	if err != nil {
		return types.Null, err
	}
	return types.NewMultirange(types.CanonicalMultirange(t, a.ranges)), nil
}

// The subtype_diff functions of the built-in range types: the distance
// between two values as double precision (days for dates, seconds for
// timestamps), as rangetypes.c computes them for GiST.
func init() {
	diff := func(f func(a, b types.Datum) (float64, error)) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			v, err := f(a[0], a[1])
			if err != nil {
				return types.Null, err
			}
			return types.NewFloat(v), nil
		}
	}
	ints := diff(func(a, b types.Datum) (float64, error) { return float64(a.Int()) - float64(b.Int()), nil })
	register("int4range_subdiff", ints)
	register("int8range_subdiff", ints)
	register("daterange_subdiff", diff(func(a, b types.Datum) (float64, error) {
		return float64(a.Date()) - float64(b.Date()), nil
	}))
	micros := diff(func(a, b types.Datum) (float64, error) {
		return float64(a.Micros()-b.Micros()) / 1e6, nil
	})
	register("tsrange_subdiff", micros)
	register("tstzrange_subdiff", micros)
	register("numrange_subdiff", diff(func(a, b types.Datum) (float64, error) {
		var d apd.Decimal
		if _, err := types.NumericCtx.Sub(&d, a.Numeric(), b.Numeric()); err != nil {
			return 0, err
		}
		return types.NumericToFloat(&d)
	}))
}
