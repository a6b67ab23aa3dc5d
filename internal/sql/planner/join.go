package planner

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// conjuncts splits an AND tree into its parts.
func conjuncts(e analyze.Expr) []analyze.Expr {
	if e == nil {
		return nil
	}
	if b, ok := e.(*analyze.BoolOp); ok && b.Op == analyze.And {
		var out []analyze.Expr
		for _, a := range b.Args {
			out = append(out, conjuncts(a)...)
		}
		return out
	}
	return []analyze.Expr{e}
}

func andAll(es []analyze.Expr) analyze.Expr {
	switch len(es) {
	case 0:
		return nil
	case 1:
		return es[0]
	}
	return &analyze.BoolOp{Op: analyze.And, Args: es}
}

// refs returns the range table entries of this query level that e reads;
// ok is false when e cannot be moved (it has a subquery, or a volatile
// function).
func refs(e analyze.Expr) (map[int]bool, bool) {
	out := map[int]bool{}
	ok := true
	analyze.Walk(e, func(x analyze.Expr) bool {
		switch v := x.(type) {
		case *analyze.Var:
			if v.LevelsUp == 0 {
				out[v.Rel] = true
			}
		case *analyze.SubLink, *analyze.Aggref:
			ok = false
		case *analyze.Func:
			if v.Fn.Volatility == 'v' {
				ok = false
			}
		}
		return ok
	})
	return out, ok
}

func within(r map[int]bool, l *layout) bool {
	for k := range r {
		if !l.has(k) {
			return false
		}
	}
	return true
}

// planFrom plans the FROM clause and WHERE: items are joined left to
// right; a WHERE conjunct that reads one item filters it before the join,
// and equalities between the items joined so far and the next become hash
// join keys. What remains filters the result.
func (p *planner) planFrom(q *analyze.Query, level int) (plan.Node, *layout, error) {
	pending := conjuncts(q.Where)
	if len(q.From) == 0 {
		var node plan.Node = &plan.Result{}
		lay := &layout{q: q, level: level, off: map[int]int{}}
		if len(pending) > 0 {
			cond, err := p.rewrite(andAll(pending), lay)
			if err != nil {
				return nil, nil, err
			}
			node = &plan.Filter{Input: node, Cond: cond}
		}
		return node, lay, nil
	}
	if node, lay, ok, err := p.planFromOrdered(q, level); ok || err != nil {
		return node, lay, err
	}
	var node plan.Node
	var lay *layout
	for _, item := range q.From {
		// Conjuncts that read only this item go down into it: into the
		// sides of an explicit join where its type allows.
		var local, rest []analyze.Expr
		rtes := rtesOf(item)
		for _, c := range pending {
			if r, ok := refs(c); ok && len(r) > 0 && subset(r, rtes) {
				local = append(local, c)
			} else {
				rest = append(rest, c)
			}
		}
		pending = rest
		n, l, lateral, back, err := p.planJoinNode(q, level, item, lay, local)
		if err != nil {
			return nil, nil, err
		}
		if len(back) > 0 {
			cond, err := p.rewrite(andAll(back), l)
			if err != nil {
				return nil, nil, err
			}
			n = &plan.Filter{Input: n, Cond: cond}
		}
		if node == nil {
			node, lay = n, l
			continue
		}
		combined := concatLayouts(lay, l)
		var joinConds []analyze.Expr
		rest = nil
		for _, c := range pending {
			r, ok := refs(c)
			if ok && within(r, combined) {
				joinConds = append(joinConds, c)
			} else {
				rest = append(rest, c)
			}
		}
		pending = rest
		jn, err := p.makeJoin(node, n, lay, l, combined, analyze.JoinInner, andAll(joinConds), lateral)
		if err != nil {
			return nil, nil, err
		}
		node, lay = jn, combined
	}
	if len(pending) > 0 {
		cond, err := p.rewrite(andAll(pending), lay)
		if err != nil {
			return nil, nil, err
		}
		node = &plan.Filter{Input: node, Cond: cond}
	}
	return node, lay, nil
}

