package pgdate

import (
	"math"
	"strings"
	"time"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// Decoding of date/time fields (PostgreSQL's DecodeDateTime,
// DecodeTimeOnly and their helpers in utils/adt/datetime.c). See README.md
// for the algorithm.

// decoder holds the state of one DecodeDateTime or DecodeTimeOnly call.
type decoder struct {
	s     *Session
	order DateOrder
}

func zoneNotRecognized(name string) error {
	return pgerror.New(pgerror.InvalidParameterValue, `time zone "%s" not recognized`, name)
}

// decodeTimezone parses a numeric zone such as "+05", "-0530", "+5:30" or
// "+05:30:15", returning seconds west of UTC (PostgreSQL's DecodeTimezone).
func decodeTimezone(str string) (int, error) {
	if str == "" || (str[0] != '+' && str[0] != '-') {
		return 0, errBadFormat
	}
	hr, n, erange := strtoint(str[1:])
	if erange {
		return 0, errTZDispOverflow
	}
	cp := str[1+n:]
	min, sec := 0, 0
	if cp != "" && cp[0] == ':' {
		min, n, erange = strtoint(cp[1:])
		if erange {
			return 0, errTZDispOverflow
		}
		cp = cp[1+n:]
		if cp != "" && cp[0] == ':' {
			sec, n, erange = strtoint(cp[1:])
			if erange {
				return 0, errTZDispOverflow
			}
			cp = cp[1+n:]
		}
	} else if cp == "" && len(str) > 3 {
		min = hr % 100
		hr = hr / 100
	}
	if hr < 0 || hr > maxTZDispHour {
		return 0, errTZDispOverflow
	}
	if min < 0 || min >= minsPerHour {
		return 0, errTZDispOverflow
	}
	if sec < 0 || sec >= secsPerMinute {
		return 0, errTZDispOverflow
	}
	tz := (hr*minsPerHour+min)*secsPerMinute + sec
	if str[0] == '-' {
		tz = -tz
	}
	if cp != "" {
		return -tz, errBadFormat
	}
	return -tz, nil
}

// parseFraction parses ".ddd" (PostgreSQL's ParseFraction).
func parseFraction(cp string) (float64, error) {
	if len(cp) == 1 {
		return 0, nil
	}
	f, n, ok := strtod(cp)
	if !ok || n != len(cp) {
		return 0, errBadFormat
	}
	return f, nil
}

// parseFractionalSecond parses ".ddd" into microseconds, rounding half to
// even as rint does.
func parseFractionalSecond(cp string) (int64, error) {
	f, err := parseFraction(cp)
	if err != nil {
		return 0, err
	}
	return int64(math.RoundToEven(f * 1000000)), nil
}

// itm is a broken-down interval time (PostgreSQL's struct pg_itm).
type itm struct {
	hour     int64
	min, sec int
	usec     int64
}

// decodeTimeCommon parses hh:mm[:ss[.fff]] or mm:ss.fff (PostgreSQL's
// DecodeTimeCommon).
func decodeTimeCommon(str string, rng int) (itm, error) {
	var it itm
	var fsec int64
	var n int
	var erange bool
	it.hour, n, erange = strtoi64(str)
	if erange {
		return it, errFieldOverflow
	}
	cp := str[n:]
	if cp == "" || cp[0] != ':' {
		return it, errBadFormat
	}
	it.min, n, erange = strtoint(cp[1:])
	if erange {
		return it, errFieldOverflow
	}
	cp = cp[1+n:]
	switch {
	case cp == "":
		it.sec = 0
		if rng == intervalMask(iMinute)|intervalMask(iSecond) {
			if it.hour > math.MaxInt32 || it.hour < math.MinInt32 {
				return it, errFieldOverflow
			}
			it.sec = it.min
			it.min = int(it.hour)
			it.hour = 0
		}
	case cp[0] == '.':
		f, err := parseFractionalSecond(cp)
		if err != nil {
			return it, err
		}
		fsec = f
		if it.hour > math.MaxInt32 || it.hour < math.MinInt32 {
			return it, errFieldOverflow
		}
		it.sec = it.min
		it.min = int(it.hour)
		it.hour = 0
	case cp[0] == ':':
		it.sec, n, erange = strtoint(cp[1:])
		if erange {
			return it, errFieldOverflow
		}
		cp = cp[1+n:]
		if cp != "" && cp[0] == '.' {
			f, err := parseFractionalSecond(cp)
			if err != nil {
				return it, err
			}
			fsec = f
		} else if cp != "" {
			return it, errBadFormat
		}
	default:
		return it, errBadFormat
	}
	if it.hour < 0 || it.min < 0 || it.min > minsPerHour-1 || it.sec < 0 || it.sec > secsPerMinute ||
		fsec < 0 || fsec > usecsPerSec {
		return it, errFieldOverflow
	}
	it.usec = fsec
	return it, nil
}

// decodeTime parses a time field into t (PostgreSQL's DecodeTime).
func decodeTime(str string, rng int, t *tm) (int, error) {
	it, err := decodeTimeCommon(str, rng)
	if err != nil {
		return 0, err
	}
	if it.hour > math.MaxInt32 {
		return 0, errFieldOverflow
	}
	t.hour = int(it.hour)
	t.min = it.min
	t.sec = it.sec
	t.fsec = it.usec
	return dtkTimeM, nil
}

func timeOverflows(hour, min, sec int, fsec int64) bool {
	if hour < 0 || hour > hoursPerDay || min < 0 || min >= minsPerHour || sec < 0 || sec > secsPerMinute ||
		fsec < 0 || fsec > usecsPerSec {
		return true
	}
	return time2t(hour, min, sec, fsec) > usecsPerDay
}

// decodeNumberField interprets a run of digits (possibly with a fraction)
// as a concatenated date or time (PostgreSQL's DecodeNumberField). It
// returns dtkDate or dtkTime.
func decodeNumberField(str string, fmask int, t *tm, is2digits *bool) (dtk, int, error) {
	if i := strings.IndexByte(str, '.'); i >= 0 {
		cp := str[i:]
		if len(cp) == 1 {
			t.fsec = 0
		} else {
			f, _, ok := strtod(cp)
			if !ok {
				return 0, 0, errBadFormat
			}
			t.fsec = int64(math.RoundToEven(f * 1000000))
		}
		str = str[:i]
	} else if fmask&dtkDateM != dtkDateM {
		if len(str) >= 6 {
			n := len(str)
			t.mday = atoi(str[n-2:])
			t.mon = atoi(str[n-4 : n-2])
			t.year = atoi(str[:n-4])
			if n-4 == 2 {
				*is2digits = true
			}
			return dtkDate, dtkDateM, nil
		}
	}
	if fmask&dtkTimeM != dtkTimeM {
		switch len(str) {
		case 6:
			t.sec = atoi(str[4:])
			t.min = atoi(str[2:4])
			t.hour = atoi(str[:2])
			return dtkTime, dtkTimeM, nil
		case 4:
			t.sec = 0
			t.min = atoi(str[2:4])
			t.hour = atoi(str[:2])
			return dtkTime, dtkTimeM, nil
		}
	}
	return 0, 0, errBadFormat
}

// decodeNumber interprets a numeric date or time field according to what
// has been seen so far and DateStyle's field order (PostgreSQL's
// DecodeNumber).
func (d *decoder) decodeNumber(str string, haveTextMonth bool, fmask int, t *tm, is2digits *bool) (int, error) {
	flen := len(str)
	val, n, erange := strtoint(str)
	if erange {
		return 0, errFieldOverflow
	}
	if n == 0 {
		return 0, errBadFormat
	}
	cp := str[n:]
	if cp != "" && cp[0] == '.' {
		if n > 2 {
			_, tmask, err := decodeNumberField(str, fmask|dtkDateM, t, is2digits)
			if err != nil {
				return 0, err
			}
			return tmask, nil
		}
		f, err := parseFractionalSecond(cp)
		if err != nil {
			return 0, err
		}
		t.fsec = f
	} else if cp != "" {
		return 0, errBadFormat
	}
	if flen == 3 && fmask&dtkDateM == dtkM(tYear) && val >= 1 && val <= 366 {
		t.yday = val
		return dtkM(tDOY) | dtkM(tMonth) | dtkM(tDay), nil
	}
	var tmask int
	switch fmask & dtkDateM {
	case 0:
		if flen >= 3 || d.order == OrderYMD {
			tmask = dtkM(tYear)
			t.year = val
		} else if d.order == OrderDMY {
			tmask = dtkM(tDay)
			t.mday = val
		} else {
			tmask = dtkM(tMonth)
			t.mon = val
		}
	case dtkM(tYear):
		tmask = dtkM(tMonth)
		t.mon = val
	case dtkM(tMonth):
		if haveTextMonth {
			if flen >= 3 || d.order == OrderYMD {
				tmask = dtkM(tYear)
				t.year = val
			} else {
				tmask = dtkM(tDay)
				t.mday = val
			}
		} else {
			tmask = dtkM(tDay)
			t.mday = val
		}
	case dtkM(tYear) | dtkM(tMonth):
		if haveTextMonth {
			if flen >= 3 && *is2digits {
				tmask = dtkM(tDay)
				t.mday = t.year
				t.year = val
				*is2digits = false
			} else {
				tmask = dtkM(tDay)
				t.mday = val
			}
		} else {
			tmask = dtkM(tDay)
			t.mday = val
		}
	case dtkM(tDay):
		tmask = dtkM(tMonth)
		t.mon = val
	case dtkM(tMonth) | dtkM(tDay):
		tmask = dtkM(tYear)
		t.year = val
	case dtkM(tYear) | dtkM(tMonth) | dtkM(tDay):
		_, tm2, err := decodeNumberField(str, fmask, t, is2digits)
		if err != nil {
			return 0, err
		}
		return tm2, nil
	default:
		return 0, errBadFormat
	}
	if tmask == dtkM(tYear) {
		*is2digits = flen <= 2
	}
	return tmask, nil
}

// decodeDate parses a date field with embedded punctuation, such as
// "1999-01-08", "08-jan-1999" or "1999.008" (PostgreSQL's DecodeDate).
func (d *decoder) decodeDate(str string, fmask int, is2digits *bool, t *tm) (int, error) {
	var fields [maxDateFields]string
	nf := 0
	tmask := 0
	haveTextMonth := false
	for str != "" && nf < maxDateFields {
		for str != "" && !isAlnum(str[0]) {
			str = str[1:]
		}
		if str == "" {
			return 0, errBadFormat
		}
		i := 0
		if isDigit(str[0]) {
			for i < len(str) && isDigit(str[i]) {
				i++
			}
		} else {
			for i < len(str) && isAlpha(str[i]) {
				i++
			}
		}
		fields[nf] = str[:i]
		nf++
		if i < len(str) {
			i++ // the separator (or any other character) is dropped
		}
		str = str[i:]
	}
	for i := 0; i < nf; i++ {
		if fields[i] != "" && isAlpha(fields[i][0]) {
			typ, val := decodeSpecial(fields[i])
			if typ == tIgnore {
				continue
			}
			dmask := dtkM(typ)
			switch typ {
			case tMonth:
				t.mon = val
				haveTextMonth = true
			default:
				return 0, errBadFormat
			}
			if fmask&dmask != 0 {
				return 0, errBadFormat
			}
			fmask |= dmask
			tmask |= dmask
			fields[i] = "\x00"
		}
	}
	for i := 0; i < nf; i++ {
		if fields[i] == "\x00" {
			continue
		}
		if fields[i] == "" {
			return 0, errBadFormat
		}
		dmask, err := d.decodeNumber(fields[i], haveTextMonth, fmask, t, is2digits)
		if err != nil {
			return 0, err
		}
		if fmask&dmask != 0 {
			return 0, errBadFormat
		}
		fmask |= dmask
		tmask |= dmask
	}
	if fmask&^(dtkM(tDOY)|dtkM(tTZ)) != dtkDateM {
		return 0, errBadFormat
	}
	return tmask, nil
}

// validateDate checks and adjusts the year, month and day fields
// (PostgreSQL's ValidateDate).
func validateDate(fmask int, isjulian, is2digits, bc bool, t *tm) error {
	if fmask&dtkM(tYear) != 0 {
		switch {
		case isjulian:
		case bc:
			if t.year <= 0 {
				return errFieldOverflow
			}
			t.year = -(t.year - 1)
		case is2digits:
			if t.year < 0 {
				return errFieldOverflow
			}
			if t.year < 70 {
				t.year += 2000
			} else if t.year < 100 {
				t.year += 1900
			}
		default:
			if t.year <= 0 {
				return errFieldOverflow
			}
		}
	}
	if fmask&dtkM(tDOY) != 0 {
		t.year, t.mon, t.mday = j2date(date2j(t.year, 1, 1) + t.yday - 1)
	}
	if fmask&dtkM(tMonth) != 0 {
		if t.mon < 1 || t.mon > monthsPerYear {
			return errMDFieldOverflow
		}
	}
	if fmask&dtkM(tDay) != 0 {
		if t.mday < 1 || t.mday > 31 {
			return errMDFieldOverflow
		}
	}
	if fmask&dtkDateM == dtkDateM {
		if t.mday > daysInMonth(t.year, t.mon) {
			return errFieldOverflow
		}
	}
	return nil
}

// currentTm returns the current transaction time broken down in the
// session time zone, with its offset (seconds west).
func (d *decoder) currentTm() (tm, int) {
	var t tm
	tz, _ := timestamp2tmZone(int64(d.s.now()), d.s.loc(), &t)
	return t, tz
}

// decodeDateTime interprets the fields of a date or timestamp (PostgreSQL's
// DecodeDateTime). It returns the kind of value (dtkDate for an ordinary
// one, or dtkEpoch, dtkLate, dtkEarly) and the zone offset in seconds west.
func (d *decoder) decodeDateTime(fl *fieldList, t *tm) (dtype dtk, tz int, err error) {
	fmask, tmask := 0, 0
	var ptype dtk
	mer := hr24
	haveTextMonth := false
	isjulian := false
	is2digits := false
	bc := false
	var namedTz, abbrevTz *time.Location
	var abbrevName string

	dtype = dtkDate
	t.hour, t.min, t.sec, t.fsec = 0, 0, 0, 0
	t.isdst = -1
	tz = 0

	for i := 0; i < fl.n; i++ {
		field := fl.f[i]
		switch fl.ft[i] {
		case dtkDate:
			if ptype == dtkJulian {
				val, n, erange := strtoint(field)
				if erange || val < 0 {
					return 0, 0, errFieldOverflow
				}
				t.year, t.mon, t.mday = j2date(val)
				isjulian = true
				tz, err = decodeTimezone(field[n:])
				if err != nil {
					return 0, 0, err
				}
				tmask = dtkDateM | dtkTimeM | dtkM(tTZ)
				ptype = 0
				break
			} else if ptype != 0 || fmask&(dtkM(tMonth)|dtkM(tDay)) == dtkM(tMonth)|dtkM(tDay) {
				if isDigit(field[0]) || ptype != 0 {
					if ptype != 0 {
						if ptype != dtkTime {
							return 0, 0, errBadFormat
						}
						ptype = 0
					}
					if fmask&dtkTimeM == dtkTimeM {
						return 0, 0, errBadFormat
					}
					j := strings.IndexByte(field, '-')
					if j < 0 {
						return 0, 0, errBadFormat
					}
					tz, err = decodeTimezone(field[j:])
					if err != nil {
						return 0, 0, err
					}
					_, tmask, err = decodeNumberField(field[:j], fmask, t, &is2digits)
					if err != nil {
						return 0, 0, err
					}
					tmask |= dtkM(tTZ)
				} else {
					namedTz = findZone(field)
					if namedTz == nil {
						return 0, 0, zoneNotRecognized(field)
					}
					tmask = dtkM(tTZ)
				}
			} else {
				tmask, err = d.decodeDate(field, fmask, &is2digits, t)
				if err != nil {
					return 0, 0, err
				}
			}

		case dtkTime:
			if ptype != 0 {
				if ptype != dtkTime {
					return 0, 0, errBadFormat
				}
				ptype = 0
			}
			tmask, err = decodeTime(field, intervalFullRange, t)
			if err != nil {
				return 0, 0, err
			}
			if timeOverflows(t.hour, t.min, t.sec, t.fsec) {
				return 0, 0, errFieldOverflow
			}

		case dtkTZ:
			z, err := decodeTimezone(field)
			if err != nil {
				return 0, 0, err
			}
			tz = z
			tmask = dtkM(tTZ)

		case dtkNumber:
			if ptype != 0 {
				val, n, erange := strtoint(field)
				if erange {
					return 0, 0, errFieldOverflow
				}
				cp := field[n:]
				if cp != "" && cp[0] == '.' {
					switch ptype {
					case dtkJulian, dtkTime, dtkSecond:
					default:
						return 0, 0, errBadFormat
					}
				} else if cp != "" {
					return 0, 0, errBadFormat
				}
				switch ptype {
				case dtkYear:
					t.year = val
					tmask = dtkM(tYear)
				case dtkMonth:
					if fmask&dtkM(tMonth) != 0 && fmask&dtkM(tHour) != 0 {
						t.min = val
						tmask = dtkM(tMinute)
					} else {
						t.mon = val
						tmask = dtkM(tMonth)
					}
				case dtkDay:
					t.mday = val
					tmask = dtkM(tDay)
				case dtkHour:
					t.hour = val
					tmask = dtkM(tHour)
				case dtkMinute:
					t.min = val
					tmask = dtkM(tMinute)
				case dtkSecond:
					t.sec = val
					tmask = dtkM(tSecond)
					if cp != "" && cp[0] == '.' {
						t.fsec, err = parseFractionalSecond(cp)
						if err != nil {
							return 0, 0, err
						}
						tmask = dtkAllSecsM
					}
				case dtkTZ:
					tmask = dtkM(tTZ)
					tz, err = decodeTimezone(field)
					if err != nil {
						return 0, 0, err
					}
				case dtkJulian:
					if val < 0 {
						return 0, 0, errFieldOverflow
					}
					tmask = dtkDateM
					t.year, t.mon, t.mday = j2date(val)
					isjulian = true
					if cp != "" && cp[0] == '.' {
						f, err := parseFraction(cp)
						if err != nil {
							return 0, 0, err
						}
						t.hour, t.min, t.sec, t.fsec = dt2time(int64(f * float64(usecsPerDay)))
						tmask |= dtkTimeM
					}
				case dtkTime:
					_, tmask, err = decodeNumberField(field, fmask|dtkDateM, t, &is2digits)
					if err != nil {
						return 0, 0, err
					}
					if tmask != dtkTimeM {
						return 0, 0, errBadFormat
					}
				default:
					return 0, 0, errBadFormat
				}
				ptype = 0
				dtype = dtkDate
			} else {
				flen := len(field)
				dot := strings.IndexByte(field, '.')
				switch {
				case dot >= 0 && fmask&dtkDateM == 0:
					tmask, err = d.decodeDate(field, fmask, &is2digits, t)
				case dot >= 0 && dot > 2:
					_, tmask, err = decodeNumberField(field, fmask, t, &is2digits)
				case flen >= 6 && (fmask&dtkDateM == 0 || fmask&dtkTimeM == 0):
					_, tmask, err = decodeNumberField(field, fmask, t, &is2digits)
				default:
					tmask, err = d.decodeNumber(field, haveTextMonth, fmask, t, &is2digits)
				}
				if err != nil {
					return 0, 0, err
				}
			}

		case dtkString, dtkSpecial:
			var typ tokType
			var val int
			var valtz *time.Location
			if a := lookupAbbrev(field); a != nil {
				switch a.kind {
				case tz_:
					typ = tTZ
				case dtz:
					typ = tDTZ
				default:
					typ = tDynTZ
					valtz = a.dynZone()
				}
				val = a.offset
			} else {
				typ, val = decodeSpecial(field)
			}
			if typ == tIgnore {
				continue
			}
			tmask = dtkM(typ)
			switch typ {
			case tReserv:
				switch dtk(val) {
				case dtkNow:
					tmask = dtkDateM | dtkTimeM | dtkM(tTZ)
					dtype = dtkDate
					cur, ctz := d.currentTm()
					*t = cur
					tz = ctz
				case dtkYesterday, dtkToday, dtkTomorrow:
					tmask = dtkDateM
					dtype = dtkDate
					cur, _ := d.currentTm()
					delta := map[dtk]int{dtkYesterday: -1, dtkToday: 0, dtkTomorrow: 1}[dtk(val)]
					t.year, t.mon, t.mday = j2date(date2j(cur.year, cur.mon, cur.mday) + delta)
				case dtkZulu:
					tmask = dtkTimeM | dtkM(tTZ)
					dtype = dtkDate
					t.hour, t.min, t.sec = 0, 0, 0
					tz = 0
				default:
					dtype = dtk(val)
				}
			case tMonth:
				if fmask&dtkM(tMonth) != 0 && !haveTextMonth && fmask&dtkM(tDay) == 0 && t.mon >= 1 && t.mon <= 31 {
					t.mday = t.mon
					tmask = dtkM(tDay)
				}
				haveTextMonth = true
				t.mon = val
			case tDTZMod:
				tmask |= dtkM(tDTZ)
				t.isdst = 1
				tz -= val
			case tDTZ:
				tmask |= dtkM(tTZ)
				t.isdst = 1
				tz = -val
			case tTZ:
				t.isdst = 0
				tz = -val
			case tDynTZ:
				tmask |= dtkM(tTZ)
				if valtz == nil {
					return 0, 0, zoneNotRecognized(field)
				}
				abbrevTz = valtz
				abbrevName = field
			case tAMPM:
				mer = val
			case tADBC:
				bc = val == bcValue
			case tDOW:
				t.wday = val
			case tUnits:
				tmask = 0
				ptype = dtk(val)
			case tISOTime:
				tmask = 0
				if fmask&dtkDateM != dtkDateM {
					return 0, 0, errBadFormat
				}
				if i >= fl.n-1 || (fl.ft[i+1] != dtkNumber && fl.ft[i+1] != dtkTime && fl.ft[i+1] != dtkDate) {
					return 0, 0, errBadFormat
				}
				ptype = dtk(val)
			case tUnknown:
				namedTz = findZone(field)
				if namedTz == nil {
					return 0, 0, errBadFormat
				}
				tmask = dtkM(tTZ)
			default:
				return 0, 0, errBadFormat
			}

		default:
			return 0, 0, errBadFormat
		}
		if tmask&fmask != 0 {
			return 0, 0, errBadFormat
		}
		fmask |= tmask
	}

	if err := validateDate(fmask, isjulian, is2digits, bc, t); err != nil {
		return 0, 0, err
	}
	if mer != hr24 && t.hour > hoursPerDay/2 {
		return 0, 0, errFieldOverflow
	}
	if mer == amValue && t.hour == hoursPerDay/2 {
		t.hour = 0
	} else if mer == pmValue && t.hour != hoursPerDay/2 {
		t.hour += hoursPerDay / 2
	}

	if dtype == dtkDate {
		if fmask&dtkDateM != dtkDateM {
			return 0, 0, errBadFormat
		}
		if namedTz != nil {
			if fmask&dtkM(tDTZMod) != 0 {
				return 0, 0, errBadFormat
			}
			tz = determineOffset(t, namedTz)
		}
		if abbrevTz != nil {
			if fmask&dtkM(tDTZMod) != 0 {
				return 0, 0, errBadFormat
			}
			tz = determineAbbrevOffset(t, abbrevName, abbrevTz)
		}
		if fmask&dtkM(tTZ) == 0 {
			if fmask&dtkM(tDTZMod) != 0 {
				return 0, 0, errBadFormat
			}
			tz = determineOffset(t, d.s.loc())
		}
	}
	return dtype, tz, nil
}

// decodeTimeOnly interprets the fields of a time or timetz (PostgreSQL's
// DecodeTimeOnly); tz is seconds west of UTC.
func (d *decoder) decodeTimeOnly(fl *fieldList, t *tm) (tz int, err error) {
	fmask, tmask := 0, 0
	var ptype dtk
	isjulian := false
	is2digits := false
	bc := false
	mer := hr24
	var namedTz, abbrevTz *time.Location
	var abbrevName string

	t.hour, t.min, t.sec, t.fsec = 0, 0, 0, 0
	t.isdst = -1

	for i := 0; i < fl.n; i++ {
		field := fl.f[i]
		switch fl.ft[i] {
		case dtkDate:
			if i == 0 && fl.n >= 2 && (fl.ft[fl.n-1] == dtkDate || fl.ft[1] == dtkTime) {
				tmask, err = d.decodeDate(field, fmask, &is2digits, t)
				if err != nil {
					return 0, err
				}
			} else if isDigit(field[0]) {
				if fmask&dtkTimeM == dtkTimeM {
					return 0, errBadFormat
				}
				j := strings.IndexByte(field, '-')
				if j < 0 {
					return 0, errBadFormat
				}
				tz, err = decodeTimezone(field[j:])
				if err != nil {
					return 0, err
				}
				var ft dtk
				ft, tmask, err = decodeNumberField(field[:j], fmask|dtkDateM, t, &is2digits)
				if err != nil {
					return 0, err
				}
				fl.ft[i] = ft
				tmask |= dtkM(tTZ)
			} else {
				namedTz = findZone(field)
				if namedTz == nil {
					return 0, zoneNotRecognized(field)
				}
				fl.ft[i] = dtkTZ
				tmask = dtkM(tTZ)
			}

		case dtkTime:
			tmask, err = decodeTime(field, intervalFullRange, t)
			if err != nil {
				return 0, err
			}

		case dtkTZ:
			z, err := decodeTimezone(field)
			if err != nil {
				return 0, err
			}
			tz = z
			tmask = dtkM(tTZ)

		case dtkNumber:
			if ptype != 0 {
				val, n, erange := strtoint(field)
				if erange {
					return 0, errFieldOverflow
				}
				cp := field[n:]
				if cp != "" && cp[0] == '.' {
					switch ptype {
					case dtkJulian, dtkTime, dtkSecond:
					default:
						return 0, errBadFormat
					}
				} else if cp != "" {
					return 0, errBadFormat
				}
				switch ptype {
				case dtkYear:
					t.year = val
					tmask = dtkM(tYear)
				case dtkMonth:
					if fmask&dtkM(tMonth) != 0 && fmask&dtkM(tHour) != 0 {
						t.min = val
						tmask = dtkM(tMinute)
					} else {
						t.mon = val
						tmask = dtkM(tMonth)
					}
				case dtkDay:
					t.mday = val
					tmask = dtkM(tDay)
				case dtkHour:
					t.hour = val
					tmask = dtkM(tHour)
				case dtkMinute:
					t.min = val
					tmask = dtkM(tMinute)
				case dtkSecond:
					t.sec = val
					tmask = dtkM(tSecond)
					if cp != "" && cp[0] == '.' {
						t.fsec, err = parseFractionalSecond(cp)
						if err != nil {
							return 0, err
						}
						tmask = dtkAllSecsM
					}
				case dtkTZ:
					tmask = dtkM(tTZ)
					tz, err = decodeTimezone(field)
					if err != nil {
						return 0, err
					}
				case dtkJulian:
					if val < 0 {
						return 0, errFieldOverflow
					}
					tmask = dtkDateM
					t.year, t.mon, t.mday = j2date(val)
					isjulian = true
					if cp != "" && cp[0] == '.' {
						f, err := parseFraction(cp)
						if err != nil {
							return 0, err
						}
						t.hour, t.min, t.sec, t.fsec = dt2time(int64(f * float64(usecsPerDay)))
						tmask |= dtkTimeM
					}
				case dtkTime:
					var ft dtk
					ft, tmask, err = decodeNumberField(field, fmask|dtkDateM, t, &is2digits)
					if err != nil {
						return 0, err
					}
					fl.ft[i] = ft
					if tmask != dtkTimeM {
						return 0, errBadFormat
					}
				default:
					return 0, errBadFormat
				}
				ptype = 0
			} else {
				flen := len(field)
				dot := strings.IndexByte(field, '.')
				if dot >= 0 {
					if i == 0 && fl.n >= 2 && fl.ft[fl.n-1] == dtkDate {
						tmask, err = d.decodeDate(field, fmask, &is2digits, t)
					} else if dot > 2 {
						var ft dtk
						ft, tmask, err = decodeNumberField(field, fmask|dtkDateM, t, &is2digits)
						if err == nil {
							fl.ft[i] = ft
						}
					} else {
						return 0, errBadFormat
					}
				} else if flen > 4 {
					var ft dtk
					ft, tmask, err = decodeNumberField(field, fmask|dtkDateM, t, &is2digits)
					if err == nil {
						fl.ft[i] = ft
					}
				} else {
					tmask, err = d.decodeNumber(field, false, fmask|dtkDateM, t, &is2digits)
				}
				if err != nil {
					return 0, err
				}
			}

		case dtkString, dtkSpecial:
			var typ tokType
			var val int
			var valtz *time.Location
			if a := lookupAbbrev(field); a != nil {
				switch a.kind {
				case tz_:
					typ = tTZ
				case dtz:
					typ = tDTZ
				default:
					typ = tDynTZ
					valtz = a.dynZone()
				}
				val = a.offset
			} else {
				typ, val = decodeSpecial(field)
			}
			if typ == tIgnore {
				continue
			}
			tmask = dtkM(typ)
			switch typ {
			case tReserv:
				switch dtk(val) {
				case dtkNow:
					tmask = dtkTimeM
					cur, _ := d.currentTm()
					t.hour, t.min, t.sec, t.fsec = cur.hour, cur.min, cur.sec, cur.fsec
				case dtkZulu:
					tmask = dtkTimeM | dtkM(tTZ)
					t.hour, t.min, t.sec = 0, 0, 0
					t.isdst = 0
				default:
					return 0, errBadFormat
				}
			case tDTZMod:
				tmask |= dtkM(tDTZ)
				t.isdst = 1
				tz -= val
			case tDTZ:
				tmask |= dtkM(tTZ)
				t.isdst = 1
				tz = -val
				fl.ft[i] = dtkTZ
			case tTZ:
				t.isdst = 0
				tz = -val
				fl.ft[i] = dtkTZ
			case tDynTZ:
				tmask |= dtkM(tTZ)
				if valtz == nil {
					return 0, zoneNotRecognized(field)
				}
				abbrevTz = valtz
				abbrevName = field
				fl.ft[i] = dtkTZ
			case tAMPM:
				mer = val
			case tADBC:
				bc = val == bcValue
			case tUnits:
				tmask = 0
				ptype = dtk(val)
			case tISOTime:
				tmask = 0
				if i >= fl.n-1 || (fl.ft[i+1] != dtkNumber && fl.ft[i+1] != dtkTime && fl.ft[i+1] != dtkDate) {
					return 0, errBadFormat
				}
				ptype = dtk(val)
			case tUnknown:
				namedTz = findZone(field)
				if namedTz == nil {
					return 0, errBadFormat
				}
				tmask = dtkM(tTZ)
			default:
				return 0, errBadFormat
			}

		default:
			return 0, errBadFormat
		}
		if tmask&fmask != 0 {
			return 0, errBadFormat
		}
		fmask |= tmask
	}

	if err := validateDate(fmask, isjulian, is2digits, bc, t); err != nil {
		return 0, err
	}
	if mer != hr24 && t.hour > hoursPerDay/2 {
		return 0, errFieldOverflow
	}
	if mer == amValue && t.hour == hoursPerDay/2 {
		t.hour = 0
	} else if mer == pmValue && t.hour != hoursPerDay/2 {
		t.hour += hoursPerDay / 2
	}
	if timeOverflows(t.hour, t.min, t.sec, t.fsec) {
		return 0, errFieldOverflow
	}
	if fmask&dtkTimeM != dtkTimeM {
		return 0, errBadFormat
	}

	if namedTz != nil {
		if fmask&dtkM(tDTZMod) != 0 {
			return 0, errBadFormat
		}
		if off, fixed := zoneFixedOffset(namedTz); fixed {
			tz = -off
		} else {
			if fmask&dtkDateM != dtkDateM {
				return 0, errBadFormat
			}
			tz = determineOffset(t, namedTz)
		}
	}
	withDate := func(loc *time.Location, abbr string) (int, error) {
		if fmask&dtkM(tDTZMod) != 0 {
			return 0, errBadFormat
		}
		var tt tm
		if fmask&dtkDateM == 0 {
			tt, _ = d.currentTm()
		} else {
			if fmask&dtkDateM != dtkDateM {
				return 0, errBadFormat
			}
			tt.year, tt.mon, tt.mday = t.year, t.mon, t.mday
		}
		tt.hour, tt.min, tt.sec = t.hour, t.min, t.sec
		var z int
		if abbr != "" {
			z = determineAbbrevOffset(&tt, abbr, loc)
		} else {
			z = determineOffset(&tt, loc)
		}
		t.isdst = tt.isdst
		return z, nil
	}
	if abbrevTz != nil {
		if tz, err = withDate(abbrevTz, abbrevName); err != nil {
			return 0, err
		}
	}
	if fmask&dtkM(tTZ) == 0 {
		if tz, err = withDate(d.s.loc(), ""); err != nil {
			return 0, err
		}
	}
	return tz, nil
}
