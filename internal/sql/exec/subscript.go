package exec

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// compileSubscript compiles arr[i][j...] (array_get_element): NULL when
// the array or a subscript is NULL, when a subscript is out of bounds, or
// when the number of subscripts differs from the array's dimensions.
func compileSubscript(e *analyze.Subscript) (evalFn, error) {
	if e.Slice {
		return compileSlice(e)
	}
	arr, err := compileExpr(e.Arr)
	if err != nil {
		return nil, err
	}
	idx, err := compileList(e.Index)
	if err != nil {
		return nil, err
	}
	if e.Arr.Type().Oid == types.OidName {
		// A byte of a name (0-based); past the string's end, the zero
		// byte, which "char" shows as the empty string.
		return func(s *State, row types.Row) (types.Datum, error) {
			v, err := arr(s, row)
			if err != nil || v.IsNull() {
				return types.Null, err
			}
			i, err := idx[0](s, row)
			if err != nil || i.IsNull() {
				return types.Null, err
			}
			// name is char[NAMEDATALEN]: outside 0..63 there is nothing.
			str, n := v.Str(), i.Int()
			switch {
			case n < 0 || n >= 64:
				return types.Null, nil
			case n < int64(len(str)):
				return types.NewString(str[n : n+1]), nil
			}
			return types.NewString(""), nil
		}, nil
	}
	if types.GeoSubscriptElem(e.Arr.Type()) != nil {
		t := e.Arr.Type()
		return func(s *State, row types.Row) (types.Datum, error) {
			v, err := arr(s, row)
			if err != nil || v.IsNull() {
				return types.Null, err
			}
			var is []types.Datum
			for _, f := range idx {
				i, err := f(s, row)
				if err != nil || i.IsNull() {
					return types.Null, err
				}
				is = append(is, i)
			}
			if len(is) != 1 {
				return types.Null, nil
			}
			return types.GeoElement(t, v.Geo(), is[0].Int()), nil
		}, nil
	}
	return func(s *State, row types.Row) (types.Datum, error) {
		v, err := arr(s, row)
		if err != nil || v.IsNull() {
			return types.Null, err
		}
		a := v.Array()
		if len(idx) != len(a.Dims) {
			for _, f := range idx {
				if _, err := f(s, row); err != nil {
					return types.Null, err
				}
			}
			return types.Null, nil
		}
		off := 0
		for i, f := range idx {
			x, err := f(s, row)
			if err != nil || x.IsNull() {
				return types.Null, err
			}
			d := a.Dims[i]
			k := x.Int() - int64(d.Lower)
			if k < 0 || k >= int64(d.Len) {
				return types.Null, nil
			}
			off = off*int(d.Len) + int(k)
		}
		if off >= len(a.Elems) {
			return types.Null, nil
		}
		return a.Elems[off], nil
	}, nil
}

// compileSlice compiles arr[lower:upper] of a one-dimensional array
// (array_get_slice): the bounds are clamped to the array's, an omitted
// bound is the array's own, and the result has lower bound 1; an empty
// range gives an empty array, a NULL bound NULL.
func compileSlice(e *analyze.Subscript) (evalFn, error) {
	arr, err := compileExpr(e.Arr)
	if err != nil {
		return nil, err
	}
	var lo, hi evalFn
	if e.Index[0] != nil {
		if lo, err = compileExpr(e.Index[0]); err != nil {
			return nil, err
		}
	}
	if e.Upper[0] != nil {
		if hi, err = compileExpr(e.Upper[0]); err != nil {
			return nil, err
		}
	}
	return func(s *State, row types.Row) (types.Datum, error) {
		v, err := arr(s, row)
		if err != nil || v.IsNull() {
			return types.Null, err
		}
		a := v.Array()
		if len(a.Dims) > 1 {
			return types.Null, pgerror.New(pgerror.FeatureNotSupported, "slices of multidimensional arrays are not supported yet")
		}
		empty := types.NewArray(types.NewArray1(a.Elem, nil))
		if len(a.Dims) == 0 {
			return empty, nil
		}
		first, last := int64(a.Dims[0].Lower), int64(a.Dims[0].Lower)+int64(a.Dims[0].Len)-1
		l, u := first, last
		if lo != nil {
			x, err := lo(s, row)
			if err != nil || x.IsNull() {
				return types.Null, err
			}
			l = max(x.Int(), first)
		}
		if hi != nil {
			x, err := hi(s, row)
			if err != nil || x.IsNull() {
				return types.Null, err
			}
			u = min(x.Int(), last)
		}
		if l > u {
			return empty, nil
		}
		elems := append([]types.Datum(nil), a.Elems[l-first:u-first+1]...)
		return types.NewArray(types.NewArray1(a.Elem, elems)), nil
	}, nil
}

// compileFieldSelect compiles (record).field: NULL for a NULL record.
func compileFieldSelect(e *analyze.FieldSelect) (evalFn, error) {
	arg, err := compileExpr(e.Arg)
	if err != nil {
		return nil, err
	}
	field := e.Field
	return func(s *State, row types.Row) (types.Datum, error) {
		v, err := arg(s, row)
		if err != nil || v.IsNull() {
			return types.Null, err
		}
		r := v.Record()
		if field >= len(r.Values) {
			return types.Null, pgerror.New(pgerror.InternalError, "record has %d columns, no column %d", len(r.Values), field+1)
		}
		return r.Values[field], nil
	}, nil
}
