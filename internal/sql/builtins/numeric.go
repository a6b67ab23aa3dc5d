package builtins

import (
	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// PostgreSQL's numeric display-scale limits (utils/adt/numeric.c).
const (
	numericMaxDisplayScale = 1000
	numericMinSigDigits    = 16
	numericMaxResultScale  = numericMaxDisplayScale * 2
)

var (
	decNaN     = &apd.Decimal{Form: apd.NaN}
	decPosInf  = &apd.Decimal{Form: apd.Infinite}
	decNegInf  = &apd.Decimal{Form: apd.Infinite, Negative: true}
	decZero    = apd.New(0, 0)
	numericCtx = types.NumericCtx
)

func isNaN(d *apd.Decimal) bool { return d.Form == apd.NaN || d.Form == apd.NaNSignaling }
func isInf(d *apd.Decimal) bool { return d.Form == apd.Infinite }

func scaleOf(d *apd.Decimal) int32 {
	if d.Form != apd.Finite || d.Exponent >= 0 {
		return 0
	}
	return -d.Exponent
}

// roundTo rounds d to scale digits after the point (half away from zero,
// as PostgreSQL rounds numerics).
func roundTo(d *apd.Decimal, scale int32) *apd.Decimal {
	if d.Form != apd.Finite {
		return d
	}
	var r apd.Decimal
	numericCtx.Quantize(&r, d, -scale)
	if r.IsZero() {
		r.Negative = false
	}
	return &r
}

func numericOverflow() error {
	return pgerror.New(pgerror.NumericValueOutOfRange, "value overflows numeric format")
}

// NumericAdd returns a+b with PostgreSQL's scale: the larger of the two.
func NumericAdd(a, b *apd.Decimal) (*apd.Decimal, error) {
	if a.Form != apd.Finite || b.Form != apd.Finite {
		return specialAddSub(a, b, false), nil
	}
	var r apd.Decimal
	if _, err := numericCtx.Add(&r, a, b); err != nil {
		return nil, numericOverflow()
	}
	return roundTo(&r, max(scaleOf(a), scaleOf(b))), nil
}

// NumericSub returns a-b.
func NumericSub(a, b *apd.Decimal) (*apd.Decimal, error) {
	if a.Form != apd.Finite || b.Form != apd.Finite {
		return specialAddSub(a, b, true), nil
	}
	var r apd.Decimal
	if _, err := numericCtx.Sub(&r, a, b); err != nil {
		return nil, numericOverflow()
	}
	return roundTo(&r, max(scaleOf(a), scaleOf(b))), nil
}

func specialAddSub(a, b *apd.Decimal, sub bool) *apd.Decimal {
	if isNaN(a) || isNaN(b) {
		return decNaN
	}
	bneg := b.Negative
	if sub {
		bneg = !bneg
	}
	switch {
	case isInf(a) && isInf(b):
		if a.Negative == bneg {
			return a
		}
		return decNaN
	case isInf(a):
		return a
	default:
		if bneg {
			return decNegInf
		}
		return decPosInf
	}
}

// NumericMul returns a*b with scale s1+s2 (capped at the maximum).
func NumericMul(a, b *apd.Decimal) (*apd.Decimal, error) {
	if a.Form != apd.Finite || b.Form != apd.Finite {
		if isNaN(a) || isNaN(b) {
			return decNaN, nil
		}
		if a.IsZero() || b.IsZero() {
			return decNaN, nil
		}
		if a.Negative != b.Negative {
			return decNegInf, nil
		}
		return decPosInf, nil
	}
	var r apd.Decimal
	if _, err := numericCtx.Mul(&r, a, b); err != nil {
		return nil, numericOverflow()
	}
	scale := scaleOf(a) + scaleOf(b)
	if scale > numericMaxResultScale {
		scale = numericMaxResultScale
	}
	return roundTo(&r, scale), nil
}

// base10000 returns the weight (in base-10000 digits) and the first
// base-10000 digit of a non-zero finite d, as numeric.c's internal form
// would hold them.
func base10000(d *apd.Decimal) (weight int, first int) {
	// d = coeff * 10^exp; leading decimal exponent E.
	nd := int(d.NumDigits())
	e := int(d.Exponent) + nd - 1
	w := e / 4
	if e < 0 && e%4 != 0 {
		w = (e - 3) / 4
	}
	// first digit = floor(|d| / 10000^w) mod 10000, using the top digits.
	// shift so that the group's digits are the integer part.
	lead := e - 4*w // 0..3: number of extra digits in the leading group
	s := d.Coeff.String()
	take := lead + 1
	if take > len(s) {
		v := atoiPrefix(s)
		for i := len(s); i < take; i++ {
			v *= 10
		}
		return w, v
	}
	return w, atoiPrefix(s[:take])
}

func atoiPrefix(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}

// divScale is numeric.c's select_div_scale.
func divScale(a, b *apd.Decimal) int32 {
	w1, f1, w2, f2 := 0, 0, 0, 0
	if !a.IsZero() {
		w1, f1 = base10000(a)
	}
	if !b.IsZero() {
		w2, f2 = base10000(b)
	}
	qweight := w1 - w2
	if f1 <= f2 {
		qweight--
	}
	rscale := numericMinSigDigits - qweight*4
	rscale = max(rscale, int(scaleOf(a)))
	rscale = max(rscale, int(scaleOf(b)))
	rscale = max(rscale, 0)
	rscale = min(rscale, numericMaxDisplayScale)
	return int32(rscale)
}

func divByZero() error { return pgerror.New(pgerror.DivisionByZero, "division by zero") }

// NumericDiv returns a/b with PostgreSQL's result scale.
func NumericDiv(a, b *apd.Decimal) (*apd.Decimal, error) {
	if a.Form != apd.Finite || b.Form != apd.Finite {
		if isNaN(a) || isNaN(b) {
			return decNaN, nil
		}
		if isInf(a) {
			if isInf(b) {
				return decNaN, nil
			}
			if b.IsZero() {
				return nil, divByZero()
			}
			if a.Negative != b.Negative {
				return decNegInf, nil
			}
			return decPosInf, nil
		}
		return decZero, nil // finite / infinity
	}
	if b.IsZero() {
		return nil, divByZero()
	}
	scale := divScale(a, b)
	var r apd.Decimal
	c := numericCtx
	c.Precision = uint32(int(a.NumDigits()) + int(b.NumDigits()) + int(scale) + 20)
	if _, err := c.Quo(&r, a, b); err != nil {
		return nil, numericOverflow()
	}
	return roundTo(&r, scale), nil
}

// NumericMod returns a mod b (the sign of a), scale max(s1, s2).
func NumericMod(a, b *apd.Decimal) (*apd.Decimal, error) {
	if a.Form != apd.Finite || b.Form != apd.Finite {
		if isNaN(a) || isNaN(b) {
			return decNaN, nil
		}
		if isInf(a) {
			if b.IsZero() {
				return nil, divByZero()
			}
			return decNaN, nil
		}
		return a, nil
	}
	if b.IsZero() {
		return nil, divByZero()
	}
	var r apd.Decimal
	c := numericCtx
	c.Precision = uint32(int(a.NumDigits()) + int(b.NumDigits()) + 20)
	if _, err := c.Rem(&r, a, b); err != nil {
		return nil, numericOverflow()
	}
	return roundTo(&r, max(scaleOf(a), scaleOf(b))), nil
}

// NumericNeg returns -a.
func NumericNeg(a *apd.Decimal) *apd.Decimal {
	if isNaN(a) {
		return a
	}
	var r apd.Decimal
	r.Neg(a)
	if r.Form == apd.Finite && r.IsZero() {
		r.Negative = false
	}
	return &r
}

// NumericAbs returns |a|.
func NumericAbs(a *apd.Decimal) *apd.Decimal {
	var r apd.Decimal
	r.Abs(a)
	return &r
}

func numFromInt(i int64) *apd.Decimal { return apd.New(i, 0) }
