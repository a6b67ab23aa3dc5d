package plpgsql

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgerrcode"
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Host is what the interpreter needs from the session that runs it. The
// backend implements it; it is used by one call at a time.
type Host interface {
	// Run analyzes and executes one statement in the session's
	// transaction, with parameter values for the statement's $n.
	Run(q *Query) (*Result, error)
	// ResolveType resolves a type name as a declaration writes it.
	ResolveType(name string) (*types.T, error)
	// Cast converts a value as an assignment does.
	Cast(d types.Datum, from, to *types.T) (types.Datum, error)
	// Output formats a value as text.
	Output(d types.Datum, t *types.T) string
	// Notice sends a notice or warning to the client.
	Notice(e *pgerror.Error)
	// Subxact starts a subtransaction (for a block with an EXCEPTION
	// clause); end finishes it, rolling it back when rollback is set.
	Subxact() (end func(rollback bool) error, err error)
}

// Query is one statement for Host.Run. Key identifies the statement
// across executions (a plan cache may use it with the parameter types).
type Query struct {
	AST        *pg_query.Node
	SQL        string
	Params     []types.Datum
	ParamTypes []*types.T
	Key        any
}

// Result is what a statement produced.
type Result struct {
	Names []string
	Types []*types.T
	Rows  []types.Row
	// Returns is set when the statement returns rows (a SELECT, or a
	// data-changing statement with RETURNING).
	Returns bool
	// RowsAffected is the number of rows a SELECT returned or INSERT,
	// UPDATE or DELETE processed.
	RowsAffected int64
}

// TriggerData is what a trigger function sees (TG_* variables, NEW and
// OLD).
type TriggerData struct {
	Name, When, Level, Op string
	Table, Schema         string
	Relid                 types.Oid
	Args                  []string
	// RowType is the table's row type; New and Old are rows of it, nil
	// when they do not apply.
	RowType  *types.T
	New, Old types.Row
}

// CallInfo describes one call.
type CallInfo struct {
	// Signature names the function in CONTEXT lines ("f(integer)"), or
	// "inline_code_block" for DO.
	Signature string
	// Args holds a value for every parameter (OUT ones NULL), with
	// ParamTypes their types.
	Args       []types.Datum
	ParamTypes []*types.T
	RetType    *types.T
	RetSet     bool
	Procedure  bool
	Trigger    *TriggerData
}

// Outcome is a call's result: Value for a function (a record for several
// OUT parameters, the trigger's row for a trigger, nil row meaning NULL),
// Rows for a set-returning function.
type Outcome struct {
	Value types.Datum
	Row   types.Row // a trigger's returned row (nil: NULL)
	Rows  []types.Row
}

type value struct {
	t *types.T
	d types.Datum
	// assigned is false for a record that has no row yet.
	assigned bool
}

// ctlKind is how a statement left control.
type ctlKind int

const (
	ctlNone ctlKind = iota
	ctlExit
	ctlContinue
	ctlReturn
)

type ctl struct {
	kind  ctlKind
	label string
}

type interp struct {
	h     Host
	f     *Function
	ci    *CallInfo
	vals  []value
	line  int
	stmt  string
	ret   Outcome
	retOK bool
	// rowCount is the last statement's row count (GET DIAGNOSTICS).
	rowCount int64
	// active is the error a handler is running for (RAISE; re-raises it).
	active []*pgerror.Error
}

// Execute runs a compiled function.
func Execute(h Host, f *Function, ci *CallInfo) (out *Outcome, err error) {
	in := &interp{h: h, f: f, ci: ci, vals: make([]value, len(f.Datums))}
	defer func() {
		if err != nil {
			err = in.withContext(err)
		}
	}()
	for i := 0; i < f.NParams && i < len(ci.Args); i++ {
		in.vals[i] = value{t: ci.ParamTypes[i], d: ci.Args[i], assigned: true}
	}
	for i := f.NParams; i < len(f.Datums); i++ {
		d := f.Datums[i]
		if d.Kind == DatumRow || d.Kind == DatumRecField {
			continue
		}
		if i == f.Found {
			in.vals[i] = value{t: types.Bool, d: types.NewBool(false), assigned: true}
			continue
		}
		if d.Kind == DatumRec {
			in.vals[i] = value{t: types.Record, d: types.Null}
		}
	}
	if ci.Trigger != nil {
		in.setTriggerVars(ci.Trigger)
	}
	for _, no := range f.Body.Decls {
		if err := in.initDatum(no); err != nil {
			return nil, err
		}
	}
	c, err := in.block(f.Body)
	if err != nil {
		return nil, err
	}
	if c.kind != ctlReturn && !ci.RetSet && !ci.Procedure && ci.Trigger == nil && ci.RetType != nil &&
		ci.RetType.Oid != types.OidVoid && len(f.OutParams) == 0 {
		return nil, pgerror.New("2F005", "control reached end of function without RETURN")
	}
	if c.kind != ctlReturn && ci.Trigger != nil {
		return nil, pgerror.New("2F005", "control reached end of trigger procedure without RETURN")
	}
	if (c.kind != ctlReturn || !in.retOK) && len(f.OutParams) > 0 && !ci.RetSet {
		in.ret.Value = in.outValue()
	}
	return &in.ret, nil
}

func (in *interp) withContext(err error) error {
	pe := pgerror.Flatten(err)
	if in.line > 0 {
		if in.stmt != "" {
			pe.WithWhere(fmt.Sprintf("PL/pgSQL function %s line %d at %s", in.ci.Signature, in.line, in.stmt))
		} else {
			pe.WithWhere(fmt.Sprintf("PL/pgSQL function %s line %d", in.ci.Signature, in.line))
		}
	}
	return pe
}

