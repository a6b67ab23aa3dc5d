-- What tools and people ask the catalog: tables, columns, indexes,
-- constraints and settings, plus COPY.

create table acct (id int primary key, owner text not null, balance numeric(12,2) default 0 check (balance >= 0));
create index acct_owner on acct (owner);
create sequence acct_seq;
create view rich as select * from acct where balance > 1000;

select relname, relkind from pg_class where relname in ('acct', 'acct_pkey', 'acct_owner', 'acct_seq', 'rich') order by relname;
select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r';
select attname, format_type(atttypid, atttypmod), attnotnull from pg_attribute
  where attrelid = 'acct'::regclass and attnum > 0 and not attisdropped order by attnum;
select conname, contype from pg_constraint where conrelid = 'acct'::regclass order by conname;
select indexname from pg_indexes where tablename = 'acct' order by indexname;
select tablename from pg_tables where schemaname = 'public';
select viewname from pg_views where schemaname = 'public';
select nspname from pg_namespace where nspname in ('public', 'pg_catalog', 'information_schema') order by nspname;
select typname from pg_type where oid in (23, 25, 1700) order by typname;
select 'acct'::regclass, 'acct'::regclass::oid = (select oid from pg_class where relname = 'acct');
select current_setting('standard_conforming_strings'), current_setting('DateStyle');
select current_user, session_user;
select has_table_privilege('acct', 'select');
select pg_get_indexdef('acct_owner'::regclass);

insert into acct values (1, 'ada', 10), (2, 'bob', 2000);
copy acct to stdout;
copy (select owner, balance from acct order by id) to stdout with (format csv, header);
