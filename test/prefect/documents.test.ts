// Block documents against two real Prefect 3.9.1 servers: documents saved on the source by
// Prefect's own client (Block.save, test/prefect/python/documents.py), browsed, shown, copied to
// the target with the documents they reference, and loaded there by Prefect's own client
// (Block.load) with the same values. The command line and the window's handlers both. Secret
// values are planted on the source only: every output, every IPC message both ways and every file
// of the suite is scanned for them at the end.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/ipc/handlers';
import { launchRegistryAt, type LaunchedRegistry } from '../../src/main/operations/launch';
import type { ApiResponse } from '../../src/shared/contract';
import {
  SECRET_MASK,
  type CopyReport,
  type DocumentComparison,
  type DocumentDetail,
  type DocumentForm,
  type DocumentListing,
  type FieldError,
  type SaveDocumentResult,
  type ServerDocumentsComparison,
  type UpgradePreview,
} from '../../src/shared/documents';
import type { ServerConnectionInfo } from '../../src/shared/servers';
import { cliWithEnv, type CliResult } from '../helpers/cli';
import { relay, startFaultProxy, type FaultProxy, type Scenario, type UpstreamAnswer } from '../helpers/fault-proxy';
import { recordingHandlers, type RecordingHandlers } from '../helpers/handlers';
import { useTempFolder } from '../helpers/registry';
import { serverDatabaseEnv } from './backends';
import { runPython, PYTHON_DIR } from './python';
import { filterAll, startPrefectServer, type PrefectServer } from './server';

/** The secret values saved on the source; none may appear anywhere but on the two servers. */
const SECRETS = {
  password: 'pw-Alpha-7Qx2Lk',
  token: 'tok-Bravo-9Kd4Pz',
  inline_password: 'pw-Charlie-3Lm8Wv',
  anonymous_password: 'pw-Delta-5Rt1Ny',
  secret_block: 'sec-Echo-6Vb0Hs',
  aws_secret_key: 'aws-Lima-2Zx8Qr',
};
const SECRET_VALUES = Object.values(SECRETS);
const SCRIPT = join(PYTHON_DIR, 'documents.py');
/** A secret typed into the window's form: it travels from the window to main, never back. */
const TYPED_SECRET = 'typed-Foxtrot-8Jw3';
/** A block type only this registry has: a document of it pushes its schema first. */
const API_ENDPOINT = {
  name: 'Api Endpoint',
  slug: 'api-endpoint',
  logo_url: null,
  documentation_url: null,
  description: 'A type only this registry has.',
  code_example: null,
  block_schema: {
    fields: {
      title: 'ApiEndpoint',
      type: 'object',
      properties: { url: { title: 'Url', type: 'string', position: 0 }, api_key: { title: 'Api Key', type: 'string', format: 'password', writeOnly: true, position: 1 } },
      required: ['url', 'api_key'],
      secret_fields: ['api_key'],
      block_type_slug: 'api-endpoint',
      block_schema_references: {},
    },
    capabilities: [],
    version: '1.0.0',
  },
};

const folder = useTempFolder('documents');
const dbPath = join(folder, 'registry.sqlite');
const prefectHome = join(folder, 'prefect-home');
let source: PrefectServer | undefined;
let target: PrefectServer | undefined;
/** Everything the suite saw come out of the command line and the handlers, scanned at the end. */
const outputs: string[] = [];

interface ServerDocument {
  id: string;
  name: string;
  updated: string;
  data: Record<string, unknown>;
  block_schema: { checksum: string };
  block_type: { slug: string };
  block_document_references: Record<string, { block_document: { id: string; name: string } }>;
}

function servers(): { source: PrefectServer; target: PrefectServer } {
  if (source === undefined || target === undefined) throw new Error('the servers have not started');
  return { source, target };
}

async function run(...argv: string[]): Promise<CliResult> {
  const result = await cliWithEnv({ BLOCK_REGISTRY_DB: dbPath, PREFECT_HOME: prefectHome }, ...argv);
  outputs.push(result.stdout, result.stderr);
  return result;
}

function python(server: PrefectServer, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return runPython([SCRIPT, ...args], { PREFECT_API_URL: server.api });
}

async function documentsOn(server: PrefectServer): Promise<ServerDocument[]> {
  return filterAll<ServerDocument>(server, '/block_documents/filter');
}

beforeAll(async () => {
  const starting = Promise.all([startPrefectServer(), startPrefectServer()]);
  const launched = await launchRegistryAt(dbPath);
  await launched.registry.close();
  [source, target] = await starting;
  await python(source, 'save', JSON.stringify(SECRETS));
});

afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
});

