package pgcatalog

import (
	"strconv"
	"strings"

	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/keywords"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// This file implements the description functions of ruleutils.c and
// namespace.c that psql's \d commands call.

func quote(s string) string { return keywords.Quote(s) }

// relationName returns a relation's name, schema-qualified when it is not
// visible on the search path (ruleutils.c generate_relation_name).
func (s *Source) relationName(d *catalog.Desc) string {
	if s.RelationVisible(d.Oid) {
		return quote(d.Name)
	}
	return quote(s.schemaName(d.Schema)) + "." + quote(d.Name)
}

// qualifiedName returns a relation's schema-qualified name.
func (s *Source) qualifiedName(d *catalog.Desc) string {
	return quote(s.schemaName(d.Schema)) + "." + quote(d.Name)
}

// RelationVisible reports whether a relation is found first by its
// unqualified name on the search path (pg_table_is_visible).
func (s *Source) RelationVisible(o types.Oid) bool {
	var schema types.Oid
	var name string
	if r := ByOid(o); r != nil {
		schema, name = r.SchemaOid(), r.Name
	} else if d := s.Cat.Get(o); d != nil {
		schema, name = d.Schema, d.Name
	} else {
		return false
	}
	for _, so := range s.SearchPath {
		if so == catalog.OidPgCatalog {
			if r := Lookup("pg_catalog", name); r != nil {
				return r.Oid == o
			}
		}
		if d := s.Cat.LookupIn(so, name); d != nil {
			return d.Oid == o
		}
		if so == schema {
			return false
		}
	}
	return false
}

// UserName returns a role's name, or PostgreSQL's placeholder for an
// unknown role (pg_get_userbyid).
func (s *Source) UserName(o types.Oid) string {
	if n := s.roleName(o); n != "" {
		return n
	}
	return "unknown (OID=" + itoa(int64(o)) + ")"
}

// Description returns the comment of an object of the catalog named
// catalogName (obj_description, col_description); ok is false when there
// is none.
func (s *Source) Description(obj types.Oid, catalogName string, sub int32) (string, bool) {
	class := catalogClass(catalogName)
	if class == classPgOperator {
		for _, op := range builtins.AllOperators() {
			if op.Oid == obj && op.Desc != "" && sub == 0 {
				return op.Desc, true
			}
		}
		return "", false
	}
	if class == ClassPgProc {
		if f := builtins.FuncByOid(obj); f != nil && f.Desc != "" && sub == 0 {
			return f.Desc, true
		}
		return "", false
	}
	d := s.Cat.Get(obj)
	if d == nil {
		return "", false
	}
	switch class {
	case ClassPgClass:
		if sub == 0 {
			t := d.Description()
			return t, t != ""
		}
		var cols []catalog.Column
		switch {
		case d.Table != nil:
			cols = d.Table.Columns
		case d.View != nil:
			cols = d.View.Columns
		}
		for _, c := range cols {
			if int32(c.Attnum) == sub && c.Comment != "" {
				return c.Comment, true
			}
		}
		return "", false
	case ClassPgNamespace:
		t := schemaComment(d)
		return t, t != "" && sub == 0
	case ClassPgDatabase:
		t := databaseComment(d)
		return t, t != "" && sub == 0
	case ClassPgAuthid:
		t := d.Description()
		return t, t != "" && sub == 0
	}
	return "", false
}

// columnTypes maps a table's column names to their types.
func columnTypes(d *catalog.Desc) map[string]*types.T {
	m := map[string]*types.T{}
	if d != nil && d.Table != nil {
		for _, c := range d.Table.Columns {
			if !c.Dropped {
				m[c.Name] = c.Type()
			}
		}
	}
	return m
}

// adbinPrefix starts pg_attrdef.adbin. PostgreSQL's adbin is a node tree
// that only pg_get_expr reads; tusk's names the column and holds the
// default's text, so that pg_get_expr coerces the default to that
// column's type even when another column of the table has the same
// default text ('0' on an integer and on a numeric column).
const adbinPrefix = "{DEFAULT :adnum "

// adbin returns pg_attrdef.adbin for column attnum's default expr.
func adbin(attnum int16, expr string) string {
	return adbinPrefix + strconv.Itoa(int(attnum)) + " :expr " + expr + "}"
}

// parseAdbin reverses adbin.
func parseAdbin(s string) (attnum int16, expr string, ok bool) {
	rest, ok := strings.CutPrefix(s, adbinPrefix)
	if !ok || !strings.HasSuffix(rest, "}") {
		return 0, "", false
	}
	num, expr, ok := strings.Cut(rest[:len(rest)-1], " :expr ")
	n, err := strconv.ParseInt(num, 10, 16)
	if !ok || err != nil {
		return 0, "", false
	}
	return int16(n), expr, true
}

// GetExpr prints a stored expression of relation rel (pg_get_expr): a
// column default (adbin) is printed coerced to its column's type.
func (s *Source) GetExpr(expr string, rel types.Oid, pretty bool) string {
	d := s.Cat.Get(rel)
	cols := columnTypes(d)
	var target *types.T
	if attnum, def, ok := parseAdbin(expr); ok {
		expr = def
		if c := tableColumn(d, attnum); c != nil {
			target = c.Type()
		}
	} else if d != nil && d.Table != nil {
		for _, c := range d.Table.Columns {
			if c.Default == expr && !c.Dropped {
				target = c.Type()
				break
			}
		}
	}
	if target != nil && strings.HasPrefix(expr, "nextval(") {
		return s.qualifyNextval(expr, d.Schema)
	}
	return deparseExpr(expr, cols, target, pretty)
}

// IndexDef returns an index's CREATE INDEX statement, or with col > 0 one
// key column's definition (pg_get_indexdef).
func (s *Source) IndexDef(o types.Oid, col int, pretty bool) (string, bool) {
	d := s.Cat.Get(o)
	if d == nil || d.Kind != catalog.KindIndex {
		return "", false
	}
	return s.indexDef(d, col, pretty), true
}

func (s *Source) indexDef(d *catalog.Desc, col int, pretty bool) string {
	ix := d.Index
	tab := s.Cat.Get(ix.Table)
	cols := columnTypes(tab)
	key := func(i int) string {
		var k string
		if c := tableColumn(tab, ix.Columns[i]); c != nil && ix.Columns[i] != 0 {
			k = quote(c.Name)
		} else if i < len(ix.Exprs) {
			k = deparseExpr(ix.Exprs[i], cols, nil, true)
			if !strings.HasSuffix(k, ")") || strings.ContainsAny(k, " ") {
				k = "(" + k + ")"
			}
		}
		return k
	}
	if col > 0 {
		if col <= len(ix.Columns) {
			return key(col - 1)
		}
		if j := col - 1 - len(ix.Columns); j < len(ix.Include) {
			if c := tableColumn(tab, ix.Include[j]); c != nil {
				return quote(c.Name)
			}
		}
		return ""
	}
	var b strings.Builder
	b.WriteString("CREATE ")
	if ix.Unique {
		b.WriteString("UNIQUE ")
	}
	method := ix.Method
	if method == "" {
		method = "btree"
	}
	b.WriteString("INDEX " + quote(d.Name) + " ON ")
	if tab != nil {
		b.WriteString(s.qualifiedName(tab))
	}
	b.WriteString(" USING " + method + " (")
	for i := range ix.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(key(i))
		opt := indexOption(ix, i)
		switch {
		case opt&1 != 0 && opt&2 == 0:
			b.WriteString(" DESC NULLS LAST")
		case opt&1 != 0:
			b.WriteString(" DESC")
		case opt&2 != 0:
			b.WriteString(" NULLS FIRST")
		}
	}
	b.WriteString(")")
	if len(ix.Include) > 0 {
		b.WriteString(" INCLUDE (" + s.columnList(tab, ix.Include) + ")")
	}
	if ix.NullsNotDistinct {
		b.WriteString(" NULLS NOT DISTINCT")
	}
	if ix.Predicate != "" {
		b.WriteString(" WHERE " + wrapParens(deparseExpr(ix.Predicate, cols, nil, pretty)))
	}
	return b.String()
}

