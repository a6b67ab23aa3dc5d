package pgcatalog

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/guc"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/sql/types/pgdate"
)

// Access method OIDs (pg_am).
const (
	amHeap   types.Oid = 2
	amBtree  types.Oid = 403
	amHash   types.Oid = 405
	amGist   types.Oid = 783
	amGin    types.Oid = 2742
	amBrin   types.Oid = 3580
	amSpgist types.Oid = 4000
)

// Collation OIDs (pg_collation).
const (
	collDefault types.Oid = 100
	collC       types.Oid = 950
	collPOSIX   types.Oid = 951
)

// Class OIDs of the catalogs objects belong to (pg_description.classoid).
const (
	ClassPgClass      types.Oid = 1259
	ClassPgNamespace  types.Oid = 2615
	ClassPgConstraint types.Oid = 2606
	ClassPgDatabase   types.Oid = 1262
	ClassPgAuthid     types.Oid = 1260
	ClassPgProc       types.Oid = 1255
	ClassPgType       types.Oid = 1247
	classPgOperator   types.Oid = 2617
	ClassPgAttrdef    types.Oid = 2604
)

// allTypes lists the built-in types by OID.
var allTypes = func() []*types.T {
	var out []*types.T
	for o := types.Oid(0); o < 20000; o++ {
		if t := types.ByOid(o); t != nil {
			out = append(out, t)
		}
	}
	return out
}()

// typCollation returns pg_type.typcollation: the default collation for
// collatable string types (and their arrays), "C" for name.
func typCollation(t *types.T) types.Oid {
	if t == nil {
		return 0
	}
	if t.Elem != nil && t.IsArray() {
		return typCollation(t.Elem)
	}
	switch t.Oid {
	case types.OidText, types.OidVarchar, types.OidBPChar, types.OidPgNodeTree:
		return collDefault
	case types.OidName:
		return collC
	}
	return 0
}

func amOf(method string) types.Oid {
	switch method {
	case "hash":
		return amHash
	case "gist":
		return amGist
	case "gin":
		return amGin
	case "brin":
		return amBrin
	case "spgist":
		return amSpgist
	}
	return amBtree
}

func init() {
	registerGen("pg_catalog.pg_namespace", genNamespace)
	registerGen("pg_catalog.pg_class", genClass)
	registerGen("pg_catalog.pg_attribute", genAttribute)
	registerGen("pg_catalog.pg_type", genType)
	registerGen("pg_catalog.pg_enum", genEnum)
	registerGen("pg_catalog.pg_index", genIndex)
	registerGen("pg_catalog.pg_constraint", genConstraint)
	registerGen("pg_catalog.pg_attrdef", genAttrdef)
	registerGen("pg_catalog.pg_database", genDatabase)
	registerGen("pg_catalog.pg_authid", genAuthid)
	registerGen("pg_catalog.pg_roles", genRoles)
	registerGen("pg_catalog.pg_user", genUser)
	registerGen("pg_catalog.pg_auth_members", genAuthMembers)
	registerGen("pg_catalog.pg_description", genDescription)
	registerGen("pg_catalog.pg_am", genAm)
	registerGen("pg_catalog.pg_tables", genTables)
	registerGen("pg_catalog.pg_views", genViews)
	registerGen("pg_catalog.pg_indexes", genIndexes)
	registerGen("pg_catalog.pg_sequence", genSequence)
	registerGen("pg_catalog.pg_sequences", genSequences)
	registerGen("pg_catalog.pg_settings", genSettings)
	registerGen("pg_catalog.pg_collation", genCollation)
	registerGen("pg_catalog.pg_tablespace", genTablespace)
	registerGen("pg_catalog.pg_depend", genDepend)
	registerGen("pg_catalog.pg_extension", genExtension)
	registerGen("pg_catalog.pg_shdescription", genShdescription)
	registerGen("pg_catalog.pg_stat_activity", genStatActivity)
	registerGen("pg_catalog.pg_operator", genOperator)
	registerGen("pg_catalog.pg_language", genLanguage)
	registerGen("pg_catalog.pg_proc", genProc)
}

// roleDatabaseOwner is PostgreSQL's predefined role pg_database_owner,
// which owns each database's public schema.
const roleDatabaseOwner types.Oid = 6171

// predefinedRoles are PostgreSQL 15's built-in roles (they cannot log
// in; tusk grants nothing through them).
var predefinedRoles = []struct {
	oid  types.Oid
	name string
}{
	{3373, "pg_monitor"}, {3374, "pg_read_all_settings"}, {3375, "pg_read_all_stats"}, {3377, "pg_stat_scan_tables"},
	{4200, "pg_signal_backend"}, {4544, "pg_checkpoint"}, {4569, "pg_read_server_files"}, {4570, "pg_write_server_files"},
	{4571, "pg_execute_server_program"}, {roleDatabaseOwner, "pg_database_owner"}, {6181, "pg_read_all_data"},
	{6182, "pg_write_all_data"},
}

// schemaOwner returns pg_namespace.nspowner: a public schema the
// bootstrap superuser owns is shown owned by pg_database_owner, as
// PostgreSQL 15 creates it.
func schemaOwner(n *catalog.Desc) types.Oid {
	if n.Name == "public" && owner(n) == catalog.OidBootstrapSuper {
		return roleDatabaseOwner
	}
	return owner(n)
}

func aclitems(items ...string) types.Datum { return builtins.ACLItems(items...) }

func genNamespace(s *Source, rs *rowSet) {
	for _, n := range s.schemas() {
		row := rs.add().oid("oid", n.Oid).str("nspname", n.Name).oid("nspowner", schemaOwner(n))
		if schemaOwner(n) == roleDatabaseOwner {
			row.set("nspacl", aclitems("pg_database_owner=UC/pg_database_owner", "=U/pg_database_owner"))
		}
	}
}

