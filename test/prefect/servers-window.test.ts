// Issue 11, the window half: the "Prefect servers" page's calls (ServersContract), through the
// real IPC handlers (dispatch), against two real Prefect 3.9.1 servers: A open, B started with an
// auth string. Saved secrets are encrypted with a real cipher (test/helpers/encryptor.ts).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchRegistryAt, type LaunchedRegistry } from '../../src/main/operations/launch';
import { connectionsFile } from '../../src/main/servers/connection-store';
import { NO_ENCRYPTION_MESSAGE } from '../../src/main/servers/connections';
import type { BlockTypeDetail, CatalogueEntry } from '../../src/shared/contract';
import {
  PROFILE_CONNECTION_ID,
  type ConnectionTest,
  type ServerConnectionInfo,
  type ServerConnectionList,
  type SourceComparison,
  type TransferJob,
  type ServerCopyPreview,
  type TransferPreview,
  type TypeSchemasComparison,
} from '../../src/shared/servers';
import { parseJson } from '../../src/shared/json';
import { breakingChanges } from '../../src/shared/schema-breaking';
import { testEncryptor } from '../helpers/encryptor';
import { recordingHandlers, type RecordingHandlers } from '../helpers/handlers';
import { filterAll, startPrefectServer, type PrefectServer } from './server';
import { startFaultProxy } from '../helpers/fault-proxy';
import { startLatencyProxy } from '../helpers/latency-proxy';
import { useTempFolder } from '../helpers/registry';

const AUTH_STRING = 'admin:W1ndow-s3cret-pass';
const SECRET_FORMS = [AUTH_STRING, 'W1ndow-s3cret-pass', Buffer.from(AUTH_STRING).toString('base64')];
const folder = useTempFolder('servers-window');
const prefectHome = join(folder, 'prefect-home');
let serverA: PrefectServer | undefined;
let serverB: PrefectServer | undefined;
let launched: LaunchedRegistry | undefined;
let main: RecordingHandlers;
const encryptor = testEncryptor();

