package exec

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// VirtualEnv is implemented by sessions that can compute the rows of
// system catalog relations (plan.VirtualScan).
type VirtualEnv interface {
	// VirtualRows returns the rows of the relation with OID rel, as the
	// session's transaction sees the catalog. The rows belong to the
	// caller.
	VirtualRows(rel types.Oid) ([]types.Row, error)
}

func (c *compiler) virtualScan(n *plan.VirtualScan) (build, error) {
	rel, name := n.Rel, n.Name
	return func(s *State) (operator, error) {
		ve, ok := s.Env.(VirtualEnv)
		if !ok {
			return nil, pgerror.New(pgerror.FeatureNotSupported, `relation "%s" is not available here`, name)
		}
		rows, ok := s.virtual[rel]
		if !ok {
			var err error
			if rows, err = ve.VirtualRows(rel); err != nil {
				return nil, err
			}
			if s.virtual == nil {
				s.virtual = map[types.Oid][]types.Row{}
			}
			s.virtual[rel] = rows
		}
		// Operators do not write into the rows they are handed (a CTE's
		// rows are shared by its references the same way).
		return &rowsOp{rows: rows}, nil
	}, nil
}
