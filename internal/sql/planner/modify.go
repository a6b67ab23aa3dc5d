package planner

import (
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/storage"
)

// planModify plans INSERT, UPDATE and DELETE: a query producing the rows
// to write (see plan.ModifyTable for their shape) under a ModifyTable.
func (p *planner) planModify(q *analyze.Query) (plan.Node, error) {
	m := q.Modify
	if isVirtual(m.Table) {
		return nil, systemCatalogError(m.Table)
	}
	if err := foldQuery(q, p.folder); err != nil {
		return nil, err
	}
	fold := func(e analyze.Expr) (analyze.Expr, error) { return p.folder.fold(e) }
	var err error
	for i := range m.Set {
		if m.Set[i].Expr, err = fold(m.Set[i].Expr); err != nil {
			return nil, err
		}
	}
	for _, c := range q.CTEs {
		n, err := p.planCTE(c, 0)
		if err != nil {
			return nil, err
		}
		p.ctes[c] = n
	}
	node, lay, err := p.planFrom(q, 0)
	if err != nil {
		return nil, err
	}
	t := m.Table
	live := t.LiveColumns()
	mt := &plan.ModifyTable{Table: p.storageTable(t), Slots: liveSlots(t), RowIDs: t.RowID, TableName: t.Name}
	for _, c := range live {
		mt.ColNames = append(mt.ColNames, c.Name)
		mt.ColTypes = append(mt.ColTypes, c.T)
		mt.NotNull = append(mt.NotNull, c.NotNull)
	}
	proj := &plan.Project{Input: node}
	add := func(e analyze.Expr) error {
		r, err := p.rewrite(e, lay)
		if err != nil {
			return err
		}
		proj.Exprs = append(proj.Exprs, r)
		proj.Cols = append(proj.Cols, plan.Column{Name: "?", T: e.Type()})
		return nil
	}
	switch q.Command {
	case analyze.CmdInsert:
		mt.Op = plan.OpInsert
		for _, tg := range q.Targets {
			if err := add(tg.Expr); err != nil {
				return nil, err
			}
		}
	case analyze.CmdUpdate, analyze.CmdDelete:
		mt.Op = plan.OpDelete
		if q.Command == analyze.CmdUpdate {
			mt.Op = plan.OpUpdate
		}
		for i, c := range live {
			if err := add(&analyze.Var{Rel: m.ResultRel, Col: i, T: c.T, Name: c.Name}); err != nil {
				return nil, err
			}
		}
		keyAt := lay.off[m.ResultRel] + len(live)
		proj.Exprs = append(proj.Exprs, &plan.InputRef{Index: keyAt, T: node.Columns()[keyAt].T})
		proj.Cols = append(proj.Cols, node.Columns()[keyAt])
		for _, s := range m.Set {
			if err := add(s.Expr); err != nil {
				return nil, err
			}
			mt.SetCols = append(mt.SetCols, s.Col)
		}
	}
	mt.Input = proj
	// Checks and RETURNING read the new (or, for DELETE, old) row.
	rowLay := &layout{q: q, off: map[int]int{m.ResultRel: 0}, width: len(live)}
	for _, ch := range m.Checks {
		e, err := fold(ch.Expr)
		if err != nil {
			return nil, err
		}
		r, err := p.rewrite(e, rowLay)
		if err != nil {
			return nil, err
		}
		mt.Checks = append(mt.Checks, plan.NamedExpr{Name: ch.Name, Expr: r})
	}
	if q.Command != analyze.CmdDelete && m.Generated != nil {
		mt.Generated = make([]analyze.Expr, len(m.Generated))
		for i, g := range m.Generated {
			if g == nil {
				continue
			}
			e, err := fold(g)
			if err != nil {
				return nil, err
			}
			if mt.Generated[i], err = p.rewrite(e, rowLay); err != nil {
				return nil, err
			}
		}
	}
	if q.Command != analyze.CmdInsert && len(q.From) == 1 {
		if rr, ok := q.From[0].(*analyze.RangeRef); ok && rr.RTE == m.ResultRel {
			mt.EPQ = true
			if q.Where != nil {
				if mt.Recheck, err = p.rewrite(q.Where, rowLay); err != nil {
					return nil, err
				}
			}
			for _, s := range m.Set {
				r, err := p.rewrite(s.Expr, rowLay)
				if err != nil {
					return nil, err
				}
				mt.RecheckSet = append(mt.RecheckSet, r)
			}
		}
	}
	for _, tg := range m.Returning {
		e, err := fold(tg.Expr)
		if err != nil {
			return nil, err
		}
		r, err := p.rewrite(e, rowLay)
		if err != nil {
			return nil, err
		}
		mt.Returning = append(mt.Returning, r)
		mt.ReturnCols = append(mt.ReturnCols, plan.Column{Name: tg.Name, T: e.Type(), Table: tg.Table, Attnum: tg.Column})
	}
	if oc := m.OnConflict; oc != nil {
		pc := &plan.OnConflictPlan{Update: oc.Update}
		if oc.Arbiter != nil {
			st := mt.Table
			if st.Primary != nil && st.Primary.Oid == oc.Arbiter.Oid {
				pc.Arbiter = st.Primary
			}
			for _, idx := range st.Indexes {
				if idx.Oid == oc.Arbiter.Oid {
					pc.Arbiter = idx
				}
			}
		}
		if oc.Update {
			both := &layout{q: q, off: map[int]int{m.ResultRel: 0, oc.Excluded: len(live)}, width: 2 * len(live)}
			for _, s := range oc.Set {
				e, err := fold(s.Expr)
				if err != nil {
					return nil, err
				}
				r, err := p.rewrite(e, both)
				if err != nil {
					return nil, err
				}
				pc.SetCols = append(pc.SetCols, s.Col)
				pc.SetExprs = append(pc.SetExprs, r)
			}
			if oc.Where != nil {
				e, err := fold(oc.Where)
				if err != nil {
					return nil, err
				}
				if pc.Where, err = p.rewrite(e, both); err != nil {
					return nil, err
				}
			}
		}
		mt.OnConflict = pc
	}
	if err := p.planForeignKeys(t, mt); err != nil {
		return nil, err
	}
	return mt, nil
}

