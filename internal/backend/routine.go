package backend

// User-defined functions, procedures, DO blocks and triggers as the
// session runs them. The catalog stores a routine's text (commands
// creates it); here a call of one runs it in the session's transaction:
// a SQL function's statements one after another (the last one gives the
// result, functions.c), a PL/pgSQL function through the interpreter of
// package plpgsql, with the backend as its Host. Calls reach the backend
// from the executor through builtins.Func values whose implementations
// ask their Env (the backend) to run the routine.

import (
	"fmt"
	"strings"
	"sync"

	"github.com/jackc/pgerrcode"
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/catalog/pgcatalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/commands"
	"github.com/tuskdb/tusk/internal/sql/exec"
	"github.com/tuskdb/tusk/internal/sql/keywords"
	"github.com/tuskdb/tusk/internal/sql/planner"
	"github.com/tuskdb/tusk/internal/sql/plpgsql"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Language OIDs (pg_language).
const (
	langSQL     types.Oid = 14
	langPlpgsql types.Oid = 13563
)

// maxRoutineDepth bounds nested routine calls (PostgreSQL stops at
// max_stack_depth).
const maxRoutineDepth = 200

// Compiled routines, by descriptor (descriptors are immutable, so a
// changed routine is a new descriptor). The caches are shared by every
// session; each forgets everything when it grows past descCacheMax
// entries, which bounds what replaced and dropped routines leave behind.
var (
	routineFuncs descCache // *builtins.Func
	plCompiled   descCache // *plpgsql.Function
	sqlBodies    descCache // []*pg_query.Node
)

const descCacheMax = 4096

// descCache maps descriptors to what was compiled from them. Safe for
// concurrent use.
type descCache struct {
	mu sync.Mutex
	m  map[*catalog.Desc]any
}

func (c *descCache) Load(d *catalog.Desc) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[d]
	return v, ok
}

func (c *descCache) Store(d *catalog.Desc, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= descCacheMax {
		c.m = map[*catalog.Desc]any{}
	}
	c.m[d] = v
}

func (c *descCache) Delete(d *catalog.Desc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, d)
}

var _ analyze.FuncCatalog = sessionCatalog{}

// LookupFuncs finds user-defined functions for the analyzer.
func (c sessionCatalog) LookupFuncs(schema, name string) []*builtins.Func {
	b := c.b
	if b.tx.cat == nil {
		return nil
	}
	descs := b.tx.cat.FuncsNamed(name)
	if len(descs) == 0 {
		return nil
	}
	var out []*builtins.Func
	for _, so := range b.routineSchemas(schema) {
		for _, d := range descs {
			if d.Schema == so && d.Func.Kind != 'p' {
				out = append(out, routineFunc(b.tx.cat, d))
			}
		}
	}
	return out
}

// routineSchemas lists the schemas a routine name is looked up in, in
// order.
func (b *Backend) routineSchemas(schema string) []catalog.Oid {
	switch schema {
	case "":
		// Functions are never looked up in the temporary schema
		// unqualified (namespace.c FuncnameGetCandidates skips it).
		var out []catalog.Oid
		temp := b.tempSchema()
		for _, so := range b.searchPath() {
			if temp == nil || so != temp.Oid {
				out = append(out, so)
			}
		}
		return out
	case "pg_temp":
		if t := b.tempSchema(); t != nil {
			return []catalog.Oid{t.Oid}
		}
		return nil
	}
	d, err := b.resolveSchema(schema)
	if err != nil || d == nil {
		return nil
	}
	return []catalog.Oid{d.Oid}
}

// OnSearchPath implements the schema visibility test of commands for
// routines (the temporary schema is not searched for them).
func (c commandSession) OnSearchPath(o catalog.Oid) bool {
	for _, so := range c.b.routineSchemas("") {
		if so == o {
			return true
		}
	}
	return false
}

func oidType(o types.Oid) *types.T {
	if t := types.ByOid(o); t != nil {
		return t
	}
	return types.Unknown
}

