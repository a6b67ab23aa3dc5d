-- json and jsonb operators and functions, and one-dimensional arrays.

create table docs (id int primary key, j jsonb, js json);
insert into docs values
  (1, '{"name": "ann", "age": 31, "tags": ["a", "b"], "addr": {"city": "paris", "zip": "75001"}}', '{"k": 1, "k": 2}'),
  (2, '{"name": "ben", "age": null, "tags": [], "addr": {"city": "berlin"}}', '[1, "two", null]'),
  (3, '[1, 2, {"x": 3}]', '"scalar"'),
  (4, 'null', null),
  (5, '{"name": "cho", "n": 1.50, "flag": true}', '{ "spaced" :  true }');

select id, j -> 'name', j ->> 'name', j -> 'age', j ->> 'age' from docs order by id;
select id, j -> 'addr' -> 'city', j -> 'addr' ->> 'zip', j #> '{addr,city}', j #>> '{addr,city}' from docs order by id;
select id, j -> 0, j -> 2 -> 'x', j #> '{2,x}', j -> -1, j ->> 1 from docs order by id;
select id, j -> 'tags' -> 0, jsonb_array_length(j -> 'tags') from docs where j ? 'tags' order by id;
select id from docs where j ? 'name' order by id;
select id from docs where j ?| array['flag', 'age'] order by id;
select id from docs where j ?& array['name', 'age'] order by id;
select id from docs where j @> '{"name": "ann"}' order by id;
select id from docs where j @> '{"addr": {"city": "berlin"}}' order by id;
select id from docs where '{"name": "cho"}' <@ j order by id;
select '[1, 2, 3]'::jsonb @> '[3, 1]', '[1, 2]'::jsonb @> '1', '{"a": [1, 2]}'::jsonb @> '{"a": [2]}', '"x"'::jsonb @> '"x"';
select id, js -> 'k', js ->> 0, js -> 1 from docs order by id;
select js from docs order by id;
select j from docs order by id;
select '{"b": 1, "a": 2, "a": 3}'::jsonb, '{"b": 1, "a": 2}'::json, '[1.0, 1e2, -0.5]'::jsonb, '  [ 1 ,2 ] '::json;
select '{"a": 1}'::jsonb = '{"a": 1.0}'::jsonb, '[1,2]'::jsonb = '[2,1]'::jsonb, '{"a":1}'::jsonb || '{"b":2}', '[1]'::jsonb || '[2, 3]', '{"a":1}'::jsonb - 'a';
select '[1, 2, 3]'::jsonb - 1, '{"a": {"b": 1, "c": 2}}'::jsonb #- '{a,b}', '["a", "b"]'::jsonb - 'a';
select jsonb_build_object('a', 1, 'b', 'two', 'c', null, 'd', array[1, 2]), json_build_object('x', true), jsonb_build_array(1, 'a', null), json_build_array();
select jsonb_build_object('a');
select jsonb_build_object(null, 1);
select json_agg(x order by x) from (values (1), (2), (3)) v(x);
select jsonb_agg(name order by id) from (select id, j ->> 'name' as name from docs) s;
select json_object_agg(k, v order by k) from (values ('a', 1), ('b', 2)) t(k, v);
select jsonb_object_agg(id, j -> 'name') from docs where id in (1, 2);
select to_json('text'::text), to_jsonb(42), to_jsonb(array[1, 2]), to_json(row(1, 'a')), row_to_json(row(1, 'a')), to_jsonb(date '2024-01-01');
select jsonb_set('{"a": 1, "b": {"c": 2}}', '{b,c}', '3'), jsonb_set('{"a": 1}', '{z}', '"new"'), jsonb_set('{"a": 1}', '{z}', '"new"', false), jsonb_set('[1, 2]', '{0}', '9');
select jsonb_insert('{"a": [1, 2]}', '{a,1}', '5'), jsonb_insert('{"a": [1, 2]}', '{a,1}', '5', true);
select * from jsonb_array_elements('[1, "a", null, {"x": 1}]');
select * from jsonb_array_elements_text('[1, "a", null]');
select * from json_array_elements('[true, 2]');
select jsonb_array_elements('{"a": 1}');
select * from jsonb_each('{"a": 1, "b": "x", "c": null}') order by key;
select * from jsonb_each_text('{"a": 1, "b": "x", "c": null}') order by key;
select key, value from json_each('{"k": [1, 2]}');
select jsonb_object_keys(j) from docs where id = 1 order by 1;
select id, jsonb_typeof(j), json_typeof(js) from docs order by id;
select jsonb_typeof(j -> 'age'), jsonb_typeof(j -> 'tags'), jsonb_typeof(j -> 'nosuch') from docs where id = 1;
select jsonb_pretty('{"a": [1, {"b": 2}]}');
select jsonb_strip_nulls('{"a": null, "b": {"c": null, "d": 1}}'), json_strip_nulls('[null, {"a": null}]');
select (j ->> 'age')::int + 1, (j -> 'n')::numeric * 2, (j -> 'flag')::bool from docs where id in (1, 5) order by id;
select ('{"a": "x"}'::jsonb -> 'a')::int;
select '1'::jsonb::int, '"str"'::jsonb::text, 'true'::jsonb::bool;
select 'x'::jsonb -> 'a';
select '{"a":1}'::json = '{"a":1}'::json;
select j -> 'name' from docs where j ->> 'name' > 'b' order by j ->> 'name';
select j ->> 'name', count(*) from docs group by 1 order by 1 nulls first;

