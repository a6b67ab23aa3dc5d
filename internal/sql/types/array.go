package types

import (
	"strconv"
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// FormatArray appends an array's text representation, as array_out does:
// {a,b,c}, with nested braces per dimension, elements quoted when they
// contain special characters, NULL for null elements, and a [l:u]=
// decoration when a lower bound is not 1.
func FormatArray(buf []byte, t *T, a *Array, c *Ctx) []byte {
	if t != nil && (t.Oid == OidInt2Vector || t.Oid == OidOidVector) {
		// int2vectorout, oidvectorout: space-separated, no braces.
		for i, e := range a.Elems {
			if i > 0 {
				buf = append(buf, ' ')
			}
			buf = strconv.AppendInt(buf, e.Int(), 10)
		}
		return buf
	}
	if len(a.Dims) == 0 {
		return append(buf, '{', '}')
	}
	elemT := a.Elem
	if elemT == nil && t != nil {
		elemT = t.Elem
	}
	delim := byte(',')
	if elemT != nil && elemT.Delim != 0 {
		delim = elemT.Delim
	}
	decorate := false
	for _, d := range a.Dims {
		if d.Lower != 1 {
			decorate = true
		}
	}
	if decorate {
		for _, d := range a.Dims {
			buf = append(buf, '[')
			buf = strconv.AppendInt(buf, int64(d.Lower), 10)
			buf = append(buf, ':')
			buf = strconv.AppendInt(buf, int64(d.Lower+d.Len-1), 10)
			buf = append(buf, ']')
		}
		buf = append(buf, '=')
	}
	idx := 0
	var rec func(dim int)
	rec = func(dim int) {
		buf = append(buf, '{')
		for i := int32(0); i < a.Dims[dim].Len; i++ {
			if i > 0 {
				buf = append(buf, delim)
			}
			if dim+1 < len(a.Dims) {
				rec(dim + 1)
				continue
			}
			e := a.Elems[idx]
			idx++
			if e.IsNull() {
				buf = append(buf, "NULL"...)
				continue
			}
			s := Format(nil, elemT, e, c)
			buf = appendArrayElem(buf, s, delim)
		}
		buf = append(buf, '}')
	}
	rec(0)
	return buf
}

func appendArrayElem(buf, s []byte, delim byte) []byte {
	quote := len(s) == 0 || (len(s) == 4 && strings.EqualFold(string(s), "null"))
	if !quote {
		for _, ch := range s {
			if ch == '{' || ch == '}' || ch == '"' || ch == '\\' || ch == delim ||
				ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f' {
				quote = true
				break
			}
		}
	}
	if !quote {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	for _, ch := range s {
		if ch == '"' || ch == '\\' {
			buf = append(buf, '\\')
		}
		buf = append(buf, ch)
	}
	return append(buf, '"')
}

// FormatRecord appends a record's text representation, as record_out does.
func FormatRecord(buf []byte, r *RecordVal, c *Ctx) []byte {
	buf = append(buf, '(')
	for i, v := range r.Values {
		if i > 0 {
			buf = append(buf, ',')
		}
		if v.IsNull() {
			continue
		}
		s := Format(nil, r.Types[i], v, c)
		quote := len(s) == 0
		for _, ch := range s {
			if ch == '"' || ch == '\\' || ch == '(' || ch == ')' || ch == ',' || ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' {
				quote = true
				break
			}
		}
		if !quote {
			buf = append(buf, s...)
			continue
		}
		buf = append(buf, '"')
		for _, ch := range s {
			if ch == '"' || ch == '\\' {
				buf = append(buf, ch)
			}
			buf = append(buf, ch)
		}
		buf = append(buf, '"')
	}
	return append(buf, ')')
}

func malformedArray(s, detail string, args ...any) *pgerror.Error {
	return pgerror.New(pgerror.InvalidTextRepresentation, `malformed array literal: "%s"`, s).WithDetail(detail, args...)
}

