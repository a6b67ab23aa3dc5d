package builtins

import (
	"crypto/md5"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/keywords"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// String functions (PostgreSQL's utils/adt/varlena.c, oracle_compat.c).
// Case mapping follows the C locale tusk runs in: only ASCII letters
// change case, as in PostgreSQL with lc_ctype = C.

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func upperASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'a' && b[j] <= 'z' {
					b[j] -= 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func isAlnumASCII(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func str(a types.Datum) string { return a.Str() }

func intArg(a types.Datum) int64 { return a.Int() }

// runeSlice returns the characters [from, to) of s (0-based, clipped).
func runeSlice(s string, from, to int64) string {
	if to <= from || to <= 0 {
		return ""
	}
	if from < 0 {
		from = 0
	}
	i, n := 0, int64(0)
	start := -1
	for i < len(s) {
		if n == from && start < 0 {
			start = i
		}
		if n == to {
			break
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	if start < 0 {
		if n == from {
			start = i
		} else {
			return ""
		}
	}
	return s[start:i]
}

func init() {
	textLen := func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(utf8.RuneCountInString(str(a[0])))), nil
	}
	register("textlen", textLen)
	register("bpcharlen", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(utf8.RuneCountInString(strings.TrimRight(str(a[0]), " ")))), nil
	})
	register("textoctetlen", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(len(str(a[0])))), nil
	})
	register("bpcharoctetlen", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(len(str(a[0])))), nil
	})
	register("byteaoctetlen", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(len(str(a[0])))), nil
	})
	register("lower", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) { return text(lowerASCII(str(a[0]))), nil })
	register("upper", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) { return text(upperASCII(str(a[0]))), nil })
	register("initcap", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		b := []byte(str(a[0]))
		inWord := false
		for i, c := range b {
			if isAlnumASCII(c) {
				if inWord {
					if c >= 'A' && c <= 'Z' {
						b[i] = c + 'a' - 'A'
					}
				} else if c >= 'a' && c <= 'z' {
					b[i] = c - ('a' - 'A')
				}
				inWord = true
			} else if c < 0x80 {
				inWord = false
			}
		}
		return text(string(b)), nil
	})
	substr := func(s string, from, count int64, hasCount bool) (string, error) {
		if hasCount && count < 0 {
			return "", pgerror.New(pgerror.SubstringError, "negative substring length not allowed")
		}
		start := from - 1
		if !hasCount {
			return runeSlice(s, start, int64(len(s))+1), nil
		}
		end := start + count
		if count > 0 && end < start { // overflow
			end = int64(len(s)) + 1
		}
		return runeSlice(s, start, end), nil
	}
	register("text_substr", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		r, err := substr(str(a[0]), intArg(a[1]), intArg(a[2]), true)
		return text(r), err
	})
	register("text_substr_no_len", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		r, err := substr(str(a[0]), intArg(a[1]), 0, false)
		return text(r), err
	})
	register("bytea_substr", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s := str(a[0])
		from, count := intArg(a[1]), intArg(a[2])
		if count < 0 {
			return types.Null, pgerror.New(pgerror.SubstringError, "negative substring length not allowed")
		}
		start, end := from-1, from-1+count
		return types.NewBytes(byteSlice(s, start, end)), nil
	})
	register("bytea_substr_no_len", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s := str(a[0])
		return types.NewBytes(byteSlice(s, intArg(a[1])-1, int64(len(s)))), nil
	})
	register("textpos", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, sub := str(a[0]), str(a[1])
		i := strings.Index(s, sub)
		if i < 0 {
			return types.NewInt(0), nil
		}
		return types.NewInt(int64(utf8.RuneCountInString(s[:i])) + 1), nil
	})
	trimSet := func(s, chars string, left, right bool) string {
		set := map[rune]bool{}
		for _, r := range chars {
			set[r] = true
		}
		if left {
			s = strings.TrimLeftFunc(s, func(r rune) bool { return set[r] })
		}
		if right {
			s = strings.TrimRightFunc(s, func(r rune) bool { return set[r] })
		}
		return s
	}
	register("btrim", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return text(trimSet(str(a[0]), str(a[1]), true, true)), nil
	})
	register("btrim1", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return text(strings.Trim(str(a[0]), " ")), nil
	})
	register("ltrim", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return text(trimSet(str(a[0]), str(a[1]), true, false)), nil
	})
	register("ltrim1", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return text(strings.TrimLeft(str(a[0]), " ")), nil
	})
	register("rtrim", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return text(trimSet(str(a[0]), str(a[1]), false, true)), nil
	})
	register("rtrim1", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return text(strings.TrimRight(str(a[0]), " ")), nil
	})
	register("replace_text", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, from, to := str(a[0]), str(a[1]), str(a[2])
		if from == "" {
			return text(s), nil
		}
		return text(strings.ReplaceAll(s, from, to)), nil
	})
	register("split_part", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, delim, n := str(a[0]), str(a[1]), intArg(a[2])
		if n == 0 {
			return types.Null, pgerror.New(pgerror.InvalidParameterValue, "field position must not be zero")
		}
		var parts []string
		if delim == "" {
			parts = []string{s}
			if s == "" {
				parts = nil
			}
		} else {
			parts = strings.Split(s, delim)
			if s == "" {
				parts = nil
			}
		}
		if n < 0 {
			n = int64(len(parts)) + n + 1
		}
		if n < 1 || n > int64(len(parts)) {
			return text(""), nil
		}
		return text(parts[n-1]), nil
	})
	register("text_concat", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		var b strings.Builder
		for i, v := range a {
			if !v.IsNull() {
				b.Write(types.Format(nil, sig.Args[i], v, env.TypeCtx()))
			}
		}
		return text(b.String()), nil
	})
	register("text_concat_ws", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		if a[0].IsNull() {
			return types.Null, nil
		}
		sep := str(a[0])
		var b strings.Builder
		first := true
		for i, v := range a[1:] {
			if v.IsNull() {
				continue
			}
			if !first {
				b.WriteString(sep)
			}
			first = false
			b.Write(types.Format(nil, sig.Args[i+1], v, env.TypeCtx()))
		}
		return text(b.String()), nil
	})
	register("text_left", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, n := str(a[0]), intArg(a[1])
		if n < 0 {
			n = int64(utf8.RuneCountInString(s)) + n
		}
		return text(runeSlice(s, 0, n)), nil
	})
	register("text_right", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, n := str(a[0]), intArg(a[1])
		l := int64(utf8.RuneCountInString(s))
		if n < 0 {
			n = l + n
		}
		if n > l {
			n = l
		}
		return text(runeSlice(s, l-n, l)), nil
	})
	pad := func(left bool) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			s, n := str(a[0]), intArg(a[1])
			fill := " "
			if len(a) > 2 {
				fill = str(a[2])
			}
			if n <= 0 {
				return text(""), nil
			}
			if n > 10485760 {
				return types.Null, pgerror.New(pgerror.ProgramLimitExceeded, "requested length too large")
			}
			l := int64(utf8.RuneCountInString(s))
			if l >= n {
				return text(runeSlice(s, 0, n)), nil
			}
			if fill == "" {
				return text(s), nil
			}
			need := n - l
			fr := []rune(fill)
			var b strings.Builder
			for i := int64(0); i < need; i++ {
				b.WriteRune(fr[i%int64(len(fr))])
			}
			if left {
				return text(b.String() + s), nil
			}
			return text(s + b.String()), nil
		}
	}
	register("lpad", pad(true))
	register("rpad", pad(false))
	registerSQL("lpad", pad(true))
	registerSQL("rpad", pad(false))
	register("repeat", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, n := str(a[0]), intArg(a[1])
		if n <= 0 || s == "" {
			return text(""), nil
		}
		if int64(len(s))*n > 1<<30 {
			return types.Null, pgerror.New(pgerror.ProgramLimitExceeded, "requested length too large")
		}
		return text(strings.Repeat(s, int(n))), nil
	})
	register("text_reverse", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		r := []rune(str(a[0]))
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return text(string(r)), nil
	})
	md5Impl := func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		sum := md5.Sum([]byte(str(a[0])))
		return text(hex.EncodeToString(sum[:])), nil
	}
	register("md5_text", md5Impl)
	register("md5_bytea", md5Impl)
	register("ascii", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s := str(a[0])
		if s == "" {
			return types.NewInt(0), nil
		}
		r, _ := utf8.DecodeRuneInString(s)
		return types.NewInt(int64(r)), nil
	})
	register("chr", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		c := intArg(a[0])
		if c == 0 {
			return types.Null, pgerror.New(pgerror.ProgramLimitExceeded, "null character not permitted")
		}
		if c < 0 {
			return types.Null, pgerror.New(pgerror.ProgramLimitExceeded, "requested character too large for encoding: %d", c)
		}
		if c > utf8.MaxRune || (c >= 0xD800 && c <= 0xDFFF) {
			return types.Null, pgerror.New(pgerror.ProgramLimitExceeded, "requested character too large for encoding: %d", c)
		}
		return text(string(rune(c))), nil
	})
	register("text_starts_with", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewBool(strings.HasPrefix(str(a[0]), str(a[1]))), nil
	})
	register("translate", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		from, to := []rune(str(a[1])), []rune(str(a[2]))
		var b strings.Builder
		for _, r := range str(a[0]) {
			idx := -1
			for i, f := range from {
				if f == r {
					idx = i
					break
				}
			}
			switch {
			case idx < 0:
				b.WriteRune(r)
			case idx < len(to):
				b.WriteRune(to[idx])
			}
		}
		return text(b.String()), nil
	})
	register("quote_ident", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return text(QuoteIdent(str(a[0]))), nil
	})
	register("quote_literal", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return text(QuoteLiteral(str(a[0]))), nil
	})
	register("quote_nullable", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		if a[0].IsNull() {
			return text("NULL"), nil
		}
		return text(QuoteLiteral(str(a[0]))), nil
	})
	anyQuote := func(nullable bool) Impl {
		return func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
			if a[0].IsNull() {
				if nullable {
					return text("NULL"), nil
				}
				return types.Null, nil
			}
			return text(QuoteLiteral(types.FormatString(sig.Args[0], a[0], env.TypeCtx()))), nil
		}
	}
	registerSQL("quote_literal", anyQuote(false))
	registerSQL("quote_nullable", anyQuote(true))
	register("text_to_array", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return stringToArray(a, false)
	})
	register("text_to_array_null", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return stringToArray(a, true)
	})
	register("array_to_text", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return arrayToText(env, sig, a, false)
	})
	register("array_to_text_null", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return arrayToText(env, sig, a, true)
	})
	register("text_format", formatImpl)
	register("text_format_nv", formatImpl)
}

