// The server commands' command-line edges that need no server: routing, configuration errors,
// and a missing database that is reported, not created.
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWithEnv } from '../helpers/cli';
import { useTempFolder } from '../helpers/registry';

const folder = useTempFolder('cli-server');
const missingDb = join(folder, 'missing.sqlite');
const env = { BLOCK_REGISTRY_DB: missingDb, PREFECT_HOME: join(folder, 'prefect-home') };

describe('server commands without a server', () => {
  it('`server` alone or with an unknown subcommand is a usage error listing the subcommands', async () => {
    for (const argv of [['server'], ['server', 'sync']]) {
      const result = await cliWithEnv(env, ...argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/server needs one of: check, diff, push, pull/);
    }
  });

  it('server copy needs --to, and two different servers; it never opens this database', async () => {
    const noTarget = await cliWithEnv(env, 'server', 'copy', '--from', 'http://127.0.0.1:1/api');
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/server copy needs --to SERVER \(a URL, or the name of a Prefect profile\)/);
    const same = await cliWithEnv(env, 'server', 'copy', '--from', 'http://127.0.0.1:1/api', '--to', 'http://127.0.0.1:1/api');
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/--from and --to name the same server \(http:\/\/127\.0\.0\.1:1\/api\); nothing to copy/);
    // An unreachable source (a port nothing listens on): its own message, and still no database created.
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const unreachable = await cliWithEnv(env, 'server', 'copy', '--from', `http://127.0.0.1:${closed}/api`, '--to', 'http://127.0.0.1:4200/api');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(new RegExp(`Could not connect to the Prefect server at http://127\\.0\\.0\\.1:${closed}: connection refused`));
    expect(existsSync(missingDb)).toBe(false);
  });

  it('the usage lists every server command and --api-url', async () => {
    const result = await cliWithEnv(env, '--help');
    for (const line of [
      'server check',
      'server diff [--type SLUG]...',
      'server push [--type SLUG]... [--dry-run]',
      'server pull [--type SLUG]... [--dry-run]',
      'server copy --from SERVER --to SERVER',
      '--api-url URL',
    ])
      expect(result.stdout).toContain(line);
  });

  it('push and diff refuse a missing database without creating it (exit 1 and 2)', async () => {
    const push = await cliWithEnv(env, 'server', 'push', '--api-url', 'http://127.0.0.1:1/api');
    expect(push.code).toBe(1);
    expect(push.stderr).toMatch(/The database .*missing\.sqlite does not exist\. Nothing was created; "block-registry auto-register"/);
    expect((await cliWithEnv(env, 'server', 'diff', '--api-url', 'http://127.0.0.1:1/api')).code).toBe(2);
    expect(existsSync(missingDb)).toBe(false);
  });

  it('a bad timeout setting or URL is refused with what to write instead', async () => {
    const timeout = await cliWithEnv({ ...env, BLOCK_REGISTRY_HTTP_TIMEOUT_MS: '30s' }, 'server', 'check', '--api-url', 'http://127.0.0.1:1/api');
    expect(timeout.code).toBe(1);
    expect(timeout.stderr).toMatch(/BLOCK_REGISTRY_HTTP_TIMEOUT_MS must be a whole, positive number of milliseconds/);
    const url = await cliWithEnv(env, 'server', 'check', '--api-url', 'localhost:4200');
    expect(url.code).toBe(1);
    expect(url.stderr).toMatch(/must start with http:\/\/ or https:\/\//);
    // A host and port without the scheme: the message says what was meant.
    const bare = await cliWithEnv(env, 'server', 'check', '--api-url', '127.0.0.1:4420');
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain('The Prefect API URL from --api-url must start with http:// or https://: did you mean http://127.0.0.1:4420?');
  });
});
