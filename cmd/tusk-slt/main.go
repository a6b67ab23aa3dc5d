// Command tusk-slt runs the sqllogictest corpus differentially: every file
// against a target server and against an oracle (PostgreSQL 15), each in a
// fresh database, and compares the two record by record. See package
// internal/sqllogictest for the format, the counts and the baseline.
//
// Usage:
//
//	tusk-slt [flags] [file, directory or glob relative to -root ...]
//
// Typical runs:
//
//	tusk-slt -pg                                     # PostgreSQL against itself, whole corpus
//	tusk-slt -pg -ci                                 # the CI selection (about 50 s against itself)
//	tusk-slt -pg -target postgres://postgres@127.0.0.1:5433/postgres -sample 20 -baseline slt.baseline
//	tusk-slt -pg -target ... -baseline slt.baseline -update   # rewrite the baseline
//	tusk-slt -pg -target-exec "tusk --in-memory -p {port} -h 127.0.0.1 -k {dir}" -sample 20
//	                                                 # a fresh tusk per file (no CREATE DATABASE needed)
//
// The exit status is 0 when the run matches the baseline (with no baseline:
// when nothing failed), 1 when it does not, and 2 when the run could not
// happen.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/tuskdb/tusk/internal/sqllogictest"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

func main() { os.Exit(run()) }

func run() int {
	var (
		target     = flag.String("target", "", "target server: a DSN of a database on it (new databases are made with CREATE DATABASE); empty with -pg: the throwaway PostgreSQL itself; with -target-exec: a DSN template with {port}")
		targetExec = flag.String("target-exec", "", "start a fresh target server for every file with this shell command, {port} and {dir} replaced by a free port and a fresh directory (for example 'tusk --in-memory -p {port} -h 127.0.0.1 -k {dir}')")
		oracle     = flag.String("oracle", "", "oracle server: a DSN like -target; default with -pg: the throwaway PostgreSQL")
		startPG    = flag.Bool("pg", false, "start a throwaway PostgreSQL 15 as the oracle (needs PostgreSQL 15 installed)")
		root       = flag.String("root", sqllogictest.DefaultCorpus(), "corpus directory; file IDs are relative to it")
		sample     = flag.Int("sample", 0, "run at most N query records per file (statements always run); 0: all")
		seed       = flag.Uint64("seed", 0, "seed choosing the sampled queries")
		timeout    = flag.Duration("timeout", 10*time.Second, "per-record timeout on each server")
		grace      = flag.Duration("grace", 2*time.Second, "after a timeout's cancel request, how long before the connection is broken")
		budget     = flag.Duration("file-budget", 10*time.Minute, "hard time budget per file")
		parallel   = flag.Int("parallel", 1, "files run at once")
		baseline   = flag.String("baseline", "", "file of expected failures (<file>:<line>  <reason>)")
		update     = flag.Bool("update", false, "rewrite -baseline from this run")
		jsonOut    = flag.String("json", "", "write the report as JSON to this file")
		verbose    = flag.Bool("v", false, "print every failure with both results")
		quiet      = flag.Bool("q", false, "do not print a line per file as it finishes")
		engineName = flag.String("engine", "postgresql", "engine name for skipif/onlyif")
		ci         = flag.Bool("ci", false, "the CI selection: sqllogictest.CIFiles, and -sample 20 unless -sample is given")
	)
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: tusk-slt [flags] [file, directory or glob ...]\n")
		flag.PrintDefaults()
	}
	flag.Parse()

	if *update && *baseline == "" {
		fmt.Fprintln(os.Stderr, "tusk-slt: -update needs -baseline")
		return 2
	}
	var pg *pgtest.Server
	if *startPG {
		var err error
		pg, err = pgtest.StartServer(pgtest.Options{})
		if err != nil {
			fmt.Fprintf(os.Stderr, "tusk-slt: %v\n", err)
			return 2
		}
		defer pg.Stop()
		if *oracle == "" {
			*oracle = pg.DSN("postgres")
		}
		if *target == "" && *targetExec == "" {
			*target = pg.DSN("postgres")
			fmt.Fprintln(os.Stderr, "tusk-slt: no -target: running PostgreSQL against itself")
		}
	}
	if *targetExec != "" && *target == "" {
		*target = "postgres://postgres@127.0.0.1:{port}/postgres?sslmode=disable"
	}
	if *target == "" || *oracle == "" {
		fmt.Fprintln(os.Stderr, "tusk-slt: need -target and -oracle, or -pg")
		flag.Usage()
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	files := flag.Args()
	if *ci {
		if len(files) > 0 {
			fmt.Fprintln(os.Stderr, "tusk-slt: -ci takes no file arguments")
			return 2
		}
		files = sqllogictest.CIFiles
		if *sample == 0 {
			*sample = 20
		}
	}
	opts := sqllogictest.Options{
		Root: *root, Files: files, Engine: *engineName,
		Sample: *sample, Seed: *seed,
		RecordTimeout: *timeout, CancelGrace: *grace, FileBudget: *budget,
		Parallel: *parallel,
	}
	if !*quiet {
		opts.Progress = func(f sqllogictest.FileResult) {
			fmt.Fprintf(os.Stderr, "%-45s %s  %.1fs\n", f.File, f.Counts, f.Duration.Seconds())
		}
	}
	targetServer := sqllogictest.DSNServer(*target)
	if *targetExec != "" {
		targetServer = execServer(*targetExec, *target)
	}
	rep, err := sqllogictest.Run(ctx, targetServer, sqllogictest.DSNServer(*oracle), opts)
	if err != nil {
		fmt.Fprintf(os.Stderr, "tusk-slt: %v\n", err)
		return 2
	}
	if ctx.Err() != nil {
		fmt.Fprintln(os.Stderr, "tusk-slt: interrupted")
	}
	if *jsonOut != "" {
		if err := rep.WriteJSON(*jsonOut); err != nil {
			fmt.Fprintf(os.Stderr, "tusk-slt: %v\n", err)
			return 2
		}
	}
	fmt.Printf("TOTAL  %s  %.1fs\n", rep.Total, rep.Duration.Seconds())
	if *verbose {
		for _, f := range rep.Failures {
			fmt.Printf("%s  %s\n\tsql: %s\n\ttarget: %s\n\toracle: %s\n", f.ID, f.Reason, f.SQL, f.Target, f.Oracle)
		}
	}

	b := sqllogictest.Baseline{}
	if *baseline != "" {
		b, err = sqllogictest.ReadBaseline(*baseline)
		if err != nil && !(*update && errors.Is(err, fs.ErrNotExist)) {
			fmt.Fprintf(os.Stderr, "tusk-slt: %v\n", err)
			return 2
		}
		if b == nil {
			b = sqllogictest.Baseline{}
		}
	}
	if *update {
		if err := b.Update(rep).Write(*baseline); err != nil {
			fmt.Fprintf(os.Stderr, "tusk-slt: %v\n", err)
			return 2
		}
		fmt.Printf("rewrote %s\n", *baseline)
		return 0
	}
	d := b.Compare(rep)
	for _, f := range d.New {
		fmt.Printf("NEW FAILURE  %s  %s\n", f.ID, f.Reason)
	}
	for _, id := range d.Fixed {
		fmt.Printf("NOW PASSES   %s  (remove it from the baseline, or rerun with -update)\n", id)
	}
	fmt.Printf("%d new failures, %d expected failures, %d listed records now pass\n", len(d.New), d.Expected, len(d.Fixed))
	if !d.OK() || ctx.Err() != nil {
		return 1
	}
	return 0
}
