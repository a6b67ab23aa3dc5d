package types

import (
	"math"
	"strconv"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// CastContext says where a cast may be applied without being written
// (pg_cast.castcontext).
type CastContext byte

// The cast contexts, from the least to the most permissive requirement.
const (
	CastImplicit   CastContext = 'i' // in any expression
	CastAssignment CastContext = 'a' // when assigning to a column
	CastExplicit   CastContext = 'e' // only with CAST or ::
)

// Allows reports whether a cast of context c may be applied in context
// want: an implicit cast is allowed everywhere, an assignment cast in
// assignment and explicit contexts.
func (c CastContext) Allows(want CastContext) bool {
	switch c {
	case CastImplicit:
		return true
	case CastAssignment:
		return want == CastAssignment || want == CastExplicit
	}
	return want == CastExplicit
}

type castKey struct{ src, dst Oid }

// CastInfo describes a cast between two types.
type CastInfo struct {
	Context CastContext
	// Method is 'f' (a conversion function), 'b' (binary coercible: the
	// value is unchanged) or 'i' (through the text representation).
	Method   byte
	FuncOid  Oid
	FuncName string
}

var castTable map[castKey]CastInfo

func initCasts() {
	castTable = make(map[castKey]CastInfo, len(pgCasts))
	for _, c := range pgCasts {
		castTable[castKey{c.source, c.target}] = CastInfo{Context: CastContext(c.context), Method: c.method, FuncOid: c.funcOid, FuncName: c.funcName}
	}
}

// FindCast returns how a value of type src converts to dst, following
// PostgreSQL's find_coercion_pathway: the pg_cast entry if there is one,
// element-wise for arrays, and conversion through text otherwise (an
// assignment cast to string types, an explicit cast from them).
func FindCast(src, dst *T) (CastInfo, bool) {
	if src.Oid == dst.Oid {
		return CastInfo{Context: CastImplicit, Method: 'b'}, true
	}
	// A domain converts as its base type does, both ways; a domain to its
	// base type is binary coercible.
	if src.Domain != nil {
		return FindCast(src.Domain.Base, dst)
	}
	if dst.Domain != nil {
		return FindCast(src, dst.Domain.Base)
	}
	// A record converts to a composite type field by field (PostgreSQL
	// allows it for row constructors, coerce_record_to_complex).
	if dst.Kind == 'c' && src.Family == FamRecord && src.Kind != 'c' {
		return CastInfo{Context: CastImplicit, Method: 'f'}, true
	}
	// A composite value is a record (to the record functions and
	// operators).
	if src.Kind == 'c' && dst.Oid == OidRecord {
		return CastInfo{Context: CastImplicit, Method: 'b'}, true
	}
	if ci, ok := castTable[castKey{src.Oid, dst.Oid}]; ok {
		return ci, true
	}
	if src.Family == FamArray && dst.Family == FamArray && src.Elem != nil && dst.Elem != nil {
		if ci, ok := FindCast(src.Elem, dst.Elem); ok {
			return CastInfo{Context: ci.Context, Method: 'f'}, true
		}
		return CastInfo{}, false
	}
	if src.Oid == OidUnknown {
		return CastInfo{Context: CastImplicit, Method: 'i'}, true
	}
	if dst.Category == CatString && src.Oid != OidRecord {
		return CastInfo{Context: CastAssignment, Method: 'i'}, true
	}
	if src.Category == CatString && dst.Family != FamVoid && !dst.IsPolymorphic() {
		return CastInfo{Context: CastExplicit, Method: 'i'}, true
	}
	return CastInfo{}, false
}

// CanCoerce reports whether src converts to dst in context want.
func CanCoerce(src, dst *T, want CastContext) bool {
	ci, ok := FindCast(src, dst)
	return ok && ci.Context.Allows(want)
}

// DateTimeCaster converts between the date/time types (and to and from
// them), installed by the date/time support package.
var DateTimeCaster func(d Datum, src, dst *T, c *Ctx) (Datum, bool, error)

// JSONCaster converts between json, jsonb and the scalar types, installed
// by the JSON support package.
var JSONCaster func(d Datum, src, dst *T, c *Ctx) (Datum, bool, error)

func intRangeError(t *T) *pgerror.Error {
	switch t.Width {
	case 16:
		return pgerror.New(pgerror.NumericValueOutOfRange, "smallint out of range")
	case 32:
		return pgerror.New(pgerror.NumericValueOutOfRange, "integer out of range")
	}
	if t.Oid == OidOid {
		return pgerror.New(pgerror.NumericValueOutOfRange, "OID out of range")
	}
	return pgerror.New(pgerror.NumericValueOutOfRange, "bigint out of range")
}

// IntRangeError returns PostgreSQL's out-of-range error for integer type t.
func IntRangeError(t *T) error { return intRangeError(t) }

// Cast converts a value of type src to type dst, applying dst's typmod.
// explicit selects the semantics of an explicit cast where they differ
// (varchar(n) truncates instead of failing).
func Cast(d Datum, src, dst *T, explicit bool, c *Ctx) (Datum, error) {
	if d.IsNull() {
		return Null, nil
	}
	if src.Oid == dst.Oid {
		return ApplyTypmod(d, dst, explicit, c)
	}
	// A domain's values are its base type's (its constraints are checked
	// by the executor's coercion to it).
	if src.Domain != nil {
		return Cast(d, src.Domain.Base, dst, explicit, c)
	}
	if dst.Domain != nil {
		return Cast(d, src, dst.Domain.Base, explicit, c)
	}
	if dst.Kind == 'c' && src.Family == FamRecord && d.Kind() == KRecord {
		return castToComposite(d, dst, explicit, c)
	}
	if dst.Oid == OidRecord && src.Family == FamRecord {
		return d, nil
	}
	if DateTimeCaster != nil {
		if v, ok, err := DateTimeCaster(d, src, dst, c); ok || err != nil {
			if err != nil {
				return Null, err
			}
			return ApplyTypmod(v, dst, explicit, c)
		}
	}
	if src.Family == FamGeo && dst.Family == FamGeo {
		if v, ok, err := castGeo(d, src, dst); ok || err != nil {
			return v, err
		}
	}
	if v, ok := castRange(d, src, dst); ok {
		return v, nil
	}
	if v, ok, err := castTextKept(d, src, dst, explicit, c); ok {
		return v, err
	}
	if JSONCaster != nil && (src.Family == FamJSONB || src.Oid == OidJSON || dst.Family == FamJSONB || dst.Oid == OidJSON) {
		if v, ok, err := JSONCaster(d, src, dst, c); ok || err != nil {
			return v, err
		}
	}
	switch src.Family {
	case FamInt:
		switch dst.Family {
		case FamInt:
			i := d.Int()
			if src.Oid == OidInt8 && dst.Oid == OidOid && (i < 0 || i > math.MaxUint32) {
				return Null, intRangeError(dst)
			}
			if dst.Oid == OidInt4 && src.Oid == OidOid {
				return NewInt(int64(int32(uint32(i)))), nil
			}
			if !IntFits(dst, i) {
				return Null, intRangeError(dst)
			}
			return NewInt(i), nil
		case FamFloat:
			f := float64(d.Int())
			if dst.Width == 32 {
				f = float64(float32(f))
			}
			return NewFloat(f), nil
		case FamNumeric:
			return ApplyNumericTypmod(apd.New(d.Int(), 0), dst.Typmod)
		case FamBool:
			return NewBool(d.Int() != 0), nil
		case FamString:
			if dst.Oid == OidChar {
				i := d.Int()
				if i < -128 || i > 127 {
					return Null, pgerror.New(pgerror.NumericValueOutOfRange, `"char" out of range`)
				}
				if i == 0 {
					return NewString(""), nil
				}
				return NewString(string([]byte{byte(i)})), nil
			}
		}
	case FamFloat:
		f := d.Float()
		switch dst.Family {
		case FamInt:
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return Null, intRangeError(dst)
			}
			r := math.RoundToEven(f)
			if r < math.MinInt64 || r >= math.MaxInt64 || !IntFits(dst, int64(r)) {
				return Null, intRangeError(dst)
			}
			return NewInt(int64(r)), nil
		case FamFloat:
			if dst.Width == 32 {
				if !math.IsInf(f, 0) && !math.IsNaN(f) {
					g := float32(f)
					if math.IsInf(float64(g), 0) {
						return Null, pgerror.New(pgerror.NumericValueOutOfRange, "value out of range: overflow")
					}
					if g == 0 && f != 0 {
						return Null, pgerror.New(pgerror.NumericValueOutOfRange, "value out of range: underflow")
					}
					return NewFloat(float64(g)), nil
				}
			}
			return NewFloat(f), nil
		case FamNumeric:
			n, err := FloatToNumeric(f, src.Width)
			if err != nil {
				return Null, err
			}
			return ApplyNumericTypmod(n, dst.Typmod)
		}
	case FamNumeric:
		n := d.Numeric()
		switch dst.Family {
		case FamInt:
			i, err := NumericToInt(n, dst)
			if err != nil {
				return Null, err
			}
			return NewInt(i), nil
		case FamFloat:
			f, err := NumericToFloat(n)
			if err != nil {
				return Null, err
			}
			if dst.Width == 32 {
				g := float32(f)
				if math.IsInf(float64(g), 0) && !math.IsInf(f, 0) {
					return Null, pgerror.New(pgerror.NumericValueOutOfRange, "value out of range: overflow")
				}
				f = float64(g)
			}
			return NewFloat(f), nil
		case FamNumeric:
			return ApplyNumericTypmod(n, dst.Typmod)
		}
	case FamBool:
		if dst.Family == FamInt && dst.Oid == OidInt4 {
			if d.Bool() {
				return NewInt(1), nil
			}
			return NewInt(0), nil
		}
		// The cast to text, varchar and bpchar is booltext, which spells
		// the value out, unlike boolout's t and f.
		if dst.Family == FamString && dst.Oid != OidChar && dst.Oid != OidName {
			s := "false"
			if d.Bool() {
				s = "true"
			}
			return ApplyTypmod(NewString(s), dst, explicit, c)
		}
	case FamString, FamUnknown:
		if src.Oid == OidChar && dst.Family == FamInt {
			if d.Str() == "" {
				return NewInt(0), nil
			}
			return NewInt(int64(int8(d.Str()[0]))), nil
		}
		if dst.Enum != nil {
			// Enum input validates the label (enum_in); casts between
			// two enum types go through text and fail the same way.
			return Parse(dst, d.Str(), c)
		}
		if dst.Family == FamString || dst.Family == FamUnknown {
			s := d.Str()
			if src.Oid == OidBPChar && dst.Oid != OidBPChar {
				s = trimTrailingSpaces(s)
			}
			return CoerceString(dst, s, explicit)
		}
		return Parse(dst, d.Str(), c)
	case FamArray:
		if dst.Family == FamArray {
			a := d.Array()
			out := &Array{Elem: dst.Elem, Dims: a.Dims, Elems: make([]Datum, len(a.Elems))}
			elemDst := dst.Elem
			if dst.Typmod != -1 {
				elemDst = elemDst.WithTypmod(dst.Typmod)
			}
			for i, e := range a.Elems {
				v, err := Cast(e, src.Elem, elemDst, explicit, c)
				if err != nil {
					return Null, err
				}
				out.Elems[i] = v
			}
			return NewArray(out), nil
		}
	}
	// Conversion through text.
	if dst.Category == CatString || dst.Family == FamString {
		return CoerceString(dst, FormatString(src, d, c), explicit)
	}
	if src.Category == CatString {
		return Parse(dst, d.Str(), c)
	}
	return Null, pgerror.New(pgerror.CannotCoerce, "cannot cast type %s to %s", src.SQLNameNoTypmod(), dst.SQLName())
}

