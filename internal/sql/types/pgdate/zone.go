package pgdate

import (
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // zone data everywhere, even without /usr/share/zoneinfo

	"github.com/tuskdb/tusk/internal/pgerror"
)

// Time zones. PostgreSQL resolves zone names case-insensitively against
// the IANA database and also accepts POSIX TZ specifications such as
// 'UTC+3', '<+03>-3' or 'EST5EDT,M3.2.0,M11.1.0' (pg_tzset in
// timezone/pgtz.c). tusk represents every zone as a *time.Location; POSIX
// specifications become a Location built from a TZif image whose footer
// carries the rule, so Go's own zone code evaluates it.

var zoneCache sync.Map // upper-case name -> *time.Location (nil if unknown)

// zoneDirs are searched for the case-insensitive name index.
var zoneDirs = []string{"/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ", "/etc/zoneinfo"}

var (
	zoneIndexOnce sync.Once
	zoneIndex     map[string]string // upper-case name -> file name
)

func buildZoneIndex() {
	zoneIndex = make(map[string]string)
	dirs := zoneDirs
	if z := os.Getenv("ZONEINFO"); z != "" {
		dirs = append([]string{z}, dirs...)
	}
	var walk func(dir, rel string, depth int)
	walk = func(dir, rel string, depth int) {
		if depth > 4 {
			return
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		for _, e := range entries {
			name := e.Name()
			r := name
			if rel != "" {
				r = rel + "/" + name
			}
			p := filepath.Join(dir, name)
			isDir := e.IsDir()
			if e.Type()&fs.ModeSymlink != 0 {
				if st, err := os.Stat(p); err == nil {
					isDir = st.IsDir()
				}
			}
			if isDir {
				walk(p, r, depth+1)
				continue
			}
			up := strings.ToUpper(r)
			if _, ok := zoneIndex[up]; !ok {
				zoneIndex[up] = r
			}
		}
	}
	for _, dir := range dirs {
		st, err := os.Stat(dir)
		if err != nil || !st.IsDir() {
			continue
		}
		walk(dir, "", 0)
		if len(zoneIndex) > 0 {
			return
		}
	}
}

// findZone resolves a zone name as PostgreSQL's pg_tzset does: a
// case-insensitive IANA zone name, or else a POSIX TZ specification. It
// returns nil when the name is neither.
func findZone(name string) *time.Location {
	if name == "" || len(name) > 255 {
		return nil
	}
	up := strings.ToUpper(name)
	if v, ok := zoneCache.Load(up); ok {
		return v.(*time.Location)
	}
	loc := loadZone(name, up)
	zoneCache.Store(up, loc)
	return loc
}

func loadZone(name, up string) *time.Location {
	if up == "UTC" {
		return time.UTC
	}
	if up == "GMT" {
		return time.FixedZone(up, 0)
	}
	if strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
		return nil
	}
	zoneIndexOnce.Do(buildZoneIndex)
	if file, ok := zoneIndex[up]; ok {
		if loc, err := time.LoadLocation(file); err == nil {
			return loc
		}
	}
	for _, cand := range zoneNameCandidates(name) {
		if loc, err := time.LoadLocation(cand); err == nil && cand != "Local" {
			return loc
		}
	}
	if loc := parsePosixZone(up); loc != nil {
		return loc
	}
	return nil
}

// zoneNameCandidates spells a name the ways the IANA database might, for
// systems where the zone directory cannot be listed (embedded tzdata).
func zoneNameCandidates(name string) []string {
	title := []byte(strings.ToLower(name))
	start := true
	for i, c := range title {
		if start && c >= 'a' && c <= 'z' {
			title[i] = c - 'a' + 'A'
		}
		start = c == '/' || c == '_' || c == '-'
	}
	return []string{name, string(title), strings.ToUpper(name)}
}

