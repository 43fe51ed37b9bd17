// Differential test 1: our checksum of the `fields` real Prefect + pydantic produce
// equals Prefect's own checksum, for every Block class the venv can import and for at least 300
// random classes per run (seed printed; PREFECT_GEN_SEED replays one). Also the nested children:
// the checksum we compute for a child from its parent's definitions (what registration stores
// the child under) equals the checksum Prefect's client recorded in the parent's references.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { serverChecksum } from '../../src/main/registry/block-schemas';
import { childDefinition, referenceEntries } from '../../src/main/registry/nested-blocks';
import { blockSchemaChecksum } from '../../src/shared/checksum';
import { isJsonObject, parseJson, type JsonObject } from '../../src/shared/json';
import { generateBlockModule } from './generate-blocks';
import { PYTHON_DIR, runPython } from './python';
import { useTempFolder } from '../helpers/registry';

interface PrefectSchema {
  source: 'registry' | 'generated';
  class: string;
  slug?: string;
  fields_json?: string;
  checksum?: string;
  version?: string;
  capabilities?: string[];
  /**
   * A `Dict[str, Model]` anywhere inside (Python's own walk of the annotations): Prefect removes
   * additionalProperties, so nothing in the JSON names that model any more, while pydantic's
   * definitions, and so the class's checksum, still hold it. Such a child's checksum cannot be
   * rebuilt from its parent's definitions, by us or by Prefect's server; it is only found when
   * the child was registered itself first (as Prefect's client and our "children first" do).
   */
  dict_of_model?: boolean;
  error?: string;
}

const GENERATED_COUNT = 320;
const envSeed = process.env.PREFECT_GEN_SEED;
const seed = envSeed !== undefined && envSeed !== '' ? Number(envSeed) : Math.floor(Math.random() * 2 ** 31);
const folder = useTempFolder('prefect-gen');
let schemas: PrefectSchema[] = [];

beforeAll(async () => {
  console.log(`generated Block classes: seed ${seed} (replay with PREFECT_GEN_SEED=${seed})`);
  const module = generateBlockModule(seed, GENERATED_COUNT);
  const file = join(folder, 'generated_blocks.py');
  writeFileSync(file, module.source);
  // One process for everything: importing prefect takes seconds.
  const { stdout } = await runPython([join(PYTHON_DIR, 'block_schemas.py'), '--registry', '--module', file]);
  schemas = stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as PrefectSchema);
});

const fieldsOf = (schema: PrefectSchema): JsonObject => {
  const fields = parseJson(schema.fields_json ?? '');
  if (!isJsonObject(fields)) throw new Error(`${schema.class}: fields are not an object`);
  return fields;
};

/** Every disagreement as one readable line (empty when all agree). */
function checksumMismatches(source: PrefectSchema['source']): string[] {
  return schemas
    .filter((schema) => schema.source === source)
    .flatMap((schema) => {
      if (schema.error !== undefined) return [`${schema.class}: Prefect failed: ${schema.error}`];
      const ours = blockSchemaChecksum(fieldsOf(schema));
      return ours === schema.checksum ? [] : [`${schema.class}: ours ${ours}, Prefect ${String(schema.checksum)}`];
    });
}

/** Children rebuilt from each parent's definitions must carry the checksum the parent recorded. */
function childMismatches(source: PrefectSchema['source']): { checked: number; unresolvable: number; unnamed: string[]; mismatches: string[] } {
  let checked = 0;
  let unresolvable = 0;
  const unnamed: string[] = [];
  const mismatches: string[] = [];
  const ownFields = new Map(schemas.filter((schema) => schema.error === undefined).map((schema) => [schema.slug, schema]));
  for (const schema of schemas.filter((candidate) => candidate.source === source && candidate.error === undefined)) {
    const fields = fieldsOf(schema);
    const definitions = isJsonObject(fields.definitions) ? fields.definitions : {};
    for (const [name, reference] of referenceEntries(fields.block_schema_references ?? {})) {
      // `Dict[str, Block]`: Prefect's schema keeps no `$ref` in the property, so Prefect's server
      // (`_get_fields_for_child_schema`) finds no definition either and cannot create the child.
      if (!JSON.stringify(isJsonObject(fields.properties) ? fields.properties[name] : null).includes('"$ref"')) {
        unresolvable += 1;
        continue;
      }
      checked += 1;
      const child = childDefinition(fields, name, reference.block_type_slug, definitions);
      const ours = child === null ? 'no definition found' : serverChecksum(child, definitions).checksum;
      const childOwn = ownFields.get(reference.block_type_slug);
      if (ours !== reference.block_schema_checksum && childOwn?.dict_of_model === true) {
        unnamed.push(`${schema.class}.${name} -> ${reference.block_type_slug}`);
      } else if (ours !== reference.block_schema_checksum) {
        mismatches.push(`${schema.class}.${name} -> ${reference.block_type_slug}: ours ${ours}, recorded ${reference.block_schema_checksum}`);
      }
    }
  }
  return { checked, unresolvable, unnamed, mismatches };
}

describe('checksums on real pydantic output', () => {
  it("every Block class the venv imports (built-ins and installed collections): our checksum equals Prefect's", () => {
    const registry = schemas.filter((schema) => schema.source === 'registry');
    const slugs = registry.map((schema) => schema.slug);
    // The 14 built-ins plus the blocks of the four installed collections.
    expect(slugs).toEqual(
      expect.arrayContaining(['secret', 'webhook', 'local-file-system', 'smb', 'slack-credentials', 'email-server-credentials', 'github-credentials', 'github-repository', 'shell-operation']),
    );
    console.log(`real Block classes compared: ${registry.length}`);
    expect(checksumMismatches('registry')).toEqual([]);
  });

  it('nested children of the real classes: rebuilt from the parent, they carry the recorded checksum', () => {
    const { checked, unnamed, mismatches } = childMismatches('registry');
    expect(unnamed).toEqual([]);
    // github-repository nests github-credentials, at least.
    expect(checked).toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
  });

  it(`${GENERATED_COUNT} random Block classes: our checksum equals Prefect's`, () => {
    const generated = schemas.filter((schema) => schema.source === 'generated');
    expect(generated).toHaveLength(GENERATED_COUNT);
    const mismatches = checksumMismatches('generated');
    expect(mismatches, `seed ${seed} (PREFECT_GEN_SEED=${seed}):\n${mismatches.join('\n')}`).toEqual([]);
  });

  it('nested children of the random classes (alone, in lists, dicts and unions): rebuilt from the parent, they carry the recorded checksum', () => {
    const { checked, unresolvable, unnamed, mismatches } = childMismatches('generated');
    console.log(
      `nested block references checked in generated classes: ${checked} (and ${unresolvable} without a $ref, as Dict[str, Block] gives); ` +
        `${unnamed.length} of them children holding a Dict[str, Model] whose model nothing in the JSON names`,
    );
    expect(checked).toBeGreaterThan(50);
    expect(mismatches, `seed ${seed} (PREFECT_GEN_SEED=${seed}):\n${mismatches.join('\n')}`).toEqual([]);
  });
});
