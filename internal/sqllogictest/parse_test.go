package sqllogictest

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	src := "hash-threshold 8\r\n" +
		"\r\n" +
		"# a comment\r\n" +
		"statement ok\r\n" +
		"CREATE TABLE t1(a INTEGER,\r\n" +
		"  b TEXT)\r\n" +
		"\r\n" +
		"skipif mysql # not compatible\n" +
		"onlyif postgresql\n" +
		"query IT rowsort label-7\n" +
		"SELECT a, b\n" +
		"  FROM t1\n" +
		"----\n" +
		"1\n" +
		"x\n" +
		"\n" +
		"statement error\n" +
		"DROP TABLE nosuch\n" +
		"\n" +
		"query R\n" +
		"SELECT 1.5\n" +
		"\n" +
		"query I valuesort\n" +
		"SELECT 1\n" +
		"----\n" +
		"30 values hashing to 0123456789abcdef0123456789abcdef\n" +
		"\n\n\n" +
		"onlyif mssql\n" +
		"halt\n"
	f, err := Parse(strings.NewReader(src), "x.test")
	if err != nil {
		t.Fatal(err)
	}
	want := []Record{
		{Line: 1, Kind: HashThreshold, Threshold: 8},
		{Line: 4, Kind: Statement, SQL: "CREATE TABLE t1(a INTEGER,\n  b TEXT)"},
		{Line: 10, Kind: Query, Conditions: []Condition{{Engine: "mysql"}, {Only: true, Engine: "postgresql"}},
			Types: "IT", SortMode: RowSort, Label: "label-7", SQL: "SELECT a, b\n  FROM t1",
			Expected: []string{"1", "x"}, HasExpected: true},
		{Line: 17, Kind: Statement, ExpectError: true, SQL: "DROP TABLE nosuch"},
		{Line: 20, Kind: Query, Types: "R", SQL: "SELECT 1.5"},
		{Line: 23, Kind: Query, Types: "I", SortMode: ValueSort, SQL: "SELECT 1",
			Expected: []string{"30 values hashing to 0123456789abcdef0123456789abcdef"}, HasExpected: true},
		{Line: 31, Kind: Halt, Conditions: []Condition{{Only: true, Engine: "mssql"}}},
	}
	if !reflect.DeepEqual(f.Records, want) {
		t.Fatalf("got\n%+v\nwant\n%+v", f.Records, want)
	}
	if !f.Records[2].Runs("postgresql") || f.Records[2].Runs("mysql") || f.Records[2].Runs("sqlite") {
		t.Error("conditions of record 3 evaluated wrongly")
	}
	if f.Records[6].Runs("postgresql") || !f.Records[6].Runs("MSSQL") {
		t.Error("onlyif mssql / halt evaluated wrongly")
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"frobnicate\n", `x.test:1: unknown record type "frobnicate"`},
		{"statement maybe\nSELECT 1\n", "x.test:1: want `statement ok` or `statement error`"},
		{"query X\nSELECT 1\n", `x.test:1: unknown column type 'X'`},
		{"query I upsidedown\nSELECT 1\n", `x.test:1: unknown sort mode "upsidedown"`},
		{"\nskipif\nstatement ok\nSELECT 1\n", "x.test:2: skipif without an engine name"},
		{"skipif mysql\n\nstatement ok\nSELECT 1\n", "x.test:1: condition without a record"},
		{"statement ok\n\n", "x.test:1: statement without SQL"},
		{"hash-threshold many\n", `x.test:1: bad hash-threshold "many"`},
	} {
		_, err := Parse(strings.NewReader(tc.src), "x.test")
		if err == nil || err.Error() != tc.want {
			t.Errorf("Parse(%q) = %v, want %s", tc.src, err, tc.want)
		}
	}
}

// TestParseCorpus parses every file of the corpus.
func TestParseCorpus(t *testing.T) {
	root := DefaultCorpus()
	files, err := ListFiles(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 50 {
		t.Fatalf("found %d files under %s, want the 52 of the corpus", len(files), root)
	}
	n := 0
	for _, id := range files {
		f, err := ParseFile(root + "/" + id)
		if err != nil {
			t.Fatal(err)
		}
		n += len(f.Records)
	}
	t.Logf("%d files, %d records", len(files), n)
}

func TestListFiles(t *testing.T) {
	root := DefaultCorpus()
	for _, tc := range []struct {
		pats []string
		want []string
	}{
		{[]string{"select1.test"}, []string{"select1.test"}},
		{[]string{"select[12].test", "evidence/in*.test"}, []string{"evidence/in1.test", "evidence/in2.test", "select1.test", "select2.test"}},
		{[]string{"index/**/slt_good_5.test"}, []string{"index/between/10/slt_good_5.test", "index/delete/10/slt_good_5.test", "index/in/10/slt_good_5.test"}},
		{[]string{"**/in1.test"}, []string{"evidence/in1.test"}},
		{[]string{"index/between/1000"}, []string{"index/between/1000/slt_good_0.test"}},
	} {
		got, err := ListFiles(root, tc.pats)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ListFiles(%q) = %q, want %q", tc.pats, got, tc.want)
		}
	}
	ci, err := ListFiles(root, CIFiles)
	if err != nil || len(ci) != 42 {
		t.Errorf("CIFiles: %d files, %v; want the 52 less 10 index/delete files", len(ci), err)
	}
	if _, err := ListFiles(root, []string{"nosuch*.test"}); err == nil {
		t.Error("a pattern matching nothing is not an error")
	}
}
