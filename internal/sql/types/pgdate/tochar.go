package pgdate

import (
	"strconv"
	"strings"
	"sync"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// Template patterns for date/time formatting: to_char(timestamp,
// timestamptz, interval) and to_timestamp/to_date (PostgreSQL's
// utils/adt/formatting.c, the DCH half).

type dchKey int

const (
	dchAD_ dchKey = iota // A.D.
	dchAM_               // A.M.
	dchAD
	dchAM
	dchBC_ // B.C.
	dchBC
	dchCC
	dchDAY
	dchDDD
	dchDD
	dchDY
	dchDay
	dchDy
	dchD
	dchFF1
	dchFF2
	dchFF3
	dchFF4
	dchFF5
	dchFF6
	dchFX
	dchHH24
	dchHH12
	dchHH
	dchIDDD
	dchID
	dchIW
	dchIYYY
	dchIYY
	dchIY
	dchI
	dchJ
	dchMI
	dchMM
	dchMONTH
	dchMON
	dchMS
	dchMonth
	dchMon
	dchOF
	dchPM_ // P.M.
	dchPM
	dchQ
	dchRM
	dchSSSS
	dchSS
	dchTZH
	dchTZM
	dchTZ
	dchUS
	dchWW
	dchW
	dchYYYY_ // Y,YYY
	dchYYYY
	dchYYY
	dchYY
	dchY
	dchad_ // a.d.
	dcham_ // a.m.
	dchad
	dcham
	dchbc_ // b.c.
	dchbc
	dchday
	dchdy
	dchmonth
	dchmon
	dchpm_ // p.m.
	dchpm
	dchrm
	dchtz
)

type dateMode uint8

const (
	modeNone dateMode = iota
	modeGregorian
	modeISOWeek
)

type dchKeyword struct {
	name    string
	id      dchKey
	isDigit bool
	mode    dateMode
}

// dchKeywords is PostgreSQL's DCH_keywords, in its search order: for each
// first character, longer names before their prefixes.
var dchKeywords = []dchKeyword{
	{"A.D.", dchAD_, false, modeNone}, {"A.M.", dchAM_, false, modeNone}, {"AD", dchAD, false, modeNone}, {"AM", dchAM, false, modeNone},
	{"B.C.", dchBC_, false, modeNone}, {"BC", dchBC, false, modeNone},
	{"CC", dchCC, true, modeNone},
	{"DAY", dchDAY, false, modeNone}, {"DDD", dchDDD, true, modeGregorian}, {"DD", dchDD, true, modeGregorian}, {"DY", dchDY, false, modeNone},
	{"Day", dchDay, false, modeNone}, {"Dy", dchDy, false, modeNone}, {"D", dchD, true, modeGregorian},
	{"FF1", dchFF1, true, modeNone}, {"FF2", dchFF2, true, modeNone}, {"FF3", dchFF3, true, modeNone}, {"FF4", dchFF4, true, modeNone},
	{"FF5", dchFF5, true, modeNone}, {"FF6", dchFF6, true, modeNone}, {"FX", dchFX, false, modeNone},
	{"HH24", dchHH24, true, modeNone}, {"HH12", dchHH12, true, modeNone}, {"HH", dchHH, true, modeNone},
	{"IDDD", dchIDDD, true, modeISOWeek}, {"ID", dchID, true, modeISOWeek}, {"IW", dchIW, true, modeISOWeek}, {"IYYY", dchIYYY, true, modeISOWeek},
	{"IYY", dchIYY, true, modeISOWeek}, {"IY", dchIY, true, modeISOWeek}, {"I", dchI, true, modeISOWeek},
	{"J", dchJ, true, modeNone},
	{"MI", dchMI, true, modeNone}, {"MM", dchMM, true, modeGregorian}, {"MONTH", dchMONTH, false, modeGregorian}, {"MON", dchMON, false, modeGregorian},
	{"MS", dchMS, true, modeNone}, {"Month", dchMonth, false, modeGregorian}, {"Mon", dchMon, false, modeGregorian},
	{"OF", dchOF, false, modeNone},
	{"P.M.", dchPM_, false, modeNone}, {"PM", dchPM, false, modeNone},
	{"Q", dchQ, true, modeNone},
	{"RM", dchRM, false, modeGregorian},
	{"SSSSS", dchSSSS, true, modeNone}, {"SSSS", dchSSSS, true, modeNone}, {"SS", dchSS, true, modeNone},
	{"TZH", dchTZH, false, modeNone}, {"TZM", dchTZM, true, modeNone}, {"TZ", dchTZ, false, modeNone},
	{"US", dchUS, true, modeNone},
	{"WW", dchWW, true, modeGregorian}, {"W", dchW, true, modeGregorian},
	{"Y,YYY", dchYYYY_, true, modeGregorian}, {"YYYY", dchYYYY, true, modeGregorian}, {"YYY", dchYYY, true, modeGregorian},
	{"YY", dchYY, true, modeGregorian}, {"Y", dchY, true, modeGregorian},
	{"a.d.", dchad_, false, modeNone}, {"a.m.", dcham_, false, modeNone}, {"ad", dchad, false, modeNone}, {"am", dcham, false, modeNone},
	{"b.c.", dchbc_, false, modeNone}, {"bc", dchbc, false, modeNone},
	{"cc", dchCC, true, modeNone},
	{"day", dchday, false, modeNone}, {"ddd", dchDDD, true, modeGregorian}, {"dd", dchDD, true, modeGregorian}, {"dy", dchdy, false, modeNone},
	{"d", dchD, true, modeGregorian},
	{"ff1", dchFF1, true, modeNone}, {"ff2", dchFF2, true, modeNone}, {"ff3", dchFF3, true, modeNone}, {"ff4", dchFF4, true, modeNone},
	{"ff5", dchFF5, true, modeNone}, {"ff6", dchFF6, true, modeNone}, {"fx", dchFX, false, modeNone},
	{"hh24", dchHH24, true, modeNone}, {"hh12", dchHH12, true, modeNone}, {"hh", dchHH, true, modeNone},
	{"iddd", dchIDDD, true, modeISOWeek}, {"id", dchID, true, modeISOWeek}, {"iw", dchIW, true, modeISOWeek}, {"iyyy", dchIYYY, true, modeISOWeek},
	{"iyy", dchIYY, true, modeISOWeek}, {"iy", dchIY, true, modeISOWeek}, {"i", dchI, true, modeISOWeek},
	{"j", dchJ, true, modeNone},
	{"mi", dchMI, true, modeNone}, {"mm", dchMM, true, modeGregorian}, {"month", dchmonth, false, modeGregorian}, {"mon", dchmon, false, modeGregorian},
	{"ms", dchMS, true, modeNone},
	{"of", dchOF, false, modeNone},
	{"p.m.", dchpm_, false, modeNone}, {"pm", dchpm, false, modeNone},
	{"q", dchQ, true, modeNone},
	{"rm", dchrm, false, modeGregorian},
	{"sssss", dchSSSS, true, modeNone}, {"ssss", dchSSSS, true, modeNone}, {"ss", dchSS, true, modeNone},
	{"tzh", dchTZH, false, modeNone}, {"tzm", dchTZM, true, modeNone}, {"tz", dchtz, false, modeNone},
	{"us", dchUS, true, modeNone},
	{"ww", dchWW, true, modeGregorian}, {"w", dchW, true, modeGregorian},
	{"y,yyy", dchYYYY_, true, modeGregorian}, {"yyyy", dchYYYY, true, modeGregorian}, {"yyy", dchYYY, true, modeGregorian},
	{"yy", dchYY, true, modeGregorian}, {"y", dchY, true, modeGregorian},
}

// Keyword suffixes.
const (
	sufFM = 1 << iota
	sufTM
	sufTH
	sufth
	sufSP
)

type nodeType uint8

const (
	nodeAction nodeType = iota
	nodeChar
	nodeSeparator
	nodeSpace
)

type fmtNode struct {
	typ    nodeType
	key    *dchKeyword
	suffix int
	char   string
}

func isSeparatorChar(c byte) bool {
	return c > 0x20 && c < 0x7f && !isAlnum(c)
}

// utf8Len is pg_mblen for UTF-8.
func utf8Len(s string, i int) int {
	c := s[i]
	n := 1
	switch {
	case c&0xe0 == 0xc0:
		n = 2
	case c&0xf0 == 0xe0:
		n = 3
	case c&0xf8 == 0xf0:
		n = 4
	}
	if i+n > len(s) {
		n = len(s) - i
	}
	return n
}

var dchCache sync.Map // format string -> []fmtNode

// parseDCHFormat splits a template into keywords and literal characters
// (PostgreSQL's parse_format for DCH).
func parseDCHFormat(f string) []fmtNode {
	if v, ok := dchCache.Load(f); ok {
		return v.([]fmtNode)
	}
	var nodes []fmtNode
	i := 0
	for i < len(f) {
		suffix := 0
		if strings.HasPrefix(f[i:], "FM") || strings.HasPrefix(f[i:], "fm") {
			suffix |= sufFM
			i += 2
		} else if strings.HasPrefix(f[i:], "TM") || strings.HasPrefix(f[i:], "tm") {
			suffix |= sufTM
			i += 2
		}
		if i < len(f) {
			if k := dchSearch(f[i:]); k != nil {
				n := fmtNode{typ: nodeAction, key: k, suffix: suffix}
				i += len(k.name)
				if i < len(f) {
					switch {
					case strings.HasPrefix(f[i:], "TH"):
						n.suffix |= sufTH
						i += 2
					case strings.HasPrefix(f[i:], "th"):
						n.suffix |= sufth
						i += 2
					case strings.HasPrefix(f[i:], "SP"):
						n.suffix |= sufSP
						i += 2
					}
				}
				nodes = append(nodes, n)
				continue
			}
		}
		if i >= len(f) {
			break
		}
		if f[i] == '"' {
			i++
			for i < len(f) {
				if f[i] == '"' {
					i++
					break
				}
				if f[i] == '\\' && i+1 < len(f) {
					i++
				}
				l := utf8Len(f, i)
				nodes = append(nodes, fmtNode{typ: nodeChar, char: f[i : i+l]})
				i += l
			}
			continue
		}
		if f[i] == '\\' && i+1 < len(f) && f[i+1] == '"' {
			i++
		}
		l := utf8Len(f, i)
		n := fmtNode{char: f[i : i+l]}
		switch {
		case isSeparatorChar(f[i]):
			n.typ = nodeSeparator
		case isSpace(f[i]):
			n.typ = nodeSpace
		default:
			n.typ = nodeChar
		}
		nodes = append(nodes, n)
		i += l
	}
	dchCache.Store(f, nodes)
	return nodes
}

func dchSearch(s string) *dchKeyword {
	if s == "" || s[0] < 32 || s[0] > 126 {
		return nil
	}
	for i := range dchKeywords {
		k := &dchKeywords[i]
		if k.name[0] == s[0] && strings.HasPrefix(s, k.name) {
			return k
		}
	}
	return nil
}

var monthsFull = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
var daysFull = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
var rmUpper = [12]string{"XII", "XI", "X", "IX", "VIII", "VII", "VI", "V", "IV", "III", "II", "I"}
var rmLower = [12]string{"xii", "xi", "x", "ix", "viii", "vii", "vi", "v", "iv", "iii", "ii", "i"}

// ordinal appends "st", "nd", "rd" or "th" (upper-case for TH) to a
// formatted number (PostgreSQL's str_numth).
func ordinal(s string, upper bool) (string, error) {
	if s == "" || !isDigit(s[len(s)-1]) {
		return "", pgerror.New(pgerror.InvalidTextRepresentation, `"%s" is not a number`, s)
	}
	last := s[len(s)-1]
	if len(s) > 1 && s[len(s)-2] == '1' {
		last = 0
	}
	var suf string
	switch last {
	case '1':
		suf = "st"
	case '2':
		suf = "nd"
	case '3':
		suf = "rd"
	default:
		suf = "th"
	}
	if upper {
		suf = strings.ToUpper(suf)
	}
	return s + suf, nil
}

func padNum(v int64, width int) string {
	s := strconv.FormatInt(v, 10)
	if width <= 0 {
		return s
	}
	neg := v < 0
	digits := s
	if neg {
		digits = s[1:]
	}
	w := width
	if neg {
		w--
	}
	for len(digits) < w {
		digits = "0" + digits
	}
	if neg {
		return "-" + digits
	}
	return digits
}

func padRight(s string, width int) string {
	for len(s) < width {
		s += " "
	}
	return s
}

// charTm is the broken-down value to_char formats.
type charTm struct {
	year, mon, mday int
	hour            int64
	min, sec        int
	fsec            int64
	wday, yday      int
	gmtoff          int
	tzn             string
	hasTzn          bool
	interval        bool
}

func errIntervalFormat() error {
	return pgerror.New(pgerror.InvalidDatetimeFormat, "invalid format specification for an interval value").
		WithHint("Intervals are not tied to specific calendar dates.")
}

func adjustYear(year int, interval bool) int {
	if interval {
		return year
	}
	if year <= 0 {
		return -(year - 1)
	}
	return year
}

// dchToChar formats fields under a template (PostgreSQL's DCH_to_char).
func dchToChar(nodes []fmtNode, t *charTm) (string, error) {
	var b strings.Builder
	num := func(n *fmtNode, v int64, width int) error {
		if n.suffix&sufFM != 0 {
			width = 0
		}
		s := padNum(v, width)
		if n.suffix&(sufTH|sufth) != 0 {
			var err error
			if s, err = ordinal(s, n.suffix&sufTH != 0); err != nil {
				return err
			}
		}
		b.WriteString(s)
		return nil
	}
	w2 := func(v int64) int {
		if v >= 0 {
			return 2
		}
		return 3
	}
	for i := range nodes {
		n := &nodes[i]
		if n.typ != nodeAction {
			b.WriteString(n.char)
			continue
		}
		fm := n.suffix&sufFM != 0
		pm := t.hour%hoursPerDay >= hoursPerDay/2
		var err error
		switch n.key.id {
		case dchAM_, dchPM_:
			b.WriteString(pick(pm, "P.M.", "A.M."))
		case dchAM, dchPM:
			b.WriteString(pick(pm, "PM", "AM"))
		case dcham_, dchpm_:
			b.WriteString(pick(pm, "p.m.", "a.m."))
		case dcham, dchpm:
			b.WriteString(pick(pm, "pm", "am"))
		case dchHH, dchHH12:
			h := t.hour % (hoursPerDay / 2)
			if h == 0 {
				h = hoursPerDay / 2
			}
			err = num(n, h, w2(t.hour))
		case dchHH24:
			err = num(n, t.hour, w2(t.hour))
		case dchMI:
			err = num(n, int64(t.min), w2(int64(t.min)))
		case dchSS:
			err = num(n, int64(t.sec), w2(int64(t.sec)))
		case dchFF1, dchFF2, dchFF3, dchFF4, dchFF5, dchFF6, dchMS, dchUS:
			digits := map[dchKey]int{dchFF1: 1, dchFF2: 2, dchFF3: 3, dchMS: 3, dchFF4: 4, dchFF5: 5, dchFF6: 6, dchUS: 6}[n.key.id]
			v := t.fsec
			for k := digits; k < 6; k++ {
				v /= 10
			}
			s := padNum(v, digits)
			if n.suffix&(sufTH|sufth) != 0 {
				if s, err = ordinal(s, n.suffix&sufTH != 0); err != nil {
					return "", err
				}
			}
			b.WriteString(s)
		case dchSSSS:
			err = num(n, t.hour*secsPerHour+int64(t.min)*secsPerMinute+int64(t.sec), 0)
		case dchtz:
			if t.interval {
				return "", errIntervalFormat()
			}
			if t.hasTzn {
				b.WriteString(strings.ToLower(t.tzn))
			}
		case dchTZ:
			if t.interval {
				return "", errIntervalFormat()
			}
			if t.hasTzn {
				b.WriteString(t.tzn)
			}
		case dchTZH:
			if t.interval {
				return "", errIntervalFormat()
			}
			b.WriteString(pick(t.gmtoff >= 0, "+", "-"))
			b.WriteString(padNum(int64(absInt(t.gmtoff)/secsPerHour), 2))
		case dchTZM:
			if t.interval {
				return "", errIntervalFormat()
			}
			b.WriteString(padNum(int64((absInt(t.gmtoff)%secsPerHour)/secsPerMinute), 2))
		case dchOF:
			if t.interval {
				return "", errIntervalFormat()
			}
			b.WriteString(pick(t.gmtoff >= 0, "+", "-"))
			b.WriteString(padNum(int64(absInt(t.gmtoff)/secsPerHour), pickInt(fm, 0, 2)))
			if absInt(t.gmtoff)%secsPerHour != 0 {
				b.WriteByte(':')
				b.WriteString(padNum(int64((absInt(t.gmtoff)%secsPerHour)/secsPerMinute), 2))
			}
		case dchAD_, dchBC_:
			if t.interval {
				return "", errIntervalFormat()
			}
			b.WriteString(pick(t.year <= 0, "B.C.", "A.D."))
		case dchAD, dchBC:
			if t.interval {
				return "", errIntervalFormat()
			}
			b.WriteString(pick(t.year <= 0, "BC", "AD"))
		case dchad_, dchbc_:
			if t.interval {
				return "", errIntervalFormat()
			}
			b.WriteString(pick(t.year <= 0, "b.c.", "a.d."))
		case dchad, dchbc:
			if t.interval {
				return "", errIntervalFormat()
			}
			b.WriteString(pick(t.year <= 0, "bc", "ad"))
		case dchMONTH, dchMonth, dchmonth:
			if t.interval {
				return "", errIntervalFormat()
			}
			if t.mon == 0 {
				break
			}
			name := monthsFull[t.mon-1]
			switch n.key.id {
			case dchMONTH:
				name = strings.ToUpper(name)
			case dchmonth:
				name = strings.ToLower(name)
			}
			if !fm && n.suffix&sufTM == 0 {
				name = padRight(name, 9)
			}
			b.WriteString(name)
		case dchMON, dchMon, dchmon:
			if t.interval {
				return "", errIntervalFormat()
			}
			if t.mon == 0 {
				break
			}
			name := monthsFull[t.mon-1][:3]
			switch n.key.id {
			case dchMON:
				name = strings.ToUpper(name)
			case dchmon:
				name = strings.ToLower(name)
			}
			b.WriteString(name)
		case dchMM:
			err = num(n, int64(t.mon), w2(int64(t.mon)))
		case dchDAY, dchDay, dchday:
			if t.interval {
				return "", errIntervalFormat()
			}
			name := daysFull[t.wday]
			switch n.key.id {
			case dchDAY:
				name = strings.ToUpper(name)
			case dchday:
				name = strings.ToLower(name)
			}
			if !fm && n.suffix&sufTM == 0 {
				name = padRight(name, 9)
			}
			b.WriteString(name)
		case dchDY, dchDy, dchdy:
			if t.interval {
				return "", errIntervalFormat()
			}
			name := daysFull[t.wday][:3]
			switch n.key.id {
			case dchDY:
				name = strings.ToUpper(name)
			case dchdy:
				name = strings.ToLower(name)
			}
			b.WriteString(name)
		case dchDDD:
			err = num(n, int64(t.yday), 3)
		case dchIDDD:
			err = num(n, int64(date2isoyearday(t.year, t.mon, t.mday)), 3)
		case dchDD:
			err = num(n, int64(t.mday), 2)
		case dchD:
			if t.interval {
				return "", errIntervalFormat()
			}
			err = num(n, int64(t.wday+1), 0)
		case dchID:
			if t.interval {
				return "", errIntervalFormat()
			}
			d := t.wday
			if d == 0 {
				d = 7
			}
			err = num(n, int64(d), 0)
		case dchWW:
			err = num(n, int64((int32(t.yday)-1)/7+1), 2)
		case dchIW:
			err = num(n, int64(date2isoweek(t.year, t.mon, t.mday)), 2)
		case dchQ:
			if t.mon == 0 {
				break
			}
			err = num(n, int64((t.mon-1)/3+1), 0)
		case dchCC:
			var c int
			if t.interval {
				c = t.year / 100
			} else if t.year > 0 {
				c = (t.year-1)/100 + 1
			} else {
				c = t.year/100 - 1
			}
			width := 0
			if c <= 99 && c >= -99 {
				width = w2(int64(c))
			}
			err = num(n, int64(c), width)
		case dchYYYY_:
			y := adjustYear(t.year, t.interval)
			k := y / 1000
			s := strconv.Itoa(k) + "," + padNum(int64(y-k*1000), 3)
			if n.suffix&(sufTH|sufth) != 0 {
				if s, err = ordinal(s, n.suffix&sufTH != 0); err != nil {
					return "", err
				}
			}
			b.WriteString(s)
		case dchYYYY, dchIYYY, dchYYY, dchIYY, dchYY, dchIY, dchY, dchI:
			y := adjustYear(t.year, t.interval)
			v := y
			switch n.key.id {
			case dchIYYY, dchIYY, dchIY, dchI:
				v = adjustYear(date2isoyear(t.year, t.mon, t.mday), t.interval)
			}
			width := 0
			switch n.key.id {
			case dchYYYY, dchIYYY:
				width = pickInt(y >= 0, 4, 5)
			case dchYYY, dchIYY:
				width = pickInt(y >= 0, 3, 4)
				v %= 1000
			case dchYY, dchIY:
				width = pickInt(y >= 0, 2, 3)
				v %= 100
			default:
				width = 1
				v %= 10
			}
			err = num(n, int64(v), width)
		case dchRM, dchrm:
			if t.mon == 0 && t.year == 0 {
				break
			}
			var idx int
			switch {
			case t.mon == 0:
				idx = pickInt(t.year >= 0, 0, monthsPerYear-1)
			case t.mon < 0:
				idx = -1 * (t.mon + 1)
			default:
				idx = monthsPerYear - t.mon
			}
			name := rmUpper[idx]
			if n.key.id == dchrm {
				name = rmLower[idx]
			}
			if !fm {
				name = padRight(name, 4)
			}
			b.WriteString(name)
		case dchW:
			err = num(n, int64((t.mday-1)/7+1), 0)
		case dchJ:
			err = num(n, int64(date2j(t.year, t.mon, t.mday)), 0)
		}
		if err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

func pick(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

func pickInt(c bool, a, b int) int {
	if c {
		return a
	}
	return b
}

func fillDates(t *charTm) {
	thisdate := date2j(t.year, t.mon, t.mday)
	t.wday = j2day(thisdate)
	t.yday = thisdate - date2j(t.year, 1, 1) + 1
}

// TimestampToChar is to_char(timestamp, template). ok is false (SQL NULL)
// for an infinite timestamp or an empty template.
func TimestampToChar(ts Timestamp, template string) (string, bool, error) {
	if template == "" || !ts.IsFinite() {
		return "", false, nil
	}
	var f tm
	if !timestamp2tmUTC(int64(ts), &f) {
		return "", false, errTimestampRange()
	}
	t := charTm{year: f.year, mon: f.mon, mday: f.mday, hour: int64(f.hour), min: f.min, sec: f.sec, fsec: f.fsec}
	fillDates(&t)
	s, err := dchToChar(parseDCHFormat(template), &t)
	return s, err == nil, err
}

// TimestampTZToChar is to_char(timestamptz, template), in the session
// time zone.
func TimestampTZToChar(ts TimestampTZ, template string, s *Session) (string, bool, error) {
	if template == "" || !ts.IsFinite() {
		return "", false, nil
	}
	var f tm
	if _, ok := timestamp2tmZone(int64(ts), s.loc(), &f); !ok {
		return "", false, errTimestampRange()
	}
	t := charTm{year: f.year, mon: f.mon, mday: f.mday, hour: int64(f.hour), min: f.min, sec: f.sec, fsec: f.fsec,
		gmtoff: f.gmtoff, tzn: f.zone, hasTzn: true}
	fillDates(&t)
	r, err := dchToChar(parseDCHFormat(template), &t)
	return r, err == nil, err
}

// IntervalToChar is to_char(interval, template).
func IntervalToChar(iv Interval, template string) (string, bool, error) {
	if template == "" {
		return "", false, nil
	}
	o := interval2itm(iv)
	t := charTm{year: o.year, mon: o.mon, mday: int(o.mday), hour: o.hour, min: o.min, sec: o.sec, fsec: o.usec, interval: true}
	t.yday = int(int32((int32(t.year)*monthsPerYear+int32(t.mon))*daysPerMonth + int32(t.mday)))
	r, err := dchToChar(parseDCHFormat(template), &t)
	return r, err == nil, err
}
