package storage

import (
	"context"
	"encoding/binary"

	"github.com/tuskdb/tusk/internal/sql/types"
)

// Large objects (PostgreSQL docs, chapter "Large Objects"), stored the way
// pg_largeobject stores them: an object is a metadata key (its row in
// pg_largeobject_metadata) and its data cut into pages of LOPageSize
// bytes, each keyed by (loid, pageno). Pages are written through the
// session's transaction, so large objects are transactional like any row.
//
// A page may be shorter than LOPageSize and pages may be missing: the
// missing bytes read as zeros, as in PostgreSQL's inv_api.c. The object's
// size is where its last page's data ends.
//
// Large objects belong to a database, as in PostgreSQL. Key layout:
// 0x03 'm' db loid → the owner's OID (4 bytes, big-endian);
// 0x03 'd' db loid pageno → the page's bytes.

// LOPageSize is the size of a large object's page (PostgreSQL's
// LOBLKSIZE, BLCKSZ/4).
const LOPageSize = 2048

// LOMaxSize is the largest size a large object may reach
// (MAX_LARGE_OBJECT_SIZE: INT_MAX pages).
const LOMaxSize = int64(1<<31-1) * LOPageSize

const loKeyPrefix = 0x03

// LO names one large object: its database and its OID.
type LO struct{ DB, Oid types.Oid }

func loMetaPrefix(db types.Oid) []byte {
	return binary.BigEndian.AppendUint32([]byte{loKeyPrefix, 'm'}, uint32(db))
}

func loMetaKey(lo LO) []byte {
	return binary.BigEndian.AppendUint32(loMetaPrefix(lo.DB), uint32(lo.Oid))
}

func loDataPrefix(lo LO) []byte {
	b := binary.BigEndian.AppendUint32([]byte{loKeyPrefix, 'd'}, uint32(lo.DB))
	return binary.BigEndian.AppendUint32(b, uint32(lo.Oid))
}

func loPageKey(lo LO, page int64) []byte {
	return binary.BigEndian.AppendUint32(loDataPrefix(lo), uint32(page))
}

// LOExists reports whether the large object exists in kv's view.
func LOExists(ctx context.Context, kv KV, loid LO) (bool, error) {
	_, ok, err := kv.Get(ctx, loMetaKey(loid))
	return ok, err
}

// LOCreate records a new, empty large object owned by owner. The caller
// has checked that loid is free.
func LOCreate(ctx context.Context, kv KV, loid LO, owner types.Oid) error {
	return kv.Put(ctx, loMetaKey(loid), binary.BigEndian.AppendUint32(nil, uint32(owner)))
}

// LOList returns the OID and owner of every large object of database db,
// ordered by OID.
func LOList(ctx context.Context, kv KV, db types.Oid) (oids, owners []types.Oid, err error) {
	start := loMetaPrefix(db)
	it, err := kv.Iterate(ctx, start, PrefixEnd(start), false)
	if err != nil {
		return nil, nil, err
	}
	defer it.Close()
	for it.Next() {
		k, v := it.Key(), it.Value()
		if len(k) != 10 || len(v) != 4 {
			continue
		}
		oids = append(oids, types.Oid(binary.BigEndian.Uint32(k[6:])))
		owners = append(owners, types.Oid(binary.BigEndian.Uint32(v)))
	}
	return oids, owners, it.Err()
}

// LOUnlink removes a large object and its data.
func LOUnlink(ctx context.Context, kv KV, loid LO) error {
	if err := loDeletePages(ctx, kv, loid, 0); err != nil {
		return err
	}
	return kv.Delete(ctx, loMetaKey(loid))
}

// loDeletePages deletes the object's pages numbered from on.
func loDeletePages(ctx context.Context, kv KV, loid LO, from int64) error {
	p := loDataPrefix(loid)
	it, err := kv.Iterate(ctx, loPageKey(loid, from), PrefixEnd(p), false)
	if err != nil {
		return err
	}
	var keys [][]byte
	for it.Next() {
		keys = append(keys, append([]byte(nil), it.Key()...))
	}
	err = it.Err()
	it.Close()
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := kv.Delete(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

// LOSize returns the large object's size in bytes.
func LOSize(ctx context.Context, kv KV, loid LO) (int64, error) {
	p := loDataPrefix(loid)
	it, err := kv.Iterate(ctx, p, PrefixEnd(p), true)
	if err != nil {
		return 0, err
	}
	defer it.Close()
	if !it.Next() {
		return 0, it.Err()
	}
	k := it.Key()
	page := int64(binary.BigEndian.Uint32(k[len(k)-4:]))
	return page*LOPageSize + int64(len(it.Value())), nil
}

// LORead reads up to n bytes at offset off; it returns fewer at the end of
// the object.
func LORead(ctx context.Context, kv KV, loid LO, off, n int64) ([]byte, error) {
	size, err := LOSize(ctx, kv, loid)
	if err != nil {
		return nil, err
	}
	if off >= size || n <= 0 {
		return []byte{}, nil
	}
	if off+n > size {
		n = size - off
	}
	out := make([]byte, n)
	first, last := off/LOPageSize, (off+n-1)/LOPageSize
	it, err := kv.Iterate(ctx, loPageKey(loid, first), loPageKey(loid, last+1), false)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	for it.Next() {
		k := it.Key()
		start := int64(binary.BigEndian.Uint32(k[len(k)-4:])) * LOPageSize
		data := it.Value()
		// Copy the part of [start, start+len(data)) inside [off, off+n).
		from, to := max(start, off), min(start+int64(len(data)), off+n)
		if from < to {
			copy(out[from-off:to-off], data[from-start:to-start])
		}
	}
	return out, it.Err()
}

// LOWrite writes data at offset off, extending the object as needed.
func LOWrite(ctx context.Context, kv KV, loid LO, off int64, data []byte) error {
	for len(data) > 0 {
		page := off / LOPageSize
		in := off - page*LOPageSize
		k := loPageKey(loid, page)
		old, _, err := kv.Get(ctx, k)
		if err != nil {
			return err
		}
		n := min(int64(len(data)), LOPageSize-in)
		buf := make([]byte, max(int64(len(old)), in+n))
		copy(buf, old)
		copy(buf[in:], data[:n])
		if err := kv.Put(ctx, k, buf); err != nil {
			return err
		}
		data = data[n:]
		off += n
	}
	return nil
}

// LOTruncate cuts the object to length bytes, or extends it with zeros.
func LOTruncate(ctx context.Context, kv KV, loid LO, length int64) error {
	if length == 0 {
		return loDeletePages(ctx, kv, loid, 0)
	}
	last := (length - 1) / LOPageSize
	lastLen := length - last*LOPageSize
	if err := loDeletePages(ctx, kv, loid, last+1); err != nil {
		return err
	}
	k := loPageKey(loid, last)
	old, _, err := kv.Get(ctx, k)
	if err != nil {
		return err
	}
	if int64(len(old)) == lastLen {
		return nil
	}
	buf := make([]byte, lastLen)
	copy(buf, old)
	return kv.Put(ctx, k, buf)
}
