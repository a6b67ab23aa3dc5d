package pgcatalog

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/sql/keywords"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// This file prints stored expressions (column defaults, CHECK
// constraints, index predicates) the way PostgreSQL's ruleutils.c prints
// an analyzed expression tree: constants carry the type they were
// coerced to ('x'::text, 0::numeric), implicit casts of columns show
// (m::text for a varchar compared with text), IN lists become
// = ANY (ARRAY[...]) and BETWEEN becomes two comparisons. tusk keeps
// expressions as SQL text, so the printer works on the re-parsed raw tree
// with a small type inference over the table's columns; it covers the
// expressions column defaults and constraints usually hold, and falls
// back to the stored text otherwise.

// exprPrinter prints one expression.
type exprPrinter struct {
	cols   map[string]*types.T
	pretty bool
	ok     bool
	// qualify, when set, returns the qualified text of a column
	// reference (view definitions qualify every column).
	qualify func(c *pg_query.ColumnRef) (string, *types.T, bool)
}

// deparseExpr prints the SQL text expr of a table with columns cols;
// target is the type the whole expression is coerced to (a default's
// column type), nil for none.
func deparseExpr(expr string, cols map[string]*types.T, target *types.T, pretty bool) string {
	st, err := parser.ParseOne("SELECT " + expr)
	if err != nil {
		return expr
	}
	sel := st.AST.GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 {
		return expr
	}
	n := sel.TargetList[0].GetResTarget().GetVal()
	p := &exprPrinter{cols: cols, pretty: pretty, ok: true}
	var b strings.Builder
	if target != nil {
		p.coerced(&b, n, target, 0)
	} else {
		p.expr(&b, n, 0)
	}
	if !p.ok {
		return expr
	}
	return b.String()
}

// Precedences, loosest first, for deciding on parentheses in pretty mode.
const (
	precOr = iota + 1
	precAnd
	precNot
	precIs
	precCmp
	precOther
	precAdd
	precMul
	precUnary
	precCast
)

func opPrec(op string) int {
	switch op {
	case "=", "<>", "<", ">", "<=", ">=", "!=":
		return precCmp
	case "+", "-":
		return precAdd
	case "*", "/", "%":
		return precMul
	}
	return precOther
}

// typeOf infers an expression's type, nil when unknown.
func (p *exprPrinter) typeOf(n *pg_query.Node) *types.T {
	switch {
	case n.GetColumnRef() != nil:
		if p.qualify != nil {
			_, t, _ := p.qualify(n.GetColumnRef())
			return t
		}
		return p.cols[colName(n.GetColumnRef())]
	case n.GetAConst() != nil:
		c := n.GetAConst()
		switch {
		case c.GetIval() != nil:
			return types.Int4
		case c.GetFval() != nil:
			if _, err := strconv.ParseInt(c.GetFval().Fval, 10, 64); err == nil {
				return types.Int8
			}
			return types.Numeric
		case c.GetBoolval() != nil:
			return types.Bool
		}
		return nil
	case n.GetTypeCast() != nil:
		return typeFromName(n.GetTypeCast().TypeName)
	case n.GetBoolExpr() != nil, n.GetNullTest() != nil:
		return types.Bool
	case n.GetAExpr() != nil:
		e := n.GetAExpr()
		if e.Kind == pg_query.A_Expr_Kind_AEXPR_OP {
			op := opName(e)
			if opPrec(op) == precCmp {
				return types.Bool
			}
			if op == "||" {
				return types.Text
			}
			l, r := p.typeOf(e.Lexpr), p.typeOf(e.Rexpr)
			if l == nil {
				return r
			}
			if r != nil && r.Oid == types.OidNumeric {
				return r
			}
			return l
		}
		return types.Bool
	}
	return nil
}

