package jsonb

import (
	"hash/maphash"
	"math"
	"slices"

	"github.com/cockroachdb/apd/v3"
)

// Kind is the type of a JSON value, in PostgreSQL's jsonb sort order of
// types: Null < String < Number < Bool < Array < Object.
type Kind uint8

// The kinds of JSON values.
const (
	Null Kind = iota
	String
	Number
	Bool
	Array
	Object
)

// String returns the kind's name as jsonb_typeof prints it.
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case String:
		return "string"
	case Number:
		return "number"
	case Bool:
		return "boolean"
	case Array:
		return "array"
	}
	return "object"
}

// Value is a jsonb value: a normalized tree whose objects have unique keys
// sorted as PostgreSQL stores them (shorter keys first, then by bytes).
// A Value is immutable once built; functions that "modify" a Value return
// a new one, which may share subtrees with its input. Values are safe for
// concurrent use.
type Value struct {
	kind  Kind
	b     bool
	str   string
	num   *apd.Decimal
	elems []Value
	pairs []Pair
}

// Pair is one key/value pair of an object.
type Pair struct {
	Key   string
	Value Value
}

// Kind returns v's kind.
func (v *Value) Kind() Kind { return v.kind }

// IsScalar reports whether v is not an array or object.
func (v *Value) IsScalar() bool { return v.kind < Array }

// Bool returns a boolean's value.
func (v *Value) Bool() bool { return v.b }

// Str returns a string's value.
func (v *Value) Str() string { return v.str }

// Num returns a number's value; the caller must not modify it.
func (v *Value) Num() *apd.Decimal { return v.num }

// Len returns the number of elements of an array or pairs of an object.
func (v *Value) Len() int {
	if v.kind == Array {
		return len(v.elems)
	}
	return len(v.pairs)
}

// Elem returns element i of an array.
func (v *Value) Elem(i int) *Value { return &v.elems[i] }

// Pairs returns an object's pairs in storage order; the caller must not
// modify them.
func (v *Value) Pairs() []Pair { return v.pairs }

// NullValue returns JSON null.
func NullValue() *Value { return &Value{kind: Null} }

// FromString returns a JSON string.
func FromString(s string) *Value { return &Value{kind: String, str: s} }

// FromBool returns a JSON boolean.
func FromBool(b bool) *Value { return &Value{kind: Bool, b: b} }

// FromNumeric returns a JSON number; d is copied. NaN and the infinities,
// which JSON cannot represent, become strings as PostgreSQL's to_jsonb
// makes them.
func FromNumeric(d *apd.Decimal) *Value {
	if d.Form != apd.Finite {
		return FromString(numericText(d))
	}
	n := new(apd.Decimal).Set(d)
	if n.IsZero() {
		n.Negative = false
	}
	return &Value{kind: Number, num: n}
}

// FromInt64 returns a JSON number.
func FromInt64(i int64) *Value { return &Value{kind: Number, num: apd.New(i, 0)} }

// FromFloat64 converts a float8 as PostgreSQL's to_jsonb does: the float's
// text form read as a numeric, or a string for NaN and the infinities.
func FromFloat64(f float64) *Value {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return FromString(FormatFloat8(f))
	}
	d, _ := parseNumeric(FormatFloat8(f))
	return &Value{kind: Number, num: d}
}

// FromFloat32 converts a float4 as PostgreSQL's to_jsonb does.
func FromFloat32(f float32) *Value {
	if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
		return FromString(FormatFloat4(f))
	}
	d, _ := parseNumeric(FormatFloat4(f))
	return &Value{kind: Number, num: d}
}

// NewArray returns an array of the given elements (copied).
func NewArray(elems ...*Value) *Value {
	a := &Value{kind: Array, elems: make([]Value, len(elems))}
	for i, e := range elems {
		a.elems[i] = *e
	}
	return a
}

// NewObject returns an object of the given pairs: keys are sorted and, for
// duplicate keys, the last pair wins, as in jsonb_build_object.
func NewObject(pairs ...Pair) *Value {
	ps := append([]Pair(nil), pairs...)
	return &Value{kind: Object, pairs: normalizePairs(ps)}
}

// ObjectBuilder builds an object pair by pair (jsonb_build_object,
// jsonb_object_agg). The zero value is ready to use.
type ObjectBuilder struct{ pairs []Pair }

// Add appends a pair; a later pair with the same key replaces it.
func (b *ObjectBuilder) Add(key string, v *Value) {
	b.pairs = append(b.pairs, Pair{Key: key, Value: *v})
}

// Build returns the object. The builder must not be used afterwards.
func (b *ObjectBuilder) Build() *Value {
	return &Value{kind: Object, pairs: normalizePairs(b.pairs)}
}

// ArrayBuilder builds an array element by element (jsonb_build_array,
// jsonb_agg). The zero value is ready to use.
type ArrayBuilder struct{ elems []Value }

// Add appends an element.
func (b *ArrayBuilder) Add(v *Value) { b.elems = append(b.elems, *v) }

// Build returns the array. The builder must not be used afterwards.
func (b *ArrayBuilder) Build() *Value {
	if b.elems == nil {
		b.elems = []Value{}
	}
	return &Value{kind: Array, elems: b.elems}
}

