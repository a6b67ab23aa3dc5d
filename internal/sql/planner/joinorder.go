package planner

import (
	"math"
	"math/bits"

	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/plan"
)

// joinDPLimit is the number of FROM items up to which the join order is
// searched exhaustively by dynamic programming over subsets; beyond it a
// greedy search joins the cheapest pair first (PostgreSQL's
// geqo_threshold plays this part).
const joinDPLimit = 10

// joinItem is one relation of a join search: a FROM item, an inner join's
// side, or an outer join kept whole.
type joinItem struct {
	node  analyze.JoinNode
	rtes  map[int]bool
	local []analyze.Expr // conjuncts that read only this item
	rows  float64        // estimated rows after local
	cost  float64
	// rel is the range table entry of a plain table (the candidate inner
	// side of an index nested loop), or -1.
	rel int
}

// joinClause is a conjunct that reads more than one item.
type joinClause struct {
	e    analyze.Expr
	mask uint64
	sel  float64
}

// The join methods.
const (
	methodHash = iota
	methodNestLoop
	methodIndexNL
)

// joinPath is a candidate plan of a set of items.
type joinPath struct {
	mask        uint64
	left, right *joinPath
	leaf        int
	method      int
	rows, cost  float64
	order       []int // leaves in order, to break ties toward the query's order
}

// joinSearch is the state of ordering one FROM list.
type joinSearch struct {
	p       *planner
	est     *estimator
	items   []*joinItem
	clauses []joinClause
}

// flattenInner lists the items of a FROM list, opening inner and cross
// joins into their sides (their conditions join the WHERE conjuncts);
// outer joins stay whole.
func flattenInner(from []analyze.JoinNode) (items []analyze.JoinNode, conds []analyze.Expr) {
	var walk func(n analyze.JoinNode)
	walk = func(n analyze.JoinNode) {
		if j, ok := n.(*analyze.JoinExpr); ok && (j.Type == analyze.JoinInner || j.Type == analyze.JoinCross) {
			walk(j.Left)
			walk(j.Right)
			conds = append(conds, conjuncts(j.On)...)
			return
		}
		items = append(items, n)
	}
	for _, n := range from {
		walk(n)
	}
	return items, conds
}

// mayReorder reports whether the FROM list's items can be joined in any
// order: none reads another item (LATERAL).
func mayReorder(q *analyze.Query, from []analyze.JoinNode) bool {
	ok := true
	for _, item := range from {
		for r := range rtesOf(item) {
			rte := q.RangeTable[r]
			switch rte.Kind {
			case analyze.RTEFunction:
				for _, f := range rte.Funcs {
					if rs, _ := refs(f); len(rs) > 0 {
						ok = false
					}
				}
			case analyze.RTESubquery:
				if rte.Lateral {
					ok = false
				}
			case analyze.RTEValues:
				for _, row := range rte.Values {
					for _, e := range row {
						if rs, _ := refs(e); len(rs) > 0 {
							ok = false
						}
					}
				}
			}
		}
	}
	return ok
}

// planFromOrdered plans a FROM list of several items in the order the cost
// model prefers. ok is false when the list must be joined in the query's
// order (a LATERAL item), or holds a single item.
func (p *planner) planFromOrdered(q *analyze.Query, level int) (plan.Node, *layout, bool, error) {
	if !mayReorder(q, q.From) {
		return nil, nil, false, nil
	}
	nodes, onConds := flattenInner(q.From)
	if len(nodes) < 2 || len(nodes) > 64 {
		return nil, nil, false, nil
	}
	s := &joinSearch{p: p, est: &estimator{q: q}}
	pending := append(conjuncts(q.Where), onConds...)
	var top []analyze.Expr
	for _, n := range nodes {
		it := &joinItem{node: n, rtes: rtesOf(n), rel: -1}
		if rr, ok := n.(*analyze.RangeRef); ok {
			if rte := q.RangeTable[rr.RTE]; rte.Kind == analyze.RTERelation && rte.Table != nil && !isVirtual(rte.Table) && rte.Table.Kind == 'r' {
				it.rel = rr.RTE
			}
		}
		s.items = append(s.items, it)
	}
	for _, c := range pending {
		r, ok := refs(c)
		if !ok || len(r) == 0 {
			top = append(top, c)
			continue
		}
		var mask uint64
		for i, it := range s.items {
			for k := range r {
				if it.rtes[k] {
					mask |= 1 << i
					break
				}
			}
		}
		// A conjunct reading an entry none of the items holds (a join's
		// own entry) waits for the top.
		covered := 0
		for i, it := range s.items {
			if mask&(1<<i) != 0 {
				for k := range r {
					if it.rtes[k] {
						covered++
					}
				}
			}
		}
		if covered < len(r) || mask == 0 {
			top = append(top, c)
			continue
		}
		if bits.OnesCount64(mask) == 1 {
			it := s.items[bits.TrailingZeros64(mask)]
			it.local = append(it.local, c)
			continue
		}
		s.clauses = append(s.clauses, joinClause{e: c, mask: mask, sel: s.est.sel(c)})
	}
	for _, it := range s.items {
		it.rows, it.cost = s.itemEstimate(it)
	}
	best := s.search()
	node, lay, err := s.build(q, level, best)
	if err != nil {
		return nil, nil, false, err
	}
	if len(top) > 0 {
		cond, err := p.rewrite(andAll(top), lay)
		if err != nil {
			return nil, nil, false, err
		}
		node = &plan.Filter{Input: node, Cond: cond}
	}
	return node, lay, true, nil
}

