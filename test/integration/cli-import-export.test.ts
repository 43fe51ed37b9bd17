// The command line's import --dry-run and export, on real database files in a temporary folder.
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPECTED_FORMATS } from '../../src/shared/formats';
import type { ImportPreview } from '../../src/shared/import-preview';
import { stringifyJson } from '../../src/shared/json';
import type { RegistrationReport } from '../../src/shared/report';
import { openDatabase } from '../../src/main/db/database';
import { cli, useCliWorkspace } from '../helpers/cli';
import { asObject, blockEntry, clone, fieldsFor, json, loadCatalogue } from '../helpers/registry';

const workspace = useCliWorkspace();

async function autoRegister(path = workspace.dbPath): Promise<void> {
  const result = await cli('auto-register', '--db', path);
  expect(result.code).toBe(0);
}

function exportedSlugs(text: string): string[] {
  const slugs: string[] = [];
  for (const body of Object.values(asObject(json(text).collections))) slugs.push(...Object.keys(asObject(asObject(body).block_types)));
  return slugs.sort();
}

describe('import into a database made read-only (chmod 444)', () => {
  it('is refused with a clear message, the file unchanged and still read-only; a dry run and reads still work', async () => {
    await autoRegister();
    chmodSync(workspace.dbPath, 0o444);
    const before = readFileSync(workspace.dbPath);
    const file = workspace.writeJson('new.json', [blockEntry('New Block', 'new-block')]);
    const result = await cli('import', file, '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`block-registry: ${workspace.dbPath} is read-only; nothing was changed. Make the file writable (chmod u+w) to change it.`);
    expect(readFileSync(workspace.dbPath).equals(before)).toBe(true);
    expect(statSync(workspace.dbPath).mode & 0o777).toBe(0o444);
    expect(readdirSync(workspace.folder).sort()).toEqual(['new.json', 'registry.sqlite']);
    expect((await cli('import', '--dry-run', file, '--db', workspace.dbPath)).code).toBe(0);
    expect((await cli('types', '--db', workspace.dbPath)).code).toBe(0);
  });
});

describe('import --dry-run', () => {
  it('prints what would change, exits 0 and leaves the database bytes unchanged', async () => {
    await autoRegister();
    const before = readFileSync(workspace.dbPath);
    const fresh = blockEntry('Dry Block', 'dry-block');
    const s3 = clone(loadCatalogue().find((e) => e.slug === 's3-bucket')?.blockType ?? {});
    s3.description = 'Changed.';
    const file = workspace.writeJson('dry.json', [fresh, s3]);
    const result = await cli('import', '--dry-run', file, '--db', workspace.dbPath);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const checksum = String(asObject(fresh.block_schema).checksum);
    const s3Checksum = String(asObject(s3.block_schema).checksum);
    expect(result.stdout).toBe(
      [
        `${file}: a list of block types with their schemas, 2 block types`,
        '  new       dry-block',
        `              schema 1.0.0 ${checksum.slice(0, 19)}… new`,
        '  update    s3-bucket',
        '              description: "Block used to store data using AWS S3 or S3-compatible ob..." -> "Changed."',
        `              schema 0.4.14 ${s3Checksum.slice(0, 19)}… already registered`,
        '              credentials -> minio-credentials: registered',
        '              credentials -> aws-credentials: registered',
        'Would register: block types 1 new, 1 updated, 0 unchanged; schemas 1 new, 1 already registered.',
      ].join('\n'),
    );
    expect(readFileSync(workspace.dbPath).equals(before)).toBe(true);
    const types = JSON.parse((await cli('types', '--json', '--db', workspace.dbPath)).stdout) as Array<{ slug: string }>;
    expect(types.map((type) => type.slug)).not.toContain('dry-block');
  });

  it("a known type's new schema version reads 'new-version' (not 'unchanged'), and the summary counts it", async () => {
    await autoRegister();
    const s3 = clone(loadCatalogue().find((e) => e.slug === 's3-bucket')?.blockType ?? {});
    asObject(s3.block_schema).version = '9.9.9';
    const file = workspace.writeJson('version.json', [s3]);
    const result = await cli('import', '--dry-run', file, '--db', workspace.dbPath);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[1]).toBe('  new-version s3-bucket');
    expect(lines.at(-1)).toBe('Would register: block types 0 new, 0 updated, 1 with a new version, 0 unchanged; schemas 1 new, 0 already registered.');
  });

  it('a new version lists its field changes under the schema and flags the breaking ones, in text and in --json', async () => {
    await autoRegister();
    const s3 = clone(loadCatalogue().find((e) => e.slug === 's3-bucket')?.blockType ?? {});
    const schema = asObject(s3.block_schema);
    const storedChecksum = String(schema.checksum);
    const fields = asObject(schema.fields);
    const properties = asObject(fields.properties);
    delete properties.bucket_folder;
    properties.region = json('{"title": "Region", "type": "string"}');
    fields.required = ['bucket_name', 'region'];
    schema.version = '0.8.0';
    delete schema.checksum;
    const file = workspace.writeJson('breaking.json', [s3]);
    const result = await cli('import', '--dry-run', file, '--db', workspace.dbPath);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[1]).toBe('  new-version s3-bucket');
    expect(lines.slice(3, 8)).toEqual([
      `                since 0.4.14 ${storedChecksum.slice(0, 19)}…: 1 added, 1 removed`,
      '                + region: string, required',
      '                - bucket_folder: string, default ""',
      "                BREAKING: field 'bucket_folder' removed",
      "                BREAKING: new field 'region' required without a default",
    ]);
    expect(lines.at(-2)).toBe('Breaking changes in 1 block type: s3-bucket.');
    const jsonResult = await cli('import', '--dry-run', '--json', file, '--db', workspace.dbPath);
    const preview = JSON.parse(jsonResult.stdout) as ImportPreview;
    const change = preview.block_types[0]?.schemas[0]?.change;
    expect(change?.previous_version).toBe('0.4.14');
    expect(change?.previous_checksum).toBe(storedChecksum);
    expect(change?.breaking.map((item) => [item.field, item.kind])).toEqual([
      ['bucket_folder', 'field-removed'],
      ['region', 'required-without-default'],
    ]);
    expect(change?.summary.properties.map((property) => [property.name, property.kind])).toEqual([
      ['region', 'added'],
      ['bucket_folder', 'removed'],
    ]);
  });

  it("the report of the import itself calls a known type's new schema a new version, not unchanged", async () => {
    await autoRegister();
    const s3 = clone(loadCatalogue().find((e) => e.slug === 's3-bucket')?.blockType ?? {});
    asObject(s3.block_schema).version = '9.9.9';
    const file = workspace.writeJson('version.json', [s3]);
    const result = await cli('import', file, '--db', workspace.dbPath);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/: block types 0 created, 0 updated, 1 new version, 0 unchanged; schemas 1 created, 0 already registered \(/);
    expect(lines[1]).toBe('  new-version s3-bucket, 1 schema created');
    expect(lines[2]).toMatch(/^Total: block types 0 created, 0 updated, 1 new version, 0 unchanged; schemas 1 created, 0 already registered in /);
    // The counts in --json say the same: the new version is not among the unchanged.
    const again = clone(s3);
    asObject(again.block_schema).version = '9.9.10';
    const json = await cli('import', workspace.writeJson('again.json', [again]), '--db', workspace.dbPath, '--json');
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as RegistrationReport;
    expect(report.totals).toEqual({ created: 0, updated: 0, new_versions: 1, unchanged: 0, failed: 0, schemas_created: 1, schemas_existing: 0 });
  });

  it('--json prints the preview object, and writes nothing', async () => {
    await autoRegister();
    const before = readFileSync(workspace.dbPath);
    const file = workspace.writeJson('one.json', blockEntry('Json Dry', 'json-dry'));
    const result = await cli('import', '--dry-run', '--json', file, '--db', workspace.dbPath);
    expect(result.code).toBe(0);
    const preview = JSON.parse(result.stdout) as ImportPreview;
    expect(preview.files).toEqual([{ name: file, format: 'entry', format_label: 'one block type with its schema', block_types: 1 }]);
    expect(preview.counts).toEqual({ new: 1, update: 0, new_version: 0, unchanged: 0, schemas_new: 1, schemas_registered: 0 });
    expect(preview.errors).toEqual([]);
    expect(preview.warnings).toEqual([]);
    expect(preview.block_types.map((type) => [type.slug, type.outcome, type.file])).toEqual([['json-dry', 'new', file]]);
    expect(preview.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(readFileSync(workspace.dbPath).equals(before)).toBe(true);
  });

  it("--json gives a new schema's fields as a JSON object (numbers as written), as `schemas --json` does; a registered one has none", async () => {
    await autoRegister();
    const fields = fieldsFor('Numbers', 'numbers', { defaults: json('{"ratio": 1.0, "big": 12345678901234567890}') });
    const s3 = clone(loadCatalogue().find((e) => e.slug === 's3-bucket')?.blockType ?? {});
    const file = workspace.writeJson('numbers.json', [blockEntry('Numbers', 'numbers', { fields }), s3]);
    const result = await cli('import', '--dry-run', '--json', file, '--db', workspace.dbPath);
    expect(result.code, result.stderr).toBe(0);
    const preview = JSON.parse(result.stdout) as { block_types: Array<{ slug: string; schemas: Array<Record<string, unknown>> }> };
    const [numbers, registered] = preview.block_types.map((type) => type.schemas[0] ?? {});
    expect(numbers).not.toHaveProperty('fields_json');
    expect(numbers?.fields).toEqual(JSON.parse(stringifyJson(fields)));
    expect(result.stdout).toContain('"ratio": 1.0,');
    expect(result.stdout).toContain('"big": 12345678901234567890');
    expect(registered).toMatchObject({ outcome: 'registered' });
    expect(Object.keys(registered ?? {}).sort()).toEqual(['capabilities', 'checksum', 'outcome', 'recorded_checksum', 'version']);
  });

  it('warnings of a dry run are part of the printed preview (stdout), not stderr', async () => {
    await autoRegister();
    const edited = blockEntry('Edited', 'edited');
    asObject(edited.block_schema).checksum = `sha256:${'a'.repeat(64)}`;
    const file = workspace.writeJson('edited.json', [edited]);
    const result = await cli('import', '--dry-run', file, '--db', workspace.dbPath);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`  warning   ${file}: [0].block_schema.checksum: the recorded checksum sha256:${'a'.repeat(64)} does not match the fields`);
  });

  it('a dry run of a file with errors exits 1 with the errors, writing nothing', async () => {
    await autoRegister();
    const before = readFileSync(workspace.dbPath);
    const file = workspace.path('bad.json');
    writeFileSync(file, '{"foo": 1}');
    const result = await cli('import', '--dry-run', file, '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    // The preview is printed, errors and all; stderr says in one line that nothing can be registered.
    expect(result.stdout.split('\n')).toEqual([
      `${file}: not readable`,
      `  error     ${file}: $: JSON of another shape. Expected ${EXPECTED_FORMATS}.`,
      'Would register: block types 0 new, 0 updated, 0 unchanged; schemas 0 new, 0 already registered. 1 error: nothing can be registered.',
    ]);
    expect(result.stderr).toBe('block-registry: 1 problem found; nothing was registered.');
    expect(readFileSync(workspace.dbPath).equals(before)).toBe(true);
  });
});

