package builtins

import "github.com/tuskdb/tusk/internal/sql/types"

// Notifier is the optional ability of an Env to queue a notification, as
// NOTIFY does, for pg_notify, and to list the channels the session
// listens on, for pg_listening_channels.
type Notifier interface {
	Notify(channel, payload string) error
	ListeningChannels() []string
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

func init() {
	srfImpls["pg_listening_channels"] = func(env Env, _ *Sig, _ []types.Datum) (SetIter, error) {
		var chans []string
		if n, ok := env.(Notifier); ok {
			chans = n.ListeningChannels()
		}
		row := make(types.Row, 1)
		return funcIter(func() (types.Row, bool, error) {
			if len(chans) == 0 {
				return nil, false, nil
			}
			row[0] = types.NewString(chans[0])
			chans = chans[1:]
			return row, true, nil
		}), nil
	}
}
