// Package types is tusk's type system: type descriptors with PostgreSQL's
// OIDs and categories, typed values (Datum), their text and binary wire
// formats, comparison and hashing, and casts.
//
// Every stage of the path of a query speaks in these terms: the analyzer
// types expressions with *T, the executor computes with Datum, storage
// encodes Datum, and the backend writes Datum in the client's format.
//
// A Datum is a small struct, not an interface, so rows ([]Datum) hold
// values without boxing. Its Kind says which field holds the value; the SQL
// type travels separately (a column's or an expression's *T).
//
// The built-in type table (pgtype_gen.go) and cast table (pgcast_gen.go)
// are generated from PostgreSQL 15's pg_type and pg_cast, so OIDs,
// categories, preferred types and cast contexts are PostgreSQL's own. The
// large date/time and JSON codecs live in the subpackages pgdate and jsonb
// and are installed here through the DateTime, JSON_, DateTimeCaster and
// JSONCaster hooks, which keeps this package a leaf. Package builtins
// installs them in its init (with the optional DateTimeBinary and
// JSONHashKeyer extensions), so every program that runs SQL has them.
//
// User-defined enum types (usertypes.go) are Ts with an Enum: their
// values are their labels, in the string family, ordered by the labels'
// sort positions. Domains are Ts with a Domain: their values are their
// base type's, and this package converts, compares, encodes and prints
// them as the base type; the analyzer's coercion to a domain checks its
// constraints at run time. Composite types are record Ts with Fields and
// typtype 'c': a record converts to one field by field, and one converts
// to record as it is. The catalog registers all three kinds by OID, so
// ByOid finds them as it finds the built-in types.
//
// Range and multirange types (range.go) are Ts with a Range, shared by a
// range type and its multirange type, naming the subtype. Their values
// (RangeVal, MultirangeVal) are kept in PostgreSQL's normal form (discrete
// ranges as [lower,upper), multiranges sorted and merged), so equality is
// structural; the built-in ones come from pg_range (pgrange_gen.go), user
// ones (CREATE TYPE ... AS RANGE) are registered by the catalog.
//
// The geometric types (point, lseg, line, box, path, polygon, circle;
// geo.go) hold a *Geo in their own family, FamGeo. Their text forms are
// geo_ops.c's, their binary forms its send and receive functions', and
// rows store that binary form; they have no btree operator class, so they
// are neither keys nor sortable (see storage.Keyable and the analyzer's
// checkSortGroup). Package builtins computes their operators and
// functions.
//
// inet, cidr, macaddr, macaddr8, bit, bit varying, tid, xml and tsvector
// (textkept.go) keep their values as strings in the canonical text their
// output functions print, in the string family, so storage, hashing and
// output need nothing of their own. Input normalises and validates them,
// casts among them follow pg_cast, and the ones whose text does not sort
// as their values do (inet, cidr, tid, tsvector) compare and build btree
// keys through SortKey. Rows store their binary send formats
// (netbinary.go, bits.go, tsvector.go).
//
// This package mirrors PostgreSQL's utils/adt (the typinput, typoutput,
// typreceive and typsend functions) and parser/parse_coerce.c's
// find_coercion_pathway.
package types