// ParseArray parses an array's text representation, as array_in does.
func ParseArray(t *T, s string, c *Ctx) (Datum, error) {
	elemT := t.Elem
	if elemT == nil {
		return Null, pgerror.New(pgerror.FeatureNotSupported, "type %s is not supported", t.SQLName())
	}
	if t.Oid == OidInt2Vector || t.Oid == OidOidVector {
		// int2vectorin, oidvectorin: space-separated integers.
		var elems []Datum
		for _, f := range strings.Fields(s) {
			v, err := Parse(elemT, f, c)
			if err != nil {
				return Null, err
			}
			elems = append(elems, v)
		}
		return NewArray(NewVector(elemT, elems)), nil
	}
	if t.Typmod != -1 {
		elemT = elemT.WithTypmod(t.Typmod)
	}
	delim := byte(',')
	if elemT.Delim != 0 {
		delim = elemT.Delim
	}
	p := &arrayParser{src: s, delim: delim}
	p.skipSpace()
	var explicitDims []ArrayDim
	if p.peek() == '[' {
		for p.peek() == '[' {
			p.pos++
			lo, ok := p.int()
			if !ok {
				return Null, malformedArray(s, `"[" must introduce explicitly-specified array dimensions.`)
			}
			if p.peek() != ':' {
				// [n] means [1:n]
				if p.peek() != ']' {
					return Null, malformedArray(s, `Missing "]" after array dimensions.`)
				}
				p.pos++
				explicitDims = append(explicitDims, ArrayDim{Len: int32(lo), Lower: 1})
				continue
			}
			p.pos++
			hi, ok := p.int()
			if !ok || p.peek() != ']' {
				return Null, malformedArray(s, `Missing "]" after array dimensions.`)
			}
			p.pos++
			if hi < lo {
				return Null, pgerror.New(pgerror.ArraySubscriptError, "upper bound cannot be less than lower bound")
			}
			explicitDims = append(explicitDims, ArrayDim{Len: int32(hi - lo + 1), Lower: int32(lo)})
		}
		p.skipSpace()
		if p.peek() != '=' {
			return Null, malformedArray(s, `Missing "=" after array dimensions.`)
		}
		p.pos++
		p.skipSpace()
	}
	if p.peek() != '{' {
		return Null, malformedArray(s, `Array value must start with "{" or dimension information.`)
	}
	var elems []Datum
	var dims []int32 // per-depth element counts, checked for rectangularity
	var walk func(depth int) error
	walk = func(depth int) error {
		// at '{'
		p.pos++
		count := int32(0)
		p.skipSpace()
		if p.peek() == '}' {
			p.pos++
			if depth < len(dims) && dims[depth] != 0 {
				return malformedArray(s, "Multidimensional arrays must have sub-arrays with matching dimensions.")
			}
			if depth > 0 {
				return malformedArray(s, "Unexpected \"}\" character.")
			}
			return nil
		}
		for {
			p.skipSpace()
			if p.peek() == '{' {
				if depth+1 > 6 {
					return pgerror.New(pgerror.ProgramLimitExceeded, "number of array dimensions (7) exceeds the maximum allowed (6)")
				}
				if err := walk(depth + 1); err != nil {
					return err
				}
			} else {
				if depth+1 < len(dims) {
					return malformedArray(s, "Multidimensional arrays must have sub-arrays with matching dimensions.")
				}
				tok, quoted, err := p.element(s)
				if err != nil {
					return err
				}
				if !quoted && strings.EqualFold(tok, "null") {
					elems = append(elems, Null)
				} else {
					v, err := Parse(elemT, tok, c)
					if err != nil {
						return err
					}
					elems = append(elems, v)
				}
			}
			count++
			p.skipSpace()
			ch := p.peek()
			if ch == p.delim {
				p.pos++
				continue
			}
			if ch == '}' {
				p.pos++
				break
			}
			if p.pos >= len(p.src) {
				return malformedArray(s, "Unexpected end of input.")
			}
			return malformedArray(s, `Unexpected "%c" character.`, ch)
		}
		for len(dims) <= depth {
			dims = append(dims, 0)
		}
		if dims[depth] == 0 {
			dims[depth] = count
		} else if dims[depth] != count {
			return malformedArray(s, "Multidimensional arrays must have sub-arrays with matching dimensions.")
		}
		return nil
	}
	if err := walk(0); err != nil {
		return Null, err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		return Null, malformedArray(s, "Junk after closing right brace.")
	}
	a := &Array{Elem: elemT.Base(), Elems: elems}
	if len(elems) > 0 {
		for _, n := range dims {
			a.Dims = append(a.Dims, ArrayDim{Len: n, Lower: 1})
		}
	}
	if explicitDims != nil {
		if len(explicitDims) != len(a.Dims) {
			return Null, malformedArray(s, "Specified array dimensions do not match array contents.")
		}
		for i := range explicitDims {
			if explicitDims[i].Len != a.Dims[i].Len {
				return Null, malformedArray(s, "Specified array dimensions do not match array contents.")
			}
			a.Dims[i].Lower = explicitDims[i].Lower
		}
	}
	return NewArray(a), nil
}

type arrayParser struct {
	src   string
	pos   int
	delim byte
}

func (p *arrayParser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *arrayParser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r', '\v', '\f':
			p.pos++
		default:
			return
		}
	}
}

func (p *arrayParser) int() (int, bool) {
	start := p.pos
	if p.peek() == '-' || p.peek() == '+' {
		p.pos++
	}
	for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
		p.pos++
	}
	n, err := strconv.Atoi(p.src[start:p.pos])
	return n, err == nil
}

// element reads one element: quoted, or unquoted up to a delimiter or
// brace, with backslash escapes and trailing whitespace removed.
func (p *arrayParser) element(s string) (string, bool, error) {
	var b strings.Builder
	if p.peek() == '"' {
		p.pos++
		for {
			if p.pos >= len(p.src) {
				return "", false, malformedArray(s, "Unexpected end of input.")
			}
			ch := p.src[p.pos]
			if ch == '\\' {
				p.pos++
				if p.pos >= len(p.src) {
					return "", false, malformedArray(s, "Unexpected end of input.")
				}
				b.WriteByte(p.src[p.pos])
				p.pos++
				continue
			}
			if ch == '"' {
				p.pos++
				return b.String(), true, nil
			}
			b.WriteByte(ch)
			p.pos++
		}
	}
	lastNonSpace := 0
	escaped := false
	for p.pos < len(p.src) {
		ch := p.src[p.pos]
		if ch == p.delim || ch == '}' {
			break
		}
		if ch == '{' || ch == '"' {
			return "", false, malformedArray(s, `Unexpected "%c" character.`, ch)
		}
		if ch == '\\' {
			p.pos++
			if p.pos >= len(p.src) {
				return "", false, malformedArray(s, "Unexpected end of input.")
			}
			b.WriteByte(p.src[p.pos])
			p.pos++
			lastNonSpace = b.Len()
			escaped = true
			continue
		}
		b.WriteByte(ch)
		if ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\v' && ch != '\f' {
			lastNonSpace = b.Len()
		}
		p.pos++
	}
	out := b.String()[:lastNonSpace]
	if out == "" && !escaped {
		return "", false, malformedArray(s, `Unexpected "%c" character.`, p.peek())
	}
	return out, escaped, nil
}
