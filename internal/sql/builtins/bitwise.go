package builtins

import (
	"github.com/tuskdb/tusk/internal/sql/types"
)

// The bitwise operators of smallint, integer and bigint: & | # ~ << >>
// (int4and, int4shl, ... in PostgreSQL's utils/adt/int.c and int8.c).
// Results wrap to the type's width as C's do; a shift count is taken
// modulo the width of the shifted value (x86 semantics, what PostgreSQL's
// C shift yields on the platforms it ships for), with smallint shifted as
// a 32-bit int and then truncated.
func init() {
	widths := map[string]int{"int2": 16, "int4": 32, "int8": 64}
	for prefix, w := range widths {
		wrap := func(v int64) int64 {
			switch w {
			case 16:
				return int64(int16(v))
			case 32:
				return int64(int32(v))
			}
			return v
		}
		bin := func(op func(x, y int64) int64) Impl {
			return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
				return types.NewInt(wrap(op(a[0].Int(), a[1].Int()))), nil
			}
		}
		// The shifted operand is at least 32 bits wide in C.
		sw := max(w, 32)
		register(prefix+"and", bin(func(x, y int64) int64 { return x & y }))
		register(prefix+"or", bin(func(x, y int64) int64 { return x | y }))
		register(prefix+"xor", bin(func(x, y int64) int64 { return x ^ y }))
		register(prefix+"not", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			return types.NewInt(wrap(^a[0].Int())), nil
		})
		register(prefix+"shl", bin(func(x, y int64) int64 {
			n := uint(y) % uint(sw)
			if sw == 32 {
				return int64(int32(x) << n)
			}
			return x << n
		}))
		register(prefix+"shr", bin(func(x, y int64) int64 {
			n := uint(y) % uint(sw)
			if sw == 32 {
				return int64(int32(x) >> n)
			}
			return x >> n
		}))
	}
}
