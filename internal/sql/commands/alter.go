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
	"github.com/tuskdb/tusk/internal/storage"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// ALTER TABLE (PostgreSQL's AlterTable in commands/tablecmds.c). The
// subcommands run one after another on the table's descriptor, each
// writing it back, so a later one (and the SQL a subcommand runs to fill
// or check rows) sees the earlier ones. Where PostgreSQL rewrites the
// table (a column's type changes, or the index rows are stored by
// changes because a primary key is added or dropped), rewriteTable reads
// every row in the old layout and writes it in the new one.

// alterer is one ALTER TABLE statement in progress.
type alterer struct {
	s    Session
	sql  string
	desc *catalog.Desc // the table as changed so far (a private copy)
}

// AlterTable executes ALTER TABLE, and ALTER INDEX, SEQUENCE and VIEW in
// the forms that share its statement.
func AlterTable(s Session, sql string, st *pg_query.AlterTableStmt) (string, error) {
	if st.Objtype == pg_query.ObjectType_OBJECT_TYPE {
		return alterCompositeType(s, sql, st)
	}
	tag := "ALTER TABLE"
	switch st.Objtype {
	case pg_query.ObjectType_OBJECT_INDEX:
		tag = "ALTER INDEX"
	case pg_query.ObjectType_OBJECT_SEQUENCE:
		tag = "ALTER SEQUENCE"
	case pg_query.ObjectType_OBJECT_VIEW:
		tag = "ALTER VIEW"
	case pg_query.ObjectType_OBJECT_MATVIEW:
		tag = "ALTER MATERIALIZED VIEW"
	}
	rv := st.Relation
	d, err := s.LookupRelation(rv.Schemaname, rv.Relname)
	if err != nil {
		return "", err
	}
	if d == nil {
		if st.MissingOk {
			s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `relation "%s" does not exist, skipping`, rv.Relname))
			return tag, nil
		}
		return "", pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, rv.Relname)
	}
	if err := checkAlterKind(d, st.Objtype); err != nil {
		return "", err
	}
	if err := checkOwner(s, d, ""); err != nil {
		return "", err
	}
	if err := checkRowTypeUnused(s, d, st.Cmds); err != nil {
		return "", err
	}
	a := &alterer{s: s, sql: sql, desc: copyDesc(d)}
	for _, c := range st.Cmds {
		cmd := c.GetAlterTableCmd()
		if err := a.run(cmd); err != nil {
			return "", err
		}
	}
	return tag, nil
}

// checkAlterKind checks that ALTER VIEW names a view, ALTER INDEX an
// index and ALTER SEQUENCE a sequence (ALTER TABLE accepts them all for
// the subcommands that apply).
func checkAlterKind(d *catalog.Desc, ot pg_query.ObjectType) error {
	want, article := catalog.Kind(""), ""
	switch ot {
	case pg_query.ObjectType_OBJECT_VIEW:
		want, article = catalog.KindView, "a view"
	case pg_query.ObjectType_OBJECT_INDEX:
		want, article = catalog.KindIndex, "an index"
	case pg_query.ObjectType_OBJECT_SEQUENCE:
		want, article = catalog.KindSequence, "a sequence"
	}
	if want != "" && d.Kind != want {
		return pgerror.New(pgerror.WrongObjectType, `"%s" is not %s`, d.Name, article)
	}
	return nil
}

// checkOwner requires the current role to own d (or be a member of its
// owner), or to be a superuser (pg_class_ownercheck). kind names d in the
// message; "" names it by its own kind.
func checkOwner(s Session, d *catalog.Desc, kind string) error {
	cur := s.Catalog().Get(s.UserOid())
	if cur == nil || cur.Role == nil || cur.Role.Superuser || isMemberOf(s, cur.Oid, d.Owner) {
		return nil
	}
	if kind == "" {
		kind = relKindName(d)
	}
	return pgerror.New(pgerror.InsufficientPrivilege, "must be owner of %s %s", kind, d.Name)
}

// copyDesc copies a descriptor deeply enough to change its table's
// columns, constraints and indexes.
func copyDesc(d *catalog.Desc) *catalog.Desc {
	nd := *d
	if d.Table != nil {
		nt := *d.Table
		nt.Columns = append([]catalog.Column(nil), d.Table.Columns...)
		nt.Indexes = append([]catalog.Oid(nil), d.Table.Indexes...)
		nt.Checks = append([]catalog.Check(nil), d.Table.Checks...)
		nt.ForeignKeys = append([]catalog.ForeignKey(nil), d.Table.ForeignKeys...)
		nd.Table = &nt
	}
	if d.View != nil {
		nv := *d.View
		nv.Columns = append([]catalog.Column(nil), d.View.Columns...)
		nd.View = &nv
	}
	return &nd
}

// save writes the working descriptor and continues on a fresh copy.
func (a *alterer) save() error {
	d := a.desc
	if err := a.s.Catalog().Put(a.s.Context(), a.s.KV(), d); err != nil {
		return err
	}
	a.desc = copyDesc(d)
	return nil
}

func (a *alterer) needTable() error {
	if a.desc.Kind != catalog.KindTable {
		return pgerror.New(pgerror.WrongObjectType, `"%s" is not a table`, a.desc.Name)
	}
	return nil
}

// column finds a live column by name.
func (a *alterer) column(name string) *catalog.Column {
	for i := range a.desc.Table.Columns {
		c := &a.desc.Table.Columns[i]
		if c.Name == name && !c.Dropped {
			return c
		}
	}
	return nil
}

func (a *alterer) noColumn(name string) error {
	return pgerror.New(pgerror.UndefinedColumn, `column "%s" of relation "%s" does not exist`, name, a.desc.Name)
}

