package types

import (
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// DateStyle is the output style part of the DateStyle setting.
type DateStyle uint8

// The date output styles.
const (
	DateStyleISO DateStyle = iota
	DateStyleSQL
	DateStylePostgres
	DateStyleGerman
)

// DateOrder is the field order part of DateStyle.
type DateOrder uint8

// The field orders.
const (
	DateOrderMDY DateOrder = iota
	DateOrderDMY
	DateOrderYMD
)

// IntervalStyle is the IntervalStyle setting.
type IntervalStyle uint8

// The interval styles.
const (
	IntervalPostgres IntervalStyle = iota
	IntervalPostgresVerbose
	IntervalSQLStandard
	IntervalISO8601
)

// Ctx carries the session settings that value input and output depend on.
// The zero value is PostgreSQL's defaults in UTC.
type Ctx struct {
	ExtraFloatDigits int // PostgreSQL's default is 1; set it explicitly
	DateStyle        DateStyle
	DateOrder        DateOrder
	IntervalStyle    IntervalStyle
	Location         *time.Location // nil means UTC
	ByteaEscape      bool           // bytea_output = escape
	// Now returns the transaction start time, for 'now' and friends.
	Now func() time.Time
	// Resolver looks up object names for the reg* types (regclass and
	// friends); nil outside a session.
	Resolver Resolver
}

// Resolver resolves object names of the session's catalog.
type Resolver interface {
	ResolveReg(t *T, name string) (Oid, error)
	RegName(t *T, o Oid) (string, bool)
}

// isRegType reports whether t is one of the object-identifier types
// whose text form is a name.
func isRegType(t *T) bool {
	switch t.Oid {
	case OidRegclass, OidRegtype, OidRegproc, OidRegprocedure, OidRegnamespace, OidRegrole, OidRegoper, OidRegoperator, OidRegcollation, OidRegconfig, OidRegdictionary:
		return true
	}
	return false
}

// DefaultCtx is a context with PostgreSQL's default settings in UTC.
var DefaultCtx = &Ctx{ExtraFloatDigits: 1}

// Loc returns the session time zone.
func (c *Ctx) Loc() *time.Location {
	if c == nil || c.Location == nil {
		return time.UTC
	}
	return c.Location
}

// DateTimeIO is the text input and output of the date and time types,
// installed by the date/time support package so that this package stays
// free of its large parsing code.
type DateTimeIO interface {
	Parse(t *T, s string, c *Ctx) (Datum, error)
	Format(buf []byte, t *T, d Datum, c *Ctx) []byte
}

// JSONIO is the text input and output of json and jsonb, installed by the
// JSON support package.
type JSONIO interface {
	Parse(t *T, s string) (Datum, error)
	Format(buf []byte, t *T, d Datum) []byte
	Compare(a, b Datum) int
}

// Installed external I/O; nil until installed.
var (
	DateTime DateTimeIO
	JSON_    JSONIO
)

func syntaxError(t *T, s string) *pgerror.Error {
	return pgerror.New(pgerror.InvalidTextRepresentation, `invalid input syntax for type %s: "%s"`, t.SQLNameNoTypmod(), s)
}

func rangeError(t *T, s string) *pgerror.Error {
	return pgerror.New(pgerror.NumericValueOutOfRange, `value "%s" is out of range for type %s`, s, t.SQLNameNoTypmod())
}

// SQLNameNoTypmod returns the type's SQL name without its typmod.
func (t *T) SQLNameNoTypmod() string { return t.Base().SQLName() }

// Parse converts the text representation s to a value of type t, applying
// t's typmod as an assignment would (PostgreSQL's typinput functions).
func Parse(t *T, s string, c *Ctx) (Datum, error) {
	if t.Domain != nil {
		return Parse(t.Domain.Base, s, c)
	}
	switch t.Family {
	case FamBool:
		b, ok := parseBool(s)
		if !ok {
			return Null, syntaxError(t, s)
		}
		return NewBool(b), nil
	case FamInt:
		if isRegType(t) {
			v := trimSpace(s)
			if v != "" && (v[0] < '0' || v[0] > '9') && v != "-" {
				if v == "-" {
					return NewInt(0), nil
				}
				if c != nil && c.Resolver != nil {
					o, err := c.Resolver.ResolveReg(t, v)
					if err != nil {
						return Null, err
					}
					return NewInt(int64(o)), nil
				}
				if t.Oid == OidRegtype {
					if tt := LookupName(v); tt != nil {
						return NewInt(int64(tt.Oid)), nil
					}
				}
			}
		}
		return parseInt(t, s)
	case FamFloat:
		return parseFloat(t, s)
	case FamNumeric:
		d, err := ParseNumeric(s)
		if err != nil {
			return Null, err
		}
		return ApplyNumericTypmod(d, t.Typmod)
	case FamString, FamUnknown:
		if t.Enum != nil {
			return parseEnum(t, s)
		}
		if d, ok, err := parseTextKept(t, s); ok {
			return d, err
		}
		if t.Oid == OidJSON && JSON_ != nil {
			return JSON_.Parse(t, s)
		}
		if strings.IndexByte(s, 0) >= 0 {
			return Null, pgerror.New(pgerror.CharacterNotInRepertoire, `invalid byte sequence for encoding "UTF8": 0x00`)
		}
		return CoerceString(t, s, false)
	case FamBytes:
		b, err := ParseBytea(s)
		if err != nil {
			return Null, err
		}
		return NewBytes(b), nil
	case FamUUID:
		u, ok := parseUUID(s)
		if !ok {
			return Null, syntaxError(t, s)
		}
		return NewUUID(u), nil
	case FamDate, FamTime, FamTimeTZ, FamTimestamp, FamTimestampTZ, FamInterval:
		if DateTime == nil {
			return Null, pgerror.New(pgerror.FeatureNotSupported, "type %s is not supported", t.SQLName())
		}
		return DateTime.Parse(t, s, c)
	case FamJSONB:
		if JSON_ == nil {
			return Null, pgerror.New(pgerror.FeatureNotSupported, "type %s is not supported", t.SQLName())
		}
		return JSON_.Parse(t, s)
	case FamArray:
		return ParseArray(t, s, c)
	case FamRange:
		return parseRange(t, s, c)
	case FamMultirange:
		return parseMultirange(t, s, c)
	case FamGeo:
		return ParseGeo(t, s)
	case FamVoid:
		return Null, nil
	case FamRecord:
		if t.Kind == 'c' {
			return parseComposite(t, s, c)
		}
	}
	return Null, pgerror.New(pgerror.FeatureNotSupported, "type %s is not supported", t.SQLName())
}

func parseBool(s string) (bool, bool) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v == "" {
		return false, false
	}
	switch {
	case strings.HasPrefix("true", v), strings.HasPrefix("yes", v):
		return true, true
	case strings.HasPrefix("false", v), strings.HasPrefix("no", v):
		return false, true
	case v == "on" || v == "1":
		return true, true
	case (len(v) >= 2 && strings.HasPrefix("off", v)) || v == "0":
		return false, true
	}
	return false, false
}