// outValue is the value of the OUT parameters: the one, or a record.
func (in *interp) outValue() types.Datum {
	if len(in.f.OutParams) == 1 {
		return in.vals[in.f.OutParams[0]].d
	}
	rv := &types.RecordVal{}
	for _, o := range in.f.OutParams {
		rv.Types = append(rv.Types, in.vals[o].t)
		rv.Values = append(rv.Values, in.vals[o].d)
	}
	return types.NewRecord(rv)
}

func (in *interp) setTriggerVars(td *TriggerData) {
	rec := func(r types.Row) value {
		if r == nil {
			return value{t: td.RowType, d: types.Null}
		}
		return value{t: td.RowType, d: types.NewRecord(&types.RecordVal{Types: fieldTypes(td.RowType), Values: append(types.Row(nil), r...)}), assigned: true}
	}
	text := func(s string) value { return value{t: types.Name, d: types.NewString(s), assigned: true} }
	for i, d := range in.f.Datums {
		switch d.Name {
		case "new":
			in.vals[i] = rec(td.New)
		case "old":
			in.vals[i] = rec(td.Old)
		case "tg_name":
			in.vals[i] = text(td.Name)
		case "tg_when":
			in.vals[i] = value{t: types.Text, d: types.NewString(td.When), assigned: true}
		case "tg_level":
			in.vals[i] = value{t: types.Text, d: types.NewString(td.Level), assigned: true}
		case "tg_op":
			in.vals[i] = value{t: types.Text, d: types.NewString(td.Op), assigned: true}
		case "tg_relid":
			in.vals[i] = value{t: types.OidT, d: types.NewInt(int64(td.Relid)), assigned: true}
		case "tg_relname", "tg_table_name":
			in.vals[i] = text(td.Table)
		case "tg_table_schema":
			in.vals[i] = text(td.Schema)
		case "tg_nargs":
			in.vals[i] = value{t: types.Int4, d: types.NewInt(int64(len(td.Args))), assigned: true}
		case "tg_argv":
			var el []types.Datum
			for _, a := range td.Args {
				el = append(el, types.NewString(a))
			}
			// TG_ARGV's subscripts start at 0.
			arr := types.NewArray1(types.Text, el)
			if len(arr.Dims) > 0 {
				arr.Dims[0].Lower = 0
			}
			in.vals[i] = value{t: types.ArrayOf(types.Text), d: types.NewArray(arr), assigned: true}
		}
	}
}

func fieldTypes(t *types.T) []*types.T {
	var out []*types.T
	for _, f := range t.Fields {
		out = append(out, f.T)
	}
	return out
}

// initDatum gives a declared variable its default (or NULL).
func (in *interp) initDatum(no int) error {
	d := in.f.Datums[no]
	switch d.Kind {
	case DatumVar:
		t, err := in.h.ResolveType(d.TypeName)
		if err != nil {
			return err
		}
		v := value{t: t, d: types.Null, assigned: true}
		if d.Default != nil {
			x, xt, err := in.evalScalar(d.Default)
			if err != nil {
				return err
			}
			if v.d, err = in.h.Cast(x, xt, t); err != nil {
				return err
			}
		}
		if d.NotNull && v.d.IsNull() {
			return pgerror.New(pgerrcode.NullValueNotAllowedDataException, `variable "%s" must have a default value, since it's declared NOT NULL`, d.Name)
		}
		in.vals[no] = v
	case DatumRec:
		in.vals[no] = value{t: types.Record, d: types.Null}
		if d.RecType != "" && d.RecType != "record" && d.RecType != "pg_catalog.record" {
			if t, err := in.h.ResolveType(d.RecType); err == nil {
				in.vals[no].t = t
			}
		}
	}
	return nil
}

// Lookup implements Resolver: the variable visible by name at the current
// line (the latest declared at or before it).
func (in *interp) Lookup(name string) int {
	best := -1
	for i, d := range in.f.Datums {
		if d.Kind != DatumVar && d.Kind != DatumRec && !(d.Kind == DatumRow && i < in.f.NParams) {
			continue
		}
		if !strings.EqualFold(d.Name, name) || d.Name != strings.ToLower(name) && d.Name != name {
			continue
		}
		if d.Line <= in.line || i < in.f.NParams || best < 0 {
			best = i
		}
	}
	return best
}

// Datum implements Resolver.
func (in *interp) Datum(no int) *Datum { return in.f.Datums[no] }

// prepare parses an embedded statement once.
func (in *interp) prepare(e *Expr, asExpr bool) (*prepared, error) {
	if e.prepared != nil {
		return e.prepared, nil
	}
	sql := e.Query
	if e.Mode >= 3 {
		_, sql = splitAssign(sql)
	}
	if asExpr || e.Mode >= 2 {
		sql = "SELECT " + sql
	}
	ast, refs, err := PrepareSQL(sql, in)
	if err != nil {
		return nil, err
	}
	e.prepared = &prepared{ast: ast, sql: sql, refs: refs}
	return e.prepared, nil
}

// params returns the current values of a statement's references.
func (in *interp) params(p *prepared) ([]types.Datum, []*types.T, error) {
	vals := make([]types.Datum, len(p.refs))
	ts := make([]*types.T, len(p.refs))
	for i, r := range p.refs {
		v := in.vals[r.Datum]
		d := in.f.Datums[r.Datum]
		if r.Field == "" {
			if d.Kind == DatumRow {
				rv := &types.RecordVal{}
				var fields []types.Field
				for _, f := range d.Fields {
					rv.Types = append(rv.Types, in.vals[f].t)
					rv.Values = append(rv.Values, in.vals[f].d)
					fields = append(fields, types.Field{Name: in.f.Datums[f].Name, T: in.vals[f].t})
				}
				vals[i], ts[i] = types.NewRecord(rv), types.RecordOf(fields)
				continue
			}
			vals[i], ts[i] = v.d, v.t
			if ts[i] == nil {
				ts[i] = types.Unknown
			}
			continue
		}
		fv, ft, err := in.recField(r.Datum, r.Field)
		if err != nil {
			return nil, nil, err
		}
		vals[i], ts[i] = fv, ft
	}
	return vals, ts, nil
}

