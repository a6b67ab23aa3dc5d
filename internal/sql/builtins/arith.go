package builtins

import (
	"math"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// attachOperators gives the operators of the arithmetic and comparison
// families generic implementations, chosen by the operand and result
// families, so that each of PostgreSQL's many per-type functions (int4pl,
// int48pl, float84mi, numeric_add, texteq, int28lt, ...) does not need its
// own code. Implementations registered by name take precedence.
func attachOperators() {
	for _, op := range allOps {
		f := op.Func
		if f == nil || f.Impl != nil || op.Kind != 'b' && op.Kind != 'l' {
			continue
		}
		if op.Kind == 'l' {
			switch op.Name {
			case "-":
				f.Impl = negImpl(op.Result)
			case "+":
				f.Impl = func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) { return a[0], nil }
			case "@":
				f.Impl = absImpl(op.Result)
			}
			continue
		}
		lf, rf, res := op.Left.Family, op.Right.Family, op.Result
		numericish := func(fam types.Family) bool {
			return fam == types.FamInt || fam == types.FamFloat || fam == types.FamNumeric
		}
		switch op.Name {
		case "=", "<>", "<", "<=", ">", ">=":
			if res.Oid == types.OidBool && comparable(op.Left, op.Right) {
				f.Impl = compareImpl(op.Name, op.Left, op.Right)
			}
		case "+", "-", "*", "/", "%":
			if numericish(lf) && numericish(rf) && numericish(res.Family) {
				f.Impl = arithImpl(op.Name, res)
			}
		}
	}
}

func init() {
	for _, src := range []string{"int2abs", "int4abs", "int8abs"} {
		t := map[string]*types.T{"int2abs": types.Int2, "int4abs": types.Int4, "int8abs": types.Int8}[src]
		register(src, absImpl(t))
	}
	register("float4abs", absImpl(types.Float4))
	register("float8abs", absImpl(types.Float8))
	register("int2mod", intArith("%", types.Int2))
	register("int4mod", intArith("%", types.Int4))
	register("int8mod", intArith("%", types.Int8))
}

// comparable reports whether values of the two types can be compared by
// the generic comparison.
func comparable(l, r *types.T) bool {
	if !l.Supported() || !r.Supported() {
		return false
	}
	if l.Family == r.Family {
		return true
	}
	num := func(f types.Family) bool { return f == types.FamInt || f == types.FamFloat || f == types.FamNumeric }
	return num(l.Family) && num(r.Family)
}

// CompareValues compares two non-NULL values of possibly different
// numeric types, or of the same family.
func CompareValues(lt *types.T, a types.Datum, rt *types.T, b types.Datum) int {
	if lt.Family == rt.Family {
		if lt.Oid == types.OidBPChar || rt.Oid == types.OidBPChar {
			return types.Compare(types.BPChar, a, b)
		}
		return types.Compare(lt, a, b)
	}
	// Mixed numeric families: compare in the widest representation.
	if lt.Family == types.FamNumeric || rt.Family == types.FamNumeric {
		x, _ := toNumeric(lt, a)
		y, _ := toNumeric(rt, b)
		return types.CompareNumeric(x, y)
	}
	return types.Compare(types.Float8, toFloat(lt, a), toFloat(rt, b))
}

func toFloat(t *types.T, d types.Datum) types.Datum {
	if t.Family == types.FamInt {
		return types.NewFloat(float64(d.Int()))
	}
	return d
}

func compareImpl(name string, lt, rt *types.T) Impl {
	var test func(c int) bool
	switch name {
	case "=":
		test = func(c int) bool { return c == 0 }
	case "<>":
		test = func(c int) bool { return c != 0 }
	case "<":
		test = func(c int) bool { return c < 0 }
	case "<=":
		test = func(c int) bool { return c <= 0 }
	case ">":
		test = func(c int) bool { return c > 0 }
	default:
		test = func(c int) bool { return c >= 0 }
	}
	if lt.Family == types.FamInt && rt.Family == types.FamInt {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			x, y := a[0].Int(), a[1].Int()
			c := 0
			if x < y {
				c = -1
			} else if x > y {
				c = 1
			}
			return types.NewBool(test(c)), nil
		}
	}
	return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewBool(test(CompareValues(lt, a[0], rt, a[1]))), nil
	}
}

func arithImpl(name string, res *types.T) Impl {
	switch res.Family {
	case types.FamInt:
		return intArith(name, res)
	case types.FamFloat:
		return floatArith(name, res)
	}
	return func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		x, err := toNumeric(sig.Args[0], a[0])
		if err != nil {
			return types.Null, err
		}
		y, err := toNumeric(sig.Args[1], a[1])
		if err != nil {
			return types.Null, err
		}
		var r = x
		switch name {
		case "+":
			r, err = NumericAdd(x, y)
		case "-":
			r, err = NumericSub(x, y)
		case "*":
			r, err = NumericMul(x, y)
		case "/":
			r, err = NumericDiv(x, y)
		case "%":
			r, err = NumericMod(x, y)
		}
		if err != nil {
			return types.Null, err
		}
		return types.NewNumeric(r), nil
	}
}

