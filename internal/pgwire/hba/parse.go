package hba

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// maxToken is PostgreSQL's MAX_TOKEN: the longest token is one less.
const maxToken = 256

// ParseOptions are the server settings that parsing depends on.
type ParseOptions struct {
	// SSL is the ssl setting: hostssl lines draw a warning without it.
	SSL bool
	// DBUserNamespace is db_user_namespace, which rules out md5.
	DBUserNamespace bool
	// ReadFile reads @-included files; nil means os.ReadFile.
	ReadFile func(path string) ([]byte, error)
}

// Load reads and parses the file at path. It returns every error found
// (joined) and no Conf when there is any, as PostgreSQL refuses a file
// with errors. warnings are problems PostgreSQL only logs.
func Load(path string, o ParseOptions) (cf *Conf, warnings []*pgerror.Error, err error) {
	data, err := readFile(o, path)
	if err != nil {
		return nil, nil, pgerror.Wrap(err, pgerror.ConfigFileError, `could not open configuration file "%s": %s`, path, errnoText(err))
	}
	return Parse(path, data, o)
}

func readFile(o ParseOptions, path string) ([]byte, error) {
	if o.ReadFile != nil {
		return o.ReadFile(path)
	}
	return os.ReadFile(path)
}

// errnoText renders an I/O error as strerror would.
func errnoText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		return strings.ToUpper(s[:1]) + s[1:]
	}
	if errors.Is(err, fs.ErrNotExist) {
		return "No such file or directory"
	}
	return err.Error()
}

// Parse parses the text of a pg_hba.conf read from file (the name is used
// for messages and to resolve @-inclusions).
func Parse(file string, data []byte, o ParseOptions) (*Conf, []*pgerror.Error, error) {
	p := parser{file: file, opts: o}
	cf := &Conf{File: file}
	var errs []error
	for _, r := range p.parseAll(data) {
		if r.err != nil {
			errs = append(errs, r.err)
			continue
		}
		cf.Lines = append(cf.Lines, r.line)
	}
	if len(errs) == 0 && len(cf.Lines) == 0 {
		errs = append(errs, pgerror.New(pgerror.ConfigFileError, `configuration file "%s" contains no entries`, file))
	}
	if len(errs) > 0 {
		return nil, p.warnings, errors.Join(errs...)
	}
	return cf, p.warnings, nil
}

// lineResult is the outcome of one line: a Line or its error.
type lineResult struct {
	num  int
	line *Line
	err  *pgerror.Error
}

func (p *parser) parseAll(data []byte) []lineResult {
	var out []lineResult
	for _, tl := range p.tokenizeFile(p.file, string(data), 0) {
		r := lineResult{num: tl.num, err: tl.err}
		if r.err == nil {
			r.line, r.err = p.parseLine(tl)
		}
		out = append(out, r)
	}
	return out
}

type parser struct {
	file     string
	opts     ParseOptions
	warnings []*pgerror.Error
}

// tokLine is one logical line split into fields, each a list of tokens.
type tokLine struct {
	num    int
	raw    string
	fields [][]Token
	err    *pgerror.Error
}

