package sqllogictest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
)

// status classifies the outcome of running one record's SQL on one server.
type status int

const (
	statusOK       status = iota
	statusSQLError        // the server answered with an ErrorResponse
	statusTimeout         // the record timeout expired; the query was cancelled
	statusConnLost        // the connection broke or could not be made
)

func (s status) String() string {
	switch s {
	case statusOK:
		return "ok"
	case statusSQLError:
		return "error"
	case statusTimeout:
		return "timeout"
	case statusConnLost:
		return "connection lost"
	}
	return "?"
}

// outcome is what one server did with one record's SQL.
type outcome struct {
	status status
	err    error
	// columns and rows of the last result that had a row description.
	columns int
	rows    [][][]byte
}

func (o outcome) ok() bool { return o.status == statusOK }

// describe renders a failed outcome in one short line.
func (o outcome) describe() string {
	switch o.status {
	case statusOK:
		return "ok"
	case statusSQLError:
		var pe *pgconn.PgError
		if errors.As(o.err, &pe) {
			return truncate(fmt.Sprintf("error %s: %s", pe.Code, pe.Message), 200)
		}
	}
	msg := ""
	if o.err != nil {
		msg = ": " + oneLine(o.err.Error())
	}
	return truncate(o.status.String()+msg, 200)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// session is one connection to one database, re-established when it breaks.
// It runs every statement with the simple query protocol. Not safe for
// concurrent use.
type session struct {
	dsn   string
	grace time.Duration // after a cancel request, how long to wait before breaking the connection
	conn  *pgconn.PgConn
}

func (s *session) connect(ctx context.Context) error {
	cfg, err := pgconn.ParseConfig(s.dsn)
	if err != nil {
		return err
	}
	grace := s.grace
	// On timeout, send a CancelRequest at once; if the server has not
	// answered grace later, break the connection (it is re-established
	// before the next record).
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: grace}
	}
	c, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	s.conn = c
	return nil
}

// exec runs sql under ctx, cancelling it after timeout.
func (s *session) exec(ctx context.Context, sql string, timeout time.Duration) outcome {
	qctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if s.conn == nil || s.conn.IsClosed() {
		s.conn = nil
		if err := s.connect(qctx); err != nil {
			return outcome{status: statusConnLost, err: fmt.Errorf("reconnect: %w", err)}
		}
	}
	rs, err := s.conn.Exec(qctx, sql).ReadAll()
	if err != nil {
		var pe *pgconn.PgError
		switch {
		case qctx.Err() != nil && ctx.Err() == nil:
			return outcome{status: statusTimeout, err: fmt.Errorf("no answer within %v", timeout)}
		case ctx.Err() != nil:
			return outcome{status: statusTimeout, err: ctx.Err()}
		case errors.As(err, &pe):
			return outcome{status: statusSQLError, err: err}
		default:
			if s.conn.IsClosed() {
				s.conn = nil
			}
			return outcome{status: statusConnLost, err: err}
		}
	}
	var o outcome
	for _, r := range rs {
		if len(r.FieldDescriptions) > 0 {
			o.columns = len(r.FieldDescriptions)
			o.rows = r.Rows
		}
	}
	return o
}

func (s *session) close() {
	if s.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		s.conn.Close(ctx)
		cancel()
		s.conn = nil
	}
}
