package builtins

import (
	"strings"

	"github.com/tuskdb/tusk/internal/sql/types"
)

// The describe functions for routines (pg_get_function_result,
// pg_get_function_arguments, pg_get_functiondef, pg_get_triggerdef) see
// user-defined functions and triggers through the session.

// RoutineEnv is implemented by sessions that have user-defined routines
// and triggers.
type RoutineEnv interface {
	// RoutineByOid returns a user-defined function or procedure, or nil.
	RoutineByOid(oid types.Oid) *Func
	// RoutineDef returns pg_get_functiondef's text for a user-defined
	// routine.
	RoutineDef(oid types.Oid) (string, bool)
	// TriggerDef returns pg_get_triggerdef's text.
	TriggerDef(oid types.Oid) (string, bool)
}

// funcByOid finds a built-in or user-defined function.
func funcByOid(env Env, oid types.Oid) *Func {
	if f := FuncByOid(oid); f != nil {
		return f
	}
	if re, ok := env.(RoutineEnv); ok {
		return re.RoutineByOid(oid)
	}
	return nil
}

// functionResult is pg_get_function_result's text: the result type, or
// TABLE(...) for a function with TABLE parameters.
func functionResult(f *Func) string {
	if strings.ContainsRune(f.ArgModes, 't') {
		var cols []string
		for i, m := range f.ArgModes {
			if m == 't' {
				n := ""
				if i < len(f.ArgNames) {
					n = f.ArgNames[i]
				}
				cols = append(cols, quoteIdent(n)+" "+FormatType(f.AllArgs[i], -1))
			}
		}
		return "TABLE(" + strings.Join(cols, ", ") + ")"
	}
	r := FormatType(f.Ret.Oid, -1)
	if f.RetSet {
		r = "SETOF " + r
	}
	return r
}

// functionArgumentsModes is functionArguments for a function whose
// parameters have modes (OUT, INOUT, VARIADIC, TABLE). identity leaves
// out the defaults.
func functionArgumentsModes(f *Func, withDefaults bool) string {
	var defaults []string
	if withDefaults && f.NDefaults > 0 {
		defaults = strings.Split(f.Defaults, ", ")
	}
	nin := 0
	for _, m := range f.ArgModes {
		if m == 'i' || m == 'b' || m == 'v' {
			nin++
		}
	}
	modes, all := f.ArgModes, f.AllArgs
	if modes == "" {
		all = nil
		for _, a := range f.Args {
			all = append(all, a.Oid)
		}
		modes = strings.Repeat("i", len(all))
		nin = len(all)
	}
	var parts []string
	in := 0
	for i, m := range modes {
		if m == 't' {
			continue
		}
		p := ParamModeWord(f.Kind == 'p', m)
		if i < len(f.ArgNames) && f.ArgNames[i] != "" {
			p += quoteIdent(f.ArgNames[i]) + " "
		}
		p += FormatType(all[i], -1)
		if m != 'o' {
			if j := in - (nin - f.NDefaults); withDefaults && j >= 0 && j < len(defaults) {
				p += " DEFAULT " + defaults[j]
			}
			in++
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

func quoteIdent(s string) string {
	if s == "" {
		return `""`
	}
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_' || i > 0 && r >= '0' && r <= '9') {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
	}
	return s
}

func init() {
	register("pg_get_functiondef", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		if re, ok := env.(RoutineEnv); ok {
			if s, ok := re.RoutineDef(oidArg(a[0])); ok {
				return text(s), nil
			}
		}
		return types.Null, nil
	})
}

// ParamModeWord returns the word, with a space after it, that
// pg_get_function_arguments and its siblings write before a parameter of
// mode m (pg_proc.proargmodes: i, o, b, v): none for IN, except that a
// procedure's parameters all have theirs written.
func ParamModeWord(procedure bool, m rune) string {
	switch m {
	case 'i':
		if procedure {
			return "IN "
		}
	case 'o':
		return "OUT "
	case 'b':
		return "INOUT "
	case 'v':
		return "VARIADIC "
	}
	return ""
}
