package backend

import (
	"errors"
	"net"
	"sort"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// This file implements LISTEN, UNLISTEN, NOTIFY and pg_notify
// (PostgreSQL's commands/async.c). LISTEN and UNLISTEN take effect when
// the transaction commits; NOTIFY queues a notification that is sent at
// commit, once per distinct channel and payload of the transaction, to
// every session of the database listening on the channel, the sender
// included, and dropped on rollback.
//
// A session receives notifications into its inbox from any goroutine. It
// sends them to its client as NotificationResponse messages only while it
// is idle, outside a transaction block, waiting for a command: right
// before it starts waiting, or, when a notification arrives during the
// wait, by being woken from its read with an expired read deadline, as
// PostgreSQL's ProcessNotifyInterrupt does with a signal. A message
// partly read when the wait is interrupted is kept and completed by the
// next read.

// notifyHub routes notifications between the sessions of a server: who
// listens on which channel of which database. Its zero value is ready.
type notifyHub struct {
	mu     sync.Mutex
	listen map[chanKey]map[*Backend]struct{}
}

type chanKey struct {
	db      string
	channel string
}

// notification is one NOTIFY.
type notification struct {
	pid     int32
	channel string
	payload string
}

// notifyState is a session's part of LISTEN and NOTIFY.
type notifyState struct {
	// Owned by the session's goroutine: the channels it listens on, and
	// the open transaction's pending LISTEN/UNLISTEN actions and
	// notifications.
	channels map[string]bool
	actions  []listenAction
	pending  []notification

	// mu guards the inbox and the wait state, shared with notifiers.
	mu      sync.Mutex
	inbox   []notification
	waiting bool
	woken   bool
}

// listenAction is a LISTEN (channel), UNLISTEN (channel) or UNLISTEN *
// (all) waiting for commit.
type listenAction struct {
	listen  bool
	all     bool
	channel string
}

// maxNotifyPayload is NOTIFY's payload limit (NOTIFY_PAYLOAD_MAX_LENGTH).
const maxNotifyPayload = 7999

func checkChannel(channel string) error {
	if channel == "" {
		return pgerror.New(pgerror.InvalidParameterValue, "channel name cannot be empty")
	}
	if len(channel) >= 64 {
		return pgerror.New(pgerror.InvalidParameterValue, "channel name too long")
	}
	return nil
}

func (b *Backend) listen(channel string) (string, []types.Row, error) {
	b.notify.actions = append(b.notify.actions, listenAction{listen: true, channel: channel})
	return "LISTEN", nil, nil
}

func (b *Backend) unlisten(channel string) (string, []types.Row, error) {
	b.notify.actions = append(b.notify.actions, listenAction{all: channel == "", channel: channel})
	return "UNLISTEN", nil, nil
}

func (b *Backend) notifyStmt(channel, payload string) (string, []types.Row, error) {
	return "NOTIFY", nil, b.Notify(channel, payload)
}

var _ builtins.Notifier = (*Backend)(nil)

// Notify queues a notification for the open transaction (Async_Notify),
// dropping a duplicate of one already queued.
func (b *Backend) Notify(channel, payload string) error {
	if err := checkChannel(channel); err != nil {
		return err
	}
	if len(payload) > maxNotifyPayload {
		return pgerror.New(pgerror.InvalidParameterValue, "payload string too long")
	}
	for _, n := range b.notify.pending {
		if n.channel == channel && n.payload == payload {
			return nil
		}
	}
	b.notify.pending = append(b.notify.pending, notification{pid: b.opts.PID, channel: channel, payload: payload})
	return nil
}

// ListeningChannels lists the channels the session listens on, sorted
// (pg_listening_channels).
func (b *Backend) ListeningChannels() []string {
	out := make([]string, 0, len(b.notify.channels))
	for ch := range b.notify.channels {
		out = append(out, ch)
	}
	sort.Strings(out)
	return out
}

// deliverNotifies runs when a transaction has committed: its LISTEN and
// UNLISTEN actions take effect, then its notifications go to every
// listener (AtCommit_Notify, SignalBackends).
func (b *Backend) deliverNotifies() {
	hub := &b.srv.notify
	db := b.opts.Database
	if len(b.notify.actions) > 0 {
		hub.mu.Lock()
		if hub.listen == nil {
			hub.listen = map[chanKey]map[*Backend]struct{}{}
		}
		for _, a := range b.notify.actions {
			switch {
			case a.listen:
				if b.notify.channels == nil {
					b.notify.channels = map[string]bool{}
				}
				b.notify.channels[a.channel] = true
				k := chanKey{db, a.channel}
				if hub.listen[k] == nil {
					hub.listen[k] = map[*Backend]struct{}{}
				}
				hub.listen[k][b] = struct{}{}
			case a.all:
				for ch := range b.notify.channels {
					delete(hub.listen[chanKey{db, ch}], b)
				}
				b.notify.channels = nil
			default:
				delete(b.notify.channels, a.channel)
				delete(hub.listen[chanKey{db, a.channel}], b)
			}
		}
		hub.mu.Unlock()
		b.notify.actions = nil
	}
	if len(b.notify.pending) == 0 {
		return
	}
	hub.mu.Lock()
	for _, n := range b.notify.pending {
		for l := range hub.listen[chanKey{db, n.channel}] {
			l.receiveNotify(n)
		}
	}
	hub.mu.Unlock()
	b.notify.pending = nil
}

// endNotifies forgets the transaction's pending actions and
// notifications (on commit, after deliverNotifies; on rollback, instead).
func (b *Backend) endNotifies() {
	b.notify.actions = nil
	b.notify.pending = nil
}

// unlistenAll removes the session from every channel when it ends.
func (b *Backend) unlistenAll() {
	if len(b.notify.channels) == 0 {
		return
	}
	hub := &b.srv.notify
	hub.mu.Lock()
	for ch := range b.notify.channels {
		delete(hub.listen[chanKey{b.opts.Database, ch}], b)
	}
	hub.mu.Unlock()
	b.notify.channels = nil
}

// receiveNotify puts a notification in the session's inbox and wakes the
// session if it is waiting for a command. Any goroutine may call it.
func (b *Backend) receiveNotify(n notification) {
	b.notify.mu.Lock()
	defer b.notify.mu.Unlock()
	b.notify.inbox = append(b.notify.inbox, n)
	if b.notify.waiting && !b.notify.woken {
		b.notify.woken = true
		b.conn.SetReadDeadline(time.Unix(1, 0))
	}
}

// receive reads the next client message while the session is idle,
// sending the notifications that arrive meanwhile if the session is
// outside a transaction block.
func (b *Backend) receive() (pgproto3.FrontendMessage, error) {
	for {
		idle := b.tx.status == txIdle && !b.inExtended
		b.notify.mu.Lock()
		var out []notification
		if idle {
			out = b.notify.inbox
			b.notify.inbox = nil
		}
		b.notify.waiting = idle
		b.notify.woken = false
		b.notify.mu.Unlock()
		if len(out) > 0 {
			b.sendNotifications(out)
			if err := b.conn.Flush(); err != nil {
				return nil, err
			}
		}
		msg, err := b.conn.Receive()
		b.notify.mu.Lock()
		woken := b.notify.woken
		b.notify.waiting, b.notify.woken = false, false
		b.notify.mu.Unlock()
		if !woken {
			return msg, err
		}
		// A notifier expired the deadline, maybe after the message had
		// been read: clear it, or the next read would fail. A Terminate
		// stores its error before it expires the deadline, so clearing
		// one of its deadlines here loses nothing: Run checks the error
		// before each read.
		b.conn.SetReadDeadline(time.Time{})
		var ne net.Error
		if err != nil && b.terminate.Load() == nil && errors.As(err, &ne) && ne.Timeout() {
			continue
		}
		return msg, err
	}
}

// sendNotifications buffers NotificationResponse messages.
func (b *Backend) sendNotifications(ns []notification) {
	for _, n := range ns {
		b.conn.Send(&pgproto3.NotificationResponse{PID: uint32(n.pid), Channel: n.channel, Payload: n.payload})
	}
}

// notifyBeforeReady sends the notifications received so far when the
// session is about to report that it is idle outside a transaction
// block, so that a session hears its own notifications before its
// ReadyForQuery, as PostgreSQL's backends do.
func (b *Backend) notifyBeforeReady() {
	if b.tx.status != txIdle {
		return
	}
	b.notify.mu.Lock()
	out := b.notify.inbox
	b.notify.inbox = nil
	b.notify.mu.Unlock()
	b.sendNotifications(out)
}
