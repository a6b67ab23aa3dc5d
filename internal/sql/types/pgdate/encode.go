package pgdate

import (
	"strconv"
)

// Output formatting (PostgreSQL's EncodeDateOnly, EncodeTimeOnly,
// EncodeDateTime and EncodeInterval in utils/adt/datetime.c).

var monthNames = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
var dayNames = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

const maxTZLen = 10

// appendYear appends a year in AD/BC numbering, zero-padded to 4 digits.
func appendYear(b []byte, year int) []byte {
	if year > 0 {
		return appendZeroPad(b, int64(year), 4)
	}
	return appendZeroPad(b, int64(-(year - 1)), 4)
}

// appendSeconds appends seconds and a fraction without trailing zeros
// (PostgreSQL's AppendSeconds); fillzeros pads the seconds to two digits.
func appendSeconds(b []byte, sec int, fsec int64, precision int, fillzeros bool) []byte {
	if sec < 0 {
		sec = -sec
	}
	if fillzeros {
		b = appendZeroPad(b, int64(sec), 2)
	} else {
		b = strconv.AppendInt(b, int64(sec), 10)
	}
	if fsec == 0 {
		return b
	}
	if fsec < 0 {
		fsec = -fsec
	}
	var digits [6]byte
	v := fsec
	end := 0
	for i := precision - 1; i >= 0; i-- {
		d := byte(v % 10)
		v /= 10
		digits[i] = '0' + d
		if d != 0 && end == 0 {
			end = i + 1
		}
	}
	if v != 0 {
		b = append(b, '.')
		return strconv.AppendInt(b, fsec, 10)
	}
	b = append(b, '.')
	return append(b, digits[:end]...)
}

// appendTimezone appends a numeric zone such as "+05:30"; tz is seconds
// west of UTC (PostgreSQL's EncodeTimezone).
func appendTimezone(b []byte, tz int) []byte {
	sec := tz
	if sec < 0 {
		sec = -sec
	}
	min := sec / secsPerMinute
	sec -= min * secsPerMinute
	hour := min / minsPerHour
	min -= hour * minsPerHour
	if tz <= 0 {
		b = append(b, '+')
	} else {
		b = append(b, '-')
	}
	b = appendZeroPad(b, int64(hour), 2)
	if sec != 0 {
		b = append(b, ':')
		b = appendZeroPad(b, int64(min), 2)
		b = append(b, ':')
		b = appendZeroPad(b, int64(sec), 2)
	} else if min != 0 {
		b = append(b, ':')
		b = appendZeroPad(b, int64(min), 2)
	}
	return b
}

func appendDateOnly(b []byte, t *tm, style DateStyle, order DateOrder) []byte {
	switch style {
	case StyleISO:
		b = appendYear(b, t.year)
		b = append(b, '-')
		b = appendZeroPad(b, int64(t.mon), 2)
		b = append(b, '-')
		b = appendZeroPad(b, int64(t.mday), 2)
	case StyleSQL:
		if order == OrderDMY {
			b = appendZeroPad(b, int64(t.mday), 2)
			b = append(b, '/')
			b = appendZeroPad(b, int64(t.mon), 2)
		} else {
			b = appendZeroPad(b, int64(t.mon), 2)
			b = append(b, '/')
			b = appendZeroPad(b, int64(t.mday), 2)
		}
		b = append(b, '/')
		b = appendYear(b, t.year)
	case StyleGerman:
		b = appendZeroPad(b, int64(t.mday), 2)
		b = append(b, '.')
		b = appendZeroPad(b, int64(t.mon), 2)
		b = append(b, '.')
		b = appendYear(b, t.year)
	default:
		if order == OrderDMY {
			b = appendZeroPad(b, int64(t.mday), 2)
			b = append(b, '-')
			b = appendZeroPad(b, int64(t.mon), 2)
		} else {
			b = appendZeroPad(b, int64(t.mon), 2)
			b = append(b, '-')
			b = appendZeroPad(b, int64(t.mday), 2)
		}
		b = append(b, '-')
		b = appendYear(b, t.year)
	}
	if t.year <= 0 {
		b = append(b, " BC"...)
	}
	return b
}

func appendTimeOnly(b []byte, t *tm, printTZ bool, tz int) []byte {
	b = appendZeroPad(b, int64(t.hour), 2)
	b = append(b, ':')
	b = appendZeroPad(b, int64(t.min), 2)
	b = append(b, ':')
	b = appendSeconds(b, t.sec, t.fsec, maxTimePrecision, true)
	if printTZ {
		b = appendTimezone(b, tz)
	}
	return b
}

func appendHMS(b []byte, t *tm) []byte {
	b = appendZeroPad(b, int64(t.hour), 2)
	b = append(b, ':')
	b = appendZeroPad(b, int64(t.min), 2)
	b = append(b, ':')
	return appendSeconds(b, t.sec, t.fsec, maxTimestampPrecision, true)
}