// relKind returns pg_class.relkind of a descriptor.
func relKind(d *catalog.Desc) byte {
	switch d.Kind {
	case catalog.KindView:
		return 'v'
	case catalog.KindSequence:
		return 'S'
	case catalog.KindIndex:
		return 'i'
	}
	return 'r'
}

func genClass(s *Source, rs *rowSet) {
	for _, r := range relations {
		row := rs.add().oid("oid", r.Oid).str("relname", r.Name).oid("relnamespace", r.SchemaOid()).
			oid("relowner", catalog.OidBootstrapSuper).i("relnatts", int64(len(r.Columns))).ch("relkind", r.Kind)
		classDefaults(row, r.Kind)
		if r.Kind == 'r' {
			row.oid("relam", amHeap).oid("relfilenode", r.Oid)
		}
	}
	for _, d := range s.relations() {
		kind := relKind(d)
		row := rs.add().oid("oid", d.Oid).str("relname", d.Name).oid("relnamespace", d.Schema).oid("relowner", owner(d)).
			ch("relkind", kind)
		classDefaults(row, kind)
		if s.Cat.IsTemp(d) {
			row.ch("relpersistence", 't')
		}
		switch d.Kind {
		case catalog.KindTable:
			t := d.Table
			row.oid("relam", amHeap).oid("relfilenode", d.Oid).i("relnatts", int64(len(t.Columns))).
				i("relchecks", int64(len(t.Checks)))
			if rt := catalog.RowType(d); rt != nil {
				row.oid("reltype", rt.Oid)
			}
			hasIndex := false
			for _, io := range t.Indexes {
				if id := s.Cat.Get(io); id != nil && !id.Index.RowID {
					hasIndex = true
				}
			}
			// PostgreSQL implements foreign keys with triggers on both
			// tables; psql lists foreign keys only when it sees them.
			row.b("relhasindex", hasIndex).b("relhastriggers", s.hasFKTriggers(d))
			if st := s.tableStats(d); st != nil {
				row.i("relpages", int64(st.Pages)).f("reltuples", st.Rows)
			}
		case catalog.KindView:
			row.i("relnatts", int64(len(d.View.Columns))).b("relhasrules", true)
		case catalog.KindSequence:
			row.oid("relfilenode", d.Oid).i("relnatts", 3).f("reltuples", 1)
		case catalog.KindIndex:
			row.oid("relam", amOf(d.Index.Method)).oid("relfilenode", d.Oid).i("relnatts", int64(len(d.Index.Columns)+len(d.Index.Include))).
				f("reltuples", 0)
		}
	}
	// A composite type's attributes hang off a pg_class entry of its own.
	for _, d := range s.userTypes() {
		if d.Type.Kind != 'c' || d.Type.RelOid == 0 {
			continue
		}
		row := rs.add().oid("oid", d.Type.RelOid).str("relname", d.Name).oid("relnamespace", d.Schema).oid("relowner", owner(d)).
			ch("relkind", 'c')
		classDefaults(row, 'c')
		row.oid("reltype", d.Oid).i("relnatts", int64(len(d.Type.Fields)))
	}
}

// classDefaults fills the pg_class columns that are the same for every
// relation of a kind.
func classDefaults(row row, kind byte) {
	replident := byte('n')
	if kind == 'r' {
		replident = 'd'
	}
	row.oid("reltype", 0).oid("reloftype", 0).oid("relam", 0).oid("relfilenode", 0).oid("reltablespace", 0).
		i("relpages", 0).f("reltuples", -1).i("relallvisible", 0).oid("reltoastrelid", 0).b("relhasindex", false).
		b("relisshared", false).ch("relpersistence", 'p').i("relchecks", 0).b("relhasrules", false).
		b("relhastriggers", false).b("relhassubclass", false).b("relrowsecurity", false).b("relforcerowsecurity", false).
		b("relispopulated", true).ch("relreplident", replident).b("relispartition", false).oid("relrewrite", 0).
		i("relfrozenxid", 0).i("relminmxid", 0)
}

// attribute describes one pg_attribute row.
type attribute struct {
	rel      types.Oid
	name     string
	t        *types.T
	num      int16
	notNull  bool
	hasDef   bool
	identity byte
	gen      byte
	dropped  bool
	sysColl  bool
}

