package pgcatalog

import (
	"strconv"

	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// information_schema's views (PostgreSQL's
// src/backend/catalog/information_schema.sql), computed from the same
// descriptors as pg_catalog. tusk checks no privileges, so every object
// is listed, as PostgreSQL lists them to a superuser.

func init() {
	registerGen("information_schema.schemata", genSchemata)
	registerGen("information_schema.tables", genISTables)
	registerGen("information_schema.columns", genISColumns)
	registerGen("information_schema.views", genISViews)
	registerGen("information_schema.table_constraints", genTableConstraints)
	registerGen("information_schema.key_column_usage", genKeyColumnUsage)
	registerGen("information_schema.constraint_column_usage", genConstraintColumnUsage)
	registerGen("information_schema.constraint_table_usage", genConstraintTableUsage)
	registerGen("information_schema.check_constraints", genCheckConstraints)
	registerGen("information_schema.referential_constraints", genReferentialConstraints)
	registerGen("information_schema.sequences", genISSequences)
}

// dbName returns the session database's name.
func (s *Source) dbName() string {
	if d := s.Cat.Get(s.DB); d != nil {
		return d.Name
	}
	return ""
}

func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "NO"
}

func genSchemata(s *Source, rs *rowSet) {
	for _, n := range s.schemas() {
		rs.add().str("catalog_name", s.dbName()).str("schema_name", n.Name).str("schema_owner", s.UserName(schemaOwner(n)))
	}
}

func genISTables(s *Source, rs *rowSet) {
	db := s.dbName()
	for _, r := range relations {
		typ := "BASE TABLE"
		if r.Kind == 'v' {
			typ = "VIEW"
		}
		rs.add().str("table_catalog", db).str("table_schema", r.Schema).str("table_name", r.Name).str("table_type", typ).
			str("is_insertable_into", yesNo(r.Kind == 'r')).str("is_typed", "NO")
	}
	for _, d := range s.relations() {
		if s.otherTemp(d.Schema) {
			continue
		}
		typ := ""
		switch d.Kind {
		case catalog.KindTable:
			typ = "BASE TABLE"
			if d.Table.Temp {
				typ = "LOCAL TEMPORARY"
			}
		case catalog.KindView:
			typ = "VIEW"
		default:
			continue
		}
		if s.OwnTemp != 0 && d.Schema == s.OwnTemp {
			// Everything in the session's temporary schema, views too.
			typ = "LOCAL TEMPORARY"
		}
		row := rs.add().str("table_catalog", db).str("table_schema", s.schemaName(d.Schema)).str("table_name", d.Name).
			str("table_type", typ).str("is_insertable_into", yesNo(d.Kind == catalog.KindTable || viewUpdatable(d))).
			str("is_typed", "NO")
		if typ == "LOCAL TEMPORARY" {
			row.str("commit_action", "PRESERVE")
		}
	}
}

// columnInfo fills the type columns information_schema.columns shares
// with other views (data_type, lengths, precisions, udt_*).
func columnInfo(row row, db string, t *types.T) {
	base := t.Base()
	typmod := t.Typmod
	dataType := FormatTypeNoTypmod(base)
	if base.IsArray() {
		dataType = "ARRAY"
	}
	row.str("data_type", dataType).str("udt_catalog", db).str("udt_schema", "pg_catalog").str("udt_name", base.Name)
	switch base.Oid {
	case types.OidVarchar, types.OidBPChar:
		if typmod >= 4 {
			row.i("character_maximum_length", int64(typmod-4)).i("character_octet_length", int64(typmod-4)*4)
		} else {
			row.i("character_octet_length", 1073741824)
		}
	case types.OidText:
		row.i("character_octet_length", 1073741824)
	case types.OidBit, types.OidVarbit:
		// _pg_char_max_length: a bit string's length is its typmod.
		if typmod >= 0 {
			row.i("character_maximum_length", int64(typmod))
		}
	case types.OidInt2, types.OidInt4, types.OidInt8:
		row.i("numeric_precision", int64(base.Width)).i("numeric_precision_radix", 2).i("numeric_scale", 0)
	case types.OidFloat4:
		row.i("numeric_precision", 24).i("numeric_precision_radix", 2)
	case types.OidFloat8:
		row.i("numeric_precision", 53).i("numeric_precision_radix", 2)
	case types.OidNumeric:
		row.i("numeric_precision_radix", 10)
		if typmod >= 4 {
			p, sc := types.NumericTypmodParts(typmod)
			row.i("numeric_precision", int64(p)).i("numeric_scale", int64(sc))
		}
	case types.OidDate:
		row.i("datetime_precision", 0)
	case types.OidTime, types.OidTimeTZ, types.OidTimestamp, types.OidTimestampTZ, types.OidInterval:
		p := int64(6)
		if typmod >= 0 && base.Oid != types.OidInterval {
			p = int64(typmod)
		}
		row.i("datetime_precision", p)
	}
}