func typeFromName(tn *pg_query.TypeName) *types.T {
	if tn == nil || len(tn.Names) == 0 {
		return nil
	}
	name := tn.Names[len(tn.Names)-1].GetString_().GetSval()
	t := types.LookupName(name)
	if t == nil {
		return nil
	}
	if len(tn.Typmods) > 0 {
		if c := tn.Typmods[0].GetAConst(); c != nil && c.GetIval() != nil {
			switch t.Oid {
			case types.OidVarchar, types.OidBPChar:
				t = t.WithTypmod(c.GetIval().Ival + 4)
			case types.OidNumeric:
				s := int32(0)
				if len(tn.Typmods) > 1 {
					if c2 := tn.Typmods[1].GetAConst(); c2 != nil && c2.GetIval() != nil {
						s = c2.GetIval().Ival
					}
				}
				t = t.WithTypmod(types.NumericTypmod(int(c.GetIval().Ival), int(s)))
			}
		}
	}
	if len(tn.ArrayBounds) > 0 {
		if a := types.ArrayOf(t.Base()); a != nil {
			return a
		}
	}
	return t
}

func colName(c *pg_query.ColumnRef) string {
	if len(c.Fields) == 0 {
		return ""
	}
	return c.Fields[len(c.Fields)-1].GetString_().GetSval()
}

func opName(e *pg_query.A_Expr) string {
	if len(e.Name) == 0 {
		return ""
	}
	return e.Name[len(e.Name)-1].GetString_().GetSval()
}

// wrap prints f in parentheses when the surrounding precedence requires
// it (always for operators when not pretty).
func (p *exprPrinter) wrap(b *strings.Builder, prec, outer int, f func()) {
	paren := outer > 0 && (!p.pretty || prec < outer || prec == outer && prec == precOther)
	if !p.pretty && outer == 0 {
		paren = true
	}
	if paren {
		b.WriteByte('(')
	}
	f()
	if paren {
		b.WriteByte(')')
	}
}

