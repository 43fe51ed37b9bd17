// Issue 24, the window half: "Copy A → B" on the servers page (previewServerCopy, startServerCopy,
// followed with getTransfer), through the real IPC handlers (dispatch), between two real Prefect
// 3.9.1 servers: A registers its own blocks at start (the pinned venv's collections among them,
// whose read-backs need restoring), B starts empty behind an auth string. The preview must be
// `server copy --dry-run`'s report; the copy keeps every checksum; this registry is not touched.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchRegistryAt, type LaunchedRegistry } from '../../src/main/operations/launch';
import type { ServerConnectionInfo, ServerCopyPreview, SourceComparison } from '../../src/shared/servers';
import { cliWithEnv } from '../helpers/cli';
import { testEncryptor } from '../helpers/encryptor';
import { recordingHandlers, type RecordingHandlers } from '../helpers/handlers';
import { useTempFolder } from '../helpers/registry';
import { filterAll, startPrefectServer, type PrefectServer, type ServerSchemaRow } from './server';

const AUTH_STRING = 'admin:C0py-target-pass';
const folder = useTempFolder('server-copy-window');
const prefectHome = join(folder, 'prefect-home');
const dbPath = join(folder, 'app', 'block-registry.sqlite');
let serverA: PrefectServer | undefined;
let serverB: PrefectServer | undefined;
let launched: LaunchedRegistry | undefined;
let main: RecordingHandlers;
let connectionA: ServerConnectionInfo;
let connectionB: ServerConnectionInfo;

beforeAll(async () => {
  const startingA = startPrefectServer({ PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION: 'false' });
  const startingB = startPrefectServer({ PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false', PREFECT_SERVER_API_AUTH_STRING: AUTH_STRING });
  launched = await launchRegistryAt(dbPath);
  main = recordingHandlers(launched, { secretEncryptor: testEncryptor(), prefectEnv: { PREFECT_HOME: prefectHome } });
  [serverA, serverB] = await Promise.all([startingA, startingB]);
  connectionA = await main.call<ServerConnectionInfo>('saveConnection', { id: null, name: 'Staging', api_url: serverA.api, auth: 'none', secret: null });
  connectionB = await main.call<ServerConnectionInfo>('saveConnection', { id: null, name: 'Production', api_url: serverB.api, auth: 'auth-string', secret: AUTH_STRING });
});

afterAll(async () => {
  await Promise.all([serverA?.stop(), serverB?.stop()]);
  await launched?.registry.close();
  rmSync(folder, { recursive: true, force: true });
});

function started(server: PrefectServer | undefined): PrefectServer {
  if (server === undefined) throw new Error('server not started');
  return server;
}

/** B's REST API answers only with the auth string (as Prefect's client sends it). */
async function readB(path: string): Promise<ServerSchemaRow[]> {
  const rows: ServerSchemaRow[] = [];
  for (let offset = 0; ; offset += 200) {
    const response = await fetch(`${started(serverB).api}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(AUTH_STRING).toString('base64')}` },
      body: JSON.stringify({ offset, limit: 200 }),
    });
    expect(response.status).toBe(200);
    const page = (await response.json()) as ServerSchemaRow[];
    rows.push(...page);
    if (page.length < 200) return rows;
  }
}

/** A's unprotected schemas by "slug version checksum". */
async function schemasOfA(): Promise<Map<string, ServerSchemaRow>> {
  const rows = await filterAll<ServerSchemaRow>(started(serverA), '/block_schemas/filter');
  return new Map(rows.filter((schema) => !schema.block_type.is_protected).map((schema) => [`${schema.block_type.slug} ${schema.version} ${schema.checksum}`, schema]));
}

