package exec

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// sortedSide returns n rows (key, tag) ordered by key, with keys drawn
// from [0, keys) so that they repeat, and NULL keys first or last.
func sortedSide(rng *rand.Rand, n, keys int, tag string, nullsFirst bool) []types.Row {
	var ks []int64
	for range n {
		ks = append(ks, int64(rng.IntN(keys)))
	}
	slices.Sort(ks)
	var rows []types.Row
	nulls := n / 10
	for i := range nulls {
		if nullsFirst {
			rows = append(rows, types.Row{types.Null, types.NewString(fmt.Sprintf("%sn%d", tag, i))})
		}
	}
	for i, k := range ks[nulls:] {
		rows = append(rows, types.Row{types.NewInt(k), types.NewString(fmt.Sprintf("%s%d", tag, i))})
	}
	if !nullsFirst {
		for i := range nulls {
			rows = append(rows, types.Row{types.Null, types.NewString(fmt.Sprintf("%sn%d", tag, i))})
		}
	}
	return rows
}

func rowString(r types.Row) string {
	s := ""
	for _, d := range r {
		if d.IsNull() {
			s += "NULL|"
			continue
		}
		if d.Kind() == types.KInt {
			s += fmt.Sprint(d.Int())
		} else {
			s += d.Str()
		}
		s += "|"
	}
	return s
}

// TestMergeJoinMatchesNestedLoop joins ordered inputs with duplicate and
// NULL keys by merge join, for every join type with and without a
// residual condition, and compares the result (as a multiset) with a
// nested loop over the same rows.
func TestMergeJoinMatchesNestedLoop(t *testing.T) {
	col := func(i int) evalFn {
		return func(_ *State, r types.Row) (types.Datum, error) { return r[i], nil }
	}
	// cond keeps pairs whose tags differ in length parity.
	cond := func(_ *State, r types.Row) (types.Datum, error) {
		if r[0].IsNull() || r[2].IsNull() {
			return types.Null, nil
		}
		return types.NewBool((len(r[1].Str())+len(r[3].Str()))%2 == 0), nil
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 40 {
		left := sortedSide(rng, rng.IntN(60), 1+rng.IntN(20), "l", trial%2 == 0)
		right := sortedSide(rng, rng.IntN(60), 1+rng.IntN(20), "r", trial%3 == 0)
		for _, jt := range []analyze.JoinType{analyze.JoinInner, analyze.JoinLeft, analyze.JoinRight, analyze.JoinFull} {
			for _, withCond := range []bool{false, true} {
				var c evalFn
				if withCond {
					c = cond
				}
				s := &State{}
				o := &mergeJoinOp{left: &rowsOp{rows: left}, rightIn: &rowsOp{rows: right},
					lk: []evalFn{col(0)}, rk: []evalFn{col(0)}, kt: []*types.T{types.Int8},
					keepRight: jt == analyze.JoinRight || jt == analyze.JoinFull,
					joinRows:  joinRows{cond: c, jt: jt, lw: 2, rw: 2, out: make(types.Row, 4)}}
				var got []string
				for {
					r, err := o.Next(s)
					if err != nil {
						t.Fatal(err)
					}
					if r == nil {
						break
					}
					got = append(got, rowString(r))
				}
				o.Close()
				want := nestedLoopJoin(s, left, right, jt, c)
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Fatalf("trial %d, join type %v, cond %v: got %d rows %v, want %d rows %v", trial, jt, withCond, len(got), got, len(want), want)
				}
			}
		}
	}
}

// nestedLoopJoin is the reference: every pair with equal non-NULL keys
// passing cond, plus the NULL-extended unmatched rows of outer joins.
func nestedLoopJoin(s *State, left, right []types.Row, jt analyze.JoinType, cond evalFn) []string {
	var out []string
	rmatched := make([]bool, len(right))
	for _, l := range left {
		matched := false
		for j, r := range right {
			if l[0].IsNull() || r[0].IsNull() || l[0].Int() != r[0].Int() {
				continue
			}
			row := types.Row{l[0], l[1], r[0], r[1]}
			if cond != nil {
				v, _ := cond(s, row)
				if v.IsNull() || !v.Bool() {
					continue
				}
			}
			matched, rmatched[j] = true, true
			out = append(out, rowString(row))
		}
		if !matched && (jt == analyze.JoinLeft || jt == analyze.JoinFull) {
			out = append(out, rowString(types.Row{l[0], l[1], types.Null, types.Null}))
		}
	}
	if jt == analyze.JoinRight || jt == analyze.JoinFull {
		for j, r := range right {
			if !rmatched[j] {
				out = append(out, rowString(types.Row{types.Null, types.Null, r[0], r[1]}))
			}
		}
	}
	return out
}
