package sqllogictest

import (
	"reflect"
	"testing"
)

func TestFormatValue(t *testing.T) {
	for _, tc := range []struct {
		typ  byte
		raw  string
		null bool
		want string
	}{
		{'I', "", true, "NULL"},
		{'T', "", true, "NULL"},
		{'R', "", true, "NULL"},
		{'I', "42", false, "42"},
		{'I', "-7", false, "-7"},
		{'I', "12.7", false, "12"},
		{'I', "-12.7", false, "-12"},
		{'I', "3.0000000000000000", false, "3"},
		{'I', "t", false, "1"},
		{'I', "f", false, "0"},
		{'I', "abc", false, "0"},
		{'I', "12abc", false, "12"},
		{'I', "1e3", false, "1000"},
		{'R', "1.5", false, "1.500"},
		{'R', "2", false, "2.000"},
		{'R', "-0.0004", false, "-0.000"},
		{'R', "1.0005", false, "1.000"}, // binary 1.0005 is below the midpoint
		{'R', "2.6666666666666667", false, "2.667"},
		{'R', "Infinity", false, "inf"},
		{'R', "-Infinity", false, "-inf"},
		{'R', "NaN", false, "nan"},
		{'T', "", false, "(empty)"},
		{'T', "abc", false, "abc"},
		{'T', "a\tb\nc", false, "a@b@c"},
		{'T', "é", false, "@@"},
		{'T', "12.50", false, "12.50"},
	} {
		if got := FormatValue(tc.typ, []byte(tc.raw), tc.null); got != tc.want {
			t.Errorf("FormatValue(%c, %q, %v) = %q, want %q", tc.typ, tc.raw, tc.null, got, tc.want)
		}
	}
}

func TestFormatRows(t *testing.T) {
	rows := [][][]byte{
		{[]byte("2"), []byte("b")},
		{nil, []byte("a")},
		{[]byte("10"), nil},
		{[]byte("2"), []byte("a")},
	}
	for _, tc := range []struct {
		mode SortMode
		want []string
	}{
		{NoSort, []string{"2", "b", "NULL", "a", "10", "NULL", "2", "a"}},
		// Sorting is by the printed text: "10" < "2" < "NULL".
		{RowSort, []string{"10", "NULL", "2", "a", "2", "b", "NULL", "a"}},
		{ValueSort, []string{"10", "2", "2", "NULL", "NULL", "a", "a", "b"}},
	} {
		got := FormatRows("IT", rows, 2, tc.mode)
		if got.Columns != 2 || !reflect.DeepEqual(got.Values, tc.want) {
			t.Errorf("%v: got %q, want %q", tc.mode, got.Values, tc.want)
		}
	}
}

func TestHash(t *testing.T) {
	// md5("1\n2\n3\n")
	r := Result{Columns: 1, Values: []string{"1", "2", "3"}}
	if got, want := r.HashLine(), "3 values hashing to c0710d6b4f15dfa88f600b0e6b624077"; got != want {
		t.Errorf("HashLine = %q, want %q", got, want)
	}
	if got := r.Lines(2); len(got) != 1 || got[0] != r.HashLine() {
		t.Errorf("Lines(2) = %q, want the hash line", got)
	}
	if got := r.Lines(3); !reflect.DeepEqual(got, r.Values) {
		t.Errorf("Lines(3) = %q, want the values", got)
	}
	if got := r.Lines(0); !reflect.DeepEqual(got, r.Values) {
		t.Errorf("Lines(0) = %q, want the values", got)
	}
	if !r.Matches([]string{r.HashLine()}) || !r.Matches([]string{"1", "2", "3"}) {
		t.Error("Matches rejects the result's own rendering")
	}
	if r.Matches([]string{"2 values hashing to " + r.Hash()}) || r.Matches([]string{"1", "2"}) {
		t.Error("Matches accepts a wrong result")
	}
}
