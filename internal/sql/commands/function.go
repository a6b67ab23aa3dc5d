package commands

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// This file implements CREATE FUNCTION, CREATE PROCEDURE, DROP FUNCTION,
// DROP PROCEDURE, DROP ROUTINE, CREATE TRIGGER and DROP TRIGGER
// (PostgreSQL's commands/functioncmds.c and commands/trigger.c). The
// bodies are stored as text; the backend compiles and runs them.

// RoutineChecker is implemented by sessions that can validate a routine's
// body at creation (check_function_bodies).
type RoutineChecker interface {
	// CheckRoutine validates d's body; src is the CREATE statement's text.
	CheckRoutine(d *catalog.Desc, src string) error
}

// CreateFunction executes CREATE [OR REPLACE] FUNCTION and PROCEDURE.
func CreateFunction(s Session, sql string, st *pg_query.CreateFunctionStmt) (string, error) {
	tag := "CREATE FUNCTION"
	kind := byte('f')
	if st.IsProcedure {
		tag, kind = "CREATE PROCEDURE", 'p'
	}
	schemaName, name := funcName(st.Funcname)
	schema, err := routineSchema(s, schemaName)
	if err != nil {
		return "", err
	}
	an := s.Analyzer(sql)
	fd := &catalog.FuncDef{Kind: kind, Volatility: 'v', Parallel: 'u', Cost: 100}
	var outs []types.Oid
	var hasNames bool
	for _, pn := range st.Parameters {
		p := pn.GetFunctionParameter()
		t, err := an.ResolveTypeName(p.ArgType)
		if err != nil {
			return "", err
		}
		mode := byte('i')
		switch p.Mode {
		case pg_query.FunctionParameterMode_FUNC_PARAM_OUT:
			mode = 'o'
		case pg_query.FunctionParameterMode_FUNC_PARAM_INOUT:
			mode = 'b'
		case pg_query.FunctionParameterMode_FUNC_PARAM_VARIADIC:
			mode = 'v'
		case pg_query.FunctionParameterMode_FUNC_PARAM_TABLE:
			mode = 't'
		}
		if mode == 'i' || mode == 'b' || mode == 'v' {
			fd.Args = append(fd.Args, t.Oid)
		}
		if mode == 'o' || mode == 'b' || mode == 't' {
			outs = append(outs, t.Oid)
		}
		if p.Defexpr != nil {
			if mode == 'o' || mode == 't' {
				return "", pgerror.New(pgerror.InvalidFunctionDefinition, "only input parameters can have default values")
			}
			txt, err := deparseExpr(p.Defexpr)
			if err != nil {
				return "", err
			}
			fd.Defaults = append(fd.Defaults, txt)
		} else if len(fd.Defaults) > 0 && (mode == 'i' || mode == 'b' || mode == 'v') {
			return "", pgerror.New(pgerror.InvalidFunctionDefinition, "input parameters after one with a default value must also have defaults")
		}
		fd.AllArgs = append(fd.AllArgs, t.Oid)
		fd.ArgModes += string(mode)
		fd.ArgNames = append(fd.ArgNames, p.Name)
		if p.Name != "" {
			hasNames = true
		}
	}
	if !strings.ContainsAny(fd.ArgModes, "obvt") {
		fd.AllArgs, fd.ArgModes = nil, ""
	}
	if !hasNames {
		fd.ArgNames = nil
	}
	switch {
	case st.ReturnType != nil && kind == 'p':
		return "", pgerror.New(pgerror.InvalidFunctionDefinition, "procedure cannot have a return type")
	case st.ReturnType != nil:
		t, err := returnType(an, st.ReturnType)
		if err != nil {
			// A table's name stands for its row type.
			rel := tableRowType(s, st.ReturnType)
			if rel == nil {
				return "", err
			}
			t, fd.RetTable = types.Record, rel.Oid
		}
		fd.Ret = t.Oid
		fd.RetSet = st.ReturnType.Setof
		if strings.Contains(fd.ArgModes, "t") {
			fd.RetSet = true
			if len(outs) == 1 {
				fd.Ret = outs[0]
			} else {
				fd.Ret = types.OidRecord
			}
		} else if len(outs) > 0 {
			want := types.Oid(types.OidRecord)
			if len(outs) == 1 {
				want = outs[0]
			}
			if fd.Ret != want {
				if len(outs) == 1 {
					return "", pgerror.New(pgerror.InvalidFunctionDefinition, "function result type must be %s because of OUT parameters", types.ByOid(want).SQLName())
				}
				return "", pgerror.New(pgerror.InvalidFunctionDefinition, "function result type must be record because of OUT parameters")
			}
		}
	case kind == 'p':
		fd.Ret = types.OidVoid
		if len(outs) > 0 {
			fd.Ret = types.OidRecord
		}
	case len(outs) == 1:
		fd.Ret = outs[0]
	case len(outs) > 1:
		fd.Ret = types.OidRecord
	default:
		return "", pgerror.New(pgerror.InvalidFunctionDefinition, "function result type must be specified")
	}
	var body []string
	for _, o := range st.Options {
		de := o.GetDefElem()
		switch de.Defname {
		case "as":
			for _, it := range de.Arg.GetList().GetItems() {
				body = append(body, it.GetString_().GetSval())
			}
		case "language":
			fd.Lang = strings.ToLower(de.Arg.GetString_().GetSval())
		case "strict":
			fd.Strict = de.Arg.GetBoolean().GetBoolval()
		case "volatility":
			fd.Volatility = de.Arg.GetString_().GetSval()[0]
		case "security":
			fd.SecDef = de.Arg.GetBoolean().GetBoolval()
		case "leakproof":
			fd.Leakproof = de.Arg.GetBoolean().GetBoolval()
		case "parallel":
			fd.Parallel = de.Arg.GetString_().GetSval()[0]
		case "cost":
			fd.Cost = defNumber(de.Arg)
		case "rows":
			fd.Rows = defNumber(de.Arg)
		case "set":
			vs := de.Arg.GetVariableSetStmt()
			if vs != nil && vs.Kind == pg_query.VariableSetKind_VAR_SET_VALUE {
				var vals []string
				for _, a := range vs.Args {
					if c := a.GetAConst(); c != nil {
						vals = append(vals, constText(c))
					}
				}
				fd.Config = append(fd.Config, vs.Name+"="+strings.Join(vals, ", "))
			}
		case "window":
			return "", pgerror.New(pgerror.FeatureNotSupported, "window functions written in SQL or PL/pgSQL are not supported")
		}
	}
	if st.SqlBody != nil {
		if fd.Lang == "" {
			fd.Lang = "sql"
		}
		txt, err := sqlBodyText(st.SqlBody)
		if err != nil {
			return "", err
		}
		body = []string{txt}
	}
	if fd.Lang == "" {
		return "", pgerror.New(pgerror.InvalidFunctionDefinition, "no language specified")
	}
	switch fd.Lang {
	case "sql", "plpgsql":
	case "c", "internal":
		return "", pgerror.New(pgerror.FeatureNotSupported, "functions in language %s are not supported", fd.Lang)
	default:
		return "", pgerror.New(pgerror.UndefinedObject, `language "%s" does not exist`, fd.Lang)
	}
	if len(body) == 0 {
		return "", pgerror.New(pgerror.InvalidFunctionDefinition, "no function body specified")
	}
	fd.Body = body[0]
	if fd.Ret == types.OidTrigger && kind == 'f' && fd.Lang == "sql" {
		return "", pgerror.New(pgerror.InvalidFunctionDefinition, "SQL functions cannot return type trigger")
	}
	if fd.RetSet && fd.Rows == 0 {
		fd.Rows = 1000
	}
	cat := s.Catalog()
	old := findRoutine(cat, schema.Oid, name, fd.Args)
	d := &catalog.Desc{Kind: catalog.KindFunction, Name: name, Schema: schema.Oid, Database: s.Database(), Owner: s.UserOid(), Func: fd}
	if old != nil {
		if !st.Replace {
			what := "function"
			if old.Func.Kind == 'p' {
				what = "procedure"
			}
			return "", pgerror.New(pgerror.DuplicateFunction, `%s "%s" already exists with same argument types`, what, name)
		}
		if old.Func.Kind != kind {
			if old.Func.Kind == 'p' {
				return "", pgerror.New(pgerror.WrongObjectType, "cannot change routine kind").WithDetail(`"%s" is a procedure.`, name)
			}
			return "", pgerror.New(pgerror.WrongObjectType, "cannot change routine kind").WithDetail(`"%s" is a function.`, name)
		}
		if old.Func.Ret != fd.Ret || old.Func.RetSet != fd.RetSet {
			return "", pgerror.New(pgerror.InvalidFunctionDefinition, "cannot change return type of existing function").
				WithHint("Use DROP %s %s first.", strings.ToUpper(routineWord(old)), RoutineSignature(cat, old))
		}
		d.Oid, d.Owner = old.Oid, old.Owner
	}
	if rc, ok := s.(RoutineChecker); ok {
		if err := rc.CheckRoutine(d, sql); err != nil {
			return "", err
		}
	}
	if d.Oid == 0 {
		o, err := cat.Store().NewOid(s.Context())
		if err != nil {
			return "", err
		}
		d.Oid = o
	}
	if err := cat.Put(s.Context(), s.KV(), d); err != nil {
		return "", err
	}
	return tag, nil
}

