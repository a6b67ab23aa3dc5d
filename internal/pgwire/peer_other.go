//go:build !linux

package pgwire

// PeerClosed cannot look at the socket here; the client's departure is
// noticed at the next read or write.
func (c *Conn) PeerClosed() bool { return false }
