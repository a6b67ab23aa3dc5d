package exec

import (
	"hash/maphash"
	"sort"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

type aggSpec struct {
	def    *builtins.AggDef
	sig    builtins.Sig
	args   []evalFn
	filter evalFn
	strict bool
	// distinct and order make the aggregate see its rows deduplicated
	// and sorted: they are buffered per group first.
	distinct bool
	order    []evalFn
	orderKey []plan.SortKey
}

func (sp *aggSpec) newState() builtins.AggState {
	st := sp.def.New(&sp.sig)
	if sp.distinct || len(sp.order) > 0 {
		return &bufferedAgg{inner: st, spec: sp}
	}
	return st
}

func compileAgg(c *compiler, n *plan.Agg) (build, error) {
	in, err := c.node(n.Input)
	if err != nil {
		return nil, err
	}
	keys, err := compileList(n.GroupBy)
	if err != nil {
		return nil, err
	}
	inTypes := columnTypes(n.Input.Columns())
	keyTypes := make([]*types.T, len(n.GroupBy))
	for i, k := range n.GroupBy {
		keyTypes[i] = k.Type()
	}
	specs := make([]aggSpec, len(n.Aggs))
	for i, a := range n.Aggs {
		if a.Fn.Agg == nil {
			return nil, pgerror.New(pgerror.FeatureNotSupported, "aggregate %s is not supported yet", a.Fn.Signature())
		}
		args, err := compileList(a.Args)
		if err != nil {
			return nil, err
		}
		var filter evalFn
		if a.Filter != nil {
			if filter, err = compileExpr(a.Filter); err != nil {
				return nil, err
			}
		}
		sp := aggSpec{def: a.Fn.Agg, sig: a.Sig, args: args, filter: filter, strict: a.Fn.Agg.SkipNulls, distinct: a.Distinct}
		for j, k := range a.Order {
			f, err := compileExpr(k.Expr)
			if err != nil {
				return nil, err
			}
			sp.order = append(sp.order, f)
			sp.orderKey = append(sp.orderKey, plan.SortKey{Index: len(a.Args) + j, T: k.Expr.Type(), Desc: k.Desc, NullsFirst: k.NullsFirst})
		}
		specs[i] = sp
	}
	return func(s *State) (operator, error) {
		child, err := in(s)
		if err != nil {
			return nil, err
		}
		return &aggOp{in: child, specs: specs, keys: keys, keyTypes: keyTypes, inTypes: inTypes}, nil
	}, nil
}

type group struct {
	keys   types.Row
	states []builtins.AggState
}

// aggOp aggregates its input by the grouping keys (hash aggregation). With
// no keys it produces exactly one row, even for empty input.
type aggOp struct {
	in       operator
	specs    []aggSpec
	keys     []evalFn
	keyTypes []*types.T
	inTypes  []*types.T // the input's column types, for spill files

	groups []*group
	pos    int
	done   bool
	// Hash aggregation beyond work_mem * hash_mem_multiplier: rows of
	// groups not in memory wait in partition files, aggregated one
	// partition at a time after the groups in memory are returned.
	parts   []aggPartition
	seeds   []maphash.Seed // per partitioning depth
	noSpill bool
}

type aggPartition struct {
	f     *spillFile
	depth int
}

// aggFanout is the number of partitions a spilling aggregation writes.
const aggFanout = 32

func (o *aggOp) newGroup(keys types.Row) *group {
	g := &group{keys: keys, states: make([]builtins.AggState, len(o.specs))}
	for i := range o.specs {
		g.states[i] = o.specs[i].newState()
	}
	return g
}

// consume aggregates the rows that next returns; depth is the
// partitioning depth of a spilled partition (0 for the input).
func (o *aggOp) consume(s *State, next func() (types.Row, error), depth int) error {
	index := map[string]*group{}
	limit := memLimit(s, true)
	if len(o.keys) == 0 || o.noSpill || depth >= spillMaxDepth {
		limit = 0
	}
	var (
		mem      int64
		spilling bool
		parts    [aggFanout]*spillFile
	)
	defer func() {
		for _, f := range parts {
			if f != nil && f.rows > 0 {
				o.parts = append(o.parts, aggPartition{f: f, depth: depth + 1})
			} else if f != nil {
				f.close()
			}
		}
	}()
	var plain *group
	if len(o.keys) == 0 {
		plain = o.newGroup(nil)
		o.groups = []*group{plain}
	}
	var key []byte
	keyVals := make(types.Row, len(o.keys))
	args := make([]types.Datum, 0, 8)
	for {
		row, err := next()
		if err != nil {
			return err
		}
		if row == nil {
			return nil
		}
		g := plain
		if g == nil {
			key = key[:0]
			for i, k := range o.keys {
				v, err := k(s, row)
				if err != nil {
					return err
				}
				keyVals[i] = v
				key = types.AppendHashKey(key, o.keyTypes[i], v)
			}
			g = index[string(key)]
			if g == nil && spilling {
				if err := o.spillRow(s, &parts, depth, key, row); err != nil {
					return err
				}
				continue
			}
			if g == nil {
				g = o.newGroup(append(types.Row(nil), keyVals...))
				index[string(key)] = g
				o.groups = append(o.groups, g)
				if limit > 0 {
					mem += int64(types.RowMemSize(g.keys)+2*len(key)+64) + 64*int64(len(o.specs))
					if mem > limit {
						if spillable(o.inTypes, row) {
							spilling = true
						} else {
							o.noSpill = true
							limit = 0
						}
					}
				}
			}
		}
		for i := range o.specs {
			sp := &o.specs[i]
			if sp.filter != nil {
				v, err := sp.filter(s, row)
				if err != nil {
					return err
				}
				if v.IsNull() || !v.Bool() {
					continue
				}
			}
			args = args[:0]
			skip := false
			for _, a := range sp.args {
				v, err := a(s, row)
				if err != nil {
					return err
				}
				if v.IsNull() && sp.strict {
					skip = true
					break
				}
				args = append(args, v)
			}
			if skip {
				continue
			}
			if b, ok := g.states[i].(*bufferedAgg); ok {
				for _, f := range sp.order {
					v, err := f(s, row)
					if err != nil {
						return err
					}
					args = append(args, v)
				}
				b.rows = append(b.rows, append(types.Row(nil), args...))
				if limit > 0 {
					mem += int64(types.RowMemSize(args))
				}
				continue
			}
			if err := g.states[i].Add(s.Env, args); err != nil {
				return err
			}
		}
		if err := s.checkCancel(); err != nil {
			return err
		}
	}
}

// spillRow writes a row of a group not in memory to its partition.
func (o *aggOp) spillRow(s *State, parts *[aggFanout]*spillFile, depth int, key []byte, row types.Row) error {
	for len(o.seeds) <= depth {
		o.seeds = append(o.seeds, maphash.MakeSeed())
	}
	p := maphash.Bytes(o.seeds[depth], key) % aggFanout
	if parts[p] == nil {
		f, err := newSpillFile(tempDir(s), o.inTypes)
		if err != nil {
			return err
		}
		parts[p] = f
	}
	return parts[p].write(row)
}

func (o *aggOp) Next(s *State) (types.Row, error) {
	if !o.done {
		o.done = true
		if err := o.consume(s, func() (types.Row, error) { return o.in.Next(s) }, 0); err != nil {
			return nil, err
		}
	}
	for o.pos >= len(o.groups) {
		if len(o.parts) == 0 {
			return nil, nil
		}
		// The next partition: aggregate its rows afresh.
		p := o.parts[len(o.parts)-1]
		o.parts = o.parts[:len(o.parts)-1]
		o.groups, o.pos = nil, 0
		if err := p.f.rewind(); err != nil {
			p.f.close()
			return nil, err
		}
		r := p.f.reader()
		err := o.consume(s, r.next, p.depth)
		p.f.close()
		if err != nil {
			return nil, err
		}
	}
	g := o.groups[o.pos]
	o.pos++
	out := make(types.Row, len(g.keys)+len(g.states))
	copy(out, g.keys)
	for i, st := range g.states {
		v, err := st.Result(s.Env)
		if err != nil {
			return nil, err
		}
		out[len(g.keys)+i] = v
	}
	return out, nil
}

func (o *aggOp) Close() {
	o.in.Close()
	for _, p := range o.parts {
		p.f.close()
	}
	o.parts, o.groups = nil, nil
}

// bufferedAgg collects a group's argument rows for an aggregate with
// DISTINCT or ORDER BY, and feeds them sorted and deduplicated at the end.
type bufferedAgg struct {
	inner builtins.AggState
	spec  *aggSpec
	rows  []types.Row
	fed   bool
}

func (b *bufferedAgg) Add(builtins.Env, []types.Datum) error { return nil }

func (b *bufferedAgg) Result(env builtins.Env) (types.Datum, error) {
	if !b.fed {
		b.fed = true
		nargs := len(b.spec.args)
		keys := b.spec.orderKey
		if b.spec.distinct && len(keys) == 0 {
			for i := 0; i < nargs; i++ {
				keys = append(keys, plan.SortKey{Index: i, T: b.spec.sig.Args[i]})
			}
		}
		if len(keys) > 0 {
			sort.SliceStable(b.rows, func(i, j int) bool { return compareRows(keys, b.rows[i], b.rows[j]) < 0 })
		}
		var prev types.Row
		for _, r := range b.rows {
			args := r[:nargs]
			if b.spec.distinct && prev != nil && sameValues(b.spec.sig.Args, prev, args) {
				continue
			}
			prev = args
			if err := b.inner.Add(env, args); err != nil {
				return types.Null, err
			}
		}
	}
	return b.inner.Result(env)
}

func sameValues(ts []*types.T, a, b types.Row) bool {
	for i := range a {
		if a[i].IsNull() != b[i].IsNull() {
			return false
		}
		if !a[i].IsNull() && types.Compare(ts[i], a[i], b[i]) != 0 {
			return false
		}
	}
	return true
}
