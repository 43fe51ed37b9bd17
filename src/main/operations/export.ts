// Export in Prefect's catalogue format, grouped by collection: Prefect reads it as it reads its
// own catalogue (`block_schema`, the newest version; `is_protected`), and this app reads the older
// versions back from `block_schema_history`, so export then import recreates the database
// (docs/decisions/checksum-identity.md): every schema as its client registered it, every
// definition included, under its checksum; the nested schemas it links where they differ from
// those its fields record; a server's read-back that could not be restored marked as such.
import { blockTypeMetadata, type BlockSchema } from '../../shared/blocks';
import type { CatalogueEntry } from '../../shared/contract';
import { errorMessage, RegistryError } from '../../shared/errors';
import { jsonEqual, stringifyJson, type JsonObject } from '../../shared/json';
import { blockSchemaChecksum } from '../registry/checksum';
import { MAX_FILE_BYTES } from '../../shared/limits';
import { writeFileAtomic } from '../platform/atomic-file';
import type { Session } from '../db/database';
import { readClientFields } from '../registry/block-schemas';
import { readCatalogue } from '../registry/catalogue';
import { readSchemasByType, selectWithNested } from '../registry/block-selection';

/** 2: `block_schema_history`, `is_protected`, and each schema's client fields, `references` and `read_back`. */
const EXPORT_FORMAT_VERSION = 2;

export interface ExportOptions {
  /** Only these block types (and the types their schemas nest); all when absent or empty. */
  slugs?: string[];
}

export interface ExportResult {
  text: string;
  block_types: number;
  block_schemas: number;
  /** The types taken along because a chosen one nests them, by name (none when all are exported). */
  nested_block_types: Array<{ slug: string; name: string }>;
}

export async function exportCatalogue(db: Session, options: ExportOptions = {}): Promise<ExportResult> {
  const catalogue = await readCatalogue(db);
  // An export lists versions oldest first.
  const schemasByType = await readSchemasByType(db);
  const wanted = selectTypes(new Set(catalogue.map((entry) => entry.block_type.slug)), schemasByType, options.slugs ?? []);
  const { collections, schemaCount } = await groupByCollection(
    db,
    catalogue.filter((entry) => wanted.has(entry.block_type.slug)),
    schemasByType,
  );
  const document = {
    block_registry_export: { format_version: EXPORT_FORMAT_VERSION, block_types: wanted.size, block_schemas: schemaCount },
    // Object.fromEntries defines own properties: `__proto__` stays an ordinary key.
    collections: Object.fromEntries([...collections].map(([name, blockTypes]) => [name, { block_types: Object.fromEntries(blockTypes) }])),
  };
  const chosen = new Set(options.slugs ?? []);
  const nested = chosen.size === 0 ? [] : catalogue.filter((entry) => wanted.has(entry.block_type.slug) && !chosen.has(entry.block_type.slug));
  return {
    text: fittingText(document as unknown as JsonObject),
    block_types: wanted.size,
    block_schemas: schemaCount,
    nested_block_types: nested.map((entry) => ({ slug: entry.block_type.slug, name: entry.block_type.name })).sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug)),
  };
}

/** The requested types (all when none) and, transitively, the types their schemas nest. */
function selectTypes(known: Set<string>, schemasByType: Map<string, BlockSchema[]>, slugs: string[]): Set<string> {
  const unknown = slugs.filter((slug) => !known.has(slug));
  if (unknown.length > 0) throw new RegistryError('not_found', `No block type with slug ${unknown.map((slug) => `'${slug}'`).join(', ')}.`);
  return selectWithNested(known, schemasByType, slugs);
}

/** Catalogue entries by collection, each with every schema version (`block_schema` the newest, as Prefect reads it). */
async function groupByCollection(
  db: Session,
  entries: CatalogueEntry[],
  schemasByType: Map<string, BlockSchema[]>,
): Promise<{ collections: Map<string, Map<string, JsonObject>>; schemaCount: number }> {
  // A Map, not an object: a collection may be named `constructor` or `__proto__`.
  const collections = new Map<string, Map<string, JsonObject>>();
  const exported = entries.flatMap((entry) => schemasByType.get(entry.block_type.slug) ?? []);
  const clientFields = await readClientFields(
    db,
    exported.map((schema) => schema.id),
  );
  for (const entry of entries) {
    const type = entry.block_type;
    const versions = (schemasByType.get(type.slug) ?? []).map((schema) => exportedSchema(schema, clientFields.get(schema.id)));
    const blockTypes = collections.get(entry.collection) ?? new Map<string, JsonObject>();
    collections.set(entry.collection, blockTypes);
    const newest = versions.at(-1);
    blockTypes.set(type.slug, {
      ...blockTypeMetadata(type),
      is_protected: type.is_protected,
      ...(newest === undefined ? {} : { block_schema: newest }),
      // Each schema once: the older versions, oldest first, before the newest above.
      block_schema_history: versions.slice(0, -1),
    });
  }
  return { collections, schemaCount: exported.length };
}

/**
 * One schema as its client registered it. Beside Prefect's keys: `references`, the nested schemas
 * it links when they differ from those its fields record (a server links a parent to a child it
 * created itself), and `read_back: "lossy"` for fields that do not reproduce the checksum (a
 * server's read-back that could not be restored, or a schema stored before client fields were
 * kept), which an import then keeps under this checksum.
 */
function exportedSchema(schema: BlockSchema, client: JsonObject | undefined): JsonObject {
  const fields = client ?? schema.fields;
  const exported: JsonObject = { checksum: schema.checksum, fields, capabilities: schema.capabilities, version: schema.version };
  const linked = schema.fields.block_schema_references ?? {};
  if (!jsonEqual(linked, fields.block_schema_references ?? {})) exported.references = linked;
  if (client === undefined && blockSchemaChecksum(fields) !== schema.checksum) exported.read_back = 'lossy';
  return exported;
}

/**
 * The export as text an import accepts: indented for people, compact when the indentation alone
 * would put it over the size limit, refused when even that is too large (export fewer types).
 */
function fittingText(document: JsonObject): string {
  const pretty = `${stringifyJson(document, 2)}\n`;
  if (utf8Length(pretty) <= MAX_FILE_BYTES) return pretty;
  const compact = `${stringifyJson(document)}\n`;
  const size = utf8Length(compact);
  if (size <= MAX_FILE_BYTES) return compact;
  throw new RegistryError('invalid_input', `The export would be ${size} bytes, over the ${MAX_FILE_BYTES / 1024 / 1024} MB an import reads, so it could not be read back: export fewer block types.`);
}

function utf8Length(text: string): number {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most exports need no encoding to be measured.
  return text.length * 3 <= MAX_FILE_BYTES ? text.length : new TextEncoder().encode(text).length;
}

/** Writes an export where the person chose, atomically: a failed write leaves no half file. */
export function saveExport(path: string, exported: ExportResult): void {
  try {
    writeFileAtomic(path, new TextEncoder().encode(exported.text));
  } catch (error) {
    if (error instanceof RegistryError) throw error;
    throw new RegistryError('save_failed', `Could not write ${path}: ${errorMessage(error)}`);
  }
}