// planJoinNode plans one join-tree node. avail is the layout of the items
// to its left, which a LATERAL item may read; lateral reports that the
// node reads them, so its join must supply the left row.
//
// quals are conjuncts of the enclosing WHERE (or of an enclosing inner
// join's condition) that read only this node's items. A base relation
// applies them as its filter (choosing an index by them); a join passes
// each down to the side it reads when the join type allows, as
// PostgreSQL's qual pushdown does: into both sides of an inner join, into
// the preserved side of a LEFT or RIGHT join, nowhere through a FULL join.
// The quals it could not place come back in rest, for the caller to apply
// above the node.
func (p *planner) planJoinNode(q *analyze.Query, level int, item analyze.JoinNode, avail *layout, quals []analyze.Expr) (node plan.Node, lay *layout, lateral bool, rest []analyze.Expr, err error) {
	switch it := item.(type) {
	case *analyze.RangeRef:
		rte := q.RangeTable[it.RTE]
		lateral = avail != nil && p.readsLeft(q, rte, avail)
		if lateral {
			p.frames = append(p.frames, frame{level: level, lay: avail})
		}
		node, err = p.planRTE(q, level, it.RTE, rte)
		if lateral {
			p.frames = p.frames[:len(p.frames)-1]
		}
		if err != nil {
			return nil, nil, false, nil, err
		}
		lay = &layout{q: q, level: level, off: map[int]int{it.RTE: 0}, width: len(node.Columns())}
		est := &estimator{q: q}
		if scan, ok := node.(*plan.SeqScan); ok && scan.Sequence == 0 {
			scan.EstRows = est.relRows(it.RTE)
		}
		if len(quals) == 0 {
			return node, lay, lateral, nil, nil
		}
		rest := quals
		if scan, ok := node.(*plan.SeqScan); ok {
			var used []analyze.Expr
			if node, used, err = p.useIndex(scan, it.RTE, quals, lay); err != nil {
				return nil, nil, false, nil, err
			}
			rest = without(quals, used)
		}
		rows, haveRows := est.filteredRows(it.RTE, quals)
		if is, isIndex := node.(*plan.IndexScan); isIndex && haveRows {
			is.EstRows = rows
		}
		if len(rest) == 0 {
			return node, lay, lateral, nil, nil
		}
		cond, err := p.rewrite(andAll(rest), lay)
		if err != nil {
			return nil, nil, false, nil, err
		}
		f := &plan.Filter{Input: node, Cond: cond}
		if haveRows {
			f.EstRows = rows
		}
		return f, lay, lateral, nil, nil
	case *analyze.JoinExpr:
		on := it.On
		var leftQ, rightQ []analyze.Expr
		lrtes, rrtes := rtesOf(it.Left), rtesOf(it.Right)
		// side reports which side alone a pushable conjunct reads: 'l',
		// 'r', or 0.
		side := func(c analyze.Expr) byte {
			r, ok := refs(c)
			switch {
			case !ok || len(r) == 0:
				return 0
			case subset(r, lrtes):
				return 'l'
			case subset(r, rrtes):
				return 'r'
			}
			return 0
		}
		pushLeft := it.Type == analyze.JoinInner || it.Type == analyze.JoinCross || it.Type == analyze.JoinLeft
		pushRight := it.Type == analyze.JoinInner || it.Type == analyze.JoinCross || it.Type == analyze.JoinRight
		for _, c := range quals {
			switch s := side(c); {
			case s == 'l' && pushLeft:
				leftQ = append(leftQ, c)
			case s == 'r' && pushRight:
				rightQ = append(rightQ, c)
			case it.Type == analyze.JoinInner || it.Type == analyze.JoinCross:
				// Reads both sides: part of the join condition.
				on = andAll(append(conjuncts(on), c))
			default:
				rest = append(rest, c)
			}
		}
		// A join condition's conjunct that reads one side only filters
		// that side when the join does not preserve its rows.
		if on != nil && it.Type != analyze.JoinFull {
			var keep []analyze.Expr
			for _, c := range conjuncts(on) {
				switch s := side(c); {
				case s == 'l' && (it.Type == analyze.JoinInner || it.Type == analyze.JoinCross || it.Type == analyze.JoinRight):
					leftQ = append(leftQ, c)
				case s == 'r' && (it.Type == analyze.JoinInner || it.Type == analyze.JoinCross || it.Type == analyze.JoinLeft):
					rightQ = append(rightQ, c)
				default:
					keep = append(keep, c)
				}
			}
			on = andAll(keep)
		}
		// An equality between a column of each side carries a comparison
		// with a constant from one side to the other (PostgreSQL's
		// equivalence classes, narrowly): WHERE a.id = 6 with ON b.a_id =
		// a.id also filters b by b.a_id = 6, so both sides can use an
		// index. Only into a side whose rows the join does not preserve
		// unmatched, or an inner join's.
		if on != nil {
			eqs := columnEqualities(conjuncts(on), lrtes, rrtes)
			var toRight, toLeft []analyze.Expr
			if it.Type != analyze.JoinRight && it.Type != analyze.JoinFull {
				toRight = deriveConsts(leftQ, eqs, false)
			}
			if it.Type != analyze.JoinLeft && it.Type != analyze.JoinFull {
				toLeft = deriveConsts(rightQ, eqs, true)
			}
			leftQ, rightQ = append(leftQ, toLeft...), append(rightQ, toRight...)
		}
		ln, ll, llat, lrest, err := p.planJoinNode(q, level, it.Left, avail, leftQ)
		if err != nil {
			return nil, nil, false, nil, err
		}
		if ln, err = p.filterRest(ln, ll, lrest); err != nil {
			return nil, nil, false, nil, err
		}
		rn, rl, rlat, rrest, err := p.planJoinNode(q, level, it.Right, ll, rightQ)
		if err != nil {
			return nil, nil, false, nil, err
		}
		if rn, err = p.filterRest(rn, rl, rrest); err != nil {
			return nil, nil, false, nil, err
		}
		combined := concatLayouts(ll, rl)
		if rlat && (it.Type == analyze.JoinRight || it.Type == analyze.JoinFull) {
			return nil, nil, false, nil, pgerror.New(pgerror.InvalidColumnReference, "invalid reference to FROM-clause entry").
				WithDetail("The combining JOIN type must be INNER or LEFT for a LATERAL reference.")
		}
		jt := it.Type
		if jt == analyze.JoinCross && on != nil {
			jt = analyze.JoinInner
		}
		jn, err := p.makeJoin(ln, rn, ll, rl, combined, jt, on, rlat)
		if err != nil {
			return nil, nil, false, nil, err
		}
		return jn, combined, llat, rest, nil
	}
	return nil, nil, false, nil, pgerror.New(pgerror.InternalError, "unknown join tree node")
}