// itemEstimate estimates an item's rows after its own conjuncts, and the
// cost of producing them.
func (s *joinSearch) itemEstimate(it *joinItem) (rows, cost float64) {
	switch n := it.node.(type) {
	case *analyze.RangeRef:
		raw := s.est.relRows(n.RTE)
		rows = raw
		for _, c := range it.local {
			rows *= s.est.sel(c)
		}
		return clampRowEst(rows), seqScanCost(raw, len(it.local))
	case *analyze.JoinExpr:
		// An outer join kept whole: its preserved side's rows at least.
		l := &joinItem{node: n.Left, rtes: rtesOf(n.Left), rel: -1}
		r := &joinItem{node: n.Right, rtes: rtesOf(n.Right), rel: -1}
		lr, lc := s.itemEstimate(l)
		rr, rc := s.itemEstimate(r)
		out := math.Max(lr, rr)
		switch n.Type {
		case analyze.JoinLeft:
			out = lr
		case analyze.JoinRight:
			out = rr
		case analyze.JoinFull:
			out = lr + rr
		}
		for _, c := range it.local {
			out *= s.est.sel(c)
		}
		return clampRowEst(out), lc + rc + hashJoinCost(lr, rr, out)
	}
	return defaultRows, defaultRows * cpuTupleCost
}

func clampRowEst(r float64) float64 {
	if r < 1 || math.IsNaN(r) {
		return 1
	}
	return math.Round(r)
}

// between returns the selectivity of the clauses that join the sets a
// and b (read both, and nothing outside them), and whether one is an
// equality the hash join can use as a key.
func (s *joinSearch) between(a, b uint64) (sel float64, any, equi bool) {
	sel = 1
	for _, c := range s.clauses {
		if c.mask&^(a|b) != 0 || c.mask&a == 0 || c.mask&b == 0 {
			continue
		}
		any = true
		sel *= c.sel
		if isEquiClause(c.e) {
			equi = true
		}
	}
	return sel, any, equi
}

// isEquiClause reports whether a conjunct is "x = y" with a hashable
// operator and compatible types, x and y reading columns.
func isEquiClause(c analyze.Expr) bool {
	f, ok := c.(*analyze.Func)
	if !ok || f.Op == nil || f.Op.Name != "=" || len(f.Args) != 2 || !f.Op.CanHash {
		return false
	}
	ra, oka := refs(f.Args[0])
	rb, okb := refs(f.Args[1])
	return oka && okb && len(ra) > 0 && len(rb) > 0 && hashCompatible(f.Args[0].Type(), f.Args[1].Type())
}

// join returns the cheapest way to join two paths (l the outer side).
func (s *joinSearch) join(l, r *joinPath) *joinPath {
	sel, _, equi := s.between(l.mask, r.mask)
	rows := clampRowEst(l.rows * r.rows * sel)
	jp := &joinPath{mask: l.mask | r.mask, left: l, right: r, rows: rows, order: append(append([]int(nil), l.order...), r.order...)}
	if equi {
		jp.method = methodHash
		jp.cost = l.cost + r.cost + hashJoinCost(l.rows, r.rows, rows)
	} else {
		jp.method = methodNestLoop
		jp.cost = l.cost + r.cost + nestLoopCost(l.rows, r.rows, rows)
	}
	if r.left == nil && equi {
		if it := s.items[r.leaf]; it.rel >= 0 && s.indexProbe(l.mask, r.leaf) {
			raw := s.est.relRows(it.rel)
			perProbe := math.Max(raw*sel, 1)
			if c := l.cost + indexNestLoopCost(l.rows, perProbe, len(it.local), rows); c < jp.cost {
				jp.method, jp.cost = methodIndexNL, c
			}
		}
	}
	return jp
}