describe('import of a file with one bad entry among good ones', () => {
  function mixedFile(): string {
    const s3 = clone(loadCatalogue().find((e) => e.slug === 's3-bucket')?.blockType ?? {});
    s3.description = 'Changed.';
    const gcs = clone(loadCatalogue().find((e) => e.slug === 'gcs-bucket')?.blockType ?? {});
    const bad = { ...blockEntry('My Block!', 'my-block'), slug: 'My Block!' };
    return workspace.writeJson('mixed.json', [blockEntry('Fresh Mix', 'fresh-mix'), s3, gcs, bad]);
  }
  const SLUG_RULE = 'Block type slug must only contain lowercase letters, numbers, and dashes.';

  it('--dry-run prints every valid entry and the error naming entry, value and suggested slug; exit 1, nothing written', async () => {
    await autoRegister();
    const before = readFileSync(workspace.dbPath);
    const file = mixedFile();
    const result = await cli('import', '--dry-run', file, '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`${file}: a list of block types with their schemas, 3 block types (and 1 error)`);
    expect(lines.filter((line) => /^ {2}(new|update|unchanged) /.test(line))).toEqual(['  new       fresh-mix', '  update    s3-bucket', '  unchanged gcs-bucket']);
    expect(lines).toContain(`  error     ${file}: [3].slug: ${SLUG_RULE} (entry [3] "My Block!"; got "My Block!"; suggested slug: "my-block")`);
    expect(lines.at(-1)).toBe('Would register: block types 1 new, 1 updated, 1 unchanged; schemas 1 new, 2 already registered. 1 error: nothing can be registered.');
    expect(result.stderr).toBe('block-registry: 1 problem found; nothing was registered.');
    expect(readFileSync(workspace.dbPath).equals(before)).toBe(true);
  });

  it('--dry-run --json prints the preview with its errors on stdout and exits 1', async () => {
    await autoRegister();
    const file = mixedFile();
    const result = await cli('import', '--dry-run', '--json', file, '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    const preview = JSON.parse(result.stdout) as ImportPreview;
    expect(preview.counts).toEqual({ new: 1, update: 1, new_version: 0, unchanged: 1, schemas_new: 1, schemas_registered: 2 });
    expect(preview.errors).toEqual([
      { file, path: '[3].slug', message: SLUG_RULE, entry: { index: 3, slug: 'My Block!', name: 'My Block!' }, value: '"My Block!"', expected: 'suggested slug: "my-block"' },
    ]);
  });

  it('without --dry-run it refuses, names the entry, and writes nothing: imports stay all or nothing', async () => {
    await autoRegister();
    const before = readFileSync(workspace.dbPath);
    const file = mixedFile();
    const result = await cli('import', file, '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      'block-registry: 1 problem found; nothing was registered.',
      `  ${file}: [3].slug: ${SLUG_RULE} (entry [3] "My Block!"; got "My Block!"; suggested slug: "my-block")`,
    ]);
    expect(readFileSync(workspace.dbPath).equals(before)).toBe(true);
  });
});

describe('export', () => {
  it('prints JSON that import into another database accepts: a lossless round trip through files', async () => {
    await autoRegister();
    const exported = await cli('export', '--db', workspace.dbPath);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toBe('');
    expect(exportedSlugs(exported.stdout)).toHaveLength(54);
    const file = workspace.path('export.json');
    writeFileSync(file, exported.stdout);

    const other = workspace.path('other.sqlite');
    const imported = await cli('import', file, '--json', '--db', other);
    expect(imported.code).toBe(0);
    const report = JSON.parse(imported.stdout) as RegistrationReport;
    expect(report.totals).toEqual({ created: 54, updated: 0, new_versions: 0, unchanged: 0, failed: 0, schemas_created: 54, schemas_existing: 0 });
    expect(report.sources.map((source) => [source.name, source.kind, source.status])).toEqual([[file, 'import', 'registered']]);

    const again = await cli('export', '--db', other);
    expect(again.stdout).toBe(exported.stdout);
    const schemas = (path: string) =>
      cli('schemas', '--json', '--db', path).then((result) => (JSON.parse(result.stdout) as Array<{ checksum: string; version: string }>).map((s) => `${s.checksum} ${s.version}`).sort());
    expect(await schemas(other)).toEqual(await schemas(workspace.dbPath));
  });

  it('--type s3-bucket --type gcs-bucket includes their nested credential types', async () => {
    await autoRegister();
    const result = await cli('export', '--type', 's3-bucket', '--type', 'gcs-bucket', '--db', workspace.dbPath);
    expect(result.code).toBe(0);
    expect(exportedSlugs(result.stdout)).toEqual(['aws-credentials', 'gcp-credentials', 'gcs-bucket', 'minio-credentials', 's3-bucket']);
    expect(JSON.parse(result.stdout)).toMatchObject({ block_registry_export: { format_version: 2, block_types: 5, block_schemas: 5 } });
    expect(Object.keys(asObject(json(result.stdout).collections))).toEqual(['prefect-aws', 'prefect-gcp']);
  });

  it('--type nope exits 1 with the message and prints nothing on stdout', async () => {
    await autoRegister();
    const result = await cli('export', '--type', 'nope', '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("block-registry: No block type with slug 'nope'.");
  });

  it('export takes no positional arguments (usage error, exit 2)', async () => {
    const result = await cli('export', 's3-bucket', '--db', workspace.dbPath);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('export takes no arguments (got s3-bucket)');
  });

  it('an empty database exports no collections', async () => {
    await (await openDatabase(workspace.dbPath)).close(); // export no longer creates a missing database
    const result = await cli('export', '--db', workspace.dbPath);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ block_registry_export: { format_version: 2, block_types: 0, block_schemas: 0 }, collections: {} });
  });
});

