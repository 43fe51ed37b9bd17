// The command line as a new user tries it, on a real database registered by `auto-register`:
// `search` ranks as the window's search box does (the same module, src/shared/search.ts), and
// `show SLUG` prints a type with its newest schema's fields as the window's table has them;
// `types --type` lists only the types asked for; `import --dry-run` previews into a database
// that does not exist yet; `auto-register` (what `npm start` runs without Electron) names the
// database it wrote.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalogue } from '../../src/main/registry/catalogue';
import { openDatabase } from '../../src/main/db/database';
import { readBlockSchemaDetail, readBlockTypeDetail } from '../../src/main/operations/browse';
import { parseJson } from '../../src/shared/json';
import { schemaFields } from '../../src/shared/schema-fields';
import { searchEntries } from '../../src/shared/search';
import { cli, cliWithEnv } from '../helpers/cli';
import { CATALOGUE_PATH } from '../helpers/registry';

let folder = '';
let dbPath = '';

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'block-registry-cli-search-'));
  dbPath = join(folder, 'registry.sqlite');
  expect((await cli('auto-register', '--db', dbPath)).code).toBe(0);
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

const slugsOf = (stdout: string): string[] => stdout.split('\n').map((line) => line.split(/\s{2,}/)[1] ?? '');

describe('search', () => {
  it('finds a type by its class name, its snake_case, its package, with a typo, by an alias', async () => {
    const byClass = await cli('search', 'AwsCredentials', '--db', dbPath);
    expect(byClass.code).toBe(0);
    expect(byClass.stdout.split('\n')[0]).toMatch(/^AWS Credentials\s+aws-credentials\s+prefect-aws\s+AwsCredentials$/);
    expect(slugsOf((await cli('search', 'aws_credentials', '--db', dbPath)).stdout)[0]).toBe('aws-credentials');
    expect(slugsOf((await cli('search', 'prefect_aws', '--db', dbPath)).stdout).sort()).toEqual(['aws-credentials', 'aws-secret', 'lambda-function', 'minio-credentials', 's3-bucket']);
    // Words on the line are one query, as typed in the window.
    expect(slugsOf((await cli('search', 's3', 'bukcet', '--db', dbPath)).stdout)).toEqual(['s3-bucket']);
    expect(slugsOf((await cli('search', 'k8s', '--db', dbPath)).stdout)).toEqual(['kubernetes-cluster-config', 'kubernetes-credentials']);
    expect(slugsOf((await cli('search', 'credentails', '--db', dbPath)).stdout)).toContain('gcp-credentials');
  });

  it("orders the results as the window's search does", async () => {
    const registry = await openDatabase(dbPath, { create: false });
    try {
      const entries = await readCatalogue(registry.db);
      for (const query of ['credentials', 's3', 'webhook', 'prefect_gcp', 'creds']) {
        const printed = slugsOf((await cli('search', query, '--db', dbPath)).stdout);
        expect(printed, query).toEqual(searchEntries(entries, query).map((entry) => entry.block_type.slug));
      }
    } finally {
      await registry.close();
    }
  });

  it('--json: each result with how it matched, and the query', async () => {
    const result = await cli('search', 'AwsCredentials', '--json', '--db', dbPath);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { query: string; did_you_mean: string | null; results: Array<{ match: string; block_type: { slug: string }; collection: string; schema_title: string }> };
    expect(json.query).toBe('AwsCredentials');
    expect(json.did_you_mean).toBeNull();
    expect(json.results[0]).toMatchObject({ match: 'exact', block_type: { slug: 'aws-credentials' }, collection: 'prefect-aws', schema_title: 'AwsCredentials' });
  });

  it('nothing found: exit 1, "Did you mean …?" when a near word finds something', async () => {
    const typo = await cli('search', 'kubrnetis', '--db', dbPath);
    expect(typo).toEqual({ code: 1, stdout: '', stderr: "block-registry: no block type matches 'kubrnetis'. Did you mean 'kubernetes'? (block-registry search kubernetes)" });
    const json = JSON.parse((await cli('search', 'kubrnetis', '--json', '--db', dbPath)).stdout) as { results: unknown[]; did_you_mean: string | null };
    expect(json).toEqual({ query: 'kubrnetis', results: [], did_you_mean: 'kubernetes' });
    expect(await cli('search', 'zzz', '--db', dbPath)).toEqual({ code: 1, stdout: '', stderr: "block-registry: no block type matches 'zzz'." });
  });

  it('refuses a missing query as a usage error, and a missing database without creating it', async () => {
    const missing = await cli('search', '--db', dbPath);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('search needs a QUERY');
    const noDatabase = await cli('search', 's3', '--db', join(folder, 'absent.sqlite'));
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stderr).toContain('does not exist');
  });
});

