package backend

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire"
	"github.com/tuskdb/tusk/internal/sql/analyze"
	"github.com/tuskdb/tusk/internal/sql/copyfmt"
	"github.com/tuskdb/tusk/internal/sql/exec"
	"github.com/tuskdb/tusk/internal/sql/parser"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/planner"
	"github.com/tuskdb/tusk/internal/sql/types"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// This file runs COPY (PostgreSQL's commands/copy.c DoCopy, copyfrom.c
// and copyto.c) over the protocol's copy sub-protocol (PostgreSQL docs,
// section 55.2.6): COPY ... FROM STDIN reads CopyData messages until
// CopyDone, COPY ... TO STDOUT writes them. A superuser may also name a
// file on the server instead; programs are not run. The data formats are
// copyfmt's.
//
// COPY FROM is planned as INSERT INTO t (cols) VALUES ($1, ...), one
// parameter per copied column, and exec.CopyFrom feeds it the rows, so
// COPY gets INSERT's defaults and checks; its WHERE clause is planned as
// a query over the new row (copyWhere). COPY TO runs SELECT cols FROM
// ONLY t, or the given query, and formats its rows.
//
// Deviations from PostgreSQL: FREEZE is accepted whether or not the table
// was created or truncated in the transaction; COPY data is not converted
// from or to a client encoding other than UTF-8; PROGRAM is refused.
//
// Both run inside the statement's transaction, so a COPY that fails
// leaves nothing behind.

// copyFlushAt is the buffered output size beyond which COPY TO flushes.
const copyFlushAt = 64 << 10

// copyStmt executes COPY and returns its command tag.
func (b *Backend) copyStmt(p *prepared, cs *pg_query.CopyStmt) (string, error) {
	if (cs.Filename != "" && !b.opts.Superuser) || cs.IsProgram {
		return "", b.copyFileError(cs)
	}
	if cs.IsFrom {
		return b.copyFrom(p, cs)
	}
	return b.copyTo(p, cs)
}

// copyFileError refuses COPY to or from a server file (to a
// non-superuser) or a program: with PostgreSQL's privilege error for a
// non-superuser; a superuser is told that tusk does not run programs.
func (b *Backend) copyFileError(cs *pg_query.CopyStmt) error {
	const hint = `Anyone can COPY to stdout or from stdin. psql's \copy command also works for anyone.`
	if !b.opts.Superuser {
		switch {
		case cs.IsProgram:
			return pgerror.New(pgerror.InsufficientPrivilege, "must be superuser or have privileges of the pg_execute_server_program role to COPY to or from an external program").WithHint(hint)
		case cs.IsFrom:
			return pgerror.New(pgerror.InsufficientPrivilege, "must be superuser or have privileges of the pg_read_server_files role to COPY from a file").WithHint(hint)
		}
		return pgerror.New(pgerror.InsufficientPrivilege, "must be superuser or have privileges of the pg_write_server_files role to COPY to a file").WithHint(hint)
	}
	return pgerror.New(pgerror.FeatureNotSupported, "COPY to or from an external program is not supported").WithHint(hint)
}

// openCopyFile opens the server file of COPY FROM (for reading) or COPY
// TO (for writing), with PostgreSQL's errors. A relative path is refused
// for writing and, for reading, taken from the server's working directory
// (PostgreSQL's is the data directory).
func openCopyFile(name string, forWrite bool) (*os.File, error) {
	if forWrite && !filepath.IsAbs(name) {
		return nil, pgerror.New(pgerror.InvalidName, "relative path not allowed for COPY to file")
	}
	var f *os.File
	var err error
	if forWrite {
		f, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	} else {
		f, err = os.Open(name)
	}
	if err != nil {
		e := fileError(err, `could not open file "%s" for reading: %s`, name)
		hint := `COPY FROM instructs the PostgreSQL server process to read a file. You may want a client-side facility such as psql's \copy.`
		if forWrite {
			e = fileError(err, `could not open file "%s" for writing: %s`, name)
			hint = `COPY TO instructs the PostgreSQL server process to write a file. You may want a client-side facility such as psql's \copy.`
		}
		// The hint only when the file is missing or out of reach.
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.EACCES) {
			e = e.WithHint(hint)
		}
		return nil, e
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, pgerror.New(pgerror.WrongObjectType, `"%s" is a directory`, name)
	}
	return f, nil
}

