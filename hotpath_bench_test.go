package tusk_test

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/tuskdb/tusk"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// startBenchServer starts an in-memory server with a table bench_acc of
// 10,000 rows, and connects to it.
func startBenchServer(b *testing.B) (*tusk.Server, *pgx.Conn) {
	srv := tusktest.Start(b, nil)
	ctx := context.Background()
	c, err := pgx.Connect(ctx, srv.DSN("postgres"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close(ctx) })
	for _, sql := range []string{
		"create table bench_acc (id int primary key, bal int not null, filler text)",
		"insert into bench_acc select g, 0, repeat('x', 80) from generate_series(1, 10000) g",
		// Statistics now, so that no automatic ANALYZE of the loaded table
		// runs in the background while allocations are counted.
		"analyze bench_acc",
	} {
		if _, err := c.Exec(ctx, sql); err != nil {
			b.Fatal(err)
		}
	}
	return srv, c
}

// The hot path, end to end through an in-memory server: a point SELECT
// by primary key, a one-row UPDATE and a 100-row INSERT, each sent as SQL
// text (parse, analyze, plan and execute every time) and as a prepared
// statement (bind and execute only). Allocations include the client's.
func BenchmarkHotPath(b *testing.B) {
	_, c := startBenchServer(b)
	ctx := context.Background()
	if _, err := c.Exec(ctx, "create table bench_ins (id int, v text)"); err != nil {
		b.Fatal(err)
	}
	var values strings.Builder
	for i := range 100 {
		if i > 0 {
			values.WriteString(", ")
		}
		fmt.Fprintf(&values, "(%d, 'row %d')", i, i)
	}
	insert100 := "insert into bench_ins values " + values.String()
	for _, mode := range []struct {
		name string
		mode pgx.QueryExecMode
	}{{"text", pgx.QueryExecModeSimpleProtocol}, {"prepared", pgx.QueryExecModeCacheStatement}} {
		b.Run("PointSelect/"+mode.name, func(b *testing.B) {
			b.ReportAllocs()
			var bal int
			for i := 0; b.Loop(); i++ {
				if err := c.QueryRow(ctx, "select bal from bench_acc where id = $1", mode.mode, 1+i%10000).Scan(&bal); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("Update/"+mode.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := c.Exec(ctx, "update bench_acc set bal = bal + 1 where id = $1", mode.mode, 1+i%10000); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("Insert100/"+mode.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Exec(ctx, insert100, mode.mode); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPreparedPointSelectServer measures what the server alone
// allocates for a prepared point SELECT: the client writes the same
// pre-encoded Bind, Execute and Sync messages every time and reads the
// answer into one reused buffer, so that allocations counted during the
// loop are the server's (and the runtime's).
func BenchmarkPreparedPointSelectServer(b *testing.B) {
	srv, _ := startBenchServer(b)

	conn, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	// msg frames a message of type typ.
	msg := func(typ byte, body []byte) []byte {
		out := binary.BigEndian.AppendUint32([]byte{typ}, uint32(4+len(body)))
		return append(out, body...)
	}
	cstr := func(s string) []byte { return append([]byte(s), 0) }
	startup := binary.BigEndian.AppendUint32(nil, 3<<16) // protocol 3.0
	for _, s := range []string{"user", "postgres", "database", "postgres", ""} {
		startup = append(startup, cstr(s)...)
	}
	r := bufio.NewReaderSize(conn, 64<<10)
	// readUntilReady reads messages up to ReadyForQuery into a reused
	// buffer and fails on an ErrorResponse.
	var scratch []byte
	readUntilReady := func() {
		var hdr [5]byte
		for {
			if _, err := io.ReadFull(r, hdr[:]); err != nil {
				b.Fatal(err)
			}
			n := int(binary.BigEndian.Uint32(hdr[1:])) - 4
			if cap(scratch) < n {
				scratch = make([]byte, n)
			}
			if _, err := io.ReadFull(r, scratch[:n]); err != nil {
				b.Fatal(err)
			}
			switch hdr[0] {
			case 'E':
				b.Fatalf("error: %q", scratch[:n])
			case 'Z':
				return
			}
		}
	}
	// The startup packet has no type byte.
	if _, err := conn.Write(binary.BigEndian.AppendUint32(nil, uint32(4+len(startup)))); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Write(startup); err != nil {
		b.Fatal(err)
	}
	readUntilReady()
	var parse []byte
	parse = append(parse, cstr("pointsel")...)
	parse = append(parse, cstr("select bal from bench_acc where id = $1")...)
	parse = binary.BigEndian.AppendUint16(parse, 1)
	parse = binary.BigEndian.AppendUint32(parse, 23)
	if _, err := conn.Write(append(msg('P', parse), msg('S', nil)...)); err != nil {
		b.Fatal(err)
	}
	readUntilReady()
	// Bind the statement to a binary int4 parameter, results in binary.
	var bind []byte
	bind = append(bind, cstr("")...)
	bind = append(bind, cstr("pointsel")...)
	bind = binary.BigEndian.AppendUint16(bind, 1)
	bind = binary.BigEndian.AppendUint16(bind, 1)
	bind = binary.BigEndian.AppendUint16(bind, 1)
	bind = binary.BigEndian.AppendUint32(bind, 4)
	bind = binary.BigEndian.AppendUint32(bind, 4242)
	bind = binary.BigEndian.AppendUint16(bind, 1)
	bind = binary.BigEndian.AppendUint16(bind, 1)
	var execute []byte
	execute = append(execute, cstr("")...)
	execute = binary.BigEndian.AppendUint32(execute, 0)
	round := append(append(msg('B', bind), msg('E', execute)...), msg('S', nil)...)

	b.ReportAllocs()
	for b.Loop() {
		if _, err := conn.Write(round); err != nil {
			b.Fatal(err)
		}
		readUntilReady()
	}
}
