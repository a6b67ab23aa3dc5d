package tusk

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/guc"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire"
	"github.com/tuskdb/tusk/internal/pgwire/auth"
	"github.com/tuskdb/tusk/internal/pgwire/hba"
	"github.com/tuskdb/tusk/internal/postmaster"
	"github.com/tuskdb/tusk/internal/sql/types/pgdate"
)

// connCatalog answers the postmaster's role and database questions from
// the system catalog.
type connCatalog struct{ store *catalog.Store }

func (c connCatalog) LookupRole(name string) (*postmaster.Role, bool) {
	d := c.store.Begin().LookupRole(name)
	if d == nil {
		return nil, false
	}
	r := d.Role
	return &postmaster.Role{Name: d.Name, Superuser: r.Superuser, CanLogin: r.CanLogin, Secret: r.Password, ConnLimit: r.ConnLimit}, true
}

func (c connCatalog) Database(name string) (exists, allowConn bool) {
	d := c.store.Begin().LookupDatabase(name)
	if d == nil {
		return false, false
	}
	return true, d.DB.AllowConn
}

// encryptPassword returns the secret to store for a password as
// password_encryption (method) says, in PostgreSQL's formats.
func encryptPassword(password, user, method string) (string, error) {
	return auth.Encrypt(password, user, method)
}

// loadAuth builds the authenticator from pg_hba.conf: the hba_file
// setting when set (relative to the data directory), else the data
// directory's pg_hba.conf; an in-memory server without hba_file uses the
// rules a new data directory gets. A file with errors is refused whole,
// each error logged as PostgreSQL logs it.
func (s *Server) loadAuth(cfg *guc.Config) (postmaster.Authenticator, error) {
	opts := hba.ParseOptions{SSL: cfg.Bool("ssl"), DBUserNamespace: cfg.Bool("db_user_namespace")}
	var (
		conf  *hba.Conf
		warns []*pgerror.Error
		err   error
	)
	path := cfg.Get("hba_file")
	if path != "" {
		path = s.dataPath(path)
	} else if s.dataDir != "" {
		path = filepath.Join(s.dataDir, "pg_hba.conf")
	}
	if path == "" {
		conf, warns, err = hba.Parse("pg_hba.conf", []byte(defaultHBAConf()), opts)
	} else {
		conf, warns, err = hba.Load(path, opts)
	}
	for _, w := range warns {
		s.logError(w)
	}
	if err != nil {
		var msgs []string
		for _, e := range unjoin(err) {
			pe := pgerror.Flatten(e)
			s.logError(pe)
			m := pe.Message
			if pe.Where != "" {
				m += " (" + pe.Where + ")"
			}
			msgs = append(msgs, m)
		}
		return nil, fmt.Errorf("could not load pg_hba.conf: %s", strings.Join(msgs, "; "))
	}
	a := &hbaAuth{conf: conf, ident: s.loadIdent(cfg, opts), store: s.store, passwordEncryption: cfg.Get("password_encryption"), log: s.logf, tz: time.UTC,
		clientCAs: cfg.Bool("ssl") && cfg.Get("ssl_ca_file") != ""}
	if loc, err := pgdate.LoadLocation(cfg.Get("TimeZone")); err == nil {
		a.tz = loc
	}
	if cfg.Bool("ssl") {
		if tc, err := s.loadTLS(cfg); err == nil && tc != nil && len(tc.Certificates) > 0 {
			a.serverCert = tc.Certificates[0].Leaf
		}
	}
	return a, nil
}

// loadIdent reads the user name maps: the ident_file setting when set,
// else the data directory's pg_ident.conf; an in-memory server without
// ident_file has none. As in PostgreSQL, a file with errors is logged and
// leaves the server without maps rather than stopping it.
func (s *Server) loadIdent(cfg *guc.Config, opts hba.ParseOptions) *hba.UserMaps {
	path := cfg.Get("ident_file")
	if path != "" {
		path = s.dataPath(path)
	} else if s.dataDir != "" {
		path = filepath.Join(s.dataDir, "pg_ident.conf")
	}
	if path == "" {
		return nil
	}
	id, err := hba.LoadIdent(path, opts)
	if err != nil {
		for _, e := range unjoin(err) {
			s.logError(pgerror.Flatten(e))
		}
		s.logf("LOG:  could not load pg_ident.conf")
		return nil
	}
	return id
}

// unjoin splits an errors.Join result.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// logError logs an error in PostgreSQL's log format, with its hint and
// context lines.
func (s *Server) logError(e *pgerror.Error) {
	sev := string(e.Severity)
	if sev == "" || sev == string(pgerror.SeverityError) {
		sev = "LOG"
	}
	line := sev + ":  " + e.Message
	if e.Detail != "" {
		line += "\nDETAIL:  " + e.Detail
	}
	if e.Hint != "" {
		line += "\nHINT:  " + e.Hint
	}
	if e.Where != "" {
		line += "\nCONTEXT:  " + e.Where
	}
	s.logf("%s", line)
}

