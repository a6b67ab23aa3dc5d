package pebblekv

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/bloom"
	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/tuskdb/tusk/internal/kv"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// Options configure the engine. The zero value is a durable engine with
// background garbage collection.
type Options struct {
	// NoSync makes commits asynchronous unless a transaction asks for
	// kv.SyncOn: PostgreSQL's synchronous_commit=off as the server default.
	NoSync bool
	// AsyncSyncInterval is how often the log is synced while asynchronous
	// commits are pending (PostgreSQL's wal_writer_delay); default 200ms.
	AsyncSyncInterval time.Duration
	// CacheSize is the block cache size in bytes; default 64 MiB.
	CacheSize int64
	// MemTableSize is the size of a memtable in bytes; default 32 MiB.
	MemTableSize uint64
	// GCInterval is the pause between garbage collection passes over the
	// whole key space; default 1s. Negative disables background collection
	// (Vacuum still works).
	GCInterval time.Duration
	// GCRoundKeys bounds the work of one collection round, in versions
	// examined; default 10000. Rounds of one pass are 10ms apart.
	GCRoundKeys int
	// FS replaces the file system (tests inject crashes through it). Open
	// uses vfs.Default and OpenInMemory vfs.NewMem() when it is nil.
	FS vfs.FS
	// Logf receives Pebble's log lines; nil discards them.
	Logf func(format string, args ...any)
	// TestingLockWait, if set, is called when a transaction starts to wait
	// for a lock (once per Lock, Put or Delete call that waits), so tests
	// can sequence waits without sleeping.
	TestingLockWait func(key []byte)
}

// DB is the Pebble engine. It implements kv.DB and is safe for concurrent
// use.
type DB struct {
	pdb   *pebble.DB
	cache *pebble.Cache
	opts  Options

	status *statusTable
	owners owners
	snaps  snapshots
	cq     commitQueue
	locks  *lockTable

	// ids numbers transactions and subtransactions; seq numbers versions
	// and commits. Their ceilings share one metadata record.
	ceilMu sync.Mutex
	ids    counter
	seq    counter
	// idMu makes allocating an ID and recording it as running atomic with
	// respect to the collector's scan of the status table.
	idMu sync.Mutex

	graphMu sync.Mutex // the wait-for graph (txn.waitsFor)

	// readers counts the open Pebble iterators that read versions, so a
	// garbage collection pass freezes IDs only once no iterator opened
	// before its deletions remains (readers.go).
	readers readerEpochs

	asyncPending atomic.Bool
	gc           gcState
	// testingGCAfterSnapshots runs in each collection round after the
	// snapshots in use are listed (tests commit in between).
	testingGCAfterSnapshots func()

	failed  atomic.Pointer[error]
	closing chan struct{}
	wg      sync.WaitGroup
	closed  atomic.Bool
}

var _ kv.DB = (*DB)(nil)

// Open opens (creating if needed) the engine stored in directory dir,
// recovering from a crash if there was one.
func Open(dir string, opts *Options) (*DB, error) {
	o := Options{}
	if opts != nil {
		o = *opts
	}
	if o.FS == nil {
		o.FS = vfs.Default
	}
	return open(dir, o)
}

// OpenInMemory opens an empty engine that keeps everything in memory, with
// the same semantics as an on-disk one (a "crash" is the end of the
// process).
func OpenInMemory(opts *Options) (*DB, error) {
	o := Options{}
	if opts != nil {
		o = *opts
	}
	if o.FS == nil {
		o.FS = vfs.NewMem()
	}
	return open("", o)
}

type logger struct{ logf func(string, ...any) }

func (l logger) Infof(format string, args ...any) {
	if l.logf != nil {
		l.logf(format, args...)
	}
}
func (l logger) Errorf(format string, args ...any) { l.Infof(format, args...) }
func (l logger) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf("pebble: "+format, args...))
}

const (
	idStep  = 1 << 16
	seqStep = 1 << 20
)

func open(dir string, o Options) (*DB, error) {
	if o.CacheSize <= 0 {
		o.CacheSize = 64 << 20
	}
	if o.MemTableSize == 0 {
		o.MemTableSize = 32 << 20
	}
	if o.GCInterval == 0 {
		o.GCInterval = time.Second
	}
	if o.GCRoundKeys <= 0 {
		o.GCRoundKeys = 10000
	}
	if o.AsyncSyncInterval <= 0 {
		o.AsyncSyncInterval = 200 * time.Millisecond
	}
	db := &DB{opts: o, closing: make(chan struct{}), locks: newLockTable()}
	db.cache = pebble.NewCache(o.CacheSize)
	po := &pebble.Options{
		FS:                 o.FS,
		Comparer:           comparer,
		Cache:              db.cache,
		MemTableSize:       o.MemTableSize,
		FormatMajorVersion: pebble.FormatNewest,
		Logger:             logger{o.Logf},
	}
	for i := range po.Levels {
		po.Levels[i].FilterPolicy = bloom.FilterPolicy(10)
	}
	pdb, err := pebble.Open(dir, po)
	db.cache.Unref()
	if err != nil {
		return nil, fmt.Errorf("pebblekv: open %q: %w", dir, err)
	}
	db.pdb = pdb
	if err := db.recover(); err != nil {
		_ = pdb.Close()
		return nil, err
	}
	db.wg.Add(2)
	go db.syncLoop()
	go db.gcLoop()
	return db, nil
}

