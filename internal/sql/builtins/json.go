package builtins

import (
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/sql/types/jsonb"
	"github.com/tuskdb/tusk/internal/sql/types/pgdate"
)

// json and jsonb (PostgreSQL's utils/adt/json.c, jsonb.c, jsonfuncs.c,
// jsonb_op.c). The values and their operations live in package jsonb; this
// file installs its I/O and casts into the type system and attaches the
// operators, functions and aggregates of pg_proc to it.
//
// A json Datum is a string holding the validated text; a jsonb Datum holds
// a *jsonb.Value.

func init() {
	types.JSON_ = jsonIO{}
	types.JSONCaster = castJSON
}

type jsonIO struct{}

func (jsonIO) Parse(t *types.T, s string) (types.Datum, error) {
	if t.Oid == types.OidJSON {
		if err := jsonb.Validate(s); err != nil {
			return types.Null, err
		}
		return types.NewString(s), nil
	}
	v, err := jsonb.Parse(s)
	if err != nil {
		return types.Null, err
	}
	return types.NewJSONB(v), nil
}

func (jsonIO) Format(buf []byte, t *types.T, d types.Datum) []byte {
	if d.Kind() == types.KJSONB {
		return jv(d).Append(buf)
	}
	return append(buf, d.Str()...)
}

func (jsonIO) Compare(a, b types.Datum) int { return jsonb.Compare(jv(a), jv(b)) }

// AppendHashKey appends a jsonb key that is equal exactly when the values
// are: the tree with numbers in their shortest form (1.50 and 1.5 are
// equal jsonb values).
func (jsonIO) AppendHashKey(buf []byte, d types.Datum) []byte {
	if d.Kind() != types.KJSONB {
		return append(append(buf, d.Str()...), 0)
	}
	return appendJSONBKey(buf, jv(d))
}

func appendJSONBKey(buf []byte, v *jsonb.Value) []byte {
	buf = append(buf, byte(v.Kind()))
	switch v.Kind() {
	case jsonb.String:
		buf = strconv.AppendInt(buf, int64(len(v.Str())), 10)
		buf = append(buf, ':')
		buf = append(buf, v.Str()...)
	case jsonb.Number:
		var r apd.Decimal
		r.Reduce(v.Num())
		if r.IsZero() {
			r.Negative, r.Exponent = false, 0
		}
		buf = r.Append(buf, 'e')
		buf = append(buf, ';')
	case jsonb.Bool:
		if v.Bool() {
			buf = append(buf, 1)
		} else {
			buf = append(buf, 0)
		}
	case jsonb.Array:
		buf = strconv.AppendInt(buf, int64(v.Len()), 10)
		buf = append(buf, '[')
		for i := 0; i < v.Len(); i++ {
			buf = appendJSONBKey(buf, v.Elem(i))
		}
	case jsonb.Object:
		ps := v.Pairs()
		buf = strconv.AppendInt(buf, int64(len(ps)), 10)
		buf = append(buf, '{')
		for i := range ps {
			buf = strconv.AppendInt(buf, int64(len(ps[i].Key)), 10)
			buf = append(buf, ':')
			buf = append(buf, ps[i].Key...)
			buf = appendJSONBKey(buf, &ps[i].Value)
		}
	}
	return buf
}

func jv(d types.Datum) *jsonb.Value { return d.JSONB().(*jsonb.Value) }

func mkJSONB(v *jsonb.Value) types.Datum { return types.NewJSONB(v) }

func mkJSON(s jsonb.JSON) types.Datum { return types.NewString(string(s)) }

// castJSON converts between json, jsonb, text and jsonb's scalar casts
// (jsonb_numeric, jsonb_bool, ...).
func castJSON(d types.Datum, src, dst *types.T, c *types.Ctx) (types.Datum, bool, error) {
	srcJSON, srcJSONB := src.Oid == types.OidJSON, src.Family == types.FamJSONB
	switch {
	case dst.Oid == types.OidJSON && srcJSONB:
		return types.NewString(jv(d).String()), true, nil
	case dst.Family == types.FamJSONB && srcJSON:
		v, err := jsonb.Parse(d.Str())
		if err != nil {
			return types.Null, true, err
		}
		return mkJSONB(v), true, nil
	case dst.Oid == types.OidJSON && (src.Family == types.FamString || src.Family == types.FamUnknown) && !srcJSON:
		if err := jsonb.Validate(d.Str()); err != nil {
			return types.Null, true, err
		}
		return types.NewString(d.Str()), true, nil
	case srcJSONB:
		switch dst.Family {
		case types.FamNumeric, types.FamInt, types.FamFloat, types.FamBool:
			v, err := jsonbScalarCast(jv(d), dst, c)
			return v, true, err
		}
	}
	return types.Null, false, nil
}

