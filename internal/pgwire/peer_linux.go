//go:build linux

package pgwire

import (
	"crypto/tls"
	"net"
	"syscall"

	"golang.org/x/sys/unix"
)

// PeerClosed reports whether the client has closed its end of the
// connection: a non-blocking peek at the socket reads end of file. Data
// waiting to be read (a pipelined command) means the client is still
// there. It is safe to call while another goroutine reads from c.
func (c *Conn) PeerClosed() bool {
	var nc net.Conn = c.Conn
	if tc, ok := nc.(*tls.Conn); ok {
		nc = tc.NetConn()
	}
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	closed := false
	var buf [1]byte
	rc.Control(func(fd uintptr) {
		n, _, err := unix.Recvfrom(int(fd), buf[:], unix.MSG_PEEK|unix.MSG_DONTWAIT)
		switch {
		case err == nil && n == 0:
			closed = true
		case err == unix.ECONNRESET || err == unix.EPIPE:
			closed = true
		}
	})
	return closed
}