// LoadLocation resolves a value of the TimeZone setting as PostgreSQL's
// check_timezone does: a number of hours east of UTC ('-8', '5.5', with the
// SQL sign convention), an INTERVAL '...' literal, an IANA zone name (any
// case), or a POSIX TZ specification. The error is PostgreSQL's 22023
// "invalid value for parameter" error.
func LoadLocation(name string) (*time.Location, error) {
	bad := func() *pgerror.Error {
		return pgerror.New(pgerror.InvalidParameterValue, `invalid value for parameter "TimeZone": "%s"`, name)
	}
	if len(name) >= 8 && strings.EqualFold(name[:8], "interval") {
		lit := strings.TrimSpace(name[8:])
		if len(lit) < 2 || lit[0] != '\'' || lit[len(lit)-1] != '\'' {
			return nil, bad()
		}
		iv, err := ParseInterval(lit[1:len(lit)-1], -1, nil)
		if err != nil {
			return nil, bad()
		}
		if iv.Months != 0 {
			return nil, bad().WithDetail("Cannot specify months in time zone interval.")
		}
		if iv.Days != 0 {
			return nil, bad().WithDetail("Cannot specify days in time zone interval.")
		}
		return offsetZone(int(iv.Microseconds / usecsPerSec))
	}
	if h, n, ok := strtod(name); ok && n == len(name) {
		return offsetZone(int(h * secsPerHour))
	}
	loc := findZone(name)
	if loc == nil {
		return nil, bad()
	}
	return loc, nil
}

// offsetZone returns a fixed zone the way PostgreSQL's pg_tzset_offset
// names it: east is the offset in seconds east of UTC, and the abbreviation
// is "+05:30" style.
func offsetZone(east int) (*time.Location, error) {
	if east <= -secsPerDay*7 || east >= secsPerDay*7 {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "invalid value for parameter \"TimeZone\"").WithDetail("UTC timezone offset is out of range.")
	}
	return time.FixedZone(offsetAbbrev(east), east), nil
}

// FixedZone returns a zone at a fixed offset (seconds east of UTC), named
// as PostgreSQL names such zones ("+05:30", "-08").
func FixedZone(east int) *time.Location {
	return time.FixedZone(offsetAbbrev(east), east)
}

func offsetAbbrev(east int) string {
	sign := byte('+')
	a := east
	if a < 0 {
		sign = '-'
		a = -a
	}
	b := []byte{sign}
	b = appendZeroPad(b, int64(a/secsPerHour), 2)
	a %= secsPerHour
	if a != 0 {
		b = append(b, ':')
		b = appendZeroPad(b, int64(a/secsPerMinute), 2)
		a %= secsPerMinute
		if a != 0 {
			b = append(b, ':')
			b = appendZeroPad(b, int64(a), 2)
		}
	}
	return string(b)
}

// parsePosixZone parses a POSIX TZ specification (already upper-cased, as
// PostgreSQL does before tzparse): std offset [dst [offset] [,rule,rule]].
// It is as lenient as PostgreSQL's copy of tzcode: a name is any run of
// characters other than digits, ',', '-' and '+', of any length, and a
// DST name without rules takes the United States' rules.
func parsePosixZone(s string) *time.Location {
	name := s
	// PostgreSQL, unlike IANA, allows an empty standard-time name, so
	// that "+05" is a zone five hours west of UTC.
	std, rest, ok := posixName(s)
	if !ok || rest == "" {
		return nil
	}
	stdOff, rest, ok := posixOffset(rest)
	if !ok {
		return nil
	}
	if rest == "" {
		return tzifLocation(name, std, -stdOff, "", 0, "")
	}
	dst, rest, ok := posixName(rest)
	if !ok || dst == "" {
		return nil
	}
	dstOff := stdOff - secsPerHour
	if rest != "" && rest[0] != ',' && rest[0] != ';' {
		if dstOff, rest, ok = posixOffset(rest); !ok {
			return nil
		}
	}
	if rest == "" {
		rest = ",M3.2.0,M11.1.0"
	}
	if rest[0] != ',' && rest[0] != ';' {
		return nil
	}
	r1, rest, ok := posixRule(rest[1:])
	if !ok || rest == "" || rest[0] != ',' {
		return nil
	}
	r2, rest, ok := posixRule(rest[1:])
	if !ok || rest != "" {
		return nil
	}
	footer := "<" + std + ">" + posixOffsetString(stdOff) + "<" + dst + ">" + posixOffsetString(dstOff) + "," + r1 + "," + r2
	return tzifLocation(name, std, -stdOff, dst, -dstOff, footer)
}

