package types

import (
	"encoding/binary"
	"math"
	"math/big"
	"unicode/utf8"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// AppendBinary appends the binary representation of d (of type t), as
// PostgreSQL's typsend functions produce it. d must not be NULL.
func AppendBinary(buf []byte, t *T, d Datum, c *Ctx) ([]byte, error) {
	if t.Domain != nil {
		t = BaseType(t)
	}
	switch t.Family {
	case FamBool:
		if d.Bool() {
			return append(buf, 1), nil
		}
		return append(buf, 0), nil
	case FamInt:
		switch {
		case t.Oid == OidInt2:
			return binary.BigEndian.AppendUint16(buf, uint16(d.Int())), nil
		case t.Oid == OidInt8 || t.Oid == OidXid8:
			return binary.BigEndian.AppendUint64(buf, uint64(d.Int())), nil
		default:
			return binary.BigEndian.AppendUint32(buf, uint32(d.Int())), nil
		}
	case FamFloat:
		f := d.Float()
		if d.kind == KInt {
			f = float64(d.i)
		}
		if t.Width == 32 {
			return binary.BigEndian.AppendUint32(buf, math.Float32bits(float32(f))), nil
		}
		return binary.BigEndian.AppendUint64(buf, math.Float64bits(f)), nil
	case FamNumeric:
		return appendNumericBinary(buf, d.Numeric()), nil
	case FamString, FamUnknown:
		if t.Oid == OidJSON && JSON_ != nil {
			return JSON_.Format(buf, t, d), nil
		}
		if out, ok, err := appendSpecialBinary(buf, t, d); ok {
			return out, err
		}
		return append(buf, d.Str()...), nil
	case FamBytes, FamUUID:
		return append(buf, d.Str()...), nil
	case FamDate:
		return binary.BigEndian.AppendUint32(buf, uint32(d.Date())), nil
	case FamTime, FamTimestamp, FamTimestampTZ:
		return binary.BigEndian.AppendUint64(buf, uint64(d.Micros())), nil
	case FamTimeTZ:
		tz := d.TimeTZ()
		buf = binary.BigEndian.AppendUint64(buf, uint64(tz.Micros))
		return binary.BigEndian.AppendUint32(buf, uint32(tz.Zone)), nil
	case FamInterval:
		iv := d.Interval()
		buf = binary.BigEndian.AppendUint64(buf, uint64(iv.Micros))
		buf = binary.BigEndian.AppendUint32(buf, uint32(iv.Days))
		return binary.BigEndian.AppendUint32(buf, uint32(iv.Months)), nil
	case FamJSONB:
		buf = append(buf, 1)
		return JSON_.Format(buf, t, d), nil
	case FamArray:
		return appendArrayBinary(buf, t, d.Array(), c)
	case FamRange:
		return appendRangeBinary(buf, t, d.Range(), c)
	case FamMultirange:
		return appendMultirangeBinary(buf, t, d.Multirange(), c)
	case FamGeo:
		return AppendGeoBinary(buf, t, d.Geo()), nil
	case FamRecord:
		r := d.Record()
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(r.Values)))
		for i, v := range r.Values {
			buf = binary.BigEndian.AppendUint32(buf, uint32(r.Types[i].Oid))
			if v.IsNull() {
				buf = binary.BigEndian.AppendUint32(buf, math.MaxUint32)
				continue
			}
			lenAt := len(buf)
			buf = append(buf, 0, 0, 0, 0)
			var err error
			buf, err = AppendBinary(buf, r.Types[i], v, c)
			if err != nil {
				return nil, err
			}
			binary.BigEndian.PutUint32(buf[lenAt:], uint32(len(buf)-lenAt-4))
		}
		return buf, nil
	case FamVoid:
		return buf, nil
	}
	return nil, pgerror.New(pgerror.FeatureNotSupported, "no binary output function available for type %s", t.SQLName())
}

