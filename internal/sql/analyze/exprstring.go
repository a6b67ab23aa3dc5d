package analyze

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tuskdb/tusk/internal/sql/types"
)

// ExprString renders an analyzed expression as SQL-like text. It is used to
// compare expressions structurally and in EXPLAIN output.
func ExprString(e Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

func writeExpr(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case nil:
		b.WriteString("<nil>")
	case *Const:
		if e.Value.IsNull() {
			b.WriteString("NULL")
		} else {
			b.WriteString(strconv.Quote(types.FormatString(e.T, e.Value, types.DefaultCtx)))
		}
		b.WriteString("::")
		b.WriteString(e.T.SQLName())
	case *Param:
		b.WriteString("$" + strconv.Itoa(e.Index))
	case *Var:
		b.WriteString("var(")
		b.WriteString(strconv.Itoa(e.LevelsUp))
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(e.Rel))
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(e.Col))
		b.WriteByte(')')
	case *Func:
		if e.Op != nil && len(e.Args) == 2 {
			b.WriteByte('(')
			writeExpr(b, e.Args[0])
			b.WriteString(" " + e.Op.Name + " ")
			writeExpr(b, e.Args[1])
			b.WriteByte(')')
			return
		}
		b.WriteString(e.Fn.Name)
		b.WriteByte('(')
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a)
		}
		b.WriteByte(')')
	case *Cast:
		b.WriteByte('(')
		writeExpr(b, e.Arg)
		b.WriteString(")::")
		b.WriteString(e.T.SQLName())
	case *BoolOp:
		op := [...]string{" AND ", " OR ", "NOT "}[e.Op]
		b.WriteByte('(')
		if e.Op == Not {
			b.WriteString(op)
			writeExpr(b, e.Args[0])
		} else {
			for i, a := range e.Args {
				if i > 0 {
					b.WriteString(op)
				}
				writeExpr(b, a)
			}
		}
		b.WriteByte(')')
	case *NullTest:
		writeExpr(b, e.Arg)
		if e.Not {
			b.WriteString(" IS NOT NULL")
		} else {
			b.WriteString(" IS NULL")
		}
	case *WindowFunc:
		b.WriteString("window" + strconv.Itoa(e.Win) + ":")
		writeExpr(b, e.Fn)
		if e.Star {
			b.WriteString("(*)")
		}
	case *Aggref:
		b.WriteString(e.Fn.Name)
		b.WriteByte('(')
		if e.Distinct {
			b.WriteString("DISTINCT ")
		}
		if e.Star {
			b.WriteByte('*')
		}
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a)
		}
		for i, k := range e.Order {
			if i == 0 {
				b.WriteString(" ORDER BY ")
			} else {
				b.WriteString(", ")
			}
			writeExpr(b, k.Expr)
			b.WriteString(" " + strconv.FormatBool(k.Desc) + strconv.FormatBool(k.NullsFirst) + k.Using)
		}
		b.WriteByte(')')
		if e.Filter != nil {
			b.WriteString(" FILTER (")
			writeExpr(b, e.Filter)
			b.WriteByte(')')
		}
	default:
		// Other nodes render by type, the fields that tell apart nodes of
		// one type with the same children, and children.
		b.WriteString(strings.TrimPrefix(sprintType(e), "*analyze."))
		switch e := e.(type) {
		case *MinMax:
			b.WriteString(strconv.FormatBool(e.Greatest))
		case *BoolTest:
			b.WriteString(strconv.Itoa(int(e.Kind)))
		case *Distinct:
			b.WriteString(strconv.FormatBool(e.Not))
		case *ScalarArrayOp:
			b.WriteString(e.Op.Fn.Name + strconv.FormatBool(e.Any))
		case *SubLink:
			// Two subqueries are never taken for the same expression,
			// however alike: a subquery's text is not rendered, and ORDER
			// BY or GROUP BY naming a target's subquery shares its node.
			fmt.Fprintf(b, "@%p", e)
		case *Subscript:
			b.WriteString(strconv.FormatBool(e.Slice) + strconv.Itoa(len(e.Index)))
			for i := range e.Upper {
				b.WriteString(strconv.FormatBool(e.Index[i] != nil) + strconv.FormatBool(e.Upper[i] != nil))
			}
		}
		b.WriteByte('{')
		for i, c := range children(e) {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, c)
		}
		b.WriteByte('}')
	}
}

// children returns the direct sub-expressions of e.
func children(e Expr) []Expr {
	switch e := e.(type) {
	case *Func:
		return e.Args
	case *Cast:
		return []Expr{e.Arg}
	case *BoolOp:
		return e.Args
	case *NullTest:
		return []Expr{e.Arg}
	case *BoolTest:
		return []Expr{e.Arg}
	case *Case:
		var out []Expr
		if e.Arg != nil {
			out = append(out, e.Arg)
		}
		for _, w := range e.Whens {
			out = append(out, w.Cond, w.Result)
		}
		return append(out, e.Else)
	case *Coalesce:
		return e.Args
	case *MinMax:
		return e.Args
	case *NullIf:
		return e.Args[:]
	case *Distinct:
		return e.Eq.Args
	case *ScalarArrayOp:
		return []Expr{e.Left, e.Array}
	case *ArrayExpr:
		return e.Elems
	case *RowExpr:
		return e.Args
	case *RowCompare:
		return append(append([]Expr{}, e.L...), e.R...)
	case *Aggref:
		return e.Args
	case *WindowFunc:
		out := append([]Expr{}, e.Fn.Args...)
		if e.Filter != nil {
			out = append(out, e.Filter)
		}
		return out
	case *SubLink:
		if e.Test != nil {
			return []Expr{e.Left}
		}
		return nil
	case *FieldSelect:
		return []Expr{e.Arg}
	case *Subscript:
		out := []Expr{e.Arr}
		for _, x := range e.Index {
			if x != nil {
				out = append(out, x)
			}
		}
		for _, x := range e.Upper {
			if x != nil {
				out = append(out, x)
			}
		}
		return out
	}
	return nil
}

// Walk calls fn for e and each of its sub-expressions, depth first, until
// fn returns false.
func Walk(e Expr, fn func(Expr) bool) bool {
	if e == nil {
		return true
	}
	if !fn(e) {
		return false
	}
	for _, c := range children(e) {
		if !Walk(c, fn) {
			return false
		}
	}
	return true
}
