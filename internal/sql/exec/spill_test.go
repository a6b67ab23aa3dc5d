package exec

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// memEnv is an environment with a small work_mem; the methods of
// builtins.Env other than Context are not used by these operators.
type memEnv struct {
	builtins.Env
	workMem int64
	dir     string
}

func (e memEnv) Context() context.Context   { return context.Background() }
func (e memEnv) WorkMem() int64             { return e.workMem }
func (e memEnv) HashMemMultiplier() float64 { return 2 }
func (e memEnv) TempDir() string            { return e.dir }
func (e memEnv) TypeCtx() *types.Ctx        { return nil }

// tempFiles counts the files in dir (the spill files are unlinked at
// creation, so a leftover one would be a leak).
func tempFiles(t *testing.T, dir string) int {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// TestSortSpills sorts 50,000 rows with 64 kB of work_mem: the sort writes
// runs (more than maxSortRuns, so runs are merged on the way) and the
// merged output is the input sorted stably.
func TestSortSpills(t *testing.T) {
	dir := t.TempDir()
	s := &State{Env: memEnv{workMem: 64 << 10, dir: dir}}
	const n = 50000
	rng := rand.New(rand.NewPCG(1, 2))
	rows := make([]types.Row, n)
	for i := range rows {
		rows[i] = types.Row{types.NewInt(int64(rng.IntN(500))), types.NewString(fmt.Sprintf("r%06d", i))}
	}
	keys := []plan.SortKey{{Index: 0, T: types.Int8, Desc: true}}
	op := &sortOp{in: &rowsOp{rows: rows}, keys: keys, cols: []*types.T{types.Int8, types.Text}}
	defer op.Close()
	var prev types.Row
	got := 0
	for {
		r, err := op.Next(s)
		if err != nil {
			t.Fatal(err)
		}
		if r == nil {
			break
		}
		if prev != nil {
			a, b := prev[0].Int(), r[0].Int()
			if a < b || a == b && prev[1].Str() >= r[1].Str() {
				t.Fatalf("row %d out of order: %v after %v", got, r, prev)
			}
		}
		if got == 0 && op.merge == nil {
			t.Fatal("the sort did not spill")
		}
		prev = r
		got++
	}
	if got != n {
		t.Fatalf("%d rows out, %d in", got, n)
	}
	if len(op.runs) != 1 && len(op.runs) >= maxSortRuns {
		t.Fatalf("%d runs open", len(op.runs))
	}
	if k := tempFiles(t, dir); k != 0 {
		t.Fatalf("%d temporary files left in the directory", k)
	}
}

type countState struct{ n, sum int64 }

func (c *countState) Add(_ builtins.Env, args []types.Datum) error {
	c.n++
	c.sum += args[0].Int()
	return nil
}
func (c *countState) Result(builtins.Env) (types.Datum, error) {
	return types.NewInt(c.n*1_000_000 + c.sum), nil
}

// TestHashAggSpills groups 40,000 rows into 20,000 groups with 64 kB of
// work_mem: the aggregation sends rows of groups without room to partition
// files and still returns every group once, with all its rows counted.
func TestHashAggSpills(t *testing.T) {
	dir := t.TempDir()
	s := &State{Env: memEnv{workMem: 64 << 10, dir: dir}}
	const groups, n = 20000, 40000
	rows := make([]types.Row, n)
	for i := range rows {
		rows[i] = types.Row{types.NewInt(int64(i % groups)), types.NewInt(int64(i))}
	}
	rand.New(rand.NewPCG(3, 4)).Shuffle(n, func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	col := func(i int) evalFn {
		return func(_ *State, r types.Row) (types.Datum, error) { return r[i], nil }
	}
	def := &builtins.AggDef{New: func(*builtins.Sig) builtins.AggState { return &countState{} }}
	op := &aggOp{
		in:       &rowsOp{rows: rows},
		specs:    []aggSpec{{def: def, args: []evalFn{col(1)}}},
		keys:     []evalFn{col(0)},
		keyTypes: []*types.T{types.Int8},
		inTypes:  []*types.T{types.Int8, types.Int8},
	}
	defer op.Close()
	seen := map[int64]bool{}
	spilled := false
	for {
		r, err := op.Next(s)
		if err != nil {
			t.Fatal(err)
		}
		if r == nil {
			break
		}
		if len(op.parts) > 0 {
			spilled = true
		}
		k := r[0].Int()
		if seen[k] {
			t.Fatalf("group %d returned twice", k)
		}
		seen[k] = true
		// Group k holds rows k and k+groups.
		if want := int64(2*1_000_000 + 2*k + groups); r[1].Int() != want {
			t.Fatalf("group %d = %d, want %d", k, r[1].Int(), want)
		}
	}
	if len(seen) != groups {
		t.Fatalf("%d groups, want %d", len(seen), groups)
	}
	if !spilled {
		t.Fatal("the aggregation did not spill")
	}
	if k := tempFiles(t, dir); k != 0 {
		t.Fatalf("%d temporary files left in the directory", k)
	}
}

// TestHashJoinSpills joins 20,000 probe rows (a tenth with NULL keys) to
// 30,000 build rows with 64 kB of work_mem, for every join type, and
// compares the result with the same join given unlimited memory.
func TestHashJoinSpills(t *testing.T) {
	dir := t.TempDir()
	build := make([]types.Row, 30000)
	for i := range build {
		k := types.NewInt(int64(i))
		if i%7 == 0 {
			k = types.Null
		}
		build[i] = types.Row{k, types.NewString(fmt.Sprintf("b%05d", i))}
	}
	probe := make([]types.Row, 20000)
	for i := range probe {
		k := types.NewInt(int64(i * 2))
		if i%10 == 0 {
			k = types.Null
		}
		probe[i] = types.Row{types.NewInt(int64(i)), k}
	}
	col := func(i int) evalFn {
		return func(_ *State, r types.Row) (types.Datum, error) { return r[i], nil }
	}
	run := func(jt analyze.JoinType, env memEnv) (map[string]int, bool) {
		s := &State{Env: env}
		o := &hashJoinOp{lk: []evalFn{col(1)}, rk: []evalFn{col(0)}, kt: []*types.T{types.Int8},
			lt: []*types.T{types.Int8, types.Int8}, rt: []*types.T{types.Int8, types.Text},
			joinRows: joinRows{jt: jt, lw: 2, rw: 2, out: make(types.Row, 4)}}
		defer o.Close()
		src := &rowsOp{rows: build}
		if err := o.build(s, func() (types.Row, error) { return src.Next(s) }, 0); err != nil {
			t.Fatal(err)
		}
		spilled := o.split != nil
		p := &rowsOp{rows: probe}
		o.probe = func() (types.Row, error) { return p.Next(s) }
		got := map[string]int{}
		for {
			r, err := o.Next(s)
			if err != nil {
				t.Fatal(err)
			}
			if r == nil {
				break
			}
			got[fmt.Sprint(r)]++
		}
		return got, spilled
	}
	for _, jt := range []analyze.JoinType{analyze.JoinInner, analyze.JoinLeft, analyze.JoinRight, analyze.JoinFull} {
		want, _ := run(jt, memEnv{dir: dir})
		got, spilled := run(jt, memEnv{workMem: 64 << 10, dir: dir})
		if !spilled {
			t.Fatalf("join type %v did not spill", jt)
		}
		if len(got) != len(want) {
			t.Fatalf("join type %v: %d distinct rows, want %d", jt, len(got), len(want))
		}
		for k, n := range want {
			if got[k] != n {
				t.Fatalf("join type %v: row %s %d times, want %d", jt, k, got[k], n)
			}
		}
	}
	if k := tempFiles(t, dir); k != 0 {
		t.Fatalf("%d temporary files left in the directory", k)
	}
}