// fileError reports a failed file operation as PostgreSQL does, with the
// SQLSTATE errcode_for_file_access gives the system error and its text
// as strerror prints it. format takes the file name and that text.
func fileError(err error, format, name string) *pgerror.Error {
	code := pgerror.InternalError
	var errno syscall.Errno
	if errors.As(err, &errno) {
		switch errno {
		case syscall.EPERM, syscall.EACCES, syscall.EROFS:
			code = pgerror.InsufficientPrivilege
		case syscall.ENOENT:
			code = pgerror.UndefinedFile
		case syscall.ENOTDIR, syscall.EISDIR, syscall.ENOTEMPTY:
			code = pgerror.WrongObjectType
		case syscall.EIO:
			code = pgerror.IOError
		}
	}
	text := err.Error()
	var pe *os.PathError
	if errors.As(err, &pe) {
		text = pe.Err.Error()
	}
	if text != "" {
		text = strings.ToUpper(text[:1]) + text[1:]
	}
	return pgerror.New(code, format, name, text)
}

// copyTable looks up COPY's table. A missing table is reported without a
// position, as PostgreSQL's table_openrv reports it.
func (b *Backend) copyTable(rv *pg_query.RangeVar) (*analyze.Table, error) {
	t, err := sessionCatalog{b}.LookupTable(rv.Schemaname, rv.Relname)
	if err != nil {
		return nil, err
	}
	if t == nil {
		name := rv.Relname
		if rv.Schemaname != "" {
			name = rv.Schemaname + "." + name
		}
		return nil, pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, name)
	}
	return t, nil
}

// copyColumn is a column COPY may name: a table's live column or a
// query's output column.
type copyColumn struct {
	name      string
	generated bool
}

// copyAttnums resolves COPY's column list (CopyGetAttnums) to indexes
// into cols; with no list, every column but generated ones. rel names
// the table for messages ("" for a query).
func copyAttnums(cols []copyColumn, rel string, list []string) ([]int, error) {
	var out []int
	if list == nil {
		for i, c := range cols {
			if !c.generated {
				out = append(out, i)
			}
		}
		return out, nil
	}
	for _, name := range list {
		idx := -1
		for i, c := range cols {
			if c.name == name {
				if c.generated {
					return nil, pgerror.New(pgerror.InvalidColumnReference, `column "%s" is a generated column`, name).
						WithDetail("Generated columns cannot be used in COPY.")
				}
				idx = i
				break
			}
		}
		if idx < 0 {
			if rel != "" {
				return nil, pgerror.New(pgerror.UndefinedColumn, `column "%s" of relation "%s" does not exist`, name, rel)
			}
			return nil, pgerror.New(pgerror.UndefinedColumn, `column "%s" does not exist`, name)
		}
		for _, o := range out {
			if o == idx {
				return nil, pgerror.New(pgerror.DuplicateColumn, `column "%s" specified more than once`, name)
			}
		}
		out = append(out, idx)
	}
	return out, nil
}

// copyForce resolves a FORCE_* option's columns to flags over the copied
// columns.
func copyForce(cols []copyColumn, rel string, attnums []int, list []string, option string) ([]bool, error) {
	if list == nil {
		return nil, nil
	}
	idxs, err := copyAttnums(cols, rel, list)
	if err != nil {
		return nil, err
	}
	flags := make([]bool, len(attnums))
	for k, idx := range idxs {
		found := false
		for i, a := range attnums {
			if a == idx {
				flags[i] = true
				found = true
			}
		}
		if !found {
			return nil, pgerror.New(pgerror.InvalidColumnReference, `%s column "%s" not referenced by COPY`, option, list[k])
		}
	}
	return flags, nil
}

func nameList(nodes []*pg_query.Node) []string {
	if len(nodes) == 0 {
		return nil
	}
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.GetString_().GetSval()
	}
	return out
}

func tableColumns(t *analyze.Table) []copyColumn {
	var cols []copyColumn
	for _, c := range t.LiveColumns() {
		cols = append(cols, copyColumn{name: c.Name, generated: c.Generated != 0})
	}
	return cols
}

