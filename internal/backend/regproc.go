package backend

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// regprocIn resolves a regproc literal given by name, as regprocin does: a
// function name, perhaps schema-qualified, that must name exactly one
// function. PostgreSQL's JDBC driver asks typinput =
// 'pg_catalog.array_in'::regproc of every type it does not know yet.
func regprocIn(name string) (types.Oid, error) {
	schema, fn, err := splitQualified(name)
	if err != nil {
		return 0, err
	}
	var funcs []*builtins.Func
	switch schema {
	case "", "pg_catalog":
		funcs = builtins.FuncsByName(fn)
	default:
		funcs = builtins.SchemaFuncsByName(schema, fn)
	}
	switch len(funcs) {
	case 0:
		return 0, pgerror.New(pgerror.UndefinedFunction, `function "%s" does not exist`, name)
	case 1:
		return funcs[0].Oid, nil
	}
	return 0, pgerror.New(pgerror.AmbiguousFunction, `more than one function named "%s"`, name)
}

// regprocOut names a built-in function for regproc output, as regprocout
// does: its name, qualified when its schema is not pg_catalog.
func regprocOut(o types.Oid) (string, bool) {
	if f := builtins.FuncByOid(o); f != nil {
		return quoteIdentifier(f.Name), true
	}
	if o == builtins.OidPgExpandarray {
		return "information_schema._pg_expandarray", true
	}
	return "", false
}
