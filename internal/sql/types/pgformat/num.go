package pgformat

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"sync"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// Number template patterns: to_char for numeric, integers and floats, and
// to_number (PostgreSQL's utils/adt/formatting.c, the NUM half). Locale
// dependent patterns (D, G, L, S) use the C locale's symbols, as
// PostgreSQL does under lc_numeric and lc_monetary 'C'.

type numKey int

const (
	numComma numKey = iota
	numDec
	num0
	num9
	numB
	numC
	numD
	numE
	numFM
	numG
	numL
	numMI
	numPL
	numPR
	numRN
	numSG
	numSP
	numS
	numTH
	numV
	numrn
	numth
)

type numKeyword struct {
	name string
	id   numKey
}

// numKeywords is PostgreSQL's NUM_keywords, in search order.
var numKeywords = []numKeyword{
	{",", numComma}, {".", numDec}, {"0", num0}, {"9", num9}, {"B", numB}, {"C", numC}, {"D", numD}, {"EEEE", numE},
	{"FM", numFM}, {"G", numG}, {"L", numL}, {"MI", numMI}, {"PL", numPL}, {"PR", numPR}, {"RN", numRN}, {"SG", numSG},
	{"SP", numSP}, {"S", numS}, {"TH", numTH}, {"V", numV}, {"b", numB}, {"c", numC}, {"d", numD}, {"eeee", numE},
	{"fm", numFM}, {"g", numG}, {"l", numL}, {"mi", numMI}, {"pl", numPL}, {"pr", numPR}, {"rn", numrn}, {"sg", numSG},
	{"sp", numSP}, {"s", numS}, {"th", numth}, {"v", numV},
}

// Template flags (PostgreSQL's NUM_F_*).
const (
	fDecimal = 1 << iota
	fLDecimal
	fZero
	fBlank
	fFillMode
	fLSign
	fBracket
	fMinus
	fPlus
	fRoman
	fMulti
	fPlusPost
	fMinusPost
	fEEEE
)

const (
	lsignNone = iota
	lsignPre
	lsignPost
)

// numDesc is a parsed template's summary (PostgreSQL's NUMDesc).
type numDesc struct {
	pre, post, lsign, flag, preLsignNum, multi, zeroStart, zeroEnd int
}

type nodeKind uint8

const (
	nAction nodeKind = iota
	nChar
)

type numNode struct {
	kind nodeKind
	key  numKey
	char string
}

type numFormat struct {
	nodes []numNode
	desc  numDesc
	err   error
}

var numCache sync.Map

func syntaxErr(msg string) *pgerror.Error { return pgerror.New(pgerror.SyntaxError, "%s", msg) }

func (d *numDesc) prepare(id numKey) error {
	if d.flag&fEEEE != 0 && id != numE {
		return syntaxErr(`"EEEE" must be the last pattern used`)
	}
	switch id {
	case num9:
		if d.flag&fBracket != 0 {
			return syntaxErr(`"9" must be ahead of "PR"`)
		}
		if d.flag&fMulti != 0 {
			d.multi++
			break
		}
		if d.flag&fDecimal != 0 {
			d.post++
		} else {
			d.pre++
		}
	case num0:
		if d.flag&fBracket != 0 {
			return syntaxErr(`"0" must be ahead of "PR"`)
		}
		if d.flag&fZero == 0 && d.flag&fDecimal == 0 {
			d.flag |= fZero
			d.zeroStart = d.pre + 1
		}
		if d.flag&fDecimal == 0 {
			d.pre++
		} else {
			d.post++
		}
		d.zeroEnd = d.pre + d.post
	case numB:
		if d.pre == 0 && d.post == 0 && d.flag&fZero == 0 {
			d.flag |= fBlank
		}
	case numD, numDec:
		if id == numD {
			d.flag |= fLDecimal
		}
		if d.flag&fDecimal != 0 {
			return syntaxErr("multiple decimal points")
		}
		if d.flag&fMulti != 0 {
			return syntaxErr(`cannot use "V" and decimal point together`)
		}
		d.flag |= fDecimal
	case numFM:
		d.flag |= fFillMode
	case numS:
		if d.flag&fLSign != 0 {
			return syntaxErr(`cannot use "S" twice`)
		}
		if d.flag&(fPlus|fMinus|fBracket) != 0 {
			return syntaxErr(`cannot use "S" and "PL"/"MI"/"SG"/"PR" together`)
		}
		if d.flag&fDecimal == 0 {
			d.lsign = lsignPre
			d.preLsignNum = d.pre
			d.flag |= fLSign
		} else if d.lsign == lsignNone {
			d.lsign = lsignPost
			d.flag |= fLSign
		}
	case numMI:
		if d.flag&fLSign != 0 {
			return syntaxErr(`cannot use "S" and "MI" together`)
		}
		d.flag |= fMinus
		if d.flag&fDecimal != 0 {
			d.flag |= fMinusPost
		}
	case numPL:
		if d.flag&fLSign != 0 {
			return syntaxErr(`cannot use "S" and "PL" together`)
		}
		d.flag |= fPlus
		if d.flag&fDecimal != 0 {
			d.flag |= fPlusPost
		}
	case numSG:
		if d.flag&fLSign != 0 {
			return syntaxErr(`cannot use "S" and "SG" together`)
		}
		d.flag |= fMinus | fPlus
	case numPR:
		if d.flag&(fLSign|fPlus|fMinus) != 0 {
			return syntaxErr(`cannot use "PR" and "S"/"PL"/"MI"/"SG" together`)
		}
		d.flag |= fBracket
	case numRN, numrn:
		d.flag |= fRoman
	case numV:
		if d.flag&fDecimal != 0 {
			return syntaxErr(`cannot use "V" and decimal point together`)
		}
		d.flag |= fMulti
	case numE:
		if d.flag&fEEEE != 0 {
			return syntaxErr(`cannot use "EEEE" twice`)
		}
		if d.flag&(fBlank|fFillMode|fLSign|fBracket|fMinus|fPlus|fRoman|fMulti) != 0 {
			return syntaxErr(`"EEEE" is incompatible with other formats`).
				WithDetail(`"EEEE" may only be used together with digit and decimal point patterns.`)
		}
		d.flag |= fEEEE
	}
	return nil
}

