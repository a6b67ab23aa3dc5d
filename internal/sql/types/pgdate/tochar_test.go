package pgdate_test

import (
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/tuskdb/tusk/internal/sql/types/pgdate"
)

var templatePieces = []string{
	"HH", "HH12", "HH24", "MI", "SS", "MS", "US", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "SSSS", "SSSSS", "AM", "am", "PM", "pm",
	"A.M.", "a.m.", "P.M.", "p.m.", "Y,YYY", "YYYY", "YYY", "YY", "Y", "IYYY", "IYY", "IY", "I", "BC", "bc", "AD", "ad", "B.C.", "b.c.",
	"A.D.", "a.d.", "MONTH", "Month", "month", "MON", "Mon", "mon", "MM", "DAY", "Day", "day", "DY", "Dy", "dy", "DDD", "IDDD", "DD",
	"D", "ID", "W", "WW", "IW", "CC", "J", "Q", "RM", "rm", "TZ", "tz", "TZH", "TZM", "OF", "hh24", "mi", "ss", "yyyy", "dd", "mm",
	"FMDD", "FMMonth", "FMDay", "FMHH12", "FMMI", "FMYYYY", "FMMM", "FMRM", "FMOF", "DDTH", "DDth", "MMth", "YYYYth", "FMDDth",
	"HH24TH", "SSth", "Jth", "TMMonth", "TMDay", "TMMON", "DDSP", "FX", "fx",
	"-", "/", ":", ".", ",", " ", "  ", "T", "\"text\"", "\"Quote \\\"d\\\"\"", "\\\"", "x", "é", "\"\"", "(", ")", "#",
}

func genTemplate(r *rand.Rand) string {
	n := r.Intn(6) + 1
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(templatePieces[r.Intn(len(templatePieces))])
		if r.Intn(3) == 0 {
			b.WriteString([]string{" ", "-", ":", "/", "."}[r.Intn(5)])
		}
	}
	return b.String()
}

var commonTemplates = []string{
	"YYYY-MM-DD HH24:MI:SS", "YYYY-MM-DD HH24:MI:SS.US", "DD Mon YYYY", "Day, DD Month YYYY", "FMDay, FMDD FMMonth YYYY",
	"HH12:MI:SS AM", "YYYY-MM-DD\"T\"HH24:MI:SSOF", "IYYY-IW-ID", "YYYY DDD", "J", "Q", "CC", "Y,YYY", "RM", "WW W",
	"YYYY-MM-DD HH24:MI:SS TZ", "YYYYMMDD", "YYYYMMDDHH24MISS", "MM/DD/YY", "DD.MM.YYYY", "HH24:MI", "SSSS", "MS US",
	"FF1 FF2 FF3 FF4 FF5 FF6", "TZH:TZM", "\"Year\" YYYY", "YYYY\\\"", "DDth \"of\" FMMonth", "Dy Mon DD HH24:MI:SS YYYY",
}

// TestToCharDifferential compares to_char of timestamps, timestamptz (in
// several zones) and intervals over generated templates.
func TestToCharDifferential(t *testing.T) {
	o := newOracle(t)
	r := rand.New(rand.NewSource(6))
	var tss []pgdate.Timestamp
	for _, v := range genTimestamps(r, 150) {
		tss = append(tss, pgdate.Timestamp(v))
	}
	for i := 0; i < 150; i++ {
		tss = append(tss, pgdate.Timestamp((r.Int63n(4e9)-2e9)*1000000+r.Int63n(1000000)))
	}
	tss = append(tss, pgdate.TimestampPosInfinity)
	ivs := genIntervals(r, 100)
	templates := append([]string(nil), commonTemplates...)
	for len(templates) < 400 {
		templates = append(templates, genTemplate(r))
	}
	templates = append(templates, "")
	for _, zone := range []string{"UTC", "America/New_York", "Asia/Kolkata", "America/St_Johns"} {
		o.exec("SET TimeZone = '" + zone + "'")
		loc, _ := pgdate.LoadLocation(zone)
		ss := &pgdate.Session{Location: loc}
		var cases []fcase
		add := func(sql string, got func() (string, error)) { cases = append(cases, fcase{sql, got}) }
		for i := 0; i < 1500; i++ {
			tmpl := templates[r.Intn(len(templates))]
			ts := tss[r.Intn(len(tss))]
			tz := pgdate.TimestampTZ(ts)
			iv := ivs[r.Intn(len(ivs))]
			opt := func(s string, ok bool, err error) (string, error) {
				if err == nil && !ok {
					return "\x00NULL", nil
				}
				return s, err
			}
			if zone == "UTC" {
				add("to_char("+tsLit(ts)+", "+lit(tmpl)+")", func() (string, error) { return opt(pgdate.TimestampToChar(ts, tmpl)) })
				add("to_char("+ivLit(iv)+", "+lit(tmpl)+")", func() (string, error) { return opt(pgdate.IntervalToChar(iv, tmpl)) })
			}
			add("to_char("+tstzLit(tz)+", "+lit(tmpl)+")", func() (string, error) { return opt(pgdate.TimestampTZToChar(tz, tmpl, ss)) })
		}
		runCases(t, o, "to_char "+zone, cases, time.Time{})
	}
}

