package guc

import (
	"sort"
	"strings"
	"sync"
)

// Type is a setting's value type (pg_settings.vartype).
type Type uint8

// The value types.
const (
	Bool Type = iota
	Int
	Real
	String
	Enum
)

func (t Type) String() string {
	return [...]string{"bool", "integer", "real", "string", "enum"}[t]
}

// Context says when a setting may change (pg_settings.context).
type Context uint8

// The contexts, from the most to the least restricted.
const (
	Internal Context = iota
	Postmaster
	Sighup
	SuperuserBackend
	Backend
	Superuser
	User
)

func (c Context) String() string {
	return [...]string{"internal", "postmaster", "sighup", "superuser-backend", "backend", "superuser", "user"}[c]
}

// Flags modify a setting's behaviour.
type Flags uint16

// The flags tusk uses (a subset of PostgreSQL's GUC_* flags).
const (
	// Report marks settings whose changes are sent to the client in
	// ParameterStatus messages (GUC_REPORT).
	Report Flags = 1 << iota
	// ListQuote marks list settings whose elements are identifiers, quoted
	// as needed when SET builds the value (GUC_LIST_QUOTE).
	ListQuote
	// ListInput marks settings that accept a list of values (GUC_LIST_INPUT).
	ListInput
	// NoShowAll hides the setting from SHOW ALL (GUC_NO_SHOW_ALL).
	NoShowAll
	// Special marks settings that SET handles outside the generic path
	// (transaction_isolation and its kin).
	Special
)

// Def is the definition of one setting. Min, Max and Boot are in the
// setting's base unit, as pg_settings shows them.
type Def struct {
	Name      string
	Type      Type
	Context   Context
	Flags     Flags
	Unit      string // "", "ms", "s", "min", "kB", "8kB", "MB", ...
	Min, Max  string
	Boot      string
	Enum      []string
	Category  string
	ShortDesc string
	ExtraDesc string

	// check canonicalizes a new value given the current one, or rejects it
	// with an error for the client. It runs after the generic type check.
	check func(value, current string) (string, error)
}

// Reported reports whether changes to the setting are sent to clients.
func (d *Def) Reported() bool { return d.Flags&Report != 0 }

var (
	defsOnce     sync.Once
	defs         map[string]*Def   // by lower-case name
	keys         map[string]string // a definition's name as written → its lower-case key
	reportedDefs []*Def            // the definitions with the Report flag, sorted
	sorted       []*Def            // by lower-case name
)

// tuskBoot overrides PostgreSQL's boot values where tusk's defaults differ:
// the version strings describe tusk, the encodings are UTF-8, and the values
// that initdb writes into postgresql.conf are built in.
var tuskBoot = map[string]string{
	"server_version":             ServerVersion,
	"server_version_num":         ServerVersionNum,
	"server_encoding":            "UTF8",
	"client_encoding":            "UTF8",
	"lc_collate":                 "C",
	"lc_ctype":                   "C",
	"lc_messages":                "C",
	"lc_monetary":                "C",
	"lc_numeric":                 "C",
	"lc_time":                    "C",
	"default_text_search_config": "pg_catalog.english",
	"timezone_abbreviations":     "Default",
	"max_stack_depth":            "2048",
	"listen_addresses":           "localhost",
	"unix_socket_directories":    "/tmp",
	"shared_buffers":             "16384",
	"dynamic_shared_memory_type": "posix",
	"log_timezone":               "UTC",
	"TimeZone":                   "UTC",
}

// The version tusk reports. Drivers parse the leading PostgreSQL version.
const (
	TuskVersion      = "0.1.0"
	ServerVersion    = "15.0 (tusk " + TuskVersion + ")"
	ServerVersionNum = "150000"
)

var reported = []string{
	"application_name", "client_encoding", "DateStyle", "default_transaction_read_only",
	"in_hot_standby", "integer_datetimes", "IntervalStyle", "is_superuser", "server_encoding",
	"server_version", "session_authorization", "standard_conforming_strings", "TimeZone",
}