func trimSpace(s string) string {
	return strings.Trim(s, " \t\n\r\f\v")
}

func parseInt(t *T, s string) (Datum, error) {
	v := trimSpace(s)
	if t.Oid == OidOid || t.Oid == OidRegclass || t.Oid == OidRegtype || t.Oid == OidRegproc ||
		t.Oid == OidRegprocedure || t.Oid == OidRegnamespace || t.Oid == OidRegrole ||
		t.Oid == OidRegoper || t.Oid == OidRegoperator || t.Oid == OidXid || t.Oid == OidCid ||
		t.Oid == OidRegcollation || t.Oid == OidRegconfig || t.Oid == OidRegdictionary {
		// oidin: unsigned 32-bit, negative values wrap as strtoul does.
		i, err := strconv.ParseInt(v, 10, 64)
		if err != nil || v == "" {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return Null, rangeError(OidT, s)
			}
			return Null, syntaxError(ByOid(t.Oid), s)
		}
		if i < math.MinInt32 || i > math.MaxUint32 {
			return Null, rangeError(ByOid(t.Oid), s)
		}
		return NewInt(int64(uint32(i))), nil
	}
	if v == "" {
		return Null, syntaxError(t, s)
	}
	// PostgreSQL 15 accepts an optional sign and decimal digits only.
	digits := v
	if digits[0] == '+' || digits[0] == '-' {
		digits = digits[1:]
	}
	if digits == "" {
		return Null, syntaxError(t, s)
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return Null, syntaxError(t, s)
		}
	}
	if v[0] == '+' {
		v = v[1:]
	}
	i, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return Null, rangeError(t, s)
	}
	if !IntFits(t, i) {
		return Null, rangeError(t, s)
	}
	return NewInt(i), nil
}

