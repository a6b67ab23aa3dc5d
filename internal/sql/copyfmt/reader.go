package copyfmt

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// This file reads COPY FROM data: PostgreSQL 15's commands/copyfromparse.c
// (CopyReadLineText, CopyReadAttributesText, CopyReadAttributesCSV and
// the header handling of NextCopyFromRawFields), as a streaming reader.

// eolType is the line ending the data uses; the first line decides it.
type eolType uint8

const (
	eolUnknown eolType = iota
	eolNL
	eolCR
	eolCRNL
)

// bufSize is the size of the reads from the source.
const bufSize = 64 << 10

// field is one field of the current line: a span of Reader.attr, or NULL.
type field struct {
	start, end int
	null       bool
}

// Reader splits COPY FROM data into lines and fields. It holds one line
// at a time, so memory does not grow with the input. It is not safe for
// concurrent use.
type Reader struct {
	src  io.Reader
	opts *Options
	// cols are the names of the copied columns: the number of fields a
	// line must have, and the names HEADER MATCH checks.
	cols []string
	// forceNotNull and forceNull are per-field FORCE_NOT_NULL and
	// FORCE_NULL flags (CSV only); nil when not given.
	forceNotNull, forceNull []bool

	in       []byte
	pos, end int
	srcEOF   bool
	eol      eolType

	line      []byte
	lineNo    int64
	lineValid bool
	attr      []byte
	fields    []field

	headerDone bool
	done       bool
	// errField is the field whose reading failed (binary format), -1 for
	// none; errNoContext marks an error in the binary file header.
	errField     int
	errNoContext bool
	fieldErr     error
}

// NewReader returns a reader of the data in src, in the format opts
// describe, for a COPY of the columns named cols. Errors reading src are
// returned as they are.
func NewReader(src io.Reader, opts *Options, cols []string) *Reader {
	return &Reader{src: src, opts: opts, cols: cols, in: make([]byte, bufSize), errField: -1}
}

// SetForce sets the FORCE_NOT_NULL and FORCE_NULL flags of the fields by
// position; either may be nil.
func (r *Reader) SetForce(notNull, null []bool) {
	r.forceNotNull, r.forceNull = notNull, null
}

// Binary reports whether the data is in binary format: fields hold
// binary representations.
func (r *Reader) Binary() bool { return r.opts.Format == Binary }

// LineNo returns the number of the current line, counting from 1 (the
// header line included).
func (r *Reader) LineNo() int64 { return r.lineNo }

// NumFields returns the number of fields of the current line.
func (r *Reader) NumFields() int { return len(r.fields) }

// Field returns field i of the current line; null reports a NULL. The
// bytes are valid until the next call to Next.
func (r *Reader) Field(i int) (value []byte, null bool) {
	f := r.fields[i]
	if f.null {
		return nil, true
	}
	return r.attr[f.start:f.end], false
}

// Next reads the next data line and splits it into fields. It returns
// false at the end of the data. Past the end-of-data marker (\.) the
// rest of the input is read and discarded.
func (r *Reader) Next() (bool, error) {
	if r.done {
		return false, nil
	}
	if r.opts.Format == Binary {
		return r.nextBinary()
	}
	if !r.headerDone && r.opts.Header != HeaderNone {
		r.headerDone = true
		r.lineNo++
		eof, err := r.readLine()
		if err != nil {
			return false, err
		}
		if r.opts.Header == HeaderMatch {
			if err := r.split(); err != nil {
				return false, err
			}
			if err := r.matchHeader(); err != nil {
				return false, err
			}
		}
		if eof {
			return false, r.finish()
		}
	}
	r.lineNo++
	eof, err := r.readLine()
	if err != nil {
		return false, err
	}
	if eof {
		if err := r.finish(); err != nil {
			return false, err
		}
		if len(r.line) == 0 {
			return false, nil
		}
	}
	if err := r.split(); err != nil {
		return false, err
	}
	if len(r.cols) > 0 && len(r.fields) > len(r.cols) {
		return false, errBadFormat("extra data after last expected column")
	}
	if r.opts.Format == CSV && (r.forceNotNull != nil || r.forceNull != nil) {
		r.applyForce()
	}
	return true, nil
}

