package types

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// The network address types inet and cidr and the MAC address types
// macaddr and macaddr8 (utils/adt/network.c, inet_net_pton.c,
// inet_cidr_ntop.c, mac.c, mac8.c). Their values are kept as strings in
// the canonical text form that their output functions print, so text
// output, hashing and equality need nothing of their own; ordering does
// (network_cmp), and it goes through InetSortKey.

// Inet is an inet or cidr value: an address and the length of its
// netmask in bits. A cidr value has no bits set to the right of its mask.
type Inet struct {
	Addr netip.Addr
	Bits int
}

// MaxBits is the address length in bits: 32 for IPv4, 128 for IPv6.
func (v Inet) MaxBits() int { return v.Addr.BitLen() }

// Family is PostgreSQL's family number as family() returns it: 4 or 6.
func (v Inet) Family() int {
	if v.Addr.Is4() {
		return 4
	}
	return 6
}

// Masked returns the address with the bits right of the mask cleared.
func (v Inet) Masked() netip.Addr {
	p, _ := v.Addr.Prefix(v.Bits)
	return p.Addr()
}

// Text prints v as inet_out (cidr false: the mask is left out when it
// covers the whole address) or cidr_out (cidr true) does.
func (v Inet) Text(cidr bool) string {
	s := inetAddrText(v.Addr)
	if cidr || v.Bits != v.MaxBits() {
		s += "/" + strconv.Itoa(v.Bits)
	}
	return s
}

// inetAddrText prints an address as inet_net_ntop does: IPv6 with the
// longest run of zero groups compressed, and an IPv4-compatible address
// (::a.b.c.d) or IPv4-mapped one (::ffff:a.b.c.d) with its last 32 bits
// dotted.
func inetAddrText(a netip.Addr) string {
	if a.Is6() && !a.Is4In6() {
		b := a.As16()
		zero := true
		for _, x := range b[:12] {
			zero = zero && x == 0
		}
		if zero && (b[12] != 0 || b[13] != 0) {
			return "::" + netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}).String()
		}
	}
	return a.String()
}

// NewInet returns the datum of an inet (cidr false) or cidr value.
func NewInet(v Inet, cidr bool) Datum { return NewString(v.Text(cidr)) }

// InetOf reads an inet or cidr datum (its canonical text).
func InetOf(d Datum) Inet {
	v, err := parseInet(d.Str(), false, "inet")
	if err != nil {
		return Inet{Addr: netip.IPv4Unspecified()}
	}
	return v
}

// parseInet reads inet or cidr input as inet_in and cidr_in do. For cidr
// an IPv4 address may be abbreviated ("10/8", "192.168") and its mask
// then defaults to its class's; bits right of the mask are an error.
func parseInet(s string, cidr bool, typ string) (Inet, error) {
	bad := func() (Inet, error) {
		return Inet{}, pgerror.New(pgerror.InvalidTextRepresentation, `invalid input syntax for type %s: "%s"`, typ, s)
	}
	addr, bitsText, hasBits := strings.Cut(s, "/")
	bits := -1
	if hasBits {
		if bitsText == "" || len(bitsText) > 3 {
			return bad()
		}
		n, err := strconv.Atoi(bitsText)
		if err != nil || n < 0 || bitsText[0] == '+' {
			return bad()
		}
		bits = n
	}
	var v Inet
	if strings.Contains(addr, ":") {
		if strings.Contains(addr, "%") {
			return bad()
		}
		a, err := netip.ParseAddr(addr)
		if err != nil {
			return bad()
		}
		if bits == -1 {
			bits = 128
		}
		if bits > 128 {
			return bad()
		}
		v = Inet{Addr: a, Bits: bits}
	} else {
		var octets [4]byte
		n := 0
		for _, part := range strings.Split(addr, ".") {
			if n == 4 || part == "" || len(part) > 3 {
				return bad()
			}
			x, err := strconv.Atoi(part)
			if err != nil || x > 255 || part[0] == '+' || part[0] == '-' {
				return bad()
			}
			octets[n] = byte(x)
			n++
		}
		switch {
		case bits > 32:
			return bad()
		case bits == -1 && !cidr:
			if n != 4 {
				return bad()
			}
			bits = 32
		case bits == -1:
			// The classful default of inet_cidr_pton_ipv4, widened to
			// cover the octets written.
			switch o := octets[0]; {
			case o >= 240:
				bits = 32
			case o >= 224:
				bits = 8
			case o >= 192:
				bits = 24
			case o >= 128:
				bits = 16
			default:
				bits = 8
			}
			if bits < n*8 {
				bits = n * 8
			}
			if bits == 8 && octets[0] == 224 {
				bits = 4
			}
		}
		v = Inet{Addr: netip.AddrFrom4(octets), Bits: bits}
	}
	if cidr && v.Masked() != v.Addr {
		return Inet{}, pgerror.New(pgerror.InvalidTextRepresentation, `invalid cidr value: "%s"`, s).
			WithDetail("Value has bits set to right of mask.")
	}
	return v, nil
}

// CidrMaskError is cidr's error for a value with bits right of its mask.
func CidrMaskError(v Inet) error {
	return pgerror.New(pgerror.InvalidTextRepresentation, `invalid cidr value: "%s"`, v.Text(false)).
		WithDetail("Value has bits set to right of mask.")
}

