package pgdate

import (
	"math"
	"strconv"
)

// Character classes in the C locale, as PostgreSQL's parser sees them.

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
func isPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !isAlnum(c)
}
func toLower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
func toUpper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// strtoi parses like C's strtol: leading white space, an optional sign and
// decimal digits. n is the number of bytes consumed (0 when there are no
// digits); erange reports a value outside [min, max].
func strtoi(s string, min, max int64) (v int64, n int, erange bool) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var acc uint64
	over := false
	for i < len(s) && isDigit(s[i]) {
		if acc > (math.MaxUint64-9)/10 {
			over = true
		} else {
			acc = acc*10 + uint64(s[i]-'0')
		}
		i++
	}
	if i == start {
		return 0, 0, false
	}
	if over || acc > 1<<63 {
		if neg {
			return min, i, true
		}
		return max, i, true
	}
	if neg {
		v = -int64(acc)
		if acc == 1<<63 {
			v = math.MinInt64
		}
	} else {
		if acc == 1<<63 {
			return max, i, true
		}
		v = int64(acc)
	}
	if v < min {
		return min, i, true
	}
	if v > max {
		return max, i, true
	}
	return v, i, false
}

func strtoint(s string) (int, int, bool) {
	v, n, e := strtoi(s, math.MinInt32, math.MaxInt32)
	return int(v), n, e
}

func strtoi64(s string) (int64, int, bool) {
	return strtoi(s, math.MinInt64, math.MaxInt64)
}

// atoi is C's atoi on a run of digits (no error reporting).
func atoi(s string) int {
	v, _, _ := strtoi(s, math.MinInt32, math.MaxInt32)
	return int(v)
}

// strtod parses the longest prefix of s that C's strtod accepts: white
// space, sign, decimal digits with an optional point and exponent, or
// inf/infinity/nan. n is 0 when nothing parses.
func strtod(s string) (v float64, n int, ok bool) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	start := i
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	numStart := i
	digits := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		// inf, infinity, nan
		rest := s[numStart:]
		low := func(k int) string {
			b := make([]byte, 0, k)
			for j := 0; j < k && j < len(rest); j++ {
				b = append(b, toLower(rest[j]))
			}
			return string(b)
		}
		switch {
		case low(8) == "infinity":
			i = numStart + 8
		case low(3) == "inf":
			i = numStart + 3
		case low(3) == "nan":
			i = numStart + 3
		default:
			return 0, 0, false
		}
		f, err := strconv.ParseFloat(s[start:i], 64)
		if err != nil {
			return 0, 0, false
		}
		return f, i, true
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			i = j
		}
	}
	f, err := strconv.ParseFloat(s[start:i], 64)
	if err != nil {
		// out of range: strconv returns ±Inf or 0 with ErrRange
		return f, i, false
	}
	return f, i, true
}

func appendZeroPad(b []byte, v int64, width int) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
		width--
	}
	var tmp [24]byte
	i := len(tmp)
	for v >= 10 {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	i--
	tmp[i] = byte('0' + v)
	for n := len(tmp) - i; n < width; n++ {
		b = append(b, '0')
	}
	return append(b, tmp[i:]...)
}

// Field types produced by parseDateTime (PostgreSQL's DTK_* field codes);
// the same namespace holds the special values and units.
type dtk int

const (
	dtkNumber dtk = iota
	dtkString
	dtkDate
	dtkTime
	dtkTZ
	dtkAgo
	dtkSpecial
	dtkEarly
	dtkLate
	dtkEpoch
	dtkNow
	dtkYesterday
	dtkToday
	dtkTomorrow
	dtkZulu
	dtkDelta
	dtkSecond
	dtkMinute
	dtkHour
	dtkDay
	dtkWeek
	dtkMonth
	dtkQuarter
	dtkYear
	dtkDecade
	dtkCentury
	dtkMillennium
	dtkMillisec
	dtkMicrosec
	dtkJulian
	dtkDow
	dtkDoy
	dtkTZHour
	dtkTZMinute
	dtkIsoYear
	dtkIsoDow
)

