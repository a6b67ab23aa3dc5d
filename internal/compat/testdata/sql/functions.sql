-- functions.sql: user-defined functions and procedures in SQL and
-- PL/pgSQL, DO blocks and row triggers, compared with PostgreSQL 15.
create function add1(x int) returns int language sql as $$ select x + 1 $$;
select add1(41), add1(null);
create function add1(x int) returns int language sql as $$ select x + 2 $$;
create or replace function add1(x int) returns int language sql as $$ select x + 2 $$;
select add1(1);
create or replace function add1(x int) returns text language sql as $$ select 'a' $$;
create function f2(a int, b int default 10) returns int as 'select $1 * b' language sql immutable;
select f2(3), f2(3, 2);
create function strict_f(int) returns int language sql strict as 'select 7';
select strict_f(null), strict_f(1);
create function gs(n int) returns setof int language sql as $$ select generate_series(1, n) $$;
select * from gs(3);
select gs(2);
create function tt(n int) returns table(a int, b text) language sql as $$ select i, 'x' || i from generate_series(1, n) i $$;
select * from tt(2);
create function outp(out a int, out b text) language sql as $$ select 1, 'one' $$;
select * from outp();
create function voidf() returns void language sql as $$ select 1 $$;
select voidf();
create function badret() returns int language sql as $$ select 'x'::text $$;
create function nobody() returns int language sql;
create function badsyntax() returns int language sql as $$ selec 1 $$;
create function nolang() returns int as $$ select 1 $$;
create function missing_tbl() returns int language sql as $$ select count(*)::int from no_such_table $$;
create function ov(int) returns text language sql as $$ select 'int' $$;
create function ov(text) returns text language sql as $$ select 'text' $$;
select ov(1), ov('a'::text);
drop function ov;
drop function ov(int);
drop function ov(text);
drop function ov(text);
drop function if exists ov(text);
drop function if exists nosuch;
create schema fs;
create function fs.sf() returns int language sql as $$ select 5 $$;
select fs.sf();
select sf();
drop function fs.sf();
create function pl(n int) returns int language plpgsql as $$
declare
  s int := 0;
begin
  for i in 1..n loop
    s := s + i;
  end loop;
  return s;
end $$;
select pl(3), pl(10), pl(0);
create function pl_if(x int) returns text language plpgsql as $$
begin
  if x > 0 then return 'pos';
  elsif x < 0 then return 'neg';
  else return 'zero';
  end if;
end $$;
select pl_if(5), pl_if(-5), pl_if(0);
create function pl_case(x int) returns text language plpgsql as $$
begin
  case x
    when 1, 2 then return 'small';
    when 3 then return 'three';
    else return 'other';
  end case;
end $$;
select pl_case(1), pl_case(3), pl_case(9);
create function pl_nocase(x int) returns text language plpgsql as $$
begin
  case x when 1 then return 'one'; end case;
  return 'none';
end $$;
select pl_nocase(2);
create function pl_while(n int) returns int language plpgsql as $$
declare i int := 0; total int := 0;
begin
  while i < n loop
    i := i + 1;
    continue when i % 2 = 0;
    total := total + i;
  end loop;
  return total;
end $$;
select pl_while(10);
create function pl_loop() returns int language plpgsql as $$
declare i int := 0;
begin
  loop
    i := i + 1;
    exit when i >= 5;
  end loop;
  return i;
end $$;
select pl_loop();
create table items (id int primary key, name text, qty int);
insert into items values (1, 'a', 10), (2, 'b', 20), (3, 'c', 30);
create function total_qty() returns int language plpgsql as $$
declare r record; t int := 0;
begin
  for r in select * from items order by id loop
    t := t + r.qty;
  end loop;
  return t;
end $$;
select total_qty();
create function item_name(i int) returns text language plpgsql as $$
declare n text;
begin
  select name into n from items where id = i;
  if not found then
    return 'missing';
  end if;
  return n;
end $$;
select item_name(2), item_name(9);
create function item_strict(i int) returns text language plpgsql as $$
declare n text;
begin
  select name into strict n from items where id = i;
  return n;
