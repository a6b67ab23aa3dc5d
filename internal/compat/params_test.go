package compat

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// TestManyParameters prepares statements with more parameters than the
// protocol's 16-bit counts hold, on PostgreSQL and on tusk: the Parse
// succeeds, the ParameterDescription carries every type (its count
// truncated, which clients ignore), and only a parameter number past
// PostgreSQL's bound is an error.
func TestManyParameters(t *testing.T) {
	pg := pgtest.Shared(t)
	srv := tusktest.Start(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	const n = 65536
	refs := make([]string, n)
	for i := range refs {
		refs[i] = fmt.Sprintf("($%d::text)", i+1)
	}
	many := "values" + strings.Join(refs, ", ")

	type outcome struct {
		params, fields int
		err            string
	}
	prepare := func(dsn, sql string) outcome {
		conn, err := pgconn.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		sd, err := conn.Prepare(ctx, "s", sql, nil)
		if err != nil {
			return outcome{err: err.Error()}
		}
		return outcome{params: len(sd.ParamOIDs), fields: len(sd.Fields)}
	}
	// A parameter number past INT_MAX / sizeof(Oid) is refused, and one
	// whose array of types would pass MaxAllocSize fails to allocate.
	for _, sql := range []string{many, "select $536870912::int", "select $268435456::int"} {
		want := prepare(pg.DSN("postgres"), sql)
		have := prepare(srv.DSN("postgres"), sql)
		if have != want {
			t.Errorf("%.40s...: tusk %+v, PostgreSQL %+v", sql, have, want)
		}
	}
}
