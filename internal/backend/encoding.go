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
