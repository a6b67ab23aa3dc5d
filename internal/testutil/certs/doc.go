// Package certs makes throwaway TLS certificates for tests: a CA, a
// server certificate for the loopback names (localhost, 127.0.0.1, ::1)
// and client certificates, all signed by the CA, as PEM files that both
// tusk and PostgreSQL 15 (OpenSSL) load, and that libpq and pgx verify
// with sslmode=verify-full.
//
// Keys are ECDSA P-256, which is fast to generate. Nothing here is for
// production use.
package certs
