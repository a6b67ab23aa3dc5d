package backend

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire"
	"github.com/tuskdb/tusk/internal/sql/commands"
	"github.com/tuskdb/tusk/internal/sql/exec"
	"github.com/tuskdb/tusk/internal/sql/plpgsql"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// The backend fires triggers for the executor (exec.TriggerEnv): it finds
// the table's triggers in the transaction's catalog and calls their
// functions with NEW, OLD and the TG_ variables (commands/trigger.c
// ExecBRInsertTriggers and friends).

var _ exec.TriggerEnv = (*Backend)(nil)

func (td *triggerSel) matches(d *catalog.Desc) bool {
	t := d.Trigger
	if t.Disabled || t.ForEachRow != td.row || (t.Timing == "BEFORE") != td.before {
		return false
	}
	switch td.op {
	case exec.TrigInsert:
		return t.Insert
	case exec.TrigUpdate:
		return t.Update
	case exec.TrigDelete:
		return t.Delete
	}
	return false
}

type triggerSel struct {
	op          exec.TrigOp
	before, row bool
}

// HasTriggers reports whether a table has triggers for an event.
func (b *Backend) HasTriggers(table types.Oid, op exec.TrigOp) bool {
	if b.tx.cat == nil {
		return false
	}
	for _, d := range b.tx.cat.TriggersOf(table) {
		t := d.Trigger
		if !t.Disabled && (op == exec.TrigInsert && t.Insert || op == exec.TrigUpdate && t.Update || op == exec.TrigDelete && t.Delete) {
			return true
		}
	}
	return false
}

func opName(op exec.TrigOp) string {
	switch op {
	case exec.TrigUpdate:
		return "UPDATE"
	case exec.TrigDelete:
		return "DELETE"
	}
	return "INSERT"
}

// rowType is a table's row type: its live columns.
func (b *Backend) rowType(table *catalog.Desc) *types.T {
	var fields []types.Field
	for _, c := range table.Table.LiveColumns() {
		fields = append(fields, types.Field{Name: c.Name, T: c.Type()})
	}
	return types.RecordOf(fields)
}

// FireRow runs a table's row triggers of one timing for one row.
func (b *Backend) FireRow(table types.Oid, before bool, op exec.TrigOp, oldRow, newRow types.Row) (types.Row, error) {
	tbl := b.tx.cat.Get(table)
	if tbl == nil || tbl.Table == nil {
		return newRow, nil
	}
	sel := triggerSel{op: op, before: before, row: true}
	rt := b.rowType(tbl)
	cur := newRow
	if op == exec.TrigDelete {
		cur = oldRow
	}
	for _, d := range b.tx.cat.TriggersOf(table) {
		if !sel.matches(d) {
			continue
		}
		t := d.Trigger
		if op == exec.TrigUpdate && len(t.UpdateCols) > 0 && !columnsChanged(rt, t.UpdateCols, oldRow, newRow) {
			continue
		}
		var nr types.Row
		if op != exec.TrigDelete {
			nr = cur
		}
		if t.When != "" {
			ok, err := b.triggerWhen(t.When, rt, oldRow, nr)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		out, err := b.fireTrigger(d, tbl, rt, "ROW", before, op, oldRow, nr)
		if err != nil {
			return nil, err
		}
		if !before {
			continue
		}
		if out == nil {
			return nil, nil
		}
		if op != exec.TrigDelete {
			if len(out) != len(rt.Fields) {
				return nil, pgerror.New(pgerror.DatatypeMismatch, "returned row structure does not match the structure of the triggering table").
					WithDetail("Number of returned columns (%d) does not match expected column count (%d).", len(out), len(rt.Fields))
			}
			cur = out
		}
	}
	return cur, nil
}

// FireStatement runs a table's statement triggers of one timing.
func (b *Backend) FireStatement(table types.Oid, before bool, op exec.TrigOp) error {
	tbl := b.tx.cat.Get(table)
	if tbl == nil || tbl.Table == nil {
		return nil
	}
	sel := triggerSel{op: op, before: before, row: false}
	for _, d := range b.tx.cat.TriggersOf(table) {
		if !sel.matches(d) {
			continue
		}
		if _, err := b.fireTrigger(d, tbl, b.rowType(tbl), "STATEMENT", before, op, nil, nil); err != nil {
			return err
		}
	}
	return nil
}

func (b *Backend) fireTrigger(d, tbl *catalog.Desc, rt *types.T, level string, before bool, op exec.TrigOp, oldRow, newRow types.Row) (types.Row, error) {
	fn := b.tx.cat.Get(d.Trigger.Func)
	if fn == nil {
		return nil, pgerror.New(pgerror.UndefinedFunction, "function of trigger %s does not exist", d.Name)
	}
	if fn.Func.Lang != "plpgsql" {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "trigger functions in language %s are not supported", fn.Func.Lang)
	}
	schema := ""
	if s := b.tx.cat.Get(tbl.Schema); s != nil {
		schema = s.Name
	}
	when := "AFTER"
	if before {
		when = "BEFORE"
	}
	td := &plpgsql.TriggerData{Name: d.Name, When: when, Level: level, Op: opName(op), Table: tbl.Name, Schema: schema,
		Relid: tbl.Oid, Args: d.Trigger.Args, RowType: rt, New: newRow, Old: oldRow}
	out, err := b.callRoutine(fn, nil, nil, td)
	if err != nil {
		return nil, err
	}
	if level == "ROW" && before {
		return out.Row, nil
	}
	return nil, nil
}