// InetSortKey is a byte string whose order is network_cmp's: IPv4 before
// IPv6, then the network part, then the mask length, then the whole
// address. (Comparing the masked addresses first agrees with
// network_cmp's comparison of the common prefix: bits past the shorter
// mask are zero in the shorter value's masked address, so where the
// common prefixes are equal the masked addresses either tie or order the
// longer mask last, as the mask length would.)
func InetSortKey(s string) []byte {
	v := InetOf(Datum{kind: KString, s: s})
	fam := byte(2)
	if !v.Addr.Is4() {
		fam = 3
	}
	m, a := v.Masked().AsSlice(), v.Addr.AsSlice()
	key := make([]byte, 0, 2+2*len(a))
	key = append(key, fam)
	key = append(key, m...)
	key = append(key, byte(v.Bits))
	return append(key, a...)
}

// parseMacaddr reads macaddr (n 6) or macaddr8 (n 8) input as
// macaddr_in and macaddr8_in do.
func parseMacaddr(s string, n int) (string, error) {
	if n == 8 {
		return parseMacaddr8(s)
	}
	// macaddr_in tries these sscanf formats in turn: 'x' is %x (any
	// number of hex digits), '2' is %2x (one or two); whitespace may
	// precede each number and follow the last.
	for _, f := range []string{"x:x:x:x:x:x", "x-x-x-x-x-x", "222:222", "222-222", "22.22.22", "22-22-22", "222222"} {
		b, ok, big := scanMac(s, f)
		if big {
			return "", pgerror.New(pgerror.NumericValueOutOfRange, `invalid octet value in "macaddr" value: "%s"`, s)
		}
		if ok {
			return macText(b), nil
		}
	}
	return "", pgerror.New(pgerror.InvalidTextRepresentation, `invalid input syntax for type macaddr: "%s"`, s)
}

// scanMac matches s against one of macaddr_in's formats; big reports a
// matched number above 255.
func scanMac(s, format string) (b []byte, ok, big bool) {
	i := 0
	for k := 0; k < len(format); k++ {
		f := format[k]
		if f != 'x' && f != '2' {
			if i >= len(s) || s[i] != f {
				return nil, false, false
			}
			i++
			continue
		}
		for i < len(s) && tsSpace(s[i]) {
			i++
		}
		start, v := i, 0
		for i < len(s) && (f == 'x' || i-start < 2) {
			h, isHex := unhex(s[i])
			if !isHex {
				break
			}
			if v < 1<<20 {
				v = v<<4 | int(h)
			}
			i++
		}
		if i == start {
			return nil, false, false
		}
		if v > 255 {
			big = true
		}
		b = append(b, byte(v))
	}
	for i < len(s) && tsSpace(s[i]) {
		i++
	}
	if i != len(s) {
		return nil, false, false
	}
	return b, !big, big
}

// parseMacaddr8 is macaddr8_in: pairs of hex digits, optionally
// separated by one kind of ':', '-' or '.', six or eight of them (six
// get FF:FE inserted in their middle), with blanks around.
func parseMacaddr8(s string) (string, error) {
	bad := func() (string, error) {
		return "", pgerror.New(pgerror.InvalidTextRepresentation, `invalid input syntax for type macaddr8: "%s"`, s)
	}
	i := 0
	for i < len(s) && tsSpace(s[i]) {
		i++
	}
	var out []byte
	var spacer byte
	for i+1 < len(s) {
		hi, ok1 := unhex(s[i])
		lo, ok2 := unhex(s[i+1])
		if !ok1 || !ok2 || len(out) == 8 {
			return bad()
		}
		out = append(out, hi<<4|lo)
		i += 2
		if i < len(s) && (s[i] == ':' || s[i] == '-' || s[i] == '.') {
			if spacer == 0 {
				spacer = s[i]
			} else if spacer != s[i] {
				return bad()
			}
			i++
		}
		if (len(out) == 6 || len(out) == 8) && i < len(s) && tsSpace(s[i]) {
			for i < len(s) && tsSpace(s[i]) {
				i++
			}
			if i < len(s) {
				return bad()
			}
		}
	}
	if i != len(s) {
		return bad()
	}
	switch len(out) {
	case 6:
		out = []byte{out[0], out[1], out[2], 0xff, 0xfe, out[3], out[4], out[5]}
	case 8:
	default:
		return bad()
	}
	return macText(out), nil
}

// macText prints MAC address bytes as macaddr_out does.
func macText(b []byte) string {
	const hexd = "0123456789abcdef"
	out := make([]byte, 0, 3*len(b))
	for i, x := range b {
		if i > 0 {
			out = append(out, ':')
		}
		out = append(out, hexd[x>>4], hexd[x&15])
	}
	return string(out)
}

// MacBytes returns a macaddr or macaddr8 datum's bytes.
func MacBytes(d Datum) []byte {
	s := d.Str()
	out := make([]byte, 0, 8)
	for i := 0; i+1 < len(s); i += 3 {
		hi, _ := unhex(s[i])
		lo, _ := unhex(s[i+1])
		out = append(out, hi<<4|lo)
	}
	return out
}

// NewMac returns the macaddr or macaddr8 datum of the given bytes.
func NewMac(b []byte) Datum { return NewString(macText(b)) }
