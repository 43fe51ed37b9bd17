// What a client sent, kept beside Prefect's stored shape (docs/decisions/checksum-identity.md):
// registration keeps it (a child created from its parent's definitions: what its own client would
// send), fills it in for a row stored before it was kept, and this app's export carries it with
// the links and the kept checksum an import needs; any other file keeps the rule that the checksum
// is computed from the fields.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../src/main/db/database';
import { parseBlockFiles } from '../helpers/block-files';
import { exportCatalogue } from '../../src/main/operations/export';
import { importEntries } from '../../src/main/operations/import';
import { readBlockSchemaByChecksum, readClientFields } from '../../src/main/registry/block-schemas';
import { blockSchemaChecksum } from '../../src/shared/checksum';
import { jsonEqual, stringifyJson, type JsonObject, type JsonValue } from '../../src/shared/json';
import { asObject, blockEntry, clientChildChecksum, clone, fieldsFor, json, textFile, useTempWorkspace, previewImport } from '../helpers/registry';

const temp = useTempWorkspace();

async function importJson(registry: Database, name: string, value: JsonValue): Promise<void> {
  const report = await importEntries(registry, await parseBlockFiles([textFile(name, stringifyJson(value, 2))]));
  expect(report.totals.failed).toBe(0);
}

async function clientFieldsOf(registry: Database, checksum: string, version: string): Promise<JsonObject | null> {
  const schema = await readBlockSchemaByChecksum(registry.db, checksum, version);
  if (schema === null) throw new Error(`no schema ${checksum} ${version}`);
  return (await readClientFields(registry.db, [schema.id])).get(schema.id) ?? null;
}

/** A parent nesting a child that only its definitions carry; the child reaches a non-block `Colour`. */
function parentWithChild(): { parent: JsonObject; child: JsonObject; childChecksum: string } {
  const colour = json('{"title": "Colour", "enum": ["red", "green"], "type": "string"}');
  const child = fieldsFor('Child', 'child');
  asObject(child.properties).colour = json('{"$ref": "#/definitions/Colour"}');
  const definitions: JsonObject = { Child: child, Colour: colour, Unused: json('{"title": "Unused", "type": "string"}') };
  const childChecksum = clientChildChecksum(child, definitions);
  const parent = fieldsFor('Parent', 'parent', { block_schema_references: { kid: { block_type_slug: 'child', block_schema_checksum: childChecksum } }, definitions });
  asObject(parent.properties).kid = json('{"$ref": "#/definitions/Child"}');
  return { parent, child, childChecksum };
}

function catalogue(entries: Record<string, JsonObject>, exported = false): JsonObject {
  return {
    // The header's counts are for people; an import reads the entries.
    ...(exported ? { block_registry_export: json('{"format_version": 2}') } : {}),
    collections: { mine: { block_types: entries } },
  };
}

describe('client fields', () => {
  it('are the fields as registered; a child created from its parent gets what its own client sends', async () => {
    const { registry } = await temp.fresh();
    const { parent, child, childChecksum } = parentWithChild();
    await importJson(registry, 'a.json', [blockEntry('Child', 'child', { fields: fieldsFor('Other', 'child') }), blockEntry('Parent', 'parent', { fields: parent })]);
    expect(jsonEqual(await clientFieldsOf(registry, blockSchemaChecksum(parent), '1.0.0'), parent)).toBe(true);
    // The child, non-versioned, with exactly the definitions it reaches (not the parent's Unused).
    const childClient = await clientFieldsOf(registry, childChecksum, 'non-versioned');
    expect(jsonEqual(childClient, { ...child, definitions: { Colour: asObject(parent.definitions).Colour as JsonValue } })).toBe(true);
    expect(blockSchemaChecksum(childClient ?? {})).toBe(childChecksum);
  });

  it('a schema stored without them gets them from the next registration of the same schema', async () => {
    const { registry } = await temp.fresh();
    const { parent } = parentWithChild();
    const entry = [blockEntry('Child', 'child', { fields: fieldsFor('Other', 'child') }), blockEntry('Parent', 'parent', { fields: parent })];
    await importJson(registry, 'a.json', entry);
    await registry.write(async (trx) => {
      await sql`UPDATE block_schema SET client_fields = NULL`.execute(trx);
    });
    expect(await clientFieldsOf(registry, blockSchemaChecksum(parent), '1.0.0')).toBeNull();
    await importJson(registry, 'again.json', entry);
    expect(jsonEqual(await clientFieldsOf(registry, blockSchemaChecksum(parent), '1.0.0'), parent)).toBe(true);
  });
});

