// Sequelize against one server (internal/compat/orm): sync of models with
// associations, sync({alter}), a migration through queryInterface, CRUD,
// describeTable and showAllTables. The server is ORM_DSN. Prints a
// transcript with nothing that varies between runs.
'use strict';
const { Sequelize, DataTypes, Op } = require('sequelize');

const sequelize = new Sequelize(process.env.ORM_DSN, { dialect: 'postgres', logging: false });
const qi = sequelize.getQueryInterface();

function out(...args) { console.log(...args); }

async function step(name, fn) {
  try {
    const r = await fn();
    out(`${name}: ok`);
    return r;
  } catch (e) {
    const code = e.parent ? e.parent.code : undefined;
    out(`${name}: error ${code || e.name}: ${(e.parent || e).message}`);
  }
}

function sorted(obj) {
  const o = {};
  for (const k of Object.keys(obj).sort()) o[k] = obj[k];
  return o;
}

async function describe(table) {
  const d = await qi.describeTable(table);
  for (const [col, info] of Object.entries(d)) {
    out(`  ${table}.${col}: ${JSON.stringify(sorted(info))}`);
  }
  const idx = await qi.showIndex(table);
  idx.sort((a, b) => a.name.localeCompare(b.name));
  for (const i of idx) {
    out(`  ${table} index ${i.name}: primary=${i.primary} unique=${i.unique} fields=${JSON.stringify(i.fields.map(f => [f.attribute, f.order]))}`);
  }
  const fks = await qi.getForeignKeyReferencesForTable(table);
  fks.sort((a, b) => a.constraintName.localeCompare(b.constraintName));
  for (const f of fks) {
    out(`  ${table} fk ${f.constraintName}: ${f.columnName} -> ${f.referencedTableName}.${f.referencedColumnName}`);
  }
}

async function tables(title) {
  const t = await qi.showAllTables();
  out(`tables ${title}: ${JSON.stringify(t.map(x => (typeof x === 'string' ? x : x.tableName)).sort())}`);
}

const Author = sequelize.define('Author', {
  name: { type: DataTypes.STRING(80), allowNull: false },
  email: { type: DataTypes.STRING, unique: true },
  rating: { type: DataTypes.DECIMAL(4, 2), defaultValue: 0, validate: { min: 0 } },
  active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
  born: { type: DataTypes.DATEONLY },
}, { tableName: 'authors', timestamps: false });

const Profile = sequelize.define('Profile', {
  bio: { type: DataTypes.TEXT },
}, { tableName: 'profiles', timestamps: false });

const Book = sequelize.define('Book', {
  id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
  title: { type: DataTypes.STRING(200), allowNull: false },
  pages: { type: DataTypes.INTEGER },
  price: { type: DataTypes.DOUBLE },
  meta: { type: DataTypes.JSONB },
}, { tableName: 'books', timestamps: false, indexes: [{ fields: ['title'] }, { name: 'books_author_pages', fields: ['AuthorId', { name: 'pages', order: 'DESC' }] }] });

const Tag = sequelize.define('Tag', {
  label: { type: DataTypes.STRING(30), allowNull: false, unique: true },
}, { tableName: 'tags', timestamps: false });

Author.hasOne(Profile, { onDelete: 'CASCADE' });
Profile.belongsTo(Author);
Author.hasMany(Book, { onDelete: 'CASCADE' });
Book.belongsTo(Author);
Book.belongsToMany(Tag, { through: 'book_tags', timestamps: false });
Tag.belongsToMany(Book, { through: 'book_tags', timestamps: false });

function authorLine(a) {
  // By title: Sequelize inserts an author's books on several connections
  // at once, so which gets the lower id is a race, on PostgreSQL too.
  const books = (a.Books || []).sort((x, y) => x.title.localeCompare(y.title))
    .map(b => `${b.title}(${b.pages})[${(b.Tags || []).map(t => t.label).sort().join(',')}]`);
  return `  author ${a.id} ${a.name} <${a.email}> rating=${a.rating} active=${a.active} born=${a.born} bio=${a.Profile ? a.Profile.bio : null} books=${books.join(' ')}`;
}

