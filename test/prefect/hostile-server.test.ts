// The `server` and `documents` commands against a hostile server: a fault proxy
// (test/helpers/fault-proxy.ts) in front of one real Prefect 3.9.1 server rewrites its answers per
// scenario: credentials quoted back in errors and in data, offsets ignored, lists that never end,
// endless, oversized and dripping bodies, wrong shapes, control characters, a Retry-After of years;
// for block documents, secret values sent where Prefect sends the mask and quoted back in errors,
// documents of the wrong shape, and document pages without end. Every command runs
// as a process of its own (the built command line) and must end, stay within a memory bound, say
// what went wrong in words of its own, and never show a secret: not in its output, not in the
// database or the files beside it, not in what the window's handlers answer.
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchRegistryAt } from '../../src/main/operations/launch';
import { PROFILE_CONNECTION_ID, type ConnectionTest } from '../../src/shared/servers';
import { cliProcess, cliWithEnv, type CliProcessResult } from '../helpers/cli';
import { answerForever, answerJson, relay, startFaultProxy, type FaultProxy, type ProxiedRequest, type Scenario, type UpstreamAnswer } from '../helpers/fault-proxy';
import { recordingHandlers } from '../helpers/handlers';
import { recordFigures } from '../reliability/record';
import { useServerWithRegistry } from './server-with-registry';

const KEY = 'pnu_H0st1leServerKey9xQ2';
const AUTH_STRING = 'admin:H0st1le-pa55word-Zq';
const PASSWORD = 'H0st1le-pa55word-Zq';
const base64 = (text: string): string => Buffer.from(text).toString('base64').replace(/=+$/, '');
/** Every form a secret could leak in (base64 without its padding: a prefix of the padded form). */
const SECRET_FORMS = [KEY, AUTH_STRING, PASSWORD, base64(KEY), base64(AUTH_STRING), base64(PASSWORD), base64(`Bearer ${KEY}`)];
const CREDENTIALS = { key: { PREFECT_API_KEY: KEY }, 'auth string': { PREFECT_API_AUTH_STRING: AUTH_STRING } } as const;
/** The secret value of the block document on the server (slack-webhook's url is a SecretStr). */
const DOCUMENT_SECRET = 'https://hooks.slack.com/services/T0H0ST1LE/B0D0CUMENT/s3cretV4lue';
type CredentialKind = keyof typeof CREDENTIALS;

/** Every C0 control character, DEL, every C1, and the bidi embeddings, overrides and isolates. */
const CONTROL_CHARACTERS = [
  ...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)),
  '\u007f',
  ...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(0x80 + code)),
  '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069',
].join('');
/** What a terminal must never get raw from data: the line feed and the tab are the output's own layout. */
// oxlint-disable-next-line no-control-regex -- finding them raw is the point.
const RAW_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** In JSON output, bidi characters are ordinary text (legal JSON); control characters are not. */
// oxlint-disable-next-line no-control-regex -- as above.
const RAW_IN_JSON = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** A command's peak memory must stay below this; an idle one is about 100 MiB, one reading a 64 MB body about 300 MiB. */
const PEAK_RSS_BOUND_MIB = 600;
/** Each command gets this long to end; none should need more than a few seconds (BLOCK_REGISTRY_HTTP_TIMEOUT_MS below). */
const TIME_LIMIT_MS = 120_000;
/** Block types on the server beyond one full page, so that listing them pages. */
const FILLER_TYPES = 210;

