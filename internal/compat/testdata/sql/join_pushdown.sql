-- WHERE and ON conditions that read one side of an explicit join are
-- applied below the join where the join type allows it; the answers stay
-- PostgreSQL's, outer joins' NULL-extended rows included.
CREATE TABLE pa (id int PRIMARY KEY, x int, tag text);
CREATE TABLE pb (id int PRIMARY KEY, a_id int, y int);
CREATE TABLE pc (id int PRIMARY KEY, b_id int, z text);
INSERT INTO pa SELECT g, g % 5, 'a' || g FROM generate_series(1, 40) g;
INSERT INTO pb SELECT g, (g * 3) % 50, g % 7 FROM generate_series(1, 60) g;
INSERT INTO pc SELECT g, g % 70, CASE WHEN g % 4 = 0 THEN NULL ELSE 'c' || g END FROM generate_series(1, 30) g;
CREATE INDEX pb_a_id ON pb (a_id);

SELECT pa.id, pb.id FROM pa JOIN pb ON pb.a_id = pa.id WHERE pa.id = 6 ORDER BY 1, 2;
SELECT pa.id, pb.id FROM pa JOIN pb ON pb.a_id = pa.id WHERE pb.y = 3 AND pa.x < 3 ORDER BY 1, 2;
SELECT pa.id, pb.id FROM pa JOIN pb ON pb.a_id = pa.id AND pa.x = 1 AND pb.y > 2 ORDER BY 1, 2;
SELECT pa.id, pb.id FROM pa LEFT JOIN pb ON pb.a_id = pa.id WHERE pa.x = 2 ORDER BY 1, 2;
SELECT pa.id, pb.id FROM pa LEFT JOIN pb ON pb.a_id = pa.id WHERE pb.y = 1 ORDER BY 1, 2;
SELECT pa.id, pb.id FROM pa LEFT JOIN pb ON pb.a_id = pa.id WHERE pb.id IS NULL ORDER BY 1, 2;
SELECT pa.id, pb.id FROM pa LEFT JOIN pb ON pb.a_id = pa.id AND pb.y = 1 ORDER BY 1, 2;
SELECT pa.id, pb.id FROM pa LEFT JOIN pb ON pb.a_id = pa.id AND pa.x = 1 ORDER BY 1, 2;
SELECT pa.id, pb.id FROM pa RIGHT JOIN pb ON pb.a_id = pa.id WHERE pb.y = 4 ORDER BY 1, 2;
SELECT pa.id, pb.id FROM pa RIGHT JOIN pb ON pb.a_id = pa.id AND pa.x = 0 ORDER BY 2, 1;
SELECT pa.id, pb.id FROM pa RIGHT JOIN pb ON pb.a_id = pa.id WHERE pa.tag LIKE 'a1%' ORDER BY 1, 2;
SELECT pa.id, pb.id FROM pa FULL JOIN pb ON pb.a_id = pa.id WHERE pa.x = 1 OR pb.y = 6 ORDER BY 1, 2;
SELECT pa.id, pb.id FROM pa FULL JOIN pb ON pb.a_id = pa.id AND pb.y = 2 WHERE pa.id > 35 OR pa.id IS NULL ORDER BY 1, 2;
SELECT count(*), count(pa.id), count(pb.id) FROM pa FULL JOIN pb ON pb.a_id = pa.id AND pa.x = 3;

-- Nested joins: conditions find their way to the right depth.
SELECT pa.id, pb.id, pc.id FROM pa JOIN pb ON pb.a_id = pa.id JOIN pc ON pc.b_id = pb.id WHERE pa.x = 1 AND pc.z IS NOT NULL ORDER BY 1, 2, 3;
SELECT pa.id, pb.id, pc.id FROM pa LEFT JOIN pb ON pb.a_id = pa.id LEFT JOIN pc ON pc.b_id = pb.id WHERE pa.id BETWEEN 10 AND 14 ORDER BY 1, 2, 3;
SELECT pa.id, pb.id, pc.id FROM pa LEFT JOIN (pb JOIN pc ON pc.b_id = pb.id AND pc.z LIKE 'c1%') ON pb.a_id = pa.id WHERE pa.x = 4 ORDER BY 1, 2, 3;
SELECT pa.id, pb.id, pc.id FROM (pa LEFT JOIN pb ON pb.a_id = pa.id) RIGHT JOIN pc ON pc.b_id = pb.id WHERE pc.id < 8 ORDER BY 3, 1, 2;
SELECT pa.id, pc.id FROM pa, pb JOIN pc ON pc.b_id = pb.id WHERE pb.a_id = pa.id AND pa.x = 0 AND pc.id % 2 = 1 ORDER BY 1, 2;

