package kvtest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tuskdb/tusk/internal/kv"
)

// The bank: accounts hold "balance:version"; every transfer moves money
// between two accounts, bumps both versions, and records itself (with the
// versions it saw) in a history key, all in one transaction, at a random
// isolation level, in a random lock order (so deadlocks happen and are
// retried). Auditors check in their snapshots that the total is constant and
// that the balances follow from the history; at the end the history must
// hold exactly the acknowledged transfers, and each account's versions
// 0..n-1 must each have been seen by exactly one transfer, which is what
// rules out lost updates.
const (
	bankAccounts = 10
	bankInitial  = 1000
)

func acctKey(i int) string { return fmt.Sprintf("acct/%02d", i) }

type account struct{ balance, version int }

func parseAccount(v []byte) (account, error) {
	b, ver, ok := strings.Cut(string(v), ":")
	if !ok {
		return account{}, fmt.Errorf("bad account %q", v)
	}
	bal, err1 := strconv.Atoi(b)
	n, err2 := strconv.Atoi(ver)
	if err1 != nil || err2 != nil {
		return account{}, fmt.Errorf("bad account %q", v)
	}
	return account{bal, n}, nil
}

func (a account) String() string { return fmt.Sprintf("%d:%d", a.balance, a.version) }

type transfer struct {
	from, to, amount     int
	fromVer, toVer       int
	worker, seq          int
	histKey, histPayload string
}

func retryable(err error) bool {
	return errors.Is(err, kv.ErrSerializationFailure) || errors.Is(err, kv.ErrDeadlock)
}