func (a *alterer) run(cmd *pg_query.AlterTableCmd) error {
	switch cmd.Subtype {
	case pg_query.AlterTableType_AT_ChangeOwner:
		r, err := roleSpec(a.s, cmd.Newowner)
		if err != nil {
			return err
		}
		a.desc.Owner = r.Oid
		return a.save()
	}
	if err := a.needTable(); err != nil {
		return err
	}
	switch cmd.Subtype {
	case pg_query.AlterTableType_AT_AddColumn:
		return a.addColumn(cmd.Def.GetColumnDef(), cmd.MissingOk)
	case pg_query.AlterTableType_AT_DropColumn:
		return a.dropColumn(cmd.Name, cmd.MissingOk, cmd.Behavior == pg_query.DropBehavior_DROP_CASCADE)
	case pg_query.AlterTableType_AT_ColumnDefault:
		return a.setDefault(cmd.Name, cmd.Def)
	case pg_query.AlterTableType_AT_SetNotNull:
		return a.setNotNull(cmd.Name)
	case pg_query.AlterTableType_AT_DropNotNull:
		return a.dropNotNull(cmd.Name)
	case pg_query.AlterTableType_AT_AlterColumnType:
		return a.alterType(cmd.Name, cmd.Def.GetColumnDef())
	case pg_query.AlterTableType_AT_AddConstraint:
		return a.addConstraint(cmd.Def.GetConstraint())
	case pg_query.AlterTableType_AT_DropConstraint:
		return a.dropConstraint(cmd.Name, cmd.MissingOk, cmd.Behavior == pg_query.DropBehavior_DROP_CASCADE)
	case pg_query.AlterTableType_AT_ValidateConstraint:
		return a.validateConstraint(cmd.Name)
	case pg_query.AlterTableType_AT_AddIdentity:
		return a.addIdentity(cmd.Name, cmd.Def.GetConstraint())
	case pg_query.AlterTableType_AT_DropIdentity:
		return a.dropIdentity(cmd.Name, cmd.MissingOk)
	}
	return pgerror.New(pgerror.FeatureNotSupported, "ALTER TABLE %s is not supported yet", strings.TrimPrefix(cmd.Subtype.String(), "AT_"))
}

// builder returns a tableBuilder over the working descriptor, for the
// column and constraint definitions ALTER TABLE shares with CREATE TABLE.
func (a *alterer) builder() *tableBuilder {
	schema := a.s.Catalog().Get(a.desc.Schema)
	return &tableBuilder{s: a.s, sql: a.sql, schema: schema, desc: a.desc, names: map[string]bool{}}
}

// tableRef renders the table's name for SQL the command runs.
func (a *alterer) tableRef() string {
	schema := ""
	if sd := a.s.Catalog().Get(a.desc.Schema); sd != nil {
		schema = quoteIdent(sd.Name) + "."
	}
	return schema + quoteIdent(a.desc.Name)
}

// hasRows reports whether the table has a row.
func (a *alterer) hasRows() (bool, error) {
	t, err := a.s.StorageTable(a.desc)
	if err != nil {
		return false, err
	}
	it, err := t.ScanAll(a.s.Context(), a.s.KV())
	if err != nil {
		return false, err
	}
	defer it.Close()
	found := it.Next()
	return found, it.Err()
}

// checkNoNulls fails with 23502 when a column holds a NULL.
func (a *alterer) checkNoNulls(c *catalog.Column) error {
	t, err := a.s.StorageTable(a.desc)
	if err != nil {
		return err
	}
	it, err := t.ScanAll(a.s.Context(), a.s.KV())
	if err != nil {
		return err
	}
	defer it.Close()
	for it.Next() {
		if it.Row()[c.Attnum-1].IsNull() {
			e := pgerror.New(pgerror.NotNullViolation, `column "%s" of relation "%s" contains null values`, c.Name, a.desc.Name)
			e.TableName, e.ColumnName = a.desc.Name, c.Name
			return e
		}
	}
	return it.Err()
}

// addColumn executes ADD COLUMN: existing rows get the column's default
// (evaluated per row, as for a volatile default in PostgreSQL).
func (a *alterer) addColumn(cd *pg_query.ColumnDef, ifNotExists bool) error {
	if a.column(cd.Colname) != nil {
		if ifNotExists {
			a.s.Notice(pgerror.Notice(pgerror.DuplicateColumn, `column "%s" of relation "%s" already exists, skipping`, cd.Colname, a.desc.Name))
			return nil
		}
		return pgerror.New(pgerror.DuplicateColumn, `column "%s" of relation "%s" already exists`, cd.Colname, a.desc.Name)
	}
	b := a.builder()
	if err := b.addColumn(cd); err != nil {
		return err
	}
	c := a.column(cd.Colname)
	for _, sq := range b.seqs {
		if err := a.s.Catalog().Put(a.s.Context(), a.s.KV(), sq); err != nil {
			return err
		}
	}
	notNull := c.NotNull
	if notNull {
		// Fill first, then check.
		c.NotNull = false
	}
	if err := a.save(); err != nil {
		return err
	}
	c = a.column(cd.Colname)
	if c.Default != "" || c.Identity != 0 {
		if rows, err := a.hasRows(); err != nil {
			return err
		} else if rows {
			sql := fmt.Sprintf("UPDATE %s SET %s = DEFAULT", a.tableRef(), quoteIdent(c.Name))
			if _, _, err := a.s.Exec(sql, nil); err != nil {
				return err
			}
		}
	}
	if notNull {
		if err := a.checkNoNulls(c); err != nil {
			return err
		}
		c.NotNull = true
		if err := a.save(); err != nil {
			return err
		}
	}
	return a.addConstraints(b)
}

// addConstraints adds the constraints a tableBuilder collected from a
// column or constraint definition.
func (a *alterer) addConstraints(b *tableBuilder) error {
	if b.pk != nil {
		if err := a.addUnique(b.pkName, b.pk, true, false); err != nil {
			return err
		}
	}
	for _, u := range b.uniques {
		if err := a.addUnique(u.name, u.cols, false, u.nullsNotDistinct); err != nil {
			return err
		}
	}
	for _, ch := range b.checks {
		if err := a.addCheck(ch); err != nil {
			return err
		}
	}
	for _, fk := range b.fks {
		if err := a.addForeignKey(fk); err != nil {
			return err
		}
	}
	return nil
}

// constraintTaken reports whether a constraint name is used on the table.
func (a *alterer) constraintTaken(name string) bool {
	t := a.desc.Table
	for _, c := range t.Checks {
		if c.Name == name {
			return true
		}
	}
	for _, fk := range t.ForeignKeys {
		if fk.Name == name {
			return true
		}
	}
	for _, ix := range a.s.Catalog().IndexesOf(a.desc) {
		if ix.Index.ConstraintName == name {
			return true
		}
	}
	return false
}

func (a *alterer) duplicateConstraint(name string) error {
	return pgerror.New(pgerror.DuplicateObject, `constraint "%s" for relation "%s" already exists`, name, a.desc.Name)
}

func (a *alterer) addConstraint(cn *pg_query.Constraint) error {
	if cn.Conname != "" && a.constraintTaken(cn.Conname) {
		return a.duplicateConstraint(cn.Conname)
	}
	if cn.Indexname != "" {
		if ix, _ := a.s.LookupRelation("", cn.Indexname); ix == nil || ix.Kind != catalog.KindIndex {
			return pgerror.New(pgerror.UndefinedObject, `index "%s" does not exist`, cn.Indexname).WithPosition(cn.Location + 1)
		}
		return pgerror.New(pgerror.FeatureNotSupported, "ADD CONSTRAINT ... USING INDEX is not supported yet")
	}
	b := a.builder()
	if err := b.addConstraint(cn, ""); err != nil {
		return err
	}
	if cn.Contype == pg_query.ConstrType_CONSTR_CHECK && cn.SkipValidation {
		for i := range b.checks {
			b.checks[i].notValid = true
		}
	}
	if cn.Contype == pg_query.ConstrType_CONSTR_FOREIGN && cn.SkipValidation {
		for i := range b.fks {
			b.fks[i].notValid = true
		}
	}
	return a.addConstraints(b)
}

