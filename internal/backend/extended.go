package backend

import (
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// This file implements the extended query protocol (PostgreSQL docs,
// section 55.2.3; tcop/postgres.c exec_parse_message and its siblings).

func (b *Backend) parse(m *pgproto3.Parse) error {
	query := m.Query // m is the decoder's, reused for the next message
	b.query.Store(&query)
	if m.Name != "" {
		if _, exists := b.stmts[m.Name]; exists {
			return pgerror.New(pgerror.DuplicatePreparedStatement, `prepared statement "%s" already exists`, m.Name)
		}
	}
	stmts, err := parser.Parse(m.Query)
	if err != nil {
		return err
	}
	if len(stmts) > 1 {
		return pgerror.New(pgerror.SyntaxError, "cannot insert multiple commands into a prepared statement")
	}
	var st parser.Statement
	if len(stmts) == 1 {
		st = stmts[0]
	}
	if b.tx.status == txFailed && (st.AST == nil || !allowedWhenFailed(st.AST)) {
		return errInFailedTx()
	}
	declared := make([]*types.T, len(m.ParameterOIDs))
	for i, oid := range m.ParameterOIDs {
		if oid == 0 {
			continue
		}
		t := types.ByOid(types.Oid(oid))
		if t == nil || !t.Supported() && t.Oid != types.OidUnknown {
			return pgerror.New(pgerror.UndefinedObject, "type with OID %d does not exist", oid)
		}
		declared[i] = t
	}
	if st.AST != nil && st.AST.GetTransactionStmt() == nil {
		b.beginImplicit()
	}
	p, err := b.prepare(m.Name, m.Query, st, declared)
	if err != nil {
		return err
	}
	b.stmts[m.Name] = p
	b.conn.Send(&pgproto3.ParseComplete{})
	return nil
}

func (b *Backend) lookupStmt(name string) (*prepared, error) {
	p, ok := b.stmts[name]
	if !ok {
		if name == "" {
			return nil, pgerror.New(pgerror.InvalidSQLStatementName, "unnamed prepared statement does not exist")
		}
		return nil, pgerror.New(pgerror.InvalidSQLStatementName, `prepared statement "%s" does not exist`, name)
	}
	return p, nil
}

func (b *Backend) bind(m *pgproto3.Bind) error {
	st, err := b.lookupStmt(m.PreparedStatement)
	if err != nil {
		return err
	}
	if b.tx.status == txFailed && (st.empty || !allowedWhenFailed(st.stmt.AST)) {
		return errInFailedTx()
	}
	if m.DestinationPortal != "" {
		if _, exists := b.portals[m.DestinationPortal]; exists {
			return pgerror.New(pgerror.DuplicateCursor, `portal "%s" already exists`, m.DestinationPortal)
		}
	} else if old, ok := b.portals[""]; ok {
		old.close()
		delete(b.portals, "")
	}
	nf, np := len(m.ParameterFormatCodes), len(m.Parameters)
	if nf > 1 && nf != np {
		return pgerror.New(pgerror.ProtocolViolation, "bind message has %d parameter formats but %d parameters", nf, np)
	}
	if np != len(st.paramTypes) {
		return pgerror.New(pgerror.ProtocolViolation, `bind message supplies %d parameters, but prepared statement "%s" requires %d`,
			np, st.name, len(st.paramTypes))
	}
	if st.stmt.AST == nil || st.stmt.AST.GetTransactionStmt() == nil {
		b.beginImplicit()
	}
	ctx := b.TypeCtx()
	p := &portal{name: m.DestinationPortal, stmt: st, created: time.Now()}
	params := p.paramBuf[:0]
	if np > len(p.paramBuf) {
		params = make([]types.Datum, 0, np)
	}
	params = params[:np]
	for i, raw := range m.Parameters {
		f := pgwire.FormatFor(m.ParameterFormatCodes, i)
		t := st.paramTypes[i]
		if t == nil {
			t = types.Text
		}
		v, err := pgwire.DecodeParam(t, f, raw, i+1, ctx)
		if err != nil {
			return err
		}
		params[i] = v
	}
	if err := b.plan(st); err != nil {
		return err
	}
	nr := len(m.ResultFormatCodes)
	if nr > 1 && nr != len(st.cols) {
		return pgerror.New(pgerror.ProtocolViolation, "bind message has %d result formats but query has %d columns", nr, len(st.cols))
	}
	for _, f := range m.ResultFormatCodes {
		if f != pgwire.TextFormat && f != pgwire.BinaryFormat {
			return pgerror.New(pgerror.ProtocolViolation, "unsupported format code: %d", f)
		}
	}
	st.countPlan()
	p.params = params
	p.formats = append(p.formatBuf[:0], m.ResultFormatCodes...)
	b.bindSessionStmt(p)
	b.portals[p.name] = p
	b.conn.Send(&pgproto3.BindComplete{})
	return nil
}

func (b *Backend) describe(m *pgproto3.Describe) error {
	switch m.ObjectType {
	case 'S':
		st, err := b.lookupStmt(m.Name)
		if err != nil {
			return err
		}
		if b.tx.status == txFailed && st.cols != nil {
			return errInFailedTx()
		}
		oids := make([]uint32, len(st.paramTypes))
		for i, t := range st.paramTypes {
			if t != nil {
				oids[i] = uint32(t.Oid)
			}
		}
		b.conn.Send(pgwire.ParameterDescription(oids))
		if st.cols == nil {
			b.conn.Send(&pgproto3.NoData{})
		} else {
			b.conn.Send(pgwire.RowDescription(st.cols, nil))
		}
	case 'P':
		p, ok := b.portals[m.Name]
		if !ok {
			return pgerror.New(pgerror.InvalidCursorName, `portal "%s" does not exist`, m.Name)
		}
		if b.tx.status == txFailed && p.stmt.cols != nil {
			return errInFailedTx()
		}
		if p.stmt.cols == nil {
			b.conn.Send(&pgproto3.NoData{})
		} else {
			b.conn.Send(pgwire.RowDescription(p.stmt.cols, p.formats))
		}
	default:
		return pgerror.New(pgerror.ProtocolViolation, "invalid DESCRIBE message subtype %d", m.ObjectType)
	}
	return nil
}

func (b *Backend) execute(m *pgproto3.Execute) error {
	p, ok := b.portals[m.Portal]
	if !ok {
		return pgerror.New(pgerror.InvalidCursorName, `portal "%s" does not exist`, m.Portal)
	}
	if b.tx.status == txFailed && (p.stmt.empty || !allowedWhenFailed(p.stmt.stmt.AST)) {
		return errInFailedTx()
	}
	if !p.stmt.empty {
		b.query.Store(&p.stmt.sql)
		b.state.Store("active")
		if k := b.srv.Knobs; k != nil && k.BeforeStatement != nil {
			k.BeforeStatement(p.stmt.stmt.SQL)
		}
		if p.stmt.stmt.AST.GetTransactionStmt() == nil {
			b.beginImplicit()
		}
	}
	suspended, err := b.runPortal(p, int64(m.MaxRows))
	if err != nil {
		return b.statementError(err)
	}
	if !suspended {
		// The next message starts a new statement_timeout.
		b.batchDeadline = time.Time{}
	}
	return nil
}

func (b *Backend) closeObject(m *pgproto3.Close) {
	switch m.ObjectType {
	case 'S':
		delete(b.stmts, m.Name)
	case 'P':
		if p, ok := b.portals[m.Name]; ok {
			p.close()
			delete(b.portals, m.Name)
		}
	}
	b.conn.Send(&pgproto3.CloseComplete{})
}

// sync ends an extended-protocol batch: an implicit transaction commits,
// and ReadyForQuery is sent.
func (b *Backend) sync() {
	b.skipToSync = false
	if b.tx.status == txImplicit {
		if err := b.commitTransaction(); err != nil {
			b.conn.SendError(err)
			b.abortTransaction()
		}
	}
	b.readyForQuery()
}
