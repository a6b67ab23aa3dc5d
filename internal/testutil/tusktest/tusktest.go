// Package tusktest starts in-memory tusk servers for tests: an ephemeral
// loopback port, a Unix socket in a fresh temporary directory, and a stop
// when the test ends.
package tusktest

import (
	"os"
	"testing"

	"github.com/tuskdb/tusk"
)

// Start starts an in-memory server for one test. Settings override the
// test defaults; opts may adjust the options further.
func Start(tb testing.TB, settings map[string]string, opts ...func(*tusk.Options)) *tusk.Server {
	tb.Helper()
	dir, err := os.MkdirTemp("", "tusk-sock-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	o := tusk.Options{
		InMemory: true,
		Settings: map[string]string{
			"port":                    "0",
			"listen_addresses":        "127.0.0.1",
			"unix_socket_directories": dir,
			"TimeZone":                "UTC",
		},
		Log: func(line string) {
			if testing.Verbose() {
				tb.Log(line)
			}
		},
	}
	for k, v := range settings {
		o.Settings[k] = v
	}
	for _, f := range opts {
		f(&o)
	}
	srv, err := tusk.Start(o)
	if err != nil {
		tb.Fatalf("tusk: %v", err)
	}
	tb.Cleanup(func() { srv.Close() })
	return srv
}