// addCheck adds a CHECK constraint, checking the rows already there
// unless it is NOT VALID.
func (a *alterer) addCheck(ch checkDef) error {
	text, err := deparseExpr(ch.expr)
	if err != nil {
		return err
	}
	if err := analyze.ValidateTableExpr(a.s.Analyzer("SELECT "+text), tableForAnalysis(a.desc), text); err != nil {
		return err
	}
	name := ch.name
	if name == "" {
		col := soleColumnRef(ch.expr)
		b := a.builder()
		name = chooseName(a.desc.Name, col, "check", func(n string) bool { return a.constraintTaken(n) || b.taken(n) })
	}
	if !ch.notValid {
		sql := fmt.Sprintf("SELECT 1 FROM %s WHERE NOT (%s) LIMIT 1", a.tableRef(), text)
		rows, _, err := a.s.Exec(sql, nil)
		if err != nil {
			return err
		}
		if len(rows) > 0 {
			e := pgerror.New(pgerror.CheckViolation, `check constraint "%s" of relation "%s" is violated by some row`, name, a.desc.Name)
			e.TableName, e.ConstraintName = a.desc.Name, name
			return e
		}
	}
	oid, err := a.s.Catalog().Store().NewOid(a.s.Context())
	if err != nil {
		return err
	}
	a.desc.Table.Checks = append(a.desc.Table.Checks, catalog.Check{Oid: oid, Name: name, Expr: text, NotValid: ch.notValid})
	return a.save()
}

// addUnique adds a UNIQUE or PRIMARY KEY constraint with its index. A
// primary key becomes the index the rows are stored by, so the table is
// rewritten.
func (a *alterer) addUnique(name string, colNames []string, primary, nnd bool) error {
	s := a.s
	ctx := s.Context()
	cat := s.Catalog()
	if primary {
		for _, ix := range cat.IndexesOf(a.desc) {
			if ix.Index.Primary {
				return pgerror.New(pgerror.InvalidTableDefinition, `multiple primary keys for table "%s" are not allowed`, a.desc.Name)
			}
		}
	}
	ix := &catalog.Index{Table: a.desc.Oid, Primary: primary, Unique: true, NullsNotDistinct: nnd, Method: "btree"}
	var cols []*catalog.Column
	for _, cn := range colNames {
		c := a.column(cn)
		if c == nil {
			return pgerror.New(pgerror.UndefinedColumn, `column "%s" named in key does not exist`, cn)
		}
		if !storage.Keyable(c.Type()) {
			return storage.ErrNotKeyable(c.Type())
		}
		ix.Columns = append(ix.Columns, c.Attnum)
		ix.Desc = append(ix.Desc, false)
		ix.NullsFirst = append(ix.NullsFirst, false)
		cols = append(cols, c)
	}
	if name == "" {
		if primary {
			name = chooseName(a.desc.Name, "", "pkey", relationTaken(s, a.desc.Schema))
		} else {
			name = chooseName(a.desc.Name, strings.Join(colNames, "_"), "key", relationTaken(s, a.desc.Schema))
		}
	} else if cat.LookupIn(a.desc.Schema, name) != nil {
		return pgerror.New(pgerror.DuplicateTable, `relation "%s" already exists`, name)
	}
	oid, err := cat.Store().NewOid(ctx)
	if err != nil {
		return err
	}
	conOid, err := cat.Store().NewOid(ctx)
	if err != nil {
		return err
	}
	ix.ConstraintOid, ix.ConstraintName = conOid, name
	id := &catalog.Desc{Oid: oid, Kind: catalog.KindIndex, Name: name, Database: a.desc.Database, Schema: a.desc.Schema, Owner: a.desc.Owner, Index: ix}
	dupErr := func(err error) error {
		if pe := pgerror.Flatten(err); pe.Code == pgerror.UniqueViolation {
			e := pgerror.New(pgerror.UniqueViolation, `could not create unique index "%s"`, name).
				WithDetail("%s", strings.Replace(pe.Detail, "already exists", "is duplicated", 1))
			e.TableName, e.ConstraintName = a.desc.Name, name
			return e
		}
		return err
	}
	if !primary {
		nd := copyDesc(a.desc)
		nd.Table.Indexes = append(nd.Table.Indexes, oid)
		st, err := s.StorageTable(nd)
		if err != nil {
			return err
		}
		si := &storage.Index{Oid: oid, Name: name, Unique: true, NullsNotDistinct: nnd, Desc: ix.Desc}
		for _, c := range ix.Columns {
			si.Cols = append(si.Cols, int(c-1))
		}
		if err := st.AddIndexEntries(ctx, s.KV(), si); err != nil {
			return dupErr(err)
		}
		if err := cat.Put(ctx, s.KV(), id); err != nil {
			return err
		}
		a.desc = nd
		return a.save()
	}
	// A primary key: the key columns become NOT NULL, and the rows move to
	// the new index.
	old := copyDesc(a.desc)
	if err := cat.Put(ctx, s.KV(), id); err != nil {
		return err
	}
	nd := copyDesc(a.desc)
	nd.Table.Indexes = append([]catalog.Oid{oid}, nd.Table.Indexes...)
	nd.Table.PrimaryIndex = oid
	nd.Table.HasRowID = false
	for _, c := range cols {
		for i := range nd.Table.Columns {
			if nd.Table.Columns[i].Attnum == c.Attnum {
				nd.Table.Columns[i].NotNull = true
			}
		}
	}
	if err := rewriteTable(s, old, nd, nil); err != nil {
		return dupErr(err)
	}
	for _, c := range cols {
		if !c.NotNull {
			if err := a.checkNoNulls(c); err != nil {
				return err
			}
		}
	}
	a.desc = nd
	return a.save()
}

