package builtins

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// The window functions proper (PostgreSQL's utils/adt/windowfuncs.c).
// They see the partition through WindowFrame; arguments are evaluated at
// the rows they ask for.

func init() {
	win := func(name string, f func(env Env, sig *Sig, w WindowFrame, args []types.Datum) (types.Datum, error)) {
		windowImpls[name] = &WindowDef{Eval: f}
	}
	win("row_number", func(_ Env, _ *Sig, w WindowFrame, _ []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(w.Pos() + 1)), nil
	})
	win("rank", func(_ Env, _ *Sig, w WindowFrame, _ []types.Datum) (types.Datum, error) {
		start, _, _ := w.PeerGroup()
		return types.NewInt(int64(start + 1)), nil
	})
	win("dense_rank", func(_ Env, _ *Sig, w WindowFrame, _ []types.Datum) (types.Datum, error) {
		_, _, n := w.PeerGroup()
		return types.NewInt(int64(n)), nil
	})
	win("percent_rank", func(_ Env, _ *Sig, w WindowFrame, _ []types.Datum) (types.Datum, error) {
		start, _, _ := w.PeerGroup()
		if w.Len() <= 1 {
			return types.NewFloat(0), nil
		}
		return types.NewFloat(float64(start) / float64(w.Len()-1)), nil
	})
	win("cume_dist", func(_ Env, _ *Sig, w WindowFrame, _ []types.Datum) (types.Datum, error) {
		_, end, _ := w.PeerGroup()
		return types.NewFloat(float64(end) / float64(w.Len())), nil
	})
	win("ntile", func(_ Env, _ *Sig, w WindowFrame, _ []types.Datum) (types.Datum, error) {
		v, err := w.Arg(0, 0)
		if err != nil {
			return types.Null, err
		}
		if v.IsNull() {
			return types.Null, nil
		}
		buckets := v.Int()
		if buckets <= 0 {
			return types.Null, pgerror.New(pgerror.InvalidArgumentForNtile, "argument of ntile must be greater than zero")
		}
		n := int64(w.Len())
		pos := int64(w.Pos())
		per := n / buckets
		extra := n % buckets
		// The first extra buckets have per+1 rows.
		big := extra * (per + 1)
		if pos < big {
			return types.NewInt(pos/(per+1) + 1), nil
		}
		return types.NewInt(extra + (pos-big)/per + 1), nil
	})
	leadLag := func(sign int) func(env Env, sig *Sig, w WindowFrame, _ []types.Datum) (types.Datum, error) {
		return func(env Env, sig *Sig, w WindowFrame, _ []types.Datum) (types.Datum, error) {
			offset := int64(1)
			if len(sig.Args) > 1 {
				o, err := w.Arg(1, w.Pos())
				if err != nil {
					return types.Null, err
				}
				if o.IsNull() {
					return types.Null, nil
				}
				offset = o.Int()
			}
			target := int64(w.Pos()) + int64(sign)*offset
			if target < 0 || target >= int64(w.Len()) {
				if len(sig.Args) > 2 {
					return w.Arg(2, w.Pos())
				}
				return types.Null, nil
			}
			return w.Arg(0, int(target))
		}
	}
	win("lag", leadLag(-1))
	win("lead", leadLag(1))
	win("first_value", func(_ Env, _ *Sig, w WindowFrame, _ []types.Datum) (types.Datum, error) {
		start, end := w.FrameBounds()
		if start >= end {
			return types.Null, nil
		}
		return w.Arg(0, start)
	})
	win("last_value", func(_ Env, _ *Sig, w WindowFrame, _ []types.Datum) (types.Datum, error) {
		start, end := w.FrameBounds()
		if start >= end {
			return types.Null, nil
		}
		return w.Arg(0, end-1)
	})
	win("nth_value", func(_ Env, _ *Sig, w WindowFrame, _ []types.Datum) (types.Datum, error) {
		nv, err := w.Arg(1, w.Pos())
		if err != nil || nv.IsNull() {
			return types.Null, err
		}
		n := nv.Int()
		if n <= 0 {
			return types.Null, pgerror.New(pgerror.InvalidArgumentForNthValue, "argument of nth_value must be greater than zero")
		}
		start, end := w.FrameBounds()
		if int64(start)+n-1 >= int64(end) {
			return types.Null, nil
		}
		return w.Arg(0, start+int(n)-1)
	})
}
