package commands

import (
	"fmt"
	"sort"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/storage"
)

// dependency is an object that depends on one being dropped.
type dependency struct {
	desc *catalog.Desc // the dependent object (a view, a table owning an FK, ...)
	// fk is set when the dependent is a foreign key constraint of desc.
	fk string
	// col is set when the dependent is a column default (on a sequence).
	col  string
	what string // the description for messages
}

// dependents lists the objects that depend on d, directly.
func dependents(s Session, d *catalog.Desc) []dependency {
	cat := s.Catalog()
	var out []dependency
	if d.Kind == catalog.KindSchema {
		for _, o := range cat.InSchema(d.Oid) {
			if o.Kind == catalog.KindIndex || (o.Kind == catalog.KindSequence && o.Sequence.OwnedByTable != 0) {
				continue // they go with their tables
			}
			out = append(out, dependency{desc: o, what: relKindName(o) + " " + displayName(s, o)})
		}
		return out
	}
	for _, o := range cat.All() {
		if o.Oid == d.Oid {
			continue
		}
		switch o.Kind {
		case catalog.KindTable:
			if d.Kind == catalog.KindTable {
				for _, fk := range o.Table.ForeignKeys {
					if fk.RefTable == d.Oid {
						out = append(out, dependency{desc: o, fk: fk.Name, what: fmt.Sprintf("constraint %s on table %s", fk.Name, displayName(s, o))})
					}
				}
			}
			if d.Kind == catalog.KindSequence {
				for _, c := range o.Table.Columns {
					if c.Dropped || c.Sequence == d.Oid {
						continue
					}
					if strings.Contains(c.Default, "nextval('"+quoteIdent(d.Name)+"'") || strings.Contains(c.Default, "."+quoteIdent(d.Name)+"'") {
						out = append(out, dependency{desc: o, col: c.Name, what: fmt.Sprintf("default value for column %s of table %s", c.Name, displayName(s, o))})
					}
				}
			}
		case catalog.KindView:
			for _, dep := range o.View.Deps {
				if dep == d.Oid {
					out = append(out, dependency{desc: o, what: fmt.Sprintf("view %s", displayName(s, o))})
					break
				}
			}
		}
	}
	return out
}

// allDependents lists the objects that depend on d, transitively and
// depth first, as PostgreSQL's findDependentObjects reports them: lines
// are the "X depends on Y" lines of the error's DETAIL; what names d.
func allDependents(s Session, direct []dependency, what string, seen map[catalog.Oid]bool) (lines []string, deps []dependency) {
	for _, dep := range direct {
		whole := dep.fk == "" && dep.col == ""
		if whole {
			if seen[dep.desc.Oid] {
				continue
			}
			seen[dep.desc.Oid] = true
		}
		lines = append(lines, dep.what+" depends on "+what)
		deps = append(deps, dep)
		if whole {
			l, d := allDependents(s, dependents(s, dep.desc), dep.what, seen)
			lines = append(lines, l...)
			deps = append(deps, d...)
		}
	}
	return lines, deps
}

// checkDeps reports direct dependents (and theirs) of the object named
// what: an error without cascade, a notice with it.
func checkDeps(s Session, direct []dependency, what string, self catalog.Oid, cascade bool) ([]dependency, error) {
	if len(direct) == 0 {
		return nil, nil
	}
	lines, deps := allDependents(s, direct, what, map[catalog.Oid]bool{self: true})
	if !cascade {
		return nil, pgerror.New(pgerror.DependentObjectsStillExist, "cannot drop %s because other objects depend on it", what).
			WithDetail("%s", strings.Join(lines, "\n")).WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	if len(deps) == 1 {
		s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, "drop cascades to %s", deps[0].what))
	} else {
		var dl []string
		for _, dep := range deps {
			dl = append(dl, "drop cascades to "+dep.what)
		}
		s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, "drop cascades to %d other objects", len(deps)).WithDetail("%s", strings.Join(dl, "\n")))
	}
	return deps, nil
}

// dropDependents removes dependents found by checkDeps, the last found
// (the most indirect) first.
func dropDependents(s Session, deps []dependency) error {
	for i := len(deps) - 1; i >= 0; i-- {
		if err := dropDependent(s, deps[i]); err != nil {
			return err
		}
	}
	return nil
}

