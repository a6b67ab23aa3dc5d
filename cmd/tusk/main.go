// Command tusk runs the tusk database server.
//
// Its command line follows the postgres binary's, so scripts written for
// PostgreSQL carry over:
//
//	tusk [-D DATADIR] [-p PORT] [-h ADDRESSES] [-k DIRECTORIES] [-N MAXCONN]
//	     [-c NAME=VALUE]... [--NAME=VALUE]... [--in-memory]
//	     [--superuser NAME] [--password PASSWORD]
//
// Signals: SIGHUP reloads postgresql.conf and pg_hba.conf; SIGTERM is a
// smart shutdown, SIGINT a fast one and SIGQUIT an immediate one; a second
// signal escalates.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/tuskdb/tusk"
	"github.com/tuskdb/tusk/internal/guc"
)

const usage = `tusk is a PostgreSQL-compatible database server.

Usage:
  tusk [OPTION]...

Options:
  -D DATADIR         database directory (default: ./data, or $PGDATA)
  -p PORT            port number to listen on (default 5432)
  -h HOSTNAMES       host name or IP address to listen on (default localhost)
  -k DIRECTORIES     Unix-domain socket locations (default /tmp and, when
                     it exists, /var/run/postgresql)
  -N MAX-CONNECT     maximum number of allowed connections (default 100)
  -c NAME=VALUE      set run-time parameter
  --NAME=VALUE       set run-time parameter
  --in-memory        keep all data in memory (nothing is written to disk)
  --superuser NAME   name of the bootstrap superuser (default postgres)
  --password PASS    password of the bootstrap superuser (default: none)
  -V, --version      output version information, then exit
  -?, --help         show this help, then exit
`

type config struct {
	opts tusk.Options
}

func parseArgs(args []string) (*config, error) {
	c := &config{opts: tusk.Options{Settings: map[string]string{}}}
	if d := os.Getenv("PGDATA"); d != "" {
		c.opts.DataDir = d
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		// value returns the argument of a short option, attached (-p5432)
		// or separate (-p 5432).
		value := func(opt string) (string, error) {
			if len(a) > len(opt) {
				return a[len(opt):], nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("option requires an argument -- '%s'", strings.TrimPrefix(opt, "-"))
			}
			i++
			return args[i], nil
		}
		var err error
		var v string
		switch {
		case a == "-?" || a == "--help":
			fmt.Print(usage)
			os.Exit(0)
		case a == "-V" || a == "--version":
			fmt.Printf("tusk %s (PostgreSQL %s compatible)\n", guc.TuskVersion, strings.Fields(guc.ServerVersion)[0])
			os.Exit(0)
		case a == "--in-memory":
			c.opts.InMemory = true
		case a == "--superuser" || strings.HasPrefix(a, "--superuser="):
			c.opts.SuperuserName, err = longValue(args, &i, "--superuser")
		case a == "--password" || strings.HasPrefix(a, "--password="):
			c.opts.SuperuserPassword, err = longValue(args, &i, "--password")
		case strings.HasPrefix(a, "-D"):
			c.opts.DataDir, err = value("-D")
		case strings.HasPrefix(a, "-p"):
			v, err = value("-p")
			c.opts.Settings["port"] = v
		case strings.HasPrefix(a, "-h"):
			v, err = value("-h")
			c.opts.Settings["listen_addresses"] = v
		case strings.HasPrefix(a, "-k"):
			v, err = value("-k")
			c.opts.Settings["unix_socket_directories"] = v
		case strings.HasPrefix(a, "-N"):
			v, err = value("-N")
			c.opts.Settings["max_connections"] = v
		case strings.HasPrefix(a, "-c"):
			v, err = value("-c")
			if err == nil {
				err = setting(c, v, "-c")
			}
		case strings.HasPrefix(a, "--") && len(a) > 2:
			err = setting(c, a[2:], "--")
		default:
			err = fmt.Errorf("invalid argument: %q", a)
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

func longValue(args []string, i *int, name string) (string, error) {
	a := args[*i]
	if strings.HasPrefix(a, name+"=") {
		return a[len(name)+1:], nil
	}
	if *i+1 >= len(args) {
		return "", fmt.Errorf("option %s requires an argument", name)
	}
	*i++
	return args[*i], nil
}

func setting(c *config, kv, flag string) error {
	name, value, ok := strings.Cut(kv, "=")
	if !ok {
		return fmt.Errorf("%s %s requires a value", flag, kv)
	}
	c.opts.Settings[strings.ReplaceAll(name, "-", "_")] = value
	return nil
}

func main() {
	c, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "tusk: %v\nTry \"tusk --help\" for more information.\n", err)
		os.Exit(1)
	}
	c.opts.Log = func(line string) {
		fmt.Fprintf(os.Stderr, "%s [%d] %s\n", time.Now().Format("2006-01-02 15:04:05.000 MST"), os.Getpid(), line)
	}
	srv, err := tusk.Start(c.opts)
	if err != nil {
		fmt.Fprintf(os.Stderr, "tusk: %v\n", err)
		os.Exit(1)
	}
	// TUSK_CPUPROFILE names a file to write a CPU profile of the whole run
	// to, for performance work.
	if f := os.Getenv("TUSK_CPUPROFILE"); f != "" {
		if out, err := os.Create(f); err == nil && pprof.StartCPUProfile(out) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT)
	mode := tusk.Mode(0)
	for {
		select {
		case <-srv.Done():
			srv.Shutdown(context.Background(), mode)
			if mode == tusk.Immediate {
				pprof.StopCPUProfile()
				os.Exit(2)
			}
			return
		case sig := <-sigs:
			var m tusk.Mode
			switch sig {
			case syscall.SIGHUP:
				srv.Reload()
				continue
			case syscall.SIGTERM:
				m = tusk.Smart
			case syscall.SIGINT:
				m = tusk.Fast
			case syscall.SIGQUIT:
				m = tusk.Immediate
			}
			// A second signal escalates.
			if mode != 0 && m <= mode {
				m = mode + 1
				if m > tusk.Immediate {
					m = tusk.Immediate
				}
			}
			mode = m
			go srv.Shutdown(context.Background(), m)
		}
	}
}
