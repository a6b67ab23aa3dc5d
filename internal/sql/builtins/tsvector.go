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
	// tsvector || tsvector: the right operand's positions move past the
	// left's highest position (tsvector_concat's add_pos, which stops at
	// 256 positions or at the largest position).
	register("tsvector_concat", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		x, y := types.TSVectorOf(a[0]), types.TSVectorOf(a[1])
		maxPos := 0
		for _, l := range x {
			for _, p := range l.Positions {
				maxPos = max(maxPos, int(p.Pos))
			}
		}
		byWord := make(map[string]int, len(x))
		for i, l := range x {
			byWord[l.Word] = i
		}
		for _, l := range y {
			i, ok := byWord[l.Word]
			if !ok {
				x = append(x, types.TSLexeme{Word: l.Word})
				i = len(x) - 1
				byWord[l.Word] = i
			}
			ps := x[i].Positions
			for _, p := range l.Positions {
				if len(ps) >= 256 || len(ps) > 0 && ps[len(ps)-1].Pos == 16383 {
					break
				}
				ps = append(ps, types.TSPos{Pos: uint16(min(int(p.Pos)+maxPos, 16383)), Weight: p.Weight})
			}
			x[i].Positions = ps
		}
		return types.NewString(types.FormatTSVector(types.NormalizeTSVector(x))), nil
	})
	register("tsvector_cmp", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(types.Compare(sig.Args[0], a[0], a[1]))), nil
	})
}
