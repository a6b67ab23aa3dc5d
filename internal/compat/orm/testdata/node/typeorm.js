// TypeORM against one server (internal/compat/orm): synchronize of
// entities with relations, the schema diff TypeORM computes from its own
// reflection (which must find nothing to do after a synchronize, and
// exactly the changes after the entities change), migrations with its
// migrations table, QueryRunner's table operations, and CRUD. The server
// is ORM_DSN. Prints a transcript with nothing that varies between runs.
'use strict';
require('reflect-metadata');
const { DataSource, EntitySchema } = require('typeorm');

function out(...args) { console.log(...args); }

async function step(name, fn) {
  try {
    const r = await fn();
    out(`${name}: ok`);
    return r;
  } catch (e) {
    out(`${name}: error ${e.code || e.name}: ${e.message}`);
  }
}

function entities(v2) {
  const authorColumns = {
    id: { type: 'int', primary: true, generated: 'increment' },
    uid: { type: 'uuid', generated: 'uuid', unique: true },
    name: { type: 'varchar', length: 80 },
    rating: { type: 'numeric', precision: 4, scale: 2, default: v2 ? 1 : 0 },
    active: { type: 'boolean', default: true },
    tags: { type: 'text', array: true, nullable: true },
    meta: { type: 'jsonb', nullable: true },
    born: { type: 'date', nullable: true },
    created: { type: 'timestamptz', createDate: true },
    version: { type: 'int', version: true },
  };
  if (v2) authorColumns.nickname = { type: 'varchar', length: 40, nullable: true };
  const Author = new EntitySchema({
    name: 'Author', tableName: 'authors', columns: authorColumns,
    indices: [{ name: 'ix_authors_name', columns: ['name'] }].concat(v2 ? [{ name: 'ix_authors_nickname', columns: ['nickname'], unique: true }] : []),
    relations: {
      books: { type: 'one-to-many', target: 'Book', inverseSide: 'author' },
      profile: { type: 'one-to-one', target: 'Profile', inverseSide: 'author' },
    },
  });
  const Profile = new EntitySchema({
    name: 'Profile', tableName: 'profiles',
    columns: { id: { type: 'int', primary: true, generated: 'increment' }, bio: { type: 'text' } },
    relations: { author: { type: 'one-to-one', target: 'Author', joinColumn: { name: 'author_id' }, inverseSide: 'profile', onDelete: 'CASCADE' } },
  });
  const Book = new EntitySchema({
    name: 'Book', tableName: 'books',
    columns: {
      id: { type: 'bigint', primary: true, generated: 'increment' },
      title: { type: 'varchar', length: 200 },
      pages: { type: 'int', nullable: true },
      price: { type: 'double precision', nullable: true },
    },
    uniques: [{ name: 'uq_books_author_title', columns: ['author', 'title'] }],
    checks: [{ name: 'ck_pages', expression: '"pages" > 0' }],
    relations: {
      author: { type: 'many-to-one', target: 'Author', joinColumn: { name: 'author_id' }, onDelete: 'CASCADE', nullable: false },
      tags: { type: 'many-to-many', target: 'Tag', joinTable: { name: 'book_tags', joinColumn: { name: 'book_id' }, inverseJoinColumn: { name: 'tag_id' } } },
    },
  });
  const Tag = new EntitySchema({
    name: 'Tag', tableName: 'tags',
    columns: { id: { type: 'int', primary: true, generated: 'increment' }, label: { type: 'varchar', length: 30, unique: true } },
  });
  return [Author, Profile, Book, Tag];
}

class AddReviews1767225600000 {
  constructor() { this.name = 'AddReviews1767225600000'; }
  async up(qr) {
    await qr.query('create table reviews (id serial primary key, book_id bigint not null references books (id) on delete cascade, stars smallint not null default 3)');
    await qr.query('create index ix_reviews_book on reviews (book_id)');
  }
  async down(qr) { await qr.query('drop table reviews'); }
}

// describe prints what QueryRunner.getTables reflects of the tables, all
// loaded at once as synchronize loads them.
async function describe(qr, ...names) {
  const tables = await qr.getTables(names);
  for (const name of names) describeTable(name, tables.find(t => t.name === name));
}

function describeTable(name, t) {
  if (!t) { out(`  ${name}: none`); return; }
  for (const c of t.columns) {
    out(`  ${name}.${c.name}: ${c.type} length=${c.length} precision=${c.precision} scale=${c.scale} nullable=${c.isNullable} ` +
      `default=${c.default} primary=${c.isPrimary} unique=${c.isUnique} generated=${c.isGenerated}/${c.generationStrategy} array=${c.isArray}`);
  }
  const names = xs => xs.map(x => `${x.name}(${x.columnNames})`).sort().join(' ');
  out(`  ${name} indices: ${names(t.indices)}`);
  out(`  ${name} uniques: ${names(t.uniques)}`);
  out(`  ${name} checks: ${t.checks.map(c => `${c.name}:${c.expression}`).sort().join(' ')}`);
  out(`  ${name} fks: ${t.foreignKeys.map(f => `${f.columnNames}->${f.referencedTableName}(${f.referencedColumnNames}) ${f.onDelete}`).sort().join(' ')}`);
}

async function pending(ds, title) {
  const log = await ds.driver.createSchemaBuilder().log();
  // Constraint names are hashes of table and column names, the same on
  // both servers.
  out(`pending ${title}:`);
  for (const q of log.upQueries) out('  ', q.query);
}

