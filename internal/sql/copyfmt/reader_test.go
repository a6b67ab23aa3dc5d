package copyfmt

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/pgerror"
)

func textOpts() *Options { return &Options{Format: Text, Delim: '\t', Null: `\N`} }

func csvOpts() *Options {
	return &Options{Format: CSV, Delim: ',', Null: "", Quote: '"', Escape: '"'}
}

// readAll reads every line and renders its fields: values quoted, NULL
// as NULL, fields separated by |, lines by newlines; an error ends the
// output with "error: <message> @ <context>".
func readAll(src io.Reader, o *Options, ncols int) string {
	cols := make([]string, ncols)
	for i := range cols {
		cols[i] = fmt.Sprintf("c%d", i+1)
	}
	r := NewReader(src, o, cols)
	var b strings.Builder
	for {
		ok, err := r.Next()
		if err != nil {
			fmt.Fprintf(&b, "error: %s @ %s", pgerror.Flatten(err).Message, r.LineContext("t"))
			return b.String()
		}
		if !ok {
			return b.String()
		}
		for i := 0; i < r.NumFields(); i++ {
			if i > 0 {
				b.WriteString("|")
			}
			v, null := r.Field(i)
			if null {
				b.WriteString("NULL")
			} else {
				fmt.Fprintf(&b, "%q", v)
			}
		}
		b.WriteString("\n")
	}
}

func TestReaderText(t *testing.T) {
	cases := []struct {
		in    string
		ncols int
		want  string
	}{
		{"a\tb\n", 2, "\"a\"|\"b\"\n"},
		{"a\tb", 2, "\"a\"|\"b\"\n"},
		{"\\N\t\\\\N\n", 2, "NULL|\"\\\\N\"\n"},
		{"\\t\\n\\r\\b\\f\\v\\\\\\z\n", 1, "\"\\t\\n\\r\\b\\f\\v\\\\z\"\n"},
		{"\\101\\1012\\x41\\x4142\\xg\\8\n", 1, "\"AA2AA42xg8\"\n"},
		{"a\\\tb\tc\n", 2, "\"a\\tb\"|\"c\"\n"},
		{"a\\\nb\tc\n", 2, "\"a\\nb\"|\"c\"\n"},
		{"trailing\\\n", 1, "\"trailing\\n\"\n"},
		{"trailing\\", 1, "\"trailing\"\n"},
		{"a\n\\.\nb\n", 1, "\"a\"\n"},
		{"a\nb\\.\nc\n", 1, "\"a\"\n\"b\"\n"},
		{"a\n\\.", 1, "\"a\"\nerror: end-of-copy marker corrupt @ COPY t, line 2"},
		{"a\n\\.x\n", 1, "\"a\"\nerror: end-of-copy marker corrupt @ COPY t, line 2"},
		{"a\r\nb\r\n\\.\r\n", 1, "\"a\"\n\"b\"\n"},
		{"a\r\n\\.\n", 1, "\"a\"\nerror: end-of-copy marker does not match previous newline style @ COPY t, line 2"},
		{"a\rb\r", 1, "\"a\"\n\"b\"\n"},
		{"a\nb\r\n", 1, "\"a\"\nerror: literal carriage return found in data @ COPY t, line 2"},
		{"a\r\nb\n", 1, "\"a\"\nerror: literal newline found in data @ COPY t, line 2"},
		{"a\rb\n", 1, "\"a\"\nerror: literal newline found in data @ COPY t, line 2"},
		{"\n", 1, "\"\"\n"},
		{"a\tb\tc\n", 2, "error: extra data after last expected column @ COPY t, line 1: \"a\tb\tc\""},
		{"a\n", 2, "\"a\"\n"},
		{"\n", 0, "\n"},
		{"x\n", 0, "error: extra data after last expected column @ COPY t, line 1: \"x\""},
		{"a\\0b\n", 1, "error: invalid byte sequence for encoding \"UTF8\": 0x00 @ COPY t, line 1: \"a\\0b\""},
		{"a\\xc3\\xa9\n", 1, "\"aé\"\n"},
		{"a\\xc3\n", 1, "error: invalid byte sequence for encoding \"UTF8\": 0xc3 @ COPY t, line 1: \"a\\xc3\""},
		{"ok\nbad\xff\n", 1, "\"ok\"\nerror: invalid byte sequence for encoding \"UTF8\": 0xff @ COPY t, line 2"},
	}
	for _, c := range cases {
		for _, oneByte := range []bool{false, true} {
			var src io.Reader = strings.NewReader(c.in)
			if oneByte {
				src = iotest.OneByteReader(src)
			}
			if got := readAll(src, textOpts(), c.ncols); got != c.want {
				t.Errorf("%q (one byte at a time: %v):\ngot  %q\nwant %q", c.in, oneByte, got, c.want)
			}
		}
	}
}