end $$;
select item_strict(1);
select item_strict(99);
create function bump(i int) returns int language plpgsql as $$
declare c int;
begin
  update items set qty = qty + 1 where id >= i;
  get diagnostics c = row_count;
  return c;
end $$;
select bump(2);
select * from items order by id;
create function set_f(n int) returns setof int language plpgsql as $$
begin
  for i in 1..n loop
    return next i * 10;
  end loop;
  return;
end $$;
select * from set_f(3);
create function tab_f() returns table(id int, name text) language plpgsql as $$
begin
  return query select i.id, i.name from items i order by i.id;
end $$;
select * from tab_f();
create function out_f(out a int, out b int) language plpgsql as $$
begin
  a := 1;
  b := 2;
  return;
end $$;
select * from out_f();
create function div_safe(a int, b int) returns int language plpgsql as $$
begin
  return a / b;
exception when division_by_zero then
  return -1;
end $$;
select div_safe(10, 2), div_safe(1, 0);
create function catch_all() returns text language plpgsql as $$
begin
  insert into items values (1, 'dup', 0);
  return 'inserted';
exception when others then
  return 'caught ' || sqlstate;
end $$;
select catch_all();
select count(*) from items;
create function undo_inner() returns int language plpgsql as $$
begin
  begin
    insert into items values (50, 'x', 1);
    perform 1 / 0;
  exception when division_by_zero then
    null;
  end;
  return (select count(*) from items where id = 50);
end $$;
select undo_inner();
create function raiser(x int) returns int language plpgsql as $$
begin
  if x < 0 then
    raise exception 'negative value: %', x using errcode = '22023', hint = 'use a positive number';
  end if;
  raise notice 'value is %', x;
  return x;
end $$;
select raiser(3);
select raiser(-1);
create function raise_cond() returns int language plpgsql as $$
begin
  raise division_by_zero;
end $$;
select raise_cond();
create function reraise() returns int language plpgsql as $$
begin
  perform 1 / 0;
  return 0;
exception when division_by_zero then
  raise;
end $$;
select reraise();
create function no_return() returns int language plpgsql as $$
begin
  perform 1;
end $$;
select no_return();
create function no_dest() returns int language plpgsql as $$
begin
  select 1;
  return 1;
end $$;
select no_dest();
create function bad_pl() returns int language plpgsql as $$
begin
  retrun 1;
end $$;
create function dyn(t text) returns bigint language plpgsql as $$
declare n bigint;
begin
  execute 'select count(*) from ' || t into n;
  return n;
end $$;
select dyn('items');
create function dyn_using(i int) returns text language plpgsql as $$
declare n text;
begin
  execute 'select name from items where id = $1' into n using i;
  return n;
end $$;
select dyn_using(3);
create function arr_sum(a int[]) returns int language plpgsql as $$
declare x int; s int := 0;
begin
  foreach x in array a loop
    s := s + x;
  end loop;
  return s;
end $$;
select arr_sum(array[1, 2, 3]);
create function rec_fact(n int) returns bigint language plpgsql as $$
begin
  if n <= 1 then return 1; end if;
  return n * rec_fact(n - 1);
end $$;
select rec_fact(10);
create function assert_f(x int) returns int language plpgsql as $$
begin
  assert x > 0, 'x must be positive';
  return x;
end $$;
select assert_f(1);
select assert_f(0);
do $$ begin raise notice 'hello, world'; end $$;
do $$
declare n int;
begin
  select count(*) into n from items;
  insert into items values (100, 'from do', n);
end $$;
select * from items where id = 100;
do $$ begin raise exception 'do failed'; end $$;
do language sql $$ select 1 $$;
create procedure p_ins(i int, n text) language sql as $$ insert into items values (i, n, 0) $$;
call p_ins(200, 'proc');
select name from items where id = 200;
create procedure p_inout(in a int, inout b int, out c int) language plpgsql as $$
begin
  b := b + 1;
  c := a + b;
