package planner

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

// Plan builds the plan for an analyzed query. env is used to evaluate
// constant subexpressions at plan time.
func Plan(q *analyze.Query, env builtins.Env) (plan.Node, error) {
	p := &planner{folder: &folder{env: env}, ctes: map[*analyze.CTE]*plan.CTE{}, work: map[*analyze.CTE]*plan.WorkTable{}}
	if q.Command != analyze.CmdSelect {
		return p.planModify(q)
	}
	return p.planQuery(q, 0)
}

// planner carries the state of planning one statement.
type planner struct {
	folder *folder
	// frames are the rows visible to expressions through plan.OuterRef:
	// the top frame is depth 1.
	frames []frame
	ctes   map[*analyze.CTE]*plan.CTE
	// work maps a recursive CTE being planned to its work table.
	work map[*analyze.CTE]*plan.WorkTable
	// tables caches storage descriptions of the tables the plan touches.
	tables map[types.Oid]*storage.Table
	// probeOuter, while the inner side of an index nested loop is being
	// planned, is the layout of the outer row: index conditions may
	// compare with its columns.
	probeOuter *layout
}

// frame is a row layout of some query level that an expression can read
// as an outer row.
type frame struct {
	level int
	lay   *layout
}

// layout says where each range table entry's columns sit in a row.
type layout struct {
	q     *analyze.Query
	level int
	off   map[int]int
	width int
	// After aggregation, rows hold group keys then aggregate values; keys
	// lists the grouping expressions (of the pre-aggregation layout).
	agg  bool
	keys []analyze.Expr
	// srfs are the set-returning calls a ProjectSet computed; their values
	// follow the input columns starting at srfBase.
	srfs    []*analyze.Func
	srfBase int
	// wfuncs maps window function calls (by Index) to their column.
	wfuncs map[int]int
}

// planWindows adds the window aggregation nodes.
func (p *planner) planWindows(q *analyze.Query, node plan.Node, lay *layout) (plan.Node, *layout, error) {
	width := len(node.Columns())
	nl := *lay
	nl.wfuncs = map[int]int{}
	for wi, spec := range q.Windows {
		wa := &plan.WindowAgg{Input: node, Frame: spec.Frame, Cols: append([]plan.Column(nil), node.Columns()...)}
		for _, e := range spec.PartitionBy {
			r, err := p.rewrite(e, lay)
			if err != nil {
				return nil, nil, err
			}
			wa.PartitionBy = append(wa.PartitionBy, r)
		}
		for _, k := range spec.OrderBy {
			r, err := p.rewrite(k.Expr, lay)
			if err != nil {
				return nil, nil, err
			}
			wa.OrderBy = append(wa.OrderBy, analyze.SortKey{Expr: r, Desc: k.Desc, NullsFirst: k.NullsFirst})
		}
		var err error
		if wa.StartOffset, err = p.rewrite(spec.StartOffset, lay); err != nil {
			return nil, nil, err
		}
		if wa.EndOffset, err = p.rewrite(spec.EndOffset, lay); err != nil {
			return nil, nil, err
		}
		for _, wf := range q.WindowFuncs {
			if wf.Win != wi {
				continue
			}
			c := *wf
			f := *wf.Fn
			f.Args = nil
			for _, a := range wf.Fn.Args {
				r, err := p.rewrite(a, lay)
				if err != nil {
					return nil, nil, err
				}
				f.Args = append(f.Args, r)
			}
			c.Fn = &f
			if wf.Filter != nil {
				if c.Filter, err = p.rewrite(wf.Filter, lay); err != nil {
					return nil, nil, err
				}
			}
			wa.Funcs = append(wa.Funcs, &c)
			nl.wfuncs[wf.Index] = width
			wa.Cols = append(wa.Cols, plan.Column{Name: f.Fn.Name, T: wf.Type()})
			width++
		}
		node = wa
	}
	nl.width = width
	return node, &nl, nil
}

func (l *layout) has(rel int) bool {
	_, ok := l.off[rel]
	return ok
}

func concatLayouts(a, b *layout) *layout {
	out := &layout{q: a.q, level: a.level, off: map[int]int{}, width: a.width + b.width}
	for k, v := range a.off {
		out.off[k] = v
	}
	for k, v := range b.off {
		out.off[k] = v + a.width
	}
	return out
}

func colsOf(names []string, ts []*types.T) []plan.Column {
	out := make([]plan.Column, len(names))
	for i := range names {
		out[i] = plan.Column{Name: names[i], T: ts[i]}
	}
	return out
}

func concatCols(a, b []plan.Column) []plan.Column {
	return append(append([]plan.Column(nil), a...), b...)
}

