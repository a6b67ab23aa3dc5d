package commands

import (
	"math"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/keywords"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/types"
)

func quoteIdent(s string) string { return keywords.Quote(s) }

// parseExprSQL parses one expression.
func parseExprSQL(text string) (*pg_query.Node, error) {
	st, err := parser.ParseOne("SELECT " + text)
	if err != nil {
		return nil, err
	}
	return st.AST.GetSelectStmt().TargetList[0].GetResTarget().Val, nil
}

// defaultSeq returns a sequence's default options for a data type.
func defaultSeq(t *types.T) *catalog.Seq {
	max := int64(math.MaxInt64)
	switch t.Oid {
	case types.OidInt2:
		max = math.MaxInt16
	case types.OidInt4:
		max = math.MaxInt32
	}
	return &catalog.Seq{TypeOid: t.Oid, Start: 1, Increment: 1, Min: 1, Max: max, Cache: 1}
}

func seqTypeBounds(oid types.Oid) (int64, int64) {
	switch oid {
	case types.OidInt2:
		return math.MinInt16, math.MaxInt16
	case types.OidInt4:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

func defInt(d *pg_query.DefElem) (int64, bool, error) {
	if d.Arg == nil {
		return 0, false, nil
	}
	if c := d.Arg.GetInteger(); c != nil {
		return int64(c.Ival), true, nil
	}
	if c := d.Arg.GetFloat(); c != nil {
		v, err := types.ParseNumeric(c.Fval)
		if err != nil {
			return 0, false, err
		}
		i, err := v.Int64()
		if err != nil {
			return 0, false, pgerror.New(pgerror.NumericValueOutOfRange, `value "%s" is out of range for type bigint`, c.Fval)
		}
		return i, true, nil
	}
	if c := d.Arg.GetAConst(); c != nil && c.GetIval() != nil {
		return int64(c.GetIval().Ival), true, nil
	}
	return 0, false, nil
}

// applySeqOptions applies CREATE/ALTER SEQUENCE options (sequence.c
// init_params). isNew applies the type-dependent defaults.
func applySeqOptions(sq *catalog.Seq, opts []*pg_query.Node, isNew bool) error {
	var minSet, maxSet, startSet, minNone, maxNone bool
	var restart *int64
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "as":
			tn := d.Arg.GetTypeName()
			t := types.LookupName(nameOf(tn.Names[len(tn.Names)-1]))
			if t == nil || (t.Oid != types.OidInt2 && t.Oid != types.OidInt4 && t.Oid != types.OidInt8) {
				return pgerror.New(pgerror.InvalidParameterValue, "sequence type must be smallint, integer, or bigint")
			}
			sq.TypeOid = t.Oid
		case "increment":
			v, _, err := defInt(d)
			if err != nil {
				return err
			}
			if v == 0 {
				return pgerror.New(pgerror.InvalidParameterValue, "INCREMENT must not be zero")
			}
			sq.Increment = v
		case "minvalue":
			v, ok, err := defInt(d)
			if err != nil {
				return err
			}
			if ok {
				sq.Min, minSet = v, true
			} else {
				minNone = true
			}
		case "maxvalue":
			v, ok, err := defInt(d)
			if err != nil {
				return err
			}
			if ok {
				sq.Max, maxSet = v, true
			} else {
				maxNone = true
			}
		case "start":
			v, _, err := defInt(d)
			if err != nil {
				return err
			}
			sq.Start, startSet = v, true
		case "restart":
			v, ok, err := defInt(d)
			if err != nil {
				return err
			}
			if !ok {
				v = sq.Start
			}
			restart = &v
		case "cache":
			v, _, err := defInt(d)
			if err != nil {
				return err
			}
			if v <= 0 {
				return pgerror.New(pgerror.InvalidParameterValue, "CACHE (%d) must be greater than zero", v)
			}
			sq.Cache = v
		case "cycle":
			sq.Cycle = d.Arg == nil || d.Arg.GetBoolean() == nil || d.Arg.GetBoolean().Boolval || (d.Arg.GetInteger() != nil && d.Arg.GetInteger().Ival != 0)
		case "owned_by", "sequence_name":
		default:
			return pgerror.New(pgerror.SyntaxError, `option "%s" not recognized`, d.Defname)
		}
	}
	lo, hi := seqTypeBounds(sq.TypeOid)
	if isNew || minNone {
		if !minSet {
			if sq.Increment > 0 {
				sq.Min = 1
			} else {
				sq.Min = lo
			}
		}
	}
	if isNew || maxNone {
		if !maxSet {
			if sq.Increment > 0 {
				sq.Max = hi
			} else {
				sq.Max = -1
			}
		}
	}
	if sq.Max > hi || sq.Max < lo {
		return pgerror.New(pgerror.InvalidParameterValue, `MAXVALUE (%d) is out of range for sequence data type %s`, sq.Max, types.ByOid(sq.TypeOid).SQLName())
	}
	if sq.Min < lo || sq.Min > hi {
		return pgerror.New(pgerror.InvalidParameterValue, `MINVALUE (%d) is out of range for sequence data type %s`, sq.Min, types.ByOid(sq.TypeOid).SQLName())
	}
	if sq.Min >= sq.Max {
		return pgerror.New(pgerror.InvalidParameterValue, "MINVALUE (%d) must be less than MAXVALUE (%d)", sq.Min, sq.Max)
	}
	if isNew && !startSet {
		if sq.Increment > 0 {
			sq.Start = sq.Min
		} else {
			sq.Start = sq.Max
		}
	}
	if sq.Start < sq.Min {
		return pgerror.New(pgerror.InvalidParameterValue, "START value (%d) cannot be less than MINVALUE (%d)", sq.Start, sq.Min)
	}
	if sq.Start > sq.Max {
		return pgerror.New(pgerror.InvalidParameterValue, "START value (%d) cannot be greater than MAXVALUE (%d)", sq.Start, sq.Max)
	}
	if restart != nil {
		if *restart < sq.Min {
			return pgerror.New(pgerror.InvalidParameterValue, "RESTART value (%d) cannot be less than MINVALUE (%d)", *restart, sq.Min)
		}
		if *restart > sq.Max {
			return pgerror.New(pgerror.InvalidParameterValue, "RESTART value (%d) cannot be greater than MAXVALUE (%d)", *restart, sq.Max)
		}
	}
	return nil
}

