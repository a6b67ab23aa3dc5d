package guc

import (
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones work on machines without a tz database

	"github.com/tuskdb/tusk/internal/pgerror"
)

func defaultZone(name string) (string, bool) {
	n := strings.TrimSpace(name)
	if strings.EqualFold(n, "UTC") || strings.EqualFold(n, "GMT") || strings.EqualFold(n, "Z") {
		return strings.ToUpper(n), true
	}
	if n == "" || strings.EqualFold(n, "local") {
		return "", false
	}
	if _, err := time.LoadLocation(n); err != nil {
		return "", false
	}
	return n, true
}

// Config holds server-wide setting values: the defaults, then
// postgresql.conf, then command-line settings. It is immutable once built;
// the postmaster replaces it on reload. Sessions created after a reload see
// the new values for settings they have not changed.
type Config struct {
	values map[string]string // lower-case name -> canonical value
	// Source records where a value came from ("configuration file",
	// "command line"), for pg_settings.
	source map[string]string
}

// NewConfig returns a Config holding the defaults.
func NewConfig() *Config {
	return &Config{values: map[string]string{}, source: map[string]string{}}
}

// Clone returns a copy of c that may be modified.
func (c *Config) Clone() *Config {
	n := NewConfig()
	for k, v := range c.values {
		n.values[k] = v
	}
	for k, v := range c.source {
		n.source[k] = v
	}
	return n
}

// Set validates and stores a server-level value of any context; source
// names where it came from.
func (c *Config) Set(name, value, source string) error {
	d, ok := Lookup(name)
	if !ok {
		if IsCustomName(name) {
			c.values[settingKey(name)] = value
			c.source[settingKey(name)] = source
			return nil
		}
		return pgerror.New(pgerror.UndefinedObject, `unrecognized configuration parameter "%s"`, name)
	}
	v, err := Canonical(d, value, c.Get(d.Name))
	if err != nil {
		return err
	}
	c.values[settingKey(d.Name)] = v
	c.source[settingKey(d.Name)] = source
	return nil
}

// Get returns the server-level canonical value of a setting.
func (c *Config) Get(name string) string {
	key := settingKey(name)
	if v, ok := c.values[key]; ok {
		return v
	}
	if d, ok := Lookup(key); ok {
		return d.Boot
	}
	return ""
}

// Source returns where the server-level value came from: "default",
// "configuration file" or "command line".
func (c *Config) Source(name string) string {
	if s, ok := c.source[settingKey(name)]; ok {
		return s
	}
	return "default"
}

// Int returns an integer setting in its base unit.
func (c *Config) Int(name string) int {
	i, _ := strconv.Atoi(c.Get(name))
	return i
}

// Bool returns a Boolean setting.
func (c *Config) Bool(name string) bool { return c.Get(name) == "on" }

// Duration returns a time setting as a duration (0 for -1 or 0).
func (c *Config) Duration(name string) time.Duration {
	d, _ := Lookup(name)
	return toDuration(d, c.Get(name))
}

func toDuration(d *Def, v string) time.Duration {
	i, err := strconv.ParseInt(v, 10, 64)
	if err != nil || i <= 0 || d == nil {
		return 0
	}
	switch d.Unit {
	case "ms":
		return time.Duration(i) * time.Millisecond
	case "s":
		return time.Duration(i) * time.Second
	case "min":
		return time.Duration(i) * time.Minute
	}
	return time.Duration(i)
}

// Change is one setting whose reported value changed.
type Change struct{ Name, Value string }

// savedValue is a setting's state before a (sub)transaction first changed
// it.
type savedValue struct {
	session, local       string
	hasSession, hasLocal bool
}

// Session is one backend's settings. Not safe for concurrent use.
type Session struct {
	cfg     *Config
	session map[string]string // values set by SET or at connection start
	local   map[string]string // values set by SET LOCAL, until transaction end
	// levels is the stack of open (sub)transactions; each records the prior
	// state of every setting it changed.
	levels []map[string]savedValue
	// reported holds the last value sent to the client for each reported
	// setting.
	reported map[string]string

	// version counts changes, so that callers can cache derived values.
	version uint64

	// Hot values, kept current by changed().
	extraFloatDigits int
	statementTimeout time.Duration
	lockTimeout      time.Duration
	idleInTxTimeout  time.Duration
	searchPath       []string
	location         *time.Location
}

