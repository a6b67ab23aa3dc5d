package commands

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// User-defined types: CREATE TYPE ... AS ENUM, ALTER TYPE ... ADD VALUE
// and RENAME VALUE, DROP TYPE (PostgreSQL's commands/typecmds.c and
// catalog/pg_enum.c). A type is a catalog descriptor in its schema's
// namespace, which relations share (a relation's row type has its name in
// PostgreSQL); its array type gets an OID of its own. The catalog makes
// each type known to the type system by OID (see types.RegisterUserType).

// typeSchema returns the schema a new type named by names goes to.
func typeSchema(s Session, names []*pg_query.Node) (*catalog.Desc, string, error) {
	schema, name := qualified(names)
	rv := &pg_query.RangeVar{Schemaname: schema, Relname: name, Relpersistence: "p"}
	d, err := schemaFor(s, rv)
	return d, name, err
}

// lookupType finds a user-defined type by possibly qualified name; nil
// when there is none.
func lookupType(s Session, names []*pg_query.Node) (*catalog.Desc, error) {
	schema, name := qualified(names)
	d, err := s.LookupRelation(schema, name)
	if err != nil || d == nil || d.Kind != catalog.KindType {
		return nil, err
	}
	return d, nil
}

func typeNameString(names []*pg_query.Node) string {
	var parts []string
	for _, n := range names {
		parts = append(parts, nameOf(n))
	}
	return strings.Join(parts, ".")
}

// CreateEnum executes CREATE TYPE ... AS ENUM (DefineEnum).
func CreateEnum(s Session, st *pg_query.CreateEnumStmt) (string, error) {
	ctx := s.Context()
	cat := s.Catalog()
	schema, name, err := typeSchema(s, st.TypeName)
	if err != nil {
		return "", err
	}
	if cat.LookupIn(schema.Oid, name) != nil {
		return "", pgerror.New(pgerror.DuplicateObject, `type "%s" already exists`, name)
	}
	store := cat.Store()
	oid, err := store.NewOid(ctx)
	if err != nil {
		return "", err
	}
	arr, err := store.NewOid(ctx)
	if err != nil {
		return "", err
	}
	def := &catalog.TypeDef{Kind: 'e', ArrayOid: arr}
	seen := map[string]bool{}
	for i, v := range st.Vals {
		label := nameOf(v)
		if err := checkEnumLabel(label); err != nil {
			return "", err
		}
		if seen[label] {
			return "", pgerror.New(pgerror.UniqueViolation, `duplicate key value violates unique constraint "pg_enum_typid_label_index"`).
				WithDetail("Key (enumtypid, enumlabel)=(%d, %s) already exists.", oid, label)
		}
		seen[label] = true
		lo, err := store.NewOid(ctx)
		if err != nil {
			return "", err
		}
		def.Labels = append(def.Labels, catalog.EnumLabel{Oid: lo, Label: label, Sort: float64(i + 1)})
	}
	d := &catalog.Desc{Oid: oid, Kind: catalog.KindType, Name: name, Database: s.Database(), Schema: schema.Oid, Owner: s.UserOid(), Type: def}
	if err := cat.Put(ctx, s.KV(), d); err != nil {
		return "", err
	}
	return "CREATE TYPE", nil
}

// checkEnumLabel enforces the length limit of labels (NAMEDATALEN).
func checkEnumLabel(label string) error {
	if len(label) > 63 {
		return pgerror.New(pgerror.InvalidName, `invalid enum label "%s"`, label).WithDetail("Labels must be 63 bytes or less.")
	}
	return nil
}