beforeAll(async () => {
  const noStartupBlocks = { PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' };
  const startingA = startPrefectServer(noStartupBlocks);
  const startingB = startPrefectServer({ ...noStartupBlocks, PREFECT_SERVER_API_AUTH_STRING: AUTH_STRING });
  launched = await launchRegistryAt(join(folder, 'app', 'block-registry.sqlite'));
  main = recordingHandlers(launched, { secretEncryptor: encryptor, prefectEnv: { PREFECT_HOME: prefectHome } });
  [serverA, serverB] = await Promise.all([startingA, startingB]);
});

afterAll(async () => {
  await Promise.all([serverA?.stop(), serverB?.stop()]);
  await launched?.registry.close();
  rmSync(folder, { recursive: true, force: true });
});

const api = (server: PrefectServer | undefined): string => {
  if (server === undefined) throw new Error('server not started');
  return server.api;
};

async function save(name: string, apiUrl: string, auth: 'none' | 'auth-string' = 'none', secret: string | null = null, id: string | null = null): Promise<ServerConnectionInfo> {
  return main.call<ServerConnectionInfo>('saveConnection', { id, name, api_url: apiUrl, auth, secret });
}

let connectionA: ServerConnectionInfo;
let connectionB: ServerConnectionInfo;

describe('connections', () => {
  it('saves, lists and removes connections; the secret is stored only encrypted and never sent back', async () => {
    connectionA = await save('Staging', `${api(serverA)}/`);
    expect(connectionA).toMatchObject({ name: 'Staging', api_url: api(serverA), auth: 'none', has_secret: false, read_only: false });
    connectionB = await save('Production', api(serverB), 'auth-string', AUTH_STRING);
    expect(connectionB).toMatchObject({ auth: 'auth-string', has_secret: true });
    expect(encryptor.encrypted).toBe(1);
    const list = await main.call<ServerConnectionList>('listConnections');
    expect(list.encryption_available).toBe(true);
    expect(list.connections.map((connection) => connection.name)).toEqual(['Staging', 'Production']);
    const file = readFileSync(connectionsFile(launched?.registry.path ?? ''), 'utf8');
    const answers = JSON.stringify(list);
    for (const secret of SECRET_FORMS) {
      expect(file).not.toContain(secret);
      expect(answers).not.toContain(secret);
    }
    expect(JSON.parse(file)).toMatchObject({
      version: 1,
      connections: [
        { name: 'Staging', encrypted_secret: null },
        { name: 'Production', encrypted_secret: expect.any(String) },
      ],
    });

    // Editing without retyping the secret keeps it (the test below authenticates with it).
    connectionB = await save('Production (auth)', api(serverB), 'auth-string', null, connectionB.id);
    expect(connectionB).toMatchObject({ name: 'Production (auth)', has_secret: true });
    const extra = await save('Temporary', api(serverA));
    await main.call('removeConnection', { id: extra.id });
    expect((await main.call<ServerConnectionList>('listConnections')).connections.map((connection) => connection.id)).toEqual([connectionA.id, connectionB.id]);
    expect((await main.callError('removeConnection', { id: extra.id })).code).toBe('not_found');
  });

  it('refuses to save a secret when encryption is unavailable, and stores nothing in clear', async () => {
    const dir = join(folder, 'no-keyring');
    const other = await launchRegistryAt(join(dir, 'block-registry.sqlite'));
    try {
      const plain = recordingHandlers(other, { secretEncryptor: testEncryptor(false), prefectEnv: { PREFECT_HOME: prefectHome } });
      const error = await plain.callError('saveConnection', { id: null, name: 'Cloud', api_url: api(serverB), auth: 'api-key', secret: 'pnu_topsecret' });
      expect(error.message).toBe(NO_ENCRYPTION_MESSAGE);
      expect(error.message).not.toContain('pnu_topsecret');
      expect((await plain.call<ServerConnectionList>('listConnections')).encryption_available).toBe(false);
      let file = '';
      try {
        file = readFileSync(connectionsFile(other.registry.path), 'utf8');
      } catch {
        // Not even created: nothing was saved.
      }
      expect(file).not.toContain('pnu_topsecret');
      // Without a secret, a connection is saved all the same.
      await plain.call('saveConnection', { id: null, name: 'Open', api_url: api(serverA), auth: 'none', secret: null });
      expect((await plain.call<ServerConnectionList>('listConnections')).connections).toHaveLength(1);
    } finally {
      await other.registry.close();
    }
  });

  it("offers the active Prefect profile's server, read-only", async () => {
    const home = join(folder, 'profile-home');
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'profiles.toml'), `active = "work"\n[profiles.work]\nPREFECT_API_URL = "${api(serverA)}"\n`);
    const withProfile = recordingHandlers(launched as LaunchedRegistry, { secretEncryptor: encryptor, prefectEnv: { PREFECT_HOME: home } });
    const list = await withProfile.call<ServerConnectionList>('listConnections');
    expect(list.connections[0]).toMatchObject({ id: PROFILE_CONNECTION_ID, name: "Prefect profile 'work'", api_url: api(serverA), read_only: true, has_secret: false });
    expect(await withProfile.call<ConnectionTest>('testConnection', { id: PROFILE_CONNECTION_ID })).toMatchObject({ ok: true, server_version: '3.9.1' });
    expect((await withProfile.callError('removeConnection', { id: PROFILE_CONNECTION_ID })).message).toMatch(/Prefect settings/);
    // One server, one name: the comparison's column is headed with the list's name.
    const comparison = await withProfile.call<SourceComparison>('compareSources', { left: 'registry', right: PROFILE_CONNECTION_ID });
    expect(comparison.right.label).toBe(`Prefect profile 'work' (${api(serverA)})`);
  });

  it('tests a connection: health, version, auth; a wrong auth string is a clear 401 without the secret', async () => {
    expect(await main.call<ConnectionTest>('testConnection', { id: connectionA.id })).toMatchObject({
      ok: true,
      reachable: true,
      server_version: '3.9.1',
      api_version: '0.8.4',
      authenticated: true,
      problems: [],
    });
    expect(await main.call<ConnectionTest>('testConnection', { id: connectionB.id })).toMatchObject({ ok: true, authenticated: true });
    const wrong = await save('Wrong password', api(serverB), 'auth-string', 'admin:nope-not-it');
    const refused = await main.call<ConnectionTest>('testConnection', { id: wrong.id });
    expect(refused).toMatchObject({ ok: false, reachable: true, authenticated: false });
    // Said in the window's terms: the connection is fixed on the servers page, not through Prefect's settings.
    expect(refused.problems.join('\n')).toMatch(/401.*check the user:password of the saved connection 'Wrong password' on the servers page\./s);
    expect(JSON.stringify(refused)).not.toContain('nope-not-it');
    await main.call('removeConnection', { id: wrong.id });
    const none = await save('No authentication', api(serverB));
    const unauthenticated = (await main.call<ConnectionTest>('testConnection', { id: none.id })).problems.join('\n');
    expect(unauthenticated).toMatch(/401.*it wants credentials\. Edit the saved connection 'No authentication' on the servers page and choose its authentication/s);
    expect(unauthenticated).not.toContain('PREFECT_API_AUTH_STRING (user:password');
    await main.call('removeConnection', { id: none.id });
    // The server's UI address (no /api), saved as typed: the test says how to fix the connection, not a command-line flag.
    const ui = await save('UI address', api(serverA).replace(/\/api$/, ''));
    const problems = (await main.call<ConnectionTest>('testConnection', { id: ui.id })).problems.join('\n');
    expect(problems).toContain(`Prefect's API is usually under /api: edit the connection 'UI address' to use ${api(serverA)}.`);
    expect(problems).not.toContain('--api-url');
    await main.call('removeConnection', { id: ui.id });
  });
});

