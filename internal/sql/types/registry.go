package types

import "strings"

//go:generate go run ./gen

// pgType is one generated pg_type row.
type pgType struct {
	oid       Oid
	name      string
	category  byte
	preferred bool
	length    int16
	byval     bool
	align     byte
	array     Oid
	elem      Oid
	input     string
	output    string
	receive   string
	send      string
	typtype   byte
	delim     byte
}

// pgCast is one generated pg_cast row.
type pgCast struct {
	source, target Oid
	context        byte // 'i' implicit, 'a' assignment, 'e' explicit
	method         byte // 'f' function, 'i' I/O conversion, 'b' binary coercible
	funcOid        Oid
	funcName       string
}

// families maps the types tusk stores and computes with to their Datum
// representation. Other pg_type entries exist for the catalog but have no
// values.
var families = map[Oid]Family{
	OidBool: FamBool, OidInt2: FamInt, OidInt4: FamInt, OidInt8: FamInt, OidOid: FamInt,
	OidRegproc: FamInt, OidRegprocedure: FamInt, OidRegoper: FamInt, OidRegoperator: FamInt,
	OidRegclass: FamInt, OidRegtype: FamInt, OidRegnamespace: FamInt, OidRegrole: FamInt,
	OidRegcollation: FamInt, OidRegconfig: FamInt, OidRegdictionary: FamInt, OidXid: FamInt, OidCid: FamInt, OidXid8: FamInt,
	OidFloat4: FamFloat, OidFloat8: FamFloat, OidNumeric: FamNumeric,
	OidText: FamString, OidVarchar: FamString, OidBPChar: FamString, OidName: FamString, OidChar: FamString,
	OidJSON: FamString, OidUnknown: FamUnknown, OidPgNodeTree: FamString, OidCstring: FamString,
	OidBytea: FamBytes, OidDate: FamDate, OidTime: FamTime, OidTimeTZ: FamTimeTZ,
	OidTimestamp: FamTimestamp, OidTimestampTZ: FamTimestampTZ, OidInterval: FamInterval,
	OidUUID: FamUUID, OidJSONB: FamJSONB, OidVoid: FamVoid, OidRecord: FamRecord,
	OidAny: FamAny, OidAnyElement: FamAny, OidAnyArray: FamAny, OidAnyNonArray: FamAny, OidAnyEnum: FamAny,
	OidAnyRange: FamAny, OidAnyCompatible: FamAny, OidAnyCompArray: FamAny, OidAnyCompNonArr: FamAny,
	OidInt2Vector: FamArray, OidOidVector: FamArray, OidAclItem: FamString,
	OidInet: FamString, OidCidr: FamString, OidMacaddr: FamString, OidMacaddr8: FamString, // textkept.go
	OidBit: FamString, OidVarbit: FamString, OidTid: FamString, OidXML: FamString, OidTSVector: FamString,
	OidPoint: FamGeo, OidLseg: FamGeo, OidPath: FamGeo, OidBox: FamGeo, OidPolygon: FamGeo, OidLine: FamGeo, OidCircle: FamGeo,
}

var widths = map[Oid]int{OidInt2: 16, OidInt4: 32, OidInt8: 64, OidFloat4: 32, OidFloat8: 64, OidOid: 32}

var (
	byOid  map[Oid]*T
	byName map[string]*T
)

// The built-in types tusk computes with.
var (
	Bool, Int2, Int4, Int8, Float4, Float8, Numeric, Text, Varchar, BPChar,
	Name, Char, Bytea, Date, Time, TimeTZ, Timestamp, TimestampTZ, Interval,
	UUID, JSON, JSONB, OidT, Unknown, Void, Record, Regclass, Regtype, Regproc,
	Regprocedure, Regnamespace, Regrole, Regoper, Regoperator, AnyElement,
	AnyArray, AnyNonArray, AnyCompatible, AnyCompatibleArray, Any, Cstring,
	Int2Vector, OidVector, TextArray, Int4Array *T
)