describe('types --type', () => {
  it('lists only the types asked for (it used to ignore --type and list all 54)', async () => {
    const result = await cli('types', '--type', 's3-bucket', '--type', 'secret', '--db', dbPath);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([expect.stringMatching(/^S3 Bucket\s+s3-bucket$/), expect.stringMatching(/^Secret\s+secret\s+protected$/)]);
    const json = JSON.parse((await cli('types', '--type', 'secret', '--json', '--db', dbPath)).stdout) as Array<{ slug: string }>;
    expect(json.map((type) => type.slug)).toEqual(['secret']);
  });

  it('says which slug names no type, as schemas --type does', async () => {
    expect(await cli('types', '--type', 's3-bucket', '--type', 's3-buckt', '--db', dbPath)).toEqual({ code: 1, stdout: '', stderr: "block-registry: No block type with slug 's3-buckt'." });
  });
});

describe('import --dry-run into a database that does not exist yet', () => {
  it('previews against an empty database and creates nothing, not even the folder (it used to refuse)', async () => {
    const path = join(folder, 'new-folder', 'registry.sqlite');
    const text = await cli('import', '--dry-run', CATALOGUE_PATH, '--db', path);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toBe(`block-registry: the database ${path} does not exist yet: previewing against an empty one (nothing is created).`);
    expect(text.stdout.split('\n').at(-1)).toBe('Would register: block types 40 new, 0 updated, 0 unchanged; schemas 40 new, 0 already registered.');
    const json = JSON.parse((await cli('import', '--dry-run', '--json', CATALOGUE_PATH, '--db', path)).stdout) as { counts: { new: number } };
    expect(json.counts.new).toBe(40);
    expect(existsSync(join(folder, 'new-folder'))).toBe(false);
    // The import itself then registers what the preview said.
    const imported = await cli('import', CATALOGUE_PATH, '--db', path);
    expect(imported.stdout.split('\n').at(-1)).toMatch(/^Total: block types 40 created, 0 updated, 0 unchanged; schemas 40 created, 0 already registered/);
  });

  it('a path that is a folder is still refused, not previewed', async () => {
    const result = await cli('import', '--dry-run', CATALOGUE_PATH, '--db', folder);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('previewing');
  });
});

describe('auto-register', () => {
  // The default path from XDG_CONFIG_HOME: Linux only (macOS and Windows take the real home folder, not this test's).
  it.runIf(process.platform === 'linux')('names the database file it wrote, the default one too (npm start without Electron runs it)', async () => {
    const home = join(folder, 'home');
    const env = { XDG_CONFIG_HOME: join(home, '.config') };
    const result = await cliWithEnv(env, 'auto-register');
    expect(result.code, result.stderr).toBe(0);
    const last = result.stdout.split('\n').at(-1) ?? '';
    expect(last).toMatch(/^Database: /);
    const written = last.slice('Database: '.length);
    expect(written.startsWith(home)).toBe(true);
    expect(existsSync(written)).toBe(true);
    expect(readdirSync(folder)).toContain('home');
  });
});

