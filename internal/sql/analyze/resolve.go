package analyze

import (
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// This file implements PostgreSQL's function and operator resolution
// (PostgreSQL docs, sections 10.2 and 10.3; parser/parse_func.c
// func_select_candidate and parser/parse_oper.c), and polymorphic type
// resolution (parser/parse_coerce.c enforce_generic_type_consistency).

// candidate is one function or operator signature under consideration,
// with the argument types it declares after variadic expansion and default
// arguments.
type candidate struct {
	fn    *builtins.Func
	op    *builtins.Operator
	args  []*types.T
	nvarg int // number of trailing arguments folded into a VARIADIC array, -1 if none
	ndef  int // number of defaulted trailing arguments
}

func isPreferred(cat types.Category, t *types.T) bool {
	return t.Category == cat && t.Preferred
}

// typeCategory is PostgreSQL's TypeCategory.
func typeCategory(t *types.T) types.Category { return t.Category }

// canCoerce reports whether each input type coerces implicitly to the
// candidate's argument type (can_coerce_type with COERCION_IMPLICIT),
// including polymorphic consistency.
func canCoerce(in []*types.T, target []*types.T) bool {
	havePoly := false
	for i, t := range in {
		dst := target[i]
		if t.Oid == dst.Oid {
			continue
		}
		if dst.Oid == types.OidAny {
			continue
		}
		if dst.IsPolymorphic() {
			havePoly = true
			continue
		}
		if t.Oid == types.OidUnknown {
			continue
		}
		// Nothing converts to int2vector and oidvector implicitly
		// (find_coercion_pathway maps them only as sources).
		if dst.Oid == types.OidInt2Vector || dst.Oid == types.OidOidVector {
			return false
		}
		if t.Oid == types.OidRecord && dst.Oid == types.OidRecord {
			continue
		}
		if !types.CanCoerce(t, dst, types.CastImplicit) {
			return false
		}
	}
	if havePoly {
		_, err := resolvePolymorphic(in, target, nil)
		return err == nil
	}
	return true
}

// selectCandidate is func_select_candidate: it narrows several candidates
// that all accept the inputs down to one, or returns nil (ambiguous).
func selectCandidate(in []*types.T, cands []*candidate) *candidate {
	nargs := len(in)
	unknowns := 0
	for _, t := range in {
		if t.Oid == types.OidUnknown {
			unknowns++
		}
	}
	keepMax := func(score func(c *candidate) int) {
		best := -1
		var kept []*candidate
		for _, c := range cands {
			s := score(c)
			if s > best {
				best = s
				kept = kept[:0]
			}
			if s == best {
				kept = append(kept, c)
			}
		}
		cands = kept
	}
	// Keep the candidates with the most exact matches.
	keepMax(func(c *candidate) int {
		n := 0
		for i, t := range in {
			if t.Oid != types.OidUnknown && t.Oid == c.args[i].Oid {
				n++
			}
		}
		return n
	})
	if len(cands) == 1 {
		return cands[0]
	}
	// Then those accepting preferred types where conversion is needed.
	keepMax(func(c *candidate) int {
		n := 0
		for i, t := range in {
			if t.Oid != types.OidUnknown && (t.Oid == c.args[i].Oid || isPreferred(typeCategory(t), c.args[i])) {
				n++
			}
		}
		return n
	})
	if len(cands) == 1 {
		return cands[0]
	}
	if unknowns == 0 {
		return nil
	}
	// Try assigning categories to the unknown inputs.
	slotCat := make([]types.Category, nargs)
	slotPref := make([]bool, nargs)
	resolved := false
	for i, t := range in {
		if t.Oid != types.OidUnknown {
			continue
		}
		slotCat[i] = 0
		conflict := false
		for _, c := range cands {
			ct := c.args[i]
			cc := typeCategory(ct)
			cp := isPreferred(cc, ct)
			switch {
			case slotCat[i] == 0:
				slotCat[i], slotPref[i] = cc, cp
			case cc == slotCat[i]:
				slotPref[i] = slotPref[i] || cp
			default:
				if cc == types.CatString {
					slotCat[i], slotPref[i] = cc, cp
				} else {
					conflict = true
				}
			}
		}
		if conflict && slotCat[i] != types.CatString {
			resolved = false
			break
		}
		resolved = true
	}
	if resolved {
		var kept []*candidate
		for _, c := range cands {
			keep := true
			for i, t := range in {
				if t.Oid != types.OidUnknown {
					continue
				}
				ct := c.args[i]
				cc := typeCategory(ct)
				if cc != slotCat[i] || (slotPref[i] && !isPreferred(cc, ct)) {
					keep = false
					break
				}
			}
			if keep {
				kept = append(kept, c)
			}
		}
		if len(kept) > 0 {
			cands = kept
		}
		if len(cands) == 1 {
			return cands[0]
		}
	}
	// Last gasp: if the known inputs all have one type, assume the unknown
	// ones have it too.
	if unknowns < nargs {
		var known *types.T
		for _, t := range in {
			if t.Oid == types.OidUnknown {
				continue
			}
			if known == nil {
				known = t
			} else if known.Oid != t.Oid {
				known = nil
				break
			}
		}
		if known != nil {
			guess := make([]*types.T, nargs)
			for i, t := range in {
				guess[i] = t
				if t.Oid == types.OidUnknown {
					guess[i] = known
				}
			}
			var match *candidate
			n := 0
			for _, c := range cands {
				if canCoerce(guess, c.args) {
					match = c
					n++
				}
			}
			if n == 1 {
				return match
			}
		}
	}
	return nil
}

// polyResult is the outcome of polymorphic resolution.
type polyResult struct {
	elem     *types.T // anyelement / anynonarray / anyenum
	array    *types.T // anyarray
	compat   *types.T // anycompatible
	compatAr *types.T // anycompatiblearray
	rng      *types.T // anyrange
	mrng     *types.T // anymultirange
}

// resolvePolymorphic checks that the actual types in are consistent with
// the declared (possibly polymorphic) types and works out what each
// polymorphic type stands for (enforce_generic_type_consistency). ret, if
// given, is the declared result type, which must be resolvable.
func resolvePolymorphic(in []*types.T, declared []*types.T, ret *types.T) (*polyResult, error) {
	var r polyResult
	var compatTypes []*types.T
	haveUnknownElem := false
	for i, t := range in {
		d := declared[i]
		switch d.Oid {
		case types.OidAnyElement, types.OidAnyNonArray, types.OidAnyEnum:
			if t.Oid == types.OidUnknown {
				haveUnknownElem = true
				continue
			}
			if d.Oid == types.OidAnyEnum && t.Kind != 'e' {
				return nil, pgerror.New(pgerror.DatatypeMismatch, "argument declared anyenum is not an enum but type %s", t.SQLNameNoTypmod())
			}
			if r.elem != nil && r.elem.Oid != t.Oid {
				return nil, pgerror.New(pgerror.DatatypeMismatch, "arguments declared \"anyelement\" are not all alike").
					WithDetail("%s versus %s", r.elem.SQLNameNoTypmod(), t.SQLNameNoTypmod())
			}
			r.elem = t.Base()
		case types.OidAnyRange:
			if t.Oid == types.OidUnknown {
				continue
			}
			if types.BaseType(t).Family != types.FamRange {
				return nil, pgerror.New(pgerror.DatatypeMismatch, "argument declared anyrange is not a range type but type %s", t.SQLNameNoTypmod())
			}
			if r.rng != nil && r.rng.Oid != types.BaseType(t).Oid {
				return nil, pgerror.New(pgerror.DatatypeMismatch, "arguments declared \"anyrange\" are not all alike").
					WithDetail("%s versus %s", r.rng.SQLNameNoTypmod(), t.SQLNameNoTypmod())
			}
			r.rng = types.BaseType(t)
		case types.OidAnyMultirange:
			if t.Oid == types.OidUnknown {
				continue
			}
			if types.BaseType(t).Family != types.FamMultirange {
				return nil, pgerror.New(pgerror.DatatypeMismatch, "argument declared anymultirange is not a multirange type but type %s", t.SQLNameNoTypmod())
			}
			if r.mrng != nil && r.mrng.Oid != types.BaseType(t).Oid {
				return nil, pgerror.New(pgerror.DatatypeMismatch, "arguments declared \"anymultirange\" are not all alike").
					WithDetail("%s versus %s", r.mrng.SQLNameNoTypmod(), t.SQLNameNoTypmod())
			}
			r.mrng = types.BaseType(t)
		case types.OidAnyArray:
			if t.Oid == types.OidUnknown {
				continue
			}
			if !t.IsArray() {
				return nil, pgerror.New(pgerror.DatatypeMismatch, "argument declared anyarray is not an array but type %s", t.SQLNameNoTypmod())
			}
			if r.array != nil && r.array.Oid != t.Oid {
				return nil, pgerror.New(pgerror.DatatypeMismatch, "arguments declared \"anyarray\" are not all alike").
					WithDetail("%s versus %s", r.array.SQLNameNoTypmod(), t.SQLNameNoTypmod())
			}
			r.array = t.Base()
		case types.OidAnyCompatible, types.OidAnyCompNonArr:
			if t.Oid != types.OidUnknown {
				compatTypes = append(compatTypes, t.Base())
			}
		case types.OidAnyCompArray:
			if t.Oid == types.OidUnknown {
				continue
			}
			if !t.IsArray() {
				return nil, pgerror.New(pgerror.DatatypeMismatch, "argument declared anycompatiblearray is not an array but type %s", t.SQLNameNoTypmod())
			}
			compatTypes = append(compatTypes, t.Elem)
		}
	}
	// Reconcile anymultirange with anyrange, and anyrange with anyelement.
	if r.mrng != nil {
		rt := types.RangeTypeOf(r.mrng)
		if r.rng == nil {
			r.rng = rt
		} else if rt == nil || r.rng.Oid != rt.Oid {
			return nil, pgerror.New(pgerror.DatatypeMismatch, "argument declared anymultirange is not consistent with argument declared anyrange").
				WithDetail("%s versus %s", r.mrng.SQLNameNoTypmod(), r.rng.SQLNameNoTypmod())
		}
	}
	if r.rng != nil {
		if r.mrng == nil {
			r.mrng = types.MultirangeTypeOf(r.rng)
		}
		sub := r.rng.Range.Sub
		if r.elem == nil {
			r.elem = sub
		} else if r.elem.Oid != sub.Oid {
			return nil, pgerror.New(pgerror.DatatypeMismatch, "argument declared anyrange is not consistent with argument declared anyelement").
				WithDetail("%s versus %s", r.rng.SQLNameNoTypmod(), r.elem.SQLNameNoTypmod())
		}
	}
	// Reconcile anyelement with anyarray.
	if r.array != nil {
		if r.elem == nil {
			r.elem = r.array.Elem
		} else if r.elem.Oid != r.array.Elem.Oid {
			return nil, pgerror.New(pgerror.DatatypeMismatch, "argument declared anyarray is not consistent with argument declared anyelement").
				WithDetail("%s versus %s", r.array.SQLNameNoTypmod(), r.elem.SQLNameNoTypmod())
		}
	} else if r.elem != nil {
		r.array = types.ArrayOf(r.elem)
	}
	if r.elem == nil && haveUnknownElem {
		// Only unknown inputs: PostgreSQL resolves them as text.
		r.elem = types.Text
		r.array = types.TextArray
	}
	for _, d := range declared {
		if d.Oid == types.OidAnyNonArray && r.elem != nil && r.elem.IsArray() {
			return nil, pgerror.New(pgerror.DatatypeMismatch, "type matched to anynonarray is an array type: %s", r.elem.SQLNameNoTypmod())
		}
	}
	if len(compatTypes) > 0 {
		common, err := commonType(compatTypes, "anycompatible")
		if err != nil {
			return nil, err
		}
		r.compat = common
		r.compatAr = types.ArrayOf(common)
	} else {
		for _, d := range declared {
			if d.Oid == types.OidAnyCompatible || d.Oid == types.OidAnyCompArray || d.Oid == types.OidAnyCompNonArr {
				r.compat = types.Text
				r.compatAr = types.TextArray
				break
			}
		}
	}
	if ret != nil {
		switch ret.Oid {
		case types.OidAnyElement, types.OidAnyNonArray, types.OidAnyEnum:
			if r.elem == nil {
				return nil, pgerror.New(pgerror.DatatypeMismatch, "could not determine polymorphic type because input has type unknown")
			}
		case types.OidAnyArray:
			if r.array == nil {
				return nil, pgerror.New(pgerror.DatatypeMismatch, "could not determine polymorphic type because input has type unknown")
			}
		case types.OidAnyRange:
			if r.rng == nil {
				return nil, pgerror.New(pgerror.DatatypeMismatch, "could not determine polymorphic type because input has type unknown")
			}
		case types.OidAnyMultirange:
			if r.mrng == nil {
				return nil, pgerror.New(pgerror.DatatypeMismatch, "could not determine polymorphic type because input has type unknown")
			}
		}
	}
	return &r, nil
}

// actualType replaces a polymorphic declared type by what it stands for.
func (r *polyResult) actualType(d *types.T) *types.T {
	if r == nil {
		return d
	}
	switch d.Oid {
	case types.OidAnyElement, types.OidAnyNonArray, types.OidAnyEnum:
		if r.elem != nil {
			return r.elem
		}
	case types.OidAnyArray:
		if r.array != nil {
			return r.array
		}
	case types.OidAnyCompatible, types.OidAnyCompNonArr:
		if r.compat != nil {
			return r.compat
		}
	case types.OidAnyCompArray:
		if r.compatAr != nil {
			return r.compatAr
		}
	case types.OidAnyRange:
		if r.rng != nil {
			return r.rng
		}
	case types.OidAnyMultirange:
		if r.mrng != nil {
			return r.mrng
		}
	}
	return d
}

// commonType is select_common_type: the type that a set of expressions
// (CASE arms, UNION columns, ARRAY elements, ...) is resolved to. context
// names the construct in the error message.
func commonType(ts []*types.T, context string) (*types.T, error) {
	var p *types.T
	for _, t := range ts {
		if t.Oid == types.OidUnknown {
			continue
		}
		if p == nil {
			p = t.Base()
			continue
		}
		if t.Oid == p.Oid {
			continue
		}
		if t.Category != p.Category {
			return nil, pgerror.New(pgerror.DatatypeMismatch, "%s types %s and %s cannot be matched", context, p.SQLNameNoTypmod(), t.SQLNameNoTypmod())
		}
		if !p.Preferred && types.CanCoerce(p, t, types.CastImplicit) && !types.CanCoerce(t, p, types.CastImplicit) {
			p = t.Base()
		}
	}
	if p == nil {
		return types.Text, nil
	}
	// A common typmod survives when every input shares it.
	typmod := int32(-2)
	for _, t := range ts {
		if t.Oid != p.Oid {
			typmod = -1
			break
		}
		if typmod == -2 {
			typmod = t.Typmod
		} else if typmod != t.Typmod {
			typmod = -1
		}
	}
	if typmod >= 0 {
		return p.WithTypmod(typmod), nil
	}
	return p, nil
}

// funcCandidates lists the candidates for a call of name with nargs
// arguments, expanding VARIADIC parameters and defaults.
func funcCandidates(name string, nargs int, hasNamedArgs bool) []*candidate {
	return candidatesOf(builtins.FuncsByName(name), nargs, hasNamedArgs)
}

// funcCandidatesIn is funcCandidates for a name qualified with a schema
// ("" or pg_catalog for the built-in functions of pg_catalog).
func funcCandidatesIn(schema, name string, nargs int, hasNamedArgs bool) []*candidate {
	if schema == "" || schema == "pg_catalog" {
		return funcCandidates(name, nargs, hasNamedArgs)
	}
	return candidatesOf(builtins.SchemaFuncsByName(schema, name), nargs, hasNamedArgs)
}

func candidatesOf(funcs []*builtins.Func, nargs int, hasNamedArgs bool) []*candidate {
	var out []*candidate
	for _, f := range funcs {
		if f.Kind == 'p' {
			continue
		}
		np := len(f.Args)
		switch {
		case np == nargs:
			out = append(out, &candidate{fn: f, args: f.Args, nvarg: -1})
			if f.Variadic != nil && f.Variadic.Oid != types.OidAny {
				// Also allow the variadic parameter to take one element.
				args := append(append([]*types.T{}, f.Args[:np-1]...), f.Variadic)
				out = append(out, &candidate{fn: f, args: args, nvarg: 1})
			}
		case f.Variadic != nil && nargs >= np-1 && nargs > np-1 && f.Variadic.Oid != types.OidAny && nargs > np:
			args := append([]*types.T{}, f.Args[:np-1]...)
			for len(args) < nargs {
				args = append(args, f.Variadic)
			}
			out = append(out, &candidate{fn: f, args: args, nvarg: nargs - (np - 1)})
		case f.Variadic != nil && f.Variadic.Oid == types.OidAny && nargs >= np:
			// VARIADIC "any": arguments are passed as they are. The
			// variadic parameter takes at least one (concat() does not
			// exist; json_build_array() is a function of its own).
			args := append([]*types.T{}, f.Args[:np-1]...)
			for len(args) < nargs {
				args = append(args, types.Any)
			}
			out = append(out, &candidate{fn: f, args: args, nvarg: -1})
		case f.Variadic != nil && nargs == np-1:
			// A variadic parameter with no arguments is allowed only with
			// defaults; PostgreSQL rejects it otherwise.
		case nargs < np && np-nargs <= f.NDefaults:
			out = append(out, &candidate{fn: f, args: f.Args[:nargs], nvarg: -1, ndef: np - nargs})
		}
	}
	// Remove duplicate argument lists (a variadic expansion can repeat a
	// plain signature); PostgreSQL prefers the non-variadic one.
	return out
}

func argTypesString(ts []*types.T) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(t.SQLNameNoTypmod())
	}
	return b.String()
}