func utf8Len(s string, i int) int {
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
	if i+n > len(s) {
		n = len(s) - i
	}
	return n
}

// parseNumFormat parses a number template (PostgreSQL's parse_format with
// NUM_FLAG and NUMDesc_prepare). The result is shared and read-only.
func parseNumFormat(f string) *numFormat {
	if v, ok := numCache.Load(f); ok {
		return v.(*numFormat)
	}
	nf := &numFormat{}
	i := 0
	for i < len(f) && nf.err == nil {
		if k := numSearch(f[i:]); k != nil {
			nf.nodes = append(nf.nodes, numNode{kind: nAction, key: k.id})
			nf.err = nf.desc.prepare(k.id)
			i += len(k.name)
			continue
		}
		if f[i] == '"' {
			i++
			for i < len(f) {
				if f[i] == '"' {
					i++
					break
				}
				if f[i] == '\\' && i+1 < len(f) {
					i++
				}
				l := utf8Len(f, i)
				nf.nodes = append(nf.nodes, numNode{kind: nChar, char: f[i : i+l]})
				i += l
			}
			continue
		}
		if f[i] == '\\' && i+1 < len(f) && f[i+1] == '"' {
			i++
		}
		l := utf8Len(f, i)
		nf.nodes = append(nf.nodes, numNode{kind: nChar, char: f[i : i+l]})
		i += l
	}
	numCache.Store(f, nf)
	return nf
}

func numSearch(s string) *numKeyword {
	if s == "" || s[0] < 32 || s[0] > 126 {
		return nil
	}
	for i := range numKeywords {
		k := &numKeywords[i]
		if k.name[0] == s[0] && strings.HasPrefix(s, k.name) {
			return k
		}
	}
	return nil
}

var (
	rm1   = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"}
	rm10  = []string{"X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"}
	rm100 = []string{"C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"}
)