describe('import warnings go to stderr prefixed warning:', () => {
  it('re-importing an export into the same database warns about the three protected slugs, whose metadata would not change', async () => {
    await autoRegister();
    const file = workspace.path('export.json');
    writeFileSync(file, (await cli('export', '--db', workspace.dbPath)).stdout);
    const result = await cli('import', file, '--db', workspace.dbPath);
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n').sort()).toEqual(
      [
        ['local-file-system', 'Local File System'],
        ['secret', 'Secret'],
        ['webhook', 'Webhook'],
      ].map(([slug, name]) => `warning: ${file}: collections.prefect.block_types.${slug}.slug: slug '${slug}' belongs to the protected block type '${name}'; nothing about it would change.`),
    );
    expect(result.stdout).toContain('block types 0 created, 0 updated, 54 unchanged; schemas 0 created, 54 already registered');
  });

  it('a hand-edited checksum is a warning on stderr; the import still succeeds', async () => {
    const edited = blockEntry('Edited', 'edited');
    const right = String(asObject(edited.block_schema).checksum);
    const wrong = `sha256:${'b'.repeat(64)}`;
    asObject(edited.block_schema).checksum = wrong;
    const file = workspace.writeJson('edited.json', [edited]);
    const result = await cli('import', file, '--db', workspace.dbPath);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `warning: ${file}: [0].block_schema.checksum: the recorded checksum ${wrong} does not match the fields (${right}): the file was edited by hand. The computed checksum will be stored.`,
    );
    const schemas = JSON.parse((await cli('schemas', '--type', 'edited', '--json', '--db', workspace.dbPath)).stdout) as Array<{ checksum: string }>;
    expect(schemas.map((schema) => schema.checksum)).toEqual([right]);
  });

  it('no warnings, no stderr', async () => {
    const file = workspace.writeJson('clean.json', blockEntry('Clean', 'clean'));
    const result = await cli('import', file, '--db', workspace.dbPath);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});
