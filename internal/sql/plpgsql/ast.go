package plpgsql

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// This file turns the JSON tree of libpg_query's PL/pgSQL parser (PostgreSQL's
// own pl_gram.y, exposed by pg_query.ParsePlPgSqlToJSON) into the typed
// statement tree the interpreter walks. The JSON mirrors PostgreSQL's
// PLpgSQL_function: a flat list of datums (variables, records, rows, record
// fields) that statements refer to by number, and a statement tree.

// DatumKind distinguishes the kinds of PL/pgSQL datums.
type DatumKind int

// The datum kinds.
const (
	DatumVar      DatumKind = iota // a scalar variable (PLpgSQL_var)
	DatumRec                       // a record variable (PLpgSQL_rec)
	DatumRow                       // a list of variables (PLpgSQL_row), an INTO target
	DatumRecField                  // a field of a record (PLpgSQL_recfield), an assignment target
)

// Datum is one entry of the function's datum list.
type Datum struct {
	No       int
	Kind     DatumKind
	Name     string
	Line     int
	TypeName string // declared type of a variable, as written
	// RecType is the declared composite type of a record variable
	// ("record" when it takes any row's shape).
	RecType string
	Default *Expr
	Const   bool
	NotNull bool
	// Fields are a row's member variables (by datum number).
	Fields []int
	// Parent and Field name a record field: the record's datum and the
	// field name.
	Parent int
	Field  string
}

// Expr is an embedded SQL expression or statement. Mode is PostgreSQL's
// RawParseMode: 0 a whole statement, 2 an expression, 3 to 5 an assignment
// "target := expression".
type Expr struct {
	Query string
	Mode  int

	// prepared is the parsed statement with variable references
	// replaced by parameters, built on first use (see subst.go).
	prepared *prepared
}

// Stmt is a PL/pgSQL statement.
type Stmt interface{ line() int }

type base struct{ Line int }

func (b base) line() int { return b.Line }

// Block is BEGIN ... [EXCEPTION ...] END, with its declarations.
type Block struct {
	base
	Label    string
	Body     []Stmt
	Handlers []*Handler
	// Decls are the datums the block declares, initialised on entry.
	Decls []int
}

// Handler is one EXCEPTION WHEN clause.
type Handler struct {
	Conditions []string // condition names, or five-character SQLSTATEs
	Body       []Stmt
}

// Assign is "target := expr".
type Assign struct {
	base
	Var  int
	Expr *Expr
}

// If is IF ... ELSIF ... ELSE ... END IF.
type If struct {
	base
	Cond   *Expr
	Then   []Stmt
	Elsifs []Elsif
	Else   []Stmt
}

// Elsif is one ELSIF arm.
type Elsif struct {
	Cond *Expr
	Body []Stmt
}

// Case is CASE [expr] WHEN ... END CASE.
type Case struct {
	base
	TExpr    *Expr // nil for a searched CASE
	TVar     int
	Whens    []Elsif
	HaveElse bool
	Else     []Stmt
}

// Loop is LOOP ... END LOOP.
type Loop struct {
	base
	Label string
	Body  []Stmt
}

// While is WHILE cond LOOP ... END LOOP.
type While struct {
	base
	Label string
	Cond  *Expr
	Body  []Stmt
}

// ForInt is FOR i IN [REVERSE] a..b [BY s] LOOP.
type ForInt struct {
	base
	Label              string
	Var                int
	Lower, Upper, Step *Expr
	Reverse            bool
	Body               []Stmt
}

// ForQuery is FOR target IN query LOOP, and FOR target IN EXECUTE.
type ForQuery struct {
	base
	Label   string
	Target  int
	Query   *Expr
	Dynamic bool
	Params  []*Expr
	Body    []Stmt
}

// ForEach is FOREACH x IN ARRAY arr LOOP.
type ForEach struct {
	base
	Label  string
	Target int
	Expr   *Expr
	Body   []Stmt
}

// Exit is EXIT or CONTINUE [label] [WHEN cond].
type Exit struct {
	base
	IsExit bool
	Label  string
	Cond   *Expr
}

// Return is RETURN [expr].
type Return struct {
	base
	Expr   *Expr
	RetVar int // -1 when none
}

// ReturnNext is RETURN NEXT [expr].
type ReturnNext struct {
	base
	Expr   *Expr
	RetVar int
}

// ReturnQuery is RETURN QUERY query (or EXECUTE).
type ReturnQuery struct {
	base
	Query   *Expr
	Dynamic bool
	Params  []*Expr
}

