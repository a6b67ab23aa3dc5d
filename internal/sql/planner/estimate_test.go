package planner

import (
	"math"
	"testing"

	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/stats"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// statsTable is a table of 1000 analyzed rows: id 1..1000 (primary key),
// a = id % 10, c NULL in every fourth row.
func statsTable(oid types.Oid) *analyze.Table {
	s := stats.NewSampler(stats.SampleSize, 1)
	for i := int64(1); i <= 1000; i++ {
		c := types.NewInt(i)
		if i%4 == 0 {
			c = types.Null
		}
		s.Add(types.Row{types.NewInt(i), types.NewInt(i % 10), c}, 16)
	}
	st := stats.Build(s, []int16{1, 2, 3}, []*types.T{types.Int4, types.Int4, types.Int4}, nil)
	return &analyze.Table{Oid: oid, Schema: "public", Name: "t", Kind: 'r', Stats: st,
		Columns: []analyze.Column{{Name: "id", T: types.Int4, Attnum: 1, NotNull: true}, {Name: "a", T: types.Int4, Attnum: 2}, {Name: "c", T: types.Int4, Attnum: 3}},
		Primary: &analyze.TableIndex{Oid: oid + 1, Name: "t_pkey", Columns: []int16{1}, Unique: true, Primary: true}}
}

// plainTable is a table never analyzed, without keys.
func plainTable(oid types.Oid) *analyze.Table {
	return &analyze.Table{Oid: oid, Schema: "public", Name: "p", Kind: 'r', RowID: true,
		Columns: []analyze.Column{{Name: "x", T: types.Int4, Attnum: 1}}}
}

func relRTE(t *analyze.Table) *analyze.RTE {
	rte := &analyze.RTE{Kind: analyze.RTERelation, Table: t}
	for _, c := range t.Columns {
		rte.ColNames = append(rte.ColNames, c.Name)
		rte.ColTypes = append(rte.ColTypes, c.T)
	}
	return rte
}

func col(rel, c int) *analyze.Var { return &analyze.Var{Rel: rel, Col: c, T: types.Int4} }

func i4(v int64) *analyze.Const {
	return &analyze.Const{T: types.Int4, Value: types.NewInt(v), Loc: -1}
}

func op(name string, a, b analyze.Expr) *analyze.Func {
	return &analyze.Func{Fn: &builtins.Func{Volatility: builtins.Immutable}, Op: &builtins.Operator{Name: name, CanHash: name == "="}, Args: []analyze.Expr{a, b}}
}

func TestSelectivity(t *testing.T) {
	q := &analyze.Query{RangeTable: []*analyze.RTE{relRTE(statsTable(20000)), relRTE(plainTable(20010)), relRTE(statsTable(20020))}}
	e := &estimator{q: q}
	id, a, c, x := col(0, 0), col(0, 1), col(0, 2), col(1, 0)
	near := func(got, want float64) bool { return math.Abs(got-want) <= want*0.05+1e-9 }
	for _, tc := range []struct {
		name string
		cond analyze.Expr
		want float64
	}{
		{"common value", op("=", a, i4(3)), 0.1},
		{"absent value of a fully common column", op("=", a, i4(42)), 0.05},
		{"unique column", op("=", id, i4(7)), 0.001},
		{"column on the right", op("=", i4(7), id), 0.001},
		{"not equal", op("<>", a, i4(3)), 0.9},
		{"below", op("<", id, i4(251)), 0.25},
		{"at most", op("<=", id, i4(500)), 0.5},
		{"above, reversed", op("<", i4(900), id), 0.1},
		{"between", &analyze.BoolOp{Op: analyze.And, Args: []analyze.Expr{op(">=", id, i4(101)), op("<=", id, i4(300))}}, 0.9 * 0.3},
		{"is null", &analyze.NullTest{Arg: c}, 0.25},
		{"is not null", &analyze.NullTest{Arg: c, Not: true}, 0.75},
		{"not null column", &analyze.NullTest{Arg: id}, 0.0},
		{"or", &analyze.BoolOp{Op: analyze.Or, Args: []analyze.Expr{op("=", a, i4(1)), op("=", a, i4(2))}}, 0.19},
		{"not", &analyze.BoolOp{Op: analyze.Not, Args: []analyze.Expr{op("=", a, i4(1))}}, 0.9},
		{"in list", &analyze.ScalarArrayOp{Op: op("=", a, nil), Left: a, Any: true,
			Array: &analyze.ArrayExpr{Elems: []analyze.Expr{i4(1), i4(2), i4(3)}, T: types.Int4}}, 0.3},
		{"no statistics", op("=", x, i4(1)), defaultEqSel},
		{"no statistics, range", op(">", x, i4(1)), defaultIneqSel},
		{"join on a key", op("=", col(2, 0), col(0, 1)), 0.001},
		{"join on non-keys", op("=", col(2, 1), col(0, 1)), 0.1},
		{"join with an unanalyzed column", op("=", x, a), 1 / defaultNumDistinc},
	} {
		if got := e.sel(tc.cond); !near(got, tc.want) {
			t.Errorf("%s: selectivity %v, want %v", tc.name, got, tc.want)
		}
	}
	if r := e.relRows(0); r != 1000 {
		t.Errorf("analyzed table rows %v, want 1000", r)
	}
}

// TestJoinOrderAvoidsCartesian checks that items listed so that the
// query's order would need a cartesian product (A, C, B with A-B and B-C
// joined) are joined along the conditions.
func TestJoinOrderAvoidsCartesian(t *testing.T) {
	q := &analyze.Query{RangeTable: []*analyze.RTE{relRTE(plainTable(20100)), relRTE(plainTable(20110)), relRTE(plainTable(20120))}}
	s := &joinSearch{p: &planner{}, est: &estimator{q: q}}
	for i := range 3 {
		s.items = append(s.items, &joinItem{node: &analyze.RangeRef{RTE: i}, rtes: map[int]bool{i: true}, rel: -1, rows: 1000, cost: 20})
	}
	// Items 0 and 2 are each joined to 1 only.
	for _, pair := range [][2]int{{0, 1}, {1, 2}} {
		c := op("=", col(pair[0], 0), col(pair[1], 0))
		s.clauses = append(s.clauses, joinClause{e: c, mask: 1<<pair[0] | 1<<pair[1], sel: s.est.sel(c)})
	}
	best := s.search()
	var cross func(*joinPath) bool
	cross = func(jp *joinPath) bool {
		if jp.left == nil {
			return false
		}
		if _, any, _ := s.between(jp.left.mask, jp.right.mask); !any {
			return true
		}
		return cross(jp.left) || cross(jp.right)
	}
	if best.mask != 7 || cross(best) {
		t.Fatalf("plan %v joins without a condition", best.order)
	}
	// The greedy search, used for many items, avoids it too.
	leaves := []*joinPath{}
	for i, it := range s.items {
		leaves = append(leaves, &joinPath{mask: 1 << i, leaf: i, rows: it.rows, cost: it.cost, order: []int{i}})
	}
	if g := s.greedy(leaves); g.mask != 7 || cross(g) {
		t.Fatalf("greedy plan %v joins without a condition", g.order)
	}
}

// TestJoinOrderSmallInner checks that a hash join builds its table on the
// smaller input, and that equal inputs keep the query's order.
func TestJoinOrderSmallInner(t *testing.T) {
	q := &analyze.Query{RangeTable: []*analyze.RTE{relRTE(plainTable(20200)), relRTE(plainTable(20210))}}
	s := &joinSearch{p: &planner{}, est: &estimator{q: q}}
	c := op("=", col(0, 0), col(1, 0))
	s.clauses = []joinClause{{e: c, mask: 3, sel: s.est.sel(c)}}
	for _, tc := range []struct {
		rows0, rows1 float64
		order        []int
	}{{10, 10000, []int{1, 0}}, {10000, 10, []int{0, 1}}, {500, 500, []int{0, 1}}} {
		s.items = []*joinItem{
			{node: &analyze.RangeRef{RTE: 0}, rtes: map[int]bool{0: true}, rel: -1, rows: tc.rows0, cost: seqScanCost(tc.rows0, 0)},
			{node: &analyze.RangeRef{RTE: 1}, rtes: map[int]bool{1: true}, rel: -1, rows: tc.rows1, cost: seqScanCost(tc.rows1, 0)},
		}
		best := s.search()
		if best.method != methodHash || best.order[0] != tc.order[0] {
			t.Errorf("rows %v and %v: method %d order %v, want a hash join in order %v", tc.rows0, tc.rows1, best.method, best.order, tc.order)
		}
	}
}