// copyFrom runs COPY ... FROM STDIN.
func (b *Backend) copyFrom(p *prepared, cs *pg_query.CopyStmt) (string, error) {
	t, err := b.copyTable(cs.Relation)
	if err != nil {
		return "", err
	}
	var where *exec.Program
	if cs.WhereClause != nil {
		if where, err = b.copyWhere(p.sql, t, cs.WhereClause); err != nil {
			return "", err
		}
	}
	if b.tx.kv != nil {
		if err := b.tx.kv.T.CheckWritable("COPY FROM"); err != nil {
			return "", err
		}
	}
	opts, err := copyfmt.ParseOptions(p.sql, cs.Options, true)
	if err != nil {
		return "", err
	}
	cols := tableColumns(t)
	attnums, err := copyAttnums(cols, t.Name, nameList(cs.Attlist))
	if err != nil {
		return "", err
	}
	forceNotNull, err := copyForce(cols, t.Name, attnums, opts.ForceNotNull, "FORCE_NOT_NULL")
	if err != nil {
		return "", err
	}
	forceNull, err := copyForce(cols, t.Name, attnums, opts.ForceNull, "FORCE_NULL")
	if err != nil {
		return "", err
	}
	var file *os.File
	if cs.Filename != "" {
		if file, err = openCopyFile(cs.Filename, false); err != nil {
			return "", err
		}
		defer file.Close()
	}
	if t.Kind != 'r' {
		// PostgreSQL checks the target after starting the copy (CopyFrom),
		// so the client sends its data before it learns of the error.
		if file == nil {
			b.conn.Send(copyInResponse(opts, len(attnums)))
		}
		if t.Kind == 'v' {
			return "", pgerror.New(pgerror.WrongObjectType, `cannot copy to view "%s"`, t.Name).
				WithHint("To enable copying to a view, provide an INSTEAD OF INSERT trigger.")
		}
		if t.Kind == 'S' {
			return "", pgerror.New(pgerror.WrongObjectType, `cannot copy to sequence "%s"`, t.Name)
		}
		return "", pgerror.New(pgerror.WrongObjectType, `cannot copy to non-table relation "%s"`, t.Name)
	}
	live := t.LiveColumns()
	names := make([]string, len(attnums))
	colTypes := make([]*types.T, len(attnums))
	ins := &pg_query.InsertStmt{
		Relation: &pg_query.RangeVar{Schemaname: t.Schema, Relname: t.Name, Inh: true, Location: -1},
		Override: pg_query.OverridingKind_OVERRIDING_SYSTEM_VALUE,
	}
	values := make([]*pg_query.Node, len(attnums))
	for i, a := range attnums {
		names[i], colTypes[i] = live[a].Name, live[a].T
		ins.Cols = append(ins.Cols, pg_query.MakeResTargetNodeWithName(live[a].Name, -1))
		values[i] = pg_query.MakeParamRefNode(int32(i+1), -1)
	}
	if len(values) > 0 {
		// With no columns this is INSERT ... DEFAULT VALUES.
		ins.SelectStmt = &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{
			ValuesLists: []*pg_query.Node{pg_query.MakeListNode(values)},
			LimitOption: pg_query.LimitOption_LIMIT_OPTION_DEFAULT,
			Op:          pg_query.SetOperation_SETOP_NONE,
		}}}
	}
	an := analyze.New(p.sql, sessionCatalog{b}, analyze.NewParams(colTypes), b.TypeCtx())
	q, err := an.AnalyzeInsert(ins)
	if err != nil {
		return "", err
	}
	root, err := planner.Plan(q, b)
	if err != nil {
		return "", err
	}
	mt, ok := root.(*plan.ModifyTable)
	if !ok {
		return "", pgerror.New(pgerror.InternalError, "COPY FROM: unexpected plan %T", root)
	}
	prog, err := exec.CompileCopyFrom(mt, colTypes, names)
	if err != nil {
		return "", err
	}
	if where != nil {
		prog.SetWhere(where)
	}

	src := &copyIn{b: b}
	var in io.Reader = src
	if file != nil {
		in = file
	} else {
		b.conn.Send(copyInResponse(opts, len(attnums)))
		if err := b.conn.Flush(); err != nil {
			return "", err
		}
	}
	if file == nil {
		defer b.wakeOnCancel()()
	}
	r := copyfmt.NewReader(in, opts, names)
	r.SetForce(forceNotNull, forceNull)
	b.tx.snapshotTaken = true
	st := &exec.State{Env: b, Txn: execTxn{b}}
	n, err := prog.Run(st, r)
	if err != nil {
		if src.lost {
			b.loseSync(err)
		}
		return "", err
	}
	return pgwire.Tag("COPY", n), nil
}

// wakeOnCancel makes a read from the client that waits for COPY data
// fail when the statement is cancelled (cancel request,
// statement_timeout), as PostgreSQL's reads check for interrupts. The
// returned function undoes it; call it when the COPY ends.
func (b *Backend) wakeOnCancel() func() {
	woken := make(chan struct{})
	stop := context.AfterFunc(b.Context(), func() {
		b.conn.SetReadDeadline(time.Unix(1, 0))
		close(woken)
	})
	return func() {
		if !stop() {
			<-woken
			b.conn.SetReadDeadline(time.Time{})
		}
	}
}

