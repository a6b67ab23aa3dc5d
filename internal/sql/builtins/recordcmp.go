package builtins

import (
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Comparison of composite values (PostgreSQL's utils/adt/rowtypes.c,
// record_eq and its kin): field by field, two NULL fields equal and a
// NULL field larger than any other, as the manual's "Composite Type
// Comparison" says for values that are not row constructors.
func init() {
	cmp := func(pred func(int) bool) Impl {
		return func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
			return types.NewBool(pred(types.Compare(sig.Args[0], a[0], a[1]))), nil
		}
	}
	register("record_eq", cmp(func(c int) bool { return c == 0 }))
	register("record_ne", cmp(func(c int) bool { return c != 0 }))
	register("record_lt", cmp(func(c int) bool { return c < 0 }))
	register("record_le", cmp(func(c int) bool { return c <= 0 }))
	register("record_gt", cmp(func(c int) bool { return c > 0 }))
	register("record_ge", cmp(func(c int) bool { return c >= 0 }))
	register("btrecordcmp", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(types.Compare(sig.Args[0], a[0], a[1]))), nil
	})
}
