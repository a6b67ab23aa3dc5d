package pgdate

import (
	"math"
	"math/big"
	"math/bits"
	"time"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// Arithmetic and conversions (PostgreSQL's utils/adt/timestamp.c and
// date.c). Every function is pure; the Session supplies the time zone
// where PostgreSQL consults the TimeZone setting.

func errTimestampRange() error { return outOfRange("timestamp") }
func errDateRange() error      { return outOfRange("date") }
func errIntervalRange() error  { return outOfRange("interval") }

// DateToTimestamp converts a date to the timestamp at its midnight.
func DateToTimestamp(d Date) (Timestamp, error) {
	switch d {
	case DateNegInfinity:
		return TimestampNegInfinity, nil
	case DatePosInfinity:
		return TimestampPosInfinity, nil
	}
	if int64(d) >= timestampEndJulian-postgresEpochJDate {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "date out of range for timestamp")
	}
	return Timestamp(int64(d) * usecsPerDay), nil
}

// DateToTimestampTZ converts a date to the timestamptz at its midnight in
// the session time zone.
func DateToTimestampTZ(d Date, s *Session) (TimestampTZ, error) {
	switch d {
	case DateNegInfinity:
		return TimestampTZNegInfinity, nil
	case DatePosInfinity:
		return TimestampTZPosInfinity, nil
	}
	if int64(d) >= timestampEndJulian-postgresEpochJDate {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "date out of range for timestamp")
	}
	var t tm
	t.year, t.mon, t.mday = j2date(int(d) + postgresEpochJDate)
	tz := determineOffset(&t, s.loc())
	r := int64(d)*usecsPerDay + int64(tz)*usecsPerSec
	if !validTimestamp(r) {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "date out of range for timestamp")
	}
	return TimestampTZ(r), nil
}

// TimestampToDate converts a timestamp to its date.
func TimestampToDate(ts Timestamp) (Date, error) {
	switch ts {
	case TimestampNegInfinity:
		return DateNegInfinity, nil
	case TimestampPosInfinity:
		return DatePosInfinity, nil
	}
	var t tm
	if !timestamp2tmUTC(int64(ts), &t) {
		return 0, errTimestampRange()
	}
	return Date(date2j(t.year, t.mon, t.mday) - postgresEpochJDate), nil
}

// TimestampTZToDate converts a timestamptz to its date in the session
// time zone.
func TimestampTZToDate(ts TimestampTZ, s *Session) (Date, error) {
	switch ts {
	case TimestampTZNegInfinity:
		return DateNegInfinity, nil
	case TimestampTZPosInfinity:
		return DatePosInfinity, nil
	}
	var t tm
	if _, ok := timestamp2tmZone(int64(ts), s.loc(), &t); !ok {
		return 0, errTimestampRange()
	}
	return Date(date2j(t.year, t.mon, t.mday) - postgresEpochJDate), nil
}

// TimestampToTimestampTZ interprets a timestamp in the session time zone.
func TimestampToTimestampTZ(ts Timestamp, s *Session) (TimestampTZ, error) {
	if !ts.IsFinite() {
		return TimestampTZ(ts), nil
	}
	var t tm
	if !timestamp2tmUTC(int64(ts), &t) {
		return 0, errTimestampRange()
	}
	tz := determineOffset(&t, s.loc())
	r := int64(ts) + int64(tz)*usecsPerSec
	if !validTimestamp(r) {
		return 0, errTimestampRange()
	}
	return TimestampTZ(r), nil
}

// TimestampTZToTimestamp gives the local time of a timestamptz in the
// session time zone.
func TimestampTZToTimestamp(ts TimestampTZ, s *Session) (Timestamp, error) {
	if !ts.IsFinite() {
		return Timestamp(ts), nil
	}
	var t tm
	if _, ok := timestamp2tmZone(int64(ts), s.loc(), &t); !ok {
		return 0, errTimestampRange()
	}
	r, ok := tm2timestamp(&t, nil)
	if !ok {
		return 0, errTimestampRange()
	}
	return Timestamp(r), nil
}

