package guc

import (
	"math"
	"strconv"
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// unitConv is one row of PostgreSQL's unit conversion tables
// (memory_unit_conversion_table and time_unit_conversion_table in guc.c):
// a value of 1 in unit equals multiplier values of base.
type unitConv struct {
	unit       string
	base       string
	multiplier float64
}

// Ordered from the largest unit to the smallest for each base, as the
// display code needs.
var unitTable = []unitConv{
	{"TB", "B", 1024.0 * 1024 * 1024 * 1024}, {"GB", "B", 1024.0 * 1024 * 1024}, {"MB", "B", 1024.0 * 1024}, {"kB", "B", 1024}, {"B", "B", 1},
	{"TB", "kB", 1024.0 * 1024 * 1024}, {"GB", "kB", 1024.0 * 1024}, {"MB", "kB", 1024}, {"kB", "kB", 1}, {"B", "kB", 1.0 / 1024},
	{"TB", "MB", 1024.0 * 1024}, {"GB", "MB", 1024}, {"MB", "MB", 1}, {"kB", "MB", 1.0 / 1024}, {"B", "MB", 1.0 / (1024 * 1024)},
	{"TB", "8kB", 1024.0 * 1024 * 1024 / 8}, {"GB", "8kB", 1024.0 * 1024 / 8}, {"MB", "8kB", 1024.0 / 8}, {"kB", "8kB", 1.0 / 8}, {"B", "8kB", 1.0 / (8 * 1024)},
	{"TB", "16MB", 1024.0 * 1024 / 16}, {"GB", "16MB", 1024.0 / 16}, {"MB", "16MB", 1.0 / 16}, {"kB", "16MB", 1.0 / (16 * 1024)}, {"B", "16MB", 1.0 / (16 * 1024 * 1024)},
	{"d", "ms", 1000 * 60 * 60 * 24}, {"h", "ms", 1000 * 60 * 60}, {"min", "ms", 1000 * 60}, {"s", "ms", 1000}, {"ms", "ms", 1}, {"us", "ms", 1.0 / 1000},
	{"d", "s", 60 * 60 * 24}, {"h", "s", 60 * 60}, {"min", "s", 60}, {"s", "s", 1}, {"ms", "s", 1.0 / 1000}, {"us", "s", 1.0 / (1000 * 1000)},
	{"d", "min", 60 * 24}, {"h", "min", 60}, {"min", "min", 1}, {"s", "min", 1.0 / 60}, {"ms", "min", 1.0 / (1000 * 60)}, {"us", "min", 1.0 / (1000 * 1000 * 60)},
}

func isMemoryUnit(base string) bool {
	switch base {
	case "B", "kB", "MB", "8kB", "16MB":
		return true
	}
	return false
}

func unitHint(base string) string {
	if isMemoryUnit(base) {
		return `Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".`
	}
	return `Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".`
}

// ParseBool parses a Boolean setting value as PostgreSQL's parse_bool does:
// on, off, true, false, yes, no, 1, 0, and unambiguous prefixes.
func ParseBool(s string) (bool, bool) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v == "" {
		return false, false
	}
	switch {
	case strings.HasPrefix("true", v), strings.HasPrefix("yes", v):
		return true, true
	case strings.HasPrefix("false", v), strings.HasPrefix("no", v):
		return false, true
	case v == "on":
		return true, true
	case len(v) >= 2 && strings.HasPrefix("off", v):
		return false, true
	case v == "1":
		return true, true
	case v == "0":
		return false, true
	}
	return false, false
}

func invalidValue(d *Def, value string) *pgerror.Error {
	return pgerror.New(pgerror.InvalidParameterValue, `invalid value for parameter "%s": "%s"`, d.Name, value)
}

