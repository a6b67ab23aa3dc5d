// Package clients runs real client libraries of other languages against
// tusk and against PostgreSQL 15 and compares what they see: PostgreSQL's
// JDBC driver (Debian libpostgresql-jdbc-java), psycopg2 (Debian
// python3-psycopg2, for /usr/bin/python3) and node-postgres (npm pg, with
// its lockfile in testdata/node).
//
// Each client has a small program under testdata/<client> that exercises
// the driver features applications lean on (the extended protocol, binary
// transfer, cursors, batches, COPY, the catalog queries behind metadata
// calls) and prints a deterministic transcript: values, the types the
// driver maps them to, update counts and the SQLSTATEs of deliberate
// errors, leaving out what differs between two servers by nature (OIDs,
// process IDs, clock readings, version strings). The test runs the program
// against a fresh PostgreSQL database and a fresh in-memory tusk; both runs
// must succeed and print the same transcript.
//
// The clients are installed by .ci/run (apt-get install -y
// libpostgresql-jdbc-java python3-psycopg2; npm ci in testdata/node). A
// missing client fails its test: it is never skipped.
package clients
