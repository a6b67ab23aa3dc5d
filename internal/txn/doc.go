// Package txn gives the executor PostgreSQL's transaction semantics over
// the kv seam: isolation levels and statement snapshots, row locks with the
// four strengths and the EvalPlanQual re-check, table locks with the eight
// lock modes, named savepoints, commit and rollback. The executor and the
// backend use this package for transaction control, never kv directly.
//
// On the path of a query it sits between the executor (and the backend's
// transaction-block state machine above it) and the storage engine below:
//
//	backend: BEGIN / COMMIT / SAVEPOINT ...   ->  Manager.Begin, Txn.Commit, Txn.Savepoint
//	executor: each statement                  ->  Txn.StartStatement
//	          scans and index lookups         ->  Txn.Get, Txn.Scan
//	          UPDATE / DELETE / FOR UPDATE    ->  Txn.LockRow, then Txn.Put / Txn.Delete
//	          INSERT's unique check           ->  Txn.LockRow (ForUpdate) on the key
//	          DDL, LOCK TABLE, every scan     ->  Txn.LockTable
//
// The rules it follows are the PostgreSQL manual's chapter 13 (Concurrency
// Control) and the behaviour of PostgreSQL 15 where the manual is silent;
// README.md describes the lock manager, deadlock detection and how each
// isolation level is implemented, with every deviation from PostgreSQL.
//
// A Manager is safe for concurrent use; a Txn belongs to one session and is
// not. It mirrors PostgreSQL's access/transam/xact.c (transaction and
// subtransaction control), utils/time/snapmgr.c (snapshots),
// executor/execMain.c's EvalPlanQual and storage/lmgr (locks).
package txn
