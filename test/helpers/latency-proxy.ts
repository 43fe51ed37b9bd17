// A TCP proxy that puts a distance between a client and a real server: every chunk, each way,
// arrives `oneWayMs` later than it was sent (in order), as over a network with a round trip of
// twice that; a new connection pays one round trip more (the TCP handshake). For the team-scale
// figures (a Prefect server far away) and the tests that need a server not on loopback's doorstep.
import { createConnection, createServer, type Socket } from 'node:net';
import { listenOnLoopback } from './loopback';

export interface LatencyProxy {
  /** `apiUrl` with its host and port replaced by the proxy's. */
  api: string;
  /** Bytes the server has sent through the proxy (answers with their headers): what a pull reads. */
  bytesFromServer: () => number;
  close: () => Promise<void>;
}

/** Writes `chunk` to `to` after the delay; ends `to` after the delay too, so that nothing overtakes it. */
function delayed(from: Socket, to: Socket, delayMs: number, count: (bytes: number) => void = () => undefined): void {
  from.on('data', (chunk: Buffer) => {
    count(chunk.byteLength);
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, delayMs);
  });
  from.on('end', () => setTimeout(() => to.end(), delayMs));
}

export async function startLatencyProxy(apiUrl: string, oneWayMs = 25): Promise<LatencyProxy> {
  const target = new URL(apiUrl);
  const sockets = new Set<Socket>();
  let fromServer = 0;
  const proxy = createServer((client) => {
    client.pause();
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    // The handshake: SYN out, SYN-ACK back.
    setTimeout(() => {
      const upstream = createConnection(Number(target.port), target.hostname, () => client.resume());
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.setNoDelay(true);
      client.setNoDelay(true);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => setTimeout(() => upstream.destroy(), oneWayMs));
      upstream.on('close', () => setTimeout(() => client.destroy(), oneWayMs));
      delayed(client, upstream, oneWayMs);
      delayed(upstream, client, oneWayMs, (bytes) => (fromServer += bytes));
    }, 2 * oneWayMs);
  });
  const api = new URL(apiUrl);
  api.host = `127.0.0.1:${await listenOnLoopback(proxy)}`;
  return {
    api: api.toString().replace(/\/$/, ''),
    bytesFromServer: () => fromServer,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      }),
  };
}