func genAttribute(s *Source, rs *rowSet) {
	add := func(a attribute) {
		t := a.t
		if t == nil {
			t = types.Text
		}
		typmod := t.Typmod
		base := t.Base()
		ndims := int64(0)
		if base.IsArray() {
			ndims = 1
		}
		coll := typCollation(base)
		if coll != 0 && a.sysColl {
			// The system catalogs' collatable columns use "C".
			coll = collC
		}
		name, typ := a.name, base.Oid
		if a.dropped {
			name = "........pg.dropped." + itoa(int64(a.num)) + "........"
			typ = 0
		}
		rs.add().oid("attrelid", a.rel).str("attname", name).oid("atttypid", typ).i("attstattarget", -1).
			i("attlen", int64(base.Len)).i("attnum", int64(a.num)).i("attndims", ndims).i("attcacheoff", -1).
			i("atttypmod", int64(typmod)).b("attbyval", base.ByVal).ch("attalign", base.Align).
			ch("attstorage", storageOf(base)).ch("attcompression", 0).b("attnotnull", a.notNull).b("atthasdef", a.hasDef).
			b("atthasmissing", false).ch("attidentity", a.identity).ch("attgenerated", a.gen).b("attisdropped", a.dropped).
			b("attislocal", true).i("attinhcount", 0).oid("attcollation", coll)
	}
	for _, r := range relations {
		for i, c := range r.Columns {
			add(attribute{rel: r.Oid, name: c.Name, t: c.Type(), num: int16(i + 1), notNull: c.NotNull, sysColl: r.Kind == 'r'})
		}
	}
	for _, d := range s.relations() {
		switch d.Kind {
		case catalog.KindTable:
			for _, c := range d.Table.Columns {
				add(attribute{rel: d.Oid, name: c.Name, t: c.Type(), num: c.Attnum, notNull: c.NotNull,
					hasDef: c.Default != "" && c.Identity == 0, identity: c.Identity, gen: c.Generated, dropped: c.Dropped})
			}
		case catalog.KindView:
			for i, c := range d.View.Columns {
				add(attribute{rel: d.Oid, name: c.Name, t: c.Type(), num: int16(i + 1)})
			}
		case catalog.KindSequence:
			add(attribute{rel: d.Oid, name: "last_value", t: types.Int8, num: 1, notNull: true})
			add(attribute{rel: d.Oid, name: "log_cnt", t: types.Int8, num: 2, notNull: true})
			add(attribute{rel: d.Oid, name: "is_called", t: types.Bool, num: 3, notNull: true})
		case catalog.KindIndex:
			tab := s.Cat.Get(d.Index.Table)
			cols := append(append([]int16(nil), d.Index.Columns...), d.Index.Include...)
			for i, an := range cols {
				a := attribute{rel: d.Oid, name: "expr", num: int16(i + 1)}
				if c := tableColumn(tab, an); c != nil {
					a.name, a.t = c.Name, c.Type()
				}
				add(a)
			}
		}
	}
	for _, d := range s.userTypes() {
		if d.Type.Kind != 'c' || d.Type.RelOid == 0 {
			continue
		}
		for i, f := range d.Type.Fields {
			t := types.ByOid(f.TypeOid)
			if t != nil {
				t = t.WithTypmod(f.Typmod)
			}
			add(attribute{rel: d.Type.RelOid, name: f.Name, t: t, num: int16(i + 1)})
		}
	}
}

func storageOf(t *types.T) byte {
	if t.Len == -1 {
		if t.Oid == types.OidNumeric {
			return 'm'
		}
		return 'x'
	}
	return 'p'
}

// tableColumn returns a table's column by attnum, nil when there is none.
func tableColumn(tab *catalog.Desc, attnum int16) *catalog.Column {
	if tab == nil || tab.Table == nil {
		return nil
	}
	for i := range tab.Table.Columns {
		if tab.Table.Columns[i].Attnum == attnum {
			return &tab.Table.Columns[i]
		}
	}
	return nil
}

func genType(s *Source, rs *rowSet) {
	all := append([]*types.T(nil), allTypes...)
	schemaOf := map[catalog.Oid]catalog.Oid{}
	owners := map[catalog.Oid]catalog.Oid{}
	relOf := map[catalog.Oid]catalog.Oid{}
	for _, d := range s.userTypes() {
		t := typesByOid(d.Oid)
		if t == nil {
			continue
		}
		schemaOf[t.Oid], owners[t.Oid], relOf[t.Oid] = d.Schema, d.Owner, d.Type.RelOid
		all = append(all, t)
		if a := typesByOid(t.ArrayOid); a != nil {
			schemaOf[a.Oid], owners[a.Oid] = d.Schema, d.Owner
			all = append(all, a)
		}
	}
	// Each table's row type (catalog/rowtype.go).
	for _, d := range s.userTables() {
		if t := catalog.RowType(d); t != nil {
			schemaOf[t.Oid], owners[t.Oid], relOf[t.Oid] = d.Schema, d.Owner, d.Oid
			all = append(all, t)
		}
	}
	for _, t := range all {
		ns, owner := catalog.OidPgCatalog, catalog.OidBootstrapSuper
		if o, ok := schemaOf[t.Oid]; ok {
			ns, owner = o, owners[t.Oid]
		}
		relid := relOf[t.Oid]
		elem := types.Oid(0)
		if t.Elem != nil {
			elem = t.Elem.Oid
		}
		kind := t.Kind
		if kind == 0 {
			kind = 'b'
		}
		delim := t.Delim
		if delim == 0 {
			delim = ','
		}
		r := rs.add().oid("oid", t.Oid).str("typname", t.Name).oid("typnamespace", ns).
			oid("typowner", owner).i("typlen", int64(t.Len)).b("typbyval", t.ByVal).
			ch("typtype", kind).ch("typcategory", byte(t.Category)).b("typispreferred", t.Preferred).
			b("typisdefined", true).ch("typdelim", delim).oid("typrelid", relid).oid("typsubscript", 0).
			oid("typelem", elem).oid("typarray", t.ArrayOid).oid("typinput", procOid(t.Input)).oid("typoutput", procOid(t.Output)).
			oid("typreceive", procOid(t.Receive)).oid("typsend", procOid(t.Send)).oid("typmodin", procOid(typmodFunc(t, "in"))).
			oid("typmodout", procOid(typmodFunc(t, "out"))).oid("typanalyze", 0).ch("typalign", t.Align).ch("typstorage", storageOf(t)).
			b("typnotnull", false).oid("typbasetype", 0).i("typtypmod", -1).i("typndims", 0).
			oid("typcollation", typCollation(t))
		if dom := t.Domain; dom != nil {
			r.b("typnotnull", dom.NotNull).oid("typbasetype", dom.Base.Oid).i("typtypmod", int64(dom.Base.Typmod)).
				oid("typcollation", typCollation(dom.Base))
		}
	}
}

// genEnum lists the labels of the database's enum types (pg_enum).
func genEnum(s *Source, rs *rowSet) {
	for _, d := range s.userTypes() {
		if d.Type.Kind != 'e' {
			continue
		}
		for _, l := range d.Type.Labels {
			rs.add().oid("oid", l.Oid).oid("enumtypid", d.Oid).f("enumsortorder", float64(float32(l.Sort))).str("enumlabel", l.Label)
		}
	}
}