func posixOffsetString(west int) string {
	b := []byte{}
	if west < 0 {
		b = append(b, '-')
		west = -west
	}
	b = strconv.AppendInt(b, int64(west/secsPerHour), 10)
	b = append(b, ':')
	b = appendZeroPad(b, int64(west/secsPerMinute%minsPerHour), 2)
	b = append(b, ':')
	b = appendZeroPad(b, int64(west%secsPerMinute), 2)
	return string(b)
}

func posixName(s string) (name, rest string, ok bool) {
	if s != "" && s[0] == '<' {
		i := strings.IndexByte(s, '>')
		if i < 0 || i == 1 {
			return "", "", false
		}
		return s[1:i], s[i+1:], true
	}
	i := 0
	for i < len(s) && !isDigit(s[i]) && s[i] != ',' && s[i] != '-' && s[i] != '+' {
		i++
	}
	if strings.ContainsAny(s[:i], "<>") {
		return "", "", false
	}
	return s[:i], s[i:], true
}

// posixOffset parses [+-]hh[:mm[:ss]], returning seconds WEST of UTC.
func posixOffset(s string) (int, string, bool) {
	sign := 1
	if s != "" && (s[0] == '+' || s[0] == '-') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	secs, rest, ok := posixSecs(s)
	return sign * secs, rest, ok
}

func posixNum(s string, min, max int) (int, string, bool) {
	if s == "" || !isDigit(s[0]) {
		return 0, s, false
	}
	i, n := 0, 0
	for i < len(s) && isDigit(s[i]) {
		n = n*10 + int(s[i]-'0')
		if n > max {
			return 0, s, false
		}
		i++
	}
	return n, s[i:], n >= min
}

func posixSecs(s string) (int, string, bool) {
	h, s, ok := posixNum(s, 0, 24*7-1)
	if !ok {
		return 0, s, false
	}
	secs := h * secsPerHour
	if s != "" && s[0] == ':' {
		var m int
		if m, s, ok = posixNum(s[1:], 0, 59); !ok {
			return 0, s, false
		}
		secs += m * secsPerMinute
		if s != "" && s[0] == ':' {
			var sec int
			if sec, s, ok = posixNum(s[1:], 0, 60); !ok {
				return 0, s, false
			}
			secs += sec
		}
	}
	return secs, s, true
}

// posixRule parses one transition rule, returning its normalized text.
func posixRule(s string) (string, string, bool) {
	start := s
	var ok bool
	switch {
	case s != "" && s[0] == 'J':
		_, s, ok = posixNum(s[1:], 1, 365)
	case s != "" && s[0] == 'M':
		if _, s, ok = posixNum(s[1:], 1, 12); !ok || s == "" || s[0] != '.' {
			return "", s, false
		}
		if _, s, ok = posixNum(s[1:], 1, 5); !ok || s == "" || s[0] != '.' {
			return "", s, false
		}
		_, s, ok = posixNum(s[1:], 0, 6)
	case s != "" && isDigit(s[0]):
		_, s, ok = posixNum(s, 0, 365)
	}
	if !ok {
		return "", s, false
	}
	if s != "" && s[0] == '/' {
		if _, s, ok = posixOffset(s[1:]); !ok {
			return "", s, false
		}
	}
	return start[:len(start)-len(s)], s, true
}

