package postmaster

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tuskdb/tusk/internal/backend"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/guc"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire"
)

// Mode is a shutdown mode (PostgreSQL docs, section 19.5 "Shutting Down
// the Server").
type Mode int32

// The shutdown modes, in increasing urgency.
const (
	Running Mode = iota
	// Smart refuses new connections and waits for sessions to end.
	Smart
	// Fast refuses new connections, rolls back and ends every session with
	// FATAL 57P01, then stops.
	Fast
	// Immediate ends every session at once.
	Immediate
)

func (m Mode) String() string {
	return [...]string{"running", "smart", "fast", "immediate"}[m]
}

// Role is what connection setup needs to know about a role.
type Role struct {
	Name      string
	Superuser bool
	CanLogin  bool
	// Secret is the stored password (a SCRAM verifier or md5 hash), or "".
	Secret    string
	ConnLimit int
}

// Catalog answers the questions connection setup asks about roles and
// databases. It is implemented above the postmaster (the server wires the
// system catalog in).
type Catalog interface {
	LookupRole(name string) (*Role, bool)
	// Database reports whether a database exists and accepts connections.
	Database(name string) (exists, allowConn bool)
}

// ConnInfo describes a connection for authentication.
type ConnInfo struct {
	Local    bool // Unix-domain socket
	Addr     net.IP
	TLS      *tls.ConnectionState
	Database string
	User     string
}

// Authenticator chooses the authentication method for a connection (the
// pg_hba.conf rules) and runs the exchange over conn. It returns a FATAL
// error to send to the client when authentication fails. role is nil when
// no such role exists.
type Authenticator interface {
	Authenticate(conn *pgwire.Conn, info ConnInfo, role *Role) error
}

// TrustAll is an Authenticator that admits everyone (the trust method).
type TrustAll struct{}

// Authenticate implements Authenticator.
func (TrustAll) Authenticate(*pgwire.Conn, ConnInfo, *Role) error { return nil }

// Options configure a Server.
type Options struct {
	Config  *guc.Config
	Catalog Catalog
	Auth    Authenticator
	TLS     *tls.Config
	// Log writes one server log line.
	Log   func(format string, args ...any)
	Knobs *backend.TestingKnobs
	// Store and Engine are the catalog and the key-value store backends
	// run on.
	Store  *catalog.Store
	Engine backend.Engine
}

// Server is the postmaster: it listens, admits connections and supervises
// their backends. Create it with New, then Listen and Serve.
type Server struct {
	cfg     atomic.Pointer[guc.Config]
	tlsConf atomic.Pointer[tls.Config]
	auth    atomic.Pointer[Authenticator]
	catalog Catalog
	log     func(format string, args ...any)

	reg   *Registry
	besrv *backend.Server

	mu        sync.Mutex
	listeners []net.Listener
	// conns maps every open client connection to its backend (nil until
	// the session is authenticated).
	conns map[net.Conn]*backend.Backend

	mode    atomic.Int32
	wg      sync.WaitGroup
	stopped chan struct{}
	stop    sync.Once
}

// New returns a postmaster with the given options.
func New(o Options) *Server {
	s := &Server{catalog: o.Catalog, log: o.Log, reg: NewRegistry(), conns: map[net.Conn]*backend.Backend{}, stopped: make(chan struct{})}
	if s.log == nil {
		s.log = func(string, ...any) {}
	}
	s.cfg.Store(o.Config)
	if o.TLS != nil {
		s.tlsConf.Store(o.TLS)
	}
	auth := o.Auth
	if auth == nil {
		auth = TrustAll{}
	}
	s.auth.Store(&auth)
	s.besrv = &backend.Server{Config: s.Config, Knobs: o.Knobs, Log: s.log, Catalog: o.Store, Engine: o.Engine, Sessions: s.reg}
	return s
}

// Config returns the current server configuration.
func (s *Server) Config() *guc.Config { return s.cfg.Load() }

// Registry returns the backend registry.
func (s *Server) Registry() *Registry { return s.reg }

// TLSConfig returns the TLS configuration in force (nil: ssl is off).
func (s *Server) TLSConfig() *tls.Config { return s.tlsConf.Load() }

// Reload installs a new configuration, authenticator and TLS
// configuration (SIGHUP). Sessions keep their own settings; new sessions
// and new connections use the new values.
func (s *Server) Reload(cfg *guc.Config, auth Authenticator, tlsConf *tls.Config) {
	if cfg != nil {
		s.cfg.Store(cfg)
	}
	if auth != nil {
		s.auth.Store(&auth)
	}
	s.tlsConf.Store(tlsConf)
}

