// Package tusk runs a PostgreSQL-compatible database server inside a Go
// program: the tusk binary (cmd/tusk) is a thin wrapper around it, and Go
// users start in-memory servers in their tests with it.
//
//	srv, err := tusk.Start(tusk.Options{InMemory: true, Settings: map[string]string{"port": "0"}})
//	...
//	db, err := sql.Open("pgx", srv.DSN("postgres"))
//	...
//	srv.Close()
//
// A server owns a data directory (created on first start, as initdb would,
// with the superuser "postgres" and the database "postgres"), or keeps
// everything in memory. It listens on TCP and Unix-domain sockets as its
// settings say (listen_addresses, port, unix_socket_directories), reads
// postgresql.conf and pg_hba.conf from the data directory, and reloads
// them on Reload.
package tusk

import (
	"context"
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
	"github.com/tuskdb/tusk/internal/kv/pebblekv"
	"github.com/tuskdb/tusk/internal/postmaster"
	"github.com/tuskdb/tusk/internal/txn"
)

// Options configure a server. The zero value is an on-disk server in
// ./data listening on localhost:5432.
type Options struct {
	// DataDir is the data directory; "data" when empty and InMemory is
	// false.
	DataDir string
	// InMemory keeps all data in memory; nothing is written to disk.
	InMemory bool
	// Settings are applied after postgresql.conf, like the postgres
	// binary's -c name=value options. A "port" of "0" picks a free port.
	Settings map[string]string
	// SuperuserName is the bootstrap superuser's name ("postgres" when
	// empty); SuperuserPassword its password ("" for none).
	SuperuserName     string
	SuperuserPassword string
	// Log receives server log lines; nil discards them.
	Log func(line string)

	knobs *backend.TestingKnobs
}

// Mode is a shutdown mode.
type Mode = postmaster.Mode

// The shutdown modes.
const (
	Smart     = postmaster.Smart
	Fast      = postmaster.Fast
	Immediate = postmaster.Immediate
)

// Server is a running server.
type Server struct {
	opts    Options
	dataDir string
	pm      *postmaster.Server
	store   *catalog.Store
	db      *pebblekv.DB
	// immediate is set by an immediate shutdown, which leaves the engine
	// as a crash would.
	immediate atomic.Bool
	served    chan struct{}
	closeMu   sync.Mutex
	closed    bool
}

// Start initializes the data directory if needed, opens the listeners and
// starts serving. It returns once the server accepts connections.
func Start(o Options) (*Server, error) {
	s := &Server{opts: o, served: make(chan struct{})}
	if o.SuperuserName == "" {
		s.opts.SuperuserName = "postgres"
	}
	if !o.InMemory {
		s.dataDir = o.DataDir
		if s.dataDir == "" {
			s.dataDir = "data"
		}
		abs, err := filepath.Abs(s.dataDir)
		if err != nil {
			return nil, err
		}
		s.dataDir = abs
		if err := initDataDir(s.dataDir); err != nil {
			return nil, err
		}
		if err := lockDataDir(s.dataDir); err != nil {
			return nil, err
		}
	}
	cfg, err := s.loadConfig(false)
	if err != nil {
		s.unlock()
		return nil, err
	}
	secret := ""
	if s.opts.SuperuserPassword != "" {
		secret, err = encryptPassword(s.opts.SuperuserPassword, s.opts.SuperuserName, cfg.Get("password_encryption"))
		if err != nil {
			s.unlock()
			return nil, err
		}
	}
	if err := s.openEngine(cfg); err != nil {
		s.unlock()
		return nil, err
	}
	store, err := catalog.Open(context.Background(), catalog.OnKV(s.db))
	if err != nil {
		s.closeEngine()
		s.unlock()
		return nil, err
	}
	if err := store.EnsureRole(context.Background(), s.opts.SuperuserName, secret); err != nil {
		s.unlock()
		return nil, err
	}
	// Temporary schemas belong to sessions, and none exists yet: any
	// found now were left by a crash.
	if err := backend.RemoveTempSchemas(context.Background(), store, txn.NewManager(s.db)); err != nil {
		s.closeEngine()
		s.unlock()
		return nil, err
	}
	s.store = store
	auth, err := s.loadAuth(cfg)
	if err != nil {
		s.unlock()
		return nil, err
	}
	tlsConf, err := s.loadTLS(cfg)
	if err != nil {
		s.unlock()
		return nil, err
	}
	s.pm = postmaster.New(postmaster.Options{
		Config: cfg, Catalog: connCatalog{store}, Auth: auth, TLS: tlsConf, Log: s.logf, Knobs: o.knobs,
		Store: store, Engine: txn.NewManager(s.db),
	})
	if err := s.pm.Listen(); err != nil {
		s.unlock()
		return nil, err
	}
	s.logListening()
	go func() {
		s.pm.Serve()
		s.closeEngine()
		close(s.served)
	}()
	return s, nil
}

