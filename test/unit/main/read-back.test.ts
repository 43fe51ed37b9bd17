// Restoring what a client sent from Prefect's read-back (src/main/prefect-server/read-back.ts), on
// read-backs captured from real Prefect 3.9.1 servers (test/fixtures/prefect-read-backs/): every
// schema comes back with fields that give the server's checksum, and each kind of loss is repaired
// by the repair meant for it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELD_DEFINITIONS_KEY, restoreClientFields, type ReadBack, type Restoration } from '../../../src/main/prefect-server/read-back';
import { blockSchemaChecksum } from '../../../src/main/checksum';
import { isJsonObject, parseJson, type JsonObject } from '../../../src/shared/json';

interface Captured extends ReadBack {
  version: string;
}

function captured(name: string): Captured[] {
  const rows = parseJson(readFileSync(join('test', 'fixtures', 'prefect-read-backs', name), 'utf8'));
  if (!Array.isArray(rows)) throw new Error(`${name}: not a list`);
  return rows.map((row) => {
    if (!isJsonObject(row) || !isJsonObject(row.fields)) throw new Error(`${name}: not a read-back`);
    return { checksum: String(row.checksum), version: String(row.version), slug: String(row.block_type_slug), fields: row.fields };
  });
}

function byName(rows: Captured[], restorations: Restoration[]): Map<string, Restoration> {
  return new Map(rows.map((row, index) => [`${row.slug} ${row.version} ${row.checksum.slice(7, 15)}`, restorations[index] as Restoration]));
}

/** The read-backs that do not give their own checksum, by `slug version`. */
function lossy(rows: Captured[]): string[] {
  return rows.filter((row) => blockSchemaChecksum(row.fields) !== row.checksum).map((row) => `${row.slug} ${row.version}`);
}

describe('a server filled by `prefect block register -m`', () => {
  const rows = captured('registered-by-prefect-cli.json');

  it('reads three schemas back with fields that do not give their checksum', () => {
    expect(lossy(rows).sort()).toEqual(['dbt-cli-profile 0.7.25', 'dbt-core-operation 0.7.25', 's3-bucket 0.7.12']);
  });

  it('restores every one to fields that give the server checksum, each with the repair for its loss', () => {
    const restorations = restoreClientFields(rows);
    rows.forEach((row, index) => {
      const restoration = restorations[index] as Restoration;
      expect(restoration.exact, `${row.slug} ${row.version}`).toBe(true);
      expect(blockSchemaChecksum(restoration.fields)).toBe(row.checksum);
    });
    const repairs = rows.flatMap((row, index) => ((restorations[index] as Restoration).repairs.length === 0 ? [] : [`${row.slug}: ${(restorations[index] as Restoration).repairs.join(', ')}`]));
    expect(repairs.sort()).toEqual(['dbt-cli-profile: lost-definitions', 'dbt-core-operation: lost-definitions', 's3-bucket: reference-order']);
  });

  it("s3-bucket: the union's references in the order its client recorded them; the server's own order kept as the links", () => {
    const index = rows.findIndex((row) => row.slug === 's3-bucket');
    const restoration = restoreClientFields(rows)[index] as Restoration;
    const order = (references: unknown): string[] => ((references as JsonObject).credentials as JsonObject[]).map((entry) => String(entry.block_type_slug));
    expect(order(restoration.fields.block_schema_references)).toEqual(['minio-credentials', 'aws-credentials']);
    expect(order(restoration.links)).toEqual(['aws-credentials', 'minio-credentials']);
  });

  it('dbt-cli-profile: the target configs it lost are taken from the schemas of the same server', () => {
    const index = rows.findIndex((row) => row.slug === 'dbt-cli-profile');
    const restoration = restoreClientFields(rows)[index] as Restoration;
    const definitions = Object.keys(restoration.fields.definitions as JsonObject).sort();
    expect(definitions).toEqual(expect.arrayContaining(['BigQueryTargetConfigs', 'PostgresTargetConfigs', 'SnowflakeTargetConfigs', 'TargetConfigs']));
    expect(restoration.links).toBeUndefined();
  });

  it('without the schemas a lost definition can come from: the definitions it kept held by one that refers to them, as a last resort', () => {
    const alone = rows.filter((row) => row.slug === 'dbt-cli-profile');
    const [restoration] = restoreClientFields(alone);
    expect(restoration?.repairs).toEqual(['orphaned-definitions']);
    expect(blockSchemaChecksum(restoration?.fields ?? {})).toBe(alone[0]?.checksum);
    expect(Object.keys(restoration?.fields.definitions as JsonObject)).toContain(HELD_DEFINITIONS_KEY);
    // …and the same schemas given as extra definitions restore what the client sent.
    const [withExtra] = restoreClientFields(
      alone,
      rows.filter((row) => row.slug !== 'dbt-cli-profile').map((row) => row.fields),
    );
    expect(withExtra?.repairs).toEqual(['lost-definitions']);
  });
});

