package pgwire

import (
	"encoding/binary"

	"github.com/jackc/pgx/v5/pgproto3"
)

// ParameterDescription returns a ParameterDescription message for a
// statement's parameter type OIDs. A statement may have more parameters
// than the message's 16-bit count holds: PostgreSQL writes the count
// truncated and all the OIDs, and clients count the OIDs by the
// message's length, so this does the same (pgproto3's own encoder
// refuses more than 65535).
func ParameterDescription(oids []uint32) pgproto3.BackendMessage {
	return &paramDescMessage{oids: oids}
}

type paramDescMessage struct{ oids []uint32 }

func (*paramDescMessage) Backend() {}

func (m *paramDescMessage) Decode([]byte) error { return nil }

func (m *paramDescMessage) Encode(dst []byte) ([]byte, error) {
	dst = append(dst, 't')
	dst = binary.BigEndian.AppendUint32(dst, uint32(4+2+4*len(m.oids)))
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(m.oids)))
	for _, o := range m.oids {
		dst = binary.BigEndian.AppendUint32(dst, o)
	}
	return dst, nil
}