// intToRoman is PostgreSQL's int_to_roman: 1-3999, else fifteen '#'.
func intToRoman(n int64) string {
	if n > 3999 || n < 1 {
		return strings.Repeat("#", 15)
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	l := len(s)
	for _, c := range []byte(s) {
		num := int(c) - ('0' + 1)
		if num >= 0 {
			switch {
			case l > 3:
				for k := -1; k < num; k++ {
					b.WriteByte('M')
				}
			case l == 3:
				b.WriteString(rm100[num])
			case l == 2:
				b.WriteString(rm10[num])
			case l == 1:
				b.WriteString(rm1[num])
			}
		}
		l--
	}
	return b.String()
}

// ordinal is PostgreSQL's get_th.
func ordinal(num string, upper bool) (string, error) {
	if num == "" || num[len(num)-1] < '0' || num[len(num)-1] > '9' {
		return "", pgerror.New(pgerror.InvalidTextRepresentation, `"%s" is not a number`, num)
	}
	last := num[len(num)-1]
	if len(num) > 1 && num[len(num)-2] == '1' {
		last = 0
	}
	var s string
	switch last {
	case '1':
		s = "st"
	case '2':
		s = "nd"
	case '3':
		s = "rd"
	default:
		s = "th"
	}
	if upper {
		s = strings.ToUpper(s)
	}
	return s, nil
}

// numProc is the state of one NUM_processor run.
type numProc struct {
	d           *numDesc
	toChar      bool
	sign        byte
	signWrote   bool
	numCount    int
	numIn       bool
	numCurr     int
	outPreSpace int
	number      []byte // to_char: the digits; to_number: sign byte + digits
	np          int    // index into number (number_p)
	lastRel     int    // index of last relevant digit, or -1
	out         []byte
	// to_number input
	in       string
	ip       int
	readPost int
	readPre  int
	readDec  bool
}

const (
	decimalSym  = "."
	negSym      = "-"
	posSym      = "+"
	thousandSym = ","
	currencySym = " "
)

func (p *numProc) isPredecSpace() bool {
	return p.d.flag&fZero == 0 && p.np == 0 && len(p.number) > 0 && p.number[0] == '0' && p.d.post != 0
}

func (p *numProc) cur() byte {
	if p.np < len(p.number) {
		return p.number[p.np]
	}
	return 0
}

// numpartToChar writes one digit position (NUM_numpart_to_char).
func (p *numProc) numpartToChar(id numKey) {
	d := p.d
	if d.flag&fRoman != 0 {
		return
	}
	p.numIn = false
	if !p.signWrote &&
		(p.numCurr >= p.outPreSpace || (d.flag&fZero != 0 && d.zeroStart == p.numCurr)) &&
		(!p.isPredecSpace() || (p.lastRel >= 0 && p.number[p.lastRel] == '.')) {
		switch {
		case d.flag&fLSign != 0:
			if d.lsign == lsignPre {
				if p.sign == '-' {
					p.out = append(p.out, negSym...)
				} else {
					p.out = append(p.out, posSym...)
				}
				p.signWrote = true
			}
		case d.flag&fBracket != 0:
			if p.sign == '+' {
				p.out = append(p.out, ' ')
			} else {
				p.out = append(p.out, '<')
			}
			p.signWrote = true
		case p.sign == '+':
			if d.flag&fFillMode == 0 {
				p.out = append(p.out, ' ')
			}
			p.signWrote = true
		case p.sign == '-':
			p.out = append(p.out, '-')
			p.signWrote = true
		}
	}
	if id == num9 || id == num0 || id == numD || id == numDec {
		if p.numCurr < p.outPreSpace && (d.zeroStart > p.numCurr || d.flag&fZero == 0) {
			if d.flag&fFillMode == 0 {
				p.out = append(p.out, ' ')
			}
		} else if d.flag&fZero != 0 && p.numCurr < p.outPreSpace && d.zeroStart <= p.numCurr {
			p.out = append(p.out, '0')
			p.numIn = true
		} else {
			if p.cur() == '.' {
				if p.lastRel < 0 || p.number[p.lastRel] != '.' {
					p.out = append(p.out, decimalSym...)
				} else if d.flag&fFillMode != 0 && p.lastRel >= 0 && p.number[p.lastRel] == '.' {
					p.out = append(p.out, decimalSym...)
				}
			} else {
				if p.lastRel >= 0 && p.np > p.lastRel && id != num0 {
					// drop trailing zeros in FM mode
				} else if p.isPredecSpace() {
					if d.flag&fFillMode == 0 {
						p.out = append(p.out, ' ')
					} else if p.lastRel >= 0 && p.number[p.lastRel] == '.' {
						p.out = append(p.out, '0')
					}
				} else {
					p.out = append(p.out, p.cur())
					p.numIn = true
				}
			}
			if p.cur() != 0 {
				p.np++
			}
		}
		end := p.numCount
		if p.outPreSpace != 0 {
			end++
		}
		if d.flag&fDecimal != 0 {
			end++
		}
		if p.lastRel >= 0 && p.lastRel == p.np {
			end = p.numCurr
		}
		if p.numCurr+1 == end {
			if p.signWrote && d.flag&fBracket != 0 {
				if p.sign == '+' {
					p.out = append(p.out, ' ')
				} else {
					p.out = append(p.out, '>')
				}
			} else if d.flag&fLSign != 0 && d.lsign == lsignPost {
				if p.sign == '-' {
					p.out = append(p.out, negSym...)
				} else {
					p.out = append(p.out, posSym...)
				}
			}
		}
	}
	p.numCurr++
}

func lastRelevantDecnum(num []byte) int {
	i := strings.IndexByte(string(num), '.')
	if i < 0 {
		return -1
	}
	r := i
	for k := i + 1; k < len(num); k++ {
		if num[k] != '0' {
			r = k
		}
	}
	return r
}

// process runs a template over a formatted number (NUM_processor in
// to_char mode).
func process(nf *numFormat, desc numDesc, number string, outPreSpaces int, sign byte) (string, error) {
	p := &numProc{d: &desc, toChar: true, number: []byte(number), lastRel: -1}
	d := p.d
	if d.zeroStart != 0 {
		d.zeroStart--
	}
	if d.flag&fEEEE != 0 {
		return number, nil
	}
	if d.flag&fRoman != 0 {
		d.lsign, d.preLsignNum, d.post, d.pre = 0, 0, 0, 0
		outPreSpaces = 0
		sign = 0
		fm := d.flag&fFillMode != 0
		d.flag = fRoman
		if fm {
			d.flag |= fFillMode
		}
	}
	p.sign = sign
	if d.flag&(fPlus|fMinus) != 0 {
		p.signWrote = !(d.flag&fPlus != 0 && d.flag&fMinus == 0)
	} else {
		if p.sign != '-' && d.flag&fFillMode != 0 {
			d.flag &^= fBracket
		}
		p.signWrote = p.sign == '+' && d.flag&fFillMode != 0 && d.flag&fLSign == 0
		if d.lsign == lsignPre && d.pre == d.preLsignNum {
			d.lsign = lsignPost
		}
	}
	p.numCount = d.post + d.pre - 1
	p.outPreSpace = outPreSpaces
	if d.flag&fFillMode != 0 && d.flag&fDecimal != 0 {
		p.lastRel = lastRelevantDecnum(p.number)
		if p.lastRel >= 0 && d.zeroEnd > p.outPreSpace {
			lastZero := len(p.number) - 1
			if z := d.zeroEnd - p.outPreSpace; z < lastZero {
				lastZero = z
			}
			if p.lastRel < lastZero {
				p.lastRel = lastZero
			}
		}
	}
	if !p.signWrote && p.outPreSpace == 0 {
		p.numCount++
	}
	for i := range nf.nodes {
		n := &nf.nodes[i]
		if n.kind != nAction {
			p.out = append(p.out, n.char...)
			continue
		}
		fm := d.flag&fFillMode != 0
		switch n.key {
		case num9, num0, numDec, numD:
			p.numpartToChar(n.key)
		case numComma:
			if !p.numIn {
				if !fm {
					p.out = append(p.out, ' ')
				}
			} else {
				p.out = append(p.out, ',')
			}
		case numG:
			if !p.numIn {
				if !fm {
					p.out = append(p.out, strings.Repeat(" ", len(thousandSym))...)
				}
			} else {
				p.out = append(p.out, thousandSym...)
			}
		case numL:
			p.out = append(p.out, currencySym...)
		case numRN:
			if fm {
				p.out = append(p.out, p.number...)
			} else {
				p.out = append(p.out, padLeft(string(p.number), 15)...)
			}
		case numrn:
			s := strings.ToLower(string(p.number))
			if fm {
				p.out = append(p.out, s...)
			} else {
				p.out = append(p.out, padLeft(s, 15)...)
			}
		case numth, numTH:
			if d.flag&fRoman != 0 || (len(p.number) > 0 && p.number[0] == '#') || p.sign == '-' || d.flag&fDecimal != 0 {
				continue
			}
			s, err := ordinal(string(p.number), n.key == numTH)
			if err != nil {
				return "", err
			}
			p.out = append(p.out, s...)
		case numMI:
			if p.sign == '-' {
				p.out = append(p.out, '-')
			} else if !fm {
				p.out = append(p.out, ' ')
			}
		case numPL:
			if p.sign == '+' {
				p.out = append(p.out, '+')
			} else if !fm {
				p.out = append(p.out, ' ')
			}
		case numSG:
			p.out = append(p.out, p.sign)
		}
	}
	// PostgreSQL builds the result as a C string: a NUL written where the
	// number ran out of digits (or an absent sign) ends it.
	out := p.out
	if i := strings.IndexByte(string(out), 0); i >= 0 {
		out = out[:i]
	}
	return string(out), nil
}

func padLeft(s string, w int) string {
	for len(s) < w {
		s = " " + s
	}
	return s
}

func hashes(n int) string { return strings.Repeat("#", n) }

// overflowNumber is the '#' filler for a number too wide for the template.
func overflowNumber(d *numDesc) string {
	b := []byte(hashes(d.pre + d.post + 1))
	b[d.pre] = '.'
	return string(b)
}

var decCtx = apd.BaseContext.WithPrecision(2000)

var big10 = big.NewInt(10)

// roundHalfUp rounds a numeric to scale digits, half away from zero, as
// PostgreSQL's numeric_round does, giving exactly scale decimals.
func roundHalfUp(d *apd.Decimal, scale int32) *apd.Decimal {
	r := new(apd.Decimal)
	c := decCtx
	c.Rounding = apd.RoundHalfUp
	c.Quantize(r, d, -scale)
	return r
}

func numericString(d *apd.Decimal) string {
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return "NaN"
	case apd.Infinite:
		if d.Negative {
			return "-Infinity"
		}
		return "Infinity"
	}
	s := d.Text('f')
	if d.IsZero() && strings.HasPrefix(s, "-") {
		s = s[1:]
	}
	return s
}