func defNumber(n *pg_query.Node) float64 {
	switch {
	case n.GetInteger() != nil:
		return float64(n.GetInteger().Ival)
	case n.GetFloat() != nil:
		var f float64
		fmt.Sscan(n.GetFloat().Fval, &f)
		return f
	}
	return 0
}

func constText(c *pg_query.A_Const) string {
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Sval:
		return v.Sval.Sval
	case *pg_query.A_Const_Ival:
		return fmt.Sprint(v.Ival.Ival)
	case *pg_query.A_Const_Fval:
		return v.Fval.Fval
	case *pg_query.A_Const_Boolval:
		if v.Boolval.Boolval {
			return "on"
		}
		return "off"
	}
	return ""
}

// sqlBodyText renders a SQL-standard body (RETURN expr, or BEGIN ATOMIC
// ... END) as the statements it runs, separated by semicolons.
func sqlBodyText(n *pg_query.Node) (string, error) {
	var stmts []*pg_query.Node
	if rs := n.GetReturnStmt(); rs != nil {
		stmts = append(stmts, &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{
			TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: rs.Returnval}}}},
		}}})
	} else {
		for _, it := range n.GetList().GetItems() {
			if l := it.GetList(); l != nil {
				stmts = append(stmts, l.Items...)
			} else if it.Node != nil {
				stmts = append(stmts, it)
			}
		}
	}
	var parts []string
	for _, st := range stmts {
		if rs := st.GetReturnStmt(); rs != nil {
			st = &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{
				TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: rs.Returnval}}}},
			}}}
		}
		txt, err := parser.Deparse(st)
		if err != nil {
			return "", err
		}
		parts = append(parts, txt)
	}
	return strings.Join(parts, ";\n"), nil
}