func columnsChanged(rt *types.T, cols []string, oldRow, newRow types.Row) bool {
	for i, f := range rt.Fields {
		for _, c := range cols {
			if f.Name == c && i < len(oldRow) && i < len(newRow) {
				if oldRow[i].IsNull() != newRow[i].IsNull() {
					return true
				}
				if !oldRow[i].IsNull() {
					if types.Compare(f.T, oldRow[i], newRow[i]) != 0 {
						return true
					}
				}
			}
		}
	}
	return false
}

// whenResolver names NEW and OLD for a trigger's WHEN condition.
type whenResolver struct{ datums []*plpgsql.Datum }

func (r whenResolver) Lookup(name string) int {
	switch strings.ToLower(name) {
	case "new":
		return 0
	case "old":
		return 1
	}
	return -1
}

func (r whenResolver) Datum(no int) *plpgsql.Datum { return r.datums[no] }

// triggerWhen evaluates a trigger's WHEN condition for a row.
func (b *Backend) triggerWhen(cond string, rt *types.T, oldRow, newRow types.Row) (bool, error) {
	r := whenResolver{datums: []*plpgsql.Datum{{No: 0, Kind: plpgsql.DatumRec, Name: "new"}, {No: 1, Kind: plpgsql.DatumRec, Name: "old"}}}
	ast, refs, err := plpgsql.PrepareSQL("SELECT "+cond, r)
	if err != nil {
		return false, err
	}
	var vals []types.Datum
	var ts []*types.T
	for _, rf := range refs {
		row := newRow
		if rf.Datum == 1 {
			row = oldRow
		}
		v, t := types.Null, types.Unknown
		for i, f := range rt.Fields {
			if f.Name == rf.Field {
				t = f.T
				if row != nil {
					v = row[i]
				}
			}
		}
		vals = append(vals, v)
		ts = append(ts, t)
	}
	res, err := (&plHost{b: b}).Run(&plpgsql.Query{AST: ast, SQL: "SELECT " + cond, Params: vals, ParamTypes: ts})
	if err != nil {
		return false, err
	}
	if len(res.Rows) == 0 || res.Rows[0][0].IsNull() {
		return false, nil
	}
	return res.Rows[0][0].Bool(), nil
}

