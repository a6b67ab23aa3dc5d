package builtins

import (
	"math"
	"math/big"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Mathematical functions (PostgreSQL's utils/adt/float.c, numeric.c,
// int.c).

func flt(f float64) types.Datum { return types.NewFloat(f) }

func num(d *apd.Decimal) types.Datum { return types.NewNumeric(d) }

func init() {
	f1 := func(src string, f func(float64) (float64, error)) {
		register(src, func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			r, err := f(a[0].Float())
			if err != nil {
				return types.Null, err
			}
			return flt(r), nil
		})
	}
	f1("dround", func(x float64) (float64, error) { return math.RoundToEven(x), nil })
	f1("dtrunc", func(x float64) (float64, error) { return math.Trunc(x), nil })
	f1("dceil", func(x float64) (float64, error) { return math.Ceil(x), nil })
	f1("dfloor", func(x float64) (float64, error) { return math.Floor(x), nil })
	f1("dsign", func(x float64) (float64, error) {
		switch {
		case x > 0:
			return 1, nil
		case x < 0:
			return -1, nil
		}
		return 0, nil
	})
	f1("dsqrt", func(x float64) (float64, error) {
		if x < 0 {
			return 0, pgerror.New(pgerror.InvalidArgumentForPower, "cannot take square root of a negative number")
		}
		return math.Sqrt(x), nil
	})
	f1("dcbrt", func(x float64) (float64, error) { return math.Cbrt(x), nil })
	f1("dexp", func(x float64) (float64, error) {
		r := math.Exp(x)
		if math.IsInf(r, 0) && !math.IsInf(x, 0) {
			return 0, floatOverflow()
		}
		if r == 0 && !math.IsInf(x, -1) {
			return 0, floatUnderflow()
		}
		return r, nil
	})
	logf := func(f func(float64) float64) func(float64) (float64, error) {
		return func(x float64) (float64, error) {
			if x == 0 {
				return 0, pgerror.New(pgerror.InvalidArgumentForLog, "cannot take logarithm of zero")
			}
			if x < 0 {
				return 0, pgerror.New(pgerror.InvalidArgumentForLog, "cannot take logarithm of a negative number")
			}
			return f(x), nil
		}
	}
	f1("dlog1", logf(math.Log))
	f1("dlog10", logf(math.Log10))
	f1("degrees", func(x float64) (float64, error) { return x * 180 / math.Pi, nil })
	f1("radians", func(x float64) (float64, error) { return x * math.Pi / 180, nil })
	trig := func(src string, f func(float64) float64, domain func(float64) bool) {
		f1(src, func(x float64) (float64, error) {
			if math.IsNaN(x) {
				return x, nil
			}
			if domain != nil && !domain(x) {
				return 0, pgerror.New(pgerror.NumericValueOutOfRange, "input is out of range")
			}
			return f(x), nil
		})
	}
	notInf := func(x float64) bool { return !math.IsInf(x, 0) }
	unit := func(x float64) bool { return x >= -1 && x <= 1 }
	trig("dsin", math.Sin, notInf)
	trig("dcos", math.Cos, notInf)
	trig("dtan", math.Tan, notInf)
	trig("dcot", func(x float64) float64 { return 1 / math.Tan(x) }, notInf)
	trig("dasin", math.Asin, unit)
	trig("dacos", math.Acos, unit)
	trig("datan", math.Atan, nil)
	register("datan2", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return flt(math.Atan2(a[0].Float(), a[1].Float())), nil
	})
	register("dpi", func(Env, *Sig, []types.Datum) (types.Datum, error) { return flt(math.Pi), nil })
	register("drandom", func(env Env, _ *Sig, _ []types.Datum) (types.Datum, error) {
		return flt(env.Rand().Float64()), nil
	})
	register("setseed", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s := a[0].Float()
		if s < -1 || s > 1 || math.IsNaN(s) {
			return types.Null, pgerror.New(pgerror.InvalidParameterValue, "setseed parameter %s is out of allowed range [-1,1]", types.FormatString(types.Float8, a[0], nil))
		}
		SeedRand(env, s)
		return types.Null, nil
	})
	register("dpow", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		x, y := a[0].Float(), a[1].Float()
		if x == 0 && y < 0 {
			return types.Null, pgerror.New(pgerror.InvalidArgumentForPower, "zero raised to a negative power is undefined")
		}
		if x < 0 && y != math.Trunc(y) && !math.IsInf(y, 0) {
			return types.Null, pgerror.New(pgerror.InvalidArgumentForPower, "a negative number raised to a non-integer power yields a complex result")
		}
		r := math.Pow(x, y)
		if math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
			return types.Null, floatOverflow()
		}
		if r == 0 && x != 0 && !math.IsInf(y, 0) {
			return types.Null, floatUnderflow()
		}
		return flt(r), nil
	})

	// numeric
	register("numeric_abs", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return num(NumericAbs(a[0].Numeric())), nil
	})
	round := func(a *apd.Decimal, scale int64, mode apd.Rounder) (*apd.Decimal, error) {
		if a.Form != apd.Finite {
			return a, nil
		}
		if scale > 2000 {
			scale = 2000
		}
		if scale < -2000 {
			scale = -2000
		}
		var r apd.Decimal
		c := numericCtx
		c.Rounding = mode
		if _, err := c.Quantize(&r, a, int32(-scale)); err != nil {
			return nil, numericOverflow()
		}
		if scale < 0 {
			// Keep a display scale of zero: 1234 rounded to -2 is 1200.
			var z apd.Decimal
			numericCtx.Quantize(&z, &r, 0)
			r = z
		}
		if r.IsZero() {
			r.Negative = false
		}
		return &r, nil
	}
	register("numeric_round", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		r, err := round(a[0].Numeric(), a[1].Int(), apd.RoundHalfUp)
		if err != nil {
			return types.Null, err
		}
		return num(r), nil
	})
	register("numeric_trunc", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		r, err := round(a[0].Numeric(), a[1].Int(), apd.RoundDown)
		if err != nil {
			return types.Null, err
		}
		return num(r), nil
	})
	registerSQL("round", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		r, err := round(a[0].Numeric(), 0, apd.RoundHalfUp)
		if err != nil {
			return types.Null, err
		}
		return num(r), nil
	})
	registerSQL("trunc", func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		r, err := round(a[0].Numeric(), 0, apd.RoundDown)
		if err != nil {
			return types.Null, err
		}
		return num(r), nil
	})
	register("numeric_ceil", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		r, err := round(a[0].Numeric(), 0, apd.RoundCeiling)
		if err != nil {
			return types.Null, err
		}
		return num(r), nil
	})
	register("numeric_floor", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		r, err := round(a[0].Numeric(), 0, apd.RoundFloor)
		if err != nil {
			return types.Null, err
		}
		return num(r), nil
	})
	register("numeric_sign", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		d := a[0].Numeric()
		if isNaN(d) {
			return a[0], nil
		}
		if d.Form == apd.Infinite {
			if d.Negative {
				return num(apd.New(-1, 0)), nil
			}
			return num(apd.New(1, 0)), nil
		}
		return num(apd.New(int64(d.Sign()), 0)), nil
	})
	register("numeric_mod", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		r, err := NumericMod(a[0].Numeric(), a[1].Numeric())
		if err != nil {
			return types.Null, err
		}
		return num(r), nil
	})
	register("numeric_div_trunc", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		x, y := a[0].Numeric(), a[1].Numeric()
		if y.IsZero() && y.Form == apd.Finite {
			return types.Null, divByZero()
		}
		if x.Form != apd.Finite || y.Form != apd.Finite {
			r, err := NumericDiv(x, y)
			if err != nil {
				return types.Null, err
			}
			return num(r), nil
		}
		var q apd.Decimal
		c := numericCtx
		c.Precision = uint32(x.NumDigits() + y.NumDigits() + 10)
		if _, err := c.QuoInteger(&q, x, y); err != nil {
			return types.Null, numericOverflow()
		}
		r, _ := round(&q, 0, apd.RoundDown)
		return num(r), nil
	})
	register("numeric_sqrt", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		x := a[0].Numeric()
		if x.Form != apd.Finite {
			if isNaN(x) || !x.Negative {
				return a[0], nil
			}
		}
		if x.Negative && !x.IsZero() {
			return types.Null, pgerror.New(pgerror.InvalidArgumentForPower, "cannot take square root of a negative number")
		}
		// Result scale (numeric_sqrt): about NUMERIC_MIN_SIG_DIGITS
		// significant digits, never fewer than the input's scale.
		w := 0
		if !x.IsZero() {
			w, _ = base10000(x)
		}
		sweight := (w+1)*4/2 - 1
		rscale := numericMinSigDigits - sweight
		rscale = max(rscale, int(scaleOf(x)))
		rscale = max(rscale, 0)
		rscale = min(rscale, numericMaxDisplayScale)
		var r apd.Decimal
		c := numericCtx
		c.Precision = uint32(rscale + int(x.NumDigits()) + 20)
		if _, err := c.Sqrt(&r, x); err != nil {
			return types.Null, numericOverflow()
		}
		return num(roundTo(&r, int32(rscale))), nil
	})
	register("numeric_exp", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		x := a[0].Numeric()
		if x.Form != apd.Finite {
			if isNaN(x) || !x.Negative {
				return a[0], nil
			}
			return num(apd.New(0, 0)), nil
		}
		f, _ := NumericToFloatQuiet(x)
		rscale := numericMinSigDigits - int(f*0.434294481903252)
		rscale = max(rscale, int(scaleOf(x)))
		rscale = max(rscale, 0)
		rscale = min(rscale, numericMaxDisplayScale)
		if f > 6000 {
			return types.Null, pgerror.New(pgerror.NumericValueOutOfRange, "value overflows numeric format")
		}
		var r apd.Decimal
		c := numericCtx
		c.Precision = uint32(rscale + 40 + int(math.Abs(f)*0.45))
		if _, err := c.Exp(&r, x); err != nil {
			return types.Null, numericOverflow()
		}
		return num(roundTo(&r, int32(rscale))), nil
	})
	lnScale := func(x *apd.Decimal) int {
		d := lnDweight(x)
		rscale := numericMinSigDigits - d
		rscale = max(rscale, int(scaleOf(x)))
		rscale = max(rscale, 0)
		return min(rscale, numericMaxDisplayScale)
	}
	checkLog := func(x *apd.Decimal) error {
		if x.IsZero() && x.Form == apd.Finite {
			return pgerror.New(pgerror.InvalidArgumentForLog, "cannot take logarithm of zero")
		}
		if x.Negative {
			return pgerror.New(pgerror.InvalidArgumentForLog, "cannot take logarithm of a negative number")
		}
		return nil
	}
	lnOf := func(x *apd.Decimal, prec int) (*apd.Decimal, error) {
		var r apd.Decimal
		c := numericCtx
		c.Precision = uint32(prec)
		if _, err := c.Ln(&r, x); err != nil {
			return nil, numericOverflow()
		}
		return &r, nil
	}
	register("numeric_ln", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		x := a[0].Numeric()
		if err := checkLog(x); err != nil {
			return types.Null, err
		}
		if x.Form != apd.Finite {
			return a[0], nil
		}
		rscale := lnScale(x)
		r, err := lnOf(x, rscale+30)
		if err != nil {
			return types.Null, err
		}
		return num(roundTo(r, int32(rscale))), nil
	})
	logBase := func(b, x *apd.Decimal) (types.Datum, error) {
		if err := checkLog(b); err != nil {
			return types.Null, err
		}
		if err := checkLog(x); err != nil {
			return types.Null, err
		}
		if isNaN(b) || isNaN(x) {
			return num(decNaN), nil
		}
		if b.Form != apd.Finite || x.Form != apd.Finite {
			return num(decNaN), nil
		}
		if b.Cmp(apd.New(1, 0)) == 0 {
			return types.Null, divByZero()
		}
		dx, db := lnDweight(x), lnDweight(b)
		rscale := numericMinSigDigits - (dx - db)
		rscale = max(rscale, int(scaleOf(b)))
		rscale = max(rscale, int(scaleOf(x)))
		rscale = max(rscale, 0)
		rscale = min(rscale, numericMaxDisplayScale)
		lx, err := lnOf(x, rscale+40)
		if err != nil {
			return types.Null, err
		}
		lb, err := lnOf(b, rscale+40)
		if err != nil {
			return types.Null, err
		}
		var r apd.Decimal
		c := numericCtx
		c.Precision = uint32(rscale + 40)
		c.Quo(&r, lx, lb)
		return num(roundTo(&r, int32(rscale))), nil
	}
	register("numeric_log", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return logBase(a[0].Numeric(), a[1].Numeric())
	})
	registerSQL("log", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return logBase(apd.New(10, 0), a[0].Numeric())
	})
	registerSQL("log10", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return logBase(apd.New(10, 0), a[0].Numeric())
	})
	register("numeric_power", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return numericPower(a[0].Numeric(), a[1].Numeric())
	})
	gcdInt := func(t *types.T) Impl {
		return func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
			x, y := big.NewInt(a[0].Int()), big.NewInt(a[1].Int())
			r := new(big.Int).GCD(nil, nil, new(big.Int).Abs(x), new(big.Int).Abs(y))
			if !r.IsInt64() || !types.IntFits(sig.Ret, r.Int64()) {
				return types.Null, types.IntRangeError(sig.Ret)
			}
			return types.NewInt(r.Int64()), nil
		}
	}
	register("int4gcd", gcdInt(types.Int4))
	register("int8gcd", gcdInt(types.Int8))
	lcmInt := func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		x, y := new(big.Int).Abs(big.NewInt(a[0].Int())), new(big.Int).Abs(big.NewInt(a[1].Int()))
		if x.Sign() == 0 || y.Sign() == 0 {
			return types.NewInt(0), nil
		}
		g := new(big.Int).GCD(nil, nil, x, y)
		r := new(big.Int).Mul(new(big.Int).Quo(x, g), y)
		if !r.IsInt64() || !types.IntFits(sig.Ret, r.Int64()) {
			return types.Null, types.IntRangeError(sig.Ret)
		}
		return types.NewInt(r.Int64()), nil
	}
	register("int4lcm", lcmInt)
	register("int8lcm", lcmInt)
	register("numeric_fac", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		n := a[0].Int()
		if n < 0 {
			return types.Null, pgerror.New(pgerror.NumericValueOutOfRange, "factorial of a negative number is undefined")
		}
		if n > 32177 {
			return types.Null, pgerror.New(pgerror.NumericValueOutOfRange, "value overflows numeric format")
		}
		r := new(big.Int).MulRange(1, n)
		if n <= 1 {
			r = big.NewInt(1)
		}
		return num(apd.NewWithBigInt(new(apd.BigInt).SetMathBigInt(r), 0)), nil
	})
	register("width_bucket_float8", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		op, lo, hi, n := a[0].Float(), a[1].Float(), a[2].Float(), a[3].Int()
		if n <= 0 {
			return types.Null, pgerror.New(pgerror.InvalidArgumentForWidthBucket, "count must be greater than zero")
		}
		if lo == hi {
			return types.Null, pgerror.New(pgerror.InvalidArgumentForWidthBucket, "lower bound cannot equal upper bound")
		}
		if math.IsNaN(op) || math.IsNaN(lo) || math.IsNaN(hi) {
			return types.Null, pgerror.New(pgerror.InvalidArgumentForWidthBucket, "operand, lower bound, and upper bound cannot be NaN")
		}
		var r int64
		if lo < hi {
			switch {
			case op < lo:
				r = 0
			case op >= hi:
				r = n + 1
			default:
				r = int64(float64(n)*((op-lo)/(hi-lo))) + 1
			}
		} else {
			switch {
			case op > lo:
				r = 0
			case op <= hi:
				r = n + 1
			default:
				r = int64(float64(n)*((lo-op)/(lo-hi))) + 1
			}
		}
		return types.NewInt(r), nil
	})
}

