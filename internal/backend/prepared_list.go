package backend

import (
	"sort"

	"github.com/tuskdb/tusk/internal/catalog/pgcatalog"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// countPlan counts an execution of a prepared statement as PostgreSQL's
// plan cache would plan it (choose_custom_plan): a statement without
// parameters always runs a generic plan; one with parameters gets custom
// plans for its first five executions, then the generic plan, which for
// the statements tusk runs PostgreSQL finds no dearer.
func (p *prepared) countPlan() {
	if len(p.paramTypes) == 0 || p.customPlans >= 5 {
		p.genericPlans++
	} else {
		p.customPlans++
	}
}

// preparedList describes the session's named prepared statements for
// pg_prepared_statements, by name; the unnamed statement is not listed.
func (b *Backend) preparedList() []pgcatalog.PreparedStatement {
	var out []pgcatalog.PreparedStatement
	for name, p := range b.stmts {
		if name == "" {
			continue
		}
		params := make([]types.Oid, len(p.paramTypes))
		for i, t := range p.paramTypes {
			params[i] = types.OidText
			if t != nil {
				params[i] = t.Oid
			}
		}
		out = append(out, pgcatalog.PreparedStatement{Name: name, Statement: p.sql, Prepared: p.created, ParamTypes: params,
			FromSQL: p.fromSQL, GenericPlans: p.genericPlans, CustomPlans: p.customPlans})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
