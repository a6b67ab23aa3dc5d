-- Large objects: the server-side functions (PostgreSQL docs, chapter
-- "Large Objects"), their descriptors, which last as long as the
-- transaction, and their errors.
SELECT lo_create(4242001);
SELECT lo_create(4242001);
SELECT lo_creat(-1) > 0 AS created;
SELECT lo_create(0) > 0 AS created;
SELECT lo_get(4242001);
SELECT lo_open(4242999, 262144);
SELECT lo_unlink(4242999);
SELECT lo_get(4242999);

BEGIN;
SELECT lo_open(4242001, 131072 | 262144);
SELECT lowrite(0, 'testing');
SELECT lo_tell(0), lo_tell64(0);
SELECT lo_lseek(0, 1, 0);
SELECT loread(0, 100);
SELECT loread(0, 100);
SELECT lo_lseek64(0, -3, 2);
SELECT loread(0, 2);
SELECT lo_lseek(0, 2, 1);
SELECT lo_open(4242001, 262144);
SELECT lo_close(1);
SELECT lo_truncate(0, 4);
SELECT lo_lseek(0, 0, 2);
SELECT lo_truncate64(0, 10);
SELECT lo_lseek64(0, 0, 2);
SELECT lo_close(0);
COMMIT;
SELECT lo_get(4242001);

-- Descriptors end with the transaction.
BEGIN;
SELECT lo_open(4242001, 262144);
COMMIT;
SELECT loread(0, 1);

-- Writes roll back with the transaction.
BEGIN;
SELECT lo_open(4242001, 131072);
SELECT lowrite(0, 'xyz');
ROLLBACK;
SELECT lo_get(4242001);

-- Errors on descriptors.
BEGIN;
SELECT lo_open(4242001, 262144);
SELECT lowrite(0, 'x');
ROLLBACK;
BEGIN;
SELECT lo_open(4242001, 262144);
SELECT lo_truncate(0, 1);
ROLLBACK;
BEGIN;
SELECT lo_open(4242001, 262144);
SELECT lo_lseek(0, 0, 7);
ROLLBACK;
BEGIN;
SELECT lo_open(4242001, 262144);
SELECT lo_lseek(0, -1, 0);
ROLLBACK;
BEGIN;
SELECT lo_open(4242001, 131072);
SELECT lo_truncate(0, -1);
ROLLBACK;
BEGIN;
SELECT lo_open(4242001, 0);
ROLLBACK;
SELECT lo_close(3);
SELECT lo_tell(-1);
SELECT loread(0, -1);

-- Data across pages of 2048 bytes, and holes that read as zeros.
SELECT lo_from_bytea(4242002, decode(repeat('ab', 3000), 'hex'));
SELECT length(lo_get(4242002)), md5(lo_get(4242002));
SELECT lo_get(4242002, 2046, 6);
SELECT lo_get(4242002, 2990, 100);
SELECT lo_get(4242002, 5000, 10);
SELECT lo_get(4242002, 0, -1);
SELECT lo_put(4242002, 5000, 'end');
SELECT length(lo_get(4242002)), lo_get(4242002, 2998, 5), lo_get(4242002, 4997, 10);
SELECT lo_put(4242002, 2047, '\x0102');
SELECT lo_get(4242002, 2045, 5);
SELECT lo_put(4242999, 0, 'x');
BEGIN;
SELECT lo_open(4242002, 393216);
SELECT lo_truncate(0, 2049);
SELECT lo_lseek(0, 0, 2);
SELECT lo_truncate(0, 2048);
SELECT lo_lseek(0, 0, 2);
SELECT lo_lseek(0, 2040, 0);
SELECT loread(0, 100);
COMMIT;
SELECT lo_from_bytea(4242003, '');
SELECT lo_get(4242003);
SELECT lo_from_bytea(4242003, 'again');

-- pg_largeobject_metadata lists the database's large objects.
SELECT oid, lomowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) AS mine
  FROM pg_largeobject_metadata WHERE oid BETWEEN 4242000 AND 4243000 ORDER BY oid;

-- Unlink closes; an unlinked object is gone.
SELECT lo_unlink(4242001);
SELECT lo_unlink(4242001);
SELECT lo_get(4242001);
BEGIN;
SELECT lo_open(4242002, 262144);
SELECT lo_unlink(4242002);
SELECT loread(0, 1);
ROLLBACK;
SELECT length(lo_get(4242002));
SELECT lo_get(4242002, -1, 1);
SELECT lo_put(4242002, -1, 'x');
SELECT oid FROM pg_largeobject_metadata WHERE oid BETWEEN 4242000 AND 4243000 ORDER BY oid;
