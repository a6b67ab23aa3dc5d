package backend

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/guc"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/commands"
	"github.com/tuskdb/tusk/internal/sql/exec"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/planner"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// prepared is a parsed (and, for queries, analyzed, planned and compiled)
// statement: a protocol-level prepared statement, a PREPARE'd one, or the
// unnamed statement of a simple query.
type prepared struct {
	name  string
	sql   string // the whole query string the statement came from
	stmt  parser.Statement
	empty bool

	paramTypes []*types.T
	// cols describes the result rows; nil when the statement returns none.
	cols []pgwire.Column
	// colTypesVal caches the types of colTypesOf, the cols it was
	// computed for (colTypes); zeroTagVal caches zeroTag for the verb
	// zeroTagOf.
	colTypesOf  []pgwire.Column
	colTypesVal []*types.T
	zeroTagOf   string
	zeroTagVal  string

	// query is set for planned statements (SELECT); utility statements run
	// from their parse tree. program is its compiled plan, built at the
	// first Bind (PostgreSQL plans at Bind, so planning errors such as a
	// constant 1/0 come from Bind, not Parse).
	query   *analyze.Query
	program *exec.Program
	// locks are the table locks the statement takes.
	locks []tableLock
	verb  string
	// declared are the parameter types the client declared, and stamp
	// the catalog the statement was analyzed against: when the catalog
	// has changed since, the statement is analyzed again before it runs,
	// as PostgreSQL revalidates a cached plan (plancache.c).
	declared []*types.T
	stamp    catStamp
	// fromSQL is set for a statement made by PREPARE, created is when it
	// was made, and genericPlans and customPlans count its executions,
	// for pg_prepared_statements (prepared_list.go).
	fromSQL                   bool
	created                   time.Time
	genericPlans, customPlans int64
}

// catStamp identifies the catalog a session sees: the committed version
// its transaction started from, and its own DDL since.
type catStamp struct{ version, ddl uint64 }

func (b *Backend) catStamp() catStamp {
	if b.tx.cat != nil {
		return catStamp{b.tx.cat.Version(), b.ddlSeq}
	}
	if b.srv.Catalog != nil {
		return catStamp{b.srv.Catalog.Current().Version, b.ddlSeq}
	}
	return catStamp{0, b.ddlSeq}
}

// revalidate analyzes a prepared statement again when the catalog changed
// since it was analyzed: a dropped table gives 42P01 instead of a plan over
// a table that is gone, and a changed one is planned afresh. A statement
// whose result columns change fails as PostgreSQL's does.
func (b *Backend) revalidate(p *prepared) error {
	if p.query == nil || p.stamp == b.catStamp() {
		return nil
	}
	np, err := b.prepare(p.name, p.sql, p.stmt, p.declared)
	if err != nil {
		return err
	}
	if np.query == nil || len(np.cols) != len(p.cols) {
		return pgerror.New(pgerror.FeatureNotSupported, "cached plan must not change result type")
	}
	for i := range np.cols {
		if np.cols[i].T.Oid != p.cols[i].T.Oid {
			return pgerror.New(pgerror.FeatureNotSupported, "cached plan must not change result type")
		}
	}
	p.query, p.program, p.locks, p.stamp = np.query, nil, nil, np.stamp
	return nil
}

// portal is a prepared statement bound to parameter values, with its
// execution state (PostgreSQL's Portal).
type portal struct {
	name    string
	stmt    *prepared
	params  []types.Datum
	formats []int16

	cursor *exec.Cursor
	state  *exec.State
	// rows holds the result of a utility statement that returns rows
	// (SHOW), produced on first execution.
	rows    []types.Row
	started bool
	done    bool
	tag     string
	// colTypes are the result column types, for encoding rows.
	colTypes []*types.T
	// sqlCursor is set for a cursor opened by DECLARE (cursor.go).
	sqlCursor *sqlCursor
	// created is when Bind or DECLARE made the portal, for pg_cursors.
	created time.Time

	// The first backing arrays of params and formats, and the execution
	// state, so that a Bind makes one allocation, not four.
	paramBuf  [4]types.Datum
	formatBuf [2]int16
	stateBuf  exec.State
	cursorBuf exec.Cursor
}

func (p *portal) close() {
	if p.cursor != nil {
		p.cursor.Close()
		p.cursor = nil
	}
	if p.sqlCursor != nil {
		p.sqlCursor.close()
	}
}

