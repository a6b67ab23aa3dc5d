package tusk_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/lib/pq"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// TestPgxPipelineMatchesPostgres sends a batch (one pipeline: Parse, Bind,
// Execute of every query, then one Sync) with binary parameters and
// results, an error in the middle, and compares what comes back.
func TestPgxPipelineMatchesPostgres(t *testing.T) {
	run := func(dsn string) string {
		ctx := context.Background()
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		var out strings.Builder
		for _, sql := range []string{"drop table if exists pipe", "create table pipe (id int8 primary key, f float8, n numeric, b bool, t text)"} {
			if _, err := c.Exec(ctx, sql); err != nil {
				t.Fatal(err)
			}
		}
		batch := &pgx.Batch{}
		batch.Queue("insert into pipe values ($1, $2, $3, $4, $5)", int64(1), 1.5, "12.340", true, "one")
		batch.Queue("insert into pipe values ($1, $2, $3, $4, $5) returning id * 2", int64(2), -0.25, "-7", false, nil)
		batch.Queue("select id, f, n, b, t from pipe order by id")
		batch.Queue("select count(*) from pipe where f > $1", 0.0)
		br := c.SendBatch(ctx, batch)
		for range batch.Len() {
			rows, err := br.Query()
			if err != nil {
				fmt.Fprintf(&out, "%s\n", errString(err))
				continue
			}
			for rows.Next() {
				vals, err := rows.Values()
				fmt.Fprintf(&out, "%v %v\n", vals, err)
			}
			fmt.Fprintf(&out, "%s %v\n", rows.CommandTag(), errOrOK(rows.Err()))
			rows.Close()
		}
		br.Close()

		// An error aborts the rest of the pipeline up to Sync.
		batch = &pgx.Batch{}
		batch.Queue("insert into pipe values (3, 0, 0, true, 'three')")
		batch.Queue("insert into pipe values (1, 0, 0, true, 'dup')")
		batch.Queue("select 1")
		br = c.SendBatch(ctx, batch)
		for range batch.Len() {
			_, err := br.Exec()
			fmt.Fprintf(&out, "%s\n", errOrOK(err))
		}
		br.Close()
		var n int
		if err := c.QueryRow(ctx, "select count(*) from pipe").Scan(&n); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&out, "rows after the failed pipeline: %d\n", n)

		// The low-level pipeline API with a Sync in the middle.
		p := c.PgConn().StartPipeline(ctx)
		p.SendQueryParams("select $1::int + 1", [][]byte{[]byte("41")}, nil, nil, nil)
		p.SendPipelineSync()
		p.SendQueryParams("select 1/0", nil, nil, nil, nil)
		p.SendPipelineSync()
		p.SendQueryParams("select 'after'", nil, nil, nil, nil)
		p.SendPipelineSync()
		if err := p.Flush(); err != nil {
			t.Fatal(err)
		}
		for range 6 {
			res, err := p.GetResults()
			if err != nil {
				fmt.Fprintf(&out, "%s\n", errString(err))
				continue
			}
			switch r := res.(type) {
			case *pgconn.ResultReader:
				rr := r.Read()
				fmt.Fprintf(&out, "%q %s %s\n", rr.Rows, rr.CommandTag, errOrOK(rr.Err))
			case *pgconn.PipelineSync:
				out.WriteString("sync\n")
			}
		}
		p.Close()
		return out.String()
	}
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	if got, want := run(srv.DSN("postgres")), run(pg.DSN("postgres")); got != want {
		t.Errorf("tusk:\n%s\npostgresql:\n%s", got, want)
	}
}

// TestLibPQMatchesPostgres drives database/sql with lib/pq: prepared
// statements, transactions, NULLs, errors with their fields, and the
// simple protocol lib/pq uses for statements without parameters.
func TestLibPQMatchesPostgres(t *testing.T) {
	run := func(dsn string) string {
		db, err := sql.Open("postgres", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var out strings.Builder
		res := func(err error) string {
			var pe *pq.Error
			if errors.As(err, &pe) {
				return fmt.Sprintf("pq error %s %s %q %q", pe.Code, pe.Message, pe.Detail, pe.Hint)
			}
			if err != nil {
				return "error " + err.Error()
			}
			return "ok"
		}
		for _, s := range []string{"drop table if exists lpq", "create table lpq (id serial primary key, name text not null unique, score numeric(6,2))"} {
			_, err := db.Exec(s)
			fmt.Fprintln(&out, s, res(err))
		}
		stmt, err := db.Prepare("insert into lpq (name, score) values ($1, $2) returning id")
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []struct {
			name  string
			score any
		}{{"a", 1.5}, {"b", nil}, {"c", "99.999"}, {"a", 2}} {
			var id int
			err := stmt.QueryRow(v.name, v.score).Scan(&id)
			fmt.Fprintln(&out, "insert", v.name, id, res(err))
		}
		stmt.Close()
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		_, err = tx.Exec("update lpq set score = score * 2 where name = $1", "a")
		fmt.Fprintln(&out, "update in tx", res(err))
		_, err = tx.Exec("insert into lpq (name) values (null)")
		fmt.Fprintln(&out, "null insert", res(err))
		_, err = tx.Exec("select 1")
		fmt.Fprintln(&out, "after error", res(err))
		fmt.Fprintln(&out, "rollback", res(tx.Rollback()))
		rows, err := db.Query("select id, name, score from lpq order by id")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int
			var name string
			var score sql.NullString
			err := rows.Scan(&id, &name, &score)
			fmt.Fprintln(&out, id, name, score, res(err))
		}
		rows.Close()
		var s string
		err = db.QueryRow("select 'x' || $1 || $2::text", "y", 3).Scan(&s)
		fmt.Fprintln(&out, s, res(err))
		_, err = db.Exec("selec 1")
		fmt.Fprintln(&out, res(err))
		return out.String()
	}
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	if got, want := run(srv.DSN("postgres")), run(pg.DSN("postgres")); got != want {
		t.Errorf("tusk:\n%s\npostgresql:\n%s", got, want)
	}
}

// errOrOK renders a possibly nil error.
func errOrOK(err error) string {
	if err == nil {
		return "ok"
	}
	return errString(err)
}
