package pgdate

import (
	"math"
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// to_timestamp(text, text) and to_date(text, text): reading a string under
// a template (PostgreSQL's DCH_from_char and do_to_timestamp).

// fromCharState accumulates the fields read (PostgreSQL's TmFromChar).
type fromCharState struct {
	mode                                          dateMode
	hh, pm, mi, ss, ssss, d, dd, ddd, mm, ms      int
	year, bc, ww, w, cc, j, us, yysz, clock12, ff int
	tzsign, tzh, tzm                              int
}

func errFormat(msg string, args ...any) *pgerror.Error {
	return pgerror.New(pgerror.InvalidDatetimeFormat, msg, args...)
}

func (st *fromCharState) setMode(m dateMode) error {
	if m == modeNone {
		return nil
	}
	if st.mode == modeNone {
		st.mode = m
	} else if st.mode != m {
		return errFormat("invalid combination of date conventions").
			WithHint("Do not mix Gregorian and ISO week date conventions in a formatting template.")
	}
	return nil
}

func setInt(dest *int, v int, n *fmtNode) error {
	if *dest != 0 && *dest != v {
		return errFormat(`conflicting values for "%s" field in formatting string`, n.key.name).
			WithDetail("This value contradicts a previous setting for the same field type.")
	}
	*dest = v
	return nil
}

func spaceLen(s string) int {
	n := 0
	for n < len(s) && isSpace(s[n]) {
		n++
	}
	return n
}

// isNextSeparator reports whether the node after nodes[i] cannot start
// with a digit (PostgreSQL's is_next_separator).
func isNextSeparator(nodes []fmtNode, i int) bool {
	n := &nodes[i]
	if n.typ == nodeAction && n.suffix&(sufTH|sufth) != 0 {
		return true
	}
	if i+1 >= len(nodes) {
		return true
	}
	next := &nodes[i+1]
	if next.typ == nodeAction {
		return !next.key.isDigit
	}
	if len(next.char) == 1 && isDigit(next.char[0]) {
		return false
	}
	return true
}

// parseIntLen reads an integer field of width len (PostgreSQL's
// from_char_parse_int_len); it returns the number of bytes consumed,
// including leading white space.
func parseIntLen(dest *int, s string, length int, nodes []fmtNode, i int) (int, error) {
	n := &nodes[i]
	init := s
	sp := spaceLen(s)
	s = s[sp:]
	cp := s
	if len(cp) > length {
		cp = cp[:length]
	}
	used := len(cp)
	var result int64
	var erange bool
	var consumed int
	if n.suffix&sufFM != 0 || isNextSeparator(nodes, i) {
		var k int
		result, k, erange = strtoi(init, math.MinInt64, math.MaxInt64)
		consumed = k
		if k == 0 {
			consumed = 0
		}
	} else {
		if used < length {
			return 0, errFormat(`source string too short for "%s" formatting field`, n.key.name).
				WithDetail("Field requires %d characters, but only %d remain.", length, used).
				WithHint(`If your source string is not fixed-width, try using the "FM" modifier.`)
		}
		var k int
		result, k, erange = strtoi(cp, math.MinInt64, math.MaxInt64)
		if k > 0 && k < length {
			return 0, errFormat(`invalid value "%s" for "%s"`, cp, n.key.name).
				WithDetail("Field requires %d characters, but only %d could be parsed.", length, k).
				WithHint(`If your source string is not fixed-width, try using the "FM" modifier.`)
		}
		consumed = sp + k
	}
	if consumed == 0 {
		return 0, errFormat(`invalid value "%s" for "%s"`, cp, n.key.name).WithDetail("Value must be an integer.")
	}
	if erange || result < math.MinInt32 || result > math.MaxInt32 {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, `value for "%s" in source string is out of range`, n.key.name).
			WithDetail("Value must be in the range %d to %d.", math.MinInt32, math.MaxInt32)
	}
	if dest != nil {
		if err := setInt(dest, int(result), n); err != nil {
			return 0, err
		}
	}
	return consumed, nil
}

// seqSearch matches the start of s case-insensitively against a list of
// words (PostgreSQL's seq_search_ascii).
func seqSearch(s string, words []string) (int, int) {
	if s == "" {
		return -1, 0
	}
	for idx, w := range words {
		if len(s) >= len(w) && strings.EqualFold(s[:len(w)], w) && asciiFold(s[:len(w)], w) {
			return idx, len(w)
		}
	}
	return -1, 0
}

