// node --expose-gc test/bench/storage/sqljs-stages.cjs [JOURNAL_MODE] [N] (docs/benchmarks.md, "Pull and
// diff at 50,000"): where sql.js's memory goes while N rows like pulled schemas (write-rows.cjs's)
// are written in one transaction, a savepoint per row as the registration takes them, then
// exported: the resident set, ArrayBuffers and the peak so far at each stage.
const crypto = require('crypto');
const [journalMode, n] = [process.argv[2] ?? 'MEMORY', Number(process.argv[3] ?? 50000)];
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
const mib = (bytes) => (bytes / 1048576).toFixed(0);
function stage(name) {
  global.gc?.();
  const usage = process.memoryUsage();
  console.log(`${name.padEnd(16)} rss ${mib(usage.rss)} MiB, array buffers ${mib(usage.arrayBuffers)} MiB, peak rss ${mib(process.resourceUsage().maxRSS * 1024)} MiB`);
}
async function main() {
  const SQL = await require('sql.js')();
  const db = new SQL.Database();
  db.exec(`PRAGMA journal_mode = ${journalMode}; PRAGMA locking_mode = EXCLUSIVE;` + DDL);
  db.exec('BEGIN');
  const insert = db.prepare('INSERT INTO block_schema VALUES (?, ?, ?, ?, ?)');
  for (let i = 0; i < n; i++) {
    const fields = fieldsOf(i);
    db.exec('SAVEPOINT entry');
    insert.run([crypto.randomUUID(), 'sha256:' + crypto.createHash('sha256').update(fields).digest('hex'), '1.0.0', fields, fields]);
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
void main();
