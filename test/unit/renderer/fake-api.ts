// A test double of `window.api` (RegistryApi) over in-memory data built from the real bundled
// catalogue. The real handlers are covered by the integration tests; here the window is tested.
// Read through Vite (`?raw`), not node:fs: this double runs with the renderer, which has no Node.
import catalogueText from '../../../resources/prefect/collection_blocks_data.json?raw';
import { UPDATABLE_BLOCK_TYPE_FIELDS } from '../../../src/shared/blocks';
import { blockSchemaChecksum } from '../../../src/shared/checksum';
import type { ApiError, ApiResponse, BlockSchemaDetail, BlockSchemaSummary, CatalogueEntry, Channel, ExportOutcome, ImportFile, Overview, RegistryApi, ResolvedReference } from '../../../src/shared/contract';
import { appendJsonPath, RegistryError, type RegistryIssue } from '../../../src/shared/errors';
import { decodeBlockFile, FORMAT_LABELS, parseBlockDefinitions, type RegistrationEntry } from '../../../src/shared/formats';
import type { ImportPreview, PreviewBlockType, PreviewFile, PreviewWarning } from '../../../src/shared/import-preview';
import { getOwn, isJsonObject, LosslessNumber, parseJson, stringifyJson, type JsonObject } from '../../../src/shared/json';
import { countBlockTypes, type BlockTypeReport, type RegistrationReport } from '../../../src/shared/report';

export interface CatalogueType {
  collection: string;
  slug: string;
  raw: JsonObject;
}

/** The bundled catalogue's block types, in file order. */
export function readCatalogueTypes(): CatalogueType[] {
  const root = parseJson(catalogueText);
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
  /** The save dialog: the path chosen for the suggested file name, or null (cancelled). */
  saveDialog: (suggestedName: string) => string | null;
  /** Folders opened in the file manager. */
  openedFolders: string[];
  /** Previews main would keep for applyImport (those without errors). */
  pendingPreviews: Map<string, RegistrationEntry[]>;
}

export const AUTO_REGISTER_FOLDER = '/tmp/block-registry/auto-register';

function referencesOf(fields: JsonObject): Array<{ property: string; block_type_slug: string; block_schema_checksum: string }> {
  const refs = getOwn(fields, 'block_schema_references');
  if (!isJsonObject(refs)) return [];
  const list: Array<{ property: string; block_type_slug: string; block_schema_checksum: string }> = [];
  for (const [property, ref] of Object.entries(refs)) {
    for (const item of Array.isArray(ref) ? ref : [ref]) {
      if (isJsonObject(item) && typeof item.block_type_slug === 'string' && typeof item.block_schema_checksum === 'string') {
        list.push({ property, block_type_slug: item.block_type_slug, block_schema_checksum: item.block_schema_checksum });
      }
    }
  }
  return list;
}

function storedSchemaWith(data: FakeData, checksum: string, version?: string): StoredSchema | undefined {
  for (const list of data.schemas.values()) for (const schema of list) if (schema.summary.checksum === checksum && (version === undefined || schema.summary.version === version)) return schema;
  return undefined;
}

