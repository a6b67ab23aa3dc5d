-- ALTER TYPE on a composite type's attributes.
CREATE TYPE ct AS (attr1 int, attr2 int);
ALTER TYPE ct DROP ATTRIBUTE attr1;
SELECT row(5)::ct;
SELECT attname, atttypid::regtype FROM pg_attribute
  WHERE attrelid = (SELECT typrelid FROM pg_type WHERE typname = 'ct') AND NOT attisdropped AND attnum > 0
  ORDER BY attnum;
ALTER TYPE ct ADD ATTRIBUTE note text, ALTER ATTRIBUTE attr2 TYPE bigint;
SELECT row(1, 'x')::ct, (row(2, 'y')::ct).note;
SELECT attname, atttypid::regtype FROM pg_attribute
  WHERE attrelid = (SELECT typrelid FROM pg_type WHERE typname = 'ct') AND NOT attisdropped AND attnum > 0
  ORDER BY attnum;
ALTER TYPE ct DROP ATTRIBUTE missing;
ALTER TYPE ct DROP ATTRIBUTE IF EXISTS missing;
ALTER TYPE ct ADD ATTRIBUTE note int;
ALTER TYPE ct ALTER ATTRIBUTE missing TYPE int;
ALTER TYPE nosuch ADD ATTRIBUTE a int;
CREATE TYPE mood AS ENUM ('sad', 'ok');
ALTER TYPE mood ADD ATTRIBUTE a int;
CREATE TABLE uses_ct (c ct);
ALTER TYPE ct ALTER ATTRIBUTE attr2 TYPE int;
DROP TABLE uses_ct;
CREATE TABLE uses_ct_array (c ct[]);
ALTER TYPE ct ALTER ATTRIBUTE attr2 TYPE int;
DROP TABLE uses_ct_array;
ALTER TYPE ct ADD ATTRIBUTE more int;
SELECT row(1, 'x', 3)::ct;
CREATE TABLE not_a_type (a int);
ALTER TYPE not_a_type ADD ATTRIBUTE b int;