// asciiFold reports case-insensitive equality over ASCII only.
func asciiFold(a, b string) bool {
	for i := 0; i < len(a); i++ {
		if toLower(a[i]) != toLower(b[i]) {
			return false
		}
	}
	return true
}

func seqField(s string, words []string, n *fmtNode) (int, int, error) {
	idx, l := seqSearch(s, words)
	if idx < 0 {
		c := s
		for k := 0; k < len(c); k++ {
			if c[k] == ' ' || c[k] == '\t' || c[k] == '\n' || c[k] == '\r' || c[k] == '\f' || c[k] == '\v' {
				c = c[:k]
				break
			}
		}
		return 0, 0, errFormat(`invalid value "%s" for "%s"`, c, n.key.name).
			WithDetail("The given value did not match any of the allowed values for this field.")
	}
	return idx, l, nil
}

var (
	ampmShort  = []string{"am", "pm", "AM", "PM"}
	ampmLong   = []string{"a.m.", "p.m.", "A.M.", "P.M."}
	adbcShort  = []string{"ad", "bc", "AD", "BC"}
	adbcLong   = []string{"a.d.", "b.c.", "A.D.", "B.C."}
	monthWords = monthsFull[:]
	monthShort = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	dayWords   = daysFull[:]
	dayShort   = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
)

func skipTH(s string, n *fmtNode) string {
	if n.suffix&(sufTH|sufth) != 0 {
		for k := 0; k < 2 && s != ""; k++ {
			s = s[utf8Len(s, 0):]
		}
	}
	return s
}

func adjustPartialYear(y int) int {
	switch {
	case y < 70:
		return y + 2000
	case y < 100:
		return y + 1900
	case y < 520:
		return y + 2000
	case y < 1000:
		return y + 1000
	}
	return y
}

