// The three sources Prefect registers at start-up, in its order: the protected system blocks,
// the other built-in blocks, then the collections catalogue
// (`prefect/server/models/block_registration.py::run_block_auto_registration`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryError, type RegistryIssue } from '../../shared/errors';
import { decodeBlockFile, type RegistrationBatch, type RegistrationEntry } from '../../shared/formats';
import { readEntryList } from '../../shared/formats/entries';
import { isJsonObject, parseJson } from '../../shared/json';
import { parseBlockFile } from '../block-files/read-block-files';
import { fileStamp } from '../platform/file-stamp';
import type { RegistrationSource } from './source';
import { CATALOGUE_FILE, SYSTEM_BLOCKS_FILE } from '../platform/resources';

export function bundledSources(resourcesDir: string): RegistrationSource[] {
  const systemFile = join(resourcesDir, SYSTEM_BLOCKS_FILE);
  const catalogueFile = join(resourcesDir, CATALOGUE_FILE);
  // The system and built-in sources are two parts of one file: one read function, so that a
  // launch reads it once (auto-register shares reads of one function), and parsed once for
  // both: kept by the bytes read, so only for as long as that launch holds them.
  const readSystem = (): Uint8Array => readFileSync(systemFile);
  const systemStamp = (): string | null => fileStamp(systemFile);
  const parsed = new WeakMap<Uint8Array, SystemBlocks>();
  const systemBlocks = (bytes: Uint8Array): SystemBlocks => {
    let blocks = parsed.get(bytes);
    if (blocks === undefined) {
      blocks = readSystemBlocks(SYSTEM_BLOCKS_FILE, decodeBlockFile(SYSTEM_BLOCKS_FILE, bytes));
      parsed.set(bytes, blocks);
    }
    return blocks;
  };
  return [
    { name: 'system', kind: 'system', mode: 'protected', readContent: readSystem, stamp: systemStamp, parse: async (bytes) => systemBlocksPart(systemBlocks(bytes), 'protected') },
    { name: 'built-in', kind: 'built-in', mode: 'registry', readContent: readSystem, stamp: systemStamp, parse: async (bytes) => systemBlocksPart(systemBlocks(bytes), 'others') },
    {
      name: 'catalogue',
      kind: 'catalogue',
      mode: 'catalogue',
      readContent: () => readFileSync(catalogueFile),
      stamp: () => fileStamp(catalogueFile),
      parse: (bytes) => parseBlockFile({ name: CATALOGUE_FILE, bytes }),
    },
  ];
}

/** `system_blocks.json`, read and validated: every entry, and the slugs Prefect installs as protected, in that order. */
interface SystemBlocks {
  entries: RegistrationEntry[];
  protectedOrder: string[];
}

/**
 * `system_blocks.json`: `block_types` (entries with their `block_schema`) and
 * `protected_install_order` (the slugs Prefect installs as protected, in that order).
 */
function readSystemBlocks(file: string, text: string): SystemBlocks {
  const root = parseJson(text);
  const issues: RegistryIssue[] = [];
  if (!isJsonObject(root) || !Array.isArray(root.block_types) || !Array.isArray(root.protected_install_order)) {
    throw new RegistryError('invalid_input', `${file}: expected "block_types" and "protected_install_order" lists.`);
  }
  const entries = readEntryList(root.block_types, ['block_types'], { file, collection: 'prefect', issues });
  if (issues.length > 0) throw new RegistryError('invalid_input', `${file}: ${issues.length} problems.`, issues);
  const protectedOrder = root.protected_install_order.filter((slug): slug is string => typeof slug === 'string');
  return { entries, protectedOrder };
}

function systemBlocksPart({ entries, protectedOrder }: SystemBlocks, part: 'protected' | 'others'): RegistrationBatch {
  if (part === 'others') return { entries: entries.filter((entry) => !protectedOrder.includes(entry.blockType.slug)) };
  return {
    entries: protectedOrder.flatMap((slug) => {
      const entry = entries.find((candidate) => candidate.blockType.slug === slug);
      return entry === undefined ? [] : [{ ...entry, blockType: { ...entry.blockType, is_protected: true } }];
    }),
  };
}
