package tusk

import "github.com/tuskdb/tusk/internal/backend"

// WithPanicHook returns an option that makes every backend panic before
// running a statement whose text is sql. It exists only in tests, to prove
// that a panic stays inside its backend.
func WithPanicHook(sql string) func(*Options) {
	return func(o *Options) {
		o.knobs = &backend.TestingKnobs{BeforeStatement: func(s string) {
			if s == sql {
				panic("test panic in backend")
			}
		}}
	}
}