// constText prints a constant coerced to type t (nil: its own type).
func (p *exprPrinter) constText(c *pg_query.A_Const, t *types.T) string {
	var lit string
	isString := false
	switch {
	case c.Isnull:
		if t == nil {
			return "NULL"
		}
		return "NULL::" + t.SQLName()
	case c.GetIval() != nil:
		lit = strconv.Itoa(int(c.GetIval().Ival))
	case c.GetFval() != nil:
		lit = c.GetFval().Fval
	case c.GetBoolval() != nil:
		if c.GetBoolval().Boolval {
			return "true"
		}
		return "false"
	case c.GetSval() != nil:
		lit = c.GetSval().Sval
		isString = true
	default:
		p.ok = false
		return ""
	}
	quoted := "'" + strings.ReplaceAll(lit, "'", "''") + "'"
	if strings.Contains(lit, `\`) {
		quoted = "E" + strings.ReplaceAll(quoted, `\`, `\\`)
	}
	if t == nil {
		if isString {
			return quoted + "::text"
		}
		t = p.typeOf(&pg_query.Node{Node: &pg_query.Node_AConst{AConst: c}})
	}
	switch t.Oid {
	case types.OidInt4:
		if strings.HasPrefix(lit, "-") {
			return quoted + "::integer"
		}
		if _, err := strconv.ParseInt(lit, 10, 32); err == nil {
			return lit
		}
	case types.OidInt8:
		if strings.HasPrefix(lit, "-") {
			return quoted + "::bigint"
		}
		// A bigint constant prints quoted with a label (ruleutils.c
		// get_const_expr); an integer literal that fits an integer is
		// one cast from integer, which prints bare.
		if _, err := strconv.ParseInt(lit, 10, 64); err == nil {
			if _, err := strconv.ParseInt(lit, 10, 32); err == nil && !isString {
				return lit
			}
			return quoted + "::bigint"
		}
	case types.OidNumeric:
		if strings.HasPrefix(lit, "-") {
			return quoted + "::numeric"
		}
		// A numeric constant prints bare when it looks like a float, and
		// quoted with a label otherwise (ruleutils.c get_const_expr); a
		// string literal becomes such a constant. An integer literal
		// is cast from integer.
		if strings.ContainsAny(lit, ".eE") && lit[0] >= '0' && lit[0] <= '9' {
			return lit
		}
		if isString {
			return quoted + "::numeric"
		}
		return p.labeled(lit, "numeric")
	case types.OidFloat8, types.OidFloat4:
		if !strings.HasPrefix(lit, "-") {
			return p.labeled(lit, t.SQLName())
		}
	case types.OidBool:
		switch strings.ToLower(lit) {
		case "t", "true", "y", "yes", "on", "1":
			return "true"
		case "f", "false", "n", "no", "off", "0":
			return "false"
		}
	}
	return quoted + "::" + t.SQLName()
}

// labeled prints a number with a type label; without pretty printing the
// number is parenthesized, as ruleutils.c does.
func (p *exprPrinter) labeled(lit, typ string) string {
	if !p.pretty {
		return "(" + lit + ")::" + typ
	}
	return lit + "::" + typ
}

// coerced prints n as an expression coerced to t: a constant takes the
// type; anything else prints as is (the cast is implicit).
func (p *exprPrinter) coerced(b *strings.Builder, n *pg_query.Node, t *types.T, outer int) {
	if c := n.GetAConst(); c != nil && t != nil {
		// A length coercion (varchar(n), numeric(p,s)) is implicit, and so
		// is the conversion of a number to the column's numeric type: the
		// literal keeps its own type.
		t = t.Base()
		if outer == 0 && c.GetSval() == nil && c.GetBoolval() == nil && !c.Isnull && isNumeric(t) {
			b.WriteString(p.constText(c, nil))
			return
		}
		s := p.constText(c, t)
		b.WriteString(s)
		return
	}
	p.expr(b, n, outer)
}

func (p *exprPrinter) list(b *strings.Builder, ns []*pg_query.Node, t *types.T) {
	for i, a := range ns {
		if i > 0 {
			b.WriteString(", ")
		}
		p.coerced(b, a, t, precOther)
	}
}

// operands prints a binary operator's operands, resolving their common
// type the way PostgreSQL's operator resolution usually ends: a constant
// takes the other side's type; varchar and char columns compared with
// text are cast to text.
func (p *exprPrinter) operands(l, r *pg_query.Node) (lt, rt *types.T) {
	lt, rt = p.typeOf(l), p.typeOf(r)
	// varchar has no operators of its own: it compares as text.
	isVarchar := func(t *types.T) bool { return t != nil && t.Oid == types.OidVarchar }
	if isVarchar(lt) && (r.GetAConst() != nil || rt == nil || rt.Oid == types.OidText || isVarchar(rt)) ||
		isVarchar(rt) && (l.GetAConst() != nil || lt == nil || lt.Oid == types.OidText) {
		return types.Text, types.Text
	}
	if l.GetAConst() != nil && rt != nil {
		lt = rt
	}
	if r.GetAConst() != nil && lt != nil {
		rt = lt
	}
	// Integers meet numeric and float operands through an implicit cast
	// (there are no cross-type operators), which ruleutils shows.
	if lt != nil && rt != nil && lt.Oid != rt.Oid {
		if t := promoted(lt, rt); t != nil {
			return t, t
		}
	}
	return lt, rt
}

// promoted returns the type two numeric operands of different types are
// both converted to, nil when an operator takes them as they are.
func promoted(a, b *types.T) *types.T {
	rank := func(t *types.T) int {
		switch t.Oid {
		case types.OidInt2, types.OidInt4, types.OidInt8:
			return 1
		case types.OidNumeric:
			return 2
		case types.OidFloat4, types.OidFloat8:
			return 3
		}
		return 0
	}
	ra, rb := rank(a), rank(b)
	if ra == 0 || rb == 0 || ra == rb {
		return nil
	}
	if ra > rb {
		return a.Base()
	}
	return b.Base()
}

// opNeedsParens decides whether an operator expression that is an
// operand of another operator needs parentheses in pretty mode
// (ruleutils.c isSimpleNode): only arithmetic within arithmetic may go
// without, by precedence, and of equal precedence only on the left.
func opNeedsParens(child, parent string, right bool) bool {
	mul := func(o string) bool { return o == "*" || o == "/" || o == "%" }
	add := func(o string) bool { return o == "+" || o == "-" }
	if !(mul(child) || add(child)) || !(mul(parent) || add(parent)) {
		return true
	}
	if add(child) && mul(parent) {
		return true
	}
	if mul(child) && add(parent) {
		return false
	}
	return right
}

// castCol prints a column reference with an implicit cast to t when its
// own type differs (varchar compared as text).
func (p *exprPrinter) side(b *strings.Builder, n *pg_query.Node, own, t *types.T, prec int, parentOp string, right bool) {
	if c := n.GetAExpr(); p.pretty && parentOp != "" && c != nil && c.Kind == pg_query.A_Expr_Kind_AEXPR_OP && c.Lexpr != nil {
		prec = 0
		if opNeedsParens(opName(c), parentOp, right) {
			prec = precCast
		}
	}
	if n.GetAConst() != nil {
		b.WriteString(p.constText(n.GetAConst(), t))
		return
	}
	if own != nil && t != nil && own.Oid != t.Oid && (t.Oid == types.OidText || promoted(own, t) != nil) {
		p.expr(b, n, precCast)
		b.WriteString("::" + t.SQLName())
		return
	}
	p.expr(b, n, prec)
}

func (p *exprPrinter) expr(b *strings.Builder, n *pg_query.Node, outer int) {
	switch {
	case n.GetColumnRef() != nil && p.qualify != nil:
		s, _, ok := p.qualify(n.GetColumnRef())
		if !ok {
			p.ok = false
			return
		}
		if outer == precCast && !p.pretty {
			s = "(" + s + ")"
		}
		b.WriteString(s)
	case n.GetColumnRef() != nil:
		var parts []string
		for _, f := range n.GetColumnRef().Fields {
			if f.GetAStar() != nil {
				parts = append(parts, "*")
			} else {
				parts = append(parts, keywords.Quote(f.GetString_().GetSval()))
			}
		}
		if outer == precCast && !p.pretty {
			b.WriteString("(" + strings.Join(parts, ".") + ")")
			return
		}
		b.WriteString(strings.Join(parts, "."))
	case n.GetAConst() != nil:
		b.WriteString(p.constText(n.GetAConst(), nil))
	case n.GetTypeCast() != nil:
		tc := n.GetTypeCast()
		t := typeFromName(tc.TypeName)
		if t == nil {
			p.ok = false
			return
		}
		if c := tc.Arg.GetAConst(); c != nil {
			b.WriteString(p.constText(c, t))
			return
		}
		p.expr(b, tc.Arg, precCast)
		b.WriteString("::" + t.SQLName())
	case n.GetSqlvalueFunction() != nil:
		names := map[pg_query.SQLValueFunctionOp]string{
			pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:      "CURRENT_DATE",
			pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME:      "CURRENT_TIME",
			pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP: "CURRENT_TIMESTAMP",
			pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME:         "LOCALTIME",
			pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:    "LOCALTIMESTAMP",
			pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:      "CURRENT_ROLE",
			pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER:      "CURRENT_USER",
			pg_query.SQLValueFunctionOp_SVFOP_USER:              "USER",
			pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:      "SESSION_USER",
			pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:   "CURRENT_CATALOG",
			pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:    "CURRENT_SCHEMA",
		}
		s, ok := names[n.GetSqlvalueFunction().Op]
		if !ok {
			p.ok = false
			return
		}
		b.WriteString(s)
	case n.GetFuncCall() != nil:
		fc := n.GetFuncCall()
		var names []string
		for _, x := range fc.Funcname {
			names = append(names, x.GetString_().GetSval())
		}
		if len(names) == 2 && names[0] == "pg_catalog" {
			names = names[1:]
		}
		for i := range names {
			names[i] = keywords.Quote(names[i])
		}
		b.WriteString(strings.Join(names, ".") + "(")
		if fc.AggStar {
			b.WriteString("*")
		}
		for i, a := range fc.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			p.expr(b, a, 0)
		}
		b.WriteString(")")
	case n.GetBoolExpr() != nil:
		e := n.GetBoolExpr()
		switch e.Boolop {
		case pg_query.BoolExprType_NOT_EXPR:
			p.wrap(b, precNot, outer, func() {
				b.WriteString("NOT ")
				p.expr(b, e.Args[0], precNot)
			})
		default:
			prec, sep := precAnd, " AND "
			if e.Boolop == pg_query.BoolExprType_OR_EXPR {
				prec, sep = precOr, " OR "
			}
			p.wrap(b, prec, outer, func() {
				for i, a := range e.Args {
					if i > 0 {
						b.WriteString(sep)
					}
					p.expr(b, a, prec+1)
				}
			})
		}
	case n.GetNullTest() != nil:
		e := n.GetNullTest()
		p.wrap(b, precIs, outer, func() {
			p.expr(b, e.Arg, precIs+1)
			if e.Nulltesttype == pg_query.NullTestType_IS_NULL {
				b.WriteString(" IS NULL")
			} else {
				b.WriteString(" IS NOT NULL")
			}
		})
	case n.GetAExpr() != nil:
		p.aexpr(b, n.GetAExpr(), outer)
	default:
		p.ok = false
	}
}

func (p *exprPrinter) aexpr(b *strings.Builder, e *pg_query.A_Expr, outer int) {
	op := opName(e)
	switch e.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP:
		if e.Lexpr == nil {
			p.wrap(b, precUnary, outer, func() {
				b.WriteString(op + " ")
				p.expr(b, e.Rexpr, precUnary)
			})
			return
		}
		prec := opPrec(op)
		lt, rt := p.operands(e.Lexpr, e.Rexpr)
		if op == "||" {
			lt, rt = types.Text, types.Text
		}
		p.wrap(b, prec, outer, func() {
			p.side(b, e.Lexpr, p.typeOf(e.Lexpr), lt, prec, op, false)
			b.WriteString(" " + op + " ")
			p.side(b, e.Rexpr, p.typeOf(e.Rexpr), rt, prec+1, op, true)
		})
	case pg_query.A_Expr_Kind_AEXPR_OP_ANY, pg_query.A_Expr_Kind_AEXPR_OP_ALL:
		q := "ANY"
		if e.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ALL {
			q = "ALL"
		}
		lt := p.typeOf(e.Lexpr)
		arr := e.Rexpr.GetAArrayExpr()
		if arr == nil || lt == nil {
			p.ok = false
			return
		}
		et := lt
		if et.Oid == types.OidVarchar || et.Oid == types.OidBPChar {
			et = types.Text
		}
		p.wrap(b, precCmp, outer, func() {
			p.side(b, e.Lexpr, lt, et, precCmp, op, false)
			b.WriteString(" " + op + " " + q + " (ARRAY[")
			p.list(b, arr.Elements, et)
			b.WriteString("])")
		})
	case pg_query.A_Expr_Kind_AEXPR_IN:
		items := e.Rexpr.GetList().GetItems()
		lt := p.typeOf(e.Lexpr)
		if lt == nil && len(items) > 0 {
			lt = p.typeOf(items[0])
		}
		if lt == nil {
			lt = types.Text
		}
		et := lt
		if et.Oid == types.OidVarchar || et.Oid == types.OidBPChar {
			et = types.Text
		}
		q := "ANY"
		if op == "<>" {
			q = "ALL"
		}
		p.wrap(b, precCmp, outer, func() {
			p.side(b, e.Lexpr, lt, et, precCmp, op, false)
			b.WriteString(" " + op + " " + q + " (ARRAY[")
			p.list(b, items, et)
			b.WriteString("])")
		})
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN:
		items := e.Rexpr.GetList().GetItems()
		if len(items) != 2 {
			p.ok = false
			return
		}
		lo, hi, sep := ">=", "<=", " AND "
		prec := precAnd
		if e.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN {
			lo, hi, sep = "<", ">", " OR "
			prec = precOr
		}
		lt := p.typeOf(e.Lexpr)
		p.wrap(b, prec, outer, func() {
			p.expr(b, e.Lexpr, precCmp)
			b.WriteString(" " + lo + " ")
			p.side(b, items[0], nil, lt, precCmp+1, lo, true)
			b.WriteString(sep)
			p.expr(b, e.Lexpr, precCmp)
			b.WriteString(" " + hi + " ")
			p.side(b, items[1], nil, lt, precCmp+1, hi, true)
		})
	case pg_query.A_Expr_Kind_AEXPR_LIKE, pg_query.A_Expr_Kind_AEXPR_ILIKE:
		sym := map[string]string{"~~": "~~", "!~~": "!~~", "~~*": "~~*", "!~~*": "!~~*"}[op]
		if sym == "" {
			p.ok = false
			return
		}
		lt := p.typeOf(e.Lexpr)
		p.wrap(b, precOther, outer, func() {
			p.side(b, e.Lexpr, lt, types.Text, precOther, sym, false)
			b.WriteString(" " + sym + " ")
			p.side(b, e.Rexpr, nil, types.Text, precOther+1, sym, true)
		})
	default:
		p.ok = false
	}
}

func isNumeric(t *types.T) bool {
	switch t.Oid {
	case types.OidInt2, types.OidInt4, types.OidInt8, types.OidNumeric, types.OidFloat4, types.OidFloat8:
		return true
	}
	return false
}
