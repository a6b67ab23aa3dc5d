package tusk_test

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"testing"

	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// netTypesScenario sends inet, cidr, macaddr, macaddr8 and "char" values
// as pgx's binary parameters and as text, and reads them back in binary
// (pgx's default for these types) and as text.
func netTypesScenario(t *testing.T, dsn string) []string {
	t.Helper()
	ctx := context.Background()
	c := connect(t, dsn)
	var out []string
	query := func(sql string, args ...any) {
		t.Helper()
		rows, err := c.Query(ctx, sql, args...)
		if err != nil {
			out = append(out, fmt.Sprintf("%s: error %v", sql, err))
			return
		}
		for rows.Next() {
			vals, err := rows.Values()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%v", vals))
		}
		if err := rows.Err(); err != nil {
			out = append(out, fmt.Sprintf("%s: error %v", sql, err))
		}
	}
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
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	got := netTypesScenario(t, srv.DSN("postgres"))
	want := netTypesScenario(t, pg.DSN("postgres"))
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("tusk:\n%v\nPostgreSQL:\n%v", got, want)
	}
}
