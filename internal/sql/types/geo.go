package types

import (
	"encoding/binary"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// The geometric types point, lseg, line, box, path, polygon and circle
// (utils/adt/geo_ops.c): their values, text and binary formats, and the
// casts between them. Their operators and functions live in package
// builtins (geo.go there), which computes with the same Geo values.

// Type OIDs of the geometric types (OidPoint is with the others).
const (
	OidLseg    Oid = 601
	OidPath    Oid = 602
	OidBox     Oid = 603
	OidPolygon Oid = 604
	OidLine    Oid = 628
	OidCircle  Oid = 718
)

// FamGeo and KGeo are the family and datum kind of the geometric types.
// They are numbered apart from the lists in types.go and datum.go, which
// other type families extend.
const (
	FamGeo Family = 64 // p: *Geo
	KGeo   Kind   = 64 // p: *Geo
)

// Point is a point of the plane (geo_decls.h's Point).
type Point struct{ X, Y float64 }

// Geo is a value of one of the geometric types; which fields hold it
// depends on the type:
//
//	point    P[0]
//	lseg     P[0], P[1]
//	box      P[0] the upper right corner, P[1] the lower left
//	path     P (at least one point), Closed
//	polygon  P (at least one point)
//	line     A, B, C of Ax + By + C = 0
//	circle   P[0] the center, R the radius
//
// Geo values are immutable once in a Datum.
type Geo struct {
	P       []Point
	Closed  bool
	A, B, C float64
	R       float64
}

// NewGeo returns a datum holding a geometric value; g is owned by it.
func NewGeo(g *Geo) Datum { return Datum{kind: KGeo, p: g} }

// NewPoint returns a point datum.
func NewPoint(x, y float64) Datum { return NewGeo(&Geo{P: []Point{{x, y}}}) }

// Geo returns a geometric datum's value, which must not be modified.
func (d Datum) Geo() *Geo { return d.p.(*Geo) }

// IsGeometric reports whether o is one of the geometric types.
func IsGeometric(o Oid) bool {
	switch o {
	case OidPoint, OidLseg, OidPath, OidBox, OidPolygon, OidLine, OidCircle:
		return true
	}
	return false
}

// EPSILON and the fuzzy comparisons of geo_decls.h, which the geometric
// operators use throughout.
const geoEpsilon = 1.0e-06

// FPzero and friends are geo_decls.h's comparisons within EPSILON.
func FPzero(a float64) bool  { return math.Abs(a) <= geoEpsilon }
func FPeq(a, b float64) bool { return a == b || math.Abs(a-b) <= geoEpsilon }
func FPne(a, b float64) bool { return a != b && math.Abs(a-b) > geoEpsilon }
func FPlt(a, b float64) bool { return b-a > geoEpsilon }
func FPle(a, b float64) bool { return a-b <= geoEpsilon }
func FPgt(a, b float64) bool { return a-b > geoEpsilon }
func FPge(a, b float64) bool { return b-a <= geoEpsilon }
func geoSyntax(t, s string) error {
	return pgerror.New(pgerror.InvalidTextRepresentation, `invalid input syntax for type %s: "%s"`, t, s)
}

// geoScanner reads the text forms of geo_ops.c (pair_decode, path_decode
// and single_decode), which scan a C string with a moving pointer.
type geoScanner struct {
	s    string // the whole input, for errors
	i    int
	name string // the type's name, for errors
}

func (g *geoScanner) peek() byte {
	if g.i < len(g.s) {
		return g.s[g.i]
	}
	return 0
}

func isGeoSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func (g *geoScanner) skipSpace() {
	for g.i < len(g.s) && isGeoSpace(g.s[g.i]) {
		g.i++
	}
}

func (g *geoScanner) fail() error { return geoSyntax(g.name, g.s) }

// float reads a float8 as float8in_internal does with an end pointer:
// leading and trailing white space are skipped.
func (g *geoScanner) float() (float64, error) {
	g.skipSpace()
	if g.i >= len(g.s) {
		return 0, g.fail()
	}
	rest := g.s[g.i:]
	n := floatPrefix(rest)
	var v float64
	if n == 0 {
		lower := strings.ToLower(rest)
		switch {
		case strings.HasPrefix(lower, "nan"):
			v, n = math.NaN(), 3
			// strtod also reads "nan(chars)".
			if rest := lower[3:]; strings.HasPrefix(rest, "(") {
				if end := strings.IndexByte(rest, ')'); end > 0 && strings.Trim(rest[1:end], "abcdefghijklmnopqrstuvwxyz0123456789_") == "" {
					n += end + 1
				}
			}
		case strings.HasPrefix(lower, "infinity"):
			v, n = math.Inf(1), 8
		case strings.HasPrefix(lower, "+infinity"):
			v, n = math.Inf(1), 9
		case strings.HasPrefix(lower, "-infinity"):
			v, n = math.Inf(-1), 9
		case strings.HasPrefix(lower, "inf"):
			v, n = math.Inf(1), 3
		case strings.HasPrefix(lower, "+inf"):
			v, n = math.Inf(1), 4
		case strings.HasPrefix(lower, "-inf"):
			v, n = math.Inf(-1), 4
		default:
			return 0, g.fail()
		}
	} else {
		var err error
		num := rest[:n]
		if h := hexFloatPrefix(rest); h > 0 {
			// strtod reads C99 hexadecimal floats, whose binary exponent
			// is optional.
			n, num = h, rest[:h]
			if !strings.ContainsAny(num, "pP") {
				num += "p0"
			}
		}
		v, err = strconv.ParseFloat(num, 64)
		if err != nil && math.IsInf(v, 0) || v == 0 && hasNonZeroDigit(rest[:n]) {
			return 0, pgerror.New(pgerror.NumericValueOutOfRange, `"%s" is out of range for type double precision`, rest[:n])
		}
	}
	g.i += n
	g.skipSpace()
	return v, nil
}

// hexFloatPrefix returns the length of the longest prefix of s that
// strtod reads as a hexadecimal float ("0x1.8p3", "-0X10"), 0 if none.
func hexFloatPrefix(s string) int {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if i+1 >= len(s) || s[i] != '0' || s[i+1] != 'x' && s[i+1] != 'X' {
		return 0
	}
	i += 2
	isHex := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
	digits := 0
	for i < len(s) && isHex(s[i]) {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isHex(s[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0
	}
	if i < len(s) && (s[i] == 'p' || s[i] == 'P') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	return i
}

// floatPrefix returns the length of the longest prefix of s that strtod
// reads as a decimal number, 0 if none.
func floatPrefix(s string) int {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	return i
}

// pair reads "x,y" or "(x,y)" (pair_decode).
func (g *geoScanner) pair() (Point, error) {
	g.skipSpace()
	delim := g.peek() == '('
	if delim {
		g.i++
	}
	x, err := g.float()
	if err != nil {
		return Point{}, err
	}
	if g.peek() != ',' {
		return Point{}, g.fail()
	}
	g.i++
	y, err := g.float()
	if err != nil {
		return Point{}, err
	}
	if delim {
		if g.peek() != ')' {
			return Point{}, g.fail()
		}
		g.i++
		g.skipSpace()
	}
	return Point{x, y}, nil
}

// path reads npts points with optional enclosing parentheses, or
// brackets when openType allows an open path (path_decode); isOpen
// reports brackets.
func (g *geoScanner) path(openType bool, npts int) (pts []Point, isOpen bool, err error) {
	depth := 0
	g.skipSpace()
	switch g.peek() {
	case '[':
		if !openType {
			return nil, false, g.fail()
		}
		isOpen = true
		depth++
		g.i++
	case '(':
		cp := g.i + 1
		for cp < len(g.s) && isGeoSpace(g.s[cp]) {
			cp++
		}
		if cp < len(g.s) && g.s[cp] == '(' {
			depth++
			g.i = cp
		} else if strings.LastIndexByte(g.s[g.i:], '(') == 0 {
			depth++
			g.i = cp
		}
	}
	pts = make([]Point, npts)
	for k := range pts {
		if pts[k], err = g.pair(); err != nil {
			return nil, false, err
		}
		if g.peek() == ',' {
			g.i++
		}
	}
	for depth > 0 {
		if c := g.peek(); c == ')' || c == ']' && isOpen && depth == 1 {
			depth--
			g.i++
			g.skipSpace()
		} else {
			return nil, false, g.fail()
		}
	}
	return pts, isOpen, nil
}

func (g *geoScanner) end() error {
	if g.i != len(g.s) {
		return g.fail()
	}
	return nil
}

// pairCount is pair_count: the number of points a list with this many
// commas holds, or -1.
func pairCount(s string) int {
	n := strings.Count(s, ",")
	if n%2 == 1 {
		return (n + 1) / 2
	}
	return -1
}

// ParseGeo reads the text form of a geometric type (point_in, lseg_in,
// line_in, box_in, path_in, poly_in, circle_in).
func ParseGeo(t *T, s string) (Datum, error) {
	g := &geoScanner{s: s, name: t.Name}
	switch t.Oid {
	case OidPoint:
		p, err := g.pair()
		if err != nil {
			return Null, err
		}
		if err := g.end(); err != nil {
			return Null, err
		}
		return NewGeo(&Geo{P: []Point{p}}), nil
	case OidLseg, OidBox:
		pts, _, err := g.path(t.Oid == OidLseg, 2)
		if err != nil {
			return Null, err
		}
		if err := g.end(); err != nil {
			return Null, err
		}
		if t.Oid == OidBox {
			return NewGeo(MakeBox(pts[0], pts[1])), nil
		}
		return NewGeo(&Geo{P: pts}), nil
	case OidLine:
		g.skipSpace()
		if g.peek() == '{' {
			g.i++
			var abc [3]float64
			for k := range abc {
				v, err := g.float()
				if err != nil {
					return Null, err
				}
				abc[k] = v
				want := byte(',')
				if k == 2 {
					want = '}'
				}
				if g.peek() != want {
					return Null, g.fail()
				}
				g.i++
			}
			g.skipSpace()
			if err := g.end(); err != nil {
				return Null, err
			}
			if FPzero(abc[0]) && FPzero(abc[1]) {
				return Null, pgerror.New(pgerror.InvalidTextRepresentation, "invalid line specification: A and B cannot both be zero")
			}
			return NewGeo(&Geo{A: abc[0], B: abc[1], C: abc[2]}), nil
		}
		pts, _, err := g.path(true, 2)
		if err != nil {
			return Null, err
		}
		if err := g.end(); err != nil {
			return Null, err
		}
		if PointEq(pts[0], pts[1]) {
			return Null, pgerror.New(pgerror.InvalidTextRepresentation, "invalid line specification: must be two distinct points")
		}
		return NewGeo(LineFromPoints(pts[0], pts[1])), nil
	case OidPath:
		npts := pairCount(s)
		if npts <= 0 {
			return Null, g.fail()
		}
		g.skipSpace()
		depth := 0
		if g.peek() == '(' && strings.LastIndexByte(s[g.i:], '(') == 0 {
			g.i++
			depth++
		}
		pts, isOpen, err := g.path(true, npts)
		if err != nil {
			return Null, err
		}
		if depth >= 1 {
			if g.peek() != ')' {
				return Null, g.fail()
			}
			g.i++
			g.skipSpace()
		}
		if err := g.end(); err != nil {
			return Null, err
		}
		return NewGeo(&Geo{P: pts, Closed: !isOpen}), nil
	case OidPolygon:
		npts := pairCount(s)
		if npts <= 0 {
			return Null, g.fail()
		}
		pts, _, err := g.path(false, npts)
		if err != nil {
			return Null, err
		}
		if err := g.end(); err != nil {
			return Null, err
		}
		return NewGeo(&Geo{P: pts}), nil
	case OidCircle:
		depth := 0
		g.skipSpace()
		switch g.peek() {
		case '<':
			depth++
			g.i++
		case '(':
			cp := g.i + 1
			for cp < len(s) && isGeoSpace(s[cp]) {
				cp++
			}
			if cp < len(s) && s[cp] == '(' {
				depth++
				g.i = cp
			}
		}
		center, err := g.pair()
		if err != nil {
			return Null, err
		}
		if g.peek() == ',' {
			g.i++
		}
		r, err := g.float()
		if err != nil {
			return Null, err
		}
		if r < 0 {
			return Null, g.fail()
		}
		for depth > 0 {
			if c := g.peek(); c == ')' || c == '>' && depth == 1 {
				depth--
				g.i++
				g.skipSpace()
			} else {
				return Null, g.fail()
			}
		}
		if err := g.end(); err != nil {
			return Null, err
		}
		return NewGeo(&Geo{P: []Point{center}, R: r}), nil
	}
	return Null, pgerror.New(pgerror.FeatureNotSupported, "type %s is not supported", t.SQLName())
}

// MakeBox returns the box with corners p and q, its upper right corner
// first (box_construct).
func MakeBox(p, q Point) *Geo {
	hi, lo := p, q
	if hi.X < lo.X {
		hi.X, lo.X = lo.X, hi.X
	}
	if hi.Y < lo.Y {
		hi.Y, lo.Y = lo.Y, hi.Y
	}
	return &Geo{P: []Point{hi, lo}}
}

// PointEq is point_eq_point: equal within EPSILON, or equal as float8
// values are (where NaN equals NaN).
func PointEq(p, q Point) bool {
	feq := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	return FPeq(p.X, q.X) && FPeq(p.Y, q.Y) || feq(p.X, q.X) && feq(p.Y, q.Y)
}

// PointSlope is point_sl: the slope of the line through p and q.
func PointSlope(p, q Point) float64 {
	if FPeq(p.X, q.X) {
		return math.Inf(1)
	}
	if FPeq(p.Y, q.Y) {
		return 0
	}
	return (p.Y - q.Y) / (p.X - q.X)
}

// LineThrough is line_construct: the line through p with slope m.
func LineThrough(p Point, m float64) *Geo {
	var l Geo
	switch {
	case math.IsInf(m, 0):
		l.A, l.B, l.C = -1, 0, p.X
	case m == 0:
		l.A, l.B, l.C = 0, -1, p.Y
	default:
		l.A, l.B, l.C = m, -1, p.Y-m*p.X
	}
	if l.C == 0 {
		l.C = 0 // no -0
	}
	return &l
}

// LineFromPoints is line_construct_pp's line through two points.
func LineFromPoints(p, q Point) *Geo { return LineThrough(p, PointSlope(p, q)) }

// FormatGeo appends a geometric value's text form (point_out, lseg_out,
// ...): its floats as float8out prints them under extra_float_digits.
func FormatGeo(buf []byte, t *T, g *Geo, c *Ctx) []byte {
	digits := efd(c)
	num := func(f float64) { buf = FormatFloat(buf, f, 64, digits) }
	pts := func(ps []Point) {
		for k, p := range ps {
			if k > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, '(')
			num(p.X)
			buf = append(buf, ',')
			num(p.Y)
			buf = append(buf, ')')
		}
	}
	switch t.Oid {
	case OidPoint:
		pts(g.P[:1])
	case OidLseg:
		buf = append(buf, '[')
		pts(g.P)
		buf = append(buf, ']')
	case OidBox:
		pts(g.P)
	case OidPath:
		if g.Closed {
			buf = append(buf, '(')
			pts(g.P)
			buf = append(buf, ')')
		} else {
			buf = append(buf, '[')
			pts(g.P)
			buf = append(buf, ']')
		}
	case OidPolygon:
		buf = append(buf, '(')
		pts(g.P)
		buf = append(buf, ')')
	case OidLine:
		buf = append(buf, '{')
		num(g.A)
		buf = append(buf, ',')
		num(g.B)
		buf = append(buf, ',')
		num(g.C)
		buf = append(buf, '}')
	case OidCircle:
		buf = append(buf, '<')
		pts(g.P[:1])
		buf = append(buf, ',')
		num(g.R)
		buf = append(buf, '>')
	}
	return buf
}

// AppendGeoBinary appends a geometric value's binary form (point_send,
// lseg_send, ...): big-endian float8s, with path's closed flag and the
// point counts of path and polygon.
func AppendGeoBinary(buf []byte, t *T, g *Geo) []byte {
	f := func(v float64) { buf = binary.BigEndian.AppendUint64(buf, math.Float64bits(v)) }
	pts := func(ps []Point) {
		for _, p := range ps {
			f(p.X)
			f(p.Y)
		}
	}
	switch t.Oid {
	case OidPoint, OidLseg, OidBox:
		pts(g.P)
	case OidPath:
		closed := byte(0)
		if g.Closed {
			closed = 1
		}
		buf = append(buf, closed)
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(g.P)))
		pts(g.P)
	case OidPolygon:
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(g.P)))
		pts(g.P)
	case OidLine:
		f(g.A)
		f(g.B)
		f(g.C)
	case OidCircle:
		pts(g.P[:1])
		f(g.R)
	}
	return buf
}