// routineFunc describes a routine as a builtins.Func the analyzer and
// executor handle like a built-in one.
func routineFunc(cat *catalog.Txn, d *catalog.Desc) *builtins.Func {
	if f, ok := routineFuncs.Load(d); ok {
		return f.(*builtins.Func)
	}
	fd := d.Func
	f := &builtins.Func{
		Oid: d.Oid, Name: d.Name, Kind: fd.Kind, Ret: oidType(fd.Ret), RetSet: fd.RetSet, Strict: fd.Strict,
		Volatility: builtins.Volatility(fd.Volatility), NDefaults: len(fd.Defaults), Defaults: strings.Join(fd.Defaults, ", "),
		Src: fd.Body, Cost: fd.Cost, Rows: fd.Rows, AllArgs: fd.AllArgs, ArgModes: fd.ArgModes, ArgNames: fd.ArgNames,
		Desc: fd.Comment,
	}
	f.Lang = langSQL
	if fd.Lang == "plpgsql" {
		f.Lang = langPlpgsql
	}
	for _, a := range fd.Args {
		f.Args = append(f.Args, oidType(a))
	}
	if strings.HasSuffix(strings.ReplaceAll(strings.ReplaceAll(fd.ArgModes, "o", ""), "t", ""), "v") && len(f.Args) > 0 {
		if el := f.Args[len(f.Args)-1].Elem; el != nil {
			f.Variadic = el
		}
	}
	if n := len(fd.Defaults); n > 0 && n <= len(f.Args) {
		// The defaults as PostgreSQL prints them, coerced to their
		// parameters' types.
		defs := make([]string, n)
		for i, d := range fd.Defaults {
			defs[i] = pgcatalog.DeparseDefault(d, f.Args[len(f.Args)-n+i])
		}
		f.Defaults = strings.Join(defs, ", ")
	}
	if fd.RetSet {
		f.SRF = func(env builtins.Env, sig *builtins.Sig, args []types.Datum) (builtins.SetIter, error) {
			b, ok := env.(*Backend)
			if !ok {
				return nil, pgerror.New(pgerror.FeatureNotSupported, "function %s cannot run here", d.Name)
			}
			out, err := b.callRoutine(d, sig, args, nil)
			if err != nil {
				return nil, err
			}
			return &rowsIter{rows: out.Rows}, nil
		}
	} else {
		f.Impl = func(env builtins.Env, sig *builtins.Sig, args []types.Datum) (types.Datum, error) {
			b, ok := env.(*Backend)
			if !ok {
				return types.Null, pgerror.New(pgerror.FeatureNotSupported, "function %s cannot run here", d.Name)
			}
			out, err := b.callRoutine(d, sig, args, nil)
			if err != nil {
				return types.Null, err
			}
			return out.Value, nil
		}
	}
	if fd.RetTable != 0 {
		// The table's row type as it is now: a record of its columns
		// (not cached, since the table may change).
		if t := cat.Get(fd.RetTable); t != nil {
			var fields []types.Field
			var cols []catalog.Column
			switch {
			case t.Table != nil:
				cols = t.Table.LiveColumns()
			case t.View != nil:
				cols = t.View.Columns
			}
			for _, c := range cols {
				fields = append(fields, types.Field{Name: c.Name, T: c.Type()})
			}
			f.Ret = types.RecordOf(fields)
		}
		return f
	}
	routineFuncs.Store(d, f)
	return f
}

type rowsIter struct{ rows []types.Row }

func (it *rowsIter) Next() (types.Row, bool, error) {
	if len(it.rows) == 0 {
		return nil, false, nil
	}
	r := it.rows[0]
	it.rows = it.rows[1:]
	return r, true, nil
}

