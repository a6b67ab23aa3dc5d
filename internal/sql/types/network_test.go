package types

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// networkCmp is network_cmp written out as network.c has it: family,
// then the bits both masks cover, then the mask length, then the whole
// address.
func networkCmp(a, b Inet) int {
	if a.Addr.Is4() != b.Addr.Is4() {
		if a.Addr.Is4() {
			return -1
		}
		return 1
	}
	bitncmp := func(n int) int {
		pa, _ := a.Addr.Prefix(n)
		pb, _ := b.Addr.Prefix(n)
		return pa.Addr().Compare(pb.Addr())
	}
	if c := bitncmp(min(a.Bits, b.Bits)); c != 0 {
		return c
	}
	if c := cmpInt(int64(a.Bits), int64(b.Bits)); c != 0 {
		return c
	}
	return a.Addr.Compare(b.Addr)
}

// TestInetSortKey checks that the key encoding orders inet values as
// network_cmp does, on addresses that share long prefixes.
func TestInetSortKey(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	gen := func() Inet {
		if r.IntN(4) == 0 {
			var b [16]byte
			b[0], b[15] = byte(r.IntN(3)), byte(r.IntN(4))
			return Inet{Addr: netip.AddrFrom16(b), Bits: r.IntN(129)}
		}
		b := [4]byte{10, byte(r.IntN(2)), byte(r.IntN(3) * 64), byte(r.IntN(3))}
		return Inet{Addr: netip.AddrFrom4(b), Bits: r.IntN(33)}
	}
	for i := 0; i < 20000; i++ {
		a, b := gen(), gen()
		want := networkCmp(a, b)
		got := compareBytes(InetSortKey(a.Text(false)), InetSortKey(b.Text(false)))
		if got != want {
			t.Fatalf("%s vs %s: key order %d, network_cmp %d", a.Text(false), b.Text(false), got, want)
		}
	}
}

func TestParseInet(t *testing.T) {
	for _, tc := range []struct {
		in   string
		cidr bool
		want string // output, or "error"
	}{
		{"10.1.2.3/8", false, "10.1.2.3/8"},
		{"10.1.2.3/32", false, "10.1.2.3"},
		{"10/8", true, "10.0.0.0/8"},
		{"192.168", true, "192.168.0.0/24"},
		{"224", true, "224.0.0.0/4"},
		{"10.1.2", false, "error"},
		{"10.1.2/24", false, "10.1.2.0/24"},
		{"10.0.0.1/8", true, "error"},
		{"::1.2.3.4", false, "::1.2.3.4"},
		{"::ffff:1.2.3.4", false, "::ffff:1.2.3.4"},
		{"1:0:0:2:0:0:0:3", false, "1:0:0:2::3"},
		{"fe80::1%eth0", false, "error"},
		{"1.2.3.4/33", false, "error"},
	} {
		v, err := parseInet(tc.in, tc.cidr, "inet")
		got := "error"
		if err == nil {
			got = v.Text(tc.cidr)
		}
		if got != tc.want {
			t.Errorf("%q (cidr %v): got %s, want %s", tc.in, tc.cidr, got, tc.want)
		}
	}
}