// jsonbScalarCast is jsonb_numeric, jsonb_int4, jsonb_bool and friends.
func jsonbScalarCast(v *jsonb.Value, dst *types.T, c *types.Ctx) (types.Datum, error) {
	want := jsonb.Number
	if dst.Family == types.FamBool {
		want = jsonb.Bool
	}
	if v.Kind() != want {
		kind := "null"
		switch v.Kind() {
		case jsonb.String:
			kind = "string"
		case jsonb.Number:
			kind = "numeric"
		case jsonb.Bool:
			kind = "boolean"
		case jsonb.Array:
			kind = "array"
		case jsonb.Object:
			kind = "object"
		}
		return types.Null, pgerror.New(pgerror.InvalidParameterValue, "cannot cast jsonb %s to type %s", kind, dst.SQLNameNoTypmod())
	}
	if want == jsonb.Bool {
		return types.NewBool(v.Bool()), nil
	}
	return types.Cast(types.NewNumeric(v.Num()), types.Numeric, dst, true, c)
}

// textArrayPath converts a text[] argument to a path (nil for NULL
// elements).
func textArrayPath(d types.Datum) []*string {
	a := d.Array()
	out := make([]*string, len(a.Elems))
	for i, e := range a.Elems {
		if !e.IsNull() {
			s := e.Str()
			out[i] = &s
		}
	}
	return out
}

func textOrNull(s string, ok bool) types.Datum {
	if !ok {
		return types.Null
	}
	return types.NewString(s)
}

func jsonbOrNull(v *jsonb.Value) types.Datum {
	if v == nil {
		return types.Null
	}
	return mkJSONB(v)
}

// isJSONInt reports whether to_json writes values of integer type t as
// numbers (json_categorize_type): smallint, integer and bigint, but not
// oid and the reg* types, which it quotes.
func isJSONInt(t *types.T) bool {
	return t.Oid == types.OidInt2 || t.Oid == types.OidInt4 || t.Oid == types.OidInt8
}

// toJSONB converts a SQL value to jsonb as to_jsonb does.
func toJSONB(t *types.T, d types.Datum, c *types.Ctx) (*jsonb.Value, error) {
	if d.IsNull() {
		return jsonb.NullValue(), nil
	}
	switch t.Family {
	case types.FamBool:
		return jsonb.FromBool(d.Bool()), nil
	case types.FamInt:
		if isJSONInt(t) {
			return jsonb.FromInt64(d.Int()), nil
		}
	case types.FamFloat:
		if t.Width == 32 {
			return jsonb.FromFloat32(float32(d.Float())), nil
		}
		return jsonb.FromFloat64(d.Float()), nil
	case types.FamNumeric:
		return jsonb.FromNumeric(d.Numeric()), nil
	case types.FamJSONB:
		return jv(d), nil
	case types.FamString:
		if t.Oid == types.OidJSON {
			return jsonb.Parse(d.Str())
		}
		return jsonb.FromString(d.Str()), nil
	case types.FamUnknown:
		return jsonb.FromString(d.Str()), nil
	case types.FamDate, types.FamTimestamp, types.FamTimestampTZ:
		return jsonb.FromString(jsonDateTime(t, d, c)), nil
	case types.FamArray:
		return arrayToJSONB(d.Array(), c)
	case types.FamRecord:
		r := d.Record()
		var b jsonb.ObjectBuilder
		for i, v := range r.Values {
			e, err := toJSONB(r.Types[i], v, c)
			if err != nil {
				return nil, err
			}
			b.Add("f"+strconv.Itoa(i+1), e)
		}
		return b.Build(), nil
	}
	return jsonb.FromString(types.FormatString(t, d, c)), nil
}

func arrayToJSONB(a *types.Array, c *types.Ctx) (*jsonb.Value, error) {
	if len(a.Dims) == 0 {
		return jsonb.NewArray(), nil
	}
	pos := 0
	var build func(dim int) (*jsonb.Value, error)
	build = func(dim int) (*jsonb.Value, error) {
		var b jsonb.ArrayBuilder
		for i := 0; i < int(a.Dims[dim].Len); i++ {
			if dim+1 < len(a.Dims) {
				v, err := build(dim + 1)
				if err != nil {
					return nil, err
				}
				b.Add(v)
				continue
			}
			v, err := toJSONB(a.Elem, a.Elems[pos], c)
			if err != nil {
				return nil, err
			}
			pos++
			b.Add(v)
		}
		return b.Build(), nil
	}
	return build(0)
}

