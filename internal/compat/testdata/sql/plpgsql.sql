-- plpgsql.sql: the PL/pgSQL interpreter (declarations, control flow,
-- embedded SQL, errors and handlers), compared with PostgreSQL 15.
create table acct (id int primary key, owner text not null, balance numeric(10,2) default 0);
insert into acct values (1, 'ann', 100), (2, 'bob', 50), (3, 'cy', 0);
create function decl_defaults() returns text language plpgsql as $$
declare
  a int;
  b text := 'x';
  c numeric default 1.5;
  d constant int := 42;
  e boolean;
begin
  return coalesce(a::text, 'null') || ',' || b || ',' || c || ',' || d || ',' || coalesce(e::text, 'null');
end $$;
select decl_defaults();
create function assign_const() returns int language plpgsql as $$
declare d constant int := 1;
begin
  d := 2;
  return d;
end $$;
create function assign_eq() returns int language plpgsql as $$
declare x int;
begin
  x = 5;
  x = x * 2;
  return x;
end $$;
select assign_eq();
create function cast_assign() returns text language plpgsql as $$
declare i int; t text; n numeric(5,1);
begin
  i := '12';
  t := 34;
  n := 1.26;
  return i || '/' || t || '/' || n;
end $$;
select cast_assign();
create function bad_assign() returns int language plpgsql as $$
declare i int;
begin
  i := 'abc';
  return i;
end $$;
select bad_assign();
create function typed_col() returns text language plpgsql as $$
declare o acct.owner%type;
begin
  select owner into o from acct where id = 2;
  return o;
end $$;
select typed_col();
create function nested_blocks() returns text language plpgsql as $$
declare r text := '';
begin
  r := r || 'a';
  begin
    r := r || 'b';
    begin
      r := r || 'c';
    end;
  end;
  return r;
end $$;
select nested_blocks();
create function labels() returns int language plpgsql as $$
declare i int := 0; j int; n int := 0;
begin
  <<outer>>
  loop
    i := i + 1;
    j := 0;
    loop
      j := j + 1;
      n := n + 1;
      exit outer when i = 3 and j = 2;
      continue outer when j = 2;
    end loop;
  end loop;
  return n * 100 + i * 10 + j;
end $$;
select labels();
create function for_reverse() returns text language plpgsql as $$
declare s text := '';
begin
  for i in reverse 10..1 by 3 loop
    s := s || i || ' ';
  end loop;
  return s;
end $$;
select for_reverse();
create function for_empty() returns text language plpgsql as $$
begin
  for i in 5..1 loop
    return 'ran';
  end loop;
  if not found then
    return 'not found';
  end if;
  return 'found';
end $$;
select for_empty();
create function for_null() returns int language plpgsql as $$
begin
  for i in 1..null loop
    null;
  end loop;
  return 0;
end $$;
select for_null();
create function for_rec_fields() returns text language plpgsql as $$
declare r record; s text := '';
begin
  for r in select id, owner from acct order by id loop
    s := s || r.id || '=' || r.owner || ';';
  end loop;
  return s;
end $$;
select for_rec_fields();
create function for_targets() returns int language plpgsql as $$
declare a int; b text; s int := 0;
begin
  for a, b in select id, owner from acct loop
    s := s + a;
  end loop;
  return s;
end $$;
select for_targets();
create function rec_unassigned() returns text language plpgsql as $$
declare r record;
begin
  return r.id;
end $$;
select rec_unassigned();
create function rec_nofield() returns text language plpgsql as $$
declare r record;
begin
  select * into r from acct where id = 1;
  return r.nosuch;
end $$;
select rec_nofield();
create function into_rec() returns text language plpgsql as $$
declare r record;
begin
  select * into r from acct where id = 1;
  return r.owner || ' ' || r.balance;
end $$;
select into_rec();
create function into_multi() returns text language plpgsql as $$
declare a int; b text;
begin
  select id, owner into a, b from acct where id = 3;
  return a || b;
end $$;
select into_multi();
create function into_none() returns text language plpgsql as $$
declare a int := 7;
begin
  select id into a from acct where id = 99;
  return coalesce(a::text, 'null') || ' ' || found;
end $$;
select into_none();
create function into_many() returns int language plpgsql as $$
declare a int;
begin
  select id into a from acct order by id;
  return a;
end $$;
select into_many();
create function into_strict_many() returns int language plpgsql as $$
declare a int;
begin
  select id into strict a from acct;
  return a;
