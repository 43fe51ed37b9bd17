// Issue 11: `server check`, `diff` and `push` against a real Prefect 3.9.1 server, read back over
// its REST API, on SQLite and on PostgreSQL (a team's server). The server starts empty (no start-up
// registration) so that what is there after a push is exactly what the push created.
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/database';
import { launchRegistryAt } from '../../src/main/operations/launch';
import { readBlockSchemas } from '../../src/main/registry/block-schemas';
import { readBlockTypes } from '../../src/main/registry/block-types';
import type { BlockSchema, BlockType } from '../../src/shared/blocks';
import { cliWithEnv, type CliResult } from '../helpers/cli';
import { filterAll, freePort, startPrefectServer, type PrefectServer, type ServerSchemaRow, type ServerTypeRow } from './server';
import { useTempFolder } from '../helpers/registry';
import { SERVER_BACKENDS, serverDatabaseEnv } from './backends';
import { startFaultProxy } from '../helpers/fault-proxy';

describe.each(SERVER_BACKENDS)('on a %s-backed server', (backend) => {
  const folder = useTempFolder(`server-sync-${backend}`);
  const dbPath = join(folder, 'registry.sqlite');
  // An empty PREFECT_HOME: the user's own profiles are never read.
  const prefectHome = join(folder, 'prefect-home');
  let server: PrefectServer | undefined;
  let ourTypes: BlockType[] = [];
  let ourSchemas: BlockSchema[] = [];

  const unescapeHtml = (text: string | null): string | null => (text === null ? null : text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&'));
  const schemaSet = (rows: Array<{ slug: string; checksum: string; version: string; capabilities: string[] }>): string[] =>
    rows.map((row) => `${row.slug} ${row.version} ${row.checksum} [${[...row.capabilities].sort().join(',')}]`).sort();

  function run(...argv: string[]): Promise<CliResult> {
    if (server === undefined) throw new Error('no server');
    return cliWithEnv({ BLOCK_REGISTRY_DB: dbPath, PREFECT_HOME: prefectHome, PREFECT_API_URL: server.api }, ...argv);
  }

  beforeAll(async () => {
    const starting = startPrefectServer({ ...serverDatabaseEnv(backend), PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' });
    const launched = await launchRegistryAt(dbPath);
    ourTypes = await readBlockTypes(launched.registry.db);
    ourSchemas = await readBlockSchemas(launched.registry.db);
    await launched.registry.close();
    server = await starting;
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  describe('against an empty Prefect server', () => {
    it('server check: reachable, versions, authenticated', async () => {
      const result = await run('server', 'check', '--json');
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ reachable: true, server_version: '3.9.1', api_version: '0.8.4', authenticated: true, credentials: null, ok: true, problems: [] });
    });

    it('server diff before a push lists every type and schema as only here (exit 1)', async () => {
      const result = await run('server', 'diff', '--json');
      expect(result.code, result.stderr).toBe(1);
      const diff = JSON.parse(result.stdout) as { block_types: { only_local: string[]; only_server: string[] }; block_schemas: { only_local: unknown[] } };
      expect(diff.block_types.only_local.sort()).toEqual(ourTypes.map((type) => type.slug).sort());
      expect(diff.block_types.only_server).toEqual([]);
      expect(diff.block_schemas.only_local).toHaveLength(ourSchemas.length);
      expect((await run('server', 'diff')).stdout).toMatch(/block types only here \(54\)/);
    });

    it('server push --dry-run says what it would do and writes nothing', async () => {
      const result = await run('server', 'push', '--dry-run', '--json');
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ dry_run: true, counts: { types_created: 51, types_protected: 3, schemas_created: 51 } });
      expect(await filterAll(server as PrefectServer, '/block_types/filter')).toEqual([]);
    });

    it('server push registers every unprotected type and schema exactly, children first (no extra non-versioned copies)', async () => {
      // Through a proxy that counts the writes in flight: a server on PostgreSQL takes several at once.
      const writes = { inFlight: 0, most: 0, busy: 0 };
      const counting = await startFaultProxy((server as PrefectServer).api, {
        count: async (request, response, forward) => {
          const write = request.method !== 'GET' && !request.route.endsWith('/filter');
          if (write) writes.most = Math.max(writes.most, ++writes.inFlight);
          try {
            const answer = await forward();
            if (write && answer.status === 503) writes.busy += 1;
            response.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
          } finally {
            if (write) writes.inFlight -= 1;
          }
        },
      });
      let result: CliResult;
      try {
        result = await run('server', 'push', '--json', '--api-url', counting.url('count'));
      } finally {
        await counting.close();
      }
      expect(result.code, result.stderr).toBe(0);
      // On SQLite it may be refused as busy, and then writes one at a time; either way it ends exact.
      if (backend === 'postgresql') {
        expect(writes.busy).toBe(0);
        expect(writes.most).toBeGreaterThan(1);
      }
      expect(JSON.parse(result.stdout)).toMatchObject({ counts: { types_created: 51, types_protected: 3, schemas_created: 51, schemas_present: 0, checksum_mismatches: 0 } });
      const pushed = ourTypes.filter((type) => !type.is_protected);
      const serverTypes = await filterAll<ServerTypeRow>(server as PrefectServer, '/block_types/filter');
      const metadata = (type: ServerTypeRow | BlockType) => ({
        slug: type.slug,
        name: type.name,
        logo_url: type.logo_url,
        documentation_url: type.documentation_url,
        description: unescapeHtml(type.description),
        code_example: unescapeHtml(type.code_example),
        is_protected: type.is_protected,
      });
      const bySlug = (a: { slug: string }, b: { slug: string }) => a.slug.localeCompare(b.slug);
      expect(serverTypes.map(metadata).sort(bySlug)).toEqual(pushed.map((type) => ({ ...metadata(type), description: type.description, code_example: type.code_example })).sort(bySlug));
      const serverSchemas = await filterAll<ServerSchemaRow>(server as PrefectServer, '/block_schemas/filter');
      const ours = ourSchemas.filter((schema) => !schema.block_type.is_protected).map((schema) => ({ ...schema, slug: schema.block_type.slug }));
      expect(schemaSet(serverSchemas.map((schema) => ({ ...schema, slug: schema.block_type.slug })))).toEqual(schemaSet(ours));
    });

    it('a second push creates and updates nothing, and says so', async () => {
      const before = await filterAll<ServerSchemaRow>(server as PrefectServer, '/block_schemas/filter');
      const result = await run('server', 'push');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Nothing to push/);
      expect(result.stdout).toMatch(/never pushed.*local-file-system, secret, webhook/s);
      expect(await filterAll(server as PrefectServer, '/block_schemas/filter')).toHaveLength(before.length);
    });

    it('server diff after the push: only the protected types differ; with --type the pushed ones are the same (exit 0)', async () => {
      const all = await run('server', 'diff', '--json');
      expect(all.code).toBe(1);
      expect(JSON.parse(all.stdout)).toMatchObject({ block_types: { only_local: ['local-file-system', 'secret', 'webhook'], only_server: [], differing: [] }, block_schemas: { only_server: [] } });
      const slugs = ourTypes.filter((type) => !type.is_protected).flatMap((type) => ['--type', type.slug]);
      const pushed = await run('server', 'diff', ...slugs);
      expect(pushed.code, pushed.stdout).toBe(0);
      expect(pushed.stdout).toMatch(/^No differences/);
    });

    it('a type changed on the server shows in diff field by field, and push puts it back', async () => {
      const slack = (await filterAll<ServerTypeRow>(server as PrefectServer, '/block_types/filter')).find((type) => type.slug === 'slack-webhook');
      expect(slack).toBeDefined();
      const patched = await fetch(`${server?.api}/block_types/${slack?.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ description: 'Changed <on> the server & elsewhere', logo_url: null }),
      });
      expect(patched.status).toBe(204);
      const diff = await run('server', 'diff', '--type', 'slack-webhook', '--json');
      expect(diff.code).toBe(1);
      const fields = (JSON.parse(diff.stdout) as { block_types: { differing: Array<{ fields: Array<{ field: string; server: string }> }> } }).block_types.differing[0]?.fields;
      expect(fields?.map((field) => field.field)).toEqual(['logo_url', 'description']);
      expect(fields?.[1]?.server).toBe('Changed <on> the server & elsewhere');
      // The text counts block types, not lines: one type with two fields differing (it said "(3)").
      const text = await run('server', 'diff', '--type', 'slack-webhook');
      expect(text.stdout.split('\n').slice(1)).toEqual([
        'block types that differ (1):',
        '  slack-webhook',
        expect.stringMatching(/^ {4}logo_url: here "https:.*", server null$/),
        expect.stringMatching(/^ {4}description: here "Enables sending notifications.*…", server "Changed <on> the server & elsewhere"$/),
      ]);
      const push = await run('server', 'push', '--type', 'slack-webhook', '--json');
      expect(JSON.parse(push.stdout)).toMatchObject({
        counts: { types_updated: 1, schemas_created: 0 },
        block_types: [{ slug: 'slack-webhook', outcome: 'updated', changed_fields: ['logo_url', 'description'] }],
      });
      expect((await run('server', 'diff', '--type', 'slack-webhook')).code).toBe(0);
    });

    it("server diff and push --dry-run say what a newer schema here would break for documents saved under the server's newest", async () => {
      const slack = ourTypes.find((type) => type.slug === 'slack-webhook');
      const current = ourSchemas.find((schema) => schema.block_type.slug === 'slack-webhook');
      if (slack === undefined || current === undefined) throw new Error('expected slack-webhook');
      const fields = structuredClone(current.fields) as { properties: Record<string, unknown>; required?: string[] };
      delete fields.properties.url;
      fields.properties.channel = { title: 'Channel', type: 'string' };
      fields.required = ['channel'];
      const { id: _, is_protected: __, ...metadata } = slack;
      const file = join(folder, 'slack-webhook-9.9.9.json');
      writeFileSync(file, JSON.stringify([{ ...metadata, block_schema: { fields, capabilities: current.capabilities, version: '9.9.9' } }]));
      // A copy of the database: the other tests' stays as pushed.
      const changed = join(folder, 'changed.sqlite');
      copyFileSync(dbPath, changed);
      expect((await run('import', file, '--db', changed)).code).toBe(0);
      const json = await run('server', 'diff', '--type', 'slack-webhook', '--db', changed, '--json');
      expect(json.code, json.stderr).toBe(1);
      const diff = JSON.parse(json.stdout) as {
        breaking: Array<{ slug: string; server: { version: string; checksum: string }; local: { version: string }; changes: Array<{ field: string; kind: string }> }>;
      };
      expect(diff.breaking).toMatchObject([{ slug: 'slack-webhook', server: { version: current.version, checksum: current.checksum }, local: { version: '9.9.9' } }]);
      expect(diff.breaking[0]?.changes.map(({ field, kind }) => `${field} ${kind}`)).toEqual(['url field-removed', 'channel required-without-default']);
      const text = await run('server', 'diff', '--type', 'slack-webhook', '--db', changed);
      expect(text.stdout).toMatch(
        /breaking for documents saved under the server's newest schema, if pushed \(1\):\n {2}slack-webhook: 9\.9\.9 \(sha256:[0-9a-f]{8}\) here, \S+ \(sha256:[0-9a-f]{8}\) on the server\n {4}field 'url' removed\n/,
      );
      // A push's dry run says the same, and changes nothing on the server.
      const before = await filterAll<{ id: string }>(server as PrefectServer, '/block_schemas/filter');
      const dryRun = await run('server', 'push', '--type', 'slack-webhook', '--db', changed, '--dry-run', '--json');
      expect(dryRun.code, dryRun.stderr).toBe(0);
      expect((JSON.parse(dryRun.stdout) as { breaking: unknown }).breaking).toEqual(diff.breaking);
      const dryRunText = await run('server', 'push', '--type', 'slack-webhook', '--db', changed, '--dry-run');
      expect(dryRunText.stdout).toMatch(
        /Would break documents saved under the server's newest schema \(1\):\n {2}slack-webhook: 9\.9\.9 \(sha256:[0-9a-f]{8}\) here, \S+ \(sha256:[0-9a-f]{8}\) on the server\n {4}field 'url' removed\n/,
      );
      expect(await filterAll<{ id: string }>(server as PrefectServer, '/block_schemas/filter')).toHaveLength(before.length);
      // The database that matches the server has nothing to say.
      expect(JSON.parse((await run('server', 'diff', '--type', 'slack-webhook', '--json')).stdout)).toMatchObject({ breaking: [] });
      expect(JSON.parse((await run('server', 'push', '--type', 'slack-webhook', '--dry-run', '--json')).stdout)).toMatchObject({ breaking: [] });
    });

    it('an unknown --type is refused by push (exit 1), a usage error is exit 2', async () => {
      const unknown = await run('server', 'push', '--type', 'no-such-type');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/No block type with slug 'no-such-type'/);
      expect((await run('server', 'pish')).code).toBe(2);
      expect((await run('server', 'pish')).stderr).toMatch(/server needs one of: check, diff, push/);
    });
  });

  describe("the server's own refusals", () => {
    it('a URL without /api: not a Prefect API, with the URL to try', async () => {
      const withoutApi = (server as PrefectServer).api.replace(/\/api$/, '');
      const result = await run('server', 'check', '--api-url', withoutApi);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`does not look like a Prefect API: GET /health answered 404`);
      expect(result.stdout).toContain(`try --api-url ${withoutApi}/api`);
    });

    it("a type Prefect refuses (a name starting with 'Prefect'): the server's detail, exit 1", async () => {
      const reservedDb = join(folder, 'reserved.sqlite');
      const file = join(folder, 'reserved.json');
      const fields = { title: 'PrefectThing', type: 'object', properties: {}, block_type_slug: 'prefect-thing', secret_fields: [], block_schema_references: {} };
      writeFileSync(
        file,
        JSON.stringify({
          name: 'Prefect Thing',
          slug: 'prefect-thing',
          logo_url: null,
          documentation_url: null,
          description: null,
          code_example: null,
          block_schema: { checksum: null, fields, capabilities: [], version: '1' },
        }),
      );
      expect((await run('import', file, '--db', reservedDb)).code).toBe(0);
      const result = await run('server', 'push', '--db', reservedDb);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/POST \/block_types\/ answered 403: Block type names beginning with 'Prefect' are reserved/);
    });
  });

  describe('server pull', () => {
    // Numbers whose text matters to the checksum (a float with an integral value, beyond 2^53).
    const FIELDS =
      '{"title": "ServerOnly", "type": "object", "properties": {"ratio": {"title": "Ratio", "default": 1.0, "type": "number"}, "big": {"title": "Big", "default": 12345678901234567890, "type": "integer"}}, "block_type_slug": "server-only", "secret_fields": [], "block_schema_references": {}}';

    async function createServerOnlyType(): Promise<string> {
      const created = await fetch(`${server?.api}/block_types/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Server Only', slug: 'server-only', description: 'Made <b>on</b> the server & nowhere else', code_example: null, logo_url: null, documentation_url: null }),
      });
      expect(created.status).toBe(201);
      const type = (await created.json()) as { id: string };
      const schema = await fetch(`${server?.api}/block_schemas/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"block_type_id": "${type.id}", "capabilities": ["read-path"], "version": "1.2.3", "fields": ${FIELDS}}`,
      });
      expect(schema.status).toBe(201);
      return ((await schema.json()) as { checksum: string }).checksum;
    }

    it('pulls a server-only type with its schema, keeping its checksum and unescaping its text', async () => {
      const checksum = await createServerOnlyType();
      const pulledDb = join(folder, 'pulled-one', 'registry.sqlite');
      // A database that does not exist yet: a dry run, like import's, previews against an empty one
      // (it used to refuse, "does not exist") and creates nothing, not even the folder.
      const dryRun = await run('server', 'pull', '--type', 'server-only', '--dry-run', '--db', pulledDb, '--json');
      expect(dryRun.code, dryRun.stderr).toBe(0);
      expect(dryRun.stderr).toBe(`block-registry: the database ${pulledDb} does not exist yet: previewing against an empty one (nothing is created).`);
      expect(JSON.parse(dryRun.stdout)).toMatchObject({ counts: { new: 1, schemas_new: 1 }, warnings: [] });
      expect(existsSync(join(folder, 'pulled-one'))).toBe(false);
      const result = await run('server', 'pull', '--type', 'server-only', '--db', pulledDb);
      expect(result.code, result.stderr).toBe(0);
      const schemas = JSON.parse((await run('schemas', '--json', '--db', pulledDb)).stdout) as Array<{ checksum: string; version: string; block_type: { description: string } }>;
      expect(schemas).toHaveLength(1);
      expect(schemas[0]).toMatchObject({ checksum, version: '1.2.3', block_type: { description: 'Made <b>on</b> the server & nowhere else' } });
    });

    it('pulls the whole server into an empty database exactly: no warning, diff empty, a second pull changes nothing', async () => {
      // Exact because the push created each union's children in the order the parent lists them
      // and every child before its parent: Prefect then reads every schema back as it was pushed.
      const pulledDb = join(folder, 'pulled-all.sqlite');
      const result = await run('server', 'pull', '--db', pulledDb, '--json');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/warning/);
      expect(JSON.parse(result.stdout)).toMatchObject({ totals: { created: 52, schemas_created: 52 } });
      const diff = await run('server', 'diff', '--db', pulledDb);
      expect(diff.code, diff.stdout).toBe(0);
      const again = await run('server', 'pull', '--db', pulledDb, '--json');
      expect(JSON.parse(again.stdout)).toMatchObject({ totals: { created: 0, updated: 0, schemas_created: 0 } });
    });

    it('keeps every checksum of a server that registered the catalogue itself, restoring the schemas it reads back otherwise than their client sent', async () => {
      // A server that registered the catalogue itself at start-up: Prefect created nested children
      // from the parents' definitions (docs/differences-from-prefect.md), and its read-back of
      // those, and of the dbt blocks, does not give their checksums.
      // And an empty one, started meanwhile, to copy that server to.
      const [prefectServer, copyTarget] = await Promise.all([
        startPrefectServer({ ...serverDatabaseEnv(backend), PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION: 'false' }),
        startPrefectServer({ ...serverDatabaseEnv(backend), PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' }),
      ]);
      try {
        const pulledDb = join(folder, 'pulled-prefect.sqlite');
        const pulled = await cliWithEnv({ BLOCK_REGISTRY_DB: pulledDb, PREFECT_HOME: prefectHome }, 'server', 'pull', '--api-url', prefectServer.api);
        expect(pulled.code, pulled.stderr).toBe(0);
        expect(pulled.stderr).not.toMatch(/warning:/);
        expect(pulled.stderr).toMatch(/schemas read back by the server with other fields than its client sent, restored to fields that give the server's checksum: .*dbt-cli-profile/);
        // Every schema of the server, under the server's own checksum.
        const serverRows = (await filterAll<{ id: string; checksum: string; version: string; block_type: { slug: string; is_protected: boolean } }>(prefectServer, '/block_schemas/filter'))
          .filter((schema) => !schema.block_type.is_protected)
          .map((schema) => `${schema.block_type.slug} ${schema.version} ${schema.checksum}`)
          .sort();
        const localRows = (JSON.parse((await cliWithEnv({ BLOCK_REGISTRY_DB: pulledDb }, 'schemas', '--json')).stdout) as Array<{ checksum: string; version: string; block_type: { slug: string } }>)
          .map((schema) => `${schema.block_type.slug} ${schema.version} ${schema.checksum}`)
          .sort();
        expect(localRows).toEqual(serverRows);
        // That server has every type and schema of ours already: a push would change nothing.
        const dryPush = await cliWithEnv({ BLOCK_REGISTRY_DB: dbPath, PREFECT_HOME: prefectHome }, 'server', 'push', '--dry-run', '--json', '--api-url', prefectServer.api);
        expect(dryPush.code, dryPush.stderr).toBe(0);
        expect(JSON.parse(dryPush.stdout)).toMatchObject({ counts: { types_created: 0, types_updated: 0, types_unchanged: 51, types_protected: 3, schemas_created: 0, schemas_present: 51 } });

        // server copy to the empty server: every schema under the source's checksum (where
        // `prefect transfer` stores s3-bucket and dbt-cli-profile under others), read back the
        // same (fields, the rows each links, unions' children in order); this database untouched.
        const before = readFileSync(dbPath);
        const copied = await cliWithEnv({ BLOCK_REGISTRY_DB: dbPath, PREFECT_HOME: prefectHome }, 'server', 'copy', '--from', prefectServer.api, '--to', copyTarget.api, '--json');
        expect(copied.code, copied.stderr).toBe(0);
        expect(JSON.parse(copied.stdout)).toMatchObject({ push: { counts: { checksum_mismatches: 0, schemas_present: 0 } } });
        expect(readFileSync(dbPath).equals(before)).toBe(true);
        const readBack = async (from: PrefectServer): Promise<Map<string, ServerSchemaRow>> =>
          new Map(
            (await filterAll<ServerSchemaRow>(from, '/block_schemas/filter'))
              .filter((schema) => !schema.block_type.is_protected)
              .map((schema) => [`${schema.block_type.slug} ${schema.version} ${schema.checksum}`, schema]),
          );
        const [original, copy] = await Promise.all([readBack(prefectServer), readBack(copyTarget)]);
        expect([...copy.keys()].sort()).toEqual([...original.keys()].sort());
        for (const [key, schema] of original) {
          expect(copy.get(key)?.fields, key).toEqual(schema.fields);
          expect([...(copy.get(key)?.capabilities ?? [])].sort(), key).toEqual([...schema.capabilities].sort());
        }
        // Copying again changes nothing.
        const again = await cliWithEnv({ PREFECT_HOME: prefectHome }, 'server', 'copy', '--from', prefectServer.api, '--to', copyTarget.api, '--json');
        expect(JSON.parse(again.stdout)).toMatchObject({ push: { counts: { types_created: 0, types_updated: 0, schemas_created: 0 } } });
      } finally {
        await Promise.all([prefectServer.stop(), copyTarget.stop()]);
      }
    });
  });

  describe('server pull of a server holding a type this app cannot accept', () => {
    // Prefect's slug rule accepts the empty slug; ours does not (docs/differences-from-prefect.md, 'Stricter input').
    // Last of the tests on this server: the pulls above read it whole.
    it('--dry-run prints what the valid types would do beside the refused one, exits 1, writes nothing', async () => {
      for (const [name, slug] of [
        ['Pulled Beside', 'pulled-beside'],
        ['No Slug', ''],
      ]) {
        const created = await fetch(`${server?.api}/block_types/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name, slug, description: null, code_example: null, logo_url: null, documentation_url: null }),
        });
        expect(created.status, await created.text()).toBe(201);
      }
      const pulledDb = join(folder, 'pulled-beside.sqlite');
      await (await openDatabase(pulledDb)).close();
      const refusal = `${server?.api}: block_types[""].slug: Block type slug must only contain lowercase letters, numbers, and dashes. (entry "No Slug"; got ""; suggested slug: "no-slug")`;

      const text = await run('server', 'pull', '--dry-run', '--db', pulledDb);
      expect(text.code).toBe(1);
      const lines = text.stdout.split('\n');
      expect(lines).toContain('  new       pulled-beside');
      expect(lines).toContain(`  error     ${refusal}`);
      expect(lines.at(-1)).toMatch(/^Would register: block types \d+ new, 0 updated, 0 unchanged; .* 1 error: nothing can be registered\.$/);
      expect(text.stderr.split('\n').at(-1)).toBe('block-registry: 1 problem found; nothing was registered.');

      const json = await run('server', 'pull', '--dry-run', '--db', pulledDb, '--json');
      expect(json.code).toBe(1);
      const preview = JSON.parse(json.stdout) as { block_types: Array<{ slug: string; outcome: string }>; errors: unknown[] };
      expect(preview.block_types).toContainEqual(expect.objectContaining({ slug: 'pulled-beside', outcome: 'new' }));
      expect(preview.errors).toEqual([
        {
          file: server?.api,
          path: 'block_types[""].slug',
          message: 'Block type slug must only contain lowercase letters, numbers, and dashes.',
          entry: { index: null, slug: '', name: 'No Slug' },
          value: '""',
          expected: 'suggested slug: "no-slug"',
        },
      ]);
      // Without --dry-run: the same refusal on stderr, nothing registered.
      const pulled = await run('server', 'pull', '--db', pulledDb);
      expect(pulled.code).toBe(1);
      expect(pulled.stderr).toContain(refusal);
      expect(JSON.parse((await run('types', '--json', '--db', pulledDb)).stdout)).toEqual([]);
    });
  });

  // Nothing of the server's database is involved: once is enough.
  describe.runIf(backend === 'sqlite')('when the server cannot be reached', () => {
    it('a closed port: connection refused, exit 1 for check and push, 2 for diff', async () => {
      const closed = `http://127.0.0.1:${await freePort()}/api`;
      const env = { BLOCK_REGISTRY_DB: dbPath, PREFECT_HOME: prefectHome };
      const check = await cliWithEnv(env, 'server', 'check', '--api-url', closed);
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(/connection refused.*prefect server start/);
      const push = await cliWithEnv(env, 'server', 'push', '--api-url', closed);
      expect(push.code).toBe(1);
      expect(push.stderr).toMatch(/Could not connect to the Prefect server at http:\/\/127\.0\.0\.1:\d+: connection refused/);
      expect((await cliWithEnv(env, 'server', 'diff', '--api-url', closed)).code).toBe(2);
    });

    it('no server configured: says how to choose one', async () => {
      const result = await cliWithEnv({ BLOCK_REGISTRY_DB: dbPath, PREFECT_HOME: prefectHome }, 'server', 'check');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/No Prefect server configured: pass --api-url URL or set PREFECT_API_URL/);
    });
  });
});
