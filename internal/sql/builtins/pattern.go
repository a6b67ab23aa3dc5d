package builtins

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Pattern matching: LIKE, ILIKE, SIMILAR TO and POSIX regular expressions
// (PostgreSQL's utils/adt/like.c and regexp.c).

// likeMatch reports whether s matches the LIKE pattern p, where escape
// (if non-zero) escapes the next character.
func likeMatch(s, p string, escape rune, fold bool) (bool, error) {
	if fold {
		s, p = lowerASCII(s), lowerASCII(p)
	}
	return likeRec(s, p, escape)
}

func likeRec(s, p string, escape rune) (bool, error) {
	for len(p) > 0 {
		r, size := utf8.DecodeRuneInString(p)
		switch {
		case r == '%':
			p = p[size:]
			// Collapse runs of %.
			for strings.HasPrefix(p, "%") {
				p = p[1:]
			}
			if p == "" {
				return true, nil
			}
			for i := 0; i <= len(s); {
				ok, err := likeRec(s[i:], p, escape)
				if err != nil || ok {
					return ok, err
				}
				if i == len(s) {
					break
				}
				_, n := utf8.DecodeRuneInString(s[i:])
				i += n
			}
			return false, nil
		case r == '_':
			if s == "" {
				return false, nil
			}
			_, n := utf8.DecodeRuneInString(s)
			s, p = s[n:], p[size:]
		default:
			if escape != 0 && r == escape {
				p = p[size:]
				if p == "" {
					return false, pgerror.New(pgerror.InvalidEscapeSequence, "LIKE pattern must not end with escape character")
				}
				r, size = utf8.DecodeRuneInString(p)
			}
			if s == "" {
				return false, nil
			}
			c, n := utf8.DecodeRuneInString(s)
			if c != r {
				return false, nil
			}
			s, p = s[n:], p[size:]
		}
	}
	return s == "", nil
}

var regexCache sync.Map // pattern+flags -> *regexp.Regexp

// compileRegex compiles a POSIX (ARE) pattern as PostgreSQL interprets it,
// translated to Go's syntax: "." matches newlines, and the ARE escapes
// \m, \M, \y become word-boundary assertions.
func compileRegex(pattern string, flags string) (*regexp.Regexp, error) {
	key := flags + "\x00" + pattern
	if re, ok := regexCache.Load(key); ok {
		return re.(*regexp.Regexp), nil
	}
	goFlags := "s"
	for _, f := range flags {
		switch f {
		case 'i':
			goFlags += "i"
		case 'c', 'g':
		case 'n', 'm':
			goFlags = strings.ReplaceAll(goFlags, "s", "") + "m"
		case 's', 'p', 'w', 'x', 't', 'b', 'e', 'q':
		default:
			return nil, pgerror.New(pgerror.InvalidParameterValue, "invalid regular expression option: \"%c\"", f)
		}
	}
	translated := strings.NewReplacer(`\m`, `\b`, `\M`, `\b`, `\y`, `\b`, `\Y`, `\B`, `[[:<:]]`, `\b`, `[[:>:]]`, `\b`).Replace(pattern)
	re, err := regexp.Compile("(?" + goFlags + ")" + translated)
	if err != nil {
		return nil, pgerror.New(pgerror.InvalidRegularExpression, "invalid regular expression: %s", regexErrorText(err))
	}
	regexCache.Store(key, re)
	return re, nil
}

func regexErrorText(err error) string {
	// PostgreSQL's messages for the errors both engines detect
	// (regerror.c's table).
	var se *syntax.Error
	if errors.As(err, &se) {
		switch se.Code {
		case syntax.ErrMissingParen, syntax.ErrUnexpectedParen:
			return "parentheses () not balanced"
		case syntax.ErrMissingBracket:
			return "brackets [] not balanced"
		case syntax.ErrMissingRepeatArgument, syntax.ErrInvalidRepeatOp:
			return "quantifier operand invalid"
		case syntax.ErrInvalidCharRange:
			return "invalid character range"
		case syntax.ErrInvalidRepeatSize:
			return "invalid repetition count(s)"
		case syntax.ErrInvalidEscape, syntax.ErrTrailingBackslash:
			return "invalid escape \\ sequence"
		case syntax.ErrInvalidCharClass:
			return "invalid character class"
		}
	}
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[:i]
	}
	return strings.TrimPrefix(s, "error parsing regexp: ")
}

