package protoscript

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Options configure a run. The zero value is usable.
type Options struct {
	// Socket is the path of the server's Unix socket (.s.PGSQL.<port>),
	// for scripts that say `network unix` or `conn NAME unix`.
	Socket string
	// Vars predefines variables ($name) for the scripts.
	Vars map[string]string
	// Timeout bounds each expectation (default 10s); a script's `timeout`
	// line overrides it from there on.
	Timeout time.Duration
	// Trace, if set, receives every message sent and received, in the
	// script notation, one per line, prefixed with the connection's name.
	// Handy for writing new scripts: send the F lines, copy the B lines.
	Trace io.Writer
}

func mergeOptions(opts []Options) Options {
	var o Options
	for _, x := range opts {
		if x.Socket != "" {
			o.Socket = x.Socket
		}
		if x.Timeout != 0 {
			o.Timeout = x.Timeout
		}
		if x.Trace != nil {
			o.Trace = x.Trace
		}
		for k, v := range x.Vars {
			if o.Vars == nil {
				o.Vars = map[string]string{}
			}
			o.Vars[k] = v
		}
	}
	return o
}

// Run runs the script in file against the server at addr ("host:port", or
// the path of a Unix socket) and fails t at the first mismatch, showing
// the script line, what arrived, and the connection's recent traffic.
func Run(t testing.TB, addr, file string, opts ...Options) {
	t.Helper()
	s, err := ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	o := mergeOptions(opts)
	if o.Trace == nil && os.Getenv("PROTOSCRIPT_TRACE") != "" {
		o.Trace = logWriter{t}
	}
	if err := s.Exec(context.Background(), addr, o); err != nil {
		t.Fatal(err)
	}
}

// logWriter writes trace lines to a test's log.
type logWriter struct{ t testing.TB }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// RunDir runs every *.pgs script in dir, each as a subtest named after the
// file. It fails t when dir holds no script.
func RunDir(t *testing.T, addr, dir string, opts ...Options) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.pgs"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("protoscript: no *.pgs scripts in %s", dir)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".pgs")
		t.Run(name, func(t *testing.T) { Run(t, addr, f, opts...) })
	}
}

// Error is a failed step of a script.
type Error struct {
	Where string // file:line of the step
	Step  string // the step's text
	Conn  string // the connection's name
	Msg   string // what went wrong
	// Recent is the connection's last messages, sent (F) and received (B),
	// in the script notation.
	Recent []string
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\ton connection %q: %s", e.Where, e.Step, e.Conn, e.Msg)
	if len(e.Recent) > 0 {
		b.WriteString("\n\trecent traffic on the connection:")
		for _, r := range e.Recent {
			b.WriteString("\n\t\t" + r)
		}
	}
	return b.String()
}

const historyLen = 25

// conn is one client connection of a script.
type conn struct {
	name    string
	nc      net.Conn
	r       *bufio.Reader
	pending []view // messages read ahead by B? and B*
	history []string
	eof     bool
	scope   *scope // the connection's variables
}

func (c *conn) record(s string) {
	c.history = append(c.history, s)
	if len(c.history) > historyLen {
		c.history = c.history[len(c.history)-historyLen:]
	}
}

type exec struct {
	ctx     context.Context
	addr    string
	opts    Options
	global  vars
	conns   map[string]*conn
	cur     *conn
	timeout time.Duration
	network string
}

// Exec runs the script against the server at addr ("host:port", or a Unix
// socket path). It returns an *Error for the first step that fails.
func (s *Script) Exec(ctx context.Context, addr string, o Options) error {
	x := &exec{ctx: ctx, addr: addr, opts: o, global: vars{}, conns: map[string]*conn{}, timeout: o.Timeout}
	if x.timeout <= 0 {
		x.timeout = 10 * time.Second
	}
	for k, v := range o.Vars {
		x.global[k] = v
	}
	defer func() {
		for _, c := range x.conns {
			if c.nc != nil {
				c.nc.Close()
			}
		}
	}()
	for _, st := range s.steps {
		if err := ctx.Err(); err != nil {
			return x.fail(st, "%v", err)
		}
		if err := x.step(st); err != nil {
			return err
		}
	}
	return nil
}

func (x *exec) fail(st *step, format string, a ...any) *Error {
	e := &Error{Where: st.where(), Step: st.text, Msg: fmt.Sprintf(format, a...)}
	if x.cur != nil {
		e.Conn = x.cur.name
		e.Recent = append([]string(nil), x.cur.history...)
	}
	return e
}

func (x *exec) trace(c *conn, dir, s string) {
	line := dir + " " + s
	c.record(line)
	if x.opts.Trace != nil {
		fmt.Fprintf(x.opts.Trace, "%s: %s\n", c.name, line)
	}
}

