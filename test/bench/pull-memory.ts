// `node --expose-gc --import tsx test/bench/pull-memory.ts N`: where a pull's memory goes, stage by
// stage, against the generated listing server (its own process, test/bench/listing-server-main.ts)
// serving N types. At each stage, after a full collection, what is still held (JS heap, buffers
// outside it such as sql.js's WASM memory, resident set), and the peak resident set so far; the
// listing's bytes (the server's JSON bodies: the "data pulled") printed beside them.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openDatabase } from '../../src/main/db/database';
import { runImport } from '../../src/main/operations/import';
import { PrefectClient } from '../../src/main/servers/client/client';
import { resolvePrefectConnection } from '../../src/main/servers/client/config';
import { readServerEntries } from '../../src/main/servers/pull';

const types = Number(process.argv[2] ?? '5000');
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const MiB = 1024 * 1024;
const round = (bytes: number): number => Math.round((bytes / MiB) * 10) / 10;

function stage(name: string): void {
  gc?.();
  const usage = process.memoryUsage();
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(
    `${name.padEnd(42)} heap ${String(round(usage.heapUsed)).padStart(7)} MiB  external ${String(round(usage.external)).padStart(7)} MiB  rss ${String(round(usage.rss)).padStart(7)} MiB  peak rss ${String(round(peak)).padStart(7)} MiB`,
  );
}

const server = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'listing-server-main.ts'), String(types)], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: server.stdout })[Symbol.asyncIterator]();
const api = String((await lines.next()).value);
const folder = mkdtempSync(join(tmpdir(), 'pull-memory-'));
try {
  const client = new PrefectClient(resolvePrefectConnection(api, {}));
  stage('start');
  // Each stage in a function of its own: what it held is released when it returns (a suspended
  // async frame would keep its temporaries alive).
  const listed = async (): Promise<void> => {
    const types = await client.readBlockTypes();
    const schemas = await client.readBlockSchemas();
    stage(`listing held (${types.length} types, ${schemas.length} schemas)`);
  };
  await listed();
  stage('listing dropped');
  const pulled = async (): Promise<void> => {
    const { read } = await readServerEntries(client);
    stage(`entries held (${read.entries.length})`);
    const database = await openDatabase(join(folder, 'pulled.sqlite'));
    stage('database open, entries held');
    const outcome = await runImport(database, read, { mode: 'apply', source: 'server' });
    stage(`registered (${outcome.report.totals.created} created), outcome held`);
    await database.close();
  };
  await pulled();
  stage('database closed, all dropped');
} finally {
  server.stdin.end();
  const bytes = Number((await lines.next()).value);
  console.log(`data pulled: ${round(bytes / 2)} MiB of JSON bodies per listing pass (${round(bytes)} MiB sent for the two passes above)`);
  rmSync(folder, { recursive: true, force: true });
}
