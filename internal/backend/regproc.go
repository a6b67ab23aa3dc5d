package backend

import (
	"strings"

	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// regprocIn resolves a regproc literal given by name, as regprocin does: a
// function name, perhaps schema-qualified, that must name exactly one
// function. PostgreSQL's JDBC driver asks typinput =
// 'pg_catalog.array_in'::regproc of every type it does not know yet.
func (r regResolver) regprocIn(name string) (types.Oid, error) {
	schema, fn, err := splitQualified(name)
	if err != nil {
		return 0, err
	}
	funcs := r.funcsNamed(schema, fn)
	switch len(funcs) {
	case 0:
		return 0, pgerror.New(pgerror.UndefinedFunction, `function "%s" does not exist`, name)
	case 1:
		return funcs[0].Oid, nil
	}
	return 0, pgerror.New(pgerror.AmbiguousFunction, `more than one function named "%s"`, name)
}

// regprocOut names a built-in function for regproc output, as regprocout
// does: its name, qualified when its schema is not pg_catalog.
func (r regResolver) regprocOut(o types.Oid) (string, bool) {
	if d := r.routine(o); d != nil {
		return r.qualifiedRoutineName(d), true
	}
	if f := builtins.FuncByOid(o); f != nil {
		// A name regprocin would not resolve uniquely is qualified.
		if len(builtins.FuncsByName(f.Name)) > 1 {
			return "pg_catalog." + quoteIdentifier(f.Name), true
		}
		return quoteIdentifier(f.Name), true
	}
	if o == builtins.OidPgExpandarray {
		return "information_schema._pg_expandarray", true
	}
	return "", false
}

// regprocedureIn resolves "name(argtype, ...)" to a built-in function
// whose argument types are exactly those, as regprocedurein does.
func (r regResolver) regprocedureIn(s string) (types.Oid, error) {
	open, depth, quoted := -1, 0, false
	for i := 0; i < len(s) && open < 0; i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted
		case c == '(' && !quoted:
			open = i
		}
	}
	if open < 0 {
		return 0, pgerror.New(pgerror.InvalidTextRepresentation, "expected a left parenthesis")
	}
	body := strings.TrimRight(s[open+1:], " \t\n")
	if !strings.HasSuffix(body, ")") {
		return 0, pgerror.New(pgerror.InvalidTextRepresentation, "expected a right parenthesis")
	}
	body = body[:len(body)-1]
	schema, fn, err := splitQualified(strings.TrimSpace(s[:open]))
	if err != nil {
		return 0, err
	}
	// Split the argument types at top-level commas (a typmod has its own).
	var args []string
	start := 0
	quoted = false
	for i := 0; i <= len(body); i++ {
		if i == len(body) || body[i] == ',' && depth == 0 && !quoted {
			if a := strings.TrimSpace(body[start:i]); a != "" || len(args) > 0 || i < len(body) {
				args = append(args, a)
			}
			start = i + 1
			continue
		}
		switch body[i] {
		case '"':
			quoted = !quoted
		case '(':
			depth++
		case ')':
			depth--
		}
	}
	want := make([]types.Oid, len(args))
	for i, a := range args {
		if a == "" {
			return 0, pgerror.New(pgerror.SyntaxError, "syntax error at or near \",\"")
		}
		o, err := r.ResolveReg(types.ByOid(types.OidRegtype), a)
		if err != nil {
			return 0, err
		}
		want[i] = o
	}
	for _, f := range r.funcsNamed(schema, fn) {
		if len(f.Args) != len(want) {
			continue
		}
		match := true
		for i, t := range f.Args {
			if t.Oid != want[i] {
				match = false
				break
			}
		}
		if match {
			return f.Oid, nil
		}
	}
	return 0, pgerror.New(pgerror.UndefinedFunction, `function "%s" does not exist`, s)
}

// regprocedureOut names a built-in function with its argument types, as
// regprocedureout does: abs(integer), "numeric"(numeric,integer).
func (r regResolver) regprocedureOut(o types.Oid) (string, bool) {
	f := builtins.FuncByOid(o)
	name := ""
	if d := r.routine(o); d != nil {
		f = routineFunc(r.b.tx.cat, d)
		name = r.qualifiedRoutineName(d)
	}
	if f == nil {
		return "", false
	}
	if name == "" {
		name = quoteIdentifier(f.Name)
	}
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('(')
	for i, t := range f.Args {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(t.SQLName())
	}
	b.WriteByte(')')
	return b.String(), true
}

// funcsNamed returns the functions of that name: the built-in ones of
// pg_catalog when schema is empty or pg_catalog, and the user-defined
// ones of the schema or the search path.
func (r regResolver) funcsNamed(schema, fn string) []*builtins.Func {
	var out []*builtins.Func
	if schema == "" || schema == "pg_catalog" {
		out = builtins.FuncsByName(fn)
	} else {
		out = builtins.SchemaFuncsByName(schema, fn)
	}
	if r.b.tx.cat != nil && schema != "pg_catalog" {
		for _, so := range r.b.routineSchemas(schema) {
			for _, d := range r.b.tx.cat.FuncsNamed(fn) {
				if d.Schema == so {
					out = append(out, routineFunc(r.b.tx.cat, d))
				}
			}
		}
	}
	return out
}

// routine returns the user-defined routine with OID o, or nil.
func (r regResolver) routine(o types.Oid) *catalog.Desc {
	if r.b.tx.cat == nil || o < catalog.FirstNormalOid {
		return nil
	}
	if d := r.b.tx.cat.Get(o); d != nil && d.Kind == catalog.KindFunction {
		return d
	}
	return nil
}

// qualifiedRoutineName names a routine, qualified when its schema is not
// on the search path.
func (r regResolver) qualifiedRoutineName(d *catalog.Desc) string {
	for _, so := range r.b.searchPath() {
		if so == d.Schema {
			return quoteIdentifier(d.Name)
		}
	}
	if s := r.b.tx.cat.Get(d.Schema); s != nil {
		return quoteIdentifier(s.Name) + "." + quoteIdentifier(d.Name)
	}
	return quoteIdentifier(d.Name)
}
