// The command line as a new user tries it, on a real database registered by `auto-register`:
// `search` ranks as the window's search box does (the same module, src/shared/search.ts), and
// `types --type` lists only the types asked for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalogue } from '../../src/main/registry/catalogue';
import { openDatabase } from '../../src/main/db/database';
import { searchEntries } from '../../src/shared/search';
import { cli } from '../helpers/cli';

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
