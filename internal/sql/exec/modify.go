package exec

import (
	"context"
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

// Txn is what the executor needs from the session's transaction to read
// and write tables.
type Txn interface {
	KV() storage.KV
	// NextRowID allocates a hidden row id for a table without a key.
	NextRowID(ctx context.Context, table types.Oid) (int64, error)
}

// RowLocker is implemented by transactions that lock rows: before UPDATE
// and DELETE change them, and for SELECT ... FOR UPDATE. LockRow waits
// for a concurrent holder of the row at key (or, by wait, fails or skips)
// and returns the row's newest version.
type RowLocker interface {
	LockRow(ctx context.Context, key []byte, relation string, strength analyze.LockStrength, wait WaitPolicy) (RowLockResult, error)
}

// WaitPolicy says what a row lock does when another transaction holds it.
type WaitPolicy uint8

// The wait policies.
const (
	Wait WaitPolicy = iota
	NoWait
	SkipLocked
)

// RowLockResult is the outcome of RowLocker.LockRow. Updated reports that
// the newest version is newer than the statement's snapshot (the row was
// changed or, when Found is false, deleted by a transaction that committed
// since); Skipped that SKIP LOCKED skipped a locked row.
type RowLockResult struct {
	Value                   []byte
	Found, Updated, Skipped bool
}

func (s *State) kv() (storage.KV, error) {
	if s.Txn == nil {
		return nil, pgerror.New(pgerror.InternalError, "no transaction for table access")
	}
	return s.Txn.KV(), nil
}

// SequenceReader is what the executor needs to read a sequence as a
// relation (SELECT last_value, is_called FROM seq, as pg_dump does).
type SequenceReader interface {
	SequenceRow(seq types.Oid) (lastValue, logCnt int64, isCalled bool, err error)
}

func (c *compiler) seqScan(n *plan.SeqScan) (build, error) {
	t, slots, withKey := n.Table, n.Slots, n.WithKey
	width := len(n.Cols)
	if seq := n.Sequence; seq != 0 {
		return func(s *State) (operator, error) {
			sr, ok := s.Env.(SequenceReader)
			if !ok {
				return nil, pgerror.New(pgerror.FeatureNotSupported, "sequences are not available here")
			}
			last, logCnt, called, err := sr.SequenceRow(seq)
			if err != nil {
				return nil, err
			}
			full := types.Row{types.NewInt(last), types.NewInt(logCnt), types.NewBool(called)}
			out := make(types.Row, width)
			for i, sl := range slots {
				if i < width && sl < len(full) {
					out[i] = full[sl]
				}
			}
			return &rowsOp{rows: []types.Row{out}}, nil
		}, nil
	}
	return func(s *State) (operator, error) {
		kv, err := s.kv()
		if err != nil {
			return nil, err
		}
		it, err := t.ScanAll(s.Env.Context(), kv)
		if err != nil {
			return nil, err
		}
		return &scanOp{it: it, slots: slots, withKey: withKey, out: make(types.Row, width)}, nil
	}, nil
}

type scanOp struct {
	it      *storage.RowIterator
	slots   []int
	withKey bool
	out     types.Row
}

func (o *scanOp) Next(s *State) (types.Row, error) {
	if err := s.checkCancel(); err != nil {
		return nil, err
	}
	if !o.it.Next() {
		return nil, o.it.Err()
	}
	row := o.it.Row()
	for i, sl := range o.slots {
		o.out[i] = row[sl]
	}
	if o.withKey {
		o.out[len(o.slots)] = types.NewBytes(string(o.it.PK()))
	}
	return o.out, nil
}

func (o *scanOp) Close() { o.it.Close() }

// modifyTable compiles INSERT, UPDATE and DELETE.
func (c *compiler) modifyTable(n *plan.ModifyTable) (build, error) {
	in, err := c.node(n.Input)
	if err != nil {
		return nil, err
	}
	m := &modifier{n: n}
	for _, ch := range n.Checks {
		f, err := compileExpr(ch.Expr)
		if err != nil {
			return nil, err
		}
		m.checks = append(m.checks, f)
	}
	if n.Generated != nil {
		m.generated = make([]evalFn, len(n.Generated))
		for i, g := range n.Generated {
			if g == nil {
				continue
			}
			if m.generated[i], err = compileExpr(g); err != nil {
				return nil, err
			}
		}
	}
	for _, r := range n.Returning {
		f, err := compileExpr(r)
		if err != nil {
			return nil, err
		}
		m.returning = append(m.returning, f)
	}
	if oc := n.OnConflict; oc != nil {
		for _, e := range oc.SetExprs {
			f, err := compileExpr(e)
			if err != nil {
				return nil, err
			}
			m.ocSet = append(m.ocSet, f)
		}
		if oc.Where != nil {
			if m.ocWhere, err = compileExpr(oc.Where); err != nil {
				return nil, err
			}
		}
	}
	if n.Recheck != nil {
		if m.recheck, err = compileExpr(n.Recheck); err != nil {
			return nil, err
		}
	}
	for _, e := range n.RecheckSet {
		f, err := compileExpr(e)
		if err != nil {
			return nil, err
		}
		m.recheckSet = append(m.recheckSet, f)
	}
	return func(s *State) (operator, error) {
		child, err := in(s)
		if err != nil {
			return nil, err
		}
		return &modifyOp{m: m, in: child}, nil
	}, nil
}

type modifier struct {
	n          *plan.ModifyTable
	checks     []evalFn
	generated  []evalFn // per live column; nil entries for plain columns
	returning  []evalFn
	ocSet      []evalFn
	ocWhere    evalFn
	recheck    evalFn
	recheckSet []evalFn
}

// lockRow locks the row an UPDATE or DELETE is about to change. It returns
// the row to change (old, possibly replaced by its newest version, with
// the new values recomputed in newLive for UPDATE), or skip when a
// concurrent transaction deleted it or made it fail the WHERE clause.
func (o *modifyOp) lockRow(s *State, ctx context.Context, key []byte, old, newLive types.Row) (types.Row, types.Row, bool, error) {
	lk, ok := s.Txn.(RowLocker)
	if !ok {
		return old, newLive, false, nil
	}
	n := o.m.n
	res, err := lk.LockRow(ctx, key, n.TableName, analyze.ForUpdate, Wait)
	val, found, updated := res.Value, res.Found, res.Updated
	if err != nil || !updated {
		return old, newLive, false, err
	}
	if !found {
		return nil, nil, true, nil
	}
	if !n.EPQ {
		// A join: the row as the statement read it stands.
		return old, newLive, false, nil
	}
	full := make(types.Row, len(n.Table.Cols))
	if err := storage.DecodeRow(val, n.Table.Cols, full); err != nil {
		return nil, nil, false, err
	}
	cur := o.liveRow(full)
	if o.m.recheck != nil {
		ok, err := o.m.recheck(s, cur)
		if err != nil {
			return nil, nil, false, err
		}
		if ok.IsNull() || !ok.Bool() {
			return nil, nil, true, nil
		}
	}
	if newLive == nil {
		return cur, nil, false, nil
	}
	upd := append(types.Row(nil), cur...)
	for i, col := range n.SetCols {
		v, err := o.m.recheckSet[i](s, cur)
		if err != nil {
			return nil, nil, false, err
		}
		upd[col] = v
	}
	return cur, upd, false, nil
}

type modifyOp struct {
	m    *modifier
	in   operator
	out  []types.Row
	pos  int
	done bool
	// after holds the AFTER ROW trigger events of the statement, fired
	// when it has changed every row (trigger.go).
	after []trigEvent
}

func (o *modifyOp) Close() { o.in.Close() }

func (o *modifyOp) Next(s *State) (types.Row, error) {
	if !o.done {
		o.done = true
		if err := o.runWithTriggers(s); err != nil {
			return nil, err
		}
	}
	if o.pos >= len(o.out) {
		return nil, nil
	}
	o.pos++
	return o.out[o.pos-1], nil
}

// run reads every input row first (so the statement never sees its own
// changes), then applies them.
func (o *modifyOp) run(s *State) error {
	var rows []types.Row
	for {
		r, err := o.in.Next(s)
		if err != nil {
			return err
		}
		if r == nil {
			break
		}
		rows = append(rows, append(types.Row(nil), r...))
		if err := s.checkCancel(); err != nil {
			return err
		}
	}
	kv, err := s.kv()
	if err != nil {
		return err
	}
	ctx := s.Env.Context()
	n := o.m.n
	switch n.Op {
	case plan.OpInsert:
		for _, r := range rows {
			if err := o.insert(s, ctx, kv, r); err != nil {
				return err
			}
		}
	case plan.OpUpdate:
		seen := map[string]bool{}
		nl := len(n.Slots)
		for _, r := range rows {
			key := r[nl].Str()
			if seen[key] {
				continue // a row joined to several FROM rows is updated once
			}
			seen[key] = true
			newLive := append(types.Row(nil), r[:nl]...)
			for i, col := range n.SetCols {
				newLive[col] = r[nl+1+i]
			}
			old, newLive, skip, err := o.lockRow(s, ctx, []byte(key), r[:nl], newLive)
			if err != nil {
				return err
			}
			if skip {
				continue
			}
			if err := o.update(s, ctx, kv, []byte(key), old, newLive); err != nil {
				return err
			}
		}
	case plan.OpDelete:
		seen := map[string]bool{}
		nl := len(n.Slots)
		for _, r := range rows {
			key := r[nl].Str()
			if seen[key] {
				continue
			}
			seen[key] = true
			old, _, skip, err := o.lockRow(s, ctx, []byte(key), r[:nl], nil)
			if err != nil {
				return err
			}
			if skip {
				continue
			}
			if err := o.delete(s, ctx, kv, []byte(key), old); err != nil {
				return err
			}
		}
	}
	return nil
}

// fullRow spreads live column values into storage slots.
func (o *modifyOp) fullRow(live types.Row) types.Row {
	n := o.m.n
	full := make(types.Row, len(n.Table.Cols))
	for i, sl := range n.Slots {
		full[sl] = live[i]
	}
	return full
}

func (o *modifyOp) liveRow(full types.Row) types.Row {
	n := o.m.n
	live := make(types.Row, len(n.Slots))
	for i, sl := range n.Slots {
		live[i] = full[sl]
	}
	return live
}

// failingRow renders a row as PostgreSQL's "Failing row contains (...)"
// detail does.
func (o *modifyOp) failingRow(live types.Row) string {
	n := o.m.n
	parts := make([]string, len(live))
	for i, v := range live {
		if v.IsNull() {
			parts[i] = "null"
		} else {
			parts[i] = types.FormatString(n.ColTypes[i], v, types.DefaultCtx)
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// generate returns the new row with its stored generated columns computed
// from the other columns (PostgreSQL's ExecComputeStoredGenerated, which
// runs before the constraints are checked). live itself is not changed.
func (o *modifyOp) generate(s *State, live types.Row) (types.Row, error) {
	if o.m.generated == nil {
		return live, nil
	}
	out := append(types.Row(nil), live...)
	for i, g := range o.m.generated {
		if g == nil {
			continue
		}
		v, err := g(s, live)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// checkRow enforces NOT NULL and CHECK constraints on a new row.
func (o *modifyOp) checkRow(s *State, live types.Row) error {
	n := o.m.n
	for i, v := range live {
		if v.IsNull() && n.NotNull[i] {
			e := pgerror.New(pgerror.NotNullViolation, `null value in column "%s" of relation "%s" violates not-null constraint`, n.ColNames[i], n.TableName).
				WithDetail("Failing row contains %s.", o.failingRow(live))
			e.SchemaName, e.TableName, e.ColumnName = n.Table.Schema, n.TableName, n.ColNames[i]
			return e
		}
	}
	for i, ch := range o.m.checks {
		v, err := ch(s, live)
		if err != nil {
			return err
		}
		if !v.IsNull() && !v.Bool() {
			e := pgerror.New(pgerror.CheckViolation, `new row for relation "%s" violates check constraint "%s"`, n.TableName, n.Checks[i].Name).
				WithDetail("Failing row contains %s.", o.failingRow(live))
			e.SchemaName, e.TableName, e.ConstraintName = n.Table.Schema, n.TableName, n.Checks[i].Name
			return e
		}
	}
	return nil
}

func (o *modifyOp) emit(s *State, live types.Row) error {
	s.RowsAffected++
	if len(o.m.returning) == 0 {
		return nil
	}
	out := make(types.Row, len(o.m.returning))
	for i, f := range o.m.returning {
		v, err := f(s, live)
		if err != nil {
			return err
		}
		out[i] = v
	}
	o.out = append(o.out, out)
	return nil
}

func (o *modifyOp) insert(s *State, ctx context.Context, kv storage.KV, live types.Row) error {
	n := o.m.n
	live, skip, err := o.beforeRow(s, TrigInsert, nil, live)
	if err != nil || skip {
		return err
	}
	live, err = o.generate(s, live)
	if err != nil {
		return err
	}
	if err := o.checkRow(s, live); err != nil {
		return err
	}
	full := o.fullRow(live)
	if oc := n.OnConflict; oc != nil {
		done, err := o.onConflict(s, ctx, kv, live, full)
		if err != nil || done {
			return err
		}
	}
	var rowID int64
	if n.RowIDs {
		var err error
		if rowID, err = s.Txn.NextRowID(ctx, n.Table.Oid); err != nil {
			return err
		}
	}
	pk, err := n.Table.Insert(ctx, kv, full, rowID)
	if err != nil {
		return err
	}
	if oc := n.OnConflict; oc != nil && oc.Update {
		// A row this command inserted cannot be updated by it either: a
		// later proposed row that conflicts with it is 21000, as in
		// PostgreSQL, where the tuple is one the command itself made.
		if s.conflictSeen == nil {
			s.conflictSeen = map[string]bool{}
		}
		s.conflictSeen[string(pk)] = true
	}
	if err := o.checkForeignKeys(s, ctx, kv, full, nil); err != nil {
		return err
	}
	o.afterRow(s, TrigInsert, nil, live)
	return o.emit(s, live)
}

// onConflict handles a proposed row that may conflict with an existing
// one; done is true when the row was dealt with (skipped or updated).
func (o *modifyOp) onConflict(s *State, ctx context.Context, kv storage.KV, live, full types.Row) (bool, error) {
	n := o.m.n
	oc := n.OnConflict
	t := n.Table
	idxs := []*storage.Index{oc.Arbiter}
	if oc.Arbiter == nil {
		idxs = nil
		if !t.RowID {
			idxs = append(idxs, t.Primary)
		}
		for _, idx := range t.Indexes {
			if idx.Unique {
				idxs = append(idxs, idx)
			}
		}
	}
	existing := make(types.Row, len(t.Cols))
	for _, idx := range idxs {
		pk, found, err := t.LookupUnique(ctx, kv, idx, full, existing)
		if err != nil {
			return false, err
		}
		if !found {
			continue
		}
		if !oc.Update {
			return true, nil
		}
		if s.conflictSeen == nil {
			s.conflictSeen = map[string]bool{}
		}
		if s.conflictSeen[string(pk)] {
			return false, pgerror.New(pgerror.CardinalityViolation, "ON CONFLICT DO UPDATE command cannot affect row a second time").
				WithHint("Ensure that no rows proposed for insertion within the same command have duplicate constrained values.")
		}
		s.conflictSeen[string(pk)] = true
		old := o.liveRow(existing)
		both := append(append(types.Row(nil), old...), live...)
		if o.m.ocWhere != nil {
			v, err := o.m.ocWhere(s, both)
			if err != nil {
				return false, err
			}
			if v.IsNull() || !v.Bool() {
				return true, nil
			}
		}
		newLive := append(types.Row(nil), old...)
		for i, col := range oc.SetCols {
			v, err := o.m.ocSet[i](s, both)
			if err != nil {
				return false, err
			}
			newLive[col] = v
		}
		return true, o.update(s, ctx, kv, pk, old, newLive)
	}
	return false, nil
}

func (o *modifyOp) update(s *State, ctx context.Context, kv storage.KV, key []byte, oldLive, newLive types.Row) error {
	n := o.m.n
	newLive, skip, err := o.beforeRow(s, TrigUpdate, oldLive, newLive)
	if err != nil || skip {
		return err
	}
	newLive, err = o.generate(s, newLive)
	if err != nil {
		return err
	}
	if err := o.checkRow(s, newLive); err != nil {
		return err
	}
	oldFull, newFull := o.fullRow(oldLive), o.fullRow(newLive)
	if err := o.checkReferenced(s, ctx, kv, oldFull, newFull); err != nil {
		return err
	}
	if _, err := n.Table.Update(ctx, kv, key, oldFull, newFull); err != nil {
		return err
	}
	if err := o.checkForeignKeys(s, ctx, kv, newFull, oldFull); err != nil {
		return err
	}
	o.afterRow(s, TrigUpdate, oldLive, newLive)
	return o.emit(s, newLive)
}

func (o *modifyOp) delete(s *State, ctx context.Context, kv storage.KV, key []byte, oldLive types.Row) error {
	n := o.m.n
	if _, skip, err := o.beforeRow(s, TrigDelete, oldLive, nil); err != nil || skip {
		return err
	}
	oldFull := o.fullRow(oldLive)
	if err := n.Table.Delete(ctx, kv, key, oldFull); err != nil {
		return err
	}
	if err := o.checkReferenced(s, ctx, kv, oldFull, nil); err != nil {
		return err
	}
	o.afterRow(s, TrigDelete, oldLive, nil)
	return o.emit(s, oldLive)
}
