package builtins

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/guc"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/sql/types/pgdate"
)

// The date and time types (PostgreSQL's utils/adt/date.c, timestamp.c).
// The values, their text forms and the calendar arithmetic live in package
// pgdate; this file installs pgdate into the type system (text I/O, casts
// between the date/time types, interval typmods, the TimeZone setting) and
// attaches the operators and functions of pg_proc to it.
//
// The type system's hooks are installed by this package's init, so every
// program that runs SQL (it links builtins through the analyzer and the
// executor) has them.

func init() {
	types.DateTime = dateTimeIO{}
	types.DateTimeCaster = castDateTime
	types.IntervalTypmodFormatter = intervalTypmodString
	guc.TimeZoneResolver = resolveTimeZone
	guc.LoadLocation = pgdate.LoadLocation
}

// dsess returns the pgdate session for a type context.
func dsess(c *types.Ctx) *pgdate.Session {
	if c == nil {
		return nil
	}
	return &pgdate.Session{
		DateStyle:     pgdate.DateStyle(c.DateStyle),
		DateOrder:     pgdate.DateOrder(c.DateOrder),
		IntervalStyle: pgdate.IntervalStyle(c.IntervalStyle),
		Location:      c.Location,
		Now:           c.Now,
	}
}

func envSess(env Env) *pgdate.Session {
	if env == nil {
		return nil
	}
	return dsess(env.TypeCtx())
}

// Conversions between Datums and pgdate values.

func dDate(d types.Datum) pgdate.Date         { return pgdate.Date(d.Date()) }
func dTime(d types.Datum) pgdate.Time         { return pgdate.Time(d.Micros()) }
func dTS(d types.Datum) pgdate.Timestamp      { return pgdate.Timestamp(d.Micros()) }
func dTSTZ(d types.Datum) pgdate.TimestampTZ  { return pgdate.TimestampTZ(d.Micros()) }
func mkDate(v pgdate.Date) types.Datum        { return types.NewDate(int32(v)) }
func mkTime(v pgdate.Time) types.Datum        { return types.NewTime(int64(v)) }
func mkTS(v pgdate.Timestamp) types.Datum     { return types.NewTimestamp(int64(v)) }
func mkTSTZ(v pgdate.TimestampTZ) types.Datum { return types.NewTimestampTZ(int64(v)) }
func mkTimeTZ(v pgdate.TimeTZ) types.Datum {
	return types.NewTimeTZ(types.TimeTZVal{Micros: int64(v.Time), Zone: v.Zone})
}
func mkInterval(v pgdate.Interval) types.Datum {
	return types.NewInterval(types.IntervalVal{Micros: v.Microseconds, Days: v.Days, Months: v.Months})
}
func dTimeTZ(d types.Datum) pgdate.TimeTZ {
	v := d.TimeTZ()
	return pgdate.TimeTZ{Time: pgdate.Time(v.Micros), Zone: v.Zone}
}
func dInterval(d types.Datum) pgdate.Interval {
	v := d.Interval()
	return pgdate.Interval{Microseconds: v.Micros, Days: v.Days, Months: v.Months}
}

func isDateTimeFam(f types.Family) bool {
	switch f {
	case types.FamDate, types.FamTime, types.FamTimeTZ, types.FamTimestamp, types.FamTimestampTZ, types.FamInterval:
		return true
	}
	return false
}

// dateTimeIO is the text input and output of the date/time types.
type dateTimeIO struct{}

func (dateTimeIO) Parse(t *types.T, s string, c *types.Ctx) (types.Datum, error) {
	ss := dsess(c)
	switch t.Family {
	case types.FamDate:
		v, err := pgdate.ParseDate(s, ss)
		return mkDate(v), err
	case types.FamTime:
		v, err := pgdate.ParseTime(s, t.Typmod, ss)
		return mkTime(v), err
	case types.FamTimeTZ:
		v, err := pgdate.ParseTimeTZ(s, t.Typmod, ss)
		return mkTimeTZ(v), err
	case types.FamTimestamp:
		v, err := pgdate.ParseTimestamp(s, t.Typmod, ss)
		return mkTS(v), err
	case types.FamTimestampTZ:
		v, err := pgdate.ParseTimestampTZ(s, t.Typmod, ss)
		return mkTSTZ(v), err
	case types.FamInterval:
		v, err := pgdate.ParseInterval(s, t.Typmod, ss)
		return mkInterval(v), err
	}
	return types.Null, pgerror.New(pgerror.FeatureNotSupported, "type %s is not supported", t.SQLName())
}

func (dateTimeIO) Format(buf []byte, t *types.T, d types.Datum, c *types.Ctx) []byte {
	ss := dsess(c)
	switch d.Kind() {
	case types.KDate:
		return pgdate.AppendDate(buf, dDate(d), ss)
	case types.KTime:
		return pgdate.AppendTime(buf, dTime(d))
	case types.KTimeTZ:
		return pgdate.AppendTimeTZ(buf, dTimeTZ(d))
	case types.KTimestamp:
		return pgdate.AppendTimestamp(buf, dTS(d), ss)
	case types.KTimestampTZ:
		return pgdate.AppendTimestampTZ(buf, dTSTZ(d), ss)
	case types.KInterval:
		return pgdate.AppendInterval(buf, dInterval(d), ss)
	}
	return buf
}