func funcName(names []*pg_query.Node) (string, string) {
	var parts []string
	for _, n := range names {
		parts = append(parts, n.GetString_().GetSval())
	}
	if len(parts) == 1 {
		return "", parts[0]
	}
	return parts[len(parts)-2], parts[len(parts)-1]
}

// routineSchema is the schema a new routine goes to.
func routineSchema(s Session, name string) (*catalog.Desc, error) {
	switch name {
	case "":
		return s.CreationSchema()
	case "pg_temp":
		return s.TempSchema(true)
	}
	return s.ResolveSchema(name)
}

// findRoutine finds a routine of a schema by name and input types.
func findRoutine(cat *catalog.Txn, schema catalog.Oid, name string, args []types.Oid) *catalog.Desc {
	for _, d := range cat.FuncsNamed(name) {
		if d.Schema == schema && sameOids(d.Func.Args, args) {
			return d
		}
	}
	return nil
}

func sameOids(a, b []types.Oid) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func routineWord(d *catalog.Desc) string {
	if d.Func.Kind == 'p' {
		return "procedure"
	}
	return "function"
}

// RoutineSignature is "name(type, type)" as regprocedure prints it, the
// name qualified when its schema is not pg_catalog or public.
func RoutineSignature(cat *catalog.Txn, d *catalog.Desc) string {
	var b strings.Builder
	if sd := cat.Get(d.Schema); sd != nil && sd.Name != "public" && sd.Name != "pg_catalog" && !catalog.IsTempSchemaName(sd.Name) {
		b.WriteString(quoteIdent(sd.Name) + ".")
	}
	b.WriteString(quoteIdent(d.Name))
	b.WriteByte('(')
	for i, a := range d.Func.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		if t := types.ByOid(a); t != nil {
			b.WriteString(t.SQLName())
		}
	}
	b.WriteByte(')')
	return b.String()
}

