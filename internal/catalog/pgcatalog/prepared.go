package pgcatalog

import (
	"time"

	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/sql/types/pgdate"
)

// PreparedStatement describes one of the session's named prepared
// statements, as pg_prepared_statements shows it.
type PreparedStatement struct {
	Name string
	// Statement is the query string the statement came from: the Parse
	// message's, or the whole string holding the PREPARE.
	Statement  string
	Prepared   time.Time
	ParamTypes []types.Oid
	// FromSQL is set for a statement made by PREPARE, not by a Parse
	// message.
	FromSQL bool
	// GenericPlans and CustomPlans count the executions with a generic
	// and with a custom plan.
	GenericPlans, CustomPlans int64
}

func init() {
	registerGen("pg_catalog.pg_prepared_statements", genPrepared)
}

func genPrepared(s *Source, rs *rowSet) {
	regtype := types.ByOid(types.OidRegtype)
	for _, p := range s.Prepared {
		params := make([]types.Datum, len(p.ParamTypes))
		for i, o := range p.ParamTypes {
			params[i] = types.NewInt(int64(o))
		}
		rs.add().str("name", p.Name).str("statement", p.Statement).
			set("prepare_time", types.NewTimestampTZ(int64(pgdate.TimestampTZFromTime(p.Prepared)))).
			set("parameter_types", types.NewArray(types.NewArray1(regtype, params))).
			b("from_sql", p.FromSQL).i("generic_plans", p.GenericPlans).i("custom_plans", p.CustomPlans)
	}
}
