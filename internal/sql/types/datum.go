package types

import (
	"math"

	"github.com/cockroachdb/apd/v3"
)

// Kind is the physical kind of value a Datum holds. The zero Kind is NULL,
// so the zero Datum is a SQL NULL.
type Kind uint8

// The kinds. They mirror the families that have values.
const (
	KNull Kind = iota
	KBool
	KInt
	KFloat
	KNumeric
	KString
	KBytes
	KDate
	KTime
	KTimeTZ
	KTimestamp
	KTimestampTZ
	KInterval
	KUUID
	KJSONB
	KArray
	KRecord
	KRange      // p: *RangeVal
	KMultirange // p: *MultirangeVal
)

// Datum is one SQL value. It is a small struct passed by value; a row is a
// []Datum. The meaning of its fields depends on its kind (see Family); the
// SQL type of a value is not stored in it but known from the expression or
// column that produced it.
//
// Datums are immutable: a Datum holding a pointer (numeric, interval,
// array, jsonb) must not have the pointee modified after construction, so
// Datums may be copied and shared freely.
type Datum struct {
	kind Kind
	i    int64
	s    string
	p    any
}

// Null is the SQL NULL.
var Null = Datum{}

// Datum constructors.

// NewBool returns a bool datum.
func NewBool(b bool) Datum {
	if b {
		return Datum{kind: KBool, i: 1}
	}
	return Datum{kind: KBool}
}

// DTrue and DFalse are the Boolean datums.
var (
	DTrue  = NewBool(true)
	DFalse = NewBool(false)
)

// NewInt returns an integer datum (int2, int4, int8, oid and reg* types).
func NewInt(i int64) Datum { return Datum{kind: KInt, i: i} }

// NewFloat returns a float datum (float4 values are held as float64).
func NewFloat(f float64) Datum { return Datum{kind: KFloat, i: int64(math.Float64bits(f))} }

// NewNumeric returns a numeric datum. The caller must not modify d later.
func NewNumeric(d *apd.Decimal) Datum { return Datum{kind: KNumeric, p: d} }

// NewString returns a string datum (text, varchar, bpchar, name, "char",
// json, unknown).
func NewString(s string) Datum { return Datum{kind: KString, s: s} }

// NewBytes returns a bytea datum.
func NewBytes(b string) Datum { return Datum{kind: KBytes, s: b} }

// NewDate returns a date datum: days since 2000-01-01.
func NewDate(days int32) Datum { return Datum{kind: KDate, i: int64(days)} }

// NewTime returns a time datum: microseconds since midnight.
func NewTime(us int64) Datum { return Datum{kind: KTime, i: us} }

// NewTimeTZ returns a timetz datum.
func NewTimeTZ(t TimeTZVal) Datum { return Datum{kind: KTimeTZ, p: &t} }

// NewTimestamp returns a timestamp datum: microseconds since 2000-01-01.
func NewTimestamp(us int64) Datum { return Datum{kind: KTimestamp, i: us} }

// NewTimestampTZ returns a timestamptz datum: microseconds since
// 2000-01-01 00:00 UTC.
func NewTimestampTZ(us int64) Datum { return Datum{kind: KTimestampTZ, i: us} }

// NewInterval returns an interval datum.
func NewInterval(iv IntervalVal) Datum { return Datum{kind: KInterval, p: &iv} }

// NewUUID returns a uuid datum.
func NewUUID(u [16]byte) Datum { return Datum{kind: KUUID, s: string(u[:])} }

// NewArray returns an array datum. The caller must not modify a later.
func NewArray(a *Array) Datum { return Datum{kind: KArray, p: a} }

// NewRecord returns a record datum.
func NewRecord(r *RecordVal) Datum { return Datum{kind: KRecord, p: r} }

// NewJSONB returns a jsonb datum holding a parsed document; v is owned by
// the datum.
func NewJSONB(v any) Datum { return Datum{kind: KJSONB, p: v} }

// Accessors. Each must only be called on a datum of the matching kind.

// Kind returns the datum's kind.
func (d Datum) Kind() Kind { return d.kind }

// IsNull reports whether d is NULL.
func (d Datum) IsNull() bool { return d.kind == KNull }

// Bool returns a bool datum's value.
func (d Datum) Bool() bool { return d.i != 0 }

// Int returns an integer datum's value.
func (d Datum) Int() int64 { return d.i }

// Float returns a float datum's value.
func (d Datum) Float() float64 { return math.Float64frombits(uint64(d.i)) }

// Numeric returns a numeric datum's value, which must not be modified.
func (d Datum) Numeric() *apd.Decimal { return d.p.(*apd.Decimal) }

// Str returns a string or bytea datum's content.
func (d Datum) Str() string { return d.s }

// Date returns a date datum's days since 2000-01-01.
func (d Datum) Date() int32 { return int32(d.i) }

// Micros returns the microseconds of a time, timestamp or timestamptz.
func (d Datum) Micros() int64 { return d.i }

// TimeTZ returns a timetz datum's value.
func (d Datum) TimeTZ() TimeTZVal { return *d.p.(*TimeTZVal) }

// Interval returns an interval datum's value.
func (d Datum) Interval() IntervalVal { return *d.p.(*IntervalVal) }

// UUID returns a uuid datum's bytes.
func (d Datum) UUID() (u [16]byte) {
	copy(u[:], d.s)
	return u
}

// Array returns an array datum's value, which must not be modified.
func (d Datum) Array() *Array { return d.p.(*Array) }

// Record returns a record datum's value, which must not be modified.
func (d Datum) Record() *RecordVal { return d.p.(*RecordVal) }

// JSONB returns a jsonb datum's document.
func (d Datum) JSONB() any { return d.p }

// Interval is PostgreSQL's interval: months, days and microseconds are kept
// apart because their lengths vary.
type IntervalVal struct {
	Micros int64
	Days   int32
	Months int32
}

// TimeTZ is a time of day with a zone offset. Zone is PostgreSQL's
// convention: seconds west of UTC (so UTC+2 is -7200).
type TimeTZVal struct {
	Micros int64
	Zone   int32
}

// Array is a PostgreSQL array. Elements are stored flat in row-major
// order; Dims holds the length and lower bound of each dimension. An empty
// array has no dimensions.
type Array struct {
	Elem  *T
	Dims  []ArrayDim
	Elems []Datum
}

// ArrayDim is one dimension of an array.
type ArrayDim struct {
	Len   int32
	Lower int32
}

// NewArray1 returns a one-dimensional array with lower bound 1.
func NewArray1(elem *T, elems []Datum) *Array {
	a := &Array{Elem: elem, Elems: elems}
	if len(elems) > 0 {
		a.Dims = []ArrayDim{{Len: int32(len(elems)), Lower: 1}}
	}
	return a
}

// NewVector returns an int2vector or oidvector value: a one-dimensional
// array whose subscripts start at 0, as PostgreSQL's buildint2vector and
// buildoidvector make them (pg_index.indkey[0] is the first key column).
func NewVector(elem *T, elems []Datum) *Array {
	a := &Array{Elem: elem, Elems: elems}
	if len(elems) > 0 {
		a.Dims = []ArrayDim{{Len: int32(len(elems)), Lower: 0}}
	}
	return a
}

// HasNulls reports whether any element is NULL.
func (a *Array) HasNulls() bool {
	for _, e := range a.Elems {
		if e.IsNull() {
			return true
		}
	}
	return false
}

// Record is an anonymous row value (ROW(...)).
type RecordVal struct {
	Types  []*T
	Values []Datum
}

// Row is one row of values, in the order of its columns.
type Row = []Datum
