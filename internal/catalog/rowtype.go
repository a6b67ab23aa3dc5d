package catalog

import "github.com/tuskdb/tusk/internal/sql/types"

// A table's row type: in PostgreSQL every table has a composite type of
// the same name (pg_class.reltype), usable wherever a type is, whose
// attributes are the table's columns. tusk gives the row type the
// table's own OID, which no other type can have since types and
// relations take their OIDs from the same counter, so no OID needs
// storing; the row type has no array type. It is registered again each
// time the table's descriptor changes.

// registerRowType makes table d's row type known to types.ByOid.
func registerRowType(d *Desc) {
	if d.Table == nil {
		return
	}
	var fields []types.Field
	for _, c := range d.Table.LiveColumns() {
		ft := types.ByOid(c.TypeOid)
		if ft == nil {
			return
		}
		fields = append(fields, types.Field{Name: c.Name, T: ft.WithTypmod(c.Typmod)})
	}
	t, _ := types.NewComposite(d.Oid, d.Name, 0, fields)
	types.RegisterUserType(t, nil)
}

// RowType returns table d's row type, nil when d is not a table.
func RowType(d *Desc) *types.T {
	if d == nil || d.Kind != KindTable {
		return nil
	}
	return types.ByOid(d.Oid)
}
