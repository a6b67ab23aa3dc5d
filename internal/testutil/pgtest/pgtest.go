package pgtest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Options configure a server. The zero value is a plain server.
type Options struct {
	// Conf holds extra postgresql.conf settings, written before start.
	Conf map[string]string
	// HBA replaces pg_hba.conf when non-empty.
	HBA string
	// Files are written into the data directory before start (for example
	// TLS certificates), readable only by the server's user.
	Files map[string][]byte
	// InitdbArgs are appended to initdb's arguments.
	InitdbArgs []string
}

// Server is a running throwaway PostgreSQL server.
type Server struct {
	BinDir  string
	DataDir string
	// SocketDir holds the Unix socket .s.PGSQL.<Port>.
	SocketDir string
	Host      string // loopback address the server listens on
	Port      int
	User      string // the bootstrap superuser, "postgres"

	cred    *syscall.Credential
	root    string
	logFile string
	stop    sync.Once
}

// BinDir returns the directory holding PostgreSQL's binaries.
func BinDir() (string, error) {
	if d := os.Getenv("PG_BINDIR"); d != "" {
		return d, nil
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		d := strings.TrimSpace(string(out))
		if _, err := os.Stat(filepath.Join(d, "postgres")); err == nil {
			return d, nil
		}
	}
	d := "/usr/lib/postgresql/15/bin"
	if _, err := os.Stat(filepath.Join(d, "postgres")); err != nil {
		return "", fmt.Errorf("pgtest: PostgreSQL 15 not found (set PG_BINDIR, or install postgresql-15): %w", err)
	}
	return d, nil
}

// Bin returns the path of one of PostgreSQL's programs (psql, pgbench, ...).
func Bin(name string) (string, error) {
	d, err := BinDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, name), nil
}

// Start starts a server for one test and stops it when the test ends. It
// fails the test when PostgreSQL cannot be started.
func Start(tb testing.TB, opts ...Options) *Server {
	tb.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	s, err := StartServer(o)
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	tb.Cleanup(s.Stop)
	return s
}

var (
	sharedMu  sync.Mutex
	sharedSrv *Server
	sharedErr error
)

// Shared returns one server shared by every test in the process, started on
// first use. Stop it from TestMain with StopShared. It fails the test when
// PostgreSQL cannot be started.
func Shared(tb testing.TB) *Server {
	tb.Helper()
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if sharedSrv == nil && sharedErr == nil {
		sharedSrv, sharedErr = StartServer(Options{})
	}
	if sharedErr != nil {
		tb.Fatalf("pgtest: %v", sharedErr)
	}
	return sharedSrv
}

// StopShared stops the server returned by Shared, if one was started.
func StopShared() {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if sharedSrv != nil {
		sharedSrv.Stop()
		sharedSrv = nil
	}
}

