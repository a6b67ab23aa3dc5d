package pgformat_test

import (
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/sql/types/pgformat"
)

var numPieces = []string{"9", "99", "999", "9999", "0", "00", "000", ".", "D", ",", "G", "9,999", "9G999", "S", "MI", "PL", "SG", "PR",
	"L", "FM", "V", "V9", "V99", "EEEE", "RN", "rn", "TH", "th", "B", "\"text\"", " ", "-", "$", "x", "9.99", "0.00", "FM999.999",
	"S9999.99", "9999MI", "999PR", "9.99EEEE", "99D99", "SG999", "PL999", "0000", "FM0000", "9990.0", "99.0", "\\\"", "é"}

func genNumTemplate(r *rand.Rand) string {
	n := r.Intn(5) + 1
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(numPieces[r.Intn(len(numPieces))])
	}
	return b.String()
}

var commonNumTemplates = []string{"999", "999.99", "FM999.99", "9,999.99", "9G999D99", "S9999", "9999S", "MI9999", "9999MI",
	"PL999", "SG999", "999PR", "L999.99", "0000", "FM0000", "9.99EEEE", "9.9999EEEE", "RN", "FMRN", "rn", "999th", "FM999TH", "99V99",
	"9999V9", "FM9999.0", "FM9990.00", "999D999S", "FM999.999S", "00.00", "B999", "\"Total: \"999", "999\"%\"", ""}

func genNumber(r *rand.Rand) string {
	switch r.Intn(10) {
	case 0:
		return strconv.Itoa(r.Intn(10))
	case 1:
		return strconv.Itoa(r.Intn(2000000) - 1000000)
	case 2:
		return fmt.Sprintf("%d.%d", r.Intn(1000)-500, r.Intn(100000))
	case 3:
		return fmt.Sprintf("0.%05d", r.Intn(100000))
	case 4:
		return fmt.Sprintf("-0.%03d", r.Intn(1000))
	case 5:
		return []string{"0", "-0", "0.0", "NaN", "Infinity", "-Infinity", "0.5", "-0.5", "1.5", "2.5", "9.995", "99.995", "1234567890123456789.123"}[r.Intn(13)]
	case 6:
		return fmt.Sprintf("%de%d", r.Intn(100), r.Intn(20)-10)
	default:
		return fmt.Sprintf("%d.%02d", r.Intn(100000)-50000, r.Intn(100))
	}
}

// TestToCharNumberDifferential compares to_char of numeric, integer,
// bigint, double precision and real values over generated templates.
func TestToCharNumberDifferential(t *testing.T) {
	o := newOracle(t)
	r := rand.New(rand.NewSource(8))
	templates := append([]string(nil), commonNumTemplates...)
	for len(templates) < 500 {
		templates = append(templates, genNumTemplate(r))
	}
	var exprs []string
	var got []result
	add := func(e string, s string, err error) {
		exprs = append(exprs, e)
		got = append(got, res(s, err))
	}
	for i := 0; i < 4000; i++ {
		tmpl := templates[r.Intn(len(templates))]
		ns := genNumber(r)
		d, _, _ := apd.NewFromString(ns)
		s, err := pgformat.NumericToChar(d, tmpl)
		add("to_char("+lit(ns)+"::numeric, "+lit(tmpl)+")", s, err)
		if i%2 == 0 {
			iv := int32(r.Int63n(1<<32) - 1<<31)
			if r.Intn(2) == 0 {
				iv = int32(r.Intn(20000) - 10000)
			}
			s, err = pgformat.Int32ToChar(iv, tmpl)
			add(fmt.Sprintf("to_char(%d::int4, %s)", iv, lit(tmpl)), s, err)
			lv := r.Int63() - r.Int63()
			if r.Intn(2) == 0 {
				lv = int64(r.Intn(20000) - 10000)
			}
			s, err = pgformat.Int64ToChar(lv, tmpl)
			add(fmt.Sprintf("to_char(%d::int8, %s)", lv, lit(tmpl)), s, err)
		} else {
			f := (r.Float64() - 0.5) * math.Pow(10, float64(r.Intn(24)-8))
			switch r.Intn(12) {
			case 0:
				f = math.NaN()
			case 1:
				f = math.Inf(1 - 2*r.Intn(2))
			case 2:
				f = float64(r.Intn(1000)) + 0.5
			}
			fs := strconv.FormatFloat(f, 'g', -1, 64)
			if math.IsNaN(f) {
				fs = "NaN"
			} else if math.IsInf(f, 1) {
				fs = "Infinity"
			} else if math.IsInf(f, -1) {
				fs = "-Infinity"
			}
			s, err = pgformat.Float64ToChar(f, tmpl)
			add("to_char("+lit(fs)+"::float8, "+lit(tmpl)+")", s, err)
			f4 := float32(f)
			fs4 := strconv.FormatFloat(float64(f4), 'g', -1, 32)
			if math.IsNaN(f) || math.IsInf(f, 0) || math.IsInf(float64(f4), 0) {
				continue
			}
			s, err = pgformat.Float32ToChar(f4, tmpl)
			add("to_char("+lit(fs4)+"::float4, "+lit(tmpl)+")", s, err)
		}
	}
	checkAll(t, o, "to_char number", exprs, got)
}

// TestToNumberDifferential reads to_char output (and variants) back with
// to_number.
func TestToNumberDifferential(t *testing.T) {
	o := newOracle(t)
	r := rand.New(rand.NewSource(9))
	templates := append([]string(nil), commonNumTemplates...)
	for len(templates) < 300 {
		templates = append(templates, genNumTemplate(r))
	}
	var exprs []string
	var got []result
	for i := 0; i < 4000; i++ {
		tmpl := templates[r.Intn(len(templates))]
		ns := genNumber(r)
		d, _, _ := apd.NewFromString(ns)
		in, err := pgformat.NumericToChar(d, tmpl)
		if err != nil || r.Intn(5) == 0 {
			in = ns
		}
		switch r.Intn(6) {
		case 0:
			in = strings.TrimSpace(in)
		case 1:
			in = " " + in + " "
		case 2:
			in = []string{"12,454.8-", "$1,234.56", "<123>", "1 2 3", "-.5", "1e5", "", "  ", "abc", "12.345.6", "0012", "+7", "5-"}[r.Intn(13)]
		}
		exprs = append(exprs, "to_number("+lit(in)+", "+lit(tmpl)+")")
		v, ok, err := pgformat.ToNumber(in, tmpl)
		switch {
		case err != nil:
			got = append(got, res("", err))
		case !ok:
			got = append(got, result{ok: true, null: true})
		default:
			got = append(got, result{ok: true, val: v.Text('f')})
		}
	}
	checkAll(t, o, "to_number", exprs, got)
}

func checkAll(t *testing.T, o *oracle, name string, exprs []string, got []result) {
	want := o.eval(exprs)
	ty := &tally{t: t, name: name}
	for i := range exprs {
		ty.check(exprs[i], want[i], got[i])
	}
	ty.report()
}

func res(s string, err error) result {
	if err != nil {
		return goResult("", err)
	}
	return result{ok: true, val: s}
}