// tokenizeFile splits a file into lines of fields (PostgreSQL's
// tokenize_auth_file): backslash at the very end of a line continues it,
// '#' starts a comment outside quotes, lines without fields are dropped.
func (p *parser) tokenizeFile(file, text string, depth int) []tokLine {
	var out []tokLine
	phys := strings.Split(text, "\n")
	if len(phys) > 0 && phys[len(phys)-1] == "" {
		phys = phys[:len(phys)-1]
	}
	for i := 0; i < len(phys); {
		num := i + 1
		var b strings.Builder
		for i < len(phys) {
			s := strings.TrimRight(phys[i], "\r\n")
			i++
			if strings.HasSuffix(s, `\`) {
				b.WriteString(s[:len(s)-1])
				continue
			}
			b.WriteString(s)
			break
		}
		raw := b.String()
		tl := tokLine{num: num, raw: raw}
		rest := raw
		for rest != "" && tl.err == nil {
			var field []Token
			field, rest, tl.err = p.nextField(file, rest, depth)
			if tl.err != nil {
				tl.err = p.lineErr(num, file, tl.err)
				break
			}
			if field != nil {
				tl.fields = append(tl.fields, field)
			}
		}
		if tl.fields != nil || tl.err != nil {
			out = append(out, tl)
		}
	}
	return out
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

// nextToken reads one token (PostgreSQL's next_token): it skips blanks and
// commas, then reads to an unquoted blank or comma. Two double quotes
// inside quotes are one literal quote. ok is false when no token was
// found.
func nextToken(s string) (tok Token, rest string, comma, ok bool, err *pgerror.Error) {
	i := 0
	for i < len(s) && (isBlank(s[i]) || s[i] == ',') {
		i++
	}
	var buf []byte
	inQuote, wasQuote, sawQuote := false, false, false
	for ; i < len(s) && (!isBlank(s[i]) || inQuote); i++ {
		c := s[i]
		if c == '#' && !inQuote {
			i = len(s)
			break
		}
		if len(buf) >= maxToken-1 {
			err = pgerror.New(pgerror.ConfigFileError, `authentication file token too long, skipping: "%s"`, buf)
			return Token{}, "", false, false, err
		}
		if c == ',' && !inQuote {
			comma = true
			i++
			break
		}
		if c != '"' || wasQuote {
			buf = append(buf, c)
		}
		if inQuote && c == '"' {
			wasQuote = !wasQuote
		} else {
			wasQuote = false
		}
		if c == '"' {
			inQuote = !inQuote
			sawQuote = true
			if len(buf) == 0 {
				tok.Quoted = true
			}
		}
	}
	tok.Value = string(buf)
	return tok, s[i:], comma, sawQuote || len(buf) > 0, nil
}

// nextField reads one field: a comma-separated list of tokens, with
// @file references expanded (PostgreSQL's next_field_expand).
func (p *parser) nextField(file, s string, depth int) ([]Token, string, *pgerror.Error) {
	var toks []Token
	for {
		tok, rest, comma, ok, err := nextToken(s)
		s = rest
		if err != nil {
			return nil, "", err
		}
		if !ok {
			break
		}
		if !tok.Quoted && len(tok.Value) > 1 && tok.Value[0] == '@' {
			inc, err := p.includeFile(file, tok.Value[1:], depth)
			if err != nil {
				return nil, "", err
			}
			toks = append(toks, inc...)
		} else {
			toks = append(toks, tok)
		}
		if !comma {
			break
		}
	}
	return toks, s, nil
}

// includeFile returns every token of an @-included file, which is
// relative to the including file's directory.
func (p *parser) includeFile(outer, name string, depth int) ([]Token, *pgerror.Error) {
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(outer), name)
	}
	if depth > 10 {
		return nil, pgerror.New(pgerror.ConfigFileError, `could not open secondary authentication file "@%s" as "%s": maximum nesting depth exceeded`, name, path)
	}
	data, err := readFile(p.opts, path)
	if err != nil {
		return nil, pgerror.New(pgerror.ConfigFileError, `could not open secondary authentication file "@%s" as "%s": %s`, name, path, errnoText(err))
	}
	var toks []Token
	for _, tl := range p.tokenizeFile(path, string(data), depth+1) {
		if tl.err != nil {
			return nil, tl.err
		}
		for _, f := range tl.fields {
			toks = append(toks, f...)
		}
	}
	return toks, nil
}

// lineErr adds the context line PostgreSQL attaches to file errors.
func (p *parser) lineErr(num int, file string, e *pgerror.Error) *pgerror.Error {
	if e.Where == "" {
		e.Where = fmt.Sprintf(`line %d of configuration file "%s"`, num, file)
	}
	return e
}

func (p *parser) errorf(tl tokLine, format string, args ...any) *pgerror.Error {
	return p.lineErr(tl.num, p.file, pgerror.New(pgerror.ConfigFileError, format, args...))
}

var methodByName = map[string]Method{
	"trust": Trust, "ident": Ident, "peer": Peer, "password": Password, "gss": GSS,
	"reject": Reject, "md5": MD5, "scram-sha-256": SCRAM, "pam": PAM, "ldap": LDAP,
	"cert": Cert, "radius": RADIUS,
}

// parseLine turns a tokenized line into a Line (PostgreSQL's
// parse_hba_line), with the same checks and messages.
func (p *parser) parseLine(tl tokLine) (*Line, *pgerror.Error) {
	l := &Line{LineNum: tl.num, Raw: tl.raw}
	fields := tl.fields
	next := func() ([]Token, bool) {
		if len(fields) == 0 {
			return nil, false
		}
		f := fields[0]
		fields = fields[1:]
		return f, true
	}
	f, _ := next()
	if len(f) > 1 {
		return nil, p.errorf(tl, "multiple values specified for connection type").WithHint("Specify exactly one connection type per line.")
	}
	switch typ := tokenValue(f); typ {
	case "local":
		l.Type = Local
	case "host":
		l.Type = Host
	case "hostssl":
		l.Type = HostSSL
		if !p.opts.SSL {
			w := p.errorf(tl, "hostssl record cannot match because SSL is disabled").WithHint("Set ssl = on in postgresql.conf.")
			w.Severity = pgerror.SeverityLog
			p.warnings = append(p.warnings, w)
		}
	case "hostnossl":
		l.Type = HostNoSSL
	case "hostgssenc":
		l.Type = HostGSS
	case "hostnogssenc":
		l.Type = HostNoGSS
	default:
		return nil, p.errorf(tl, `invalid connection type "%s"`, typ)
	}

	if l.Databases, _ = next(); l.Databases == nil {
		return nil, p.errorf(tl, "end-of-line before database specification")
	}
	if l.Users, _ = next(); l.Users == nil {
		return nil, p.errorf(tl, "end-of-line before role specification")
	}

	if l.Type != Local {
		f, ok := next()
		if !ok {
			return nil, p.errorf(tl, "end-of-line before IP address specification")
		}
		if len(f) > 1 {
			return nil, p.errorf(tl, "multiple values specified for host address").WithHint("Specify one address range per line.")
		}
		tok := f[0]
		switch {
		case tok.IsKeyword("all"):
			l.AddrKind = AddrAll
		case tok.IsKeyword("samehost"):
			l.AddrKind = AddrSameHost
		case tok.IsKeyword("samenet"):
			l.AddrKind = AddrSameNet
		default:
			str, bits, hasBits := strings.Cut(tok.Value, "/")
			ip := net.ParseIP(str)
			if ip == nil {
				l.AddrKind = AddrHostname
				l.Hostname = str
				if hasBits {
					return nil, p.errorf(tl, `specifying both host name and CIDR mask is invalid: "%s"`, tok.Value)
				}
				break
			}
			l.AddrKind = AddrMask
			l.Addr = normalizeIP(ip)
			if hasBits {
				n, err := strconv.Atoi(bits)
				if err != nil || n < 0 || n > len(l.Addr)*8 {
					return nil, p.errorf(tl, `invalid CIDR mask in address "%s"`, tok.Value)
				}
				l.Mask = net.CIDRMask(n, len(l.Addr)*8)
				break
			}
			f, ok := next()
			if !ok {
				return nil, p.errorf(tl, "end-of-line before netmask specification").WithHint("Specify an address range in CIDR notation, or provide a separate netmask.")
			}
			if len(f) > 1 {
				return nil, p.errorf(tl, "multiple values specified for netmask")
			}
			m := net.ParseIP(f[0].Value)
			if m == nil {
				return nil, p.errorf(tl, `invalid IP mask "%s": Name or service not known`, f[0].Value)
			}
			m = normalizeIP(m)
			if len(m) != len(l.Addr) {
				return nil, p.errorf(tl, "IP address and mask do not match")
			}
			l.Mask = net.IPMask(m)
		}
	}

	f, ok := next()
	if !ok {
		return nil, p.errorf(tl, "end-of-line before authentication method")
	}
	if len(f) > 1 {
		return nil, p.errorf(tl, "multiple values specified for authentication type").WithHint("Specify exactly one authentication type per line.")
	}
	name := f[0].Value
	m, known := methodByName[name]
	switch {
	case name == "sspi" || name == "bsd":
		return nil, p.errorf(tl, `invalid authentication method "%s": not supported by this build`, name)
	case !known:
		return nil, p.errorf(tl, `invalid authentication method "%s"`, name)
	case m == MD5 && p.opts.DBUserNamespace:
		return nil, p.errorf(tl, `MD5 authentication is not supported when "db_user_namespace" is enabled`)
	}
	l.Method = m
	if l.Type == Local && m == Ident {
		l.Method = Peer
	}
	switch {
	case l.Type == Local && l.Method == GSS:
		return nil, p.errorf(tl, "gssapi authentication is not supported on local sockets")
	case l.Type != Local && l.Method == Peer:
		return nil, p.errorf(tl, "peer authentication is only supported on local sockets")
	case l.Type != HostSSL && l.Method == Cert:
		return nil, p.errorf(tl, "cert authentication is only supported on hostssl connections")
	}

	for _, f := range fields {
		for _, tok := range f {
			name, val, ok := strings.Cut(tok.Value, "=")
			if !ok {
				return nil, p.errorf(tl, "authentication option not in name=value format: %s", tok.Value)
			}
			if err := p.parseOption(tl, l, name, val); err != nil {
				return nil, err
			}
		}
	}
	if err := p.checkMandatory(tl, l); err != nil {
		return nil, err
	}
	if l.Method == Cert {
		l.ClientCert = ClientCertFull
	}
	return l, nil
}

func tokenValue(f []Token) string {
	if len(f) == 0 {
		return ""
	}
	return f[0].Value
}

// optionMethods lists which methods each option is valid for, and the
// list as PostgreSQL's message names it.
var optionMethods = map[string]struct {
	methods []Method
	names   string
}{
	"map":                 {[]Method{Ident, Peer, GSS, SSPI, Cert}, "ident, peer, gssapi, sspi, and cert"},
	"pamservice":          {[]Method{PAM}, "pam"},
	"pam_use_hostname":    {[]Method{PAM}, "pam"},
	"ldapurl":             {[]Method{LDAP}, "ldap"},
	"ldaptls":             {[]Method{LDAP}, "ldap"},
	"ldapscheme":          {[]Method{LDAP}, "ldap"},
	"ldapserver":          {[]Method{LDAP}, "ldap"},
	"ldapport":            {[]Method{LDAP}, "ldap"},
	"ldapbinddn":          {[]Method{LDAP}, "ldap"},
	"ldapbindpasswd":      {[]Method{LDAP}, "ldap"},
	"ldapsearchattribute": {[]Method{LDAP}, "ldap"},
	"ldapsearchfilter":    {[]Method{LDAP}, "ldap"},
	"ldapbasedn":          {[]Method{LDAP}, "ldap"},
	"ldapprefix":          {[]Method{LDAP}, "ldap"},
	"ldapsuffix":          {[]Method{LDAP}, "ldap"},
	"krb_realm":           {[]Method{GSS, SSPI}, "gssapi and sspi"},
	"include_realm":       {[]Method{GSS, SSPI}, "gssapi and sspi"},
	"compat_realm":        {[]Method{SSPI}, "sspi"},
	"upn_username":        {[]Method{SSPI}, "sspi"},
	"radiusservers":       {[]Method{RADIUS}, "radius"},
	"radiussecrets":       {[]Method{RADIUS}, "radius"},
	"radiusidentifiers":   {[]Method{RADIUS}, "radius"},
	"radiusports":         {[]Method{RADIUS}, "radius"},
}

// parseOption checks one name=value option (PostgreSQL's
// parse_hba_auth_opt).
func (p *parser) parseOption(tl tokLine, l *Line, name, val string) *pgerror.Error {
	switch name {
	case "clientcert":
		if l.Type != HostSSL {
			return p.errorf(tl, `clientcert can only be configured for "hostssl" rows`)
		}
		switch val {
		case "verify-full":
			l.ClientCert = ClientCertFull
		case "verify-ca":
			if l.Method == Cert {
				return p.errorf(tl, `clientcert only accepts "verify-full" when using "cert" authentication`)
			}
			l.ClientCert = ClientCertCA
		default:
			return p.errorf(tl, `invalid value for clientcert: "%s"`, val)
		}
	case "clientname":
		if l.Type != HostSSL {
			return p.errorf(tl, `clientname can only be configured for "hostssl" rows`)
		}
		switch val {
		case "CN":
			l.ClientName = ClientNameCN
		case "DN":
			l.ClientName = ClientNameDN
		default:
			return p.errorf(tl, `invalid value for clientname: "%s"`, val)
		}
	default:
		om, ok := optionMethods[name]
		if !ok {
			return p.errorf(tl, `unrecognized authentication option name: "%s"`, name)
		}
		valid := false
		for _, m := range om.methods {
			valid = valid || l.Method == m
		}
		if !valid {
			return p.errorf(tl, `authentication option "%s" is only valid for authentication methods %s`, name, om.names)
		}
		switch name {
		case "map":
			l.UserMap = val
		case "ldapscheme":
			if val != "ldap" && val != "ldaps" {
				// PostgreSQL only logs this one.
				w := p.errorf(tl, `invalid ldapscheme value: "%s"`, val)
				w.Severity = pgerror.SeverityLog
				p.warnings = append(p.warnings, w)
			}
		case "ldapport":
			if n, _ := strconv.Atoi(val); n == 0 {
				return p.errorf(tl, `invalid LDAP port number: "%s"`, val)
			}
		}
	}
	l.Options = append(l.Options, Option{name, val})
	return nil
}

// checkMandatory enforces the options some methods require.
func (p *parser) checkMandatory(tl tokLine, l *Line) *pgerror.Error {
	has := func(name string) bool { _, ok := l.Option(name); return ok }
	switch l.Method {
	case LDAP:
		if has("ldapprefix") || has("ldapsuffix") {
			if has("ldapbasedn") || has("ldapbinddn") || has("ldapbindpasswd") || has("ldapsearchattribute") || has("ldapsearchfilter") {
				return p.errorf(tl, "cannot use ldapbasedn, ldapbinddn, ldapbindpasswd, ldapsearchattribute, ldapsearchfilter, or ldapurl together with ldapprefix")
			}
		} else if !has("ldapbasedn") && !has("ldapurl") {
			return p.errorf(tl, `authentication method "ldap" requires argument "ldapbasedn", "ldapprefix", or "ldapsuffix" to be set`)
		}
		if has("ldapsearchattribute") && has("ldapsearchfilter") {
			return p.errorf(tl, "cannot use ldapsearchattribute together with ldapsearchfilter")
		}
	case RADIUS:
		if !has("radiusservers") {
			return p.errorf(tl, `authentication method "radius" requires argument "radiusservers" to be set`)
		}
		if !has("radiussecrets") {
			return p.errorf(tl, `authentication method "radius" requires argument "radiussecrets" to be set`)
		}
	}
	return nil
}
