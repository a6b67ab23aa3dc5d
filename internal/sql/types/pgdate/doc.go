// Package pgdate implements PostgreSQL's date and time types as pure
// values: date, time, timetz, timestamp, timestamptz and interval, with
// their text input and output, binary wire format, arithmetic and
// functions, behaving exactly as PostgreSQL 15 does, error messages and
// SQLSTATEs included.
//
// # Place in tusk
//
// The type system (internal/sql/types) wraps these values in its Datums
// and calls this package for I/O, casts, comparison and the built-in
// functions. pgdate knows nothing of Datums, catalogs or sessions beyond
// the Session value a caller passes in.
//
// # Representation
//
// Every value is PostgreSQL's own binary representation, so it doubles as
// the wire format:
//
//   - Date: int32 days since 2000-01-01; math.MinInt32 and math.MaxInt32
//     are -infinity and infinity.
//   - Time: int64 microseconds since midnight, 0 to 24:00:00 inclusive.
//   - TimeTZ: a Time and a zone offset in seconds WEST of UTC (PostgreSQL's
//     internal sign convention; +05:30 is stored as -19800).
//   - Timestamp and TimestampTZ: int64 microseconds since 2000-01-01
//     00:00:00 (UTC for TimestampTZ); math.MinInt64 and math.MaxInt64 are
//     -infinity and infinity. Finite values lie in 4714-11-24 BC to
//     294276-12-31 AD.
//   - Interval: microseconds, days and months kept apart.
//
// Years are astronomical internally (year 0 is 1 BC) and printed with BC.
//
// # Session settings
//
// A *Session carries DateStyle (output style and field order),
// IntervalStyle, TimeZone (a *time.Location; LoadLocation resolves a
// setting's text as PostgreSQL does, including POSIX specifications and
// numeric offsets) and the transaction's start time for 'now', 'today',
// age(x) and friends. A nil *Session means PostgreSQL's defaults in UTC.
//
// # Invariants
//
//   - Parse functions either return a value in range or a *pgerror.Error
//     with PostgreSQL's SQLSTATE, message and hint.
//   - Append functions never fail for values in range.
//   - Functions are pure: the same inputs and Session give the same
//     result; the package keeps only caches of loaded zones.
//
// # PostgreSQL sources mirrored
//
//   - utils/adt/datetime.c: ParseDateTime, DecodeDateTime, DecodeTimeOnly,
//     DecodeInterval, DecodeISO8601Interval, EncodeDateTime, EncodeInterval,
//     DetermineTimeZoneOffset (see README.md).
//   - utils/adt/timestamp.c: timestamp and interval arithmetic,
//     timestamp_part/extract, timestamp_trunc, timestamp_age, justify_*,
//     make_timestamp(tz), make_interval, to_timestamp(float8),
//     timestamp_zone and timestamptz_zone.
//   - utils/adt/date.c: date and time arithmetic, extract_date,
//     time_part, timetz_zone, make_date, make_time.
//   - timezone/pgtz.c and localtime.c: zone lookup (pg_tzset) and POSIX
//     TZ specifications (tzparse); the zone data itself is Go's time
//     package reading the IANA database.
//   - share/timezonesets/Default: the time zone abbreviations.
package pgdate
