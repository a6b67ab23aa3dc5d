package types

import (
	"encoding/binary"
	"math"
	"sort"
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// Range and multirange types (PostgreSQL's utils/adt/rangetypes.c and
// multirangetypes.c). A range value is a RangeVal: PostgreSQL's flag byte
// and the two bounds, which are NULL datums when infinite and when the
// range is empty. Every RangeVal is in its type's normal form, as
// make_range leaves it: an infinite bound is never inclusive, a range
// without points is "empty", and the ranges of a discrete subtype (int4,
// int8, date) are canonicalised to [lower,upper). A multirange holds its
// non-empty ranges sorted, with overlapping and adjacent ones merged
// (multirange_canonicalize), so that equal values are equal structurally.

// OidAnyMultirange is the anymultirange pseudo-type.
const OidAnyMultirange Oid = 4537

// Range flags, PostgreSQL's (rangetypes.h); the binary format sends them.
const (
	RangeEmpty = 0x01
	RangeLBInc = 0x02
	RangeUBInc = 0x04
	RangeLBInf = 0x08
	RangeUBInf = 0x10
)

// RangeInfo describes a range type's subtype and its companion types; a
// range type and its multirange type share one.
type RangeInfo struct {
	Sub      *T
	RangeOid Oid
	MultiOid Oid
	// Canonical names the canonical function of a discrete range type
	// ("int4range_canonical"), "" when there is none.
	Canonical string
	SubDiff   string // pg_range.rngsubdiff, "" for none
	SubOpc    Oid    // pg_range.rngsubopc
}

// RangeVal is one range value; see the file comment for its invariants.
type RangeVal struct {
	Flags        byte
	Lower, Upper Datum
}

// MultirangeVal is one multirange value: its ranges, none empty, sorted
// and neither overlapping nor adjacent.
type MultirangeVal struct {
	Ranges []RangeVal
}

// NewRange returns a range datum. The caller must not modify r later.
func NewRange(r *RangeVal) Datum { return Datum{kind: KRange, p: r} }

// NewMultirange returns a multirange datum. The caller must not modify m
// later.
func NewMultirange(m *MultirangeVal) Datum { return Datum{kind: KMultirange, p: m} }

// Range returns a range datum's value, which must not be modified.
func (d Datum) Range() *RangeVal { return d.p.(*RangeVal) }

// Multirange returns a multirange datum's value, which must not be
// modified.
func (d Datum) Multirange() *MultirangeVal { return d.p.(*MultirangeVal) }

// IsEmpty reports whether r contains no points.
func (r *RangeVal) IsEmpty() bool { return r.Flags&RangeEmpty != 0 }

// LowerBound and UpperBound return r's bounds (r must not be empty).
func (r *RangeVal) LowerBound() RangeBound {
	return RangeBound{Val: r.Lower, Inf: r.Flags&RangeLBInf != 0, Inc: r.Flags&RangeLBInc != 0, Lower: true}
}

// UpperBound returns r's upper bound.
func (r *RangeVal) UpperBound() RangeBound {
	return RangeBound{Val: r.Upper, Inf: r.Flags&RangeUBInf != 0, Inc: r.Flags&RangeUBInc != 0}
}

// RangeBound is one bound of a range (PostgreSQL's RangeBound).
type RangeBound struct {
	Val   Datum
	Inf   bool
	Inc   bool
	Lower bool
}

var emptyRange = &RangeVal{Flags: RangeEmpty}

// EmptyRange returns the empty range.
func EmptyRange() Datum { return NewRange(emptyRange) }

// initRanges gives the built-in range and multirange types (generated
// from pg_range) their subtypes.
func initRanges() {
	for _, r := range pgRanges {
		info := &RangeInfo{Sub: byOid[r.subtype], RangeOid: r.typ, MultiOid: r.multi, SubOpc: r.opc}
		if r.canonical != "-" {
			info.Canonical = r.canonical
		}
		if r.subdiff != "-" {
			info.SubDiff = r.subdiff
		}
		rt, mt := byOid[r.typ], byOid[r.multi]
		rt.Family, rt.Range = FamRange, info
		mt.Family, mt.Range = FamMultirange, info
		families[r.typ], families[r.multi] = FamRange, FamMultirange
	}
	// The range pseudo-types are polymorphic.
	for _, o := range []Oid{OidAnyMultirange, 4538, 5080} {
		byOid[o].Family, families[o] = FamAny, FamAny
	}
}

// pgRange is one generated pg_range row.
type pgRange struct {
	typ, subtype, multi, opc Oid
	canonical, subdiff       string
}

// PgRangeRow is a pg_range row of a built-in range type.
type PgRangeRow struct {
	Type, Subtype, Multi, Opc Oid
	Canonical, SubDiff        string
}

// BuiltinRanges returns the pg_range rows of the built-in range types.
func BuiltinRanges() []PgRangeRow {
	out := make([]PgRangeRow, len(pgRanges))
	for i, r := range pgRanges {
		out[i] = PgRangeRow{Type: r.typ, Subtype: r.subtype, Multi: r.multi, Opc: r.opc, Canonical: r.canonical, SubDiff: r.subdiff}
	}
	return out
}

// NewRangeType returns the T of a user-defined range type (CREATE TYPE
// ... AS RANGE), of its multirange type, and of their array types.
func NewRangeType(oid Oid, name string, arrayOid Oid, multiOid Oid, multiName string, multiArrayOid Oid, info *RangeInfo) (rt, rarr, mt, marr *T) {
	align := byte('i')
	if info.Sub.Align == 'd' {
		align = 'd'
	}
	rt = &T{Oid: oid, Name: name, Family: FamRange, Category: CatRange, Len: -1, Align: align, Typmod: -1,
		ArrayOid: arrayOid, Input: "range_in", Output: "range_out", Receive: "range_recv", Send: "range_send",
		Kind: 'r', Delim: ',', Range: info}
	mt = &T{Oid: multiOid, Name: multiName, Family: FamMultirange, Category: CatRange, Len: -1, Align: align, Typmod: -1,
		ArrayOid: multiArrayOid, Input: "multirange_in", Output: "multirange_out", Receive: "multirange_recv",
		Send: "multirange_send", Kind: 'm', Delim: ',', Range: info}
	arr := func(elem *T, o Oid) *T {
		return &T{Oid: o, Name: "_" + elem.Name, Family: FamArray, Category: CatArray, Len: -1, Align: align, Typmod: -1,
			Elem: elem, Input: "array_in", Output: "array_out", Receive: "array_recv", Send: "array_send", Kind: 'b', Delim: ','}
	}
	return rt, arr(rt, arrayOid), mt, arr(mt, multiArrayOid)
}

// RangeTypeOf returns the range type of a range or multirange type.
func RangeTypeOf(t *T) *T {
	if t.Family == FamRange {
		return t
	}
	return ByOid(t.Range.RangeOid)
}

// MultirangeTypeOf returns the multirange type of a range or multirange
// type.
func MultirangeTypeOf(t *T) *T {
	if t.Family == FamMultirange {
		return t
	}
	return ByOid(t.Range.MultiOid)
}

// CompareRangeBounds orders two bounds of ranges over sub
// (range_cmp_bounds): an infinite lower bound is below everything, an
// exclusive lower bound is just above its value, an exclusive upper bound
// just below it.
func CompareRangeBounds(sub *T, b1, b2 RangeBound) int {
	switch {
	case b1.Inf && b2.Inf:
		if b1.Lower == b2.Lower {
			return 0
		}
		if b1.Lower {
			return -1
		}
		return 1
	case b1.Inf:
		if b1.Lower {
			return -1
		}
		return 1
	case b2.Inf:
		if b2.Lower {
			return 1
		}
		return -1
	}
	c := Compare(sub, b1.Val, b2.Val)
	if c != 0 {
		return c
	}
	switch {
	case !b1.Inc && !b2.Inc:
		if b1.Lower == b2.Lower {
			return 0
		}
		if b1.Lower {
			return 1
		}
		return -1
	case !b1.Inc:
		if b1.Lower {
			return 1
		}
		return -1
	case !b2.Inc:
		if b2.Lower {
			return -1
		}
		return 1
	}
	return 0
}

// compareBoundValues compares only the values of two bounds, infinite
// ones at their ends (range_cmp_bound_values).
func compareBoundValues(sub *T, b1, b2 RangeBound) int {
	if b1.Inf || b2.Inf {
		// Infinite bounds order by their ends alone; inclusive flags
		// play no part.
		b1.Inc, b2.Inc = true, true
		return CompareRangeBounds(sub, b1, b2)
	}
	return Compare(sub, b1.Val, b2.Val)
}

// MakeRange builds a range of type t from its bounds, as make_range does:
// it checks that lower <= upper, turns a range without points into the
// empty range, and canonicalises ranges of discrete subtypes.
func MakeRange(t *T, lower, upper RangeBound) (Datum, error) {
	lower.Lower, upper.Lower = true, false
	if lower.Inf {
		lower.Inc, lower.Val = false, Null
	}
	if upper.Inf {
		upper.Inc, upper.Val = false, Null
	}
	sub := t.Range.Sub
	if !lower.Inf && !upper.Inf {
		c := Compare(sub, lower.Val, upper.Val)
		if c > 0 {
			return Null, pgerror.New(pgerror.DataException, "range lower bound must be less than or equal to range upper bound")
		}
		if c == 0 && !(lower.Inc && upper.Inc) {
			return EmptyRange(), nil
		}
	}
	if t.Range.Canonical != "" {
		var err error
		if lower, upper, err = canonicalize(t, lower, upper); err != nil {
			return Null, err
		}
		if !lower.Inf && !upper.Inf && Compare(sub, lower.Val, upper.Val) == 0 && !(lower.Inc && upper.Inc) {
			return EmptyRange(), nil
		}
	}
	return NewRange(rangeOf(lower, upper)), nil
}

func rangeOf(lower, upper RangeBound) *RangeVal {
	r := &RangeVal{Lower: lower.Val, Upper: upper.Val}
	if lower.Inf {
		r.Flags |= RangeLBInf
		r.Lower = Null
	} else if lower.Inc {
		r.Flags |= RangeLBInc
	}
	if upper.Inf {
		r.Flags |= RangeUBInf
		r.Upper = Null
	} else if upper.Inc {
		r.Flags |= RangeUBInc
	}
	return r
}

// canonicalize is int4range_canonical, int8range_canonical and
// daterange_canonical: an exclusive lower bound and an inclusive upper
// bound move up by one.
func canonicalize(t *T, lower, upper RangeBound) (RangeBound, RangeBound, error) {
	step := func(v Datum) (Datum, bool, error) {
		switch t.Range.Sub.Oid {
		case OidDate:
			d := v.Date()
			if d == math.MaxInt32 || d == math.MinInt32 {
				return v, false, nil
			}
			if d+1 == math.MaxInt32 {
				return Null, false, pgerror.New(pgerror.DatetimeFieldOverflow, "date out of range")
			}
			return NewDate(d + 1), true, nil
		case OidInt4:
			if v.Int() == math.MaxInt32 {
				return Null, false, pgerror.New(pgerror.NumericValueOutOfRange, "integer out of range")
			}
		case OidInt8:
			if v.Int() == math.MaxInt64 {
				return Null, false, pgerror.New(pgerror.NumericValueOutOfRange, "bigint out of range")
			}
		}
		return NewInt(v.Int() + 1), true, nil
	}
	if !lower.Inf && !lower.Inc {
		v, ok, err := step(lower.Val)
		if err != nil {
			return lower, upper, err
		}
		if ok || t.Range.Sub.Oid != OidDate {
			lower.Val, lower.Inc = v, true
		}
	}
	if !upper.Inf && upper.Inc {
		v, ok, err := step(upper.Val)
		if err != nil {
			return lower, upper, err
		}
		if ok || t.Range.Sub.Oid != OidDate {
			upper.Val, upper.Inc = v, false
		}
	}
	return lower, upper, nil
}

// CompareRange orders two ranges of type t as range_cmp does: empty first,
// then by lower bound, then by upper bound.
func CompareRange(t *T, a, b *RangeVal) int {
	ea, eb := a.IsEmpty(), b.IsEmpty()
	switch {
	case ea && eb:
		return 0
	case ea:
		return -1
	case eb:
		return 1
	}
	sub := rangeSub(t)
	if c := CompareRangeBounds(sub, a.LowerBound(), b.LowerBound()); c != 0 {
		return c
	}
	return CompareRangeBounds(sub, a.UpperBound(), b.UpperBound())
}

// CompareMultirange orders two multiranges range by range, a prefix
// first (multirange_cmp).
func CompareMultirange(t *T, a, b *MultirangeVal) int {
	for i := 0; i < len(a.Ranges) && i < len(b.Ranges); i++ {
		if c := CompareRange(t, &a.Ranges[i], &b.Ranges[i]); c != 0 {
			return c
		}
	}
	return cmpInt(int64(len(a.Ranges)), int64(len(b.Ranges)))
}

// rangeSub returns the subtype of range or multirange type t; nil when t
// is unknown (Compare is then told no type, and compares the bounds by
// their kinds, which suffices for every built-in subtype).
func rangeSub(t *T) *T {
	if t == nil || t.Range == nil {
		return nil
	}
	return t.Range.Sub
}

// Text I/O.

func malformedRange(s, detail string) error {
	return pgerror.New(pgerror.InvalidTextRepresentation, `malformed range literal: "%s"`, s).WithDetail("%s", detail)
}

// parseRange reads a range literal (range_in, range_parse).
func parseRange(t *T, s string, c *Ctx) (Datum, error) {
	i := 0
	for i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	if len(s)-i >= 5 && strings.EqualFold(s[i:i+5], "empty") {
		i += 5
		for i < len(s) && isSpaceByte(s[i]) {
			i++
		}
		if i < len(s) {
			return Null, malformedRange(s, `Junk after "empty" key word.`)
		}
		return EmptyRange(), nil
	}
	var lower, upper RangeBound
	switch {
	case i < len(s) && s[i] == '[':
		lower.Inc = true
	case i < len(s) && s[i] == '(':
	default:
		return Null, malformedRange(s, "Missing left parenthesis or bracket.")
	}
	i++
	lstr, lInf, i, err := parseRangeBound(s, i)
	if err != nil {
		return Null, err
	}
	if i < len(s) && s[i] == ',' {
		i++
	} else {
		return Null, malformedRange(s, "Missing comma after lower bound.")
	}
	ustr, uInf, i, err := parseRangeBound(s, i)
	if err != nil {
		return Null, err
	}
	switch {
	case i < len(s) && s[i] == ']':
		upper.Inc = true
	case i < len(s) && s[i] == ')':
	default:
		return Null, malformedRange(s, "Too many commas.")
	}
	i++
	for i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	if i < len(s) {
		return Null, malformedRange(s, "Junk after right parenthesis or bracket.")
	}
	sub := t.Range.Sub
	lower.Inf, upper.Inf = lInf, uInf
	if !lInf {
		if lower.Val, err = Parse(sub, lstr, c); err != nil {
			return Null, err
		}
	}
	if !uInf {
		if upper.Val, err = Parse(sub, ustr, c); err != nil {
			return Null, err
		}
	}
	return MakeRange(t, lower, upper)
}

// parseRangeBound reads one bound from s at i (range_parse_bound): an
// empty bound is infinite; double quotes and backslashes quote.
func parseRangeBound(s string, i int) (string, bool, int, error) {
	if i < len(s) && (s[i] == ',' || s[i] == ')' || s[i] == ']') {
		return "", true, i, nil
	}
	var b strings.Builder
	inQuote := false
	for inQuote || !(i < len(s) && (s[i] == ',' || s[i] == ')' || s[i] == ']')) {
		if i >= len(s) {
			return "", false, i, malformedRange(s, "Unexpected end of input.")
		}
		ch := s[i]
		i++
		switch {
		case ch == '\\':
			if i >= len(s) {
				return "", false, i, malformedRange(s, "Unexpected end of input.")
			}
			b.WriteByte(s[i])
			i++
		case ch == '"':
			switch {
			case !inQuote:
				inQuote = true
			case i < len(s) && s[i] == '"':
				b.WriteByte('"')
				i++
			default:
				inQuote = false
			}
		default:
			b.WriteByte(ch)
		}
	}
	return b.String(), false, i, nil
}

// FormatRange appends the text form of a range (range_out).
func FormatRange(buf []byte, t *T, r *RangeVal, c *Ctx) []byte {
	if r.IsEmpty() {
		return append(buf, "empty"...)
	}
	if r.Flags&RangeLBInc != 0 {
		buf = append(buf, '[')
	} else {
		buf = append(buf, '(')
	}
	sub := rangeSub(t)
	if r.Flags&RangeLBInf == 0 {
		buf = appendRangeBound(buf, string(Format(nil, sub, r.Lower, c)))
	}
	buf = append(buf, ',')
	if r.Flags&RangeUBInf == 0 {
		buf = appendRangeBound(buf, string(Format(nil, sub, r.Upper, c)))
	}
	if r.Flags&RangeUBInc != 0 {
		return append(buf, ']')
	}
	return append(buf, ')')
}

// appendRangeBound quotes a bound's text as range_bound_escape does.
func appendRangeBound(buf []byte, v string) []byte {
	quote := v == ""
	for i := 0; i < len(v) && !quote; i++ {
		switch ch := v[i]; ch {
		case '"', '\\', '(', ')', '[', ']', ',':
			quote = true
		default:
			quote = isSpaceByte(ch)
		}
	}
	if quote {
		buf = append(buf, '"')
	}
	for i := 0; i < len(v); i++ {
		if v[i] == '"' || v[i] == '\\' {
			buf = append(buf, v[i])
		}
		buf = append(buf, v[i])
	}
	if quote {
		buf = append(buf, '"')
	}
	return buf
}

func malformedMultirange(s, detail string) error {
	return pgerror.New(pgerror.InvalidTextRepresentation, `malformed multirange literal: "%s"`, s).WithDetail("%s", detail)
}

// parseMultirange reads a multirange literal (multirange_in): braces
// around comma-separated range literals.
func parseMultirange(t *T, s string, c *Ctx) (Datum, error) {
	rt := RangeTypeOf(t)
	i := 0
	for i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	if i >= len(s) || s[i] != '{' {
		return Null, malformedMultirange(s, "Missing left brace.")
	}
	i++
	const (
		before = iota
		inRange
		inRangeEscaped
		inRangeQuoted
		inRangeQuotedEscaped
		after
		finished
	)
	state, seen, start := before, 0, 0
	var ranges []RangeVal
	for ; state != finished; i++ {
		if i >= len(s) {
			return Null, malformedMultirange(s, "Unexpected end of input.")
		}
		ch := s[i]
		if isSpaceByte(ch) {
			continue
		}
		switch state {
		case before:
			switch {
			case ch == '[' || ch == '(':
				start, state = i, inRange
			case ch == '}' && seen == 0:
				state = finished
			case len(s)-i >= 5 && strings.EqualFold(s[i:i+5], "empty"):
				seen++
				i += 4
				state = after
			default:
				return Null, malformedMultirange(s, "Expected range start.")
			}
		case inRange:
			switch ch {
			case ']', ')':
				d, err := parseRange(rt, s[start:i+1], c)
				if err != nil {
					return Null, err
				}
				seen++
				if r := d.Range(); !r.IsEmpty() {
					ranges = append(ranges, *r)
				}
				state = after
			case '"':
				state = inRangeQuoted
			case '\\':
				state = inRangeEscaped
			}
		case inRangeEscaped:
			state = inRange
		case inRangeQuoted:
			switch {
			case ch == '"' && i+1 < len(s) && s[i+1] == '"':
				i++
			case ch == '"':
				state = inRange
			case ch == '\\':
				state = inRangeQuotedEscaped
			}
		case inRangeQuotedEscaped:
			state = inRangeQuoted
		case after:
			switch ch {
			case ',':
				state = before
			case '}':
				state = finished
			default:
				return Null, malformedMultirange(s, "Expected comma or end of multirange.")
			}
		}
	}
	for i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	if i < len(s) {
		return Null, malformedMultirange(s, "Junk after closing right brace.")
	}
	return NewMultirange(CanonicalMultirange(rt, ranges)), nil
}

// FormatMultirange appends the text form of a multirange
// (multirange_out).
func FormatMultirange(buf []byte, t *T, m *MultirangeVal, c *Ctx) []byte {
	buf = append(buf, '{')
	for i := range m.Ranges {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = FormatRange(buf, t, &m.Ranges[i], c)
	}
	return append(buf, '}')
}

// Binary I/O.

// appendRangeBinary appends range_send's form: the flags, then each finite
// bound as a length and the subtype's binary form.
func appendRangeBinary(buf []byte, t *T, r *RangeVal, c *Ctx) ([]byte, error) {
	buf = append(buf, r.Flags)
	if r.IsEmpty() {
		return buf, nil
	}
	sub := rangeSub(t)
	for _, b := range []struct {
		v   Datum
		inf bool
	}{{r.Lower, r.Flags&RangeLBInf != 0}, {r.Upper, r.Flags&RangeUBInf != 0}} {
		if b.inf {
			continue
		}
		at := len(buf)
		buf = append(buf, 0, 0, 0, 0)
		var err error
		if buf, err = AppendBinary(buf, sub, b.v, c); err != nil {
			return nil, err
		}
		binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
	}
	return buf, nil
}

// parseRangeBinary reads range_recv's form.
func parseRangeBinary(t *T, b []byte, c *Ctx) (Datum, error) {
	if len(b) < 1 {
		return Null, insufficientData()
	}
	flags := b[0] & (RangeEmpty | RangeLBInc | RangeLBInf | RangeUBInc | RangeUBInf)
	b = b[1:]
	sub := rangeSub(t)
	read := func() (Datum, error) {
		if len(b) < 4 {
			return Null, insufficientData()
		}
		n := int(int32(binary.BigEndian.Uint32(b)))
		b = b[4:]
		if n < 0 || n > len(b) {
			return Null, insufficientData()
		}
		v, err := ParseBinary(sub, b[:n], c)
		b = b[n:]
		return v, err
	}
	var lower, upper RangeBound
	lower.Inf, lower.Inc = flags&RangeLBInf != 0, flags&RangeLBInc != 0
	upper.Inf, upper.Inc = flags&RangeUBInf != 0, flags&RangeUBInc != 0
	var err error
	if flags&RangeEmpty == 0 {
		if !lower.Inf {
			if lower.Val, err = read(); err != nil {
				return Null, err
			}
		}
		if !upper.Inf {
			if upper.Val, err = read(); err != nil {
				return Null, err
			}
		}
	}
	if len(b) != 0 {
		return Null, pgerror.New(pgerror.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter")
	}
	if flags&RangeEmpty != 0 {
		return EmptyRange(), nil
	}
	return MakeRange(RangeTypeOf(t), lower, upper)
}

// appendMultirangeBinary appends multirange_send's form: the number of
// ranges, then each as a length and range_send's form.
func appendMultirangeBinary(buf []byte, t *T, m *MultirangeVal, c *Ctx) ([]byte, error) {
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(m.Ranges)))
	for i := range m.Ranges {
		at := len(buf)
		buf = append(buf, 0, 0, 0, 0)
		var err error
		if buf, err = appendRangeBinary(buf, t, &m.Ranges[i], c); err != nil {
			return nil, err
		}
		binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
	}
	return buf, nil
}

