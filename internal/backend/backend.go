package backend

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/guc"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Server holds what all backends share. The postmaster builds one.
type Server struct {
	// Config returns the current server configuration; it changes on
	// reload.
	Config func() *guc.Config
	// Catalog is the shared catalog; Engine the key-value store.
	Catalog *catalog.Store
	Engine  Engine
	// Sessions lists the server's other sessions (nil: none known).
	Sessions SessionList
	// Knobs are hooks for tests; nil in production.
	Knobs *TestingKnobs
	// Log receives server log lines (panics recovered in backends).
	Log func(format string, args ...any)
	// notify routes LISTEN/NOTIFY between sessions (notify.go).
	notify notifyHub

	// temps numbers the sessions' temporary schemas.
	temps tempSlots
}

// SessionList is what commands need to know about the server's other
// sessions (PostgreSQL's CountOtherDBBackends and
// TerminateOtherDBBackends); self is the asking backend's process ID.
type SessionList interface {
	OtherSessions(db string, self int32) int
	TerminateSessions(db string, self int32)
	// Backends returns the live sessions, in process ID order.
	Backends() []*Backend
}

// TestingKnobs are hooks that only tests set.
type TestingKnobs struct {
	// BeforeStatement runs before each statement executes, with its text.
	// A test uses it to inject a panic inside one backend.
	BeforeStatement func(sql string)
}

// Options describe one session: who connected, to which database, with
// which startup settings. The postmaster fills them after authentication.
type Options struct {
	PID        int32
	SecretKey  uint32
	User       string
	Superuser  bool
	Database   string
	Params     []pgwire.Param // startup parameters other than user/database/options
	RemoteAddr net.Addr
	// TLS is the connection's TLS state; nil without TLS.
	TLS *tls.ConnectionState
}

// AppName returns the application_name startup parameter.
func (o *Options) AppName() string {
	for _, p := range o.Params {
		if p.Name == "application_name" {
			return p.Value
		}
	}
	return ""
}

// Backend serves one client connection: the traffic cop of PostgreSQL's
// tcop/postgres.c. Run owns it; Cancel and Terminate may be called from
// other goroutines.
type Backend struct {
	srv  *Server
	conn *pgwire.Conn
	opts Options
	sess *guc.Session
	// clientEncoding is the client_encoding value the connection last
	// switched to (applyClientEncoding).
	clientEncoding string

	typeCtx    types.Ctx
	typeCtxVer uint64

	tx txState

	stmts   map[string]*prepared
	portals map[string]*portal
	// ddlSeq counts the DDL statements the session has run, so a prepared
	// statement notices a catalog change not yet committed (catStamp).
	ddlSeq uint64

	// Extended-protocol error state: after an error, messages are skipped
	// until Sync.
	skipToSync bool

	// inExtended is set between extended-protocol messages and Sync.
	inExtended bool

	// batchDeadline is when statement_timeout expires for the
	// extended-protocol messages since the first one that a Sync or a
	// completed Execute has not yet ended (PostgreSQL's start_xact_command
	// arms the timer, finish_xact_command and a completed Execute disarm
	// it): zero when not armed. A message read after it fails with 57014.
	batchDeadline time.Time

	rng       *rand.Rand
	stmtStart time.Time
	stmtCtx   context.Context
	// deferred holds the put-off checks of deferrable unique
	// constraints (deferred.go).
	deferred deferredUnique

	// dbOid is the connected database.
	dbOid catalog.Oid
	// tableCache describes catalog relations for the analyzer, per catalog
	// snapshot.
	tableCache map[*catalog.Desc]*analyze.Table
	// spSeq numbers savepoints in the key-value transaction.
	spSeq int
	// clientCheck is the timer of the check that the client is still
	// connected while a statement runs (see watchClient); guarded by mu.
	clientCheck      *time.Timer
	clientCheckEvery time.Duration
	// snapFresh is set when the next statement's snapshot has been taken
	// (by Parse or the simple protocol's prepare) and cleared when a
	// statement ends.
	snapFresh bool
	// seqVals and lastSeq serve currval and lastval.
	seqVals map[types.Oid]int64
	lastSeq types.Oid
	// tempNum is the number of the session's temporary schema, pg_temp_N,
	// once it has one (0 before).
	tempNum int

	// notify is the session's LISTEN and NOTIFY state (notify.go).
	notify notifyState
	// cursorSeq counts the cursors declared (cursor.go).
	cursorSeq uint64

	// mu guards the fields shared with Cancel and Terminate.
	mu         sync.Mutex
	cancelStmt context.CancelCauseFunc
	terminate  atomic.Pointer[pgerror.Error]
	state      atomic.Value           // string: idle, active, idle in transaction, ...
	query      atomic.Pointer[string] // the current or last statement

	// busy is set, under mu, from the receipt of a message until the
	// backend waits for the next one. A CancelRequest arriving while busy
	// but between statements (parsing, planning) sets cancelPending, which
	// cancels the next statement to start: PostgreSQL's QueryCancelPending,
	// honoured at the next CHECK_FOR_INTERRUPTS unless the backend is
	// reading a command.
	// idleMark is the connection's input mark when the backend last
	// started waiting (pgwire.Conn.InputSince): a cancel arriving after the
	// next command was sent but before it was read is not lost. A pending
	// cancel lives until the command cycle ends with ReadyForQuery
	// (cycleDone).
	busy          bool
	cancelPending bool
	cycleDone     bool
	idleMark      int64
}