// routineSource rebuilds a routine's CREATE statement, which the PL/pgSQL
// parser needs (it learns the parameters and result from it).
func routineSource(cat *catalog.Txn, d *catalog.Desc, name string) string {
	fd := d.Func
	var b strings.Builder
	if fd.Kind == 'p' {
		b.WriteString("CREATE PROCEDURE ")
	} else {
		b.WriteString("CREATE FUNCTION ")
	}
	b.WriteString(keywords.Quote(name))
	b.WriteByte('(')
	var table []string
	modes, all := fd.ArgModes, fd.AllArgs
	if modes == "" {
		all = fd.Args
	}
	first := true
	for i, a := range all {
		m := byte('i')
		if modes != "" {
			m = modes[i]
		}
		pname := ""
		if i < len(fd.ArgNames) {
			pname = fd.ArgNames[i]
		}
		if m == 't' {
			table = append(table, keywords.Quote(pname)+" "+oidType(a).SQLName())
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		switch m {
		case 'o':
			b.WriteString("OUT ")
		case 'b':
			b.WriteString("INOUT ")
		case 'v':
			b.WriteString("VARIADIC ")
		}
		if pname != "" {
			b.WriteString(keywords.Quote(pname) + " ")
		}
		b.WriteString(oidType(a).SQLName())
	}
	b.WriteByte(')')
	if fd.Kind != 'p' {
		switch {
		case len(table) > 0:
			b.WriteString(" RETURNS TABLE(" + strings.Join(table, ", ") + ")")
		case fd.RetSet:
			b.WriteString(" RETURNS SETOF " + oidType(fd.Ret).SQLName())
		default:
			b.WriteString(" RETURNS " + oidType(fd.Ret).SQLName())
		}
	}
	tag := "$body$"
	for i := 0; strings.Contains(fd.Body, tag); i++ {
		tag = fmt.Sprintf("$body%d$", i)
	}
	b.WriteString(" LANGUAGE plpgsql AS " + tag + fd.Body + tag)
	return b.String()
}

// paramInfo returns a routine's parameter types (every mode) and the
// indexes of the OUT and INOUT ones.
func paramInfo(fd *catalog.FuncDef) (ts []*types.T, outs []int, names []string) {
	all := fd.AllArgs
	if fd.ArgModes == "" {
		all = fd.Args
	}
	for i, a := range all {
		ts = append(ts, oidType(a))
		if fd.ArgModes != "" && strings.IndexByte("obt", fd.ArgModes[i]) >= 0 {
			outs = append(outs, i)
		}
	}
	names = fd.ArgNames
	return
}

func compilePlpgsql(cat *catalog.Txn, d *catalog.Desc) (*plpgsql.Function, error) {
	if f, ok := plCompiled.Load(d); ok {
		return f.(*plpgsql.Function), nil
	}
	ts, outs, _ := paramInfo(d.Func)
	f, err := plpgsql.Compile(routineSource(cat, d, d.Name), len(ts), outs)
	if err != nil {
		return nil, err
	}
	plCompiled.Store(d, f)
	return f, nil
}

// signature is the routine's name for CONTEXT lines: "f(integer)".
func signature(d *catalog.Desc) string {
	var parts []string
	for _, a := range d.Func.Args {
		parts = append(parts, oidType(a).SQLName())
	}
	return d.Name + "(" + strings.Join(parts, ",") + ")"
}

// callRoutine runs a routine with its input arguments. td is set for a
// trigger.
func (b *Backend) callRoutine(d *catalog.Desc, sig *builtins.Sig, in []types.Datum, td *plpgsql.TriggerData) (*plpgsql.Outcome, error) {
	if b.tx.routineDepth >= maxRoutineDepth {
		return nil, pgerror.New(pgerrcode.StatementTooComplex, "stack depth limit exceeded").
			WithHint(`Increase the configuration parameter "max_stack_depth" (currently 2048kB), after ensuring the platform's stack depth limit is adequate.`)
	}
	b.tx.routineDepth++
	defer func() { b.tx.routineDepth-- }()
	fd := d.Func
	if len(fd.Config) > 0 {
		// SET clauses hold for the call, like SET LOCAL undone at its
		// end (fmgr_security_definer's GUC nest level).
		b.sess.Savepoint()
		defer b.sess.AbortSavepoint()
		for _, c := range fd.Config {
			name, val, _ := strings.Cut(c, "=")
			if _, err := b.SetSetting(name, val, true); err != nil {
				return nil, err
			}
		}
	}
	ts, outs, names := paramInfo(fd)
	// Spread the input arguments over every parameter (OUT ones NULL).
	args := make([]types.Datum, len(ts))
	j := 0
	for i := range ts {
		if fd.ArgModes != "" && (fd.ArgModes[i] == 'o' || fd.ArgModes[i] == 't') {
			args[i] = types.Null
			continue
		}
		if j < len(in) {
			args[i] = in[j]
			if sig != nil && j < len(sig.Args) && ts[i].IsPolymorphic() {
				ts[i] = sig.Args[j]
			}
		}
		j++
	}
	ret := oidType(fd.Ret)
	if sig != nil && sig.Ret != nil {
		ret = sig.Ret
	}
	if len(ret.Fields) == 0 && fd.Ret == types.OidRecord && len(outs) > 0 {
		var fields []types.Field
		for _, o := range outs {
			n := ""
			if o < len(names) {
				n = names[o]
			}
			fields = append(fields, types.Field{Name: n, T: ts[o]})
		}
		ret = types.RecordOf(fields)
	}
	if fd.Lang == "sql" {
		return b.callSQL(d, ts, args, ret, outs)
	}
	f, err := compilePlpgsql(b.tx.cat, d)
	if err != nil {
		return nil, err
	}
	ci := &plpgsql.CallInfo{Signature: signature(d), Args: args, ParamTypes: ts, RetType: ret, RetSet: fd.RetSet,
		Procedure: fd.Kind == 'p', Trigger: td}
	h := &plHost{b: b}
	out, err := plpgsql.Execute(h, f, ci)
	if err != nil {
		return nil, err
	}
	if ret.Oid == types.OidVoid && fd.Kind != 'p' {
		// void is not NULL but an empty value (see builtins.voidValue).
		out.Value = types.NewString("")
	}
	if fd.Kind == 'p' && len(outs) > 0 {
		// A procedure's INOUT and OUT parameters are its result row.
		if out.Value.IsNull() || out.Value.Kind() != types.KRecord {
			out.Value = types.NewRecord(&types.RecordVal{Types: []*types.T{ts[outs[0]]}, Values: []types.Datum{out.Value}})
		}
	}
	return out, nil
}

// sqlBody parses a SQL function's statements and replaces the parameter
// names in them.
func sqlBody(d *catalog.Desc) ([]*pg_query.Node, error) {
	if v, ok := sqlBodies.Load(d); ok {
		return v.([]*pg_query.Node), nil
	}
	res, err := pg_query.Parse(d.Func.Body)
	if err != nil {
		return nil, pgerror.New(pgerror.SyntaxError, "%s", strings.TrimPrefix(err.Error(), "ERROR: "))
	}
	var out []*pg_query.Node
	for _, st := range res.Stmts {
		plpgsql.SubstituteNames(st.Stmt, d.Name, d.Func.ArgNames)
		out = append(out, st.Stmt)
	}
	sqlBodies.Store(d, out)
	return out, nil
}

// inputParams returns the types and values of a SQL function's input
// parameters, which its body sees as $1, $2, ...
func inputParams(fd *catalog.FuncDef, ts []*types.T, args []types.Datum) ([]*types.T, []types.Datum) {
	if fd.ArgModes == "" {
		return ts, args
	}
	var its []*types.T
	var ias []types.Datum
	for i := range ts {
		if fd.ArgModes[i] != 'o' && fd.ArgModes[i] != 't' {
			its = append(its, ts[i])
			ias = append(ias, args[i])
		}
	}
	return its, ias
}

// callSQL runs a SQL function: every statement in turn; the last one's
// rows are the result.
func (b *Backend) callSQL(d *catalog.Desc, ts []*types.T, args []types.Datum, ret *types.T, outs []int) (*plpgsql.Outcome, error) {
	stmts, err := sqlBody(d)
	if err != nil {
		return nil, err
	}
	its, ias := inputParams(d.Func, ts, args)
	h := &plHost{b: b}
	var last *plpgsql.Result
	for i, st := range stmts {
		r, err := h.Run(&plpgsql.Query{AST: st, SQL: d.Func.Body, Params: ias, ParamTypes: its, Key: st})
		if err != nil {
			return nil, pgerror.Flatten(err).WithWhere(fmt.Sprintf("SQL function \"%s\" statement %d", d.Name, i+1))
		}
		last = r
	}
	out := &plpgsql.Outcome{Value: types.Null}
	if d.Func.Kind == 'p' && len(outs) == 0 || ret.Oid == types.OidVoid {
		return out, nil
	}
	if last == nil || !last.Returns {
		return nil, pgerror.New(pgerror.InvalidFunctionDefinition, "return type mismatch in function declared to return %s", ret.SQLName()).
			WithDetail("Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.")
	}
	if err := checkSQLResult(ret, last.Types); err != nil {
		return nil, err
	}
	want := fieldTypesOf(ret)
	if ret.Oid == types.OidRecord && len(ret.Fields) == 0 {
		want = last.Types
	}
	conv := func(row types.Row) (types.Row, error) {
		o := make(types.Row, len(want))
		for i := range want {
			v, err := types.Cast(row[i], last.Types[i], want[i], true, b.TypeCtx())
			if err != nil {
				return nil, err
			}
			o[i] = v
		}
		return o, nil
	}
	if d.Func.RetSet {
		for _, r := range last.Rows {
			c, err := conv(r)
			if err != nil {
				return nil, err
			}
			out.Rows = append(out.Rows, c)
		}
		return out, nil
	}
	if len(last.Rows) == 0 {
		return out, nil
	}
	if ret.Oid == types.OidRecord && len(ret.Fields) == 0 {
		// RETURNS record: the row as it is.
		out.Value = types.NewRecord(&types.RecordVal{Types: last.Types, Values: append(types.Row(nil), last.Rows[0]...)})
		return out, nil
	}
	row, err := conv(last.Rows[0])
	if err != nil {
		return nil, err
	}
	if len(ret.Fields) > 0 {
		out.Value = types.NewRecord(&types.RecordVal{Types: want, Values: row})
	} else {
		out.Value = row[0]
	}
	return out, nil
}

func fieldTypesOf(t *types.T) []*types.T {
	if len(t.Fields) == 0 {
		return []*types.T{t}
	}
	var out []*types.T
	for _, f := range t.Fields {
		out = append(out, f.T)
	}
	return out
}

// checkSQLResult checks a SQL function's final statement's columns
// against its result type (check_sql_fn_retval).
func checkSQLResult(ret *types.T, cols []*types.T) error {
	want := fieldTypesOf(ret)
	if ret.Oid == types.OidRecord && len(ret.Fields) == 0 {
		return nil
	}
	mismatch := func(detail string, args ...any) error {
		return pgerror.New(pgerror.InvalidFunctionDefinition, "return type mismatch in function declared to return %s", ret.SQLName()).
			WithDetail(detail, args...)
	}
	if len(cols) != len(want) {
		if len(want) == 1 {
			return mismatch("Final statement must return exactly one column.")
		}
		return mismatch("Final statement returns too many columns.")
	}
	for i := range want {
		if cols[i].Oid == want[i].Oid || cols[i].Oid == types.OidUnknown {
			continue
		}
		if !types.CanCoerce(cols[i], want[i], types.CastAssignment) {
			if len(want) == 1 {
				return mismatch("Actual return type is %s.", cols[i].SQLName())
			}
			return mismatch("Final statement returns %s instead of %s at column %d.", cols[i].SQLName(), want[i].SQLName(), i+1)
		}
	}
	return nil
}

// CheckRoutine validates a new routine's body (check_function_bodies).
func (c commandSession) CheckRoutine(d *catalog.Desc, _ string) error {
	b := c.b
	if v, err := b.sess.Show("check_function_bodies"); err == nil && v == "off" {
		return nil
	}
	switch d.Func.Lang {
	case "plpgsql":
		ts, outs, _ := paramInfo(d.Func)
		_, err := plpgsql.Compile(routineSource(b.tx.cat, d, d.Name), len(ts), outs)
		return err
	case "sql":
		stmts, err := sqlBody(d)
		if err != nil {
			return err
		}
		sqlBodies.Delete(d)
		ts, _, _ := paramInfo(d.Func)
		its, _ := inputParams(d.Func, ts, make([]types.Datum, len(ts)))
		var lastCols []*types.T
		returns := false
		for _, st := range stmts {
			q, err := b.analyzeRoutineStmt(d.Func.Body, st, its)
			if err != nil {
				return err
			}
			returns, lastCols = false, nil
			if q != nil {
				cols := q.Columns()
				if q.Modify != nil {
					cols = q.Modify.Returning
				}
				returns = q.Modify == nil || len(q.Modify.Returning) > 0
				for _, t := range cols {
					lastCols = append(lastCols, t.Expr.Type())
				}
			}
		}
		ret := oidType(d.Func.Ret)
		if d.Func.Kind == 'p' || ret.Oid == types.OidVoid {
			return nil
		}
		if !returns {
			return pgerror.New(pgerror.InvalidFunctionDefinition, "return type mismatch in function declared to return %s", ret.SQLName()).
				WithDetail("Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.")
		}
		_, outs, names := paramInfo(d.Func)
		if d.Func.Ret == types.OidRecord && len(outs) > 1 {
			var fields []types.Field
			for _, o := range outs {
				fields = append(fields, types.Field{Name: names[o], T: oidType(d.Func.AllArgs[o])})
			}
			ret = types.RecordOf(fields)
		}
		return checkSQLResult(ret, lastCols)
	}
	return nil
}

// analyzeRoutineStmt analyzes one statement of a routine; nil for a
// statement that is not planned.
func (b *Backend) analyzeRoutineStmt(sql string, st *pg_query.Node, params []*types.T) (*analyze.Query, error) {
	an := analyze.New(sql, sessionCatalog{b}, analyze.NewParams(params), b.TypeCtx())
	switch n := st.Node.(type) {
	case *pg_query.Node_SelectStmt:
		if commands.SelectIntoClause(n.SelectStmt) != nil {
			return nil, nil
		}
		return an.AnalyzeSelect(n.SelectStmt)
	case *pg_query.Node_InsertStmt:
		return an.AnalyzeInsert(n.InsertStmt)
	case *pg_query.Node_UpdateStmt:
		return an.AnalyzeUpdate(n.UpdateStmt)
	case *pg_query.Node_DeleteStmt:
		return an.AnalyzeDelete(n.DeleteStmt)
	}
	return nil, nil
}

// plHost runs a routine's statements for the PL/pgSQL interpreter and
// for SQL functions, in the session's transaction.
type plHost struct {
	b *Backend
}

// planKey identifies a cached plan of a routine's statement: the
// statement (a node of a compiled routine, which lives as long as the
// routine's descriptor), its parameter types, and the catalog it was
// planned against. The cache lives as long as the transaction.
type planKey struct {
	key   any
	sig   string
	stamp catStamp
}

type routinePlan struct {
	prog  *exec.Program
	q     *analyze.Query
	names []string
	types []*types.T
}

var _ plpgsql.Host = (*plHost)(nil)

// Run analyzes, plans and executes one statement, or runs a utility
// statement.
func (h *plHost) Run(q *plpgsql.Query) (*plpgsql.Result, error) {
	b := h.b
	ts := make([]*types.T, len(q.ParamTypes))
	var sig strings.Builder
	for i, t := range q.ParamTypes {
		if t == nil {
			t = types.Unknown
		}
		ts[i] = t
		fmt.Fprintf(&sig, "%d.%d,", t.Oid, t.Typmod)
	}
	k := planKey{q.Key, sig.String(), b.catStamp()}
	p := b.tx.routinePlans[k]
	if p == nil || q.Key == nil {
		query, err := b.analyzeRoutineStmt(q.SQL, q.AST, ts)
		if err != nil {
			return nil, err
		}
		if query == nil {
			return h.utility(q)
		}
		pl, err := planner.Plan(query, b)
		if err != nil {
			return nil, err
		}
		prog, err := exec.Compile(pl)
		if err != nil {
			return nil, err
		}
		p = &routinePlan{prog: prog, q: query}
		cols := query.Columns()
		if query.Modify != nil {
			cols = query.Modify.Returning
		}
		for _, c := range cols {
			p.names = append(p.names, c.Name)
			p.types = append(p.types, c.Expr.Type())
		}
		if q.Key != nil {
			if b.tx.routinePlans == nil {
				b.tx.routinePlans = map[planKey]*routinePlan{}
			}
			b.tx.routinePlans[k] = p
		}
	}
	b.tableCache = nil
	st := &exec.State{Env: b, Params: q.Params, Txn: execTxn{b}}
	cur, err := p.prog.Start(st)
	if err != nil {
		return nil, err
	}
	defer cur.Close()
	res := &plpgsql.Result{Names: p.names, Types: p.types, Returns: p.q.Modify == nil || len(p.q.Modify.Returning) > 0}
	for {
		row, err := cur.Next()
		if err != nil {
			return nil, err
		}
		if row == nil {
			break
		}
		res.Rows = append(res.Rows, append(types.Row(nil), row...))
	}
	if p.q.Modify != nil {
		res.RowsAffected = st.RowsAffected
	} else {
		res.RowsAffected = int64(len(res.Rows))
	}
	return res, nil
}

// utility runs a statement that is not planned: DDL, and a few others.
func (h *plHost) utility(q *plpgsql.Query) (*plpgsql.Result, error) {
	b := h.b
	switch n := q.AST.Node.(type) {
	case *pg_query.Node_CallStmt:
		_, rows, err := b.callStmt(q.SQL, n.CallStmt)
		if err != nil {
			return nil, err
		}
		return &plpgsql.Result{Rows: rows}, nil
	case *pg_query.Node_DoStmt:
		return &plpgsql.Result{}, b.doStmt(n.DoStmt)
	case *pg_query.Node_TransactionStmt:
		return nil, pgerror.New(pgerrcode.InvalidTransactionTermination, "invalid transaction termination")
	case *pg_query.Node_VariableSetStmt:
		if _, err := b.setStmt(n.VariableSetStmt); err != nil {
			return nil, err
		}
		return &plpgsql.Result{}, nil
	}
	if isDDL(q.AST) {
		b.ddlSeq++
		sql := q.SQL
		if _, err := b.ddl(sql, q.AST); err != nil {
			return nil, err
		}
		return &plpgsql.Result{}, nil
	}
	return nil, unsupportedStatement(q.AST)
}

// ResolveType resolves a declared type name, %TYPE included.
func (h *plHost) ResolveType(name string) (*types.T, error) {
	b := h.b
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, "%type") {
		ref := strings.TrimSpace(name[:len(name)-5])
		parts := strings.Split(ref, ".")
		if len(parts) >= 2 {
			tbl, err := sessionCatalog{b}.LookupTable(strings.Join(parts[:len(parts)-2], "."), parts[len(parts)-2])
			if err == nil && tbl != nil {
				for _, c := range tbl.Columns {
					if c.Name == parts[len(parts)-1] && !c.Dropped {
						return c.T, nil
					}
				}
			}
		}
		return nil, pgerror.New(pgerror.UndefinedObject, `type "%s" does not exist`, name)
	}
	if strings.HasSuffix(lower, "%rowtype") {
		return types.Record, nil
	}
	res, err := pg_query.Parse("SELECT NULL::" + name)
	if err != nil {
		return nil, pgerror.New(pgerror.SyntaxError, "%s", err.Error())
	}
	tc := res.Stmts[0].Stmt.GetSelectStmt().TargetList[0].GetResTarget().Val.GetTypeCast()
	an := analyze.New("", sessionCatalog{b}, nil, b.TypeCtx())
	return an.ResolveTypeName(tc.TypeName)
}

