// An HTTP proxy in front of a real Prefect server that misbehaves on purpose, per scenario: the
// scenario is chosen by the URL's first segment (`http://127.0.0.1:PORT/SCENARIO/RUN/api`), so
// that commands running at once can each meet their own, and RUN numbers one command's requests
// (a scenario that fails only the first requests of a run). A scenario answers a request itself,
// or forwards it to the server (a body of its own, if it likes) and rewrites what comes back.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeHttpServer, listenOnLoopback } from './loopback';

export interface ProxiedRequest {
  method: string;
  /** The route under the API, with its query: `/block_types/filter`, `/csrf-token?client=…`. */
  route: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** 1 for the run's first request, 2 for its second… */
  number: number;
}

export interface UpstreamAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

/** Answers `request` on `response`; `forward` asks the real server (with another body, or another route and query, if given). */
export type Scenario = (request: ProxiedRequest, response: ServerResponse, forward: (body?: Buffer, route?: string) => Promise<UpstreamAnswer>) => Promise<void>;

export interface FaultProxy {
  /** The API URL of a new run of `scenario`. */
  url: (scenario: string) => string;
  close: () => Promise<void>;
}

export async function startFaultProxy(upstreamApi: string, scenarios: Readonly<Record<string, Scenario>>): Promise<FaultProxy> {
  const counts = new Map<string, number>();
  let runs = 0;
  const server: Server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(599, { 'content-type': 'text/plain' });
      response.end(`fault proxy: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const match = /^\/([^/]+)\/([^/]+)\/api(\/.*)$/.exec(request.url ?? '');
    const scenario = match === null ? undefined : scenarios[match[1] as string];
    if (match === null || scenario === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`fault proxy: no scenario in ${request.url ?? ''}`);
      return;
    }
    const run = `${match[1]}/${match[2]}`;
    const number = (counts.get(run) ?? 0) + 1;
    counts.set(run, number);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const proxied: ProxiedRequest = { method: request.method ?? 'GET', route: match[3] as string, headers: request.headers, body: Buffer.concat(chunks), number };
    const forward = async (body: Buffer = proxied.body, route: string = proxied.route): Promise<UpstreamAnswer> => {
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'accept', 'x-prefect-api-version', 'authorization', 'prefect-csrf-token', 'prefect-csrf-client']) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const answer = await fetch(`${upstreamApi}${route}`, { method: proxied.method, headers, body: proxied.method === 'GET' || proxied.method === 'HEAD' ? undefined : new Uint8Array(body) });
      return { status: answer.status, contentType: answer.headers.get('content-type') ?? '', body: Buffer.from(await answer.arrayBuffer()) };
    };
    await scenario(proxied, response, forward);
  }
  const port = await listenOnLoopback(server);
  return {
    url: (scenario) => {
      runs += 1;
      return `http://127.0.0.1:${port}/${scenario}/${runs}/api`;
    },
    close: () => closeHttpServer(server),
  };
}

/** Passes the server's answer on unchanged. */
export function relay(response: ServerResponse, answer: UpstreamAnswer): void {
  response.writeHead(answer.status, answer.contentType === '' ? {} : { 'content-type': answer.contentType });
  response.end(answer.body);
}

/** Answers with `body` (JSON text, or a value written as JSON) and `status`. */
export function answerJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text);
}

/**
 * A 200 JSON answer whose body does not end: `chunk` again and again, as fast as the client reads
 * (or every `everyMs`), until the client goes away. With `declaredLength`, a Content-Length is
 * sent and the body ends there.
 */
export function answerForever(response: ServerResponse, chunk: Buffer, options: { everyMs?: number; declaredLength?: number } = {}): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.declaredLength !== undefined) headers['content-length'] = String(options.declaredLength);
  response.writeHead(200, headers);
  let left = options.declaredLength ?? Number.POSITIVE_INFINITY;
  /** Writes the next chunk (cut to what is left of a declared length); false when the socket wants a pause or the body is done. */
  const writeNext = (): boolean => {
    if (response.destroyed || left <= 0) return false;
    const part = left < chunk.length ? chunk.subarray(0, left) : chunk;
    left -= part.length;
    const more = response.write(part);
    if (left <= 0) response.end();
    return more && left > 0;
  };
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    response.once('close', () => {
      clearInterval(timer);
      resolve();
    });
    if (options.everyMs !== undefined) {
      timer = setInterval(writeNext, options.everyMs);
      writeNext();
      return;
    }
    const pump = (): void => {
      while (writeNext());
      if (!response.destroyed && left > 0) response.once('drain', pump);
    };
    pump();
  });
}

/**
 * Refuses the creation of the schema whose fields' title is `title` with a 422 (as a server
 * refuses a body it cannot take), telling `onRefused`; relays everything else.
 */
export function refusingSchema(title: string, onRefused: () => void = () => undefined): Scenario {
  return async (request, response, forward) => {
    if (request.method === 'POST' && request.route.startsWith('/block_schemas/') && !request.route.startsWith('/block_schemas/filter')) {
      const body = JSON.parse(request.body.toString('utf8')) as { fields?: { title?: string } };
      if (body.fields?.title === title) {
        onRefused();
        answerJson(response, 422, { detail: `${title} is refused by this test` });
        return;
      }
    }
    relay(response, await forward());
  };
}