// Raise is RAISE.
type Raise struct {
	base
	Level     int
	CondName  string
	Message   string
	HasMesage bool
	Params    []*Expr
	Options   []RaiseOption
}

// RaiseOption is one USING option.
type RaiseOption struct {
	Kind int // 0 ERRCODE, 1 MESSAGE, 2 DETAIL, 3 HINT, 4 COLUMN, 5 CONSTRAINT, 6 DATATYPE, 7 TABLE, 8 SCHEMA
	Expr *Expr
}

// Assert is ASSERT cond [, message].
type Assert struct {
	base
	Cond    *Expr
	Message *Expr
}

// ExecSQL is an embedded SQL statement, with an optional INTO.
type ExecSQL struct {
	base
	SQL    *Expr
	Into   bool
	Strict bool
	Target int
}

// Dynamic is EXECUTE string [INTO target] [USING ...].
type Dynamic struct {
	base
	Query  *Expr
	Into   bool
	Strict bool
	Target int
	Params []*Expr
}

// Perform is PERFORM query.
type Perform struct {
	base
	Expr *Expr
}

// Call is CALL proc(...) or DO inside PL/pgSQL.
type Call struct {
	base
	Expr *Expr
}

// GetDiag is GET [CURRENT|STACKED] DIAGNOSTICS.
type GetDiag struct {
	base
	Stacked bool
	Items   []DiagItem
}

// DiagItem is one "target = item".
type DiagItem struct {
	Kind   string
	Target int
}

// Null is NULL; (the parser drops it; kept for completeness).
type Null struct{ base }

// Function is a compiled PL/pgSQL function body.
type Function struct {
	Datums []*Datum
	Body   *Block
	// NParams is the number of leading datums that are the function's
	// parameters (every mode), in declaration order.
	NParams int
	// Found is the datum number of FOUND.
	Found int
	// OutParams lists the OUT and INOUT parameters' datum numbers.
	OutParams []int
}

// Compile parses a PL/pgSQL function. src is a whole CREATE FUNCTION
// statement (the PL/pgSQL parser needs the signature to know the
// parameters); nparams is how many parameters it declares. Syntax errors
// are 42601 errors with PostgreSQL's message.
func Compile(src string, nparams int, outParams []int) (*Function, error) {
	js, err := pg_query.ParsePlPgSqlToJSON(src)
	if err != nil {
		return nil, syntaxError(err)
	}
	var top []map[string]any
	if err := json.Unmarshal([]byte(js), &top); err != nil {
		return nil, fmt.Errorf("decoding PL/pgSQL tree: %w", err)
	}
	if len(top) != 1 {
		return nil, fmt.Errorf("PL/pgSQL parser returned %d functions", len(top))
	}
	fn := obj(top[0], "PLpgSQL_function")
	c := &compiler{f: &Function{NParams: nparams, Found: -1, OutParams: outParams}}
	for i, d := range list(fn["datums"]) {
		c.f.Datums = append(c.f.Datums, c.datum(i, d.(map[string]any)))
	}
	for _, d := range c.f.Datums {
		if d.Kind == DatumVar && d.Name == "found" && c.f.Found < 0 {
			c.f.Found = d.No
		}
	}
	if _, trigger := fn["new_varno"]; trigger {
		// A trigger function's TG_ variables, which the parser leaves
		// out of the datum list (PostgreSQL fills them on demand).
		for _, name := range []string{"tg_name", "tg_when", "tg_level", "tg_op", "tg_relid", "tg_relname",
			"tg_table_name", "tg_table_schema", "tg_nargs", "tg_argv"} {
			c.f.Datums = append(c.f.Datums, &Datum{No: len(c.f.Datums), Kind: DatumVar, Name: name})
		}
	}
	act := obj(fn["action"].(map[string]any), "PLpgSQL_stmt_block")
	b, err := c.block(act)
	if err != nil {
		return nil, err
	}
	// Datums declared after the parameters and FOUND belong to blocks;
	// the outermost block initialises the ones no inner block claims.
	claimed := map[int]bool{}
	var walk func(ss []Stmt)
	walk = func(ss []Stmt) {
		for _, s := range ss {
			forEachChild(s, walk, func(ib *Block) {
				for _, d := range ib.Decls {
					claimed[d] = true
				}
			})
		}
	}
	walk(b.Body)
	for _, d := range c.f.Datums[min(c.f.Found+1, len(c.f.Datums)):] {
		if !claimed[d.No] && (d.Kind == DatumVar || d.Kind == DatumRec) && d.Line > 0 {
			b.Decls = append(b.Decls, d.No)
		}
	}
	c.f.Body = b
	return c.f, nil
}