describe('the command line', () => {
  it("lists a server's documents: schema, outdated with the change to the newest, references both ways; anonymous ones on request", async () => {
    const { source } = servers();
    const text = await run('documents', '--api-url', source.api);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/warehouse\/prod-wh\s+non-versioned sha256:[0-9a-f]{12}…\s+outdated\s+\S+ \S+\s+credentials → db-creds\/prod-creds/);
    expect(text.stdout).toMatch(/db-creds\/prod-creds\s+.*\s+yes\s+.*← warehouse\/prod-wh \(credentials\)/);
    expect(text.stdout).toContain('warehouse/prod-wh is on an older schema; the newest warehouse schema is non-versioned sha256:');
    expect(text.stdout).toContain('region added: string, default "eu-west-1"');
    expect(text.stdout).toContain('channel added: string, required');
    expect(text.stdout).toMatch(/5 documents, 3 outdated \(1 anonymous not shown: --anonymous lists them\)\.$/);

    const json = JSON.parse((await run('documents', '--api-url', source.api, '--json')).stdout) as DocumentListing;
    expect(json.documents.map((document) => `${document.block_type.slug}/${document.name}`)).toEqual([
      'db-creds/prod-creds',
      'notifier/alerts',
      'secret/api-token',
      'warehouse/inline-wh',
      'warehouse/prod-wh',
    ]);
    const prodWh = json.documents.find((document) => document.name === 'prod-wh');
    expect(prodWh?.outdated).toBe(true);
    expect(prodWh?.change?.properties).toEqual([{ name: 'region', kind: 'added', details: ['string', 'default "eu-west-1"'] }]);
    expect(prodWh?.references).toEqual([expect.objectContaining({ field: 'credentials', name: 'prod-creds', block_type_slug: 'db-creds', is_anonymous: false })]);
    // The server's own view of the same: the schema each document was saved with.
    const onServer = await documentsOn(source);
    expect(prodWh?.schema.checksum).toBe(onServer.find((document) => document.name === 'prod-wh')?.block_schema.checksum);

    const anonymous = JSON.parse((await run('documents', '--api-url', source.api, '--json', '--anonymous', '--type', 'db-creds')).stdout) as DocumentListing;
    expect(anonymous.documents.map((document) => [document.name.startsWith('anonymous-'), document.is_anonymous])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(anonymous.anonymous_hidden).toBe(0);

    const unknown = await run('documents', '--api-url', source.api, '--type', 'no-such-type');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(`block-registry: The Prefect server at ${source.api} has no block type 'no-such-type'.`);
  });

  it('shows one document through its schema, secret values masked as Prefect masks them', async () => {
    const { source } = servers();
    const text = await run('documents', 'show', 'warehouse/prod-wh', '--api-url', source.api);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Hint\s+string\s+"x"$/m);
    expect(text.stdout).toMatch(/^credentials\s+DbCreds\s+required, holds secrets\s+→ db-creds\/prod-creds$/m);
    expect(text.stdout).toMatch(/^Token\s+string \| null\s+secret\s+\*{8}$/m);
    expect(text.stdout).toContain('Secret values are shown as ********: credentials.password, token.');
    const detail = JSON.parse((await run('documents', 'show', 'warehouse/prod-wh', '--api-url', source.api, '--json')).stdout) as DocumentDetail;
    expect(JSON.parse(detail.data_json)).toEqual({ name_hint: 'x', options: { pool: 4, ratio: 1.0 }, token: SECRET_MASK, credentials: { username: 'alice', password: SECRET_MASK, port: 5433 } });
    // The mask is the server's own: what Prefect's API answers without include_secrets.
    const read = (await documentsOn(source)).find((document) => document.name === 'prod-wh');
    expect(read?.data.token).toBe(SECRET_MASK);

    const missing = await run('documents', 'show', 'warehouse/nope', '--api-url', source.api);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`block-registry: The Prefect server at ${source.api} has no block document 'warehouse/nope'.`);
    const usage = await run('documents', 'show', 'prod-wh', '--api-url', source.api);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("'prod-wh' is not TYPE/NAME");
  });

  it('refuses to copy secret values without consent, naming the secret fields, and writes nothing', async () => {
    const { source, target } = servers();
    const refused = await run('documents', 'copy', 'warehouse/prod-wh', '--api-url', source.api, '--to', target.api);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `block-registry: Not copied: db-creds/prod-creds (password); warehouse/prod-wh (credentials.password, token) have secret values. Copying them reads them from ${source.api} and sends them to ${target.api}: give your consent (--include-secrets, or the window's confirmation) to copy them. Nothing was written.`,
    );
    const dryRun = await run('documents', 'copy', 'warehouse/prod-wh', '--from', source.api, '--to', target.api, '--include-secrets', '--dry-run', '--json');
    expect(dryRun.code, dryRun.stderr).toBe(0);
    const plan = JSON.parse(dryRun.stdout) as CopyReport;
    expect(plan.documents.map((document) => [document.address, document.action, document.requested])).toEqual([
      ['db-creds/prod-creds', 'create', false],
      ['warehouse/prod-wh', 'create', true],
    ]);
    // The target's Prefect has neither type (they come from the source's Python): pulled from the source, then pushed.
    expect(plan.schemas.map((schema) => [schema.block_type_slug, schema.action])).toEqual([
      ['db-creds', 'pull-then-push'],
      ['warehouse', 'pull-then-push'],
    ]);
    expect(await documentsOn(target)).toEqual([]);
    expect((await fetch(`${target.api}/block_types/slug/warehouse`)).status).toBe(404);
  });

  it('copies with consent, nested first, and Prefect loads the copy on the target with the same values and checksums', async () => {
    const { source, target } = servers();
    const copied = await run('documents', 'copy', 'warehouse/prod-wh', '--api-url', source.api, '--to', target.api, '--include-secrets');
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stdout).toMatch(/db-creds\/prod-creds\s+created\s+referenced\s+secret: password/);
    expect(copied.stdout).toContain('2 created, 0 updated, 0 unchanged; 2 schema pushes.');
    const loaded = JSON.parse((await python(target, 'load')).stdout) as { documents: Record<string, unknown>; warnings: string[] };
    expect(loaded.warnings).toEqual([]);
    expect(loaded.documents).toEqual({
      'db-creds/prod-creds': { username: 'alice', password: SECRETS.password, port: 5433 },
      'warehouse/prod-wh': { name_hint: 'x', options: { pool: 4, ratio: 1.0 }, token: SECRETS.token, credentials: { username: 'alice', password: SECRETS.password, port: 5433 } },
    });
    const onSource = await documentsOn(source);
    const onTarget = await documentsOn(target);
    for (const name of ['prod-creds', 'prod-wh']) {
      expect(onTarget.find((document) => document.name === name)?.block_schema.checksum).toBe(onSource.find((document) => document.name === name)?.block_schema.checksum);
    }
    const targetCreds = onTarget.find((document) => document.name === 'prod-creds');
    expect(onTarget.find((document) => document.name === 'prod-wh')?.block_document_references.credentials?.block_document.id).toBe(targetCreds?.id);
  });

  it('a second copy changes nothing; a changed document is updated alone', async () => {
    const { source, target } = servers();
    const before = await documentsOn(target);
    const again = await run('documents', 'copy', 'warehouse/prod-wh', '--api-url', source.api, '--to', target.api, '--include-secrets');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Nothing to copy: the target already holds every document as it is here. 0 created, 0 updated, 2 unchanged; 0 schema pushes.');
    expect(await documentsOn(target)).toEqual(before);

    await python(source, 'change', JSON.stringify(SECRETS));
    const changed = await run('documents', 'copy', 'warehouse/prod-wh', '--api-url', source.api, '--to', target.api, '--include-secrets', '--json');
    const report = JSON.parse(changed.stdout) as CopyReport;
    expect(report.documents.map((document) => [document.address, document.action, document.changed_fields])).toEqual([
      ['db-creds/prod-creds', 'unchanged', []],
      ['warehouse/prod-wh', 'update', ['options']],
    ]);
    const loaded = JSON.parse((await python(target, 'load')).stdout) as { documents: Record<string, { options?: unknown }> };
    expect(loaded.documents['warehouse/prod-wh']?.options).toEqual({ pool: 8, ratio: 1.0 });
  });
});