// FormatTypeNoTypmod is format_type(type, NULL).
func FormatTypeNoTypmod(t *types.T) string {
	if t.Oid == types.OidBPChar {
		return "character"
	}
	return t.Base().SQLName()
}

func genISColumns(s *Source, rs *rowSet) {
	db := s.dbName()
	add := func(schema, table string, num int16, c catalog.Column, def string, updatable bool, seq *catalog.Seq) {
		row := rs.add().str("table_catalog", db).str("table_schema", schema).str("table_name", table).str("column_name", c.Name).
			i("ordinal_position", int64(num)).str("is_nullable", yesNo(!c.NotNull)).str("dtd_identifier", strconv.Itoa(int(num))).
			str("is_self_referencing", "NO").str("is_identity", yesNo(c.Identity != 0)).str("identity_cycle", "NO").
			str("is_generated", "NEVER").str("is_updatable", yesNo(updatable))
		row.strOrNull("column_default", def)
		columnInfo(row, db, c.Type())
		if c.Identity != 0 {
			gen := "BY DEFAULT"
			if c.Identity == 'a' {
				gen = "ALWAYS"
			}
			row.str("identity_generation", gen)
			if seq != nil {
				row.str("identity_start", itoa(seq.Start)).str("identity_increment", itoa(seq.Increment)).
					str("identity_maximum", itoa(seq.Max)).str("identity_minimum", itoa(seq.Min)).str("identity_cycle", yesNo(seq.Cycle))
			}
		}
		if c.Generated != 0 {
			row.str("is_generated", "ALWAYS").str("generation_expression", def).set("column_default", types.Null)
		}
	}
	for _, r := range relations {
		for i, c := range r.Columns {
			add(r.Schema, r.Name, int16(i+1), catalog.Column{Name: c.Name, TypeOid: c.TypeOid, Typmod: c.Typmod, NotNull: c.NotNull},
				"", r.Kind == 'r', nil)
		}
	}
	for _, d := range s.relations() {
		if s.otherTemp(d.Schema) {
			continue
		}
		schema := s.schemaName(d.Schema)
		switch d.Kind {
		case catalog.KindTable:
			for _, c := range d.Table.Columns {
				if c.Dropped {
					continue
				}
				def := ""
				if c.Default != "" && c.Identity == 0 {
					def = s.GetExpr(adbin(c.Attnum, c.Default), d.Oid, false)
				}
				var seq *catalog.Seq
				if sd := s.Cat.Get(c.Sequence); sd != nil && c.Identity != 0 {
					seq = sd.Sequence
				}
				add(schema, d.Name, c.Attnum, c, def, true, seq)
			}
		case catalog.KindView:
			for i, c := range d.View.Columns {
				c.NotNull = false
				add(schema, d.Name, int16(i+1), c, "", viewColumnUpdatable(d, i), nil)
			}
		}
	}
}