// planQuery plans a query at nesting level level.
func (p *planner) planQuery(q *analyze.Query, level int) (plan.Node, error) {
	if err := foldQuery(q, p.folder); err != nil {
		return nil, err
	}
	for _, c := range q.CTEs {
		if _, done := p.ctes[c]; done {
			continue
		}
		n, err := p.planCTE(c, level)
		if err != nil {
			return nil, err
		}
		p.ctes[c] = n
	}
	node, lay, err := p.planFrom(q, level)
	if err != nil {
		return nil, err
	}
	presorted := p.orderedByScan(q, node)
	if len(q.Locking) > 0 {
		if node, err = p.planLockRows(q, node, lay); err != nil {
			return nil, err
		}
	}
	exprs := make([]analyze.Expr, len(q.Targets))
	for i, t := range q.Targets {
		exprs[i] = t.Expr
	}
	sortExprs := make([]analyze.Expr, len(q.Sort))
	for i, k := range q.Sort {
		sortExprs[i] = k.Expr
	}
	outLay := lay
	if q.HasAggs {
		agg := &plan.Agg{Input: node}
		for _, g := range q.GroupBy {
			e, err := p.rewrite(g, lay)
			if err != nil {
				return nil, err
			}
			agg.GroupBy = append(agg.GroupBy, e)
			agg.Cols = append(agg.Cols, plan.Column{Name: "?group?", T: g.Type()})
		}
		for _, a := range q.Aggs {
			c := *a
			c.Args = nil
			for _, arg := range a.Args {
				e, err := p.rewrite(arg, lay)
				if err != nil {
					return nil, err
				}
				c.Args = append(c.Args, e)
			}
			if a.Filter != nil {
				f, err := p.rewrite(a.Filter, lay)
				if err != nil {
					return nil, err
				}
				c.Filter = f
			}
			c.Order = nil
			for _, k := range a.Order {
				e, err := p.rewrite(k.Expr, lay)
				if err != nil {
					return nil, err
				}
				c.Order = append(c.Order, analyze.SortKey{Expr: e, Desc: k.Desc, NullsFirst: k.NullsFirst})
			}
			agg.Aggs = append(agg.Aggs, &c)
			agg.Cols = append(agg.Cols, plan.Column{Name: a.Fn.Name, T: a.Type()})
		}
		node = agg
		outLay = &layout{q: q, level: level, agg: true, keys: q.GroupBy, width: len(agg.Cols), off: lay.off}
		if q.Having != nil {
			h, err := p.rewrite(q.Having, outLay)
			if err != nil {
				return nil, err
			}
			node = &plan.Filter{Input: node, Cond: h}
		}
	}
	// Window functions: one WindowAgg per window, each appending its
	// functions' values to the row.
	if len(q.WindowFuncs) > 0 {
		var err error
		node, outLay, err = p.planWindows(q, node, outLay)
		if err != nil {
			return nil, err
		}
	}
	// Set-returning functions in the select list run in a ProjectSet
	// below the projection.
	if srfs := collectSRFs(exprs); len(srfs) > 0 {
		ps := &plan.ProjectSet{Input: node, Cols: append([]plan.Column(nil), node.Columns()...)}
		for _, f := range srfs {
			r, err := p.rewrite(f, outLay)
			if err != nil {
				return nil, err
			}
			rf, ok := r.(*analyze.Func)
			if !ok {
				return nil, pgerror.New(pgerror.FeatureNotSupported, "this set-returning function call is not supported")
			}
			ps.SRFs = append(ps.SRFs, rf)
			ps.Cols = append(ps.Cols, plan.Column{Name: f.Fn.Name, T: f.Type()})
		}
		nl := *outLay
		nl.srfs = srfs
		nl.srfBase = outLay.width
		if outLay.agg {
			nl.srfBase = len(q.GroupBy) + len(q.Aggs)
		}
		outLay = &nl
		node = ps
	}
	proj := &plan.Project{Input: node}
	for i, e := range exprs {
		r, err := p.rewrite(e, outLay)
		if err != nil {
			return nil, err
		}
		t := q.Targets[i]
		proj.Exprs = append(proj.Exprs, r)
		proj.Cols = append(proj.Cols, plan.Column{Name: t.Name, T: e.Type(), Table: t.Table, Attnum: t.Column})
	}
	nOut := len(proj.Exprs)
	findOrAdd := func(e analyze.Expr, name string) (int, error) {
		for j, te := range exprs {
			if j < len(q.Targets) && !q.Targets[j].Junk && analyze.ExprString(te) == analyze.ExprString(e) {
				return j, nil
			}
		}
		r, err := p.rewrite(e, outLay)
		if err != nil {
			return 0, err
		}
		proj.Exprs = append(proj.Exprs, r)
		proj.Cols = append(proj.Cols, plan.Column{Name: name, T: e.Type()})
		return len(proj.Exprs) - 1, nil
	}
	var keys []plan.SortKey
	for i, e := range sortExprs {
		idx, err := findOrAdd(e, "?sort?")
		if err != nil {
			return nil, err
		}
		keys = append(keys, plan.SortKey{Index: idx, T: e.Type(), Desc: q.Sort[i].Desc, NullsFirst: q.Sort[i].NullsFirst})
	}
	var distinctOn []int
	for _, e := range q.DistinctOn {
		idx, err := findOrAdd(e, "?distinct?")
		if err != nil {
			return nil, err
		}
		distinctOn = append(distinctOn, idx)
	}
	node = proj
	switch {
	case q.Distinct && len(distinctOn) > 0:
		// DISTINCT ON: sort by the ON columns (then the rest of ORDER BY)
		// and keep the first row of each group.
		var sk []plan.SortKey
		if len(keys) == 0 {
			for _, idx := range distinctOn {
				sk = append(sk, plan.SortKey{Index: idx, T: proj.Cols[idx].T})
			}
		} else {
			sk = keys
		}
		node = &plan.Distinct{Input: &plan.Sort{Input: node, Keys: sk}, On: distinctOn}
		keys = nil
	case q.Distinct:
		var on []int
		for i := 0; i < nOut; i++ {
			on = append(on, i)
		}
		node = &plan.Distinct{Input: node, On: on}
	}
	if len(keys) > 0 && !presorted {
		node = &plan.Sort{Input: node, Keys: keys}
	}
	if q.Limit != nil || q.Offset != nil {
		var lim, off analyze.Expr
		var err error
		if q.Limit != nil {
			if lim, err = p.rewrite(q.Limit, &layout{q: q, level: level, off: map[int]int{}}); err != nil {
				return nil, err
			}
		}
		if q.Offset != nil {
			if off, err = p.rewrite(q.Offset, &layout{q: q, level: level, off: map[int]int{}}); err != nil {
				return nil, err
			}
		}
		l := &plan.Limit{Input: node, Count: lim, Offset: off}
		if q.WithTies {
			l.WithTies, l.Keys = true, keys
		}
		node = l
	}
	if len(proj.Exprs) > nOut || hasJunk(q) {
		final := &plan.Project{Input: node}
		for i := 0; i < nOut; i++ {
			if q.Targets[i].Junk {
				continue
			}
			final.Exprs = append(final.Exprs, &plan.InputRef{Index: i, T: proj.Cols[i].T})
			final.Cols = append(final.Cols, proj.Cols[i])
		}
		node = final
	}
	return node, nil
}

