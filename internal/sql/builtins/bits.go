package builtins

import (
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// The functions and operators of bit and bit varying (utils/adt/varbit.c).
// Values are strings of '0' and '1' (types/bits.go); comparison operators
// are the generic ones.

func bitsResult(s string) (types.Datum, error) { return types.NewString(s), nil }

// shiftBits shifts s left by n places (right when n is negative),
// filling with zeros and keeping its length.
func shiftBits(s string, n int64) string {
	l := int64(len(s))
	switch {
	case n >= l || -n >= l:
		return strings.Repeat("0", len(s))
	case n >= 0:
		return s[n:] + strings.Repeat("0", int(n))
	}
	return strings.Repeat("0", int(-n)) + s[:l+n]
}

// bitSubstr is bitsubstr: start is 1-based; a negative length is an
// error, and no length means to the end.
func bitSubstr(s string, start, length int64, hasLen bool) (string, error) {
	l := int64(len(s))
	end := l + 1
	if hasLen {
		if length < 0 {
			return "", pgerror.New(pgerror.SubstringError, "negative substring length not allowed")
		}
		if start+length < end {
			end = start + length
		}
	}
	if start < 1 {
		start = 1
	}
	if start > l || end <= start {
		return "", nil
	}
	return s[start-1 : end-1], nil
}

func init() {
	sameSize := func(verb string, op func(x, y byte) byte) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			x, y := a[0].Str(), a[1].Str()
			if len(x) != len(y) {
				return types.Null, pgerror.New(pgerror.StringDataLengthMismatch, "cannot %s bit strings of different sizes", verb)
			}
			out := make([]byte, len(x))
			for i := range out {
				out[i] = '0' + op(x[i]-'0', y[i]-'0')
			}
			return bitsResult(string(out))
		}
	}
	register("bit_and", sameSize("AND", func(x, y byte) byte { return x & y }))
	register("bit_or", sameSize("OR", func(x, y byte) byte { return x | y }))
	register("bitxor", sameSize("XOR", func(x, y byte) byte { return x ^ y }))
	register("bitnot", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s := []byte(a[0].Str())
		for i := range s {
			s[i] ^= 1
		}
		return bitsResult(string(s))
	})
	register("bitcat", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return bitsResult(a[0].Str() + a[1].Str())
	})
	register("bitshiftleft", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return bitsResult(shiftBits(a[0].Str(), a[1].Int()))
	})
	register("bitshiftright", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return bitsResult(shiftBits(a[0].Str(), -a[1].Int()))
	})
	register("bitlength", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(len(a[0].Str()))), nil
	})
	register("bitoctetlength", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(len(a[0].Str())+7) / 8), nil
	})
	// bit_length is written in SQL for every type: bits, or eight per
	// byte of text and bytea.
	registerSQL("bit_length", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		if o := sig.Args[0].Oid; o == types.OidBit || o == types.OidVarbit {
			return types.NewInt(int64(len(a[0].Str()))), nil
		}
		return types.NewInt(int64(len(a[0].Str())) * 8), nil
	})
	register("bit_bit_count", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(strings.Count(a[0].Str(), "1"))), nil
	})
	bitIndex := func(s string, n int64) error {
		if n < 0 || n >= int64(len(s)) {
			return pgerror.New(pgerror.ArraySubscriptError, "bit index %d out of valid range (0..%d)", n, len(s)-1)
		}
		return nil
	}
	register("bitgetbit", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, n := a[0].Str(), a[1].Int()
		if err := bitIndex(s, n); err != nil {
			return types.Null, err
		}
		return types.NewInt(int64(s[n] - '0')), nil
	})
	register("bitsetbit", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, n, v := a[0].Str(), a[1].Int(), a[2].Int()
		if err := bitIndex(s, n); err != nil {
			return types.Null, err
		}
		if v != 0 && v != 1 {
			return types.Null, pgerror.New(pgerror.InvalidParameterValue, "new bit must be 0 or 1")
		}
		b := []byte(s)
		b[n] = '0' + byte(v)
		return bitsResult(string(b))
	})
	register("bitsubstr", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, err := bitSubstr(a[0].Str(), a[1].Int(), a[2].Int(), true)
		if err != nil {
			return types.Null, err
		}
		return bitsResult(s)
	})
	register("bitsubstr_no_len", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, _ := bitSubstr(a[0].Str(), a[1].Int(), 0, false)
		return bitsResult(s)
	})
	overlay := func(s, with string, start, length int64) (types.Datum, error) {
		if start <= 0 || length < 0 {
			return types.Null, pgerror.New(pgerror.SubstringError, "negative substring length not allowed")
		}
		head, _ := bitSubstr(s, 1, start-1, true)
		tail, _ := bitSubstr(s, start+length, 0, false)
		return bitsResult(head + with + tail)
	}
	register("bitoverlay", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return overlay(a[0].Str(), a[1].Str(), a[2].Int(), a[3].Int())
	})
	register("bitoverlay_no_len", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return overlay(a[0].Str(), a[1].Str(), a[2].Int(), int64(len(a[1].Str())))
	})
	register("bitposition", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, sub := a[0].Str(), a[1].Str()
		if s == "" || len(sub) > len(s) {
			return types.NewInt(0), nil
		}
		return types.NewInt(int64(strings.Index(s, sub) + 1)), nil
	})
	register("bitcmp", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(types.Compare(sig.Args[0], a[0], a[1]))), nil
	})
	fromInt := func(width int) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			n := a[1].Int()
			if n < 1 {
				n = 1
			}
			return bitsResult(types.BitsFromInt(a[0].Int(), width, int(n)))
		}
	}
	register("bitfromint4", fromInt(32))
	register("bitfromint8", fromInt(64))
	toInt := func(width int) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			v, err := types.BitsToInt(a[0].Str(), width)
			if err != nil {
				return types.Null, err
			}
			return types.NewInt(v), nil
		}
	}
	register("bittoint4", toInt(32))
	register("bittoint8", toInt(64))
	// bit(bit, integer, boolean) and varbit(varbit, integer, boolean): the
	// length coercions, with isExplicit choosing truncation over error.
	coerce := func(o types.Oid) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			return types.CoerceBits(types.ByOid(o).WithTypmod(int32(a[1].Int())), a[0].Str(), a[2].Bool())
		}
	}
	register("bit", coerce(types.OidBit))
	register("varbit", coerce(types.OidVarbit))
}

