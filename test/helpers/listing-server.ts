// A stand-in for a Prefect server's block listings, for pulls and diffs at sizes a real server
// takes hours to fill: `POST /block_types/filter` and `POST /block_schemas/filter` page N
// generated types (test/helpers/generated-catalogue.ts) and their schemas as Prefect's rows are
// shaped (ids, timestamps, each schema with its type), every row made when its page is asked for,
// so that the server itself holds no listing. Every other route is a 404 (CSRF protection off).
// It reads back what a client sent (no definitions rebuilt): no restore is needed.
import { createServer, type IncomingMessage } from 'node:http';
import { stringifyJson, type JsonValue } from '../../src/shared/json';
import { generatedBlockType } from './generated-catalogue';
import { closeHttpServer, listenOnLoopback } from './loopback';

export interface ListingServer {
  /** Its "Prefect API" URL. */
  api: string;
  /** Bytes of the listing bodies it has sent. */
  bytesSent: () => number;
  close: () => Promise<void>;
}

const CREATED = '2026-12-07T00:00:00.000000Z';
const typeId = (index: number): string => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
const schemaId = (index: number): string => `11111111-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;

function typeRow(index: number): Record<string, unknown> {
  const { block_schema: _, ...type } = generatedBlockType(index);
  return { id: typeId(index), created: CREATED, updated: CREATED, ...type, is_protected: false };
}

function schemaRow(index: number): Record<string, unknown> {
  const { checksum, fields, capabilities, version } = generatedBlockType(index).block_schema;
  return { id: schemaId(index), created: CREATED, updated: CREATED, checksum, fields, block_type_id: typeId(index), block_type: typeRow(index), capabilities, version };
}

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

/** The indexes a filter keeps: every type, or those with the slugs (types) or type ids (schemas) it names. */
function wantedIndexes(types: number, filter: Record<string, unknown>, route: 'types' | 'schemas'): number[] {
  const all = Array.from({ length: types }, (_, index) => index);
  const section = (route === 'types' ? filter.block_types : filter.block_schemas) as Record<string, { any_?: string[] }> | undefined;
  const named = route === 'types' ? section?.slug?.any_ : section?.block_type_id?.any_;
  if (named === undefined) return route === 'types' ? all : all.reverse();
  const wanted = new Set(named);
  const kept = all.filter((index) => wanted.has(route === 'types' ? `generated-block-${index}` : typeId(index)));
  return route === 'types' ? kept : kept.reverse();
}

/** Serves `types` generated types (and one schema each, newest first, as Prefect lists them). */
export async function startListingServer(types: number): Promise<ListingServer> {
  let sent = 0;
  const server = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      const route = request.url === '/api/block_types/filter' ? 'types' : request.url === '/api/block_schemas/filter' ? 'schemas' : null;
      if (request.method !== 'POST' || route === null) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
        return;
      }
      const offset = Number(body.offset ?? 0);
      const limit = Number(body.limit ?? 200);
      const page = wantedIndexes(types, body, route)
        .slice(offset, offset + limit)
        .map((index) => (route === 'types' ? typeRow(index) : schemaRow(index)));
      // The schemas' numbers are parsed losslessly: written back as the numbers they are.
      const text = stringifyJson(page as unknown as JsonValue);
      sent += Buffer.byteLength(text);
      response.writeHead(200, { 'content-type': 'application/json' }).end(text);
    });
  });
  const port = await listenOnLoopback(server);
  return { api: `http://127.0.0.1:${port}/api`, bytesSent: () => sent, close: () => closeHttpServer(server) };
}