describe('show SLUG', () => {
  /** The rows of the window's fields table for the type's newest schema, read as the window reads them. */
  async function windowFieldRows(path: string, slug: string) {
    const registry = await openDatabase(path, { create: false });
    try {
      const detail = await readBlockTypeDetail(registry.db, slug);
      const newest = await readBlockSchemaDetail(registry.db, detail.schemas[0]?.id ?? '');
      return schemaFields(parseJson(newest.fields_json));
    } finally {
      await registry.close();
    }
  }

  it("prints what the type is, its newest schema's fields as the window's table rows, and its versions", async () => {
    const result = await cli('show', 'aws-credentials', '--db', dbPath);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('AWS Credentials');
    expect(lines).toContain('Slug           aws-credentials');
    expect(lines).toContain('Class name     AwsCredentials');
    expect(lines).toContain('Collection     prefect-aws');
    const rows = await windowFieldRows(dbPath, 'aws-credentials');
    const header = lines.findIndex((line) => line.startsWith('  PROPERTY'));
    expect(header).toBeGreaterThan(0);
    const printed = lines.slice(header + 1, header + 1 + rows.length).map((line) => line.trim().split(/\s{2,}/));
    expect(printed.map((cells) => cells.slice(0, 5))).toEqual(rows.map((row) => [row.name, row.type, row.required ? 'yes' : 'no', row.default ?? '—', row.secret ? 'yes' : 'no']));
    expect(printed.find((cells) => cells[0] === 'aws_secret_access_key')?.[4]).toBe('yes');
    expect(lines).toContain('Schema versions (1, newest first):');
  });

  it('--json: the same rows, the entry and every version', async () => {
    const json = JSON.parse((await cli('show', 'aws-credentials', '--json', '--db', dbPath)).stdout) as { entry: { schema_title: string }; fields: unknown[]; schemas: Array<{ version: string }> };
    expect(json.entry.schema_title).toBe('AwsCredentials');
    expect(json.fields).toEqual(await windowFieldRows(dbPath, 'aws-credentials'));
    expect(json.schemas.map((schema) => schema.version)).toEqual(['0.4.14']);
  });

  it('lists every version newest first, the fields of the newest', async () => {
    const path = join(folder, 'versions.sqlite');
    const version = (number: string, properties: Record<string, unknown>) => {
      const file = join(folder, `v${number}.json`);
      const fields = { title: 'VersionedThing', type: 'object', properties, block_type_slug: 'versioned-thing', secret_fields: [], block_schema_references: {} };
      writeFileSync(
        file,
        JSON.stringify({
          name: 'Versioned Thing',
          slug: 'versioned-thing',
          logo_url: null,
          documentation_url: null,
          description: null,
          code_example: null,
          block_schema: { checksum: null, fields, capabilities: [], version: number },
          // A default written 1.0 is shown as written, as the window shows it.
        }).replace('"default":1', '"default":1.0'),
      );
      return file;
    };
    expect((await cli('import', version('1.0', { old: { title: 'Old', type: 'string' } }), '--db', path)).code).toBe(0);
    expect((await cli('import', version('2.0', { fresh: { title: 'Fresh', type: 'integer', default: 1.0 } }), '--db', path)).code).toBe(0);
    const lines = (await cli('show', 'versioned-thing', '--db', path)).stdout.split('\n');
    expect(lines.filter((line) => /^ {2}(old|fresh) /.test(line)).map((line) => line.trim().split(/\s{2,}/))).toEqual([['fresh', 'integer', 'no', '1.0', 'no']]);
    const versions = lines.slice(lines.indexOf('Schema versions (2, newest first):') + 1).map((line) => line.trim().split(/\s{2,}/)[0]);
    expect(versions).toEqual(['2.0', '1.0']);
  });

  it('a slug that names nothing: exit 1 and the slug the search would find; no SLUG is a usage error', async () => {
    expect(await cli('show', 'AwsCredentials', '--db', dbPath)).toEqual({ code: 1, stdout: '', stderr: "block-registry: No block type with slug 'AwsCredentials'. Did you mean 'aws-credentials'?" });
    expect((await cli('show', 'zzz', '--db', dbPath)).stderr).toBe("block-registry: No block type with slug 'zzz'.");
    const missing = await cli('show', '--db', dbPath);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe('block-registry: show needs the SLUG of a block type (block-registry types lists them; block-registry search finds one)');
    expect((await cli('show', 'a', 'b', '--db', dbPath)).code).toBe(2);
  });
});