-- USING and NATURAL columns, and a condition on the merged column.
SELECT id, pa.x, pb.y FROM pa JOIN pb USING (id) WHERE id < 4 ORDER BY 1;
SELECT id FROM pa FULL JOIN pb USING (id) WHERE id > 55 ORDER BY 1;
SELECT id, x FROM pa NATURAL LEFT JOIN pb WHERE x = 4 AND id > 20 ORDER BY 1;

-- Conditions that must not move: volatile functions, subqueries, outer
-- references.
SELECT pa.id, pb.id FROM pa LEFT JOIN pb ON pb.a_id = pa.id WHERE pb.y = (SELECT max(y) FROM pb) ORDER BY 1, 2;
SELECT pa.id FROM pa JOIN pb ON pb.a_id = pa.id WHERE EXISTS (SELECT 1 FROM pc WHERE pc.b_id = pb.id AND pc.z IS NULL) ORDER BY 1;
SELECT pa.id, (SELECT count(*) FROM pb JOIN pc ON pc.b_id = pb.id WHERE pb.a_id = pa.id AND pc.id > 3) FROM pa WHERE pa.id < 8 ORDER BY 1;
SELECT pa.id, l.n FROM pa LEFT JOIN LATERAL (SELECT count(*) AS n FROM pb WHERE pb.a_id = pa.id) l ON true WHERE pa.x = 2 ORDER BY 1;
SELECT pa.id FROM pa JOIN pb ON pb.a_id = pa.id WHERE pb.y = 0 AND pa.x / NULLIF(pb.y, 0) IS NULL ORDER BY 1;

-- Errors still surface, whichever side evaluates them.
SELECT pa.id FROM pa JOIN pb ON pb.a_id = pa.id WHERE pb.y / 0 = 1;
SELECT pa.id FROM pa LEFT JOIN pb ON pb.a_id = pa.id AND pb.y / 0 = 1;

-- A comparison with a constant crosses an equality to the other side.
SELECT pa.id, pb.id, pb.a_id FROM pa JOIN pb ON pb.a_id = pa.id WHERE pa.id = 12 ORDER BY 2;
SELECT pa.id, pb.id FROM pa JOIN pb ON pa.id = pb.a_id WHERE 9 = pb.a_id ORDER BY 2;
SELECT pa.id, pb.id FROM pa LEFT JOIN pb ON pb.a_id = pa.id WHERE pa.id = 3 ORDER BY 2;
SELECT pa.id, pb.id FROM pa LEFT JOIN pb ON pb.a_id = pa.id WHERE pa.id = 1 ORDER BY 2;
SELECT pa.id, pb.id FROM pa RIGHT JOIN pb ON pb.a_id = pa.id WHERE pb.a_id = 21 ORDER BY 2;
SELECT pa.id, pb.id FROM pa LEFT JOIN pb ON pb.a_id = pa.id WHERE pb.a_id = 21 ORDER BY 2;
SELECT pa.id, pb.id FROM pa FULL JOIN pb ON pb.a_id = pa.id WHERE pa.id = 12 ORDER BY 2;
SELECT pa.id, pb.id, pc.id FROM pa JOIN pb ON pb.a_id = pa.id JOIN pc ON pc.b_id = pb.id WHERE pb.id = 4 ORDER BY 3;
SELECT pa.id, pb.id FROM pa JOIN pb ON pb.a_id = pa.id WHERE pa.id = NULL;
PREPARE pj(int) AS SELECT pa.tag, pb.y FROM pa JOIN pb ON pb.a_id = pa.id WHERE pa.id = $1 ORDER BY pb.id;
EXECUTE pj(15);
EXECUTE pj(16);
