package exec

import (
	"errors"

	"github.com/jackc/pgerrcode"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/copyfmt"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// This file runs COPY FROM (PostgreSQL's commands/copyfrom.c CopyFrom):
// rows read by a copyfmt.Reader go through the INSERT path of
// ModifyTable, so they get the same defaults and constraint checks, with
// COPY's error context naming the line and column at fault.
//
// Rows are handled as PostgreSQL's multi-insert does it: each line's
// fields are converted, the missing columns' defaults computed and the
// NOT NULL and CHECK constraints checked at once, then rows are buffered
// and inserted in batches (where unique violations surface), and foreign
// keys are checked when the whole input has been loaded, as PostgreSQL's
// AFTER triggers are. Memory stays bounded by the batch, plus, for a table
// with foreign keys, the key values of every row (PostgreSQL's AFTER
// trigger queue grows likewise).

// Batch limits, as PostgreSQL's MAX_BUFFERED_TUPLES and
// MAX_BUFFERED_BYTES.
const (
	copyBatchRows  = 1000
	copyBatchBytes = 65535
)

// CopyFrom is a compiled COPY FROM into one table. Once set up (SetWhere)
// it is immutable and safe for concurrent use; each Run has its own
// State.
type CopyFrom struct {
	mt *plan.ModifyTable
	// insert is ModifyTable without its foreign keys; checkFK has them.
	insert, checkFK build
	// row computes the new row's live columns from the parameters (one
	// per copied column): the planned input of an INSERT ... VALUES
	// ($1, ...).
	row      build
	colTypes []*types.T
	colNames []string
	// where, when set, is COPY FROM's WHERE clause: a program that
	// yields a row when the new row (its live columns as the parameters)
	// is to be loaded.
	where *Program
}

// SetWhere sets COPY FROM's WHERE clause: a program over parameters that
// are the new row's live columns, yielding a row for the rows to load
// (SELECT FROM (VALUES ($1, ...)) t WHERE cond).
func (c *CopyFrom) SetWhere(p *Program) { c.where = p }

// keep evaluates the WHERE clause for a new row.
func (c *CopyFrom) keep(s *State, live types.Row) (bool, error) {
	ws := &State{Env: s.Env, Params: live, Txn: s.Txn}
	cur, err := c.where.Start(ws)
	if err != nil {
		return false, err
	}
	defer cur.Close()
	row, err := cur.Next()
	return row != nil, err
}

// CompileCopyFrom compiles a COPY FROM. mt is the plan of an INSERT of
// one VALUES row whose items are parameters $1..$n, one per copied
// column, typed as the columns (colTypes) and named colNames.
func CompileCopyFrom(mt *plan.ModifyTable, colTypes []*types.T, colNames []string) (*CopyFrom, error) {
	if mt.Op != plan.OpInsert || len(mt.Returning) > 0 || mt.OnConflict != nil {
		return nil, pgerror.New(pgerror.InternalError, "COPY FROM needs a plain INSERT plan")
	}
	c := &compiler{ctes: map[*plan.CTE]build{}}
	cf := &CopyFrom{mt: mt, colTypes: colTypes, colNames: colNames}
	var err error
	if cf.row, err = c.node(mt.Input); err != nil {
		return nil, err
	}
	noFK := *mt
	noFK.ForeignKeys = nil
	if cf.insert, err = c.modifyTable(&noFK); err != nil {
		return nil, err
	}
	if len(mt.ForeignKeys) > 0 {
		if cf.checkFK, err = c.modifyTable(mt); err != nil {
			return nil, err
		}
	}
	return cf, nil
}

// pendingRow is a row waiting in the batch, with its line number.
type pendingRow struct {
	live types.Row
	line int64
}

// Run reads every line of r and inserts its row, returning the number of
// rows inserted. s.Params is overwritten. On error nothing is undone: the
// caller rolls back the statement, as for any failed statement.
func (c *CopyFrom) Run(s *State, r *copyfmt.Reader) (int64, error) {
	kv, err := s.kv()
	if err != nil {
		return 0, err
	}
	ctx := s.Env.Context()
	tctx := s.Env.TypeCtx()
	ins, err := c.modifier(s, c.insert)
	if err != nil {
		return 0, err
	}
	var fk *modifyOp
	// fkKeys holds, row after row, the values of the columns in fkCols:
	// what the foreign key checks at the end read.
	var fkCols []int
	var fkKeys []types.Datum
	if c.checkFK != nil {
		if fk, err = c.modifier(s, c.checkFK); err != nil {
			return 0, err
		}
		seen := map[int]bool{}
		for _, f := range c.mt.ForeignKeys {
			for _, col := range f.Cols {
				if !seen[col] {
					seen[col] = true
					fkCols = append(fkCols, col)
				}
			}
		}
	}
	rel := c.mt.TableName
	binaryFormat := r.Binary()
	rows := &rowSource{c: c}
	params := make([]types.Datum, len(c.colTypes))
	s.Params = params
	var batch []pendingRow
	batchBytes := 0
	flush := func() error {
		for _, p := range batch {
			if err := ins.insert(s, ctx, kv, p.live); err != nil {
				return withContext(err, copyfmt.LineNoContext(rel, p.line))
			}
			if fk != nil {
				full := fk.fullRow(p.live)
				for _, col := range fkCols {
					fkKeys = append(fkKeys, full[col])
				}
			}
		}
		batch = batch[:0]
		batchBytes = 0
		return nil
	}
	for {
		if err := s.checkCancel(); err != nil {
			return 0, err
		}
		ok, err := r.Next()
		if err != nil {
			return 0, withContext(err, r.ErrorContext(rel, c.colNames))
		}
		if !ok {
			break
		}
		for i, t := range c.colTypes {
			if err := r.FieldErr(i); err != nil {
				return 0, withContext(err, r.ErrorContext(rel, c.colNames))
			}
			if i >= r.NumFields() {
				return 0, withContext(pgerror.New(pgerrcode.BadCopyFileFormat, `missing data for column "%s"`, c.colNames[i]), r.LineContext(rel))
			}
			v, null := r.Field(i)
			if null {
				params[i] = types.Null
				continue
			}
			var d types.Datum
			if binaryFormat {
				d, err = parseBinary(t, v, tctx)
			} else {
				d, err = types.Parse(t, string(v), tctx)
			}
			if err != nil {
				return 0, withContext(err, r.ColumnContext(rel, c.colNames[i], v, false))
			}
			params[i] = d
		}
		live, err := rows.newRow(s)
		if err == nil && c.where != nil {
			var keep bool
			if keep, err = c.keep(s, live); err == nil && !keep {
				continue
			}
		}
		if err == nil {
			live, err = ins.generate(s, live)
		}
		if err == nil {
			err = ins.checkRow(s, live)
		}
		if err != nil {
			return 0, withContext(err, r.LineContext(rel))
		}
		batch = append(batch, pendingRow{live: live, line: r.LineNo()})
		batchBytes += r.LineLen()
		if len(batch) >= copyBatchRows || batchBytes >= copyBatchBytes {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := flush(); err != nil {
		return 0, err
	}
	if fk != nil {
		full := make(types.Row, len(c.mt.Table.Cols))
		for len(fkKeys) > 0 {
			if err := s.checkCancel(); err != nil {
				return 0, err
			}
			for i, col := range fkCols {
				full[col] = fkKeys[i]
			}
			fkKeys = fkKeys[len(fkCols):]
			if err := fk.checkForeignKeys(s, ctx, kv, full, nil); err != nil {
				return 0, err
			}
		}
	}
	if err := ins.fireAfter(s); err != nil {
		return 0, err
	}
	return s.RowsAffected, nil
}

// modifier instantiates a compiled ModifyTable to use its row methods.
func (c *CopyFrom) modifier(s *State, b build) (*modifyOp, error) {
	op, err := b(s)
	if err != nil {
		return nil, err
	}
	op.Close()
	m, ok := op.(*modifyOp)
	if !ok {
		return nil, pgerror.New(pgerror.InternalError, "COPY FROM: unexpected operator %T", op)
	}
	return m, nil
}

// rowSource computes new rows from s.Params. The input of the planned
// INSERT is a projection over a one-row VALUES; its operator is rewound
// for each row instead of being built again.
type rowSource struct {
	c      *CopyFrom
	op     operator
	values *valuesOp
}

// newRow computes the new row's live columns from s.Params.
func (r *rowSource) newRow(s *State) (types.Row, error) {
	if r.values != nil {
		r.values.pos = 0
		return r.next(s, r.op)
	}
	op, err := r.c.row(s)
	if err != nil {
		return nil, err
	}
	if p, ok := op.(*projectOp); ok {
		if v, ok := p.in.(*valuesOp); ok && len(v.rows) == 1 {
			// Neither operator holds resources: nothing to close.
			r.op, r.values = op, v
			return r.next(s, op)
		}
	}
	defer op.Close()
	return r.next(s, op)
}

func (r *rowSource) next(s *State, op operator) (types.Row, error) {
	row, err := op.Next(s)
	if err != nil {
		return nil, err
	}
	if row == nil {
		return nil, pgerror.New(pgerror.InternalError, "COPY FROM: no row")
	}
	return append(types.Row(nil), row...), nil
}

// parseBinary converts a binary COPY field as the type's receive function
// does, with COPY's message for data the type does not consume whole.
func parseBinary(t *types.T, v []byte, tctx *types.Ctx) (types.Datum, error) {
	d, err := types.ParseBinary(t, v, tctx)
	if err != nil {
		var pe *pgerror.Error
		if errors.As(err, &pe) {
			switch pe.Code {
			case pgerror.InvalidBinaryRepresentation:
				return types.Null, pgerror.New(pgerror.InvalidBinaryRepresentation, "incorrect binary data format")
			case pgerror.CharacterNotInRepertoire:
				if e := pgerror.VerifyUTF8(v); e != nil {
					return types.Null, e
				}
			}
		}
	}
	return d, err
}

// withContext adds a CONTEXT line to a query error. Foreign key
// violations get none: PostgreSQL reports them from AFTER triggers, once
// COPY's own context is gone. Errors that are not query errors
// (cancellation) are left as they are.
func withContext(err error, where string) error {
	var pe *pgerror.Error
	if !errors.As(err, &pe) || pe.Code == pgerror.ForeignKeyViolation || where == "" {
		return err
	}
	return pe.WithWhere(where)
}
