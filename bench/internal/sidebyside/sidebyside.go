// Package sidebyside holds what the system benchmarks share to run tusk
// and a throwaway PostgreSQL 15 on the same machine: starting the tusk
// binary on a temporary data directory, waiting for a server, running
// pgbench against one and reading its throughput, and medians.
package sidebyside

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

// Tusk is a tusk server process started by StartTusk.
type Tusk struct {
	Cmd  *exec.Cmd
	Port int
	log  bytes.Buffer
}

// StartTusk builds the tusk command into tmp, starts it on the data
// directory tmp/data listening on 127.0.0.1 and a free port, with extra
// command-line arguments, and waits until it accepts connections. Run it
// from the module root.
func StartTusk(tmp string, args ...string) *Tusk {
	bin := filepath.Join(tmp, "tusk")
	build := exec.Command("go", "build", "-o", bin, "./cmd/tusk")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		log.Fatalf("building tusk: %v", err)
	}
	t := &Tusk{Port: FreePort()}
	sock := filepath.Join(tmp, "sock")
	os.Mkdir(sock, 0o755)
	t.Cmd = exec.Command(bin, append([]string{"-D", filepath.Join(tmp, "data"), "-p", strconv.Itoa(t.Port),
		"-h", "127.0.0.1", "-k", sock}, args...)...)
	t.Cmd.Stderr = &t.log
	if err := t.Cmd.Start(); err != nil {
		log.Fatal(err)
	}
	WaitReady("127.0.0.1", t.Port)
	return t
}

// Stop shuts the server down (fast) and waits for it.
func (t *Tusk) Stop() {
	t.Cmd.Process.Signal(syscall.SIGINT)
	t.Cmd.Wait()
}

// FreePort returns a TCP port free on the loopback address.
func FreePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// WaitReady waits up to 30 s for a server to accept connections.
func WaitReady(host string, port int) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		c, err := pgconn.Connect(context.Background(), DSN(host, port))
		if err == nil {
			c.Close(context.Background())
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	log.Fatalf("server on port %d did not start", port)
}

// DSN is the superuser's connection string for the postgres database.
func DSN(host string, port int) string {
	return fmt.Sprintf("postgres://postgres@%s:%d/postgres?sslmode=disable", host, port)
}

// Pgbench runs PostgreSQL 15's pgbench against the server at host:port
// (database postgres, user postgres) and returns its output.
func Pgbench(host string, port int, args ...string) ([]byte, error) {
	bin, err := pgtest.Bin("pgbench")
	if err != nil {
		log.Fatal(err)
	}
	args = append(args, "-h", host, "-p", strconv.Itoa(port), "-U", "postgres", "postgres")
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "PGSSLMODE=disable")
	return cmd.CombinedOutput()
}

var tpsRe = regexp.MustCompile(`tps = ([0-9.]+)`)

// TPS reads the throughput pgbench reports; it stops the program when
// the output has none.
func TPS(out []byte) float64 {
	m := tpsRe.FindSubmatch(out)
	if m == nil {
		log.Fatalf("pgbench output has no tps:\n%s", out)
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return v
}

// Median returns the median of v.
func Median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}
