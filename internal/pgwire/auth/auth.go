package auth

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire"
	"github.com/tuskdb/tusk/internal/pgwire/hba"
)

// Request describes one connection's authentication.
type Request struct {
	// Line is the pg_hba.conf line that matched, or nil when none did.
	Line *hba.Line
	// User and Database are the names from the startup packet.
	User, Database string
	// Local is set for Unix-domain sockets; Addr is the client's address
	// otherwise.
	Local bool
	Addr  net.IP
	// TLS is the connection's TLS state, nil without TLS.
	TLS *tls.ConnectionState
	// ServerCert is the server's certificate, for SCRAM channel binding
	// (tls-server-end-point); without it SCRAM-SHA-256-PLUS is not
	// offered.
	ServerCert *x509.Certificate
	// Ident holds the user name maps of pg_ident.conf (nil: none).
	Ident *hba.UserMaps
	// ClientCAs says whether the server has a root certificate store
	// (ssl_ca_file) to verify client certificates with.
	ClientCAs bool
	// RoleExists says whether the role exists; Secret is its stored
	// password ("" for none).
	RoleExists bool
	Secret     string
	// PasswordExpired is set when the role's VALID UNTIL has passed: the
	// password methods then fail as for a role without a password.
	PasswordExpired bool
	// PasswordEncryption is the password_encryption setting, which picks
	// the exchange used to pretend for a role without a password.
	PasswordEncryption string
	// Log, when set, receives the server-side detail of failures, as
	// PostgreSQL writes them to its log.
	Log func(format string, args ...any)

	logDetail string
}

// ErrClientGone is returned when the client closed the connection instead
// of answering a password request (psql does this to prompt for a
// password). The connection has been closed; PostgreSQL sends nothing in
// that case either.
var ErrClientGone = errors.New("client closed the connection during authentication")

// errFailed means the exchange ran and the client did not prove who it
// is; Authenticate turns it into the method's failure message.
var errFailed = errors.New("authentication failed")

// Authenticate runs the authentication a connection's pg_hba.conf line
// asks for over c (PostgreSQL's ClientAuthentication). It returns nil on
// success (the caller then sends AuthenticationOk), ErrClientGone, or a
// *pgerror.Error for the caller to send as FATAL.
func Authenticate(c *pgwire.Conn, r *Request) error {
	l := r.Line
	if l == nil {
		return r.logged(pgerror.New(pgerror.InvalidAuthorizationSpecification,
			`no pg_hba.conf entry for host "%s", user "%s", database "%s", %s`,
			r.hostInfo(), r.User, r.Database, r.encryption()))
	}
	if l.ClientCert != hba.ClientCertOff {
		if !r.ClientCAs {
			return r.logged(pgerror.New(pgerror.ConfigFileError, "client certificates can only be checked if a root certificate store is available"))
		}
		if r.TLS == nil || len(r.TLS.VerifiedChains) == 0 {
			return r.logged(pgerror.New(pgerror.InvalidAuthorizationSpecification, "connection requires a valid client certificate"))
		}
	}
	var err error
	switch l.Method {
	case hba.Reject:
		return r.logged(pgerror.New(pgerror.InvalidAuthorizationSpecification,
			`pg_hba.conf rejects connection for host "%s", user "%s", database "%s", %s`,
			r.hostInfo(), r.User, r.Database, r.encryption()))
	case hba.Trust, hba.Cert:
	case hba.Password:
		err = r.password(c)
	case hba.MD5, hba.SCRAM:
		err = r.challenge(c)
	case hba.Peer:
		err = r.peer(c)
	case hba.Ident:
		err = r.ident(c)
	default:
		r.log(`LOG:  authentication method "%s" is not supported by tusk`, l.Method)
		err = errFailed
	}
	if err == nil && (l.Method == hba.Cert || l.ClientCert == hba.ClientCertFull) {
		err = r.checkCert()
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrClientGone):
		c.Close()
		return ErrClientGone
	case errors.Is(err, errFailed):
		return r.logged(r.failed())
	}
	return r.logged(pgerror.Flatten(err))
}

// failed is PostgreSQL's auth_failed message for the line's method.
func (r *Request) failed() *pgerror.Error {
	code := pgerror.InvalidAuthorizationSpecification
	var format string
	switch r.Line.Method {
	case hba.Trust:
		format = `"trust" authentication failed for user "%s"`
	case hba.Ident:
		format = `Ident authentication failed for user "%s"`
	case hba.Peer:
		format = `Peer authentication failed for user "%s"`
	case hba.Password, hba.MD5, hba.SCRAM:
		format = `password authentication failed for user "%s"`
		code = pgerror.InvalidPassword
	case hba.GSS:
		format = `GSSAPI authentication failed for user "%s"`
	case hba.SSPI:
		format = `SSPI authentication failed for user "%s"`
	case hba.PAM:
		format = `PAM authentication failed for user "%s"`
	case hba.BSD:
		format = `BSD authentication failed for user "%s"`
	case hba.LDAP:
		format = `LDAP authentication failed for user "%s"`
	case hba.Cert:
		format = `certificate authentication failed for user "%s"`
	case hba.RADIUS:
		format = `RADIUS authentication failed for user "%s"`
	default:
		format = `authentication failed for user "%s": invalid authentication method`
	}
	return pgerror.New(code, format, r.User)
}