// Token types of the keyword tables; the numbers are bit positions in the
// field masks, as in PostgreSQL's datetime.h.
type tokType int

const (
	tReserv      tokType = 0
	tMonth       tokType = 1
	tYear        tokType = 2
	tDay         tokType = 3
	tJulian      tokType = 4
	tTZ          tokType = 5
	tDTZ         tokType = 6
	tDynTZ       tokType = 7
	tIgnore      tokType = 8
	tAMPM        tokType = 9
	tHour        tokType = 10
	tMinute      tokType = 11
	tSecond      tokType = 12
	tMillisecond tokType = 13
	tMicrosecond tokType = 14
	tDOY         tokType = 15
	tDOW         tokType = 16
	tUnits       tokType = 17
	tADBC        tokType = 18
	tAgo         tokType = 19
	tISOTime     tokType = 23
	tWeek        tokType = 24
	tDecade      tokType = 25
	tCentury     tokType = 26
	tMillennium  tokType = 27
	tDTZMod      tokType = 28
	tUnknown     tokType = 31
)

func dtkM(t tokType) int { return 1 << uint(t) }

var (
	dtkDateM    = dtkM(tYear) | dtkM(tMonth) | dtkM(tDay)
	dtkTimeM    = dtkM(tHour) | dtkM(tMinute) | dtkM(tSecond) | dtkM(tMillisecond) | dtkM(tMicrosecond)
	dtkAllSecsM = dtkM(tSecond) | dtkM(tMillisecond) | dtkM(tMicrosecond)
)

const (
	amValue   = 0
	pmValue   = 1
	hr24      = 2
	adValue   = 0
	bcValue   = 1
	tokMaxLen = 10
)

type datetkn struct {
	typ tokType
	val int
}

// dateTokens are the keywords of date/time input (PostgreSQL's datetktbl).
var dateTokens = map[string]datetkn{
	"-infinity": {tReserv, int(dtkEarly)},
	"ad":        {tADBC, adValue},
	"allballs":  {tReserv, int(dtkZulu)},
	"am":        {tAMPM, amValue},
	"apr":       {tMonth, 4},
	"april":     {tMonth, 4},
	"at":        {tIgnore, 0},
	"aug":       {tMonth, 8},
	"august":    {tMonth, 8},
	"bc":        {tADBC, bcValue},
	"d":         {tUnits, int(dtkDay)},
	"dec":       {tMonth, 12},
	"december":  {tMonth, 12},
	"dow":       {tUnits, int(dtkDow)},
	"doy":       {tUnits, int(dtkDoy)},
	"dst":       {tDTZMod, secsPerHour},
	"epoch":     {tReserv, int(dtkEpoch)},
	"feb":       {tMonth, 2},
	"february":  {tMonth, 2},
	"fri":       {tDOW, 5},
	"friday":    {tDOW, 5},
	"h":         {tUnits, int(dtkHour)},
	"infinity":  {tReserv, int(dtkLate)},
	"isodow":    {tUnits, int(dtkIsoDow)},
	"isoyear":   {tUnits, int(dtkIsoYear)},
	"j":         {tUnits, int(dtkJulian)},
	"jan":       {tMonth, 1},
	"january":   {tMonth, 1},
	"jd":        {tUnits, int(dtkJulian)},
	"jul":       {tMonth, 7},
	"julian":    {tUnits, int(dtkJulian)},
	"july":      {tMonth, 7},
	"jun":       {tMonth, 6},
	"june":      {tMonth, 6},
	"m":         {tUnits, int(dtkMonth)},
	"mar":       {tMonth, 3},
	"march":     {tMonth, 3},
	"may":       {tMonth, 5},
	"mm":        {tUnits, int(dtkMinute)},
	"mon":       {tDOW, 1},
	"monday":    {tDOW, 1},
	"nov":       {tMonth, 11},
	"november":  {tMonth, 11},
	"now":       {tReserv, int(dtkNow)},
	"oct":       {tMonth, 10},
	"october":   {tMonth, 10},
	"on":        {tIgnore, 0},
	"pm":        {tAMPM, pmValue},
	"s":         {tUnits, int(dtkSecond)},
	"sat":       {tDOW, 6},
	"saturday":  {tDOW, 6},
	"sep":       {tMonth, 9},
	"sept":      {tMonth, 9},
	"september": {tMonth, 9},
	"sun":       {tDOW, 0},
	"sunday":    {tDOW, 0},
	"t":         {tISOTime, int(dtkTime)},
	"thu":       {tDOW, 4},
	"thur":      {tDOW, 4},
	"thurs":     {tDOW, 4},
	"thursday":  {tDOW, 4},
	"today":     {tReserv, int(dtkToday)},
	"tomorrow":  {tReserv, int(dtkTomorrow)},
	"tue":       {tDOW, 2},
	"tues":      {tDOW, 2},
	"tuesday":   {tDOW, 2},
	"wed":       {tDOW, 3},
	"wednesday": {tDOW, 3},
	"weds":      {tDOW, 3},
	"y":         {tUnits, int(dtkYear)},
	"yesterday": {tReserv, int(dtkYesterday)},
}