// batchTimedOut reports whether the extended-protocol messages'
// statement_timeout has expired.
func (b *Backend) batchTimedOut() bool {
	return !b.batchDeadline.IsZero() && !time.Now().Before(b.batchDeadline)
}

func errBatchTimeout() error {
	return pgerror.New(pgerror.QueryCanceled, "canceling statement due to statement timeout")
}

// errCancelRequest and errStatementTimeout are the causes of a statement's
// context cancellation.
var (
	errCancelRequest    = errors.New("cancel request")
	errStatementTimeout = errors.New("statement timeout")
	errTerminated       = errors.New("terminated")
	errClientGone       = errors.New("client gone")
)

// New returns a backend for an authenticated connection.
func New(srv *Server, conn *pgwire.Conn, opts Options) *Backend {
	b := &Backend{
		srv:     srv,
		conn:    conn,
		opts:    opts,
		stmts:   map[string]*prepared{},
		portals: map[string]*portal{},
		rng:     rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())),
	}
	b.state.Store("idle")
	b.query.Store(new(string))
	return b
}

// PID returns the backend's process ID.
func (b *Backend) PID() int32 { return b.opts.PID }

// State returns the backend's state for pg_stat_activity.
func (b *Backend) State() string { return b.state.Load().(string) }

// Query returns the current or last statement, for pg_stat_activity.
func (b *Backend) Query() string { return *b.query.Load() }

// Cancel stops the statement running now with 57014 (a CancelRequest).
// A backend busy with a message but between statements cancels the next
// statement it starts; a backend waiting for a command ignores the
// request, as PostgreSQL does.
func (b *Backend) Cancel() {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.cancelStmt != nil:
		b.cancelStmt(errCancelRequest)
	case b.busy || b.conn.InputSince(b.idleMark):
		b.cancelPending = true
	}
}

// setBusy marks the backend busy with a message, or waiting for one; a
// pending cancel does not outlive the command cycle it arrived during.
func (b *Backend) setBusy(busy bool) {
	b.mu.Lock()
	b.busy = busy
	if !busy {
		if b.cycleDone {
			b.cancelPending = false
			b.cycleDone = false
		}
		b.idleMark = b.conn.InputMark()
	}
	b.mu.Unlock()
}

// Terminate ends the session with a FATAL error (fast shutdown,
// pg_terminate_backend): a running statement is cancelled, and a backend
// waiting for a command is woken.
func (b *Backend) Terminate(e *pgerror.Error) {
	b.terminate.CompareAndSwap(nil, e)
	b.mu.Lock()
	if b.cancelStmt != nil {
		b.cancelStmt(errTerminated)
	}
	b.mu.Unlock()
	// Wake a blocked read.
	b.conn.SetReadDeadline(time.Unix(1, 0))
}