// planForeignKeys attaches the foreign keys the modification must
// enforce: the table's own (for INSERT and UPDATE) and those referencing
// it (for UPDATE and DELETE).
func (p *planner) planForeignKeys(t *analyze.Table, mt *plan.ModifyTable) error {
	conv := func(fk *analyze.ForeignKey) *plan.FKCheck {
		c := &plan.FKCheck{Name: fk.Name, Table: p.storageTable(fk.Table), RefTable: p.storageTable(fk.RefTable),
			OnDelete: fk.OnDelete, OnUpdate: fk.OnUpdate, Match: fk.Match, TableName: fk.Table.Name, RefTableName: fk.RefTable.Name, TableSchema: fk.Table.Schema}
		for _, a := range fk.Columns {
			c.Cols = append(c.Cols, int(a-1))
			c.ColNames = append(c.ColNames, fk.Table.Columns[a-1].Name)
		}
		for _, a := range fk.RefColumns {
			c.RefCols = append(c.RefCols, int(a-1))
			c.RefColNames = append(c.RefColNames, fk.RefTable.Columns[a-1].Name)
		}
		rt := c.RefTable
		if rt.Primary != nil && rt.Primary.Oid == fk.RefIndex {
			c.RefIndex = rt.Primary
		}
		for _, idx := range rt.Indexes {
			if idx.Oid == fk.RefIndex {
				c.RefIndex = idx
			}
		}
		// An index whose leading columns are the referencing columns
		// speeds up the checks on the referenced side.
		for _, idx := range append([]*storage.Index{c.Table.Primary}, c.Table.Indexes...) {
			if idx != nil && !c.Table.RowID && prefixCols(idx.Cols, c.Cols) {
				c.Index = idx
				break
			}
		}
		return c
	}
	if mt.Op != plan.OpDelete {
		for _, fk := range t.ForeignKeys {
			mt.ForeignKeys = append(mt.ForeignKeys, conv(fk))
		}
	}
	if mt.Op != plan.OpInsert {
		for _, fk := range t.Referenced {
			mt.Referenced = append(mt.Referenced, conv(fk))
		}
	}
	return nil
}

func prefixCols(idx, cols []int) bool {
	if len(idx) < len(cols) {
		return false
	}
	for i, c := range cols {
		if idx[i] != c {
			return false
		}
	}
	return true
}
