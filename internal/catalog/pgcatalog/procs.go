package pgcatalog

import (
	"strings"

	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// pg_proc's rows for user-defined functions and procedures, after the
// built-in ones, and pg_trigger's rows.

func init() {
	registerGen("pg_catalog.pg_proc", func(s *Source, rs *rowSet) {
		genProc(s, rs)
		genUserProcs(s, rs)
	})
	registerGen("pg_catalog.pg_trigger", genTrigger)
}

// langOid is pg_language's OID of a language name.
func langOid(name string) types.Oid {
	for _, l := range languages {
		if l.name == name {
			return l.oid
		}
	}
	return 0
}

func genUserProcs(s *Source, rs *rowSet) {
	inDB := map[catalog.Oid]bool{}
	for _, n := range s.schemas() {
		inDB[n.Oid] = true
	}
	for _, d := range s.Cat.AllFuncs() {
		if !inDB[d.Schema] {
			continue
		}
		f := d.Func
		row := rs.add().oid("oid", d.Oid).str("proname", d.Name).oid("pronamespace", d.Schema).
			oid("proowner", d.Owner).oid("prolang", langOid(f.Lang)).f("procost", f.Cost).f("prorows", f.Rows).
			oid("provariadic", 0).str("prosupport", "-").ch("prokind", f.Kind).b("prosecdef", f.SecDef).
			b("proleakproof", f.Leakproof).b("proisstrict", f.Strict).b("proretset", f.RetSet).ch("provolatile", f.Volatility).
			ch("proparallel", f.Parallel).i("pronargs", int64(len(f.Args))).i("pronargdefaults", int64(len(f.Defaults))).
			oid("prorettype", f.Ret).set("proargtypes", oidvector(f.Args)).str("prosrc", f.Body)
		if len(f.AllArgs) > 0 {
			row.set("proallargtypes", oids(f.AllArgs))
		}
		if f.ArgModes != "" {
			var modes []string
			for _, m := range f.ArgModes {
				modes = append(modes, string(m))
			}
			row.set("proargmodes", texts(modes))
		}
		if len(f.ArgNames) > 0 {
			row.set("proargnames", texts(f.ArgNames))
		}
		if len(f.Config) > 0 {
			row.set("proconfig", texts(f.Config))
		}
	}
}

// Trigger type bits (TRIGGER_TYPE_*).
const (
	tgRow      = 1
	tgBefore   = 2
	tgInsert   = 4
	tgDelete   = 8
	tgUpdate   = 16
	tgTruncate = 32
)

func genTrigger(s *Source, rs *rowSet) {
	for _, d := range s.tables() {
		for _, tr := range s.Cat.TriggersOf(d.Oid) {
			t := tr.Trigger
			typ := int64(0)
			if t.ForEachRow {
				typ |= tgRow
			}
			if t.Timing == "BEFORE" {
				typ |= tgBefore
			}
			if t.Insert {
				typ |= tgInsert
			}
			if t.Delete {
				typ |= tgDelete
			}
			if t.Update {
				typ |= tgUpdate
			}
			if t.Truncate {
				typ |= tgTruncate
			}
			enabled := byte('O')
			if t.Disabled {
				enabled = 'D'
			}
			rs.add().oid("oid", tr.Oid).oid("tgrelid", d.Oid).oid("tgparentid", 0).str("tgname", tr.Name).
				oid("tgfoid", t.Func).i("tgtype", typ).ch("tgenabled", enabled).b("tgisinternal", false).
				oid("tgconstrrelid", 0).oid("tgconstrindid", 0).oid("tgconstraint", 0).b("tgdeferrable", false).
				b("tginitdeferred", false).i("tgnargs", int64(len(t.Args))).str("tgargs", strings.Join(t.Args, "\x00"))
		}
	}
}

// DeparseDefault prints a routine parameter's default expression as
// pg_get_function_arguments does: coerced to the parameter's type t
// ('a'::text).
func DeparseDefault(expr string, t *types.T) string {
	return deparseExpr(expr, nil, t, false)
}
