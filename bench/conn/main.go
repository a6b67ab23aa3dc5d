// Command conn measures connection costs of tusk against PostgreSQL 15 on
// the same machine, side by side, and prints ratios:
//
//	(a) new connections per second: pgbench -n -C -f select1.sql, 8 clients
//	(b) server memory (PSS) per idle connection, with 1,000 idle sessions
//	(c) 10,000 concurrent sessions on tusk, each running a query
//
// Run it with `go run ./bench/conn` (flags: -duration, -rounds, -idle,
// -many). It builds the tusk binary, starts it on a temporary data
// directory, and starts a throwaway PostgreSQL 15.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tuskdb/tusk/bench/internal/sidebyside"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

var (
	duration = flag.Duration("duration", 15*time.Second, "pgbench run length for (a)")
	rounds   = flag.Int("rounds", 3, "alternating rounds of (a); the median is reported")
	clients  = flag.Int("clients", 8, "pgbench clients for (a)")
	idle     = flag.Int("idle", 1000, "idle connections for (b)")
	many     = flag.Int("many", 10000, "concurrent connections for (c)")
)

type server struct {
	name string
	host string
	port int
	pid  func() []int // processes whose memory counts
	stop func()
}

func main() {
	flag.Parse()
	log.SetFlags(0)
	tmp, err := os.MkdirTemp("", "tusk-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)

	t := sidebyside.StartTusk(tmp, "-N", strconv.Itoa(*many+100))
	tusk := &server{name: "tusk", host: "127.0.0.1", port: t.Port,
		pid: func() []int { return []int{t.Cmd.Process.Pid} }, stop: t.Stop}
	defer tusk.stop()
	pg := startPostgres()
	defer pg.stop()

	script := filepath.Join(tmp, "select1.sql")
	os.WriteFile(script, []byte("SELECT 1;\n"), 0o644)

	fmt.Printf("(a) new connections per second: pgbench -n -C -f select1.sql -c %d -j 2 -T %s, %d rounds\n", *clients, *duration, *rounds)
	var tt, pt []float64
	for r := 0; r < *rounds; r++ {
		pt = append(pt, pgbenchTPS(pg, script))
		tt = append(tt, pgbenchTPS(tusk, script))
		fmt.Printf("    round %d: tusk %.0f/s, PostgreSQL %.0f/s\n", r+1, tt[r], pt[r])
	}
	mt, mp := sidebyside.Median(tt), sidebyside.Median(pt)
	fmt.Printf("    median: tusk %.0f/s, PostgreSQL %.0f/s, ratio %.1fx (target >= 10x)\n\n", mt, mp, mt/mp)

	fmt.Printf("(b) server memory per idle connection (%d idle sessions, PSS)\n", *idle)
	bt := idleCost(tusk, *idle)
	bp := idleCost(pg, *idle)
	fmt.Printf("    tusk %.1f KB, PostgreSQL %.1f KB per connection, ratio %.3f (target <= 64 KB)\n\n", bt, bp, bt/bp)

	fmt.Printf("(c) %d concurrent sessions on tusk, each running SELECT 1\n", *many)
	manyConns(tusk, *many)
}

func startPostgres() *server {
	s, err := pgtest.StartServer(pgtest.Options{Conf: map[string]string{
		"max_connections": strconv.Itoa(*idle + 100),
		"fsync":           "on", "synchronous_commit": "on",
	}})
	if err != nil {
		log.Fatal(err)
	}
	return &server{
		name: "PostgreSQL", host: s.Host, port: s.Port,
		pid: func() []int {
			b, err := os.ReadFile(filepath.Join(s.DataDir, "postmaster.pid"))
			if err != nil {
				return nil
			}
			pm, _ := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
			return append([]int{pm}, children(pm)...)
		},
		stop: s.Stop,
	}
}

func children(pid int) []int {
	out, _ := exec.Command("pgrep", "-P", strconv.Itoa(pid)).Output()
	var pids []int
	for _, f := range strings.Fields(string(out)) {
		if p, err := strconv.Atoi(f); err == nil {
			pids = append(pids, p)
		}
	}
	return pids
}

func pgbenchTPS(s *server, script string) float64 {
	out, err := sidebyside.Pgbench(s.host, s.port, "-n", "-C", "-f", script, "-c", strconv.Itoa(*clients), "-j", "2",
		"-T", strconv.Itoa(int(duration.Seconds())))
	if err != nil {
		log.Fatalf("pgbench against %s: %v\n%s", s.name, err, out)
	}
	return sidebyside.TPS(out)
}

// pss returns the summed proportional set size of pids, in KB.
func pss(pids []int) float64 {
	total := 0.0
	for _, pid := range pids {
		f, err := os.Open(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "Pss:") {
				fs := strings.Fields(line)
				v, _ := strconv.ParseFloat(fs[1], 64)
				total += v
			}
		}
		f.Close()
	}
	return total
}

func openConns(s *server, n int) []*pgconn.PgConn {
	conns := make([]*pgconn.PgConn, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	var mu sync.Mutex
	var firstErr error
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			c, err := pgconn.Connect(context.Background(), sidebyside.DSN(s.host, s.port))
			if err == nil {
				_, err = c.Exec(context.Background(), "SELECT 1").ReadAll()
			}
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("connection %d: %w", i, err)
				}
				mu.Unlock()
				return
			}
			conns[i] = c
		}(i)
	}
	wg.Wait()
	if firstErr != nil {
		log.Fatalf("%s: %v", s.name, firstErr)
	}
	return conns
}

func closeConns(conns []*pgconn.PgConn) {
	for _, c := range conns {
		if c != nil {
			c.Close(context.Background())
		}
	}
}

func idleCost(s *server, n int) float64 {
	time.Sleep(500 * time.Millisecond)
	before := pss(s.pid())
	conns := openConns(s, n)
	time.Sleep(time.Second)
	after := pss(s.pid())
	closeConns(conns)
	per := (after - before) / float64(n)
	fmt.Printf("    %s: PSS %.0f KB before, %.0f KB with %d idle sessions\n", s.name, before, after, n)
	return per
}

func manyConns(s *server, n int) {
	before := pss(s.pid())
	start := time.Now()
	conns := openConns(s, n)
	opened := time.Since(start)
	// A query on every one of them, concurrently.
	var wg sync.WaitGroup
	var failed int
	var mu sync.Mutex
	sem := make(chan struct{}, 256)
	qstart := time.Now()
	for _, c := range conns {
		wg.Add(1)
		sem <- struct{}{}
		go func(c *pgconn.PgConn) {
			defer wg.Done()
			defer func() { <-sem }()
			if _, err := c.Exec(context.Background(), "SELECT 1").ReadAll(); err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
			}
		}(c)
	}
	wg.Wait()
	after := pss(s.pid())
	fmt.Printf("    opened %d sessions in %v; queried all in %v; %d failed; PSS %.0f MB -> %.0f MB (%.1f KB per session)\n",
		n, opened.Round(time.Millisecond), time.Since(qstart).Round(time.Millisecond), failed, before/1024, after/1024, (after-before)/float64(n))
	closeConns(conns)
	if failed > 0 {
		log.Fatalf("%d of %d sessions failed", failed, n)
	}
}
