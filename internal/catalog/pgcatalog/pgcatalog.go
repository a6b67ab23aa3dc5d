package pgcatalog

import (
	"fmt"

	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/sql/types"
)

//go:generate go run ./gen

// Column is one column of a virtual relation.
type Column struct {
	Name    string
	TypeOid types.Oid
	Typmod  int32
	NotNull bool
}

// Type returns the column's type. Types tusk does not know (pg_lsn,
// pg_ndistinct, ...) read as text.
func (c Column) Type() *types.T {
	t := types.ByOid(c.TypeOid)
	if t == nil {
		return types.Text
	}
	return t.WithTypmod(c.Typmod)
}

// Relation is a table or view of pg_catalog or information_schema. It is
// immutable and shared by all sessions.
type Relation struct {
	Oid     types.Oid
	Schema  string
	Name    string
	Kind    byte // 'r' catalog table, 'v' system view
	Columns []Column

	gen   func(*Source, *rowSet)
	index map[string]int
}

// SchemaOid returns the OID of the relation's schema.
func (r *Relation) SchemaOid() types.Oid {
	if r.Schema == "information_schema" {
		return catalog.OidInformationSchema
	}
	return catalog.OidPgCatalog
}

// byName and byOid index the relations; package-level variables are
// initialized before any init function registers a generator.
var byName, byOid = indexRelations()

func indexRelations() (map[string]*Relation, map[types.Oid]*Relation) {
	names := map[string]*Relation{}
	oids := map[types.Oid]*Relation{}
	for _, r := range relations {
		r.index = make(map[string]int, len(r.Columns))
		for i, c := range r.Columns {
			r.index[c.Name] = i
		}
		names[r.Schema+"."+r.Name] = r
		oids[r.Oid] = r
	}
	return names, oids
}

func registerGen(name string, gen func(*Source, *rowSet)) {
	r := byName[name]
	if r == nil {
		panic("pgcatalog: no relation " + name)
	}
	r.gen = gen
}

// Lookup returns the relation schema.name ("pg_catalog" or
// "information_schema"), nil when there is none.
func Lookup(schema, name string) *Relation { return byName[schema+"."+name] }

// ByOid returns the relation with the given OID, nil when there is none.
func ByOid(o types.Oid) *Relation { return byOid[o] }

// All returns every relation, pg_catalog's first, each schema's by name.
func All() []*Relation { return relations }

// Rows computes the relation's rows as src sees the catalog. The rows are
// new on every call and belong to the caller.
func (r *Relation) Rows(src *Source) (rows []types.Row, err error) {
	if r.gen == nil {
		return nil, nil
	}
	defer func() {
		if p := recover(); p != nil {
			if e, ok := p.(badColumn); ok {
				err = fmt.Errorf("pgcatalog: %s", string(e))
				return
			}
			panic(p)
		}
	}()
	rs := &rowSet{rel: r}
	r.gen(src, rs)
	return rs.rows, nil
}

// rowSet collects a generator's rows.
type rowSet struct {
	rel  *Relation
	rows []types.Row
}

type badColumn string

// row is one row being filled by a generator; unset columns are NULL.
type row struct {
	rel  *Relation
	vals types.Row
}

func (rs *rowSet) add() row {
	r := row{rel: rs.rel, vals: make(types.Row, len(rs.rel.Columns))}
	rs.rows = append(rs.rows, r.vals)
	return r
}

// set assigns column col; a misspelt column name is a programming error.
func (r row) set(col string, d types.Datum) row {
	i, ok := r.rel.index[col]
	if !ok {
		panic(badColumn(fmt.Sprintf("relation %s has no column %s", r.rel.Name, col)))
	}
	r.vals[i] = d
	return r
}

func (r row) oid(col string, o types.Oid) row { return r.set(col, types.NewInt(int64(o))) }
func (r row) str(col, s string) row           { return r.set(col, types.NewString(s)) }
func (r row) b(col string, v bool) row        { return r.set(col, types.NewBool(v)) }
func (r row) i(col string, v int64) row       { return r.set(col, types.NewInt(v)) }
func (r row) f(col string, v float64) row     { return r.set(col, types.NewFloat(v)) }

// ch sets a "char" column; 0 is the empty string, as PostgreSQL shows it.
func (r row) ch(col string, c byte) row {
	if c == 0 {
		return r.str(col, "")
	}
	return r.str(col, string([]byte{c}))
}

// strOrNull sets a text column, NULL when s is empty.
func (r row) strOrNull(col, s string) row {
	if s == "" {
		return r
	}
	return r.str(col, s)
}

func int2s(v []int16) types.Datum {
	ds := make([]types.Datum, len(v))
	for i, x := range v {
		ds[i] = types.NewInt(int64(x))
	}
	return types.NewArray(types.NewArray1(types.Int2, ds))
}

// int2vector and oidvector build the values of int2vector and oidvector
// columns, whose subscripts start at 0.
func int2vector(v []int16) types.Datum {
	ds := make([]types.Datum, len(v))
	for i, x := range v {
		ds[i] = types.NewInt(int64(x))
	}
	return types.NewArray(types.NewVector(types.Int2, ds))
}

func oidvector(v []types.Oid) types.Datum {
	ds := make([]types.Datum, len(v))
	for i, x := range v {
		ds[i] = types.NewInt(int64(x))
	}
	return types.NewArray(types.NewVector(types.ByOid(types.OidOid), ds))
}

func oids(v []types.Oid) types.Datum {
	ds := make([]types.Datum, len(v))
	for i, x := range v {
		ds[i] = types.NewInt(int64(x))
	}
	return types.NewArray(types.NewArray1(types.ByOid(types.OidOid), ds))
}

func texts(v []string) types.Datum {
	ds := make([]types.Datum, len(v))
	for i, x := range v {
		ds[i] = types.NewString(x)
	}
	return types.NewArray(types.NewArray1(types.Text, ds))
}
