package analyze

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Catalog is what the analyzer needs to know about the database's schema
// objects. The catalog package implements it; the analyzer owns the
// interface so that it stays small.
type Catalog interface {
	// LookupType finds a type by (possibly schema-qualified) name; nil when
	// there is none. Built-in types are found without the catalog.
	LookupType(schema, name string) *types.T
	// LookupTable finds a table or view by (possibly schema-qualified)
	// name, following search_path; nil when there is none.
	LookupTable(schema, name string) (*Table, error)
}

// Analyzer turns raw parse trees of one query string into typed queries.
// It is used for one statement at a time and is not safe for concurrent
// use.
type Analyzer struct {
	sql    string // the whole query string, for error positions
	cat    Catalog
	params *Params
	// typeCtx is used to evaluate constants at analysis time.
	typeCtx *types.Ctx
	// warnings are notices raised during analysis, for the client.
	warnings []*pgerror.Error
	// viewDepth counts nested view expansions, to stop recursion.
	viewDepth int
	// setOpLeaf is set while a set operation's leaf query is analyzed:
	// its unknown-typed output columns stay unknown, for the set
	// operation to resolve with the other inputs (transformSetOperationTree
	// skips resolveTargetListUnknowns for them).
	setOpLeaf bool
}

// Warnings returns the warnings raised while analyzing.
func (a *Analyzer) Warnings() []*pgerror.Error { return a.warnings }

// New returns an analyzer for statements of the query string sql.
// params holds the declared parameter types and receives inferred ones.
func New(sql string, cat Catalog, params *Params, typeCtx *types.Ctx) *Analyzer {
	if params == nil {
		params = NewParams(nil)
	}
	if typeCtx == nil {
		typeCtx = types.DefaultCtx
	}
	return &Analyzer{sql: sql, cat: cat, params: params, typeCtx: typeCtx}
}

// Params returns the statement's parameter types.
func (a *Analyzer) Params() *Params { return a.params }

// errorAt returns an error with the cursor at byte offset loc.
func (a *Analyzer) errorAt(loc int32, code, format string, args ...any) *pgerror.Error {
	e := pgerror.New(code, format, args...)
	if loc >= 0 {
		e.Position = parser.CharPosition(a.sql, loc)
	}
	return e
}

// withPos sets the position of err to loc when it has none.
func (a *Analyzer) withPos(err error, loc int32) error {
	pe := pgerror.Flatten(err)
	if pe.Position == 0 && loc >= 0 {
		pe.Position = parser.CharPosition(a.sql, loc)
	}
	return pe
}

// CheckParams verifies that every parameter's type was determined, as
// PostgreSQL does at the end of parse analysis (check_variable_parameters).
func (a *Analyzer) CheckParams() error {
	for i, t := range a.params.types {
		if t == nil {
			return pgerror.New(pgerror.IndeterminateDatatype, "could not determine data type of parameter $%d", i+1)
		}
	}
	return nil
}

// nameOf returns the string value of a String node.
func nameOf(n *pg_query.Node) string {
	if s := n.GetString_(); s != nil {
		return s.Sval
	}
	return ""
}

// qualifiedName splits a name list into schema and object name.
func qualifiedName(names []*pg_query.Node) (schema, name string) {
	switch len(names) {
	case 1:
		return "", nameOf(names[0])
	case 2:
		return nameOf(names[0]), nameOf(names[1])
	default:
		if len(names) >= 3 {
			return nameOf(names[len(names)-2]), nameOf(names[len(names)-1])
		}
	}
	return "", ""
}

// ResolveTypeName turns a TypeName node into a type with its typmod
// (parser/parse_type.c typenameTypeIdAndMod).
func (a *Analyzer) ResolveTypeName(tn *pg_query.TypeName) (*types.T, error) {
	schema, name := qualifiedName(tn.Names)
	if tn.PctType {
		return nil, a.errorAt(tn.Location, pgerror.FeatureNotSupported, "%%TYPE references are not supported")
	}
	var t *types.T
	if schema == "" || schema == "pg_catalog" {
		t = types.LookupName(name)
		if t != nil && (t.Kind == 'p' && !t.IsPolymorphic() && t.Oid != types.OidRecord && t.Oid != types.OidVoid && t.Oid != types.OidCstring && t.Oid != types.OidUnknown) {
			t = nil
		}
	}
	if t == nil && a.cat != nil {
		t = a.cat.LookupType(schema, name)
	}
	if t == nil {
		full := name
		if schema != "" {
			full = schema + "." + name
		}
		return nil, a.errorAt(tn.Location, pgerror.UndefinedObject, `type "%s" does not exist`, full)
	}
	typmod := int32(-1)
	if len(tn.Typmods) > 0 {
		mods := make([]int64, 0, len(tn.Typmods))
		for _, m := range tn.Typmods {
			c := m.GetAConst()
			if c == nil || c.GetIval() == nil {
				if c != nil && c.GetSval() != nil && (t.Oid == types.OidInterval) {
					continue
				}
				return nil, a.errorAt(tn.Location, pgerror.SyntaxError, "type modifiers must be simple constants or identifiers")
			}
			mods = append(mods, int64(c.GetIval().Ival))
		}
		var err error
		typmod, err = a.typmodFor(t, mods, tn)
		if err != nil {
			return nil, err
		}
	} else if tn.Typemod != -1 && tn.Typemod != 0 {
		typmod = tn.Typemod
	}
	if typmod != -1 {
		t = t.WithTypmod(typmod)
	}
	if len(tn.ArrayBounds) > 0 {
		arr := types.ArrayOf(t.Base())
		if arr == nil {
			return nil, a.errorAt(tn.Location, pgerror.UndefinedObject, `could not find array type for data type %s`, t.SQLName())
		}
		t = arr.WithTypmod(typmod)
	}
	return t, nil
}