func initDefs() {
	defs = make(map[string]*Def, len(pgDefs)+8)
	for i := range pgDefs {
		d := &pgDefs[i]
		if v, ok := tuskBoot[d.Name]; ok {
			d.Boot = v
		}
		defs[strings.ToLower(d.Name)] = d
	}
	// Settings PostgreSQL has that pg_settings does not list.
	for _, d := range []*Def{
		{Name: "is_superuser", Type: Bool, Context: Internal, Flags: Report | NoShowAll, Boot: "off", Category: "Preset Options", ShortDesc: "Shows whether the current user is a superuser."},
		{Name: "session_authorization", Type: String, Context: User, Flags: Report | NoShowAll | Special, Boot: "", Category: "Preset Options", ShortDesc: "Sets the session user name."},
		{Name: "role", Type: String, Context: User, Flags: NoShowAll | Special, Boot: "none", Category: "Preset Options", ShortDesc: "Sets the current role."},
		{Name: "server_version_num", Type: Int, Context: Internal, Boot: ServerVersionNum, Min: ServerVersionNum, Max: ServerVersionNum, Category: "Preset Options", ShortDesc: "Shows the server version as an integer."},
	} {
		if _, ok := defs[strings.ToLower(d.Name)]; !ok {
			defs[strings.ToLower(d.Name)] = d
		}
	}
	for _, n := range reported {
		defs[strings.ToLower(n)].Flags |= Report
	}
	for _, n := range []string{"search_path", "temp_tablespaces", "session_preload_libraries", "shared_preload_libraries", "local_preload_libraries"} {
		if d := defs[n]; d != nil {
			d.Flags |= ListInput | ListQuote
		}
	}
	for _, n := range []string{"DateStyle", "unix_socket_directories", "listen_addresses", "log_destination"} {
		defs[strings.ToLower(n)].Flags |= ListInput
	}
	for _, n := range []string{"transaction_isolation", "transaction_read_only", "transaction_deferrable", "session_authorization", "role"} {
		if d := defs[n]; d != nil {
			d.Flags |= Special
		}
	}
	defs["datestyle"].check = checkDateStyle
	defs["timezone"].check = checkTimeZone
	defs["log_timezone"].check = checkTimeZone
	defs["client_encoding"].check = checkClientEncoding
	defs["default_transaction_isolation"].check = nil
	sorted = make([]*Def, 0, len(defs))
	for _, d := range defs {
		sorted = append(sorted, d)
	}
	sort.Slice(sorted, func(i, j int) bool { return strings.ToLower(sorted[i].Name) < strings.ToLower(sorted[j].Name) })
	keys = make(map[string]string, len(defs))
	for k, d := range defs {
		keys[d.Name] = k
	}
	for _, d := range sorted {
		if d.Reported() {
			reportedDefs = append(reportedDefs, d)
		}
	}
}

// settingKey returns the lower-case map key of a setting's name. The backend
// asks for settings by their written names ("DateStyle", "TimeZone") on
// every statement, so those are found in a table instead of lowered
// into a new string each time.
func settingKey(name string) string {
	defsOnce.Do(initDefs)
	if k, ok := keys[name]; ok {
		return k
	}
	return strings.ToLower(name)
}

// Lookup returns the definition of the named setting (case-insensitive).
func Lookup(name string) (*Def, bool) {
	defsOnce.Do(initDefs)
	d, ok := defs[settingKey(name)]
	return d, ok
}

// All returns every definition, sorted by name, as SHOW ALL lists them.
// The slice must not be modified.
func All() []*Def {
	defsOnce.Do(initDefs)
	return sorted
}

// IsCustomName reports whether name is a placeholder setting of the form
// "prefix.name", which PostgreSQL accepts for extensions and applications.
func IsCustomName(name string) bool {
	i := strings.IndexByte(name, '.')
	return i > 0 && i < len(name)-1
}