describe('compare and transfer', () => {
  let protectedSlugs: string[] = [];
  let unprotectedSlugs: string[] = [];

  beforeAll(async () => {
    const catalogue = await main.call<CatalogueEntry[]>('listBlockTypes');
    protectedSlugs = catalogue.filter((entry) => entry.block_type.is_protected).map((entry) => entry.block_type.slug);
    unprotectedSlugs = catalogue.filter((entry) => !entry.block_type.is_protected).map((entry) => entry.block_type.slug);
  });

  it('compares this registry with an empty server: every type only on the left', async () => {
    const comparison = await main.call<SourceComparison>('compareSources', { left: 'registry', right: connectionA.id });
    expect(comparison.left.label).toBe('This registry');
    expect(comparison.right.label).toContain(api(serverA));
    expect(comparison.counts).toEqual({ only_left: 54, only_right: 0, differing: 0, same: 0 });
  });

  it('previews a push, pushes with progress, and the comparison is then empty but for the protected types', async () => {
    const preview = await main.call<TransferPreview>('previewTransfer', { direction: 'push', connection_id: connectionA.id, slugs: unprotectedSlugs });
    expect(preview.counts).toMatchObject({ new: 51, update: 0, unchanged: 0, new_schemas: 51 });
    expect(await filterAll(serverA as PrefectServer, '/block_types/filter')).toEqual([]);
    const { job_id } = await main.call<{ job_id: string }>('startTransfer', { direction: 'push', connection_id: connectionA.id, slugs: unprotectedSlugs });
    const job = await main.settle(job_id);
    expect(job).toMatchObject({ state: 'done', done: 51, total: 51, message: null });
    expect(job.results.every((result) => result.outcome === 'created' && result.message === null)).toBe(true);
    const comparison = await main.call<SourceComparison>('compareSources', { left: 'registry', right: connectionA.id });
    expect(comparison.counts).toEqual({ only_left: 3, only_right: 0, differing: 0, same: 51 });
    expect(comparison.types.filter((type) => type.status === 'only_left').map((type) => type.slug)).toEqual([...protectedSlugs].sort());
  });

  it('compares two servers, field by field', async () => {
    const before = await main.call<SourceComparison>('compareSources', { left: connectionA.id, right: connectionB.id });
    expect(before.counts).toEqual({ only_left: 51, only_right: 0, differing: 0, same: 0 });
    const { job_id } = await main.call<{ job_id: string }>('startTransfer', { direction: 'push', connection_id: connectionB.id, slugs: ['slack-webhook', 'email-server-credentials'] });
    expect(await main.settle(job_id)).toMatchObject({ state: 'done', done: 2, total: 2 });
    const after = await main.call<SourceComparison>('compareSources', { left: connectionA.id, right: connectionB.id });
    expect(after.counts).toEqual({ only_left: 49, only_right: 0, differing: 0, same: 2 });
    const patched = await fetch(
      `${api(serverA)}/block_types/${(await filterAll<{ id: string; slug: string }>(serverA as PrefectServer, '/block_types/filter')).find((type) => type.slug === 'slack-webhook')?.id}`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ description: 'Changed on staging' }),
      },
    );
    expect(patched.status).toBe(204);
    const changed = await main.call<SourceComparison>('compareSources', { left: connectionA.id, right: connectionB.id });
    expect(changed.types.find((type) => type.slug === 'slack-webhook')).toMatchObject({ status: 'differing', fields: [{ field: 'description', left: 'Changed on staging' }] });
  });

  it('a cancelled push stops early; running it again completes it with nothing duplicated', async () => {
    const slugs = unprotectedSlugs;
    // The same server 100 ms away: a push keeps many requests in flight, and on loopback it would end
    // before a cancel arrives. A proxy in front counts the requests in flight.
    const far = await startLatencyProxy(api(serverB), 50);
    const requests = { inFlight: 0, most: 0 };
    const counting = await startFaultProxy(far.api, {
      count: async (_request, response, forward) => {
        requests.most = Math.max(requests.most, ++requests.inFlight);
        try {
          const answer = await forward();
          response.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
        } finally {
          requests.inFlight -= 1;
        }
      },
    });
    const farB = await save('Production, far away', counting.url('count'), 'auth-string', AUTH_STRING);
    const { job_id } = await main.call<{ job_id: string }>('startTransfer', { direction: 'push', connection_id: farB.id, slugs });
    for (;;) {
      const job = await main.call<TransferJob>('getTransfer', { job_id });
      if (job.done >= 4 || job.state !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await main.call('cancelTransfer', { job_id });
    const cancelled = await main.settle(job_id);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.done).toBeLessThan(cancelled.total);
    expect(cancelled.results.some((result) => result.outcome === 'not-started')).toBe(true);
    expect(cancelled.message).toMatch(/^Cancelled after \d+ of 51 block types; running it again completes it\.$/);
    // The window's push is `server push`'s: several requests at once, not one after another.
    expect(requests.most).toBeGreaterThan(1);
    await main.call('removeConnection', { id: farB.id });
    await counting.close();
    await far.close();

    const again = await main.settle((await main.call<{ job_id: string }>('startTransfer', { direction: 'push', connection_id: connectionB.id, slugs })).job_id);
    expect(again).toMatchObject({ state: 'done', done: 51, total: 51 });
    const comparison = await main.call<SourceComparison>('compareSources', { left: 'registry', right: connectionB.id });
    expect(comparison.counts).toEqual({ only_left: 3, only_right: 0, differing: 0, same: 51 });
    const headers = { authorization: `Basic ${Buffer.from(AUTH_STRING).toString('base64')}`, 'content-type': 'application/json' };
    const schemas = (await (await fetch(`${api(serverB)}/block_schemas/filter`, { method: 'POST', headers, body: JSON.stringify({ limit: 200 }) })).json()) as Array<{
      checksum: string;
      version: string;
    }>;
    const keys = schemas.map((schema) => `${schema.checksum} ${schema.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(51);
  });

  it('pulls a server-only type through the import preview, keeping its checksum', async () => {
    const created = await fetch(`${api(serverA)}/block_types/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Staging Only', slug: 'staging-only', description: 'Made on <staging> & nowhere else', code_example: null, logo_url: null, documentation_url: null }),
    });
    const typeId = ((await created.json()) as { id: string }).id;
    const fields =
      '{"title": "StagingOnly", "type": "object", "properties": {"ratio": {"title": "Ratio", "default": 1.0, "type": "number"}}, "block_type_slug": "staging-only", "secret_fields": [], "block_schema_references": {}}';
    const schema = await fetch(`${api(serverA)}/block_schemas/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"block_type_id": "${typeId}", "capabilities": [], "version": "2.0.0", "fields": ${fields}}`,
    });
    const checksum = ((await schema.json()) as { checksum: string }).checksum;
    const comparison = await main.call<SourceComparison>('compareSources', { left: 'registry', right: connectionA.id });
    expect(comparison.types.find((type) => type.slug === 'staging-only')).toMatchObject({ status: 'only_right', right_name: 'Staging Only', schemas_only_right: [{ checksum, version: '2.0.0' }] });

    const preview = await main.call<TransferPreview>('previewTransfer', { direction: 'pull', connection_id: connectionA.id, slugs: ['staging-only'] });
    expect(preview).toMatchObject({ direction: 'pull', types: [{ slug: 'staging-only', change: 'new', new_schemas: 1 }], errors: [], warnings: [] });
    expect((await main.call<CatalogueEntry[]>('listBlockTypes')).some((entry) => entry.block_type.slug === 'staging-only')).toBe(false);
    const job = await main.settle((await main.call<{ job_id: string }>('startTransfer', { direction: 'pull', connection_id: connectionA.id, slugs: ['staging-only'] })).job_id);
    expect(job).toMatchObject({ state: 'done', done: 1, total: 1, results: [{ slug: 'staging-only', outcome: 'created', schemas_created: 1 }] });
    const detail = await main.call<BlockTypeDetail>('getBlockType', { slug: 'staging-only' });
    expect(detail.entry.block_type.description).toBe('Made on <staging> & nowhere else');
    expect(detail.schemas.map((row) => [row.checksum, row.version])).toEqual([[checksum, '2.0.0']]);
    const after = await main.call<SourceComparison>('compareSources', { left: 'registry', right: connectionA.id });
    expect(after.types.find((type) => type.slug === 'staging-only')?.status).toBe('same');
  });
});

