package types

import (
	"context"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

func connect(t *testing.T) *pgx.Conn {
	t.Helper()
	srv := pgtest.Shared(t)
	conn, err := pgx.Connect(context.Background(), srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// ioCases are inputs for each type; every one is parsed and printed by
// tusk and by PostgreSQL and the results (or errors) compared.
var ioCases = map[string][]string{
	"bool":           {"t", "true", "TRUE", " yes ", "y", "on", "1", "f", "false", "no", "off", "0", "of", "o", "", "maybe", "tr"},
	"int2":           {"0", "1", "-1", "32767", "-32768", "32768", "-32769", " 12 ", "+5", "1.5", "", "abc", "1e3", "0x10", "--1", "-"},
	"int4":           {"2147483647", "-2147483648", "2147483648", "007", " -0 ", "12a", "1_000"},
	"int8":           {"9223372036854775807", "-9223372036854775808", "9223372036854775808", "42"},
	"float8":         {"0", "1", "-1", "0.1", "1e300", "1e400", "1e-400", "-0", "NaN", "nan", "Infinity", "-inf", "inf", "1000000", "123456789012345", "1234567890123456", "1e15", "0.0001", "0.00001", "3.141592653589793", "2.5e-5", "abc", "", " 1.5 ", "1.", ".5", "1e", "0x1p3", "4.9e-324", "1.7976931348623157e308"},
	"float4":         {"0.1", "1e10", "3.14159265358979", "1e39", "1e-46", "16777217", "100000", "1000000", "-0", "NaN"},
	"numeric":        {"0", "1.50", "-1.50", "1e20", "1e-20", "123.4500", "NaN", "Infinity", "-Infinity", "inf", "abc", "", "1e", ".5", "5.", "-0", "0.000", "1.2e3", "12345678901234567890.123456789", " 7 ", "+3.0", "1e-3"},
	"numeric(5,2)":   {"1.234", "1.235", "-1.235", "999.99", "999.995", "1000", "0.001", "NaN", "Infinity"},
	"numeric(3,0)":   {"999.4", "999.5", "-999.5"},
	"numeric(2,2)":   {"0.99", "0.995", "1"},
	"text":           {"", "hello", "  spaces  ", "üñí©ødé", "line\nbreak"},
	"varchar(3)":     {"abc", "abcd", "ab  ", "abc   ", "ü", "üüüü"},
	"char(3)":        {"a", "abc", "abcd", "abc  ", ""},
	"bpchar":         {"a  ", ""},
	"name":           {"a_name", "x123456789012345678901234567890123456789012345678901234567890123456789"},
	"\"char\"":       {"a", "abc", ""},
	"bytea":          {"\\x", "\\x00ff10", "\\xDEADbeef", "\\x0", "\\xzz", "abc", "a\\\\b", "\\001\\002", "\\9", "\\x 01 02"},
	"uuid":           {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC999C0B4EF8BB6D6BB9BD380A11", "{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}", "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "xyz", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1"},
	"oid":            {"0", "4294967295", "4294967296", "-1", "-2147483648", "-2147483649", "abc"},
	"int4[]":         {"{}", "{1,2,3}", "{1, 2 ,3}", "{{1,2},{3,4}}", "{NULL,1}", "{null}", "[0:1]={5,6}", "{1,2", "{{1},{2,3}}", "1,2", "{1,abc}", "{\"1\"}", "[1:2]={1}", "{}  "},
	"text[]":         {"{a,b}", "{\"a b\",c}", "{\"\",NULL,\"NULL\"}", "{\"a\\\"b\"}", "{a\\,b}", "{  x  ,  y z  }", "{\"{}\"}"},
	"float8[]":       {"{1.5,NaN,-Infinity}"},
	"numeric(4,1)[]": {"{1.25,2}", "{12345}"},
	"varchar(2)[]":   {"{ab,abc}"},
	"bool[]":         {"{t,f,NULL}"},
	"bytea[]":        {"{\"\\\\x00\"}"},
}

func TestTextIOMatchesPostgres(t *testing.T) {
	conn := connect(t)
	n := 0
	for typName, inputs := range ioCases {
		var typ *T
		for _, in := range inputs {
			if typ == nil {
				typ = lookupTestType(t, conn, typName)
			}
			want, wantErr := pgInput(conn, in)
			d, gotErr := Parse(typ, in, DefaultCtx)
			got := ""
			if gotErr == nil {
				got = FormatString(typ, d, DefaultCtx)
			}
			compareResult(t, typName+" input "+quote(in), got, gotErr, want, wantErr)
			n++
		}
	}
	t.Logf("%d input cases", n)
}

// pgInput stores s into a column of the type under test with a literal,
// which runs the type's input function with the column's typmod, and reads
// the stored value back in text format.
func pgInput(conn *pgx.Conn, s string) (string, error) {
	ctx := context.Background()
	if _, err := conn.Exec(ctx, "truncate tusk_typ"); err != nil {
		return "", err
	}
	lit := "'" + strings.ReplaceAll(s, "'", "''") + "'"
	if _, err := conn.Exec(ctx, "insert into tusk_typ values ("+lit+")", pgx.QueryExecModeSimpleProtocol); err != nil {
		return "", err
	}
	var out string
	err := conn.QueryRow(ctx, "select c from tusk_typ", pgx.QueryExecModeSimpleProtocol).Scan(&out)
	return out, err
}

func quote(s string) string { return "'" + s + "'" }

func compareResult(t *testing.T, what, got string, gotErr error, want string, wantErr error) {
	t.Helper()
	if wantErr != nil {
		var pe *pgconn.PgError
		if !errors.As(wantErr, &pe) {
			t.Fatalf("%s: %v", what, wantErr)
		}
		if gotErr == nil {
			t.Errorf("%s: tusk gives %q, PostgreSQL fails: %s %s", what, got, pe.Code, pe.Message)
			return
		}
		ge := pgerror.Flatten(gotErr)
		if ge.Code != pe.Code || ge.Message != pe.Message || ge.Detail != pe.Detail {
			t.Errorf("%s:\n tusk       %s %q %q\n PostgreSQL %s %q %q", what, ge.Code, ge.Message, ge.Detail, pe.Code, pe.Message, pe.Detail)
		}
		return
	}
	if gotErr != nil {
		t.Errorf("%s: tusk fails (%v), PostgreSQL gives %q", what, gotErr, want)
		return
	}
	if got != want {
		t.Errorf("%s: tusk gives %q, PostgreSQL %q", what, got, want)
	}
}

// lookupTestType resolves a type name through PostgreSQL's format_type and
// typmod so the test exercises the same typmods.
func lookupTestType(t *testing.T, conn *pgx.Conn, name string) *T {
	var oid uint32
	var typmod int32
	if err := conn.QueryRow(context.Background(),
		"select atttypid, atttypmod from pg_attribute where attrelid = (select oid from pg_class where relname = 'tusk_typ') and attname = 'c'").Scan(&oid, &typmod); err == nil {
		_ = oid
	}
	ctx := context.Background()
	if _, err := conn.Exec(ctx, "drop table if exists tusk_typ; create temp table tusk_typ (c "+name+")"); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, "select atttypid, atttypmod from pg_attribute where attrelid = 'tusk_typ'::regclass and attname = 'c'").Scan(&oid, &typmod); err != nil {
		t.Fatal(err)
	}
	typ := ByOid(Oid(oid))
	if typ == nil {
		t.Fatalf("no type %d", oid)
	}
	return typ.WithTypmod(typmod)
}

func TestFloatOutputMatchesPostgres(t *testing.T) {
	conn := connect(t)
	ctx := context.Background()
	vals := []float64{0, 1, -1, 0.1, 1.0 / 3, 2.0 / 3, 1e15, 1e16, 123456789012345, 1234567890123456, 1e-4, 1e-5, 1.5e-7,
		math.MaxFloat64, math.SmallestNonzeroFloat64, 100, 1e6, 1e21, 12345.678, -0.000123456789, math.Pi, math.E * 1e10}
	for _, efd := range []int{3, 1, 0, -1, -5, -15} {
		if _, err := conn.Exec(ctx, "set extra_float_digits = "+itoa(efd)); err != nil {
			t.Fatal(err)
		}
		c := &Ctx{ExtraFloatDigits: efd}
		for _, f := range vals {
			for _, width := range []int{64, 32} {
				typ := Float8
				if width == 32 {
					typ = Float4
				}
				var want string
				if err := conn.QueryRow(ctx, "select $1::float8::"+typ.Name+"::text", f).Scan(&want); err != nil {
					if width == 32 {
						continue // out of float4 range
					}
					t.Fatal(err)
				}
				v := f
				if width == 32 {
					v = float64(float32(f))
				}
				got := FormatString(typ, NewFloat(v), c)
				if got != want {
					t.Errorf("extra_float_digits=%d %s %v: tusk %q, PostgreSQL %q", efd, typ.Name, f, got, want)
				}
			}
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
func _unusedItoa(i int) string {
	if i < 0 {
		return "-" + itoa(-i)
	}
	return string(rune('0'+i%10)) + map[bool]string{true: "", false: ""}[true]
}
