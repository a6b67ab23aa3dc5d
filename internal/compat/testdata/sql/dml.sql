-- INSERT, UPDATE and DELETE with RETURNING, ON CONFLICT, UPDATE ... FROM
-- and DELETE ... USING.

create table items (id int primary key, name text not null unique, qty int not null default 0, price numeric(8,2));
create table prices (name text primary key, price numeric(8,2));

insert into items values (1, 'apple', 10, 0.50), (2, 'pear', 5, 0.75);
insert into items (id, name) values (3, 'fig') returning *;
insert into items (id, name, qty) values (4, 'kiwi', 3), (5, 'lime', 8) returning id, name, qty * 2 as double;
insert into items select id + 10, name || '2', qty, price from items where id <= 2 returning id;

-- ON CONFLICT.
insert into items values (1, 'apple', 1, 1) on conflict do nothing;
insert into items values (1, 'apple', 1, 1) on conflict (id) do nothing returning id;
insert into items values (1, 'apple', 7, 0.55) on conflict (id) do update set qty = items.qty + excluded.qty, price = excluded.price returning *;
insert into items values (6, 'pear', 1, 1) on conflict (name) do update set qty = items.qty + 1 returning id, name, qty;
insert into items values (2, 'pear', 1, 1) on conflict (id) do update set qty = 0 where items.qty > 100 returning id;
insert into items values (7, 'plum', 2, 1.10), (8, 'plum', 3, 1.20) on conflict (name) do nothing;
insert into items values (9, 'apple', 1, 1) on conflict (id) do nothing;
select * from items order by id;

-- UPDATE.
update items set qty = qty - 1 where qty > 0 returning id, qty;
update items set price = price * 2 where price is not null and id < 3;
update items set name = upper(name) where id = 3 returning name;
update items set qty = 100 where id = 999;
insert into prices values ('pear', 2.00), ('kiwi', 3.50);
update items i set price = p.price from prices p where p.name = i.name returning i.id, i.price;
update items set (qty, price) = (0, 0) where id = 4;
select * from items order by id;

-- DELETE.
delete from items where qty = 0 returning id, name;
delete from items i using prices p where p.name = i.name returning i.name;
delete from items where id = 999;
select id, name from items order by id;
delete from items;
select count(*) from items;

-- Errors in DML.
insert into items (id, name, nosuch) values (1, 'x', 1);
insert into items (id, name) values (1, 'x', 2);
insert into items (id, name) values ('x', 'y');
update items set nosuch = 1;
delete from nosuch;
insert into items values (1, 'a', 0, null), (1, 'b', 0, null);
