package exec

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"io"
	"os"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/plan"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

// Spilling (README.md): a sort keeps its rows in memory up to
// work_mem, then writes sorted runs to temporary files and merges them; a
// hash aggregation keeps groups up to work_mem * hash_mem_multiplier, then
// sends the rows of groups it has no room for to partition files and
// aggregates each partition afterwards. PostgreSQL's tuplesort.c and
// nodeAgg.c's spill work the same way.

// spillMaxDepth bounds repartitioning by hash aggregation and hash join:
// a partition that still does not fit is split again with another hash
// seed, at most this deep (then it is processed in memory).
const spillMaxDepth = 6

// MemoryEnv is what an executor environment tells about memory limits.
// An environment that does not implement it leaves operators unbounded.
type MemoryEnv interface {
	// WorkMem is work_mem in bytes.
	WorkMem() int64
	// HashMemMultiplier is hash_mem_multiplier.
	HashMemMultiplier() float64
	// TempDir is the directory for temporary files ("" for the system's).
	TempDir() string
}

// memLimit returns the bytes a sort (hash false) or hash table (hash true)
// may hold, or 0 for no limit.
func memLimit(s *State, hash bool) int64 {
	m, ok := s.Env.(MemoryEnv)
	if !ok {
		return 0
	}
	w := m.WorkMem()
	if w <= 0 {
		return 0
	}
	if hash {
		if f := m.HashMemMultiplier(); f > 1 {
			w = int64(float64(w) * f)
		}
	}
	return w
}

func tempDir(s *State) string {
	if m, ok := s.Env.(MemoryEnv); ok {
		return m.TempDir()
	}
	return ""
}

// spillFile is a temporary file of rows in storage's row encoding. The
// file is unlinked at creation, so it disappears when closed, also when
// the server is killed.
type spillFile struct {
	f    *os.File
	w    *bufio.Writer
	cols []*types.T
	buf  []byte
	rows int64
}

func newSpillFile(dir string, cols []*types.T) (*spillFile, error) {
	f, err := os.CreateTemp(dir, "tusk-spill-")
	if err != nil {
		return nil, pgerror.Wrap(err, pgerror.IOError, "could not create temporary file: %v", err)
	}
	_ = os.Remove(f.Name())
	return &spillFile{f: f, w: bufio.NewWriterSize(f, 64<<10), cols: cols}, nil
}

func (sf *spillFile) write(row types.Row) error {
	var err error
	sf.buf, err = storage.EncodeRow(sf.buf[:0], sf.cols, row)
	if err != nil {
		return err
	}
	var lb [binary.MaxVarintLen64]byte
	n := binary.PutUvarint(lb[:], uint64(len(sf.buf)))
	if _, err := sf.w.Write(lb[:n]); err != nil {
		return sf.ioError(err)
	}
	if _, err := sf.w.Write(sf.buf); err != nil {
		return sf.ioError(err)
	}
	sf.rows++
	return nil
}

func (sf *spillFile) ioError(err error) error {
	return pgerror.Wrap(err, pgerror.IOError, "could not write to temporary file: %v", err)
}

// rewind ends writing and positions the file for reading from the start.
func (sf *spillFile) rewind() error {
	if err := sf.w.Flush(); err != nil {
		return sf.ioError(err)
	}
	if _, err := sf.f.Seek(0, io.SeekStart); err != nil {
		return sf.ioError(err)
	}
	sf.w = nil
	return nil
}

// reader reads the rows back; the file must have been rewound.
func (sf *spillFile) reader() *spillReader {
	return &spillReader{r: bufio.NewReaderSize(sf.f, 64<<10), cols: sf.cols}
}

func (sf *spillFile) close() {
	if sf.f != nil {
		sf.f.Close()
		sf.f = nil
	}
}

type spillReader struct {
	r    *bufio.Reader
	cols []*types.T
	buf  []byte
}

// next returns the next row, or nil at the end.
func (r *spillReader) next() (types.Row, error) {
	n, err := binary.ReadUvarint(r.r)
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, readError(err)
	}
	if uint64(cap(r.buf)) < n {
		r.buf = make([]byte, n)
	}
	r.buf = r.buf[:n]
	if _, err := io.ReadFull(r.r, r.buf); err != nil {
		return nil, readError(err)
	}
	row := make(types.Row, len(r.cols))
	if err := storage.DecodeRow(r.buf, r.cols, row); err != nil {
		return nil, err
	}
	return row, nil
}

func readError(err error) error {
	return pgerror.Wrap(err, pgerror.IOError, "could not read from temporary file: %v", err)
}

// spillable reports whether rows of these column types survive the trip
// through a spill file (every type with a binary format does).
func spillable(cols []*types.T, row types.Row) bool {
	_, err := storage.EncodeRow(nil, cols, row)
	return err == nil
}

func columnTypes(cols []plan.Column) []*types.T {
	ts := make([]*types.T, len(cols))
	for i, c := range cols {
		ts[i] = c.T
	}
	return ts
}

// runMerger merges sorted runs. Among equal rows, an earlier run's come
// first, which with stable runs keeps the whole sort stable.
type runMerger struct {
	keys  []plan.SortKey
	heads []mergeHead
}

type mergeHead struct {
	row types.Row
	run int
	r   *spillReader
}

func (m *runMerger) Len() int { return len(m.heads) }
func (m *runMerger) Less(i, j int) bool {
	if c := compareRows(m.keys, m.heads[i].row, m.heads[j].row); c != 0 {
		return c < 0
	}
	return m.heads[i].run < m.heads[j].run
}
func (m *runMerger) Swap(i, j int) { m.heads[i], m.heads[j] = m.heads[j], m.heads[i] }
func (m *runMerger) Push(x any)    { m.heads = append(m.heads, x.(mergeHead)) }
func (m *runMerger) Pop() any {
	h := m.heads[len(m.heads)-1]
	m.heads = m.heads[:len(m.heads)-1]
	return h
}

func newRunMerger(keys []plan.SortKey, runs []*spillFile) (*runMerger, error) {
	m := &runMerger{keys: keys}
	for i, f := range runs {
		if err := f.rewind(); err != nil {
			return nil, err
		}
		r := f.reader()
		row, err := r.next()
		if err != nil {
			return nil, err
		}
		if row != nil {
			m.heads = append(m.heads, mergeHead{row: row, run: i, r: r})
		}
	}
	heap.Init(m)
	return m, nil
}

// next returns the smallest remaining row, or nil when all runs are done.
func (m *runMerger) next() (types.Row, error) {
	if len(m.heads) == 0 {
		return nil, nil
	}
	top := &m.heads[0]
	row := top.row
	nxt, err := top.r.next()
	if err != nil {
		return nil, err
	}
	if nxt == nil {
		heap.Pop(m)
	} else {
		top.row = nxt
		heap.Fix(m, 0)
	}
	return row, nil
}