// logged writes a failure to the server log with the line that matched,
// as PostgreSQL does, and returns it.
func (r *Request) logged(e *pgerror.Error) *pgerror.Error {
	if r.Line != nil {
		detail := r.logDetail
		if detail != "" {
			detail += "\n"
		}
		detail += fmt.Sprintf(`Connection matched pg_hba.conf line %d: "%s"`, r.Line.LineNum, strings.TrimSpace(r.Line.Raw))
		r.log("FATAL:  %s\nDETAIL:  %s", e.Message, detail)
	} else {
		r.log("FATAL:  %s", e.Message)
	}
	return e
}

// detail records the server-side detail of a failure, which PostgreSQL
// logs but does not send (errdetail_log).
func (r *Request) detail(format string, args ...any) {
	r.logDetail = fmt.Sprintf(format, args...)
}

func (r *Request) log(format string, args ...any) {
	if r.Log != nil {
		r.Log(format, args...)
	}
}

// hostInfo is the client's address as PostgreSQL prints it in messages.
func (r *Request) hostInfo() string {
	if r.Local || r.Addr == nil {
		return "[local]"
	}
	if v4 := r.Addr.To4(); v4 != nil {
		return v4.String()
	}
	return r.Addr.String()
}

func (r *Request) encryption() string {
	if r.TLS != nil {
		return "SSL encryption"
	}
	return "no encryption"
}

// secret returns the role's stored password, logging why there is none
// (PostgreSQL's get_role_password).
func (r *Request) secret() (string, bool) {
	switch {
	case !r.RoleExists:
		r.detail(`Role "%s" does not exist.`, r.User)
		return "", false
	case r.Secret == "":
		r.detail(`User "%s" has no password assigned.`, r.User)
		return "", false
	case r.PasswordExpired:
		r.detail(`User "%s" has an expired password.`, r.User)
		return "", false
	}
	return r.Secret, true
}

// password runs the clear-text password exchange (CheckPasswordAuth).
func (r *Request) password(c *pgwire.Conn) error {
	c.Send(&pgproto3.AuthenticationCleartextPassword{})
	pw, err := recvPassword(c, pgproto3.AuthTypeCleartextPassword)
	if err != nil {
		return err
	}
	secret, ok := r.secret()
	if !ok {
		return errFailed
	}
	if !VerifyPlain(r.User, secret, pw) {
		r.detail(`Password does not match for user "%s".`, r.User)
		return errFailed
	}
	return nil
}

// challenge runs md5 or scram-sha-256 (CheckPWChallengeAuth): the md5
// exchange only when the line allows md5 and the stored secret is an MD5
// hash, SCRAM otherwise. A role without a password still goes through
// the exchange that password_encryption suggests, so that a client cannot
// tell which roles exist.
func (r *Request) challenge(c *pgwire.Conn) error {
	secret, ok := r.secret()
	typ := TypeOf(secret)
	if !ok {
		typ = SCRAMSecret
		if r.PasswordEncryption == "md5" {
			typ = MD5Secret
		}
	}
	var err error
	if r.Line.Method == hba.MD5 && typ == MD5Secret {
		err = r.md5(c, secret, ok)
	} else {
		err = r.scram(c, secret, ok)
	}
	if err == nil && !ok {
		err = errFailed
	}
	return err
}

// md5 runs the md5 exchange (CheckMD5Auth).
func (r *Request) md5(c *pgwire.Conn, secret string, ok bool) error {
	var salt [4]byte
	randRead(salt[:])
	c.Send(&pgproto3.AuthenticationMD5Password{Salt: salt})
	resp, err := recvPassword(c, pgproto3.AuthTypeMD5Password)
	if err != nil {
		return err
	}
	if !ok {
		return errFailed
	}
	if TypeOf(secret) != MD5Secret {
		r.detail(`User "%s" has a password that cannot be used with MD5 authentication.`, r.User)
		return errFailed
	}
	if !verifyMD5(secret, salt, resp) {
		r.detail(`Password does not match for user "%s".`, r.User)
		return errFailed
	}
	return nil
}

// recvPassword reads a PasswordMessage (recv_password_packet).
func recvPassword(c *pgwire.Conn, authType uint32) (string, error) {
	if err := c.Flush(); err != nil {
		return "", ErrClientGone
	}
	c.Backend().SetAuthType(authType)
	msg, err := c.Receive()
	if err != nil {
		return "", receiveError(err)
	}
	pm, ok := msg.(*pgproto3.PasswordMessage)
	if !ok {
		return "", pgerror.New(pgerror.ProtocolViolation, "expected password response, got message type %d", msgType(msg))
	}
	if pm.Password == "" {
		return "", pgerror.New(pgerror.InvalidPassword, "empty password returned by client")
	}
	return pm.Password, nil
}

// receiveError classifies a failed read during authentication.
func receiveError(err error) error {
	var ne net.Error
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) || errors.As(err, &ne) {
		return ErrClientGone
	}
	return pgerror.Wrap(err, pgerror.ProtocolViolation, "invalid frontend message type")
}

// msgType returns the type byte of a frontend message.
func msgType(m pgproto3.FrontendMessage) int {
	b, err := m.Encode(nil)
	if err != nil || len(b) == 0 {
		return 0
	}
	return int(b[0])
}
