package tusk_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
	"github.com/tuskdb/tusk/internal/testutil/tusktest"
)

// DDL differential tests: each script runs statement by statement against
// tusk and PostgreSQL 15, each in a fresh database, and the transcripts
// must match: command tags, result columns and rows (as text), NOTICEs and
// WARNINGs, and for errors the SQLSTATE, message, DETAIL and HINT.
//
// A statement of the form `\c NAME` reconnects the script's session to
// database NAME; `\c` alone goes back to the script's own database, and
// `\c - USER` reconnects to it as role USER.
// `@other NAME` opens a second session on database NAME that stays
// connected (for DROP DATABASE of a database in use); `@close` closes it.

// ddlScripts are the scripts, by name.
var ddlScripts = map[string][]string{
	"views": {
		"create table t (a int, b text)",
		"insert into t values (1, 'x'), (2, 'y'), (3, null)",
		"create view v as select a, b from t where a > 1",
		"select * from v order by a",
		"create view v as select 1",
		"create or replace view v as select a from t",
		"create or replace view v as select a as x, b from t",
		"create or replace view v as select a::text, b from t",
		"create or replace view v as select a, b, a * 10 as c from t",
		"select * from v order by a",
		"create or replace view t as select 1",
		"create view v2 as select * from v where c > 10",
		"select * from v2 order by a",
		"select v.a, v2.c from v join v2 using (a) order by 1",
		"select * from t where a in (select a from v2) order by a",
		"select (select count(*) from v) as n",
		"drop table t",
		"drop view v",
		"drop view t",
		"drop table v",
		"drop view if exists nope, v2",
		"drop view nope",
		"create view v3 (x) as select 1, 2",
		"create view v4 (x, y, z) as select 1, 2",
		"create view v5 as select 1 as a, 1 as a",
		"select * from v3",
		"alter table t add column c int",
		"select * from v order by a",
		"create view v6 as select * from t order by a",
		"alter table t add column d int",
		"select * from v6",
		"alter table t drop column a",
		"alter table t drop column d",
		"alter view v6 rename to v7",
		"alter view t rename to t2",
		"select * from v7",
		"alter table t rename to t2",
		"select * from v7",
		"alter table t2 rename column b to bb",
		"select * from v7",
		"alter table t2 alter column a type bigint",
		"drop table t2 cascade",
		"select * from v3",
	},
	"ctas": {
		"create table t (id int primary key, a int, b text)",
		"insert into t values (1, 10, 'x'), (2, 20, null), (3, 30, 'z')",
		"create table s as select id, a * 2 as dbl, 'lit' as lit, b from t where id < 3",
		"select * from s order by id",
		"create table s2 (k, l) as select 1, 2.5",
		"select * from s2",
		"create table s3 as select * from s2 with no data",
		"select * from s3",
		"select id, b into s4 from t",
		"select * from s4 order by id",
		"create table if not exists s4 as select 1",
		"create table s5 (a, b, c) as select 1, 2",
		"create table s as select 1",
		"create table s6 as select 1 as x, 2 as x",
		"create table s7 as select a from t where a > 100",
		"select count(*) from s7",
		"insert into s values (9, 9, 'q', 'r') returning *",
		"create table s8 as values (1, 'a'), (2, 'b')",
		"select * from s8 order by 1",
	},
	"alter": {
		"create table t (a int, b text)",
		"insert into t values (1, 'x'), (1, null), (null, 'y')",
		"alter table t add primary key (a)",
		"alter table t add unique (a)",
		"alter table t add constraint c check (a > 1)",
		"alter table t alter column b set not null",
		"alter table t alter column b type int",
		"alter table t alter column b type int using b::int",
		"alter table t alter column a type text",
		"alter table t add column a int",
		"alter table t add column if not exists a int",
		"alter table t drop column z",
		"alter table t drop column if exists z",
		"alter table t drop constraint z",
		"alter table t drop constraint if exists z",
		"alter table t rename column z to y",
		"alter table t rename column a to b",
		"alter table nope add column x int",
		"alter table if exists nope add column x int",
		"alter table t add column c int not null",
		"alter table t add column c int not null default 5",
		"select * from t order by a, b",
		"create table r (x int primary key)",
		"alter table t add foreign key (a) references r",
		"alter table r alter column x drop not null",
		"alter table r rename to t",
		"alter index r_pkey rename to t",
		"alter view r rename to rr",
		"alter table t alter column a set default 'abc'",
		"alter table t alter column c set default 'abc'",
	},
	"alter_rows": {
		"create table t (id serial primary key, a int, b text)",
		"insert into t (a, b) values (1, '10'), (2, '20'), (3, null)",
		"alter table t add column c int default 7",
		"alter table t add column d serial",
		"alter table t add column e text default 'e' not null",
		"select * from t order by id",
		"alter table t alter column b type int using b::int",
		"select * from t order by id",
		"alter table t alter column a type numeric(10,2)",
		"select a, pg_typeof(a), b, pg_typeof(b) from t order by id",
		"alter table t drop column c",
		"select * from t order by id",
		"alter table t add column c text",
		"select * from t order by id",
		"alter table t rename column a to aa",
		"alter table t rename to t2",
		"select aa from t2 order by 1",
		"alter table t2 add constraint ck check (aa > 0)",
		"insert into t2 (aa) values (-1)",
		"alter table t2 drop constraint ck",
		"insert into t2 (aa, b) values (-1, 5) returning id, aa, b",
		"alter table t2 alter column b set default 99",
		"insert into t2 (aa) values (5) returning b",
		"alter table t2 alter column b drop default",
		"insert into t2 (aa) values (6) returning b",
		"alter table t2 alter column b set not null",
		"delete from t2 where b is null",
		"alter table t2 alter column b set not null",
		"insert into t2 (aa) values (6)",
		"alter table t2 alter column b drop not null",
		"alter table t2 drop constraint t_pkey",
		"insert into t2 (id, aa) values (1, 1)",
		"select id, aa from t2 order by id, aa",
		"alter table t2 add primary key (id)",
		"delete from t2 where id = 1 and aa = 1",
		"alter table t2 add primary key (id)",
		"insert into t2 (id, aa) values (1, 1)",
		"create table r (x int primary key)",
		"insert into r values (1), (2)",
		"alter table t2 add constraint fk foreign key (id) references r",
		"alter table t2 add constraint fk foreign key (id) references r not valid",
		"insert into t2 (id, aa) values (100, 1)",
		"alter table t2 add constraint fk2 foreign key (id) references r",
		"drop table r",
		"drop table r cascade",
		"insert into t2 (id, aa) values (100, 1)",
		"alter table t2 add unique (aa)",
		"alter table t2 add constraint u unique (b)",
		"insert into t2 (id, aa, b) values (200, 0, 5)",
		"alter table t2 drop constraint u",
		"insert into t2 (id, aa, b) values (200, 0, 5)",
		"alter table t2 rename constraint t_pkey to t2_pkey",
		"insert into t2 (id, aa) values (200, 0)",
		"alter table t2 owner to postgres",
	},
	"like_and_rewrites": {
		"create table t (id int primary key, a int not null default 5 check (a > 0), b text unique)",
		"comment on column t.a is 'ca'",
		"create table l1 (like t)",
		"insert into l1 (id, a) values (1, 1), (1, 1)",
		"select * from l1",
		"create table l2 (like t including all)",
		"insert into l2 (id) values (1) returning *",
		"insert into l2 (id) values (1)",
		"insert into l2 (id, a) values (2, -1)",
		"create table l3 (x int, like t including defaults, y int)",
		"insert into l3 (id) values (1) returning *",
		"create table l4 (like nope)",
		"create table l5 (like t, a int)",
		"create view vv as select 1 as q",
		"create table l6 (like vv)",
		"select * from l6",
		"alter sequence l2_pkey rename to zz",
		"create sequence sq",
		"create table ts (a int default nextval('sq'))",
		"alter sequence sq rename to sq2",
		"insert into ts default values returning a",
		"alter table ts rename column a to b",
		"insert into ts default values returning b",
		"alter table ts alter column b type bigint",
		"insert into ts default values returning b",
		"create table pk (a int primary key, b int)",
		"insert into pk values (1, 1), (2, 2)",
		"alter table pk alter column a type bigint",
		"select * from pk where a = 2",
		"insert into pk values (2, 3)",
		"alter table pk alter column a type text",
		"select * from pk where a = '2'",
		"alter table pk add column c int references pk(a)",
		"alter table pk alter column b type text using b || 'x'",
		"select * from pk order by a",
		"alter table pk add column d int unique check (d > 0), add column e int",
		"select * from pk order by a",
		"alter table pk drop column a",
		"alter table pk drop column a cascade",
		"alter table pk drop column a",
		"alter table pk alter column b type int using length(b)",
		"select * from pk",
		"begin",
		"alter table pk add column f int default 1",
		"alter table pk alter column b type text",
		"rollback",
		"select * from pk",
	},
	"dependencies": {
		"create table t (a int, b text)",
		"insert into t values (1, 'x'), (2, 'y')",
		"alter table t add column id serial primary key",
		"select * from t order by id",
		"insert into t (a, b, id) values (3, 'z', 1)",
		"alter table t drop column id",
		"insert into t values (1, 'x')",
		"select count(*) from t",
		"create schema s",
		"create table s.u (k int primary key, v text)",
		"insert into s.u values (1, 'one'), (2, 'two')",
		"create view s.uv as with w as (select k, v from s.u) select * from w where k > 0 union all select 0, 'zero'",
		"select * from s.uv order by k",
		"create view vals as values (1, 'a'), (2, 'b')",
		"select * from vals order by 1",
		"create view lim as select * from s.u order by k desc limit 1",
		"select * from lim",
		"drop table s.u",
		"drop schema s",
		"drop schema s cascade",
		"select * from lim",
		"create sequence sq",
		"create view sv as select last_value from sq",
		"drop sequence sq",
		"drop sequence sq cascade",
		"create table t2 (x int)",
		"create view a1 as select x from t2",
		"create view a2 as select x from a1",
		"create view a3 as select a1.x from a1 join a2 using (x)",
		"drop table t2 cascade",
		"create table t3 (x int, y int)",
		"create view b1 as select t3.x, count(*) as n from t3 group by t3.x",
		"insert into t3 values (1, 1), (1, 2), (2, 3)",
		"select * from b1 order by x",
		"alter table t3 rename column x to xx",
		"select * from b1 order by x",
		"alter table t3 drop column y",
		"alter table t3 drop column xx",
		"alter view b1 rename column x to z",
		"select * from b1 order by z",
		"create or replace view b1 as select t3.xx as z, count(*) as n, 1 as extra from t3 group by t3.xx",
		"select * from b1 order by z",
		"create table t4 (a int)",
		"create view va as select * from t4",
		"create view vb as select * from t4",
		"create view vc as select * from va",
		"drop table t4",
		"create table t5 (a int primary key)",
		"create table r5 (a int references t5 (a))",
		"create view vd as select * from t5",
		"drop table t5",
		"drop view va, vc",
		"drop table t5, t4",
		"drop table t5, t4 cascade",
	},
	"identity_and_validate": {
		"create table ii (id int, v text)",
		"insert into ii values (1, 'a')",
		"alter table ii alter column id add generated always as identity",
		"alter table ii alter column id set not null",
		"alter table ii alter column id add generated always as identity (start with 10)",
		"alter table ii alter column id add generated always as identity",
		"insert into ii (v) values ('b') returning *",
		"insert into ii (id, v) values (5, 'c')",
		"alter table ii alter column v add generated by default as identity",
		"alter table ii alter column id drop identity",
		"alter table ii alter column id drop identity",
		"alter table ii alter column id drop identity if exists",
		"insert into ii (v) values ('d') returning *",
		"create table fk1 (a int primary key)",
		"create table fk2 (b int)",
		"insert into fk2 values (1)",
		"alter table fk2 add constraint f foreign key (b) references fk1 not valid",
		"alter table fk2 validate constraint f",
		"insert into fk1 values (1)",
		"alter table fk2 validate constraint f",
		"alter table fk2 add constraint c check (b > 5) not valid",
		"alter table fk2 validate constraint c",
		"alter table fk2 validate constraint nope",
		"alter table fk2 add constraint u unique using index nope",
	},
	"view_search_path": {
		"create schema a",
		"create schema b",
		"create table a.t (x int)",
		"create table b.t (x text)",
		"insert into a.t values (1)",
		"insert into b.t values ('b')",
		"set search_path = a",
		"create view public.v as select t.x from t",
		"set search_path = b, public",
		"select * from v",
		"select * from t",
		"alter schema a rename to aa",
		"select * from v",
	},
	"migrations": {
		"create table r (id bigserial primary key, name varchar(100))",
		"create table t (id serial primary key, c text, r_id bigint)",
		"insert into r (name) values ('a'), ('b')",
		"insert into t (c, r_id) values ('1', 1), ('2', 2), (null, null)",
		"alter table t alter column c type varchar(255)",
		"alter table t alter column c type integer using (c::integer)",
		"alter table \"t\" add column \"n\" integer default 0 not null check (\"n\" >= 0)",
		"alter table \"t\" alter column \"n\" drop default",
		"select * from t order by id",
		"alter table t add column flag boolean default false not null",
		"alter table t add constraint t_r_fk foreign key (r_id) references r (id) on delete cascade deferrable initially deferred",
		"delete from r where id = 1",
		"select id, r_id from t order by id",
		"alter table t drop constraint if exists t_r_fk",
		"alter table t add column r2 int references r on delete set null",
		"alter table t add column r2 int references r on delete set null",
		"alter table t alter column c set default null",
		"insert into t default values returning *",
		"alter table t alter column c type text",
		"alter table t alter column c type varchar(1)",
		"alter table t alter column c type varchar(1) using c::varchar(1)",
		"select c from t order by id",
		"create unique index t_c_uniq on t (c)",
		"alter table t rename column c to cc",
		"alter index t_c_uniq rename to t_cc_uniq",
		"drop index t_cc_uniq",
		"alter table t alter column n type smallint",
		"alter table t add constraint n_pos check (n > 0)",
		"alter table t add constraint n_pos check (n >= 0)",
		"alter table t add constraint n_pos check (n >= 0)",
		"alter table t drop column n",
		"alter table t alter column flag type int",
		"alter table t alter column flag type int using case when flag then 1 else 0 end",
		"select * from t order by id",
		"alter table t add column n2 numeric(5,2) default 1.234",
		"select n2 from t order by id",
		"alter table t alter column n2 type numeric(3,1)",
		"select n2 from t order by id",
		"alter table t alter column n2 type numeric(2,1)",
	},
	"ownership": {
		"create role ddl_joe login",
		"create table t (a int)",
		"create view v as select 1",
		"create sequence sq",
		"create index ti on t (a)",
		`\c - ddl_joe`,
		"alter table t add column b int",
		"alter table t rename to t2",
		"alter table t rename column a to b",
		"alter view v rename to v2",
		"alter index ti rename to ti2",
		"alter sequence sq rename to sq2",
		"comment on table t is 'x'",
		"comment on column t.a is 'x'",
		"comment on view v is 'x'",
		"drop table t",
		"drop view v",
		"drop index ti",
		"drop sequence sq",
		"drop table t, v",
		"create role ddl_x",
		"alter role ddl_joe createdb",
		"drop role ddl_joe",
		"create database ddl_jdb",
		"alter table t owner to ddl_joe",
		`\c`,
		"drop table t",
		"drop view v",
		"drop sequence sq",
		"drop role ddl_joe",
	},
	"add_column_constraints": {
		"create table t (a int)",
		"insert into t values (1), (2)",
		"alter table t add column z int default -1 check (z > 0)",
		"alter table t add column z int default 1 unique",
		"alter table t add column z int default 1 primary key",
		"alter table t add column z int generated always as identity",
		"select * from t order by a",
		"alter table t add column w int references t(z) default 1",
		"select * from t order by a",
		"create table e ()",
		"alter table e add column a int not null",
		"insert into e values (1)",
		"alter table e drop column a",
		"alter table e add column a int",
		"select * from e",
		"alter table t alter column z type bigint",
		"alter table t alter column nope type bigint",
		"alter table t alter column z set not null, alter column a set not null",
		"alter table t add column q int, add column q int",
		"alter table t drop column a, drop column a",
		"select * from t order by z",
	},
	"alter_type_foreign_keys": {
		"create table fr (id int primary key)",
		"create table ft (rid int references fr)",
		"insert into fr values (1)",
		"insert into ft values (1)",
		"alter table ft alter column rid type bigint",
		"alter table ft alter column rid type text",
		"alter table fr alter column id type text",
		"alter table fr alter column id type bigint",
		"insert into ft values (2)",
		"select * from ft",
	},
	"owned": {
		"create role ddl_a",
		"create role ddl_b",
		"create table t1 (x int)",
		"create table t2 (x int)",
		"create view v2 as select * from t2",
		"alter table t1 owner to ddl_a",
		"alter table t2 owner to ddl_a",
		"create schema sa authorization ddl_a",
		"create table sa.t3 (y int)",
		"drop role ddl_a",
		"reassign owned by ddl_a to ddl_b",
		"drop role ddl_a",
		"drop owned by ddl_b",
		"drop owned by ddl_b cascade",
		"drop owned by ddl_nope",
		"select * from v2",
		"drop role ddl_b",
		"drop role ddl_a",
	},
	"rewrite_indexes": {
		"create table x (a int, b int, c text)",
		"create index x_b on x (b)",
		"create unique index x_c on x (c)",
		"insert into x select g, g % 3, 'c' || g from generate_series(1, 20) g",
		"alter table x alter column b type bigint",
		"select a from x where b = 2 order by a",
		"alter table x add primary key (a)",
		"select a, c from x where c = 'c7'",
		"select a from x where b = 1 order by a",
		"alter table x alter column c type varchar(10)",
		"select a from x where c = 'c9'",
		"insert into x values (100, 1, 'c9')",
		"alter table x drop constraint x_pkey",
		"insert into x values (1, 1, 'new')",
		"select count(*) from x where b = 1",
		"alter table x alter column b type text",
		"select a from x where b = '1' order by a",
	},
	"role_membership": {
		"create role ddl_m1",
		"create role ddl_g1 role ddl_m1",
		"create role ddl_g2 admin ddl_m1 in role ddl_g1",
		"grant ddl_g1 to ddl_m1",
		"grant ddl_g2 to ddl_g1",
		"revoke ddl_g1 from ddl_m1",
		"create group ddl_g3 with user ddl_m1",
		"alter group ddl_g3 add user ddl_g1",
		"alter group ddl_g3 drop user ddl_g1",
		"alter group ddl_g3 drop user ddl_g1",
		"alter role current_user with createdb",
		"alter role ddl_m1 with connection limit -2",
		"drop role ddl_g1, ddl_g2, ddl_g3, ddl_m1",
	},
	"view_stars": {
		"create table a (id int, x text)",
		"create table b (id int, y text)",
		"insert into a values (1, 'ax'), (2, 'ay')",
		"insert into b values (1, 'bx')",
		"create view s1 as select * from a",
		"create view s2 as select a.*, b.y from a join b on a.id = b.id",
		"create view s3 as select * from a join b using (id)",
		"create view s4 as select 1 as one, * from a where id > 1 order by id",
		"create view s5 as select * from a union all select * from b",
		"create view s6 as select * from (select id as \"Weird Name\", x from a) q",
		"alter table a add column z int",
		"alter table b add column w int",
		"select * from s1 order by id",
		"select * from s2",
		"select * from s3",
		"select * from s4",
		"select * from s5 order by 1, 2",
		"select * from s6 order by 1",
	},
	"comments": {
		"create table t (a int)",
		"create view v as select 1 as x",
		"create index ti on t (a)",
		"create sequence sq",
		"comment on table t is 'x'",
		"comment on table v is 'x'",
		"comment on view t is 'x'",
		"comment on view v is 'a view'",
		"comment on table nope is 'x'",
		"comment on column t.nope is 'x'",
		"comment on column nope.a is 'x'",
		"comment on column t.a is 'col'",
		"comment on column v.x is 'vx'",
		"comment on index t is 'x'",
		"comment on index ti is 'idx'",
		"comment on sequence t is 'x'",
		"comment on sequence sq is 'seq'",
		"comment on schema nope is 'x'",
		"comment on schema public is 'pub'",
		"comment on schema public is null",
		"comment on role nope is 'x'",
		"comment on database nope is 'x'",
		"comment on column a is 'x'",
		"comment on table t is null",
	},
	"roles": {
		"create role ddl_r1",
		"create role ddl_r1",
		"create user ddl_u1 password 'x' createdb",
		"create role pg_foo",
		"alter role ddl_r1 superuser createrole login connection limit 5",
		"alter role ddl_nope login",
		"alter role ddl_r1 rename to ddl_r2",
		"alter user ddl_u1 rename to ddl_u2",
		"alter role postgres rename to x",
		"create role ddl_r3 password 'md5aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'",
		"alter role ddl_r3 rename to ddl_r4",
		"alter role ddl_r2 rename to ddl_r4",
		"grant ddl_r2 to ddl_u2",
		"grant ddl_r2 to ddl_u2",
		"grant ddl_u2 to ddl_r2",
		"revoke ddl_r2 from ddl_u2",
		"revoke ddl_r2 from ddl_u2",
		"grant ddl_nope to ddl_u2",
		"create role ddl_r5 superuser nosuperuser",
		"create role ddl_r6 with password null in role ddl_r2",
		"create role ddl_r7 password ''",
		"create table t7 (a int)",
		"alter table t7 owner to ddl_r7",
		"drop role ddl_r7",
		"drop table t7",
		"drop role ddl_r2, ddl_u2, ddl_r4, ddl_r6",
		"drop role ddl_r2",
		"drop role if exists ddl_r2, ddl_r3",
		"drop role postgres",
		"drop role ddl_r7",
		"alter role ddl_r1 password 'pw' valid until 'infinity'",
		"alter role ddl_r1 valid until 'garbage'",
		"alter role ddl_r1 valid until '2001-01-01 00:00:00+02'",
		"comment on role ddl_r1 is 'a role'",
		"drop role ddl_r1",
	},
	"databases": {
		"create database ddl_db0; select 1",
		"select 1; drop database if exists ddl_db0",
		"create database ddl_db1",
		"create database ddl_db1",
		"begin",
		"create database ddl_db2",
		"rollback",
		"begin",
		"drop database ddl_db1",
		"rollback",
		"drop database template1",
		"drop database if exists ddl_nope",
		"drop database ddl_nope",
		"create database postgres",
		"create database ddl_db2 template ddl_nope",
		"create database ddl_db2 owner ddl_nope",
		`\c ddl_db1`,
		"create table t (a int)",
		"insert into t values (1)",
		"select * from t",
		"select current_database()",
		"drop database ddl_db1",
		`\c`,
		"select * from t",
		"comment on database ddl_db1 is 'db'",
		"drop database ddl_db1",
		"drop database ddl_db1",
		"create database ddl_db1",
		`\c ddl_db1`,
		"select * from t",
		`\c`,
		"drop database ddl_db1 with (force)",
		"create database ddl_dx1 allow_connections false connection_limit 3 is_template true",
		`\c ddl_dx1`,
		`\c`,
		"alter database ddl_dx1 allow_connections true",
		"alter database ddl_dx1 connection limit 5",
		"drop database ddl_dx1",
		"alter database ddl_dx1 is_template false",
		"alter database ddl_dx1 owner to ddl_nope",
		"alter database ddl_dx1 owner to postgres",
		"alter database ddl_nope owner to postgres",
		"create schema sx",
		"alter schema sx owner to postgres",
		"alter schema ddl_nope owner to postgres",
		"alter schema sx rename to sy",
		"alter schema sy rename to pg_sy",
		"alter database ddl_dx1 rename to ddl_dx2",
		"drop database ddl_dx1",
		"drop database ddl_dx2",
		"alter database ddl_dx1 connection limit -5",
	},
}

