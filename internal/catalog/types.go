package catalog

import (
	"github.com/tuskdb/tusk/internal/sql/types"
)

// TypeDef describes a user-defined type (CREATE TYPE): for now an enum.
// Its array type has an OID of its own but no descriptor.
type TypeDef struct {
	// Kind is pg_type.typtype: 'e' for an enum.
	Kind     byte `json:"kind"`
	ArrayOid Oid  `json:"array"`
	// Labels are an enum's values, in sort order (pg_enum).
	Labels  []EnumLabel `json:"labels,omitempty"`
	Comment string      `json:"comment,omitempty"`
}

// EnumLabel is one value of an enum type (a pg_enum row).
type EnumLabel struct {
	Oid   Oid     `json:"oid"`
	Label string  `json:"label"`
	Sort  float64 `json:"sort"`
}

// registerType makes a type descriptor's type known to types.ByOid (see
// types.RegisterUserType), when d describes one.
func registerType(d *Desc) {
	if d.Kind != KindType || d.Type == nil || d.Type.Kind != 'e' {
		return
	}
	e := &types.Enum{}
	for _, l := range d.Type.Labels {
		e.Labels = append(e.Labels, l.Label)
		e.Sort = append(e.Sort, l.Sort)
		e.Oids = append(e.Oids, l.Oid)
	}
	types.RegisterUserType(types.NewEnum(d.Oid, d.Name, d.Type.ArrayOid, e))
}
