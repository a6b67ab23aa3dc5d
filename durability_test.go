package tusk_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// buildTusk builds the tusk command once per test binary.
var buildTusk = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "tusk-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "tusk")
	out, err := exec.Command("go", "build", "-o", bin, "./cmd/tusk").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startTuskProcess runs the tusk command on dataDir and waits until it
// accepts connections.
func startTuskProcess(t *testing.T, dataDir string, port int) *exec.Cmd {
	t.Helper()
	bin, err := buildTusk()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-D", dataDir, "-p", fmt.Sprint(port), "-h", "127.0.0.1", "-k", t.TempDir())
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	dsn := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := pgx.Connect(context.Background(), dsn)
		if err == nil {
			c.Close(context.Background())
			return cmd
		}
		if time.Now().After(deadline) {
			t.Fatalf("tusk did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestKill9KeepsCommits writes from several sessions while the server is
// killed with SIGKILL, restarts it on the same data directory, and checks
// that every acknowledged commit is there, with its catalog, its index and
// its sequence, and that no unacknowledged transaction left a trace.
func TestKill9KeepsCommits(t *testing.T) {
	dataDir := t.TempDir()
	port := freePort(t)
	cmd := startTuskProcess(t, dataDir, port)
	ctx := context.Background()
	dsn := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	setup, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		"create table acked (id serial primary key, writer int not null, n int not null, pad text)",
		"create unique index acked_writer_n on acked (writer, n)",
		// Two-row transactions: either both rows survive or neither.
		"create table pairs (writer int, n int, half int, primary key (writer, n, half))",
	} {
		if _, err := setup.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	setup.Close(ctx)

	const writers = 4
	var (
		mu    sync.Mutex
		acked = map[[2]int]bool{}
		stop  atomic.Bool
		wg    sync.WaitGroup
	)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := pgx.Connect(ctx, dsn)
			if err != nil {
				return
			}
			defer c.Close(ctx)
			for n := 0; !stop.Load(); n++ {
				tx, err := c.Begin(ctx)
				if err != nil {
					return
				}
				if _, err := tx.Exec(ctx, "insert into acked (writer, n, pad) values ($1, $2, repeat('x', 100))", w, n); err != nil {
					return
				}
				if _, err := tx.Exec(ctx, "insert into pairs values ($1, $2, 1), ($1, $2, 2)", w, n); err != nil {
					return
				}
				if err := tx.Commit(ctx); err != nil {
					return
				}
				mu.Lock()
				acked[[2]int{w, n}] = true
				mu.Unlock()
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	stop.Store(true)
	wg.Wait()
	if len(acked) == 0 {
		t.Fatal("no commit was acknowledged before the kill")
	}

	startTuskProcess(t, dataDir, port)
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, "select writer, n from acked")
	if err != nil {
		t.Fatal(err)
	}
	found := map[[2]int]bool{}
	for rows.Next() {
		var w, n int
		if err := rows.Scan(&w, &n); err != nil {
			t.Fatal(err)
		}
		found[[2]int{w, n}] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for k := range acked {
		if !found[k] {
			t.Errorf("acknowledged commit %v is missing after the restart", k)
		}
	}
	// At most one unacknowledged commit per writer may have landed (the
	// kill can come between commit and acknowledgement).
	if extra := len(found) - len(acked); extra < 0 || extra > writers {
		t.Errorf("%d rows after restart, %d acknowledged", len(found), len(acked))
	}
	var halves, unmatched int
	if err := c.QueryRow(ctx, "select count(*), count(*) filter (where not exists (select 1 from acked a where a.writer = p.writer and a.n = p.n)) from pairs p").Scan(&halves, &unmatched); err != nil {
		t.Fatal(err)
	}
	if halves != 2*len(found) || unmatched != 0 {
		t.Errorf("pairs: %d rows, %d without their acked row; want %d and 0", halves, unmatched, 2*len(found))
	}
	// The unique index and the sequence survived too.
	var dupErr error
	for k := range acked {
		_, dupErr = c.Exec(ctx, "insert into acked (writer, n) values ($1, $2)", k[0], k[1])
		break
	}
	if pgCode(dupErr) != "23505" {
		t.Errorf("duplicate insert after restart: %v, want 23505", dupErr)
	}
	var maxID, next int
	if err := c.QueryRow(ctx, "select max(id), nextval('acked_id_seq') from acked").Scan(&maxID, &next); err != nil {
		t.Fatal(err)
	}
	if next <= maxID {
		t.Errorf("nextval after restart %d, not above max(id) %d", next, maxID)
	}
}
