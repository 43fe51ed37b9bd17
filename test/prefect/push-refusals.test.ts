// A push the server refuses part of, against a real Prefect 3.9.1 server behind a proxy that
// refuses one schema (answering 422 for AwsCredentials' schema, as a server refuses a body it
// cannot take): every type and schema that does not depend on it is pushed, what must follow it
// (S3Bucket, which holds AwsCredentials in a union) is not, each named on stderr with why, and
// the command exits 1. Run again once the server takes it, the push completes. A server that
// cannot be reached part way stops the push instead (server-faults.test.ts).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchRegistryAt } from '../../src/main/operations/launch';
import { openDatabase } from '../../src/main/db/database';
import { readBlockSchemas } from '../../src/main/registry/block-schemas';
import type { PushReport } from '../../src/main/servers/push';
import { cliWithEnv, type CliResult } from '../helpers/cli';
import { answerJson, relay, startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { useTempFolder } from '../helpers/registry';
import { filterAll, startPrefectServer, type PrefectServer } from './server';

const folder = useTempFolder('push-refusals');
const db = join(folder, 'registry.sqlite');
let server: PrefectServer;
let proxy: FaultProxy;
let refused = 0;

beforeAll(async () => {
  server = await startPrefectServer({ PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' });
  await (await launchRegistryAt(db)).registry.close();
  proxy = await startFaultProxy(server.api, {
    'refuse-aws-credentials': async (request, response, forward) => {
      if (request.method === 'POST' && request.route.startsWith('/block_schemas/') && !request.route.startsWith('/block_schemas/filter')) {
        const body = JSON.parse(request.body.toString('utf8')) as { fields?: { title?: string } };
        if (body.fields?.title === 'AwsCredentials') {
          refused += 1;
          answerJson(response, 422, { detail: 'AwsCredentials is refused by this test' });
          return;
        }
      }
      relay(response, await forward());
    },
    passing: async (_request, response, forward) => relay(response, await forward()),
  });
});

afterAll(async () => {
  await proxy?.close();
  await server?.stop();
  rmSync(folder, { recursive: true, force: true });
});

function push(scenario: string, ...extra: string[]): Promise<CliResult> {
  return cliWithEnv({ BLOCK_REGISTRY_DB: db, PREFECT_HOME: join(folder, 'empty-home') }, 'server', 'push', '--api-url', proxy.url(scenario), ...extra);
}

/** `slug version checksum` of this registry's schemas that a push sends (not protected), sorted. */
async function localSchemaKeys(): Promise<string[]> {
  const registry = await openDatabase(db);
  try {
    return (await readBlockSchemas(registry.db))
      .filter((schema) => !schema.block_type.is_protected)
      .map((schema) => `${schema.block_type.slug} ${schema.version} ${schema.checksum}`)
      .sort();
  } finally {
    await registry.close();
  }
}

async function serverSchemaKeys(): Promise<string[]> {
  const schemas = await filterAll<{ id: string; checksum: string; version: string; block_type: { slug: string } }>(server, '/block_schemas/filter');
  return schemas.map((schema) => `${schema.block_type.slug} ${schema.version} ${schema.checksum}`).sort();
}

it('pushes everything that does not depend on a refused schema, names what was not pushed and why, and completes when run again', async () => {
  const local = await localSchemaKeys();
  const schemaOf = (slug: string): { version: string; checksum: string; key: string } => {
    const key = local.find((candidate) => candidate.startsWith(`${slug} `)) as string;
    const [, version, checksum] = key.split(' ') as [string, string, string];
    return { version, checksum, key };
  };
  const described = (slug: string): string => `${slug}, schema version ${schemaOf(slug).version} (${schemaOf(slug).checksum})`;
  const follows = (slug: string, first: string): [string, string] => [
    slug,
    `${described(slug)}: not pushed, as it must follow ${first} ${schemaOf(first).version} (${schemaOf(first).checksum}), which was not.`,
  ];
  // Those nesting AwsCredentials come after it, and so does MinIOCredentials: S3Bucket's union
  // holds both, and a server reads a union's children back in the order they were created.
  const expected: Array<[string, string]> = [
    ['aws-credentials', `${described('aws-credentials')}: POST /block_schemas/ answered 422: AwsCredentials is refused by this test`],
    follows('aws-secret', 'aws-credentials'),
    follows('lambda-function', 'aws-credentials'),
    follows('minio-credentials', 'aws-credentials'),
    follows('s3-bucket', 'minio-credentials'),
  ];
  const stderrLines = (stderr: string): string[] => stderr.trim().split('\n').sort();
  const expectedLines = expected.map(([, message]) => `block-registry: ${message}`).sort();
  const notPushed = new Set(expected.map(([slug]) => schemaOf(slug).key));

  const partial = await push('refuse-aws-credentials');
  expect(partial.code, partial.stderr).toBe(1);
  // Refused once: a 422 is the server's answer to that request, not asked again.
  expect(refused).toBe(1);
  expect(partial.stdout).toMatch(new RegExp(`block schemas: ${local.length - 5} created, 0 already there\n(.*\n)* {2}not pushed: 5 \\(listed on stderr; running it again retries them\\)`));
  expect(stderrLines(partial.stderr)).toEqual(expectedLines);
  // Everything else is there, and nothing of those (no child made from a parent's definitions either).
  expect(await serverSchemaKeys()).toEqual(local.filter((key) => !notPushed.has(key)));

  // Refused again: the JSON report lists them, the first refused, the others not sent.
  const again = await push('refuse-aws-credentials', '--json');
  expect(again.code, again.stderr).toBe(1);
  expect(refused).toBe(2);
  const report = JSON.parse(again.stdout) as PushReport;
  expect([...report.failures].sort((a, b) => a.block_type_slug.localeCompare(b.block_type_slug))).toEqual(
    expected.map(([slug, message]) => ({ block_type_slug: slug, version: schemaOf(slug).version, checksum: schemaOf(slug).checksum, message })),
  );
  expect(report.counts).toMatchObject({ failures: 5, types_created: 0, schemas_created: 0, schemas_present: local.length - 5 });
  expect(stderrLines(again.stderr)).toEqual(expectedLines);

  const completed = await push('passing');
  expect(completed.code, completed.stderr).toBe(0);
  expect(completed.stdout).toMatch(/block types: 4 created, 0 updated, 47 unchanged, 3 protected \(not touched\)\n {2}block schemas: 5 created, 46 already there/);
  expect(await serverSchemaKeys()).toEqual(local);
});
