import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchRegistry, type LaunchedRegistry } from '../../src/main/operations/launch';
import { CHANNELS, type BlockSchemaDetail, type BlockTypeDetail, type CatalogueEntry, type Overview } from '../../src/shared/contract';
import { parseJson } from '../../src/shared/json';
import { recordingHandlers, type RecordingHandlers } from '../helpers/handlers';
import { readCatalogueText, useTempFolder } from '../helpers/registry';

const folder = useTempFolder('ipc');
let launched: LaunchedRegistry;
let ipc: RecordingHandlers;
/** The save dialog's answer: null = cancelled, '' = the suggested name, else this name. */
let exportAnswer: string | null = '';

beforeAll(async () => {
  launched = await launchRegistry(folder);
  ipc = recordingHandlers(launched, { chooseExportPath: (name) => (exportAnswer === null ? null : join(folder, exportAnswer || name)) });
});
afterAll(async () => {
  await launched.registry.close();
});

describe('IPC handlers against a real database file', () => {
  it('getOverview counts rows and returns the launch report', async () => {
    const overview = await ipc.call<Overview>('getOverview');
    expect(overview.block_type_count).toBe(54);
    expect(overview.block_schema_count).toBe(54);
    expect(overview.database_path).toBe(join(folder, 'block-registry.sqlite'));
    expect(overview.last_registration?.totals.created).toBe(54);
  });

  it('listBlockTypes returns every type by name with capabilities, schema count and collection', async () => {
    const entries = await ipc.call<CatalogueEntry[]>('listBlockTypes');
    expect(entries).toHaveLength(54);
    expect(entries.map((entry) => entry.block_type.name)).toEqual(entries.map((entry) => entry.block_type.name).sort());
    const s3 = entries.find((entry) => entry.block_type.slug === 's3-bucket');
    expect(s3).toMatchObject({ capabilities: ['get-directory', 'put-directory', 'read-path', 'write-path'], schema_count: 1, latest_version: '0.4.14', collection: 'prefect-aws' });
    expect(entries.find((entry) => entry.block_type.slug === 'secret')).toMatchObject({ collection: 'prefect', capabilities: [] });
    expect(new Set(entries.map((entry) => entry.collection)).size).toBe(16);
  });

  it('getBlockType returns the entry and its schema versions', async () => {
    const detail = await ipc.call<BlockTypeDetail>('getBlockType', { slug: 'kubernetes-credentials' });
    expect(detail.entry.block_type.name).toBe('Kubernetes Credentials');
    expect(detail.schemas.map((schema) => schema.checksum)).toEqual(['sha256:957fa8dca90bd1b5fb9c575ee09e80b454116c0b134287fbc2eff47a72564c3b']);
  });

  it('getBlockSchema returns lossless fields text and resolved references', async () => {
    const type = await ipc.call<BlockTypeDetail>('getBlockType', { slug: 'kubernetes-credentials' });
    const detail = await ipc.call<BlockSchemaDetail>('getBlockSchema', { id: type.schemas[0]?.id });
    expect(detail.schema.block_type.slug).toBe('kubernetes-credentials');
    expect(detail.references).toHaveLength(1);
    const child = await ipc.call<BlockTypeDetail>('getBlockType', { slug: 'kubernetes-cluster-config' });
    expect(detail.references[0]).toEqual({
      property: 'cluster_config',
      block_type_slug: 'kubernetes-cluster-config',
      block_schema_checksum: 'sha256:90d421e948bfbe4cdc98b124995f0edd0f84b0837549ad1390423bad8e31cf3b',
      block_type_name: 'Kubernetes Cluster Config',
      block_schema_id: child.schemas[0]?.id,
    });
    const fields = parseJson(detail.fields_json) as Record<string, unknown>;
    expect(Object.keys(fields.definitions as object)).toEqual(['KubernetesClusterConfig']);
  });

  it('unknown slugs and ids are typed not_found errors', async () => {
    expect(await ipc.callError('getBlockType', { slug: 'nope' })).toMatchObject({ code: 'not_found', message: "No block type with slug 'nope'." });
    expect(await ipc.callError('getBlockSchema', { id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ code: 'not_found', message: 'Block schema not found' });
  });

  it.each([
    ['getBlockType', undefined],
    ['getBlockType', { slug: 42 }],
    ['getBlockType', { slug: '' }],
    ['getBlockType', { slug: 'x'.repeat(100_000) }],
    ['getBlockType', { slug: 'secret', extra: true }],
    ['getBlockSchema', { id: 'not-a-uuid' }],
    ['getBlockSchema', 'string instead of object'],
    ['getOverview', { unexpected: 1 }],
    ['listBlockTypes', [1, 2, 3]],
    ['openExternal', { url: 7 }],
    ['openExternal', { url: `https://example.com/${'a'.repeat(5000)}` }],
  ])('%s with bad arguments %j is a typed invalid_input error, nothing written', async (channel, args) => {
    const before = readFileSync(launched.registry.path);
    const error = await ipc.callError(channel, args);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(`Invalid arguments for ${channel}.`);
    expect(error.issues.length).toBeGreaterThan(0);
    expect(readFileSync(launched.registry.path).equals(before)).toBe(true);
  });

  it('an unknown channel is refused', async () => {
    expect(await ipc.callError('dropDatabase', {})).toMatchObject({ code: 'invalid_input', message: "Unknown call 'dropDatabase'." });
    expect(await ipc.callError('__proto__', {})).toMatchObject({ code: 'invalid_input' });
  });

  it('openExternal opens only http(s) URLs', async () => {
    await ipc.call('openExternal', { url: 'https://docs.prefect.io/latest/' });
    expect(ipc.opened).toEqual(['https://docs.prefect.io/latest/']);
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>1</script>', 'not a url']) {
      expect((await ipc.callError('openExternal', { url })).code).toBe('invalid_input');
    }
    expect(ipc.opened).toHaveLength(1);
  });

  it('a type re-imported from a file that names no collection keeps its collection; a new one is "imported"', async () => {
    const catalogue = JSON.parse(readCatalogueText()) as {
      collections: Record<string, { block_types: Record<string, Record<string, unknown>> }>;
    };
    const aws = catalogue.collections['prefect-aws']?.block_types['aws-credentials'];
    const fresh = {
      ...aws,
      name: 'Plain Block',
      slug: 'plain-block',
      block_schema: { fields: { title: 'PlainBlock', type: 'object', properties: {}, block_type_slug: 'plain-block', block_schema_references: {} }, capabilities: [], version: '1.0.0' },
    };
    const bytes = new TextEncoder().encode(JSON.stringify([aws, fresh]));
    const preview = await ipc.call<{ id: string; errors: unknown[] }>('previewImport', { files: [{ name: 'plain.json', bytes }] });
    expect(preview.errors).toEqual([]);
    await ipc.call('applyImport', { preview_id: preview.id });
    const entries = await ipc.call<CatalogueEntry[]>('listBlockTypes');
    expect(entries.find((entry) => entry.block_type.slug === 'aws-credentials')?.collection).toBe('prefect-aws');
    expect(entries.find((entry) => entry.block_type.slug === 'plain-block')?.collection).toBe('imported');
  });

  it('every channel of the contract has a handler', () => {
    expect(Object.keys(ipc.handlers).sort()).toEqual([...CHANNELS].sort());
  });
});
