// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { RegistryApi } from '../../../src/shared/contract';
import { filterEntries } from '../../../src/renderer/model/filter';
import { createRegistryStore, type RegistryState } from '../../../src/renderer/store/registry-store';
import { createTestApi, schemaIdsOf } from './real-api';

function setup() {
  const api = createTestApi();
  const store = createRegistryStore(() => api);
  return { api, store };
}

/** What the catalogue shows for the store's filters (CatalogueView filters the entries so). */
function visibleEntries(state: RegistryState) {
  return filterEntries(state.entries, { search: state.search, capabilities: state.capabilities, collection: state.collection });
}

describe('registry store', () => {
  it('loads the overview and the catalogue', async () => {
    const { api, store } = setup();
    expect(store.getState().status).toBe('idle');
    const loading = store.getState().load();
    expect(store.getState().status).toBe('loading');
    await loading;
    const state = store.getState();
    expect(state.status).toBe('ready');
    // The launch registers 54 types (3 system, 11 built-in, 40 from the catalogue), and each test
    // adds a second AWS Credentials schema.
    expect(state.entries).toHaveLength(54);
    expect(state.overview?.block_type_count).toBe(54);
    expect(state.overview?.block_schema_count).toBe(55);
    expect(api.calls.map((call) => call.channel).sort()).toEqual(['getOverview', 'listBlockTypes']);
  });

  it('derives the visible entries from search, capabilities and collection', async () => {
    const { store } = setup();
    await store.getState().load();
    store.getState().setSearch('SNOWFLAKE');
    expect(
      visibleEntries(store.getState())
        .map((e) => e.block_type.slug)
        .sort(),
    ).toEqual(['dbt-cli-snowflake-target-configs', 'snowflake-connector', 'snowflake-credentials']);
    store.getState().setSearch('');
    store.getState().toggleCapability('get-directory');
    store.getState().toggleCapability('put-directory');
    // The built-in file systems (local, remote, SMB) have both capabilities too.
    expect(visibleEntries(store.getState())).toHaveLength(6);
    store.getState().toggleCapability('put-directory');
    expect(store.getState().capabilities).toEqual(['get-directory']);
    expect(visibleEntries(store.getState())).toHaveLength(9);
    store.getState().setCollection('prefect-github');
    expect(visibleEntries(store.getState()).map((e) => e.block_type.slug)).toEqual(['github-repository']);
    store.getState().clearFilters();
    expect(visibleEntries(store.getState())).toHaveLength(54);
    expect(store.getState()).toMatchObject({ search: '', capabilities: [], collection: null });
  });

  it('puts an error answer into the error state, with its issues', async () => {
    const { api, store } = setup();
    api.failNext('listBlockTypes', { code: 'database_file', message: 'Not a Block Registry database.', issues: [{ file: 'x.sqlite', message: 'bad header' }] });
    await store.getState().load();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error).toEqual({ code: 'database_file', message: 'Not a Block Registry database.', issues: [{ file: 'x.sqlite', message: 'bad header' }] });
    // What did load is kept: the banner can still show the overview.
    expect(store.getState().overview?.block_type_count).toBe(54);
    expect(store.getState().entries).toEqual([]);
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'ready', error: null });
  });

  it('turns a rejected call or a missing bridge into an internal error instead of a rejection', async () => {
    const { api, store } = setup();
    api.rejectNext('getOverview', new Error('IPC channel closed'));
    await expect(store.getState().load()).resolves.toBeUndefined();
    expect(store.getState().error).toEqual({ code: 'internal', message: 'IPC channel closed', issues: [] });

    const missing = createRegistryStore(() => {
      throw new Error('no bridge');
    });
    await missing.getState().load();
    expect(missing.getState().error?.message).toBe('no bridge');

    const garbage = createRegistryStore(() => ({ ...api, getOverview: async () => 'nonsense' }) as unknown as RegistryApi);
    await garbage.getState().load();
    expect(garbage.getState().error?.code).toBe('internal');
  });

  it('fetches block type and schema details once and caches them', async () => {
    const { api, store } = setup();
    const [s3 = ''] = await schemaIdsOf(api, 's3-bucket');
    await store.getState().loadBlockType('aws-credentials');
    await store.getState().loadBlockType('aws-credentials');
    const resource = store.getState().blockTypes['aws-credentials'];
    expect(resource?.status).toBe('ready');
    if (resource?.status === 'ready') expect(resource.value.schemas.map((s) => s.version)).toEqual(['0.5.0', '0.4.14']);
    await store.getState().loadSchema(s3);
    await store.getState().loadSchema(s3);
    expect(store.getState().schemas[s3]?.status).toBe('ready');
    expect(api.calls.filter((c) => c.channel === 'getBlockType')).toHaveLength(1);
    expect(api.calls.filter((c) => c.channel === 'getBlockSchema')).toEqual([{ channel: 'getBlockSchema', args: { id: s3 } }]);
    await store.getState().loadBlockType('aws-credentials', { force: true });
    expect(api.calls.filter((c) => c.channel === 'getBlockType')).toHaveLength(2);
  });

  it('keeps a detail error and retries it on the next request', async () => {
    const { api, store } = setup();
    const [s3 = ''] = await schemaIdsOf(api, 's3-bucket');
    await store.getState().loadBlockType('does-not-exist');
    expect(store.getState().blockTypes['does-not-exist']).toEqual({ status: 'error', error: { code: 'not_found', message: "No block type with slug 'does-not-exist'.", issues: [] } });
    api.failNext('getBlockSchema', { message: 'disk on fire' });
    await store.getState().loadSchema(s3);
    expect(store.getState().schemas[s3]).toMatchObject({ status: 'error', error: { message: 'disk on fire' } });
    await store.getState().loadSchema(s3);
    expect(store.getState().schemas[s3]?.status).toBe('ready');
  });

  it('loads the registration report', async () => {
    const { store } = setup();
    await store.getState().loadReport();
    const report = store.getState().report;
    expect(report?.status).toBe('ready');
    if (report?.status === 'ready') expect(report.value?.sources.map((s) => s.name)).toEqual(['system', 'built-in', 'catalogue']);
  });

  it('opens only http(s) URLs, and keeps the failure of an open as the action error', async () => {
    const { api, store } = setup();
    expect(await store.getState().openExternal('javascript:alert(1)')).toBe(false);
    expect(store.getState().actionError?.code).toBe('invalid_input');
    expect(api.calls.filter((c) => c.channel === 'openExternal')).toHaveLength(0);
    expect(await store.getState().openExternal('https://docs.prefect.io/')).toBe(true);
    expect(api.opened).toEqual(['https://docs.prefect.io/']);
    expect(store.getState().actionError).toBeNull();
    api.failNext('openExternal', { code: 'invalid_input', message: 'Refused.' });
    expect(await store.getState().openExternal('https://example.com/')).toBe(false);
    expect(store.getState().actionError?.message).toBe('Refused.');
    store.getState().dismissActionError();
    expect(store.getState().actionError).toBeNull();
  });
});
