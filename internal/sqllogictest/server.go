package sqllogictest

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Server is a server on which the runner creates a fresh database for each
// file: the target under test or the oracle. It must be safe for concurrent
// use when files run in parallel.
type Server interface {
	// NewDatabase creates an empty database and returns a connection string
	// (a libpq URL or keyword/value string, as pgconn.ParseConfig reads it)
	// for it. name is unique within the process, at most 63 bytes of
	// [a-z0-9_], and should be the database's name; an implementation may
	// instead start a whole fresh server and ignore it.
	NewDatabase(ctx context.Context, name string) (dsn string, err error)
}

// DatabaseDropper is an optional interface of a Server: when implemented,
// each file's database is dropped when the file is done.
type DatabaseDropper interface {
	DropDatabase(ctx context.Context, name string) error
}

// ServerFunc adapts a function to Server.
type ServerFunc func(ctx context.Context, name string) (dsn string, err error)

// NewDatabase calls f.
func (f ServerFunc) NewDatabase(ctx context.Context, name string) (string, error) {
	return f(ctx, name)
}

// DSNServer returns a Server that creates databases with CREATE DATABASE
// over a connection to dsn (typically the "postgres" database of a server,
// for example pgtest's s.DSN("postgres") or tusk's srv.DSN("postgres")), and
// drops them with DROP DATABASE ... WITH (FORCE).
func DSNServer(dsn string) Server { return dsnServer(dsn) }

type dsnServer string

func (s dsnServer) NewDatabase(ctx context.Context, name string) (string, error) {
	if err := s.exec(ctx, "CREATE DATABASE "+quoteIdent(name)); err != nil {
		return "", err
	}
	return WithDatabase(string(s), name)
}

func (s dsnServer) DropDatabase(ctx context.Context, name string) error {
	return s.exec(ctx, "DROP DATABASE IF EXISTS "+quoteIdent(name)+" WITH (FORCE)")
}

func (s dsnServer) exec(ctx context.Context, sql string) error {
	c, err := pgconn.Connect(ctx, string(s))
	if err != nil {
		return err
	}
	defer c.Close(context.Background())
	_, err = c.Exec(ctx, sql).ReadAll()
	if err != nil {
		return fmt.Errorf("%s: %w", sql, err)
	}
	return nil
}

// WithDatabase returns dsn with its database replaced by db. dsn is a libpq
// URL (postgres:// or postgresql://) or a keyword/value string.
func WithDatabase(dsn, db string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", err
		}
		u.Path = "/" + db
		u.RawPath = ""
		return u.String(), nil
	}
	return strings.TrimSpace(dsn) + " dbname='" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(db) + "'", nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

var (
	dbSeq atomic.Int64
	// runToken keeps names from different processes apart on a long-lived
	// server.
	runToken = strconv.FormatInt(time.Now().UnixNano()%(36*36*36*36*36), 36)
)

// databaseName returns a fresh database name built from prefix and a
// hint such as a file's path.
func databaseName(prefix, hint string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(hint) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
		default:
			if s := b.String(); len(s) > 0 && s[len(s)-1] != '_' {
				b.WriteByte('_')
			}
		}
	}
	h := strings.Trim(b.String(), "_")
	suffix := fmt.Sprintf("_%s_%d", runToken, dbSeq.Add(1))
	max := 63 - len(prefix) - len(suffix) - 1
	if len(h) > max {
		h = h[len(h)-max:]
	}
	return prefix + "_" + h + suffix
}

// FreshServer returns a Server that starts a whole new server for every
// database, for targets without CREATE DATABASE (an in-memory tusk per
// file). start returns the new server's DSN and a function that stops it;
// the runner calls stop when the file is done.
func FreshServer(start func(ctx context.Context) (dsn string, stop func(), err error)) Server {
	return &freshServer{start: start, stops: map[string]func(){}}
}

type freshServer struct {
	start func(ctx context.Context) (string, func(), error)
	mu    sync.Mutex
	stops map[string]func()
}

func (s *freshServer) NewDatabase(ctx context.Context, name string) (string, error) {
	dsn, stop, err := s.start(ctx)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	s.stops[name] = stop
	s.mu.Unlock()
	return dsn, nil
}

func (s *freshServer) DropDatabase(ctx context.Context, name string) error {
	s.mu.Lock()
	stop := s.stops[name]
	delete(s.stops, name)
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
	return nil
}
