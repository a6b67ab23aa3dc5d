package types

import (
	"encoding/binary"
	"strings"
	"testing"
)

// numericWire builds numeric_send's format from its parts.
func numericWire(weight int16, sign, dscale uint16, digits ...uint16) []byte {
	b := binary.BigEndian.AppendUint16(nil, uint16(len(digits)))
	b = binary.BigEndian.AppendUint16(b, uint16(weight))
	b = binary.BigEndian.AppendUint16(b, sign)
	b = binary.BigEndian.AppendUint16(b, dscale)
	for _, d := range digits {
		b = binary.BigEndian.AppendUint16(b, d)
	}
	return b
}

func TestNumericBinaryInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want string // text output, or the error's SQLSTATE-bearing message
	}{
		{"NaN", numericWire(0, numericNaN, 0), "NaN"},
		{"Infinity", numericWire(0, numericPInf, 0), "Infinity"},
		{"-Infinity", numericWire(0, numericNInf, 0), "-Infinity"},
		{"scale pads", numericWire(0, numericPos, 3, 12), "12.000"},
		// numeric_recv truncates digits the display scale hides.
		{"scale truncates", numericWire(0, numericNeg, 1, 3, 1599), "-3.1"},
		// 2437e23790: one digit with a large weight and no scale.
		{"large weight", numericWire(5948, numericPos, 0, 2437), "2437" + strings.Repeat("0", 23792)},
		{"bad digit", numericWire(0, numericPos, 0, 10000), `invalid digit in external "numeric" value`},
		{"bad sign", numericWire(0, 0x1234, 0, 1), `invalid sign in external "numeric" value`},
		{"bad scale", numericWire(0, numericPos, 0x4000, 1), `invalid scale in external "numeric" value`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := parseNumericBinary(tc.in)
			got := ""
			if err != nil {
				got = err.Error()
			} else {
				got = string(AppendNumeric(nil, d))
			}
			if !strings.Contains(got, tc.want) || err == nil && got != tc.want {
				if len(got) > 80 {
					got = got[:80] + "..."
				}
				t.Errorf("got %s", got)
			}
		})
	}
}

// TestNumericBinaryRoundTrip checks values at numeric's limits, with
// more than 32767 base-10000 digits, through numeric_send's format.
func TestNumericBinaryRoundTrip(t *testing.T) {
	for _, s := range []string{
		"0", "0.000", "-1.5", "10000", "0.0001", "123456789.987654321", "1e20", "-2437e23790",
		strings.Repeat("9", 131069),
		"1" + strings.Repeat("0", 131071) + "." + strings.Repeat("0", 16382) + "1",
	} {
		d, err := ParseNumeric(s)
		if err != nil {
			t.Fatalf("%.20s: %v", s, err)
		}
		back, err := parseNumericBinary(appendNumericBinary(nil, d))
		if err != nil {
			t.Fatalf("%.20s: %v", s, err)
		}
		if a, b := string(AppendNumeric(nil, d)), string(AppendNumeric(nil, back)); a != b {
			t.Errorf("%.20s: round trip gave %.20s (length %d, want %d)", s, b, len(b), len(a))
		}
	}
}

func TestNumericInputLimits(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"1e131071", ""},
		{"1e131072", "value overflows numeric format"},
		{"1e-16383", ""},
		{"1e-16384", "value overflows numeric format"},
		{"0." + strings.Repeat("0", 16383) + "1", "value overflows numeric format"},
		{"1" + strings.Repeat("0", 131072), "value overflows numeric format"},
	} {
		_, err := ParseNumeric(tc.in)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if tc.want == "" && err != nil || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("%.20s: got %q, want %q", tc.in, got, tc.want)
		}
	}
}