// chooseCandidate runs the exact-match, implicit-coercion and
// func_select_candidate steps over cands for actual argument types in.
// It returns nil with ambiguous=true when several remain.
func chooseCandidate(in []*types.T, cands []*candidate) (best *candidate, ambiguous bool) {
	// Arguments of domain types count as their base types
	// (func_select_candidate's getBaseType).
	for i, t := range in {
		if t.Domain != nil {
			in = append([]*types.T(nil), in...)
			for j := i; j < len(in); j++ {
				in[j] = types.BaseType(in[j])
			}
			break
		}
	}
	// Exact match on every argument.
	var exact []*candidate
	for _, c := range cands {
		ok := true
		for i, t := range in {
			if t.Oid != c.args[i].Oid {
				ok = false
				break
			}
		}
		if ok {
			exact = append(exact, c)
		}
	}
	if len(exact) >= 1 {
		return preferPlain(exact), false
	}
	var viable []*candidate
	for _, c := range cands {
		if canCoerce(in, c.args) {
			viable = append(viable, c)
		}
	}
	switch len(viable) {
	case 0:
		return nil, false
	case 1:
		return viable[0], false
	}
	if c := selectCandidate(in, viable); c != nil {
		return c, false
	}
	// Identical signatures from variadic expansion count as one.
	if p := preferPlain(viable); p != nil && sameArgs(viable) {
		return p, false
	}
	return nil, true
}

func sameArgs(cs []*candidate) bool {
	for _, c := range cs[1:] {
		if len(c.args) != len(cs[0].args) {
			return false
		}
		for i := range c.args {
			if c.args[i].Oid != cs[0].args[i].Oid {
				return false
			}
		}
	}
	return true
}

func preferPlain(cs []*candidate) *candidate {
	for _, c := range cs {
		if c.nvarg == -1 && c.ndef == 0 {
			return c
		}
	}
	return cs[0]
}