// dchFromChar reads input under a template (DCH_from_char).
func dchFromChar(nodes []fmtNode, in string, st *fromCharState) error {
	s := in
	fx := false
	extraSkip := 0
	prevByte := func() byte {
		consumed := len(in) - len(s)
		if consumed == 0 {
			return 0
		}
		return in[consumed-1]
	}
	for i := 0; i < len(nodes) && s != ""; i++ {
		n := &nodes[i]
		if !fx && (n.typ != nodeAction || n.key.id != dchFX) && (n.typ == nodeAction || i == 0) {
			for s != "" && isSpace(s[0]) {
				s = s[1:]
				extraSkip++
			}
		}
		if n.typ == nodeSpace || n.typ == nodeSeparator {
			if !fx {
				extraSkip--
				if s != "" && (isSpace(s[0]) || isSeparatorChar(s[0])) {
					s = s[1:]
					extraSkip++
				}
			} else if s != "" {
				s = s[utf8Len(s, 0):]
			}
			continue
		} else if n.typ != nodeAction {
			if !fx {
				if extraSkip > 0 {
					extraSkip--
				} else if s != "" {
					s = s[utf8Len(s, 0):]
				}
			} else if s != "" {
				s = s[utf8Len(s, 0):]
			}
			continue
		}
		if err := st.setMode(n.key.mode); err != nil {
			return err
		}
		var err error
		var l, v int
		intField := func(dest *int, length int) error {
			k, err := parseIntLen(dest, s, length, nodes, i)
			if err != nil {
				return err
			}
			l = k
			s = s[k:]
			return nil
		}
		seq := func(words []string) (int, error) {
			idx, k, err := seqField(s, words, n)
			if err != nil {
				return 0, err
			}
			s = s[k:]
			return idx, nil
		}
		switch n.key.id {
		case dchFX:
			fx = true
		case dchAM_, dchPM_, dcham_, dchpm_:
			if v, err = seq(ampmLong); err == nil {
				err = setInt(&st.pm, v%2, n)
				st.clock12 = 1
			}
		case dchAM, dchPM, dcham, dchpm:
			if v, err = seq(ampmShort); err == nil {
				err = setInt(&st.pm, v%2, n)
				st.clock12 = 1
			}
		case dchHH, dchHH12:
			if err = intField(&st.hh, 2); err == nil {
				st.clock12 = 1
				s = skipTH(s, n)
			}
		case dchHH24:
			if err = intField(&st.hh, 2); err == nil {
				s = skipTH(s, n)
			}
		case dchMI:
			if err = intField(&st.mi, len(n.key.name)); err == nil {
				s = skipTH(s, n)
			}
		case dchSS:
			if err = intField(&st.ss, len(n.key.name)); err == nil {
				s = skipTH(s, n)
			}
		case dchMS:
			if err = intField(&st.ms, 3); err == nil {
				switch l {
				case 1:
					st.ms *= 100
				case 2:
					st.ms *= 10
				}
				s = skipTH(s, n)
			}
		case dchFF1, dchFF2, dchFF3, dchFF4, dchFF5, dchFF6, dchUS:
			width := 6
			if n.key.id != dchUS {
				st.ff = int(n.key.id-dchFF1) + 1
				width = st.ff
			}
			if err = intField(&st.us, width); err == nil {
				mul := []int{1, 100000, 10000, 1000, 100, 10, 1}
				if l >= 1 && l <= 6 {
					st.us *= mul[l]
				}
				s = skipTH(s, n)
			}
		case dchSSSS:
			if err = intField(&st.ssss, len(n.key.name)); err == nil {
				s = skipTH(s, n)
			}
		case dchtz, dchTZ, dchOF:
			name := n.key.name
			return pgerror.New(pgerror.FeatureNotSupported, `formatting field "%s" is only supported in to_char`, name)
		case dchTZH:
			if s != "" && (s[0] == '+' || s[0] == '-' || s[0] == ' ') {
				st.tzsign = pickInt(s[0] == '-', -1, 1)
				s = s[1:]
			} else if extraSkip > 0 && prevByte() == '-' {
				st.tzsign = -1
			} else {
				st.tzsign = 1
			}
			err = intField(&st.tzh, 2)
		case dchTZM:
			if st.tzsign == 0 {
				st.tzsign = 1
			}
			err = intField(&st.tzm, 2)
		case dchAD_, dchBC_, dchad_, dchbc_:
			if v, err = seq(adbcLong); err == nil {
				err = setInt(&st.bc, v%2, n)
			}
		case dchAD, dchBC, dchad, dchbc:
			if v, err = seq(adbcShort); err == nil {
				err = setInt(&st.bc, v%2, n)
			}
		case dchMONTH, dchMonth, dchmonth:
			if v, err = seq(monthWords); err == nil {
				err = setInt(&st.mm, v+1, n)
			}
		case dchMON, dchMon, dchmon:
			if v, err = seq(monthShort); err == nil {
				err = setInt(&st.mm, v+1, n)
			}
		case dchMM:
			if err = intField(&st.mm, len(n.key.name)); err == nil {
				s = skipTH(s, n)
			}
		case dchDAY, dchDay, dchday:
			if v, err = seq(dayWords); err == nil {
				if err = setInt(&st.d, v, n); err == nil {
					st.d++
				}
			}
		case dchDY, dchDy, dchdy:
			if v, err = seq(dayShort); err == nil {
				if err = setInt(&st.d, v, n); err == nil {
					st.d++
				}
			}
		case dchDDD:
			if err = intField(&st.ddd, len(n.key.name)); err == nil {
				s = skipTH(s, n)
			}
		case dchIDDD:
			if err = intField(&st.ddd, 3); err == nil {
				s = skipTH(s, n)
			}
		case dchDD:
			if err = intField(&st.dd, len(n.key.name)); err == nil {
				s = skipTH(s, n)
			}
		case dchD:
			if err = intField(&st.d, len(n.key.name)); err == nil {
				s = skipTH(s, n)
			}
		case dchID:
			if err = intField(&st.d, 1); err == nil {
				st.d++
				if st.d > 7 {
					st.d = 1
				}
				s = skipTH(s, n)
			}
		case dchWW, dchIW:
			if err = intField(&st.ww, len(n.key.name)); err == nil {
				s = skipTH(s, n)
			}
		case dchQ:
			if err = intField(nil, len(n.key.name)); err == nil {
				s = skipTH(s, n)
			}
		case dchCC:
			if err = intField(&st.cc, len(n.key.name)); err == nil {
				s = skipTH(s, n)
			}
		case dchYYYY_:
			millennia, years, k, ok := scanYYYY(s)
			if !ok {
				return errFormat(`invalid input string for "Y,YYY"`)
			}
			years += millennia * 1000
			if err = setInt(&st.year, years, n); err == nil {
				st.yysz = 4
				s = skipTH(s[k:], n)
			}
		case dchYYYY, dchIYYY:
			if err = intField(&st.year, len(n.key.name)); err == nil {
				st.yysz = 4
				s = skipTH(s, n)
			}
		case dchYYY, dchIYY, dchYY, dchIY, dchY, dchI:
			if err = intField(&st.year, len(n.key.name)); err == nil {
				if l < 4 {
					st.year = adjustPartialYear(st.year)
				}
				st.yysz = len(n.key.name)
				s = skipTH(s, n)
			}
		case dchRM, dchrm:
			if v, err = seq(rmLower[:]); err == nil {
				err = setInt(&st.mm, monthsPerYear-v, n)
			}
		case dchW:
			if err = intField(&st.w, len(n.key.name)); err == nil {
				s = skipTH(s, n)
			}
		case dchJ:
			if err = intField(&st.j, len(n.key.name)); err == nil {
				s = skipTH(s, n)
			}
		}
		if err != nil {
			return err
		}
		if !fx {
			extraSkip = 0
			for s != "" && isSpace(s[0]) {
				s = s[1:]
				extraSkip++
			}
		}
	}
	return nil
}

