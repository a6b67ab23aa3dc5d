package exec

import (
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
}

func compileAgg(n *plan.Agg) (build, error) {
	in, err := compileNode(n.Input)
	if err != nil {
		return nil, err
	}
	if len(n.GroupBy) > 0 {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "GROUP BY is not supported yet")
	}
	specs := make([]aggSpec, len(n.Aggs))
	for i, a := range n.Aggs {
		if a.Fn.Agg == nil {
			return nil, pgerror.New(pgerror.FeatureNotSupported, "aggregate %s is not supported yet", a.Fn.Signature())
		}
		if a.Distinct || len(a.Order) > 0 {
			return nil, pgerror.New(pgerror.FeatureNotSupported, "DISTINCT and ORDER BY in aggregates are not supported yet")
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
		specs[i] = aggSpec{def: a.Fn.Agg, sig: a.Sig, args: args, filter: filter, strict: a.Fn.Agg.SkipNulls}
	}
	return func(s *State) (operator, error) {
		child, err := in(s)
		if err != nil {
			return nil, err
		}
		return &plainAggOp{in: child, specs: specs}, nil
	}, nil
}

// plainAggOp aggregates its whole input into one row.
type plainAggOp struct {
	in    operator
	specs []aggSpec
	done  bool
}

func (o *plainAggOp) Next(s *State) (types.Row, error) {
	if o.done {
		return nil, nil
	}
	o.done = true
	states := make([]builtins.AggState, len(o.specs))
	for i := range o.specs {
		states[i] = o.specs[i].def.New(&o.specs[i].sig)
	}
	args := make([]types.Datum, 0, 4)
	for {
		row, err := o.in.Next(s)
		if err != nil {
			return nil, err
		}
		if row == nil {
			break
		}
		for i := range o.specs {
			sp := &o.specs[i]
			if sp.filter != nil {
				v, err := sp.filter(s, row)
				if err != nil {
					return nil, err
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
					return nil, err
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
			if err := states[i].Add(s.Env, args); err != nil {
				return nil, err
			}
		}
		if err := s.checkCancel(); err != nil {
			return nil, err
		}
	}
	out := make(types.Row, len(states))
	for i, st := range states {
		v, err := st.Result(s.Env)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
func (o *plainAggOp) Close() { o.in.Close() }
