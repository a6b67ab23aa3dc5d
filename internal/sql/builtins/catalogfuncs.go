package builtins

import (
	"math"
	"strconv"
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// This file implements the catalog inquiry functions client programs call
// (psql's \d commands, drivers' metadata queries): format_type,
// pg_get_expr, pg_get_indexdef, pg_get_constraintdef, pg_get_viewdef,
// pg_table_is_visible, pg_get_userbyid, obj_description and their kin
// (PostgreSQL's utils/adt/ruleutils.c, format_type.c, acl.c, dbsize.c).
// Those that need the catalog ask the session for a CatalogInfo.

// CatalogInfo describes catalog objects as the session's transaction sees
// them. Methods report ok false for an object that does not exist.
type CatalogInfo interface {
	RelationVisible(rel types.Oid) bool
	UserName(role types.Oid) string
	// Description returns the comment of an object of the catalog named
	// catalogName ("pg_class", "pg_namespace", ...).
	Description(obj types.Oid, catalogName string, sub int32) (string, bool)
	GetExpr(expr string, rel types.Oid, pretty bool) string
	IndexDef(index types.Oid, col int, pretty bool) (string, bool)
	ConstraintDef(con types.Oid, pretty bool) (string, bool)
	ViewDef(view types.Oid, pretty bool) (string, bool)
	ViewDefByName(name string, pretty bool) (string, bool, error)
	SerialSequence(table, column string) (string, bool, error)
}

// CatalogEnv is implemented by sessions that can describe their catalog.
type CatalogEnv interface {
	CatalogInfo() (CatalogInfo, error)
}

func catalogInfo(env Env) (CatalogInfo, error) {
	ce, ok := env.(CatalogEnv)
	if !ok {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "the catalog is not available here")
	}
	return ce.CatalogInfo()
}

// withCatalog adapts a function of the catalog returning text, NULL when
// ok is false.
func withCatalog(f func(ci CatalogInfo, a []types.Datum) (string, bool, error)) Impl {
	return func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		ci, err := catalogInfo(env)
		if err != nil {
			return types.Null, err
		}
		s, ok, err := f(ci, a)
		if err != nil || !ok {
			return types.Null, err
		}
		return text(s), nil
	}
}

func oidArg(d types.Datum) types.Oid { return types.Oid(uint32(d.Int())) }

func prettyArg(a []types.Datum, i int) bool { return len(a) > i && !a[i].IsNull() && a[i].Bool() }

// FormatType returns a type's SQL name with its modifier, as format_type
// prints it.
func FormatType(o types.Oid, typmod int32) string {
	t := types.ByOid(o)
	if t == nil {
		return "???"
	}
	if typmod < 0 {
		typmod = -1
	}
	if t.Oid == types.OidBPChar && typmod == -1 {
		return "bpchar"
	}
	if t.Oid == types.OidInt2Vector || t.Oid == types.OidOidVector {
		return t.Name
	}
	return t.WithTypmod(typmod).SQLName()
}