func wrapParens(s string) string {
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && balanced(s[1:len(s)-1]) {
		return s
	}
	return "(" + s + ")"
}

// balanced reports whether the parentheses of s balance without going
// negative (so "(a) AND (b)" is not taken as one parenthesized term).
func balanced(s string) bool {
	depth := 0
	inStr := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'':
			inStr = !inStr
		case inStr:
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

func (s *Source) columnList(tab *catalog.Desc, attnums []int16) string {
	var names []string
	for _, a := range attnums {
		if c := tableColumn(tab, a); c != nil {
			names = append(names, quote(c.Name))
		}
	}
	return strings.Join(names, ", ")
}

// ConstraintDef returns a constraint's definition as in ALTER TABLE ADD
// CONSTRAINT (pg_get_constraintdef).
func (s *Source) ConstraintDef(o types.Oid, pretty bool) (string, bool) {
	c := s.constraintByOid(o)
	if c == nil {
		return "", false
	}
	var b strings.Builder
	switch c.kind {
	case 'p', 'u':
		ix := c.index.Index
		if c.kind == 'p' {
			b.WriteString("PRIMARY KEY ")
		} else {
			b.WriteString("UNIQUE ")
			if ix.NullsNotDistinct {
				b.WriteString("NULLS NOT DISTINCT ")
			}
		}
		b.WriteString("(" + s.columnList(c.table, ix.Columns) + ")")
		if len(ix.Include) > 0 {
			b.WriteString(" INCLUDE (" + s.columnList(c.table, ix.Include) + ")")
		}
	case 'c':
		e := deparseExpr(c.check.Expr, columnTypes(c.table), nil, pretty)
		b.WriteString("CHECK (" + e + ")")
		if c.check.NoInherit {
			b.WriteString(" NO INHERIT")
		}
		if c.check.NotValid {
			b.WriteString(" NOT VALID")
		}
	case 'f':
		fk := c.fk
		ref := s.Cat.Get(fk.RefTable)
		b.WriteString("FOREIGN KEY (" + s.columnList(c.table, fk.Columns) + ") REFERENCES ")
		if ref != nil {
			b.WriteString(s.relationName(ref))
		}
		b.WriteString("(" + s.columnList(ref, fk.RefColumns) + ")")
		if fk.Match == 'f' {
			b.WriteString(" MATCH FULL")
		}
		action := map[byte]string{'r': "RESTRICT", 'c': "CASCADE", 'n': "SET NULL", 'd': "SET DEFAULT"}
		if a, ok := action[fk.OnUpdate]; ok {
			b.WriteString(" ON UPDATE " + a)
		}
		if a, ok := action[fk.OnDelete]; ok {
			b.WriteString(" ON DELETE " + a)
		}
		if fk.Deferrable {
			b.WriteString(" DEFERRABLE")
		}
		if fk.Deferred {
			b.WriteString(" INITIALLY DEFERRED")
		}
		if fk.NotValid {
			b.WriteString(" NOT VALID")
		}
	}
	return b.String(), true
}

// ViewDef returns a view's query (pg_get_viewdef).
func (s *Source) ViewDef(o types.Oid, pretty bool) (string, bool) {
	d := s.Cat.Get(o)
	if d == nil || d.Kind != catalog.KindView {
		return "", false
	}
	return s.viewDef(d, pretty), true
}

func (s *Source) viewDef(d *catalog.Desc, pretty bool) string {
	if v, ok := s.prettyViewDef(d, pretty); ok {
		return v
	}
	q := strings.TrimSpace(d.View.Query)
	if !strings.HasSuffix(q, ";") {
		q += ";"
	}
	return " " + q
}

// SerialSequence returns the qualified name of the sequence a column
// owns (pg_get_serial_sequence); ok is false when it owns none. table may
// be schema-qualified and quoted; column is a plain column name.
func (s *Source) SerialSequence(table, column string) (string, bool, error) {
	schema, name := splitName(table)
	var d *catalog.Desc
	if schema != "" {
		if n := s.Cat.LookupSchema(s.DB, schema); n != nil {
			d = s.Cat.LookupIn(n.Oid, name)
		}
	} else {
		for _, so := range s.SearchPath {
			if d = s.Cat.LookupIn(so, name); d != nil {
				break
			}
		}
	}
	if d == nil {
		return "", false, errUndefinedTable(table)
	}
	if d.Table == nil {
		// A view's column (or any other relation's) owns no sequence.
		if d.View != nil {
			for _, c := range d.View.Columns {
				if c.Name == column {
					return "", false, nil
				}
			}
			return "", false, errUndefinedColumn(column, d.Name)
		}
		return "", false, nil
	}
	for _, c := range d.Table.Columns {
		if c.Name == column && !c.Dropped {
			if sd := s.Cat.Get(c.Sequence); sd != nil {
				return s.qualifiedName(sd), true, nil
			}
			return "", false, nil
		}
	}
	return "", false, errUndefinedColumn(column, d.Name)
}

// splitName splits a possibly qualified, possibly quoted name.
func splitName(s string) (schema, name string) {
	var parts []string
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' && quoted && i+1 < len(s) && s[i+1] == '"':
			cur.WriteByte('"')
			i++
		case c == '"':
			quoted = !quoted
		case c == '.' && !quoted:
			parts = append(parts, cur.String())
			cur.Reset()
		case !quoted && c >= 'A' && c <= 'Z':
			cur.WriteByte(c + 'a' - 'A')
		default:
			cur.WriteByte(c)
		}
	}
	parts = append(parts, cur.String())
	if len(parts) >= 2 {
		return parts[len(parts)-2], parts[len(parts)-1]
	}
	return "", parts[0]
}

