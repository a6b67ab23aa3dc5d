package kvtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/tuskdb/tusk/internal/kv"
)

// scanAll returns "k=v k=v ..." for the range.
func scanAll(t testing.TB, tx kv.Txn, start, end []byte, reverse bool) string {
	t.Helper()
	it, err := tx.Scan(context.Background(), start, end, reverse)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	var parts []string
	for it.Next() {
		parts = append(parts, string(it.Key())+"="+string(it.Value()))
	}
	if err := it.Close(); err != nil {
		t.Fatalf("scan: %v", err)
	}
	return strings.Join(parts, " ")
}

// scanKeys returns the keys of the range.
func scanKeys(t testing.TB, tx kv.Txn, start, end []byte, reverse bool) [][]byte {
	t.Helper()
	it, err := tx.Scan(context.Background(), start, end, reverse)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	var out [][]byte
	for it.Next() {
		out = append(out, bytes.Clone(it.Key()))
	}
	if err := it.Close(); err != nil {
		t.Fatalf("scan: %v", err)
	}
	return out
}

// boundaryKeys are keys around the edges of byte ordering: prefixes of one
// another, 0x00 and 0xff bytes, the empty key.
var boundaryKeys = []string{
	"", "\x00", "\x00\x00", "\x01", "a", "a\x00", "a\x00\x00", "a\x00\x01", "a\x01",
	"a\x09", "a\xfe", "a\xff", "a\xff\x00", "a\xff\xff", "ab", "b", "b\x00", "\xfe\xff", "\xff", "\xff\x00", "\xff\xff", "\xff\xff\xff",
}

