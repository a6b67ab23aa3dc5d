package txn

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/kv/pebblekv"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// env is a Manager over an in-memory engine whose lock waits are reported
// on waits, so tests know a transaction is blocked without sleeping.
type env struct {
	t     *testing.T
	m     *Manager
	waits chan string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, waits: make(chan string, 64)}
	db, err := pebblekv.OpenInMemory(&pebblekv.Options{
		TestingLockWait: func(key []byte) { e.waits <- string(key) },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e.m = NewManager(db)
	return e
}

var ctx = context.Background()

func (e *env) begin(opts Options) *Txn {
	e.t.Helper()
	tx, err := e.m.Begin(ctx, opts)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := tx.StartStatement(ctx); err != nil {
		e.t.Fatal(err)
	}
	return tx
}

// drain forgets the waits reported so far.
func (e *env) drain() {
	for {
		select {
		case <-e.waits:
		default:
			return
		}
	}
}

// waitFor blocks until some transaction starts waiting for a lock on key.
func (e *env) waitFor(key []byte) {
	e.t.Helper()
	select {
	case k := <-e.waits:
		if k != string(key) {
			e.t.Fatalf("a transaction waits for %q, expected %q", k, key)
		}
	case <-time.After(10 * time.Second):
		e.t.Fatalf("nobody waits for %q", key)
	}
}

func (e *env) seed(kvs ...string) {
	e.t.Helper()
	tx := e.begin(Options{})
	for i := 0; i+1 < len(kvs); i += 2 {
		if err := tx.Put(ctx, []byte(kvs[i]), []byte(kvs[i+1])); err != nil {
			e.t.Fatal(err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		e.t.Fatal(err)
	}
}

func get(t *testing.T, tx *Txn, k string) string {
	t.Helper()
	v, ok, err := tx.Get(ctx, []byte(k))
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		return "<nil>"
	}
	return string(v)
}

func put(t *testing.T, tx *Txn, k, v string) {
	t.Helper()
	if err := tx.Put(ctx, []byte(k), []byte(v)); err != nil {
		t.Fatal(err)
	}
}

func commit(t *testing.T, tx *Txn) {
	t.Helper()
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, sentinel error, code, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s %q", code, msg)
	}
	if sentinel != nil && !errors.Is(err, sentinel) {
		t.Fatalf("error %v is not %v", err, sentinel)
	}
	e := pgerror.Flatten(err)
	if e.Code != code || (msg != "" && e.Message != msg) {
		t.Fatalf("error %s %q, want %s %q", e.Code, e.Message, code, msg)
	}
}

type result struct {
	lock RowLock
	err  error
}

func asyncLock(tx *Txn, key string, s RowLockStrength) <-chan result {
	ch := make(chan result, 1)
	go func() {
		r, err := tx.LockRow(ctx, []byte(key), s, kv.Wait, "accounts")
		ch <- result{r, err}
	}()
	return ch
}

func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatal("timed out")
		panic("unreachable")
	}
}

// update runs "UPDATE accounts SET balance = balance + d WHERE key = k AND
// pred(balance)" the way the executor does: snapshot read, WHERE, LockRow,
// re-check on the newest version, write. It returns the number of rows
// updated.
func update(t *testing.T, tx *Txn, k string, d int, pred func(int) bool) (int, error) {
	t.Helper()
	v, ok, err := tx.Get(ctx, []byte(k))
	if err != nil || !ok {
		return 0, err
	}
	bal, _ := strconv.Atoi(string(v))
	if !pred(bal) {
		return 0, nil
	}
	r, err := tx.LockRow(ctx, []byte(k), ForNoKeyUpdate, kv.Wait, "accounts")
	if err != nil {
		return 0, err
	}
	if !r.Found {
		return 0, nil
	}
	if r.Updated {
		bal, _ = strconv.Atoi(string(r.Value))
		if !pred(bal) {
			return 0, nil
		}
	}
	return 1, tx.Put(ctx, []byte(k), []byte(strconv.Itoa(bal+d)))
}