func init() {
	like := func(fold, neg bool) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			ok, err := likeMatch(str(a[0]), str(a[1]), '\\', fold)
			if err != nil {
				return types.Null, err
			}
			return types.NewBool(ok != neg), nil
		}
	}
	for _, prefix := range []string{"text", "name", "bpchar", "bytea"} {
		register(prefix+"like", like(false, false))
		register(prefix+"nlike", like(false, true))
	}
	for _, prefix := range []string{"text", "name", "bpchar"} {
		register(prefix+"iclike", like(true, false))
		register(prefix+"icnlike", like(true, true))
	}
	register("like_escape", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		p, esc := str(a[0]), str(a[1])
		if utf8.RuneCountInString(esc) > 1 {
			return types.Null, pgerror.New(pgerror.InvalidEscapeSequence, "invalid escape string").
				WithHint("Escape string must be empty or one character.")
		}
		// Rewrite the pattern to use backslash as its escape.
		var b strings.Builder
		e, _ := utf8.DecodeRuneInString(esc)
		for i := 0; i < len(p); {
			r, n := utf8.DecodeRuneInString(p[i:])
			i += n
			switch {
			case esc != "" && r == e:
				if i >= len(p) {
					b.WriteRune(r)
					continue
				}
				r2, n2 := utf8.DecodeRuneInString(p[i:])
				i += n2
				b.WriteByte('\\')
				b.WriteRune(r2)
			case r == '\\':
				b.WriteString(`\\`)
			default:
				b.WriteRune(r)
			}
		}
		return text(b.String()), nil
	})
	regex := func(flags string, neg bool) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			re, err := compileRegex(str(a[1]), flags)
			if err != nil {
				return types.Null, err
			}
			return types.NewBool(re.MatchString(str(a[0])) != neg), nil
		}
	}
	for _, prefix := range []string{"text", "name", "bpchar"} {
		register(prefix+"regexeq", regex("", false))
		register(prefix+"regexne", regex("", true))
		register(prefix+"icregexeq", regex("i", false))
		register(prefix+"icregexne", regex("i", true))
	}
	register("similar_to_escape_1", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		r, err := similarToRegex(str(a[0]), "\\", true)
		return text(r), err
	})
	register("similar_to_escape_2", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		esc := ""
		if !a[1].IsNull() {
			esc = str(a[1])
		}
		r, err := similarToRegex(str(a[0]), esc, !a[1].IsNull())
		return text(r), err
	})
	replace := func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		flags := ""
		if len(a) > 3 {
			flags = str(a[3])
		}
		re, err := compileRegex(str(a[1]), flags)
		if err != nil {
			return types.Null, err
		}
		repl := translateReplacement(str(a[2]))
		s := str(a[0])
		if strings.Contains(flags, "g") {
			return text(re.ReplaceAllString(s, repl)), nil
		}
		loc := re.FindStringSubmatchIndex(s)
		if loc == nil {
			return text(s), nil
		}
		var out []byte
		out = re.ExpandString(out, repl, s, loc)
		return text(s[:loc[0]] + string(out) + s[loc[1]:]), nil
	}
	register("textregexreplace_noopt", replace)
	register("textregexreplace", replace)
	match := func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		flags := ""
		if len(a) > 2 {
			flags = str(a[2])
		}
		if strings.Contains(flags, "g") {
			return types.Null, pgerror.New(pgerror.InvalidParameterValue, "regexp_match() does not support the \"global\" option").
				WithHint("Use the regexp_matches function instead.")
		}
		re, err := compileRegex(str(a[1]), flags)
		if err != nil {
			return types.Null, err
		}
		m := re.FindStringSubmatchIndex(str(a[0]))
		if m == nil {
			return types.Null, nil
		}
		return types.NewArray(types.NewArray1(types.Text, matchGroups(str(a[0]), m))), nil
	}
	register("regexp_match_no_flags", match)
	register("regexp_match", match)
	matches := func(_ Env, _ *Sig, a []types.Datum) (SetIter, error) {
		flags := ""
		if len(a) > 2 {
			flags = str(a[2])
		}
		re, err := compileRegex(str(a[1]), flags)
		if err != nil {
			return nil, err
		}
		s := str(a[0])
		var all [][]int
		if strings.Contains(flags, "g") {
			all = re.FindAllStringSubmatchIndex(s, -1)
		} else if m := re.FindStringSubmatchIndex(s); m != nil {
			all = [][]int{m}
		}
		i := 0
		return funcIter(func() (types.Row, bool, error) {
			if i >= len(all) {
				return nil, false, nil
			}
			m := all[i]
			i++
			return types.Row{types.NewArray(types.NewArray1(types.Text, matchGroups(s, m)))}, true, nil
		}), nil
	}
	srfImpls["regexp_matches_no_flags"] = matches
	srfImpls["regexp_matches"] = matches
	split := func(a []types.Datum) ([]string, error) {
		flags := ""
		if len(a) > 2 {
			flags = str(a[2])
		}
		if strings.Contains(flags, "g") {
			return nil, pgerror.New(pgerror.InvalidParameterValue, "regexp_split_to_array() does not support the \"global\" option")
		}
		re, err := compileRegex(str(a[1]), flags)
		if err != nil {
			return nil, err
		}
		s := str(a[0])
		var out []string
		prev := 0
		for _, m := range re.FindAllStringIndex(s, -1) {
			if m[1] == m[0] {
				// An empty match splits between characters, but never at the
				// ends.
				if m[0] == 0 || m[0] >= len(s) {
					continue
				}
			}
			if m[1] == 0 {
				continue
			}
			out = append(out, s[prev:m[0]])
			prev = m[1]
		}
		return append(out, s[prev:]), nil
	}
	splitArr := func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		parts, err := split(a)
		if err != nil {
			return types.Null, err
		}
		elems := make([]types.Datum, len(parts))
		for i, p := range parts {
			elems[i] = text(p)
		}
		return types.NewArray(types.NewArray1(types.Text, elems)), nil
	}
	register("regexp_split_to_array_no_flags", splitArr)
	register("regexp_split_to_array", splitArr)
	splitTab := func(_ Env, _ *Sig, a []types.Datum) (SetIter, error) {
		parts, err := split(a)
		if err != nil {
			return nil, err
		}
		i := 0
		return funcIter(func() (types.Row, bool, error) {
			if i >= len(parts) {
				return nil, false, nil
			}
			i++
			return types.Row{text(parts[i-1])}, true, nil
		}), nil
	}
	srfImpls["regexp_split_to_table_no_flags"] = splitTab
	srfImpls["regexp_split_to_table"] = splitTab
	register("textregexsubstr", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		re, err := compileRegex(str(a[1]), "")
		if err != nil {
			return types.Null, err
		}
		m := re.FindStringSubmatchIndex(str(a[0]))
		if m == nil {
			return types.Null, nil
		}
		// With a capture group, the first group's text; else the match.
		if len(m) > 2 {
			if m[2] < 0 {
				return types.Null, nil
			}
			return text(str(a[0])[m[2]:m[3]]), nil
		}
		return text(str(a[0])[m[0]:m[1]]), nil
	})
}

