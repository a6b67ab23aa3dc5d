package difftest

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Statement is one statement of a .sql file with the directives in force
// for it.
type Statement struct {
	Line    int    // 1-based line of the statement's first token
	SQL     string // the statement's text, without the terminating ';'
	Session string // the named connection it runs on ("main" by default)
	Simple  bool   // run with the simple query protocol
	// Messages: compare error message texts, not only SQLSTATEs.
	Messages bool
	// Ordered: compare rows in order. Set when the statement's top-level
	// query has ORDER BY (or is EXPLAIN), or by an @ordered directive;
	// cleared by @unordered.
	Ordered bool
}

// directive is one "-- @name args" line.
type directive struct {
	offset int
	line   int
	name   string
	arg    string
}

// piece is a statement's span in the file.
type piece struct{ start, end int }

// SplitFile splits a .sql file into statements and applies its
// directives. Statements are split with PostgreSQL's grammar
// (pg_query.Parse); when the file does not parse (it holds a statement
// meant to fail), it is split at the ';' tokens of PostgreSQL's lexer, and
// neighbouring pieces are joined again where only together they form a
// statement (CREATE FUNCTION ... BEGIN ATOMIC ...; ...; END).
func SplitFile(name, src string) ([]Statement, error) {
	dirs, err := directives(name, src)
	if err != nil {
		return nil, err
	}
	pieces := splitPieces(src)

	var out []Statement
	session, simple, messages := "main", false, true
	var nextOrdered *bool
	di := 0
	for _, p := range pieces {
		start := skipSpaceAndComments(src, p.start, p.end)
		text := strings.TrimRightFunc(src[start:p.end], isSpace)
		text = strings.TrimSuffix(text, ";")
		if strings.TrimSpace(text) == "" {
			continue
		}
		for di < len(dirs) && dirs[di].offset < start {
			d := dirs[di]
			di++
			switch d.name {
			case "session":
				session = d.arg
			case "protocol":
				simple = d.arg == "simple"
			case "messages":
				messages = d.arg == "on"
			case "ordered", "unordered":
				v := d.name == "ordered"
				nextOrdered = &v
			}
		}
		st := Statement{
			Line: 1 + strings.Count(src[:start], "\n"), SQL: text,
			Session: session, Simple: simple, Messages: messages, Ordered: hasOrderBy(text),
		}
		if nextOrdered != nil {
			st.Ordered = *nextOrdered
			nextOrdered = nil
		}
		out = append(out, st)
	}
	return out, nil
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v'
}

// directives finds the "-- @name args" lines of a file.
func directives(name, src string) ([]directive, error) {
	var out []directive
	off := 0
	for i, line := range strings.SplitAfter(src, "\n") {
		t := strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(t, "--"); ok {
			rest = strings.TrimSpace(rest)
			if strings.HasPrefix(rest, "@") {
				f := strings.Fields(rest[1:])
				d := directive{offset: off, line: i + 1}
				if len(f) > 0 {
					d.name = f[0]
				}
				if len(f) > 1 {
					d.arg = f[1]
				}
				ok := false
				switch d.name {
				case "session":
					ok = len(f) == 2
				case "protocol":
					ok = len(f) == 2 && (d.arg == "simple" || d.arg == "extended")
				case "messages":
					ok = len(f) == 2 && (d.arg == "on" || d.arg == "off")
				case "ordered", "unordered":
					ok = len(f) == 1
				}
				if !ok {
					return nil, fmt.Errorf("%s:%d: bad directive %q (want @session NAME, @protocol simple|extended, @messages on|off, @ordered or @unordered)", name, i+1, t)
				}
				out = append(out, d)
			}
		}
		off += len(line)
	}
	return out, nil
}

// splitPieces returns the spans of the statements of src.
func splitPieces(src string) []piece {
	if res, err := pg_query.Parse(src); err == nil {
		var out []piece
		for _, st := range res.Stmts {
			start := int(st.StmtLocation)
			end := len(src)
			if st.StmtLen > 0 {
				end = start + int(st.StmtLen)
			}
			out = append(out, piece{start, end})
		}
		return out
	}
	sc, err := pg_query.Scan(src)
	if err != nil {
		// The lexer fails too (an unterminated literal): one statement.
		return []piece{{0, len(src)}}
	}
	var raw []piece
	start := 0
	for _, tk := range sc.Tokens {
		if tk.Token == pg_query.Token_ASCII_59 {
			raw = append(raw, piece{start, int(tk.Start)})
			start = int(tk.End)
		}
	}
	raw = append(raw, piece{start, len(src)})
	// Join pieces that parse only together, up to a bound.
	const maxJoin = 32
	var out []piece
	for i := 0; i < len(raw); i++ {
		p := raw[i]
		if !parsesAsOne(src[p.start:p.end]) {
			for j := i + 1; j < len(raw) && j <= i+maxJoin; j++ {
				if parsesAsOne(src[p.start:raw[j].end]) {
					p.end = raw[j].end
					i = j
					break
				}
			}
		}
		out = append(out, p)
	}
	return out
}

func parsesAsOne(sql string) bool {
	res, err := pg_query.Parse(sql)
	return err == nil && len(res.Stmts) == 1
}

// skipSpaceAndComments returns the offset of the first token at or after
// i, skipping white space, -- comments and (nested) /* */ comments.
func skipSpaceAndComments(s string, i, end int) int {
	for i < end {
		switch {
		case isSpace(rune(s[i])):
			i++
		case strings.HasPrefix(s[i:end], "--"):
			j := strings.IndexByte(s[i:end], '\n')
			if j < 0 {
				return end
			}
			i += j + 1
		case strings.HasPrefix(s[i:end], "/*"):
			depth := 0
			for i < end {
				if strings.HasPrefix(s[i:end], "/*") {
					depth++
					i += 2
				} else if strings.HasPrefix(s[i:end], "*/") {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
		default:
			return i
		}
	}
	return end
}

// hasOrderBy reports whether the statement's result has a defined order:
// its top-level query has ORDER BY, or it is EXPLAIN.
func hasOrderBy(sql string) bool {
	res, err := pg_query.Parse(sql)
	if err != nil || len(res.Stmts) != 1 {
		return false
	}
	n := res.Stmts[0].Stmt
	if n.GetExplainStmt() != nil {
		return true
	}
	if s := n.GetSelectStmt(); s != nil {
		return len(s.SortClause) > 0
	}
	return false
}
