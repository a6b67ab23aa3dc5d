package exec

import (
	"hash/maphash"

	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// equiJoin is the compiled parts a hash join and a merge join share: the
// inputs, the key expressions of each side and the extra condition.
type equiJoin struct {
	left, right build
	lk, rk      []evalFn
	cond        evalFn // nil: none
}

func (c *compiler) equiJoin(left, right plan.Node, leftKeys, rightKeys []analyze.Expr, cond analyze.Expr) (j equiJoin, err error) {
	if j.left, err = c.node(left); err != nil {
		return j, err
	}
	if j.right, err = c.node(right); err != nil {
		return j, err
	}
	if j.lk, err = compileList(leftKeys); err != nil {
		return j, err
	}
	if j.rk, err = compileList(rightKeys); err != nil {
		return j, err
	}
	if cond != nil {
		j.cond, err = compileExpr(cond)
	}
	return j, err
}

func (c *compiler) hashJoin(n *plan.HashJoin) (build, error) {
	j, err := c.equiJoin(n.Left, n.Right, n.LeftKeys, n.RightKeys, n.Cond)
	if err != nil {
		return nil, err
	}
	left, right, lk, rk, cond := j.left, j.right, j.lk, j.rk, j.cond
	kt := n.KeyTypes
	lt, rt := columnTypes(n.Left.Columns()), columnTypes(n.Right.Columns())
	jt := n.Type
	return func(s *State) (operator, error) {
		r, err := right(s)
		if err != nil {
			return nil, err
		}
		o := &hashJoinOp{lk: lk, rk: rk, kt: kt, lt: lt, rt: rt,
			joinRows: joinRows{cond: cond, jt: jt, lw: len(lt), rw: len(rt), out: make(types.Row, len(lt)+len(rt))}}
		err = o.build(s, func() (types.Row, error) { return r.Next(s) }, 0)
		r.Close()
		if err != nil {
			o.Close()
			return nil, err
		}
		l, err := left(s)
		if err != nil {
			o.Close()
			return nil, err
		}
		o.left = l
		o.probe = func() (types.Row, error) { return l.Next(s) }
		return o, nil
	}, nil
}

// hashKey builds the hash key of a row's join keys; null reports a NULL
// key, which never matches.
func hashKey(s *State, keys []evalFn, kt []*types.T, row types.Row, buf []byte) ([]byte, bool, error) {
	for i, k := range keys {
		v, err := k(s, row)
		if err != nil {
			return nil, false, err
		}
		if v.IsNull() {
			return buf, true, nil
		}
		if v.Kind() == types.KInt && kt[i].Family == types.FamFloat {
			v = types.NewFloat(float64(v.Int()))
		}
		buf = types.AppendHashKey(buf, kt[i], v)
	}
	return buf, false, nil
}

// hashJoinOp joins its left (probe) input to a hash table of its right
// (build) input. When the build side outgrows work_mem *
// hash_mem_multiplier, both sides are split into partition files by a
// seeded hash of the join key and joined one partition pair at a time (a
// Grace hash join, as PostgreSQL's batches; README.md). A partition whose
// build side still does not fit is split again with another seed.
type hashJoinOp struct {
	// joinRows.right holds the current build rows.
	joinRows
	left   operator // the probe input, until it is read
	lk, rk []evalFn
	kt     []*types.T
	lt, rt []*types.T

	// The current partition pair (or the inputs themselves).
	probe func() (types.Row, error)
	table map[string][]int
	depth int
	files []*spillFile // the current pair's files, closed when done

	// split holds the build side's partitions when the current build
	// spilled; the probe side is split likewise before joining.
	split []*spillFile
	jobs  []hashJoinJob
	seeds []maphash.Seed

	leftDone bool
	key      []byte
}

type hashJoinJob struct {
	build, probe *spillFile
	depth        int
}

const hashJoinFanout = 32

func (o *hashJoinOp) partition(depth int, key []byte, null bool) int {
	if null {
		return 0
	}
	for len(o.seeds) <= depth {
		o.seeds = append(o.seeds, maphash.MakeSeed())
	}
	return int(maphash.Bytes(o.seeds[depth], key) % hashJoinFanout)
}

// build loads the build rows that next returns into the hash table. When
// they exceed the memory budget it moves them, and the rest, to partition
// files in o.split instead.
func (o *hashJoinOp) build(s *State, next func() (types.Row, error), depth int) error {
	o.right, o.table, o.rightMatched, o.depth = nil, map[string][]int{}, nil, depth
	limit := memLimit(s, true)
	if depth >= spillMaxDepth {
		limit = 0
	}
	var mem int64
	var key []byte
	for {
		row, err := next()
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		if o.split != nil {
			if key, err = o.spillBuild(s, row, key); err != nil {
				return err
			}
			continue
		}
		var null bool
		key, null, err = hashKey(s, o.rk, o.kt, row, key[:0])
		if err != nil {
			return err
		}
		idx := len(o.right)
		row = append(types.Row(nil), row...)
		o.right = append(o.right, row)
		if !null {
			o.table[string(key)] = append(o.table[string(key)], idx)
		}
		if err := s.checkCancel(); err != nil {
			return err
		}
		if limit == 0 {
			continue
		}
		mem += int64(types.RowMemSize(row) + 2*len(key) + 16)
		if mem > limit {
			if !spillable(o.rt, row) {
				limit = 0
				continue
			}
			if err := o.startSplit(s); err != nil {
				return err
			}
		}
	}
	if o.split == nil {
		o.trackRight()
	}
	return nil
}

// startSplit creates the build side's partitions and moves the rows read
// so far into them.
func (o *hashJoinOp) startSplit(s *State) error {
	o.split = make([]*spillFile, hashJoinFanout)
	for i := range o.split {
		f, err := newSpillFile(tempDir(s), o.rt)
		if err != nil {
			return err
		}
		o.split[i] = f
	}
	var key []byte
	var err error
	for _, row := range o.right {
		if key, err = o.spillBuild(s, row, key); err != nil {
			return err
		}
	}
	o.right, o.table = nil, nil
	return nil
}

func (o *hashJoinOp) spillBuild(s *State, row types.Row, key []byte) ([]byte, error) {
	key, null, err := hashKey(s, o.rk, o.kt, row, key[:0])
	if err != nil {
		return key, err
	}
	if null && o.jt != analyze.JoinRight && o.jt != analyze.JoinFull {
		// Matches nothing and is not returned on its own.
		return key, nil
	}
	return key, o.split[o.partition(o.depth, key, null)].write(row)
}

// splitProbe reads the current probe side into partition files that
// match o.split and queues the partition pairs.
func (o *hashJoinOp) splitProbe(s *State) error {
	probes := make([]*spillFile, hashJoinFanout)
	for i := range probes {
		f, err := newSpillFile(tempDir(s), o.lt)
		if err != nil {
			for _, g := range probes[:i] {
				g.close()
			}
			return err
		}
		probes[i] = f
	}
	var key []byte
	for {
		row, err := o.probe()
		if err != nil {
			for _, g := range probes {
				g.close()
			}
			return err
		}
		if row == nil {
			break
		}
		var null bool
		key, null, err = hashKey(s, o.lk, o.kt, row, key[:0])
		if err == nil {
			err = probes[o.partition(o.depth, key, null)].write(row)
		}
		if err == nil {
			err = s.checkCancel()
		}
		if err != nil {
			for _, g := range probes {
				g.close()
			}
			return err
		}
	}
	keepLeft := o.jt == analyze.JoinLeft || o.jt == analyze.JoinFull
	keepRight := o.jt == analyze.JoinRight || o.jt == analyze.JoinFull
	for i := range probes {
		b, p := o.split[i], probes[i]
		if (b.rows > 0 && p.rows > 0) || (keepLeft && p.rows > 0) || (keepRight && b.rows > 0) {
			o.jobs = append(o.jobs, hashJoinJob{build: b, probe: p, depth: o.depth + 1})
			continue
		}
		b.close()
		p.close()
	}
	o.split = nil
	return nil
}

// nextJob makes the next queued partition pair current; false when none
// is left.
func (o *hashJoinOp) nextJob(s *State) (bool, error) {
	o.closeFiles()
	if len(o.jobs) == 0 {
		return false, nil
	}
	j := o.jobs[len(o.jobs)-1]
	o.jobs = o.jobs[:len(o.jobs)-1]
	o.files = []*spillFile{j.build, j.probe}
	if err := j.build.rewind(); err != nil {
		return false, err
	}
	if err := j.probe.rewind(); err != nil {
		return false, err
	}
	if err := o.build(s, j.build.reader().next, j.depth); err != nil {
		return false, err
	}
	o.probe = j.probe.reader().next
	o.haveLeft, o.leftDone, o.tailPos = false, false, 0
	return true, nil
}

func (o *hashJoinOp) Next(s *State) (types.Row, error) {
	for {
		if o.split != nil {
			if err := o.splitProbe(s); err != nil {
				return nil, err
			}
			if ok, err := o.nextJob(s); !ok || err != nil {
				return nil, err
			}
			continue
		}
		if o.leftDone {
			if row := o.nextUnmatchedRight(); row != nil {
				return row, nil
			}
			if ok, err := o.nextJob(s); !ok || err != nil {
				return nil, err
			}
			continue
		}
		if !o.haveLeft {
			row, err := o.probe()
			if err != nil {
				return nil, err
			}
			if row == nil {
				o.leftDone = true
				continue
			}
			var null bool
			o.key, null, err = hashKey(s, o.lk, o.kt, row, o.key[:0])
			if err != nil {
				return nil, err
			}
			var cands []int
			if !null {
				cands = o.table[string(o.key)]
			}
			o.setLeft(row, cands, false)
		}
		row, err := o.nextForLeft(s)
		if err != nil || row != nil {
			return row, err
		}
		if err := s.checkCancel(); err != nil {
			return nil, err
		}
	}
}

func (o *hashJoinOp) closeFiles() {
	for _, f := range o.files {
		f.close()
	}
	o.files = nil
}

func (o *hashJoinOp) Close() {
	if o.left != nil {
		o.left.Close()
	}
	o.closeFiles()
	for _, f := range o.split {
		if f != nil {
			f.close()
		}
	}
	for _, j := range o.jobs {
		j.build.close()
		j.probe.close()
	}
	o.split, o.jobs, o.right, o.table = nil, nil, nil, nil
}