// NumericToFloatQuiet converts without range errors (for estimates).
func NumericToFloatQuiet(d *apd.Decimal) (float64, error) {
	return types.NumericToFloat(d)
}

// lnDweight estimates the decimal weight of ln(x) (numeric.c
// estimate_ln_dweight).
func lnDweight(x *apd.Decimal) int {
	one := apd.New(1, 0)
	// Close to 1: ln(x) ~ x - 1.
	lo, hi := apd.New(9, -1), apd.New(11, -1)
	if x.Cmp(lo) >= 0 && x.Cmp(hi) <= 0 {
		var d apd.Decimal
		numericCtx.Sub(&d, x, one)
		if d.IsZero() {
			return 0
		}
		return int(d.NumDigits()) + int(d.Exponent) - 1
	}
	f, err := types.NumericToFloat(x)
	if err != nil || f <= 0 || math.IsInf(f, 0) {
		// Use the decimal exponent for huge or tiny values.
		e := float64(int(x.NumDigits())+int(x.Exponent)-1) * math.Ln10
		return int(math.Log10(math.Abs(e)))
	}
	l := math.Abs(math.Log(f))
	if l == 0 {
		return 0
	}
	// PostgreSQL truncates toward zero here ((int) log10(...)).
	return int(math.Log10(l))
}

