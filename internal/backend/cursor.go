package backend

import (
	"context"
	"math"
	"sort"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog/pgcatalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/exec"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/planner"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// This file implements SQL cursors: DECLARE, FETCH, MOVE and CLOSE
// (PostgreSQL's commands/portalcmds.c and tcop/pquery.c
// DoPortalRunFetch). A cursor is a portal, in the same namespace as the
// protocol's portals, so a client can also Describe and Execute it by
// name.
//
// The rows a cursor has read from its query are kept, so that it can move
// backward (SCROLL) without the executor scanning backward; the query
// itself runs on demand, as far as FETCH needs. A WITH HOLD cursor reads
// the rest of its rows when its transaction commits and then lives until
// CLOSE or the end of the session, as PostgreSQL's PersistHoldablePortal
// does.

// Cursor options of DECLARE (parsenodes.h CURSOR_OPT_*).
const (
	cursorBinary   = 0x0001
	cursorScroll   = 0x0002
	cursorNoScroll = 0x0004
	cursorHold     = 0x0020
)

// fetchAll is FETCH ALL's count (FETCH_ALL, LONG_MAX).
const fetchAll = math.MaxInt64

// sqlCursor is the state of a DECLAREd cursor.
type sqlCursor struct {
	cols     []pgwire.Column
	colTypes []*types.T
	noScroll bool
	hold     bool
	// binary cursors send their rows in binary to the simple protocol.
	binary bool
	// held is set once the cursor outlives the transaction that declared
	// it.
	held bool

	state *exec.State
	src   *exec.Cursor // nil once the query has returned all its rows
	// rows holds the rows read so far, from row base+1 on: a cursor that
	// cannot move backward forgets the rows it has passed.
	rows []types.Row
	base int64

	// pos is the executor's position, 1-based: 0 before the first row,
	// len(rows)+1 after the last. atStart, atEnd and portalPos are the
	// portal's (PostgreSQL's Portal fields of the same names).
	pos       int64
	atStart   bool
	atEnd     bool
	portalPos int64
	// statement is the query string that declared the cursor.
	statement string
	// seq numbers the session's cursors in order of declaration, for
	// ROLLBACK TO SAVEPOINT.
	seq uint64
}

func (c *sqlCursor) close() {
	if c.src != nil {
		c.src.Close()
		c.src = nil
	}
}

// pull reads one more row from the query; false at its end.
func (c *sqlCursor) pull() (bool, error) {
	if c.src == nil {
		return false, nil
	}
	row, err := c.src.Next()
	if err != nil {
		return false, err
	}
	if row == nil {
		c.close()
		return false, nil
	}
	c.rows = append(c.rows, append(types.Row(nil), row...))
	return true, nil
}

// drain reads all remaining rows (WITH HOLD at commit).
func (c *sqlCursor) drain() error {
	for {
		ok, err := c.pull()
		if err != nil || !ok {
			return err
		}
	}
}

// run moves the executor position count rows (0: all) forward or
// backward, calling emit for each row passed, and returns how many it
// passed (ExecutorRun over the kept rows).
func (c *sqlCursor) run(forward bool, count int64, emit func(types.Row) error) (int64, error) {
	n := int64(0)
	for count == 0 || n < count {
		if forward {
			if c.pos >= c.base+int64(len(c.rows)) {
				ok, err := c.pull()
				if err != nil {
					return n, err
				}
				if !ok {
					c.pos = c.base + int64(len(c.rows)) + 1
					break
				}
			}
			c.pos++
		} else {
			if c.pos <= 1 {
				c.pos = 0
				break
			}
			c.pos--
		}
		if emit != nil {
			if err := emit(c.rows[c.pos-1-c.base]); err != nil {
				return n, err
			}
		}
		if forward && c.noScroll {
			// Never read again: keep the memory bounded.
			c.base = c.pos
			clear(c.rows)
			c.rows = c.rows[:0]
		}
		n++
	}
	return n, nil
}

// runSelect is PostgreSQL's PortalRunSelect: it fetches count rows (0 or
// fetchAll: all) in a direction and keeps atStart, atEnd and portalPos.
func (c *sqlCursor) runSelect(forward bool, count int64, emit func(types.Row) error) (int64, error) {
	if forward {
		move := !(c.atEnd || count <= 0)
		if !move {
			count = 0
		}
		if count == fetchAll {
			count = 0
		}
		if !move {
			return 0, nil
		}
		n, err := c.run(true, count, emit)
		if err != nil {
			return n, err
		}
		if n > 0 {
			c.atStart = false
		}
		if count == 0 || n < count {
			c.atEnd = true
		}
		c.portalPos += n
		return n, nil
	}
	if c.noScroll {
		return 0, pgerror.New(pgerror.ObjectNotInPrerequisiteState, "cursor can only scan forward").
			WithHint("Declare it with SCROLL option to enable backward scan.")
	}
	move := !(c.atStart || count <= 0)
	if count == fetchAll {
		count = 0
	}
	if !move {
		return 0, nil
	}
	n, err := c.run(false, count, emit)
	if err != nil {
		return n, err
	}
	if n > 0 && c.atEnd {
		c.atEnd = false
		c.portalPos++
	}
	if count == 0 || n < count {
		c.atStart = true
		c.portalPos = 0
	} else {
		c.portalPos -= n
	}
	return n, nil
}

func (c *sqlCursor) rewind() {
	c.pos = 0
	c.atStart, c.atEnd = true, false
	c.portalPos = 0
}

// fetch is PostgreSQL's DoPortalRunFetch. emit is nil for MOVE.
func (c *sqlCursor) fetch(dir pg_query.FetchDirection, count int64, emit func(types.Row) error) (int64, error) {
	switch dir {
	case pg_query.FetchDirection_FETCH_FORWARD:
		if count < 0 {
			dir, count = pg_query.FetchDirection_FETCH_BACKWARD, -count
		}
	case pg_query.FetchDirection_FETCH_BACKWARD:
		if count < 0 {
			dir, count = pg_query.FetchDirection_FETCH_FORWARD, -count
		}
	case pg_query.FetchDirection_FETCH_ABSOLUTE:
		switch {
		case count > 0:
			if c.portalPos == fetchAll || count-1 <= c.portalPos/2 {
				if c.noScroll && !c.atStart {
					return 0, pgerror.New(pgerror.ObjectNotInPrerequisiteState, "cursor can only scan forward").
						WithHint("Declare it with SCROLL option to enable backward scan.")
				}
				c.rewind()
				if count > 1 {
					if _, err := c.runSelect(true, count-1, nil); err != nil {
						return 0, err
					}
				}
			} else {
				pos := c.portalPos
				if c.atEnd {
					pos++
				}
				if count <= pos {
					if _, err := c.runSelect(false, pos-count+1, nil); err != nil {
						return 0, err
					}
				} else if count > pos+1 {
					if _, err := c.runSelect(true, count-pos-1, nil); err != nil {
						return 0, err
					}
				}
			}
			return c.runSelect(true, 1, emit)
		case count < 0:
			if _, err := c.runSelect(true, fetchAll, nil); err != nil {
				return 0, err
			}
			if count < -1 {
				if _, err := c.runSelect(false, -count-1, nil); err != nil {
					return 0, err
				}
			}
			return c.runSelect(false, 1, emit)
		default:
			if c.noScroll && !c.atStart {
				return 0, pgerror.New(pgerror.ObjectNotInPrerequisiteState, "cursor can only scan forward").
					WithHint("Declare it with SCROLL option to enable backward scan.")
			}
			c.rewind()
			return 0, nil
		}
	case pg_query.FetchDirection_FETCH_RELATIVE:
		switch {
		case count > 0:
			if count > 1 {
				if _, err := c.runSelect(true, count-1, nil); err != nil {
					return 0, err
				}
			}
			return c.runSelect(true, 1, emit)
		case count < 0:
			if count < -1 {
				if _, err := c.runSelect(false, -count-1, nil); err != nil {
					return 0, err
				}
			}
			return c.runSelect(false, 1, emit)
		}
		dir = pg_query.FetchDirection_FETCH_FORWARD
	}
	forward := dir == pg_query.FetchDirection_FETCH_FORWARD
	if count == 0 {
		onRow := !c.atStart && !c.atEnd
		if emit == nil {
			if onRow {
				return 1, nil
			}
			return 0, nil
		}
		if onRow {
			if _, err := c.runSelect(false, 1, nil); err != nil {
				return 0, err
			}
			count, forward = 1, true
		}
	}
	if !forward && count == fetchAll && emit == nil {
		if c.noScroll {
			return 0, pgerror.New(pgerror.ObjectNotInPrerequisiteState, "cursor can only scan forward").
				WithHint("Declare it with SCROLL option to enable backward scan.")
		}
		n := c.portalPos
		if n > 0 && !c.atEnd {
			n--
		}
		c.rewind()
		return n, nil
	}
	return c.runSelect(forward, count, emit)
}

// prepareDeclare analyzes DECLARE's query at Parse, for the types of its
// parameters.
func (b *Backend) prepareDeclare(p *prepared, d *pg_query.DeclareCursorStmt, declared []*types.T) error {
	an := analyze.New(p.sql, sessionCatalog{b}, analyze.NewParams(declared), b.TypeCtx())
	if _, err := b.cursorQuery(an, d); err != nil {
		return err
	}
	if err := an.CheckParams(); err != nil {
		return err
	}
	p.paramTypes = an.Params().Types()
	return nil
}

func (b *Backend) cursorQuery(an *analyze.Analyzer, d *pg_query.DeclareCursorStmt) (*analyze.Query, error) {
	sel := d.Query.GetSelectStmt()
	if sel == nil {
		return nil, pgerror.New(pgerror.SyntaxError, "cursor query must be a SELECT")
	}
	if sel.IntoClause != nil {
		return nil, pgerror.New(pgerror.InvalidCursorState, "DECLARE CURSOR must not contain SELECT INTO")
	}
	return an.AnalyzeSelect(sel)
}

// declareCursor runs DECLARE (PerformCursorOpen).
func (b *Backend) declareCursor(p *portal, d *pg_query.DeclareCursorStmt) (string, []types.Row, error) {
	name := d.Portalname
	if name == "" {
		return "", nil, pgerror.New(pgerror.InvalidCursorName, "invalid cursor name: must not be empty")
	}
	hold := d.Options&cursorHold != 0
	if !hold && b.tx.status != txBlock && !b.multiStatement(p) {
		return "", nil, pgerror.New(pgerror.NoActiveSQLTransaction, "DECLARE CURSOR can only be used in transaction blocks")
	}
	if _, exists := b.portals[name]; exists {
		return "", nil, pgerror.New(pgerror.DuplicateCursor, `cursor "%s" already exists`, name)
	}
	an := analyze.New(p.stmt.sql, sessionCatalog{b}, analyze.NewParams(p.stmt.paramTypes), b.TypeCtx())
	q, err := b.cursorQuery(an, d)
	if err != nil {
		return "", nil, err
	}
	if hold && len(q.Locking) > 0 {
		return "", nil, pgerror.New(pgerror.FeatureNotSupported, "DECLARE CURSOR WITH HOLD ... FOR UPDATE is not supported").
			WithDetail("Holdable cursors must be READ ONLY.")
	}
	if d.Options&cursorScroll != 0 && len(q.Locking) > 0 {
		return "", nil, pgerror.New(pgerror.FeatureNotSupported, "DECLARE SCROLL CURSOR ... FOR UPDATE is not supported").
			WithDetail("Scrollable cursors must be READ ONLY.")
	}
	pl, err := planner.Plan(q, b)
	if err != nil {
		return "", nil, err
	}
	prog, err := exec.Compile(pl)
	if err != nil {
		return "", nil, err
	}
	if err := b.takeTableLocks(planLocks(pl)); err != nil {
		return "", nil, err
	}
	b.tx.snapshotTaken = true
	c := &sqlCursor{
		noScroll: d.Options&cursorNoScroll != 0 || len(q.Locking) > 0 ||
			d.Options&cursorScroll == 0 && !supportsBackward(pl),
		hold:      hold,
		binary:    d.Options&cursorBinary != 0,
		atStart:   true,
		statement: p.stmt.sql,
	}
	b.cursorSeq++
	c.seq = b.cursorSeq
	for _, t := range q.Columns() {
		c.cols = append(c.cols, pgwire.Column{Name: t.Name, T: t.Expr.Type(), Table: uint32(t.Table), Attnum: t.Column})
	}
	c.colTypes = colTypes(c.cols)
	c.state = &exec.State{Env: cursorEnv{b}, Params: p.params, Txn: execTxn{b}}
	if c.src, err = prog.Start(c.state); err != nil {
		return "", nil, err
	}
	b.portals[name] = &portal{
		name:      name,
		stmt:      &prepared{name: name, sql: p.stmt.sql, stmt: p.stmt.stmt, cols: c.cols, verb: "SELECT"},
		sqlCursor: c,
		colTypes:  c.colTypes,
		created:   b.StmtStart(),
	}
	return "DECLARE CURSOR", nil, nil
}

// cursorEnv is the session as a cursor's query sees it. The query's
// operators and storage iterators keep the context they started with, at
// DECLARE, but must go on working in later statements and at commit (a
// WITH HOLD cursor reads its remaining rows then); so its context lives
// as long as the cursor and reports the cancellation of whichever
// statement is reading from the cursor at the time.
type cursorEnv struct{ *Backend }

func (e cursorEnv) Context() context.Context { return cursorContext{e.Backend} }

// cursorContext is cursorEnv's context: the running statement's, or a
// context that is never cancelled between statements.
type cursorContext struct{ b *Backend }

func (c cursorContext) current() context.Context {
	c.b.mu.Lock()
	running := c.b.cancelStmt != nil
	c.b.mu.Unlock()
	if !running || c.b.stmtCtx == nil {
		return context.Background()
	}
	return c.b.stmtCtx
}

func (c cursorContext) Deadline() (time.Time, bool) { return c.current().Deadline() }
func (c cursorContext) Done() <-chan struct{}       { return c.current().Done() }
func (c cursorContext) Err() error                  { return c.current().Err() }
func (c cursorContext) Value(key any) any           { return c.current().Value(key) }

// multiStatement reports whether the statement is one of several of a
// simple Query message, which run in an implicit transaction block.
func (b *Backend) multiStatement(p *portal) bool {
	if b.inExtended || b.tx.status != txImplicit {
		return false
	}
	stmts, err := parser.Parse(p.stmt.sql)
	return err == nil && len(stmts) > 1
}

// simpleFormats returns the result formats of a statement of a simple
// Query: binary for a FETCH from a BINARY cursor, text otherwise (nil).
func (b *Backend) simpleFormats(p *prepared) []int16 {
	f := p.stmt.AST.GetFetchStmt()
	if f == nil || f.Ismove {
		return nil
	}
	if pt, ok := b.portals[f.Portalname]; ok && pt.sqlCursor != nil && pt.sqlCursor.binary {
		return []int16{pgwire.BinaryFormat}
	}
	return nil
}

// lookupCursor finds a cursor by name (a protocol portal too).
func (b *Backend) lookupCursor(name string) (*portal, error) {
	pt, ok := b.portals[name]
	if !ok || pt.sqlCursor == nil {
		return nil, pgerror.New(pgerror.InvalidCursorName, `cursor "%s" does not exist`, name)
	}
	return pt, nil
}

// fetch runs FETCH and MOVE.
func (b *Backend) fetch(p *portal, f *pg_query.FetchStmt) (string, []types.Row, error) {
	pt, err := b.lookupCursor(f.Portalname)
	if err != nil {
		return "", nil, err
	}
	c := pt.sqlCursor
	var rows []types.Row
	var emit func(types.Row) error
	if !f.Ismove {
		emit = func(r types.Row) error {
			rows = append(rows, r)
			return nil
		}
		if p.stmt.cols == nil {
			// A FETCH prepared and bound before the cursor existed.
			st := *p.stmt
			st.cols = c.cols
			p.stmt = &st
		}
	}
	n, err := c.fetch(f.Direction, f.HowMany, emit)
	if err != nil {
		return "", nil, err
	}
	if f.Ismove {
		return pgwire.Tag("MOVE", n), nil, nil
	}
	return pgwire.Tag("FETCH", n), rows, nil
}

// closeCursor runs CLOSE name and CLOSE ALL.
func (b *Backend) closeCursor(cp *pg_query.ClosePortalStmt) (string, []types.Row, error) {
	if cp.Portalname == "" {
		for name, pt := range b.portals {
			if pt.sqlCursor != nil {
				pt.close()
				delete(b.portals, name)
			}
		}
		return "CLOSE CURSOR ALL", nil, nil
	}
	pt, ok := b.portals[cp.Portalname]
	if !ok {
		return "", nil, pgerror.New(pgerror.InvalidCursorName, `cursor "%s" does not exist`, cp.Portalname)
	}
	pt.close()
	delete(b.portals, cp.Portalname)
	return "CLOSE CURSOR", nil, nil
}

// runCursorPortal executes a cursor through the extended protocol's
// Execute: it fetches up to maxRows rows forward (0: all).
func (b *Backend) runCursorPortal(p *portal, maxRows int64) (bool, error) {
	c := p.sqlCursor
	ctx := b.TypeCtx()
	count := maxRows
	if count <= 0 {
		count = fetchAll
	}
	n, err := c.fetch(pg_query.FetchDirection_FETCH_FORWARD, count, func(r types.Row) error {
		return b.conn.WriteRow(r, c.colTypes, p.formats, ctx)
	})
	if err != nil {
		return false, err
	}
	if maxRows > 0 && n == maxRows && !c.atEnd {
		b.conn.Send(&pgproto3.PortalSuspended{})
		return true, nil
	}
	b.conn.CommandComplete(pgwire.Tag("SELECT", n))
	return false, nil
}

// holdCursors runs before a transaction commits: each WITH HOLD cursor
// reads the rest of its rows, so that it outlives the transaction
// (PreCommit_Portals, PersistHoldablePortal).
func (b *Backend) holdCursors() error {
	for _, pt := range b.portals {
		if c := pt.sqlCursor; c != nil && c.hold && !c.held {
			if err := c.drain(); err != nil {
				return err
			}
			c.held = true
		}
	}
	return nil
}

// cursorList describes the open portals for pg_cursors, by name:
// DECLAREd cursors and the extended protocol's portals, as PostgreSQL
// lists them. A simple Query's statement runs in a portal of its own that
// is not listed.
func (b *Backend) cursorList() []pgcatalog.Cursor {
	var out []pgcatalog.Cursor
	for name, pt := range b.portals {
		if c := pt.sqlCursor; c != nil {
			out = append(out, pgcatalog.Cursor{Name: name, Statement: c.statement, Holdable: c.hold, Binary: c.binary, Scrollable: !c.noScroll, Created: pt.created})
		} else {
			out = append(out, pgcatalog.Cursor{Name: name, Statement: pt.stmt.sql, Created: pt.created})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// supportsBackward reports whether a plan's rows can be read backward,
// as PostgreSQL's ExecSupportsBackwardScan decides it; a cursor declared
// without SCROLL over any other plan can only move forward.
func supportsBackward(n plan.Node) bool {
	switch n := n.(type) {
	case *plan.SeqScan, *plan.IndexScan, *plan.ValuesScan, *plan.FunctionScan, *plan.CTEScan,
		*plan.Sort, *plan.VirtualScan:
		return true
	case *plan.Project:
		return supportsBackward(n.Input)
	case *plan.Filter:
		return supportsBackward(n.Input)
	case *plan.Limit:
		return supportsBackward(n.Input)
	case *plan.Append:
		for _, in := range n.Inputs {
			if !supportsBackward(in) {
				return false
			}
		}
		return true
	case *plan.Distinct:
		_, sorted := n.Input.(*plan.Sort)
		return sorted
	}
	return false
}
