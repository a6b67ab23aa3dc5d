package pgdate

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// extract/date_part, date_trunc, make_*, to_timestamp and AT TIME ZONE
// (PostgreSQL's timestamp.c and date.c).

// SQL type names as format_type_be prints them, for unit errors.
const (
	typeTimestamp   = "timestamp without time zone"
	typeTimestampTZ = "timestamp with time zone"
	typeDate        = "date"
	typeTime        = "time without time zone"
	typeTimeTZ      = "time with time zone"
	typeInterval    = "interval"
)

// lowerUnits lower-cases and truncates a unit name as PostgreSQL's
// downcase_truncate_identifier does.
func lowerUnits(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = toLower(c)
	}
	if len(b) > 63 {
		n := 63
		for n > 0 && !utf8.RuneStart(b[n]) {
			n--
		}
		b = b[:n]
	}
	return string(b)
}

// decodeUnit classifies a unit name as extract and date_trunc do.
func decodeUnit(low string) (tokType, dtk) {
	typ, val := decodeUnits(low)
	if typ == tUnknown {
		typ, val = decodeSpecial(low)
	}
	return typ, dtk(val)
}

func unitNotSupported(low, typ string) *pgerror.Error {
	return pgerror.New(pgerror.FeatureNotSupported, `unit "%s" not supported for type %s`, low, typ)
}

func unitNotRecognized(low, typ string) *pgerror.Error {
	return pgerror.New(pgerror.InvalidParameterValue, `unit "%s" not recognized for type %s`, low, typ)
}

// Numeric results of extract. A nil *apd.Decimal is SQL NULL.

func decInt(v int64) *apd.Decimal { return apd.New(v, 0) }

// decScaled is v / 10^scale with display scale scale
// (PostgreSQL's int64_div_fast_to_numeric).
func decScaled(v int64, scale int32) *apd.Decimal { return apd.New(v, -scale) }

func decInf(neg bool) *apd.Decimal {
	return &apd.Decimal{Form: apd.Infinite, Negative: neg}
}

var decCtx = apd.BaseContext.WithPrecision(1000)

// divScale returns the result scale PostgreSQL's numeric division picks
// for two integers (select_div_scale with base-10000 digits).
func divScale(a, b int64, scaleA, scaleB int32) int32 {
	weightFirst := func(v int64) (int, int64) {
		if v < 0 {
			v = -v
		}
		if v == 0 {
			return 0, 0
		}
		w := 0
		for v >= 10000 {
			v /= 10000
			w++
		}
		return w, v
	}
	w1, f1 := weightFirst(a)
	w2, f2 := weightFirst(b)
	qweight := w1 - w2
	if f1 <= f2 {
		qweight--
	}
	rscale := int32(16 - qweight*4)
	if rscale < scaleA {
		rscale = scaleA
	}
	if rscale < scaleB {
		rscale = scaleB
	}
	if rscale < 0 {
		rscale = 0
	}
	if rscale > 1000 {
		rscale = 1000
	}
	return rscale
}

// numericDiv divides two integral numerics with the result scale
// PostgreSQL's numeric division chooses.
func numericDiv(a, b *apd.Decimal) *apd.Decimal {
	weightFirst := func(d *apd.Decimal) (int, int64) {
		digits := d.Coeff.String()
		n := len(digits) + int(d.Exponent)
		if d.Coeff.Sign() == 0 || n <= 0 {
			return 0, 0
		}
		w := (n - 1) / 4
		lead := n - w*4
		if lead > len(digits) {
			f, _ := strconv.ParseInt(digits, 10, 64)
			for i := len(digits); i < lead; i++ {
				f *= 10
			}
			return w, f
		}
		f, _ := strconv.ParseInt(digits[:lead], 10, 64)
		return w, f
	}
	w1, f1 := weightFirst(a)
	w2, f2 := weightFirst(b)
	qweight := w1 - w2
	if f1 <= f2 {
		qweight--
	}
	rscale := int32(16 - qweight*4)
	if rscale < 0 {
		rscale = 0
	}
	q := new(apd.Decimal)
	decCtx.Quo(q, a, b)
	decCtx.Quantize(q, q, -rscale)
	return q
}

// decJulian is date2j + usecsOfDay / usecsPerDay computed as numeric.
func decJulian(jd int64, usecs int64) *apd.Decimal {
	q := new(apd.Decimal)
	rs := divScale(usecs, usecsPerDay, 0, 0)
	decCtx.Quo(q, apd.New(usecs, 0), apd.New(usecsPerDay, 0))
	decCtx.Quantize(q, q, -rs)
	r := new(apd.Decimal)
	decCtx.Add(r, apd.New(jd, 0), q)
	return r
}

// partResult is the result of one extract/date_part computation: an
// integer, or a value with exact and float forms.
type partResult struct {
	null  bool
	dec   *apd.Decimal
	float float64
}

func intPart(v int64) partResult { return partResult{dec: decInt(v), float: float64(v)} }

