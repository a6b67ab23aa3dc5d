package analyze

import (
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// FuncCatalog is implemented by catalogs that hold user-defined functions.
type FuncCatalog interface {
	// LookupFuncs returns the user-defined functions (not procedures) a
	// call of name finds: those of the named schema, or of the schemas of
	// the search path when schema is "", earlier schemas first.
	LookupFuncs(schema, name string) []*builtins.Func
}

func (a *Analyzer) userFuncs(schema, name string) []*builtins.Func {
	fc, ok := a.cat.(FuncCatalog)
	if !ok || schema == "pg_catalog" {
		return nil
	}
	return fc.LookupFuncs(schema, name)
}

// withUserCandidates adds user functions' candidates to the built-in
// ones. A user function with the same argument types as an earlier
// candidate is hidden by it (pg_catalog comes first on the search path,
// and earlier schemas before later ones).
func withUserCandidates(cands, user []*candidate) []*candidate {
	for _, u := range user {
		hidden := false
		for _, c := range cands {
			if sameTypes(c.args, u.args) {
				hidden = true
				break
			}
		}
		if !hidden {
			cands = append(cands, u)
		}
	}
	return cands
}

func sameTypes(a, b []*types.T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Oid != b[i].Oid {
			return false
		}
	}
	return true
}