func (s *Server) logf(format string, args ...any) {
	if s.opts.Log != nil {
		s.opts.Log(fmt.Sprintf(format, args...))
	}
}

func (s *Server) logListening() {
	var parts []string
	for _, a := range s.pm.Addrs() {
		if a.Network() == "unix" {
			parts = append(parts, a.String())
		} else {
			parts = append(parts, a.String())
		}
	}
	where := "in memory"
	if s.dataDir != "" {
		where = "data directory " + s.dataDir
	}
	s.logf("tusk %s (PostgreSQL %s compatible) listening on %s; %s", guc.TuskVersion, strings.Fields(guc.ServerVersion)[0], strings.Join(parts, ", "), where)
}

// Addr returns the first TCP address the server listens on
// ("127.0.0.1:5432"), or "" when it listens on none.
func (s *Server) Addr() string {
	for _, a := range s.pm.Addrs() {
		if ta, ok := a.(*net.TCPAddr); ok {
			return ta.String()
		}
	}
	return ""
}

// Port returns the TCP port.
func (s *Server) Port() int { return s.pm.Config().Int("port") }

// SocketPaths returns the Unix-domain socket paths.
func (s *Server) SocketPaths() []string {
	var out []string
	for _, a := range s.pm.Addrs() {
		if a.Network() == "unix" {
			out = append(out, a.String())
		}
	}
	return out
}

// DSN returns a libpq connection URL for a database, connecting over TCP
// as the bootstrap superuser with TLS disabled.
func (s *Server) DSN(database string) string {
	host, port, _ := net.SplitHostPort(s.Addr())
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	user := s.opts.SuperuserName
	if s.opts.SuperuserPassword != "" {
		user += ":" + s.opts.SuperuserPassword
	}
	return fmt.Sprintf("postgres://%s@%s:%s/%s?sslmode=disable", user, host, port, database)
}

// DataDir returns the data directory, or "" for an in-memory server.
func (s *Server) DataDir() string { return s.dataDir }

// Shutdown stops the server in the given mode and waits until it has
// stopped or ctx ends. Calling it again with a more urgent mode escalates.
func (s *Server) Shutdown(ctx context.Context, m Mode) error {
	if m == Immediate {
		s.immediate.Store(true)
	}
	s.pm.Shutdown(m)
	select {
	case <-s.served:
		s.unlock()
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops the server (fast shutdown) and waits for it.
func (s *Server) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx, Fast); err != nil {
		return s.Shutdown(context.Background(), Immediate)
	}
	return nil
}

// Done is closed when the server has stopped.
func (s *Server) Done() <-chan struct{} { return s.served }

// Reload re-reads postgresql.conf and pg_hba.conf (SIGHUP). Invalid files
// are reported and the previous settings kept.
func (s *Server) Reload() error {
	cfg, err := s.loadConfig(true)
	if err != nil {
		s.logf("LOG:  configuration file contains errors; unaffected changes were applied: %v", err)
	}
	auth, aerr := s.loadAuth(cfg)
	if aerr != nil {
		s.logf("LOG:  %v; pg_hba.conf was not reloaded", aerr)
		auth = nil
	}
	tlsConf, terr := s.loadTLS(cfg)
	if terr != nil {
		s.logf("LOG:  %v; SSL configuration was not reloaded", terr)
		// Keep the SSL configuration in force, as PostgreSQL does.
		tlsConf = s.pm.TLSConfig()
	}
	s.pm.Reload(cfg, auth, tlsConf)
	return errors.Join(err, aerr, terr)
}

// loadConfig builds the server configuration: built-in defaults, then
// postgresql.conf, then the command-line settings.
func (s *Server) loadConfig(reload bool) (*guc.Config, error) {
	var cfg *guc.Config
	if reload {
		cfg = s.pm.Config().Clone()
	} else {
		cfg = guc.NewConfig()
		for name, v := range defaultSettings() {
			if err := cfg.Set(name, v, "default"); err != nil {
				return nil, fmt.Errorf("default %s: %w", name, err)
			}
		}
	}
	var errs []error
	if s.dataDir != "" {
		path := filepath.Join(s.dataDir, "postgresql.conf")
		items, err := guc.ParseConfFile(path)
		if err != nil && !os.IsNotExist(err) {
			if !reload {
				return nil, err
			}
			return s.pm.Config(), err
		}
		errs = append(errs, cfg.ApplyConf(items, reload)...)
		if len(errs) > 0 && !reload {
			return nil, errors.Join(errs...)
		}
	}
	if !reload {
		for name, v := range s.opts.Settings {
			if name == "port" && v == "0" {
				continue
			}
			if err := cfg.Set(name, v, "command line"); err != nil {
				return nil, fmt.Errorf("invalid setting %s=%s: %s", name, v, strings.TrimPrefix(err.Error(), "ERROR: "))
			}
		}
		if s.opts.Settings["port"] == "0" {
			cfg = setPortZero(cfg)
		}
	} else {
		// Command-line settings keep precedence over the file.
		for name, v := range s.opts.Settings {
			if name == "port" {
				continue
			}
			cfg.Set(name, v, "command line")
		}
	}
	return cfg, errors.Join(errs...)
}

