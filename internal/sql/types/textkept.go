package types

import (
	"github.com/tuskdb/tusk/internal/pgerror"
)

// Types whose values tusk keeps as strings in their canonical text form,
// though they are not strings to SQL: inet, cidr, macaddr, macaddr8, bit,
// bit varying, tid, xml and tsvector. Their families are FamString so that storage,
// hashing and output treat them as strings; what differs is routed here
// from Parse, Cast, CoerceString, Compare and the key encoding by type
// OID: input validation and normalisation, conversions, and the types
// whose text does not sort as their values do.

// isTextKept reports whether t is one of these types.
func isTextKept(o Oid) bool {
	switch o {
	case OidInet, OidCidr, OidMacaddr, OidMacaddr8, OidBit, OidVarbit, OidTid, OidXML, OidTSVector:
		return true
	}
	return false
}

// parseTextKept is the text input of these types, with t's typmod
// applied as input applies a column's; ok is false for other types.
func parseTextKept(t *T, s string) (d Datum, ok bool, err error) {
	switch t.Oid {
	case OidInet, OidCidr:
		cidr := t.Oid == OidCidr
		v, err := parseInet(s, cidr, t.Name)
		if err != nil {
			return Null, true, err
		}
		return NewInet(v, cidr), true, nil
	case OidMacaddr, OidMacaddr8:
		n := 6
		if t.Oid == OidMacaddr8 {
			n = 8
		}
		m, err := parseMacaddr(s, n)
		if err != nil {
			return Null, true, err
		}
		return NewString(m), true, nil
	case OidBit, OidVarbit:
		b, err := ParseBits(s)
		if err != nil {
			return Null, true, err
		}
		d, err := CoerceBits(t, b, false)
		return d, true, err
	case OidTid:
		v, err := parseTid(s)
		if err != nil {
			return Null, true, err
		}
		return NewString(v.Text()), true, nil
	case OidTSVector:
		l, err := ParseTSVector(s)
		if err != nil {
			return Null, true, err
		}
		return NewString(FormatTSVector(l)), true, nil
	case OidXML:
		if err := CheckXMLContent(s); err != nil {
			return Null, true, err
		}
		return NewString(XMLOutput(s)), true, nil
	}
	return Null, false, nil
}

// compareTextKept orders two values of the types whose canonical text
// does not sort as the values do; ok is false for other types.
func compareTextKept(t *T, a, b string) (c int, ok bool) {
	switch t.Oid {
	case OidInet, OidCidr:
		return compareBytes(InetSortKey(a), InetSortKey(b)), true
	case OidTid:
		x, _ := parseTid(a)
		y, _ := parseTid(b)
		if c := cmpInt(int64(x.Block), int64(y.Block)); c != 0 {
			return c, true
		}
		return cmpInt(int64(x.Offset), int64(y.Offset)), true
	case OidTSVector:
		return compareTSVector(a, b), true
	}
	return 0, false
}

func compareBytes(a, b []byte) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return cmpInt(int64(len(a)), int64(len(b)))
}

// SortKey returns, for a type whose values are strings that do not sort
// as their text does (inet, cidr, tid, tsvector), a byte string that sorts as the
// values do, for the storage key encoding; ok is false for other types.
func SortKey(t *T, s string) (key []byte, ok bool) {
	switch t.Oid {
	case OidInet, OidCidr:
		return InetSortKey(s), true
	case OidTid:
		v, _ := parseTid(s)
		return []byte{byte(v.Block >> 24), byte(v.Block >> 16), byte(v.Block >> 8), byte(v.Block), byte(v.Offset >> 8), byte(v.Offset)}, true
	case OidTSVector:
		return tsvectorSortKey(s), true
	}
	return nil, false
}