// loseSync ends the session after a message other than the copy messages
// arrived during COPY FROM STDIN: PostgreSQL reads only its type before
// failing, so it can no longer tell where the next message starts. The
// client gets the error, then a FATAL one, and the connection closes.
func (b *Backend) loseSync(err error) {
	b.conn.SendError(err)
	b.conn.SendFatal(pgerror.New(pgerror.ProtocolViolation, "terminating connection because protocol synchronization was lost"))
	b.conn.Close()
}

// copyFormats returns the overall and per-column format codes of COPY's
// response messages: 1 (binary) for binary format, else 0 (text).
func copyFormats(opts *copyfmt.Options, ncols int) (byte, []uint16) {
	f := uint16(0)
	if opts.Format == copyfmt.Binary {
		f = 1
	}
	codes := make([]uint16, ncols)
	for i := range codes {
		codes[i] = f
	}
	return byte(f), codes
}

func copyInResponse(opts *copyfmt.Options, ncols int) *pgproto3.CopyInResponse {
	f, codes := copyFormats(opts, ncols)
	return &pgproto3.CopyInResponse{OverallFormat: f, ColumnFormatCodes: codes}
}

func copyOutResponse(opts *copyfmt.Options, ncols int) *pgproto3.CopyOutResponse {
	f, codes := copyFormats(opts, ncols)
	return &pgproto3.CopyOutResponse{OverallFormat: f, ColumnFormatCodes: codes}
}

// copyWhere plans COPY FROM's WHERE clause as
//
//	SELECT FROM (VALUES ($1, ...)) AS t (col, ...) WHERE cond
//
// whose parameters are the new row's live columns: it yields a row when
// the row is to be loaded.
func (b *Backend) copyWhere(sql string, t *analyze.Table, cond *pg_query.Node) (*exec.Program, error) {
	if loc := subLinkLocation(cond); loc >= 0 {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "cannot use subquery in COPY FROM WHERE condition").
			WithPosition(parser.CharPosition(sql, loc))
	}
	live := t.LiveColumns()
	colTypes := make([]*types.T, len(live))
	params := make([]*pg_query.Node, len(live))
	alias := &pg_query.Alias{Aliasname: t.Name}
	for i, c := range live {
		colTypes[i] = c.T
		params[i] = pg_query.MakeParamRefNode(int32(i+1), -1)
		alias.Colnames = append(alias.Colnames, pg_query.MakeStrNode(c.Name))
	}
	values := &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{
		ValuesLists: []*pg_query.Node{pg_query.MakeListNode(params)},
		LimitOption: pg_query.LimitOption_LIMIT_OPTION_DEFAULT,
		Op:          pg_query.SetOperation_SETOP_NONE,
	}}}
	sel := &pg_query.SelectStmt{
		FromClause: []*pg_query.Node{{Node: &pg_query.Node_RangeSubselect{RangeSubselect: &pg_query.RangeSubselect{
			Subquery: values, Alias: alias,
		}}}},
		WhereClause: cond,
		LimitOption: pg_query.LimitOption_LIMIT_OPTION_DEFAULT,
		Op:          pg_query.SetOperation_SETOP_NONE,
	}
	an := analyze.New(sql, sessionCatalog{b}, analyze.NewParams(colTypes), b.TypeCtx())
	q, err := an.AnalyzeSelect(sel)
	if err != nil {
		return nil, err
	}
	root, err := planner.Plan(q, b)
	if err != nil {
		return nil, err
	}
	return exec.Compile(root)
}

// subLinkLocation returns the location of the first subquery in a parse
// tree, or -1.
func subLinkLocation(n *pg_query.Node) int32 {
	loc := int32(-1)
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		if loc >= 0 {
			return
		}
		if sl, ok := m.Interface().(*pg_query.SubLink); ok {
			loc = sl.Location
			return
		}
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.IsList() && fd.Kind() == protoreflect.MessageKind:
				l := v.List()
				for i := 0; i < l.Len(); i++ {
					walk(l.Get(i).Message())
				}
			case fd.Kind() == protoreflect.MessageKind && !fd.IsMap():
				walk(v.Message())
			}
			return loc < 0
		})
	}
	walk(n.ProtoReflect())
	return loc
}

