package types

import (
	"encoding/binary"
	"math/big"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// Numeric values at the edges of PostgreSQL's range (utils/adt/numeric.c):
// up to 131072 digits before the decimal point and 16383 after it. apd's
// own arithmetic stops at adjusted exponents of 100000 and its contexts at
// a precision, so input and the binary format build such values from their
// coefficients directly instead of through a context.

// The limits of numeric's storage format.
const (
	numericMaxIntDigits = 131072 // NUMERIC_WEIGHT_MAX+1 base-10000 digits
	numericMaxDscale    = 16383  // NUMERIC_DSCALE_MAX
)

func numericOverflow() error {
	return pgerror.New(pgerror.NumericValueOutOfRange, "value overflows numeric format")
}

var bigTen = big.NewInt(10)

func pow10(n int) *big.Int { return new(big.Int).Exp(bigTen, big.NewInt(int64(n)), nil) }

// rescaleNumeric returns coeff×10^exp with exponent newExp: the
// coefficient is multiplied up, or divided down truncating toward zero
// (trunc_var), without any precision limit.
func rescaleNumeric(coeff *big.Int, exp, newExp int, negative bool) *apd.Decimal {
	c := new(big.Int).Set(coeff)
	switch {
	case exp > newExp:
		c.Mul(c, pow10(exp-newExp))
	case exp < newExp:
		c.Quo(c, pow10(newExp-exp))
	}
	d := &apd.Decimal{Exponent: int32(newExp), Negative: negative && c.Sign() != 0}
	d.Coeff.SetMathBigInt(c)
	return d
}

// checkNumericRange fails as PostgreSQL's make_result does for a value
// with too many digits before the decimal point, or too many after it.
func checkNumericRange(d *apd.Decimal) error {
	if d.Form != apd.Finite {
		return nil
	}
	if d.Exponent < -numericMaxDscale {
		return numericOverflow()
	}
	if !d.IsZero() && int64(d.NumDigits())+int64(d.Exponent) > numericMaxIntDigits {
		return numericOverflow()
	}
	return nil
}

// parseNumericText reads numeric input that apd's parser refuses for the
// size of its exponent: digits with an optional point and exponent
// (syntax already checked by validNumericSyntax).
func parseNumericText(v string) (*apd.Decimal, error) {
	neg := false
	if v[0] == '+' || v[0] == '-' {
		neg = v[0] == '-'
		v = v[1:]
	}
	mant, expText, hasExp := strings.Cut(strings.ToLower(v), "e")
	exp := int64(0)
	if hasExp {
		e, err := strconv.ParseInt(expText, 10, 64)
		if err != nil || e > 10*numericMaxIntDigits || e < -10*numericMaxIntDigits {
			return nil, numericOverflow()
		}
		exp = e
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	exp -= int64(len(frac))
	coeff, ok := new(big.Int).SetString(strings.TrimLeft(intPart+frac, "0")+"0", 10)
	if !ok {
		return nil, syntaxError(Numeric, v)
	}
	coeff.Quo(coeff, bigTen) // the appended "0" keeps an all-zero string valid
	digits := len(coeff.String())
	if coeff.Sign() != 0 && int64(digits)+exp > numericMaxIntDigits {
		return nil, numericOverflow()
	}
	if exp < -numericMaxDscale {
		return nil, numericOverflow()
	}
	newExp := int(exp)
	if newExp > 0 {
		newExp = 0
	}
	return rescaleNumeric(coeff, int(exp), newExp, neg), nil
}

// parseNumericBinary is numeric_recv: base-10000 digits (as many as
// 65535) with a weight, a sign and a display scale; digits the display
// scale hides are truncated away, as numeric_recv does.
func parseNumericBinary(b []byte) (*apd.Decimal, error) {
	if len(b) < 8 {
		return nil, insufficientData()
	}
	ndigits := int(binary.BigEndian.Uint16(b))
	weight := int(int16(binary.BigEndian.Uint16(b[2:])))
	sign := binary.BigEndian.Uint16(b[4:])
	dscale := int(binary.BigEndian.Uint16(b[6:]))
	if len(b) != 8+2*ndigits {
		return nil, insufficientData()
	}
	switch sign {
	case numericNaN:
		return &apd.Decimal{Form: apd.NaN}, nil
	case numericPInf:
		return &apd.Decimal{Form: apd.Infinite}, nil
	case numericNInf:
		return &apd.Decimal{Form: apd.Infinite, Negative: true}, nil
	case numericPos, numericNeg:
	default:
		return nil, pgerror.New(pgerror.InvalidBinaryRepresentation, "invalid sign in external \"numeric\" value")
	}
	if dscale > numericMaxDscale {
		return nil, pgerror.New(pgerror.InvalidBinaryRepresentation, "invalid scale in external \"numeric\" value")
	}
	// The digits as decimal text, which big.Int reads far faster than
	// it multiplies up word by word.
	text := make([]byte, 0, 4*ndigits+1)
	for i := 0; i < ndigits; i++ {
		dg := binary.BigEndian.Uint16(b[8+2*i:])
		if dg >= 10000 {
			return nil, pgerror.New(pgerror.InvalidBinaryRepresentation, "invalid digit in external \"numeric\" value")
		}
		text = append(text, byte('0'+dg/1000), byte('0'+dg/100%10), byte('0'+dg/10%10), byte('0'+dg%10))
	}
	coeff := new(big.Int)
	if ndigits > 0 {
		coeff.SetString(string(text), 10)
	}
	// value = coeff × 10000^(weight - ndigits + 1), shown with dscale
	// digits after the point.
	d := rescaleNumeric(coeff, 4*(weight-ndigits+1), -dscale, sign == numericNeg)
	if err := checkNumericRange(d); err != nil {
		return nil, err
	}
	return d, nil
}

// appendNumericBinary writes numeric_send's format: base-10000 digits
// with a weight, sign and display scale.
func appendNumericBinary(buf []byte, d *apd.Decimal) []byte {
	header := func(ndigits, weight int, sign uint16, dscale int) {
		buf = binary.BigEndian.AppendUint16(buf, uint16(ndigits))
		buf = binary.BigEndian.AppendUint16(buf, uint16(int16(weight)))
		buf = binary.BigEndian.AppendUint16(buf, sign)
		buf = binary.BigEndian.AppendUint16(buf, uint16(dscale))
	}
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		header(0, 0, numericNaN, 0)
		return buf
	case apd.Infinite:
		if d.Negative {
			header(0, 0, numericNInf, 0)
		} else {
			header(0, 0, numericPInf, 0)
		}
		return buf
	}
	dscale := NumericScale(d)
	// The coefficient's decimal digits, padded so that the point falls
	// on a base-10000 digit boundary: exp zeros on the right when the
	// exponent is positive, enough for a multiple of 4 fraction digits
	// otherwise, then zeros on the left to a multiple of 4 digits.
	digits := d.Coeff.MathBigInt().Text(10)
	if digits == "0" {
		header(0, 0, numericPos, dscale)
		return buf
	}
	exp := int(d.Exponent)
	if exp > 0 {
		digits += strings.Repeat("0", exp)
		exp = 0
	}
	if pad := (-exp) % 4; pad != 0 {
		digits += strings.Repeat("0", 4-pad)
		exp -= 4 - pad
	}
	if lead := len(digits) % 4; lead != 0 {
		digits = strings.Repeat("0", 4-lead) + digits
	}
	words := make([]uint16, 0, len(digits)/4)
	for i := 0; i < len(digits); i += 4 {
		w := uint16(digits[i]-'0')*1000 + uint16(digits[i+1]-'0')*100 + uint16(digits[i+2]-'0')*10 + uint16(digits[i+3]-'0')
		words = append(words, w)
	}
	// The lowest word has weight exp/4; strip zero words at both ends.
	low := exp / 4
	for len(words) > 0 && words[len(words)-1] == 0 {
		words = words[:len(words)-1]
		low++
	}
	for len(words) > 0 && words[0] == 0 {
		words = words[1:]
	}
	weight := low + len(words) - 1
	sign := uint16(numericPos)
	if d.Negative {
		sign = numericNeg
	}
	header(len(words), weight, sign, dscale)
	for _, w := range words {
		buf = binary.BigEndian.AppendUint16(buf, w)
	}
	return buf
}