// ParseBinary is the binary input of the date/time types, with
// PostgreSQL's range checks and the typmod applied.
func (dateTimeIO) ParseBinary(t *types.T, b []byte) (types.Datum, error) {
	n := 8
	switch t.Family {
	case types.FamDate:
		n = 4
	case types.FamTimeTZ:
		n = 12
	case types.FamInterval:
		n = 16
	}
	if len(b) < n {
		return types.Null, pgerror.New(pgerror.ProtocolViolation, "insufficient data left in message")
	}
	if len(b) > n {
		return types.Null, pgerror.New(pgerror.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter")
	}
	var v types.Datum
	switch t.Family {
	case types.FamDate:
		d, err := pgdate.DecodeDateBinary(b)
		if err != nil {
			return types.Null, err
		}
		return mkDate(d), nil
	case types.FamTime:
		d, err := pgdate.DecodeTimeBinary(b)
		if err != nil {
			return types.Null, err
		}
		v = mkTime(d)
	case types.FamTimeTZ:
		d, err := pgdate.DecodeTimeTZBinary(b)
		if err != nil {
			return types.Null, err
		}
		v = mkTimeTZ(d)
	case types.FamTimestamp:
		d, err := pgdate.DecodeTimestampBinary(b)
		if err != nil {
			return types.Null, err
		}
		v = types.NewTimestamp(d)
	case types.FamTimestampTZ:
		d, err := pgdate.DecodeTimestampBinary(b)
		if err != nil {
			return types.Null, err
		}
		v = types.NewTimestampTZ(d)
	case types.FamInterval:
		d, err := pgdate.DecodeIntervalBinary(b)
		if err != nil {
			return types.Null, err
		}
		v = mkInterval(d)
	default:
		return types.Null, pgerror.New(pgerror.FeatureNotSupported, "type %s is not supported", t.SQLName())
	}
	return adjustTypmod(v, t)
}

// castDateTime converts between the date/time types (pg_cast's function
// casts among them) and applies a date/time typmod when src is dst.
func castDateTime(d types.Datum, src, dst *types.T, c *types.Ctx) (types.Datum, bool, error) {
	if !isDateTimeFam(src.Family) || !isDateTimeFam(dst.Family) {
		return types.Null, false, nil
	}
	if src.Family == dst.Family {
		v, err := adjustTypmod(d, dst)
		return v, true, err
	}
	ss := dsess(c)
	var v types.Datum
	var err error
	switch src.Family {
	case types.FamDate:
		switch dst.Family {
		case types.FamTimestamp:
			var r pgdate.Timestamp
			r, err = pgdate.DateToTimestamp(dDate(d))
			v = mkTS(r)
		case types.FamTimestampTZ:
			var r pgdate.TimestampTZ
			r, err = pgdate.DateToTimestampTZ(dDate(d), ss)
			v = mkTSTZ(r)
		default:
			return types.Null, false, nil
		}
	case types.FamTimestamp:
		switch dst.Family {
		case types.FamDate:
			var r pgdate.Date
			r, err = pgdate.TimestampToDate(dTS(d))
			v = mkDate(r)
		case types.FamTime:
			r, ok, e := pgdate.TimestampToTime(dTS(d))
			if !ok && e == nil {
				return types.Null, true, nil
			}
			v, err = mkTime(r), e
		case types.FamTimestampTZ:
			var r pgdate.TimestampTZ
			r, err = pgdate.TimestampToTimestampTZ(dTS(d), ss)
			v = mkTSTZ(r)
		default:
			return types.Null, false, nil
		}
	case types.FamTimestampTZ:
		switch dst.Family {
		case types.FamDate:
			var r pgdate.Date
			r, err = pgdate.TimestampTZToDate(dTSTZ(d), ss)
			v = mkDate(r)
		case types.FamTime:
			r, ok, e := pgdate.TimestampTZToTime(dTSTZ(d), ss)
			if !ok && e == nil {
				return types.Null, true, nil
			}
			v, err = mkTime(r), e
		case types.FamTimeTZ:
			r, ok, e := pgdate.TimestampTZToTimeTZ(dTSTZ(d), ss)
			if !ok && e == nil {
				return types.Null, true, nil
			}
			v, err = mkTimeTZ(r), e
		case types.FamTimestamp:
			var r pgdate.Timestamp
			r, err = pgdate.TimestampTZToTimestamp(dTSTZ(d), ss)
			v = mkTS(r)
		default:
			return types.Null, false, nil
		}
	case types.FamTime:
		switch dst.Family {
		case types.FamTimeTZ:
			v = mkTimeTZ(pgdate.TimeToTimeTZ(dTime(d), ss))
		case types.FamInterval:
			v = mkInterval(pgdate.TimeToInterval(dTime(d)))
		default:
			return types.Null, false, nil
		}
	case types.FamTimeTZ:
		if dst.Family != types.FamTime {
			return types.Null, false, nil
		}
		v = mkTime(pgdate.TimeTZToTime(dTimeTZ(d)))
	case types.FamInterval:
		if dst.Family != types.FamTime {
			return types.Null, false, nil
		}
		v = mkTime(pgdate.IntervalToTime(dInterval(d)))
	default:
		return types.Null, false, nil
	}
	if err != nil {
		return types.Null, true, err
	}
	return v, true, nil
}

// adjustTypmod rounds a date/time value to its type's precision (and an
// interval to its field restriction).
func adjustTypmod(d types.Datum, t *types.T) (types.Datum, error) {
	if t.Typmod < 0 || d.IsNull() {
		return d, nil
	}
	switch t.Family {
	case types.FamTime:
		return mkTime(pgdate.AdjustTime(dTime(d), t.Typmod)), nil
	case types.FamTimeTZ:
		return mkTimeTZ(pgdate.AdjustTimeTZ(dTimeTZ(d), t.Typmod)), nil
	case types.FamTimestamp:
		v, err := pgdate.AdjustTimestamp(dTS(d), t.Typmod)
		return mkTS(v), err
	case types.FamTimestampTZ:
		v, err := pgdate.AdjustTimestampTZ(dTSTZ(d), t.Typmod)
		return mkTSTZ(v), err
	case types.FamInterval:
		v, err := pgdate.AdjustInterval(dInterval(d), t.Typmod)
		return mkInterval(v), err
	}
	return d, nil
}

// intervalTypmodString is PostgreSQL's intervaltypmodout.
func intervalTypmodString(typmod int32) string {
	if typmod < 0 {
		return ""
	}
	fields, prec := pgdate.IntervalTypmodParts(typmod)
	var s string
	switch fields {
	case pgdate.IntervalYear:
		s = " year"
	case pgdate.IntervalMonth:
		s = " month"
	case pgdate.IntervalDay:
		s = " day"
	case pgdate.IntervalHour:
		s = " hour"
	case pgdate.IntervalMinute:
		s = " minute"
	case pgdate.IntervalSecond:
		s = " second"
	case pgdate.IntervalYearToMonth:
		s = " year to month"
	case pgdate.IntervalDayToHour:
		s = " day to hour"
	case pgdate.IntervalDayToMinute:
		s = " day to minute"
	case pgdate.IntervalDayToSecond:
		s = " day to second"
	case pgdate.IntervalHourToMinute:
		s = " hour to minute"
	case pgdate.IntervalHourToSecond:
		s = " hour to second"
	case pgdate.IntervalMinuteToSecond:
		s = " minute to second"
	}
	if prec >= 0 {
		return s + "(" + itoa(int64(prec)) + ")"
	}
	return s
}

// resolveTimeZone validates a TimeZone setting as check_timezone does and
// returns the spelling SHOW prints: the zone's canonical IANA name where
// it has one, else the setting as given.
func resolveTimeZone(name string) (string, bool) {
	loc, err := pgdate.LoadLocation(name)
	if err != nil {
		return "", false
	}
	n := strings.TrimSpace(name)
	if n != "" && (n[0] == '+' || n[0] == '-' || n[0] == '.' || n[0] >= '0' && n[0] <= '9' ||
		len(n) >= 8 && strings.EqualFold(n[:8], "interval")) {
		// A numeric offset: PostgreSQL's pg_tzset_offset names the zone
		// with a POSIX specification such as "<-03:30>+03:30".
		_, east := time.Date(2000, 1, 1, 0, 0, 0, 0, loc).Zone()
		abs := east
		if abs < 0 {
			abs = -abs
		}
		off := fmt.Sprintf("%02d", abs/3600)
		if abs%3600 != 0 {
			off += fmt.Sprintf(":%02d", abs%3600/60)
			if abs%60 != 0 {
				off += fmt.Sprintf(":%02d", abs%60)
			}
		}
		if east < 0 {
			return "<-" + off + ">+" + off, true
		}
		return "<+" + off + ">-" + off, true
	}
	canon := loc.String()
	if l2, err := pgdate.LoadLocation(canon); err != nil || l2.String() != canon || canon == "" {
		return name, true
	}
	return canon, true
}

// CurrentDateTime evaluates the SQL value functions CURRENT_DATE,
// CURRENT_TIME, CURRENT_TIMESTAMP, LOCALTIME and LOCALTIMESTAMP: the
// transaction's start time in the session time zone, of type t (whose
// typmod, if any, rounds the value).
func CurrentDateTime(env Env, t *types.T) (types.Datum, error) {
	ss := envSess(env)
	now := pgdate.TimestampTZFromTime(env.TxnStart())
	var v types.Datum
	var err error
	switch t.Family {
	case types.FamDate:
		var r pgdate.Date
		r, err = pgdate.TimestampTZToDate(now, ss)
		v = mkDate(r)
	case types.FamTimeTZ:
		r, _, e := pgdate.TimestampTZToTimeTZ(now, ss)
		v, err = mkTimeTZ(r), e
	case types.FamTime:
		r, _, e := pgdate.TimestampTZToTime(now, ss)
		v, err = mkTime(r), e
	case types.FamTimestamp:
		var r pgdate.Timestamp
		r, err = pgdate.TimestampTZToTimestamp(now, ss)
		v = mkTS(r)
	default:
		v = mkTSTZ(now)
	}
	if err != nil {
		return types.Null, err
	}
	return adjustTypmod(v, t)
}

// dateToTS converts a date for comparison with a timestamp, saturating to
// the infinities where the date is beyond the timestamp range (as
// date2timestamp_opt_overflow lets date_cmp_timestamp do).
func dateToTS(d pgdate.Date) int64 {
	ts, err := pgdate.DateToTimestamp(d)
	if err != nil {
		if d < 0 {
			return math.MinInt64
		}
		return math.MaxInt64
	}
	return int64(ts)
}

func dateToTSTZ(d pgdate.Date, s *pgdate.Session) int64 {
	ts, err := pgdate.DateToTimestampTZ(d, s)
	if err != nil {
		if d < 0 {
			return math.MinInt64
		}
		return math.MaxInt64
	}
	return int64(ts)
}

func tsToTSTZ(t pgdate.Timestamp, s *pgdate.Session) int64 {
	ts, err := pgdate.TimestampToTimestampTZ(t, s)
	if err != nil {
		if t < 0 {
			return math.MinInt64
		}
		return math.MaxInt64
	}
	return int64(ts)
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func wrapTS(v pgdate.Timestamp, err error) (types.Datum, error) {
	if err != nil {
		return types.Null, err
	}
	return mkTS(v), nil
}

func wrapTSTZ(v pgdate.TimestampTZ, err error) (types.Datum, error) {
	if err != nil {
		return types.Null, err
	}
	return mkTSTZ(v), nil
}

func wrapDate(v pgdate.Date, err error) (types.Datum, error) {
	if err != nil {
		return types.Null, err
	}
	return mkDate(v), nil
}

func wrapIv(v pgdate.Interval, err error) (types.Datum, error) {
	if err != nil {
		return types.Null, err
	}
	return mkInterval(v), nil
}

func wrapPart(v float64, ok bool, err error) (types.Datum, error) {
	if err != nil || !ok {
		return types.Null, err
	}
	return types.NewFloat(v), nil
}

func int32Arg(d types.Datum) int32 { return int32(d.Int()) }

func init() {
	// Cross-type comparisons.
	cross := []struct {
		l, r string
		cmp  func(env Env, a, b types.Datum) int
	}{
		{"date", "timestamp", func(_ Env, a, b types.Datum) int { return cmp64(dateToTS(dDate(a)), b.Micros()) }},
		{"timestamp", "date", func(_ Env, a, b types.Datum) int { return cmp64(a.Micros(), dateToTS(dDate(b))) }},
		{"date", "timestamptz", func(env Env, a, b types.Datum) int {
			return cmp64(dateToTSTZ(dDate(a), envSess(env)), b.Micros())
		}},
		{"timestamptz", "date", func(env Env, a, b types.Datum) int {
			return cmp64(a.Micros(), dateToTSTZ(dDate(b), envSess(env)))
		}},
		{"timestamp", "timestamptz", func(env Env, a, b types.Datum) int {
			return cmp64(tsToTSTZ(dTS(a), envSess(env)), b.Micros())
		}},
		{"timestamptz", "timestamp", func(env Env, a, b types.Datum) int {
			return cmp64(a.Micros(), tsToTSTZ(dTS(b), envSess(env)))
		}},
	}
	for _, c := range cross {
		c := c
		for name, test := range map[string]func(int) bool{
			"lt": func(c int) bool { return c < 0 }, "le": func(c int) bool { return c <= 0 },
			"eq": func(c int) bool { return c == 0 }, "ne": func(c int) bool { return c != 0 },
			"gt": func(c int) bool { return c > 0 }, "ge": func(c int) bool { return c >= 0 },
		} {
			test := test
			register(c.l+"_"+name+"_"+c.r, func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
				return types.NewBool(test(c.cmp(env, a[0], a[1]))), nil
			})
		}
		register(c.l+"_cmp_"+c.r, func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			return types.NewInt(int64(c.cmp(env, a[0], a[1]))), nil
		})
	}

	// larger/smaller of one type.
	minMax := func(larger bool) Impl {
		return func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
			c := types.Compare(sig.Args[0], a[0], a[1])
			if (c >= 0) == larger {
				return a[0], nil
			}
			return a[1], nil
		}
	}
	for _, p := range []string{"date", "time", "timetz", "timestamp", "interval"} {
		register(p+"_larger", minMax(true))
		register(p+"_smaller", minMax(false))
	}

	// Date arithmetic.
	register("date_mi", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		v, err := pgdate.DateSub(dDate(a[0]), dDate(a[1]))
		return types.NewInt(int64(v)), err
	})
	register("date_pli", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapDate(pgdate.DateAddDays(dDate(a[0]), int32Arg(a[1])))
	})
	register("date_mii", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapDate(pgdate.DateSubDays(dDate(a[0]), int32Arg(a[1])))
	})
	registerSQL("integer_pl_date", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapDate(pgdate.DateAddDays(dDate(a[1]), int32Arg(a[0])))
	})
	register("date_pl_interval", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTS(pgdate.DateAddInterval(dDate(a[0]), dInterval(a[1])))
	})
	register("date_mi_interval", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTS(pgdate.DateSubInterval(dDate(a[0]), dInterval(a[1])))
	})
	registerSQL("interval_pl_date", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTS(pgdate.DateAddInterval(dDate(a[1]), dInterval(a[0])))
	})
	register("datetime_timestamp", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTS(pgdate.DateTimeToTimestamp(dDate(a[0]), dTime(a[1])))
	})
	registerSQL("timedate_pl", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTS(pgdate.DateTimeToTimestamp(dDate(a[1]), dTime(a[0])))
	})
	register("datetimetz_timestamptz", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTSTZ(pgdate.DateTimeTZToTimestampTZ(dDate(a[0]), dTimeTZ(a[1])))
	})
	registerSQL("timetzdate_pl", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTSTZ(pgdate.DateTimeTZToTimestampTZ(dDate(a[1]), dTimeTZ(a[0])))
	})
	registerSQL("timestamptz", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		// timestamptz(date, time): the date and time in the session zone.
		ts, err := pgdate.DateTimeToTimestamp(dDate(a[0]), dTime(a[1]))
		if err != nil {
			return types.Null, err
		}
		return wrapTSTZ(pgdate.TimestampToTimestampTZ(ts, envSess(env)))
	})

	// Timestamp arithmetic.
	register("timestamp_mi", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapIv(pgdate.TimestampSub(dTS(a[0]), dTS(a[1])))
	})
	register("timestamp_pl_interval", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTS(pgdate.TimestampAddInterval(dTS(a[0]), dInterval(a[1])))
	})
	register("timestamp_mi_interval", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTS(pgdate.TimestampSubInterval(dTS(a[0]), dInterval(a[1])))
	})
	registerSQL("interval_pl_timestamp", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTS(pgdate.TimestampAddInterval(dTS(a[1]), dInterval(a[0])))
	})
	register("timestamptz_pl_interval", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTSTZ(pgdate.TimestampTZAddInterval(dTSTZ(a[0]), dInterval(a[1]), envSess(env)))
	})
	register("timestamptz_mi_interval", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTSTZ(pgdate.TimestampTZSubInterval(dTSTZ(a[0]), dInterval(a[1]), envSess(env)))
	})
	registerSQL("interval_pl_timestamptz", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTSTZ(pgdate.TimestampTZAddInterval(dTSTZ(a[1]), dInterval(a[0]), envSess(env)))
	})

	// Time arithmetic.
	register("time_mi_time", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return mkInterval(pgdate.TimeSub(dTime(a[0]), dTime(a[1]))), nil
	})
	register("time_pl_interval", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return mkTime(pgdate.TimeAddInterval(dTime(a[0]), dInterval(a[1]))), nil
	})
	register("time_mi_interval", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return mkTime(pgdate.TimeSubInterval(dTime(a[0]), dInterval(a[1]))), nil
	})
	registerSQL("interval_pl_time", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return mkTime(pgdate.TimeAddInterval(dTime(a[1]), dInterval(a[0]))), nil
	})
	register("timetz_pl_interval", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return mkTimeTZ(pgdate.TimeTZAddInterval(dTimeTZ(a[0]), dInterval(a[1]))), nil
	})
	register("timetz_mi_interval", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return mkTimeTZ(pgdate.TimeTZSubInterval(dTimeTZ(a[0]), dInterval(a[1]))), nil
	})
	registerSQL("interval_pl_timetz", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return mkTimeTZ(pgdate.TimeTZAddInterval(dTimeTZ(a[1]), dInterval(a[0]))), nil
	})

	// Interval arithmetic.
	register("interval_pl", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapIv(pgdate.IntervalAdd(dInterval(a[0]), dInterval(a[1])))
	})
	register("interval_mi", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapIv(pgdate.IntervalSub(dInterval(a[0]), dInterval(a[1])))
	})
	register("interval_um", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapIv(pgdate.IntervalNeg(dInterval(a[0])))
	})
	register("interval_mul", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapIv(pgdate.IntervalMul(dInterval(a[0]), a[1].Float()))
	})
	register("mul_d_interval", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapIv(pgdate.IntervalMul(dInterval(a[1]), a[0].Float()))
	})
	register("interval_div", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapIv(pgdate.IntervalDiv(dInterval(a[0]), a[1].Float()))
	})

	// Conversions called as functions (timestamp(date), date(timestamptz),
	// ...): the casts.
	castFn := func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		v, _, err := castDateTime(a[0], sig.Args[0], sig.Ret.Base(), env.TypeCtx())
		return v, err
	}
	for _, src := range []string{"date_timestamp", "date_timestamptz", "timestamp_date", "timestamptz_date",
		"timestamp_timestamptz", "timestamptz_timestamp", "timestamp_time", "timestamptz_time",
		"timestamptz_timetz", "time_timetz", "timetz_time", "time_interval", "interval_time"} {
		register(src, castFn)
	}
	scale := func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return adjustTypmod(a[0], sig.Args[0].Base().WithTypmod(int32(a[1].Int())))
	}
	for _, src := range []string{"timestamp_scale", "timestamptz_scale", "time_scale", "timetz_scale", "interval_scale"} {
		register(src, scale)
	}

	// The current time.
	register("now", func(env Env, _ *Sig, _ []types.Datum) (types.Datum, error) {
		return mkTSTZ(pgdate.TimestampTZFromTime(env.TxnStart())), nil
	})
	register("statement_timestamp", func(env Env, _ *Sig, _ []types.Datum) (types.Datum, error) {
		return mkTSTZ(pgdate.TimestampTZFromTime(env.StmtStart())), nil
	})
	register("clock_timestamp", func(_ Env, _ *Sig, _ []types.Datum) (types.Datum, error) {
		return mkTSTZ(pgdate.TimestampTZFromTime(time.Now())), nil
	})
	sleepFor := func(env Env, secs float64) (types.Datum, error) {
		if sleep := implsBySrc["pg_sleep"]; sleep != nil {
			return sleep(env, nil, []types.Datum{types.NewFloat(secs)})
		}
		return types.Null, nil
	}
	registerSQL("pg_sleep_for", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		now := pgdate.TimestampTZFromTime(time.Now())
		end, err := pgdate.TimestampTZAddInterval(now, dInterval(a[0]), envSess(env))
		if err != nil {
			return types.Null, err
		}
		return sleepFor(env, float64(end-now)/1e6)
	})
	registerSQL("pg_sleep_until", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		now := pgdate.TimestampTZFromTime(time.Now())
		return sleepFor(env, float64(a[0].Micros()-int64(now))/1e6)
	})
	register("timeofday", func(env Env, _ *Sig, _ []types.Datum) (types.Datum, error) {
		// timeofday(): "Mon Dec 03 09:00:00.123456 2026 EST".
		t := time.Now().In(env.TypeCtx().Loc())
		return types.NewString(t.Format("Mon Jan 02 15:04:05.000000 2006 MST")), nil
	})

	// btree support functions.
	cmpFn := func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(types.Compare(sig.Args[0], a[0], a[1]))), nil
	}
	for _, src := range []string{"date_cmp", "time_cmp", "timetz_cmp", "timestamp_cmp", "interval_cmp", "jsonb_cmp"} {
		register(src, cmpFn)
	}

	// extract and date_part.
	unit := func(d types.Datum) string { return d.Str() }
	register("extract_date", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapNum(pgdate.ExtractDate(unit(a[0]), dDate(a[1])))
	})
	register("extract_time", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapNum(pgdate.ExtractTime(unit(a[0]), dTime(a[1])))
	})
	register("extract_timetz", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapNum(pgdate.ExtractTimeTZ(unit(a[0]), dTimeTZ(a[1])))
	})
	register("extract_timestamp", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapNum(pgdate.ExtractTimestamp(unit(a[0]), dTS(a[1])))
	})
	register("extract_timestamptz", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapNum(pgdate.ExtractTimestampTZ(unit(a[0]), dTSTZ(a[1]), envSess(env)))
	})
	register("extract_interval", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapNum(pgdate.ExtractInterval(unit(a[0]), dInterval(a[1])))
	})
	registerSQL("date_part", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapPart(pgdate.DatePartDate(unit(a[0]), dDate(a[1])))
	})
	register("time_part", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapPart(pgdate.DatePartTime(unit(a[0]), dTime(a[1])))
	})
	register("timetz_part", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapPart(pgdate.DatePartTimeTZ(unit(a[0]), dTimeTZ(a[1])))
	})
	register("timestamp_part", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapPart(pgdate.DatePartTimestamp(unit(a[0]), dTS(a[1])))
	})
	register("timestamptz_part", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapPart(pgdate.DatePartTimestampTZ(unit(a[0]), dTSTZ(a[1]), envSess(env)))
	})
	register("interval_part", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapPart(pgdate.DatePartInterval(unit(a[0]), dInterval(a[1])))
	})

	// date_trunc.
	register("timestamp_trunc", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTS(pgdate.DateTrunc(unit(a[0]), dTS(a[1])))
	})
	register("timestamptz_trunc", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTSTZ(pgdate.DateTruncTZ(unit(a[0]), dTSTZ(a[1]), envSess(env)))
	})
	register("timestamptz_trunc_zone", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTSTZ(pgdate.DateTruncTZZone(unit(a[0]), dTSTZ(a[1]), a[2].Str()))
	})
	register("interval_trunc", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapIv(pgdate.DateTruncInterval(unit(a[0]), dInterval(a[1])))
	})

	// age and justify.
	register("timestamp_age", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapIv(pgdate.AgeTimestamp(dTS(a[0]), dTS(a[1])))
	})
	register("timestamptz_age", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapIv(pgdate.AgeTimestampTZ(dTSTZ(a[0]), dTSTZ(a[1]), envSess(env)))
	})
	registerSQL("age", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		if len(a) != 1 {
			return types.Null, pgerror.New(pgerror.FeatureNotSupported, "function age is not supported yet")
		}
		if sig.Args[0].Family == types.FamTimestampTZ {
			return wrapIv(pgdate.AgeTimestampTZNow(dTSTZ(a[0]), envSess(env)))
		}
		return wrapIv(pgdate.AgeTimestampNow(dTS(a[0]), envSess(env)))
	})
	register("interval_justify_hours", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapIv(pgdate.JustifyHours(dInterval(a[0])))
	})
	register("interval_justify_days", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapIv(pgdate.JustifyDays(dInterval(a[0])))
	})
	register("interval_justify_interval", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapIv(pgdate.JustifyInterval(dInterval(a[0])))
	})

	// make_*.
	register("make_date", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapDate(pgdate.MakeDate(int32Arg(a[0]), int32Arg(a[1]), int32Arg(a[2])))
	})
	register("make_time", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		v, err := pgdate.MakeTime(int32Arg(a[0]), int32Arg(a[1]), a[2].Float())
		if err != nil {
			return types.Null, err
		}
		return mkTime(v), nil
	})
	register("make_timestamp", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTS(pgdate.MakeTimestamp(int32Arg(a[0]), int32Arg(a[1]), int32Arg(a[2]), int32Arg(a[3]), int32Arg(a[4]), a[5].Float()))
	})
	register("make_timestamptz", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTSTZ(pgdate.MakeTimestampTZ(int32Arg(a[0]), int32Arg(a[1]), int32Arg(a[2]), int32Arg(a[3]), int32Arg(a[4]), a[5].Float(), envSess(env)))
	})
	register("make_timestamptz_at_timezone", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTSTZ(pgdate.MakeTimestampTZAt(int32Arg(a[0]), int32Arg(a[1]), int32Arg(a[2]), int32Arg(a[3]), int32Arg(a[4]), a[5].Float(), a[6].Str()))
	})
	register("make_interval", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapIv(pgdate.MakeInterval(int32Arg(a[0]), int32Arg(a[1]), int32Arg(a[2]), int32Arg(a[3]), int32Arg(a[4]), int32Arg(a[5]), a[6].Float()))
	})
	register("float8_timestamptz", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTSTZ(pgdate.ToTimestamp(a[0].Float()))
	})

	// AT TIME ZONE.
	register("timestamp_zone", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTSTZ(pgdate.TimestampAtZone(a[0].Str(), dTS(a[1])))
	})
	register("timestamptz_zone", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTS(pgdate.TimestampTZAtZone(a[0].Str(), dTSTZ(a[1])))
	})
	register("timestamp_izone", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTSTZ(pgdate.TimestampAtIntervalZone(dInterval(a[0]), dTS(a[1])))
	})
	register("timestamptz_izone", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return wrapTS(pgdate.TimestampTZAtIntervalZone(dInterval(a[0]), dTSTZ(a[1])))
	})
	register("timetz_zone", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		v, err := pgdate.TimeTZAtZone(a[0].Str(), dTimeTZ(a[1]), envSess(env))
		if err != nil {
			return types.Null, err
		}
		return mkTimeTZ(v), nil
	})
	register("timetz_izone", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		v, err := pgdate.TimeTZAtIntervalZone(dInterval(a[0]), dTimeTZ(a[1]))
		if err != nil {
			return types.Null, err
		}
		return mkTimeTZ(v), nil
	})

	// isfinite.
	register("date_finite", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewBool(dDate(a[0]).IsFinite()), nil
	})
	register("timestamp_finite", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewBool(dTS(a[0]).IsFinite()), nil
	})
	register("interval_finite", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewBool(true), nil
	})

	// OVERLAPS.
	for _, src := range []string{"overlaps_timestamp", "overlaps_time", "overlaps_timetz"} {
		register(src, func(_ Env, sig *Sig, a []types.Datum) (types.Datum, error) {
			return overlaps(sig.Args[0], a), nil
		})
	}
	registerSQL("overlaps", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		// The forms with an interval for an end point: start + interval.
		var ends [4]types.Datum
		copy(ends[:], a)
		for _, i := range []int{1, 3} {
			if sig.Args[i].Family != types.FamInterval {
				continue
			}
			ends[i] = types.Null
			if a[i-1].IsNull() || a[i].IsNull() {
				continue
			}
			iv := dInterval(a[i])
			switch sig.Args[i-1].Family {
			case types.FamTimestampTZ:
				v, err := pgdate.TimestampTZAddInterval(dTSTZ(a[i-1]), iv, envSess(env))
				if err != nil {
					return types.Null, err
				}
				ends[i] = mkTSTZ(v)
			case types.FamTimestamp:
				v, err := pgdate.TimestampAddInterval(dTS(a[i-1]), iv)
				if err != nil {
					return types.Null, err
				}
				ends[i] = mkTS(v)
			case types.FamTime:
				ends[i] = mkTime(pgdate.TimeAddInterval(dTime(a[i-1]), iv))
			}
		}
		return overlaps(sig.Args[0], ends[:]), nil
	})

	// date_bin.
	register("timestamp_bin", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return dateBin(dInterval(a[0]), a[1], a[2], false)
	})
	register("timestamptz_bin", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return dateBin(dInterval(a[0]), a[1], a[2], true)
	})

	// generate_series over timestamps.
	tsSeries := func(tz bool) SRFImpl {
		return func(env Env, sig *Sig, a []types.Datum) (SetIter, error) {
			step := dInterval(a[2])
			if types.CompareInterval(a[2].Interval(), types.IntervalVal{}) == 0 {
				return nil, pgerror.New(pgerror.InvalidParameterValue, "step size cannot equal zero")
			}
			neg := types.CompareInterval(a[2].Interval(), types.IntervalVal{}) < 0
			cur, stop := a[0].Micros(), a[1].Micros()
			ss := envSess(env)
			done := false
			row := make(types.Row, 1)
			return funcIter(func() (types.Row, bool, error) {
				if done || (!neg && cur > stop) || (neg && cur < stop) {
					return nil, false, nil
				}
				if tz {
					row[0] = types.NewTimestampTZ(cur)
					next, err := pgdate.TimestampTZAddInterval(pgdate.TimestampTZ(cur), step, ss)
					if err != nil {
						return nil, false, err
					}
					cur = int64(next)
				} else {
					row[0] = types.NewTimestamp(cur)
					next, err := pgdate.TimestampAddInterval(pgdate.Timestamp(cur), step)
					if err != nil {
						return nil, false, err
					}
					cur = int64(next)
				}
				return row, true, nil
			}), nil
		}
	}
	srfImpls["generate_series_timestamp"] = tsSeries(false)
	srfImpls["generate_series_timestamptz"] = tsSeries(true)

	// sum and avg of intervals.
	if sum := aggImpls["sum"]; sum != nil {
		aggImpls["sum"] = &AggDef{SkipNulls: true, New: func(s *Sig) AggState {
			if len(s.Args) == 1 && s.Args[0].Family == types.FamInterval {
				return &intervalAgg{}
			}
			return sum.New(s)
		}}
	}
	if avg := aggImpls["avg"]; avg != nil {
		aggImpls["avg"] = &AggDef{SkipNulls: true, New: func(s *Sig) AggState {
			if len(s.Args) == 1 && s.Args[0].Family == types.FamInterval {
				return &intervalAgg{avg: true}
			}
			return avg.New(s)
		}}
	}
}

