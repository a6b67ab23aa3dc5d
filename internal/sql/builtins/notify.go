package builtins

import "github.com/tuskdb/tusk/internal/sql/types"

// Notifier is the optional ability of an Env to queue a notification, as
// NOTIFY does, for pg_notify.
type Notifier interface {
	Notify(channel, payload string) error
}

func init() {
	register("pg_notify", func(env Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		var channel, payload string
		if !a[0].IsNull() {
			channel = a[0].Str()
		}
		if !a[1].IsNull() {
			payload = a[1].Str()
		}
		n, ok := env.(Notifier)
		if !ok {
			return voidValue, nil
		}
		return voidValue, n.Notify(channel, payload)
	})
}
