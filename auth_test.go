package tusk_test

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tuskdb/tusk"
	"github.com/tuskdb/tusk/internal/testutil/certs"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// The roles of the authentication tests, and their passwords.
var authRoles = []struct{ name, password, method string }{
	{"md5user", "md5pw", "md5"},
	{"scramuser", "scrampw", "scram-sha-256"},
	{"nopw", "", ""},
	{"root", "rootpw", "scram-sha-256"},
	{"scram2", "scram2pw", "scram-sha-256"},
}

// authIdent is the pg_ident.conf of both servers.
const authIdent = `# MAPNAME SYSTEM-USERNAME PG-USERNAME
certmap  scramuser   root
certmap  /^(.*)$     \1
peermap  root        md5user
peermap  "/^(r)o+t$" \1oot
`

// authTarget is a server under test: tusk or PostgreSQL, with the same
// certificates and roles, whose pg_hba.conf a test replaces.
type authTarget struct {
	name string
	host string
	port int
	// sockDir holds the Unix-domain socket.
	sockDir string
	// setHBA installs a pg_hba.conf and waits until the server uses it.
	setHBA func(t *testing.T, conf string)
	// hbaPath is the file setHBA writes.
	hbaPath string
}

// authFixture holds the certificates both servers use.
type authFixture struct {
	set    *certs.Set
	dir    string
	files  certs.Files
	client certs.Pair
	// clientCert and clientKey are the files of a client certificate
	// for scramuser.
	clientCert, clientKey string
	// crl, when set, is a revocation list both servers load
	// (ssl_crl_file).
	crl []byte
}

func newAuthFixture(t *testing.T) *authFixture {
	t.Helper()
	set, err := certs.New()
	if err != nil {
		t.Fatal(err)
	}
	f := &authFixture{set: set, dir: t.TempDir()}
	if f.files, err = set.WriteFiles(f.dir); err != nil {
		t.Fatal(err)
	}
	if f.client, err = set.Client("scramuser"); err != nil {
		t.Fatal(err)
	}
	if f.clientCert, f.clientKey, err = certs.WritePair(f.dir, "client", f.client); err != nil {
		t.Fatal(err)
	}
	return f
}

