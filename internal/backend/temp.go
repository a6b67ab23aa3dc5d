package backend

import (
	"context"
	"fmt"
	"sync"

	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/commands"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
	"github.com/tuskdb/tusk/internal/txn"
)

// A session's temporary relations live in its temporary schema,
// pg_temp_N (see the catalog package). N is drawn from the server's
// tempSlots when the session first creates a temporary relation and given
// back when the session has dropped the schema at its end.

// tempSlots hands out the numbers of temporary schemas: the smallest
// number no live session holds, as PostgreSQL numbers them by backend
// slot. Safe for concurrent use.
type tempSlots struct {
	mu   sync.Mutex
	used map[int]bool
}

func (t *tempSlots) acquire() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.used == nil {
		t.used = map[int]bool{}
	}
	n := 1
	for t.used[n] {
		n++
	}
	t.used[n] = true
	return n
}

func (t *tempSlots) release(n int) {
	t.mu.Lock()
	delete(t.used, n)
	t.mu.Unlock()
}

// tempSchema returns the session's temporary schema as its transaction
// sees it, nil when it has none.
func (b *Backend) tempSchema() *catalog.Desc {
	if b.tempNum == 0 || b.tx.cat == nil {
		return nil
	}
	return b.tx.cat.LookupSchema(b.dbOid, catalog.TempSchemaName(b.tempNum))
}

// ensureTempSchema returns the session's temporary schema, creating it in
// the transaction on first use (InitTempTableNamespace). A schema of the
// same name that a session before this one left behind is emptied first.
func (b *Backend) ensureTempSchema() (*catalog.Desc, error) {
	if d := b.tempSchema(); d != nil {
		return d, nil
	}
	ctx := b.Context()
	fresh := b.tempNum == 0
	if fresh {
		b.tempNum = b.srv.temps.acquire()
	}
	cat := b.tx.cat
	if d := cat.LookupSchema(b.dbOid, catalog.TempSchemaName(b.tempNum)); d != nil {
		if fresh {
			if err := commands.RemoveTempSchema(ctx, cat, b.tx.kv, d, true); err != nil {
				return nil, err
			}
		}
		return d, nil
	}
	oid, err := cat.Store().NewOid(ctx)
	if err != nil {
		return nil, err
	}
	d := &catalog.Desc{Oid: oid, Kind: catalog.KindSchema, Name: catalog.TempSchemaName(b.tempNum), Database: b.dbOid,
		Owner: commandSession{b: b}.UserOid()}
	if err := cat.Put(ctx, b.tx.kv, d); err != nil {
		return nil, err
	}
	b.tableCache = nil
	return d, nil
}

// onCommitActions runs the ON COMMIT actions of the session's temporary
// tables in the transaction about to commit.
func (b *Backend) onCommitActions() error {
	if b.tempNum == 0 || b.tx.kv == nil || b.tx.cat == nil {
		return nil
	}
	temp := b.tempSchema()
	if temp == nil {
		return nil
	}
	return commands.PreCommit(commandSession{b: b}, temp)
}

// dropTempSchema drops the session's temporary schema and all in it, in
// a transaction of its own, when the session ends (however it ends: a
// Terminate message, a closed or broken connection, a terminated
// backend). What a server crash leaves behind, RemoveTempSchemas drops at
// the next start.
func (b *Backend) dropTempSchema() {
	if b.tempNum == 0 || b.srv.Catalog == nil || b.srv.Engine == nil {
		return
	}
	defer func() {
		b.srv.temps.release(b.tempNum)
		b.tempNum = 0
	}()
	b.stmtCtx = nil
	b.beginImplicit()
	b.tx.isolation, b.tx.readOnly = "read committed", false
	err := b.startStatementSnapshot()
	if err == nil {
		if d := b.tempSchema(); d != nil {
			err = commands.RemoveTempSchema(context.Background(), b.tx.cat, b.tx.kv, d, false)
		}
	}
	if err == nil {
		err = b.commitTransaction()
	} else {
		b.abortTransaction()
	}
	if err != nil && b.srv.Log != nil {
		b.srv.Log("backend %d: could not drop temporary schema %s: %v", b.opts.PID, catalog.TempSchemaName(b.tempNum), err)
	}
}

// RemoveTempSchemas drops every temporary schema of the catalog with its
// objects and their rows. The server calls it when it starts, before any
// session exists: any temporary schema then is what a crash (or a
// session whose cleanup failed) left behind.
func RemoveTempSchemas(ctx context.Context, store *catalog.Store, engine Engine) error {
	cat := store.Begin()
	if len(cat.TempSchemas()) == 0 {
		return nil
	}
	t, err := engine.Begin(ctx, txn.Options{Isolation: txn.ReadCommitted})
	if err != nil {
		return err
	}
	if err := t.StartStatement(ctx); err != nil {
		t.Rollback(ctx)
		return err
	}
	kv := &storage.TxnKV{T: t}
	for _, d := range cat.TempSchemas() {
		if err := commands.RemoveTempSchema(ctx, cat, kv, d, false); err != nil {
			t.Rollback(ctx)
			cat.Abort()
			return fmt.Errorf("dropping temporary schema %s: %w", d.Name, err)
		}
	}
	ver, err := cat.PrepareCommit(ctx, kv)
	if err != nil {
		t.Rollback(ctx)
		cat.Abort()
		return err
	}
	if err := t.Commit(ctx); err != nil {
		cat.Abort()
		return err
	}
	cat.Published(ver)
	return nil
}

var _ builtins.TempSchemaEnv = (*Backend)(nil)

// MyTempSchema implements pg_my_temp_schema().
func (b *Backend) MyTempSchema() types.Oid {
	if d := b.tempSchema(); d != nil {
		return d.Oid
	}
	return 0
}

// IsOtherTempSchema implements pg_is_other_temp_schema().
func (b *Backend) IsOtherTempSchema(schema types.Oid) bool {
	if b.tx.cat == nil {
		return false
	}
	d := b.tx.cat.Get(schema)
	if d == nil || d.Kind != catalog.KindSchema || !catalog.IsTempSchemaName(d.Name) {
		return false
	}
	return b.tempNum == 0 || d.Name != catalog.TempSchemaName(b.tempNum)
}

// discardTemp drops the session's temporary relations in its transaction
// (DISCARD TEMP, and DISCARD ALL); the schema stays for later use.
func (b *Backend) discardTemp() error {
	if b.tempNum == 0 || b.tx.cat == nil || b.srv.Engine == nil {
		return nil
	}
	d := b.tempSchema()
	if d == nil {
		return nil
	}
	ctx := b.Context()
	if err := b.startKV(ctx); err != nil {
		return err
	}
	b.tableCache = nil
	return commands.RemoveTempSchema(ctx, b.tx.cat, b.tx.kv, d, true)
}
