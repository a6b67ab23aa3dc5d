package commands

import (
	"google.golang.org/protobuf/reflect/protoreflect"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

// tableBuilder accumulates a new table's definition.
type tableBuilder struct {
	s       Session
	sql     string
	schema  *catalog.Desc
	desc    *catalog.Desc
	pk      []string // primary key columns
	pkName  string
	uniques []uniqueDef
	// lastUnique is 1 + the index in uniques of the UNIQUE constraint a
	// column's DEFERRABLE or INITIALLY DEFERRED that follows applies to.
	lastUnique int
	fks        []fkDef
	checks     []checkDef
	seqs       []*catalog.Desc
	names      map[string]bool // names taken in the schema by this statement
}

type uniqueDef struct {
	name                     string
	cols                     []string
	nullsNotDistinct         bool
	deferrable, initDeferred bool
}

type fkDef struct {
	name     string
	cols     []string
	ref      *pg_query.RangeVar
	refCols  []string
	del, upd byte
	match    byte
	loc      int32
	notValid bool
}

type checkDef struct {
	name     string
	expr     *pg_query.Node
	notValid bool
}

func (b *tableBuilder) taken(name string) bool {
	return b.names[name] || b.s.Catalog().LookupIn(b.schema.Oid, name) != nil
}

func (b *tableBuilder) take(name string) string {
	b.names[name] = true
	return name
}

func (b *tableBuilder) column(name string) *catalog.Column {
	for i := range b.desc.Table.Columns {
		if b.desc.Table.Columns[i].Name == name {
			return &b.desc.Table.Columns[i]
		}
	}
	return nil
}

// serialTypes maps the serial pseudo-types to their integer types.
var serialTypes = map[string]*types.T{
	"serial": types.Int4, "serial4": types.Int4, "bigserial": types.Int8, "serial8": types.Int8,
	"smallserial": types.Int2, "serial2": types.Int2,
}

// CreateTable executes CREATE TABLE.
func CreateTable(s Session, sql string, st *pg_query.CreateStmt) (string, error) {
	ctx := s.Context()
	rv := st.Relation
	schema, err := schemaFor(s, rv)
	if err != nil {
		return "", err
	}
	temp := catalog.IsTempSchemaName(schema.Name)
	onCommit, err := onCommitAction(st.Oncommit, temp)
	if err != nil {
		return "", err
	}
	if d := s.Catalog().LookupIn(schema.Oid, rv.Relname); d != nil {
		if d.Kind == catalog.KindType {
			return "", pgerror.New(pgerror.DuplicateObject, `type "%s" already exists`, rv.Relname).
				WithHint("A relation has an associated type of the same name, so you must use a name that doesn't conflict with any existing type.")
		}
		if st.IfNotExists {
			s.Notice(pgerror.Notice(pgerror.DuplicateTable, `relation "%s" already exists, skipping`, rv.Relname))
			return "CREATE TABLE", nil
		}
		return "", pgerror.New(pgerror.DuplicateTable, `relation "%s" already exists`, rv.Relname)
	}
	if len(st.InhRelations) > 0 {
		return "", pgerror.New(pgerror.FeatureNotSupported, "table inheritance is not supported")
	}
	if st.Partspec != nil || st.Partbound != nil {
		return "", pgerror.New(pgerror.FeatureNotSupported, "partitioned tables are not supported yet")
	}
	oid, err := s.Catalog().Store().NewOid(ctx)
	if err != nil {
		return "", err
	}
	b := &tableBuilder{s: s, sql: sql, schema: schema, names: map[string]bool{rv.Relname: true},
		desc: &catalog.Desc{Oid: oid, Kind: catalog.KindTable, Name: rv.Relname, Database: s.Database(), Schema: schema.Oid,
			Owner: s.UserOid(), Table: &catalog.Table{NextAttnum: 1, Temp: temp, OnCommit: onCommit}}}
	for _, el := range st.TableElts {
		switch v := el.Node.(type) {
		case *pg_query.Node_ColumnDef:
			if err := b.addColumn(v.ColumnDef); err != nil {
				return "", err
			}
		case *pg_query.Node_Constraint:
			if err := b.addConstraint(v.Constraint, ""); err != nil {
				return "", err
			}
		case *pg_query.Node_TableLikeClause:
			if err := b.addLike(v.TableLikeClause); err != nil {
				return "", err
			}
		}
	}
	if err := b.finish(); err != nil {
		return "", err
	}
	return "CREATE TABLE", nil
}

// CreateTableWithColumns creates a table with the given columns (CREATE
// TABLE AS, SELECT INTO) and returns its descriptor.
func CreateTableWithColumns(s Session, rv *pg_query.RangeVar, names []string, ts []*types.T, ifNotExists bool) (*catalog.Desc, bool, error) {
	ctx := s.Context()
	schema, err := schemaFor(s, rv)
	if err != nil {
		return nil, false, err
	}
	if d := s.Catalog().LookupIn(schema.Oid, rv.Relname); d != nil {
		if ifNotExists {
			s.Notice(pgerror.Notice(pgerror.DuplicateTable, `relation "%s" already exists, skipping`, rv.Relname))
			return nil, false, nil
		}
		return nil, false, pgerror.New(pgerror.DuplicateTable, `relation "%s" already exists`, rv.Relname)
	}
	oid, err := s.Catalog().Store().NewOid(ctx)
	if err != nil {
		return nil, false, err
	}
	b := &tableBuilder{s: s, schema: schema, names: map[string]bool{rv.Relname: true},
		desc: &catalog.Desc{Oid: oid, Kind: catalog.KindTable, Name: rv.Relname, Database: s.Database(), Schema: schema.Oid,
			Owner: s.UserOid(), Table: &catalog.Table{NextAttnum: 1, Temp: catalog.IsTempSchemaName(schema.Name)}}}
	for i, n := range names {
		if b.column(n) != nil {
			return nil, false, pgerror.New(pgerror.DuplicateColumn, `column "%s" specified more than once`, n)
		}
		t := ts[i]
		if t.Oid == types.OidUnknown {
			t = types.Text
		}
		if t.Kind == 'p' {
			return nil, false, pgerror.New(pgerror.InvalidTableDefinition, `column "%s" has pseudo-type %s`, n, t.SQLName())
		}
		b.desc.Table.Columns = append(b.desc.Table.Columns, catalog.Column{Name: n, Attnum: b.desc.Table.NextAttnum, TypeOid: t.Oid, Typmod: t.Typmod})
		b.desc.Table.NextAttnum++
	}
	if err := b.finish(); err != nil {
		return nil, false, err
	}
	return b.desc, true, nil
}

// resolveType resolves a column's type name; serial types become their
// integer type with a sequence.
func (b *tableBuilder) resolveType(tn *pg_query.TypeName) (*types.T, bool, error) {
	if len(tn.Names) == 1 && len(tn.ArrayBounds) == 0 {
		if t, ok := serialTypes[strings.ToLower(nameOf(tn.Names[0]))]; ok {
			return t, true, nil
		}
	}
	t, err := b.s.Analyzer(b.sql).ResolveTypeName(tn)
	if err != nil {
		return nil, false, err
	}
	if !t.Supported() {
		return nil, false, pgerror.New(pgerror.FeatureNotSupported, "type %s is not supported yet", t.SQLName())
	}
	if t.Kind == 'p' {
		return nil, false, pgerror.New(pgerror.InvalidTableDefinition, `column "%s" has pseudo-type %s`, "", t.SQLName())
	}
	return t, false, nil
}

func (b *tableBuilder) addColumn(cd *pg_query.ColumnDef) error {
	if b.column(cd.Colname) != nil {
		return pgerror.New(pgerror.DuplicateColumn, `column "%s" specified more than once`, cd.Colname)
	}
	t, serial, err := b.resolveType(cd.TypeName)
	if err != nil {
		return err
	}
	if t.Kind == 'p' {
		return pgerror.New(pgerror.InvalidTableDefinition, `column "%s" has pseudo-type %s`, cd.Colname, t.SQLName())
	}
	col := catalog.Column{Name: cd.Colname, Attnum: b.desc.Table.NextAttnum, TypeOid: t.Oid, Typmod: t.Typmod, NotNull: cd.IsNotNull}
	b.desc.Table.NextAttnum++
	b.desc.Table.Columns = append(b.desc.Table.Columns, col)
	c := &b.desc.Table.Columns[len(b.desc.Table.Columns)-1]
	if serial {
		if err := b.ownedSequence(c, t, false, nil); err != nil {
			return err
		}
		c.NotNull = true
	}
	if cd.RawDefault != nil {
		if err := b.setDefault(c, cd.RawDefault); err != nil {
			return err
		}
	}
	for _, cn := range cd.Constraints {
		if err := b.addConstraint(cn.GetConstraint(), cd.Colname); err != nil {
			return err
		}
	}
	return nil
}

func (b *tableBuilder) setDefault(c *catalog.Column, raw *pg_query.Node) error {
	if c.Default != "" || c.Identity != 0 {
		return pgerror.New(pgerror.SyntaxError, `multiple default values specified for column "%s" of table "%s"`, c.Name, b.desc.Name)
	}
	text, err := deparseExpr(raw)
	if err != nil {
		return err
	}
	// Check it now: it must not reference columns and must convert to the
	// column's type.
	an := b.s.Analyzer("SELECT " + text)
	st, err := parseExprSQL(text)
	if err != nil {
		return err
	}
	e, err := an.AnalyzeConstExpr(st, c.Type())
	if err != nil {
		if pe := pgerror.Flatten(err); pe.Code == pgerror.DatatypeMismatch {
			return pgerror.New(pgerror.DatatypeMismatch, `column "%s" is of type %s but default expression is of type %s`, c.Name, c.Type().SQLName(), exprTypeName(an, st)).
				WithHint("You will need to rewrite or cast the expression.")
		}
		return err
	}
	_ = e
	c.Default = text
	return nil
}

func exprTypeName(an *analyze.Analyzer, n *pg_query.Node) string {
	if e, err := an.AnalyzeConstExpr(n, types.Any); err == nil {
		return e.Type().SQLName()
	}
	return "unknown"
}

// ownedSequence creates the sequence of a serial or identity column.
func (b *tableBuilder) ownedSequence(c *catalog.Column, t *types.T, identity bool, opts []*pg_query.Node) error {
	ctx := b.s.Context()
	name := chooseName(b.desc.Name, c.Name, "seq", b.taken)
	b.take(name)
	oid, err := b.s.Catalog().Store().NewOid(ctx)
	if err != nil {
		return err
	}
	seq := defaultSeq(t)
	seq.OwnedByTable, seq.OwnedByColumn, seq.Identity = b.desc.Oid, c.Attnum, identity
	if err := applySeqOptions(seq, opts, true); err != nil {
		return err
	}
	sd := &catalog.Desc{Oid: oid, Kind: catalog.KindSequence, Name: name, Database: b.s.Database(), Schema: b.schema.Oid, Owner: b.s.UserOid(), Sequence: seq}
	b.seqs = append(b.seqs, sd)
	c.Sequence = oid
	if !identity {
		c.Default = "nextval('" + qualifiedSeqName(b, name) + "'::regclass)"
	}
	return nil
}

func qualifiedSeqName(b *tableBuilder, name string) string {
	q := quoteIdent(name)
	// A temporary schema is searched first, so its sequences are found by
	// their bare names (and regclass prints them so).
	if b.schema.Name != "public" && !catalog.IsTempSchemaName(b.schema.Name) {
		q = quoteIdent(b.schema.Name) + "." + q
	}
	return strings.ReplaceAll(q, "'", "''")
}

func (b *tableBuilder) addConstraint(cn *pg_query.Constraint, column string) error {
	cols := func(keys []*pg_query.Node) []string {
		if column != "" && len(keys) == 0 {
			return []string{column}
		}
		var out []string
		for _, k := range keys {
			out = append(out, nameOf(k))
		}
		return out
	}
	switch cn.Contype {
	case pg_query.ConstrType_CONSTR_ATTR_DEFERRABLE, pg_query.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE,
		pg_query.ConstrType_CONSTR_ATTR_DEFERRED, pg_query.ConstrType_CONSTR_ATTR_IMMEDIATE:
	default:
		b.lastUnique = 0
	}
	switch cn.Contype {
	case pg_query.ConstrType_CONSTR_NOTNULL:
		b.column(column).NotNull = true
	case pg_query.ConstrType_CONSTR_NULL:
		if c := b.column(column); c.NotNull && c.Sequence == 0 {
			return pgerror.New(pgerror.SyntaxError, `conflicting NULL/NOT NULL declarations for column "%s" of table "%s"`, column, b.desc.Name)
		}
	case pg_query.ConstrType_CONSTR_DEFAULT:
		return b.setDefault(b.column(column), cn.RawExpr)
	case pg_query.ConstrType_CONSTR_IDENTITY:
		c := b.column(column)
		if c.Default != "" {
			return pgerror.New(pgerror.SyntaxError, `both default and identity specified for column "%s" of table "%s"`, column, b.desc.Name)
		}
		t := c.Type()
		if t.Family != types.FamInt || t.Oid == types.OidOid {
			return pgerror.New(pgerror.InvalidParameterValue, `identity column type must be smallint, integer, or bigint`)
		}
		c.Identity = cn.GeneratedWhen[0]
		c.NotNull = true
		return b.ownedSequence(c, t, true, cn.Options)
	case pg_query.ConstrType_CONSTR_GENERATED:
		c := b.column(column)
		text, err := deparseExpr(cn.RawExpr)
		if err != nil {
			return err
		}
		c.Generated = 's'
		c.Default = text
	case pg_query.ConstrType_CONSTR_PRIMARY:
		if b.pk != nil {
			return pgerror.New(pgerror.InvalidTableDefinition, `multiple primary keys for table "%s" are not allowed`, b.desc.Name)
		}
		b.pk = cols(cn.Keys)
		b.pkName = cn.Conname
	case pg_query.ConstrType_CONSTR_UNIQUE:
		// INITIALLY DEFERRED implies DEFERRABLE.
		b.uniques = append(b.uniques, uniqueDef{name: cn.Conname, cols: cols(cn.Keys), nullsNotDistinct: cn.NullsNotDistinct,
			deferrable: cn.Deferrable || cn.Initdeferred, initDeferred: cn.Initdeferred})
		b.lastUnique = len(b.uniques)
	case pg_query.ConstrType_CONSTR_CHECK:
		b.checks = append(b.checks, checkDef{name: cn.Conname, expr: cn.RawExpr})
	case pg_query.ConstrType_CONSTR_FOREIGN:
		fk := fkDef{name: cn.Conname, ref: cn.Pktable, del: actionOf(cn.FkDelAction), upd: actionOf(cn.FkUpdAction), match: 's', loc: cn.Location}
		if column != "" {
			fk.cols = []string{column}
		} else {
			fk.cols = cols(cn.FkAttrs)
		}
		for _, k := range cn.PkAttrs {
			fk.refCols = append(fk.refCols, nameOf(k))
		}
		if cn.FkMatchtype == "f" {
			fk.match = 'f'
		}
		b.fks = append(b.fks, fk)
	case pg_query.ConstrType_CONSTR_EXCLUSION:
		return pgerror.New(pgerror.FeatureNotSupported, "exclusion constraints are not supported")
	case pg_query.ConstrType_CONSTR_ATTR_DEFERRABLE, pg_query.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE,
		pg_query.ConstrType_CONSTR_ATTR_DEFERRED, pg_query.ConstrType_CONSTR_ATTR_IMMEDIATE:
		// A column constraint's attributes follow it as constraints of
		// their own (transformConstraintAttrs); those of a UNIQUE
		// constraint are kept, the others' ignored as before.
		if b.lastUnique > 0 {
			u := &b.uniques[b.lastUnique-1]
			switch cn.Contype {
			case pg_query.ConstrType_CONSTR_ATTR_DEFERRABLE:
				u.deferrable = true
			case pg_query.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE:
				if u.initDeferred {
					return pgerror.New(pgerror.SyntaxError, "constraint declared INITIALLY DEFERRED must be DEFERRABLE")
				}
				u.deferrable = false
			case pg_query.ConstrType_CONSTR_ATTR_DEFERRED:
				u.deferrable, u.initDeferred = true, true
			case pg_query.ConstrType_CONSTR_ATTR_IMMEDIATE:
				u.initDeferred = false
			}
		}
	}
	return nil
}

func actionOf(s string) byte {
	if s == "" {
		return 'a'
	}
	return s[0]
}

// finish validates the definition and writes the descriptors.
func (b *tableBuilder) finish() error {
	s := b.s
	ctx := s.Context()
	cat := s.Catalog()
	kv := s.KV()
	t := b.desc.Table
	if len(t.Columns) > 1600 {
		return pgerror.New(pgerror.TooManyColumns, "tables can have at most 1600 columns")
	}
	var indexes []*catalog.Desc
	addIndex := func(name string, colNames []string, primary, unique, nnd bool) error {
		ix := &catalog.Index{Table: b.desc.Oid, Primary: primary, Unique: unique, NullsNotDistinct: nnd}
		for _, cn := range colNames {
			c := b.column(cn)
			if c == nil {
				return pgerror.New(pgerror.UndefinedColumn, `column "%s" named in key does not exist`, cn)
			}
			if !storage.Keyable(c.Type()) {
				return storage.ErrNotKeyable(c.Type())
			}
			for _, a := range ix.Columns {
				if a == c.Attnum {
					return pgerror.New(pgerror.DuplicateColumn, `column "%s" appears twice in %s constraint`, cn, map[bool]string{true: "primary key", false: "unique"}[primary])
				}
			}
			ix.Columns = append(ix.Columns, c.Attnum)
			if primary {
				c.NotNull = true
			}
		}
		// Identical unique constraints collapse into one, as in PostgreSQL.
		for _, other := range indexes {
			if sameCols(other.Index.Columns, ix.Columns) && other.Index.Unique && !primary {
				return nil
			}
		}
		oid, err := cat.Store().NewOid(ctx)
		if err != nil {
			return err
		}
		if name == "" {
			label := "key"
			if primary {
				label = "pkey"
				name = chooseName(b.desc.Name, "", label, b.taken)
			} else {
				name = chooseName(b.desc.Name, strings.Join(colNames, "_"), label, b.taken)
			}
		} else if b.taken(name) {
			return pgerror.New(pgerror.DuplicateTable, `relation "%s" already exists`, name)
		}
		b.take(name)
		conOid, err := cat.Store().NewOid(ctx)
		if err != nil {
			return err
		}
		ix.ConstraintOid, ix.ConstraintName = conOid, name
		indexes = append(indexes, &catalog.Desc{Oid: oid, Kind: catalog.KindIndex, Name: name, Database: s.Database(), Schema: b.schema.Oid, Owner: s.UserOid(), Index: ix})
		return nil
	}
	if b.pk != nil {
		if err := addIndex(b.pkName, b.pk, true, true, false); err != nil {
			return err
		}
	}
	for _, u := range b.uniques {
		n := len(indexes)
		if err := addIndex(u.name, u.cols, false, true, u.nullsNotDistinct); err != nil {
			return err
		}
		if len(indexes) > n {
			indexes[n].Index.Deferrable, indexes[n].Index.InitDeferred = u.deferrable, u.initDeferred
		}
	}
	if b.pk != nil {
		t.PrimaryIndex = indexes[0].Oid
	} else {
		oid, err := cat.Store().NewOid(ctx)
		if err != nil {
			return err
		}
		t.PrimaryIndex = oid
		t.HasRowID = true
	}
	for _, ix := range indexes {
		t.Indexes = append(t.Indexes, ix.Oid)
	}
	// CHECK constraints, validated against the new columns.
	for _, ch := range b.checks {
		text, err := deparseExpr(ch.expr)
		if err != nil {
			return err
		}
		if err := b.validateCheck(text); err != nil {
			return err
		}
		name := ch.name
		if name == "" {
			// Named after the column only when the expression reads one,
			// even for a column constraint (check (a > b) on column a is
			// <table>_check), as PostgreSQL names it.
			name = chooseName(b.desc.Name, soleColumnRef(ch.expr), "check", b.takenConstraint)
		}
		oid, err := cat.Store().NewOid(ctx)
		if err != nil {
			return err
		}
		t.Checks = append(t.Checks, catalog.Check{Oid: oid, Name: name, Expr: text})
	}
	// Foreign keys.
	for _, fk := range b.fks {
		c, err := b.foreignKey(fk, indexes)
		if err != nil {
			return err
		}
		t.ForeignKeys = append(t.ForeignKeys, c)
	}
	if err := cat.Put(ctx, kv, b.desc); err != nil {
		return err
	}
	for _, ix := range indexes {
		if err := cat.Put(ctx, kv, ix); err != nil {
			return err
		}
	}
	for _, sq := range b.seqs {
		if err := cat.Put(ctx, kv, sq); err != nil {
			return err
		}
	}
	return nil
}

// takenConstraint reports whether a constraint name is used on this table.
func (b *tableBuilder) takenConstraint(name string) bool {
	for _, c := range b.desc.Table.Checks {
		if c.Name == name {
			return true
		}
	}
	return b.taken(name)
}

func sameCols(a, b []int16) bool {
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

// soleColumnRef returns the column a CHECK expression mentions when it
// mentions exactly one (however often), and "" otherwise: PostgreSQL names
// such a constraint <table>_<column>_check, and one over several columns
// (or none) <table>_check (AddRelationNewConstraints).
func soleColumnRef(n *pg_query.Node) string {
	names := map[string]bool{}
	var visit func(m protoreflect.Message)
	visit = func(m protoreflect.Message) {
		if cr, ok := m.Interface().(*pg_query.ColumnRef); ok {
			if len(cr.Fields) > 0 {
				names[nameOf(cr.Fields[len(cr.Fields)-1])] = true
			}
			return
		}
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.IsList() && fd.Message() != nil:
				l := v.List()
				for i := range l.Len() {
					visit(l.Get(i).Message())
				}
			case fd.Message() != nil && !fd.IsMap():
				visit(v.Message())
			}
			return true
		})
	}
	if n != nil {
		visit(n.ProtoReflect())
	}
	if len(names) != 1 {
		return ""
	}
	for name := range names {
		return name
	}
	return ""
}

