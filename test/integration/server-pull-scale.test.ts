// A pull from a server is bounded by its listing (the client's MAX_LISTED_ROWS), not by a file's
// MAX_ENTRIES: more schemas than a file may hold are pulled and registered in one transaction,
// every checksum kept, while a file of as many is refused. Against the generated listing server
// (test/helpers/listing-server.ts), which serves Prefect-shaped rows page by page. Diffs against it
// compare identities only (no fields read on either side) and still find what differs.
import { afterEach, expect, it } from 'vitest';
import { runImport } from '../../src/main/operations/import';
import { PrefectClient } from '../../src/main/servers/client/client';
import { resolvePrefectConnection } from '../../src/main/servers/client/config';
import { diffWithServer } from '../../src/main/servers/diff';
import { readServerEntries } from '../../src/main/servers/pull';
import { readBlockSchemaByChecksum } from '../../src/main/registry/block-schemas';
import { MAX_ENTRIES, readBlockDefinitions } from '../../src/shared/formats';
import { generateCatalogue, generatedBlockType } from '../helpers/generated-catalogue';
import { startListingServer, type ListingServer } from '../helpers/listing-server';
import { useTempWorkspace } from '../helpers/registry';

const temp = useTempWorkspace();
const servers: ListingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function clientOf(types: number): Promise<PrefectClient> {
  const server = await startListingServer(types);
  servers.push(server);
  return new PrefectClient(resolvePrefectConnection(server.api, {}));
}

it(`pulls more than MAX_ENTRIES (${MAX_ENTRIES}) schemas from a server in one registration, every checksum kept, while a file of as many is refused`, async () => {
  const count = MAX_ENTRIES + 1;
  expect(() => readBlockDefinitions('many.json', generateCatalogue(count))).toThrow(`${count} block schemas, over the limit of ${MAX_ENTRIES} in one file.`);

  const client = await clientOf(count);
  const { read, restored } = await readServerEntries(client);
  expect(read.issues).toEqual([]);
  expect(restored).toEqual([]);
  expect(read.entries).toHaveLength(count);
  const { registry } = await temp.fresh();
  const { report } = await runImport(registry, read, { mode: 'apply', source: 'server' });
  expect(report.totals.created).toBe(count);
  // The oldest, the newest and a nesting one, each under the checksum the server lists.
  for (const index of [0, 4, count - 1]) {
    const { slug, block_schema } = generatedBlockType(index);
    expect((await readBlockSchemaByChecksum(registry.db, block_schema.checksum, block_schema.version))?.block_type.slug).toBe(slug);
  }
  expect(await diffWithServer(registry.db, client)).toMatchObject({ same: true });
}, 300_000);

it('a diff against a server compares identities: a schema only there and a type only here are found', async () => {
  const client = await clientOf(12);
  const { read } = await readServerEntries(client);
  const { registry } = await temp.fresh();
  // This database lacks the server's newest type, and has one the server lacks.
  const entries = read.entries.filter((entry) => entry.blockType.slug !== 'generated-block-11');
  await runImport(registry, { ...read, entries }, { mode: 'apply', source: 'server' });
  const { read: more } = await readServerEntries(await clientOf(13));
  await runImport(registry, { ...more, entries: more.entries.filter((entry) => entry.blockType.slug === 'generated-block-12') }, { mode: 'apply', source: 'server' });

  const diff = await diffWithServer(registry.db, client);
  const newest = generatedBlockType(11).block_schema;
  const extra = generatedBlockType(12).block_schema;
  expect(diff.same).toBe(false);
  expect(diff.block_types).toEqual({ only_local: ['generated-block-12'], only_server: ['generated-block-11'], differing: [] });
  expect(diff.block_schemas).toEqual({
    only_local: [{ block_type_slug: 'generated-block-12', checksum: extra.checksum, version: extra.version }],
    only_server: [{ block_type_slug: 'generated-block-11', checksum: newest.checksum, version: newest.version }],
  });
});
