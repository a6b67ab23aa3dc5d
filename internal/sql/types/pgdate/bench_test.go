package pgdate_test

import (
	"testing"

	"github.com/tuskdb/tusk/internal/sql/types/pgdate"
)

func BenchmarkParseTimestamp(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := pgdate.ParseTimestamp("2021-06-15 12:34:56.789012", -1, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseTimestampTZZone(b *testing.B) {
	loc, _ := pgdate.LoadLocation("America/New_York")
	s := &pgdate.Session{Location: loc}
	for i := 0; i < b.N; i++ {
		if _, err := pgdate.ParseTimestampTZ("2021-06-15 12:34:56.789012", -1, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDate(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := pgdate.ParseDate("2021-06-15", nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseInterval(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := pgdate.ParseInterval("1 year 2 mons 3 days 04:05:06.789", -1, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFormatTimestamp(b *testing.B) {
	ts, _ := pgdate.ParseTimestamp("2021-06-15 12:34:56.789012", -1, nil)
	buf := make([]byte, 0, 64)
	for i := 0; i < b.N; i++ {
		buf = pgdate.AppendTimestamp(buf[:0], ts, nil)
	}
}

func BenchmarkFormatTimestampTZZone(b *testing.B) {
	loc, _ := pgdate.LoadLocation("America/New_York")
	s := &pgdate.Session{Location: loc}
	ts, _ := pgdate.ParseTimestampTZ("2021-06-15 12:34:56.789012", -1, s)
	buf := make([]byte, 0, 64)
	for i := 0; i < b.N; i++ {
		buf = pgdate.AppendTimestampTZ(buf[:0], ts, s)
	}
}

func BenchmarkFormatInterval(b *testing.B) {
	iv, _ := pgdate.ParseInterval("1 year 2 mons 3 days 04:05:06.789", -1, nil)
	buf := make([]byte, 0, 64)
	for i := 0; i < b.N; i++ {
		buf = pgdate.AppendInterval(buf[:0], iv, nil)
	}
}
