package types

import "unsafe"

// MemSize estimates the bytes a datum occupies, for the executor's
// work_mem accounting (sorts and hash tables spill to disk beyond it). It
// counts the Datum itself, its string or bytes, and an estimate of what a
// pointer kind holds; it need not be exact, only proportional.
func (d Datum) MemSize() int {
	n := int(unsafe.Sizeof(d)) + len(d.s)
	switch p := d.p.(type) {
	case nil:
	case []byte:
		n += len(p)
	case *Array:
		n += 64
		for _, e := range p.Elems {
			n += e.MemSize()
		}
	case *RecordVal:
		n += 48
		for _, e := range p.Values {
			n += e.MemSize()
		}
	default:
		// Numerics, intervals, times with zone, jsonb values.
		n += 64
	}
	return n
}

// RowMemSize estimates the bytes a row occupies (see Datum.MemSize).
func RowMemSize(r Row) int {
	n := 24
	for _, d := range r {
		n += d.MemSize()
	}
	return n
}
