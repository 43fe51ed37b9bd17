// A test double of `window.api` (RegistryApi) over in-memory data built from the real bundled
// catalogue. The real handlers are covered by the integration tests; here the window is tested.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiError, ApiResponse, BlockSchemaDetail, BlockSchemaSummary, CatalogueEntry, Channel, Overview, RegistryApi, ResolvedReference } from '../../../src/shared/contract';
import { getOwn, isJsonObject, LosslessNumber, parseJson, stringifyJson, type JsonObject } from '../../../src/shared/json';
import { countBlockTypes, type BlockTypeReport, type RegistrationReport } from '../../../src/shared/report';

export const CATALOGUE_PATH = join(process.cwd(), 'resources', 'prefect', 'collection_blocks_data.json');

export interface CatalogueType {
  collection: string;
  slug: string;
  raw: JsonObject;
}

/** The bundled catalogue's block types, in file order. */
export function readCatalogueTypes(): CatalogueType[] {
  const root = parseJson(readFileSync(CATALOGUE_PATH, 'utf8'));
  if (!isJsonObject(root) || !isJsonObject(root.collections)) throw new Error('unexpected catalogue shape');
  const types: CatalogueType[] = [];
  for (const [collection, value] of Object.entries(root.collections)) {
    if (!isJsonObject(value) || !isJsonObject(value.block_types)) continue;
    for (const [slug, raw] of Object.entries(value.block_types)) if (isJsonObject(raw)) types.push({ collection, slug, raw });
  }
  return types;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export interface StoredSchema {
  detail: BlockSchemaDetail;
  summary: BlockSchemaSummary;
}

export interface FakeData {
  entries: CatalogueEntry[];
  /** Per slug, newest first. */
  schemas: Map<string, StoredSchema[]>;
  report: RegistrationReport | null;
}

let clock = Date.parse('2026-11-24T07:15:00Z');
function nextTimestamp(): string {
  clock += 1000;
  return new Date(clock).toISOString().replace('Z', '000Z');
}

/** The catalogue as the registry would show it after a launch, plus a second, newer AWS Credentials schema. */
export function catalogueData(): FakeData {
  const types = readCatalogueTypes();
  const schemas = new Map<string, StoredSchema[]>();
  const entries: CatalogueEntry[] = [];
  const checksums = new Map<string, string>();
  for (const type of types) {
    const schema = type.raw.block_schema;
    if (isJsonObject(schema) && typeof schema.checksum === 'string') checksums.set(schema.checksum, `bs-${type.slug}`);
  }
  const reports: BlockTypeReport[] = [];
  for (const { collection, slug, raw } of types) {
    const created = nextTimestamp();
    const blockType = {
      id: `bt-${slug}`,
      created,
      updated: created,
      name: str(raw.name) ?? slug,
      slug,
      logo_url: str(raw.logo_url),
      documentation_url: str(raw.documentation_url),
      description: str(raw.description),
      code_example: str(raw.code_example),
      is_protected: false,
    };
    const schema = raw.block_schema;
    if (!isJsonObject(schema) || !isJsonObject(schema.fields)) throw new Error(`no schema for ${slug}`);
    const capabilities = Array.isArray(schema.capabilities) ? schema.capabilities.filter((c): c is string => typeof c === 'string').sort() : [];
    const version = str(schema.version) ?? 'non-versioned';
    const checksum = str(schema.checksum) ?? '';
    const references: ResolvedReference[] = [];
    const refs = getOwn(schema.fields, 'block_schema_references');
    if (isJsonObject(refs)) {
      for (const [property, ref] of Object.entries(refs)) {
        if (!isJsonObject(ref)) continue;
        const childSlug = str(ref.block_type_slug) ?? '';
        const childChecksum = str(ref.block_schema_checksum) ?? '';
        const child = types.find((candidate) => candidate.slug === childSlug);
        references.push({
          property,
          block_type_slug: childSlug,
          block_schema_checksum: childChecksum,
          block_type_name: child === undefined ? null : (str(child.raw.name) ?? null),
          block_schema_id: checksums.get(childChecksum) ?? null,
        });
      }
    }
    const id = `bs-${slug}`;
    const stored: StoredSchema = {
      summary: { id, created, checksum, version, capabilities },
      detail: {
        schema: { id, created, updated: created, checksum, block_type_id: blockType.id, block_type: blockType, capabilities, version },
        fields_json: stringifyJson(schema.fields, 2),
        references,
      },
    };
    schemas.set(slug, [stored]);
    entries.push({ block_type: blockType, capabilities, schema_count: 1, latest_version: version, collection });
    reports.push({ slug, name: blockType.name, outcome: 'created', changed_fields: [], schemas_created: 1, schemas_existing: 0 });
  }

  // A newer AWS Credentials schema: one description changed, one property added (float default).
  const aws = schemas.get('aws-credentials')?.[0];
  if (aws === undefined) throw new Error('aws-credentials missing');
  const fields = parseJson(aws.detail.fields_json);
  if (!isJsonObject(fields) || !isJsonObject(fields.properties)) throw new Error('aws fields');
  const keyId = fields.properties.aws_access_key_id;
  if (isJsonObject(keyId)) keyId.description = 'The AWS access key ID.';
  fields.properties.retries = { title: 'Retries', description: 'How often to retry.', type: 'number', default: new LosslessNumber('1.0') };
  const created = nextTimestamp();
  const newer: StoredSchema = {
    summary: { id: 'bs-aws-credentials-2', created, checksum: 'sha256:2222222222222222222222222222222222222222222222222222222222222222', version: '0.5.0', capabilities: [] },
    detail: {
      schema: { ...aws.detail.schema, id: 'bs-aws-credentials-2', created, updated: created, checksum: 'sha256:2222222222222222222222222222222222222222222222222222222222222222', version: '0.5.0' },
      fields_json: stringifyJson(fields, 2),
      references: [],
    },
  };
  schemas.set('aws-credentials', [newer, aws]);
  const awsEntry = entries.find((entry) => entry.block_type.slug === 'aws-credentials');
  if (awsEntry !== undefined) {
    awsEntry.schema_count = 2;
    awsEntry.latest_version = '0.5.0';
  }

  entries.sort((a, b) => (a.block_type.name < b.block_type.name ? -1 : a.block_type.name > b.block_type.name ? 1 : 0));
  const counts = countBlockTypes(reports);
  const report: RegistrationReport = {
    started_at: '2026-11-24T07:15:00.000000Z',
    duration_ms: 123.4,
    sources: [
      { name: 'system', kind: 'system', status: 'skipped', content_hash: 'abc', duration_ms: 0.4, counts: countBlockTypes([]), block_types: [], errors: [] },
      { name: 'catalogue', kind: 'catalogue', status: 'registered', content_hash: 'def', duration_ms: 120.2, counts, block_types: reports, errors: [] },
    ],
    totals: counts,
  };
  return { entries, schemas, report };
}

export interface FakeApi extends RegistryApi {
  data: FakeData;
  calls: Array<{ channel: Channel; args: unknown }>;
  /** The next call of the channel answers with this error. */
  failNext: (channel: Channel, error: Partial<ApiError> & { message: string }) => void;
  /** The next call of the channel rejects (as a broken bridge would). */
  rejectNext: (channel: Channel, error: Error) => void;
  opened: string[];
}

export function createFakeApi(data: FakeData = catalogueData()): FakeApi {
  const calls: FakeApi['calls'] = [];
  const failures = new Map<Channel, ApiError>();
  const rejections = new Map<Channel, Error>();
  const opened: string[] = [];
  const answer = async <T>(channel: Channel, args: unknown, value: () => T | ApiError): Promise<ApiResponse<T>> => {
    calls.push({ channel, args });
    await Promise.resolve();
    const rejection = rejections.get(channel);
    if (rejection !== undefined) {
      rejections.delete(channel);
      throw rejection;
    }
    const failure = failures.get(channel);
    if (failure !== undefined) {
      failures.delete(channel);
      return { ok: false, error: failure };
    }
    const result = value();
    if (typeof result === 'object' && result !== null && 'code' in result && 'issues' in result) return { ok: false, error: result as ApiError };
    return { ok: true, value: result as T };
  };
  const notFound = (message: string): ApiError => ({ code: 'not_found', message, issues: [] });
  const overview = (): Overview => ({
    block_type_count: data.entries.length,
    block_schema_count: [...data.schemas.values()].reduce((sum, list) => sum + list.length, 0),
    database_path: '/tmp/block-registry.sqlite',
    last_registration: data.report,
    auto_register_folder: '/tmp/block-registry/auto-register',
  });
  const unsupported = async <T>(channel: Channel, args: unknown): Promise<ApiResponse<T>> => {
    calls.push({ channel, args });
    return { ok: false, error: { code: 'internal', message: `${channel} is not part of this test double.`, issues: [] } };
  };
  return {
    data,
    calls,
    opened,
    failNext: (channel, error) => failures.set(channel, { code: error.code ?? 'internal', message: error.message, issues: error.issues ?? [] }),
    rejectNext: (channel, error) => rejections.set(channel, error),
    getOverview: () => answer('getOverview', undefined, overview),
    listBlockTypes: () => answer('listBlockTypes', undefined, () => data.entries),
    getBlockType: (args) =>
      answer('getBlockType', args, () => {
        const entry = data.entries.find((candidate) => candidate.block_type.slug === args.slug);
        if (entry === undefined) return notFound(`No block type with slug '${args.slug}'.`);
        return { entry, schemas: (data.schemas.get(args.slug) ?? []).map((schema) => schema.summary) };
      }),
    getBlockSchema: (args) =>
      answer('getBlockSchema', args, () => {
        for (const list of data.schemas.values()) for (const schema of list) if (schema.detail.schema.id === args.id) return schema.detail;
        return notFound('Block schema not found');
      }),
    getRegistrationReport: () => answer('getRegistrationReport', undefined, () => data.report),
    openExternal: (args) =>
      answer('openExternal', args, () => {
        opened.push(args.url);
        return null;
      }),
    // Import and export are not views of this window yet.
    previewImport: (args) => unsupported('previewImport', args),
    applyImport: (args) => unsupported('applyImport', args),
    cancelImport: (args) => unsupported('cancelImport', args),
    exportBlockTypes: (args) => unsupported('exportBlockTypes', args),
    openAutoRegisterFolder: () => unsupported('openAutoRegisterFolder', undefined),
  };
}