// Start sets up the session after authentication (the caller has sent
// AuthenticationOk): it applies the startup settings and buffers the
// messages that end the startup phase (ParameterStatus for every reported
// setting, BackendKeyData, ReadyForQuery), which Run flushes: a client
// can only send a CancelRequest for this backend after the caller has
// registered it. Errors are sent as FATAL.
func (b *Backend) Start() error {
	b.sess = guc.NewSession(b.srv.Config())
	if b.srv.Catalog != nil {
		if d := b.srv.Catalog.Begin().LookupDatabase(b.opts.Database); d != nil {
			b.dbOid = d.Oid
		}
	}
	b.sess.SetInternal("is_superuser", boolSetting(b.opts.Superuser))
	b.sess.SetInternal("session_authorization", b.opts.User)
	for _, p := range b.opts.Params {
		if err := b.applyStartupParam(p); err != nil {
			b.conn.SendFatal(err)
			return err
		}
	}
	for _, c := range b.sess.Reported() {
		b.conn.Send(&pgproto3.ParameterStatus{Name: c.Name, Value: c.Value})
	}
	b.conn.Send(&pgproto3.BackendKeyData{ProcessID: uint32(b.opts.PID), SecretKey: keyBytes(b.opts.SecretKey)})
	b.conn.ReadyForQuery(pgwire.TxIdle)
	return nil
}

func keyBytes(k uint32) []byte {
	return []byte{byte(k >> 24), byte(k >> 16), byte(k >> 8), byte(k)}
}

func boolSetting(v bool) string {
	if v {
		return "on"
	}
	return "off"
}

// applyStartupParam applies a startup packet parameter: "options" holds
// command-line switches (-c name=value, --name=value), anything else is a
// setting (PostgreSQL's process_startup_options).
func (b *Backend) applyStartupParam(p pgwire.Param) error {
	set := func(name, value string) error {
		if strings.EqualFold(name, "client_encoding") {
			// A single-byte client encoding is converted in the protocol
			// layer (pgwire.Encoding); the setting itself only validates
			// UTF8 and SQL_ASCII.
			if canon, enc, ok := pgwire.LookupEncoding(value); ok && enc != nil {
				b.sess.SetInternal("client_encoding", canon)
				b.conn.SetEncoding(enc)
				return nil
			}
		}
		_, err := b.sess.Set(name, value, guc.SetOptions{Startup: true, Superuser: b.opts.Superuser})
		return err
	}
	switch p.Name {
	case "options":
		args := splitOptions(p.Value)
		for i := 0; i < len(args); i++ {
			a := args[i]
			var kv string
			switch {
			case a == "-c" && i+1 < len(args):
				i++
				kv = args[i]
			case strings.HasPrefix(a, "-c"):
				kv = a[2:]
			case strings.HasPrefix(a, "--"):
				kv = a[2:]
			default:
				return pgerror.New(pgerror.SyntaxError, "invalid command-line argument for server process: %s", a).
					WithHint(`Try "postgres --help" for more information.`)
			}
			name, value, ok := strings.Cut(kv, "=")
			if !ok {
				if strings.HasPrefix(a, "--") {
					return pgerror.New(pgerror.SyntaxError, "--%s requires a value", kv)
				}
				return pgerror.New(pgerror.SyntaxError, "-c %s requires a value", kv)
			}
			if err := set(strings.ReplaceAll(name, "-", "_"), value); err != nil {
				return err
			}
		}
		return nil
	case "replication":
		return pgerror.New(pgerror.FeatureNotSupported, "replication connections are not supported")
	}
	return set(p.Name, p.Value)
}

// splitOptions splits the startup "options" value on spaces, with
// backslash escapes (pg_split_opts).
func splitOptions(s string) []string {
	var out []string
	var cur strings.Builder
	have := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			have = true
		case c == ' ' || c == '\t' || c == '\n':
			if have {
				out = append(out, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteByte(c)
			have = true
		}
	}
	if have {
		out = append(out, cur.String())
	}
	return out
}

