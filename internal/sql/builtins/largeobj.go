package builtins

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Server-side large-object functions (PostgreSQL docs, "Server-Side
// Functions" of chapter "Large Objects"; be-fsstubs.c). The session keeps
// the descriptors and the data, through LargeObjectEnv.

// LargeObjectEnv is implemented by sessions that can use large objects.
// Descriptors are valid until the end of the transaction that opened
// them.
type LargeObjectEnv interface {
	// LOCreate creates an empty large object with OID loid, or a new OID
	// when loid is 0, and returns its OID.
	LOCreate(loid types.Oid) (types.Oid, error)
	// LOOpen opens a large object with mode's INV_READ and INV_WRITE bits
	// and returns its descriptor.
	LOOpen(loid types.Oid, mode int64) (int64, error)
	LOClose(fd int64) error
	// LORead reads up to n bytes at the descriptor's position and moves
	// it past them.
	LORead(fd, n int64) ([]byte, error)
	// LOWrite writes at the descriptor's position and moves it past.
	LOWrite(fd int64, data []byte) (int64, error)
	// LOSeek moves the descriptor's position (whence: 0 start, 1 current,
	// 2 end) and returns the new one.
	LOSeek(fd, off, whence int64) (int64, error)
	LOTell(fd int64) (int64, error)
	LOTruncate(fd, length int64) error
	LOUnlink(loid types.Oid) error
	// LOGet reads n bytes at offset off of the object; all of the rest
	// when n is negative.
	LOGet(loid types.Oid, off, n int64) ([]byte, error)
	// LOPut writes data at offset off of the object.
	LOPut(loid types.Oid, off int64, data []byte) error
}

func loEnv(env Env) (LargeObjectEnv, error) {
	s, ok := env.(LargeObjectEnv)
	if !ok {
		return nil, pgerror.New(pgerror.FeatureNotSupported, "large objects are not available here")
	}
	return s, nil
}

// loImpl adapts a large-object function to an Impl.
func loImpl(fn func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error)) Impl {
	return func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		lo, err := loEnv(env)
		if err != nil {
			return types.Null, err
		}
		return fn(lo, a)
	}
}

func oidDatum(o types.Oid) types.Datum { return types.NewInt(int64(o)) }

func init() {
	register("be_lo_create", loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		o, err := lo.LOCreate(oidArg(a[0]))
		return oidDatum(o), err
	}))
	register("be_lo_creat", loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		o, err := lo.LOCreate(0)
		return oidDatum(o), err
	}))
	register("be_lo_open", loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		fd, err := lo.LOOpen(oidArg(a[0]), a[1].Int())
		return types.NewInt(fd), err
	}))
	register("be_lo_close", loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		return types.NewInt(0), lo.LOClose(a[0].Int())
	}))
	register("be_loread", loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		b, err := lo.LORead(a[0].Int(), max(a[1].Int(), 0))
		return types.NewBytes(string(b)), err
	}))
	register("be_lowrite", loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		n, err := lo.LOWrite(a[0].Int(), []byte(a[1].Str()))
		return types.NewInt(n), err
	}))
	register("be_lo_lseek", loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		fd := a[0].Int()
		n, err := lo.LOSeek(fd, a[1].Int(), a[2].Int())
		if err == nil && n > 1<<31-1 {
			err = pgerror.New(pgerror.NumericValueOutOfRange, "lo_lseek result out of range for large-object descriptor %d", fd)
		}
		return types.NewInt(n), err
	}))
	register("be_lo_lseek64", loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		n, err := lo.LOSeek(a[0].Int(), a[1].Int(), a[2].Int())
		return types.NewInt(n), err
	}))
	register("be_lo_tell", loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		fd := a[0].Int()
		n, err := lo.LOTell(fd)
		if err == nil && n > 1<<31-1 {
			err = pgerror.New(pgerror.NumericValueOutOfRange, "lo_tell result out of range for large-object descriptor %d", fd)
		}
		return types.NewInt(n), err
	}))
	register("be_lo_tell64", loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		n, err := lo.LOTell(a[0].Int())
		return types.NewInt(n), err
	}))
	truncate := loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		return types.NewInt(0), lo.LOTruncate(a[0].Int(), a[1].Int())
	})
	register("be_lo_truncate", truncate)
	register("be_lo_truncate64", truncate)
	register("be_lo_unlink", loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		return types.NewInt(1), lo.LOUnlink(oidArg(a[0]))
	}))
	register("be_lo_from_bytea", loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		o, err := lo.LOCreate(oidArg(a[0]))
		if err != nil {
			return types.Null, err
		}
		return oidDatum(o), lo.LOPut(o, 0, []byte(a[1].Str()))
	}))
	register("be_lo_get", loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		b, err := lo.LOGet(oidArg(a[0]), 0, -1)
		return types.NewBytes(string(b)), err
	}))
	register("be_lo_get_fragment", loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		if a[2].Int() < 0 {
			return types.Null, pgerror.New(pgerror.InvalidParameterValue, "requested length cannot be negative")
		}
		b, err := lo.LOGet(oidArg(a[0]), a[1].Int(), a[2].Int())
		return types.NewBytes(string(b)), err
	}))
	register("be_lo_put", loImpl(func(lo LargeObjectEnv, a []types.Datum) (types.Datum, error) {
		return voidValue, lo.LOPut(oidArg(a[0]), a[1].Int(), []byte(a[2].Str()))
	}))
}