func appendTZName(b []byte, name string) []byte {
	if len(name) > maxTZLen {
		name = name[:maxTZLen]
	}
	return append(b, name...)
}

// appendDateTime formats a timestamp (PostgreSQL's EncodeDateTime). tz is
// seconds west; tzn is the zone abbreviation ("" for none).
func appendDateTime(b []byte, t *tm, printTZ bool, tz int, tzn string, hasTzn bool, style DateStyle, order DateOrder) []byte {
	switch style {
	case StyleISO:
		b = appendYear(b, t.year)
		b = append(b, '-')
		b = appendZeroPad(b, int64(t.mon), 2)
		b = append(b, '-')
		b = appendZeroPad(b, int64(t.mday), 2)
		b = append(b, ' ')
		b = appendHMS(b, t)
		if printTZ {
			b = appendTimezone(b, tz)
		}
	case StyleSQL:
		if order == OrderDMY {
			b = appendZeroPad(b, int64(t.mday), 2)
			b = append(b, '/')
			b = appendZeroPad(b, int64(t.mon), 2)
		} else {
			b = appendZeroPad(b, int64(t.mon), 2)
			b = append(b, '/')
			b = appendZeroPad(b, int64(t.mday), 2)
		}
		b = append(b, '/')
		b = appendYear(b, t.year)
		b = append(b, ' ')
		b = appendHMS(b, t)
		if printTZ {
			if hasTzn {
				b = append(b, ' ')
				b = appendTZName(b, tzn)
			} else {
				b = appendTimezone(b, tz)
			}
		}
	case StyleGerman:
		b = appendZeroPad(b, int64(t.mday), 2)
		b = append(b, '.')
		b = appendZeroPad(b, int64(t.mon), 2)
		b = append(b, '.')
		b = appendYear(b, t.year)
		b = append(b, ' ')
		b = appendHMS(b, t)
		if printTZ {
			if hasTzn {
				b = append(b, ' ')
				b = appendTZName(b, tzn)
			} else {
				b = appendTimezone(b, tz)
			}
		}
	default:
		wday := j2day(date2j(t.year, t.mon, t.mday))
		b = append(b, dayNames[wday]...)
		b = append(b, ' ')
		if order == OrderDMY {
			b = appendZeroPad(b, int64(t.mday), 2)
			b = append(b, ' ')
			b = append(b, monthNames[t.mon-1]...)
		} else {
			b = append(b, monthNames[t.mon-1]...)
			b = append(b, ' ')
			b = appendZeroPad(b, int64(t.mday), 2)
		}
		b = append(b, ' ')
		b = appendHMS(b, t)
		b = append(b, ' ')
		b = appendYear(b, t.year)
		if printTZ {
			if hasTzn {
				b = append(b, ' ')
				b = appendTZName(b, tzn)
			} else {
				b = append(b, ' ')
				b = appendTimezone(b, tz)
			}
		}
	}
	if t.year <= 0 {
		b = append(b, " BC"...)
	}
	return b
}

// itmOut is a broken-down interval for output (PostgreSQL's struct pg_itm).
type itmOut struct {
	year, mon int
	mday      int64
	hour      int64
	min, sec  int
	usec      int64
}

