package postmaster

import (
	"errors"
	"io"
	"net"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tuskdb/tusk/internal/backend"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire"
)

// serveConn takes a new connection through startup, admission and
// authentication, then runs its backend until the session ends
// (PostgreSQL's BackendStartup, ProcessStartupPacket and InitPostgres).
func (s *Server) serveConn(raw net.Conn) {
	cfg := s.Config()
	if d := cfg.Duration("authentication_timeout"); d > 0 {
		raw.SetDeadline(time.Now().Add(d))
	}
	st, c, err := pgwire.ReadStartup(raw, s.tlsConf.Load())
	if err != nil {
		if !errors.Is(err, io.EOF) && !isNetErr(err) {
			var pe *pgerror.Error
			if !errors.As(err, &pe) {
				s.log("%v", err)
			}
		}
		return
	}
	if st.Kind == pgwire.CancelRequest {
		s.reg.Cancel(st.CancelPID, st.CancelKey)
		return
	}
	conn := pgwire.NewConn(c)
	if Mode(s.mode.Load()) != Running {
		conn.SendFatal(pgerror.New(pgerror.CannotConnectNow, "the database system is shutting down"))
		return
	}
	if npv := pgwire.NegotiateVersion(st); npv != nil {
		conn.Send(npv)
	}
	user, _ := st.Get("user")
	if user == "" {
		conn.SendFatal(pgerror.New(pgerror.InvalidAuthorizationSpecification, "no PostgreSQL user name specified in startup packet"))
		return
	}
	db, ok := st.Get("database")
	if !ok || db == "" {
		db = user
	}
	entry, ok := s.reg.Add(cfg.Int("max_connections"), raw.RemoteAddr())
	if !ok {
		conn.SendFatal(pgerror.New(pgerror.TooManyConnections, "sorry, too many clients already"))
		return
	}
	defer s.reg.Remove(entry)

	info := ConnInfo{TLS: st.TLS, Database: db, User: user}
	switch a := raw.RemoteAddr().(type) {
	case *net.TCPAddr:
		info.Addr = a.IP
	default:
		info.Local = true
	}
	role, exists := s.catalog.LookupRole(user)
	auth := *s.auth.Load()
	if err := auth.Authenticate(conn, info, roleOrNil(role, exists)); err != nil {
		conn.SendFatal(err)
		return
	}
	conn.Send(&pgproto3.AuthenticationOk{})
	if !exists {
		conn.SendFatal(pgerror.New(pgerror.InvalidAuthorizationSpecification, `role "%s" does not exist`, user))
		return
	}
	dbExists, allowConn := s.catalog.Database(db)
	if !dbExists {
		conn.SendFatal(pgerror.New(pgerror.InvalidCatalogName, `database "%s" does not exist`, db))
		return
	}
	if !allowConn {
		conn.SendFatal(pgerror.New(pgerror.ObjectNotInPrerequisiteState, `database "%s" is not currently accepting connections`, db))
		return
	}
	if !role.CanLogin {
		conn.SendFatal(pgerror.New(pgerror.InvalidAuthorizationSpecification, `role "%s" is not permitted to log in`, user))
		return
	}
	max, reserved := cfg.Int("max_connections"), cfg.Int("superuser_reserved_connections")
	if !role.Superuser && reserved > 0 && s.reg.Count() > max-reserved {
		conn.SendFatal(pgerror.New(pgerror.TooManyConnections, "remaining connection slots are reserved for non-replication superuser connections"))
		return
	}
	var params []pgwire.Param
	for _, p := range st.Params {
		switch p.Name {
		case "user", "database":
			continue
		case "application_name":
			entry.AppName = p.Value
		}
		params = append(params, p)
	}
	entry.User, entry.Database, entry.Superuser = user, db, role.Superuser
	be := backend.New(s.besrv, conn, backend.Options{
		PID: entry.PID, SecretKey: entry.key, User: user, Superuser: role.Superuser,
		Database: db, Params: params, RemoteAddr: raw.RemoteAddr(), TLS: st.TLS,
	})
	if err := be.Start(); err != nil {
		return
	}
	raw.SetDeadline(time.Time{})
	if !s.setConnBackend(raw, be) {
		conn.SendFatal(pgerror.New(pgerror.AdminShutdown, "terminating connection due to administrator command"))
		return
	}
	s.reg.SetBackend(entry, be)
	be.Run()
}

func roleOrNil(r *Role, ok bool) *Role {
	if !ok {
		return nil
	}
	return r
}

func isNetErr(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, net.ErrClosed) || errors.Is(err, io.ErrUnexpectedEOF)
}