// without returns the conjuncts of conds that are not in drop (compared
// by identity).
func without(conds, drop []analyze.Expr) []analyze.Expr {
	if len(drop) == 0 {
		return conds
	}
	var out []analyze.Expr
next:
	for _, c := range conds {
		for _, d := range drop {
			if c == d {
				continue next
			}
		}
		out = append(out, c)
	}
	return out
}

// filterRest applies conjuncts a join node handed back as a filter.
func (p *planner) filterRest(n plan.Node, l *layout, rest []analyze.Expr) (plan.Node, error) {
	if len(rest) == 0 {
		return n, nil
	}
	cond, err := p.rewrite(andAll(rest), l)
	if err != nil {
		return nil, err
	}
	return &plan.Filter{Input: n, Cond: cond}, nil
}

// rtesOf returns the range table entries of the base relations under a
// join-tree node (not the joins' own entries: a conjunct that reads a
// join's merged USING columns is not pushed below that join).
func rtesOf(item analyze.JoinNode) map[int]bool {
	out := map[int]bool{}
	var walk func(analyze.JoinNode)
	walk = func(n analyze.JoinNode) {
		switch it := n.(type) {
		case *analyze.RangeRef:
			out[it.RTE] = true
		case *analyze.JoinExpr:
			walk(it.Left)
			walk(it.Right)
		}
	}
	walk(item)
	return out
}

func subset(r, of map[int]bool) bool {
	for k := range r {
		if !of[k] {
			return false
		}
	}
	return true
}

