// Run in a scratch folder: npm install node-sqlite3-wasm@0.8.60 sql.js@1.16.0 (docs/decisions/sqljs-in-memory.md).
// node read-identities.cjs sqljs|nodewasm: opens the file written by write-rows.cjs and reads every schema's identity (no fields), as a diff does.
const fs = require('fs');
const engine = process.argv[2];
const file = `./${engine}.sqlite`;
const mib = (b) => (b / 1024 / 1024).toFixed(1);
async function main() {
  const started = performance.now();
  let count = 0;
  if (engine === 'sqljs') {
    const SQL = await require('sql.js')();
    const db = new SQL.Database(fs.readFileSync(file));
    const statement = db.prepare('SELECT checksum, version FROM block_schema');
    while (statement.step()) {
      statement.get();
      count++;
    }
    statement.free();
    db.close();
  } else {
    const { Database } = require('node-sqlite3-wasm');
    const db = new Database(file, { readOnly: true });
    const statement = db.prepare('SELECT checksum, version FROM block_schema');
    for (const _row of statement.iterate()) count++;
    statement.finalize();
    db.close();
  }
  console.log(`${engine} read ${count} identities: ${Math.round(performance.now() - started)} ms, peak rss ${mib(process.resourceUsage().maxRSS * 1024)} MiB`);
}
void main();
