package sqllogictest

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Kind is the kind of a record.
type Kind int

const (
	// Statement is `statement ok` or `statement error`.
	Statement Kind = iota
	// Query is `query <types> <sortmode> [label]`.
	Query
	// HashThreshold is `hash-threshold N`.
	HashThreshold
	// Halt is `halt`: stop the file here.
	Halt
)

func (k Kind) String() string {
	switch k {
	case Statement:
		return "statement"
	case Query:
		return "query"
	case HashThreshold:
		return "hash-threshold"
	case Halt:
		return "halt"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// SortMode is how a query's values are ordered before they are compared.
type SortMode int

const (
	// NoSort compares rows in the order the server returned them.
	NoSort SortMode = iota
	// RowSort sorts the rows, comparing printed values column by column.
	RowSort
	// ValueSort sorts all values individually, ignoring row boundaries.
	ValueSort
)

func (m SortMode) String() string {
	switch m {
	case NoSort:
		return "nosort"
	case RowSort:
		return "rowsort"
	case ValueSort:
		return "valuesort"
	}
	return fmt.Sprintf("SortMode(%d)", int(m))
}

// Condition is one `skipif <engine>` or `onlyif <engine>` line.
type Condition struct {
	Only   bool // onlyif; otherwise skipif
	Engine string
}

// Applies reports whether a record under this condition runs on engine.
func (c Condition) Applies(engine string) bool {
	if c.Only {
		return strings.EqualFold(c.Engine, engine)
	}
	return !strings.EqualFold(c.Engine, engine)
}

// Record is one record of a test file.
type Record struct {
	// Line is the 1-based line of the record's command (`statement`,
	// `query`, ...), after any condition lines. file:Line is the record's
	// stable ID.
	Line       int
	Kind       Kind
	Conditions []Condition

	// SQL is the statement or query text, its lines joined by "\n".
	SQL string

	// ExpectError is set for `statement error`.
	ExpectError bool

	// Types holds one letter per column (T, I, R) for a query.
	Types    string
	SortMode SortMode
	// Label names a group of queries that must produce the same result.
	Label string
	// Expected holds the lines after `----`, one value per line or a single
	// "N values hashing to H" line. HasExpected is false when the query has
	// no `----` section.
	Expected    []string
	HasExpected bool

	// Threshold is the argument of hash-threshold.
	Threshold int
}

// Runs reports whether the record runs on engine under its conditions.
func (r *Record) Runs(engine string) bool {
	for _, c := range r.Conditions {
		if !c.Applies(engine) {
			return false
		}
	}
	return true
}

// File is a parsed test file.
type File struct {
	Name    string
	Records []Record
}

// ParseFile reads and parses the test file at path.
func ParseFile(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(f, path)
}

// Parse parses a test file in sqllogictest format. name is used in error
// messages only. Lines may end in "\n" or "\r\n".
//
// Records are separated by blank lines. Outside a record, lines starting
// with '#' are comments; on control lines, a '#' token starts a trailing
// comment. Unknown commands are an error, as in sqllogictest.
func Parse(r io.Reader, name string) (*File, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 64*1024*1024)
	var lines []string
	for sc.Scan() {
		lines = append(lines, strings.TrimRight(sc.Text(), "\r"))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}

	f := &File{Name: name}
	i := 0
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	for i < len(lines) {
		// Skip blank lines and comments between records.
		if blank(lines[i]) || strings.HasPrefix(lines[i], "#") {
			i++
			continue
		}
		var rec Record
		// Condition lines.
		for i < len(lines) {
			tok := tokens(lines[i])
			if len(tok) == 0 || (tok[0] != "skipif" && tok[0] != "onlyif") {
				break
			}
			if len(tok) < 2 {
				return nil, fmt.Errorf("%s:%d: %s without an engine name", name, i+1, tok[0])
			}
			rec.Conditions = append(rec.Conditions, Condition{Only: tok[0] == "onlyif", Engine: tok[1]})
			i++
		}
		if i >= len(lines) || blank(lines[i]) {
			return nil, fmt.Errorf("%s:%d: condition without a record", name, i)
		}
		rec.Line = i + 1
		tok := tokens(lines[i])
		i++
		switch tok[0] {
		case "statement":
			rec.Kind = Statement
			if len(tok) < 2 || (tok[1] != "ok" && tok[1] != "error") {
				return nil, fmt.Errorf("%s:%d: want `statement ok` or `statement error`", name, rec.Line)
			}
			rec.ExpectError = tok[1] == "error"
			var sql []string
			for i < len(lines) && !blank(lines[i]) {
				sql = append(sql, lines[i])
				i++
			}
			rec.SQL = strings.Join(sql, "\n")
		case "query":
			rec.Kind = Query
			if len(tok) < 2 {
				return nil, fmt.Errorf("%s:%d: query without column types", name, rec.Line)
			}
			rec.Types = tok[1]
			for _, c := range rec.Types {
				if c != 'T' && c != 'I' && c != 'R' {
					return nil, fmt.Errorf("%s:%d: unknown column type %q", name, rec.Line, c)
				}
			}
			if len(tok) >= 3 {
				switch tok[2] {
				case "nosort":
					rec.SortMode = NoSort
				case "rowsort":
					rec.SortMode = RowSort
				case "valuesort":
					rec.SortMode = ValueSort
				default:
					return nil, fmt.Errorf("%s:%d: unknown sort mode %q", name, rec.Line, tok[2])
				}
			}
			if len(tok) >= 4 {
				rec.Label = tok[3]
			}
			var sql []string
			for i < len(lines) && !blank(lines[i]) && lines[i] != "----" {
				sql = append(sql, lines[i])
				i++
			}
			rec.SQL = strings.Join(sql, "\n")
			if i < len(lines) && lines[i] == "----" {
				i++
				rec.HasExpected = true
				rec.Expected = []string{}
				for i < len(lines) && !blank(lines[i]) {
					rec.Expected = append(rec.Expected, strings.TrimSpace(lines[i]))
					i++
				}
			}
		case "hash-threshold":
			rec.Kind = HashThreshold
			if len(tok) < 2 {
				return nil, fmt.Errorf("%s:%d: hash-threshold without a value", name, rec.Line)
			}
			n, err := strconv.Atoi(tok[1])
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%s:%d: bad hash-threshold %q", name, rec.Line, tok[1])
			}
			rec.Threshold = n
		case "halt":
			rec.Kind = Halt
		default:
			return nil, fmt.Errorf("%s:%d: unknown record type %q", name, rec.Line, tok[0])
		}
		if rec.Kind == Statement || rec.Kind == Query {
			if strings.TrimSpace(rec.SQL) == "" {
				return nil, fmt.Errorf("%s:%d: %s without SQL", name, rec.Line, rec.Kind)
			}
		}
		f.Records = append(f.Records, rec)
	}
	return f, nil
}

// tokens splits a control line on white space, dropping a trailing comment
// that starts with a '#' token.
func tokens(line string) []string {
	fs := strings.Fields(line)
	for i, f := range fs {
		if strings.HasPrefix(f, "#") {
			return fs[:i]
		}
	}
	return fs
}