// numericPower is numeric_power: exact for integer exponents, otherwise
// exp(y * ln(x)), with PostgreSQL's result scale rules.
func numericPower(x, y *apd.Decimal) (types.Datum, error) {
	if isNaN(x) {
		if y.IsZero() && y.Form == apd.Finite {
			return num(apd.New(1, 0)), nil
		}
		return num(decNaN), nil
	}
	if isNaN(y) {
		if x.Cmp(apd.New(1, 0)) == 0 {
			return num(apd.New(1, 0)), nil
		}
		return num(decNaN), nil
	}
	if x.IsZero() && y.Negative && x.Form == apd.Finite {
		return types.Null, pgerror.New(pgerror.InvalidArgumentForPower, "zero raised to a negative power is undefined")
	}
	var yint apd.Decimal
	numericCtx.Quantize(&yint, y, 0)
	isInt := y.Form == apd.Finite && yint.Cmp(y) == 0
	if x.Negative && !isInt && x.Form == apd.Finite && y.Form == apd.Finite {
		return types.Null, pgerror.New(pgerror.InvalidArgumentForPower, "a negative number raised to a non-integer power yields a complex result")
	}
	if x.Form != apd.Finite || y.Form != apd.Finite {
		xf, _ := types.NumericToFloat(x)
		yf, _ := types.NumericToFloat(y)
		r := math.Pow(xf, yf)
		d, err := types.FloatToNumeric(r, 64)
		if err != nil {
			return types.Null, err
		}
		return num(d), nil
	}
	// Estimate the result's decimal weight to choose the scale, as
	// power_var does: rscale = NUMERIC_MIN_SIG_DIGITS - weight.
	xf, _ := types.NumericToFloat(x)
	yf, _ := types.NumericToFloat(y)
	var dweight float64
	if xf != 0 {
		dweight = yf * math.Log10(math.Abs(xf))
	}
	if math.Abs(dweight) > 1e6 {
		return types.Null, pgerror.New(pgerror.NumericValueOutOfRange, "value overflows numeric format")
	}
	rscale := numericMinSigDigits - int(dweight)
	rscale = max(rscale, int(scaleOf(x)))
	rscale = max(rscale, int(scaleOf(y)))
	rscale = max(rscale, 0)
	rscale = min(rscale, numericMaxDisplayScale)
	if isInt {
		// Exact integer powers keep the exact value when it fits
		// (power_var_int).
		n, err := yint.Int64()
		if err == nil && n >= -10000 && n <= 10000 {
			var r apd.Decimal
			c := numericCtx
			c.Precision = uint32(int(x.NumDigits())*int(n) + 40)
			if c.Precision > 100000 {
				return types.Null, pgerror.New(pgerror.NumericValueOutOfRange, "value overflows numeric format")
			}
			c.Pow(&r, x, &yint)
			// power_var_int's scale: NUMERIC_MIN_SIG_DIGITS, or the base's.
			scale := max(numericMinSigDigits, int(scaleOf(x)))
			scale = min(scale, numericMaxDisplayScale)
			return num(roundTo(&r, int32(scale))), nil
		}
	}
	var r apd.Decimal
	c := numericCtx
	c.Precision = uint32(rscale + int(math.Max(dweight, 0)) + 40)
	if _, err := c.Pow(&r, x, y); err != nil {
		return types.Null, numericOverflow()
	}
	return num(roundTo(&r, int32(rscale))), nil
}

