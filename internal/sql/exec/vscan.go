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
		rows, err := ve.VirtualRows(rel)
		if err != nil {
			return nil, err
		}
		return &rowsOp{rows: rows}, nil
	}, nil
}