// parseMultirangeBinary reads multirange_recv's form.
func parseMultirangeBinary(t *T, b []byte, c *Ctx) (Datum, error) {
	if len(b) < 4 {
		return Null, insufficientData()
	}
	n := int(binary.BigEndian.Uint32(b))
	b = b[4:]
	rt := RangeTypeOf(t)
	var ranges []RangeVal
	for i := 0; i < n; i++ {
		if len(b) < 4 {
			return Null, insufficientData()
		}
		l := int(int32(binary.BigEndian.Uint32(b)))
		b = b[4:]
		if l < 0 || l > len(b) {
			return Null, insufficientData()
		}
		d, err := parseRangeBinary(rt, b[:l], c)
		if err != nil {
			return Null, err
		}
		b = b[l:]
		if r := d.Range(); !r.IsEmpty() {
			ranges = append(ranges, *r)
		}
	}
	if len(b) != 0 {
		return Null, pgerror.New(pgerror.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter")
	}
	return NewMultirange(CanonicalMultirange(rt, ranges)), nil
}

// Range algebra (rangetypes.c). t is the range type.

// RangeOverlaps reports whether two ranges share a point (range_overlaps).
func RangeOverlaps(t *T, a, b *RangeVal) bool {
	if a.IsEmpty() || b.IsEmpty() {
		return false
	}
	sub := rangeSub(t)
	al, au, bl, bu := a.LowerBound(), a.UpperBound(), b.LowerBound(), b.UpperBound()
	if CompareRangeBounds(sub, al, bl) >= 0 && CompareRangeBounds(sub, al, bu) <= 0 {
		return true
	}
	return CompareRangeBounds(sub, bl, al) >= 0 && CompareRangeBounds(sub, bl, au) <= 0
}

// RangeContains reports whether a contains every point of b
// (range_contains).
func RangeContains(t *T, a, b *RangeVal) bool {
	if b.IsEmpty() {
		return true
	}
	if a.IsEmpty() {
		return false
	}
	sub := rangeSub(t)
	return CompareRangeBounds(sub, a.LowerBound(), b.LowerBound()) <= 0 &&
		CompareRangeBounds(sub, a.UpperBound(), b.UpperBound()) >= 0
}

// RangeContainsElem reports whether a contains the value v
// (range_contains_elem).
func RangeContainsElem(t *T, a *RangeVal, v Datum) bool {
	if a.IsEmpty() {
		return false
	}
	sub := rangeSub(t)
	if a.Flags&RangeLBInf == 0 {
		c := Compare(sub, a.Lower, v)
		if c > 0 || c == 0 && a.Flags&RangeLBInc == 0 {
			return false
		}
	}
	if a.Flags&RangeUBInf == 0 {
		c := Compare(sub, a.Upper, v)
		if c < 0 || c == 0 && a.Flags&RangeUBInc == 0 {
			return false
		}
	}
	return true
}

// BoundsAdjacent reports whether an upper bound and a lower bound touch
// with no point between them (bounds_adjacent); for discrete types the
// canonical form makes [1,3) and [3,5) adjacent.
func BoundsAdjacent(t *T, upper, lower RangeBound) bool {
	sub := rangeSub(t)
	c := compareBoundValues(sub, upper, lower)
	if c < 0 {
		if t.Range.Canonical == "" {
			return false
		}
		// A discrete range whose upper bound is just below the lower
		// bound: (x, x+1) has no point between them.
		r, err := MakeRange(t, RangeBound{Val: upper.Val, Inc: !upper.Inc}, RangeBound{Val: lower.Val, Inc: !lower.Inc})
		return err == nil && r.Range().IsEmpty()
	}
	if c == 0 {
		return upper.Inc != lower.Inc
	}
	return false
}

// RangeAdjacent reports whether two ranges touch without overlapping
// (range_adjacent).
func RangeAdjacent(t *T, a, b *RangeVal) bool {
	if a.IsEmpty() || b.IsEmpty() {
		return false
	}
	return BoundsAdjacent(t, a.UpperBound(), b.LowerBound()) || BoundsAdjacent(t, b.UpperBound(), a.LowerBound())
}

// RangeBefore reports whether a lies strictly left of b (range_before).
func RangeBefore(t *T, a, b *RangeVal) bool {
	if a.IsEmpty() || b.IsEmpty() {
		return false
	}
	return CompareRangeBounds(rangeSub(t), a.UpperBound(), b.LowerBound()) < 0
}

// RangeOverleft reports whether a does not extend to the right of b
// (range_overleft).
func RangeOverleft(t *T, a, b *RangeVal) bool {
	if a.IsEmpty() || b.IsEmpty() {
		return false
	}
	return CompareRangeBounds(rangeSub(t), a.UpperBound(), b.UpperBound()) <= 0
}

// RangeOverright reports whether a does not extend to the left of b
// (range_overright).
func RangeOverright(t *T, a, b *RangeVal) bool {
	if a.IsEmpty() || b.IsEmpty() {
		return false
	}
	return CompareRangeBounds(rangeSub(t), a.LowerBound(), b.LowerBound()) >= 0
}

func minBound(sub *T, a, b RangeBound) RangeBound {
	if CompareRangeBounds(sub, a, b) <= 0 {
		return a
	}
	return b
}

func maxBound(sub *T, a, b RangeBound) RangeBound {
	if CompareRangeBounds(sub, a, b) >= 0 {
		return a
	}
	return b
}

// RangeUnion is range_union_internal: the smallest range covering both;
// strict fails unless they overlap or touch ("result of range union would
// not be contiguous").
func RangeUnion(t *T, a, b *RangeVal, strict bool) (Datum, error) {
	if a.IsEmpty() {
		return NewRange(b), nil
	}
	if b.IsEmpty() {
		return NewRange(a), nil
	}
	if strict && !RangeOverlaps(t, a, b) && !RangeAdjacent(t, a, b) {
		return Null, pgerror.New(pgerror.DataException, "result of range union would not be contiguous")
	}
	sub := rangeSub(t)
	return MakeRange(t, minBound(sub, a.LowerBound(), b.LowerBound()), maxBound(sub, a.UpperBound(), b.UpperBound()))
}

// RangeIntersect is range_intersect_internal.
func RangeIntersect(t *T, a, b *RangeVal) (Datum, error) {
	if !RangeOverlaps(t, a, b) {
		return EmptyRange(), nil
	}
	sub := rangeSub(t)
	return MakeRange(t, maxBound(sub, a.LowerBound(), b.LowerBound()), minBound(sub, a.UpperBound(), b.UpperBound()))
}

// RangeMinus is range_minus_internal: a without b's points; it fails
// when the result would be two ranges.
func RangeMinus(t *T, a, b *RangeVal) (Datum, error) {
	if a.IsEmpty() || b.IsEmpty() {
		return NewRange(a), nil
	}
	sub := rangeSub(t)
	al, au, bl, bu := a.LowerBound(), a.UpperBound(), b.LowerBound(), b.UpperBound()
	cll := CompareRangeBounds(sub, al, bl)
	clu := CompareRangeBounds(sub, al, bu)
	cul := CompareRangeBounds(sub, au, bl)
	cuu := CompareRangeBounds(sub, au, bu)
	if cll < 0 && cuu > 0 {
		return Null, pgerror.New(pgerror.DataException, "result of range difference would not be contiguous")
	}
	if clu > 0 || cul < 0 {
		return NewRange(a), nil
	}
	if cll >= 0 && cuu <= 0 {
		return EmptyRange(), nil
	}
	if cll <= 0 && cul >= 0 && cuu <= 0 {
		bl.Inc = !bl.Inc
		bl.Lower = false
		return MakeRange(t, al, bl)
	}
	if cll >= 0 && cuu >= 0 && clu <= 0 {
		bu.Inc = !bu.Inc
		bu.Lower = true
		return MakeRange(t, bu, au)
	}
	return Null, pgerror.New(pgerror.InternalError, "unexpected case in range_minus")
}

// rangeSplitMinus is a without b as up to two ranges
// (range_minus_multi's pieces), for multirange difference.
func rangeSplitMinus(t *T, a, b *RangeVal) ([]RangeVal, error) {
	if a.IsEmpty() {
		return nil, nil
	}
	if b.IsEmpty() || !RangeOverlaps(t, a, b) {
		return []RangeVal{*a}, nil
	}
	sub := rangeSub(t)
	var out []RangeVal
	al, au, bl, bu := a.LowerBound(), a.UpperBound(), b.LowerBound(), b.UpperBound()
	if CompareRangeBounds(sub, al, bl) < 0 {
		bl.Inc, bl.Lower = !bl.Inc, false
		d, err := MakeRange(t, al, bl)
		if err != nil {
			return nil, err
		}
		if r := d.Range(); !r.IsEmpty() {
			out = append(out, *r)
		}
	}
	if CompareRangeBounds(sub, au, bu) > 0 {
		bu.Inc, bu.Lower = !bu.Inc, true
		d, err := MakeRange(t, bu, au)
		if err != nil {
			return nil, err
		}
		if r := d.Range(); !r.IsEmpty() {
			out = append(out, *r)
		}
	}
	return out, nil
}

// CanonicalMultirange sorts ranges, drops empty ones and merges those
// that overlap or touch (multirange_canonicalize). t is the range type.
func CanonicalMultirange(t *T, ranges []RangeVal) *MultirangeVal {
	rs := make([]RangeVal, 0, len(ranges))
	for _, r := range ranges {
		if !r.IsEmpty() {
			rs = append(rs, r)
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return CompareRange(t, &rs[i], &rs[j]) < 0 })
	out := rs[:0]
	for _, r := range rs {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if RangeOverlaps(t, last, &r) || RangeAdjacent(t, last, &r) {
				u, err := RangeUnion(t, last, &r, false)
				if err == nil {
					*last = *u.Range()
					continue
				}
			}
		}
		out = append(out, r)
	}
	return &MultirangeVal{Ranges: out}
}