// numericSci is PostgreSQL's numeric_out_sci: one digit before the point,
// the significand rounded to scale digits (and not renormalized).
func numericSci(d *apd.Decimal, scale int) string {
	switch d.Form {
	case apd.NaN, apd.NaNSignaling:
		return "NaN"
	case apd.Infinite:
		if d.Negative {
			return "-Infinity"
		}
		return "Infinity"
	}
	exp := int64(0)
	if !d.IsZero() {
		exp = int64(d.NumDigits()) + int64(d.Exponent) - 1
	}
	sig := new(apd.Decimal).Set(d)
	sig.Exponent -= int32(exp)
	sig = roundHalfUp(sig, int32(scale))
	s := numericString(sig)
	e := strconv.FormatInt(exp, 10)
	if exp >= 0 {
		e = "+" + e
	}
	if len(e) < 3 {
		e = e[:1] + "0" + e[1:]
	}
	return s + "e" + e
}

func eeeeSpecial(d *numDesc) string {
	b := []byte(hashes(d.pre + d.post + 6))
	b[0] = ' '
	b[d.pre+1] = '.'
	return string(b)
}

func splitSign(s string) (byte, string) {
	if strings.HasPrefix(s, "-") {
		return '-', s[1:]
	}
	return '+', s
}

func preLen(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return i
	}
	return len(s)
}

