// `tsx test/bench/compare-servers-main.ts LEFT_API RIGHT_API`: the window's comparison of two
// servers (servers/compare-sources.ts, as the Servers view runs it over IPC) in a process of its
// own, for the bench to time with its peak memory. Two saved connections without authentication
// in a scratch folder; prints the comparison's counts as JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/main/db/database';
import { compareSources } from '../../src/main/servers/compare-sources';
import { saveConnection, type ServersEnvironment } from '../../src/main/servers/connections';
import { testEncryptor } from '../helpers/encryptor';

const [leftApi, rightApi] = process.argv.slice(2);
if (leftApi === undefined || rightApi === undefined) throw new Error('usage: compare-servers-main.ts LEFT_API RIGHT_API');
const folder = mkdtempSync(join(tmpdir(), 'compare-servers-'));
try {
  const servers: ServersEnvironment = { file: join(folder, 'connections.json'), encryptor: testEncryptor(), env: {} };
  const left = saveConnection(servers, { id: null, name: 'Left', api_url: leftApi, auth: 'none', secret: null });
  const right = saveConnection(servers, { id: null, name: 'Right', api_url: rightApi, auth: 'none', secret: null });
  // Neither side is this registry: it is opened only because the comparison may name it.
  const registry = await openDatabase(join(folder, 'registry.sqlite'));
  try {
    const comparison = await compareSources(registry, servers, left.id, right.id);
    process.stdout.write(`${JSON.stringify({ same: comparison.same, counts: comparison.counts })}\n`);
  } finally {
    await registry.close();
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
