// Export → import is lossless for every nesting history an import accepts, including block types
// that nest each other in a cycle (A nests B, B nests an older A), types that nest their own older
// versions, and parents that carry a stale copy of a child's definition (test/helpers/
// nesting-history.ts): the registry gives back exactly what it stored, each schema as its client
// registered it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/main/db/database';
import { parseBlockFiles } from '../helpers/block-files';
import { exportCatalogue } from '../../src/main/operations/export';
import { importEntries } from '../../src/main/operations/import';
import { readBlockSchemas, readClientFields } from '../../src/main/registry/block-schemas';
import { stringifyJson } from '../../src/shared/json';
import { buildHistory, historyArbitrary, historyEntries, type BuiltSchema } from '../helpers/nesting-history';
import { textFile, useTempWorkspace, previewImport } from '../helpers/registry';

const temp = useTempWorkspace();

/** Each row's client fields, as text, by `slug version checksum`. */
async function clientFieldsByRow(registry: Database): Promise<Record<string, string>> {
  const schemas = await readBlockSchemas(registry.db);
  const client = await readClientFields(
    registry.db,
    schemas.map((schema) => schema.id),
  );
  return Object.fromEntries(schemas.map((schema) => [`${schema.block_type.slug} ${schema.version} ${schema.checksum}`, stringifyJson(client.get(schema.id) ?? null)]));
}

async function storedRows(registry: Database): Promise<string[]> {
  return (await readBlockSchemas(registry.db)).map((schema) => `${schema.block_type.slug} ${schema.version} ${schema.checksum}`).sort();
}

async function importEverySchemaAsItsOwnFile(registry: Database, built: readonly BuiltSchema[]): Promise<void> {
  // One import per version, in order, as successive releases of a collection arrive.
  for (const [index, entry] of historyEntries(built).entries()) {
    const report = await importEntries(registry, await parseBlockFiles([textFile(`v${index}.json`, stringifyJson([entry], 2))]));
    expect(report.totals.failed).toBe(0);
  }
}

describe('export → import round trip of nesting cycles', () => {
  it('two types, three schemas, written by hand: B carries a stale copy of A, the newer A nests B; the same checksums come back, with no warning', async () => {
    // The stale copy lacks A's colour: B's checksum does not count A's Colour, which a read-back
    // of B (A as registered) reaches. An export of read-backs came back under three new checksums.
    const history = buildHistory([
      { type: 0, nests: [] },
      { type: 1, nests: [0], stale: [0] },
      { type: 0, nests: [1] },
    ]);
    await expectLosslessRoundTrip(history);
  });

  it('A nests B, B nests the older A, A nests that B: the re-import stores the same checksums, with no warning', async () => {
    const history = buildHistory([
      { type: 0, nests: [] },
      { type: 1, nests: [0] },
      { type: 0, nests: [1] },
      { type: 1, nests: [2] },
    ]);
    await expectLosslessRoundTrip(history);
  });

  it('any history of three types nesting earlier versions (their own included) round-trips exactly', async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary, async (steps) => {
        await expectLosslessRoundTrip(buildHistory(steps));
      }),
      { numRuns: 20 },
    );
    // Each run imports up to seven files and saves two databases: minutes on a busy machine.
  }, 300_000);
});

async function expectLosslessRoundTrip(history: readonly BuiltSchema[]): Promise<void> {
  const source = (await temp.fresh()).registry;
  await importEverySchemaAsItsOwnFile(source, history);
  const exported = await exportCatalogue(source.db);
  const exportFile = textFile('export.json', exported.text);

  const target = (await temp.fresh()).registry;
  const { preview } = await previewImport(target, [exportFile]);
  expect(preview.errors).toEqual([]);
  expect(preview.warnings.filter((warning) => warning.kind === 'checksum-mismatch')).toEqual([]);
  await importEntries(target, await parseBlockFiles([exportFile]));
  expect(await storedRows(target)).toEqual(await storedRows(source));
  expect(await clientFieldsByRow(target)).toEqual(await clientFieldsByRow(source));
  // And the export of the copy is the export of the original, byte for byte.
  expect((await exportCatalogue(target.db)).text).toBe(exported.text);
  await source.close();
  await target.close();
}
