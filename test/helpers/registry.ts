// Shared helpers for the integration tests: temporary folders and registry files that are
// cleaned up after each test, JSON builders, block definition fixtures, the bundled catalogue,
// and error capture.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect } from 'vitest';
import type { BlockFileInput } from '../../src/main/block-files/block-file';
import { readBlockFiles } from '../../src/main/block-files/read-block-files';
import { runImport } from '../../src/main/operations/import';
import type { RegistrationEntry } from '../../src/shared/formats';
import type { ImportPreview } from '../../src/shared/import-preview';
import { openDatabase, type Database, type Session } from '../../src/main/db/database';
import { CATALOGUE_FILE, SYSTEM_BLOCKS_FILE, findResourcesDir } from '../../src/main/platform/resources';
import type { BlockTypeInput } from '../../src/shared/blocks';
import { blockSchemaChecksum, definitionsReachableFrom } from '../../src/shared/checksum';
import { RegistryError, type RegistryErrorCode } from '../../src/shared/errors';
import { isJsonObject, parseJson, stringifyJson, type JsonObject, type JsonValue } from '../../src/shared/json';

// ---------------------------------------------------------------------------
// Temporary folders and registries

export interface TempWorkspace {
  /** A new empty folder, removed after the test. */
  dir(): string;
  /** Opens (creating when needed) a registry; it is closed after the test unless closed before. */
  open(path: string): Promise<Database>;
  /** A registry on a new file `block-registry.sqlite` in a new folder. */
  fresh(): Promise<{ dir: string; path: string; registry: Database }>;
}

/**
 * A temporary folder for a whole test file (or describe block, called in it): made at once,
 * removed after its last test. For a folder per test, useTempWorkspace.
 */
