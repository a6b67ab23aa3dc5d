package pgcatalog

import (
	"github.com/tuskdb/tusk/internal/sql/types"
)

// pg_range: the built-in range types (generated from PostgreSQL 15) and
// the database's own (CREATE TYPE ... AS RANGE). Drivers read it to learn
// a range type's subtype (pgx's LoadType) and a multirange's range type.

func init() {
	registerGen("pg_catalog.pg_range", genRange)
}

// defaultBtreeOpclass holds the OIDs of PostgreSQL 15's default btree
// operator classes of the types a range can be over (pg_opclass), for
// pg_range.rngsubopc of user-defined range types.
var defaultBtreeOpclass = map[types.Oid]types.Oid{
	16: 10003, 17: 10006, 18: 10007, 19: 10028, 20: 3124, 21: 1979, 23: 1978, 25: 3126, 26: 1981,
	700: 10012, 701: 3123, 774: 10026, 790: 10047, 829: 10024, 869: 10015, 1042: 10004, 1082: 3122,
	1083: 10038, 1114: 3128, 1184: 3127, 1186: 10022, 1266: 10041, 1560: 10002, 1562: 10043,
	1700: 3125, 2950: 10065, 3220: 10067, 5069: 10053,
}

func genRange(s *Source, rs *rowSet) {
	for _, r := range types.BuiltinRanges() {
		rs.add().oid("rngtypid", r.Type).oid("rngsubtype", r.Subtype).oid("rngmultitypid", r.Multi).
			oid("rngcollation", 0).oid("rngsubopc", r.Opc).oid("rngcanonical", procOid(dash(r.Canonical))).
			oid("rngsubdiff", procOid(dash(r.SubDiff)))
	}
	for _, d := range s.userTypes() {
		if d.Type.Kind != 'r' || d.Type.Range == nil {
			continue
		}
		r := d.Type.Range
		coll := r.Collation
		if coll == 0 {
			coll = typCollation(types.ByOid(r.Subtype))
		}
		diff := r.SubDiff
		if diff != "" {
			if i := lastDot(diff); i >= 0 {
				diff = diff[i+1:]
			}
		}
		rs.add().oid("rngtypid", r.RangeOid).oid("rngsubtype", r.Subtype).oid("rngmultitypid", r.MultiOid).
			oid("rngcollation", coll).oid("rngsubopc", defaultBtreeOpclass[r.Subtype]).
			oid("rngcanonical", 0).oid("rngsubdiff", procOid(diff))
	}
}

func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

func lastDot(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}