func byteSlice(s string, start, end int64) string {
	if start < 0 {
		start = 0
	}
	if end > int64(len(s)) {
		end = int64(len(s))
	}
	if end <= start {
		return ""
	}
	return s[start:end]
}

// QuoteIdent quotes an identifier when needed (quote_ident).
func QuoteIdent(s string) string { return keywords.Quote(s) }

// QuoteLiteral quotes a string literal as quote_literal does: doubled
// quotes, and an E prefix with doubled backslashes when there are any.
func QuoteLiteral(s string) string {
	var b strings.Builder
	if strings.Contains(s, `\`) {
		b.WriteByte('E')
	}
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\'' || c == '\\' {
			b.WriteByte(c)
		}
		b.WriteByte(c)
	}
	b.WriteByte('\'')
	return b.String()
}

func stringToArray(a []types.Datum, withNull bool) (types.Datum, error) {
	if a[0].IsNull() {
		return types.Null, nil
	}
	s := str(a[0])
	var nullStr *string
	if withNull && !a[2].IsNull() {
		v := str(a[2])
		nullStr = &v
	}
	var parts []string
	switch {
	case s == "":
		parts = nil
	case a[1].IsNull():
		for _, r := range s {
			parts = append(parts, string(r))
		}
	case str(a[1]) == "":
		parts = []string{s}
	default:
		parts = strings.Split(s, str(a[1]))
	}
	elems := make([]types.Datum, len(parts))
	for i, p := range parts {
		if nullStr != nil && p == *nullStr {
			elems[i] = types.Null
		} else {
			elems[i] = text(p)
		}
	}
	return types.NewArray(types.NewArray1(types.Text, elems)), nil
}

func arrayToText(env Env, sig *Sig, a []types.Datum, withNull bool) (types.Datum, error) {
	if a[0].IsNull() || a[1].IsNull() {
		return types.Null, nil
	}
	arr := a[0].Array()
	delim := str(a[1])
	var nullStr *string
	if withNull && !a[2].IsNull() {
		v := str(a[2])
		nullStr = &v
	}
	elemT := arr.Elem
	if elemT == nil {
		elemT = sig.Args[0].Elem
	}
	var b strings.Builder
	first := true
	for _, e := range arr.Elems {
		if e.IsNull() && nullStr == nil {
			continue
		}
		if !first {
			b.WriteString(delim)
		}
		first = false
		if e.IsNull() {
			b.WriteString(*nullStr)
		} else {
			b.Write(types.Format(nil, elemT, e, env.TypeCtx()))
		}
	}
	return text(b.String()), nil
}

// formatImpl is format(): %s, %I and %L with positions, widths and the -
// flag (PostgreSQL's text_format).
func formatImpl(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
	if a[0].IsNull() {
		return types.Null, nil
	}
	f := str(a[0])
	args := a[1:]
	argTypes := sig.Args[1:]
	var b strings.Builder
	next := 0
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(f) {
			return types.Null, pgerror.New(pgerror.InvalidParameterValue, "unterminated format() type specifier").
				WithHint(`For a single "%%" use "%%%%".`)
		}
		if f[i] == '%' {
			b.WriteByte('%')
			continue
		}
		// [argpos$][flags][width]type
		argPos := -1
		leftAlign := false
		width := -1
		j := i
		num := 0
		digits := false
		for j < len(f) && f[j] >= '0' && f[j] <= '9' {
			num = num*10 + int(f[j]-'0')
			digits = true
			j++
		}
		if digits && j < len(f) && f[j] == '$' {
			if num == 0 {
				return types.Null, pgerror.New(pgerror.InvalidParameterValue, "format specifies argument 0, but arguments are numbered from 1")
			}
			argPos = num - 1
			i = j + 1
		}
		if i < len(f) && f[i] == '-' {
			leftAlign = true
			i++
		}
		num, digits = 0, false
		if i < len(f) && f[i] == '*' {
			i++
			if next >= len(args) {
				return types.Null, pgerror.New(pgerror.InvalidParameterValue, "too few arguments for format()")
			}
			if !args[next].IsNull() {
				w := args[next].Int()
				if w < 0 {
					leftAlign = true
					w = -w
				}
				width = int(w)
			}
			next++
		} else {
			for i < len(f) && f[i] >= '0' && f[i] <= '9' {
				num = num*10 + int(f[i]-'0')
				digits = true
				i++
			}
			if digits {
				width = num
			}
		}
		if i >= len(f) {
			return types.Null, pgerror.New(pgerror.InvalidParameterValue, "unterminated format() type specifier").
				WithHint(`For a single "%%" use "%%%%".`)
		}
		typ := f[i]
		if typ != 's' && typ != 'I' && typ != 'L' {
			return types.Null, pgerror.New(pgerror.InvalidParameterValue, `unrecognized format() type specifier "%c"`, typ).
				WithHint(`For a single "%%" use "%%%%".`)
		}
		idx := next
		if argPos >= 0 {
			idx = argPos
		}
		if idx >= len(args) {
			return types.Null, pgerror.New(pgerror.InvalidParameterValue, "too few arguments for format()")
		}
		next = idx + 1
		v := args[idx]
		var s string
		switch typ {
		case 's':
			if !v.IsNull() {
				s = types.FormatString(argTypes[idx], v, env.TypeCtx())
			}
		case 'I':
			if v.IsNull() {
				return types.Null, pgerror.New(pgerror.NullValueNotAllowed, "null values cannot be formatted as an SQL identifier")
			}
			s = QuoteIdent(types.FormatString(argTypes[idx], v, env.TypeCtx()))
		case 'L':
			if v.IsNull() {
				s = "NULL"
			} else {
				s = QuoteLiteral(types.FormatString(argTypes[idx], v, env.TypeCtx()))
			}
		}
		if width > 0 {
			l := utf8.RuneCountInString(s)
			if l < width {
				padding := strings.Repeat(" ", width-l)
				if leftAlign {
					s += padding
				} else {
					s = padding + s
				}
			}
		}
		b.WriteString(s)
	}
	return text(b.String()), nil
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }
