// The native reference for `npm run bench`: the same registration work as the app,
// done the plainest fast way in Node: better-sqlite3 (SQLite in C), JSON.parse, node:crypto.
// The same tables (our migrations), Prefect's checksum of every schema, block types upserted by
// slug, schemas inserted when (checksum, version) is absent, references, origins, all in one
// transaction with synchronous=FULL (SQLite fsyncs the journal and the file at commit).
//
//   node native-reference.mjs import DB FILE...        a whole-process import of catalogue files
//   node native-reference.mjs launch FOLDER RESOURCES N N in-process launch registrations (54 types)
//
// BENCH_BETTER_SQLITE3 names the better-sqlite3 package folder (installed on demand by run.ts).
// Prints one JSON object: the rows written, checksum mismatches against the recorded ones, and
// (launch) the time of each run.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const Database = createRequire(import.meta.url)(process.env.BENCH_BETTER_SQLITE3 ?? 'better-sqlite3');

// src/main/db/migrations/0001_initial.ts, 0002_block_type_origin.ts and 0003_registration_source_file_stamp.ts.
const TABLES = `
CREATE TABLE block_type (id TEXT NOT NULL CONSTRAINT pk_block_type PRIMARY KEY, created TEXT NOT NULL, updated TEXT NOT NULL,
  name TEXT NOT NULL, slug TEXT NOT NULL, logo_url TEXT, documentation_url TEXT, description TEXT, code_example TEXT,
  is_protected INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX uq_block_type__slug ON block_type (slug);
CREATE INDEX ix_block_type__updated ON block_type (updated);
CREATE TABLE block_schema (id TEXT NOT NULL CONSTRAINT pk_block_schema PRIMARY KEY, created TEXT NOT NULL, updated TEXT NOT NULL,
  checksum TEXT NOT NULL, fields TEXT NOT NULL DEFAULT '{}', capabilities TEXT NOT NULL DEFAULT '[]',
  version TEXT NOT NULL DEFAULT 'non-versioned',
  block_type_id TEXT NOT NULL CONSTRAINT fk_block_schema__block_type_id__block_type REFERENCES block_type (id) ON DELETE CASCADE);
CREATE UNIQUE INDEX uq_block_schema__checksum_version ON block_schema (checksum, version);
CREATE INDEX ix_block_schema__created ON block_schema (created);
CREATE INDEX ix_block_schema__block_type_id ON block_schema (block_type_id);
CREATE INDEX ix_block_schema__updated ON block_schema (updated);
CREATE TABLE block_schema_reference (id TEXT NOT NULL CONSTRAINT pk_block_schema_reference PRIMARY KEY,
  created TEXT NOT NULL, updated TEXT NOT NULL, name TEXT NOT NULL,
  parent_block_schema_id TEXT NOT NULL REFERENCES block_schema (id) ON DELETE CASCADE,
  reference_block_schema_id TEXT NOT NULL REFERENCES block_schema (id) ON DELETE CASCADE);
CREATE INDEX ix_block_schema_reference__updated ON block_schema_reference (updated);
CREATE INDEX ix_block_schema_reference__parent_block_schema_id ON block_schema_reference (parent_block_schema_id);
CREATE INDEX ix_block_schema_reference__reference_block_schema_id ON block_schema_reference (reference_block_schema_id);
CREATE TABLE registration_source (name TEXT NOT NULL CONSTRAINT pk_registration_source PRIMARY KEY, content_hash TEXT NOT NULL, registered_at TEXT NOT NULL, file_stamp TEXT);
CREATE TABLE block_type_origin (block_type_id TEXT NOT NULL CONSTRAINT pk_block_type_origin PRIMARY KEY
  REFERENCES block_type (id) ON DELETE CASCADE, collection TEXT NOT NULL, source TEXT NOT NULL, updated TEXT NOT NULL);
`;

// ---- Prefect's checksum: sha256 of json.dumps([[fields'], {}], sort_keys=True) -------------

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const truthy = (value) => (Array.isArray(value) ? value.length > 0 : isObject(value) ? Object.keys(value).length > 0 : Boolean(value));

function withoutSecretFields(object) {
  const copy = {};
  for (const key of Object.keys(object)) if (key !== 'secret_fields') copy[key] = isObject(object[key]) ? withoutSecretFields(object[key]) : object[key];
  return copy;
}

function collectRefs(value, out) {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, out);
  else if (isObject(value)) {
    if (truthy(value.$ref)) out.push(value.$ref);
    for (const child of Object.values(value)) collectRefs(child, out);
  }
  return out;
}

function nonBlockDefinitions(scanRoot, definitions) {
  const found = new Map();
  const visit = (root) => {
    for (const ref of collectRefs(root, [])) {
      const key = String(ref).split('#/definitions/').join('');
      if (found.has(key)) continue;
      const definition = definitions[key];
      if (!isObject(definition) || Object.keys(definition).length === 0 || (definition.block_type_slug ?? null) !== null) continue;
      found.set(key, definition);
      visit(definition);
    }
  };
  visit(scanRoot);
  return Object.fromEntries(found);
}