// recField reads a field of a record variable.
func (in *interp) recField(no int, field string) (types.Datum, *types.T, error) {
	v := in.vals[no]
	d := in.f.Datums[no]
	if v.t == nil || len(v.t.Fields) == 0 {
		return types.Null, nil, pgerror.New(pgerrcode.ObjectNotInPrerequisiteState, `record "%s" is not assigned yet`, d.Name).
			WithDetail("The tuple structure of a not-yet-assigned record is indeterminate.")
	}
	for i, f := range v.t.Fields {
		if f.Name == field {
			if v.d.IsNull() {
				return types.Null, f.T, nil
			}
			return v.d.Record().Values[i], f.T, nil
		}
	}
	return types.Null, nil, pgerror.New(pgerrcode.UndefinedColumn, `record "%s" has no field "%s"`, d.Name, field)
}

// run executes a prepared statement with the variables' current values.
func (in *interp) run(e *Expr, asExpr bool) (*Result, error) {
	p, err := in.prepare(e, asExpr)
	if err != nil {
		return nil, err
	}
	vals, ts, err := in.params(p)
	if err != nil {
		return nil, err
	}
	return in.h.Run(&Query{AST: p.ast, SQL: p.sql, Params: vals, ParamTypes: ts, Key: e})
}

// evalScalar evaluates an expression to one value.
func (in *interp) evalScalar(e *Expr) (types.Datum, *types.T, error) {
	r, err := in.run(e, false)
	if err != nil {
		return types.Null, nil, err
	}
	if len(r.Types) != 1 {
		return types.Null, nil, pgerror.New(pgerrcode.SyntaxError, `query "%s" returned %d columns`, exprText(e), len(r.Types))
	}
	if len(r.Rows) > 1 {
		return types.Null, nil, pgerror.New(pgerrcode.CardinalityViolation, `query "%s" returned more than one row`, exprText(e))
	}
	if len(r.Rows) == 0 {
		return types.Null, r.Types[0], nil
	}
	return r.Rows[0][0], r.Types[0], nil
}

func exprText(e *Expr) string {
	if e.Mode >= 3 {
		_, s := splitAssign(e.Query)
		return strings.TrimSpace(s)
	}
	return e.Query
}

func (in *interp) evalBool(e *Expr) (bool, error) {
	d, t, err := in.evalScalar(e)
	if err != nil {
		return false, err
	}
	if d.IsNull() {
		return false, nil
	}
	if t.Oid != types.OidBool {
		b, err := in.h.Cast(d, t, types.Bool)
		if err != nil {
			return false, err
		}
		d = b
	}
	return d.Bool(), nil
}

func (in *interp) setFound(b bool) {
	if in.f.Found >= 0 {
		in.vals[in.f.Found] = value{t: types.Bool, d: types.NewBool(b), assigned: true}
	}
}

// assign stores a value in a datum, converting it to the datum's type.
func (in *interp) assign(no int, d types.Datum, t *types.T) error {
	dt := in.f.Datums[no]
	switch dt.Kind {
	case DatumVar:
		if dt.Const && in.vals[no].assigned && in.line > 0 {
			return pgerror.New(pgerrcode.ErrorInAssignment, `variable "%s" is declared CONSTANT`, dt.Name)
		}
		target := in.vals[no].t
		if target == nil {
			target = t
		}
		v, err := in.h.Cast(d, t, target)
		if err != nil {
			return err
		}
		if dt.NotNull && v.IsNull() {
			return pgerror.New(pgerrcode.NullValueNotAllowedDataException, `null value cannot be assigned to variable "%s" declared NOT NULL`, dt.Name)
		}
		in.vals[no] = value{t: target, d: v, assigned: true}
	case DatumRec:
		if d.IsNull() {
			in.vals[no] = value{t: in.vals[no].t, d: types.Null, assigned: true}
			return nil
		}
		if t.Family != types.FamRecord && len(t.Fields) == 0 {
			return pgerror.New(pgerrcode.DatatypeMismatch, "cannot assign non-composite value to a record variable")
		}
		in.vals[no] = value{t: t, d: d, assigned: true}
	case DatumRecField:
		pv := in.vals[dt.Parent]
		pd := in.f.Datums[dt.Parent]
		if pv.t == nil || len(pv.t.Fields) == 0 {
			return pgerror.New(pgerrcode.ObjectNotInPrerequisiteState, `record "%s" is not assigned yet`, pd.Name).
				WithDetail("The tuple structure of a not-yet-assigned record is indeterminate.")
		}
		for i, f := range pv.t.Fields {
			if f.Name != dt.Field {
				continue
			}
			v, err := in.h.Cast(d, t, f.T)
			if err != nil {
				return err
			}
			rv := &types.RecordVal{Types: fieldTypes(pv.t), Values: make([]types.Datum, len(pv.t.Fields))}
			if !pv.d.IsNull() {
				copy(rv.Values, pv.d.Record().Values)
			} else {
				for j := range rv.Values {
					rv.Values[j] = types.Null
				}
			}
			rv.Values[i] = v
			in.vals[dt.Parent] = value{t: pv.t, d: types.NewRecord(rv), assigned: true}
			return nil
		}
		return pgerror.New(pgerrcode.UndefinedColumn, `record "%s" has no field "%s"`, pd.Name, dt.Field)
	case DatumRow:
		var vals []types.Datum
		var ts []*types.T
		if !d.IsNull() {
			vals, ts = d.Record().Values, fieldTypes(t)
		}
		return in.assignRow(no, vals, ts)
	}
	return nil
}

// assignRow stores a row of values into a target: a record takes the
// whole row, a row or variable its columns in order.
func (in *interp) assignRow(no int, vals []types.Datum, ts []*types.T) error {
	return in.assignResultRow(no, vals, ts, nil)
}

