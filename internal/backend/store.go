package backend

import (
	"context"
	"strings"

	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/exec"
	"github.com/tuskdb/tusk/internal/sql/keywords"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
	"github.com/tuskdb/tusk/internal/txn"
)

// Engine is the transactional key-value store the server runs on, as the
// backend uses it.
type Engine interface {
	Begin(ctx context.Context, opts txn.Options) (*txn.Txn, error)
}

// execTxn is the executor's view of the session transaction.
type execTxn struct{ b *Backend }

func (t execTxn) KV() storage.KV { return t.b.tx.kv }

// LockRow locks a row that UPDATE or DELETE changes (see exec.RowLocker).
func (t execTxn) LockRow(ctx context.Context, key []byte, relation string, strength analyze.LockStrength, wait exec.WaitPolicy) (exec.RowLockResult, error) {
	st := txn.ForUpdate
	switch strength {
	case analyze.ForKeyShare:
		st = txn.ForKeyShare
	case analyze.ForShare:
		st = txn.ForShare
	case analyze.ForNoKeyUpdate:
		st = txn.ForNoKeyUpdate
	}
	w := kv.Wait
	switch wait {
	case exec.NoWait:
		w = kv.NoWait
	case exec.SkipLocked:
		w = kv.SkipLocked
	}
	r, err := t.b.tx.kv.T.LockRow(ctx, key, st, w, relation)
	if err != nil {
		return exec.RowLockResult{}, err
	}
	return exec.RowLockResult{Value: r.Value, Found: r.Found, Updated: r.Updated, Skipped: r.Skipped}, nil
}

func (t execTxn) NextRowID(ctx context.Context, table types.Oid) (int64, error) {
	return t.b.srv.Catalog.NextRowID(ctx, table)
}

// sessionCatalog is the analyzer's view of the catalog for one statement:
// the transaction's catalog, resolved through the session's search_path.
type sessionCatalog struct{ b *Backend }

var _ analyze.Catalog = sessionCatalog{}

// LookupType finds a user-defined type by name, through the search path
// when the name is not qualified.
func (c sessionCatalog) LookupType(schema, name string) *types.T {
	b := c.b
	if b.tx.cat == nil {
		return nil
	}
	d, err := b.lookupRelation(schema, name)
	if err == nil && d != nil && d.Kind == catalog.KindType {
		return types.ByOid(d.Oid)
	}
	if err == nil && d != nil && d.Kind == catalog.KindTable {
		return catalog.RowType(d)
	}
	// The array type of a user-defined type is named after it: _name.
	if strings.HasPrefix(name, "_") {
		if d, err := b.lookupRelation(schema, name[1:]); err == nil && d != nil && d.Kind == catalog.KindType && d.Type != nil {
			return types.ByOid(d.Type.ArrayOid)
		}
	}
	return nil
}

// searchPath returns the OIDs of the schemas relation names are looked
// up in: the session's temporary schema first and pg_catalog next unless
// search_path lists them (as pg_temp and pg_catalog), then search_path's
// entries that exist (PostgreSQL's recomputeNamespacePath).
func (b *Backend) searchPath() []catalog.Oid {
	cat := b.tx.cat
	var out []catalog.Oid
	hasCatalog, hasTemp := false, false
	for _, s := range b.sess.SearchPath() {
		switch s {
		case "pg_catalog":
			hasCatalog = true
		case "pg_temp":
			hasTemp = true
		}
	}
	temp := b.tempSchema()
	if temp != nil && !hasTemp {
		out = append(out, temp.Oid)
	}
	if !hasCatalog {
		out = append(out, catalog.OidPgCatalog)
	}
	for _, s := range b.sess.SearchPath() {
		name := s
		switch s {
		case "$user":
			name = b.opts.User
		case "pg_temp":
			if temp != nil {
				out = append(out, temp.Oid)
			}
			continue
		}
		if catalog.IsTempSchemaName(name) && (temp == nil || temp.Name != name) {
			continue
		}
		if d := cat.LookupSchema(b.dbOid, name); d != nil {
			out = append(out, d.Oid)
		}
	}
	return out
}

