package tusk_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// TestIndexedQueriesMatchPostgres runs lookups that tusk answers through
// primary key and secondary indexes, with parameters, NULLs, duplicates
// and writes in between, and compares every answer with PostgreSQL's.
func TestIndexedQueriesMatchPostgres(t *testing.T) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	script := []struct {
		sql  string
		args []any
	}{
		{"drop table if exists ix_items, ix_orders", nil},
		{"create table ix_items (id int primary key, sku text unique, cat int, name varchar(20))", nil},
		{"create index ix_items_cat on ix_items (cat, name)", nil},
		{"create table ix_orders (oid bigint, line int, item int references ix_items, qty int, primary key (oid, line))", nil},
		{"insert into ix_items select g, 'sku' || g, g % 5, 'n' || (g % 7) from generate_series(1, 200) g", nil},
		{"insert into ix_items values (201, null, null, null), (202, null, 3, null)", nil},
		{"insert into ix_orders select g / 3, g % 3, 1 + g % 200, g from generate_series(1, 300) g", nil},
		{"select * from ix_items where id = 17", nil},
		{"select * from ix_items where id = $1", []any{42}},
		{"select * from ix_items where id = $1", []any{nil}},
		{"select * from ix_items where id = 1000", nil},
		{"select id from ix_items where sku = 'sku99'", nil},
		{"select id from ix_items where sku = $1", []any{"sku7"}},
		{"select id, name from ix_items where cat = 3 order by id", nil},
		{"select id from ix_items where cat = 3 and name = 'n2' order by id", nil},
		{"select id from ix_items where cat = 3 and name = 'n2' and id > 100 order by id", nil},
		{"select count(*) from ix_items where cat is null", nil},
		{"select * from ix_orders where oid = 5 order by line", nil},
		{"select * from ix_orders where oid = 5 and line = 2", nil},
		{"select * from ix_orders where line = 2 and oid = $1", []any{int64(7)}},
		{"select i.id, o.qty from ix_items i join ix_orders o on o.item = i.id where i.id = 10 order by o.qty", nil},
		{"select (select name from ix_items where id = o.item) from ix_orders o where oid = 9 order by line", nil},
		{"update ix_items set cat = 9 where id = 5 returning *", nil},
		{"select id from ix_items where cat = 9", nil},
		{"update ix_items set id = id + 1000 where id = 6 returning id", nil},
		{"select * from ix_items where id = 6", nil},
		{"select * from ix_items where id = 1006", nil},
		{"delete from ix_orders where oid = 3 returning *", nil},
		{"select count(*) from ix_orders where oid = 3", nil},
		{"update ix_items set sku = 'sku8' where id = 9", nil},
		{"select id from ix_items where sku = 'sku9'", nil},
		{"select id from ix_items where id = 7 or id = 8 order by 1", nil},
		{"select id from ix_items where id > 195 order by 1", nil},
		{"select id from ix_items where id >= 195 and id < 198 order by 1", nil},
		{"select id from ix_items where 10 > id order by 1", nil},
		{"select id from ix_items where id between 50 and 52 order by 1", nil},
		{"select id from ix_items where id > 52 and id < 50", nil},
		{"select id from ix_items where id > $1 and id <= $2 order by 1", []any{20, 23}},
		{"select id from ix_items where id > $1 order by 1", []any{nil}},
		{"select id, name from ix_items where cat = 2 and name > 'n4' order by id", nil},
		{"select id, name from ix_items where cat = 2 and name <= 'n1' order by id", nil},
		{"select id from ix_items where cat < 1 order by id", nil},
		{"select id from ix_items where cat > 3 order by id", nil},
		{"select count(*) from ix_items where sku >= 'sku5' and sku < 'sku6'", nil},
		{"select * from ix_orders where oid = 10 and line > 0 order by line", nil},
		{"select id, sku from ix_items order by id limit 5", nil},
		{"select id from ix_items where id > 150 order by id limit 3", nil},
		{"select id from ix_items order by id desc limit 3", nil},
		{"select * from ix_orders order by oid, line limit 7", nil},
		{"select * from ix_orders where oid = 20 order by line desc", nil},
		{"select * from ix_orders where oid = 20 order by oid, line", nil},
		{"select id, name from ix_items where cat = 4 order by name, id", nil},
		{"select cat, name from ix_items where cat > 2 order by cat, name limit 4", nil},
		{"select id from ix_items order by id offset 198", nil},
		{"select id, sku from ix_items where id in (5, 3, 3, 1000, null, 7) order by id", nil},
		{"select id from ix_items where id = any($1) order by id", []any{[]int32{9, 2, 4}}},
		{"select id from ix_items where id = any($1)", []any{nil}},
		{"select id from ix_items where sku in ('sku10', 'sku11', 'nope') order by id", nil},
		{"select * from ix_orders where oid = 30 and line in (2, 0) order by line", nil},
		{"select * from ix_orders where oid in (31, 32) order by oid, line", nil},
		{"select count(*) from ix_items where cat in (1, 2) and name = 'n3'", nil},
		{"select id from ix_items where id not in (1, 2) and id < 5 order by id", nil},
		{"update ix_items set cat = 0 where id in (11, 12) returning id, cat", nil},
		{"update ix_items set name = 'r' where id between 100 and 102 returning id, name", nil},
		{"delete from ix_orders where oid < 2 returning oid, line", nil},
		{"select id from ix_items where id = 7.0", nil},
		{"select id from ix_items where id = 3000000000", nil},
	}
	run := func(dsn string) []string {
		c, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(context.Background())
		var out []string
		for _, s := range script {
			out = append(out, describeResult(c, s.sql, s.args...))
		}
		return out
	}
	got, want := run(srv.DSN("postgres")), run(pg.DSN("postgres"))
	for i := range script {
		if got[i] != want[i] {
			t.Errorf("%s %v\ntusk:       %s\npostgresql: %s", script[i].sql, script[i].args, got[i], want[i])
		}
	}
}