// recover rebuilds the in-memory state from the store: the counters'
// ceilings, the frozen horizon and the commit log. Every ID without a
// commit record is aborted; locks lived in memory (or in versions of
// aborted transactions), so none survive.
func (db *DB) recover() error {
	idCeil, seqCeil := uint64(1), firstSeq
	if v, closer, err := db.pdb.Get(metaKey("ceil")); err == nil {
		if len(v) != 16 {
			closer.Close()
			return errors.New("pebblekv: corrupt ceiling record")
		}
		idCeil, seqCeil = binary.BigEndian.Uint64(v), binary.BigEndian.Uint64(v[8:])
		closer.Close()
	} else if !errors.Is(err, pebble.ErrNotFound) {
		return err
	}
	frozen := uint64(1)
	if v, closer, err := db.pdb.Get(metaKey("frozen")); err == nil {
		frozen = binary.BigEndian.Uint64(v)
		closer.Close()
	} else if !errors.Is(err, pebble.ErrNotFound) {
		return err
	}
	db.status = newStatusTable(frozen)
	db.snaps.counts = make(map[uint64]int)
	maxSeq := firstSeq
	it, err := db.pdb.NewIter(&pebble.IterOptions{
		LowerBound: clogKey(frozen),
		UpperBound: []byte{nsClog + 1},
	})
	if err != nil {
		return err
	}
	for ok := it.First(); ok; ok = it.Next() {
		k, v := it.Key(), it.Value()
		if len(k) != 10 || len(v) != 8 {
			it.Close()
			return errCorrupt(k)
		}
		id, c := binary.BigEndian.Uint64(k[1:9]), binary.BigEndian.Uint64(v)
		db.status.set(id, c)
		maxSeq = max(maxSeq, c)
	}
	if err := it.Close(); err != nil {
		return err
	}
	for _, c := range []*counter{&db.ids, &db.seq} {
		c.mu = &db.ceilMu
		c.persist = db.persistCeilings
	}
	db.ids.step, db.seq.step = idStep, seqStep
	// Start at the old ceilings: numbers below them may be in the log.
	seqCeil = max(seqCeil, maxSeq+1)
	db.ids.n.Store(idCeil)
	db.ids.ceil.Store(idCeil)
	db.ids.target = idCeil
	db.seq.n.Store(seqCeil)
	db.seq.ceil.Store(seqCeil)
	db.seq.target = seqCeil
	db.cq.visible.Store(seqCeil)
	db.gc.frozen = frozen
	return nil
}

// persistCeilings writes both counters' ceilings (called with ceilMu).
// The write need not be synced: the log is replayed in order, so a
// recovered record that uses a number implies this record was recovered.
func (db *DB) persistCeilings() error {
	var v [16]byte
	binary.BigEndian.PutUint64(v[:], max(db.ids.target, db.ids.ceil.Load()))
	binary.BigEndian.PutUint64(v[8:], max(db.seq.target, db.seq.ceil.Load()))
	return db.pdb.Set(metaKey("ceil"), v[:], pebble.NoSync)
}

// newID allocates a transaction ID owned by t and records it as running.
func (db *DB) newID(t *txn) uint64 {
	db.idMu.Lock()
	id := db.ids.next()
	db.status.set(id, stInProgress)
	db.idMu.Unlock()
	db.owners.put(id, t)
	return id
}

func (db *DB) check() error {
	if p := db.failed.Load(); p != nil {
		return pgerror.Wrap(*p, pgerror.IOError, "storage engine failed: %v", *p)
	}
	if db.closed.Load() {
		return errClosed
	}
	return nil
}

// fail stops the engine after an error that leaves the durable state
// unknown.
func (db *DB) fail(err error) {
	db.failed.CompareAndSwap(nil, &err)
}

var errClosed = errors.New("pebblekv: engine closed")

func errCorrupt(key []byte) error {
	return pgerror.New(pgerror.DataCorrupted, "pebblekv: corrupt record at key %v", keyFormatter(key))
}

func errBadMode(m kv.LockMode) error {
	return fmt.Errorf("pebblekv: invalid lock mode %d", m)
}

// Close stops the background work and closes the store. Transactions still
// open are abandoned: they never commit.
func (db *DB) Close() error {
	if !db.closed.CompareAndSwap(false, true) {
		return nil
	}
	close(db.closing)
	db.wg.Wait()
	if db.asyncPending.Load() {
		_ = db.pdb.LogData(nil, pebble.Sync)
	}
	return db.pdb.Close()
}

// syncLoop syncs the log shortly after asynchronous commits, as
// PostgreSQL's WAL writer does.
func (db *DB) syncLoop() {
	defer db.wg.Done()
	t := time.NewTicker(db.opts.AsyncSyncInterval)
	defer t.Stop()
	for {
		select {
		case <-db.closing:
			return
		case <-t.C:
			if db.asyncPending.Swap(false) {
				if err := db.pdb.LogData(nil, pebble.Sync); err != nil {
					db.fail(err)
				}
			}
		}
	}
}

// Update runs fn in a short transaction of its own and commits it: the
// cheap autonomous update that non-transactional objects such as sequences
// need. It does not wait for the log sync (the update is made durable by the
// next synced commit or within AsyncSyncInterval, as PostgreSQL logs
// sequence advances).
func (db *DB) Update(ctx context.Context, fn func(kv.Txn) error) error {
	t, err := db.Begin(ctx, kv.TxnOptions{Sync: kv.SyncOff})
	if err != nil {
		return err
	}
	if err := fn(t); err != nil {
		_ = t.Rollback(ctx)
		return err
	}
	return t.Commit(ctx)
}
