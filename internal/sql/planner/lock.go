package planner

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/plan"
)

// planLockRows puts a LockRows node over the scan of a query with FOR
// UPDATE (or another strength). Only a FROM clause of one table is
// supported.
func (p *planner) planLockRows(q *analyze.Query, node plan.Node, lay *layout) (plan.Node, error) {
	lc := q.Locking[0]
	for _, l := range q.Locking[1:] {
		if l.Strength > lc.Strength {
			lc.Strength = l.Strength
		}
		lc.NoWait = lc.NoWait || l.NoWait
		lc.SkipLocked = lc.SkipLocked || l.SkipLocked
	}
	rr, ok := onlyRelation(q)
	if !ok {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "FOR %s is supported only on a query over a single table", lc.Strength)
	}
	rte := q.RangeTable[rr]
	t := rte.Table
	off := lay.off[rr]
	live := len(t.LiveColumns())
	lr := &plan.LockRows{Input: node, Table: p.storageTable(t), Name: t.Name, Slots: liveSlots(t), Offset: off,
		KeyIndex: off + live, Strength: uint8(lc.Strength), NoWait: lc.NoWait, Skip: lc.SkipLocked}
	if q.Where != nil {
		r, err := p.rewrite(q.Where, lay)
		if err != nil {
			return nil, err
		}
		lr.Recheck = r
	}
	return lr, nil
}

// onlyRelation returns the range table entry of a FROM clause that is
// one table.
func onlyRelation(q *analyze.Query) (int, bool) {
	if len(q.From) != 1 {
		return 0, false
	}
	rr, ok := q.From[0].(*analyze.RangeRef)
	if !ok || q.RangeTable[rr.RTE].Kind != analyze.RTERelation {
		return 0, false
	}
	return rr.RTE, true
}