// MultirangeMinus returns a's points that are not in b. t is the range
// type.
func MultirangeMinus(t *T, a, b *MultirangeVal) (*MultirangeVal, error) {
	cur := append([]RangeVal(nil), a.Ranges...)
	for i := range b.Ranges {
		var next []RangeVal
		for j := range cur {
			pieces, err := rangeSplitMinus(t, &cur[j], &b.Ranges[i])
			if err != nil {
				return nil, err
			}
			next = append(next, pieces...)
		}
		cur = next
	}
	return CanonicalMultirange(t, cur), nil
}

// MultirangeIntersect returns the points in both a and b.
func MultirangeIntersect(t *T, a, b *MultirangeVal) (*MultirangeVal, error) {
	var out []RangeVal
	for i := range a.Ranges {
		for j := range b.Ranges {
			d, err := RangeIntersect(t, &a.Ranges[i], &b.Ranges[j])
			if err != nil {
				return nil, err
			}
			if r := d.Range(); !r.IsEmpty() {
				out = append(out, *r)
			}
		}
	}
	return CanonicalMultirange(t, out), nil
}

// MultirangeSpan returns the smallest range covering a multirange
// (range_merge(anymultirange)).
func MultirangeSpan(t *T, m *MultirangeVal) (Datum, error) {
	if len(m.Ranges) == 0 {
		return EmptyRange(), nil
	}
	return MakeRange(t, m.Ranges[0].LowerBound(), m.Ranges[len(m.Ranges)-1].UpperBound())
}

// appendRangeHashKey appends a key equal for equal ranges (AppendHashKey).
func appendRangeHashKey(buf []byte, t *T, r *RangeVal) []byte {
	buf = append(buf, r.Flags)
	if r.IsEmpty() {
		return buf
	}
	var sub *T
	if t != nil && t.Range != nil {
		sub = t.Range.Sub
	}
	buf = AppendHashKey(buf, sub, r.Lower)
	return AppendHashKey(buf, sub, r.Upper)
}

// castRange converts between a range type and its multirange type (the
// multirange constructor cast); ok is false for other casts.
func castRange(d Datum, src, dst *T) (Datum, bool) {
	if src.Family == FamRange && dst.Family == FamMultirange && src.Range != nil && dst.Range != nil && src.Range.RangeOid == dst.Range.RangeOid {
		return NewMultirange(CanonicalMultirange(src, []RangeVal{*d.Range()})), true
	}
	return Null, false
}
