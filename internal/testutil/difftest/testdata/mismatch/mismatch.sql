-- Run by TestMismatches against two databases prepared differently (see
-- difftest_test.go); the comments say what the runner must report.

-- Same rows, inserted in another order: a multiset match.
select x from same;

-- The same rows under ORDER BY on a key that differs: an ordered mismatch.
select x from ord order by k;

-- Different rows.
select x from diff;

-- Different command tag.
update extra set x = x;

-- Different type.
select f();

-- Different column name.
select * from named;

-- The target fails, the oracle does not.
select only_oracle();

-- The target succeeds, the oracle fails.
select only_target();

-- Different SQLSTATE.
select boom();

-- Same SQLSTATE, different message.
select boom2();

-- @messages off
select boom2();

-- @messages on
-- The target takes too long.
select slow();

-- Everything agrees again.
select 1 as one;