// validateCheck analyzes a CHECK expression against the new table.
func (b *tableBuilder) validateCheck(text string) error {
	t := tableForAnalysis(b.desc)
	return analyze.ValidateTableExpr(b.s.Analyzer("SELECT "+text), t, text)
}

// tableForAnalysis describes a table descriptor for the analyzer.
func tableForAnalysis(d *catalog.Desc) *analyze.Table {
	t := &analyze.Table{Oid: d.Oid, Name: d.Name, Kind: 'r'}
	for _, c := range d.Table.Columns {
		t.Columns = append(t.Columns, analyze.Column{Name: c.Name, T: c.Type(), NotNull: c.NotNull, Attnum: c.Attnum, Dropped: c.Dropped})
	}
	return t
}

// foreignKey resolves a FOREIGN KEY clause.
func (b *tableBuilder) foreignKey(fk fkDef, newIndexes []*catalog.Desc) (catalog.ForeignKey, error) {
	s := b.s
	cat := s.Catalog()
	var ref *catalog.Desc
	var refIndexes []*catalog.Desc
	self := fk.ref.Relname == b.desc.Name && (fk.ref.Schemaname == "" || fk.ref.Schemaname == b.schema.Name)
	if self {
		ref = b.desc
		refIndexes = newIndexes
	} else {
		d, err := s.LookupRelation(fk.ref.Schemaname, fk.ref.Relname)
		if err != nil {
			return catalog.ForeignKey{}, err
		}
		if d == nil {
			return catalog.ForeignKey{}, pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, fk.ref.Relname)
		}
		if d.Kind != catalog.KindTable {
			return catalog.ForeignKey{}, pgerror.New(pgerror.WrongObjectType, `referenced relation "%s" is not a table`, d.Name)
		}
		if err := checkFKPersistence(s, b.desc, d); err != nil {
			return catalog.ForeignKey{}, err
		}
		ref = d
		refIndexes = cat.IndexesOf(d)
	}
	out := catalog.ForeignKey{RefTable: ref.Oid, OnDelete: fk.del, OnUpdate: fk.upd, Match: fk.match}
	for _, cn := range fk.cols {
		c := b.column(cn)
		if c == nil {
			return out, pgerror.New(pgerror.UndefinedColumn, `column "%s" referenced in foreign key constraint does not exist`, cn)
		}
		out.Columns = append(out.Columns, c.Attnum)
	}
	findRefCol := func(name string) *catalog.Column {
		for i := range ref.Table.Columns {
			if ref.Table.Columns[i].Name == name && !ref.Table.Columns[i].Dropped {
				return &ref.Table.Columns[i]
			}
		}
		return nil
	}
	if len(fk.refCols) == 0 {
		// The referenced table's primary key.
		var pk *catalog.Desc
		for _, ix := range refIndexes {
			if ix.Index.Primary {
				pk = ix
			}
		}
		if pk == nil {
			return out, pgerror.New(pgerror.UndefinedObject, `there is no primary key for referenced table "%s"`, ref.Name)
		}
		out.RefColumns = append([]int16(nil), pk.Index.Columns...)
		out.RefIndex = pk.Oid
	} else {
		for _, cn := range fk.refCols {
			c := findRefCol(cn)
			if c == nil {
				return out, pgerror.New(pgerror.UndefinedColumn, `column "%s" referenced in foreign key constraint does not exist`, cn)
			}
			out.RefColumns = append(out.RefColumns, c.Attnum)
		}
		for _, ix := range refIndexes {
			if ix.Index.Unique && sameColSet(ix.Index.Columns, out.RefColumns) {
				out.RefIndex = ix.Oid
				break
			}
		}
		if out.RefIndex == 0 {
			return out, pgerror.New(pgerror.InvalidForeignKey, `there is no unique constraint matching given keys for referenced table "%s"`, ref.Name)
		}
	}
	if len(out.Columns) != len(out.RefColumns) {
		return out, pgerror.New(pgerror.InvalidForeignKey, "number of referencing and referenced columns for foreign key disagree")
	}
	for i := range out.Columns {
		lc := b.desc.Table.Columns[out.Columns[i]-1]
		var rc catalog.Column
		for _, c := range ref.Table.Columns {
			if c.Attnum == out.RefColumns[i] {
				rc = c
			}
		}
		lt, rt := lc.Type(), rc.Type()
		if lt.Category != rt.Category && !types.CanCoerce(lt, rt, types.CastImplicit) {
			return out, pgerror.New(pgerror.DatatypeMismatch, `foreign key constraint "%s" cannot be implemented`, fkName(b, fk)).
				WithDetail(`Key columns "%s" and "%s" are of incompatible types: %s and %s.`, lc.Name, rc.Name, lt.SQLName(), rt.SQLName())
		}
	}
	out.Name = fkName(b, fk)
	b.take(out.Name)
	oid, err := cat.Store().NewOid(s.Context())
	if err != nil {
		return out, err
	}
	out.Oid = oid
	return out, nil
}