func always(int) bool { return true }

func TestLostUpdatePrevented(t *testing.T) {
	e := newEnv(t)
	e.seed("acct/1", "100")
	t1 := e.begin(Options{})
	t2 := e.begin(Options{})
	if n, err := update(t, t1, "acct/1", 10, always); n != 1 || err != nil {
		t.Fatal(n, err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := update(t, t2, "acct/1", 20, always)
		done <- err
	}()
	e.waitFor([]byte("acct/1"))
	commit(t, t1)
	if err := recv(t, done); err != nil {
		t.Fatal(err)
	}
	commit(t, t2)
	tx := e.begin(Options{})
	if got := get(t, tx, "acct/1"); got != "130" {
		t.Fatalf("balance %s, want 130", got)
	}
}

// TestReadCommittedRecheck: a row locked by a concurrent transaction is
// re-checked on its newest version when the holder commits, and keeps its
// old version when the holder aborts (PostgreSQL docs, section 13.2.1).
func TestReadCommittedRecheck(t *testing.T) {
	for _, outcome := range []string{"commit", "abort", "delete"} {
		t.Run(outcome, func(t *testing.T) {
			e := newEnv(t)
			e.seed("acct/1", "100")
			holder := e.begin(Options{})
			r, err := holder.LockRow(ctx, []byte("acct/1"), ForUpdate, kv.Wait, "accounts")
			if err != nil || !r.Found || r.Updated {
				t.Fatalf("%+v %v", r, err)
			}
			if outcome == "delete" {
				if err := holder.Delete(ctx, []byte("acct/1")); err != nil {
					t.Fatal(err)
				}
			} else {
				put(t, holder, "acct/1", "50")
			}
			w := e.begin(Options{})
			if get(t, w, "acct/1") != "100" {
				t.Fatal("snapshot read")
			}
			ch := asyncLock(w, "acct/1", ForNoKeyUpdate)
			e.waitFor([]byte("acct/1"))
			if outcome == "abort" {
				if err := holder.Rollback(ctx); err != nil {
					t.Fatal(err)
				}
			} else {
				commit(t, holder)
			}
			res := recv(t, ch)
			if res.err != nil {
				t.Fatal(res.err)
			}
			switch outcome {
			case "commit":
				if !res.lock.Updated || !res.lock.Found || string(res.lock.Value) != "50" {
					t.Fatalf("after commit: %+v", res.lock)
				}
			case "abort":
				if res.lock.Updated || string(res.lock.Value) != "100" {
					t.Fatalf("after abort: %+v", res.lock)
				}
			case "delete":
				if !res.lock.Updated || res.lock.Found {
					t.Fatalf("after delete: %+v", res.lock)
				}
			}
		})
	}
}

// TestReadCommittedWhereRecheck is the docs' example of a re-check that
// drops a row: the WHERE clause no longer holds on the newest version.
func TestReadCommittedWhereRecheck(t *testing.T) {
	e := newEnv(t)
	e.seed("acct/1", "100")
	t1 := e.begin(Options{})
	if n, _ := update(t, t1, "acct/1", -60, always); n != 1 {
		t.Fatal("first update")
	}
	t2 := e.begin(Options{})
	done := make(chan int, 1)
	go func() {
		// UPDATE ... SET balance = balance - 60 WHERE balance >= 60
		n, err := update(t, t2, "acct/1", -60, func(b int) bool { return b >= 60 })
		if err != nil {
			n = -1
		}
		done <- n
	}()
	e.waitFor([]byte("acct/1"))
	commit(t, t1)
	if n := recv(t, done); n != 0 {
		t.Fatalf("second update touched %d rows, want 0 after the re-check", n)
	}
	commit(t, t2)
	tx := e.begin(Options{})
	if got := get(t, tx, "acct/1"); got != "40" {
		t.Fatalf("balance %s", got)
	}
}

func TestRepeatableReadSerializationFailure(t *testing.T) {
	for _, iso := range []Isolation{RepeatableRead, Serializable} {
		for _, waited := range []bool{false, true} {
			t.Run(fmt.Sprintf("%v/waited=%v", iso, waited), func(t *testing.T) {
				e := newEnv(t)
				e.seed("acct/1", "100", "acct/2", "100")
				rr := e.begin(Options{Isolation: iso})
				_ = get(t, rr, "acct/1")
				other := e.begin(Options{})
				if _, err := update(t, other, "acct/1", 1, always); err != nil {
					t.Fatal(err)
				}
				if err := other.Delete(ctx, []byte("acct/2")); err != nil {
					t.Fatal(err)
				}
				var err error
				if waited {
					ch := asyncLock(rr, "acct/1", ForNoKeyUpdate)
					e.waitFor([]byte("acct/1"))
					commit(t, other)
					err = recv(t, ch).err
				} else {
					commit(t, other)
					_, err = update(t, rr, "acct/1", 1, always)
				}
				wantCode(t, err, kv.ErrSerializationFailure, pgerror.SerializationFailure, kv.MsgConcurrentUpdate)
				_, err = rr.LockRow(ctx, []byte("acct/2"), ForUpdate, kv.Wait, "accounts")
				wantCode(t, err, kv.ErrSerializationFailure, pgerror.SerializationFailure, kv.MsgConcurrentDelete)
				// The snapshot still shows the old values.
				if get(t, rr, "acct/1") != "100" || get(t, rr, "acct/2") != "100" {
					t.Fatal("snapshot moved")
				}
				_ = rr.Rollback(ctx)
			})
		}
	}
}

// TestSnapshotAtFirstStatement: REPEATABLE READ takes its snapshot at the
// first statement, not at BEGIN; READ COMMITTED takes one per statement.
func TestSnapshotAtFirstStatement(t *testing.T) {
	e := newEnv(t)
	e.seed("k", "0")
	rr, err := e.m.Begin(ctx, Options{Isolation: RepeatableRead})
	if err != nil {
		t.Fatal(err)
	}
	rc := e.begin(Options{})
	w := e.begin(Options{})
	put(t, w, "k", "1")
	commit(t, w)
	if err := rr.StartStatement(ctx); err != nil {
		t.Fatal(err)
	}
	if got := get(t, rr, "k"); got != "1" {
		t.Fatalf("repeatable read after BEGIN: %s", got)
	}
	if got := get(t, rc, "k"); got != "0" {
		t.Fatalf("read committed within a statement: %s", got)
	}
	w = e.begin(Options{})
	put(t, w, "k", "2")
	commit(t, w)
	for _, tx := range []*Txn{rr, rc} {
		if err := tx.StartStatement(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := get(t, rr, "k"); got != "1" {
		t.Fatalf("repeatable read, second statement: %s", got)
	}
	if got := get(t, rc, "k"); got != "2" {
		t.Fatalf("read committed, next statement: %s", got)
	}
}

// sumClass is "SELECT SUM(value) FROM mytab WHERE class = c".
func sumClass(t *testing.T, tx *Txn, class int) int {
	t.Helper()
	p := fmt.Sprintf("mytab/%d/", class)
	it, err := tx.Scan(ctx, []byte(p), []byte(p[:len(p)-1]+"0"), false)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for it.Next() {
		n, _ := strconv.Atoi(string(it.Value()))
		sum += n
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestSerializableWriteSkew is the example of the PostgreSQL docs, section
// 13.2.3.
func TestSerializableWriteSkew(t *testing.T) {
	e := newEnv(t)
	e.seed("mytab/1/a", "10", "mytab/1/b", "20", "mytab/2/a", "100", "mytab/2/b", "200")
	a := e.begin(Options{Isolation: Serializable})
	b := e.begin(Options{Isolation: Serializable})
	sa := sumClass(t, a, 1)
	put(t, a, "mytab/2/c", strconv.Itoa(sa))
	sb := sumClass(t, b, 2)
	put(t, b, "mytab/1/c", strconv.Itoa(sb))
	if sa != 30 || sb != 300 {
		t.Fatal(sa, sb)
	}
	commit(t, a)
	err := b.Commit(ctx)
	wantCode(t, err, kv.ErrSerializationFailure, pgerror.SerializationFailure, kv.MsgReadWriteDependencies)
	if h := pgerror.Flatten(err).Hint; h != "The transaction might succeed if retried." {
		t.Fatalf("hint %q", h)
	}
	// Retried, it sees the other transaction's row.
	b = e.begin(Options{Isolation: Serializable})
	if got := sumClass(t, b, 2); got != 330 {
		t.Fatalf("retry sees %d", got)
	}
	put(t, b, "mytab/1/c", "330")
	commit(t, b)
}

// TestSerializableReadOnly: a read-only serializable transaction is not
// aborted, even DEFERRABLE ones do not wait.
func TestSerializableReadOnly(t *testing.T) {
	e := newEnv(t)
	e.seed("mytab/1/a", "10", "mytab/2/a", "100")
	ro := e.begin(Options{Isolation: Serializable, ReadOnly: true, Deferrable: true})
	s1 := sumClass(t, ro, 1)
	w := e.begin(Options{Isolation: Serializable})
	_ = sumClass(t, w, 2)
	put(t, w, "mytab/1/b", "5")
	put(t, w, "mytab/2/b", "5")
	commit(t, w)
	if s1 != 10 || sumClass(t, ro, 1) != 10 {
		t.Fatal("read-only snapshot moved")
	}
	commit(t, ro)
}

func TestDeadlock(t *testing.T) {
	for _, n := range []int{2, 3} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			e := newEnv(t)
			txs := make([]*Txn, n)
			for i := range txs {
				txs[i] = e.begin(Options{DeadlockTimeout: 20 * time.Millisecond, Owner: int32(1000 + i)})
				if _, err := txs[i].LockRow(ctx, []byte(fmt.Sprintf("row/%d", i)), ForUpdate, kv.Wait, "t"); err != nil {
					t.Fatal(err)
				}
			}
			errs := make(chan error, n)
			for i := range txs {
				go func() {
					_, err := txs[i].LockRow(ctx, []byte(fmt.Sprintf("row/%d", (i+1)%n)), ForUpdate, kv.Wait, "t")
					if err != nil {
						_ = txs[i].Rollback(ctx)
					} else {
						err = txs[i].Commit(ctx)
					}
					errs <- err
				}()
			}
			victims := 0
			for range n {
				if err := recv(t, errs); err != nil {
					wantCode(t, err, kv.ErrDeadlock, pgerror.DeadlockDetected, "deadlock detected")
					victims++
				}
			}
			if victims != 1 {
				t.Fatalf("%d victims", victims)
			}
		})
	}
}

// TestDeadlockTableAndRow: a cycle through a table lock and a row lock is
// found too: one wait-for graph.
func TestDeadlockTableAndRow(t *testing.T) {
	e := newEnv(t)
	e.seed("row/1", "x")
	opts := Options{DeadlockTimeout: 20 * time.Millisecond}
	t1 := e.begin(opts)
	t2 := e.begin(opts)
	if err := t1.LockTable(ctx, 42, kv.LockAccessExclusive, kv.Wait, "t"); err != nil {
		t.Fatal(err)
	}
	if _, err := t2.LockRow(ctx, []byte("row/1"), ForUpdate, kv.Wait, "t"); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 2)
	go func() {
		_, err := t1.LockRow(ctx, []byte("row/1"), ForUpdate, kv.Wait, "t")
		if err != nil {
			_ = t1.Rollback(ctx)
		}
		errs <- err
	}()
	go func() {
		err := t2.LockTable(ctx, 42, kv.LockAccessShare, kv.Wait, "t")
		if err != nil {
			_ = t2.Rollback(ctx)
		}
		errs <- err
	}()
	e1, e2 := recv(t, errs), recv(t, errs)
	if (e1 == nil) == (e2 == nil) {
		t.Fatalf("want one victim: %v, %v", e1, e2)
	}
	if e1 == nil {
		e1 = e2
	}
	wantCode(t, e1, kv.ErrDeadlock, pgerror.DeadlockDetected, "deadlock detected")
}

func TestNoWaitAndLockTimeout(t *testing.T) {
	e := newEnv(t)
	e.seed("acct/1", "1")
	h := e.begin(Options{})
	if _, err := h.LockRow(ctx, []byte("acct/1"), ForUpdate, kv.Wait, "accounts"); err != nil {
		t.Fatal(err)
	}
	if err := h.LockTable(ctx, 7, kv.LockAccessExclusive, kv.Wait, "accounts"); err != nil {
		t.Fatal(err)
	}
	w := e.begin(Options{LockTimeout: 10 * time.Millisecond})
	_, err := w.LockRow(ctx, []byte("acct/1"), ForShare, kv.NoWait, "accounts")
	wantCode(t, err, kv.ErrLockNotAvailable, pgerror.LockNotAvailable, `could not obtain lock on row in relation "accounts"`)
	err = w.LockTable(ctx, 7, kv.LockAccessShare, kv.NoWait, "accounts")
	wantCode(t, err, kv.ErrLockNotAvailable, pgerror.LockNotAvailable, `could not obtain lock on relation "accounts"`)
	_, err = w.LockRow(ctx, []byte("acct/1"), ForKeyShare, kv.Wait, "accounts")
	wantCode(t, err, kv.ErrLockTimeout, pgerror.LockNotAvailable, "canceling statement due to lock timeout")
	err = w.LockTable(ctx, 7, kv.LockAccessShare, kv.Wait, "accounts")
	wantCode(t, err, kv.ErrLockTimeout, pgerror.LockNotAvailable, "canceling statement due to lock timeout")
	w.SetLockTimeout(0)
	e.drain()
	ch := asyncLock(w, "acct/1", ForKeyShare)
	e.waitFor([]byte("acct/1"))
	commit(t, h)
	if res := recv(t, ch); res.err != nil {
		t.Fatal(res.err)
	}
}

func TestSkipLocked(t *testing.T) {
	e := newEnv(t)
	e.seed("job/1", "a", "job/2", "b", "job/3", "c")
	// SELECT * FROM jobs ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED, by two
	// workers: they take different jobs.
	take := func(tx *Txn) string {
		it, err := tx.Scan(ctx, []byte("job/"), []byte("job0"), false)
		if err != nil {
			t.Fatal(err)
		}
		defer it.Close()
		for it.Next() {
			r, err := tx.LockRow(ctx, it.Key(), ForUpdate, kv.SkipLocked, "jobs")
			if err != nil {
				t.Fatal(err)
			}
			if !r.Skipped && r.Found {
				return string(it.Key())
			}
		}
		return ""
	}
	w1, w2, w3, w4 := e.begin(Options{}), e.begin(Options{}), e.begin(Options{}), e.begin(Options{})
	got := []string{take(w1), take(w2), take(w3), take(w4)}
	if strings.Join(got, ",") != "job/1,job/2,job/3," {
		t.Fatalf("workers took %v", got)
	}
}

// pgRowConflicts is the PostgreSQL docs' Table 13.3, "Conflicting Row-Level
// Locks", in the order FOR KEY SHARE, FOR SHARE, FOR NO KEY UPDATE, FOR
// UPDATE.
var pgRowConflicts = [4]string{"---X", "--XX", "-XXX", "XXXX"}

func TestRowLockConflicts(t *testing.T) {
	e := newEnv(t)
	e.seed("r", "v")
	strengths := []RowLockStrength{ForKeyShare, ForShare, ForNoKeyUpdate, ForUpdate}
	for i, held := range strengths {
		for j, req := range strengths {
			h := e.begin(Options{})
			if _, err := h.LockRow(ctx, []byte("r"), held, kv.Wait, "t"); err != nil {
				t.Fatal(err)
			}
			o := e.begin(Options{})
			_, err := o.LockRow(ctx, []byte("r"), req, kv.NoWait, "t")
			if conflict := pgRowConflicts[i][j] == 'X'; conflict != (err != nil) {
				t.Fatalf("%v held, %v requested: %v", held, req, err)
			}
			_ = o.Rollback(ctx)
			_ = h.Rollback(ctx)
		}
	}
	// An UPDATE that changes no key column (FOR NO KEY UPDATE, as the
	// executor locks it) does not block a foreign key check; a DELETE does.
	fk := e.begin(Options{})
	if _, err := fk.LockRow(ctx, []byte("r"), ForKeyShare, kv.Wait, "t"); err != nil {
		t.Fatal(err)
	}
	u := e.begin(Options{})
	if n, err := update(t, u, "r", 0, always); n != 0 || err != nil {
		// "v" is not a number: update parses 0 and writes "0".
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := u.LockRow(ctx, []byte("r"), ForUpdate, kv.NoWait, "t")
	wantCode(t, err, kv.ErrLockNotAvailable, pgerror.LockNotAvailable, "")
	commit(t, u)
	_ = fk.Rollback(ctx)
}

// pgTableConflicts is the PostgreSQL docs' Table 13.2, "Conflicting Lock
// Modes".
var pgTableConflicts = [8]string{"-------X", "------XX", "----XXXX", "---XXXXX", "--XX-XXX", "--XXXXXX", "-XXXXXXX", "XXXXXXXX"}

func TestTableLockConflicts(t *testing.T) {
	e := newEnv(t)
	for i := range 8 {
		for j := range 8 {
			held, req := kv.LockMode(i+1), kv.LockMode(j+1)
			h := e.begin(Options{})
			if err := h.LockTable(ctx, 1, held, kv.Wait, "t"); err != nil {
				t.Fatal(err)
			}
			o := e.begin(Options{})
			err := o.LockTable(ctx, 1, req, kv.NoWait, "t")
			if conflict := pgTableConflicts[i][j] == 'X'; conflict != (err != nil) {
				t.Fatalf("%v held, %v requested: %v", held, req, err)
			}
			_ = o.Rollback(ctx)
			_ = h.Rollback(ctx)
		}
	}
	// A waiting DDL lock is granted when the reader ends.
	r := e.begin(Options{})
	if err := r.LockTable(ctx, 2, kv.LockAccessShare, kv.Wait, "t"); err != nil {
		t.Fatal(err)
	}
	ddl := e.begin(Options{})
	done := make(chan error, 1)
	go func() { done <- ddl.LockTable(ctx, 2, kv.LockAccessExclusive, kv.Wait, "t") }()
	e.waitFor(TableLockKey(2))
	commit(t, r)
	if err := recv(t, done); err != nil {
		t.Fatal(err)
	}
	if !ddl.HoldsTableLock(2, kv.LockAccessExclusive) {
		t.Fatal("lock not recorded")
	}
	commit(t, ddl)
}

func TestSavepoints(t *testing.T) {
	e := newEnv(t)
	e.seed("r1", "0", "r2", "0")
	tx := e.begin(Options{})
	put(t, tx, "a", "1")
	if err := tx.Savepoint(ctx, "s"); err != nil {
		t.Fatal(err)
	}
	put(t, tx, "b", "1")
	if err := tx.Savepoint(ctx, "s"); err != nil { // a second "s"
		t.Fatal(err)
	}
	put(t, tx, "c", "1")
	if err := tx.RollbackToSavepoint(ctx, "s"); err != nil { // the newest "s"
		t.Fatal(err)
	}
	if get(t, tx, "b") != "1" || get(t, tx, "c") != "<nil>" {
		t.Fatal("rollback to the newest savepoint")
	}
	// ROLLBACK TO keeps the savepoint.
	put(t, tx, "c", "2")
	if err := tx.RollbackToSavepoint(ctx, "s"); err != nil {
		t.Fatal(err)
	}
	if get(t, tx, "c") != "<nil>" {
		t.Fatal("second rollback")
	}
	if err := tx.ReleaseSavepoint(ctx, "s"); err != nil {
		t.Fatal(err)
	}
	if err := tx.RollbackToSavepoint(ctx, "s"); err != nil { // the first "s"
		t.Fatal(err)
	}
	if get(t, tx, "a") != "1" || get(t, tx, "b") != "<nil>" {
		t.Fatal("rollback to the outer savepoint")
	}
	err := tx.RollbackToSavepoint(ctx, "nope")
	wantCode(t, err, ErrNoSavepoint, pgerror.InvalidSavepointSpecification, `savepoint "nope" does not exist`)
	err = tx.ReleaseSavepoint(ctx, "nope")
	wantCode(t, err, ErrNoSavepoint, pgerror.InvalidSavepointSpecification, `savepoint "nope" does not exist`)

	// Locks: FOR SHARE before the savepoint stays; the upgrade, the row
	// lock and the table lock taken after it go.
	if _, err := tx.LockRow(ctx, []byte("r2"), ForShare, kv.Wait, "t"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Savepoint(ctx, "locks"); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.LockRow(ctx, []byte("r1"), ForUpdate, kv.Wait, "t"); err != nil {
		t.Fatal(err)
	}
	if _, err := update(t, tx, "r2", 1, always); err != nil {
		t.Fatal(err)
	}
	if err := tx.LockTable(ctx, 9, kv.LockAccessExclusive, kv.Wait, "t"); err != nil {
		t.Fatal(err)
	}
	probe := func(f func(o *Txn) error) error {
		o := e.begin(Options{})
		defer o.Rollback(ctx)
		return f(o)
	}
	lockRow := func(k string, s RowLockStrength) func(o *Txn) error {
		return func(o *Txn) error { _, err := o.LockRow(ctx, []byte(k), s, kv.NoWait, "t"); return err }
	}
	if probe(lockRow("r1", ForKeyShare)) == nil || probe(lockRow("r2", ForShare)) == nil {
		t.Fatal("locks not held")
	}
	if err := tx.RollbackToSavepoint(ctx, "locks"); err != nil {
		t.Fatal(err)
	}
	if err := probe(lockRow("r1", ForUpdate)); err != nil {
		t.Fatalf("row lock survived the rollback: %v", err)
	}
	if err := probe(func(o *Txn) error { return o.LockTable(ctx, 9, kv.LockAccessExclusive, kv.NoWait, "t") }); err != nil {
		t.Fatalf("table lock survived the rollback: %v", err)
	}
	if tx.HoldsTableLock(9, kv.LockAccessExclusive) {
		t.Fatal("table lock cache not rolled back")
	}
	if err := probe(lockRow("r2", ForShare)); err != nil {
		t.Fatalf("FOR SHARE against the surviving FOR SHARE: %v", err)
	}
	if err := probe(lockRow("r2", ForNoKeyUpdate)); err == nil {
		t.Fatal("the FOR SHARE lock taken before the savepoint was lost")
	}

	// After an error inside the savepoint, ROLLBACK TO recovers.
	h := e.begin(Options{})
	if _, err := h.LockRow(ctx, []byte("r1"), ForUpdate, kv.Wait, "t"); err != nil {
		t.Fatal(err)
	}
	put(t, tx, "d", "1")
	if _, err := tx.LockRow(ctx, []byte("r1"), ForUpdate, kv.NoWait, "t"); err == nil {
		t.Fatal("want an error")
	}
	if err := tx.RollbackToSavepoint(ctx, "locks"); err != nil {
		t.Fatal(err)
	}
	put(t, tx, "e", "1")
	commit(t, tx)
	_ = h.Rollback(ctx)
	check := e.begin(Options{})
	for k, want := range map[string]string{"a": "1", "b": "<nil>", "d": "<nil>", "e": "1", "r2": "0"} {
		if got := get(t, check, k); got != want {
			t.Fatalf("%s = %s, want %s", k, got, want)
		}
	}
}

func TestReadOnly(t *testing.T) {
	e := newEnv(t)
	e.seed("r", "1")
	ro := e.begin(Options{ReadOnly: true})
	wantCode(t, ro.CheckWritable("INSERT"), kv.ErrReadOnly, pgerror.ReadOnlySQLTransaction, "cannot execute INSERT in a read-only transaction")
	wantCode(t, ro.Put(ctx, []byte("r"), nil), kv.ErrReadOnly, pgerror.ReadOnlySQLTransaction, "")
	_, err := ro.LockRow(ctx, []byte("r"), ForKeyShare, kv.Wait, "t")
	wantCode(t, err, kv.ErrReadOnly, pgerror.ReadOnlySQLTransaction, "cannot execute SELECT FOR KEY SHARE in a read-only transaction")
	// PostgreSQL allows LOCK TABLE in any mode in a read-only transaction.
	if err := ro.LockTable(ctx, 3, kv.LockAccessExclusive, kv.Wait, "t"); err != nil {
		t.Fatal(err)
	}
	commit(t, ro)
}

// TestUniqueCheck: INSERT's unique check waits for a concurrent inserter
// of the same key and sees its outcome.
func TestUniqueCheck(t *testing.T) {
	for _, outcome := range []string{"commit", "abort"} {
		e := newEnv(t)
		insert := func(tx *Txn) (bool, error) {
			r, err := tx.LockRow(ctx, []byte("pk/1"), ForUpdate, kv.Wait, "t")
			if err != nil || r.Found {
				return false, err
			}
			return true, tx.Put(ctx, []byte("pk/1"), []byte("row"))
		}
		t1, t2 := e.begin(Options{}), e.begin(Options{})
		if ok, err := insert(t1); !ok || err != nil {
			t.Fatal(ok, err)
		}
		type res struct {
			ok  bool
			err error
		}
		ch := make(chan res, 1)
		go func() { ok, err := insert(t2); ch <- res{ok, err} }()
		e.waitFor([]byte("pk/1"))
		if outcome == "commit" {
			commit(t, t1)
		} else {
			_ = t1.Rollback(ctx)
		}
		r := recv(t, ch)
		if r.err != nil || r.ok != (outcome == "abort") {
			t.Fatalf("after %s: inserted=%v %v", outcome, r.ok, r.err)
		}
		_ = t2.Rollback(ctx)
	}
}

func TestAutonomous(t *testing.T) {
	e := newEnv(t)
	nextval := func() int {
		var v int
		err := e.m.Autonomous(ctx, func(k kv.Txn) error {
			r, err := k.Lock(ctx, []byte("seq"), kv.LockOptions{Mode: kv.LockExclusive})
			if err != nil {
				return err
			}
			v, _ = strconv.Atoi(string(r.Value))
			v++
			return k.Put(ctx, []byte("seq"), []byte(strconv.Itoa(v)))
		})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tx := e.begin(Options{})
	if nextval() != 1 || nextval() != 2 {
		t.Fatal("nextval")
	}
	_ = tx.Rollback(ctx)
	if nextval() != 3 {
		t.Fatal("nextval rolled back")
	}
}
