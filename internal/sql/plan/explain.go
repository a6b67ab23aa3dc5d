package plan

// This file renders a plan as EXPLAIN prints it (PostgreSQL's
// commands/explain.c; the text format here, JSON, YAML and XML in
// explain_format.go). tusk's plan tree is close to PostgreSQL's but not
// identical: projection is a node of its own here and folds into the node
// below it, as PostgreSQL computes target lists inside every node; a
// Filter folds into the node it filters, printed as that node's "Filter:"
// (or "Join Filter:", or a gating Result's "One-Time Filter:") line; a
// hash join's build side is shown under a Hash node, a nested loop's kept
// inner rows under Materialize, a window aggregation's sort under Sort,
// and the inputs of INTERSECT and EXCEPT under Subquery Scans, where
// PostgreSQL has those nodes of its own. Uncorrelated scalar subqueries
// print as InitPlans.
//
// Expressions are printed the way PostgreSQL's ruleutils.c deparses them
// for EXPLAIN (fully parenthesized, constants with their type, casts as
// (x)::type). A node's output columns are described by the text of the
// expressions that compute them, so that an InputRef of the node above
// prints as what it reads (a column name, "count(*)", "(a + 1)").
//
// Estimates are rough: tusk keeps no statistics, so a table is taken to
// have defaultRelRows rows and conditions PostgreSQL's default
// selectivities.

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/keywords"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

// ExplainOptions are EXPLAIN's options.
type ExplainOptions struct {
	Analyze bool
	Verbose bool
	Costs   bool
	Timing  bool
	Summary bool
	JSON    bool
	YAML    bool
	XML     bool
}

// NodeStats are the run-time measurements of one plan node under EXPLAIN
// ANALYZE (PostgreSQL's Instrumentation): rows produced over all loops,
// loops (times the node was started), the time to its first row and the
// total time spent in it, summed over loops.
type NodeStats struct {
	Rows    int64
	Loops   int64
	Startup time.Duration
	Total   time.Duration
}

// ExplainResult is what EXPLAIN needs besides the plan.
type ExplainResult struct {
	// Stats returns a node's measurements (nil: the node never ran).
	Stats func(Node) *NodeStats
	// Params are the statement's parameter values, if known; they are
	// printed in place of $n.
	Params        []types.Datum
	PlanningTime  time.Duration
	ExecutionTime time.Duration
}