func nonFinitePart(typ tokType, unit dtk, low string, neg bool, typeName string, nullTZ bool) (partResult, error) {
	if typ != tUnits && typ != tReserv {
		return partResult{}, unitNotRecognized(low, typeName)
	}
	switch unit {
	case dtkMicrosec, dtkMillisec, dtkSecond, dtkMinute, dtkHour, dtkDay, dtkMonth, dtkQuarter, dtkWeek,
		dtkDow, dtkIsoDow, dtkDoy, dtkTZ, dtkTZMinute, dtkTZHour:
		return partResult{null: true}, nil
	case dtkYear, dtkDecade, dtkCentury, dtkMillennium, dtkJulian, dtkIsoYear, dtkEpoch:
		f := math.Inf(1)
		if neg {
			f = math.Inf(-1)
		}
		return partResult{dec: decInf(neg), float: f}, nil
	}
	return partResult{}, unitNotSupported(low, typeName)
}

// datePart computes the date fields common to timestamps and dates.
func yearParts(unit dtk, t *tm) (int64, bool) {
	y := int64(t.year)
	switch unit {
	case dtkDay:
		return int64(t.mday), true
	case dtkMonth:
		return int64(t.mon), true
	case dtkQuarter:
		return int64((t.mon-1)/3 + 1), true
	case dtkWeek:
		return int64(date2isoweek(t.year, t.mon, t.mday)), true
	case dtkYear:
		if y > 0 {
			return y, true
		}
		return y - 1, true
	case dtkDecade:
		if y >= 0 {
			return y / 10, true
		}
		return -((8 - (y - 1)) / 10), true
	case dtkCentury:
		if y > 0 {
			return (y + 99) / 100, true
		}
		return -((99 - (y - 1)) / 100), true
	case dtkMillennium:
		if y > 0 {
			return (y + 999) / 1000, true
		}
		return -((999 - (y - 1)) / 1000), true
	case dtkIsoYear:
		r := int64(date2isoyear(t.year, t.mon, t.mday))
		if r <= 0 {
			r--
		}
		return r, true
	case dtkDow, dtkIsoDow:
		r := int64(j2day(date2j(t.year, t.mon, t.mday)))
		if unit == dtkIsoDow && r == 0 {
			r = 7
		}
		return r, true
	case dtkDoy:
		return int64(date2j(t.year, t.mon, t.mday) - date2j(t.year, 1, 1) + 1), true
	}
	return 0, false
}

func secondParts(unit dtk, sec int, fsec int64) (partResult, bool) {
	us := int64(sec)*usecsPerSec + fsec
	switch unit {
	case dtkMicrosec:
		return intPart(us), true
	case dtkMillisec:
		return partResult{dec: decScaled(us, 3), float: float64(sec)*1000.0 + float64(fsec)/1000.0}, true
	case dtkSecond:
		return partResult{dec: decScaled(us, 6), float: float64(sec) + float64(fsec)/1000000.0}, true
	}
	return partResult{}, false
}

func timestampPart(unit string, ts int64, withTZ bool, s *Session) (partResult, error) {
	low := lowerUnits(unit)
	typ, val := decodeUnit(low)
	typeName := typeTimestamp
	if withTZ {
		typeName = typeTimestampTZ
	}
	if ts == math.MinInt64 || ts == math.MaxInt64 {
		r, err := nonFinitePart(typ, val, low, ts == math.MinInt64, typeName, !withTZ)
		if err == nil && !withTZ && (val == dtkTZ || val == dtkTZHour || val == dtkTZMinute) {
			return partResult{null: true}, nil
		}
		return r, err
	}
	switch typ {
	case tUnits:
		var t tm
		tz := 0
		if withTZ {
			var ok bool
			if tz, ok = timestamp2tmZone(ts, s.loc(), &t); !ok {
				return partResult{}, errTimestampRange()
			}
		} else if !timestamp2tmUTC(ts, &t) {
			return partResult{}, errTimestampRange()
		}
		if r, ok := secondParts(val, t.sec, t.fsec); ok {
			return r, nil
		}
		switch val {
		case dtkMinute:
			return intPart(int64(t.min)), nil
		case dtkHour:
			return intPart(int64(t.hour)), nil
		case dtkJulian:
			jd := date2j(t.year, t.mon, t.mday)
			usecs := time2t(t.hour, t.min, t.sec, t.fsec)
			f := float64(jd) + ((float64((t.hour*minsPerHour+t.min)*secsPerMinute)+float64(t.sec))+float64(t.fsec)/1000000.0)/float64(secsPerDay)
			return partResult{dec: decJulian(int64(jd), usecs), float: f}, nil
		case dtkTZ, dtkTZMinute, dtkTZHour:
			if !withTZ {
				break
			}
			switch val {
			case dtkTZ:
				return intPart(int64(-tz)), nil
			case dtkTZMinute:
				return intPart(int64((-tz / secsPerMinute) % minsPerHour)), nil
			default:
				return intPart(int64(-tz / secsPerHour)), nil
			}
		default:
			if v, ok := yearParts(val, &t); ok {
				return intPart(v), nil
			}
		}
		return partResult{}, unitNotSupported(low, typeName)
	case tReserv:
		if val == dtkEpoch {
			epoch := epochTimestamp
			var f float64
			var d *apd.Decimal
			if ts < math.MaxInt64+epoch {
				d = decScaled(ts-epoch, 6)
				f = float64(ts-epoch) / 1000000.0
			} else {
				n := new(apd.Decimal)
				decCtx.Sub(n, apd.New(ts, 0), apd.New(epoch, 0))
				d = numericDiv(n, apd.New(1000000, 0))
				decCtx.Quantize(d, d, -6)
				f = (float64(ts) - float64(epoch)) / 1000000.0
			}
			return partResult{dec: d, float: f}, nil
		}
		return partResult{}, unitNotSupported(low, typeName)
	}
	return partResult{}, unitNotRecognized(low, typeName)
}