func finishPadding(d *numDesc, numstr string) (string, int) {
	pl := preLen(numstr)
	if pl < d.pre {
		return numstr, d.pre - pl
	}
	if pl > d.pre {
		return overflowNumber(d), 0
	}
	return numstr, 0
}

// NumericToChar is to_char(numeric, template).
func NumericToChar(v *apd.Decimal, template string) (string, error) {
	if template == "" {
		return "", nil
	}
	nf := parseNumFormat(template)
	if nf.err != nil {
		return "", nf.err
	}
	d := nf.desc
	var numstr string
	var sign byte
	outPre := 0
	switch {
	case d.flag&fRoman != 0:
		r := v
		if v.Form == apd.Finite {
			r = roundHalfUp(v, 0)
		}
		i, err := numericToInt32(r)
		if err != nil {
			return "", err
		}
		numstr = intToRoman(int64(i))
	case d.flag&fEEEE != 0:
		org := numericSci(v, d.post)
		switch {
		case org == "NaN" || org == "Infinity" || org == "-Infinity":
			numstr = eeeeSpecial(&d)
		case !strings.HasPrefix(org, "-"):
			numstr = " " + org
		default:
			numstr = org
		}
	default:
		val := v
		if d.flag&fMulti != 0 {
			val = new(apd.Decimal)
			decCtx.Mul(val, v, apd.New(1, int32(d.multi)))
			d.pre += d.multi
		}
		var org string
		if val.Form == apd.Finite {
			org = numericString(roundHalfUp(val, int32(d.post)))
		} else {
			org = numericString(val)
		}
		sign, numstr = splitSign(org)
		numstr, outPre = finishPadding(&d, numstr)
	}
	return process(nf, d, numstr, outPre, sign)
}