// copyIn reads the data of COPY FROM STDIN from CopyData messages
// (copyfromparse.c CopyGetData). It ends at CopyDone; CopyFail is an
// error; Flush and Sync are ignored, since clients may send them without
// noticing that their command was a COPY.
type copyIn struct {
	b    *Backend
	data []byte
	done bool
	// lost is set when another message arrived: the session cannot go on.
	lost bool
}

func (c *copyIn) Read(p []byte) (int, error) {
	for len(c.data) == 0 {
		if c.done {
			return 0, io.EOF
		}
		msg, err := c.b.conn.Receive()
		if err != nil {
			if cerr := c.b.Context().Err(); cerr != nil {
				// Woken by wakeOnCancel.
				return 0, cerr
			}
			var pe *pgerror.Error
			if errors.As(err, &pe) {
				return 0, err
			}
			return 0, pgerror.Wrap(err, pgerror.ConnectionFailure, "unexpected EOF on client connection with an open transaction")
		}
		switch m := msg.(type) {
		case *pgproto3.CopyData:
			c.data = m.Data
		case *pgproto3.CopyDone:
			c.done = true
		case *pgproto3.CopyFail:
			return 0, pgerror.New(pgerror.QueryCanceled, "COPY from stdin failed: %s", m.Message)
		case *pgproto3.Flush, *pgproto3.Sync:
		default:
			c.lost = true
			return 0, pgerror.New(pgerror.ProtocolViolation, "unexpected message type 0x%02X during COPY from stdin", msgType(msg))
		}
	}
	n := copy(p, c.data)
	c.data = c.data[n:]
	return n, nil
}

// copyTo runs COPY ... TO STDOUT.
func (b *Backend) copyTo(p *prepared, cs *pg_query.CopyStmt) (string, error) {
	var t *analyze.Table
	if cs.Relation != nil {
		var err error
		if t, err = b.copyTable(cs.Relation); err != nil {
			return "", err
		}
		switch t.Kind {
		case 'v':
			return "", pgerror.New(pgerror.WrongObjectType, `cannot copy from view "%s"`, t.Name).
				WithHint("Try the COPY (SELECT ...) TO variant.")
		case 'S':
			return "", pgerror.New(pgerror.WrongObjectType, `cannot copy from sequence "%s"`, t.Name)
		}
	}
	opts, err := copyfmt.ParseOptions(p.sql, cs.Options, false)
	if err != nil {
		return "", err
	}
	an := analyze.New(p.sql, sessionCatalog{b}, analyze.NewParams(nil), b.TypeCtx())
	var q *analyze.Query
	var cols []copyColumn
	var attnums []int
	rel := ""
	if t != nil {
		rel = t.Name
		cols = tableColumns(t)
		if attnums, err = copyAttnums(cols, t.Name, nameList(cs.Attlist)); err != nil {
			return "", err
		}
		from := pg_query.MakeFullRangeVar(t.Schema, t.Name, "", -1)
		from.Inh = false
		ss := &pg_query.SelectStmt{
			FromClause:  []*pg_query.Node{{Node: &pg_query.Node_RangeVar{RangeVar: from}}},
			LimitOption: pg_query.LimitOption_LIMIT_OPTION_DEFAULT,
			Op:          pg_query.SetOperation_SETOP_NONE,
		}
		live := t.LiveColumns()
		for _, a := range attnums {
			ref := pg_query.MakeColumnRefNode([]*pg_query.Node{pg_query.MakeStrNode(live[a].Name)}, -1)
			ss.TargetList = append(ss.TargetList, pg_query.MakeResTargetNodeWithVal(ref, -1))
		}
		if q, err = an.AnalyzeSelect(ss); err != nil {
			return "", err
		}
	} else {
		if q, err = b.copyQuery(an, cs.Query); err != nil {
			return "", err
		}
		targets := q.Columns()
		if q.Modify != nil {
			targets = q.Modify.Returning
		}
		for _, tg := range targets {
			cols = append(cols, copyColumn{name: tg.Name})
		}
		if attnums, err = copyAttnums(cols, "", nil); err != nil {
			return "", err
		}
	}
	forceQuote, err := copyForce(cols, rel, attnums, opts.ForceQuote, "FORCE_QUOTE")
	if err != nil {
		return "", err
	}
	root, err := planner.Plan(q, b)
	if err != nil {
		return "", err
	}
	prog, err := exec.Compile(root)
	if err != nil {
		return "", err
	}
	colTypes := make([]*types.T, 0, len(attnums))
	for _, c := range prog.Columns() {
		colTypes = append(colTypes, c.T)
	}
	var out *bufio.Writer
	if cs.Filename != "" {
		f, err := openCopyFile(cs.Filename, true)
		if err != nil {
			return "", err
		}
		defer f.Close()
		out = bufio.NewWriterSize(f, copyFlushAt)
	}
	b.tx.snapshotTaken = true
	st := &exec.State{Env: b, Txn: execTxn{b}}
	cur, err := prog.Start(st)
	if err != nil {
		return "", err
	}
	defer cur.Close()

	if out == nil {
		b.conn.Send(copyOutResponse(opts, len(attnums)))
	}
	w := copyfmt.NewWriter(opts, len(attnums), forceQuote)
	ctx := b.TypeCtx()
	var line, val []byte
	pending := 0
	send := func() error {
		if out != nil {
			if _, err := out.Write(line); err != nil {
				return fileError(err, `could not write to COPY file "%s": %s`, cs.Filename)
			}
			return nil
		}
		b.conn.Send(&pgproto3.CopyData{Data: line})
		pending += len(line) + 5
		if pending >= copyFlushAt {
			pending = 0
			return b.conn.Flush()
		}
		return nil
	}
	if opts.Header != copyfmt.HeaderNone {
		names := make([]string, len(attnums))
		for i, a := range attnums {
			names[i] = cols[a].name
		}
		line = w.AppendHeader(line[:0], names)
		if err := send(); err != nil {
			return "", err
		}
	}
	binaryFormat := opts.Format == copyfmt.Binary
	// The binary header goes with the first row, as PostgreSQL sends it.
	line = w.Start(line[:0])
	n := int64(0)
	for {
		row, err := cur.Next()
		if err != nil {
			return "", err
		}
		if row == nil {
			break
		}
		line = w.BeginRow(line)
		for i, d := range row[:len(colTypes)] {
			if d.IsNull() {
				line = w.AppendNull(line, i)
				continue
			}
			if binaryFormat {
				if val, err = types.AppendBinary(val[:0], colTypes[i], d, ctx); err != nil {
					return "", err
				}
			} else {
				val = types.Format(val[:0], colTypes[i], d, ctx)
			}
			line = w.AppendValue(line, i, val)
		}
		line = w.EndRow(line)
		if err := send(); err != nil {
			return "", err
		}
		line = line[:0]
		n++
	}
	if line = w.Finish(line); len(line) > 0 {
		if err := send(); err != nil {
			return "", err
		}
	}
	if out != nil {
		if err := out.Flush(); err != nil {
			return "", fileError(err, `could not write to COPY file "%s": %s`, cs.Filename)
		}
		return pgwire.Tag("COPY", n), nil
	}
	b.conn.Send(&pgproto3.CopyDone{})
	return pgwire.Tag("COPY", n), nil
}

