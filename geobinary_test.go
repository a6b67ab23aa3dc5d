package tusk_test

import (
	"testing"

	"github.com/jackc/pgx/v5/pgtype"
)

// geoTypesScenario sends the geometric types as pgx's binary parameters
// (pgx encodes them in binary when it knows the parameter's type) and
// reads them back in binary, pgx's default for them, then stores them in a
// table and reads the rows back; it also checks what binary input
// PostgreSQL refuses.
func geoTypesScenario(t *testing.T, dsn string) []string {
	t.Helper()
	c := connect(t, dsn)
	var out []string
	query := recordQuery(t, c, "%+v", &out)
	v := func(x, y float64) pgtype.Vec2 { return pgtype.Vec2{X: x, Y: y} }
	point := pgtype.Point{P: v(1.5, -2), Valid: true}
	lseg := pgtype.Lseg{P: [2]pgtype.Vec2{v(0, 0), v(3, 4)}, Valid: true}
	line := pgtype.Line{A: 1, B: -1, C: 0.25, Valid: true}
	box := pgtype.Box{P: [2]pgtype.Vec2{v(0, 0), v(2, 3)}, Valid: true} // corners swapped on input
	path := pgtype.Path{P: []pgtype.Vec2{v(0, 0), v(1, 1), v(2, 0)}, Closed: false, Valid: true}
	closed := pgtype.Path{P: []pgtype.Vec2{v(0, 0), v(1, 1)}, Closed: true, Valid: true}
	poly := pgtype.Polygon{P: []pgtype.Vec2{v(0, 0), v(4, 0), v(4, 4)}, Valid: true}
	circle := pgtype.Circle{P: v(1, 2), R: 0.5, Valid: true}
	query(`select point(1,2), lseg '[(1,2),(3,4)]', line '{1,2,3}', box '(0,0),(1,1)', path '[(0,0),(1,1)]', path '((0,0),(1,1))', polygon '((0,0),(1,1),(1,0))', circle '<(1,2),3>'`)
	query(`select $1::point, $2::lseg, $3::line, $4::box, $5::path, $6::path, $7::polygon, $8::circle`,
		point, lseg, line, box, path, closed, poly, circle)
	query(`select $1::point <-> point(0,0), area($2::box), npoints($3::polygon), $4::circle @> point(1,2)`, point, box, poly, circle)
	query(`create temporary table geo (p point, l lseg, ln line, b box, pa path, po polygon, c circle, bs box[])`)
	query(`insert into geo values ($1, $2, $3, $4, $5, $6, $7, $8)`, point, lseg, line, box, path, poly, circle, []pgtype.Box{box, box})
	query(`insert into geo values ($1, $2, $3, $4, $5, $6, $7, $8)`, nil, nil, nil, nil, closed, nil, nil, nil)
	query(`select * from geo`)
	query(`select $1::circle`, pgtype.Circle{P: v(0, 0), R: -1, Valid: true})
	return out
}

// TestGeometricTypesBinary: the geometric types travel in PostgreSQL's
// binary formats both ways, as pgx's codecs use them.
func TestGeometricTypesBinary(t *testing.T) {
	compareScenario(t, geoTypesScenario)
}