// dropDependent removes one dependent object.
func dropDependent(s Session, dep dependency) error {
	cat := s.Catalog()
	cur := cat.Get(dep.desc.Oid)
	if cur == nil {
		return nil
	}
	switch {
	case dep.fk != "":
		nd := *cur
		nt := *cur.Table
		nt.ForeignKeys = nil
		for _, fk := range cur.Table.ForeignKeys {
			if fk.Name != dep.fk {
				nt.ForeignKeys = append(nt.ForeignKeys, fk)
			}
		}
		nd.Table = &nt
		return cat.Put(s.Context(), s.KV(), &nd)
	case dep.col != "":
		nd := *cur
		nt := *cur.Table
		nt.Columns = append([]catalog.Column(nil), cur.Table.Columns...)
		for i := range nt.Columns {
			if nt.Columns[i].Name == dep.col {
				nt.Columns[i].Default = ""
			}
		}
		nd.Table = &nt
		return cat.Put(s.Context(), s.KV(), &nd)
	}
	return removeObject(s, cur)
}

// removeObject removes a relation and what belongs to it (its rows,
// indexes and owned sequences), once its dependents are gone.
func removeObject(s Session, d *catalog.Desc) error {
	cat := s.Catalog()
	ctx := s.Context()
	kv := s.KV()
	switch d.Kind {
	case catalog.KindTable:
		if err := storage.Truncate(ctx, kv, d.Oid); err != nil {
			return err
		}
		for _, io := range d.Table.Indexes {
			if err := cat.Drop(ctx, kv, io); err != nil {
				return err
			}
		}
		for _, c := range d.Table.Columns {
			if c.Sequence != 0 {
				if err := cat.Drop(ctx, kv, c.Sequence); err != nil {
					return err
				}
			}
		}
		for _, tr := range cat.TriggersOf(d.Oid) {
			if err := cat.Drop(ctx, kv, tr.Oid); err != nil {
				return err
			}
		}
		// Sequences OWNED BY a column of the table.
		for _, o := range cat.All() {
			if o.Kind == catalog.KindSequence && o.Sequence.OwnedByTable == d.Oid {
				if err := cat.Drop(ctx, kv, o.Oid); err != nil {
					return err
				}
			}
		}
	case catalog.KindIndex:
		if err := storage.DropIndexEntries(ctx, kv, d.Index.Table, d.Oid); err != nil {
			return err
		}
		if t := cat.Get(d.Index.Table); t != nil {
			nd := *t
			nt := *t.Table
			nt.Indexes = nil
			for _, io := range t.Table.Indexes {
				if io != d.Oid {
					nt.Indexes = append(nt.Indexes, io)
				}
			}
			nd.Table = &nt
			if err := cat.Put(ctx, kv, &nd); err != nil {
				return err
			}
		}
	}
	return cat.Drop(ctx, kv, d.Oid)
}