end $$;
select into_strict_many();
create function dml_returning() returns int language plpgsql as $$
declare new_id int;
begin
  insert into acct values (10, 'dee', 5) returning id into new_id;
  return new_id;
end $$;
select dml_returning();
create function found_dml() returns text language plpgsql as $$
declare s text := '';
begin
  update acct set balance = balance + 1 where id = 999;
  s := s || found;
  update acct set balance = balance + 1 where id = 1;
  s := s || ' ' || found;
  delete from acct where id = 999;
  s := s || ' ' || found;
  return s;
end $$;
select found_dml();
create function rowcount_multi() returns text language plpgsql as $$
declare n int; m int;
begin
  update acct set balance = balance where id < 3;
  get diagnostics n = row_count;
  perform * from acct;
  get diagnostics m = row_count;
  return n || ' ' || m;
end $$;
select rowcount_multi();
create function transfer(src int, dst int, amt numeric) returns numeric language plpgsql as $$
declare bal numeric;
begin
  select balance into bal from acct where id = src;
  if bal < amt then
    raise exception 'insufficient funds in %: % < %', src, bal, amt using errcode = 'P0001';
  end if;
  update acct set balance = balance - amt where id = src;
  update acct set balance = balance + amt where id = dst;
  return bal - amt;
end $$;
select transfer(1, 2, 30);
select transfer(3, 1, 30);
select id, balance from acct order by id;
create function safe_transfer(src int, dst int, amt numeric) returns text language plpgsql as $$
begin
  perform transfer(src, dst, amt);
  return 'ok';
exception
  when sqlstate 'P0001' then
    return 'failed: ' || sqlerrm;
end $$;
select safe_transfer(3, 1, 10);
select safe_transfer(2, 3, 10);
select id, balance from acct order by id;
create function handler_order() returns text language plpgsql as $$
begin
  insert into acct values (1, 'dup', 0);
  return 'no error';
exception
  when not_null_violation then return 'nn';
  when unique_violation then return 'uv';
  when others then return 'other';
end $$;
select handler_order();
create function class_catch() returns text language plpgsql as $$
begin
  perform 'abc'::int;
  return 'no';
exception when data_exception then
  return 'data exception ' || sqlstate;
end $$;
select class_catch();
create function uncaught() returns text language plpgsql as $$
begin
  perform 1 / 0;
  return 'no';
exception when unique_violation then
  return 'wrong';
end $$;
select uncaught();
create function handler_error() returns text language plpgsql as $$
begin
  perform 1 / 0;
  return 'no';
exception when division_by_zero then
  insert into acct values (1, 'dup', 0);
  return 'handled';
end $$;
select handler_error();
create function vars_after_error() returns int language plpgsql as $$
declare x int := 1;
begin
  begin
    x := 2;
    perform 1 / 0;
  exception when others then
    x := x * 10;
  end;
  return x;
end $$;
select vars_after_error();
create function raise_levels() returns int language plpgsql as $$
begin
  raise debug 'debug message';
  raise log 'log message';
  raise info 'info message';
  raise notice 'notice message';
  raise warning 'warning message';
  return 1;
end $$;
select raise_levels();
create function raise_fmt() returns int language plpgsql as $$
begin
  raise notice 'a % b % c %%', 1, null;
  return 1;
end $$;
select raise_fmt();
create function raise_few() returns int language plpgsql as $$
begin
  raise notice 'a % b %', 1;
  return 1;
end $$;
create function raise_using() returns int language plpgsql as $$
begin
  raise using message = 'custom message', detail = 'some detail', errcode = 'check_violation';
end $$;
select raise_using();
create function raise_sqlstate() returns int language plpgsql as $$
begin
  raise exception 'with code' using errcode = '22000';
end $$;
select raise_sqlstate();
create function raise_badcode() returns int language plpgsql as $$
begin
  raise exception 'x' using errcode = 'no_such_condition';
end $$;
select raise_badcode();
create function raise_catch() returns text language plpgsql as $$
begin
  raise exception 'boom' using errcode = '22012';
exception when division_by_zero then
  return 'caught ' || sqlerrm;
end $$;
select raise_catch();
create function stacked() returns text language plpgsql as $$
declare msg text; st text;
begin
  perform 1 / 0;
  return 'no';
exception when others then
  get stacked diagnostics msg = message_text, st = returned_sqlstate;
  return st || ': ' || msg;