// Explain renders a plan as the lines of EXPLAIN's "QUERY PLAN" column
// (one line for FORMAT JSON).
func Explain(root Node, opts ExplainOptions, res ExplainResult) []string {
	e := &explainer{opts: opts, res: res}
	e.rtableMany = countRels(root) > 1
	e.cteDone = map[*CTE]bool{}
	e.names = map[string]bool{}
	e.work = map[*WorkTable]string{}
	top := e.node(root, nil)
	if opts.JSON || opts.YAML || opts.XML {
		o := object{{"Plan", top.json(e)}}
		if opts.Summary {
			o = append(o, kv{"Planning Time", ms(res.PlanningTime)})
		}
		if opts.Analyze {
			o = append(o, kv{"Triggers", []any{}})
			if opts.Summary {
				o = append(o, kv{"Execution Time", ms(res.ExecutionTime)})
			}
		}
		var b strings.Builder
		if opts.YAML {
			b.WriteString("- ")
			writeYAML(&b, o, 1, true)
			return []string{b.String()}
		}
		if opts.XML {
			b.WriteString("<explain xmlns=\"http://www.postgresql.org/2009/explain\">\n  <Query>\n")
			writeXML(&b, o, 2)
			b.WriteString("  </Query>\n</explain>")
			return []string{b.String()}
		}
		b.WriteString("[\n  ")
		writeValue(&b, o, 1)
		b.WriteString("\n]")
		return []string{b.String()}
	}
	var lines []string
	top.text(e, -1, &lines)
	if opts.Summary {
		lines = append(lines, fmt.Sprintf("Planning Time: %.3f ms", ms(res.PlanningTime)))
	}
	if opts.Analyze && opts.Summary {
		lines = append(lines, fmt.Sprintf("Execution Time: %.3f ms", ms(res.ExecutionTime)))
	}
	return lines
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// countRels counts the plan's relation scans, to decide whether column
// names are qualified (PostgreSQL qualifies them when the range table
// has more than one entry).
func countRels(n Node) int {
	c := 0
	switch n := n.(type) {
	case *SeqScan, *IndexScan, *FunctionScan, *ValuesScan, *WorkTableScan, *VirtualScan:
		c++
	case *CTEScan:
		c++
		c += countRels(n.CTE.Plan)
	}
	for _, ch := range n.Children() {
		c += countRels(ch)
	}
	return c
}

// explainer carries the state of one rendering.
type explainer struct {
	opts ExplainOptions
	res  ExplainResult
	// rtableMany is set when the plan reads more than one relation.
	rtableMany bool
	subSeq     int
	// paramSeq numbers InitPlan results ($0, $1, ...).
	paramSeq int
	cteDone  map[*CTE]bool
	// names are the relation names given out so far: a repeated one gets
	// a suffix (t_1), as ruleutils.c's set_rtable_names does.
	names map[string]bool
	// work names the work table of a recursive CTE by the CTE.
	work map[*WorkTable]string
	// selectSeq numbers the inputs of set operations ("*SELECT* 1").
	selectSeq int
}

// uniqueName returns name, or name_N if name is taken, and takes it.
func (e *explainer) uniqueName(name string) string {
	out := name
	for i := 1; e.names[out]; i++ {
		out = name + "_" + strconv.Itoa(i)
	}
	e.names[out] = true
	return out
}

// enode is one node as printed.
type enode struct {
	name     string // "Seq Scan"
	detail   string // " on t", " using t_pkey on t"
	extra    map[string]any
	props    []kv // "Filter": "(a > 1)"
	children []*enode
	// rel is the parent relationship for JSON ("Outer", "Inner",
	// "SubPlan", "InitPlan", "Member").
	rel    string
	subTag string // "SubPlan 1", "CTE x"
	plan   Node   // the node whose stats and estimates are shown
	// removed is the node whose rows, less plan's, were removed by the
	// folded filter.
	filtered Node
	filterAs string
	out      []string
	est      estimate
	// inits are CTE plans printed before the children, subs the
	// subplans of expressions printed after them.
	inits, subs []*enode
	// synthetic marks a node printed for work another node does (the
	// Hash of a hash join, a nested loop's Materialize, a window
	// aggregation's Sort, a set operation's Subquery Scan); plan is then
	// the node whose counts it shows.
	synthetic bool
	// scan marks a relation scan, whose own conditions print
	// unqualified.
	scan bool
	// computes marks a node that computes its output columns (an
	// aggregation); passThrough one that passes its input's columns on
	// (Sort, Limit), whose Output shows them as references.
	computes, passThrough bool
}

type kv struct {
	k string
	v any
}

// estimate is a node's planner estimate.
type estimate struct {
	startup, total float64
	rows           float64
	width          int
}

// ctx is what an expression of a node reads: the names of its input
// columns, and of the enclosing rows for OuterRef.
type ctx struct {
	in    []string
	outer [][]string
	// wrap parenthesizes computed input columns (a node reading another
	// node's output, not its own scan or projection).
	wrap bool
}

// node renders n and its subtree.
func (e *explainer) node(n Node, outer [][]string) *enode {
	switch n := n.(type) {
	case *Project:
		in := e.node(n.Input, outer)
		// The projection is computed by the node below it; columns
		// that node reads from its own input print as references.
		c := &ctx{in: in.out, outer: outer, wrap: !in.computes}
		out := make([]string, len(n.Exprs))
		for i, x := range n.Exprs {
			out[i] = e.expr(x, c, in)
		}
		in.out = out
		in.passThrough = false
		in.est.width = width(n.Cols)
		return in
	case *Filter:
		if k, ok := n.Cond.(*analyze.Const); ok && k.T == types.Bool && !k.Value.IsNull() && k.Value.Bool() {
			return e.node(n.Input, outer)
		}
		in := e.node(n.Input, outer)
		c := &ctx{in: in.out, outer: outer}
		if _, isResult := n.Input.(*Result); !isResult && !readsRow(n.Cond) {
			// A condition that reads nothing of the row is checked once,
			// by a Result above the node (PostgreSQL's gating qual).
			g := &enode{name: "Result", children: []*enode{in}, out: in.out, est: in.est, plan: n}
			in.rel = "Outer"
			g.props = []kv{{"One-Time Filter", e.expr(n.Cond, c, g)}}
			return g
		}
		label := "Filter"
		switch n.Input.(type) {
		case *Result:
			label = "One-Time Filter"
		case *NestLoop:
			if in.hasProp("Join Filter") || in.name != "Nested Loop" {
				label = "Filter"
			} else {
				label = "Join Filter"
			}
		}
		cond := e.expr(n.Cond, c, in)
		if is, ok := n.Input.(*IndexScan); ok {
			// The executor rechecks the index condition; PostgreSQL's
			// plan does not, so its parts are not repeated here.
			cond = e.withoutIndexCond(n.Cond, c, in, e.indexCondParts(is, in.extra["Alias"].(string), outer))
			if cond == "" {
				in.filtered, in.filterAs, in.plan = in.plan, label, n
				return in
			}
		}
		if in.filtered != nil || in.hasProp(label) {
			// Already filtered: stack the conditions as PostgreSQL's
			// single qual list would print them.
			for i := range in.props {
				if in.props[i].k == label {
					in.props[i].v = "(" + in.props[i].v.(string) + " AND " + cond + ")"
				}
			}
		} else {
			in.props = append(in.props, kv{label, cond})
		}
		if in.filtered == nil {
			in.filtered = in.plan
			in.filterAs = label
		}
		in.plan = n
		in.est.rows = clampRows(in.est.rows * selectivity(n.Cond))
		if n.EstRows > 0 {
			in.est.rows = n.EstRows
		}
		return in
	}
	en := &enode{plan: n}
	switch n := n.(type) {
	case *Result:
		en.name = "Result"
		en.est = estimate{0, 0.01, 1, 0}
	case *SeqScan:
		en.scan = true
		en.name = "Seq Scan"
		alias := e.uniqueName(aliasOf(n.Table.Name, n.Alias))
		en.detail = " on " + e.relName(n.Schema, n.Table.Name, alias)
		en.extra = map[string]any{"Relation Name": n.Table.Name, "Alias": alias}
		if e.opts.Verbose {
			en.extra["Schema"] = n.Schema
		}
		en.out = e.scanCols(n.Table.Name, alias, n.Cols)
		en.est = estimate{0, defaultRelRows * 0.0225, defaultRelRows, width(n.Cols)}
		if n.EstRows > 0 {
			// relpages + reltuples * cpu_tuple_cost.
			pages := math.Max(1, math.Ceil(n.EstRows*float64(width(n.Cols)+24)/8192))
			en.est = estimate{0, pages + n.EstRows*0.01, n.EstRows, width(n.Cols)}
		}
	case *IndexScan:
		en.scan = true
		en.name = "Index Scan"
		if n.Reverse {
			en.name = "Index Scan Backward"
		}
		alias := e.uniqueName(aliasOf(n.Table.Name, n.Alias))
		en.detail = " using " + quoteIdent(n.Index.Name) + " on " + e.relName(n.Schema, n.Table.Name, alias)
		en.extra = map[string]any{"Index Name": n.Index.Name, "Relation Name": n.Table.Name, "Alias": alias, "Scan Direction": "Forward"}
		if e.opts.Verbose {
			en.extra["Schema"] = n.Schema
		}
		if n.Reverse {
			en.extra["Scan Direction"] = "Backward"
		}
		en.out = e.scanCols(n.Table.Name, alias, n.Cols)
		if cond := e.indexCond(n, alias, outer); cond != "" {
			en.props = append(en.props, kv{"Index Cond", cond})
		}
		rows := defaultRelRows
		switch {
		case len(n.Eq) == len(n.Index.Cols) && n.Index.Unique:
			rows = 1
		case len(n.Eq) > 0 || n.In != nil:
			rows = 10
		case n.Lower != nil || n.Upper != nil:
			rows = defaultRelRows / 3
		}
		if n.EstRows > 0 {
			rows = n.EstRows
		}
		en.est = estimate{0.15, 0.15 + rows*0.0125 + 8, rows, width(n.Cols)}
	case *VirtualScan:
		en.scan = true
		en.name = "Seq Scan"
		en.detail = " on " + quoteIdent(n.Name)
		en.extra = map[string]any{"Relation Name": n.Name, "Alias": n.Name}
		en.out = e.scanCols(n.Name, "", n.Cols)
		en.est = estimate{0, 10, 1000, width(n.Cols)}
	case *ValuesScan:
		if len(n.Rows) == 1 {
			en.name = "Result"
			c := &ctx{outer: outer}
			for _, x := range n.Rows[0] {
				en.out = append(en.out, e.expr(x, c, en))
			}
			en.est = estimate{0, 0.01, 1, width(n.Cols)}
			break
		}
		en.scan = true
		en.name = "Values Scan"
		alias := e.uniqueName("*VALUES*")
		en.detail = " on " + quoteIdent(alias)
		en.extra = map[string]any{"Alias": alias}
		for i := range n.Cols {
			en.out = append(en.out, e.colRef(quoteIdent(alias), "column"+strconv.Itoa(i+1)))
		}
		en.est = estimate{0, float64(len(n.Rows)) * 0.0125, float64(len(n.Rows)), width(n.Cols)}
	case *FunctionScan:
		en.scan = true
		en.name = "Function Scan"
		name := n.Func.Fn.Name
		en.detail = " on " + quoteIdent(name)
		en.extra = map[string]any{"Function Name": name, "Alias": name}
		for _, c := range n.Cols {
			en.out = append(en.out, e.colRef(quoteIdent(name), c.Name))
		}
		rows := 1.0
		if n.Func.Fn.RetSet {
			rows = 1000
			if n.Func.Fn.Rows > 0 {
				rows = n.Func.Fn.Rows
			}
		}
		en.est = estimate{0, rows * 0.01, rows, width(n.Cols)}
	case *Agg:
		in := e.node(n.Input, outer)
		in.rel = "Outer"
		en.children = []*enode{in}
		c := &ctx{in: in.out, outer: outer}
		var keys []string
		for _, g := range n.GroupBy {
			keys = append(keys, e.expr(g, c, en))
		}
		en.out = append(en.out, keys...)
		for _, a := range n.Aggs {
			en.out = append(en.out, e.expr(a, c, en))
		}
		en.computes = true
		if len(n.GroupBy) == 0 {
			en.name = "Aggregate"
			en.extra = map[string]any{"Strategy": "Plain"}
			en.est = estimate{in.est.total + in.est.rows*0.0025, in.est.total + in.est.rows*0.0025 + 0.01, 1, width(n.Cols)}
		} else {
			en.name = "HashAggregate"
			en.extra = map[string]any{"Strategy": "Hashed"}
			en.props = append(en.props, kv{"Group Key", keys})
			rows := clampRows(in.est.rows / 5)
			en.est = estimate{in.est.total + in.est.rows*0.0025, in.est.total + in.est.rows*0.0025 + rows*0.01, rows, width(n.Cols)}
		}
	case *Sort:
		in := e.node(n.Input, outer)
		in.rel = "Outer"
		en.name = "Sort"
		en.passThrough = true
		en.children = []*enode{in}
		en.out = in.out
		en.props = append(en.props, kv{"Sort Key", sortKeys(n.Keys, in.out)})
		en.est = sortEstimate(in.est)
	case *Limit:
		in := e.node(n.Input, outer)
		in.rel = "Outer"
		en.name = "Limit"
		en.passThrough = true
		en.children = []*enode{in}
		en.out = in.out
		en.est = in.est
		if n.Count != nil {
			if cst, ok := n.Count.(*analyze.Const); ok && !cst.Value.IsNull() {
				if v, err := strconv.ParseFloat(types.FormatString(cst.T, cst.Value, types.DefaultCtx), 64); err == nil && v < in.est.rows {
					en.est.rows = v
					en.est.total = in.est.startup + (in.est.total-in.est.startup)*v/max(in.est.rows, 1)
				}
			}
		}
	case *Distinct:
		in := e.node(n.Input, outer)
		in.rel = "Outer"
		en.children = []*enode{in}
		en.out = in.out
		if _, sorted := n.Input.(*Sort); sorted {
			en.passThrough = true
			en.name = "Unique"
			en.est = in.est
		} else {
			en.name = "HashAggregate"
			en.extra = map[string]any{"Strategy": "Hashed"}
			var keys []string
			for _, i := range n.On {
				if i < len(in.out) {
					keys = append(keys, in.out[i])
				}
			}
			en.props = append(en.props, kv{"Group Key", keys})
			en.est = in.est
			en.est.rows = clampRows(in.est.rows / 5)
		}
	case *NestLoop:
		l := e.node(n.Left, outer)
		l.rel = "Outer"
		ro := outer
		if n.Lateral {
			ro = append([][]string{l.out}, outer...)
		}
		r := e.node(n.Right, ro)
		r.rel = "Inner"
		if !n.Lateral {
			// The executor reads the inner side once and keeps its rows.
			r = &enode{name: "Materialize", children: []*enode{r}, out: r.out, est: r.est, rel: "Inner", plan: n.Right, synthetic: true, passThrough: true}
			r.children[0].rel = "Outer"
		}
		en.name = "Nested Loop" + joinSuffix(n.Type)
		en.extra = map[string]any{"Join Type": joinTypeName(n.Type)}
		en.children = []*enode{l, r}
		en.out = append(append([]string(nil), l.out...), r.out...)
		if n.Cond != nil {
			en.props = append(en.props, kv{"Join Filter", e.expr(n.Cond, &ctx{in: en.out, outer: outer, wrap: true}, en)})
		}
		rows := clampRows(l.est.rows * r.est.rows)
		if n.Cond != nil {
			rows = clampRows(rows * selectivity(n.Cond))
		}
		if n.EstRows > 0 {
			rows = n.EstRows
		}
		en.est = estimate{l.est.startup + r.est.startup, l.est.total + l.est.rows*r.est.total, rows, l.est.width + r.est.width}
	case *HashJoin:
		l := e.node(n.Left, outer)
		l.rel = "Outer"
		r := e.node(n.Right, outer)
		h := &enode{name: "Hash", children: []*enode{r}, out: r.out, est: r.est, rel: "Inner", plan: n.Right, synthetic: true, passThrough: true}
		h.est.startup = r.est.total
		r.rel = "Outer"
		en.children = []*enode{l, h}
		rows := e.equiJoin(en, l, r, "Hash", n.Type, n.Right, n.LeftKeys, n.RightKeys, n.Cond, n.EstRows, outer)
		en.est = estimate{r.est.total + r.est.rows*0.01, l.est.total + r.est.total + l.est.rows*0.01 + r.est.rows*0.01, rows, l.est.width + r.est.width}
	case *MergeJoin:
		l := e.node(n.Left, outer)
		l.rel = "Outer"
		r := e.node(n.Right, outer)
		r.rel = "Inner"
		en.children = []*enode{l, r}
		rows := e.equiJoin(en, l, r, "Merge", n.Type, n.Right, n.LeftKeys, n.RightKeys, n.Cond, n.EstRows, outer)
		en.est = estimate{l.est.startup + r.est.startup, l.est.total + r.est.total + (l.est.rows+r.est.rows)*0.0025 + rows*0.01, rows, l.est.width + r.est.width}
	case *Append:
		en.name = "Append"
		var rows, total float64
		for _, in := range n.Inputs {
			c := e.node(in, outer)
			c.rel = "Member"
			en.children = append(en.children, c)
			rows += c.est.rows
			total += c.est.total
			if en.out == nil {
				en.out = c.out
			}
		}
		en.est = estimate{0, total, rows, width(n.Cols)}
	case *SetOp:
		l := e.node(n.Left, outer)
		r := e.node(n.Right, outer)
		if n.Op != analyze.Union {
			// PostgreSQL reads each input of INTERSECT and EXCEPT
			// through a subquery scan that adds the flag column.
			l, r = e.selectScan(l), e.selectScan(r)
		}
		l.rel, r.rel = "Member", "Member"
		app := &enode{name: "Append", children: []*enode{l, r}, out: l.out, rel: "Outer",
			est: estimate{0, l.est.total + r.est.total, l.est.rows + r.est.rows, width(n.Cols)}}
		en.children = []*enode{app}
		en.out = l.out
		switch n.Op {
		case analyze.Union:
			en.name = "HashAggregate"
			en.extra = map[string]any{"Strategy": "Hashed"}
			en.props = append(en.props, kv{"Group Key", l.out})
		case analyze.Intersect:
			en.name = "HashSetOp Intersect"
		default:
			en.name = "HashSetOp Except"
		}
		if n.All && n.Op != analyze.Union {
			en.name += " All"
		}
		en.est = app.est
	case *CTEScan:
		en.scan = true
		en.name = "CTE Scan"
		alias := e.uniqueName(n.CTE.Name)
		en.detail = " on " + relName(n.CTE.Name, alias)
		en.extra = map[string]any{"CTE Name": n.CTE.Name, "Alias": alias}
		for _, c := range n.Cols {
			en.out = append(en.out, e.colRef(quoteIdent(alias), c.Name))
		}
		en.est = estimate{0, 20, 1000, width(n.Cols)}
		if !e.cteDone[n.CTE] {
			e.cteDone[n.CTE] = true
			if ru, ok := n.CTE.Plan.(*RecursiveUnion); ok {
				e.work[ru.Work] = n.CTE.Name
			}
			sub := e.node(n.CTE.Plan, outer)
			sub.rel = "InitPlan"
			sub.subTag = "CTE " + n.CTE.Name
			en.inits = append(en.inits, sub)
		}
	case *RecursiveUnion:
		l := e.node(n.NonRecursive, outer)
		r := e.node(n.Recursive, outer)
		l.rel, r.rel = "Outer", "Inner"
		en.name = "Recursive Union"
		en.children = []*enode{l, r}
		en.out = l.out
		en.est = estimate{0, l.est.total + r.est.total*10, l.est.rows + r.est.rows*10, width(n.Cols)}
	case *WorkTableScan:
		en.scan = true
		en.name = "WorkTable Scan"
		name := e.work[n.Work]
		if name == "" {
			name = "*WORKTABLE*"
		}
		alias := e.uniqueName(name)
		en.detail = " on " + relName(name, alias)
		en.extra = map[string]any{"CTE Name": name, "Alias": alias}
		for _, c := range n.Cols {
			en.out = append(en.out, e.colRef(quoteIdent(alias), c.Name))
		}
		en.est = estimate{0, 10, 100, width(n.Cols)}
	case *ProjectSet:
		in := e.node(n.Input, outer)
		in.rel = "Outer"
		en.name = "ProjectSet"
		en.computes = true
		en.children = []*enode{in}
		c := &ctx{in: in.out, outer: outer}
		en.out = append([]string(nil), in.out...)
		for _, f := range n.SRFs {
			en.out = append(en.out, e.expr(f, c, en))
		}
		en.est = in.est
		en.est.rows = clampRows(in.est.rows * 1000)
	case *WindowAgg:
		in := e.node(n.Input, outer)
		c := &ctx{in: in.out, outer: outer}
		en.name = "WindowAgg"
		en.computes = true
		child := in
		var keys []string
		for _, p := range n.PartitionBy {
			keys = append(keys, e.expr(p, c, en))
		}
		for _, k := range n.OrderBy {
			keys = append(keys, e.expr(k.Expr, c, en)+sortSuffix(k.Desc, k.NullsFirst))
		}
		if len(keys) > 0 {
			child = &enode{name: "Sort", children: []*enode{in}, out: in.out, props: []kv{{"Sort Key", keys}}, est: sortEstimate(in.est), plan: n.Input, synthetic: true, passThrough: true}
			in.rel = "Outer"
		}
		child.rel = "Outer"
		en.children = []*enode{child}
		en.out = append([]string(nil), in.out...)
		for _, f := range n.Funcs {
			en.out = append(en.out, e.expr(f, c, en))
		}
		en.est = child.est
		en.est.total += child.est.rows * 0.0025
	case *LockRows:
		in := e.node(n.Input, outer)
		in.rel = "Outer"
		en.name = "LockRows"
		en.passThrough = true
		en.children = []*enode{in}
		en.out = in.out
		en.est = in.est
	case *ModifyTable:
		// INSERT's target is a range table entry of its own; UPDATE and
		// DELETE scan theirs, and the scan names it.
		target := n.Table.Name
		if n.Op == OpInsert {
			target = e.uniqueName(n.Table.Name)
		}
		in := e.node(n.Input, outer)
		in.rel = "Outer"
		switch n.Op {
		case OpInsert:
			en.name = "Insert"
			en.extra = map[string]any{"Operation": "Insert"}
		case OpUpdate:
			en.name = "Update"
			en.extra = map[string]any{"Operation": "Update"}
		default:
			en.name = "Delete"
			en.extra = map[string]any{"Operation": "Delete"}
		}
		en.extra["Relation Name"] = n.Table.Name
		en.extra["Alias"] = target
		en.detail = " on " + relName(n.Table.Name, target)
		en.children = []*enode{in}
		if n.OnConflict != nil {
			if n.OnConflict.Update {
				en.props = append(en.props, kv{"Conflict Resolution", "UPDATE"})
			} else {
				en.props = append(en.props, kv{"Conflict Resolution", "NOTHING"})
			}
			if n.OnConflict.Arbiter != nil {
				en.props = append(en.props, kv{"Conflict Arbiter Indexes", []string{n.OnConflict.Arbiter.Name}})
			}
		}
		cols := e.scanCols(n.Table.Name, "", n.ReturnCols)
		c := &ctx{in: e.scanCols(n.Table.Name, "", colsNamed(n.ColNames)), outer: outer}
		for i, r := range n.Returning {
			if i < len(cols) {
				cols[i] = e.expr(r, c, en)
			}
		}
		en.out = cols
		en.est = in.est
		en.est.rows = 0
		en.est.width = width(n.ReturnCols)
	default:
		en.name = strings.TrimPrefix(fmt.Sprintf("%T", n), "*plan.")
		for _, ch := range n.Children() {
			c := e.node(ch, outer)
			c.rel = "Outer"
			en.children = append(en.children, c)
		}
		en.out = make([]string, len(n.Columns()))
		for i, c := range n.Columns() {
			en.out[i] = quoteIdent(c.Name)
		}
	}
	return en
}

// selectScan wraps a set operation's input in a "Subquery Scan on
// "*SELECT* N"" node.
func (e *explainer) selectScan(in *enode) *enode {
	e.selectSeq++
	alias := e.uniqueName("*SELECT* " + strconv.Itoa(e.selectSeq))
	in.rel = "Subquery"
	out := &enode{name: "Subquery Scan", detail: " on " + quoteIdent(alias), extra: map[string]any{"Alias": alias},
		children: []*enode{in}, est: in.est, plan: in.plan, synthetic: true, scan: true}
	out.out = in.out
	return out
}

// readsRow reports whether a condition reads any column of a row.
func readsRow(e analyze.Expr) bool {
	found := false
	analyze.Walk(e, func(x analyze.Expr) bool {
		switch x.(type) {
		case *InputRef, *OuterRef, *analyze.Var:
			found = true
		case *SubPlan:
			found = found || x.(*SubPlan).Correlated || x.(*SubPlan).Left != nil
		}
		return !found
	})
	return found
}

// uniqueOn reports whether no two rows of n agree on the columns cols
// (a unique index of the scanned table covers them).
func uniqueOn(n Node, cols []int) bool {
	var t *storage.Table
	var slots []int
	switch n := n.(type) {
	case *Filter:
		return uniqueOn(n.Input, cols)
	case *SeqScan:
		t, slots = n.Table, n.Slots
	case *IndexScan:
		t, slots = n.Table, n.Slots
	default:
		return false
	}
	have := map[int]bool{}
	for _, c := range cols {
		if c < len(slots) {
			have[slots[c]] = true
		}
	}
	idxs := append([]*storage.Index{t.Primary}, t.Indexes...)
	for _, ix := range idxs {
		if ix == nil || !ix.Unique && !ix.Primary || t.RowID && ix == t.Primary {
			continue
		}
		all := true
		for _, c := range ix.Cols {
			all = all && have[c]
		}
		if all {
			return true
		}
	}
	return false
}

// defaultRelRows is the row count assumed for a table: tusk keeps no
// statistics yet.
const defaultRelRows = 1000.0

func clampRows(r float64) float64 {
	if r < 1 {
		return 1
	}
	return float64(int64(r + 0.5))
}

func sortEstimate(in estimate) estimate {
	c := in.total + in.rows*0.05
	return estimate{c, c + in.rows*0.01, in.rows, in.width}
}

// selectivity guesses the fraction of rows a condition keeps, with
// PostgreSQL's default selectivities (DEFAULT_EQ_SEL, DEFAULT_INEQ_SEL).
func selectivity(cond analyze.Expr) float64 {
	switch c := cond.(type) {
	case *analyze.Func:
		if c.Op != nil {
			switch c.Op.Name {
			case "=":
				return 0.005
			case "<", "<=", ">", ">=":
				return 1.0 / 3
			}
		}
	case *analyze.BoolOp:
		switch c.Op {
		case analyze.And:
			s := 1.0
			for _, a := range c.Args {
				s *= selectivity(a)
			}
			return s
		case analyze.Or:
			s := 0.0
			for _, a := range c.Args {
				s += selectivity(a)
			}
			return min(s, 1)
		}
	case *analyze.Const:
		if c.T == types.Bool && !c.Value.IsNull() && types.FormatString(c.T, c.Value, types.DefaultCtx) == "t" {
			return 1
		}
		return 0
	}
	return 0.5
}

// width estimates the average width of a row of these columns, as
// PostgreSQL's get_typavgwidth does for types without statistics.
func width(cols []Column) int {
	w := 0
	for _, c := range cols {
		switch {
		case c.T == nil:
		case c.T.Len > 0:
			w += int(c.T.Len)
		default:
			w += 32
		}
	}
	return w
}

func colsNamed(names []string) []Column {
	out := make([]Column, len(names))
	for i, n := range names {
		out[i] = Column{Name: n}
	}
	return out
}

func (n *enode) hasProp(k string) bool {
	for _, p := range n.props {
		if p.k == k {
			return true
		}
	}
	return false
}

func joinSuffix(t JoinType) string {
	switch t {
	case analyze.JoinLeft:
		return " Left Join"
	case analyze.JoinRight:
		return " Right Join"
	case analyze.JoinFull:
		return " Full Join"
	}
	return ""
}

func joinTypeName(t JoinType) string {
	switch t {
	case analyze.JoinLeft:
		return "Left"
	case analyze.JoinRight:
		return "Right"
	case analyze.JoinFull:
		return "Full"
	}
	return "Inner"
}

func relName(table, alias string) string {
	if alias == "" || alias == table {
		return quoteIdent(table)
	}
	return quoteIdent(table) + " " + quoteIdent(alias)
}

// relName names a scanned table, schema-qualified under VERBOSE.
func (e *explainer) relName(schema, table, alias string) string {
	if e.opts.Verbose && schema != "" {
		if alias == "" || alias == table {
			return quoteIdent(schema) + "." + quoteIdent(table)
		}
		return quoteIdent(schema) + "." + quoteIdent(table) + " " + quoteIdent(alias)
	}
	return relName(table, alias)
}

func aliasOf(table, alias string) string {
	if alias == "" {
		return table
	}
	return alias
}

func quoteIdent(s string) string { return keywords.Quote(s) }

// scanCols names a scan's output columns.
func (e *explainer) scanCols(table, alias string, cols []Column) []string {
	rel := quoteIdent(aliasOf(table, alias))
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = e.colRef(rel, c.Name)
	}
	return out
}

