// Package jsonb implements PostgreSQL's json and jsonb types as pure
// values: parsing with PostgreSQL's exact errors, the normalized jsonb
// tree with its output, ordering, equality and hashing, and the
// operators and functions of both types.
//
// # Place in tusk
//
// The type system (internal/sql/types) stores a *Value in its jsonb
// Datums and a JSON (the text) in its json Datums, and calls this package
// for I/O, comparison and the built-in functions. Conversions from other
// SQL types (to_jsonb, json_build_object) take values the caller has
// already converted, through FromString, FromNumeric, FromFloat64,
// FromBool, NullValue, the builders, and their json-text counterparts.
//
// # Representation
//
// A jsonb Value is a tree. Object keys are unique and sorted in
// PostgreSQL's storage order (shorter keys first, then bytewise); for
// duplicate input keys the last one wins. Numbers are apd decimals that
// keep their scale, as PostgreSQL's numeric does ("1.50" stays 1.50).
// Output follows JsonbToCString: {"a": 1, "b": [1, 2]}. A Value is
// immutable once built, and operations that "modify" one return a new
// Value that may share subtrees with the input.
//
// A top-level scalar behaves as PostgreSQL's "raw scalar" (a one-element
// array) where PostgreSQL lets that show: '"a"'::jsonb -> 0 is "a", a raw
// scalar sorts before any non-empty array but after an empty one.
//
// The json type keeps its text verbatim once validated; its operators
// parse it on use and return slices of the original text, and objects
// may keep duplicate keys (lookups take the last one).
//
// # Errors
//
// Errors are *pgerror.Error values with PostgreSQL 15's SQLSTATE, message
// and detail; parse errors carry PostgreSQL's context line
// ("JSON data, line 1: ...") in the Where field.
//
// # Deviations
//
//   - String comparison inside jsonb ordering is bytewise, as under the C
//     collation; PostgreSQL uses the database's default collation.
//   - Hash values are tusk's own (stable within a process), consistent
//     with Equal; PostgreSQL's jsonb_hash values differ.
//   - Nesting depth is limited only by memory; PostgreSQL stops at
//     max_stack_depth.
//
// # PostgreSQL sources mirrored
//
//   - common/jsonapi.c: the lexer, the recursive-descent parser and its
//     error reports.
//   - utils/adt/jsonb.c, jsonb_util.c: jsonb input and output, key order,
//     compareJsonbContainers, JsonbDeepContains.
//   - utils/adt/jsonfuncs.c: ->, ->>, #>, #>>, jsonb_set, jsonb_insert,
//     #-, -, ||, jsonb_strip_nulls, the each/elements/keys functions, and
//     the json-text versions of the same.
//   - utils/adt/jsonb_op.c: ?, ?|, ?&, @>, <@.
//   - utils/adt/json.c: to_json and the json builders.
//   - common/d2s.c, f2s.c (Ryu): float text as float8out/float4out print
//     it, which to_jsonb of floats goes through (FormatFloat8,
//     FormatFloat4).
package jsonb