// explicitSearchPath returns the schemas search_path names that exist,
// without the implicit ones (current_schemas(false)).
func (b *Backend) explicitSearchPath() []catalog.Oid {
	var out []catalog.Oid
	temp := b.tempSchema()
	for _, s := range b.sess.SearchPath() {
		name := s
		switch s {
		case "$user":
			name = b.opts.User
		case "pg_temp":
			if temp != nil {
				out = append(out, temp.Oid)
			}
			continue
		}
		if catalog.IsTempSchemaName(name) {
			continue
		}
		if d := b.tx.cat.LookupSchema(b.dbOid, name); d != nil {
			out = append(out, d.Oid)
		}
	}
	return out
}

// creationSchema returns the schema new unqualified objects go to: the
// first existing schema of search_path (temporary schemas aside: CREATE
// TEMP chooses those).
func (b *Backend) creationSchema() (*catalog.Desc, error) {
	for _, s := range b.sess.SearchPath() {
		name := s
		if s == "$user" {
			name = b.opts.User
		}
		if name == "pg_temp" || catalog.IsTempSchemaName(name) {
			continue
		}
		if d := b.tx.cat.LookupSchema(b.dbOid, name); d != nil && name != "pg_catalog" {
			return d, nil
		}
	}
	return nil, pgerror.New(pgerror.InvalidSchemaName, "no schema has been selected to create in")
}

// resolveSchema finds a named schema of the session's database; pg_temp
// names the session's temporary schema.
func (b *Backend) resolveSchema(name string) (*catalog.Desc, error) {
	if name == "pg_temp" {
		if d := b.tempSchema(); d != nil {
			return d, nil
		}
	}
	d := b.tx.cat.LookupSchema(b.dbOid, name)
	if d == nil {
		return nil, pgerror.New(pgerror.InvalidSchemaName, `schema "%s" does not exist`, name)
	}
	return d, nil
}

// lookupRelation finds a relation by (possibly qualified) name.
func (b *Backend) lookupRelation(schema, name string) (*catalog.Desc, error) {
	cat := b.tx.cat
	if schema != "" {
		if schema == "pg_temp" && b.tempSchema() == nil {
			// No temporary schema yet: nothing is in it.
			return nil, nil
		}
		s, err := b.resolveSchema(schema)
		if err != nil {
			return nil, err
		}
		return cat.LookupIn(s.Oid, name), nil
	}
	for _, so := range b.searchPath() {
		if d := cat.LookupIn(so, name); d != nil {
			return d, nil
		}
	}
	return nil, nil
}

func (c sessionCatalog) LookupTable(schema, name string) (*analyze.Table, error) {
	b := c.b
	if t, ok := b.lookupVirtual(schema, name); ok {
		return t, nil
	}
	d, err := b.lookupRelation(schema, name)
	if err != nil || d == nil {
		return nil, err
	}
	if b.tx.cat.IsTemp(d) {
		if temp := b.tempSchema(); temp == nil || temp.Oid != d.Schema {
			return nil, pgerror.New(pgerror.FeatureNotSupported, "cannot access temporary tables of other sessions")
		}
	}
	switch d.Kind {
	case catalog.KindTable:
		t, err := b.analyzeTable(d)
		if err != nil || b.tx.cat == nil {
			return t, err
		}
		// The planner's statistics, as the transaction sees them.
		st, err := b.tx.cat.Stats(context.Background(), d.Oid)
		if err != nil {
			return nil, err
		}
		t.Stats = st
		return t, nil
	case catalog.KindView, catalog.KindSequence:
		return b.analyzeTable(d)
	}
	return nil, nil
}