const { folder, dbPath, server } = useServerWithRegistry('hostile-server', { PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' });
const emptyHome = join(folder, 'empty-home');
let proxy: FaultProxy | undefined;
const figures = { runs: 0, scenarios: 0, peak_rss_mib_max: 0, secrets_scanned_outputs: 0, secrets_scanned_files: 0, longest_run_s: 0 };
const scenariosTried = new Set<string>();

// ---- What a hostile server does -------------------------------------------------------------

/** The request's credentials as a careless server quotes them: the header, the secret decoded, and the secret behind a JSON escape. */
function echoedCredentials(request: ProxiedRequest): string {
  const header = String(request.headers.authorization ?? '');
  const secret = header.startsWith('Basic ') ? Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8') : header.slice('Bearer '.length);
  const escaped = `\\u${(secret.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}${JSON.stringify(secret.slice(1)).slice(1, -1)}`;
  return `${JSON.stringify(`Invalid credentials: ${header} (${secret}) escaped: `).slice(0, -1)}${escaped}"`;
}

const echoError =
  (status: number, headers: Record<string, string> = {}): Scenario =>
  async (request, response, forward) => {
    // /health needs no credentials on Prefect either: the command gets as far as the first request that has them.
    if (request.route === '/health') relay(response, await forward());
    else answerJson(response, status, `{"detail":${echoedCredentials(request)}}`, headers);
  };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Calls `change` on every block type (a row, an answer, a schema's `block_type`) and block schema in `json`. */
function visit(json: unknown, change: { type?: (type: Record<string, unknown>) => void; schema?: (schema: Record<string, unknown>) => void }): void {
  if (Array.isArray(json)) for (const item of json) visit(item, change);
  if (!isObject(json)) return;
  if (typeof json.slug === 'string' && 'is_protected' in json) change.type?.(json);
  if (typeof json.checksum === 'string' && 'fields' in json) {
    change.schema?.(json);
    visit(json.block_type, change);
  }
}

/** Forwards the request and answers with the server's answer, its JSON changed by `change`. */
const rewritten =
  (change: (json: unknown, request: ProxiedRequest) => unknown): Scenario =>
  async (request, response, forward) => {
    const answer = await forward();
    if (!answer.contentType.includes('json') || answer.body.length === 0) return relay(response, answer);
    const json: unknown = JSON.parse(answer.body.toString('utf8'));
    relay(response, { ...answer, body: Buffer.from(JSON.stringify(change(json, request) ?? json)) });
  };

const isFilter = (request: ProxiedRequest): boolean => request.route.endsWith('/filter');

/** The filter request with offset 0, whatever was asked. */
async function firstPage(request: ProxiedRequest, forward: (body?: Buffer) => Promise<UpstreamAnswer>): Promise<UpstreamAnswer> {
  const body = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
  return forward(Buffer.from(JSON.stringify({ ...body, offset: 0 })));
}

const firstPages = new Map<string, UpstreamAnswer>();

const isDocumentRoute = (request: ProxiedRequest): boolean => request.route.startsWith('/block_documents') || /^\/block_types\/slug\/[^/]+\/block_documents/.test(request.route);

/** Calls `change` on every block document (a row, an answer) in `json`. */
function visitDocuments(json: unknown, change: (document: Record<string, unknown>) => void): void {
  if (Array.isArray(json)) for (const item of json) visitDocuments(item, change);
  else if (isObject(json) && 'block_schema_id' in json && 'data' in json) change(json);
}

const DOCUMENT_SCENARIOS: Record<string, Scenario> = {
  // A server that answers with the secret values where Prefect sends the mask, and quotes a
  // document it is sent back in its error.
  'documents-secrets-echoed': async (request, response, forward) => {
    if (!isDocumentRoute(request)) return relay(response, await forward());
    if (request.method === 'POST' && request.route === '/block_documents/filter') {
      const body = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
      return relay(response, await forward(Buffer.from(JSON.stringify({ ...body, include_secrets: true }))));
    }
    if (request.method === 'POST' && request.route === '/block_documents/') return answerJson(response, 422, { detail: `Invalid block document: ${request.body.toString('utf8')}` });
    // The target has no such document yet: the copy creates it (and meets the 422 above).
    if (request.method === 'GET' && request.route.includes('/block_documents/name/')) return answerJson(response, 404, { detail: 'Block document not found' });
    relay(response, await forward(undefined, request.route.replace('include_secrets=false', 'include_secrets=true')));
  },
  // Each document's data the secret value itself, where an object belongs.
  'documents-wrong-shape': rewritten((json) => visitDocuments(json, (document) => (document.data = DOCUMENT_SECRET))),
  // Pages of documents without end: a full page every time, new ids on every row.
  'documents-endless': async (request, response, forward) => {
    if (request.route !== '/block_documents/filter') return relay(response, await forward());
    const [first] = JSON.parse((await firstPage(request, forward)).body.toString('utf8')) as Array<Record<string, unknown>>;
    const { block_schema: _schema, block_type: _type, ...row } = first ?? {};
    answerJson(response, 200, JSON.stringify(Array.from({ length: 200 }, () => ({ ...row, id: randomUUID(), name: `doc-${randomUUID()}` }))));
  },
};

const SCENARIOS: Record<string, Scenario> = {
  ...DOCUMENT_SCENARIOS,
  'echo-422': echoError(422),
  // Retry-After 0: every attempt at once, so that "after retries" takes no time.
  'echo-503': echoError(503, { 'retry-after': '0' }),
  'echo-500': echoError(500, { 'retry-after': '0' }),
  'echo-409': async (request, response, forward) => {
    if (request.method === 'POST' && request.route === '/block_types/') answerJson(response, 409, `{"detail":${echoedCredentials(request)}}`);
    else relay(response, await forward());
  },
  'echo-in-data': rewritten((json, request) =>
    visit(json, {
      type: (type) => {
        type.description = JSON.parse(echoedCredentials(request)) as string;
        type.name = `${String(type.name)} ${String(request.headers.authorization)}`;
      },
    }),
  ),
  'ignore-offset': async (request, response, forward) => relay(response, isFilter(request) ? await firstPage(request, forward) : await forward()),
  // A list that never ends: the first page again and again, with new ids every time.
  'fresh-ids': async (request, response, forward) => {
    if (!isFilter(request)) return relay(response, await forward());
    const page = firstPages.get(request.route) ?? (await firstPage(request, forward));
    firstPages.set(request.route, page);
    const rows = (JSON.parse(page.body.toString('utf8')) as Array<Record<string, unknown>>).map((row) => ({ ...row, id: randomUUID() }));
    answerJson(response, 200, JSON.stringify(rows));
  },
  // The CSRF token request (before each command's first POST) is spared: the bodies meet the routes with rows.
  'endless-body': async (request, response, forward) => (request.route.startsWith('/csrf-token') ? relay(response, await forward()) : answerForever(response, Buffer.alloc(64 * 1024, ' '))),
  'declared-100-mb': async (request, response, forward) =>
    request.route.startsWith('/csrf-token') ? relay(response, await forward()) : answerForever(response, Buffer.alloc(64 * 1024, ' '), { declaredLength: 100 * 1024 * 1024 }),
  'slow-drip': async (_request, response) => answerForever(response, Buffer.from(' '), { everyMs: 1000 }),
  'retry-after-years': async (request, response, forward) => {
    if (request.number <= 2) answerJson(response, 429, '{"detail":"Too many requests"}', { 'retry-after': '99999999' });
    else relay(response, await forward());
  },
  'name-not-string': rewritten((json) => visit(json, { type: (type) => (type.name = 42) })),
  'page-not-list': async (request, response, forward) => {
    if (isFilter(request)) answerJson(response, 200, '{"rows":[]}');
    else relay(response, await forward());
  },
  'version-not-string': async (request, response, forward) => {
    if (request.route === '/version' || request.route === '/admin/version') answerJson(response, 200, '{"version":"3.9.1"}');
    else relay(response, await forward());
  },
  'fields-not-object': rewritten((json) => visit(json, { schema: (schema) => (schema.fields = 'x') })),
  'control-characters': rewritten((json, request) => {
    if (request.route === '/admin/version') return `3.9.1${CONTROL_CHARACTERS}`;
    visit(json, {
      type: (type) => {
        type.name = `${String(type.name)} ${CONTROL_CHARACTERS}`;
        type.description = `Hostile ${CONTROL_CHARACTERS} description`;
      },
      schema: (schema) => (schema.version = `1.0${CONTROL_CHARACTERS}`),
    });
    return json;
  }),
};

// ---- Running the commands -------------------------------------------------------------------

type Command = 'check' | 'diff' | 'pull' | 'push' | 'documents' | 'show' | 'copy';
const COMMANDS: readonly Command[] = ['check', 'diff', 'pull', 'push'];

/** The command's arguments: reads only, but for a pull that registers and a push that creates (`write`). */
function argvOf(command: Command, apiUrl: string, write: boolean, json: boolean): string[] {
  const common = ['--api-url', apiUrl, ...(json ? ['--json'] : [])];
  if (command === 'documents') return ['documents', ...common];
  if (command === 'show') return ['documents', 'show', 'slack-webhook/hook', ...common];
  // From the real server, with its secret, to the hostile one.
  if (command === 'copy') return ['documents', 'copy', 'slack-webhook/hook', '--from', server().api, '--to', apiUrl, '--include-secrets', ...(json ? ['--json'] : [])];
  if (command === 'check' || command === 'diff') return ['server', command, ...common];
  if (command === 'pull') return ['server', 'pull', ...(write ? [] : ['--dry-run']), ...common];
  // slack-webhook is on the server (beforeAll); discord-webhook is not, so a push creates it.
  return write ? ['server', 'push', '--type', 'discord-webhook', ...common] : ['server', 'push', '--dry-run', '--type', 'slack-webhook', ...common];
}

interface Run extends CliProcessResult {
  command: Command;
  output: string;
}

interface RunOptions {
  credentials?: CredentialKind;
  write?: boolean;
  json?: boolean;
  timeoutMs?: number;
}

/**
 * `command` through a new run of `scenario`, in a folder of its own holding a copy of the
 * database; then what every run must satisfy: it ended, within the memory bound, and no secret
 * is in its output, the database or any file beside it.
 */
async function run(scenario: string, command: Command, options: RunOptions = {}): Promise<Run> {
  const runFolder = join(folder, 'runs', randomUUID());
  mkdirSync(runFolder, { recursive: true });
  const db = join(runFolder, 'registry.sqlite');
  copyFileSync(dbPath, db);
  const started = performance.now();
  const result = await cliProcess(
    argvOf(command, (proxy as FaultProxy).url(scenario), options.write ?? false, options.json ?? false),
    {
      BLOCK_REGISTRY_DB: db,
      PREFECT_HOME: emptyHome,
      BLOCK_REGISTRY_HTTP_TIMEOUT_MS: String(options.timeoutMs ?? 20_000),
      ...CREDENTIALS[options.credentials ?? 'auth string'],
    },
    TIME_LIMIT_MS,
  );
  const output = `${result.stdout}\n${result.stderr}`;
  const what = `${scenario}: server ${command}`;
  expect(result.timedOut, `${what} did not end within ${TIME_LIMIT_MS / 1000} s:\n${output}`).toBe(false);
  for (const secret of [...SECRET_FORMS, DOCUMENT_SECRET]) expect(output, `${what} printed a secret`).not.toContain(secret);
  for (const file of readdirSync(runFolder)) {
    const bytes = readFileSync(join(runFolder, file));
    for (const secret of [...SECRET_FORMS, DOCUMENT_SECRET]) expect(bytes.includes(secret), `${what} left a secret in ${file}`).toBe(false);
    figures.secrets_scanned_files += 1;
  }
  figures.secrets_scanned_outputs += 1;
  if (result.peakRssKib !== null) {
    const mib = Math.round(result.peakRssKib / 1024);
    expect(mib, `${what}: peak memory`).toBeLessThan(PEAK_RSS_BOUND_MIB);
    figures.peak_rss_mib_max = Math.max(figures.peak_rss_mib_max, mib);
  }
  figures.runs += 1;
  figures.longest_run_s = Math.max(figures.longest_run_s, Math.round((performance.now() - started) / 100) / 10);
  scenariosTried.add(scenario);
  return { ...result, command, output };
}

/** Every command through `scenario` at once (they wait on the proxy more than they compute). */
async function runAll(scenario: string, commands: readonly Command[] = COMMANDS, options: RunOptions = {}): Promise<Record<Command, Run>> {
  const runs = await Promise.all(commands.map((command) => run(scenario, command, options)));
  return Object.fromEntries(runs.map((each) => [each.command, each])) as Record<Command, Run>;
}

/** The run failed (exit 1, or 2 for diff's trouble) and said `message`. */
function expectFailure(each: Run, message: RegExp): void {
  expect(each.output).toMatch(message);
  expect(each.code, each.output).toBe(each.command === 'diff' ? 2 : 1);
  // Said in the program's words, not as a crash.
  expect(each.output).not.toMatch(/unexpected error|TypeError|\n\s+at /);
}

beforeAll(async () => {
  const api = server().api;
  // On the server: slack-webhook as this app pushes it (a type with its schema), and enough
  // other types that a listing of them pages.
  const pushed = await cliWithEnv({ BLOCK_REGISTRY_DB: dbPath, PREFECT_HOME: emptyHome }, 'server', 'push', '--type', 'slack-webhook', '--api-url', api);
  expect(pushed.code, pushed.stderr).toBe(0);
  for (let index = 0; index < FILLER_TYPES; index++) {
    const response = await fetch(`${api}/block_types/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Filler ${index}`, slug: `filler-${index}`, description: 'A type that makes the list longer than a page.' }),
    });
    expect(response.status).toBe(201);
  }
  // A block document with a secret value, as a person saves one (its url is a SecretStr).
  const type = (await (await fetch(`${api}/block_types/slug/slack-webhook`)).json()) as { id: string };
  const [schema] = (await (
    await fetch(`${api}/block_schemas/filter`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ block_schemas: { block_type_id: { any_: [type.id] } } }) })
  ).json()) as Array<{ id: string }>;
  const created = await fetch(`${api}/block_documents/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'hook', data: { url: DOCUMENT_SECRET }, block_schema_id: schema?.id, block_type_id: type.id }),
  });
  expect(created.status).toBe(201);
  proxy = await startFaultProxy(api, SCENARIOS);
});

afterAll(async () => {
  await proxy?.close();
  recordFigures('hostile-server', { ...figures, scenarios: scenariosTried.size });
});

// ---- The scenarios --------------------------------------------------------------------------

const ECHOED = /Invalid credentials: (Bearer|Basic) \[redacted\] \(\[redacted\]\) escaped: \[redacted\]/;

it.each(['key', 'auth string'] as const)('credentials quoted back in a 422 are redacted from every command (%s)', async (credentials) => {
  const runs = await runAll('echo-422', COMMANDS, { credentials });
  expectFailure(runs.check, new RegExp(`problem: GET /version answered 422: ${ECHOED.source}`));
  expectFailure(runs.diff, new RegExp(`POST /block_types/filter answered 422: ${ECHOED.source}`));
  expectFailure(runs.pull, new RegExp(`POST /block_types/filter answered 422: ${ECHOED.source}`));
  // A push reads the server's types in pages (not one by one): the listing meets it first.
  expectFailure(runs.push, new RegExp(`POST /block_types/filter answered 422: ${ECHOED.source}`));
});

it.each(['key', 'auth string'] as const)('credentials quoted back in a 503, after every retry, are redacted (%s)', async (credentials) => {
  const runs = await runAll('echo-503', COMMANDS, { credentials });
  const after = ` \\(still, after 10 attempts`;
  expectFailure(runs.check, new RegExp(`GET /version answered 503: ${ECHOED.source}${after}`));
  expectFailure(runs.diff, new RegExp(`POST /block_types/filter answered 503: ${ECHOED.source}${after}`));
  expectFailure(runs.pull, new RegExp(`POST /block_types/filter answered 503: ${ECHOED.source}${after}`));
  expectFailure(runs.push, new RegExp(`POST /block_types/filter answered 503: ${ECHOED.source}${after}`));
});

it.each(['key', 'auth string'] as const)('credentials quoted back in a 500 are redacted, and a 500 is not asked again (%s)', async (credentials) => {
  const runs = await runAll('echo-500', COMMANDS, { credentials });
  // Prefect's 500 is an exception inside the server; its client does not retry one either.
  const inside = ` \\(an error inside the server: its log says which\\)$`;
  expectFailure(runs.check, new RegExp(`GET /version answered 500: ${ECHOED.source}${inside}`, 'm'));
  expectFailure(runs.diff, new RegExp(`POST /block_types/filter answered 500: ${ECHOED.source}${inside}`, 'm'));
  expectFailure(runs.pull, new RegExp(`POST /block_types/filter answered 500: ${ECHOED.source}${inside}`, 'm'));
  expectFailure(runs.push, new RegExp(`POST /block_types/filter answered 500: ${ECHOED.source}${inside}`, 'm'));
});

it.each(['key', 'auth string'] as const)('credentials quoted back in a 409 on push are redacted (%s)', async (credentials) => {
  const push = await run('echo-409', 'push', { credentials, write: true });
  expectFailure(push, new RegExp(`POST /block_types/ answered 409: ${ECHOED.source}`));
});

it('credentials quoted back in block types are redacted before they are stored, shown or compared', async () => {
  const pull = await run('echo-in-data', 'pull', { credentials: 'key', write: true });
  expect(pull.code, pull.output).toBe(0);
  expect(pull.stdout).toMatch(/block types 210 created, 1 updated/);
  const diff = await run('echo-in-data', 'diff', { credentials: 'key' });
  expect(diff.code, diff.output).toBe(1);
  expect(diff.stdout).toMatch(/description: here "[^"]*", server "Invalid credentials: Bearer \[redacted\] \(\[redacted\]\) escaped: \[redacted\]"/);
  expect(diff.stdout).toMatch(/name: here "Slack Webhook", server "Slack Webhook Bearer \[redacted\]"/);
});

it("the window's server calls answer with the credentials redacted", async () => {
  const launched = await launchRegistryAt(join(folder, 'window', 'block-registry.sqlite'));
  try {
    const env = { PREFECT_HOME: emptyHome, PREFECT_API_URL: (proxy as FaultProxy).url('echo-422'), PREFECT_API_KEY: KEY };
    const main = recordingHandlers(launched, { prefectEnv: env });
    const test = await main.call<ConnectionTest>('testConnection', { id: PROFILE_CONNECTION_ID });
    expect(test.problems.join('\n')).toMatch(ECHOED);
    const preview = await main.callError('previewTransfer', { direction: 'pull', connection_id: PROFILE_CONNECTION_ID, slugs: ['slack-webhook'] });
    expect(preview.message).toMatch(ECHOED);
    for (const secret of SECRET_FORMS) expect(JSON.stringify([test, preview])).not.toContain(secret);
    scenariosTried.add('window: echo-422');
  } finally {
    await launched.registry.close();
  }
});

it('a server that ignores offset does not make diff and pull list forever', async () => {
  const runs = await runAll('ignore-offset', ['diff', 'pull']);
  const repeated = /POST \/block_types\/filter answered offset 200 with the same rows as an earlier page: the server at \S+ does not page/;
  expectFailure(runs.diff, repeated);
  expectFailure(runs.pull, repeated);
});

it('a list that never ends, new ids on every page, is stopped at a bound', async () => {
  const runs = await runAll('fresh-ids', ['diff', 'pull']);
  const bound = /POST \/block_types\/filter: the server at \S+ listed more than 50000 rows and its list goes on; stopped/;
  expectFailure(runs.diff, bound);
  expectFailure(runs.pull, bound);
});

it.each(['endless-body', 'declared-100-mb'])('bodies too large for their route are not read past their bound (%s)', async (scenario) => {
  const runs = await runAll(scenario);
  expectFailure(runs.check, /problem: The Prefect server at \S+ sent more than 1 MB for GET \/health; stopped reading/);
  expectFailure(runs.diff, /sent more than 64 MB for POST \/block_types\/filter; stopped reading/);
  expectFailure(runs.pull, /sent more than 64 MB for POST \/block_types\/filter; stopped reading/);
  expectFailure(runs.push, /sent more than 64 MB for POST \/block_types\/filter; stopped reading/);
});

it('a body that drips a byte a second is ended by the request timeout', async () => {
  const runs = await runAll('slow-drip', COMMANDS, { timeoutMs: 3_000 });
  const timeout = /The Prefect server at \S+ did not answer within 3 s \(BLOCK_REGISTRY_HTTP_TIMEOUT_MS/;
  for (const command of COMMANDS) expectFailure(runs[command], timeout);
});

it('a Retry-After of years is not waited for: the wait is capped and said on stderr', async () => {
  const runs = await runAll('retry-after-years', COMMANDS, { timeoutMs: 3_000 });
  for (const command of COMMANDS) {
    expect(runs[command].stderr).toMatch(/answered 429; the server asked to wait 99999999 s \(Retry-After\): waiting 3 s, the longest this client waits, then trying again \(attempt 2 of 10\)/);
  }
  expect(runs.check.code, runs.check.output).toBe(0);
  expect(runs.check.stdout).toMatch(/\nOK\n$/);
  expect(runs.diff.code, runs.diff.output).toBe(1);
  expect(runs.push.code, runs.push.output).toBe(0);
});

it('a block type whose name is not a string is refused at the edge, naming the route and the field', async () => {
  const runs = await runAll('name-not-string');
  expectFailure(runs.check, /problem: POST \/block_types\/filter: \[0\]\.name: expected a string, got 42\./);
  expectFailure(runs.diff, /POST \/block_types\/filter: \[0\]\.name: expected a string, got 42; \[1\]\.name: expected a string, got 42; \[2\]\.name: expected a string, got 42 \(and 197 more\)/);
  expectFailure(runs.pull, /POST \/block_types\/filter: \[0\]\.name: expected a string, got 42/);
  expectFailure(runs.push, /POST \/block_types\/filter: \[0\]\.name: expected a string, got 42/);
});

it('other wrong shapes: a page that is not a list, a version that is not a string, fields that are not an object', async () => {
  const pages = await runAll('page-not-list', ['check', 'diff', 'pull']);
  for (const command of ['check', 'diff', 'pull'] as const) expectFailure(pages[command], /POST \/block_types\/filter: \$: expected a list, got \{"rows":\[\]\}/);
  const version = await run('version-not-string', 'check');
  expectFailure(version, /GET \/version: \$: expected a version, got \{"version":"3\.9\.1"\}/);
  const fields = await runAll('fields-not-object', ['diff', 'pull', 'push']);
  expectFailure(fields.diff, /POST \/block_schemas\/filter: \[0\]\.fields: expected an object, got "x"/);
  expectFailure(fields.pull, /POST \/block_schemas\/filter: \[0\]\.fields: expected an object, got "x"/);
  // A push reads what the server holds in bulk before it sends anything, so the same page fails it.
  expectFailure(fields.push, /POST \/block_schemas\/filter: \[0\]\.fields: expected an object, got "x"/);
});

it("control characters in a server's names, descriptions and versions reach no terminal raw", async () => {
  const runs = await runAll('control-characters');
  for (const command of COMMANDS) expect(runs[command].output, `server ${command}`).not.toMatch(RAW_IN_TEXT);
  expect(runs.check.stdout).toMatch(/server version\s+3\.9\.1\\u0000\\u0001/);
  expect(runs.check.stdout).toContain('\\u001b');
  expect(runs.check.stdout).toContain('\\u202e');
  expect(runs.diff.stdout).toMatch(/name: here "Slack Webhook", server "Slack Webhook \\u0000\\u0001/);
  expect(runs.pull.stdout).toContain('\\u009b');
  const json = await run('control-characters', 'diff', { json: true });
  expect(json.stdout).not.toMatch(RAW_IN_JSON);
  const parsed = JSON.parse(json.stdout) as { block_types: { differing: Array<{ fields: Array<{ field: string; server: string }> }> } };
  const name = parsed.block_types.differing.flatMap((type) => type.fields).find((field) => field.field === 'name');
  // The same text as the server sent: JSON's escapes mean the characters themselves.
  expect(name?.server).toBe(`Slack Webhook ${CONTROL_CHARACTERS}`);
});

// ---- Block documents --------------------------------------------------------------------------

it("a server that sends secret values where Prefect sends the mask gets them masked again by the schema's secret fields", async () => {
  const list = await run('documents-secrets-echoed', 'documents');
  expect(list.code, list.output).toBe(0);
  expect(list.stdout).toMatch(/slack-webhook\/hook\s+/);
  const show = await run('documents-secrets-echoed', 'show', { json: true });
  expect(show.code, show.output).toBe(0);
  expect((JSON.parse(JSON.parse(show.stdout).data_json as string) as { url: string }).url).toBe('********');
  // And so in the window's answers.
  const launched = await launchRegistryAt(join(folder, 'window-documents', 'block-registry.sqlite'));
  try {
    const main = recordingHandlers(launched, { prefectEnv: { PREFECT_HOME: emptyHome, PREFECT_API_URL: (proxy as FaultProxy).url('documents-secrets-echoed') } });
    const listing = await main.call<{ documents: Array<{ id: string }> }>('listDocuments', { connection_id: PROFILE_CONNECTION_ID, slugs: [], anonymous: false });
    const detail = await main.call<{ data_json: string }>('getDocument', { connection_id: PROFILE_CONNECTION_ID, id: listing.documents[0]?.id });
    expect(detail.data_json).toContain('********');
    expect(JSON.stringify([listing, detail])).not.toContain(DOCUMENT_SECRET);
    scenariosTried.add('window: documents-secrets-echoed');
  } finally {
    await launched.registry.close();
  }
});

it('a server that quotes a copied document back in its error gets its secret redacted from the message', async () => {
  const copy = await run('documents-secrets-echoed', 'copy');
  expectFailure(copy, /POST \/block_documents\/ answered 422: Invalid block document: \{"name":"hook","data":\{"url":"\[secret\]"\}/);
});

it('documents of the wrong shape are refused naming the route and the field, never quoting the value', async () => {
  const runs = await runAll('documents-wrong-shape', ['documents', 'show']);
  expectFailure(runs.documents, /POST \/block_documents\/filter: \[0\]\.data: expected an object, got a string\./);
  expectFailure(runs.show, /POST \/block_documents\/filter: \[0\]\.data: expected an object, got a string\./);
});

it('document pages without end are stopped at a bound', async () => {
  const list = await run('documents-endless', 'documents');
  expectFailure(
    list,
    /POST \/block_documents\/filter: the server at \S+ listed more than 50000 rows and its list goes on; stopped \(no Prefect server holds that many block types, schemas or documents\)/,
  );
});
