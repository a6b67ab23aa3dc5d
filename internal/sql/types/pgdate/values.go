package pgdate

import (
	"math"
	"time"
)

// Date is PostgreSQL's date: days since 2000-01-01, with DateNegInfinity
// and DatePosInfinity as -infinity and infinity (DATE_NOBEGIN, DATE_NOEND).
type Date int32

// Time is PostgreSQL's time without time zone: microseconds since midnight,
// 0 through 24:00:00 inclusive.
type Time int64

// TimeTZ is PostgreSQL's time with time zone. Zone is the offset in seconds
// WEST of UTC, PostgreSQL's internal sign convention (so +05:30 is -19800).
type TimeTZ struct {
	Time Time
	Zone int32
}

// Timestamp is PostgreSQL's timestamp without time zone: microseconds since
// 2000-01-01 00:00:00, with TimestampNegInfinity and TimestampPosInfinity.
type Timestamp int64

// TimestampTZ is PostgreSQL's timestamp with time zone: microseconds since
// 2000-01-01 00:00:00 UTC, with the same infinities as Timestamp.
type TimestampTZ int64

// Interval is PostgreSQL's interval. The three fields are kept apart, as
// PostgreSQL does: a month is not a fixed number of days, nor a day a
// fixed number of microseconds (across daylight-saving changes).
type Interval struct {
	Microseconds int64
	Days         int32
	Months       int32
}

// The infinities, with PostgreSQL's sentinel values, so that the binary
// wire format is the value itself.
const (
	DateNegInfinity        Date        = math.MinInt32
	DatePosInfinity        Date        = math.MaxInt32
	TimestampNegInfinity   Timestamp   = math.MinInt64
	TimestampPosInfinity   Timestamp   = math.MaxInt64
	TimestampTZNegInfinity TimestampTZ = math.MinInt64
	TimestampTZPosInfinity TimestampTZ = math.MaxInt64
)

// IsFinite reports whether d is neither infinity nor -infinity.
func (d Date) IsFinite() bool { return d != DateNegInfinity && d != DatePosInfinity }

// IsFinite reports whether t is neither infinity nor -infinity.
func (t Timestamp) IsFinite() bool { return t != TimestampNegInfinity && t != TimestampPosInfinity }

// IsFinite reports whether t is neither infinity nor -infinity.
func (t TimestampTZ) IsFinite() bool {
	return t != TimestampTZNegInfinity && t != TimestampTZPosInfinity
}

// DateStyle is the output-format half of PostgreSQL's DateStyle setting.
type DateStyle uint8

// The output styles (PostgreSQL docs, section 8.5.2 "Date/Time Output").
const (
	StyleISO DateStyle = iota
	StyleSQL
	StylePostgres
	StyleGerman
)

// DateOrder is the field-order half of DateStyle: how ambiguous numeric
// dates are read, and how the SQL and Postgres styles print day and month.
type DateOrder uint8

// The field orders.
const (
	OrderMDY DateOrder = iota
	OrderDMY
	OrderYMD
)

// IntervalStyle is PostgreSQL's IntervalStyle setting.
type IntervalStyle uint8

// The interval styles (PostgreSQL docs, section 8.5.5 "Interval Output").
const (
	IntervalPostgres IntervalStyle = iota
	IntervalPostgresVerbose
	IntervalSQLStandard
	IntervalISO8601
)

// Session carries the settings that date/time input, output and
// arithmetic depend on. A nil *Session means PostgreSQL's defaults
// (DateStyle 'ISO, MDY', IntervalStyle postgres) in UTC, with the wall
// clock as the current time. A Session is read-only once in use and then
// safe for concurrent use.
type Session struct {
	DateStyle     DateStyle
	DateOrder     DateOrder
	IntervalStyle IntervalStyle
	// Location is the TimeZone setting; nil means UTC. Use LoadLocation to
	// resolve a setting's text as PostgreSQL does.
	Location *time.Location
	// Now returns the current transaction's start time, used by 'now',
	// 'today', 'tomorrow', 'yesterday', age(x) and friends. Nil means
	// time.Now.
	Now func() time.Time
}

var defaultSession Session

func sess(s *Session) *Session {
	if s == nil {
		return &defaultSession
	}
	return s
}

func (s *Session) loc() *time.Location {
	if s == nil || s.Location == nil {
		return time.UTC
	}
	return s.Location
}

// now returns the current time as a TimestampTZ.
func (s *Session) now() TimestampTZ {
	var t time.Time
	if s != nil && s.Now != nil {
		t = s.Now()
	} else {
		t = time.Now()
	}
	return TimestampTZFromTime(t)
}

// Calendar constants (PostgreSQL's datatype/timestamp.h).
const (
	usecsPerSec    int64 = 1000000
	usecsPerMinute int64 = 60 * usecsPerSec
	usecsPerHour   int64 = 60 * usecsPerMinute
	usecsPerDay    int64 = 24 * usecsPerHour
	secsPerDay           = 86400
	secsPerHour          = 3600
	secsPerMinute        = 60
	minsPerHour          = 60
	hoursPerDay          = 24
	monthsPerYear        = 12
	daysPerMonth         = 30

	postgresEpochJDate = 2451545 // date2j(2000, 1, 1)
	unixEpochJDate     = 2440588 // date2j(1970, 1, 1)

	julianMinYear  = -4713
	julianMinMonth = 11
	julianMaxYear  = 5874898
	julianMaxMonth = 6

	datetimeMinJulian  = 0
	dateEndJulian      = 2147483494 // date2j(JULIAN_MAXYEAR, 1, 1)
	timestampEndJulian = 109203528  // date2j(294277, 1, 1)

	minTimestamp int64 = -211813488000000000 // (DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY
	endTimestamp int64 = 9223371331200000000 // (TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY

	maxTimestampPrecision = 6
	maxTimePrecision      = 6
	maxIntervalPrecision  = 6

	maxTZDispHour = 15
	tzDispLimit   = (maxTZDispHour + 1) * secsPerHour
)

func validTimestamp(t int64) bool { return t >= minTimestamp && t < endTimestamp }

func validDate(d int64) bool {
	return d >= datetimeMinJulian-postgresEpochJDate && d < dateEndJulian-postgresEpochJDate
}

func validJulian(y, m, d int) bool {
	return (y > julianMinYear || (y == julianMinYear && m >= julianMinMonth)) &&
		(y < julianMaxYear || (y == julianMaxYear && m < julianMaxMonth))
}

// TimestampTZFromTime converts a Go time to a TimestampTZ, truncating to
// microseconds.
func TimestampTZFromTime(t time.Time) TimestampTZ {
	sec := t.Unix() - (postgresEpochJDate-unixEpochJDate)*secsPerDay
	return TimestampTZ(sec*usecsPerSec + int64(t.Nanosecond()/1000))
}

// Time returns ts as a Go time in UTC. Infinities map to the extreme
// values a time.Time can hold.
func (ts TimestampTZ) Time() time.Time {
	switch ts {
	case TimestampTZNegInfinity:
		return time.Unix(math.MinInt64/2, 0).UTC()
	case TimestampTZPosInfinity:
		return time.Unix(math.MaxInt64/2, 0).UTC()
	}
	sec, us := floorDivMod(int64(ts), usecsPerSec)
	return time.Unix(sec+(postgresEpochJDate-unixEpochJDate)*secsPerDay, us*1000).UTC()
}

func floorDivMod(a, b int64) (q, r int64) {
	q, r = a/b, a%b
	if r < 0 {
		q--
		r += b
	}
	return
}