func init() {
	byOid = make(map[Oid]*T, len(pgTypes))
	byName = make(map[string]*T, len(pgTypes))
	for i := range pgTypes {
		r := &pgTypes[i]
		fam, ok := families[r.oid]
		if !ok {
			fam = FamUnknown
			if r.elem != 0 && r.length == -1 && r.category == 'A' {
				fam = FamArray
			}
		}
		t := &T{
			Oid: r.oid, Name: r.name, Family: fam, Category: Category(r.category), Preferred: r.preferred,
			Len: r.length, ByVal: r.byval, Align: r.align, Typmod: -1, ArrayOid: r.array,
			Input: r.input, Output: r.output, Receive: r.receive, Send: r.send, Kind: r.typtype,
			Delim: r.delim, Width: widths[r.oid],
		}
		if t.Oid == OidInt2Vector || t.Oid == OidOidVector {
			t.Family = FamArray
		}
		byOid[t.Oid] = t
		byName[t.Name] = t
	}
	// Link array types to their elements.
	for i := range pgTypes {
		r := &pgTypes[i]
		if r.elem != 0 && (r.category == 'A' || r.oid == OidInt2Vector || r.oid == OidOidVector) {
			t := byOid[r.oid]
			t.Elem = byOid[r.elem]
			t.Family = FamArray
		}
	}
	initRanges()
	get := func(o Oid) *T { return byOid[o] }
	Bool, Int2, Int4, Int8 = get(OidBool), get(OidInt2), get(OidInt4), get(OidInt8)
	Float4, Float8, Numeric = get(OidFloat4), get(OidFloat8), get(OidNumeric)
	Text, Varchar, BPChar, Name, Char = get(OidText), get(OidVarchar), get(OidBPChar), get(OidName), get(OidChar)
	Bytea, Date, Time, TimeTZ = get(OidBytea), get(OidDate), get(OidTime), get(OidTimeTZ)
	Timestamp, TimestampTZ, Interval = get(OidTimestamp), get(OidTimestampTZ), get(OidInterval)
	UUID, JSON, JSONB, OidT = get(OidUUID), get(OidJSON), get(OidJSONB), get(OidOid)
	Unknown, Void, Record, Cstring = get(OidUnknown), get(OidVoid), get(OidRecord), get(OidCstring)
	Regclass, Regtype, Regproc, Regprocedure = get(OidRegclass), get(OidRegtype), get(OidRegproc), get(OidRegprocedure)
	Regnamespace, Regrole, Regoper, Regoperator = get(OidRegnamespace), get(OidRegrole), get(OidRegoper), get(OidRegoperator)
	AnyElement, AnyArray, AnyNonArray, Any = get(OidAnyElement), get(OidAnyArray), get(OidAnyNonArray), get(OidAny)
	AnyCompatible, AnyCompatibleArray = get(OidAnyCompatible), get(OidAnyCompArray)
	Int2Vector, OidVector, TextArray, Int4Array = get(OidInt2Vector), get(OidOidVector), get(OidTextArray), get(OidInt4Array)
	initCasts()
}

// ByOid returns the built-in type with the given OID, or nil.
func ByOid(o Oid) *T {
	if t := byOid[o]; t != nil {
		return t
	}
	if o >= 16384 {
		return userType(o)
	}
	return nil
}

// ByName returns the built-in type with the given pg_type name (for
// example "int4", "_int4", "timestamptz"), or nil.
func ByName(name string) *T { return byName[name] }

// ArrayOf returns the array type whose elements are t, or nil.
func ArrayOf(t *T) *T {
	if t.ArrayOid == 0 {
		return nil
	}
	a := ByOid(t.ArrayOid)
	if t.Typmod != -1 && a != nil {
		return a.WithTypmod(t.Typmod)
	}
	return a
}

// Supported reports whether tusk can hold values of type t.
func (t *T) Supported() bool {
	if t.Family == FamArray {
		return t.Elem != nil && t.Elem.Supported()
	}
	if t.Enum != nil {
		return true
	}
	if t.Domain != nil {
		return t.Domain.Base.Supported()
	}
	if t.Range != nil {
		return t.Range.Sub != nil && t.Range.Sub.Supported()
	}
	if t.Kind == 'c' && t.Family == FamRecord {
		for _, f := range t.Fields {
			if !f.T.Supported() {
				return false
			}
		}
		return true
	}
	_, ok := families[t.Oid]
	return ok && t.Family != FamAny
}

// IsPolymorphic reports whether t is one of the polymorphic pseudo-types.
func (t *T) IsPolymorphic() bool { return t.Family == FamAny }

// IsString reports whether t is in the string category.
func (t *T) IsString() bool { return t.Category == CatString }

// SQLStandardNames maps the SQL-standard and alias type names the grammar
// accepts to pg_type names (PostgreSQL's parser does most of this itself;
// these are the names it leaves for type lookup).
var SQLStandardNames = map[string]string{
	"integer": "int4", "int": "int4", "smallint": "int2", "bigint": "int8", "real": "float4",
	"float": "float8", "double precision": "float8", "boolean": "bool", "decimal": "numeric",
	"character varying": "varchar", "character": "bpchar", "timestamp with time zone": "timestamptz",
	"timestamp without time zone": "timestamp", "time with time zone": "timetz",
	"time without time zone": "time", "serial": "int4", "bigserial": "int8", "smallserial": "int2",
}

// LookupName finds a built-in type by a (possibly aliased) name, as type
// names appear in SQL after the parser's normalisation.
func LookupName(name string) *T {
	n := strings.ToLower(name)
	if t := byName[n]; t != nil {
		return t
	}
	if alias, ok := SQLStandardNames[n]; ok {
		return byName[alias]
	}
	return nil
}
