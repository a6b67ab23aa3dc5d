package catalog

import (
	"github.com/tuskdb/tusk/internal/sql/types"
)

// TypeDef describes a user-defined type: an enum (CREATE TYPE ... AS
// ENUM), a composite type (CREATE TYPE ... AS (...)) or a domain (CREATE
// DOMAIN). Its array type has an OID of its own
// but no descriptor.
type TypeDef struct {
	// Kind is pg_type.typtype: 'e' for an enum, 'c' for a composite
	// type, 'd' for a domain.
	Kind     byte `json:"kind"`
	ArrayOid Oid  `json:"array"`
	// Labels are an enum's values, in sort order (pg_enum).
	Labels []EnumLabel `json:"labels,omitempty"`
	// BaseOid and BaseTypmod are a domain's base type; NotNull and Checks
	// its constraints.
	BaseOid    Oid           `json:"base,omitempty"`
	BaseTypmod int32         `json:"basetypmod,omitempty"`
	NotNull    bool          `json:"notnull,omitempty"`
	Checks     []DomainCheck `json:"checks,omitempty"`
	// Fields are a composite type's attributes, and RelOid the OID of its
	// pg_class entry (relkind 'c', where pg_attribute lists them).
	Fields  []TypeField `json:"fields,omitempty"`
	RelOid  Oid         `json:"reloid,omitempty"`
	Comment string      `json:"comment,omitempty"`
	// Range describes a range type ('r') and, under the same values, its
	// multirange type ('m'), which has a descriptor of its own.
	Range *RangeDef `json:"range,omitempty"`
}

// RangeDef describes a range type (CREATE TYPE ... AS RANGE): its subtype
// and its multirange type (pg_range).
type RangeDef struct {
	RangeOid      Oid    `json:"range"`
	Subtype       Oid    `json:"subtype"`
	MultiOid      Oid    `json:"multi"`
	MultiArrayOid Oid    `json:"multiarray"`
	RangeArrayOid Oid    `json:"rangearray"`
	RangeName     string `json:"rangename"`
	MultiName     string `json:"multiname"`
	SubDiff       string `json:"subdiff,omitempty"`
	Collation     Oid    `json:"collation,omitempty"`
}

// TypeField is one attribute of a composite type.
type TypeField struct {
	Name    string `json:"name"`
	TypeOid Oid    `json:"type"`
	Typmod  int32  `json:"typmod"`
}

// DomainCheck is a CHECK constraint of a domain.
type DomainCheck struct {
	Oid  Oid    `json:"oid"`
	Name string `json:"name"`
	// Expr is the condition as written, over VALUE (for display); Eval
	// the same over $1 (what is evaluated).
	Expr string `json:"expr"`
	Eval string `json:"eval"`
}

// EnumLabel is one value of an enum type (a pg_enum row).
type EnumLabel struct {
	Oid   Oid     `json:"oid"`
	Label string  `json:"label"`
	Sort  float64 `json:"sort"`
}

// registerType makes a type descriptor's type known to types.ByOid (see
// types.RegisterUserType), when d describes one. A domain's base type
// must be registered first.
func registerType(d *Desc) {
	if d.Kind == KindTable {
		registerRowType(d)
		return
	}
	if d.Kind != KindType || d.Type == nil {
		return
	}
	switch d.Type.Kind {
	case 'e':
		e := &types.Enum{}
		for _, l := range d.Type.Labels {
			e.Labels = append(e.Labels, l.Label)
			e.Sort = append(e.Sort, l.Sort)
			e.Oids = append(e.Oids, l.Oid)
		}
		types.RegisterUserType(types.NewEnum(d.Oid, d.Name, d.Type.ArrayOid, e))
	case 'd':
		base := types.ByOid(d.Type.BaseOid)
		if base == nil {
			return
		}
		dom := &types.Domain{Base: base.WithTypmod(d.Type.BaseTypmod), NotNull: d.Type.NotNull}
		for _, c := range d.Type.Checks {
			dom.Checks = append(dom.Checks, types.DomainCheck{Name: c.Name, Expr: c.Eval})
		}
		types.RegisterUserType(types.NewDomain(d.Oid, d.Name, d.Type.ArrayOid, dom))
	case 'c':
		var fields []types.Field
		for _, f := range d.Type.Fields {
			ft := types.ByOid(f.TypeOid)
			if ft == nil {
				return
			}
			fields = append(fields, types.Field{Name: f.Name, T: ft.WithTypmod(f.Typmod)})
		}
		types.RegisterUserType(types.NewComposite(d.Oid, d.Name, d.Type.ArrayOid, fields))
	case 'r', 'm':
		// The range's descriptor registers both types.
		r := d.Type.Range
		if d.Type.Kind == 'm' || r == nil {
			return
		}
		sub := types.ByOid(r.Subtype)
		if sub == nil {
			return
		}
		info := &types.RangeInfo{Sub: sub, RangeOid: r.RangeOid, MultiOid: r.MultiOid, SubDiff: r.SubDiff}
		rt, rarr, mt, marr := types.NewRangeType(r.RangeOid, r.RangeName, r.RangeArrayOid, r.MultiOid, r.MultiName, r.MultiArrayOid, info)
		types.RegisterUserType(rt, rarr)
		types.RegisterUserType(mt, marr)
	}
}

// dependsOn lists the types a type is built on.
func (d *TypeDef) dependsOn() []Oid {
	switch d.Kind {
	case 'd':
		return []Oid{d.BaseOid}
	case 'c':
		var out []Oid
		for _, f := range d.Fields {
			out = append(out, f.TypeOid)
		}
		return out
	case 'r':
		return []Oid{d.Range.Subtype}
	case 'm':
		return []Oid{d.Range.RangeOid}
	}
	return nil
}

// registerTypes registers the types among descs, each after the types it
// is built on.
func registerTypes(descs map[Oid]*Desc) {
	done := map[Oid]bool{}
	var reg func(d *Desc)
	reg = func(d *Desc) {
		if done[d.Oid] {
			return
		}
		done[d.Oid] = true
		for _, o := range d.Type.dependsOn() {
			if b := descs[o]; b != nil && b.Kind == KindType && b.Type != nil {
				reg(b)
			}
		}
		registerType(d)
	}
	for _, d := range descs {
		if d.Kind == KindType && d.Type != nil {
			reg(d)
		}
	}
	for _, d := range descs {
		if d.Kind == KindTable {
			registerRowType(d)
		}
	}
}