func (in *interp) assignResultRow(no int, vals []types.Datum, ts []*types.T, names []string) error {
	dt := in.f.Datums[no]
	switch dt.Kind {
	case DatumRec:
		if vals == nil {
			in.vals[no] = value{t: in.vals[no].t, d: types.Null, assigned: true}
			if names != nil && len(in.vals[no].t.Fields) == 0 {
				in.vals[no].t = recordType(names, ts)
			}
			return nil
		}
		rt := recordType(names, ts)
		if cur := in.vals[no].t; cur != nil && len(cur.Fields) == len(ts) && cur.Oid != types.OidRecord {
			rt = cur
		}
		in.vals[no] = value{t: rt, d: types.NewRecord(&types.RecordVal{Types: ts, Values: append([]types.Datum(nil), vals...)}), assigned: true}
		return nil
	case DatumRow:
		if len(dt.Fields) == 1 && in.f.Datums[dt.Fields[0]].Kind == DatumRec {
			// A single record target takes the whole row.
			return in.assignResultRow(dt.Fields[0], vals, ts, names)
		}
		for i, f := range dt.Fields {
			d, t := types.Null, types.Unknown
			if i < len(vals) {
				d, t = vals[i], ts[i]
			}
			if err := in.assign(f, d, t); err != nil {
				return err
			}
		}
		return nil
	default:
		d, t := types.Null, types.Unknown
		if len(vals) > 0 {
			d, t = vals[0], ts[0]
		}
		return in.assign(no, d, t)
	}
}

func recordType(names []string, ts []*types.T) *types.T {
	fields := make([]types.Field, len(ts))
	for i := range ts {
		n := ""
		if i < len(names) {
			n = names[i]
		}
		fields[i] = types.Field{Name: n, T: ts[i]}
	}
	return types.RecordOf(fields)
}

func (in *interp) stmts(ss []Stmt) (ctl, error) {
	for _, s := range ss {
		c, err := in.exec(s)
		if err != nil || c.kind != ctlNone {
			return c, err
		}
	}
	return ctl{}, nil
}

func (in *interp) block(b *Block) (ctl, error) {
	for _, no := range b.Decls {
		if b != in.f.Body {
			if err := in.initDatum(no); err != nil {
				return ctl{}, err
			}
		}
	}
	if len(b.Handlers) == 0 {
		c, err := in.stmts(b.Body)
		return in.leaveBlock(b, c), err
	}
	end, err := in.h.Subxact()
	if err != nil {
		return ctl{}, err
	}
	saved := append([]value(nil), in.vals...)
	c, err := in.stmts(b.Body)
	if err == nil {
		if err := end(false); err != nil {
			return ctl{}, err
		}
		return in.leaveBlock(b, c), nil
	}
	pe := pgerror.Flatten(err)
	if pe.Code == pgerrcode.QueryCanceled {
		end(true)
		return ctl{}, err
	}
	for _, h := range b.Handlers {
		if !matches(h.Conditions, pe.Code) {
			continue
		}
		if err := end(true); err != nil {
			return ctl{}, err
		}
		// Variables keep the values they had when the error happened,
		// except that the subtransaction's data changes are undone.
		_ = saved
		for i, d := range in.f.Datums {
			switch d.Name {
			case "sqlstate":
				in.vals[i] = value{t: types.Text, d: types.NewString(pe.Code), assigned: true}
			case "sqlerrm":
				in.vals[i] = value{t: types.Text, d: types.NewString(pe.Message), assigned: true}
			}
		}
		in.active = append(in.active, pe)
		c, err := in.stmts(h.Body)
		in.active = in.active[:len(in.active)-1]
		return in.leaveBlock(b, c), err
	}
	end(true)
	return ctl{}, err
}

func (in *interp) leaveBlock(b *Block, c ctl) ctl {
	if c.kind == ctlExit && c.label != "" && c.label == b.Label {
		return ctl{}
	}
	return c
}

// matches reports whether an EXCEPTION condition list catches code.
func matches(conds []string, code string) bool {
	for _, c := range conds {
		c = strings.ToLower(c)
		if c == "others" {
			if code != pgerrcode.QueryCanceled && code != "P0004" {
				return true
			}
			continue
		}
		want, ok := conditionCodes[c]
		if !ok && len(c) == 5 {
			want = strings.ToUpper(c)
		}
		if want == code {
			return true
		}
		if strings.HasSuffix(want, "000") && strings.HasPrefix(code, want[:2]) {
			return true
		}
	}
	return false
}

// loopCtl decides what a loop does after its body: stop (with the control
// to propagate) or go on.
func loopCtl(c ctl, label string) (stop bool, out ctl) {
	switch c.kind {
	case ctlExit:
		if c.label == "" || c.label == label {
			return true, ctl{}
		}
		return true, c
	case ctlContinue:
		if c.label == "" || c.label == label {
			return false, ctl{}
		}
		return true, c
	case ctlReturn:
		return true, c
	}
	return false, ctl{}
}

