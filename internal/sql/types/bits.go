package types

import (
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// The bit string types bit(n) and bit varying(n) (utils/adt/varbit.c).
// A value is kept as a string of '0' and '1' characters, its text form.
// Comparing those strings bytewise orders them as bit_cmp does: the
// first differing bit decides, and a prefix sorts first. The typmod is
// the length itself (not length+4 as for varchar); -1 means any length.

// ParseBits reads bit string input as bit_in and varbit_in do: binary
// digits, optionally after a B, or hexadecimal digits after an X.
func ParseBits(s string) (string, error) {
	hex := false
	body := s
	if s != "" && (s[0] == 'b' || s[0] == 'B') {
		body = s[1:]
	} else if s != "" && (s[0] == 'x' || s[0] == 'X') {
		body, hex = s[1:], true
	}
	var out strings.Builder
	if !hex {
		for i := 0; i < len(body); i++ {
			if c := body[i]; c != '0' && c != '1' {
				return "", pgerror.New(pgerror.InvalidTextRepresentation, `"%s" is not a valid binary digit`, body[i:i+1])
			}
		}
		return body, nil
	}
	for i := 0; i < len(body); i++ {
		v, ok := unhex(body[i])
		if !ok {
			return "", pgerror.New(pgerror.InvalidTextRepresentation, `"%s" is not a valid hexadecimal digit`, body[i:i+1])
		}
		for k := 3; k >= 0; k-- {
			out.WriteByte('0' + v>>k&1)
		}
	}
	return out.String(), nil
}

// CoerceBits applies a bit(n) or bit varying(n) typmod to the bits s.
// Input (explicit false, as bit_in and varbit_in check a column's
// typmod) fails on a length mismatch; an explicit cast pads bit(n) with
// zeros on the right and truncates both (bit() and varbit() with
// isExplicit).
func CoerceBits(t *T, s string, explicit bool) (Datum, error) {
	n := int(t.Typmod)
	if t.Typmod < 0 || len(s) == n || t.Oid == OidVarbit && len(s) < n {
		return NewString(s), nil
	}
	if !explicit {
		if t.Oid == OidBit {
			return Null, pgerror.New(pgerror.StringDataLengthMismatch, "bit string length %d does not match type bit(%d)", len(s), n)
		}
		return Null, pgerror.New(pgerror.StringDataRightTruncation, "bit string too long for type bit varying(%d)", n)
	}
	if len(s) > n {
		return NewString(s[:n]), nil
	}
	return NewString(s + strings.Repeat("0", n-len(s))), nil
}

// appendBitsBinary appends bit_send's format: the length in bits, then
// the bits packed into bytes, the last one padded with zeros.
func appendBitsBinary(buf []byte, s string) []byte {
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(s)))
	var cur byte
	for i := 0; i < len(s); i++ {
		cur = cur<<1 | (s[i] - '0')
		if i%8 == 7 {
			buf = append(buf, cur)
			cur = 0
		}
	}
	if r := len(s) % 8; r != 0 {
		buf = append(buf, cur<<(8-r))
	}
	return buf
}

// parseBitsBinary is bit_recv: the length, then the bits; padding bits
// are ignored as bit_recv masks them off.
func parseBitsBinary(t *T, b []byte) (Datum, error) {
	if len(b) < 4 {
		return Null, pgerror.New(pgerror.InvalidBinaryRepresentation, "insufficient data left in message")
	}
	n := int32(binary.BigEndian.Uint32(b))
	if n < 0 {
		return Null, pgerror.New(pgerror.InvalidBinaryRepresentation, `invalid length in external bit string`)
	}
	if int(n+7)/8 != len(b)-4 {
		return Null, pgerror.New(pgerror.InvalidBinaryRepresentation, "insufficient data left in message")
	}
	out := make([]byte, n)
	for i := range out {
		out[i] = '0' + b[4+i/8]>>(7-i%8)&1
	}
	return CoerceBits(t, string(out), false)
}

// BitsFromInt returns the n low-order bits of v, as bitfromint4 and
// bitfromint8 do (a negative value extends with ones).
func BitsFromInt(v int64, width, n int) string {
	out := make([]byte, n)
	for i := 0; i < n; i++ {
		shift := n - 1 - i
		if shift >= width {
			shift = width - 1 // sign extension
		}
		out[i] = '0' + byte(v>>shift&1)
	}
	return string(out)
}

// BitsToInt is bittoint4 and bittoint8: the bits as an unsigned number
// of width bits, or integer out of range when there are more bits.
func BitsToInt(s string, width int) (int64, error) {
	if len(s) > width {
		if width == 32 {
			return 0, pgerror.New(pgerror.NumericValueOutOfRange, "integer out of range")
		}
		return 0, pgerror.New(pgerror.NumericValueOutOfRange, "bigint out of range")
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		v = v<<1 | uint64(s[i]-'0')
	}
	if width == 32 {
		return int64(int32(uint32(v))), nil
	}
	return int64(v), nil
}

// bitTypmodName is the name of a bit type with its length, for
// SQLName: bit(3), bit varying(8).
func bitTypmodName(name string, typmod int32) string {
	return name + "(" + strconv.Itoa(int(typmod)) + ")"
}
