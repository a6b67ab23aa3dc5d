package plan

import "github.com/tuskdb/tusk/internal/sql/types"

// FirstNormalOid is the first OID of user objects (PostgreSQL's
// FirstNormalObjectId). Relations with smaller OIDs are system catalogs,
// which tusk computes from its own catalog instead of storing.
const FirstNormalOid types.Oid = 16384

// VirtualScan reads the rows of a system catalog relation (pg_catalog,
// information_schema), which the session computes from its view of the
// catalog when the scan starts. Its output is the relation's columns.
type VirtualScan struct {
	Rel  types.Oid
	Name string
	Cols []Column
}

func (n *VirtualScan) Columns() []Column { return n.Cols }
func (*VirtualScan) Children() []Node    { return nil }
