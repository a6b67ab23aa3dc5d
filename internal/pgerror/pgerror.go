package pgerror

import (
	"context"
	"errors"
	"fmt"
)

// Severity is the severity field of an ErrorResponse or NoticeResponse.
type Severity string

// The severities of PostgreSQL's elog levels, as sent on the wire.
const (
	SeverityError   Severity = "ERROR"
	SeverityFatal   Severity = "FATAL"
	SeverityPanic   Severity = "PANIC"
	SeverityWarning Severity = "WARNING"
	SeverityNotice  Severity = "NOTICE"
	SeverityDebug   Severity = "DEBUG"
	SeverityInfo    Severity = "INFO"
	SeverityLog     Severity = "LOG"
)

// Error is a PostgreSQL error or notice. The zero Severity means ERROR.
//
// Fields mirror the ErrorResponse fields of the frontend/backend protocol
// (PostgreSQL docs, section 55.8 "Error and Notice Message Fields").
type Error struct {
	Severity Severity
	Code     string // SQLSTATE, five characters
	Message  string
	Detail   string
	Hint     string
	// Position is a 1-based character (not byte) offset into the query
	// string, or 0 when there is none.
	Position       int32
	Where          string // context, one line per level
	SchemaName     string
	TableName      string
	ColumnName     string
	DataTypeName   string
	ConstraintName string

	cause error
}

// New returns an ERROR with the given SQLSTATE and message.
func New(code, format string, args ...any) *Error {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &Error{Severity: SeverityError, Code: code, Message: msg}
}

// Wrap returns an ERROR with the given SQLSTATE and message whose cause is
// err; errors.Is and errors.As see through it.
func Wrap(err error, code, format string, args ...any) *Error {
	e := New(code, format, args...)
	e.cause = err
	return e
}

// Error implements error with PostgreSQL's log-line shape: "ERROR: message".
func (e *Error) Error() string {
	sev := e.Severity
	if sev == "" {
		sev = SeverityError
	}
	return string(sev) + ": " + e.Message + " (SQLSTATE " + e.Code + ")"
}

// Unwrap returns the cause given to Wrap, if any.
func (e *Error) Unwrap() error { return e.cause }

// WithDetail sets the detail field and returns e.
func (e *Error) WithDetail(format string, args ...any) *Error {
	e.Detail = sprintf(format, args)
	return e
}

// WithHint sets the hint field and returns e.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = sprintf(format, args)
	return e
}

// WithPosition sets the 1-based error cursor position and returns e.
func (e *Error) WithPosition(pos int32) *Error {
	e.Position = pos
	return e
}

// WithSeverity sets the severity and returns e.
func (e *Error) WithSeverity(s Severity) *Error {
	e.Severity = s
	return e
}

// WithWhere appends a context line and returns e.
func (e *Error) WithWhere(line string) *Error {
	if e.Where == "" {
		e.Where = line
	} else {
		e.Where += "\n" + line
	}
	return e
}

func sprintf(format string, args []any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// Code returns the SQLSTATE of err: its own when err is or wraps an *Error,
// 57014 for a cancelled context, and XX000 otherwise.
func Code(err error) string {
	return Flatten(err).Code
}

// Flatten returns the *Error to report for err. An *Error anywhere in the
// chain is returned as is. A context cancellation becomes 57014
// query_canceled. Anything else is an internal error, XX000, whose message is
// err's text.
func Flatten(err error) *Error {
	if err == nil {
		return nil
	}
	var pe *Error
	if errors.As(err, &pe) {
		if pe.Severity == "" {
			pe.Severity = SeverityError
		}
		return pe
	}
	if errors.Is(err, context.Canceled) {
		return Wrap(err, QueryCanceled, "canceling statement due to user request")
	}
	return Wrap(err, InternalError, "%s", err.Error())
}

// Notice returns a NOTICE-severity message with the given SQLSTATE.
func Notice(code, format string, args ...any) *Error {
	return New(code, format, args...).WithSeverity(SeverityNotice)
}

// Warning returns a WARNING-severity message with the given SQLSTATE.
func Warning(code, format string, args ...any) *Error {
	return New(code, format, args...).WithSeverity(SeverityWarning)
}
