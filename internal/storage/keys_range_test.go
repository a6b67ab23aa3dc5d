package storage

import (
	"bytes"
	"testing"

	"github.com/tuskdb/tusk/internal/sql/types"
)

// Range and multirange keys sort as range_cmp and multirange_cmp order
// the values, ascending and descending.
func TestRangeKeyOrder(t *testing.T) {
	for _, c := range []struct {
		typ  *types.T
		vals []string
	}{
		{types.ByOid(3904), []string{"empty", "(,1)", "(,2)", "(,)", "[1,2)", "[1,3)", "[1,)", "[2,3)", "[2,)"}},
		{types.ByOid(3906), []string{"empty", "(,0]", "[0,0]", "[0,1)", "[0,1]", "(0,1)", "(0,1]", "(0,)", "[1.5,2)", "[10,11)"}},
		{types.ByOid(4451), []string{"{}", "{(,1)}", "{[0,1)}", "{[0,1),[2,3)}", "{[0,1),[2,3),[5,6)}", "{[0,1),[3,4)}", "{[0,2)}"}},
	} {
		var ds []types.Datum
		for _, v := range c.vals {
			d, err := types.Parse(c.typ, v, types.DefaultCtx)
			if err != nil {
				t.Fatalf("%s: %v", v, err)
			}
			ds = append(ds, d)
		}
		for i := range ds {
			for j := range ds {
				// The values are listed in ascending order.
				want := 0
				switch {
				case i < j:
					want = -1
				case i > j:
					want = 1
				}
				if got := types.Compare(c.typ, ds[i], ds[j]); got != want {
					t.Errorf("%s %s vs %s: compare %d, want %d", c.typ.Name, c.vals[i], c.vals[j], got, want)
				}
				for _, desc := range []bool{false, true} {
					got := bytes.Compare(AppendKey(nil, c.typ, ds[i], desc), AppendKey(nil, c.typ, ds[j], desc))
					w := want
					if desc {
						w = -w
					}
					if got != w {
						t.Errorf("%s %s vs %s (desc %v): key order %d, compare %d", c.typ.Name, c.vals[i], c.vals[j], desc, got, w)
					}
				}
			}
		}
	}
}