func (in *interp) exec(s Stmt) (ctl, error) {
	in.line = s.line()
	switch s := s.(type) {
	case *Block:
		in.stmt = "statement block"
		return in.block(s)
	case *Assign:
		in.stmt = "assignment"
		d, t, err := in.evalScalar(s.Expr)
		if err != nil {
			return ctl{}, err
		}
		return ctl{}, in.assign(s.Var, d, t)
	case *If:
		in.stmt = "IF"
		ok, err := in.evalBool(s.Cond)
		if err != nil {
			return ctl{}, err
		}
		if ok {
			return in.stmts(s.Then)
		}
		for _, e := range s.Elsifs {
			ok, err := in.evalBool(e.Cond)
			if err != nil {
				return ctl{}, err
			}
			if ok {
				return in.stmts(e.Body)
			}
		}
		return in.stmts(s.Else)
	case *Case:
		in.stmt = "CASE"
		if s.TExpr != nil {
			d, t, err := in.evalScalar(s.TExpr)
			if err != nil {
				return ctl{}, err
			}
			in.vals[s.TVar] = value{t: t, d: d, assigned: true}
		}
		for _, w := range s.Whens {
			ok, err := in.evalBool(w.Cond)
			if err != nil {
				return ctl{}, err
			}
			if ok {
				return in.stmts(w.Body)
			}
		}
		if !s.HaveElse {
			return ctl{}, pgerror.New(pgerrcode.CaseNotFound, "case not found").
				WithHint("CASE statement is missing ELSE part.")
		}
		return in.stmts(s.Else)
	case *Loop:
		for {
			c, err := in.stmts(s.Body)
			if err != nil {
				return ctl{}, err
			}
			if stop, out := loopCtl(c, s.Label); stop {
				return out, nil
			}
		}
	case *While:
		for {
			in.line, in.stmt = s.Line, "WHILE"
			ok, err := in.evalBool(s.Cond)
			if err != nil || !ok {
				return ctl{}, err
			}
			c, err := in.stmts(s.Body)
			if err != nil {
				return ctl{}, err
			}
			if stop, out := loopCtl(c, s.Label); stop {
				return out, nil
			}
		}
	case *ForInt:
		return in.forInt(s)
	case *ForQuery:
		return in.forQuery(s)
	case *ForEach:
		return in.forEach(s)
	case *Exit:
		if s.IsExit {
			in.stmt = "EXIT"
		} else {
			in.stmt = "CONTINUE"
		}
		if s.Cond != nil {
			ok, err := in.evalBool(s.Cond)
			if err != nil || !ok {
				return ctl{}, err
			}
		}
		if s.IsExit {
			return ctl{kind: ctlExit, label: s.Label}, nil
		}
		return ctl{kind: ctlContinue, label: s.Label}, nil
	case *Return:
		in.stmt = "RETURN"
		return in.doReturn(s)
	case *ReturnNext:
		in.stmt = "RETURN NEXT"
		return ctl{}, in.returnNext(s)
	case *ReturnQuery:
		in.stmt = "RETURN QUERY"
		r, err := in.runMaybeDynamic(s.Query, s.Dynamic, s.Params)
		if err != nil {
			return ctl{}, err
		}
		for _, row := range r.Rows {
			if err := in.addRow(row, r.Types); err != nil {
				return ctl{}, err
			}
		}
		in.rowCount = int64(len(r.Rows))
		in.setFound(len(r.Rows) > 0)
		return ctl{}, nil
	case *Raise:
		in.stmt = "RAISE"
		return ctl{}, in.raise(s)
	case *Assert:
		in.stmt = "ASSERT"
		ok, err := in.evalBool(s.Cond)
		if err != nil || ok {
			return ctl{}, err
		}
		msg := "assertion failed"
		if s.Message != nil {
			d, t, err := in.evalScalar(s.Message)
			if err != nil {
				return ctl{}, err
			}
			if !d.IsNull() {
				msg = in.h.Output(d, t)
			}
		}
		return ctl{}, pgerror.New("P0004", "%s", msg)
	case *ExecSQL:
		in.stmt = "SQL statement"
		return ctl{}, in.execSQL(s)
	case *Dynamic:
		in.stmt = "EXECUTE"
		r, err := in.runMaybeDynamic(s.Query, true, s.Params)
		if err != nil {
			return ctl{}, err
		}
		return ctl{}, in.into(r, s.Into, s.Strict, s.Target, false, true)
	case *Perform:
		in.stmt = "PERFORM"
		r, err := in.run(s.Expr, false)
		if err != nil {
			return ctl{}, err
		}
		in.rowCount = r.RowsAffected
		in.setFound(len(r.Rows) > 0)
		return ctl{}, nil
	case *Call:
		in.stmt = "CALL"
		r, err := in.run(s.Expr, false)
		if err != nil {
			return ctl{}, err
		}
		_ = r
		return ctl{}, nil
	case *GetDiag:
		in.stmt = "GET DIAGNOSTICS"
		for _, it := range s.Items {
			var err error
			switch it.Kind {
			case "ROW_COUNT":
				err = in.assign(it.Target, types.NewInt(in.rowCount), types.Int8)
			case "RETURNED_SQLSTATE", "MESSAGE_TEXT", "PG_EXCEPTION_DETAIL", "PG_EXCEPTION_HINT", "PG_EXCEPTION_CONTEXT",
				"CONSTRAINT_NAME", "TABLE_NAME", "COLUMN_NAME", "SCHEMA_NAME", "PG_DATATYPE_NAME":
				var pe *pgerror.Error
				if len(in.active) > 0 {
					pe = in.active[len(in.active)-1]
				}
				if pe == nil {
					return ctl{}, pgerror.New("0Z002", "GET STACKED DIAGNOSTICS cannot be used outside an exception handler")
				}
				v := map[string]string{"RETURNED_SQLSTATE": pe.Code, "MESSAGE_TEXT": pe.Message, "PG_EXCEPTION_DETAIL": pe.Detail,
					"PG_EXCEPTION_HINT": pe.Hint, "PG_EXCEPTION_CONTEXT": pe.Where, "CONSTRAINT_NAME": pe.ConstraintName,
					"TABLE_NAME": pe.TableName, "COLUMN_NAME": pe.ColumnName, "SCHEMA_NAME": pe.SchemaName,
					"PG_DATATYPE_NAME": pe.DataTypeName}[it.Kind]
				err = in.assign(it.Target, types.NewString(v), types.Text)
			case "PG_CONTEXT":
				err = in.assign(it.Target, types.NewString(fmt.Sprintf("PL/pgSQL function %s line %d at GET DIAGNOSTICS", in.ci.Signature, in.line)), types.Text)
			default:
				return ctl{}, pgerror.New(pgerrcode.FeatureNotSupported, "GET DIAGNOSTICS item %s is not supported", it.Kind)
			}
			if err != nil {
				return ctl{}, err
			}
		}
		return ctl{}, nil
	case *Null:
		return ctl{}, nil
	}
	return ctl{}, pgerror.New(pgerrcode.FeatureNotSupported, "unsupported PL/pgSQL statement %T", s)
}

