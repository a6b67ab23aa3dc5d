// Package compat runs tusk against PostgreSQL 15's behaviour in CI: the
// compatibility suites, each compared with a live PostgreSQL or with
// PostgreSQL's recorded behaviour, against expected-failure baselines.
// The package has no code besides its tests; `go test ./...` runs them.
//
//   - TestSQLLogicTest: the sqllogictest corpus (../../../shared/sqllogictest,
//     or $TUSK_SLT_CORPUS), the CI selection sqllogictest.CIFiles sampled,
//     each file against a fresh in-memory tusk and a database on a
//     throwaway PostgreSQL. Expected failures are in testdata/slt.baseline;
//     TUSK_SLT_UPDATE=1 rewrites it.
//   - TestDiff: the .sql corpus in testdata/sql, statement by statement
//     against PostgreSQL (package difftest). Its target is no difference
//     at all, so it has no baseline: statements tusk cannot run yet stay
//     out of the corpus and are listed in COMPATIBILITY.md.
//   - TestProtoscript: the byte-level protocol scripts of package
//     protoscript (PostgreSQL's own behaviour), each against a fresh tusk
//     over TCP and its Unix socket. Expected failures are in
//     ../testutil/protoscript/testdata/tusk.xfail, each with the script
//     line at which it must fail.
//   - TestClientEncoding: sessions in single-byte client encodings
//     (LATIN1, WIN1252), compared with PostgreSQL byte for byte.
//   - TestPGX and TestLibPQ: the test suites of the drivers pgx and lib/pq
//     (at the versions in go.mod), copied from the module cache and run
//     against one in-memory tusk. Expected failures are in
//     testdata/pgx.baseline and testdata/libpq.baseline;
//     TUSK_DRIVER_UPDATE=1 rewrites them. They take minutes, so they run
//     only with TUSK_DRIVER_SUITES=1, which .ci/run sets in a step of its
//     own.
//
// A run fails on a new failure and on a listed failure that passes now,
// so a baseline always says exactly where tusk stands. COMPATIBILITY.md at
// the repository root is the scoreboard; `go test ./internal/compat -run
// Scoreboard -scoreboard -timeout 30m` regenerates its table.
//
// tusk has no CREATE DATABASE yet, so every file or script gets a fresh
// in-memory server (sqllogictest.FreshServer, difftest.FreshTarget).
// PostgreSQL must be installed (pgtest); the tests fail without it.
package compat
