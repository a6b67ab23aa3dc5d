package hba

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// IdentLine is one line of pg_ident.conf: the map name, the system user
// name (or, when it starts with '/', a regular expression for it), and
// the role it may log in as.
type IdentLine struct {
	LineNum    int
	Map        string
	SystemUser string
	Role       string
	re         *regexp.Regexp
}

// UserMaps is a parsed pg_ident.conf: the user name maps that the map
// option of peer, ident and cert lines names. It is immutable and safe
// for concurrent use.
type UserMaps struct {
	File  string
	Lines []*IdentLine
}

// LoadIdent reads and parses pg_ident.conf (PostgreSQL's load_ident). As
// for pg_hba.conf, a file with errors is refused whole.
func LoadIdent(path string, o ParseOptions) (*UserMaps, error) {
	data, err := readFile(o, path)
	if err != nil {
		return nil, pgerror.Wrap(err, pgerror.ConfigFileError, `could not open usermap file "%s": %s`, path, errnoText(err))
	}
	return ParseIdent(path, data, o)
}

// ParseIdent parses the text of a pg_ident.conf (parse_ident_line).
func ParseIdent(file string, data []byte, o ParseOptions) (*UserMaps, error) {
	p := parser{file: file, opts: o}
	id := &UserMaps{File: file}
	var errs []error
	for _, tl := range p.tokenizeFile(file, string(data), 0) {
		if tl.err != nil {
			errs = append(errs, tl.err)
			continue
		}
		l, err := p.parseIdentLine(tl)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		id.Lines = append(id.Lines, l)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return id, nil
}

func (p *parser) parseIdentLine(tl tokLine) (*IdentLine, *pgerror.Error) {
	l := &IdentLine{LineNum: tl.num}
	dst := []*string{&l.Map, &l.SystemUser, &l.Role}
	for i, d := range dst {
		if i >= len(tl.fields) {
			return nil, pgerror.New(pgerror.ConfigFileError, `missing entry in file "%s" at end of line %d`, p.file, tl.num)
		}
		if len(tl.fields[i]) > 1 {
			return nil, p.errorf(tl, "multiple values in ident field")
		}
		*d = tl.fields[i][0].Value
	}
	if strings.HasPrefix(l.SystemUser, "/") {
		re, err := regexp.Compile(l.SystemUser[1:])
		if err != nil {
			e := pgerror.New(pgerror.InvalidRegularExpression, `invalid regular expression "%s": %s`, l.SystemUser[1:], regexpErr(err))
			return nil, p.lineErr(tl.num, p.file, e)
		}
		l.re = re
	}
	return l, nil
}

func regexpErr(err error) string {
	var re *syntax.Error
	if errors.As(err, &re) {
		return string(re.Code)
	}
	return err.Error()
}

// Check reports whether the map named mapName lets systemUser (the name
// the peer, ident or cert method established) log in as role
// (PostgreSQL's check_ident_usermap). A regular expression's first
// parenthesized match replaces \1 in the role field.
func (id *UserMaps) Check(mapName, systemUser, role string) (bool, error) {
	if id == nil {
		return false, nil
	}
	for _, l := range id.Lines {
		if l.Map != mapName {
			continue
		}
		if l.re == nil {
			if l.SystemUser == systemUser && l.Role == role {
				return true, nil
			}
			continue
		}
		m := l.re.FindStringSubmatch(systemUser)
		if m == nil {
			continue
		}
		want := l.Role
		if i := strings.Index(want, `\1`); i >= 0 {
			if len(m) < 2 {
				return false, pgerror.New(pgerror.InvalidRegularExpression,
					`regular expression "%s" has no subexpressions as requested by backreference in "%s"`, l.SystemUser[1:], l.Role)
			}
			want = want[:i] + m[1] + want[i+2:]
		}
		if want == role {
			return true, nil
		}
	}
	return false, nil
}
