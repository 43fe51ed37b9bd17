// Prefect's `collection_blocks_data.json`: collections -> block_types -> slug -> entry
// (`prefect/server/models/block_registration.py::_load_collection_blocks_data`).
import { formatJsonPath } from '../errors';
import { entryOf, prefectSlug, quoteValue } from '../issue-detail';
import { isJsonObject, type JsonObject } from '../json';
import type { RegistrationEntry } from './batch';
import { readEntries, type EntryContext } from './entries';

export function looksLikeCatalogue(value: unknown): value is JsonObject {
  return isJsonObject(value) && 'collections' in value;
}

export function readCatalogue(root: JsonObject, context: EntryContext): RegistrationEntry[] {
  const entries: RegistrationEntry[] = [];
  const collections = root.collections;
  if (!isJsonObject(collections)) {
    context.issues.push({ file: context.file, path: 'collections', message: 'must be a JSON object of collections' });
    return entries;
  }
  // This app's own export is Prefect's catalogue with a header: its schemas' extras count.
  const exported = isJsonObject(root.block_registry_export);
  // Each entry's position among all the catalogue's block types, for messages.
  let index = 0;
  for (const [collection, body] of Object.entries(collections)) {
    const blockTypes = isJsonObject(body) ? body.block_types : undefined;
    if (!isJsonObject(blockTypes)) {
      context.issues.push({ file: context.file, path: formatJsonPath(['collections', collection, 'block_types']), message: 'must be a JSON object of block types by slug' });
      continue;
    }
    for (const [slug, value] of Object.entries(blockTypes)) {
      const path = ['collections', collection, 'block_types', slug];
      const entryIndex = index;
      index += 1;
      const read = readEntries(value, path, { ...context, collection, protection: true, exported }, entryIndex);
      const [first] = read;
      if (first === undefined) continue;
      if (first.blockType.slug !== slug) {
        // Prefect registers the entry under its key: the slug must say the same.
        const suggestion = prefectSlug(slug) === slug ? `slug ${quoteValue(slug)}, as its key` : `a slug equal to its key, e.g. key and slug ${quoteValue(first.blockType.slug)}`;
        context.issues.push({
          file: context.file,
          path: formatJsonPath([...path, 'slug']),
          message: `slug '${first.blockType.slug}' differs from its key '${slug}'`,
          entry: entryOf(value, entryIndex),
          value: quoteValue(first.blockType.slug),
          expected: suggestion,
        });
        continue;
      }
      entries.push(...read);
    }
  }
  return entries;
}