func intArith(name string, res *types.T) Impl {
	check := func(v int64) (types.Datum, error) {
		if !types.IntFits(res, v) {
			return types.Null, types.IntRangeError(res)
		}
		return types.NewInt(v), nil
	}
	switch name {
	case "+":
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			x, y := a[0].Int(), a[1].Int()
			s := x + y
			if (s > x) != (y > 0) {
				return types.Null, types.IntRangeError(res)
			}
			return check(s)
		}
	case "-":
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			x, y := a[0].Int(), a[1].Int()
			s := x - y
			if (s < x) != (y > 0) {
				return types.Null, types.IntRangeError(res)
			}
			return check(s)
		}
	case "*":
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			x, y := a[0].Int(), a[1].Int()
			p := x * y
			if x != 0 && (p/x != y || (x == -1 && y == math.MinInt64) || (y == -1 && x == math.MinInt64)) {
				return types.Null, types.IntRangeError(res)
			}
			return check(p)
		}
	case "/":
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			x, y := a[0].Int(), a[1].Int()
			if y == 0 {
				return types.Null, divByZero()
			}
			if y == -1 {
				if x == math.MinInt64 {
					return types.Null, types.IntRangeError(res)
				}
				return check(-x)
			}
			return check(x / y)
		}
	default: // %
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			x, y := a[0].Int(), a[1].Int()
			if y == 0 {
				return types.Null, divByZero()
			}
			if y == -1 {
				return types.NewInt(0), nil
			}
			return types.NewInt(x % y), nil
		}
	}
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func floatOverflow() error {
	return pgerror.New(pgerror.NumericValueOutOfRange, "value out of range: overflow")
}

func floatUnderflow() error {
	return pgerror.New(pgerror.NumericValueOutOfRange, "value out of range: underflow")
}

// CheckFloat applies PostgreSQL's float overflow and underflow checks to a
// result r computed from inputs that were finite (infOK false) or non-zero
// (zeroOK false).
func CheckFloat(r float64, width int, infOK, zeroOK bool) (types.Datum, error) {
	if width == 32 {
		g := float32(r)
		if math.IsInf(float64(g), 0) && !infOK {
			return types.Null, floatOverflow()
		}
		if g == 0 && !zeroOK {
			return types.Null, floatUnderflow()
		}
		return types.NewFloat(float64(g)), nil
	}
	if math.IsInf(r, 0) && !infOK {
		return types.Null, floatOverflow()
	}
	if r == 0 && !zeroOK {
		return types.Null, floatUnderflow()
	}
	return types.NewFloat(r), nil
}

func floatArith(name string, res *types.T) Impl {
	return func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		x, y := floatOf(a[0]), floatOf(a[1])
		infIn := math.IsInf(x, 0) || math.IsInf(y, 0)
		w := res.Width
		if w == 32 {
			fx, fy := float32(x), float32(y)
			switch name {
			case "+":
				return CheckFloat(float64(fx+fy), 32, infIn, true)
			case "-":
				return CheckFloat(float64(fx-fy), 32, infIn, true)
			case "*":
				return CheckFloat(float64(fx*fy), 32, infIn, fx == 0 || fy == 0)
			case "/":
				if fy == 0 && !math.IsNaN(float64(fx)) {
					return types.Null, divByZero()
				}
				return CheckFloat(float64(fx/fy), 32, math.IsInf(float64(fx), 0), fx == 0 || math.IsInf(float64(fy), 0))
			}
		}
		switch name {
		case "+":
			return CheckFloat(x+y, 64, infIn, true)
		case "-":
			return CheckFloat(x-y, 64, infIn, true)
		case "*":
			return CheckFloat(x*y, 64, infIn, x == 0 || y == 0)
		case "/":
			if y == 0 && !math.IsNaN(x) {
				return types.Null, divByZero()
			}
			return CheckFloat(x/y, 64, math.IsInf(x, 0), x == 0 || math.IsInf(y, 0))
		}
		return types.Null, pgerror.New(pgerror.UndefinedFunction, "operator does not exist: %s", name)
	}
}

func floatOf(d types.Datum) float64 {
	if d.Kind() == types.KInt {
		return float64(d.Int())
	}
	return d.Float()
}

func negImpl(res *types.T) Impl {
	switch res.Family {
	case types.FamInt:
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			x := a[0].Int()
			if !types.IntFits(res, -x) || x == math.MinInt64 {
				return types.Null, types.IntRangeError(res)
			}
			return types.NewInt(-x), nil
		}
	case types.FamFloat:
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			return types.NewFloat(-a[0].Float()), nil
		}
	case types.FamNumeric:
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			return types.NewNumeric(NumericNeg(a[0].Numeric())), nil
		}
	}
	return nil
}

func absImpl(res *types.T) Impl {
	switch res.Family {
	case types.FamInt:
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			x := a[0].Int()
			if x < 0 {
				if !types.IntFits(res, -x) || x == math.MinInt64 {
					return types.Null, types.IntRangeError(res)
				}
				return types.NewInt(-x), nil
			}
			return a[0], nil
		}
	case types.FamFloat:
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			return types.NewFloat(math.Abs(a[0].Float())), nil
		}
	case types.FamNumeric:
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			return types.NewNumeric(NumericAbs(a[0].Numeric())), nil
		}
	}
	return nil
}
