// An HTTP server that holds every request it gets until the test lets it answer: a push or pull
// against it stays in flight for as long as the test needs, with no timer. It is no Prefect: it
// only ever answers the held requests with one status (401 by default, which ends a transfer at
// once, as a server refusing the credentials would).
import { createServer, type ServerResponse } from 'node:http';
import { closeHttpServer, listenOnLoopback } from './loopback';

export interface HeldServer {
  /** Its "Prefect API" URL. */
  api: string;
  /** Resolves once a request has arrived (at once if one has). */
  received: () => Promise<void>;
  /** Answers every held request, and every later one, with `status`. */
  release: (status?: number) => void;
  close: () => Promise<void>;
}

export async function startHeldServer(): Promise<HeldServer> {
  const held: ServerResponse[] = [];
  let answer: number | null = null;
  let arrived: () => void = () => undefined;
  const firstRequest = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const respond = (response: ServerResponse, status: number): void => {
    response.writeHead(status, { 'content-type': 'application/json', connection: 'close' }).end('{"detail": "held, then refused"}');
  };
  const server = createServer((request, response) => {
    request.resume();
    arrived();
    if (answer === null) held.push(response);
    else respond(response, answer);
  });
  const port = await listenOnLoopback(server);
  return {
    api: `http://127.0.0.1:${port}/api`,
    received: () => firstRequest,
    release(status = 401) {
      answer = status;
      for (const response of held.splice(0)) respond(response, status);
    },
    close: () => {
      for (const response of held.splice(0)) response.destroy();
      return closeHttpServer(server);
    },
  };
}
