package copyfmt

import (
	"strconv"
	"strings"

	"github.com/jackc/pgerrcode"
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/parser"
)

// Format is a COPY data format.
type Format uint8

// The COPY formats.
const (
	Text Format = iota
	CSV
	Binary
)

// Header is the HEADER option's choice.
type Header uint8

// The HEADER choices.
const (
	HeaderNone Header = iota
	// HeaderTrue writes a header line (COPY TO) or skips one (COPY FROM).
	HeaderTrue
	// HeaderMatch checks that the header line names the copied columns
	// (COPY FROM only).
	HeaderMatch
)

// Options are the validated options of one COPY statement, with
// PostgreSQL's defaults filled in (commands/copy.c ProcessCopyOptions).
type Options struct {
	Format Format
	Freeze bool
	Header Header
	// Delim separates fields; Null is the string that stands for NULL.
	Delim byte
	Null  string
	// Quote and Escape are CSV's quoting characters (zero in text format).
	Quote, Escape byte
	// ForceQuoteAll is FORCE_QUOTE *; ForceQuote, ForceNotNull and
	// ForceNull are the column lists of the FORCE options, nil when not
	// given.
	ForceQuoteAll bool
	ForceQuote    []string
	ForceNotNull  []string
	ForceNull     []string
}

// ParseOptions validates a COPY statement's options (the DefElem list of
// a CopyStmt) as PostgreSQL 15's ProcessCopyOptions does, with its errors
// and their order. sql is the query string the locations refer to.
func ParseOptions(sql string, defs []*pg_query.Node, isFrom bool) (*Options, error) {
	o := &Options{}
	var (
		formatSet, freezeSet, headerSet bool
		delim, null, quote, escape      *string
		forceQuoteSet                   bool
		forceNotNullSet, forceNullSet   bool
		encodingSet                     bool
	)
	at := func(e *pgerror.Error, loc int32) *pgerror.Error {
		if loc >= 0 {
			e.Position = parser.CharPosition(sql, loc)
		}
		return e
	}
	conflict := func(d *pg_query.DefElem) error {
		return at(pgerror.New(pgerror.SyntaxError, "conflicting or redundant options"), d.Location)
	}
	for _, n := range defs {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "format":
			if formatSet {
				return nil, conflict(d)
			}
			formatSet = true
			f, err := defString(d)
			if err != nil {
				return nil, err
			}
			switch f {
			case "text":
			case "csv":
				o.Format = CSV
			case "binary":
				o.Format = Binary
			default:
				return nil, at(pgerror.New(pgerror.InvalidParameterValue, `COPY format "%s" not recognized`, f), d.Location)
			}
		case "freeze":
			if freezeSet {
				return nil, conflict(d)
			}
			freezeSet = true
			b, err := defBool(d)
			if err != nil {
				return nil, err
			}
			o.Freeze = b
		case "delimiter", "null", "quote", "escape":
			p := map[string]**string{"delimiter": &delim, "null": &null, "quote": &quote, "escape": &escape}[d.Defname]
			if *p != nil {
				return nil, conflict(d)
			}
			s, err := defString(d)
			if err != nil {
				return nil, err
			}
			*p = &s
		case "header":
			if headerSet {
				return nil, conflict(d)
			}
			headerSet = true
			h, err := defHeader(d, isFrom)
			if err != nil {
				return nil, err
			}
			o.Header = h
		case "force_quote":
			if forceQuoteSet {
				return nil, conflict(d)
			}
			forceQuoteSet = true
			if d.Arg != nil && d.Arg.GetAStar() != nil {
				o.ForceQuoteAll = true
				continue
			}
			l, ok := defList(d)
			if !ok {
				return nil, at(notColumnList(d), d.Location)
			}
			o.ForceQuote = l
		case "force_not_null", "force_null":
			p, set := &o.ForceNotNull, &forceNotNullSet
			if d.Defname == "force_null" {
				p, set = &o.ForceNull, &forceNullSet
			}
			if *set {
				return nil, conflict(d)
			}
			*set = true
			l, ok := defList(d)
			if !ok {
				return nil, at(notColumnList(d), d.Location)
			}
			*p = l
		case "encoding":
			if encodingSet {
				return nil, conflict(d)
			}
			encodingSet = true
			s, err := defString(d)
			if err != nil {
				return nil, err
			}
			switch encodingName(s) {
			case "utf8", "sqlascii":
			case "":
				return nil, at(pgerror.New(pgerror.InvalidParameterValue, `argument to option "%s" must be a valid encoding name`, d.Defname), d.Location)
			default:
				return nil, pgerror.New(pgerror.FeatureNotSupported, `COPY with ENCODING "%s" is not supported`, s)
			}
		default:
			return nil, at(pgerror.New(pgerror.SyntaxError, `option "%s" not recognized`, d.Defname), d.Location)
		}
	}
	csv := o.Format == CSV
	if o.Format == Binary && delim != nil {
		return nil, pgerror.New(pgerror.SyntaxError, "cannot specify DELIMITER in BINARY mode")
	}
	if o.Format == Binary && null != nil {
		return nil, pgerror.New(pgerror.SyntaxError, "cannot specify NULL in BINARY mode")
	}
	if delim == nil {
		d := "\t"
		if csv {
			d = ","
		}
		delim = &d
	}
	if null == nil {
		n := `\N`
		if csv {
			n = ""
		}
		null = &n
	}
	if csv {
		if quote == nil {
			q := `"`
			quote = &q
		}
		if escape == nil {
			escape = quote
		}
	}
	if len(*delim) != 1 {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "COPY delimiter must be a single one-byte character")
	}
	if strings.ContainsAny(*delim, "\r\n") {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "COPY delimiter cannot be newline or carriage return")
	}
	if strings.ContainsAny(*null, "\r\n") {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "COPY null representation cannot use newline or carriage return")
	}
	if !csv && strings.Contains(`\.abcdefghijklmnopqrstuvwxyz0123456789`, *delim) {
		return nil, pgerror.New(pgerror.InvalidParameterValue, `COPY delimiter cannot be "%s"`, *delim)
	}
	if o.Format == Binary && o.Header != HeaderNone {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "cannot specify HEADER in BINARY mode")
	}
	if !csv && quote != nil {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "COPY quote available only in CSV mode")
	}
	if csv && len(*quote) != 1 {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "COPY quote must be a single one-byte character")
	}
	if csv && (*delim)[0] == (*quote)[0] {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "COPY delimiter and quote must be different")
	}
	if !csv && escape != nil {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "COPY escape available only in CSV mode")
	}
	if csv && len(*escape) != 1 {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "COPY escape must be a single one-byte character")
	}
	if !csv && forceQuoteSet {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "COPY force quote available only in CSV mode")
	}
	if forceQuoteSet && isFrom {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "COPY force quote only available using COPY TO")
	}
	if !csv && forceNotNullSet {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "COPY force not null available only in CSV mode")
	}
	if forceNotNullSet && !isFrom {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "COPY force not null only available using COPY FROM")
	}
	if !csv && forceNullSet {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "COPY force null available only in CSV mode")
	}
	if forceNullSet && !isFrom {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "COPY force null only available using COPY FROM")
	}
	if strings.IndexByte(*null, (*delim)[0]) >= 0 {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "COPY delimiter must not appear in the NULL specification")
	}
	if csv && strings.IndexByte(*null, (*quote)[0]) >= 0 {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "CSV quote character must not appear in the NULL specification")
	}
	o.Delim, o.Null = (*delim)[0], *null
	if csv {
		o.Quote, o.Escape = (*quote)[0], (*escape)[0]
	}
	return o, nil
}

