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