// DropFunction executes DROP FUNCTION, DROP PROCEDURE and DROP ROUTINE.
func DropFunction(s Session, sql string, st *pg_query.DropStmt) (string, error) {
	word := "function"
	tag := "DROP FUNCTION"
	switch st.RemoveType {
	case pg_query.ObjectType_OBJECT_PROCEDURE:
		word, tag = "procedure", "DROP PROCEDURE"
	case pg_query.ObjectType_OBJECT_ROUTINE:
		word, tag = "routine", "DROP ROUTINE"
	}
	cat := s.Catalog()
	an := s.Analyzer(sql)
	cascade := st.Behavior == pg_query.DropBehavior_DROP_CASCADE
	var targets []*catalog.Desc
	for _, o := range st.Objects {
		d, err := lookupRoutine(s, an, o.GetObjectWithArgs(), word, st.MissingOk)
		if err != nil {
			return "", err
		}
		if d != nil {
			targets = append(targets, d)
		}
	}
	for _, d := range targets {
		var deps []dependency
		for _, o := range cat.All() {
			if o.Kind == catalog.KindTrigger && o.Trigger.Func == d.Oid {
				tbl := cat.Get(o.Trigger.Table)
				tn := ""
				if tbl != nil {
					tn = displayName(s, tbl)
				}
				deps = append(deps, dependency{desc: o, what: fmt.Sprintf("trigger %s on table %s", o.Name, tn)})
			}
		}
		what := routineWord(d) + " " + RoutineSignature(cat, d)
		if len(deps) > 0 && !cascade {
			var lines []string
			for _, dep := range deps {
				lines = append(lines, dep.what+" depends on "+what)
			}
			return "", pgerror.New(pgerror.DependentObjectsStillExist, "cannot drop %s because other objects depend on it", what).
				WithDetail("%s", strings.Join(lines, "\n")).WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
		}
		if len(deps) > 0 {
			if _, err := checkDeps(s, deps, what, d.Oid, true); err != nil {
				return "", err
			}
			for _, dep := range deps {
				if err := cat.Drop(s.Context(), s.KV(), dep.desc.Oid); err != nil {
					return "", err
				}
			}
		}
		if err := cat.Drop(s.Context(), s.KV(), d.Oid); err != nil {
			return "", err
		}
	}
	return tag, nil
}

func routineSchemaLookup(s Session, name string) (*catalog.Desc, error) {
	if name == "pg_temp" {
		d, err := s.TempSchema(false)
		if err == nil && d == nil {
			return nil, pgerror.New(pgerror.UndefinedSchema, `schema "%s" does not exist`, name)
		}
		return d, err
	}
	return s.ResolveSchema(name)
}

// visibleSchema reports whether unqualified names find objects of a
// schema (it is on the search path, or the session's temporary schema).
func visibleSchema(s Session, o catalog.Oid) bool {
	if v, ok := s.(interface{ OnSearchPath(catalog.Oid) bool }); ok {
		return v.OnSearchPath(o)
	}
	return true
}

// Trigger type bits (PostgreSQL's TRIGGER_TYPE_*).
const (
	trigRow      = 1
	trigBefore   = 2
	trigInsert   = 4
	trigDelete   = 8
	trigUpdate   = 16
	trigTruncate = 32
	trigInstead  = 64
)

