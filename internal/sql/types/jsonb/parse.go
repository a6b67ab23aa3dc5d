package jsonb

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// The JSON lexer and recursive-descent parser, mirroring PostgreSQL's
// common/jsonapi.c so that the same input fails at the same token with
// the same message.

type tokType uint8

const (
	tokInvalid tokType = iota
	tokString
	tokNumber
	tokObjectStart
	tokObjectEnd
	tokArrayStart
	tokArrayEnd
	tokComma
	tokColon
	tokTrue
	tokFalse
	tokNull
	tokEnd
)

// jsonErr is one of PostgreSQL's JsonParseErrorType values.
type jsonErr uint8

const (
	errNone jsonErr = iota
	errEscapingInvalid
	errEscapingRequired
	errExpectedArrayFirst
	errExpectedArrayNext
	errExpectedColon
	errExpectedEnd
	errExpectedJSON
	errExpectedMore
	errExpectedObjectFirst
	errExpectedObjectNext
	errExpectedString
	errInvalidToken
	errUnicodeCodePointZero
	errUnicodeEscapeFormat
	errUnicodeHighSurrogate
	errUnicodeLowSurrogate
)

// lexer is PostgreSQL's JsonLexContext.
type lexer struct {
	input       string
	tokStart    int // -1 when there is no current token
	tokEnd      int // token_terminator
	prevTokEnd  int
	tokType     tokType
	lineNumber  int
	lineStart   int
	needEscapes bool
	strval      []byte // de-escaped string, when needEscapes
	escaped     bool   // the last string token contained a backslash
	depth       int
}

func newLexer(s string, needEscapes bool) *lexer {
	return &lexer{input: s, lineNumber: 1, needEscapes: needEscapes}
}

func isAlnumJSON(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80
}

// mblen is pg_encoding_mblen_bounded for UTF-8.
func mblen(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	c := s[i]
	n := 1
	switch {
	case c&0xe0 == 0xc0:
		n = 2
	case c&0xf0 == 0xe0:
		n = 3
	case c&0xf8 == 0xf0:
		n = 4
	}
	for k := 1; k < n; k++ {
		if i+k >= len(s) {
			return k
		}
	}
	return n
}

// lex reads the next token (PostgreSQL's json_lex).
func (l *lexer) lex() jsonErr {
	s := l.tokEnd
	for s < len(l.input) {
		c := l.input[s]
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			break
		}
		s++
		if c == '\n' {
			l.lineNumber++
			l.lineStart = s
		}
	}
	l.tokStart = s
	if s >= len(l.input) {
		l.tokStart = -1
		l.prevTokEnd = l.tokEnd
		l.tokEnd = s
		l.tokType = tokEnd
		return errNone
	}
	single := func(t tokType) jsonErr {
		l.prevTokEnd = l.tokEnd
		l.tokEnd = s + 1
		l.tokType = t
		return errNone
	}
	switch c := l.input[s]; c {
	case '{':
		return single(tokObjectStart)
	case '}':
		return single(tokObjectEnd)
	case '[':
		return single(tokArrayStart)
	case ']':
		return single(tokArrayEnd)
	case ',':
		return single(tokComma)
	case ':':
		return single(tokColon)
	case '"':
		if e := l.lexString(); e != errNone {
			return e
		}
		l.tokType = tokString
		return errNone
	case '-':
		if e := l.lexNumber(s + 1); e != errNone {
			return e
		}
		l.tokType = tokNumber
		return errNone
	default:
		if c >= '0' && c <= '9' {
			if e := l.lexNumber(s); e != errNone {
				return e
			}
			l.tokType = tokNumber
			return errNone
		}
		p := s
		for p < len(l.input) && isAlnumJSON(l.input[p]) {
			p++
		}
		if p == s {
			l.prevTokEnd = l.tokEnd
			l.tokEnd = s + 1
			return errInvalidToken
		}
		l.prevTokEnd = l.tokEnd
		l.tokEnd = p
		switch l.input[s:p] {
		case "true":
			l.tokType = tokTrue
		case "null":
			l.tokType = tokNull
		case "false":
			l.tokType = tokFalse
		default:
			return errInvalidToken
		}
		return errNone
	}
}

