package planner

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/plan"
)

// rewrite turns an analyzed expression, evaluated over rows of layout
// lay, into an executable one: column references become positions in the
// row (plan.InputRef) or in an enclosing row (plan.OuterRef), aggregates
// and grouped expressions become positions in the aggregation's output,
// and subqueries become plan.SubPlan (PostgreSQL's setrefs.c and
// subselect.c).
func (p *planner) rewrite(e analyze.Expr, lay *layout) (analyze.Expr, error) {
	if e == nil {
		return nil, nil
	}
	var err error
	out := analyze.Rewrite(e, func(x analyze.Expr) analyze.Expr {
		if err != nil {
			return x
		}
		if lay.agg {
			for i, k := range lay.keys {
				if analyze.ExprString(k) == analyze.ExprString(x) && k.Type().Oid == x.Type().Oid {
					return &plan.InputRef{Index: i, T: x.Type()}
				}
			}
		}
		if f, ok := x.(*analyze.Func); ok && f.Fn.RetSet {
			for i, sf := range lay.srfs {
				if sf == f {
					return &plan.InputRef{Index: lay.srfBase + i, T: f.Type()}
				}
			}
		}
		if wf, ok := x.(*analyze.WindowFunc); ok {
			if pos, ok := lay.wfuncs[wf.Index]; ok {
				return &plan.InputRef{Index: pos, T: wf.Type()}
			}
			err = pgerror.New(pgerror.WindowingError, "window functions are not allowed here")
			return x
		}
		switch v := x.(type) {
		case *analyze.Var:
			r, rerr := p.resolveVar(v, lay)
			if rerr != nil {
				err = rerr
				return x
			}
			return r
		case *analyze.Aggref:
			if lay.agg && v.LevelsUp == 0 {
				return &plan.InputRef{Index: len(lay.keys) + v.Index, T: v.Type()}
			}
			err = pgerror.New(pgerror.GroupingError, "aggregate functions are not allowed here")
			return x
		case *analyze.SubLink:
			sp, serr := p.planSubLink(v, lay)
			if serr != nil {
				err = serr
				return x
			}
			return sp
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (p *planner) resolveVar(v *analyze.Var, lay *layout) (analyze.Expr, error) {
	abs := lay.level - v.LevelsUp
	if v.LevelsUp == 0 && !lay.agg {
		if off, ok := lay.off[v.Rel]; ok {
			return &plan.InputRef{Index: off + v.Col, T: v.T}, nil
		}
	}
	for i := len(p.frames) - 1; i >= 0; i-- {
		f := p.frames[i]
		if f.level != abs {
			continue
		}
		depth := len(p.frames) - i
		if f.lay.agg {
			// An outer reference into a grouped query must be a grouping
			// expression.
			for k, key := range f.lay.keys {
				if kv, ok := key.(*analyze.Var); ok && kv.Rel == v.Rel && kv.Col == v.Col {
					return &plan.OuterRef{Depth: depth, Index: k, T: v.T}, nil
				}
			}
			continue
		}
		if off, ok := f.lay.off[v.Rel]; ok {
			return &plan.OuterRef{Depth: depth, Index: off + v.Col, T: v.T}, nil
		}
	}
	if lay.agg && v.LevelsUp == 0 {
		return nil, pgerror.New(pgerror.GroupingError, `column "%s" must appear in the GROUP BY clause or be used in an aggregate function`, v.Name)
	}
	return nil, pgerror.New(pgerror.FeatureNotSupported, "this reference to column \"%s\" of an outer query is not supported yet", v.Name)
}

// planSubLink plans a subquery evaluated inside an expression over rows of
// layout lay; the subquery reads that row as its outer row.
func (p *planner) planSubLink(s *analyze.SubLink, lay *layout) (*plan.SubPlan, error) {
	sp := &plan.SubPlan{Kind: s.Kind, T: s.T, Correlated: s.Query.Correlated}
	if s.Left != nil {
		l, err := p.rewrite(s.Left, lay)
		if err != nil {
			return nil, err
		}
		sp.Left = l
		t := *s.Test
		t.Args = []analyze.Expr{l, s.Test.Args[1]}
		sp.Test = &t
	}
	p.frames = append(p.frames, frame{level: lay.level, lay: lay})
	n, err := p.planQuery(s.Query, lay.level+1)
	p.frames = p.frames[:len(p.frames)-1]
	if err != nil {
		return nil, err
	}
	sp.Plan = n
	return sp, nil
}
