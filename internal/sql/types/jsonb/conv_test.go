package jsonb_test

import (
	"math"
	"math/rand"
	"strconv"
	"testing"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/sql/types/jsonb"
)

// TestConversionsDifferential compares to_json/to_jsonb of scalars and
// the json/jsonb builders with PostgreSQL.
func TestConversionsDifferential(t *testing.T) {
	o := newOracle(t)
	r := rand.New(rand.NewSource(4))
	floats := []float64{0, math.Copysign(0, -1), 1, -1.5, 0.1, 1e15, 1e16, 123456789012345678, 1e-4, 1e-5, 1.5e300, 5e-324,
		math.MaxFloat64, math.NaN(), math.Inf(1), math.Inf(-1), 1.0 / 3, 2.5e-7}
	for i := 0; i < 300; i++ {
		floats = append(floats, math.Float64frombits(r.Uint64()))
		floats = append(floats, (r.Float64()-0.5)*math.Pow(10, float64(r.Intn(40)-20)))
	}
	var exprs []string
	var got []result
	add := func(e string, g string) {
		exprs = append(exprs, e)
		got = append(got, result{ok: true, val: g})
	}
	for _, f := range floats {
		fl := "'" + jsonb.FormatFloat8(f) + "'::float8"
		add(fl+"::text", jsonb.FormatFloat8(f))
		add("to_jsonb("+fl+")", jsonb.FromFloat64(f).String())
		add("to_json("+fl+")", string(jsonb.JSONFloat64(f)))
		f4 := float32(f)
		if !math.IsInf(float64(f4), 0) || math.IsInf(f, 0) {
			f4l := "'" + jsonb.FormatFloat4(f4) + "'::float4"
			add(f4l+"::text", jsonb.FormatFloat4(f4))
			add("to_jsonb("+f4l+")", jsonb.FromFloat32(f4).String())
		}
	}
	nums := []string{"0", "-0", "-0.00", "1.50", "1.50e3", "1e-10", "NaN", "Infinity", "-Infinity", "123456789012345678901234567890.123", "-5e2"}
	for _, n := range nums {
		d, _, _ := apd.NewFromString(n)
		add("to_jsonb('"+n+"'::numeric)", jsonb.FromNumeric(d).String())
		add("to_json('"+n+"'::numeric)", string(jsonb.JSONNumeric(d)))
	}
	strs := []string{"", "a", "a\"b", "back\\slash", "new\nline", "tab\t", "\x01ctl", "/slash", "é€😀", "\x7f"}
	for _, s := range strs {
		add("to_jsonb("+lit(s)+"::text)", jsonb.FromString(s).String())
		add("to_json("+lit(s)+"::text)", string(jsonb.JSONString(s)))
	}
	add("to_jsonb(true)", jsonb.FromBool(true).String())
	add("to_json(false)", string(jsonb.JSONBool(false)))
	add("json_build_object('a', 1, 'b', 'x'::text, 'a', null::text, 'c', json_build_array(1, 2.50, 'y'::text))",
		string(jsonb.AppendBuildObject(nil, []string{"a", "b", "a", "c"}, []jsonb.JSON{"1", jsonb.JSONString("x"), jsonb.JSONNull,
			jsonb.JSON(jsonb.AppendBuildArray(nil, []jsonb.JSON{"1", "2.50", jsonb.JSONString("y")}))})))
	add("json_build_object()", string(jsonb.AppendBuildObject(nil, nil, nil)))
	add("json_build_array()", string(jsonb.AppendBuildArray(nil, nil)))
	var ob jsonb.ObjectBuilder
	ob.Add("b", jsonb.FromInt64(1))
	ob.Add("a", jsonb.FromString("x"))
	ob.Add("b", jsonb.NullValue())
	var ab jsonb.ArrayBuilder
	ab.Add(jsonb.FromInt64(1))
	ab.Add(ob.Build())
	add("jsonb_build_array(1, jsonb_build_object('b', 1, 'a', 'x'::text, 'b', null::text))", ab.Build().String())
	add("jsonb_build_array()", (&jsonb.ArrayBuilder{}).Build().String())
	add("jsonb_build_object()", (&jsonb.ObjectBuilder{}).Build().String())
	checkAll(t, o, "conversions", exprs, got)
}

func TestBinary(t *testing.T) {
	v, err := jsonb.Parse(`{"a": [1, "x"]}`)
	if err != nil {
		t.Fatal(err)
	}
	b := v.AppendBinary(nil)
	if b[0] != 1 || string(b[1:]) != `{"a": [1, "x"]}` {
		t.Fatalf("binary %q", b)
	}
	w, err := jsonb.DecodeBinary(b)
	if err != nil || !jsonb.Equal(v, w) {
		t.Fatalf("round trip: %v %v", w, err)
	}
	if _, err := jsonb.DecodeBinary([]byte{2, '1'}); err == nil {
		t.Fatal("version 2 accepted")
	}
	if _, err := jsonb.DecodeJSONBinary([]byte("[1,")); err == nil {
		t.Fatal("invalid json accepted")
	}
	_ = strconv.Itoa
}

// TestFloatTextDifferential checks FormatFloat8 and FormatFloat4 against
// PostgreSQL's float8out and float4out on random bit patterns and values
// built to sit on rounding boundaries.
func TestFloatTextDifferential(t *testing.T) {
	o := newOracle(t)
	r := rand.New(rand.NewSource(5))
	var exprs []string
	var got []result
	for i := 0; i < 6000; i++ {
		var f float64
		switch r.Intn(4) {
		case 0:
			f = math.Float64frombits(r.Uint64())
		case 1:
			f = float64(r.Int63n(1<<53)) * math.Pow(2, float64(r.Intn(40)))
		case 2:
			f = float64(r.Intn(100000)) / math.Pow(10, float64(r.Intn(12)))
		default:
			f = math.Ldexp(float64(r.Int63n(1<<53)|1), r.Intn(200)-100)
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		exprs = append(exprs, "'"+strconv.FormatFloat(f, 'g', -1, 64)+"'::float8")
		got = append(got, result{ok: true, val: jsonb.FormatFloat8(f)})
		f4 := math.Float32frombits(r.Uint32())
		if r.Intn(2) == 0 {
			f4 = float32(math.Ldexp(float64(r.Int31n(1<<24)|1), r.Intn(60)-30))
		}
		if math.IsNaN(float64(f4)) || math.IsInf(float64(f4), 0) {
			continue
		}
		exprs = append(exprs, "'"+strconv.FormatFloat(float64(f4), 'g', -1, 32)+"'::float4")
		got = append(got, result{ok: true, val: jsonb.FormatFloat4(f4)})
	}
	checkAll(t, o, "float text", exprs, got)
}

func BenchmarkFormatFloat8(b *testing.B) {
	for i := 0; i < b.N; i++ {
		jsonb.FormatFloat8(1.0 / 3)
	}
}