// TimestampToTime gives the time of day of a timestamp; ok is false (SQL
// NULL) for the infinities.
func TimestampToTime(ts Timestamp) (Time, bool, error) {
	if !ts.IsFinite() {
		return 0, false, nil
	}
	var t tm
	if !timestamp2tmUTC(int64(ts), &t) {
		return 0, false, errTimestampRange()
	}
	return Time(time2t(t.hour, t.min, t.sec, t.fsec)), true, nil
}

// TimestampTZToTime gives the local time of day of a timestamptz in the
// session time zone; ok is false for the infinities.
func TimestampTZToTime(ts TimestampTZ, s *Session) (Time, bool, error) {
	if !ts.IsFinite() {
		return 0, false, nil
	}
	var t tm
	if _, ok := timestamp2tmZone(int64(ts), s.loc(), &t); !ok {
		return 0, false, errTimestampRange()
	}
	return Time(time2t(t.hour, t.min, t.sec, t.fsec)), true, nil
}

// TimestampTZToTimeTZ gives the local time and offset of a timestamptz in
// the session time zone; ok is false for the infinities.
func TimestampTZToTimeTZ(ts TimestampTZ, s *Session) (TimeTZ, bool, error) {
	if !ts.IsFinite() {
		return TimeTZ{}, false, nil
	}
	var t tm
	tz, ok := timestamp2tmZone(int64(ts), s.loc(), &t)
	if !ok {
		return TimeTZ{}, false, errTimestampRange()
	}
	return TimeTZ{Time: Time(time2t(t.hour, t.min, t.sec, t.fsec)), Zone: int32(tz)}, true, nil
}

// TimeToTimeTZ attaches the session time zone's offset at the current date.
func TimeToTimeTZ(tt Time, s *Session) TimeTZ {
	var t tm
	timestamp2tmZone(int64(s.now()), s.loc(), &t)
	t.hour, t.min, t.sec, t.fsec = dt2time(int64(tt))
	tz := determineOffset(&t, s.loc())
	return TimeTZ{Time: tt, Zone: int32(tz)}
}

// TimeTZToTime drops the zone.
func TimeTZToTime(t TimeTZ) Time { return t.Time }

// IntervalToTime reduces an interval's time part modulo a day.
func IntervalToTime(iv Interval) Time {
	r := iv.Microseconds
	if r >= usecsPerDay {
		r -= (r / usecsPerDay) * usecsPerDay
	} else if r < 0 {
		days := (-r + usecsPerDay - 1) / usecsPerDay
		r += days * usecsPerDay
	}
	return Time(r)
}

// TimeToInterval converts a time of day to an interval.
func TimeToInterval(t Time) Interval { return Interval{Microseconds: int64(t)} }

// DateTimeToTimestamp is date + time.
func DateTimeToTimestamp(d Date, t Time) (Timestamp, error) {
	ts, err := DateToTimestamp(d)
	if err != nil || !ts.IsFinite() {
		return ts, err
	}
	r := int64(ts) + int64(t)
	if !validTimestamp(r) {
		return 0, errTimestampRange()
	}
	return Timestamp(r), nil
}

// DateTimeTZToTimestampTZ is date + timetz.
func DateTimeTZToTimestampTZ(d Date, t TimeTZ) (TimestampTZ, error) {
	switch d {
	case DateNegInfinity:
		return TimestampTZNegInfinity, nil
	case DatePosInfinity:
		return TimestampTZPosInfinity, nil
	}
	if int64(d) >= timestampEndJulian-postgresEpochJDate {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "date out of range for timestamp")
	}
	r := int64(d)*usecsPerDay + int64(t.Time) + int64(t.Zone)*usecsPerSec
	if !validTimestamp(r) {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "date out of range for timestamp")
	}
	return TimestampTZ(r), nil
}

// addMonthsDays adds months then days to local fields, clamping the day of
// the month (PostgreSQL's timestamp_pl_interval).
func addMonths(t *tm, months int32) {
	t.mon += int(months)
	if t.mon > monthsPerYear {
		t.year += (t.mon - 1) / monthsPerYear
		t.mon = (t.mon-1)%monthsPerYear + 1
	} else if t.mon < 1 {
		t.year += t.mon/monthsPerYear - 1
		t.mon = t.mon%monthsPerYear + monthsPerYear
	}
	if dim := daysInMonth(t.year, t.mon); t.mday > dim {
		t.mday = dim
	}
}