// AlterEnum executes ALTER TYPE ... ADD VALUE and RENAME VALUE
// (AddEnumLabel, RenameEnumLabel). A value added before or after another
// takes a sort position between its neighbours, so existing values keep
// theirs (and index keys built from them stay valid).
func AlterEnum(s Session, st *pg_query.AlterEnumStmt) (string, error) {
	ctx := s.Context()
	cat := s.Catalog()
	d, err := lookupType(s, st.TypeName)
	if err != nil {
		return "", err
	}
	if d == nil {
		return "", pgerror.New(pgerror.UndefinedObject, `type "%s" does not exist`, typeNameString(st.TypeName))
	}
	if d.Type.Kind != 'e' {
		return "", pgerror.New(pgerror.WrongObjectType, `%s is not an enum`, d.Name)
	}
	nd := *d
	nt := *d.Type
	nt.Labels = append([]catalog.EnumLabel(nil), d.Type.Labels...)
	nd.Type = &nt
	find := func(label string) int {
		for i, l := range nt.Labels {
			if l.Label == label {
				return i
			}
		}
		return -1
	}
	if st.OldVal != "" {
		i := find(st.OldVal)
		if i < 0 {
			return "", pgerror.New(pgerror.InvalidParameterValue, `"%s" is not an existing enum label`, st.OldVal)
		}
		if find(st.NewVal) >= 0 {
			return "", pgerror.New(pgerror.DuplicateObject, `enum label "%s" already exists`, st.NewVal)
		}
		if err := checkEnumLabel(st.NewVal); err != nil {
			return "", err
		}
		nt.Labels[i].Label = st.NewVal
		return "ALTER TYPE", cat.Put(ctx, s.KV(), &nd)
	}
	if find(st.NewVal) >= 0 {
		if st.SkipIfNewValExists {
			s.Notice(pgerror.Notice(pgerror.DuplicateObject, `enum label "%s" already exists, skipping`, st.NewVal))
			return "ALTER TYPE", nil
		}
		return "", pgerror.New(pgerror.DuplicateObject, `enum label "%s" already exists`, st.NewVal)
	}
	if err := checkEnumLabel(st.NewVal); err != nil {
		return "", err
	}
	lo, err := cat.Store().NewOid(ctx)
	if err != nil {
		return "", err
	}
	label := catalog.EnumLabel{Oid: lo, Label: st.NewVal}
	pos := len(nt.Labels)
	if st.NewValNeighbor != "" {
		i := find(st.NewValNeighbor)
		if i < 0 {
			return "", pgerror.New(pgerror.InvalidParameterValue, `"%s" is not an existing enum label`, st.NewValNeighbor)
		}
		pos = i
		if st.NewValIsAfter {
			pos = i + 1
		}
	}
	switch {
	case len(nt.Labels) == 0:
		label.Sort = 1
	case pos == len(nt.Labels):
		label.Sort = nt.Labels[pos-1].Sort + 1
	case pos == 0:
		label.Sort = nt.Labels[0].Sort - 1
	default:
		label.Sort = (nt.Labels[pos-1].Sort + nt.Labels[pos].Sort) / 2
	}
	nt.Labels = append(nt.Labels[:pos], append([]catalog.EnumLabel{label}, nt.Labels[pos:]...)...)
	return "ALTER TYPE", cat.Put(ctx, s.KV(), &nd)
}

// typeColumns lists the table columns of type d or of its array type, as
// dependencies for DROP TYPE.
func typeColumns(s Session, d *catalog.Desc) []dependency {
	var out []dependency
	for _, o := range s.Catalog().All() {
		if o.Kind != catalog.KindTable {
			continue
		}
		cols := o.Table.Columns
		for i := len(cols) - 1; i >= 0; i-- {
			c := cols[i]
			if c.Dropped || (c.TypeOid != d.Oid && c.TypeOid != d.Type.ArrayOid) {
				continue
			}
			out = append(out, dependency{desc: o, col: c.Name, what: fmt.Sprintf("column %s of table %s", c.Name, displayName(s, o))})
		}
	}
	return out
}