// deltaTokens are the keywords of interval input and of extract/date_trunc
// units (PostgreSQL's deltatktbl).
var deltaTokens = map[string]datetkn{
	"@":          {tIgnore, 0},
	"ago":        {tAgo, 0},
	"c":          {tUnits, int(dtkCentury)},
	"cent":       {tUnits, int(dtkCentury)},
	"centuries":  {tUnits, int(dtkCentury)},
	"century":    {tUnits, int(dtkCentury)},
	"d":          {tUnits, int(dtkDay)},
	"day":        {tUnits, int(dtkDay)},
	"days":       {tUnits, int(dtkDay)},
	"dec":        {tUnits, int(dtkDecade)},
	"decade":     {tUnits, int(dtkDecade)},
	"decades":    {tUnits, int(dtkDecade)},
	"decs":       {tUnits, int(dtkDecade)},
	"h":          {tUnits, int(dtkHour)},
	"hour":       {tUnits, int(dtkHour)},
	"hours":      {tUnits, int(dtkHour)},
	"hr":         {tUnits, int(dtkHour)},
	"hrs":        {tUnits, int(dtkHour)},
	"m":          {tUnits, int(dtkMinute)},
	"microsecon": {tUnits, int(dtkMicrosec)},
	"mil":        {tUnits, int(dtkMillennium)},
	"millennia":  {tUnits, int(dtkMillennium)},
	"millennium": {tUnits, int(dtkMillennium)},
	"millisecon": {tUnits, int(dtkMillisec)},
	"mils":       {tUnits, int(dtkMillennium)},
	"min":        {tUnits, int(dtkMinute)},
	"mins":       {tUnits, int(dtkMinute)},
	"minute":     {tUnits, int(dtkMinute)},
	"minutes":    {tUnits, int(dtkMinute)},
	"mon":        {tUnits, int(dtkMonth)},
	"mons":       {tUnits, int(dtkMonth)},
	"month":      {tUnits, int(dtkMonth)},
	"months":     {tUnits, int(dtkMonth)},
	"ms":         {tUnits, int(dtkMillisec)},
	"msec":       {tUnits, int(dtkMillisec)},
	"msecond":    {tUnits, int(dtkMillisec)},
	"mseconds":   {tUnits, int(dtkMillisec)},
	"msecs":      {tUnits, int(dtkMillisec)},
	"qtr":        {tUnits, int(dtkQuarter)},
	"quarter":    {tUnits, int(dtkQuarter)},
	"s":          {tUnits, int(dtkSecond)},
	"sec":        {tUnits, int(dtkSecond)},
	"second":     {tUnits, int(dtkSecond)},
	"seconds":    {tUnits, int(dtkSecond)},
	"secs":       {tUnits, int(dtkSecond)},
	"timezone":   {tUnits, int(dtkTZ)},
	"timezone_h": {tUnits, int(dtkTZHour)},
	"timezone_m": {tUnits, int(dtkTZMinute)},
	"us":         {tUnits, int(dtkMicrosec)},
	"usec":       {tUnits, int(dtkMicrosec)},
	"usecond":    {tUnits, int(dtkMicrosec)},
	"useconds":   {tUnits, int(dtkMicrosec)},
	"usecs":      {tUnits, int(dtkMicrosec)},
	"w":          {tUnits, int(dtkWeek)},
	"week":       {tUnits, int(dtkWeek)},
	"weeks":      {tUnits, int(dtkWeek)},
	"y":          {tUnits, int(dtkYear)},
	"year":       {tUnits, int(dtkYear)},
	"years":      {tUnits, int(dtkYear)},
	"yr":         {tUnits, int(dtkYear)},
	"yrs":        {tUnits, int(dtkYear)},
}

