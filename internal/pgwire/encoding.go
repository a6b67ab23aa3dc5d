package pgwire

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"golang.org/x/text/encoding/charmap"
)

// Encoding is a client encoding that tusk converts to and from the server
// encoding, UTF8: one of PostgreSQL's single-byte encodings (LATIN1,
// WIN1252, ...). PostgreSQL converts every string crossing the wire
// (pq_getmsgstring, pq_sendstring, pq_sendtext; see the manual's section
// "Character Set Support", "Automatic Character Set Conversion Between
// Server and Client"); Conn does the same once SetEncoding is called.
//
// An Encoding is immutable and safe for concurrent use.
type Encoding struct {
	name string
	cm   *charmap.Charmap
}

// Name returns the encoding's PostgreSQL name ("LATIN1").
func (e *Encoding) Name() string { return e.name }

// encodings are PostgreSQL's single-byte encodings with a Go charmap, by
// canonical name.
var encodings = map[string]*charmap.Charmap{
	"LATIN1": charmap.ISO8859_1, "LATIN2": charmap.ISO8859_2, "LATIN3": charmap.ISO8859_3,
	"LATIN4": charmap.ISO8859_4, "LATIN5": charmap.ISO8859_9, "LATIN6": charmap.ISO8859_10,
	"LATIN7": charmap.ISO8859_13, "LATIN8": charmap.ISO8859_14, "LATIN9": charmap.ISO8859_15,
	"LATIN10": charmap.ISO8859_16, "ISO_8859_5": charmap.ISO8859_5, "ISO_8859_6": charmap.ISO8859_6,
	"ISO_8859_7": charmap.ISO8859_7, "ISO_8859_8": charmap.ISO8859_8,
	"WIN1250": charmap.Windows1250, "WIN1251": charmap.Windows1251, "WIN1252": charmap.Windows1252,
	"WIN1253": charmap.Windows1253, "WIN1254": charmap.Windows1254, "WIN1255": charmap.Windows1255,
	"WIN1256": charmap.Windows1256, "WIN1257": charmap.Windows1257, "WIN1258": charmap.Windows1258,
	"WIN866": charmap.CodePage866, "WIN874": charmap.Windows874, "KOI8R": charmap.KOI8R, "KOI8U": charmap.KOI8U,
}

// encodingAliases are the other spellings PostgreSQL accepts
// (pg_encname_tbl in common/encnames.c), after cleaning.
var encodingAliases = map[string]string{
	"iso88591": "LATIN1", "iso88592": "LATIN2", "iso88593": "LATIN3", "iso88594": "LATIN4",
	"iso88599": "LATIN5", "iso885910": "LATIN6", "iso885913": "LATIN7", "iso885914": "LATIN8",
	"iso885915": "LATIN9", "iso885916": "LATIN10", "iso88595": "ISO_8859_5", "iso88596": "ISO_8859_6",
	"iso88597": "ISO_8859_7", "iso88598": "ISO_8859_8", "koi8": "KOI8R", "alt": "WIN866",
	"win": "WIN1251", "windows1250": "WIN1250", "windows1251": "WIN1251", "windows1252": "WIN1252",
	"windows1253": "WIN1253", "windows1254": "WIN1254", "windows1255": "WIN1255",
	"windows1256": "WIN1256", "windows1257": "WIN1257", "windows1258": "WIN1258",
	"windows866": "WIN866", "windows874": "WIN874", "utf8": "UTF8", "unicode": "UTF8",
	"sqlascii": "SQL_ASCII",
}

