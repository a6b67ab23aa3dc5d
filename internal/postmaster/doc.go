// Package postmaster is tusk's supervisor (PostgreSQL's
// postmaster/postmaster.c; PostgreSQL docs, section 52.2 "How Connections
// Are Established").
//
// It listens on TCP and Unix-domain sockets, accepts in a loop that backs
// off on temporary errors (as net/http's Serve does), and serves each
// connection on its own goroutine: the startup packet, TLS negotiation,
// cancel requests, admission (max_connections and the slots reserved for
// superusers), authentication, and then the connection's backend until the
// session ends.
//
// The Registry holds every live session's process ID and secret key, for
// cancel requests and for pg_stat_activity.
//
// Shutdown follows PostgreSQL's three modes: smart waits for the sessions
// to end, fast terminates them with FATAL 57P01, immediate closes every
// connection at once; a more urgent request escalates one in progress.
//
// authentication_timeout bounds the time from accept to the start of the
// session, so a client that sends nothing, or half a startup packet, is
// dropped without holding a slot for long.
package postmaster