// geoMaxPoints bounds the point count of a path or polygon as PostgreSQL's
// 1 GB varlena limit does.
const geoMaxPoints = (1<<30 - 1 - 24) / 16

// ParseGeoBinary reads a geometric value's binary form (point_recv, ...).
func ParseGeoBinary(t *T, b []byte) (Datum, error) {
	bad := func() (Datum, error) { return Null, insufficientData() }
	floats := func(n int) ([]float64, bool) {
		if len(b) < 8*n {
			return nil, false
		}
		out := make([]float64, n)
		for k := range out {
			out[k] = math.Float64frombits(binary.BigEndian.Uint64(b[8*k:]))
		}
		b = b[8*n:]
		return out, true
	}
	points := func(n int) ([]Point, bool) {
		fs, ok := floats(2 * n)
		if !ok {
			return nil, false
		}
		ps := make([]Point, n)
		for k := range ps {
			ps[k] = Point{fs[2*k], fs[2*k+1]}
		}
		return ps, true
	}
	var g *Geo
	switch t.Oid {
	case OidPoint, OidLseg, OidBox:
		n := 1
		if t.Oid != OidPoint {
			n = 2
		}
		ps, ok := points(n)
		if !ok {
			return bad()
		}
		g = &Geo{P: ps}
		if t.Oid == OidBox {
			g = MakeBox(ps[0], ps[1])
		}
	case OidPath, OidPolygon:
		closed := true
		if t.Oid == OidPath {
			if len(b) < 1 {
				return bad()
			}
			closed = b[0] != 0
			b = b[1:]
		}
		if len(b) < 4 {
			return bad()
		}
		n := int32(binary.BigEndian.Uint32(b))
		b = b[4:]
		if n <= 0 || n >= geoMaxPoints {
			return Null, pgerror.New(pgerror.InvalidBinaryRepresentation, `invalid number of points in external "%s" value`, t.Name)
		}
		ps, ok := points(int(n))
		if !ok {
			return bad()
		}
		g = &Geo{P: ps, Closed: closed}
	case OidLine:
		fs, ok := floats(3)
		if !ok {
			return bad()
		}
		g = &Geo{A: fs[0], B: fs[1], C: fs[2]}
	case OidCircle:
		fs, ok := floats(3)
		if !ok {
			return bad()
		}
		if fs[2] < 0 {
			return Null, pgerror.New(pgerror.InvalidBinaryRepresentation, `invalid radius in external "circle" value`)
		}
		g = &Geo{P: []Point{{fs[0], fs[1]}}, R: fs[2]}
	default:
		return Null, pgerror.New(pgerror.FeatureNotSupported, "type %s is not supported", t.SQLName())
	}
	if len(b) != 0 {
		return Null, pgerror.New(pgerror.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter")
	}
	return NewGeo(g), nil
}

// compareGeo orders geometric values by their binary forms. PostgreSQL
// has no btree operator class for these types; tusk needs some order for
// its own sorting and hashing of whole rows.
func compareGeo(t *T, a, b *Geo) int {
	return strings.Compare(string(AppendGeoBinary(nil, t, a)), string(AppendGeoBinary(nil, t, b)))
}

// castGeo converts between geometric types as the pg_cast functions do
// (box(point), point(box), polygon(box), ...); ok is false when the
// pair has no such cast.
func castGeo(d Datum, src, dst *T) (Datum, bool, error) {
	if !IsGeometric(src.Oid) || !IsGeometric(dst.Oid) {
		return Null, false, nil
	}
	g := d.Geo()
	switch src.Oid<<16 | dst.Oid {
	case OidPoint<<16 | OidBox:
		return NewGeo(&Geo{P: []Point{g.P[0], g.P[0]}}), true, nil
	case OidLseg<<16 | OidPoint:
		return NewGeo(&Geo{P: []Point{{(g.P[0].X + g.P[1].X) / 2, (g.P[0].Y + g.P[1].Y) / 2}}}), true, nil
	case OidPath<<16 | OidPolygon:
		if !g.Closed {
			return Null, true, pgerror.New(pgerror.InvalidParameterValue, "open path cannot be converted to polygon")
		}
		return NewGeo(&Geo{P: g.P}), true, nil
	case OidBox<<16 | OidPoint:
		return NewGeo(&Geo{P: []Point{BoxCenter(g)}}), true, nil
	case OidBox<<16 | OidLseg:
		return NewGeo(&Geo{P: []Point{g.P[0], g.P[1]}}), true, nil
	case OidBox<<16 | OidPolygon:
		hi, lo := g.P[0], g.P[1]
		return NewGeo(&Geo{P: []Point{lo, {lo.X, hi.Y}, hi, {hi.X, lo.Y}}}), true, nil
	case OidBox<<16 | OidCircle:
		c := BoxCenter(g)
		return NewGeo(&Geo{P: []Point{c}, R: PointDist(c, g.P[0])}), true, nil
	case OidPolygon<<16 | OidPoint:
		return NewGeo(&Geo{P: []Point{PolyCenter(g)}}), true, nil
	case OidPolygon<<16 | OidPath:
		return NewGeo(&Geo{P: g.P, Closed: true}), true, nil
	case OidPolygon<<16 | OidBox:
		return NewGeo(BoundBox(g.P)), true, nil
	case OidPolygon<<16 | OidCircle:
		c := PolyCenter(g)
		r := 0.0
		for _, p := range g.P {
			r += PointDist(p, c)
		}
		return NewGeo(&Geo{P: []Point{c}, R: r / float64(len(g.P))}), true, nil
	case OidCircle<<16 | OidPoint:
		return NewGeo(&Geo{P: []Point{g.P[0]}}), true, nil
	case OidCircle<<16 | OidBox:
		delta := g.R / math.Sqrt2
		c := g.P[0]
		return NewGeo(&Geo{P: []Point{{c.X + delta, c.Y + delta}, {c.X - delta, c.Y - delta}}}), true, nil
	case OidCircle<<16 | OidPolygon:
		p, err := CirclePoly(12, g)
		return p, true, err
	}
	return Null, false, nil
}

// BoxCenter is box_cn.
func BoxCenter(g *Geo) Point {
	return Point{(g.P[0].X + g.P[1].X) / 2, (g.P[0].Y + g.P[1].Y) / 2}
}

// PolyCenter is poly_center: the mean of the vertices.
func PolyCenter(g *Geo) Point {
	var c Point
	for _, p := range g.P {
		c.X += p.X
		c.Y += p.Y
	}
	n := float64(len(g.P))
	return Point{c.X / n, c.Y / n}
}

// PointDist is point_dt: the distance between two points.
func PointDist(p, q Point) float64 { return Hypot(p.X-q.X, p.Y-q.Y) }

// Hypot is float.c's pg_hypot, whose rounding differs from math.Hypot's.
func Hypot(x, y float64) float64 {
	if math.IsInf(x, 0) || math.IsInf(y, 0) {
		return math.Inf(1)
	}
	if math.IsNaN(x) || math.IsNaN(y) {
		return math.NaN()
	}
	x, y = math.Abs(x), math.Abs(y)
	if x < y {
		x, y = y, x
	}
	if y == 0 {
		return x
	}
	yx := y / x
	return x * math.Sqrt(1.0+yx*yx)
}

// sinCos returns sin x and cos x correctly rounded (as the C library
// computes them, where Go's math package may differ in the last bit),
// from their Taylor series in 200-bit arithmetic; |x| is small here.
func sinCos(x float64) (sin, cos float64) {
	const prec = 200
	bx := new(big.Float).SetPrec(prec).SetFloat64(x)
	x2 := new(big.Float).SetPrec(prec).Mul(bx, bx)
	s := new(big.Float).SetPrec(prec).Set(bx)
	c := new(big.Float).SetPrec(prec).SetInt64(1)
	ts := new(big.Float).SetPrec(prec).Set(bx)
	tc := new(big.Float).SetPrec(prec).SetInt64(1)
	for n := int64(1); n < 80; n++ {
		// ts *= -x²/((2n)(2n+1)); tc *= -x²/((2n-1)(2n))
		ts.Mul(ts, x2)
		ts.Quo(ts, new(big.Float).SetPrec(prec).SetInt64(2*n*(2*n+1)))
		ts.Neg(ts)
		s.Add(s, ts)
		tc.Mul(tc, x2)
		tc.Quo(tc, new(big.Float).SetPrec(prec).SetInt64((2*n-1)*(2*n)))
		tc.Neg(tc)
		c.Add(c, tc)
	}
	sin, _ = s.Float64()
	cos, _ = c.Float64()
	return sin, cos
}

// BoundBox is make_bound_box: the smallest box holding the points.
func BoundBox(ps []Point) *Geo {
	hi, lo := ps[0], ps[0]
	for _, p := range ps[1:] {
		hi.X, hi.Y = math.Max(hi.X, p.X), math.Max(hi.Y, p.Y)
		lo.X, lo.Y = math.Min(lo.X, p.X), math.Min(lo.Y, p.Y)
	}
	return &Geo{P: []Point{hi, lo}}
}

// CirclePoly is circle_poly: a polygon of n vertices on the circle.
func CirclePoly(n int64, g *Geo) (Datum, error) {
	if FPzero(g.R) {
		return Null, pgerror.New(pgerror.FeatureNotSupported, "cannot convert circle with radius zero to polygon")
	}
	if n < 2 {
		return Null, pgerror.New(pgerror.InvalidParameterValue, "must request at least 2 points")
	}
	if n >= geoMaxPoints {
		return Null, pgerror.New(pgerror.ProgramLimitExceeded, "too many points requested")
	}
	anglestep := math.Pi * 2 / float64(n)
	ps := make([]Point, n)
	c := g.P[0]
	for i := range ps {
		sin, cos := sinCos(float64(i) * anglestep)
		ps[i] = Point{c.X - g.R*cos, c.Y + g.R*sin}
	}
	return NewGeo(&Geo{P: ps}), nil
}

// GeoSubscriptElem returns the element type of a geometric type that
// PostgreSQL subscripts as a fixed-length array (pg_type.typelem: point
// and line hold float8s, lseg and box points), or nil.
func GeoSubscriptElem(t *T) *T {
	switch t.Oid {
	case OidPoint, OidLine:
		return Float8
	case OidLseg, OidBox:
		return ByOid(OidPoint)
	}
	return nil
}

// GeoElement is g[i] for a type GeoSubscriptElem allows: NULL outside
// the fixed bounds.
func GeoElement(t *T, g *Geo, i int64) Datum {
	switch t.Oid {
	case OidPoint:
		switch i {
		case 0:
			return NewFloat(g.P[0].X)
		case 1:
			return NewFloat(g.P[0].Y)
		}
	case OidLine:
		switch i {
		case 0:
			return NewFloat(g.A)
		case 1:
			return NewFloat(g.B)
		case 2:
			return NewFloat(g.C)
		}
	case OidLseg, OidBox:
		if i == 0 || i == 1 {
			return NewGeo(&Geo{P: []Point{g.P[i]}})
		}
	}
	return Null
}
