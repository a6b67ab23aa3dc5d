package hba

import (
	"errors"
	"net"
	"testing"
)

func TestMatch(t *testing.T) {
	conf := `
local   all        postgres                trust
local   sameuser   all                     md5
local   samerole   all                     password
hostssl all        +admins   10.0.0.0/8    cert
hostnossl all      all       10.0.0.0 255.0.0.0 reject
host    "all"      all       192.168.0.0/16 scram-sha-256
host    db1,db2    alice,bob 192.168.0.0/16 md5
host    all        all       ::1/128        trust
host    all        all       samehost       password
host    all        all       samenet        md5
host    all        all       .example.com   trust
hostgssenc all     all       all            trust
host    all        all       all            reject
`
	cf, _, err := Parse("pg_hba.conf", []byte(conf), ParseOptions{SSL: true})
	if err != nil {
		t.Fatal(err)
	}
	members := map[string]bool{"admins": true, "sales": true}
	ifaces := func() ([]net.Addr, error) {
		return []net.Addr{&net.IPNet{IP: net.ParseIP("172.16.5.1"), Mask: net.CIDRMask(24, 32)}}, nil
	}
	lookupAddr := func(addr string) ([]string, error) {
		switch addr {
		case "203.0.113.7":
			return []string{"db.example.com."}, nil
		case "203.0.113.8":
			return []string{"spoof.example.com."}, nil
		}
		return nil, errors.New("no name")
	}
	lookupHost := func(host string) ([]string, error) {
		switch host {
		case "db.example.com":
			return []string{"203.0.113.7"}, nil
		case "spoof.example.com":
			return []string{"198.51.100.1"}, nil
		}
		return nil, errors.New("no such host")
	}
	for _, c := range []struct {
		name string
		conn Conn
		line int // 0: no match
	}{
		{"local postgres", Conn{Local: true, User: "postgres", Database: "x"}, 2},
		{"local sameuser", Conn{Local: true, User: "alice", Database: "alice"}, 3},
		{"local samerole", Conn{Local: true, User: "alice", Database: "sales"}, 4},
		{"local samerole, no role", Conn{Local: true, User: "ghost", Database: "sales"}, 0},
		{"local nothing", Conn{Local: true, User: "alice", Database: "other"}, 0},
		{"ssl +group", Conn{Addr: net.ParseIP("10.1.2.3"), SSL: true, User: "alice", Database: "d"}, 5},
		{"ssl not member", Conn{Addr: net.ParseIP("10.1.2.3"), SSL: true, User: "bob", Database: "d"}, 14},
		{"nossl mask", Conn{Addr: net.ParseIP("10.1.2.3"), User: "bob", Database: "d"}, 6},
		{"quoted all is a name", Conn{Addr: net.ParseIP("192.168.1.1"), User: "alice", Database: "db1"}, 8},
		{"quoted all matches all", Conn{Addr: net.ParseIP("192.168.1.1"), User: "alice", Database: "all"}, 7},
		{"v4-mapped", Conn{Addr: net.ParseIP("::ffff:192.168.1.1"), User: "x", Database: "all"}, 7},
		{"ipv6", Conn{Addr: net.ParseIP("::1"), User: "x", Database: "d"}, 9},
		{"samehost", Conn{Addr: net.ParseIP("172.16.5.1"), User: "x", Database: "d"}, 10},
		{"samenet", Conn{Addr: net.ParseIP("172.16.5.77"), User: "x", Database: "d"}, 11},
		{"hostname suffix", Conn{Addr: net.ParseIP("203.0.113.7"), User: "x", Database: "d"}, 12},
		{"hostname forward mismatch", Conn{Addr: net.ParseIP("203.0.113.8"), User: "x", Database: "d"}, 14},
		{"gssenc never", Conn{Addr: net.ParseIP("198.51.100.9"), User: "x", Database: "d"}, 14},
	} {
		c.conn.Interfaces, c.conn.LookupAddr, c.conn.LookupHost = ifaces, lookupAddr, lookupHost
		if c.conn.User != "ghost" {
			user := c.conn.User
			c.conn.IsMember = func(r string) bool { return r == user || members[r] && user == "alice" }
		}
		l := cf.Match(c.conn)
		got := 0
		if l != nil {
			got = l.LineNum
		}
		if got != c.line {
			t.Errorf("%s: matched line %d, want %d", c.name, got, c.line)
		}
	}
}