// toJSON converts a SQL value to json text as to_json does.
func toJSON(t *types.T, d types.Datum, c *types.Ctx) (jsonb.JSON, error) {
	if d.IsNull() {
		return jsonb.JSONNull, nil
	}
	switch t.Family {
	case types.FamBool:
		return jsonb.JSONBool(d.Bool()), nil
	case types.FamInt:
		if isJSONInt(t) {
			return jsonb.JSON(strconv.FormatInt(d.Int(), 10)), nil
		}
	case types.FamFloat:
		return jsonb.JSONNumber(types.FormatString(t, d, c)), nil
	case types.FamNumeric:
		return jsonb.JSONNumeric(d.Numeric()), nil
	case types.FamJSONB:
		return jsonb.JSON(jv(d).String()), nil
	case types.FamString:
		if t.Oid == types.OidJSON {
			return jsonb.JSON(d.Str()), nil
		}
		return jsonb.JSONString(d.Str()), nil
	case types.FamUnknown:
		return jsonb.JSONString(d.Str()), nil
	case types.FamDate, types.FamTimestamp, types.FamTimestampTZ:
		return jsonb.JSONString(jsonDateTime(t, d, c)), nil
	case types.FamArray:
		return arrayToJSON(d.Array(), c)
	case types.FamRecord:
		r := d.Record()
		b := []byte{'{'}
		for i, v := range r.Values {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonb.AppendQuoted(b, "f"+strconv.Itoa(i+1))
			b = append(b, ':')
			e, err := toJSON(r.Types[i], v, c)
			if err != nil {
				return "", err
			}
			b = append(b, e...)
		}
		return jsonb.JSON(append(b, '}')), nil
	}
	return jsonb.JSONString(types.FormatString(t, d, c)), nil
}

func arrayToJSON(a *types.Array, c *types.Ctx) (jsonb.JSON, error) {
	if len(a.Dims) == 0 {
		return "[]", nil
	}
	pos := 0
	var b []byte
	var build func(dim int) error
	build = func(dim int) error {
		b = append(b, '[')
		for i := 0; i < int(a.Dims[dim].Len); i++ {
			if i > 0 {
				b = append(b, ',')
			}
			if dim+1 < len(a.Dims) {
				if err := build(dim + 1); err != nil {
					return err
				}
				continue
			}
			v, err := toJSON(a.Elem, a.Elems[pos], c)
			if err != nil {
				return err
			}
			pos++
			b = append(b, v...)
		}
		b = append(b, ']')
		return nil
	}
	if err := build(0); err != nil {
		return "", err
	}
	return jsonb.JSON(b), nil
}

// jsonDateTime is JsonEncodeDateTime: ISO 8601 with a "T" separator and
// a zone offset with minutes (XSD style), whatever DateStyle says.
func jsonDateTime(t *types.T, d types.Datum, c *types.Ctx) string {
	ss := dsess(c)
	if ss == nil {
		ss = &pgdate.Session{}
	}
	iso := *ss
	iso.DateStyle = pgdate.StyleISO
	var s string
	switch t.Family {
	case types.FamDate:
		return string(pgdate.AppendDate(nil, dDate(d), &iso))
	case types.FamTimestamp:
		s = string(pgdate.AppendTimestamp(nil, dTS(d), &iso))
	default:
		s = string(pgdate.AppendTimestampTZ(nil, dTSTZ(d), &iso))
	}
	sp := strings.IndexByte(s, ' ')
	if sp < 0 {
		return s // infinity
	}
	bc := strings.HasSuffix(s, " BC")
	if bc {
		s = s[:len(s)-3]
	}
	s = s[:sp] + "T" + s[sp+1:]
	if t.Family == types.FamTimestampTZ {
		if i := strings.LastIndexAny(s, "+-"); i > sp && len(s)-i == 3 {
			s += ":00"
		}
	}
	if bc {
		s += " BC"
	}
	return s
}

// jsonKey converts a builder's key argument to text.
func jsonKey(fn string, i int, t *types.T, d types.Datum, c *types.Ctx) (string, error) {
	if d.IsNull() {
		if strings.HasPrefix(fn, "jsonb") {
			return "", pgerror.New(pgerror.InvalidParameterValue, "argument %d: key must not be null", i+1)
		}
		return "", pgerror.New(pgerror.InvalidParameterValue, "argument %d cannot be null", i+1).
			WithHint("Object keys should be text.")
	}
	switch t.Family {
	case types.FamArray, types.FamRecord, types.FamJSONB:
		return "", pgerror.New(pgerror.InvalidParameterValue, "key value must be scalar, not array, composite, or json")
	}
	if t.Oid == types.OidJSON {
		return "", pgerror.New(pgerror.InvalidParameterValue, "key value must be scalar, not array, composite, or json")
	}
	return types.FormatString(t, d, c), nil
}

func buildObjectArgs(fn string, n int) error {
	if n%2 != 0 {
		return pgerror.New(pgerror.InvalidParameterValue, "argument list must have even number of elements").
			WithHint("The arguments of %s() must consist of alternating keys and values.", fn)
	}
	return nil
}

