// A push the server refuses part of, against a real Prefect 3.9.1 server behind a proxy that
// refuses one schema (answering 422 for AwsCredentials' schema, as a server refuses a body it
// cannot take): every type and schema that does not depend on it is pushed, what must follow it
// (S3Bucket, which holds AwsCredentials in a union) is not, each named on stderr with why, and
// the command exits 1. Run again once the server takes it, the push completes. The window's push,
// the same operation, gives each of those types its failure and the others their outcome. A
// server that cannot be reached part way stops the push instead (server-faults.test.ts).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchRegistryAt } from '../../src/main/operations/launch';
import type { PushReport } from '../../src/main/servers/push';
import { cliWithEnv, type CliResult } from '../helpers/cli';
import { refusingSchema, relay, startFaultProxy, type FaultProxy, type Scenario } from '../helpers/fault-proxy';
import { recordingHandlers } from '../helpers/handlers';
import { testEncryptor } from '../helpers/encryptor';
import type { ServerConnectionInfo } from '../../src/shared/servers';
import { useTempFolder } from '../helpers/registry';
import { startPrefectServer, type PrefectServer } from './server';
import { localSchemaKeys, serverSchemaKeys } from './schema-keys';

const folder = useTempFolder('push-refusals');
const db = join(folder, 'registry.sqlite');
let server: PrefectServer;
let proxy: FaultProxy;
/** A second server, for the window's push. */
let windowServer: PrefectServer;
let windowProxy: FaultProxy;
let refused = 0;

const scenarios: Record<string, Scenario> = {
  'refuse-aws-credentials': refusingSchema('AwsCredentials', () => (refused += 1)),
  passing: async (_request, response, forward) => relay(response, await forward()),
};

beforeAll(async () => {
  const empty = { PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' };
  [server, windowServer] = await Promise.all([startPrefectServer(empty), startPrefectServer(empty)]);
  await (await launchRegistryAt(db)).registry.close();
  proxy = await startFaultProxy(server.api, scenarios);
  windowProxy = await startFaultProxy(windowServer.api, scenarios);
});

afterAll(async () => {
  await Promise.all([proxy?.close(), windowProxy?.close()]);
  await Promise.all([server?.stop(), windowServer?.stop()]);
  rmSync(folder, { recursive: true, force: true });
});

function push(scenario: string, ...extra: string[]): Promise<CliResult> {
  return cliWithEnv({ BLOCK_REGISTRY_DB: db, PREFECT_HOME: join(folder, 'empty-home') }, 'server', 'push', '--api-url', proxy.url(scenario), ...extra);
}

/** What the refusal of AwsCredentials leaves out of a push of Prefect's blocks: [slug, its failure], and the schemas' keys. */
async function expectedFailures(): Promise<{
  local: string[];
  schemaOf: (slug: string) => { version: string; checksum: string; key: string };
  expected: Array<[string, string]>;
  notPushed: Set<string>;
}> {
  const local = await localSchemaKeys(db);
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
  return { local, schemaOf, expected, notPushed: new Set(expected.map(([slug]) => schemaOf(slug).key)) };
}

it('pushes everything that does not depend on a refused schema, names what was not pushed and why, and completes when run again', async () => {
  const { local, schemaOf, expected, notPushed } = await expectedFailures();
  const stderrLines = (stderr: string): string[] => stderr.trim().split('\n').sort();
  const expectedLines = expected.map(([, message]) => `block-registry: ${message}`).sort();

  const partial = await push('refuse-aws-credentials');
  expect(partial.code, partial.stderr).toBe(1);
  // Refused once: a 422 is the server's answer to that request, not asked again.
  expect(refused).toBe(1);
  expect(partial.stdout).toMatch(new RegExp(`block schemas: ${local.length - 5} created, 0 already there\n(.*\n)* {2}not pushed: 5 \\(listed on stderr; running it again retries them\\)`));
  expect(stderrLines(partial.stderr)).toEqual(expectedLines);
  // Everything else is there, and nothing of those (no child made from a parent's definitions either).
  expect(await serverSchemaKeys(server)).toEqual(local.filter((key) => !notPushed.has(key)));

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
  expect(await serverSchemaKeys(server)).toEqual(local);
});

it("the window's push gives the refused type and those that must follow it their failure, and the others their outcome", async () => {
  const { local, expected, notPushed } = await expectedFailures();
  const launched = await launchRegistryAt(db);
  try {
    const main = recordingHandlers(launched, { secretEncryptor: testEncryptor(), prefectEnv: { PREFECT_HOME: join(folder, 'empty-home') } });
    const connection = await main.call<ServerConnectionInfo>('saveConnection', { id: null, name: 'Refusing', api_url: windowProxy.url('refuse-aws-credentials'), auth: 'none', secret: null });
    const { job_id } = await main.call<{ job_id: string }>('startTransfer', { direction: 'push', connection_id: connection.id, slugs: [...new Set(local.map((key) => key.split(' ')[0] as string))] });
    const job = await main.settle(job_id);
    expect(job).toMatchObject({ state: 'failed', done: 51, total: 51, message: '5 of 51 block types failed; the others are done. Running it again retries them.' });
    const failed = job.results.filter((result) => result.outcome === 'failed').map((result) => [result.slug, result.message]);
    expect(failed.sort()).toEqual(expected);
    expect(job.results.filter((result) => result.outcome === 'created')).toHaveLength(46);
    expect(await serverSchemaKeys(windowServer)).toEqual(local.filter((key) => !notPushed.has(key)));
  } finally {
    await launched.registry.close();
  }
});
