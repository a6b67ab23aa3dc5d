package builtins

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// The tsvector functions that need no text search configuration
// (utils/adt/tsvector_op.c): length, strip, setweight, concatenation and
// conversion to an array. Comparison operators are the generic ones over
// types.Compare, which orders tsvectors as tsvector_cmp does.

func tsvectorResult(l []types.TSLexeme) types.Datum {
	return types.NewString(types.FormatTSVector(l))
}

func init() {
	register("tsvector_length", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(len(types.TSVectorOf(a[0])))), nil
	})
	register("tsvector_strip", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		l := types.TSVectorOf(a[0])
		for i := range l {
			l[i].Positions = nil
		}
		return tsvectorResult(l), nil
	})
	register("tsvector_setweight", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		var w uint8
		switch a[1].Str() {
		case "A", "a":
			w = 3
		case "B", "b":
			w = 2
		case "C", "c":
			w = 1
		case "D", "d":
			w = 0
		default:
			c := 0
			if s := a[1].Str(); s != "" {
				c = int(s[0])
			}
			return types.Null, pgerror.New(pgerror.InternalError, "unrecognized weight: %d", c)
		}
		l := types.TSVectorOf(a[0])
		for i := range l {
			for k := range l[i].Positions {
				l[i].Positions[k].Weight = w
			}
		}
		return tsvectorResult(l), nil
	})
	register("tsvector_to_array", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		l := types.TSVectorOf(a[0])
		elems := make([]types.Datum, len(l))
		for i, x := range l {
			elems[i] = types.NewString(x.Word)
		}
		return types.NewArray(types.NewArray1(types.Text, elems)), nil
	})
	register("tsvector_cmp", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(types.Compare(sig.Args[0], a[0], a[1]))), nil
	})
}