describe("this app's export", () => {
  it('writes a schema stored without client fields, whose read-back does not give its checksum, as read_back: lossy, and an import keeps its checksum with a warning that says why', async () => {
    const { registry } = await temp.fresh();
    const { parent } = parentWithChild();
    // Stored as a lossy read-back would be: fields that do not give the checksum kept.
    const kept = `sha256:${'a'.repeat(64)}`;
    const exported = catalogue(
      {
        parent: { ...blockEntry('Parent', 'parent', { fields: parent }), block_schema: { checksum: kept, fields: parent, capabilities: [], version: '1.0.0', read_back: 'lossy' } },
        child: blockEntry('Child', 'child'),
      },
      true,
    );
    const file = textFile('export.json', stringifyJson(exported, 2));
    const { preview } = await previewImport(registry, [file]);
    expect(preview.errors).toEqual([]);
    expect(preview.warnings.map((warning) => warning.kind)).toEqual(['lossy-read-back']);
    expect(preview.warnings[0]?.message).toContain(`kept under ${kept}, its identity on the server`);
    await importEntries(registry, await parseBlockFiles([file]));
    expect(await readBlockSchemaByChecksum(registry.db, kept, '1.0.0')).not.toBeNull();
    // Not the client's: no client fields, and the export says so again.
    expect(await clientFieldsOf(registry, kept, '1.0.0')).toBeNull();
    const again = json((await exportCatalogue(registry.db)).text);
    const schema = asObject(asObject(asObject(asObject(asObject(again.collections).mine).block_types).parent).block_schema);
    expect(schema.read_back).toBe('lossy');
    expect(schema.checksum).toBe(kept);
  });

  it('links the nested schemas its `references` name instead of those its fields record, and refuses a link to a schema that is not there', async () => {
    const { registry } = await temp.fresh();
    const { parent } = parentWithChild();
    const other = fieldsFor('Other', 'child');
    const links = { kid: { block_type_slug: 'child', block_schema_checksum: blockSchemaChecksum(other) } };
    const entries = {
      child: blockEntry('Child', 'child', { fields: other }),
      parent: { ...blockEntry('Parent', 'parent'), block_schema: { checksum: blockSchemaChecksum(parent), fields: parent, capabilities: [], version: '1.0.0', references: links } },
    };
    await importJson(registry, 'export.json', catalogue(entries, true));
    const stored = await readBlockSchemaByChecksum(registry.db, blockSchemaChecksum(parent), '1.0.0');
    expect(stored?.fields.block_schema_references).toEqual(links);
    // The export writes the links back, beside the client's fields.
    const again = json((await exportCatalogue(registry.db)).text);
    const schema = asObject(asObject(asObject(asObject(asObject(again.collections).mine).block_types).parent).block_schema);
    expect(schema.references).toEqual(links);
    expect(jsonEqual(schema.fields as JsonValue, parent)).toBe(true);

    const { registry: empty } = await temp.fresh();
    const missing = { child: blockEntry('Child', 'child'), parent: entries.parent };
    const { preview } = await previewImport(empty, [textFile('export.json', stringifyJson(catalogue(missing, true)))]);
    expect(preview.errors.map((error) => error.message)).toEqual([
      `The nested block schema ${blockSchemaChecksum(other)} of block type 'child' it links is neither registered nor among the schemas being registered.`,
    ]);
    expect(preview.errors[0]?.path).toBe('collections.mine.block_types.parent.block_schema.fields.block_schema_references.kid');
  });

  it("outside this app's export, `references` and `read_back` are ignored: the checksum is computed from the fields", async () => {
    const { registry } = await temp.fresh();
    const fields = fieldsFor('Plain', 'plain');
    const kept = `sha256:${'b'.repeat(64)}`;
    const plain = { plain: { ...blockEntry('Plain', 'plain'), block_schema: { checksum: kept, fields, capabilities: [], version: '1.0.0', read_back: 'lossy', references: {} } } };
    const { preview } = await previewImport(registry, [textFile('catalogue.json', stringifyJson(catalogue(plain)))]);
    expect(preview.warnings.map((warning) => warning.kind)).toEqual(['checksum-mismatch']);
    expect(preview.block_types[0]?.schemas[0]?.checksum).toBe(blockSchemaChecksum(fields));
  });

  it('refuses a read_back other than "lossy", and a lossy schema without its checksum, naming the path', async () => {
    const { registry } = await temp.fresh();
    const fields = fieldsFor('Plain', 'plain');
    const bad = (schema: JsonObject) => textFile('export.json', stringifyJson(catalogue({ plain: { ...blockEntry('Plain', 'plain'), block_schema: schema } }, true)));
    const wrongValue = await previewImport(registry, [bad({ checksum: blockSchemaChecksum(fields), fields, version: '1', read_back: 'yes' })]);
    expect(wrongValue.preview.errors.map((error) => `${error.path}: ${error.message}`)).toEqual([
      `collections.mine.block_types.plain.block_schema.read_back: must be "lossy" (a server's read-back kept under its checksum), or left out`,
    ]);
    const noChecksum = await previewImport(registry, [bad({ fields: clone(fields), version: '1', read_back: 'lossy' })]);
    expect(noChecksum.preview.errors.map((error) => `${error.path}: ${error.message}`)).toEqual([
      `collections.mine.block_types.plain.block_schema.checksum: a schema kept under its checksum ("read_back": "lossy") must record it`,
    ]);
  });
});
