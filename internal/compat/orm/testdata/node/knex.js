// Knex against one server (internal/compat/orm): the schema builder
// (createTable, alterTable, hasTable, hasColumn, renames, indexes,
// foreign keys), migrations with knex's own bookkeeping tables, and CRUD
// through the query builder. The server is ORM_DSN. Prints a transcript
// with nothing that varies between runs.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const knexLib = require('knex');

const knex = knexLib({ client: 'pg', connection: process.env.ORM_DSN, pool: { min: 0, max: 2 } });

function out(...args) { console.log(...args); }

async function step(name, fn) {
  try {
    const r = await fn();
    out(`${name}: ok`);
    return r;
  } catch (e) {
    out(`${name}: error ${e.code || e.name}: ${e.message.replace(/^.* - /, '')}`);
  }
}

async function columns(table) {
  const info = await knex(table).columnInfo();
  for (const [col, c] of Object.entries(info)) {
    out(`  ${table}.${col}: type=${c.type} maxLength=${c.maxLength} nullable=${c.nullable} default=${c.defaultValue}`);
  }
}

async function main() {
  await step('createTable authors', () => knex.schema.createTable('authors', t => {
    t.increments('id');
    t.string('name', 80).notNullable();
    t.string('email').unique();
    t.decimal('rating', 4, 2).defaultTo(0);
    t.boolean('active').notNullable().defaultTo(true);
    t.date('born');
    t.enu('kind', ['person', 'group']).defaultTo('person');
    t.jsonb('extra');
    t.check('?? >= 0', ['rating'], 'rating_nonneg');
  }));
  await step('createTable books', () => knex.schema.createTable('books', t => {
    t.bigIncrements('id');
    t.integer('author_id').unsigned().notNullable().references('id').inTable('authors').onDelete('CASCADE');
    t.string('title', 200).notNullable();
    t.integer('pages');
    t.float('price');
    t.text('body');
    t.unique(['author_id', 'title']);
    t.index(['title'], 'books_title_idx');
  }));
  await step('createTable again', () => knex.schema.createTable('authors', t => { t.increments('id'); }));
  await step('createTableIfNotExists', () => knex.schema.createTableIfNotExists('authors', t => { t.increments('id'); }));
  for (const t of ['authors', 'books', 'nosuch']) out(`hasTable ${t}: ${await knex.schema.hasTable(t)}`);
  for (const [t, c] of [['authors', 'email'], ['authors', 'nosuch'], ['books', 'author_id']]) {
    out(`hasColumn ${t}.${c}: ${await knex.schema.hasColumn(t, c)}`);
  }
  await columns('authors');
  await columns('books');

  // CRUD through the query builder.
  const ids = await step('insert returning', () => knex('authors').insert([
    { name: 'ada', email: 'ada@example.com', rating: 9.5, born: '1815-12-10', extra: { lang: 'en' } },
    { name: 'bob', email: 'bob@example.com', kind: 'group' },
  ]).returning(['id', 'name']));
  out('  ids:', JSON.stringify(ids));
  await step('insert books', () => knex('books').insert([
    { author_id: 1, title: 'notes', pages: 52, price: 12.5 },
    { author_id: 1, title: 'tables', pages: 300 },
    { author_id: 2, title: 'hello', pages: 10 },
  ]));
  await step('bad enum', () => knex('authors').insert({ name: 'x', kind: 'robot' }));
  await step('duplicate title', () => knex('books').insert({ author_id: 1, title: 'notes' }));
  await step('upsert', () => knex('authors').insert({ name: 'ada2', email: 'ada@example.com' })
    .onConflict('email').merge({ name: 'ada' }));
  await step('ignore', () => knex('authors').insert({ name: 'ada3', email: 'ada@example.com' }).onConflict('email').ignore());
  out('  updated:', await knex('books').where('pages', '<', 100).update({ pages: knex.raw('pages + 1') }));
  out('  rows:', JSON.stringify(await knex('authors as a').leftJoin('books as b', 'b.author_id', 'a.id')
    .select('a.name', 'a.kind').count('b.id as n').sum('b.pages as pages')
    .groupBy('a.name', 'a.kind').orderBy('a.name')));
  out('  first:', JSON.stringify(await knex('authors').where({ name: 'ada' }).first('name', 'rating', 'active', 'extra')));
  out('  whereIn:', JSON.stringify(await knex('books').whereIn('author_id', [1, 2]).whereNotNull('price').pluck('title')));
  out('  subquery:', JSON.stringify(await knex('authors').whereExists(
    knex('books').whereRaw('books.author_id = authors.id').where('pages', '>', 100)).pluck('name')));
  await step('transaction', () => knex.transaction(async trx => {
    await trx('books').insert({ author_id: 2, title: 'in tx' });
    await trx('authors').where({ name: 'bob' }).update({ rating: 3 });
  }));
  await step('transaction rollback', () => knex.transaction(async trx => {
    await trx('books').insert({ author_id: 2, title: 'rolled back' });
    throw new Error('roll back');
  }));
  out('  titles:', JSON.stringify(await knex('books').orderBy('id').pluck('title')));
  out('  deleted:', await knex('books').where({ title: 'in tx' }).del());

  // Migrations: knex_migrations and knex_migrations_lock, two migrations
  // up, one down.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knex-migrations-'));
  fs.writeFileSync(path.join(dir, '20260101000000_reviews.js'), `
exports.up = knex => knex.schema.createTable('reviews', t => {
  t.increments('id');
  t.bigInteger('book_id').notNullable().references('books.id').onDelete('CASCADE');
  t.smallint('stars').notNullable().defaultTo(3);
  t.text('body');
  t.index(['book_id', 'stars']);
});
exports.down = knex => knex.schema.dropTable('reviews');
`);
  fs.writeFileSync(path.join(dir, '20260102000000_alter.js'), `
exports.up = async knex => {
  await knex.schema.alterTable('authors', t => {
    t.string('nickname', 40).unique();
    t.string('name', 200).notNullable().alter();
    t.dropColumn('born');
    t.renameColumn('extra', 'meta');
    t.integer('score').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('books', t => {
    t.dropIndex(['title'], 'books_title_idx');
    t.index(['pages'], 'books_pages_idx');
    t.renameColumn('pages', 'page_count');
    t.decimal('price', 10, 2).alter();
  });
  await knex.schema.renameTable('reviews', 'book_reviews');
};
exports.down = async knex => {
  await knex.schema.renameTable('book_reviews', 'reviews');
};
`);
  const config = { directory: dir, loadExtensions: ['.js'] };
  const [batch, done] = (await step('migrate.latest', () => knex.migrate.latest(config))) || [];
  out('  batch:', batch, 'migrations:', JSON.stringify(done && done.map(f => path.basename(f))));
  out('  currentVersion:', await knex.migrate.currentVersion(config));
  out('  knex_migrations:', JSON.stringify(await knex('knex_migrations').orderBy('id').select('name', 'batch')));
  out('  lock:', JSON.stringify(await knex('knex_migrations_lock').select('is_locked')));
  out('hasTable book_reviews:', await knex.schema.hasTable('book_reviews'));
  out('hasColumn books.page_count:', await knex.schema.hasColumn('books', 'page_count'));
  await columns('authors');
  await columns('books');
  await columns('book_reviews');
  await step('insert review', () => knex('book_reviews').insert({ book_id: 1 }));
  const [, undone] = (await step('migrate.down', () => knex.migrate.down(config))) || [];
  out('  undone:', JSON.stringify(undone && undone.map(f => path.basename(f))));
  out('hasTable reviews:', await knex.schema.hasTable('reviews'));
  out('  migrations left:', JSON.stringify(await knex('knex_migrations').orderBy('id').pluck('name')));
  fs.rmSync(dir, { recursive: true });

  // More of the schema builder: comments, timestamps with defaults,
  // specific types, a view, another schema.
  await step('createTable items', () => knex.schema.createTable('items', t => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.string('name').comment('the name');
    t.specificType('tags', 'text[]');
    t.timestamps(true, true);
    t.datetime('due', { useTz: false, precision: 3 });
    t.double('score');
    t.binary('blob');
    t.json('doc');
    t.boolean('ok').defaultTo(false);
    t.text('notes').notNullable().defaultTo('');
    t.comment('the items');
  }));
  await step('createView', () => knex.schema.createView('item_names', v => { v.columns(['name']); v.as(knex('items').select('name')); }));
  out('hasTable item_names:', await knex.schema.hasTable('item_names'));
  await step('createSchema', () => knex.schema.createSchema('app'));
  await step('withSchema createTable', () => knex.schema.withSchema('app').createTable('t', t => { t.increments(); t.string('x'); }));
  out('hasTable app.t:', await knex.schema.withSchema('app').hasTable('t'), 'hasColumn app.t.x:', await knex.schema.withSchema('app').hasColumn('t', 'x'));
  await columns('items');
  out('  inserted:', JSON.stringify(await knex('items').insert({ name: 'a', tags: ['x'], doc: { a: 1 }, due: '2026-01-02 03:04:05.678' })
    .returning(['name', 'tags', 'doc', 'ok', 'notes'])));
  out('  comments:', JSON.stringify((await knex.raw(
    "select obj_description('items'::regclass, 'pg_class') t, col_description('items'::regclass, 2) c")).rows));
  await step('alter a column a view reads', () => knex.schema.alterTable('items', t => { t.string('name', 100).alter(); }));
  await step('dropView', () => knex.schema.dropView('item_names'));
  await step('alterTable items', () => knex.schema.alterTable('items', t => {
    t.string('name', 100).notNullable().defaultTo('x').alter();
    t.setNullable('notes');
    t.renameColumn('doc', 'document');
    t.unique(['name'], { indexName: 'uq_items_name' });
    t.dropTimestamps();
  }));
  await columns('items');
  await step('truncate', () => knex('items').truncate());
  await step('dropSchema cascade', () => knex.schema.dropSchema('app', true));
  await step('dropTable items', () => knex.schema.dropTable('items'));

  await step('drop', async () => {
    await knex.schema.dropTable('reviews');
    await knex.schema.dropTable('books');
    await knex.schema.dropTableIfExists('authors');
    await knex.schema.dropTableIfExists('nosuch');
  });
  out('hasTable authors:', await knex.schema.hasTable('authors'));
  await knex.destroy();
}

main().catch(e => { console.error(e); process.exit(1); });
