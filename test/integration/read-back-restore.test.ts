// The restore of client fields from a read-back (src/main/registry/read-back.ts) over random
// nesting histories (test/helpers/nesting-history.ts: cycles across versions, stale copies of a
// child's definition): registered here, each schema read back in Prefect's shape (`schemas
// --json`, the shape a Prefect server rebuilds), then restored. Every schema comes back with
// fields that give its checksum. (test/prefect/round-trips.test.ts does the same through a real
// Prefect server.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBlockFiles } from '../helpers/block-files';
import { importEntries } from '../../src/main/operations/import';
import { restoreClientFields } from '../../src/main/registry/read-back';
import { readBlockSchemas } from '../../src/main/registry/block-schemas';
import { blockSchemaChecksum } from '../../src/shared/checksum';
import { stringifyJson } from '../../src/shared/json';
import { buildHistory, historyArbitrary, historyEntries } from '../helpers/nesting-history';
import { textFile, useTempWorkspace } from '../helpers/registry';

const temp = useTempWorkspace();

async function restoredHistory(steps: Parameters<typeof buildHistory>[0]) {
  const registry = (await temp.fresh()).registry;
  try {
    for (const [index, entry] of historyEntries(buildHistory(steps)).entries()) {
      await importEntries(registry, await parseBlockFiles([textFile(`v${index}.json`, stringifyJson([entry]))]));
    }
    const readBacks = (await readBlockSchemas(registry.db)).map((schema) => ({ checksum: schema.checksum, slug: schema.block_type.slug, fields: schema.fields, version: schema.version }));
    return { readBacks, restorations: restoreClientFields(readBacks) };
  } finally {
    await registry.close();
  }
}

describe('restoring client fields from read-backs of hand-written nesting histories', () => {
  it('a stale copy of a child (the two-type, three-schema cycle): the read-back reaches what the copy did not, and is restored', async () => {
    const { readBacks, restorations } = await restoredHistory([
      { type: 0, nests: [] },
      { type: 1, nests: [0], stale: [0] },
      { type: 0, nests: [1] },
    ]);
    const stale = readBacks.find((readBack) => readBack.version === 'v1');
    if (stale === undefined) throw new Error('no v1');
    expect(blockSchemaChecksum(stale.fields)).not.toBe(stale.checksum);
    restorations.forEach((restoration, index) => expect(blockSchemaChecksum(restoration.fields), readBacks[index]?.version).toBe(readBacks[index]?.checksum));
    // Alone (no other schema whose definitions could stand in for the copy): the references
    // through the child's definition to what the copy did not reach are dropped.
    const [alone] = restoreClientFields([stale]);
    expect(alone?.repairs).toEqual(['stale-definitions']);
    expect(blockSchemaChecksum(alone?.fields ?? {})).toBe(stale.checksum);
  });

  it('any history: every schema restored to fields that give its checksum', async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary, async (steps) => {
        const { readBacks, restorations } = await restoredHistory(steps);
        restorations.forEach((restoration, index) => {
          expect(restoration.exact, `${readBacks[index]?.slug} ${readBacks[index]?.version}`).toBe(true);
          expect(blockSchemaChecksum(restoration.fields)).toBe(readBacks[index]?.checksum);
        });
      }),
      { numRuns: 40 },
    );
  }, 300_000);
});