// TimestampAddInterval is timestamp + interval.
func TimestampAddInterval(ts Timestamp, iv Interval) (Timestamp, error) {
	if !ts.IsFinite() {
		return ts, nil
	}
	v := int64(ts)
	var t tm
	if iv.Months != 0 {
		if !timestamp2tmUTC(v, &t) {
			return 0, errTimestampRange()
		}
		addMonths(&t, iv.Months)
		r, ok := tm2timestamp(&t, nil)
		if !ok {
			return 0, errTimestampRange()
		}
		v = r
	}
	if iv.Days != 0 {
		if !timestamp2tmUTC(v, &t) {
			return 0, errTimestampRange()
		}
		t.year, t.mon, t.mday = j2date(date2j(t.year, t.mon, t.mday) + int(iv.Days))
		r, ok := tm2timestamp(&t, nil)
		if !ok {
			return 0, errTimestampRange()
		}
		v = r
	}
	r, ok := addS64(v, iv.Microseconds)
	if !ok || !validTimestamp(r) {
		return 0, errTimestampRange()
	}
	return Timestamp(r), nil
}

// TimestampSubInterval is timestamp - interval.
func TimestampSubInterval(ts Timestamp, iv Interval) (Timestamp, error) {
	return TimestampAddInterval(ts, negWrap(iv))
}

// negWrap negates an interval the way PostgreSQL's *_mi_interval
// functions do, without an overflow check (the most negative values stay
// put, and the addition then reports the overflow).
func negWrap(iv Interval) Interval {
	return Interval{Microseconds: -iv.Microseconds, Days: -iv.Days, Months: -iv.Months}
}

// TimestampTZAddInterval is timestamptz + interval: months and days are
// added to the local date in the session time zone, so that a day is a
// calendar day across daylight-saving changes.
func TimestampTZAddInterval(ts TimestampTZ, iv Interval, s *Session) (TimestampTZ, error) {
	return timestampTZAddInterval(ts, iv, s.loc())
}

func timestampTZAddInterval(ts TimestampTZ, iv Interval, l *time.Location) (TimestampTZ, error) {
	if !ts.IsFinite() {
		return ts, nil
	}
	v := int64(ts)
	var t tm
	if iv.Months != 0 {
		if _, ok := timestamp2tmZone(v, l, &t); !ok {
			return 0, errTimestampRange()
		}
		addMonths(&t, iv.Months)
		tz := determineOffset(&t, l)
		r, ok := tm2timestamp(&t, &tz)
		if !ok {
			return 0, errTimestampRange()
		}
		v = r
	}
	if iv.Days != 0 {
		if _, ok := timestamp2tmZone(v, l, &t); !ok {
			return 0, errTimestampRange()
		}
		t.year, t.mon, t.mday = j2date(date2j(t.year, t.mon, t.mday) + int(iv.Days))
		tz := determineOffset(&t, l)
		r, ok := tm2timestamp(&t, &tz)
		if !ok {
			return 0, errTimestampRange()
		}
		v = r
	}
	r, ok := addS64(v, iv.Microseconds)
	if !ok || !validTimestamp(r) {
		return 0, errTimestampRange()
	}
	return TimestampTZ(r), nil
}

// TimestampTZSubInterval is timestamptz - interval.
func TimestampTZSubInterval(ts TimestampTZ, iv Interval, s *Session) (TimestampTZ, error) {
	return TimestampTZAddInterval(ts, negWrap(iv), s)
}

// TimestampSub is timestamp - timestamp: the difference in microseconds,
// with whole days moved into the day field (justify_hours).
func TimestampSub(a, b Timestamp) (Interval, error) {
	return timestampSub(int64(a), int64(b))
}

// TimestampTZSub is timestamptz - timestamptz.
func TimestampTZSub(a, b TimestampTZ) (Interval, error) {
	return timestampSub(int64(a), int64(b))
}

func timestampSub(a, b int64) (Interval, error) {
	if a == math.MinInt64 || a == math.MaxInt64 || b == math.MinInt64 || b == math.MaxInt64 {
		return Interval{}, pgerror.New(pgerror.DatetimeFieldOverflow, "cannot subtract infinite timestamps")
	}
	// PostgreSQL 15 does not check this subtraction for overflow.
	return JustifyHours(Interval{Microseconds: a - b})
}

