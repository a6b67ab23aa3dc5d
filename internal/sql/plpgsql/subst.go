package plpgsql

import (
	"errors"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
	"github.com/tuskdb/tusk/internal/pgerror"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// This file prepares embedded SQL: it parses an expression or statement
// with PostgreSQL's grammar and replaces the references to PL/pgSQL
// variables with parameters ($1, $2, ...), the way PostgreSQL's parser
// hooks (plpgsql_pre_column_ref, plpgsql_param_ref) turn them into Params.
// A name that is both a variable and a column is taken as the variable
// (PostgreSQL reports the ambiguity unless variable_conflict says
// otherwise).

// Ref is one variable reference: a datum, or a field of a record datum.
type Ref struct {
	Datum int
	Field string
}

// prepared is an embedded statement ready to run: its tree with
// parameters in place of variables, and what each parameter refers to.
type prepared struct {
	ast  *pg_query.Node
	sql  string
	refs []Ref
}

// Resolver maps names to datums at one point of a function.
type Resolver interface {
	// Lookup returns the datum a name refers to, or -1.
	Lookup(name string) int
	// Datum returns a datum by number.
	Datum(no int) *Datum
}

// PrepareSQL parses sql (one statement) and replaces variable references.
func PrepareSQL(sql string, r Resolver) (*pg_query.Node, []Ref, error) {
	res, err := pg_query.Parse(sql)
	if err != nil {
		return nil, nil, syntaxErrorAt(err)
	}
	if len(res.Stmts) != 1 {
		return nil, nil, pgerror.New(pgerror.SyntaxError, "query \"%s\" returned %d columns", sql, len(res.Stmts))
	}
	n := res.Stmts[0].Stmt
	refs := substitute(n, r)
	return n, refs, nil
}

func syntaxErrorAt(err error) error {
	var pe *parser.Error
	if errors.As(err, &pe) {
		return pgerror.New(pgerror.SyntaxError, "%s", pe.Message)
	}
	return pgerror.New(pgerror.SyntaxError, "%s", err.Error())
}

// substitute replaces variable references in n by parameters and returns
// the references in parameter order.
func substitute(n *pg_query.Node, r Resolver) []Ref {
	var refs []Ref
	index := func(rf Ref) int32 {
		for i, x := range refs {
			if x == rf {
				return int32(i + 1)
			}
		}
		refs = append(refs, rf)
		return int32(len(refs))
	}
	walkNodes(n.ProtoReflect(), func(node *pg_query.Node) {
		switch v := node.Node.(type) {
		case *pg_query.Node_ColumnRef:
			cr := v.ColumnRef
			var names []string
			for _, f := range cr.Fields {
				s := f.GetString_()
				if s == nil {
					return
				}
				names = append(names, s.Sval)
			}
			var rf Ref
			switch len(names) {
			case 1:
				no := r.Lookup(names[0])
				if no < 0 {
					return
				}
				rf = Ref{Datum: no}
			case 2:
				no := r.Lookup(names[0])
				if no < 0 {
					return
				}
				d := r.Datum(no)
				switch d.Kind {
				case DatumRec:
					rf = Ref{Datum: no, Field: names[1]}
				case DatumRow:
					found := false
					for _, f := range d.Fields {
						if r.Datum(f).Name == names[1] {
							rf, found = Ref{Datum: f}, true
						}
					}
					if !found {
						return
					}
				default:
					return
				}
			default:
				return
			}
			node.Node = &pg_query.Node_ParamRef{ParamRef: &pg_query.ParamRef{Number: index(rf), Location: cr.Location}}
		case *pg_query.Node_ParamRef:
			// $n names the function's n-th parameter.
			no := int(v.ParamRef.Number) - 1
			if no >= 0 {
				v.ParamRef.Number = index(Ref{Datum: no})
			}
		}
	})
	return refs
}

// walkNodes calls fn on every Node in the message tree m, parents first.
// fn may replace the node's contents.
func walkNodes(m protoreflect.Message, fn func(*pg_query.Node)) {
	if n, ok := m.Interface().(*pg_query.Node); ok {
		fn(n)
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsMap():
		case fd.IsList():
			if fd.Message() != nil {
				l := v.List()
				for i := 0; i < l.Len(); i++ {
					walkNodes(l.Get(i).Message(), fn)
				}
			}
		case fd.Message() != nil:
			walkNodes(v.Message(), fn)
		}
		return true
	})
}

// splitAssign splits "target := expr" (or "target = expr") into the
// target text and the expression text.
func splitAssign(q string) (string, string) {
	depth := 0
	inStr := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case inStr:
			if c == '\'' {
				inStr = false
			}
		case c == '\'':
			inStr = true
		case c == '[' || c == '(':
			depth++
		case c == ']' || c == ')':
			depth--
		case depth == 0 && c == ':' && i+1 < len(q) && q[i+1] == '=':
			return strings.TrimSpace(q[:i]), q[i+2:]
		case depth == 0 && c == '=':
			return strings.TrimSpace(q[:i]), q[i+1:]
		}
	}
	return "", q
}

// SubstituteNames replaces references to the named parameters of a SQL
// function (names[i] is parameter $i+1; "" for an unnamed one) with
// parameters, in place. A name qualified with the function's name
// (fname.param) is a reference too.
func SubstituteNames(n *pg_query.Node, fname string, names []string) {
	find := func(s string) int {
		for i, nm := range names {
			if nm != "" && nm == s {
				return i
			}
		}
		return -1
	}
	walkNodes(n.ProtoReflect(), func(node *pg_query.Node) {
		cr := node.GetColumnRef()
		if cr == nil {
			return
		}
		var parts []string
		for _, f := range cr.Fields {
			s := f.GetString_()
			if s == nil {
				return
			}
			parts = append(parts, s.Sval)
		}
		i := -1
		switch {
		case len(parts) == 1:
			i = find(parts[0])
		case len(parts) == 2 && parts[0] == fname:
			i = find(parts[1])
		}
		if i >= 0 {
			node.Node = &pg_query.Node_ParamRef{ParamRef: &pg_query.ParamRef{Number: int32(i + 1), Location: cr.Location}}
		}
	})
}
