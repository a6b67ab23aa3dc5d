package pgdate_test

import (
	"fmt"
	"math/rand"
	"strconv"
	"testing"

	"github.com/tuskdb/tusk/internal/sql/types/pgdate"
)

var styleNames = map[pgdate.DateStyle]string{pgdate.StyleISO: "ISO", pgdate.StyleSQL: "SQL", pgdate.StylePostgres: "Postgres", pgdate.StyleGerman: "German"}

const (
	minTS = -211813488000000000
	endTS = 9223371331200000000
)

// genTimestamps returns timestamps spread over the whole range, with a
// bias toward recent times and round values.
func genTimestamps(r *rand.Rand, n int) []int64 {
	out := []int64{0, minTS, endTS - 1, -1, 1, 1000000, 86400000000 - 1, -946684800000000}
	for len(out) < n {
		var v int64
		switch r.Intn(6) {
		case 0:
			v = minTS + int64(r.Uint64()%uint64(9435184819200000000))
		case 1:
			v = r.Int63n(4e17) - 2e17
		case 2:
			v = (r.Int63n(8e9) - 4e9) * 1000000
		case 3:
			v = (r.Int63n(2e11) - 6e10) * 1000000
		case 4:
			v = (r.Int63n(2e11)-6e10)*1000000 + r.Int63n(1000000)
		default:
			v = (r.Int63n(4e6) - 2e6) * 86400000000
		}
		if v >= minTS && v < endTS {
			out = append(out, v)
		}
	}
	return out
}

func genIntervals(r *rand.Rand, n int) []pgdate.Interval {
	out := []pgdate.Interval{{}, {Microseconds: 1}, {Microseconds: -1}, {Days: 1}, {Months: 1}, {Months: -13, Days: 5, Microseconds: -3600000000},
		{Months: 2147483647, Days: 2147483647, Microseconds: 9223372036854775807}, {Months: -2147483648, Days: -2147483648, Microseconds: -9223372036854775808}}
	for len(out) < n {
		var iv pgdate.Interval
		sign := func() int64 {
			if r.Intn(2) == 0 {
				return -1
			}
			return 1
		}
		if r.Intn(2) == 0 {
			iv.Months = int32(sign() * r.Int63n(300))
		}
		if r.Intn(2) == 0 {
			iv.Days = int32(sign() * r.Int63n(400))
		}
		switch r.Intn(4) {
		case 0:
			iv.Microseconds = sign() * r.Int63n(86400) * 1000000
		case 1:
			iv.Microseconds = sign() * r.Int63n(86400000000*3)
		case 2:
			iv.Microseconds = sign() * r.Int63()
		}
		if r.Intn(10) == 0 {
			iv.Months = int32(r.Uint32())
			iv.Days = int32(r.Uint32())
		}
		out = append(out, iv)
	}
	return out
}

func tsExpr(v int64, typ string) string {
	return fmt.Sprintf("'2000-01-01 00:00:00+00'::%s + '%d microseconds'::interval", typ, v)
}

func ivExpr(iv pgdate.Interval) string {
	return fmt.Sprintf("make_interval(months => %d) + make_interval(days => %d) + '%d microseconds'::interval", iv.Months, iv.Days, iv.Microseconds)
}