func (in *interp) forInt(s *ForInt) (ctl, error) {
	in.stmt = "FOR with integer loop variable"
	lo, lt, err := in.evalScalar(s.Lower)
	if err != nil {
		return ctl{}, err
	}
	hi, ht, err := in.evalScalar(s.Upper)
	if err != nil {
		return ctl{}, err
	}
	if lo.IsNull() {
		return ctl{}, pgerror.New(pgerrcode.NullValueNotAllowedDataException, "lower bound of FOR loop cannot be null")
	}
	if hi.IsNull() {
		return ctl{}, pgerror.New(pgerrcode.NullValueNotAllowedDataException, "upper bound of FOR loop cannot be null")
	}
	if lo, err = in.h.Cast(lo, lt, types.Int4); err != nil {
		return ctl{}, err
	}
	if hi, err = in.h.Cast(hi, ht, types.Int4); err != nil {
		return ctl{}, err
	}
	step := int64(1)
	if s.Step != nil {
		st, stt, err := in.evalScalar(s.Step)
		if err != nil {
			return ctl{}, err
		}
		if st.IsNull() {
			return ctl{}, pgerror.New(pgerrcode.NullValueNotAllowedDataException, "BY value of FOR loop cannot be null")
		}
		if st, err = in.h.Cast(st, stt, types.Int4); err != nil {
			return ctl{}, err
		}
		step = st.Int()
		if step <= 0 {
			return ctl{}, pgerror.New(pgerrcode.InvalidParameterValue, "BY value of FOR loop must be greater than zero")
		}
	}
	found := false
	for i := lo.Int(); (!s.Reverse && i <= hi.Int()) || (s.Reverse && i >= hi.Int()); {
		found = true
		in.vals[s.Var] = value{t: types.Int4, d: types.NewInt(i), assigned: true}
		c, err := in.stmts(s.Body)
		if err != nil {
			return ctl{}, err
		}
		if stop, out := loopCtl(c, s.Label); stop {
			in.setFound(true)
			return out, nil
		}
		if s.Reverse {
			i -= step
		} else {
			i += step
		}
	}
	in.setFound(found)
	return ctl{}, nil
}

func (in *interp) forQuery(s *ForQuery) (ctl, error) {
	in.stmt = "FOR over SELECT rows"
	r, err := in.runMaybeDynamic(s.Query, s.Dynamic, s.Params)
	if err != nil {
		return ctl{}, err
	}
	for _, row := range r.Rows {
		if err := in.assignResultRow(s.Target, row, r.Types, r.Names); err != nil {
			return ctl{}, err
		}
		c, err := in.stmts(s.Body)
		if err != nil {
			return ctl{}, err
		}
		if stop, out := loopCtl(c, s.Label); stop {
			in.setFound(true)
			return out, nil
		}
	}
	in.setFound(len(r.Rows) > 0)
	return ctl{}, nil
}

func (in *interp) forEach(s *ForEach) (ctl, error) {
	in.stmt = "FOREACH over array"
	d, t, err := in.evalScalar(s.Expr)
	if err != nil {
		return ctl{}, err
	}
	if d.IsNull() {
		return ctl{}, pgerror.New(pgerrcode.NullValueNotAllowedDataException, "FOREACH expression must not be null")
	}
	if !t.IsArray() {
		return ctl{}, pgerror.New(pgerrcode.DatatypeMismatch, "FOREACH expression must yield an array, not type %s", t.SQLName())
	}
	arr := d.Array()
	for _, el := range arr.Elems {
		if err := in.assign(s.Target, el, t.Elem); err != nil {
			return ctl{}, err
		}
		c, err := in.stmts(s.Body)
		if err != nil {
			return ctl{}, err
		}
		if stop, out := loopCtl(c, s.Label); stop {
			return out, nil
		}
	}
	return ctl{}, nil
}

// runMaybeDynamic runs a static statement, or evaluates a dynamic one's
// text and runs it with the USING values as $1, $2, ...
func (in *interp) runMaybeDynamic(e *Expr, dynamic bool, params []*Expr) (*Result, error) {
	if !dynamic {
		return in.run(e, false)
	}
	d, t, err := in.evalScalar(e)
	if err != nil {
		return nil, err
	}
	if d.IsNull() {
		return nil, pgerror.New(pgerrcode.NullValueNotAllowedDataException, "query string argument of EXECUTE is null")
	}
	sql := in.h.Output(d, t)
	q := &Query{SQL: sql}
	for _, p := range params {
		v, vt, err := in.evalScalar(p)
		if err != nil {
			return nil, err
		}
		q.Params = append(q.Params, v)
		q.ParamTypes = append(q.ParamTypes, vt)
	}
	res, err := pg_query.Parse(sql)
	if err != nil {
		return nil, syntaxErrorAt(err)
	}
	if len(res.Stmts) != 1 {
		return nil, pgerror.New(pgerrcode.FeatureNotSupported, "EXECUTE of multiple statements is not supported")
	}
	q.AST = res.Stmts[0].Stmt
	return in.h.Run(q)
}

func (in *interp) execSQL(s *ExecSQL) error {
	r, err := in.run(s.SQL, false)
	if err != nil {
		return err
	}
	return in.into(r, s.Into, s.Strict, s.Target, isSelect(s.SQL), false)
}

