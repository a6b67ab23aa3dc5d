package pgwire

import (
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// Protocol codes in the first word of a startup packet.
const (
	sslRequestCode    = 80877103
	gssEncRequestCode = 80877104
	cancelRequestCode = 80877102
	// maxStartupPacketLen is PostgreSQL's MAX_STARTUP_PACKET_LENGTH.
	maxStartupPacketLen = 10000
)

// StartupKind says what a connection's first packet asked for.
type StartupKind uint8

// The startup kinds.
const (
	StartupMessage StartupKind = iota
	CancelRequest
)

// Startup is the outcome of the startup phase.
type Startup struct {
	Kind StartupKind
	// Major and Minor are the protocol version the client asked for.
	Major, Minor uint16
	// Params are the StartupMessage's parameters, in the order sent.
	Params []Param
	// TLS is set when the connection was upgraded to TLS.
	TLS *tls.ConnectionState
	// Cancel request fields.
	CancelPID uint32
	CancelKey []byte
}

// Param is a startup parameter.
type Param struct{ Name, Value string }

// Get returns a startup parameter's value.
func (s *Startup) Get(name string) (string, bool) {
	for _, p := range s.Params {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

// ErrBadStartup is returned for malformed startup packets, which
// PostgreSQL answers by closing the connection without a message.
var ErrBadStartup = errors.New("invalid startup packet")

// ReadStartup runs the startup phase on a new connection: it answers
// SSLRequest and GSSENCRequest packets (upgrading to TLS when tlsConf is
// non-nil) until a StartupMessage or CancelRequest arrives. It returns the
// connection to use from then on (the TLS connection after an upgrade).
//
// Errors: ErrBadStartup (wrapped) for a malformed packet, a *pgerror.Error
// already sent to the client as FATAL for an unsupported protocol, or an
// I/O error.
func ReadStartup(conn net.Conn, tlsConf *tls.Config) (*Startup, net.Conn, error) {
	var tlsState *tls.ConnectionState
	sslDone, gssDone := false, false
	for {
		body, err := readPacket(conn)
		if err != nil {
			return nil, conn, err
		}
		code := binary.BigEndian.Uint32(body)
		switch code {
		case sslRequestCode:
			if len(body) != 4 {
				return nil, conn, fmt.Errorf("%w: bad SSLRequest length", ErrBadStartup)
			}
			if sslDone {
				// PostgreSQL (ProcessStartupPacket) takes a repeated request
				// for a StartupMessage of protocol 1234.5679 and refuses
				// that major version with 0A000.
				return nil, conn, refuseProtocol(conn, code)
			}
			sslDone = true
			if tlsConf == nil || tlsState != nil {
				if _, err := conn.Write([]byte{'N'}); err != nil {
					return nil, conn, err
				}
				continue
			}
			if _, err := conn.Write([]byte{'S'}); err != nil {
				return nil, conn, err
			}
			tc := tls.Server(conn, tlsConf)
			if err := tc.Handshake(); err != nil {
				return nil, conn, fmt.Errorf("TLS handshake: %w", err)
			}
			st := tc.ConnectionState()
			tlsState = &st
			conn = tc
		case gssEncRequestCode:
			if len(body) != 4 {
				return nil, conn, fmt.Errorf("%w: bad GSSENCRequest length", ErrBadStartup)
			}
			if gssDone {
				return nil, conn, refuseProtocol(conn, code)
			}
			gssDone = true
			if _, err := conn.Write([]byte{'N'}); err != nil {
				return nil, conn, err
			}
		case cancelRequestCode:
			if len(body) < 12 {
				return nil, conn, fmt.Errorf("%w: bad CancelRequest length", ErrBadStartup)
			}
			return &Startup{Kind: CancelRequest, CancelPID: binary.BigEndian.Uint32(body[4:]),
				CancelKey: append([]byte(nil), body[8:]...), TLS: tlsState}, conn, nil
		default:
			major, minor := uint16(code>>16), uint16(code)
			s := &Startup{Kind: StartupMessage, Major: major, Minor: minor, TLS: tlsState}
			if major != 3 {
				return nil, conn, refuseProtocol(conn, code)
			}
			params, err := parseStartupParams(body[4:])
			if err != nil {
				return nil, conn, sendStartupFatal(conn, err.(*pgerror.Error))
			}
			s.Params = params
			return s, conn, nil
		}
	}
}

// readPacket reads one length-prefixed startup packet without reading past
// its end.
func readPacket(r io.Reader) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		return nil, err
	}
	n := int(int32(binary.BigEndian.Uint32(hdr[:]))) - 4
	if n < 4 || n > maxStartupPacketLen {
		return nil, fmt.Errorf("%w: invalid length of startup packet", ErrBadStartup)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("%w: incomplete startup packet", ErrBadStartup)
	}
	return body, nil
}

// parseStartupParams decodes the name/value pairs of a StartupMessage.
func parseStartupParams(b []byte) ([]Param, error) {
	var out []Param
	for {
		i := indexZero(b)
		if i < 0 {
			return nil, pgerror.New(pgerror.ProtocolViolation, "invalid startup packet layout: expected terminator as last byte")
		}
		name := string(b[:i])
		b = b[i+1:]
		if name == "" {
			if len(b) != 0 {
				return nil, pgerror.New(pgerror.ProtocolViolation, "invalid startup packet layout: expected terminator as last byte")
			}
			return out, nil
		}
		j := indexZero(b)
		if j < 0 {
			return nil, pgerror.New(pgerror.ProtocolViolation, "invalid startup packet layout: expected terminator as last byte")
		}
		out = append(out, Param{Name: name, Value: string(b[:j])})
		b = b[j+1:]
	}
}

func indexZero(b []byte) int {
	for i, c := range b {
		if c == 0 {
			return i
		}
	}
	return -1
}

// refuseProtocol sends PostgreSQL's FATAL for a startup packet whose
// protocol major version is not 3 (ProcessStartupPacket) and returns it.
// PostgreSQL has already adopted the client's version when it reports the
// error, so a client of protocol 1 or 2 gets the old format: 'E', then
// "FATAL:  <message>\n" and a terminating zero byte (send_message_to_frontend).
func refuseProtocol(conn net.Conn, code uint32) error {
	e := pgerror.New(pgerror.FeatureNotSupported,
		"unsupported frontend protocol %d.%d: server supports 3.0 to 3.0", code>>16, code&0xffff)
	if code>>16 >= 3 {
		return sendStartupFatal(conn, e)
	}
	e.Severity = pgerror.SeverityFatal
	conn.Write([]byte("EFATAL:  " + e.Message + "\n\x00"))
	return e
}

// sendStartupFatal sends a FATAL error during startup and returns it.
func sendStartupFatal(conn net.Conn, e *pgerror.Error) error {
	e.Severity = pgerror.SeverityFatal
	buf, _ := ErrorMessage(e).Encode(nil)
	conn.Write(buf)
	return e
}

// NegotiateVersion returns the NegotiateProtocolVersion message to send
// when the client asked for a newer minor version than 3.0 or sent
// protocol options (parameters named _pq_.*), and removes those options
// from s.Params. It returns nil when no negotiation is needed.
func NegotiateVersion(s *Startup) *pgproto3.NegotiateProtocolVersion {
	var unknown []string
	kept := s.Params[:0]
	for _, p := range s.Params {
		if strings.HasPrefix(p.Name, "_pq_.") {
			unknown = append(unknown, p.Name)
			continue
		}
		kept = append(kept, p)
	}
	s.Params = kept
	if s.Minor == 0 && len(unknown) == 0 {
		return nil
	}
	// The field carries the whole newest version the server supports,
	// major in the high 16 bits, as PostgreSQL's SendNegotiateProtocolVersion
	// sends PG_PROTOCOL_LATEST (3.0).
	return &pgproto3.NegotiateProtocolVersion{NewestMinorProtocol: 3 << 16, UnrecognizedOptions: unknown}
}