func numericToInt32(d *apd.Decimal) (int32, error) {
	if d.Form != apd.Finite {
		if d.Form == apd.Infinite {
			return 0, pgerror.New(pgerror.FeatureNotSupported, "cannot convert infinity to integer")
		}
		return 0, pgerror.New(pgerror.FeatureNotSupported, "cannot convert NaN to integer")
	}
	i, err := d.Int64()
	if err != nil || i > math.MaxInt32 || i < math.MinInt32 {
		return 0, pgerror.New(pgerror.NumericValueOutOfRange, "integer out of range")
	}
	return int32(i), nil
}

// Int32ToChar is to_char(integer, template).
func Int32ToChar(v int32, template string) (string, error) {
	if template == "" {
		return "", nil
	}
	nf := parseNumFormat(template)
	if nf.err != nil {
		return "", nf.err
	}
	d := nf.desc
	var numstr string
	var sign byte
	outPre := 0
	switch {
	case d.flag&fRoman != 0:
		numstr = intToRoman(int64(v))
	case d.flag&fEEEE != 0:
		numstr = strconv.FormatFloat(float64(v), 'e', d.post, 64)
		if !strings.HasPrefix(numstr, "-") {
			numstr = " " + numstr
		}
	default:
		val := v
		if d.flag&fMulti != 0 {
			val = v * int32(math.Pow(10, float64(d.multi)))
			d.pre += d.multi
		}
		org := strconv.FormatInt(int64(val), 10)
		sign, org = splitSign(org)
		numstr = intWithPost(org, d.post)
		numstr, outPre = finishPadding(&d, numstr)
	}
	return process(nf, d, numstr, outPre, sign)
}

func intWithPost(org string, post int) string {
	if post == 0 {
		return org
	}
	return org + "." + strings.Repeat("0", post)
}

// Int64ToChar is to_char(bigint, template).
func Int64ToChar(v int64, template string) (string, error) {
	if template == "" {
		return "", nil
	}
	nf := parseNumFormat(template)
	if nf.err != nil {
		return "", nf.err
	}
	d := nf.desc
	var numstr string
	var sign byte
	outPre := 0
	switch {
	case d.flag&fRoman != 0:
		if v > math.MaxInt32 || v < math.MinInt32 {
			return "", pgerror.New(pgerror.NumericValueOutOfRange, "integer out of range")
		}
		numstr = intToRoman(v)
	case d.flag&fEEEE != 0:
		org := numericSci(apd.New(v, 0), d.post)
		if !strings.HasPrefix(org, "-") {
			org = " " + org
		}
		numstr = org
	default:
		val := v
		if d.flag&fMulti != 0 {
			m := math.Pow(10, float64(d.multi))
			if m >= 9.223372036854775807e18 {
				return "", pgerror.New(pgerror.NumericValueOutOfRange, "bigint out of range")
			}
			mul := int64(m)
			r := val * mul
			if val != 0 && (r/mul != val || (val == -1 && mul == math.MinInt64)) {
				return "", pgerror.New(pgerror.NumericValueOutOfRange, "bigint out of range")
			}
			val = r
			d.pre += d.multi
		}
		org := strconv.FormatInt(val, 10)
		sign, org = splitSign(org)
		numstr = intWithPost(org, d.post)
		numstr, outPre = finishPadding(&d, numstr)
	}
	return process(nf, d, numstr, outPre, sign)
}

// cFloatText is PostgreSQL's snprintf for NaN and infinities.
func cFloatSpecial(f float64) (string, bool) {
	switch {
	case math.IsNaN(f):
		return "NaN", true
	case math.IsInf(f, 1):
		return "Infinity", true
	case math.IsInf(f, -1):
		return "-Infinity", true
	}
	return "", false
}

func floatToChar(f float64, template string, dig int, is32 bool) (string, error) {
	if template == "" {
		return "", nil
	}
	nf := parseNumFormat(template)
	if nf.err != nil {
		return "", nf.err
	}
	d := nf.desc
	var numstr string
	var sign byte
	outPre := 0
	switch {
	case d.flag&fRoman != 0:
		numstr = intToRoman(int64(int32(math.RoundToEven(f))))
	case d.flag&fEEEE != 0:
		if math.IsNaN(f) || math.IsInf(f, 0) {
			numstr = eeeeSpecial(&d)
		} else {
			numstr = strconv.FormatFloat(f, 'e', d.post, 64)
			if !strings.HasPrefix(numstr, "-") {
				numstr = " " + numstr
			}
		}
	default:
		val := f
		if d.flag&fMulti != 0 {
			if is32 {
				val = float64(float32(f) * float32(math.Pow(10, float64(d.multi))))
			} else {
				val = f * math.Pow(10, float64(d.multi))
			}
			d.pre += d.multi
		}
		org, special := cFloatSpecial(math.Abs(val))
		if !special {
			org = strconv.FormatFloat(math.Abs(val), 'f', 0, 64)
		}
		pl := len(org)
		if pl >= dig {
			d.post = 0
		} else if pl+d.post > dig {
			d.post = dig - pl
		}
		if s, ok := cFloatSpecial(val); ok {
			org = s
		} else {
			org = strconv.FormatFloat(val, 'f', d.post, 64)
		}
		sign, numstr = splitSign(org)
		numstr, outPre = finishPadding(&d, numstr)
	}
	return process(nf, d, numstr, outPre, sign)
}

