package tusk_test

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// netTypesScenario sends inet, cidr, macaddr, macaddr8 and "char" values
// as pgx's binary parameters and as text, and reads them back in binary
// (pgx's default for these types) and as text.
func netTypesScenario(t *testing.T, dsn string) []string {
	t.Helper()
	c := connect(t, dsn)
	var out []string
	query := recordQuery(t, c, "%v", &out)
	query(`select '192.168.1.5/24'::inet, '10.0.0.0/8'::cidr, '::1'::inet, '2001:db8::/32'::cidr, '10.1.2.3'::inet`)
	query(`select '08:00:2b:01:02:03'::macaddr, '08:00:2b:01:02:03:04:05'::macaddr8, 'a'::"char", ''::"char"`)
	query(`select $1::inet, $2::cidr, $3::macaddr, $4::macaddr8, $5::"char"`,
		netip.MustParsePrefix("172.16.5.4/12"), netip.MustParsePrefix("172.16.0.0/12"),
		net.HardwareAddr{1, 2, 3, 4, 5, 6}, net.HardwareAddr{1, 2, 3, 4, 5, 6, 7, 8}, byte('q'))
	query(`select $1::inet, $2::inet, $3::cidr, $4::macaddr`,
		netip.MustParseAddr("fe80::1"), netip.MustParsePrefix("10.9.8.7/32"),
		netip.MustParsePrefix("2001:db8::/48"), net.HardwareAddr{0xa, 0xb, 0xc, 0xd, 0xe, 0xf})
	return out
}

// TestNetworkTypesBinary: network types and "char" travel in PostgreSQL's
// binary formats (before, tusk sent and read their text bytes as binary).
func TestNetworkTypesBinary(t *testing.T) {
	compareScenario(t, netTypesScenario)
}

// compareScenario runs scenario against a fresh tusk and against
// PostgreSQL 15 and fails unless both transcripts are the same.
func compareScenario(t *testing.T, scenario func(t *testing.T, dsn string) []string) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	got := scenario(t, srv.DSN("postgres"))
	want := scenario(t, pg.DSN("postgres"))
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("tusk:\n%v\nPostgreSQL:\n%v", got, want)
	}
}

// recordQuery returns a function that runs a query on c and appends to
// out each row's values (formatted with verb) or the error.
func recordQuery(t *testing.T, c *pgx.Conn, verb string, out *[]string) func(sql string, args ...any) {
	ctx := context.Background()
	return func(sql string, args ...any) {
		t.Helper()
		rows, err := c.Query(ctx, sql, args...)
		if err != nil {
			*out = append(*out, fmt.Sprintf("%s: error %v", sql, err))
			return
		}
		for rows.Next() {
			vals, err := rows.Values()
			if err != nil {
				t.Fatal(err)
			}
			*out = append(*out, fmt.Sprintf(verb, vals))
		}
		if err := rows.Err(); err != nil {
			*out = append(*out, fmt.Sprintf("%s: error %v", sql, err))
		}
	}
}