// jsonSetIter yields rows built by f for i in [0, n).
func jsonSetIter(n, cols int, f func(i int, row types.Row)) SetIter {
	i := 0
	row := make(types.Row, cols)
	return funcIter(func() (types.Row, bool, error) {
		if i >= n {
			return nil, false, nil
		}
		f(i, row)
		i++
		return row, true, nil
	})
}

func init() {
	// Field and element access.
	register("jsonb_object_field", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return jsonbOrNull(jv(a[0]).Field(a[1].Str())), nil
	})
	register("jsonb_object_field_text", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return textOrNull(jv(a[0]).FieldText(a[1].Str())), nil
	})
	register("jsonb_array_element", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return jsonbOrNull(jv(a[0]).Index(int32(a[1].Int()))), nil
	})
	register("jsonb_array_element_text", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return textOrNull(jv(a[0]).IndexText(int32(a[1].Int()))), nil
	})
	register("jsonb_extract_path", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return jsonbOrNull(jv(a[0]).Path(textArrayPath(a[1]))), nil
	})
	register("jsonb_extract_path_text", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return textOrNull(jv(a[0]).PathText(textArrayPath(a[1]))), nil
	})
	jsonRes := func(j jsonb.JSON, ok bool, err error) (types.Datum, error) {
		if err != nil || !ok {
			return types.Null, err
		}
		return mkJSON(j), nil
	}
	textRes := func(s string, ok bool, err error) (types.Datum, error) {
		if err != nil || !ok {
			return types.Null, err
		}
		return types.NewString(s), nil
	}
	jdoc := func(d types.Datum) jsonb.JSON { return jsonb.JSON(d.Str()) }
	register("json_object_field", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return jsonRes(jdoc(a[0]).Field(a[1].Str()))
	})
	register("json_object_field_text", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return textRes(jdoc(a[0]).FieldText(a[1].Str()))
	})
	register("json_array_element", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return jsonRes(jdoc(a[0]).Index(int32(a[1].Int())))
	})
	register("json_array_element_text", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return textRes(jdoc(a[0]).IndexText(int32(a[1].Int())))
	})
	register("json_extract_path", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return jsonRes(jdoc(a[0]).Path(textArrayPath(a[1])))
	})
	register("json_extract_path_text", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return textRes(jdoc(a[0]).PathText(textArrayPath(a[1])))
	})

	// Containment and existence.
	register("jsonb_contains", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewBool(jsonb.Contains(jv(a[0]), jv(a[1]))), nil
	})
	register("jsonb_contained", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewBool(jsonb.Contains(jv(a[1]), jv(a[0]))), nil
	})
	register("jsonb_exists", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewBool(jv(a[0]).Exists(a[1].Str())), nil
	})
	register("jsonb_exists_any", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewBool(jv(a[0]).ExistsAny(textArrayPath(a[1]))), nil
	})
	register("jsonb_exists_all", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewBool(jv(a[0]).ExistsAll(textArrayPath(a[1]))), nil
	})

	// Modification.
	jres := func(v *jsonb.Value, err error) (types.Datum, error) {
		if err != nil {
			return types.Null, err
		}
		return mkJSONB(v), nil
	}
	register("jsonb_concat", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return mkJSONB(jsonb.Concat(jv(a[0]), jv(a[1]))), nil
	})
	register("jsonb_delete", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return jres(jv(a[0]).DeleteKey(a[1].Str()))
	})
	register("jsonb_delete_idx", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return jres(jv(a[0]).DeleteIndex(int32(a[1].Int())))
	})
	register("jsonb_delete_array", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return jres(jv(a[0]).DeleteKeys(textArrayPath(a[1])))
	})
	register("jsonb_delete_path", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return jres(jv(a[0]).DeletePath(textArrayPath(a[1])))
	})
	register("jsonb_set", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		create := true
		if len(a) > 3 {
			create = a[3].Bool()
		}
		return jres(jv(a[0]).Set(textArrayPath(a[1]), jv(a[2]), create))
	})
	register("jsonb_set_lax", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		// Not strict: a NULL replacement follows null_value_treatment.
		if a[0].IsNull() || a[1].IsNull() || len(a) > 3 && a[3].IsNull() {
			return types.Null, nil
		}
		treatment := "use_json_null"
		if len(a) > 4 {
			if a[4].IsNull() {
				return types.Null, pgerror.New(pgerror.InvalidParameterValue, "null_value_treatment must be \"delete_key\", \"return_target\", \"use_json_null\", or \"raise_exception\"")
			}
			treatment = a[4].Str()
		}
		create := true
		if len(a) > 3 {
			create = a[3].Bool()
		}
		if !a[2].IsNull() {
			return jres(jv(a[0]).Set(textArrayPath(a[1]), jv(a[2]), create))
		}
		switch treatment {
		case "raise_exception":
			return types.Null, pgerror.New(pgerror.NullValueNotAllowed, "JSON value must not be null").
				WithDetail("Exception was raised because null_value_treatment is \"raise_exception\".").
				WithHint("To avoid, either change the null_value_treatment argument or ensure that an SQL NULL is not passed.")
		case "use_json_null":
			return jres(jv(a[0]).Set(textArrayPath(a[1]), jsonb.NullValue(), create))
		case "delete_key":
			return jres(jv(a[0]).DeletePath(textArrayPath(a[1])))
		case "return_target":
			return a[0], nil
		}
		return types.Null, pgerror.New(pgerror.InvalidParameterValue, "null_value_treatment must be \"delete_key\", \"return_target\", \"use_json_null\", or \"raise_exception\"")
	})
	register("jsonb_insert", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		after := false
		if len(a) > 3 {
			after = a[3].Bool()
		}
		return jres(jv(a[0]).Insert(textArrayPath(a[1]), jv(a[2]), after))
	})
	register("jsonb_strip_nulls", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return mkJSONB(jv(a[0]).StripNulls()), nil
	})
	register("json_strip_nulls", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		v, err := jdoc(a[0]).StripNulls()
		if err != nil {
			return types.Null, err
		}
		return mkJSON(v), nil
	})
	register("jsonb_pretty", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewString(jv(a[0]).Pretty()), nil
	})

	// Inspection.
	register("jsonb_typeof", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewString(jv(a[0]).Typeof()), nil
	})
	register("json_typeof", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, err := jdoc(a[0]).Typeof()
		return types.NewString(s), err
	})
	register("jsonb_array_length", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		n, err := jv(a[0]).ArrayLength()
		return types.NewInt(int64(n)), err
	})
	register("json_array_length", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		n, err := jdoc(a[0]).ArrayLength()
		return types.NewInt(int64(n)), err
	})

	// Scalar casts called as functions.
	for _, src := range []string{"jsonb_numeric", "jsonb_int2", "jsonb_int4", "jsonb_int8", "jsonb_float4", "jsonb_float8", "jsonb_bool"} {
		register(src, func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
			return jsonbScalarCast(jv(a[0]), sig.Ret, env.TypeCtx())
		})
	}

	// Set-returning functions.
	srfImpls["jsonb_each"] = func(_ Env, _ *Sig, a []types.Datum) (SetIter, error) {
		ps, err := jv(a[0]).Each()
		if err != nil {
			return nil, err
		}
		return jsonSetIter(len(ps), 2, func(i int, row types.Row) {
			row[0], row[1] = types.NewString(ps[i].Key), mkJSONB(&ps[i].Value)
		}), nil
	}
	srfImpls["jsonb_each_text"] = func(_ Env, _ *Sig, a []types.Datum) (SetIter, error) {
		ps, err := jv(a[0]).EachText()
		if err != nil {
			return nil, err
		}
		return jsonSetIter(len(ps), 2, func(i int, row types.Row) {
			row[0], row[1] = types.NewString(ps[i].Key), textOrNull(ps[i].Value, !ps[i].Null)
		}), nil
	}
	srfImpls["jsonb_array_elements"] = func(_ Env, _ *Sig, a []types.Datum) (SetIter, error) {
		es, err := jv(a[0]).ArrayElements()
		if err != nil {
			return nil, err
		}
		return jsonSetIter(len(es), 1, func(i int, row types.Row) { row[0] = mkJSONB(&es[i]) }), nil
	}
	srfImpls["jsonb_array_elements_text"] = func(_ Env, _ *Sig, a []types.Datum) (SetIter, error) {
		es, err := jv(a[0]).ArrayElementsText()
		if err != nil {
			return nil, err
		}
		return jsonSetIter(len(es), 1, func(i int, row types.Row) { row[0] = textOrNull(es[i].Value, !es[i].Null) }), nil
	}
	srfImpls["jsonb_object_keys"] = func(_ Env, _ *Sig, a []types.Datum) (SetIter, error) {
		ks, err := jv(a[0]).ObjectKeys()
		if err != nil {
			return nil, err
		}
		return jsonSetIter(len(ks), 1, func(i int, row types.Row) { row[0] = types.NewString(ks[i]) }), nil
	}
	srfImpls["json_each"] = func(_ Env, _ *Sig, a []types.Datum) (SetIter, error) {
		ps, err := jdoc(a[0]).Each()
		if err != nil {
			return nil, err
		}
		return jsonSetIter(len(ps), 2, func(i int, row types.Row) {
			row[0], row[1] = types.NewString(ps[i].Key), mkJSON(ps[i].Value)
		}), nil
	}
	srfImpls["json_each_text"] = func(_ Env, _ *Sig, a []types.Datum) (SetIter, error) {
		ps, err := jdoc(a[0]).EachText()
		if err != nil {
			return nil, err
		}
		return jsonSetIter(len(ps), 2, func(i int, row types.Row) {
			row[0], row[1] = types.NewString(ps[i].Key), textOrNull(ps[i].Value, !ps[i].Null)
		}), nil
	}
	srfImpls["json_array_elements"] = func(_ Env, _ *Sig, a []types.Datum) (SetIter, error) {
		es, err := jdoc(a[0]).ArrayElements()
		if err != nil {
			return nil, err
		}
		return jsonSetIter(len(es), 1, func(i int, row types.Row) { row[0] = mkJSON(es[i]) }), nil
	}
	srfImpls["json_array_elements_text"] = func(_ Env, _ *Sig, a []types.Datum) (SetIter, error) {
		es, err := jdoc(a[0]).ArrayElementsText()
		if err != nil {
			return nil, err
		}
		return jsonSetIter(len(es), 1, func(i int, row types.Row) { row[0] = textOrNull(es[i].Value, !es[i].Null) }), nil
	}
	srfImpls["json_object_keys"] = func(_ Env, _ *Sig, a []types.Datum) (SetIter, error) {
		ks, err := jdoc(a[0]).ObjectKeys()
		if err != nil {
			return nil, err
		}
		return jsonSetIter(len(ks), 1, func(i int, row types.Row) { row[0] = types.NewString(ks[i]) }), nil
	}

	// Conversion and builders.
	register("to_jsonb", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return jres(toJSONB(sig.Args[0], a[0], env.TypeCtx()))
	})
	register("to_json", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		j, err := toJSON(sig.Args[0], a[0], env.TypeCtx())
		return mkJSON(j), err
	})
	toJSONText := func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		j, err := toJSON(sig.Args[0], a[0], env.TypeCtx())
		return mkJSON(j), err
	}
	register("row_to_json", toJSONText)
	register("array_to_json", toJSONText)
	pretty := func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		if a[1].IsNull() || !a[1].Bool() {
			return toJSONText(env, sig, a[:1])
		}
		// Line feeds between the top-level elements or fields.
		var parts []jsonb.JSON
		var open, close byte
		c := env.TypeCtx()
		switch sig.Args[0].Family {
		case types.FamRecord:
			r := a[0].Record()
			open, close = '{', '}'
			for i, v := range r.Values {
				e, err := toJSON(r.Types[i], v, c)
				if err != nil {
					return types.Null, err
				}
				parts = append(parts, jsonb.JSON(jsonb.AppendQuoted(nil, "f"+strconv.Itoa(i+1)))+":"+e)
			}
		default:
			arr := a[0].Array()
			open, close = '[', ']'
			if len(arr.Dims) > 1 {
				// Split the outer dimension.
				inner := &types.Array{Elem: arr.Elem, Dims: arr.Dims[1:]}
				n := len(arr.Elems) / int(arr.Dims[0].Len)
				for i := 0; i < int(arr.Dims[0].Len); i++ {
					inner.Elems = arr.Elems[i*n : (i+1)*n]
					e, err := arrayToJSON(inner, c)
					if err != nil {
						return types.Null, err
					}
					parts = append(parts, e)
				}
			} else {
				for _, v := range arr.Elems {
					e, err := toJSON(arr.Elem, v, c)
					if err != nil {
						return types.Null, err
					}
					parts = append(parts, e)
				}
			}
		}
		out := []byte{open}
		for i, p := range parts {
			if i > 0 {
				out = append(out, ",\n "...)
			}
			out = append(out, p...)
		}
		return types.NewString(string(append(out, close))), nil
	}
	register("row_to_json_pretty", pretty)
	register("array_to_json_pretty", pretty)
	register("jsonb_build_object", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		if err := buildObjectArgs("jsonb_build_object", len(a)); err != nil {
			return types.Null, err
		}
		var b jsonb.ObjectBuilder
		for i := 0; i < len(a); i += 2 {
			k, err := jsonKey("jsonb_build_object", i, sig.Args[i], a[i], env.TypeCtx())
			if err != nil {
				return types.Null, err
			}
			v, err := toJSONB(sig.Args[i+1], a[i+1], env.TypeCtx())
			if err != nil {
				return types.Null, err
			}
			b.Add(k, v)
		}
		return mkJSONB(b.Build()), nil
	})
	register("jsonb_build_object_noargs", func(Env, *Sig, []types.Datum) (types.Datum, error) {
		return mkJSONB(jsonb.NewObject()), nil
	})
	register("jsonb_build_array", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		var b jsonb.ArrayBuilder
		for i := range a {
			v, err := toJSONB(sig.Args[i], a[i], env.TypeCtx())
			if err != nil {
				return types.Null, err
			}
			b.Add(v)
		}
		return mkJSONB(b.Build()), nil
	})
	register("jsonb_build_array_noargs", func(Env, *Sig, []types.Datum) (types.Datum, error) {
		return mkJSONB(jsonb.NewArray()), nil
	})
	register("json_build_object", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		if err := buildObjectArgs("json_build_object", len(a)); err != nil {
			return types.Null, err
		}
		keys := make([]string, 0, len(a)/2)
		vals := make([]jsonb.JSON, 0, len(a)/2)
		for i := 0; i < len(a); i += 2 {
			k, err := jsonKey("json_build_object", i, sig.Args[i], a[i], env.TypeCtx())
			if err != nil {
				return types.Null, err
			}
			v, err := toJSON(sig.Args[i+1], a[i+1], env.TypeCtx())
			if err != nil {
				return types.Null, err
			}
			keys, vals = append(keys, k), append(vals, v)
		}
		return types.NewString(string(jsonb.AppendBuildObject(nil, keys, vals))), nil
	})
	register("json_build_object_noargs", func(Env, *Sig, []types.Datum) (types.Datum, error) {
		return types.NewString("{}"), nil
	})
	register("json_build_array", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		vals := make([]jsonb.JSON, len(a))
		for i := range a {
			v, err := toJSON(sig.Args[i], a[i], env.TypeCtx())
			if err != nil {
				return types.Null, err
			}
			vals[i] = v
		}
		return types.NewString(string(jsonb.AppendBuildArray(nil, vals))), nil
	})
	register("json_build_array_noargs", func(Env, *Sig, []types.Datum) (types.Datum, error) {
		return types.NewString("[]"), nil
	})

	// json_object and jsonb_object over text arrays.
	objectImpl := func(binary bool) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			keys, vals, err := objectArrays(a)
			if err != nil {
				return types.Null, err
			}
			if binary {
				var b jsonb.ObjectBuilder
				for i, k := range keys {
					v := jsonb.NullValue()
					if !vals[i].IsNull() {
						v = jsonb.FromString(vals[i].Str())
					}
					b.Add(k, v)
				}
				return mkJSONB(b.Build()), nil
			}
			out := []byte{'{'}
			for i, k := range keys {
				if i > 0 {
					out = append(out, ", "...)
				}
				out = jsonb.AppendQuoted(out, k)
				out = append(out, " : "...)
				if vals[i].IsNull() {
					out = append(out, "null"...)
				} else {
					out = jsonb.AppendQuoted(out, vals[i].Str())
				}
			}
			return types.NewString(string(append(out, '}'))), nil
		}
	}
	for _, src := range []string{"json_object", "json_object_two_arg"} {
		register(src, objectImpl(false))
	}
	for _, src := range []string{"jsonb_object", "jsonb_object_two_arg"} {
		register(src, objectImpl(true))
	}

	// Aggregates.
	aggImpls["jsonb_agg"] = &AggDef{New: func(s *Sig) AggState { return &jsonAgg{t: s.Args[0], binary: true} }}
	aggImpls["json_agg"] = &AggDef{New: func(s *Sig) AggState { return &jsonAgg{t: s.Args[0]} }}
	aggImpls["jsonb_object_agg"] = &AggDef{New: func(s *Sig) AggState { return &jsonObjectAgg{sig: s, binary: true} }}
	aggImpls["json_object_agg"] = &AggDef{New: func(s *Sig) AggState { return &jsonObjectAgg{sig: s} }}
}

