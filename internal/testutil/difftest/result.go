package difftest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
)

// Column is a result column as the RowDescription describes it.
type Column struct {
	Name string
	Type uint32 // type OID
}

// Value is one field as the server sent it, in text format.
type Value struct {
	Null bool
	Text string
}

// Result is what one statement produced on one server: an error, or
// columns (for statements that return rows), rows and a command tag. Under
// the simple protocol a statement yields one Result per result set; the
// runner compares them all.
type Result struct {
	// Err is set when the statement failed (Code is the SQLSTATE), or when
	// the connection broke or the statement timed out (Code is empty).
	Err     *Error
	HasRows bool // a RowDescription came: Columns and Rows are meaningful
	Columns []Column
	Rows    [][]Value
	Tag     string
}

// Error is a failed statement.
type Error struct {
	Code    string // SQLSTATE; empty for a broken connection or timeout
	Message string
}

// session is one named connection of a file on one server.
type session struct {
	dsn  string
	conn *pgconn.PgConn
}

func (s *session) connect(ctx context.Context) error {
	cfg, err := pgconn.ParseConfig(s.dsn)
	if err != nil {
		return err
	}
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: 2 * time.Second}
	}
	c, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	s.conn = c
	return nil
}

func (s *session) close() {
	if s.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		s.conn.Close(ctx)
		cancel()
		s.conn = nil
	}
}

// run executes one statement; timeouts and broken connections become
// Results with an Error without SQLSTATE, and the next statement
// reconnects.
func (s *session) run(ctx context.Context, st Statement, timeout time.Duration) []Result {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	fail := func(msg string) []Result { return []Result{{Err: &Error{Message: msg}}} }
	if s.conn == nil || s.conn.IsClosed() {
		s.conn = nil
		if err := s.connect(ctx); err != nil {
			return fail("connect: " + oneLine(err.Error()))
		}
	}
	var results []Result
	var err error
	if st.Simple {
		var rs []*pgconn.Result
		rs, err = s.conn.Exec(ctx, st.SQL).ReadAll()
		for _, r := range rs {
			if r.Err == nil {
				results = append(results, fromPgconn(r))
			}
		}
	} else {
		r := s.conn.ExecParams(ctx, st.SQL, nil, nil, nil, nil).Read()
		err = r.Err
		if err == nil {
			results = append(results, fromPgconn(r))
		}
	}
	if err != nil {
		var pe *pgconn.PgError
		switch {
		case ctx.Err() != nil:
			results = append(results, Result{Err: &Error{Message: fmt.Sprintf("timeout: no answer within %v", timeout)}})
		case errors.As(err, &pe):
			results = append(results, Result{Err: &Error{Code: pe.Code, Message: pe.Message}})
		default:
			results = append(results, Result{Err: &Error{Message: "connection: " + oneLine(err.Error())}})
		}
		if s.conn.IsClosed() {
			s.conn = nil
		}
	}
	return results
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func fromPgconn(r *pgconn.Result) Result {
	res := Result{Tag: r.CommandTag.String(), HasRows: r.FieldDescriptions != nil}
	for _, fd := range r.FieldDescriptions {
		res.Columns = append(res.Columns, Column{Name: fd.Name, Type: fd.DataTypeOID})
	}
	for _, row := range r.Rows {
		vals := make([]Value, len(row))
		for i, v := range row {
			if v == nil {
				vals[i] = Value{Null: true}
			} else {
				vals[i] = Value{Text: string(v)}
			}
		}
		res.Rows = append(res.Rows, vals)
	}
	return res
}

// typeNames names common type OIDs in reports and golden files.
var typeNames = map[uint32]string{
	16: "bool", 17: "bytea", 18: "char", 19: "name", 20: "int8", 21: "int2", 23: "int4", 24: "regproc",
	25: "text", 26: "oid", 114: "json", 142: "xml", 600: "point", 650: "cidr", 700: "float4", 701: "float8",
	705: "unknown", 790: "money", 829: "macaddr", 869: "inet", 1000: "_bool", 1005: "_int2", 1007: "_int4",
	1009: "_text", 1015: "_varchar", 1016: "_int8", 1021: "_float4", 1022: "_float8", 1042: "bpchar",
	1043: "varchar", 1082: "date", 1083: "time", 1114: "timestamp", 1184: "timestamptz", 1186: "interval",
	1231: "_numeric", 1266: "timetz", 1560: "bit", 1562: "varbit", 1700: "numeric", 2205: "regclass",
	2206: "regtype", 2249: "record", 2278: "void", 2283: "anyelement", 2950: "uuid", 3802: "jsonb",
	3904: "int4range", 3926: "int8range", 3912: "daterange", 4089: "regnamespace",
}

func typeName(oid uint32) string {
	if n, ok := typeNames[oid]; ok {
		return fmt.Sprintf("%s(%d)", n, oid)
	}
	return strconv.FormatUint(uint64(oid), 10)
}

// renderValue prints a field: NULL bare, text as is unless it could be
// misread (empty, the word NULL, separators, control characters), then
// quoted.
func renderValue(v Value) string {
	if v.Null {
		return "NULL"
	}
	s := v.Text
	if s == "" || s == "NULL" || strings.ContainsAny(s, "|\"\n\r\t\\") || strings.TrimSpace(s) != s {
		return strconv.Quote(s)
	}
	return s
}

func renderRow(row []Value) string {
	parts := make([]string, len(row))
	for i, v := range row {
		parts[i] = renderValue(v)
	}
	return strings.Join(parts, " | ")
}

// render prints results for a report or a golden file, rows capped at
// maxRows (0: all).
func render(rs []Result, maxRows int) string {
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteString("----\n")
		}
		if r.Err != nil {
			if r.Err.Code != "" {
				fmt.Fprintf(&b, "ERROR %s: %s\n", r.Err.Code, r.Err.Message)
			} else {
				fmt.Fprintf(&b, "FAILED: %s\n", r.Err.Message)
			}
			continue
		}
		if r.HasRows {
			cols := make([]string, len(r.Columns))
			for j, c := range r.Columns {
				cols[j] = renderValue(Value{Text: c.Name}) + " " + typeName(c.Type)
			}
			fmt.Fprintf(&b, "columns: %s\n", strings.Join(cols, " | "))
			for j, row := range r.Rows {
				if maxRows > 0 && j >= maxRows {
					fmt.Fprintf(&b, "... %d more rows\n", len(r.Rows)-j)
					break
				}
				b.WriteString(renderRow(row) + "\n")
			}
		}
		fmt.Fprintf(&b, "%s\n", r.Tag)
	}
	return b.String()
}