func (r partResult) decimal() *apd.Decimal {
	if r.null {
		return nil
	}
	return r.dec
}

func (r partResult) float8() (float64, bool) { return r.float, !r.null }

// ExtractTimestamp is extract(unit FROM timestamp), a numeric; nil is NULL.
func ExtractTimestamp(unit string, ts Timestamp) (*apd.Decimal, error) {
	r, err := timestampPart(unit, int64(ts), false, nil)
	return r.decimal(), err
}

// DatePartTimestamp is date_part(unit, timestamp), a float8; ok is false
// for NULL.
func DatePartTimestamp(unit string, ts Timestamp) (v float64, ok bool, err error) {
	r, err := timestampPart(unit, int64(ts), false, nil)
	v, ok = r.float8()
	return v, ok, err
}

// ExtractTimestampTZ is extract(unit FROM timestamptz) in the session zone.
func ExtractTimestampTZ(unit string, ts TimestampTZ, s *Session) (*apd.Decimal, error) {
	r, err := timestampPart(unit, int64(ts), true, s)
	return r.decimal(), err
}

// DatePartTimestampTZ is date_part(unit, timestamptz) in the session zone.
func DatePartTimestampTZ(unit string, ts TimestampTZ, s *Session) (v float64, ok bool, err error) {
	r, err := timestampPart(unit, int64(ts), true, s)
	v, ok = r.float8()
	return v, ok, err
}

// ExtractDate is extract(unit FROM date) (PostgreSQL's extract_date).
func ExtractDate(unit string, d Date) (*apd.Decimal, error) {
	low := lowerUnits(unit)
	typ, val := decodeUnit(low)
	if !d.IsFinite() && (typ == tUnits || typ == tReserv) {
		switch val {
		case dtkDay, dtkMonth, dtkQuarter, dtkWeek, dtkDow, dtkIsoDow, dtkDoy:
			return nil, nil
		case dtkYear, dtkDecade, dtkCentury, dtkMillennium, dtkJulian, dtkIsoYear, dtkEpoch:
			return decInf(d == DateNegInfinity), nil
		}
		return nil, unitNotSupported(low, typeDate)
	}
	switch typ {
	case tUnits:
		var t tm
		t.year, t.mon, t.mday = j2date(int(d) + postgresEpochJDate)
		if val == dtkJulian {
			return decInt(int64(d) + postgresEpochJDate), nil
		}
		if v, ok := yearParts(val, &t); ok {
			return decInt(v), nil
		}
		return nil, unitNotSupported(low, typeDate)
	case tReserv:
		if val == dtkEpoch {
			return decInt((int64(d) + postgresEpochJDate - unixEpochJDate) * secsPerDay), nil
		}
		return nil, unitNotSupported(low, typeDate)
	}
	return nil, unitNotRecognized(low, typeDate)
}

// DatePartDate is date_part(unit, date), which PostgreSQL defines as
// date_part(unit, date::timestamp).
func DatePartDate(unit string, d Date) (float64, bool, error) {
	ts, err := DateToTimestamp(d)
	if err != nil {
		return 0, false, err
	}
	return DatePartTimestamp(unit, ts)
}

func timePart(unit string, t int64, zone int32, withTZ bool) (partResult, error) {
	low := lowerUnits(unit)
	typ, val := decodeUnit(low)
	typeName := typeTime
	if withTZ {
		typeName = typeTimeTZ
	}
	switch typ {
	case tUnits:
		_, min, sec, fsec := dt2time(t)
		hour := t / usecsPerHour
		if r, ok := secondParts(val, sec, fsec); ok {
			return r, nil
		}
		switch val {
		case dtkMinute:
			return intPart(int64(min)), nil
		case dtkHour:
			return intPart(hour), nil
		case dtkTZ, dtkTZMinute, dtkTZHour:
			if withTZ {
				tz := int64(zone)
				switch val {
				case dtkTZ:
					return intPart(-tz), nil
				case dtkTZMinute:
					return intPart((-tz / secsPerMinute) % minsPerHour), nil
				default:
					return intPart(-tz / secsPerHour), nil
				}
			}
		}
		return partResult{}, unitNotSupported(low, typeName)
	case tReserv:
		if val == dtkEpoch {
			if withTZ {
				return partResult{dec: decScaled(t+int64(zone)*usecsPerSec, 6), float: float64(t)/1000000.0 + float64(zone)}, nil
			}
			return partResult{dec: decScaled(t, 6), float: float64(t) / 1000000.0}, nil
		}
	}
	return partResult{}, unitNotRecognized(low, typeName)
}

