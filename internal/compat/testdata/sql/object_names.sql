-- Names PostgreSQL chooses for unnamed indexes and CHECK constraints.
create table names1 (a int, b int, c text, check (a <> b), check (a > 0), check (a + a < 100), check (c <> 'x' and b > 0), check (true));
select conname, pg_get_constraintdef(oid) from pg_constraint where conrelid = 'names1'::regclass order by conname;
create table names2 (a int check (a > b), b int);
select conname from pg_constraint where conrelid = 'names2'::regclass order by conname;
alter table names1 add check (b > a);
alter table names1 add check (b > 0);
select conname from pg_constraint where conrelid = 'names1'::regclass order by conname;
create unique index on names1 (c);
create index on names1 (c);
create unique index on names1 (a, b);
alter table names1 add unique (a);
select relname from pg_class where relname like 'names1%' and relkind = 'i' order by relname;