// doTransfer runs one attempt.
func doTransfer(ctx context.Context, db kv.DB, iso kv.Isolation, tr *transfer, lockFirst int) error {
	tx, err := db.Begin(ctx, kv.TxnOptions{Isolation: iso, DeadlockTimeout: 10 * time.Millisecond})
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	read := func(i int) (account, error) {
		var v []byte
		if iso == kv.ReadCommitted {
			r, err := tx.Lock(ctx, []byte(acctKey(i)), kv.LockOptions{Mode: kv.LockExclusive})
			if err != nil {
				return account{}, err
			}
			v = r.Value
		} else {
			var ok bool
			v, ok, err = tx.Get(ctx, []byte(acctKey(i)))
			if err != nil {
				return account{}, err
			}
			if !ok {
				return account{}, fmt.Errorf("account %d missing", i)
			}
		}
		return parseAccount(v)
	}
	order := []int{tr.from, tr.to}
	if lockFirst == 1 {
		order[0], order[1] = order[1], order[0]
	}
	accts := map[int]account{}
	for _, i := range order {
		a, err := read(i)
		if err != nil {
			return err
		}
		accts[i] = a
	}
	f, to := accts[tr.from], accts[tr.to]
	tr.fromVer, tr.toVer = f.version, to.version
	f.balance -= tr.amount
	f.version++
	to.balance += tr.amount
	to.version++
	for _, i := range order {
		a := f
		if i == tr.to {
			a = to
		}
		if err := tx.Put(ctx, []byte(acctKey(i)), []byte(a.String())); err != nil {
			return err
		}
	}
	tr.histKey = fmt.Sprintf("hist/%02d/%05d", tr.worker, tr.seq)
	tr.histPayload = fmt.Sprintf("%d:%d:%d:%d:%d", tr.from, tr.to, tr.amount, tr.fromVer, tr.toVer)
	if err := tx.Put(ctx, []byte(tr.histKey), []byte(tr.histPayload)); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func parseHist(v []byte) (transfer, error) {
	var tr transfer
	_, err := fmt.Sscanf(string(v), "%d:%d:%d:%d:%d", &tr.from, &tr.to, &tr.amount, &tr.fromVer, &tr.toVer)
	return tr, err
}

// audit checks one snapshot: constant total, and balances that follow
// from the history visible in the same snapshot.
func audit(ctx context.Context, db kv.DB) error {
	tx, err := db.Begin(ctx, kv.TxnOptions{Isolation: kv.RepeatableRead, ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	bal := make([]int, bankAccounts)
	for i := range bal {
		bal[i] = bankInitial
	}
	it, err := tx.Scan(ctx, []byte("hist/"), []byte("hist0"), false)
	if err != nil {
		return err
	}
	for it.Next() {
		tr, err := parseHist(it.Value())
		if err != nil {
			it.Close()
			return err
		}
		bal[tr.from] -= tr.amount
		bal[tr.to] += tr.amount
	}
	if err := it.Close(); err != nil {
		return err
	}
	it, err = tx.Scan(ctx, []byte("acct/"), []byte("acct0"), true)
	if err != nil {
		return err
	}
	total, n := 0, 0
	for it.Next() {
		a, err := parseAccount(it.Value())
		if err != nil {
			it.Close()
			return err
		}
		i, _ := strconv.Atoi(strings.TrimPrefix(string(it.Key()), "acct/"))
		if a.balance != bal[i] {
			it.Close()
			return fmt.Errorf("snapshot: account %d has %d, history says %d", i, a.balance, bal[i])
		}
		total += a.balance
		n++
	}
	if err := it.Close(); err != nil {
		return err
	}
	if n != bankAccounts || total != bankAccounts*bankInitial {
		return fmt.Errorf("snapshot: %d accounts, total %d", n, total)
	}
	return tx.Commit(ctx)
}

func testBank(t *testing.T, db kv.DB) {
	ctx := context.Background()
	tx := begin(t, db, rc())
	for i := range bankAccounts {
		put(t, tx, acctKey(i), account{bankInitial, 0}.String())
	}
	commit(t, tx)

	const workers, each = 6, 50
	var (
		mu    sync.Mutex
		acked []transfer
	)
	errs := make(chan error, workers+2)
	stop := make(chan struct{})
	var auditors sync.WaitGroup
	for range 2 {
		auditors.Add(1)
		go func() {
			defer auditors.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := audit(ctx, db); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for s := range each {
				from := rng.IntN(bankAccounts)
				to := (from + 1 + rng.IntN(bankAccounts-1)) % bankAccounts
				tr := transfer{from: from, to: to, amount: 1 + rng.IntN(50), worker: w, seq: s}
				iso := kv.Isolation(rng.IntN(3))
				for attempt := 0; ; attempt++ {
					err := doTransfer(ctx, db, iso, &tr, rng.IntN(2))
					if err == nil {
						break
					}
					if !retryable(err) || attempt > 1000 {
						errs <- fmt.Errorf("worker %d transfer %d: %w", w, s, err)
						return
					}
				}
				mu.Lock()
				acked = append(acked, tr)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(stop)
	auditors.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if err := audit(ctx, db); err != nil {
		t.Fatal(err)
	}

	// The history holds exactly the acknowledged transfers.
	tx = begin(t, db, rc())
	defer rollback(t, tx)
	want := map[string]string{}
	for _, tr := range acked {
		want[tr.histKey] = tr.histPayload
	}
	it, err := tx.Scan(ctx, []byte("hist/"), []byte("hist0"), false)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int][]int{}
	n := 0
	for it.Next() {
		k, v := string(it.Key()), string(it.Value())
		if want[k] != v {
			t.Fatalf("history %s = %q, acknowledged %q", k, v, want[k])
		}
		tr, err := parseHist(it.Value())
		if err != nil {
			t.Fatal(err)
		}
		seen[tr.from] = append(seen[tr.from], tr.fromVer)
		seen[tr.to] = append(seen[tr.to], tr.toVer)
		n++
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	if n != len(acked) || n != workers*each {
		t.Fatalf("history has %d transfers, %d acknowledged", n, len(acked))
	}
	// Per-key history: account i's versions 0..k-1 were each read by one
	// transfer, and its version is now k.
	for i := range bankAccounts {
		vers := seen[i]
		sort.Ints(vers)
		for j, v := range vers {
			if v != j {
				t.Fatalf("account %d: versions seen by transfers %v: lost or duplicated update", i, vers)
			}
		}
		v, _, _ := tx.Get(ctx, []byte(acctKey(i)))
		a, err := parseAccount(v)
		if err != nil || a.version != len(vers) {
			t.Fatalf("account %d at version %d after %d transfers (%v)", i, a.version, len(vers), err)
		}
	}
}