// tzifLocation builds a Location from a one- or two-type TZif image whose
// footer holds the POSIX rule (offsets in seconds east).
func tzifLocation(name, std string, stdOff int, dst string, dstOff int, footer string) *time.Location {
	abbrevs := std + "\x00"
	types := []struct {
		off   int
		isdst byte
		idx   byte
	}{{stdOff, 0, 0}}
	if dst != "" {
		types = append(types, struct {
			off   int
			isdst byte
			idx   byte
		}{dstOff, 1, byte(len(abbrevs))})
		abbrevs += dst + "\x00"
	}
	var b []byte
	header := func(ntypes, nchars int) {
		b = append(b, "TZif2"...)
		b = append(b, make([]byte, 15)...)
		for _, n := range []int{0, 0, 0, 0, ntypes, nchars} {
			b = binary.BigEndian.AppendUint32(b, uint32(n))
		}
	}
	body := func() {
		for _, t := range types {
			b = binary.BigEndian.AppendUint32(b, uint32(int32(t.off)))
			b = append(b, t.isdst, t.idx)
		}
		b = append(b, abbrevs...)
	}
	header(len(types), len(abbrevs))
	body()
	header(len(types), len(abbrevs))
	body()
	if footer != "" {
		b = append(b, '\n')
		b = append(b, footer...)
		b = append(b, '\n')
	}
	loc, err := time.LoadLocationFromTZData(name, b)
	if err != nil {
		return nil
	}
	return loc
}

// zoneAt returns the zone in effect at a Unix time: its offset in seconds
// east of UTC, abbreviation and daylight-saving flag.
func zoneAt(loc *time.Location, unix int64) (gmtoff int, abbrev string, isdst bool) {
	if loc == time.UTC {
		return 0, "UTC", false
	}
	t := time.Unix(unix, 0).In(loc)
	abbrev, gmtoff = t.Zone()
	return gmtoff, abbrev, t.IsDST()
}

// timestamp2tmZone breaks a finite timestamptz into local fields in loc
// (PostgreSQL's timestamp2tm with a zone); tz is seconds west of UTC.
func timestamp2tmZone(dt int64, loc *time.Location, t *tm) (tz int, ok bool) {
	if !timestamp2tmUTC(dt, t) {
		return 0, false
	}
	utime := (dt-t.fsec)/usecsPerSec + (postgresEpochJDate-unixEpochJDate)*secsPerDay
	gmtoff, abbrev, isdst := zoneAt(loc, utime)
	if gmtoff != 0 {
		// Work in seconds, as pg_localtime does, so that offsets cannot
		// overflow near the ends of the range.
		days, secs := floorDivMod(utime+int64(gmtoff), secsPerDay)
		t.year, t.mon, t.mday = j2date(int(days + unixEpochJDate))
		t.hour = int(secs / secsPerHour)
		t.min = int(secs / secsPerMinute % minsPerHour)
		t.sec = int(secs % secsPerMinute)
	}
	t.gmtoff = gmtoff
	t.zone = abbrev
	t.hasZone = true
	if isdst {
		t.isdst = 1
	} else {
		t.isdst = 0
	}
	return -gmtoff, true
}

// determineOffset returns the offset (seconds west of UTC) that a local
// date and time has in loc, and sets t.isdst (PostgreSQL's
// DetermineTimeZoneOffset). A local time skipped by a spring-forward
// transition takes the offset before it; one repeated by a fall-back
// transition takes the offset after it.
func determineOffset(t *tm, loc *time.Location) int {
	off, _ := determineOffsetInternal(t, loc)
	return off
}

func determineOffsetInternal(t *tm, loc *time.Location) (tz int, utime int64) {
	if !validJulian(t.year, t.mon, t.mday) {
		t.isdst = 0
		return 0, 0
	}
	day := int64(date2j(t.year, t.mon, t.mday)-unixEpochJDate) * secsPerDay
	mytime := day + int64(t.sec+(t.min+t.hour*minsPerHour)*secsPerMinute)
	if loc == time.UTC {
		t.isdst = 0
		return 0, mytime
	}
	prev := mytime - secsPerDay
	pt := time.Unix(prev, 0).In(loc)
	_, beforeOff := pt.Zone()
	beforeDST := pt.IsDST()
	_, end := pt.ZoneBounds()
	set := func(off int, dst bool) (int, int64) {
		if dst {
			t.isdst = 1
		} else {
			t.isdst = 0
		}
		return -off, mytime - int64(off)
	}
	if end.IsZero() {
		return set(beforeOff, beforeDST)
	}
	boundary := end.Unix()
	at := time.Unix(boundary, 0).In(loc)
	_, afterOff := at.Zone()
	afterDST := at.IsDST()
	beforetime := mytime - int64(beforeOff)
	aftertime := mytime - int64(afterOff)
	if beforetime < boundary && aftertime < boundary {
		return set(beforeOff, beforeDST)
	}
	if beforetime > boundary && aftertime >= boundary {
		return set(afterOff, afterDST)
	}
	if beforetime > aftertime {
		return set(beforeOff, beforeDST)
	}
	return set(afterOff, afterDST)
}

