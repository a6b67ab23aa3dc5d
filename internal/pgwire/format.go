package pgwire

import (
	"encoding/binary"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Format codes.
const (
	TextFormat   int16 = 0
	BinaryFormat int16 = 1
)

// FormatFor returns the format of column i given a Bind message's result
// format codes (none: all text; one: all that; otherwise one per column).
func FormatFor(codes []int16, i int) int16 {
	switch len(codes) {
	case 0:
		return TextFormat
	case 1:
		return codes[0]
	}
	if i < len(codes) {
		return codes[i]
	}
	return TextFormat
}

// rowMessage encodes a DataRow straight from typed values, so that sending
// a row allocates nothing.
type rowMessage struct {
	row     types.Row
	types   []*types.T
	formats []int16
	ctx     *types.Ctx
	enc     *Encoding
	err     error
}

func (*rowMessage) Backend() {}

func (m *rowMessage) Decode([]byte) error { return nil }

func (m *rowMessage) Encode(dst []byte) ([]byte, error) {
	start := len(dst)
	dst = append(dst, 'D', 0, 0, 0, 0)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(m.row)))
	for i, v := range m.row {
		if v.IsNull() {
			dst = binary.BigEndian.AppendUint32(dst, 0xffffffff)
			continue
		}
		at := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		if FormatFor(m.formats, i) == BinaryFormat {
			var err error
			dst, err = types.AppendBinary(dst, m.types[i], v, m.ctx)
			if err != nil {
				m.err = err
				return dst[:start], nil
			}
		} else {
			dst = types.Format(dst, m.types[i], v, m.ctx)
		}
		if m.enc != nil && (FormatFor(m.formats, i) == TextFormat || m.types[i].Category == types.CatString) {
			// Text output and the binary form of string types are sent in
			// the client encoding (pq_sendtext).
			var err error
			if dst, err = m.convertValue(dst, at+4); err != nil {
				m.err = err
				return dst[:start], nil
			}
		}
		binary.BigEndian.PutUint32(dst[at:], uint32(len(dst)-at-4))
	}
	binary.BigEndian.PutUint32(dst[start+1:], uint32(len(dst)-start-1))
	return dst, nil
}

// convertValue converts dst[from:] to the client encoding.
func (m *rowMessage) convertValue(dst []byte, from int) ([]byte, error) {
	v := dst[from:]
	for _, c := range v {
		if c >= 0x80 {
			tmp := append([]byte(nil), v...)
			return m.enc.toClient(dst[:from], tmp, false)
		}
	}
	return dst, nil
}

// WriteRow buffers a DataRow for row, whose columns have the given types,
// in the given result formats, flushing when the buffer grows large.
func (c *Conn) WriteRow(row types.Row, ts []*types.T, formats []int16, ctx *types.Ctx) error {
	m := &c.rowMsg
	*m = rowMessage{row: row, types: ts, formats: formats, ctx: ctx, enc: c.enc}
	c.be.Send(m)
	m.row = nil
	if m.err != nil {
		return m.err
	}
	c.pending++
	if c.pending >= 64 {
		c.pending = 0
		return c.be.Flush()
	}
	return nil
}

// Column describes a result column for RowDescription.
type Column struct {
	Name   string
	T      *types.T
	Table  uint32
	Attnum int16
}

// RowDescription builds a RowDescription for cols with the given formats
// (nil for a statement Describe: all text).
func RowDescription(cols []Column, formats []int16) *pgproto3.RowDescription {
	rd := &pgproto3.RowDescription{Fields: make([]pgproto3.FieldDescription, len(cols))}
	for i, c := range cols {
		// A domain's values go out as its base type's (PostgreSQL
		// describes them so).
		t := c.T
		if t.Domain != nil {
			t = types.BaseType(t)
		}
		rd.Fields[i] = pgproto3.FieldDescription{
			Name:                 []byte(c.Name),
			TableOID:             c.Table,
			TableAttributeNumber: uint16(c.Attnum),
			DataTypeOID:          uint32(t.Oid),
			DataTypeSize:         t.Len,
			TypeModifier:         t.Typmod,
			Format:               FormatFor(formats, i),
		}
	}
	return rd
}

// DecodeParam decodes one Bind parameter of type t in format f. A nil
// value is NULL.
func DecodeParam(t *types.T, f int16, value []byte, n int, ctx *types.Ctx) (types.Datum, error) {
	if value == nil {
		return types.Null, nil
	}
	switch f {
	case TextFormat:
		// PostgreSQL converts a text parameter to the server encoding
		// before its input function sees it (exec_bind_message), which
		// for a UTF-8 client verifies it.
		if e := pgerror.VerifyUTF8(value); e != nil {
			return types.Null, e
		}
		if t.Oid == types.OidUnknown {
			t = types.Text
		}
		return types.Parse(t, string(value), ctx)
	case BinaryFormat:
		d, err := types.ParseBinary(t, value, ctx)
		if err != nil {
			// A receive function's own complaint (invalid radius in
			// external "circle" value) reaches the client as it is;
			// malformed data is reported against the parameter, as
			// exec_bind_message does.
			pe := pgerror.Flatten(err)
			if pe.Code == pgerror.InvalidBinaryRepresentation && pe.Message == "incorrect binary data format in bind parameter" || pe.Code == pgerror.ProtocolViolation {
				return types.Null, pgerror.New(pgerror.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter %d", n)
			}
			return types.Null, err
		}
		return d, nil
	}
	return types.Null, pgerror.New(pgerror.ProtocolViolation, "unsupported format code: %d", f)
}
