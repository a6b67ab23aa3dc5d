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
		return nil, pgerror.New(pgerror.FeatureNotSupported, "array slices are not supported yet")
	}
	arr, err := compileExpr(e.Arr)
	if err != nil {
		return nil, err
	}
	idx, err := compileList(e.Index)
	if err != nil {
		return nil, err
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
