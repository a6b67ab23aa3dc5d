package backend

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// prepareSessionStmt prepares EXPLAIN, the cursor statements (DECLARE,
// FETCH, MOVE, CLOSE) and LISTEN, UNLISTEN and NOTIFY: it describes
// their result rows, if any.
func (b *Backend) prepareSessionStmt(p *prepared, declared []*types.T) error {
	switch n := p.stmt.AST.Node.(type) {
	case *pg_query.Node_ExplainStmt:
		p.cols = explainColumns(n.ExplainStmt)
		ts, err := b.explainParams(p.sql, n.ExplainStmt, declared)
		if err != nil {
			return err
		}
		p.paramTypes = ts
	case *pg_query.Node_DeclareCursorStmt:
		return b.prepareDeclare(p, n.DeclareCursorStmt, declared)
	case *pg_query.Node_FetchStmt:
		if !n.FetchStmt.Ismove {
			// The cursor's columns, if it exists now (PostgreSQL's
			// UtilityTupleDescriptor looks the portal up at Describe).
			if pt, ok := b.portals[n.FetchStmt.Portalname]; ok && pt.sqlCursor != nil {
				p.cols = pt.sqlCursor.cols
			}
		}
	}
	return nil
}

// runSessionStmt executes a statement prepared by prepareSessionStmt.
func (b *Backend) runSessionStmt(p *portal) (string, []types.Row, error) {
	switch n := p.stmt.stmt.AST.Node.(type) {
	case *pg_query.Node_ExplainStmt:
		return b.explain(p, n.ExplainStmt)
	case *pg_query.Node_DeclareCursorStmt:
		return b.declareCursor(p, n.DeclareCursorStmt)
	case *pg_query.Node_FetchStmt:
		return b.fetch(p, n.FetchStmt)
	case *pg_query.Node_ClosePortalStmt:
		return b.closeCursor(n.ClosePortalStmt)
	case *pg_query.Node_ListenStmt:
		return b.listen(n.ListenStmt.Conditionname)
	case *pg_query.Node_UnlistenStmt:
		return b.unlisten(n.UnlistenStmt.Conditionname)
	case *pg_query.Node_NotifyStmt:
		return b.notifyStmt(n.NotifyStmt.Conditionname, n.NotifyStmt.Payload)
	}
	return "", nil, unsupportedStatement(p.stmt.stmt.AST)
}

// bindSessionStmt describes a FETCH portal's rows at Bind by the cursor
// it reads, which may not have existed when the statement was prepared
// (PostgreSQL's PortalStart asks UtilityTupleDescriptor at that point).
func (b *Backend) bindSessionStmt(p *portal) {
	f := p.stmt.stmt.AST.GetFetchStmt()
	if f == nil || f.Ismove {
		return
	}
	if pt, ok := b.portals[f.Portalname]; ok && pt.sqlCursor != nil {
		st := *p.stmt
		st.cols = pt.sqlCursor.cols
		p.stmt = &st
	}
}
