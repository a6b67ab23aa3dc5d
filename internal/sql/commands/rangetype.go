package commands

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// CreateRange executes CREATE TYPE name AS RANGE (subtype = ..., ...)
// (PostgreSQL's DefineRange): a range type over the subtype, and with it
// its multirange type, named by multirange_type_name or after the range
// ("floatrange" gives "floatmultirange", other names get "_multirange"),
// and the array types of both. The range and the multirange each get a
// descriptor, so that both are found by name; the range's holds what
// both need. subtype_opclass, collation and canonical are accepted for
// the subtype's default btree order and the C collation, which is what
// tusk compares with; a canonical function other than the built-in ones
// is not supported.
func CreateRange(s Session, sql string, st *pg_query.CreateRangeStmt) (string, error) {
	ctx := s.Context()
	cat := s.Catalog()
	schema, name, err := typeSchema(s, st.TypeName)
	if err != nil {
		return "", err
	}
	if cat.LookupIn(schema.Oid, name) != nil {
		return "", pgerror.New(pgerror.DuplicateObject, `type "%s" already exists`, name)
	}
	var subtype *types.T
	var subDiff, collation string
	var multiName []string
	seen := map[string]bool{}
	for _, p := range st.Params {
		de := p.GetDefElem()
		if de == nil {
			continue
		}
		opt := strings.ToLower(de.Defname)
		if seen[opt] {
			return "", pgerror.New(pgerror.SyntaxError, "conflicting or redundant options")
		}
		seen[opt] = true
		switch opt {
		case "subtype":
			tn := de.Arg.GetTypeName()
			if tn == nil {
				tn = &pg_query.TypeName{Names: []*pg_query.Node{pg_query.MakeStrNode(argString(de.Arg))}, Typemod: -1}
			}
			if subtype, err = s.Analyzer(sql).ResolveTypeName(tn); err != nil {
				return "", err
			}
		case "subtype_diff":
			subDiff = strings.Join(defQualifiedName(de.Arg), ".")
		case "multirange_type_name":
			multiName = defQualifiedName(de.Arg)
		case "collation":
			collation = strings.Join(defQualifiedName(de.Arg), ".")
		case "subtype_opclass":
		case "canonical":
			return "", pgerror.New(pgerror.FeatureNotSupported, "range types with a canonical function are not supported")
		default:
			return "", pgerror.New(pgerror.SyntaxError, `type attribute "%s" not recognized`, de.Defname)
		}
	}
	if subtype == nil {
		return "", pgerror.New(pgerror.SyntaxError, `type attribute "subtype" is required`)
	}
	if subtype.Kind == 'p' {
		return "", pgerror.New(pgerror.DatatypeMismatch, "range subtype cannot be %s", subtype.SQLName())
	}
	if !subtype.Supported() {
		return "", pgerror.New(pgerror.FeatureNotSupported, "type %s is not supported yet", subtype.SQLName())
	}
	if subDiff != "" {
		if err := checkSubtypeDiff(subDiff, subtype); err != nil {
			return "", err
		}
	}
	var coll catalog.Oid
	if collation != "" {
		if !subtype.IsString() {
			return "", pgerror.New(pgerror.WrongObjectType, "range collation specified but subtype does not support collation")
		}
		switch strings.TrimPrefix(collation, "pg_catalog.") {
		case "C":
			coll = 950
		case "POSIX":
			coll = 951
		case "default":
			coll = 100
		default:
			return "", pgerror.New(pgerror.UndefinedObject, `collation "%s" for encoding "UTF8" does not exist`, collation)
		}
	}
	multiSchema := schema
	mname := multirangeName(name)
	if len(multiName) > 0 {
		if multiSchema, mname, err = typeSchema(s, strNodes(multiName)); err != nil {
			return "", err
		}
	}
	if cat.LookupIn(multiSchema.Oid, mname) != nil {
		err := pgerror.New(pgerror.DuplicateObject, `type "%s" already exists`, mname)
		if len(multiName) == 0 {
			err = err.WithDetail(`Failed while creating a multirange type for type "%s".`, name).
				WithHint(`You can manually specify a multirange type name using the "multirange_type_name" attribute.`)
		}
		return "", err
	}
	store := cat.Store()
	var oids [4]catalog.Oid
	for i := range oids {
		if oids[i], err = store.NewOid(ctx); err != nil {
			return "", err
		}
	}
	r := &catalog.RangeDef{RangeOid: oids[0], RangeArrayOid: oids[1], MultiOid: oids[2], MultiArrayOid: oids[3],
		Subtype: subtype.Oid, RangeName: name, MultiName: mname, SubDiff: subDiff, Collation: coll}
	rd := &catalog.Desc{Oid: oids[0], Kind: catalog.KindType, Name: name, Database: s.Database(), Schema: schema.Oid,
		Owner: s.UserOid(), Type: &catalog.TypeDef{Kind: 'r', ArrayOid: oids[1], Range: r}}
	md := &catalog.Desc{Oid: oids[2], Kind: catalog.KindType, Name: mname, Database: s.Database(), Schema: multiSchema.Oid,
		Owner: s.UserOid(), Type: &catalog.TypeDef{Kind: 'm', ArrayOid: oids[3], Range: r}}
	if err := cat.Put(ctx, s.KV(), rd); err != nil {
		return "", err
	}
	if err := cat.Put(ctx, s.KV(), md); err != nil {
		return "", err
	}
	return "CREATE TYPE", nil
}

