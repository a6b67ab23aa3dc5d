package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Named and mixed notation, f(1, c => 3) (PostgreSQL docs, section 4.3
// "Calling Functions"; namespace.c MatchNamedCall): a function matches
// when every named argument names one of its input parameters not
// already given by position, and every parameter left out has a default.
// The arguments are then put in parameter order, defaults filling the
// gaps, and the call is resolved like a positional one.

// inputNames returns the names of a function's input parameters, in
// order ("" for an unnamed one).
func inputNames(fn *builtins.Func) []string {
	if fn.ArgModes == "" {
		out := make([]string, len(fn.Args))
		copy(out, fn.ArgNames)
		return out
	}
	var out []string
	for i, m := range fn.ArgModes {
		if m == 'i' || m == 'b' || m == 'v' {
			n := ""
			if i < len(fn.ArgNames) {
				n = fn.ArgNames[i]
			}
			out = append(out, n)
		}
	}
	return out
}

// transformNamedCall resolves a call with named arguments.
func (a *Analyzer) transformNamedCall(fc *pg_query.FuncCall, ec *exprCtx, schema, name string, user []*builtins.Func) (Expr, error) {
	if fc.Over != nil || fc.AggStar || fc.AggDistinct || len(fc.AggOrder) > 0 {
		return nil, a.errorAt(fc.Location, pgerror.FeatureNotSupported, "named arguments are not supported in aggregate or window calls")
	}
	var pos []Expr
	var posLocs []int32
	type named struct {
		name string
		e    Expr
		loc  int32
	}
	var nameds []named
	for _, n := range fc.Args {
		if na := n.GetNamedArgExpr(); na != nil {
			for _, x := range nameds {
				if x.name == na.Name {
					return nil, a.errorAt(na.Location, pgerror.SyntaxError, `argument name "%s" used more than once`, na.Name)
				}
			}
			e, err := a.transformExpr(na.Arg, ec)
			if err != nil {
				return nil, err
			}
			nameds = append(nameds, named{na.Name, e, na.Location})
			continue
		}
		e, err := a.transformExpr(n, ec)
		if err != nil {
			return nil, err
		}
		pos = append(pos, e)
		posLocs = append(posLocs, nodeLocation(n))
	}
	var fns []*builtins.Func
	if schema == "" || schema == "pg_catalog" {
		fns = builtins.FuncsByName(name)
	} else {
		fns = builtins.SchemaFuncsByName(schema, name)
	}
	fns = append(append([]*builtins.Func(nil), fns...), user...)
	for _, fn := range fns {
		if fn.Kind != 'f' || fn.RetSet && ec.kind != kindFromFunction && ec.kind != kindSelectTarget {
			continue
		}
		names := inputNames(fn)
		np := len(fn.Args)
		if len(pos)+len(nameds) > np || len(pos) > np {
			continue
		}
		slots := make([]Expr, np)
		locs := make([]int32, np)
		copy(slots, pos)
		copy(locs, posLocs)
		ok := true
		for _, x := range nameds {
			j := -1
			for i, n := range names {
				if n == x.name {
					j = i
				}
			}
			if j < 0 || slots[j] != nil {
				ok = false
				break
			}
			slots[j], locs[j] = x.e, x.loc
		}
		if !ok {
			continue
		}
		var defs []Expr
		for i := range slots {
			if slots[i] != nil {
				continue
			}
			k := i - (np - fn.NDefaults)
			if k < 0 {
				ok = false
				break
			}
			if defs == nil {
				var err error
				if defs, err = a.defaultArgs(fn, fn.NDefaults); err != nil {
					return nil, err
				}
			}
			slots[i], locs[i] = defs[k], fc.Location
		}
		if !ok {
			continue
		}
		in := make([]*types.T, np)
		for i, e := range slots {
			in[i] = e.Type()
		}
		cand := &candidate{fn: fn, args: fn.Args, nvarg: -1}
		if best, _ := chooseCandidate(in, []*candidate{cand}); best == nil {
			continue
		}
		return a.finishCall(fn, nil, cand, slots, locs, fc.Location, name)
	}
	var b []byte
	for i, e := range pos {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, e.Type().SQLNameNoTypmod()...)
	}
	for i, x := range nameds {
		if i > 0 || len(pos) > 0 {
			b = append(b, ", "...)
		}
		b = append(b, x.name+" => "+x.e.Type().SQLNameNoTypmod()...)
	}
	return nil, a.errorAt(fc.Location, pgerror.UndefinedFunction, "function %s(%s) does not exist", name, string(b)).
		WithHint("No function matches the given name and argument types. You might need to add explicit type casts.")
}
