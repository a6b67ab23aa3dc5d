// Package auth runs the client authentication exchanges of PostgreSQL's
// protocol over a pgwire.Conn, once package hba has picked the
// pg_hba.conf line for a connection (PostgreSQL docs, chapter 21 "Client
// Authentication"; libpq/auth.c, libpq/auth-scram.c, libpq/crypt.c).
//
// It also owns the stored password formats, byte for byte PostgreSQL's:
// "md5" followed by the hex MD5 of password+user, and the SCRAM-SHA-256
// verifier SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
// (RFC 5803). Encrypt turns a password into one under
// password_encryption, as CREATE ROLE ... PASSWORD does.
//
// The methods:
//
//   - trust admits; reject, and a connection no line matched, are refused
//     with 28000 and PostgreSQL's "pg_hba.conf rejects connection ..." or
//     "no pg_hba.conf entry ..." message.
//   - password asks for the password in clear and checks it against any
//     kind of secret.
//   - md5 and scram-sha-256 follow CheckPWChallengeAuth: the md5 exchange
//     runs only when the line says md5 and the role's secret is an MD5
//     hash; otherwise SCRAM-SHA-256 runs (RFC 5802 and 7677, over
//     github.com/xdg-go/scram), with SCRAM-SHA-256-PLUS channel binding
//     (tls-server-end-point) offered on TLS connections.
//   - cert, and clientcert=verify-full on other methods, match the client
//     certificate's CN (or DN) with the role name; peer matches the Unix
//     socket peer's operating-system user; ident asks the client
//     machine's ident server (RFC 1413) for the owner of the connection.
//     A line's map option sends these names through pg_ident.conf's user
//     name maps instead.
//   - gss, sspi, pam, bsd, ldap and radius fail with PostgreSQL's failure
//     message for that method.
//
// A role that does not exist, or has no password, still goes through the
// exchange and fails at its end, with a made-up SCRAM salt that is stable
// per name, so that clients cannot learn which roles exist. Failed
// passwords end with FATAL 28P01 "password authentication failed for user
// ...". A client that hangs up instead of answering (psql does, to prompt
// for a password) gets no message: Authenticate returns ErrClientGone
// after closing the connection.
//
// Deviations from PostgreSQL 15: the methods listed as failing above are
// not run; SASLprep is github.com/xdg-go/stringprep's (both fall back to
// the raw password when it cannot be prepared); a time in VALID UNTIL
// without a zone is read in the server's TimeZone, not the creating
// session's.
package auth
