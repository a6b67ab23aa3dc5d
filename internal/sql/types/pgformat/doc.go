// Package pgformat implements PostgreSQL's number template patterns:
// to_char for numeric, integer, bigint, double precision and real, and
// to_number, with PostgreSQL 15's output, including its corner cases (the
// '#' fill for numbers too wide for the template, FM trimming, trailing
// text cut off where the digits run out) and its errors.
//
// # Place in tusk
//
// The built-in functions call these with values the type system has
// already unpacked: numerics are *apd.Decimal, floats are float64 or
// float32. Date/time templates (to_char of timestamps and intervals,
// to_timestamp, to_date) live in package pgdate, which owns the calendar
// they need.
//
// # Locale
//
// The locale-dependent patterns D, G, L and S use the symbols of the C
// locale, as PostgreSQL does with lc_numeric and lc_monetary set to 'C':
// '.', ',', a blank currency symbol, '+' and '-'.
//
// # Invariants
//
// Parsed templates are cached by their text and shared read-only; every
// function is safe for concurrent use.
//
// # PostgreSQL source mirrored
//
// utils/adt/formatting.c: parse_format with NUM_FLAG, NUMDesc_prepare,
// NUM_processor, NUM_numpart_to_char, NUM_numpart_from_char,
// int_to_roman, numeric_to_char, int4_to_char, int8_to_char,
// float4_to_char, float8_to_char, numeric_to_number; and from
// utils/adt/numeric.c, numeric_out_sci for EEEE. See README.md.
package pgformat