async function main() {
  await step('authenticate', () => sequelize.authenticate());
  await step('sync', () => sequelize.sync());
  await step('sync again', () => sequelize.sync());
  await tables('after sync');
  for (const t of ['authors', 'profiles', 'books', 'tags', 'book_tags']) await describe(t);

  // CRUD with associations.
  const ada = await step('create with associations', () => Author.create({
    name: 'ada', email: 'ada@example.com', rating: 9.5, born: '1815-12-10',
    Profile: { bio: 'analyst' },
    Books: [{ title: 'notes', pages: 52, price: 12.5, meta: { lang: 'en', tags: [1, 2] } }, { title: 'tables', pages: 300 }],
  }, { include: [Profile, Book] }));
  const bob = await step('create', () => Author.create({ name: 'bob', email: 'bob@example.com' }));
  await step('bulkCreate', () => Book.bulkCreate([{ title: 'hello', pages: 10, AuthorId: bob.id }, { title: 'world', pages: 20, AuthorId: bob.id }]));
  const [fiction, math] = await step('tags', () => Tag.bulkCreate([{ label: 'fiction' }, { label: 'math' }], { returning: true }));
  const notes = await Book.findOne({ where: { title: 'notes' } });
  await step('add tags', () => notes.addTags([fiction, math]));
  await step('duplicate email', () => Author.create({ name: 'x', email: 'ada@example.com' }));
  await step('missing author', () => Book.create({ title: 'orphan', AuthorId: 999 }));
  await step('update', () => Book.update({ pages: 60 }, { where: { title: 'notes' } }));
  await step('increment', () => Book.increment('pages', { by: 5, where: { AuthorId: bob.id } }));
  const all = await step('findAll include', () => Author.findAll({
    include: [Profile, { model: Book, include: [Tag] }], order: [['id', 'ASC']],
  }));
  for (const a of all || []) out(authorLine(a));
  const found = await step('where', () => Book.findAll({
    where: { pages: { [Op.gte]: 20 }, title: { [Op.like]: '%o%' } }, order: [['title', 'ASC']], attributes: ['title', 'pages'],
  }));
  out('  found:', JSON.stringify((found || []).map(b => b.toJSON())));
  const json = await step('jsonb', () => Book.findAll({ where: { 'meta.lang': 'en' }, attributes: ['title', 'meta'] }));
  out('  jsonb:', JSON.stringify((json || []).map(b => b.toJSON())));
  const counts = await step('group', () => Book.findAll({
    attributes: ['AuthorId', [sequelize.fn('count', sequelize.col('id')), 'n'], [sequelize.fn('sum', sequelize.col('pages')), 'pages']],
    group: ['AuthorId'], order: [['AuthorId', 'ASC']], raw: true,
  }));
  out('  counts:', JSON.stringify(counts));
  await step('transaction commit', () => sequelize.transaction(async t => {
    await Author.create({ name: 'cy' }, { transaction: t });
  }));
  await step('transaction rollback', () => sequelize.transaction(async t => {
    await Author.create({ name: 'ghost' }, { transaction: t });
    throw new Error('roll back');
  }));
  await step('destroy', () => Author.destroy({ where: { name: 'cy' } }));
  out('  names:', JSON.stringify((await Author.findAll({ order: [['id', 'ASC']] })).map(a => a.name)));

  // sync({ alter: true }) with a model that gained a column and changed one.
  sequelize.define('Tag', {
    label: { type: DataTypes.STRING(60), allowNull: false, unique: true },
    color: { type: DataTypes.STRING(20), defaultValue: 'grey' },
  }, { tableName: 'tags', timestamps: false });
  await step('sync alter', () => sequelize.models.Tag.sync({ alter: true }));
  await describe('tags');

  // A migration as sequelize-cli would run it: its SequelizeMeta table,
  // then queryInterface calls in a transaction.
  await step('migration', () => sequelize.transaction(async transaction => {
    await qi.createTable('SequelizeMeta', { name: { type: DataTypes.STRING, allowNull: false, unique: true, primaryKey: true } }, { transaction });
    await qi.createTable('reviews', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      book_id: { type: DataTypes.BIGINT, allowNull: false, references: { model: 'books', key: 'id' }, onDelete: 'CASCADE' },
      stars: { type: DataTypes.SMALLINT, allowNull: false, defaultValue: 3 },
      body: { type: DataTypes.TEXT },
    }, { transaction });
    await qi.addColumn('authors', 'nickname', { type: DataTypes.STRING(40) }, { transaction });
    await qi.changeColumn('authors', 'name', { type: DataTypes.STRING(200), allowNull: false }, { transaction });
    await qi.renameColumn('books', 'pages', 'page_count', { transaction });
    await qi.addIndex('reviews', ['book_id', 'stars'], { name: 'reviews_book_stars', transaction });
    await qi.addIndex('authors', ['nickname'], { unique: true, transaction });
    await qi.addConstraint('reviews', { fields: ['stars'], type: 'check', where: { stars: { [Op.between]: [1, 5] } }, name: 'stars_range', transaction });
    await qi.removeIndex('books', 'books_title', { transaction });
    await qi.removeColumn('authors', 'born', { transaction });
    await qi.bulkInsert('SequelizeMeta', [{ name: '20260101000000-reviews.js' }], { transaction });
    await qi.bulkInsert('reviews', [{ book_id: notes.id, stars: 5 }, { book_id: notes.id, stars: 4, body: 'good' }], { transaction });
  }));
  await step('check violated', () => qi.bulkInsert('reviews', [{ book_id: notes.id, stars: 9 }]));
  await tables('after migration');
  for (const t of ['authors', 'books', 'reviews', 'SequelizeMeta']) await describe(t);
  const rows = await step('raw select', () => sequelize.query(
    'select a.name, b.title, b.page_count, r.stars from authors a join books b on b."AuthorId" = a.id ' +
    'left join reviews r on r.book_id = b.id order by a.name, b.title, r.stars', { type: Sequelize.QueryTypes.SELECT }));
  out('  rows:', JSON.stringify(rows));
  await step('drop', async () => {
    await qi.dropTable('reviews');
    await qi.dropTable('SequelizeMeta');
    await sequelize.drop();
  });
  await tables('at the end');
  await sequelize.close();
}

main().catch(e => { console.error(e); process.exit(1); });
