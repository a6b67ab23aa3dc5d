package sqllogictest

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// FormatValue prints one value the way sqllogictest's reference engine
// prints it for a column of type letter typ (see slt_sqlite.c in
// sqllogictest): NULL as "NULL"; I as a 64-bit integer; R with "%.3f"; T as
// text, an empty string as "(empty)" and every byte outside ' '..'~' as
// '@'. null reports an SQL NULL; raw is the value's text as PostgreSQL sends
// it.
//
// PostgreSQL sends text where SQLite hands over typed values, so I and R
// convert text the way SQLite converts text to numbers: the longest numeric
// prefix counts, and anything else is 0. PostgreSQL's booleans t and f count
// as 1 and 0, SQLite's representation of booleans.
func FormatValue(typ byte, raw []byte, null bool) string {
	if null {
		return "NULL"
	}
	s := string(raw)
	switch typ {
	case 'I':
		return strconv.FormatInt(textToInt(s), 10)
	case 'R':
		return formatReal(textToFloat(s))
	default:
		if s == "" {
			return "(empty)"
		}
		b := []byte(s)
		for i, c := range b {
			if c < ' ' || c > '~' {
				b[i] = '@'
			}
		}
		return string(b)
	}
}

func formatReal(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return fmt.Sprintf("%.3f", f)
}

func textToInt(s string) int64 {
	switch s {
	case "t", "true":
		return 1
	case "f", "false":
		return 0
	}
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	f := textToFloat(s)
	switch {
	case math.IsNaN(f):
		return 0
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f) // truncates toward zero, as SQLite's cast does
}

var numericPrefix = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`)

func textToFloat(s string) float64 {
	switch s {
	case "t", "true":
		return 1
	case "f", "false":
		return 0
	}
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f
	}
	if p := numericPrefix.FindString(s); p != "" {
		f, _ := strconv.ParseFloat(p, 64)
		return f
	}
	return 0
}

// Result is a query result printed for comparison: the values in row-major
// order after the sort mode was applied.
type Result struct {
	Columns int
	Values  []string
}

// FormatRows prints rows of raw text values (nil is NULL) under the column
// type letters types and applies mode. A column beyond types prints as T.
func FormatRows(types string, rows [][][]byte, columns int, mode SortMode) Result {
	res := Result{Columns: columns, Values: make([]string, 0, len(rows)*columns)}
	printed := make([][]string, len(rows))
	for i, row := range rows {
		vals := make([]string, len(row))
		for j, v := range row {
			typ := byte('T')
			if j < len(types) {
				typ = types[j]
			}
			vals[j] = FormatValue(typ, v, v == nil)
		}
		printed[i] = vals
	}
	if mode == RowSort {
		sort.SliceStable(printed, func(a, b int) bool {
			ra, rb := printed[a], printed[b]
			for k := 0; k < len(ra) && k < len(rb); k++ {
				if ra[k] != rb[k] {
					return ra[k] < rb[k]
				}
			}
			return len(ra) < len(rb)
		})
	}
	for _, r := range printed {
		res.Values = append(res.Values, r...)
	}
	if mode == ValueSort {
		sort.Strings(res.Values)
	}
	return res
}

// Hash returns the md5 of the values, each followed by a newline, in hex:
// the H of "N values hashing to H".
func (r Result) Hash() string {
	h := md5.New()
	for _, v := range r.Values {
		h.Write([]byte(v))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// HashLine returns "N values hashing to H".
func (r Result) HashLine() string {
	return fmt.Sprintf("%d values hashing to %s", len(r.Values), r.Hash())
}

// Lines returns the result as sqllogictest prints it under a hash
// threshold: the values one per line, or the hash line when there are more
// values than threshold (and threshold > 0).
func (r Result) Lines(threshold int) []string {
	if threshold > 0 && len(r.Values) > threshold {
		return []string{r.HashLine()}
	}
	return r.Values
}

// Equal reports whether two results have the same columns and values.
func (r Result) Equal(o Result) bool {
	if r.Columns != o.Columns || len(r.Values) != len(o.Values) {
		return false
	}
	for i := range r.Values {
		if r.Values[i] != o.Values[i] {
			return false
		}
	}
	return true
}

// Short renders the result in at most about 200 bytes for a report.
func (r Result) Short() string {
	if len(r.Values) > 8 {
		return fmt.Sprintf("%d columns, %s", r.Columns, r.HashLine())
	}
	s := fmt.Sprintf("%d columns, %q", r.Columns, r.Values)
	return truncate(s, 200)
}

var hashLineRE = regexp.MustCompile(`^(\d+) values hashing to ([0-9a-f]{32})$`)

// Matches reports whether the result matches a record's expected lines: the
// values one per line, or a single "N values hashing to H" line.
func (r Result) Matches(expected []string) bool {
	if len(expected) == 1 {
		if m := hashLineRE.FindStringSubmatch(expected[0]); m != nil {
			return m[1] == strconv.Itoa(len(r.Values)) && m[2] == r.Hash()
		}
	}
	if len(expected) != len(r.Values) {
		return false
	}
	for i := range expected {
		if expected[i] != r.Values[i] {
			return false
		}
	}
	return true
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
