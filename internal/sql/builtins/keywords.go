package builtins

import (
	"github.com/tuskdb/tusk/internal/sql/keywords"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// pg_get_keywords(): PostgreSQL 15's SQL keywords with their categories;
// JDBC's DatabaseMetaData.getSQLKeywords reads it.
func init() {
	srfImpls["pg_get_keywords"] = func(env Env, sig *Sig, a []types.Datum) (SetIter, error) {
		kws := keywords.Keywords()
		i := 0
		row := make(types.Row, 5)
		return funcIter(func() (types.Row, bool, error) {
			if i >= len(kws) {
				return nil, false, nil
			}
			k := kws[i]
			i++
			row[0] = types.NewString(k.Word)
			row[1] = types.NewString(string(k.Category))
			row[2] = types.NewBool(k.BareLabel)
			row[3] = types.NewString(k.CatDesc)
			row[4] = types.NewString(k.BareDesc)
			return row, true, nil
		}), nil
	}
}
