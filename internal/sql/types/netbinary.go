package types

import (
	"encoding/binary"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// Binary formats of the types whose values tusk keeps in their text form
// (textkept.go) and "char": network.c's inet_send/inet_recv, mac.c,
// varbit.c's bit_send/bit_recv, tid.c, xml.c and char.c.

// PostgreSQL's address family codes in inet's binary format.
const (
	pgAFInet  = 2
	pgAFInet6 = 3
)

// appendSpecialBinary appends the binary form of a text-kept value of a
// type with a binary format of its own; ok is false for other types.
func appendSpecialBinary(buf []byte, t *T, d Datum) (out []byte, ok bool, err error) {
	switch t.Oid {
	case OidChar:
		return append(buf, charByte(d.Str())), true, nil
	case OidInet, OidCidr:
		p, err := parseInetText(d.Str())
		if err != nil {
			return nil, true, err
		}
		fam := byte(pgAFInet)
		if p.Addr().Is6() {
			fam = pgAFInet6
		}
		isCidr := byte(0)
		if t.Oid == OidCidr {
			isCidr = 1
		}
		a := p.Addr().AsSlice()
		buf = append(buf, fam, byte(p.Bits()), isCidr, byte(len(a)))
		return append(buf, a...), true, nil
	case OidMacaddr, OidMacaddr8:
		hw, err := net.ParseMAC(d.Str())
		if err != nil {
			return nil, true, pgerror.New(pgerror.InvalidTextRepresentation, `invalid input syntax for type %s: "%s"`, t.SQLName(), d.Str())
		}
		if t.Oid == OidMacaddr8 && len(hw) == 6 {
			hw = net.HardwareAddr{hw[0], hw[1], hw[2], 0xff, 0xfe, hw[3], hw[4], hw[5]}
		}
		return append(buf, hw...), true, nil
	case OidBit, OidVarbit:
		return appendBitsBinary(buf, d.Str()), true, nil
	case OidTSVector:
		out, err := appendTSVectorBinary(buf, d.Str())
		return out, true, err
	case OidTid:
		v, err := parseTid(d.Str())
		if err != nil {
			return nil, true, err
		}
		buf = binary.BigEndian.AppendUint32(buf, v.Block)
		return binary.BigEndian.AppendUint16(buf, v.Offset), true, nil
	}
	return nil, false, nil
}

// parseSpecialBinary is appendSpecialBinary's inverse: the value in text
// form, as the text input of the type would keep it.
func parseSpecialBinary(t *T, b []byte) (d Datum, ok bool, err error) {
	bad := func() (Datum, bool, error) {
		return Null, true, pgerror.New(pgerror.InvalidBinaryRepresentation, "invalid external \"%s\" value", t.SQLName())
	}
	switch t.Oid {
	case OidChar:
		if len(b) == 0 {
			// Rows stored before "char" had its own binary format kept
			// the empty value as no bytes.
			return NewString(""), true, nil
		}
		if len(b) != 1 {
			return Null, true, pgerror.New(pgerror.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter")
		}
		return NewString(charText(b[0])), true, nil
	case OidInet, OidCidr:
		if len(b) < 4 {
			return bad()
		}
		fam, bits, nb := b[0], int(b[1]), int(b[3])
		if (fam != pgAFInet || nb != 4) && (fam != pgAFInet6 || nb != 16) || len(b) != 4+nb || bits > nb*8 {
			return bad()
		}
		addr, _ := netip.AddrFromSlice(b[4:])
		if t.Oid == OidCidr {
			if p := netip.PrefixFrom(addr, bits); p.Masked() != p {
				return Null, true, pgerror.New(pgerror.InvalidBinaryRepresentation, "invalid external \"cidr\" value").
					WithDetail("Value has bits set to right of mask.")
			}
		}
		return NewString(inetText(addr, bits, t.Oid == OidCidr)), true, nil
	case OidMacaddr, OidMacaddr8:
		want := 6
		if t.Oid == OidMacaddr8 {
			want = 8
		}
		if len(b) != want {
			return Null, true, pgerror.New(pgerror.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter")
		}
		return NewString(net.HardwareAddr(b).String()), true, nil
	case OidBit, OidVarbit:
		d, err := parseBitsBinary(t, b)
		return d, true, err
	case OidTSVector:
		d, err := parseTSVectorBinary(b)
		return d, true, err
	case OidTid:
		if len(b) != 6 {
			return Null, true, pgerror.New(pgerror.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter")
		}
		return NewString(Tid{Block: binary.BigEndian.Uint32(b), Offset: binary.BigEndian.Uint16(b[4:])}.Text()), true, nil
	case OidXML:
		// xml_recv: the text, checked as input checks it.
		if !utf8.Valid(b) {
			return Null, true, pgerror.New(pgerror.CharacterNotInRepertoire, `invalid byte sequence for encoding "UTF8"`)
		}
		d, _, err := parseTextKept(t, string(b))
		return d, true, err
	}
	return Null, false, nil
}

// parseInetText reads inet or cidr text: an address with an optional
// /bits (the whole address when absent).
func parseInetText(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err == nil {
			return p, nil
		}
	} else if a, err := netip.ParseAddr(s); err == nil {
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	return netip.Prefix{}, pgerror.New(pgerror.InvalidTextRepresentation, `invalid input syntax for type inet: "%s"`, s)
}

// inetText prints an address as inet_out and cidr_out do: the mask is
// left out of an inet whose mask covers the whole address.
func inetText(a netip.Addr, bits int, cidr bool) string {
	s := a.String()
	if cidr || bits != a.BitLen() {
		s += "/" + strconv.Itoa(bits)
	}
	return s
}

// charByte is the byte a "char" value holds: its text is the byte itself,
// or \ooo for bytes outside ASCII, or empty for the zero byte.
func charByte(s string) byte {
	switch {
	case s == "":
		return 0
	case len(s) == 4 && s[0] == '\\':
		if v, err := strconv.ParseUint(s[1:], 8, 8); err == nil {
			return byte(v)
		}
	}
	return s[0]
}

func charText(c byte) string {
	switch {
	case c == 0:
		return ""
	case c >= 0x80:
		return "\\" + strconv.FormatUint(uint64(c), 8)
	}
	return string([]byte{c})
}
