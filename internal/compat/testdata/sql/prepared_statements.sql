-- pg_prepared_statements lists the session's named prepared statements:
-- their query string, parameter types, whether PREPARE made them, and how
-- many executions ran a generic and a custom plan.
select count(*) from pg_prepared_statements;

prepare p1 as select 42;
prepare p2(int, text) as select $1 + 1, $2 || 'x';
prepare p3 as select $1::varchar, $2::numeric;
prepare p4(date) as select $1 + 1;

-- @ordered
select name, statement, parameter_types, from_sql, generic_plans, custom_plans
from pg_prepared_statements order by name;
select name, prepare_time <= now() as past, pg_typeof(prepare_time)::text, pg_typeof(parameter_types)::text
from pg_prepared_statements order by name;

execute p1;
execute p1;
execute p2(1, 'a');
execute p2(2, 'b');
execute p2(3, 'c');
execute p2(4, 'd');
execute p2(5, 'e');
execute p2(6, 'f');
execute p2(7, 'g');
-- @ordered
select name, generic_plans, custom_plans from pg_prepared_statements order by name;

deallocate p1;
-- @ordered
select name from pg_prepared_statements order by name;
deallocate all;
select count(*) from pg_prepared_statements;

-- Parameters cast in the statement have the cast's type; an unknown one
-- is text.
prepare p5 as select $1;
prepare p6 as select $1 = 1;
select name, parameter_types from pg_prepared_statements order by name;