// Cast converts a value to a variable's or result's type.
func (h *plHost) Cast(d types.Datum, from, to *types.T) (types.Datum, error) {
	if from == nil || to == nil || d.IsNull() || (from.Oid == to.Oid && to.Typmod < 0) {
		return d, nil
	}
	if to.Oid == types.OidRecord || to.Family == types.FamRecord && len(to.Fields) == 0 {
		return d, nil
	}
	if from.Oid == types.OidUnknown {
		return types.Parse(to, d.Str(), h.b.TypeCtx())
	}
	return types.Cast(d, from, to, true, h.b.TypeCtx())
}

// Output formats a value as text.
func (h *plHost) Output(d types.Datum, t *types.T) string {
	if t == nil {
		t = types.Text
	}
	return types.FormatString(t, d, h.b.TypeCtx())
}

// Notice sends RAISE's message when client_min_messages lets it through.
func (h *plHost) Notice(e *pgerror.Error) {
	level, _ := h.b.sess.Show("client_min_messages")
	rank := map[string]int{"debug5": 1, "debug4": 1, "debug3": 1, "debug2": 1, "debug1": 1, "debug": 1, "log": 2, "notice": 3, "warning": 4, "error": 5}
	sev := map[pgerror.Severity]int{pgerror.SeverityDebug: 1, pgerror.SeverityLog: 2, pgerror.SeverityNotice: 3, pgerror.SeverityWarning: 4}
	if e.Severity != pgerror.SeverityInfo && sev[e.Severity] < rank[strings.ToLower(level)] {
		return
	}
	if h.b.conn != nil {
		h.b.conn.SendNotice(e)
	}
}

