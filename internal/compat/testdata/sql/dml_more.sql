-- INSERT (VALUES, SELECT, DEFAULT VALUES, column lists, RETURNING,
-- ON CONFLICT), UPDATE ... FROM, DELETE ... USING, and every constraint
-- violation with its SQLSTATE and message.

create table inv (id serial primary key, sku text unique not null, qty int not null default 0 check (qty >= 0), price numeric(8,2) default 9.99, note text);
create table moves (id int generated always as identity, sku text references inv (sku) on update cascade on delete set null, delta int, at int default 1);

insert into inv (sku, qty) values ('a', 1), ('b', 2), ('c', 3) returning id, sku, qty, price;
insert into inv (sku) values ('d') returning *;
insert into inv default values;
insert into inv (sku, qty, note) values ('e', default, 'five'), ('f', 6, default) returning sku, qty, note;
insert into inv (sku, qty) select 'g' || n, n * 10 from generate_series(1, 3) n returning sku, qty;
insert into inv (sku, qty) values ('h', -1);
insert into inv (sku, qty) values ('a', 5);
insert into inv (sku, qty) values (null, 5);
insert into inv (sku, qty) values ('z', null);
insert into inv (id, sku) values (100, 'manual') returning id;
insert into inv (sku, qty) values ('i', 1), ('i', 2);
insert into inv (sku, nosuch) values ('j', 1);
insert into inv (sku, qty) values ('k');
insert into inv (sku) values ('l', 2);
insert into inv (sku, qty) values ('m', 'many');
insert into inv (sku, price) values ('n', 1234567.891);
insert into inv (sku, price) values ('o', 12.345) returning price;
select id, sku, qty, price, note from inv order by id;

-- ON CONFLICT.
insert into inv (sku, qty) values ('a', 50) on conflict do nothing;
insert into inv (sku, qty) values ('a', 50) on conflict (sku) do nothing returning id;
insert into inv (sku, qty) values ('a', 50), ('p', 5) on conflict (sku) do update set qty = inv.qty + excluded.qty returning sku, qty;
insert into inv (sku, qty) values ('b', 7) on conflict (sku) do update set qty = excluded.qty, note = 'upserted' where inv.qty < 5 returning sku, qty, note;
insert into inv (sku, qty) values ('b', 70) on conflict (sku) do update set qty = excluded.qty where inv.qty < 5 returning sku, qty;
insert into inv (sku, qty) values ('q', 1), ('q', 2) on conflict (sku) do update set qty = excluded.qty;
insert into inv (sku, qty) values ('b', 1), ('b', 2) on conflict (sku) do update set qty = excluded.qty;
insert into inv (sku, qty) values ('r', 1), ('r', 2) on conflict (sku) do nothing returning sku, qty;
insert into inv (sku, qty) values ('c', 1) on conflict (qty) do nothing;
insert into inv (sku, qty) values ('c', -5) on conflict (sku) do update set qty = excluded.qty;
insert into inv (id, sku) values (1, 'zz') on conflict (id) do update set note = 'by id' returning id, sku, note;
select sku, qty, note from inv where sku in ('a', 'b', 'c', 'p', 'q') order by sku;