// copyQuery analyzes the query of COPY (query) TO: a SELECT, or an
// INSERT, UPDATE or DELETE with RETURNING.
func (b *Backend) copyQuery(an *analyze.Analyzer, n *pg_query.Node) (*analyze.Query, error) {
	var q *analyze.Query
	var err error
	switch s := n.Node.(type) {
	case *pg_query.Node_SelectStmt:
		if s.SelectStmt.IntoClause != nil {
			return nil, pgerror.New(pgerror.FeatureNotSupported, "COPY (SELECT INTO) is not supported")
		}
		q, err = an.AnalyzeSelect(s.SelectStmt)
	case *pg_query.Node_InsertStmt:
		if len(s.InsertStmt.ReturningList) == 0 {
			return nil, errCopyReturning()
		}
		q, err = an.AnalyzeInsert(s.InsertStmt)
	case *pg_query.Node_UpdateStmt:
		if len(s.UpdateStmt.ReturningList) == 0 {
			return nil, errCopyReturning()
		}
		q, err = an.AnalyzeUpdate(s.UpdateStmt)
	case *pg_query.Node_DeleteStmt:
		if len(s.DeleteStmt.ReturningList) == 0 {
			return nil, errCopyReturning()
		}
		q, err = an.AnalyzeDelete(s.DeleteStmt)
	default:
		return nil, unsupportedStatement(n)
	}
	if err != nil {
		return nil, err
	}
	if err := an.CheckParams(); err != nil {
		return nil, err
	}
	return q, nil
}

func errCopyReturning() error {
	return pgerror.New(pgerror.FeatureNotSupported, "COPY query must have a RETURNING clause")
}
