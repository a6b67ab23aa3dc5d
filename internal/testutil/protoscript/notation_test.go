package protoscript

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

func mustArgs(t *testing.T, s string) []arg {
	t.Helper()
	toks, err := lex(s)
	if err != nil {
		t.Fatal(err)
	}
	args, err := parseArgs(toks)
	if err != nil {
		t.Fatal(err)
	}
	return args
}

func TestMatch(t *testing.T) {
	actual := record(
		field{"name", str("a")},
		field{"list", list(str("1"), null, str("x y"))},
		field{"version", str("15.18 (Debian)")},
	)
	for _, tc := range []struct {
		pat  string
		want bool
	}{
		{`{name=a}`, true},
		{`{name=b}`, false},
		{`{name="a"}`, true},
		{`{name=*}`, true},
		{`{nosuch=null}`, true},
		{`{nosuch=*}`, true},
		{`{nosuch=""}`, false},
		{`{list=[1, null, "x y"]}`, true},
		{`{list=[1 null "x y"]}`, true},
		{`{list=[1, "", "x y"]}`, false},
		{`{list=[1, null]}`, false},
		{`{list=[1, ...]}`, true},
		{`{list=[1, null, "x y", ...]}`, true},
		{`{list=[*, *, *]}`, true},
		{`{version=~"^15\\."}`, true},
		{"{version=~`^16\\.`}", false},
		{`{list=~"1"}`, false},
	} {
		args := mustArgs(t, tc.pat)
		if got := match(args[0].val, actual, &scope{local: vars{}}); got != tc.want {
			t.Errorf("match(%s) = %v, want %v", tc.pat, got, tc.want)
		}
	}
}

func TestVariables(t *testing.T) {
	sc := &scope{local: vars{}, outer: func(name string) (string, bool) {
		if name == "other.pid" {
			return "7", true
		}
		return "", false
	}}
	p := mustArgs(t, `$pid`)[0].val
	if !match(p, str("42"), sc) || sc.local["pid"] != "42" {
		t.Fatal("an unbound variable does not bind")
	}
	if match(p, str("43"), sc) || !match(p, str("42"), sc) {
		t.Error("a bound variable does not compare")
	}
	q := mustArgs(t, `$other.pid`)[0].val
	if !match(q, str("7"), sc) || match(q, str("8"), sc) {
		t.Error("another connection's variable does not compare")
	}
	if match(mustArgs(t, `$other.nosuch`)[0].val, str("1"), sc) {
		t.Error("another connection's unbound variable binds")
	}
	v, err := resolve(mustArgs(t, `[$pid, $other.pid, "$pid"]`)[0].val, sc)
	if err != nil || v.String() != `[42, 7, "$pid"]` {
		t.Errorf("resolve = %v, %v", v, err)
	}
	if _, err := resolve(mustArgs(t, `$nosuch`)[0].val, sc); err == nil {
		t.Error("resolving an unbound variable succeeds")
	}
}

func TestEncodeFrontend(t *testing.T) {
	enc := func(m pgproto3.FrontendMessage) string {
		b, err := m.Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		return hex.EncodeToString(b)
	}
	for _, tc := range []struct {
		line string
		want string
	}{
		{`Query "select 1"`, enc(&pgproto3.Query{String: "select 1"})},
		{`Parse name=s query="select $1" params=[23, 25]`, enc(&pgproto3.Parse{Name: "s", Query: "select $1", ParameterOIDs: []uint32{23, 25}})},
		{`Bind portal=p stmt=s formats=[1] params=["\x00\x01", null] results=[0, 1]`, enc(&pgproto3.Bind{DestinationPortal: "p", PreparedStatement: "s",
			ParameterFormatCodes: []int16{1}, Parameters: [][]byte{{0, 1}, nil}, ResultFormatCodes: []int16{0, 1}})},
		{`Describe statement=s`, enc(&pgproto3.Describe{ObjectType: 'S', Name: "s"})},
		{`Close portal=""`, enc(&pgproto3.Close{ObjectType: 'P'})},
		{`Execute portal=p max=2`, enc(&pgproto3.Execute{Portal: "p", MaxRows: 2})},
		{`Sync`, "5300000004"},
		{`CancelRequest pid=258 key=0a0b0c0d`, "00000010" + "04d2162e" + "00000102" + "0a0b0c0d"},
		{`SSLRequest`, "0000000804d2162f"},
		{`GSSENCRequest`, "0000000804d21630"},
		{`raw 00 01 "AB" ff`, "00014142ff"},
		{`Startup version=3.2 user=u database=d`, "0000001b" + "00030002" + hex.EncodeToString([]byte("user\x00u\x00database\x00d\x00\x00"))},
		{`Startup database=d user=u`, "0000001b" + "00030000" + hex.EncodeToString([]byte("database\x00d\x00user\x00u\x00\x00"))},
		{`Startup version=1234.5679`, "00000009" + "04d2162f" + "00"},
	} {
		typ, rest, _ := strings.Cut(tc.line, " ")
		b, err := encodeFrontend(typ, mustArgs(t, rest))
		if err != nil {
			t.Errorf("%s: %v", tc.line, err)
			continue
		}
		if got := hex.EncodeToString(b); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.line, got, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"F Frobnicate", `x.pgs:1: unknown frontend message "Frobnicate"`},
		{"B Frobnicate", `x.pgs:1: unknown backend message "Frobnicate"`},
		{"F Query sql=1 sql=2", `x.pgs:1: Query: field "sql" given twice`},
		{"F Execute portal=p rows=1", `x.pgs:1: Execute has no field "rows" (fields: portal, max)`},
		{"B ReadyForQuery I extra", `x.pgs:1: ReadyForQuery takes at most 1 positional arguments`},
		{"B DataRow [1, 2", `x.pgs:1: unterminated list`},
		{`F Query "unterminated`, `x.pgs:1: bad quoted string at "\"unterminated"`},
		{"unordered\nB ReadyForQuery I\n", `x.pgs:1: unordered block without end`},
		{"unordered\nF Sync\nend", `x.pgs:2: an unordered block holds only plain B message lines`},
		{"end", `x.pgs:1: end without unordered`},
		{"B* ParameterStatus\nF Sync", `x.pgs:1: B* must be followed by a B line or expect-close`},
		{"B? NoticeResponse", `x.pgs:1: B? must be followed by a B line or expect-close`},
		{"B byte NO", `x.pgs:1: want B byte <one character>`},
		{"F raw 0g", `x.pgs:1: raw: bad hex "0g"`},
		{"conn a b c", `x.pgs:1: want conn NAME [tcp|unix]`},
		{"timeout soon", `x.pgs:1: bad timeout "soon"`},
		{"include other.inc", `x.pgs:1: include is not available here`},
		{"expect close", `x.pgs:1: unknown line "expect"`},
	} {
		_, err := Parse("x.pgs", []byte(tc.src), nil)
		if err == nil || err.Error() != tc.want {
			t.Errorf("Parse(%q) = %v, want %s", tc.src, err, tc.want)
		}
	}
}