end $$;
call p_inout(1, 2, null);
drop procedure p_inout;
drop procedure p_ins(int, text);
create table audit (op text, id int, note text);
create function items_trg() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    insert into audit values (tg_op, old.id, tg_table_name);
    return old;
  end if;
  new.name := upper(new.name);
  insert into audit values (tg_op, new.id, tg_when || ' ' || tg_level);
  return new;
end $$;
create trigger items_biu before insert or update or delete on items for each row execute function items_trg();
insert into items values (300, 'lower', 1);
update items set name = 'again' where id = 300;
delete from items where id = 300;
select * from audit order by op;
create function skip_trg() returns trigger language plpgsql as $$
begin
  if new.qty < 0 then
    return null;
  end if;
  return new;
end $$;
create trigger items_skip before insert on items for each row execute function skip_trg();
insert into items values (400, 'neg', -1), (401, 'pos', 1);
select id, name from items where id >= 400 order by id;
create table log (msg text);
create function after_trg() returns trigger language plpgsql as $$
begin
  insert into log values (tg_op || ' ' || new.id);
  return null;
end $$;
create trigger items_after after insert on items for each row when (new.qty > 5) execute procedure after_trg();
insert into items values (500, 'big', 10), (501, 'small', 1);
select * from log;
create trigger items_after after insert on items for each row execute function after_trg();
create trigger bad_trg before insert on items for each row execute function add1();
create trigger bad_trg2 before insert on items for each row execute function pl(int);
create trigger bad_trg3 before insert on no_table for each row execute function after_trg();
drop function after_trg();
drop trigger items_after on items;
drop trigger items_after on items;
drop trigger if exists items_after on items;
drop function after_trg();
create function sql_trg() returns trigger language sql as $$ select 1 $$;
select count(*) from pg_trigger;
drop table items;
select count(*) from pg_trigger;
select proname, prokind, proretset, provolatile, proisstrict, pronargs from pg_proc where proname in ('add1', 'f2', 'strict_f', 'gs', 'tt') order by proname;
create function def_f(x int default 3, y text default 'a') returns int language sql immutable strict as $$ select x $$;
create function def_tab(n int) returns table(a int, b text) language sql stable as $$ select i, 'x' || i from generate_series(1, n) i $$;
create function def_out(in z int, out a int, inout b text) language sql as $$ select 1, 'one' $$;
create procedure def_proc(a int, out b int) language plpgsql as $$ begin b := a; end $$;
create function def_setof() returns setof int language sql rows 5 cost 7 as $$ select 1 $$;
select pg_get_functiondef('def_f'::regproc);
select pg_get_functiondef('def_tab'::regproc);
select pg_get_functiondef('def_out'::regproc);
select pg_get_functiondef('def_proc'::regproc);
select pg_get_functiondef('def_setof'::regproc);
select pg_get_function_arguments(p.oid), pg_get_function_identity_arguments(p.oid), pg_get_function_result(p.oid)
  from pg_proc p where proname like 'def\_%' order by proname;
