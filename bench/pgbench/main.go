// Command pgbench runs pgbench's built-in workloads against tusk and a
// throwaway PostgreSQL 15 on the same machine, side by side, and prints
// each server's throughput and tusk's ratio to PostgreSQL (the median of
// alternating rounds, since the machine is noisy):
//
//	tpcb-like     pgbench's default script (three UPDATEs, a SELECT, an INSERT)
//	simple-update pgbench -N
//	select-only   pgbench -S
//
// each with -M simple, extended and prepared. After every tpcb-like run it
// checks pgbench's invariant on both servers: the sum of abalance over
// pgbench_accounts equals the sum of delta over pgbench_history.
//
// Run it with `go run ./bench/pgbench` (flags: -scale, -clients,
// -duration, -rounds, -modes, -scripts). Both servers run on disk with
// synchronous commit.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/tuskdb/tusk/bench/internal/sidebyside"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

var (
	scale    = flag.Int("scale", 1, "pgbench -i scale factor")
	clients  = flag.Int("clients", 4, "pgbench clients")
	duration = flag.Duration("duration", 10*time.Second, "length of each run")
	rounds   = flag.Int("rounds", 3, "alternating rounds per case; the median is reported")
	modes    = flag.String("modes", "simple,extended,prepared", "query modes (-M)")
	scripts  = flag.String("scripts", "tpcb-like,simple-update,select-only", "built-in scripts")
)

type server struct {
	name string
	port int
	stop func()
}

func main() {
	flag.Parse()
	log.SetFlags(0)
	tmp, err := os.MkdirTemp("", "tusk-pgbench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	pg := startPostgres()
	defer pg.stop()
	t := sidebyside.StartTusk(tmp)
	tusk := &server{name: "tusk", port: t.Port, stop: t.Stop}
	defer tusk.stop()

	for _, s := range []*server{pg, tusk} {
		start := time.Now()
		if out, err := sidebyside.Pgbench("127.0.0.1", s.port, "-i", "-s", strconv.Itoa(*scale)); err != nil {
			log.Fatalf("pgbench -i against %s: %v\n%s", s.name, err, out)
		}
		fmt.Printf("pgbench -i -s %d on %s: %.1f s\n", *scale, s.name, time.Since(start).Seconds())
	}
	fmt.Printf("\n%d clients, %s per run, median of %d rounds\n", *clients, *duration, *rounds)
	fmt.Printf("%-14s %-9s %12s %12s %7s\n", "script", "mode", "PostgreSQL", "tusk", "ratio")
	for _, script := range strings.Split(*scripts, ",") {
		for _, mode := range strings.Split(*modes, ",") {
			var pt, tt []float64
			for range *rounds {
				pt = append(pt, tps(pg, script, mode))
				tt = append(tt, tps(tusk, script, mode))
			}
			mp, mt := sidebyside.Median(pt), sidebyside.Median(tt)
			fmt.Printf("%-14s %-9s %12.0f %12.0f %6.2fx\n", script, mode, mp, mt, mt/mp)
		}
		if script == "tpcb-like" {
			for _, s := range []*server{pg, tusk} {
				checkBalances(s)
			}
		}
	}
}

// checkBalances verifies pgbench's invariant after tpcb-like runs.
func checkBalances(s *server) {
	ctx := context.Background()
	c, err := pgx.Connect(ctx, sidebyside.DSN("127.0.0.1", s.port))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close(ctx)
	var accounts, history, tellers, branches int64
	err = c.QueryRow(ctx, `select (select coalesce(sum(abalance), 0) from pgbench_accounts),
		(select coalesce(sum(delta), 0) from pgbench_history),
		(select coalesce(sum(tbalance), 0) from pgbench_tellers),
		(select coalesce(sum(bbalance), 0) from pgbench_branches)`).Scan(&accounts, &history, &tellers, &branches)
	if err != nil {
		log.Fatalf("%s: %v", s.name, err)
	}
	ok := accounts == history && tellers == history && branches == history
	fmt.Printf("  %s: sum(abalance) %d, sum(delta) %d, sum(tbalance) %d, sum(bbalance) %d: %s\n",
		s.name, accounts, history, tellers, branches, map[bool]string{true: "consistent", false: "INCONSISTENT"}[ok])
	if !ok {
		os.Exit(1)
	}
}

func startPostgres() *server {
	s, err := pgtest.StartServer(pgtest.Options{Conf: map[string]string{"fsync": "on", "synchronous_commit": "on"}})
	if err != nil {
		log.Fatal(err)
	}
	return &server{name: "PostgreSQL", port: s.Port, stop: s.Stop}
}

func tps(s *server, script, mode string) float64 {
	out, err := sidebyside.Pgbench("127.0.0.1", s.port, "-n", "-b", script, "-M", mode, "-c", strconv.Itoa(*clients), "-j", "2",
		"-T", strconv.Itoa(int(duration.Seconds())))
	if err != nil {
		log.Fatalf("pgbench %s -M %s against %s: %v\n%s", script, mode, s.name, err, out)
	}
	return sidebyside.TPS(out)
}
