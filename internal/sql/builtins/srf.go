package builtins

import (
	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// srfImpls holds set-returning functions by prosrc (or name).
var srfImpls = map[string]SRFImpl{}

type funcIter func() (types.Row, bool, error)

func (f funcIter) Next() (types.Row, bool, error) { return f() }

func init() {
	intSeries := func(env Env, sig *Sig, a []types.Datum) (SetIter, error) {
		start, stop := a[0].Int(), a[1].Int()
		step := int64(1)
		if len(a) > 2 {
			step = a[2].Int()
		}
		if step == 0 {
			return nil, pgerror.New(pgerror.InvalidParameterValue, "step size cannot equal zero")
		}
		cur := start
		done := false
		row := make(types.Row, 1)
		return funcIter(func() (types.Row, bool, error) {
			if done || (step > 0 && cur > stop) || (step < 0 && cur < stop) {
				return nil, false, nil
			}
			row[0] = types.NewInt(cur)
			next := cur + step
			if (step > 0 && next < cur) || (step < 0 && next > cur) {
				done = true // overflow ends the series
			}
			cur = next
			return row, true, nil
		}), nil
	}
	srfImpls["generate_series_int4"] = intSeries
	srfImpls["generate_series_step_int4"] = intSeries
	srfImpls["generate_series_int8"] = intSeries
	srfImpls["generate_series_step_int8"] = intSeries
	numSeries := func(env Env, sig *Sig, a []types.Datum) (SetIter, error) {
		start, stop := a[0].Numeric(), a[1].Numeric()
		step := apd.New(1, 0)
		if len(a) > 2 {
			step = a[2].Numeric()
		}
		for i, d := range []*apd.Decimal{start, stop, step} {
			if isNaN(d) {
				name := [...]string{"start", "stop", "step size"}[i]
				return nil, pgerror.New(pgerror.InvalidParameterValue, "%s value cannot be NaN", name)
			}
			if isInf(d) {
				name := [...]string{"start", "stop", "step size"}[i]
				return nil, pgerror.New(pgerror.InvalidParameterValue, "%s value cannot be infinity", name)
			}
		}
		if step.IsZero() {
			return nil, pgerror.New(pgerror.InvalidParameterValue, "step size cannot equal zero")
		}
		cur := start
		row := make(types.Row, 1)
		return funcIter(func() (types.Row, bool, error) {
			c := cur.Cmp(stop)
			if (step.Sign() > 0 && c > 0) || (step.Sign() < 0 && c < 0) {
				return nil, false, nil
			}
			row[0] = types.NewNumeric(cur)
			next, err := NumericAdd(cur, step)
			if err != nil {
				return nil, false, err
			}
			cur = next
			return row, true, nil
		}), nil
	}
	srfImpls["generate_series_numeric"] = numSeries
	srfImpls["generate_series_step_numeric"] = numSeries
	srfImpls["array_unnest"] = func(env Env, sig *Sig, a []types.Datum) (SetIter, error) {
		elems := a[0].Array().Elems
		i := 0
		row := make(types.Row, 1)
		return funcIter(func() (types.Row, bool, error) {
			if i >= len(elems) {
				return nil, false, nil
			}
			row[0] = elems[i]
			i++
			return row, true, nil
		}), nil
	}
	srfImpls["generate_subscripts_nodir"] = nil
	srfImpls["generate_subscripts"] = func(env Env, sig *Sig, a []types.Datum) (SetIter, error) {
		arr := a[0].Array()
		dim := int(a[1].Int())
		rev := len(a) > 2 && a[2].Bool()
		if dim < 1 || dim > len(arr.Dims) {
			return funcIter(func() (types.Row, bool, error) { return nil, false, nil }), nil
		}
		d := arr.Dims[dim-1]
		i := int32(0)
		row := make(types.Row, 1)
		return funcIter(func() (types.Row, bool, error) {
			if i >= d.Len {
				return nil, false, nil
			}
			v := d.Lower + i
			if rev {
				v = d.Lower + d.Len - 1 - i
			}
			i++
			row[0] = types.NewInt(int64(v))
			return row, true, nil
		}), nil
	}
}

func init() {
	srfImpls["generate_subscripts_nodir"] = srfImpls["generate_subscripts"]
}