// compare returns why two servers' results for a statement differ, or ""
// when they agree.
func compare(st Statement, t, o []Result) string {
	if len(t) != len(o) {
		return fmt.Sprintf("target returned %d results, oracle %d", len(t), len(o))
	}
	for i := range t {
		if why := compareOne(st, t[i], o[i]); why != "" {
			if len(t) > 1 {
				why = fmt.Sprintf("result %d: %s", i+1, why)
			}
			return why
		}
	}
	return ""
}

func compareOne(st Statement, t, o Result) string {
	switch {
	case t.Err != nil && o.Err == nil:
		return "target failed, oracle succeeded"
	case t.Err == nil && o.Err != nil:
		return "target succeeded, oracle failed"
	case t.Err != nil:
		if t.Err.Code != o.Err.Code {
			return fmt.Sprintf("SQLSTATE %s, oracle %s", orNone(t.Err.Code), orNone(o.Err.Code))
		}
		if st.Messages && t.Err.Message != o.Err.Message {
			return "error messages differ"
		}
		return ""
	}
	if t.HasRows != o.HasRows {
		return "one returned rows, the other did not"
	}
	if len(t.Columns) != len(o.Columns) {
		return fmt.Sprintf("target returned %d columns, oracle %d", len(t.Columns), len(o.Columns))
	}
	for i := range t.Columns {
		if t.Columns[i].Name != o.Columns[i].Name {
			return fmt.Sprintf("column %d named %q, oracle %q", i+1, t.Columns[i].Name, o.Columns[i].Name)
		}
		// User-defined types get their OIDs (16384 and up) when they are
		// created, which differ between servers: any two such OIDs match.
		userTypes := t.Columns[i].Type >= 16384 && o.Columns[i].Type >= 16384
		if t.Columns[i].Type != o.Columns[i].Type && !userTypes {
			return fmt.Sprintf("column %d (%s) has type %s, oracle %s", i+1, o.Columns[i].Name, typeName(t.Columns[i].Type), typeName(o.Columns[i].Type))
		}
	}
	if why := compareRows(t.Rows, o.Rows, st.Ordered); why != "" {
		return why
	}
	if t.Tag != o.Tag {
		return fmt.Sprintf("command tag %q, oracle %q", t.Tag, o.Tag)
	}
	return ""
}

func orNone(code string) string {
	if code == "" {
		return "none (not a server error)"
	}
	return code
}

func compareRows(t, o [][]Value, ordered bool) string {
	tr, or := make([]string, len(t)), make([]string, len(o))
	for i, r := range t {
		tr[i] = renderRow(r)
	}
	for i, r := range o {
		or[i] = renderRow(r)
	}
	how := "in order (ORDER BY)"
	if !ordered {
		how = "as a multiset"
		sort.Strings(tr)
		sort.Strings(or)
	}
	if len(tr) != len(or) {
		return fmt.Sprintf("target returned %d rows, oracle %d (compared %s)", len(tr), len(or), how)
	}
	for i := range tr {
		if tr[i] != or[i] {
			return fmt.Sprintf("rows differ (compared %s): first difference at row %d", how, i+1)
		}
	}
	return ""
}