func appendArrayBinary(buf []byte, t *T, a *Array, c *Ctx) ([]byte, error) {
	elemT := a.Elem
	if elemT == nil {
		elemT = t.Elem
	}
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(a.Dims)))
	hasNull := uint32(0)
	if a.HasNulls() {
		hasNull = 1
	}
	buf = binary.BigEndian.AppendUint32(buf, hasNull)
	buf = binary.BigEndian.AppendUint32(buf, uint32(elemT.Oid))
	for _, d := range a.Dims {
		buf = binary.BigEndian.AppendUint32(buf, uint32(d.Len))
		buf = binary.BigEndian.AppendUint32(buf, uint32(d.Lower))
	}
	for _, e := range a.Elems {
		if e.IsNull() {
			buf = binary.BigEndian.AppendUint32(buf, math.MaxUint32)
			continue
		}
		lenAt := len(buf)
		buf = append(buf, 0, 0, 0, 0)
		var err error
		buf, err = AppendBinary(buf, elemT, e, c)
		if err != nil {
			return nil, err
		}
		binary.BigEndian.PutUint32(buf[lenAt:], uint32(len(buf)-lenAt-4))
	}
	return buf, nil
}

const (
	numericPos  = 0x0000
	numericNeg  = 0x4000
	numericNaN  = 0xC000
	numericPInf = 0xD000
	numericNInf = 0xF000
)

var bigTenThousand = big.NewInt(10000)

func insufficientData() *pgerror.Error {
	return pgerror.New(pgerror.ProtocolViolation, "insufficient data left in message")
}