// rewriteTable moves every row of a table from the layout of old to the
// layout of nw (new column types, a new primary index): it reads the
// rows, removes them with their index entries, and inserts them again,
// converted by conv when it is given. The table's rows are held in
// memory meanwhile.
func rewriteTable(s Session, old, nw *catalog.Desc, conv func(types.Row) (types.Row, error)) error {
	ctx := s.Context()
	kv := s.KV()
	ot, err := s.StorageTable(old)
	if err != nil {
		return err
	}
	nt, err := s.StorageTable(nw)
	if err != nil {
		return err
	}
	it, err := ot.ScanAll(ctx, kv)
	if err != nil {
		return err
	}
	var rows []types.Row
	for it.Next() {
		rows = append(rows, append(types.Row(nil), it.Row()...))
	}
	err = it.Err()
	it.Close()
	if err != nil {
		return err
	}
	if err := storage.Truncate(ctx, kv, old.Oid); err != nil {
		return err
	}
	for _, r := range rows {
		if conv != nil {
			if r, err = conv(r); err != nil {
				return err
			}
		}
		for len(r) < len(nt.Cols) {
			r = append(r, types.Null)
		}
		r = r[:len(nt.Cols)]
		var rowID int64
		if nt.RowID {
			if rowID, err = s.Catalog().Store().NextRowID(ctx, nw.Oid); err != nil {
				return err
			}
		}
		if _, err := nt.Insert(ctx, kv, r, rowID); err != nil {
			return err
		}
	}
	return nil
}

// addForeignKey adds a FOREIGN KEY constraint, checking the rows already
// there unless it is NOT VALID.
func (a *alterer) addForeignKey(fk fkDef) error {
	b := a.builder()
	if fk.name == "" {
		fk.name = chooseName(a.desc.Name, strings.Join(fk.cols, "_"), "fkey", func(n string) bool {
			return a.constraintTaken(n) || a.s.Catalog().LookupIn(a.desc.Schema, n) != nil
		})
	}
	c, err := b.foreignKey(fk, a.s.Catalog().IndexesOf(a.desc))
	if err != nil {
		return err
	}
	c.NotValid = fk.notValid
	if !fk.notValid {
		if err := a.validateForeignKey(c); err != nil {
			return err
		}
	}
	a.desc.Table.ForeignKeys = append(a.desc.Table.ForeignKeys, c)
	return a.save()
}

// validateForeignKey looks for a row whose key is not in the referenced
// table (RI_Initial_Check).
func (a *alterer) validateForeignKey(fk catalog.ForeignKey) error {
	cat := a.s.Catalog()
	ref := cat.Get(fk.RefTable)
	if ref.Oid == a.desc.Oid {
		ref = a.desc
	}
	colName := func(d *catalog.Desc, attnum int16) string { return d.Table.Columns[attnum-1].Name }
	var on, notNull, anyNull, sel, names []string
	for i := range fk.Columns {
		l := "fk." + quoteIdent(colName(a.desc, fk.Columns[i]))
		r := "pk." + quoteIdent(colName(ref, fk.RefColumns[i]))
		on = append(on, l+" = "+r)
		notNull = append(notNull, l+" IS NOT NULL")
		anyNull = append(anyNull, l+" IS NULL")
		sel = append(sel, l+"::text")
		names = append(names, colName(a.desc, fk.Columns[i]))
	}
	refSchema := ""
	if sd := cat.Get(ref.Schema); sd != nil {
		refSchema = quoteIdent(sd.Name) + "."
	}
	where := strings.Join(notNull, " AND ")
	if fk.Match == 'f' {
		// MATCH FULL: all NULL passes, some NULL fails.
		where = "NOT (" + strings.Join(anyNull, " AND ") + ")"
	}
	sql := fmt.Sprintf("SELECT %s FROM %s fk LEFT JOIN %s%s pk ON %s WHERE pk.%s IS NULL AND %s LIMIT 1",
		strings.Join(sel, ", "), a.tableRef(), refSchema, quoteIdent(ref.Name), strings.Join(on, " AND "),
		quoteIdent(colName(ref, fk.RefColumns[0])), where)
	rows, _, err := a.s.Exec(sql, nil)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	var vals []string
	for _, v := range rows[0] {
		if v.IsNull() {
			vals = append(vals, "null")
		} else {
			vals = append(vals, types.FormatString(types.Text, v, types.DefaultCtx))
		}
	}
	e := pgerror.New(pgerror.ForeignKeyViolation, `insert or update on table "%s" violates foreign key constraint "%s"`, a.desc.Name, fk.Name)
	if fk.Match == 'f' && strings.Contains(strings.Join(vals, ","), "null") {
		e = e.WithDetail("MATCH FULL does not allow mixing of null and nonnull key values.")
	} else {
		e = e.WithDetail(`Key (%s)=(%s) is not present in table "%s".`, strings.Join(names, ", "), strings.Join(vals, ", "), ref.Name)
	}
	e.TableName, e.ConstraintName = a.desc.Name, fk.Name
	return e
}

// validateConstraint executes VALIDATE CONSTRAINT: a CHECK or FOREIGN
// KEY constraint added NOT VALID is checked against the rows and marked
// valid.
func (a *alterer) validateConstraint(name string) error {
	t := a.desc.Table
	for i := range t.Checks {
		if ch := &t.Checks[i]; ch.Name == name {
			if !ch.NotValid {
				return nil
			}
			sql := fmt.Sprintf("SELECT 1 FROM %s WHERE NOT (%s) LIMIT 1", a.tableRef(), ch.Expr)
			rows, _, err := a.s.Exec(sql, nil)
			if err != nil {
				return err
			}
			if len(rows) > 0 {
				e := pgerror.New(pgerror.CheckViolation, `check constraint "%s" of relation "%s" is violated by some row`, name, a.desc.Name)
				e.TableName, e.ConstraintName = a.desc.Name, name
				return e
			}
			ch.NotValid = false
			return a.save()
		}
	}
	for i := range t.ForeignKeys {
		if fk := &t.ForeignKeys[i]; fk.Name == name {
			if !fk.NotValid {
				return nil
			}
			if err := a.validateForeignKey(*fk); err != nil {
				return err
			}
			fk.NotValid = false
			return a.save()
		}
	}
	if a.constraintTaken(name) {
		return nil
	}
	return pgerror.New(pgerror.UndefinedObject, `constraint "%s" of relation "%s" does not exist`, name, a.desc.Name)
}

// addIdentity executes ALTER COLUMN ... ADD GENERATED ... AS IDENTITY.
func (a *alterer) addIdentity(name string, cn *pg_query.Constraint) error {
	c := a.column(name)
	if c == nil {
		return a.noColumn(name)
	}
	t := c.Type()
	if t.Family != types.FamInt || t.Oid == types.OidOid {
		return pgerror.New(pgerror.InvalidParameterValue, "identity column type must be smallint, integer, or bigint")
	}
	if !c.NotNull {
		return pgerror.New(pgerror.ObjectNotInPrerequisiteState, `column "%s" of relation "%s" must be declared NOT NULL before identity can be added`, name, a.desc.Name)
	}
	if c.Identity != 0 {
		return pgerror.New(pgerror.ObjectNotInPrerequisiteState, `column "%s" of relation "%s" is already an identity column`, name, a.desc.Name)
	}
	if c.Default != "" {
		return pgerror.New(pgerror.ObjectNotInPrerequisiteState, `column "%s" of relation "%s" already has a default value`, name, a.desc.Name)
	}
	b := a.builder()
	if err := b.ownedSequence(c, t, true, cn.Options); err != nil {
		return err
	}
	c.Identity = cn.GeneratedWhen[0]
	for _, sq := range b.seqs {
		if err := a.s.Catalog().Put(a.s.Context(), a.s.KV(), sq); err != nil {
			return err
		}
	}
	return a.save()
}