// ExtractTime is extract(unit FROM time).
func ExtractTime(unit string, t Time) (*apd.Decimal, error) {
	r, err := timePart(unit, int64(t), 0, false)
	return r.decimal(), err
}

// DatePartTime is date_part(unit, time).
func DatePartTime(unit string, t Time) (float64, bool, error) {
	r, err := timePart(unit, int64(t), 0, false)
	v, ok := r.float8()
	return v, ok, err
}

// ExtractTimeTZ is extract(unit FROM timetz).
func ExtractTimeTZ(unit string, t TimeTZ) (*apd.Decimal, error) {
	r, err := timePart(unit, int64(t.Time), t.Zone, true)
	return r.decimal(), err
}

// DatePartTimeTZ is date_part(unit, timetz).
func DatePartTimeTZ(unit string, t TimeTZ) (float64, bool, error) {
	r, err := timePart(unit, int64(t.Time), t.Zone, true)
	v, ok := r.float8()
	return v, ok, err
}

func intervalPart(unit string, iv Interval) (partResult, error) {
	low := lowerUnits(unit)
	typ, val := decodeUnit(low)
	switch typ {
	case tUnits:
		o := interval2itm(iv)
		if r, ok := secondParts(val, o.sec, o.usec); ok {
			return r, nil
		}
		switch val {
		case dtkMinute:
			return intPart(int64(o.min)), nil
		case dtkHour:
			return intPart(o.hour), nil
		case dtkDay:
			return intPart(o.mday), nil
		case dtkMonth:
			return intPart(int64(o.mon)), nil
		case dtkQuarter:
			return intPart(int64(o.mon/3 + 1)), nil
		case dtkYear:
			return intPart(int64(o.year)), nil
		case dtkDecade:
			return intPart(int64(o.year / 10)), nil
		case dtkCentury:
			return intPart(int64(o.year / 100)), nil
		case dtkMillennium:
			return intPart(int64(o.year / 1000)), nil
		}
		return partResult{}, unitNotSupported(low, typeInterval)
	case tReserv:
		if val == dtkEpoch {
			secsFromDayMonth := (int64(4*365.25)*int64(iv.Months/monthsPerYear) + int64(4*daysPerMonth)*int64(iv.Months%monthsPerYear) + 4*int64(iv.Days)) * (secsPerDay / 4)
			var d *apd.Decimal
			if v, ok := mulS64(secsFromDayMonth, 1000000); ok {
				if v2, ok := addS64(v, iv.Microseconds); ok {
					d = decScaled(v2, 6)
				}
			}
			if d == nil {
				d = new(apd.Decimal)
				decCtx.Add(d, decScaled(iv.Microseconds, 6), decInt(secsFromDayMonth))
			}
			f := float64(iv.Microseconds) / 1000000.0
			f += (365.25 * secsPerDay) * float64(iv.Months/monthsPerYear)
			f += (float64(daysPerMonth) * secsPerDay) * float64(iv.Months%monthsPerYear)
			f += float64(secsPerDay) * float64(iv.Days)
			return partResult{dec: d, float: f}, nil
		}
	}
	return partResult{}, unitNotRecognized(low, typeInterval)
}

// ExtractInterval is extract(unit FROM interval).
func ExtractInterval(unit string, iv Interval) (*apd.Decimal, error) {
	r, err := intervalPart(unit, iv)
	return r.decimal(), err
}

// DatePartInterval is date_part(unit, interval).
func DatePartInterval(unit string, iv Interval) (float64, bool, error) {
	r, err := intervalPart(unit, iv)
	v, ok := r.float8()
	return v, ok, err
}

// truncFields truncates broken-down fields to a unit (the shared part of
// timestamp_trunc and timestamptz_trunc); redo reports whether the zone
// offset must be recomputed.
func truncFields(val dtk, t *tm) (redo bool, ok bool) {
	switch val {
	case dtkWeek:
		woy := date2isoweek(t.year, t.mon, t.mday)
		if woy >= 52 && t.mon == 1 {
			t.year--
		}
		if woy <= 1 && t.mon == monthsPerYear {
			t.year++
		}
		t.year, t.mon, t.mday = j2date(isoweek2j(t.year, woy))
		t.hour, t.min, t.sec, t.fsec = 0, 0, 0, 0
		return true, true
	case dtkMillisec:
		t.fsec = (t.fsec / 1000) * 1000
		return false, true
	case dtkMicrosec:
		return false, true
	}
	level := map[dtk]int{dtkMillennium: 0, dtkCentury: 1, dtkDecade: 2, dtkYear: 3, dtkQuarter: 4, dtkMonth: 5,
		dtkDay: 6, dtkHour: 7, dtkMinute: 8, dtkSecond: 9}
	l, known := level[val]
	if !known {
		return false, false
	}
	if l <= 0 {
		if t.year > 0 {
			t.year = ((t.year+999)/1000)*1000 - 999
		} else {
			t.year = -((999-(t.year-1))/1000)*1000 + 1
		}
	}
	if l <= 1 {
		if t.year > 0 {
			t.year = ((t.year+99)/100)*100 - 99
		} else {
			t.year = -((99-(t.year-1))/100)*100 + 1
		}
	}
	if l <= 2 && val != dtkMillennium && val != dtkCentury {
		if t.year > 0 {
			t.year = (t.year / 10) * 10
		} else {
			t.year = -((8 - (t.year - 1)) / 10) * 10
		}
	}
	if l <= 3 {
		t.mon = 1
	}
	if l <= 4 {
		t.mon = 3*((t.mon-1)/3) + 1
	}
	if l <= 5 {
		t.mday = 1
	}
	if l <= 6 {
		t.hour = 0
		redo = true
	}
	if l <= 7 {
		t.min = 0
	}
	if l <= 8 {
		t.sec = 0
	}
	t.fsec = 0
	return redo, true
}

