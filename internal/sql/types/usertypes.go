package types

import (
	"encoding/binary"
	"sync"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// User-defined types (CREATE TYPE ... AS ENUM). Their descriptors live in
// the catalog, which registers a T for each here, by OID, when it loads
// or creates one, so that ByOid finds them wherever a stored OID is
// turned back into a type (columns, casts, RowDescription). OIDs are never
// reused, so the registry is server-wide and never forgets: name lookup
// goes through the catalog and its transactions, only OID lookup comes
// here. A registered T is immutable; ALTER TYPE ... ADD VALUE registers a
// new one under the same OID.

var userTypes sync.Map // Oid -> *T

// RegisterUserType makes a user-defined type (and its array type, when
// it has one) known to ByOid.
func RegisterUserType(t *T, array *T) {
	userTypes.Store(t.Oid, t)
	if array != nil {
		userTypes.Store(array.Oid, array)
	}
}

func userType(o Oid) *T {
	if v, ok := userTypes.Load(o); ok {
		return v.(*T)
	}
	return nil
}

// Enum describes an enum type's labels, in the order of their sort
// positions (pg_enum).
type Enum struct {
	Labels []string
	// Sort holds each label's pg_enum.enumsortorder, and Oids its OID
	// (what stored rows hold, so that renaming a label renames the
	// stored values too).
	Sort []float64
	Oids []Oid
}

// EnumLabelOid returns the OID of a label of enum type t.
func EnumLabelOid(t *T, label string) (Oid, bool) {
	for i, l := range t.Enum.Labels {
		if l == label {
			return t.Enum.Oids[i], true
		}
	}
	return 0, false
}

// EnumLabelOf returns the label of enum type t with the given OID.
func EnumLabelOf(t *T, o Oid) (string, bool) {
	for i, lo := range t.Enum.Oids {
		if lo == o {
			return t.Enum.Labels[i], true
		}
	}
	return "", false
}

// position returns a label's sort order.
func (e *Enum) position(label string) (float64, bool) {
	for i, l := range e.Labels {
		if l == label {
			return e.Sort[i], true
		}
	}
	return 0, false
}

// EnumSortKey returns the sort order of an enum value, for index keys.
func EnumSortKey(t *T, label string) float64 {
	p, _ := t.Enum.position(label)
	return p
}

// NewEnum returns the T of an enum type and of its array type.
func NewEnum(oid Oid, name string, arrayOid Oid, e *Enum) (*T, *T) {
	t := &T{Oid: oid, Name: name, Family: FamString, Category: CatEnum, Len: 4, ByVal: true, Align: 'i', Typmod: -1,
		ArrayOid: arrayOid, Input: "enum_in", Output: "enum_out", Receive: "enum_recv", Send: "enum_send", Kind: 'e',
		Delim: ',', Enum: e}
	var arr *T
	if arrayOid != 0 {
		arr = &T{Oid: arrayOid, Name: "_" + name, Family: FamArray, Category: CatArray, Len: -1, Align: 'i', Typmod: -1,
			Elem: t, Input: "array_in", Output: "array_out", Receive: "array_recv", Send: "array_send", Kind: 'b', Delim: ','}
	}
	return t, arr
}

// parseEnum checks that s is a label of enum type t (enum_in).
func parseEnum(t *T, s string) (Datum, error) {
	if _, ok := t.Enum.position(s); !ok {
		return Null, pgerror.New(pgerror.InvalidTextRepresentation, `invalid input value for enum %s: "%s"`, t.Name, s)
	}
	return NewString(s), nil
}

// compareEnum orders two labels of enum type t by their sort positions.
func compareEnum(t *T, a, b string) int {
	x, _ := t.Enum.position(a)
	y, _ := t.Enum.position(b)
	return compareFloat(x, y)
}

// Domain describes a domain type (CREATE DOMAIN): a base type with
// constraints that values coerced to the domain must satisfy. A domain's
// values are its base type's; clients see the base type in result
// descriptions, as PostgreSQL's getBaseType arranges.
type Domain struct {
	// Base is the base type, with its typmod.
	Base    *T
	NotNull bool
	// Checks are the CHECK constraints, over the parameter $1 standing
	// for VALUE.
	Checks []DomainCheck
}

// DomainCheck is one CHECK constraint of a domain.
type DomainCheck struct {
	Name string
	// Expr is the condition as SQL over $1, the value checked.
	Expr string
}

// NewDomain returns the T of a domain type and of its array type.
func NewDomain(oid Oid, name string, arrayOid Oid, d *Domain) (*T, *T) {
	t := *d.Base
	t.Oid, t.Name, t.Kind, t.Typmod, t.ArrayOid, t.Domain = oid, name, 'd', -1, arrayOid, d
	t.Preferred = false
	t.Input, t.Receive = "domain_in", "domain_recv"
	var arr *T
	if arrayOid != 0 {
		arr = &T{Oid: arrayOid, Name: "_" + name, Family: FamArray, Category: CatArray, Len: -1, Align: t.Align, Typmod: -1,
			Elem: &t, Input: "array_in", Output: "array_out", Receive: "array_recv", Send: "array_send", Kind: 'b', Delim: ','}
	}
	return &t, arr
}

// BaseType returns the type a domain is over (through domains over
// domains), or t itself for other types (getBaseType).
func BaseType(t *T) *T {
	for t != nil && t.Domain != nil {
		t = t.Domain.Base
	}
	return t
}

// NewComposite returns the T of a composite type (CREATE TYPE ... AS
// (...)) with the given fields, and of its array type. Its values are
// records.
func NewComposite(oid Oid, name string, arrayOid Oid, fields []Field) (*T, *T) {
	t := &T{Oid: oid, Name: name, Family: FamRecord, Category: CatComposite, Len: -1, Align: 'd', Typmod: -1,
		ArrayOid: arrayOid, Input: "record_in", Output: "record_out", Receive: "record_recv", Send: "record_send",
		Kind: 'c', Delim: ',', Fields: fields}
	var arr *T
	if arrayOid != 0 {
		arr = &T{Oid: arrayOid, Name: "_" + name, Family: FamArray, Category: CatArray, Len: -1, Align: 'd', Typmod: -1,
			Elem: t, Input: "array_in", Output: "array_out", Receive: "array_recv", Send: "array_send", Kind: 'b', Delim: ','}
	}
	return t, arr
}

// parseComposite reads the text form of a value of composite type t,
// "(a,b,...)" with double quotes and backslashes quoting, an empty field
// being NULL (record_in).
func parseComposite(t *T, s string, c *Ctx) (Datum, error) {
	malformed := func(detail string) error {
		return pgerror.New(pgerror.InvalidTextRepresentation, `malformed record literal: "%s"`, s).WithDetail("%s", detail)
	}
	i := 0
	for i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	if i >= len(s) || s[i] != '(' {
		return Null, malformed("Missing left parenthesis.")
	}
	i++
	r := &RecordVal{}
	for fi, f := range t.Fields {
		if fi > 0 {
			if i >= len(s) || s[i] != ',' {
				return Null, malformed("Too few columns.")
			}
			i++
		}
		var buf []byte
		quoted, null := false, true
		for i < len(s) && s[i] != ',' && s[i] != ')' || quoted && i < len(s) {
			ch := s[i]
			null = false
			switch {
			case ch == '\\' && i+1 < len(s):
				buf = append(buf, s[i+1])
				i += 2
				continue
			case ch == '"' && quoted && i+1 < len(s) && s[i+1] == '"':
				buf = append(buf, '"')
				i += 2
				continue
			case ch == '"':
				quoted = !quoted
			default:
				buf = append(buf, ch)
			}
			i++
		}
		if quoted {
			return Null, malformed("Unexpected end of input.")
		}
		r.Types = append(r.Types, f.T)
		if null {
			r.Values = append(r.Values, Null)
			continue
		}
		v, err := Parse(f.T, string(buf), c)
		if err != nil {
			return Null, err
		}
		r.Values = append(r.Values, v)
	}
	if i >= len(s) || s[i] != ')' {
		if i < len(s) && s[i] == ',' {
			return Null, malformed("Too many columns.")
		}
		return Null, malformed("Too few columns.")
	}
	i++
	for i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	if i < len(s) {
		return Null, malformed("Junk after right parenthesis.")
	}
	return NewRecord(r), nil
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// castToComposite converts a record to composite type dst field by field,
// as an assignment does.
func castToComposite(d Datum, dst *T, explicit bool, c *Ctx) (Datum, error) {
	r := d.Record()
	if len(r.Values) != len(dst.Fields) {
		return Null, pgerror.New(pgerror.CannotCoerce, "cannot cast type record to %s", dst.Name).
			WithDetail("Input has too %s columns.", map[bool]string{true: "few", false: "many"}[len(r.Values) < len(dst.Fields)])
	}
	out := &RecordVal{Types: make([]*T, len(dst.Fields)), Values: make([]Datum, len(dst.Fields))}
	for i, f := range dst.Fields {
		out.Types[i] = f.T
		src := r.Types[i]
		if src.Oid == OidUnknown {
			src = Text
		}
		v, err := Cast(r.Values[i], src, f.T, explicit, c)
		if err != nil {
			return Null, err
		}
		out.Values[i] = v
	}
	return NewRecord(out), nil
}

// parseCompositeBinary reads the binary form of a composite value
// (record_recv): a field count, then per field its type OID and a
// length-prefixed value.
func parseCompositeBinary(t *T, b []byte, c *Ctx) (Datum, error) {
	if len(b) < 4 {
		return Null, insufficientData()
	}
	n := int(binary.BigEndian.Uint32(b))
	b = b[4:]
	if n != len(t.Fields) {
		return Null, pgerror.New(pgerror.DatatypeMismatch, "wrong number of columns: %d, expected %d", n, len(t.Fields))
	}
	r := &RecordVal{Types: make([]*T, n), Values: make([]Datum, n)}
	for i, f := range t.Fields {
		if len(b) < 8 {
			return Null, insufficientData()
		}
		l := int32(binary.BigEndian.Uint32(b[4:]))
		b = b[8:]
		r.Types[i] = f.T
		if l < 0 {
			r.Values[i] = Null
			continue
		}
		if int(l) > len(b) {
			return Null, insufficientData()
		}
		v, err := ParseBinary(f.T, b[:l], c)
		if err != nil {
			return Null, err
		}
		r.Values[i] = v
		b = b[l:]
	}
	return NewRecord(r), nil
}
