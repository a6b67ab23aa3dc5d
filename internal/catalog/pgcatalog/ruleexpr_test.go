package pgcatalog

import (
	"testing"

	"github.com/tuskdb/tusk/internal/sql/types"
)

// The expected texts are PostgreSQL 15's pg_get_expr and
// pg_get_constraintdef output for the same expressions.
func TestDeparseExpr(t *testing.T) {
	cols := map[string]*types.T{
		"l": types.Int4, "p": types.Int4, "q": types.Int4, "o": types.Int4,
		"m":     types.Varchar.WithTypmod(9),
		"n":     types.Text,
		"price": types.Numeric.WithTypmod(types.NumericTypmod(10, 2)),
	}
	for _, c := range []struct {
		expr   string
		target *types.T
		pretty bool
		want   string
	}{
		{"0", types.Int4, true, "0"},
		{"0", types.Numeric, true, "0"},
		{"1.5", types.Numeric, true, "1.5"},
		{"'q'", types.Varchar.WithTypmod(14), true, "'q'::character varying"},
		{"5", types.Int8, true, "5"},
		{"'2020-01-01'", types.Date, true, "'2020-01-01'::date"},
		{"true", types.Bool, true, "true"},
		{"'a' || 'b'", types.Text, true, "'a'::text || 'b'::text"},
		{"-1", types.Int4, true, "'-1'::integer"},
		{"2.5", types.Float8, true, "2.5"},
		{"CURRENT_TIMESTAMP", types.Timestamp, true, "CURRENT_TIMESTAMP"},
		{"1 + 2", types.Int4, true, "1 + 2"},
		{"now()", types.TimestampTZ, true, "now()"},
		{"l > 0 AND l < 100", nil, true, "l > 0 AND l < 100"},
		{"l > 0 AND l < 100", nil, false, "((l > 0) AND (l < 100))"},
		{"m <> 'x'", nil, true, "m::text <> 'x'::text"},
		{"m <> 'x'", nil, false, "((m)::text <> 'x'::text)"},
		{"n IN ('a', 'b')", nil, true, "n = ANY (ARRAY['a'::text, 'b'::text])"},
		{"o BETWEEN 1 AND 5", nil, true, "o >= 1 AND o <= 5"},
		{"q IS NOT NULL OR p > 0", nil, true, "q IS NOT NULL OR p > 0"},
		{"q IS NOT NULL OR p > 0", nil, false, "((q IS NOT NULL) OR (p > 0))"},
		{"price >= 0", nil, true, "price >= 0::numeric"},
		{"price >= 0", nil, false, "(price >= (0)::numeric)"},
		{"q * price", types.Numeric, true, "q::numeric * price"},
		{"-5", types.Int8, true, "'-5'::integer"},
		{"-1.5", types.Float8, true, "'-1.5'::numeric"},
		{"(2 * 3) + 1", types.Int4, true, "2 * 3 + 1"},
		{"l IS NULL OR l % 2 = 0", nil, true, "l IS NULL OR (l % 2) = 0"},
		{"p <> ALL (ARRAY[1,2])", nil, true, "p <> ALL (ARRAY[1, 2])"},
		{"l - (p - q)", types.Int4, true, "l - (p - q)"},
		{"(l - p) - q", types.Int4, true, "l - p - q"},
		{"(l + p) * q", types.Int4, true, "(l + p) * q"},
		{"q * price", nil, false, "((q)::numeric * price)"},
		{"price > l + 1", nil, true, "price > (l + 1)::numeric"},
	} {
		if got := deparseExpr(c.expr, cols, c.target, c.pretty); got != c.want {
			t.Errorf("deparseExpr(%q, %v, pretty %t) = %q, want %q", c.expr, c.target, c.pretty, got, c.want)
		}
	}
}
