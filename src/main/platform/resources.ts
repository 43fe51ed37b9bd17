// Where the bundled data files are: `resources/` at the project root, found by walking up from
// this module, so that it works from the sources (vitest, tsx), the bundle (out/main) and app.asar.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CATALOGUE_FILE = 'prefect/collection_blocks_data.json';
export const SYSTEM_BLOCKS_FILE = 'prefect/system_blocks.json';

export function findResourcesDir(start: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'resources');
    if (existsSync(join(candidate, CATALOGUE_FILE))) return candidate;
    if (dirname(dir) === dir) throw new Error(`Bundled resources (resources/${CATALOGUE_FILE}) not found above ${start}.`);
  }
}
