-- Sorts and hash aggregations beyond work_mem spill to temporary files and
-- still return PostgreSQL's answers.
SET work_mem = '64kB';
SHOW work_mem;
CREATE TABLE spill (id int PRIMARY KEY, k int, s text, n numeric);
INSERT INTO spill SELECT g, g % 997, md5(g::text), (g * 7 % 1000) / 8.0 FROM generate_series(1, 30000) g;

-- External sorts: whole rows, descending, NULLs, expressions.
SELECT id, s FROM spill ORDER BY s LIMIT 15;
SELECT id, s FROM spill ORDER BY s DESC OFFSET 29985;
SELECT count(*), sum(id), min(s), max(s) FROM (SELECT * FROM spill ORDER BY s DESC) t;
SELECT id, n FROM spill ORDER BY n DESC, id LIMIT 12;
SELECT id FROM spill ORDER BY (CASE WHEN id % 3 = 0 THEN NULL ELSE id % 1000 END) NULLS FIRST, id LIMIT 10;
SELECT id FROM spill ORDER BY (CASE WHEN id % 3 = 0 THEN NULL ELSE id % 1000 END), id DESC OFFSET 29990;
SELECT string_agg(s, '') = (SELECT string_agg(s, '' ORDER BY s) FROM spill) FROM (SELECT s FROM spill ORDER BY s) t;

-- Hash aggregations with more groups than fit.
SELECT k, count(*), sum(id), min(s), max(n) FROM spill GROUP BY k ORDER BY k LIMIT 20;
SELECT count(*), sum(c), sum(t) FROM (SELECT k, count(*) AS c, sum(id) AS t FROM spill GROUP BY k) g;
SELECT count(*), sum(c) FROM (SELECT id, count(*) AS c FROM spill GROUP BY id) g;
SELECT s, count(*) FROM spill GROUP BY s HAVING count(*) > 1;
SELECT id % 5000 AS b, count(*), avg(n) FROM spill GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 10;
SELECT k, array_agg(id ORDER BY id) FROM spill WHERE k < 3 GROUP BY k ORDER BY k;
SELECT count(DISTINCT k), count(DISTINCT s) FROM spill;
SELECT k % 10, count(DISTINCT s) FROM spill GROUP BY 1 ORDER BY 1;

-- Hash joins whose build side does not fit: every join type, NULL keys,
-- extra join conditions.
SELECT a.k, count(*) FROM spill a JOIN spill b ON a.id = b.id + 1 GROUP BY a.k ORDER BY 2 DESC, 1 LIMIT 5;
CREATE TABLE probe AS SELECT g AS id, CASE WHEN g % 10 = 0 THEN NULL ELSE g * 2 END AS ref FROM generate_series(1, 20000) g;
SELECT count(*), sum(p.id), sum(s.id) FROM probe p JOIN spill s ON s.id = p.ref;
SELECT count(*), count(s.id), sum(p.id) FROM probe p LEFT JOIN spill s ON s.id = p.ref;
SELECT count(*), count(p.id), sum(s.id) FROM probe p RIGHT JOIN spill s ON s.id = p.ref;
SELECT count(*), count(p.id), count(s.id) FROM probe p FULL JOIN spill s ON s.id = p.ref AND s.k < 500;
SELECT p.id, s.s FROM probe p JOIN spill s ON s.id = p.ref AND s.s LIKE 'ab%' ORDER BY p.id LIMIT 8;
SELECT p.id FROM probe p LEFT JOIN spill s ON s.id = p.ref WHERE s.id IS NULL ORDER BY p.id LIMIT 8;
SELECT s.id FROM probe p RIGHT JOIN spill s ON s.id = p.ref WHERE p.id IS NULL ORDER BY s.id DESC LIMIT 8;
RESET work_mem;
SHOW work_mem;