// Seeder is implemented by sessions whose random() can be seeded.
type Seeder interface {
	SetSeed(seed float64)
}

// SeedRand seeds the session's random() as setseed() does.
func SeedRand(env Env, seed float64) {
	if s, ok := env.(Seeder); ok {
		s.SetSeed(seed)
	}
}

func init() {
	register("width_bucket_numeric", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		op, lo, hi, n := a[0].Numeric(), a[1].Numeric(), a[2].Numeric(), a[3].Int()
		if n <= 0 {
			return types.Null, pgerror.New(pgerror.InvalidArgumentForWidthBucket, "count must be greater than zero")
		}
		if isNaN(op) || isNaN(lo) || isNaN(hi) {
			return types.Null, pgerror.New(pgerror.InvalidArgumentForWidthBucket, "operand, lower bound, and upper bound cannot be NaN")
		}
		if lo.Cmp(hi) == 0 {
			return types.Null, pgerror.New(pgerror.InvalidArgumentForWidthBucket, "lower bound cannot equal upper bound")
		}
		// bucket = floor(n * (op - lo) / (hi - lo)) + 1, computed exactly.
		bucket := func(x, l, h *apd.Decimal) int64 {
			var d1, d2, q apd.Decimal
			numericCtx.Sub(&d1, x, l)
			numericCtx.Sub(&d2, h, l)
			c := numericCtx
			c.Precision = 100
			var nn apd.Decimal
			c.Mul(&nn, &d1, apd.New(n, 0))
			c.QuoInteger(&q, &nn, &d2)
			v, _ := q.Int64()
			return v + 1
		}
		var r int64
		if lo.Cmp(hi) < 0 {
			switch {
			case op.Cmp(lo) < 0:
				r = 0
			case op.Cmp(hi) >= 0:
				r = n + 1
			default:
				r = bucket(op, lo, hi)
			}
		} else {
			switch {
			case op.Cmp(lo) > 0:
				r = 0
			case op.Cmp(hi) <= 0:
				r = n + 1
			default:
				r = bucket(lo, op, new(apd.Decimal).Set(lo).Set(lo))
				var d1, d2, q, nn apd.Decimal
				numericCtx.Sub(&d1, lo, op)
				numericCtx.Sub(&d2, lo, hi)
				c := numericCtx
				c.Precision = 100
				c.Mul(&nn, &d1, apd.New(n, 0))
				c.QuoInteger(&q, &nn, &d2)
				v, _ := q.Int64()
				r = v + 1
			}
		}
		return types.NewInt(r), nil
	})
}