// TestDDLMatchesPostgres runs ddlScripts against tusk and PostgreSQL.
func TestDDLMatchesPostgres(t *testing.T) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	for name, script := range ddlScripts {
		t.Run(name, func(t *testing.T) {
			db := "ddl_" + name
			tuskOut := runDDLScript(t, srv.DSN("postgres"), db, script)
			pgOut := runDDLScript(t, pg.DSN("postgres"), db, script)
			if tuskOut != pgOut {
				t.Errorf("transcripts differ\n%s", ddlDiff(tuskOut, pgOut))
			}
		})
	}
}

// runDDLScript creates database db on the server at dsn (a database
// there), runs the script in it and returns the transcript.
func runDDLScript(t *testing.T, dsn, db string, script []string) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	var name, user string
	open := func(dbname string) *pgconn.PgConn {
		cfg, err := pgconn.ParseConfig(dsn)
		if err != nil {
			t.Fatal(err)
		}
		if user != "" {
			cfg.User = user
		}
		if dbname != "" {
			cfg.Database = dbname
		}
		cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) {
			if dbname == "" {
				return
			}
			fmt.Fprintf(&b, "%s %s: %s\n", n.Severity, n.Code, n.Message)
			if n.Detail != "" {
				fmt.Fprintf(&b, "DETAIL: %s\n", n.Detail)
			}
		}
		c, err := pgconn.ConnectConfig(ctx, cfg)
		if err != nil {
			fmt.Fprintf(&b, "connect %s: %s\n", dbname, ddlErr(err))
			return nil
		}
		return c
	}
	admin := open("")
	if admin == nil {
		t.Fatal(b.String())
	}
	defer admin.Close(ctx)
	admin.Exec(ctx, "drop database if exists "+db).ReadAll()
	if _, err := admin.Exec(ctx, "create database "+db).ReadAll(); err != nil {
		t.Fatalf("create database %s: %v", db, err)
	}
	defer func() { admin.Exec(ctx, "drop database if exists "+db+" with (force)").ReadAll() }()
	c := open(db)
	var other *pgconn.PgConn
	defer func() {
		if c != nil {
			c.Close(ctx)
		}
		if other != nil {
			other.Close(ctx)
		}
	}()
	for _, stmt := range script {
		fmt.Fprintf(&b, "> %s\n", stmt)
		switch {
		case strings.HasPrefix(stmt, `\c`):
			if c != nil {
				c.Close(ctx)
			}
			args := strings.Fields(strings.TrimPrefix(stmt, `\c`))
			name, user = db, ""
			if len(args) > 0 && args[0] != "-" {
				name = args[0]
			}
			if len(args) > 1 {
				user = args[1]
			}
			c = open(name)
			continue
		case strings.HasPrefix(stmt, "@other "):
			other = open(strings.TrimPrefix(stmt, "@other "))
			continue
		case stmt == "@close":
			if other != nil {
				other.Close(ctx)
				other = nil
			}
			continue
		}
		if c == nil {
			b.WriteString("(not connected)\n")
			continue
		}
		results, err := c.Exec(ctx, stmt).ReadAll()
		for _, r := range results {
			if len(r.FieldDescriptions) > 0 {
				var cols []string
				for _, f := range r.FieldDescriptions {
					cols = append(cols, fmt.Sprintf("%s:%d", f.Name, f.DataTypeOID))
				}
				fmt.Fprintf(&b, "columns: %s\n", strings.Join(cols, " | "))
			}
			for _, row := range r.Rows {
				vals := make([]string, len(row))
				for i, v := range row {
					if v == nil {
						vals[i] = "NULL"
					} else {
						vals[i] = string(v)
					}
				}
				fmt.Fprintf(&b, "%s\n", strings.Join(vals, " | "))
			}
			if r.Err == nil {
				fmt.Fprintf(&b, "%s\n", r.CommandTag)
			}
		}
		if err != nil {
			b.WriteString(ddlErr(err) + "\n")
		}
	}
	return b.String()
}