// dataPath resolves a configured file name against the data directory
// (or the working directory of an in-memory server).
func (s *Server) dataPath(p string) string {
	if filepath.IsAbs(p) || s.dataDir == "" {
		return p
	}
	return filepath.Join(s.dataDir, p)
}

// hbaAuth is the postmaster's Authenticator: the pg_hba.conf rules and
// the exchanges of package auth. It is immutable; a reload builds a new
// one.
type hbaAuth struct {
	conf               *hba.Conf
	ident              *hba.UserMaps
	store              *catalog.Store
	passwordEncryption string
	// serverCert is the TLS certificate, for SCRAM channel binding.
	serverCert *x509.Certificate
	// clientCAs says whether ssl_ca_file is set.
	clientCAs bool
	// tz is the server's TimeZone, for VALID UNTIL times without a zone.
	tz  *time.Location
	log func(format string, args ...any)
}

// Authenticate implements postmaster.Authenticator.
func (a *hbaAuth) Authenticate(conn *pgwire.Conn, info postmaster.ConnInfo, role *postmaster.Role) error {
	hc := hba.Conn{Local: info.Local, Addr: info.Addr, SSL: info.TLS != nil, Database: info.Database, User: info.User}
	if role != nil && a.store != nil {
		hc.IsMember = func(group string) bool { return a.isMember(role.Name, group) }
	}
	r := &auth.Request{
		Line: a.conf.Match(hc), User: info.User, Database: info.Database,
		Local: info.Local, Addr: info.Addr, TLS: info.TLS, ServerCert: a.serverCert, ClientCAs: a.clientCAs, Ident: a.ident,
		RoleExists: role != nil, PasswordEncryption: a.passwordEncryption, Log: a.log,
	}
	if role != nil {
		r.Secret = role.Secret
		r.PasswordExpired = a.expired(role.Name)
	}
	return auth.Authenticate(conn, r)
}

// expired reports whether a role's VALID UNTIL time has passed (the
// check in PostgreSQL's get_role_password). The catalog keeps it as
// timestamptz text; a time without a zone is read in the server's
// TimeZone.
func (a *hbaAuth) expired(role string) bool {
	if a.store == nil {
		return false
	}
	d := a.store.Begin().LookupRole(role)
	if d == nil || d.Role == nil || d.Role.ValidUntil == "" {
		return false
	}
	v, err := pgdate.ParseTimestampTZ(d.Role.ValidUntil, -1, &pgdate.Session{Location: a.tz})
	if err != nil {
		return false
	}
	return v < pgdate.TimestampTZFromTime(time.Now())
}

// isMember reports whether role is group or a member of it, directly or
// through other roles (PostgreSQL's is_member_of_role_nosuper, which
// pg_hba.conf's +group and samerole use).
func (a *hbaAuth) isMember(role, group string) bool {
	t := a.store.Begin()
	g := t.LookupRole(group)
	r := t.LookupRole(role)
	if g == nil || r == nil {
		return false
	}
	seen := map[catalog.Oid]bool{}
	queue := []*catalog.Desc{r}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		if d.Oid == g.Oid {
			return true
		}
		if seen[d.Oid] || d.Role == nil {
			continue
		}
		seen[d.Oid] = true
		for _, o := range d.Role.MemberOf {
			if m := t.Get(o); m != nil {
				queue = append(queue, m)
			}
		}
	}
	return false
}

// loadTLS loads the server certificate and key (ssl_cert_file,
// ssl_key_file, relative to the data directory) when ssl is on, and the
// CA that client certificates must chain to (ssl_ca_file), with
// PostgreSQL's messages for files it cannot use.
func (s *Server) loadTLS(cfg *guc.Config) (*tls.Config, error) {
	if !cfg.Bool("ssl") {
		return nil, nil
	}
	certFile := s.dataPath(cfg.Get("ssl_cert_file"))
	keyFile := s.dataPath(cfg.Get("ssl_key_file"))
	certPEM, err := os.ReadFile(certFile)
	if err != nil {
		return nil, fmt.Errorf(`could not load server certificate file "%s": %s`, certFile, errnoText(err))
	}
	if err := checkKeyFile(keyFile); err != nil {
		return nil, err
	}
	keyPEM, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf(`could not load private key file "%s": %s`, keyFile, errnoText(err))
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("check of private key failed: %v", err)
	}
	tc := &tls.Config{Certificates: []tls.Certificate{cert}}
	versions := map[string]uint16{"TLSv1": tls.VersionTLS10, "TLSv1.1": tls.VersionTLS11, "TLSv1.2": tls.VersionTLS12, "TLSv1.3": tls.VersionTLS13}
	tc.MinVersion = versions[cfg.Get("ssl_min_protocol_version")]
	tc.MaxVersion = versions[cfg.Get("ssl_max_protocol_version")]
	if ca := cfg.Get("ssl_ca_file"); ca != "" {
		caFile := s.dataPath(ca)
		pemData, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf(`could not load root certificate file "%s": %s`, caFile, errnoText(err))
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pemData) {
			return nil, fmt.Errorf(`could not load root certificate file "%s": no certificates found`, caFile)
		}
		tc.ClientCAs = pool
		tc.ClientAuth = tls.VerifyClientCertIfGiven
	}
	crls, err := s.loadCRLs(cfg)
	if err != nil {
		return nil, err
	}
	if len(crls) > 0 {
		tc.VerifyPeerCertificate = func(_ [][]byte, chains [][]*x509.Certificate) error {
			for _, chain := range chains {
				for _, c := range chain {
					if revoked(crls, c) {
						return errors.New("certificate revoked")
					}
				}
			}
			return nil
		}
	}
	return tc, nil
}