func restartValue(sq *catalog.Seq, opts []*pg_query.Node) (int64, bool) {
	for _, o := range opts {
		d := o.GetDefElem()
		if d != nil && d.Defname == "restart" {
			v, ok, _ := defInt(d)
			if !ok {
				v = sq.Start
			}
			return v, true
		}
	}
	return 0, false
}

// CreateSequence executes CREATE SEQUENCE.
func CreateSequence(s Session, st *pg_query.CreateSeqStmt) (string, error) {
	rv := st.Sequence
	schema, err := schemaFor(s, rv)
	if err != nil {
		return "", err
	}
	if s.Catalog().LookupIn(schema.Oid, rv.Relname) != nil {
		if st.IfNotExists {
			s.Notice(pgerror.Notice(pgerror.DuplicateTable, `relation "%s" already exists, skipping`, rv.Relname))
			return "CREATE SEQUENCE", nil
		}
		return "", pgerror.New(pgerror.DuplicateTable, `relation "%s" already exists`, rv.Relname)
	}
	sq := defaultSeq(types.Int8)
	if err := applySeqOptions(sq, st.Options, true); err != nil {
		return "", err
	}
	oid, err := s.Catalog().Store().NewOid(s.Context())
	if err != nil {
		return "", err
	}
	d := &catalog.Desc{Oid: oid, Kind: catalog.KindSequence, Name: rv.Relname, Database: s.Database(), Schema: schema.Oid, Owner: s.UserOid(), Sequence: sq}
	if err := ownedBy(s, d, st.Options); err != nil {
		return "", err
	}
	if err := s.Catalog().Put(s.Context(), s.KV(), d); err != nil {
		return "", err
	}
	return "CREATE SEQUENCE", nil
}

func ownedBy(s Session, d *catalog.Desc, opts []*pg_query.Node) error {
	for _, o := range opts {
		de := o.GetDefElem()
		if de == nil || de.Defname != "owned_by" {
			continue
		}
		items := de.Arg.GetList().GetItems()
		if len(items) == 1 && nameOf(items[0]) == "none" {
			d.Sequence.OwnedByTable, d.Sequence.OwnedByColumn = 0, 0
			continue
		}
		if len(items) < 2 {
			return pgerror.New(pgerror.SyntaxError, "invalid OWNED BY option").WithHint("Specify OWNED BY table.column or OWNED BY NONE.")
		}
		col := nameOf(items[len(items)-1])
		tbl := nameOf(items[len(items)-2])
		sch := ""
		if len(items) > 2 {
			sch = nameOf(items[len(items)-3])
		}
		t, err := s.LookupRelation(sch, tbl)
		if err != nil {
			return err
		}
		if t == nil {
			return pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, tbl)
		}
		if t.Kind != catalog.KindTable {
			return pgerror.New(pgerror.ObjectNotInPrerequisiteState, `sequence cannot be owned by relation "%s"`, tbl)
		}
		found := false
		for _, c := range t.Table.Columns {
			if c.Name == col && !c.Dropped {
				d.Sequence.OwnedByTable, d.Sequence.OwnedByColumn = t.Oid, c.Attnum
				found = true
			}
		}
		if !found {
			return pgerror.New(pgerror.UndefinedColumn, `column "%s" of relation "%s" does not exist`, col, tbl)
		}
	}
	return nil
}

// AlterSequence executes ALTER SEQUENCE.
func AlterSequence(s Session, st *pg_query.AlterSeqStmt) (string, error) {
	d, err := s.LookupRelation(st.Sequence.Schemaname, st.Sequence.Relname)
	if err != nil {
		return "", err
	}
	if d == nil {
		if st.MissingOk {
			s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `relation "%s" does not exist, skipping`, st.Sequence.Relname))
			return "ALTER SEQUENCE", nil
		}
		return "", pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, st.Sequence.Relname)
	}
	if d.Kind != catalog.KindSequence {
		return "", pgerror.New(pgerror.WrongObjectType, `"%s" is not a sequence`, d.Name)
	}
	nd := *d
	sq := *d.Sequence
	nd.Sequence = &sq
	if err := applySeqOptions(&sq, st.Options, false); err != nil {
		return "", err
	}
	if err := ownedBy(s, &nd, st.Options); err != nil {
		return "", err
	}
	if err := s.Catalog().Put(s.Context(), s.KV(), &nd); err != nil {
		return "", err
	}
	if v, ok := restartValue(&sq, st.Options); ok {
		if err := s.Catalog().Store().ResetSeq(s.Context(), &nd, v); err != nil {
			return "", err
		}
	}
	return "ALTER SEQUENCE", nil
}
