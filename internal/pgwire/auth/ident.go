package auth

import (
	"bufio"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/tuskdb/tusk/internal/pgwire"
)

// identPort is the Identification Protocol's port (RFC 1413).
const identPort = 113

// identTimeout bounds the exchange with the client's ident server; the
// connection's authentication_timeout bounds it too.
var identTimeout = 10 * time.Second

// ident runs ident authentication over TCP (PostgreSQL's ident_inet): ask
// the ident server on the client's machine who owns the client's end of
// the connection, then check that name against the role (or the line's
// user name map).
func (r *Request) ident(c *pgwire.Conn) error {
	remote, ok1 := c.RemoteAddr().(*net.TCPAddr)
	local, ok2 := c.LocalAddr().(*net.TCPAddr)
	if !ok1 || !ok2 {
		return errFailed
	}
	d := net.Dialer{Timeout: identTimeout, LocalAddr: &net.TCPAddr{IP: local.IP}}
	ic, err := d.Dial("tcp", net.JoinHostPort(remote.IP.String(), strconv.Itoa(identPort)))
	if err != nil {
		r.log(`LOG:  could not connect to Ident server at address "%s", port %d: %v`, remote.IP, identPort, err)
		return errFailed
	}
	defer ic.Close()
	ic.SetDeadline(time.Now().Add(identTimeout))
	if _, err := fmt.Fprintf(ic, "%d,%d\r\n", remote.Port, local.Port); err != nil {
		r.log(`LOG:  could not send query to Ident server at address "%s", port %d: %v`, remote.IP, identPort, err)
		return errFailed
	}
	resp, err := bufio.NewReader(ic).ReadString('\n')
	if err != nil && resp == "" {
		r.log(`LOG:  could not receive response from Ident server at address "%s", port %d: %v`, remote.IP, identPort, err)
		return errFailed
	}
	user, ok := parseIdentResponse(resp)
	if !ok {
		r.log(`LOG:  invalidly formatted response from Ident server: "%s"`, strings.TrimRight(resp, "\r\n"))
		return errFailed
	}
	return r.checkUserMap(user)
}

// parseIdentResponse extracts the user name from an ident reply
// "<ports> : USERID : <os> : <name>\r\n" (PostgreSQL's
// interpret_ident_response).
func parseIdentResponse(resp string) (string, bool) {
	resp = strings.TrimSuffix(resp, "\n")
	if !strings.HasSuffix(resp, "\r") {
		return "", false
	}
	resp = strings.TrimSuffix(resp, "\r")
	_, rest, ok := strings.Cut(resp, ":")
	if !ok {
		return "", false
	}
	typ, rest, ok := strings.Cut(rest, ":")
	if !ok || strings.Trim(typ, " \t") != "USERID" {
		return "", false
	}
	_, name, ok := strings.Cut(rest, ":")
	if !ok {
		return "", false
	}
	return strings.TrimLeft(name, " \t"), true
}
