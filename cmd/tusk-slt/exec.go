package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tuskdb/tusk/internal/sqllogictest"
)

// execServer returns a target that runs command (with sh -c) for every
// file: {port} becomes a free TCP port and {dir} a fresh directory, and
// dsnTemplate, with the same replacements, is how to reach the server.
// The server is ready when a connection succeeds; it is stopped with
// SIGTERM (SIGKILL 5 seconds later) when the file is done, together with
// anything it started (it runs in its own process group).
func execServer(command, dsnTemplate string) sqllogictest.Server {
	return sqllogictest.FreshServer(func(ctx context.Context) (string, func(), error) {
		port, err := freePort()
		if err != nil {
			return "", nil, err
		}
		dir, err := os.MkdirTemp("", "tusk-slt-")
		if err != nil {
			return "", nil, err
		}
		r := strings.NewReplacer("{port}", strconv.Itoa(port), "{dir}", dir)
		logPath := filepath.Join(dir, "server.log")
		logFile, err := os.Create(logPath)
		if err != nil {
			os.RemoveAll(dir)
			return "", nil, err
		}
		cmd := exec.Command("sh", "-c", r.Replace(command))
		cmd.Stdout, cmd.Stderr = logFile, logFile
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			logFile.Close()
			os.RemoveAll(dir)
			return "", nil, err
		}
		exited := make(chan struct{})
		go func() {
			cmd.Wait()
			logFile.Close()
			close(exited)
		}()
		pgid := cmd.Process.Pid
		stop := func() {
			syscall.Kill(-pgid, syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(5 * time.Second):
				syscall.Kill(-pgid, syscall.SIGKILL)
				<-exited
			}
			os.RemoveAll(dir)
		}
		logTail := func() string {
			b, _ := os.ReadFile(logPath)
			if len(b) > 2000 {
				b = b[len(b)-2000:]
			}
			return string(b)
		}

		dsn := r.Replace(dsnTemplate)
		deadline := time.Now().Add(30 * time.Second)
		for {
			cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			c, err := pgconn.Connect(cctx, dsn)
			cancel()
			if err == nil {
				c.Close(context.Background())
				return dsn, stop, nil
			}
			select {
			case <-exited:
				out := logTail()
				stop()
				return "", nil, fmt.Errorf("%s: exited before accepting connections: %s", command, out)
			case <-ctx.Done():
				stop()
				return "", nil, ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				out := logTail()
				stop()
				return "", nil, fmt.Errorf("%s: no connection within 30s (%v): %s", command, err, out)
			}
		}
	})
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