// ViewDefByName returns the query of a view named by a possibly
// qualified name (pg_get_viewdef(text)).
func (s *Source) ViewDefByName(name string, pretty bool) (string, bool, error) {
	schema, rel := splitName(name)
	var d *catalog.Desc
	if schema != "" {
		if n := s.Cat.LookupSchema(s.DB, schema); n != nil {
			d = s.Cat.LookupIn(n.Oid, rel)
		}
	} else {
		for _, so := range s.SearchPath {
			if d = s.Cat.LookupIn(so, rel); d != nil {
				break
			}
		}
	}
	if d == nil {
		return "", false, errUndefinedTable(name)
	}
	v, ok := s.ViewDef(d.Oid, pretty)
	return v, ok, nil
}

// catalogClass maps a catalog's name to its pg_class OID.
func catalogClass(name string) types.Oid {
	if r := Lookup("pg_catalog", strings.TrimPrefix(name, "pg_catalog.")); r != nil {
		return r.Oid
	}
	return 0
}

// databaseComment returns a database's comment; the databases initdb
// creates have theirs.
func databaseComment(d *catalog.Desc) string {
	if t := d.Description(); t != "" {
		return t
	}
	switch d.Oid {
	case catalog.OidPostgresDB:
		return "default administrative connection database"
	case catalog.OidTemplate0:
		return "unmodifiable empty database"
	case catalog.OidTemplate1:
		return "default template for new databases"
	}
	return ""
}