// IntFits reports whether i fits the integer type t.
func IntFits(t *T, i int64) bool {
	switch t.Width {
	case 16:
		return i >= math.MinInt16 && i <= math.MaxInt16
	case 32:
		return i >= math.MinInt32 && i <= math.MaxInt32
	}
	return true
}

func parseFloat(t *T, s string) (Datum, error) {
	v := trimSpace(s)
	switch strings.ToLower(v) {
	case "nan", "+nan", "-nan":
		return NewFloat(math.NaN()), nil
	case "infinity", "+infinity", "inf", "+inf":
		return NewFloat(math.Inf(1)), nil
	case "-infinity", "-inf":
		return NewFloat(math.Inf(-1)), nil
	}
	if v == "" || strings.ContainsAny(v, "_") || strings.EqualFold(v, "+") {
		return Null, syntaxError(t, s)
	}
	bits := 64
	if t.Width == 32 {
		bits = 32
	}
	f, err := strconv.ParseFloat(v, bits)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return Null, pgerror.New(pgerror.NumericValueOutOfRange, `"%s" is out of range for type %s`, v, t.SQLNameNoTypmod())
		}
		return Null, syntaxError(t, s)
	}
	if f == 0 && hasNonZeroDigit(v) {
		// Underflow to zero is an error in PostgreSQL.
		return Null, pgerror.New(pgerror.NumericValueOutOfRange, `"%s" is out of range for type %s`, v, t.SQLNameNoTypmod())
	}
	return NewFloat(f), nil
}

func hasNonZeroDigit(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == 'e' || c == 'E' {
			return false
		}
		if c >= '1' && c <= '9' {
			return true
		}
	}
	return false
}

// CoerceString applies a string type's typmod to s: varchar(n) and char(n)
// length checks (explicit casts truncate instead of failing), char(n)
// padding, name truncation and "char"'s single byte.
func CoerceString(t *T, s string, explicit bool) (Datum, error) {
	switch t.Oid {
	case OidVarchar, OidBPChar:
		if t.Typmod < 4 {
			if t.Oid == OidBPChar {
				return NewString(s), nil
			}
			return NewString(s), nil
		}
		n := int(t.Typmod - 4)
		l := utf8.RuneCountInString(s)
		if l > n {
			cut := runePrefix(s, n)
			if !explicit && strings.TrimRight(s[len(cut):], " ") != "" {
				return Null, pgerror.New(pgerror.StringDataRightTruncation, "value too long for type %s", t.SQLName())
			}
			s = cut
			l = n
		}
		if t.Oid == OidBPChar && l < n {
			s += strings.Repeat(" ", n-l)
		}
		return NewString(s), nil
	case OidBit, OidVarbit:
		return CoerceBits(t, s, explicit)
	case OidName:
		if len(s) >= 64 {
			s = s[:clipUTF8(s, 63)]
		}
		return NewString(s), nil
	case OidChar:
		if len(s) > 1 {
			s = s[:1]
		}
		return NewString(s), nil
	}
	return NewString(s), nil
}