// collectSRFs finds the set-returning function calls of the select list.
func collectSRFs(exprs []analyze.Expr) []*analyze.Func {
	var out []*analyze.Func
	for _, e := range exprs {
		analyze.Walk(e, func(x analyze.Expr) bool {
			if f, ok := x.(*analyze.Func); ok && f.Fn.RetSet {
				out = append(out, f)
				return false
			}
			return true
		})
	}
	return out
}

func hasJunk(q *analyze.Query) bool {
	for _, t := range q.Targets {
		if t.Junk {
			return true
		}
	}
	return false
}

// planCTE plans a WITH query once for all its references.
func (p *planner) planCTE(c *analyze.CTE, level int) (*plan.CTE, error) {
	out := &plan.CTE{Name: c.Name, Cols: colsOf(c.ColNames, c.ColTypes()), Recursive: c.Recursive}
	p.ctes[c] = out
	if c.Recursive && c.Query.SetOp == nil && len(c.Query.RangeTable) == 1 && c.Query.RangeTable[0].Subquery != nil && c.Query.RangeTable[0].Subquery.SetOp != nil {
		op := c.Query.RangeTable[0].Subquery.SetOp
		nonRec, err := p.planQuery(op.Left.(*analyze.Query), level+1)
		if err != nil {
			return nil, err
		}
		wt := &plan.WorkTable{Cols: out.Cols}
		p.work[c] = wt
		rec, err := p.planQuery(op.Right.(*analyze.Query), level+1)
		delete(p.work, c)
		if err != nil {
			return nil, err
		}
		ru := &plan.RecursiveUnion{NonRecursive: nonRec, Recursive: rec, All: op.All, Work: wt, Cols: out.Cols}
		// Apply the CTE query's own LIMIT, if any, on top.
		var node plan.Node = ru
		if c.Query.Limit != nil || c.Query.Offset != nil {
			node = &plan.Limit{Input: node, Count: c.Query.Limit, Offset: c.Query.Offset}
		}
		out.Plan = node
		return out, nil
	}
	n, err := p.planQuery(c.Query, level+1)
	if err != nil {
		return nil, err
	}
	out.Plan = n
	return out, nil
}