describe('a server that registered the collections itself at start-up', () => {
  const rows = captured('registered-at-server-start.json');

  it('reads nine schemas back with fields that do not give their checksum, and restores every one', () => {
    expect(lossy(rows)).toHaveLength(9);
    const restorations = restoreClientFields(rows);
    rows.forEach((row, index) => {
      const restoration = restorations[index] as Restoration;
      expect(restoration.exact, `${row.slug} ${row.version}`).toBe(true);
      expect(blockSchemaChecksum(restoration.fields)).toBe(row.checksum);
    });
  });

  it("a child the server created from its parent's definitions: that definition with the root's whole map", () => {
    const restorations = byName(rows, restoreClientFields(rows));
    const derived = [...restorations].filter(([, restoration]) => restoration.repairs.includes('root-definitions')).map(([name]) => name.split(' ')[0]);
    expect(derived.sort()).toEqual(['database-credentials', 'dbt-cli-snowflake-target-configs', 'dbt-cli-target-configs', 'snowflake-connector', 'snowflake-credentials']);
    // Each such child is non-versioned, as the server creates them.
    for (const [name, restoration] of restorations) if (restoration.repairs.includes('root-definitions')) expect(name).toContain(' non-versioned ');
  });

  it('a parent linked to such a child: the checksums its client recorded, the children the server linked kept as links', () => {
    const restorations = byName(rows, restoreClientFields(rows));
    const relinked = [...restorations].filter(([, restoration]) => restoration.repairs.includes('child-checksums'));
    expect(relinked.map(([name]) => name.split(' ').slice(0, 2).join(' ')).sort()).toEqual(['dbt-cli-postgres-target-configs 0.4.1', 'dbt-cli-profile 0.4.1']);
    for (const [, restoration] of relinked) expect(restoration.links).toBeDefined();
  });
});

describe('bounds', () => {
  it('a read-back that nothing restores is given back unchanged after a bounded search', () => {
    // A union of six references whose checksum matches no order, with lost definitions that many
    // candidates could fill: every combination is tried only up to the bound.
    const entries = Array.from({ length: 6 }, (_, index) => ({ block_type_slug: `child-${index}`, block_schema_checksum: `sha256:${String(index).repeat(64)}` }));
    const fields: JsonObject = {
      title: 'Parent',
      type: 'object',
      properties: { union: { anyOf: entries.map((_, index) => ({ $ref: `#/definitions/Lost${index}` })) } },
      block_schema_references: { union: entries },
    };
    const extra = Array.from({ length: 30 }, (_, index) => ({ title: `Lost${index % 6}`, type: 'object', description: `candidate ${index}` }));
    const [restoration] = restoreClientFields([{ checksum: `sha256:${'f'.repeat(64)}`, slug: 'parent', fields }], extra);
    expect(restoration).toEqual({ exact: false, fields, links: undefined, repairs: [] });
  });
});