// syntaxError turns the PL/pgSQL parser's error into PostgreSQL's.
func syntaxError(err error) error {
	msg := err.Error()
	var pe *parser.Error
	if errors.As(err, &pe) {
		msg = pe.Message
	}
	code := pgerror.SyntaxError
	switch {
	case strings.HasSuffix(msg, "is declared CONSTANT"):
		code = "22005"
	case strings.HasPrefix(msg, "cannot use RETURN NEXT"), strings.HasPrefix(msg, "cannot use RETURN QUERY"),
		strings.HasPrefix(msg, "RETURN cannot have a parameter"), strings.HasPrefix(msg, "RETURN NEXT cannot have a parameter"):
		code = pgerror.DatatypeMismatch
	case strings.HasPrefix(msg, "missing expression"), strings.HasPrefix(msg, "missing data type"):
		code = pgerror.SyntaxError
	}
	return pgerror.New(code, "%s", msg)
}

// forEachChild calls walk on the statement lists nested in s and blk on
// the blocks among them.
func forEachChild(s Stmt, walk func([]Stmt), blk func(*Block)) {
	switch s := s.(type) {
	case *Block:
		blk(s)
		walk(s.Body)
		for _, h := range s.Handlers {
			walk(h.Body)
		}
	case *If:
		walk(s.Then)
		for _, e := range s.Elsifs {
			walk(e.Body)
		}
		walk(s.Else)
	case *Case:
		for _, e := range s.Whens {
			walk(e.Body)
		}
		walk(s.Else)
	case *Loop:
		walk(s.Body)
	case *While:
		walk(s.Body)
	case *ForInt:
		walk(s.Body)
	case *ForQuery:
		walk(s.Body)
	case *ForEach:
		walk(s.Body)
	}
}

type compiler struct {
	f *Function
}

