package backend

import (
	"context"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/types"
	"github.com/tuskdb/tusk/internal/storage"
)

// Large objects for the builtins (be-fsstubs.c): the session's table of
// open descriptors, which lives as long as the transaction (txState), and
// the data, read and written through the transaction (storage/largeobj.go).
//
// Unlike PostgreSQL, a descriptor opened for reading only sees the
// transaction's current state rather than the snapshot of lo_open.

var _ builtins.LargeObjectEnv = (*Backend)(nil)

// Open modes of lo_open (libpq/libpq-fs.h).
const (
	invWrite = 0x00020000
	invRead  = 0x00040000
)

// loDesc is an open large-object descriptor.
type loDesc struct {
	loid  types.Oid
	write bool
	pos   int64
}

// loKV returns the transaction's key-value view, starting it if needed.
func (b *Backend) loKV() (context.Context, *storage.TxnKV, error) {
	ctx := b.Context()
	if err := b.startKV(ctx); err != nil {
		return nil, nil, err
	}
	if b.tx.kv == nil {
		return nil, nil, pgerror.New(pgerror.FeatureNotSupported, "large objects are not available here")
	}
	return ctx, b.tx.kv, nil
}

// lo names a large object of the session's database.
func (b *Backend) lo(o types.Oid) storage.LO { return storage.LO{DB: b.dbOid, Oid: o} }

func loMissing(loid types.Oid) error {
	return pgerror.New(pgerror.UndefinedObject, "large object %d does not exist", uint32(loid))
}

// loCheck fails unless the large object exists.
func (b *Backend) loCheck(loid types.Oid) (context.Context, *storage.TxnKV, error) {
	ctx, kv, err := b.loKV()
	if err != nil {
		return nil, nil, err
	}
	ok, err := storage.LOExists(ctx, kv, b.lo(loid))
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, loMissing(loid)
	}
	return ctx, kv, nil
}

// loFD returns an open descriptor (PostgreSQL's "invalid large-object
// descriptor" otherwise).
func (b *Backend) loFD(fd int64) (*loDesc, error) {
	if fd < 0 || fd >= int64(len(b.tx.loFDs)) || b.tx.loFDs[fd] == nil {
		return nil, pgerror.New(pgerror.UndefinedObject, "invalid large-object descriptor: %d", fd)
	}
	return b.tx.loFDs[fd], nil
}

func (b *Backend) loWritable(fd int64) (*loDesc, error) {
	d, err := b.loFD(fd)
	if err != nil {
		return nil, err
	}
	if !d.write {
		return nil, pgerror.New(pgerror.ObjectNotInPrerequisiteState, "large object descriptor %d was not opened for writing", fd)
	}
	return d, nil
}

func (b *Backend) loOwner() types.Oid {
	if r := b.tx.cat.LookupRole(b.CurrentUser()); r != nil {
		return r.Oid
	}
	return 10
}

// LOCreate implements lo_create and lo_creat.
func (b *Backend) LOCreate(loid types.Oid) (types.Oid, error) {
	ctx, kv, err := b.loKV()
	if err != nil {
		return 0, err
	}
	if loid != 0 {
		ok, err := storage.LOExists(ctx, kv, b.lo(loid))
		if err != nil {
			return 0, err
		}
		if ok {
			return 0, pgerror.New(pgerror.UniqueViolation, `duplicate key value violates unique constraint "pg_largeobject_metadata_oid_index"`).
				WithDetail("Key (oid)=(%d) already exists.", uint32(loid))
		}
	} else {
		for {
			o, err := b.srv.Catalog.NewOid(ctx)
			if err != nil {
				return 0, err
			}
			ok, err := storage.LOExists(ctx, kv, b.lo(o))
			if err != nil {
				return 0, err
			}
			if !ok {
				loid = o
				break
			}
		}
	}
	return loid, storage.LOCreate(ctx, kv, b.lo(loid), b.loOwner())
}

// LOOpen implements lo_open.
func (b *Backend) LOOpen(loid types.Oid, mode int64) (int64, error) {
	if mode&(invRead|invWrite) == 0 {
		return 0, pgerror.New(pgerror.InvalidParameterValue, "invalid flags for opening a large object: %d", mode)
	}
	if _, _, err := b.loCheck(loid); err != nil {
		return 0, err
	}
	d := &loDesc{loid: loid, write: mode&invWrite != 0}
	for i, o := range b.tx.loFDs {
		if o == nil {
			b.tx.loFDs[i] = d
			return int64(i), nil
		}
	}
	b.tx.loFDs = append(b.tx.loFDs, d)
	return int64(len(b.tx.loFDs) - 1), nil
}

// LOClose implements lo_close.
func (b *Backend) LOClose(fd int64) error {
	if _, err := b.loFD(fd); err != nil {
		return err
	}
	b.tx.loFDs[fd] = nil
	return nil
}