-- UPDATE.
update inv set qty = qty + 1 where sku = 'a' returning qty;
update inv set qty = qty * 2, note = 'doubled' where qty between 2 and 3 returning sku, qty;
update inv set qty = 0 where false;
update inv set qty = -1 where sku = 'a';
update inv set sku = null where sku = 'a';
update inv set sku = 'b' where sku = 'a';
update inv set nosuch = 1;
update inv set price = default where sku = 'c' returning price;
update inv i set note = 'seen' from (values ('d'), ('e')) v(s) where i.sku = v.s returning i.sku, i.note;
insert into moves (sku, delta) values ('a', 5), ('b', -1), ('c', 2), ('a', 3);
update inv set qty = inv.qty + m.total from (select sku, sum(delta) as total from moves group by sku) m where m.sku = inv.sku returning inv.sku, inv.qty;
update inv set (qty, note) = (1, 'tuple') where sku = 'f' returning qty, note;
update inv set (qty, note) = (select 2, 'sub') where sku = 'f' returning qty, note;
update inv set (note, qty) = (select 'from ' || m.sku, m.delta from moves m where m.sku = inv.sku order by m.id limit 1) where sku in ('e', 'f') returning sku, qty, note;
update inv set (qty, note) = (select qty from inv where sku = 'f');
update inv set (qty, note) = (select qty, note, 1 from inv where sku = 'f');
update inv set (qty, note) = (select qty, note from inv) where sku = 'f';
update inv set (qty, note) = (select note, qty from inv where sku = 'f') where sku = 'f';
update inv set qty = (select max(delta) from moves) where sku = 'g1' returning qty;
update inv set sku = 'aa' where sku = 'a' returning sku;
select sku, delta from moves order by id;
update moves set id = 5;
insert into moves (id, sku, delta) values (99, 'b', 1);
insert into moves (id, sku, delta) overriding system value values (99, 'b', 1) returning id;
insert into moves (sku, delta) values ('nope', 1);
update moves set sku = 'nope' where id = 1;

-- DELETE.
delete from inv where sku = 'n';
delete from inv where sku = 'g1' returning sku, qty;
delete from inv where sku = 'aa';
select id, sku, delta from moves order by id;
delete from moves m using inv i where m.sku = i.sku and i.note = 'doubled' returning m.id;
delete from inv i using (values ('g2'), ('g3')) v(s) where i.sku = v.s returning i.sku;
delete from inv where qty > (select avg(qty) from inv) returning sku;
delete from moves;
select count(*) from moves;

-- Constraint messages: NOT NULL, UNIQUE, FK, CHECK on several tables.
create table parent (id int primary key, code text unique);
create table child (id int primary key, pid int not null references parent on delete cascade, code text references parent (code) on delete restrict on update restrict, v int check (v <> 13), constraint v_small check (v < 1000));
insert into parent values (1, 'x'), (2, 'y'), (3, 'z');
insert into child values (1, 1, 'x', 1), (2, 2, null, 2), (3, 1, 'z', 3);
insert into child values (4, 9, null, 1);
insert into child values (4, null, null, 1);
insert into child values (4, 1, 'w', 1);
insert into child values (4, 1, null, 13);
insert into child values (4, 1, null, 5000);
insert into child values (1, 1, null, 1);
insert into parent values (4, 'x');
delete from parent where id = 3;
update parent set code = 'zz' where id = 3;
delete from parent where id = 2;
select id, pid from child order by id;
update parent set id = 10 where id = 1;
update child set v = 13 where id = 1;
update child set pid = 77 where id = 1;
truncate parent;
truncate child, parent;
select count(*) from parent;
insert into parent values (5, null), (6, null);
select count(*) from parent where code is null;

-- Multi-row and mixed INSERT shapes.
create table kv (k text primary key, v int default 42, ts date default '2024-01-01');
insert into kv values ('a');
insert into kv (v, k) values (1, 'b'), (2, 'c');
insert into kv select 'd', v + 100, ts from kv where k = 'a';
insert into kv (k) select 'e' union all select 'f' returning k, v;
insert into kv values ('g', default, default), ('h', null, null);
insert into kv as t values ('a', 0) on conflict (k) do update set v = t.v + excluded.v + 1 returning t.k, t.v;
insert into kv values ('i', 1) returning k || '!' as bang, v * 2;
select k, v, ts from kv order by k;
with src(k, v) as (values ('j', 1), ('k', 2)) insert into kv (k, v) select k, v from src;
insert into kv (k, v) values ('l', 1) on conflict on constraint kv_pkey do nothing;
select count(*) from kv;