// isRoutineDDL reports whether a statement creates or drops a routine or
// trigger (run by routineDDL).
func isRoutineDDL(n *pg_query.Node) bool {
	switch v := n.Node.(type) {
	case *pg_query.Node_CreateFunctionStmt, *pg_query.Node_CreateTrigStmt:
		return true
	case *pg_query.Node_DropStmt:
		switch v.DropStmt.RemoveType {
		case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE, pg_query.ObjectType_OBJECT_ROUTINE,
			pg_query.ObjectType_OBJECT_TRIGGER:
			return true
		}
	case *pg_query.Node_AlterOwnerStmt:
		return isRoutineType(v.AlterOwnerStmt.ObjectType)
	case *pg_query.Node_RenameStmt:
		return isRoutineType(v.RenameStmt.RenameType)
	case *pg_query.Node_CommentStmt:
		return isRoutineType(v.CommentStmt.Objtype)
	}
	return false
}

func isRoutineType(t pg_query.ObjectType) bool {
	return t == pg_query.ObjectType_OBJECT_FUNCTION || t == pg_query.ObjectType_OBJECT_PROCEDURE || t == pg_query.ObjectType_OBJECT_ROUTINE
}

// routineDDL runs CREATE/DROP FUNCTION, PROCEDURE, ROUTINE and TRIGGER;
// ok is false for other statements.
func (b *Backend) routineDDL(sql string, n *pg_query.Node) (tag string, ok bool, err error) {
	s := commandSession{b: b}
	switch v := n.Node.(type) {
	case *pg_query.Node_CreateFunctionStmt:
		tag, err = commands.CreateFunction(s, sql, v.CreateFunctionStmt)
		return tag, true, err
	case *pg_query.Node_CreateTrigStmt:
		tag, err = commands.CreateTrigger(s, sql, v.CreateTrigStmt)
		return tag, true, err
	case *pg_query.Node_DropStmt:
		switch v.DropStmt.RemoveType {
		case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE, pg_query.ObjectType_OBJECT_ROUTINE:
			tag, err = commands.DropFunction(s, sql, v.DropStmt)
			return tag, true, err
		case pg_query.ObjectType_OBJECT_TRIGGER:
			tag, err = commands.DropTrigger(s, v.DropStmt)
			return tag, true, err
		}
	case *pg_query.Node_AlterOwnerStmt:
		if isRoutineType(v.AlterOwnerStmt.ObjectType) {
			tag, err = commands.AlterRoutineOwner(s, sql, v.AlterOwnerStmt)
			return tag, true, err
		}
	case *pg_query.Node_RenameStmt:
		if isRoutineType(v.RenameStmt.RenameType) {
			tag, err = commands.RenameRoutine(s, sql, v.RenameStmt)
			return tag, true, err
		}
	case *pg_query.Node_CommentStmt:
		if isRoutineType(v.CommentStmt.Objtype) {
			tag, err = commands.CommentRoutine(s, sql, v.CommentStmt)
			return tag, true, err
		}
	}
	return "", false, nil
}

// prepareRoutineStmt prepares DO and CALL; ok is false for other
// statements.
func (b *Backend) prepareRoutineStmt(p *prepared) (bool, error) {
	switch n := p.stmt.AST.Node.(type) {
	case *pg_query.Node_DoStmt:
		return true, nil
	case *pg_query.Node_CallStmt:
		if b.tx.cat == nil {
			return true, pgerror.New(pgerror.FeatureNotSupported, "this server has no storage")
		}
		d, err := b.resolveProcedure(n.CallStmt.Funccall)
		if err != nil {
			return true, err
		}
		names, ts := callColumns(d)
		for i := range names {
			p.cols = append(p.cols, pgwire.Column{Name: names[i], T: ts[i]})
		}
		return true, nil
	}
	return false, nil
}

// routineUtility runs DO and CALL; ok is false for other statements.
func (b *Backend) routineUtility(p *portal) (tag string, rows []types.Row, ok bool, err error) {
	switch n := p.stmt.stmt.AST.Node.(type) {
	case *pg_query.Node_DoStmt:
		return "DO", nil, true, b.doStmt(n.DoStmt)
	case *pg_query.Node_CallStmt:
		tag, rows, err := b.callStmt(p.stmt.sql, n.CallStmt)
		return tag, rows, true, err
	}
	return "", nil, false, nil
}