// parseNumberWithUnit parses a number optionally followed by a unit and
// returns it converted to the base unit.
func parseNumberWithUnit(d *Def, value string, isInt bool) (float64, *pgerror.Error) {
	s := strings.TrimSpace(value)
	// Split the numeric prefix from the unit suffix.
	end := 0
	for end < len(s) {
		c := s[end]
		if (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E' || c == 'x' || c == 'X' ||
			(end > 1 && (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
			// Stop at an 'e' that starts a unit rather than an exponent.
			if (c == 'e' || c == 'E') && (end+1 >= len(s) || !(s[end+1] >= '0' && s[end+1] <= '9' || s[end+1] == '-' || s[end+1] == '+')) {
				break
			}
			end++
			continue
		}
		break
	}
	num, unit := s[:end], strings.TrimSpace(s[end:])
	if num == "" {
		return 0, invalidValue(d, value)
	}
	var f float64
	if isInt && !strings.ContainsAny(num, ".eE") {
		i, err := strconv.ParseInt(num, 0, 64)
		if err != nil {
			return 0, invalidValue(d, value)
		}
		f = float64(i)
	} else {
		v, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return 0, invalidValue(d, value)
		}
		f = v
	}
	if unit == "" {
		return f, nil
	}
	if d.Unit == "" {
		return 0, invalidValue(d, value)
	}
	for _, u := range unitTable {
		if u.base == d.Unit && u.unit == unit {
			return f * u.multiplier, nil
		}
	}
	return 0, invalidValue(d, value).WithHint("%s", unitHint(d.Unit))
}

// Canonical validates value for the setting d and returns it in canonical
// form: Booleans as on/off, numbers in the base unit, enums as listed.
// current is the value the setting has now, for checks that need it
// (DateStyle keeps the parts a new value does not mention).
func Canonical(d *Def, value, current string) (string, error) {
	var out string
	switch d.Type {
	case Bool:
		b, ok := ParseBool(value)
		if !ok {
			return "", pgerror.New(pgerror.InvalidParameterValue, `parameter "%s" requires a Boolean value`, d.Name)
		}
		out = "off"
		if b {
			out = "on"
		}
	case Int:
		f, perr := parseNumberWithUnit(d, value, true)
		if perr != nil {
			return "", perr
		}
		f = math.RoundToEven(f)
		if f > math.MaxInt32 || f < math.MinInt32 {
			return "", invalidValue(d, value).WithHint("Value exceeds integer range.")
		}
		i := int64(f)
		minv, _ := strconv.ParseInt(d.Min, 10, 64)
		maxv, _ := strconv.ParseInt(d.Max, 10, 64)
		if d.Min != "" && (i < minv || i > maxv) {
			unit := ""
			if d.Unit != "" {
				unit = " " + d.Unit
			}
			return "", pgerror.New(pgerror.InvalidParameterValue, `%d%s is outside the valid range for parameter "%s" (%d .. %d)`, i, unit, d.Name, minv, maxv)
		}
		out = strconv.FormatInt(i, 10)
	case Real:
		f, perr := parseNumberWithUnit(d, value, false)
		if perr != nil {
			return "", perr
		}
		minv, _ := strconv.ParseFloat(d.Min, 64)
		maxv, _ := strconv.ParseFloat(d.Max, 64)
		if d.Min != "" && (f < minv || f > maxv) {
			unit := ""
			if d.Unit != "" {
				unit = " " + d.Unit
			}
			return "", pgerror.New(pgerror.InvalidParameterValue, `%s%s is outside the valid range for parameter "%s" (%s .. %s)`, formatReal(f), unit, d.Name, formatReal(minv), formatReal(maxv))
		}
		out = formatReal(f)
	case Enum:
		v := strings.TrimSpace(value)
		found := false
		for _, e := range d.Enum {
			if strings.EqualFold(e, v) {
				out, found = e, true
				break
			}
		}
		if !found {
			if alias, ok := enumAliases[strings.ToLower(d.Name)][strings.ToLower(v)]; ok {
				out, found = alias, true
			}
		}
		if !found {
			return "", invalidValue(d, value).WithHint("Available values: %s.", strings.Join(d.Enum, ", "))
		}
	case String:
		out = value
	}
	if d.check != nil {
		return d.check(out, current)
	}
	return out, nil
}

// enumAliases holds the hidden enum spellings PostgreSQL accepts.
var enumAliases = map[string]map[string]string{
	"synchronous_commit":   {"true": "on", "yes": "on", "1": "on", "false": "off", "no": "off", "0": "off"},
	"constraint_exclusion": {"true": "on", "yes": "on", "1": "on", "false": "off", "no": "off", "0": "off"},
	"huge_pages":           {"true": "on", "yes": "on", "1": "on", "false": "off", "no": "off", "0": "off"},
	"backslash_quote":      {"true": "on", "yes": "on", "1": "on", "false": "off", "no": "off", "0": "off"},
	"password_encryption":  {"on": "scram-sha-256", "true": "scram-sha-256", "off": "md5", "false": "md5"},
	"client_min_messages":  {"debug": "debug2", "info": "log"},
}

func formatReal(f float64) string {
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// Display returns a canonical value as SHOW prints it: integers and reals
// with units are shown in the largest unit that represents them exactly.
func Display(d *Def, value string) string {
	if d.Unit == "" || (d.Type != Int && d.Type != Real) {
		return value
	}
	f, err := strconv.ParseFloat(value, 64)
	if err != nil || f <= 0 {
		return value
	}
	for _, u := range unitTable {
		if u.base != d.Unit {
			continue
		}
		q := f / u.multiplier
		if d.Type == Int {
			if q == math.Trunc(q) {
				return strconv.FormatInt(int64(q), 10) + u.unit
			}
			continue
		}
		if q >= 1 && math.Abs(q-math.Round(q*1e6)/1e6) < 1e-9 {
			return formatReal(q) + u.unit
		}
	}
	if d.Type == Int {
		return value + d.Unit
	}
	return value + d.Unit
}