// TestFormatDifferential prints values of every type under every DateStyle
// and a range of time zones, in tusk and in PostgreSQL.
func TestFormatDifferential(t *testing.T) {
	o := newOracle(t)
	r := rand.New(rand.NewSource(2))
	tss := genTimestamps(r, 600)
	var dates []int32
	for _, v := range tss {
		dates = append(dates, int32(v/86400000000))
	}
	dates = append(dates, -2451545, 2147483493-2451545, 0)
	var times []int64
	for i := 0; i < 200; i++ {
		times = append(times, r.Int63n(86400000001))
	}
	times = append(times, 0, 86400000000, 1, 999999, 43200000000)
	var zones []int32
	for i := 0; i < 200; i++ {
		zones = append(zones, int32(r.Intn(2*57599+1)-57599))
	}

	tzs := []string{"UTC", "America/New_York", "Asia/Kolkata", "America/St_Johns", "Europe/Moscow", "Australia/Lord_Howe",
		"Europe/Amsterdam", "Pacific/Chatham", "UTC+3", "<+03>-3", "EST5EDT", "5.5", "-8", "Africa/Monrovia", "America/Caracas"}
	for _, style := range []pgdate.DateStyle{pgdate.StyleISO, pgdate.StyleSQL, pgdate.StylePostgres, pgdate.StyleGerman} {
		for _, order := range []pgdate.DateOrder{pgdate.OrderMDY, pgdate.OrderDMY, pgdate.OrderYMD} {
			o.exec("SET DateStyle = '" + styleNames[style] + ", " + orderNames[order] + "'")
			o.exec("SET TimeZone = 'UTC'")
			ss := &pgdate.Session{DateStyle: style, DateOrder: order}
			var exprs []string
			var gots []string
			for _, v := range tss {
				exprs = append(exprs, tsExpr(v, "timestamp"))
				gots = append(gots, string(pgdate.AppendTimestamp(nil, pgdate.Timestamp(v), ss)))
			}
			for _, d := range dates {
				exprs = append(exprs, fmt.Sprintf("'2000-01-01'::date + %d", d))
				gots = append(gots, string(pgdate.AppendDate(nil, pgdate.Date(d), ss)))
			}
			exprs = append(exprs, "'infinity'::date", "'-infinity'::timestamp")
			gots = append(gots, string(pgdate.AppendDate(nil, pgdate.DatePosInfinity, ss)), string(pgdate.AppendTimestamp(nil, pgdate.TimestampNegInfinity, ss)))
			want := o.eval(exprs)
			ty := &tally{t: t, name: "format date/timestamp " + styleNames[style] + " " + orderNames[order]}
			for i := range exprs {
				ty.check(exprs[i], want[i], result{ok: true, val: gots[i]})
			}
			ty.report()

			for zi, tz := range tzs {
				if zi > 3 && (order != pgdate.OrderMDY) {
					continue
				}
				o.exec("SET TimeZone = '" + tz + "'")
				loc, err := pgdate.LoadLocation(tz)
				if err != nil {
					t.Fatal(err)
				}
				ss := &pgdate.Session{DateStyle: style, DateOrder: order, Location: loc}
				exprs = exprs[:0]
				gots = gots[:0]
				for _, v := range tss {
					exprs = append(exprs, tsExpr(v, "timestamptz"))
					gots = append(gots, string(pgdate.AppendTimestampTZ(nil, pgdate.TimestampTZ(v), ss)))
				}
				want := o.eval(exprs)
				ty := &tally{t: t, name: "format timestamptz " + styleNames[style] + " " + orderNames[order] + " " + tz}
				for i := range exprs {
					ty.check(exprs[i], want[i], result{ok: true, val: gots[i]})
				}
				ty.report()
			}
		}
	}
	// time and timetz print the same in every style.
	var exprs, gots []string
	for i, v := range times {
		h, m, s, us := v/3600000000, v/60000000%60, v/1000000%60, v%1000000
		z := zones[i%len(zones)]
		az := z
		sign := "-"
		if az < 0 {
			az = -az
			sign = "+"
		}
		exprs = append(exprs, fmt.Sprintf("'%02d:%02d:%02d.%06d'::time", h, m, s, us))
		gots = append(gots, string(pgdate.AppendTime(nil, pgdate.Time(v))))
		exprs = append(exprs, fmt.Sprintf("'%02d:%02d:%02d.%06d%s%02d:%02d:%02d'::timetz", h, m, s, us, sign, az/3600, az/60%60, az%60))
		gots = append(gots, string(pgdate.AppendTimeTZ(nil, pgdate.TimeTZ{Time: pgdate.Time(v), Zone: z})))
	}
	want := o.eval(exprs)
	ty := &tally{t: t, name: "format time/timetz"}
	for i := range exprs {
		ty.check(exprs[i], want[i], result{ok: true, val: gots[i]})
	}
	ty.report()
}

var intervalStyleNames = map[pgdate.IntervalStyle]string{pgdate.IntervalPostgres: "postgres", pgdate.IntervalPostgresVerbose: "postgres_verbose",
	pgdate.IntervalSQLStandard: "sql_standard", pgdate.IntervalISO8601: "iso_8601"}

