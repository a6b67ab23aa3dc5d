package builtins

import (
	"math"
	"runtime"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/guc"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Version is the text version() returns; drivers parse its leading
// "PostgreSQL 15.x".
func Version() string {
	arch := map[string]string{"amd64": "x86_64", "arm64": "aarch64", "386": "i686"}[runtime.GOARCH]
	if arch == "" {
		arch = runtime.GOARCH
	}
	return "PostgreSQL " + guc.ServerVersion + " on " + arch + "-pc-" + runtime.GOOS + "-gnu, compiled by " + runtime.Version() + ", 64-bit"
}

func toNumeric(t *types.T, d types.Datum) (*apd.Decimal, error) {
	switch t.Family {
	case types.FamNumeric:
		return d.Numeric(), nil
	case types.FamInt:
		return numFromInt(d.Int()), nil
	case types.FamFloat:
		return types.FloatToNumeric(d.Float(), t.Width)
	}
	return nil, pgerror.New(pgerror.DatatypeMismatch, "cannot convert %s to numeric", t.SQLName())
}

func text(s string) types.Datum { return types.NewString(s) }

func init() {
	register("pgsql_version", func(Env, *Sig, []types.Datum) (types.Datum, error) {
		return text(Version()), nil
	})
	register("pg_backend_pid", func(env Env, _ *Sig, _ []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(env.BackendPID())), nil
	})
	register("show_config_by_name", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		v, err := env.Setting(a[0].Str())
		if err != nil {
			return types.Null, err
		}
		return text(v), nil
	})
	register("show_config_by_name_missing_ok", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		v, err := env.Setting(a[0].Str())
		if err != nil {
			if a[1].Bool() && pgerror.Code(err) == pgerror.UndefinedObject {
				return types.Null, nil
			}
			return types.Null, err
		}
		return text(v), nil
	})
	register("set_config_by_name", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		if a[0].IsNull() {
			return types.Null, pgerror.New(pgerror.NullValueNotAllowed, "SET requires parameter name")
		}
		value := ""
		if !a[1].IsNull() {
			value = a[1].Str()
		}
		local := !a[2].IsNull() && a[2].Bool()
		v, err := env.SetSetting(a[0].Str(), value, local)
		if err != nil {
			return types.Null, err
		}
		return text(v), nil
	})
	register("pg_sleep", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		secs := a[0].Float()
		if math.IsNaN(secs) || secs <= 0 {
			return voidValue, nil
		}
		d := time.Duration(secs * float64(time.Second))
		if secs > 1e9 {
			d = math.MaxInt64
		}
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return voidValue, nil
		case <-env.Context().Done():
			return types.Null, env.Context().Err()
		}
	})
	register("current_user", func(env Env, _ *Sig, _ []types.Datum) (types.Datum, error) {
		return text(env.CurrentUser()), nil
	})
	register("session_user", func(env Env, _ *Sig, _ []types.Datum) (types.Datum, error) {
		return text(env.SessionUser()), nil
	})
	register("current_database", func(env Env, _ *Sig, _ []types.Datum) (types.Datum, error) {
		return text(env.Database()), nil
	})
	// current_schema() is the first schema of search_path that exists, or
	// NULL; current_schemas(implicit) lists them all, with the schemas
	// searched implicitly (pg_catalog) when asked (PostgreSQL's
	// fetch_search_path).
	register("current_schema", func(env Env, _ *Sig, _ []types.Datum) (types.Datum, error) {
		s, err := schemaEnv(env)
		if err != nil {
			return types.Null, err
		}
		names := s.CurrentSchemas(false)
		if len(names) == 0 {
			return types.Null, nil
		}
		return text(names[0]), nil
	})
	register("current_schemas", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, err := schemaEnv(env)
		if err != nil {
			return types.Null, err
		}
		var elems []types.Datum
		for _, n := range s.CurrentSchemas(a[0].Bool()) {
			elems = append(elems, text(n))
		}
		return types.NewArray(types.NewArray1(types.ByOid(types.Oid(19)), elems)), nil
	})
	register("pg_typeof", func(_ Env, sig *Sig, _ []types.Datum) (types.Datum, error) {
		return types.NewInt(int64(sig.Args[0].Oid)), nil
	})
	register("textcat", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return text(a[0].Str() + a[1].Str()), nil
	})
	// text || anynonarray and anynonarray || text cast the other operand
	// to text ($1 || $2::text), which is its output function except for
	// boolean (true, not t).
	registerSQL("textanycat", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return text(a[0].Str() + anyText(env, sig.Args[1], a[1])), nil
	})
	registerSQL("anytextcat", func(env Env, sig *Sig, a []types.Datum) (types.Datum, error) {
		return text(anyText(env, sig.Args[0], a[0]) + a[1].Str()), nil
	})
}

func anyText(env Env, t *types.T, d types.Datum) string {
	if t.Oid == types.OidBool {
		if d.Bool() {
			return "true"
		}
		return "false"
	}
	return types.FormatString(t, d, env.TypeCtx())
}

// SchemaEnv is implemented by sessions that have a search_path.
type SchemaEnv interface {
	// CurrentSchemas returns the names of the existing schemas of
	// search_path in order; with implicit, pg_catalog too where it is
	// searched without being listed.
	CurrentSchemas(implicit bool) []string
}

func schemaEnv(env Env) (SchemaEnv, error) {
	s, ok := env.(SchemaEnv)
	if !ok {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "search_path is not available here")
	}
	return s, nil
}

// SequenceEnv is implemented by sessions that can use sequences.
type SequenceEnv interface {
	NextVal(seq types.Oid) (int64, error)
	CurrVal(seq types.Oid) (int64, error)
	SetVal(seq types.Oid, value int64, called bool) (int64, error)
	LastVal() (int64, error)
}

func seqEnv(env Env) (SequenceEnv, error) {
	s, ok := env.(SequenceEnv)
	if !ok {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "sequences are not available here")
	}
	return s, nil
}

func init() {
	register("nextval_oid", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, err := seqEnv(env)
		if err != nil {
			return types.Null, err
		}
		v, err := s.NextVal(types.Oid(a[0].Int()))
		return types.NewInt(v), err
	})
	register("currval_oid", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, err := seqEnv(env)
		if err != nil {
			return types.Null, err
		}
		v, err := s.CurrVal(types.Oid(a[0].Int()))
		return types.NewInt(v), err
	})
	register("setval_oid", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, err := seqEnv(env)
		if err != nil {
			return types.Null, err
		}
		v, err := s.SetVal(types.Oid(a[0].Int()), a[1].Int(), true)
		return types.NewInt(v), err
	})
	register("setval3_oid", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, err := seqEnv(env)
		if err != nil {
			return types.Null, err
		}
		v, err := s.SetVal(types.Oid(a[0].Int()), a[1].Int(), a[2].Bool())
		return types.NewInt(v), err
	})
	register("lastval", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s, err := seqEnv(env)
		if err != nil {
			return types.Null, err
		}
		v, err := s.LastVal()
		return types.NewInt(v), err
	})
}

// voidValue is what a function returning void returns: not NULL but an
// empty value, which prints as an empty string.
var voidValue = types.NewString("")
