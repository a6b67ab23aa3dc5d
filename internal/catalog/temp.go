package catalog

import (
	"context"
	"strconv"
	"strings"
)

// Temporary objects (PostgreSQL's namespace.c, "temp namespace"). Each
// session that creates a temporary table, sequence or view gets a schema
// of its own, pg_temp_N, where N is a small number unique among the live
// sessions of the server. The schema and its objects are ordinary
// descriptors, created and dropped in the session's transactions, so
// temporary DDL is transactional like any other; the objects' rows live
// in the ordinary table key space under their OIDs. The session drops
// the whole schema when it ends, and the server drops every temporary
// schema it finds when it starts (what a crash left behind). Other
// sessions can see the descriptors (pg_class lists them, as PostgreSQL's
// does) but not read or write the rows.

// TempSchemaPrefix begins the name of every temporary schema.
const TempSchemaPrefix = "pg_temp_"

// TempSchemaName names the temporary schema of the session with the given
// number.
func TempSchemaName(n int) string { return TempSchemaPrefix + strconv.Itoa(n) }

// IsTempSchemaName reports whether a schema name is a temporary schema's
// (isAnyTempNamespace).
func IsTempSchemaName(name string) bool {
	if !strings.HasPrefix(name, TempSchemaPrefix) {
		return false
	}
	_, err := strconv.Atoi(name[len(TempSchemaPrefix):])
	return err == nil
}

// IsTemp reports whether d lives in a temporary schema.
func (t *Txn) IsTemp(d *Desc) bool {
	if d == nil {
		return false
	}
	if d.Kind == KindSchema {
		return IsTempSchemaName(d.Name)
	}
	s := t.Get(d.Schema)
	return s != nil && IsTempSchemaName(s.Name)
}

// TempSchemas returns every temporary schema of every database.
func (t *Txn) TempSchemas() []*Desc {
	var out []*Desc
	for _, d := range t.All() {
		if d.Kind == KindSchema && IsTempSchemaName(d.Name) {
			out = append(out, d)
		}
	}
	return out
}

// PurgeCounters deletes the stored value of a dropped sequence, or the
// row-id counter of a dropped table. Only a transaction that nothing else
// can race on the object may call it (the cleanup of a temporary schema):
// the deletion locks the key until commit, and nextval of the same object
// would wait for it.
func (t *Txn) PurgeCounters(ctx context.Context, kv KV, o Oid) error {
	if err := kv.Delete(ctx, seqKey(o)); err != nil {
		return err
	}
	return kv.Delete(ctx, seqKey(o|1<<31))
}
