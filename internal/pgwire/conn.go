package pgwire

import (
	"net"
	"strconv"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// Conn is a client connection after startup. It is not safe for
// concurrent use, except Close, which may be called from any goroutine to
// end the connection.
type Conn struct {
	net.Conn
	be *pgproto3.Backend
	// flushAt is the buffered output size beyond which WriteRow flushes.
	flushAt int
	pending int
	rowMsg  rowMessage
	// cc and rfq are reused for every CommandComplete and ReadyForQuery:
	// Send encodes a message into the output buffer at once.
	cc  pgproto3.CommandComplete
	rfq pgproto3.ReadyForQuery
	// enc is the client encoding to convert to and from; nil for none.
	enc *Encoding
	// read counts the bytes read from the client (InputSince).
	read atomic.Int64
}

// maxMessageLen bounds a single incoming message (1 GB, PostgreSQL's
// PQ_LARGE_MESSAGE_LIMIT).
const maxMessageLen = 1 << 30

// NewConn wraps a connection whose startup phase is complete.
func NewConn(c net.Conn) *Conn {
	conn := &Conn{Conn: c, flushAt: 32 << 10}
	conn.be = pgproto3.NewBackend(countingReader{c, &conn.read}, c)
	conn.be.SetMaxBodyLen(maxMessageLen)
	return conn
}

// Backend returns the protocol codec, for the authentication exchanges.
func (c *Conn) Backend() *pgproto3.Backend { return c.be }

// Receive reads the next message. The message is valid until the next call.
// With a client encoding set, its strings are converted to UTF-8; a
// string that does not convert is returned as a *pgerror.Error (22P05)
// together with the message, which the caller answers as a failed
// command, as PostgreSQL does.
func (c *Conn) Receive() (pgproto3.FrontendMessage, error) {
	m, err := c.be.Receive()
	if err != nil || c.enc == nil {
		return m, err
	}
	return m, c.convertIn(m)
}

// Send buffers a message, converting its strings to the client encoding.
func (c *Conn) Send(m pgproto3.BackendMessage) {
	if c.enc != nil {
		m = c.convertOut(m)
	}
	c.be.Send(m)
}

// Flush writes the buffered messages.
func (c *Conn) Flush() error {
	c.pending = 0
	return c.be.Flush()
}

// ErrorMessage converts an error to an ErrorResponse (or, for severities
// below ERROR, the same fields for a NoticeResponse).
func ErrorMessage(e *pgerror.Error) *pgproto3.ErrorResponse {
	sev := string(e.Severity)
	if sev == "" {
		sev = string(pgerror.SeverityError)
	}
	return &pgproto3.ErrorResponse{
		Severity:            sev,
		SeverityUnlocalized: sev,
		Code:                e.Code,
		Message:             e.Message,
		Detail:              e.Detail,
		Hint:                e.Hint,
		Position:            e.Position,
		Where:               e.Where,
		SchemaName:          e.SchemaName,
		TableName:           e.TableName,
		ColumnName:          e.ColumnName,
		DataTypeName:        e.DataTypeName,
		ConstraintName:      e.ConstraintName,
	}
}

// SendError buffers an ErrorResponse for err.
func (c *Conn) SendError(err error) {
	c.Send(ErrorMessage(pgerror.Flatten(err)))
}

// SendNotice buffers a NoticeResponse.
func (c *Conn) SendNotice(e *pgerror.Error) {
	n := pgproto3.NoticeResponse(*ErrorMessage(e))
	c.Send(&n)
}

// SendFatal sends a FATAL error and flushes; the caller then closes.
func (c *Conn) SendFatal(err error) error {
	e := pgerror.Flatten(err)
	cp := *e
	cp.Severity = pgerror.SeverityFatal
	c.Send(ErrorMessage(&cp))
	return c.Flush()
}

// TxStatus is the transaction status reported in ReadyForQuery.
type TxStatus byte

// The transaction statuses.
const (
	TxIdle   TxStatus = 'I'
	TxBlock  TxStatus = 'T'
	TxFailed TxStatus = 'E'
)

// ReadyForQuery buffers a ReadyForQuery message.
func (c *Conn) ReadyForQuery(s TxStatus) {
	c.rfq.TxStatus = byte(s)
	c.be.Send(&c.rfq)
}

// CommandComplete buffers a CommandComplete message.
func (c *Conn) CommandComplete(tag string) {
	c.cc.CommandTag = append(c.cc.CommandTag[:0], tag...)
	c.Send(&c.cc)
}

// CommandCompleteN buffers a CommandComplete message whose tag is verb
// and a row count, such as "SELECT 3", without building the tag string.
func (c *Conn) CommandCompleteN(verb string, rows int64) {
	tag := append(c.cc.CommandTag[:0], verb...)
	tag = append(tag, ' ')
	c.cc.CommandTag = strconv.AppendInt(tag, rows, 10)
	c.Send(&c.cc)
}

// Tag builds a command tag with a row count, such as "SELECT 3".
func Tag(verb string, rows int64) string {
	return verb + " " + strconv.FormatInt(rows, 10)
}