func truncTok(low string) string {
	if len(low) > tokMaxLen {
		return low[:tokMaxLen]
	}
	return low
}

// decodeSpecial looks a lower-case token up among the date keywords.
func decodeSpecial(low string) (tokType, int) {
	if t, ok := dateTokens[truncTok(low)]; ok {
		return t.typ, t.val
	}
	return tUnknown, 0
}

// decodeUnits looks a lower-case token up among the interval units.
func decodeUnits(low string) (tokType, int) {
	if t, ok := deltaTokens[truncTok(low)]; ok {
		return t.typ, t.val
	}
	return tUnknown, 0
}

// dtErr is a date/time decoding failure (PostgreSQL's DTERR_* codes),
// turned into the user-visible error by parseError.
type dtErr int

const (
	errBadFormat dtErr = -1 - iota
	errFieldOverflow
	errMDFieldOverflow
	errIntervalOverflow
	errTZDispOverflow
)

func (e dtErr) Error() string { return "date/time decoding error " + strconv.Itoa(int(e)) }

// maxDateFields and the work-buffer sizes bound input the way PostgreSQL's
// fixed buffers do; longer input is a syntax error there too.
const (
	maxDateFields = 25
	maxDateLen    = 128
)

// fieldList is the output of parseDateTime: up to maxDateFields fields,
// each lower-cased (except numbers and signs) with its type.
type fieldList struct {
	f  [maxDateFields]string
	ft [maxDateFields]dtk
	n  int
}