// NewSession returns a Session whose defaults come from cfg.
func NewSession(cfg *Config) *Session {
	s := &Session{cfg: cfg, session: map[string]string{}, local: map[string]string{}, reported: map[string]string{}}
	s.refreshAll()
	return s
}

// Config returns the server configuration the session's defaults come from.
func (s *Session) Config() *Config { return s.cfg }

// Get returns a setting's current canonical value, and whether it exists.
func (s *Session) Get(name string) (string, bool) {
	key := settingKey(name)
	if v, ok := s.local[key]; ok {
		return v, true
	}
	if v, ok := s.session[key]; ok {
		return v, true
	}
	if _, ok := Lookup(key); ok {
		return s.cfg.Get(key), true
	}
	if v, ok := s.cfg.values[key]; ok {
		return v, true
	}
	return "", false
}

// Show returns a setting as SHOW and current_setting() display it, or
// 42704 when it does not exist.
func (s *Session) Show(name string) (string, error) {
	v, ok := s.Get(name)
	if !ok {
		return "", pgerror.New(pgerror.UndefinedObject, `unrecognized configuration parameter "%s"`, name)
	}
	if d, ok := Lookup(name); ok {
		return Display(d, v), nil
	}
	return v, nil
}

// SetOptions say how Set applies a value.
type SetOptions struct {
	Local bool // SET LOCAL: only until the end of the transaction
	// Superuser allows settings of context superuser.
	Superuser bool
	// Startup is true for values from the startup packet, which may also set
	// backend-context settings.
	Startup bool
}

// Set validates and applies value to the named setting and returns the
// canonical value. A nil-error return means the change is in effect; it is
// undone if the enclosing (sub)transaction aborts.
func (s *Session) Set(name, value string, o SetOptions) (string, error) {
	d, ok := Lookup(name)
	if !ok {
		if !IsCustomName(name) {
			return "", pgerror.New(pgerror.UndefinedObject, `unrecognized configuration parameter "%s"`, name)
		}
		s.assign(settingKey(name), value, o.Local)
		return value, nil
	}
	if err := s.checkContext(d, o); err != nil {
		return "", err
	}
	cur, _ := s.Get(d.Name)
	v, err := Canonical(d, value, cur)
	if err != nil {
		return "", err
	}
	s.assign(settingKey(d.Name), v, o.Local)
	return v, nil
}

// SetInternal sets a setting of any context without checks on who may set
// it (the backend uses it for is_superuser and session_authorization).
func (s *Session) SetInternal(name, value string) {
	key := settingKey(name)
	s.session[key] = value
	s.changed(key)
}

func (s *Session) checkContext(d *Def, o SetOptions) error {
	switch d.Context {
	case Internal:
		return pgerror.New(pgerror.CantChangeRuntimeParam, `parameter "%s" cannot be changed`, d.Name)
	case Postmaster:
		return pgerror.New(pgerror.CantChangeRuntimeParam, `parameter "%s" cannot be changed without restarting the server`, d.Name)
	case Sighup:
		return pgerror.New(pgerror.CantChangeRuntimeParam, `parameter "%s" cannot be changed now`, d.Name)
	case SuperuserBackend, Backend:
		if !o.Startup {
			return pgerror.New(pgerror.CantChangeRuntimeParam, `parameter "%s" cannot be set after connection start`, d.Name)
		}
		if d.Context == SuperuserBackend && !o.Superuser {
			return pgerror.New(pgerror.InsufficientPrivilege, `permission denied to set parameter "%s"`, d.Name)
		}
	case Superuser:
		if !o.Superuser {
			return pgerror.New(pgerror.InsufficientPrivilege, `permission denied to set parameter "%s"`, d.Name)
		}
	}
	return nil
}

// Reset returns a setting to its default (RESET name / SET name TO DEFAULT).
func (s *Session) Reset(name string, o SetOptions) error {
	d, ok := Lookup(name)
	key := settingKey(name)
	if !ok {
		if !IsCustomName(name) {
			return pgerror.New(pgerror.UndefinedObject, `unrecognized configuration parameter "%s"`, name)
		}
	} else {
		if err := s.checkContext(d, o); err != nil {
			return err
		}
		key = settingKey(d.Name)
	}
	s.save(key)
	if o.Local {
		s.local[key] = s.defaultValue(key)
	} else {
		delete(s.session, key)
		delete(s.local, key)
	}
	s.changed(key)
	return nil
}