// dropTypes executes DROP TYPE: with CASCADE the columns of the type are
// dropped too, as PostgreSQL does.
func dropTypes(s Session, st *pg_query.DropStmt, cascade bool) (string, error) {
	cat := s.Catalog()
	domain := st.RemoveType == pg_query.ObjectType_OBJECT_DOMAIN
	tag := "DROP TYPE"
	if domain {
		tag = "DROP DOMAIN"
	}
	for _, obj := range st.Objects {
		tn := obj.GetTypeName()
		if tn == nil {
			return "", pgerror.New(pgerror.FeatureNotSupported, "DROP TYPE of this object is not supported")
		}
		d, err := lookupType(s, tn.Names)
		if err != nil {
			return "", err
		}
		if d == nil {
			name := typeNameString(tn.Names)
			if st.MissingOk {
				s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `type "%s" does not exist, skipping`, name))
				continue
			}
			return "", pgerror.New(pgerror.UndefinedObject, `type "%s" does not exist`, name)
		}
		if domain && d.Type.Kind != 'd' {
			return "", pgerror.New(pgerror.WrongObjectType, `"%s" is not a domain`, d.Name)
		}
		if err := checkOwner(s, d, "type"); err != nil {
			return "", err
		}
		multi, err := multirangeOfRange(s, d)
		if err != nil {
			return "", err
		}
		var deps []dependency
		if multi != nil {
			// The multirange goes first, as PostgreSQL reaches it first.
			deps = typeColumns(s, multi)
		}
		deps = append(deps, typeColumns(s, d)...)
		for _, o := range cat.All() {
			if o.Kind == catalog.KindType && o.Type != nil && o.Type.Kind == 'd' && o.Type.BaseOid == d.Oid {
				if cascade {
					return "", pgerror.New(pgerror.FeatureNotSupported, "DROP ... CASCADE of a type that domains are based on is not supported yet")
				}
				deps = append(deps, dependency{desc: o, what: "type " + displayName(s, o)})
			}
		}
		if len(deps) > 0 {
			var lines []string
			for _, dep := range deps {
				typ := displayName(s, d)
				if dep.col == "" {
					lines = append(lines, dep.what+" depends on type "+typ)
					continue
				}
				if c := columnOf(dep.desc, dep.col); c != nil && c.TypeOid == d.Type.ArrayOid {
					typ += "[]"
				} else if c != nil && multi != nil && (c.TypeOid == multi.Oid || c.TypeOid == multi.Type.ArrayOid) {
					typ = displayName(s, multi)
					if c.TypeOid == multi.Type.ArrayOid {
						typ += "[]"
					}
				}
				lines = append(lines, dep.what+" depends on type "+typ)
			}
			if !cascade {
				return "", pgerror.New(pgerror.DependentObjectsStillExist, "cannot drop type %s because other objects depend on it", displayName(s, d)).
					WithDetail("%s", strings.Join(lines, "\n")).WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
			}
			reportCascade(s, deps)
			for _, dep := range deps {
				cur := cat.Get(dep.desc.Oid)
				if cur == nil {
					continue
				}
				a := &alterer{s: s, desc: copyDesc(cur)}
				if err := a.dropColumn(dep.col, true, true); err != nil {
					return "", err
				}
			}
		}
		if err := cat.Drop(s.Context(), s.KV(), d.Oid); err != nil {
			return "", err
		}
		if multi != nil {
			if err := cat.Drop(s.Context(), s.KV(), multi.Oid); err != nil {
				return "", err
			}
		}
	}
	return tag, nil
}

func columnOf(d *catalog.Desc, name string) *catalog.Column {
	for i := range d.Table.Columns {
		if d.Table.Columns[i].Name == name && !d.Table.Columns[i].Dropped {
			return &d.Table.Columns[i]
		}
	}
	return nil
}

// reportCascade sends the notice of a DROP ... CASCADE.
func reportCascade(s Session, deps []dependency) {
	if len(deps) == 1 {
		s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, "drop cascades to %s", deps[0].what))
		return
	}
	var dl []string
	for _, dep := range deps {
		dl = append(dl, "drop cascades to "+dep.what)
	}
	s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, "drop cascades to %d other objects", len(deps)).WithDetail("%s", strings.Join(dl, "\n")))
}