// finish marks the end of the data and drains the source.
func (r *Reader) finish() error {
	r.done = true
	r.pos, r.end = 0, 0
	if r.srcEOF {
		return nil
	}
	_, err := io.Copy(io.Discard, r.src)
	r.srcEOF = true
	return err
}

// matchHeader checks the header line against the column names.
func (r *Reader) matchHeader() error {
	if len(r.fields) != len(r.cols) {
		return errBadFormat("wrong number of fields in header line: got %d, expected %d", len(r.fields), len(r.cols))
	}
	for i, name := range r.cols {
		v, null := r.Field(i)
		if null {
			return errBadFormat(`column name mismatch in header line field %d: got null value ("%s"), expected "%s"`, i+1, r.opts.Null, name)
		}
		// namestrcmp compares at most NAMEDATALEN-1 bytes.
		got := cString(v)
		if truncName(got) != name {
			return errBadFormat(`column name mismatch in header line field %d: got "%s", expected "%s"`, i+1, got, name)
		}
	}
	return nil
}

func truncName(s string) string {
	if len(s) > 63 {
		return s[:63]
	}
	return s
}

// cString returns b up to its first NUL byte, as C code sees it.
func cString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

func (r *Reader) applyForce() {
	for i := range r.fields {
		f := &r.fields[i]
		switch {
		case f.null && i < len(r.forceNotNull) && r.forceNotNull[i]:
			start := len(r.attr)
			r.attr = append(r.attr, r.opts.Null...)
			*f = field{start: start, end: len(r.attr)}
		case !f.null && i < len(r.forceNull) && r.forceNull[i] && string(r.attr[f.start:f.end]) == r.opts.Null:
			f.null = true
		}
	}
}

// fill reads more input, keeping the unread bytes. It returns false at
// the end of the source.
func (r *Reader) fill() (bool, error) {
	if r.srcEOF {
		return false, nil
	}
	if r.pos > 0 {
		n := copy(r.in, r.in[r.pos:r.end])
		r.pos, r.end = 0, n
	}
	if r.end == len(r.in) {
		r.in = append(r.in, make([]byte, len(r.in))...)
	}
	for {
		n, err := r.src.Read(r.in[r.end:])
		r.end += n
		if err == io.EOF {
			r.srcEOF = true
			return n > 0, nil
		}
		if err != nil {
			return false, err
		}
		if n > 0 {
			return true, nil
		}
	}
}

// ensure tries to make n unread bytes available, fewer at the end of the
// source.
func (r *Reader) ensure(n int) error {
	for r.end-r.pos < n {
		ok, err := r.fill()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
	}
	return nil
}

// lookahead returns the unread byte at offset i, or 0 past the end of the
// input (as PostgreSQL's padded input buffer reads).
func (r *Reader) lookahead(i int) byte {
	if r.pos+i < r.end {
		return r.in[r.pos+i]
	}
	return 0
}

