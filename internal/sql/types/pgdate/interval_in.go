package pgdate

import (
	"math"
)

// Interval input (PostgreSQL's DecodeInterval and DecodeISO8601Interval).

// Interval field bits of an interval typmod (PostgreSQL's INTERVAL_MASK
// positions: the same numbers as the token types).
const (
	iMonth  = 1
	iYear   = 2
	iDay    = 3
	iHour   = 10
	iMinute = 11
	iSecond = 12

	intervalFullRange     = 0x7FFF
	intervalFullPrecision = 0xFFFF
)

func intervalMask(b int) int { return 1 << uint(b) }

// IntervalFields is the field restriction of an interval type, such as
// DAY TO SECOND, as a set of bits; IntervalAllFields means none.
type IntervalFields int

// The field restrictions of the SQL interval qualifiers.
const (
	IntervalYear           IntervalFields = 1 << iYear
	IntervalMonth          IntervalFields = 1 << iMonth
	IntervalDay            IntervalFields = 1 << iDay
	IntervalHour           IntervalFields = 1 << iHour
	IntervalMinute         IntervalFields = 1 << iMinute
	IntervalSecond         IntervalFields = 1 << iSecond
	IntervalYearToMonth                   = IntervalYear | IntervalMonth
	IntervalDayToHour                     = IntervalDay | IntervalHour
	IntervalDayToMinute                   = IntervalDay | IntervalHour | IntervalMinute
	IntervalDayToSecond                   = IntervalDay | IntervalHour | IntervalMinute | IntervalSecond
	IntervalHourToMinute                  = IntervalHour | IntervalMinute
	IntervalHourToSecond                  = IntervalHour | IntervalMinute | IntervalSecond
	IntervalMinuteToSecond                = IntervalMinute | IntervalSecond
	IntervalAllFields      IntervalFields = intervalFullRange
)

// IntervalTypmod encodes an interval typmod as PostgreSQL does
// (INTERVAL_TYPMOD): precision -1 means unspecified.
func IntervalTypmod(fields IntervalFields, precision int) int32 {
	p := precision
	if p < 0 {
		p = intervalFullPrecision
	}
	return int32(int(fields)<<16 | (p & 0xFFFF))
}

// IntervalTypmodParts decodes an interval typmod; precision is -1 when
// unspecified. A typmod of -1 yields all fields and precision -1.
func IntervalTypmodParts(typmod int32) (IntervalFields, int) {
	if typmod < 0 {
		return IntervalAllFields, -1
	}
	p := int(typmod & 0xFFFF)
	if p == intervalFullPrecision {
		p = -1
	}
	return IntervalFields((typmod >> 16) & 0x7FFF), p
}

// itmIn accumulates interval input (PostgreSQL's struct pg_itm_in).
type itmIn struct {
	usec int64
	mday int32
	mon  int32
	year int32
}

func addS64(a, b int64) (int64, bool) {
	c := a + b
	if (c > a) == (b > 0) {
		return c, true
	}
	return c, false
}

func mulS64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	c := a * b
	if c/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return c, false
	}
	return c, true
}

func addS32(a int32, b int64) (int32, bool) {
	c := int64(a) + b
	if c < math.MinInt32 || c > math.MaxInt32 {
		return 0, false
	}
	return int32(c), true
}

func int64MultiplyAdd(val, mul int64, sum *int64) bool {
	p, ok := mulS64(val, mul)
	if !ok {
		return false
	}
	s, ok := addS64(*sum, p)
	if !ok {
		return false
	}
	*sum = s
	return true
}

func (it *itmIn) adjustFractMicroseconds(frac float64, scale int64) bool {
	if frac == 0 {
		return true
	}
	frac *= float64(scale)
	usec := int64(frac)
	frac -= float64(usec)
	usec += int64(math.RoundToEven(frac))
	s, ok := addS64(it.usec, usec)
	it.usec = s
	return ok
}

func (it *itmIn) adjustFractDays(frac float64, scale int) bool {
	if frac == 0 {
		return true
	}
	frac *= float64(scale)
	extra := int64(int32(frac))
	d, ok := addS32(it.mday, extra)
	if !ok {
		return false
	}
	it.mday = d
	frac -= float64(extra)
	return it.adjustFractMicroseconds(frac, usecsPerDay)
}

func (it *itmIn) adjustFractYears(frac float64, scale int) bool {
	extra := int64(math.RoundToEven(frac * float64(scale) * monthsPerYear))
	m, ok := addS32(it.mon, extra)
	it.mon = m
	return ok
}

func (it *itmIn) adjustMicroseconds(val int64, fval float64, scale int64) bool {
	if !int64MultiplyAdd(val, scale, &it.usec) {
		return false
	}
	return it.adjustFractMicroseconds(fval, scale)
}

