-- information_schema shows a session its own temporary relations and
-- leaves out other sessions' (pg_is_other_temp_schema).
create table perm_t (a int);
create temp table mine_t (a int, b text);
create temp view mine_v as select a from mine_t;
select table_name, table_type from information_schema.tables where table_name in ('perm_t', 'mine_t', 'theirs_t', 'mine_v') order by 1;
select table_name, column_name from information_schema.columns where table_name in ('perm_t', 'mine_t', 'theirs_t') order by 1, 2;
select table_name from information_schema.views where table_name in ('mine_v', 'theirs_v') order by 1;
-- @session other
create temp table theirs_t (x int);
create temp view theirs_v as select x from theirs_t;
select table_name, table_type from information_schema.tables where table_name in ('perm_t', 'mine_t', 'theirs_t', 'mine_v') order by 1;
select table_name, column_name from information_schema.columns where table_name in ('perm_t', 'mine_t', 'theirs_t') order by 1, 2;
select table_name from information_schema.views where table_name in ('mine_v', 'theirs_v') order by 1;
-- @session main
select table_name, table_type from information_schema.tables where table_name in ('perm_t', 'mine_t', 'theirs_t', 'mine_v') order by 1;
select table_name from information_schema.views where table_name in ('mine_v', 'theirs_v') order by 1;
select count(*) from pg_class where relname in ('mine_t', 'theirs_t');