// castTextKept converts to, from and among these types; ok is false when
// neither type is one of them or the conversion is not theirs.
func castTextKept(d Datum, src, dst *T, explicit bool, c *Ctx) (Datum, bool, error) {
	sk, dk := isTextKept(src.Oid), isTextKept(dst.Oid)
	if !sk && !dk {
		return Null, false, nil
	}
	switch {
	case sk && dk:
		switch {
		case src.Oid == OidCidr && dst.Oid == OidInet:
			return NewInet(InetOf(d), false), true, nil
		case src.Oid == OidInet && dst.Oid == OidCidr:
			v := InetOf(d)
			v.Addr = v.Masked()
			return NewInet(v, true), true, nil
		case src.Oid == OidMacaddr && dst.Oid == OidMacaddr8:
			b := MacBytes(d)
			return NewMac([]byte{b[0], b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]}), true, nil
		case src.Oid == OidMacaddr8 && dst.Oid == OidMacaddr:
			b := MacBytes(d)
			if b[3] != 0xff || b[4] != 0xfe {
				return Null, true, pgerror.New(pgerror.NumericValueOutOfRange, "macaddr8 data out of range to convert to macaddr").
					WithHint("Only addresses that have FF and FE as values in the 4th and 5th bytes from the left, for example xx:xx:xx:ff:fe:xx:xx:xx, are eligible to be converted from macaddr8 to macaddr.")
			}
			return NewMac([]byte{b[0], b[1], b[2], b[5], b[6], b[7]}), true, nil
		case (src.Oid == OidBit || src.Oid == OidVarbit) && (dst.Oid == OidBit || dst.Oid == OidVarbit):
			v, err := CoerceBits(dst, d.Str(), explicit)
			return v, true, err
		}
		return Null, false, nil
	case sk:
		switch {
		case (src.Oid == OidBit || src.Oid == OidVarbit) && dst.Family == FamInt && (dst.Width == 32 || dst.Width == 64):
			v, err := BitsToInt(d.Str(), dst.Width)
			return NewInt(v), true, err
		case dst.Category == CatString || dst.Family == FamString || dst.Family == FamUnknown:
			s := d.Str()
			if src.Oid == OidInet || src.Oid == OidCidr {
				// network_show: the mask always shows.
				v := InetOf(d)
				s = v.Text(true)
			}
			v, err := CoerceString(dst, s, explicit)
			return v, true, err
		}
		return Null, false, nil
	}
	switch {
	case (dst.Oid == OidBit || dst.Oid == OidVarbit) && src.Family == FamInt && (src.Width == 32 || src.Width == 64):
		n := int(dst.Typmod)
		if n < 0 {
			n = 1
		}
		return NewString(BitsFromInt(d.Int(), src.Width, n)), true, nil
	case src.Category == CatString || src.Family == FamString || src.Family == FamUnknown:
		s := d.Str()
		if src.Oid == OidBPChar {
			s = trimTrailingSpaces(s)
		}
		if dst.Oid == OidBit || dst.Oid == OidVarbit {
			b, err := ParseBits(s)
			if err != nil {
				return Null, true, err
			}
			v, err := CoerceBits(dst, b, explicit)
			return v, true, err
		}
		v, _, err := parseTextKept(dst, s)
		return v, true, err
	}
	return Null, false, nil
}

// Tid is a tuple identifier: a block number and an item offset.
type Tid struct {
	Block  uint32
	Offset uint16
}

// Text prints a tid as tidout does: (block,offset).
func (v Tid) Text() string {
	return "(" + uitoa(uint64(v.Block)) + "," + uitoa(uint64(v.Offset)) + ")"
}

func uitoa(v uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return string(b[i:])
}

// parseTid reads tidin's input: (block,offset), with strtoul's
// tolerance of leading blanks in the numbers; what follows the closing
// parenthesis is ignored, as tidin ignores it.
func parseTid(s string) (Tid, error) {
	bad := func() (Tid, error) {
		return Tid{}, pgerror.New(pgerror.InvalidTextRepresentation, `invalid input syntax for type tid: "%s"`, s)
	}
	if len(s) < 2 || s[0] != '(' {
		return bad()
	}
	num := func(p string, max uint64) (uint64, string, bool) {
		i := 0
		for i < len(p) && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n') {
			i++
		}
		if i < len(p) && p[i] == '+' {
			i++
		}
		start := i
		var v uint64
		for i < len(p) && p[i] >= '0' && p[i] <= '9' {
			v = v*10 + uint64(p[i]-'0')
			if v > 1<<40 {
				return 0, "", false
			}
			i++
		}
		if i == start {
			return 0, "", false
		}
		if v > max {
			return 0, "", false
		}
		return v, p[i:], true
	}
	block, rest, ok := num(s[1:], 0xffffffff)
	if !ok || rest == "" || rest[0] != ',' {
		return bad()
	}
	off, rest, ok := num(rest[1:], 0xffff)
	if !ok || rest == "" || rest[0] != ')' {
		return bad()
	}
	return Tid{Block: uint32(block), Offset: uint16(off)}, nil
}
