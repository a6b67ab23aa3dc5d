package pgwire

import (
	"io"
	"sync/atomic"
)

// countingReader counts the bytes the protocol codec has read from the
// client, so that another goroutine can tell whether input arrived since a
// mark (Conn.InputSince).
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (r countingReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.n.Add(int64(n))
	return n, err
}

// InputMark returns a mark of the input read so far, for InputSince. Only
// the goroutine that calls Receive should take marks.
func (c *Conn) InputMark() int64 { return c.read.Load() }

// InputSince reports whether client input arrived after mark: read by the
// codec already, or waiting in the kernel's socket buffer. It is safe to
// call from any goroutine; a CancelRequest uses it to tell a backend
// waiting for a command from one about to receive it.
func (c *Conn) InputSince(mark int64) bool {
	return c.read.Load() != mark || kernelPending(c.Conn)
}