func TestReaderCSV(t *testing.T) {
	cases := []struct {
		in    string
		ncols int
		opts  func(*Options)
		want  string
	}{
		{"a,b\n", 2, nil, "\"a\"|\"b\"\n"},
		{",\"\"\n", 2, nil, "NULL|\"\"\n"},
		{"\"a,b\",\"c\"\"d\"\n", 2, nil, "\"a,b\"|\"c\\\"d\"\n"},
		{"\"a\nb\",c\nd,e\n", 2, nil, "\"a\\nb\"|\"c\"\n\"d\"|\"e\"\n"},
		{"a\"b\"c,\"x\"y\n", 2, nil, "\"abc\"|\"xy\"\n"},
		{"\\.,x\n\\.\ny,z\n", 2, nil, "\"\\\\.\"|\"x\"\n"},
		{"a,b\n\\.x\n", 2, nil, "\"a\"|\"b\"\n\"\\\\.x\"\n"},
		{"a,\"x\n\\.\ny\"\n", 2, nil, "\"a\"|\"x\\n\\\\.\\ny\"\n"},
		{"a,\"open\n", 2, nil, "error: unterminated CSV quoted field @ COPY t, line 1: \"a,\"open\n\""},
		{"a,b\nc,\"d\r\ne\"\r\n", 2, nil, "\"a\"|\"b\"\nerror: unquoted carriage return found in data @ COPY t, line 3"},
		{"'it\\'s','\\\\'\n", 2, func(o *Options) { o.Quote, o.Escape = '\'', '\\' }, "\"it's\"|\"\\\\\"\n"},
		{"'a\\b'\n", 1, func(o *Options) { o.Quote, o.Escape = '\'', '\\' }, "\"a\\\\b\"\n"},
		{"NULL;\"NULL\";x\n", 3, func(o *Options) { o.Delim, o.Null = ';', "NULL" }, "NULL|\"NULL\"|\"x\"\n"},
	}
	for _, c := range cases {
		for _, oneByte := range []bool{false, true} {
			o := csvOpts()
			if c.opts != nil {
				c.opts(o)
			}
			var src io.Reader = strings.NewReader(c.in)
			if oneByte {
				src = iotest.OneByteReader(src)
			}
			if got := readAll(src, o, c.ncols); got != c.want {
				t.Errorf("%q (one byte at a time: %v):\ngot  %q\nwant %q", c.in, oneByte, got, c.want)
			}
		}
	}
}

