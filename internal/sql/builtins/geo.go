package builtins

import (
	"math"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Geometric functions and operators (PostgreSQL's utils/adt/geo_ops.c):
// constructors, conversions, measures, the position and containment
// predicates and the point arithmetic. The values are types.Geo; the
// fuzzy comparisons (FPeq and friends, within EPSILON = 1e-6) are
// geo_decls.h's, so results that depend on them match PostgreSQL's.
//
// geo_ops.c computes with float.h's checked arithmetic (float8_pl,
// float8_mul, ...), which fails with "value out of range" on overflow and
// underflow; the helpers below do the same by panicking with a geoError,
// which geoImpl turns back into the function's error.

type geoError struct{ err error }

func fpl(a, b float64) float64 {
	r := a + b
	if math.IsInf(r, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
		panic(geoError{floatOverflow()})
	}
	return r
}

func fmi(a, b float64) float64 {
	r := a - b
	if math.IsInf(r, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
		panic(geoError{floatOverflow()})
	}
	return r
}

func fmul(a, b float64) float64 {
	r := a * b
	if math.IsInf(r, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
		panic(geoError{floatOverflow()})
	}
	if r == 0 && a != 0 && b != 0 {
		panic(geoError{floatUnderflow()})
	}
	return r
}

func fdiv(a, b float64) float64 {
	if b == 0 && !math.IsNaN(a) {
		panic(geoError{divByZero()})
	}
	r := a / b
	if math.IsInf(r, 0) && !math.IsInf(a, 0) {
		panic(geoError{floatOverflow()})
	}
	if r == 0 && a != 0 && !math.IsInf(b, 0) {
		panic(geoError{floatUnderflow()})
	}
	return r
}

// flt8lt is float8_lt: NaN sorts above every other value.
func flt8lt(a, b float64) bool {
	if math.IsNaN(a) {
		return false
	}
	return math.IsNaN(b) || a < b
}

func fmin(a, b float64) float64 {
	if flt8lt(a, b) {
		return a
	}
	return b
}

func fmax(a, b float64) float64 {
	if flt8lt(b, a) {
		return a
	}
	return b
}

// pgHypot is float.c's pg_hypot, which avoids overflow and reports it
// as float8 arithmetic does.
func pgHypot(x, y float64) float64 {
	if math.IsInf(x, 0) || math.IsInf(y, 0) {
		return math.Inf(1)
	}
	if math.IsNaN(x) || math.IsNaN(y) {
		return math.NaN()
	}
	r := types.Hypot(x, y)
	if r == 0 && (x != 0 || y != 0) {
		panic(geoError{floatUnderflow()})
	}
	if math.IsInf(r, 0) {
		panic(geoError{floatOverflow()})
	}
	return r
}

type pt = types.Point

// pointDist is point_dt.
func pointDist(p, q pt) float64 { return pgHypot(fmi(p.X, q.X), fmi(p.Y, q.Y)) }

func ptAdd(p, q pt) pt { return pt{X: fpl(p.X, q.X), Y: fpl(p.Y, q.Y)} }
func ptSub(p, q pt) pt { return pt{X: fmi(p.X, q.X), Y: fmi(p.Y, q.Y)} }

// ptMul and ptDiv treat points as complex numbers (point_mul_point,
// point_div_point).
func ptMul(p, q pt) pt {
	return pt{X: fmi(fmul(p.X, q.X), fmul(p.Y, q.Y)), Y: fpl(fmul(p.X, q.Y), fmul(p.Y, q.X))}
}

func ptDiv(p, q pt) pt {
	div := fpl(fmul(q.X, q.X), fmul(q.Y, q.Y))
	return pt{X: fdiv(fpl(fmul(p.X, q.X), fmul(p.Y, q.Y)), div), Y: fdiv(fmi(fmul(p.Y, q.X), fmul(p.X, q.Y)), div)}
}

// pointInvSlope is point_invsl: the slope of the perpendicular.
func pointInvSlope(p, q pt) float64 {
	if types.FPeq(p.X, q.X) {
		return 0
	}
	if types.FPeq(p.Y, q.Y) {
		return math.Inf(1)
	}
	return fdiv(fmi(p.X, q.X), fmi(q.Y, p.Y))
}

func geoD(g *types.Geo) types.Datum { return types.NewGeo(g) }
func ptD(p pt) types.Datum          { return types.NewGeo(&types.Geo{P: []pt{p}}) }
func boxD(hi, lo pt) types.Datum    { return types.NewGeo(&types.Geo{P: []pt{hi, lo}}) }

// geoImpl adapts a geometric function that may panic with a geoError.
func geoImpl(f func(a []types.Datum) types.Datum) Impl {
	return func(_ Env, _ *Sig, a []types.Datum) (d types.Datum, err error) {
		defer func() {
			if r := recover(); r != nil {
				ge, ok := r.(geoError)
				if !ok {
					panic(r)
				}
				err = ge.err
			}
		}()
		return f(a), nil
	}
}

func regGeo(src string, f func(a []types.Datum) types.Datum) { register(src, geoImpl(f)) }

func regGeoBool(src string, f func(a, b *types.Geo) bool) {
	regGeo(src, func(a []types.Datum) types.Datum { return types.NewBool(f(a[0].Geo(), a[1].Geo())) })
}

func regGeoFloat(src string, f func(a []types.Datum) float64) {
	regGeo(src, func(a []types.Datum) types.Datum { return flt(f(a)) })
}

// Lines.

// lineThrough is line_construct.
func lineThrough(p pt, m float64) *types.Geo {
	var l types.Geo
	switch {
	case math.IsInf(m, 0):
		l.A, l.B, l.C = -1, 0, p.X
	case m == 0:
		l.A, l.B, l.C = 0, -1, p.Y
	default:
		l.A, l.B, l.C = m, -1, fmi(p.Y, fmul(m, p.X))
	}
	if l.C == 0 {
		l.C = 0
	}
	return &l
}

// lineInvSlope is line_invsl.
func lineInvSlope(l *types.Geo) float64 {
	if types.FPzero(l.A) {
		return math.Inf(1)
	}
	if types.FPzero(l.B) {
		return 0
	}
	return fdiv(l.B, l.A)
}

// lineInterpt is line_interpt_line: the intersection of two lines, ok
// false for parallel ones.
func lineInterpt(l1, l2 *types.Geo) (p pt, ok bool) {
	var x, y float64
	switch {
	case !types.FPzero(l1.B):
		if types.FPeq(l2.A, fmul(l1.A, fdiv(l2.B, l1.B))) {
			return p, false
		}
		x = fdiv(fmi(fmul(l1.B, l2.C), fmul(l2.B, l1.C)), fmi(fmul(l1.A, l2.B), fmul(l2.A, l1.B)))
		y = fdiv(-fpl(fmul(l1.A, x), l1.C), l1.B)
	case !types.FPzero(l2.B):
		if types.FPeq(l1.A, fmul(l2.A, fdiv(l1.B, l2.B))) {
			return p, false
		}
		x = fdiv(fmi(fmul(l2.B, l1.C), fmul(l1.B, l2.C)), fmi(fmul(l2.A, l1.B), fmul(l1.A, l2.B)))
		y = fdiv(-fpl(fmul(l2.A, x), l2.C), l2.B)
	default:
		return p, false
	}
	if x == 0 {
		x = 0
	}
	if y == 0 {
		y = 0
	}
	return pt{X: x, Y: y}, true
}

// lineClosestPoint is line_closept_point: the foot of the perpendicular
// from p, and its distance.
func lineClosestPoint(l *types.Geo, p pt) (pt, float64) {
	c, ok := lineInterpt(lineThrough(p, lineInvSlope(l)), l)
	if !ok {
		return c, math.NaN()
	}
	return c, pointDist(c, p)
}

// Segments.

func lsegContains(s *types.Geo, p pt) bool {
	return types.FPeq(fpl(pointDist(p, s.P[0]), pointDist(p, s.P[1])), pointDist(s.P[0], s.P[1]))
}

// lsegInterptLine is lseg_interpt_line.
func lsegInterptLine(s, l *types.Geo) (pt, bool) {
	tmp := lineThrough(s.P[0], types.PointSlope(s.P[0], s.P[1]))
	ip, ok := lineInterpt(tmp, l)
	if !ok || !lsegContains(s, ip) {
		return ip, false
	}
	switch {
	case types.PointEq(s.P[0], ip):
		return s.P[0], true
	case types.PointEq(s.P[1], ip):
		return s.P[1], true
	}
	return ip, true
}

// lsegClosestLine is lseg_closept_line.
func lsegClosestLine(s, l *types.Geo) (pt, float64) {
	if p, ok := lsegInterptLine(s, l); ok {
		return p, 0
	}
	_, d1 := lineClosestPoint(l, s.P[0])
	_, d2 := lineClosestPoint(l, s.P[1])
	if d1 < d2 {
		return s.P[0], d1
	}
	return s.P[1], d2
}

// lsegClosestPoint is lseg_closept_point.
func lsegClosestPoint(s *types.Geo, p pt) (pt, float64) {
	c, _ := lsegClosestLine(s, lineThrough(p, pointInvSlope(s.P[0], s.P[1])))
	return c, pointDist(c, p)
}

func seg(p, q pt) *types.Geo { return &types.Geo{P: []pt{p, q}} }

// Boxes.

func boxContainsPoint(b *types.Geo, p pt) bool {
	return b.P[0].X >= p.X && b.P[1].X <= p.X && b.P[0].Y >= p.Y && b.P[1].Y <= p.Y
}

// boxClosestPoint is box_closept_point.
func boxClosestPoint(b *types.Geo, p pt) (pt, float64) {
	if boxContainsPoint(b, p) {
		return p, 0
	}
	hi, lo := b.P[0], b.P[1]
	corner := pt{X: lo.X, Y: hi.Y}
	best, dist := lsegClosestPoint(seg(lo, corner), p)
	if c, d := lsegClosestPoint(seg(hi, corner), p); flt8lt(d, dist) {
		best, dist = c, d
	}
	corner = pt{X: hi.X, Y: lo.Y}
	if c, d := lsegClosestPoint(seg(lo, corner), p); flt8lt(d, dist) {
		best, dist = c, d
	}
	if c, d := lsegClosestPoint(seg(hi, corner), p); flt8lt(d, dist) {
		best, dist = c, d
	}
	return best, dist
}

func boxOverlap(a, b *types.Geo) bool {
	return types.FPle(a.P[1].X, b.P[0].X) && types.FPle(b.P[1].X, a.P[0].X) &&
		types.FPle(a.P[1].Y, b.P[0].Y) && types.FPle(b.P[1].Y, a.P[0].Y)
}

func boxContains(a, b *types.Geo) bool {
	return types.FPge(a.P[0].X, b.P[0].X) && types.FPle(a.P[1].X, b.P[1].X) &&
		types.FPge(a.P[0].Y, b.P[0].Y) && types.FPle(a.P[1].Y, b.P[1].Y)
}

func boxCenter(b *types.Geo) pt {
	return pt{X: fdiv(fpl(b.P[0].X, b.P[1].X), 2), Y: fdiv(fpl(b.P[0].Y, b.P[1].Y), 2)}
}

func boxWidth(b *types.Geo) float64  { return fmi(b.P[0].X, b.P[1].X) }
func boxHeight(b *types.Geo) float64 { return fmi(b.P[0].Y, b.P[1].Y) }
func boxArea(b *types.Geo) float64   { return fmul(boxWidth(b), boxHeight(b)) }

// boundOf is make_bound_box for polygons.
func boundOf(g *types.Geo) *types.Geo {
	hi, lo := g.P[0], g.P[0]
	for _, p := range g.P[1:] {
		if flt8lt(hi.X, p.X) {
			hi.X = p.X
		}
		if flt8lt(p.X, lo.X) {
			lo.X = p.X
		}
		if flt8lt(hi.Y, p.Y) {
			hi.Y = p.Y
		}
		if flt8lt(p.Y, lo.Y) {
			lo.Y = p.Y
		}
	}
	return &types.Geo{P: []pt{hi, lo}}
}

// Circles.

func circleArea(c *types.Geo) float64 { return fmul(fmul(c.R, c.R), math.Pi) }

// Polygons and paths.

const pointOnPolygon = math.MaxInt32

// lsegCrossing is lseg_crossing: how the segment from (prevX, prevY) to
// (x, y), relative to the tested point, crosses the positive X axis.
func lsegCrossing(x, y, prevX, prevY float64) int {
	if types.FPzero(y) {
		switch {
		case types.FPzero(x):
			return pointOnPolygon
		case types.FPgt(x, 0):
			if types.FPzero(prevY) {
				if types.FPgt(prevX, 0) {
					return 0
				}
				return pointOnPolygon
			}
			if types.FPlt(prevY, 0) {
				return 1
			}
			return -1
		default:
			if types.FPzero(prevY) {
				if types.FPlt(prevX, 0) {
					return 0
				}
				return pointOnPolygon
			}
			return 0
		}
	}
	ySign := -1
	if types.FPgt(y, 0) {
		ySign = 1
	}
	switch {
	case types.FPzero(prevY):
		if types.FPlt(prevX, 0) {
			return 0
		}
		return ySign
	case ySign < 0 && types.FPlt(prevY, 0) || ySign > 0 && types.FPgt(prevY, 0):
		return 0
	case types.FPge(x, 0) && types.FPgt(prevX, 0):
		return 2 * ySign
	case types.FPlt(x, 0) && types.FPle(prevX, 0):
		return 0
	}
	z := fmi(fmul(fmi(x, prevX), y), fmul(fmi(y, prevY), x))
	if types.FPzero(z) {
		return pointOnPolygon
	}
	if ySign < 0 && types.FPlt(z, 0) || ySign > 0 && types.FPgt(z, 0) {
		return 0
	}
	return 2 * ySign
}

// pointInside is point_inside: 0 outside, 1 inside, 2 on the boundary.
func pointInside(p pt, ps []pt) int {
	x0, y0 := fmi(ps[0].X, p.X), fmi(ps[0].Y, p.Y)
	prevX, prevY := x0, y0
	total := 0
	for _, q := range ps[1:] {
		x, y := fmi(q.X, p.X), fmi(q.Y, p.Y)
		c := lsegCrossing(x, y, prevX, prevY)
		if c == pointOnPolygon {
			return 2
		}
		total += c
		prevX, prevY = x, y
	}
	c := lsegCrossing(x0, y0, prevX, prevY)
	if c == pointOnPolygon {
		return 2
	}
	if total+c != 0 {
		return 1
	}
	return 0
}

// plistSame is plist_same: the same points in the same cyclic order,
// either way round.
func plistSame(p1, p2 []pt) bool {
	n := len(p1)
	for i := 0; i < n; i++ {
		if !types.PointEq(p2[i], p1[0]) {
			continue
		}
		ii, j := 1, i+1
		for ; ii < n; ii, j = ii+1, j+1 {
			if j >= n {
				j = 0
			}
			if !types.PointEq(p2[j], p1[ii]) {
				break
			}
		}
		if ii == n {
			return true
		}
		ii, j = 1, i-1
		for ; ii < n; ii, j = ii+1, j-1 {
			if j < 0 {
				j = n - 1
			}
			if !types.PointEq(p2[j], p1[ii]) {
				break
			}
		}
		if ii == n {
			return true
		}
	}
	return false
}

func mapPoints(ps []pt, f func(pt) pt) []pt {
	out := make([]pt, len(ps))
	for i, p := range ps {
		out[i] = f(p)
	}
	return out
}

func init() {
	// Points.
	regGeo("construct_point", func(a []types.Datum) types.Datum { return ptD(pt{X: a[0].Float(), Y: a[1].Float()}) })
	p2 := func(src string, f func(p, q pt) pt) {
		regGeo(src, func(a []types.Datum) types.Datum { return ptD(f(a[0].Geo().P[0], a[1].Geo().P[0])) })
	}
	p2("point_add", ptAdd)
	p2("point_sub", ptSub)
	p2("point_mul", ptMul)
	p2("point_div", ptDiv)
	pb := func(src string, f func(p, q pt) bool) {
		regGeoBool(src, func(a, b *types.Geo) bool { return f(a.P[0], b.P[0]) })
	}
	pb("point_eq", types.PointEq)
	pb("point_ne", func(p, q pt) bool { return !types.PointEq(p, q) })
	pb("point_left", func(p, q pt) bool { return types.FPlt(p.X, q.X) })
	pb("point_right", func(p, q pt) bool { return types.FPgt(p.X, q.X) })
	pb("point_above", func(p, q pt) bool { return types.FPgt(p.Y, q.Y) })
	pb("point_below", func(p, q pt) bool { return types.FPlt(p.Y, q.Y) })
	pb("point_vert", func(p, q pt) bool { return types.FPeq(p.X, q.X) })
	pb("point_horiz", func(p, q pt) bool { return types.FPeq(p.Y, q.Y) })
	regGeoFloat("point_distance", func(a []types.Datum) float64 { return pointDist(a[0].Geo().P[0], a[1].Geo().P[0]) })
	regGeoFloat("point_slope", func(a []types.Datum) float64 { return types.PointSlope(a[0].Geo().P[0], a[1].Geo().P[0]) })
	regGeo("point_box", func(a []types.Datum) types.Datum { p := a[0].Geo().P[0]; return boxD(p, p) })
	regGeo("points_box", func(a []types.Datum) types.Datum { return geoD(types.MakeBox(a[0].Geo().P[0], a[1].Geo().P[0])) })
	regGeo("lseg_construct", func(a []types.Datum) types.Datum {
		return geoD(seg(a[0].Geo().P[0], a[1].Geo().P[0]))
	})
	regGeo("line_construct_pp", func(a []types.Datum) types.Datum {
		p, q := a[0].Geo().P[0], a[1].Geo().P[0]
		if types.PointEq(p, q) {
			panic(geoError{pgerror.New(pgerror.InvalidParameterValue, "invalid line specification: must be two distinct points")})
		}
		return geoD(lineThrough(p, types.PointSlope(p, q)))
	})
	regGeoFloat("dist_pl", func(a []types.Datum) float64 { _, d := lineClosestPoint(a[1].Geo(), a[0].Geo().P[0]); return d })
	regGeoFloat("dist_lp", func(a []types.Datum) float64 { _, d := lineClosestPoint(a[0].Geo(), a[1].Geo().P[0]); return d })
	regGeoFloat("dist_ps", func(a []types.Datum) float64 { _, d := lsegClosestPoint(a[1].Geo(), a[0].Geo().P[0]); return d })
	regGeoFloat("dist_sp", func(a []types.Datum) float64 { _, d := lsegClosestPoint(a[0].Geo(), a[1].Geo().P[0]); return d })
	regGeoFloat("dist_pb", func(a []types.Datum) float64 { _, d := boxClosestPoint(a[1].Geo(), a[0].Geo().P[0]); return d })
	regGeoFloat("dist_bp", func(a []types.Datum) float64 { _, d := boxClosestPoint(a[0].Geo(), a[1].Geo().P[0]); return d })
	regGeo("close_pl", func(a []types.Datum) types.Datum {
		c, _ := lineClosestPoint(a[1].Geo(), a[0].Geo().P[0])
		return ptD(c)
	})
	regGeo("close_ps", func(a []types.Datum) types.Datum {
		c, _ := lsegClosestPoint(a[1].Geo(), a[0].Geo().P[0])
		return ptD(c)
	})
	regGeo("close_pb", func(a []types.Datum) types.Datum { c, _ := boxClosestPoint(a[1].Geo(), a[0].Geo().P[0]); return ptD(c) })
	regGeoBool("on_pl", func(p, l *types.Geo) bool {
		return types.FPzero(fpl(fpl(fmul(l.A, p.P[0].X), fmul(l.B, p.P[0].Y)), l.C))
	})
	regGeoBool("on_ps", func(p, s *types.Geo) bool { return lsegContains(s, p.P[0]) })
	regGeoBool("on_pb", func(p, b *types.Geo) bool { return boxContainsPoint(b, p.P[0]) })
	regGeoBool("box_contain_pt", func(b, p *types.Geo) bool { return boxContainsPoint(b, p.P[0]) })
	onPath := func(p pt, path *types.Geo) bool {
		if path.Closed {
			return pointInside(p, path.P) != 0
		}
		a := pointDist(p, path.P[0])
		for i := 0; i < len(path.P)-1; i++ {
			b := pointDist(p, path.P[i+1])
			if types.FPeq(fpl(a, b), pointDist(path.P[i], path.P[i+1])) {
				return true
			}
			a = b
		}
		return false
	}
	regGeoBool("on_ppath", func(p, path *types.Geo) bool { return onPath(p.P[0], path) })
	registerSQL("path_contain_pt", geoImpl(func(a []types.Datum) types.Datum {
		return types.NewBool(onPath(a[1].Geo().P[0], a[0].Geo()))
	}))
	regGeoBool("poly_contain_pt", func(poly, p *types.Geo) bool { return pointInside(p.P[0], poly.P) != 0 })
	regGeoBool("pt_contained_poly", func(p, poly *types.Geo) bool { return pointInside(p.P[0], poly.P) != 0 })

	// Segments.
	regGeoFloat("lseg_length", func(a []types.Datum) float64 { s := a[0].Geo(); return pointDist(s.P[0], s.P[1]) })
	regGeo("lseg_center", func(a []types.Datum) types.Datum {
		s := a[0].Geo()
		return ptD(pt{X: fdiv(fpl(s.P[0].X, s.P[1].X), 2), Y: fdiv(fpl(s.P[0].Y, s.P[1].Y), 2)})
	})
	regGeoBool("lseg_eq", func(a, b *types.Geo) bool { return types.PointEq(a.P[0], b.P[0]) && types.PointEq(a.P[1], b.P[1]) })
	regGeoBool("lseg_ne", func(a, b *types.Geo) bool { return !types.PointEq(a.P[0], b.P[0]) || !types.PointEq(a.P[1], b.P[1]) })
	lsegLen := func(s *types.Geo) float64 { return pointDist(s.P[0], s.P[1]) }
	regGeoBool("lseg_lt", func(a, b *types.Geo) bool { return types.FPlt(lsegLen(a), lsegLen(b)) })
	regGeoBool("lseg_le", func(a, b *types.Geo) bool { return types.FPle(lsegLen(a), lsegLen(b)) })
	regGeoBool("lseg_gt", func(a, b *types.Geo) bool { return types.FPgt(lsegLen(a), lsegLen(b)) })
	regGeoBool("lseg_ge", func(a, b *types.Geo) bool { return types.FPge(lsegLen(a), lsegLen(b)) })
	regGeo("lseg_vertical", func(a []types.Datum) types.Datum {
		s := a[0].Geo()
		return types.NewBool(types.FPeq(s.P[0].X, s.P[1].X))
	})
	regGeo("lseg_horizontal", func(a []types.Datum) types.Datum {
		s := a[0].Geo()
		return types.NewBool(types.FPeq(s.P[0].Y, s.P[1].Y))
	})
	regGeoBool("lseg_parallel", func(a, b *types.Geo) bool {
		return types.FPeq(types.PointSlope(a.P[0], a.P[1]), types.PointSlope(b.P[0], b.P[1]))
	})
	regGeoBool("lseg_perp", func(a, b *types.Geo) bool {
		return types.FPeq(types.PointSlope(a.P[0], a.P[1]), pointInvSlope(b.P[0], b.P[1]))
	})
	regGeoBool("on_sl", func(s, l *types.Geo) bool {
		on := func(p pt) bool { return types.FPzero(fpl(fpl(fmul(l.A, p.X), fmul(l.B, p.Y)), l.C)) }
		return on(s.P[0]) && on(s.P[1])
	})
	regGeoBool("on_sb", func(s, b *types.Geo) bool { return boxContainsPoint(b, s.P[0]) && boxContainsPoint(b, s.P[1]) })
	regGeoBool("inter_sl", func(s, l *types.Geo) bool { _, ok := lsegInterptLine(s, l); return ok })

	// Lines.
	regGeo("line_vertical", func(a []types.Datum) types.Datum { return types.NewBool(types.FPzero(a[0].Geo().B)) })
	regGeo("line_horizontal", func(a []types.Datum) types.Datum { return types.NewBool(types.FPzero(a[0].Geo().A)) })
	regGeoBool("line_parallel", func(a, b *types.Geo) bool { _, ok := lineInterpt(a, b); return !ok })
	regGeoBool("line_intersect", func(a, b *types.Geo) bool { _, ok := lineInterpt(a, b); return ok })
	regGeoBool("line_perp", func(l1, l2 *types.Geo) bool {
		switch {
		case types.FPzero(l1.A):
			return types.FPzero(l2.B)
		case types.FPzero(l2.A):
			return types.FPzero(l1.B)
		case types.FPzero(l1.B):
			return types.FPzero(l2.A)
		case types.FPzero(l2.B):
			return types.FPzero(l1.A)
		}
		return types.FPeq(fdiv(fmul(l1.A, l2.A), fmul(l1.B, l2.B)), -1.0)
	})
	regGeo("line_interpt", func(a []types.Datum) types.Datum {
		p, ok := lineInterpt(a[0].Geo(), a[1].Geo())
		if !ok {
			return types.Null
		}
		return ptD(p)
	})
	regGeoBool("line_eq", func(l1, l2 *types.Geo) bool {
		var ratio float64
		switch {
		case !types.FPzero(l2.A):
			ratio = fdiv(l1.A, l2.A)
		case !types.FPzero(l2.B):
			ratio = fdiv(l1.B, l2.B)
		case !types.FPzero(l2.C):
			ratio = fdiv(l1.C, l2.C)
		default:
			ratio = 1
		}
		return types.FPeq(l1.A, fmul(ratio, l2.A)) && types.FPeq(l1.B, fmul(ratio, l2.B)) && types.FPeq(l1.C, fmul(ratio, l2.C))
	})

	// Boxes.
	regGeoFloat("box_area", func(a []types.Datum) float64 { return boxArea(a[0].Geo()) })
	regGeoFloat("box_width", func(a []types.Datum) float64 { return boxWidth(a[0].Geo()) })
	regGeoFloat("box_height", func(a []types.Datum) float64 { return boxHeight(a[0].Geo()) })
	regGeo("box_center", func(a []types.Datum) types.Datum { return ptD(boxCenter(a[0].Geo())) })
	regGeo("box_diagonal", func(a []types.Datum) types.Datum { b := a[0].Geo(); return geoD(seg(b.P[0], b.P[1])) })
	regGeoFloat("box_distance", func(a []types.Datum) float64 {
		return pointDist(boxCenter(a[0].Geo()), boxCenter(a[1].Geo()))
	})
	regGeoBool("box_same", func(a, b *types.Geo) bool { return types.PointEq(a.P[0], b.P[0]) && types.PointEq(a.P[1], b.P[1]) })
	regGeoBool("box_overlap", boxOverlap)
	regGeoBool("box_contain", boxContains)
	regGeoBool("box_contained", func(a, b *types.Geo) bool { return boxContains(b, a) })
	regGeoBool("box_left", func(a, b *types.Geo) bool { return types.FPlt(a.P[0].X, b.P[1].X) })
	regGeoBool("box_overleft", func(a, b *types.Geo) bool { return types.FPle(a.P[0].X, b.P[0].X) })
	regGeoBool("box_right", func(a, b *types.Geo) bool { return types.FPgt(a.P[1].X, b.P[0].X) })
	regGeoBool("box_overright", func(a, b *types.Geo) bool { return types.FPge(a.P[1].X, b.P[1].X) })
	regGeoBool("box_below", func(a, b *types.Geo) bool { return types.FPlt(a.P[0].Y, b.P[1].Y) })
	regGeoBool("box_overbelow", func(a, b *types.Geo) bool { return types.FPle(a.P[0].Y, b.P[0].Y) })
	regGeoBool("box_above", func(a, b *types.Geo) bool { return types.FPgt(a.P[1].Y, b.P[0].Y) })
	regGeoBool("box_overabove", func(a, b *types.Geo) bool { return types.FPge(a.P[1].Y, b.P[1].Y) })
	regGeoBool("box_below_eq", func(a, b *types.Geo) bool { return types.FPle(a.P[0].Y, b.P[1].Y) })
	regGeoBool("box_above_eq", func(a, b *types.Geo) bool { return types.FPge(a.P[1].Y, b.P[0].Y) })
	regGeoBool("box_eq", func(a, b *types.Geo) bool { return types.FPeq(boxArea(a), boxArea(b)) })
	regGeoBool("box_lt", func(a, b *types.Geo) bool { return types.FPlt(boxArea(a), boxArea(b)) })
	regGeoBool("box_le", func(a, b *types.Geo) bool { return types.FPle(boxArea(a), boxArea(b)) })
	regGeoBool("box_gt", func(a, b *types.Geo) bool { return types.FPgt(boxArea(a), boxArea(b)) })
	regGeoBool("box_ge", func(a, b *types.Geo) bool { return types.FPge(boxArea(a), boxArea(b)) })
	boxPt := func(src string, f func(p, q pt) pt, normalize bool) {
		regGeo(src, func(a []types.Datum) types.Datum {
			b, p := a[0].Geo(), a[1].Geo().P[0]
			hi, lo := f(b.P[0], p), f(b.P[1], p)
			if normalize {
				return geoD(types.MakeBox(hi, lo))
			}
			return boxD(hi, lo)
		})
	}
	boxPt("box_add", ptAdd, false)
	boxPt("box_sub", ptSub, false)
	boxPt("box_mul", ptMul, true)
	boxPt("box_div", ptDiv, true)
	regGeo("box_intersect", func(a []types.Datum) types.Datum {
		b1, b2 := a[0].Geo(), a[1].Geo()
		if !boxOverlap(b1, b2) {
			return types.Null
		}
		return boxD(pt{X: fmin(b1.P[0].X, b2.P[0].X), Y: fmin(b1.P[0].Y, b2.P[0].Y)},
			pt{X: fmax(b1.P[1].X, b2.P[1].X), Y: fmax(b1.P[1].Y, b2.P[1].Y)})
	})
	regGeo("boxes_bound_box", func(a []types.Datum) types.Datum {
		b1, b2 := a[0].Geo(), a[1].Geo()
		return boxD(pt{X: fmax(b1.P[0].X, b2.P[0].X), Y: fmax(b1.P[0].Y, b2.P[0].Y)},
			pt{X: fmin(b1.P[1].X, b2.P[1].X), Y: fmin(b1.P[1].Y, b2.P[1].Y)})
	})

	// Conversions (the pg_cast functions, callable by name too).
	conv := func(src string, from, to types.Oid) {
		regGeo(src, func(a []types.Datum) types.Datum {
			d, err := types.Cast(a[0], types.ByOid(from), types.ByOid(to), true, nil)
			if err != nil {
				panic(geoError{err})
			}
			return d
		})
	}
	conv("box_poly", types.OidBox, types.OidPolygon)
	conv("box_circle", types.OidBox, types.OidCircle)
	conv("circle_box", types.OidCircle, types.OidBox)
	conv("circle_center", types.OidCircle, types.OidPoint)
	conv("poly_box", types.OidPolygon, types.OidBox)
	conv("poly_path", types.OidPolygon, types.OidPath)
	conv("poly_center", types.OidPolygon, types.OidPoint)
	conv("poly_circle", types.OidPolygon, types.OidCircle)
	conv("path_poly", types.OidPath, types.OidPolygon)
	regGeo("circle_poly", func(a []types.Datum) types.Datum {
		d, err := types.CirclePoly(a[0].Int(), a[1].Geo())
		if err != nil {
			panic(geoError{err})
		}
		return d
	})
	registerSQL("polygon", geoImpl(func(a []types.Datum) types.Datum {
		d, err := types.CirclePoly(12, a[0].Geo())
		if err != nil {
			panic(geoError{err})
		}
		return d
	}))

	// Paths and polygons.
	regGeo("path_npoints", func(a []types.Datum) types.Datum { return types.NewInt(int64(len(a[0].Geo().P))) })
	regGeo("poly_npoints", func(a []types.Datum) types.Datum { return types.NewInt(int64(len(a[0].Geo().P))) })
	regGeo("path_isclosed", func(a []types.Datum) types.Datum { return types.NewBool(a[0].Geo().Closed) })
	regGeo("path_isopen", func(a []types.Datum) types.Datum { return types.NewBool(!a[0].Geo().Closed) })
	regGeo("path_close", func(a []types.Datum) types.Datum {
		return geoD(&types.Geo{P: a[0].Geo().P, Closed: true})
	})
	regGeo("path_open", func(a []types.Datum) types.Datum {
		return geoD(&types.Geo{P: a[0].Geo().P, Closed: false})
	})
	regGeoFloat("path_length", func(a []types.Datum) float64 {
		p := a[0].Geo()
		sum := 0.0
		for i := range p.P {
			prev := i - 1
			if i == 0 {
				if !p.Closed {
					continue
				}
				prev = len(p.P) - 1
			}
			sum = fpl(sum, pointDist(p.P[prev], p.P[i]))
		}
		return sum
	})
	regGeo("path_area", func(a []types.Datum) types.Datum {
		p := a[0].Geo()
		if !p.Closed {
			return types.Null
		}
		area := 0.0
		for i := range p.P {
			j := (i + 1) % len(p.P)
			area = fpl(area, fmul(p.P[i].X, p.P[j].Y))
			area = fmi(area, fmul(p.P[i].Y, p.P[j].X))
		}
		return flt(fdiv(math.Abs(area), 2))
	})
	regGeo("path_add", func(a []types.Datum) types.Datum {
		p1, p2 := a[0].Geo(), a[1].Geo()
		if p1.Closed || p2.Closed {
			return types.Null
		}
		ps := append(append(make([]pt, 0, len(p1.P)+len(p2.P)), p1.P...), p2.P...)
		return geoD(&types.Geo{P: ps})
	})
	pathPt := func(src string, f func(p, q pt) pt) {
		regGeo(src, func(a []types.Datum) types.Datum {
			p, q := a[0].Geo(), a[1].Geo().P[0]
			return geoD(&types.Geo{P: mapPoints(p.P, func(x pt) pt { return f(x, q) }), Closed: p.Closed})
		})
	}
	pathPt("path_add_pt", ptAdd)
	pathPt("path_sub_pt", ptSub)
	pathPt("path_mul_pt", ptMul)
	pathPt("path_div_pt", ptDiv)
	pathN := func(src string, f func(a, b int) bool) {
		regGeoBool(src, func(a, b *types.Geo) bool { return f(len(a.P), len(b.P)) })
	}
	pathN("path_n_lt", func(a, b int) bool { return a < b })
	pathN("path_n_gt", func(a, b int) bool { return a > b })
	pathN("path_n_eq", func(a, b int) bool { return a == b })
	pathN("path_n_le", func(a, b int) bool { return a <= b })
	pathN("path_n_ge", func(a, b int) bool { return a >= b })
	regGeoBool("poly_same", func(a, b *types.Geo) bool { return len(a.P) == len(b.P) && plistSame(a.P, b.P) })
	polyBox := func(src string, f func(a, b *types.Geo) bool) {
		regGeoBool(src, func(a, b *types.Geo) bool { return f(boundOf(a), boundOf(b)) })
	}
	polyBox("poly_left", func(a, b *types.Geo) bool { return types.FPlt(a.P[0].X, b.P[1].X) })
	polyBox("poly_overleft", func(a, b *types.Geo) bool { return types.FPle(a.P[0].X, b.P[0].X) })
	polyBox("poly_right", func(a, b *types.Geo) bool { return types.FPgt(a.P[1].X, b.P[0].X) })
	polyBox("poly_overright", func(a, b *types.Geo) bool { return types.FPge(a.P[1].X, b.P[1].X) })
	polyBox("poly_below", func(a, b *types.Geo) bool { return types.FPlt(a.P[0].Y, b.P[1].Y) })
	polyBox("poly_overbelow", func(a, b *types.Geo) bool { return types.FPle(a.P[0].Y, b.P[0].Y) })
	polyBox("poly_above", func(a, b *types.Geo) bool { return types.FPgt(a.P[1].Y, b.P[0].Y) })
	polyBox("poly_overabove", func(a, b *types.Geo) bool { return types.FPge(a.P[1].Y, b.P[1].Y) })

	// Circles.
	regGeo("cr_circle", func(a []types.Datum) types.Datum {
		return geoD(&types.Geo{P: []pt{a[0].Geo().P[0]}, R: a[1].Float()})
	})
	regGeoFloat("circle_area", func(a []types.Datum) float64 { return circleArea(a[0].Geo()) })
	regGeoFloat("circle_diameter", func(a []types.Datum) float64 { return fmul(a[0].Geo().R, 2) })
	regGeoFloat("circle_radius", func(a []types.Datum) float64 { return a[0].Geo().R })
	regGeoBool("circle_same", func(a, b *types.Geo) bool {
		return (math.IsNaN(a.R) && math.IsNaN(b.R) || types.FPeq(a.R, b.R)) && types.PointEq(a.P[0], b.P[0])
	})
	regGeoBool("circle_eq", func(a, b *types.Geo) bool { return types.FPeq(circleArea(a), circleArea(b)) })
	regGeoBool("circle_ne", func(a, b *types.Geo) bool { return types.FPne(circleArea(a), circleArea(b)) })
	regGeoBool("circle_lt", func(a, b *types.Geo) bool { return types.FPlt(circleArea(a), circleArea(b)) })
	regGeoBool("circle_le", func(a, b *types.Geo) bool { return types.FPle(circleArea(a), circleArea(b)) })
	regGeoBool("circle_gt", func(a, b *types.Geo) bool { return types.FPgt(circleArea(a), circleArea(b)) })
	regGeoBool("circle_ge", func(a, b *types.Geo) bool { return types.FPge(circleArea(a), circleArea(b)) })
	regGeoBool("circle_overlap", func(a, b *types.Geo) bool {
		return types.FPle(pointDist(a.P[0], b.P[0]), fpl(a.R, b.R))
	})
	regGeoBool("circle_contain", func(a, b *types.Geo) bool {
		return types.FPle(fpl(pointDist(a.P[0], b.P[0]), b.R), a.R)
	})
	regGeoBool("circle_contained", func(a, b *types.Geo) bool {
		return types.FPle(fpl(pointDist(a.P[0], b.P[0]), a.R), b.R)
	})
	regGeoBool("circle_left", func(a, b *types.Geo) bool { return types.FPlt(fpl(a.P[0].X, a.R), fmi(b.P[0].X, b.R)) })
	regGeoBool("circle_overleft", func(a, b *types.Geo) bool { return types.FPle(fpl(a.P[0].X, a.R), fpl(b.P[0].X, b.R)) })
	regGeoBool("circle_right", func(a, b *types.Geo) bool { return types.FPgt(fmi(a.P[0].X, a.R), fpl(b.P[0].X, b.R)) })
	regGeoBool("circle_overright", func(a, b *types.Geo) bool { return types.FPge(fmi(a.P[0].X, a.R), fmi(b.P[0].X, b.R)) })
	regGeoBool("circle_below", func(a, b *types.Geo) bool { return types.FPlt(fpl(a.P[0].Y, a.R), fmi(b.P[0].Y, b.R)) })
	regGeoBool("circle_overbelow", func(a, b *types.Geo) bool { return types.FPle(fpl(a.P[0].Y, a.R), fpl(b.P[0].Y, b.R)) })
	regGeoBool("circle_above", func(a, b *types.Geo) bool { return types.FPgt(fmi(a.P[0].Y, a.R), fpl(b.P[0].Y, b.R)) })
	regGeoBool("circle_overabove", func(a, b *types.Geo) bool { return types.FPge(fmi(a.P[0].Y, a.R), fmi(b.P[0].Y, b.R)) })
	regGeoFloat("circle_distance", func(a []types.Datum) float64 {
		c1, c2 := a[0].Geo(), a[1].Geo()
		d := fmi(pointDist(c1.P[0], c2.P[0]), fpl(c1.R, c2.R))
		if d < 0 {
			return 0
		}
		return d
	})
	distPC := func(p pt, c *types.Geo) float64 {
		d := fmi(pointDist(p, c.P[0]), c.R)
		if d < 0 {
			return 0
		}
		return d
	}
	regGeoFloat("dist_pc", func(a []types.Datum) float64 { return distPC(a[0].Geo().P[0], a[1].Geo()) })
	regGeoFloat("dist_cpoint", func(a []types.Datum) float64 { return distPC(a[1].Geo().P[0], a[0].Geo()) })
	regGeoBool("circle_contain_pt", func(c, p *types.Geo) bool { return pointDist(c.P[0], p.P[0]) <= c.R })
	regGeoBool("pt_contained_circle", func(p, c *types.Geo) bool { return pointDist(c.P[0], p.P[0]) <= c.R })
	circlePt := func(src string, f func(c *types.Geo, p pt) *types.Geo) {
		regGeo(src, func(a []types.Datum) types.Datum { return geoD(f(a[0].Geo(), a[1].Geo().P[0])) })
	}
	circlePt("circle_add_pt", func(c *types.Geo, p pt) *types.Geo { return &types.Geo{P: []pt{ptAdd(c.P[0], p)}, R: c.R} })
	circlePt("circle_sub_pt", func(c *types.Geo, p pt) *types.Geo { return &types.Geo{P: []pt{ptSub(c.P[0], p)}, R: c.R} })
	circlePt("circle_mul_pt", func(c *types.Geo, p pt) *types.Geo {
		return &types.Geo{P: []pt{ptMul(c.P[0], p)}, R: fmul(c.R, pgHypot(p.X, p.Y))}
	})
	circlePt("circle_div_pt", func(c *types.Geo, p pt) *types.Geo {
		return &types.Geo{P: []pt{ptDiv(c.P[0], p)}, R: fdiv(c.R, pgHypot(p.X, p.Y))}
	})
}

// Intersections and distances between segments, lines, boxes, paths and
// polygons.

// lsegInterptLseg is lseg_interpt_lseg.
func lsegInterptLseg(l1, l2 *types.Geo) (pt, bool) {
	tmp := lineThrough(l2.P[0], types.PointSlope(l2.P[0], l2.P[1]))
	ip, ok := lsegInterptLine(l1, tmp)
	if !ok || !lsegContains(l2, ip) {
		return ip, false
	}
	return ip, true
}

// lsegClosestLseg is lseg_closept_lseg: the point of on closest to to.
func lsegClosestLseg(on, to *types.Geo) (pt, float64) {
	if p, ok := lsegInterptLseg(on, to); ok {
		return p, 0
	}
	best, dist := lsegClosestPoint(on, to.P[0])
	if c, d := lsegClosestPoint(on, to.P[1]); flt8lt(d, dist) {
		best, dist = c, d
	}
	if _, d := lsegClosestPoint(to, on.P[0]); flt8lt(d, dist) {
		best, dist = on.P[0], d
	}
	if _, d := lsegClosestPoint(to, on.P[1]); flt8lt(d, dist) {
		best, dist = on.P[1], d
	}
	return best, dist
}

// boxSides returns the four sides of a box in the order box_closept_lseg
// and box_interpt_lseg try them.
func boxSides(b *types.Geo) [4]*types.Geo {
	hi, lo := b.P[0], b.P[1]
	ul, lr := pt{X: lo.X, Y: hi.Y}, pt{X: hi.X, Y: lo.Y}
	return [4]*types.Geo{seg(lo, ul), seg(hi, ul), seg(lo, lr), seg(hi, lr)}
}

// boxInterptLseg is box_interpt_lseg.
func boxInterptLseg(b, s *types.Geo) (pt, bool) {
	lbox := &types.Geo{P: []pt{
		{X: fmax(s.P[0].X, s.P[1].X), Y: fmax(s.P[0].Y, s.P[1].Y)},
		{X: fmin(s.P[0].X, s.P[1].X), Y: fmin(s.P[0].Y, s.P[1].Y)},
	}}
	if !boxOverlap(lbox, b) {
		return pt{}, false
	}
	c, _ := lsegClosestPoint(s, boxCenter(b))
	if boxContainsPoint(b, s.P[0]) || boxContainsPoint(b, s.P[1]) {
		return c, true
	}
	for _, side := range boxSides(b) {
		if _, ok := lsegInterptLseg(side, s); ok {
			return c, true
		}
	}
	return c, false
}

// boxClosestLseg is box_closept_lseg.
func boxClosestLseg(b, s *types.Geo) (pt, float64) {
	if p, ok := boxInterptLseg(b, s); ok {
		return p, 0
	}
	sides := boxSides(b)
	best, dist := lsegClosestLseg(sides[0], s)
	for _, side := range sides[1:] {
		if c, d := lsegClosestLseg(side, s); flt8lt(d, dist) {
			best, dist = c, d
		}
	}
	return best, dist
}

// lineSlope is line_sl.
func lineSlope(l *types.Geo) float64 {
	if types.FPzero(l.A) {
		return 0
	}
	if types.FPzero(l.B) {
		return math.Inf(1)
	}
	return fdiv(l.A, -l.B)
}

// segments returns the edges of a path or polygon: an open path has one
// fewer than it has points.
func segments(ps []pt, closed bool) []*types.Geo {
	var out []*types.Geo
	for i := range ps {
		prev := i - 1
		if i == 0 {
			if !closed {
				continue
			}
			prev = len(ps) - 1
		}
		out = append(out, seg(ps[prev], ps[i]))
	}
	return out
}

// polyOverlap is poly_overlap_internal.
func polyOverlap(a, b *types.Geo) bool {
	if !boxOverlap(boundOf(a), boundOf(b)) {
		return false
	}
	for _, sa := range segments(a.P, true) {
		for _, sb := range segments(b.P, true) {
			if _, ok := lsegInterptLseg(sa, sb); ok {
				return true
			}
		}
	}
	return pointInside(a.P[0], b.P) != 0 || pointInside(b.P[0], a.P) != 0
}

// distPointPoly is dist_ppoly_internal.
func distPointPoly(p pt, poly *types.Geo) float64 {
	if pointInside(p, poly.P) != 0 {
		return 0
	}
	_, result := lsegClosestPoint(seg(poly.P[0], poly.P[len(poly.P)-1]), p)
	for i := 0; i < len(poly.P)-1; i++ {
		if _, d := lsegClosestPoint(seg(poly.P[i], poly.P[i+1]), p); flt8lt(d, result) {
			result = d
		}
	}
	return result
}

// minSegDistance is the smallest lseg_closept_lseg distance between the
// edges of two paths (path_distance, poly_distance); ok is false when one
// has no edges.
func minSegDistance(a, b []*types.Geo) (float64, bool) {
	minD, have := 0.0, false
	for _, sa := range a {
		for _, sb := range b {
			if _, d := lsegClosestLseg(sa, sb); !have || flt8lt(d, minD) {
				minD, have = d, true
			}
		}
	}
	return minD, have
}

func init() {
	regGeoBool("lseg_intersect", func(a, b *types.Geo) bool { _, ok := lsegInterptLseg(a, b); return ok })
	regGeo("lseg_interpt", func(a []types.Datum) types.Datum {
		p, ok := lsegInterptLseg(a[0].Geo(), a[1].Geo())
		if !ok {
			return types.Null
		}
		return ptD(p)
	})
	regGeoFloat("lseg_distance", func(a []types.Datum) float64 { _, d := lsegClosestLseg(a[0].Geo(), a[1].Geo()); return d })
	regGeo("close_lseg", func(a []types.Datum) types.Datum {
		l1, l2 := a[0].Geo(), a[1].Geo()
		if types.PointSlope(l1.P[0], l1.P[1]) == types.PointSlope(l2.P[0], l2.P[1]) {
			return types.Null
		}
		p, d := lsegClosestLseg(l2, l1)
		if math.IsNaN(d) {
			return types.Null
		}
		return ptD(p)
	})
	regGeoBool("inter_sb", func(s, b *types.Geo) bool { _, ok := boxInterptLseg(b, s); return ok })
	regGeoFloat("dist_sb", func(a []types.Datum) float64 { _, d := boxClosestLseg(a[1].Geo(), a[0].Geo()); return d })
	regGeoFloat("dist_bs", func(a []types.Datum) float64 { _, d := boxClosestLseg(a[0].Geo(), a[1].Geo()); return d })
	regGeo("close_sb", func(a []types.Datum) types.Datum {
		p, d := boxClosestLseg(a[1].Geo(), a[0].Geo())
		if math.IsNaN(d) {
			return types.Null
		}
		return ptD(p)
	})
	regGeoFloat("dist_sl", func(a []types.Datum) float64 { _, d := lsegClosestLine(a[0].Geo(), a[1].Geo()); return d })
	regGeoFloat("dist_ls", func(a []types.Datum) float64 { _, d := lsegClosestLine(a[1].Geo(), a[0].Geo()); return d })
	regGeo("close_ls", func(a []types.Datum) types.Datum {
		l, s := a[0].Geo(), a[1].Geo()
		if types.PointSlope(s.P[0], s.P[1]) == lineSlope(l) {
			return types.Null
		}
		p, d := lsegClosestLine(s, l)
		if math.IsNaN(d) {
			return types.Null
		}
		return ptD(p)
	})
	regGeoBool("inter_lb", func(l, b *types.Geo) bool {
		hi, lo := b.P[0], b.P[1]
		corners := []pt{lo, {X: lo.X, Y: hi.Y}, hi, {X: hi.X, Y: lo.Y}, lo}
		for i := 0; i < 4; i++ {
			if _, ok := lsegInterptLine(seg(corners[i], corners[i+1]), l); ok {
				return true
			}
		}
		return false
	})
	regGeoFloat("line_distance", func(a []types.Datum) float64 {
		l1, l2 := a[0].Geo(), a[1].Geo()
		if _, ok := lineInterpt(l1, l2); ok {
			return 0
		}
		ratio := 1.0
		switch {
		case !types.FPzero(l1.A) && !math.IsNaN(l1.A) && !types.FPzero(l2.A) && !math.IsNaN(l2.A):
			ratio = fdiv(l1.A, l2.A)
		case !types.FPzero(l1.B) && !math.IsNaN(l1.B) && !types.FPzero(l2.B) && !math.IsNaN(l2.B):
			ratio = fdiv(l1.B, l2.B)
		}
		return fdiv(math.Abs(fmi(l1.C, fmul(ratio, l2.C))), pgHypot(l1.A, l1.B))
	})

	regGeoBool("poly_overlap", polyOverlap)
	regGeoFloat("dist_ppoly", func(a []types.Datum) float64 { return distPointPoly(a[0].Geo().P[0], a[1].Geo()) })
	regGeoFloat("dist_polyp", func(a []types.Datum) float64 { return distPointPoly(a[1].Geo().P[0], a[0].Geo()) })
	distCirclePoly := func(c, poly *types.Geo) float64 {
		d := fmi(distPointPoly(c.P[0], poly), c.R)
		if d < 0 {
			return 0
		}
		return d
	}
	regGeoFloat("dist_cpoly", func(a []types.Datum) float64 { return distCirclePoly(a[0].Geo(), a[1].Geo()) })
	regGeoFloat("dist_polyc", func(a []types.Datum) float64 { return distCirclePoly(a[1].Geo(), a[0].Geo()) })
	regGeo("poly_distance", func(a []types.Datum) types.Datum {
		pa, pb := a[0].Geo(), a[1].Geo()
		if polyOverlap(pa, pb) {
			return flt(0)
		}
		d, ok := minSegDistance(segments(pa.P, true), segments(pb.P, true))
		if !ok {
			return types.Null
		}
		return flt(d)
	})
	regGeo("path_distance", func(a []types.Datum) types.Datum {
		pa, pb := a[0].Geo(), a[1].Geo()
		d, ok := minSegDistance(segments(pa.P, pa.Closed), segments(pb.P, pb.Closed))
		if !ok {
			return types.Null
		}
		return flt(d)
	})
	distPointPath := func(p pt, path *types.Geo) float64 {
		result, have := 0.0, false
		for _, s := range segments(path.P, path.Closed) {
			if _, d := lsegClosestPoint(s, p); !have || flt8lt(d, result) {
				result, have = d, true
			}
		}
		return result
	}
	regGeoFloat("dist_ppath", func(a []types.Datum) float64 { return distPointPath(a[0].Geo().P[0], a[1].Geo()) })
	regGeoFloat("dist_pathp", func(a []types.Datum) float64 { return distPointPath(a[1].Geo().P[0], a[0].Geo()) })
	regGeoBool("path_inter", func(p1, p2 *types.Geo) bool {
		if !boxOverlap(boundOf(p1), boundOf(p2)) {
			return false
		}
		for _, s1 := range segments(p1.P, p1.Closed) {
			for _, s2 := range segments(p2.P, p2.Closed) {
				if _, ok := lsegInterptLseg(s1, s2); ok {
					return true
				}
			}
		}
		return false
	})
}

// lsegInsidePoly is lseg_inside_poly: whether the segment a-b lies inside
// poly, checking the polygon's edges from start on; a segment crossing an
// edge is split there and both halves are checked.
func lsegInsidePoly(a, b pt, poly *types.Geo, start int) bool {
	t := seg(a, b)
	prev := start - 1
	if start == 0 {
		prev = len(poly.P) - 1
	}
	s := seg(poly.P[prev], pt{})
	res, intersection := true, false
	for i := start; i < len(poly.P) && res; i++ {
		s = seg(s.P[0], poly.P[i])
		switch {
		case lsegContains(s, t.P[0]):
			if lsegContains(s, t.P[1]) {
				return true
			}
			res = touchedLsegInsidePoly(t.P[0], t.P[1], s, poly, i+1)
		case lsegContains(s, t.P[1]):
			res = touchedLsegInsidePoly(t.P[1], t.P[0], s, poly, i+1)
		default:
			if ip, ok := lsegInterptLseg(t, s); ok {
				intersection = true
				res = lsegInsidePoly(t.P[0], ip, poly, i+1)
				if res {
					res = lsegInsidePoly(t.P[1], ip, poly, i+1)
				}
			}
		}
		s = seg(s.P[1], pt{})
	}
	if res && !intersection {
		mid := pt{X: fdiv(fpl(t.P[0].X, t.P[1].X), 2), Y: fdiv(fpl(t.P[0].Y, t.P[1].Y), 2)}
		res = pointInside(mid, poly.P) != 0
	}
	return res
}

// touchedLsegInsidePoly is touched_lseg_inside_poly: a lies on the edge
// s, b does not. Where the segment a-b runs along s, only its part beyond
// s needs checking; otherwise the caller's midpoint test decides.
func touchedLsegInsidePoly(a, b pt, s *types.Geo, poly *types.Geo, start int) bool {
	t := seg(a, b)
	switch {
	case types.PointEq(a, s.P[0]):
		if lsegContains(t, s.P[1]) {
			return lsegInsidePoly(b, s.P[1], poly, start)
		}
	case types.PointEq(a, s.P[1]):
		if lsegContains(t, s.P[0]) {
			return lsegInsidePoly(b, s.P[0], poly, start)
		}
	case lsegContains(t, s.P[0]):
		return lsegInsidePoly(b, s.P[0], poly, start)
	case lsegContains(t, s.P[1]):
		return lsegInsidePoly(b, s.P[1], poly, start)
	}
	return true
}

// polyContainsPoly is poly_contain_poly.
func polyContainsPoly(outer, inner *types.Geo) bool {
	if !boxContains(boundOf(outer), boundOf(inner)) {
		return false
	}
	for _, s := range segments(inner.P, true) {
		if !lsegInsidePoly(s.P[0], s.P[1], outer, 0) {
			return false
		}
	}
	return true
}

func init() {
	regGeoBool("poly_contain", polyContainsPoly)
	regGeoBool("poly_contained", func(a, b *types.Geo) bool { return polyContainsPoly(b, a) })
}