end $$;
select stacked();
create function dyn_ddl() returns int language plpgsql as $$
declare n int;
begin
  execute 'create table dyn_t (x int)';
  execute 'insert into dyn_t values (1), (2)';
  execute 'select count(*) from dyn_t' into n;
  return n;
end $$;
select dyn_ddl();
select * from dyn_t;
create function dyn_format(tbl text) returns bigint language plpgsql as $$
declare n bigint;
begin
  execute format('select count(*) from %I', tbl) into n;
  return n;
end $$;
select dyn_format('acct');
select dyn_format('nosuch');
create function dyn_loop() returns text language plpgsql as $$
declare r record; s text := '';
begin
  for r in execute 'select owner from acct where id < $1 order by id' using 3 loop
    s := s || r.owner;
  end loop;
  return s;
end $$;
select dyn_loop();
create function ret_query_dyn() returns setof int language plpgsql as $$
begin
  return query execute 'select id from acct where id > $1 order by id' using 1;
end $$;
select * from ret_query_dyn();
create function ret_next_rec() returns table(k int, v text) language plpgsql as $$
begin
  for k, v in select id, owner from acct order by id loop
    return next;
  end loop;
end $$;
select * from ret_next_rec();
create function setof_mixed() returns setof int language plpgsql as $$
begin
  return next 1;
  return query select 2 union all select 3;
  return next 4;
end $$;
select * from setof_mixed();
create function ret_query_mismatch() returns setof int language plpgsql as $$
begin
  return query select 'x'::text;
end $$;
select * from ret_query_mismatch();
create function void_fn() returns void language plpgsql as $$
begin
  update acct set balance = balance where false;
end $$;
select void_fn();
create function early_return(x int) returns text language plpgsql as $$
begin
  if x = 1 then
    return 'one';
  end if;
  for i in 1..10 loop
    if i = x then
      return 'found ' || i;
    end if;
  end loop;
  return 'none';
end $$;
select early_return(1), early_return(5), early_return(50);
create function strict_pl(a int) returns int language plpgsql strict as $$
begin
  return a * 2;
end $$;
select strict_pl(null), strict_pl(4);
create function in_out(a int, inout b int, out c text) language plpgsql as $$
begin
  b := a + b;
  c := 'sum';
end $$;
select * from in_out(1, 2);
select in_out(1, 2);
create function default_arg(a int, b int default 5) returns int language plpgsql as $$
begin
  return a + b;
end $$;
select default_arg(1), default_arg(1, 1);
create function numbered(int, int) returns int language plpgsql as $$
begin
  return $1 - $2;
end $$;
select numbered(10, 3);
create function case_search(x int) returns text language plpgsql as $$
begin
  case
    when x < 0 then return 'neg';
    when x = 0 then return 'zero';
    else return 'pos';
  end case;
end $$;
select case_search(-1), case_search(0), case_search(1);
create function while_false() returns int language plpgsql as $$
declare n int := 0;
begin
  while false loop
    n := n + 1;
  end loop;
  return n;
end $$;
select while_false();
create function exit_block() returns int language plpgsql as $$
declare n int := 0;
begin
  <<blk>>
  begin
    n := 1;
    exit blk;
    n := 2;
  end;
  return n;
end $$;
select exit_block();
create function perform_fn() returns bigint language plpgsql as $$
begin
  perform id from acct where id = 1;
  if found then
    return 1;
  end if;
  return 0;
end $$;
select perform_fn();
create function recurse(n int) returns int language plpgsql as $$
begin
  return recurse(n + 1);
end $$;
create function call_sql_from_pl() returns int language plpgsql as $$
begin
  return (select count(*) from acct) + 0;
end $$;
select call_sql_from_pl();
create function array_build(n int) returns int[] language plpgsql as $$
declare a int[] := '{}';
begin
  for i in 1..n loop
    a := a || i;
  end loop;
  return a;
end $$;
select array_build(4);
create function syntax_err() returns int language plpgsql as $$
begin
  if true then return 1;
end $$;
create function unknown_var() returns int language plpgsql as $$
begin
  return nosuchvar + 1;
end $$;
select unknown_var();
set check_function_bodies = off;
create function unchecked() returns int language plpgsql as $$ begin retrun 1; end $$;
select unchecked();
reset check_function_bodies;
drop function unchecked();
select count(*) from acct;
