// Package hba reads pg_hba.conf, PostgreSQL's client authentication file,
// and decides which of its lines applies to a connection (PostgreSQL docs,
// section 21.1 "The pg_hba.conf File"; libpq/hba.c).
//
// It sits between the startup phase of a connection (package pgwire) and
// the authentication exchange (package auth): the postmaster knows who a
// connection claims to be and how it arrived, Match picks the first line
// that fits, and auth runs that line's method.
//
// Parsing follows PostgreSQL 15's tokenizer and parse_hba_line: quoting
// (a quoted "all" is a name, not a keyword), comma lists, @file inclusion,
// backslash line continuation, CIDR and address/mask pairs, host names,
// samehost/samenet, every method name PostgreSQL knows and its options.
// Errors carry SQLSTATE F0000 and PostgreSQL's wording, with the context
// line `line N of configuration file "path"`. A file with any bad line is
// rejected as a whole, as PostgreSQL refuses to load or reload it.
//
// Methods that tusk cannot run (gss, pam, ldap, radius) are accepted here
// so that a PostgreSQL pg_hba.conf loads unchanged; package auth fails
// connections that match them. sspi and bsd are refused as "not supported
// by this build", as in PostgreSQL 15 on Linux. hostgssenc lines never
// match, since tusk does not offer GSSAPI encryption.
//
// It also reads pg_ident.conf (section 21.2 "User Name Maps"), whose maps
// the map option of peer, ident and cert lines names. System user names
// written as /regexp use Go's RE2 syntax, which agrees with PostgreSQL's
// regular expressions for the usual anchored patterns with a \1 group,
// though not in every construct or error message.
//
// A Conf and a UserMaps are immutable after parsing and safe for
// concurrent use.
package hba