// CreateDomain executes CREATE DOMAIN (DefineDomain): a base type with
// NOT NULL and CHECK constraints. A CHECK condition is kept as written,
// over VALUE, and again over $1, which is how coercions to the domain
// evaluate it.
func CreateDomain(s Session, sql string, st *pg_query.CreateDomainStmt) (string, error) {
	ctx := s.Context()
	cat := s.Catalog()
	schema, name, err := typeSchema(s, st.Domainname)
	if err != nil {
		return "", err
	}
	if cat.LookupIn(schema.Oid, name) != nil {
		return "", pgerror.New(pgerror.DuplicateObject, `type "%s" already exists`, name)
	}
	base, err := s.Analyzer(sql).ResolveTypeName(st.TypeName)
	if err != nil {
		return "", err
	}
	if !base.Supported() || base.Kind == 'p' {
		return "", pgerror.New(pgerror.DatatypeMismatch, `"%s" is not a valid base type for a domain`, base.SQLName())
	}
	store := cat.Store()
	oid, err := store.NewOid(ctx)
	if err != nil {
		return "", err
	}
	arr, err := store.NewOid(ctx)
	if err != nil {
		return "", err
	}
	def := &catalog.TypeDef{Kind: 'd', ArrayOid: arr, BaseOid: base.Oid, BaseTypmod: base.Typmod}
	sawNull, sawNotNull := false, false
	taken := map[string]bool{}
	for _, n := range st.Constraints {
		c := n.GetConstraint()
		if c == nil {
			continue
		}
		switch c.Contype {
		case pg_query.ConstrType_CONSTR_NOTNULL:
			if sawNull {
				return "", pgerror.New(pgerror.SyntaxError, "conflicting NULL/NOT NULL constraints")
			}
			sawNotNull, def.NotNull = true, true
		case pg_query.ConstrType_CONSTR_NULL:
			if sawNotNull {
				return "", pgerror.New(pgerror.SyntaxError, "conflicting NULL/NOT NULL constraints")
			}
			sawNull = true
		case pg_query.ConstrType_CONSTR_CHECK:
			text, err := deparseExpr(c.RawExpr)
			if err != nil {
				return "", err
			}
			walkMessages(c.RawExpr.ProtoReflect(), func(m protoreflect.Message) {
				if n, ok := m.Interface().(*pg_query.Node); ok {
					if cr := n.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && strings.EqualFold(nameOf(cr.Fields[0]), "value") {
						n.Node = &pg_query.Node_ParamRef{ParamRef: &pg_query.ParamRef{Number: 1, Location: cr.Location}}
					}
				}
			})
			eval, err := deparseExpr(c.RawExpr)
			if err != nil {
				return "", err
			}
			cname := c.Conname
			if cname == "" {
				cname = chooseName(name, "", "check", func(n string) bool { return taken[n] })
			}
			taken[cname] = true
			co, err := store.NewOid(ctx)
			if err != nil {
				return "", err
			}
			def.Checks = append(def.Checks, catalog.DomainCheck{Oid: co, Name: cname, Expr: text, Eval: eval})
		default:
			return "", pgerror.New(pgerror.FeatureNotSupported, "this constraint of a domain is not supported yet")
		}
	}
	d := &catalog.Desc{Oid: oid, Kind: catalog.KindType, Name: name, Database: s.Database(), Schema: schema.Oid, Owner: s.UserOid(), Type: def}
	if err := cat.Put(ctx, s.KV(), d); err != nil {
		return "", err
	}
	return "CREATE DOMAIN", nil
}

// CreateComposite executes CREATE TYPE ... AS (...) (DefineCompositeType):
// a record type with named, typed attributes.
func CreateComposite(s Session, sql string, st *pg_query.CompositeTypeStmt) (string, error) {
	ctx := s.Context()
	cat := s.Catalog()
	rv := st.Typevar
	schema, err := schemaFor(s, rv)
	if err != nil {
		return "", err
	}
	if cat.LookupIn(schema.Oid, rv.Relname) != nil {
		return "", pgerror.New(pgerror.DuplicateObject, `type "%s" already exists`, rv.Relname)
	}
	def := &catalog.TypeDef{Kind: 'c'}
	seen := map[string]bool{}
	for _, n := range st.Coldeflist {
		cd := n.GetColumnDef()
		if cd == nil {
			continue
		}
		if seen[cd.Colname] {
			return "", pgerror.New(pgerror.DuplicateColumn, `column "%s" specified more than once`, cd.Colname)
		}
		seen[cd.Colname] = true
		t, err := s.Analyzer(sql).ResolveTypeName(cd.TypeName)
		if err != nil {
			return "", err
		}
		if !t.Supported() {
			return "", pgerror.New(pgerror.FeatureNotSupported, "type %s is not supported yet", t.SQLName())
		}
		if t.Kind == 'p' {
			return "", pgerror.New(pgerror.InvalidTableDefinition, `column "%s" has pseudo-type %s`, cd.Colname, t.SQLName())
		}
		def.Fields = append(def.Fields, catalog.TypeField{Name: cd.Colname, TypeOid: t.Oid, Typmod: t.Typmod})
	}
	store := cat.Store()
	oid, err := store.NewOid(ctx)
	if err != nil {
		return "", err
	}
	if def.ArrayOid, err = store.NewOid(ctx); err != nil {
		return "", err
	}
	if def.RelOid, err = store.NewOid(ctx); err != nil {
		return "", err
	}
	d := &catalog.Desc{Oid: oid, Kind: catalog.KindType, Name: rv.Relname, Database: s.Database(), Schema: schema.Oid, Owner: s.UserOid(), Type: def}
	if err := cat.Put(ctx, s.KV(), d); err != nil {
		return "", err
	}
	return "CREATE TYPE", nil
}
