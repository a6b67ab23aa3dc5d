package backend

import (
	"context"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/txn"
)

// tableLock is a table lock a statement takes (PostgreSQL docs, section
// 13.3.1): ACCESS SHARE to read, ROW SHARE for FOR UPDATE/SHARE, ROW
// EXCLUSIVE to write.
type tableLock struct {
	oid  uint32
	mode kv.LockMode
	name string
	// write names the command that writes the table ("INSERT", "UPDATE",
	// "DELETE"), or is empty.
	write string
}

// planLocks lists the table locks of a plan, the strongest per table.
func planLocks(n plan.Node) []tableLock {
	var out []tableLock
	add := func(oid uint32, mode kv.LockMode, name string) *tableLock {
		for i := range out {
			if out[i].oid == oid {
				if mode > out[i].mode {
					out[i].mode = mode
				}
				return &out[i]
			}
		}
		out = append(out, tableLock{oid: oid, mode: mode, name: name})
		return &out[len(out)-1]
	}
	var walk func(plan.Node)
	walk = func(n plan.Node) {
		switch v := n.(type) {
		case *plan.SeqScan:
			add(uint32(v.Table.Oid), kv.LockAccessShare, v.Table.Name)
		case *plan.IndexScan:
			add(uint32(v.Table.Oid), kv.LockAccessShare, v.Table.Name)
		case *plan.LockRows:
			add(uint32(v.Table.Oid), kv.LockRowShare, v.Table.Name)
		case *plan.ModifyTable:
			l := add(uint32(v.Table.Oid), kv.LockRowExclusive, v.Table.Name)
			l.write = [...]string{plan.OpInsert: "INSERT", plan.OpUpdate: "UPDATE", plan.OpDelete: "DELETE"}[v.Op]
		}
		for _, c := range n.Children() {
			walk(c)
		}
	}
	walk(n)
	return out
}

// takeTableLocks takes a statement's table locks in the transaction. A
// statement that writes a table in a READ ONLY transaction fails first,
// before it evaluates a row (so it draws no sequence value), as
// PostgreSQL's ExecCheckXactReadOnly does at executor start.
func (b *Backend) takeTableLocks(locks []tableLock) error {
	if len(locks) == 0 || b.tx.kv == nil {
		return nil
	}
	for _, l := range locks {
		if l.write != "" {
			if err := b.tx.kv.T.CheckWritable(l.write); err != nil {
				return err
			}
		}
	}
	ctx := b.Context()
	acquired := false
	for _, l := range locks {
		got, err := b.lockTable(ctx, l)
		if err != nil {
			return err
		}
		acquired = acquired || got
	}
	return b.snapshotAfterLocks(acquired)
}

// lockTable takes a table lock the transaction does not hold yet, and
// reports whether it had to.
func (b *Backend) lockTable(ctx context.Context, l tableLock) (bool, error) {
	if b.tx.kv.T.HoldsTableLock(l.oid, l.mode) {
		return false, nil
	}
	return true, b.tx.kv.T.LockTable(ctx, l.oid, l.mode, kv.Wait, l.name)
}

// snapshotAfterLocks gives a READ COMMITTED statement that took new table
// locks a snapshot taken after them, as PostgreSQL locks relations before
// it takes the statement's snapshot: a statement that waited for a writer
// sees what that writer committed.
func (b *Backend) snapshotAfterLocks(acquired bool) error {
	if !acquired || b.tx.kv.T.Isolation() != txn.ReadCommitted {
		return nil
	}
	return b.tx.kv.T.StartStatement(b.Context())
}

// lockModes maps LOCK TABLE's modes (PostgreSQL's lock mode numbers) to
// the engine's.
var lockModes = map[int32]kv.LockMode{
	1: kv.LockAccessShare, 2: kv.LockRowShare, 3: kv.LockRowExclusive, 4: kv.LockShareUpdateExclusive,
	5: kv.LockShare, 6: kv.LockShareRowExclusive, 7: kv.LockExclusive, 8: kv.LockAccessExclusive,
}

// lockTableStmt runs LOCK TABLE.
func (b *Backend) lockTableStmt(s *pg_query.LockStmt) (string, error) {
	if b.tx.status != txBlock {
		return "", pgerror.New(pgerror.NoActiveSQLTransaction, "LOCK TABLE can only be used in transaction blocks")
	}
	mode, ok := lockModes[s.Mode]
	if !ok {
		mode = kv.LockAccessExclusive
	}
	wait := kv.Wait
	if s.Nowait {
		wait = kv.NoWait
	}
	ctx := b.Context()
	if err := b.startKV(ctx); err != nil {
		return "", err
	}
	for _, r := range s.Relations {
		rv := r.GetRangeVar()
		if rv == nil {
			continue
		}
		d, err := b.lookupRelation(rv.Schemaname, rv.Relname)
		if err != nil {
			return "", err
		}
		if d == nil {
			name := rv.Relname
			if rv.Schemaname != "" {
				name = rv.Schemaname + "." + name
			}
			return "", pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, name)
		}
		if err := b.tx.kv.T.LockTable(ctx, uint32(d.Oid), mode, wait, d.Name); err != nil {
			return "", err
		}
	}
	return "LOCK TABLE", nil
}

