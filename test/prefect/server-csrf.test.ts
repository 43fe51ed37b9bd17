// Issue 11: a real Prefect 3.9.1 server with CSRF protection on (PREFECT_SERVER_CSRF_PROTECTION_ENABLED).
// Writes without Prefect's CSRF headers are refused by the server; push, as Prefect's own client
// does, fetches a token (`GET /csrf-token?client=…`), sends it with every write, and lands exactly.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cliWithEnv, type CliResult } from '../helpers/cli';
import { useServerWithRegistry } from './server-with-registry';

const { folder, dbPath, server } = useServerWithRegistry('server-csrf', { PREFECT_SERVER_CSRF_PROTECTION_ENABLED: 'true', PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' });

function run(...argv: string[]): Promise<CliResult> {
  return cliWithEnv({ BLOCK_REGISTRY_DB: dbPath, PREFECT_HOME: join(folder, 'home'), PREFECT_API_URL: server().api }, ...argv);
}

it('the server refuses a write without the CSRF headers (the protection is really on)', async () => {
  const response = await fetch(`${server().api}/block_types/filter`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(response.status).toBe(403);
  expect(await response.text()).toMatch(/Missing CSRF token/);
});

it('push sends the token as Prefect’s client does: every type lands, and a second push changes nothing', async () => {
  const pushed = await run('server', 'push', '--type', 'slack-webhook', '--type', 'github-credentials', '--json');
  expect(pushed.stderr).toBe('');
  expect(pushed.code).toBe(0);
  const diff = await run('server', 'diff', '--type', 'slack-webhook', '--type', 'github-credentials');
  expect(diff.code).toBe(0);
  const again = await run('server', 'push', '--type', 'slack-webhook', '--type', 'github-credentials', '--json');
  expect(again.code).toBe(0);
  const report = JSON.parse(again.stdout) as { block_types: Array<{ outcome: string }> };
  expect(report.block_types.map((type) => type.outcome)).toEqual(['unchanged', 'unchanged']);
});