// typmodFor computes a typmod from the modifiers written after a type name,
// with the checks of each type's typmodin function.
func (a *Analyzer) typmodFor(t *types.T, mods []int64, tn *pg_query.TypeName) (int32, error) {
	loc := tn.Location
	switch t.Oid {
	case types.OidVarchar, types.OidBPChar:
		name := "varchar"
		if t.Oid == types.OidBPChar {
			name = "char"
		}
		if len(mods) != 1 {
			return 0, a.errorAt(loc, pgerror.InvalidParameterValue, "invalid type modifier")
		}
		if mods[0] < 1 {
			return 0, a.errorAt(loc, pgerror.InvalidParameterValue, "length for type %s must be at least 1", name)
		}
		if mods[0] > 10485760 {
			return 0, a.errorAt(loc, pgerror.InvalidParameterValue, "length for type %s cannot exceed 10485760", name)
		}
		return int32(mods[0] + 4), nil
	case types.OidNumeric:
		if len(mods) > 2 {
			return 0, a.errorAt(loc, pgerror.InvalidParameterValue, "invalid NUMERIC type modifier")
		}
		p := mods[0]
		s := int64(0)
		if len(mods) == 2 {
			s = mods[1]
		}
		if p < 1 || p > 1000 {
			return 0, a.errorAt(loc, pgerror.InvalidParameterValue, "NUMERIC precision %d must be between 1 and 1000", p)
		}
		if s < -1000 || s > 1000 {
			return 0, a.errorAt(loc, pgerror.InvalidParameterValue, "NUMERIC scale %d must be between -1000 and 1000", s)
		}
		return types.NumericTypmod(int(p), int(s)), nil
	case types.OidTimestamp, types.OidTimestampTZ, types.OidTime, types.OidTimeTZ:
		if len(mods) != 1 {
			return 0, a.errorAt(loc, pgerror.InvalidParameterValue, "invalid type modifier")
		}
		p := mods[0]
		if p < 0 {
			return 0, a.errorAt(loc, pgerror.InvalidParameterValue, "%s(%d) precision must not be negative", strings.ToUpper(timeName(t)), p)
		}
		if p > 6 {
			a.warnings = append(a.warnings, pgerror.Warning(pgerror.Warning01000, "%s(%d) precision reduced to maximum allowed, 6", strings.ToUpper(timeName(t)), p))
			p = 6
		}
		return int32(p), nil
	case types.OidInterval:
		// intervaltypmodin: the grammar gives the field mask, then the
		// precision if written.
		if len(mods) == 0 || len(mods) > 2 {
			return -1, nil
		}
		prec := int64(0xFFFF)
		if len(mods) == 2 {
			if prec = mods[1]; prec < 0 {
				return 0, a.errorAt(loc, pgerror.InvalidParameterValue, "INTERVAL(%d) precision must not be negative", prec)
			} else if prec > 6 {
				a.warnings = append(a.warnings, pgerror.Warning(pgerror.Warning01000, "INTERVAL(%d) precision reduced to maximum allowed, 6", prec))
				prec = 6
			}
		}
		return int32(mods[0]<<16 | prec), nil
	case types.OidBit, types.OidVarbit:
		if len(mods) != 1 || mods[0] < 1 {
			return 0, a.errorAt(loc, pgerror.InvalidParameterValue, "length for type %s must be at least 1", t.Name)
		}
		return int32(mods[0]), nil
	}
	return 0, a.errorAt(loc, pgerror.SyntaxError, "type modifier is not allowed for type \"%s\"", t.Name)
}

func timeName(t *types.T) string {
	switch t.Oid {
	case types.OidTimestamp:
		return "timestamp"
	case types.OidTimestampTZ:
		return "timestamp with time zone"
	case types.OidTime:
		return "time"
	}
	return "time with time zone"
}

// constFromAConst types a literal as PostgreSQL's make_const does: integers
// that fit are int4, then int8, other numbers numeric, strings unknown.
func (a *Analyzer) constFromAConst(c *pg_query.A_Const) (*Const, error) {
	loc := c.Location
	if c.Isnull {
		return &Const{T: types.Unknown, Value: types.Null, Loc: loc}, nil
	}
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Ival:
		return &Const{T: types.Int4, Value: types.NewInt(int64(v.Ival.Ival)), Loc: loc}, nil
	case *pg_query.A_Const_Fval:
		s := v.Fval.Fval
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			if i >= -2147483648 && i <= 2147483647 {
				return &Const{T: types.Int4, Value: types.NewInt(i), Loc: loc}, nil
			}
			return &Const{T: types.Int8, Value: types.NewInt(i), Loc: loc}, nil
		}
		d, err := types.ParseNumeric(s)
		if err != nil {
			return nil, a.withPos(err, loc)
		}
		return &Const{T: types.Numeric, Value: types.NewNumeric(d), Loc: loc}, nil
	case *pg_query.A_Const_Sval:
		return &Const{T: types.Unknown, Value: types.NewString(v.Sval.Sval), Loc: loc}, nil
	case *pg_query.A_Const_Boolval:
		return &Const{T: types.Bool, Value: types.NewBool(v.Boolval.Boolval), Loc: loc}, nil
	case *pg_query.A_Const_Bsval:
		// B'0101' and X'1F' arrive as "b0101" and "x1F"; they are bit
		// constants of any length (make_const's T_BitString).
		bits, err := types.ParseBits(v.Bsval.Bsval)
		if err != nil {
			return nil, a.withPos(err, loc)
		}
		return &Const{T: types.ByOid(types.OidBit), Value: types.NewString(bits), Loc: loc}, nil
	}
	return nil, a.errorAt(loc, pgerror.InternalError, "unrecognized constant")
}
