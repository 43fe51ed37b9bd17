// Issue 11: a real Prefect 3.9.1 server (on SQLite, and on PostgreSQL as a team's) started with PREFECT_SERVER_API_AUTH_STRING. Anonymous and
// wrong credentials are refused clearly (naming the setting to check), the right ones work (from
// the environment or the active profile), and the secret never appears in any output.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWithEnv, type CliResult } from '../helpers/cli';
import { SERVER_BACKENDS } from './backends';
import { useServerWithRegistry } from './server-with-registry';

const AUTH_STRING = 'admin:Tr0ub4dor-s3cret';
const WRONG = 'admin:not-the-password';

/** Every form the secrets could leak in. */
const SECRETS = [AUTH_STRING, WRONG, 'Tr0ub4dor-s3cret', 'not-the-password', Buffer.from(AUTH_STRING).toString('base64'), Buffer.from(WRONG).toString('base64')];

describe.each(SERVER_BACKENDS)('on a %s-backed server', (backend) => {
  const { folder, dbPath, server } = useServerWithRegistry(`server-auth-${backend}`, { PREFECT_SERVER_API_AUTH_STRING: AUTH_STRING, PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' }, backend);
  const emptyHome = join(folder, 'empty-home');
  const outputs: string[] = [];

  async function run(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<CliResult> {
    const result = await cliWithEnv({ BLOCK_REGISTRY_DB: dbPath, PREFECT_HOME: emptyHome, ...env }, ...argv);
    outputs.push(result.stdout, result.stderr);
    return result;
  }

  it('refuses an anonymous push clearly: exit 1, names PREFECT_API_AUTH_STRING', async () => {
    const result = await run({ PREFECT_API_URL: server().api }, 'server', 'push', '--type', 'slack-webhook');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refused the request \(401 Unauthorized\): it wants credentials\. Set PREFECT_API_AUTH_STRING/);
    const check = await run({ PREFECT_API_URL: server().api }, 'server', 'check', '--json');
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout)).toMatchObject({ reachable: true, authenticated: false, ok: false });
  });

  it('refuses wrong credentials, saying which setting to check and where it came from', async () => {
    const result = await run({ PREFECT_API_URL: server().api, PREFECT_API_AUTH_STRING: WRONG }, 'server', 'push');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/check PREFECT_API_AUTH_STRING \(from the environment\)/);
    const diff = await run({ PREFECT_API_URL: server().api, PREFECT_API_AUTH_STRING: WRONG }, 'server', 'diff');
    expect(diff.code).toBe(2);
    // A wrong API key alone is Bearer, which this server refuses as well.
    const key = await run({ PREFECT_API_URL: server().api, PREFECT_API_KEY: 'pnu_wrong' }, 'server', 'check');
    expect(key.stdout).toMatch(/check PREFECT_API_KEY/);
  });

  it('accepts the right credentials from the environment', async () => {
    const check = await run({ PREFECT_API_URL: server().api, PREFECT_API_AUTH_STRING: AUTH_STRING }, 'server', 'check', '--json');
    expect(check.code, check.stdout).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ authenticated: true, credentials: { setting: 'PREFECT_API_AUTH_STRING', from: 'the environment' } });
    const push = await run({ PREFECT_API_URL: server().api, PREFECT_API_AUTH_STRING: AUTH_STRING }, 'server', 'push', '--type', 's3-bucket', '--json');
    expect(push.code, push.stderr).toBe(0);
    expect(JSON.parse(push.stdout)).toMatchObject({ counts: { types_created: 3, schemas_created: 3, checksum_mismatches: 0 } });
  });

  it('accepts the server and credentials from the active profile', async () => {
    const home = join(folder, 'profile-home');
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'profiles.toml'), `active = "team"\n\n[profiles.team]\nPREFECT_API_URL = "${server().api}"\nPREFECT_API_AUTH_STRING = "${AUTH_STRING}"\n`);
    const diff = await run({ PREFECT_HOME: home }, 'server', 'diff', '--type', 's3-bucket');
    expect(diff.code, diff.stderr).toBe(0);
    const check = await run({ PREFECT_HOME: home }, 'server', 'check');
    expect(check.stdout).toMatch(/credentials\s+PREFECT_API_AUTH_STRING \(from profile 'team' in .*profiles\.toml\)/);
  });

  it('never printed a secret', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const output of outputs) for (const secret of SECRETS) expect(output).not.toContain(secret);
  });
});