// Subxact starts a subtransaction for a block with an EXCEPTION clause:
// a savepoint of the key-value transaction, the catalog and the
// settings.
func (h *plHost) Subxact() (func(rollback bool) error, error) {
	b := h.b
	ctx := b.Context()
	if b.tx.kv == nil {
		if err := b.startKV(ctx); err != nil {
			return nil, err
		}
	}
	b.spSeq++
	name := fmt.Sprintf("plsp%d", b.spSeq)
	if err := b.tx.kv.T.Savepoint(ctx, name); err != nil {
		return nil, err
	}
	mark := b.tx.cat.Savepoint()
	b.sess.Savepoint()
	return func(rollback bool) error {
		if rollback {
			b.sess.AbortSavepoint()
			b.tx.cat.RollbackTo(mark)
			b.tableCache = nil
			return b.tx.kv.T.RollbackToSavepoint(ctx, name)
		}
		b.sess.ReleaseSavepoint()
		return b.tx.kv.T.ReleaseSavepoint(ctx, name)
	}, nil
}

// doStmt runs a DO block.
func (b *Backend) doStmt(st *pg_query.DoStmt) error {
	body, lang := "", "plpgsql"
	for _, a := range st.Args {
		de := a.GetDefElem()
		switch de.Defname {
		case "as":
			body = de.Arg.GetString_().GetSval()
		case "language":
			lang = strings.ToLower(de.Arg.GetString_().GetSval())
		}
	}
	if lang != "plpgsql" {
		if lang == "sql" {
			return pgerror.New(pgerror.FeatureNotSupported, "language \"sql\" does not support inline code execution")
		}
		return pgerror.New(pgerror.UndefinedObject, `language "%s" does not exist`, lang)
	}
	d := &catalog.Desc{Name: "inline_code_block", Kind: catalog.KindFunction, Func: &catalog.FuncDef{Kind: 'f', Ret: types.OidVoid, Lang: "plpgsql", Body: body}}
	f, err := plpgsql.Compile(routineSource(b.tx.cat, d, d.Name), 0, nil)
	if err != nil {
		return err
	}
	if b.tx.routineDepth >= maxRoutineDepth {
		return pgerror.New(pgerrcode.StatementTooComplex, "stack depth limit exceeded")
	}
	b.tx.routineDepth++
	defer func() { b.tx.routineDepth-- }()
	_, err = plpgsql.Execute(&plHost{b: b}, f, &plpgsql.CallInfo{Signature: "inline_code_block", RetType: types.Void})
	return err
}