// loadCRLs reads the certificate revocation lists of ssl_crl_file and
// ssl_crl_dir (every file in it), PEM or DER.
func (s *Server) loadCRLs(cfg *guc.Config) ([]*x509.RevocationList, error) {
	var files []string
	if f := cfg.Get("ssl_crl_file"); f != "" {
		files = append(files, s.dataPath(f))
	}
	if d := cfg.Get("ssl_crl_dir"); d != "" {
		entries, err := os.ReadDir(s.dataPath(d))
		if err != nil {
			return nil, fmt.Errorf(`could not load SSL certificate revocation list directory "%s": %s`, s.dataPath(d), errnoText(err))
		}
		for _, e := range entries {
			if !e.IsDir() {
				files = append(files, filepath.Join(s.dataPath(d), e.Name()))
			}
		}
	}
	var out []*x509.RevocationList
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf(`could not load SSL certificate revocation list file "%s": %s`, f, errnoText(err))
		}
		ders := [][]byte{data}
		if bytes.Contains(data, []byte("-----BEGIN")) {
			ders = nil
			for rest := data; ; {
				var b *pem.Block
				if b, rest = pem.Decode(rest); b == nil {
					break
				}
				if b.Type == "X509 CRL" {
					ders = append(ders, b.Bytes)
				}
			}
		}
		for _, der := range ders {
			crl, err := x509.ParseRevocationList(der)
			if err != nil {
				return nil, fmt.Errorf(`could not load SSL certificate revocation list file "%s": %v`, f, err)
			}
			out = append(out, crl)
		}
	}
	return out, nil
}

// revoked reports whether a CRL from c's issuer lists c.
func revoked(crls []*x509.RevocationList, c *x509.Certificate) bool {
	for _, crl := range crls {
		if !bytes.Equal(crl.RawIssuer, c.RawIssuer) {
			continue
		}
		for _, e := range crl.RevokedCertificateEntries {
			if e.SerialNumber.Cmp(c.SerialNumber) == 0 {
				return true
			}
		}
	}
	return false
}

// checkKeyFile refuses a private key that others can read, as PostgreSQL's
// check_ssl_key_file_permissions does.
func checkKeyFile(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf(`could not access private key file "%s": %s`, path, errnoText(err))
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf(`private key file "%s" is not a regular file`, path)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	perm := uint32(fi.Mode().Perm())
	owner := int(st.Uid)
	if owner != os.Geteuid() && owner != 0 {
		return fmt.Errorf(`private key file "%s" must be owned by the database user or root`, path)
	}
	if (owner == os.Geteuid() && perm&0o077 != 0) || (owner == 0 && perm&0o037 != 0) {
		return fmt.Errorf(`private key file "%s" has group or world access (File must have permissions u=rw (0600) or less if owned by the database user, or permissions u=rw,g=r (0640) or less if owned by root.)`, path)
	}
	return nil
}

// errnoText renders a file error as strerror does.
func errnoText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		m := errno.Error()
		return strings.ToUpper(m[:1]) + m[1:]
	}
	return err.Error()
}

// defaultHBAConf is the pg_hba.conf a new data directory gets: trust for
// local connections, as initdb writes it.
func defaultHBAConf() string {
	return `# PostgreSQL Client Authentication Configuration File
# TYPE  DATABASE        USER            ADDRESS                 METHOD

# "local" is for Unix domain socket connections only
local   all             all                                     trust
# IPv4 local connections:
host    all             all             127.0.0.1/32            trust
# IPv6 local connections:
host    all             all             ::1/128                 trust
# Allow replication connections from localhost, by a user with the
# replication privilege.
local   replication     all                                     trust
host    replication     all             127.0.0.1/32            trust
host    replication     all             ::1/128                 trust
`
}

// processAlive reports whether a process with that ID exists.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	return p.Signal(syscall.Signal(0)) == nil
}
