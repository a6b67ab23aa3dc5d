// Package backend serves one client session: PostgreSQL's traffic cop
// (tcop/postgres.c). A Backend owns its connection and its session state:
// settings, the transaction block, prepared statements and portals.
//
// For each message it reads, it runs the path of a query: the parser, the
// analyzer, the planner and the executor, and writes the results back
// through pgwire. The simple query protocol runs every statement of a
// query string in one implicit transaction unless the string has its own
// BEGIN/COMMIT; the extended protocol keeps named and unnamed statements
// and portals with PostgreSQL's lifetimes, suspends portals after a row
// limit, and skips messages after an error until Sync.
//
// Query errors are results: the client gets an ErrorResponse, the
// transaction aborts (an explicit block enters the failed state), and the
// session goes on. A panic while handling a message is recovered the same
// way, as an XX000 error. A session ends when the client sends Terminate
// or disconnects, on a protocol violation, or when Terminate is called
// (fast shutdown, pg_terminate_backend), which sends FATAL 57P01.
// However it ends, the session then rolls back its transaction and drops
// its temporary schema (pg_temp_N) with its temporary relations, in a
// transaction of its own (temp.go). Temporary relations are found first
// on the search path, and their ON COMMIT actions run just before each
// commit.
//
// SQL cursors (DECLARE, FETCH, MOVE, CLOSE; cursor.go) are portals in
// the same namespace as the protocol's, so the extended protocol can
// Describe and Execute them by name. EXPLAIN (explain.go) plans the
// statement as it would run and prints the plan with plan.Explain; with
// ANALYZE it runs an instrumented program. LISTEN and NOTIFY (notify.go)
// take effect at commit; notifications travel between sessions through
// the Server's hub and reach a client only while its session is idle
// outside a transaction block.
//
// Concurrency: Run, and everything it calls, runs on the session's
// goroutine. Cancel and Terminate may be called from any goroutine; they
// cancel the running statement through its context. Another session's
// commit may put notifications in this session's inbox and wake it from
// its wait for a command by expiring the read deadline; the wait then
// sends them and goes on reading the message it was reading.
package backend