func obj(m map[string]any, key string) map[string]any {
	if v, ok := m[key].(map[string]any); ok {
		return v
	}
	return map[string]any{}
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func num(m map[string]any, key string) int {
	f, _ := m[key].(float64)
	return int(f)
}

func boolean(m map[string]any, key string) bool {
	b, _ := m[key].(bool)
	return b
}

func (c *compiler) datum(i int, m map[string]any) *Datum {
	d := &Datum{No: i}
	switch {
	case m["PLpgSQL_var"] != nil:
		v := obj(m, "PLpgSQL_var")
		d.Kind = DatumVar
		d.Name = str(v, "refname")
		d.Line = num(v, "lineno")
		d.TypeName = strings.TrimSpace(str(obj(obj(v, "datatype"), "PLpgSQL_type"), "typname"))
		d.Const = boolean(v, "isconst")
		d.NotNull = boolean(v, "notnull")
		d.Default = expr(v["default_val"])
		if strings.HasSuffix(strings.ToLower(d.TypeName), "%rowtype") {
			// tbl%ROWTYPE: a record of the table's row type (the parser
			// cannot look the table up, so it leaves a variable).
			d.Kind, d.RecType = DatumRec, d.TypeName[:len(d.TypeName)-len("%rowtype")]
		}
	case m["PLpgSQL_rec"] != nil:
		v := obj(m, "PLpgSQL_rec")
		d.Kind = DatumRec
		d.Name = str(v, "refname")
		d.Line = num(v, "lineno")
		d.RecType = strings.TrimSpace(str(obj(obj(v, "datatype"), "PLpgSQL_type"), "typname"))
		d.Default = expr(v["default_val"])
		d.Const = boolean(v, "isconst")
		d.NotNull = boolean(v, "notnull")
	case m["PLpgSQL_row"] != nil:
		v := obj(m, "PLpgSQL_row")
		d.Kind = DatumRow
		d.Name = str(v, "refname")
		d.Line = num(v, "lineno")
		for _, f := range list(v["fields"]) {
			d.Fields = append(d.Fields, num(f.(map[string]any), "varno"))
		}
	case m["PLpgSQL_recfield"] != nil:
		v := obj(m, "PLpgSQL_recfield")
		d.Kind = DatumRecField
		d.Field = str(v, "fieldname")
		d.Parent = num(v, "recparentno")
	}
	return d
}

func expr(v any) *Expr {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	e := obj(m, "PLpgSQL_expr")
	return &Expr{Query: str(e, "query"), Mode: num(e, "parseMode")}
}

// ref finds the datum a statement's embedded datum object names: records
// carry their number; variables are matched by name and line.
func (c *compiler) ref(v any) int {
	m, ok := v.(map[string]any)
	if !ok {
		return -1
	}
	if r, ok := m["PLpgSQL_rec"].(map[string]any); ok {
		return num(r, "dno")
	}
	if r, ok := m["PLpgSQL_var"].(map[string]any); ok {
		name, line := str(r, "refname"), num(r, "lineno")
		for i := len(c.f.Datums) - 1; i >= 0; i-- {
			d := c.f.Datums[i]
			if d.Kind == DatumVar && d.Name == name && d.Line == line {
				return i
			}
		}
		return -1
	}
	if r, ok := m["PLpgSQL_row"].(map[string]any); ok {
		d := &Datum{No: len(c.f.Datums), Kind: DatumRow, Name: str(r, "refname")}
		for _, f := range list(r["fields"]) {
			d.Fields = append(d.Fields, num(f.(map[string]any), "varno"))
		}
		// An identical row among the datums is the same target.
		for _, x := range c.f.Datums {
			if x.Kind == DatumRow && fmt.Sprint(x.Fields) == fmt.Sprint(d.Fields) {
				return x.No
			}
		}
		c.f.Datums = append(c.f.Datums, d)
		return d.No
	}
	return -1
}

func (c *compiler) stmts(v any) ([]Stmt, error) {
	var out []Stmt
	for _, s := range list(v) {
		st, err := c.stmt(s.(map[string]any))
		if err != nil {
			return nil, err
		}
		if st != nil {
			out = append(out, st)
		}
	}
	return out, nil
}

func (c *compiler) block(m map[string]any) (*Block, error) {
	b := &Block{base: base{num(m, "lineno")}, Label: str(m, "label")}
	for _, v := range list(m["initvarnos"]) {
		f, _ := v.(float64)
		b.Decls = append(b.Decls, int(f))
	}
	var err error
	if b.Body, err = c.stmts(m["body"]); err != nil {
		return nil, err
	}
	for _, e := range list(obj(obj(m, "exceptions"), "PLpgSQL_exception_block")["exc_list"]) {
		x := obj(e.(map[string]any), "PLpgSQL_exception")
		h := &Handler{}
		for _, cond := range list(x["conditions"]) {
			cm := obj(cond.(map[string]any), "PLpgSQL_condition")
			h.Conditions = append(h.Conditions, str(cm, "condname"))
		}
		if h.Body, err = c.stmts(x["action"]); err != nil {
			return nil, err
		}
		b.Handlers = append(b.Handlers, h)
	}
	return b, nil
}

func exprs(v any) []*Expr {
	var out []*Expr
	for _, e := range list(v) {
		out = append(out, expr(e))
	}
	return out
}

func (c *compiler) stmt(w map[string]any) (Stmt, error) {
	for kind, v := range w {
		m, _ := v.(map[string]any)
		if m == nil {
			m = map[string]any{}
		}
		b := base{num(m, "lineno")}
		var err error
		switch kind {
		case "PLpgSQL_stmt_block":
			return c.block(m)
		case "PLpgSQL_stmt_assign":
			return &Assign{base: b, Var: num(m, "varno"), Expr: expr(m["expr"])}, nil
		case "PLpgSQL_stmt_if":
			s := &If{base: b, Cond: expr(m["cond"])}
			if s.Then, err = c.stmts(m["then_body"]); err != nil {
				return nil, err
			}
			for _, e := range list(m["elsif_list"]) {
				em := obj(e.(map[string]any), "PLpgSQL_if_elsif")
				body, err := c.stmts(em["stmts"])
				if err != nil {
					return nil, err
				}
				s.Elsifs = append(s.Elsifs, Elsif{Cond: expr(em["cond"]), Body: body})
			}
			s.Else, err = c.stmts(m["else_body"])
			return s, err
		case "PLpgSQL_stmt_case":
			s := &Case{base: b, TExpr: expr(m["t_expr"]), TVar: num(m, "t_varno"), HaveElse: boolean(m, "have_else")}
			for _, e := range list(m["case_when_list"]) {
				em := obj(e.(map[string]any), "PLpgSQL_case_when")
				body, err := c.stmts(em["stmts"])
				if err != nil {
					return nil, err
				}
				s.Whens = append(s.Whens, Elsif{Cond: expr(em["expr"]), Body: body})
			}
			s.Else, err = c.stmts(m["else_stmts"])
			return s, err
		case "PLpgSQL_stmt_loop":
			s := &Loop{base: b, Label: str(m, "label")}
			s.Body, err = c.stmts(m["body"])
			return s, err
		case "PLpgSQL_stmt_while":
			s := &While{base: b, Label: str(m, "label"), Cond: expr(m["cond"])}
			s.Body, err = c.stmts(m["body"])
			return s, err
		case "PLpgSQL_stmt_fori":
			s := &ForInt{base: b, Label: str(m, "label"), Var: c.ref(m["var"]), Lower: expr(m["lower"]),
				Upper: expr(m["upper"]), Step: expr(m["step"]), Reverse: boolean(m, "reverse")}
			s.Body, err = c.stmts(m["body"])
			return s, err
		case "PLpgSQL_stmt_fors":
			s := &ForQuery{base: b, Label: str(m, "label"), Target: c.ref(m["var"]), Query: expr(m["query"])}
			s.Body, err = c.stmts(m["body"])
			return s, err
		case "PLpgSQL_stmt_dynfors":
			s := &ForQuery{base: b, Label: str(m, "label"), Target: c.ref(m["var"]), Query: expr(m["query"]),
				Dynamic: true, Params: exprs(m["params"])}
			s.Body, err = c.stmts(m["body"])
			return s, err
		case "PLpgSQL_stmt_foreach_a":
			s := &ForEach{base: b, Label: str(m, "label"), Target: num(m, "varno"), Expr: expr(m["expr"])}
			s.Body, err = c.stmts(m["body"])
			return s, err
		case "PLpgSQL_stmt_exit":
			return &Exit{base: b, IsExit: boolean(m, "is_exit"), Label: str(m, "label"), Cond: expr(m["cond"])}, nil
		case "PLpgSQL_stmt_return":
			rv := -1
			if _, ok := m["retvarno"]; ok {
				rv = num(m, "retvarno")
			}
			return &Return{base: b, Expr: expr(m["expr"]), RetVar: rv}, nil
		case "PLpgSQL_stmt_return_next":
			rv := -1
			if _, ok := m["retvarno"]; ok {
				rv = num(m, "retvarno")
			}
			return &ReturnNext{base: b, Expr: expr(m["expr"]), RetVar: rv}, nil
		case "PLpgSQL_stmt_return_query":
			s := &ReturnQuery{base: b, Query: expr(m["query"]), Params: exprs(m["params"])}
			if s.Query == nil {
				s.Query, s.Dynamic = expr(m["dynquery"]), true
			}
			return s, nil
		case "PLpgSQL_stmt_raise":
			s := &Raise{base: b, Level: num(m, "elog_level"), CondName: str(m, "condname"), Params: exprs(m["params"])}
			s.Message, s.HasMesage = m["message"].(string)
			for _, o := range list(m["options"]) {
				om := obj(o.(map[string]any), "PLpgSQL_raise_option")
				s.Options = append(s.Options, RaiseOption{Kind: num(om, "opt_type"), Expr: expr(om["expr"])})
			}
			return s, nil
		case "PLpgSQL_stmt_assert":
			return &Assert{base: b, Cond: expr(m["cond"]), Message: expr(m["message"])}, nil
		case "PLpgSQL_stmt_execsql":
			return &ExecSQL{base: b, SQL: expr(m["sqlstmt"]), Into: boolean(m, "into"), Strict: boolean(m, "strict"), Target: c.ref(m["target"])}, nil
		case "PLpgSQL_stmt_dynexecute":
			return &Dynamic{base: b, Query: expr(m["query"]), Into: boolean(m, "into"), Strict: boolean(m, "strict"),
				Target: c.ref(m["target"]), Params: exprs(m["params"])}, nil
		case "PLpgSQL_stmt_perform":
			return &Perform{base: b, Expr: expr(m["expr"])}, nil
		case "PLpgSQL_stmt_call":
			return &Call{base: b, Expr: expr(m["expr"])}, nil
		case "PLpgSQL_stmt_getdiag":
			s := &GetDiag{base: b, Stacked: boolean(m, "is_stacked")}
			for _, it := range list(m["diag_items"]) {
				im := obj(it.(map[string]any), "PLpgSQL_diag_item")
				s.Items = append(s.Items, DiagItem{Kind: str(im, "kind"), Target: num(im, "target")})
			}
			return s, nil
		default:
			what := strings.ToUpper(strings.ReplaceAll(strings.TrimPrefix(kind, "PLpgSQL_stmt_"), "_", " "))
			return nil, pgerror.New(pgerror.FeatureNotSupported, "PL/pgSQL statement %s is not supported", what)
		}
	}
	return nil, nil
}
