-- Row comparisons, including between constants (which are folded).
SELECT 1 WHERE row(1,2) < row(1,3);
SELECT row(1,2) < row(1,3), row(1,2) <= row(1,2), row(2,1) > row(1,9), row(1,2) >= row(1,3);
SELECT row(1, 'b') < row(1, 'c'), row(1, NULL) < row(2, 1), row(1, NULL) < row(1, 2);
SELECT row(1, 2.5) < row(1, 3), row(1.0, 2) = row(1, 2), row(1, 2) <> row(1, 3);
CREATE TABLE rc (a int, b text);
INSERT INTO rc VALUES (1, 'x'), (1, 'y'), (2, 'a'), (NULL, 'z');
SELECT a, b FROM rc WHERE (a, b) > (1, 'x') ORDER BY a, b;
SELECT a, b FROM rc WHERE (a, b) <= (1, 'y') ORDER BY a, b;
SELECT a, b, (a, b) < (2, 'a') FROM rc ORDER BY a NULLS FIRST, b;