// keyLess is PostgreSQL's storage order of object keys
// (lengthCompareJsonbStringValue): shorter first, then bytewise.
func keyLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// normalizePairs sorts pairs into storage order and removes duplicate
// keys, keeping the last value given for each (uniqueifyJsonbObject).
func normalizePairs(ps []Pair) []Pair {
	if len(ps) <= 1 {
		if ps == nil {
			return []Pair{}
		}
		return ps
	}
	sorted := true
	for i := 1; i < len(ps); i++ {
		if !keyLess(ps[i-1].Key, ps[i].Key) {
			sorted = false
			break
		}
	}
	if sorted {
		return ps
	}
	slices.SortStableFunc(ps, func(a, b Pair) int {
		switch {
		case keyLess(a.Key, b.Key):
			return -1
		case keyLess(b.Key, a.Key):
			return 1
		}
		return 0
	})
	out := ps[:0]
	for i := 0; i < len(ps); i++ {
		if i+1 < len(ps) && ps[i+1].Key == ps[i].Key {
			continue // a later duplicate wins
		}
		out = append(out, ps[i])
	}
	return out
}

// findKey returns the index of key in an object's pairs, or -1.
func (v *Value) findKey(key string) int {
	ps := v.pairs
	lo, hi := 0, len(ps)
	for lo < hi {
		m := (lo + hi) / 2
		if keyLess(ps[m].Key, key) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(ps) && ps[lo].Key == key {
		return lo
	}
	return -1
}

// Compare orders jsonb values as PostgreSQL's jsonb btree operator class
// does (compareJsonbContainers): values of different kinds by kind,
// Null < String < Number < Bool < Array < Object, except that an empty
// top-level array sorts before any scalar; arrays by length, then element
// by element; objects by number of pairs, then key and value pair by pair
// in storage order; strings bytewise (the C collation); numbers by value.
func Compare(a, b *Value) int {
	return compareTop(a, b)
}

// token is a step of PostgreSQL's jsonb iterator, used to reproduce its
// comparison order exactly.
func compareTop(a, b *Value) int {
	// Top-level scalars are one-element "raw scalar" arrays in
	// PostgreSQL's representation.
	aRaw, bRaw := a.IsScalar(), b.IsScalar()
	if a.kind == Object || b.kind == Object {
		if a.kind == Object && b.kind == Object {
			return compareObjects(a, b)
		}
		if a.kind == Object {
			return 1
		}
		return -1
	}
	// Both are arrays (possibly raw scalars).
	res := 0
	if aRaw != bRaw {
		if aRaw {
			res = -1
		} else {
			res = 1
		}
	}
	na, nb := 1, 1
	if !aRaw {
		na = len(a.elems)
	}
	if !bRaw {
		nb = len(b.elems)
	}
	if na != nb {
		if na > nb {
			res = 1
		} else {
			res = -1
		}
	}
	if res != 0 {
		return res
	}
	if aRaw && bRaw {
		return compareElem(a, b)
	}
	if aRaw || bRaw {
		// A raw scalar and a one-element array: PostgreSQL already decided
		// above (raw scalars sort first).
		return res
	}
	for i := range a.elems {
		if c := compareElem(&a.elems[i], &b.elems[i]); c != 0 {
			return c
		}
	}
	return 0
}

// compareElem compares two values met at the same position inside
// containers.
func compareElem(a, b *Value) int {
	if a.kind != b.kind {
		if a.kind > b.kind {
			return 1
		}
		return -1
	}
	switch a.kind {
	case Null:
		return 0
	case String:
		switch {
		case a.str < b.str:
			return -1
		case a.str > b.str:
			return 1
		}
		return 0
	case Number:
		return a.num.Cmp(b.num)
	case Bool:
		switch {
		case a.b == b.b:
			return 0
		case a.b:
			return 1
		}
		return -1
	case Array:
		if len(a.elems) != len(b.elems) {
			if len(a.elems) > len(b.elems) {
				return 1
			}
			return -1
		}
		for i := range a.elems {
			if c := compareElem(&a.elems[i], &b.elems[i]); c != 0 {
				return c
			}
		}
		return 0
	}
	return compareObjects(a, b)
}

func compareObjects(a, b *Value) int {
	if len(a.pairs) != len(b.pairs) {
		if len(a.pairs) > len(b.pairs) {
			return 1
		}
		return -1
	}
	for i := range a.pairs {
		ka, kb := a.pairs[i].Key, b.pairs[i].Key
		if ka != kb {
			if ka < kb {
				return -1
			}
			return 1
		}
		if c := compareElem(&a.pairs[i].Value, &b.pairs[i].Value); c != 0 {
			return c
		}
	}
	return 0
}

// Equal reports whether Compare(a, b) == 0.
func Equal(a, b *Value) bool { return Compare(a, b) == 0 }

var hashSeed = maphash.MakeSeed()

// Hash returns a hash of v consistent with Equal: numbers that compare
// equal (1, 1.0, 1e0) hash alike. It is stable within a process only.
func Hash(v *Value) uint64 {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	if v.IsScalar() {
		h.WriteByte(0xff) // a raw scalar differs from a one-element array
	}
	hashValue(&h, v)
	return h.Sum64()
}

func hashValue(h *maphash.Hash, v *Value) {
	h.WriteByte(byte(v.kind))
	switch v.kind {
	case String:
		h.WriteString(v.str)
		h.WriteByte(0)
	case Number:
		var r apd.Decimal
		r.Reduce(v.num)
		h.WriteString(r.Text('e'))
		h.WriteByte(0)
	case Bool:
		if v.b {
			h.WriteByte(1)
		} else {
			h.WriteByte(0)
		}
	case Array:
		for i := range v.elems {
			hashValue(h, &v.elems[i])
		}
		h.WriteByte(0xfe)
	case Object:
		for i := range v.pairs {
			h.WriteString(v.pairs[i].Key)
			h.WriteByte(0)
			hashValue(h, &v.pairs[i].Value)
		}
		h.WriteByte(0xfd)
	}
}