// ResetAll resets every user-settable setting (RESET ALL).
func (s *Session) ResetAll() {
	for key := range s.session {
		if d, ok := Lookup(key); ok && (d.Context == Internal || d.Flags&Special != 0 || d.Context < Superuser) {
			continue
		}
		s.save(key)
		delete(s.session, key)
		delete(s.local, key)
		s.changed(key)
	}
}

func (s *Session) defaultValue(key string) string {
	return s.cfg.Get(key)
}

func (s *Session) assign(key, v string, local bool) {
	s.save(key)
	if local {
		s.local[key] = v
	} else {
		s.session[key] = v
		delete(s.local, key)
	}
	s.changed(key)
}

// save records key's state in the innermost open level, once.
func (s *Session) save(key string) {
	if len(s.levels) == 0 {
		return
	}
	lv := s.levels[len(s.levels)-1]
	if lv == nil {
		// Levels are made on their first SET: most transactions set
		// nothing.
		lv = map[string]savedValue{}
		s.levels[len(s.levels)-1] = lv
	}
	if _, done := lv[key]; done {
		return
	}
	var sv savedValue
	sv.session, sv.hasSession = s.session[key]
	sv.local, sv.hasLocal = s.local[key]
	lv[key] = sv
}

func (s *Session) restore(lv map[string]savedValue) {
	for key, sv := range lv {
		if sv.hasSession {
			s.session[key] = sv.session
		} else {
			delete(s.session, key)
		}
		if sv.hasLocal {
			s.local[key] = sv.local
		} else {
			delete(s.local, key)
		}
		s.changed(key)
	}
}

// BeginTx opens a transaction level. Call it at the start of every
// transaction, implicit or explicit.
func (s *Session) BeginTx() {
	s.levels = append(s.levels[:0], nil)
}

// InTx reports whether a transaction level is open.
func (s *Session) InTx() bool { return len(s.levels) > 0 }

// CommitTx ends the transaction keeping SET values; SET LOCAL values end.
func (s *Session) CommitTx() {
	s.levels = s.levels[:0]
	for key := range s.local {
		delete(s.local, key)
		s.changed(key)
	}
}

// AbortTx ends the transaction undoing every change made in it.
func (s *Session) AbortTx() {
	for i := len(s.levels) - 1; i >= 0; i-- {
		s.restore(s.levels[i])
	}
	s.levels = s.levels[:0]
	for key := range s.local {
		delete(s.local, key)
		s.changed(key)
	}
}

// Savepoint opens a subtransaction level.
func (s *Session) Savepoint() {
	if len(s.levels) == 0 {
		return
	}
	s.levels = append(s.levels, nil)
}

// ReleaseSavepoint merges the innermost level into its parent.
func (s *Session) ReleaseSavepoint() {
	n := len(s.levels)
	if n < 2 {
		return
	}
	inner, parent := s.levels[n-1], s.levels[n-2]
	if parent == nil && len(inner) > 0 {
		parent = map[string]savedValue{}
		s.levels[n-2] = parent
	}
	for key, sv := range inner {
		if _, ok := parent[key]; !ok {
			parent[key] = sv
		}
	}
	s.levels = s.levels[:n-1]
}

// RollbackToSavepoint undoes the changes of the innermost level and keeps
// it open (ROLLBACK TO keeps the savepoint).
func (s *Session) RollbackToSavepoint() {
	n := len(s.levels)
	if n < 2 {
		return
	}
	s.restore(s.levels[n-1])
	s.levels[n-1] = nil
}

// AbortSavepoint undoes and closes the innermost level.
func (s *Session) AbortSavepoint() {
	n := len(s.levels)
	if n < 2 {
		return
	}
	s.restore(s.levels[n-1])
	s.levels = s.levels[:n-1]
}

// Reported returns every reported setting with its current value, in the
// order PostgreSQL sends them at connection start, and records them as sent.
func (s *Session) Reported() []Change {
	var out []Change
	for _, d := range All() {
		if !d.Reported() {
			continue
		}
		v, _ := s.Show(d.Name)
		s.reported[settingKey(d.Name)] = v
		out = append(out, Change{d.Name, v})
	}
	return out
}

// Changes returns the reported settings whose values differ from what was
// last sent to the client, and records them as sent. The backend calls it
// before each ReadyForQuery (PostgreSQL's ReportChangedGUCOptions).
func (s *Session) Changes() []Change {
	var out []Change
	defsOnce.Do(initDefs)
	for _, d := range reportedDefs {
		key := settingKey(d.Name)
		v, _ := s.Show(d.Name)
		if last, ok := s.reported[key]; ok && last == v {
			continue
		}
		s.reported[key] = v
		out = append(out, Change{d.Name, v})
	}
	return out
}

