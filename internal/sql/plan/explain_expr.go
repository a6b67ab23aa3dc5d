package plan

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// expr deparses an expression of a plan node for EXPLAIN, as
// ruleutils.c's deparse_expression does without pretty-printing: every
// operator call, Boolean operator and test is parenthesized, constants
// carry their type unless it is implied (integer, numeric, boolean), and
// casts print as (x)::type. Subplans met in the expression are numbered
// and attached to owner, which prints them after its children.
func (e *explainer) expr(x analyze.Expr, c *ctx, owner *enode) string {
	var b strings.Builder
	e.writeExpr(&b, x, c, owner)
	return b.String()
}

func (e *explainer) writeExpr(b *strings.Builder, x analyze.Expr, c *ctx, owner *enode) {
	w := func(y analyze.Expr) { e.writeExpr(b, y, c, owner) }
	list := func(ys []analyze.Expr) {
		for i, y := range ys {
			if i > 0 {
				b.WriteString(", ")
			}
			w(y)
		}
	}
	switch x := x.(type) {
	case nil:
		b.WriteString("NULL")
	case *InputRef:
		if x.Index < len(c.in) {
			if c.wrap {
				b.WriteString(wrapRef(c.in[x.Index]))
			} else {
				b.WriteString(c.in[x.Index])
			}
		} else {
			b.WriteString("?column?")
		}
	case *OuterRef:
		if x.Depth-1 < len(c.outer) && x.Index < len(c.outer[x.Depth-1]) {
			// An outer row's column prints qualified, as ruleutils.c
			// prints a PARAM_EXEC's referent.
			b.WriteString(e.render(c.outer[x.Depth-1][x.Index], true))
		} else {
			b.WriteString("?column?")
		}
	case *analyze.Const:
		writeConst(b, x)
	case *analyze.Param:
		if i := x.Index - 1; i >= 0 && i < len(e.res.Params) {
			// A plan for given parameter values (EXPLAIN EXECUTE) shows
			// them, as PostgreSQL's custom plans do.
			writeConst(b, &analyze.Const{T: x.Type(), Value: e.res.Params[i]})
			return
		}
		b.WriteString("$" + strconv.Itoa(x.Index))
	case *analyze.Var:
		b.WriteString(quoteIdent(x.Name))
	case *analyze.Func:
		if x.Op != nil {
			b.WriteByte('(')
			if len(x.Args) == 2 {
				w(x.Args[0])
				b.WriteString(" " + x.Op.Name + " ")
				w(x.Args[1])
			} else if len(x.Args) == 1 {
				b.WriteString(x.Op.Name + " ")
				w(x.Args[0])
			}
			b.WriteByte(')')
			return
		}
		b.WriteString(x.Fn.Name)
		b.WriteByte('(')
		list(x.Args)
		b.WriteByte(')')
	case *analyze.Cast:
		if k, ok := x.Arg.(*analyze.Const); ok && k.T == x.T {
			writeConst(b, k)
			return
		}
		b.WriteByte('(')
		w(x.Arg)
		b.WriteString(")::")
		b.WriteString(x.T.SQLName())
	case *analyze.BoolOp:
		b.WriteByte('(')
		switch x.Op {
		case analyze.Not:
			if f, ok := x.Args[0].(*analyze.Func); ok && f.Op != nil && f.Op.Negator != 0 && len(f.Args) == 2 {
				// PostgreSQL's planner replaces NOT (a = b) by a <> b
				// (negate_clause); the executor's result is the same.
				if neg := builtins.OperatorByOid(f.Op.Negator); neg != nil {
					w(f.Args[0])
					b.WriteString(" " + neg.Name + " ")
					w(f.Args[1])
					b.WriteByte(')')
					return
				}
			}
			b.WriteString("NOT ")
			w(x.Args[0])
		default:
			op := " AND "
			if x.Op == analyze.Or {
				op = " OR "
			}
			for i, a := range x.Args {
				if i > 0 {
					b.WriteString(op)
				}
				w(a)
			}
		}
		b.WriteByte(')')
	case *analyze.NullTest:
		b.WriteByte('(')
		w(x.Arg)
		if x.Not {
			b.WriteString(" IS NOT NULL)")
		} else {
			b.WriteString(" IS NULL)")
		}
	case *analyze.BoolTest:
		b.WriteByte('(')
		w(x.Arg)
		b.WriteString([...]string{" IS TRUE", " IS NOT TRUE", " IS FALSE", " IS NOT FALSE", " IS UNKNOWN", " IS NOT UNKNOWN"}[x.Kind])
		b.WriteByte(')')
	case *analyze.Case:
		b.WriteString("CASE")
		if x.Arg != nil {
			b.WriteByte(' ')
			w(x.Arg)
		}
		for _, wh := range x.Whens {
			b.WriteString(" WHEN ")
			if x.Arg != nil {
				// The simple form compares the operand: print the value.
				if f, ok := wh.Cond.(*analyze.Func); ok && len(f.Args) == 2 {
					w(f.Args[1])
				} else {
					w(wh.Cond)
				}
			} else {
				w(wh.Cond)
			}
			b.WriteString(" THEN ")
			w(wh.Result)
		}
		if x.Else != nil {
			b.WriteString(" ELSE ")
			w(x.Else)
		}
		b.WriteString(" END")
	case *analyze.CaseTest:
		b.WriteString("CASE_TEST_EXPR")
	case *analyze.Coalesce:
		b.WriteString("COALESCE(")
		list(x.Args)
		b.WriteByte(')')
	case *analyze.MinMax:
		if x.Greatest {
			b.WriteString("GREATEST(")
		} else {
			b.WriteString("LEAST(")
		}
		list(x.Args)
		b.WriteByte(')')
	case *analyze.NullIf:
		b.WriteString("NULLIF(")
		list(x.Args[:])
		b.WriteByte(')')
	case *analyze.Distinct:
		b.WriteByte('(')
		w(x.Eq.Args[0])
		if x.Not {
			b.WriteString(" IS NOT DISTINCT FROM ")
		} else {
			b.WriteString(" IS DISTINCT FROM ")
		}
		w(x.Eq.Args[1])
		b.WriteByte(')')
	case *analyze.ScalarArrayOp:
		b.WriteByte('(')
		w(x.Left)
		b.WriteString(" " + opName(x.Op) + " ")
		if x.Any {
			b.WriteString("ANY (")
		} else {
			b.WriteString("ALL (")
		}
		w(x.Array)
		b.WriteString("))")
	case *analyze.ArrayExpr:
		b.WriteString("ARRAY[")
		list(x.Elems)
		b.WriteByte(']')
	case *analyze.RowExpr:
		b.WriteString("ROW(")
		list(x.Args)
		b.WriteByte(')')
	case *analyze.RowCompare:
		b.WriteString("(ROW(")
		list(x.L)
		b.WriteString(") " + x.Op + " ROW(")
		list(x.R)
		b.WriteString("))")
	case *analyze.SQLValue:
		b.WriteString([...]string{"CURRENT_USER", "SESSION_USER", "CURRENT_ROLE", "CURRENT_USER", "CURRENT_CATALOG",
			"CURRENT_SCHEMA", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP"}[x.Kind])
	case *analyze.Subscript:
		w(x.Arr)
		for i := range x.Index {
			b.WriteByte('[')
			if x.Slice {
				if x.Index[i] != nil {
					w(x.Index[i])
				}
				b.WriteByte(':')
				if i < len(x.Upper) && x.Upper[i] != nil {
					w(x.Upper[i])
				}
			} else {
				w(x.Index[i])
			}
			b.WriteByte(']')
		}
	case *analyze.Aggref:
		b.WriteString(x.Fn.Name)
		b.WriteByte('(')
		if x.Distinct {
			b.WriteString("DISTINCT ")
		}
		if x.Star {
			b.WriteByte('*')
		}
		list(x.Args)
		if len(x.Order) > 0 {
			b.WriteString(" ORDER BY ")
			for i, k := range x.Order {
				if i > 0 {
					b.WriteString(", ")
				}
				w(k.Expr)
				b.WriteString(sortSuffix(k.Desc, k.NullsFirst))
			}
		}
		b.WriteByte(')')
		if x.Filter != nil {
			b.WriteString(" FILTER (WHERE ")
			w(x.Filter)
			b.WriteByte(')')
		}
	case *analyze.WindowFunc:
		b.WriteString(x.Fn.Fn.Name)
		b.WriteByte('(')
		if x.Star {
			b.WriteByte('*')
		}
		list(x.Fn.Args)
		b.WriteString(") OVER (?)")
	case *SubPlan:
		e.subSeq++
		sub := e.node(x.Plan, append([][]string{c.in}, c.outer...))
		if !x.Correlated && (x.Kind == analyze.SubExpr || x.Kind == analyze.SubArray || x.Kind == analyze.SubExists) {
			// Run once before the node: PostgreSQL's InitPlan, whose
			// result the expression reads as a parameter.
			param := "$" + strconv.Itoa(e.paramSeq)
			e.paramSeq++
			sub.rel = "InitPlan"
			sub.subTag = "InitPlan " + strconv.Itoa(e.subSeq) + " (returns " + param + ")"
			if owner != nil {
				owner.inits = append(owner.inits, sub)
			}
			b.WriteString(param)
			return
		}
		tag := "SubPlan " + strconv.Itoa(e.subSeq)
		sub.rel = "SubPlan"
		sub.subTag = tag
		if owner != nil {
			owner.subs = append(owner.subs, sub)
		}
		if !x.Correlated && x.Kind == analyze.SubAny {
			b.WriteString("(hashed " + tag + ")")
		} else {
			b.WriteString("(" + tag + ")")
		}
	default:
		fmt.Fprintf(b, "%s", strings.TrimPrefix(fmt.Sprintf("%T", x), "*analyze."))
	}
}

func opName(f *analyze.Func) string {
	if f != nil && f.Op != nil {
		return f.Op.Name
	}
	return "="
}

// writeConst prints a constant as get_const_expr does.
func writeConst(b *strings.Builder, k *analyze.Const) {
	if k.Value.IsNull() {
		b.WriteString("NULL::" + k.T.SQLName())
		return
	}
	s := types.FormatString(k.T, k.Value, types.DefaultCtx)
	switch k.T.Oid {
	case types.OidInt4:
		if !strings.HasPrefix(s, "-") {
			b.WriteString(s)
			return
		}
	case types.OidNumeric:
		if !strings.HasPrefix(s, "-") && strings.Trim(s, "0123456789.") == "" {
			b.WriteString(s)
			return
		}
	case types.OidBool:
		if s == "t" {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
		return
	}
	b.WriteString("'" + strings.ReplaceAll(s, "'", "''") + "'::" + k.T.SQLName())
}

var plainRefRE = regexp.MustCompile("^(\x01[^\x02]*\x02)?([a-z_][a-z0-9_$]*|\"([^\"]|\"\")*\")$")

// wrapRef parenthesizes a reference to a child's output column that the
// child computes (not a plain column), as ruleutils.c's get_variable does
// for an OUTER_VAR or INNER_VAR.
func wrapRef(s string) string {
	if plainRefRE.MatchString(s) || strings.HasPrefix(s, "$") {
		return s
	}
	return "(" + s + ")"
}
