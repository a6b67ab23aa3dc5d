//go:build !linux

package auth

import (
	"errors"
	"net"
)

// peerUID is not implemented on this platform.
func peerUID(*net.UnixConn) (int, error) {
	return 0, errors.New("peer authentication is not supported on this platform")
}
