package jsonb

import "github.com/tuskdb/tusk/internal/pgerror"

// Binary wire format (PostgreSQL's jsonb_send, jsonb_recv, json_send and
// json_recv): jsonb is a version byte, 1, followed by the text form; json
// is its text.

// AppendBinary appends jsonb_send's format.
func (v *Value) AppendBinary(b []byte) []byte {
	b = append(b, 1)
	return v.Append(b)
}

// DecodeBinary is jsonb_recv.
func DecodeBinary(b []byte) (*Value, error) {
	if len(b) == 0 || b[0] != 1 {
		ver := 0
		if len(b) > 0 {
			ver = int(b[0])
		}
		return nil, pgerror.New(pgerror.InternalError, "unsupported jsonb version number %d", ver)
	}
	return Parse(string(b[1:]))
}

// DecodeJSONBinary is json_recv: the text, validated.
func DecodeJSONBinary(b []byte) (JSON, error) {
	s := string(b)
	if err := Validate(s); err != nil {
		return "", err
	}
	return JSON(s), nil
}
