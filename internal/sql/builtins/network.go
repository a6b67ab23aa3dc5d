package builtins

import (
	"math/big"
	"net/netip"
	"strconv"
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// The functions and operators of inet, cidr, macaddr and macaddr8
// (utils/adt/network.c, mac.c, mac8.c). Comparison operators are the
// generic ones over types.Compare, which orders inet and cidr as
// network_cmp does.

func inetArg(d types.Datum) types.Inet { return types.InetOf(d) }

func inetResult(v types.Inet) types.Datum  { return types.NewInet(v, false) }
func cidrResult(v types.Inet) types.Datum  { return types.NewInet(v, true) }
func inetBool(b bool) (types.Datum, error) { return types.NewBool(b), nil }

// inetBits returns the address as an unsigned number.
func inetBig(a netip.Addr) *big.Int { return new(big.Int).SetBytes(a.AsSlice()) }

// inetFromBig returns the address of a's family whose value is v, or
// false when v does not fit.
func inetFromBig(a netip.Addr, v *big.Int) (netip.Addr, bool) {
	n := a.BitLen() / 8
	if v.Sign() < 0 || v.BitLen() > n*8 {
		return netip.Addr{}, false
	}
	b := v.FillBytes(make([]byte, n))
	r, _ := netip.AddrFromSlice(b)
	return r, true
}

// maskAddr returns the address of a's family whose first bits bits are
// ones (invert false) or zeros with the rest ones (invert true).
func maskAddr(a netip.Addr, bits int, invert bool) netip.Addr {
	b := make([]byte, a.BitLen()/8)
	for i := range b {
		for k := 0; k < 8; k++ {
			on := i*8+k < bits
			if on != invert {
				b[i] |= 0x80 >> k
			}
		}
	}
	r, _ := netip.AddrFromSlice(b)
	return r
}

func bytewise(a, b netip.Addr, op func(x, y byte) byte) netip.Addr {
	x, y := a.AsSlice(), b.AsSlice()
	for i := range x {
		x[i] = op(x[i], y[i])
	}
	r, _ := netip.AddrFromSlice(x)
	return r
}

// prefixEqual reports whether the first n bits of a and b are equal
// (bitncmp(...) == 0).
func prefixEqual(a, b netip.Addr, n int) bool {
	pa, _ := a.Prefix(n)
	pb, _ := b.Prefix(n)
	return pa.Addr() == pb.Addr()
}

// commonPrefix is the number of leading bits a and b share.
func commonPrefix(a, b netip.Addr) int {
	x, y := a.AsSlice(), b.AsSlice()
	n := 0
	for i := range x {
		d := x[i] ^ y[i]
		if d == 0 {
			n += 8
			continue
		}
		for d&0x80 == 0 {
			n++
			d <<= 1
		}
		return n
	}
	return n
}

// cidrAbbrev prints a cidr value as cidr_abbrev does (inet_cidr_ntop):
// only the octets or groups the mask covers.
func cidrAbbrev(v types.Inet) string {
	a := v.Addr.AsSlice()
	bits := v.Bits
	var sb strings.Builder
	if v.Addr.Is4() {
		if bits == 0 {
			sb.WriteByte('0')
		}
		for i := 0; i < bits/8; i++ {
			if i > 0 {
				sb.WriteByte('.')
			}
			sb.WriteString(strconv.Itoa(int(a[i])))
		}
		if b := bits % 8; b > 0 {
			if sb.Len() > 0 {
				sb.WriteByte('.')
			}
			m := byte(((1 << b) - 1) << (8 - b))
			sb.WriteString(strconv.Itoa(int(a[bits/8] & m)))
		}
		sb.WriteString("/" + strconv.Itoa(bits))
		return sb.String()
	}
	if bits == 0 {
		return "::/0"
	}
	words := (bits + 15) / 16
	if words == 1 {
		words = 2
	}
	// The longest run of zero words among those shown.
	zs, zl, ts, tl := 0, 0, 0, 0
	for i := 0; i < words; i++ {
		if a[2*i]|a[2*i+1] == 0 {
			if tl == 0 {
				ts = i
			}
			tl++
		} else if tl > 0 && zl < tl {
			zs, zl, tl = ts, tl, 0
		}
	}
	if tl > 0 && zl < tl {
		zs, zl = ts, tl
	}
	isV4 := zl != words && zs == 0 && (zl == 6 || zl == 5 && a[10] == 0xff && a[11] == 0xff || zl == 7 && a[14] != 0 && a[15] != 1)
	for p := 0; p < words; p++ {
		if zl != 0 && p >= zs && p < zs+zl {
			if p == zs {
				sb.WriteByte(':')
			}
			if p == words-1 {
				sb.WriteByte(':')
			}
			continue
		}
		if isV4 && p > 5 {
			if p == 6 {
				sb.WriteByte(':')
			} else {
				sb.WriteByte('.')
			}
			sb.WriteString(strconv.Itoa(int(a[2*p])))
			if p != 7 || bits > 120 {
				sb.WriteByte('.')
				sb.WriteString(strconv.Itoa(int(a[2*p+1])))
			}
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte(':')
		}
		sb.WriteString(strconv.FormatUint(uint64(a[2*p])<<8|uint64(a[2*p+1]), 16))
	}
	sb.WriteString("/" + strconv.Itoa(bits))
	return sb.String()
}

func invalidMaskLength(bits int64) error {
	return pgerror.New(pgerror.InvalidParameterValue, "invalid mask length: %d", bits)
}

func setMasklen(v types.Inet, bits int64) (types.Inet, error) {
	if bits == -1 {
		bits = int64(v.MaxBits())
	}
	if bits < 0 || bits > int64(v.MaxBits()) {
		return v, invalidMaskLength(bits)
	}
	v.Bits = int(bits)
	return v, nil
}

func init() {
	fn := func(f func(v types.Inet) types.Datum) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) { return f(inetArg(a[0])), nil }
	}
	register("network_show", fn(func(v types.Inet) types.Datum { return types.NewString(v.Text(true)) }))
	register("inet_abbrev", fn(func(v types.Inet) types.Datum { return types.NewString(v.Text(false)) }))
	register("cidr_abbrev", fn(func(v types.Inet) types.Datum { return types.NewString(cidrAbbrev(v)) }))
	register("network_masklen", fn(func(v types.Inet) types.Datum { return types.NewInt(int64(v.Bits)) }))
	register("network_family", fn(func(v types.Inet) types.Datum { return types.NewInt(int64(v.Family())) }))
	register("network_host", fn(func(v types.Inet) types.Datum {
		v.Bits = v.MaxBits()
		return types.NewString(v.Text(false))
	}))
	register("network_broadcast", fn(func(v types.Inet) types.Datum {
		v.Addr = bytewise(v.Addr, maskAddr(v.Addr, v.Bits, true), func(x, y byte) byte { return x | y })
		return inetResult(v)
	}))
	register("network_network", fn(func(v types.Inet) types.Datum {
		v.Addr = v.Masked()
		return cidrResult(v)
	}))
	register("inet_to_cidr", fn(func(v types.Inet) types.Datum {
		v.Addr = v.Masked()
		return cidrResult(v)
	}))
	register("network_netmask", fn(func(v types.Inet) types.Datum {
		return inetResult(types.Inet{Addr: maskAddr(v.Addr, v.Bits, false), Bits: v.MaxBits()})
	}))
	register("network_hostmask", fn(func(v types.Inet) types.Datum {
		return inetResult(types.Inet{Addr: maskAddr(v.Addr, v.Bits, true), Bits: v.MaxBits()})
	}))
	register("inetnot", fn(func(v types.Inet) types.Datum {
		v.Addr = bytewise(v.Addr, v.Addr, func(x, _ byte) byte { return ^x })
		return inetResult(v)
	}))
	register("inet_set_masklen", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		v, err := setMasklen(inetArg(a[0]), a[1].Int())
		if err != nil {
			return types.Null, err
		}
		return inetResult(v), nil
	})
	register("cidr_set_masklen", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		v, err := setMasklen(inetArg(a[0]), a[1].Int())
		if err != nil {
			return types.Null, err
		}
		v.Addr = v.Masked()
		return cidrResult(v), nil
	})

	pred := func(f func(x, y types.Inet) bool) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			return inetBool(f(inetArg(a[0]), inetArg(a[1])))
		}
	}
	same := func(x, y types.Inet) bool { return x.Addr.Is4() == y.Addr.Is4() }
	register("network_sub", pred(func(x, y types.Inet) bool {
		return same(x, y) && x.Bits > y.Bits && prefixEqual(x.Addr, y.Addr, y.Bits)
	}))
	register("network_subeq", pred(func(x, y types.Inet) bool {
		return same(x, y) && x.Bits >= y.Bits && prefixEqual(x.Addr, y.Addr, y.Bits)
	}))
	register("network_sup", pred(func(x, y types.Inet) bool {
		return same(x, y) && x.Bits < y.Bits && prefixEqual(x.Addr, y.Addr, x.Bits)
	}))
	register("network_supeq", pred(func(x, y types.Inet) bool {
		return same(x, y) && x.Bits <= y.Bits && prefixEqual(x.Addr, y.Addr, x.Bits)
	}))
	register("network_overlap", pred(func(x, y types.Inet) bool {
		return same(x, y) && prefixEqual(x.Addr, y.Addr, min(x.Bits, y.Bits))
	}))
	register("inet_same_family", pred(same))
	register("network_cmp", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(types.Compare(sig.Args[0], a[0], a[1]))), nil
	})
	register("network_larger", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		if types.Compare(sig.Args[0], a[0], a[1]) > 0 {
			return a[0], nil
		}
		return a[1], nil
	})
	register("network_smaller", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		if types.Compare(sig.Args[0], a[0], a[1]) < 0 {
			return a[0], nil
		}
		return a[1], nil
	})
	register("inet_merge", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		x, y := inetArg(a[0]), inetArg(a[1])
		if !same(x, y) {
			return types.Null, pgerror.New(pgerror.InvalidParameterValue, "cannot merge addresses from different families")
		}
		bits := min(commonPrefix(x.Addr, y.Addr), x.Bits, y.Bits)
		v := types.Inet{Addr: x.Addr, Bits: bits}
		v.Addr = v.Masked()
		return cidrResult(v), nil
	})

	bitop := func(name string, op func(x, y byte) byte) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			x, y := inetArg(a[0]), inetArg(a[1])
			if !same(x, y) {
				return types.Null, pgerror.New(pgerror.InvalidParameterValue, "cannot %s inet values of different sizes", name)
			}
			return inetResult(types.Inet{Addr: bytewise(x.Addr, y.Addr, op), Bits: max(x.Bits, y.Bits)}), nil
		}
	}
	register("inetand", bitop("AND", func(x, y byte) byte { return x & y }))
	register("inetor", bitop("OR", func(x, y byte) byte { return x | y }))
	add := func(v types.Inet, n *big.Int) (types.Datum, error) {
		r, ok := inetFromBig(v.Addr, new(big.Int).Add(inetBig(v.Addr), n))
		if !ok {
			return types.Null, pgerror.New(pgerror.NumericValueOutOfRange, "result is out of range")
		}
		v.Addr = r
		return inetResult(v), nil
	}
	register("inetpl", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return add(inetArg(a[0]), big.NewInt(a[1].Int()))
	})
	register("inetmi_int8", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return add(inetArg(a[0]), new(big.Int).Neg(big.NewInt(a[1].Int())))
	})
	register("inetmi", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		x, y := inetArg(a[0]), inetArg(a[1])
		if !same(x, y) {
			return types.Null, pgerror.New(pgerror.InvalidParameterValue, "cannot subtract inet values of different sizes")
		}
		d := new(big.Int).Sub(inetBig(x.Addr), inetBig(y.Addr))
		if !d.IsInt64() {
			return types.Null, pgerror.New(pgerror.NumericValueOutOfRange, "result is out of range")
		}
		return types.NewInt(d.Int64()), nil
	})

	// macaddr and macaddr8.
	macfn := func(f func(b []byte) []byte) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			return types.NewMac(f(types.MacBytes(a[0]))), nil
		}
	}
	macop := func(op func(x, y byte) byte) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			x, y := types.MacBytes(a[0]), types.MacBytes(a[1])
			for i := range x {
				x[i] = op(x[i], y[i])
			}
			return types.NewMac(x), nil
		}
	}
	for _, p := range []string{"macaddr", "macaddr8"} {
		const keep = 3 // trunc keeps the manufacturer's three bytes
		register(p+"_trunc", macfn(func(b []byte) []byte {
			for i := keep; i < len(b); i++ {
				b[i] = 0
			}
			return b
		}))
		register(p+"_not", macfn(func(b []byte) []byte {
			for i := range b {
				b[i] = ^b[i]
			}
			return b
		}))
		register(p+"_and", macop(func(x, y byte) byte { return x & y }))
		register(p+"_or", macop(func(x, y byte) byte { return x | y }))
		register(p+"_cmp", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
			return types.NewInt(int64(types.Compare(sig.Args[0], a[0], a[1]))), nil
		})
	}
	register("macaddr8_set7bit", macfn(func(b []byte) []byte {
		b[0] |= 0x02
		return b
	}))
	register("macaddrtomacaddr8", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return types.Cast(a[0], sig.Args[0], types.ByOid(types.OidMacaddr8), true, nil)
	})
	register("macaddr8tomacaddr", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return types.Cast(a[0], sig.Args[0], types.ByOid(types.OidMacaddr), true, nil)
	})
}
