package pgdate

// Calendar arithmetic on the proleptic Gregorian calendar, with year 0 as
// 1 BC (PostgreSQL's internal convention), and conversion between the
// stored values and broken-down fields (PostgreSQL's struct pg_tm).

// date2j returns the Julian day number of a Gregorian date, by the
// Fliegel-Van Flandern method, in 32-bit arithmetic as PostgreSQL
// computes it, so that the out-of-range fields to_char passes for
// intervals give PostgreSQL's values.
func date2j(year, month, day int) int {
	y, m, d := int32(year), int32(month), int32(day)
	if m > 2 {
		m++
		y += 4800
	} else {
		m += 13
		y += 4799
	}
	century := y / 100
	jd := y*365 - 32167
	jd += y/4 - century + century/4
	jd += 7834*m/256 + d
	return int(jd)
}

// j2date is the inverse of date2j.
func j2date(jd int) (y, m, d int) {
	z := jd - unixEpochJDate + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return
}

// j2day returns the day of the week of a Julian day: 0 is Sunday.
func j2day(jd int) int {
	d := (int32(jd) + 1) % 7
	if d < 0 {
		d += 7
	}
	return int(d)
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

var dayTab = [2][12]int{
	{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
	{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
}

func daysInMonth(y, m int) int {
	if isLeap(y) {
		return dayTab[1][m-1]
	}
	return dayTab[0][m-1]
}

// date2isoweek returns the ISO 8601 week number of a date. Like the other
// ISO week functions it works in 32-bit arithmetic, as PostgreSQL does.
func date2isoweek(year, mon, mday int) int {
	dayn := int32(date2j(year, mon, mday))
	day4 := int32(date2j(year, 1, 4))
	day0 := int32(j2day(int(day4 - 1)))
	if dayn < day4-day0 {
		day4 = int32(date2j(year-1, 1, 4))
		day0 = int32(j2day(int(day4 - 1)))
	}
	result := (dayn-(day4-day0))/7 + 1
	if result >= 52 {
		day4 = int32(date2j(year+1, 1, 4))
		day0 = int32(j2day(int(day4 - 1)))
		if dayn >= day4-day0 {
			result = (dayn-(day4-day0))/7 + 1
		}
	}
	return int(result)
}

// date2isoyear returns the ISO 8601 week-numbering year of a date.
func date2isoyear(year, mon, mday int) int {
	y := int32(year)
	dayn := int32(date2j(year, mon, mday))
	day4 := int32(date2j(int(y), 1, 4))
	day0 := int32(j2day(int(day4 - 1)))
	if dayn < day4-day0 {
		day4 = int32(date2j(int(y-1), 1, 4))
		day0 = int32(j2day(int(day4 - 1)))
		y--
	}
	result := (dayn-(day4-day0))/7 + 1
	if result >= 52 {
		day4 = int32(date2j(int(y+1), 1, 4))
		day0 = int32(j2day(int(day4 - 1)))
		if dayn >= day4-day0 {
			y++
		}
	}
	return int(y)
}

// isoweek2j returns the Julian day of the Monday of an ISO week.
func isoweek2j(year, week int) int {
	day4 := int32(date2j(year, 1, 4))
	day0 := int32(j2day(int(day4 - 1)))
	return int((int32(week)-1)*7 + (day4 - day0))
}

// date2isoyearday returns the day of the ISO week-numbering year (1-371).
func date2isoyearday(year, mon, mday int) int {
	return int(int32(date2j(year, mon, mday)) - int32(isoweek2j(date2isoyear(year, mon, mday), 1)) + 1)
}

// tm is a broken-down date and time (PostgreSQL's struct pg_tm, with the
// fractional second alongside). Years are astronomical: 0 is 1 BC.
type tm struct {
	year, mon, mday  int
	hour, min, sec   int
	fsec             int64 // microseconds
	wday, yday       int
	isdst            int
	gmtoff           int // seconds east of UTC
	zone             string
	hasZone, zoneSet bool
}

// dt2time splits microseconds since midnight.
func dt2time(t int64) (hour, min, sec int, fsec int64) {
	hour = int(t / usecsPerHour)
	t -= int64(hour) * usecsPerHour
	min = int(t / usecsPerMinute)
	t -= int64(min) * usecsPerMinute
	sec = int(t / usecsPerSec)
	fsec = t - int64(sec)*usecsPerSec
	return
}

func time2t(hour, min, sec int, fsec int64) int64 {
	return ((int64(hour)*minsPerHour+int64(min))*secsPerMinute+int64(sec))*usecsPerSec + fsec
}

// timestamp2tmUTC breaks a finite timestamp into fields without any time
// zone (PostgreSQL's timestamp2tm with tzp == NULL). ok is false when the
// value is outside the Julian-day routines' range.
func timestamp2tmUTC(dt int64, t *tm) bool {
	date := dt / usecsPerDay
	tod := dt - date*usecsPerDay
	if tod < 0 {
		tod += usecsPerDay
		date--
	}
	date += postgresEpochJDate
	if date < 0 || date > 2147483647 {
		return false
	}
	breakDown(dt, t)
	return true
}

// breakDown fills t from a timestamp without any range check.
func breakDown(dt int64, t *tm) {
	date, tod := floorDivMod(dt, usecsPerDay)
	t.year, t.mon, t.mday = j2date(int(date + postgresEpochJDate))
	t.hour, t.min, t.sec, t.fsec = dt2time(tod)
	t.isdst = -1
	t.gmtoff = 0
	t.zone = ""
	t.hasZone = false
}

// tm2timestamp combines fields into a timestamp; tz, when non-nil, is the
// zone offset in seconds west of UTC to convert from. ok is false on
// overflow (PostgreSQL's tm2timestamp).
func tm2timestamp(t *tm, tz *int) (int64, bool) {
	if !validJulian(t.year, t.mon, t.mday) {
		return 0, false
	}
	date := int64(date2j(t.year, t.mon, t.mday) - postgresEpochJDate)
	tod := time2t(t.hour, t.min, t.sec, t.fsec)
	result := date*usecsPerDay + tod
	if (result-tod)/usecsPerDay != date {
		return 0, false
	}
	if (result < 0 && date > 0) || (result > 0 && date < -1) {
		return 0, false
	}
	if tz != nil {
		result += int64(*tz) * usecsPerSec
	}
	if !validTimestamp(result) {
		return 0, false
	}
	return result, true
}