// setPortZero asks the postmaster to listen on an ephemeral port.
func setPortZero(cfg *guc.Config) *guc.Config {
	c := cfg.Clone()
	c.ForceSet("port", "0")
	return c
}

// defaultSettings are tusk's defaults that depend on the machine.
func defaultSettings() map[string]string {
	dirs := "/tmp"
	if fi, err := os.Stat("/var/run/postgresql"); err == nil && fi.IsDir() {
		dirs += ", /var/run/postgresql"
	}
	return map[string]string{
		"unix_socket_directories": dirs,
		"TimeZone":                systemTimeZone(),
		"log_timezone":            systemTimeZone(),
	}
}

// systemTimeZone finds the machine's time zone name as initdb does.
func systemTimeZone() string {
	if tz := os.Getenv("TZ"); tz != "" {
		if _, ok := guc.TimeZoneResolver(strings.TrimPrefix(tz, ":")); ok {
			return strings.TrimPrefix(tz, ":")
		}
	}
	if b, err := os.ReadFile("/etc/timezone"); err == nil {
		if tz := strings.TrimSpace(string(b)); tz != "" {
			if _, ok := guc.TimeZoneResolver(tz); ok {
				return tz
			}
		}
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			tz := target[i+len("zoneinfo/"):]
			if _, ok := guc.TimeZoneResolver(tz); ok {
				return tz
			}
		}
	}
	return "UTC"
}

func (s *Server) unlock() {
	if s.dataDir != "" {
		os.Remove(filepath.Join(s.dataDir, "postmaster.pid"))
	}
}

// initDataDir creates a data directory on first start, with the files
// initdb writes.
func initDataDir(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("could not create data directory: %w", err)
	}
	files := map[string]string{
		"PG_VERSION":      "15\n",
		"postgresql.conf": defaultPostgresqlConf,
		"pg_hba.conf":     defaultHBAConf(),
		"pg_ident.conf":   "# PostgreSQL User Name Maps\n# MAPNAME       SYSTEM-USERNAME         PG-USERNAME\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			return err
		}
	}
	return nil
}

// lockDataDir writes postmaster.pid, refusing to start when another live
// server holds it.
func lockDataDir(dir string) error {
	p := filepath.Join(dir, "postmaster.pid")
	if b, err := os.ReadFile(p); err == nil {
		line, _, _ := strings.Cut(string(b), "\n")
		if pid, err := strconv.Atoi(strings.TrimSpace(line)); err == nil && pid != os.Getpid() && processAlive(pid) {
			return fmt.Errorf(`lock file "postmaster.pid" already exists; is another server (PID %d) running in data directory "%s"?`, pid, dir)
		}
	}
	content := fmt.Sprintf("%d\n%s\n%d\n", os.Getpid(), dir, time.Now().Unix())
	return os.WriteFile(p, []byte(content), 0o600)
}

const defaultPostgresqlConf = `# tusk configuration file, in PostgreSQL's postgresql.conf format.
#
# Each line is "name = value". Settings given on the command line (-c
# name=value) override this file. After editing, send the server SIGHUP
# (or restart it for settings marked "change requires restart").

#listen_addresses = 'localhost'		# what IP address(es) to listen on;
					# comma-separated list of addresses;
					# '*' = all (change requires restart)
#port = 5432				# (change requires restart)
#max_connections = 100			# (change requires restart)
#superuser_reserved_connections = 3	# (change requires restart)
#unix_socket_directories = '/tmp'	# comma-separated list of directories
					# (change requires restart)
#authentication_timeout = 1min		# 1s-600s
#password_encryption = scram-sha-256	# scram-sha-256 or md5

#ssl = off
#ssl_cert_file = 'server.crt'
#ssl_key_file = 'server.key'

#statement_timeout = 0			# in milliseconds, 0 is disabled
#lock_timeout = 0			# in milliseconds, 0 is disabled
#synchronous_commit = on		# synchronization level

datestyle = 'iso, mdy'
lc_messages = 'C'
lc_monetary = 'C'
lc_numeric = 'C'
lc_time = 'C'
default_text_search_config = 'pg_catalog.english'
`

// openEngine opens the storage engine: in memory, or in the data
// directory's base/ with the log synced at commit unless
// synchronous_commit is off.
func (s *Server) openEngine(cfg *guc.Config) error {
	opts := &pebblekv.Options{NoSync: cfg.Get("synchronous_commit") == "off"}
	var err error
	if s.opts.InMemory {
		s.db, err = pebblekv.OpenInMemory(opts)
	} else {
		s.db, err = pebblekv.Open(filepath.Join(s.dataDir, "base"), opts)
	}
	return err
}

// closeEngine closes the engine, unless an immediate shutdown left
// backends that may still use it.
func (s *Server) closeEngine() {
	if s.db != nil && !s.immediate.Load() {
		s.db.Close()
	}
}