// jsonAgg is json_agg and jsonb_agg.
type jsonAgg struct {
	t      *types.T
	binary bool
	n      int
	elems  []*jsonb.Value
	text   []byte
}

func (a *jsonAgg) Add(env Env, args []types.Datum) error {
	if a.binary {
		v, err := toJSONB(a.t, args[0], env.TypeCtx())
		if err != nil {
			return err
		}
		a.elems = append(a.elems, v)
	} else {
		v, err := toJSON(a.t, args[0], env.TypeCtx())
		if err != nil {
			return err
		}
		if a.n == 0 {
			a.text = append(a.text, '[')
		} else {
			a.text = append(a.text, ", "...)
			// json_agg_transfn puts arrays and rows on lines of their own.
			if a.t.Family == types.FamArray || a.t.Family == types.FamRecord {
				a.text = append(a.text, "\n "...)
			}
		}
		a.text = append(a.text, v...)
	}
	a.n++
	return nil
}

func (a *jsonAgg) Result(Env) (types.Datum, error) {
	if a.n == 0 {
		return types.Null, nil
	}
	if a.binary {
		return mkJSONB(jsonb.NewArray(a.elems...)), nil
	}
	return types.NewString(string(a.text) + "]"), nil
}

// jsonObjectAgg is json_object_agg and jsonb_object_agg.
type jsonObjectAgg struct {
	sig    *Sig
	binary bool
	n      int
	pairs  []jsonb.Pair
	text   []byte
}