// TestToTimestampDifferential reads text produced by to_char (and mangled
// variants) back with to_timestamp and to_date.
func TestToTimestampDifferential(t *testing.T) {
	o := newOracle(t)
	r := rand.New(rand.NewSource(7))
	templates := append([]string(nil), commonTemplates...)
	for len(templates) < 300 {
		templates = append(templates, genTemplate(r))
	}
	for _, zone := range []string{"UTC", "America/New_York"} {
		o.exec("SET TimeZone = '" + zone + "'")
		loc, _ := pgdate.LoadLocation(zone)
		ss := &pgdate.Session{Location: loc}
		tzS := func(v pgdate.TimestampTZ, err error) (string, error) {
			return string(pgdate.AppendTimestampTZ(nil, v, ss)), err
		}
		dS := func(v pgdate.Date, err error) (string, error) { return string(pgdate.AppendDate(nil, v, ss)), err }
		var cases []fcase
		for i := 0; i < 2500; i++ {
			tmpl := templates[r.Intn(len(templates))]
			ts := pgdate.Timestamp((r.Int63n(6e10)-3e10)*1000000 + r.Int63n(1000000))
			in, _, _ := pgdate.TimestampToChar(ts, tmpl)
			switch r.Intn(6) {
			case 0:
				in = strings.ToUpper(in)
			case 1:
				in = "  " + strings.ReplaceAll(in, " ", "  ")
			case 2:
				if rs := []rune(in); len(rs) > 2 {
					in = string(rs[:len(rs)-2])
				}
			case 3:
				in = junkDate(r)
			}
			in2, tmpl2 := in, tmpl
			cases = append(cases, fcase{"to_timestamp(" + lit(in2) + ", " + lit(tmpl2) + ")", func() (string, error) {
				return tzS(pgdate.ToTimestampFormat(in2, tmpl2, ss))
			}})
			cases = append(cases, fcase{"to_date(" + lit(in2) + ", " + lit(tmpl2) + ")", func() (string, error) {
				return dS(pgdate.ToDateFormat(in2, tmpl2))
			}})
		}
		for _, c := range curatedToTimestamp {
			in, tmpl := c[0], c[1]
			cases = append(cases, fcase{"to_timestamp(" + lit(in) + ", " + lit(tmpl) + ")", func() (string, error) {
				return tzS(pgdate.ToTimestampFormat(in, tmpl, ss))
			}})
			cases = append(cases, fcase{"to_date(" + lit(in) + ", " + lit(tmpl) + ")", func() (string, error) {
				return dS(pgdate.ToDateFormat(in, tmpl))
			}})
		}
		runCases(t, o, "to_timestamp "+zone, cases, time.Time{})
	}
}

func junkDate(r *rand.Rand) string {
	const a = "0123456789 -/:.,ABCDJMPTadmnopsty+"
	n := r.Intn(14) + 1
	b := make([]byte, n)
	for i := range b {
		b[i] = a[r.Intn(len(a))]
	}
	return string(b)
}