// indexProbe reports whether an index of item leaf's table can be probed
// by equalities with the items of mask: its first column is compared by
// "=" with an expression of those items of the same type.
func (s *joinSearch) indexProbe(mask uint64, leaf int) bool {
	it := s.items[leaf]
	rte := s.est.q.RangeTable[it.rel]
	st := s.p.storageTable(rte.Table)
	outer := s.rtesOfMask(mask)
	slots := liveSlots(rte.Table)
	eqSlots := map[int]bool{}
	for _, c := range s.clauses {
		if c.mask&^(mask|1<<leaf) != 0 || c.mask&(1<<leaf) == 0 {
			continue
		}
		if col, _, ok := indexEqualityOuter(c.e, it.rel, outer); ok && col < len(slots) {
			eqSlots[slots[col]] = true
		}
	}
	if len(eqSlots) == 0 {
		return false
	}
	if !st.RowID && st.Primary != nil && len(st.Primary.Cols) > 0 && eqSlots[st.Primary.Cols[0]] {
		return true
	}
	for _, idx := range st.Indexes {
		if len(idx.Cols) > 0 && eqSlots[idx.Cols[0]] {
			return true
		}
	}
	return false
}

func (s *joinSearch) rtesOfMask(mask uint64) map[int]bool {
	out := map[int]bool{}
	for i, it := range s.items {
		if mask&(1<<i) != 0 {
			for k := range it.rtes {
				out[k] = true
			}
		}
	}
	return out
}

// better reports whether path a beats path b: cheaper, or as cheap and
// closer to the query's order.
func better(a, b *joinPath) bool {
	if b == nil {
		return true
	}
	const eps = 1e-9
	if a.cost < b.cost*(1-eps) {
		return true
	}
	if a.cost > b.cost*(1+eps) {
		return false
	}
	for i := range min(len(a.order), len(b.order)) {
		if a.order[i] != b.order[i] {
			return a.order[i] < b.order[i]
		}
	}
	return false
}

// search finds the cheapest join tree of all items.
func (s *joinSearch) search() *joinPath {
	n := len(s.items)
	leaves := make([]*joinPath, n)
	for i, it := range s.items {
		leaves[i] = &joinPath{mask: 1 << i, leaf: i, rows: it.rows, cost: it.cost, order: []int{i}}
	}
	if n > joinDPLimit {
		return s.greedy(leaves)
	}
	full := uint64(1)<<n - 1
	best := make([]*joinPath, full+1)
	for i := range leaves {
		best[1<<i] = leaves[i]
	}
	// Subsets in order of size, so every proper subset is done first.
	bySize := make([][]uint64, n+1)
	for m := uint64(1); m <= full; m++ {
		bySize[bits.OnesCount64(m)] = append(bySize[bits.OnesCount64(m)], m)
	}
	for size := 2; size <= n; size++ {
		for _, m := range bySize[size] {
			// Joins along a condition first; a cartesian product only
			// when no split of the set has one.
			for pass := 0; pass < 2 && best[m] == nil; pass++ {
				for sub := (m - 1) & m; sub > 0; sub = (sub - 1) & m {
					l, r := best[sub], best[m^sub]
					if l == nil || r == nil {
						continue
					}
					if pass == 0 {
						if _, any, _ := s.between(sub, m^sub); !any {
							continue
						}
					}
					if jp := s.join(l, r); better(jp, best[m]) {
						best[m] = jp
					}
				}
			}
		}
	}
	return best[full]
}

// greedy joins, again and again, the pair of partial trees whose join is
// cheapest, preferring pairs joined by a condition.
func (s *joinSearch) greedy(parts []*joinPath) *joinPath {
	for len(parts) > 1 {
		var bestJP *joinPath
		bi, bj := -1, -1
		for pass := 0; pass < 2 && bestJP == nil; pass++ {
			for i := range parts {
				for j := range parts {
					if i == j {
						continue
					}
					if pass == 0 {
						if _, any, _ := s.between(parts[i].mask, parts[j].mask); !any {
							continue
						}
					}
					if jp := s.join(parts[i], parts[j]); better(jp, bestJP) {
						bestJP, bi, bj = jp, i, j
					}
				}
			}
		}
		var next []*joinPath
		for k := range parts {
			if k != bi && k != bj {
				next = append(next, parts[k])
			}
		}
		parts = append([]*joinPath{bestJP}, next...)
	}
	return parts[0]
}