// readLine reads the next line into r.line, without its line ending
// (CopyReadLineText). It returns eof=true when the data ended, by the
// end-of-data marker or the end of the source; r.line may then still hold
// a last line without a line ending.
func (r *Reader) readLine() (eof bool, err error) {
	r.line = r.line[:0]
	r.lineValid = false
	csv := r.opts.Format == CSV
	quote, escape := r.opts.Quote, r.opts.Escape
	if escape == quote {
		// The quote character toggles quoting; no escape processing.
		escape = 0
	}
	inQuote, lastWasEsc, first := false, false, true
	for {
		if r.pos >= r.end {
			ok, err := r.fill()
			if err != nil {
				return false, err
			}
			if !ok {
				return true, r.checkLine()
			}
		}
		// Fast path: copy a run of bytes with no special meaning.
		if n := r.plainRun(csv, first); n > 0 {
			r.line = append(r.line, r.in[r.pos:r.pos+n]...)
			r.pos += n
			lastWasEsc = false
			first = false
			continue
		}
		c := r.in[r.pos]
		r.pos++
		if csv {
			if inQuote && c == escape {
				lastWasEsc = !lastWasEsc
			}
			if c == quote && !lastWasEsc {
				inQuote = !inQuote
			}
			if c != escape {
				lastWasEsc = false
			}
			// A newline inside quotes counts as a line, for messages.
			nl := byte('\r')
			if r.eol == eolNL {
				nl = '\n'
			}
			if inQuote && c == nl {
				r.lineNo++
			}
		}
		if c == '\r' && (!csv || !inQuote) {
			if r.eol == eolUnknown || r.eol == eolCRNL {
				if err := r.ensure(1); err != nil {
					return false, err
				}
				if r.lookahead(0) == '\n' {
					r.pos++
					r.eol = eolCRNL
				} else {
					if r.eol == eolCRNL {
						return false, r.eolError(csv, '\r')
					}
					r.eol = eolCR
				}
			} else if r.eol == eolNL {
				return false, r.eolError(csv, '\r')
			}
			return false, r.checkLine()
		}
		if c == '\n' && (!csv || !inQuote) {
			if r.eol == eolCR || r.eol == eolCRNL {
				return false, r.eolError(csv, '\n')
			}
			r.eol = eolNL
			return false, r.checkLine()
		}
		if c == '\\' && (!csv || first) {
			if err := r.ensure(4); err != nil {
				return false, err
			}
			if r.pos >= r.end {
				// A backslash just before the end is data.
				r.line = append(r.line, c)
				return true, r.checkLine()
			}
			if r.lookahead(0) == '.' {
				ok, n, err := r.endMarker(csv)
				if err != nil {
					return false, err
				}
				if ok {
					r.pos += n
					return true, r.checkLine()
				}
				// In CSV, \. followed by more data is data.
			} else if !csv {
				// Any byte after a backslash is part of the field.
				r.line = append(r.line, c, r.in[r.pos])
				r.pos++
				first = false
				continue
			}
		}
		r.line = append(r.line, c)
		first = false
	}
}

// plainRun returns how many unread bytes from r.pos have no special
// meaning to readLine: no line ending, no backslash (in CSV, only at the
// start of a line) and no quote or escape character.
func (r *Reader) plainRun(csv, first bool) int {
	run := r.in[r.pos:r.end]
	if !csv {
		for n, c := range run {
			if c == '\\' || c == '\r' || c == '\n' {
				return n
			}
		}
		return len(run)
	}
	if first {
		return 0
	}
	q, e := r.opts.Quote, r.opts.Escape
	for n, c := range run {
		if c == q || c == e || c == '\r' || c == '\n' || c == 0 {
			return n
		}
	}
	return len(run)
}

// endMarker checks the bytes after a backslash whose next byte is '.':
// whether they end the data, and how many bytes the marker has after the
// backslash. In text format a malformed marker is an error; in CSV it is
// data.
func (r *Reader) endMarker(csv bool) (ok bool, n int, err error) {
	i := 1 // past the '.'
	if r.eol == eolCRNL {
		c := r.lookahead(i)
		i++
		if c == '\n' {
			if !csv {
				return false, 0, errBadFormat("end-of-copy marker does not match previous newline style")
			}
			return false, 0, nil
		}
		if c != '\r' {
			if !csv {
				return false, 0, errBadFormat("end-of-copy marker corrupt")
			}
			return false, 0, nil
		}
	}
	c := r.lookahead(i)
	if r.pos+i < r.end {
		i++
	}
	if c != '\r' && c != '\n' {
		if !csv {
			return false, 0, errBadFormat("end-of-copy marker corrupt")
		}
		return false, 0, nil
	}
	if (r.eol == eolNL && c != '\n') || (r.eol == eolCRNL && c != '\n') || (r.eol == eolCR && c != '\r') {
		return false, 0, errBadFormat("end-of-copy marker does not match previous newline style")
	}
	return true, i, nil
}