// Float64ToChar is to_char(double precision, template).
func Float64ToChar(f float64, template string) (string, error) {
	return floatToChar(f, template, 15, false)
}

// Float32ToChar is to_char(real, template).
func Float32ToChar(f float32, template string) (string, error) {
	return floatToChar(float64(f), template, 6, true)
}

// to_number: the NUM_processor in from-char mode.

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

func (p *numProc) overload() bool { return p.ip >= len(p.in) }

func (p *numProc) amount(n int) bool { return p.ip <= len(p.in)-n }

func (p *numProc) inByte(i int) byte {
	if i < len(p.in) {
		return p.in[i]
	}
	return 0
}

func (p *numProc) eatNonData(n int) {
	for ; n > 0; n-- {
		if p.overload() {
			break
		}
		if strings.IndexByte("0123456789.,+-", p.in[p.ip]) >= 0 {
			break
		}
		p.ip += utf8Len(p.in, p.ip)
	}
}

// numpartFromChar reads one digit position (NUM_numpart_from_char).
func (p *numProc) numpartFromChar(id numKey) {
	d := p.d
	if p.overload() {
		return
	}
	if p.in[p.ip] == ' ' {
		p.ip++
	}
	if p.overload() {
		return
	}
	if p.number[0] == ' ' && (id == num0 || id == num9) && p.readPre+p.readPost == 0 {
		if d.flag&fLSign != 0 && d.lsign == lsignPre {
			if p.amount(len(negSym)) && strings.HasPrefix(p.in[p.ip:], negSym) {
				p.ip += len(negSym)
				p.number[0] = '-'
			} else if p.amount(len(posSym)) && strings.HasPrefix(p.in[p.ip:], posSym) {
				p.ip += len(posSym)
				p.number[0] = '+'
			}
		} else {
			if c := p.inByte(p.ip); c == '-' || (d.flag&fBracket != 0 && c == '<') {
				p.number[0] = '-'
				p.ip++
			} else if c == '+' {
				p.number[0] = '+'
				p.ip++
			}
		}
	}
	if p.overload() {
		return
	}
	isread := false
	if isDigitByte(p.in[p.ip]) {
		if p.readDec && p.readPost == d.post {
			return
		}
		p.number = append(p.number, p.in[p.ip])
		if p.readDec {
			p.readPost++
		} else {
			p.readPre++
		}
		isread = true
	} else if d.flag&fDecimal != 0 && !p.readDec {
		if p.amount(len(decimalSym)) && strings.HasPrefix(p.in[p.ip:], decimalSym) {
			p.ip += len(decimalSym) - 1
			p.number = append(p.number, '.')
			p.readDec = true
			isread = true
		}
	}
	if p.overload() {
		return
	}
	if p.number[0] == ' ' && p.readPre+p.readPost > 0 {
		if d.flag&fLSign != 0 && isread && p.ip+1 < len(p.in) && !isDigitByte(p.in[p.ip+1]) {
			tmp := p.ip
			p.ip++
			if p.amount(len(negSym)) && strings.HasPrefix(p.in[p.ip:], negSym) {
				p.ip += len(negSym) - 1
				p.number[0] = '-'
			} else if p.amount(len(posSym)) && strings.HasPrefix(p.in[p.ip:], posSym) {
				p.ip += len(posSym) - 1
				p.number[0] = '+'
			}
			if p.number[0] == ' ' {
				p.ip = tmp
			}
		} else if !isread && d.flag&fLSign == 0 && d.flag&(fPlus|fMinus) != 0 {
			if c := p.in[p.ip]; c == '-' || c == '+' {
				p.number[0] = c
			}
		}
	}
}

