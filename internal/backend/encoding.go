package backend

import (
	"github.com/tuskdb/tusk/internal/guc"
	"github.com/tuskdb/tusk/internal/pgwire"
)

// SET client_encoding accepts every encoding the protocol layer converts
// (LATIN1, WIN1252, ...), as a startup parameter does; psycopg2's
// set_client_encoding and JDBC's allowEncodingChanges use SET.
func init() {
	guc.ClientEncodingResolver = func(value string) (string, bool) {
		name, _, ok := pgwire.LookupEncoding(value)
		return name, ok
	}
}

// applyClientEncoding makes the connection convert to the session's
// client_encoding. It runs after each statement of a simple query, so the
// statements after a SET client_encoding in the same query string already
// answer in the new encoding, as PostgreSQL's assign hook makes them, and
// before ReadyForQuery, which also catches a SET undone by ROLLBACK.
func (b *Backend) applyClientEncoding() {
	v, ok := b.sess.Get("client_encoding")
	if !ok || v == b.clientEncoding {
		return
	}
	if _, enc, ok := pgwire.LookupEncoding(v); ok {
		b.conn.SetEncoding(enc)
		b.clientEncoding = v
	}
}
