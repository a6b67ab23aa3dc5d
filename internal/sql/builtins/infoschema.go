package builtins

import (
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Functions of the information_schema schema. PostgreSQL defines them in
// SQL (information_schema.sql); they are not in pg_proc.dat, so the
// generated table does not hold them, and they resolve only when called
// with the schema's name, as they do in PostgreSQL where
// information_schema is not on the search path. Drivers call them
// directly: PostgreSQL's JDBC driver expands index keys with
// information_schema._pg_expandarray in getPrimaryKeys and getIndexInfo.
var infoSchemaFuncs = map[string][]*Func{}

// OidPgExpandarray is information_schema._pg_expandarray's OID in a
// PostgreSQL 15 cluster made by initdb.
const OidPgExpandarray types.Oid = 13375

func init() {
	f := &Func{
		Oid: OidPgExpandarray, Name: "_pg_expandarray", Kind: 'f',
		Args: []*types.T{types.AnyArray}, ArgNames: []string{"", "x", "n"},
		Ret: types.Record, RetSet: true, Strict: true, Volatility: Immutable,
		AllArgs:  []types.Oid{types.OidAnyArray, types.OidAnyElement, types.OidInt4},
		ArgModes: "ioo", Lang: 14, Cost: 1, Rows: 100,
		Src: "select $1[s], s operator(pg_catalog.-) pg_catalog.array_lower($1,1) operator(pg_catalog.+) 1\n" +
			"        from pg_catalog.generate_series(pg_catalog.array_lower($1,1),\n" +
			"                                        pg_catalog.array_upper($1,1),\n" +
			"                                        1) as g(s)",
		SRF: expandArray,
	}
	infoSchemaFuncs[f.Name] = append(infoSchemaFuncs[f.Name], f)
}

// expandArray is _pg_expandarray(anyarray, OUT x anyelement, OUT n int):
// one row per subscript of the array's first dimension, the element and
// its position counted from 1. A subscript of a multi-dimensional array
// with one index is NULL, as $1[s] is in the SQL definition.
func expandArray(env Env, sig *Sig, a []types.Datum) (SetIter, error) {
	arr := a[0].Array()
	n := 0
	if len(arr.Dims) > 0 {
		n = int(arr.Dims[0].Len)
	}
	oneDim := len(arr.Dims) == 1
	i := 0
	row := make(types.Row, 2)
	return funcIter(func() (types.Row, bool, error) {
		if i >= n {
			return nil, false, nil
		}
		row[0] = types.Null
		if oneDim {
			row[0] = arr.Elems[i]
		}
		row[1] = types.NewInt(int64(i + 1))
		i++
		return row, true, nil
	}), nil
}

// SchemaFuncsByName returns the built-in functions of a schema other than
// pg_catalog (only information_schema has any) with the given name.
func SchemaFuncsByName(schema, name string) []*Func {
	if schema != "information_schema" {
		return nil
	}
	return infoSchemaFuncs[name]
}
