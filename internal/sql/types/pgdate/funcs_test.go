package pgdate_test

import (
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/sql/types/pgdate"
)

// float8Text formats a float8 as PostgreSQL's float8out does with the
// default extra_float_digits: the shortest exact digits, in fixed notation
// when the decimal exponent is in [-4, 15).
func float8Text(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64)
	i := strings.IndexByte(e, 'e')
	exp, _ := strconv.Atoi(e[i+1:])
	if exp >= -4 && exp < 15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return e
}

func decText(d *apd.Decimal, err error) (string, error) {
	if err != nil {
		return "", err
	}
	if d == nil {
		return "\x00NULL", nil
	}
	return d.Text('f'), nil
}

func floatText(f float64, ok bool, err error) (string, error) {
	if err != nil {
		return "", err
	}
	if !ok {
		return "\x00NULL", nil
	}
	return float8Text(f), nil
}

// fcase is one function or operator case: the SQL expression and tusk's
// answer.
type fcase struct {
	sql string
	got func() (string, error)
}

func runCases(t *testing.T, o *oracle, name string, cases []fcase, now time.Time) {
	exprs := make([]string, len(cases))
	for i, c := range cases {
		exprs[i] = c.sql
	}
	want := o.eval(exprs)
	ty := &tally{t: t, name: name}
	for i, c := range cases {
		v, err := c.got()
		g := goResult(v, err)
		if err == nil && v == "\x00NULL" {
			g = result{ok: true, null: true}
		}
		ty.check(c.sql, want[i], g)
	}
	ty.report()
}

func tsLit(v pgdate.Timestamp) string     { return lit(v.String()) + "::timestamp" }
func dateLit(v pgdate.Date) string        { return lit(v.String()) + "::date" }
func timeLit(v pgdate.Time) string        { return lit(v.String()) + "::time" }
func timetzLit(v pgdate.TimeTZ) string    { return lit(v.String()) + "::timetz" }
func ivLit(v pgdate.Interval) string      { return "(" + ivExpr(v) + ")" }
func tstzLit(v pgdate.TimestampTZ) string { return lit(v.String()) + "::timestamptz" }

var truncUnits = []string{"microseconds", "milliseconds", "second", "minute", "hour", "day", "week", "month", "quarter", "year",
	"decade", "century", "millennium", "DAY", "Hours", "foo", "epoch", "dow", "timezone", "ms", "us", "y", "mon", "millisecondsxx"}

var extractUnits = []string{"microseconds", "milliseconds", "second", "minute", "hour", "day", "week", "month", "quarter", "year",
	"decade", "century", "millennium", "julian", "isoyear", "dow", "isodow", "doy", "epoch", "timezone", "timezone_hour",
	"timezone_minute", "foo", "now", "DOY", "Epoch", "j", "mils", "infinity"}

var atZones = []string{"UTC", "America/New_York", "america/new_york", "Asia/Kolkata", "EST", "PST", "PDT", "MSK", "Europe/Moscow",
	"Australia/Lord_Howe", "LHDT", "+05", "-03:30", "UTC+3", "<+03>-3", "Foo/Bar", "XYZ", "Etc/GMT+3", "America/St_Johns", "NZDT"}

