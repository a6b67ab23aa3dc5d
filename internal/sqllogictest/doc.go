// Package sqllogictest runs sqllogictest files differentially: each file
// runs against a target server (tusk) and an oracle (PostgreSQL 15), each
// in a fresh database, and the two are compared record by record. The
// expected results in the files were produced by SQLite; PostgreSQL differs
// from SQLite in places, and tusk promises PostgreSQL's behaviour, so the
// oracle's live answer is the reference and the file's answer is only
// informational.
//
// # Format
//
// A file is a sequence of records separated by blank lines ('#' lines
// between records are comments):
//
//	statement ok | statement error
//	<SQL, one or more lines>
//
//	query <types> [nosort|rowsort|valuesort] [label]
//	<SQL>
//	----
//	<expected values, one per line, or "N values hashing to <md5>">
//
//	hash-threshold N
//	halt
//
// `skipif <engine>` and `onlyif <engine>` lines before a record make it
// conditional; Options.Engine names our engine ("postgresql"). `onlyif X`
// before `halt` stops the file only on engine X.
//
// # Printing and comparing
//
// Each record's SQL is sent with the simple query protocol on one
// connection per server. Query results are printed as sqllogictest prints
// them (FormatValue): per type letter T, I or R; NULL as "NULL"; reals with
// %.3f; empty strings as "(empty)"; then sorted by the sort mode over the
// printed text. When a result has more values than the file's
// hash-threshold it is shown as "N values hashing to H", H being the md5 of
// the values each followed by "\n".
//
// A record's verdict:
//
//   - not applicable: the oracle failed (error, timeout) where the file
//     expects success (statement ok, query). Never counted as passed.
//   - passed: a statement succeeded on both servers or failed on both; a
//     query succeeded on both with equal printed results (and, for a
//     labelled query, the same hash as the label's first oracle result).
//   - failed: anything else, including a target that timed out or lost its
//     connection.
//   - skipped: excluded by skipif/onlyif, or after halt; unsampled: a query
//     left out by Options.Sample; not run: the file could not start, or its
//     time budget ran out.
//
// Independently, SQLiteAgree/SQLiteDisagree count whether the oracle's
// outcome matched the file's expected one.
//
// # Robustness
//
// Each record has a timeout per server (Options.RecordTimeout): the query is
// cancelled with a CancelRequest, and a server that still does not answer
// within Options.CancelGrace has its connection broken. A broken or dropped
// connection is re-established to the same database before the next
// record (session state such as SET is lost, tables are not). Each file has
// a hard budget (Options.FileBudget) for both servers together; records
// past it count as not run and the file fails with <file>:0.
//
// # Reading the results
//
// Run returns a Report: Counts per file and in total, and Failures with
// stable IDs <file>:<line> (the line of the record's statement or query
// keyword; file IDs are relative to Options.Root) and a short reason, plus
// one-line renderings of both servers' outcomes. Report.WriteJSON writes it
// for tools.
//
// A Baseline lists expected failures, one "<file>:<line>  <reason>" per
// line. Baseline.Compare reports failures it does not list (New) and listed
// records that ran and passed (Fixed); either fails a run. Baseline.Update
// rewrites it from a run, keeping entries of records the run did not reach
// (other files, sampled out), so a sampled run never loses entries.
//
// # Sampling
//
// Options.Sample keeps at most N query records per file, chosen by hashing
// (Options.Seed, file ID, line): the same files, seed and N always pick the
// same records, and a record's selection does not depend on the rest of
// the file. Statements always run, since later records depend on them.
//
// # Hooking up a server
//
// A Server creates fresh databases and hands back a DSN: DSNServer uses
// CREATE DATABASE over a connection to an existing database (pgtest's
// s.DSN("postgres")); FreshServer starts a whole new server per file and
// stops it afterwards (an in-memory tusk, which has no CREATE DATABASE
// yet); ServerFunc adapts any function.
// Check runs a corpus inside a Go test against a baseline; the command
// cmd/tusk-slt runs it from the shell.
//
// CIFiles with Sample 20 (tusk-slt -ci) is the selection for CI.
//
// Measured on the development machine (2 cores), PostgreSQL against
// itself: the full corpus (52 files, 354,878 records run) takes about 6
// minutes, select5.test alone about 80 seconds. Statements dominate a
// sampled run (the 14 index/delete files hold 120,000 of them): -sample 20
// takes about 105 seconds, -sample 100 about 170.
package sqllogictest
