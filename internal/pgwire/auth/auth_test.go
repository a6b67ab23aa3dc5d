package auth

import (
	"fmt"
	"net"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire"
	"github.com/tuskdb/tusk/internal/pgwire/hba"
)

// serve runs Authenticate on the server end of a connection pair while
// client plays the client, and returns the result and the log.
func serve(t *testing.T, server, client net.Conn, r *Request, play func(fe *pgproto3.Frontend)) (error, string) {
	t.Helper()
	var log []string
	r.Log = func(format string, args ...any) { log = append(log, fmt.Sprintf(format, args...)) }
	done := make(chan error, 1)
	go func() {
		c := pgwire.NewConn(server)
		err := Authenticate(c, r)
		c.Flush()
		server.Close()
		done <- err
	}()
	play(pgproto3.NewFrontend(client, client))
	client.Close()
	return <-done, strings.Join(log, "\n")
}

func line(t *testing.T, text string) *hba.Line {
	t.Helper()
	cf, _, err := hba.Parse("pg_hba.conf", []byte(text+"\n"), hba.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return cf.Lines[0]
}

// TestMD5Log checks an md5 exchange with a wrong password: the message
// the client gets and the detail only the log gets.
func TestMD5Log(t *testing.T) {
	a, b := net.Pipe()
	r := &Request{Line: line(t, "host all all 127.0.0.1/32 md5"), User: "alice", Database: "db", Addr: net.IPv4(127, 0, 0, 1), RoleExists: true, Secret: MD5("right", "alice")}
	err, log := serve(t, a, b, r, func(fe *pgproto3.Frontend) {
		m, err := fe.Receive()
		if err != nil {
			t.Error(err)
			return
		}
		if _, ok := m.(*pgproto3.AuthenticationMD5Password); !ok {
			t.Errorf("got %T", m)
			return
		}
		fe.Send(&pgproto3.PasswordMessage{Password: "md5" + strings.Repeat("0", 32)})
		fe.Flush()
	})
	var pe *pgerror.Error
	if !asPG(err, &pe) || pe.Code != pgerror.InvalidPassword || pe.Message != `password authentication failed for user "alice"` {
		t.Fatalf("error: %v", err)
	}
	want := "FATAL:  password authentication failed for user \"alice\"\nDETAIL:  Password does not match for user \"alice\".\nConnection matched pg_hba.conf line 1: \"host all all 127.0.0.1/32 md5\""
	if log != want {
		t.Fatalf("log:\n%s\nwant:\n%s", log, want)
	}
}

func asPG(err error, pe **pgerror.Error) bool {
	e, ok := err.(*pgerror.Error)
	*pe = e
	return ok
}

// TestPeer checks peer authentication over a real Unix-domain socket: the
// operating-system user of this process may log in as the role of the
// same name and no other.
func TestPeer(t *testing.T) {
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("unix", filepath.Join(t.TempDir(), "s"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, c := range []struct {
		user string
		want string
	}{{me.Username, ""}, {me.Username + "x", `Peer authentication failed for user "` + me.Username + `x"`}} {
		client, err := net.Dial("unix", l.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		server, err := l.Accept()
		if err != nil {
			t.Fatal(err)
		}
		r := &Request{Line: line(t, "local all all peer"), User: c.user, Database: "db", Local: true, RoleExists: true}
		err, _ = serve(t, server, client, r, func(*pgproto3.Frontend) {})
		got := ""
		if err != nil {
			got = err.(*pgerror.Error).Message
		}
		if got != c.want {
			t.Errorf("peer as %s: %q, want %q", c.user, got, c.want)
		}
	}
}

// TestClientCertWithoutCA checks the refusal of clientcert without a root
// certificate store, before any exchange.
func TestClientCertWithoutCA(t *testing.T) {
	a, b := net.Pipe()
	r := &Request{Line: line(t, "hostssl all all all md5 clientcert=verify-ca"), User: "alice", Database: "db", Addr: net.IPv4(127, 0, 0, 1)}
	err, _ := serve(t, a, b, r, func(*pgproto3.Frontend) {})
	if pe, ok := err.(*pgerror.Error); !ok || pe.Code != pgerror.ConfigFileError || pe.Message != "client certificates can only be checked if a root certificate store is available" {
		t.Fatalf("got %v", err)
	}
}

func TestParseIdentResponse(t *testing.T) {
	for resp, want := range map[string]string{
		"6193, 23 : USERID : UNIX : stjohns\r\n": "stjohns",
		"1,2:USERID:UNIX,US-ASCII:  bob \r\n":    "bob ",
		"6195, 23 : ERROR : NO-USER\r\n":         "",
		"1,2 : USERID : UNIX : alice\n":          "",
		"1,2 : USERID\r\n":                       "",
	} {
		got, ok := parseIdentResponse(resp)
		if ok != (want != "") || got != want {
			t.Errorf("%q: %q %v", resp, got, ok)
		}
	}
}
