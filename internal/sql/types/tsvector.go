package types

import (
	"encoding/binary"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// The tsvector type's input, output and binary format (utils/adt/
// tsvector.c, tsvector_parser.c). A value is kept as its canonical text,
// what tsvectorout prints: lexemes sorted bytewise and unique, each with
// its positions sorted and unique (the highest weight wins a tie), at
// most 256 of them, each at most 16383.

// TSLexeme is one lexeme of a tsvector with its positions; a position's
// weight is 3 for A down to 0 for D, as PostgreSQL numbers them.
type TSLexeme struct {
	Word      string
	Positions []TSPos
}

// TSPos is a position of a lexeme and its weight.
type TSPos struct {
	Pos    uint16
	Weight uint8
}

const (
	tsMaxPos    = 16383 // MAXENTRYPOS - 1
	tsMaxNumPos = 256   // MAXNUMPOS
)

func tsSyntaxError(s string) error {
	return pgerror.New(pgerror.SyntaxError, `syntax error in tsvector: "%s"`, s)
}

func tsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// ParseTSVector reads tsvectorin's input: lexemes, quoted with ' (a
// doubled quote or a backslash escapes) or bare, each optionally
// followed by :positions with weights A to D.
func ParseTSVector(s string) ([]TSLexeme, error) {
	var out []TSLexeme
	i := 0
	escaped := func(word []byte) ([]byte, error) {
		// s[i] is a backslash: take the next character whole.
		i++
		if i >= len(s) {
			return nil, tsSyntaxError(s)
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		word = append(word, s[i:i+n]...)
		i += n
		return word, nil
	}
	for {
		for i < len(s) && tsSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			break
		}
		var word []byte
		var err error
		if s[i] == '\'' {
			i++
			for {
				if i >= len(s) {
					return nil, tsSyntaxError(s)
				}
				switch c := s[i]; {
				case c == '\\':
					if word, err = escaped(word); err != nil {
						return nil, err
					}
					continue
				case c == '\'' && i+1 < len(s) && s[i+1] == '\'':
					word = append(word, '\'')
					i += 2
					continue
				case c == '\'':
					i++
				default:
					word = append(word, c)
					i++
					continue
				}
				break
			}
		} else {
			// A bare word's first character is its own even if it is a
			// colon; a later colon starts the positions.
			for i < len(s) && !tsSpace(s[i]) && (s[i] != ':' || len(word) == 0) {
				if s[i] == '\\' {
					if word, err = escaped(word); err != nil {
						return nil, err
					}
					continue
				}
				word = append(word, s[i])
				i++
			}
		}
		lex := TSLexeme{Word: string(word)}
		if i < len(s) && s[i] == ':' {
			i++
			for {
				start := i
				for i < len(s) && s[i] >= '0' && s[i] <= '9' {
					i++
				}
				if i == start {
					return nil, tsSyntaxError(s)
				}
				p, _ := strconv.Atoi(s[start:min(i, start+9)])
				if p == 0 {
					return nil, pgerror.New(pgerror.SyntaxError, `wrong position info in tsvector: "%s"`, s)
				}
				pos := TSPos{Pos: uint16(min(p, tsMaxPos))}
				if i < len(s) {
					switch s[i] {
					case 'a', 'A', '*':
						pos.Weight = 3
						i++
					case 'b', 'B':
						pos.Weight = 2
						i++
					case 'c', 'C':
						pos.Weight = 1
						i++
					case 'd', 'D':
						i++
					}
				}
				lex.Positions = append(lex.Positions, pos)
				if i < len(s) && s[i] == ',' {
					i++
					continue
				}
				if i < len(s) && !tsSpace(s[i]) {
					return nil, tsSyntaxError(s)
				}
				break
			}
		}
		out = append(out, lex)
	}
	return normalizeTSVector(out), nil
}

// NormalizeTSVector sorts and merges lexemes and their positions as
// tsvectorin's uniqueentry and uniquePos do.
func NormalizeTSVector(lexemes []TSLexeme) []TSLexeme { return normalizeTSVector(lexemes) }

func normalizeTSVector(lexemes []TSLexeme) []TSLexeme {
	sort.SliceStable(lexemes, func(a, b int) bool { return lexemes[a].Word < lexemes[b].Word })
	var out []TSLexeme
	for _, l := range lexemes {
		if n := len(out); n > 0 && out[n-1].Word == l.Word {
			out[n-1].Positions = append(out[n-1].Positions, l.Positions...)
			continue
		}
		out = append(out, TSLexeme{Word: l.Word, Positions: append([]TSPos(nil), l.Positions...)})
	}
	for k := range out {
		ps := out[k].Positions
		if len(ps) == 0 {
			continue
		}
		sort.SliceStable(ps, func(a, b int) bool { return ps[a].Pos < ps[b].Pos })
		u := ps[:1]
		for _, p := range ps[1:] {
			last := &u[len(u)-1]
			if p.Pos == last.Pos {
				last.Weight = max(last.Weight, p.Weight)
				continue
			}
			u = append(u, p)
		}
		if len(u) > tsMaxNumPos {
			u = u[:tsMaxNumPos]
		}
		out[k].Positions = u
	}
	return out
}

// FormatTSVector prints lexemes as tsvectorout does.
func FormatTSVector(lexemes []TSLexeme) string {
	var b strings.Builder
	for i, l := range lexemes {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('\'')
		for k := 0; k < len(l.Word); k++ {
			if c := l.Word[k]; c == '\'' || c == '\\' {
				b.WriteByte(c)
			}
			b.WriteByte(l.Word[k])
		}
		b.WriteByte('\'')
		for k, p := range l.Positions {
			if k == 0 {
				b.WriteByte(':')
			} else {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(int(p.Pos)))
			if p.Weight > 0 {
				b.WriteByte("DCBA"[p.Weight])
			}
		}
	}
	return b.String()
}

// TSVectorOf reads a tsvector datum (its canonical text).
func TSVectorOf(d Datum) []TSLexeme {
	l, _ := ParseTSVector(d.Str())
	return l
}

// appendTSVectorBinary is tsvectorsend: the lexeme count, then each
// lexeme NUL-terminated with its position count and positions (weight in
// the top two bits).
func appendTSVectorBinary(buf []byte, s string) ([]byte, error) {
	lexemes, err := ParseTSVector(s)
	if err != nil {
		return nil, err
	}
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(lexemes)))
	for _, l := range lexemes {
		buf = append(buf, l.Word...)
		buf = append(buf, 0)
		buf = binary.BigEndian.AppendUint16(buf, uint16(len(l.Positions)))
		for _, p := range l.Positions {
			buf = binary.BigEndian.AppendUint16(buf, uint16(p.Weight)<<14|p.Pos)
		}
	}
	return buf, nil
}