func (e *explainer) colRef(rel, col string) string {
	return qualStart + rel + qualEnd + quoteIdent(col)
}

func sortSuffix(desc, nullsFirst bool) string {
	s := ""
	if desc {
		s = " DESC"
		if !nullsFirst {
			s += " NULLS LAST"
		}
	} else if nullsFirst {
		s = " NULLS FIRST"
	}
	return s
}

func sortKeys(keys []SortKey, in []string) []string {
	var out []string
	for _, k := range keys {
		name := "?column?"
		if k.Index < len(in) {
			name = wrapRef(in[k.Index])
		}
		out = append(out, name+sortSuffix(k.Desc, k.NullsFirst))
	}
	return out
}

// withoutIndexCond prints the conjuncts of cond that are not parts of an
// index condition ("" if none is left).
func (e *explainer) withoutIndexCond(cond analyze.Expr, c *ctx, owner *enode, parts []string) string {
	var keep []string
	var conj []analyze.Expr
	if b, ok := cond.(*analyze.BoolOp); ok && b.Op == analyze.And {
		conj = b.Args
	} else {
		conj = []analyze.Expr{cond}
	}
	for _, x := range conj {
		s := e.expr(x, c, owner)
		dup := false
		for _, p := range parts {
			if p == s {
				dup = true
			}
		}
		if !dup {
			keep = append(keep, s)
		}
	}
	if len(keep) > 1 {
		return "(" + strings.Join(keep, " AND ") + ")"
	}
	return strings.Join(keep, "")
}