// DateTrunc is date_trunc(unit, timestamp).
func DateTrunc(unit string, ts Timestamp) (Timestamp, error) {
	if !ts.IsFinite() {
		return ts, nil
	}
	low := lowerUnits(unit)
	typ, val := decodeUnits(low)
	if typ != tUnits {
		return 0, unitNotRecognized(low, typeTimestamp)
	}
	var t tm
	if !timestamp2tmUTC(int64(ts), &t) {
		return 0, errTimestampRange()
	}
	if _, ok := truncFields(dtk(val), &t); !ok {
		return 0, unitNotSupported(low, typeTimestamp)
	}
	r, ok := tm2timestamp(&t, nil)
	if !ok {
		return 0, errTimestampRange()
	}
	return Timestamp(r), nil
}

func dateTruncTZ(unit string, ts TimestampTZ, loc *time.Location) (TimestampTZ, error) {
	if !ts.IsFinite() {
		return ts, nil
	}
	low := lowerUnits(unit)
	typ, val := decodeUnits(low)
	if typ != tUnits {
		return 0, unitNotRecognized(low, typeTimestampTZ)
	}
	var t tm
	tz, ok := timestamp2tmZone(int64(ts), loc, &t)
	if !ok {
		return 0, errTimestampRange()
	}
	redo, ok := truncFields(dtk(val), &t)
	if !ok {
		return 0, unitNotSupported(low, typeTimestampTZ)
	}
	if redo {
		tz = determineOffset(&t, loc)
	}
	r, ok := tm2timestamp(&t, &tz)
	if !ok {
		return 0, errTimestampRange()
	}
	return TimestampTZ(r), nil
}

// DateTruncTZ is date_trunc(unit, timestamptz), truncating in the session
// time zone.
func DateTruncTZ(unit string, ts TimestampTZ, s *Session) (TimestampTZ, error) {
	return dateTruncTZ(unit, ts, s.loc())
}

// DateTruncTZZone is date_trunc(unit, timestamptz, zone), truncating in
// the named zone.
func DateTruncTZZone(unit string, ts TimestampTZ, zone string) (TimestampTZ, error) {
	if !ts.IsFinite() {
		return ts, nil
	}
	z, err := lookupZoneArg(zone)
	if err != nil {
		return 0, err
	}
	loc := z.loc
	if loc == nil {
		loc = FixedZone(z.east)
	}
	return dateTruncTZ(unit, ts, loc)
}

// DateTruncInterval is date_trunc(unit, interval).
func DateTruncInterval(unit string, iv Interval) (Interval, error) {
	low := lowerUnits(unit)
	typ, v := decodeUnits(low)
	val := dtk(v)
	if typ != tUnits {
		return Interval{}, unitNotRecognized(low, typeInterval)
	}
	o := interval2itm(iv)
	level := map[dtk]int{dtkMillennium: 0, dtkCentury: 1, dtkDecade: 2, dtkYear: 3, dtkQuarter: 4, dtkMonth: 5,
		dtkDay: 6, dtkHour: 7, dtkMinute: 8, dtkSecond: 9}
	switch val {
	case dtkMillisec:
		o.usec = (o.usec / 1000) * 1000
	case dtkMicrosec:
	default:
		l, ok := level[val]
		if !ok {
			e := unitNotSupported(low, typeInterval)
			if val == dtkWeek {
				e = e.WithDetail("Months usually have fractional weeks.")
			}
			return Interval{}, e
		}
		if l <= 0 {
			o.year = (o.year / 1000) * 1000
		}
		if l <= 1 {
			o.year = (o.year / 100) * 100
		}
		if l <= 2 {
			o.year = (o.year / 10) * 10
		}
		if l <= 3 {
			o.mon = 0
		}
		if l <= 4 {
			o.mon = 3 * (o.mon / 3)
		}
		if l <= 5 {
			o.mday = 0
		}
		if l <= 6 {
			o.hour = 0
		}
		if l <= 7 {
			o.min = 0
		}
		if l <= 8 {
			o.sec = 0
		}
		o.usec = 0
	}
	months := int64(o.year)*monthsPerYear + int64(o.mon)
	if months > math.MaxInt32 || months < math.MinInt32 {
		return Interval{}, errIntervalRange()
	}
	us, ok := mulS64(o.hour, usecsPerHour)
	if ok {
		us, ok = addS64(us, int64(o.min)*usecsPerMinute)
	}
	if ok {
		us, ok = addS64(us, int64(o.sec)*usecsPerSec)
	}
	if ok {
		us, ok = addS64(us, o.usec)
	}
	if !ok {
		return Interval{}, errIntervalRange()
	}
	return Interval{Microseconds: us, Days: int32(o.mday), Months: int32(months)}, nil
}