// userTypes returns the user-defined types of the session's database.
func (s *Source) userTypes() []*catalog.Desc {
	inDB := map[catalog.Oid]bool{}
	for _, n := range s.schemas() {
		inDB[n.Oid] = true
	}
	var out []*catalog.Desc
	for _, d := range s.Cat.All() {
		if d.Kind == catalog.KindType && d.Type != nil && inDB[d.Schema] {
			out = append(out, d)
		}
	}
	return out
}

// userTables returns the tables of the session's database.
func (s *Source) userTables() []*catalog.Desc {
	inDB := map[catalog.Oid]bool{}
	for _, n := range s.schemas() {
		inDB[n.Oid] = true
	}
	var out []*catalog.Desc
	for _, d := range s.Cat.All() {
		if d.Kind == catalog.KindTable && inDB[d.Schema] {
			out = append(out, d)
		}
	}
	return out
}

func typesByOid(o types.Oid) *types.T { return types.ByOid(o) }

// typmodFunc names a type's typmod input or output function ("in" or
// "out"): the types that take a modifier, and their arrays, have one.
func typmodFunc(t *types.T, dir string) string {
	base := t
	if t.Elem != nil && t.Category == types.CatArray {
		base = t.Elem
	}
	switch base.Name {
	case "bit", "bpchar", "interval", "numeric", "time", "timestamp", "timestamptz", "timetz", "varbit", "varchar":
		return base.Name + "typmod" + dir
	}
	return ""
}

// procOid returns the OID of the built-in function of a type's I/O
// column (pg_type.typinput, ...), 0 (printed "-") for none.
func procOid(name string) types.Oid {
	if fs := builtins.FuncsByName(name); len(fs) > 0 {
		return fs[0].Oid
	}
	return 0
}

// indexOption returns pg_index.indoption's bits for key column i.
func indexOption(ix *catalog.Index, i int) int16 {
	var o int16
	desc := i < len(ix.Desc) && ix.Desc[i]
	if desc {
		o |= 1
	}
	nf := desc
	if i < len(ix.NullsFirst) {
		nf = ix.NullsFirst[i]
	}
	if nf {
		o |= 2
	}
	return o
}

func genIndex(s *Source, rs *rowSet) {
	for _, d := range s.relations() {
		if d.Kind != catalog.KindIndex {
			continue
		}
		ix := d.Index
		keys := append(append([]int16(nil), ix.Columns...), ix.Include...)
		var opts []int16
		var colls, classes []types.Oid
		tab := s.Cat.Get(ix.Table)
		for i := range ix.Columns {
			opts = append(opts, indexOption(ix, i))
			var coll types.Oid
			if c := tableColumn(tab, ix.Columns[i]); c != nil {
				coll = typCollation(c.Type().Base())
			}
			colls = append(colls, coll)
			classes = append(classes, 0)
		}
		row := rs.add().oid("indexrelid", d.Oid).oid("indrelid", ix.Table).i("indnatts", int64(len(keys))).
			i("indnkeyatts", int64(len(ix.Columns))).b("indisunique", ix.Unique).b("indnullsnotdistinct", ix.NullsNotDistinct).
			b("indisprimary", ix.Primary).b("indisexclusion", false).b("indimmediate", ix.Unique).b("indisclustered", false).
			b("indisvalid", true).b("indcheckxmin", false).b("indisready", true).b("indislive", true).
			b("indisreplident", false).set("indkey", int2vector(keys)).set("indcollation", oidvector(colls)).
			set("indclass", oidvector(classes)).set("indoption", int2vector(opts))
		var exprs []string
		for _, e := range ix.Exprs {
			if e != "" {
				exprs = append(exprs, e)
			}
		}
		if len(exprs) > 0 {
			row.str("indexprs", strings.Join(exprs, ", "))
		}
		if ix.Predicate != "" {
			row.str("indpred", ix.Predicate)
		}
	}
}

// constraint is one row of pg_constraint, as the catalog describes it.
type constraint struct {
	oid   types.Oid
	name  string
	kind  byte // 'p', 'u', 'c', 'f'
	table *catalog.Desc
	index *catalog.Desc // the backing index of 'p' and 'u'
	check *catalog.Check
	fk    *catalog.ForeignKey
}

// constraints returns the constraints of the session database's tables.
func (s *Source) constraints() []constraint {
	var out []constraint
	for _, t := range s.tables() {
		out = append(out, s.tableConstraints(t)...)
	}
	return out
}

func (s *Source) tableConstraints(t *catalog.Desc) []constraint {
	var out []constraint
	for _, io := range t.Table.Indexes {
		id := s.Cat.Get(io)
		if id == nil || id.Index.RowID || (!id.Index.Primary && id.Index.ConstraintName == "") {
			continue
		}
		c := constraint{oid: id.Index.ConstraintOid, name: id.Index.ConstraintName, kind: 'u', table: t, index: id}
		if c.oid == 0 {
			c.oid = id.Oid
		}
		if c.name == "" {
			c.name = id.Name
		}
		if id.Index.Primary {
			c.kind = 'p'
		}
		out = append(out, c)
	}
	for i := range t.Table.Checks {
		ch := &t.Table.Checks[i]
		out = append(out, constraint{oid: ch.Oid, name: ch.Name, kind: 'c', table: t, check: ch})
	}
	for i := range t.Table.ForeignKeys {
		fk := &t.Table.ForeignKeys[i]
		out = append(out, constraint{oid: fk.Oid, name: fk.Name, kind: 'f', table: t, fk: fk})
	}
	return out
}

// constraintByOid finds a constraint of the session's database.
func (s *Source) constraintByOid(o types.Oid) *constraint {
	for _, c := range s.constraints() {
		if c.oid == o {
			return &c
		}
	}
	return nil
}

