package exec

import (
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// joinRows is what a nested loop and a hash join share: pairing the
// current left row with candidate right rows under the join condition,
// NULL-extending an unmatched left row (LEFT and FULL joins) and, once the
// left input is done, returning the right rows nothing matched (RIGHT and
// FULL joins).
type joinRows struct {
	cond   evalFn
	jt     analyze.JoinType
	lw, rw int
	out    types.Row

	right []types.Row
	// rightMatched marks the right rows matched so far; nil unless the
	// join returns unmatched right rows.
	rightMatched []bool

	leftRow  types.Row
	haveLeft bool
	// cands are the indexes into right that may match the left row; with
	// all set, every right row may.
	cands   []int
	all     bool
	pos     int
	matched bool
	tailPos int
}

// trackRight prepares rightMatched for the current right rows when the
// join returns unmatched ones.
func (j *joinRows) trackRight() {
	j.rightMatched = nil
	if j.jt == analyze.JoinRight || j.jt == analyze.JoinFull {
		j.rightMatched = make([]bool, len(j.right))
	}
}

// setLeft makes row the current left row, to be paired with the right
// rows at cands (all of them when all is set).
func (j *joinRows) setLeft(row types.Row, cands []int, all bool) {
	j.leftRow = append(j.leftRow[:0], row...)
	j.haveLeft = true
	j.cands, j.all, j.pos, j.matched = cands, all, 0, false
}

// nextForLeft returns the next joined row of the current left row; when
// its candidates are exhausted it returns the NULL-extended left row of a
// LEFT or FULL join that matched nothing, else nil, and the left row is
// done (haveLeft is false).
func (j *joinRows) nextForLeft(s *State) (types.Row, error) {
	for {
		var i int
		switch {
		case j.all && j.pos < len(j.right):
			i = j.pos
		case !j.all && j.pos < len(j.cands):
			i = j.cands[j.pos]
		default:
			j.haveLeft = false
			if !j.matched && (j.jt == analyze.JoinLeft || j.jt == analyze.JoinFull) {
				copy(j.out, j.leftRow)
				for k := j.lw; k < j.lw+j.rw; k++ {
					j.out[k] = types.Null
				}
				return j.out, nil
			}
			return nil, nil
		}
		j.pos++
		copy(j.out, j.leftRow)
		copy(j.out[j.lw:], j.right[i])
		if j.cond != nil {
			v, err := j.cond(s, j.out)
			if err != nil {
				return nil, err
			}
			if v.IsNull() || !v.Bool() {
				continue
			}
		}
		j.matched = true
		if j.rightMatched != nil {
			j.rightMatched[i] = true
		}
		return j.out, nil
	}
}

// nextUnmatchedRight returns the next right row no left row matched,
// NULL-extended, or nil.
func (j *joinRows) nextUnmatchedRight() types.Row {
	for j.rightMatched != nil && j.tailPos < len(j.right) {
		i := j.tailPos
		j.tailPos++
		if !j.rightMatched[i] {
			for k := 0; k < j.lw; k++ {
				j.out[k] = types.Null
			}
			copy(j.out[j.lw:], j.right[i])
			return j.out
		}
	}
	return nil
}