// TestIntervalDifferential formats generated intervals and parses
// generated interval text under every IntervalStyle, with and without
// typmods.
func TestIntervalDifferential(t *testing.T) {
	o := newOracle(t)
	r := rand.New(rand.NewSource(3))
	ivs := genIntervals(r, 800)
	inputs := genIntervalInputs(r, 2500)
	typmods := []struct {
		sql    string
		typmod int32
	}{
		{"interval", -1},
		{"interval(0)", pgdate.IntervalTypmod(pgdate.IntervalAllFields, 0)},
		{"interval(2)", pgdate.IntervalTypmod(pgdate.IntervalAllFields, 2)},
		{"interval year", pgdate.IntervalTypmod(pgdate.IntervalYear, -1)},
		{"interval month", pgdate.IntervalTypmod(pgdate.IntervalMonth, -1)},
		{"interval day", pgdate.IntervalTypmod(pgdate.IntervalDay, -1)},
		{"interval hour", pgdate.IntervalTypmod(pgdate.IntervalHour, -1)},
		{"interval minute", pgdate.IntervalTypmod(pgdate.IntervalMinute, -1)},
		{"interval second", pgdate.IntervalTypmod(pgdate.IntervalSecond, -1)},
		{"interval second(3)", pgdate.IntervalTypmod(pgdate.IntervalSecond, 3)},
		{"interval year to month", pgdate.IntervalTypmod(pgdate.IntervalYearToMonth, -1)},
		{"interval day to hour", pgdate.IntervalTypmod(pgdate.IntervalDayToHour, -1)},
		{"interval day to minute", pgdate.IntervalTypmod(pgdate.IntervalDayToMinute, -1)},
		{"interval day to second", pgdate.IntervalTypmod(pgdate.IntervalDayToSecond, -1)},
		{"interval hour to minute", pgdate.IntervalTypmod(pgdate.IntervalHourToMinute, -1)},
		{"interval hour to second(1)", pgdate.IntervalTypmod(pgdate.IntervalHourToSecond, 1)},
		{"interval minute to second", pgdate.IntervalTypmod(pgdate.IntervalMinuteToSecond, -1)},
	}
	for _, style := range []pgdate.IntervalStyle{pgdate.IntervalPostgres, pgdate.IntervalPostgresVerbose, pgdate.IntervalSQLStandard, pgdate.IntervalISO8601} {
		o.exec("SET IntervalStyle = '" + intervalStyleNames[style] + "'")
		ss := &pgdate.Session{IntervalStyle: style}
		var exprs, gots []string
		for _, iv := range ivs {
			exprs = append(exprs, ivExpr(iv))
			gots = append(gots, string(pgdate.AppendInterval(nil, iv, ss)))
		}
		want := o.eval(exprs)
		ty := &tally{t: t, name: "format interval " + intervalStyleNames[style]}
		for i := range exprs {
			ty.check(exprs[i], want[i], result{ok: true, val: gots[i]})
		}
		ty.report()

		for k, tm := range typmods {
			if k > 0 && style != pgdate.IntervalPostgres && style != pgdate.IntervalSQLStandard {
				continue
			}
			in := inputs
			if k > 0 {
				in = inputs[:400]
			}
			exprs = exprs[:0]
			for _, s := range in {
				exprs = append(exprs, lit(s)+"::"+tm.sql)
			}
			want := o.eval(exprs)
			ty := &tally{t: t, name: "parse " + tm.sql + " " + intervalStyleNames[style]}
			for i, s := range in {
				iv, err := pgdate.ParseInterval(s, tm.typmod, ss)
				ty.check(exprs[i], want[i], goResult(string(pgdate.AppendInterval(nil, iv, ss)), err))
			}
			ty.report()
		}
	}
}

var intervalUnits = []string{"microsecond", "microseconds", "us", "usec", "millisecond", "ms", "msecs", "second", "seconds", "s", "sec", "secs",
	"minute", "minutes", "m", "min", "mins", "hour", "hours", "h", "hr", "hrs", "day", "days", "d", "week", "weeks", "w",
	"month", "months", "mon", "mons", "year", "years", "y", "yr", "yrs", "decade", "decades", "dec", "century", "centuries", "c",
	"millennium", "millennia", "mil", "quarter", "qtr", "Days", "HOURS", "microsecondsx", "millisecondsxyz", "fortnight", "ago", "@"}

func genIntervalInputs(r *rand.Rand, n int) []string {
	out := append([]string(nil), curatedIntervals...)
	num := func() string {
		switch r.Intn(8) {
		case 0:
			return strconv.Itoa(-r.Intn(100))
		case 1:
			return fmt.Sprintf("%d.%d", r.Intn(100), r.Intn(1000))
		case 2:
			return fmt.Sprintf("-%d.%d", r.Intn(10), r.Intn(100))
		case 3:
			return strconv.FormatInt(r.Int63n(1e12), 10)
		case 4:
			return "+" + strconv.Itoa(r.Intn(50))
		default:
			return strconv.Itoa(r.Intn(100))
		}
	}
	for len(out) < n {
		var s string
		switch r.Intn(10) {
		case 0, 1, 2, 3:
			k := r.Intn(4) + 1
			for i := 0; i < k; i++ {
				if i > 0 {
					s += " "
				}
				s += num() + " " + intervalUnits[r.Intn(len(intervalUnits))]
			}
			if r.Intn(5) == 0 {
				s += " ago"
			}
			if r.Intn(5) == 0 {
				s = "@ " + s
			}
		case 4:
			s = fmt.Sprintf("%s %d:%02d:%02d", num(), r.Intn(30), r.Intn(70), r.Intn(70))
			if r.Intn(2) == 0 {
				s += fmt.Sprintf(".%d", r.Intn(10000000))
			}
		case 5:
			s = fmt.Sprintf("%d-%d %s %s%d:%02d", r.Intn(20)-5, r.Intn(14), num(), []string{"", "+", "-"}[r.Intn(3)], r.Intn(30), r.Intn(60))
		case 6:
			s = "P"
			for _, u := range []string{"Y", "M", "W", "D"} {
				if r.Intn(2) == 0 {
					s += num() + u
				}
			}
			if r.Intn(2) == 0 {
				s += "T"
				for _, u := range []string{"H", "M", "S"} {
					if r.Intn(2) == 0 {
						s += num() + u
					}
				}
			}
		case 7:
			s = fmt.Sprintf("P%04d-%02d-%02dT%02d:%02d:%02d", r.Intn(3000), r.Intn(14), r.Intn(40), r.Intn(30), r.Intn(70), r.Intn(70))
		case 8:
			s = junk(r, "0123456789-+:. PTYMDHSdaysecminhourago", 12)
		default:
			s = fmt.Sprintf("%s %s", num(), num())
		}
		out = append(out, s)
	}
	return out
}

