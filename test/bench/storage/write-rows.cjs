// Run in a scratch folder: npm install node-sqlite3-wasm@0.8.60 sql.js@1.16.0 (docs/decisions/sqljs-in-memory.md).
// node write-rows.cjs sqljs|nodewasm N: writes N rows like a pulled schema (fields and client_fields as
// text, about 1.2 KB each, an index on checksum) in one transaction, streaming, then saves; prints
// the file size and the peak resident set.
// node --expose-gc write-rows.cjs sqljs-stages N [JOURNAL_MODE] (needs only sql.js: runs in the
// repository too): sql.js as the app runs it (a savepoint per row, as the registration takes
// them; the journal in memory unless told), the memory read at each stage, then exported
// (docs/benchmarks.md, "What limits memory").
const fs = require('fs');
const crypto = require('crypto');
const [engine, n] = [process.argv[2], Number(process.argv[3] ?? 50000)];
const file = `./${engine}.sqlite`;
const fieldsOf = (i) =>
  JSON.stringify({
    title: `Generated${i}`,
    type: 'object',
    properties: Object.fromEntries(
      Array.from({ length: 12 }, (_, f) => [`field_${f}`, { title: `Field ${f} of ${i}`, type: 'string', description: crypto.createHash('sha256').update(`${i}/${f}`).digest('hex').slice(0, 40) }]),
    ),
  });
const DDL =
  'CREATE TABLE block_schema (id TEXT PRIMARY KEY, checksum TEXT NOT NULL, version TEXT NOT NULL, fields TEXT NOT NULL, client_fields TEXT); CREATE INDEX by_checksum ON block_schema (checksum, version);';
const mib = (b) => (b / 1024 / 1024).toFixed(1);
function stage(name) {
  global.gc?.();
  const usage = process.memoryUsage();
  console.log(`${name.padEnd(16)} rss ${mib(usage.rss)} MiB, array buffers ${mib(usage.arrayBuffers)} MiB, peak rss ${mib(process.resourceUsage().maxRSS * 1024)} MiB`);
}
/** The i-th row: a new id, the fields' checksum, a version, the fields as both columns. */
function rowOf(i) {
  const f = fieldsOf(i);
  return [crypto.randomUUID(), 'sha256:' + crypto.createHash('sha256').update(f).digest('hex'), '1.0.0', f, f];
}
async function stages() {
  const SQL = await require('sql.js')();
  const db = new SQL.Database();
  db.exec(`PRAGMA journal_mode = ${process.argv[4] ?? 'MEMORY'}; PRAGMA locking_mode = EXCLUSIVE;` + DDL);
  db.exec('BEGIN');
  const insert = db.prepare('INSERT INTO block_schema VALUES (?, ?, ?, ?, ?)');
  for (let i = 0; i < n; i++) {
    db.exec('SAVEPOINT entry');
    insert.run(rowOf(i));
    db.exec('RELEASE entry');
    if (i % 10000 === 0) stage(`row ${i}`);
  }
  insert.free();
  stage('before COMMIT');
  db.exec('COMMIT');
  stage('committed');
  const bytes = db.export();
  stage(`exported ${mib(bytes.length)} MiB`);
}
async function main() {
  if (engine === 'sqljs-stages') return stages();
  fs.rmSync(file, { force: true });
  fs.rmSync(file + '-journal', { force: true });
  const started = performance.now();
  if (engine === 'sqljs') {
    const SQL = await require('sql.js')();
    const db = new SQL.Database();
    db.exec('PRAGMA journal_mode = MEMORY;' + DDL);
    db.exec('BEGIN');
    const insert = db.prepare('INSERT INTO block_schema VALUES (?, ?, ?, ?, ?)');
    for (let i = 0; i < n; i++) insert.run(rowOf(i));
    insert.free();
    db.exec('COMMIT');
    fs.writeFileSync(file, db.export());
    db.close();
  } else {
    const { Database } = require('node-sqlite3-wasm');
    const db = new Database(file);
    db.exec(DDL);
    db.exec('BEGIN');
    const insert = db.prepare('INSERT INTO block_schema VALUES (?, ?, ?, ?, ?)');
    for (let i = 0; i < n; i++) insert.run(rowOf(i));
    insert.finalize();
    db.exec('COMMIT');
    db.close();
  }
  const ms = performance.now() - started;
  console.log(`${engine} ${n} rows: file ${mib(fs.statSync(file).size)} MiB, ${Math.round(ms)} ms, peak rss ${mib(process.resourceUsage().maxRSS * 1024)} MiB`);
}
void main();
