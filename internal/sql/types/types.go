package types

import (
	"strconv"
	"strings"
)

// Oid is a PostgreSQL object identifier; type OIDs are PostgreSQL's own
// (catalog/pg_type.dat), because drivers depend on them.
type Oid uint32

// Type OIDs.
const (
	OidBool          Oid = 16
	OidBytea         Oid = 17
	OidChar          Oid = 18
	OidName          Oid = 19
	OidInt8          Oid = 20
	OidInt2          Oid = 21
	OidInt2Vector    Oid = 22
	OidInt4          Oid = 23
	OidRegproc       Oid = 24
	OidText          Oid = 25
	OidOid           Oid = 26
	OidTid           Oid = 27
	OidXid           Oid = 28
	OidCid           Oid = 29
	OidOidVector     Oid = 30
	OidJSON          Oid = 114
	OidPgNodeTree    Oid = 194
	OidFloat4        Oid = 700
	OidFloat8        Oid = 701
	OidUnknown       Oid = 705
	OidBPChar        Oid = 1042
	OidVarchar       Oid = 1043
	OidDate          Oid = 1082
	OidTime          Oid = 1083
	OidTimestamp     Oid = 1114
	OidTimestampTZ   Oid = 1184
	OidInterval      Oid = 1186
	OidTimeTZ        Oid = 1266
	OidNumeric       Oid = 1700
	OidRegprocedure  Oid = 2202
	OidRegoper       Oid = 2203
	OidRegoperator   Oid = 2204
	OidRegclass      Oid = 2205
	OidRegtype       Oid = 2206
	OidRecord        Oid = 2249
	OidCstring       Oid = 2275
	OidAny           Oid = 2276
	OidAnyArray      Oid = 2277
	OidVoid          Oid = 2278
	OidTrigger       Oid = 2279
	OidInternal      Oid = 2281
	OidAnyElement    Oid = 2283
	OidAnyNonArray   Oid = 2776
	OidUUID          Oid = 2950
	OidAnyEnum       Oid = 3500
	OidJSONB         Oid = 3802
	OidAnyRange      Oid = 3831
	OidRegnamespace  Oid = 4089
	OidRegrole       Oid = 4096
	OidRegcollation  Oid = 4191
	OidAnyCompatible Oid = 5077
	OidAnyCompArray  Oid = 5078
	OidAnyCompNonArr Oid = 5079
	OidAclItem       Oid = 1033
	OidInet          Oid = 869
	OidCidr          Oid = 650
	OidMoney         Oid = 790
	OidXML           Oid = 142
	OidXid8          Oid = 5069
	OidPgLsn         Oid = 3220
	OidBit           Oid = 1560
	OidVarbit        Oid = 1562
	OidRegconfig     Oid = 3734
	OidRegdictionary Oid = 3769
	OidTSVector      Oid = 3614
	OidTSQuery       Oid = 3615
	OidPoint         Oid = 600
	OidMacaddr       Oid = 829
	OidMacaddr8      Oid = 774
	OidJSONPath      Oid = 4072
	OidRecordArray   Oid = 2287
	OidCstringArray  Oid = 1263
	OidTextArray     Oid = 1009
	OidInt4Array     Oid = 1007
)

// Family is the physical representation of a type's values in a Datum.
type Family uint8

// The families.
const (
	FamUnknown     Family = iota // unknown-type literals: text
	FamBool                      // i: 0 or 1
	FamInt                       // i: int2, int4, int8, oid and the reg* types
	FamFloat                     // i: float64 bits (float4 values are widened)
	FamNumeric                   // p: *apd.Decimal
	FamString                    // s: text, varchar, bpchar, name, "char", json
	FamBytes                     // s: bytea
	FamDate                      // i: days since 2000-01-01
	FamTime                      // i: microseconds since midnight
	FamTimeTZ                    // p: *TimeTZ
	FamTimestamp                 // i: microseconds since 2000-01-01 00:00
	FamTimestampTZ               // i: microseconds since 2000-01-01 00:00 UTC
	FamInterval                  // p: *Interval
	FamUUID                      // s: 16 bytes
	FamJSONB                     // p: *jsonb.Value
	FamArray                     // p: *Array
	FamRecord                    // p: *Record
	FamVoid                      // no value
	FamAny                       // polymorphic pseudo-types (never a value)
	FamRange                     // p: *RangeVal
	FamMultirange                // p: *MultirangeVal
)

// Category is pg_type.typcategory, used by function and operator
// resolution (PostgreSQL docs, section 10.2).
type Category byte

// The categories.
const (
	CatArray     Category = 'A'
	CatBool      Category = 'B'
	CatComposite Category = 'C'
	CatDateTime  Category = 'D'
	CatEnum      Category = 'E'
	CatGeometric Category = 'G'
	CatNetwork   Category = 'I'
	CatNumeric   Category = 'N'
	CatPseudo    Category = 'P'
	CatRange     Category = 'R'
	CatString    Category = 'S'
	CatTimespan  Category = 'T'
	CatUser      Category = 'U'
	CatBit       Category = 'V'
	CatUnknown   Category = 'X'
	CatInternal  Category = 'Z'
)

