package types

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/big"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// Compare orders two non-NULL values of type t as PostgreSQL's default
// btree operator class does: -1, 0 or +1. Floats and numerics sort NaN
// above every other value and treat NaN as equal to itself; text compares
// bytes (the C collation); bpchar ignores trailing spaces.
func Compare(t *T, a, b Datum) int {
	if t != nil && t.Domain != nil {
		t = BaseType(t)
	}
	switch a.kind {
	case KBool, KInt, KDate, KTime, KTimestamp, KTimestampTZ:
		if b.kind == KFloat {
			return compareFloat(float64(a.i), b.Float())
		}
		return cmpInt(a.i, b.i)
	case KFloat:
		bf := b.Float()
		if b.kind == KInt {
			bf = float64(b.i)
		}
		return compareFloat(a.Float(), bf)
	case KNumeric:
		return CompareNumeric(a.Numeric(), b.Numeric())
	case KString:
		if t != nil && t.Enum != nil {
			return compareEnum(t, a.s, b.s)
		}
		if t != nil {
			if c, ok := compareTextKept(t, a.s, b.s); ok {
				return c
			}
		}
		if t != nil && t.Oid == OidBPChar {
			return strings.Compare(strings.TrimRight(a.s, " "), strings.TrimRight(b.s, " "))
		}
		if t != nil && t.Oid == OidJSON {
			return strings.Compare(a.s, b.s)
		}
		return strings.Compare(a.s, b.s)
	case KBytes, KUUID:
		return strings.Compare(a.s, b.s)
	case KTimeTZ:
		x, y := a.TimeTZ(), b.TimeTZ()
		// Compare the UTC instants, then the zones.
		ux, uy := x.Micros+int64(x.Zone)*1e6, y.Micros+int64(y.Zone)*1e6
		if c := cmpInt(ux, uy); c != 0 {
			return c
		}
		return cmpInt(int64(x.Zone), int64(y.Zone))
	case KInterval:
		return CompareInterval(a.Interval(), b.Interval())
	case KJSONB:
		if JSON_ != nil {
			return JSON_.Compare(a, b)
		}
	case KArray:
		return compareArray(a.Array(), b.Array())
	case KRange:
		return CompareRange(t, a.Range(), b.Range())
	case KMultirange:
		return CompareMultirange(t, a.Multirange(), b.Multirange())
	case KGeo:
		return compareGeo(t, a.Geo(), b.Geo())
	case KRecord:
		ra, rb := a.Record(), b.Record()
		for i := 0; i < len(ra.Values) && i < len(rb.Values); i++ {
			if c := CompareNullsLast(ra.Types[i], ra.Values[i], rb.Values[i]); c != 0 {
				return c
			}
		}
		return cmpInt(int64(len(ra.Values)), int64(len(rb.Values)))
	}
	return 0
}

