package planner

import (
	"math"

	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/stats"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

// PostgreSQL's default selectivities (utils/selfuncs.h), used where no
// statistics say better.
const (
	defaultEqSel      = 0.005
	defaultIneqSel    = 1.0 / 3
	defaultRangeSel   = 0.005
	defaultMatchSel   = 0.005
	defaultNullSel    = 0.005
	defaultBoolSel    = 0.5
	defaultNumDistinc = 200.0
	// defaultRows is the row count assumed for a table never analyzed and
	// for a set-returning function (PostgreSQL assumes 1000 rows for a
	// function scan).
	defaultRows = 1000.0
	// defaultSubqueryRows is assumed for a subquery, CTE or other FROM
	// item whose size the planner does not derive.
	defaultSubqueryRows = 1000.0
)

// estimator estimates row counts and selectivities of conditions over
// the range table entries of one query level.
type estimator struct {
	q *analyze.Query
}

// relStats returns the statistics of a range table entry that is a
// table, or nil.
func (e *estimator) relStats(rel int) (*analyze.Table, *stats.Table) {
	if rel < 0 || rel >= len(e.q.RangeTable) {
		return nil, nil
	}
	rte := e.q.RangeTable[rel]
	if rte.Kind != analyze.RTERelation || rte.Table == nil {
		return nil, nil
	}
	return rte.Table, rte.Table.Stats
}

// relRows estimates the number of rows a range table entry produces
// before any condition.
func (e *estimator) relRows(rel int) float64 {
	rte := e.q.RangeTable[rel]
	switch rte.Kind {
	case analyze.RTERelation:
		if rte.Table != nil && rte.Table.Stats != nil {
			return math.Max(rte.Table.Stats.Rows, 1)
		}
		if rte.Table != nil && rte.Table.Kind == 'S' {
			return 1
		}
		if rte.Table != nil && !isVirtual(rte.Table) {
			// Never analyzed: the rows counted going in and out.
			if n, ok := storage.LiveRows(rte.Table.Oid); ok && n > 0 {
				return float64(n)
			}
		}
		return defaultRows
	case analyze.RTEValues:
		return math.Max(float64(len(rte.Values)), 1)
	case analyze.RTEFunction:
		return defaultRows
	}
	return defaultSubqueryRows
}

// colStats returns the statistics of column col (a position among the
// entry's live columns) of a table entry, or nil.
func (e *estimator) colStats(rel, col int) *stats.Column {
	t, st := e.relStats(rel)
	if st == nil || st.Cols == nil {
		return nil
	}
	live := t.LiveColumns()
	if col < 0 || col >= len(live) {
		return nil
	}
	return st.Cols[live[col].Attnum]
}

// isUniqueCol reports whether a column of a table entry alone is a
// unique or primary key.
func (e *estimator) isUniqueCol(rel, col int) bool {
	rte := e.q.RangeTable[rel]
	if rte.Kind != analyze.RTERelation || rte.Table == nil {
		return false
	}
	live := rte.Table.LiveColumns()
	if col < 0 || col >= len(live) {
		return false
	}
	att := live[col].Attnum
	check := func(ti *analyze.TableIndex) bool {
		return ti != nil && (ti.Unique || ti.Primary) && len(ti.Columns) == 1 && ti.Columns[0] == att
	}
	if !rte.Table.RowID && check(rte.Table.Primary) {
		return true
	}
	for _, ti := range rte.Table.Indexes {
		if check(ti) {
			return true
		}
	}
	return false
}

// distinct estimates the number of distinct values of a column
// reference; known is false when nothing (statistics or a unique index)
// vouches for it.
func (e *estimator) distinct(v *analyze.Var) (nd float64, known bool) {
	if v.LevelsUp != 0 {
		return defaultNumDistinc, false
	}
	rows := e.relRows(v.Rel)
	if e.isUniqueCol(v.Rel, v.Col) {
		return rows, true
	}
	if cs := e.colStats(v.Rel, v.Col); cs != nil {
		return math.Max(cs.Distinct(rows), 1), true
	}
	if v.T != nil && v.T.Oid == types.OidBool {
		return 2, true
	}
	return math.Min(defaultNumDistinc, rows), false
}

// sel estimates the fraction of rows that satisfy a condition.
func (e *estimator) sel(c analyze.Expr) float64 {
	return clampSel(e.sel0(c))
}

func clampSel(s float64) float64 {
	switch {
	case math.IsNaN(s) || s < 0:
		return 0
	case s > 1:
		return 1
	}
	return s
}

func (e *estimator) sel0(c analyze.Expr) float64 {
	switch x := c.(type) {
	case *analyze.Const:
		if x.T != nil && x.T.Oid == types.OidBool {
			if x.Value.IsNull() || !x.Value.Bool() {
				return 0
			}
			return 1
		}
		return defaultBoolSel
	case *analyze.BoolOp:
		switch x.Op {
		case analyze.And:
			s := 1.0
			for _, a := range x.Args {
				s *= e.sel(a)
			}
			return s
		case analyze.Or:
			s := 0.0
			for _, a := range x.Args {
				t := e.sel(a)
				s = s + t - s*t
			}
			return s
		case analyze.Not:
			if len(x.Args) == 1 {
				return 1 - e.sel(x.Args[0])
			}
		}
		return defaultBoolSel
	case *analyze.NullTest:
		s := defaultNullSel
		if v, ok := x.Arg.(*analyze.Var); ok && !x.RowArg {
			if cs := e.colStats(v.Rel, v.Col); cs != nil && v.LevelsUp == 0 {
				s = cs.NullFrac
			} else if e.notNullCol(v) {
				s = 0
			}
		}
		if x.Not {
			return 1 - s
		}
		return s
	case *analyze.ScalarArrayOp:
		return e.arraySel(x)
	case *analyze.Func:
		if x.Op == nil || len(x.Args) != 2 {
			return defaultBoolSel
		}
		switch x.Op.Name {
		case "=":
			return e.eqSel(x.Args[0], x.Args[1])
		case "<>":
			return 1 - e.eqSel(x.Args[0], x.Args[1]) - e.nullFrac(x.Args[0])
		case "<", "<=", ">", ">=":
			return e.ineqSel(x.Op.Name, x.Args[0], x.Args[1])
		case "~~", "~~*", "~", "~*":
			return defaultMatchSel
		case "!~~", "!~~*", "!~", "!~*":
			return 1 - defaultMatchSel
		}
		return defaultIneqSel
	case *analyze.Var:
		if x.T != nil && x.T.Oid == types.OidBool {
			return e.eqSel(x, &analyze.Const{T: types.Bool, Value: types.NewBool(true), Loc: -1})
		}
	}
	return defaultBoolSel
}

func (e *estimator) notNullCol(v *analyze.Var) bool {
	if v.LevelsUp != 0 {
		return false
	}
	t, _ := e.relStats(v.Rel)
	if t == nil {
		return false
	}
	live := t.LiveColumns()
	return v.Col >= 0 && v.Col < len(live) && live[v.Col].NotNull
}

func (e *estimator) nullFrac(x analyze.Expr) float64 {
	if v, ok := x.(*analyze.Var); ok && v.LevelsUp == 0 {
		if cs := e.colStats(v.Rel, v.Col); cs != nil {
			return cs.NullFrac
		}
	}
	return 0
}

// localVar returns the column reference of this query level among a and
// b and the other operand, when the other reads no column of this level.
func localVar(a, b analyze.Expr) (*analyze.Var, analyze.Expr, bool) {
	for i, x := range []analyze.Expr{a, b} {
		v, ok := x.(*analyze.Var)
		if !ok || v.LevelsUp != 0 {
			continue
		}
		other := b
		if i == 1 {
			other = a
		}
		if r, ok := refs(other); ok && len(r) == 0 {
			return v, other, i == 0
		}
	}
	return nil, nil, false
}

// constKey returns a constant's key encoding when the column's statistics
// compare by key.
func constKey(cs *stats.Column, v *analyze.Var, x analyze.Expr) ([]byte, bool) {
	c, ok := x.(*analyze.Const)
	if !ok || cs == nil || !cs.Keyed || c.T == nil || v.T == nil || c.T.Oid != v.T.Oid || c.Value.IsNull() {
		return nil, false
	}
	if !storage.Keyable(c.T) {
		return nil, false
	}
	return storage.AppendKey(nil, c.T, c.Value, false), true
}

// eqSel estimates "a = b".
func (e *estimator) eqSel(a, b analyze.Expr) float64 {
	va, aIsVar := a.(*analyze.Var)
	vb, bIsVar := b.(*analyze.Var)
	if aIsVar && bIsVar && va.LevelsUp == 0 && vb.LevelsUp == 0 {
		if va.Rel == vb.Rel && va.Col == vb.Col {
			return 1 - e.nullFrac(va)
		}
		return e.joinSel(va, vb)
	}
	v, other, _ := localVar(a, b)
	if v == nil {
		return defaultEqSel
	}
	if c, ok := other.(*analyze.Const); ok && c.Value.IsNull() {
		return 0
	}
	nd, known := e.distinct(v)
	cs := e.colStats(v.Rel, v.Col)
	if cs == nil {
		if known {
			return 1 / math.Max(nd, 1)
		}
		return defaultEqSel
	}
	if key, ok := constKey(cs, v, other); ok {
		if f, found := cs.MCVFreq(key); found {
			return f
		}
	}
	// A value not among the most common ones (or an unknown one): the
	// rest of the non-null rows shared evenly by the other values.
	rest := 1 - cs.NullFrac - cs.SumMCF()
	others := nd - float64(len(cs.MCV))
	if others < 1 {
		if len(cs.MCV) > 0 {
			// Every value is a common one: an unknown value matches as
			// often as the rarest.
			return cs.MCF[len(cs.MCF)-1] / 2
		}
		others = 1
	}
	if _, isConst := other.(*analyze.Const); !isConst {
		// A parameter or outer reference: any value, weighted as 1/nd.
		return (1 - cs.NullFrac) / math.Max(nd, 1)
	}
	return math.Max(rest, 0) / others
}

// joinSel estimates an equality between columns of two entries:
// 1/max(nd1, nd2) of the non-null pairs.
func (e *estimator) joinSel(a, b *analyze.Var) float64 {
	nda, _ := e.distinct(a)
	ndb, _ := e.distinct(b)
	s := (1 - e.nullFrac(a)) * (1 - e.nullFrac(b))
	return s / math.Max(math.Max(nda, ndb), 1)
}

// ineqSel estimates "a op b" for op one of < <= > >=.
func (e *estimator) ineqSel(op string, a, b analyze.Expr) float64 {
	v, other, varLeft := localVar(a, b)
	if v == nil {
		return defaultIneqSel
	}
	cs := e.colStats(v.Rel, v.Col)
	key, ok := constKey(cs, v, other)
	if !ok {
		return defaultIneqSel
	}
	// Normalize to "column < value" (below) or "column > value".
	below := op == "<" || op == "<="
	incl := op == "<=" || op == ">="
	if !varLeft {
		below = !below
	}
	// Fraction of the MCVs on the chosen side, exactly.
	mcvSel, mcvTotal := 0.0, 0.0
	for i, m := range cs.MCV {
		mcvTotal += cs.MCF[i]
		c := compareBytes(m, key)
		if below && (c < 0 || incl && c == 0) || !below && (c > 0 || incl && c == 0) {
			mcvSel += cs.MCF[i]
		}
	}
	histPop := math.Max(1-cs.NullFrac-mcvTotal, 0)
	frac, ok := cs.HistFraction(key, below == incl)
	if !ok {
		if histPop > 0 {
			frac = defaultIneqSel
		}
		if below {
			return mcvSel + histPop*frac
		}
		return mcvSel + histPop*frac
	}
	if !below {
		frac = 1 - frac
	}
	return mcvSel + histPop*frac
}

func compareBytes(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

// arraySel estimates "x op ANY (array)" and "x op ALL (array)".
func (e *estimator) arraySel(x *analyze.ScalarArrayOp) float64 {
	n := 3.0 // elements assumed when the array is not a literal list
	var elems []analyze.Expr
	if arr, ok := x.Array.(*analyze.ArrayExpr); ok {
		elems = arr.Elems
		n = float64(len(elems))
	}
	isEq := x.Op != nil && x.Op.Op != nil && x.Op.Op.Name == "="
	if !isEq {
		if x.Any {
			return 1 - math.Pow(1-defaultIneqSel, n)
		}
		return math.Pow(defaultIneqSel, n)
	}
	if !x.Any {
		return defaultEqSel
	}
	s := 0.0
	if len(elems) > 0 {
		for _, el := range elems {
			s += e.eqSel(x.Left, el)
		}
	} else {
		s = n * defaultEqSel
		if v, ok := x.Left.(*analyze.Var); ok && v.LevelsUp == 0 {
			nd, _ := e.distinct(v)
			s = n * (1 - e.nullFrac(v)) / math.Max(nd, 1)
		}
	}
	return math.Min(s, 1)
}

// filteredRows estimates the rows of a table entry that pass quals; ok is
// false for entries that are not tables.
func (e *estimator) filteredRows(rel int, quals []analyze.Expr) (float64, bool) {
	rte := e.q.RangeTable[rel]
	if rte.Kind != analyze.RTERelation || rte.Table == nil || isVirtual(rte.Table) || rte.Table.Kind != 'r' {
		return 0, false
	}
	rows := e.relRows(rel)
	for _, c := range quals {
		rows *= e.sel(c)
	}
	return clampRowEst(rows), true
}