func (it *itmIn) adjustDays(val int64, scale int) bool {
	if val < math.MinInt32 || val > math.MaxInt32 {
		return false
	}
	days := val * int64(scale)
	if days < math.MinInt32 || days > math.MaxInt32 {
		return false
	}
	d, ok := addS32(it.mday, days)
	it.mday = d
	return ok
}

func (it *itmIn) adjustMonths(val int64) bool {
	if val < math.MinInt32 || val > math.MaxInt32 {
		return false
	}
	m, ok := addS32(it.mon, val)
	it.mon = m
	return ok
}

func (it *itmIn) adjustYears(val int64, scale int) bool {
	if val < math.MinInt32 || val > math.MaxInt32 {
		return false
	}
	y := val * int64(scale)
	if y < math.MinInt32 || y > math.MaxInt32 {
		return false
	}
	r, ok := addS32(it.year, y)
	it.year = r
	return ok
}

// decodeInterval interprets the fields of an interval, reading right to
// left so that units are seen before their values (PostgreSQL's
// DecodeInterval). rng is the typmod's field range.
func decodeInterval(fl *fieldList, rng int, style IntervalStyle, it *itmIn) error {
	forceNegative := false
	isBefore := false
	fmask := 0
	var typ dtk = -1 // IGNORE_DTF
	*it = itmIn{}

	if style == IntervalSQLStandard && fl.n > 0 && fl.f[0] != "" && fl.f[0][0] == '-' {
		forceNegative = true
		for i := 1; i < fl.n; i++ {
			if fl.f[i] != "" && (fl.f[i][0] == '-' || fl.f[i][0] == '+') {
				forceNegative = false
				break
			}
		}
	}

	for i := fl.n - 1; i >= 0; i-- {
		field := fl.f[i]
		tmask := 0
		ft := fl.ft[i]
		if ft == dtkTZ {
			// A signed hh:mm[:ss] is a time; otherwise a signed number.
			if hasColon(field[1:]) {
				if tm2, err := decodeTimeForInterval(field[1:], rng, it); err == nil {
					if field[0] == '-' {
						if it.usec == math.MinInt64 {
							return errFieldOverflow
						}
						it.usec = -it.usec
					}
					if forceNegative && it.usec > 0 {
						it.usec = -it.usec
					}
					typ = dtkDay
					tmask = tm2
					if tmask&fmask != 0 {
						return errBadFormat
					}
					fmask |= tmask
					continue
				}
			}
			ft = dtkNumber
		}
		switch ft {
		case dtkTime:
			tm2, err := decodeTimeForInterval(field, rng, it)
			if err != nil {
				return err
			}
			if forceNegative && it.usec > 0 {
				it.usec = -it.usec
			}
			typ = dtkDay
			tmask = tm2

		case dtkDate, dtkNumber:
			if typ == -1 {
				switch rng {
				case intervalMask(iYear):
					typ = dtkYear
				case intervalMask(iMonth), intervalMask(iYear) | intervalMask(iMonth):
					typ = dtkMonth
				case intervalMask(iDay):
					typ = dtkDay
				case intervalMask(iHour), intervalMask(iDay) | intervalMask(iHour):
					typ = dtkHour
				case intervalMask(iMinute), intervalMask(iHour) | intervalMask(iMinute),
					intervalMask(iDay) | intervalMask(iHour) | intervalMask(iMinute):
					typ = dtkMinute
				default:
					typ = dtkSecond
				}
			}
			val, n, erange := strtoi64(field)
			if erange {
				return errFieldOverflow
			}
			cp := field[n:]
			var fval float64
			switch {
			case cp != "" && cp[0] == '-':
				val2, n2, erange2 := strtoint(cp[1:])
				if erange2 || val2 < 0 || val2 >= monthsPerYear {
					return errFieldOverflow
				}
				if cp[1+n2:] != "" {
					return errBadFormat
				}
				typ = dtkMonth
				if field[0] == '-' {
					val2 = -val2
				}
				var ok bool
				if val, ok = mulS64(val, monthsPerYear); !ok {
					return errFieldOverflow
				}
				if val, ok = addS64(val, int64(val2)); !ok {
					return errFieldOverflow
				}
				fval = 0
			case cp != "" && cp[0] == '.':
				f, err := parseFraction(cp)
				if err != nil {
					return err
				}
				fval = f
				if field[0] == '-' {
					fval = -fval
				}
			case cp == "":
				fval = 0
			default:
				return errBadFormat
			}
			if forceNegative {
				if val > 0 {
					val = -val
				}
				if fval > 0 {
					fval = -fval
				}
			}
			ok := true
			switch typ {
			case dtkMicrosec:
				ok = it.adjustMicroseconds(val, fval, 1)
				tmask = dtkM(tMicrosecond)
			case dtkMillisec:
				ok = it.adjustMicroseconds(val, fval, 1000)
				tmask = dtkM(tMillisecond)
			case dtkSecond:
				ok = it.adjustMicroseconds(val, fval, usecsPerSec)
				if fval == 0 {
					tmask = dtkM(tSecond)
				} else {
					tmask = dtkAllSecsM
				}
			case dtkMinute:
				ok = it.adjustMicroseconds(val, fval, usecsPerMinute)
				tmask = dtkM(tMinute)
			case dtkHour:
				ok = it.adjustMicroseconds(val, fval, usecsPerHour)
				tmask = dtkM(tHour)
				typ = dtkDay
			case dtkDay:
				ok = it.adjustDays(val, 1) && it.adjustFractMicroseconds(fval, usecsPerDay)
				tmask = dtkM(tDay)
			case dtkWeek:
				ok = it.adjustDays(val, 7) && it.adjustFractDays(fval, 7)
				tmask = dtkM(tWeek)
			case dtkMonth:
				ok = it.adjustMonths(val) && it.adjustFractDays(fval, daysPerMonth)
				tmask = dtkM(tMonth)
			case dtkYear:
				ok = it.adjustYears(val, 1) && it.adjustFractYears(fval, 1)
				tmask = dtkM(tYear)
			case dtkDecade:
				ok = it.adjustYears(val, 10) && it.adjustFractYears(fval, 10)
				tmask = dtkM(tDecade)
			case dtkCentury:
				ok = it.adjustYears(val, 100) && it.adjustFractYears(fval, 100)
				tmask = dtkM(tCentury)
			case dtkMillennium:
				ok = it.adjustYears(val, 1000) && it.adjustFractYears(fval, 1000)
				tmask = dtkM(tMillennium)
			default:
				return errBadFormat
			}
			if !ok {
				return errFieldOverflow
			}

		case dtkString, dtkSpecial:
			t, uval := decodeUnits(field)
			if t == tIgnore {
				continue
			}
			switch t {
			case tUnits:
				typ = dtk(uval)
			case tAgo:
				isBefore = true
				typ = dtk(uval)
			default:
				return errBadFormat
			}

		default:
			return errBadFormat
		}
		if tmask&fmask != 0 {
			return errBadFormat
		}
		fmask |= tmask
	}
	if fmask == 0 {
		return errBadFormat
	}
	if isBefore {
		if it.usec == math.MinInt64 || it.mday == math.MinInt32 || it.mon == math.MinInt32 || it.year == math.MinInt32 {
			return errFieldOverflow
		}
		it.usec = -it.usec
		it.mday = -it.mday
		it.mon = -it.mon
		it.year = -it.year
	}
	return nil
}

