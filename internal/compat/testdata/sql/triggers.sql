-- triggers.sql: row and statement triggers on INSERT, UPDATE and
-- DELETE, compared with PostgreSQL 15.
create table t (id int primary key, v text, n int default 0, updated int default 0);
create table tlog (seq serial, what text);
create function log_row() returns trigger language plpgsql as $$
begin
  insert into tlog (what) values (tg_name || ' ' || tg_when || ' ' || tg_level || ' ' || tg_op || ' ' || tg_table_name || ' ' || tg_table_schema || ' ' || tg_nargs);
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end $$;
create trigger a_before before insert or update or delete on t for each row execute function log_row();
create trigger b_after after insert or update or delete on t for each row execute function log_row();
create trigger c_stmt_before before insert on t for each statement execute function log_row();
create trigger d_stmt_after after insert on t for each statement execute function log_row();
insert into t values (1, 'one');
select what from tlog order by seq;
truncate tlog;
insert into t values (2, 'two'), (3, 'three');
select what from tlog order by seq;
truncate tlog;
update t set v = v || '!' where id >= 2;
delete from t where id = 3;
select what from tlog order by seq;
select * from t order by id;
drop trigger c_stmt_before on t;
drop trigger d_stmt_after on t;
drop trigger a_before on t;
drop trigger b_after on t;
truncate tlog;
create function modify_new() returns trigger language plpgsql as $$
begin
  new.v := coalesce(new.v, 'default') || '*';
  new.n := new.n + 10;
  if tg_op = 'UPDATE' then
    new.updated := old.updated + 1;
  end if;
  return new;
end $$;
create trigger modify before insert or update on t for each row execute function modify_new();
insert into t (id, v) values (10, 'ten'), (11, null);
select * from t where id >= 10 order by id;
update t set v = 'x' where id = 10;
update t set v = 'y' where id = 10;
select * from t where id = 10;
insert into t (id, v) values (12, 'ret') returning *;
create function skip_odd() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if old.id % 2 = 1 then return null; end if;
    return old;
  end if;
  if new.id % 2 = 1 then
    return null;
  end if;
  return new;
end $$;
create trigger skip before insert or delete on t for each row execute function skip_odd();
insert into t (id, v) values (20, 'a'), (21, 'b'), (22, 'c');
select id from t where id >= 20 order by id;
delete from t where id in (10, 11, 12, 20, 22);
select id from t order by id;
drop trigger skip on t;
drop trigger modify on t;
create function guard() returns trigger language plpgsql as $$
begin
  if new.n < 0 then
    raise exception 'n must not be negative (got %)', new.n using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger guard before insert or update on t for each row execute function guard();
insert into t (id, v, n) values (30, 'ok', 1);
insert into t (id, v, n) values (31, 'bad', -1);
update t set n = -5 where id = 30;
select id, n from t where id >= 30 order by id;
create trigger guard_when before update on t for each row when (old.n is distinct from new.n) execute function log_row();
update t set v = 'same n' where id = 30;
update t set n = 2 where id = 30;
select what from tlog order by seq;
truncate tlog;
create trigger upd_of after update of v on t for each row execute function log_row();
update t set n = 3 where id = 30;
update t set v = 'changed' where id = 30;
select what from tlog order by seq;
drop trigger upd_of on t;
drop trigger guard_when on t;
truncate tlog;
create function with_args() returns trigger language plpgsql as $$
begin
  insert into tlog (what) values (tg_nargs || ':' || tg_argv[0] || ',' || tg_argv[1]);
  return new;
end $$;
create trigger with_args before insert on t for each row execute function with_args('alpha', 'beta');
insert into t (id, v) values (40, 'args');
select what from tlog order by seq;
drop trigger with_args on t;
truncate tlog;
create table copied (a int, b text);
create function copy_trg() returns trigger language plpgsql as $$
begin
  new.b := upper(new.b);
  return new;
end $$;
create trigger copy_trg before insert on copied for each row execute function copy_trg();
insert into copied values (1, 'one'), (2, 'two');
select * from copied order by a;
create trigger dup before insert on t for each row execute function log_row();
create trigger dup before insert on t for each row execute function log_row();
create or replace trigger dup after insert on t for each row execute function log_row();
drop trigger dup on t;
drop trigger dup on t;
drop trigger if exists dup on t;
drop trigger if exists dup on no_such_table;
create trigger nofunc before insert on t for each row execute function no_such_func();
create function not_trigger() returns int language sql as 'select 1';
create trigger wrongtype before insert on t for each row execute function not_trigger();
create view tv as select * from t;
create trigger on_view before insert on tv for each row execute function log_row();
create trigger trunc_row before truncate on t for each row execute function log_row();
drop function log_row();
drop function log_row() cascade;
create function cnt_trg() returns trigger language plpgsql as $$
begin
  update t set n = n + 1 where id = 30;
  return null;
end $$;
create trigger cnt after insert on copied for each row execute function cnt_trg();
insert into copied values (5, 'x'), (6, 'y');
select n from t where id = 30;
select tgname, tgenabled, tgnargs from pg_trigger order by tgname;
drop table copied;
select tgname from pg_trigger order by tgname;