-- Arrays.
create table arr (id int primary key, a int[], t text[]);
insert into arr values (1, '{1,2,3}', '{x,y}'), (2, '{}', '{}'), (3, null, null), (4, '{5,null,7}', array['a b', null]), (5, array[2, 2], array['z']);
select id, a, t from arr order by id;
select id, a[1], a[2], a[10], t[1] from arr order by id;
select id, a[1:2], a[2:], a[:1], t[2:9], a[3:2] from arr order by id;
select (array[1, 2, 3])[2:3], (array[1, 2, 3])[:2], (array[1, 2, 3])[5:9], (array[1, 2, 3])[0:1], (array[1, 2, 3])[null:2], ('{}'::int[])[1:2];
select pg_typeof((array['a', 'b'])[1:1]), ('[0:2]={7,8,9}'::int[])[1:5], ('[0:2]={7,8,9}'::int[])[:0], array_length((array[1, 2, 3, 4])[2:3], 1);
select ('x'::text)[1:2];
select (array[1, 2])['a':2];
select id, array_length(a, 1), cardinality(a), array_lower(a, 1), array_upper(a, 1), array_ndims(a) from arr order by id;
select id, array_append(a, 9), array_prepend(0, a), array_cat(a, array[8, 8]), a || 4, 4 || a from arr order by id;
select id from arr where a && array[3, 7] order by id;
select id from arr where a <@ array[1, 2, 3, 4] order by id;
select id from arr where a @> array[2] order by id;
select id, array_remove(a, 2), array_replace(a, 2, 20), array_position(a, 7), array_positions(a, 2) from arr order by id;
select id from arr where 2 = any (a) order by id;
select id from arr where 2 = all (a) order by id;
select id from arr where 'x' = any (t) order by id;
select array[1, 2] = array[1, 2], array[1, 2] < array[1, 3], array[1] < array[1, 0], array[]::int[] = '{}', array[null]::int[] = array[null]::int[];
select array[1, 2, 3] @> array[3, 3], array[1, 2] && array[3], array[]::int[] <@ array[1], array[null::int] @> array[null::int];
select array['a', 'b'] || array['c'], array[1.5, 2] || 3, array[[1, 2], [3, 4]], pg_typeof(array[1, 2.5]);
select array[1, 'x'];
select array_to_string(array[1, 2, 3], ','), array_to_string(array[1, null, 3], ',', 'N'), string_to_array('1,2', ',')::int[];
select array(select generate_series(1, 4)), array(select name from (values ('b'), ('a')) v(name) order by 1);
select array_length(array[]::int[], 1), array_length(array[1, 2], 2), cardinality('{}'::int[]), array_dims(array[1, 2, 3]);
select array_agg(id order by id) from arr where a is not null;
select a[0], a[-1] from arr where id = 1;
select (array[10, 20, 30])[2], (array['x', 'y'])[3], ('{4,5}'::int[])[1];
select array_fill(7, array[3]), array_fill('x'::text, array[2]);
select unnest(a) from arr where id = 4;
select id, array_length(array_append(a, 1), 1) from arr order by id;
update arr set a = a || 100 where id = 5;
select id, a from arr where id in (1, 5) order by id;
select '{1,2,3}'::int[] :: text[], '{1.5,2}'::numeric[]::int[], array['1', '2']::int[];
select array['x']::int[];
select ('{1,2}'::int8[])[1] + 1, pg_typeof(('{1,2}'::int8[])[1]);
