package tusk_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestStatSSL compares pg_stat_ssl's row for the session with
// PostgreSQL's, over TLS with and without a client certificate and
// without TLS. The cipher suite is whichever the two TLS stacks agree
// on, so only its presence is compared.
func TestStatSSL(t *testing.T) {
	f := newAuthFixture(t)
	_, tk := startTuskAuth(t, f)
	pg := startPGAuth(t, f)
	conf := "local all all trust\nhost all all all trust\n"
	tk.setHBA(t, conf)
	pg.setHBA(t, conf)
	const q = `select ssl, version, cipher is not null and cipher <> '', bits > 0, client_dn, client_serial::text, issuer_dn
		from pg_stat_ssl where pid = pg_backend_pid()`
	row := func(tg *authTarget, extra string) string {
		ctx := context.Background()
		dsn := fmt.Sprintf("host=%s port=%d user=postgres dbname=postgres %s", tg.host, tg.port, extra)
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return "connect: " + err.Error()
		}
		defer conn.Close(ctx)
		var (
			ssl                        bool
			version                    *string
			cipher, bits               *bool
			clientDN, serial, issuerDN *string
		)
		if err := conn.QueryRow(ctx, q).Scan(&ssl, &version, &cipher, &bits, &clientDN, &serial, &issuerDN); err != nil {
			return "query: " + err.Error()
		}
		s := func(p *string) string {
			if p == nil {
				return "NULL"
			}
			return *p
		}
		b := func(p *bool) string {
			if p == nil {
				return "NULL"
			}
			return fmt.Sprint(*p)
		}
		return fmt.Sprintf("ssl=%v version=%s cipher=%s bits=%s client_dn=%s serial=%s issuer_dn=%s",
			ssl, s(version), b(cipher), b(bits), s(clientDN), s(serial), s(issuerDN))
	}
	for _, extra := range []string{
		"sslmode=disable",
		"sslmode=require",
		fmt.Sprintf("sslmode=require sslcert=%s sslkey=%s", f.clientCert, f.clientKey),
	} {
		if got, want := row(tk, extra), row(pg, extra); got != want {
			t.Errorf("%s:\n tusk: %s\n   pg: %s", extra, got, want)
		}
	}
}