func matchGroups(s string, m []int) []types.Datum {
	if len(m) == 2 {
		return []types.Datum{text(s[m[0]:m[1]])}
	}
	var out []types.Datum
	for g := 1; g < len(m)/2; g++ {
		if m[2*g] < 0 {
			out = append(out, types.Null)
		} else {
			out = append(out, text(s[m[2*g]:m[2*g+1]]))
		}
	}
	return out
}

// translateReplacement converts PostgreSQL's \1..\9 and \& in a
// replacement string to Go's ${1} and ${0}.
func translateReplacement(r string) string {
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		c := r[i]
		switch {
		case c == '\\' && i+1 < len(r) && r[i+1] >= '1' && r[i+1] <= '9':
			b.WriteString("${" + string(r[i+1]) + "}")
			i++
		case c == '\\' && i+1 < len(r) && r[i+1] == '&':
			b.WriteString("${0}")
			i++
		case c == '\\' && i+1 < len(r) && r[i+1] == '\\':
			b.WriteByte('\\')
			i++
		case c == '$':
			b.WriteString("$$")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// similarToRegex converts a SIMILAR TO pattern to a POSIX regular
// expression (PostgreSQL's similar_escape).
func similarToRegex(p, esc string, escGiven bool) (string, error) {
	var e rune = -1
	if escGiven {
		if utf8.RuneCountInString(esc) > 1 {
			return "", pgerror.New(pgerror.InvalidEscapeSequence, "invalid escape string").
				WithHint("Escape string must be empty or one character.")
		}
		if esc != "" {
			e, _ = utf8.DecodeRuneInString(esc)
		}
	}
	var b strings.Builder
	b.WriteString("^(?:")
	afterEscape := false
	inBracket := 0
	nquotes := 0
	for _, r := range p {
		switch {
		case afterEscape:
			if r == '"' && inBracket == 0 {
				// Escaped double quote: separates the parts of a
				// substring() pattern.
				if nquotes == 0 {
					b.WriteString("){1,1}?(")
				} else if nquotes == 1 {
					b.WriteString("){1,1}(?:")
				} else {
					return "", pgerror.New(pgerror.InvalidEscapeSequence, "SQL regular expression may not contain more than two escape-double-quote separators")
				}
				nquotes++
			} else {
				b.WriteByte('\\')
				b.WriteRune(r)
			}
			afterEscape = false
		case r == e:
			afterEscape = true
		case inBracket > 0:
			if r == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
			if r == ']' {
				inBracket--
			}
		case r == '[':
			inBracket++
			b.WriteRune(r)
		case r == '%':
			b.WriteString(".*")
		case r == '_':
			b.WriteByte('.')
		case r == '(':
			b.WriteString("(?:")
		case r == '\\' || r == '.' || r == '^' || r == '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString(")$")
	return b.String(), nil
}
