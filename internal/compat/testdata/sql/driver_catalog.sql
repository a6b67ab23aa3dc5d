-- Catalog queries and functions that client drivers' metadata calls use
-- (PostgreSQL's JDBC driver: getPrimaryKeys, getIndexInfo, getImportedKeys).

create table parent (a int, b text, c int, primary key (a, c));
create table child (id int primary key, pa int, pc int, foreign key (pa, pc) references parent (a, c));
create index child_desc on child (pc desc, pa);

-- Integer bitwise operators.
select 3::int2 & 1::int2, 6 & 3, 6::int8 & 3::int8;
select 5::int2 | 2::int2, 5 | 2, 5::int8 | 10::int8;
select 5::int2 # 1::int2, 5 # 1, 5::int8 # 4::int8;
select ~1::int2, ~0, ~(-1)::int8;
select 1::int2 << 3, 1 << 33, 1::int8 << 62, (-8) >> 1, (-8)::int8 >> 2, 16::int2 >> 2;
select 1::int2 << 15, 32767::int2 << 1, 2147483647 << 1;
select pg_typeof(1::int2 & 1::int2), pg_typeof(1::int2 << 1);

-- int2vector and oidvector subscripts start at 0.
select i.indkey[0], i.indkey[1], i.indoption[0], i.indoption[1], array_lower(i.indoption, 1)
  from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'child_desc';
select c.relname, (i.indoption[0] & 1::smallint) as first_desc
  from pg_index i join pg_class c on c.oid = i.indexrelid
 where c.relname in ('child_desc', 'parent_pkey', 'child_pkey') order by 1;
select '3 4 5'::int2vector, ('3 4 5'::int2vector)[0], ('3 4 5'::int2vector)[2], array_lower('3 4'::int2vector, 1);

-- information_schema._pg_expandarray: one row per element of the first
-- dimension, with its position from 1.
select * from information_schema._pg_expandarray(array[10, 20, 30]);
select x, n from information_schema._pg_expandarray(array['a', 'b']) order by n;
select information_schema._pg_expandarray(array[true, false]);
select (information_schema._pg_expandarray(array[7, 8])).n, (information_schema._pg_expandarray(array[7, 8])).x;
select * from information_schema._pg_expandarray('{}'::int[]);
select * from information_schema._pg_expandarray(null::int[]);
select * from information_schema._pg_expandarray('[0:1]={5,6}'::int[]);
select (k).x, (k).n from (select information_schema._pg_expandarray(i.indkey) as k
  from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'parent_pkey') s order by 2;
select pg_typeof((information_schema._pg_expandarray(array[1.5])).x);

-- Field selection errors.
select (information_schema._pg_expandarray(array[1])).y;
select (1).x;

-- The shape of the JDBC driver's getPrimaryKeys query.
select result.table_schem, result.table_name, result.column_name, result.key_seq, result.pk_name
  from (select n.nspname as table_schem, ct.relname as table_name, a.attname as column_name,
               (information_schema._pg_expandarray(i.indkey)).n as key_seq, ci.relname as pk_name,
               information_schema._pg_expandarray(i.indkey) as keys, a.attnum as a_attnum
          from pg_catalog.pg_class ct
          join pg_catalog.pg_attribute a on (ct.oid = a.attrelid)
          join pg_catalog.pg_namespace n on (ct.relnamespace = n.oid)
          join pg_catalog.pg_index i on (a.attrelid = i.indrelid)
          join pg_catalog.pg_class ci on (ci.oid = i.indexrelid)
         where true and n.nspname = 'public' and ct.relname = 'parent' and i.indisprimary) result
 where result.a_attnum = (result.keys).x
 order by result.table_name, result.pk_name, result.key_seq;

-- The shape of its getIndexInfo query.
select tmp.index_name, tmp.ordinal_position, trim(both '"' from pg_catalog.pg_get_indexdef(tmp.ci_oid, tmp.ordinal_position, false)) as column_name,
       case tmp.am_name when 'btree' then case tmp.i_indoption[tmp.ordinal_position - 1] & 1::smallint when 1 then 'D' else 'A' end else null end as asc_or_desc
  from (select ci.relname as index_name, (information_schema._pg_expandarray(i.indkey)).n as ordinal_position,
               ci.oid as ci_oid, i.indoption as i_indoption, am.amname as am_name
          from pg_catalog.pg_class ct
          join pg_catalog.pg_namespace n on (ct.relnamespace = n.oid)
          join pg_catalog.pg_index i on (ct.oid = i.indrelid)
          join pg_catalog.pg_class ci on (ci.oid = i.indexrelid)
          join pg_catalog.pg_am am on (ci.relam = am.oid)
         where true and n.nspname = 'public' and ct.relname = 'child') as tmp
 order by 1, 2;

-- regproc literals by name (the JDBC driver's type lookup asks
-- typinput = 'pg_catalog.array_in'::regproc) and regproc output.
select 'array_in'::regproc, 'pg_catalog.array_in'::regproc, 'int4in'::regproc::oid;
select 'no_such_function'::regproc;
select 'abs'::regproc;
select 'information_schema._pg_expandarray'::regproc::oid = 'information_schema._pg_expandarray'::regproc::oid;
select 'upper'::regproc, 'information_schema._pg_expandarray'::regproc;

-- pg_get_keywords (DatabaseMetaData.getSQLKeywords).
select word, catcode, barelabel, catdesc, baredesc from pg_get_keywords() where word in ('select', 'abort', 'between', 'authorization', 'xmltable') order by word;
select count(*) > 400, count(distinct catcode) from pg_get_keywords();

-- A boolean constant's column has no name of its own in PostgreSQL 15.
select true, false, true as t, not true;

-- pg_type's I/O functions are regproc values (OIDs that print as names).
select typname, typinput, typoutput, typreceive, typsend, typinput = 'pg_catalog.array_in'::regproc as is_array
  from pg_type where typname in ('_int4', '_float8', 'int4', 'text', 'numeric', 'int2vector') order by 1;
select typname from pg_type where typinput = 'array_in'::regproc and typname in ('_int4', '_float8', 'int4') order by 1;
select t.typname, p.proname from pg_type t join pg_proc p on p.oid = t.typinput where t.typname in ('bool', 'uuid', '_text') order by 1;
select typname, typmodin, typmodout from pg_type where typmodin <> 0 and typname in ('numeric', '_varchar', 'timestamptz', 'bpchar', 'interval', 'time') order by 1;
select count(*) from pg_type where typmodin = 'numerictypmodin'::regproc;