func runePrefix(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

func clipUTF8(s string, max int) int {
	n := max
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// ParseBytea decodes bytea input in hex (\x...) or escape format.
func ParseBytea(s string) (string, error) {
	if strings.HasPrefix(s, `\x`) {
		var out []byte
		src := s[2:]
		for i := 0; i < len(src); {
			c := src[i]
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				i++
				continue
			}
			hi, ok := unhex(c)
			if !ok {
				return "", pgerror.New(pgerror.InvalidParameterValue, `invalid hexadecimal digit: "%s"`, string(c))
			}
			if i+1 >= len(src) {
				return "", pgerror.New(pgerror.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
			}
			lo, ok := unhex(src[i+1])
			if !ok {
				return "", pgerror.New(pgerror.InvalidParameterValue, `invalid hexadecimal digit: "%s"`, string(src[i+1]))
			}
			out = append(out, hi<<4|lo)
			i += 2
		}
		return string(out), nil
	}
	var out []byte
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		if i+1 < len(s) && s[i+1] == '\\' {
			out = append(out, '\\')
			i += 2
			continue
		}
		if i+3 < len(s) && isOct(s[i+1]) && s[i+1] <= '3' && isOct(s[i+2]) && isOct(s[i+3]) {
			out = append(out, (s[i+1]-'0')<<6|(s[i+2]-'0')<<3|(s[i+3]-'0'))
			i += 4
			continue
		}
		return "", pgerror.New(pgerror.InvalidTextRepresentation, "invalid input syntax for type bytea")
	}
	return string(out), nil
}

func isOct(c byte) bool { return c >= '0' && c <= '7' }

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func parseUUID(s string) ([16]byte, bool) {
	var u [16]byte
	v := s
	braces := false
	if strings.HasPrefix(v, "{") {
		if !strings.HasSuffix(v, "}") {
			return u, false
		}
		v = v[1 : len(v)-1]
		braces = true
	}
	_ = braces
	n := 0
	for i := 0; i < len(v); {
		if n == 16 {
			return u, false
		}
		hi, ok1 := unhex(v[i])
		if i+1 >= len(v) {
			return u, false
		}
		lo, ok2 := unhex(v[i+1])
		if !ok1 || !ok2 {
			return u, false
		}
		u[n] = hi<<4 | lo
		n++
		i += 2
		// PostgreSQL allows a hyphen after any group of four hex digits.
		if i < len(v) && v[i] == '-' && n%2 == 0 && n < 16 {
			i++
		}
	}
	return u, n == 16
}

// Format appends the text representation of d (of type t) to buf, as
// PostgreSQL's typoutput functions print it. d must not be NULL.
func Format(buf []byte, t *T, d Datum, c *Ctx) []byte {
	if t != nil && t.Domain != nil {
		t = BaseType(t)
	}
	switch d.kind {
	case KBool:
		if d.i != 0 {
			return append(buf, 't')
		}
		return append(buf, 'f')
	case KInt:
		if t.Family == FamFloat {
			return FormatFloat(buf, float64(d.i), t.Width, efd(c))
		}
		if isRegType(t) {
			if c != nil && c.Resolver != nil && d.i != 0 && t.Oid != OidRegtype {
				if s, ok := c.Resolver.RegName(t, Oid(d.i)); ok {
					return append(buf, s...)
				}
			}
			if s, ok := regOutput(t, Oid(d.i)); ok {
				return append(buf, s...)
			}
		}
		return strconv.AppendInt(buf, d.i, 10)
	case KFloat:
		return FormatFloat(buf, d.Float(), t.Width, efd(c))
	case KNumeric:
		return AppendNumeric(buf, d.Numeric())
	case KString:
		if t.Oid == OidJSON && JSON_ != nil {
			return JSON_.Format(buf, t, d)
		}
		return append(buf, d.s...)
	case KBytes:
		if c != nil && c.ByteaEscape {
			return appendByteaEscape(buf, d.s)
		}
		buf = append(buf, '\\', 'x')
		return hex.AppendEncode(buf, []byte(d.s))
	case KUUID:
		return appendUUID(buf, d.s)
	case KDate, KTime, KTimeTZ, KTimestamp, KTimestampTZ, KInterval:
		if DateTime != nil {
			return DateTime.Format(buf, t, d, c)
		}
		return strconv.AppendInt(buf, d.i, 10)
	case KJSONB:
		if JSON_ != nil {
			return JSON_.Format(buf, t, d)
		}
	case KArray:
		return FormatArray(buf, t, d.Array(), c)
	case KRecord:
		return FormatRecord(buf, d.Record(), c)
	case KRange:
		return FormatRange(buf, t, d.Range(), c)
	case KMultirange:
		return FormatMultirange(buf, t, d.Multirange(), c)
	case KGeo:
		return FormatGeo(buf, t, d.Geo(), c)
	}
	return buf
}

// RegOutput renders a value of an object-identifier type (regclass,
// regproc, ...) by name; the catalog installs it. It reports false to
// print the number.
var RegOutput func(t *T, o Oid) (string, bool)

func regOutput(t *T, o Oid) (string, bool) {
	if t.Oid == OidRegtype {
		if o == 0 {
			return "-", true
		}
		if tt := ByOid(o); tt != nil {
			// format_type_be: bpchar without a typmod is "character".
			switch {
			case tt.Oid == OidBPChar:
				return "character", true
			case tt.Family == FamArray && tt.Elem != nil && tt.Elem.Oid == OidBPChar:
				return "character[]", true
			}
			return tt.SQLName(), true
		}
	}
	if RegOutput != nil {
		return RegOutput(t, o)
	}
	if o == 0 {
		return "-", true
	}
	return "", false
}

// FormatString returns the text representation of d, or "" for NULL.
func FormatString(t *T, d Datum, c *Ctx) string {
	if d.IsNull() {
		return ""
	}
	return string(Format(nil, t, d, c))
}

func efd(c *Ctx) int {
	if c == nil {
		return 1
	}
	return c.ExtraFloatDigits
}

// FormatFloat appends f as PostgreSQL's float4out/float8out print it under
// extra_float_digits: the shortest exact representation when it is
// positive, and %.{15+efd}g (%.{6+efd}g for float4) otherwise.
func FormatFloat(buf []byte, f float64, width, extraDigits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(buf, "NaN"...)
	case math.IsInf(f, 1):
		return append(buf, "Infinity"...)
	case math.IsInf(f, -1):
		return append(buf, "-Infinity"...)
	}
	bits, digits := 64, 15
	if width == 32 {
		bits, digits = 32, 6
	}
	if extraDigits > 0 {
		// Shortest representation; fixed notation for exponents in
		// [-4, digits), as PostgreSQL's ryu-based output does.
		e := strconv.AppendFloat(nil, f, 'e', -1, bits)
		mant, exp := splitExp(e)
		if exp < -4 || exp >= digits {
			return append(buf, e...)
		}
		return strconv.AppendFloat(buf, f, 'f', fracDigits(mant, exp), bits)
	}
	prec := digits + extraDigits
	if prec < 1 {
		prec = 1
	}
	return appendCg(buf, f, prec, bits)
}