export function useTempFolder(name: string): string {
  const folder = mkdtempSync(join(tmpdir(), `block-registry-${name}-`));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** A dry run of files given as bytes, without Python, as the window's preview makes it: the preview, and the entries read. */
export async function previewImport(database: Database, files: readonly BlockFileInput[]): Promise<{ preview: ImportPreview; entries: RegistrationEntry[] }> {
  const { preview, entries } = await runImport(database, await readBlockFiles(files), { mode: 'dry-run', withFields: true });
  return { preview, entries };
}

/** Call at the top level of a test file: registers an afterEach that closes registries and removes folders. */
export function useTempWorkspace(): TempWorkspace {
  const dirs: string[] = [];
  const open: Database[] = [];
  afterEach(async () => {
    for (const registry of open.splice(0)) {
      try {
        await registry.close();
      } catch {
        // already closed by the test
      }
    }
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const workspace: TempWorkspace = {
    dir() {
      const dir = mkdtempSync(join(tmpdir(), 'block-registry-'));
      dirs.push(dir);
      return dir;
    },
    async open(path: string) {
      const registry = await openDatabase(path);
      open.push(registry);
      return registry;
    },
    async fresh() {
      const dir = workspace.dir();
      const path = join(dir, 'block-registry.sqlite');
      return { dir, path, registry: await workspace.open(path) };
    },
  };
  return workspace;
}

// ---------------------------------------------------------------------------
// JSON

/** Parses JSON text that must be an object. */
/** A block definition file with this text, as a drop or a read from disk gives it (UTF-8 bytes). */
export function textFile(name: string, text: string): BlockFileInput {
  return { name, bytes: new TextEncoder().encode(text) };
}

export function json(text: string): JsonObject {
  return asObject(parseJson(text));
}

export function asObject(value: JsonValue | undefined): JsonObject {
  if (!isJsonObject(value)) throw new Error(`expected a JSON object, got ${value === undefined ? 'undefined' : stringifyJson(value)}`);
  return value;
}

export function asString(value: JsonValue | undefined): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${value === undefined ? 'undefined' : stringifyJson(value)}`);
  return value;
}

/** Deep copy through lossless JSON text. */
export function clone(value: JsonObject): JsonObject {
  return json(stringifyJson(value));
}

/**
 * The checksum a client (pydantic + Prefect) records for a nested child block: its definition
 * plus every definition reachable from it (pydantic's `definitions`, as `Block.model_json_schema` emits them), `definitions` left out when none are.
 */
export function clientChildChecksum(childDefinition: JsonObject, parentDefinitions: JsonObject): string {
  const reachable = definitionsReachableFrom(childDefinition, parentDefinitions);
  const fields: JsonObject = { ...childDefinition };
  delete fields.definitions;
  if (Object.keys(reachable).length > 0) fields.definitions = reachable;
  return blockSchemaChecksum(fields);
}

// ---------------------------------------------------------------------------
// Block definition fixtures

/** Schema fields of a small block: one required string property `x`, no secrets, no references; `extra` last. */
export function fieldsFor(title: string, slug: string, extra: JsonObject = {}): JsonObject {
  return {
    ...json(`{"title": "${title}", "type": "object", "properties": {"x": {"title": "X", "type": "string"}}, "required": ["x"]}`),
    block_type_slug: slug,
    secret_fields: [],
    block_schema_references: {},
    ...extra,
  };
}

export interface BlockEntryOptions {
  /** Default: `fieldsFor` of the name without its non-word characters. */
  fields?: JsonObject;
  /** Default '1.0.0'. */
  version?: string;
  /** Default none. */
  capabilities?: string[];
  /** Default `The <name> block.` */
  description?: string;
}

/** A catalogue-style entry: a block type (no logo, documentation or code example) with its block_schema, recorded checksum included. */
export function blockEntry(name: string, slug: string, options: BlockEntryOptions = {}): JsonObject {
  const fields = options.fields ?? fieldsFor(name.replace(/\W/g, ''), slug);
  return {
    name,
    slug,
    logo_url: null,
    documentation_url: null,
    description: options.description ?? `The ${name} block.`,
    code_example: null,
    block_schema: { checksum: blockSchemaChecksum(fields), fields, capabilities: options.capabilities ?? [], version: options.version ?? '1.0.0' },
  };
}

// ---------------------------------------------------------------------------
// Block types

export function typeInput(name: string, slug: string, overrides: Partial<BlockTypeInput> = {}): BlockTypeInput {
  return {
    name,
    slug,
    logo_url: null,
    documentation_url: null,
    description: null,
    code_example: null,
    is_protected: false,
    ...overrides,
  };
}

export async function countRows(db: Session, table: 'block_type' | 'block_schema' | 'block_schema_reference' | 'registration_source'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------------------
// Bundled resources

export const RESOURCES_DIR = findResourcesDir();
export const CATALOGUE_PATH = join(RESOURCES_DIR, CATALOGUE_FILE);
export const SYSTEM_BLOCKS_PATH = join(RESOURCES_DIR, SYSTEM_BLOCKS_FILE);
export { CATALOGUE_FILE, SYSTEM_BLOCKS_FILE };

export interface CatalogueEntry {
  collection: string;
  slug: string;
  blockType: JsonObject;
  checksum: string;
  fields: JsonObject;
  capabilities: string[];
  version: string;
}

export function readCatalogueText(): string {
  return readFileSync(CATALOGUE_PATH, 'utf8');
}

export function loadCatalogue(): CatalogueEntry[] {
  const root = json(readCatalogueText());
  const entries: CatalogueEntry[] = [];
  for (const [collection, body] of Object.entries(asObject(root.collections))) {
    for (const [slug, blockType] of Object.entries(asObject(asObject(body).block_types))) {
      const schema = asObject(asObject(blockType).block_schema);
      const capabilities = schema.capabilities;
      if (!Array.isArray(capabilities)) throw new Error(`${slug}: capabilities is not a list`);
      entries.push({
        collection,
        slug,
        blockType: asObject(blockType),
        checksum: asString(schema.checksum),
        fields: asObject(schema.fields),
        capabilities: capabilities.map(asString),
        version: asString(schema.version),
      });
    }
  }
  return entries;
}

/** Every (parent slug, property name, referenced slug, referenced checksum) of the catalogue. */
export function catalogueReferences(entries: CatalogueEntry[]): Array<{ parent: string; name: string; slug: string; checksum: string }> {
  const out: Array<{ parent: string; name: string; slug: string; checksum: string }> = [];
  for (const entry of entries) {
    const references = entry.fields.block_schema_references;
    if (!isJsonObject(references)) continue;
    for (const [name, value] of Object.entries(references)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        const reference = asObject(item);
        out.push({ parent: entry.slug, name, slug: asString(reference.block_type_slug), checksum: asString(reference.block_schema_checksum) });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Errors

/** Checks that `thrown` (what `work` threw, undefined when nothing) is a RegistryError, with `code` when given. */
function expectRegistryError(thrown: unknown, code: RegistryErrorCode | undefined): RegistryError {
  if (thrown === undefined) throw new Error('expected a RegistryError, but nothing was thrown');
  expect(thrown).toBeInstanceOf(RegistryError);
  const error = thrown as RegistryError;
  if (code !== undefined) expect(error.code).toBe(code);
  return error;
}

/** Runs `work` and returns the RegistryError it throws; fails the test otherwise. */
export async function registryError(work: () => unknown, code?: RegistryErrorCode): Promise<RegistryError> {
  let thrown: unknown;
  try {
    await work();
  } catch (error) {
    thrown = error;
  }
  return expectRegistryError(thrown, code);
}

/** Like registryError for synchronous work. */
export function registryErrorSync(work: () => unknown, code?: RegistryErrorCode): RegistryError {
  let thrown: unknown;
  try {
    work();
  } catch (error) {
    thrown = error;
  }
  return expectRegistryError(thrown, code);
}
