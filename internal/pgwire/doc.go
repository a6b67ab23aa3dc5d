// Package pgwire speaks PostgreSQL's frontend/backend protocol, version 3
// (PostgreSQL docs, chapter 55), on the server side. It knows nothing of
// SQL: it frames and encodes messages, and the backend package decides what
// they mean.
//
// The layers, in the order a connection meets them:
//
//   - Startup (startup.go): the first packets of a connection, read here
//     byte by byte so that no client bytes are buffered across a TLS
//     upgrade. SSLRequest is answered 'S' (then the TLS handshake) or 'N',
//     GSSENCRequest 'N', a CancelRequest is returned to the caller, and a
//     StartupMessage's protocol version is checked: 3.0 is accepted, a later
//     3.x is accepted after a NegotiateProtocolVersion message, anything
//     else is refused with a FATAL error.
//   - Authentication (subpackages hba and auth): which method applies to a
//     connection, and the exchanges themselves.
//   - Conn (conn.go): message I/O after startup, over pgproto3 from
//     github.com/jackc/pgx/v5, with helpers that turn *pgerror.Error values
//     into ErrorResponse and NoticeResponse messages.
//   - Formats (format.go): encoding rows in DataRow messages in text or
//     binary format, straight from typed values into the output buffer,
//     and decoding Bind parameters.
//
// A connection ends when the client sends Terminate or closes the socket,
// when a FATAL error is sent (bad startup packet, failed authentication,
// too many connections, shutdown), or when the server closes it.
//
// This mirrors PostgreSQL's libpq/pqcomm.c, libpq/pqformat.c and the
// protocol parts of postmaster/postmaster.c and tcop/postgres.c.
package pgwire
