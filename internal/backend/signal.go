package backend

import (
	"time"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/builtins"
)

var _ builtins.Signaler = (*Backend)(nil)

// SignalBackend implements pg_cancel_backend and pg_terminate_backend, with
// PostgreSQL's rules (signalfuncs.c): an unknown process ID is a warning
// and false; only a superuser may signal a superuser's session, and
// otherwise only the session's own role may.
func (b *Backend) SignalBackend(pid int32, terminate bool, timeout time.Duration) (bool, error) {
	target := b.findBackend(pid)
	if target == nil {
		b.conn.SendNotice(pgerror.Warning(pgerror.Warning01000, "PID %d is not a PostgreSQL backend process", pid))
		return false, nil
	}
	if !b.opts.Superuser {
		switch {
		case target.opts.Superuser && terminate:
			return false, pgerror.New(pgerror.InsufficientPrivilege, "must be a superuser to terminate superuser process")
		case target.opts.Superuser:
			return false, pgerror.New(pgerror.InsufficientPrivilege, "must be a superuser to cancel superuser query")
		case target.opts.User != b.opts.User && terminate:
			return false, pgerror.New(pgerror.InsufficientPrivilege, "must be a member of the role whose process is being terminated or member of pg_signal_backend")
		case target.opts.User != b.opts.User:
			return false, pgerror.New(pgerror.InsufficientPrivilege, "must be a member of the role whose query is being canceled or member of pg_signal_backend")
		}
	}
	if !terminate {
		target.Cancel()
		return true, nil
	}
	target.Terminate(pgerror.New(pgerror.AdminShutdown, "terminating connection due to administrator command"))
	if timeout <= 0 || target == b {
		return true, nil
	}
	deadline := time.Now().Add(timeout)
	for b.findBackend(pid) != nil {
		if time.Now().After(deadline) {
			b.conn.SendNotice(pgerror.Warning(pgerror.Warning01000, "backend with PID %d did not terminate within %d milliseconds", pid, timeout.Milliseconds()))
			return false, nil
		}
		if err := b.Context().Err(); err != nil {
			return false, err
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true, nil
}

// findBackend returns the live session with process ID pid, or nil.
func (b *Backend) findBackend(pid int32) *Backend {
	if pid == b.opts.PID {
		return b
	}
	if b.srv.Sessions == nil {
		return nil
	}
	for _, o := range b.srv.Sessions.Backends() {
		if o.opts.PID == pid {
			return o
		}
	}
	return nil
}