func trimTrailingSpaces(s string) string {
	i := len(s)
	for i > 0 && s[i-1] == ' ' {
		i--
	}
	return s[:i]
}

// ApplyTypmod coerces a value to its type's typmod (length, precision).
func ApplyTypmod(d Datum, t *T, explicit bool, c *Ctx) (Datum, error) {
	if d.IsNull() || t.Typmod < 0 {
		return d, nil
	}
	switch t.Family {
	case FamString:
		return CoerceString(t, d.Str(), explicit)
	case FamNumeric:
		return ApplyNumericTypmod(d.Numeric(), t.Typmod)
	case FamArray:
		a := d.Array()
		et := t.Elem.WithTypmod(t.Typmod)
		out := &Array{Elem: a.Elem, Dims: a.Dims, Elems: make([]Datum, len(a.Elems))}
		for i, e := range a.Elems {
			v, err := ApplyTypmod(e, et, explicit, c)
			if err != nil {
				return Null, err
			}
			out.Elems[i] = v
		}
		return NewArray(out), nil
	case FamTime, FamTimeTZ, FamTimestamp, FamTimestampTZ, FamInterval:
		if DateTimeCaster != nil {
			if v, ok, err := DateTimeCaster(d, t, t, c); ok || err != nil {
				return v, err
			}
		}
	}
	return d, nil
}