func fkName(b *tableBuilder, fk fkDef) string {
	if fk.name != "" {
		return fk.name
	}
	return chooseName(b.desc.Name, strings.Join(fk.cols, "_"), "fkey", b.taken)
}

func sameColSet(a, b []int16) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// The INCLUDING options of LIKE (CREATE_TABLE_LIKE_* in parsenodes.h).
const (
	likeComments    = 1 << 0
	likeConstraints = 1 << 2
	likeDefaults    = 1 << 3
	likeGenerated   = 1 << 4
	likeIdentity    = 1 << 5
	likeIndexes     = 1 << 6
)

// addLike copies another table's columns into the new table (CREATE
// TABLE ... (LIKE other INCLUDING ...), transformTableLikeClause): names,
// types and NOT NULL always; defaults, generation expressions, CHECK
// constraints, primary key and unique constraints and comments as the
// options say. Identity columns and plain indexes are not copied yet.
func (b *tableBuilder) addLike(lc *pg_query.TableLikeClause) error {
	rv := lc.Relation
	d, err := b.s.LookupRelation(rv.Schemaname, rv.Relname)
	if err != nil {
		return err
	}
	if d == nil {
		return pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, rv.Relname).WithPosition(rv.Location + 1)
	}
	var cols []catalog.Column
	switch d.Kind {
	case catalog.KindTable:
		cols = d.Table.Columns
	case catalog.KindView:
		cols = d.View.Columns
	default:
		return pgerror.New(pgerror.WrongObjectType, `relation "%s" is invalid in LIKE clause`, d.Name).
			WithDetail("This operation is not supported for %ss.", relKindName(d))
	}
	opts := lc.Options
	attnums := map[int16]int16{} // source attnum -> new attnum
	for _, c := range cols {
		if c.Dropped {
			continue
		}
		if b.column(c.Name) != nil {
			return pgerror.New(pgerror.DuplicateColumn, `column "%s" specified more than once`, c.Name)
		}
		nc := catalog.Column{Name: c.Name, Attnum: b.desc.Table.NextAttnum, TypeOid: c.TypeOid, Typmod: c.Typmod, NotNull: c.NotNull}
		attnums[c.Attnum] = nc.Attnum
		b.desc.Table.NextAttnum++
		switch {
		case c.Generated != 0:
			if opts&likeGenerated != 0 {
				nc.Generated, nc.Default = c.Generated, c.Default
			}
		case c.Identity != 0:
			nc.NotNull = true
		case opts&likeDefaults != 0:
			nc.Default = c.Default
		}
		if opts&likeComments != 0 {
			nc.Comment = c.Comment
		}
		b.desc.Table.Columns = append(b.desc.Table.Columns, nc)
	}
	if d.Kind != catalog.KindTable {
		return nil
	}
	if opts&likeConstraints != 0 {
		for _, ch := range d.Table.Checks {
			expr, err := parseExprSQL(ch.Expr)
			if err != nil {
				return err
			}
			b.checks = append(b.checks, checkDef{name: ch.Name, expr: expr})
		}
	}
	if opts&likeIndexes != 0 {
		for _, ix := range b.s.Catalog().IndexesOf(d) {
			if ix.Index.ConstraintName == "" || !ix.Index.Unique {
				continue
			}
			var names []string
			for _, a := range ix.Index.Columns {
				names = append(names, d.Table.Columns[a-1].Name)
			}
			if ix.Index.Primary {
				b.pk = names
			} else {
				b.uniques = append(b.uniques, uniqueDef{cols: names, nullsNotDistinct: ix.Index.NullsNotDistinct})
			}
		}
	}
	return nil
}