// lexNumber scans a number whose digits start at s (after any minus sign).
func (l *lexer) lexNumber(s int) jsonErr {
	in := l.input
	bad := false
	if s < len(in) && in[s] == '0' {
		s++
	} else if s < len(in) && in[s] >= '1' && in[s] <= '9' {
		for s < len(in) && in[s] >= '0' && in[s] <= '9' {
			s++
		}
	} else {
		bad = true
	}
	if s < len(in) && in[s] == '.' {
		s++
		if s == len(in) || in[s] < '0' || in[s] > '9' {
			bad = true
		} else {
			for s < len(in) && in[s] >= '0' && in[s] <= '9' {
				s++
			}
		}
	}
	if s < len(in) && (in[s] == 'e' || in[s] == 'E') {
		s++
		if s < len(in) && (in[s] == '+' || in[s] == '-') {
			s++
		}
		if s == len(in) || in[s] < '0' || in[s] > '9' {
			bad = true
		} else {
			for s < len(in) && in[s] >= '0' && in[s] <= '9' {
				s++
			}
		}
	}
	for s < len(in) && isAlnumJSON(in[s]) {
		s++
		bad = true
	}
	l.prevTokEnd = l.tokEnd
	l.tokEnd = s
	if bad {
		return errInvalidToken
	}
	return errNone
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// lexString scans a string token (PostgreSQL's json_lex_string),
// de-escaping it into strval when needEscapes.
func (l *lexer) lexString() jsonErr {
	in := l.input
	l.strval = l.strval[:0]
	l.escaped = false
	hi := -1
	s := l.tokStart
	failStart := func(e jsonErr) jsonErr {
		l.tokEnd = s
		return e
	}
	failEnd := func(e jsonErr) jsonErr {
		l.tokEnd = s + mblen(in, s)
		return e
	}
	{
		for {
			s++
			if s >= len(in) {
				return failStart(errInvalidToken)
			}
			c := in[s]
			if c == '"' {
				break
			}
			if c < 32 {
				return failStart(errEscapingRequired)
			}
			if c == '\\' {
				l.escaped = true
				s++
				if s >= len(in) {
					return failStart(errInvalidToken)
				}
				if in[s] == 'u' {
					ch := 0
					for i := 1; i <= 4; i++ {
						s++
						if s >= len(in) {
							return failStart(errInvalidToken)
						}
						h := hexVal(in[s])
						if h < 0 {
							return failEnd(errUnicodeEscapeFormat)
						}
						ch = ch*16 + h
					}
					if l.needEscapes {
						if ch >= 0xD800 && ch <= 0xDBFF {
							if hi != -1 {
								return failEnd(errUnicodeHighSurrogate)
							}
							hi = ch
							continue
						} else if ch >= 0xDC00 && ch <= 0xDFFF {
							if hi == -1 {
								return failEnd(errUnicodeLowSurrogate)
							}
							ch = 0x10000 + ((hi & 0x3FF) << 10) + (ch & 0x3FF)
							hi = -1
						}
						if hi != -1 {
							return failEnd(errUnicodeLowSurrogate)
						}
						if ch == 0 {
							return failEnd(errUnicodeCodePointZero)
						}
						l.strval = utf8.AppendRune(l.strval, rune(ch))
					}
				} else if l.needEscapes {
					if hi != -1 {
						return failEnd(errUnicodeLowSurrogate)
					}
					switch in[s] {
					case '"', '\\', '/':
						l.strval = append(l.strval, in[s])
					case 'b':
						l.strval = append(l.strval, '\b')
					case 'f':
						l.strval = append(l.strval, '\f')
					case 'n':
						l.strval = append(l.strval, '\n')
					case 'r':
						l.strval = append(l.strval, '\r')
					case 't':
						l.strval = append(l.strval, '\t')
					default:
						l.tokStart = s
						return failEnd(errEscapingInvalid)
					}
				} else if !strings.ContainsRune("\"\\/bfnrt", rune(in[s])) {
					l.tokStart = s
					return failEnd(errEscapingInvalid)
				}
			} else if l.needEscapes {
				if hi != -1 {
					return failEnd(errUnicodeLowSurrogate)
				}
				// Copy a run of plain bytes at once.
				j := s + 1
				for j < len(in) && in[j] != '"' && in[j] != '\\' && in[j] >= 32 {
					j++
				}
				l.strval = append(l.strval, in[s:j]...)
				s = j - 1
			}
		}
	}
	if hi != -1 {
		return failEnd(errUnicodeLowSurrogate)
	}
	l.prevTokEnd = l.tokEnd
	l.tokEnd = s + 1
	return errNone
}

// errorFor builds PostgreSQL's error for a parse failure
// (json_ereport_error, json_errdetail and report_json_context).
func (l *lexer) errorFor(e jsonErr) *pgerror.Error {
	tok := func() string {
		if l.tokStart < 0 {
			return ""
		}
		if l.tokEnd < l.tokStart {
			return ""
		}
		return l.input[l.tokStart:l.tokEnd]
	}
	var detail string
	switch e {
	case errEscapingInvalid:
		detail = `Escape sequence "\` + tok() + `" is invalid.`
	case errEscapingRequired:
		detail = "Character with value 0x" + hex2(l.input[l.tokEnd]) + " must be escaped."
	case errExpectedEnd:
		detail = `Expected end of input, but found "` + tok() + `".`
	case errExpectedArrayFirst:
		detail = `Expected array element or "]", but found "` + tok() + `".`
	case errExpectedArrayNext:
		detail = `Expected "," or "]", but found "` + tok() + `".`
	case errExpectedColon:
		detail = `Expected ":", but found "` + tok() + `".`
	case errExpectedJSON:
		detail = `Expected JSON value, but found "` + tok() + `".`
	case errExpectedMore:
		detail = "The input string ended unexpectedly."
	case errExpectedObjectFirst:
		detail = `Expected string or "}", but found "` + tok() + `".`
	case errExpectedObjectNext:
		detail = `Expected "," or "}", but found "` + tok() + `".`
	case errExpectedString:
		detail = `Expected string, but found "` + tok() + `".`
	case errInvalidToken:
		detail = `Token "` + tok() + `" is invalid.`
	case errUnicodeCodePointZero:
		detail = `\u0000 cannot be converted to text.`
	case errUnicodeEscapeFormat:
		detail = `"\u" must be followed by four hexadecimal digits.`
	case errUnicodeHighSurrogate:
		detail = "Unicode high surrogate must not follow a high surrogate."
	case errUnicodeLowSurrogate:
		detail = "Unicode low surrogate must follow a high surrogate."
	}
	var err *pgerror.Error
	if e == errUnicodeCodePointZero {
		err = pgerror.New(pgerror.UntranslatableCharacter, "unsupported Unicode escape sequence")
	} else {
		err = pgerror.New(pgerror.InvalidTextRepresentation, "invalid input syntax for type %s", "json")
	}
	err.Detail = detail
	err.Where = l.context()
	return err
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// context is the "JSON data, line N: ..." line of an error.
func (l *lexer) context() string {
	lineStart := l.lineStart
	cstart := lineStart
	cend := l.tokEnd
	if cend > len(l.input) {
		cend = len(l.input)
	}
	for cend-cstart >= 50 {
		if l.input[cstart] >= 0x80 {
			n := mblen(l.input, cstart)
			if n < 1 {
				n = 1
			}
			cstart += n
		} else {
			cstart++
		}
	}
	if cstart-lineStart <= 3 {
		cstart = lineStart
	}
	prefix := ""
	if cstart > lineStart {
		prefix = "..."
	}
	suffix := ""
	if l.tokType != tokEnd && cend < len(l.input) && l.input[cend] != '\n' && l.input[cend] != '\r' {
		suffix = "..."
	}
	return "JSON data, line " + strconv.Itoa(l.lineNumber) + ": " + prefix + l.input[cstart:cend] + suffix
}

// parse contexts for report_parse_error
type parseCtx uint8

const (
	ctxValue parseCtx = iota
	ctxString
	ctxArrayNext
	ctxObjectStart
	ctxObjectLabel
	ctxObjectNext
	ctxEnd
)

func (l *lexer) parseError(c parseCtx) jsonErr {
	if l.tokStart < 0 || l.tokType == tokEnd {
		return errExpectedMore
	}
	switch c {
	case ctxEnd:
		return errExpectedEnd
	case ctxValue:
		return errExpectedJSON
	case ctxString:
		return errExpectedString
	case ctxArrayNext:
		return errExpectedArrayNext
	case ctxObjectStart:
		return errExpectedObjectFirst
	case ctxObjectLabel:
		return errExpectedColon
	case ctxObjectNext:
		return errExpectedObjectNext
	}
	return errExpectedJSON
}

// strValue returns the de-escaped value of the current string token,
// sharing the input's memory when the token has no escapes.
func (l *lexer) strValue() string {
	if !l.escaped {
		return l.input[l.tokStart+1 : l.tokEnd-1]
	}
	return string(l.strval)
}

func (l *lexer) expect(c parseCtx, t tokType) jsonErr {
	if l.tokType == t {
		return l.lex()
	}
	return l.parseError(c)
}

// handler receives parse events; a nil handler only validates.
type handler interface {
	objectStart()
	objectEnd()
	arrayStart()
	arrayEnd()
	fieldStart(key string, start int)
	fieldEnd(key string, start int)
	elementStart(start int)
	elementEnd(start int)
	scalar(t tokType, text string, str string) jsonErr
}

type parser struct {
	l *lexer
	h handler
}

func (p *parser) parse() jsonErr {
	if e := p.l.lex(); e != errNone {
		return e
	}
	var e jsonErr
	switch p.l.tokType {
	case tokObjectStart:
		e = p.parseObject()
	case tokArrayStart:
		e = p.parseArray()
	default:
		e = p.parseScalar()
	}
	if e == errNone {
		e = p.l.expect(ctxEnd, tokEnd)
	}
	return e
}

func (p *parser) parseScalar() jsonErr {
	l := p.l
	switch l.tokType {
	case tokString, tokNumber, tokTrue, tokFalse, tokNull:
	default:
		return l.parseError(ctxValue)
	}
	t := l.tokType
	text := l.input[l.tokStart:l.tokEnd]
	if p.h != nil {
		var str string
		if t == tokString && l.needEscapes {
			str = l.strValue()
		}
		if e := p.h.scalar(t, text, str); e != errNone {
			return e
		}
	}
	return l.lex()
}

func (p *parser) parseValue() jsonErr {
	switch p.l.tokType {
	case tokObjectStart:
		return p.parseObject()
	case tokArrayStart:
		return p.parseArray()
	}
	return p.parseScalar()
}

func (p *parser) parseObjectField() jsonErr {
	l := p.l
	if l.tokType != tokString {
		return l.parseError(ctxString)
	}
	var key string
	if l.needEscapes {
		key = l.strValue()
	} else {
		key = l.input[l.tokStart:l.tokEnd]
	}
	if e := l.lex(); e != errNone {
		return e
	}
	if e := l.expect(ctxObjectLabel, tokColon); e != errNone {
		return e
	}
	start := l.tokStart
	if p.h != nil {
		p.h.fieldStart(key, start)
	}
	if e := p.parseValue(); e != errNone {
		return e
	}
	if p.h != nil {
		p.h.fieldEnd(key, start)
	}
	return errNone
}

func (p *parser) parseObject() jsonErr {
	l := p.l
	l.depth++
	if p.h != nil {
		p.h.objectStart()
	}
	if e := l.lex(); e != errNone {
		return e
	}
	switch l.tokType {
	case tokString:
		if e := p.parseObjectField(); e != errNone {
			return e
		}
		for l.tokType == tokComma {
			if e := l.lex(); e != errNone {
				return e
			}
			if e := p.parseObjectField(); e != errNone {
				return e
			}
		}
	case tokObjectEnd:
	default:
		return l.parseError(ctxObjectStart)
	}
	if e := l.expect(ctxObjectNext, tokObjectEnd); e != errNone {
		return e
	}
	l.depth--
	if p.h != nil {
		p.h.objectEnd()
	}
	return errNone
}

func (p *parser) parseArrayElement() jsonErr {
	start := p.l.tokStart
	if p.h != nil {
		p.h.elementStart(start)
	}
	if e := p.parseValue(); e != errNone {
		return e
	}
	if p.h != nil {
		p.h.elementEnd(start)
	}
	return errNone
}

func (p *parser) parseArray() jsonErr {
	l := p.l
	l.depth++
	if p.h != nil {
		p.h.arrayStart()
	}
	if e := l.lex(); e != errNone {
		return e
	}
	if l.tokType != tokArrayEnd {
		if e := p.parseArrayElement(); e != errNone {
			return e
		}
		for l.tokType == tokComma {
			if e := l.lex(); e != errNone {
				return e
			}
			if e := p.parseArrayElement(); e != errNone {
				return e
			}
		}
	}
	if e := l.expect(ctxArrayNext, tokArrayEnd); e != errNone {
		return e
	}
	l.depth--
	if p.h != nil {
		p.h.arrayEnd()
	}
	return errNone
}

// builder is the handler that builds a jsonb Value. Elements and pairs of
// open containers accumulate on shared scratch stacks and are copied into
// exactly-sized slices when their container closes.
type builder struct {
	frames []frame
	elems  []Value
	pairs  []Pair
	keys   []string
	decs   []apd.Decimal // numbers are allocated in blocks
	root   Value
}

type frame struct {
	kind  Kind
	start int
}

func (b *builder) push(v Value) {
	if len(b.frames) == 0 {
		b.root = v
		return
	}
	if b.frames[len(b.frames)-1].kind == Array {
		b.elems = append(b.elems, v)
	} else {
		b.pairs = append(b.pairs, Pair{Key: b.keys[len(b.keys)-1], Value: v})
	}
}

func (b *builder) objectStart() { b.frames = append(b.frames, frame{Object, len(b.pairs)}) }
func (b *builder) arrayStart()  { b.frames = append(b.frames, frame{Array, len(b.elems)}) }
func (b *builder) objectEnd() {
	f := b.frames[len(b.frames)-1]
	b.frames = b.frames[:len(b.frames)-1]
	ps := make([]Pair, len(b.pairs)-f.start)
	copy(ps, b.pairs[f.start:])
	b.pairs = b.pairs[:f.start]
	b.push(Value{kind: Object, pairs: normalizePairs(ps)})
}
func (b *builder) arrayEnd() {
	f := b.frames[len(b.frames)-1]
	b.frames = b.frames[:len(b.frames)-1]
	es := make([]Value, len(b.elems)-f.start)
	copy(es, b.elems[f.start:])
	b.elems = b.elems[:f.start]
	b.push(Value{kind: Array, elems: es})
}
func (b *builder) fieldStart(key string, start int) { b.keys = append(b.keys, key) }
func (b *builder) fieldEnd(key string, start int)   { b.keys = b.keys[:len(b.keys)-1] }
func (b *builder) elementStart(int)                 {}
func (b *builder) elementEnd(int)                   {}
func (b *builder) scalar(t tokType, text string, str string) jsonErr {
	switch t {
	case tokString:
		b.push(Value{kind: String, str: str})
	case tokNumber:
		if len(b.decs) == cap(b.decs) {
			b.decs = make([]apd.Decimal, 0, 16)
		}
		b.decs = b.decs[:len(b.decs)+1]
		d := &b.decs[len(b.decs)-1]
		if err := setNumeric(d, text); err != nil {
			return errInvalidToken
		}
		b.push(Value{kind: Number, num: d})
	case tokTrue:
		b.push(Value{kind: Bool, b: true})
	case tokFalse:
		b.push(Value{kind: Bool})
	default:
		b.push(Value{kind: Null})
	}
	return errNone
}

// setNumeric reads a JSON number into d, with a fast path for plain
// integers.
func setNumeric(d *apd.Decimal, s string) error {
	if len(s) <= 18 {
		neg := false
		t := s
		if t[0] == '-' {
			neg = true
			t = t[1:]
		}
		var n int64
		ok := t != ""
		for i := 0; i < len(t) && ok; i++ {
			c := t[i]
			if c < '0' || c > '9' {
				ok = false
			}
			n = n*10 + int64(c-'0')
		}
		if ok {
			d.SetFinite(n, 0)
			d.Negative = neg && n != 0
			return nil
		}
	}
	r, err := parseNumeric(s)
	if err != nil {
		return err
	}
	d.Set(r)
	return nil
}

// parseNumeric reads a JSON number as PostgreSQL's numeric_in does,
// keeping its scale ("1.50" stays 1.50).
func parseNumeric(s string) (*apd.Decimal, error) {
	d, _, err := apd.NewFromString(s)
	if err != nil {
		return nil, err
	}
	if d.Exponent > 0 {
		// numeric has no negative display scale: 1e2 is 100.
		decCtx.Quantize(d, d, 0)
	}
	if d.IsZero() {
		d.Negative = false
	}
	return d, nil
}

var decCtx = apd.BaseContext.WithPrecision(2000)

// Parse reads the text form of a jsonb value (PostgreSQL's jsonb_in).
// Errors carry PostgreSQL's SQLSTATE, message, detail and context (in
// the Where field).
func Parse(s string) (*Value, error) {
	l := lexer{input: s, lineNumber: 1, needEscapes: true}
	b := &builder{}
	p := parser{l: &l, h: b}
	if e := p.parse(); e != errNone {
		return nil, l.errorFor(e)
	}
	return &b.root, nil
}

// Validate checks the text form of a json value (PostgreSQL's json_in):
// the json type keeps its input verbatim once it is valid.
func Validate(s string) error {
	l := lexer{input: s, lineNumber: 1}
	p := parser{l: &l}
	if e := p.parse(); e != errNone {
		return l.errorFor(e)
	}
	return nil
}