func (a *jsonObjectAgg) Add(env Env, args []types.Datum) error {
	fn := "json_object_agg"
	if a.binary {
		fn = "jsonb_object_agg"
	}
	if args[0].IsNull() {
		return pgerror.New(pgerror.InvalidParameterValue, "field name must not be null")
	}
	k, err := jsonKey(fn, 0, a.sig.Args[0], args[0], env.TypeCtx())
	if err != nil {
		return err
	}
	if a.binary {
		v, err := toJSONB(a.sig.Args[1], args[1], env.TypeCtx())
		if err != nil {
			return err
		}
		a.pairs = append(a.pairs, jsonb.Pair{Key: k, Value: *v})
	} else {
		v, err := toJSON(a.sig.Args[1], args[1], env.TypeCtx())
		if err != nil {
			return err
		}
		if a.n == 0 {
			a.text = append(a.text, "{ "...)
		} else {
			a.text = append(a.text, ", "...)
		}
		a.text = jsonb.AppendQuoted(a.text, k)
		a.text = append(a.text, " : "...)
		a.text = append(a.text, v...)
	}
	a.n++
	return nil
}

func (a *jsonObjectAgg) Result(Env) (types.Datum, error) {
	if a.n == 0 {
		return types.Null, nil
	}
	if a.binary {
		return mkJSONB(jsonb.NewObject(a.pairs...)), nil
	}
	return types.NewString(string(a.text) + " }"), nil
}

