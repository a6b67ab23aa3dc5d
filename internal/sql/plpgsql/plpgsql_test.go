package plpgsql

import (
	"testing"

	"github.com/tuskdb/tusk/internal/pgerror"
)

func TestSplitAssign(t *testing.T) {
	for _, c := range []struct{ in, target, expr string }{
		{"x := a + 1", "x", " a + 1"},
		{"x = a = 1", "x", " a = 1"},
		{"new.b := upper(new.b)", "new.b", " upper(new.b)"},
		{"arr[i = 1] := 'a:=b'", "arr[i = 1]", " 'a:=b'"},
	} {
		target, expr := splitAssign(c.in)
		if target != c.target || expr != c.expr {
			t.Errorf("splitAssign(%q) = %q, %q; want %q, %q", c.in, target, expr, c.target, c.expr)
		}
	}
}

func TestMatches(t *testing.T) {
	for _, c := range []struct {
		conds []string
		code  string
		want  bool
	}{
		{[]string{"division_by_zero"}, "22012", true},
		{[]string{"unique_violation"}, "22012", false},
		{[]string{"data_exception"}, "22012", true}, // a class catches its codes
		{[]string{"others"}, "23505", true},
		{[]string{"others"}, "57014", false}, // query_canceled is not caught by OTHERS
		{[]string{"22012"}, "22012", true},   // WHEN SQLSTATE '22012'
		{[]string{"unique_violation", "DIVISION_BY_ZERO"}, "22012", true},
	} {
		if got := matches(c.conds, c.code); got != c.want {
			t.Errorf("matches(%v, %s) = %v, want %v", c.conds, c.code, got, c.want)
		}
	}
}

func TestCompile(t *testing.T) {
	f, err := Compile(`CREATE FUNCTION f(a integer, OUT b text) LANGUAGE plpgsql AS $x$
DECLARE n int := 1; r record;
BEGIN
  FOR i IN 1..a LOOP n := n * i; END LOOP;
  b := n::text;
END $x$`, 2, []int{1})
	if err != nil {
		t.Fatal(err)
	}
	if f.Datums[0].Name != "a" || f.Datums[1].Name != "b" || f.Found < 0 {
		t.Fatalf("unexpected datums: %+v", f.Datums)
	}
	if len(f.Body.Decls) != 3 {
		t.Errorf("outer block declares %d datums, want 3 (n, r and the loop variable)", len(f.Body.Decls))
	}
	_, err = Compile(`CREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS $x$ BEGIN retrun 1; END $x$`, 0, nil)
	if pe := pgerror.Flatten(err); pe == nil || pe.Code != pgerror.SyntaxError {
		t.Errorf("syntax error: got %v, want SQLSTATE 42601", err)
	}
}
