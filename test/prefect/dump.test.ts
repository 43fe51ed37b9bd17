// The shipped resources/prefect/ files are what the pinned Prefect dumps: re-run the
// dump and compare byte for byte, so raising the pin shows exactly what changed. Regenerate with
// `npm run prefect:dump`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCES_DIR, useTempFolder } from '../helpers/registry';
import { DUMP_SCRIPT, runPython } from './python';

const folder = useTempFolder('prefect-dump');

const shippedSystem = readFileSync(join(RESOURCES_DIR, 'prefect', 'system_blocks.json'), 'utf8');
// The date is provenance, not content: the dump is asked to write the shipped one.
const shippedDate = (JSON.parse(shippedSystem) as { generated_on: string }).generated_on;

describe('resources/prefect/ equals the dump of the pinned Prefect', () => {
  it('dumps and compares both files', async () => {
    await runPython([DUMP_SCRIPT, folder, '--date', shippedDate]);
    expect(readFileSync(join(folder, 'system_blocks.json'), 'utf8'), 'system_blocks.json: run `npm run prefect:dump`').toBe(shippedSystem);
    expect(readFileSync(join(folder, 'collection_blocks_data.json'), 'utf8'), 'collection_blocks_data.json: run `npm run prefect:dump`').toBe(
      readFileSync(join(RESOURCES_DIR, 'prefect', 'collection_blocks_data.json'), 'utf8'),
    );
  });

  it('records the pinned versions', () => {
    const requirements = readFileSync(join(process.cwd(), 'test', 'prefect', 'requirements.txt'), 'utf8');
    const pinned = (name: string): string | undefined => new RegExp(`^${name}==(\\S+)$`, 'm').exec(requirements)?.[1];
    expect((JSON.parse(shippedSystem) as { generated_with: unknown }).generated_with).toEqual({
      prefect: pinned('prefect'),
      pydantic: pinned('pydantic'),
      pydantic_core: pinned('pydantic_core'),
    });
  });
});
