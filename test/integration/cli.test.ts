import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/run';
import { openDatabase } from '../../src/main/db/database';
import { cli, useCliWorkspace } from '../helpers/cli';
import { CATALOGUE_PATH } from '../helpers/registry';

const workspace = useCliWorkspace();

const entry = (slug: string, name = `Block ${slug}`): Record<string, unknown> => ({
  name,
  slug,
  logo_url: null,
  documentation_url: null,
  description: `The ${slug} block.`,
  code_example: null,
  block_schema: {
    checksum: null,
    fields: { title: name.replace(/ /g, ''), type: 'object', properties: { x: { title: 'X', type: 'string' } }, block_type_slug: slug, secret_fields: [], block_schema_references: {} },
    capabilities: ['read-path'],
    version: '1.0.0',
  },
});

describe('command line', () => {
  it('auto-register registers 54 block types, then skips when nothing changed', async () => {
    const first = await cli('auto-register', '--json', '--db', workspace.dbPath);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as { totals: { created: number; schemas_created: number }; sources: Array<{ status: string }> };
    expect(report.totals.created).toBe(54);
    expect(report.totals.schemas_created).toBe(54);
    const second = await cli('--db', workspace.dbPath, 'auto-register', '--json');
    expect((JSON.parse(second.stdout) as { sources: Array<{ status: string }> }).sources.map((source) => source.status)).toEqual(['skipped', 'skipped', 'skipped']);
    const text = await cli('auto-register', '--force', '--db', workspace.dbPath);
    expect(text.stdout).toContain('Total: block types 0 created, 0 updated, 54 unchanged; schemas 0 created, 54 already registered');
  });

  it('types lists block types by name, as text and in Prefect API shape', async () => {
    await cli('auto-register', '--db', workspace.dbPath);
    const text = await cli('types', '--db', workspace.dbPath);
    const lines = text.stdout.split('\n');
    expect(lines).toHaveLength(54);
    expect(lines[0]).toMatch(/^AWS Credentials\s+aws-credentials$/);
    expect(text.stdout).toMatch(/Secret\s+secret\s+protected/);
    const json = JSON.parse((await cli('types', '--json', '--db', workspace.dbPath)).stdout) as Array<Record<string, unknown>>;
    expect(json).toHaveLength(54);
    expect(Object.keys(json[0] ?? {}).sort()).toEqual(['code_example', 'created', 'description', 'documentation_url', 'id', 'is_protected', 'logo_url', 'name', 'slug', 'updated'].sort());
    expect(
      json
        .filter((type) => type.is_protected === true)
        .map((type) => type.slug)
        .sort(),
    ).toEqual(['local-file-system', 'secret', 'webhook']);
  });

  it('schemas --type prints the rebuilt fields and nested block_type', async () => {
    await cli('auto-register', '--db', workspace.dbPath);
    const result = await cli('schemas', '--type', 'kubernetes-credentials', '--json', '--db', workspace.dbPath);
    expect(result.code).toBe(0);
    const [schema] = JSON.parse(result.stdout) as Array<{ checksum: string; block_type: { slug: string }; fields: { block_schema_references: unknown; definitions: Record<string, unknown> } }>;
    expect(schema?.checksum).toBe('sha256:957fa8dca90bd1b5fb9c575ee09e80b454116c0b134287fbc2eff47a72564c3b');
    expect(schema?.block_type.slug).toBe('kubernetes-credentials');
    expect(schema?.fields.block_schema_references).toEqual({
      cluster_config: { block_schema_checksum: 'sha256:90d421e948bfbe4cdc98b124995f0edd0f84b0837549ad1390423bad8e31cf3b', block_type_slug: 'kubernetes-cluster-config' },
    });
    expect(Object.keys(schema?.fields.definitions ?? {})).toEqual(['KubernetesClusterConfig']);
    const unknown = await cli('schemas', '--type', 'no-such-type', '--db', workspace.dbPath);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No block type with slug 'no-such-type'");
  });

  it('import registers every file in one transaction and prints a report', async () => {
    const one = workspace.path('one.json');
    const many = workspace.path('many.json');
    writeFileSync(one, JSON.stringify(entry('my-first-block')));
    writeFileSync(many, JSON.stringify([entry('my-second-block'), entry('my-third-block')]));
    const result = await cli('import', one, many, '--db', workspace.dbPath);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('block types 3 created, 0 updated, 0 unchanged; schemas 3 created, 0 already registered');
    const types = JSON.parse((await cli('types', '--json', '--db', workspace.dbPath)).stdout) as Array<{ slug: string }>;
    expect(types.map((type) => type.slug)).toEqual(['my-first-block', 'my-second-block', 'my-third-block']);
  });

  it('import of the real catalogue file creates its 40 types', async () => {
    const file = workspace.path('catalogue.json');
    copyFileSync(CATALOGUE_PATH, file);
    const result = await cli('import', file, '--json', '--db', workspace.dbPath);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { totals: { created: number } }).totals.created).toBe(40);
  });

  it('an invalid file anywhere in an import writes nothing, exits 1 and names file, path and reason', async () => {
    await cli('auto-register', '--db', workspace.dbPath);
    const before = readFileSync(workspace.dbPath);
    const good = workspace.path('good.json');
    const bad = workspace.path('bad.json');
    writeFileSync(good, JSON.stringify(entry('good-block')));
    writeFileSync(bad, JSON.stringify([entry('fine-block'), { ...entry('bad-block'), slug: 'Bad Slug' }]));
    const result = await cli('import', good, bad, '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${bad}: [1].slug: Block type slug must only contain lowercase letters, numbers, and dashes.`);
    expect(readFileSync(workspace.dbPath).equals(before)).toBe(true);
  });

  it('an import whose nested reference names an unknown block type writes nothing', async () => {
    const file = workspace.path('nested.json');
    const parent = entry('parent-block');
    const schema = parent.block_schema as { fields: Record<string, unknown> };
    schema.fields.block_schema_references = { child: { block_type_slug: 'missing-block', block_schema_checksum: `sha256:${'0'.repeat(64)}` } };
    writeFileSync(file, JSON.stringify(parent));
    // An existing database (read commands no longer create one).
    await (await openDatabase(workspace.dbPath)).close();
    const before = readFileSync(workspace.dbPath);
    const result = await cli('import', file, '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Cannot create block schema because block type 'missing-block' was not found.Did you forget to register the block type?");
    // The entry is the whole file; the path goes down to the reference that cannot be resolved.
    expect(result.stderr).toContain(`${file}: block_schema.fields.block_schema_references.child: Cannot create block schema`);
    expect(readFileSync(workspace.dbPath).equals(before)).toBe(true);
  });

  it("checksum prints Prefect's checksum per file and keeps float and big integer text", async () => {
    const empty = workspace.path('empty.json');
    const e7 = workspace.path('e7.json');
    writeFileSync(empty, '{}');
    writeFileSync(
      e7,
      '{"title": "Über", "type": "object", "properties": {"ratio": {"type": "number", "default": 1.0}, "big": {"default": 12345678901234567890}, "tiny": {"default": 1e-05}}, "anyOf": [{"secret_fields": ["x"]}], "secret_fields": ["y"], "definitions": {"Unused": {"type": "object"}}}',
    );
    const result = await cli('checksum', empty, e7);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      `sha256:f8e6e96abbc38504d4e9c99fc57281fa0026bede1fa42db79f22f984501710f4  ${empty}`,
      `sha256:fbd8d60a764f8202ca922dbdf71ca3bb4d577c7718dc5f77e2f9a2bdc1912cae  ${e7}`,
    ]);
  });

  it('checksum reports a file that is not a JSON object and exits 1', async () => {
    const list = workspace.path('list.json');
    const broken = workspace.path('broken.json');
    writeFileSync(list, '[1, 2]');
    writeFileSync(broken, '{"a": }');
    const result = await cli('checksum', list, broken);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${list}: expected one block schema's "fields" JSON object`);
    expect(result.stderr).toContain(`${broken}: Invalid JSON at line 1, column 7`);
  });

  it.each([[[]], [['frobnicate']]])('usage error %j exits 2 with the usage text', async (argv) => {
    const result = await cli(...argv, '--db', workspace.dbPath);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: block-registry <command>');
  });

  // A usage error of one command shows that command's usage line and points at its help.
  it.each([
    [['import'], 'import'],
    [['checksum'], 'checksum'],
    [['types', 'extra'], 'types'],
    [['types', '--no-such-option'], 'types'],
  ])('usage error %j exits 2 with the usage of %s', async (argv, name) => {
    const result = await cli(...argv, '--db', workspace.dbPath);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`\nUsage: block-registry ${name}`);
    expect(result.stderr).toContain(`Run 'block-registry help ${name}' for its usage.`);
    expect(result.stderr).not.toContain('Usage: block-registry <command>');
  });

  it('--help prints the usage and exits 0', async () => {
    const result = await cli('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('auto-register');
  });

  it('BLOCK_REGISTRY_DB selects the database when --db is absent', async () => {
    const out: string[] = [];
    const code = await runCli(['auto-register', '--json'], { stdout: (text) => out.push(text), stderr: () => undefined, env: { BLOCK_REGISTRY_DB: workspace.dbPath } });
    expect(code).toBe(0);
    expect(readFileSync(workspace.dbPath).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
  });

  it('refuses a file that is not a database, leaving it untouched', async () => {
    writeFileSync(workspace.dbPath, 'not a database at all');
    const result = await cli('types', '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not a SQLite database. It was left untouched.');
    expect(readFileSync(workspace.dbPath, 'utf8')).toBe('not a database at all');
  });

  it.each([['types'], ['schemas'], ['export'], ['search', 's3'], ['show', 's3-bucket']])(
    '%s with a --db that does not exist says so, exits 1 and creates nothing, not even the folder',
    async (...command) => {
      const file = workspace.path('one.json');
      writeFileSync(file, JSON.stringify([entry('one')]));
      const path = workspace.path('missing', 'registry.sqlite');
      const result = await cli(...command.map((arg) => (arg === 'FILE' ? file : arg)), '--db', path);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `block-registry: The database ${path} does not exist. Nothing was created; "block-registry auto-register" (or starting the app) creates it and registers Prefect's blocks in it.`,
      );
      expect(readdirSync(workspace.folder)).toEqual(['one.json']);
    },
  );

  it('an empty --db is a usage error', async () => {
    const result = await cli('types', '--db', '');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('block-registry: --db needs a file path');
    expect(readdirSync(workspace.folder)).toEqual([]);
  });

  it('runs as a separate process: report on stdout, errors on stderr, exit codes', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/main/cli/main.ts', ...args], { encoding: 'utf8', env: { ...process.env, BLOCK_REGISTRY_DB: workspace.dbPath } });
    const ok = run('auto-register', '--json');
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as { totals: { created: number } }).totals.created).toBe(54);
    const usage = run('nope');
    expect(usage.status).toBe(2);
    expect(usage.stdout).toBe('');
    expect(usage.stderr).toContain("unknown command 'nope'");
  });

  it('schemas --json keeps float and big integer text as imported', async () => {
    const file = workspace.path('numbers.json');
    const text = JSON.stringify(entry('number-block')).replace('"type":"string"}', '"type":"number","default":1.0,"maximum":12345678901234567890}');
    expect(text).toContain('"default":1.0,');
    writeFileSync(file, text);
    expect((await cli('import', file, '--db', workspace.dbPath)).code).toBe(0);
    const output = (await cli('schemas', '--type', 'number-block', '--json', '--db', workspace.dbPath)).stdout;
    expect(output).toContain('"maximum": 12345678901234567890');
    expect(output).toMatch(/"default": 1\.0\b/);
  });
});