// Drop executes DROP TABLE, VIEW, SEQUENCE, INDEX and SCHEMA.
func Drop(s Session, st *pg_query.DropStmt) (string, error) {
	cascade := st.Behavior == pg_query.DropBehavior_DROP_CASCADE
	var want catalog.Kind
	var kindName, tag string
	switch st.RemoveType {
	case pg_query.ObjectType_OBJECT_TABLE:
		want, kindName, tag = catalog.KindTable, "table", "DROP TABLE"
	case pg_query.ObjectType_OBJECT_VIEW:
		want, kindName, tag = catalog.KindView, "view", "DROP VIEW"
	case pg_query.ObjectType_OBJECT_SEQUENCE:
		want, kindName, tag = catalog.KindSequence, "sequence", "DROP SEQUENCE"
	case pg_query.ObjectType_OBJECT_INDEX:
		want, kindName, tag = catalog.KindIndex, "index", "DROP INDEX"
	case pg_query.ObjectType_OBJECT_SCHEMA:
		return dropSchemas(s, st, cascade)
	case pg_query.ObjectType_OBJECT_TYPE, pg_query.ObjectType_OBJECT_DOMAIN:
		return dropTypes(s, st, cascade)
	default:
		return "", pgerror.New(pgerror.FeatureNotSupported, "DROP %s is not supported", strings.TrimPrefix(st.RemoveType.String(), "OBJECT_"))
	}
	var targets []*catalog.Desc
	for _, obj := range st.Objects {
		items := obj.GetList().GetItems()
		schema, name := qualified(items)
		d, err := s.LookupRelation(schema, name)
		if d != nil && d.Kind == catalog.KindType {
			d = nil // a type, not a relation
		}
		if err != nil {
			if st.MissingOk && pgerror.Flatten(err).Code == pgerror.InvalidSchemaName {
				s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `schema "%s" does not exist, skipping`, schema))
				continue
			}
			return "", err
		}
		if d == nil {
			if st.MissingOk {
				s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `%s "%s" does not exist, skipping`, kindName, name))
				continue
			}
			// DropErrorMsgNonExistent: a missing index is 42704, a
			// missing table, view or sequence 42P01.
			code := pgerror.UndefinedTable
			if want == catalog.KindIndex {
				code = pgerror.UndefinedObject
			}
			return "", pgerror.New(code, `%s "%s" does not exist`, kindName, name)
		}
		if d.Kind != want {
			e := pgerror.New(pgerror.WrongObjectType, `"%s" is not a %s`, name, kindName)
			switch d.Kind {
			case catalog.KindView:
				e = e.WithHint("Use DROP VIEW to remove a view.")
			case catalog.KindTable:
				e = e.WithHint("Use DROP TABLE to remove a table.")
			case catalog.KindSequence:
				e = e.WithHint("Use DROP SEQUENCE to remove a sequence.")
			case catalog.KindIndex:
				e = e.WithHint("Use DROP INDEX to remove an index.")
			}
			return "", e
		}
		if err := checkOwner(s, d, ""); err != nil {
			return "", err
		}
		if d.Kind == catalog.KindIndex && d.Index.ConstraintName != "" {
			t := s.Catalog().Get(d.Index.Table)
			tname := ""
			if t != nil {
				tname = t.Name
			}
			return "", pgerror.New(pgerror.DependentObjectsStillExist, "cannot drop index %s because constraint %s on table %s requires it", d.Name, d.Index.ConstraintName, tname).
				WithHint("You can drop constraint %s on table %s instead.", d.Index.ConstraintName, tname)
		}
		if d.Kind == catalog.KindSequence && d.Sequence.OwnedByTable != 0 && d.Sequence.Identity {
			return "", pgerror.New(pgerror.DependentObjectsStillExist, "cannot drop sequence %s because column of table requires it", d.Name)
		}
		targets = append(targets, d)
	}
	if err := dropObjects(s, targets, cascade); err != nil {
		return "", err
	}
	return tag, nil
}

// dropObjects drops the objects one DROP statement names, with their
// dependents when cascade is set, reporting the dependents once for the
// whole statement (performMultipleDeletions).
func dropObjects(s Session, targets []*catalog.Desc, cascade bool) error {
	sort.Slice(targets, func(i, j int) bool { return targets[i].Oid < targets[j].Oid })
	seen := map[catalog.Oid]bool{}
	for _, d := range targets {
		seen[d.Oid] = true
	}
	var lines []string
	var deps []dependency
	for _, d := range targets {
		l, dd := allDependents(s, dependents(s, d), relKindName(d)+" "+displayName(s, d), seen)
		lines = append(lines, l...)
		deps = append(deps, dd...)
	}
	if len(deps) > 0 {
		if !cascade {
			msg := "cannot drop desired object(s) because other objects depend on them"
			if len(targets) == 1 {
				msg = fmt.Sprintf("cannot drop %s %s because other objects depend on it", relKindName(targets[0]), displayName(s, targets[0]))
			}
			return pgerror.New(pgerror.DependentObjectsStillExist, "%s", msg).
				WithDetail("%s", strings.Join(lines, "\n")).WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
		}
		if len(deps) == 1 {
			s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, "drop cascades to %s", deps[0].what))
		} else {
			var dl []string
			for _, dep := range deps {
				dl = append(dl, "drop cascades to "+dep.what)
			}
			s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, "drop cascades to %d other objects", len(deps)).WithDetail("%s", strings.Join(dl, "\n")))
		}
		if err := dropDependents(s, deps); err != nil {
			return err
		}
	}
	for _, d := range targets {
		if cur := s.Catalog().Get(d.Oid); cur != nil {
			if err := removeObject(s, cur); err != nil {
				return err
			}
		}
	}
	return nil
}