// indexCond prints an index scan's condition.
func (e *explainer) indexCond(n *IndexScan, alias string, outer [][]string) string {
	parts := e.indexCondParts(n, alias, outer)
	if len(parts) > 1 {
		return "(" + strings.Join(parts, " AND ") + ")"
	}
	return strings.Join(parts, "")
}

// indexCondParts prints the conjuncts of an index scan's condition.
func (e *explainer) indexCondParts(n *IndexScan, alias string, outer [][]string) []string {
	c := &ctx{outer: outer}
	col := func(i int) string {
		if i < len(n.Index.Cols) {
			slot := n.Index.Cols[i]
			if slot < len(n.Table.ColNames) {
				return e.colRef(quoteIdent(alias), n.Table.ColNames[slot])
			}
		}
		return "?column?"
	}
	var parts []string
	for i, x := range n.Eq {
		parts = append(parts, "("+col(i)+" = "+e.expr(x, c, nil)+")")
	}
	k := len(n.Eq)
	if n.In != nil {
		parts = append(parts, "("+col(k)+" = ANY ("+e.expr(n.In, c, nil)+"))")
	}
	if n.Lower != nil {
		op := " > "
		if n.LowerIncl {
			op = " >= "
		}
		parts = append(parts, "("+col(k)+op+e.expr(n.Lower, c, nil)+")")
	}
	if n.Upper != nil {
		op := " < "
		if n.UpperIncl {
			op = " <= "
		}
		parts = append(parts, "("+col(k)+op+e.expr(n.Upper, c, nil)+")")
	}
	return parts
}