func (r *Reader) eolError(csv bool, c byte) error {
	switch {
	case c == '\r' && !csv:
		return errBadFormat("literal carriage return found in data").WithHint(`Use "\r" to represent carriage return.`)
	case c == '\r':
		return errBadFormat("unquoted carriage return found in data").WithHint("Use quoted CSV field to represent carriage return.")
	case !csv:
		return errBadFormat("literal newline found in data").WithHint(`Use "\n" to represent newline.`)
	}
	return errBadFormat("unquoted newline found in data").WithHint("Use quoted CSV field to represent newline.")
}

// checkLine verifies that the line just read is valid UTF-8, as
// PostgreSQL verifies the input before parsing it, and then makes the
// line available to error messages.
func (r *Reader) checkLine() error {
	if e := pgerror.VerifyUTF8(r.line); e != nil {
		return e
	}
	r.lineValid = true
	return nil
}

// split splits the current line into fields.
func (r *Reader) split() error {
	r.attr = r.attr[:0]
	r.fields = r.fields[:0]
	if len(r.cols) == 0 {
		if len(r.line) != 0 {
			return errBadFormat("extra data after last expected column")
		}
		return nil
	}
	if r.opts.Format == CSV {
		return r.splitCSV()
	}
	return r.splitText()
}

// splitText splits a text-format line, undoing its backslash escapes
// (CopyReadAttributesText). A field whose raw text equals the NULL string
// is NULL.
func (r *Reader) splitText() error {
	line, delim := r.line, r.opts.Delim
	null := r.opts.Null
	p := 0
	for {
		start, outStart := p, len(r.attr)
		foundDelim, sawNonASCII := false, false
		end := p
		for {
			end = p
			if p >= len(line) {
				break
			}
			c := line[p]
			p++
			if c == delim {
				foundDelim = true
				break
			}
			if c != '\\' {
				r.attr = append(r.attr, c)
				continue
			}
			if p >= len(line) {
				break
			}
			c = line[p]
			p++
			switch c {
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v := int(c - '0')
				for k := 0; k < 2 && p < len(line) && line[p] >= '0' && line[p] <= '7'; k++ {
					v = v<<3 + int(line[p]-'0')
					p++
				}
				c = byte(v)
				if c == 0 || c >= 0x80 {
					sawNonASCII = true
				}
			case 'x':
				if p < len(line) && isHex(line[p]) {
					v := hexVal(line[p])
					p++
					if p < len(line) && isHex(line[p]) {
						v = v<<4 + hexVal(line[p])
						p++
					}
					c = byte(v)
					if c == 0 || c >= 0x80 {
						sawNonASCII = true
					}
				}
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'v':
				c = '\v'
			}
			r.attr = append(r.attr, c)
		}
		f := field{start: outStart, end: len(r.attr)}
		if string(line[start:end]) == null {
			f = field{null: true}
			r.attr = r.attr[:outStart]
		} else if sawNonASCII {
			if e := pgerror.VerifyUTF8(r.attr[outStart:]); e != nil {
				return e
			}
		}
		r.fields = append(r.fields, f)
		if !foundDelim {
			return nil
		}
	}
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) int {
	switch {
	case c >= 'a':
		return int(c-'a') + 10
	case c >= 'A':
		return int(c-'A') + 10
	}
	return int(c - '0')
}