// qualifyNextval renders a default nextval('seq'::regclass) as regclass
// output would: the sequence's name qualified with its schema unless the
// search path finds it by name alone (pg_dump empties the search path, so
// its dump restores the default whatever the search path).
func (s *Source) qualifyNextval(expr string, relSchema catalog.Oid) string {
	const pre, post = "nextval('", "'::regclass)"
	if !strings.HasPrefix(expr, pre) || !strings.HasSuffix(expr, post) {
		return expr
	}
	lit := strings.ReplaceAll(expr[len(pre):len(expr)-len(post)], "''", "'")
	schema, name, ok := splitRegName(lit)
	if !ok {
		return expr
	}
	var seq *catalog.Desc
	if schema != "" {
		if sd := s.Cat.LookupSchema(s.DB, schema); sd != nil {
			seq = s.Cat.LookupIn(sd.Oid, name)
		}
	} else {
		// The name was resolved when the default was made; a serial
		// column's sequence is in its table's schema.
		for _, so := range append(append([]catalog.Oid(nil), s.SearchPath...), relSchema) {
			if seq = s.Cat.LookupIn(so, name); seq != nil {
				break
			}
		}
	}
	if seq == nil {
		return expr
	}
	out := keywords.Quote(seq.Name)
	visible := false
	for _, so := range s.SearchPath {
		if d := s.Cat.LookupIn(so, seq.Name); d != nil {
			visible = d == seq
			break
		}
	}
	if !visible {
		if sd := s.Cat.Get(seq.Schema); sd != nil {
			out = keywords.Quote(sd.Name) + "." + out
		}
	}
	return pre + strings.ReplaceAll(out, "'", "''") + post
}

// splitRegName splits a possibly qualified, possibly quoted relation name.
func splitRegName(s string) (schema, name string, ok bool) {
	var parts []string
	for len(s) > 0 {
		var part string
		if s[0] == '"' {
			end := 1
			var b strings.Builder
			for end < len(s) {
				if s[end] == '"' {
					if end+1 < len(s) && s[end+1] == '"' {
						b.WriteByte('"')
						end += 2
						continue
					}
					break
				}
				b.WriteByte(s[end])
				end++
			}
			if end >= len(s) {
				return "", "", false
			}
			part, s = b.String(), s[end+1:]
		} else {
			i := strings.IndexByte(s, '.')
			if i < 0 {
				i = len(s)
			}
			part, s = strings.ToLower(s[:i]), s[i:]
		}
		parts = append(parts, part)
		if len(s) > 0 {
			if s[0] != '.' {
				return "", "", false
			}
			s = s[1:]
		}
	}
	switch len(parts) {
	case 1:
		return "", parts[0], true
	case 2:
		return parts[0], parts[1], true
	}
	return "", "", false
}