// T describes a SQL type: the essentials of its pg_type row and, for a
// column or expression, its type modifier. T values are immutable and
// shared; WithTypmod returns a copy.
type T struct {
	Oid       Oid
	Name      string // pg_type.typname
	Family    Family
	Category  Category
	Preferred bool
	Len       int16 // typlen: fixed size, -1 varlena, -2 cstring
	ByVal     bool
	Align     byte   // typalign
	Typmod    int32  // -1 when none
	Elem      *T     // element type of an array type
	ArrayOid  Oid    // the array type of a base type, 0 if none
	Input     string // typinput, for pg_type and error messages
	Output    string
	Receive   string
	Send      string
	Kind      byte // typtype: b base, p pseudo, c composite, e enum, d domain, r range
	Delim     byte
	// Width is the size of integer and float values in bits.
	Width int
	// Fields are the columns of a record whose shape the analyzer knows,
	// such as the result of a function with OUT parameters (PostgreSQL's
	// "blessed" anonymous record types); nil for other types.
	Fields []Field
	// Enum holds the labels of an enum type (values are their labels);
	// nil for other types.
	Enum *Enum
	// Domain is set for a domain type; its values are its base type's.
	Domain *Domain
	// Range describes a range type's or a multirange type's subtype;
	// nil for other types.
	Range *RangeInfo
}

// Field is one column of a record type.
type Field struct {
	Name string
	T    *T
}

// RecordOf returns the record type with the given columns.
func RecordOf(fields []Field) *T {
	c := *Record
	c.Fields = fields
	return &c
}

// IsArray reports whether t is an array type.
func (t *T) IsArray() bool { return t.Family == FamArray }

// WithTypmod returns t with the given type modifier.
func (t *T) WithTypmod(typmod int32) *T {
	if typmod == t.Typmod {
		return t
	}
	c := *t
	c.Typmod = typmod
	return &c
}

// Base returns t without a type modifier.
func (t *T) Base() *T {
	if t.Typmod == -1 {
		return t
	}
	return ByOid(t.Oid)
}

// Identical reports whether two types are the same type, ignoring typmods.
func (t *T) Identical(u *T) bool { return t.Oid == u.Oid }

func (t *T) String() string { return t.SQLName() }

// SQLName returns the type's name as format_type prints it, with its
// typmod (for example "character varying(10)", "numeric(10,2)",
// "integer[]").
func (t *T) SQLName() string {
	if t.Family == FamArray && t.Elem != nil {
		return t.Elem.WithTypmod(t.Typmod).SQLName() + "[]"
	}
	name, ok := sqlNames[t.Oid]
	if !ok {
		name = t.Name
	}
	switch t.Oid {
	case OidVarchar, OidBPChar:
		if t.Typmod >= 4 {
			return name + "(" + strconv.Itoa(int(t.Typmod-4)) + ")"
		}
		if t.Oid == OidBPChar && t.Typmod == -1 {
			return "bpchar"
		}
	case OidNumeric:
		if t.Typmod >= 4 {
			p, s := NumericTypmodParts(t.Typmod)
			return "numeric(" + strconv.Itoa(p) + "," + strconv.Itoa(s) + ")"
		}
	case OidTimestamp, OidTimestampTZ, OidTime, OidTimeTZ:
		if t.Typmod >= 0 {
			p := "(" + strconv.Itoa(int(t.Typmod)) + ")"
			i := strings.Index(name, " ")
			return name[:i] + p + name[i:]
		}
	case OidInterval:
		if t.Typmod >= 0 {
			return "interval" + IntervalTypmodString(t.Typmod)
		}
	case OidBit, OidVarbit:
		if t.Typmod >= 0 {
			return bitTypmodName(name, t.Typmod)
		}
	}
	return name
}

// NumericTypmodParts splits a numeric typmod into precision and scale.
func NumericTypmodParts(typmod int32) (precision, scale int) {
	v := typmod - 4
	precision = int(v>>16) & 0xffff
	scale = int(int16(v & 0x7ff))
	if v&0x400 != 0 { // negative scales are stored in 11 bits
		scale = int(v&0x7ff) - 0x800
	}
	return precision, scale
}

// NumericTypmod builds a numeric typmod from precision and scale.
func NumericTypmod(precision, scale int) int32 {
	return int32(((precision << 16) | (scale & 0x7ff)) + 4)
}

// IntervalTypmodString renders an interval typmod's field restriction and
// precision (for example " day to second(3)"). IntervalTypmodFormatter is
// installed by the date/time support.
func IntervalTypmodString(typmod int32) string {
	if IntervalTypmodFormatter != nil {
		return IntervalTypmodFormatter(typmod)
	}
	return ""
}

// IntervalTypmodFormatter renders an interval typmod; see
// IntervalTypmodString.
var IntervalTypmodFormatter func(typmod int32) string

var sqlNames = map[Oid]string{
	OidBool: "boolean", OidInt2: "smallint", OidInt4: "integer", OidInt8: "bigint",
	OidFloat4: "real", OidFloat8: "double precision", OidVarchar: "character varying",
	OidBPChar: "character", OidTimestamp: "timestamp without time zone",
	OidTimestampTZ: "timestamp with time zone", OidTime: "time without time zone",
	OidTimeTZ: "time with time zone", OidChar: `"char"`, OidBit: "bit", OidVarbit: "bit varying",
}
