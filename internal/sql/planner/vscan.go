package planner

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/plan"
)

// isVirtual reports whether a relation is a system catalog relation,
// computed by the session rather than stored (see plan.VirtualScan).
func isVirtual(t *analyze.Table) bool {
	return t != nil && t.Oid != 0 && t.Oid < plan.FirstNormalOid && !t.IsView
}

// scanVirtual plans a read of a system catalog relation. System catalogs
// cannot be changed or locked row by row.
func (p *planner) scanVirtual(t *analyze.Table, cols []plan.Column, withKey bool) (plan.Node, error) {
	if withKey {
		return nil, systemCatalogError(t)
	}
	for i := range cols {
		cols[i].Table = t.Oid
		cols[i].Attnum = int16(i + 1)
	}
	return &plan.VirtualScan{Rel: t.Oid, Name: t.Name, Cols: cols}, nil
}

// systemCatalogError is PostgreSQL's refusal to change a system catalog
// (for tusk's, which are computed, even with allow_system_table_mods).
func systemCatalogError(t *analyze.Table) error {
	return pgerror.New(pgerror.InsufficientPrivilege, `permission denied: "%s" is a system catalog`, t.Name)
}
