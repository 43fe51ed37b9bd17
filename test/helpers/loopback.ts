// A test's own server on a free loopback port, and its closing: the listening and closing every
// stand-in server and proxy of the tests does.
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Server } from 'node:net';

/** Listens on a port the system picks on 127.0.0.1, and returns it. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('a loopback server without an address');
  return address.port;
}

/** Closes an HTTP server at once: its kept-alive connections are ended, not waited for. */
export function closeHttpServer(server: HttpServer | HttpsServer): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