func isSelect(e *Expr) bool {
	if e.prepared == nil {
		return false
	}
	_, ok := e.prepared.ast.Node.(*pg_query.Node_SelectStmt)
	return ok
}

// into stores a statement's result in an INTO target and sets FOUND and
// the row count.
func (in *interp) into(r *Result, into, strict bool, target int, isSel, dynamic bool) error {
	in.rowCount = r.RowsAffected
	if !into {
		if isSel && r.Returns {
			return pgerror.New(pgerrcode.SyntaxError, "query has no destination for result data").
				WithHint("If you want to discard the results of a SELECT, use PERFORM instead.")
		}
		if !dynamic {
			in.setFound(r.RowsAffected > 0)
		}
		return nil
	}
	if !r.Returns {
		if dynamic {
			return pgerror.New(pgerrcode.FeatureNotSupported, "INTO used with a command that cannot return data")
		}
		return pgerror.New(pgerrcode.DatatypeMismatch, "INTO used with a command that cannot return data")
	}
	if strict {
		if len(r.Rows) == 0 {
			return pgerror.New(pgerrcode.NoDataFound, "query returned no rows")
		}
		if len(r.Rows) > 1 {
			return pgerror.New(pgerrcode.TooManyRows, "query returned more than one row").
				WithHint("Make sure the query returns a single row, or use LIMIT 1.")
		}
	}
	if !dynamic {
		in.setFound(len(r.Rows) > 0)
	}
	if len(r.Rows) == 0 {
		return in.assignResultRow(target, nil, r.Types, r.Names)
	}
	return in.assignResultRow(target, r.Rows[0], r.Types, r.Names)
}

func (in *interp) doReturn(s *Return) (ctl, error) {
	ci := in.ci
	if s.Line == 0 && s.Expr == nil && !ci.RetSet {
		// The parser's implicit RETURN at the end of the body: control
		// fell off the end (Execute decides whether that is allowed).
		return ctl{}, nil
	}
	in.retOK = true
	switch {
	case ci.RetSet:
		return ctl{kind: ctlReturn}, nil
	case ci.Trigger != nil:
		if s.Expr == nil && s.RetVar >= 0 {
			return ctl{kind: ctlReturn}, in.triggerReturn(s.RetVar)
		}
		if s.Expr == nil {
			return ctl{kind: ctlReturn}, nil
		}
		// RETURN NEW, RETURN OLD and RETURN NULL.
		q := strings.TrimSpace(strings.ToLower(s.Expr.Query))
		if q == "null" {
			in.ret.Row = nil
			return ctl{kind: ctlReturn}, nil
		}
		if no := in.Lookup(q); no >= 0 && in.f.Datums[no].Kind == DatumRec {
			return ctl{kind: ctlReturn}, in.triggerReturn(no)
		}
		d, t, err := in.evalScalar(s.Expr)
		if err != nil {
			return ctl{}, err
		}
		if d.IsNull() {
			in.ret.Row = nil
			return ctl{kind: ctlReturn}, nil
		}
		if t.Family != types.FamRecord && len(t.Fields) == 0 {
			return ctl{}, pgerror.New(pgerrcode.DatatypeMismatch, "returned row structure does not match the structure of the triggering table")
		}
		in.ret.Row = append(types.Row(nil), d.Record().Values...)
		return ctl{kind: ctlReturn}, nil
	case ci.Procedure:
		if s.Expr != nil {
			return ctl{}, pgerror.New(pgerrcode.SyntaxError, "RETURN cannot have a parameter in a procedure")
		}
		in.retOK = false
		return ctl{kind: ctlReturn}, nil
	}
	if s.Expr == nil {
		if s.RetVar >= 0 {
			v := in.vals[s.RetVar]
			if in.f.Datums[s.RetVar].Kind == DatumRow {
				in.ret.Value = in.outValue()
			} else {
				in.ret.Value = v.d
			}
			return ctl{kind: ctlReturn}, nil
		}
		if len(in.f.OutParams) > 0 {
			in.ret.Value = in.outValue()
			return ctl{kind: ctlReturn}, nil
		}
		in.ret.Value = types.Null
		return ctl{kind: ctlReturn}, nil
	}
	d, t, err := in.evalScalar(s.Expr)
	if err != nil {
		return ctl{}, err
	}
	if ci.RetType != nil && ci.RetType.Oid != types.OidVoid && ci.RetType.Oid != types.OidRecord && len(ci.RetType.Fields) == 0 {
		if d, err = in.h.Cast(d, t, ci.RetType); err != nil {
			return ctl{}, err
		}
	}
	in.ret.Value = d
	return ctl{kind: ctlReturn}, nil
}

func (in *interp) triggerReturn(no int) error {
	v := in.vals[no]
	if v.d.IsNull() {
		in.ret.Row = nil
		return nil
	}
	in.ret.Row = append(types.Row(nil), v.d.Record().Values...)
	return nil
}

func (in *interp) returnNext(s *ReturnNext) error {
	if s.Expr == nil {
		if s.RetVar >= 0 && in.f.Datums[s.RetVar].Kind == DatumRec {
			v := in.vals[s.RetVar]
			if v.d.IsNull() {
				return in.addRow(nil, nil)
			}
			return in.addRow(v.d.Record().Values, fieldTypes(v.t))
		}
		var row types.Row
		var ts []*types.T
		for _, o := range in.f.OutParams {
			row = append(row, in.vals[o].d)
			ts = append(ts, in.vals[o].t)
		}
		return in.addRow(row, ts)
	}
	d, t, err := in.evalScalar(s.Expr)
	if err != nil {
		return err
	}
	if len(in.ci.RetType.Fields) > 0 && (t.Family == types.FamRecord || len(t.Fields) > 0) {
		if d.IsNull() {
			return in.addRow(make(types.Row, len(in.ci.RetType.Fields)), nil)
		}
		return in.addRow(d.Record().Values, d.Record().Types)
	}
	return in.addRow(types.Row{d}, []*types.T{t})
}