// handshake is startup.inc, loosened for failing tests.
const handshake = `
F Startup user=postgres database=postgres
B AuthenticationOk
B* ParameterStatus
B BackendKeyData pid=$pid key=$key
B ReadyForQuery I
`

// TestFailures proves that scripts fail where the server differs from
// them, and that the failure says where and what.
func TestFailures(t *testing.T) {
	pg := pgtest.Shared(t)
	for _, tc := range []struct {
		name, src string
		want      []string // substrings of the error
	}{
		{"wrong value", handshake + "F Query \"select 1\"\nB RowDescription [{name=\"?column?\" type=23}]\nB DataRow [\"2\"]",
			[]string{"x.pgs:9: B DataRow [\"2\"]", `got B DataRow [1]`, `F Query "select 1"`}},
		{"wrong type OID", handshake + "F Query \"select 1\"\nB RowDescription [{type=20}]",
			[]string{"x.pgs:8", "got B RowDescription [{name=\"?column?\" table=0 attnum=0 type=23"}},
		{"wrong message", handshake + "F Query \"select 1\"\nB CommandComplete \"SELECT 1\"",
			[]string{"got B RowDescription"}},
		{"wrong error code", handshake + "F Query \"selec\"\nB ErrorResponse code=42P01",
			[]string{"got B ErrorResponse severity=ERROR code=42601"}},
		{"variable", handshake + "F Query \"select pg_backend_pid()::text || 'x'\"\nB RowDescription [*]\nB DataRow [$pid]",
			[]string{"x.pgs:9", "got B DataRow"}},
		{"missing message", handshake + "timeout 300ms\nB ReadyForQuery I",
			[]string{"x.pgs:8", "nothing arrived within 300ms"}},
		{"no close", handshake + "timeout 300ms\nexpect-close",
			[]string{"x.pgs:8", "nothing arrived within 300ms"}},
		{"unexpected message instead of close", handshake + "F Query \"select 1\"\nexpect-close",
			[]string{"got B RowDescription"}},
		{"closed", "F Startup version=9.0 user=postgres\nB ErrorResponse severity=FATAL\nB ReadyForQuery I",
			[]string{"x.pgs:3", "the server closed the connection"}},
		{"byte", "F SSLRequest\nB byte S", []string{`got "N", want "S"`}},
		{"unordered", "F Startup user=postgres database=postgres\nB AuthenticationOk\nunordered\nB ParameterStatus server_version 14.0\nB ParameterStatus client_encoding UTF8\nend",
			[]string{"unordered block: no message for", "x.pgs:4: B ParameterStatus server_version 14.0"}},
		{"unix without socket", "network unix\nF SSLRequest", []string{"the script needs a Unix socket"}},
	} {
		s, err := Parse("x.pgs", []byte(tc.src), nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		err = s.Exec(context.Background(), pg.Addr(), Options{Timeout: 5 * time.Second})
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("%s: error %v, want an *Error", tc.name, err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error does not contain %q:\n%v", tc.name, w, err)
			}
		}
	}
}

func TestTrace(t *testing.T) {
	pg := pgtest.Shared(t)
	s, err := Parse("x.pgs", []byte(handshake+"F Query \"select 'a' as x\"\nB* RowDescription\nB DataRow [a]\nB CommandComplete *\nB ReadyForQuery I\nF Terminate\nexpect-close"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.Exec(context.Background(), pg.Addr(), Options{Trace: &buf}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"main: F Startup user=postgres database=postgres\n",
		"main: B ParameterStatus client_encoding UTF8\n",
		"main: B RowDescription [{name=x table=0 attnum=0 type=25 size=-1 mod=-1 format=0}]\n",
		"main: B DataRow [a]\n",
		"main: F Terminate\n",
		"main: - closed by the server\n",
	} {
		if !strings.Contains(buf.String(), w) {
			t.Errorf("trace lacks %q:\n%s", w, buf.String())
		}
	}
}