func dropSchemas(s Session, st *pg_query.DropStmt, cascade bool) (string, error) {
	cat := s.Catalog()
	for _, obj := range st.Objects {
		name := nameOf(obj)
		d := cat.LookupSchema(s.Database(), name)
		if d == nil {
			if st.MissingOk {
				s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `schema "%s" does not exist, skipping`, name))
				continue
			}
			return "", pgerror.New(pgerror.InvalidSchemaName, `schema "%s" does not exist`, name)
		}
		if d.Database == 0 {
			return "", pgerror.New(pgerror.DependentObjectsStillExist, "cannot drop schema %s because it is required by the database system", name)
		}
		objs := cat.InSchema(d.Oid)
		var rels []*catalog.Desc
		for _, o := range objs {
			if o.Kind == catalog.KindIndex {
				continue // indexes go with their tables
			}
			if o.Kind == catalog.KindSequence && o.Sequence.OwnedByTable != 0 {
				continue
			}
			rels = append(rels, o)
		}
		if len(rels) > 0 {
			// The schema's objects, each followed by the objects outside
			// the schema that depend on it.
			seen := map[catalog.Oid]bool{d.Oid: true}
			for _, o := range rels {
				seen[o.Oid] = true
			}
			var lines []string
			var deps []dependency
			for _, o := range rels {
				what := relKindName(o) + " " + displayName(s, o)
				lines = append(lines, what+" depends on schema "+name)
				deps = append(deps, dependency{desc: o, what: what})
				l, dd := allDependents(s, dependents(s, o), what, seen)
				lines = append(lines, l...)
				deps = append(deps, dd...)
			}
			if !cascade {
				return "", pgerror.New(pgerror.DependentObjectsStillExist, "cannot drop schema %s because other objects depend on it", name).
					WithDetail("%s", strings.Join(lines, "\n")).WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
			}
			if len(deps) == 1 {
				s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, "drop cascades to %s", deps[0].what))
			} else {
				var dl []string
				for _, dep := range deps {
					dl = append(dl, "drop cascades to "+dep.what)
				}
				s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, "drop cascades to %d other objects", len(deps)).WithDetail("%s", strings.Join(dl, "\n")))
			}
			if err := dropDependents(s, deps); err != nil {
				return "", err
			}
		}
		if err := cat.Drop(s.Context(), s.KV(), d.Oid); err != nil {
			return "", err
		}
	}
	return "DROP SCHEMA", nil
}

// Truncate executes TRUNCATE.
func Truncate(s Session, st *pg_query.TruncateStmt) (string, error) {
	var tables []*catalog.Desc
	for _, r := range st.Relations {
		rv := r.GetRangeVar()
		d, err := s.LookupRelation(rv.Schemaname, rv.Relname)
		if err != nil {
			return "", err
		}
		if d == nil {
			return "", pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, rv.Relname)
		}
		if d.Kind != catalog.KindTable {
			return "", pgerror.New(pgerror.WrongObjectType, `"%s" is not a table`, rv.Relname)
		}
		tables = append(tables, d)
	}
	cascade := st.Behavior == pg_query.DropBehavior_DROP_CASCADE
	// Tables referencing the truncated ones must be truncated too.
	in := map[catalog.Oid]bool{}
	for _, t := range tables {
		in[t.Oid] = true
	}
	for i := 0; i < len(tables); i++ {
		for _, o := range s.Catalog().All() {
			if o.Kind != catalog.KindTable || in[o.Oid] {
				continue
			}
			for _, fk := range o.Table.ForeignKeys {
				if fk.RefTable == tables[i].Oid {
					if !cascade {
						return "", pgerror.New(pgerror.FeatureNotSupported, "cannot truncate a table referenced in a foreign key constraint").
							WithDetail(`Table "%s" references "%s".`, o.Name, tables[i].Name).
							WithHint(`Truncate table "%s" at the same time, or use TRUNCATE ... CASCADE.`, o.Name)
					}
					s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `truncate cascades to table "%s"`, o.Name))
					in[o.Oid] = true
					tables = append(tables, o)
					break
				}
			}
		}
	}
	for _, t := range tables {
		if err := storage.Truncate(s.Context(), s.KV(), t.Oid); err != nil {
			return "", err
		}
		if st.RestartSeqs {
			for _, c := range t.Table.Columns {
				if c.Sequence != 0 {
					if sd := s.Catalog().Get(c.Sequence); sd != nil {
						if err := s.Catalog().Store().ResetSeq(s.Context(), sd, sd.Sequence.Start); err != nil {
							return "", err
						}
					}
				}
			}
		}
	}
	return "TRUNCATE TABLE", nil
}

// displayName names a relation as PostgreSQL's object descriptions do:
// qualified with its schema unless the search path finds it by its bare
// name.
func displayName(s Session, d *catalog.Desc) string {
	if v, err := s.LookupRelation("", d.Name); err == nil && v != nil && v.Oid == d.Oid {
		return quoteIdent(d.Name)
	}
	schema := ""
	if sd := s.Catalog().Get(d.Schema); sd != nil {
		schema = quoteIdent(sd.Name) + "."
	}
	return schema + quoteIdent(d.Name)
}
