package storage

import (
	"encoding/binary"
	"math"
	"math/big"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Key encoding. Index keys are byte strings whose order is the order of
// the values they encode (PostgreSQL's btree ordering for each type, with
// NULLs last in ascending columns), so a range scan of the key-value
// store is an index range scan. See README.md in this package.

// Markers that start each encoded value.
const (
	markInt      = 0x20
	markFloat    = 0x21
	markNumeric  = 0x22
	markBytes    = 0x23
	markBool     = 0x24
	markUUID     = 0x25
	markInterval = 0x26
	markNull     = 0xF0
)

// tablePrefix returns the key prefix of one index of a table.
func indexPrefix(table, index types.Oid) []byte {
	// Room for the prefix (9 bytes) and a key column or two after it.
	return appendIndexPrefix(make([]byte, 0, 32), table, index)
}

// appendIndexPrefix appends the key prefix of one index of a table.
func appendIndexPrefix(b []byte, table, index types.Oid) []byte {
	b = append(b, 0x02)
	b = binary.BigEndian.AppendUint32(b, uint32(table))
	return binary.BigEndian.AppendUint32(b, uint32(index))
}

// tableSpan returns the span holding all of a table's indexes.
func tableSpan(table types.Oid) (start, end []byte) {
	start = binary.BigEndian.AppendUint32([]byte{0x02}, uint32(table))
	end = binary.BigEndian.AppendUint32([]byte{0x02}, uint32(table)+1)
	return start, end
}

// PrefixEnd returns the smallest key greater than every key with prefix p.
func PrefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// Keyable reports whether values of type t can be index keys.
func Keyable(t *types.T) bool {
	switch t.Family {
	case types.FamBool, types.FamInt, types.FamFloat, types.FamNumeric, types.FamString, types.FamBytes,
		types.FamDate, types.FamTime, types.FamTimestamp, types.FamTimestampTZ, types.FamUUID, types.FamInterval, types.FamTimeTZ:
		return t.Oid != types.OidJSON && t.Oid != types.OidXML
	case types.FamRange, types.FamMultirange:
		return Keyable(t.Range.Sub)
	}
	return false
}

// ErrNotKeyable is PostgreSQL's error for a type without a btree operator
// class.
func ErrNotKeyable(t *types.T) error {
	return pgerror.New(pgerror.UndefinedObject, `data type %s has no default operator class for access method "btree"`, t.SQLNameNoTypmod()).
		WithHint("You must specify an operator class for the index or define a default operator class for the data type.")
}

// AppendKey appends the order-preserving encoding of d (of type t); desc
// inverts the order (and puts NULLs first, PostgreSQL's default for DESC).
func AppendKey(buf []byte, t *types.T, d types.Datum, desc bool) []byte {
	start := len(buf)
	buf = appendKeyAsc(buf, t, d)
	if desc {
		for i := start; i < len(buf); i++ {
			buf[i] = ^buf[i]
		}
	}
	return buf
}

func appendKeyAsc(buf []byte, t *types.T, d types.Datum) []byte {
	t = types.BaseType(t)
	if d.IsNull() {
		return append(buf, markNull)
	}
	switch d.Kind() {
	case types.KBool:
		if d.Bool() {
			return append(buf, markBool, 1)
		}
		return append(buf, markBool, 0)
	case types.KInt, types.KDate, types.KTime, types.KTimestamp, types.KTimestampTZ:
		buf = append(buf, markInt)
		return binary.BigEndian.AppendUint64(buf, uint64(d.Int())^(1<<63))
	case types.KFloat:
		return appendFloatKey(append(buf, markFloat), d.Float())
	case types.KNumeric:
		return appendNumericKey(append(buf, markNumeric), d.Numeric())
	case types.KString:
		s := d.Str()
		if t.Enum != nil {
			// Enum values sort by their labels' sort positions, which
			// never change once given.
			return appendFloatKey(append(buf, markFloat), types.EnumSortKey(t, s))
		}
		if t.Oid == types.OidBPChar {
			s = strings.TrimRight(s, " ")
		}
		if k, ok := types.SortKey(t, s); ok {
			s = string(k)
		}
		return appendBytesKey(append(buf, markBytes), s)
	case types.KBytes:
		return appendBytesKey(append(buf, markBytes), d.Str())
	case types.KUUID:
		return append(append(buf, markUUID), d.Str()...)
	case types.KInterval:
		span := types.IntervalSpan(d.Interval())
		return appendBigKey(append(buf, markInterval), span)
	case types.KRange:
		return appendRangeKey(append(buf, markRange), t, d.Range())
	case types.KMultirange:
		return appendMultirangeKey(append(buf, markRange), t, d.Multirange())
	case types.KTimeTZ:
		tz := d.TimeTZ()
		buf = append(buf, markInt)
		buf = binary.BigEndian.AppendUint64(buf, uint64(tz.Micros+int64(tz.Zone)*1e6)^(1<<63))
		return binary.BigEndian.AppendUint32(buf, uint32(tz.Zone)^(1<<31))
	}
	return append(buf, markNull)
}

func appendFloatKey(buf []byte, f float64) []byte {
	if math.IsNaN(f) {
		return append(buf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
	}
	if f == 0 {
		f = 0 // -0 sorts with 0
	}
	u := math.Float64bits(f)
	if u&(1<<63) != 0 {
		u = ^u
	} else {
		u |= 1 << 63
	}
	return binary.BigEndian.AppendUint64(buf, u)
}

// appendBytesKey escapes zero bytes (0x00 -> 0x00 0xFF) and terminates
// with 0x00 0x01, so a string sorts before its extensions.
func appendBytesKey(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		buf = append(buf, c)
		if c == 0 {
			buf = append(buf, 0xff)
		}
	}
	return append(buf, 0x00, 0x01)
}

// appendNumericKey: a class byte (-Inf, negative, zero, positive, +Inf,
// NaN), then for finite non-zero values the decimal exponent and the
// digits, inverted for negatives.
func appendNumericKey(buf []byte, d *apd.Decimal) []byte {
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return append(buf, 0x06)
	case apd.Infinite:
		if d.Negative {
			return append(buf, 0x00)
		}
		return append(buf, 0x05)
	}
	if d.IsZero() {
		return append(buf, 0x03)
	}
	digits := strings.TrimRight(d.Coeff.String(), "0")
	exp := int32(d.NumDigits()) + d.Exponent // position of the decimal point
	if d.Negative {
		buf = append(buf, 0x02)
		buf = binary.BigEndian.AppendUint32(buf, ^(uint32(exp) ^ (1 << 31)))
		for i := 0; i < len(digits); i++ {
			buf = append(buf, ^(digits[i] - '0' + 1))
		}
		return append(buf, 0xff)
	}
	buf = append(buf, 0x04)
	buf = binary.BigEndian.AppendUint32(buf, uint32(exp)^(1<<31))
	for i := 0; i < len(digits); i++ {
		buf = append(buf, digits[i]-'0'+1)
	}
	return append(buf, 0x00)
}

func appendBigKey(buf []byte, v *big.Int) []byte {
	// 16-byte two's complement, sign bit flipped.
	var b [16]byte
	abs := new(big.Int).Abs(v)
	abs.FillBytes(b[:])
	if v.Sign() < 0 {
		// two's complement
		carry := true
		for i := 15; i >= 0; i-- {
			b[i] = ^b[i]
			if carry {
				b[i]++
				carry = b[i] == 0
			}
		}
	}
	b[0] ^= 0x80
	return append(buf, b[:]...)
}