func TestReaderForce(t *testing.T) {
	r := NewReader(strings.NewReader(",\"\",\n"), csvOpts(), []string{"a", "b", "c"})
	r.SetForce([]bool{true, false, false}, []bool{false, true, false})
	if ok, err := r.Next(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	want := []struct {
		v    string
		null bool
	}{{"", false}, {"", true}, {"", true}}
	for i, w := range want {
		v, null := r.Field(i)
		if string(v) != w.v || null != w.null {
			t.Errorf("field %d: %q %v, want %q %v", i, v, null, w.v, w.null)
		}
	}
}

func TestReaderHeader(t *testing.T) {
	cases := []struct {
		in     string
		header Header
		want   string
	}{
		{"a\tb\n1\t2\n", HeaderTrue, "\"1\"|\"2\"\n"},
		{"anything at all\n", HeaderTrue, ""},
		{"c1\tc2\n1\t2\n", HeaderMatch, "\"1\"|\"2\"\n"},
		{"c1\n1\t2\n", HeaderMatch, "error: wrong number of fields in header line: got 1, expected 2 @ COPY t, line 1: \"c1\""},
		{"c1\tx\n", HeaderMatch, "error: column name mismatch in header line field 2: got \"x\", expected \"c2\" @ COPY t, line 1: \"c1\tx\""},
		{"\\N\tc2\n", HeaderMatch, "error: column name mismatch in header line field 1: got null value (\"\\N\"), expected \"c1\" @ COPY t, line 1: \"\\N\tc2\""},
	}
	for _, c := range cases {
		o := textOpts()
		o.Header = c.header
		if got := readAll(strings.NewReader(c.in), o, 2); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
}

// errAfter yields its data, then fails.
type errAfter struct {
	data string
	err  error
}

func (e *errAfter) Read(p []byte) (int, error) {
	if e.data == "" {
		return 0, e.err
	}
	n := copy(p, e.data)
	e.data = e.data[n:]
	return n, nil
}

func TestReaderSourceError(t *testing.T) {
	boom := pgerror.New(pgerror.QueryCanceled, "COPY from stdin failed: boom")
	r := NewReader(&errAfter{data: "1\n2\n", err: boom}, textOpts(), []string{"a"})
	n := 0
	for {
		ok, err := r.Next()
		if err != nil {
			if !errors.Is(err, boom) {
				t.Fatalf("got %v", err)
			}
			if got, want := r.LineContext("t"), "COPY t, line 3"; got != want {
				t.Errorf("context %q, want %q", got, want)
			}
			break
		}
		if !ok {
			t.Fatal("no error")
		}
		n++
	}
	if n != 2 {
		t.Errorf("%d lines before the error, want 2", n)
	}
}

// lines is an endless-looking source of numbered lines, n of them.
type lines struct {
	n, i int
	buf  []byte
}

func (l *lines) Read(p []byte) (int, error) {
	for len(l.buf) < len(p) && l.i < l.n {
		l.i++
		l.buf = fmt.Appendf(l.buf, "%d\tsome text for line %d\n", l.i, l.i)
	}
	if len(l.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, l.buf)
	l.buf = l.buf[n:]
	return n, nil
}

// TestReaderStreams checks that the reader's buffers stay small whatever
// the size of the input.
func TestReaderStreams(t *testing.T) {
	r := NewReader(&lines{n: 300_000}, textOpts(), []string{"a", "b"})
	n := 0
	for {
		ok, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		n++
	}
	if n != 300_000 {
		t.Fatalf("read %d lines", n)
	}
	if cap(r.in) > bufSize || cap(r.line) > 1024 || cap(r.attr) > 1024 {
		t.Errorf("buffers grew: in %d, line %d, attr %d", cap(r.in), cap(r.line), cap(r.attr))
	}
}

func TestReaderLongLine(t *testing.T) {
	long := strings.Repeat("x", 3*bufSize+17)
	got := readAll(iotest.HalfReader(strings.NewReader(long+"\tend\n")), textOpts(), 2)
	if want := fmt.Sprintf("%q|\"end\"\n", long); got != want {
		t.Errorf("long line read wrong (%d bytes)", len(got))
	}
}

func TestContext(t *testing.T) {
	r := NewReader(strings.NewReader(strings.Repeat("é", 60)+"\n"), textOpts(), []string{"a"})
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	v, _ := r.Field(0)
	// 100 bytes end in the middle of the 51st "é": cut before it.
	want := `COPY t, line 1, column a: "` + strings.Repeat("é", 50) + `..."`
	if got := r.ColumnContext("t", "a", v, false); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	if got, want := r.ColumnContext("t", "a", nil, true), "COPY t, line 1, column a: null input"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if got, want := LineNoContext("t", 7), "COPY t, line 7"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestParseOptions(t *testing.T) {
	cases := []struct {
		sql  string
		want string
	}{
		{"copy t from stdin", `text '\t' "\\N" header=0`},
		{"copy t from stdin csv header", `csv ',' "" header=1 quote='"' escape='"'`},
		{"copy t from stdin (format csv, header match, delimiter ';', null 'x', quote '''', escape '\\')", `csv ';' "x" header=2 quote='\'' escape='\\'`},
		{"copy t to stdout with csv force quote *", `csv ',' "" header=0 quote='"' escape='"' forcequote=*`},
		{"copy t from stdin (freeze on)", `text '\t' "\\N" header=0 freeze`},
		{"copy t from stdin (format xyz)", `22023 COPY format "xyz" not recognized @20`},
		{"copy t from stdin (delimiter 'ab')", `0A000 COPY delimiter must be a single one-byte character`},
		{"copy t from stdin (delimiter 'a')", `22023 COPY delimiter cannot be "a"`},
		{"copy t from stdin (quote '\"')", `0A000 COPY quote available only in CSV mode`},
		{"copy t from stdin (format csv, delimiter ',', quote ',')", `22023 COPY delimiter and quote must be different`},
		{"copy t from stdin (header, header)", `42601 conflicting or redundant options @28`},
		{"copy t from stdin (nope)", `42601 option "nope" not recognized @20`},
		{"copy t to stdout (header match)", `0A000 cannot use "match" with HEADER in COPY TO`},
		{"copy t from stdin (format csv, force_quote (a))", `0A000 COPY force quote only available using COPY TO`},
		{"copy t from stdin (format csv, force_not_null a)", `22023 argument to option "force_not_null" must be a list of column names @32`},
		{"copy t from stdin (null '\\N\t')", `0A000 COPY delimiter must not appear in the NULL specification`},
		{"copy t from stdin (format binary, header)", `0A000 cannot specify HEADER in BINARY mode`},
	}
	for _, c := range cases {
		tree, err := pg_query.Parse(c.sql)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		cs := tree.Stmts[0].Stmt.GetCopyStmt()
		o, err := ParseOptions(c.sql, cs.Options, cs.IsFrom)
		var got string
		if err != nil {
			e := pgerror.Flatten(err)
			got = e.Code + " " + e.Message
			if e.Position != 0 {
				got += fmt.Sprintf(" @%d", e.Position)
			}
		} else {
			got = [...]string{"text", "csv", "binary"}[o.Format] + fmt.Sprintf(" %q %q header=%d", o.Delim, o.Null, o.Header)
			if o.Quote != 0 {
				got += fmt.Sprintf(" quote=%q escape=%q", o.Quote, o.Escape)
			}
			if o.ForceQuoteAll {
				got += " forcequote=*"
			}
			if o.Freeze {
				got += " freeze"
			}
		}
		if got != c.want {
			t.Errorf("%s:\ngot  %s\nwant %s", c.sql, got, c.want)
		}
	}
}