// resolveProcedure finds the procedure a CALL names.
func (b *Backend) resolveProcedure(fc *pg_query.FuncCall) (*catalog.Desc, error) {
	var parts []string
	for _, n := range fc.Funcname {
		parts = append(parts, n.GetString_().GetSval())
	}
	schema, name := "", parts[len(parts)-1]
	if len(parts) > 1 {
		schema = parts[len(parts)-2]
	}
	nargs := len(fc.Args)
	var found []*catalog.Desc
	var funcs bool
	for _, so := range b.routineSchemas(schema) {
		for _, d := range b.tx.cat.FuncsNamed(name) {
			if d.Schema != so {
				continue
			}
			if d.Func.Kind != 'p' {
				funcs = true
				continue
			}
			all := len(d.Func.Args)
			if d.Func.ArgModes != "" {
				all = len(d.Func.AllArgs)
			}
			if nargs == all || (nargs <= len(d.Func.Args) && nargs >= len(d.Func.Args)-len(d.Func.Defaults)) {
				found = append(found, d)
			}
		}
	}
	if len(found) == 0 {
		sig := name + "(" + strings.Repeat("unknown, ", nargs)
		sig = strings.TrimSuffix(sig, ", ") + ")"
		if funcs {
			return nil, pgerror.New(pgerror.WrongObjectType, "%s is not a procedure", name).
				WithHint("To call a function, use SELECT.")
		}
		return nil, pgerror.New(pgerror.UndefinedFunction, "procedure %s does not exist", sig).
			WithHint("No procedure matches the given name and argument types. You might need to add explicit type casts.")
	}
	return found[0], nil
}