// objectArrays splits json_object's arguments (one array of alternating
// keys and values, a two-column array, or arrays of keys and of values)
// into keys and values.
func objectArrays(a []types.Datum) ([]string, []types.Datum, error) {
	subscriptErr := func(msg string) error { return pgerror.New(pgerror.ArraySubscriptError, "%s", msg) }
	var keys, vals []types.Datum
	if len(a) == 1 {
		arr := a[0].Array()
		switch len(arr.Dims) {
		case 0:
			return nil, nil, nil
		case 1:
			if arr.Dims[0].Len%2 != 0 {
				return nil, nil, subscriptErr("array must have even number of elements")
			}
		case 2:
			if arr.Dims[1].Len != 2 {
				return nil, nil, subscriptErr("array must have two columns")
			}
		default:
			return nil, nil, subscriptErr("wrong number of array subscripts")
		}
		for i := 0; i+1 < len(arr.Elems); i += 2 {
			keys, vals = append(keys, arr.Elems[i]), append(vals, arr.Elems[i+1])
		}
	} else {
		ka, va := a[0].Array(), a[1].Array()
		if len(ka.Dims) > 1 || len(ka.Dims) != len(va.Dims) {
			return nil, nil, subscriptErr("wrong number of array subscripts")
		}
		if len(ka.Dims) == 0 {
			return nil, nil, nil
		}
		if len(ka.Elems) != len(va.Elems) {
			return nil, nil, subscriptErr("mismatched array dimensions")
		}
		keys, vals = ka.Elems, va.Elems
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		if k.IsNull() {
			return nil, nil, pgerror.New(pgerror.NullValueNotAllowed, "null value not allowed for object key")
		}
		out[i] = k.Str()
	}
	return out, vals, nil
}

