package backend

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/tuskdb/tusk/internal/guc"
	"github.com/tuskdb/tusk/internal/sql/builtins"
	"github.com/tuskdb/tusk/internal/sql/keywords"
)

// The backend is the builtins.Env of the statements it runs.
var _ builtins.Env = (*Backend)(nil)

// Context returns the running statement's context.
func (b *Backend) Context() context.Context {
	if b.stmtCtx == nil {
		return context.Background()
	}
	return b.stmtCtx
}

// Setting returns a setting as SHOW prints it.
func (b *Backend) Setting(name string) (string, error) { return b.showValue(name) }

// SetSetting implements set_config().
func (b *Backend) SetSetting(name, value string, local bool) (string, error) {
	if d, ok := guc.Lookup(name); ok && d.Flags&guc.Special != 0 {
		if err := b.setSpecial(d.Name, value); err != nil {
			return "", err
		}
		return b.showValue(d.Name)
	}
	if _, err := b.sess.Set(name, value, guc.SetOptions{Local: local, Superuser: b.opts.Superuser}); err != nil {
		return "", err
	}
	return b.sess.Show(name)
}

// BackendPID returns the session's process ID.
func (b *Backend) BackendPID() int32 { return b.opts.PID }

// CurrentUser returns the current role's name.
func (b *Backend) CurrentUser() string { return b.opts.User }

var _ builtins.SchemaEnv = (*Backend)(nil)

// CurrentSchemas returns the names of search_path's existing schemas
// (current_schemas); implicit adds the schemas searched without being
// listed: the session's temporary schema and pg_catalog, first.
func (b *Backend) CurrentSchemas(implicit bool) []string {
	path := b.explicitSearchPath()
	if implicit {
		path = b.searchPath()
	}
	var out []string
	for _, so := range path {
		if d := b.tx.cat.Get(so); d != nil {
			out = append(out, d.Name)
		}
	}
	return out
}

// SessionUser returns the session user's name.
func (b *Backend) SessionUser() string { return b.opts.User }

// Database returns the connected database's name.
func (b *Backend) Database() string { return b.opts.Database }

// TxnStart returns the transaction's start time.
func (b *Backend) TxnStart() time.Time { return b.txnStartTime() }

// StmtStart returns the statement's start time.
func (b *Backend) StmtStart() time.Time { return b.stmtStart }

// Rand returns the session's random source (setseed/random).
func (b *Backend) Rand() *rand.Rand { return b.rng }

func sprintType(v any) string { return fmt.Sprintf("%T", v) }

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

func quoteIdentifier(s string) string { return keywords.Quote(s) }

// SetSeed seeds random() (setseed).
func (b *Backend) SetSeed(seed float64) {
	u := uint64(int64(seed * float64(1<<62)))
	b.rng = rand.New(rand.NewPCG(u, u^0x9e3779b97f4a7c15))
}