// analyzeTable describes a catalog relation for the analyzer and planner.
func (b *Backend) analyzeTable(d *catalog.Desc) (*analyze.Table, error) {
	if t, ok := b.tableCache[d]; ok {
		return t, nil
	}
	cat := b.tx.cat
	schema := ""
	if s := cat.Get(d.Schema); s != nil {
		schema = s.Name
	}
	t := &analyze.Table{Oid: d.Oid, Schema: schema, Name: d.Name}
	if b.tableCache == nil {
		b.tableCache = map[*catalog.Desc]*analyze.Table{}
	}
	b.tableCache[d] = t
	colOf := func(c catalog.Column) analyze.Column {
		def := c.Default
		if c.Identity != 0 && def == "" {
			// An identity column draws from its sequence.
			if sd := cat.Get(c.Sequence); sd != nil {
				sname := ""
				if ss := cat.Get(sd.Schema); ss != nil {
					sname = keywords.Quote(ss.Name) + "."
				}
				def = "nextval('" + strings.ReplaceAll(sname+keywords.Quote(sd.Name), "'", "''") + "'::regclass)"
			}
		}
		return analyze.Column{Name: c.Name, T: c.Type(), NotNull: c.NotNull, Attnum: c.Attnum, Dropped: c.Dropped,
			Default: def, Identity: c.Identity, Generated: c.Generated}
	}
	switch d.Kind {
	case catalog.KindView:
		t.Kind = 'v'
		t.IsView = true
		for _, c := range d.View.Columns {
			t.Columns = append(t.Columns, colOf(c))
		}
		st, err := parser.ParseOne(d.View.Query)
		if err != nil {
			return nil, err
		}
		t.View = st.AST
		return t, nil
	case catalog.KindSequence:
		t.Kind = 'S'
		t.Columns = []analyze.Column{
			{Name: "last_value", T: types.Int8, NotNull: true, Attnum: 1},
			{Name: "log_cnt", T: types.Int8, NotNull: true, Attnum: 2},
			{Name: "is_called", T: types.Bool, NotNull: true, Attnum: 3},
		}
		return t, nil
	}
	t.Kind = 'r'
	for _, c := range d.Table.Columns {
		t.Columns = append(t.Columns, colOf(c))
	}
	t.RowID = d.Table.HasRowID
	idxOf := func(id *catalog.Desc) *analyze.TableIndex {
		ix := id.Index
		ti := &analyze.TableIndex{Oid: id.Oid, Name: id.Name, Columns: ix.Columns, Desc: ix.Desc, Unique: ix.Unique,
			Primary: ix.Primary, Constraint: ix.ConstraintName, NullsNotDistinct: ix.NullsNotDistinct,
			Deferrable: ix.Deferrable, InitDeferred: ix.InitDeferred}
		if ti.Constraint == "" && ix.Unique {
			ti.Constraint = id.Name
		}
		return ti
	}
	if pd := cat.Get(d.Table.PrimaryIndex); pd != nil {
		t.Primary = idxOf(pd)
	} else {
		t.Primary = &analyze.TableIndex{Oid: d.Table.PrimaryIndex, Name: d.Name + "_rowid"}
	}
	for _, io := range d.Table.Indexes {
		if io == d.Table.PrimaryIndex {
			continue
		}
		if id := cat.Get(io); id != nil {
			t.Indexes = append(t.Indexes, idxOf(id))
		}
	}
	for _, ch := range d.Table.Checks {
		t.Checks = append(t.Checks, analyze.TableCheck{Name: ch.Name, Expr: ch.Expr})
	}
	for i := range d.Table.ForeignKeys {
		fk := &d.Table.ForeignKeys[i]
		rd := cat.Get(fk.RefTable)
		if rd == nil {
			continue
		}
		rt, err := b.analyzeTable(rd)
		if err != nil {
			return nil, err
		}
		t.ForeignKeys = append(t.ForeignKeys, &analyze.ForeignKey{Name: fk.Name, Table: t, Columns: fk.Columns, RefTable: rt,
			RefColumns: fk.RefColumns, RefIndex: fk.RefIndex, OnDelete: fk.OnDelete, OnUpdate: fk.OnUpdate, Match: fk.Match})
	}
	// Foreign keys of other tables that reference this one.
	for _, od := range cat.All() {
		if od.Kind != catalog.KindTable {
			continue
		}
		for i := range od.Table.ForeignKeys {
			fk := &od.Table.ForeignKeys[i]
			if fk.RefTable != d.Oid {
				continue
			}
			ot := t
			if od.Oid != d.Oid {
				var err error
				if ot, err = b.analyzeTable(od); err != nil {
					return nil, err
				}
			}
			t.Referenced = append(t.Referenced, &analyze.ForeignKey{Name: fk.Name, Table: ot, Columns: fk.Columns, RefTable: t,
				RefColumns: fk.RefColumns, RefIndex: fk.RefIndex, OnDelete: fk.OnDelete, OnUpdate: fk.OnUpdate, Match: fk.Match})
		}
	}
	return t, nil
}