// callColumns describes the row CALL returns: the procedure's INOUT and
// OUT parameters.
func callColumns(d *catalog.Desc) ([]string, []*types.T) {
	ts, outs, names := paramInfo(d.Func)
	var ns []string
	var cts []*types.T
	for _, o := range outs {
		n := ""
		if o < len(names) {
			n = names[o]
		}
		ns = append(ns, n)
		cts = append(cts, ts[o])
	}
	return ns, cts
}

// callStmt runs CALL, returning the OUT parameters' row when there are
// any.
func (b *Backend) callStmt(sql string, cs *pg_query.CallStmt) (string, []types.Row, error) {
	d, err := b.resolveProcedure(cs.Funccall)
	if err != nil {
		return "", nil, err
	}
	fd := d.Func
	ts, outs, _ := paramInfo(fd)
	// The arguments: every parameter's when the call lists them all,
	// else the input ones (and defaults).
	var inTypes []*types.T
	var inIdx []int
	all := len(cs.Funccall.Args) == len(ts) && len(outs) > 0
	for i := range ts {
		if fd.ArgModes != "" && (fd.ArgModes[i] == 'o' || fd.ArgModes[i] == 't') {
			continue
		}
		inTypes = append(inTypes, ts[i])
		inIdx = append(inIdx, i)
	}
	var argNodes []*pg_query.Node
	if all {
		for _, i := range inIdx {
			argNodes = append(argNodes, cs.Funccall.Args[i])
		}
	} else {
		argNodes = cs.Funccall.Args
	}
	vals := make([]types.Datum, 0, len(inTypes))
	for i, n := range argNodes {
		an := analyze.New(sql, sessionCatalog{b}, nil, b.TypeCtx())
		e, err := an.AnalyzeConstExpr(n, inTypes[i])
		if err != nil {
			return "", nil, err
		}
		prog, err := exec.CompileExpr(e)
		if err != nil {
			return "", nil, err
		}
		v, err := prog(&exec.State{Env: b, Txn: execTxn{b}})
		if err != nil {
			return "", nil, err
		}
		vals = append(vals, v)
	}
	for i := len(vals); i < len(inTypes); i++ {
		k := len(fd.Defaults) - (len(inTypes) - i)
		an := analyze.New(fd.Defaults[k], sessionCatalog{b}, nil, b.TypeCtx())
		res, err := pg_query.Parse("SELECT " + fd.Defaults[k])
		if err != nil {
			return "", nil, err
		}
		e, err := an.AnalyzeConstExpr(res.Stmts[0].Stmt.GetSelectStmt().TargetList[0].GetResTarget().Val, inTypes[i])
		if err != nil {
			return "", nil, err
		}
		prog, err := exec.CompileExpr(e)
		if err != nil {
			return "", nil, err
		}
		v, err := prog(&exec.State{Env: b, Txn: execTxn{b}})
		if err != nil {
			return "", nil, err
		}
		vals = append(vals, v)
	}
	out, err := b.callRoutine(d, nil, vals, nil)
	if err != nil {
		return "", nil, err
	}
	if len(outs) == 0 {
		return "CALL", nil, nil
	}
	v := out.Value
	if v.IsNull() {
		return "CALL", []types.Row{make(types.Row, len(outs))}, nil
	}
	row := append(types.Row(nil), v.Record().Values...)
	for i := range row {
		if i < len(outs) {
			if c, err := (&plHost{b: b}).Cast(row[i], v.Record().Types[i], ts[outs[i]]); err == nil {
				row[i] = c
			}
		}
	}
	return "CALL", []types.Row{row}, nil
}

var _ builtins.RoutineEnv = (*Backend)(nil)

// RoutineByOid returns a user-defined routine as a builtins.Func.
func (b *Backend) RoutineByOid(oid types.Oid) *builtins.Func {
	if b.tx.cat == nil {
		return nil
	}
	d := b.tx.cat.Get(oid)
	if d == nil || d.Kind != catalog.KindFunction {
		return nil
	}
	return routineFunc(b.tx.cat, d)
}

