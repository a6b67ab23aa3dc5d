package catalog

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
)

// KV is what the catalog needs from a key-value transaction. The catalog
// owns this interface; the storage engine's transactions satisfy it
// through a thin adapter.
type KV interface {
	Get(ctx context.Context, key []byte) (value []byte, found bool, err error)
	Put(ctx context.Context, key, value []byte) error
	Delete(ctx context.Context, key []byte) error
	// Scan calls fn for each key in [start, end) in order. The slices are
	// valid only during the call.
	Scan(ctx context.Context, start, end []byte, fn func(key, value []byte) error) error
}

// DB runs autonomous transactions: writes that commit on their own,
// whatever happens to the caller's transaction (OID allocation, sequence
// values).
type DB interface {
	Update(ctx context.Context, fn func(KV) error) error
	View(ctx context.Context, fn func(KV) error) error
}

// Key layout of the catalog in the key-value store.
var (
	prefixDesc    = []byte("\x01cat/desc/")
	keyVersion    = []byte("\x01cat/version")
	keyNextOid    = []byte("\x01cat/nextoid")
	prefixSeqVal  = []byte("\x01cat/seqval/")
	prefixSeqEnd  = []byte("\x01cat/seqval0")
	prefixDescEnd = []byte("\x01cat/desc0")
)

func descKey(o Oid) []byte {
	return binary.BigEndian.AppendUint32(append([]byte(nil), prefixDesc...), uint32(o))
}

// Snapshot is an immutable set of descriptors: the catalog as of one
// committed version. It is safe for concurrent use.
type Snapshot struct {
	Version uint64
	byOid   map[Oid]*Desc
	// byName indexes named objects: "d/<name>" databases, "r/<name>"
	// roles, "s/<db>/<name>" schemas, "n/<schema>/<name>" relations and
	// types.
	byName map[string]Oid
	// funcs indexes functions by name, triggers by table (funcs.go).
	funcs    map[string][]Oid
	triggers map[Oid][]Oid
}

func newSnapshot(version uint64, descs map[Oid]*Desc) *Snapshot {
	s := &Snapshot{Version: version, byOid: descs, byName: make(map[string]Oid, len(descs))}
	for _, d := range descs {
		if k := nameKey(d); k != "" {
			s.byName[k] = d.Oid
		}
	}
	s.buildIndexes()
	return s
}

func nameKey(d *Desc) string {
	switch d.Kind {
	case KindDatabase:
		return "d/" + d.Name
	case KindRole:
		return "r/" + d.Name
	case KindSchema:
		return fmt.Sprintf("s/%d/%s", d.Database, d.Name)
	case KindTable, KindView, KindSequence, KindIndex, KindType:
		return fmt.Sprintf("n/%d/%s", d.Schema, d.Name)
	case KindTrigger:
		return fmt.Sprintf("t/%d/%s", d.Trigger.Table, d.Name)
	}
	return ""
}

// Store is the server-wide catalog: the latest committed snapshot, OID
// allocation and sequence values. Safe for concurrent use.
type Store struct {
	db  DB
	cur atomic.Pointer[Snapshot]

	oidMu   sync.Mutex
	nextOid Oid
	oidEnd  Oid // OIDs below oidEnd are reserved durably

	seqMu sync.Mutex
	seqs  map[Oid]*seqState
}

// Open loads the catalog, bootstrapping it on an empty store.
func Open(ctx context.Context, db DB) (*Store, error) {
	s := &Store{db: db, seqs: map[Oid]*seqState{}}
	var empty bool
	err := db.View(ctx, func(kv KV) error {
		_, found, err := kv.Get(ctx, keyVersion)
		empty = !found
		return err
	})
	if err != nil {
		return nil, err
	}
	if empty {
		if err := db.Update(ctx, func(kv KV) error { return bootstrap(ctx, kv) }); err != nil {
			return nil, fmt.Errorf("bootstrapping the catalog: %w", err)
		}
	}
	if err := db.View(ctx, func(kv KV) error { return s.load(ctx, kv) }); err != nil {
		return nil, err
	}
	return s, nil
}