// regResolver resolves object names for the reg* types (regclass,
// regtype, ...) through the session's catalog.
type regResolver struct{ b *Backend }

func (r regResolver) ResolveReg(t *types.T, name string) (types.Oid, error) {
	b := r.b
	switch t.Oid {
	case types.OidRegclass:
		schema, rel, err := splitQualified(name)
		if err != nil {
			return 0, err
		}
		if t, ok := b.lookupVirtual(schema, rel); ok {
			return t.Oid, nil
		}
		if b.tx.cat == nil {
			return 0, pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, name)
		}
		d, err := b.lookupRelation(schema, rel)
		if err != nil {
			return 0, err
		}
		if d == nil {
			return 0, pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, name)
		}
		return d.Oid, nil
	case types.OidRegtype:
		if tt := types.LookupName(strings.TrimPrefix(strings.ToLower(name), "pg_catalog.")); tt != nil {
			return tt.Oid, nil
		}
		st, err := parser.ParseOne("SELECT NULL::" + name)
		if err == nil {
			if tc := st.AST.GetSelectStmt().TargetList[0].GetResTarget().Val.GetTypeCast(); tc != nil {
				an := analyze.New("", sessionCatalog{b}, nil, nil)
				if tt, err := an.ResolveTypeName(tc.TypeName); err == nil {
					return tt.Oid, nil
				}
			}
		}
		return 0, pgerror.New(pgerror.UndefinedObject, `type "%s" does not exist`, name)
	case types.OidRegnamespace:
		if d := b.tx.cat.LookupSchema(b.dbOid, name); d != nil {
			return d.Oid, nil
		}
		return 0, pgerror.New(pgerror.UndefinedObject, `schema "%s" does not exist`, name)
	case types.OidRegrole:
		if d := b.tx.cat.LookupRole(name); d != nil {
			return d.Oid, nil
		}
		return 0, pgerror.New(pgerror.UndefinedObject, `role "%s" does not exist`, name)
	case types.OidRegproc:
		return r.regprocIn(name)
	case types.OidRegprocedure:
		return r.regprocedureIn(name)
	}
	return 0, pgerror.New(pgerror.FeatureNotSupported, "input of type %s by name is not supported", t.SQLName())
}

func (r regResolver) RegName(t *types.T, o types.Oid) (string, bool) {
	b := r.b
	if b.tx.cat == nil {
		return "", false
	}
	switch t.Oid {
	case types.OidRegclass:
		if name, ok := b.virtualRegName(o); ok {
			return name, true
		}
		d := b.tx.cat.Get(o)
		if d == nil {
			return "", false
		}
		// Qualify the name when the schema is not on the search path.
		for _, so := range b.searchPath() {
			if so == d.Schema {
				if x, _ := b.lookupRelation("", d.Name); x == d {
					return quoteIdentifier(d.Name), true
				}
			}
		}
		if s := b.tx.cat.Get(d.Schema); s != nil {
			return quoteIdentifier(s.Name) + "." + quoteIdentifier(d.Name), true
		}
		return quoteIdentifier(d.Name), true
	case types.OidRegnamespace, types.OidRegrole:
		if d := b.tx.cat.Get(o); d != nil {
			return quoteIdentifier(d.Name), true
		}
	case types.OidRegproc:
		return r.regprocOut(o)
	case types.OidRegprocedure:
		return r.regprocedureOut(o)
	}
	return "", false
}

