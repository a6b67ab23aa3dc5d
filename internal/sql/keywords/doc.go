// Package keywords lists PostgreSQL 15's SQL keywords and their categories
// (generated from pg_get_keywords() by ./gen), and quotes identifiers as
// PostgreSQL's quote_identifier does. It is a leaf package: the parser,
// the built-in functions (quote_ident, format's %I) and catalog output
// (pg_get_keywords, deparsing) share it.
package keywords
