package copyfmt

import "encoding/binary"

// This file writes COPY TO data: PostgreSQL 15's commands/copyto.c
// (CopyAttributeOutText, CopyAttributeOutCSV and the header line).

// Writer formats rows for COPY TO. It holds no buffer of its own: every
// method appends to the caller's slice. It is not safe for concurrent
// use.
type Writer struct {
	opts *Options
	// forceQuote marks the columns FORCE_QUOTE applies to.
	forceQuote []bool
	ncols      int
}

// NewWriter returns a writer for rows of ncols columns. forceQuote marks
// the columns whose non-NULL values are always quoted (CSV); it may be
// nil.
func NewWriter(opts *Options, ncols int, forceQuote []bool) *Writer {
	return &Writer{opts: opts, forceQuote: forceQuote, ncols: ncols}
}

// AppendHeader appends the header line naming the columns.
func (w *Writer) AppendHeader(dst []byte, names []string) []byte {
	for i, n := range names {
		if i > 0 {
			dst = append(dst, w.opts.Delim)
		}
		if w.opts.Format == CSV {
			dst = w.appendCSV(dst, []byte(n), false)
		} else {
			dst = w.appendText(dst, []byte(n))
		}
	}
	return append(dst, '\n')
}

// Start appends what precedes the rows: the file header in binary
// format, nothing otherwise.
func (w *Writer) Start(dst []byte) []byte {
	if w.opts.Format != Binary {
		return dst
	}
	dst = append(dst, binarySignature...)
	return append(dst, 0, 0, 0, 0, 0, 0, 0, 0) // flags, header extension length
}

// BeginRow starts a row: its field count in binary format.
func (w *Writer) BeginRow(dst []byte) []byte {
	if w.opts.Format != Binary {
		return dst
	}
	return binary.BigEndian.AppendUint16(dst, uint16(w.ncols))
}

// Finish appends what follows the rows: the trailer in binary format.
func (w *Writer) Finish(dst []byte) []byte {
	if w.opts.Format != Binary {
		return dst
	}
	return append(dst, 0xff, 0xff)
}

// AppendValue appends the value v of column col: its text representation
// (preceded by the delimiter unless col is the first column), or in
// binary format its binary representation with its length.
func (w *Writer) AppendValue(dst []byte, col int, v []byte) []byte {
	if w.opts.Format == Binary {
		dst = binary.BigEndian.AppendUint32(dst, uint32(len(v)))
		return append(dst, v...)
	}
	if col > 0 {
		dst = append(dst, w.opts.Delim)
	}
	if w.opts.Format == CSV {
		force := w.opts.ForceQuoteAll || col < len(w.forceQuote) && w.forceQuote[col]
		return w.appendCSV(dst, v, force)
	}
	return w.appendText(dst, v)
}

// AppendNull appends a NULL in column col.
func (w *Writer) AppendNull(dst []byte, col int) []byte {
	if w.opts.Format == Binary {
		return append(dst, 0xff, 0xff, 0xff, 0xff)
	}
	if col > 0 {
		dst = append(dst, w.opts.Delim)
	}
	return append(dst, w.opts.Null...)
}

// EndRow ends a row.
func (w *Writer) EndRow(dst []byte) []byte {
	if w.opts.Format == Binary {
		return dst
	}
	return append(dst, '\n')
}

// appendText appends s with text format's backslash escapes: control
// characters in C notation, and the backslash and the delimiter escaped.
func (w *Writer) appendText(dst []byte, s []byte) []byte {
	delim := w.opts.Delim
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var esc byte
		switch {
		case c < 0x20:
			switch c {
			case '\b':
				esc = 'b'
			case '\f':
				esc = 'f'
			case '\n':
				esc = 'n'
			case '\r':
				esc = 'r'
			case '\t':
				esc = 't'
			case '\v':
				esc = 'v'
			default:
				if c != delim {
					continue
				}
				esc = c
			}
		case c == '\\' || c == delim:
			esc = c
		default:
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = append(dst, '\\', esc)
		start = i + 1
	}
	return append(dst, s[start:]...)
}

// appendCSV appends s as a CSV field, quoted when forced, when it could
// be mistaken for NULL or for the end-of-data marker, or when it holds
// the delimiter, the quote or a line break.
func (w *Writer) appendCSV(dst []byte, s []byte, quote bool) []byte {
	o := w.opts
	if !quote && string(s) == o.Null {
		quote = true
	}
	if !quote {
		if w.ncols == 1 && string(s) == `\.` {
			quote = true
		} else {
			for i := 0; i < len(s); i++ {
				if c := s[i]; c == o.Delim || c == o.Quote || c == '\n' || c == '\r' {
					quote = true
					break
				}
			}
		}
	}
	if !quote {
		return append(dst, s...)
	}
	dst = append(dst, o.Quote)
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == o.Quote || c == o.Escape {
			dst = append(dst, s[start:i]...)
			dst = append(dst, o.Escape)
			start = i
		}
	}
	dst = append(dst, s[start:]...)
	return append(dst, o.Quote)
}