// Run serves the session until the client leaves or the session is
// terminated. It returns nil when the client sent Terminate or closed the
// connection.
func (b *Backend) Run() error {
	defer b.cleanup()
	// The end of the startup phase, buffered by Start.
	if err := b.conn.Flush(); err != nil {
		return nil
	}
	for {
		if e := b.terminate.Load(); e != nil {
			b.conn.SendFatal(e)
			return nil
		}
		b.setState()
		b.setBusy(false)
		msg, err := b.receive()
		b.setBusy(true)
		if err != nil {
			var convErr *pgerror.Error
			if msg != nil && errors.As(err, &convErr) {
				// The message's text does not convert from the client
				// encoding: the command fails, the session goes on.
				if err := b.failMessage(msg, convErr); err != nil {
					return err
				}
				continue
			}
			if e := b.terminate.Load(); e != nil {
				b.conn.SetReadDeadline(time.Time{})
				b.conn.SendFatal(e)
				return nil
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) {
				return nil
			}
			// A malformed or unknown message is a protocol violation.
			b.conn.SendFatal(pgerror.New(pgerror.ProtocolViolation, "%s", protocolErrorText(err)))
			return err
		}
		if done, err := b.dispatch(msg); done || err != nil {
			return err
		}
	}
}

// failMessage answers a message that failed before it could run, as
// PostgreSQL answers a command that raised an error: a simple query ends
// with ReadyForQuery, an extended-protocol message skips to Sync.
func (b *Backend) failMessage(msg pgproto3.FrontendMessage, e *pgerror.Error) error {
	switch msg.(type) {
	case *pgproto3.Query:
		b.inExtended = false
		b.conn.SendError(e)
		b.abortAfterError()
		b.readyForQuery()
		return b.conn.Flush()
	case *pgproto3.Parse, *pgproto3.Bind:
		b.inExtended = true
		if !b.skipToSync {
			b.conn.SendError(e)
			b.abortAfterError()
			b.skipToSync = true
		}
		return nil
	}
	b.conn.SendFatal(e)
	return e
}

func protocolErrorText(err error) string {
	s := err.Error()
	if strings.HasPrefix(s, "unknown message type: ") {
		return fmt.Sprintf("invalid frontend message type %d", []byte(strings.TrimPrefix(s, "unknown message type: "))[0])
	}
	return "invalid message format"
}

func (b *Backend) setState() {
	switch b.tx.status {
	case txBlock:
		b.state.Store("idle in transaction")
	case txFailed:
		b.state.Store("idle in transaction (aborted)")
	default:
		b.state.Store("idle")
	}
}

// dispatch handles one message, recovering from a panic inside it as an
// internal error: the client gets XX000, the transaction is rolled back,
// and the session goes on.
func (b *Backend) dispatch(msg pgproto3.FrontendMessage) (done bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			if b.srv.Log != nil {
				b.srv.Log("backend %d: panic: %v\n%s", b.opts.PID, r, debug.Stack())
			}
			b.endStatement()
			b.conn.SendError(pgerror.New(pgerror.InternalError, "internal error: %v", r))
			b.abortTransaction()
			b.skipToSync = b.inExtended
			if !b.inExtended {
				b.readyForQuery()
			}
			err = b.conn.Flush()
		}
	}()
	switch m := msg.(type) {
	case *pgproto3.Query:
		b.inExtended = false
		b.simpleQuery(m.String)
		if e := b.terminate.Load(); e != nil {
			// Terminated while running: FATAL, and no ReadyForQuery.
			b.conn.SendFatal(e)
			return true, nil
		}
		b.readyForQuery()
		return false, b.conn.Flush()
	case *pgproto3.Terminate:
		return true, nil
	case *pgproto3.Sync:
		b.inExtended = false
		if b.batchTimedOut() {
			b.conn.SendError(errBatchTimeout())
			b.abortAfterError()
		}
		b.batchDeadline = time.Time{}
		b.sync()
		return false, b.conn.Flush()
	case *pgproto3.Flush:
		return false, b.conn.Flush()
	case *pgproto3.Parse, *pgproto3.Bind, *pgproto3.Describe, *pgproto3.Execute, *pgproto3.Close:
		b.inExtended = true
		if b.skipToSync {
			return false, nil
		}
		var err error
		if b.batchTimedOut() {
			err = errBatchTimeout()
		} else if _, ok := m.(*pgproto3.Close); !ok && b.batchDeadline.IsZero() {
			if d := b.sess.StatementTimeout(); d > 0 {
				b.batchDeadline = time.Now().Add(d)
			}
		}
		if err == nil {
			switch m := m.(type) {
			case *pgproto3.Parse:
				err = b.parse(m)
			case *pgproto3.Bind:
				err = b.bind(m)
			case *pgproto3.Describe:
				err = b.describe(m)
			case *pgproto3.Execute:
				err = b.execute(m)
			case *pgproto3.Close:
				b.closeObject(m)
			}
		}
		if e := b.terminate.Load(); err != nil && e != nil {
			b.conn.SendFatal(e)
			return true, nil
		}
		if err != nil {
			b.batchDeadline = time.Time{}
			b.conn.SendError(err)
			b.abortAfterError()
			b.skipToSync = true
			// PostgreSQL sends errors at once (elog.c), so a client still
			// sending COPY data learns of the error and stops.
			return false, b.conn.Flush()
		}
		return false, nil
	case *pgproto3.CopyData, *pgproto3.CopyDone, *pgproto3.CopyFail:
		// Copy messages outside COPY are ignored, as PostgreSQL does.
		return false, nil
	case *pgproto3.FunctionCall:
		b.conn.SendError(pgerror.New(pgerror.FeatureNotSupported, "fastpath function calls are not supported"))
		b.readyForQuery()
		return false, b.conn.Flush()
	}
	b.conn.SendFatal(pgerror.New(pgerror.ProtocolViolation, "invalid frontend message type %d", msgType(msg)))
	return true, nil
}