// load reads every descriptor into a new snapshot.
func (s *Store) load(ctx context.Context, kv KV) error {
	v, _, err := kv.Get(ctx, keyVersion)
	if err != nil {
		return err
	}
	descs := map[Oid]*Desc{}
	err = kv.Scan(ctx, prefixDesc, prefixDescEnd, func(_, value []byte) error {
		d := &Desc{}
		if err := json.Unmarshal(value, d); err != nil {
			return fmt.Errorf("decoding catalog descriptor: %w", err)
		}
		descs[d.Oid] = d
		return nil
	})
	if err != nil {
		return err
	}
	registerTypes(descs)
	ver := uint64(0)
	if len(v) == 8 {
		ver = binary.BigEndian.Uint64(v)
	}
	s.cur.Store(newSnapshot(ver, descs))
	next, _, err := kv.Get(ctx, keyNextOid)
	if err != nil {
		return err
	}
	s.nextOid = FirstNormalOid
	if len(next) == 4 {
		s.nextOid = Oid(binary.BigEndian.Uint32(next))
	}
	s.oidEnd = s.nextOid
	return nil
}

// Current returns the latest committed snapshot.
func (s *Store) Current() *Snapshot { return s.cur.Load() }

// Reload re-reads the catalog when another server process may have
// changed it (not needed while the server is the store's only writer).
func (s *Store) Reload(ctx context.Context) error {
	return s.db.View(ctx, func(kv KV) error { return s.load(ctx, kv) })
}

// NewOid allocates an OID for a new object. OIDs are reserved durably in
// blocks, so they are never reused after a restart.
func (s *Store) NewOid(ctx context.Context) (Oid, error) {
	s.oidMu.Lock()
	defer s.oidMu.Unlock()
	if s.nextOid >= s.oidEnd {
		end := s.nextOid + 256
		err := s.db.Update(ctx, func(kv KV) error {
			return kv.Put(ctx, keyNextOid, binary.BigEndian.AppendUint32(nil, uint32(end)))
		})
		if err != nil {
			return 0, err
		}
		s.oidEnd = end
	}
	o := s.nextOid
	s.nextOid++
	return o, nil
}

// Get returns the descriptor with the given OID.
func (sn *Snapshot) Get(o Oid) *Desc { return sn.byOid[o] }

// All returns every descriptor, ordered by OID.
func (sn *Snapshot) All() []*Desc {
	out := make([]*Desc, 0, len(sn.byOid))
	for _, d := range sn.byOid {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Oid < out[j].Oid })
	return out
}

// Txn is a transaction's view of the catalog: a committed snapshot plus
// the changes the transaction has made, which are written to its
// key-value transaction as they happen and published when it commits.
// Not safe for concurrent use.
type Txn struct {
	store   *Store
	base    *Snapshot
	changed map[Oid]*Desc // created or modified; KindDeleted for dropped
	names   map[string]Oid
	dropped map[string]bool
}

// Version is the committed catalog version the transaction's view is
// based on (its own changes not counted).
func (t *Txn) Version() uint64 { return t.base.Version }

// Begin starts a catalog view on the latest snapshot.
func (s *Store) Begin() *Txn {
	return &Txn{store: s, base: s.Current()}
}

// Refresh moves the view to the latest committed snapshot when the
// transaction has not changed the catalog (each statement of a READ
// COMMITTED transaction sees the latest catalog, as in PostgreSQL).
func (t *Txn) Refresh() {
	if t.changed == nil {
		t.base = t.store.Current()
	}
}

// Dirty reports whether the transaction changed the catalog.
func (t *Txn) Dirty() bool { return t.changed != nil }

// Store returns the server-wide store.
func (t *Txn) Store() *Store { return t.store }

