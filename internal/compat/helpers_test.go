package compat

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/tuskdb/tusk"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

// startTusk starts an in-memory tusk on a loopback port with its Unix
// socket in a fresh directory, for one corpus file. The returned stop
// closes the server and removes the directory.
func startTusk(ctx context.Context) (srv *tusk.Server, stop func(), err error) {
	dir, err := os.MkdirTemp("", "tusk-compat-")
	if err != nil {
		return nil, nil, err
	}
	srv, err = tusk.Start(tusk.Options{InMemory: true, Settings: map[string]string{
		"port":                    "0",
		"listen_addresses":        "127.0.0.1",
		"unix_socket_directories": dir,
		"TimeZone":                "UTC",
	}})
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	return srv, func() { srv.Close(); os.RemoveAll(dir) }, nil
}

// startTuskDSN is startTusk for the runners' FreshServer and FreshTarget.
func startTuskDSN(ctx context.Context) (string, func(), error) {
	srv, stop, err := startTusk(ctx)
	if err != nil {
		return "", nil, err
	}
	return srv.DSN("postgres"), stop, nil
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