func genConstraint(s *Source, rs *rowSet) {
	for _, c := range s.constraints() {
		row := rs.add().oid("oid", c.oid).str("conname", c.name).oid("connamespace", c.table.Schema).ch("contype", c.kind).
			b("condeferrable", false).b("condeferred", false).b("convalidated", true).oid("conrelid", c.table.Oid).
			oid("contypid", 0).oid("conindid", 0).oid("conparentid", 0).oid("confrelid", 0).ch("confupdtype", ' ').
			ch("confdeltype", ' ').ch("confmatchtype", ' ').b("conislocal", true).i("coninhcount", 0).b("connoinherit", false)
		switch c.kind {
		case 'p', 'u':
			row.oid("conindid", c.index.Oid).set("conkey", int2s(c.index.Index.Columns)).
				b("condeferrable", c.index.Index.Deferrable).b("condeferred", c.index.Index.InitDeferred)
		case 'c':
			row.b("convalidated", !c.check.NotValid).b("connoinherit", c.check.NoInherit).str("conbin", c.check.Expr)
			cols := checkColumns(c)
			if cols != nil {
				row.set("conkey", int2s(cols))
			}
		case 'f':
			fk := c.fk
			row.b("condeferrable", fk.Deferrable).b("condeferred", fk.Deferred).b("convalidated", !fk.NotValid).
				oid("conindid", fk.RefIndex).oid("confrelid", fk.RefTable).ch("confupdtype", fkAction(fk.OnUpdate)).
				ch("confdeltype", fkAction(fk.OnDelete)).ch("confmatchtype", fkMatch(fk.Match)).
				set("conkey", int2s(fk.Columns)).set("confkey", int2s(fk.RefColumns))
		}
	}
}

// checkColumns returns the columns a CHECK constraint's expression reads,
// in order of appearance.
func checkColumns(c constraint) []int16 {
	type use struct {
		pos    int
		attnum int16
	}
	var uses []use
	for _, col := range c.table.Table.Columns {
		if pos := firstMention(c.check.Expr, col.Name); !col.Dropped && pos >= 0 {
			uses = append(uses, use{pos, col.Attnum})
		}
	}
	sort.Slice(uses, func(i, j int) bool { return uses[i].pos < uses[j].pos })
	var cols []int16
	for _, u := range uses {
		cols = append(cols, u.attnum)
	}
	return cols
}

func fkAction(a byte) byte {
	if a == 0 {
		return 'a'
	}
	return a
}

func fkMatch(m byte) byte {
	if m == 0 {
		return 's'
	}
	return m
}

// firstMention returns where the SQL text expr first names the
// identifier id (roughly: as a whole word outside string literals), -1
// when it does not.
func firstMention(expr, id string) int {
	expr = stripLiterals(expr)
	for i := 0; ; {
		j := strings.Index(expr[i:], id)
		if j < 0 {
			return -1
		}
		j += i
		end := j + len(id)
		before := j == 0 || !isIdentChar(expr[j-1])
		after := end >= len(expr) || !isIdentChar(expr[end])
		if before && after {
			return j
		}
		i = j + 1
	}
}