// CreateTrigger executes CREATE TRIGGER.
func CreateTrigger(s Session, sql string, st *pg_query.CreateTrigStmt) (string, error) {
	if st.Isconstraint && (st.Timing != 0 || !st.Row) {
		// A constraint trigger is an AFTER ROW trigger; tusk fires it
		// at the end of the statement even when it is deferrable.
		return "", pgerror.New(pgerror.FeatureNotSupported, "constraint triggers must be AFTER ROW triggers")
	}
	if len(st.TransitionRels) > 0 {
		return "", pgerror.New(pgerror.FeatureNotSupported, "transition tables are not supported")
	}
	cat := s.Catalog()
	tbl, err := s.LookupRelation(st.Relation.Schemaname, st.Relation.Relname)
	if err != nil {
		return "", err
	}
	if tbl == nil {
		return "", pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, st.Relation.Relname)
	}
	if tbl.Kind != catalog.KindTable {
		if tbl.Kind == catalog.KindView && st.Timing == trigInstead {
			return "", pgerror.New(pgerror.FeatureNotSupported, "INSTEAD OF triggers are not supported")
		}
		return "", pgerror.New(pgerror.WrongObjectType, `"%s" is a %s`, tbl.Name, relKindName(tbl)).
			WithDetail("Tables cannot have INSTEAD OF triggers.")
	}
	if st.Timing == trigInstead {
		return "", pgerror.New(pgerror.WrongObjectType, `"%s" is a table`, tbl.Name).WithDetail("Tables cannot have INSTEAD OF triggers.")
	}
	td := &catalog.TriggerDef{Table: tbl.Oid, ForEachRow: st.Row, Timing: "AFTER"}
	if st.Timing == trigBefore {
		td.Timing = "BEFORE"
	}
	td.Insert = st.Events&trigInsert != 0
	td.Delete = st.Events&trigDelete != 0
	td.Update = st.Events&trigUpdate != 0
	td.Truncate = st.Events&trigTruncate != 0
	if td.Truncate && st.Row {
		return "", pgerror.New(pgerror.FeatureNotSupported, "TRUNCATE FOR EACH ROW triggers are not supported")
	}
	if td.Truncate {
		// TRUNCATE does not fire triggers yet; refuse rather than
		// accept a trigger that never fires.
		return "", pgerror.New(pgerror.FeatureNotSupported, "TRUNCATE triggers are not supported yet")
	}
	for _, c := range st.Columns {
		td.UpdateCols = append(td.UpdateCols, c.GetString_().GetSval())
	}
	for _, a := range st.Args {
		td.Args = append(td.Args, a.GetString_().GetSval())
	}
	if st.WhenClause != nil {
		if !st.Row {
			return "", pgerror.New(pgerror.FeatureNotSupported, "statement trigger's WHEN condition cannot reference column values")
		}
		txt, err := deparseExpr(st.WhenClause)
		if err != nil {
			return "", err
		}
		td.When = txt
	}
	// The function: a trigger function with no arguments.
	schemaName, fname := funcName(st.Funcname)
	var fn *catalog.Desc
	for _, d := range cat.FuncsNamed(fname) {
		if len(d.Func.Args) != 0 {
			continue
		}
		if schemaName != "" {
			sd, err := routineSchemaLookup(s, schemaName)
			if err != nil || sd.Oid != d.Schema {
				continue
			}
		} else if !visibleSchema(s, d.Schema) {
			continue
		}
		fn = d
		break
	}
	if fn == nil {
		q := fname
		if schemaName != "" {
			q = schemaName + "." + fname
		}
		return "", pgerror.New(pgerror.UndefinedFunction, "function %s() does not exist", q)
	}
	if fn.Func.Ret != types.OidTrigger {
		return "", pgerror.New(pgerror.InvalidObjectDefinition, "function %s must return type trigger", fn.Name)
	}
	td.Func = fn.Oid
	td.Def = sql
	if old := cat.LookupTrigger(tbl.Oid, st.Trigname); old != nil {
		if !st.Replace {
			return "", pgerror.New(pgerror.DuplicateObject, `trigger "%s" for relation "%s" already exists`, st.Trigname, tbl.Name)
		}
		if err := cat.Drop(s.Context(), s.KV(), old.Oid); err != nil {
			return "", err
		}
	}
	o, err := cat.Store().NewOid(s.Context())
	if err != nil {
		return "", err
	}
	d := &catalog.Desc{Oid: o, Kind: catalog.KindTrigger, Name: st.Trigname, Schema: tbl.Schema, Database: s.Database(), Owner: s.UserOid(), Trigger: td}
	if err := cat.Put(s.Context(), s.KV(), d); err != nil {
		return "", err
	}
	return "CREATE TRIGGER", nil
}