func hasColon(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return true
		}
	}
	return false
}

// decodeTimeForInterval parses a time field of an interval, replacing the
// accumulated microseconds as PostgreSQL does.
func decodeTimeForInterval(str string, rng int, it *itmIn) (int, error) {
	t, err := decodeTimeCommon(str, rng)
	if err != nil {
		return 0, err
	}
	it.usec = t.usec
	if !int64MultiplyAdd(t.hour, usecsPerHour, &it.usec) ||
		!int64MultiplyAdd(int64(t.min), usecsPerMinute, &it.usec) ||
		!int64MultiplyAdd(int64(t.sec), usecsPerSec, &it.usec) {
		return 0, errFieldOverflow
	}
	return dtkTimeM, nil
}

// parseISO8601Number parses a number of an ISO 8601 interval, split into
// its integral part (truncated toward zero) and fraction.
func parseISO8601Number(str string) (ipart int64, fpart float64, rest string, err error) {
	if str == "" || !(isDigit(str[0]) || str[0] == '-' || str[0] == '.') {
		return 0, 0, str, errBadFormat
	}
	val, n, ok := strtod(str)
	if n == 0 {
		return 0, 0, str, errBadFormat
	}
	if !ok {
		if math.IsInf(val, 0) {
			return 0, 0, str, errFieldOverflow
		}
		return 0, 0, str, errBadFormat
	}
	if math.IsNaN(val) || val < math.MinInt64 || val > math.MaxInt64 {
		return 0, 0, str, errFieldOverflow
	}
	if val >= 0 {
		ipart = int64(math.Floor(val))
	} else {
		ipart = -int64(math.Floor(-val))
	}
	return ipart, val - float64(ipart), str[n:], nil
}