func interval2itm(iv Interval) itmOut {
	var o itmOut
	o.year = int(iv.Months / monthsPerYear)
	o.mon = int(iv.Months % monthsPerYear)
	o.mday = int64(iv.Days)
	t := iv.Microseconds
	o.hour = t / usecsPerHour
	t -= o.hour * usecsPerHour
	o.min = int(t / usecsPerMinute)
	t -= int64(o.min) * usecsPerMinute
	o.sec = int(t / usecsPerSec)
	t -= int64(o.sec) * usecsPerSec
	o.usec = t
	return o
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func absInt(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// appendInterval formats an interval (PostgreSQL's EncodeInterval).
func appendInterval(b []byte, iv Interval, style IntervalStyle) []byte {
	o := interval2itm(iv)
	year, mon, mday, hour, min, sec, fsec := o.year, o.mon, o.mday, o.hour, o.min, o.sec, o.usec
	isBefore := false
	isZero := true
	switch style {
	case IntervalSQLStandard:
		hasNeg := year < 0 || mon < 0 || mday < 0 || hour < 0 || min < 0 || sec < 0 || fsec < 0
		hasPos := year > 0 || mon > 0 || mday > 0 || hour > 0 || min > 0 || sec > 0 || fsec > 0
		hasYM := year != 0 || mon != 0
		hasDT := mday != 0 || hour != 0 || min != 0 || sec != 0 || fsec != 0
		hasDay := mday != 0
		sqlStd := !(hasNeg && hasPos) && !(hasYM && hasDT)
		if hasNeg && sqlStd {
			b = append(b, '-')
			year, mon, mday, hour, min, sec, fsec = -year, -mon, -mday, -hour, -min, -sec, -fsec
		}
		switch {
		case !hasNeg && !hasPos:
			b = append(b, '0')
		case !sqlStd:
			ysign, dsign, ssign := byte('+'), byte('+'), byte('+')
			if year < 0 || mon < 0 {
				ysign = '-'
			}
			if mday < 0 {
				dsign = '-'
			}
			if hour < 0 || min < 0 || sec < 0 || fsec < 0 {
				ssign = '-'
			}
			b = append(b, ysign)
			b = strconv.AppendInt(b, int64(absInt(year)), 10)
			b = append(b, '-')
			b = strconv.AppendInt(b, int64(absInt(mon)), 10)
			b = append(b, ' ', dsign)
			b = strconv.AppendUint(b, uint64(abs64(mday)), 10)
			b = append(b, ' ', ssign)
			b = strconv.AppendUint(b, uint64(abs64(hour)), 10)
			b = append(b, ':')
			b = appendZeroPad(b, int64(absInt(min)), 2)
			b = append(b, ':')
			b = appendSeconds(b, sec, fsec, maxIntervalPrecision, true)
		case hasYM:
			b = strconv.AppendInt(b, int64(year), 10)
			b = append(b, '-')
			b = strconv.AppendInt(b, int64(mon), 10)
		case hasDay:
			b = strconv.AppendInt(b, mday, 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, hour, 10)
			b = append(b, ':')
			b = appendZeroPad(b, int64(min), 2)
			b = append(b, ':')
			b = appendSeconds(b, sec, fsec, maxIntervalPrecision, true)
		default:
			b = strconv.AppendInt(b, hour, 10)
			b = append(b, ':')
			b = appendZeroPad(b, int64(min), 2)
			b = append(b, ':')
			b = appendSeconds(b, sec, fsec, maxIntervalPrecision, true)
		}
	case IntervalISO8601:
		if year == 0 && mon == 0 && mday == 0 && hour == 0 && min == 0 && sec == 0 && fsec == 0 {
			return append(b, "PT0S"...)
		}
		b = append(b, 'P')
		part := func(v int64, unit byte) {
			if v != 0 {
				b = strconv.AppendInt(b, v, 10)
				b = append(b, unit)
			}
		}
		part(int64(year), 'Y')
		part(int64(mon), 'M')
		part(mday, 'D')
		if hour != 0 || min != 0 || sec != 0 || fsec != 0 {
			b = append(b, 'T')
		}
		part(hour, 'H')
		part(int64(min), 'M')
		if sec != 0 || fsec != 0 {
			if sec < 0 || fsec < 0 {
				b = append(b, '-')
			}
			b = appendSeconds(b, sec, fsec, maxIntervalPrecision, false)
			b = append(b, 'S')
		}
	case IntervalPostgres:
		part := func(v int64, units string) {
			if v == 0 {
				return
			}
			if !isZero {
				b = append(b, ' ')
			}
			if isBefore && v > 0 {
				b = append(b, '+')
			}
			b = strconv.AppendInt(b, v, 10)
			b = append(b, ' ')
			b = append(b, units...)
			if v != 1 {
				b = append(b, 's')
			}
			isBefore = v < 0
			isZero = false
		}
		part(int64(year), "year")
		part(int64(mon), "mon")
		part(mday, "day")
		if isZero || hour != 0 || min != 0 || sec != 0 || fsec != 0 {
			minus := hour < 0 || min < 0 || sec < 0 || fsec < 0
			if !isZero {
				b = append(b, ' ')
			}
			if minus {
				b = append(b, '-')
			} else if isBefore {
				b = append(b, '+')
			}
			b = appendZeroPad(b, abs64(hour), 2)
			b = append(b, ':')
			b = appendZeroPad(b, int64(absInt(min)), 2)
			b = append(b, ':')
			b = appendSeconds(b, sec, fsec, maxIntervalPrecision, true)
		}
	default: // postgres_verbose
		b = append(b, '@')
		part := func(v int64, units string) {
			if v == 0 {
				return
			}
			if isZero {
				isBefore = v < 0
				v = abs64(v)
			} else if isBefore {
				v = -v
			}
			b = append(b, ' ')
			b = strconv.AppendInt(b, v, 10)
			b = append(b, ' ')
			b = append(b, units...)
			if v != 1 {
				b = append(b, 's')
			}
			isZero = false
		}
		part(int64(year), "year")
		part(int64(mon), "mon")
		part(mday, "day")
		part(hour, "hour")
		part(int64(min), "min")
		if sec != 0 || fsec != 0 {
			b = append(b, ' ')
			if sec < 0 || (sec == 0 && fsec < 0) {
				if isZero {
					isBefore = true
				} else if !isBefore {
					b = append(b, '-')
				}
			} else if isBefore {
				b = append(b, '-')
			}
			b = appendSeconds(b, sec, fsec, maxIntervalPrecision, false)
			b = append(b, " sec"...)
			if absInt(sec) != 1 || fsec != 0 {
				b = append(b, 's')
			}
			isZero = false
		}
		if isZero {
			b = append(b, " 0"...)
		}
		if isBefore {
			b = append(b, " ago"...)
		}
	}
	return b
}