// LORead implements loread.
func (b *Backend) LORead(fd, n int64) ([]byte, error) {
	d, err := b.loFD(fd)
	if err != nil {
		return nil, err
	}
	ctx, kv, err := b.loCheck(d.loid)
	if err != nil {
		return nil, err
	}
	data, err := storage.LORead(ctx, kv, b.lo(d.loid), d.pos, n)
	if err != nil {
		return nil, err
	}
	d.pos += int64(len(data))
	return data, nil
}

// LOWrite implements lowrite.
func (b *Backend) LOWrite(fd int64, data []byte) (int64, error) {
	d, err := b.loWritable(fd)
	if err != nil {
		return 0, err
	}
	ctx, kv, err := b.loCheck(d.loid)
	if err != nil {
		return 0, err
	}
	if d.pos+int64(len(data)) > storage.LOMaxSize {
		return 0, pgerror.New(pgerror.InvalidParameterValue, "invalid large object write request size: %d", len(data))
	}
	if err := storage.LOWrite(ctx, kv, b.lo(d.loid), d.pos, data); err != nil {
		return 0, err
	}
	d.pos += int64(len(data))
	return int64(len(data)), nil
}

// LOSeek implements lo_lseek and lo_lseek64.
func (b *Backend) LOSeek(fd, off, whence int64) (int64, error) {
	d, err := b.loFD(fd)
	if err != nil {
		return 0, err
	}
	switch whence {
	case 0:
	case 1:
		off += d.pos
	case 2:
		ctx, kv, err := b.loCheck(d.loid)
		if err != nil {
			return 0, err
		}
		size, err := storage.LOSize(ctx, kv, b.lo(d.loid))
		if err != nil {
			return 0, err
		}
		off += size
	default:
		return 0, pgerror.New(pgerror.InvalidParameterValue, "invalid whence setting: %d", whence)
	}
	if off < 0 || off > storage.LOMaxSize {
		return 0, pgerror.New(pgerror.InvalidParameterValue, "invalid large object seek target: %d", off)
	}
	d.pos = off
	return off, nil
}

// LOTell implements lo_tell and lo_tell64.
func (b *Backend) LOTell(fd int64) (int64, error) {
	d, err := b.loFD(fd)
	if err != nil {
		return 0, err
	}
	return d.pos, nil
}

// LOTruncate implements lo_truncate and lo_truncate64.
func (b *Backend) LOTruncate(fd, length int64) error {
	d, err := b.loWritable(fd)
	if err != nil {
		return err
	}
	if length < 0 || length > storage.LOMaxSize {
		return pgerror.New(pgerror.InvalidParameterValue, "invalid large object truncation target: %d", length)
	}
	ctx, kv, err := b.loCheck(d.loid)
	if err != nil {
		return err
	}
	return storage.LOTruncate(ctx, kv, b.lo(d.loid), length)
}

// LOUnlink implements lo_unlink; the transaction's descriptors of the
// object are closed.
func (b *Backend) LOUnlink(loid types.Oid) error {
	ctx, kv, err := b.loCheck(loid)
	if err != nil {
		return err
	}
	for i, d := range b.tx.loFDs {
		if d != nil && d.loid == loid {
			b.tx.loFDs[i] = nil
		}
	}
	return storage.LOUnlink(ctx, kv, b.lo(loid))
}

// LOGet implements lo_get.
func (b *Backend) LOGet(loid types.Oid, off, n int64) ([]byte, error) {
	ctx, kv, err := b.loCheck(loid)
	if err != nil {
		return nil, err
	}
	if off < 0 || off > storage.LOMaxSize {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "invalid large object seek target: %d", off)
	}
	if n < 0 {
		n = storage.LOMaxSize
	}
	return storage.LORead(ctx, kv, b.lo(loid), off, n)
}

// LOPut implements lo_put.
func (b *Backend) LOPut(loid types.Oid, off int64, data []byte) error {
	ctx, kv, err := b.loCheck(loid)
	if err != nil {
		return err
	}
	if off < 0 || off > storage.LOMaxSize {
		return pgerror.New(pgerror.InvalidParameterValue, "invalid large object seek target: %d", off)
	}
	if off+int64(len(data)) > storage.LOMaxSize {
		return pgerror.New(pgerror.InvalidParameterValue, "invalid large object write request size: %d", len(data))
	}
	return storage.LOWrite(ctx, kv, b.lo(loid), off, data)
}

// largeObjects lists the database's large objects for
// pg_largeobject_metadata; none when they cannot be read.
func (b *Backend) largeObjects() (oids, owners []types.Oid) {
	ctx, kv, err := b.loKV()
	if err != nil {
		return nil, nil
	}
	oids, owners, err = storage.LOList(ctx, kv, b.dbOid)
	if err != nil {
		return nil, nil
	}
	return oids, owners
}