// cG formats a float8 as C's "%g" (precision 6) zero-padded to width.
func cG(f float64, width int) string {
	var s string
	switch {
	case math.IsNaN(f):
		s = "NaN"
	case math.IsInf(f, 1):
		s = "Infinity"
	case math.IsInf(f, -1):
		s = "-Infinity"
	default:
		s = strconv.FormatFloat(f, 'g', 6, 64)
		// C writes at least two exponent digits and trims zeros like Go.
		if i := strings.IndexAny(s, "e"); i >= 0 {
			mant, exp := s[:i], s[i+1:]
			sign := exp[0]
			digits := exp[1:]
			if len(digits) < 2 {
				digits = "0" + digits
			}
			s = mant + "e" + string(sign) + digits
		}
	}
	if len(s) < width && !math.IsNaN(f) && !math.IsInf(f, 0) {
		neg := strings.HasPrefix(s, "-")
		if neg {
			s = s[1:]
		}
		for len(s)+boolInt(neg) < width {
			s = "0" + s
		}
		if neg {
			s = "-" + s
		}
	}
	return s
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func floatTimeOverflows(hour, min int, sec float64) bool {
	if hour < 0 || hour > hoursPerDay || min < 0 || min >= minsPerHour {
		return true
	}
	if math.IsNaN(sec) {
		return true
	}
	sec = math.RoundToEven(sec * float64(usecsPerSec))
	if sec < 0 || sec > secsPerMinute*float64(usecsPerSec) {
		return true
	}
	return (int64(hour)*minsPerHour+int64(min))*secsPerMinute*usecsPerSec+int64(sec) > usecsPerDay
}

// MakeDate is make_date(year, month, day); negative years are BC.
func MakeDate(year, month, day int32) (Date, error) {
	var t tm
	t.year, t.mon, t.mday = int(year), int(month), int(day)
	bc := false
	if t.year < 0 {
		bc = true
		t.year = -t.year
	}
	if validateDate(dtkDateM, false, false, bc, &t) != nil {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "date field value out of range: %d-%02d-%02d", t.year, t.mon, t.mday)
	}
	if !validJulian(t.year, t.mon, t.mday) {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "date out of range: %d-%02d-%02d", t.year, t.mon, t.mday)
	}
	d := int64(date2j(t.year, t.mon, t.mday) - postgresEpochJDate)
	if !validDate(d) {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "date out of range: %d-%02d-%02d", t.year, t.mon, t.mday)
	}
	return Date(d), nil
}

// MakeTime is make_time(hour, min, sec).
func MakeTime(hour, min int32, sec float64) (Time, error) {
	if floatTimeOverflows(int(hour), int(min), sec) {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "time field value out of range: %d:%02d:%s", hour, min, cG(sec, 2))
	}
	return Time((int64(hour)*minsPerHour+int64(min))*secsPerMinute*usecsPerSec + int64(math.RoundToEven(sec*float64(usecsPerSec)))), nil
}

// MakeTimestamp is make_timestamp(year, month, mday, hour, min, sec).
func MakeTimestamp(year, month, mday, hour, min int32, sec float64) (Timestamp, error) {
	var t tm
	t.year, t.mon, t.mday = int(year), int(month), int(mday)
	bc := false
	if t.year < 0 {
		bc = true
		t.year = -t.year
	}
	if validateDate(dtkDateM, false, false, bc, &t) != nil {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "date field value out of range: %d-%02d-%02d", year, month, mday)
	}
	if !validJulian(t.year, t.mon, t.mday) {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "date out of range: %d-%02d-%02d", year, month, mday)
	}
	date := int64(date2j(t.year, t.mon, t.mday) - postgresEpochJDate)
	if floatTimeOverflows(int(hour), int(min), sec) {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "time field value out of range: %d:%02d:%s", hour, min, cG(sec, 2))
	}
	tod := (int64(hour)*minsPerHour+int64(min))*secsPerMinute*usecsPerSec + int64(math.RoundToEven(sec*float64(usecsPerSec)))
	r := date*usecsPerDay + tod
	bad := func() error {
		return pgerror.New(pgerror.DatetimeFieldOverflow, "timestamp out of range: %d-%02d-%02d %d:%02d:%s", year, month, mday, hour, min, cG(sec, 2))
	}
	if (r-tod)/usecsPerDay != date || (r < 0 && date > 0) || (r > 0 && date < -1) || !validTimestamp(r) {
		return 0, bad()
	}
	return Timestamp(r), nil
}

// MakeTimestampTZ is make_timestamptz(year, month, mday, hour, min, sec)
// in the session time zone.
func MakeTimestampTZ(year, month, mday, hour, min int32, sec float64, s *Session) (TimestampTZ, error) {
	ts, err := MakeTimestamp(year, month, mday, hour, min, sec)
	if err != nil {
		return 0, err
	}
	return TimestampToTimestampTZ(ts, s)
}