func msgType(m pgproto3.FrontendMessage) byte {
	buf, err := m.Encode(nil)
	if err != nil || len(buf) == 0 {
		return 0
	}
	return buf[0]
}

// readyForQuery reports changed settings and sends ReadyForQuery. A
// client_encoding changed by SET takes effect here.
func (b *Backend) readyForQuery() {
	b.applyClientEncoding()
	b.mu.Lock()
	b.cycleDone = true
	b.mu.Unlock()
	for _, c := range b.sess.Changes() {
		b.conn.Send(&pgproto3.ParameterStatus{Name: c.Name, Value: c.Value})
	}
	b.notifyBeforeReady()
	b.conn.ReadyForQuery(b.tx.wireStatus())
}

// cleanup runs when the session ends: the open transaction is rolled back,
// prepared statements and portals are dropped, and so is the temporary
// schema with its relations.
func (b *Backend) cleanup() {
	if b.tx.status != txIdle {
		b.abortTransaction()
	}
	for _, p := range b.portals {
		p.close()
	}
	b.unlistenAll()
	b.dropTempSchema()
	b.portals = nil
	b.stmts = nil
	b.state.Store("terminated")
}

// TypeCtx returns the settings that value I/O depends on, rebuilt when
// they change.
func (b *Backend) TypeCtx() *types.Ctx {
	if v := b.sess.Version(); v != b.typeCtxVer || b.typeCtxVer == 0 {
		b.typeCtxVer = v
		b.typeCtx = types.Ctx{
			ExtraFloatDigits: b.sess.ExtraFloatDigits(),
			Location:         b.sess.Location(),
			ByteaEscape:      b.sess.Is("bytea_output", "escape"),
		}
		ds, _ := b.sess.Get("DateStyle")
		style, order, _ := strings.Cut(ds, ",")
		switch strings.TrimSpace(style) {
		case "SQL":
			b.typeCtx.DateStyle = types.DateStyleSQL
		case "Postgres":
			b.typeCtx.DateStyle = types.DateStylePostgres
		case "German":
			b.typeCtx.DateStyle = types.DateStyleGerman
		}
		switch strings.TrimSpace(order) {
		case "DMY":
			b.typeCtx.DateOrder = types.DateOrderDMY
		case "YMD":
			b.typeCtx.DateOrder = types.DateOrderYMD
		}
		is, _ := b.sess.Get("IntervalStyle")
		switch is {
		case "postgres_verbose":
			b.typeCtx.IntervalStyle = types.IntervalPostgresVerbose
		case "sql_standard":
			b.typeCtx.IntervalStyle = types.IntervalSQLStandard
		case "iso_8601":
			b.typeCtx.IntervalStyle = types.IntervalISO8601
		}
		b.typeCtx.Now = b.txnStartTime
		b.typeCtx.Resolver = regResolver{b}
	}
	return &b.typeCtx
}
