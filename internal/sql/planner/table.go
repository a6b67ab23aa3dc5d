package planner

import (
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

// storageTable describes a table for the storage layer.
func (p *planner) storageTable(t *analyze.Table) *storage.Table {
	if st, ok := p.tables[t.Oid]; ok {
		return st
	}
	st := StorageTable(t)
	if p.tables == nil {
		p.tables = map[types.Oid]*storage.Table{}
	}
	p.tables[t.Oid] = st
	return st
}

// StorageTable describes an analyzed table for the storage layer.
func StorageTable(t *analyze.Table) *storage.Table {
	st := &storage.Table{Oid: t.Oid, Name: t.Name, Schema: t.Schema, RowID: t.RowID}
	for _, c := range t.Columns {
		if c.Dropped {
			st.Cols = append(st.Cols, nil)
		} else {
			st.Cols = append(st.Cols, c.T)
		}
		st.ColNames = append(st.ColNames, c.Name)
	}
	conv := func(ti *analyze.TableIndex) *storage.Index {
		if ti == nil {
			return nil
		}
		si := &storage.Index{Oid: ti.Oid, Name: ti.Name, Desc: ti.Desc, Unique: ti.Unique, Primary: ti.Primary, NullsNotDistinct: ti.NullsNotDistinct,
			Deferrable: ti.Deferrable, InitDeferred: ti.InitDeferred}
		if ti.Constraint != "" {
			si.Name = ti.Constraint
		}
		for _, a := range ti.Columns {
			si.Cols = append(si.Cols, int(a-1))
		}
		return si
	}
	st.Primary = conv(t.Primary)
	for _, ti := range t.Indexes {
		st.Indexes = append(st.Indexes, conv(ti))
	}
	return st
}

// liveSlots returns the storage slots of a table's live columns.
func liveSlots(t *analyze.Table) []int {
	var out []int
	for i, c := range t.Columns {
		if !c.Dropped {
			out = append(out, i)
		}
	}
	return out
}

func (p *planner) scanTable(t *analyze.Table, cols []plan.Column, withKey bool) *plan.SeqScan {
	st := p.storageTable(t)
	for i := range cols {
		cols[i].Table = t.Oid
	}
	live := t.LiveColumns()
	for i := range cols {
		if i < len(live) {
			cols[i].Attnum = live[i].Attnum
		}
	}
	if withKey {
		cols = append(cols, plan.Column{Name: "ctid", T: types.Bytea})
	}
	sc := &plan.SeqScan{Table: st, Slots: liveSlots(t), WithKey: withKey, Cols: cols}
	if t.Kind == 'S' {
		sc.Sequence = t.Oid
	}
	return sc
}