// splitCSV splits a CSV line (CopyReadAttributesCSV). An unquoted field
// whose text equals the NULL string is NULL.
func (r *Reader) splitCSV() error {
	line := r.line
	delim, quote, escape := r.opts.Delim, r.opts.Quote, r.opts.Escape
	null := r.opts.Null
	p := 0
	for {
		start, outStart := p, len(r.attr)
		foundDelim, sawQuote := false, false
		end := p
	field:
		for {
			// Outside quotes.
			for {
				end = p
				if p >= len(line) {
					break field
				}
				c := line[p]
				p++
				if c == delim {
					foundDelim = true
					break field
				}
				if c == quote {
					sawQuote = true
					break
				}
				r.attr = append(r.attr, c)
			}
			// Inside quotes.
			for {
				if p >= len(line) {
					return errBadFormat("unterminated CSV quoted field")
				}
				c := line[p]
				p++
				if c == escape && p < len(line) && (line[p] == escape || line[p] == quote) {
					r.attr = append(r.attr, line[p])
					p++
					continue
				}
				if c == quote {
					break
				}
				r.attr = append(r.attr, c)
			}
		}
		f := field{start: outStart, end: len(r.attr)}
		if !sawQuote && string(line[start:end]) == null {
			f = field{null: true}
		}
		r.fields = append(r.fields, f)
		if !foundDelim {
			return nil
		}
	}
}

// MaxDisplay is the longest value or line, in bytes, that error context
// shows before cutting it with "..." (MAX_COPY_DATA_DISPLAY).
const MaxDisplay = 100

// display shortens s for an error context line (limit_printout_length).
func display(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	if len(s) <= MaxDisplay {
		return s
	}
	n := MaxDisplay
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// ErrorContext returns the CONTEXT line for an error Next returned, in a
// COPY into relation rel of the columns cols: "" for an error in a binary
// file's header (PostgreSQL reads it before COPY's context exists), the
// column for an error reading a binary field, else the line.
func (r *Reader) ErrorContext(rel string, cols []string) string {
	switch {
	case r.errNoContext:
		return ""
	case r.errField >= 0 && r.errField < len(cols):
		return r.ColumnContext(rel, cols[r.errField], nil, false)
	}
	return r.LineContext(rel)
}

// LineContext returns the CONTEXT line for an error about the current
// line of a COPY into relation rel (CopyFromErrorCallback): the line's
// text is shown once it has been read whole.
func (r *Reader) LineContext(rel string) string {
	if r.lineValid && r.opts.Format != Binary {
		return fmt.Sprintf(`COPY %s, line %d: "%s"`, rel, r.lineNo, display(string(r.line)))
	}
	return fmt.Sprintf("COPY %s, line %d", rel, r.lineNo)
}

// LineNoContext returns the CONTEXT line for an error about line n,
// without its text (an error raised after the line was read, such as a
// unique violation when buffered rows are inserted).
func LineNoContext(rel string, n int64) string {
	return fmt.Sprintf("COPY %s, line %d", rel, n)
}

// ColumnContext returns the CONTEXT line for an error converting the
// value of column col on the current line; null marks a NULL value.
func (r *Reader) ColumnContext(rel, col string, value []byte, null bool) string {
	if r.opts.Format == Binary {
		// Binary values cannot usefully be shown.
		return fmt.Sprintf("COPY %s, line %d, column %s", rel, r.lineNo, col)
	}
	if null {
		return fmt.Sprintf("COPY %s, line %d, column %s: null input", rel, r.lineNo, col)
	}
	return fmt.Sprintf(`COPY %s, line %d, column %s: "%s"`, rel, r.lineNo, col, display(string(value)))
}

// Line returns the raw text of the current line, for tests.
func (r *Reader) Line() string { return string(r.line) }

// LineLen returns the length in bytes of the current line (for binary
// data, of the current row's fields).
func (r *Reader) LineLen() int {
	if r.opts.Format == Binary {
		return len(r.attr)
	}
	return len(r.line)
}