// bitwiseAgg is bit_and, bit_or and bit_xor over smallint, integer,
// bigint and bit strings: NULL without rows, else the operator folded
// over the values (int2and, bitand, ... as the aggregates' transition
// functions). Bit strings of different lengths fail as the operators do.
type bitwiseAgg struct {
	verb string
	op   func(x, y uint64) uint64
	bits bool
	val  types.Datum
}

func (a *bitwiseAgg) Add(_ Env, args []types.Datum) error {
	v := args[0]
	if a.val.IsNull() {
		a.val = v
		return nil
	}
	if !a.bits {
		a.val = types.NewInt(int64(a.op(uint64(a.val.Int()), uint64(v.Int()))))
		return nil
	}
	x, y := a.val.Str(), v.Str()
	if len(x) != len(y) {
		return pgerror.New(pgerror.StringDataLengthMismatch, "cannot %s bit strings of different sizes", a.verb)
	}
	out := make([]byte, len(x))
	for i := range out {
		out[i] = '0' + byte(a.op(uint64(x[i]-'0'), uint64(y[i]-'0')))
	}
	a.val = types.NewString(string(out))
	return nil
}

func (a *bitwiseAgg) Result(Env) (types.Datum, error) { return a.val, nil }

func init() {
	for name, def := range map[string]struct {
		verb string
		op   func(x, y uint64) uint64
	}{
		"bit_and": {"AND", func(x, y uint64) uint64 { return x & y }},
		"bit_or":  {"OR", func(x, y uint64) uint64 { return x | y }},
		"bit_xor": {"XOR", func(x, y uint64) uint64 { return x ^ y }},
	} {
		aggImpls[name] = &AggDef{SkipNulls: true, New: func(s *Sig) AggState {
			o := s.Args[0].Oid
			return &bitwiseAgg{verb: def.verb, op: def.op, bits: o == types.OidBit || o == types.OidVarbit}
		}}
	}
}