// SetResultValue is the value a set-returning function's row takes where
// the function is called in a select list: its only column, or for a
// function with several OUT parameters (jsonb_each) a record of them.
// row may be reused by the iterator; the record holds a copy. The
// record's column types are the call's resolved ones (sig.Ret.Fields) when
// the analyzer knows them.
func SetResultValue(f *Func, sig *Sig, row types.Row) types.Datum {
	if len(row) == 1 {
		return row[0]
	}
	if sig != nil && sig.Ret != nil && len(sig.Ret.Fields) == len(row) {
		ts := make([]*types.T, len(row))
		for i, fl := range sig.Ret.Fields {
			ts[i] = fl.T
		}
		return types.NewRecord(&types.RecordVal{Types: ts, Values: append([]types.Datum(nil), row...)})
	}
	var ts []*types.T
	for i, m := range f.ArgModes {
		if (m == 'o' || m == 'b' || m == 't') && i < len(f.AllArgs) {
			ts = append(ts, typeOf(f.AllArgs[i]))
		}
	}
	if len(ts) != len(row) {
		ts = make([]*types.T, len(row))
		for i := range ts {
			ts[i] = types.Text
		}
	}
	return types.NewRecord(&types.RecordVal{Types: ts, Values: append([]types.Datum(nil), row...)})
}
