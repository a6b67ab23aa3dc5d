package postmaster

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"net"
	"sort"
	"sync"
	"time"

	"github.com/tuskdb/tusk/internal/backend"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// Entry is one live backend as pg_stat_activity shows it.
type Entry struct {
	PID          int32
	key          uint32
	User         string
	Database     string
	AppName      string
	ClientAddr   net.Addr
	BackendStart time.Time
	Superuser    bool
	// be is nil while the connection is still authenticating.
	be *backend.Backend
}

// Backend returns the session's backend, or nil while it authenticates.
func (e *Entry) Backend() *backend.Backend { return e.be }

// Registry tracks the server's backends: their process IDs and secret keys
// (for cancel requests), and what pg_stat_activity shows. It also counts
// connection slots for max_connections. Safe for concurrent use.
type Registry struct {
	mu      sync.Mutex
	byPID   map[int32]*Entry
	nextPID int32
	// empty is closed and replaced whenever the registry becomes empty, so
	// smart shutdown can wait for the last session.
	emptyCh chan struct{}
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	ch := make(chan struct{})
	close(ch)
	return &Registry{byPID: map[int32]*Entry{}, nextPID: 1000, emptyCh: ch}
}

// Add reserves a slot and allocates a process ID and secret key. It fails
// when the server already has limit sessions.
func (r *Registry) Add(limit int, addr net.Addr) (*Entry, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.byPID) >= limit {
		return nil, false
	}
	for {
		r.nextPID++
		if r.nextPID <= 0 {
			r.nextPID = 1001
		}
		if _, used := r.byPID[r.nextPID]; !used {
			break
		}
	}
	var kb [4]byte
	rand.Read(kb[:])
	e := &Entry{PID: r.nextPID, key: binary.BigEndian.Uint32(kb[:]), ClientAddr: addr, BackendStart: time.Now()}
	if len(r.byPID) == 0 {
		r.emptyCh = make(chan struct{})
	}
	r.byPID[e.PID] = e
	return e, true
}

// SetBackend attaches the session's backend once it is authenticated.
func (r *Registry) SetBackend(e *Entry, be *backend.Backend) {
	r.mu.Lock()
	e.be = be
	r.mu.Unlock()
}

// Remove frees a slot.
func (r *Registry) Remove(e *Entry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byPID[e.PID] == e {
		delete(r.byPID, e.PID)
		if len(r.byPID) == 0 {
			close(r.emptyCh)
		}
	}
}

// Count returns the number of sessions (including those authenticating).
func (r *Registry) Count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.byPID)
}

// Empty returns a channel closed when no sessions remain.
func (r *Registry) Empty() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.emptyCh
}

// Cancel handles a CancelRequest: the backend with that process ID and
// secret key cancels its running statement. A wrong key does nothing.
func (r *Registry) Cancel(pid uint32, key []byte) {
	r.mu.Lock()
	e := r.byPID[int32(pid)]
	r.mu.Unlock()
	if e == nil || len(key) != 4 {
		return
	}
	var want [4]byte
	binary.BigEndian.PutUint32(want[:], e.key)
	if subtle.ConstantTimeCompare(want[:], key) != 1 {
		return
	}
	r.mu.Lock()
	be := e.be
	r.mu.Unlock()
	if be != nil {
		be.Cancel()
	}
}

// Lookup returns the entry of a process ID.
func (r *Registry) Lookup(pid int32) *Entry {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.byPID[pid]
}

// Snapshot returns the current entries, ordered by process ID.
func (r *Registry) Snapshot() []*Entry {
	r.mu.Lock()
	out := make([]*Entry, 0, len(r.byPID))
	for _, e := range r.byPID {
		out = append(out, e)
	}
	r.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].PID < out[j].PID })
	return out
}

// OtherSessions counts the sessions connected to database db other than
// the backend self (implements backend.SessionList). Like PostgreSQL's
// CountOtherDBBackends it gives them up to five seconds to leave, so a
// client that just disconnected does not count.
func (r *Registry) OtherSessions(db string, self int32) int {
	n := r.countOthers(db, self)
	for deadline := time.Now().Add(5 * time.Second); n > 0 && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
		n = r.countOthers(db, self)
	}
	return n
}

func (r *Registry) countOthers(db string, self int32) int {
	n := 0
	for _, e := range r.Snapshot() {
		if e.PID != self && e.Database == db {
			n++
		}
	}
	return n
}

// TerminateSessions ends the sessions connected to database db other
// than self with 57P01, and waits up to five seconds for them to go, as
// DROP DATABASE ... WITH (FORCE) does.
func (r *Registry) TerminateSessions(db string, self int32) {
	for _, e := range r.Snapshot() {
		if e.PID != self && e.Database == db && e.be != nil {
			e.be.Terminate(pgerror.New(pgerror.AdminShutdown, "terminating connection due to administrator command"))
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for r.countOthers(db, self) > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
}

// Backends returns the backends of the sessions past authentication, in
// process ID order (implements backend.SessionList).
func (r *Registry) Backends() []*backend.Backend {
	var out []*backend.Backend
	for _, e := range r.Snapshot() {
		if e.be != nil {
			out = append(out, e.be)
		}
	}
	return out
}