// vacuumStmt runs VACUUM and ANALYZE. The engine collects old row
// versions in the background, so VACUUM only checks its tables (keeping
// PostgreSQL's rule that it runs outside transaction blocks); ANALYZE and
// VACUUM ANALYZE gather planner statistics (analyze.go).
func (b *Backend) vacuumStmt(s *pg_query.VacuumStmt) (string, error) {
	tag := "ANALYZE"
	if s.IsVacuumcmd {
		tag = "VACUUM"
		if b.tx.status == txBlock || b.tx.status == txFailed {
			return "", pgerror.New(pgerror.ActiveSQLTransaction, "VACUUM cannot run inside a transaction block")
		}
	}
	for _, r := range s.Rels {
		rv := r.GetVacuumRelation().GetRelation()
		if rv == nil {
			continue
		}
		d, err := b.lookupRelation(rv.Schemaname, rv.Relname)
		if err != nil {
			return "", err
		}
		if d == nil {
			name := rv.Relname
			if rv.Schemaname != "" {
				name = rv.Schemaname + "." + name
			}
			return "", pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, name)
		}
	}
	if wantsAnalyze(s) {
		targets, err := b.analyzeTargets(s)
		if err != nil {
			return "", err
		}
		if err := b.analyzeTables(context.Background(), targets); err != nil {
			return "", err
		}
	}
	return tag, nil
}

// ddlLocks takes the table locks PostgreSQL's DDL takes before it runs:
// ACCESS EXCLUSIVE for DROP, TRUNCATE, ALTER and RENAME of a relation
// (and of an index's table), SHARE for CREATE INDEX. Names that do not
// resolve are left to the command, which reports them.
func (b *Backend) ddlLocks(n *pg_query.Node) error {
	type target struct {
		schema, name string
		mode         kv.LockMode
	}
	var ts []target
	rv := func(r *pg_query.RangeVar, mode kv.LockMode) {
		if r != nil {
			ts = append(ts, target{r.Schemaname, r.Relname, mode})
		}
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_DropStmt:
		switch v.DropStmt.RemoveType {
		case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_SEQUENCE,
			pg_query.ObjectType_OBJECT_INDEX, pg_query.ObjectType_OBJECT_MATVIEW:
			for _, o := range v.DropStmt.Objects {
				var parts []string
				for _, it := range o.GetList().GetItems() {
					parts = append(parts, it.GetString_().GetSval())
				}
				switch len(parts) {
				case 1:
					ts = append(ts, target{"", parts[0], kv.LockAccessExclusive})
				case 2:
					ts = append(ts, target{parts[0], parts[1], kv.LockAccessExclusive})
				}
			}
		}
	case *pg_query.Node_TruncateStmt:
		for _, r := range v.TruncateStmt.Relations {
			rv(r.GetRangeVar(), kv.LockAccessExclusive)
		}
	case *pg_query.Node_AlterTableStmt:
		rv(v.AlterTableStmt.Relation, kv.LockAccessExclusive)
	case *pg_query.Node_RenameStmt:
		rv(v.RenameStmt.Relation, kv.LockAccessExclusive)
	case *pg_query.Node_IndexStmt:
		rv(v.IndexStmt.Relation, kv.LockShare)
	}
	if len(ts) == 0 {
		return nil
	}
	ctx := b.Context()
	if err := b.startKV(ctx); err != nil || b.tx.kv == nil {
		return err
	}
	acquired := false
	for _, t := range ts {
		d, err := b.lookupRelation(t.schema, t.name)
		if err != nil || d == nil {
			continue
		}
		oid, name := d.Oid, d.Name
		if d.Index != nil {
			// An index is locked through its table.
			if td := b.tx.cat.Get(d.Index.Table); td != nil {
				oid, name = td.Oid, td.Name
			}
		}
		got, err := b.lockTable(ctx, tableLock{oid: uint32(oid), mode: t.mode, name: name})
		if err != nil {
			return err
		}
		acquired = acquired || got
	}
	return b.snapshotAfterLocks(acquired)
}