var curatedIntervals = []string{
	"1 year 2 mons", "1:02:03", "-1 day +02:03", "@ 1 day ago", "1 day 2 hours 3 minutes 4 seconds", "1 2", "1-2", "-1-2", "+1-2",
	"1-2 3 4:05:06", "-1-2 -3 -4:05:06", "- 1 day", "1 day -", "P1Y2M3DT4H5M6S", "P1Y2M3DT4H5M6.789S", "PT1H", "PT1.5H", "P1.5Y",
	"P0.5M", "P1W", "P1.5W", "P2Y3M", "P0001-02-03T04:05:06", "P0001-02-03", "P00010203T040506", "P00010203", "PT040506", "PT04:05:06",
	"PT04:05", "PT04", "P1-2", "P1-2-3T4:5:6", "P", "PT", "P1", "P1YT", "PT1H2", "P1Y-2M", "P-1Y", "P1e2D", "P.5D", "P1.5e1D",
	"1.5 years", "1.5 months", "1.5 weeks", "1.5 days", "0.1 seconds", "1.0000005 seconds", "1.0000015 seconds", "3.5 decades",
	"1.5 centuries", "0.5 millennium", "1 millisecond", "1.5 milliseconds", "1 microsecond", "1.5 microseconds", "1e3 seconds",
	"01:00:00 1.5 days", "1 day 01:00", "1 day 25:00", "01:60", "1:2:3.4", "12:34.5", "1:2.3:4", "+01:00", "-01:00", "+01:00:00.5",
	"1 hour 01:00", "1 +1:00", "1 -1:00:00", "2147483647 days", "2147483648 days", "-2147483648 days", "-2147483649 days",
	"2147483647 months", "178956970 years", "178956971 years", "-178956970 years 8 months", "9223372036854775807 microseconds",
	"9223372036854775808 microseconds", "-9223372036854775808 microseconds", "2562047788:00:54.775807", "2562047788:00:54.775808",
	"-2562047788:00:54.775808", "153722867280 minutes", "1 day 1 day", "1 day 1 week", "1 hour 1 hour", "1 second 1 millisecond",
	"1.5 second 1 millisecond", "1 ago", "ago", "@", "@ ago", "1 ago ago", "", " ", "1", "1.5", "-1.5", "+1.5", "1 2 3", "1 day 2",
	"1 day 2:03", "1 year 2:03", "infinity", "-infinity", "now", "epoch", "1 fortnight", "1 days hours", "hours 1", "1:2:3:4",
	"1 d", "1 h 2 m 3 s", "1y 2mon 3d", "1yr2mons", "5 mon", "5 mons", "10 years ago", "-10 years ago", "@ 1 year 2 mons -3 days 4 hours ago",
	"1 day -1 hour", "-1 day 1 hour", "-1 day -1 hour", "1:00 ago", "1 year 1:00", "P1Y2M3DT4H5M6S ago", "1 microsecondsxyz",
	"1 microsec", "1 millisec", "1 secs", "1 mins", "1 hrs", "1 dayss", "00:00:00.0000005", "00:00:00.0000015", "23:59:59.9999999",
	"-00:00:01", "-0:0:1.5", "0.5", "-0.5", "1 2:3", "1 2:3:4", "1-2 3", "1-13", "1-12", "1-11", "-0-1", "0-0", "1- 2",
}

func TestIntervalTypmodRange(t *testing.T) {
	if _, err := pgdate.ParseInterval("1 day", pgdate.IntervalTypmod(pgdate.IntervalAllFields, 7), nil); err == nil {
		t.Fatal("precision 7 accepted")
	}
}