// Listen opens the TCP and Unix-domain listeners configured by
// listen_addresses, port and unix_socket_directories.
func (s *Server) Listen() error {
	cfg := s.Config()
	port := cfg.Int("port")
	var lns []net.Listener
	fail := func(err error) error {
		for _, l := range lns {
			l.Close()
		}
		return err
	}
	for _, host := range listenHosts(cfg.Get("listen_addresses")) {
		l, err := net.Listen(host.network, net.JoinHostPort(host.addr, strconv.Itoa(port)))
		if err != nil {
			if host.optional {
				continue
			}
			return fail(fmt.Errorf("could not listen on %s: %w", host.addr, err))
		}
		lns = append(lns, l)
		if port == 0 {
			// An ephemeral port: every other listener uses the same one.
			port = l.Addr().(*net.TCPAddr).Port
			s.cfg.Store(withPort(cfg, port))
		}
	}
	for _, dir := range guc.SplitDirectories(cfg.Get("unix_socket_directories")) {
		if dir == "" {
			continue
		}
		path := filepath.Join(dir, ".s.PGSQL."+strconv.Itoa(port))
		if _, err := os.Stat(path); err == nil {
			if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
				c.Close()
				return fail(fmt.Errorf("could not create Unix socket %s: another server is listening there", path))
			}
			os.Remove(path)
		}
		l, err := net.Listen("unix", path)
		if err != nil {
			return fail(fmt.Errorf("could not create Unix socket %s: %w", path, err))
		}
		os.Chmod(path, 0o777)
		lns = append(lns, l)
	}
	if len(lns) == 0 {
		return errors.New("no socket created for listening")
	}
	s.mu.Lock()
	s.listeners = lns
	s.mu.Unlock()
	return nil
}

func withPort(cfg *guc.Config, port int) *guc.Config {
	c := cfg.Clone()
	c.Set("port", strconv.Itoa(port), "command line")
	return c
}

type listenHost struct {
	network, addr string
	optional      bool
}

// listenHosts expands listen_addresses: "*" is every address, "localhost"
// is 127.0.0.1 and ::1 (::1 optional, as some machines lack IPv6).
func listenHosts(v string) []listenHost {
	var out []listenHost
	for _, h := range strings.Split(v, ",") {
		h = strings.TrimSpace(h)
		switch h {
		case "":
		case "*":
			out = append(out, listenHost{"tcp", "", false})
		case "localhost":
			out = append(out, listenHost{"tcp4", "127.0.0.1", false}, listenHost{"tcp6", "::1", true})
		default:
			out = append(out, listenHost{"tcp", h, false})
		}
	}
	return out
}

// Addrs returns the addresses listened on.
func (s *Server) Addrs() []net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []net.Addr
	for _, l := range s.listeners {
		out = append(out, l.Addr())
	}
	return out
}

// Serve accepts connections until shutdown completes. Each connection is
// served on its own goroutine.
func (s *Server) Serve() error {
	s.mu.Lock()
	lns := s.listeners
	s.mu.Unlock()
	for _, l := range lns {
		go s.acceptLoop(l)
	}
	<-s.stopped
	return nil
}

// acceptLoop accepts connections on one listener, backing off on temporary
// errors as net/http's Serve does.
func (s *Server) acceptLoop(l net.Listener) {
	var delay time.Duration
	for {
		c, err := l.Accept()
		if err != nil {
			if Mode(s.mode.Load()) != Running || errors.Is(err, net.ErrClosed) {
				return
			}
			if delay == 0 {
				delay = 5 * time.Millisecond
			} else {
				delay *= 2
			}
			if delay > time.Second {
				delay = time.Second
			}
			s.log("accept error: %v; retrying in %v", err, delay)
			time.Sleep(delay)
			continue
		}
		delay = 0
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetNoDelay(true)
			tc.SetKeepAlive(true)
		}
		s.mu.Lock()
		s.conns[c] = nil
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
			s.serveConn(c)
		}()
	}
}

// Shutdown begins a shutdown in the given mode; a more urgent mode than
// the current one escalates. It returns at once; Serve returns when the
// shutdown completes.
func (s *Server) Shutdown(m Mode) {
	for {
		cur := Mode(s.mode.Load())
		if m <= cur {
			return
		}
		if s.mode.CompareAndSwap(int32(cur), int32(m)) {
			break
		}
	}
	s.log("received %s shutdown request", m)
	s.closeListeners()
	switch m {
	case Smart:
		go func() {
			<-s.reg.Empty()
			s.finish()
		}()
	case Fast:
		s.terminateAll(pgerror.New(pgerror.AdminShutdown, "terminating connection due to administrator command"))
		go func() {
			s.wg.Wait()
			s.finish()
		}()
	case Immediate:
		s.terminateAll(pgerror.New(pgerror.AdminShutdown, "terminating connection due to immediate shutdown command"))
		go func() {
			done := make(chan struct{})
			go func() { s.wg.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(100 * time.Millisecond):
			}
			s.mu.Lock()
			for c := range s.conns {
				c.Close()
			}
			s.mu.Unlock()
			s.finish()
		}()
	}
}

// terminateAll ends every session with e, and closes connections that
// have no session yet.
func (s *Server) terminateAll(e *pgerror.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c, be := range s.conns {
		if be != nil {
			be.Terminate(e)
		} else {
			c.Close()
		}
	}
}

// setConnBackend records that a connection's session started.
func (s *Server) setConnBackend(c net.Conn, be *backend.Backend) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if Mode(s.mode.Load()) >= Fast {
		return false
	}
	s.conns[c] = be
	return true
}

func (s *Server) closeListeners() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.listeners {
		l.Close()
	}
}

func (s *Server) finish() {
	s.stop.Do(func() {
		s.log("database system is shut down")
		close(s.stopped)
	})
}

// Done is closed when shutdown has completed.
func (s *Server) Done() <-chan struct{} { return s.stopped }

// Mode returns the shutdown state.
func (s *Server) Mode() Mode { return Mode(s.mode.Load()) }
