package copyfmt

import (
	"encoding/binary"
)

// This file reads and writes COPY's binary format (the manual's COPY
// page, "Binary Format"; copyfromparse.c ReceiveCopyBinaryHeader and
// CopyReadBinaryAttribute, copyto.c): an 11-byte signature, flags and a
// header extension, then per row a 16-bit field count and per field a
// 32-bit length (-1 for NULL) and the value in its type's binary
// representation, and a field count of -1 at the end.

// binarySignature starts every binary COPY file.
const binarySignature = "PGCOPY\n\377\r\n\x00"

// readFull reads len(p) bytes unless the input ends first, returning how
// many it read.
func (r *Reader) readFull(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if r.pos >= r.end {
			ok, err := r.fill()
			if err != nil {
				return n, err
			}
			if !ok {
				return n, nil
			}
		}
		c := copy(p[n:], r.in[r.pos:r.end])
		r.pos += c
		n += c
	}
	return n, nil
}

// readBinaryHeader reads and checks the file header.
func (r *Reader) readBinaryHeader() error {
	r.errNoContext = true
	var sig [len(binarySignature)]byte
	if n, err := r.readFull(sig[:]); err != nil {
		return err
	} else if n != len(sig) || string(sig[:]) != binarySignature {
		return errBadFormat("COPY file signature not recognized")
	}
	var w [4]byte
	if n, err := r.readFull(w[:]); err != nil {
		return err
	} else if n != 4 {
		return errBadFormat("invalid COPY file header (missing flags)")
	}
	flags := binary.BigEndian.Uint32(w[:])
	if flags&(1<<16) != 0 {
		return errBadFormat("invalid COPY file header (WITH OIDS)")
	}
	// The high 16 bits are critical flags; the low ones may be ignored.
	if flags>>17 != 0 {
		return errBadFormat("unrecognized critical flags in COPY file header")
	}
	if n, err := r.readFull(w[:]); err != nil {
		return err
	} else if n != 4 {
		return errBadFormat("invalid COPY file header (missing length)")
	}
	ext := int32(binary.BigEndian.Uint32(w[:]))
	if ext < 0 {
		return errBadFormat("invalid COPY file header (wrong length)")
	}
	for ext > 0 {
		var skip [256]byte
		k := min(int(ext), len(skip))
		n, err := r.readFull(skip[:k])
		if err != nil {
			return err
		}
		if n != k {
			return errBadFormat("invalid COPY file header (wrong length)")
		}
		ext -= int32(k)
	}
	r.errNoContext = false
	return nil
}

// nextBinary reads the next row of a binary COPY.
func (r *Reader) nextBinary() (bool, error) {
	if !r.headerDone {
		r.headerDone = true
		if err := r.readBinaryHeader(); err != nil {
			return false, err
		}
	}
	r.lineNo++
	r.errField, r.fieldErr = -1, nil
	var w [4]byte
	n, err := r.readFull(w[:2])
	if err != nil {
		return false, err
	}
	if n < 2 {
		// The end of the data without the trailer.
		r.done = true
		return false, nil
	}
	count := int16(binary.BigEndian.Uint16(w[:2]))
	if count == -1 {
		// The trailer must be the last of the data.
		n, err := r.readFull(w[:1])
		if err != nil {
			return false, err
		}
		if n > 0 {
			return false, errBadFormat("received copy data after EOF marker")
		}
		r.done = true
		return false, nil
	}
	if int(count) != len(r.cols) {
		return false, errBadFormat("row field count is %d, expected %d", count, len(r.cols))
	}
	r.attr = r.attr[:0]
	r.fields = r.fields[:0]
	for i := range int(count) {
		f, err := r.readBinaryField()
		if err != nil {
			// PostgreSQL converts each field before it reads the next, so
			// the fields before this one come first; FieldErr reports it.
			r.errField, r.fieldErr = i, err
			return true, nil
		}
		r.fields = append(r.fields, f)
	}
	return true, nil
}

// readBinaryField reads one field of a binary row.
func (r *Reader) readBinaryField() (field, error) {
	var w [4]byte
	n, err := r.readFull(w[:])
	if err != nil {
		return field{}, err
	}
	if n < 4 {
		return field{}, errBadFormat("unexpected EOF in COPY data")
	}
	size := int32(binary.BigEndian.Uint32(w[:]))
	if size == -1 {
		return field{null: true}, nil
	}
	if size < 0 {
		return field{}, errBadFormat("invalid field size")
	}
	start := len(r.attr)
	for left := int(size); left > 0; {
		// Grow as the data arrives, not by the length claimed.
		k := min(left, bufSize)
		at := len(r.attr)
		r.attr = append(r.attr, make([]byte, k)...)
		n, err := r.readFull(r.attr[at:])
		if err != nil {
			return field{}, err
		}
		if n < k {
			return field{}, errBadFormat("unexpected EOF in COPY data")
		}
		left -= k
	}
	return field{start: start, end: len(r.attr)}, nil
}

// FieldErr returns the error that stopped the reading of field i of the
// current row, if any (binary format only). The caller checks it before
// using field i; the row has no fields past it.
func (r *Reader) FieldErr(i int) error {
	if r.fieldErr != nil && i == r.errField {
		return r.fieldErr
	}
	return nil
}