// StartServer starts a server; the caller must call Stop.
func StartServer(o Options) (*Server, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	root, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, err
	}
	s := &Server{BinDir: bin, root: root, User: "postgres", Host: "127.0.0.1"}
	s.DataDir = filepath.Join(root, "data")
	s.SocketDir = root
	s.logFile = filepath.Join(root, "server.log")

	if os.Geteuid() == 0 {
		cred, err := unprivileged()
		if err != nil {
			os.RemoveAll(root)
			return nil, err
		}
		s.cred = cred
		if err := os.Chown(root, int(cred.Uid), int(cred.Gid)); err != nil {
			os.RemoveAll(root)
			return nil, err
		}
	}
	if err := os.Chmod(root, 0o755); err != nil {
		os.RemoveAll(root)
		return nil, err
	}
	args := append([]string{"-D", s.DataDir, "-U", s.User, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"}, o.InitdbArgs...)
	if out, err := s.run("initdb", args...); err != nil {
		os.RemoveAll(root)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	for name, data := range o.Files {
		p := filepath.Join(s.DataDir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			s.removeAll()
			return nil, err
		}
		if s.cred != nil {
			os.Chown(p, int(s.cred.Uid), int(s.cred.Gid))
		}
	}
	if o.HBA != "" {
		p := filepath.Join(s.DataDir, "pg_hba.conf")
		if err := os.WriteFile(p, []byte(o.HBA), 0o600); err != nil {
			s.removeAll()
			return nil, err
		}
		if s.cred != nil {
			os.Chown(p, int(s.cred.Uid), int(s.cred.Gid))
		}
	}

	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		s.Port = port
		if err := s.writeConf(o.Conf); err != nil {
			s.removeAll()
			return nil, err
		}
		out, err := s.run("pg_ctl", "-D", s.DataDir, "-l", s.logFile, "-w", "-t", "60", "start")
		if err == nil {
			return s, nil
		}
		log, _ := os.ReadFile(s.logFile)
		lastErr = fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
		if !bytes.Contains(log, []byte("could not bind")) && !bytes.Contains(log, []byte("already in use")) {
			break
		}
	}
	s.removeAll()
	return nil, lastErr
}

func (s *Server) writeConf(extra map[string]string) error {
	conf := map[string]string{
		"listen_addresses":        "'" + s.Host + "'",
		"port":                    strconv.Itoa(s.Port),
		"unix_socket_directories": "'" + s.SocketDir + "'",
		"fsync":                   "off",
		"synchronous_commit":      "off",
		"full_page_writes":        "off",
		"max_connections":         "100",
		"shared_buffers":          "32MB",
		"log_min_messages":        "warning",
		"timezone":                "'UTC'",
	}
	for k, v := range extra {
		conf[k] = v
	}
	keys := make([]string, 0, len(conf))
	for k := range conf {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s = %s\n", k, conf[k])
	}
	p := filepath.Join(s.DataDir, "postgresql.auto.conf")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		return err
	}
	if s.cred != nil {
		return os.Chown(p, int(s.cred.Uid), int(s.cred.Gid))
	}
	return nil
}

// DSN returns a libpq URL for the database db over TCP, with TLS disabled.
func (s *Server) DSN(db string) string {
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", s.User, s.Host, s.Port, db)
}

// Addr returns host:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Env returns PGHOST, PGPORT and PGUSER settings for running PostgreSQL's
// client programs against this server over TCP.
func (s *Server) Env() []string {
	return []string{"PGHOST=" + s.Host, "PGPORT=" + strconv.Itoa(s.Port), "PGUSER=" + s.User, "PGSSLMODE=disable"}
}

// Command returns a command running one of PostgreSQL's client programs
// (psql, pgbench, pg_dump, ...) with the environment pointing at s.
func (s *Server) Command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(s.BinDir, name), args...)
	cmd.Env = append(os.Environ(), s.Env()...)
	return cmd
}

// CreateDatabase creates a database using createdb.
func (s *Server) CreateDatabase(name string) error {
	out, err := s.Command(context.Background(), "createdb", name).CombinedOutput()
	if err != nil {
		return fmt.Errorf("createdb %s: %v: %s", name, err, out)
	}
	return nil
}

// Log returns the server's log so far.
func (s *Server) Log() string {
	b, _ := os.ReadFile(s.logFile)
	return string(b)
}

// Stop stops the server (immediate mode) and removes its directory. It is
// safe to call more than once.
func (s *Server) Stop() {
	s.stop.Do(func() {
		s.run("pg_ctl", "-D", s.DataDir, "-m", "immediate", "-w", "stop")
		s.removeAll()
	})
}

func (s *Server) removeAll() { os.RemoveAll(s.root) }

func (s *Server) run(prog string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(s.BinDir, prog), args...)
	cmd.Dir = s.root
	cmd.Env = append(os.Environ(), "LC_ALL=C", "TZ=UTC")
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
		cmd.Env = append(cmd.Env, "HOME="+s.root)
	}
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	// pg_ctl start leaves the postmaster running with our pipes open; do
	// not wait on them beyond the command's own exit.
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	return out.Bytes(), err
}

func unprivileged() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, fmt.Errorf("running as root and no unprivileged user (postgres, nobody) exists to run PostgreSQL")
}

// UnprivilegedCredential returns the credential that servers started by this
// package run as when the process is root, or nil when it is not root.
func UnprivilegedCredential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	return unprivileged()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