describe('a comparison row opened: every schema of one type on both sides', () => {
  it('a new version made on server A: both sides newest first, with fields (keys sorted) to compare, and what breaks', async () => {
    const types = await filterAll<{ id: string; slug: string }>(serverA as PrefectServer, '/block_types/filter');
    const slack = types.find((type) => type.slug === 'slack-webhook');
    if (slack === undefined) throw new Error('slack-webhook is not on server A');
    const local = await main.call<BlockTypeDetail>('getBlockType', { slug: 'slack-webhook' });
    const localSchema = local.schemas[0];
    if (localSchema === undefined) throw new Error('slack-webhook has no schema here');
    const detail = await main.call<{ fields_json: string }>('getBlockSchema', { id: localSchema.id });
    const fields = JSON.parse(detail.fields_json) as { properties: Record<string, unknown>; required?: string[]; secret_fields?: string[] };
    // The webhook URL no longer secret, and a new required channel without a default.
    fields.secret_fields = [];
    fields.properties.url = { title: 'Webhook URL', type: 'string' };
    fields.properties.channel = { title: 'Channel', type: 'string' };
    fields.required = [...(fields.required ?? []), 'channel'];
    const created = await fetch(`${api(serverA)}/block_schemas/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ block_type_id: slack.id, capabilities: ['notify'], version: 'non-versioned', fields }),
    });
    expect(created.status).toBe(201);
    const newChecksum = ((await created.json()) as { checksum: string }).checksum;

    const opened = await main.call<TypeSchemasComparison>('compareTypeSchemas', { left: 'registry', right: connectionA.id, slug: 'slack-webhook' });
    expect(opened.slug).toBe('slack-webhook');
    expect(opened.left).toMatchObject({ source: 'registry', label: 'This registry', name: 'Slack Webhook' });
    expect(opened.right).toMatchObject({ source: connectionA.id, name: 'Slack Webhook' });
    expect(opened.right.label).toContain(api(serverA));
    expect(opened.left.schemas.map((schema) => [schema.checksum, schema.version])).toEqual([[localSchema.checksum, localSchema.version]]);
    expect(opened.right.schemas.map((schema) => [schema.checksum, schema.version])).toEqual([
      [newChecksum, 'non-versioned'],
      [localSchema.checksum, localSchema.version],
    ]);
    // The same schema reads the same on both sides, whatever order each stores its keys in.
    expect(opened.right.schemas[1]?.fields_json).toBe(opened.left.schemas[0]?.fields_json);
    const [newest] = opened.right.schemas;
    const keys = Object.keys(JSON.parse(newest?.fields_json ?? '{}') as object);
    expect(keys).toEqual([...keys].sort());
    const breaking = breakingChanges(parseJson(opened.left.schemas[0]?.fields_json ?? '{}'), parseJson(newest?.fields_json ?? '{}'));
    expect(breaking.map((change) => [change.field, change.kind])).toEqual([
      ['channel', 'required-without-default'],
      ['url', 'secret-made-plain'],
    ]);

    // Server A against server B: B has the type with the registry's schema only.
    const servers = await main.call<TypeSchemasComparison>('compareTypeSchemas', { left: connectionA.id, right: connectionB.id, slug: 'slack-webhook' });
    expect(servers.left.schemas).toHaveLength(2);
    expect(servers.right.schemas.map((schema) => schema.checksum)).toEqual([localSchema.checksum]);
    // A copy of A's newest to B would break what B's documents were saved under: its preview says so.
    const copy = await main.call<ServerCopyPreview>('previewServerCopy', { from: connectionA.id, to: connectionB.id, slugs: ['slack-webhook'] });
    expect(copy.warnings.map((warning) => warning.message)).toEqual([
      `slack-webhook: pushing version non-versioned would break documents saved under the server's newest, ${localSchema.version}: new field 'channel' required without a default; secret field 'url' no longer secret.`,
    ]);
    // A type only on one side: the other side has no schemas.
    const onlyRight = await main.call<TypeSchemasComparison>('compareTypeSchemas', { left: 'registry', right: connectionB.id, slug: 'secret' });
    expect(onlyRight.left.name).toBe('Secret');
    expect(onlyRight.right).toMatchObject({ name: null, schemas: [] });
  });

  it('refuses a slug neither side has, the same source twice, and a bad argument, each with a clear error', async () => {
    const missing = await main.callError('compareTypeSchemas', { left: 'registry', right: connectionA.id, slug: 'no-such-type' });
    expect(missing.code).toBe('not_found');
    expect(missing.message).toBe(`Neither This registry nor Staging (${api(serverA)}) has a block type with slug 'no-such-type'.`);
    expect((await main.callError('compareTypeSchemas', { left: 'registry', right: 'registry', slug: 'secret' })).message).toBe('Choose two different sources to compare.');
    expect((await main.callError('compareTypeSchemas', { left: 'registry', right: connectionA.id, slug: '' })).code).toBe('invalid_input');
  });
});