func genISViews(s *Source, rs *rowSet) {
	db := s.dbName()
	for _, d := range s.relations() {
		if s.otherTemp(d.Schema) {
			continue
		}
		if d.Kind != catalog.KindView {
			continue
		}
		check := "NONE"
		switch d.View.CheckOption {
		case "local":
			check = "LOCAL"
		case "cascaded":
			check = "CASCADED"
		}
		up := yesNo(viewUpdatable(d))
		rs.add().str("table_catalog", db).str("table_schema", s.schemaName(d.Schema)).str("table_name", d.Name).
			str("view_definition", s.viewDef(d, false)).str("check_option", check).str("is_updatable", up).
			str("is_insertable_into", up).str("is_trigger_updatable", "NO").str("is_trigger_deletable", "NO").
			str("is_trigger_insertable_into", "NO")
	}
}

func constraintType(k byte) string {
	switch k {
	case 'p':
		return "PRIMARY KEY"
	case 'u':
		return "UNIQUE"
	case 'f':
		return "FOREIGN KEY"
	}
	return "CHECK"
}

// notNullName is the name information_schema gives a NOT NULL column
// constraint: schema OID, table OID and attnum.
func notNullName(t *catalog.Desc, attnum int16) string {
	return itoa(int64(t.Schema)) + "_" + itoa(int64(t.Oid)) + "_" + itoa(int64(attnum)) + "_not_null"
}

func genTableConstraints(s *Source, rs *rowSet) {
	db := s.dbName()
	for _, t := range s.tables() {
		schema := s.schemaName(t.Schema)
		add := func(name, typ string) row {
			return rs.add().str("constraint_catalog", db).str("constraint_schema", schema).str("constraint_name", name).
				str("table_catalog", db).str("table_schema", schema).str("table_name", t.Name).str("constraint_type", typ).
				str("is_deferrable", "NO").str("initially_deferred", "NO").str("enforced", "YES")
		}
		for _, c := range s.tableConstraints(t) {
			row := add(c.name, constraintType(c.kind))
			switch c.kind {
			case 'u':
				row.str("nulls_distinct", yesNo(!c.index.Index.NullsNotDistinct))
			case 'f':
				row.str("is_deferrable", yesNo(c.fk.Deferrable)).str("initially_deferred", yesNo(c.fk.Deferred))
			}
		}
		for _, col := range t.Table.Columns {
			if col.NotNull && !col.Dropped {
				add(notNullName(t, col.Attnum), "CHECK")
			}
		}
	}
}

func genKeyColumnUsage(s *Source, rs *rowSet) {
	db := s.dbName()
	for _, t := range s.tables() {
		schema := s.schemaName(t.Schema)
		for _, c := range s.tableConstraints(t) {
			var cols []int16
			switch c.kind {
			case 'p', 'u':
				cols = c.index.Index.Columns
			case 'f':
				cols = c.fk.Columns
			default:
				continue
			}
			for i, a := range cols {
				col := tableColumn(t, a)
				if col == nil {
					continue
				}
				row := rs.add().str("constraint_catalog", db).str("constraint_schema", schema).str("constraint_name", c.name).
					str("table_catalog", db).str("table_schema", schema).str("table_name", t.Name).str("column_name", col.Name).
					i("ordinal_position", int64(i+1))
				if c.kind == 'f' {
					row.i("position_in_unique_constraint", int64(i+1))
				}
			}
		}
	}
}

// constraintTarget returns the table and columns a constraint uses as
// information_schema's constraint_column_usage and constraint_table_usage
// see them: a foreign key uses the referenced table's columns, a check
// constraint the columns its expression reads, a key its own columns.
func (s *Source) constraintTarget(c constraint) (*catalog.Desc, []int16) {
	switch c.kind {
	case 'p', 'u':
		return c.table, c.index.Index.Columns
	case 'f':
		return s.Cat.Get(c.fk.RefTable), c.fk.RefColumns
	}
	return c.table, checkColumns(c)
}

