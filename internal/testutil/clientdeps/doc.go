// Package clientdeps prepares the test packages that drive client
// programs of other languages (JDBC, psycopg2, node-postgres, ORMs): their
// TestMain installs the programs' dependencies with the repository's
// .ci/deps, as .ci/run does, so that `go test ./...` works on a fresh
// machine, and a failure to install fails the tests instead of skipping
// them.
package clientdeps