// MakeTimestampTZAt is make_timestamptz(..., timezone): the zone is a
// numeric offset ('+05:30'), an abbreviation or a zone name.
func MakeTimestampTZAt(year, month, mday, hour, min int32, sec float64, zone string) (TimestampTZ, error) {
	ts, err := MakeTimestamp(year, month, mday, hour, min, sec)
	if err != nil {
		return 0, err
	}
	var t tm
	if !timestamp2tmUTC(int64(ts), &t) {
		return 0, errTimestampRange()
	}
	tz, err := parseSaneTimezone(&t, zone)
	if err != nil {
		return 0, err
	}
	r := int64(ts) + int64(tz)*usecsPerSec
	if !validTimestamp(r) {
		return 0, errTimestampRange()
	}
	return TimestampTZ(r), nil
}

// parseSaneTimezone resolves make_timestamptz's zone argument for a local
// time, returning seconds west (PostgreSQL's parse_sane_timezone).
func parseSaneTimezone(t *tm, zone string) (int, error) {
	name := truncZoneName(zone)
	if name != "" && isDigit(name[0]) {
		return 0, pgerror.New(pgerror.InvalidParameterValue, `invalid input syntax for type %s: "%s"`, "numeric time zone", name).
			WithHint(`Numeric time zones must have "-" or "+" as first character.`)
	}
	tz, err := decodeTimezone(name)
	if err == nil {
		return tz, nil
	}
	if err == errTZDispOverflow {
		return 0, pgerror.New(pgerror.InvalidParameterValue, `numeric time zone "%s" out of range`, name)
	}
	if err != errBadFormat {
		return 0, zoneNotRecognized(name)
	}
	if a := lookupAbbrev(lowerUnits(name)); a != nil {
		if a.kind == dyntz {
			loc := a.dynZone()
			if loc == nil {
				return 0, zoneNotRecognized(name)
			}
			return determineAbbrevOffset(t, name, loc), nil
		}
		return -a.offset, nil
	}
	loc := findZone(name)
	if loc == nil {
		return 0, zoneNotRecognized(name)
	}
	return determineOffset(t, loc), nil
}