// TestFunctionsDifferential runs date/time arithmetic, conversions and
// functions on generated arguments in tusk and PostgreSQL.
func TestFunctionsDifferential(t *testing.T) {
	o := newOracle(t)
	r := rand.New(rand.NewSource(4))
	// Values: mostly modern, some extreme.
	var tss []pgdate.Timestamp
	for _, v := range genTimestamps(r, 120) {
		tss = append(tss, pgdate.Timestamp(v))
	}
	for i := 0; i < 120; i++ {
		tss = append(tss, pgdate.Timestamp((r.Int63n(4e9)-2e9)*1000000+r.Int63n(1000000)))
	}
	tss = append(tss, pgdate.TimestampPosInfinity, pgdate.TimestampNegInfinity)
	ivs := genIntervals(r, 150)
	for i := 0; i < 80; i++ {
		ivs = append(ivs, pgdate.Interval{Months: int32(r.Intn(50) - 25), Days: int32(r.Intn(70) - 35), Microseconds: r.Int63n(2*86400000000) - 86400000000})
	}
	var dates []pgdate.Date
	for _, ts := range tss {
		if d, err := pgdate.TimestampToDate(ts); err == nil {
			dates = append(dates, d)
		}
	}
	var times []pgdate.Time
	var timetzs []pgdate.TimeTZ
	for i := 0; i < 60; i++ {
		times = append(times, pgdate.Time(r.Int63n(86400000001)))
		timetzs = append(timetzs, pgdate.TimeTZ{Time: pgdate.Time(r.Int63n(86400000001)), Zone: int32(r.Intn(2*57599+1) - 57599)})
	}
	pick := func(n int) int { return r.Intn(n) }
	floats := []float64{0, 1, -1, 2, 0.5, -0.5, 1.5, 3.7, 1e-7, 1e10, -2.25, 1.0 / 3, 7, 100, 0.001, math.NaN(), math.Inf(1)}

	for _, zone := range []string{"UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/Moscow"} {
		o.exec("SET TimeZone = '" + zone + "'")
		o.exec("SET DateStyle = 'ISO, MDY'")
		o.exec("SET IntervalStyle = 'postgres'")
		loc, _ := pgdate.LoadLocation(zone)
		o.exec("BEGIN")
		var nowT time.Time
		if err := o.conn.QueryRow(ctxb, "SELECT now()").Scan(&nowT); err != nil {
			t.Fatal(err)
		}
		ss := &pgdate.Session{Location: loc, Now: func() time.Time { return nowT }}
		tsS := func(v pgdate.Timestamp, err error) (string, error) {
			return string(pgdate.AppendTimestamp(nil, v, ss)), err
		}
		tzS := func(v pgdate.TimestampTZ, err error) (string, error) {
			return string(pgdate.AppendTimestampTZ(nil, v, ss)), err
		}
		ivS := func(v pgdate.Interval, err error) (string, error) {
			return string(pgdate.AppendInterval(nil, v, ss)), err
		}
		dS := func(v pgdate.Date, err error) (string, error) { return string(pgdate.AppendDate(nil, v, ss)), err }

		var cases []fcase
		add := func(sql string, got func() (string, error)) { cases = append(cases, fcase{sql, got}) }
		for i := 0; i < 300; i++ {
			a, b := tss[pick(len(tss))], tss[pick(len(tss))]
			ta, tb := pgdate.TimestampTZ(a), pgdate.TimestampTZ(b)
			iv := ivs[pick(len(ivs))]
			add(tsLit(a)+" + "+ivLit(iv), func() (string, error) { return tsS(pgdate.TimestampAddInterval(a, iv)) })
			add(tsLit(a)+" - "+ivLit(iv), func() (string, error) { return tsS(pgdate.TimestampSubInterval(a, iv)) })
			add(tstzLit(ta)+" + "+ivLit(iv), func() (string, error) { return tzS(pgdate.TimestampTZAddInterval(ta, iv, ss)) })
			add(tstzLit(ta)+" - "+ivLit(iv), func() (string, error) { return tzS(pgdate.TimestampTZSubInterval(ta, iv, ss)) })
			add(tsLit(a)+" - "+tsLit(b), func() (string, error) { return ivS(pgdate.TimestampSub(a, b)) })
			add(tstzLit(ta)+" - "+tstzLit(tb), func() (string, error) { return ivS(pgdate.TimestampTZSub(ta, tb)) })
			add("age("+tsLit(a)+", "+tsLit(b)+")", func() (string, error) { return ivS(pgdate.AgeTimestamp(a, b)) })
			add("age("+tstzLit(ta)+", "+tstzLit(tb)+")", func() (string, error) { return ivS(pgdate.AgeTimestampTZ(ta, tb, ss)) })
			add("age("+tsLit(a)+")", func() (string, error) { return ivS(pgdate.AgeTimestampNow(a, ss)) })
			add("age("+tstzLit(ta)+")", func() (string, error) { return ivS(pgdate.AgeTimestampTZNow(ta, ss)) })
			add(tsLit(a)+"::date", func() (string, error) { return dS(pgdate.TimestampToDate(a)) })
			add(tstzLit(ta)+"::date", func() (string, error) { return dS(pgdate.TimestampTZToDate(ta, ss)) })
			add(tsLit(a)+"::timestamptz", func() (string, error) { return tzS(pgdate.TimestampToTimestampTZ(a, ss)) })
			add(tstzLit(ta)+"::timestamp", func() (string, error) { return tsS(pgdate.TimestampTZToTimestamp(ta, ss)) })
			add(tsLit(a)+"::time", func() (string, error) {
				v, ok, err := pgdate.TimestampToTime(a)
				if !ok && err == nil {
					return "\x00NULL", nil
				}
				return v.String(), err
			})
			add(tstzLit(ta)+"::timetz", func() (string, error) {
				v, ok, err := pgdate.TimestampTZToTimeTZ(ta, ss)
				if !ok && err == nil {
					return "\x00NULL", nil
				}
				return v.String(), err
			})
			z := atZones[pick(len(atZones))]
			add(tsLit(a)+" AT TIME ZONE "+lit(z), func() (string, error) { return tzS(pgdate.TimestampAtZone(z, a)) })
			add(tstzLit(ta)+" AT TIME ZONE "+lit(z), func() (string, error) { return tsS(pgdate.TimestampTZAtZone(z, ta)) })
			add("date_trunc('day', "+tstzLit(ta)+", "+lit(z)+")", func() (string, error) { return tzS(pgdate.DateTruncTZZone("day", ta, z)) })
			izone := pgdate.Interval{Microseconds: int64(pick(40)-20) * 1800000000}
			if pick(10) == 0 {
				izone = iv
			}
			add(tsLit(a)+" AT TIME ZONE "+ivLit(izone), func() (string, error) { return tzS(pgdate.TimestampAtIntervalZone(izone, a)) })
			add(tstzLit(ta)+" AT TIME ZONE "+ivLit(izone), func() (string, error) { return tsS(pgdate.TimestampTZAtIntervalZone(izone, ta)) })
			u := truncUnits[pick(len(truncUnits))]
			add("date_trunc("+lit(u)+", "+tsLit(a)+")", func() (string, error) { return tsS(pgdate.DateTrunc(u, a)) })
			add("date_trunc("+lit(u)+", "+tstzLit(ta)+")", func() (string, error) { return tzS(pgdate.DateTruncTZ(u, ta, ss)) })
			add("date_trunc("+lit(u)+", "+ivLit(iv)+")", func() (string, error) { return ivS(pgdate.DateTruncInterval(u, iv)) })
			e := extractUnits[pick(len(extractUnits))]
			add("extract("+e+" from "+tsLit(a)+")", func() (string, error) { return decText(pgdate.ExtractTimestamp(e, a)) })
			add("date_part("+lit(e)+", "+tsLit(a)+")", func() (string, error) { return floatText(pgdate.DatePartTimestamp(e, a)) })
			add("extract("+e+" from "+tstzLit(ta)+")", func() (string, error) { return decText(pgdate.ExtractTimestampTZ(e, ta, ss)) })
			add("date_part("+lit(e)+", "+tstzLit(ta)+")", func() (string, error) { return floatText(pgdate.DatePartTimestampTZ(e, ta, ss)) })
			add("extract("+e+" from "+ivLit(iv)+")", func() (string, error) { return decText(pgdate.ExtractInterval(e, iv)) })
			add("date_part("+lit(e)+", "+ivLit(iv)+")", func() (string, error) { return floatText(pgdate.DatePartInterval(e, iv)) })
			if len(dates) > 0 {
				d1, d2 := dates[pick(len(dates))], dates[pick(len(dates))]
				n := int32(pick(2000) - 1000)
				if pick(20) == 0 {
					n = int32(r.Uint32())
				}
				add("extract("+e+" from "+dateLit(d1)+")", func() (string, error) { return decText(pgdate.ExtractDate(e, d1)) })
				add("date_part("+lit(e)+", "+dateLit(d1)+")", func() (string, error) { return floatText(pgdate.DatePartDate(e, d1)) })
				add(dateLit(d1)+" - "+dateLit(d2), func() (string, error) {
					v, err := pgdate.DateSub(d1, d2)
					return strconv.Itoa(int(v)), err
				})
				add(dateLit(d1)+" + "+strconv.Itoa(int(n)), func() (string, error) { return dS(pgdate.DateAddDays(d1, n)) })
				add(dateLit(d1)+" - "+strconv.Itoa(int(n)), func() (string, error) { return dS(pgdate.DateSubDays(d1, n)) })
				add(dateLit(d1)+" + "+ivLit(iv), func() (string, error) { return tsS(pgdate.DateAddInterval(d1, iv)) })
				add(dateLit(d1)+" - "+ivLit(iv), func() (string, error) { return tsS(pgdate.DateSubInterval(d1, iv)) })
				add(dateLit(d1)+"::timestamptz", func() (string, error) { return tzS(pgdate.DateToTimestampTZ(d1, ss)) })
				tm := times[pick(len(times))]
				ttz := timetzs[pick(len(timetzs))]
				add(dateLit(d1)+" + "+timeLit(tm), func() (string, error) { return tsS(pgdate.DateTimeToTimestamp(d1, tm)) })
				add(dateLit(d1)+" + "+timetzLit(ttz), func() (string, error) { return tzS(pgdate.DateTimeTZToTimestampTZ(d1, ttz)) })
			}
			tm, tm2 := times[pick(len(times))], times[pick(len(times))]
			ttz := timetzs[pick(len(timetzs))]
			add(timeLit(tm)+" + "+ivLit(iv), func() (string, error) { return pgdate.TimeAddInterval(tm, iv).String(), nil })
			add(timeLit(tm)+" - "+ivLit(iv), func() (string, error) { return pgdate.TimeSubInterval(tm, iv).String(), nil })
			add(timeLit(tm)+" - "+timeLit(tm2), func() (string, error) { return ivS(pgdate.TimeSub(tm, tm2), nil) })
			add(timetzLit(ttz)+" + "+ivLit(iv), func() (string, error) { return pgdate.TimeTZAddInterval(ttz, iv).String(), nil })
			add(timetzLit(ttz)+" - "+ivLit(iv), func() (string, error) { return pgdate.TimeTZSubInterval(ttz, iv).String(), nil })
			add(ivLit(iv)+"::time", func() (string, error) { return pgdate.IntervalToTime(iv).String(), nil })
			add(timeLit(tm)+"::timetz", func() (string, error) { return pgdate.TimeToTimeTZ(tm, ss).String(), nil })
			add(timetzLit(ttz)+" AT TIME ZONE "+lit(z), func() (string, error) {
				v, err := pgdate.TimeTZAtZone(z, ttz, ss)
				return v.String(), err
			})
			add("extract("+e+" from "+timeLit(tm)+")", func() (string, error) { return decText(pgdate.ExtractTime(e, tm)) })
			add("date_part("+lit(e)+", "+timeLit(tm)+")", func() (string, error) { return floatText(pgdate.DatePartTime(e, tm)) })
			add("extract("+e+" from "+timetzLit(ttz)+")", func() (string, error) { return decText(pgdate.ExtractTimeTZ(e, ttz)) })
			add("date_part("+lit(e)+", "+timetzLit(ttz)+")", func() (string, error) { return floatText(pgdate.DatePartTimeTZ(e, ttz)) })
			add("("+timetzLit(ttz)+" < "+timetzLit(timetzs[i%len(timetzs)])+")::text || ("+timetzLit(ttz)+" = "+timetzLit(timetzs[i%len(timetzs)])+")::text",
				func() (string, error) {
					c := pgdate.CompareTimeTZ(ttz, timetzs[i%len(timetzs)])
					return strconv.FormatBool(c < 0) + strconv.FormatBool(c == 0), nil
				})
			iv2 := ivs[pick(len(ivs))]
			f := floats[pick(len(floats))]
			fs := "'" + float8Text(f) + "'::float8"
			add(ivLit(iv)+" + "+ivLit(iv2), func() (string, error) { return ivS(pgdate.IntervalAdd(iv, iv2)) })
			add(ivLit(iv)+" - "+ivLit(iv2), func() (string, error) { return ivS(pgdate.IntervalSub(iv, iv2)) })
			add("- "+ivLit(iv), func() (string, error) { return ivS(pgdate.IntervalNeg(iv)) })
			add(ivLit(iv)+" * "+fs, func() (string, error) { return ivS(pgdate.IntervalMul(iv, f)) })
			add(ivLit(iv)+" / "+fs, func() (string, error) { return ivS(pgdate.IntervalDiv(iv, f)) })
			add("("+ivLit(iv)+" < "+ivLit(iv2)+")::text || ("+ivLit(iv)+" = "+ivLit(iv2)+")::text", func() (string, error) {
				c := pgdate.CompareInterval(iv, iv2)
				return strconv.FormatBool(c < 0) + strconv.FormatBool(c == 0), nil
			})
			add("justify_days("+ivLit(iv)+")", func() (string, error) { return ivS(pgdate.JustifyDays(iv)) })
			add("justify_hours("+ivLit(iv)+")", func() (string, error) { return ivS(pgdate.JustifyHours(iv)) })
			add("justify_interval("+ivLit(iv)+")", func() (string, error) { return ivS(pgdate.JustifyInterval(iv)) })
		}
		// make_* and to_timestamp
		for i := 0; i < 200; i++ {
			y, mo, d := int32(pick(4000)-500), int32(pick(14)), int32(pick(33))
			if pick(10) == 0 {
				y = int32(r.Uint32())
			}
			h, mi := int32(pick(26)), int32(pick(62))
			sec := float64(pick(62000)) / 1000
			if pick(10) == 0 {
				sec = floats[pick(len(floats))]
			}
			fsec := "'" + float8Text(sec) + "'::float8"
			args := fmt.Sprintf("%d, %d, %d", y, mo, d)
			targs := fmt.Sprintf("%d, %d, %s", h, mi, fsec)
			add("make_date("+args+")", func() (string, error) { return dS(pgdate.MakeDate(y, mo, d)) })
			add("make_time("+targs+")", func() (string, error) {
				v, err := pgdate.MakeTime(h, mi, sec)
				return v.String(), err
			})
			add("make_timestamp("+args+", "+targs+")", func() (string, error) { return tsS(pgdate.MakeTimestamp(y, mo, d, h, mi, sec)) })
			add("make_timestamptz("+args+", "+targs+")", func() (string, error) { return tzS(pgdate.MakeTimestampTZ(y, mo, d, h, mi, sec, ss)) })
			z := []string{"+05", "-03:30", "EST", "America/New_York", "MSK", "5", "+16", "Foo", "+1:2:3", "UTC"}[pick(10)]
			add("make_timestamptz("+args+", "+targs+", "+lit(z)+")", func() (string, error) { return tzS(pgdate.MakeTimestampTZAt(y, mo, d, h, mi, sec, z)) })
			a := []int32{int32(pick(10)), int32(pick(30)), int32(pick(5)), int32(pick(40) - 20), int32(pick(50)), int32(pick(100))}
			if pick(10) == 0 {
				a[pick(6)] = int32(r.Uint32())
			}
			add(fmt.Sprintf("make_interval(%d, %d, %d, %d, %d, %d, %s)", a[0], a[1], a[2], a[3], a[4], a[5], fsec), func() (string, error) {
				return ivS(pgdate.MakeInterval(a[0], a[1], a[2], a[3], a[4], a[5], sec))
			})
			ft := (r.Float64() - 0.3) * 1e10
			if pick(5) == 0 {
				ft = floats[pick(len(floats))] * 1e13
			}
			fts := "'" + float8Text(ft) + "'::float8"
			add("to_timestamp("+fts+")", func() (string, error) { return tzS(pgdate.ToTimestamp(ft)) })
		}
		runCases(t, o, "functions "+zone, cases, nowT)
		o.exec("COMMIT")
	}
}