// scanYYYY is sscanf(s, "%d,%03d%n").
func scanYYYY(s string) (int, int, int, bool) {
	a, n, _ := strtoi(s, math.MinInt32, math.MaxInt32)
	if n == 0 || n >= len(s) || s[n] != ',' {
		return 0, 0, 0, false
	}
	rest := s[n+1:]
	// %03d: at most three characters, after optional white space.
	sp := spaceLen(rest)
	field := rest[sp:]
	lim := 3
	if len(field) < lim {
		lim = len(field)
	}
	b, m, _ := strtoi(field[:lim], math.MinInt32, math.MaxInt32)
	if m == 0 {
		return 0, 0, 0, false
	}
	return int(a), int(b), n + 1 + sp + m, true
}

// doToTimestamp is PostgreSQL's do_to_timestamp: fields, fraction,
// fractional precision, and an explicit zone (seconds west) if given.
func doToTimestamp(in, template string) (t tm, fprec int, tz int, hasTZ bool, err error) {
	var st fromCharState
	t.mday, t.mon = 1, 1
	if template != "" {
		if err = dchFromChar(parseDCHFormat(template), in, &st); err != nil {
			return
		}
	}
	if st.ssss != 0 {
		x := st.ssss
		t.hour = x / secsPerHour
		x %= secsPerHour
		t.min = x / secsPerMinute
		t.sec = x % secsPerMinute
	}
	if st.ss != 0 {
		t.sec = st.ss
	}
	if st.mi != 0 {
		t.min = st.mi
	}
	if st.hh != 0 {
		t.hour = st.hh
	}
	if st.clock12 != 0 {
		if t.hour < 1 || t.hour > hoursPerDay/2 {
			err = errFormat(`hour "%d" is invalid for the 12-hour clock`, t.hour).
				WithHint("Use the 24-hour clock, or give an hour between 1 and 12.")
			return
		}
		if st.pm != 0 && t.hour < hoursPerDay/2 {
			t.hour += hoursPerDay / 2
		} else if st.pm == 0 && t.hour == hoursPerDay/2 {
			t.hour = 0
		}
	}
	fmask := 0
	if st.year != 0 {
		if st.cc != 0 && st.yysz <= 2 {
			if st.bc != 0 {
				st.cc = -st.cc
			}
			t.year = st.year % 100
			if t.year != 0 {
				if st.cc >= 0 {
					t.year += (st.cc - 1) * 100
				} else {
					t.year = (st.cc+1)*100 - t.year + 1
				}
			} else {
				t.year = st.cc*100 + pickInt(st.cc >= 0, 0, 1)
			}
		} else {
			t.year = st.year
			if st.bc != 0 {
				t.year = -t.year
			}
			if t.year < 0 {
				t.year++
			}
		}
		fmask |= dtkM(tYear)
	} else if st.cc != 0 {
		if st.bc != 0 {
			st.cc = -st.cc
		}
		if st.cc >= 0 {
			t.year = (st.cc-1)*100 + 1
		} else {
			t.year = st.cc*100 + 1
		}
		fmask |= dtkM(tYear)
	}
	if st.j != 0 {
		t.year, t.mon, t.mday = j2date(st.j)
		fmask |= dtkDateM
	}
	if st.ww != 0 {
		if st.mode == modeISOWeek {
			if st.d != 0 {
				jd := isoweek2j(t.year, st.ww)
				if st.d > 1 {
					jd += st.d - 2
				} else {
					jd += 6
				}
				t.year, t.mon, t.mday = j2date(jd)
			} else {
				t.year, t.mon, t.mday = j2date(isoweek2j(t.year, st.ww))
			}
			fmask |= dtkDateM
		} else {
			st.ddd = (st.ww-1)*7 + 1
		}
	}
	if st.w != 0 {
		st.dd = (st.w-1)*7 + 1
	}
	if st.dd != 0 {
		t.mday = st.dd
		fmask |= dtkM(tDay)
	}
	if st.mm != 0 {
		t.mon = st.mm
		fmask |= dtkM(tMonth)
	}
	if st.ddd != 0 && (t.mon <= 1 || t.mday <= 1) {
		if t.year == 0 && st.bc == 0 {
			err = errFormat("cannot calculate day of year without year information")
			return
		}
		if st.mode == modeISOWeek {
			j0 := isoweek2j(t.year, 1) - 1
			t.year, t.mon, t.mday = j2date(j0 + st.ddd)
			fmask |= dtkDateM
		} else {
			ysum := [2][13]int{{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
				{0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366}}
			y := ysum[0]
			if isLeap(t.year) {
				y = ysum[1]
			}
			i := 1
			for ; i <= monthsPerYear; i++ {
				if st.ddd <= y[i] {
					break
				}
			}
			if t.mon <= 1 {
				t.mon = i
			}
			if t.mday <= 1 {
				t.mday = st.ddd - y[i-1]
			}
			fmask |= dtkM(tMonth) | dtkM(tDay)
		}
	}
	if st.ms != 0 {
		t.fsec += int64(st.ms) * 1000
	}
	if st.us != 0 {
		t.fsec += int64(st.us)
	}
	fprec = st.ff
	if fmask != 0 {
		if validateDate(fmask, true, false, false, &t) != nil {
			err = parseError(errFieldOverflow, in, nameTimestamp)
			return
		}
	}
	if t.hour < 0 || t.hour >= hoursPerDay || t.min < 0 || t.min >= minsPerHour || t.sec < 0 || t.sec >= secsPerMinute ||
		t.fsec < 0 || t.fsec >= usecsPerSec {
		err = parseError(errFieldOverflow, in, nameTimestamp)
		return
	}
	if st.tzsign != 0 {
		if st.tzh < 0 || st.tzh > maxTZDispHour || st.tzm < 0 || st.tzm >= minsPerHour {
			err = parseError(errTZDispOverflow, in, nameTimestamp)
			return
		}
		tz = (st.tzh*minsPerHour + st.tzm) * secsPerMinute
		if st.tzsign > 0 {
			tz = -tz
		}
		hasTZ = true
	}
	return
}

// ToTimestampFormat is to_timestamp(text, template): a zone read with
// TZH/TZM applies, else the session time zone.
func ToTimestampFormat(in, template string, s *Session) (TimestampTZ, error) {
	t, fprec, tz, hasTZ, err := doToTimestamp(in, template)
	if err != nil {
		return 0, err
	}
	if !hasTZ {
		tz = determineOffset(&t, s.loc())
	}
	r, ok := tm2timestamp(&t, &tz)
	if !ok {
		return 0, errTimestampRange()
	}
	if fprec != 0 {
		return AdjustTimestampTZ(TimestampTZ(r), int32(fprec))
	}
	return TimestampTZ(r), nil
}

// ToDateFormat is to_date(text, template).
func ToDateFormat(in, template string) (Date, error) {
	t, _, _, _, err := doToTimestamp(in, template)
	if err != nil {
		return 0, err
	}
	if !validJulian(t.year, t.mon, t.mday) {
		return 0, outOfRangeValue("date", in)
	}
	d := int64(date2j(t.year, t.mon, t.mday) - postgresEpochJDate)
	if !validDate(d) {
		return 0, outOfRangeValue("date", in)
	}
	return Date(d), nil
}
