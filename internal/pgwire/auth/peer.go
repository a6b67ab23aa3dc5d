package auth

import (
	"net"
	"os/user"
	"strconv"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire"
	"github.com/tuskdb/tusk/internal/pgwire/hba"
)

// peer runs peer authentication (PostgreSQL's auth_peer): the operating
// system user at the other end of the Unix-domain socket must have the
// requested role's name. User name maps (pg_ident.conf) are not
// supported.
func (r *Request) peer(c *pgwire.Conn) error {
	uc, ok := c.Conn.(*net.UnixConn)
	if !ok {
		return errFailed
	}
	uid, err := peerUID(uc)
	if err != nil {
		r.log("LOG:  could not get peer credentials: %v", err)
		return errFailed
	}
	u, err := user.LookupId(strconv.Itoa(uid))
	if err != nil {
		r.log("LOG:  could not look up local user ID %d: %v", uid, err)
		return errFailed
	}
	return r.checkUserMap(u.Username)
}

// checkUserMap is PostgreSQL's check_usermap: without a map the
// authenticated name must equal the role name; with one, pg_ident.conf
// must allow it.
func (r *Request) checkUserMap(authName string) error {
	if r.Line.UserMap == "" {
		if authName != r.User {
			r.log(`LOG:  provided user name (%s) and authenticated user name (%s) do not match`, r.User, authName)
			return errFailed
		}
		return nil
	}
	ok, err := r.Ident.Check(r.Line.UserMap, authName, r.User)
	if err != nil {
		r.log("LOG:  %s", pgerror.Flatten(err).Message)
		return errFailed
	}
	if !ok {
		r.log(`LOG:  no match in usermap "%s" for user "%s" authenticated as "%s"`, r.Line.UserMap, r.User, authName)
		return errFailed
	}
	return nil
}

// checkCert is PostgreSQL's CheckCertAuth: the client certificate's CN (or
// DN, with clientname=DN) must name the role.
func (r *Request) checkCert() error {
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return errFailed
	}
	cert := r.TLS.PeerCertificates[0]
	name := cert.Subject.CommonName
	if r.Line.ClientName == hba.ClientNameDN {
		name = cert.Subject.String()
	}
	if name == "" {
		r.log(`LOG:  certificate authentication failed for user "%s": client certificate contains no user name`, r.User)
		return errFailed
	}
	if err := r.checkUserMap(name); err != nil {
		if r.Line.Method != hba.Cert { // clientcert=verify-full
			field := "CN"
			if r.Line.ClientName == hba.ClientNameDN {
				field = "DN"
			}
			r.log(`LOG:  certificate validation (clientcert=verify-full) failed for user "%s": %s mismatch`, r.User, field)
		}
		return err
	}
	return nil
}