// splitExp splits "d.ddde±xx" into its mantissa digits and exponent.
func splitExp(e []byte) (string, int) {
	s := string(e)
	i := strings.IndexByte(s, 'e')
	exp, _ := strconv.Atoi(s[i+1:])
	m := strings.TrimPrefix(s[:i], "-")
	return strings.Replace(m, ".", "", 1), exp
}

func fracDigits(mant string, exp int) int {
	n := len(mant) - 1 - exp
	if n < 0 {
		return 0
	}
	return n
}

// appendCg formats like C's printf("%.*g").
func appendCg(buf []byte, f float64, prec, bits int) []byte {
	e := strconv.AppendFloat(nil, f, 'e', prec-1, bits)
	_, exp := splitExp(e)
	if exp < -4 || exp >= prec {
		// Exponential: strip trailing zeros of the mantissa.
		s := string(e)
		i := strings.IndexByte(s, 'e')
		m := s[:i]
		if strings.Contains(m, ".") {
			m = strings.TrimRight(strings.TrimRight(m, "0"), ".")
		}
		return append(append(buf, m...), s[i:]...)
	}
	s := strconv.FormatFloat(f, 'f', prec-1-exp, bits)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return append(buf, s...)
}

func appendByteaEscape(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			buf = append(buf, '\\', '\\')
		case c < 0x20 || c > 0x7e:
			buf = append(buf, '\\', '0'+(c>>6), '0'+((c>>3)&7), '0'+(c&7))
		default:
			buf = append(buf, c)
		}
	}
	return buf
}

func appendUUID(buf []byte, s string) []byte {
	const hexd = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			buf = append(buf, '-')
		}
		buf = append(buf, hexd[s[i]>>4], hexd[s[i]&15])
	}
	return buf
}

// numeric support

