package storage

import "github.com/tuskdb/tusk/internal/sql/types"

// Index keys of range and multirange values. They order as range_cmp and
// multirange_cmp do: the empty range first, then by lower bound (an
// infinite one first, an inclusive one before an exclusive one at the
// same value), then by upper bound (an exclusive one before an inclusive
// one at the same value, an infinite one last). The subtype's own keys
// are self-delimiting, so bounds can follow one another.

const markRange = 0x27

func appendRangeKey(buf []byte, t *types.T, r *types.RangeVal) []byte {
	if r.IsEmpty() {
		return append(buf, 0)
	}
	sub := t.Range.Sub
	buf = append(buf, 1)
	if lb := r.LowerBound(); lb.Inf {
		buf = append(buf, 0)
	} else {
		buf = appendKeyAsc(append(buf, 1), sub, lb.Val)
		if lb.Inc {
			buf = append(buf, 0)
		} else {
			buf = append(buf, 1)
		}
	}
	if ub := r.UpperBound(); ub.Inf {
		buf = append(buf, 2)
	} else {
		buf = appendKeyAsc(append(buf, 1), sub, ub.Val)
		if ub.Inc {
			buf = append(buf, 1)
		} else {
			buf = append(buf, 0)
		}
	}
	return buf
}

// appendMultirangeKey encodes each range after a continuation byte and
// ends with a zero byte, so that a multirange sorts after its prefixes.
func appendMultirangeKey(buf []byte, t *types.T, m *types.MultirangeVal) []byte {
	for i := range m.Ranges {
		buf = appendRangeKey(append(buf, 1), t, &m.Ranges[i])
	}
	return append(buf, 0)
}