var fixedOffsets sync.Map // *time.Location -> int (seconds east) or false

// zoneFixedOffset reports whether every period of loc has the same UTC
// offset, and that offset in seconds east (pg_get_timezone_offset).
func zoneFixedOffset(loc *time.Location) (int, bool) {
	if loc == time.UTC {
		return 0, true
	}
	if v, ok := fixedOffsets.Load(loc); ok {
		off, fixed := v.(int)
		return off, fixed
	}
	t := time.Unix(-1<<40, 0).In(loc)
	_, off := t.Zone()
	fixed := true
	for i := 0; i < 100000; i++ {
		_, end := t.ZoneBounds()
		if end.IsZero() {
			break
		}
		t = end.In(loc)
		if _, o := t.Zone(); o != off {
			fixed = false
			break
		}
		if t.Unix() > 1<<40 {
			break
		}
	}
	if fixed {
		fixedOffsets.Store(loc, off)
	} else {
		fixedOffsets.Store(loc, false)
	}
	return off, fixed
}

// abbrevZoneOffset interprets a dynamic abbreviation in its zone at a Unix
// time: the latest use at or before it, else the earliest use after it
// (pg_interpret_timezone_abbrev). Offsets are seconds east.
func abbrevZoneOffset(loc *time.Location, upabbrev string, unix int64) (int, bool, bool) {
	t := time.Unix(unix, 0).In(loc)
	for i := 0; i < 5000; i++ {
		name, off := t.Zone()
		if name == upabbrev {
			return off, t.IsDST(), true
		}
		start, _ := t.ZoneBounds()
		if start.IsZero() {
			break
		}
		t = time.Unix(start.Unix()-1, 0).In(loc)
	}
	t = time.Unix(unix, 0).In(loc)
	for i := 0; i < 5000; i++ {
		_, end := t.ZoneBounds()
		if end.IsZero() {
			break
		}
		t = end.In(loc)
		if name, off := t.Zone(); name == upabbrev {
			return off, t.IsDST(), true
		}
	}
	return 0, false, false
}

// determineAbbrevOffset resolves a dynamic abbreviation for a local time
// (PostgreSQL's DetermineTimeZoneAbbrevOffset); the result is seconds west.
func determineAbbrevOffset(t *tm, abbr string, loc *time.Location) int {
	zoneOff, utime := determineOffsetInternal(t, loc)
	if off, dst, ok := abbrevZoneOffset(loc, strings.ToUpper(abbr), utime); ok {
		if dst {
			t.isdst = 1
		} else {
			t.isdst = 0
		}
		return -off
	}
	return zoneOff
}

// determineAbbrevOffsetTS resolves a dynamic abbreviation at a timestamptz;
// the result is seconds west.
func determineAbbrevOffsetTS(ts int64, abbr string, loc *time.Location) int {
	utime := floorDiv(ts, usecsPerSec) + (postgresEpochJDate-unixEpochJDate)*secsPerDay
	if off, _, ok := abbrevZoneOffset(loc, strings.ToUpper(abbr), utime); ok {
		return -off
	}
	gmtoff, _, _ := zoneAt(loc, utime)
	return -gmtoff
}

func floorDiv(a, b int64) int64 {
	q, _ := floorDivMod(a, b)
	return q
}

// dynZone returns the zone of a dynamic abbreviation.
func (a *abbrev) dynZone() *time.Location {
	return findZone(a.zone)
}