// addRow appends a row to a set-returning function's result, converted
// to the declared column types.
func (in *interp) addRow(row types.Row, ts []*types.T) error {
	want := fieldTypes(in.ci.RetType)
	if len(want) == 0 {
		want = []*types.T{in.ci.RetType}
		if in.ci.RetType.Oid == types.OidRecord && row != nil {
			// SETOF record: rows of any shape; the caller's column
			// definition list describes them.
			in.ret.Rows = append(in.ret.Rows, append(types.Row(nil), row...))
			return nil
		}
	}
	out := make(types.Row, len(want))
	if row == nil {
		for i := range out {
			out[i] = types.Null
		}
		in.ret.Rows = append(in.ret.Rows, out)
		return nil
	}
	if len(row) != len(want) {
		return pgerror.New(pgerrcode.DatatypeMismatch, "structure of query does not match function result type").
			WithDetail("Number of returned columns (%d) does not match expected column count (%d).", len(row), len(want))
	}
	for i := range want {
		d := row[i]
		if ts != nil && i < len(ts) && ts[i] != nil && want[i].Oid != types.OidRecord {
			if ts[i].Oid != want[i].Oid && ts[i].Oid != types.OidUnknown && !d.IsNull() && ts[i].Category != want[i].Category {
				return pgerror.New(pgerrcode.DatatypeMismatch, "structure of query does not match function result type").
					WithDetail("Returned type %s does not match expected type %s in column %d.", ts[i].SQLName(), want[i].SQLName(), i+1)
			}
			v, err := in.h.Cast(d, ts[i], want[i])
			if err != nil {
				return err
			}
			d = v
		}
		out[i] = d
	}
	in.ret.Rows = append(in.ret.Rows, out)
	return nil
}

func (in *interp) raise(s *Raise) error {
	if !s.HasMesage && s.CondName == "" && len(s.Options) == 0 {
		// RAISE; re-raises the error being handled.
		if len(in.active) == 0 {
			return pgerror.New("0Z002", "RAISE without parameters cannot be used outside an exception handler")
		}
		return errReraise{in.active[len(in.active)-1]}
	}
	e := &pgerror.Error{Code: "P0001"}
	if s.CondName != "" {
		c, ok := conditionCodes[strings.ToLower(s.CondName)]
		if !ok {
			return pgerror.New(pgerrcode.UndefinedObject, `unrecognized exception condition "%s"`, s.CondName)
		}
		e.Code = c
		e.Message = strings.ToLower(s.CondName)
	}
	if s.HasMesage {
		var b strings.Builder
		pi := 0
		msg := s.Message
		for i := 0; i < len(msg); i++ {
			if msg[i] != '%' {
				b.WriteByte(msg[i])
				continue
			}
			if i+1 < len(msg) && msg[i+1] == '%' {
				b.WriteByte('%')
				i++
				continue
			}
			if pi >= len(s.Params) {
				return pgerror.New(pgerrcode.SyntaxError, "too few parameters specified for RAISE")
			}
			d, t, err := in.evalScalar(s.Params[pi])
			if err != nil {
				return err
			}
			pi++
			if d.IsNull() {
				b.WriteString("<NULL>")
			} else {
				b.WriteString(in.h.Output(d, t))
			}
		}
		if pi < len(s.Params) {
			return pgerror.New(pgerrcode.SyntaxError, "too many parameters specified for RAISE")
		}
		e.Message = b.String()
	}
	for _, o := range s.Options {
		d, t, err := in.evalScalar(o.Expr)
		if err != nil {
			return err
		}
		if d.IsNull() {
			return pgerror.New(pgerrcode.NullValueNotAllowedDataException, "RAISE statement option cannot be null")
		}
		v := in.h.Output(d, t)
		switch o.Kind {
		case 0:
			if c, ok := conditionCodes[strings.ToLower(v)]; ok {
				e.Code = c
			} else if len(v) == 5 {
				e.Code = v
			} else {
				return pgerror.New(pgerrcode.UndefinedObject, `unrecognized exception condition "%s"`, v)
			}
			if !s.HasMesage && s.CondName == "" && e.Message == "" {
				e.Message = v
			}
		case 1:
			e.Message = v
		case 2:
			e.Detail = v
		case 3:
			e.Hint = v
		case 4:
			e.ColumnName = v
		case 5:
			e.ConstraintName = v
		case 6:
			e.DataTypeName = v
		case 7:
			e.TableName = v
		case 8:
			e.SchemaName = v
		}
	}
	if e.Message == "" && s.CondName == "" && !s.HasMesage {
		e.Message = e.Code
	}
	switch {
	case s.Level >= 21:
		e.Severity = pgerror.SeverityError
		return e
	case s.Level >= 19:
		e.Severity = pgerror.SeverityWarning
	case s.Level == 18:
		e.Severity = pgerror.SeverityNotice
	case s.Level == 17:
		e.Severity = pgerror.SeverityInfo
	case s.Level >= 15:
		e.Severity = pgerror.SeverityLog
	default:
		e.Severity = pgerror.SeverityDebug
	}
	if s.Level >= 17 {
		if len(s.Options) == 0 || e.Code == "P0001" {
			e.Code = "00000"
			for _, o := range s.Options {
				if o.Kind == 0 {
					d, t, _ := in.evalScalar(o.Expr)
					e.Code = in.h.Output(d, t)
				}
			}
		}
		e.Where = fmt.Sprintf("PL/pgSQL function %s line %d at RAISE", in.ci.Signature, in.line)
		in.h.Notice(e)
	}
	return nil
}

// errReraise carries a re-raised error unchanged (no second CONTEXT line).
type errReraise struct{ e *pgerror.Error }

func (r errReraise) Error() string { return r.e.Error() }
func (r errReraise) Unwrap() error { return r.e }

var _ = errors.New