// dropIdentity executes ALTER COLUMN ... DROP IDENTITY [IF EXISTS]; the
// column's sequence goes with it.
func (a *alterer) dropIdentity(name string, missingOk bool) error {
	c := a.column(name)
	if c == nil {
		return a.noColumn(name)
	}
	if c.Identity == 0 {
		if missingOk {
			a.s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `column "%s" of relation "%s" is not an identity column, skipping`, name, a.desc.Name))
			return nil
		}
		return pgerror.New(pgerror.ObjectNotInPrerequisiteState, `column "%s" of relation "%s" is not an identity column`, name, a.desc.Name)
	}
	if c.Sequence != 0 {
		if err := a.s.Catalog().Drop(a.s.Context(), a.s.KV(), c.Sequence); err != nil {
			return err
		}
	}
	c.Identity, c.Sequence = 0, 0
	return a.save()
}

// dropConstraint executes DROP CONSTRAINT.
func (a *alterer) dropConstraint(name string, missingOk, cascade bool) error {
	s := a.s
	cat := s.Catalog()
	t := a.desc.Table
	for i, c := range t.Checks {
		if c.Name == name {
			t.Checks = append(t.Checks[:i:i], t.Checks[i+1:]...)
			return a.save()
		}
	}
	for i, fk := range t.ForeignKeys {
		if fk.Name == name {
			t.ForeignKeys = append(t.ForeignKeys[:i:i], t.ForeignKeys[i+1:]...)
			return a.save()
		}
	}
	for _, ix := range cat.IndexesOf(a.desc) {
		if ix.Index.ConstraintName != name {
			continue
		}
		// Foreign keys that use the index depend on the constraint.
		var direct []dependency
		for _, o := range cat.All() {
			if o.Kind != catalog.KindTable {
				continue
			}
			for _, fk := range o.Table.ForeignKeys {
				if fk.RefIndex == ix.Oid {
					direct = append(direct, dependency{desc: o, fk: fk.Name, what: fmt.Sprintf("constraint %s on table %s", fk.Name, displayName(s, o))})
				}
			}
		}
		deps, err := checkDeps(s, direct, fmt.Sprintf("constraint %s on table %s", name, a.desc.Name), a.desc.Oid, cascade)
		if err != nil {
			return pgerror.Flatten(err)
		}
		if err := dropDependents(s, deps); err != nil {
			return err
		}
		if cur := cat.Get(a.desc.Oid); cur != nil {
			a.desc = copyDesc(cur)
		}
		return a.dropIndex(ix)
	}
	if missingOk {
		s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `constraint "%s" of relation "%s" does not exist, skipping`, name, a.desc.Name))
		return nil
	}
	return pgerror.New(pgerror.UndefinedObject, `constraint "%s" of relation "%s" does not exist`, name, a.desc.Name)
}

// dropIndex removes one of the table's indexes; dropping the primary key
// moves the rows to a hidden row-id index.
func (a *alterer) dropIndex(ix *catalog.Desc) error {
	s := a.s
	ctx := s.Context()
	cat := s.Catalog()
	old := copyDesc(a.desc)
	nd := copyDesc(a.desc)
	nd.Table.Indexes = without(nd.Table.Indexes, ix.Oid)
	if ix.Oid == nd.Table.PrimaryIndex {
		oid, err := cat.Store().NewOid(ctx)
		if err != nil {
			return err
		}
		nd.Table.PrimaryIndex = oid
		nd.Table.HasRowID = true
		if err := rewriteTable(s, old, nd, nil); err != nil {
			return err
		}
	} else if err := storage.DropIndexEntries(ctx, s.KV(), a.desc.Oid, ix.Oid); err != nil {
		return err
	}
	if err := cat.Drop(ctx, s.KV(), ix.Oid); err != nil {
		return err
	}
	a.desc = nd
	return a.save()
}

// dropColumn executes DROP COLUMN. The column keeps its attnum, under a
// name that cannot clash, as in PostgreSQL. Indexes and constraints of
// the table that use it go with it; views and other tables' foreign keys
// that use it need CASCADE.
func (a *alterer) dropColumn(name string, missingOk, cascade bool) error {
	s := a.s
	cat := s.Catalog()
	c := a.column(name)
	if c == nil {
		if missingOk {
			s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `column "%s" of relation "%s" does not exist, skipping`, name, a.desc.Name))
			return nil
		}
		return a.noColumn(name)
	}
	attnum := c.Attnum
	var direct []dependency
	for _, o := range cat.All() {
		switch o.Kind {
		case catalog.KindView:
			if has(o.View.Deps, a.desc.Oid) && viewUsesColumn(o.View, a.desc.Oid, attnum, name) {
				direct = append(direct, dependency{desc: o, what: "view " + displayName(s, o)})
			}
		case catalog.KindTable:
			if o.Oid == a.desc.Oid {
				continue
			}
			for _, fk := range o.Table.ForeignKeys {
				if fk.RefTable == a.desc.Oid && hasAttnum(fk.RefColumns, attnum) {
					direct = append(direct, dependency{desc: o, fk: fk.Name, what: fmt.Sprintf("constraint %s on table %s", fk.Name, displayName(s, o))})
				}
			}
		}
	}
	deps, err := checkDeps(s, direct, fmt.Sprintf("column %s of table %s", name, a.desc.Name), a.desc.Oid, cascade)
	if err != nil {
		return err
	}
	if err := dropDependents(s, deps); err != nil {
		return err
	}
	if cur := cat.Get(a.desc.Oid); cur != nil {
		a.desc = copyDesc(cur)
	}
	// The table's own indexes, constraints and sequences on the column.
	for _, ix := range cat.IndexesOf(a.desc) {
		if hasAttnum(ix.Index.Columns, attnum) || hasAttnum(ix.Index.Include, attnum) {
			if err := a.dropIndex(ix); err != nil {
				return err
			}
		}
	}
	t := a.desc.Table
	var checks []catalog.Check
	for _, ch := range t.Checks {
		if !exprUsesColumn(ch.Expr, name) {
			checks = append(checks, ch)
		}
	}
	t.Checks = checks
	var fks []catalog.ForeignKey
	for _, fk := range t.ForeignKeys {
		if !hasAttnum(fk.Columns, attnum) {
			fks = append(fks, fk)
		}
	}
	t.ForeignKeys = fks
	c = &t.Columns[attnum-1]
	if c.Sequence != 0 {
		if err := cat.Drop(s.Context(), s.KV(), c.Sequence); err != nil {
			return err
		}
	}
	for _, o := range cat.All() {
		if o.Kind == catalog.KindSequence && o.Sequence.OwnedByTable == a.desc.Oid && o.Sequence.OwnedByColumn == attnum {
			if err := cat.Drop(s.Context(), s.KV(), o.Oid); err != nil {
				return err
			}
		}
	}
	*c = catalog.Column{Name: fmt.Sprintf("........pg.dropped.%d........", attnum), Attnum: attnum, TypeOid: c.TypeOid, Typmod: c.Typmod, Dropped: true}
	return a.save()
}

