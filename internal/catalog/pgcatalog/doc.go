// Package pgcatalog presents tusk's catalog as PostgreSQL 15's system
// catalogs and views: the relations of pg_catalog (pg_class, pg_attribute,
// pg_namespace, pg_type, pg_index, pg_constraint, ...) and of
// information_schema (tables, columns, ...), with PostgreSQL's exact
// names, OIDs, column names, column types and column order.
//
// Place on the path of a query: the backend's analyzer catalog resolves a
// name in pg_catalog or information_schema to a Relation (Lookup), and
// describes it to the analyzer as an ordinary table whose OID is below
// FirstNormalOid. The planner plans a scan of such a table as a
// plan.VirtualScan, and the executor asks the session for the rows, which
// come from Relation.Rows over a Source: one transaction's view of the
// catalog (catalog.Txn), so a relation created earlier in the transaction
// is listed, as in PostgreSQL.
//
// The relations' definitions are generated from a PostgreSQL 15 server
// (gen, relations_gen.go); every relation exists, and relations without a
// row generator here are empty (pg_trigger, pg_policy, pg_publication,
// ...). Rows are materialized per scan: catalogs are small, and a
// statement sees one consistent snapshot.
//
// The package also holds the catalog's description functions that psql's
// \d commands call: format_type's text, pg_get_indexdef,
// pg_get_constraintdef, pg_get_expr, pg_get_viewdef, visibility and
// comments (describe.go); the session exposes them to the builtins.
//
// Where tusk differs from PostgreSQL, on purpose or for now:
//   - Of the system columns only tableoid exists (a constant per
//     relation, resolved by the analyzer).
//   - The system catalogs have no indexes or constraints of their own, and
//     user tables have no TOAST tables.
//   - information_schema's domains (sql_identifier, cardinal_number, ...)
//     are shown as their base types.
//   - Relation and database sizes are zero: tusk has no relation files.
//   - regproc columns other than pg_type's I/O functions (pg_operator.oprcode,
//     pg_aggregate.aggtransfn, ...) hold the function's name as text
//     rather than its OID.
//   - pg_stat_activity shows the other sessions with their identity,
//     state and query only (no transaction or statement start times).
//   - The catalogs are computed, so INSERT, UPDATE and DELETE on them fail
//     (PostgreSQL lets a superuser change them).
//   - Stored expressions are printed from their SQL text with a small
//     type inference (ruleexpr.go), and view queries only for plain
//     SELECTs over tables (viewdef.go); other shapes print as stored.
//   - Column collations, DEFERRABLE foreign keys and expression or partial
//     indexes are not recorded by tusk's catalog, so they are not shown.
//
// Mirrors PostgreSQL's src/backend/catalog (the catalogs themselves),
// src/backend/catalog/information_schema.sql and system_views.sql (views,
// here computed directly), and src/backend/utils/adt/ruleutils.c
// (deparsing).
package pgcatalog