func isIdentChar(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// attrdefOid gives a column default's pg_attrdef OID. Defaults have no OID
// of their own in tusk's catalog; this one is derived from the table's
// and never collides with a catalog OID in practice.
func attrdefOid(table types.Oid, attnum int16) types.Oid {
	return types.Oid(uint32(table)<<8|uint32(attnum)) | 0x80000000
}

func genAttrdef(s *Source, rs *rowSet) {
	for _, t := range s.tables() {
		for _, c := range t.Table.Columns {
			if c.Default == "" || c.Dropped || c.Identity != 0 {
				continue
			}
			rs.add().oid("oid", attrdefOid(t.Oid, c.Attnum)).oid("adrelid", t.Oid).i("adnum", int64(c.Attnum)).
				str("adbin", adbin(c.Attnum, c.Default))
		}
	}
}

func genDatabase(s *Source, rs *rowSet) {
	for _, d := range s.Cat.All() {
		if d.Kind != catalog.KindDatabase {
			continue
		}
		enc := int64(6) // UTF8
		collate := s.setting("lc_collate")
		ctype := s.setting("lc_ctype")
		row := rs.add().oid("oid", d.Oid).str("datname", d.Name).oid("datdba", owner(d)).i("encoding", enc).
			ch("datlocprovider", 'c').b("datistemplate", d.DB.IsTemplate).b("datallowconn", d.DB.AllowConn).
			i("datconnlimit", int64(d.DB.ConnLimit)).i("datfrozenxid", 0).i("datminmxid", 1).
			oid("dattablespace", catalog.OidDefaultTablespace).str("datcollate", collate).str("datctype", ctype)
		if d.DB.IsTemplate {
			// initdb revokes CONNECT on the templates from PUBLIC.
			o := s.UserName(owner(d))
			row.set("datacl", aclitems("=c/"+o, o+"=CTc/"+o))
		}
	}
}

// genPredefinedRoles adds the predefined roles to pg_authid or pg_roles.
func genPredefinedRoles(rs *rowSet, password string) {
	for _, r := range predefinedRoles {
		row := rs.add().oid("oid", r.oid).str("rolname", r.name).b("rolsuper", false).b("rolinherit", true).
			b("rolcreaterole", false).b("rolcreatedb", false).b("rolcanlogin", false).b("rolreplication", false).
			b("rolbypassrls", false).i("rolconnlimit", -1)
		if password != "" {
			row.str("rolpassword", password)
		}
	}
}

func genAuthid(s *Source, rs *rowSet) {
	genPredefinedRoles(rs, "")
	for _, d := range s.roles() {
		r := d.Role
		row := rs.add().oid("oid", d.Oid).str("rolname", d.Name).b("rolsuper", r.Superuser).b("rolinherit", r.Inherit).
			b("rolcreaterole", r.CreateRole).b("rolcreatedb", r.CreateDB).b("rolcanlogin", r.CanLogin).
			b("rolreplication", r.Replication).b("rolbypassrls", r.BypassRLS).i("rolconnlimit", int64(r.ConnLimit))
		row.strOrNull("rolpassword", r.Password)
	}
}

func genRoles(s *Source, rs *rowSet) {
	genPredefinedRoles(rs, "********")
	for _, d := range s.roles() {
		r := d.Role
		row := rs.add().oid("oid", d.Oid).str("rolname", d.Name).b("rolsuper", r.Superuser).b("rolinherit", r.Inherit).
			b("rolcreaterole", r.CreateRole).b("rolcreatedb", r.CreateDB).b("rolcanlogin", r.CanLogin).
			b("rolreplication", r.Replication).b("rolbypassrls", r.BypassRLS).i("rolconnlimit", int64(r.ConnLimit)).
			str("rolpassword", "********")
		_ = row
	}
}

func genUser(s *Source, rs *rowSet) {
	for _, d := range s.roles() {
		r := d.Role
		if !r.CanLogin {
			continue
		}
		rs.add().str("usename", d.Name).oid("usesysid", d.Oid).b("usecreatedb", r.CreateDB).b("usesuper", r.Superuser).
			b("userepl", r.Replication).b("usebypassrls", r.BypassRLS).str("passwd", "********")
	}
}

func genAuthMembers(s *Source, rs *rowSet) {
	for _, d := range s.roles() {
		for _, m := range d.Role.MemberOf {
			rs.add().oid("roleid", m).oid("member", d.Oid).oid("grantor", catalog.OidBootstrapSuper).b("admin_option", false)
		}
	}
}

func genDescription(s *Source, rs *rowSet) {
	add := func(obj, class types.Oid, sub int16, text string) {
		if text != "" {
			rs.add().oid("objoid", obj).oid("classoid", class).i("objsubid", int64(sub)).str("description", text)
		}
	}
	for _, n := range s.schemas() {
		add(n.Oid, ClassPgNamespace, 0, schemaComment(n))
	}
	add(extPlpgsql, classPgExtension, 0, "PL/pgSQL procedural language")
	for _, l := range languages {
		add(l.oid, classPgLanguage, 0, l.desc)
	}
	for _, f := range builtins.AllFuncs() {
		add(f.Oid, ClassPgProc, 0, f.Desc)
	}
	for _, o := range builtins.AllOperators() {
		add(o.Oid, classPgOperator, 0, o.Desc)
	}
	for _, d := range s.relations() {
		add(d.Oid, ClassPgClass, 0, d.Description())
		var cols []catalog.Column
		switch {
		case d.Table != nil:
			cols = d.Table.Columns
		case d.View != nil:
			cols = d.View.Columns
		}
		for _, c := range cols {
			add(d.Oid, ClassPgClass, c.Attnum, c.Comment)
		}
	}
}

func genAm(s *Source, rs *rowSet) {
	for _, a := range []struct {
		oid     types.Oid
		name    string
		handler string
		kind    byte
	}{
		{amHeap, "heap", "heap_tableam_handler", 't'},
		{amBtree, "btree", "bthandler", 'i'},
		{amHash, "hash", "hashhandler", 'i'},
		{amGist, "gist", "gisthandler", 'i'},
		{amGin, "gin", "ginhandler", 'i'},
		{amSpgist, "spgist", "spghandler", 'i'},
		{amBrin, "brin", "brinhandler", 'i'},
	} {
		rs.add().oid("oid", a.oid).str("amname", a.name).str("amhandler", a.handler).ch("amtype", a.kind)
	}
}

func genTables(s *Source, rs *rowSet) {
	for _, r := range relations {
		if r.Kind == 'r' {
			rs.add().str("schemaname", r.Schema).str("tablename", r.Name).str("tableowner", s.roleName(catalog.OidBootstrapSuper)).
				b("hasindexes", true).b("hasrules", false).b("hastriggers", false).b("rowsecurity", false)
		}
	}
	for _, d := range s.tables() {
		hasIndex := false
		for _, io := range d.Table.Indexes {
			if id := s.Cat.Get(io); id != nil && !id.Index.RowID {
				hasIndex = true
			}
		}
		rs.add().str("schemaname", s.schemaName(d.Schema)).str("tablename", d.Name).str("tableowner", s.roleName(owner(d))).
			b("hasindexes", hasIndex).b("hasrules", false).b("hastriggers", s.hasFKTriggers(d)).b("rowsecurity", false)
	}
}

func genViews(s *Source, rs *rowSet) {
	for _, r := range relations {
		if r.Kind == 'v' {
			rs.add().str("schemaname", r.Schema).str("viewname", r.Name).str("viewowner", s.roleName(catalog.OidBootstrapSuper))
		}
	}
	for _, d := range s.relations() {
		if d.Kind == catalog.KindView {
			rs.add().str("schemaname", s.schemaName(d.Schema)).str("viewname", d.Name).str("viewowner", s.roleName(owner(d))).
				str("definition", s.viewDef(d, false))
		}
	}
}

func genIndexes(s *Source, rs *rowSet) {
	for _, d := range s.relations() {
		if d.Kind != catalog.KindIndex {
			continue
		}
		t := s.Cat.Get(d.Index.Table)
		if t == nil {
			continue
		}
		rs.add().str("schemaname", s.schemaName(t.Schema)).str("tablename", t.Name).str("indexname", d.Name).
			str("indexdef", s.indexDef(d, 0, false))
	}
}

func genSequence(s *Source, rs *rowSet) {
	for _, d := range s.relations() {
		if d.Kind != catalog.KindSequence {
			continue
		}
		q := d.Sequence
		rs.add().oid("seqrelid", d.Oid).oid("seqtypid", seqType(q)).i("seqstart", q.Start).i("seqincrement", q.Increment).
			i("seqmax", q.Max).i("seqmin", q.Min).i("seqcache", cacheOf(q)).b("seqcycle", q.Cycle)
	}
}

func seqType(q *catalog.Seq) types.Oid {
	if q.TypeOid == 0 {
		return types.OidInt8
	}
	return q.TypeOid
}

func cacheOf(q *catalog.Seq) int64 {
	if q.Cache == 0 {
		return 1
	}
	return q.Cache
}

func genSequences(s *Source, rs *rowSet) {
	for _, d := range s.relations() {
		if d.Kind != catalog.KindSequence {
			continue
		}
		q := d.Sequence
		rs.add().str("schemaname", s.schemaName(d.Schema)).str("sequencename", d.Name).str("sequenceowner", s.roleName(owner(d))).
			oid("data_type", seqType(q)).i("start_value", q.Start).i("min_value", q.Min).i("max_value", q.Max).
			i("increment_by", q.Increment).b("cycle", q.Cycle).i("cache_size", cacheOf(q))
	}
}

func genSettings(s *Source, rs *rowSet) {
	for _, d := range guc.All() {
		if d.Flags&guc.NoShowAll != 0 {
			continue
		}
		setting := s.setting(d.Name)
		if d.Unit != "" {
			// SHOW prints a unit; pg_settings gives the number in the
			// setting's base unit.
			if v, err := guc.Canonical(d, setting, setting); err == nil {
				setting = v
			}
		}
		row := rs.add().str("name", d.Name).str("setting", setting).str("category", d.Category).
			str("short_desc", d.ShortDesc).str("context", d.Context.String()).str("vartype", d.Type.String()).
			str("source", "default").str("boot_val", d.Boot).str("reset_val", d.Boot).b("pending_restart", false)
		row.strOrNull("unit", d.Unit).strOrNull("extra_desc", d.ExtraDesc).strOrNull("min_val", d.Min).strOrNull("max_val", d.Max)
		if len(d.Enum) > 0 {
			row.set("enumvals", texts(d.Enum))
		}
	}
}

func genCollation(s *Source, rs *rowSet) {
	for _, c := range []struct {
		oid           types.Oid
		name, collate string
		provider      byte
	}{{collDefault, "default", "", 'd'}, {collC, "C", "C", 'c'}, {collPOSIX, "POSIX", "POSIX", 'c'}} {
		row := rs.add().oid("oid", c.oid).str("collname", c.name).oid("collnamespace", catalog.OidPgCatalog).
			oid("collowner", catalog.OidBootstrapSuper).ch("collprovider", c.provider).b("collisdeterministic", true).
			i("collencoding", -1)
		row.strOrNull("collcollate", c.collate).strOrNull("collctype", c.collate)
	}
}

func genTablespace(s *Source, rs *rowSet) {
	rs.add().oid("oid", catalog.OidDefaultTablespace).str("spcname", "pg_default").oid("spcowner", catalog.OidBootstrapSuper)
	rs.add().oid("oid", 1664).str("spcname", "pg_global").oid("spcowner", catalog.OidBootstrapSuper)
}

// genDepend lists the dependencies clients look for: a sequence owned by
// a column ('a' auto, or 'i' internal for identity), and an index on its
// table.
func genDepend(s *Source, rs *rowSet) {
	for _, d := range s.relations() {
		switch d.Kind {
		case catalog.KindSequence:
			q := d.Sequence
			if q.OwnedByTable == 0 {
				continue
			}
			typ := byte('a')
			if q.Identity {
				typ = 'i'
			}
			rs.add().oid("classid", ClassPgClass).oid("objid", d.Oid).i("objsubid", 0).oid("refclassid", ClassPgClass).
				oid("refobjid", q.OwnedByTable).i("refobjsubid", int64(q.OwnedByColumn)).ch("deptype", typ)
			// A serial column's default reads the sequence: pg_dump finds
			// the cycle (table, sequence owned by it) through this and
			// restores the default after the sequence.
			if t := s.Cat.Get(q.OwnedByTable); !q.Identity && t != nil && t.Table != nil {
				for _, c := range t.Table.Columns {
					if c.Attnum == q.OwnedByColumn && !c.Dropped && c.Identity == 0 && strings.HasPrefix(c.Default, "nextval(") {
						rs.add().oid("classid", ClassPgAttrdef).oid("objid", attrdefOid(t.Oid, c.Attnum)).i("objsubid", 0).
							oid("refclassid", ClassPgClass).oid("refobjid", d.Oid).i("refobjsubid", 0).ch("deptype", 'n')
					}
				}
			}
		case catalog.KindIndex:
			typ := byte('a')
			if d.Index.ConstraintName != "" || d.Index.Primary {
				typ = 'i'
			}
			rs.add().oid("classid", ClassPgClass).oid("objid", d.Oid).i("objsubid", 0).oid("refclassid", ClassPgClass).
				oid("refobjid", d.Index.Table).i("refobjsubid", 0).ch("deptype", typ)
		}
	}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

func genProc(s *Source, rs *rowSet) {
	for _, f := range builtins.AllFuncs() {
		args := make([]types.Oid, len(f.Args))
		for i, a := range f.Args {
			args[i] = a.Oid
		}
		ret := types.Oid(0)
		if f.Ret != nil {
			ret = f.Ret.Oid
		}
		variadic := types.Oid(0)
		if f.Variadic != nil {
			variadic = f.Variadic.Oid
		}
		row := rs.add().oid("oid", f.Oid).str("proname", f.Name).oid("pronamespace", catalog.OidPgCatalog).
			oid("proowner", catalog.OidBootstrapSuper).oid("prolang", f.Lang).f("procost", f.Cost).f("prorows", f.Rows).
			oid("provariadic", variadic).str("prosupport", "-").ch("prokind", f.Kind).b("prosecdef", false).
			b("proleakproof", false).b("proisstrict", f.Strict).b("proretset", f.RetSet).ch("provolatile", byte(f.Volatility)).
			ch("proparallel", 's').i("pronargs", int64(len(args))).i("pronargdefaults", int64(f.NDefaults)).
			oid("prorettype", ret).set("proargtypes", oidvector(args)).str("prosrc", f.Src)
		if len(f.AllArgs) > 0 {
			row.set("proallargtypes", oids(f.AllArgs))
		}
		if len(f.ArgNames) > 0 {
			row.set("proargnames", texts(f.ArgNames))
		}
	}
}

// hasFKTriggers reports whether a table has foreign keys or is referenced
// by one (where PostgreSQL would have its RI triggers).
func (s *Source) hasFKTriggers(t *catalog.Desc) bool {
	if len(t.Table.ForeignKeys) > 0 || len(s.Cat.TriggersOf(t.Oid)) > 0 {
		return true
	}
	for _, o := range s.tables() {
		for _, fk := range o.Table.ForeignKeys {
			if fk.RefTable == t.Oid {
				return true
			}
		}
	}
	return false
}

// The extension every PostgreSQL 15 database has.
const (
	extPlpgsql       types.Oid = 13559
	classPgExtension types.Oid = 3079
)

func genExtension(s *Source, rs *rowSet) {
	rs.add().oid("oid", extPlpgsql).str("extname", "plpgsql").oid("extowner", catalog.OidBootstrapSuper).
		oid("extnamespace", catalog.OidPgCatalog).b("extrelocatable", false).str("extversion", "1.0")
}

// languages are pg_language's rows (PostgreSQL 15's OIDs; plpgsql's
// handler functions do not exist in tusk).
var languages = []struct {
	oid                        types.Oid
	name, desc                 string
	pl, trusted                bool
	handler, inline, validator types.Oid
}{
	{12, "internal", "built-in functions", false, false, 0, 0, 2246},
	{13, "c", "dynamically-loaded C functions", false, false, 0, 0, 2247},
	{14, "sql", "SQL-language functions", false, true, 0, 0, 2248},
	{13563, "plpgsql", "PL/pgSQL procedural language", true, true, 13560, 13561, 13562},
}

const classPgLanguage types.Oid = 2612

func genLanguage(s *Source, rs *rowSet) {
	for _, l := range languages {
		rs.add().oid("oid", l.oid).str("lanname", l.name).oid("lanowner", catalog.OidBootstrapSuper).b("lanispl", l.pl).
			b("lanpltrusted", l.trusted).oid("lanplcallfoid", l.handler).oid("laninline", l.inline).oid("lanvalidator", l.validator)
	}
}

// schemaComment returns a schema's comment; the public schema PostgreSQL
// 15 creates has one.
func schemaComment(n *catalog.Desc) string {
	text := n.Description()
	if text == "" && n.Name == "public" && schemaOwner(n) == roleDatabaseOwner {
		text = "standard public schema"
	}
	return text
}

func genShdescription(s *Source, rs *rowSet) {
	for _, d := range s.Cat.All() {
		text, class := "", types.Oid(0)
		switch d.Kind {
		case catalog.KindDatabase:
			text, class = databaseComment(d), ClassPgDatabase
		case catalog.KindRole:
			text, class = d.Description(), ClassPgAuthid
		}
		if text != "" {
			rs.add().oid("objoid", d.Oid).oid("classoid", class).str("description", text)
		}
	}
}

func genStatActivity(s *Source, rs *rowSet) {
	ts := func(t time.Time) types.Datum {
		return types.NewTimestampTZ(int64(pgdate.TimestampTZFromTime(t)))
	}
	for _, a := range s.Activity {
		row := rs.add().i("pid", int64(a.PID)).str("application_name", a.Application).str("backend_type", "client backend")
		row.strOrNull("state", a.State).strOrNull("query", a.Query)
		if db := s.Cat.Get(a.DB); db != nil {
			row.oid("datid", db.Oid).str("datname", db.Name)
		}
		if r := s.Cat.LookupRole(a.User); r != nil {
			row.oid("usesysid", r.Oid).str("usename", r.Name)
		}
		if !a.XactStart.IsZero() {
			row.set("xact_start", ts(a.XactStart))
		}
		if !a.QueryStart.IsZero() {
			row.set("query_start", ts(a.QueryStart)).set("state_change", ts(a.QueryStart))
		}
	}
}

func genOperator(s *Source, rs *rowSet) {
	oidOf := func(t *types.T) types.Oid {
		if t == nil {
			return 0
		}
		return t.Oid
	}
	for _, o := range builtins.AllOperators() {
		code := "-"
		if o.Func != nil {
			code = o.Func.Name
		}
		rs.add().oid("oid", o.Oid).str("oprname", o.Name).oid("oprnamespace", catalog.OidPgCatalog).
			oid("oprowner", catalog.OidBootstrapSuper).ch("oprkind", o.Kind).b("oprcanmerge", o.CanMerge).
			b("oprcanhash", o.CanHash).oid("oprleft", oidOf(o.Left)).oid("oprright", oidOf(o.Right)).
			oid("oprresult", oidOf(o.Result)).oid("oprcom", o.Commutator).oid("oprnegate", o.Negator).
			str("oprcode", code).str("oprrest", "-").str("oprjoin", "-")
	}
}

// stripLiterals blanks out the string literals of SQL text.
func stripLiterals(s string) string {
	b := []byte(s)
	in := false
	for i, c := range b {
		switch {
		case c == '\'':
			in = !in
		case in:
			b[i] = ' '
		}
	}
	return string(b)
}