func notColumnList(d *pg_query.DefElem) *pgerror.Error {
	return pgerror.New(pgerror.InvalidParameterValue, `argument to option "%s" must be a list of column names`, d.Defname)
}

// defString returns an option's argument as text (commands/define.c
// defGetString).
func defString(d *pg_query.DefElem) (string, error) {
	if d.Arg == nil {
		return "", pgerror.New(pgerror.SyntaxError, "%s requires a parameter", d.Defname)
	}
	switch a := d.Arg.Node.(type) {
	case *pg_query.Node_Integer:
		return strconv.FormatInt(int64(a.Integer.Ival), 10), nil
	case *pg_query.Node_Float:
		return a.Float.Fval, nil
	case *pg_query.Node_Boolean:
		if a.Boolean.Boolval {
			return "true", nil
		}
		return "false", nil
	case *pg_query.Node_String_:
		return a.String_.Sval, nil
	case *pg_query.Node_AStar:
		return "*", nil
	case *pg_query.Node_List:
		var parts []string
		for _, it := range a.List.Items {
			parts = append(parts, it.GetString_().GetSval())
		}
		return strings.Join(parts, "."), nil
	}
	return "", pgerror.New(pgerror.SyntaxError, "%s requires a parameter", d.Defname)
}

// defBool returns a Boolean option's argument (defGetBoolean): none means
// true.
func defBool(d *pg_query.DefElem) (bool, error) {
	if d.Arg == nil {
		return true, nil
	}
	if i, ok := d.Arg.Node.(*pg_query.Node_Integer); ok {
		switch i.Integer.Ival {
		case 0:
			return false, nil
		case 1:
			return true, nil
		}
	} else if s, err := defString(d); err == nil {
		switch strings.ToLower(s) {
		case "true", "on":
			return true, nil
		case "false", "off":
			return false, nil
		}
	}
	return false, pgerror.New(pgerror.SyntaxError, "%s requires a Boolean value", d.Defname)
}

