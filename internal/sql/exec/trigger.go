package exec

import (
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Triggers. INSERT, UPDATE, DELETE and COPY FROM fire the table's
// triggers through the session (TriggerEnv), which runs their functions:
// BEFORE ROW triggers as each row is about to change (they may change the
// new row or skip it), AFTER ROW triggers once the statement has changed
// every row, in the order the rows changed, and statement triggers before
// and after the whole statement (PostgreSQL's commands/trigger.c; AFTER
// triggers are not deferred to the end of the transaction).

// TrigOp is the event a trigger fires on.
type TrigOp byte

// The trigger events.
const (
	TrigInsert TrigOp = 'I'
	TrigUpdate TrigOp = 'U'
	TrigDelete TrigOp = 'D'
)

// TriggerEnv is implemented by sessions whose tables may have triggers.
type TriggerEnv interface {
	// HasTriggers reports whether table has triggers for op.
	HasTriggers(table types.Oid, op TrigOp) bool
	// FireRow runs the row triggers of one timing. For BEFORE triggers it
	// returns the new row to use (for DELETE, old), or nil to skip the
	// row. Rows hold the table's live columns.
	FireRow(table types.Oid, before bool, op TrigOp, oldRow, newRow types.Row) (types.Row, error)
	// FireStatement runs the statement triggers of one timing.
	FireStatement(table types.Oid, before bool, op TrigOp) error
}

type trigEvent struct {
	op       TrigOp
	old, new types.Row
}

func (o *modifyOp) triggers(s *State, op TrigOp) TriggerEnv {
	te, ok := s.Env.(TriggerEnv)
	if !ok || o.m.n.Table == nil || !te.HasTriggers(o.m.n.Table.Oid, op) {
		return nil
	}
	return te
}

func (o *modifyOp) opOf() TrigOp {
	switch o.m.n.Op {
	case plan.OpUpdate:
		return TrigUpdate
	case plan.OpDelete:
		return TrigDelete
	}
	return TrigInsert
}

// beforeRow fires BEFORE ROW triggers; skip reports that one returned
// NULL.
func (o *modifyOp) beforeRow(s *State, op TrigOp, oldRow, newRow types.Row) (types.Row, bool, error) {
	te := o.triggers(s, op)
	if te == nil {
		return newRow, false, nil
	}
	r, err := te.FireRow(o.m.n.Table.Oid, true, op, oldRow, newRow)
	if err != nil {
		return nil, false, err
	}
	if r == nil {
		return nil, true, nil
	}
	if op == TrigDelete {
		return newRow, false, nil
	}
	return r, false, nil
}

// afterRow queues AFTER ROW triggers' event.
func (o *modifyOp) afterRow(s *State, op TrigOp, oldRow, newRow types.Row) {
	if o.triggers(s, op) == nil {
		return
	}
	o.after = append(o.after, trigEvent{op: op, old: append(types.Row(nil), oldRow...), new: append(types.Row(nil), newRow...)})
}

// fireAfter runs the queued AFTER ROW triggers.
func (o *modifyOp) fireAfter(s *State) error {
	events := o.after
	o.after = nil
	for _, e := range events {
		te := o.triggers(s, e.op)
		if te == nil {
			continue
		}
		oldRow, newRow := e.old, e.new
		if e.op == TrigInsert {
			oldRow = nil
		}
		if e.op == TrigDelete {
			newRow = nil
		}
		if _, err := te.FireRow(o.m.n.Table.Oid, false, e.op, oldRow, newRow); err != nil {
			return err
		}
	}
	return nil
}

// runWithTriggers runs the statement between its statement triggers and
// fires its AFTER ROW triggers.
func (o *modifyOp) runWithTriggers(s *State) error {
	op := o.opOf()
	te := o.triggers(s, op)
	if te != nil {
		if err := te.FireStatement(o.m.n.Table.Oid, true, op); err != nil {
			return err
		}
	}
	if err := o.run(s); err != nil {
		return err
	}
	if err := o.fireAfter(s); err != nil {
		return err
	}
	if te != nil {
		return te.FireStatement(o.m.n.Table.Oid, false, op)
	}
	return nil
}