// multirangeName is makeMultirangeTypeName's default: the range's name
// with its first "range" replaced by "multirange", or with "_multirange"
// appended.
func multirangeName(name string) string {
	if i := strings.Index(name, "range"); i >= 0 {
		return name[:i] + "multirange" + name[i+len("range"):]
	}
	return name + "_multirange"
}

// checkSubtypeDiff checks that a subtype_diff function takes two values
// of the subtype and returns double precision (findRangeSubtypeDiffFunction).
func checkSubtypeDiff(name string, sub *types.T) error {
	fname := name
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		fname = name[i+1:]
	}
	for _, f := range builtins.FuncsByName(fname) {
		if len(f.Args) == 2 && f.Args[0].Oid == sub.Oid && f.Args[1].Oid == sub.Oid {
			if f.Ret.Oid != types.OidFloat8 {
				return pgerror.New(pgerror.InvalidObjectDefinition, "range subtype diff function %s must return type %s", name, "double precision")
			}
			return nil
		}
	}
	return pgerror.New(pgerror.UndefinedFunction, "function %s(%s, %s) does not exist", name, sub.SQLName(), sub.SQLName())
}

// defQualifiedName reads a DefElem argument that names an object, as
// defGetQualifiedName does: a type name, a list of names, or a string.
func defQualifiedName(n *pg_query.Node) []string {
	if n == nil {
		return nil
	}
	if tn := n.GetTypeName(); tn != nil {
		var out []string
		for _, x := range tn.Names {
			out = append(out, nameOf(x))
		}
		return out
	}
	if l := n.GetList(); l != nil {
		var out []string
		for _, x := range l.Items {
			out = append(out, nameOf(x))
		}
		return out
	}
	return []string{argString(n)}
}

func argString(n *pg_query.Node) string {
	if n == nil {
		return ""
	}
	if s := n.GetString_(); s != nil {
		return s.Sval
	}
	if tn := n.GetTypeName(); tn != nil && len(tn.Names) > 0 {
		return nameOf(tn.Names[len(tn.Names)-1])
	}
	return ""
}

func strNodes(names []string) []*pg_query.Node {
	out := make([]*pg_query.Node, len(names))
	for i, n := range names {
		out[i] = pg_query.MakeStrNode(n)
	}
	return out
}

// multirangeOfRange returns the multirange type that goes with range type
// d, which DROP TYPE drops along with it; nil for other types. A
// multirange type cannot be dropped by itself (its range type requires
// it, an internal dependency in PostgreSQL).
func multirangeOfRange(s Session, d *catalog.Desc) (*catalog.Desc, error) {
	if d.Type == nil || d.Type.Range == nil {
		return nil, nil
	}
	r := d.Type.Range
	if d.Type.Kind == 'm' {
		rd := s.Catalog().Get(r.RangeOid)
		rname := r.RangeName
		if rd != nil {
			rname = displayName(s, rd)
		}
		return nil, pgerror.New(pgerror.DependentObjectsStillExist, "cannot drop type %s because type %s requires it", displayName(s, d), rname).
			WithHint("You can drop type %s instead.", rname)
	}
	return s.Catalog().Get(r.MultiOid), nil
}