// RoutineDef is pg_get_functiondef's text (ruleutils.c
// pg_get_functiondef_worker).
func (b *Backend) RoutineDef(oid types.Oid) (string, bool) {
	if b.tx.cat == nil {
		return "", false
	}
	d := b.tx.cat.Get(oid)
	if d == nil || d.Kind != catalog.KindFunction {
		return "", false
	}
	fd := d.Func
	f := routineFunc(b.tx.cat, d)
	var sb strings.Builder
	kind := "FUNCTION"
	if fd.Kind == 'p' {
		kind = "PROCEDURE"
	}
	schema := ""
	if s := b.tx.cat.Get(d.Schema); s != nil {
		schema = s.Name
		if catalog.IsTempSchemaName(schema) {
			schema = "pg_temp"
		}
	}
	fmt.Fprintf(&sb, "CREATE OR REPLACE %s %s.%s(", kind, keywords.Quote(schema), keywords.Quote(d.Name))
	args := routineArgs(f)
	sb.WriteString(args + ")\n")
	if fd.Kind != 'p' {
		sb.WriteString(" RETURNS " + routineResult(f) + "\n")
	}
	sb.WriteString(" LANGUAGE " + keywords.Quote(fd.Lang) + "\n")
	var attrs strings.Builder
	switch fd.Volatility {
	case 'i':
		attrs.WriteString(" IMMUTABLE")
	case 's':
		attrs.WriteString(" STABLE")
	}
	if fd.Strict {
		attrs.WriteString(" STRICT")
	}
	if fd.SecDef {
		attrs.WriteString(" SECURITY DEFINER")
	}
	if fd.Leakproof {
		attrs.WriteString(" LEAKPROOF")
	}
	switch fd.Parallel {
	case 's':
		attrs.WriteString(" PARALLEL SAFE")
	case 'r':
		attrs.WriteString(" PARALLEL RESTRICTED")
	}
	if fd.Cost != 100 {
		fmt.Fprintf(&attrs, " COST %g", fd.Cost)
	}
	if fd.RetSet && fd.Rows > 0 && fd.Rows != 1000 {
		fmt.Fprintf(&attrs, " ROWS %g", fd.Rows)
	}
	if attrs.Len() > 0 {
		sb.WriteString(attrs.String() + "\n")
	}
	for _, c := range fd.Config {
		name, val, _ := strings.Cut(c, "=")
		fmt.Fprintf(&sb, " SET %s TO '%s'\n", name, strings.ReplaceAll(val, "'", "''"))
	}
	tag := "$function$"
	if fd.Kind == 'p' {
		tag = "$procedure$"
	}
	for strings.Contains(fd.Body, tag) {
		tag = tag[:len(tag)-1] + "x$"
	}
	sb.WriteString("AS " + tag + fd.Body + tag + "\n")
	return sb.String(), true
}

// routineArgs prints a routine's parameters as pg_get_function_arguments
// does.
func routineArgs(f *builtins.Func) string {
	var parts []string
	modes := f.ArgModes
	all := f.AllArgs
	if modes == "" {
		for _, a := range f.Args {
			all = append(all, a.Oid)
		}
		modes = strings.Repeat("i", len(all))
	}
	defaults := []string{}
	if f.NDefaults > 0 {
		defaults = strings.Split(f.Defaults, ", ")
	}
	nin := len(f.Args)
	in := 0
	for i, m := range modes {
		if m == 't' {
			continue
		}
		p := builtins.ParamModeWord(f.Kind == 'p', m)
		if i < len(f.ArgNames) && f.ArgNames[i] != "" {
			p += keywords.Quote(f.ArgNames[i]) + " "
		}
		p += builtins.FormatType(all[i], -1)
		if m != 'o' {
			if j := in - (nin - f.NDefaults); j >= 0 && j < len(defaults) {
				p += " DEFAULT " + defaults[j]
			}
			in++
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

func routineResult(f *builtins.Func) string {
	if strings.ContainsRune(f.ArgModes, 't') {
		var cols []string
		for i, m := range f.ArgModes {
			if m == 't' {
				cols = append(cols, keywords.Quote(f.ArgNames[i])+" "+builtins.FormatType(f.AllArgs[i], -1))
			}
		}
		return "TABLE(" + strings.Join(cols, ", ") + ")"
	}
	r := builtins.FormatType(f.Ret.Oid, -1)
	if f.RetSet {
		r = "SETOF " + r
	}
	return r
}

// TriggerDef is pg_get_triggerdef's text.
func (b *Backend) TriggerDef(oid types.Oid) (string, bool) {
	if b.tx.cat == nil {
		return "", false
	}
	d := b.tx.cat.Get(oid)
	if d == nil || d.Kind != catalog.KindTrigger {
		return "", false
	}
	t := d.Trigger
	var events []string
	if t.Insert {
		events = append(events, "INSERT")
	}
	if t.Delete {
		events = append(events, "DELETE")
	}
	if t.Update {
		e := "UPDATE"
		if len(t.UpdateCols) > 0 {
			var cols []string
			for _, c := range t.UpdateCols {
				cols = append(cols, keywords.Quote(c))
			}
			e += " OF " + strings.Join(cols, ", ")
		}
		events = append(events, e)
	}
	if t.Truncate {
		events = append(events, "TRUNCATE")
	}
	tbl := b.tx.cat.Get(t.Table)
	fn := b.tx.cat.Get(t.Func)
	if tbl == nil || fn == nil {
		return "", false
	}
	tname := keywords.Quote(tbl.Name)
	if s := b.tx.cat.Get(tbl.Schema); s != nil && !catalog.IsTempSchemaName(s.Name) {
		tname = keywords.Quote(s.Name) + "." + tname
	}
	level := "STATEMENT"
	if t.ForEachRow {
		level = "ROW"
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "CREATE TRIGGER %s %s %s ON %s FOR EACH %s ", keywords.Quote(d.Name), t.Timing, strings.Join(events, " OR "), tname, level)
	if t.When != "" {
		sb.WriteString("WHEN (" + t.When + ") ")
	}
	var args []string
	for _, a := range t.Args {
		args = append(args, "'"+strings.ReplaceAll(a, "'", "''")+"'")
	}
	fmt.Fprintf(&sb, "EXECUTE FUNCTION %s(%s)", keywords.Quote(fn.Name), strings.Join(args, ", "))
	return sb.String(), true
}
