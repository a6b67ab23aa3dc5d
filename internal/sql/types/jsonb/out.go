package jsonb

import (
	"math"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// Text output (PostgreSQL's JsonbToCString and escape_json).

// AppendQuoted appends s as a JSON string literal, escaping as
// PostgreSQL's escape_json does (control characters as \uXXXX, '/' and
// non-ASCII left alone).
func AppendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var esc string
		switch c {
		case '\b':
			esc = `\b`
		case '\f':
			esc = `\f`
		case '\n':
			esc = `\n`
		case '\r':
			esc = `\r`
		case '\t':
			esc = `\t`
		case '"':
			esc = `\"`
		case '\\':
			esc = `\\`
		default:
			if c >= ' ' {
				continue
			}
		}
		b = append(b, s[start:i]...)
		if esc != "" {
			b = append(b, esc...)
		} else {
			b = append(b, `\u00`...)
			b = append(b, hex2(c)...)
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// numericText formats a numeric as PostgreSQL's numeric_out does.
func numericText(d *apd.Decimal) string {
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return "NaN"
	case apd.Infinite:
		if d.Negative {
			return "-Infinity"
		}
		return "Infinity"
	}
	if d.IsZero() && d.Negative {
		c := *d
		c.Negative = false
		return c.Text('f')
	}
	return d.Text('f')
}

func appendScalar(b []byte, v *Value) []byte {
	switch v.kind {
	case Null:
		return append(b, "null"...)
	case String:
		return AppendQuoted(b, v.str)
	case Number:
		return append(b, numericText(v.num)...)
	case Bool:
		if v.b {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	}
	return b
}

// Append appends v's text form as PostgreSQL prints jsonb:
// {"a": 1, "b": [1, 2]}.
func (v *Value) Append(b []byte) []byte {
	switch v.kind {
	case Array:
		b = append(b, '[')
		for i := range v.elems {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = v.elems[i].Append(b)
		}
		return append(b, ']')
	case Object:
		b = append(b, '{')
		for i := range v.pairs {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = AppendQuoted(b, v.pairs[i].Key)
			b = append(b, ": "...)
			b = v.pairs[i].Value.Append(b)
		}
		return append(b, '}')
	}
	return appendScalar(b, v)
}

// String returns v's text form.
func (v *Value) String() string { return string(v.Append(nil)) }

// AppendText appends v as ->> and #>> return it: strings without quotes
// or escapes, other values in their JSON form. The caller handles null,
// which those operators return as SQL NULL.
func (v *Value) AppendText(b []byte) []byte {
	if v.kind == String {
		return append(b, v.str...)
	}
	return v.Append(b)
}

// Text returns v as ->> returns it; ok is false for JSON null.
func (v *Value) Text() (s string, ok bool) {
	if v.kind == Null {
		return "", false
	}
	if v.kind == String {
		return v.str, true
	}
	return v.String(), true
}

// AppendPretty appends v as jsonb_pretty prints it: four-space
// indentation, one element or pair per line.
func (v *Value) AppendPretty(b []byte) []byte {
	if v.IsScalar() {
		return appendScalar(b, v)
	}
	return appendPretty(b, v, 0, false)
}

// Pretty returns jsonb_pretty(v).
func (v *Value) Pretty() string { return string(v.AppendPretty(nil)) }

func indent(b []byte, level int) []byte {
	b = append(b, '\n')
	for i := 0; i < level*4; i++ {
		b = append(b, ' ')
	}
	return b
}

// appendPretty mirrors JsonbToCStringWorker with indentation: a container
// that is the value of a key starts on the key's line.
func appendPretty(b []byte, v *Value, level int, indentFirst bool) []byte {
	if indentFirst {
		b = indent(b, level)
	}
	switch v.kind {
	case Array:
		b = append(b, '[')
		for i := range v.elems {
			if i > 0 {
				b = append(b, ',')
			}
			e := &v.elems[i]
			if e.IsScalar() {
				b = indent(b, level+1)
				b = appendScalar(b, e)
			} else {
				b = appendPretty(b, e, level+1, true)
			}
		}
		b = indent(b, level)
		return append(b, ']')
	case Object:
		b = append(b, '{')
		for i := range v.pairs {
			if i > 0 {
				b = append(b, ',')
			}
			b = indent(b, level+1)
			b = AppendQuoted(b, v.pairs[i].Key)
			b = append(b, ": "...)
			e := &v.pairs[i].Value
			if e.IsScalar() {
				b = appendScalar(b, e)
			} else {
				b = appendPretty(b, e, level+1, false)
			}
		}
		b = indent(b, level)
		return append(b, '}')
	}
	return appendScalar(b, v)
}

// FormatFloat8 formats a float8 as PostgreSQL's float8out does with the
// default extra_float_digits (1): the shortest digits that read back
// exactly, in fixed notation when the decimal exponent is in [-4, 15).
func FormatFloat8(f float64) string { return formatFloat(f, 64, 15) }

// FormatFloat4 formats a float4 as PostgreSQL's float4out does.
func FormatFloat4(f float32) string { return formatFloat(float64(f), 32, 6) }

func formatFloat(f float64, bits int, fixedLimit int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	e := shortestE(f, bits)
	i := strings.IndexByte(e, 'e')
	exp, _ := strconv.Atoi(e[i+1:])
	if exp < -4 || exp >= fixedLimit {
		return e
	}
	// Fixed notation from the same digits.
	mant := e[:i]
	neg := false
	if mant[0] == '-' {
		neg = true
		mant = mant[1:]
	}
	digits := strings.Replace(mant, ".", "", 1)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	switch {
	case exp < 0:
		b.WriteString("0.")
		for k := 0; k < -exp-1; k++ {
			b.WriteByte('0')
		}
		b.WriteString(digits)
	case exp+1 >= len(digits):
		b.WriteString(digits)
		for k := len(digits); k < exp+1; k++ {
			b.WriteByte('0')
		}
	default:
		b.WriteString(digits[:exp+1])
		b.WriteByte('.')
		b.WriteString(digits[exp+1:])
	}
	return b.String()
}
