// `prefect transfer` beside ours, on the same servers in the same run (issue 24's nearest peer).
// Prefect 3.9.1's `prefect transfer --from PROFILE --to PROFILE` moves block types and schemas only
// as dependencies of block documents, so the source holds one document per block type: a
// PostgreSQL-backed server that registered the public collections itself at start-up (the
// collections venv, .venv-collections; the read-backs that are lossy come from these), 50 ms
// away through the latency proxy. Each side copies it to its own empty server, as far away:
// Prefect's CLI in one process; ours as `server copy` (every type and schema) then `documents
// copy` of every document, two processes. Every run is a whole process, timed from spawn to exit.
// Then, over REST, each target's schemas are compared with the source's: a schema stored under
// a checksum the source does not hold is a different schema to every Prefect client.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prefectEnv } from '../../scripts/prefect-venv.mjs';
import { startPostgresCluster, stopPostgresCluster } from '../prefect/postgres';
import { filterAll, type PrefectServer, type ServerSchemaRow, type ServerTypeRow } from '../prefect/server';
import { distantServer, ONE_WAY_MS, spawnTimed, type DistantServer, type TimedRun } from './team-scale';

export interface PeerCopy {
  ms: number;
  /** Null when every process exited 0. */
  failure: string | null;
  /** Schemas the target holds afterwards (a target installs no blocks of its own here). */
  schemas: number;
  documents: number;
  /** `slug version checksum-prefix` of each schema on the target under a checksum the source does not hold. */
  notOnSource: string[];
}

export interface TransferPeerResult {
  source: { types: number; schemas: number; documents: number };
  prefectTransfer: PeerCopy;
  ours: PeerCopy & { copyMs: number; documentsMs: number };
}

/** A listing read again once: undici may reuse a keep-alive socket the server has just closed. */
async function listed<T extends { id: string }>(server: PrefectServer, path: string): Promise<T[]> {
  try {
    return await filterAll<T>(server, path);
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return filterAll<T>(server, path);
  }
}

/** One document per non-protected type, on its newest schema, written straight to the server (setup, not timed). */
async function documentPerType(server: PrefectServer): Promise<{ types: ServerTypeRow[]; schemas: ServerSchemaRow[]; documents: string[] }> {
  const types = (await listed<ServerTypeRow>(server, '/block_types/filter')).filter((type) => !type.is_protected);
  const schemas = await listed<ServerSchemaRow>(server, '/block_schemas/filter');
  const documents: string[] = [];
  for (const type of types) {
    // The filter lists schemas newest first.
    const schema = schemas.find((each) => each.block_type.id === type.id);
    if (schema === undefined) continue;
    const response = await fetch(`${server.api}/block_documents/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', data: {}, block_schema_id: schema.id, block_type_id: type.id }),
    });
    if (response.status !== 201) throw new Error(`creating ${type.slug}/bench answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    documents.push(`${type.slug}/bench`);
  }
  return { types, schemas, documents };
}

async function targetHolds(target: PrefectServer, sourceSchemas: readonly ServerSchemaRow[]): Promise<Pick<PeerCopy, 'schemas' | 'documents' | 'notOnSource'>> {
  const onSource = new Set(sourceSchemas.map((schema) => `${schema.block_type.slug} ${schema.checksum}`));
  const schemas = await listed<ServerSchemaRow>(target, '/block_schemas/filter');
  const documents = await listed<{ id: string }>(target, '/block_documents/filter');
  const notOnSource = schemas
    .filter((schema) => !onSource.has(`${schema.block_type.slug} ${schema.checksum}`))
    .map((schema) => `${schema.block_type.slug} ${schema.version} ${schema.checksum.slice(0, 15)}`);
  return { schemas: schemas.length, documents: documents.length, notOnSource };
}

const failureOf = (run: TimedRun, what: string): string | null =>
  run.code === 0 ? null : `${what} exited ${run.code}: ${(run.stderr.trim() === '' ? run.stdout : run.stderr).trim().split('\n').slice(-3).join(' ')}`.slice(0, 400);

export async function measureTransferPeer(options: { builtCli: string; folder: string; python: string; collectionsPython: string; log: (line: string) => void }): Promise<TransferPeerResult> {
  const { builtCli, folder, python, collectionsPython, log } = options;
  log('bench: prefect transfer beside server copy + documents copy: a PostgreSQL cluster, a source that registered the public collections, a document per type…');
  const cluster = startPostgresCluster(python);
  let source: DistantServer | undefined;
  let theirs: DistantServer | undefined;
  let ours: DistantServer | undefined;
  const { env, home } = prefectEnv();
  try {
    source = await distantServer(cluster, collectionsPython, { registerBlocks: true });
    const held = await documentPerType(source.server);
    // Targets with no blocks of their own: what each holds afterwards is what was copied.
    [theirs, ours] = await Promise.all([distantServer(cluster, python), distantServer(cluster, python)]);
    writeFileSync(join(home, 'profiles.toml'), `active = "source"\n\n[profiles.source]\nPREFECT_API_URL = "${source.proxy.api}"\n\n[profiles.target]\nPREFECT_API_URL = "${theirs.proxy.api}"\n`);
    log(`bench: prefect transfer of ${held.documents.length} documents (and the types and schemas they need), ${2 * ONE_WAY_MS} ms away…`);
    const transfer = await spawnTimed(python, ['-m', 'prefect', '--no-prompt', 'transfer', '--from', 'source', '--to', 'target'], env);
    const prefectTransfer: PeerCopy = { ms: transfer.wallMs, failure: failureOf(transfer, 'prefect transfer'), ...(await targetHolds(theirs.server, held.schemas)) };

    log(`bench: server copy, then documents copy of the same ${held.documents.length} documents…`);
    const cliEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PREFECT_')));
    cliEnv.PREFECT_HOME = join(folder, 'transfer-peer-empty-home');
    const copy = await spawnTimed(process.execPath, [builtCli, 'server', 'copy', '--from', source.proxy.api, '--to', ours.proxy.api], cliEnv);
    const documents = await spawnTimed(process.execPath, [builtCli, 'documents', 'copy', ...held.documents, '--from', source.proxy.api, '--to', ours.proxy.api], cliEnv);
    const oursCopy = {
      ms: copy.wallMs + documents.wallMs,
      copyMs: copy.wallMs,
      documentsMs: documents.wallMs,
      failure: failureOf(copy, 'server copy') ?? failureOf(documents, 'documents copy'),
      ...(await targetHolds(ours.server, held.schemas)),
    };
    return { source: { types: held.types.length, schemas: held.schemas.length, documents: held.documents.length }, prefectTransfer, ours: oursCopy };
  } finally {
    await Promise.all([source?.stop(), theirs?.stop(), ours?.stop()]);
    rmSync(home, { recursive: true, force: true });
    stopPostgresCluster(cluster);
  }
}
