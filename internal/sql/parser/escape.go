package parser

import (
	"strconv"
	"strings"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The grammar is PostgreSQL 17's, whose lexer reads \v in an escape string
// (E'...') as a vertical tab. PostgreSQL 15's lexer does not know \v and,
// as for any other unknown escape, keeps the letter: E'\v' is 'v'
// (scan.l's unescape_single_char). fixEscapeStrings restores that reading
// for the string constants of a parsed query string. Only query strings
// holding `\v` pay for the extra scan.

// fixEscapeStrings rewrites the A_Const values of escape strings that use
// \v to their PostgreSQL 15 value.
func fixEscapeStrings(sql string, tree *pg_query.ParseResult) {
	if !strings.Contains(sql, `\v`) {
		return
	}
	scan, err := pg_query.Scan(sql)
	if err != nil {
		return
	}
	fixed := map[int32]string{}
	for _, tok := range scan.Tokens {
		if tok.Token != pg_query.Token_SCONST || int(tok.End) > len(sql) {
			continue
		}
		text := sql[tok.Start:tok.End]
		if len(text) < 3 || (text[0] != 'e' && text[0] != 'E') || !strings.Contains(text, `\v`) {
			continue
		}
		if v, ok := unescape15(text[2 : len(text)-1]); ok {
			fixed[tok.Start] = v
		}
	}
	if len(fixed) == 0 {
		return
	}
	for _, raw := range tree.Stmts {
		if raw.Stmt != nil {
			fixConsts(raw.Stmt.ProtoReflect(), fixed)
		}
	}
}

// fixConsts walks a parse tree and replaces the string values of the
// A_Const nodes found at the given locations.
func fixConsts(m protoreflect.Message, fixed map[int32]string) {
	if c, ok := m.Interface().(*pg_query.A_Const); ok {
		if sv := c.GetSval(); sv != nil {
			if v, ok := fixed[c.Location]; ok {
				sv.Sval = v
			}
		}
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsMap() || fd.Message() == nil:
		case fd.IsList():
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				fixConsts(l.Get(i).Message(), fixed)
			}
		default:
			fixConsts(v.Message(), fixed)
		}
		return true
	})
}

// unescape15 decodes the body of an escape string as PostgreSQL 15's
// lexer does: \b \f \n \r \t, octal \ooo, hex \xhh, \uXXXX and
// \UXXXXXXXX, a doubled quote and \' for a quote, and any other escaped character as
// itself. ok is false for what it does not decode the same way as the
// grammar's lexer (surrogate pairs, continuation lines); the grammar's
// value then stands.
func unescape15(body string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '\'' {
			if i+1 < len(body) && body[i+1] == '\'' {
				b.WriteByte('\'')
				i++
				continue
			}
			return "", false
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(body) {
			return "", false
		}
		c = body[i]
		switch c {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(body) && j < i+3 && body[j] >= '0' && body[j] <= '7' {
				j++
			}
			n, _ := strconv.ParseUint(body[i:j], 8, 16)
			b.WriteByte(byte(n))
			i = j - 1
		case 'x':
			j := i + 1
			for j < len(body) && j < i+3 && isHex(body[j]) {
				j++
			}
			if j == i+1 {
				b.WriteByte('x')
				continue
			}
			n, _ := strconv.ParseUint(body[i+1:j], 16, 8)
			b.WriteByte(byte(n))
			i = j - 1
		case 'u', 'U':
			w := 4
			if c == 'U' {
				w = 8
			}
			if i+1+w > len(body) {
				return "", false
			}
			n, err := strconv.ParseUint(body[i+1:i+1+w], 16, 32)
			if err != nil || n == 0 || (n >= 0xD800 && n <= 0xDFFF) || n > utf8.MaxRune {
				return "", false
			}
			b.WriteRune(rune(n))
			i += w
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
