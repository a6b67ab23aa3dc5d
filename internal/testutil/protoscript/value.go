package protoscript

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// valueKind is the kind of a value in the script notation.
type valueKind int

const (
	vString valueKind = iota // "text" or a bare word
	vNull                    // null
	vList                    // [a, b, ...]
	vRecord                  // {k=v k=v}
	vWild                    // * : anything, including null
	vRest                    // ... : the rest of a list (patterns only)
	vVar                     // $name : bind or compare (patterns), substitute (frontend)
	vRegexp                  // ~"re" : a string matching the regular expression
)

// value is a field value: what a backend message carried, or a pattern
// for it.
type value struct {
	kind   valueKind
	s      string // string; variable name; regexp source
	quoted bool   // a string written in quotes (raw: text, not hex)
	list   []value
	fields []field // record
	re     *regexp.Regexp
}

type field struct {
	key string
	val value
}

func str(s string) value { return value{kind: vString, s: s} }

var null = value{kind: vNull}

func list(vs ...value) value { return value{kind: vList, list: vs} }

func record(fs ...field) value { return value{kind: vRecord, fields: fs} }

func (v value) get(key string) (value, bool) {
	for _, f := range v.fields {
		if f.key == key {
			return f.val, true
		}
	}
	return value{}, false
}

// bareSafe matches words that render without quotes.
var bareSafe = regexp.MustCompile(`^[A-Za-z0-9_.:/+-]+$`)

// String renders a value in the script notation.
func (v value) String() string {
	switch v.kind {
	case vString:
		if bareSafe.MatchString(v.s) && v.s != "null" {
			return v.s
		}
		return strconv.Quote(v.s)
	case vNull:
		return "null"
	case vList:
		parts := make([]string, len(v.list))
		for i, e := range v.list {
			parts[i] = e.String()
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case vRecord:
		parts := make([]string, len(v.fields))
		for i, f := range v.fields {
			parts[i] = f.key + "=" + f.val.String()
		}
		return "{" + strings.Join(parts, " ") + "}"
	case vWild:
		return "*"
	case vRest:
		return "..."
	case vVar:
		return "$" + v.s
	case vRegexp:
		return "~" + strconv.Quote(v.s)
	}
	return "?"
}

// token kinds of the lexer.
type tokKind int

const (
	tWord tokKind = iota
	tQuoted
	tRegexp
	tPunct // [ ] { } = ,
)

type token struct {
	kind tokKind
	s    string
}

// lex splits the arguments of a script line into tokens. Words run up to
// white space or one of []{}=," and backquote; quoted strings use Go's
// syntax, "interpreted" or `raw`.
func lex(s string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t'):
			return toks, nil // trailing comment
		case strings.IndexByte("[]{}=,", c) >= 0:
			toks = append(toks, token{tPunct, string(c)})
			i++
		case c == '"' || c == '`' || (c == '~' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '`')):
			start := i
			if c == '~' {
				i++
			}
			q, err := strconv.QuotedPrefix(s[i:])
			if err != nil {
				return nil, fmt.Errorf("bad quoted string at %q", s[start:])
			}
			u, _ := strconv.Unquote(q)
			i += len(q)
			if c == '~' {
				toks = append(toks, token{tRegexp, u})
			} else {
				toks = append(toks, token{tQuoted, u})
			}
		default:
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != '\t' && strings.IndexByte("[]{}=,\"`", s[j]) < 0 {
				j++
			}
			toks = append(toks, token{tWord, s[i:j]})
			i = j
		}
	}
	return toks, nil
}

// arg is one argument of a message line: positional (key "") or key=value.
type arg struct {
	key string
	val value
}

