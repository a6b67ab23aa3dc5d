// Package copyfmt reads and writes the data of COPY in PostgreSQL's text
// and CSV formats (and its binary format), and validates COPY's options (PostgreSQL 15's
// commands/copy.c ProcessCopyOptions, copyfromparse.c and copyto.c; the
// formats are described in the manual's COPY page, "File Formats").
//
// It sits beside the executor on the path of a query: the backend parses
// a COPY statement's options with ParseOptions; for COPY FROM it wraps the
// client's CopyData stream in a Reader, whose fields the executor
// converts and inserts (exec.CopyFrom); for COPY TO it formats each
// result row with a Writer. The package knows nothing of tables, types or
// the protocol: fields are bytes, and errors are pgerror values without
// context, which the caller adds (LineContext, ColumnContext), since only
// the caller knows which relation and column a value belongs to.
//
// A Reader streams: it holds one line at a time, so COPY's memory does
// not grow with its input. It reproduces PostgreSQL's quirks that clients
// can observe: the line ending is fixed by the first line and any other
// is an error; in text format "\." ends the data wherever it appears, in
// CSV only alone at the start of a line; a text-format field matches the
// NULL string before backslash escapes are undone, a CSV field only when
// unquoted; line numbers count the header and, in CSV, the newlines
// inside quoted fields; and values and lines shown in error context are
// cut at 100 bytes.
//
// A Writer produces PostgreSQL's bytes exactly: text format escapes
// control characters in C notation and backslashes the delimiter; CSV
// quotes a value when it holds the delimiter, the quote or a line break,
// when it equals the NULL string, when FORCE_QUOTE says so, or when it is
// a lone "\." in a one-column COPY.
//
// Binary format is read and written too (binary.go): the fields are then
// the types' binary representations, which the caller converts, and
// errors name the row and column but never show the data.
package copyfmt