// DateSub is date - date, in days.
func DateSub(a, b Date) (int32, error) {
	if !a.IsFinite() || !b.IsFinite() {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "cannot subtract infinite dates")
	}
	return int32(a) - int32(b), nil
}

// DateAddDays is date + integer.
func DateAddDays(d Date, days int32) (Date, error) {
	if !d.IsFinite() {
		return d, nil
	}
	r := int64(d) + int64(days)
	if r < math.MinInt32 || r > math.MaxInt32 || !validDate(r) {
		return 0, errDateRange()
	}
	return Date(r), nil
}

// DateSubDays is date - integer.
func DateSubDays(d Date, days int32) (Date, error) {
	if !d.IsFinite() {
		return d, nil
	}
	r := int64(d) - int64(days)
	if r < math.MinInt32 || r > math.MaxInt32 || !validDate(r) {
		return 0, errDateRange()
	}
	return Date(r), nil
}

// DateAddInterval is date + interval (a timestamp).
func DateAddInterval(d Date, iv Interval) (Timestamp, error) {
	ts, err := DateToTimestamp(d)
	if err != nil {
		return 0, err
	}
	return TimestampAddInterval(ts, iv)
}

// DateSubInterval is date - interval (a timestamp).
func DateSubInterval(d Date, iv Interval) (Timestamp, error) {
	ts, err := DateToTimestamp(d)
	if err != nil {
		return 0, err
	}
	return TimestampSubInterval(ts, iv)
}

func wrapDay(v int64) int64 {
	v -= v / usecsPerDay * usecsPerDay
	if v < 0 {
		v += usecsPerDay
	}
	return v
}

// TimeAddInterval is time + interval, wrapping around midnight.
func TimeAddInterval(t Time, iv Interval) Time {
	return Time(wrapDay(int64(t) + iv.Microseconds))
}

// TimeSubInterval is time - interval, wrapping around midnight.
func TimeSubInterval(t Time, iv Interval) Time {
	return Time(wrapDay(int64(t) - iv.Microseconds))
}

// TimeSub is time - time.
func TimeSub(a, b Time) Interval { return Interval{Microseconds: int64(a) - int64(b)} }

// TimeTZAddInterval is timetz + interval.
func TimeTZAddInterval(t TimeTZ, iv Interval) TimeTZ {
	return TimeTZ{Time: Time(wrapDay(int64(t.Time) + iv.Microseconds)), Zone: t.Zone}
}

// TimeTZSubInterval is timetz - interval.
func TimeTZSubInterval(t TimeTZ, iv Interval) TimeTZ {
	return TimeTZ{Time: Time(wrapDay(int64(t.Time) - iv.Microseconds)), Zone: t.Zone}
}

// CompareTimeTZ orders timetz values by their UTC time, then by zone.
func CompareTimeTZ(a, b TimeTZ) int {
	t1 := int64(a.Time) + int64(a.Zone)*usecsPerSec
	t2 := int64(b.Time) + int64(b.Zone)*usecsPerSec
	switch {
	case t1 > t2:
		return 1
	case t1 < t2:
		return -1
	case a.Zone > b.Zone:
		return 1
	case a.Zone < b.Zone:
		return -1
	}
	return 0
}

// IntervalAdd is interval + interval.
func IntervalAdd(a, b Interval) (Interval, error) {
	m, ok1 := addS32(a.Months, int64(b.Months))
	d, ok2 := addS32(a.Days, int64(b.Days))
	us, ok3 := addS64(a.Microseconds, b.Microseconds)
	if !ok1 || !ok2 || !ok3 {
		return Interval{}, errIntervalRange()
	}
	return Interval{Microseconds: us, Days: d, Months: m}, nil
}

// IntervalSub is interval - interval.
func IntervalSub(a, b Interval) (Interval, error) {
	m := int64(a.Months) - int64(b.Months)
	d := int64(a.Days) - int64(b.Days)
	us := a.Microseconds - b.Microseconds
	if m < math.MinInt32 || m > math.MaxInt32 || d < math.MinInt32 || d > math.MaxInt32 ||
		((a.Microseconds >= 0) != (b.Microseconds >= 0) && (us >= 0) != (a.Microseconds >= 0)) {
		return Interval{}, errIntervalRange()
	}
	return Interval{Microseconds: us, Days: int32(d), Months: int32(m)}, nil
}