func iso8601IntegerWidth(s string) int {
	if s != "" && s[0] == '-' {
		s = s[1:]
	}
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

// decodeISO8601Interval parses the ISO 8601 "format with designators"
// (P1Y2M3DT4H5M6S) and the "alternative format" (P0001-02-03T04:05:06).
func decodeISO8601Interval(str string, it *itmIn) error {
	datepart := true
	havefield := false
	*it = itmIn{}
	if len(str) < 2 || str[0] != 'P' {
		return errBadFormat
	}
	str = str[1:]
	for str != "" {
		if str[0] == 'T' {
			datepart = false
			havefield = false
			str = str[1:]
			continue
		}
		fieldstart := str
		val, fval, rest, err := parseISO8601Number(str)
		if err != nil {
			return err
		}
		str = rest
		var unit byte
		if str != "" {
			unit = str[0]
			str = str[1:]
		}
		if datepart {
			switch unit {
			case 'Y':
				if !it.adjustYears(val, 1) || !it.adjustFractYears(fval, 1) {
					return errFieldOverflow
				}
			case 'M':
				if !it.adjustMonths(val) || !it.adjustFractDays(fval, daysPerMonth) {
					return errFieldOverflow
				}
			case 'W':
				if !it.adjustDays(val, 7) || !it.adjustFractDays(fval, 7) {
					return errFieldOverflow
				}
			case 'D':
				if !it.adjustDays(val, 1) || !it.adjustFractMicroseconds(fval, usecsPerDay) {
					return errFieldOverflow
				}
			case 'T', 0, '-':
				if (unit == 'T' || unit == 0) && iso8601IntegerWidth(fieldstart) == 8 && !havefield {
					if !it.adjustYears(val/10000, 1) || !it.adjustMonths((val/100)%100) ||
						!it.adjustDays(val%100, 1) || !it.adjustFractMicroseconds(fval, usecsPerDay) {
						return errFieldOverflow
					}
					if unit == 0 {
						return nil
					}
					datepart = false
					havefield = false
					continue
				}
				if havefield {
					return errBadFormat
				}
				if !it.adjustYears(val, 1) || !it.adjustFractYears(fval, 1) {
					return errFieldOverflow
				}
				if unit == 0 {
					return nil
				}
				if unit == 'T' {
					datepart = false
					havefield = false
					continue
				}
				val, fval, str, err = parseISO8601Number(str)
				if err != nil {
					return err
				}
				if !it.adjustMonths(val) || !it.adjustFractDays(fval, daysPerMonth) {
					return errFieldOverflow
				}
				if str == "" {
					return nil
				}
				if str[0] == 'T' {
					datepart = false
					havefield = false
					continue
				}
				if str[0] != '-' {
					return errBadFormat
				}
				str = str[1:]
				val, fval, str, err = parseISO8601Number(str)
				if err != nil {
					return err
				}
				if !it.adjustDays(val, 1) || !it.adjustFractMicroseconds(fval, usecsPerDay) {
					return errFieldOverflow
				}
				if str == "" {
					return nil
				}
				if str[0] == 'T' {
					datepart = false
					havefield = false
					continue
				}
				return errBadFormat
			default:
				return errBadFormat
			}
		} else {
			switch unit {
			case 'H':
				if !it.adjustMicroseconds(val, fval, usecsPerHour) {
					return errFieldOverflow
				}
			case 'M':
				if !it.adjustMicroseconds(val, fval, usecsPerMinute) {
					return errFieldOverflow
				}
			case 'S':
				if !it.adjustMicroseconds(val, fval, usecsPerSec) {
					return errFieldOverflow
				}
			case 0, ':':
				if unit == 0 && iso8601IntegerWidth(fieldstart) == 6 && !havefield {
					if !it.adjustMicroseconds(val/10000, 0, usecsPerHour) ||
						!it.adjustMicroseconds((val/100)%100, 0, usecsPerMinute) ||
						!it.adjustMicroseconds(val%100, 0, usecsPerSec) ||
						!it.adjustFractMicroseconds(fval, 1) {
						return errFieldOverflow
					}
					return nil
				}
				if havefield {
					return errBadFormat
				}
				if !it.adjustMicroseconds(val, fval, usecsPerHour) {
					return errFieldOverflow
				}
				if unit == 0 {
					return nil
				}
				val, fval, str, err = parseISO8601Number(str)
				if err != nil {
					return err
				}
				if !it.adjustMicroseconds(val, fval, usecsPerMinute) {
					return errFieldOverflow
				}
				if str == "" {
					return nil
				}
				if str[0] != ':' {
					return errBadFormat
				}
				str = str[1:]
				val, fval, str, err = parseISO8601Number(str)
				if err != nil {
					return err
				}
				if !it.adjustMicroseconds(val, fval, usecsPerSec) {
					return errFieldOverflow
				}
				if str == "" {
					return nil
				}
				return errBadFormat
			default:
				return errBadFormat
			}
		}
		havefield = true
	}
	return nil
}