/** What main's previewImport computes, on the in-memory data (no nested-definition rebuilding). */
export function fakePreview(data: FakeData, files: readonly ImportFile[]): { preview: ImportPreview; entries: RegistrationEntry[] } {
  const errors: RegistryIssue[] = [];
  const previewFiles: PreviewFile[] = [];
  const entries: RegistrationEntry[] = [];
  for (const file of files) {
    try {
      const parsed = parseBlockDefinitions(file.name, decodeBlockFile(file.name, file.bytes));
      entries.push(...parsed.entries);
      previewFiles.push({ name: file.name, format: parsed.format, format_label: FORMAT_LABELS[parsed.format], block_types: new Set(parsed.entries.map((entry) => entry.path)).size });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      errors.push(...(error.issues.length > 0 ? error.issues : [{ file: file.name, message: error.message }]));
      previewFiles.push({ name: file.name, format: null, format_label: null, block_types: 0 });
    }
  }
  const batchChecksums = new Set(entries.flatMap((entry) => (entry.blockSchema === null ? [] : [blockSchemaChecksum(entry.blockSchema.fields)])));
  const groups = new Map<string, PreviewBlockType>();
  const warnings: PreviewWarning[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const { blockType } = entry;
    const stored = data.entries.find((candidate) => candidate.block_type.slug === blockType.slug)?.block_type;
    let group = groups.get(blockType.slug);
    if (group === undefined) {
      const changes =
        stored === undefined ? [] : UPDATABLE_BLOCK_TYPE_FIELDS.filter((field) => stored[field] !== blockType[field]).map((field) => ({ field, before: stored[field], after: blockType[field] }));
      group = {
        slug: blockType.slug,
        name: blockType.name,
        collection: entry.collection,
        file: entry.file,
        path: entry.path,
        outcome: stored === undefined ? 'new' : changes.length > 0 ? 'update' : 'unchanged',
        changes,
        schemas: [],
        references: [],
      };
      groups.set(blockType.slug, group);
      if (stored !== undefined && stored.name !== blockType.name) {
        warnings.push({ kind: 'name-differs', file: entry.file, path: appendJsonPath(entry.path, 'name'), message: `name '${blockType.name}' differs from the stored '${stored.name}' for slug '${blockType.slug}'; the stored name is kept.` });
      }
    }
    if (entry.blockSchema === null) continue;
    const checksum = blockSchemaChecksum(entry.blockSchema.fields);
    const recorded = entry.blockSchema.checksum;
    if (recorded !== null && recorded !== checksum) {
      warnings.push({
        kind: 'checksum-mismatch',
        file: entry.file,
        path: appendJsonPath(entry.schemaPath ?? entry.path, 'checksum'),
        message: `the recorded checksum ${recorded} does not match the fields (${checksum}): the file was edited by hand. The computed checksum will be stored.`,
      });
    }
    const key = `${checksum} ${entry.blockSchema.version}`;
    const registered = seen.has(key) || storedSchemaWith(data, checksum, entry.blockSchema.version) !== undefined;
    seen.add(key);
    group.schemas.push({ version: entry.blockSchema.version, checksum, recorded_checksum: recorded, capabilities: entry.blockSchema.capabilities, outcome: registered ? 'registered' : 'new' });
    for (const reference of referencesOf(entry.blockSchema.fields)) {
      const resolution = storedSchemaWith(data, reference.block_schema_checksum) !== undefined ? 'registered' : batchChecksums.has(reference.block_schema_checksum) ? 'in-import' : 'unresolved';
      group.references.push({ ...reference, resolution });
      if (resolution === 'unresolved') {
        errors.push({ file: entry.file, path: appendJsonPath(entry.schemaPath ?? entry.path, 'fields', 'block_schema_references', reference.property), message: `no block schema with checksum ${reference.block_schema_checksum} is registered or in this import.` });
      }
    }
  }
  const types = [...groups.values()];
  const schemas = types.flatMap((type) => type.schemas);
  return {
    entries,
    preview: {
      id: crypto.randomUUID(),
      files: previewFiles,
      block_types: types,
      warnings,
      errors,
      counts: {
        new: types.filter((type) => type.outcome === 'new').length,
        update: types.filter((type) => type.outcome === 'update').length,
        unchanged: types.filter((type) => type.outcome === 'unchanged').length,
        schemas_new: schemas.filter((schema) => schema.outcome === 'new').length,
        schemas_registered: schemas.filter((schema) => schema.outcome === 'registered').length,
      },
    },
  };
}

/** What main's applyImport does, on the in-memory data. */
export function fakeApply(data: FakeData, entries: readonly RegistrationEntry[]): RegistrationReport {
  const reports = new Map<string, BlockTypeReport>();
  for (const entry of entries) {
    const { blockType } = entry;
    let catalogueEntry = data.entries.find((candidate) => candidate.block_type.slug === blockType.slug);
    let report = reports.get(blockType.slug);
    const created = nextTimestamp();
    if (catalogueEntry === undefined) {
      catalogueEntry = {
        block_type: { ...blockType, id: `bt-${blockType.slug}`, created, updated: created, is_protected: false },
        capabilities: [],
        schema_count: 0,
        latest_version: null,
        collection: entry.collection ?? 'imported',
      };
      data.entries.push(catalogueEntry);
      data.entries.sort((a, b) => (a.block_type.name < b.block_type.name ? -1 : a.block_type.name > b.block_type.name ? 1 : 0));
      report ??= { slug: blockType.slug, name: blockType.name, outcome: 'created', changed_fields: [], schemas_created: 0, schemas_existing: 0 };
    } else {
      const stored = catalogueEntry.block_type;
      const changed = UPDATABLE_BLOCK_TYPE_FIELDS.filter((field) => stored[field] !== blockType[field]);
      if (changed.length > 0) catalogueEntry.block_type = { ...stored, ...Object.fromEntries(changed.map((field) => [field, blockType[field]])), updated: created };
      report ??= { slug: blockType.slug, name: stored.name, outcome: changed.length > 0 ? 'updated' : 'unchanged', changed_fields: changed, schemas_created: 0, schemas_existing: 0 };
      if (changed.length > 0 && report.outcome === 'unchanged') report.outcome = 'updated';
    }
    reports.set(blockType.slug, report);
    if (entry.blockSchema === null) continue;
    const checksum = blockSchemaChecksum(entry.blockSchema.fields);
    if (storedSchemaWith(data, checksum, entry.blockSchema.version) !== undefined) {
      report.schemas_existing += 1;
      continue;
    }
    const list = data.schemas.get(blockType.slug) ?? [];
    const id = `bs-${blockType.slug}-${list.length + 1}`;
    const capabilities = [...entry.blockSchema.capabilities].sort();
    const references: ResolvedReference[] = referencesOf(entry.blockSchema.fields).map((reference) => ({
      ...reference,
      block_type_name: data.entries.find((candidate) => candidate.block_type.slug === reference.block_type_slug)?.block_type.name ?? null,
      block_schema_id: storedSchemaWith(data, reference.block_schema_checksum)?.summary.id ?? null,
    }));
    list.unshift({
      summary: { id, created, checksum, version: entry.blockSchema.version, capabilities },
      detail: {
        schema: { id, created, updated: created, checksum, block_type_id: catalogueEntry.block_type.id, block_type: catalogueEntry.block_type, capabilities, version: entry.blockSchema.version },
        fields_json: stringifyJson(entry.blockSchema.fields, 2),
        references,
      },
    });
    data.schemas.set(blockType.slug, list);
    catalogueEntry.schema_count = list.length;
    catalogueEntry.latest_version = entry.blockSchema.version;
    catalogueEntry.capabilities = [...new Set([...catalogueEntry.capabilities, ...capabilities])].sort();
    report.schemas_created += 1;
  }
  const blockTypes = [...reports.values()];
  const counts = countBlockTypes(blockTypes);
  const name = [...new Set(entries.map((entry) => entry.file))].join(', ');
  return {
    started_at: '2026-11-24T08:00:00.000000Z',
    duration_ms: 42,
    sources: [{ name, kind: 'import', status: 'registered', content_hash: null, duration_ms: 42, counts, block_types: blockTypes, errors: [] }],
    totals: counts,
  };
}