func hasAttnum(list []int16, a int16) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

// exprUsesColumn reports whether a stored expression names a column.
func exprUsesColumn(text, column string) bool {
	n, err := parseExprSQL(text)
	if err != nil {
		return true
	}
	found := false
	walkMessages(n.ProtoReflect(), func(m protoreflect.Message) {
		if cr, ok := m.Interface().(*pg_query.ColumnRef); ok && len(cr.Fields) > 0 && nameOf(cr.Fields[len(cr.Fields)-1]) == column {
			found = true
		}
	})
	return found
}

// setDefault executes SET DEFAULT and DROP DEFAULT.
func (a *alterer) setDefault(name string, def *pg_query.Node) error {
	c := a.column(name)
	if c == nil {
		return a.noColumn(name)
	}
	if c.Generated != 0 {
		return pgerror.New(pgerror.SyntaxError, `column "%s" of relation "%s" is a generated column`, name, a.desc.Name).
			WithHint("Use ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION instead.")
	}
	if c.Identity != 0 {
		if def == nil {
			return nil
		}
		return pgerror.New(pgerror.SyntaxError, `column "%s" of relation "%s" is an identity column`, name, a.desc.Name).
			WithHint("Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.")
	}
	c.Default = ""
	if def != nil {
		if err := a.builder().setDefault(c, def); err != nil {
			return err
		}
	}
	return a.save()
}

// setNotNull executes SET NOT NULL, checking the rows.
func (a *alterer) setNotNull(name string) error {
	c := a.column(name)
	if c == nil {
		return a.noColumn(name)
	}
	if c.NotNull {
		return nil
	}
	if err := a.checkNoNulls(c); err != nil {
		return err
	}
	c.NotNull = true
	return a.save()
}

// dropNotNull executes DROP NOT NULL.
func (a *alterer) dropNotNull(name string) error {
	c := a.column(name)
	if c == nil {
		return a.noColumn(name)
	}
	if pd := a.s.Catalog().Get(a.desc.Table.PrimaryIndex); pd != nil && pd.Index.Primary && hasAttnum(pd.Index.Columns, c.Attnum) {
		return pgerror.New(pgerror.InvalidTableDefinition, `column "%s" is in a primary key`, name)
	}
	if c.Identity != 0 {
		return pgerror.New(pgerror.InvalidTableDefinition, `column "%s" of relation "%s" is an identity column`, name, a.desc.Name)
	}
	c.NotNull = false
	return a.save()
}

// alterType executes ALTER COLUMN ... TYPE [USING]. The new values are
// computed by an UPDATE into a scratch column of the new type (so the
// USING expression and the assignment cast run as in any UPDATE), then
// the table is rewritten with the values in the column's own slot.
func (a *alterer) alterType(name string, cd *pg_query.ColumnDef) error {
	s := a.s
	c := a.column(name)
	if c == nil {
		return a.noColumn(name)
	}
	t, err := s.Analyzer(a.sql).ResolveTypeName(cd.TypeName)
	if err != nil {
		return err
	}
	if !t.Supported() {
		return pgerror.New(pgerror.FeatureNotSupported, "type %s is not supported yet", t.SQLName())
	}
	for _, o := range s.Catalog().All() {
		if o.Kind == catalog.KindView && has(o.View.Deps, a.desc.Oid) && viewUsesColumn(o.View, a.desc.Oid, c.Attnum, name) {
			return pgerror.New(pgerror.FeatureNotSupported, "cannot alter type of a column used by a view or rule").
				WithDetail(`rule _RETURN on view %s depends on column "%s"`, displayName(s, o), name)
		}
	}
	old := c.Type()
	using := cd.RawDefault
	if using == nil && !types.CanCoerce(old, t, types.CastAssignment) {
		return pgerror.New(pgerror.DatatypeMismatch, `column "%s" cannot be cast automatically to type %s`, name, t.SQLName()).
			WithHint(`You might need to specify "USING %s::%s".`, quoteIdent(name), t.SQLName())
	}
	if c.Default != "" && c.Generated == 0 {
		// The default must convert too (PostgreSQL re-stores it cast to the
		// new type).
		if n, err := parseExprSQL(c.Default); err == nil {
			if e, err := s.Analyzer("SELECT "+c.Default).AnalyzeConstExpr(n, types.Any); err == nil {
				dt := e.Type()
				if dt.Oid != types.OidUnknown && dt.Oid != t.Oid && !types.CanCoerce(dt, t, types.CastAssignment) {
					return pgerror.New(pgerror.DatatypeMismatch, `default for column "%s" cannot be cast automatically to type %s`, name, t.SQLName())
				}
			}
		}
	}
	if err := a.checkForeignKeyTypes(c.Attnum, t); err != nil {
		return err
	}
	expr := quoteIdent(name)
	if using != nil {
		if expr, err = deparseExpr(using); err != nil {
			return err
		}
	}
	attnum := c.Attnum
	orig := copyDesc(a.desc)
	// The scratch column.
	tmp := catalog.Column{Name: fmt.Sprintf("........pg.alter.%d........", attnum), Attnum: a.desc.Table.NextAttnum, TypeOid: t.Oid, Typmod: t.Typmod}
	a.desc.Table.Columns = append(a.desc.Table.Columns, tmp)
	a.desc.Table.NextAttnum++
	if err := a.save(); err != nil {
		return err
	}
	withTmp := copyDesc(a.desc)
	if rows, err := a.hasRows(); err != nil {
		return err
	} else if rows {
		sql := fmt.Sprintf("UPDATE %s SET %s = %s", a.tableRef(), quoteIdent(tmp.Name), expr)
		if _, _, err := s.Exec(sql, nil); err != nil {
			if pe := pgerror.Flatten(err); pe.Code == pgerror.DatatypeMismatch && using != nil {
				return pgerror.New(pgerror.DatatypeMismatch, `result of USING clause for column "%s" cannot be cast automatically to type %s`, name, t.SQLName()).
					WithHint("You might need to add an explicit cast.")
			}
			return err
		}
	}
	nd := copyDesc(orig)
	col := &nd.Table.Columns[attnum-1]
	col.TypeOid, col.Typmod = t.Oid, t.Typmod
	slot := int(tmp.Attnum - 1)
	err = rewriteTable(s, withTmp, nd, func(r types.Row) (types.Row, error) {
		r[attnum-1] = r[slot]
		return r[:slot], nil
	})
	if err != nil {
		return err
	}
	a.desc = nd
	return a.save()
}