func wrapNum(v *apd.Decimal, err error) (types.Datum, error) {
	if err != nil || v == nil {
		return types.Null, err
	}
	return types.NewNumeric(v), nil
}

// dateBin is PostgreSQL's timestamp_bin and timestamptz_bin.
func dateBin(stride pgdate.Interval, src, origin types.Datum, tz bool) (types.Datum, error) {
	ts, org := src.Micros(), origin.Micros()
	mk := types.NewTimestamp
	if tz {
		mk = types.NewTimestampTZ
	}
	if ts == math.MinInt64 || ts == math.MaxInt64 {
		return mk(ts), nil
	}
	if org == math.MinInt64 || org == math.MaxInt64 {
		return types.Null, pgerror.New(pgerror.DatetimeFieldOverflow, "origin out of range")
	}
	if stride.Months != 0 {
		return types.Null, pgerror.New(pgerror.FeatureNotSupported, "timestamps cannot be binned into intervals containing months or years")
	}
	const usPerDay = 86400000000
	strideUS := int64(stride.Days)*usPerDay + stride.Microseconds
	if strideUS <= 0 {
		return types.Null, pgerror.New(pgerror.DatetimeFieldOverflow, "stride must be greater than zero")
	}
	diff := ts - org
	if (org < 0 && ts > math.MaxInt64+org) || (org > 0 && ts < math.MinInt64+org) {
		return types.Null, pgerror.New(pgerror.DatetimeFieldOverflow, "interval out of range")
	}
	delta := diff - diff%strideUS
	// PostgreSQL 15 moves a result before the input back one bin when
	// the origin is later than the input.
	if org > ts && strideUS > 1 {
		delta -= strideUS
	}
	r := org + delta
	return mk(r), nil
}