// IntervalNeg is -interval.
func IntervalNeg(a Interval) (Interval, error) {
	if a.Microseconds == math.MinInt64 || a.Days == math.MinInt32 || a.Months == math.MinInt32 {
		return Interval{}, errIntervalRange()
	}
	return Interval{Microseconds: -a.Microseconds, Days: -a.Days, Months: -a.Months}, nil
}

func fitsInt32(f float64) bool { return f >= math.MinInt32 && f < -float64(math.MinInt32) }
func fitsInt64(f float64) bool { return f >= math.MinInt64 && f < -float64(math.MinInt64) }

func tsround(f float64) float64 { return math.RoundToEven(f*1000000) / 1000000 }

// IntervalMul is interval * float8: fractions of months cascade down to
// days (30 per month) and fractions of days to seconds.
func IntervalMul(iv Interval, factor float64) (Interval, error) {
	var r Interval
	rd := float64(iv.Months) * factor
	if math.IsNaN(rd) || !fitsInt32(rd) {
		return r, errIntervalRange()
	}
	r.Months = int32(rd)
	rd = float64(iv.Days) * factor
	if math.IsNaN(rd) || !fitsInt32(rd) {
		return r, errIntervalRange()
	}
	r.Days = int32(rd)
	monthRemainderDays := (float64(iv.Months)*factor - float64(r.Months)) * daysPerMonth
	monthRemainderDays = tsround(monthRemainderDays)
	secRemainder := (float64(iv.Days)*factor - float64(r.Days) + monthRemainderDays - float64(int32(monthRemainderDays))) * secsPerDay
	secRemainder = tsround(secRemainder)
	if math.Abs(secRemainder) >= secsPerDay {
		var ok bool
		if r.Days, ok = addS32(r.Days, int64(int32(secRemainder/secsPerDay))); !ok {
			return r, errIntervalRange()
		}
		secRemainder -= float64(int32(secRemainder/secsPerDay)) * secsPerDay
	}
	var ok bool
	if r.Days, ok = addS32(r.Days, int64(int32(monthRemainderDays))); !ok {
		return r, errIntervalRange()
	}
	rd = math.RoundToEven(float64(iv.Microseconds)*factor + secRemainder*float64(usecsPerSec))
	if math.IsNaN(rd) || !fitsInt64(rd) {
		return r, errIntervalRange()
	}
	r.Microseconds = int64(rd)
	return r, nil
}

// IntervalDiv is interval / float8.
func IntervalDiv(iv Interval, factor float64) (Interval, error) {
	var r Interval
	if factor == 0 {
		return r, pgerror.New(pgerror.DivisionByZero, "division by zero")
	}
	rd := float64(iv.Months) / factor
	if math.IsNaN(rd) || !fitsInt32(rd) {
		return r, errIntervalRange()
	}
	r.Months = int32(rd)
	rd = float64(iv.Days) / factor
	if math.IsNaN(rd) || !fitsInt32(rd) {
		return r, errIntervalRange()
	}
	r.Days = int32(rd)
	monthRemainderDays := (float64(iv.Months)/factor - float64(r.Months)) * daysPerMonth
	monthRemainderDays = tsround(monthRemainderDays)
	secRemainder := (float64(iv.Days)/factor - float64(r.Days) + monthRemainderDays - float64(int32(monthRemainderDays))) * secsPerDay
	secRemainder = tsround(secRemainder)
	if math.Abs(secRemainder) >= secsPerDay {
		r.Days += int32(secRemainder / secsPerDay)
		secRemainder -= float64(int32(secRemainder/secsPerDay)) * secsPerDay
	}
	r.Days += int32(monthRemainderDays)
	rd = math.RoundToEven(float64(iv.Microseconds)/factor + secRemainder*float64(usecsPerSec))
	if math.IsNaN(rd) || !fitsInt64(rd) {
		return r, errIntervalRange()
	}
	r.Microseconds = int64(rd)
	return r, nil
}

