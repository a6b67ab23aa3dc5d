package jsonb_test

import (
	"testing"

	"github.com/tuskdb/tusk/internal/sql/types/jsonb"
)

const benchDoc = `{"id": 12345, "name": "Widget \"Pro\"", "tags": ["a", "b", "c"], "price": 19.99,
 "dims": {"w": 10, "h": 20.5, "d": 3}, "active": true, "notes": null, "history": [{"t": 1, "v": "x"}, {"t": 2, "v": "y"}]}`

func BenchmarkParse(b *testing.B) {
	b.SetBytes(int64(len(benchDoc)))
	for i := 0; i < b.N; i++ {
		if _, err := jsonb.Parse(benchDoc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateJSON(b *testing.B) {
	b.SetBytes(int64(len(benchDoc)))
	for i := 0; i < b.N; i++ {
		if err := jsonb.Validate(benchDoc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFormat(b *testing.B) {
	v, _ := jsonb.Parse(benchDoc)
	buf := make([]byte, 0, 512)
	for i := 0; i < b.N; i++ {
		buf = v.Append(buf[:0])
	}
}

func BenchmarkField(b *testing.B) {
	v, _ := jsonb.Parse(benchDoc)
	for i := 0; i < b.N; i++ {
		if v.Field("price") == nil {
			b.Fatal("missing")
		}
	}
}

func BenchmarkFieldText(b *testing.B) {
	v, _ := jsonb.Parse(benchDoc)
	for i := 0; i < b.N; i++ {
		if _, ok := v.FieldText("name"); !ok {
			b.Fatal("missing")
		}
	}
}

func BenchmarkJSONField(b *testing.B) {
	d := jsonb.JSON(benchDoc)
	for i := 0; i < b.N; i++ {
		if _, ok, _ := d.Field("price"); !ok {
			b.Fatal("missing")
		}
	}
}

func BenchmarkContains(b *testing.B) {
	v, _ := jsonb.Parse(benchDoc)
	q, _ := jsonb.Parse(`{"tags": ["b"], "dims": {"w": 10}}`)
	for i := 0; i < b.N; i++ {
		if !jsonb.Contains(v, q) {
			b.Fatal("not contained")
		}
	}
}