select 'def_f'::regproc, 'def_f(int, text)'::regprocedure, 'def_f'::regproc::oid = 'def_f(integer, text)'::regprocedure::oid;
select 'def_f(int)'::regprocedure;
create table trg_t (a int, b text);
create function trg_f() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger trg_a before insert or update of a, b on trg_t for each row execute function trg_f('x', 'y');
create trigger trg_b after delete on trg_t for each statement execute procedure trg_f();
select tgname, pg_get_triggerdef(oid), tgfoid::regproc, tgtype, tgnargs from pg_trigger order by tgname;
select relhastriggers from pg_class where relname = 'trg_t';
create function lower(int) returns text language sql as $$ select 'int lower' $$;
select lower(5), lower('ABC');
create function public.upper(text) returns text language sql as $$ select 'mine' $$;
select upper('abc'), public.upper('abc');
create schema s1;
create function s1.f() returns text language sql as $$ select 's1' $$;
create function f() returns text language sql as $$ select 'public' $$;
select f(), s1.f();
set search_path = s1, public;
select f();
reset search_path;
create function pg_temp.tf() returns int language sql as $$ select 42 $$;
select pg_temp.tf();
select tf();
drop function tf();
drop function pg_temp.tf();
create function atomic_f(a int) returns int language sql begin atomic select a * 2; end;
select atomic_f(21);
create function ret_f(a int) returns int language sql return a + 100;
select ret_f(1);
create function cfg() returns text language plpgsql set search_path = s1 as $$ begin return current_setting('search_path'); end $$;
select cfg(), current_setting('search_path');
create function secdef() returns int language sql security definer as 'select 1';
select secdef();
create function poly(anyelement) returns anyelement language sql as 'select $1';
select poly(1), poly('x'::text);
create function arr_f(variadic int[]) returns int language sql as 'select array_length($1, 1)';
select arr_f(1, 2, 3), arr_f(variadic array[1, 2]);
create function rec_ret() returns record language sql as $$ select 1, 'a' $$;
select rec_ret();
select * from rec_ret() as (a int, b text);
select * from rec_ret();
select * from add1(1) as (a int);
create function setof_rec() returns setof record language plpgsql as $$ begin return query select 1, 'x'::text; end $$;
select * from setof_rec() as (a int, b text);
create function errctx() returns int language plpgsql as $$ begin raise exception 'in fn'; end $$;
select errctx();
create function named(a int, b int default 2, c int default 3) returns int language sql as $$ select a * 100 + b * 10 + c $$;
select named(1), named(1, 5), named(1, c => 9), named(a => 4, b => 1), named(c => 1, a => 2);
select named(b => 1);
select named(1, a => 2);
select named(1, d => 2);
select named(a => 1, a => 2);
select make_interval(days => 3), make_interval(hours => 2, mins => 5);
select named(a := 7);
create function named_out(x int, out y int, out z int) language sql as $$ select x, x * 2 $$;
select * from named_out(x => 5);
create function named_pl(p_id int, p_name text default 'n') returns text language plpgsql as $$ begin return p_id || p_name; end $$;
select named_pl(p_name => 'zz', p_id => 1), named_pl(p_id => 2);
create table tt1 (a int, b text);
insert into tt1 values (1, 'x'), (2, 'y');
create function row_f() returns tt1 language sql as $$ select * from tt1 order by a $$;
select * from row_f();
select (row_f()).b;
create function setof_tbl() returns setof tt1 language sql as $$ select * from tt1 $$;
select * from setof_tbl();
select b from setof_tbl() where a = 2;
create function setof_pl(n int) returns setof tt1 language plpgsql as $$
declare r tt1%rowtype;
begin
  for r in select * from tt1 where a >= n loop
    return query select r.a, r.b;
  end loop;
  return query select a + 10, b || '!' from tt1;
end $$;
select * from setof_pl(2);
create function one_pl() returns tt1 language plpgsql as $$
declare r record;
begin
  select * into r from tt1 where a = 1;
  return r;
end $$;
select * from one_pl();
create function tt1_trg() returns trigger language plpgsql as $$ begin return new; end $$;
begin;
create function txn_f() returns int language sql as 'select 1';
select txn_f();
rollback;
select txn_f();
begin;
create function txn_g() returns int language sql as 'select 2';
savepoint s;
drop function txn_g();
rollback to savepoint s;
select txn_g();
commit;
select txn_g();
create function alt_f(int) returns int language sql as 'select $1';
create function alt_g(int) returns int language sql as 'select $1 + 1';
alter function alt_f(int) owner to current_user;
alter procedure nosuch() owner to current_user;
alter function alt_f(int) rename to alt_h;
select alt_h(1);
select alt_f(1);
alter function alt_h(int) rename to alt_g;
alter function alt_h rename to alt_i;
comment on function alt_i(int) is 'a comment';
comment on function nosuch(int) is 'x';
alter procedure alt_i(int) rename to alt_j;
drop function alt_i(int), alt_g(int);
