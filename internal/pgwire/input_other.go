//go:build !linux

package pgwire

import "net"

// kernelPending cannot look into the socket buffer here.
func kernelPending(net.Conn) bool { return false }