// prepare turns one parsed statement into a prepared statement.
func (b *Backend) prepare(name, sql string, st parser.Statement, declared []*types.T) (*prepared, error) {
	p := &prepared{name: name, sql: sql, stmt: st, paramTypes: declared, declared: declared, stamp: b.catStamp(), created: time.Now()}
	if st.AST == nil {
		p.empty = true
		return p, nil
	}
	if needsSnapshot(st.AST) {
		if err := b.startStatementSnapshot(); err != nil {
			return nil, err
		}
	}
	if ok, err := b.prepareRoutineStmt(p); ok {
		if err != nil {
			return nil, err
		}
		return p, nil
	}
	switch n := st.AST.Node.(type) {
	case *pg_query.Node_SelectStmt, *pg_query.Node_InsertStmt, *pg_query.Node_UpdateStmt, *pg_query.Node_DeleteStmt:
		an := analyze.New(sql, sessionCatalog{b}, analyze.NewParams(declared), b.TypeCtx())
		var q *analyze.Query
		var err error
		switch n := n.(type) {
		case *pg_query.Node_SelectStmt:
			if commands.SelectIntoClause(n.SelectStmt) != nil {
				return p, nil
			}
			q, err = an.AnalyzeSelect(n.SelectStmt)
			p.verb = "SELECT"
		case *pg_query.Node_InsertStmt:
			q, err = an.AnalyzeInsert(n.InsertStmt)
			p.verb = "INSERT"
		case *pg_query.Node_UpdateStmt:
			q, err = an.AnalyzeUpdate(n.UpdateStmt)
			p.verb = "UPDATE"
		case *pg_query.Node_DeleteStmt:
			q, err = an.AnalyzeDelete(n.DeleteStmt)
			p.verb = "DELETE"
		}
		if err != nil {
			return nil, err
		}
		if err := an.CheckParams(); err != nil {
			return nil, err
		}
		for _, w := range an.Warnings() {
			b.conn.SendNotice(w)
		}
		p.query = q
		p.paramTypes = an.Params().Types()
		targets := q.Columns()
		if q.Modify != nil {
			targets = q.Modify.Returning
		}
		for _, t := range targets {
			p.cols = append(p.cols, pgwire.Column{Name: t.Name, T: t.Expr.Type(), Table: uint32(t.Table), Attnum: t.Column})
		}
		return p, nil
	case *pg_query.Node_VariableShowStmt:
		cols, err := b.showColumns(n.VariableShowStmt.Name)
		if err != nil {
			return nil, err
		}
		p.cols = cols
	case *pg_query.Node_ExecuteStmt:
		target, ok := b.stmts[n.ExecuteStmt.Name]
		if !ok {
			return nil, pgerror.New(pgerror.InvalidSQLStatementName, `prepared statement "%s" does not exist`, n.ExecuteStmt.Name)
		}
		p.cols = target.cols
	case *pg_query.Node_ExplainStmt, *pg_query.Node_DeclareCursorStmt, *pg_query.Node_FetchStmt,
		*pg_query.Node_ClosePortalStmt, *pg_query.Node_ListenStmt, *pg_query.Node_UnlistenStmt, *pg_query.Node_NotifyStmt:
		if err := b.prepareSessionStmt(p, declared); err != nil {
			return nil, err
		}
	case *pg_query.Node_TransactionStmt, *pg_query.Node_VariableSetStmt, *pg_query.Node_PrepareStmt,
		*pg_query.Node_DeallocateStmt, *pg_query.Node_DiscardStmt, *pg_query.Node_CopyStmt, *pg_query.Node_LockStmt,
		*pg_query.Node_VacuumStmt, *pg_query.Node_CheckPointStmt:
	default:
		if !isDDL(st.AST) {
			return nil, unsupportedStatement(st.AST)
		}
	}
	return p, nil
}

// plan builds and caches a planned statement's program.
func (b *Backend) plan(p *prepared) error {
	if err := b.revalidate(p); err != nil {
		return err
	}
	if p.query == nil || p.program != nil {
		return nil
	}
	plan, err := planner.Plan(p.query, b)
	if err != nil {
		return err
	}
	prog, err := exec.Compile(plan)
	if err != nil {
		return err
	}
	p.program = prog
	p.locks = planLocks(plan)
	return nil
}

// unsupportedStatement reports a statement PostgreSQL has and tusk does
// not, with SQLSTATE 0A000.
func unsupportedStatement(n *pg_query.Node) error {
	tag := commandTagOf(n)
	return pgerror.New(pgerror.FeatureNotSupported, "%s is not supported", tag)
}

