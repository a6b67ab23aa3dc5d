package stats

import (
	"bytes"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

// Target is the statistics target (PostgreSQL's default_statistics_target):
// up to Target most common values and Target histogram buckets per
// column, from a sample of 300*Target rows.
const Target = 100

// SampleSize is the number of rows ANALYZE keeps.
const SampleSize = 300 * Target

// BytesPerPage is the size of the pages relpages counts.
const BytesPerPage = 8192

// Sampler keeps a uniform random sample of the rows offered to it
// (reservoir sampling, Vitter's algorithm R) and counts them all.
type Sampler struct {
	Size  int
	Rows  []types.Row
	Seen  int64
	Bytes int64
	rng   *rand.Rand
}

// NewSampler returns a sampler keeping size rows.
func NewSampler(size int, seed uint64) *Sampler {
	return &Sampler{Size: size, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// Add offers a row (copied if kept) and its stored size in bytes.
func (s *Sampler) Add(row types.Row, size int) {
	s.Seen++
	s.Bytes += int64(size)
	if len(s.Rows) < s.Size {
		s.Rows = append(s.Rows, append(types.Row(nil), row...))
		return
	}
	if j := s.rng.Int64N(s.Seen); j < int64(s.Size) {
		s.Rows[j] = append(s.Rows[j][:0], row...)
	}
}

// KeyedType reports whether a type's key encoding orders and equates its
// values as its comparison operators do, so statistics can compare
// constants with histogram bounds and common values by their keys.
func KeyedType(t *types.T) bool {
	switch types.BaseType(t).Oid {
	case types.OidInt2, types.OidInt4, types.OidInt8, types.OidText, types.OidVarchar, types.OidBool,
		types.OidOid, types.OidDate, types.OidTimestamp, types.OidTimestampTZ, types.OidUUID, types.OidName:
		return true
	}
	return false
}

// Build computes a table's statistics from a sample: rows is the table's
// row count, bytes their stored size, cols the types of the sampled
// columns by attnum (a row's slot i holds attnum attnums[i]).
func Build(s *Sampler, attnums []int16, cols []*types.T, want func(attnum int16) bool) *Table {
	t := &Table{Rows: float64(s.Seen), Pages: math.Ceil(float64(s.Bytes) / BytesPerPage), Cols: map[int16]*Column{}}
	if s.Seen > 0 && t.Pages < 1 {
		t.Pages = 1
	}
	for i, att := range attnums {
		if cols[i] == nil || (want != nil && !want(att)) {
			continue
		}
		t.Cols[att] = buildColumn(s, i, cols[i], float64(s.Seen))
	}
	return t
}

// sampleValue is one non-null sampled value: its sort and equality key,
// and its position in the sample (for the correlation).
type sampleValue struct {
	key []byte
	pos int
	d   types.Datum
}

func buildColumn(s *Sampler, slot int, t *types.T, total float64) *Column {
	c := &Column{Keyed: KeyedType(t)}
	n := len(s.Rows)
	if n == 0 {
		return c
	}
	keyable := storage.Keyable(t)
	var vals []sampleValue
	nulls := 0
	width := 0
	for i, row := range s.Rows {
		if slot >= len(row) || row[slot].IsNull() {
			nulls++
			continue
		}
		var key []byte
		text := types.FormatString(t, row[slot], types.DefaultCtx)
		if keyable {
			key = storage.AppendKey(nil, t, row[slot], false)
		} else {
			key = []byte(text)
		}
		width += len(text)
		if t.Len == -1 {
			// A varlena value's length header: one byte when short.
			if len(text) < 127 {
				width++
			} else {
				width += 4
			}
		}
		vals = append(vals, sampleValue{key: key, pos: i, d: row[slot]})
	}
	c.NullFrac = float64(nulls) / float64(n)
	if len(vals) == 0 {
		return c
	}
	c.Width = width / len(vals)
	if t.Len > 0 {
		c.Width = int(t.Len)
	}
	sort.SliceStable(vals, func(i, j int) bool { return bytes.Compare(vals[i].key, vals[j].key) < 0 })

	// Runs of equal values.
	type run struct {
		start, count int
	}
	var runs []run
	for i := 0; i < len(vals); {
		j := i + 1
		for j < len(vals) && bytes.Equal(vals[j].key, vals[i].key) {
			j++
		}
		runs = append(runs, run{i, j - i})
		i = j
	}
	d := float64(len(runs))
	f1 := 0.0
	for _, r := range runs {
		if r.count == 1 {
			f1++
		}
	}
	nonNull := float64(len(vals))
	totalNonNull := total * (1 - c.NullFrac)
	switch {
	case f1 == nonNull && float64(n) >= total:
		// The whole table was read and every value is distinct.
		c.NDistinct = -(1 - c.NullFrac)
	case float64(n) >= total:
		c.NDistinct = d
	case f1 == nonNull:
		// Every sampled value distinct: assume a unique column.
		c.NDistinct = -(1 - c.NullFrac)
	default:
		// Haas and Stokes' Duj1 estimator, as PostgreSQL's analyze.c.
		nd := nonNull * d / (nonNull - f1 + f1*nonNull/math.Max(totalNonNull, nonNull))
		nd = math.Max(math.Min(nd, totalNonNull), d)
		c.NDistinct = math.Floor(nd + 0.5)
	}
	// Store a large ratio as a negative fraction, so it scales with the
	// table (PostgreSQL does so above a tenth of the rows).
	if c.NDistinct > 0 && c.NDistinct > 0.1*total {
		c.NDistinct = -c.NDistinct / total
	}

	// Most common values: those seen more than once and more often than
	// the average value, most frequent first.
	avg := nonNull / d
	byFreq := make([]int, 0, len(runs))
	for i, r := range runs {
		if r.count > 1 && (float64(r.count) > avg*1.25 || float64(n) >= total && len(runs) <= Target) {
			byFreq = append(byFreq, i)
		}
	}
	sort.SliceStable(byFreq, func(a, b int) bool { return runs[byFreq[a]].count > runs[byFreq[b]].count })
	if len(byFreq) > Target {
		byFreq = byFreq[:Target]
	}
	inMCV := map[int]bool{}
	for _, ri := range byFreq {
		r := runs[ri]
		v := vals[r.start]
		c.MCV = append(c.MCV, v.key)
		c.MCF = append(c.MCF, float64(r.count)/float64(n))
		c.MCVText = append(c.MCVText, types.FormatString(t, v.d, types.DefaultCtx))
		inMCV[ri] = true
	}

	// Histogram over the values left, equi-depth.
	var rest []sampleValue
	for ri, r := range runs {
		if !inMCV[ri] {
			rest = append(rest, vals[r.start:r.start+r.count]...)
		}
	}
	if keyable && len(runs)-len(byFreq) >= 2 {
		buckets := min(Target, len(runs)-len(byFreq)-1)
		for b := 0; b <= buckets; b++ {
			i := b * (len(rest) - 1) / buckets
			c.Hist = append(c.Hist, rest[i].key)
			c.HistText = append(c.HistText, types.FormatString(t, rest[i].d, types.DefaultCtx))
		}
	}

	// Correlation between the values' order and the rows' order.
	if keyable && len(vals) > 1 {
		m := float64(len(vals))
		var sx, sy, sxx, syy, sxy float64
		for rank, v := range vals {
			x, y := float64(rank), float64(v.pos)
			sx, sy, sxx, syy, sxy = sx+x, sy+y, sxx+x*x, syy+y*y, sxy+x*y
		}
		den := math.Sqrt((m*sxx - sx*sx) * (m*syy - sy*sy))
		if den > 0 {
			c.Correlation = (m*sxy - sx*sy) / den
		}
	}
	return c
}