// LookupEncoding resolves a client_encoding value the way PostgreSQL's
// pg_char_to_encoding does (case and punctuation are ignored). It returns
// the canonical name and the Encoding to convert with, which is nil for
// UTF8 and SQL_ASCII (no conversion). ok is false for an encoding tusk
// cannot convert.
func LookupEncoding(value string) (name string, enc *Encoding, ok bool) {
	var b strings.Builder
	for _, r := range strings.ToLower(value) {
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	clean := b.String()
	name = encodingAliases[clean]
	if name == "" {
		for n := range encodings {
			if strings.ToLower(strings.ReplaceAll(n, "_", "")) == clean {
				name = n
			}
		}
	}
	switch name {
	case "":
		return "", nil, false
	case "UTF8", "SQL_ASCII":
		return name, nil, true
	}
	return name, &Encoding{name: name, cm: encodings[name]}, true
}

// toClient converts UTF-8 text to the client encoding. An unconvertible
// character is an error (22P05), or '?' when lossy is set (texts that must
// reach the client whatever they hold, such as error messages).
func (e *Encoding) toClient(dst []byte, s []byte, lossy bool) ([]byte, error) {
	for len(s) > 0 {
		if s[0] < utf8.RuneSelf {
			dst = append(dst, s[0])
			s = s[1:]
			continue
		}
		r, n := utf8.DecodeRune(s)
		b, ok := e.cm.EncodeRune(r)
		if !ok || r == utf8.RuneError {
			if !lossy {
				return dst, pgerror.New(pgerror.UntranslatableCharacter,
					`character with byte sequence %s in encoding "UTF8" has no equivalent in encoding "%s"`, byteSeq(s[:n]), e.name)
			}
			b = '?'
		}
		dst = append(dst, b)
		s = s[n:]
	}
	return dst, nil
}

// fromClient converts client-encoded text to UTF-8; a byte the encoding
// leaves undefined is an error (22P05).
func (e *Encoding) fromClient(s string) (string, error) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			b.WriteByte(c)
			continue
		}
		r := e.cm.DecodeByte(c)
		if r == utf8.RuneError {
			return "", pgerror.New(pgerror.UntranslatableCharacter,
				`character with byte sequence %s in encoding "%s" has no equivalent in encoding "UTF8"`, byteSeq([]byte{c}), e.name)
		}
		b.WriteRune(r)
	}
	return b.String(), nil
}

func byteSeq(b []byte) string {
	parts := make([]string, len(b))
	for i, c := range b {
		parts[i] = fmt.Sprintf("0x%02x", c)
	}
	return strings.Join(parts, " ")
}

// outString converts a string bound for the client, lossily.
func (e *Encoding) outString(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			out, _ := e.toClient(nil, []byte(s), true)
			return string(out)
		}
	}
	return s
}

// SetEncoding sets the client encoding: nil for none (UTF8, SQL_ASCII).
// From then on the strings of incoming Query, Parse and Bind messages are
// converted to UTF-8, and outgoing rows, column names, command tags,
// notices, errors, notifications and parameter values to the client
// encoding. COPY data is not converted yet.
func (c *Conn) SetEncoding(e *Encoding) { c.enc = e }

// Encoding returns the client encoding set by SetEncoding.
func (c *Conn) Encoding() *Encoding { return c.enc }

// convertIn converts an incoming message's strings to UTF-8, in place.
func (c *Conn) convertIn(m pgproto3.FrontendMessage) error {
	e := c.enc
	var err error
	switch m := m.(type) {
	case *pgproto3.Query:
		m.String, err = e.fromClient(m.String)
	case *pgproto3.Parse:
		m.Query, err = e.fromClient(m.Query)
	case *pgproto3.Bind:
		for i, p := range m.Parameters {
			if p == nil || FormatFor(m.ParameterFormatCodes, i) != TextFormat {
				continue
			}
			var s string
			if s, err = e.fromClient(string(p)); err != nil {
				break
			}
			m.Parameters[i] = []byte(s)
		}
	}
	return err
}

// convertOut returns an outgoing message with its strings in the client
// encoding. Rows (rowMessage) are converted as they are encoded.
func (c *Conn) convertOut(m pgproto3.BackendMessage) pgproto3.BackendMessage {
	e := c.enc
	switch m := m.(type) {
	case *pgproto3.RowDescription:
		cp := *m
		cp.Fields = append([]pgproto3.FieldDescription(nil), m.Fields...)
		for i := range cp.Fields {
			cp.Fields[i].Name = []byte(e.outString(string(cp.Fields[i].Name)))
		}
		return &cp
	case *pgproto3.ErrorResponse:
		cp := *m
		convertErrorFields(e, &cp)
		return &cp
	case *pgproto3.NoticeResponse:
		cp := pgproto3.ErrorResponse(*m)
		convertErrorFields(e, &cp)
		n := pgproto3.NoticeResponse(cp)
		return &n
	case *pgproto3.CommandComplete:
		return &pgproto3.CommandComplete{CommandTag: []byte(e.outString(string(m.CommandTag)))}
	case *pgproto3.ParameterStatus:
		return &pgproto3.ParameterStatus{Name: m.Name, Value: e.outString(m.Value)}
	case *pgproto3.NotificationResponse:
		return &pgproto3.NotificationResponse{PID: m.PID, Channel: e.outString(m.Channel), Payload: e.outString(m.Payload)}
	}
	return m
}

func convertErrorFields(e *Encoding, r *pgproto3.ErrorResponse) {
	for _, f := range []*string{&r.Message, &r.Detail, &r.Hint, &r.Where, &r.InternalQuery,
		&r.SchemaName, &r.TableName, &r.ColumnName, &r.DataTypeName, &r.ConstraintName} {
		*f = e.outString(*f)
	}
}
