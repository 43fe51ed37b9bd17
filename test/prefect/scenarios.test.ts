// Spec §10 scenarios run on both: test/prefect/python/scenarios.py runs them on real
// Prefect 3.9.1's model layer (create_block_type, create_block_schema, read_block_schemas, …) with
// the classes of Prefect's own tests; here the same inputs go through our registry, and
// every outcome must agree: each create's checksum or failure, every schema read back (newest
// first, fields included), the row counts, reads by checksum and version, capability filters.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/database';
import { readBlockSchema, readBlockSchemaByChecksum, readBlockSchemas } from '../../src/main/registry/block-schemas';
import { registerBlockSchema, registerBlockType } from '../../src/main/registry/register';
import type { BlockTypeInput } from '../../src/shared/blocks';
import { isJsonObject, jsonEqual, parseJson, type JsonObject } from '../../src/shared/json';
import { countRows, useTempFolder } from '../helpers/registry';
import { fieldDifferences, referencesAsSets } from './compare';
import { PYTHON_DIR, runPython } from './python';

interface ReadSchema {
  slug: string;
  checksum: string;
  version: string;
  capabilities: string[];
  fields_json: string;
}

interface Scenario {
  name: string;
  types: BlockTypeInput[];
  steps: Array<{ slug: string; fields_json: string; checksum: string; capabilities: string[]; version: string; prefect_checksum?: string; prefect_error?: string }>;
  prefect: {
    schemas: ReadSchema[];
    counts: { block_type: number; block_schema: number; block_schema_reference: number };
    by_checksum: Record<string, string | null>;
    by_capabilities: Record<string, string[]>;
  };
}

const folder = useTempFolder('prefect-scenarios');
let scenarios: Scenario[] = [];

beforeAll(async () => {
  const { stdout } = await runPython([join(PYTHON_DIR, 'scenarios.py'), join(folder, 'prefect.db')]);
  scenarios = JSON.parse(stdout) as Scenario[];
});

const fields = (text: string): JsonObject => {
  const value = parseJson(text);
  if (!isJsonObject(value)) throw new Error('fields must be an object');
  return value;
};

/** Runs one scenario on a new registry file and returns what ours says, in Prefect's shape. */
async function runOurs(scenario: Scenario, index: number): Promise<{ steps: string[]; prefect: Scenario['prefect']; fieldDiffs: string[] }> {
  const registry = await openDatabase(join(folder, `ours-${index}.sqlite`));
  try {
    const typeIds = new Map<string, string>();
    for (const type of scenario.types) {
      const input: BlockTypeInput = {
        name: type.name,
        slug: type.slug,
        logo_url: type.logo_url,
        documentation_url: type.documentation_url,
        description: type.description,
        code_example: type.code_example,
        is_protected: false,
      };
      typeIds.set(type.slug, (await registry.write((trx) => registerBlockType(trx, input))).id);
    }
    const steps: string[] = [];
    for (const step of scenario.steps) {
      try {
        const input = { checksum: step.checksum, fields: fields(step.fields_json), capabilities: step.capabilities, version: step.version };
        const { id } = await registry.write((trx) => registerBlockSchema(trx, typeIds.get(step.slug) ?? '', input));
        steps.push(`created ${(await readBlockSchema(registry.db, id))?.checksum ?? 'nothing'}`);
      } catch {
        steps.push('failed');
      }
    }
    const read = await readBlockSchemas(registry.db);
    const prefectRead = scenario.prefect.schemas;
    const fieldDiffs = read.flatMap((schema, i) => {
      const theirs = prefectRead[i];
      if (theirs === undefined) return [];
      const a = referencesAsSets(schema.fields);
      const b = referencesAsSets(fields(theirs.fields_json));
      return jsonEqual(a, b) ? [] : [`${schema.block_type.slug}: ${fieldDifferences(a, b)}`];
    });
    const byChecksum: Record<string, string | null> = {};
    for (const key of Object.keys(scenario.prefect.by_checksum)) {
      const [checksum = '', version = 'None'] = key.split(' ');
      byChecksum[key] = (await readBlockSchemaByChecksum(registry.db, checksum, version === 'None' ? undefined : version))?.version ?? null;
    }
    const byCapabilities: Record<string, string[]> = {};
    for (const key of Object.keys(scenario.prefect.by_capabilities)) {
      const capabilities = key === '' ? [] : key.split(',');
      byCapabilities[key] = (await readBlockSchemas(registry.db, { capabilitiesAll: capabilities })).map((schema) => schema.block_type.slug);
    }
    return {
      steps,
      fieldDiffs,
      prefect: {
        schemas: read.map((schema) => ({ slug: schema.block_type.slug, checksum: schema.checksum, version: schema.version, capabilities: [...schema.capabilities].sort(), fields_json: '' })),
        counts: {
          block_type: await countRows(registry.db, 'block_type'),
          block_schema: await countRows(registry.db, 'block_schema'),
          block_schema_reference: await countRows(registry.db, 'block_schema_reference'),
        },
        by_checksum: byChecksum,
        by_capabilities: byCapabilities,
      },
    };
  } finally {
    await registry.close();
  }
}

describe('spec §10 scenarios on real Prefect 3.9.1 and on ours', () => {
  it('runs all of them on Prefect', () => {
    expect(scenarios.map((scenario) => scenario.name)).toHaveLength(12);
  });

  // Built lazily: the scenario list comes from Python, so each one is checked inside one test.
  it('every scenario: same create outcomes, same schemas read back newest first, same counts and reads', async () => {
    const differences: string[] = [];
    for (const [index, scenario] of scenarios.entries()) {
      const ours = await runOurs(scenario, index);
      const theirSteps = scenario.steps.map((step) => (step.prefect_error !== undefined ? 'failed' : `created ${String(step.prefect_checksum)}`));
      const theirs = { ...scenario.prefect, schemas: scenario.prefect.schemas.map((schema) => ({ ...schema, fields_json: '' })) };
      if (JSON.stringify(ours.steps) !== JSON.stringify(theirSteps)) differences.push(`${scenario.name}: creates ${JSON.stringify(ours.steps)} vs Prefect ${JSON.stringify(theirSteps)}`);
      for (const part of ['schemas', 'counts', 'by_checksum', 'by_capabilities'] as const) {
        if (JSON.stringify(ours.prefect[part]) !== JSON.stringify(theirs[part])) {
          differences.push(`${scenario.name}: ${part} ${JSON.stringify(ours.prefect[part])} vs Prefect ${JSON.stringify(theirs[part])}`);
        }
      }
      for (const diff of ours.fieldDiffs) differences.push(`${scenario.name}: fields of ${diff}`);
    }
    expect(differences).toEqual([]);
  });
});