// NumericCtx is the arithmetic context for numeric: wide enough for
// PostgreSQL's limits (131072 digits before the point, 16383 after).
var NumericCtx = apd.Context{Precision: 1000, MaxExponent: 200000, MinExponent: -200000, Traps: apd.DefaultTraps &^ apd.Inexact &^ apd.Rounded, Rounding: apd.RoundHalfUp}

// ParseNumeric parses numeric input as PostgreSQL's numeric_in does.
func ParseNumeric(s string) (*apd.Decimal, error) {
	v := trimSpace(s)
	switch strings.ToLower(v) {
	case "nan", "+nan", "-nan":
		return &apd.Decimal{Form: apd.NaN}, nil
	case "infinity", "+infinity", "inf", "+inf":
		return &apd.Decimal{Form: apd.Infinite}, nil
	case "-infinity", "-inf":
		return &apd.Decimal{Form: apd.Infinite, Negative: true}, nil
	}
	if v == "" || !validNumericSyntax(v) {
		return nil, syntaxError(Numeric, s)
	}
	d, _, err := apd.NewFromString(v)
	if err != nil {
		// Beyond apd's exponent range, within numeric's.
		if d, err = parseNumericText(v); err != nil {
			return nil, err
		}
	}
	if d.Exponent > 0 {
		// Keep numeric's convention that the scale is never negative.
		d = rescaleNumeric(d.Coeff.MathBigInt(), int(d.Exponent), 0, d.Negative)
	}
	if err := checkNumericRange(d); err != nil {
		return nil, err
	}
	if d.IsZero() {
		d.Negative = false
	}
	return d, nil
}

func validNumericSyntax(v string) bool {
	i := 0
	if v[0] == '+' || v[0] == '-' {
		i++
	}
	digits := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
		digits++
	}
	if i < len(v) && v[i] == '.' {
		i++
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(v) && (v[i] == 'e' || v[i] == 'E') {
		i++
		if i < len(v) && (v[i] == '+' || v[i] == '-') {
			i++
		}
		n := 0
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i++
			n++
		}
		if n == 0 {
			return false
		}
	}
	return i == len(v)
}

// AppendNumeric appends d in plain notation, as PostgreSQL prints numeric.
func AppendNumeric(buf []byte, d *apd.Decimal) []byte {
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return append(buf, "NaN"...)
	case apd.Infinite:
		if d.Negative {
			return append(buf, "-Infinity"...)
		}
		return append(buf, "Infinity"...)
	}
	return d.Append(buf, 'f')
}

// NumericScale returns the number of digits after the decimal point.
func NumericScale(d *apd.Decimal) int {
	if d.Exponent >= 0 {
		return 0
	}
	return int(-d.Exponent)
}

// ApplyNumericTypmod rounds d to the typmod's scale and checks its
// precision, as PostgreSQL's apply_typmod does.
func ApplyNumericTypmod(d *apd.Decimal, typmod int32) (Datum, error) {
	if typmod < 4 || d.Form != apd.Finite {
		if d.Form == apd.Infinite && typmod >= 4 {
			p, s := NumericTypmodParts(typmod)
			return Null, pgerror.New(pgerror.NumericValueOutOfRange, "numeric field overflow").
				WithDetail("A field with precision %d, scale %d cannot hold an infinite value.", p, s)
		}
		return NewNumeric(d), nil
	}
	precision, scale := NumericTypmodParts(typmod)
	var r apd.Decimal
	if _, err := NumericCtx.Quantize(&r, d, int32(-scale)); err != nil {
		return Null, pgerror.New(pgerror.NumericValueOutOfRange, "numeric field overflow")
	}
	if r.IsZero() {
		r.Negative = false
	}
	// Digits before the decimal point must fit in precision - scale.
	intDigits := int(r.NumDigits()) + int(r.Exponent)
	if !r.IsZero() && intDigits > precision-scale {
		maxDigits := precision - scale
		return Null, pgerror.New(pgerror.NumericValueOutOfRange, "numeric field overflow").
			WithDetail("A field with precision %d, scale %d must round to an absolute value less than %s.", precision, scale, tenPow(maxDigits))
	}
	return NewNumeric(&r), nil
}

func tenPow(n int) string {
	if n <= 0 {
		if n == 0 {
			return "1"
		}
		return "10^" + strconv.Itoa(n)
	}
	return "10^" + strconv.Itoa(n)
}
