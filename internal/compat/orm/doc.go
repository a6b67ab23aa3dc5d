// Package orm runs ORMs and migration tools against tusk and PostgreSQL 15
// and compares what they see. Each test starts a fresh in-memory tusk and
// a fresh database on a throwaway PostgreSQL, runs the same program against
// both, and fails when the two transcripts differ. A transcript holds what
// the tool reports: rows read back, and the tables, columns, types,
// primary and foreign keys, indexes and constraints it reflects, with
// nothing that varies between runs (OIDs, process IDs, timestamps).
// Each test also asserts a few facts directly, so two identically wrong
// transcripts still fail.
//
//   - TestGORM: gorm.io/gorm with its PostgreSQL driver (pgx underneath):
//     AutoMigrate of models with has-one, has-many, belongs-to and
//     many-to-many associations, indexes, unique and check constraints;
//     a second AutoMigrate that adds a column and an index (it reads
//     information_schema and pg_catalog to find what exists); CRUD with
//     Preload and Joins; transactions; the Migrator's HasTable, HasColumn,
//     HasIndex, ColumnTypes and GetIndexes.
//   - TestGORMMore: server-generated UUID keys, JSON serializers,
//     upserts, row locks in transactions, FindInBatches, and the
//     Migrator's AlterColumn, CreateView, constraints, renames.
//     TestGORMSimpleProtocol reruns TestGORM's program over the simple
//     query protocol.
//   - TestSQLAlchemy: testdata/sqlalchemy/orm.py under Debian's
//     /usr/bin/python3 with python3-sqlalchemy (1.4), python3-psycopg2 and
//     python3-alembic: metadata.create_all, Core and ORM-session CRUD
//     (relationships, selectinload, savepoints), inspect() reflection of
//     columns, primary and foreign keys, indexes, unique and check
//     constraints, and Alembic's operations (add, drop, alter and rename
//     of columns, indexes, constraints and tables) run through
//     alembic.operations.Operations.
//   - TestSQLAlchemyMore: testdata/sqlalchemy/more.py: PostgreSQL types
//     (uuid, jsonb, arrays, interval, bytea), identity and stored
//     generated columns, comments, views, sequences, another schema,
//     INSERT ... ON CONFLICT, MetaData.reflect, and Alembic's
//     autogenerate (compare_metadata) between models and the database.
//   - TestSequelize and TestKnex: programs of testdata/node, with the npm
//     packages pinned by its package-lock.json (.ci/run runs npm ci):
//     Sequelize's sync of models with has-one, has-many, belongs-to and
//     many-to-many associations, sync({alter: true}), a migration through
//     queryInterface (createTable, addColumn, changeColumn, renameColumn,
//     addIndex, addConstraint, removeColumn) and its describeTable,
//     showIndex, getForeignKeyReferencesForTable and showAllTables; Knex's
//     schema builder (createTable, alterTable, hasTable, hasColumn,
//     columnInfo), migrate.latest and migrate.down with its
//     knex_migrations tables, and CRUD through the query builder (upsert,
//     joins, subqueries, transactions).
//   - TestTypeORM: testdata/node/typeorm.js: synchronize of entities with
//     one-to-one, one-to-many, many-to-one and many-to-many relations,
//     then TypeORM's schema diff from its own reflection, which must find
//     nothing to do, and after the entities change exactly the changes;
//     migrations with its migrations table, QueryRunner's getTables,
//     hasTable, hasColumn, addColumn, renameColumn, createIndex, and CRUD with
//     optimistic versions and transactions. uuidExtension is pgcrypto:
//     tusk has gen_random_uuid but no CREATE EXTENSION, whose failure
//     TypeORM ignores.
//
// The external programs are required: a missing python3 module or
// node_modules fails the test, it does not skip. .ci/run installs them.
//
// What a tool needs that tusk lacks stays out of the programs and is
// listed in COMPATIBILITY.md, as for the difftest corpus.
package orm