// IntervalSpan returns an interval's length in microseconds with 30-day
// months and 24-hour days, the key PostgreSQL compares and hashes
// intervals by, as a 128-bit value (hi, lo).
func IntervalSpan(iv Interval) (hi int64, lo uint64) {
	days := int64(iv.Months)*30 + int64(iv.Days)
	// days * usecsPerDay as 128 bits, plus the time field.
	neg := days < 0
	ud := uint64(days)
	if neg {
		ud = uint64(-days)
	}
	h, l := bits.Mul64(ud, uint64(usecsPerDay))
	if neg {
		// two's complement negate
		l = ^l + 1
		h = ^h
		if l == 0 {
			h++
		}
	}
	t := iv.Microseconds
	tl := uint64(t)
	th := uint64(0)
	if t < 0 {
		th = math.MaxUint64
	}
	var c uint64
	l, c = bits.Add64(l, tl, 0)
	h, _ = bits.Add64(h, th, c)
	return int64(h), l
}

// CompareInterval orders intervals by IntervalSpan, as PostgreSQL does:
// '1 mon' = '30 days' and '1 day' = '24 hours'.
func CompareInterval(a, b Interval) int {
	ah, al := IntervalSpan(a)
	bh, bl := IntervalSpan(b)
	switch {
	case ah < bh:
		return -1
	case ah > bh:
		return 1
	case al < bl:
		return -1
	case al > bl:
		return 1
	}
	return 0
}

// IntervalSpanBig returns IntervalSpan as a big.Int.
func IntervalSpanBig(iv Interval) *big.Int {
	hi, lo := IntervalSpan(iv)
	r := new(big.Int).SetInt64(hi)
	r.Lsh(r, 64)
	return r.Add(r, new(big.Int).SetUint64(lo))
}

// JustifyHours moves whole days of the time field into the day field.
func JustifyHours(iv Interval) (Interval, error) {
	r := iv
	wholeday := r.Microseconds / usecsPerDay
	r.Microseconds -= wholeday * usecsPerDay
	var ok bool
	if r.Days, ok = addS32(r.Days, wholeday); !ok {
		return Interval{}, errIntervalRange()
	}
	if r.Days > 0 && r.Microseconds < 0 {
		r.Microseconds += usecsPerDay
		r.Days--
	} else if r.Days < 0 && r.Microseconds > 0 {
		r.Microseconds -= usecsPerDay
		r.Days++
	}
	return r, nil
}

// JustifyDays moves whole 30-day periods of the day field into months.
func JustifyDays(iv Interval) (Interval, error) {
	r := iv
	wholemonth := r.Days / daysPerMonth
	r.Days -= wholemonth * daysPerMonth
	var ok bool
	if r.Months, ok = addS32(iv.Months, int64(wholemonth)); !ok {
		return Interval{}, errIntervalRange()
	}
	if r.Months > 0 && r.Days < 0 {
		r.Days += daysPerMonth
		r.Months--
	} else if r.Months < 0 && r.Days > 0 {
		r.Days -= daysPerMonth
		r.Months++
	}
	return r, nil
}

// JustifyInterval applies JustifyHours and JustifyDays with consistent
// signs.
func JustifyInterval(iv Interval) (Interval, error) {
	r := iv
	var ok bool
	if (r.Days > 0 && r.Microseconds > 0) || (r.Days < 0 && r.Microseconds < 0) {
		wholemonth := r.Days / daysPerMonth
		r.Days -= wholemonth * daysPerMonth
		if r.Months, ok = addS32(r.Months, int64(wholemonth)); !ok {
			return Interval{}, errIntervalRange()
		}
	}
	wholeday := r.Microseconds / usecsPerDay
	r.Microseconds -= wholeday * usecsPerDay
	r.Days += int32(wholeday)
	wholemonth := r.Days / daysPerMonth
	r.Days -= wholemonth * daysPerMonth
	if r.Months, ok = addS32(r.Months, int64(wholemonth)); !ok {
		return Interval{}, errIntervalRange()
	}
	if r.Months > 0 && (r.Days < 0 || (r.Days == 0 && r.Microseconds < 0)) {
		r.Days += daysPerMonth
		r.Months--
	} else if r.Months < 0 && (r.Days > 0 || (r.Days == 0 && r.Microseconds > 0)) {
		r.Days -= daysPerMonth
		r.Months++
	}
	if r.Days > 0 && r.Microseconds < 0 {
		r.Microseconds += usecsPerDay
		r.Days--
	} else if r.Days < 0 && r.Microseconds > 0 {
		r.Microseconds -= usecsPerDay
		r.Days++
	}
	return r, nil
}