// text appends the node's lines. hdr is the indentation of the node's
// "->  " arrow (-1 for the top node), as explain.c's ExplainIndentText
// lays it out: a node's details sit 6 columns right of its arrow, its
// children's arrows under its details, and an InitPlan's or SubPlan's
// arrow 2 columns right of its label.
func (n *enode) text(e *explainer, hdr int, lines *[]string) {
	var head strings.Builder
	prop := 2
	if hdr >= 0 {
		head.WriteString(strings.Repeat(" ", hdr))
		head.WriteString("->  ")
		prop = hdr + 6
	}
	propIndent := strings.Repeat(" ", prop)
	head.WriteString(n.name)
	head.WriteString(n.detail)
	if e.opts.Costs {
		fmt.Fprintf(&head, "  (cost=%.2f..%.2f rows=%d width=%d)", n.est.startup, n.est.total, int64(n.est.rows), n.est.width)
	}
	if e.opts.Analyze {
		head.WriteString(" ")
		st := n.stats(e)
		switch {
		case st == nil || st.Loops == 0:
			head.WriteString("(never executed)")
		case e.opts.Timing:
			loops := float64(st.Loops)
			fmt.Fprintf(&head, "(actual time=%.3f..%.3f rows=%d loops=%d)",
				ms(st.Startup)/loops, ms(st.Total)/loops, int64(float64(st.Rows)/loops+0.5), st.Loops)
		default:
			fmt.Fprintf(&head, "(actual rows=%d loops=%d)", int64(float64(st.Rows)/float64(st.Loops)+0.5), st.Loops)
		}
	}
	*lines = append(*lines, head.String())
	if e.opts.Verbose && len(n.out) > 0 {
		*lines = append(*lines, propIndent+"Output: "+e.render(strings.Join(n.outputs(), ", "), e.rtableMany))
	}
	for _, p := range n.props {
		*lines = append(*lines, propIndent+p.k+": "+e.render(propText(p.v), e.prefixFor(n, p.k)))
		if e.opts.Analyze && p.k == n.filterAs && n.filtered != nil {
			if removed, ok := n.removed(e); ok {
				*lines = append(*lines, fmt.Sprintf("%sRows Removed by %s: %d", propIndent, n.filterAs, removed))
			}
		}
	}
	for _, s := range n.inits {
		*lines = append(*lines, propIndent+s.subTag)
		s.text(e, prop+2, lines)
	}
	for _, c := range n.children {
		c.text(e, prop, lines)
	}
	for _, s := range n.subs {
		*lines = append(*lines, propIndent+s.subTag)
		s.text(e, prop+2, lines)
	}
}

