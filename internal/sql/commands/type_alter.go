package commands

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// ALTER TYPE ... ADD, DROP and ALTER ATTRIBUTE on a composite type
// (PostgreSQL's ATExecAddColumn and friends on a relkind 'c' relation).
// The attributes are the type descriptor's Fields. A type whose values
// may be stored (a table column of the type or of its array type) cannot
// change, as in PostgreSQL for ALTER ATTRIBUTE ... TYPE; PostgreSQL lets
// ADD and DROP ATTRIBUTE through, but tusk stores composite values with
// their attributes, so it refuses those too, and also when another
// composite type or a domain is built on the type. A dropped attribute
// leaves no dropped pg_attribute row behind: the later ones move up.

// alterCompositeType executes an ALTER TYPE whose subcommands are ALTER
// TABLE's.
func alterCompositeType(s Session, sql string, st *pg_query.AlterTableStmt) (string, error) {
	const tag = "ALTER TYPE"
	rv := st.Relation
	d, err := s.LookupRelation(rv.Schemaname, rv.Relname)
	if err != nil {
		return "", err
	}
	if d == nil {
		return "", pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, rv.Relname)
	}
	if d.Kind == catalog.KindType && (d.Type == nil || d.Type.Kind != 'c') {
		// Only composite types have a pg_class entry to find.
		return "", pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, rv.Relname)
	}
	if d.Kind != catalog.KindType {
		return "", pgerror.New(pgerror.WrongObjectType, `"%s" is not a composite type`, d.Name)
	}
	if err := checkOwner(s, d, "type"); err != nil {
		return "", err
	}
	if err := checkCompositeUnused(s, d); err != nil {
		return "", err
	}
	nd := *d
	def := *d.Type
	def.Fields = append([]catalog.TypeField(nil), d.Type.Fields...)
	nd.Type = &def
	field := func(name string) int {
		for i, f := range def.Fields {
			if f.Name == name {
				return i
			}
		}
		return -1
	}
	noAttr := func(name string) error {
		return pgerror.New(pgerror.UndefinedColumn, `column "%s" of relation "%s" does not exist`, name, d.Name)
	}
	for _, c := range st.Cmds {
		cmd := c.GetAlterTableCmd()
		switch cmd.Subtype {
		case pg_query.AlterTableType_AT_AddColumn:
			cd := cmd.Def.GetColumnDef()
			if field(cd.Colname) >= 0 {
				return "", pgerror.New(pgerror.DuplicateColumn, `column "%s" of relation "%s" already exists`, cd.Colname, d.Name)
			}
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
			if t.Oid == d.Oid {
				return "", pgerror.New(pgerror.InvalidTableDefinition, "composite type %s cannot be made a member of itself", d.Name)
			}
			def.Fields = append(def.Fields, catalog.TypeField{Name: cd.Colname, TypeOid: t.Oid, Typmod: t.Typmod})
		case pg_query.AlterTableType_AT_DropColumn:
			i := field(cmd.Name)
			if i < 0 {
				if cmd.MissingOk {
					s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `column "%s" of relation "%s" does not exist, skipping`, cmd.Name, d.Name))
					continue
				}
				return "", noAttr(cmd.Name)
			}
			def.Fields = append(def.Fields[:i], def.Fields[i+1:]...)
		case pg_query.AlterTableType_AT_AlterColumnType:
			i := field(cmd.Name)
			if i < 0 {
				return "", noAttr(cmd.Name)
			}
			t, err := s.Analyzer(sql).ResolveTypeName(cmd.Def.GetColumnDef().TypeName)
			if err != nil {
				return "", err
			}
			if !t.Supported() {
				return "", pgerror.New(pgerror.FeatureNotSupported, "type %s is not supported yet", t.SQLName())
			}
			if t.Oid == d.Oid {
				return "", pgerror.New(pgerror.InvalidTableDefinition, "composite type %s cannot be made a member of itself", d.Name)
			}
			def.Fields[i].TypeOid, def.Fields[i].Typmod = t.Oid, t.Typmod
		case pg_query.AlterTableType_AT_ChangeOwner:
			r, err := roleSpec(s, cmd.Newowner)
			if err != nil {
				return "", err
			}
			nd.Owner = r.Oid
		default:
			return "", pgerror.New(pgerror.FeatureNotSupported, "this form of ALTER TYPE is not supported yet")
		}
	}
	if err := s.Catalog().Put(s.Context(), s.KV(), &nd); err != nil {
		return "", err
	}
	return tag, nil
}

// checkCompositeUnused fails when values of composite type d may be
// stored: a column of a table (or view) has it or its array type
// (find_composite_type_dependencies), or another composite type is built
// on it.
func checkCompositeUnused(s Session, d *catalog.Desc) error {
	uses := func(o catalog.Oid) bool { return o == d.Oid || (o != 0 && o == d.Type.ArrayOid) }
	for _, o := range s.Catalog().All() {
		if o.Table != nil && o.Kind == catalog.KindTable {
			for _, c := range o.Table.Columns {
				if !c.Dropped && uses(c.TypeOid) {
					return pgerror.New(pgerror.FeatureNotSupported, `cannot alter type "%s" because column "%s.%s" uses it`, d.Name, o.Name, c.Name)
				}
			}
		}
		if o.Kind == catalog.KindType && o.Type != nil && o.Oid != d.Oid {
			if o.Type.Kind == 'd' && uses(o.Type.BaseOid) {
				return pgerror.New(pgerror.FeatureNotSupported, `cannot alter type "%s" because type "%s" uses it`, d.Name, o.Name)
			}
			if o.Type.Kind == 'c' {
				for _, f := range o.Type.Fields {
					if uses(f.TypeOid) {
						return pgerror.New(pgerror.FeatureNotSupported, `cannot alter type "%s" because column "%s.%s" uses it`, d.Name, o.Name, f.Name)
					}
				}
			}
		}
	}
	return nil
}

// checkRowTypeUnused fails when ALTER TABLE would change the attributes of
// table d's row type (catalog/rowtype.go) while a column stores values of
// it: stored composite values hold their attributes. PostgreSQL refuses
// this for ALTER COLUMN TYPE and lets ADD and DROP COLUMN through.
func checkRowTypeUnused(s Session, d *catalog.Desc, cmds []*pg_query.Node) error {
	if d.Kind != catalog.KindTable {
		return nil
	}
	changes := false
	for _, c := range cmds {
		switch c.GetAlterTableCmd().GetSubtype() {
		case pg_query.AlterTableType_AT_AddColumn, pg_query.AlterTableType_AT_DropColumn, pg_query.AlterTableType_AT_AlterColumnType:
			changes = true
		}
	}
	if !changes {
		return nil
	}
	for _, o := range s.Catalog().All() {
		if o.Table == nil || o.Kind != catalog.KindTable {
			continue
		}
		for _, c := range o.Table.Columns {
			if !c.Dropped && c.TypeOid == d.Oid {
				return pgerror.New(pgerror.FeatureNotSupported, `cannot alter table "%s" because column "%s.%s" uses its row type`, d.Name, o.Name, c.Name)
			}
		}
	}
	return nil
}
