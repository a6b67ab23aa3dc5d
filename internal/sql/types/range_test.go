package types

import (
	"bytes"
	"testing"
)

// The text forms of range values, as range_in canonicalises them and
// range_out prints them (the difftest corpus compares the same against
// PostgreSQL; these run without a server).
func TestRangeText(t *testing.T) {
	for _, c := range []struct {
		t        *T
		in, want string
	}{
		{ByOid(3904), "[1,5)", "[1,5)"},
		{ByOid(3904), "(1,5]", "[2,6)"},
		{ByOid(3904), " empty ", "empty"},
		{ByOid(3904), "[3,3)", "empty"},
		{ByOid(3904), "(,)", "(,)"},
		{ByOid(3926), `["1","5"]`, "[1,6)"},
		{ByOid(3906), "[1.50,2)", "[1.50,2)"},
		{ByOid(4451), "{[1,3), [2,5), empty, [7,8)}", "{[1,5),[7,8)}"},
		{ByOid(4451), "{}", "{}"},
		{ByOid(4451), "{[1,2),[2,3)}", "{[1,3)}"},
	} {
		d, err := Parse(c.t, c.in, DefaultCtx)
		if err != nil {
			t.Errorf("%s %q: %v", c.t.Name, c.in, err)
			continue
		}
		if got := string(Format(nil, c.t, d, DefaultCtx)); got != c.want {
			t.Errorf("%s %q: got %q, want %q", c.t.Name, c.in, got, c.want)
		}
	}
}

// Bounds that need quoting come back as they went in.
func TestRangeBoundQuoting(t *testing.T) {
	info := &RangeInfo{Sub: Text, RangeOid: 70000, MultiOid: 70002}
	rt, _, _, _ := NewRangeType(70000, "textrange", 70001, 70002, "textmultirange", 70003, info)
	for _, b := range []string{"", "a", "a,b", `a"b`, `a\b`, "a(b", "a)b", "a[b", "a]b", "a b", "a\tb", "a{b"} {
		d, err := MakeRange(rt, RangeBound{Val: NewString(b), Inc: true}, RangeBound{Val: NewString(b + "z")})
		if err != nil {
			t.Fatal(err)
		}
		text := string(Format(nil, rt, d, DefaultCtx))
		back, err := Parse(rt, text, DefaultCtx)
		if err != nil {
			t.Errorf("bound %q: %s: %v", b, text, err)
			continue
		}
		if Compare(rt, d, back) != 0 || back.Range().Lower.Str() != b {
			t.Errorf("bound %q: %s read back as %q", b, text, back.Range().Lower.Str())
		}
	}
}

// range_send and multirange_send's forms read back to equal values, and
// receiving canonicalises as input does.
func TestRangeBinary(t *testing.T) {
	i4r, i4m := ByOid(3904), ByOid(4451)
	for _, c := range []struct {
		t  *T
		in string
	}{
		{i4r, "[1,5)"}, {i4r, "empty"}, {i4r, "(,3)"}, {i4r, "[2,)"},
		{ByOid(3906), "(1.5,2.25]"},
		{i4m, "{[1,3),[5,7)}"}, {i4m, "{}"},
	} {
		d, err := Parse(c.t, c.in, DefaultCtx)
		if err != nil {
			t.Fatal(err)
		}
		b, err := AppendBinary(nil, c.t, d, DefaultCtx)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseBinary(c.t, b, DefaultCtx)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if Compare(c.t, d, back) != 0 {
			t.Errorf("%s: read back as %s", c.in, Format(nil, c.t, back, DefaultCtx))
		}
	}
	// [1,5] in binary: flags LB_INC|UB_INC and two int4 bounds.
	in := []byte{RangeLBInc | RangeUBInc, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 5}
	d, err := ParseBinary(i4r, in, DefaultCtx)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(Format(nil, i4r, d, DefaultCtx)); got != "[1,6)" {
		t.Errorf("got %s, want [1,6)", got)
	}
	want := []byte{RangeLBInc, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 6}
	if out, _ := AppendBinary(nil, i4r, d, DefaultCtx); !bytes.Equal(out, want) {
		t.Errorf("sent %v, want %v", out, want)
	}
}