// Get returns a descriptor by OID as this transaction sees it.
func (t *Txn) Get(o Oid) *Desc {
	if d, ok := t.changed[o]; ok {
		if d.Kind == KindDeleted {
			return nil
		}
		return d
	}
	return t.base.byOid[o]
}

func (t *Txn) byName(key string) *Desc {
	if t.changed != nil {
		if o, ok := t.names[key]; ok {
			return t.Get(o)
		}
		if t.dropped[key] {
			return nil
		}
	}
	if o, ok := t.base.byName[key]; ok {
		return t.Get(o)
	}
	return nil
}

// All returns every descriptor visible to the transaction, by OID.
func (t *Txn) All() []*Desc {
	seen := map[Oid]bool{}
	var out []*Desc
	for o, d := range t.changed {
		seen[o] = true
		if d.Kind != KindDeleted {
			out = append(out, d)
		}
	}
	for o, d := range t.base.byOid {
		if !seen[o] {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Oid < out[j].Oid })
	return out
}

// LookupDatabase finds a database by name.
func (t *Txn) LookupDatabase(name string) *Desc { return t.byName("d/" + name) }

// LookupRole finds a role by name.
func (t *Txn) LookupRole(name string) *Desc { return t.byName("r/" + name) }

// LookupSchema finds a schema of a database by name.
func (t *Txn) LookupSchema(db Oid, name string) *Desc {
	if name == "pg_catalog" || name == "information_schema" || name == "pg_toast" {
		db = 0
	}
	return t.byName(fmt.Sprintf("s/%d/%s", db, name))
}

// LookupTrigger finds a table's trigger by name.
func (t *Txn) LookupTrigger(table Oid, name string) *Desc {
	return t.byName(fmt.Sprintf("t/%d/%s", table, name))
}

// LookupIn finds a relation, sequence, index or type in a schema.
func (t *Txn) LookupIn(schema Oid, name string) *Desc {
	return t.byName(fmt.Sprintf("n/%d/%s", schema, name))
}

// Put records a created or changed descriptor in the transaction and
// writes it to kv.
func (t *Txn) Put(ctx context.Context, kv KV, d *Desc) error {
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	if err := kv.Put(ctx, descKey(d.Oid), b); err != nil {
		return err
	}
	t.track(d)
	registerType(d)
	return nil
}

func (t *Txn) track(d *Desc) {
	if t.changed == nil {
		t.changed = map[Oid]*Desc{}
		t.names = map[string]Oid{}
		t.dropped = map[string]bool{}
	}
	if old := t.Get(d.Oid); old != nil {
		if k := nameKey(old); k != "" {
			t.dropped[k] = true
			delete(t.names, k)
		}
	}
	t.changed[d.Oid] = d
	if k := nameKey(d); k != "" {
		t.names[k] = d.Oid
		delete(t.dropped, k)
	}
}

// Drop removes a descriptor in the transaction.
func (t *Txn) Drop(ctx context.Context, kv KV, o Oid) error {
	old := t.Get(o)
	if old == nil {
		return nil
	}
	if err := kv.Delete(ctx, descKey(o)); err != nil {
		return err
	}
	if t.changed == nil {
		t.changed = map[Oid]*Desc{}
		t.names = map[string]Oid{}
		t.dropped = map[string]bool{}
	}
	if k := nameKey(old); k != "" {
		t.dropped[k] = true
		delete(t.names, k)
	}
	t.changed[o] = &Desc{Oid: o, Kind: KindDeleted}
	return nil
}

// PrepareCommit bumps the catalog version inside kv when the transaction
// changed the catalog; the caller then commits kv and calls Published.
func (t *Txn) PrepareCommit(ctx context.Context, kv KV) (uint64, error) {
	if t.changed == nil {
		return 0, nil
	}
	v, _, err := kv.Get(ctx, keyVersion)
	if err != nil {
		return 0, err
	}
	ver := uint64(0)
	if len(v) == 8 {
		ver = binary.BigEndian.Uint64(v)
	}
	ver++
	if err := kv.Put(ctx, keyVersion, binary.BigEndian.AppendUint64(nil, ver)); err != nil {
		return 0, err
	}
	return ver, nil
}