// ToNumber is to_number(text, template). ok is false (SQL NULL) for an
// empty template.
func ToNumber(in, template string) (*apd.Decimal, bool, error) {
	if template == "" {
		return nil, false, nil
	}
	nf := parseNumFormat(template)
	if nf.err != nil {
		return nil, false, nf.err
	}
	desc := nf.desc
	d := &desc
	if d.zeroStart != 0 {
		d.zeroStart--
	}
	if d.flag&fEEEE != 0 {
		return nil, false, pgerror.New(pgerror.FeatureNotSupported, `"EEEE" not supported for input`)
	}
	if d.flag&fRoman != 0 {
		return nil, false, pgerror.New(pgerror.FeatureNotSupported, `"RN" not supported for input`)
	}
	p := &numProc{d: d, in: in, number: []byte{' '}, lastRel: -1}
	for i := range nf.nodes {
		n := &nf.nodes[i]
		if p.overload() {
			break
		}
		if n.kind != nAction {
			p.ip += utf8Len(p.in, p.ip)
			continue
		}
		fm := d.flag&fFillMode != 0
		switch n.key {
		case num9, num0, numDec, numD:
			p.numpartFromChar(n.key)
		case numComma:
			if !p.numIn && fm {
				continue
			}
			if p.in[p.ip] != ',' {
				continue
			}
		case numG:
			if !p.numIn && fm {
				continue
			}
			if p.amount(len(thousandSym)) && strings.HasPrefix(p.in[p.ip:], thousandSym) {
				p.ip += len(thousandSym) - 1
			} else {
				continue
			}
		case numL:
			p.eatNonData(len([]rune(currencySym)))
			continue
		case numth, numTH:
			if d.flag&fDecimal != 0 {
				continue
			}
			p.eatNonData(2)
			continue
		case numMI:
			if p.in[p.ip] == '-' {
				p.number[0] = '-'
			} else {
				p.eatNonData(1)
				continue
			}
		case numPL:
			if p.in[p.ip] == '+' {
				p.number[0] = '+'
			} else {
				p.eatNonData(1)
				continue
			}
		case numSG:
			switch p.in[p.ip] {
			case '-':
				p.number[0] = '-'
			case '+':
				p.number[0] = '+'
			default:
				p.eatNonData(1)
				continue
			}
		default:
			continue
		}
		p.ip++
	}
	num := p.number
	if len(num) > 1 && num[len(num)-1] == '.' {
		num = num[:len(num)-1]
	}
	scale := p.readPost
	precision := d.pre + d.multi + scale
	r, err := numericInTypmod(string(num), precision, scale)
	if err != nil {
		return nil, false, err
	}
	if d.flag&fMulti != 0 {
		// numeric_power(10, -multi) has PostgreSQL's minimum 16 significant
		// decimals, and the product keeps both scales.
		p := apd.New(0, -16)
		if d.multi <= 16 {
			c := new(big.Int).Exp(big10, big.NewInt(int64(16-d.multi)), nil)
			p = new(apd.Decimal)
			p.Coeff.SetMathBigInt(c)
			p.Exponent = -16
		}
		decCtx.Mul(r, r, p)
	}
	return r, true, nil
}

// numericInTypmod reads text as numeric(precision, scale) (numeric_in with
// a typmod): rounded half away from zero to scale, and an error when the
// integer part has more than precision-scale digits.
func numericInTypmod(s string, precision, scale int) (*apd.Decimal, error) {
	t := strings.TrimLeft(s, " ")
	t = strings.TrimRight(t, " ")
	bad := func() error {
		return pgerror.New(pgerror.InvalidTextRepresentation, `invalid input syntax for type %s: "%s"`, "numeric", s)
	}
	// Only sign, digits and one point reach here.
	body := t
	if body != "" && (body[0] == '+' || body[0] == '-') {
		body = body[1:]
	}
	if body == "" || body == "." {
		return nil, bad()
	}
	d, _, err := apd.NewFromString(t)
	if err != nil {
		return nil, bad()
	}
	r := roundHalfUp(d, int32(scale))
	maxDigits := precision - scale
	if !r.IsZero() {
		intDigits := int(r.NumDigits()) + int(r.Exponent)
		if intDigits > maxDigits {
			prefix := "10^"
			md := maxDigits
			if md == 0 {
				prefix = ""
				md = 1
			}
			return nil, pgerror.New(pgerror.NumericValueOutOfRange, "numeric field overflow").
				WithDetail("A field with precision %d, scale %d must round to an absolute value less than %s%d.", precision, scale, prefix, md)
		}
	}
	if r.IsZero() {
		r.Negative = false
	}
	return r, nil
}
