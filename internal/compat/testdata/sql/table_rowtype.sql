-- A table's row type: a composite type named after the table.
CREATE TABLE point3d (x float8, y float8, z float8);
SELECT 'point3d'::regtype;
SELECT typtype, typrelid = 'point3d'::regclass AS rel FROM pg_type WHERE typname = 'point3d';
SELECT reltype = 'point3d'::regtype AS same FROM pg_class WHERE relname = 'point3d';
SELECT '(1,2,3)'::point3d, row(1, 2, 3)::point3d, ('(1,2,3)'::point3d).y;
SELECT pg_typeof('(1,2,3)'::point3d);
SELECT attname, atttypid::regtype FROM pg_attribute
  WHERE attrelid = (SELECT typrelid FROM pg_type WHERE oid = 'point3d'::regtype) AND attnum > 0 AND NOT attisdropped
  ORDER BY attnum;
ALTER TABLE point3d ADD COLUMN w int;
SELECT '(1,2,3,4)'::point3d;
SELECT '(1,2,3)'::point3d;
CREATE TABLE holds (p point3d);
INSERT INTO holds VALUES ('(1,2,3,4)');
SELECT p, (p).w FROM holds;
ALTER TABLE point3d ALTER COLUMN w TYPE bigint;
DROP TABLE holds;
DROP TABLE point3d;
SELECT 'point3d'::regtype;
