package tusk_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/kv/pebblekv"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// tempRelations counts the relations of temporary schemas and the
// temporary schemas themselves, as any session sees them in the catalog.
func tempRelations(t *testing.T, c *pgx.Conn) (rels, schemas int) {
	t.Helper()
	ctx := context.Background()
	err := c.QueryRow(ctx, `select (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where n.nspname like 'pg_temp%'), (select count(*) from pg_namespace where nspname like 'pg_temp%')`).Scan(&rels, &schemas)
	if err != nil {
		t.Fatal(err)
	}
	return rels, schemas
}

// waitSessionsGone waits until only the asking session is left: a backend
// leaves the server's registry after it has dropped its temporary schema.
func waitSessionsGone(t *testing.T, c *pgx.Conn) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		if err := c.QueryRow(context.Background(), "select count(*) from pg_stat_activity").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions still listed", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestTempTablesEndWithSession checks that two sessions each have their
// own temporary table of the same name, that one cannot read the
// other's, and that a session's temporary tables, their rows, indexes
// and sequences are dropped when it ends: by Terminate, and by a client
// that vanishes without a word.
func TestTempTablesEndWithSession(t *testing.T) {
	srv := tusktest.Start(t, nil)
	ctx := context.Background()
	connect := func() *pgx.Conn {
		c, err := pgx.Connect(ctx, srv.DSN("postgres"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close(ctx) })
		return c
	}
	exec := func(c *pgx.Conn, sql string) {
		t.Helper()
		if _, err := c.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	a, b, watcher := connect(), connect(), connect()
	for i, c := range []*pgx.Conn{a, b} {
		exec(c, "create temp table foo (id serial primary key, v text unique)")
		exec(c, fmt.Sprintf("insert into foo (v) values ('session %d')", i))
	}
	var v string
	if err := b.QueryRow(ctx, "select v from foo").Scan(&v); err != nil || v != "session 1" {
		t.Fatalf("b reads %q, %v; want its own row", v, err)
	}
	var aSchema string
	if err := a.QueryRow(ctx, "select pg_my_temp_schema()::regnamespace::text").Scan(&aSchema); err != nil {
		t.Fatal(err)
	}
	_, err := b.Exec(ctx, "select * from "+aSchema+".foo")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "0A000" || pe.Message != "cannot access temporary tables of other sessions" {
		t.Fatalf("reading another session's temporary table: %v", err)
	}
	if rels, schemas := tempRelations(t, watcher); rels != 8 || schemas != 2 {
		t.Fatalf("with two sessions' tables: %d temporary relations in %d schemas, want 8 in 2", rels, schemas)
	}

	// a leaves politely, b's connection just breaks.
	if err := a.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.PgConn().Conn().Close(); err != nil {
		t.Fatal(err)
	}
	waitSessionsGone(t, watcher)
	if rels, schemas := tempRelations(t, watcher); rels != 0 || schemas != 0 {
		t.Fatalf("after the sessions ended: %d temporary relations in %d schemas", rels, schemas)
	}

	// A new session gets a fresh, empty temporary schema.
	c := connect()
	exec(c, "create temp table foo (id int)")
	var n int
	if err := c.QueryRow(ctx, "select count(*) from foo").Scan(&n); err != nil || n != 0 {
		t.Fatalf("new session's foo has %d rows, %v", n, err)
	}
}

// TestTempTablesGoneAfterCrash kills the server while a session has a
// temporary table with rows, restarts it on the same data directory, and
// checks that neither the table's catalog entries nor its rows survive.
func TestTempTablesGoneAfterCrash(t *testing.T) {
	dataDir := t.TempDir()
	port := freePort(t)
	cmd := startTuskProcess(t, dataDir, port)
	ctx := context.Background()
	dsn := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		"create temp table crash (id serial primary key, v text)",
		"create index on crash (v)",
		"insert into crash (v) select 'row ' || g from generate_series(1, 500) g",
		"create table keep (a int)",
		"insert into keep values (1)",
	} {
		if _, err := c.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	var oid, keepOid uint32
	if err := c.QueryRow(ctx, "select 'crash'::regclass::oid, 'keep'::regclass::oid").Scan(&oid, &keepOid); err != nil {
		t.Fatal(err)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	c.Close(ctx)

	cmd = startTuskProcess(t, dataDir, port)
	c, err = pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if rels, schemas := tempRelations(t, c); rels != 0 || schemas != 0 {
		t.Fatalf("after restart: %d temporary relations in %d schemas", rels, schemas)
	}
	var n int
	if err := c.QueryRow(ctx, "select count(*) from keep").Scan(&n); err != nil || n != 1 {
		t.Fatalf("permanent table after restart: %d rows, %v", n, err)
	}
	c.Close(ctx)
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()

	// No key of the temporary table is left in the store; the permanent
	// table's row is there (rows are keyed 0x02, table OID, index OID,
	// key: see internal/storage).
	db, err := pebblekv.Open(filepath.Join(dataDir, "base"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin(ctx, kv.TxnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	countKeys := func(table uint32) int {
		start := binary.BigEndian.AppendUint32([]byte{0x02}, table)
		end := binary.BigEndian.AppendUint32([]byte{0x02}, table+1)
		it, err := tx.Scan(ctx, start, end, false)
		if err != nil {
			t.Fatal(err)
		}
		defer it.Close()
		keys := 0
		for it.Next() {
			keys++
		}
		if err := it.Err(); err != nil {
			t.Fatal(err)
		}
		return keys
	}
	if n := countKeys(oid); n != 0 {
		t.Fatalf("%d keys of the dropped temporary table are left in the store", n)
	}
	if n := countKeys(keepOid); n != 1 {
		t.Fatalf("the permanent table has %d keys in the store, want 1", n)
	}
}

// TestTempTablesConcurrentTransactions has two sessions create
// temporary tables of the same name in transactions that overlap: both
// commit, and each session then sees its own table.
func TestTempTablesConcurrentTransactions(t *testing.T) {
	srv := tusktest.Start(t, nil)
	ctx := context.Background()
	var conns [2]*pgx.Conn
	var txs [2]pgx.Tx
	for i := range conns {
		c, err := pgx.Connect(ctx, srv.DSN("postgres"))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		conns[i] = c
		if txs[i], err = c.Begin(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := txs[i].Exec(ctx, "create temp table foo (v int)"); err != nil {
			t.Fatal(err)
		}
		if _, err := txs[i].Exec(ctx, "insert into foo values ($1)", i); err != nil {
			t.Fatal(err)
		}
	}
	// The second commits first; the first's statements all ran before.
	for _, i := range []int{1, 0} {
		if err := txs[i].Commit(ctx); err != nil {
			t.Fatalf("commit %d: %v", i, err)
		}
	}
	for i, c := range conns {
		var v int
		if err := c.QueryRow(ctx, "select v from foo").Scan(&v); err != nil || v != i {
			t.Fatalf("session %d reads %d, %v", i, v, err)
		}
	}
}