// CompareNullsLast is Compare extended to NULLs, which sort after every
// value (the default for ascending order).
func CompareNullsLast(t *T, a, b Datum) int {
	switch {
	case a.IsNull() && b.IsNull():
		return 0
	case a.IsNull():
		return 1
	case b.IsNull():
		return -1
	}
	return Compare(t, a, b)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func compareFloat(a, b float64) int {
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// CompareNumeric orders numerics with NaN above +Infinity.
func CompareNumeric(a, b *apd.Decimal) int {
	an, bn := a.Form == apd.NaN || a.Form == apd.NaNSignaling, b.Form == apd.NaN || b.Form == apd.NaNSignaling
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	}
	return a.Cmp(b)
}

// IntervalSpan returns an interval's length in microseconds with 30-day
// months and 24-hour days, as PostgreSQL compares intervals, as a 128-bit
// value split into high and low words.
func IntervalSpan(iv IntervalVal) *big.Int {
	days := int64(iv.Months)*30 + int64(iv.Days)
	v := big.NewInt(days)
	v.Mul(v, big.NewInt(86400000000))
	return v.Add(v, big.NewInt(iv.Micros))
}

// CompareInterval orders intervals by their span.
func CompareInterval(a, b IntervalVal) int {
	if a == b {
		return 0
	}
	return IntervalSpan(a).Cmp(IntervalSpan(b))
}

func compareArray(a, b *Array) int {
	n := len(a.Elems)
	if len(b.Elems) < n {
		n = len(b.Elems)
	}
	et := a.Elem
	for i := 0; i < n; i++ {
		if c := CompareNullsLast(et, a.Elems[i], b.Elems[i]); c != 0 {
			return c
		}
	}
	if c := cmpInt(int64(len(a.Elems)), int64(len(b.Elems))); c != 0 {
		return c
	}
	if c := cmpInt(int64(len(a.Dims)), int64(len(b.Dims))); c != 0 {
		return c
	}
	for i := range a.Dims {
		if c := cmpInt(int64(a.Dims[i].Len), int64(b.Dims[i].Len)); c != 0 {
			return c
		}
		if c := cmpInt(int64(a.Dims[i].Lower), int64(b.Dims[i].Lower)); c != 0 {
			return c
		}
	}
	return 0
}

// Equal reports whether two non-NULL values of type t are equal.
func Equal(t *T, a, b Datum) bool { return Compare(t, a, b) == 0 }

// AppendHashKey appends a byte string that is equal for two values exactly
// when Equal says they are, for hashing (hash joins, hash aggregation,
// DISTINCT). NULL gets its own key, distinct from every value.
func AppendHashKey(buf []byte, t *T, d Datum) []byte {
	buf = append(buf, byte(d.kind))
	switch d.kind {
	case KNull:
	case KBool, KInt, KDate, KTime, KTimestamp, KTimestampTZ:
		buf = binary.BigEndian.AppendUint64(buf, uint64(d.i))
	case KFloat:
		f := d.Float()
		switch {
		case math.IsNaN(f):
			f = math.NaN()
		case f == 0:
			f = 0
		}
		buf = binary.BigEndian.AppendUint64(buf, math.Float64bits(f))
	case KNumeric:
		n := d.Numeric()
		if n.Form == apd.Finite {
			var r apd.Decimal
			r.Reduce(n)
			if r.IsZero() {
				r.Negative = false
				r.Exponent = 0
			}
			buf = r.Append(buf, 'e')
		} else {
			buf = AppendNumeric(buf, n)
		}
	case KString:
		s := d.s
		if t != nil && t.Oid == OidBPChar {
			s = strings.TrimRight(s, " ")
		}
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(s)))
		buf = append(buf, s...)
	case KBytes, KUUID:
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(d.s)))
		buf = append(buf, d.s...)
	case KTimeTZ:
		tz := d.TimeTZ()
		buf = binary.BigEndian.AppendUint64(buf, uint64(tz.Micros))
		buf = binary.BigEndian.AppendUint32(buf, uint32(tz.Zone))
	case KInterval:
		span := IntervalSpan(d.Interval())
		buf = append(buf, byte(span.Sign()+1))
		b := span.Bytes()
		buf = append(buf, byte(len(b)))
		buf = append(buf, b...)
	case KJSONB:
		if h, ok := JSON_.(JSONHashKeyer); ok {
			buf = h.AppendHashKey(buf, d)
		} else if JSON_ != nil {
			buf = JSON_.Format(buf, t, d)
			buf = append(buf, 0)
		}
	case KArray:
		a := d.Array()
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(a.Elems)))
		for _, dim := range a.Dims {
			buf = binary.BigEndian.AppendUint32(buf, uint32(dim.Len))
			buf = binary.BigEndian.AppendUint32(buf, uint32(dim.Lower))
		}
		for _, e := range a.Elems {
			buf = AppendHashKey(buf, a.Elem, e)
		}
	case KRecord:
		r := d.Record()
		for i, v := range r.Values {
			buf = AppendHashKey(buf, r.Types[i], v)
		}
	case KRange:
		buf = appendRangeHashKey(buf, t, d.Range())
	case KMultirange:
		m := d.Multirange()
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(m.Ranges)))
		for i := range m.Ranges {
			buf = appendRangeHashKey(buf, t, &m.Ranges[i])
		}
	case KGeo:
		g := AppendGeoBinary(nil, t, d.Geo())
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(g)))
		buf = append(buf, g...)
	}
	return buf
}

// JSONHashKeyer is implemented by a JSONIO whose text output can differ
// for equal jsonb values (1 and 1.0): it appends a key that is equal
// exactly when the values are, for AppendHashKey.
type JSONHashKeyer interface {
	AppendHashKey(buf []byte, d Datum) []byte
}

// RowsEqualKey reports whether two hash keys are equal.
func RowsEqualKey(a, b []byte) bool { return bytes.Equal(a, b) }
