package pgdate

import (
	"errors"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// Text input and output of the date/time types (PostgreSQL's date_in,
// date_out, time_in, ..., interval_out).

// The type names PostgreSQL uses in input errors.
const (
	nameDate        = "date"
	nameTime        = "time"
	nameTimeTZ      = "time with time zone"
	nameTimestamp   = "timestamp"
	nameTimestampTZ = "timestamp with time zone"
	nameInterval    = "interval"
)

// parseError turns a decoding failure into PostgreSQL's user-visible error
// (DateTimeParseError). Errors that are already *pgerror.Error pass through.
func parseError(err error, str, typeName string) error {
	var de dtErr
	if !errors.As(err, &de) {
		return err
	}
	switch de {
	case errFieldOverflow:
		return pgerror.New(pgerror.DatetimeFieldOverflow, `date/time field value out of range: "%s"`, str)
	case errMDFieldOverflow:
		return pgerror.New(pgerror.DatetimeFieldOverflow, `date/time field value out of range: "%s"`, str).
			WithHint(`Perhaps you need a different "datestyle" setting.`)
	case errIntervalOverflow:
		return pgerror.New(pgerror.IntervalFieldOverflow, `interval field value out of range: "%s"`, str)
	case errTZDispOverflow:
		return pgerror.New(pgerror.InvalidTimeZoneDisplacement, `time zone displacement out of range: "%s"`, str)
	default:
		return pgerror.New(pgerror.InvalidDatetimeFormat, `invalid input syntax for type %s: "%s"`, typeName, str)
	}
}

func outOfRange(what string) error {
	return pgerror.New(pgerror.DatetimeFieldOverflow, "%s out of range", what)
}

func outOfRangeValue(what, str string) error {
	return pgerror.New(pgerror.DatetimeFieldOverflow, `%s out of range: "%s"`, what, str)
}

// Work-buffer sizes of PostgreSQL's input functions, which bound the
// length of the fields.
const (
	bufDate      = maxDateLen + 1
	bufTimestamp = maxDateLen + maxDateFields
	bufInterval  = 256
)

func (s *Session) decoder() *decoder {
	s = sess(s)
	return &decoder{s: s, order: s.DateOrder}
}

// ParseDate parses the text form of a date under the session's DateStyle
// field order and time zone (for 'now' and friends).
func ParseDate(str string, s *Session) (Date, error) {
	var fl fieldList
	var t tm
	err := parseDateTime(str, bufDate, &fl)
	var dtype dtk
	if err == nil {
		dtype, _, err = s.decoder().decodeDateTime(&fl, &t)
	}
	if err != nil {
		return 0, parseError(err, str, nameDate)
	}
	switch dtype {
	case dtkDate:
	case dtkEpoch:
		t.year, t.mon, t.mday = 1970, 1, 1
	case dtkLate:
		return DatePosInfinity, nil
	case dtkEarly:
		return DateNegInfinity, nil
	default:
		return 0, parseError(errBadFormat, str, nameDate)
	}
	if !validJulian(t.year, t.mon, t.mday) {
		return 0, outOfRangeValue("date", str)
	}
	d := int64(date2j(t.year, t.mon, t.mday) - postgresEpochJDate)
	if !validDate(d) {
		return 0, outOfRangeValue("date", str)
	}
	return Date(d), nil
}

func parseTimestamp(str string, typmod int32, s *Session, withTZ bool) (int64, error) {
	name := nameTimestamp
	if withTZ {
		name = nameTimestampTZ
	}
	var fl fieldList
	var t tm
	err := parseDateTime(str, bufTimestamp, &fl)
	var dtype dtk
	var tz int
	if err == nil {
		dtype, tz, err = s.decoder().decodeDateTime(&fl, &t)
	}
	if err != nil {
		return 0, parseError(err, str, name)
	}
	var result int64
	switch dtype {
	case dtkDate:
		var ok bool
		if withTZ {
			result, ok = tm2timestamp(&t, &tz)
		} else {
			result, ok = tm2timestamp(&t, nil)
		}
		if !ok {
			return 0, outOfRangeValue("timestamp", str)
		}
	case dtkEpoch:
		result = epochTimestamp
	case dtkLate:
		return int64(TimestampPosInfinity), nil
	case dtkEarly:
		return int64(TimestampNegInfinity), nil
	default:
		return 0, parseError(errBadFormat, str, name)
	}
	return adjustTimestampForTypmod(result, typmod)
}

// epochTimestamp is 1970-01-01 00:00:00 as a timestamp.
const epochTimestamp = int64(unixEpochJDate-postgresEpochJDate) * usecsPerDay

// ParseTimestamp parses the text form of a timestamp without time zone and
// applies the typmod (-1 for none, else the precision 0-6). A zone in the
// input is accepted and ignored, as PostgreSQL does.
func ParseTimestamp(str string, typmod int32, s *Session) (Timestamp, error) {
	v, err := parseTimestamp(str, typmod, s, false)
	return Timestamp(v), err
}

// ParseTimestampTZ parses the text form of a timestamp with time zone; a
// value without a zone is taken in the session time zone.
func ParseTimestampTZ(str string, typmod int32, s *Session) (TimestampTZ, error) {
	v, err := parseTimestamp(str, typmod, s, true)
	return TimestampTZ(v), err
}

// ParseTime parses the text form of a time without time zone and applies
// the typmod (precision).
func ParseTime(str string, typmod int32, s *Session) (Time, error) {
	var fl fieldList
	var t tm
	err := parseDateTime(str, bufDate, &fl)
	if err == nil {
		_, err = s.decoder().decodeTimeOnly(&fl, &t)
	}
	if err != nil {
		return 0, parseError(err, str, nameTime)
	}
	return adjustTimeForTypmod(Time(time2t(t.hour, t.min, t.sec, t.fsec)), typmod), nil
}

// ParseTimeTZ parses the text form of a time with time zone; a value
// without a zone takes the session zone's offset at the current date.
func ParseTimeTZ(str string, typmod int32, s *Session) (TimeTZ, error) {
	var fl fieldList
	var t tm
	err := parseDateTime(str, bufDate, &fl)
	var tz int
	if err == nil {
		tz, err = s.decoder().decodeTimeOnly(&fl, &t)
	}
	if err != nil {
		return TimeTZ{}, parseError(err, str, nameTimeTZ)
	}
	v := adjustTimeForTypmod(Time(time2t(t.hour, t.min, t.sec, t.fsec)), typmod)
	return TimeTZ{Time: v, Zone: int32(tz)}, nil
}

// ParseInterval parses the text form of an interval under the session's
// IntervalStyle (which changes the meaning of a leading minus sign) and
// applies the typmod (see IntervalTypmod).
func ParseInterval(str string, typmod int32, s *Session) (Interval, error) {
	rng := intervalFullRange
	if typmod >= 0 {
		rng = int((typmod >> 16) & 0x7FFF)
	}
	var fl fieldList
	var it itmIn
	err := parseDateTime(str, bufInterval, &fl)
	if err == nil {
		err = decodeInterval(&fl, rng, sess(s).IntervalStyle, &it)
	}
	if err == errBadFormat {
		err = decodeISO8601Interval(str, &it)
	}
	if err != nil {
		if err == errFieldOverflow {
			err = errIntervalOverflow
		}
		return Interval{}, parseError(err, str, nameInterval)
	}
	total := int64(it.year)*monthsPerYear + int64(it.mon)
	if total > 2147483647 || total < -2147483648 {
		return Interval{}, outOfRange("interval")
	}
	iv := Interval{Microseconds: it.usec, Days: it.mday, Months: int32(total)}
	return AdjustInterval(iv, typmod)
}

var (
	timestampScales  = [7]int64{1000000, 100000, 10000, 1000, 100, 10, 1}
	timestampOffsets = [7]int64{500000, 50000, 5000, 500, 50, 5, 0}
)

func adjustTimestampForTypmod(t int64, typmod int32) (int64, error) {
	if t == int64(TimestampNegInfinity) || t == int64(TimestampPosInfinity) || typmod == -1 || typmod == maxTimestampPrecision {
		return t, nil
	}
	if typmod < 0 || typmod > maxTimestampPrecision {
		return 0, pgerror.New(pgerror.InvalidParameterValue, "timestamp(%d) precision must be between %d and %d", typmod, 0, maxTimestampPrecision)
	}
	if t >= 0 {
		t = ((t + timestampOffsets[typmod]) / timestampScales[typmod]) * timestampScales[typmod]
	} else {
		t = -((((-t) + timestampOffsets[typmod]) / timestampScales[typmod]) * timestampScales[typmod])
	}
	if !validTimestamp(t) {
		return 0, outOfRange("timestamp")
	}
	return t, nil
}

// AdjustTimestamp rounds a timestamp to a typmod's precision (-1: none),
// as assignment to timestamp(p) does.
func AdjustTimestamp(t Timestamp, typmod int32) (Timestamp, error) {
	v, err := adjustTimestampForTypmod(int64(t), typmod)
	return Timestamp(v), err
}

// AdjustTimestampTZ rounds a timestamptz to a typmod's precision.
func AdjustTimestampTZ(t TimestampTZ, typmod int32) (TimestampTZ, error) {
	v, err := adjustTimestampForTypmod(int64(t), typmod)
	return TimestampTZ(v), err
}

func adjustTimeForTypmod(t Time, typmod int32) Time {
	if typmod >= 0 && typmod <= maxTimePrecision {
		return Time((int64(t) + timestampOffsets[typmod]) / timestampScales[typmod] * timestampScales[typmod])
	}
	return t
}

// AdjustTime rounds a time to a typmod's precision (-1: none).
func AdjustTime(t Time, typmod int32) Time { return adjustTimeForTypmod(t, typmod) }

// AdjustTimeTZ rounds a timetz to a typmod's precision (-1: none).
func AdjustTimeTZ(t TimeTZ, typmod int32) TimeTZ {
	t.Time = adjustTimeForTypmod(t.Time, typmod)
	return t
}

// AdjustInterval applies an interval typmod: fields to the right of the
// last one allowed are zeroed, and seconds rounded to the precision
// (PostgreSQL's AdjustIntervalForTypmod).
func AdjustInterval(iv Interval, typmod int32) (Interval, error) {
	if typmod < 0 {
		return iv, nil
	}
	rng := int((typmod >> 16) & 0x7FFF)
	precision := int(typmod & 0xFFFF)
	m := intervalMask
	switch rng {
	case intervalFullRange:
	case m(iYear):
		iv.Months = (iv.Months / monthsPerYear) * monthsPerYear
		iv.Days = 0
		iv.Microseconds = 0
	case m(iMonth), m(iYear) | m(iMonth):
		iv.Days = 0
		iv.Microseconds = 0
	case m(iDay):
		iv.Microseconds = 0
	case m(iHour), m(iDay) | m(iHour):
		iv.Microseconds = (iv.Microseconds / usecsPerHour) * usecsPerHour
	case m(iMinute), m(iDay) | m(iHour) | m(iMinute), m(iHour) | m(iMinute):
		iv.Microseconds = (iv.Microseconds / usecsPerMinute) * usecsPerMinute
	case m(iSecond), m(iDay) | m(iHour) | m(iMinute) | m(iSecond), m(iHour) | m(iMinute) | m(iSecond), m(iMinute) | m(iSecond):
	default:
		return iv, pgerror.New(pgerror.InternalError, "unrecognized interval typmod: %d", typmod)
	}
	if precision != intervalFullPrecision {
		if precision < 0 || precision > maxIntervalPrecision {
			return iv, pgerror.New(pgerror.InvalidParameterValue, "interval(%d) precision must be between %d and %d", precision, 0, maxIntervalPrecision)
		}
		if iv.Microseconds >= 0 {
			iv.Microseconds = ((iv.Microseconds + timestampOffsets[precision]) / timestampScales[precision]) * timestampScales[precision]
		} else {
			iv.Microseconds = -(((-iv.Microseconds + timestampOffsets[precision]) / timestampScales[precision]) * timestampScales[precision])
		}
	}
	return iv, nil
}

// AppendDate appends the text form of d under the session's DateStyle.
func AppendDate(b []byte, d Date, s *Session) []byte {
	switch d {
	case DateNegInfinity:
		return append(b, "-infinity"...)
	case DatePosInfinity:
		return append(b, "infinity"...)
	}
	s = sess(s)
	var t tm
	t.year, t.mon, t.mday = j2date(int(d) + postgresEpochJDate)
	return appendDateOnly(b, &t, s.DateStyle, s.DateOrder)
}

// AppendTime appends the text form of a time (the same in every style).
func AppendTime(b []byte, t Time) []byte {
	var f tm
	f.hour, f.min, f.sec, f.fsec = dt2time(int64(t))
	return appendTimeOnly(b, &f, false, 0)
}

// AppendTimeTZ appends the text form of a timetz.
func AppendTimeTZ(b []byte, t TimeTZ) []byte {
	var f tm
	f.hour, f.min, f.sec, f.fsec = dt2time(int64(t.Time))
	return appendTimeOnly(b, &f, true, int(t.Zone))
}

// AppendTimestamp appends the text form of a timestamp under the session's
// DateStyle.
func AppendTimestamp(b []byte, ts Timestamp, s *Session) []byte {
	switch ts {
	case TimestampNegInfinity:
		return append(b, "-infinity"...)
	case TimestampPosInfinity:
		return append(b, "infinity"...)
	}
	s = sess(s)
	var t tm
	if !timestamp2tmUTC(int64(ts), &t) {
		return append(b, "timestamp out of range"...)
	}
	return appendDateTime(b, &t, false, 0, "", false, s.DateStyle, s.DateOrder)
}

// AppendTimestampTZ appends the text form of a timestamptz in the session
// time zone under the session's DateStyle.
func AppendTimestampTZ(b []byte, ts TimestampTZ, s *Session) []byte {
	switch ts {
	case TimestampTZNegInfinity:
		return append(b, "-infinity"...)
	case TimestampTZPosInfinity:
		return append(b, "infinity"...)
	}
	s = sess(s)
	var t tm
	tz, ok := timestamp2tmZone(int64(ts), s.loc(), &t)
	if !ok {
		return append(b, "timestamp out of range"...)
	}
	return appendDateTime(b, &t, true, tz, t.zone, true, s.DateStyle, s.DateOrder)
}

// AppendInterval appends the text form of an interval under the session's
// IntervalStyle.
func AppendInterval(b []byte, iv Interval, s *Session) []byte {
	return appendInterval(b, iv, sess(s).IntervalStyle)
}

// String returns d in ISO style.
func (d Date) String() string { return string(AppendDate(nil, d, nil)) }

// String returns t's text form.
func (t Time) String() string { return string(AppendTime(nil, t)) }

// String returns t's text form.
func (t TimeTZ) String() string { return string(AppendTimeTZ(nil, t)) }

// String returns ts in ISO style.
func (ts Timestamp) String() string { return string(AppendTimestamp(nil, ts, nil)) }

// String returns ts in ISO style in UTC.
func (ts TimestampTZ) String() string { return string(AppendTimestampTZ(nil, ts, nil)) }

// String returns iv in the postgres IntervalStyle.
func (iv Interval) String() string { return string(AppendInterval(nil, iv, nil)) }
