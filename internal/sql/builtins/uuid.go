package builtins

import (
	"crypto/rand"

	"github.com/tuskdb/tusk/internal/sql/types"
)

func init() {
	// gen_random_uuid() returns a version 4 (random) UUID from the
	// operating system's random source, not the session's random()
	// sequence, as PostgreSQL's uses pg_strong_random (uuid.c).
	register("gen_random_uuid", func(Env, *Sig, []types.Datum) (types.Datum, error) {
		var u [16]byte
		if _, err := rand.Read(u[:]); err != nil {
			return types.Null, err
		}
		u[6] = u[6]&0x0f | 0x40 // version 4
		u[8] = u[8]&0x3f | 0x80 // variant RFC 4122
		return types.NewUUID(u), nil
	})
}