// curatedToTimestamp are cases from PostgreSQL's documentation and its
// horology regression test.
var curatedToTimestamp = [][2]string{
	{"05 Dec 2000", "DD Mon YYYY"}, {"2000 JUN", "YYYY MON"}, {"2000 JUN", "FXYYYY MON"}, {"2000   JUN", "FXYYYY MON"},
	{"2000  JUN", "YYYY MON"}, {"2011 Dec", "YYYY-MON"}, {"2011-12-18 11:38 PM", "YYYY-MM-DD HH12:MI PM"},
	{"2011-12-18 11:38 +05", "YYYY-MM-DD HH12:MI TZH"}, {"2011-12-18 11:38 -05:20", "YYYY-MM-DD HH12:MI TZH:TZM"},
	{"2011-12-18 11:38 20", "YYYY-MM-DD HH12:MI TZM"}, {"2011-12-18 11:38 EST", "YYYY-MM-DD HH12:MI TZ"},
	{"0097/Feb/16 --> 08:14:30", "YYYY/Mon/DD --> HH:MI:SS"}, {"97/2/16 8:14:30", "FMYYYY/FMMM/FMDD FMHH:FMMI:FMSS"},
	{"2011$03!18 23_38_15", "YYYY-MM-DD HH24:MI:SS"}, {"1985 January 12", "YYYY FMMonth DD"}, {"1985 FMMonth 12", "YYYY \"FMMonth\" DD"},
	{"1985 \\ 12", "YYYY \\\\ DD"}, {"My birthday-> Year: 1976, Month: May, Day: 16", "\"My birthday-> Year:\" YYYY, \"Month:\" FMMonth, \"Day:\" DD"},
	{"1,582nd VIII 21", "Y,YYYth FMRM DD"}, {"15 \"text between quote marks\" 98 54 45", "HH24 \"\\\"text between quote marks\\\"\" YY MI SS"},
	{"05121445482000", "MMDDHH24MISSYYYY"}, {"2000January09Sunday", "YYYYFMMonthDDFMDay"}, {"97/Feb/16", "YYMonDD"},
	{"97/Feb/16", "YY:Mon:DD"}, {"97/Feb/16", "FXYY:Mon:DD"}, {"97/Feb/16", "FXYY/Mon/DD"}, {"19971116", "YYYYMMDD"},
	{"20000-1116", "YYYY-MMDD"}, {"1997 AD 11 16", "YYYY BC MM DD"}, {"1997 BC 11 16", "YYYY BC MM DD"}, {"1997 A.D. 11 16", "YYYY B.C. MM DD"},
	{"1997 B.C. 11 16", "YYYY B.C. MM DD"}, {"9-1116", "Y-MMDD"}, {"95-1116", "YY-MMDD"}, {"995-1116", "YYY-MMDD"},
	{"2005426", "YYYYWWD"}, {"2005300", "YYYYDDD"}, {"2005527", "IYYYIWID"}, {"005527", "IYYIWID"}, {"05527", "IYIWID"},
	{"5527", "IIWID"}, {"2005364", "IYYYIDDD"}, {"20050302", "YYYYMMDD"}, {"2005 03 02", "YYYYMMDD"}, {" 2005 03 02", "YYYYMMDD"},
	{"  20050302", "YYYYMMDD"}, {"2011-12-18 11:38 AM", "YYYY-MM-DD HH12:MI PM"}, {"2011-12-18 11:38 PM", "YYYY-MM-DD HH12:MI PM"},
	{"2011-12-18 11:38 A.M.", "YYYY-MM-DD HH12:MI P.M."}, {"2011-12-18 11:38 P.M.", "YYYY-MM-DD HH12:MI P.M."},
	{"2018-11-02 12:34:56.025", "YYYY-MM-DD HH24:MI:SS.MS"}, {"2018-11-02 12:34:56.1", "YYYY-MM-DD HH24:MI:SS.FF1"},
	{"2018-11-02 12:34:56.123456", "YYYY-MM-DD HH24:MI:SS.FF6"}, {"2018-11-02 12:34:56.123456789", "YYYY-MM-DD HH24:MI:SS.FF6"},
	{"2018-11-02 12:34:56.123", "YYYY-MM-DD HH24:MI:SS.FF2"}, {"2018-11-02 12:34:56.123456", "YYYY-MM-DD HH24:MI:SS.US"},
	{"20000101 13", "YYYYMMDD HH12"}, {"2000 13", "YYYY HH24"}, {"2000 24", "YYYY HH24"}, {"2000 01 01 00 60", "YYYY MM DD HH24 MI"},
	{"2016-02-30", "YYYY-MM-DD"}, {"2016-13-01", "YYYY-MM-DD"}, {"2016-00-01", "YYYY-MM-DD"}, {"2016-02-29", "YYYY-MM-DD"},
	{"2015-02-29", "YYYY-MM-DD"}, {"2015 365", "YYYY DDD"}, {"2015 366", "YYYY DDD"}, {"2016 366", "YYYY DDD"}, {"2016 367", "YYYY DDD"},
	{"2016 0", "YYYY DDD"}, {"0000-02-01", "YYYY-MM-DD"}, {"100000000", "CC"}, {"1000000000", "CC"}, {"21", "CC"}, {"-21", "CC"},
	{"21 BC", "CC BC"}, {"21 03", "CC YY"}, {"21 00", "CC YY"}, {"21 03 BC", "CC YY BC"}, {"2458872", "J"}, {"44-02-01 BC", "YYYY-MM-DD BC"},
	{"-44-02-01", "YYYY-MM-DD"}, {"-44-02-01 BC", "YYYY-MM-DD BC"}, {"1 4 1902", "Q MM YYYY"}, {"3 4 21 01", "W MM CC YY"},
	{"2458872", "  J"}, {"2016-06-13 15:50:55", "YYYY-MM-DD HH24:MI:SS"}, {"2016-06-13 15:50:55 +05", "YYYY-MM-DD HH24:MI:SS TZH"},
	{"2016-06-13 15:50:55 -0530", "YYYY-MM-DD HH24:MI:SS TZHTZM"}, {"2016-06-13 15:50:55 +16", "YYYY-MM-DD HH24:MI:SS TZH"},
	{"2016-06-13 15:50:55 +1260", "YYYY-MM-DD HH24:MI:SS TZHTZM"}, {"2016-06-13 15:50:55 -", "YYYY-MM-DD HH24:MI:SS TZH"},
	{"2016-06-13 15:50:55", "YYYY-MM-DD HH24:MI:SS TZ"}, {"2016-06-13 15:50:55", "YYYY-MM-DD HH24:MI:SS OF"},
	{"2016-06-13 Q", "YYYY-MM-DD Q"}, {"Sunday 2016", "Day YYYY"}, {"Sund 2016", "Day YYYY"}, {"2016 Juny", "YYYY Month"},
	{"2016 Xyz", "YYYY Mon"}, {"2016 x", "YYYY RM"}, {"2016 ix", "YYYY RM"}, {"2016 XIII", "YYYY RM"}, {"2016 5 Mon", "YYYY MM Dy"},
	{"1,5", "Y,YYY"}, {"1 5", "Y,YYY"}, {"12,345", "Y,YYY"}, {"x,345", "Y,YYY"}, {"2016 10 11 12", "YYYY MM DD MM"},
	{"2016 10 11 10", "YYYY MM DD MM"}, {"2016 10 11 Oct", "YYYY MM DD Mon"}, {"2016 2 11", "IYYY MM DD"}, {"2016 23 3", "IYYY IW D"},
	{"2016 23 3", "YYYY IW ID"}, {"", ""}, {"2016", ""}, {"", "YYYY"}, {"   ", "YYYY"}, {"201", "YYYY"}, {"abcd", "YYYY"},
	{"20165", "YYYYMM"}, {"2016 5", "YYYY FMMM"}, {"2016-5-6", "YYYY-MM-DD"}, {"2016-05-6x", "YYYY-MM-DD"}, {"12:00 AM 2016", "HH12:MI AM YYYY"},
	{"0:30 AM 2016", "HH12:MI AM YYYY"}, {"12:30 XM 2016", "HH12:MI AM YYYY"}, {"1999 12 31 23 59 59.999999", "YYYY MM DD HH24 MI SS.US"},
	{"99999 1 1", "YYYY MM DD"}, {"294277 1 1", "YYYY MM DD"}, {"5874898 1 1", "YYYY MM DD"}, {"4714 11 24 BC", "YYYY MM DD BC"},
	{"4714 11 23 BC", "YYYY MM DD BC"}, {"2147483648", "YYYY"}, {"99999999999999999999", "FMYYYY"}, {"1997 12 1st", "YYYY MM DDth"},
	{"1997 12 02nd 3", "YYYY MM DDTH HH"}, {"15:00", "FXHH24:MI"}, {"15  00", "FXHH24 MI"}, {"15-00", "HH24 MI"}, {"15--00", "HH24-MI"},
	{"2000-1-1 -05", "YYYY-MM-DD TZH"}, {"2000-1-1-05", "YYYY-MM-DD-TZH"}, {"2000-1-1 - 05", "YYYY-MM-DD TZH"}, {"2000 January 1", "YYYY TMMonth DD"},
}
