package sqllogictest

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

// faultProxy is a fake target: a protocol-aware proxy in front of a real
// PostgreSQL that misbehaves on queries carrying /*fault:KIND*/:
//
//	wrong  runs SELECT 'wrong' instead
//	error  runs a syntax error instead
//	drop   closes the client's connection
//	hang   never answers, and ignores cancel requests
//	slow   runs SELECT pg_sleep(60) instead, which a cancel request stops
type faultProxy struct {
	ln       net.Listener
	upstream string
	sessions atomic.Int32 // client sessions started (cancel requests excluded)
	wg       sync.WaitGroup

	mu    sync.Mutex
	conns []net.Conn
}

func startFaultProxy(t *testing.T, upstream string) *faultProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{ln: ln, upstream: upstream}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			p.conns = append(p.conns, c)
			p.mu.Unlock()
			p.wg.Add(1)
			go func() {
				defer p.wg.Done()
				p.serve(c)
			}()
		}
	}()
	t.Cleanup(func() {
		// Hung sessions never end by themselves.
		ln.Close()
		p.mu.Lock()
		for _, c := range p.conns {
			c.Close()
		}
		p.mu.Unlock()
		p.wg.Wait()
	})
	return p
}

func readPacket(r io.Reader, typed bool) (typ byte, body []byte, err error) {
	n := 4
	if typed {
		n = 5
	}
	hdr := make([]byte, n)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return 0, nil, err
	}
	if typed {
		typ, hdr = hdr[0], hdr[1:]
	}
	l := int(binary.BigEndian.Uint32(hdr))
	if l < 4 || l > 1<<24 {
		return 0, nil, fmt.Errorf("bad length %d", l)
	}
	body = make([]byte, l-4)
	_, err = io.ReadFull(r, body)
	return typ, body, err
}

func packet(typ byte, body []byte) []byte {
	var b []byte
	if typ != 0 {
		b = append(b, typ)
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(body)+4))
	return append(b, body...)
}

func (p *faultProxy) serve(client net.Conn) {
	defer client.Close()
	_, startup, err := readPacket(client, false)
	if err != nil || len(startup) < 4 {
		return
	}
	server, err := net.Dial("tcp", p.upstream)
	if err != nil {
		return
	}
	defer server.Close()
	server.Write(packet(0, startup))
	if binary.BigEndian.Uint32(startup) == 80877102 { // CancelRequest
		io.Copy(io.Discard, server)
		return
	}
	p.sessions.Add(1)
	go func() {
		io.Copy(client, server)
		client.Close()
	}()
	hung := false
	for {
		typ, body, err := readPacket(client, true)
		if err != nil {
			return
		}
		if hung {
			continue
		}
		if typ == 'Q' {
			sql := string(bytes.TrimRight(body, "\x00"))
			switch {
			case strings.Contains(sql, "/*fault:wrong*/"):
				sql = "SELECT 'wrong'"
			case strings.Contains(sql, "/*fault:error*/"):
				sql = "SELEC 1"
			case strings.Contains(sql, "/*fault:drop*/"):
				return
			case strings.Contains(sql, "/*fault:hang*/"):
				hung = true
				continue
			case strings.Contains(sql, "/*fault:slow*/"):
				sql = "SELECT pg_sleep(60)"
			}
			body = append([]byte(sql), 0)
		}
		if _, err := server.Write(packet(typ, body)); err != nil {
			return
		}
	}
}

// target returns a Server whose databases are made on pg and reached
// through the proxy.
func (p *faultProxy) target(pg *pgtest.Server) Server {
	direct := DSNServer(pg.DSN("postgres"))
	return ServerFunc(func(ctx context.Context, name string) (string, error) {
		if _, err := direct.NewDatabase(ctx, name); err != nil {
			return "", err
		}
		return fmt.Sprintf("postgres://%s@%s/%s?sslmode=disable", pg.User, p.ln.Addr(), name), nil
	})
}

func TestFaults(t *testing.T) {
	pg := pgtest.Shared(t)
	proxy := startFaultProxy(t, pg.Addr())
	opts := Options{Root: "testdata", Files: []string{"faults.test"}, RecordTimeout: time.Second, CancelGrace: 500 * time.Millisecond}
	rep, err := Run(context.Background(), proxy.target(pg), DSNServer(pg.DSN("postgres")), opts)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range rep.Failures {
		got[f.ID] = f.Reason
		t.Logf("%s: %s (target %s; oracle %s)", f.ID, f.Reason, f.Target, f.Oracle)
	}
	want := map[string]string{
		"faults.test:23": "result differs: row 1 column 1",
		"faults.test:29": "target: error 42601",
		"faults.test:33": "target: connection lost",
		"faults.test:45": "target: timeout",
		"faults.test:56": "target: timeout",
		"faults.test:71": "target succeeded where the oracle failed (error 42703",
	}
	for id, prefix := range want {
		if !strings.HasPrefix(got[id], prefix) {
			t.Errorf("%s: reason %q, want it to start with %q", id, got[id], prefix)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d failures, want %d", len(got), len(want))
	}
	wantCounts := Counts{Passed: 9, Failed: 6, NotApplicable: 1, Skipped: 3, SQLiteAgree: 15, SQLiteDisagree: 1}
	if rep.Total != wantCounts {
		t.Errorf("counts %+v, want %+v", rep.Total, wantCounts)
	}
	// One session at the start, one after the dropped connection and one
	// after the hang broke the connection; the slow query was cancelled
	// and its connection kept.
	if n := proxy.sessions.Load(); n != 3 {
		t.Errorf("the target was connected to %d times, want 3", n)
	}

	// The baseline accepts exactly these failures.
	b := Baseline{}.Update(rep)
	if d := b.Compare(rep); !d.OK() || d.Expected != 6 {
		t.Errorf("baseline made from the run does not match it: %+v", d)
	}
}

func TestFileBudget(t *testing.T) {
	pg := pgtest.Shared(t)
	proxy := startFaultProxy(t, pg.Addr())
	opts := Options{Root: "testdata", Files: []string{"budget.test"}, RecordTimeout: time.Second,
		CancelGrace: 200 * time.Millisecond, FileBudget: 2500 * time.Millisecond}
	start := time.Now()
	rep, err := Run(context.Background(), proxy.target(pg), DSNServer(pg.DSN("postgres")), opts)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the run took %v despite a budget of 2.5s", d)
	}
	f := rep.Files[0]
	if !f.BudgetExceeded || f.Counts.NotRun < 2 || f.Counts.Failed < 2 {
		t.Errorf("budget.test: %+v", f)
	}
	last := rep.Failures[len(rep.Failures)-1]
	if last.ID != "budget.test:0" || !strings.Contains(last.Reason, "time budget") {
		t.Errorf("last failure %+v, want budget.test:0 time budget exceeded", last)
	}
}
