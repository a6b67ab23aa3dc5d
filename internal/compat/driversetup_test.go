package compat

import (
	"context"
	"encoding/base64"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tuskdb/tusk"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// libpqSetup starts tusk as lib/pq's documented test database is set up
// (compose.yaml and testdata/postgres in its module): superuser and
// database pqgo, TLS on with the server certificate and CA of
// testdata/ssl, testdata/postgres/pg_hba.conf as the hba file, and the
// roles of testdata/postgres/docker-entrypoint-initdb.d/20-config.sql.
// Its suite reads PGHOST, PGUSER and PGDATABASE with defaults of its own
// (localhost, pqgo, pqgo), so only the port is set; its TLS tests
// connect to the host names postgres and postgres-invalid, which its
// setup adds to /etc/hosts, as this does when they do not resolve.
func libpqSetup(t *testing.T, dir string) []string {
	// The server's key must not be readable by others; the suite chmods
	// its client keys itself. PostgreSQL's container copies the files for
	// the same reason (testdata/postgres/entry.sh).
	sslDir := t.TempDir()
	for _, f := range []string{"root.crt", "server.crt", "server.key"} {
		b, err := os.ReadFile(filepath.Join(dir, "testdata/ssl", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sslDir, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ensureLoopbackHosts(t, "postgres", "postgres-invalid")
	srv := tusktest.Start(t, map[string]string{
		"max_connections": "200",
		"ssl":             "on",
		"ssl_ca_file":     filepath.Join(sslDir, "root.crt"),
		"ssl_cert_file":   filepath.Join(sslDir, "server.crt"),
		"ssl_key_file":    filepath.Join(sslDir, "server.key"),
		"hba_file":        filepath.Join(dir, "testdata/postgres/pg_hba.conf"),
	}, func(o *tusk.Options) { o.SuperuserName = "pqgo" })
	// 20-config.sql, less its ALTER SYSTEM lines (the settings above).
	// It gives pqgomd5 an MD5 secret by updating pg_authid, which tusk's
	// catalog does not allow; password_encryption = md5 stores the same
	// secret, md5 of the password followed by the role name.
	setupSQL(t, srv.DSN("postgres"),
		`create database pqgo`,
		`create role pqgossl      with login nocreatedb nocreaterole nosuperuser`,
		`create role pqgosslcert  with login nocreatedb nocreaterole nosuperuser`,
		`create role pqgopassword with login nocreatedb nocreaterole nosuperuser password 'wordpass'`,
		`create role pqgoscram    with login nocreatedb nocreaterole nosuperuser password 'wordpass'`,
		`set password_encryption = 'md5'`,
		`create role pqgomd5      with login nocreatedb nocreaterole nosuperuser password 'wordpass'`,
	)
	return []string{"PGPORT=" + strconv.Itoa(srv.Port())}
}

// pgxSetup starts tusk and runs pgx's testsetup/postgresql_setup.sql on
// it: the uint64 domain and the users of its authentication tests, which
// testsetup/pg_hba.conf's lines (ahead of the default trust rules)
// authenticate by MD5, SCRAM and plain passwords and, over TLS with the
// certificates of testsetup/certs, SCRAM. tusk has no hstore or ltree
// extension, so the suite's tests of those types fail as they would on a
// server without them. The PGX_TEST_*_CONN_STRING variables are those of
// pgx's CI, less the client certificate one.
func pgxSetup(t *testing.T, dir string) []string {
	certs := t.TempDir()
	for _, f := range []string{"ca.pem", "localhost.crt", "localhost.key"} {
		b, err := os.ReadFile(filepath.Join(dir, "testsetup/certs", f+".b64"))
		if err != nil {
			t.Fatal(err)
		}
		pem, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := os.WriteFile(filepath.Join(certs, f), pem, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	hba := filepath.Join(certs, "pg_hba.conf")
	err := os.WriteFile(hba, []byte(`local   all all                      trust
host    all pgx_md5     127.0.0.1/32 md5
host    all pgx_scram   127.0.0.1/32 scram-sha-256
host    all pgx_pw      127.0.0.1/32 password
hostssl all pgx_ssl     127.0.0.1/32 scram-sha-256
hostssl all pgx_sslcert 127.0.0.1/32 cert
host    all all         127.0.0.1/32 trust
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	srv := tusktest.Start(t, map[string]string{
		"max_connections": "200",
		"ssl":             "on",
		"ssl_ca_file":     filepath.Join(certs, "ca.pem"),
		"ssl_cert_file":   filepath.Join(certs, "localhost.crt"),
		"ssl_key_file":    filepath.Join(certs, "localhost.key"),
		"hba_file":        hba,
	})
	stmts := []string{
		// create extension hstore; create extension ltree: not in tusk.
		`create domain uint64 as numeric(20,0)`,
		`create user pgx_ssl with superuser PASSWORD 'secret'`,
		`create user pgx_sslcert with superuser PASSWORD 'secret'`,
		`set password_encryption = md5`,
		`create user pgx_md5 with superuser PASSWORD 'secret'`,
		`set password_encryption = 'scram-sha-256'`,
		`create user pgx_pw with superuser PASSWORD 'secret'`,
		`create user pgx_scram with superuser PASSWORD 'secret'`,
		`create user pgx_oauth with superuser`,
	}
	// The script's psql \gexec creates a superuser named after the OS
	// user unless that role exists.
	if u, err := user.Current(); err == nil && u.Username != "postgres" {
		stmts = append(stmts, `create user `+pgx.Identifier{u.Username}.Sanitize()+` with superuser`)
	}
	stmts = append(stmts, `create user " tricky, ' } "" \\ test user " superuser password 'secret'`)
	setupSQL(t, srv.DSN("postgres"), stmts...)
	port := strconv.Itoa(srv.Port())
	tcp := func(user string) string {
		return "host=127.0.0.1 port=" + port + " user=" + user + " password=secret dbname=postgres"
	}
	tls := "host=localhost port=" + port + " user=pgx_ssl password=secret sslmode=verify-full sslrootcert=" +
		filepath.Join(certs, "ca.pem") + " dbname=postgres"
	return []string{
		"PGX_TEST_DATABASE=" + srv.DSN("postgres"),
		"PGX_TEST_UNIX_SOCKET_CONN_STRING=host=" + filepath.Dir(srv.SocketPaths()[0]) + " port=" + port + " dbname=postgres",
		"PGX_TEST_TCP_CONN_STRING=" + tcp("pgx_md5"),
		"PGX_TEST_MD5_PASSWORD_CONN_STRING=" + tcp("pgx_md5"),
		"PGX_TEST_SCRAM_PASSWORD_CONN_STRING=" + tcp("pgx_scram"),
		"PGX_TEST_PLAIN_PASSWORD_CONN_STRING=" + tcp("pgx_pw"),
		"PGX_TEST_TLS_CONN_STRING=" + tls,
		"PGX_TEST_SCRAM_PLUS_CONN_STRING=" + tls + " channel_binding=require",
	}
}

// setupSQL runs statements on a fresh server, failing the test on an
// error.
func setupSQL(t *testing.T, dsn string, stmts ...string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// ensureLoopbackHosts makes names resolve to 127.0.0.1, adding them to
// /etc/hosts when they do not (the machine's CI runs as root).
func ensureLoopbackHosts(t *testing.T, names ...string) {
	var missing []string
	for _, n := range names {
		addrs, _ := net.LookupHost(n)
		if !slices.Contains(addrs, "127.0.0.1") {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return
	}
	f, err := os.OpenFile("/etc/hosts", os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatalf("lib/pq's TLS tests need %s to resolve to 127.0.0.1: %v", strings.Join(missing, ", "), err)
	}
	defer f.Close()
	if _, err := f.WriteString("127.0.0.1 " + strings.Join(missing, " ") + "\n"); err != nil {
		t.Fatal(err)
	}
}
