package analyze

import (
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// rangeConstructors returns the constructor functions of a user-defined
// range or multirange type called name, which CREATE TYPE ... AS RANGE
// defines along with the type (DefineRange's makeRangeConstructors and
// makeMultirangeConstructors): range(sub, sub), range(sub, sub, text),
// and multirange(), multirange(range), multirange(VARIADIC range[]). The
// built-in range types have theirs in pg_proc.
func (a *Analyzer) rangeConstructors(schema, name string) []*builtins.Func {
	if a.cat == nil {
		return nil
	}
	t := a.cat.LookupType(schema, name)
	if t == nil || t.Range == nil || t.Oid < 16384 {
		return nil
	}
	rt := types.RangeTypeOf(t)
	if rt == nil {
		return nil
	}
	sub := rt.Range.Sub
	fn := func(args []*types.T, strict bool, impl builtins.Impl) *builtins.Func {
		return &builtins.Func{Name: t.Name, Kind: 'f', Args: args, Ret: t, Strict: strict,
			Volatility: builtins.Immutable, Lang: 12, Cost: 1, Impl: impl}
	}
	if t.Family == types.FamRange {
		impl := func(_ builtins.Env, _ *builtins.Sig, args []types.Datum) (types.Datum, error) {
			return builtins.RangeConstructor(rt, args)
		}
		return []*builtins.Func{
			fn([]*types.T{sub, sub}, false, impl),
			fn([]*types.T{sub, sub, types.Text}, false, impl),
		}
	}
	arr := types.ArrayOf(rt)
	fs := []*builtins.Func{
		fn(nil, true, func(builtins.Env, *builtins.Sig, []types.Datum) (types.Datum, error) {
			return builtins.MultirangeConstructor(rt, nil)
		}),
		fn([]*types.T{rt}, true, func(_ builtins.Env, _ *builtins.Sig, args []types.Datum) (types.Datum, error) {
			return builtins.MultirangeConstructor(rt, args)
		}),
	}
	if arr != nil {
		v := fn([]*types.T{arr}, true, func(_ builtins.Env, _ *builtins.Sig, args []types.Datum) (types.Datum, error) {
			return builtins.MultirangeConstructor(rt, args[0].Array().Elems)
		})
		v.Variadic = rt
		fs = append(fs, v)
	}
	return fs
}