// parseArgs parses the tokens of a message line's arguments.
func parseArgs(toks []token) ([]arg, error) {
	p := &argParser{toks: toks}
	var args []arg
	for p.more() {
		if p.peekPunct(",") {
			p.i++
			continue
		}
		// key=value?
		if p.i+1 < len(p.toks) && p.toks[p.i].kind == tWord && p.toks[p.i+1].kind == tPunct && p.toks[p.i+1].s == "=" {
			key := p.toks[p.i].s
			p.i += 2
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			args = append(args, arg{key, v})
			continue
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		args = append(args, arg{"", v})
	}
	return args, nil
}

type argParser struct {
	toks []token
	i    int
}

func (p *argParser) more() bool { return p.i < len(p.toks) }

func (p *argParser) peekPunct(s string) bool {
	return p.i < len(p.toks) && p.toks[p.i].kind == tPunct && p.toks[p.i].s == s
}

func (p *argParser) value() (value, error) {
	if !p.more() {
		return value{}, fmt.Errorf("missing value")
	}
	t := p.toks[p.i]
	p.i++
	switch t.kind {
	case tQuoted:
		return value{kind: vString, s: t.s, quoted: true}, nil
	case tRegexp:
		re, err := regexp.Compile(t.s)
		if err != nil {
			return value{}, err
		}
		return value{kind: vRegexp, s: t.s, re: re}, nil
	case tWord:
		switch {
		case t.s == "null":
			return null, nil
		case t.s == "*":
			return value{kind: vWild}, nil
		case t.s == "...":
			return value{kind: vRest}, nil
		case len(t.s) > 1 && t.s[0] == '$' && isIdentStart(t.s[1]) && varName.MatchString(t.s[1:]):
			return value{kind: vVar, s: t.s[1:]}, nil
		}
		return str(t.s), nil
	}
	switch t.s {
	case "[":
		var vs []value
		for {
			if !p.more() {
				return value{}, fmt.Errorf("unterminated list")
			}
			if p.peekPunct("]") {
				p.i++
				return list(vs...), nil
			}
			if p.peekPunct(",") {
				p.i++
				continue
			}
			v, err := p.value()
			if err != nil {
				return value{}, err
			}
			vs = append(vs, v)
		}
	case "{":
		var fs []field
		for {
			if !p.more() {
				return value{}, fmt.Errorf("unterminated record")
			}
			if p.peekPunct("}") {
				p.i++
				return record(fs...), nil
			}
			if p.peekPunct(",") {
				p.i++
				continue
			}
			if p.i+1 >= len(p.toks) || p.toks[p.i].kind != tWord || !(p.toks[p.i+1].kind == tPunct && p.toks[p.i+1].s == "=") {
				return value{}, fmt.Errorf("want key=value in a record")
			}
			key := p.toks[p.i].s
			p.i += 2
			v, err := p.value()
			if err != nil {
				return value{}, err
			}
			fs = append(fs, field{key, v})
		}
	}
	return value{}, fmt.Errorf("unexpected %q", t.s)
}

var varName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$`)

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// vars holds variables, bound by patterns and used by frontend messages.
type vars map[string]string

func (vs vars) clone() vars {
	out := make(vars, len(vs))
	for k, v := range vs {
		out[k] = v
	}
	return out
}

// scope resolves variables for one connection: its own variables, which
// patterns bind, then outer: "conn.name" for another connection's
// variable, or a predefined one.
type scope struct {
	local vars
	outer func(name string) (string, bool)
}

func (s *scope) get(name string) (string, bool) {
	if v, ok := s.local[name]; ok {
		return v, true
	}
	if s.outer != nil {
		return s.outer(name)
	}
	return "", false
}

func (s *scope) clone() *scope { return &scope{local: s.local.clone(), outer: s.outer} }

// match reports whether actual matches pattern, binding unbound variables.
// On a mismatch, bindings made so far may remain; callers match one
// message at a time and treat a mismatch as fatal, except for optional
// steps, which match against a copy.
func match(pattern, actual value, vs *scope) bool {
	switch pattern.kind {
	case vWild:
		return true
	case vVar:
		if actual.kind != vString {
			return false
		}
		if bound, ok := vs.get(pattern.s); ok {
			return bound == actual.s
		}
		if strings.Contains(pattern.s, ".") {
			return false // another connection's variables are read-only
		}
		vs.local[pattern.s] = actual.s
		return true
	case vNull:
		return actual.kind == vNull
	case vString:
		return actual.kind == vString && actual.s == pattern.s
	case vRegexp:
		return actual.kind == vString && pattern.re.MatchString(actual.s)
	case vList:
		if actual.kind != vList {
			return false
		}
		for i, p := range pattern.list {
			if p.kind == vRest {
				return true
			}
			if i >= len(actual.list) || !match(p, actual.list[i], vs) {
				return false
			}
		}
		return len(actual.list) == len(pattern.list)
	case vRecord:
		if actual.kind != vRecord {
			return false
		}
		for _, f := range pattern.fields {
			a, ok := actual.get(f.key)
			if !ok {
				a = null
			}
			if !match(f.val, a, vs) {
				return false
			}
		}
		return true
	}
	return false
}

// resolve substitutes variables in a frontend message's value.
func resolve(v value, vs *scope) (value, error) {
	switch v.kind {
	case vVar:
		s, ok := vs.get(v.s)
		if !ok {
			return value{}, fmt.Errorf("variable $%s is not bound", v.s)
		}
		return str(s), nil
	case vList:
		out := make([]value, len(v.list))
		for i, e := range v.list {
			r, err := resolve(e, vs)
			if err != nil {
				return value{}, err
			}
			out[i] = r
		}
		return list(out...), nil
	case vRecord:
		out := make([]field, len(v.fields))
		for i, f := range v.fields {
			r, err := resolve(f.val, vs)
			if err != nil {
				return value{}, err
			}
			out[i] = field{f.key, r}
		}
		return record(out...), nil
	case vWild, vRest, vRegexp:
		return value{}, fmt.Errorf("%s is only allowed in expectations", v)
	}
	return v, nil
}
