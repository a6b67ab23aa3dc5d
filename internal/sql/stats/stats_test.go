package stats

import (
	"math"
	"testing"

	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

func key(v int64) []byte { return storage.AppendKey(nil, types.Int4, types.NewInt(v), false) }

// sampleTable samples 1000 rows: id 1..1000 (unique), a = id % 10 (ten
// common values), c NULL in every fourth row.
func sampleTable(size int) *Table {
	s := NewSampler(size, 1)
	for i := int64(1); i <= 1000; i++ {
		c := types.NewInt(i)
		if i%4 == 0 {
			c = types.Null
		}
		s.Add(types.Row{types.NewInt(i), types.NewInt(i % 10), c}, 16)
	}
	return Build(s, []int16{1, 2, 3}, []*types.T{types.Int4, types.Int4, types.Int4}, nil)
}

func TestBuildWholeTable(t *testing.T) {
	st := sampleTable(SampleSize)
	if st.Rows != 1000 {
		t.Fatalf("rows = %v, want 1000", st.Rows)
	}
	id, a, c := st.Cols[1], st.Cols[2], st.Cols[3]
	if id.NDistinct != -1 || len(id.MCV) != 0 || len(id.Hist) != Target+1 {
		t.Errorf("id: ndistinct %v, %d MCVs, %d bounds; want -1, 0, %d", id.NDistinct, len(id.MCV), len(id.Hist), Target+1)
	}
	if id.Correlation < 0.99 {
		t.Errorf("id correlation %v, want 1", id.Correlation)
	}
	if a.NDistinct != 10 || len(a.MCV) != 10 || len(a.Hist) != 0 {
		t.Errorf("a: ndistinct %v, %d MCVs, %d bounds; want 10, 10, 0", a.NDistinct, len(a.MCV), len(a.Hist))
	}
	if f, ok := a.MCVFreq(key(3)); !ok || math.Abs(f-0.1) > 1e-9 {
		t.Errorf("a = 3 frequency %v %v, want 0.1", f, ok)
	}
	if c.NullFrac != 0.25 || c.NDistinct != -0.75 {
		t.Errorf("c: null fraction %v, ndistinct %v; want 0.25, -0.75", c.NullFrac, c.NDistinct)
	}
	if c.Width != 4 {
		t.Errorf("c width %d, want 4", c.Width)
	}
}

func TestBuildSample(t *testing.T) {
	st := sampleTable(300)
	if st.Rows != 1000 {
		t.Fatalf("rows = %v, want 1000 (all rows counted, 300 sampled)", st.Rows)
	}
	// A unique column stays unique, scaled with the table.
	if d := st.Cols[1].Distinct(st.Rows); d != 1000 {
		t.Errorf("id distinct %v, want 1000", d)
	}
	if d := st.Cols[2].Distinct(st.Rows); d != 10 {
		t.Errorf("a distinct %v, want 10", d)
	}
}

func TestHistFraction(t *testing.T) {
	st := sampleTable(SampleSize)
	id := st.Cols[1]
	for _, tc := range []struct {
		v    int64
		want float64
	}{{0, 0}, {5, 0.004}, {250, 0.25}, {500, 0.5}, {900, 0.9}, {2000, 1}} {
		got, ok := id.HistFraction(key(tc.v), false)
		if !ok || math.Abs(got-tc.want) > 0.01 {
			t.Errorf("fraction below %d = %v, want %v", tc.v, got, tc.want)
		}
	}
}

func TestSamplerKeepsSize(t *testing.T) {
	s := NewSampler(10, 7)
	for i := range 10000 {
		s.Add(types.Row{types.NewInt(int64(i))}, 8)
	}
	if len(s.Rows) != 10 || s.Seen != 10000 || s.Bytes != 80000 {
		t.Fatalf("kept %d of %d rows, %d bytes", len(s.Rows), s.Seen, s.Bytes)
	}
	// A uniform sample of 0..9999 is not the first ten rows.
	late := 0
	for _, r := range s.Rows {
		if r[0].Int() >= 10 {
			late++
		}
	}
	if late == 0 {
		t.Errorf("sample holds only the first rows")
	}
}
