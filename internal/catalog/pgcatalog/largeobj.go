package pgcatalog

func init() {
	registerGen("pg_catalog.pg_largeobject_metadata", genLargeObjectMetadata)
}

// genLargeObjectMetadata lists the database's large objects. Their data
// (pg_largeobject) is not shown: reading it takes privileges ordinary
// users lack in PostgreSQL, and clients read it with lo_get.
func genLargeObjectMetadata(s *Source, rs *rowSet) {
	if s.LargeObjects == nil {
		return
	}
	oids, owners := s.LargeObjects()
	for i, o := range oids {
		rs.add().oid("oid", o).oid("lomowner", owners[i])
	}
}