// ageFields computes the symbolic difference of two broken-down times
// (PostgreSQL's timestamp_age).
func ageFields(tm1, tm2 *tm, before bool) (Interval, error) {
	usec := tm1.fsec - tm2.fsec
	sec := int64(tm1.sec - tm2.sec)
	min := int64(tm1.min - tm2.min)
	hour := int64(tm1.hour - tm2.hour)
	mday := int64(tm1.mday - tm2.mday)
	mon := int64(tm1.mon - tm2.mon)
	year := int64(tm1.year - tm2.year)
	if before {
		usec, sec, min, hour, mday, mon, year = -usec, -sec, -min, -hour, -mday, -mon, -year
	}
	for usec < 0 {
		usec += usecsPerSec
		sec--
	}
	for sec < 0 {
		sec += secsPerMinute
		min--
	}
	for min < 0 {
		min += minsPerHour
		hour--
	}
	for hour < 0 {
		hour += hoursPerDay
		mday--
	}
	for mday < 0 {
		if before {
			mday += int64(daysInMonth(tm1.year, tm1.mon))
		} else {
			mday += int64(daysInMonth(tm2.year, tm2.mon))
		}
		mon--
	}
	for mon < 0 {
		mon += monthsPerYear
		year--
	}
	if before {
		usec, sec, min, hour, mday, mon, year = -usec, -sec, -min, -hour, -mday, -mon, -year
	}
	months := year*monthsPerYear + mon
	if months > math.MaxInt32 || months < math.MinInt32 || mday > math.MaxInt32 || mday < math.MinInt32 {
		return Interval{}, errIntervalRange()
	}
	us := hour*usecsPerHour + min*usecsPerMinute + sec*usecsPerSec + usec
	return Interval{Microseconds: us, Days: int32(mday), Months: int32(months)}, nil
}

// AgeTimestamp is age(timestamp, timestamp): the difference in years,
// months and days rather than in days alone.
func AgeTimestamp(a, b Timestamp) (Interval, error) {
	var t1, t2 tm
	if !timestamp2tmUTC(int64(a), &t1) || !timestamp2tmUTC(int64(b), &t2) {
		return Interval{}, errTimestampRange()
	}
	return ageFields(&t1, &t2, a < b)
}

// AgeTimestampTZ is age(timestamptz, timestamptz), in the session time
// zone.
func AgeTimestampTZ(a, b TimestampTZ, s *Session) (Interval, error) {
	var t1, t2 tm
	if _, ok := timestamp2tmZone(int64(a), s.loc(), &t1); !ok {
		return Interval{}, errTimestampRange()
	}
	if _, ok := timestamp2tmZone(int64(b), s.loc(), &t2); !ok {
		return Interval{}, errTimestampRange()
	}
	return ageFields(&t1, &t2, a < b)
}

// currentDate returns the current date in the session time zone.
func (s *Session) currentDate() Date {
	var t tm
	timestamp2tmZone(int64(s.now()), s.loc(), &t)
	return Date(date2j(t.year, t.mon, t.mday) - postgresEpochJDate)
}

// CurrentDate is current_date in the session time zone.
func CurrentDate(s *Session) Date { return s.currentDate() }

// Now is now() / current_timestamp: the session's current time.
func Now(s *Session) TimestampTZ { return s.now() }

// LocalTimestamp is localtimestamp: the current time in the session zone.
func LocalTimestamp(s *Session) Timestamp {
	ts, _ := TimestampTZToTimestamp(s.now(), s)
	return ts
}

// AgeTimestampNow is age(timestamp): age(current_date, ts).
func AgeTimestampNow(ts Timestamp, s *Session) (Interval, error) {
	cur, err := DateToTimestamp(s.currentDate())
	if err != nil {
		return Interval{}, err
	}
	return AgeTimestamp(cur, ts)
}

// AgeTimestampTZNow is age(timestamptz): age(current_date, ts).
func AgeTimestampTZNow(ts TimestampTZ, s *Session) (Interval, error) {
	cur, err := DateToTimestampTZ(s.currentDate(), s)
	if err != nil {
		return Interval{}, err
	}
	return AgeTimestampTZ(cur, ts, s)
}
