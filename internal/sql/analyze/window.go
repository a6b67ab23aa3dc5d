package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Frame option bits, as PostgreSQL's FRAMEOPTION_* (nodes/parsenodes.h).
const (
	FrameNonDefault              = 0x00001
	FrameRange                   = 0x00002
	FrameRows                    = 0x00004
	FrameGroups                  = 0x00008
	FrameBetween                 = 0x00010
	FrameStartUnboundedPreceding = 0x00020
	FrameEndUnboundedPreceding   = 0x00040
	FrameStartUnboundedFollowing = 0x00080
	FrameEndUnboundedFollowing   = 0x00100
	FrameStartCurrentRow         = 0x00200
	FrameEndCurrentRow           = 0x00400
	FrameStartOffsetPreceding    = 0x00800
	FrameEndOffsetPreceding      = 0x01000
	FrameStartOffsetFollowing    = 0x02000
	FrameEndOffsetFollowing      = 0x04000
	FrameExcludeCurrentRow       = 0x08000
	FrameExcludeGroup            = 0x10000
	FrameExcludeTies             = 0x20000
	FrameDefaults                = FrameRange | FrameStartUnboundedPreceding | FrameEndCurrentRow
)

// WindowSpec is one window of a query: partitioning, ordering and frame.
type WindowSpec struct {
	Name        string
	PartitionBy []Expr
	OrderBy     []SortKey
	Frame       int32
	StartOffset Expr
	EndOffset   Expr
}

// WindowFunc is a window function call (or an aggregate used as one).
type WindowFunc struct {
	Fn     *Func
	Star   bool
	Filter Expr
	// Win indexes the query's Windows; Index is the call's position in
	// the query's WindowFuncs.
	Win   int
	Index int
	Loc   int32
}

// Type implements Expr.
func (w *WindowFunc) Type() *types.T { return w.Fn.Sig.Ret }

// windowCollector gathers a query level's windows and window functions.
type windowCollector struct {
	defs  []*pg_query.WindowDef // named windows of the WINDOW clause
	specs []*WindowSpec
	funcs []*WindowFunc
	// raw keeps the definition each spec came from, to share identical
	// inline windows.
	raw []*pg_query.WindowDef
}

func (a *Analyzer) transformWindowFunc(fc *pg_query.FuncCall, cand *candidate, args []Expr, locs []int32, ec *exprCtx) (Expr, error) {
	_, name := qualifiedName(fc.Funcname)
	if ec.windows == nil {
		return nil, a.errorAt(fc.Location, pgerror.WindowingError, "window functions are not allowed in %s", ec.kind)
	}
	if ec.inWindowArg {
		return nil, a.errorAt(fc.Location, pgerror.WindowingError, "window function calls cannot be nested")
	}
	fn := cand.fn
	if fn.Kind != 'w' && fn.Kind != 'a' {
		return nil, a.errorAt(fc.Location, pgerror.WrongObjectType, "OVER specified, but %s is not a window function nor an aggregate function", name)
	}
	if fc.AggDistinct {
		return nil, a.errorAt(fc.Location, pgerror.FeatureNotSupported, "DISTINCT is not implemented for window functions")
	}
	if len(fc.AggOrder) > 0 {
		return nil, a.errorAt(fc.Location, pgerror.FeatureNotSupported, "aggregate ORDER BY is not implemented for window functions")
	}
	var f *Func
	if fc.AggStar {
		f = &Func{Fn: fn, Name: name}
		f.Sig.Ret = fn.Ret
	} else {
		call, err := a.finishCall(fn, nil, cand, args, locs, fc.Location, name)
		if err != nil {
			return nil, err
		}
		f = call.(*Func)
	}
	if !fn.Implemented() {
		return nil, a.errorAt(fc.Location, pgerror.FeatureNotSupported, "window function %s is not supported yet", fn.Signature())
	}
	wf := &WindowFunc{Fn: f, Star: fc.AggStar, Loc: fc.Location}
	if fc.AggFilter != nil {
		if fn.Kind == 'w' {
			return nil, a.errorAt(fc.Location, pgerror.FeatureNotSupported, "FILTER is not implemented for non-aggregate window functions")
		}
		filt, err := a.transformExpr(fc.AggFilter, &exprCtx{scope: ec.scope, kind: kindWhere})
		if err != nil {
			return nil, err
		}
		if filt, err = a.coerceToBool(filt, "FILTER", nodeLocation(fc.AggFilter)); err != nil {
			return nil, err
		}
		wf.Filter = filt
	}
	idx, err := a.windowFor(fc.Over, ec)
	if err != nil {
		return nil, err
	}
	wf.Win = idx
	wf.Index = len(ec.windows.funcs)
	ec.windows.funcs = append(ec.windows.funcs, wf)
	return wf, nil
}

// windowFor resolves an OVER clause to a window spec of the query,
// sharing specs written the same way.
func (a *Analyzer) windowFor(w *pg_query.WindowDef, ec *exprCtx) (int, error) {
	wc := ec.windows
	if w.Name != "" && w.Refname == "" && len(w.PartitionClause) == 0 && len(w.OrderClause) == 0 && w.FrameOptions&FrameNonDefault == 0 {
		// OVER name
		for _, d := range wc.defs {
			if d.Name == w.Name {
				return a.addWindowSpec(d, ec)
			}
		}
		return 0, a.errorAt(w.Location, pgerror.UndefinedObject, `window "%s" does not exist`, w.Name)
	}
	return a.addWindowSpec(w, ec)
}

