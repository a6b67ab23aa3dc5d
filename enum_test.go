package tusk_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// TestEnumLoadType checks that pgx can load an enum type and its array
// type from the catalog (pg_type, pg_enum) and then exchange values of
// them in both formats.
func TestEnumLoadType(t *testing.T) {
	srv := tusktest.Start(t, nil)
	ctx := context.Background()
	c, err := pgx.Connect(ctx, srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	for _, sql := range []string{
		"create type mood as enum ('sad', 'ok', 'happy')",
		"create table feelings (id int primary key, m mood, ms mood[])",
	} {
		if _, err := c.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	for _, name := range []string{"mood", "_mood"} {
		dt, err := c.LoadType(ctx, name)
		if err != nil {
			t.Fatalf("LoadType(%s): %v", name, err)
		}
		c.TypeMap().RegisterType(dt)
	}
	if _, err := c.Exec(ctx, "insert into feelings values ($1, $2, $3), (2, 'sad', '{}')", 1, "happy", []string{"ok", "sad"}); err != nil {
		t.Fatal(err)
	}
	rows, err := c.Query(ctx, "select m, ms from feelings order by m")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var m string
		var ms []string
		if err := rows.Scan(&m, &ms); err != nil {
			t.Fatal(err)
		}
		got = append(got, m)
		if m == "happy" && !slices.Equal(ms, []string{"ok", "sad"}) {
			t.Errorf("ms = %v", ms)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"sad", "happy"}) {
		t.Fatalf("rows in enum order: %v, want [sad happy]", got)
	}
	if _, err := c.Exec(ctx, "insert into feelings values (3, $1)", "giddy"); err == nil {
		t.Fatal("a value that is no label was accepted")
	}
}

// TestDomainThroughPgx checks that a domain's values reach pgx as its
// base type (so no type needs loading) and that a parameter violating
// the domain's CHECK fails with 23514 and PostgreSQL's message.
func TestDomainThroughPgx(t *testing.T) {
	srv := tusktest.Start(t, nil)
	ctx := context.Background()
	c, err := pgx.Connect(ctx, srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	for _, sql := range []string{
		"create domain posint as int check (value > 0)",
		"create table counts (n posint)",
	} {
		if _, err := c.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	if _, err := c.Exec(ctx, "insert into counts values ($1)", 7); err != nil {
		t.Fatal(err)
	}
	var n int32
	if err := c.QueryRow(ctx, "select n from counts").Scan(&n); err != nil || n != 7 {
		t.Fatalf("read %d, %v", n, err)
	}
	_, err = c.Exec(ctx, "insert into counts values ($1)", -1)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "23514" || pe.Message != `value for domain posint violates check constraint "posint_check"` {
		t.Fatalf("inserting -1: %v", err)
	}
}

// TestCompositeLoadType checks that pgx can load a composite type from
// the catalog (pg_type, and the pg_class entry whose pg_attribute rows
// list its fields) and then read values of it in binary format.
func TestCompositeLoadType(t *testing.T) {
	srv := tusktest.Start(t, nil)
	ctx := context.Background()
	c, err := pgx.Connect(ctx, srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "create type pair as (a int, b text)"); err != nil {
		t.Fatal(err)
	}
	dt, err := c.LoadType(ctx, "pair")
	if err != nil {
		t.Fatalf("LoadType(pair): %v", err)
	}
	c.TypeMap().RegisterType(dt)
	var p struct {
		A int32
		B string
	}
	if err := c.QueryRow(ctx, "select row(7, 'seven')::pair").Scan(&p); err != nil {
		t.Fatal(err)
	}
	if p.A != 7 || p.B != "seven" {
		t.Fatalf("read %+v", p)
	}
}