// sizePretty renders a byte count as pg_size_pretty does: bytes, kB, MB,
// GB, TB, PB, each unit used while the value is below 10240 of it, with
// half-up rounding.
func sizePretty(size float64) string {
	units := []string{"bytes", "kB", "MB", "GB", "TB", "PB"}
	limit := 10.0 * 1024
	if math.Abs(size) < limit {
		return strconv.FormatFloat(size, 'f', 0, 64) + " bytes"
	}
	v := size
	for i := 1; i < len(units); i++ {
		// Shift by 9 bits then round the last bit, as dbsize.c does.
		half := v / 512
		rounded := math.Floor((math.Abs(half)+1)/2) * sign(half)
		if math.Abs(half) < limit*2-1 || i == len(units)-1 {
			return strconv.FormatFloat(rounded, 'f', 0, 64) + " " + units[i]
		}
		v = v / 1024
	}
	return ""
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

func init() {
	register("format_type", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		if a[0].IsNull() {
			return types.Null, nil
		}
		if a[1].IsNull() && oidArg(a[0]) == types.OidBPChar {
			// Without a typmod bpchar is "character"; with typmod -1,
			// "bpchar" (format_type_extended).
			return text("character"), nil
		}
		typmod := int32(-1)
		if !a[1].IsNull() {
			typmod = int32(a[1].Int())
		}
		return text(FormatType(oidArg(a[0]), typmod)), nil
	})
	getExpr := withCatalog(func(ci CatalogInfo, a []types.Datum) (string, bool, error) {
		return ci.GetExpr(a[0].Str(), oidArg(a[1]), prettyArg(a, 2)), true, nil
	})
	register("pg_get_expr", getExpr)
	register("pg_get_expr_ext", getExpr)
	register("pg_get_indexdef", withCatalog(func(ci CatalogInfo, a []types.Datum) (string, bool, error) {
		s, ok := ci.IndexDef(oidArg(a[0]), 0, false)
		return s, ok, nil
	}))
	register("pg_get_indexdef_ext", withCatalog(func(ci CatalogInfo, a []types.Datum) (string, bool, error) {
		s, ok := ci.IndexDef(oidArg(a[0]), int(a[1].Int()), prettyArg(a, 2))
		return s, ok, nil
	}))
	conDef := withCatalog(func(ci CatalogInfo, a []types.Datum) (string, bool, error) {
		s, ok := ci.ConstraintDef(oidArg(a[0]), prettyArg(a, 1))
		return s, ok, nil
	})
	register("pg_get_constraintdef", conDef)
	register("pg_get_constraintdef_ext", conDef)
	viewDef := withCatalog(func(ci CatalogInfo, a []types.Datum) (string, bool, error) {
		s, ok := ci.ViewDef(oidArg(a[0]), prettyArg(a, 1))
		return s, ok, nil
	})
	register("pg_get_viewdef", viewDef)
	register("pg_get_viewdef_ext", viewDef)
	register("pg_get_viewdef_wrap", viewDef)
	viewDefName := withCatalog(func(ci CatalogInfo, a []types.Datum) (string, bool, error) {
		return ci.ViewDefByName(a[0].Str(), prettyArg(a, 1))
	})
	register("pg_get_viewdef_name", viewDefName)
	register("pg_get_viewdef_name_ext", viewDefName)
	register("pg_table_is_visible", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		ci, err := catalogInfo(env)
		if err != nil {
			return types.Null, err
		}
		return types.NewBool(ci.RelationVisible(oidArg(a[0]))), nil
	})
	visible := func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		// Built-in objects live in pg_catalog, which is always searched.
		return types.NewBool(true), nil
	}
	for _, src := range []string{"pg_type_is_visible", "pg_opclass_is_visible", "pg_opfamily_is_visible", "pg_collation_is_visible",
		"pg_conversion_is_visible", "pg_ts_parser_is_visible", "pg_ts_dict_is_visible", "pg_ts_template_is_visible",
		"pg_ts_config_is_visible", "pg_operator_is_visible", "pg_statistics_obj_is_visible", "pg_function_is_visible"} {
		if _, dup := implsBySrc[src]; !dup {
			register(src, visible)
		}
	}
	register("pg_get_userbyid", withCatalog(func(ci CatalogInfo, a []types.Datum) (string, bool, error) {
		return ci.UserName(oidArg(a[0])), true, nil
	}))
	registerSQL("obj_description", withCatalog(func(ci CatalogInfo, a []types.Datum) (string, bool, error) {
		catalogName := "pg_class"
		if len(a) > 1 {
			catalogName = a[1].Str()
		} else {
			// The deprecated one-argument form finds the object in any
			// catalog; relations are what it is used for.
			catalogName = "pg_class"
		}
		s, ok := ci.Description(oidArg(a[0]), catalogName, 0)
		return s, ok, nil
	}))
	registerSQL("col_description", withCatalog(func(ci CatalogInfo, a []types.Datum) (string, bool, error) {
		s, ok := ci.Description(oidArg(a[0]), "pg_class", int32(a[1].Int()))
		return s, ok, nil
	}))
	registerSQL("shobj_description", withCatalog(func(ci CatalogInfo, a []types.Datum) (string, bool, error) {
		s, ok := ci.Description(oidArg(a[0]), a[1].Str(), 0)
		return s, ok, nil
	}))
	register("pg_get_serial_sequence", withCatalog(func(ci CatalogInfo, a []types.Datum) (string, bool, error) {
		return ci.SerialSequence(a[0].Str(), a[1].Str())
	}))
	register("PG_encoding_to_char", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		switch a[0].Int() {
		case 0:
			return text("SQL_ASCII"), nil
		case 6:
			return text("UTF8"), nil
		case 8:
			return text("LATIN1"), nil
		}
		return text(""), nil
	})
	// tusk's storage has no relation files; sizes are reported as zero.
	zero := func(Env, *Sig, []types.Datum) (types.Datum, error) { return types.NewInt(0), nil }
	register("pg_relation_size", zero)
	registerSQL("pg_relation_size", zero)
	register("pg_total_relation_size", zero)
	register("pg_table_size", zero)
	register("pg_indexes_size", zero)
	register("pg_size_pretty", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return text(sizePretty(float64(a[0].Int()))), nil
	})
	register("pg_size_pretty_numeric", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		f, err := strconv.ParseFloat(a[0].Numeric().String(), 64)
		if err != nil {
			return types.Null, err
		}
		return text(sizePretty(f)), nil
	})
	// tusk does not check privileges beyond authentication: every role
	// may do everything, as a superuser may in PostgreSQL.
	yes := func(Env, *Sig, []types.Datum) (types.Datum, error) { return types.NewBool(true), nil }
	for _, kind := range []string{"any_column", "column", "database", "foreign_data_wrapper", "function", "language",
		"schema", "sequence", "server", "table", "tablespace", "type"} {
		for _, suffix := range []string{"_id", "_id_id", "_id_name", "_name", "_name_id", "_name_name",
			"_id_attnum", "_id_id_attnum", "_id_name_attnum", "_name_attnum", "_name_id_attnum", "_name_name_attnum",
			"_id_id_name", "_id_name_name", "_name_id_name", "_name_name_name"} {
			src := "has_" + kind + "_privilege" + suffix
			if _, dup := implsBySrc[src]; !dup {
				register(src, yes)
			}
		}
	}
	for _, src := range []string{"has_parameter_privilege_id_name", "has_parameter_privilege_name", "has_parameter_privilege_name_name",
		"pg_has_role_id", "pg_has_role_id_id", "pg_has_role_id_name", "pg_has_role_name", "pg_has_role_name_id", "pg_has_role_name_name"} {
		register(src, yes)
	}
	register("pg_relation_is_publishable", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewBool(oidArg(a[0]) >= 16384), nil
	})
	register("pg_tablespace_size_oid", zero)
	register("pg_tablespace_size_name", zero)
	register("pg_database_size_name", zero)
	register("pg_database_size_oid", zero)
	register("getdatabaseencoding", func(Env, *Sig, []types.Datum) (types.Datum, error) { return text("UTF8"), nil })
	register("PG_char_to_encoding", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		switch strings.ToUpper(strings.ReplaceAll(a[0].Str(), "-", "")) {
		case "SQL_ASCII":
			return types.NewInt(0), nil
		case "UTF8", "UNICODE":
			return types.NewInt(6), nil
		case "LATIN1":
			return types.NewInt(8), nil
		}
		return types.NewInt(-1), nil
	})
	register("pg_get_function_sqlbody", func(Env, *Sig, []types.Datum) (types.Datum, error) { return types.Null, nil })
	register("pg_tablespace_location", func(Env, *Sig, []types.Datum) (types.Datum, error) { return text(""), nil })
	register("pg_get_function_result", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		f := funcByOid(env, oidArg(a[0]))
		if f == nil || f.Ret == nil {
			return types.Null, nil
		}
		if f.Kind == 'p' {
			return types.Null, nil
		}
		return text(functionResult(f)), nil
	})
	register("pg_get_function_arguments", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		f := funcByOid(env, oidArg(a[0]))
		if f == nil {
			return types.Null, nil
		}
		if FuncByOid(f.Oid) == nil {
			return text(functionArgumentsModes(f, true)), nil
		}
		return text(functionArguments(f, true)), nil
	})
	register("pg_get_function_identity_arguments", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		f := funcByOid(env, oidArg(a[0]))
		if f == nil {
			return types.Null, nil
		}
		if FuncByOid(f.Oid) == nil {
			return text(functionArgumentsModes(f, false)), nil
		}
		return text(functionArguments(f, false)), nil
	})
	null := func(Env, *Sig, []types.Datum) (types.Datum, error) { return types.Null, nil }
	register("pg_get_statisticsobjdef_columns", null)
	register("pg_get_triggerdef", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		if re, ok := env.(RoutineEnv); ok {
			if s, ok := re.TriggerDef(oidArg(a[0])); ok {
				return text(s), nil
			}
		}
		return types.Null, nil
	})
	// Views are tusk's only rewrite rules, and psql asks only for others.
	register("pg_get_ruledef", null)
	register("pg_get_ruledef_ext", null)
	register("pg_get_triggerdef_ext", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		if re, ok := env.(RoutineEnv); ok {
			if s, ok := re.TriggerDef(oidArg(a[0])); ok {
				return text(s), nil
			}
		}
		return types.Null, nil
	})
	// Only partitions have ancestors, and tusk has no partitioning.
	srfImpls["pg_partition_ancestors"] = func(Env, *Sig, []types.Datum) (SetIter, error) {
		return funcIter(func() (types.Row, bool, error) { return nil, false, nil }), nil
	}
}

