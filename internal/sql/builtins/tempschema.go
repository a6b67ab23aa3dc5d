package builtins

import (
	"github.com/tuskdb/tusk/internal/sql/types"
)

// TempSchemaEnv is implemented by sessions that can have a temporary
// schema (pg_temp_N, where their temporary relations live).
type TempSchemaEnv interface {
	// MyTempSchema returns the OID of the session's temporary schema, 0
	// when it has none.
	MyTempSchema() types.Oid
	// IsOtherTempSchema reports whether a schema is another session's
	// temporary schema.
	IsOtherTempSchema(schema types.Oid) bool
}

func init() {
	// pg_my_temp_schema and pg_is_other_temp_schema (PostgreSQL's
	// catalog/namespace.c).
	register("pg_my_temp_schema", func(env Env, _ *Sig, _ []types.Datum) (types.Datum, error) {
		if te, ok := env.(TempSchemaEnv); ok {
			return types.NewInt(int64(te.MyTempSchema())), nil
		}
		return types.NewInt(0), nil
	})
	register("pg_is_other_temp_schema", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		if te, ok := env.(TempSchemaEnv); ok {
			return types.NewBool(te.IsOtherTempSchema(oidArg(a[0]))), nil
		}
		return types.NewBool(false), nil
	})
}
