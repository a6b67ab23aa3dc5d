package pgcatalog

import (
	"time"

	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/sql/types/pgdate"
)

// Cursor describes one of the session's open cursors, as pg_cursors
// shows it.
type Cursor struct {
	Name       string
	Statement  string
	Holdable   bool
	Binary     bool
	Scrollable bool
	Created    time.Time
}

func init() {
	registerGen("pg_catalog.pg_cursors", genCursors)
}

func genCursors(s *Source, rs *rowSet) {
	for _, c := range s.Cursors {
		rs.add().str("name", c.Name).str("statement", c.Statement).b("is_holdable", c.Holdable).
			b("is_binary", c.Binary).b("is_scrollable", c.Scrollable).
			set("creation_time", types.NewTimestampTZ(int64(pgdate.TimestampTZFromTime(c.Created))))
	}
}
