-- What ORMs and migration tools ask before and after they change a schema:
-- GORM, SQLAlchemy (with Alembic), Sequelize and Knex (internal/compat/orm).

-- The schema unqualified names go to; GORM's migrator asks it first.
select current_schema, current_schema(), current_schemas(true), current_schemas(false);
set search_path = nosuch, public;
select current_schema(), current_schemas(false);
set search_path = nosuch;
select current_schema() is null, current_schemas(false), current_schemas(true);
reset search_path;

create table companies (id bigserial primary key, name varchar(100) unique);
create table users (id bigserial primary key, name varchar(64) not null, email text,
  age bigint constraint age_nonneg check (age >= 0), company_id bigint references companies (id));
create unique index idx_users_email on users (email);
create table user_languages (user_id bigint references users, language_id bigint, primary key (user_id, language_id));
create table pc (a int, b int, constraint pc_ab check (a < b), constraint pc_fk foreign key (a, b) references user_languages);

-- Which columns each constraint uses: a foreign key's are the referenced
-- table's, a check constraint's those its expression reads.
select table_schema, table_name, column_name, constraint_schema, constraint_name,
    table_catalog = current_database() and constraint_catalog = current_database() as here
  from information_schema.constraint_column_usage where table_schema = 'public'
  order by constraint_name, column_name;
select table_schema, table_name, constraint_schema, constraint_name,
    table_catalog = current_database() and constraint_catalog = current_database() as here
  from information_schema.constraint_table_usage where table_schema = 'public'
  order by constraint_name;
-- GORM's ColumnTypes: which columns are a primary key or unique.
select c.column_name, constraint_name, constraint_type
  from information_schema.table_constraints tc
  join information_schema.constraint_column_usage as ccu using (constraint_schema, constraint_catalog, table_name, constraint_name)
  join information_schema.columns as c on c.table_schema = tc.constraint_schema and tc.table_name = c.table_name and ccu.column_name = c.column_name
 where constraint_type in ('PRIMARY KEY', 'UNIQUE') and c.table_catalog = current_database() and c.table_schema = current_schema()
   and c.table_name in ('users', 'companies', 'user_languages')
 order by 1, 2;

-- Defaults as SQLAlchemy and Alembic write them (server_default='0' is a
-- string literal) and read them back through pg_get_expr: two columns
-- with the same default text but different types each keep their own.
create table defaults (id serial primary key, rating numeric(4,2) default '0', r2 numeric default 0,
  f numeric default '1.5', neg numeric default '-1', n2 numeric default -3, t text default 'x', i int default '5');
alter table defaults add column score integer not null default '0';
alter table defaults add column big bigint default '0';
alter table defaults add column big2 bigint default 5000000000;
alter table defaults add column big3 bigint default 7;
select a.attname, pg_get_expr(d.adbin, d.adrelid), pg_get_expr(d.adbin, d.adrelid, true)
  from pg_attrdef d join pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum
 where d.adrelid = 'defaults'::regclass order by d.adnum;
select column_name, column_default from information_schema.columns
 where table_name = 'defaults' order by ordinal_position;

-- Stored generated columns are computed on INSERT, UPDATE and ON
-- CONFLICT DO UPDATE, before the constraints are checked (SQLAlchemy's
-- Computed, GORM's and Sequelize's generated columns).
create table gen (id int primary key, amount numeric(12,3), twice numeric(12,3) generated always as (amount * 2) stored,
  label text, up text generated always as (upper(label)) stored not null check (length(up) < 10));
insert into gen (id, amount, label) values (1, 1.25, 'a'), (2, null, 'b');
insert into gen (id, amount, label) values (3, 1, 'c') returning twice, up;
insert into gen (id, label) values (4, null);
insert into gen (id, label) values (4, 'much too long');
update gen set amount = amount + 1 where id = 1 returning *;
insert into gen (id, amount, label) values (2, 7, 'bb') on conflict (id) do update set amount = excluded.amount * 10, label = excluded.up
  returning *;
select * from gen order by id;
insert into gen (id, twice) values (9, 1);
update gen set twice = 1;
update gen set twice = default where id = 3 returning *;
select a.attname, a.attgenerated, pg_get_expr(d.adbin, d.adrelid)
  from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
 where a.attrelid = 'gen'::regclass and a.attnum > 0 order by a.attnum;

-- pg_get_serial_sequence of a view's column is NULL (SQLAlchemy asks it of
-- every column it reflects).
create view gen_view as select id, twice from gen;
select pg_get_serial_sequence('gen_view', 'id'), pg_get_serial_sequence('gen', 'id');
select pg_get_serial_sequence('gen_view', 'nosuch');

-- gen_random_uuid(), the default of GORM's and Sequelize's UUID keys.
select pg_typeof(gen_random_uuid()), length(gen_random_uuid()::text), substr(gen_random_uuid()::text, 15, 1),
  substr(gen_random_uuid()::text, 20, 1) in ('8', '9', 'a', 'b'), gen_random_uuid() <> gen_random_uuid();
create table accounts (id uuid primary key default gen_random_uuid(), owner text);
insert into accounts (owner) values ('ada'), ('bob');
select count(distinct id), count(*) from accounts;
select column_name, column_default from information_schema.columns where table_name = 'accounts' order by ordinal_position;

-- TypeORM's column reflection: a join on a correlated subquery over
-- pg_class for every pair of rows, which reads the system catalogs once
-- per statement, not once per pair.
select columns.column_name, columns.data_type, columns.is_nullable, columns.column_default,
  pg_catalog.col_description(('"' || table_catalog || '"."' || table_schema || '"."' || table_name || '"')::regclass::oid, ordinal_position) as description,
  ('"' || "udt_schema" || '"."' || "udt_name" || '"')::"regtype"::text as "regtype",
  pg_catalog.format_type("col_attr"."atttypid", "col_attr"."atttypmod") as "format_type"
from "information_schema"."columns"
left join "pg_catalog"."pg_attribute" as "col_attr" on "col_attr"."attname" = "columns"."column_name"
  and "col_attr"."attrelid" = (select "cls"."oid" from "pg_catalog"."pg_class" as "cls"
    left join "pg_catalog"."pg_namespace" as "ns" on "ns"."oid" = "cls"."relnamespace"
    where "cls"."relname" = "columns"."table_name" and "ns"."nspname" = "columns"."table_schema")
where ("table_schema" = 'public' and "table_name" = 'companies') or ("table_schema" = 'public' and "table_name" = 'users')
order by columns.table_name, columns.ordinal_position;