// relColumns returns the columns of a table or view descriptor (the
// descriptor's own slice: changes apply to it).
func relColumns(d *catalog.Desc) []catalog.Column {
	switch {
	case d.Table != nil:
		return d.Table.Columns
	case d.View != nil:
		return d.View.Columns
	}
	return nil
}

// checkForeignKeyTypes checks that the foreign keys using a column whose
// type becomes t can still be implemented (ATPostAlterTypeParse rebuilds
// them in PostgreSQL, with the checks of a new constraint).
func (a *alterer) checkForeignKeyTypes(attnum int16, t *types.T) error {
	cat := a.s.Catalog()
	colOf := func(d *catalog.Desc, n int16) catalog.Column {
		if d.Oid == a.desc.Oid {
			d = a.desc
		}
		c := d.Table.Columns[n-1]
		if d.Oid == a.desc.Oid && n == attnum {
			c.TypeOid, c.Typmod = t.Oid, t.Typmod
		}
		return c
	}
	check := func(owner *catalog.Desc, fk catalog.ForeignKey) error {
		ref := cat.Get(fk.RefTable)
		if ref == nil {
			return nil
		}
		for i := range fk.Columns {
			lc, rc := colOf(owner, fk.Columns[i]), colOf(ref, fk.RefColumns[i])
			lt, rt := lc.Type(), rc.Type()
			if lt.Category != rt.Category && !types.CanCoerce(lt, rt, types.CastImplicit) {
				return pgerror.New(pgerror.DatatypeMismatch, `foreign key constraint "%s" cannot be implemented`, fk.Name).
					WithDetail(`Key columns "%s" and "%s" are of incompatible types: %s and %s.`, lc.Name, rc.Name, lt.SQLName(), rt.SQLName())
			}
		}
		return nil
	}
	for _, fk := range a.desc.Table.ForeignKeys {
		if hasAttnum(fk.Columns, attnum) {
			if err := check(a.desc, fk); err != nil {
				return err
			}
		}
	}
	for _, o := range cat.All() {
		if o.Kind != catalog.KindTable || o.Oid == a.desc.Oid {
			continue
		}
		for _, fk := range o.Table.ForeignKeys {
			if fk.RefTable == a.desc.Oid && hasAttnum(fk.RefColumns, attnum) {
				if err := check(o, fk); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Rename executes ALTER ... RENAME: of tables, views, indexes, sequences,
// columns, constraints, schemas, roles and databases.
func Rename(s Session, st *pg_query.RenameStmt) (string, error) {
	switch st.RenameType {
	case pg_query.ObjectType_OBJECT_ROLE:
		return renameRole(s, st)
	case pg_query.ObjectType_OBJECT_DATABASE:
		return renameDatabase(s, st)
	case pg_query.ObjectType_OBJECT_SCHEMA:
		return renameSchema(s, st)
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_INDEX,
		pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_COLUMN, pg_query.ObjectType_OBJECT_TABCONSTRAINT:
	default:
		return "", pgerror.New(pgerror.FeatureNotSupported, "ALTER %s ... RENAME is not supported yet", objectTypeName(st.RenameType))
	}
	relType := st.RenameType
	if relType == pg_query.ObjectType_OBJECT_COLUMN || relType == pg_query.ObjectType_OBJECT_TABCONSTRAINT {
		relType = st.RelationType
	}
	tag := "ALTER " + objectTypeName(relType)
	rv := st.Relation
	d, err := s.LookupRelation(rv.Schemaname, rv.Relname)
	if err != nil {
		return "", err
	}
	if d == nil {
		if st.MissingOk {
			s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `relation "%s" does not exist, skipping`, rv.Relname))
			return tag, nil
		}
		return "", pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, rv.Relname)
	}
	if err := checkAlterKind(d, relType); err != nil {
		return "", err
	}
	if err := checkOwner(s, d, ""); err != nil {
		return "", err
	}
	switch st.RenameType {
	case pg_query.ObjectType_OBJECT_COLUMN:
		return tag, renameColumn(s, d, st.Subname, st.Newname)
	case pg_query.ObjectType_OBJECT_TABCONSTRAINT:
		return tag, renameConstraint(s, d, st.Subname, st.Newname)
	}
	return tag, renameRelation(s, d, st.Newname)
}

// renameRelation renames a table, view, index or sequence. Views that
// name a renamed table and defaults that name a renamed sequence are
// rewritten to the new name (PostgreSQL refers to them by OID).
func renameRelation(s Session, d *catalog.Desc, newName string) error {
	cat := s.Catalog()
	ctx := s.Context()
	if cat.LookupIn(d.Schema, newName) != nil {
		return pgerror.New(pgerror.DuplicateTable, `relation "%s" already exists`, newName)
	}
	oldName := d.Name
	nd := copyDesc(d)
	nd.Name = newName
	if d.Kind == catalog.KindIndex && d.Index.ConstraintName != "" {
		ni := *d.Index
		ni.ConstraintName = newName
		nd.Index = &ni
	}
	if err := cat.Put(ctx, s.KV(), nd); err != nil {
		return err
	}
	schema := ""
	if sd := cat.Get(d.Schema); sd != nil {
		schema = sd.Name
	}
	for _, o := range cat.All() {
		switch {
		case o.Kind == catalog.KindView && has(o.View.Deps, d.Oid):
			text, err := renameInQuery(o.View.Query, schema, oldName, newName, "", "")
			if err != nil {
				return err
			}
			no := copyDesc(o)
			no.View.Query = text
			if err := cat.Put(ctx, s.KV(), no); err != nil {
				return err
			}
		case o.Kind == catalog.KindTable && d.Kind == catalog.KindSequence:
			changed := false
			no := copyDesc(o)
			for i := range no.Table.Columns {
				c := &no.Table.Columns[i]
				if c.Default == "" || c.Generated != 0 {
					continue
				}
				text, ok, err := renameSequenceInDefault(c.Default, schema, oldName, newName)
				if err != nil {
					return err
				}
				if ok {
					c.Default = text
					changed = true
				}
			}
			if changed {
				if err := cat.Put(ctx, s.KV(), no); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// renameSequenceInDefault rewrites nextval('old') in a default to name
// the renamed sequence; ok reports whether the default named it.
func renameSequenceInDefault(text, schema, oldName, newName string) (string, bool, error) {
	n, err := parseExprSQL(text)
	if err != nil {
		return "", false, err
	}
	found := false
	walkMessages(n.ProtoReflect(), func(m protoreflect.Message) {
		fc, ok := m.Interface().(*pg_query.FuncCall)
		if !ok || len(fc.Args) == 0 || nameOf(fc.Funcname[len(fc.Funcname)-1]) != "nextval" {
			return
		}
		arg := fc.Args[0]
		if tc := arg.GetTypeCast(); tc != nil {
			arg = tc.Arg
		}
		sv := arg.GetAConst().GetSval()
		if sv == nil {
			return
		}
		sch, rel, err := splitName(sv.Sval)
		if err != nil || rel != oldName || (sch != "" && sch != schema) {
			return
		}
		q := quoteIdent(newName)
		if sch != "" {
			q = quoteIdent(sch) + "." + q
		}
		sv.Sval = q
		found = true
	})
	if !found {
		return text, false, nil
	}
	out, err := deparseExpr(n)
	return out, true, err
}

// splitName splits a possibly qualified, possibly quoted relation name.
func splitName(s string) (string, string, error) {
	st, err := parser.ParseOne("SELECT * FROM " + s)
	if err != nil {
		return "", "", err
	}
	from := st.AST.GetSelectStmt().GetFromClause()
	if len(from) != 1 || from[0].GetRangeVar() == nil {
		return "", "", pgerror.New(pgerror.InvalidName, "invalid name syntax")
	}
	rv := from[0].GetRangeVar()
	return rv.Schemaname, rv.Relname, nil
}

// renameColumn renames a column of a table or view; CHECK constraints,
// generated columns and views that name it are rewritten.
func renameColumn(s Session, d *catalog.Desc, oldName, newName string) error {
	cat := s.Catalog()
	ctx := s.Context()
	nd := copyDesc(d)
	cols := relColumns(nd)
	var col *catalog.Column
	for i := range cols {
		if cols[i].Dropped {
			continue
		}
		if cols[i].Name == newName {
			return pgerror.New(pgerror.DuplicateColumn, `column "%s" of relation "%s" already exists`, newName, d.Name)
		}
		if cols[i].Name == oldName {
			col = &cols[i]
		}
	}
	if col == nil {
		return pgerror.New(pgerror.UndefinedColumn, `column "%s" does not exist`, oldName)
	}
	col.Name = newName
	if nd.Table != nil {
		for i := range nd.Table.Checks {
			text, err := renameColumnInExpr(nd.Table.Checks[i].Expr, oldName, newName)
			if err != nil {
				return err
			}
			nd.Table.Checks[i].Expr = text
		}
		for i := range nd.Table.Columns {
			c := &nd.Table.Columns[i]
			if c.Generated != 0 {
				text, err := renameColumnInExpr(c.Default, oldName, newName)
				if err != nil {
					return err
				}
				c.Default = text
			}
		}
	}
	if err := cat.Put(ctx, s.KV(), nd); err != nil {
		return err
	}
	schema := ""
	if sd := cat.Get(d.Schema); sd != nil {
		schema = sd.Name
	}
	for _, o := range cat.All() {
		if o.Kind == catalog.KindView && has(o.View.Deps, d.Oid) {
			text, err := renameInQuery(o.View.Query, schema, d.Name, d.Name, oldName, newName)
			if err != nil {
				return err
			}
			no := copyDesc(o)
			no.View.Query = text
			if err := cat.Put(ctx, s.KV(), no); err != nil {
				return err
			}
		}
	}
	return nil
}

// renameConstraint renames a CHECK, FOREIGN KEY, UNIQUE or PRIMARY KEY
// constraint (the index of the last two with it).
func renameConstraint(s Session, d *catalog.Desc, oldName, newName string) error {
	if d.Kind != catalog.KindTable {
		return pgerror.New(pgerror.UndefinedObject, `constraint "%s" for table "%s" does not exist`, oldName, d.Name)
	}
	a := &alterer{s: s, desc: copyDesc(d)}
	if !a.constraintTaken(oldName) {
		return pgerror.New(pgerror.UndefinedObject, `constraint "%s" for table "%s" does not exist`, oldName, d.Name)
	}
	if a.constraintTaken(newName) {
		return a.duplicateConstraint(newName)
	}
	t := a.desc.Table
	for i := range t.Checks {
		if t.Checks[i].Name == oldName {
			t.Checks[i].Name = newName
			return a.save()
		}
	}
	for i := range t.ForeignKeys {
		if t.ForeignKeys[i].Name == oldName {
			t.ForeignKeys[i].Name = newName
			return a.save()
		}
	}
	for _, ix := range s.Catalog().IndexesOf(d) {
		if ix.Index.ConstraintName == oldName {
			return renameRelation(s, ix, newName)
		}
	}
	return nil
}

// renameSchema executes ALTER SCHEMA ... RENAME TO.
func renameSchema(s Session, st *pg_query.RenameStmt) (string, error) {
	cat := s.Catalog()
	d := cat.LookupSchema(s.Database(), st.Subname)
	if d == nil {
		return "", pgerror.New(pgerror.InvalidSchemaName, `schema "%s" does not exist`, st.Subname)
	}
	if cat.LookupSchema(s.Database(), st.Newname) != nil {
		return "", pgerror.New(pgerror.DuplicateSchema, `schema "%s" already exists`, st.Newname)
	}
	if strings.HasPrefix(st.Newname, "pg_") {
		return "", pgerror.New(pgerror.ReservedName, `unacceptable schema name "%s"`, st.Newname).
			WithDetail(`The prefix "pg_" is reserved for system schemas.`)
	}
	nd := *d
	nd.Name = st.Newname
	if err := cat.Put(s.Context(), s.KV(), &nd); err != nil {
		return "", err
	}
	for _, o := range cat.All() {
		if o.Kind != catalog.KindView || o.Database != s.Database() {
			continue
		}
		text, changed, err := renameSchemaInQuery(o.View.Query, st.Subname, st.Newname)
		if err != nil {
			return "", err
		}
		if changed {
			no := copyDesc(o)
			no.View.Query = text
			if err := cat.Put(s.Context(), s.KV(), no); err != nil {
				return "", err
			}
		}
	}
	return "ALTER SCHEMA", nil
}