func badBinary(t *T) *pgerror.Error {
	return pgerror.New(pgerror.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter")
}

// DateTimeBinary is implemented by a DateTimeIO that checks binary input
// as PostgreSQL's date_recv, time_recv and friends do (ranges, the
// typmod); ParseBinary uses it for the date/time types when installed.
type DateTimeBinary interface {
	ParseBinary(t *T, b []byte) (Datum, error)
}

// ParseBinary converts a binary representation of type t (as sent in a
// Bind message) to a value, as PostgreSQL's typreceive functions do.
func ParseBinary(t *T, b []byte, c *Ctx) (Datum, error) {
	if t.Domain != nil {
		t = BaseType(t)
	}
	need := func(n int) error {
		if len(b) < n {
			return insufficientData()
		}
		if len(b) > n {
			return pgerror.New(pgerror.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter")
		}
		return nil
	}
	if bin, ok := DateTime.(DateTimeBinary); ok {
		switch t.Family {
		case FamDate, FamTime, FamTimeTZ, FamTimestamp, FamTimestampTZ, FamInterval:
			return bin.ParseBinary(t, b)
		}
	}
	if t.Kind == 'c' && t.Family == FamRecord {
		return parseCompositeBinary(t, b, c)
	}
	switch t.Family {
	case FamBool:
		if err := need(1); err != nil {
			return Null, err
		}
		return NewBool(b[0] != 0), nil
	case FamInt:
		switch {
		case t.Oid == OidInt2:
			if err := need(2); err != nil {
				return Null, err
			}
			return NewInt(int64(int16(binary.BigEndian.Uint16(b)))), nil
		case t.Oid == OidInt8 || t.Oid == OidXid8:
			if err := need(8); err != nil {
				return Null, err
			}
			return NewInt(int64(binary.BigEndian.Uint64(b))), nil
		case t.Oid == OidInt4:
			if err := need(4); err != nil {
				return Null, err
			}
			return NewInt(int64(int32(binary.BigEndian.Uint32(b)))), nil
		default:
			if err := need(4); err != nil {
				return Null, err
			}
			return NewInt(int64(binary.BigEndian.Uint32(b))), nil
		}
	case FamFloat:
		if t.Width == 32 {
			if err := need(4); err != nil {
				return Null, err
			}
			return NewFloat(float64(math.Float32frombits(binary.BigEndian.Uint32(b)))), nil
		}
		if err := need(8); err != nil {
			return Null, err
		}
		return NewFloat(math.Float64frombits(binary.BigEndian.Uint64(b))), nil
	case FamNumeric:
		d, err := parseNumericBinary(b)
		if err != nil {
			return Null, err
		}
		return ApplyNumericTypmod(d, t.Typmod)
	case FamString, FamUnknown:
		if d, ok, err := parseSpecialBinary(t, b); ok {
			return d, err
		}
		if !utf8.Valid(b) {
			return Null, pgerror.New(pgerror.CharacterNotInRepertoire, `invalid byte sequence for encoding "UTF8"`)
		}
		if t.Oid == OidJSON && JSON_ != nil {
			return JSON_.Parse(t, string(b))
		}
		return CoerceString(t, string(b), false)
	case FamBytes:
		return NewBytes(string(b)), nil
	case FamUUID:
		if err := need(16); err != nil {
			return Null, err
		}
		return Datum{kind: KUUID, s: string(b)}, nil
	case FamDate:
		if err := need(4); err != nil {
			return Null, err
		}
		return NewDate(int32(binary.BigEndian.Uint32(b))), nil
	case FamTime:
		if err := need(8); err != nil {
			return Null, err
		}
		return NewTime(int64(binary.BigEndian.Uint64(b))), nil
	case FamTimestamp:
		if err := need(8); err != nil {
			return Null, err
		}
		return NewTimestamp(int64(binary.BigEndian.Uint64(b))), nil
	case FamTimestampTZ:
		if err := need(8); err != nil {
			return Null, err
		}
		return NewTimestampTZ(int64(binary.BigEndian.Uint64(b))), nil
	case FamTimeTZ:
		if err := need(12); err != nil {
			return Null, err
		}
		return NewTimeTZ(TimeTZVal{Micros: int64(binary.BigEndian.Uint64(b)), Zone: int32(binary.BigEndian.Uint32(b[8:]))}), nil
	case FamInterval:
		if err := need(16); err != nil {
			return Null, err
		}
		return NewInterval(IntervalVal{Micros: int64(binary.BigEndian.Uint64(b)), Days: int32(binary.BigEndian.Uint32(b[8:])), Months: int32(binary.BigEndian.Uint32(b[12:]))}), nil
	case FamJSONB:
		if len(b) < 1 {
			return Null, insufficientData()
		}
		if b[0] != 1 {
			return Null, pgerror.New(pgerror.InvalidBinaryRepresentation, "unsupported jsonb version number %d", b[0])
		}
		if JSON_ == nil {
			return Null, pgerror.New(pgerror.FeatureNotSupported, "type jsonb is not supported")
		}
		return JSON_.Parse(t, string(b[1:]))
	case FamArray:
		return parseArrayBinary(t, b, c)
	case FamRange:
		return parseRangeBinary(t, b, c)
	case FamMultirange:
		return parseMultirangeBinary(t, b, c)
	case FamGeo:
		return ParseGeoBinary(t, b)
	}
	return Null, pgerror.New(pgerror.FeatureNotSupported, "no binary input function available for type %s", t.SQLName())
}

func parseArrayBinary(t *T, b []byte, c *Ctx) (Datum, error) {
	if len(b) < 12 {
		return Null, insufficientData()
	}
	ndim := int(int32(binary.BigEndian.Uint32(b)))
	elemOid := Oid(binary.BigEndian.Uint32(b[8:]))
	b = b[12:]
	if ndim < 0 || ndim > 6 {
		return Null, pgerror.New(pgerror.InvalidBinaryRepresentation, "invalid number of dimensions: %d", ndim)
	}
	elemT := t.Elem
	if elemT == nil || elemT.Oid != elemOid {
		return Null, pgerror.New(pgerror.DatatypeMismatch, "binary data has array element type %d (%s) instead of expected %d (%s)",
			elemOid, typeNameOf(elemOid), t.Elem.Oid, t.Elem.Name)
	}
	a := &Array{Elem: elemT}
	total := 1
	for i := 0; i < ndim; i++ {
		if len(b) < 8 {
			return Null, insufficientData()
		}
		n := int32(binary.BigEndian.Uint32(b))
		lb := int32(binary.BigEndian.Uint32(b[4:]))
		b = b[8:]
		a.Dims = append(a.Dims, ArrayDim{Len: n, Lower: lb})
		total *= int(n)
	}
	if ndim == 0 {
		total = 0
	}
	for i := 0; i < total; i++ {
		if len(b) < 4 {
			return Null, insufficientData()
		}
		n := int32(binary.BigEndian.Uint32(b))
		b = b[4:]
		if n == -1 {
			a.Elems = append(a.Elems, Null)
			continue
		}
		if n < 0 || int(n) > len(b) {
			return Null, insufficientData()
		}
		v, err := ParseBinary(elemT, b[:n], c)
		if err != nil {
			return Null, err
		}
		a.Elems = append(a.Elems, v)
		b = b[n:]
	}
	return NewArray(a), nil
}

func typeNameOf(o Oid) string {
	if t := ByOid(o); t != nil {
		return t.Name
	}
	return "-"
}