// DropTrigger executes DROP TRIGGER name ON table.
func DropTrigger(s Session, st *pg_query.DropStmt) (string, error) {
	cat := s.Catalog()
	for _, o := range st.Objects {
		items := o.GetList().GetItems()
		var parts []string
		for _, it := range items {
			parts = append(parts, it.GetString_().GetSval())
		}
		if len(parts) < 2 {
			return "", pgerror.New(pgerror.SyntaxError, "improper trigger name")
		}
		trig := parts[len(parts)-1]
		relName := parts[len(parts)-2]
		schemaName := ""
		if len(parts) > 2 {
			schemaName = parts[len(parts)-3]
		}
		tbl, err := s.LookupRelation(schemaName, relName)
		if err != nil || tbl == nil {
			if st.MissingOk {
				s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `relation "%s" does not exist, skipping`, relName))
				continue
			}
			if err != nil {
				return "", err
			}
			return "", pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, relName)
		}
		d := cat.LookupTrigger(tbl.Oid, trig)
		if d == nil {
			if st.MissingOk {
				s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `trigger "%s" for relation "%s" does not exist, skipping`, trig, relName))
				continue
			}
			return "", pgerror.New(pgerror.UndefinedObject, `trigger "%s" for table "%s" does not exist`, trig, relName)
		}
		if err := cat.Drop(s.Context(), s.KV(), d.Oid); err != nil {
			return "", err
		}
	}
	return "DROP TRIGGER", nil
}

// returnType resolves a RETURNS type; trigger, a pseudo-type the
// analyzer does not resolve, is allowed here.
func returnType(an *analyze.Analyzer, tn *pg_query.TypeName) (*types.T, error) {
	if len(tn.Names) > 0 && len(tn.ArrayBounds) == 0 {
		last := tn.Names[len(tn.Names)-1].GetString_().GetSval()
		if last == "trigger" && (len(tn.Names) == 1 || tn.Names[0].GetString_().GetSval() == "pg_catalog") {
			if t := types.ByOid(types.OidTrigger); t != nil {
				return t, nil
			}
		}
	}
	return an.ResolveTypeName(tn)
}

// tableRowType returns the table or view a type name names, for a
// routine returning its rows; nil when there is none.
func tableRowType(s Session, tn *pg_query.TypeName) *catalog.Desc {
	if len(tn.ArrayBounds) > 0 || len(tn.Names) == 0 || len(tn.Names) > 2 {
		return nil
	}
	schema, name := funcName(tn.Names)
	d, err := s.LookupRelation(schema, name)
	if err != nil || d == nil || (d.Kind != catalog.KindTable && d.Kind != catalog.KindView) {
		return nil
	}
	return d
}

// lookupRoutine finds the routine an ObjectWithArgs names (DROP, ALTER,
// COMMENT ON FUNCTION); word is "function", "procedure" or "routine".
// With missingOk a missing routine is a notice and nil.
func lookupRoutine(s Session, an *analyze.Analyzer, owa *pg_query.ObjectWithArgs, word string, missingOk bool) (*catalog.Desc, error) {
	cat := s.Catalog()
	schemaName, name := funcName(owa.Objname)
	var args []types.Oid
	var argNames []string
	if len(owa.Objfuncargs) > 0 {
		for _, fa := range owa.Objfuncargs {
			p := fa.GetFunctionParameter()
			if p.Mode == pg_query.FunctionParameterMode_FUNC_PARAM_OUT || p.Mode == pg_query.FunctionParameterMode_FUNC_PARAM_TABLE {
				continue
			}
			t, err := an.ResolveTypeName(p.ArgType)
			if err != nil {
				return nil, err
			}
			args = append(args, t.Oid)
			argNames = append(argNames, t.SQLName())
		}
	} else {
		for _, a := range owa.Objargs {
			t, err := an.ResolveTypeName(a.GetTypeName())
			if err != nil {
				return nil, err
			}
			args = append(args, t.Oid)
			argNames = append(argNames, t.SQLName())
		}
	}
	var schemaOid catalog.Oid
	if schemaName != "" {
		sd, err := routineSchemaLookup(s, schemaName)
		if err != nil {
			if missingOk {
				s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `schema "%s" does not exist, skipping`, schemaName))
				return nil, nil
			}
			return nil, err
		}
		schemaOid = sd.Oid
	}
	var cands []*catalog.Desc
	for _, d := range cat.FuncsNamed(name) {
		if schemaOid != 0 && d.Schema != schemaOid {
			continue
		}
		if schemaOid == 0 && !visibleSchema(s, d.Schema) {
			continue
		}
		if !owa.ArgsUnspecified && !sameOids(d.Func.Args, args) {
			continue
		}
		cands = append(cands, d)
	}
	qual := name
	if schemaName != "" {
		qual = schemaName + "." + name
	}
	if len(cands) == 0 {
		if owa.ArgsUnspecified {
			if missingOk {
				s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, "%s %s() does not exist, skipping", word, qual))
				return nil, nil
			}
			return nil, pgerror.New(pgerror.UndefinedFunction, `could not find a %s named "%s"`, word, qual)
		}
		if missingOk {
			s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, "%s %s(%s) does not exist, skipping", word, qual, strings.Join(argNames, ",")))
			return nil, nil
		}
		return nil, pgerror.New(pgerror.UndefinedFunction, "%s %s(%s) does not exist", word, qual, strings.Join(argNames, ", "))
	}
	if len(cands) > 1 {
		return nil, pgerror.New(pgerror.AmbiguousFunction, `%s name "%s" is not unique`, word, qual).
			WithHint("Specify the argument list to select the %s unambiguously.", word)
	}
	d := cands[0]
	if word == "function" && d.Func.Kind == 'p' {
		return nil, pgerror.New(pgerror.WrongObjectType, "%s is not a function", RoutineSignature(cat, d))
	}
	if word == "procedure" && d.Func.Kind != 'p' {
		return nil, pgerror.New(pgerror.WrongObjectType, "%s is not a procedure", RoutineSignature(cat, d))
	}
	return d, nil
}