func (a *Analyzer) addWindowSpec(w *pg_query.WindowDef, ec *exprCtx) (int, error) {
	wc := ec.windows
	for i, r := range wc.raw {
		if r == w {
			return i, nil
		}
	}
	spec := &WindowSpec{Frame: w.FrameOptions}
	base := w
	if w.Refname != "" {
		var ref *pg_query.WindowDef
		for _, d := range wc.defs {
			if d.Name == w.Refname {
				ref = d
			}
		}
		if ref == nil {
			return 0, a.errorAt(w.Location, pgerror.UndefinedObject, `window "%s" does not exist`, w.Refname)
		}
		if len(w.PartitionClause) > 0 {
			return 0, a.errorAt(w.Location, pgerror.WindowingError, `cannot override PARTITION BY clause of window "%s"`, w.Refname)
		}
		if len(ref.OrderClause) > 0 && len(w.OrderClause) > 0 {
			return 0, a.errorAt(w.Location, pgerror.WindowingError, `cannot override ORDER BY clause of window "%s"`, w.Refname)
		}
		if ref.FrameOptions&FrameNonDefault != 0 {
			return 0, a.errorAt(w.Location, pgerror.WindowingError, `cannot copy window "%s" because it has a frame clause`, w.Refname)
		}
		base = ref
	}
	inner := &exprCtx{scope: ec.scope, kind: kindWindowDef, aggs: ec.aggs}
	for _, p := range base.PartitionClause {
		e, err := a.transformExpr(p, inner)
		if err != nil {
			return 0, err
		}
		if err := a.checkSortGroup(e.Type(), false, nodeLocation(p)); err != nil {
			return 0, err
		}
		spec.PartitionBy = append(spec.PartitionBy, e)
	}
	order := base.OrderClause
	if len(w.OrderClause) > 0 {
		order = w.OrderClause
	}
	for _, o := range order {
		sb := o.GetSortBy()
		e, err := a.transformExpr(sb.Node, inner)
		if err != nil {
			return 0, err
		}
		if e.Type().Oid == types.OidUnknown {
			if e, err = a.mustCoerce(e, types.Text, types.CastImplicit, nodeLocation(sb.Node)); err != nil {
				return 0, err
			}
		}
		if err := a.checkSortGroup(e.Type(), true, nodeLocation(sb.Node)); err != nil {
			return 0, err
		}
		spec.OrderBy = append(spec.OrderBy, SortKey{Expr: e, Desc: sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC, NullsFirst: nullsFirst(sb)})
	}
	frame := w
	if w.FrameOptions&FrameNonDefault == 0 && w != base {
		frame = base
	}
	spec.Frame = frame.FrameOptions
	if spec.Frame&FrameNonDefault == 0 {
		spec.Frame = FrameDefaults
	}
	if spec.Frame&(FrameStartOffsetPreceding|FrameStartOffsetFollowing) != 0 {
		e, err := a.frameOffset(frame.StartOffset, spec, inner)
		if err != nil {
			return 0, err
		}
		spec.StartOffset = e
	}
	if spec.Frame&(FrameEndOffsetPreceding|FrameEndOffsetFollowing) != 0 {
		e, err := a.frameOffset(frame.EndOffset, spec, inner)
		if err != nil {
			return 0, err
		}
		spec.EndOffset = e
	}
	if spec.Frame&FrameRange != 0 && (spec.StartOffset != nil || spec.EndOffset != nil) {
		if len(spec.OrderBy) != 1 {
			return 0, a.errorAt(w.Location, pgerror.WindowingError, "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column")
		}
	}
	if spec.Frame&FrameGroups != 0 && len(spec.OrderBy) == 0 {
		return 0, a.errorAt(w.Location, pgerror.WindowingError, "GROUPS mode requires an ORDER BY clause")
	}
	spec.Name = w.Name
	wc.specs = append(wc.specs, spec)
	wc.raw = append(wc.raw, w)
	return len(wc.specs) - 1, nil
}

func (a *Analyzer) frameOffset(n *pg_query.Node, spec *WindowSpec, ec *exprCtx) (Expr, error) {
	e, err := a.transformExpr(n, &exprCtx{scope: ec.scope, kind: kindWindowDef})
	if err != nil {
		return nil, err
	}
	want := types.Int8
	if spec.Frame&FrameRange != 0 && len(spec.OrderBy) == 1 {
		ot := spec.OrderBy[0].Expr.Type()
		switch ot.Family {
		case types.FamInt, types.FamFloat, types.FamNumeric:
			want = ot
			if ot.Family == types.FamInt && ot.Width < 64 {
				want = types.Int8
			}
		case types.FamDate, types.FamTimestamp, types.FamTimestampTZ, types.FamTime, types.FamInterval:
			want = types.Interval
		default:
			return nil, a.errorAt(nodeLocation(n), pgerror.FeatureNotSupported, "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s", ot.SQLName())
		}
	}
	return a.mustCoerce(e, want, types.CastAssignment, nodeLocation(n))
}