func truncZoneName(s string) string {
	if len(s) > 255 {
		n := 255
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	return s
}

// zoneArg is a resolved zone argument of timezone() / AT TIME ZONE.
type zoneArg struct {
	name   string
	fixed  bool
	east   int            // fixed offset, seconds east
	loc    *time.Location // zone, or the zone of a dynamic abbreviation
	abbrev bool           // loc is a dynamic abbreviation's zone
}

// lookupZoneArg resolves a zone name as timezone(zone, ...) does: first
// as an abbreviation, then as a zone name.
func lookupZoneArg(zone string) (zoneArg, error) {
	name := truncZoneName(zone)
	if a := lookupAbbrev(lowerUnits(name)); a != nil {
		if a.kind == dyntz {
			loc := a.dynZone()
			if loc == nil {
				return zoneArg{}, zoneNotRecognized(name)
			}
			return zoneArg{name: name, loc: loc, abbrev: true}, nil
		}
		return zoneArg{name: name, fixed: true, east: a.offset}, nil
	}
	loc := findZone(name)
	if loc == nil {
		return zoneArg{}, zoneNotRecognized(name)
	}
	return zoneArg{name: name, loc: loc}, nil
}

// TimestampAtZone is timezone(zone, timestamp), i.e. timestamp AT TIME
// ZONE zone: the local time taken in the zone, as a timestamptz.
func TimestampAtZone(zone string, ts Timestamp) (TimestampTZ, error) {
	if !ts.IsFinite() {
		return TimestampTZ(ts), nil
	}
	z, err := lookupZoneArg(zone)
	if err != nil {
		return 0, err
	}
	var r int64
	switch {
	case z.fixed:
		r = int64(ts) - int64(z.east)*usecsPerSec
	default:
		var t tm
		if !timestamp2tmUTC(int64(ts), &t) {
			return 0, errTimestampRange()
		}
		var tz int
		if z.abbrev {
			tz = determineAbbrevOffset(&t, z.name, z.loc)
			r = int64(ts) + int64(tz)*usecsPerSec
		} else {
			tz = determineOffset(&t, z.loc)
			var ok bool
			if r, ok = tm2timestamp(&t, &tz); !ok {
				return 0, errTimestampRange()
			}
		}
	}
	if !validTimestamp(r) {
		return 0, errTimestampRange()
	}
	return TimestampTZ(r), nil
}

// TimestampTZAtZone is timezone(zone, timestamptz): the local time in the
// zone, as a timestamp.
func TimestampTZAtZone(zone string, ts TimestampTZ) (Timestamp, error) {
	if !ts.IsFinite() {
		return Timestamp(ts), nil
	}
	z, err := lookupZoneArg(zone)
	if err != nil {
		return 0, err
	}
	var r int64
	switch {
	case z.fixed:
		r = int64(ts) + int64(z.east)*usecsPerSec
	case z.abbrev:
		tz := determineAbbrevOffsetTS(int64(ts), z.name, z.loc)
		r = int64(ts) - int64(tz)*usecsPerSec
	default:
		var t tm
		if _, ok := timestamp2tmZone(int64(ts), z.loc, &t); !ok {
			return 0, errTimestampRange()
		}
		var ok bool
		if r, ok = tm2timestamp(&t, nil); !ok {
			return 0, errTimestampRange()
		}
	}
	if !validTimestamp(r) {
		return 0, errTimestampRange()
	}
	return Timestamp(r), nil
}

func intervalZone(iv Interval) (int64, error) {
	if iv.Months != 0 || iv.Days != 0 {
		return 0, pgerror.New(pgerror.InvalidParameterValue, `interval time zone "%s" must not include months or days`, string(AppendInterval(nil, iv, nil)))
	}
	return iv.Microseconds / usecsPerSec, nil
}

// TimestampAtIntervalZone is timezone(interval, timestamp); the interval
// is the offset east of UTC.
func TimestampAtIntervalZone(iv Interval, ts Timestamp) (TimestampTZ, error) {
	if !ts.IsFinite() {
		return TimestampTZ(ts), nil
	}
	tz, err := intervalZone(iv)
	if err != nil {
		return 0, err
	}
	r := int64(ts) - tz*usecsPerSec
	if !validTimestamp(r) {
		return 0, errTimestampRange()
	}
	return TimestampTZ(r), nil
}

// TimestampTZAtIntervalZone is timezone(interval, timestamptz).
func TimestampTZAtIntervalZone(iv Interval, ts TimestampTZ) (Timestamp, error) {
	if !ts.IsFinite() {
		return Timestamp(ts), nil
	}
	tz, err := intervalZone(iv)
	if err != nil {
		return 0, err
	}
	r := int64(ts) + tz*usecsPerSec
	if !validTimestamp(r) {
		return 0, errTimestampRange()
	}
	return Timestamp(r), nil
}

// TimeTZAtZone is timezone(zone, timetz): the same instant with the
// zone's offset, which for zones with daylight saving is the offset at
// the session's current time.
func TimeTZAtZone(zone string, t TimeTZ, s *Session) (TimeTZ, error) {
	z, err := lookupZoneArg(zone)
	if err != nil {
		return TimeTZ{}, err
	}
	var tz int
	now := int64(s.now())
	switch {
	case z.fixed:
		tz = -z.east
	case z.abbrev:
		tz = determineAbbrevOffsetTS(now, z.name, z.loc)
	default:
		var f tm
		var ok bool
		if tz, ok = timestamp2tmZone(now, z.loc, &f); !ok {
			return TimeTZ{}, errTimestampRange()
		}
	}
	return shiftTimeTZ(t, tz), nil
}

func shiftTimeTZ(t TimeTZ, tz int) TimeTZ {
	v := int64(t.Time) + (int64(t.Zone)-int64(tz))*usecsPerSec
	for v < 0 {
		v += usecsPerDay
	}
	for v >= usecsPerDay {
		v -= usecsPerDay
	}
	return TimeTZ{Time: Time(v), Zone: int32(tz)}
}

// TimeTZAtIntervalZone is timezone(interval, timetz).
func TimeTZAtIntervalZone(iv Interval, t TimeTZ) (TimeTZ, error) {
	if iv.Months != 0 || iv.Days != 0 {
		return TimeTZ{}, pgerror.New(pgerror.InvalidParameterValue, `interval time zone "%s" must not include months or days`, string(AppendInterval(nil, iv, nil)))
	}
	return shiftTimeTZ(t, int(-iv.Microseconds/usecsPerSec)), nil
}

// MakeInterval is make_interval(years, months, weeks, days, hours, mins,
// secs). Like PostgreSQL 15, only an infinite or NaN secs is an error;
// the integer arithmetic wraps.
func MakeInterval(years, months, weeks, days, hours, mins int32, secs float64) (Interval, error) {
	if math.IsInf(secs, 0) || math.IsNaN(secs) {
		return Interval{}, errIntervalRange()
	}
	s := math.RoundToEven(secs * float64(usecsPerSec))
	us := int64(hours)*(secsPerHour*usecsPerSec) + int64(mins)*(secsPerMinute*usecsPerSec) + int64(s)
	return Interval{Microseconds: us, Days: weeks*7 + days, Months: years*monthsPerYear + months}, nil
}

// ToTimestamp is to_timestamp(float8): seconds since the Unix epoch.
func ToTimestamp(secs float64) (TimestampTZ, error) {
	if math.IsNaN(secs) {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "timestamp cannot be NaN")
	}
	if math.IsInf(secs, -1) {
		return TimestampTZNegInfinity, nil
	}
	if math.IsInf(secs, 1) {
		return TimestampTZPosInfinity, nil
	}
	if secs < float64(secsPerDay)*float64(datetimeMinJulian-unixEpochJDate) || secs >= float64(secsPerDay)*float64(timestampEndJulian-unixEpochJDate) {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, `timestamp out of range: "%s"`, cG(secs, 0))
	}
	orig := secs
	secs -= float64((postgresEpochJDate - unixEpochJDate) * secsPerDay)
	secs = math.RoundToEven(secs * float64(usecsPerSec))
	r := int64(secs)
	if !validTimestamp(r) {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, `timestamp out of range: "%s"`, cG(orig, 0))
	}
	return TimestampTZ(r), nil
}