// Published installs the transaction's changes as the new committed
// snapshot with the version PrepareCommit returned; the caller calls it
// after the key-value transaction committed.
func (t *Txn) Published(version uint64) {
	if t.changed == nil {
		return
	}
	// Build the new snapshot from the latest one: other transactions may
	// have published in between (their changes did not conflict), even
	// with the same version, since a READ COMMITTED transaction reads the
	// version key at its statement snapshot. The snapshot is installed in
	// any case, numbered after the one it builds on.
	for {
		latest := t.store.Current()
		descs := make(map[Oid]*Desc, len(latest.byOid)+len(t.changed))
		for o, d := range latest.byOid {
			descs[o] = d
		}
		for o, d := range t.changed {
			if d.Kind == KindDeleted {
				delete(descs, o)
			} else {
				descs[o] = d
			}
		}
		v := version
		if latest != nil && latest.Version >= v {
			v = latest.Version + 1
		}
		if t.store.cur.CompareAndSwap(latest, newSnapshot(v, descs)) {
			break
		}
	}
	for o, d := range t.changed {
		if d.Kind == KindDeleted {
			t.store.forgetSeq(o)
		}
	}
	t.changed, t.names, t.dropped = nil, nil, nil
	t.base = t.store.Current()
}

// Abort discards the transaction's changes.
func (t *Txn) Abort() {
	changed := t.changed
	t.changed, t.names, t.dropped = nil, nil, nil
	t.base = t.store.Current()
	t.reregisterTypes(changed)
}

// reregisterTypes registers again, as the transaction now sees them, the
// types among changed (after a rollback undid a change to one).
func (t *Txn) reregisterTypes(changed map[Oid]*Desc) {
	for o, d := range changed {
		if d.Kind == KindType {
			if cur := t.Get(o); cur != nil {
				registerType(cur)
			}
		}
	}
}

// Mark is a point in a transaction's catalog changes, for savepoints.
type Mark struct {
	changed map[Oid]*Desc
	names   map[string]Oid
	dropped map[string]bool
}

// Savepoint records the current changes.
func (t *Txn) Savepoint() Mark {
	m := Mark{}
	if t.changed != nil {
		m.changed = make(map[Oid]*Desc, len(t.changed))
		for k, v := range t.changed {
			m.changed[k] = v
		}
		m.names = make(map[string]Oid, len(t.names))
		for k, v := range t.names {
			m.names[k] = v
		}
		m.dropped = make(map[string]bool, len(t.dropped))
		for k, v := range t.dropped {
			m.dropped[k] = v
		}
	}
	return m
}

// RollbackTo restores the changes recorded by a savepoint.
func (t *Txn) RollbackTo(m Mark) {
	changed := t.changed
	t.changed, t.names, t.dropped = m.changed, m.names, m.dropped
	t.reregisterTypes(changed)
}

// Schemas returns the schemas of a database (and the shared system
// schemas), by OID.
func (t *Txn) Schemas(db Oid) []*Desc {
	var out []*Desc
	for _, d := range t.All() {
		if d.Kind == KindSchema && (d.Database == db || d.Database == 0) {
			out = append(out, d)
		}
	}
	return out
}

// InSchema returns the objects of a schema, by OID.
func (t *Txn) InSchema(schema Oid) []*Desc {
	var out []*Desc
	for _, d := range t.All() {
		if d.Schema == schema && d.Kind != KindSchema && d.Kind != KindDatabase && d.Kind != KindRole {
			out = append(out, d)
		}
	}
	return out
}

// IndexesOf returns a table's indexes.
func (t *Txn) IndexesOf(table *Desc) []*Desc {
	var out []*Desc
	for _, o := range table.Table.Indexes {
		if d := t.Get(o); d != nil {
			out = append(out, d)
		}
	}
	return out
}

