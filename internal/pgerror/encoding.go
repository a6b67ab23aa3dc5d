package pgerror

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// VerifyUTF8 checks text from the client as PostgreSQL's pg_verify_mbstr
// does for a UTF8 database: a byte sequence that is not UTF-8, or a zero
// byte, is refused with report_invalid_encoding's error (22021), which
// shows the bytes of the sequence its first byte announces.
func VerifyUTF8(b []byte) *Error {
	for i := 0; i < len(b); {
		c := b[i]
		if c != 0 && c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if c == 0 || r == utf8.RuneError && size <= 1 {
			return invalidUTF8(b[i:])
		}
		i += size
	}
	return nil
}

func invalidUTF8(b []byte) *Error {
	n := 1
	switch c := b[0]; {
	case c&0xe0 == 0xc0:
		n = 2
	case c&0xf0 == 0xe0:
		n = 3
	case c&0xf8 == 0xf0:
		n = 4
	}
	n = min(n, len(b))
	parts := make([]string, n)
	for i := range n {
		parts[i] = fmt.Sprintf("0x%02x", b[i])
	}
	return New(CharacterNotInRepertoire, `invalid byte sequence for encoding "UTF8": %s`, strings.Join(parts, " "))
}