async function main() {
  const opts = { type: 'postgres', url: process.env.ORM_DSN, logging: false, uuidExtension: 'pgcrypto' };
  let ds = new DataSource({ ...opts, entities: entities(false), migrations: [AddReviews1767225600000] });
  await ds.initialize();
  await step('synchronize', () => ds.synchronize());
  await pending(ds, 'after synchronize');
  const qr = ds.createQueryRunner();
  await describe(qr, 'authors', 'profiles', 'books', 'tags', 'book_tags');
  out('hasTable books:', await qr.hasTable('books'), 'nosuch:', await qr.hasTable('nosuch'));
  out('hasColumn books.pages:', await qr.hasColumn('books', 'pages'), 'books.nosuch:', await qr.hasColumn('books', 'nosuch'));

  // CRUD through repositories and the query builder.
  const authors = ds.getRepository('Author');
  const books = ds.getRepository('Book');
  const tags = ds.getRepository('Tag');
  const [fiction, math] = await tags.save([{ label: 'fiction' }, { label: 'math' }]);
  const ada = await step('save', () => authors.save({ name: 'ada', rating: 9.5, tags: ['x', 'y'], meta: { lang: 'en' }, born: '1815-12-10',
    profile: undefined }));
  await ds.getRepository('Profile').save({ bio: 'analyst', author: ada });
  const bob = await authors.save({ name: 'bob' });
  await step('save books', () => books.save([
    { title: 'notes', pages: 52, price: 12.5, author: ada, tags: [fiction, math] },
    { title: 'tables', pages: 300, author: ada, tags: [math] },
    { title: 'hello', pages: 10, author: bob },
  ]));
  await step('check violated', () => books.save({ title: 'empty', pages: 0, author: bob }));
  await step('unique violated', () => books.save({ title: 'notes', author: ada }));
  const loaded = await authors.find({ relations: { books: { tags: true }, profile: true }, order: { id: 'ASC' } });
  for (const a of loaded) {
    out(`  author ${a.id} ${a.name} rating=${a.rating} active=${a.active} tags=${JSON.stringify(a.tags)} meta=${JSON.stringify(a.meta)} ` +
      `born=${a.born} version=${a.version} bio=${a.profile && a.profile.bio} uid=${typeof a.uid === 'string' && a.uid.length === 36} books=` +
      a.books.sort((x, y) => Number(x.id) - Number(y.id)).map(b => `${b.title}[${b.tags.map(t => t.label).sort()}]`).join(','));
  }
  const rows = await ds.createQueryBuilder().select('a.name', 'name').addSelect('count(b.id)', 'n').addSelect('coalesce(sum(b.pages), 0)', 'pages')
    .from('authors', 'a').leftJoin('books', 'b', 'b.author_id = a.id').groupBy('a.name').orderBy('a.name').getRawMany();
  out('  counts:', JSON.stringify(rows));
  await step('update', () => authors.update({ name: 'bob' }, { rating: 3 }));
  out('  bob version:', (await authors.findOneBy({ name: 'bob' })).version);
  await step('increment', () => books.increment({ title: 'hello' }, 'pages', 5));
  await step('transaction', () => ds.transaction(async m => {
    await m.getRepository('Author').save({ name: 'cy' });
    await m.getRepository('Author').delete({ name: 'bob' });
  }));
  await step('transaction rollback', () => ds.transaction(async m => {
    await m.getRepository('Author').save({ name: 'ghost' });
    throw new Error('roll back');
  }));
  out('  names:', JSON.stringify((await authors.find({ order: { id: 'ASC' } })).map(a => a.name)));
  out('  books left:', await books.count());

  // Migrations, with TypeORM's migrations table.
  const ran = await step('runMigrations', () => ds.runMigrations({ transaction: 'all' }));
  out('  ran:', JSON.stringify((ran || []).map(m => m.name)));
  out('  migrations:', JSON.stringify(await ds.query('select name from migrations order by id')));
  await describe(qr, 'reviews');
  await step('undoLastMigration', () => ds.undoLastMigration());
  out('hasTable reviews:', await qr.hasTable('reviews'));

  // QueryRunner's own DDL.
  const { TableColumn, TableIndex } = require('typeorm');
  await step('addColumn', () => qr.addColumn('tags', new TableColumn({ name: 'color', type: 'varchar', length: '20', default: "'grey'" })));
  await step('renameColumn', () => qr.renameColumn('tags', 'color', 'colour'));
  await step('createIndex', () => qr.createIndex('tags', new TableIndex({ name: 'ix_tags_colour', columnNames: ['colour'] })));
  await describe(qr, 'tags');
  await step('dropIndex', () => qr.dropIndex('tags', 'ix_tags_colour'));
  await step('dropColumn', () => qr.dropColumn('tags', 'colour'));
  await qr.release();
  await ds.destroy();

  // The entities change: TypeORM diffs them against what it reflects.
  ds = new DataSource({ ...opts, entities: entities(true) });
  await ds.initialize();
  await pending(ds, 'after the entities changed');
  await step('synchronize v2', () => ds.synchronize());
  await pending(ds, 'after synchronize v2');
  const qr2 = ds.createQueryRunner();
  await describe(qr2, 'authors');
  await qr2.release();
  await step('dropDatabase', () => ds.dropDatabase());
  out('tables left:', JSON.stringify(await ds.query("select table_name from information_schema.tables where table_schema = 'public'")));
  await ds.destroy();
}

main().catch(e => { console.error(e); process.exit(1); });