// splitQualified splits "schema.name" with identifier quoting rules.
func splitQualified(s string) (string, string, error) {
	st, err := parser.ParseOne("SELECT * FROM " + s)
	if err != nil {
		return "", "", pgerror.New(pgerror.InvalidName, "invalid name syntax")
	}
	from := st.AST.GetSelectStmt().GetFromClause()
	if len(from) != 1 {
		return "", "", pgerror.New(pgerror.InvalidName, "invalid name syntax")
	}
	rv := from[0].GetRangeVar()
	if rv == nil {
		return "", "", pgerror.New(pgerror.InvalidName, "invalid name syntax")
	}
	return rv.Schemaname, rv.Relname, nil
}

// Sequence functions for builtins (nextval, currval, setval, lastval).

func (b *Backend) sequence(o types.Oid) (*catalog.Desc, error) {
	d := b.tx.cat.Get(o)
	if d == nil || d.Kind != catalog.KindSequence {
		if d != nil {
			return nil, pgerror.New(pgerror.WrongObjectType, `"%s" is not a sequence`, d.Name)
		}
		return nil, pgerror.New(pgerror.UndefinedTable, "could not open relation with OID %d", o)
	}
	return d, nil
}

// NextVal implements nextval().
func (b *Backend) NextVal(o types.Oid) (int64, error) {
	d, err := b.sequence(o)
	if err != nil {
		return 0, err
	}
	v, err := b.srv.Catalog.NextVal(b.Context(), d)
	if err != nil {
		return 0, err
	}
	if b.seqVals == nil {
		b.seqVals = map[types.Oid]int64{}
	}
	b.seqVals[o] = v
	b.lastSeq = o
	return v, nil
}

// CurrVal implements currval().
func (b *Backend) CurrVal(o types.Oid) (int64, error) {
	d, err := b.sequence(o)
	if err != nil {
		return 0, err
	}
	v, ok := b.seqVals[o]
	if !ok {
		return 0, pgerror.New(pgerror.ObjectNotInPrerequisiteState, `currval of sequence "%s" is not yet defined in this session`, d.Name)
	}
	return v, nil
}

// SetVal implements setval().
func (b *Backend) SetVal(o types.Oid, v int64, called bool) (int64, error) {
	d, err := b.sequence(o)
	if err != nil {
		return 0, err
	}
	if err := b.srv.Catalog.SetVal(b.Context(), d, v, called); err != nil {
		return 0, err
	}
	if called {
		if b.seqVals == nil {
			b.seqVals = map[types.Oid]int64{}
		}
		b.seqVals[o] = v
		b.lastSeq = o
	}
	return v, nil
}

// LastVal implements lastval().
func (b *Backend) LastVal() (int64, error) {
	if b.lastSeq == 0 {
		return 0, pgerror.New(pgerror.ObjectNotInPrerequisiteState, "lastval is not yet defined in this session")
	}
	if _, err := b.sequence(b.lastSeq); err != nil {
		return 0, err
	}
	return b.seqVals[b.lastSeq], nil
}

// SequenceRow reads a sequence as its one-row relation (exec.SequenceRow):
// the last value handed out and whether one was, as the catalog's state
// says. log_cnt, the values PostgreSQL has logged ahead, is 0: tusk
// reserves ahead without showing it.
func (b *Backend) SequenceRow(o types.Oid) (int64, int64, bool, error) {
	d, err := b.sequence(o)
	if err != nil {
		return 0, 0, false, err
	}
	v, called, err := b.srv.Catalog.SeqState(b.Context(), d)
	return v, 0, called, err
}