func bootstrapDesc(d *Desc) ([]byte, []byte, error) {
	b, err := json.Marshal(d)
	return descKey(d.Oid), b, err
}

// bootstrap writes the objects an initdb'd cluster has: the databases
// template1, template0 and postgres; the schemas pg_catalog, public and
// information_schema; and the bootstrap superuser.
func bootstrap(ctx context.Context, kv KV) error {
	descs := []*Desc{
		{Oid: OidTemplate1, Kind: KindDatabase, Name: "template1", Owner: OidBootstrapSuper, DB: &Database{AllowConn: true, IsTemplate: true, Encoding: "UTF8", ConnLimit: -1}},
		{Oid: OidTemplate0, Kind: KindDatabase, Name: "template0", Owner: OidBootstrapSuper, DB: &Database{AllowConn: false, IsTemplate: true, Encoding: "UTF8", ConnLimit: -1}},
		{Oid: OidPostgresDB, Kind: KindDatabase, Name: "postgres", Owner: OidBootstrapSuper, DB: &Database{AllowConn: true, Encoding: "UTF8", ConnLimit: -1}},
		{Oid: OidPgCatalog, Kind: KindSchema, Name: "pg_catalog", Owner: OidBootstrapSuper},
		{Oid: OidInformationSchema, Kind: KindSchema, Name: "information_schema", Owner: OidBootstrapSuper},
		{Oid: OidPgToast, Kind: KindSchema, Name: "pg_toast", Owner: OidBootstrapSuper},
	}
	for _, db := range []Oid{OidTemplate1, OidTemplate0, OidPostgresDB} {
		descs = append(descs, &Desc{Oid: PublicSchemaOid(db), Kind: KindSchema, Name: "public", Database: db, Owner: OidBootstrapSuper})
	}
	for _, d := range descs {
		k, v, err := bootstrapDesc(d)
		if err != nil {
			return err
		}
		if err := kv.Put(ctx, k, v); err != nil {
			return err
		}
	}
	if err := kv.Put(ctx, keyNextOid, binary.BigEndian.AppendUint32(nil, uint32(FirstNormalOid))); err != nil {
		return err
	}
	return kv.Put(ctx, keyVersion, binary.BigEndian.AppendUint64(nil, 1))
}

// PublicSchemaOid returns the OID of a database's public schema: 2200 in
// postgres (PostgreSQL's own), and a per-database OID elsewhere.
func PublicSchemaOid(db Oid) Oid {
	switch db {
	case OidPostgresDB:
		return OidPublic
	case OidTemplate1:
		return 2201
	case OidTemplate0:
		return 2202
	}
	return 0
}

// EnsureRole creates the bootstrap superuser when it does not exist.
func (s *Store) EnsureRole(ctx context.Context, name, password string) error {
	t := s.Begin()
	if t.LookupRole(name) != nil {
		return nil
	}
	var ver uint64
	err := s.db.Update(ctx, func(kv KV) error {
		d := &Desc{Oid: OidBootstrapSuper, Kind: KindRole, Name: name, Role: &Role{Superuser: true, Inherit: true, CreateRole: true, CreateDB: true, CanLogin: true, Replication: true, BypassRLS: true, ConnLimit: -1, Password: password}}
		if t.Get(OidBootstrapSuper) != nil {
			o, err := s.NewOid(ctx)
			if err != nil {
				return err
			}
			d.Oid = o
			d.Role.Replication = false
		}
		if err := t.Put(ctx, kv, d); err != nil {
			return err
		}
		var err error
		ver, err = t.PrepareCommit(ctx, kv)
		return err
	})
	if err != nil {
		return err
	}
	t.Published(ver)
	return nil
}

// QualifiedName renders schema.name for messages.
func QualifiedName(schema, name string) string {
	if schema == "" {
		return name
	}
	return schema + "." + name
}