// dial opens a connection over network ("" for the default).
func (x *exec) dial(st *step, name, network string) (*conn, error) {
	if network == "" {
		network = x.network
	}
	var nw, addr string
	switch {
	case network == "unix":
		nw, addr = "unix", x.opts.Socket
		if addr == "" && strings.HasPrefix(x.addr, "/") {
			addr = x.addr
		}
		if addr == "" {
			return nil, x.fail(st, "the script needs a Unix socket; pass Options.Socket")
		}
	case strings.HasPrefix(x.addr, "/"):
		nw, addr = "unix", x.addr
	default:
		nw, addr = "tcp", x.addr
	}
	d := net.Dialer{Timeout: x.timeout}
	nc, err := d.DialContext(x.ctx, nw, addr)
	if err != nil {
		return nil, x.fail(st, "connect: %v", err)
	}
	c := &conn{name: name, nc: nc, r: bufio.NewReader(nc)}
	c.scope = &scope{local: vars{}, outer: x.lookup}
	x.conns[name] = c
	return c, nil
}

// lookup resolves a variable that is not the current connection's own:
// "conn.name" or a predefined one.
func (x *exec) lookup(name string) (string, bool) {
	if c, v, ok := strings.Cut(name, "."); ok {
		if cc := x.conns[c]; cc != nil {
			s, ok := cc.scope.local[v]
			return s, ok
		}
		return "", false
	}
	s, ok := x.global[name]
	return s, ok
}

func (x *exec) current(st *step) (*conn, error) {
	if x.cur == nil {
		c, err := x.dial(st, "main", "")
		if err != nil {
			return nil, err
		}
		x.cur = c
	}
	return x.cur, nil
}

func (x *exec) step(st *step) error {
	switch st.op {
	case opNetwork:
		x.network = st.network
		return nil
	case opTimeout:
		x.timeout = st.dur
		return nil
	case opSleep:
		time.Sleep(st.dur)
		return nil
	case opConn:
		if c, ok := x.conns[st.name]; ok {
			x.cur = c
			return nil
		}
		c, err := x.dial(st, st.name, st.network)
		if err != nil {
			return err
		}
		x.cur = c
		return nil
	}
	c, err := x.current(st)
	if err != nil {
		return err
	}
	switch st.op {
	case opClose:
		c.nc.Close()
		x.trace(c, "-", "close")
		return nil
	case opSend:
		return x.send(c, st)
	case opExpectClose:
		return x.expectClose(c, st)
	case opUnordered:
		return x.unordered(c, st)
	case opExpect:
		if st.typ == "byte" || st.typ == "raw" {
			return x.expectRaw(c, st)
		}
		return x.expect(c, st)
	}
	return x.fail(st, "internal error: unknown step")
}

func (x *exec) send(c *conn, st *step) error {
	args := make([]arg, len(st.args))
	for i, a := range st.args {
		v, err := resolve(a.val, c.scope)
		if err != nil {
			return x.fail(st, "%v", err)
		}
		args[i] = arg{a.key, v}
	}
	b, err := encodeFrontend(st.typ, args)
	if err != nil {
		return x.fail(st, "%v", err)
	}
	c.nc.SetWriteDeadline(time.Now().Add(x.timeout))
	if _, err := c.nc.Write(b); err != nil {
		return x.fail(st, "send: %v", err)
	}
	x.trace(c, "F", renderFrontend(st.typ, args))
	return nil
}

func renderFrontend(typ string, args []arg) string {
	var b strings.Builder
	b.WriteString(typ)
	for _, a := range args {
		b.WriteByte(' ')
		if a.key != "" {
			b.WriteString(a.key + "=")
		}
		switch {
		case typ == "raw" && a.val.quoted:
			b.WriteString(strconv.Quote(a.val.s))
		case typ == "raw":
			b.WriteString(a.val.s)
		default:
			b.WriteString(a.val.String())
		}
	}
	return b.String()
}

// errClosed reports that the server closed the connection.
var errClosed = errors.New("the server closed the connection")

func isClosed(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, net.ErrClosed)
}

// next returns the next message, from the read-ahead or the connection.
func (x *exec) next(c *conn) (view, error) {
	if len(c.pending) > 0 {
		v := c.pending[0]
		c.pending = c.pending[1:]
		return v, nil
	}
	if c.eof {
		return view{}, errClosed
	}
	c.nc.SetReadDeadline(time.Now().Add(x.timeout))
	var hdr [5]byte
	if _, err := io.ReadFull(c.r, hdr[:]); err != nil {
		return view{}, x.readErr(c, err)
	}
	n := int(int32(binary.BigEndian.Uint32(hdr[1:])))
	if n < 4 || n > 1<<26 {
		return view{}, fmt.Errorf("message %q with invalid length %d", hdr[0], n)
	}
	body := make([]byte, n-4)
	if _, err := io.ReadFull(c.r, body); err != nil {
		return view{}, x.readErr(c, err)
	}
	v, err := decodeBackend(hdr[0], body)
	if err != nil {
		return view{}, fmt.Errorf("decode %q message: %v", hdr[0], err)
	}
	x.trace(c, "B", v.String())
	return v, nil
}

