-- Protocols, directives and statements the splitter must keep whole.

-- @protocol simple
select 'simple' as protocol, 1::int2 as small;

-- Under the simple protocol, a statement with a syntax error and the
-- statement after it are still separate statements.
select 1 +;
select 2;

-- @protocol extended
select 'extended' as protocol;

-- A function body with semicolons inside BEGIN ATOMIC ... END.
create function add_one(i int) returns int language sql
begin atomic
  select i + 1;
end;

select add_one(41);

-- Dollar quoting with semicolons.
create function greet(n text) returns text language plpgsql as $$
begin
  return 'hello; ' || n;
end;
$$;

select greet('world');

-- Error messages are not compared after this directive, only SQLSTATEs.
-- @messages off
select 'abc'::int;

-- @messages on
select 'abc'::int;

-- @ordered
select g from generate_series(1, 3) g;

-- @unordered
select g from generate_series(1, 3) g order by g desc;

values (1, 'one'), (2, 'two');

-- Statements without rows.
create temp table tmp (x int);
set search_path = public, pg_temp;
reset search_path;
drop function add_one(int);
drop function greet(text);
