-- ROW(t.*) expands t's columns into the row's fields.
CREATE TABLE rs (a int, b text);
INSERT INTO rs VALUES (1, 'x'), (2, NULL);
SELECT row(rs.*) FROM rs ORDER BY a;
SELECT row(rs.*, 5), row(0, rs.*) FROM rs ORDER BY a;
SELECT row(public.rs.*) FROM rs ORDER BY a;
SELECT row(r.*) FROM rs AS r ORDER BY a;
WITH u AS (SELECT 1 AS user_id, 'John Doe' AS name), k AS (SELECT 1 AS user_id, 101 AS key_id UNION ALL SELECT 2, 102)
SELECT k.key_id, row(u.*) AS u FROM k LEFT JOIN u ON u.user_id = k.user_id ORDER BY k.key_id;
SELECT row(x.*) FROM (SELECT 1, 'two') AS x;
SELECT row(nosuch.*) FROM rs;
SELECT row(rs.*) = row(1, 'x') FROM rs ORDER BY a;