/** What main's export writes, counted: the types asked for (all when none) and the types they nest. */
export function fakeExportCounts(data: FakeData, slugs: readonly string[]): { block_types: number; block_schemas: number } | ApiError {
  const known = new Set(data.entries.map((entry) => entry.block_type.slug));
  const unknown = slugs.filter((slug) => !known.has(slug));
  if (unknown.length > 0) return { code: 'not_found', message: `No block type with slug ${unknown.map((slug) => `'${slug}'`).join(', ')}.`, issues: [] };
  const wanted = new Set<string>();
  const include = (slug: string): void => {
    if (wanted.has(slug) || !known.has(slug)) return;
    wanted.add(slug);
    for (const schema of data.schemas.get(slug) ?? []) for (const reference of schema.detail.references) include(reference.block_type_slug);
  };
  (slugs.length > 0 ? slugs : [...known]).forEach(include);
  return { block_types: wanted.size, block_schemas: [...wanted].reduce((sum, slug) => sum + (data.schemas.get(slug)?.length ?? 0), 0) };
}

export function createFakeApi(data: FakeData = catalogueData()): FakeApi {
  const calls: FakeApi['calls'] = [];
  const failures = new Map<Channel, ApiError>();
  const rejections = new Map<Channel, Error>();
  const opened: string[] = [];
  const openedFolders: string[] = [];
  const pendingPreviews = new Map<string, RegistrationEntry[]>();
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
    auto_register_folder: AUTO_REGISTER_FOLDER,
  });
  const api: FakeApi = {
    data,
    calls,
    opened,
    openedFolders,
    pendingPreviews,
    saveDialog: (suggestedName) => `/home/me/Documents/${suggestedName}`,
    failNext: (channel, error) => failures.set(channel, { code: error.code ?? 'internal', message: error.message, issues: error.issues ?? [] }),
    rejectNext: (channel, error) => rejections.set(channel, error),
    getOverview: () => answer('getOverview', undefined, overview),
    // A copy, as one crossing IPC would be.
    listBlockTypes: () => answer('listBlockTypes', undefined, () => [...data.entries]),
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
    previewImport: (args) =>
      answer('previewImport', args, () => {
        const { preview, entries } = fakePreview(data, args.files);
        if (preview.errors.length === 0) pendingPreviews.set(preview.id, entries);
        return preview;
      }),
    applyImport: (args) =>
      answer('applyImport', args, () => {
        const entries = pendingPreviews.get(args.preview_id);
        if (entries === undefined) return notFound('This import preview is no longer available (already registered or cancelled). Drop the files again.');
        pendingPreviews.delete(args.preview_id);
        return fakeApply(data, entries);
      }),
    cancelImport: (args) =>
      answer('cancelImport', args, () => {
        pendingPreviews.delete(args.preview_id);
        return null;
      }),
    exportBlockTypes: (args) =>
      answer('exportBlockTypes', args, (): ExportOutcome | ApiError => {
        const counts = fakeExportCounts(data, args.slugs);
        if ('code' in counts) return counts;
        return { path: api.saveDialog(args.slugs.length === 1 ? `${args.slugs[0] ?? ''}.json` : 'block-registry-export.json'), ...counts };
      }),
    openAutoRegisterFolder: () =>
      answer('openAutoRegisterFolder', undefined, () => {
        openedFolders.push(AUTO_REGISTER_FOLDER);
        return { path: AUTO_REGISTER_FOLDER };
      }),
  };
  return api;
}