func routineWordOf(t pg_query.ObjectType) (string, string) {
	switch t {
	case pg_query.ObjectType_OBJECT_PROCEDURE:
		return "procedure", "PROCEDURE"
	case pg_query.ObjectType_OBJECT_ROUTINE:
		return "routine", "ROUTINE"
	}
	return "function", "FUNCTION"
}

// AlterRoutineOwner executes ALTER FUNCTION, PROCEDURE or ROUTINE ...
// OWNER TO.
func AlterRoutineOwner(s Session, sql string, st *pg_query.AlterOwnerStmt) (string, error) {
	word, tag := routineWordOf(st.ObjectType)
	d, err := lookupRoutine(s, s.Analyzer(sql), st.Object.GetObjectWithArgs(), word, false)
	if err != nil {
		return "", err
	}
	r, err := roleSpec(s, st.Newowner)
	if err != nil {
		return "", err
	}
	nd := *d
	nd.Owner = r.Oid
	return "ALTER " + tag, s.Catalog().Put(s.Context(), s.KV(), &nd)
}

// RenameRoutine executes ALTER FUNCTION, PROCEDURE or ROUTINE ... RENAME
// TO.
func RenameRoutine(s Session, sql string, st *pg_query.RenameStmt) (string, error) {
	word, tag := routineWordOf(st.RenameType)
	d, err := lookupRoutine(s, s.Analyzer(sql), st.Object.GetObjectWithArgs(), word, false)
	if err != nil {
		return "", err
	}
	cat := s.Catalog()
	if other := findRoutine(cat, d.Schema, st.Newname, d.Func.Args); other != nil {
		sn := ""
		if sd := cat.Get(d.Schema); sd != nil {
			sn = sd.Name
		}
		return "", pgerror.New(pgerror.DuplicateFunction, `%s %s(%s) already exists in schema "%s"`, routineWord(other), st.Newname,
			strings.TrimSuffix(strings.TrimPrefix(RoutineSignature(cat, other), quoteIdent(other.Name)+"("), ")"), sn)
	}
	nd := *d
	nd.Name = st.Newname
	return "ALTER " + tag, cat.Put(s.Context(), s.KV(), &nd)
}

// CommentRoutine executes COMMENT ON FUNCTION, PROCEDURE or ROUTINE.
func CommentRoutine(s Session, sql string, st *pg_query.CommentStmt) (string, error) {
	word, _ := routineWordOf(st.Objtype)
	d, err := lookupRoutine(s, s.Analyzer(sql), st.Object.GetObjectWithArgs(), word, false)
	if err != nil {
		return "", err
	}
	nd := *d
	nf := *d.Func
	nf.Comment = st.Comment
	nd.Func = &nf
	return "COMMENT", s.Catalog().Put(s.Context(), s.KV(), &nd)
}
