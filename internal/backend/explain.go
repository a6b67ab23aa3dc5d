package backend

import (
	"strings"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/exec"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/planner"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// This file runs EXPLAIN (PostgreSQL's commands/explain.c ExplainQuery):
// the statement is analyzed and planned as it would be to run, and the
// plan is printed by plan.Explain. With ANALYZE the statement runs, with
// every operator measured, and its effects stay, as in PostgreSQL.

// explainOptions parses EXPLAIN's option list (ExplainQuery's checks and
// messages).
func explainOptions(es *pg_query.ExplainStmt) (plan.ExplainOptions, error) {
	o := plan.ExplainOptions{Costs: true}
	timingSet, summarySet := false, false
	for _, n := range es.Options {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		name := strings.ToLower(d.Defname)
		if name == "format" {
			v := strings.ToLower(defString(d.Arg))
			switch v {
			case "text":
				o.JSON, o.YAML, o.XML = false, false, false
			case "json":
				o.JSON, o.YAML, o.XML = true, false, false
			case "yaml":
				o.JSON, o.YAML, o.XML = false, true, false
			case "xml":
				o.JSON, o.YAML, o.XML = false, false, true
			default:
				return o, pgerror.New(pgerror.InvalidParameterValue, `unrecognized value for EXPLAIN option "format": "%s"`, v)
			}
			continue
		}
		v, ok := defBool(d.Arg)
		if !ok {
			return o, pgerror.New(pgerror.SyntaxError, "%s requires a Boolean value", name)
		}
		switch name {
		case "analyze":
			o.Analyze = v
		case "verbose":
			o.Verbose = v
		case "costs":
			o.Costs = v
		case "timing":
			o.Timing, timingSet = v, true
		case "summary":
			o.Summary, summarySet = v, true
		case "buffers", "settings", "wal":
			// Accepted; tusk has no buffer or WAL counters to show.
		default:
			return o, pgerror.New(pgerror.SyntaxError, `unrecognized EXPLAIN option "%s"`, d.Defname)
		}
	}
	if !timingSet {
		o.Timing = o.Analyze
	}
	if !summarySet {
		o.Summary = o.Analyze
	}
	if o.Timing && !o.Analyze {
		return o, pgerror.New(pgerror.InvalidParameterValue, "EXPLAIN option TIMING requires ANALYZE")
	}
	return o, nil
}

// defString returns a DefElem argument as text (defGetString).
func defString(n *pg_query.Node) string {
	if n == nil {
		return ""
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_String_:
		return v.String_.Sval
	case *pg_query.Node_Integer:
		return itoa(int64(v.Integer.Ival))
	case *pg_query.Node_Boolean:
		return boolSetting(v.Boolean.Boolval)
	case *pg_query.Node_TypeName:
		if len(v.TypeName.Names) > 0 {
			return v.TypeName.Names[len(v.TypeName.Names)-1].GetString_().GetSval()
		}
	}
	return ""
}

// defBool returns a DefElem argument as a Boolean (defGetBoolean): no
// argument means true.
func defBool(n *pg_query.Node) (bool, bool) {
	if n == nil {
		return true, true
	}
	if i := n.GetInteger(); i != nil {
		switch i.Ival {
		case 0:
			return false, true
		case 1:
			return true, true
		}
		return false, false
	}
	if b := n.GetBoolean(); b != nil {
		return b.Boolval, true
	}
	switch strings.ToLower(defString(n)) {
	case "true", "on":
		return true, true
	case "false", "off":
		return false, true
	}
	return false, false
}

// explainColumns describes EXPLAIN's result: one column "QUERY PLAN",
// json for FORMAT JSON.
func explainColumns(es *pg_query.ExplainStmt) []pgwire.Column {
	t := types.Text
	if o, err := explainOptions(es); err == nil && o.JSON {
		t = types.JSON
	} else if err == nil && o.XML {
		if x := types.ByOid(types.OidXML); x != nil {
			t = x
		}
	}
	return []pgwire.Column{{Name: "QUERY PLAN", T: t}}
}

// explainParams analyzes EXPLAIN's statement at Parse to learn the types
// of its parameters.
func (b *Backend) explainParams(sql string, es *pg_query.ExplainStmt, declared []*types.T) ([]*types.T, error) {
	an := analyze.New(sql, sessionCatalog{b}, analyze.NewParams(declared), b.TypeCtx())
	if _, err := b.explainTarget(an, es.Query); err != nil || an == nil {
		return declared, err
	}
	if err := an.CheckParams(); err != nil {
		return nil, err
	}
	return an.Params().Types(), nil
}

// explainTarget analyzes the statement EXPLAIN describes; nil for
// EXECUTE, which explain handles itself.
func (b *Backend) explainTarget(an *analyze.Analyzer, n *pg_query.Node) (*analyze.Query, error) {
	switch v := n.Node.(type) {
	case *pg_query.Node_SelectStmt:
		if v.SelectStmt.IntoClause != nil {
			return nil, pgerror.New(pgerror.FeatureNotSupported, "EXPLAIN of SELECT INTO is not supported")
		}
		return an.AnalyzeSelect(v.SelectStmt)
	case *pg_query.Node_InsertStmt:
		return an.AnalyzeInsert(v.InsertStmt)
	case *pg_query.Node_UpdateStmt:
		return an.AnalyzeUpdate(v.UpdateStmt)
	case *pg_query.Node_DeleteStmt:
		return an.AnalyzeDelete(v.DeleteStmt)
	case *pg_query.Node_ExecuteStmt:
		return nil, nil
	case *pg_query.Node_DeclareCursorStmt:
		return b.explainTarget(an, v.DeclareCursorStmt.Query)
	}
	return nil, pgerror.New(pgerror.FeatureNotSupported, "EXPLAIN of %s is not supported", commandTagOf(n))
}

// explain runs EXPLAIN and returns its rows.
func (b *Backend) explain(p *portal, es *pg_query.ExplainStmt) (string, []types.Row, error) {
	opts, err := explainOptions(es)
	if err != nil {
		return "", nil, err
	}
	t0 := time.Now()
	var q *analyze.Query
	params := p.params
	if ex := es.Query.GetExecuteStmt(); ex != nil {
		target, ok := b.stmts[ex.Name]
		if !ok {
			return "", nil, pgerror.New(pgerror.InvalidSQLStatementName, `prepared statement "%s" does not exist`, ex.Name)
		}
		if target.query == nil {
			return "", nil, pgerror.New(pgerror.FeatureNotSupported, "EXPLAIN of EXECUTE of a utility statement is not supported")
		}
		if len(ex.Params) != len(target.paramTypes) {
			return "", nil, pgerror.New(pgerror.SyntaxError, `wrong number of parameters for prepared statement "%s"`, ex.Name).
				WithDetail("Expected %d parameters but got %d.", len(target.paramTypes), len(ex.Params))
		}
		if params, err = b.evalParams(p.stmt.sql, ex.Params, target.paramTypes); err != nil {
			return "", nil, err
		}
		q = target.query
	} else {
		an := analyze.New(p.stmt.sql, sessionCatalog{b}, analyze.NewParams(p.stmt.paramTypes), b.TypeCtx())
		if q, err = b.explainTarget(an, es.Query); err != nil {
			return "", nil, err
		}
		for _, w := range an.Warnings() {
			b.conn.SendNotice(w)
		}
	}
	pl, err := planner.Plan(q, b)
	if err != nil {
		return "", nil, err
	}
	res := plan.ExplainResult{PlanningTime: time.Since(t0)}
	if es.Query.GetExecuteStmt() != nil {
		res.Params = params
	}
	if opts.Analyze {
		prog, err := exec.Compile(pl)
		if err != nil {
			return "", nil, err
		}
		t1 := time.Now()
		if err := b.takeTableLocks(planLocks(pl)); err != nil {
			return "", nil, err
		}
		b.tx.snapshotTaken = true
		st := &exec.State{Env: b, Params: params, Txn: execTxn{b}}
		st.Instrument()
		cur, err := prog.Start(st)
		if err != nil {
			return "", nil, err
		}
		for {
			row, err := cur.Next()
			if err != nil {
				cur.Close()
				return "", nil, err
			}
			if row == nil {
				break
			}
		}
		cur.Close()
		res.Stats = st.NodeStats
		res.ExecutionTime = time.Since(t1)
	}
	lines := plan.Explain(pl, opts, res)
	rows := make([]types.Row, len(lines))
	for i, l := range lines {
		rows[i] = types.Row{types.NewString(l)}
	}
	return "EXPLAIN", rows, nil
}