// build plans the chosen join tree.
func (s *joinSearch) build(q *analyze.Query, level int, jp *joinPath) (plan.Node, *layout, error) {
	p := s.p
	if jp.left == nil {
		it := s.items[jp.leaf]
		n, l, _, back, err := p.planJoinNode(q, level, it.node, nil, it.local)
		if err != nil {
			return nil, nil, err
		}
		if n, err = p.filterRest(n, l, back); err != nil {
			return nil, nil, err
		}
		return n, l, nil
	}
	var conds []analyze.Expr
	for _, c := range s.clauses {
		if c.mask&^jp.mask == 0 && c.mask&^jp.left.mask != 0 && c.mask&^jp.right.mask != 0 {
			conds = append(conds, c.e)
		}
	}
	ln, ll, err := s.build(q, level, jp.left)
	if err != nil {
		return nil, nil, err
	}
	if jp.method == methodIndexNL {
		it := s.items[jp.right.leaf]
		rn, rl, err := p.planIndexProbe(q, level, it.rel, append(append([]analyze.Expr(nil), it.local...), conds...), ll)
		if err != nil {
			return nil, nil, err
		}
		// Rows per probe: the table's rows matching one outer row.
		per := clampRowEst(jp.rows / math.Max(jp.left.rows, 1))
		probe := rn
		if f, ok := rn.(*plan.Filter); ok {
			f.EstRows = per
			probe = f.Input
		}
		if is, ok := probe.(*plan.IndexScan); ok {
			is.EstRows = per
		}
		cols := concatCols(ln.Columns(), rn.Columns())
		return &plan.NestLoop{Left: ln, Right: rn, Type: analyze.JoinInner, Lateral: true, Cols: cols, EstRows: jp.rows}, concatLayouts(ll, rl), nil
	}
	rn, rl, err := s.build(q, level, jp.right)
	if err != nil {
		return nil, nil, err
	}
	combined := concatLayouts(ll, rl)
	jt := analyze.JoinInner
	if len(conds) == 0 {
		jt = analyze.JoinCross
	}
	n, err := p.makeJoin(ln, rn, ll, rl, combined, jt, andAll(conds), false)
	if err != nil {
		return nil, nil, err
	}
	switch j := n.(type) {
	case *plan.HashJoin:
		j.EstRows = jp.rows
	case *plan.NestLoop:
		j.EstRows = jp.rows
	case *plan.MergeJoin:
		j.EstRows = jp.rows
	}
	return n, combined, nil
}

// planIndexProbe plans the inner side of an index nested loop: a scan of
// table entry rel, run once per outer row (of layout outer), by an index
// when the conditions fix its leading columns by values of that row.
func (p *planner) planIndexProbe(q *analyze.Query, level int, rel int, quals []analyze.Expr, outer *layout) (plan.Node, *layout, error) {
	// "outer = column" is written "column = outer", as the index
	// condition reads.
	quals = append([]analyze.Expr(nil), quals...)
	for i, c := range quals {
		if _, _, ok := indexEqualityOuter(c, rel, outer.off); ok {
			f := c.(*analyze.Func)
			if v, isVar := f.Args[1].(*analyze.Var); isVar && v.LevelsUp == 0 && v.Rel == rel {
				g := *f
				g.Args = []analyze.Expr{f.Args[1], f.Args[0]}
				quals[i] = &g
			}
		}
	}
	p.frames = append(p.frames, frame{level: level, lay: outer})
	defer func() { p.frames = p.frames[:len(p.frames)-1] }()
	node, err := p.planRTE(q, level, rel, q.RangeTable[rel])
	if err != nil {
		return nil, nil, err
	}
	lay := &layout{q: q, level: level, off: map[int]int{rel: 0}, width: len(node.Columns())}
	rest := quals
	if scan, ok := node.(*plan.SeqScan); ok {
		p.probeOuter = outer
		var used []analyze.Expr
		node, used, err = p.useIndex(scan, rel, quals, lay)
		p.probeOuter = nil
		if err != nil {
			return nil, nil, err
		}
		rest = without(quals, used)
	}
	if len(rest) == 0 {
		return node, lay, nil
	}
	cond, err := p.rewrite(andAll(rest), lay)
	if err != nil {
		return nil, nil, err
	}
	return &plan.Filter{Input: node, Cond: cond}, lay, nil
}
