// Package protoscript runs byte-level protocol scripts against a server:
// send these frontend messages, expect these backend messages. The scripts
// in testdata/ are PostgreSQL 15's own behaviour (the package's tests run
// them against a throwaway PostgreSQL), so the same scripts run against
// tusk check that tusk speaks protocol v3 as PostgreSQL does, down to
// message order, fields, SQLSTATEs and the handling of malformed input.
//
// Messages are encoded and decoded with github.com/jackc/pgx/v5/pgproto3
// (the frontend side); framing is done here, so that single-byte answers
// (SSLRequest), the old protocol's error format and raw bytes can be read
// as well.
//
// # Notation
//
// One step per line; blank lines and lines starting with '#' are ignored.
//
//	F <Message> <args>      send a frontend message
//	B <Message> <args>      read one backend message; it must match
//	B? <Message> <args>     read one if it matches (zero or one)
//	B* <Message> <args>     read all that match (zero or more)
//	unordered ... end       read as many messages as the block has B lines
//	                        and match them in any order (ParameterStatus)
//	B byte N                read exactly one byte (SSLRequest, GSSENCRequest)
//	B raw <bytes>           read exactly these bytes
//	expect-close            the server closes the connection, sending nothing
//	close                   the client closes the connection
//	conn NAME [tcp|unix]    switch to connection NAME, opening it if new
//	network tcp|unix        the default transport of new connections
//	timeout 5s              how long a B line waits (default 10s)
//	sleep 300ms             pause (to let the server reach a state)
//	include FILE            the lines of FILE (relative to the script)
//
// A script starts on connection "main", opened on first use. Opening a
// connection only connects: the startup packet is the script's own
// `F Startup` line (or SSLRequest, CancelRequest, raw bytes...).
// testdata/startup.inc holds PostgreSQL 15's trust-authentication
// handshake for scripts to include.
//
// Arguments are positional values (the message's fields in order) or
// name=value. Values are bare words (1, I, UTF8, _pq_.x), quoted strings in
// Go syntax ("a\tb", "\x00\x01", `raw`), lists [a, b] and records {k=v k=v}.
//
// Frontend messages and their fields:
//
//	F Startup version=3.0 user=postgres database=postgres [name=value ...]
//	    parameters are sent in the order written; version may be 3.0, 3.2,
//	    3.99, 2.0, 1234.5679 or a number; it defaults to 3.0
//	F SSLRequest | F GSSENCRequest
//	F CancelRequest pid=N key=HEX
//	F Query "select 1"
//	F Parse name="" query="select $1::int" params=[23]
//	F Bind portal="" stmt="" formats=[0] params=["1", null] results=[1]
//	F Describe statement="s1" | F Describe portal=""
//	F Close statement="s1" | F Close portal="p"
//	F Execute portal="" max=0
//	F Sync | F Flush | F Terminate
//	F CopyData "..." | F CopyDone | F CopyFail "why" | F PasswordMessage "pw"
//	F raw 00 00 00 08 04 d2 16 2f "text" ...   hex bytes and quoted text
//
// Backend messages and their fields (positional order; the names are
// what trace output prints):
//
//	AuthenticationOk, AuthenticationCleartextPassword, AuthenticationMD5Password salt,
//	AuthenticationSASL mechanisms, AuthenticationSASLContinue data,
//	AuthenticationSASLFinal data, Authentication code data (any other)
//	ParameterStatus name value
//	BackendKeyData pid key                  (key in hex)
//	NegotiateProtocolVersion version options (version as 3.0)
//	ReadyForQuery status                    (I, T or E)
//	RowDescription fields                   list of {name table attnum type size mod format}
//	DataRow values                          list of strings and null
//	CommandComplete tag
//	ParameterDescription types              list of type OIDs
//	ParseComplete, BindComplete, CloseComplete, NoData, PortalSuspended,
//	EmptyQueryResponse, CopyDone
//	ErrorResponse, NoticeResponse           severity code message detail hint position
//	                                        internal_position internal_query where schema
//	                                        table column datatype constraint vseverity
//	                                        file line routine
//	NotificationResponse pid channel payload
//	CopyInResponse, CopyOutResponse, CopyBothResponse format columns
//	CopyData data, FunctionCallResponse result
//
// # Matching
//
// A B line checks the message type and only the fields it names: an
// ErrorResponse line that gives code= and message= ignores file, line and
// routine, which no two servers share. Lists must match element by
// element (a final ... matches any rest); records check only the keys
// they name. A field the message lacks matches only null and *. Special
// values:
//
//	value        matches
//	-----        -------
//	*            anything, null included (process IDs, secret keys, TimeZone)
//	~"regexp"    a string matching the regular expression (~`^15\.`)
//	$name        a variable: bound by the first B line that meets it,
//	             compared afterwards, substituted in F lines
//	$conn.name   another connection's variable, for example
//	             F CancelRequest pid=$main.pid key=$main.key
//
// Variables belong to the connection that bound them; Options.Vars
// predefines read-only ones. B? and B* must be followed by a B line,
// unordered block or expect-close, so that peeking never waits for a
// message that is not due.
//
// # Running and reading failures
//
// Run(t, addr, file) runs one script, RunDir(t, addr, dir) every *.pgs
// file in dir as subtests; addr is "host:port" or a Unix socket path, and
// Options.Socket gives the socket for scripts that say `network unix`.
// A failure names the script line, what arrived instead, and the
// connection's recent traffic in this notation. To write a new script,
// write the F lines and run it with PROTOSCRIPT_TRACE=1 (or
// Options.Trace): every message sent and received is logged in this
// notation, ready to be copied as B lines and then loosened with
// wildcards where servers may legitimately differ.
package protoscript