// Column references are built with their relation as a marked prefix,
// which render keeps or drops: PostgreSQL qualifies the columns of a
// scan's own conditions only under VERBOSE (show_scan_qual), those of
// other nodes' conditions and keys when the plan reads more than one
// relation (show_upper_qual, show_sort_group_keys).
const (
	qualStart = "\x01"
	qualEnd   = "\x02"
)

var qualRE = regexp.MustCompile("\x01([^\x02]*)\x02")

func (e *explainer) render(s string, prefix bool) string {
	if prefix {
		return qualRE.ReplaceAllString(s, "$1.")
	}
	return qualRE.ReplaceAllString(s, "")
}

// prefixFor says whether a detail line of n qualifies column names.
func (e *explainer) prefixFor(n *enode, key string) bool {
	if n.scan && (key == "Filter" || key == "Index Cond") {
		return e.opts.Verbose
	}
	return e.rtableMany || e.opts.Verbose
}

// outputs are the node's output columns as VERBOSE prints them.
func (n *enode) outputs() []string {
	if !n.passThrough {
		return n.out
	}
	out := make([]string, len(n.out))
	for i, s := range n.out {
		out[i] = wrapRef(s)
	}
	return out
}

func propText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []string:
		return strings.Join(v, ", ")
	}
	return fmt.Sprint(v)
}

