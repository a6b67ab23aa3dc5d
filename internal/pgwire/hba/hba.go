package hba

import (
	"net"
	"strings"
)

// ConnType is the first field of a line: how the connection arrives.
type ConnType uint8

// The connection types (PostgreSQL's ConnType).
const (
	Local     ConnType = iota // Unix-domain socket
	Host                      // TCP, with or without TLS
	HostSSL                   // TCP with TLS
	HostNoSSL                 // TCP without TLS
	HostGSS                   // TCP with GSSAPI encryption (never, in tusk)
	HostNoGSS                 // TCP without GSSAPI encryption
)

var connTypeNames = [...]string{"local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc"}

func (t ConnType) String() string { return connTypeNames[t] }

// Method is an authentication method (PostgreSQL's UserAuth).
type Method uint8

// The methods. ImplicitReject is what a connection that matches no line
// gets.
const (
	ImplicitReject Method = iota
	Reject
	Trust
	Ident
	Peer
	Password
	MD5
	SCRAM
	GSS
	SSPI
	PAM
	BSD
	LDAP
	Cert
	RADIUS
)

var methodNames = [...]string{"implicit reject", "reject", "trust", "ident", "peer", "password", "md5", "scram-sha-256", "gss", "sspi", "pam", "bsd", "ldap", "cert", "radius"}

func (m Method) String() string { return methodNames[m] }

// AddrMatch says how a host line's address field matches.
type AddrMatch uint8

// The address kinds.
const (
	AddrMask     AddrMatch = iota // an address with a mask (Addr, Mask)
	AddrHostname                  // a host name or a .suffix (Hostname)
	AddrAll                       // all
	AddrSameHost                  // samehost: any address of this machine
	AddrSameNet                   // samenet: any subnet of this machine
)

// ClientCert is the clientcert option.
type ClientCert uint8

// The clientcert values.
const (
	ClientCertOff  ClientCert = iota
	ClientCertCA              // verify-ca: a certificate signed by ssl_ca_file
	ClientCertFull            // verify-full: also its name must be the user's
)

// ClientName is the clientname option: which certificate field names the
// user.
type ClientName uint8

// The clientname values.
const (
	ClientNameCN ClientName = iota
	ClientNameDN
)

// Token is one item of a database or user list. Quoted tokens are names,
// never keywords.
type Token struct {
	Value  string
	Quoted bool
}

// IsKeyword reports whether t is the unquoted keyword kw.
func (t Token) IsKeyword(kw string) bool { return !t.Quoted && t.Value == kw }

// Option is one name=value option of a line.
type Option struct{ Name, Value string }

// Line is one parsed line of pg_hba.conf.
type Line struct {
	// LineNum is the line's number in its file (the first line of a
	// continued line), and Raw its text.
	LineNum int
	Raw     string

	Type      ConnType
	Databases []Token
	Users     []Token

	// The address, for lines other than local ones.
	AddrKind AddrMatch
	Addr     net.IP
	Mask     net.IPMask
	Hostname string

	Method     Method
	Options    []Option
	ClientCert ClientCert
	ClientName ClientName
	// UserMap is the map option (a pg_ident.conf map name), or "".
	UserMap string
}

// Option returns the value of a named option.
func (l *Line) Option(name string) (string, bool) {
	for _, o := range l.Options {
		if o.Name == name {
			return o.Value, true
		}
	}
	return "", false
}

// Conf is a parsed pg_hba.conf. It is immutable and safe for concurrent
// use.
type Conf struct {
	// File is the path the file was read from (for messages).
	File  string
	Lines []*Line
}

// Conn describes a connection to match against the lines.
type Conn struct {
	// Local is set for Unix-domain sockets; Addr is the client's address
	// otherwise.
	Local bool
	Addr  net.IP
	// SSL is set when the connection uses TLS.
	SSL bool
	// Database and User are the names from the startup packet.
	Database, User string
	// IsMember reports whether the connecting role is a member (directly
	// or indirectly, or by being it) of the named role. It is nil when
	// the role does not exist, and then nothing matches +group or
	// samerole. Used only for those.
	IsMember func(role string) bool
	// LookupAddr resolves an address to host names for host-name lines;
	// nil means net.LookupAddr. LookupHost resolves a name back to
	// addresses (nil: net.LookupHost).
	LookupAddr func(addr string) ([]string, error)
	LookupHost func(host string) ([]string, error)
	// Interfaces lists this machine's addresses for samehost and samenet;
	// nil means net.InterfaceAddrs.
	Interfaces func() ([]net.Addr, error)
}

// Match returns the first line that applies to c, or nil when none does
// (PostgreSQL's check_hba; the caller then rejects the connection).
func (cf *Conf) Match(c Conn) *Line {
	m := matcher{Conn: c}
	for _, l := range cf.Lines {
		if m.matches(l) {
			return l
		}
	}
	return nil
}

type matcher struct {
	Conn
	// remote host name lookup, done once: resolved 0 not yet, 1 ok, -1
	// failed.
	resolved int
	hostname string
	verified int
}