// FloatToNumeric converts a float as PostgreSQL's float8_numeric does: via
// its decimal representation with 15 (float4: 6) significant digits.
func FloatToNumeric(f float64, width int) (*apd.Decimal, error) {
	switch {
	case math.IsNaN(f):
		return &apd.Decimal{Form: apd.NaN}, nil
	case math.IsInf(f, 1):
		return &apd.Decimal{Form: apd.Infinite}, nil
	case math.IsInf(f, -1):
		return &apd.Decimal{Form: apd.Infinite, Negative: true}, nil
	}
	digits := 15
	if width == 32 {
		digits = 6
	}
	s := strconv.FormatFloat(f, 'g', digits, 64)
	d, _, err := apd.NewFromString(s)
	if err != nil {
		return nil, err
	}
	if d.Exponent > 0 {
		var z apd.Decimal
		NumericCtx.Quantize(&z, d, 0)
		d = &z
	}
	// %g drops trailing zeros, as PostgreSQL's output does.
	if d.IsZero() {
		d.Negative = false
	}
	return d, nil
}

// NumericToFloat converts a numeric to the nearest float64.
func NumericToFloat(n *apd.Decimal) (float64, error) {
	switch n.Form {
	case apd.NaN, apd.NaNSignaling:
		return math.NaN(), nil
	case apd.Infinite:
		if n.Negative {
			return math.Inf(-1), nil
		}
		return math.Inf(1), nil
	}
	f, err := strconv.ParseFloat(n.Text('e'), 64)
	if err != nil {
		return 0, pgerror.New(pgerror.NumericValueOutOfRange, "value out of range: overflow")
	}
	return f, nil
}

// NumericToInt rounds a numeric half away from zero to integer type t.
func NumericToInt(n *apd.Decimal, t *T) (int64, error) {
	switch n.Form {
	case apd.NaN, apd.NaNSignaling:
		return 0, pgerror.New(pgerror.FeatureNotSupported, "cannot convert NaN to %s", t.SQLNameNoTypmod())
	case apd.Infinite:
		return 0, pgerror.New(pgerror.FeatureNotSupported, "cannot convert infinity to %s", t.SQLNameNoTypmod())
	}
	var r apd.Decimal
	if _, err := NumericCtx.Quantize(&r, n, 0); err != nil {
		return 0, intRangeError(t)
	}
	i, err := r.Int64()
	if err != nil || !IntFits(t, i) {
		return 0, intRangeError(t)
	}
	return i, nil
}