// parseTSVectorBinary is tsvectorrecv.
func parseTSVectorBinary(b []byte) (Datum, error) {
	bad := func(msg string) (Datum, error) {
		return Null, pgerror.New(pgerror.InvalidBinaryRepresentation, "%s", msg)
	}
	if len(b) < 4 {
		return bad("insufficient data left in message")
	}
	n := int(int32(binary.BigEndian.Uint32(b)))
	b = b[4:]
	if n < 0 || n > len(b) {
		return bad("invalid size of tsvector")
	}
	lexemes := make([]TSLexeme, 0, n)
	for i := 0; i < n; i++ {
		end := strings.IndexByte(string(b), 0)
		if end < 0 || len(b) < end+3 {
			return bad("insufficient data left in message")
		}
		word := string(b[:end])
		if !utf8.ValidString(word) {
			return Null, pgerror.New(pgerror.CharacterNotInRepertoire, `invalid byte sequence for encoding "UTF8"`)
		}
		np := int(binary.BigEndian.Uint16(b[end+1:]))
		b = b[end+3:]
		if np > tsMaxNumPos {
			return bad("unexpected number of tsvector positions")
		}
		if len(b) < 2*np {
			return bad("insufficient data left in message")
		}
		l := TSLexeme{Word: word}
		for k := 0; k < np; k++ {
			w := binary.BigEndian.Uint16(b[2*k:])
			p := TSPos{Pos: w & 0x3fff, Weight: uint8(w >> 14)}
			if k > 0 && p.Pos <= l.Positions[k-1].Pos {
				return bad("position information is misordered")
			}
			l.Positions = append(l.Positions, p)
		}
		b = b[2*np:]
		lexemes = append(lexemes, l)
	}
	if len(b) != 0 {
		return Null, pgerror.New(pgerror.InvalidBinaryRepresentation, "incorrect binary data format")
	}
	return NewString(FormatTSVector(normalizeTSVector(lexemes))), nil
}