// commandTagOf names a statement for messages ("CREATE TABLE").
func commandTagOf(n *pg_query.Node) string {
	name := strings.TrimPrefix(sprintType(n.Node), "*pg_query.Node_")
	name = strings.TrimSuffix(name, "Stmt")
	// CamelCase to words: CreateTable -> CREATE TABLE.
	var b strings.Builder
	for i, r := range name {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}

// allowedWhenFailed reports whether a statement may run in a failed
// transaction block.
func allowedWhenFailed(n *pg_query.Node) bool {
	ts := n.GetTransactionStmt()
	if ts == nil {
		return false
	}
	switch ts.Kind {
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT, pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK,
		pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO, pg_query.TransactionStmtKind_TRANS_STMT_PREPARE,
		pg_query.TransactionStmtKind_TRANS_STMT_COMMIT_PREPARED, pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_PREPARED:
		return true
	}
	return false
}

func errInFailedTx() error {
	return pgerror.New(pgerror.InFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
}

// simpleQuery runs a Query message's statements (tcop/postgres.c
// exec_simple_query).
func (b *Backend) simpleQuery(sql string) {
	b.dropUnnamed()
	b.query.Store(&sql)
	b.state.Store("active")
	stmts, err := parser.Parse(sql)
	if err != nil {
		b.conn.SendError(err)
		b.abortAfterError()
		return
	}
	if len(stmts) == 0 {
		b.conn.Send(&pgproto3.EmptyQueryResponse{})
		return
	}
	for _, st := range stmts {
		if err := b.simpleStatement(sql, st); err != nil {
			if b.terminate.Load() != nil {
				// dispatch ends the session with the FATAL error.
				return
			}
			b.conn.SendError(b.statementError(err))
			b.abortAfterError()
			return
		}
		b.applyClientEncoding()
	}
	if b.tx.status == txImplicit {
		if err := b.commitTransaction(); err != nil {
			b.conn.SendError(err)
			b.abortTransaction()
		}
	}
}

func (b *Backend) simpleStatement(sql string, st parser.Statement) error {
	if b.tx.status == txFailed && !allowedWhenFailed(st.AST) {
		return errInFailedTx()
	}
	if st.AST.GetTransactionStmt() == nil {
		b.beginImplicit()
	}
	if k := b.srv.Knobs; k != nil && k.BeforeStatement != nil {
		k.BeforeStatement(st.SQL)
	}
	p, err := b.prepare("", sql, st, nil)
	if err != nil {
		return err
	}
	if err := b.plan(p); err != nil {
		return err
	}
	pt := &portal{stmt: p, formats: b.simpleFormats(p)}
	defer pt.close()
	if p.cols != nil {
		b.conn.Send(pgwire.RowDescription(p.cols, pt.formats))
	}
	_, err = b.runPortal(pt, 0)
	return err
}

// dropUnnamed drops the unnamed statement and portal, as a new simple
// query does.
func (b *Backend) dropUnnamed() {
	delete(b.stmts, "")
	if p, ok := b.portals[""]; ok {
		p.close()
		delete(b.portals, "")
	}
}

// startStatement sets up the context of a running statement, with
// statement_timeout.
func (b *Backend) startStatement() context.Context {
	ctx, cancel := context.WithCancelCause(b.statementContext())
	if d := b.sess.StatementTimeout(); d > 0 {
		if !b.batchDeadline.IsZero() {
			// An Execute has what is left of the time its batch's
			// first message started.
			d = max(time.Until(b.batchDeadline), time.Nanosecond)
		}
		t := time.AfterFunc(d, func() { cancel(errStatementTimeout) })
		inner := cancel
		cancel = func(cause error) { t.Stop(); inner(cause) }
	}
	if b.conn != nil {
		b.watchClient()
	}
	b.mu.Lock()
	b.cancelStmt = cancel
	if b.cancelPending {
		b.cancelPending = false
		cancel(errCancelRequest)
	}
	b.mu.Unlock()
	b.stmtCtx = ctx
	b.stmtStart = time.Now()
	return ctx
}

func (b *Backend) endStatement() {
	b.snapFresh = false
	b.mu.Lock()
	if b.clientCheck != nil {
		b.clientCheck.Stop()
	}
	if b.cancelStmt != nil {
		b.cancelStmt(nil)
		b.cancelStmt = nil
	}
	b.mu.Unlock()
}

// statementError turns a cancelled statement's context error into
// PostgreSQL's message for the cause.
func (b *Backend) statementError(err error) error {
	if !errors.Is(err, context.Canceled) {
		return err
	}
	var pe *pgerror.Error
	if errors.As(err, &pe) && pe.Code != pgerror.QueryCanceled {
		return err
	}
	cause := context.Cause(b.stmtCtx)
	switch {
	case errors.Is(cause, errStatementTimeout):
		return pgerror.New(pgerror.QueryCanceled, "canceling statement due to statement timeout")
	case errors.Is(cause, errClientGone):
		return pgerror.New(pgerror.ConnectionFailure, "connection to client lost").WithSeverity(pgerror.SeverityFatal)
	case errors.Is(cause, errTerminated):
		return pgerror.New(pgerror.AdminShutdown, "terminating connection due to administrator command").WithSeverity(pgerror.SeverityFatal)
	}
	return pgerror.New(pgerror.QueryCanceled, "canceling statement due to user request")
}

// runPortal executes a portal, sending at most maxRows rows (0: all). It
// returns suspended=true when rows remain. The caller has sent the
// RowDescription if one is due.
func (b *Backend) runPortal(p *portal, maxRows int64) (suspended bool, err error) {
	if p.sqlCursor != nil {
		b.startStatement()
		defer b.endStatement()
		return b.runCursorPortal(p, maxRows)
	}
	if p.done {
		b.conn.CommandComplete(p.tag)
		return false, nil
	}
	if p.stmt.empty {
		b.conn.Send(&pgproto3.EmptyQueryResponse{})
		return false, nil
	}
	if p.cursor == nil && (b.tx.kv == nil || !b.snapFresh) && p.stmt.stmt.AST != nil && needsSnapshot(p.stmt.stmt.AST) {
		if err := b.startStatementSnapshot(); err != nil {
			return false, err
		}
	}
	b.startStatement()
	defer b.endStatement()
	if p.stmt.program != nil {
		return b.runQuery(p, maxRows)
	}
	if !p.started {
		p.started = true
		tag, rows, err := b.utility(p)
		if err != nil {
			return false, err
		}
		p.tag, p.rows = tag, rows
		if p.stmt.cols != nil {
			p.colTypes = colTypes(p.stmt.cols)
		}
	}
	if p.cursor != nil {
		// EXECUTE of a prepared query.
		return b.runQuery(p, maxRows)
	}
	ctx := b.TypeCtx()
	sent := int64(0)
	for len(p.rows) > 0 {
		if maxRows > 0 && sent >= maxRows {
			b.conn.Send(&pgproto3.PortalSuspended{})
			return true, nil
		}
		if err := b.conn.WriteRow(p.rows[0], p.colTypes, p.formats, ctx); err != nil {
			return false, err
		}
		p.rows = p.rows[1:]
		sent++
	}
	p.done = true
	b.conn.CommandComplete(p.tag)
	return false, nil
}

// colTypes returns the types of the statement's result columns, computed
// once for each cols slice the statement has had.
func (st *prepared) colTypes() []*types.T {
	if len(st.colTypesOf) != len(st.cols) || len(st.cols) > 0 && &st.colTypesOf[0] != &st.cols[0] {
		st.colTypesOf, st.colTypesVal = st.cols, colTypes(st.cols)
	}
	return st.colTypesVal
}

// zeroTag returns the command tag of the statement's verb with a zero
// count, which a finished portal reports when executed again.
func (st *prepared) zeroTag() string {
	if st.zeroTagOf != st.verb {
		st.zeroTagOf, st.zeroTagVal = st.verb, pgwire.Tag(st.verb, 0)
	}
	return st.zeroTagVal
}

func colTypes(cols []pgwire.Column) []*types.T {
	ts := make([]*types.T, len(cols))
	for i, c := range cols {
		ts[i] = c.T
	}
	return ts
}

// runQuery pulls rows from a query portal's cursor.
func (b *Backend) runQuery(p *portal, maxRows int64) (bool, error) {
	if p.cursor == nil {
		if err := b.takeTableLocks(p.stmt.locks); err != nil {
			return false, err
		}
		b.tx.snapshotTaken = true
		p.stateBuf = exec.State{Env: b, Params: p.params, Txn: execTxn{b}}
		p.state = &p.stateBuf
		if err := p.stmt.program.StartIn(&p.cursorBuf, p.state); err != nil {
			return false, err
		}
		p.cursor = &p.cursorBuf
		p.colTypes = p.stmt.colTypes()
		if p.stmt.verb == "" {
			p.stmt.verb = "SELECT"
		}
	}
	ctx := b.TypeCtx()
	n := int64(0)
	for {
		if maxRows > 0 && n >= maxRows {
			b.conn.Send(&pgproto3.PortalSuspended{})
			return true, nil
		}
		row, err := p.cursor.Next()
		if err != nil {
			return false, err
		}
		if row == nil {
			break
		}
		if err := b.conn.WriteRow(row, p.colTypes, p.formats, ctx); err != nil {
			return false, err
		}
		n++
	}
	if b.terminate.Load() != nil {
		// The statement terminated its own session
		// (pg_terminate_backend(pg_backend_pid())): as in PostgreSQL,
		// whose executor notices the signal before the statement ends,
		// its rows are followed by the FATAL error, not CommandComplete.
		return false, context.Canceled
	}
	if err := b.checkDeferred(false); err != nil {
		// A DEFERRABLE INITIALLY IMMEDIATE unique constraint.
		return false, err
	}
	p.close()
	p.done = true
	switch p.stmt.verb {
	case "INSERT":
		p.tag = "INSERT 0 0"
		b.conn.CommandCompleteN("INSERT 0", p.state.RowsAffected)
	case "UPDATE", "DELETE":
		p.tag = p.stmt.zeroTag()
		b.conn.CommandCompleteN(p.stmt.verb, p.state.RowsAffected)
	default:
		p.tag = p.stmt.zeroTag()
		b.conn.CommandCompleteN(p.stmt.verb, n)
	}
	return false, nil
}

// utility executes a statement that is not planned, returning its command
// tag and, for statements that return rows, the rows.
func (b *Backend) utility(p *portal) (string, []types.Row, error) {
	if tag, rows, ok, err := b.routineUtility(p); ok {
		return tag, rows, err
	}
	switch n := p.stmt.stmt.AST.Node.(type) {
	case *pg_query.Node_TransactionStmt:
		tag, err := b.transactionStmt(n.TransactionStmt)
		return tag, nil, err
	case *pg_query.Node_VariableSetStmt:
		tag, err := b.setStmt(n.VariableSetStmt)
		return tag, nil, err
	case *pg_query.Node_VariableShowStmt:
		rows, err := b.showRows(n.VariableShowStmt.Name)
		return "SHOW", rows, err
	case *pg_query.Node_PrepareStmt:
		return b.prepareStmt(p.stmt, n.PrepareStmt)
	case *pg_query.Node_ExecuteStmt:
		return b.executeStmt(p, n.ExecuteStmt)
	case *pg_query.Node_DeallocateStmt:
		if n.DeallocateStmt.Isall {
			for name := range b.stmts {
				if name != "" {
					delete(b.stmts, name)
				}
			}
			return "DEALLOCATE ALL", nil, nil
		}
		if _, ok := b.stmts[n.DeallocateStmt.Name]; !ok {
			return "", nil, pgerror.New(pgerror.InvalidSQLStatementName, `prepared statement "%s" does not exist`, n.DeallocateStmt.Name)
		}
		delete(b.stmts, n.DeallocateStmt.Name)
		return "DEALLOCATE", nil, nil
	case *pg_query.Node_DiscardStmt:
		return b.discard(n.DiscardStmt)
	case *pg_query.Node_LockStmt:
		tag, err := b.lockTableStmt(n.LockStmt)
		return tag, nil, err
	case *pg_query.Node_VacuumStmt:
		tag, err := b.vacuumStmt(n.VacuumStmt)
		return tag, nil, err
	case *pg_query.Node_CheckPointStmt:
		return "CHECKPOINT", nil, nil
	case *pg_query.Node_ExplainStmt, *pg_query.Node_DeclareCursorStmt, *pg_query.Node_FetchStmt,
		*pg_query.Node_ClosePortalStmt, *pg_query.Node_ListenStmt, *pg_query.Node_UnlistenStmt, *pg_query.Node_NotifyStmt:
		return b.runSessionStmt(p)
	case *pg_query.Node_CopyStmt:
		tag, err := b.copyStmt(p.stmt, n.CopyStmt)
		return tag, nil, err
	}
	if isDDL(p.stmt.stmt.AST) {
		if err := b.ddlLocks(p.stmt.stmt.AST); err != nil {
			return "", nil, err
		}
		b.ddlSeq++
		tag, err := b.ddl(p.stmt.sql, p.stmt.stmt.AST)
		return tag, nil, err
	}
	return "", nil, unsupportedStatement(p.stmt.stmt.AST)
}

func (b *Backend) prepareStmt(outer *prepared, ps *pg_query.PrepareStmt) (string, []types.Row, error) {
	if _, exists := b.stmts[ps.Name]; exists {
		return "", nil, pgerror.New(pgerror.DuplicatePreparedStatement, `prepared statement "%s" already exists`, ps.Name)
	}
	an := analyze.New(outer.sql, sessionCatalog{b}, nil, b.TypeCtx())
	var declared []*types.T
	for _, tn := range ps.Argtypes {
		t, err := an.ResolveTypeName(tn.GetTypeName())
		if err != nil {
			return "", nil, err
		}
		// PrepareQuery keeps only the type (typenameTypeId): a declared
		// length or precision does not constrain the parameter.
		declared = append(declared, t.Base())
	}
	inner := parser.Statement{AST: ps.Query, SQL: outer.stmt.SQL, Offset: outer.stmt.Offset}
	p, err := b.prepare(ps.Name, outer.sql, inner, declared)
	if err != nil {
		return "", nil, err
	}
	p.fromSQL = true
	b.stmts[ps.Name] = p
	return "PREPARE", nil, nil
}

func (b *Backend) executeStmt(p *portal, es *pg_query.ExecuteStmt) (string, []types.Row, error) {
	target, ok := b.stmts[es.Name]
	if !ok {
		return "", nil, pgerror.New(pgerror.InvalidSQLStatementName, `prepared statement "%s" does not exist`, es.Name)
	}
	if len(es.Params) != len(target.paramTypes) {
		return "", nil, pgerror.New(pgerror.SyntaxError, `wrong number of parameters for prepared statement "%s"`, es.Name).
			WithDetail("Expected %d parameters but got %d.", len(target.paramTypes), len(es.Params))
	}
	params, err := b.evalParams(p.stmt.sql, es.Params, target.paramTypes)
	if err != nil {
		return "", nil, err
	}
	if err := b.plan(target); err != nil {
		return "", nil, err
	}
	target.countPlan()
	if target.program == nil {
		inner := &portal{stmt: target, params: params, formats: p.formats}
		defer inner.close()
		tag, rows, err := b.utility(inner)
		return tag, rows, err
	}
	p.state = &exec.State{Env: b, Params: params, Txn: execTxn{b}}
	cur, err := target.program.Start(p.state)
	if err != nil {
		return "", nil, err
	}
	p.cursor = cur
	p.stmt = &prepared{name: p.stmt.name, sql: p.stmt.sql, stmt: p.stmt.stmt, program: target.program, verb: target.verb, cols: target.cols}
	p.colTypes = colTypes(target.cols)
	return "", nil, nil
}

// evalParams computes EXECUTE's parameter expressions, coerced to the
// statement's parameter types.
func (b *Backend) evalParams(sql string, nodes []*pg_query.Node, ts []*types.T) ([]types.Datum, error) {
	out := make([]types.Datum, len(nodes))
	for i, n := range nodes {
		an := analyze.New(sql, sessionCatalog{b}, nil, b.TypeCtx())
		e, err := an.AnalyzeConstExpr(n, ts[i])
		if err != nil {
			return nil, err
		}
		prog, err := exec.CompileExpr(e)
		if err != nil {
			return nil, err
		}
		v, err := prog(&exec.State{Env: b})
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (b *Backend) discard(d *pg_query.DiscardStmt) (string, []types.Row, error) {
	switch d.Target {
	case pg_query.DiscardMode_DISCARD_ALL:
		if b.tx.status == txBlock || b.tx.status == txFailed {
			return "", nil, pgerror.New(pgerror.ActiveSQLTransaction, "DISCARD ALL cannot run inside a transaction block")
		}
		if err := b.discardTemp(); err != nil {
			return "", nil, err
		}
		b.sess.ResetAll()
		for name := range b.stmts {
			if name != "" {
				delete(b.stmts, name)
			}
		}
		for name, p := range b.portals {
			p.close()
			delete(b.portals, name)
		}
		return "DISCARD ALL", nil, nil
	case pg_query.DiscardMode_DISCARD_PLANS:
		return "DISCARD PLANS", nil, nil
	case pg_query.DiscardMode_DISCARD_SEQUENCES:
		return "DISCARD SEQUENCES", nil, nil
	case pg_query.DiscardMode_DISCARD_TEMP:
		if err := b.discardTemp(); err != nil {
			return "", nil, err
		}
		return "DISCARD TEMP", nil, nil
	}
	return "", nil, pgerror.New(pgerror.FeatureNotSupported, "DISCARD is not supported")
}

// setStmt executes SET, SET LOCAL, RESET and their variants.
func (b *Backend) setStmt(s *pg_query.VariableSetStmt) (string, error) {
	local := s.IsLocal
	if local && b.tx.status != txBlock {
		b.conn.SendNotice(pgerror.Warning(pgerror.NoActiveSQLTransaction, "SET LOCAL can only be used in transaction blocks"))
	}
	opts := guc.SetOptions{Local: local, Superuser: b.opts.Superuser}
	switch s.Kind {
	case pg_query.VariableSetKind_VAR_SET_VALUE:
		if err := b.checkSpecialSet(s.Name); err != nil {
			return "", err
		}
		d, _ := guc.Lookup(s.Name)
		v, err := flattenSetArgs(s.Name, d, s.Args)
		if err != nil {
			return "", err
		}
		if d != nil && d.Flags&guc.Special != 0 {
			return "SET", b.setSpecial(d.Name, v)
		}
		_, err = b.sess.Set(s.Name, v, opts)
		return "SET", err
	case pg_query.VariableSetKind_VAR_SET_DEFAULT, pg_query.VariableSetKind_VAR_RESET:
		tag := "SET"
		if s.Kind == pg_query.VariableSetKind_VAR_RESET {
			tag = "RESET"
		}
		if s.Name == "session_authorization" || s.Name == "role" {
			return tag, nil
		}
		if s.Name == "transaction_isolation" || s.Name == "transaction_read_only" || s.Name == "transaction_deferrable" {
			return tag, nil
		}
		return tag, b.sess.Reset(s.Name, opts)
	case pg_query.VariableSetKind_VAR_RESET_ALL:
		b.sess.ResetAll()
		return "RESET", nil
	case pg_query.VariableSetKind_VAR_SET_MULTI:
		switch s.Name {
		case "TRANSACTION":
			if b.tx.status != txBlock {
				b.conn.SendNotice(pgerror.Warning(pgerror.NoActiveSQLTransaction, "SET TRANSACTION can only be used in transaction blocks"))
				return "SET", nil
			}
			return "SET", b.applyTxOptions(s.Args, true)
		case "SESSION CHARACTERISTICS":
			for _, o := range s.Args {
				d := o.GetDefElem()
				c := d.Arg.GetAConst()
				var name, val string
				switch d.Defname {
				case "transaction_isolation":
					name, val = "default_transaction_isolation", c.GetSval().GetSval()
				case "transaction_read_only":
					name, val = "default_transaction_read_only", boolSetting(c.GetIval().GetIval() != 0)
				case "transaction_deferrable":
					name, val = "default_transaction_deferrable", boolSetting(c.GetIval().GetIval() != 0)
				default:
					continue
				}
				if _, err := b.sess.Set(name, val, opts); err != nil {
					return "", err
				}
			}
			return "SET", nil
		}
		return "", pgerror.New(pgerror.FeatureNotSupported, "SET %s is not supported", s.Name)
	case pg_query.VariableSetKind_VAR_SET_CURRENT:
		return "", pgerror.New(pgerror.FeatureNotSupported, "SET FROM CURRENT is not supported")
	}
	return "", pgerror.New(pgerror.FeatureNotSupported, "this form of SET is not supported")
}

func (b *Backend) checkSpecialSet(name string) error {
	switch name {
	case "transaction_isolation":
		if b.tx.snapshotTaken {
			return pgerror.New(pgerror.ActiveSQLTransaction, "SET TRANSACTION ISOLATION LEVEL must be called before any query")
		}
	}
	return nil
}

// setSpecial handles the settings that describe the transaction or the
// session's identity.
func (b *Backend) setSpecial(name, v string) error {
	switch name {
	case "transaction_isolation":
		d, _ := guc.Lookup("default_transaction_isolation")
		c, err := guc.Canonical(d, v, "")
		if err != nil {
			return pgerror.New(pgerror.InvalidParameterValue, `invalid value for parameter "transaction_isolation": "%s"`, v).WithHint("Available values: serializable, repeatable read, read committed, read uncommitted.")
		}
		if b.tx.status == txBlock {
			b.tx.isolation = c
		}
		return nil
	case "transaction_read_only":
		on, ok := guc.ParseBool(v)
		if !ok {
			return pgerror.New(pgerror.InvalidParameterValue, `parameter "transaction_read_only" requires a Boolean value`)
		}
		if b.tx.status == txBlock {
			b.tx.readOnly = on
		}
		return nil
	case "transaction_deferrable":
		on, ok := guc.ParseBool(v)
		if !ok {
			return pgerror.New(pgerror.InvalidParameterValue, `parameter "transaction_deferrable" requires a Boolean value`)
		}
		if b.tx.status == txBlock {
			b.tx.deferrable = on
		}
		return nil
	case "session_authorization", "role":
		if v == b.opts.User || (name == "role" && strings.EqualFold(v, "none")) {
			return nil
		}
		return pgerror.New(pgerror.FeatureNotSupported, "SET %s to another role is not supported yet", strings.ToUpper(strings.ReplaceAll(name, "_", " ")))
	}
	return nil
}

// flattenSetArgs builds a setting value from SET's arguments
// (flatten_set_variable_args in utils/misc/guc.c).
func flattenSetArgs(name string, d *guc.Def, args []*pg_query.Node) (string, error) {
	if len(args) == 0 {
		return "", nil
	}
	if len(args) > 1 && (d == nil || d.Flags&guc.ListInput == 0) && d != nil {
		return "", pgerror.New(pgerror.SyntaxError, "SET %s takes only one argument", name)
	}
	var parts []string
	for _, a := range args {
		if tc := a.GetTypeCast(); tc != nil {
			c := tc.Arg.GetAConst()
			if c == nil || c.GetSval() == nil {
				return "", pgerror.New(pgerror.SyntaxError, "syntax error in SET")
			}
			parts = append(parts, c.GetSval().GetSval())
			continue
		}
		c := a.GetAConst()
		if c == nil {
			return "", pgerror.New(pgerror.SyntaxError, "syntax error in SET")
		}
		switch v := c.Val.(type) {
		case *pg_query.A_Const_Ival:
			parts = append(parts, itoa(int64(v.Ival.Ival)))
		case *pg_query.A_Const_Fval:
			parts = append(parts, v.Fval.Fval)
		case *pg_query.A_Const_Sval:
			s := v.Sval.Sval
			if d != nil && d.Flags&guc.ListQuote != 0 {
				s = quoteIdentifier(s)
			}
			parts = append(parts, s)
		case *pg_query.A_Const_Boolval:
			parts = append(parts, boolSetting(v.Boolval.Boolval))
		}
	}
	return strings.Join(parts, ", "), nil
}

// showColumns describes SHOW's result.
func (b *Backend) showColumns(name string) ([]pgwire.Column, error) {
	if name == "all" {
		return []pgwire.Column{{Name: "name", T: types.Text}, {Name: "setting", T: types.Text}, {Name: "description", T: types.Text}}, nil
	}
	col := name
	if d, ok := guc.Lookup(name); ok {
		col = d.Name
	} else if _, ok := b.sess.Get(name); !ok {
		return nil, pgerror.New(pgerror.UndefinedObject, `unrecognized configuration parameter "%s"`, name)
	}
	return []pgwire.Column{{Name: col, T: types.Text}}, nil
}

func (b *Backend) showRows(name string) ([]types.Row, error) {
	if name == "all" {
		var rows []types.Row
		for _, d := range guc.All() {
			if d.Flags&guc.NoShowAll != 0 {
				continue
			}
			v, _ := b.showValue(d.Name)
			rows = append(rows, types.Row{types.NewString(d.Name), types.NewString(v), types.NewString(d.ShortDesc)})
		}
		return rows, nil
	}
	v, err := b.showValue(name)
	if err != nil {
		return nil, err
	}
	return []types.Row{{types.NewString(v)}}, nil
}

// showValue returns a setting as SHOW prints it, including the settings
// that describe the current transaction.
func (b *Backend) showValue(name string) (string, error) {
	switch strings.ToLower(name) {
	case "transaction_isolation":
		if b.tx.status != txIdle {
			return b.tx.isolation, nil
		}
		return b.sess.Show("default_transaction_isolation")
	case "transaction_read_only":
		if b.tx.status != txIdle {
			return boolSetting(b.tx.readOnly), nil
		}
		return b.sess.Show("default_transaction_read_only")
	case "transaction_deferrable":
		if b.tx.status != txIdle {
			return boolSetting(b.tx.deferrable), nil
		}
		return b.sess.Show("default_transaction_deferrable")
	}
	return b.sess.Show(name)
}

// needsSnapshot reports whether a statement reads or writes data or the
// catalog, and so starts the transaction's snapshot; transaction control
// and SET do not (so SET TRANSACTION can follow them).
func needsSnapshot(n *pg_query.Node) bool {
	switch n.Node.(type) {
	case *pg_query.Node_TransactionStmt, *pg_query.Node_VariableSetStmt, *pg_query.Node_VariableShowStmt,
		*pg_query.Node_DeallocateStmt, *pg_query.Node_DiscardStmt:
		return false
	}
	return true
}

// defaultClientCheck is how often a running statement checks that its
// client is still connected when client_connection_check_interval is 0
// (PostgreSQL then does not check; a query of a client that went away
// should not run on).
const defaultClientCheck = time.Second

// watchClient arms the session's client check for the statement that
// starts: while it runs, every client_connection_check_interval it checks
// whether the client closed the connection and cancels the statement with
// errClientGone if so. One timer per session serves every statement.
func (b *Backend) watchClient() {
	every := b.sess.Duration("client_connection_check_interval")
	if every <= 0 {
		every = defaultClientCheck
	}
	b.mu.Lock()
	b.clientCheckEvery = every
	if b.clientCheck == nil {
		b.clientCheck = time.AfterFunc(every, b.checkClient)
	} else {
		b.clientCheck.Reset(every)
	}
	b.mu.Unlock()
}

// checkClient runs on the client check timer.
func (b *Backend) checkClient() {
	b.mu.Lock()
	cancel, every := b.cancelStmt, b.clientCheckEvery
	b.mu.Unlock()
	if cancel == nil {
		return // no statement runs
	}
	if b.conn.PeerClosed() {
		cancel(errClientGone)
		return
	}
	b.mu.Lock()
	if b.cancelStmt != nil {
		b.clientCheck.Reset(every)
	}
	b.mu.Unlock()
}