// intervalAgg is sum(interval) and avg(interval).
type intervalAgg struct {
	avg   bool
	sum   pgdate.Interval
	count int64
}

func (a *intervalAgg) Add(_ Env, args []types.Datum) error {
	v, err := pgdate.IntervalAdd(a.sum, dInterval(args[0]))
	if err != nil {
		return err
	}
	a.sum = v
	a.count++
	return nil
}

func (a *intervalAgg) Result(Env) (types.Datum, error) {
	if a.count == 0 {
		return types.Null, nil
	}
	if !a.avg {
		return mkInterval(a.sum), nil
	}
	return wrapIv(pgdate.IntervalDiv(a.sum, float64(a.count)))
}

// overlaps is PostgreSQL's overlaps_timestamp (and overlaps_time,
// overlaps_timetz): SQL's OVERLAPS with its treatment of NULL end points.
func overlaps(t *types.T, a []types.Datum) types.Datum {
	ts1, te1, ts2, te2 := a[0], a[1], a[2], a[3]
	gt := func(x, y types.Datum) bool { return types.Compare(t, x, y) > 0 }
	lt := func(x, y types.Datum) bool { return types.Compare(t, x, y) < 0 }
	if ts1.IsNull() {
		if te1.IsNull() {
			return types.Null
		}
		ts1, te1 = te1, types.Null
	} else if !te1.IsNull() && gt(ts1, te1) {
		ts1, te1 = te1, ts1
	}
	if ts2.IsNull() {
		if te2.IsNull() {
			return types.Null
		}
		ts2, te2 = te2, types.Null
	} else if !te2.IsNull() && gt(ts2, te2) {
		ts2, te2 = te2, ts2
	}
	switch {
	case gt(ts1, ts2):
		if te2.IsNull() {
			return types.Null
		}
		if lt(ts1, te2) {
			return types.NewBool(true)
		}
		if te1.IsNull() {
			return types.Null
		}
		return types.NewBool(false)
	case lt(ts1, ts2):
		if te1.IsNull() {
			return types.Null
		}
		if lt(ts2, te1) {
			return types.NewBool(true)
		}
		if te2.IsNull() {
			return types.Null
		}
		return types.NewBool(false)
	}
	if te1.IsNull() || te2.IsNull() {
		return types.Null
	}
	return types.NewBool(true)
}