// functionArguments lists a function's input arguments as
// pg_get_function_arguments does: "name type", VARIADIC marked, and with
// defaults the DEFAULT expressions of the trailing arguments.
func functionArguments(f *Func, withDefaults bool) string {
	var defaults []string
	if withDefaults && f.NDefaults > 0 {
		defaults = strings.Split(f.Defaults, ", ")
	}
	var parts []string
	for i, t := range f.Args {
		p := ""
		if f.Variadic != nil && i == len(f.Args)-1 {
			p = "VARIADIC "
		}
		if i < len(f.ArgNames) && f.ArgNames[i] != "" {
			p += f.ArgNames[i] + " "
		}
		p += FormatType(t.Oid, -1)
		if j := i - (len(f.Args) - f.NDefaults); withDefaults && j >= 0 && j < len(defaults) {
			p += " DEFAULT " + defaults[j]
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

func init() {
	// acldefault(objtype, owner) is the privileges an object of that kind
	// has before any GRANT (acl.c's acldefault): pg_dump compares each
	// object's ACL with it. tusk does not enforce privileges, so these are
	// only reported.
	register("acldefault_sql", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		ci, err := catalogInfo(env)
		if err != nil {
			return types.Null, err
		}
		o := ci.UserName(oidArg(a[1]))
		var items []string
		switch a[0].Str() {
		case "c":
		case "r":
			items = []string{o + "=arwdDxt/" + o}
		case "s":
			items = []string{o + "=rwU/" + o}
		case "d":
			items = []string{"=Tc/" + o, o + "=CTc/" + o}
		case "f":
			items = []string{"=X/" + o, o + "=X/" + o}
		case "l", "T":
			items = []string{"=U/" + o, o + "=U/" + o}
		case "L":
			items = []string{o + "=rw/" + o}
		case "n":
			items = []string{o + "=UC/" + o}
		case "F", "S":
			items = []string{o + "=U/" + o}
		case "t":
			items = []string{o + "=C/" + o}
		case "p":
			items = []string{o + "=sA/" + o}
		default:
			return types.Null, pgerror.New(pgerror.InternalError, "unrecognized object type abbreviation: %s", a[0].Str())
		}
		return ACLItems(items...), nil
	})
}

// ACLItems returns an aclitem[] of items in aclitem's text form
// ("grantee=privileges/grantor").
func ACLItems(items ...string) types.Datum {
	ds := make([]types.Datum, len(items))
	for i, x := range items {
		ds[i] = types.NewString(x)
	}
	elem := types.ByOid(types.OidAclItem)
	if elem == nil {
		elem = types.Text
	}
	return types.NewArray(types.NewArray1(elem, ds))
}

func init() {
	// pg_options_to_table(options text[]) splits "name=value" options (of
	// foreign-data wrappers, servers, ...) into rows.
	srfImpls["pg_options_to_table"] = func(env Env, _ *Sig, a []types.Datum) (SetIter, error) {
		var opts []types.Datum
		if !a[0].IsNull() {
			opts = a[0].Array().Elems
		}
		row := make(types.Row, 2)
		return funcIter(func() (types.Row, bool, error) {
			for len(opts) > 0 {
				o := opts[0]
				opts = opts[1:]
				if o.IsNull() {
					continue
				}
				name, value, ok := strings.Cut(o.Str(), "=")
				row[0] = types.NewString(name)
				row[1] = types.Null
				if ok {
					row[1] = types.NewString(value)
				}
				return row, true, nil
			}
			return nil, false, nil
		}), nil
	}
}