// defHeader returns the HEADER option's choice (defGetCopyHeaderChoice).
func defHeader(d *pg_query.DefElem, isFrom bool) (Header, error) {
	if d.Arg == nil {
		return HeaderTrue, nil
	}
	if i, ok := d.Arg.Node.(*pg_query.Node_Integer); ok {
		switch i.Integer.Ival {
		case 0:
			return HeaderNone, nil
		case 1:
			return HeaderTrue, nil
		}
	} else if s, err := defString(d); err == nil {
		switch strings.ToLower(s) {
		case "true", "on":
			return HeaderTrue, nil
		case "false", "off":
			return HeaderNone, nil
		case "match":
			if !isFrom {
				return 0, pgerror.New(pgerror.FeatureNotSupported, `cannot use "%s" with HEADER in COPY TO`, s)
			}
			return HeaderMatch, nil
		}
	}
	return 0, pgerror.New(pgerror.SyntaxError, `%s requires a Boolean value or "match"`, d.Defname)
}

// defList returns an option's column list.
func defList(d *pg_query.DefElem) ([]string, bool) {
	if d.Arg == nil {
		return nil, false
	}
	l := d.Arg.GetList()
	if l == nil {
		return nil, false
	}
	out := make([]string, 0, len(l.Items))
	for _, it := range l.Items {
		out = append(out, it.GetString_().GetSval())
	}
	return out, true
}

// encodingName normalizes an encoding name as pg_char_to_encoding
// compares them, returning "" for names it does not know. Only UTF8 and
// SQL_ASCII are known, since tusk stores UTF-8 only.
func encodingName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	switch n := b.String(); n {
	case "utf8", "unicode":
		return "utf8"
	case "sqlascii":
		return n
	case "latin1", "latin2", "latin9", "win1252", "win1251", "euckr", "eucjp", "sjis", "gbk", "big5", "koi8r", "iso88591":
		return n
	}
	return ""
}

// errBadFormat returns a 22P04 error (bad COPY file format).
func errBadFormat(format string, args ...any) *pgerror.Error {
	return pgerror.New(pgerrcode.BadCopyFileFormat, format, args...)
}