// readsLeft reports whether a FROM item reads columns of the items to its
// left (a LATERAL reference).
func (p *planner) readsLeft(q *analyze.Query, rte *analyze.RTE, avail *layout) bool {
	switch rte.Kind {
	case analyze.RTEFunction:
		for _, f := range rte.Funcs {
			r, _ := refs(f)
			for k := range r {
				if avail.has(k) {
					return true
				}
			}
		}
	case analyze.RTESubquery:
		return rte.Lateral && rte.Subquery.Correlated
	case analyze.RTEValues:
		for _, row := range rte.Values {
			for _, e := range row {
				r, _ := refs(e)
				for k := range r {
					if avail.has(k) {
						return true
					}
				}
			}
		}
	}
	return false
}

// makeJoin joins two planned inputs: a hash join when the condition has
// equalities between the two sides over hashable types, a nested loop
// otherwise (and always for LATERAL).
func (p *planner) makeJoin(left, right plan.Node, ll, rl, combined *layout, jt analyze.JoinType, on analyze.Expr, lateral bool) (plan.Node, error) {
	cols := concatCols(left.Columns(), right.Columns())
	if jt == analyze.JoinLeft || jt == analyze.JoinFull {
		cols = nullableCols(cols)
	}
	if !lateral && on != nil {
		var lkeys, rkeys []analyze.Expr
		var ktypes []*types.T
		var residual []analyze.Expr
		for _, c := range conjuncts(on) {
			if lk, rk, kt, ok := p.equiKey(c, ll, rl); ok {
				lkeys = append(lkeys, lk)
				rkeys = append(rkeys, rk)
				ktypes = append(ktypes, kt)
				continue
			}
			residual = append(residual, c)
		}
		if len(lkeys) > 0 {
			hj := &plan.HashJoin{Left: left, Right: right, Type: jt, KeyTypes: ktypes, Cols: cols}
			for i := range lkeys {
				l, err := p.rewrite(lkeys[i], ll)
				if err != nil {
					return nil, err
				}
				r, err := p.rewrite(rkeys[i], rl)
				if err != nil {
					return nil, err
				}
				hj.LeftKeys = append(hj.LeftKeys, l)
				hj.RightKeys = append(hj.RightKeys, r)
			}
			if len(residual) > 0 {
				cond, err := p.rewrite(andAll(residual), combined)
				if err != nil {
					return nil, err
				}
				hj.Cond = cond
			}
			if mj, ok := mergeJoin(hj); ok {
				return mj, nil
			}
			return hj, nil
		}
	}
	nl := &plan.NestLoop{Left: left, Right: right, Type: jt, Lateral: lateral, Cols: cols}
	if jt == analyze.JoinCross && on == nil {
		nl.Type = analyze.JoinInner
	}
	if on != nil {
		cond, err := p.rewrite(on, combined)
		if err != nil {
			return nil, err
		}
		nl.Cond = cond
	}
	return nl, nil
}

func nullableCols(c []plan.Column) []plan.Column {
	out := append([]plan.Column(nil), c...)
	for i := range out {
		out[i].Table, out[i].Attnum = 0, 0
	}
	return out
}

// equiKey recognizes "l = r" where l reads only the left input and r only
// the right (or the reverse), over types whose values hash alike.
func (p *planner) equiKey(c analyze.Expr, ll, rl *layout) (analyze.Expr, analyze.Expr, *types.T, bool) {
	f, ok := c.(*analyze.Func)
	if !ok || f.Op == nil || f.Op.Name != "=" || len(f.Args) != 2 || !f.Op.CanHash {
		return nil, nil, nil, false
	}
	a, b := f.Args[0], f.Args[1]
	ra, oka := refs(a)
	rb, okb := refs(b)
	if !oka || !okb || len(ra) == 0 || len(rb) == 0 {
		return nil, nil, nil, false
	}
	ta, tb := a.Type(), b.Type()
	if !hashCompatible(ta, tb) {
		return nil, nil, nil, false
	}
	switch {
	case within(ra, ll) && within(rb, rl):
		return a, b, ta, true
	case within(ra, rl) && within(rb, ll):
		return b, a, tb, true
	}
	return nil, nil, nil, false
}

// hashCompatible reports whether equal values of the two types have equal
// hash keys.
func hashCompatible(a, b *types.T) bool {
	if a.Oid == b.Oid {
		return a.Family != types.FamUnknown && a.Supported()
	}
	if a.Family == types.FamInt && b.Family == types.FamInt {
		return true
	}
	if a.Family == types.FamString && b.Family == types.FamString {
		// bpchar compares without trailing spaces; only same-type pairs.
		return a.Oid != types.OidBPChar && b.Oid != types.OidBPChar
	}
	if a.Family == types.FamFloat && b.Family == types.FamFloat {
		return true
	}
	return false
}

// planRTE plans the scan of one range table entry.
func (p *planner) planRTE(q *analyze.Query, level int, idx int, rte *analyze.RTE) (plan.Node, error) {
	cols := colsOf(rte.ColNames, rte.ColTypes)
	noRow := &layout{q: q, level: level, off: map[int]int{}}
	switch rte.Kind {
	case analyze.RTEValues:
		vs := &plan.ValuesScan{Cols: cols}
		for _, row := range rte.Values {
			var out []analyze.Expr
			for _, e := range row {
				fe, err := p.folder.fold(e)
				if err != nil {
					return nil, err
				}
				r, err := p.rewrite(fe, noRow)
				if err != nil {
					return nil, err
				}
				out = append(out, r)
			}
			vs.Rows = append(vs.Rows, out)
		}
		return vs, nil
	case analyze.RTEFunction:
		if len(rte.Funcs) != 1 {
			return nil, pgerror.New(pgerror.FeatureNotSupported, "ROWS FROM with several functions is not supported yet")
		}
		fe, err := p.folder.fold(rte.Funcs[0])
		if err != nil {
			return nil, err
		}
		r, err := p.rewrite(fe, noRow)
		if err != nil {
			return nil, err
		}
		f, ok := r.(*analyze.Func)
		if !ok {
			// Folded to a constant: a one-row scan of it.
			return &plan.ValuesScan{Rows: [][]analyze.Expr{append([]analyze.Expr{r}, ordinalityConst(rte)...)}, Cols: cols}, nil
		}
		return &plan.FunctionScan{Func: f, Ordinality: rte.Ordinality, Cols: cols}, nil
	case analyze.RTESubquery:
		if rte.Subquery.SetOp != nil {
			return p.planSetOp(rte.Subquery.SetOp, level)
		}
		n, err := p.planQuery(rte.Subquery, level+1)
		if err != nil {
			return nil, err
		}
		return renameCols(n, cols), nil
	case analyze.RTECTE:
		if wt, ok := p.work[rte.CTE]; ok {
			return &plan.WorkTableScan{Work: wt, Cols: cols}, nil
		}
		c, ok := p.ctes[rte.CTE]
		if !ok {
			var err error
			c, err = p.planCTE(rte.CTE, level)
			if err != nil {
				return nil, err
			}
		}
		return &plan.CTEScan{CTE: c, Cols: cols}, nil
	case analyze.RTERelation:
		withKey := q.Modify != nil && idx == q.Modify.ResultRel && q.Command != analyze.CmdInsert ||
			len(q.Locking) > 0
		if isVirtual(rte.Table) {
			return p.scanVirtual(rte.Table, cols, withKey)
		}
		scan := p.scanTable(rte.Table, cols, withKey)
		scan.Alias, scan.Schema = rte.Alias, rte.Table.Schema
		return scan, nil
	}
	return nil, pgerror.New(pgerror.FeatureNotSupported, "FROM item kind %d is not supported", rte.Kind)
}

func ordinalityConst(rte *analyze.RTE) []analyze.Expr {
	if !rte.Ordinality {
		return nil
	}
	return []analyze.Expr{&analyze.Const{T: types.Int8, Value: types.NewInt(1), Loc: -1}}
}

// renameCols gives a subquery's plan the column names of its entry.
func renameCols(n plan.Node, cols []plan.Column) plan.Node {
	in := n.Columns()
	out := &plan.Project{Input: n}
	for i := range cols {
		c := cols[i]
		if i < len(in) {
			c.Table, c.Attnum = in[i].Table, in[i].Attnum
		}
		out.Exprs = append(out.Exprs, &plan.InputRef{Index: i, T: cols[i].T})
		out.Cols = append(out.Cols, c)
	}
	return out
}