func testIterationOrder(t *testing.T, db kv.DB) {
	// Commit all boundary keys, then delete some and overwrite others in a
	// second transaction, and write more in an open third one whose view
	// merges its own writes.
	tx := begin(t, db, rc())
	for _, k := range boundaryKeys {
		put(t, tx, k, "v1")
	}
	commit(t, tx)
	model := map[string]string{}
	for _, k := range boundaryKeys {
		model[k] = "v1"
	}
	tx = begin(t, db, rc())
	for i, k := range boundaryKeys {
		switch i % 3 {
		case 1:
			del(t, tx, k)
			delete(model, k)
		case 2:
			put(t, tx, k, "v2")
			model[k] = "v2"
		}
	}
	commit(t, tx)
	tx = begin(t, db, rc())
	defer rollback(t, tx)
	for i, k := range boundaryKeys {
		switch i % 4 {
		case 0:
			put(t, tx, k, "own")
			model[k] = "own"
		case 3:
			del(t, tx, k)
			delete(model, k)
		}
	}
	put(t, tx, "a\x00\x02", "own")
	model["a\x00\x02"] = "own"

	var sorted []string
	for k := range model {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	expect := func(start, end []byte, reverse bool) string {
		var parts []string
		for _, k := range sorted {
			if start != nil && k < string(start) {
				continue
			}
			if end != nil && k >= string(end) {
				continue
			}
			parts = append(parts, k+"="+model[k])
		}
		if reverse {
			slices.Reverse(parts)
		}
		return strings.Join(parts, " ")
	}
	bounds := [][]byte{nil}
	for _, k := range boundaryKeys {
		bounds = append(bounds, []byte(k))
	}
	bounds = append(bounds, []byte("a\x00\x02"), []byte("zzz"))
	for _, start := range bounds {
		for _, end := range bounds {
			for _, reverse := range []bool{false, true} {
				got := scanAll(t, tx, start, end, reverse)
				if want := expect(start, end, reverse); got != want {
					t.Fatalf("scan [%q, %q) reverse=%v:\n got %q\nwant %q", start, end, reverse, got, want)
				}
			}
		}
	}
	// A prefix scan: [p, prefixEnd(p)).
	got := scanAll(t, tx, []byte("a"), []byte("b"), false)
	if want := expect([]byte("a"), []byte("b"), false); got != want {
		t.Fatalf("prefix scan: %q, want %q", got, want)
	}
	got = scanAll(t, tx, []byte("\xff"), nil, true)
	if want := expect([]byte("\xff"), nil, true); got != want {
		t.Fatalf("0xff prefix reverse: %q, want %q", got, want)
	}
}

// testIterationVersions runs scans over keys with many versions, checking
// each direction picks the newest visible version.
func testIterationVersions(t *testing.T, db kv.DB) {
	rng := rand.New(rand.NewPCG(1, 2))
	model := map[string]string{}
	for round := range 20 {
		tx := begin(t, db, rc())
		for range 30 {
			k := key(rng.IntN(40))
			if rng.IntN(4) == 0 {
				del(t, tx, k)
				delete(model, k)
			} else {
				v := fmt.Sprintf("r%d-%d", round, rng.IntN(1000))
				put(t, tx, k, v)
				model[k] = v
			}
		}
		commit(t, tx)
	}
	// An older snapshot held across more versions must keep its view.
	old := begin(t, db, rr())
	oldModel := maps(model)
	tx := begin(t, db, rc())
	for i := range 40 {
		if i%2 == 0 {
			put(t, tx, key(i), "late")
		} else {
			del(t, tx, key(i))
		}
	}
	commit(t, tx)
	check := func(tx kv.Txn, m map[string]string) {
		t.Helper()
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		var parts []string
		for _, k := range ks {
			parts = append(parts, k+"="+m[k])
		}
		want := strings.Join(parts, " ")
		if got := scanAll(t, tx, nil, nil, false); got != want {
			t.Fatalf("forward:\n got %q\nwant %q", got, want)
		}
		slices.Reverse(parts)
		if got := scanAll(t, tx, nil, nil, true); got != strings.Join(parts, " ") {
			t.Fatalf("reverse:\n got %q\nwant %q", got, strings.Join(parts, " "))
		}
	}
	check(old, oldModel)
	rollback(t, old)
	now := map[string]string{}
	for i := range 40 {
		if i%2 == 0 {
			now[key(i)] = "late"
		}
	}
	tx = begin(t, db, rc())
	defer rollback(t, tx)
	check(tx, now)
}

func maps(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func testIteratorIgnoresLaterWrites(t *testing.T, db kv.DB) {
	seed(t, db, "a", "1", "c", "1")
	tx := begin(t, db, rc())
	defer rollback(t, tx)
	it, err := tx.Scan(context.Background(), nil, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for it.Next() {
		got = append(got, string(it.Key()))
		// Writes made while the iterator is open, including ahead of it,
		// are not seen by it (a statement does not see its own effects).
		put(t, tx, string(it.Key())+"x", "new")
		put(t, tx, "b", "new")
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "a,c" {
		t.Fatalf("iterator saw %v", got)
	}
	if s := scanAll(t, tx, nil, nil, false); s != "a=1 ax=new b=new c=1 cx=new" {
		t.Fatalf("after: %q", s)
	}
}

func testLongScan(t *testing.T, db kv.DB) {
	const n = 50000
	tx := begin(t, db, rc())
	for i := range n {
		put(t, tx, key(i), "v")
	}
	commit(t, tx)
	tx = begin(t, db, rc())
	defer rollback(t, tx)
	for _, reverse := range []bool{false, true} {
		it, err := tx.Scan(context.Background(), nil, nil, reverse)
		if err != nil {
			t.Fatal(err)
		}
		i := 0
		for it.Next() {
			want := i
			if reverse {
				want = n - 1 - i
			}
			if string(it.Key()) != key(want) {
				t.Fatalf("item %d: %q", i, it.Key())
			}
			i++
		}
		if err := it.Close(); err != nil || i != n {
			t.Fatalf("scanned %d, err %v", i, err)
		}
	}
	// Bounded scans in the middle.
	ks := scanKeys(t, tx, []byte(key(1000)), []byte(key(1010)), true)
	if len(ks) != 10 || string(ks[0]) != key(1009) {
		t.Fatalf("bounded reverse: %q", ks)
	}
}

func testScanCancel(t *testing.T, db kv.DB) {
	tx := begin(t, db, rc())
	for i := range 5000 {
		put(t, tx, key(i), "v")
	}
	commit(t, tx)
	tx = begin(t, db, rc())
	defer rollback(t, tx)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	it, err := tx.Scan(ctx, nil, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for it.Next() {
		n++
		if n == 10 {
			cancel()
		}
	}
	if !errors.Is(it.Err(), context.Canceled) || n >= 5000 {
		t.Fatalf("after cancel: %d keys, err %v", n, it.Err())
	}
	it.Close()
}
