// Export in Prefect's catalogue format, grouped by collection: Prefect reads it as it reads its
// own catalogue (`block_schema`, the newest version), and this app reads every version back
// from `block_schemas`, so export then import is a lossless round trip.
import type { BlockSchema } from '../../shared/blocks';
import { errorMessage, RegistryError } from '../../shared/errors';
import { stringifyJson, type JsonObject } from '../../shared/json';
import { writeFileAtomic } from '../db/atomic-file';
import type { RegistryDb } from '../db/database';
import { readBlockSchemas } from '../registry/block-schemas';
import { referenceEntries } from '../registry/nested-blocks';
import { readCatalogue } from '../registry/catalogue';

export const EXPORT_FORMAT_VERSION = 1;

export interface ExportOptions {
  /** Only these block types (and the types their schemas nest); all when absent or empty. */
  slugs?: string[];
}

export interface ExportResult {
  text: string;
  block_types: number;
  block_schemas: number;
}

export async function exportCatalogue(db: RegistryDb, options: ExportOptions = {}): Promise<ExportResult> {
  const catalogue = await readCatalogue(db);
  const bySlug = new Map(catalogue.map((entry) => [entry.block_type.slug, entry]));
  const schemas = await readBlockSchemas(db);
  const schemasByType = new Map<string, BlockSchema[]>();
  for (const schema of [...schemas].reverse()) {
    // readBlockSchemas is newest first; an export lists versions oldest first.
    const list = schemasByType.get(schema.block_type.slug) ?? [];
    list.push(schema);
    schemasByType.set(schema.block_type.slug, list);
  }

  const wanted = new Set<string>();
  const include = (slug: string): void => {
    if (wanted.has(slug) || !bySlug.has(slug)) return;
    wanted.add(slug);
    // Nested block types come along: without them the schemas could not be registered.
    for (const schema of schemasByType.get(slug) ?? []) {
      for (const [, reference] of referenceEntries(schema.fields.block_schema_references ?? {})) include(reference.block_type_slug);
    }
  };
  const requested = options.slugs !== undefined && options.slugs.length > 0 ? options.slugs : [...bySlug.keys()];
  const unknown = requested.filter((slug) => !bySlug.has(slug));
  if (unknown.length > 0) throw new RegistryError('not_found', `No block type with slug ${unknown.map((slug) => `'${slug}'`).join(', ')}.`);
  requested.forEach(include);

  // A Map, not an object: a collection may be named `constructor` or `__proto__`.
  const collections = new Map<string, Map<string, JsonObject>>();
  let schemaCount = 0;
  for (const entry of catalogue) {
    const type = entry.block_type;
    if (!wanted.has(type.slug)) continue;
    const versions = (schemasByType.get(type.slug) ?? []).map((schema) => ({
      checksum: schema.checksum,
      fields: schema.fields,
      capabilities: schema.capabilities,
      version: schema.version,
    }));
    schemaCount += versions.length;
    const blockTypes = collections.get(entry.collection) ?? new Map<string, JsonObject>();
    collections.set(entry.collection, blockTypes);
    blockTypes.set(type.slug, {
      name: type.name,
      slug: type.slug,
      logo_url: type.logo_url,
      documentation_url: type.documentation_url,
      description: type.description,
      code_example: type.code_example,
      ...(versions.length > 0 ? { block_schema: versions[versions.length - 1] as JsonObject } : {}),
      block_schemas: versions,
    });
  }
  const document = {
    block_registry_export: { format_version: EXPORT_FORMAT_VERSION, block_types: wanted.size, block_schemas: schemaCount },
    // Object.fromEntries defines own properties: `__proto__` stays an ordinary key.
    collections: Object.fromEntries([...collections].map(([name, blockTypes]) => [name, { block_types: Object.fromEntries(blockTypes) }])),
  };
  return { text: `${stringifyJson(document as unknown as JsonObject, 2)}\n`, block_types: wanted.size, block_schemas: schemaCount };
}

/** Writes an export where the person chose, atomically: a failed write leaves no half file. */
export function saveExport(path: string, exported: ExportResult): void {
  try {
    writeFileAtomic(path, new TextEncoder().encode(exported.text));
  } catch (error) {
    throw new RegistryError('save_failed', `Could not write ${path}: ${errorMessage(error)}`);
  }
}