func (n *enode) stats(e *explainer) *NodeStats {
	if e.res.Stats == nil || n.plan == nil {
		return nil
	}
	return e.res.Stats(n.plan)
}

// removed returns the rows the folded filter discarded, per loop.
func (n *enode) removed(e *explainer) (int64, bool) {
	if e.res.Stats == nil {
		return 0, false
	}
	in, out := e.res.Stats(n.filtered), e.res.Stats(n.plan)
	if in == nil || out == nil || out.Loops == 0 {
		return 0, false
	}
	return int64(float64(in.Rows-out.Rows)/float64(out.Loops) + 0.5), true
}

// equiJoin fills in what a hash join and a merge join show alike: the
// node's name ("Hash Join", "Merge Left Join", ...), join type and inner
// uniqueness, the key condition ("Hash Cond", "Merge Cond"), the join
// filter and the output columns. It returns the row estimate: the
// planner's, or the larger input's.
func (e *explainer) equiJoin(en, l, r *enode, method string, typ analyze.JoinType, right Node,
	leftKeys, rightKeys []analyze.Expr, cond analyze.Expr, estRows float64, outer [][]string) float64 {
	en.name = method + " Join"
	if typ != analyze.JoinInner && typ != analyze.JoinCross {
		en.name = method + joinSuffix(typ)
	}
	en.extra = map[string]any{"Join Type": joinTypeName(typ)}
	var keyCols []int
	for _, k := range rightKeys {
		if r, ok := k.(*InputRef); ok {
			keyCols = append(keyCols, r.Index)
		}
	}
	en.extra["Inner Unique"] = len(keyCols) == len(rightKeys) && uniqueOn(right, keyCols)
	lc := &ctx{in: l.out, outer: outer, wrap: true}
	rc := &ctx{in: r.out, outer: outer, wrap: true}
	var conds []string
	for i := range leftKeys {
		conds = append(conds, "("+e.expr(leftKeys[i], lc, en)+" = "+e.expr(rightKeys[i], rc, en)+")")
	}
	keyCond := strings.Join(conds, " AND ")
	if len(conds) > 1 {
		keyCond = "(" + keyCond + ")"
	}
	en.props = append(en.props, kv{method + " Cond", keyCond})
	en.out = append(append([]string(nil), l.out...), r.out...)
	if cond != nil {
		en.props = append(en.props, kv{"Join Filter", e.expr(cond, &ctx{in: en.out, outer: outer, wrap: true}, en)})
	}
	if estRows > 0 {
		return estRows
	}
	return clampRows(max(l.est.rows, r.est.rows))
}