// DateTimeRangeFrame is the bound of a RANGE frame with an offset over a
// date/time ORDER BY key of type t (PostgreSQL's in_range_date_interval,
// in_range_timestamp_interval, in_range_timestamptz_interval,
// in_range_time_interval and in_range_interval_interval): it returns a
// function comparing a row's key with key + off (key - off when sub).
// isDateTime is false when t is not a date/time type.
func DateTimeRangeFrame(env Env, t *types.T, key, off types.Datum, sub bool) (cmp func(x types.Datum) int, isDateTime bool, err error) {
	if !isDateTimeFam(t.Family) || off.Kind() != types.KInterval {
		return nil, false, nil
	}
	iv := dInterval(off)
	if sub {
		if iv, err = pgdate.IntervalNeg(iv); err != nil {
			return nil, true, err
		}
	}
	switch t.Family {
	case types.FamDate:
		ts, err := pgdate.DateToTimestamp(dDate(key))
		if err != nil {
			return nil, true, err
		}
		b, err := pgdate.TimestampAddInterval(ts, iv)
		if err != nil {
			return nil, true, err
		}
		return func(x types.Datum) int { return cmp64(dateToTS(dDate(x)), int64(b)) }, true, nil
	case types.FamTimestamp:
		b, err := pgdate.TimestampAddInterval(dTS(key), iv)
		if err != nil {
			return nil, true, err
		}
		return func(x types.Datum) int { return cmp64(x.Micros(), int64(b)) }, true, nil
	case types.FamTimestampTZ:
		b, err := pgdate.TimestampTZAddInterval(dTSTZ(key), iv, envSess(env))
		if err != nil {
			return nil, true, err
		}
		return func(x types.Datum) int { return cmp64(x.Micros(), int64(b)) }, true, nil
	case types.FamTime:
		// in_range_time adds without wrapping around midnight.
		b := key.Micros() + iv.Microseconds
		return func(x types.Datum) int { return cmp64(x.Micros(), b) }, true, nil
	case types.FamInterval:
		b, err := pgdate.IntervalAdd(dInterval(key), iv)
		if err != nil {
			return nil, true, err
		}
		bd := mkInterval(b)
		return func(x types.Datum) int { return types.Compare(types.Interval, x, bd) }, true, nil
	}
	return nil, false, nil
}
