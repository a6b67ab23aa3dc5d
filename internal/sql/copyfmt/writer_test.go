package copyfmt

import (
	"strings"
	"testing"
)

func TestWriter(t *testing.T) {
	type val struct {
		v    string
		null bool
	}
	cases := []struct {
		name       string
		opts       *Options
		forceQuote []bool
		row        []val
		want       string
	}{
		{"text plain", textOpts(), nil, []val{{v: "a"}, {null: true}, {v: ""}}, "a\t\\N\t\n"},
		{"text escapes", textOpts(), nil, []val{{v: "t\tn\nr\rb\bf\fv\vs\\e\x01x"}}, "t\\tn\\nr\\rb\\bf\\fv\\vs\\\\e\x01x\n"},
		{"text delimiter", &Options{Format: Text, Delim: '|', Null: "NIL"}, nil, []val{{v: "a|b\tc"}, {null: true}}, "a\\|b\\tc|NIL\n"},
		{"text control delimiter", &Options{Format: Text, Delim: 1, Null: `\N`}, nil, []val{{v: "a\x01b"}, {v: "c"}}, "a\\\x01b\x01c\n"},
		{"csv plain", csvOpts(), nil, []val{{v: "a"}, {null: true}, {v: ""}}, "a,,\"\"\n"},
		{"csv quoting", csvOpts(), nil, []val{{v: "a,b"}, {v: "q\"q"}, {v: "l\nl"}, {v: "c\rr"}, {v: "\\."}}, "\"a,b\",\"q\"\"q\",\"l\nl\",\"c\rr\",\\.\n"},
		{"csv lone end marker", csvOpts(), nil, []val{{v: "\\."}}, "\"\\.\"\n"},
		{"csv force quote", csvOpts(), []bool{false, true, true}, []val{{v: "a"}, {v: "b"}, {null: true}}, "a,\"b\",\n"},
		{"csv force all", &Options{Format: CSV, Delim: ';', Null: "NULL", Quote: '\'', Escape: '\\', ForceQuoteAll: true}, nil,
			[]val{{v: "it's"}, {v: "back\\slash"}, {null: true}, {v: "NULL"}}, "'it\\'s';'back\\\\slash';NULL;'NULL'\n"},
		{"csv null string", &Options{Format: CSV, Delim: ',', Null: "\\N", Quote: '"', Escape: '"'}, nil, []val{{v: "\\N"}, {null: true}}, "\"\\N\",\\N\n"},
	}
	for _, c := range cases {
		w := NewWriter(c.opts, len(c.row), c.forceQuote)
		var line []byte
		for i, v := range c.row {
			if v.null {
				line = w.AppendNull(line, i)
			} else {
				line = w.AppendValue(line, i, []byte(v.v))
			}
		}
		line = w.EndRow(line)
		if string(line) != c.want {
			t.Errorf("%s: got %q, want %q", c.name, line, c.want)
		}
	}
}

func TestWriterHeader(t *testing.T) {
	names := []string{"a", "b c", "d,e", "f\tg", `h"i`}
	if got, want := string(NewWriter(textOpts(), len(names), nil).AppendHeader(nil, names)), "a\tb c\td,e\tf\\tg\th\"i\n"; got != want {
		t.Errorf("text: got %q, want %q", got, want)
	}
	o := csvOpts()
	o.ForceQuoteAll = true
	if got, want := string(NewWriter(o, len(names), nil).AppendHeader(nil, names)), "a,b c,\"d,e\",f\tg,\"h\"\"i\"\n"; got != want {
		t.Errorf("csv: got %q, want %q", got, want)
	}
}

// TestRoundTrip checks that what the writer writes the reader reads back.
func TestRoundTrip(t *testing.T) {
	values := []string{"", "plain", "tab\there", "nl\nhere", "cr\rhere", "back\\slash", "\\.", "\\N", "quote\"d", "comma,", "é ü 漢", "NULL"}
	for _, o := range []*Options{textOpts(), csvOpts(), {Format: CSV, Delim: '|', Null: "NULL", Quote: '\'', Escape: '\\'}} {
		w := NewWriter(o, 2, nil)
		var data []byte
		for _, v := range values {
			data = w.AppendValue(data, 0, []byte(v))
			data = w.AppendNull(data, 1)
			data = w.EndRow(data)
		}
		r := NewReader(strings.NewReader(string(data)), o, []string{"a", "b"})
		for i := 0; ; i++ {
			ok, err := r.Next()
			if err != nil {
				t.Fatalf("format %d: %v", o.Format, err)
			}
			if !ok {
				if i != len(values) {
					t.Errorf("format %d: read %d rows, want %d", o.Format, i, len(values))
				}
				break
			}
			v, null := r.Field(0)
			_, null2 := r.Field(1)
			if null || !null2 || string(v) != values[i] {
				t.Errorf("format %d row %d: got %q (null %v, %v), want %q", o.Format, i, v, null, null2, values[i])
			}
		}
	}
}
