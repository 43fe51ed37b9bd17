// Export → import is lossless for every nesting history an import accepts, including block types
// that nest each other in a cycle (A nests B, B nests an older A) and types that nest their own
// older versions (issue 9, defect 6). Real Prefect cannot make such types from Python classes (a
// class-level cycle fails in pydantic before Prefect sees it), but hand-written files, other
// tools and successive versions can: the registry must give back exactly what it stored.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RegistryDatabase } from '../../src/main/db/database';
import { parseBlockFiles } from '../../src/main/files/read-block-files';
import { exportCatalogue } from '../../src/main/operations/export';
import { importEntries } from '../../src/main/operations/import';
import { previewImport } from '../../src/main/operations/preview';
import { readBlockSchemas } from '../../src/main/registry/block-schemas';
import { blockSchemaChecksum } from '../../src/shared/checksum';
import { isJsonObject, stringifyJson, type JsonObject } from '../../src/shared/json';
import { blockEntry, fieldsFor, json, textFile, useTempWorkspace } from '../helpers/registry';

const temp = useTempWorkspace();

const TYPES = [
  { slug: 'ay', title: 'Ay' },
  { slug: 'bee', title: 'Bee' },
  { slug: 'sea', title: 'Sea' },
] as const;

/** One schema version in a history: its type, and which earlier versions it nests (indexes into the history). */
interface Step {
  type: number;
  nests: number[];
}

interface BuiltSchema {
  slug: string;
  fields: JsonObject;
}

/**
 * The fields of each step, as a client would write them: a property per nested child pointing
 * at `#/definitions/<child title>`, the child (without its own definitions) under that title,
 * and the child's definitions merged in. Same-titled definitions collide as they would in a
 * hand-merged file (the later one wins); the import takes whatever the file says.
 */
function buildHistory(steps: readonly Step[]): BuiltSchema[] {
  const built: BuiltSchema[] = [];
  steps.forEach((step, index) => {
    const type = TYPES[step.type] as (typeof TYPES)[number];
    const references: JsonObject = {};
    const definitions: JsonObject = {};
    const properties: JsonObject = {};
    step.nests.forEach((childIndex, position) => {
      const child = built[childIndex] as BuiltSchema;
      const { definitions: childDefinitions, ...childWithout } = child.fields;
      const title = String(child.fields.title);
      const property = `p${position}`;
      references[property] = { block_type_slug: child.slug, block_schema_checksum: blockSchemaChecksum(child.fields) };
      properties[property] = json(`{"$ref": "#/definitions/${title}"}`);
      if (isJsonObject(childDefinitions)) Object.assign(definitions, childDefinitions);
      definitions[title] = childWithout;
    });
    const fields = fieldsFor(type.title, type.slug, {
      description: `version ${index}`,
      block_schema_references: references,
      ...(Object.keys(definitions).length > 0 ? { definitions } : {}),
    });
    Object.assign(fields.properties as JsonObject, properties);
    built.push({ slug: type.slug, fields });
  });
  return built;
}

const historyArbitrary = fc
  .array(fc.record({ type: fc.integer({ min: 0, max: TYPES.length - 1 }), nests: fc.array(fc.nat(), { maxLength: 2 }) }), { minLength: 1, maxLength: 7 })
  .map((raw) => raw.map((step, index): Step => ({ type: step.type, nests: index === 0 ? [] : [...new Set(step.nests.map((n) => n % index))] })));

async function storedRows(registry: RegistryDatabase): Promise<string[]> {
  return (await readBlockSchemas(registry.db)).map((schema) => `${schema.block_type.slug} ${schema.version} ${schema.checksum}`).sort();
}

async function importEverySchemaAsItsOwnFile(registry: RegistryDatabase, built: readonly BuiltSchema[]): Promise<void> {
  // One import per version, in order, as successive releases of a collection arrive.
  for (const [index, schema] of built.entries()) {
    const type = TYPES.find((candidate) => candidate.slug === schema.slug) as (typeof TYPES)[number];
    const entry = blockEntry(type.title, type.slug, { fields: schema.fields, version: `v${index}` });
    const report = await importEntries(registry, await parseBlockFiles([textFile(`v${index}.json`, stringifyJson([entry], 2))]));
    expect(report.totals.failed).toBe(0);
  }
}

describe('export → import round trip of nesting cycles', () => {
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
  // And the export of the copy is the export of the original, byte for byte.
  expect((await exportCatalogue(target.db)).text).toBe(exported.text);
  await source.close();
  await target.close();
}