func (m *matcher) matches(l *Line) bool {
	if l.Type == Local {
		if !m.Local {
			return false
		}
	} else {
		if m.Local {
			return false
		}
		switch l.Type {
		case HostSSL:
			if !m.SSL {
				return false
			}
		case HostNoSSL:
			if m.SSL {
				return false
			}
		case HostGSS:
			// tusk never negotiates GSSAPI encryption.
			return false
		}
		if !m.addrMatches(l) {
			return false
		}
	}
	return m.dbMatches(l.Databases) && m.userMatches(l.Users)
}

// dbMatches is PostgreSQL's check_db for a non-replication connection.
func (m *matcher) dbMatches(toks []Token) bool {
	for _, t := range toks {
		switch {
		case t.IsKeyword("all"):
			return true
		case t.IsKeyword("sameuser"):
			if m.Database == m.User {
				return true
			}
		case t.IsKeyword("samegroup"), t.IsKeyword("samerole"):
			if m.IsMember != nil && m.IsMember(m.Database) {
				return true
			}
		case t.IsKeyword("replication"):
			// Only physical replication connections match it.
		case t.Value == m.Database:
			return true
		}
	}
	return false
}

// userMatches is PostgreSQL's check_role.
func (m *matcher) userMatches(toks []Token) bool {
	for _, t := range toks {
		if !t.Quoted && strings.HasPrefix(t.Value, "+") {
			if m.IsMember != nil && m.IsMember(t.Value[1:]) {
				return true
			}
		} else if t.Value == m.User || t.IsKeyword("all") {
			return true
		}
	}
	return false
}

func (m *matcher) addrMatches(l *Line) bool {
	switch l.AddrKind {
	case AddrAll:
		return true
	case AddrMask:
		return ipInRange(m.Addr, l.Addr, l.Mask)
	case AddrHostname:
		return m.hostnameMatches(l.Hostname)
	case AddrSameHost, AddrSameNet:
		ifaces := m.Interfaces
		if ifaces == nil {
			ifaces = net.InterfaceAddrs
		}
		addrs, err := ifaces()
		if err != nil {
			return false
		}
		for _, a := range addrs {
			n, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			if l.AddrKind == AddrSameHost {
				if ipInRange(m.Addr, n.IP, fullMask(n.IP)) {
					return true
				}
			} else if ipInRange(m.Addr, n.IP, n.Mask) {
				return true
			}
		}
	}
	return false
}

// ipInRange reports whether ip is in the network addr/mask; addresses of
// different families never match, as in PostgreSQL's check_ip.
func ipInRange(ip, addr net.IP, mask net.IPMask) bool {
	ip, addr = normalizeIP(ip), normalizeIP(addr)
	if ip == nil || addr == nil || len(ip) != len(addr) || len(mask) != len(ip) {
		return false
	}
	for i := range ip {
		if (ip[i]^addr[i])&mask[i] != 0 {
			return false
		}
	}
	return true
}

// normalizeIP returns a 4-byte form for IPv4 (including IPv4-mapped IPv6
// addresses, which is how a dual-stack listener reports IPv4 clients).
func normalizeIP(ip net.IP) net.IP {
	if v4 := ip.To4(); v4 != nil {
		return v4
	}
	return ip.To16()
}

func fullMask(ip net.IP) net.IPMask {
	if ip.To4() != nil {
		return net.CIDRMask(32, 32)
	}
	return net.CIDRMask(128, 128)
}

// hostnameMatches is PostgreSQL's check_hostname: the client's address
// must resolve to a name matching the pattern (a ".suffix" matches the
// end of the name), and that name must resolve back to the address.
func (m *matcher) hostnameMatches(pattern string) bool {
	if m.resolved < 0 {
		return false
	}
	if m.resolved == 0 {
		lookup := m.LookupAddr
		if lookup == nil {
			lookup = net.LookupAddr
		}
		names, err := lookup(m.Addr.String())
		if err != nil || len(names) == 0 {
			m.resolved = -1
			return false
		}
		m.resolved = 1
		m.hostname = strings.TrimSuffix(names[0], ".")
	}
	if !hostnameMatch(pattern, m.hostname) {
		return false
	}
	if m.verified == 0 {
		lookup := m.LookupHost
		if lookup == nil {
			lookup = net.LookupHost
		}
		m.verified = -1
		addrs, _ := lookup(m.hostname)
		for _, a := range addrs {
			if ip := net.ParseIP(a); ip != nil && normalizeIP(ip).Equal(normalizeIP(m.Addr)) {
				m.verified = 1
				break
			}
		}
	}
	return m.verified > 0
}

func hostnameMatch(pattern, name string) bool {
	if strings.HasPrefix(pattern, ".") {
		return len(name) >= len(pattern) && strings.EqualFold(pattern, name[len(name)-len(pattern):])
	}
	return strings.EqualFold(pattern, name)
}