// startTuskAuth starts tusk with ssl on, the fixture's certificates, the
// test roles, and a pg_hba.conf it reloads on setHBA.
func startTuskAuth(t *testing.T, f *authFixture) (*tusk.Server, *authTarget) {
	t.Helper()
	hbaPath := filepath.Join(t.TempDir(), "pg_hba.conf")
	if err := os.WriteFile(hbaPath, []byte("local all all trust\nhost all all all trust\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	identPath := filepath.Join(filepath.Dir(hbaPath), "pg_ident.conf")
	if err := os.WriteFile(identPath, []byte(authIdent), 0o600); err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{
		"hba_file":      hbaPath,
		"ident_file":    identPath,
		"ssl":           "on",
		"ssl_cert_file": f.files.Cert,
		"ssl_key_file":  f.files.Key,
		"ssl_ca_file":   f.files.CA,
	}
	if f.crl != nil {
		crlPath := filepath.Join(f.dir, "root.crl")
		if err := os.WriteFile(crlPath, f.crl, 0o600); err != nil {
			t.Fatal(err)
		}
		settings["ssl_crl_file"] = crlPath
	}
	srv := tusktest.Start(t, settings)
	for _, r := range authRoles {
		if err := srv.AddTestRole(r.name, r.password, r.method); err != nil {
			t.Fatal(err)
		}
	}
	tg := &authTarget{name: "tusk", host: "127.0.0.1", port: srv.Port(), sockDir: filepath.Dir(srv.SocketPaths()[0]), hbaPath: hbaPath}
	tg.setHBA = func(t *testing.T, conf string) {
		t.Helper()
		if err := os.WriteFile(hbaPath, []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := srv.Reload(); err != nil {
			t.Fatal(err)
		}
	}
	return srv, tg
}

// startPGAuth starts PostgreSQL 15 likewise. Its pg_hba.conf always
// begins with a line for the probe database of the current generation,
// so that setHBA can tell when the server has reloaded the file.
func startPGAuth(t *testing.T, f *authFixture) *authTarget {
	t.Helper()
	o := pgtest.Options{
		Conf: map[string]string{"ssl": "on", "ssl_cert_file": "'server.crt'", "ssl_key_file": "'server.key'", "ssl_ca_file": "'root.crt'"},
		Files: map[string][]byte{
			"server.crt": f.set.Server.CertPEM, "server.key": f.set.Server.KeyPEM, "root.crt": f.set.CA.CertPEM,
			"pg_ident.conf": []byte(authIdent),
		},
	}
	if f.crl != nil {
		o.Conf["ssl_crl_file"] = "'root.crl'"
		o.Files["root.crl"] = f.crl
	}
	pg := pgtest.Start(t, o)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pg.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range authRoles {
		sql := "CREATE ROLE " + r.name + " LOGIN"
		if r.password != "" {
			sql = fmt.Sprintf("SET password_encryption = '%s'; %s PASSWORD '%s'", r.method, sql, r.password)
		}
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close(ctx)
	gen := 0
	tg := &authTarget{name: "postgres", host: pg.Host, port: pg.Port, sockDir: pg.SocketDir}
	tg.setHBA = func(t *testing.T, conf string) {
		t.Helper()
		gen++
		probe := fmt.Sprintf("probe%d", gen)
		conf = fmt.Sprintf("local %s all reject\n", probe) + conf
		// The file keeps its owner (the server's user) when rewritten.
		if err := os.WriteFile(filepath.Join(pg.DataDir, "pg_hba.conf"), []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
		admin, err := pgx.Connect(ctx, fmt.Sprintf("host=%s port=%d user=postgres dbname=postgres sslmode=disable", pg.SocketDir, pg.Port))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := admin.Exec(ctx, "SELECT pg_reload_conf()"); err != nil {
			t.Fatal(err)
		}
		admin.Close(ctx)
		deadline := time.Now().Add(20 * time.Second)
		for {
			_, err := pgconn.Connect(ctx, fmt.Sprintf("host=%s port=%d user=postgres dbname=%s sslmode=disable", pg.SocketDir, pg.Port, probe))
			if err != nil && strings.Contains(err.Error(), "pg_hba.conf rejects connection") {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("PostgreSQL did not reload pg_hba.conf: %v\n%s", err, pg.Log())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	return tg
}

// authAttempt is one connection attempt of the matrix.
type authAttempt struct {
	user, password string
	// transport is "tcp" (sslmode=disable), "ssl" (sslmode=require) or
	// "unix".
	transport string
	extra     string // more connection parameters
}

func (a authAttempt) conninfo(tg *authTarget) string {
	host, mode := tg.host, "disable"
	switch a.transport {
	case "unix":
		host = tg.sockDir
	case "ssl":
		mode = "require"
	}
	s := fmt.Sprintf("host=%s port=%d user=%s dbname=postgres sslmode=%s connect_timeout=10", host, tg.port, a.user, mode)
	if a.extra != "" {
		s += " " + a.extra
	}
	return s
}

// viaPgx connects with pgx and renders the outcome: "ok", the server's
// error, or "closed" when the connection ended without one.
func (a authAttempt) viaPgx(tg *authTarget) string {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cs := a.conninfo(tg)
	if a.password != "" {
		cs += " password=" + a.password
	}
	cfg, err := pgconn.ParseConfig(cs)
	if err != nil {
		return "config: " + err.Error()
	}
	cfg.Fallbacks = nil
	c, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return fmt.Sprintf("%s %s: %s", pe.Severity, pe.Code, pe.Message)
		}
		return "closed"
	}
	defer c.Close(ctx)
	if _, ok := c.Conn().(*tls.Conn); ok != (a.transport == "ssl") {
		return fmt.Sprintf("ok, but TLS is %v", ok)
	}
	return "ok"
}

var (
	psqlAddrRe = regexp.MustCompile(`connection to server (at "[^"]*", port \d+|on socket "[^"]*") failed`)
)

// viaPsql connects with psql (libpq) and renders its output, with the
// address and port taken out.
func (a authAttempt) viaPsql(t *testing.T, tg *authTarget) string {
	psql, err := pgtest.Bin("psql")
	if err != nil {
		// Called from several goroutines: no t.Fatal.
		t.Error(err)
		return "no psql"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, psql, "-X", "-w", "-At", "-d", a.conninfo(tg), "-c", "SELECT current_user")
	env := []string{"PGPASSFILE=/nonexistent", "PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	if a.password != "" {
		env = append(env, "PGPASSWORD="+a.password)
	}
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	s := strings.TrimSpace(string(out))
	s = psqlAddrRe.ReplaceAllString(s, "connection to server failed")
	if err != nil {
		return "error: " + s
	}
	return s
}

// authConfigs are the pg_hba.conf files of the matrix (without the
// probe line PostgreSQL's target adds). Every one starts with a line for
// the postgres superuser, which the matrix does not use.
func authConfigs() []struct{ name, conf string } {
	var out []struct{ name, conf string }
	for _, m := range []string{"trust", "reject", "password", "md5", "scram-sha-256"} {
		out = append(out, struct{ name, conf string }{m, fmt.Sprintf(
			"local all postgres trust\nlocal all all %[1]s\nhostssl all all 127.0.0.1/32 %[1]s\nhostnossl all all 127.0.0.1/32 %[1]s\n", m)})
	}
	out = append(out,
		struct{ name, conf string }{"ssl-only", "local all postgres trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n"},
		struct{ name, conf string }{"nossl-only", "local all postgres trust\nhostnossl all all 127.0.0.1/32 md5\n"},
		struct{ name, conf string }{"mixed", "local all postgres trust\nhost all md5user 127.0.0.1/32 md5\nhost all +scramuser all password\nlocal sameuser all reject\nlocal all all scram-sha-256\n"},
		struct{ name, conf string }{"names", "local all postgres trust\nhost all md5user samenet md5\nhost all scramuser samehost scram-sha-256\nhost all all localhost password\n"},
		struct{ name, conf string }{"peer", "local all postgres trust\nlocal all all peer\nhost all all 127.0.0.1/32 reject\n"},
		struct{ name, conf string }{"maps", "local all postgres trust\nlocal all all peer map=peermap\nhostssl all all 127.0.0.1/32 cert map=certmap\nhost all all 127.0.0.1/32 reject\n"},
	)
	return out
}

// TestAuthMatrix runs every method against right, wrong and missing
// passwords, existing and missing roles, over TCP with and without TLS
// and over the Unix socket, with pgx and psql, against tusk and
// PostgreSQL 15 with the same pg_hba.conf, and requires the same
// outcome: success, or the same SQLSTATE and message.
func TestAuthMatrix(t *testing.T) {
	f := newAuthFixture(t)
	_, tk := startTuskAuth(t, f)
	pg := startPGAuth(t, f)
	users := []struct{ name, right string }{{"md5user", "md5pw"}, {"scramuser", "scrampw"}, {"nopw", ""}, {"ghost", ""}, {"root", "rootpw"}}
	for _, cf := range authConfigs() {
		t.Run(cf.name, func(t *testing.T) {
			tk.setHBA(t, cf.conf)
			pg.setHBA(t, cf.conf)
			for _, u := range users {
				pws := []string{"wrongpw", ""}
				if u.right != "" {
					pws = append([]string{u.right}, pws...)
				}
				for _, pw := range pws {
					for _, tr := range []string{"tcp", "ssl", "unix"} {
						a := authAttempt{user: u.name, password: pw, transport: tr}
						label := fmt.Sprintf("%s/%s/password=%q/%s", cf.name, u.name, pw, tr)
						// The four attempts are independent: run them at once.
						var out [4]string
						var wg sync.WaitGroup
						for i, run := range []func() string{
							func() string { return a.viaPgx(tk) }, func() string { return a.viaPgx(pg) },
							func() string { return a.viaPsql(t, tk) }, func() string { return a.viaPsql(t, pg) },
						} {
							wg.Add(1)
							go func() { defer wg.Done(); out[i] = run() }()
						}
						wg.Wait()
						if out[0] != out[1] {
							t.Errorf("%s pgx:\n tusk: %s\n   pg: %s", label, out[0], out[1])
						}
						if out[2] != out[3] {
							t.Errorf("%s psql:\n tusk: %s\n   pg: %s", label, out[2], out[3])
						}
					}
				}
			}
		})
	}
}

// TestAuthOutcomes pins down the outcomes the matrix only compares.
func TestAuthOutcomes(t *testing.T) {
	f := newAuthFixture(t)
	_, tk := startTuskAuth(t, f)
	check := func(a authAttempt, want string) {
		t.Helper()
		if got := a.viaPgx(tk); got != want {
			t.Errorf("%+v:\n got: %s\nwant: %s", a, got, want)
		}
	}
	tk.setHBA(t, "hostssl all all 127.0.0.1/32 scram-sha-256\nhost all md5user 127.0.0.1/32 md5\nhost all all 127.0.0.1/32 reject\n")
	check(authAttempt{user: "scramuser", password: "scrampw", transport: "ssl"}, "ok")
	check(authAttempt{user: "scramuser", password: "nope", transport: "ssl"}, `FATAL 28P01: password authentication failed for user "scramuser"`)
	check(authAttempt{user: "ghost", password: "nope", transport: "ssl"}, `FATAL 28P01: password authentication failed for user "ghost"`)
	check(authAttempt{user: "md5user", password: "md5pw", transport: "tcp"}, "ok")
	// The hostssl line comes first: SCRAM, which an MD5 secret cannot pass.
	check(authAttempt{user: "md5user", password: "md5pw", transport: "ssl"}, `FATAL 28P01: password authentication failed for user "md5user"`)
	check(authAttempt{user: "scramuser", password: "scrampw", transport: "tcp"}, `FATAL 28000: pg_hba.conf rejects connection for host "127.0.0.1", user "scramuser", database "postgres", no encryption`)
	check(authAttempt{user: "scramuser", transport: "unix"}, `FATAL 28000: no pg_hba.conf entry for host "[local]", user "scramuser", database "postgres", no encryption`)
	tk.setHBA(t, "hostnossl all all 127.0.0.1/32 trust\n")
	check(authAttempt{user: "scramuser", transport: "ssl"}, `FATAL 28000: no pg_hba.conf entry for host "127.0.0.1", user "scramuser", database "postgres", SSL encryption`)
	check(authAttempt{user: "scramuser", transport: "tcp"}, "ok")
	check(authAttempt{user: "ghost", transport: "tcp"}, `FATAL 28000: role "ghost" does not exist`)
	// User name maps: root may be md5user (a plain line) and root (a
	// regular expression with a back reference), and nothing else.
	// Host names: 127.0.0.1 is localhost, both ways.
	tk.setHBA(t, "host all md5user samenet md5\nhost all all localhost password\n")
	check(authAttempt{user: "root", password: "rootpw", transport: "tcp"}, "ok")
	check(authAttempt{user: "md5user", password: "md5pw", transport: "tcp"}, "ok")
	// The peer is this process, so this needs to run as root.
	if me, err := user.Current(); err == nil && me.Username == "root" {
		tk.setHBA(t, "local all all peer map=peermap\n")
		check(authAttempt{user: "md5user", transport: "unix"}, "ok")
		check(authAttempt{user: "root", transport: "unix"}, "ok")
		check(authAttempt{user: "scramuser", transport: "unix"}, `FATAL 28000: Peer authentication failed for user "scramuser"`)
	}
}

// TestAuthTLS checks verified TLS connections (sslmode=verify-full with
// the test CA, by name and by address), SCRAM channel binding, and client
// certificates (the cert method and clientcert=verify-full), with pgx
// and psql, against tusk and PostgreSQL alike.
func TestAuthTLS(t *testing.T) {
	f := newAuthFixture(t)
	_, tk := startTuskAuth(t, f)
	pg := startPGAuth(t, f)
	conf := "local all postgres trust\n" +
		"hostssl all md5user 127.0.0.1/32 md5 clientcert=verify-full\n" +
		"hostssl all nopw 127.0.0.1/32 cert\n" +
		"hostssl all root 127.0.0.1/32 cert map=certmap\n" +
		"hostssl all scramuser 127.0.0.1/32 cert\n" +
		"hostssl all all 127.0.0.1/32 scram-sha-256\n"
	tk.setHBA(t, conf)
	pg.setHBA(t, conf)
	verify := "sslrootcert=" + f.files.CA
	withCert := fmt.Sprintf("sslcert=%s sslkey=%s", f.clientCert, f.clientKey)
	cases := []struct {
		a    authAttempt
		want string // pgx outcome on both
	}{
		{authAttempt{user: "scram2", password: "scram2pw", transport: "ssl", extra: "sslmode=verify-full " + verify}, "ok"},
		{authAttempt{user: "scram2", password: "scram2pw", transport: "ssl", extra: "sslmode=verify-ca " + verify}, "ok"},
		{authAttempt{user: "scram2", password: "scram2pw", transport: "ssl", extra: "channel_binding=require"}, "ok"},
		{authAttempt{user: "scram2", password: "scram2pw", transport: "ssl", extra: "channel_binding=disable"}, "ok"},
		{authAttempt{user: "scram2", password: "wrong", transport: "ssl", extra: "channel_binding=require"}, `FATAL 28P01: password authentication failed for user "scram2"`},
		{authAttempt{user: "ghost", password: "rootpw", transport: "ssl", extra: "sslmode=verify-full " + verify}, `FATAL 28P01: password authentication failed for user "ghost"`},
		{authAttempt{user: "ghost", password: "rootpw", transport: "ssl", extra: "sslmode=verify-ca " + verify}, `FATAL 28P01: password authentication failed for user "ghost"`},
		{authAttempt{user: "ghost", password: "rootpw", transport: "ssl", extra: "channel_binding=require"}, `FATAL 28P01: password authentication failed for user "ghost"`},
		{authAttempt{user: "root", transport: "ssl", extra: withCert}, "ok"},
		{authAttempt{user: "root", transport: "ssl", extra: "sslmode=verify-full " + verify + " " + withCert}, "ok"},
		{authAttempt{user: "scramuser", transport: "ssl", extra: withCert}, "ok"},
		{authAttempt{user: "scramuser", transport: "ssl"}, `FATAL 28000: connection requires a valid client certificate`},
		{authAttempt{user: "nopw", transport: "ssl", extra: withCert}, `FATAL 28000: certificate authentication failed for user "nopw"`},
		{authAttempt{user: "md5user", password: "md5pw", transport: "ssl", extra: withCert}, `FATAL 28P01: password authentication failed for user "md5user"`},
		{authAttempt{user: "md5user", password: "md5pw", transport: "ssl"}, `FATAL 28000: connection requires a valid client certificate`},
	}
	for _, c := range cases {
		for _, tg := range []*authTarget{tk, pg} {
			a := c.a
			// verify-full checks the name: connect by name and by address.
			for _, host := range []string{"127.0.0.1", "localhost"} {
				tgc := *tg
				tgc.host = host
				if host == "localhost" && !strings.Contains(a.extra, "verify-full") {
					continue
				}
				if got := a.viaPgx(&tgc); got != c.want {
					t.Errorf("%s pgx %+v host %s:\n got: %s\nwant: %s", tg.name, a, host, got, c.want)
				}
			}
		}
		if got, want := c.a.viaPsql(t, tk), c.a.viaPsql(t, pg); got != want {
			t.Errorf("psql %+v:\n tusk: %s\n   pg: %s", c.a, got, want)
		}
	}
}

// TestAuthConfigErrors checks that a bad pg_hba.conf stops the server
// from starting, that a reload with one reports it and keeps the rules in
// force, and the errors for unusable TLS files.
func TestAuthConfigErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad_hba.conf")
	if err := os.WriteFile(bad, []byte("local all all trust\nhost all all 127.0.0.1/33 trust\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	start := func(settings map[string]string) error {
		s := map[string]string{"port": "0", "listen_addresses": "127.0.0.1", "unix_socket_directories": ""}
		for k, v := range settings {
			s[k] = v
		}
		srv, err := tusk.Start(tusk.Options{InMemory: true, Settings: s})
		if err == nil {
			srv.Close()
		}
		return err
	}
	want := `could not load pg_hba.conf: invalid CIDR mask in address "127.0.0.1/33" (line 2 of configuration file "` + bad + `")`
	if err := start(map[string]string{"hba_file": bad}); err == nil || err.Error() != want {
		t.Errorf("bad pg_hba.conf:\n got: %v\nwant: %s", err, want)
	}

	f := newAuthFixture(t)
	srv, tk := startTuskAuth(t, f)
	tk.setHBA(t, "host all all 127.0.0.1/32 reject\n")
	a := authAttempt{user: "root", transport: "tcp"}
	if got := a.viaPgx(tk); !strings.Contains(got, "rejects connection") {
		t.Fatalf("before the bad reload: %s", got)
	}
	if err := os.WriteFile(tk.hbaPath, []byte("host all all 127.0.0.1/32 trust\nbogus\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := srv.Reload(); err == nil || !strings.Contains(err.Error(), `invalid connection type "bogus"`) {
		t.Errorf("reload of a bad pg_hba.conf: %v", err)
	}
	if got := a.viaPgx(tk); !strings.Contains(got, "rejects connection") {
		t.Errorf("after the bad reload: %s", got)
	}

	missing := filepath.Join(dir, "missing.crt")
	if err := start(map[string]string{"ssl": "on", "ssl_cert_file": missing, "ssl_key_file": f.files.Key}); err == nil || err.Error() != `could not load server certificate file "`+missing+`": No such file or directory` {
		t.Errorf("missing certificate: %v", err)
	}
	open := filepath.Join(dir, "open.key")
	if err := os.WriteFile(open, f.set.Server.KeyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	os.Chmod(open, 0o644)
	if err := start(map[string]string{"ssl": "on", "ssl_cert_file": f.files.Cert, "ssl_key_file": open}); err == nil || !strings.Contains(err.Error(), `private key file "`+open+`" has group or world access`) {
		t.Errorf("readable key: %v", err)
	}
	if err := start(map[string]string{"ssl": "on", "ssl_cert_file": f.files.Cert, "ssl_key_file": f.clientKey}); err == nil || !strings.HasPrefix(err.Error(), "check of private key failed") {
		t.Errorf("mismatched key: %v", err)
	}
	if err := start(map[string]string{"ssl": "on", "ssl_cert_file": f.files.Cert, "ssl_key_file": f.files.Key}); err != nil {
		t.Errorf("good files: %v", err)
	}
}

// saslScript is a hand-written client for protocol edge cases: it starts
// a session as scramuser over TCP without TLS, and then sends what the
// steps say, given the server's previous message.
type saslScript struct {
	name string
	// steps each return the message to send next, given the last server
	// message; the outcome is the first ErrorResponse.
	steps []func(prev pgproto3.BackendMessage) pgproto3.FrontendMessage
}

// runSASLScript runs a script against a target and renders the first
// ErrorResponse (code, message, detail), or what else happened.
func runSASLScript(t *testing.T, tg *authTarget, user string, useTLS bool, s saslScript) string {
	t.Helper()
	var nc net.Conn
	nc, err := net.DialTimeout("tcp", net.JoinHostPort(tg.host, strconv.Itoa(tg.port)), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(20 * time.Second))
	if useTLS {
		// SSLRequest, then the handshake.
		if _, err := nc.Write([]byte{0, 0, 0, 8, 4, 210, 22, 47}); err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 1)
		if _, err := nc.Read(b); err != nil || b[0] != 'S' {
			t.Fatalf("SSLRequest answered %q, %v", b, err)
		}
		tc := tls.Client(nc, &tls.Config{InsecureSkipVerify: true})
		if err := tc.Handshake(); err != nil {
			t.Fatal(err)
		}
		nc = tc
	}
	fe := pgproto3.NewFrontend(nc, nc)
	fe.Send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersionNumber, Parameters: map[string]string{"user": user, "database": "postgres"}})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		msg, err := fe.Receive()
		if err != nil {
			return "closed"
		}
		switch m := msg.(type) {
		case *pgproto3.ErrorResponse:
			out := fmt.Sprintf("%s %s: %s", m.Severity, m.Code, m.Message)
			if m.Detail != "" {
				out += " DETAIL: " + m.Detail
			}
			return out
		case *pgproto3.AuthenticationOk:
			return "ok"
		}
		if i >= len(s.steps) {
			return fmt.Sprintf("script ended at %T", msg)
		}
		fe.Send(s.steps[i](msg))
		if err := fe.Flush(); err != nil {
			return "closed"
		}
	}
}

// TestSASLProtocolErrors sends malformed and out-of-order SASL and
// password messages to tusk and PostgreSQL 15 and compares the errors.
func TestSASLProtocolErrors(t *testing.T) {
	f := newAuthFixture(t)
	_, tk := startTuskAuth(t, f)
	pg := startPGAuth(t, f)
	conf := "local all postgres trust\nhost all md5user 127.0.0.1/32 password\nhost all all 127.0.0.1/32 scram-sha-256\n"
	tk.setHBA(t, conf)
	pg.setHBA(t, conf)

	initial := func(mech, data string) func(pgproto3.BackendMessage) pgproto3.FrontendMessage {
		return func(pgproto3.BackendMessage) pgproto3.FrontendMessage {
			return &pgproto3.SASLInitialResponse{AuthMechanism: mech, Data: []byte(data)}
		}
	}
	// final answers the server-first-message with a client-final-message
	// built from it by fn.
	final := func(fn func(nonce string) string) func(pgproto3.BackendMessage) pgproto3.FrontendMessage {
		return func(prev pgproto3.BackendMessage) pgproto3.FrontendMessage {
			data := string(prev.(*pgproto3.AuthenticationSASLContinue).Data)
			nonce := strings.TrimPrefix(strings.Split(data, ",")[0], "r=")
			return &pgproto3.SASLResponse{Data: []byte(fn(nonce))}
		}
	}
	query := func(pgproto3.BackendMessage) pgproto3.FrontendMessage { return &pgproto3.Query{String: "SELECT 1"} }
	first := "n,,n=,r=abcdefghijkl"
	proof := "p=" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
	type fn = func(pgproto3.BackendMessage) pgproto3.FrontendMessage
	scripts := []saslScript{
		{"unknown mechanism", []fn{initial("SCRAM-SHA-1", first)}},
		{"plus without TLS", []fn{initial("SCRAM-SHA-256-PLUS", "p=tls-server-end-point,,n=,r=abc")}},
		{"empty initial response", []fn{initial("SCRAM-SHA-256", "")}},
		{"bad flag", []fn{initial("SCRAM-SHA-256", "x,,n=,r=abc")}},
		{"binding data without plus", []fn{initial("SCRAM-SHA-256", "p=tls-server-end-point,,n=,r=abc")}},
		{"authzid", []fn{initial("SCRAM-SHA-256", "n,a=bob,n=,r=abc")}},
		{"extension", []fn{initial("SCRAM-SHA-256", "n,,m=ext,n=,r=abc")}},
		{"y flag without TLS", []fn{initial("SCRAM-SHA-256", "y,,n=,r=abcdef"), final(func(n string) string { return "c=eSws,r=" + n + "," + proof })}},
		{"wrong proof", []fn{initial("SCRAM-SHA-256", first), final(func(n string) string { return "c=biws,r=" + n + "," + proof })}},
		{"wrong nonce", []fn{initial("SCRAM-SHA-256", first), final(func(n string) string { return "c=biws,r=" + n + "x," + proof })}},
		{"binding attribute changed", []fn{initial("SCRAM-SHA-256", first), final(func(n string) string { return "c=eSws,r=" + n + "," + proof })}},
		{"query instead of SASL", []fn{query}},
		{"query instead of final", []fn{initial("SCRAM-SHA-256", first), query}},
	}
	for _, user := range []string{"scramuser", "ghost"} {
		for _, s := range scripts {
			got, want := runSASLScript(t, tk, user, false, s), runSASLScript(t, pg, user, false, s)
			t.Logf("%s as %s: %s", s.name, user, got)
			if got != want && !sameIgnoringDetail(got, want) {
				t.Errorf("%s as %s:\n tusk: %s\n   pg: %s", s.name, user, got, want)
			}
		}
	}
	badCB := "c=" + base64.StdEncoding.EncodeToString([]byte("p=tls-server-end-point,,0123456789abcdef0123456789abcdef"))
	tlsScripts := []saslScript{
		{"y flag with TLS", []fn{initial("SCRAM-SHA-256", "y,,n=,r=abcdef")}},
		{"n flag with plus", []fn{initial("SCRAM-SHA-256-PLUS", first)}},
		{"y flag with plus", []fn{initial("SCRAM-SHA-256-PLUS", "y,,n=,r=abcdef")}},
		{"unsupported binding type", []fn{initial("SCRAM-SHA-256-PLUS", "p=tls-unique,,n=,r=abcdef")}},
		{"wrong binding data", []fn{initial("SCRAM-SHA-256-PLUS", "p=tls-server-end-point,,n=,r=abcdef"), final(func(n string) string { return badCB + ",r=" + n + "," + proof })}},
		{"no binding over TLS, wrong proof", []fn{initial("SCRAM-SHA-256", first), final(func(n string) string { return "c=biws,r=" + n + "," + proof })}},
	}
	for _, user := range []string{"scramuser", "ghost"} {
		for _, s := range tlsScripts {
			got, want := runSASLScript(t, tk, user, true, s), runSASLScript(t, pg, user, true, s)
			t.Logf("TLS %s as %s: %s", s.name, user, got)
			if got != want && !sameIgnoringDetail(got, want) {
				t.Errorf("TLS %s as %s:\n tusk: %s\n   pg: %s", s.name, user, got, want)
			}
		}
	}
	pw := []saslScript{
		{"query instead of password", []fn{query}},
		{"empty password", []fn{func(pgproto3.BackendMessage) pgproto3.FrontendMessage { return &pgproto3.PasswordMessage{} }}},
		{"right password", []fn{func(pgproto3.BackendMessage) pgproto3.FrontendMessage {
			return &pgproto3.PasswordMessage{Password: "md5pw"}
		}}},
	}
	for _, s := range pw {
		got, want := runSASLScript(t, tk, "md5user", false, s), runSASLScript(t, pg, "md5user", false, s)
		if got != want {
			t.Errorf("%s:\n tusk: %s\n   pg: %s", s.name, got, want)
		}
	}
}

// sameIgnoringDetail accepts a tusk error without the DETAIL that
// PostgreSQL adds to some malformed-message errors.
func sameIgnoringDetail(tuskOut, pgOut string) bool {
	return !strings.Contains(tuskOut, " DETAIL: ") && strings.HasPrefix(pgOut, tuskOut+" DETAIL: ")
}

// TestAuthSQLRoles sets up roles with SQL (CREATE ROLE ... PASSWORD under
// both password_encryption settings, VALID UNTIL, NOLOGIN, GRANT for a
// +group line, ALTER ROLE ... PASSWORD) on tusk and PostgreSQL 15, and
// compares who can log in.
func TestAuthSQLRoles(t *testing.T) {
	f := newAuthFixture(t)
	_, tk := startTuskAuth(t, f)
	pg := startPGAuth(t, f)
	setup := []string{
		"CREATE ROLE sqlscram LOGIN PASSWORD 'pw1'",
		"SET password_encryption = 'md5'",
		"CREATE ROLE sqlmd5 LOGIN PASSWORD 'pw2'",
		"CREATE ROLE sqlmd5b LOGIN PASSWORD 'pw2b'",
		"RESET password_encryption",
		"CREATE ROLE sqlold LOGIN PASSWORD 'pw3' VALID UNTIL '2001-01-01'",
		"CREATE ROLE sqlinf LOGIN PASSWORD 'pw4' VALID UNTIL 'infinity'",
		"CREATE ROLE sqlnologin PASSWORD 'pw5'",
		"CREATE ROLE sqlgroup",
		"GRANT sqlgroup TO sqlscram",
		"ALTER ROLE sqlmd5b PASSWORD 'new'",
	}
	ctx := context.Background()
	for _, tg := range []*authTarget{tk, pg} {
		dsn := fmt.Sprintf("host=%s port=%d user=postgres dbname=postgres sslmode=disable", tg.sockDir, tg.port)
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		for _, sql := range setup {
			if _, err := c.Exec(ctx, sql); err != nil {
				t.Errorf("%s: %s: %v", tg.name, sql, err)
			}
		}
		c.Close(ctx)
	}
	conf := "local all postgres trust\nhost all +sqlgroup 127.0.0.1/32 password\nhost all all 127.0.0.1/32 md5\n"
	tk.setHBA(t, conf)
	pg.setHBA(t, conf)
	for _, a := range []authAttempt{
		{user: "sqlscram", password: "pw1", transport: "tcp"},
		{user: "sqlscram", password: "nope", transport: "tcp"},
		{user: "sqlmd5", password: "pw2", transport: "tcp"},
		{user: "sqlmd5", password: "nope", transport: "tcp"},
		{user: "sqlmd5b", password: "new", transport: "tcp"},
		{user: "sqlmd5b", password: "pw2b", transport: "tcp"},
		{user: "sqlold", password: "pw3", transport: "tcp"},
		{user: "sqlinf", password: "pw4", transport: "tcp"},
		{user: "sqlnologin", password: "pw5", transport: "tcp"},
		{user: "sqlgroup", password: "x", transport: "tcp"},
	} {
		got, want := a.viaPgx(tk), a.viaPgx(pg)
		t.Logf("%s/%s: %s", a.user, a.password, got)
		if got != want {
			t.Errorf("%s with %q:\n tusk: %s\n   pg: %s", a.user, a.password, got, want)
		}
	}
}

// TestAuthCRL checks that a client certificate listed in ssl_crl_file is
// refused during the TLS handshake, by tusk as by PostgreSQL, while other
// certificates from the same CA still work.
func TestAuthCRL(t *testing.T) {
	f := newAuthFixture(t)
	bad, err := f.set.Client("scramuser")
	if err != nil {
		t.Fatal(err)
	}
	if f.crl, err = f.set.CRL(bad.Cert); err != nil {
		t.Fatal(err)
	}
	badCert, badKey, err := certs.WritePair(f.dir, "revoked", bad)
	if err != nil {
		t.Fatal(err)
	}
	_, tk := startTuskAuth(t, f)
	pg := startPGAuth(t, f)
	conf := "local all postgres trust\nhostssl all all 127.0.0.1/32 cert\n"
	tk.setHBA(t, conf)
	pg.setHBA(t, conf)
	for _, c := range []struct {
		a    authAttempt
		want string
	}{
		{authAttempt{user: "scramuser", transport: "ssl", extra: fmt.Sprintf("sslcert=%s sslkey=%s", f.clientCert, f.clientKey)}, "ok"},
		{authAttempt{user: "scramuser", transport: "ssl", extra: fmt.Sprintf("sslcert=%s sslkey=%s", badCert, badKey)}, "closed"},
	} {
		for _, tg := range []*authTarget{tk, pg} {
			if got := c.a.viaPgx(tg); got != c.want {
				t.Errorf("%s %+v: got %s, want %s", tg.name, c.a, got, c.want)
			}
		}
	}
}

// TestAuthIdent runs ident authentication against a stand-in ident
// server on port 113 of the loopback address, which names the owner of
// every connection "md5user", with tusk and PostgreSQL. Binding port 113
// needs root.
func TestAuthIdent(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:113")
	if err != nil {
		if os.Geteuid() == 0 {
			// Root can bind it: a failure is real.
			t.Fatalf("cannot run a stand-in ident server: %v", err)
		}
		t.Skipf("cannot run a stand-in ident server without root: %v", err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				buf := make([]byte, 100)
				n, _ := c.Read(buf)
				ports := strings.TrimSpace(string(buf[:n]))
				fmt.Fprintf(c, "%s : USERID : UNIX : md5user\r\n", ports)
			}()
		}
	}()
	f := newAuthFixture(t)
	_, tk := startTuskAuth(t, f)
	pg := startPGAuth(t, f)
	conf := "local all postgres trust\nhost all scram2 127.0.0.1/32 ident map=peermap\nhost all all 127.0.0.1/32 ident\n"
	tk.setHBA(t, conf)
	pg.setHBA(t, conf)
	for _, c := range []struct {
		a    authAttempt
		want string
	}{
		{authAttempt{user: "md5user", transport: "tcp"}, "ok"},
		{authAttempt{user: "md5user", transport: "ssl"}, "ok"},
		{authAttempt{user: "scramuser", transport: "tcp"}, `FATAL 28000: Ident authentication failed for user "scramuser"`},
		{authAttempt{user: "scram2", transport: "tcp"}, `FATAL 28000: Ident authentication failed for user "scram2"`},
	} {
		for _, tg := range []*authTarget{tk, pg} {
			if got := c.a.viaPgx(tg); got != c.want {
				t.Errorf("%s %+v: got %s, want %s", tg.name, c.a, got, c.want)
			}
		}
	}
}
