package builtins

import (
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/sql/types/pgdate"
	"github.com/tuskdb/tusk/internal/sql/types/pgformat"
)

// Template formatting (PostgreSQL's utils/adt/formatting.c): to_char of
// numbers (package pgformat) and of dates and times (package pgdate),
// to_number, to_timestamp and to_date.

func init() {
	text := func(s string, err error) (types.Datum, error) {
		if err != nil {
			return types.Null, err
		}
		return types.NewString(s), nil
	}
	textOK := func(s string, ok bool, err error) (types.Datum, error) {
		if err != nil || !ok {
			return types.Null, err
		}
		return types.NewString(s), nil
	}
	register("numeric_to_char", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return text(pgformat.NumericToChar(a[0].Numeric(), a[1].Str()))
	})
	register("int4_to_char", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return text(pgformat.Int32ToChar(int32(a[0].Int()), a[1].Str()))
	})
	register("int8_to_char", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return text(pgformat.Int64ToChar(a[0].Int(), a[1].Str()))
	})
	register("float4_to_char", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return text(pgformat.Float32ToChar(float32(a[0].Float()), a[1].Str()))
	})
	register("float8_to_char", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return text(pgformat.Float64ToChar(a[0].Float(), a[1].Str()))
	})
	register("numeric_to_number", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		d, ok, err := pgformat.ToNumber(a[0].Str(), a[1].Str())
		if err != nil || !ok {
			return types.Null, err
		}
		return types.NewNumeric(d), nil
	})
	register("timestamp_to_char", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return textOK(pgdate.TimestampToChar(dTS(a[0]), a[1].Str()))
	})
	register("timestamptz_to_char", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return textOK(pgdate.TimestampTZToChar(dTSTZ(a[0]), a[1].Str(), envSess(env)))
	})
	register("interval_to_char", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return textOK(pgdate.IntervalToChar(dInterval(a[0]), a[1].Str()))
	})
	register("to_timestamp", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTSTZ(pgdate.ToTimestampFormat(a[0].Str(), a[1].Str(), envSess(env)))
	})
	register("to_date", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapDate(pgdate.ToDateFormat(a[0].Str(), a[1].Str()))
	})
}
