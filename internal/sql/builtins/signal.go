package builtins

import (
	"time"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/sql/types/pgdate"
)

// Signaler is the optional ability of an Env to cancel another session's
// statement or end the session (pg_cancel_backend, pg_terminate_backend).
type Signaler interface {
	// SignalBackend cancels the running statement of the session with
	// process ID pid, or ends the session when terminate is set, and
	// reports whether it did. With a timeout (terminate only) it waits that
	// long for the session to end and reports false when it has not.
	SignalBackend(pid int32, terminate bool, timeout time.Duration) (bool, error)
}

func signalBackend(env Env, pid int64, terminate bool, timeout time.Duration) (types.Datum, error) {
	sg, ok := env.(Signaler)
	if !ok {
		return types.DFalse, nil
	}
	done, err := sg.SignalBackend(int32(pid), terminate, timeout)
	if err != nil {
		return types.Null, err
	}
	return types.NewBool(done), nil
}

func init() {
	register("pg_cancel_backend", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return signalBackend(env, a[0].Int(), false, 0)
	})
	register("pg_terminate_backend", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		ms := a[1].Int()
		if ms < 0 {
			return types.Null, pgerror.New(pgerror.NumericValueOutOfRange, `"timeout" must not be negative`)
		}
		return signalBackend(env, a[0].Int(), true, time.Duration(ms)*time.Millisecond)
	})
}

// serverStart is when the server process started: tusk's postmaster
// runs in the process, so this is pg_postmaster_start_time (and the
// configuration's first load).
var serverStart = time.Now()

func init() {
	register("pg_postmaster_start_time", func(Env, *Sig, []types.Datum) (types.Datum, error) {
		return mkTSTZ(pgdate.TimestampTZFromTime(serverStart)), nil
	})
	register("pg_conf_load_time", func(Env, *Sig, []types.Datum) (types.Datum, error) {
		return mkTSTZ(pgdate.TimestampTZFromTime(serverStart)), nil
	})
}

func init() {
	// tusk has no standby mode: never in recovery.
	register("pg_is_in_recovery", func(Env, *Sig, []types.Datum) (types.Datum, error) {
		return types.DFalse, nil
	})
}