func genConstraintColumnUsage(s *Source, rs *rowSet) {
	db := s.dbName()
	for _, t := range s.tables() {
		for _, c := range s.tableConstraints(t) {
			target, cols := s.constraintTarget(c)
			if target == nil {
				continue
			}
			for _, a := range cols {
				col := tableColumn(target, a)
				if col == nil {
					continue
				}
				rs.add().str("table_catalog", db).str("table_schema", s.schemaName(target.Schema)).str("table_name", target.Name).
					str("column_name", col.Name).str("constraint_catalog", db).str("constraint_schema", s.schemaName(t.Schema)).
					str("constraint_name", c.name)
			}
		}
	}
}

func genConstraintTableUsage(s *Source, rs *rowSet) {
	db := s.dbName()
	for _, t := range s.tables() {
		for _, c := range s.tableConstraints(t) {
			if c.kind == 'c' {
				continue
			}
			target, _ := s.constraintTarget(c)
			if target == nil {
				continue
			}
			rs.add().str("table_catalog", db).str("table_schema", s.schemaName(target.Schema)).str("table_name", target.Name).
				str("constraint_catalog", db).str("constraint_schema", s.schemaName(t.Schema)).str("constraint_name", c.name)
		}
	}
}

func genCheckConstraints(s *Source, rs *rowSet) {
	db := s.dbName()
	for _, t := range s.tables() {
		schema := s.schemaName(t.Schema)
		for _, c := range s.tableConstraints(t) {
			if c.kind == 'c' {
				def, _ := s.ConstraintDef(c.oid, false)
				clause := def[len("CHECK "):]
				rs.add().str("constraint_catalog", db).str("constraint_schema", schema).str("constraint_name", c.name).
					str("check_clause", clause)
			}
		}
		for _, col := range t.Table.Columns {
			if col.NotNull && !col.Dropped {
				rs.add().str("constraint_catalog", db).str("constraint_schema", schema).str("constraint_name", notNullName(t, col.Attnum)).
					str("check_clause", quote(col.Name)+" IS NOT NULL")
			}
		}
	}
}

func genReferentialConstraints(s *Source, rs *rowSet) {
	db := s.dbName()
	rule := map[byte]string{'a': "NO ACTION", 0: "NO ACTION", 'r': "RESTRICT", 'c': "CASCADE", 'n': "SET NULL", 'd': "SET DEFAULT"}
	for _, t := range s.tables() {
		schema := s.schemaName(t.Schema)
		for _, c := range s.tableConstraints(t) {
			if c.kind != 'f' {
				continue
			}
			match := "NONE"
			if c.fk.Match == 'f' {
				match = "FULL"
			}
			row := rs.add().str("constraint_catalog", db).str("constraint_schema", schema).str("constraint_name", c.name).
				str("match_option", match).str("update_rule", rule[c.fk.OnUpdate]).str("delete_rule", rule[c.fk.OnDelete])
			if ref := s.Cat.Get(c.fk.RefTable); ref != nil {
				for _, rc := range s.tableConstraints(ref) {
					if (rc.kind == 'p' || rc.kind == 'u') && rc.index.Oid == c.fk.RefIndex {
						row.str("unique_constraint_catalog", db).str("unique_constraint_schema", s.schemaName(ref.Schema)).
							str("unique_constraint_name", rc.name)
					}
				}
			}
		}
	}
}

func genISSequences(s *Source, rs *rowSet) {
	db := s.dbName()
	for _, d := range s.relations() {
		if d.Kind != catalog.KindSequence {
			continue
		}
		q := d.Sequence
		t := types.ByOid(seqType(q))
		rs.add().str("sequence_catalog", db).str("sequence_schema", s.schemaName(d.Schema)).str("sequence_name", d.Name).
			str("data_type", FormatTypeNoTypmod(t)).i("numeric_precision", int64(t.Width)).i("numeric_precision_radix", 2).
			i("numeric_scale", 0).str("start_value", itoa(q.Start)).str("minimum_value", itoa(q.Min)).
			str("maximum_value", itoa(q.Max)).str("increment", itoa(q.Increment)).str("cycle_option", yesNo(q.Cycle))
	}
}