// parseDateTime splits input into fields (PostgreSQL's ParseDateTime).
// bufLen is the caller's work-buffer size in PostgreSQL, which bounds the
// total length of the fields.
func parseDateTime(s string, bufLen int, fl *fieldList) error {
	var buf [320]byte
	b := buf[:0]
	var starts [maxDateFields + 1]int
	used := 0
	app := func(c byte) bool {
		if used+1 >= bufLen {
			return false
		}
		b = append(b, c)
		used++
		return true
	}
	nf := 0
	cp := 0
	for cp < len(s) {
		c := s[cp]
		if isSpace(c) {
			cp++
			continue
		}
		if nf >= maxDateFields {
			return errBadFormat
		}
		starts[nf] = len(b)
		var ftype dtk
		switch {
		case isDigit(c):
			if !app(c) {
				return errBadFormat
			}
			cp++
			for cp < len(s) && isDigit(s[cp]) {
				if !app(s[cp]) {
					return errBadFormat
				}
				cp++
			}
			if cp < len(s) && s[cp] == ':' {
				ftype = dtkTime
				if !app(':') {
					return errBadFormat
				}
				cp++
				for cp < len(s) && (isDigit(s[cp]) || s[cp] == ':' || s[cp] == '.') {
					if !app(s[cp]) {
						return errBadFormat
					}
					cp++
				}
			} else if cp < len(s) && (s[cp] == '-' || s[cp] == '/' || s[cp] == '.') {
				delim := s[cp]
				if !app(delim) {
					return errBadFormat
				}
				cp++
				if cp < len(s) && isDigit(s[cp]) {
					if delim == '.' {
						ftype = dtkNumber
					} else {
						ftype = dtkDate
					}
					for cp < len(s) && isDigit(s[cp]) {
						if !app(s[cp]) {
							return errBadFormat
						}
						cp++
					}
					if cp < len(s) && s[cp] == delim {
						ftype = dtkDate
						if !app(delim) {
							return errBadFormat
						}
						cp++
						for cp < len(s) && (isDigit(s[cp]) || s[cp] == delim) {
							if !app(s[cp]) {
								return errBadFormat
							}
							cp++
						}
					}
				} else {
					ftype = dtkDate
					for cp < len(s) && (isAlnum(s[cp]) || s[cp] == delim) {
						if !app(toLower(s[cp])) {
							return errBadFormat
						}
						cp++
					}
				}
			} else {
				ftype = dtkNumber
			}
		case c == '.':
			if !app(c) {
				return errBadFormat
			}
			cp++
			for cp < len(s) && isDigit(s[cp]) {
				if !app(s[cp]) {
					return errBadFormat
				}
				cp++
			}
			ftype = dtkNumber
		case isAlpha(c):
			ftype = dtkString
			if !app(toLower(c)) {
				return errBadFormat
			}
			cp++
			for cp < len(s) && isAlpha(s[cp]) {
				if !app(toLower(s[cp])) {
					return errBadFormat
				}
				cp++
			}
			isDate := false
			if cp < len(s) {
				switch n := s[cp]; {
				case n == '-' || n == '/' || n == '.':
					isDate = true
				case n == '+' || isDigit(n):
					if t, _ := decodeSpecial(string(b[starts[nf]:])); t == tUnknown {
						isDate = true
					}
				}
			}
			if isDate {
				ftype = dtkDate
				for {
					if !app(toLower(s[cp])) {
						return errBadFormat
					}
					cp++
					if cp >= len(s) {
						break
					}
					n := s[cp]
					if !(n == '+' || n == '-' || n == '/' || n == '_' || n == '.' || n == ':' || isAlnum(n)) {
						break
					}
				}
			}
		case c == '+' || c == '-':
			if !app(c) {
				return errBadFormat
			}
			cp++
			for cp < len(s) && isSpace(s[cp]) {
				cp++
			}
			if cp < len(s) && isDigit(s[cp]) {
				ftype = dtkTZ
				if !app(s[cp]) {
					return errBadFormat
				}
				cp++
				for cp < len(s) && (isDigit(s[cp]) || s[cp] == ':' || s[cp] == '.' || s[cp] == '-') {
					if !app(s[cp]) {
						return errBadFormat
					}
					cp++
				}
			} else if cp < len(s) && isAlpha(s[cp]) {
				ftype = dtkSpecial
				if !app(toLower(s[cp])) {
					return errBadFormat
				}
				cp++
				for cp < len(s) && isAlpha(s[cp]) {
					if !app(toLower(s[cp])) {
						return errBadFormat
					}
					cp++
				}
			} else {
				return errBadFormat
			}
		case isPunct(c):
			cp++
			continue
		default:
			return errBadFormat
		}
		// the field's terminating NUL in PostgreSQL's buffer
		used++
		fl.ft[nf] = ftype
		nf++
		starts[nf] = len(b)
	}
	str := string(b)
	for i := 0; i < nf; i++ {
		fl.f[i] = str[starts[i]:starts[i+1]]
	}
	fl.n = nf
	return nil
}