func (x *exec) readErr(c *conn, err error) error {
	var ne net.Error
	switch {
	case isClosed(err):
		c.eof = true
		x.trace(c, "-", "closed by the server")
		return errClosed
	case errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("nothing arrived within %v", x.timeout)
	}
	return err
}

func (x *exec) matches(st *step, v view, vs *scope) bool {
	if st.typ != v.typ {
		return false
	}
	keys := make([]string, 0, len(st.pat))
	for k := range st.pat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		a, ok := v.get(k)
		if !ok {
			a = null
		}
		if !match(st.pat[k], a, vs) {
			return false
		}
	}
	return true
}

func (x *exec) expect(c *conn, st *step) error {
	for n := 0; ; n++ {
		v, err := x.next(c)
		if err != nil {
			if st.quant != 0 {
				// The next line will report what is missing.
				if errors.Is(err, errClosed) {
					return nil
				}
			}
			return x.fail(st, "%v", err)
		}
		if st.quant == 0 {
			if !x.matches(st, v, c.scope) {
				return x.fail(st, "got B %s", v)
			}
			return nil
		}
		vs := c.scope.clone()
		if !x.matches(st, v, vs) {
			c.pending = append([]view{v}, c.pending...)
			return nil
		}
		c.scope = vs
		if st.quant == '?' {
			return nil
		}
	}
}

// unordered reads as many messages as the block has lines and matches
// them to the lines in any order.
func (x *exec) unordered(c *conn, st *step) error {
	msgs := make([]view, len(st.block))
	for i := range msgs {
		v, err := x.next(c)
		if err != nil {
			return x.fail(st, "message %d of %d of the unordered block: %v", i+1, len(msgs), err)
		}
		msgs[i] = v
	}
	// Bipartite matching of lines to messages (Kuhn's algorithm).
	adj := make([][]bool, len(st.block))
	for i, p := range st.block {
		adj[i] = make([]bool, len(msgs))
		for j, m := range msgs {
			adj[i][j] = x.matches(p, m, c.scope.clone())
		}
	}
	owner := make([]int, len(msgs))
	for j := range owner {
		owner[j] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for j := range msgs {
			if adj[i][j] && !seen[j] {
				seen[j] = true
				if owner[j] < 0 || try(owner[j], seen) {
					owner[j] = i
					return true
				}
			}
		}
		return false
	}
	var unmatchedLines []string
	for i := range st.block {
		if !try(i, make([]bool, len(msgs))) {
			unmatchedLines = append(unmatchedLines, fmt.Sprintf("%s: %s", st.block[i].where(), st.block[i].text))
		}
	}
	if len(unmatchedLines) > 0 {
		var extra []string
		for j, m := range msgs {
			if owner[j] < 0 {
				extra = append(extra, "B "+m.String())
			}
		}
		return x.fail(st, "unordered block: no message for\n\t\t%s\n\tunmatched messages:\n\t\t%s",
			strings.Join(unmatchedLines, "\n\t\t"), strings.Join(extra, "\n\t\t"))
	}
	for j, i := range owner {
		x.matches(st.block[i], msgs[j], c.scope) // bind variables
	}
	return nil
}

func (x *exec) expectRaw(c *conn, st *step) error {
	if len(c.pending) > 0 {
		return x.fail(st, "raw read after messages were read ahead (B? or B*)")
	}
	c.nc.SetReadDeadline(time.Now().Add(x.timeout))
	got := make([]byte, len(st.raw))
	n, err := io.ReadFull(c.r, got)
	got = got[:n]
	x.trace(c, "B", fmt.Sprintf("raw %q", got))
	if err != nil {
		return x.fail(st, "got %q, then: %v", got, x.readErr(c, err))
	}
	if string(got) != string(st.raw) {
		return x.fail(st, "got %q, want %q", got, st.raw)
	}
	return nil
}

func (x *exec) expectClose(c *conn, st *step) error {
	if len(c.pending) > 0 {
		return x.fail(st, "got B %s", c.pending[0])
	}
	if c.eof {
		return nil
	}
	c.nc.SetReadDeadline(time.Now().Add(x.timeout))
	var b [1]byte
	_, err := c.r.Read(b[:])
	if err == nil {
		// Show the whole message if it is one.
		c.r.UnreadByte()
		if v, err := x.next(c); err == nil {
			return x.fail(st, "got B %s", v)
		}
		return x.fail(st, "got byte %q", b[0])
	}
	if isClosed(err) {
		c.eof = true
		x.trace(c, "-", "closed by the server")
		return nil
	}
	return x.fail(st, "%v", x.readErr(c, err))
}

// SocketPath returns the path of the Unix socket of a server listening on
// port in dir: dir/.s.PGSQL.<port>.
func SocketPath(dir string, port int) string {
	return filepath.Join(dir, fmt.Sprintf(".s.PGSQL.%d", port))
}