const pyString = (text) =>
  `"${text.replace(/["\\]|[^\x20-\x7e]/g, (ch) => ({ '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' })[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;

function dumps(value) {
  if (value === null) return 'null';
  if (typeof value === 'string') return pyString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(dumps).join(', ')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${pyString(key)}: ${dumps(value[key])}`)
    .join(', ')}}`;
}

function checksum(fields) {
  const copy = withoutSecretFields(fields);
  if (truthy(copy.definitions)) {
    const kept = nonBlockDefinitions(copy, copy.definitions);
    if (Object.keys(kept).length > 0) copy.definitions = kept;
    else delete copy.definitions;
  }
  return `sha256:${createHash('sha256')
    .update(`[[${dumps(copy)}], {}]`)
    .digest('hex')}`;
}

// ---- entries -------------------------------------------------------------------------------

function catalogueEntries(root) {
  const entries = [];
  for (const [collection, { block_types: types }] of Object.entries(root.collections)) {
    for (const type of Object.values(types)) entries.push({ type, schema: type.block_schema, collection });
  }
  return entries;
}

function systemEntries(root) {
  const entries = root.block_types.map((type) => ({ type, schema: type.block_schema, collection: 'prefect' }));
  const order = root.protected_install_order;
  return {
    protected: order.map((slug) => entries.find((entry) => entry.type.slug === slug)),
    others: entries.filter((entry) => !order.includes(entry.type.slug)),
  };
}

// ---- registration --------------------------------------------------------------------------

let lastTime = '';
function now() {
  const time = new Date().toISOString();
  lastTime = time > lastTime ? time : lastTime;
  return lastTime;
}

function statements(db) {
  const prepare = (text) => db.prepare(text);
  return {
    typeBySlug: prepare('SELECT * FROM block_type WHERE slug = ?'),
    insertType: prepare('INSERT INTO block_type (id, created, updated, name, slug, logo_url, documentation_url, description, code_example, is_protected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    upsertProtected: prepare(
      'INSERT INTO block_type (id, created, updated, name, slug, logo_url, documentation_url, description, code_example, is_protected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) ' +
        'ON CONFLICT (slug) DO UPDATE SET name = excluded.name, logo_url = excluded.logo_url, documentation_url = excluded.documentation_url, description = excluded.description, code_example = excluded.code_example, is_protected = 1 RETURNING id',
    ),
    updateType: prepare('UPDATE block_type SET logo_url = ?, documentation_url = ?, description = ?, code_example = ?, updated = ? WHERE id = ?'),
    schemaId: prepare('SELECT id FROM block_schema WHERE checksum = ? AND version = ?'),
    newestSchemaId: prepare('SELECT id FROM block_schema WHERE checksum = ? ORDER BY created DESC, rowid DESC LIMIT 1'),
    insertSchema: prepare('INSERT INTO block_schema (id, created, updated, checksum, fields, capabilities, version, block_type_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    referenceId: prepare('SELECT id FROM block_schema_reference WHERE name = ? AND parent_block_schema_id = ? AND reference_block_schema_id = ?'),
    insertReference: prepare('INSERT INTO block_schema_reference (id, created, updated, name, parent_block_schema_id, reference_block_schema_id) VALUES (?, ?, ?, ?, ?, ?)'),
    origin: prepare(
      'INSERT INTO block_type_origin (block_type_id, collection, source, updated) VALUES (?, ?, ?, ?) ON CONFLICT (block_type_id) DO UPDATE SET collection = excluded.collection, source = excluded.source, updated = excluded.updated',
    ),
    sourceHash: prepare(
      'INSERT INTO registration_source (name, content_hash, registered_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET content_hash = excluded.content_hash, registered_at = excluded.registered_at',
    ),
  };
}

const UPDATABLE = ['logo_url', 'documentation_url', 'description', 'code_example'];

function registerType(s, type, isProtected) {
  const time = now();
  if (isProtected)
    return s.upsertProtected.get(randomUUID(), time, time, type.name, type.slug, type.logo_url ?? null, type.documentation_url ?? null, type.description ?? null, type.code_example ?? null).id;
  const stored = s.typeBySlug.get(type.slug);
  if (stored === undefined) {
    const id = randomUUID();
    s.insertType.run(id, time, time, type.name, type.slug, type.logo_url ?? null, type.documentation_url ?? null, type.description ?? null, type.code_example ?? null, 0);
    return id;
  }
  if (UPDATABLE.some((field) => stored[field] !== (type[field] ?? null))) s.updateType.run(...UPDATABLE.map((field) => type[field] ?? null), time, stored.id);
  return stored.id;
}

function registerSchema(s, typeId, schema, stats) {
  const sum = schema.sum ?? checksum(schema.fields);
  if (schema.checksum !== undefined && schema.checksum !== sum) stats.mismatches++;
  if (s.schemaId.get(sum, schema.version) !== undefined) return;
  const { block_schema_references: references = {}, ...stored } = schema.fields;
  if (truthy(stored.definitions)) {
    const kept = nonBlockDefinitions(stored, stored.definitions);
    if (Object.keys(kept).length > 0) stored.definitions = kept;
    else delete stored.definitions;
  }
  const id = randomUUID();
  const time = now();
  s.insertSchema.run(id, time, time, sum, JSON.stringify(stored), JSON.stringify(schema.capabilities ?? []), schema.version, typeId);
  for (const [name, value] of Object.entries(references)) {
    for (const reference of Array.isArray(value) ? value : [value]) {
      if (s.typeBySlug.get(reference.block_type_slug) === undefined) throw new Error(`no block type ${reference.block_type_slug}`);
      const child = s.newestSchemaId.get(reference.block_schema_checksum);
      // The app creates a missing child from the parent's definitions; these inputs need none.
      if (child === undefined) throw new Error(`no schema ${reference.block_schema_checksum} for ${name}`);
      if (s.referenceId.get(name, id, child.id) === undefined) s.insertReference.run(randomUUID(), time, time, name, id, child.id);
    }
  }
}

/** Prefect's `_register_collection_blocks`: every type, then every schema, nested children first. */
function registerCatalogue(s, entries, source, stats) {
  const typeIds = entries.map((entry) => registerType(s, entry.type, false));
  const byChecksum = new Map();
  for (const [index, entry] of entries.entries()) {
    entry.schema.sum = checksum(entry.schema.fields);
    if (!byChecksum.has(entry.schema.sum)) byChecksum.set(entry.schema.sum, index);
  }
  const done = new Set();
  const visit = (index) => {
    if (done.has(index)) return;
    done.add(index);
    for (const value of Object.values(entries[index].schema.fields.block_schema_references ?? {})) {
      for (const reference of Array.isArray(value) ? value : [value]) {
        const child = byChecksum.get(reference.block_schema_checksum);
        if (child !== undefined) visit(child);
      }
    }
    registerSchema(s, typeIds[index], entries[index].schema, stats);
  };
  entries.forEach((_, index) => visit(index));
  recordOrigins(s, entries, typeIds, source);
}

/** `_register_registry_blocks` / `_install_protected_system_blocks`: each type, then its schema. */
function registerEachEntry(s, entries, isProtected, source, stats) {
  const typeIds = entries.map((entry) => {
    const typeId = registerType(s, entry.type, isProtected);
    registerSchema(s, typeId, entry.schema, stats);
    return typeId;
  });
  recordOrigins(s, entries, typeIds, source);
}

function recordOrigins(s, entries, typeIds, source) {
  const time = now();
  entries.forEach((entry, index) => s.origin.run(typeIds[index], entry.collection, source, time));
}

function openNew(path) {
  const db = new Database(path);
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec(TABLES);
  return db;
}

function counts(db) {
  const count = (table) => db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get().n;
  return { block_types: count('block_type'), block_schemas: count('block_schema'), block_schema_references: count('block_schema_reference') };
}

const [mode, ...args] = process.argv.slice(2);
const stats = { mismatches: 0 };
if (mode === 'import') {
  const [path, ...files] = args;
  const db = openNew(path);
  const s = statements(db);
  const entries = files.flatMap((file) => catalogueEntries(JSON.parse(readFileSync(file, 'utf8'))));
  db.transaction(() => registerCatalogue(s, entries, files.join(', '), stats))();
  console.log(JSON.stringify({ ...counts(db), checksum_mismatches: stats.mismatches, max_rss_kib: process.resourceUsage().maxRSS }));
  db.close();
} else if (mode === 'launch') {
  const [folder, resources, runs] = args;
  const runsMs = [];
  let rows;
  for (let run = 0; run < Number(runs); run++) {
    const db = openNew(join(folder, `native-launch-${run}.sqlite`));
    const s = statements(db);
    const start = performance.now();
    // Read, hash, parse and register the three sources, as launch does into a new file.
    const systemBytes = readFileSync(join(resources, 'system_blocks.json'));
    const catalogueBytes = readFileSync(join(resources, 'collection_blocks_data.json'));
    const hashes = [systemBytes, systemBytes, catalogueBytes].map((bytes) => createHash('sha256').update(bytes).digest('hex'));
    const system = systemEntries(JSON.parse(systemBytes.toString('utf8')));
    const catalogue = catalogueEntries(JSON.parse(catalogueBytes.toString('utf8')));
    db.transaction(() => {
      registerEachEntry(s, system.protected, true, 'system', stats);
      registerEachEntry(s, system.others, false, 'built-in', stats);
      registerCatalogue(s, catalogue, 'catalogue', stats);
      ['system', 'built-in', 'catalogue'].forEach((name, index) => s.sourceHash.run(name, hashes[index], now()));
    })();
    runsMs.push(performance.now() - start);
    rows = counts(db);
    db.close();
  }
  console.log(JSON.stringify({ ...rows, checksum_mismatches: stats.mismatches, runs_ms: runsMs }));
} else {
  console.error('usage: native-reference.mjs import DB FILE... | launch FOLDER RESOURCES RUNS');
  process.exit(2);
}
