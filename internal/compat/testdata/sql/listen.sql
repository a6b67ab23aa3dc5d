-- LISTEN, UNLISTEN and NOTIFY as statements: their tags, errors, and the
-- channels a session listens on. (Delivery of the notifications is tested
-- with pgx in notify_test.go and in the protocol script notify.pgs.)

listen a;
listen "Mixed Case";
listen a;
select * from pg_listening_channels() order by 1;
notify a;
notify a, 'payload';
select pg_notify('a', 'x'), pg_notify('b', null);
unlisten a;
select * from pg_listening_channels() order by 1;
unlisten nosuch;
unlisten *;
select count(*) from pg_listening_channels();

-- LISTEN takes effect at commit.
begin;
listen c;
select count(*) from pg_listening_channels();
commit;
select * from pg_listening_channels();
begin;
listen d;
rollback;
select * from pg_listening_channels();
unlisten *;

select pg_notify('', 'x');
select pg_notify(null, 'x');
select pg_notify('a', repeat('x', 8000));
select pg_notify('a', repeat('x', 7999));
select pg_notify(repeat('c', 63), '');
select pg_notify(repeat('c', 64), '');

-- ROLLBACK TO SAVEPOINT forgets the LISTENs after it.
begin;
listen e;
savepoint sp;
listen f;
rollback to savepoint sp;
listen g;
commit;
select * from pg_listening_channels() order by 1;
unlisten *;