describe('copy from server A to server B from the window', () => {
  let preview: ServerCopyPreview;

  it('refuses at main’s edge a copy onto the same server, or from this registry', async () => {
    expect(await main.callError('previewServerCopy', { from: connectionA.id, to: connectionA.id, slugs: [] })).toMatchObject({
      code: 'invalid_input',
      issues: [{ message: 'copy between two different servers' }],
    });
    expect(await main.callError('startServerCopy', { from: 'registry', to: connectionB.id, slugs: [] })).toMatchObject({ code: 'invalid_input' });
    expect(await main.callError('previewServerCopy', { from: connectionA.id, to: connectionB.id })).toMatchObject({ code: 'invalid_input' });
    expect(await main.callError('previewServerCopy', { from: connectionA.id, to: connectionB.id, slugs: ['no-such-type'] })).toMatchObject({
      code: 'not_found',
      message: `${started(serverA).api} has no block type with slug 'no-such-type'.`,
    });
  });

  it('previews the copy as `server copy --dry-run` reports it, and writes nothing on B', async () => {
    preview = await main.call<ServerCopyPreview>('previewServerCopy', { from: connectionA.id, to: connectionB.id, slugs: [] });
    // The command line reaches B through a Prefect profile holding its auth string (its own home, not the window's).
    const cliHome = join(folder, 'cli-prefect-home');
    mkdirSync(cliHome, { recursive: true });
    writeFileSync(join(cliHome, 'profiles.toml'), `[profiles.prod]\nPREFECT_API_URL = "${started(serverB).api}"\nPREFECT_API_AUTH_STRING = "${AUTH_STRING}"\n`);
    const fromCli = await cliWithEnv({ PREFECT_HOME: cliHome }, 'server', 'copy', '--from', started(serverA).api, '--to', 'prod', '--dry-run', '--json');
    expect(fromCli.code, fromCli.stderr).toBe(0);
    const report = JSON.parse(fromCli.stdout) as {
      protected_types: string[];
      restored: Array<{ block_type_slug: string; version: string; checksum: string }>;
      push: { block_schemas: Array<{ block_type_slug: string; version: string; checksum: string; outcome: string }>; block_types: Array<{ slug: string; outcome: string }> };
    };
    const rows = (schemas: ReadonlyArray<{ block_type_slug: string; version: string; checksum: string; outcome: string }>) =>
      schemas.map((schema) => `${schema.block_type_slug} ${schema.version} ${schema.checksum} ${schema.outcome}`).sort();
    expect(rows(preview.schemas)).toEqual(rows(report.push.block_schemas));
    expect(preview.restored.map((schema) => schema.checksum).sort()).toEqual(report.restored.map((schema) => schema.checksum).sort());
    expect(
      preview.types
        .filter((type) => type.change === 'protected')
        .map((type) => type.slug)
        .sort(),
    ).toEqual([...report.protected_types].sort());
    // Every unprotected schema of A would be created on B (empty), under A's checksum.
    const onA = await schemasOfA();
    expect(preview.schemas.map((schema) => `${schema.block_type_slug} ${schema.version} ${schema.checksum}`).sort()).toEqual([...onA.keys()].sort());
    expect(preview.schemas.every((schema) => schema.outcome === 'created' && !schema.read_back_sent)).toBe(true);
    expect(preview.counts).toMatchObject({ new: report.push.block_types.length, update: 0, unchanged: 0, protected: report.protected_types.length, new_schemas: onA.size });
    expect(preview.restored.length).toBeGreaterThan(0);
    expect(preview.notes.join(' ')).toMatch(/restored to fields that give the server's checksum: .*dbt-cli-profile/);
    expect(preview).toMatchObject({ direction: 'copy', from_url: started(serverA).api, api_url: started(serverB).api, errors: [] });
    expect(await readB('/block_types/filter')).toEqual([]);
    expect(JSON.stringify(preview)).not.toContain('C0py-target-pass');
  });

  it('copies as a job: every schema on B under A’s checksum, read back the same; this registry unchanged; a second copy changes nothing', async () => {
    const before = readFileSync(dbPath);
    const { job_id } = await main.call<{ job_id: string }>('startServerCopy', { from: connectionA.id, to: connectionB.id, slugs: [] });
    const job = await main.settle(job_id);
    expect(job, job.message ?? '').toMatchObject({ direction: 'copy', api_url: started(serverB).api, state: 'done', message: null });
    expect(job.done).toBe(job.total);
    // A's protected types are among the results, as the preview lists them: not copied.
    expect(
      job.results
        .filter((result) => result.outcome === 'protected')
        .map((result) => result.slug)
        .sort(),
    ).toEqual(
      preview.types
        .filter((type) => type.change === 'protected')
        .map((type) => type.slug)
        .sort(),
    );
    expect(job.results.filter((result) => result.outcome !== 'created' && result.outcome !== 'protected')).toEqual([]);
    expect(job.total).toBe(preview.types.length);
    expect(job.results.reduce((sum, result) => sum + result.schemas_created, 0)).toBe(preview.counts.new_schemas);
    expect(JSON.stringify(job)).not.toContain('C0py-target-pass');

    const [onA, onB] = [await schemasOfA(), new Map((await readB('/block_schemas/filter')).map((schema) => [`${schema.block_type.slug} ${schema.version} ${schema.checksum}`, schema]))];
    expect([...onB.keys()].sort()).toEqual([...onA.keys()].sort());
    for (const [key, schema] of onA) {
      expect(onB.get(key)?.fields, key).toEqual(schema.fields);
      expect([...(onB.get(key)?.capabilities ?? [])].sort(), key).toEqual([...schema.capabilities].sort());
    }
    expect(readFileSync(dbPath).equals(before)).toBe(true);

    // The comparison the page reads again: B now holds every unprotected type of A, the same.
    const comparison = await main.call<SourceComparison>('compareSources', { left: connectionA.id, right: connectionB.id });
    expect(comparison.counts).toMatchObject({ only_right: 0, differing: 0, only_left: preview.counts.protected });
    const again = await main.call<ServerCopyPreview>('previewServerCopy', { from: connectionA.id, to: connectionB.id, slugs: [] });
    expect(again.counts).toMatchObject({ new: 0, update: 0, new_schemas: 0 });
    expect(again.schemas.every((schema) => schema.outcome === 'present')).toBe(true);
  });

  it('copies only the chosen types (with those they nest), and says what B already has', async () => {
    const slug = 'aws-credentials';
    const chosen = await main.call<ServerCopyPreview>('previewServerCopy', { from: connectionA.id, to: connectionB.id, slugs: [slug] });
    expect(chosen.types.map((type) => `${type.slug} ${type.change}`)).toEqual([`${slug} unchanged`]);
    expect(chosen.schemas.length).toBeGreaterThan(0);
    expect(chosen.schemas.every((schema) => schema.block_type_slug === slug && schema.outcome === 'present')).toBe(true);
  });
});