// planSetOp plans UNION, INTERSECT and EXCEPT.
func (p *planner) planSetOp(op *analyze.SetOp, level int) (plan.Node, error) {
	side := func(in any) (plan.Node, error) {
		switch in := in.(type) {
		case *analyze.Query:
			return p.planQuery(in, level+1)
		case *analyze.SetOp:
			return p.planSetOp(in, level)
		}
		return nil, pgerror.New(pgerror.InternalError, "bad set operation input")
	}
	l, err := side(op.Left)
	if err != nil {
		return nil, err
	}
	r, err := side(op.Right)
	if err != nil {
		return nil, err
	}
	cols := colsOf(op.ColNames, op.ColTypes)
	l = castCols(l, op.ColTypes)
	r = castCols(r, op.ColTypes)
	if op.Op == analyze.Union && op.All {
		return &plan.Append{Inputs: []plan.Node{l, r}, Cols: cols}, nil
	}
	return &plan.SetOp{Op: op.Op, All: op.All, Left: l, Right: r, Cols: cols}, nil
}

// castCols converts a set operation input's columns to the result types
// when they differ (a nested operation resolved to other types).
func castCols(n plan.Node, ts []*types.T) plan.Node {
	in := n.Columns()
	need := false
	for i := range ts {
		if in[i].T.Oid != ts[i].Oid {
			need = true
		}
	}
	if !need {
		return n
	}
	out := &plan.Project{Input: n}
	for i := range ts {
		var e analyze.Expr = &plan.InputRef{Index: i, T: in[i].T}
		if in[i].T.Oid != ts[i].Oid {
			e = &analyze.Cast{Arg: e, T: ts[i], Loc: -1}
		}
		out.Exprs = append(out.Exprs, e)
		out.Cols = append(out.Cols, plan.Column{Name: in[i].Name, T: ts[i]})
	}
	return out
}

// colPair is an equality "l = r" between a column of a join's left side
// and one of its right side, of the same type.
type colPair struct{ l, r *analyze.Var }

func columnEqualities(cs []analyze.Expr, lrtes, rrtes map[int]bool) []colPair {
	var out []colPair
	for _, c := range cs {
		f, ok := c.(*analyze.Func)
		if !ok || f.Op == nil || f.Op.Name != "=" || len(f.Args) != 2 {
			continue
		}
		a, ok1 := f.Args[0].(*analyze.Var)
		b, ok2 := f.Args[1].(*analyze.Var)
		if !ok1 || !ok2 || a.LevelsUp != 0 || b.LevelsUp != 0 || a.T.Oid != b.T.Oid {
			continue
		}
		switch {
		case lrtes[a.Rel] && rrtes[b.Rel]:
			out = append(out, colPair{a, b})
		case lrtes[b.Rel] && rrtes[a.Rel]:
			out = append(out, colPair{b, a})
		}
	}
	return out
}

// deriveConsts returns, for each qual "v = k" (or "k = v") where v is one
// side's column of an equality in eqs and k reads no column, the same
// comparison of the other side's column. fromRight picks the direction.
func deriveConsts(quals []analyze.Expr, eqs []colPair, fromRight bool) []analyze.Expr {
	var out []analyze.Expr
	for _, q := range quals {
		f, ok := q.(*analyze.Func)
		if !ok || f.Op == nil || f.Op.Name != "=" || len(f.Args) != 2 {
			continue
		}
		for vi := 0; vi < 2; vi++ {
			v, ok := f.Args[vi].(*analyze.Var)
			if !ok || v.LevelsUp != 0 {
				continue
			}
			k := f.Args[1-vi]
			if r, ok := refs(k); !ok || len(r) > 0 || hasOuterRef(k) {
				continue
			}
			for _, e := range eqs {
				from, to := e.l, e.r
				if fromRight {
					from, to = e.r, e.l
				}
				if from.Rel != v.Rel || from.Col != v.Col {
					continue
				}
				args := make([]analyze.Expr, 2)
				args[vi], args[1-vi] = to, k
				g := *f
				g.Args = args
				out = append(out, &g)
			}
		}
	}
	return out
}

// hasOuterRef reports whether e reads a column of an enclosing query.
func hasOuterRef(e analyze.Expr) bool {
	found := false
	analyze.Walk(e, func(x analyze.Expr) bool {
		if v, ok := x.(*analyze.Var); ok && v.LevelsUp > 0 {
			found = true
		}
		return !found
	})
	return found
}
