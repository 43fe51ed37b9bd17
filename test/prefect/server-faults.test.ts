// Issue 11: `server push` under faults, against a real Prefect 3.9.1 server on SQLite and on PostgreSQL. A push of many types
// interrupted by killing the server (SIGKILL) completes when run again after a restart on the same
// database, every schema present once; and a push through a proxy that drops connections after
// the server answered (so requests are retried after the server acted on them) ends the same. A
// TLS proxy with a certificate nobody vouches for is refused with its own message, nothing written.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchRegistryAt } from '../../src/main/operations/launch';
import { cliWithEnv, type CliResult } from '../helpers/cli';
import { generateCatalogue } from '../helpers/generated-catalogue';
import { filterAll, startPrefectServer, type PrefectServer } from './server';
import { localSchemaKeys, serverSchemaKeys } from './schema-keys';
import { useTempFolder } from '../helpers/registry';
import { SERVER_BACKENDS, serverDatabaseEnv } from './backends';

const TYPE_COUNT = 150;
describe.each(SERVER_BACKENDS)('on a %s-backed server', (backend) => {
  const folder = useTempFolder(`server-faults-${backend}`);
  const generatedDb = join(folder, 'generated.sqlite');
  const builtInDb = join(folder, 'built-in.sqlite');
  // Set when the file starts, and kept: the restarted server stands on the same database.
  let serverEnv: NodeJS.ProcessEnv = {};
  let server: PrefectServer | undefined;
  let proxy: Server | undefined;

  function push(db: string, apiUrl: string, ...extra: string[]): Promise<CliResult> {
    return cliWithEnv({ BLOCK_REGISTRY_DB: db, PREFECT_HOME: join(folder, 'empty-home') }, 'server', 'push', '--api-url', apiUrl, ...extra);
  }

  beforeAll(async () => {
    serverEnv = { ...serverDatabaseEnv(backend, join(folder, 'prefect.db')), PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' };
    const starting = startPrefectServer(serverEnv);
    const catalogue = join(folder, 'generated.json');
    writeFileSync(catalogue, generateCatalogue(TYPE_COUNT));
    const imported = await cliWithEnv({ BLOCK_REGISTRY_DB: generatedDb }, 'import', catalogue);
    expect(imported.code, imported.stderr).toBe(0);
    await (await launchRegistryAt(builtInDb)).registry.close();
    server = await starting;
  });

  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => (proxy === undefined ? resolve(undefined) : proxy.close(resolve)));
    rmSync(folder, { recursive: true, force: true });
  });

  it(`a push of ${TYPE_COUNT} types interrupted by killing the server completes on re-run, every schema present once`, async () => {
    const first = server as PrefectServer;
    const pushing = push(generatedDb, first.api);
    // Kill it once a good part, but not all, is there.
    for (;;) {
      // A kept-alive connection the server just closed fails one poll (uvicorn's keep-alive race).
      const count = await filterAll(first, '/block_schemas/filter').then(
        (rows) => rows.length,
        () => 0,
      );
      if (count >= 40) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await first.kill();
    const interrupted = await pushing;
    expect(interrupted.code).toBe(1);
    expect(interrupted.stderr).toMatch(/Prefect server at http:\/\/127\.0\.0\.1:\d+/);
    server = await startPrefectServer(serverEnv);
    const before = (await serverSchemaKeys(server as PrefectServer)).length;
    expect(before).toBeGreaterThanOrEqual(40);
    expect(before).toBeLessThan(TYPE_COUNT);
    const completed = await push(generatedDb, server.api, '--json');
    expect(completed.code, completed.stderr).toBe(0);
    const report = JSON.parse(completed.stdout) as { counts: { schemas_created: number; schemas_present: number; checksum_mismatches: number } };
    expect(report.counts).toMatchObject({ schemas_created: TYPE_COUNT - before, schemas_present: before, checksum_mismatches: 0 });
    // Every schema once: no duplicate, no non-versioned copy made from a parent's definitions.
    expect(await serverSchemaKeys(server as PrefectServer)).toEqual(await localSchemaKeys(generatedDb));
  });

  /** A TCP proxy to the server that resets every `nth` connection as soon as the server answers on it. */
  async function faultyProxy(target: URL, nth: number): Promise<{ url: string; faults: () => number }> {
    let connections = 0;
    let faults = 0;
    proxy = createServer((client) => {
      connections += 1;
      const faulty = connections % nth === 0;
      const upstream = createConnection(Number(target.port), target.hostname);
      client.on('error', () => undefined);
      upstream.on('error', () => client.destroy());
      client.pipe(upstream);
      upstream.on('data', (chunk: Buffer) => {
        if (!faulty) {
          client.write(chunk);
          return;
        }
        faults += 1;
        client.resetAndDestroy();
        upstream.destroy();
      });
      upstream.on('end', () => client.end());
      client.on('close', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy?.listen(0, '127.0.0.1', resolve));
    const address = proxy.address();
    if (address === null || typeof address === 'string') throw new Error('no proxy address');
    return { url: `http://127.0.0.1:${address.port}/api`, faults: () => faults };
  }

  it('a push through a proxy that drops connections after the server acted ends with every schema once', async () => {
    const { url, faults } = await faultyProxy(new URL((server as PrefectServer).api), 3);
    const result = await push(builtInDb, url, '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(faults()).toBeGreaterThan(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ counts: { types_created: 51, checksum_mismatches: 0 } });
    const expected = [...(await localSchemaKeys(builtInDb)), ...(await localSchemaKeys(generatedDb))].sort();
    expect(await serverSchemaKeys(server as PrefectServer)).toEqual(expected);
    const again = await push(builtInDb, url);
    expect(again.stdout).toMatch(/^Nothing to push/);
  });

  /** A TLS-terminating proxy to the server with a new self-signed certificate for 127.0.0.1. */
  async function selfSignedTlsProxy(target: URL): Promise<{ url: string; certificate: string; close: () => Promise<void> }> {
    const key = join(folder, 'tls-key.pem');
    const certificate = join(folder, 'tls-cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certificate, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {
      stdio: 'ignore',
    });
    const tlsProxy = createTlsServer({ key: readFileSync(key), cert: readFileSync(certificate) }, (client) => {
      const upstream = createConnection(Number(target.port), target.hostname);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => tlsProxy.listen(0, '127.0.0.1', resolve));
    const address = tlsProxy.address();
    if (address === null || typeof address === 'string') throw new Error('no proxy address');
    return { url: `https://127.0.0.1:${address.port}/api`, certificate, close: () => new Promise((resolve) => tlsProxy.close(() => resolve())) };
  }

  // The TLS refusal is the client's, whatever the server's database: once is enough.
  it.runIf(backend === 'sqlite')('a server whose TLS certificate is not trusted: refused with its own message, and a pull writes nothing locally', async () => {
    const tls = await selfSignedTlsProxy(new URL((server as PrefectServer).api));
    try {
      const before = readFileSync(builtInDb);
      const pulled = await cliWithEnv({ BLOCK_REGISTRY_DB: builtInDb, PREFECT_HOME: join(folder, 'empty-home') }, 'server', 'pull', '--api-url', tls.url);
      expect(pulled.code).toBe(1);
      expect(pulled.stderr).toMatch(/its TLS certificate was not accepted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/);
      expect(readFileSync(builtInDb).equals(before)).toBe(true);
      // The same proxy, its certificate trusted (in a process of its own: Node reads
      // NODE_EXTRA_CA_CERTS at start-up): the refusal was the certificate's, not the proxy's.
      const trusted = await builtCli(['server', 'check', '--api-url', tls.url], { NODE_EXTRA_CA_CERTS: tls.certificate, PREFECT_HOME: join(folder, 'empty-home'), BLOCK_REGISTRY_DB: builtInDb });
      expect(trusted.code, trusted.output).toBe(0);
    } finally {
      await tls.close();
    }
  });

  /** The built command line in a process of its own (out/main/cli.js; npm test builds it first). */
  function builtCli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(process.cwd(), 'out', 'main', 'cli.js'), ...argv], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, output }));
    });
  }
});