// tsvectorSize is the size PostgreSQL's varlena of a tsvector has: a
// header, an entry per lexeme, and the lexemes with their positions,
// each position list aligned to two bytes. tsvector_cmp orders by it.
func tsvectorSize(lexemes []TSLexeme) int {
	n := 0
	for _, l := range lexemes {
		n += len(l.Word)
		if len(l.Positions) > 0 {
			n += n % 2
			n += 2 * (len(l.Positions) + 1)
		}
	}
	return 8 + 4*len(lexemes) + n
}

// compareTSVector orders two tsvectors as tsvector_cmp (silly_cmp_tsvector)
// does: by size, then lexeme count, then lexeme by lexeme, where one with
// positions sorts first, then the text, then more positions first, then
// higher positions and weights first.
func compareTSVector(a, b string) int {
	x, _ := ParseTSVector(a)
	y, _ := ParseTSVector(b)
	if c := cmpInt(int64(tsvectorSize(x)), int64(tsvectorSize(y))); c != 0 {
		return c
	}
	if c := cmpInt(int64(len(x)), int64(len(y))); c != 0 {
		return c
	}
	for i := range x {
		l, m := x[i], y[i]
		if hl, hm := len(l.Positions) > 0, len(m.Positions) > 0; hl != hm {
			if hl {
				return -1
			}
			return 1
		}
		if c := strings.Compare(l.Word, m.Word); c != 0 {
			return c
		}
		if c := cmpInt(int64(len(m.Positions)), int64(len(l.Positions))); c != 0 {
			return c
		}
		for k := range l.Positions {
			if c := cmpInt(int64(m.Positions[k].Pos), int64(l.Positions[k].Pos)); c != 0 {
				return c
			}
			if c := cmpInt(int64(m.Positions[k].Weight), int64(l.Positions[k].Weight)); c != 0 {
				return c
			}
		}
	}
	return 0
}

// tsvectorSortKey is a byte string that sorts as compareTSVector orders,
// for index keys.
func tsvectorSortKey(s string) []byte {
	l, _ := ParseTSVector(s)
	key := binary.BigEndian.AppendUint32(nil, uint32(tsvectorSize(l)))
	key = binary.BigEndian.AppendUint32(key, uint32(len(l)))
	for _, x := range l {
		if len(x.Positions) > 0 {
			key = append(key, 0)
		} else {
			key = append(key, 1)
		}
		// The word, with 0x00 escaped so that a prefix sorts first.
		for k := 0; k < len(x.Word); k++ {
			key = append(key, x.Word[k])
			if x.Word[k] == 0 {
				key = append(key, 0xff)
			}
		}
		key = append(key, 0, 0)
		key = binary.BigEndian.AppendUint16(key, ^uint16(len(x.Positions)))
		for _, p := range x.Positions {
			key = binary.BigEndian.AppendUint16(key, ^p.Pos)
			key = append(key, ^p.Weight)
		}
	}
	return key
}