describe('a protected type', () => {
  it('copies a Secret block: its schema is the one each Prefect server installs itself, its value arrives as it was', async () => {
    const { source, target } = servers();
    const copied = JSON.parse((await run('documents', 'copy', 'secret/api-token', '--api-url', source.api, '--to', target.api, '--include-secrets', '--json')).stdout) as CopyReport;
    expect(copied.schemas.map((schema) => [schema.block_type_slug, schema.action])).toEqual([['secret', 'present']]);
    expect(copied.documents.map((document) => [document.address, document.action, document.secret_fields])).toEqual([['secret/api-token', 'create', ['value']]]);
    const read = (await (await fetch(`${target.api}/block_types/slug/secret/block_documents/name/api-token?include_secrets=true`)).json()) as { data: { value: string } };
    expect(read.data.value).toBe(SECRETS.secret_block);
  });
});

describe("prefect-aws's s3-bucket", () => {
  /** POST /block_documents/ of a document of `slug` (its newest schema on the server); its id. */
  async function saveOver(server: PrefectServer, slug: string, name: string, data: Record<string, unknown>): Promise<string> {
    const type = (await (await fetch(`${server.api}/block_types/slug/${slug}`)).json()) as { id: string };
    const [schema] = await filterSchemas(server, type.id);
    const response = await fetch(`${server.api}/block_documents/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, data, block_schema_id: schema?.id, block_type_id: type.id }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }
  async function filterSchemas(server: PrefectServer, typeId: string): Promise<Array<{ id: string; checksum: string }>> {
    const response = await fetch(`${server.api}/block_schemas/filter`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ block_schemas: { block_type_id: { any_: [typeId] } } }),
    });
    return (await response.json()) as Array<{ id: string; checksum: string }>;
  }

  it("is copied onto a server without prefect-aws with the source's checksums: pushed from this registry, not as the server read it back", async () => {
    const { source, target } = servers();
    const credentials = await saveOver(source, 'aws-credentials', 'prod-aws', { aws_access_key_id: 'AKIAEXAMPLE', aws_secret_access_key: SECRETS.aws_secret_key });
    await saveOver(source, 's3-bucket', 'prod-data', { bucket_name: 'prod-data', credentials: { $ref: { block_document_id: credentials } } });
    // The target forgets prefect-aws's types (its start-up registered them): the copy must bring them.
    for (const slug of ['s3-bucket', 'aws-credentials']) {
      const type = (await (await fetch(`${target.api}/block_types/slug/${slug}`)).json()) as { id: string };
      expect((await fetch(`${target.api}/block_types/${type.id}`, { method: 'DELETE' })).status).toBe(204);
    }
    const copied = JSON.parse((await run('documents', 'copy', 's3-bucket/prod-data', '--api-url', source.api, '--to', target.api, '--include-secrets', '--json')).stdout) as CopyReport;
    expect(copied.schemas.map((schema) => [schema.block_type_slug, schema.action])).toEqual([
      ['aws-credentials', 'push'],
      ['s3-bucket', 'push'],
    ]);
    const onSource = await documentsOn(source);
    const onTarget = await documentsOn(target);
    for (const name of ['prod-aws', 'prod-data']) {
      expect(onTarget.find((document) => document.name === name)?.block_schema.checksum, name).toBe(onSource.find((document) => document.name === name)?.block_schema.checksum);
    }
  });
});

describe('comparing', () => {
  it('compares one document value by value, secrets by hash only with consent, and lists what one server has alone', async () => {
    const { source, target } = servers();
    const masked = await run('documents', 'compare', 'warehouse/prod-wh', '--from', source.api, '--to', target.api);
    expect(masked.code, masked.stderr).toBe(0);
    expect(masked.stdout).toMatch(/^token\s+\*{8}\s+\*{8}\s+secret, not compared \(--include-secrets compares by hash\)$/m);
    expect(masked.stdout).toContain('The same, apart from 2 secret values not compared.');
    const hashed = JSON.parse((await run('documents', 'compare', 'warehouse/prod-wh', '--from', source.api, '--to', target.api, '--include-secrets', '--json')).stdout) as DocumentComparison;
    expect(hashed.same).toBe(true);
    expect(hashed.values.filter((value) => value.comparison.startsWith('secret')).map((value) => [value.path, value.left, value.comparison])).toEqual([
      ['token', SECRET_MASK, 'secret_same'],
      ['credentials.password', SECRET_MASK, 'secret_same'],
    ]);
    const servers_ = await run('documents', 'compare', '--from', source.api, '--to', target.api, '--json');
    expect(servers_.code).toBe(1);
    const sides = JSON.parse(servers_.stdout) as ServerDocumentsComparison;
    expect(sides.only_left).toEqual(['notifier/alerts', 'warehouse/inline-wh']);
    // (s3-bucket/prod-data and aws-credentials/prod-aws were copied above.)
    expect(sides.only_right).toEqual([]);
    expect(sides.both).toEqual([
      { address: 'aws-credentials/prod-aws', same_schema: true, same_values: true },
      { address: 'db-creds/prod-creds', same_schema: true, same_values: true },
      { address: 's3-bucket/prod-data', same_schema: true, same_values: true },
      { address: 'secret/api-token', same_schema: true, same_values: true },
      { address: 'warehouse/prod-wh', same_schema: true, same_values: true },
    ]);
  });
});

describe("the window's handlers", () => {
  let launched: LaunchedRegistry | undefined;
  let main: RecordingHandlers | undefined;
  const ids = { source: '', target: '' };

  /** A call through main's edge, its arguments and its answer kept for the scan. */
  async function call<T>(channel: string, args: unknown): Promise<ApiResponse<T>> {
    const response = (await dispatch((main as RecordingHandlers).handlers, channel, args)) as ApiResponse<T>;
    outputs.push(JSON.stringify(args), JSON.stringify(response));
    return response;
  }
  async function value<T>(channel: string, args: unknown): Promise<T> {
    const response = await call<T>(channel, args);
    if (!response.ok) throw new Error(`${channel}: ${response.error.message}`);
    return response.value;
  }

  beforeAll(async () => {
    const windowFolder = join(folder, 'window');
    mkdirSync(windowFolder, { recursive: true });
    const windowDb = join(windowFolder, 'block-registry.sqlite');
    copyFileSync(dbPath, windowDb);
    const entry = join(windowFolder, 'api-endpoint.json');
    writeFileSync(entry, JSON.stringify(API_ENDPOINT));
    const imported = await cliWithEnv({ BLOCK_REGISTRY_DB: windowDb }, 'import', entry);
    expect(imported.code, imported.stderr).toBe(0);
    launched = await launchRegistryAt(windowDb);
    main = recordingHandlers(launched, { prefectEnv: { PREFECT_HOME: prefectHome } });
    const { source, target } = servers();
    ids.source = (await value<ServerConnectionInfo>('saveConnection', { id: null, name: 'Staging', api_url: source.api, auth: 'none', secret: null })).id;
    ids.target = (await value<ServerConnectionInfo>('saveConnection', { id: null, name: 'Production', api_url: target.api, auth: 'none', secret: null })).id;
  });
  afterAll(async () => {
    await launched?.registry.close();
  });

  it('lists and opens documents, masked', async () => {
    const listing = await value<DocumentListing>('listDocuments', { connection_id: ids.source, slugs: ['warehouse'], anonymous: false });
    expect(listing.documents.map((document) => document.name)).toEqual(['inline-wh', 'prod-wh']);
    const prodWh = listing.documents.find((document) => document.name === 'prod-wh');
    const detail = await value<DocumentDetail>('getDocument', { connection_id: ids.source, id: prodWh?.id });
    expect(detail.secret_fields).toEqual(['credentials.password', 'token']);
    expect(detail.newest_fields_json).toContain('"region"');
    const bad = await call('getDocument', { connection_id: ids.source, id: '' });
    expect(bad.ok).toBe(false);
  });

  it('previews a copy, refuses it without consent, and copies a document without secrets', async () => {
    const listing = await value<DocumentListing>('listDocuments', { connection_id: ids.source, slugs: [], anonymous: false });
    const id = (name: string): string => listing.documents.find((document) => document.name === name)?.id ?? '';
    const preview = await value<CopyReport>('previewCopy', { from: ids.source, to: ids.target, ids: [id('inline-wh')], include_secrets: false });
    expect(preview.refusal).toMatch(/^Not copied: warehouse\/inline-wh \(credentials\.password\) has secret values\./);
    const refused = await call<CopyReport>('copyDocuments', { from: ids.source, to: ids.target, ids: [id('inline-wh')], include_secrets: false });
    expect(refused.ok).toBe(false);
    expect((await documentsOn(servers().target)).map((document) => document.name)).not.toContain('inline-wh');

    const alerts = await value<CopyReport>('copyDocuments', { from: ids.source, to: ids.target, ids: [id('alerts')], include_secrets: false });
    expect(alerts.documents.map((document) => [document.address, document.action])).toEqual([['notifier/alerts', 'create']]);
    const onTarget = (await documentsOn(servers().target)).find((document) => document.name === 'alerts');
    expect(onTarget?.data).toEqual({ url: 'https://hooks.example.com/alerts', retries: 3 });
  });

  it("creates a document with Prefect's validation, pushing the schema the server lacks first", async () => {
    const form = await value<DocumentForm>('getDocumentForm', { connection_id: ids.target, slug: 'api-endpoint' });
    expect(form.schema.source).toBe('registry');
    expect(form.document).toBeNull();
    const args = { connection_id: ids.target, id: null, slug: 'api-endpoint', schema_checksum: form.schema.checksum, schema_version: form.schema.version };
    const invalid = await value<FieldError[]>('validateDocument', { ...args, name: 'bad name!', values_json: JSON.stringify({ url: 42, api_key: TYPED_SECRET }) });
    expect(invalid).toEqual([
      { path: 'name', message: 'Name must only contain lowercase letters, numbers, and dashes' },
      { path: 'url', message: "42 is not of type 'string'" },
    ]);
    const missing = await value<SaveDocumentResult>('saveDocument', { ...args, name: 'billing-api', values_json: JSON.stringify({ url: 'https://billing.example.com' }) });
    expect(missing).toEqual({ saved: false, errors: [{ path: 'api_key', message: "'api_key' is a required property" }] });
    expect((await fetch(`${servers().target.api}/block_types/slug/api-endpoint`)).status).toBe(404);
    const saved = await value<SaveDocumentResult>('saveDocument', { ...args, name: 'billing-api', values_json: JSON.stringify({ url: 'https://billing.example.com', api_key: TYPED_SECRET }) });
    expect(saved).toMatchObject({ saved: true, schema_pushed: true });
    const onTarget = (await documentsOn(servers().target)).find((document) => document.name === 'billing-api');
    expect(onTarget?.block_schema.checksum).toBe(form.schema.checksum);
    const taken = await value<FieldError[]>('validateDocument', { ...args, name: 'billing-api', values_json: JSON.stringify({ url: 'https://x.example.com', api_key: 'k' }) });
    expect(taken).toEqual([{ path: 'name', message: 'A block with this name already exists for this block type' }]);
  });

  it('edits a document: secrets are write-only, the mask sent back keeps the stored value', async () => {
    const listing = await value<DocumentListing>('listDocuments', { connection_id: ids.target, slugs: ['db-creds'], anonymous: false });
    const id = listing.documents.find((document) => document.name === 'prod-creds')?.id ?? '';
    const form = await value<DocumentForm>('getDocumentForm', { connection_id: ids.target, id });
    const values = JSON.parse(form.document?.data_json ?? '{}') as Record<string, unknown>;
    expect(values).toEqual({ username: 'alice', password: SECRET_MASK, port: 5433 });
    const saved = await value<SaveDocumentResult>('saveDocument', {
      connection_id: ids.target,
      id,
      slug: 'db-creds',
      name: 'prod-creds',
      values_json: JSON.stringify({ ...values, port: 6543 }),
      schema_checksum: form.schema.checksum,
      schema_version: form.schema.version,
    });
    expect(saved).toEqual({ saved: true, id, schema_pushed: false });
    const loaded = JSON.parse((await python(servers().target, 'load')).stdout) as { documents: Record<string, unknown> };
    expect(loaded.documents['db-creds/prod-creds']).toEqual({ username: 'alice', password: SECRETS.password, port: 6543 });
  });

  it('compares a document across servers without sending secrets to the window', async () => {
    const listing = await value<DocumentListing>('listDocuments', { connection_id: ids.source, slugs: ['db-creds'], anonymous: false });
    const id = listing.documents.find((document) => document.name === 'prod-creds')?.id ?? '';
    const comparison = await value<DocumentComparison>('compareDocument', { left: ids.source, right: ids.target, id, include_secrets: true });
    expect(comparison.values).toEqual([
      { path: 'username', left: '"alice"', right: '"alice"', comparison: 'same' },
      { path: 'password', left: SECRET_MASK, right: SECRET_MASK, comparison: 'secret_same' },
      { path: 'port', left: '5433', right: '6543', comparison: 'different' },
    ]);
    const sides = await value<ServerDocumentsComparison>('compareServerDocuments', { left: ids.source, right: ids.target });
    expect(sides.only_right).toEqual(['api-endpoint/billing-api']);
  });
});

describe('upgrading', () => {
  it("moves a document to its type's newest schema where the change allows it, keeping its references; refuses where a new required field has no default", async () => {
    const { source } = servers();
    const blocked = await run('documents', 'upgrade', 'notifier/alerts', 'warehouse/prod-wh', '--api-url', source.api);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain("Cannot upgrade: the newest schema requires 'channel', which this document has no value for and which has no default.");
    expect(blocked.stderr).toBe('block-registry: nothing upgraded: notifier/alerts cannot move to the newest schema.');
    const dryRun = JSON.parse((await run('documents', 'upgrade', 'warehouse/prod-wh', '--api-url', source.api, '--dry-run', '--json')).stdout) as UpgradePreview[];
    expect(dryRun[0]?.filled).toEqual([{ field: 'region', value: '"eu-west-1"' }]);
    expect((await documentsOn(source)).find((document) => document.name === 'prod-wh')?.block_schema.checksum).toBe(dryRun[0]?.from.checksum);

    const upgraded = await run('documents', 'upgrade', 'warehouse/prod-wh', 'warehouse/inline-wh', '--api-url', source.api);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    const after = await documentsOn(source);
    const prodWh = after.find((document) => document.name === 'prod-wh');
    expect(prodWh?.block_schema.checksum).toBe(dryRun[0]?.to?.checksum);
    expect(prodWh?.block_document_references.credentials?.block_document.name).toBe('prod-creds');
    const loaded = JSON.parse((await python(source, 'load-upgraded')).stdout) as { documents: Record<string, unknown>; warnings: string[] };
    expect(loaded.warnings).toEqual([]);
    expect(loaded.documents).toEqual({
      'warehouse/prod-wh': { region: 'eu-west-1', options: { pool: 8, ratio: 1.0 }, credentials: { username: 'alice', password: SECRETS.password } },
      'warehouse/inline-wh': { region: 'eu-west-1', options: {}, credentials: { username: 'bob', password: SECRETS.inline_password } },
    });
    const listing = JSON.parse((await run('documents', '--api-url', source.api, '--json', '--type', 'warehouse')).stdout) as DocumentListing;
    expect(listing.documents.map((document) => document.outdated)).toEqual([false, false]);
  });
});

describe('many documents', () => {
  const FLEET = 8;
  const names = Array.from({ length: FLEET }, (_, index) => `warehouse/fleet-wh-${index}`);
  /** Requests each side had in flight at once, at most, and the target's document writes. */
  const traffic = { source: { inFlight: 0, most: 0 }, target: { inFlight: 0, most: 0, writesInFlight: 0, mostWrites: 0, writes: 0 } };

  /** POST /block_documents/ on the source, on the schema of `like` (a document already there); its id. */
  async function saveLike(server: PrefectServer, like: ServerDocument & { block_schema_id?: string; block_type_id?: string }, name: string, data: Record<string, unknown>): Promise<string> {
    const response = await fetch(`${server.api}/block_documents/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, data, block_schema_id: like.block_schema_id, block_type_id: like.block_type_id }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  /** A proxy in front of both servers that holds each request 30 ms (so that requests sent together overlap) and counts what is in flight. */
  async function countingProxy(target: PrefectServer): Promise<FaultProxy> {
    const { source } = servers();
    const side = (which: 'source' | 'target', api: string): Scenario => {
      const counts = traffic[which];
      return async (request, response) => {
        const write = which === 'target' && request.method !== 'GET' && request.route.startsWith('/block_documents/') && !request.route.endsWith('/filter');
        counts.most = Math.max(counts.most, ++counts.inFlight);
        if (write) {
          traffic.target.writes += 1;
          traffic.target.mostWrites = Math.max(traffic.target.mostWrites, ++traffic.target.writesInFlight);
        }
        try {
          await new Promise((resolve) => setTimeout(resolve, 30));
          relay(response, await freshRequest(`${api}${request.route}`, request.method, request.body));
        } finally {
          counts.inFlight -= 1;
          if (write) traffic.target.writesInFlight -= 1;
        }
      };
    };
    return startFaultProxy(source.api, { source: side('source', source.api), target: side('target', target.api) });
  }

  /**
   * The request on a connection of its own: a kept-alive one the server has just closed fails the
   * request without an answer (the client under test retries that; a proxy would turn it into an error).
   */
  function freshRequest(url: string, method: string, body: Buffer): Promise<UpstreamAnswer> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(url, { method, agent: false, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, contentType: incoming.headers['content-type'] ?? '', body: Buffer.concat(chunks) }));
        incoming.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  it('are read, checked and written several at a time, each after the one it references, and arrive exactly as one by one', async () => {
    const { source, target } = servers();
    const onSource = await documentsOn(source);
    const creds = onSource.find((document) => document.name === 'prod-creds');
    const warehouse = onSource.find((document) => document.name === 'prod-wh');
    if (creds === undefined || warehouse === undefined) throw new Error('the saved documents are missing');
    for (let index = 0; index < FLEET; index++) {
      // Each password holds a planted secret: the scan at the end finds it wherever it leaks.
      const credsId = await saveLike(source, creds, `fleet-creds-${index}`, { username: `user-${index}`, password: `${SECRETS.password}-${index}`, port: 5400 + index });
      await saveLike(source, warehouse, `fleet-wh-${index}`, { name_hint: `hint-${index}`, options: { pool: index }, region: 'eu-west-1', credentials: { $ref: { block_document_id: credsId } } });
    }
    const proxy = await countingProxy(target);
    const copy = (...options: string[]): Promise<CliResult> => run('documents', 'copy', ...names, '--from', proxy.url('source'), '--to', proxy.url('target'), '--include-secrets', ...options);
    let copied: CliResult;
    let again: CliResult;
    try {
      copied = await copy('--json');
      expect(copied.code, copied.stderr).toBe(0);
      const before = await documentsOn(target);
      traffic.target.writes = 0;
      again = await copy();
      expect(await documentsOn(target)).toEqual(before);
    } finally {
      await proxy.close();
    }
    const report = JSON.parse(copied.stdout) as CopyReport;
    // The order one by one gave: each warehouse right after the credentials it references.
    expect(report.documents.map((document) => [document.address, document.action])).toEqual(
      names.flatMap((_, index) => [
        [`db-creds/fleet-creds-${index}`, 'create'],
        [`warehouse/fleet-wh-${index}`, 'create'],
      ]),
    );
    expect(traffic.source.most).toBeGreaterThan(1);
    expect(traffic.target.most).toBeGreaterThan(1);
    expect(traffic.target.mostWrites).toBeGreaterThan(1);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`Nothing to copy: the target already holds every document as it is here. 0 created, 0 updated, ${2 * FLEET} unchanged; 0 schema pushes.`);
    expect(traffic.target.writes).toBe(0);
    await expectSameFleet(source, target);
  });

  it('are written onto a PostgreSQL-backed server that never held a document, the first alone (it makes the encryption key), and read back with their secrets', async () => {
    const { source } = servers();
    const fresh = await startPrefectServer({ ...serverDatabaseEnv('postgresql'), PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' });
    Object.assign(traffic.target, { most: 0, mostWrites: 0, writes: 0 });
    try {
      const proxy = await countingProxy(fresh);
      let copied: CliResult;
      try {
        copied = await run('documents', 'copy', ...names, '--from', proxy.url('source'), '--to', proxy.url('target'), '--include-secrets', '--json');
      } finally {
        await proxy.close();
      }
      expect(copied.code, copied.stderr).toBe(0);
      const report = JSON.parse(copied.stdout) as CopyReport;
      // Both types in one push (this registry pulled them earlier in the suite).
      expect(report.schemas.map((schema) => [schema.block_type_slug, schema.action])).toEqual([
        ['db-creds', 'push'],
        ['warehouse', 'push'],
      ]);
      expect(report.counts.create).toBe(2 * FLEET);
      expect(traffic.target.mostWrites).toBeGreaterThan(1);
      await expectSameFleet(source, fresh);
    } finally {
      await fresh.stop();
    }
  });

  /** Every fleet document on the target: the source's values and schema, its reference naming the target's copy of the same credentials. */
  async function expectSameFleet(source: PrefectServer, target: PrefectServer): Promise<void> {
    const read = async (server: PrefectServer, slug: string, name: string): Promise<ServerDocument> =>
      (await (await fetch(`${server.api}/block_types/slug/${slug}/block_documents/name/${name}?include_secrets=true`)).json()) as ServerDocument;
    for (let index = 0; index < FLEET; index++) {
      for (const [slug, name] of [
        ['db-creds', `fleet-creds-${index}`],
        ['warehouse', `fleet-wh-${index}`],
      ] as const) {
        const [there, here] = await Promise.all([read(source, slug, name), read(target, slug, name)]);
        expect(here.block_schema.checksum, name).toBe(there.block_schema.checksum);
        const { credentials: _sourceRef, ...sourceValues } = there.data;
        const { credentials: _targetRef, ...targetValues } = here.data;
        expect(targetValues, name).toEqual(sourceValues);
        if (slug === 'warehouse') {
          const targetCreds = await read(target, 'db-creds', `fleet-creds-${index}`);
          expect(here.block_document_references.credentials?.block_document.id, name).toBe(targetCreds.id);
        }
      }
    }
  }
});

describe('secrets', () => {
  it('appear in no output, no IPC message and no file of the suite', () => {
    const files: string[] = [];
    const walk = (path: string): void => {
      for (const name of readdirSync(path)) {
        const child = join(path, name);
        if (statSync(child).isDirectory()) walk(child);
        else files.push(child);
      }
    };
    walk(folder);
    expect(files.length).toBeGreaterThan(1);
    expect(outputs.length).toBeGreaterThan(20);
    // The secret typed into the form went from the window to main only: in no answer, no file.
    for (const output of outputs.filter((text) => !text.includes('"values_json"'))) expect(output.includes(TYPED_SECRET), 'an answer holds the typed secret').toBe(false);
    for (const file of files) expect(readFileSync(file).includes(TYPED_SECRET), `${file} holds the typed secret`).toBe(false);
    for (const secret of SECRET_VALUES) {
      for (const output of outputs) expect(output.includes(secret), `an output holds ${secret}`).toBe(false);
      for (const file of files) expect(readFileSync(file).includes(secret), `${file} holds ${secret}`).toBe(false);
    }
  });
});
