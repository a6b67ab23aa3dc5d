package storage

import (
	"encoding/binary"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Row values. A stored row is a format byte, then for each column slot
// (by attnum, dropped columns included) a uvarint of the value's length
// plus one (zero for NULL) and the value in PostgreSQL's binary format.
// Columns added after a row was written read as NULL (the caller applies
// defaults of added columns at ALTER time). An enum value is stored as its
// label's OID (4 bytes), as PostgreSQL stores it, so that renaming a label
// renames the stored values.

const rowFormat = 1

// EncodeRow encodes a row whose values are given per attnum-1 slot.
func EncodeRow(buf []byte, cols []*types.T, row types.Row) ([]byte, error) {
	buf = append(buf, rowFormat)
	for i, v := range row {
		if v.IsNull() || cols[i] == nil {
			buf = binary.AppendUvarint(buf, 0)
			continue
		}
		// Reserve a length, encode, then patch: values are usually short,
		// so encode into a scratch area after a one-byte guess.
		if t := cols[i]; t.Enum != nil {
			o, ok := types.EnumLabelOid(t, v.Str())
			if !ok {
				return nil, pgerror.New(pgerror.InvalidTextRepresentation, `invalid input value for enum %s: "%s"`, t.Name, v.Str())
			}
			buf = binary.BigEndian.AppendUint32(append(buf, 5), uint32(o))
			continue
		}
		at := len(buf)
		buf = append(buf, 0)
		var err error
		buf, err = types.AppendBinary(buf, cols[i], v, nil)
		if err != nil {
			return nil, err
		}
		n := len(buf) - at - 1
		if n+1 < 0x80 {
			buf[at] = byte(n + 1)
			continue
		}
		// Longer value: make room for a multi-byte length.
		var lb [binary.MaxVarintLen64]byte
		ln := binary.PutUvarint(lb[:], uint64(n+1))
		buf = append(buf, make([]byte, ln-1)...)
		copy(buf[at+ln:], buf[at+1:at+1+n])
		copy(buf[at:], lb[:ln])
	}
	return buf, nil
}

// DecodeRow decodes a stored row into out (one slot per column type).
func DecodeRow(b []byte, cols []*types.T, out types.Row) error {
	if len(b) == 0 || b[0] != rowFormat {
		return pgerror.New(pgerror.DataCorrupted, "invalid row format")
	}
	b = b[1:]
	for i := range out {
		if len(b) == 0 {
			out[i] = types.Null
			continue
		}
		n, k := binary.Uvarint(b)
		if k <= 0 {
			return pgerror.New(pgerror.DataCorrupted, "invalid row encoding")
		}
		b = b[k:]
		if n == 0 {
			out[i] = types.Null
			continue
		}
		ln := int(n - 1)
		if ln > len(b) {
			return pgerror.New(pgerror.DataCorrupted, "truncated row")
		}
		if cols[i] == nil {
			out[i] = types.Null
			b = b[ln:]
			continue
		}
		if t := cols[i]; t.Enum != nil && ln == 4 {
			o := types.Oid(binary.BigEndian.Uint32(b))
			label, ok := types.EnumLabelOf(t, o)
			if !ok {
				return pgerror.New(pgerror.DataCorrupted, "invalid internal value for enum: %d", o)
			}
			out[i] = types.NewString(label)
			b = b[ln:]
			continue
		}
		v, err := types.ParseBinary(cols[i].Base(), b[:ln], nil)
		if err != nil {
			return pgerror.Wrap(err, pgerror.DataCorrupted, "decoding column %d: %v", i+1, err)
		}
		out[i] = v
		b = b[ln:]
	}
	return nil
}