// ddlErr renders an error with its SQLSTATE, message, DETAIL and HINT.
func ddlErr(err error) string {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return "error: " + err.Error()
	}
	s := fmt.Sprintf("%s %s: %s", pe.Severity, pe.Code, pe.Message)
	if pe.Detail != "" {
		s += "\nDETAIL: " + pe.Detail
	}
	if pe.Hint != "" {
		s += "\nHINT: " + pe.Hint
	}
	return s
}

// ddlDiff shows two transcripts side by side from their first difference.
func ddlDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	start := i - 3
	if start < 0 {
		start = 0
	}
	end := func(l []string) int {
		if i+12 < len(l) {
			return i + 12
		}
		return len(l)
	}
	return fmt.Sprintf("--- tusk (from line %d)\n%s\n--- PostgreSQL\n%s", start+1,
		strings.Join(g[start:end(g)], "\n"), strings.Join(w[start:end(w)], "\n"))
}

// TestRolePasswordLogin checks that passwords set by CREATE ROLE and ALTER
// ROLE are stored as password_encryption says and let the role log in
// through pg_hba.conf's scram-sha-256 and md5 methods.
func TestRolePasswordLogin(t *testing.T) {
	dir := t.TempDir()
	hba := dir + "/pg_hba.conf"
	conf := "host all postgres 127.0.0.1/32 trust\n" +
		"host all ddl_md5 127.0.0.1/32 md5\n" +
		"host all all 127.0.0.1/32 scram-sha-256\n" +
		"local all all trust\n"
	if err := os.WriteFile(hba, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := tusktest.Start(t, map[string]string{"hba_file": hba})
	ctx := context.Background()
	admin := connect(t, srv.DSN("postgres"))
	for _, sql := range []string{
		"create role ddl_scram login password 'sesame'",
		"set password_encryption = 'md5'",
		"create role ddl_md5 login password 'open'",
	} {
		if _, err := admin.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	login := func(user, password string) error {
		dsn := fmt.Sprintf("postgres://%s:%s@%s/postgres?sslmode=disable", user, password, srv.Addr())
		c, err := pgconn.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		return c.Close(ctx)
	}
	if err := login("ddl_scram", "sesame"); err != nil {
		t.Errorf("scram login: %v", err)
	}
	if err := login("ddl_scram", "wrong"); pgCode(err) != "28P01" {
		t.Errorf("scram login with a wrong password: got %v, want 28P01", err)
	}
	if err := login("ddl_md5", "open"); err != nil {
		t.Errorf("md5 login: %v", err)
	}
	if _, err := admin.Exec(ctx, "alter role ddl_scram password 'changed'"); err != nil {
		t.Fatal(err)
	}
	if err := login("ddl_scram", "changed"); pgCode(err) != "28P01" {
		// The new secret is MD5 (password_encryption is md5 in that
		// session), which a scram-sha-256 line does not accept.
		t.Errorf("scram line with an md5 secret: got %v, want 28P01", err)
	}
	if _, err := admin.Exec(ctx, "reset password_encryption; alter role ddl_scram password 'again'"); err != nil {
		t.Fatal(err)
	}
	if err := login("ddl_scram", "again"); err != nil {
		t.Errorf("login after ALTER ROLE PASSWORD: %v", err)
	}
}

// TestDDLExtendedProtocol runs DDL through the extended protocol (Parse,
// Bind, Describe, Execute), as drivers send it, and compares command tags
// and errors with PostgreSQL.
func TestDDLExtendedProtocol(t *testing.T) {
	script := []string{
		"create table t (a int, b text)",
		"insert into t values (1, 'x'), (2, 'y')",
		"create table t2 as select * from t",
		"select a into t3 from t where a > 1",
		"create view v as select a from t",
		"select * from v order by a",
		"alter table t add column c int default 3",
		"alter table t alter column a type bigint",
		"comment on table t is 'x'",
		"create role ddl_ext",
		"alter role ddl_ext login",
		"drop role ddl_ext",
		"drop view v",
		"drop table t, t2, t3",
		"create table t2 as select 1 as x",
		"create database ddl_ext_db",
		"drop database ddl_ext_db",
	}
	run := func(c *pgx.Conn) string {
		var b strings.Builder
		for _, sql := range script {
			tag, err := c.Exec(context.Background(), sql, pgx.QueryExecModeDescribeExec)
			if err != nil {
				fmt.Fprintf(&b, "%s: %s\n", sql, ddlErr(err))
				continue
			}
			fmt.Fprintf(&b, "%s: %s\n", sql, tag)
		}
		return b.String()
	}
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	var out [2]string
	for i, dsn := range []string{srv.DSN("postgres"), pg.DSN("postgres")} {
		admin := connect(t, dsn)
		ctx := context.Background()
		admin.Exec(ctx, "drop database if exists ddl_ext")
		if _, err := admin.Exec(ctx, "create database ddl_ext"); err != nil {
			t.Fatal(err)
		}
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Database = "ddl_ext"
		c, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = run(c)
		c.Close(ctx)
		admin.Exec(ctx, "drop database ddl_ext with (force)")
	}
	if out[0] != out[1] {
		t.Errorf("extended protocol results differ\n%s", ddlDiff(out[0], out[1]))
	}
}

// dumpSchema is the database the pg_dump tests dump: serial and identity
// columns, defaults, CHECK, UNIQUE and FOREIGN KEY constraints, indexes, a
// view, comments, another schema, a sequence.
var dumpSchema = []string{
	"create table authors (id serial primary key, name text not null, born date)",
	"comment on table authors is 'people who write'",
	"comment on column authors.name is 'full name'",
	"create table books (id bigint generated by default as identity primary key, author_id int references authors on delete cascade, " +
		"title varchar(200) not null, price numeric(8,2) default 9.99 check (price >= 0), tags text[])",
	"create unique index books_title on books (title)",
	"create index books_author on books (author_id)",
	"create view cheap_books as select b.title, a.name from books b join authors a on a.id = b.author_id where b.price < 10",
	"insert into authors (name, born) values ('Ann', '1950-01-02'), ('Bob', null)",
	"insert into books (author_id, title, price, tags) values (1, 'A', 5, '{x,y}'), (2, 'B', 15, null)",
	"create schema extra",
	"create table extra.notes (k int primary key, body text)",
	"create sequence extra.counter start 100",
}

// TestPgDumpRestore dumps a PostgreSQL database with pg_dump (tables with
// serial and identity columns, defaults, CHECK, UNIQUE and FOREIGN KEY
// constraints, indexes, a view, comments, another schema, a sequence),
// restores the dump into tusk with psql, and compares queries and writes
// on both.
func TestPgDumpRestore(t *testing.T) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	ctx := context.Background()
	setup := dumpSchema
	const db = "ddl_dump"
	admin := connect(t, pg.DSN("postgres"))
	admin.Exec(ctx, "drop database if exists "+db)
	if _, err := admin.Exec(ctx, "create database "+db); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec(context.Background(), "drop database if exists "+db+" with (force)")
	src := connect(t, pg.DSN(db))
	for _, sql := range setup {
		if _, err := src.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	dump, err := pg.Command(ctx, "pg_dump", "-h", pg.Host, "-p", fmt.Sprint(pg.Port), "-U", "postgres", db).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	tadmin := connect(t, srv.DSN("postgres"))
	if _, err := tadmin.Exec(ctx, "create database "+db); err != nil {
		t.Fatal(err)
	}
	psql, err := pgtest.Bin("psql")
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(srv.Addr())
	cmd := exec.Command(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port, "-U", "postgres", "-d", db)
	cmd.Env = append(os.Environ(), "PGSSLMODE=disable")
	cmd.Stdin = bytes.NewReader(dump)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("restoring the dump into tusk: %v\n%s", err, out)
	}
	dst := connect(t, srv.DSN(db))
	checks := []string{
		"select * from authors order by id",
		"select * from books order by id",
		"select * from cheap_books",
		"insert into books (author_id, title) values (1, 'C') returning *",
		"insert into books (author_id, title) values (1, 'C')",
		"insert into authors (name) values ('Cy') returning id",
		"insert into books (author_id, title, price) values (1, 'D', -1)",
		"select nextval('extra.counter')",
		"delete from authors where id = 1",
		"select count(*) from books",
		"insert into extra.notes values (1, 'n'), (1, 'm')",
	}
	for _, sql := range checks {
		got, want := describeResult(dst, sql), describeResult(src, sql)
		if got != want {
			t.Errorf("%s:\n tusk:       %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}

// TestPgDumpFromTusk is the reverse of TestPgDumpRestore: PostgreSQL 15's
// pg_dump dumps a tusk database (serial and identity columns, defaults,
// constraints, indexes, a view, comments, another schema, a sequence that
// was used), psql restores the dump into PostgreSQL with ON_ERROR_STOP,
// and the same queries and writes give the same results on both.
func TestPgDumpFromTusk(t *testing.T) {
	srv := tusktest.Start(t, nil)
	pg := pgtest.Shared(t)
	ctx := context.Background()
	const db = "ddl_dump_rev"
	tadmin := connect(t, srv.DSN("postgres"))
	if _, err := tadmin.Exec(ctx, "create database "+db); err != nil {
		t.Fatal(err)
	}
	src := connect(t, srv.DSN(db))
	for _, sql := range append(append([]string(nil), dumpSchema...),
		"insert into extra.notes values (1, 'it''s'), (2, null)",
		"select nextval('extra.counter')") {
		if _, err := src.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	pgDump, err := pgtest.Bin("pg_dump")
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(srv.Addr())
	dumpCmd := exec.Command(pgDump, "-h", host, "-p", port, "-U", "postgres", db)
	dumpCmd.Env = append(os.Environ(), "PGSSLMODE=disable")
	var stderr bytes.Buffer
	dumpCmd.Stderr = &stderr
	dump, err := dumpCmd.Output()
	if err != nil {
		t.Fatalf("pg_dump of tusk: %v\n%s", err, stderr.String())
	}
	admin := connect(t, pg.DSN("postgres"))
	admin.Exec(ctx, "drop database if exists "+db)
	if _, err := admin.Exec(ctx, "create database "+db); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec(context.Background(), "drop database if exists "+db+" with (force)")
	restore := pg.Command(ctx, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", pg.Host, "-p", fmt.Sprint(pg.Port), "-U", "postgres", "-d", db)
	restore.Stdin = bytes.NewReader(dump)
	if out, err := restore.CombinedOutput(); err != nil {
		t.Fatalf("restoring tusk's dump into PostgreSQL: %v\n%s", err, out)
	}
	dst := connect(t, pg.DSN(db))
	for _, sql := range []string{
		"select * from authors order by id",
		"select * from books order by id",
		"select * from cheap_books",
		"select * from extra.notes order by k",
		"select obj_description('authors'::regclass, 'pg_class'), col_description('authors'::regclass, 2)",
		"select nextval('extra.counter')",
		"insert into authors (name) values ('Cy') returning id",
		"insert into books (author_id, title) values (1, 'C') returning *",
		"insert into books (author_id, title) values (1, 'C')",
		"insert into books (author_id, title, price) values (1, 'D', -1)",
		"delete from authors where id = 1",
		"select count(*) from books",
	} {
		if got, want := describeResult(dst, sql), describeResult(src, sql); got != want {
			t.Errorf("%s:\n PostgreSQL (restored): %s\n tusk:                  %s", sql, got, want)
		}
	}
}
