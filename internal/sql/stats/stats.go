// Package stats holds the planner statistics ANALYZE gathers for a table
// (PostgreSQL's pg_class.reltuples and pg_statistic) and the sampling
// that gathers them. It is a leaf package: the catalog stores its values,
// the planner reads them.
package stats

import (
	"bytes"
	"math"
	"sort"
)

// Table is what ANALYZE learned about one table.
type Table struct {
	// Rows is the estimated number of live rows (reltuples).
	Rows float64 `json:"rows"`
	// Pages is the estimated number of 8 kB pages the rows fill (relpages).
	Pages float64 `json:"pages"`
	// Cols are the columns' statistics by attnum.
	Cols map[int16]*Column `json:"cols,omitempty"`
}

// Column is one column's statistics, as pg_statistic keeps them.
type Column struct {
	// NullFrac is the fraction of rows whose value is NULL.
	NullFrac float64 `json:"nullfrac"`
	// Width is the average width in bytes of the non-null values.
	Width int `json:"width"`
	// NDistinct is the number of distinct non-null values when positive,
	// or minus its ratio to the row count when negative (PostgreSQL's
	// convention: -1 means every value is distinct).
	NDistinct float64 `json:"ndistinct"`
	// MCV lists the most common values in order-preserving key encoding
	// (storage.AppendKey), most common first; MCF their frequencies.
	// MCVText spells them in the type's text form, for pg_stats.
	MCV     [][]byte  `json:"mcv,omitempty"`
	MCF     []float64 `json:"mcf,omitempty"`
	MCVText []string  `json:"mcvtext,omitempty"`
	// Hist is an equi-depth histogram of the values not in MCV, as bucket
	// bounds in key encoding (ascending); HistText spells them.
	Hist     [][]byte `json:"hist,omitempty"`
	HistText []string `json:"histtext,omitempty"`
	// Correlation is the statistical correlation between the values'
	// order and the rows' physical (primary key) order.
	Correlation float64 `json:"corr"`
	// Keyed says the values' key encoding orders them as the type's
	// comparison does, so Hist and MCV comparisons by bytes are sound.
	Keyed bool `json:"keyed,omitempty"`
}

// Distinct returns the estimated number of distinct non-null values in a
// table of rows rows.
func (c *Column) Distinct(rows float64) float64 {
	if c.NDistinct >= 0 {
		return c.NDistinct
	}
	return -c.NDistinct * rows
}

// MCVFreq returns the frequency of key among the most common values.
func (c *Column) MCVFreq(key []byte) (float64, bool) {
	for i, v := range c.MCV {
		if bytes.Equal(v, key) {
			return c.MCF[i], true
		}
	}
	return 0, false
}

// SumMCF returns the total frequency of the most common values.
func (c *Column) SumMCF() float64 {
	s := 0.0
	for _, f := range c.MCF {
		s += f
	}
	return s
}

// HistFraction returns the fraction of the histogram's population below
// key (or at most key when incl), interpolating linearly within the
// bucket key falls in; ok is false without a histogram.
func (c *Column) HistFraction(key []byte, incl bool) (float64, bool) {
	n := len(c.Hist)
	if n < 2 {
		return 0, false
	}
	i := sort.Search(n, func(i int) bool {
		cmp := bytes.Compare(c.Hist[i], key)
		if incl {
			return cmp > 0
		}
		return cmp >= 0
	})
	switch {
	case i == 0:
		return 0, true
	case i >= n:
		return 1, true
	}
	// key lies in bucket i-1, between Hist[i-1] and Hist[i]: interpolate
	// by the keys' leading bytes where the bounds differ.
	return (float64(i-1) + interpolate(c.Hist[i-1], c.Hist[i], key)) / float64(n-1), true
}

// interpolate returns where key lies between lo and hi (0 to 1), reading
// the eight bytes after their common prefix as a number; 0.5 when the
// keys tell nothing.
func interpolate(lo, hi, key []byte) float64 {
	p := 0
	for p < len(lo) && p < len(hi) && lo[p] == hi[p] {
		p++
	}
	if p > len(key) || !bytes.Equal(key[:p], lo[:p]) {
		return 0.5
	}
	num := func(b []byte) float64 {
		v := 0.0
		for i := range 8 {
			v *= 256
			if p+i < len(b) {
				v += float64(b[p+i])
			}
		}
		return v
	}
	l, h, k := num(lo), num(hi), num(key)
	if h <= l {
		return 0.5
	}
	f := (k - l) / (h - l)
	return math.Min(math.Max(f, 0), 1)
}