func (s *Session) refreshAll() {
	for _, k := range []string{"extra_float_digits", "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout", "search_path", "timezone"} {
		s.changed(k)
	}
}

// changed refreshes the hot values that depend on key.
func (s *Session) changed(key string) {
	s.version++
	switch key {
	case "extra_float_digits":
		v, _ := s.Get(key)
		s.extraFloatDigits, _ = strconv.Atoi(v)
	case "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout":
		v, _ := s.Get(key)
		d, _ := Lookup(key)
		dur := toDuration(d, v)
		switch key {
		case "statement_timeout":
			s.statementTimeout = dur
		case "lock_timeout":
			s.lockTimeout = dur
		default:
			s.idleInTxTimeout = dur
		}
	case "search_path":
		v, _ := s.Get(key)
		s.searchPath = SplitList(v)
	case "timezone":
		v, _ := s.Get(key)
		s.location = nil
		if loc, err := LoadLocation(v); err == nil {
			s.location = loc
		}
	}
}

// LoadLocation resolves a canonical TimeZone value to a location. The type
// system may replace it to support POSIX-style zone specifications.
var LoadLocation = func(name string) (*time.Location, error) {
	if strings.EqualFold(name, "UTC") || strings.EqualFold(name, "GMT") || strings.EqualFold(name, "Z") {
		return time.UTC, nil
	}
	return time.LoadLocation(name)
}

// ExtraFloatDigits returns extra_float_digits.
func (s *Session) ExtraFloatDigits() int { return s.extraFloatDigits }

// StatementTimeout returns statement_timeout (0: none).
func (s *Session) StatementTimeout() time.Duration { return s.statementTimeout }

// LockTimeout returns lock_timeout (0: none).
func (s *Session) LockTimeout() time.Duration { return s.lockTimeout }

// IdleInTransactionTimeout returns idle_in_transaction_session_timeout.
func (s *Session) IdleInTransactionTimeout() time.Duration { return s.idleInTxTimeout }

// SearchPath returns the elements of search_path, unquoted, with "$user"
// kept literally.
func (s *Session) SearchPath() []string { return s.searchPath }

// Location returns the session time zone.
func (s *Session) Location() *time.Location {
	if s.location == nil {
		return time.UTC
	}
	return s.location
}

// Version returns a number that changes whenever a setting changes.
func (s *Session) Version() uint64 { return s.version }

// Is reports whether a setting's canonical value is value.
func (s *Session) Is(name, value string) bool {
	v, _ := s.Get(name)
	return v == value
}

// Bool returns a Boolean setting.
func (s *Session) Bool(name string) bool {
	v, _ := s.Get(name)
	return v == "on"
}

// SplitList splits a list setting such as search_path into its elements,
// removing double quotes (SplitIdentifierString in PostgreSQL).
func SplitList(v string) []string { return splitList(v, true) }

// SplitDirectories splits a list of directories, such as
// unix_socket_directories, as PostgreSQL's SplitDirectoriesString does:
// like SplitList, but without folding unquoted names to lower case.
func SplitDirectories(v string) []string { return splitList(v, false) }

func splitList(v string, fold bool) []string {
	var out []string
	i := 0
	for i < len(v) {
		for i < len(v) && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n') {
			i++
		}
		if i >= len(v) {
			break
		}
		var b strings.Builder
		if v[i] == '"' {
			i++
			for i < len(v) {
				if v[i] == '"' {
					if i+1 < len(v) && v[i+1] == '"' {
						b.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteByte(v[i])
				i++
			}
			out = append(out, b.String())
		} else {
			start := i
			for i < len(v) && v[i] != ',' {
				i++
			}
			item := strings.TrimSpace(v[start:i])
			if fold {
				item = strings.ToLower(item)
			}
			out = append(out, item)
		}
		for i < len(v) && v[i] != ',' {
			i++
		}
		if i < len(v) && v[i] == ',' {
			i++
		}
	}
	return out
}

// ForceSet stores a server-level value without validation. The server uses
// it for values it computes itself (an ephemeral port).
func (c *Config) ForceSet(name, value string) {
	c.values[settingKey(name)] = value
}

// Duration returns a time setting's session value (0 when unset or not a
// time setting).
func (s *Session) Duration(name string) time.Duration {
	v, ok := s.Get(name)
	d, found := Lookup(name)
	if !ok || !found {
		return 0
	}
	return toDuration(d, v)
}
